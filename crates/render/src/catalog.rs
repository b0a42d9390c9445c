//! The operator releases oscgen knows, the OpenShift catalogs that serve them, and how each
//! release's operator shapes the node objects.
//!
//! The tables come from `crates/render/catalog.toml`, which names the source of every value
//! (the operator repository's file-based catalogs under `fbc/v4.NN/`, its tags and branches,
//! the OpenShift docs). `build.rs` turns that file into the statics below when oscgen is
//! built; nothing parses it at run time. Adding a release is a change to that file and a
//! review of the snapshots that change.
//!
//! A channel or release is resolved against the target OpenShift version ([`resolve`]):
//! - OpenShift 4.15 and later: that version's catalog (its channels, heads and deprecations);
//! - older versions, which no catalog here covers: the OpenShift versions each release was
//!   documented for, and a note saying so;
//! - no version: every catalog at once, `stable` meaning the newest release oscgen knows, and a
//!   warning naming the catalogs that serve it.

use std::fmt;

use oscgen_api::oscgen::v1alpha1::CloudProvider;

pub mod file;

use crate::{DiagnosticKind as K, FieldPath, Report, Severity};

/// OLM package name of the operator, for every release [C bundle.Dockerfile label].
pub const PACKAGE: &str = "sandboxed-containers-operator";
/// The only namespace the operator installs into [C CSV `suggested-namespace`].
pub const NAMESPACE: &str = "openshift-sandboxed-containers-operator";
/// Name of the OperatorGroup and Subscription, as in the guide and the docs \[C2\].
pub const SUBSCRIPTION_NAME: &str = "openshift-sandboxed-containers-operator";
/// Catalog that publishes the operator [C2 docs, GitOps catalogs].
pub const SOURCE: &str = "redhat-operators";
/// Namespace of that catalog \[C2\].
pub const SOURCE_NAMESPACE: &str = "openshift-marketplace";

/// How a generation of the operator builds the node objects. Later generations change
/// selectors, labels and finalizers; each release's row in `catalog.toml` names its era.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeBehaviour {
    /// 1.0: MCP `kata-oc` only for a custom selector; extension MachineConfig role `worker`
    /// and RuntimeClass nodeSelector `node-role.kubernetes.io/worker`, as the install guide's
    /// cluster shows them (the v1.0.0 code would put the selector's matchLabels there).
    Preview10,
    /// 1.1: as 1.0 (the guide's OpenShift 4.9.5 cluster); the release-1.1 branch code would
    /// use role `kata-oc` and the selector's labels (`LabelSelectorAsMap`, commit 18a56bb).
    Preview11,
    /// 1.2: MCP `kata-oc` always, MC role `kata-oc`, RuntimeClass selects `kata-oc` nodes
    /// plus the flattened pool selector.
    Stable12,
    /// 1.3: as 1.2, plus the MCP label `pools.operator.machineconfiguration.openshift.io/kata-oc`
    /// and a ContainerRuntimeConfig for a log level other than `info`.
    Stable13,
    /// 1.4 to 1.8: MCP and RuntimeClass select only `node-role.kubernetes.io/kata-oc`; the
    /// extension name comes from the operator's `SANDBOXED_CONTAINERS_EXTENSION` variable.
    Stable14,
    /// 1.9 and 1.10: as 1.4, but without that variable the operator picks the extension from
    /// the ClusterVersion image (`sandboxed-containers` on OpenShift, `kata-containers` on OKD).
    Stable19,
    /// 1.11 and later: as 1.9, and the operator creates its RuntimeClasses with the finalizer
    /// `kataconfig.openshift.io/runtime-class-cleanup`, which it removes once no pod uses them.
    Stable111,
}

