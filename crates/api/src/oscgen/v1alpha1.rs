//! `oscgen.dev/v1alpha1`: the generator configs (one cluster's operator and runtime, and the
//! RHACM policy that installs both across a fleet), and the `Check` validator config.
//!
//! Their `spec`s are what the renderer (and the checker) take. Every field is optional where
//! the library has a default; unknown fields are refused so a typo never silently does nothing.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::olm::v1alpha1::InstallPlanApproval;
use crate::policy::v1::RemediationAction;

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
    /// Generates, for the RHACM hub, a Policy that installs the operator (an OperatorPolicy)
    /// and then its KataConfig on every managed cluster a Placement selects.
    SandboxedContainersPolicy, PolicySpec,
    group: "oscgen.dev", version: "v1alpha1", kind: "SandboxedContainersPolicy",
    plural: "sandboxedcontainerspolicies", scope: k8s_openapi::ClusterResourceScope
);

k8s_object!(
    /// Generates the Trustee side of confidential containers for one cluster: the Trustee
    /// operator's Namespace, OperatorGroup and Subscription (paired with an OSC release), its
    /// config in the format of that Trustee version, the KBS Route and certificate, and the
    /// typed initdata pods attest with.
    ConfidentialContainers, ConfidentialContainersSpec,
    group: "oscgen.dev", version: "v1alpha1", kind: "ConfidentialContainers",
    plural: "confidentialcontainers", scope: k8s_openapi::ClusterResourceScope
);

k8s_object!(
    /// Makes the KRM function a validator: the items come back unchanged, and every problem
    /// `oscgen check` finds in them is a result.
    Check, CheckSpec,
    group: "oscgen.dev", version: "v1alpha1", kind: "Check",
    plural: "checks", scope: k8s_openapi::ClusterResourceScope
);

/// `spec` of a [`Check`]. Any other field is refused, so a misspelt option never silently
/// does nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckSpec {
    /// OpenShift version of the cluster the objects are for, `4.<minor>` (quoted: `"4.20"`).
    /// The operator's Subscription is then checked against that version's catalog (channels
    /// and releases it serves, its deprecations), and the KataConfig against the release it
    /// subscribes to there. `oscgen check --openshift` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openshift_version: Option<String>,
    /// A file-based catalog (the output of `opm render <index image>`, JSON stream or YAML),
    /// relative to this config's file: the operator's Subscription is judged against it
    /// instead of oscgen's copies of Red Hat's catalogs (a mirrored, custom or newer index).
    /// `oscgen check --catalog` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
}

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
    /// The GitOps engine that applies the objects, so they carry its ordering and safety
    /// annotations (Argo CD sync waves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gitops: Option<GitOps>,
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
    /// Peer pods (release 1.4+): the pod's VM runs in the cloud. Sets KataConfig
    /// `enablePeerPods: true` and generates the ConfigMap `peer-pods-cm`; the credentials stay
    /// out of the config: `peerPods.credentials` only says where they come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peer_pods: Option<PeerPodsSpec>,
    /// The operator's feature gates: generates the ConfigMap `osc-feature-gates`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature_gates: Option<FeatureGates>,
    /// The GitOps engine that applies the objects: with Argo CD the KataConfig waits for the
    /// operator (sync waves) and is never pruned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gitops: Option<GitOps>,
}

/// Which GitOps engine applies the generated objects.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GitOps {
    /// The engine.
    pub engine: GitOpsEngine,
}

/// A GitOps engine oscgen annotates for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GitOpsEngine {
    /// Argo CD (OpenShift GitOps): sync waves and sync options.
    #[default]
    #[serde(rename = "argocd")]
    ArgoCd,
}

/// `spec` of a [`SandboxedContainersPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PolicySpec {
    /// The operator subscription, as for SandboxedContainersOperator; `gitops` does not apply
    /// here (the policy framework applies these objects, not the GitOps engine).
    #[serde(default)]
    pub operator: OperatorSpec,
    /// The KataConfig, as for KataRuntime, without node objects (the operator creates them).
    #[serde(default)]
    pub runtime: RuntimeSpec,
    /// Which managed clusters get the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<PlacementSpec>,
    /// `inform` (report clusters without the operator or KataConfig) or `enforce` (install).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation_action: Option<RemediationAction>,
    /// The hub namespace the Policy, Placement and bindings live in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_namespace: Option<String>,
    /// RHACM version of the hub and managed clusters, `2.<minor>` (quoted: `"2.11"`); default
    /// the newest oscgen knows. Before 2.11 (no generally available OperatorPolicy) the
    /// operator is installed through a ConfigurationPolicy instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acm_version: Option<String>,
    /// The GitOps engine that applies the hub objects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gitops: Option<GitOps>,
}

