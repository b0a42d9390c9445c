//! Upgrade planning: what happens to the operator, its KataConfig and the nodes when
//! OpenShift (and with it the operator's catalog) moves from one version to the next.
//!
//! Everything here is reasoning over the data in `catalog.toml`: the channels of each
//! OpenShift catalog, how OLM reaches each channel entry (`replaces`, `olm.skipRange`), the
//! known upgrade problems, and what each release changes on the nodes, in the KataConfig and
//! in `peer-pods-cm`. Each statement of a [`Plan`] carries how its fact is known
//! ([`Certainty`]); OLM's choice of a successor, for one, is inferred from its documented rules
//! applied to the confirmed catalogs.
//!
//! ```
//! use oscgen_render::upgrade::{plan, Approval, Request};
//!
//! let to = ["4.18".to_owned(), "4.20".to_owned()];
//! let request = Request {
//!     from: "1.10.3",
//!     channel: "stable",
//!     openshift: "4.16",
//!     to_openshift: &to,
//!     to: None,
//!     approval: Approval::Manual,
//!     peer_pods: false,
//!     catalogs: &[],
//! };
//! let plan = plan(&request)?;
//! let after: Vec<String> = plan.steps.iter().map(|s| s.after.to_string()).collect();
//! // 4.18's head (1.10.1) is older than 1.10.3: nothing moves until 4.20.
//! assert_eq!(after, ["1.10.3", "1.10.3", "1.11.1"]);
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use std::fmt;

use serde::Serialize;

use crate::Error;
use crate::catalog::day2::{EDGES, FIELDS, INSTALLED, KEYS, NODE_CHANGES, RULES, SOURCES};
use crate::catalog::{self, Catalog, OpenShift, Release};

/// A release version, `1.10.3`, ordered numerically.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub [u32; 3]);

impl Version {
    /// Parses `1.10.3` (a leading `v` is accepted).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts = text
            .split('.')
            .map(|p| (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten());
        let out = [parts.next()??, parts.next()??, parts.next()??];
        parts.next().is_none().then_some(Self(out))
    }

    /// The version of a release of the catalog (checked when oscgen is built).
    pub fn of(release: &Release) -> Self {
        Self::parse(release.version).unwrap_or_default()
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.0;
        write!(f, "{a}.{b}.{c}")
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A range of versions as the catalog writes it (`>=1.1.0 <1.10.3`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionRange {
    /// As written.
    pub text: &'static str,
    /// The oldest version in it, if bounded.
    pub min: Option<Version>,
    /// The first version above it, if bounded.
    pub below: Option<Version>,
}

impl VersionRange {
    /// Whether `v` is in it.
    pub fn contains(&self, v: Version) -> bool {
        self.min.is_none_or(|min| v >= min) && self.below.is_none_or(|below| v < below)
    }
}

/// How a day-2 fact is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// Read in code or in a catalog at the cited commit.
    Confirmed,
    /// Vendor docs or a maintainer's text.
    Documented,
    /// Reasoned from confirmed or documented facts.
    Inferred,
    /// Searched for and not found.
    Unknown,
}

impl Certainty {
    /// The word used in tables and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Certainty::Confirmed => "confirmed",
            Certainty::Documented => "documented",
            Certainty::Inferred => "inferred",
            Certainty::Unknown => "unknown",
        }
    }
}

/// When a rule or node change applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Always.
    Always,
    /// When a KataConfig exists.
    KataConfig,
    /// When the KataConfig has `enablePeerPods: true`.
    PeerPods,
}

/// What a node change does to a running cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The MCO re-renders `kata-oc`: its nodes drain and reboot, one at a time.
    Rolls,
    /// Only objects created after the upgrade get it.
    CreatedOnce,
    /// An object the new release no longer manages stays.
    Orphan,
    /// Not read.
    Unknown,
}

/// What happens to a `peer-pods-cm` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyChange {
    /// The operator reads a new key.
    Added,
    /// The key moves from `peer-pods-secret`.
    Moved,
    /// The operator writes the key itself.
    Written,
}

/// How OLM reaches one channel entry.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    /// The channel.
    pub channel: &'static str,
    /// The entry.
    pub entry: &'static Release,
    /// The release it replaces.
    pub replaces: Option<&'static Release>,
    /// Its `olm.skipRange`.
    pub skip_range: Option<VersionRange>,
    /// How it is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// A version clusters may run that cannot be chosen for a new install.
#[derive(Clone, Copy, Debug)]
pub struct Installed {
    /// The version.
    pub version: Version,
    /// As written in the data.
    pub text: &'static str,
    /// The release it is planned like.
    pub like: &'static Release,
    /// How that is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// Why it is planned like that release.
    pub note: &'static str,
}

/// A known upgrade problem or manual step.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Its name.
    pub id: &'static str,
    /// The releases an upgrade leaves.
    pub from: VersionRange,
    /// The releases it reaches.
    pub to: VersionRange,
    /// When it applies.
    pub when: When,
    /// What happens and what to do.
    pub text: &'static str,
    /// How it is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// A change to the node objects from one release on.
