//! A file-based catalog the user gives (`oscgen check --catalog FILE`, `oscgen render
//! --catalog FILE`, a Check config's `spec.catalog`), as `opm render <index image>` prints it: a
//! stream of JSON objects, or YAML documents, each a blob with a `schema`
//! (operator-framework/operator-registry `alpha/declcfg`: `olm.package`, `olm.channel`,
//! `olm.bundle`, `olm.deprecations`). Only the blobs of the operator's package are kept.
//! With one, a config's or a Subscription's channel and release are judged against it instead
//! of oscgen's own copies of Red Hat's catalogs: the user's mirrored, custom or newer index.
//! Reading the file is the caller's; this module only parses its text.
//!
//! ```
//! use oscgen_render::catalog::file::FileCatalog;
//!
//! let text = r#"{"schema": "olm.package", "name": "sandboxed-containers-operator", "defaultChannel": "stable"}
//! {"schema": "olm.channel", "package": "sandboxed-containers-operator", "name": "stable",
//!  "entries": [{"name": "sandboxed-containers-operator.v1.13.0"},
//!              {"name": "sandboxed-containers-operator.v1.13.1", "replaces": "sandboxed-containers-operator.v1.13.0"}]}"#;
//! let catalog = FileCatalog::parse("index.json", text)?;
//! assert_eq!(catalog.channels["stable"].head.as_deref(), Some("sandboxed-containers-operator.v1.13.1"));
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use super::{PACKAGE, Release, Request};
use crate::{DiagnosticKind as K, Error, FieldPath, Report};

/// One channel of the package.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Channel {
    /// Its entries, in the file's order.
    pub entries: Vec<ChannelEntry>,
    /// The entry no other entry replaces or skips (what OLM installs when subscribing to the
    /// channel); `None` when that is not exactly one.
    pub head: Option<String>,
}

impl Channel {
    /// Whether it lists `bundle`.
    pub fn lists(&self, bundle: &str) -> bool {
        self.entries.iter().any(|e| e.name == bundle)
    }
}

/// One entry of a channel: a bundle and the upgrade edges into it (declcfg's `ChannelEntry`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChannelEntry {
    /// The bundle (`sandboxed-containers-operator.v1.13.1`).
    pub name: String,
    /// The bundle it replaces.
    #[serde(default)]
    pub replaces: Option<String>,
    /// The bundles it skips.
    #[serde(default)]
    pub skips: Vec<String>,
    /// The versions it skips, as a semver range (`>=1.1.0 <1.13.1`).
    #[serde(default)]
    pub skip_range: Option<String>,
}

/// The operator's package in a file-based catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileCatalog {
    /// The file, as named.
    pub file: String,
    /// The package's `defaultChannel`.
    pub default_channel: Option<String>,
    /// Its channels, by name.
    pub channels: BTreeMap<String, Channel>,
    /// Its bundles (`olm.bundle` names).
    pub bundles: BTreeSet<String>,
    /// Channels its `olm.deprecations` deprecate, with the message.
    pub deprecated_channels: BTreeMap<String, String>,
    /// Bundles its `olm.deprecations` deprecate, with the message.
    pub deprecated_bundles: BTreeMap<String, String>,
    /// The package's own deprecation message, if deprecated.
    pub deprecated_package: Option<String>,
}

/// One blob of the catalog, by its `schema`; the fields oscgen reads (declcfg's `Package`,
/// `Channel`, `Bundle` and `Deprecation`), everything else ignored.
#[derive(Deserialize)]
#[serde(tag = "schema")]
enum Blob {
    #[serde(rename = "olm.package")]
    Package {
        name: String,
        #[serde(rename = "defaultChannel", default)]
        default_channel: Option<String>,
    },
    #[serde(rename = "olm.channel")]
    Channel { package: String, name: String, entries: Vec<ChannelEntry> },
    #[serde(rename = "olm.bundle")]
    Bundle { package: String, name: String },
    #[serde(rename = "olm.deprecations")]
    Deprecations { package: String, entries: Vec<Deprecation> },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct Deprecation {
    reference: Reference,
    #[serde(default)]
    message: String,
}

#[derive(Deserialize)]
struct Reference {
    schema: String,
    #[serde(default)]
    name: Option<String>,
}

fn invalid(file: &str, message: String) -> Error {
    Error::Catalog { file: file.to_owned(), message }
}

/// What a spec's `channel` and `release` resolve to in a given catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// The channel subscribed to.
    pub channel: String,
    /// The CSV installed first: the release's, else the channel's head (`None` when the
    /// channel has no single head; OLM then picks).
    pub csv: Option<String>,
}