/// How a generation of the operator handles peer pods (`enablePeerPods: true`): the
/// `kata-remote` RuntimeClass, the peer-pods MachineConfigs, the `peer-pods-cm` keys and
/// providers, where the credentials may come from. Each release's `peer-pods` row in
/// `catalog.toml` names its era and what is not confirmed; `crate::peerpods` holds the
/// behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeerPodsBehaviour {
    /// 1.4: RuntimeClass and CRI-O handler `kata-remote-cc` (0.25 CPU, 350Mi), MachineConfigs
    /// `50-kata-remote-cc` (Ignition 2.2.0, shim `containerd-shim-kata-v2-tp`) and
    /// `40-worker-kata-remote-config`.
    RemoteCc14,
    /// 1.5: renamed `kata-remote` (RuntimeClass, handler, MachineConfig `50-kata-remote`).
    Remote15,
    /// 1.6: the operator creates `peer-pods-secret` from a CredentialsRequest when the user
    /// has not created it (commit baccb4e).
    Remote16,
    /// 1.7: the `confidential` feature gate, from which the operator writes `DISABLECVM` into
    /// `peer-pods-cm`; the CRI-O drop-in gains `runtime_pull_image` and the Devices annotation.
    Remote17,
    /// 1.8: the operator checks the `peer-pods-cm` keys of each provider before it builds the
    /// pod VM image (`validatePeerPodsConfigs`); libvirt keeps its pool and volume in the Secret;
    /// the per-node limit lives in the `PeerPodConfig` the operator creates.
    Remote18,
    /// 1.9: `kata-remote` overhead 120Mi (commit 40322ec); GCP; `PEERPODS_LIMIT_PER_NODE` in
    /// `peer-pods-cm` (commit b9ba8d5); libvirt's pool, volume and directory in `peer-pods-cm`.
    Remote19,
    /// 1.10: `PODVM_IMAGE_URI`, a prebuilt pod VM image (commit 7f3ca91).
    Remote110,
    /// 1.11 and later: the RuntimeClass finalizer, the `deploymentMode` feature gate, and
    /// confidential containers on bare metal; the peer-pods MachineConfigs were not read again.
    Remote111,
}

/// How a release handles peer pods, and how that is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeerPods {
    /// The era of its peer-pods code.
    pub era: PeerPodsBehaviour,
    /// How that is known.
    pub status: Status,
    /// Where the code was read.
    pub source: &'static [&'static str],
    /// What about it is not confirmed.
    pub note: Option<&'static str>,
}

/// How a fact in the catalog is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Read in the cited source at the cited tag or commit.
    Confirmed,
    /// Only in secondary public material (community GitOps repos, docs pages, observed
    /// cluster output).
    Secondary,
    /// Reasoned from neighbouring facts.
    Inferred,
}

impl Status {
    /// The word `catalog.toml` and `oscgen releases` use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Secondary => "secondary",
            Status::Inferred => "inferred",
        }
    }
}

/// How much of an OpenShift catalog was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// The rendered `catalog.json` was read at the cited commit.
    Catalog,
    /// Read up to a date; later changes are not known.
    Partial,
    /// Only the `catalog-template.yaml` it is rendered from was read.
    Template,
}

impl Confidence {
    /// The word `catalog.toml` and `oscgen releases` use.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Catalog => "catalog",
            Confidence::Partial => "partial",
            Confidence::Template => "template",
        }
    }

    /// What it means, for users.
    pub fn describe(self) -> &'static str {
        match self {
            Confidence::Catalog => "its catalog.json was read",
            Confidence::Partial => "its catalog.json was read only up to a date",
            Confidence::Template => "only its catalog template was read, not a rendered catalog.json",
        }
    }
}

/// An OpenShift minor version, `4.<minor>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpenShift {
    /// The minor version (9 for 4.9).
    pub minor: u32,
}

impl OpenShift {
    /// Parses `4.N` (a patch level, `4.9.5`, is accepted and ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let (major, minor) = (parts.next()?, parts.next()?);
        if major != "4" {
            return None;
        }
        let minor = minor.parse().ok()?;
        match parts.next() {
            Some(patch) if patch.parse::<u32>().is_err() => None,
            _ if parts.next().is_some() => None,
            _ => Some(Self { minor }),
        }
    }

    /// The first version whose Machine Config Daemon can write gzip-compressed files on a
    /// running node (MCO commit 200cff2, in release-4.10 but not 4.9).
    pub const GZIP_ON_UPDATE: OpenShift = OpenShift { minor: 10 };

    /// The first version whose CRI-O (1.22) knows a handler's `runtime_config_path`
    /// (OpenShift 4.y ships CRI-O 1.(y+13); CRI-O commit adding the key is in 1.22).
    pub const CRIO_RUNTIME_CONFIG_PATH: OpenShift = OpenShift { minor: 9 };
}

impl fmt::Display for OpenShift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "4.{}", self.minor)
    }
}

/// The OpenShift versions a release was documented for, before the catalogs oscgen has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Documented {
    /// Oldest.
    pub min: OpenShift,
    /// Newest.
    pub max: OpenShift,
    /// How it is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
}

