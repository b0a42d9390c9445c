//! oc-mirror image set configurations for a disconnected cluster: the operator's package, the
//! channel, and the version range an upgrade path needs, for oc-mirror v2 (`v2alpha1`, the
//! default) or v1 (`v1alpha2`), checked against the rules oc-mirror itself applies.
//!
//! ```
//! use oscgen_render::mirror::{image_set, Format, Request};
//!
//! let set = image_set(&Request {
//!     openshift: "4.20",
//!     channel: "stable",
//!     from: Some("1.10.3"),
//!     to: None,
//!     format: Format::V2alpha1,
//!     storage: None,
//! })?;
//! assert!(set.yaml.contains("minVersion: 1.10.3"));
//! assert_eq!(set.catalog_source.as_deref(), Some("cs-redhat-operator-index-v4-20"));
//! assert!(set.problems.is_empty());
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use std::collections::BTreeSet;

use oscgen_api::mirror::{v1alpha2, v2alpha1};

use crate::Error;
use crate::catalog::day2::MIRROR_IMAGES;
use crate::catalog::{self, OpenShift, Release};
use crate::upgrade::{self, Certainty, Statement, Topic, Version, VersionRange, catalog_source, statement};

/// An image a mirror needs that no bundle of the operator lists (a `catalog.toml` row).
#[derive(Clone, Copy, Debug)]
pub struct ExtraImage {
    /// The image; `{version}` stands for the release.
    pub image: &'static str,
    /// The releases it applies to.
    pub releases: VersionRange,
    /// Whether oscgen writes it into `additionalImages` (else it only names it).
    pub add: bool,
    /// What it is, and when it is needed.
    pub text: &'static str,
    /// How it is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// Which oc-mirror reads the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// oc-mirror v2: `mirror.openshift.io/v2alpha1`.
    #[default]
    V2alpha1,
    /// oc-mirror v1: `mirror.openshift.io/v1alpha2`.
    V1alpha2,
}

/// Where oc-mirror v1 keeps its metadata (v1alpha2's required `storageConfig`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Storage {
    /// An image in a registry (`storageConfig.registry.imageURL`).
    Registry(String),
    /// A local directory (`storageConfig.local.path`).
    Local(String),
}

/// What to mirror.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// The OpenShift version whose catalog is mirrored (`4.20`).
    pub openshift: &'a str,
    /// The channel.
    pub channel: &'a str,
    /// The installed release, if any: the range starts there.
    pub from: Option<&'a str>,
    /// The release to stop at, if any: the range ends there, which makes it the mirrored
    /// channel's head.
    pub to: Option<&'a str>,
    /// The file's version.
    pub format: Format,
    /// oc-mirror v1's metadata backend (required for v1alpha2).
    pub storage: Option<Storage>,
}

/// An image set configuration, and what to know about it.
#[derive(Clone, Debug)]
pub struct ImageSet {
    /// The file, as YAML.
    pub yaml: String,
    /// The catalog image.
    pub catalog: String,
    /// The CatalogSource oc-mirror v2 creates for it (v1: not known).
    pub catalog_source: Option<String>,
    /// The oldest release mirrored.
    pub min: Option<Version>,
    /// The newest release mirrored: the mirrored channel's head.
    pub max: Version,
    /// The release OLM moves `from` to on the mirrored catalog, if `from` was given.
    pub lands_on: Option<Version>,
    /// Notes, each with how it is known.
    pub notes: Vec<Statement>,
    /// What oc-mirror's validation would refuse in the file (empty for what oscgen writes).
    pub problems: Vec<String>,
}

/// The OpenShift catalog image of `openshift`.
pub fn catalog_image(openshift: OpenShift) -> String {
    format!("registry.redhat.io/redhat/redhat-operator-index:v{openshift}")
}