impl Resolution {
    /// The release oscgen knows for that CSV, if it knows it.
    pub fn release(&self) -> Option<&'static Release> {
        self.csv.as_deref().and_then(super::by_csv)
    }
}

impl FileCatalog {
    /// Reads `text` (named `file` in messages): a JSON stream when it starts with `{`, else YAML
    /// documents. A blob that is not an object with a `schema`, or whose fields have the wrong
    /// shape, or a catalog without the operator's package, is an error naming what is wrong.
    pub fn parse(file: &str, text: &str) -> Result<Self, Error> {
        let values: Vec<Value> = if text.trim_start().starts_with('{') {
            serde_json::Deserializer::from_str(text)
                .into_iter::<Value>()
                .collect::<Result<_, _>>()
                .map_err(|e| invalid(file, format!("not a JSON stream: {e}")))?
        } else {
            crate::yaml::documents(text).map_err(|e| invalid(file, format!("not valid YAML: {}", e.message)))?
        };
        let mut catalog = FileCatalog { file: file.to_owned(), ..FileCatalog::default() };
        let mut package = false;
        let mut others = BTreeSet::new();
        for (i, value) in values.into_iter().enumerate() {
            if value.get("schema").and_then(Value::as_str).is_none() {
                let what = format!(
                    "blob {} has no `schema`; `opm render` writes olm.package, olm.channel, olm.bundle and olm.deprecations blobs",
                    i + 1
                );
                return Err(invalid(file, what));
            }
            let blob: Blob =
                serde_json::from_value(value).map_err(|e| invalid(file, format!("blob {}: {e}", i + 1)))?;
            match blob {
                Blob::Package { name, default_channel } if name == PACKAGE => {
                    package = true;
                    catalog.default_channel = default_channel;
                }
                Blob::Package { name, .. } => {
                    others.insert(name);
                }
                Blob::Channel { package, name, entries } if package == PACKAGE => {
                    catalog.channels.insert(name, channel(entries));
                }
                Blob::Bundle { package, name } if package == PACKAGE => {
                    catalog.bundles.insert(name);
                }
                Blob::Deprecations { package, entries } if package == PACKAGE => {
                    for entry in entries {
                        let message = entry.message;
                        match (entry.reference.schema.as_str(), entry.reference.name) {
                            ("olm.package", _) => catalog.deprecated_package = Some(message),
                            ("olm.channel", Some(name)) => {
                                catalog.deprecated_channels.insert(name, message);
                            }
                            ("olm.bundle", Some(name)) => {
                                catalog.deprecated_bundles.insert(name, message);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        if !package {
            let found = if others.is_empty() {
                "no olm.package blob at all".to_owned()
            } else {
                format!("packages {}", others.into_iter().take(10).collect::<Vec<_>>().join(", "))
            };
            return Err(invalid(
                file,
                format!(
                    "it has no package {PACKAGE} ({found}); give the output of `opm render` for an index that carries it"
                ),
            ));
        }
        Ok(catalog)
    }

    /// The channels, comma separated.
    pub fn channel_names(&self) -> String {
        self.channels.keys().cloned().collect::<Vec<_>>().join(", ")
    }

    /// The channel that lists `bundle`, the default channel first.
    pub fn channel_of(&self, bundle: &str) -> Option<&str> {
        let listed = |name: &String| self.channels.get(name).is_some_and(|c| c.lists(bundle));
        self.default_channel
            .iter()
            .find(|d| listed(d))
            .or_else(|| self.channels.keys().find(|c| listed(c)))
            .map(String::as_str)
    }

    /// Its bundles' versions (`1.13.1`), comma separated.
    fn versions(&self) -> String {
        let prefix = format!("{PACKAGE}.v");
        self.bundles.iter().map(|b| b.strip_prefix(&prefix).unwrap_or(b)).collect::<Vec<_>>().join(", ")
    }

    /// Resolves a generator spec's `channel` and `release` (a version, `1.14.0`) against this
    /// catalog, as [`super::resolve`] does against oscgen's (the request's target version plays
    /// no part: the catalog is the cluster's): a channel or release it does not
    /// have, or a release not on the channel, is an error at `spec.channel` / `spec.release`;
    /// what its `olm.deprecations` deprecate a warning with its message. Without a channel,
    /// the package's default one (or the one listing the release); without a release, that
    /// channel's head.
    pub fn resolve(&self, request: Request<'_>, spec: &FieldPath, report: &mut Report) -> Option<Resolution> {
        let Request { channel, release, default, .. } = request;
        if channel.is_none() && release.is_none() && !default {
            let kind = K::MissingChannelOrRelease { channels: self.channel_names(), releases: self.versions() };
            report.add(spec.clone(), kind);
            return None;
        }
        let file = self.file.clone();
        let channel = channel.map(str::trim);
        let csv = release.map(|r| format!("{PACKAGE}.v{}", r.trim().trim_start_matches('v')));
        let deprecated = |what: String, message: &String| K::DeprecatedInGivenCatalog {
            what,
            file: file.clone(),
            message: message.clone(),
        };
        if let Some(name) = channel {
            if !self.channels.contains_key(name) {
                let served = self.channel_names();
                let kind = K::ChannelNotInGivenCatalog { channel: name.to_owned(), file: file.clone(), served };
                report.add(spec.key("channel"), kind);
                return None;
            }
            if let Some(message) = self.deprecated_channels.get(name) {
                report.add(spec.key("channel"), deprecated(format!("channel `{name}`"), message));
            }
        }
        if let Some(message) = &self.deprecated_package {
            report.add(spec.clone(), deprecated(format!("package {PACKAGE}"), message));
        }
        // The channel OLM subscribes to: the one given, else the default, else the release's.
        let default = self.default_channel.as_deref().filter(|d| self.channels.contains_key(*d));
        let subscribed = match (channel, &csv) {
            (Some(name), _) => Some(name),
            (None, Some(csv)) => default.filter(|d| self.channels[*d].lists(csv)).or_else(|| self.channel_of(csv)),
            (None, None) => default,
        };
        let Some(csv) = csv else {
            let Some(name) = subscribed else {
                let channels = self.channel_names();
                report.add(spec.clone(), K::MissingChannelOrRelease { channels, releases: self.versions() });
                return None;
            };
            let head = self.channels.get(name).and_then(|c| c.head.clone());
            if let Some(message) = head.as_ref().and_then(|h| self.deprecated_bundles.get(h)) {
                let path = if channel.is_some() { spec.key("channel") } else { spec.clone() };
                report.add(path, deprecated(format!("bundle {}", head.as_deref().unwrap_or_default()), message));
            }
            return Some(Resolution { channel: name.to_owned(), csv: head });
        };
        // A bundle no channel lists cannot be subscribed to either.
        let (Some(name), Some(listed)) = (subscribed, self.channel_of(&csv)) else {
            let ch = subscribed.and_then(|name| self.channels.get(name));
            let kind = K::CsvNotInGivenCatalog {
                csv,
                file: file.clone(),
                channel: subscribed.unwrap_or_default().to_owned(),
                head: ch.and_then(|c| c.head.clone()).unwrap_or_default(),
            };
            report.add(spec.key("release"), kind);
            return None;
        };
        let listed = listed.to_owned();
        if !self.channels.get(name).is_some_and(|ch| ch.lists(&csv)) {
            let kind =
                K::ChannelReleaseMismatch { channel: name.to_owned(), release: csv.clone(), release_channel: listed };
            report.add(spec.key("channel"), kind);
            return None;
        }
        if let Some(message) = self.deprecated_bundles.get(&csv) {
            report.add(spec.key("release"), deprecated(format!("bundle {csv}"), message));
        }
        Some(Resolution { channel: name.to_owned(), csv: Some(csv) })
    }
}

/// A channel's entries and head: the one entry nothing else in the channel replaces or skips.
fn channel(entries: Vec<ChannelEntry>) -> Channel {
    let replaced: BTreeSet<&str> =
        entries.iter().flat_map(|e| e.replaces.iter().chain(&e.skips)).map(String::as_str).collect();
    let heads: Vec<&ChannelEntry> = entries.iter().filter(|e| !replaced.contains(e.name.as_str())).collect();
    let head = match heads.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    };
    Channel { head, entries }
}
