//! `operators.coreos.com/v1alpha1`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{EnvVar, ResourceRequirements, Toleration};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// A Subscription: keeps one operator package installed from one catalog channel.
    Subscription, SubscriptionSpec,
    group: "operators.coreos.com", version: "v1alpha1", kind: "Subscription",
    plural: "subscriptions", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of a [`Subscription`]. Rust field names follow the wire names
/// (`name`, `source`), not the Go ones (`Package`, `CatalogSource`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionSpec {
    /// Catalog channel to follow, e.g. `preview-1.1` or `stable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// `Automatic` or `Manual` approval of install plans.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_plan_approval: Option<InstallPlanApproval>,
    /// The package name in the catalog.
    pub name: String,
    /// The CatalogSource to install from.
    pub source: String,
    /// Namespace of that CatalogSource.
    pub source_namespace: String,
    /// The CSV to install first; OLM then follows the channel's upgrade graph.
    #[serde(default, rename = "startingCSV", skip_serializing_if = "Option::is_none")]
    pub starting_csv: Option<String>,
    /// Overrides for the operator's Deployment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<SubscriptionConfig>,
}

/// How OLM approves the install plans of a [`Subscription`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum InstallPlanApproval {
    /// Install and upgrade without asking.
    #[default]
    Automatic,
    /// Wait for a person to approve each install plan.
    Manual,
}

/// `spec.config` of a [`Subscription`]: settings injected into the operator's pods.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionConfig {
    /// Extra environment variables (OSC 1.4+ reads `SANDBOXED_CONTAINERS_EXTENSION`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    /// Node selector for the operator's pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<BTreeMap<String, String>>,
    /// Tolerations for the operator's pods.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    /// Resource requests and limits for the operator's pods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<ResourceRequirements>,
}