#[derive(Clone, Copy, Debug)]
pub struct NodeChange {
    /// The first release with it.
    pub since: Version,
    /// When it applies.
    pub when: When,
    /// The objects.
    pub object: &'static str,
    /// What changes.
    pub change: &'static str,
    /// What that does to a running cluster.
    pub effect: Effect,
    /// How it is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// A KataConfig field some releases have.
#[derive(Clone, Copy, Debug)]
pub struct FieldSpan {
    /// The field (or fields).
    pub field: &'static str,
    /// The first release with it.
    pub since: Version,
    /// The first release without it again.
    pub until: Option<Version>,
    /// How it is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// A `peer-pods-cm` key that appears, moves or that the operator starts writing.
#[derive(Clone, Copy, Debug)]
pub struct KeySpan {
    /// The key (or keys).
    pub key: &'static str,
    /// The first release.
    pub since: Version,
    /// What happens to it.
    pub change: KeyChange,
    /// Details.
    pub text: &'static str,
    /// How it is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// Every channel entry's edge.
pub fn edges() -> &'static [Edge] {
    &EDGES
}

/// Versions clusters may run that cannot be chosen.
pub fn installed_only() -> &'static [Installed] {
    &INSTALLED
}

/// How InstallPlans are approved (`Subscription.spec.installPlanApproval`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum Approval {
    /// OLM approves every InstallPlan itself.
    #[default]
    Automatic,
    /// Each InstallPlan waits for an administrator.
    Manual,
}

/// What to plan.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The installed release: `1.10.3`, `v1.10.3` or the CSV name.
    pub from: &'a str,
    /// The Subscription's channel.
    pub channel: &'a str,
    /// The cluster's OpenShift version now.
    pub openshift: &'a str,
    /// The OpenShift versions to upgrade through, in order (one, or an EUS path).
    pub to_openshift: &'a [String],
    /// The release the user wants to reach.
    pub to: Option<&'a str>,
    /// The Subscription's approval.
    pub approval: Approval,
    /// Whether the KataConfig has `enablePeerPods: true`.
    pub peer_pods: bool,
    /// Catalogs read from files (`--catalog VERSION=FILE`), used instead of oscgen's for their
    /// OpenShift versions.
    pub catalogs: &'a [FileCatalog],
}

/// What a statement is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Topic {
    /// The catalog the step uses.
    Catalog,
    /// The OpenShift upgrade itself.
    OpenShift,
    /// Where OLM moves the operator.
    Operator,
    /// InstallPlan approval.
    InstallPlan,
    /// Channel changes to make by hand.
    Channel,
    /// Known problems and manual steps of an edge.
    KnownIssue,
    /// Node objects and whether `kata-oc` rolls.
    Nodes,
    /// KataConfig fields gained or lost.
    KataConfig,
    /// `peer-pods-cm` keys.
    PeerPodsCm,
    /// The release asked for with `--to`.
    Target,
}

impl Topic {
    /// The word used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::Catalog => "catalog",
            Topic::OpenShift => "openshift",
            Topic::Operator => "operator",
            Topic::InstallPlan => "installplan",
            Topic::Channel => "channel",
            Topic::KnownIssue => "known issue",
            Topic::Nodes => "nodes",
            Topic::KataConfig => "kataconfig",
            Topic::PeerPodsCm => "peer-pods-cm",
            Topic::Target => "target",
        }
    }
}

/// One statement of a plan, with how its fact is known and where it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// What it is about.
    pub topic: Topic,
    /// What it says, for programs: `moves`, `no-roll`, `rule:csv-pending-1.5.0`,
    /// `field-gained:status.runtimeClasses` (never parse `text`).
    pub id: String,
    /// How it is known.
    pub certainty: Certainty,
    /// The statement.
    pub text: String,
    /// Where its facts were read (keys of `catalog.toml`'s sources, expanded).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<&'static str>,
}

/// How OLM reaches a channel entry from the installed release.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    /// The entry's `replaces` names the installed release.
    Replaces,
    /// The entry's `skips` names the installed release.
    Skips,
    /// The entry's `olm.skipRange` covers the installed release.
    SkipRange,
}

/// One InstallPlan: the operator moves from one release to the next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Move {
    /// The release left.
    pub from: Version,
    /// The release reached.
    pub to: Version,
    /// The edge.
    pub edge: EdgeKind,
    /// The edge as the catalog writes it.
    pub detail: String,
    /// How the move is known.
    pub certainty: Certainty,
}

/// One OpenShift version of the path: what its catalog does to the operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    /// The cluster's OpenShift version in this step.
    pub openshift: String,
    /// Whether this is the cluster's current version.
    pub current: bool,
    /// The catalog used: `4.18`, or for a version before the catalogs `documented`.
    pub catalog: String,
    /// The Subscription's channel.
    pub channel: String,
    /// The release before the step.
    pub before: Version,
    /// The release the operator is on after it.
    pub after: Version,
    /// The InstallPlans of the step, in order.
    pub moves: Vec<Move>,
    /// What else to know.
    pub statements: Vec<Statement>,
}

/// An upgrade plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The installed release.
    pub from: Version,
    /// When the installed release cannot be chosen: the release it is planned like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_as: Option<&'static str>,
    /// The channel.
    pub channel: String,
    /// The approval.
    pub approval: Approval,
    /// Whether peer pods are enabled.
    pub peer_pods: bool,
    /// One step per OpenShift version, the current one first.
    pub steps: Vec<Step>,
}

