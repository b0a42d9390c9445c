//! `mirror.openshift.io/v1alpha2`, read by oc-mirror v1 (`v1/pkg/api/v1alpha2` @ 855b64a).
//! v1 needs `storageConfig`, and has `minBundle` (exclusive with `minVersion`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What oc-mirror v1 mirrors.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImageSetConfiguration {
    /// Always [`ImageSetConfiguration::API_VERSION`].
    pub api_version: String,
    /// Always [`ImageSetConfiguration::KIND`].
    pub kind: String,
    /// Largest archive file, in GiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_size: Option<i64>,
    /// Where oc-mirror keeps its metadata between runs (upstream `json:"storageConfig"`,
    /// required).
    pub storage_config: StorageConfig,
    /// The content.
    pub mirror: Mirror,
}

impl ImageSetConfiguration {
    /// The group and version.
    pub const API_VERSION: &'static str = "mirror.openshift.io/v1alpha2";
    /// The kind.
    pub const KIND: &'static str = "ImageSetConfiguration";

    /// A configuration of `mirror` kept in `storage`, with `apiVersion` and `kind` set.
    pub fn new(storage_config: StorageConfig, mirror: Mirror) -> Self {
        Self {
            api_version: Self::API_VERSION.to_owned(),
            kind: Self::KIND.to_owned(),
            archive_size: None,
            storage_config,
            mirror,
        }
    }
}

/// The metadata backend: a registry or a local directory. Its fields are not in the copied
/// types; they follow the OpenShift docs' "Creating the image set configuration" (4.12-4.20),
/// whose examples write `registry.imageURL`, `registry.skipTLS` and `local.path`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorageConfig {
    /// A registry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<RegistryStorage>,
    /// A local directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local: Option<LocalStorage>,
}

/// Metadata in a registry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryStorage {
    /// The image that holds the metadata.
    #[serde(rename = "imageURL")]
    pub image_url: String,
    /// Skip TLS verification.
    #[serde(rename = "skipTLS", default)]
    pub skip_tls: bool,
}

/// Metadata in a directory.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalStorage {
    /// The directory.
    pub path: String,
}

/// The content to mirror (`Mirror`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mirror {
    /// OpenShift release content; oscgen never writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<serde_json::Value>,
    /// Operator catalogs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operators: Vec<Operator>,
    /// Images no catalog covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_images: Vec<Image>,
    /// Helm charts; oscgen never writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helm: Option<serde_json::Value>,
    /// Images never to mirror; oscgen never writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_images: Option<serde_json::Value>,
    /// Not implemented by oc-mirror; oscgen never writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<serde_json::Value>,
}

/// One operator catalog (`Operator`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Operator {
    /// The catalog image.
    pub catalog: String,
    /// Deprecated: another name for the mirrored catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// Another path for the mirrored catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_catalog: Option<String>,
    /// Another tag for the mirrored catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tag: Option<String>,
    /// Every bundle of the selected packages, not only the heads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full: Option<bool>,
    /// Leave out the packages' dependencies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_dependencies: Option<bool>,
    /// The catalog reference before oc-mirror rewrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_ref: Option<String>,
    /// The packages (upstream `json:"packages"`, always written).
    #[serde(default)]
    pub packages: Vec<IncludePackage>,
}

/// One package (`IncludePackage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncludePackage {
    /// The OLM package.
    pub name: String,
    /// Channels to mirror.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<IncludeChannel>,
    /// Oldest version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_version: Option<String>,
    /// Newest version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_version: Option<String>,
    /// Oldest bundle by name (exclusive with `minVersion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_bundle: Option<String>,
    /// The package's default channel in the mirrored catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_channel: Option<String>,
}

/// One channel of a package (`IncludeChannel`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IncludeChannel {
    /// The channel.
    pub name: String,
    /// Oldest version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_version: Option<String>,
    /// Newest version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_version: Option<String>,
    /// Oldest bundle by name (exclusive with `minVersion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_bundle: Option<String>,
}

/// An image (`Image`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// The image.
    pub name: String,
}
