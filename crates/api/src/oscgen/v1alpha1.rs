//! `oscgen.dev/v1alpha1`: the two generator configs, and the `Check` validator config.
//!
//! Their `spec`s are what the renderer (and the checker) take. Every field is optional where
//! the library has a default; unknown fields are refused so a typo never silently does nothing.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::olm::v1alpha1::InstallPlanApproval;

k8s_object!(
    /// Generates the operator's Namespace, OperatorGroup and Subscription.
    SandboxedContainersOperator, OperatorSpec,
    group: "oscgen.dev", version: "v1alpha1", kind: "SandboxedContainersOperator",
    plural: "sandboxedcontainersoperators", scope: k8s_openapi::ClusterResourceScope
);

k8s_object!(
    /// Generates the KataConfig named after `metadata.name`, and optionally the node objects
    /// the operator creates from it.
    KataRuntime, RuntimeSpec,
    group: "oscgen.dev", version: "v1alpha1", kind: "KataRuntime",
    plural: "kataruntimes", scope: k8s_openapi::ClusterResourceScope
);

k8s_object!(
    /// Makes the KRM function a validator: the items come back unchanged, and every problem
    /// `oscgen check` finds in them is a result.
    Check, CheckSpec,
    group: "oscgen.dev", version: "v1alpha1", kind: "Check",
    plural: "checks", scope: k8s_openapi::ClusterResourceScope
);

/// `spec` of a [`Check`]. It takes no options yet: any field is refused, so a misspelt
/// option never silently does nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckSpec {}

/// What to subscribe to. Give a channel or a release; when both are given they must agree.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperatorSpec {
    /// Catalog channel, e.g. `preview-1.1` or `stable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Operator release, e.g. `1.1.0`; becomes the Subscription's `startingCSV`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// Install namespace; default `openshift-sandboxed-containers-operator`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// CatalogSource; default `redhat-operators`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Namespace of the CatalogSource; default `openshift-marketplace`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_namespace: Option<String>,
    /// `Automatic` (default) or `Manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_plan_approval: Option<InstallPlanApproval>,
    /// OpenShift version of the cluster, `4.<minor>` (quoted: `"4.20"`). The channel and
    /// release are resolved against that version's operator catalog (4.15 and later), or
    /// against the versions each release was documented for (older ones); without it,
    /// `stable` means the newest release oscgen knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openshift_version: Option<String>,
}

/// The KataConfig, and what the operator of its release will put on the nodes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RuntimeSpec {
    /// KataConfig name. In a config file it comes from `metadata.name`; the library defaults
    /// to `cluster-kataconfig`.
    #[serde(skip)]
    #[schemars(skip)]
    pub name: Option<String>,
    /// Operator release, e.g. `1.1.0`; default the head of `stable` in the catalog of
    /// `openshiftVersion` (without one, the newest release oscgen knows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// Catalog channel instead of (or agreeing with) `release`: its head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Nodes to install Kata on (a Kubernetes label selector); absent means the worker pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_selector: Option<PoolSelector>,
    /// KataConfig `checkNodeEligibility` (release 1.2+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_node_eligibility: Option<bool>,
    /// KataConfig `logLevel`, CRI-O's log level on Kata nodes (release 1.3+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// KataConfig `enablePeerPods` (release 1.4+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_peer_pods: Option<bool>,
    /// Also emit the MachineConfigPool, MachineConfig, RuntimeClass (and ContainerRuntimeConfig)
    /// that the operator of this release creates, for review or to apply ahead of it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub render_node_objects: bool,
    /// A runtime handler other than the RPM's `kata`: carried in its own CRI-O drop-in and
    /// RuntimeClass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_handler: Option<HandlerSpec>,
    /// `openshift` (default, RHCOS) or `okd` (FCOS): picks the extension name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<Platform>,
    /// OpenShift version of the cluster, `4.<minor>` (quoted: `"4.20"`), as for
    /// SandboxedContainersOperator: the channel and default release are resolved against that
    /// version's operator catalog (or, before 4.15, the versions each release was documented
    /// for). It also decides whether files may be gzip-compressed (4.10+); without it, the
    /// oldest version the release supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openshift_version: Option<String>,
}

/// The operating system family of the nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// OpenShift on RHCOS: extension `sandboxed-containers`.
    #[default]
    #[serde(rename = "openshift")]
    OpenShift,
    /// OKD on FCOS: extension `kata-containers` (a package name).
    Okd,
}

