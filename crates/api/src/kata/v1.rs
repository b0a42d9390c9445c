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

/// `status` of a KataConfig, as any release wrote it: the operator's status changed shape
/// twice (`api/v1/kataconfig_types.go` of github.com/openshift/sandboxed-containers-operator at
/// v1.0.0, release-1.1, v1.3.3, v1.4.1, v1.5.0, v1.5.3, v1.7.0 and devel 8bdc907), so every
/// field of every shape is optional here and a reader tells the shapes apart by which are set:
/// - 1.0 to 1.4.x: `runtimeClass` (a string), `totalNodesCount`, `installationStatus`,
///   `unInstallationStatus`, `upgradeStatus`; `kataImage` in 1.0, `prevMcpGeneration` before
///   1.4, `waitingForMcoToStart` from 1.4;
/// - 1.5.0: `runtimeClass` (a list), `kataNodes`, `conditions`, `waitingForMcoToStart`;
/// - 1.5.1 and later: `runtimeClasses` instead of `runtimeClass`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KataConfigStatus {
    /// 1.5.1+: the RuntimeClasses the operator created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_classes: Option<Vec<String>>,
    /// 1.0-1.4.x: a string; 1.5.0: a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_class: Option<serde_json::Value>,
    /// 1.5+: the nodes by state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kata_nodes: Option<KataNodesStatus>,
    /// 1.5+: only the `InProgress` condition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<KataConfigCondition>>,
    /// 1.4+.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_for_mco_to_start: Option<bool>,
    /// 1.0 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kata_image: Option<String>,
    /// 1.0-1.4.x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_nodes_count: Option<i64>,
    /// 1.0-1.4.x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installation_status: Option<LegacyInstallationStatus>,
    /// 1.0-1.4.x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub un_installation_status: Option<LegacyUninstallationStatus>,
    /// 1.0-1.4.x, always empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade_status: Option<serde_json::Value>,
    /// 1.0-1.3.x.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev_mcp_generation: Option<i64>,
}

/// `status.kataNodes` (1.5+).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KataNodesStatus {
    /// Nodes selected.
    #[serde(default)]
    pub node_count: i64,
    /// Nodes with kata installed.
    #[serde(default)]
    pub ready_node_count: i64,
    /// Nodes with kata installed, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installed: Vec<String>,
    /// Nodes being installed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub installing: Vec<String>,
    /// Nodes waiting for their turn.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting_to_install: Vec<String>,
    /// Nodes the install failed on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_to_install: Vec<String>,
    /// Nodes being uninstalled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uninstalling: Vec<String>,
    /// Nodes waiting to be uninstalled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waiting_to_uninstall: Vec<String>,
    /// Nodes the uninstall failed on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_to_uninstall: Vec<String>,
}

/// One entry of `status.conditions` (1.5+).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KataConfigCondition {
    /// Always `InProgress`.
    #[serde(rename = "type")]
    pub type_: String,
    /// `True`, `False` or `Unknown`.
    pub status: String,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<String>,
    /// `Installing`, `Uninstalling`, `Updating`, `Failed`, `BlockedByExistingKataPods`, the
    /// pod VM image reasons, or empty.
    #[serde(default)]
    pub reason: String,
    /// For people; match on `reason`.
    #[serde(default)]
    pub message: String,
}

/// `status.installationStatus` (1.0-1.4.x).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LegacyInstallationStatus {
    /// `True` while installing (upstream json tag `IsInProgress,omit`, always written).
    #[serde(rename = "IsInProgress", default, skip_serializing_if = "Option::is_none")]
    pub is_in_progress: Option<String>,
    /// Nodes in progress (json key `inprogress`, lower case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inprogress: Option<serde_json::Value>,
    /// Nodes done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<LegacyCompleted>,
    /// Nodes failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<LegacyFailed>,
}

/// `status.unInstallationStatus` (1.0-1.4.x).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyUninstallationStatus {
    /// Nodes in progress (json key `inProgress`, with its `status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_progress: Option<serde_json::Value>,
    /// Nodes done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<LegacyCompleted>,
    /// Nodes failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<LegacyFailed>,
    /// Why the uninstall stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

/// Completed nodes of the legacy status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyCompleted {
    /// How many.
    #[serde(default)]
    pub completed_nodes_count: i64,
    /// Which.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completed_nodes_list: Vec<String>,
}

/// Failed nodes of the legacy status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LegacyFailed {
    /// How many.
    #[serde(default)]
    pub failed_nodes_count: i64,
    /// Why.
    #[serde(default, rename = "failedNodesReason", skip_serializing_if = "Option::is_none")]
    pub failed_nodes_reason: Option<String>,
    /// Which, with their errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_nodes_list: Vec<LegacyFailedNode>,
}

/// A failed node of the legacy status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LegacyFailedNode {
    /// The node.
    pub name: String,
    /// Its error.
    #[serde(default)]
    pub error: String,
}