impl Plan {
    /// Whether any statement rests on an inferred (or unknown) fact.
    pub fn inferred(&self) -> impl Iterator<Item = (&Step, &Statement)> {
        self.steps
            .iter()
            .flat_map(|s| s.statements.iter().filter(|st| st.certainty >= Certainty::Inferred).map(move |st| (s, st)))
    }
}

fn invalid(flag: &'static str, value: &str, message: impl Into<String>) -> Error {
    Error::Plan { flag, value: value.to_owned(), message: message.into() }
}

pub(crate) fn statement(
    topic: Topic,
    id: impl Into<String>,
    certainty: Certainty,
    text: impl Into<String>,
    source: &[&'static str],
) -> Statement {
    Statement { topic, id: id.into(), certainty, text: text.into(), source: source.to_vec() }
}

/// A range of versions read from a catalog file (`>=1.1.0 <1.10.3`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkipRange {
    /// As written.
    pub text: String,
    /// The oldest version in it, if bounded.
    pub min: Option<Version>,
    /// The first version above it, if bounded.
    pub below: Option<Version>,
}

impl SkipRange {
    /// Reads the range forms OSC catalogs use: `>=A <B`, `>=A`, `<B` (blang/semver syntax).
    pub fn parse(text: &str) -> Option<Self> {
        let (mut min, mut below) = (None, None);
        for token in text.split_whitespace() {
            if let Some(v) = token.strip_prefix(">=") {
                min = Some(Version::parse(v)?);
            } else if let Some(v) = token.strip_prefix('<').filter(|v| !v.starts_with('=')) {
                below = Some(Version::parse(v)?);
            } else {
                return None;
            }
        }
        (min.is_some() || below.is_some()).then(|| Self { text: text.to_owned(), min, below })
    }

    /// Whether `v` is in it.
    pub fn contains(&self, v: Version) -> bool {
        self.min.is_none_or(|min| v >= min) && self.below.is_none_or(|below| v < below)
    }
}

/// One channel entry as OLM reads it: the release and how OLM reaches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The release.
    pub version: Version,
    /// The release its `replaces` names.
    pub replaces: Option<Version>,
    /// The releases its `skips` names.
    pub skips: Vec<Version>,
    /// Its `olm.skipRange`.
    pub skip_range: Option<SkipRange>,
}

/// A channel's entries from oscgen's data (the static catalog and its `[[edge]]` rows).
pub(crate) fn static_entries(channel: &str, releases: &[&'static Release]) -> Vec<Entry> {
    releases
        .iter()
        .filter_map(|r| {
            let e = edge(channel, r)?;
            Some(Entry {
                version: Version::of(r),
                replaces: e.replaces.map(Version::of),
                skips: Vec::new(),
                skip_range: e.skip_range.map(|range| SkipRange {
                    text: range.text.to_owned(),
                    min: range.min,
                    below: range.below,
                }),
            })
        })
        .collect()
}

/// The operator's package in an OpenShift catalog read from a file (`opm render` output), so a
/// plan can use a newer index than oscgen's data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCatalog {
    /// The OpenShift version it is the catalog of.
    pub openshift: OpenShift,
    /// The file.
    pub name: String,
    /// The package's default channel.
    pub default_channel: String,
    /// Its channels with their entries, oldest first.
    pub channels: Vec<(String, Vec<Entry>)>,
    /// Channels its `olm.deprecations` mark deprecated.
    pub deprecated_channels: Vec<String>,
}

impl FileCatalog {
    /// Reads `text` (`opm render` output: a JSON stream or YAML documents) as the catalog of
    /// OpenShift `openshift`, keeping the operator's package.
    pub fn read(openshift: &str, name: &str, text: &str) -> Result<Self, Error> {
        let bad = |message: String| Error::Plan { flag: "--catalog", value: name.to_owned(), message };
        let v = OpenShift::parse(openshift).ok_or_else(|| {
            bad(format!("`{openshift}` is not an OpenShift version; write VERSION=FILE, e.g. 4.20=index.json"))
        })?;
        let parsed = catalog::file::FileCatalog::parse(name, text).map_err(|e| bad(e.to_string()))?;
        let prefix = format!("{}.v", catalog::PACKAGE);
        let version_of = |csv: &str| csv.strip_prefix(&prefix).and_then(Version::parse);
        let mut channels = Vec::new();
        for (channel, listed) in &parsed.channels {
            let mut entries = Vec::new();
            for e in &listed.entries {
                let version = version_of(&e.name).ok_or_else(|| {
                    bad(format!("channel {channel}: entry `{}` is not {prefix}MAJOR.MINOR.PATCH", e.name))
                })?;
                let skip_range = match &e.skip_range {
                    Some(range) => Some(SkipRange::parse(range).ok_or_else(|| {
                        bad(format!("channel {channel}: entry {version}: skipRange `{range}` is not a form oscgen reads (>=A <B, >=A or <B)"))
                    })?),
                    None => None,
                };
                let skips = e.skips.iter().filter_map(|s| version_of(s)).collect();
                let replaces = e.replaces.as_deref().and_then(version_of);
                entries.push(Entry { version, replaces, skips, skip_range });
            }
            entries.sort_by_key(|e| e.version);
            channels.push((channel.clone(), entries));
        }
        if channels.is_empty() {
            return Err(bad(format!("no olm.channel of package {} in it", catalog::PACKAGE)));
        }
        Ok(Self {
            openshift: v,
            name: name.to_owned(),
            default_channel: parsed.default_channel.unwrap_or_else(|| "stable".to_owned()),
            channels,
            deprecated_channels: parsed.deprecated_channels.into_keys().collect(),
        })
    }