/// Which managed clusters a [`SandboxedContainersPolicy`] is placed on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PlacementSpec {
    /// A label selector on ManagedCluster labels, e.g. `matchLabels: {vendor: OpenShift}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_selector: Option<PoolSelector>,
    /// ManagedClusterSets to select from; each is bound to the policy namespace. Default
    /// `[global]`, the set of every managed cluster.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cluster_sets: Vec<String>,
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

/// Peer pods: the ConfigMap `peer-pods-cm` the operator and its cloud-api-adaptor read, and
/// where the cloud credentials come from. Each field names the `peer-pods-cm` key it becomes.
///
/// There is no field for a credential: the Secret `peer-pods-secret` (and `ssh-key-secret`)
/// is created out of band, by an external-secrets tool, or by the operator through the Cloud
/// Credential Operator, never from Git through oscgen.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeerPodsSpec {
    /// `CLOUD_PROVIDER`: `aws`, `azure`, `gcp` (release 1.9+) or `libvirt` (IBM Z and
    /// LinuxONE). Exactly the block of that name is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<CloudProvider>,
    /// Settings for `provider: aws`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws: Option<AwsSpec>,
    /// Settings for `provider: azure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<AzureSpec>,
    /// Settings for `provider: gcp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gcp: Option<GcpSpec>,
    /// Settings for `provider: libvirt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub libvirt: Option<LibvirtSpec>,
    /// Where the Secret `peer-pods-secret` comes from: `{secretName: peer-pods-secret}` when you
    /// create it yourself (out of band, or with an external-secrets tool), or
    /// `cloudCredentialOperator` for the operator to create it from a CredentialsRequest
    /// (release 1.6+; aws, azure, gcp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<Credentials>,
    /// The optional Secret `ssh-key-secret` (keys `id_rsa.pub`, optionally `id_rsa`) the
    /// cloud-api-adaptor puts on the pod VMs, created out of band like the credentials:
    /// `{secretName: ssh-key-secret}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssh_key: Option<SecretRef>,
    /// `VXLAN_PORT`: the tunnel port between the worker and the pod VMs (1-65535).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 65535))]
    pub vxlan_port: Option<i64>,
    /// `PROXY_TIMEOUT`: how long the cloud-api-adaptor waits for a pod VM, as a Go duration
    /// (`5m`, `1h30m`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_timeout: Option<String>,
    /// `PEERPODS_LIMIT_PER_NODE` (release 1.9+): at most this many peer pods per node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub limit_per_node: Option<i64>,
    /// `ROOT_VOLUME_SIZE`: the pod VM's root disk in GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub root_volume_size: Option<i64>,
    /// `TAGS`: tags put on every pod VM instance, written `key=value,...`; keys hold no `=`
    /// or `,`, values no `,`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// `DISABLECVM`: `true` for plain VMs, `false` for confidential ones. From release 1.7 the
    /// operator writes it from the `confidential` feature gate; prefer
    /// `featureGates.confidential` there.
    #[serde(default, rename = "disableCVM", skip_serializing_if = "Option::is_none")]
    pub disable_cvm: Option<bool>,
    /// `PODVM_IMAGE_URI` (release 1.10+): a prebuilt pod VM disk image instead of one the
    /// operator builds, e.g. `oci::<registry>/<image>:<tag>`.
    #[serde(default, rename = "podVMImageURI", skip_serializing_if = "Option::is_none")]
    pub pod_vm_image_uri: Option<String>,
}

/// The cloud the pod VMs run in (`CLOUD_PROVIDER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CloudProvider {
    /// Amazon Web Services.
    Aws,
    /// Microsoft Azure.
    Azure,
    /// Google Cloud (release 1.9+).
    Gcp,
    /// libvirt, for IBM Z and LinuxONE (s390x).
    Libvirt,
}