/// The CatalogSource name oc-mirror v2 gives a mirrored catalog: `cs-`, the last path
/// component of the catalog's repository, `-`, and its tag with every character other than a
/// lowercase letter, digit or `-` turned into `-` (oc-mirror `internal/pkg/clusterresources/
/// clusterresources.go` L264-289 @ 855b64a). Whether oc-mirror shortens long tags is not
/// known; catalog tags are short.
pub fn catalog_source_name(catalog: &str) -> String {
    let reference = catalog.rsplit('/').next().unwrap_or(catalog);
    let (repo, tag) = reference.split_once(':').unwrap_or((reference, ""));
    let mapped: String = tag
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' { c } else { '-' }
        })
        .collect();
    if mapped.is_empty() { format!("cs-{repo}") } else { format!("cs-{repo}-{mapped}") }
}

fn invalid(flag: &'static str, value: &str, message: impl Into<String>) -> Error {
    Error::Plan { flag, value: value.to_owned(), message: message.into() }
}

/// Writes the image set configuration `request` describes.
pub fn image_set(request: &Request<'_>) -> Result<ImageSet, Error> {
    let v = OpenShift::parse(request.openshift).ok_or_else(|| {
        invalid("--openshift", request.openshift, "not an OpenShift version; write 4.<minor>, e.g. 4.20")
    })?;
    let Some(c) = catalog::catalog(v) else {
        return Err(invalid(
            "--openshift",
            request.openshift,
            format!(
                "oscgen has no catalog for {v} (it has {}), so it cannot tell which versions to mirror",
                catalog::catalog_span()
            ),
        ));
    };
    let channel = request.channel.trim();
    let Some(ch) = c.channel(channel) else {
        let names: Vec<&str> = c.channels.iter().map(|ch| ch.name).collect();
        return Err(invalid(
            "--channel",
            channel,
            format!("not a channel of the {v} catalog; it has {}", names.join(", ")),
        ));
    };
    let entries: Vec<&'static Release> = ch.entries.to_vec();
    let head = entries.last().map_or_else(Version::default, |r| Version::of(r));
    let listed = |want: Version| entries.iter().any(|r| Version::of(r) == want);
    let list = || entries.iter().map(|r| r.version).collect::<Vec<_>>().join(", ");
    let from = match request.from {
        Some(text) => Some(upgrade::installed(text)?.0),
        None => None,
    };
    let max = match request.to {
        None => head,
        Some(text) => {
            let wanted = Version::parse(text).filter(|w| listed(*w)).ok_or_else(|| {
                invalid("--to", text, format!("not on {channel} in the {v} catalog, which lists {}", list()))
            })?;
            if from.is_some_and(|f| wanted < f) {
                return Err(invalid("--to", text, "older than --from; OLM never downgrades an operator"));
            }
            wanted
        }
    };
    // The range starts at the installed release when the catalog lists it, else at the first
    // entry above it (a bound oc-mirror can find in the channel).
    // Without an installed release only the release to install is mirrored.
    let min = from
        .map(|f| if listed(f) { f } else { entries.iter().map(|r| Version::of(r)).find(|e| *e > f).unwrap_or(head) })
        .or(Some(max));
    let mut notes = Vec::new();
    if let Some(f) = from.filter(|f| *f > max) {
        return Err(invalid(
            "--from",
            &f.to_string(),
            format!("newer than the newest release to mirror ({max}); OLM never downgrades an operator"),
        ));
    }
    if let (Some(f), Some(m)) = (from, min)
        && f < m
    {
        notes.push(statement(
            Topic::Catalog,
            "from-not-listed",
            Certainty::Confirmed,
            format!("{f} is not on {channel} in the {v} catalog; the range starts at the next entry, {m}"),
            c.source,
        ));
    }
    // Where OLM moves the installed release on the mirrored channel, whose head is `max`.
    let window: Vec<&'static Release> =
        entries.iter().copied().filter(|r| min.is_none_or(|m| Version::of(r) >= m) && Version::of(r) <= max).collect();
    let window_entries = upgrade::static_entries(channel, &window);
    let lands_on = from.map(|f| upgrade::moves(&window_entries, max, f).last().map_or(f, |m| m.to));
    if let (Some(f), Some(to)) = (from, lands_on) {
        let (id, text) = if to == f {
            ("no-move", format!("nothing in the mirrored range replaces or skips {f}: the operator stays on it"))
        } else {
            (
                "lands-on",
                format!("on the mirrored catalog OLM moves {f} to {to}, the head of the mirrored {channel} channel"),
            )
        };
        notes.push(statement(Topic::Operator, id, Certainty::Inferred, text, &[catalog_source("olm-update-graph")]));
    }
    if max != head {
        notes.push(statement(
            Topic::Channel,
            "pinned",
            Certainty::Inferred,
            format!(
                "maxVersion {max} is below the catalog's head {head}: in the mirror {max} is the head of {channel}, so OLM stops there; {channel}'s replaces chain is linear, so the window has a single head"
            ),
            c.source,
        ));
    }
    // Images no bundle lists, for the releases in the range.
    let mirrored: Vec<Version> = window.iter().map(|r| Version::of(r)).collect();
    let mut additional: Vec<String> = Vec::new();
    for extra in MIRROR_IMAGES.iter() {
        let applies: Vec<Version> = mirrored.iter().copied().filter(|r| extra.releases.contains(*r)).collect();
        if applies.is_empty() {
            continue;
        }
        let images: Vec<String> = if extra.image.contains("{version}") {
            applies.iter().map(|r| extra.image.replace("{version}", &r.to_string())).collect()
        } else {
            vec![extra.image.to_owned()]
        };
        let what = if extra.add { "added to additionalImages" } else { "not added" };
        notes.push(statement(
            Topic::Catalog,
            format!("extra-image:{}", extra.image),
            extra.certainty,
            format!("{} ({what}): {}", images.join(", "), extra.text),
            extra.source,
        ));
        if extra.add {
            for image in images {
                if !additional.contains(&image) {
                    additional.push(image);
                }
            }
        }
    }
    let catalog_ref = catalog_image(c.openshift);
    let default_channel = (channel != c.default_channel).then(|| channel.to_owned());
    let min_text = min.map(|m| m.to_string());
    let max_text = Some(max.to_string());
    let (yaml, catalog_source, problems) = match request.format {
        Format::V2alpha1 => {
            let config = v2alpha1::ImageSetConfiguration::new(v2alpha1::Mirror {
                operators: vec![v2alpha1::Operator {
                    catalog: catalog_ref.clone(),
                    packages: vec![v2alpha1::IncludePackage {
                        name: catalog::PACKAGE.to_owned(),
                        channels: vec![v2alpha1::IncludeChannel {
                            name: channel.to_owned(),
                            min_version: min_text,
                            max_version: max_text,
                        }],
                        default_channel,
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                additional_images: additional
                    .into_iter()
                    .map(|name| v2alpha1::AdditionalImage { name, ..Default::default() })
                    .collect(),
                ..Default::default()
            });
            let problems = validate_v2alpha1(&config);
            let name = catalog_source_name(&catalog_ref);
            notes.push(statement(
                Topic::Catalog,
                "catalog-source",
                Certainty::Inferred,
                format!(
                    "oc-mirror v2 creates CatalogSource {name} for this catalog (its naming rule, applied by oscgen): the Subscription's spec.source must be {name}, not {}",
                    catalog::SOURCE
                ),
                &[catalog_source("ocm-catalog-source")],
            ));
            notes.push(statement(
                Topic::Catalog,
                "v2-rules",
                Certainty::Confirmed,
                "versions are given on the channel only, never on the package as well, and without minBundle, as oc-mirror v2 requires",
                &[catalog_source("ocm-v2-validate")],
            ));
            (crate::yaml::to_string(&config).map_err(Error::Yaml)?, Some(name), problems)
        }
        Format::V1alpha2 => {
            let Some(storage) = &request.storage else {
                return Err(invalid(
                    "--storage",
                    "",
                    "v1alpha2 needs storageConfig: give --storage-registry IMAGE or --storage-path DIR",
                ));
            };
            let storage_config = match storage {
                Storage::Registry(image_url) => v1alpha2::StorageConfig {
                    registry: Some(v1alpha2::RegistryStorage { image_url: image_url.clone(), skip_tls: false }),
                    local: None,
                },
                Storage::Local(path) => v1alpha2::StorageConfig {
                    registry: None,
                    local: Some(v1alpha2::LocalStorage { path: path.clone() }),
                },
            };
            let config = v1alpha2::ImageSetConfiguration::new(
                storage_config,
                v1alpha2::Mirror {
                    operators: vec![v1alpha2::Operator {
                        catalog: catalog_ref.clone(),
                        packages: vec![v1alpha2::IncludePackage {
                            name: catalog::PACKAGE.to_owned(),
                            channels: vec![v1alpha2::IncludeChannel {
                                name: channel.to_owned(),
                                min_version: min_text,
                                max_version: max_text,
                                min_bundle: None,
                            }],
                            default_channel,
                            ..Default::default()
                        }],
                        ..Default::default()
                    }],
                    additional_images: additional.into_iter().map(|name| v1alpha2::Image { name }).collect(),
                    ..Default::default()
                },
            );
            let problems = validate_v1alpha2(&config);
            notes.push(statement(
                Topic::Catalog,
                "catalog-source-v1",
                Certainty::Unknown,
                "the name of the CatalogSource oc-mirror v1 creates was not read: set the Subscription's spec.source to the one it writes",
                &[],
            ));
            (crate::yaml::to_string(&config).map_err(Error::Yaml)?, None, problems)
        }
    };
    Ok(ImageSet { yaml, catalog: catalog_ref, catalog_source, min, max, lands_on, notes, problems })
}

/// Whether `text` is a semantic version as oc-mirror's parser reads it (`MAJOR.MINOR.PATCH`
/// with optional pre-release and build parts; v2's parser also takes a `v` prefix and short
/// forms, which oscgen never writes).
fn semver(text: &str) -> bool {
    let core = text.split(['-', '+']).next().unwrap_or_default();
    Version::parse(core).is_some() && !core.starts_with('v')
}

/// oc-mirror v2's checks of the operator part of a configuration (`internal/pkg/config/
/// validate.go` @ 855b64a: `validateOperatorOptions`, `validateOperator`,
/// `validatePackageChannels`, `validatePackageChannel`), plus the type's own rules: the
/// apiVersion and kind, and a name on every package and channel.
pub fn validate_v2alpha1(config: &v2alpha1::ImageSetConfiguration) -> Vec<String> {
    let mut errors = Vec::new();
    if config.api_version != v2alpha1::ImageSetConfiguration::API_VERSION
        || config.kind != v2alpha1::ImageSetConfiguration::KIND
    {
        errors.push(format!(
            "apiVersion/kind must be {}/{}",
            v2alpha1::ImageSetConfiguration::API_VERSION,
            v2alpha1::ImageSetConfiguration::KIND
        ));
    }
    let mut catalogs = BTreeSet::new();
    for operator in &config.mirror.operators {
        // The unique name is the catalog reference with its target path and tag applied.
        let unique = format!(
            "{}|{}|{}",
            operator.catalog,
            operator.target_catalog.as_deref().unwrap_or_default(),
            operator.target_tag.as_deref().unwrap_or_default()
        );
        if !catalogs.insert(unique) {
            errors.push(format!("catalog {:?}: duplicate found in configuration", operator.catalog));
        }
        let mut packages = BTreeSet::new();
        for pkg in &operator.packages {
            let at = format!("catalog {:?}: operator {:?}", operator.catalog, pkg.name);
            if pkg.name.is_empty() {
                errors.push(format!("catalog {:?}: a package has no name", operator.catalog));
            }
            if !packages.insert(pkg.name.as_str()) {
                errors.push(format!("catalog {:?}: duplicate package entry {:?}", operator.catalog, pkg.name));
            }
            for (field, value) in [("maxVersion", &pkg.max_version), ("minVersion", &pkg.min_version)] {
                if let Some(value) = value.as_deref().filter(|v| !semver(v)) {
                    errors.push(format!("{at}: {field} {value:?} must respect semantic versioning notation"));
                }
            }
            let mut channels = BTreeSet::new();
            for ch in &pkg.channels {
                if !channels.insert(ch.name.as_str()) {
                    errors.push(format!("{at}: duplicate channel entry {:?}", ch.name));
                }
                for (field, value) in [("maxVersion", &ch.max_version), ("minVersion", &ch.min_version)] {
                    if let Some(value) = value.as_deref().filter(|v| !semver(v)) {
                        errors.push(format!(
                            "{at}: channel {:?}: {field} {value:?} must respect semantic versioning notation",
                            ch.name
                        ));
                    }
                }
                let channel_versions = ch.min_version.is_some() || ch.max_version.is_some();
                let package_versions = pkg.min_version.is_some() || pkg.max_version.is_some();
                if channel_versions && package_versions {
                    errors.push(format!(
                        "{at}: mixing both filtering by minVersion/maxVersion and filtering by channel minVersion/maxVersion is not allowed"
                    ));
                }
            }
        }
    }
    errors
}

/// oc-mirror v1's checks of the operator part of a configuration (`v1/pkg/api/v1alpha2/
/// types_include_config.go` @ 855b64a: `ConvertToDiffIncludeConfig`, `IncludeBundle.validate`):
/// names on packages and channels, `minVersion` and `minBundle` exclusive, versions that
/// parse; plus the apiVersion, kind and a storage backend.
pub fn validate_v1alpha2(config: &v1alpha2::ImageSetConfiguration) -> Vec<String> {
    let mut errors = Vec::new();
    if config.api_version != v1alpha2::ImageSetConfiguration::API_VERSION
        || config.kind != v1alpha2::ImageSetConfiguration::KIND
    {
        errors.push(format!(
            "apiVersion/kind must be {}/{}",
            v1alpha2::ImageSetConfiguration::API_VERSION,
            v1alpha2::ImageSetConfiguration::KIND
        ));
    }
    if config.storage_config.registry.is_none() && config.storage_config.local.is_none() {
        errors.push("storageConfig needs registry or local".to_owned());
    }
    for operator in &config.mirror.operators {
        for (i, pkg) in operator.packages.iter().enumerate() {
            if pkg.name.is_empty() {
                errors.push(format!("package {i} requires a name"));
            }
            if pkg.min_version.is_some() && pkg.min_bundle.is_some() {
                errors.push(format!("package {}: minimum version and bundle are mutually exclusive", pkg.name));
            }
            if let Some(v) = pkg.min_version.as_deref().filter(|v| pkg.max_version.is_none() && !semver(v)) {
                errors.push(format!("package {}: {v:?} is not a semantic version", pkg.name));
            }
            for (j, ch) in pkg.channels.iter().enumerate() {
                if ch.name.is_empty() {
                    errors.push(format!("package {}: channel {j} requires a name", pkg.name));
                }
                if ch.min_version.is_some() && ch.min_bundle.is_some() {
                    errors.push(format!("channel {}: minimum version and bundle are mutually exclusive", ch.name));
                }
                for value in [&ch.min_version, &ch.max_version].into_iter().flatten() {
                    if !semver(value) {
                        errors.push(format!("channel {}: {value:?} is not a semantic version", ch.name));
                    }
                }
            }
        }
    }
    errors
}
