//! A file-based catalog the user gives (`oscgen check --catalog FILE`), as `opm render <index
//! image>` prints it: a stream of JSON objects, or YAML documents, each a blob with a `schema`
//! (operator-framework/operator-registry `alpha/declcfg`: `olm.package`, `olm.channel`,
//! `olm.bundle`, `olm.deprecations`). Only the blobs of the operator's package are kept.
//! With one, the Subscription's channel and startingCSV are judged against it instead of
//! oscgen's own copies of Red Hat's catalogs: the user's mirrored, custom or newer index.
//!
//! ```
//! use oscgen_check::catalog::FileCatalog;
//!
//! let text = r#"{"schema": "olm.package", "name": "sandboxed-containers-operator", "defaultChannel": "stable"}
//! {"schema": "olm.channel", "package": "sandboxed-containers-operator", "name": "stable",
//!  "entries": [{"name": "sandboxed-containers-operator.v1.13.0"},
//!              {"name": "sandboxed-containers-operator.v1.13.1", "replaces": "sandboxed-containers-operator.v1.13.0"}]}"#;
//! let catalog = FileCatalog::parse("index.json", text)?;
//! assert_eq!(catalog.channels["stable"].head.as_deref(), Some("sandboxed-containers-operator.v1.13.1"));
//! # Ok::<(), oscgen_check::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use oscgen_render::catalog::PACKAGE;
use serde::Deserialize;
use serde_json::Value;

use crate::Error;

/// One channel of the package.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Channel {
    /// Its entries (bundle names, `sandboxed-containers-operator.v1.13.1`), in the file's order.
    pub entries: Vec<String>,
    /// The entry no other entry replaces or skips (what OLM installs when subscribing to the
    /// channel); `None` when that is not exactly one.
    pub head: Option<String>,
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

/// One blob of the catalog, by its `schema`; the fields `check` reads (declcfg's `Package`,
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
    Channel { package: String, name: String, entries: Vec<Entry> },
    #[serde(rename = "olm.bundle")]
    Bundle { package: String, name: String },
    #[serde(rename = "olm.deprecations")]
    Deprecations { package: String, entries: Vec<Deprecation> },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    name: String,
    #[serde(default)]
    replaces: Option<String>,
    #[serde(default)]
    skips: Vec<String>,
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
            oscgen_render::yaml::documents(text).map_err(|e| invalid(file, format!("not valid YAML: {}", e.message)))?
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
        let listed = |name: &String| self.channels.get(name).is_some_and(|c| c.entries.iter().any(|e| e == bundle));
        self.default_channel
            .iter()
            .find(|d| listed(d))
            .or_else(|| self.channels.keys().find(|c| listed(c)))
            .map(String::as_str)
    }
}

/// A channel's entries and head: the one entry nothing else in the channel replaces or skips.
fn channel(entries: Vec<Entry>) -> Channel {
    let replaced: BTreeSet<&str> =
        entries.iter().flat_map(|e| e.replaces.iter().chain(&e.skips)).map(String::as_str).collect();
    let heads: Vec<&Entry> = entries.iter().filter(|e| !replaced.contains(e.name.as_str())).collect();
    let head = match heads.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    };
    Channel { entries: entries.iter().map(|e| e.name.clone()).collect(), head }
}
