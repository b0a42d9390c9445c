//! `policy.open-cluster-management.io/v1beta1`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::v1::{ComplianceType, PolicySeverity, RemediationAction};

k8s_object!(
    /// An operator installed (or removed) through OLM on a managed cluster, and reported
    /// Compliant only once its ClusterServiceVersion succeeded and its deployments are
    /// available (config-policy-controller `controllers/operatorpolicy_status.go`).
    OperatorPolicy, OperatorPolicySpec,
    group: "policy.open-cluster-management.io", version: "v1beta1", kind: "OperatorPolicy",
    plural: "operatorpolicies", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of an [`OperatorPolicy`]. `upgradeApproval` is required from config-policy-controller
/// v0.14.0 (the release in RHACM 2.11, where OperatorPolicy became GA) on, `remediationAction`
/// from v0.16.0; both are always written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OperatorPolicySpec {
    /// `musthave`: the operator must be installed and healthy.
    pub compliance_type: ComplianceType,
    /// `inform` or `enforce`.
    pub remediation_action: RemediationAction,
    /// How bad a violation is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<PolicySeverity>,
    /// The Subscription the controller creates.
    pub subscription: OperatorPolicySubscription,
    /// The OperatorGroup the controller creates (without it, an AllNamespaces one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator_group: Option<OperatorPolicyOperatorGroup>,
    /// Whether upgrade InstallPlans are approved; the first install is approved either way.
    pub upgrade_approval: UpgradeApproval,
    /// The CSV names that count as compliant (and are approved); empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
}

/// `spec.subscription` of an [`OperatorPolicy`]: the keys of an OLM SubscriptionSpec plus
/// `namespace`. The controller decodes it refusing unknown keys, and from v0.14.0 on refuses
/// `installPlanApproval` (it sets the approval itself), so this type has neither.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperatorPolicySubscription {
    /// The package name; also the Subscription's name.
    pub name: String,
    /// The Subscription's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Catalog channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// CatalogSource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Namespace of the CatalogSource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_namespace: Option<String>,
    /// The CSV to install first.
    #[serde(default, rename = "startingCSV", skip_serializing_if = "Option::is_none")]
    pub starting_csv: Option<String>,
}

/// `spec.operatorGroup` of an [`OperatorPolicy`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OperatorPolicyOperatorGroup {
    /// Its name (required when the object is given).
    pub name: String,
    /// Its namespace; must be the Subscription's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The namespaces the operator watches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_namespaces: Vec<String>,
}

/// Approval of upgrade InstallPlans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum UpgradeApproval {
    /// Upgrades wait for a person (or a change of the policy).
    #[default]
    None,
    /// Upgrades are approved as they come.
    Automatic,
}
