//! The CRI-O runtime-handler drop-in: one `[crio.runtime.runtimes.<handler>]` table.
//!
//! Keys and defaults follow CRI-O's `RuntimeHandler`. The RuntimeClass `handler` of a pod
//! must equal the table name.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One runtime handler. Field names are the TOML keys.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuntimeHandler {
    /// Absolute path of the runtime binary (for `vm`: the containerd shim v2).
    pub runtime_path: String,
    /// `oci`, `vm` or `pod`.
    pub runtime_type: String,
    /// Directory where the runtime keeps container state.
    pub runtime_root: String,
    /// Privileged pods on this handler get no host devices.
    pub privileged_without_host_devices: bool,
    /// The runtime's own config file; only with `runtime_type = "vm"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_config_path: Option<String>,
    /// Experimental annotations this handler honours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_annotations: Vec<String>,
}

impl RuntimeHandler {
    /// The `kata` handler exactly as the kata-containers RPM ships it in
    /// `/etc/crio/crio.conf.d/50-kata` (what the guide reads off a node).
    pub fn kata_rpm() -> Self {
        Self {
            runtime_path: "/usr/bin/containerd-shim-kata-v2".to_owned(),
            runtime_type: "vm".to_owned(),
            runtime_root: "/run/vc".to_owned(),
            privileged_without_host_devices: true,
            runtime_config_path: None,
            allowed_annotations: Vec::new(),
        }
    }
}

/// The drop-in file: `crio.runtime.runtimes.<handler>`, as parsed back from TOML.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropIn {
    /// The `[crio]` table.
    pub crio: DropInCrio,
}

/// `[crio]` of a [`DropIn`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropInCrio {
    /// `[crio.runtime]`.
    pub runtime: DropInRuntime,
}

/// `[crio.runtime]` of a [`DropIn`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DropInRuntime {
    /// Handlers by name.
    pub runtimes: std::collections::BTreeMap<String, RuntimeHandler>,
}
