//! `machineconfiguration.openshift.io/v1`.

use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::ignition;

/// The label that assigns a MachineConfig to the pools whose `machineConfigSelector` picks it.
pub const ROLE_LABEL: &str = "machineconfiguration.openshift.io/role";

k8s_object!(
    /// A MachineConfig: files, extensions and kernel settings for the nodes of a pool.
    /// Cluster-scoped.
    MachineConfig, MachineConfigSpec,
    group: "machineconfiguration.openshift.io", version: "v1", kind: "MachineConfig",
    plural: "machineconfigs", scope: k8s_openapi::ClusterResourceScope
);

impl MachineConfig {
    /// A MachineConfig for the pool `role`. MCO only applies MachineConfigs that carry the
    /// role label its pools select on, so this is the one way to make one.
    pub fn for_role(name: impl Into<String>, role: impl Into<String>, spec: MachineConfigSpec) -> Self {
        Self {
            metadata: ObjectMeta {
                name: Some(name.into()),
                labels: Some([(ROLE_LABEL.to_owned(), role.into())].into()),
                ..Default::default()
            },
            spec,
        }
    }
}

/// `spec` of a [`MachineConfig`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MachineConfigSpec {
    /// The Ignition config, written as a plain object inside the YAML: spec 3.2.0 for
    /// everything oscgen writes, 2.2.0 for the operator's peer-pods drop-in.
    #[serde(default)]
    pub config: ignition::Config,
    /// RHCOS extensions to layer onto the nodes (`sandboxed-containers`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Extra kernel arguments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kernel_arguments: Vec<String>,
    /// Enable FIPS mode (install time only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fips: Option<bool>,
    /// `""`/`default` or `realtime`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kernel_type: Option<String>,
    /// An OS image to boot instead of the release's.
    #[serde(default, rename = "osImageURL", skip_serializing_if = "Option::is_none")]
    pub os_image_url: Option<String>,
}

k8s_object!(
    /// A MachineConfigPool: a set of nodes and the MachineConfigs rendered for them.
    /// Cluster-scoped.
    MachineConfigPool, MachineConfigPoolSpec,
    group: "machineconfiguration.openshift.io", version: "v1", kind: "MachineConfigPool",
    plural: "machineconfigpools", scope: k8s_openapi::ClusterResourceScope
);

/// `spec` of a [`MachineConfigPool`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MachineConfigPoolSpec {
    /// Which MachineConfigs make up this pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_config_selector: Option<LabelSelector>,
    /// Which nodes belong to this pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_selector: Option<LabelSelector>,
    /// Stop rolling out new configs to the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    /// How many nodes may be updating at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

k8s_object!(
    /// A ContainerRuntimeConfig: CRI-O settings that MCO renders into a drop-in for the
    /// selected pools. Cluster-scoped.
    ContainerRuntimeConfig, ContainerRuntimeConfigSpec,
    group: "machineconfiguration.openshift.io", version: "v1", kind: "ContainerRuntimeConfig",
    plural: "containerruntimeconfigs", scope: k8s_openapi::ClusterResourceScope
);

/// `spec` of a [`ContainerRuntimeConfig`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRuntimeConfigSpec {
    /// Pools (by their labels) that get these settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine_config_pool_selector: Option<LabelSelector>,
    /// The CRI-O settings.
    #[serde(default)]
    pub container_runtime_config: ContainerRuntimeConfiguration,
}

/// `spec.containerRuntimeConfig` of a [`ContainerRuntimeConfig`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContainerRuntimeConfiguration {
    /// CRI-O log level (`fatal`, `panic`, `error`, `warn`, `info`, `debug`, `trace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    /// Maximum number of processes per container.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pids_limit: Option<i64>,
    /// Maximum size of a container log file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_size_max: Option<Quantity>,
    /// Maximum size of a container's writable layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlay_size: Option<Quantity>,
    /// `runc` or `crun`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_runtime: Option<String>,
}