    fn channel(&self, name: &str) -> Option<&[Entry]> {
        self.channels.iter().find(|(n, _)| n == name).map(|(_, e)| e.as_slice())
    }
}

/// The catalog data a step is planned against.
#[derive(Clone, Copy)]
enum Scope<'a> {
    /// An OpenShift catalog (the newest, for versions newer than every catalog).
    Catalog(&'static Catalog),
    /// A catalog the user gave with `--catalog`.
    File(&'a FileCatalog),
    /// A version older than every catalog: the releases documented for it.
    Documented(OpenShift),
}

impl<'a> Scope<'a> {
    fn of(v: OpenShift, files: &'a [FileCatalog]) -> Self {
        if let Some(f) = files.iter().find(|f| f.openshift == v) {
            return Scope::File(f);
        }
        match catalog::catalog(v) {
            Some(c) => Scope::Catalog(c),
            None => match catalog::CATALOGS.last() {
                Some(newest) if v > newest.openshift => Scope::Catalog(newest),
                _ => Scope::Documented(v),
            },
        }
    }

    /// The channel's entries oldest first, or `None` when it has no such channel.
    fn entries(self, channel: &str) -> Option<Vec<Entry>> {
        match self {
            Scope::Catalog(c) => c.channel(channel).map(|ch| static_entries(channel, ch.entries)),
            Scope::File(f) => f.channel(channel).map(<[Entry]>::to_vec),
            Scope::Documented(v) => {
                let releases: Vec<&'static Release> = catalog::CATALOG
                    .iter()
                    .filter(|r| r.documented.is_some_and(|d| d.contains(v)))
                    .filter(|r| edge(channel, r).is_some())
                    .collect();
                (!releases.is_empty()).then(|| static_entries(channel, &releases))
            }
        }
    }

    /// Its channels' names.
    fn channel_names(self) -> Vec<String> {
        match self {
            Scope::Catalog(c) => c.channels.iter().map(|ch| ch.name.to_owned()).collect(),
            Scope::File(f) => f.channels.iter().map(|(n, _)| n.clone()).collect(),
            Scope::Documented(_) => Vec::new(),
        }
    }

    fn deprecates(self, channel: &str) -> bool {
        match self {
            Scope::Catalog(c) => c.deprecates_channel(channel),
            Scope::File(f) => f.deprecated_channels.iter().any(|d| d == channel),
            Scope::Documented(_) => false,
        }
    }

    /// The channel deprecation messages point to.
    fn replacement(self) -> String {
        match self {
            Scope::Catalog(c) => c.replacement.to_owned(),
            Scope::File(f) => f.default_channel.clone(),
            Scope::Documented(_) => "stable".to_owned(),
        }
    }

    fn name(self) -> String {
        match self {
            Scope::Catalog(c) => c.openshift.to_string(),
            Scope::File(f) => format!("{} ({})", f.openshift, f.name),
            Scope::Documented(_) => "documented".to_owned(),
        }
    }
}

fn edge(channel: &str, entry: &Release) -> Option<&'static Edge> {
    EDGES.iter().find(|e| e.channel == channel && e.entry.version == entry.version)
}

/// How `entry` reaches `from`, if it does.
fn reaches(entry: &Entry, from: Version) -> Option<(EdgeKind, String, Certainty)> {
    let name = entry.version;
    if entry.replaces == Some(from) {
        return Some((EdgeKind::Replaces, format!("{name} replaces {from}"), Certainty::Confirmed));
    }
    if entry.skips.contains(&from) {
        return Some((EdgeKind::Skips, format!("{name} skips {from}"), Certainty::Confirmed));
    }
    // One hop over a skipRange is OLM's documented rule applied to the confirmed catalog.
    let range = entry.skip_range.as_ref().filter(|r| r.contains(from))?;
    Some((EdgeKind::SkipRange, format!("{name} skipRange '{}'", range.text), Certainty::Inferred))
}

/// The InstallPlans OLM makes on `entries` (up to `head`) from `from`: each time the successor
/// closest to the head among the entries whose edge reaches the installed release.
pub(crate) fn moves(entries: &[Entry], head: Version, from: Version) -> Vec<Move> {
    let mut out = Vec::new();
    let mut current = from;
    loop {
        let next = entries
            .iter()
            .filter(|e| e.version > current && e.version <= head)
            .filter_map(|e| Some((e.version, reaches(e, current)?)))
            .max_by_key(|(v, _)| *v);
        let Some((to, (kind, detail, certainty))) = next else { break };
        out.push(Move { from: current, to, edge: kind, detail, certainty });
        current = to;
    }
    out
}

