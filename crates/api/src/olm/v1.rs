//! `operators.coreos.com/v1`.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// An OperatorGroup: which namespaces the operators installed beside it watch.
    OperatorGroup, OperatorGroupSpec,
    group: "operators.coreos.com", version: "v1", kind: "OperatorGroup",
    plural: "operatorgroups", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of an [`OperatorGroup`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperatorGroupSpec {
    /// Namespaces the member operators watch. The sandboxed-containers CSV supports only
    /// OwnNamespace/SingleNamespace, so this is exactly the install namespace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_namespaces: Vec<String>,
    /// Selects target namespaces by label instead of by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    /// Service account the member operators run with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    /// Set to indicate the group is for operators that watch no namespace at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub static_provided_apis: Option<bool>,
}