impl Documented {
    /// Whether `openshift` is in the range.
    pub fn contains(&self, openshift: OpenShift) -> bool {
        (self.min..=self.max).contains(&openshift)
    }

    /// `4.9` or `4.11-4.13`.
    pub fn range(&self) -> String {
        span(self.min, self.max)
    }
}

fn span(min: OpenShift, max: OpenShift) -> String {
    if min == max { min.to_string() } else { format!("{min}-{max}") }
}

/// One operator release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// Version, `1.1.0`.
    pub version: &'static str,
    /// Its ClusterServiceVersion name (the Subscription's `startingCSV`).
    pub csv: &'static str,
    /// The channel a Subscription for this release uses.
    pub channel: &'static str,
    /// Every channel a catalog lists it on ([`Release::channel`] first).
    pub channels: &'static [&'static str],
    /// The OpenShift versions whose catalog serves it, oldest first; empty for a release no
    /// catalog here has (kept for clusters older than the catalogs).
    pub served_by: &'static [OpenShift],
    /// How its CSV name and channel are known.
    pub status: Status,
    /// Where they were read.
    pub source: &'static [&'static str],
    /// Its CSV's `minKubeVersion`, when it has one.
    pub min_kube: Option<&'static str>,
    /// The OpenShift versions it was documented for, when known.
    pub documented: Option<Documented>,
    /// Oldest OpenShift it is made for: the documented one, else the one its
    /// `minKubeVersion` needs.
    pub openshift_min: OpenShift,
    /// Newest OpenShift it is made for: the documented one, else the newest catalog serving it.
    pub openshift_max: OpenShift,
    /// How its operator builds the node objects.
    pub nodes: NodeBehaviour,
    /// How that is known.
    pub nodes_status: Status,
    /// Where the node-object code was read.
    pub nodes_source: &'static [&'static str],
    /// What about its node objects is not confirmed.
    pub nodes_note: Option<&'static str>,
    /// How it handles peer pods; `None` before 1.4, whose KataConfig has no `enablePeerPods`.
    pub peer_pods: Option<PeerPods>,
    /// What users should know when choosing it.
    pub note: Option<&'static str>,
}

/// A version that exists somewhere but cannot be chosen, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unavailable {
    /// The version.
    pub version: &'static str,
    /// Why it cannot be chosen, and what to choose instead.
    pub reason: &'static str,
    /// Where that was read.
    pub source: &'static [&'static str],
}

/// One channel of an OpenShift catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    /// Its name.
    pub name: &'static str,
    /// Its entries in the catalog's order: each replaces the one before, the last is the head.
    pub entries: &'static [&'static Release],
}

impl Channel {
    /// What OLM installs when subscribing to the channel.
    pub fn head(&self) -> Option<&'static Release> {
        self.entries.last().copied()
    }
}

/// The operator's package in one OpenShift version's `redhat-operators` catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    /// The OpenShift version.
    pub openshift: OpenShift,
    /// How much of it was read.
    pub confidence: Confidence,
    /// What is not known about it.
    pub note: &'static str,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// The package's default channel.
    pub default_channel: &'static str,
    /// Its channels, by name.
    pub channels: &'static [Channel],
    /// Channels its `olm.deprecations` mark deprecated.
    pub deprecated_channels: &'static [&'static str],
    /// Bundles (releases) its `olm.deprecations` mark deprecated.
    pub deprecated_releases: &'static [&'static Release],
    /// The channel every deprecation message points to.
    pub replacement: &'static str,
}

impl Catalog {
    /// The channel named `name`.
    pub fn channel(&self, name: &str) -> Option<&'static Channel> {
        let channels: &'static [Channel] = self.channels;
        channels.iter().find(|c| c.name == name.trim())
    }

    /// Whether some channel lists `release`.
    pub fn serves(&self, release: &Release) -> bool {
        self.channels.iter().any(|c| c.entries.iter().any(|r| r.version == release.version))
    }

    /// Every release it serves, oldest first.
    pub fn releases(&self) -> Vec<&'static Release> {
        CATALOG.iter().filter(|r| self.serves(r)).collect()
    }

    /// Whether `channel` is deprecated here.
    pub fn deprecates_channel(&self, channel: &str) -> bool {
        self.deprecated_channels.contains(&channel)
    }

    /// Whether `release` is a deprecated bundle here.
    pub fn deprecates_release(&self, release: &Release) -> bool {
        self.deprecated_releases.iter().any(|r| r.version == release.version)
    }

    /// The channel a Subscription for `release` uses here: its own when this catalog lists it
    /// there, else the first that does.
    pub fn channel_of(&self, release: &Release) -> Option<&'static Channel> {
        let channels: &'static [Channel] = self.channels;
        let lists = |c: &&Channel| c.entries.iter().any(|r| r.version == release.version);
        channels.iter().filter(lists).find(|c| c.name == release.channel).or_else(|| channels.iter().find(lists))
    }
}

