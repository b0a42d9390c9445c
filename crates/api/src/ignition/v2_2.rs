//! Ignition spec 2.2.0: the subset the operator's peer-pods MachineConfig `50-kata-remote`
//! uses (files on the root filesystem).
//!
//! The sandboxed containers operator ships that MachineConfig as a spec 2.2.0 config
//! (`config/peerpods/mc-50-crio-config.yaml` in openshift/sandboxed-containers-operator);
//! MCO still accepts spec 2.2 and translates it to spec 3 before rendering a pool
//! (machine-config-operator `pkg/controller/common/helpers.go`, `ParseAndConvertConfig`).
//! oscgen writes spec 3.2.0 for everything of its own ([`super::v3_2`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The spec version this module describes.
pub const VERSION: &str = "2.2.0";

/// The only filesystem a MachineConfig may name: MCO refuses every other one.
pub const ROOT_FILESYSTEM: &str = "root";

/// A whole Ignition 2.2.0 config.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Metadata about the config itself.
    pub ignition: Ignition,
    /// Files to write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
}

impl Default for Config {
    /// The empty 2.2.0 config: `{"ignition":{"version":"2.2.0"}}`.
    fn default() -> Self {
        Self { ignition: Ignition { version: VERSION.to_owned() }, storage: None }
    }
}

/// The `ignition` section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ignition {
    /// Spec version, `2.2.0`.
    pub version: String,
}

/// The `storage` section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Storage {
    /// Files; every path unique.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<File>,
}

/// One file. In spec 2 a file names the filesystem it lives on; a MachineConfig's is always
/// [`ROOT_FILESYSTEM`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct File {
    /// `root`.
    pub filesystem: String,
    /// Absolute path on the node.
    pub path: String,
    /// Permission bits as a decimal integer: 0644 is written as 420.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<u32>,
    /// The file's contents; absent means an empty file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<FileContents>,
}

/// Where a file's bytes come from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FileContents {
    /// `gzip`, or absent: how the payload is compressed after URL decoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
    /// An RFC 2397 `data:` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