impl CloudProvider {
    /// Every provider.
    pub const ALL: [CloudProvider; 4] =
        [CloudProvider::Aws, CloudProvider::Azure, CloudProvider::Gcp, CloudProvider::Libvirt];

    /// The `CLOUD_PROVIDER` value, which is also the name of its block.
    pub fn as_str(self) -> &'static str {
        match self {
            CloudProvider::Aws => "aws",
            CloudProvider::Azure => "azure",
            CloudProvider::Gcp => "gcp",
            CloudProvider::Libvirt => "libvirt",
        }
    }

    /// The provider a `CLOUD_PROVIDER` value names.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }
}

impl fmt::Display for CloudProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `provider: aws`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AwsSpec {
    /// `AWS_REGION`, e.g. `us-east-2`: the region of the worker nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `AWS_SUBNET_ID`, `subnet-...`: the worker nodes' subnet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// `AWS_VPC_ID`, `vpc-...`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// `AWS_SG_IDS`, each `sg-...`: the security groups of the pod VMs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub security_group_ids: Vec<String>,
    /// `PODVM_INSTANCE_TYPE`: the default EC2 instance type, e.g. `t3.medium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// `PODVM_INSTANCE_TYPES`: the instance types a pod may ask for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_types: Vec<String>,
    /// `PODVM_AMI_ID`, `ami-...`: a pod VM image of your own. Leave it out and the operator
    /// builds one and writes its id there itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ami_id: Option<String>,
}

/// `provider: azure`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AzureSpec {
    /// `AZURE_REGION`, e.g. `eastus`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `AZURE_RESOURCE_GROUP`: the cluster's resource group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_group: Option<String>,
    /// `AZURE_SUBNET_ID`: the worker subnet's resource id
    /// (`/subscriptions/.../providers/Microsoft.Network/virtualNetworks/.../subnets/...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    /// `AZURE_NSG_ID`: the network security group's resource id
    /// (`/subscriptions/.../providers/Microsoft.Network/networkSecurityGroups/...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsg_id: Option<String>,
    /// `AZURE_INSTANCE_SIZE`: the default VM size, e.g. `Standard_D8as_v5`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_size: Option<String>,
    /// `AZURE_INSTANCE_SIZES`: the VM sizes a pod may ask for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance_sizes: Vec<String>,
    /// `AZURE_IMAGE_ID`: a pod VM image of your own (a resource id). Leave it out and the
    /// operator builds one and writes its id there itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
}

/// `provider: gcp` (release 1.9+).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GcpSpec {
    /// `GCP_PROJECT_ID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// `GCP_ZONE`, e.g. `us-central1-a`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// `GCP_NETWORK`: the VPC network (auto-mode networks only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// `GCP_MACHINE_TYPE`: the default machine type, e.g. `e2-medium`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_type: Option<String>,
}

/// `provider: libvirt` (IBM Z and LinuxONE). The libvirt URI is a credential and goes into
/// `peer-pods-secret` (`LIBVIRT_URI`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LibvirtSpec {
    /// `LIBVIRT_POOL`: the storage pool, e.g. `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    /// `LIBVIRT_VOL_NAME`: the volume holding the pod VM image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    /// `LIBVIRT_DIR_NAME`: the pool's directory, e.g. `/var/lib/libvirt/images/default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dir_name: Option<String>,
    /// `LIBVIRT_NET`: the libvirt network, e.g. `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
}

/// Where the cloud credentials (`peer-pods-secret`) come from. Never the credentials
/// themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// `cloudCredentialOperator`: the operator creates `peer-pods-secret` from a
    /// CredentialsRequest the Cloud Credential Operator fulfils.
    CloudCredentialOperator,
    /// `{secretName: ...}`: a Secret you create out of band or with an external-secrets tool.
    Secret(SecretRef),
}

/// The name of a Secret created outside oscgen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecretRef {
    /// The Secret's name in the operator's namespace.
    pub secret_name: String,
}

/// The word that asks for the Cloud Credential Operator.
const CLOUD_CREDENTIAL_OPERATOR: &str = "cloudCredentialOperator";