/// A fact about what the operator reads, with how it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Known<T: 'static> {
    /// The fact.
    pub value: T,
    /// How it is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What about it is not confirmed.
    pub note: Option<&'static str>,
}

/// A gate the operator reads from `osc-feature-gates` (`[[feature-gate]]` in `catalog.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureGate {
    /// Its key, exactly as the operator looks it up.
    pub name: &'static str,
    /// The first release that reads it.
    pub since: &'static str,
    /// How that is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// One provider's peer-pods keys for the releases of some peer-pods eras
/// (`[[peer-pods-provider]]` in `catalog.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProviderKeys {
    /// The provider.
    pub provider: CloudProvider,
    /// The peer-pods eras (so releases) the row holds for.
    pub eras: &'static [PeerPodsBehaviour],
    /// What `peer-pods-cm` holds for it, the id of the pod VM image last.
    pub keys: &'static [&'static str],
    /// What the operator checks, present and not empty, before it builds the pod VM image.
    pub required: &'static [&'static str],
    /// What each pod VM needs and the operator does not check.
    pub network: &'static [&'static str],
    /// The keys of `peer-pods-secret`.
    pub secret: &'static [&'static str],
    /// How it is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What about it is not confirmed.
    pub note: Option<&'static str>,
}

/// `peer-pods-cm` keys the operator writes itself (`[[peer-pods-operator-written]]` in
/// `catalog.toml`), for the releases of some peer-pods eras.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperatorWritten {
    /// The keys.
    pub keys: &'static [&'static str],
    /// The peer-pods eras (so releases) whose operator writes them.
    pub eras: &'static [PeerPodsBehaviour],
    /// What it writes there, and what to set instead.
    pub why: &'static str,
    /// How it is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What about it is not confirmed.
    pub note: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The gates the operator reads from `osc-feature-gates`, each with the first release that
/// reads it.
pub const FEATURE_GATES: &[FeatureGate] = &FEATURE_GATE_LIST;

/// The node labels the operator's `kata-cc` RuntimeClass selects TEE nodes by, on bare metal
/// with the `confidential` gate.
pub const TEE_NODE_LABELS: Known<&[&str]> = TEE_LABELS;

/// The peer-pods eras whose releases read `AA_KBC_PARAMS` from `peer-pods-cm`.
pub const AA_KBC_PARAMS_ERAS: Known<&[PeerPodsBehaviour]> = AA_KBC_PARAMS;

/// Every provider's peer-pods keys, per range of releases.
pub const PEER_PODS_KEYS: &[ProviderKeys] = &PEER_PODS_PROVIDERS;

/// The `peer-pods-cm` keys every provider shares.
pub const PEER_PODS_COMMON_KEYS: Known<&[&str]> = PEER_PODS_COMMON;

/// The `peer-pods-cm` keys the operator writes itself, per range of releases.
pub const OPERATOR_WRITTEN: &[OperatorWritten] = &OPERATOR_WRITTEN_ROWS;

/// Every release oscgen knows, oldest first.
pub static CATALOG: &[Release] = &RELEASES;

/// Every OpenShift catalog oscgen knows, oldest first.
pub static CATALOGS: &[Catalog] = &CATALOG_LIST;

/// Versions that exist but cannot be chosen.
pub static UNAVAILABLE: &[Unavailable] = &UNAVAILABLE_VERSIONS;

/// A KataConfig `spec` field that only some releases have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KataField {
    /// `checkNodeEligibility`, 1.2+.
    CheckNodeEligibility,
    /// `logLevel`, 1.3+.
    LogLevel,
    /// `enablePeerPods`, 1.4+.
    EnablePeerPods,
}

