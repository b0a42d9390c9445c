//! `mirror.openshift.io/v2alpha1`, read by oc-mirror v2 (`internal/pkg/api/v2alpha1` @ 855b64a).
//! v2 has no `storageConfig` and no `minBundle`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What oc-mirror v2 mirrors.
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
    /// The content.
    pub mirror: Mirror,
}

impl ImageSetConfiguration {
    /// The group and version.
    pub const API_VERSION: &'static str = "mirror.openshift.io/v2alpha1";
    /// The kind.
    pub const KIND: &'static str = "ImageSetConfiguration";

    /// A configuration of `mirror`, with `apiVersion` and `kind` set.
    pub fn new(mirror: Mirror) -> Self {
        Self { api_version: Self::API_VERSION.to_owned(), kind: Self::KIND.to_owned(), archive_size: None, mirror }
    }
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
    pub additional_images: Vec<AdditionalImage>,
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
    /// The catalog image, `registry.redhat.io/redhat/redhat-operator-index:v4.20`.
    pub catalog: String,
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
    /// A CatalogSource file to start the generated one from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_catalog_source_template: Option<String>,
    /// Platform filter; oscgen never writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platforms: Option<serde_json::Value>,
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
    /// Channels to mirror, each with its own versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<IncludeChannel>,
    /// The package's default channel in the mirrored catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_channel: Option<String>,
    /// Oldest version, for every channel (may not be mixed with channel versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_version: Option<String>,
    /// Newest version, for every channel (may not be mixed with channel versions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_version: Option<String>,
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
}

/// An image no catalog covers (`AdditionalImage`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdditionalImage {
    /// The image.
    pub name: String,
    /// Another repository in the mirror.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_repo: Option<String>,
    /// Another tag in the mirror.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_tag: Option<String>,
    /// Platform filter; oscgen never writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platforms: Option<serde_json::Value>,
}