impl Serialize for Credentials {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Credentials::CloudCredentialOperator => serializer.serialize_str(CLOUD_CREDENTIAL_OPERATOR),
            Credentials::Secret(secret) => secret.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Credentials {
    /// Every message says what is expected and never repeats what was given: a value written
    /// here by mistake may be a credential.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        const EXPECTED: &str = "`cloudCredentialOperator` or {secretName: peer-pods-secret}";
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Credentials;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Credentials, E> {
                if v == CLOUD_CREDENTIAL_OPERATOR {
                    Ok(Credentials::CloudCredentialOperator)
                } else {
                    Err(E::custom(format!("expected {EXPECTED}")))
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Credentials, A::Error> {
                let mut secret_name = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key != "secretName" {
                        return Err(serde::de::Error::unknown_field(&key, &["secretName"]));
                    }
                    if secret_name.is_some() {
                        return Err(serde::de::Error::duplicate_field("secretName"));
                    }
                    secret_name = Some(map.next_value::<String>()?);
                }
                let secret_name = secret_name.ok_or_else(|| serde::de::Error::missing_field("secretName"))?;
                Ok(Credentials::Secret(SecretRef { secret_name }))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Credentials, E> {
                Err(E::custom(format!("expected {EXPECTED}, found a boolean")))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Credentials, E> {
                Err(E::custom(format!("expected {EXPECTED}, found a number")))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Credentials, E> {
                Err(E::custom(format!("expected {EXPECTED}, found a number")))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Credentials, E> {
                Err(E::custom(format!("expected {EXPECTED}, found a number")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Credentials, A::Error> {
                Err(serde::de::Error::custom(format!("expected {EXPECTED}, found a list")))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Credentials, E> {
                Err(E::custom(format!("expected {EXPECTED}, found nothing")))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Credentials, E> {
                self.visit_unit()
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for Credentials {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Credentials".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Where peer-pods-secret comes from, never the credentials: `cloudCredentialOperator`, or {secretName: peer-pods-secret} for a Secret created out of band.",
            "oneOf": [
                { "type": "string", "const": CLOUD_CREDENTIAL_OPERATOR },
                {
                    "type": "object",
                    "properties": { "secretName": { "type": "string" } },
                    "required": ["secretName"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// The operator's feature gates (ConfigMap `osc-feature-gates`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeatureGates {
    /// `confidential` (release 1.7+): confidential containers. With peer pods, confidential
    /// pod VMs; from release 1.11 also on bare metal without peer pods (OpenShift 4.20+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidential: Option<bool>,
    /// `deploymentMode` (release 1.11+): how Kata gets onto the nodes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_mode: Option<DeploymentMode>,
}

/// How the operator installs Kata on the nodes (`deploymentMode` feature gate, release 1.11+).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum DeploymentMode {
    /// Through the Machine Config Operator: a pool, MachineConfigs, node reboots (the default).
    #[default]
    MachineConfig,
    /// Through the operator's DaemonSets, without MachineConfigs (clusters without the Machine
    /// Config Operator, such as hosted control planes).
    DaemonSet,
    /// DaemonSet only where the cluster does not serve MachineConfig, else MachineConfig.
    DaemonSetFallback,
}

impl DeploymentMode {
    /// The gate's value.
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentMode::MachineConfig => "MachineConfig",
            DeploymentMode::DaemonSet => "DaemonSet",
            DeploymentMode::DaemonSetFallback => "DaemonSetFallback",
        }
    }
}

/// `spec` of a [`ConfidentialContainers`]. No field holds a secret: TLS keys come from
/// cert-manager or a Secret made out of band, `secretResources` are Secret names only, and
/// initdata holds only URLs, a public certificate and policy switches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConfidentialContainersSpec {
    /// The OSC release of the cluster (`1.12.1`): picks the paired Trustee version, its config
    /// format and the initdata annotation key. Required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// OpenShift version of the cluster, `4.<minor>` (quoted), checked against the OSC release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openshift_version: Option<String>,
    /// Subscription `installPlanApproval`: `Automatic` (default) or `Manual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_plan_approval: Option<InstallPlanApproval>,
    /// The Key Broker Service.
    #[serde(default)]
    pub kbs: KbsSpec,
    /// Where the pods run: `peerPods` (cloud VMs, RuntimeClass `kata-remote`) or `bareMetal`
    /// (RuntimeClass `kata-cc`, release 1.11+).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment: Option<CocoDeployment>,
    /// The initdata pods attest with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initdata: Option<InitdataSpec>,
}

/// Where confidential pods run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum CocoDeployment {
    /// Peer pods: the pod VM is a confidential cloud VM; initdata goes into `peer-pods-cm`
    /// `INITDATA`.
    #[default]
    PeerPods,
    /// Bare metal (TDX or SEV-SNP nodes); initdata goes into a pod annotation.
    BareMetal,
}

/// The Key Broker Service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KbsSpec {
    /// TrusteeConfig `profileType` (Trustee 1.0+): `Restricted` (default) or `Permissive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<TrusteeProfile>,
    /// Service type of `kbs-service`: `ClusterIP` (default), `NodePort` or `LoadBalancer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_type: Option<KbsServiceType>,
    /// The Route that lets pod VMs outside the cluster network reach the KBS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<KbsRoute>,
    /// HTTPS for the KBS: a cert-manager issuer, or a `kubernetes.io/tls` Secret made out of
    /// band. Without it the KBS speaks plain http.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<KbsTls>,
    /// KbsConfig releases (Trustee before 1.0): the Secret holding the admin's ed25519
    /// **public** key under key `publicKey`; default `kbs-auth-public-key`. Made out of band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_secret_name: Option<String>,
    /// Secrets the KBS serves to attested pods (`kbs:///default/<name>/<key>`), by name only:
    /// each must exist in `trustee-operator-system` (made out of band) or the KBS does not
    /// start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secret_resources: Vec<String>,
}

/// TrusteeConfig `profileType`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum TrusteeProfile {
    /// Attestation must pass before any resource is released.
    #[default]
    Restricted,
    /// Development: releases resources more freely, debug logs.
    Permissive,
}

/// `kbs-service`'s type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum KbsServiceType {
    /// Inside the cluster only (reach it through the Route).
    #[default]
    ClusterIP,
    /// A port on every node.
    NodePort,
    /// A cloud load balancer.
    LoadBalancer,
}

/// The KBS Route.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KbsRoute {
    /// The host name (`kbs-trustee-operator-system.apps.<cluster domain>`); required with a
    /// cert-manager issuer (the certificate's name) and to derive initdata's KBS URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// `passthrough` (default with TLS: the KBS terminates it) or `edge` (the router does; the
    /// KBS then speaks plain http behind it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination: Option<RouteTermination>,
}

/// Route TLS termination.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum RouteTermination {
    /// The KBS terminates TLS.
    Passthrough,
    /// The router terminates TLS.
    Edge,
}

/// Where the KBS's TLS certificate comes from. Give exactly one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KbsTls {
    /// A cert-manager Issuer or ClusterIssuer: oscgen writes a Certificate for the route host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<IssuerSpec>,
    /// A `kubernetes.io/tls` Secret in `trustee-operator-system`, made out of band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_name: Option<String>,
}

/// A cert-manager issuer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IssuerSpec {
    /// Its name.
    pub name: String,
    /// `ClusterIssuer` (default) or `Issuer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<IssuerKind>,
}

/// cert-manager issuer kinds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum IssuerKind {
    /// Cluster-wide.
    #[default]
    ClusterIssuer,
    /// In `trustee-operator-system`.
    Issuer,
}

/// Typed initdata: what pods need to find and trust the KBS, and the agent policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InitdataSpec {
    /// Digest algorithm: `sha384` (default, as the Red Hat docs), `sha256` or `sha512`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// The KBS URL pods use; default `https://<route host>` (`http://` without TLS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_url: Option<String>,
    /// The KBS certificate, **public** PEM (`-----BEGIN CERTIFICATE-----`), for an https KBS
    /// whose certificate no public CA signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_certificate: Option<String>,
    /// The KBS certificate is signed by a public CA the pod VM trusts, so initdata needs no
    /// `kbsCertificate` (without either, an https KBS gets a warning).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public_ca: bool,
    /// CDH `image_security_policy_uri`, e.g. `kbs:///default/security-policy/osc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_security_policy_uri: Option<String>,
    /// Let the host run commands in containers (`oc exec`); default false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_exec: bool,
    /// Let the host read container output (`oc logs`); default false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_logs: bool,
}