impl KataField {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            KataField::CheckNodeEligibility => "checkNodeEligibility",
            KataField::LogLevel => "logLevel",
            KataField::EnablePeerPods => "enablePeerPods",
        }
    }

    /// The first node behaviour (and so release) whose KataConfig has the field
    /// (`api/v1/kataconfig_types.go` of each tag; no spec field changed from 1.4 to 1.13).
    fn since(self) -> NodeBehaviour {
        match self {
            KataField::CheckNodeEligibility => NodeBehaviour::Stable12,
            KataField::LogLevel => NodeBehaviour::Stable13,
            KataField::EnablePeerPods => NodeBehaviour::Stable14,
        }
    }
}

impl Release {
    /// Whether this release's KataConfig has `field`.
    pub fn has(&self, field: KataField) -> bool {
        self.nodes >= field.since()
    }

    /// The first release in the catalog whose KataConfig has `field`.
    pub fn first_with(field: KataField) -> &'static Release {
        CATALOG.iter().find(|r| r.has(field)).unwrap_or(newest())
    }

    /// Whether the operator's validating webhook refuses a second KataConfig (1.1+); 1.0
    /// accepted it and failed silently.
    pub fn rejects_second_kataconfig(&self) -> bool {
        self.nodes >= NodeBehaviour::Preview11
    }

    /// Whether it was made for OpenShift `v`: the versions it was documented for, else any
    /// from the oldest its `minKubeVersion` allows (for clusters older than every catalog).
    pub fn made_for(&self, v: OpenShift) -> bool {
        self.documented.map_or(v >= self.openshift_min, |d| d.contains(v))
    }

    /// What [`Release::made_for`] accepts, as text: `4.9`, or `4.15 or later`.
    pub fn made_for_text(&self) -> String {
        match self.documented {
            Some(d) => d.range(),
            None => format!("{} or later", self.openshift_min),
        }
    }

    /// The OpenShift versions it is made for as text, `4.9` or `4.11-4.13`.
    pub fn openshift_range(&self) -> String {
        span(self.openshift_min, self.openshift_max)
    }

    /// Whether some catalog lists it on `channel`, or (for a release no catalog has) it was
    /// published there.
    pub fn on_channel(&self, channel: &str) -> bool {
        self.channels.contains(&channel.trim())
    }

    /// The catalogs that serve it.
    pub fn catalogs(&self) -> impl Iterator<Item = &'static Catalog> + '_ {
        CATALOGS.iter().filter(|c| c.serves(self))
    }

    /// The catalogs that serve it, as text: `4.15-4.22`, `4.16-4.17, 4.19-4.22` or `none`.
    pub fn served_by_text(&self) -> String {
        minors_text(self.served_by)
    }
}

/// Consecutive minors joined into ranges: `4.15-4.18, 4.20`.
pub fn minors_text(versions: &[OpenShift]) -> String {
    let mut runs: Vec<(OpenShift, OpenShift)> = Vec::new();
    for v in versions {
        match runs.last_mut() {
            Some((_, end)) if end.minor + 1 == v.minor => *end = *v,
            _ => runs.push((*v, *v)),
        }
    }
    if runs.is_empty() {
        return "none".to_owned();
    }
    runs.iter().map(|(a, b)| span(*a, *b)).collect::<Vec<_>>().join(", ")
}

/// For a release newer than every one oscgen knows: that a catalog given with `--catalog`
/// can serve it.
fn newer_hint(version: &str) -> String {
    use crate::upgrade::Version;
    match (Version::parse(version.trim()), Version::parse(newest().version)) {
        (Some(given), Some(newest)) if given > newest => format!(
            "; {version} is newer than oscgen's data: give the cluster's catalog with `--catalog FILE` (the `opm render` output of its index)"
        ),
        _ => String::new(),
    }
}

/// The newest release in the catalog: `stable`'s head when no OpenShift version is given.
pub fn newest() -> &'static Release {
    CATALOG.last().unwrap_or(&RELEASES[0])
}

/// The release with this exact version.
pub fn by_version(version: &str) -> Option<&'static Release> {
    CATALOG.iter().find(|r| r.version == version.trim())
}

/// The newest release on this channel in any catalog (what OLM installs when subscribing to
/// it where the newest catalog serves it).
pub fn by_channel(channel: &str) -> Option<&'static Release> {
    CATALOG.iter().rev().find(|r| r.on_channel(channel))
}

/// The release whose CSV name is `csv`.
pub fn by_csv(csv: &str) -> Option<&'static Release> {
    CATALOG.iter().find(|r| r.csv == csv.trim())
}

/// The catalog of this OpenShift version, when oscgen has it.
pub fn catalog(openshift: OpenShift) -> Option<&'static Catalog> {
    CATALOGS.iter().find(|c| c.openshift == openshift)
}