/// The installed version, and the release it is planned like when it cannot be chosen.
pub(crate) fn installed(text: &str) -> Result<(Version, Option<&'static Installed>), Error> {
    let bare = text.trim();
    let bare = bare.strip_prefix(&format!("{}.", catalog::PACKAGE)).unwrap_or(bare);
    let known = || {
        let mut all: Vec<String> = catalog::versions().iter().map(|v| (*v).to_owned()).collect();
        all.extend(INSTALLED.iter().map(|i| i.text.to_owned()));
        all.sort_by_key(|v| Version::parse(v));
        all.join(", ")
    };
    let Some(v) = Version::parse(bare) else {
        return Err(invalid(
            "--from",
            text,
            format!("not a release; give the installed version (1.10.3) or CSV name, one of {}", known()),
        ));
    };
    if catalog::CATALOG.iter().any(|r| Version::of(r) == v) {
        return Ok((v, None));
    }
    if let Some(i) = INSTALLED.iter().find(|i| i.version == v) {
        return Ok((v, Some(i)));
    }
    let message = match catalog::unavailable(&v.to_string()) {
        Some(u) => format!("no cluster runs it: {}", u.reason),
        None => format!("oscgen knows no release {v}; known: {}", known()),
    };
    Err(invalid("--from", text, message))
}

fn openshift(flag: &'static str, text: &str) -> Result<OpenShift, Error> {
    OpenShift::parse(text).ok_or_else(|| invalid(flag, text, "not an OpenShift version; write 4.<minor>, e.g. 4.20"))
}

/// Plans the upgrade `request` describes; every input that names something unknown, or a path
/// that goes backwards, is an [`Error::Plan`] naming the flag.
pub fn plan(request: &Request<'_>) -> Result<Plan, Error> {
    let (from, planned_as) = installed(request.from)?;
    let now = openshift("--openshift", request.openshift)?;
    let mut path = vec![now];
    for text in request.to_openshift {
        let v = openshift("--to-openshift", text)?;
        let last = path.last().copied().unwrap_or(now);
        if v <= last {
            return Err(invalid(
                "--to-openshift",
                text,
                format!("OpenShift only upgrades: list versions newer than {last}, oldest first"),
            ));
        }
        path.push(v);
    }
    let to = match request.to {
        None => None,
        Some(text) => {
            let Some(r) = catalog::by_version(text.trim().trim_start_matches('v')) else {
                let message = match catalog::unavailable(text.trim()) {
                    Some(u) => format!("cannot be reached: {}", u.reason),
                    None => format!("oscgen knows no release {text}; known: {}", catalog::versions().join(", ")),
                };
                return Err(invalid("--to", text, message));
            };
            if Version::of(r) <= from {
                return Err(invalid(
                    "--to",
                    text,
                    format!("not newer than the installed {from}; OLM never downgrades an operator"),
                ));
            }
            Some(r)
        }
    };
    if request.to_openshift.is_empty() && to.is_none() {
        return Err(invalid("--to", "", "no target: give --to-openshift VERSION[,VERSION...] and/or --to RELEASE"));
    }
    let channel = request.channel.trim();
    let mut channels: Vec<String> = catalog::channels().iter().map(|c| (*c).to_owned()).collect();
    for f in request.catalogs {
        channels
            .extend(f.channels.iter().map(|(n, _)| n.clone()).filter(|n| !catalog::channels().contains(&n.as_str())));
    }
    if !channels.iter().any(|c| c == channel) {
        return Err(invalid(
            "--channel",
            channel,
            format!("not a channel of the operator; known: {}", channels.join(", ")),
        ));
    }
    if request.peer_pods && from < Version([1, 4, 0]) {
        return Err(invalid(
            "--peer-pods",
            request.from,
            "peer pods exist from 1.4.0 on (KataConfig enablePeerPods); drop --peer-pods for this release",
        ));
    }

    let mut steps = Vec::new();
    let mut current = from;
    let mut previous: Option<OpenShift> = None;
    for (i, v) in path.iter().copied().enumerate() {
        let scope = Scope::of(v, request.catalogs);
        let mut st = Vec::new();
        if let Some(prev) = previous {
            openshift_statements(prev, v, channel, current, request.approval, request.catalogs, &mut st);
        }
        catalog_statements(v, scope, &mut st);
        let last = i + 1 == path.len();
        let target = to.filter(|_| last);
        let before = current;
        let mut step_moves = Vec::new();
        match scope.entries(channel) {
            None => st.push(statement(
                Topic::Operator, "channel-missing",
                Certainty::Inferred,
                format!(
                    "channel {channel} is not in the {} catalog: OLM cannot resolve the Subscription and the operator stays on {current}; change spec.channel",
                    scope.name()
                ),
                &[],
            )),
            Some(entries) => {
                let head = step_head(scope, &entries, to);
                step_moves = moves(&entries, head, current);
                operator_statements(scope, channel, &entries, head, current, &step_moves, &mut st);
                if let Some(m) = step_moves.last() {
                    current = m.to;
                }
                channel_statements(scope, channel, current, request.peer_pods, &mut st);
            }
        }
        approval_statements(request.approval, &step_moves, &mut st);
        for m in &step_moves {
            edge_statements(m, request.peer_pods, &mut st);
        }
        if !step_moves.is_empty() {
            node_summary(before, current, request.peer_pods, &mut st);
        }
        if let Some(r) = target {
            target_statements(r, current, &steps, &step_moves, &mut st);
        }
        steps.push(Step {
            openshift: v.to_string(),
            current: i == 0,
            catalog: scope.name(),
            channel: channel.to_owned(),
            before,
            after: current,
            moves: step_moves,
            statements: st,
        });
        previous = Some(v);
    }
    Ok(Plan {
        from,
        planned_as: planned_as.map(|i| i.like.version),
        channel: channel.to_owned(),
        approval: request.approval,
        peer_pods: request.peer_pods,
        steps,
    })
}

