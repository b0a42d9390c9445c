//! Ignition spec 3.2.0: the subset a MachineConfig uses (files).
//!
//! The version every OpenShift that OSC 1.0+ supports (4.8+) accepts, and the one the
//! operator itself writes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The spec version this module describes.
pub const VERSION: &str = "3.2.0";

/// A whole Ignition config.
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
    /// The empty 3.2.0 config: `{"ignition":{"version":"3.2.0"}}`.
    fn default() -> Self {
        Self { ignition: Ignition { version: VERSION.to_owned() }, storage: None }
    }
}

/// The `ignition` section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ignition {
    /// Spec version, `3.2.0`.
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

/// One file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct File {
    /// Absolute path on the node.
    pub path: String,
    /// Replace whatever is at the path. MCO sets this on every file that leaves it unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overwrite: Option<bool>,
    /// Permission bits as a decimal integer: 0644 is written as 420.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<u32>,
    /// The file's contents; absent means an empty file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<Resource>,
}

/// Where a file's bytes come from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// `""` or `gzip`: how the payload is compressed after URL decoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<String>,
    /// An RFC 2397 `data:` URL (MCO decodes no other scheme on running nodes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