/// The version that cannot be chosen, with why.
pub fn unavailable(version: &str) -> Option<&'static Unavailable> {
    UNAVAILABLE.iter().find(|u| u.version == version.trim())
}

/// Every channel, in the order releases first appear on them, once each.
pub fn channels() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in CATALOG {
        for channel in r.channels {
            if !out.contains(channel) {
                out.push(channel);
            }
        }
    }
    out
}

/// Every version, oldest first.
pub fn versions() -> Vec<&'static str> {
    CATALOG.iter().map(|r| r.version).collect()
}

/// The finding for a release that no OpenShift catalog in the data serves.
fn in_no_catalog(r: &Release) -> K {
    K::ReleaseInNoCatalog {
        release: r.version.to_owned(),
        catalogs: catalog_span(),
        note: r.note.unwrap_or_default().to_owned(),
    }
}

/// The oldest and newest OpenShift version with a catalog.
pub fn catalog_span() -> String {
    match (CATALOGS.first(), CATALOGS.last()) {
        (Some(first), Some(last)) => span(first.openshift, last.openshift),
        _ => "none".to_owned(),
    }
}

/// The OpenShift version a spec targets, as its `openshiftVersion` field gave it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenShiftTarget {
    /// No version given: every catalog.
    Any,
    /// A version that does not parse (already reported): resolve quietly, as for any.
    Invalid,
    /// This version.
    OpenShift(OpenShift),
}

impl OpenShiftTarget {
    /// Reads an `openshiftVersion` field, reporting one that does not parse at `path`.
    pub fn read(text: Option<&str>, path: &FieldPath, report: &mut Report) -> Self {
        match text {
            None => OpenShiftTarget::Any,
            Some(text) => match OpenShift::parse(text) {
                Some(v) => OpenShiftTarget::OpenShift(v),
                None => {
                    report.add(path.clone(), K::InvalidOpenShiftVersion { value: text.to_owned() });
                    OpenShiftTarget::Invalid
                }
            },
        }
    }

    /// The version, if one was given.
    pub fn version(self) -> Option<OpenShift> {
        match self {
            OpenShiftTarget::OpenShift(v) => Some(v),
            _ => None,
        }
    }
}

/// What a spec's `channel`, `release` and `openshiftVersion` resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// The release.
    pub release: &'static Release,
    /// The channel a Subscription for it uses.
    pub channel: &'static str,
}

/// What to resolve: the spec's fields, and what to use when it names neither a channel nor
/// a release.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// `spec.channel`.
    pub channel: Option<&'a str>,
    /// `spec.release`.
    pub release: Option<&'a str>,
    /// `spec.openshiftVersion`.
    pub target: OpenShiftTarget,
    /// Whether a spec without either resolves to the default channel's head (KataRuntime)
    /// or is an error (the operator subscription must say what it subscribes to).
    pub default: bool,
}

/// What a resolution picked a head for (for messages).
fn picked(channel: Option<&str>) -> String {
    channel.map_or_else(|| "the default release".to_owned(), |c| format!("channel `{c}`"))
}

/// The path a resolution without a channel or release blames.
fn path_of(channel: Option<&str>, spec: &FieldPath) -> FieldPath {
    if channel.is_some() { spec.key("channel") } else { spec.clone() }
}

/// Which catalog data a resolution uses.
#[derive(Clone, Copy)]
enum Scope {
    /// One OpenShift version's catalog.
    Catalog(&'static Catalog),
    /// An OpenShift version older than every catalog: the documented versions of each release.
    Documented(OpenShift),
    /// No version: every catalog.
    Any(OpenShiftTarget),
}

impl Scope {
    fn channels(self) -> Vec<&'static str> {
        match self {
            Scope::Catalog(c) => c.channels.iter().map(|ch| ch.name).collect(),
            Scope::Documented(_) | Scope::Any(_) => channels(),
        }
    }
}