/// The head a step moves towards: the channel's head; before the catalogs (where the head at
/// the time is not known) the release asked for when the channel lists it, else the newest.
fn step_head(scope: Scope<'_>, entries: &[Entry], to: Option<&'static Release>) -> Version {
    let newest = entries.iter().map(|e| e.version).max().unwrap_or_default();
    match (scope, to) {
        (Scope::Documented(_), Some(r)) if entries.iter().any(|e| e.version == Version::of(r)) => Version::of(r),
        _ => newest,
    }
}

fn openshift_statements(
    prev: OpenShift,
    v: OpenShift,
    channel: &str,
    current: Version,
    approval: Approval,
    files: &[FileCatalog],
    st: &mut Vec<Statement>,
) {
    st.push(statement(
        Topic::OpenShift, "openshift-not-blocked",
        Certainty::Inferred,
        format!(
            "no operator bundle declares olm.maxOpenShiftVersion, so the operator does not block the upgrade from {prev} to {v}; the upgrade switches redhat-operators to the {v} index"
        ),
        &[catalog_source("op-no-max-openshift"), catalog_source("ocp-update-paths")],
    ));
    st.push(statement(
        Topic::Nodes, "openshift-rolls-pool",
        Certainty::Confirmed,
        "the OpenShift upgrade updates kata-oc like every pool (drain and reboot, one node at a time); meanwhile the KataConfig shows InProgress=True, reason Updating, which is expected",
        &[catalog_source("op-pool-updating")],
    ));
    // An EUS-to-EUS path passes the minors between; their catalogs apply on the way.
    for minor in prev.minor + 1..v.minor {
        let passed = OpenShift { minor };
        let scope = match Scope::of(passed, files) {
            Scope::Documented(_) => continue,
            Scope::Catalog(c) if c.openshift != passed => continue,
            scope => scope,
        };
        let Some(entries) = scope.entries(channel) else { continue };
        let head = entries.iter().map(|e| e.version).max().unwrap_or_default();
        let passing = moves(&entries, head, current);
        if let Some(m) = passing.last() {
            let when = match approval {
                Approval::Automatic => "with Automatic approval OLM applies it",
                Approval::Manual => "with Manual approval an InstallPlan waits; leave it unapproved to skip it",
            };
            st.push(statement(
                Topic::Operator, "passing-catalog-moves",
                Certainty::Inferred,
                format!(
                    "on the way the cluster passes {passed}, whose catalog would move the operator from {current} to {} ({}); {when}",
                    m.to, m.detail
                ),
                scope_source(scope),
            ));
        }
    }
}

