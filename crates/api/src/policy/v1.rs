//! `policy.open-cluster-management.io/v1`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::v1beta1::OperatorPolicy;

k8s_object!(
    /// A governance Policy on the hub: its templates are created on every managed cluster
    /// a PlacementBinding places it on.
    Policy, PolicySpec,
    group: "policy.open-cluster-management.io", version: "v1", kind: "Policy",
    plural: "policies", scope: k8s_openapi::NamespaceResourceScope
);

k8s_object!(
    /// Objects a managed cluster must (or must not) have, checked and, with `enforce`, made so
    /// by the config-policy-controller.
    ConfigurationPolicy, ConfigurationPolicySpec,
    group: "policy.open-cluster-management.io", version: "v1", kind: "ConfigurationPolicy",
    plural: "configurationpolicies", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of a [`Policy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicySpec {
    /// Whether the policy is switched off. The CRD requires the field, so it is always written.
    pub disabled: bool,
    /// Whether the Policy's labels and annotations are copied to the replicated policies;
    /// the CRD recommends `false` when Argo CD deploys the Policy (its tracking metadata
    /// should stay on the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_policy_metadata: Option<bool>,
    /// Overrides the remediation action of every template when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation_action: Option<RemediationAction>,
    /// Objects whose compliance gates the whole policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<PolicyDependency>,
    /// The policy engine objects delivered to the managed clusters.
    #[serde(default, rename = "policy-templates")]
    pub policy_templates: Vec<PolicyTemplate>,
}

/// One entry of [`PolicySpec::policy_templates`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyTemplate {
    /// The policy engine object.
    pub object_definition: TemplateObject,
    /// Objects whose compliance gates this template: until they are in the state given, it is
    /// not created (and an existing one is deleted) and reports `Pending`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_dependencies: Vec<PolicyDependency>,
    /// Whether a `Pending` template is left out of the policy's overall status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore_pending: Option<bool>,
}

/// The kinds a [`PolicyTemplate`] carries here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum TemplateObject {
    /// A ConfigurationPolicy.
    ConfigurationPolicy(ConfigurationPolicy),
    /// An OperatorPolicy.
    OperatorPolicy(OperatorPolicy),
}

/// An object whose compliance something depends on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PolicyDependency {
    /// Its `apiVersion`.
    pub api_version: String,
    /// Its `kind`.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its namespace. For policy kinds the cluster namespace is used, and the CRD forbids a
    /// namespace on ConfigurationPolicy and CertificatePolicy dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The state it must be in.
    pub compliance: ComplianceState,
}

/// A compliance state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum ComplianceState {
    /// The object matches.
    #[default]
    Compliant,
    /// Waiting on dependencies.
    Pending,
    /// The object does not match.
    NonCompliant,
}

/// What a policy does about a violation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RemediationAction {
    /// Report it only.
    #[default]
    Inform,
    /// Fix it: create or update the objects.
    Enforce,
}

/// How bad a violation is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PolicySeverity {
    /// Low.
    #[default]
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

/// How an object template is compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ComplianceType {
    /// The object must exist with at least these fields.
    #[default]
    MustHave,
    /// The object must exist with exactly these fields.
    MustOnlyHave,
    /// The object must not exist.
    MustNotHave,
}

/// What the controller deletes when a ConfigurationPolicy is deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum PruneObjectBehavior {
    /// Every object the policy manages.
    DeleteAll,
    /// The objects the policy created.
    DeleteIfCreated,
    /// Nothing.
    #[default]
    None,
}

/// `spec` of a [`ConfigurationPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConfigurationPolicySpec {
    /// `inform` or `enforce` (required by the CRD).
    pub remediation_action: RemediationAction,
    /// How bad a violation is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<PolicySeverity>,
    /// What is deleted with the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prune_object_behavior: Option<PruneObjectBehavior>,
    /// The objects and how each is compared.
    #[serde(default, rename = "object-templates", skip_serializing_if = "Vec::is_empty")]
    pub object_templates: Vec<ObjectTemplate>,
}

/// One object of a [`ConfigurationPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ObjectTemplate {
    /// `musthave`, `mustonlyhave` or `mustnothave`.
    pub compliance_type: ComplianceType,
    /// The object, any kind.
    pub object_definition: serde_json::Value,
}

/// Attaches policies (or policy sets) to a Placement. The kind has no `spec`: its fields are
/// at the top level, beside `metadata`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlacementBinding {
    /// Standard object metadata.
    pub metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
    /// The Placement.
    pub placement_ref: PlacementRef,
    /// What is placed.
    pub subjects: Vec<Subject>,
}

k8s_resource!(
    PlacementBinding, group: "policy.open-cluster-management.io", version: "v1", kind: "PlacementBinding",
    plural: "placementbindings", scope: k8s_openapi::NamespaceResourceScope
);

/// The placement a [`PlacementBinding`] refers to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlacementRef {
    /// `cluster.open-cluster-management.io` for a Placement.
    pub api_group: String,
    /// `Placement` (or the deprecated `PlacementRule`).
    pub kind: String,
    /// Its name, in the binding's namespace.
    pub name: String,
}

/// A policy (or policy set) a [`PlacementBinding`] places.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    /// `policy.open-cluster-management.io`.
    pub api_group: String,
    /// `Policy` or `PolicySet`.
    pub kind: String,
    /// Its name, in the binding's namespace.
    pub name: String,
}

impl Serialize for PlacementBinding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use k8s_openapi::Resource as _;
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct(Self::KIND, 5)?;
        s.serialize_field("apiVersion", Self::API_VERSION)?;
        s.serialize_field("kind", Self::KIND)?;
        s.serialize_field("metadata", &self.metadata)?;
        s.serialize_field("placementRef", &self.placement_ref)?;
        s.serialize_field("subjects", &self.subjects)?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for PlacementBinding {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use k8s_openapi::Resource as _;
        // `status` is written by the hub; read and dropped, as for every kind here.
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            api_version: String,
            kind: String,
            #[serde(default)]
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            placement_ref: PlacementRef,
            subjects: Vec<Subject>,
            #[serde(default, rename = "status")]
            _status: Option<serde::de::IgnoredAny>,
        }
        let wire = Wire::deserialize(deserializer)?;
        if wire.api_version != Self::API_VERSION || wire.kind != Self::KIND {
            return Err(serde::de::Error::custom(format!(
                "expected apiVersion {} and kind {}, found {} {}",
                Self::API_VERSION,
                Self::KIND,
                wire.api_version,
                wire.kind
            )));
        }
        Ok(Self { metadata: wire.metadata, placement_ref: wire.placement_ref, subjects: wire.subjects })
    }
}

impl JsonSchema for PlacementBinding {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PlacementBinding".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        #[derive(JsonSchema)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code)]
        struct Wire {
            #[schemars(extend("const" = "policy.open-cluster-management.io/v1"))]
            api_version: String,
            #[schemars(extend("const" = "PlacementBinding"))]
            kind: String,
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
            placement_ref: PlacementRef,
            subjects: Vec<Subject>,
        }
        Wire::json_schema(generator)
    }
}
