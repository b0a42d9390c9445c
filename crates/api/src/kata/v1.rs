//! `kataconfiguration.openshift.io/v1`.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// A KataConfig: the one object per cluster that makes the operator install Kata on the
    /// selected nodes. Cluster-scoped.
    KataConfig, KataConfigSpec,
    group: "kataconfiguration.openshift.io", version: "v1", kind: "KataConfig",
    plural: "kataconfigs", scope: k8s_openapi::ClusterResourceScope
);

/// `spec` of a [`KataConfig`]. Which fields exist depends on the operator release
/// (see the release catalog in `oscgen-render`); all but the pool selector are optional here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KataConfigSpec {
    /// Nodes to install Kata on; absent means the worker pool. All releases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kata_config_pool_selector: Option<LabelSelector>,
    /// Only install on nodes that Node Feature Discovery marks as able to run Kata. 1.2+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_node_eligibility: Option<bool>,
    /// CRI-O log level on the Kata nodes (values as `crio --log-level`). 1.3+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// Also set up peer pods (Kata VMs outside the node). 1.4+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_peer_pods: Option<bool>,
}