/// Finds the release a spec means, against the catalog of its target OpenShift version,
/// reporting unknown values, disagreements, deprecations and what the choice rests on at
/// `spec.channel` / `spec.release` / `spec.openshiftVersion` / `spec`.
pub fn resolve(request: Request<'_>, spec: &FieldPath, report: &mut Report) -> Option<Resolution> {
    let Request { channel, release, target, default } = request;
    let scope = match target.version() {
        Some(v) => match (catalog(v), CATALOGS.last()) {
            (Some(c), _) => Scope::Catalog(c),
            (None, Some(newest)) if v > newest.openshift => {
                report.add(
                    spec.key("openshiftVersion"),
                    K::OpenShiftNewerThanCatalogs { openshift: v.to_string(), newest: newest.openshift.to_string() },
                );
                Scope::Catalog(newest)
            }
            (None, _) => Scope::Documented(v),
        },
        None => Scope::Any(target),
    };
    // The channel as the catalog data spells it (so the result can outlive the spec).
    let mut known = true;
    let channel: Option<&'static str> = match channel.map(str::trim) {
        Some(name) => {
            let channels = scope.channels();
            let found = channels.iter().copied().find(|c| *c == name);
            if found.is_none() {
                report.add(
                    spec.key("channel"),
                    K::UnknownChannel { channel: name.to_owned(), known: channels.join(", ") },
                );
                known = false;
            }
            found
        }
        None => None,
    };
    let release = match release.map(str::trim) {
        Some(version) => match by_version(version) {
            Some(r) => Some(r),
            None => {
                let known = versions().join(", ");
                let kind = match unavailable(version) {
                    Some(u) => {
                        K::ReleaseUnavailable { release: version.to_owned(), reason: u.reason.to_owned(), known }
                    }
                    None => K::UnknownRelease { release: version.to_owned(), known, newer: newer_hint(version) },
                };
                report.add(spec.key("release"), kind);
                return None;
            }
        },
        None => None,
    };
    if !known {
        return None;
    }
    if channel.is_none() && release.is_none() && !default {
        report.add(
            spec.clone(),
            K::MissingChannelOrRelease { channels: channels().join(", "), releases: versions().join(", ") },
        );
        return None;
    }
    match scope {
        Scope::Catalog(c) => in_catalog(c, channel, release, spec, report),
        Scope::Documented(v) => documented(v, channel, release, spec, report),
        Scope::Any(target) => any_catalog(channel, release, target, spec, report),
    }
}

/// Channel and release checked against each other: the release must be on the channel.
fn agree(
    channel: Option<&'static str>,
    release: &'static Release,
    on_channel: bool,
    spec: &FieldPath,
    report: &mut Report,
) -> bool {
    match channel {
        Some(channel) if !on_channel => {
            report.add(
                spec.key("channel"),
                K::ChannelReleaseMismatch {
                    channel: channel.to_owned(),
                    release: release.version.to_owned(),
                    release_channel: release.channel.to_owned(),
                },
            );
            false
        }
        _ => true,
    }
}

/// Resolution against one catalog (OpenShift 4.15 and later).
fn in_catalog(
    c: &'static Catalog,
    channel: Option<&'static str>,
    release: Option<&'static Release>,
    spec: &FieldPath,
    report: &mut Report,
) -> Option<Resolution> {
    let openshift = c.openshift.to_string();
    // `resolve` checked that the channel is one of this catalog's.
    let named = channel.and_then(|name| c.channel(name));
    let resolution = match release {
        Some(r) => {
            if !c.serves(r) {
                let served = c.releases().iter().map(|r| r.version).collect::<Vec<_>>().join(", ");
                report.add(
                    spec.key("release"),
                    K::ReleaseNotInCatalog {
                        release: r.version.to_owned(),
                        openshift,
                        served,
                        note: c.note.to_owned(),
                    },
                );
                return None;
            }
            let on_channel = named.is_none_or(|ch| ch.entries.iter().any(|e| e.version == r.version));
            if !agree(channel, r, on_channel, spec, report) {
                return None;
            }
            let subscribed = named.or_else(|| c.channel_of(r))?;
            Resolution { release: r, channel: subscribed.name }
        }
        None => {
            let ch = match named {
                Some(ch) => ch,
                None => c.channel(c.default_channel)?,
            };
            Resolution { release: ch.head()?, channel: ch.name }
        }
    };
    if c.confidence != Confidence::Catalog {
        report.add(
            spec.key("openshiftVersion"),
            K::CatalogNotConfirmed {
                openshift: c.openshift.to_string(),
                confidence: c.confidence.describe().to_owned(),
                note: c.note.to_owned(),
            },
        );
    }
    let replacement = c.channel(c.replacement).and_then(Channel::head).map_or("", |r| r.version);
    if c.deprecates_channel(resolution.channel) {
        let path = if channel.is_some() { spec.key("channel") } else { spec.key("release") };
        report.add(
            path,
            K::DeprecatedChannel {
                channel: resolution.channel.to_owned(),
                openshift: c.openshift.to_string(),
                replacement: c.replacement.to_owned(),
                head: replacement.to_owned(),
            },
        );
    }
    if c.deprecates_release(resolution.release) {
        let path = if release.is_some() { spec.key("release") } else { path_of(channel, spec) };
        report.add(
            path,
            K::DeprecatedRelease {
                release: resolution.release.version.to_owned(),
                openshift: c.openshift.to_string(),
                replacement: c.replacement.to_owned(),
                head: replacement.to_owned(),
            },
        );
    }
    Some(resolution)
}