/// A label selector as the user wrote it. Label values are kept as written so a YAML boolean
/// or number (`kata: true`) can be reported with a fix instead of failing to parse.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PoolSelector {
    /// Labels the nodes must have.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, LabelValue>,
    /// Set-based requirements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<SelectorRequirement>,
}

/// One set-based requirement of a pool selector.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SelectorRequirement {
    /// The label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    pub operator: String,
    /// The values, for `In` and `NotIn`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<LabelValue>>,
}

/// A scalar where Kubernetes wants a string, kept as the YAML parser read it.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelValue {
    /// A string, the only valid kind.
    String(String),
    /// A string written unquoted that YAML 1.1 readers (kubectl, oc) take for a boolean:
    /// `yes`, `no`, `on`, `off`, `y`, `n` in any case go-yaml v2 accepts. YAML 1.2 readers
    /// (serde, kustomize) read the string, so only a reader that knows the scalar's style can
    /// tell it from [`LabelValue::String`]; oscgen's config readers do.
    Yaml11Bool(String),
    /// `true`/`false` unquoted.
    Bool(bool),
    /// An unquoted integer.
    Int(i64),
    /// An unquoted float.
    Float(f64),
    /// `~`, `null` or nothing.
    Null,
}

impl LabelValue {
    /// The string, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            LabelValue::String(s) | LabelValue::Yaml11Bool(s) => Some(s),
            _ => None,
        }
    }

    /// What YAML read it as, for messages: `boolean`, `number`, `null` or `string`.
    pub fn yaml_type(&self) -> &'static str {
        match self {
            LabelValue::String(_) | LabelValue::Yaml11Bool(_) => "string",
            LabelValue::Bool(_) => "boolean",
            LabelValue::Int(_) | LabelValue::Float(_) => "number",
            LabelValue::Null => "null",
        }
    }
}

impl From<&str> for LabelValue {
    fn from(s: &str) -> Self {
        LabelValue::String(s.to_owned())
    }
}

impl fmt::Display for LabelValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelValue::String(s) | LabelValue::Yaml11Bool(s) => f.write_str(s),
            LabelValue::Bool(b) => write!(f, "{b}"),
            LabelValue::Int(i) => write!(f, "{i}"),
            LabelValue::Float(x) => write!(f, "{x}"),
            LabelValue::Null => f.write_str("null"),
        }
    }
}

impl Serialize for LabelValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LabelValue::String(s) | LabelValue::Yaml11Bool(s) => serializer.serialize_str(s),
            LabelValue::Bool(b) => serializer.serialize_bool(*b),
            LabelValue::Int(i) => serializer.serialize_i64(*i),
            LabelValue::Float(x) => serializer.serialize_f64(*x),
            LabelValue::Null => serializer.serialize_unit(),
        }
    }
}

impl<'de> Deserialize<'de> for LabelValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = LabelValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a label value (a string)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LabelValue, E> {
                Ok(LabelValue::String(v.to_owned()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<LabelValue, E> {
                Ok(LabelValue::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<LabelValue, E> {
                Ok(LabelValue::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<LabelValue, E> {
                Ok(i64::try_from(v).map_or(LabelValue::Float(v as f64), LabelValue::Int))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<LabelValue, E> {
                Ok(LabelValue::Float(v))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<LabelValue, E> {
                Ok(LabelValue::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<LabelValue, E> {
                Ok(LabelValue::Null)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for LabelValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LabelValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "maxLength": 63,
            "description": "A label value: a string (quote true, yes, 1 and the like)."
        })
    }
}

/// A CRI-O runtime handler and its RuntimeClass. Unset fields take the values of the
/// kata-containers RPM's `kata` handler.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HandlerSpec {
    /// Handler and RuntimeClass name; default `kata`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Runtime binary; default `/usr/bin/containerd-shim-kata-v2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_path: Option<String>,
    /// `vm` (default), `oci` or `pod`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_type: Option<String>,
    /// Runtime state directory; default `/run/vc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_root: Option<String>,
    /// Default `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged_without_host_devices: Option<bool>,
    /// The Kata configuration file for this handler.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_config_path: Option<String>,
    /// Experimental annotations the handler honours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_annotations: Vec<String>,
    /// The RuntimeClass's pod overhead; default cpu 250m, memory 350Mi.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overhead: Option<Overhead>,
}

/// Pod overhead of a RuntimeClass.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Overhead {
    /// CPU quantity, e.g. `250m`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// Memory quantity, e.g. `350Mi`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
}
