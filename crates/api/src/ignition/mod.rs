//! CoreOS Ignition configs, as carried in a MachineConfig's `spec.config`.
//!
//! oscgen writes spec 3.2.0 ([`v3_2`]); the operator's own peer-pods MachineConfig
//! `50-kata-remote` is spec 2.2.0 ([`v2_2`]), which MCO still accepts. [`Config`] holds
//! either, told apart by `ignition.version`.

pub mod v2_2;
pub mod v3_2;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An Ignition config of one of the spec versions a MachineConfig carries.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Config {
    /// Spec 3.2.0: what oscgen writes.
    V3_2(v3_2::Config),
    /// Spec 2.2.0: the operator's peer-pods CRI-O drop-in.
    V2_2(v2_2::Config),
}

impl Default for Config {
    /// The empty 3.2.0 config: `{"ignition":{"version":"3.2.0"}}`.
    fn default() -> Self {
        Config::V3_2(v3_2::Config::default())
    }
}

impl Config {
    /// `ignition.version`.
    pub fn version(&self) -> &str {
        match self {
            Config::V3_2(c) => &c.ignition.version,
            Config::V2_2(c) => &c.ignition.version,
        }
    }

    /// The spec 3.2 config, if it is one.
    pub fn as_v3_2(&self) -> Option<&v3_2::Config> {
        match self {
            Config::V3_2(c) => Some(c),
            Config::V2_2(_) => None,
        }
    }

    /// The spec 2.2 config, if it is one.
    pub fn as_v2_2(&self) -> Option<&v2_2::Config> {
        match self {
            Config::V2_2(c) => Some(c),
            Config::V3_2(_) => None,
        }
    }
}

impl From<v3_2::Config> for Config {
    fn from(config: v3_2::Config) -> Self {
        Config::V3_2(config)
    }
}

impl From<v2_2::Config> for Config {
    fn from(config: v2_2::Config) -> Self {
        Config::V2_2(config)
    }
}

impl<'de> Deserialize<'de> for Config {
    /// By `ignition.version`: a `2.x` version reads as spec 2.2, anything else as spec 3.2
    /// (neither shape refuses the other's fields, so trying them in turn would not tell them
    /// apart).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let version = value.pointer("/ignition/version").and_then(serde_json::Value::as_str).unwrap_or_default();
        let parsed = if version.starts_with("2.") {
            v2_2::Config::deserialize(value).map(Config::V2_2)
        } else {
            v3_2::Config::deserialize(value).map(Config::V3_2)
        };
        parsed.map_err(serde::de::Error::custom)
    }
}