/// Resolution for an OpenShift version older than every catalog: the versions each release
/// was documented for.
fn documented(
    v: OpenShift,
    channel: Option<&'static str>,
    release: Option<&'static Release>,
    spec: &FieldPath,
    report: &mut Report,
) -> Option<Resolution> {
    if let Some(r) = release {
        if !agree(channel, r, channel.is_none_or(|c| r.on_channel(c)), spec, report) {
            return None;
        }
        if !r.made_for(v) {
            let supported = r.made_for_text();
            report.add(
                spec.key("openshiftVersion"),
                K::OpenShiftVersionOutOfRange { value: v.to_string(), release: r.version.to_owned(), supported },
            );
        }
        if r.served_by.is_empty() {
            report.add_as(Severity::Info, spec.key("release"), in_no_catalog(r));
        }
        return Some(Resolution { release: r, channel: channel.unwrap_or(r.channel) });
    }
    let documented_for = |r: &&Release| r.documented.is_some_and(|d| d.contains(v));
    let head = CATALOG.iter().rev().filter(documented_for).find(|r| channel.is_none_or(|c| r.on_channel(c)));
    let Some(head) = head else {
        let candidates: Vec<String> =
            CATALOG.iter().filter(documented_for).map(|r| format!("{} ({})", r.version, r.channel)).collect();
        report.add(
            path_of(channel, spec),
            K::NotDocumentedForOpenShift {
                what: channel.map_or_else(|| "no release".to_owned(), |c| format!("no release on channel `{c}`")),
                openshift: v.to_string(),
                catalogs: catalog_span(),
                candidates: if candidates.is_empty() { "none".to_owned() } else { candidates.join(", ") },
            },
        );
        return None;
    };
    let range = head.documented.map(|d| format!("{}, {}", d.range(), d.status.as_str())).unwrap_or_default();
    report.add(
        path_of(channel, spec),
        K::ResolvedFromDocumentedRange {
            what: picked(channel),
            release: head.version.to_owned(),
            openshift: v.to_string(),
            range,
            catalogs: catalog_span(),
        },
    );
    Some(Resolution { release: head, channel: channel.unwrap_or(head.channel) })
}

/// Resolution without a target version: every catalog at once.
fn any_catalog(
    channel: Option<&'static str>,
    release: Option<&'static Release>,
    target: OpenShiftTarget,
    spec: &FieldPath,
    report: &mut Report,
) -> Option<Resolution> {
    if let Some(r) = release {
        if !agree(channel, r, channel.is_none_or(|c| r.on_channel(c)), spec, report) {
            return None;
        }
        if r.served_by.is_empty() && target == OpenShiftTarget::Any {
            report.add(spec.key("release"), in_no_catalog(r));
        }
        return Some(Resolution { release: r, channel: channel.unwrap_or(r.channel) });
    }
    // No release: the channel's head (the default channel's for a KataRuntime).
    let default_channel = CATALOGS.last().map_or("stable", |c| c.default_channel);
    let name = channel.unwrap_or(default_channel);
    let head = by_channel(name)?;
    // Which catalogs have another head for this channel: then the choice needs a version.
    let others: Vec<String> = CATALOGS
        .iter()
        .filter_map(|c| Some((c.openshift, c.channel(name)?.head()?)))
        .filter(|(_, h)| h.version != head.version)
        .map(|(v, h)| format!("{v}: {}", h.version))
        .collect();
    if !others.is_empty() && target == OpenShiftTarget::Any {
        report.add(
            path_of(channel, spec),
            K::HeadDependsOnOpenShift {
                what: picked(channel),
                channel: name.to_owned(),
                release: head.version.to_owned(),
                served_by: head.served_by_text(),
                others: others.join(", "),
            },
        );
    }
    Some(Resolution { release: head, channel: name })
}