/// Where a scope's catalog was read.
fn scope_source(scope: Scope<'_>) -> &'static [&'static str] {
    match scope {
        Scope::Catalog(c) => c.source,
        Scope::File(_) | Scope::Documented(_) => &[],
    }
}

fn catalog_statements(v: OpenShift, scope: Scope<'_>, st: &mut Vec<Statement>) {
    match scope {
        Scope::Catalog(c) if c.openshift != v => st.push(statement(
            Topic::Catalog, "catalog-substitute",
            Certainty::Inferred,
            format!(
                "oscgen has no catalog for {v}; the newest it has ({}) is used, and a newer catalog may have a newer head",
                c.openshift
            ),
            c.source,
        )),
        Scope::Catalog(c) if c.confidence != catalog::Confidence::Catalog => st.push(statement(
            Topic::Catalog, "catalog-not-confirmed",
            Certainty::Inferred,
            format!("catalog {}: {}; {}", c.openshift, c.confidence.describe(), c.note),
            c.source,
        )),
        Scope::Catalog(_) => {}
        Scope::File(f) => st.push(statement(
            Topic::Catalog,
            "catalog-file",
            Certainty::Confirmed,
            format!("planned against {} (given with --catalog), not oscgen's data for {}", f.name, f.openshift),
            &[],
        )),
        Scope::Documented(_) => st.push(statement(
            Topic::Catalog, "catalog-documented",
            Certainty::Inferred,
            format!(
                "oscgen has no catalog for {v} (it has {}); the channel is taken as the releases documented for {v}, and its head at the time as the release asked for with --to or else the newest of them",
                catalog::catalog_span()
            ),
            &[],
        )),
    }
}

fn operator_statements(
    scope: Scope<'_>,
    channel: &str,
    entries: &[Entry],
    head: Version,
    current: Version,
    step_moves: &[Move],
    st: &mut Vec<Statement>,
) {
    let name = scope.name();
    for m in step_moves {
        st.push(statement(
            Topic::Operator,
            "moves",
            m.certainty,
            format!("OLM moves the operator from {} to {}: {}", m.from, m.to, m.detail),
            &[catalog_source("olm-update-graph"), catalog_source("ocp-update-paths")],
        ));
    }
    if !step_moves.is_empty() {
        return;
    }
    let listed = entries.iter().any(|e| e.version == current);
    let (id, certainty, text) = if head == current {
        (
            "at-head",
            Certainty::Confirmed,
            format!("{current} is the head of {channel} in the {name} catalog: nothing to move"),
        )
    } else if head < current {
        (
            "head-older",
            Certainty::Inferred,
            format!(
                "the head of {channel} in the {name} catalog ({head}) is older than {current}, and nothing there replaces or skips {current}: no update is offered and OLM never downgrades, so the operator stays on {current}{}",
                if listed { "" } else { ", a release this catalog does not list" }
            ),
        )
    } else {
        (
            "no-edge",
            Certainty::Inferred,
            format!(
                "no entry of {channel} in the {name} catalog replaces {current} or skips it: the operator stays on {current} (channel head {head})"
            ),
        )
    };
    st.push(statement(Topic::Operator, id, certainty, text, &[catalog_source("olm-update-graph")]));
}

/// Hand switches: a deprecated channel never moves; where switching lands.
fn channel_statements(scope: Scope<'_>, channel: &str, current: Version, peer_pods: bool, st: &mut Vec<Statement>) {
    if !scope.deprecates(channel) {
        return;
    }
    let replacement = scope.replacement();
    let replacement = replacement.as_str();
    let name = scope.name();
    let land = |channel: &str, from: Version| -> Vec<Move> {
        let Some(entries) = scope.entries(channel) else { return Vec::new() };
        let head = entries.iter().map(|e| e.version).max().unwrap_or_default();
        moves(&entries, head, from)
    };
    let direct = land(replacement, current);
    if let Some(m) = direct.last() {
        st.push(statement(
            Topic::Channel, "switch-channel",
            Certainty::Inferred,
            format!(
                "channel {channel} is deprecated in the {name} catalog and never moves past its head: change spec.channel to {replacement} by hand; OLM then moves {current} to {} ({})",
                m.to, m.detail
            ),
            &[catalog_source("olm-update-graph")],
        ));
        switch_rules(&direct, peer_pods, st);
        return;
    }
    // No edge of the replacement reaches the release: find a channel that does first.
    for other in scope.channel_names() {
        if other == channel || other == replacement {
            continue;
        }
        let first = land(&other, current);
        let Some(hop) = first.last() else { continue };
        let second = land(replacement, hop.to);
        let Some(end) = second.last() else { continue };
        st.push(statement(
            Topic::Channel, "switch-channel-twice",
            Certainty::Inferred,
            format!(
                "channel {channel} is deprecated in the {name} catalog and never moves; no {replacement} entry replaces or skips {current}, so change spec.channel by hand twice: first to {other} (OLM moves to {}: {}), then to {replacement} (OLM moves to {}: {})",
                hop.to, hop.detail, end.to, end.detail
            ),
            &[catalog_source("olm-update-graph")],
        ));
        switch_rules(&[first, second].concat(), peer_pods, st);
        return;
    }
    st.push(statement(
        Topic::Channel, "reinstall",
        Certainty::Inferred,
        format!(
            "channel {channel} is deprecated in the {name} catalog and never moves, and no channel there reaches {current}: reinstall on {replacement}"
        ),
        &[catalog_source("olm-update-graph")],
    ));
}

/// The known issues of the moves a hand channel switch would start.
fn switch_rules(path: &[Move], peer_pods: bool, st: &mut Vec<Statement>) {
    for m in path {
        for r in RULES.iter().filter(|r| r.from.contains(m.from) && r.to.contains(m.to) && applies(r.when, peer_pods)) {
            st.push(statement(
                Topic::KnownIssue,
                format!("rule:{}", r.id),
                r.certainty,
                format!("after the channel switch, {} to {}: {}", m.from, m.to, r.text),
                r.source,
            ));
        }
    }
}

fn approval_statements(approval: Approval, step_moves: &[Move], st: &mut Vec<Statement>) {
    if step_moves.is_empty() {
        return;
    }
    let text = match approval {
        Approval::Manual => format!(
            "installPlanApproval Manual: {} InstallPlan(s) wait for approval here ({}); nothing moves until each is approved",
            step_moves.len(),
            step_moves.iter().map(|m| format!("{} to {}", m.from, m.to)).collect::<Vec<_>>().join(", ")
        ),
        Approval::Automatic => {
            "installPlanApproval Automatic: OLM applies the InstallPlan(s) itself as soon as the catalog offers them"
                .to_owned()
        }
    };
    st.push(statement(
        Topic::InstallPlan,
        "installplan",
        Certainty::Inferred,
        text,
        &[catalog_source("olm-update-graph")],
    ));
}

fn applies(when: When, peer_pods: bool) -> bool {
    when != When::PeerPods || peer_pods
}

/// Known issues, node changes, KataConfig fields and `peer-pods-cm` keys of one move.
fn edge_statements(m: &Move, peer_pods: bool, st: &mut Vec<Statement>) {
    let crossed = |since: Version| m.from < since && since <= m.to;
    for r in RULES.iter().filter(|r| r.from.contains(m.from) && r.to.contains(m.to) && applies(r.when, peer_pods)) {
        st.push(statement(
            Topic::KnownIssue,
            format!("rule:{}", r.id),
            r.certainty,
            format!("{} to {}: {}", m.from, m.to, r.text),
            r.source,
        ));
    }
    for n in NODE_CHANGES.iter().filter(|n| crossed(n.since) && applies(n.when, peer_pods)) {
        let text = match n.effect {
            Effect::Rolls => {
                format!(
                    "{} ({}): {}; the operator rewrites the peer-pods MachineConfigs on every reconcile",
                    n.object, n.since, n.change
                )
            }
            Effect::CreatedOnce => format!(
                "{} ({}): {} (the operator creates it only when it is missing and never updates it)",
                n.object, n.since, n.change
            ),
            Effect::Orphan => format!("{} ({}): {}", n.object, n.since, n.change),
            Effect::Unknown => format!("{} ({}): {}", n.object, n.since, n.change),
        };
        let id = match n.effect {
            Effect::Rolls => "mc-rewritten",
            Effect::CreatedOnce => "created-once",
            Effect::Orphan => "orphan",
            Effect::Unknown => "not-read",
        };
        st.push(statement(Topic::Nodes, format!("{id}:{}", n.object), n.certainty, text, n.source));
    }
    for f in FIELDS.iter() {
        let gained = crossed(f.since);
        let lost = f.until.is_some_and(crossed);
        let (id, text) = match (gained, lost) {
            (true, false) => ("field-gained", format!("KataConfig gains {} ({})", f.field, f.since)),
            (false, true) => (
                "field-lost",
                format!(
                    "KataConfig loses {} ({}){}",
                    f.field,
                    f.until.unwrap_or_default(),
                    if f.field.starts_with("spec.") {
                        "; remove it from the KataConfig in Git, the new CRD does not have it"
                    } else {
                        ""
                    }
                ),
            ),
            // Gained and lost again within the move (1.5.0's status.runtimeClass array), or
            // untouched.
            _ => continue,
        };
        st.push(statement(Topic::KataConfig, format!("{id}:{}", f.field), f.certainty, text, f.source));
    }
    if peer_pods {
        for k in KEYS.iter().filter(|k| crossed(k.since)) {
            let what = match k.change {
                KeyChange::Added => "added",
                KeyChange::Moved => "moved",
                KeyChange::Written => {
                    "now written by the operator (leave it out of Git or tell the GitOps engine to ignore it)"
                }
            };
            st.push(statement(
                Topic::PeerPodsCm,
                format!("key:{}", k.key),
                k.certainty,
                format!("{} ({}): {what}: {}", k.key, k.since, k.text),
                k.source,
            ));
        }
    }
}

/// Whether `kata-oc` rolls because of the operator's moves in a step.
fn node_summary(before: Version, after: Version, peer_pods: bool, st: &mut Vec<Statement>) {
    let crossed = |since: Version| before < since && since <= after;
    let changes: Vec<&NodeChange> =
        NODE_CHANGES.iter().filter(|n| crossed(n.since) && applies(n.when, peer_pods)).collect();
    let rolls: Vec<&&NodeChange> = changes.iter().filter(|n| n.effect == Effect::Rolls).collect();
    let unknown = changes.iter().any(|n| n.effect == Effect::Unknown);
    if !rolls.is_empty() {
        let at: Vec<String> = rolls.iter().map(|n| n.since.to_string()).collect();
        st.push(statement(
            Topic::Nodes, "kata-oc-rolls",
            Certainty::Inferred,
            format!(
                "kata-oc rolls (drain and reboot, one node at a time): the peer-pods MachineConfigs changed at {} (confirmed), and the MCO re-renders a pool whose MachineConfigs change",
                at.join(", ")
            ),
            &[catalog_source("op-peerpods-mc")],
        ));
    } else if unknown {
        st.push(statement(
            Topic::Nodes,
            "kata-oc-roll-unknown",
            Certainty::Unknown,
            "whether kata-oc rolls is not known: the peer-pods MachineConfigs of the release reached were not read",
            &[catalog_source("op-1_11_0-peerpods")],
        ));
    } else {
        let why = if peer_pods {
            "the extension MachineConfig and kata-oc are created once and never updated, and the peer-pods MachineConfigs did not change between these releases"
        } else {
            "the extension MachineConfig and kata-oc are created once and never updated"
        };
        st.push(statement(
            Topic::Nodes,
            "no-roll",
            Certainty::Confirmed,
            format!("the operator upgrade alone does not roll kata-oc: {why}"),
            &[catalog_source("op-create-only")],
        ));
    }
}

fn target_statements(
    r: &'static Release,
    current: Version,
    steps: &[Step],
    step_moves: &[Move],
    st: &mut Vec<Statement>,
) {
    let wanted = Version::of(r);
    let passed = steps.iter().flat_map(|s| &s.moves).chain(step_moves).find(|m| m.from < wanted && wanted < m.to);
    let (id, certainty, text) = if current == wanted {
        ("target-reached", Certainty::Inferred, format!("the operator reaches {wanted}, the release asked for"))
    } else if let Some(m) = passed {
        (
            "target-skipped",
            Certainty::Inferred,
            format!(
                "OLM does not stop at {wanted}: it picks the successor closest to the channel head, so {} goes straight to {} ({}); an InstallPlan cannot be pointed at {wanted}",
                m.from, m.to, m.detail
            ),
        )
    } else {
        (
            "target-not-reached",
            Certainty::Inferred,
            format!(
                "{wanted} is not reached on this path: the operator ends on {current}; {wanted} is served by the catalogs of OpenShift {}",
                r.served_by_text()
            ),
        )
    };
    st.push(statement(Topic::Target, id, certainty, text, &[catalog_source("ocp-update-paths")]));
}

/// The text of a source key (the generated constants), for statements that cite one.
pub(crate) fn catalog_source(key: &str) -> &'static str {
    SOURCES.iter().find(|(k, _)| *k == key).map_or("catalog.toml", |(_, text)| *text)
}
