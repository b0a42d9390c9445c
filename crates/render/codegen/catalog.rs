//! Turns `catalog.toml` into the Rust tables that `src/catalog.rs` includes.
//!
//! `build.rs` runs it on every build that changes the data; `tests/suite/catalog_data.rs` runs it on
//! broken copies of the data to pin the messages a maintainer gets. Every value is checked
//! before anything is written, and every problem is reported at once, each naming the row
//! and field it is in.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Deserialize;

/// The OLM package every CSV name starts with.
const PACKAGE: &str = "sandboxed-containers-operator";

/// The variants of `catalog::NodeBehaviour`, oldest first; a row's `nodes.era` names one.
pub const ERAS: &[&str] = &["Preview10", "Preview11", "Stable12", "Stable13", "Stable14", "Stable19", "Stable111"];

/// The node era whose KataConfig first has `enablePeerPods`: every release from it on has a
/// `peer-pods` table, and no release before it.
const PEER_PODS_FROM: &str = "Stable14";

/// The variants of `catalog::PeerPodsBehaviour`, oldest first; a row's `peer-pods.era` names one.
pub const PEER_PODS_ERAS: &[&str] =
    &["RemoteCc14", "Remote15", "Remote16", "Remote17", "Remote18", "Remote19", "Remote110", "Remote111"];

const STATUSES: &[(&str, &str)] =
    &[("confirmed", "Status::Confirmed"), ("secondary", "Status::Secondary"), ("inferred", "Status::Inferred")];

const CONFIDENCES: &[(&str, &str)] =
    &[("catalog", "Confidence::Catalog"), ("partial", "Confidence::Partial"), ("template", "Confidence::Template")];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    read: String,
    sources: BTreeMap<String, String>,
    release: Vec<ReleaseRow>,
    #[serde(default)]
    unavailable: Vec<UnavailableRow>,
    catalog: Vec<CatalogRow>,
    // The confidential-containers sections; codegen/coco.rs reads and checks them.
    #[serde(default, rename = "coco-sources")]
    _coco_sources: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "coco-pairing")]
    _coco_pairing: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "trustee")]
    _trustee: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "coco-initdata")]
    _coco_initdata: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "coco-instances")]
    _coco_instances: Option<serde::de::IgnoredAny>,
    /// Sources of the day-2 rows, merged into `sources` (a key may be defined once).
    #[serde(default, rename = "day2-sources")]
    day2_sources: BTreeMap<String, String>,
    #[serde(default)]
    edge: Vec<EdgeRow>,
    #[serde(default)]
    installed: Vec<InstalledRow>,
    #[serde(default, rename = "upgrade-rule")]
    upgrade_rule: Vec<RuleRow>,
    #[serde(default, rename = "node-change")]
    node_change: Vec<NodeChangeRow>,
    #[serde(default, rename = "kataconfig-field")]
    kataconfig_field: Vec<FieldRow>,
    #[serde(default, rename = "peer-pods-key")]
    peer_pods_key: Vec<KeyRow>,
    /// Sources of the mirror rows, merged into `sources` like `day2-sources`.
    #[serde(default, rename = "day2-mirror-sources")]
    day2_mirror_sources: BTreeMap<String, String>,
    #[serde(default, rename = "mirror-image")]
    mirror_image: Vec<MirrorImageRow>,
    /// Sources of the uninstall rows, merged into `sources` like `day2-sources`.
    #[serde(default, rename = "day2-uninstall-sources")]
    day2_uninstall_sources: BTreeMap<String, String>,
    #[serde(default)]
    leftover: Vec<LeftoverRow>,
    /// Sources of what the operator reads, merged into `sources` like `day2-sources`.
    #[serde(default, rename = "reads-sources")]
    reads_sources: BTreeMap<String, String>,
    #[serde(rename = "feature-gate")]
    feature_gate: Vec<GateRow>,
    #[serde(rename = "tee-node-labels")]
    tee_node_labels: TeeRow,
    #[serde(rename = "peer-pods-aa-kbc-params")]
    aa_kbc_params: AaKbcRow,
    #[serde(rename = "peer-pods-provider")]
    peer_pods_provider: Vec<ProviderRow>,
    #[serde(rename = "peer-pods-common")]
    peer_pods_common: CommonRow,
    #[serde(rename = "peer-pods-operator-written")]
    peer_pods_operator_written: Vec<WrittenRow>,
}

/// The `peer-pods-cm` keys every provider shares.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommonRow {
    keys: Vec<String>,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

/// `peer-pods-cm` keys the operator writes itself, for a range of releases, and why.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenRow {
    keys: Vec<String>,
    releases: String,
    why: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

/// A gate the operator reads from `osc-feature-gates`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GateRow {
    name: String,
    since: String,
    status: String,
    source: Vec<String>,
}

/// The node labels of TEE nodes (bare-metal confidential containers).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeeRow {
    labels: Vec<String>,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

/// The releases that read `AA_KBC_PARAMS`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AaKbcRow {
    releases: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

/// One provider's peer-pods keys for a range of releases.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderRow {
    provider: String,
    releases: String,
    keys: Vec<String>,
    required: Vec<String>,
    network: Vec<String>,
    secret: Vec<String>,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

/// The peer-pods providers (`CloudProvider`), by their `CLOUD_PROVIDER` value.
const PROVIDERS: &[(&str, &str)] = &[
    ("aws", "CloudProvider::Aws"),
    ("azure", "CloudProvider::Azure"),
    ("gcp", "CloudProvider::Gcp"),
    ("libvirt", "CloudProvider::Libvirt"),
];

/// An object an uninstall leaves behind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeftoverRow {
    kind: String,
    namespace: Option<String>,
    name: String,
    when: String,
    why: String,
    status: String,
    source: Vec<String>,
}

/// An image a mirror needs that no bundle lists.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MirrorImageRow {
    image: String,
    releases: String,
    add: bool,
    text: String,
    status: String,
    source: Vec<String>,
}

/// How OLM reaches one channel entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EdgeRow {
    channel: String,
    entry: String,
    replaces: Option<String>,
    skip_range: Option<String>,
    status: String,
    source: Vec<String>,
}

/// A version clusters may run that is not selectable, planned like another release.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstalledRow {
    installed: String,
    like: String,
    status: String,
    source: Vec<String>,
    note: String,
}

/// A known upgrade problem or manual step.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleRow {
    id: String,
    from: String,
    to: String,
    when: String,
    text: String,
    status: String,
    source: Vec<String>,
}

/// A change to the node objects from one release on.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodeChangeRow {
    since: String,
    when: String,
    object: String,
    change: String,
    effect: String,
    status: String,
    source: Vec<String>,
}

/// A KataConfig field some releases have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldRow {
    field: String,
    since: String,
    until: Option<String>,
    status: String,
    source: Vec<String>,
}

/// A `peer-pods-cm` key that appears, moves, or that the operator starts writing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyRow {
    key: String,
    since: String,
    change: String,
    text: String,
    status: String,
    source: Vec<String>,
}

/// How a day-2 fact is known (`upgrade::Certainty`).
const CERTAINTIES: &[(&str, &str)] = &[
    ("confirmed", "Certainty::Confirmed"),
    ("documented", "Certainty::Documented"),
    ("inferred", "Certainty::Inferred"),
    ("unknown", "Certainty::Unknown"),
];

const WHENS: &[(&str, &str)] =
    &[("always", "When::Always"), ("kataconfig", "When::KataConfig"), ("peer-pods", "When::PeerPods")];

const EFFECTS: &[(&str, &str)] = &[
    ("rolls", "Effect::Rolls"),
    ("created-once", "Effect::CreatedOnce"),
    ("orphan", "Effect::Orphan"),
    ("unknown", "Effect::Unknown"),
];

const KEY_CHANGES: &[(&str, &str)] =
    &[("added", "KeyChange::Added"), ("moved", "KeyChange::Moved"), ("written", "KeyChange::Written")];

/// A range `>=A <B`, `>=A`, `<B` or `=A` as (inclusive minimum, exclusive bound).
type Bounds = (Option<[u32; 3]>, Option<[u32; 3]>);

fn range(text: &str) -> Option<Bounds> {
    if let Some(exact) = text.trim().strip_prefix('=') {
        let [a, b, c] = version(exact.trim())?;
        return Some((Some([a, b, c]), Some([a, b, c + 1])));
    }
    let (mut min, mut below) = (None, None);
    for token in text.split_whitespace() {
        if let Some(v) = token.strip_prefix(">=") {
            if min.replace(version(v)?).is_some() {
                return None;
            }
        } else if let Some(v) = token.strip_prefix('<') {
            if below.replace(version(v)?).is_some() {
                return None;
            }
        } else {
            return None;
        }
    }
    match (min, below) {
        (None, None) => None,
        (Some(a), Some(b)) if a >= b => None,
        bounds => Some(bounds),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ReleaseRow {
    version: String,
    csv: String,
    channel: String,
    status: String,
    source: Vec<String>,
    min_kube: Option<String>,
    openshift: Option<RangeRow>,
    nodes: NodesRow,
    peer_pods: Option<NodesRow>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeRow {
    min: String,
    max: String,
    status: String,
    source: Vec<String>,
}

/// An era of operator code, how it is known and what is not confirmed (`nodes`, `peer-pods`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NodesRow {
    era: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnavailableRow {
    version: String,
    reason: String,
    source: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CatalogRow {
    openshift: String,
    confidence: String,
    note: String,
    source: Vec<String>,
    default_channel: String,
    deprecated_channels: Vec<String>,
    deprecated_bundles: Vec<String>,
    replacement: String,
    channels: BTreeMap<String, Vec<String>>,
}

/// `1.10.3` as numbers, for ordering.
fn version(text: &str) -> Option<[u32; 3]> {
    let mut parts = text.split('.').map(|p| {
        (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0')))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    });
    let out = [parts.next()??, parts.next()??, parts.next()??];
    parts.next().is_none().then_some(out)
}

/// The minor of `4.N`.
fn openshift(text: &str) -> Option<u32> {
    let minor = text.strip_prefix("4.")?;
    (!minor.is_empty() && minor.chars().all(|c| c.is_ascii_digit())).then(|| minor.parse().ok()).flatten()
}

/// `YYYY-MM-DD` with a month and day that can exist.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok()).flatten()
    };
    match parts.as_slice() {
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

fn lookup<'a>(table: &'a [(&str, &str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The Rust constant a source key becomes: `fbc-4_22` -> `SOURCE_FBC_4_22`.
fn source_const(key: &str) -> String {
    let upper: String =
        key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("SOURCE_{upper}")
}

/// Checks everything a row cites against `[sources]`.
fn check_sources(what: &str, keys: &[String], sources: &BTreeMap<String, String>, problems: &mut Vec<String>) {
    if keys.is_empty() {
        problems.push(format!("{what}: `source` is empty; name at least one key of [sources]"));
    }
    for key in keys {
        if !sources.contains_key(key) {
            problems.push(format!("{what}: source `{key}` is not defined in [sources]"));
        }
    }
}

fn sources_expr(keys: &[String]) -> String {
    let items: Vec<String> = keys.iter().map(|k| source_const(k)).collect();
    format!("&[{}]", items.join(", "))
}

fn str_lit(text: &str) -> String {
    format!("{text:?}")
}

fn option_lit(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| format!("Some({})", str_lit(t)))
}

fn minors_expr(minors: &[u32]) -> String {
    let items: Vec<String> = minors.iter().map(|m| format!("OpenShift {{ minor: {m} }}")).collect();
    format!("&[{}]", items.join(", "))
}

/// Reads `text` (the contents of `catalog.toml`) and returns the Rust source of the tables,
/// or every problem found.
pub fn generate(text: &str) -> Result<String, Vec<String>> {
    let mut data: Data = toml::from_str(text).map_err(|e| vec![format!("not valid catalog data: {e}")])?;
    let mut problems = Vec::new();
    let extra = [
        ("day2-sources", std::mem::take(&mut data.day2_sources)),
        ("day2-mirror-sources", std::mem::take(&mut data.day2_mirror_sources)),
        ("day2-uninstall-sources", std::mem::take(&mut data.day2_uninstall_sources)),
        ("reads-sources", std::mem::take(&mut data.reads_sources)),
    ];
    for (table, keys) in extra {
        for (key, text) in keys {
            if data.sources.contains_key(&key) {
                problems.push(format!("[{table}] {key}: already defined in [sources]; define it once"));
            }
            data.sources.insert(key, text);
        }
    }

    if !is_date(&data.read) {
        problems.push(format!("read = \"{}\": must be the date the sources were last read, as YYYY-MM-DD", data.read));
    }
    for (key, text) in &data.sources {
        if text.trim().is_empty() {
            problems.push(format!("[sources] {key}: empty; say where the values were read (repo, path, commit)"));
        }
    }
    let mut consts = BTreeMap::new();
    for key in data.sources.keys() {
        if let Some(other) = consts.insert(source_const(key), key) {
            problems.push(format!("[sources] {key}: becomes the same Rust name as `{other}`; rename one"));
        }
    }

    // Releases: order, names, statuses, eras.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut previous_version, mut previous_era, mut previous_peer_pods_era) = (None, None, None);
    for (i, r) in data.release.iter().enumerate() {
        let what = format!("release {}", r.version);
        let Some(v) = version(&r.version) else {
            problems.push(format!("{what}: `version` must be MAJOR.MINOR.PATCH, like 1.10.3"));
            continue;
        };
        if previous_version.is_some_and(|p| v <= p) {
            problems.push(format!(
                "{what}: releases must be listed oldest first, each once; it follows a newer or equal one"
            ));
        }
        previous_version = Some(v);
        match ERAS.iter().position(|e| *e == r.nodes.era) {
            None => problems.push(format!(
                "{what}: nodes.era `{}` is not one of {}; a new era needs code in src/runtime.rs first",
                r.nodes.era,
                ERAS.join(", ")
            )),
            Some(era) => {
                if previous_era.is_some_and(|p| era < p) {
                    problems.push(format!(
                        "{what}: nodes.era `{}` is older than the era of the release before it",
                        r.nodes.era
                    ));
                }
                previous_era = Some(era);
            }
        }
        // With an unknown node era (reported above) whether peer pods belong is not known.
        let node_era = ERAS.iter().position(|e| *e == r.nodes.era);
        let from = ERAS.iter().position(|e| *e == PEER_PODS_FROM);
        let peer_pods_expected = node_era.map(|era| Some(era) >= from);
        match &r.peer_pods {
            None if peer_pods_expected == Some(true) => problems.push(format!(
                "{what}: its KataConfig has enablePeerPods (node era {} or later), so it needs a [release.peer-pods] table",
                PEER_PODS_FROM
            )),
            Some(_) if peer_pods_expected == Some(false) => problems.push(format!(
                "{what}: [release.peer-pods] on a release before node era {PEER_PODS_FROM}, whose KataConfig has no enablePeerPods"
            )),
            Some(p) => {
                match PEER_PODS_ERAS.iter().position(|e| *e == p.era) {
                    None => problems.push(format!(
                        "{what}: peer-pods.era `{}` is not one of {}; a new era needs code in src/peerpods.rs first",
                        p.era,
                        PEER_PODS_ERAS.join(", ")
                    )),
                    Some(era) => {
                        if previous_peer_pods_era.is_some_and(|prev| era < prev) {
                            problems.push(format!(
                                "{what}: peer-pods.era `{}` is older than the era of the release before it",
                                p.era
                            ));
                        }
                        previous_peer_pods_era = Some(era);
                    }
                }
                if lookup(STATUSES, &p.status).is_none() {
                    problems.push(format!(
                        "{what}: peer-pods.status `{}` is not one of confirmed, secondary, inferred",
                        p.status
                    ));
                }
                check_sources(&format!("{what} peer-pods"), &p.source, &data.sources, &mut problems);
                match (&p.note, p.status.as_str()) {
                    (None, status) if status != "confirmed" => problems.push(format!(
                        "{what}: peer-pods.status is `{status}`, so peer-pods.note must say what is not confirmed (users see it)"
                    )),
                    (Some(note), _) if note.trim().is_empty() => {
                        problems.push(format!("{what}: peer-pods.note is empty"))
                    }
                    _ => {}
                }
            }
            None => {}
        }
        index.insert(&r.version, i);
        let csv = format!("{PACKAGE}.v{}", r.version);
        if r.csv != csv {
            problems.push(format!("{what}: csv `{}` does not name this release; every CSV is `{csv}`", r.csv));
        }
        if r.channel.trim().is_empty() {
            problems.push(format!("{what}: `channel` is empty"));
        }
        for (field, status) in [("status", &r.status), ("nodes.status", &r.nodes.status)] {
            if lookup(STATUSES, status).is_none() {
                problems.push(format!("{what}: {field} `{status}` is not one of confirmed, secondary, inferred"));
            }
        }
        check_sources(&what, &r.source, &data.sources, &mut problems);
        check_sources(&format!("{what} nodes"), &r.nodes.source, &data.sources, &mut problems);
        match (&r.nodes.note, r.nodes.status.as_str()) {
            (None, status) if status != "confirmed" => problems.push(format!(
                "{what}: nodes.status is `{status}`, so nodes.note must say what is not confirmed (users see it)"
            )),
            (Some(note), _) if note.trim().is_empty() => problems.push(format!("{what}: nodes.note is empty")),
            _ => {}
        }
        if r.note.as_ref().is_some_and(|n| n.trim().is_empty()) {
            problems.push(format!("{what}: `note` is empty; remove it or say something"));
        }
        if let Some(kube) = &r.min_kube {
            match version(kube) {
                Some([1, minor, _]) if minor >= 13 => {}
                _ => problems.push(format!("{what}: min-kube `{kube}` must be a Kubernetes version 1.13.0 or later")),
            }
        }
        if let Some(range) = &r.openshift {
            match (openshift(&range.min), openshift(&range.max)) {
                (Some(min), Some(max)) if min <= max => {}
                (Some(_), Some(_)) => problems.push(format!("{what}: openshift.min is newer than openshift.max")),
                _ => problems.push(format!("{what}: openshift.min and openshift.max must be 4.<minor>, like 4.9")),
            }
            if lookup(STATUSES, &range.status).is_none() {
                problems.push(format!(
                    "{what}: openshift.status `{}` is not one of confirmed, secondary, inferred",
                    range.status
                ));
            }
            check_sources(&format!("{what} openshift"), &range.source, &data.sources, &mut problems);
        }
        if r.openshift.is_none() && r.min_kube.is_none() {
            problems.push(format!(
                "{what}: give `openshift` (the versions it was documented for) or `min-kube`, so oscgen knows the oldest OpenShift it runs on"
            ));
        }
    }
    if data.release.is_empty() {
        problems.push("no [[release]] rows".to_owned());
    }

    for u in &data.unavailable {
        let what = format!("unavailable {}", u.version);
        if version(&u.version).is_none() {
            problems.push(format!("{what}: `version` must be MAJOR.MINOR.PATCH"));
        }
        if index.contains_key(u.version.as_str()) {
            problems.push(format!("{what}: also a [[release]]; a version is either selectable or not"));
        }
        if u.reason.trim().is_empty() {
            problems.push(format!("{what}: `reason` is empty; users see it when they ask for this version"));
        }
        check_sources(&what, &u.source, &data.sources, &mut problems);
    }

    // Catalogs: order, entries, deprecations.
    let mut previous_minor = None;
    let mut served: BTreeMap<usize, Vec<(u32, Vec<&str>)>> = BTreeMap::new();
    for c in &data.catalog {
        let what = format!("catalog {}", c.openshift);
        let Some(minor) = openshift(&c.openshift) else {
            problems.push(format!("{what}: `openshift` must be 4.<minor>, like 4.20"));
            continue;
        };
        if previous_minor.is_some_and(|p| minor <= p) {
            problems.push(format!("{what}: catalogs must be listed oldest first, each once"));
        }
        previous_minor = Some(minor);
        if lookup(CONFIDENCES, &c.confidence).is_none() {
            problems.push(format!("{what}: confidence `{}` is not one of catalog, partial, template", c.confidence));
        }
        if c.note.trim().is_empty() {
            problems.push(format!("{what}: `note` is empty; say what is not known about this catalog"));
        }
        check_sources(&what, &c.source, &data.sources, &mut problems);
        if c.channels.is_empty() {
            problems.push(format!("{what}: no channels"));
        }
        let mut listed = BTreeSet::new();
        for (name, entries) in &c.channels {
            if entries.is_empty() {
                problems.push(format!("{what}: channel {name} has no entries"));
            }
            let mut last: Option<[u32; 3]> = None;
            for entry in entries {
                let Some(&i) = index.get(entry.as_str()) else {
                    problems.push(format!("{what}: channel {name} lists {entry}, which is no [[release]]"));
                    continue;
                };
                let v = version(entry);
                if last.is_some() && v <= last {
                    problems.push(format!(
                        "{what}: channel {name} lists {entry} after a newer or equal entry; entries go oldest first"
                    ));
                }
                last = v;
                listed.insert(entry.as_str());
                let rows = served.entry(i).or_default();
                match rows.iter_mut().find(|(m, _)| *m == minor) {
                    Some((_, channels)) => channels.push(name),
                    None => rows.push((minor, vec![name])),
                }
            }
        }
        for (field, channel) in [("default-channel", &c.default_channel), ("replacement", &c.replacement)] {
            if !c.channels.contains_key(channel) {
                problems.push(format!("{what}: {field} `{channel}` is not one of its channels"));
            }
        }
        if c.deprecated_channels.contains(&c.replacement) {
            problems.push(format!("{what}: replacement `{}` is itself deprecated", c.replacement));
        }
        for channel in &c.deprecated_channels {
            if !c.channels.contains_key(channel) {
                problems.push(format!("{what}: deprecated channel `{channel}` is not one of its channels"));
            }
        }
        for bundle in &c.deprecated_bundles {
            if !listed.contains(bundle.as_str()) {
                problems.push(format!("{what}: deprecated bundle {bundle} is not listed on any of its channels"));
            }
        }
    }
    if data.catalog.is_empty() {
        problems.push("no [[catalog]] rows".to_owned());
    }

    // Every release a catalog serves is on its own channel there; every other one says so.
    for (i, r) in data.release.iter().enumerate() {
        match served.get(&i) {
            Some(rows) => {
                for (minor, channels) in rows {
                    if !channels.contains(&r.channel.as_str()) {
                        problems.push(format!(
                            "release {}: channel `{}` does not list it in catalog 4.{minor}, which lists it on {}; set `channel` to one of those",
                            r.version,
                            r.channel,
                            channels.join(", ")
                        ));
                    }
                }
            }
            None if r.note.is_none() => problems.push(format!(
                "release {}: no catalog serves it, so `note` must tell users (e.g. which release its channel serves instead)",
                r.version
            )),
            None => {}
        }
        if !served.contains_key(&i) && r.openshift.is_none() {
            problems.push(format!(
                "release {}: no catalog serves it and it has no documented `openshift` range, so no OpenShift version can use it",
                r.version
            ));
        }
    }

    check_day2(&data, &index, &mut problems);
    let reads = check_reads(&data, &index, &mut problems);

    if !problems.is_empty() {
        return Err(problems);
    }
    let mut code = write(&data, &index, &served);
    write_reads(&mut code, &data, &reads);
    write_day2(&mut code, &data, &index);
    Ok(code)
}

/// The peer-pods eras a `releases` range covers, oldest first; a problem when it does not
/// parse, covers no release with peer pods, or splits the releases of one era.
fn eras_of(what: &str, releases: &str, data: &Data, problems: &mut Vec<String>) -> Vec<usize> {
    let Some((min, below)) = range(releases) else {
        problems.push(format!("{what}: releases `{releases}` must be a range like >=1.4.0 <1.9.0, >=1.9.0 or <1.9.0"));
        return Vec::new();
    };
    let inside = |v: [u32; 3]| min.is_none_or(|m| v >= m) && below.is_none_or(|b| v < b);
    let (mut eras, mut split) = (Vec::new(), Vec::new());
    for r in &data.release {
        let (Some(v), Some(p)) = (version(&r.version), &r.peer_pods) else { continue };
        let Some(era) = PEER_PODS_ERAS.iter().position(|e| *e == p.era) else { continue };
        let same_era_outside = data.release.iter().any(|o| {
            o.peer_pods.as_ref().is_some_and(|op| op.era == p.era) && version(&o.version).is_some_and(|ov| !inside(ov))
        });
        if inside(v) {
            if same_era_outside && !split.contains(&p.era) {
                split.push(p.era.clone());
            }
            if !eras.contains(&era) {
                eras.push(era);
            }
        }
    }
    for era in split {
        problems.push(format!(
            "{what}: releases `{releases}` splits the releases of peer-pods era {era}; the operator code oscgen models is per era"
        ));
    }
    if eras.is_empty() {
        problems.push(format!("{what}: releases `{releases}` holds no release with peer pods"));
    }
    eras.sort_unstable();
    eras
}

/// A status word with a note when it is not `confirmed`, and the sources.
fn check_known(
    what: &str,
    status: &str,
    note: Option<&String>,
    source: &[String],
    data: &Data,
    problems: &mut Vec<String>,
) {
    if lookup(STATUSES, status).is_none() {
        problems.push(format!("{what}: status `{status}` is not one of confirmed, secondary, inferred"));
    }
    match note {
        None if status != "confirmed" => {
            problems.push(format!("{what}: status is `{status}`, so `note` must say what is not confirmed"))
        }
        Some(note) if note.trim().is_empty() => problems.push(format!("{what}: `note` is empty")),
        _ => {}
    }
    check_sources(what, source, &data.sources, problems);
}

/// A `peer-pods-cm` or Secret key: upper case, digits and `_`.
fn is_key(key: &str) -> bool {
    !key.is_empty() && key.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// What the operator reads, checked: the eras of the AA_KBC_PARAMS row and of each provider row.
struct Reads {
    aa_kbc_eras: Vec<usize>,
    provider_eras: Vec<Vec<usize>>,
    written_eras: Vec<Vec<usize>>,
}

fn check_reads(data: &Data, index: &BTreeMap<&str, usize>, problems: &mut Vec<String>) -> Reads {
    let mut names = BTreeSet::new();
    for g in &data.feature_gate {
        let what = format!("feature-gate {}", g.name);
        if g.name.trim().is_empty() || g.name.contains(char::is_whitespace) {
            problems.push(format!("{what}: `name` must be the gate's key in osc-feature-gates, without spaces"));
        }
        if !names.insert(g.name.as_str()) {
            problems.push(format!("{what}: listed twice"));
        }
        if !index.contains_key(g.since.as_str()) {
            problems.push(format!("{what}: since `{}` is no [[release]]", g.since));
        }
        check_known(&what, &g.status, None, &g.source, data, problems);
    }
    if data.feature_gate.is_empty() {
        problems.push("no [[feature-gate]] rows".to_owned());
    }
    let tee = &data.tee_node_labels;
    if tee.labels.is_empty() {
        problems.push("tee-node-labels: `labels` is empty".to_owned());
    }
    for label in &tee.labels {
        let valid = label.split_once('/').is_some_and(|(prefix, name)| {
            prefix.contains('.') && !name.is_empty() && !label.contains(char::is_whitespace)
        });
        if !valid {
            problems.push(format!("tee-node-labels: `{label}` is not a node label key (prefix/name)"));
        }
    }
    check_known("tee-node-labels", &tee.status, tee.note.as_ref(), &tee.source, data, problems);
    let aa = &data.aa_kbc_params;
    let aa_kbc_eras = eras_of("peer-pods-aa-kbc-params", &aa.releases, data, problems);
    check_known("peer-pods-aa-kbc-params", &aa.status, aa.note.as_ref(), &aa.source, data, problems);

    let mut provider_eras = Vec::new();
    let mut covered: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for p in &data.peer_pods_provider {
        let what = format!("peer-pods-provider {} {}", p.provider, p.releases);
        if lookup(PROVIDERS, &p.provider).is_none() {
            problems.push(format!("{what}: provider `{}` is not one of aws, azure, gcp, libvirt", p.provider));
        }
        let eras = eras_of(&what, &p.releases, data, problems);
        let seen = covered.entry(p.provider.as_str()).or_default();
        for era in &eras {
            if seen.contains(era) {
                problems
                    .push(format!("{what}: peer-pods era {} is already covered by another row", PEER_PODS_ERAS[*era]));
            }
            seen.push(*era);
        }
        if p.keys.is_empty() {
            problems.push(format!("{what}: `keys` is empty"));
        }
        for (field, keys) in
            [("keys", &p.keys), ("required", &p.required), ("network", &p.network), ("secret", &p.secret)]
        {
            for key in keys.iter().filter(|k| !is_key(k)) {
                problems.push(format!("{what}: {field} `{key}` is not a key (upper case, digits and _)"));
            }
        }
        for (field, keys) in [("required", &p.required), ("network", &p.network)] {
            for key in keys.iter().filter(|k| !p.keys.contains(k)) {
                problems.push(format!("{what}: {field} `{key}` is not one of its `keys`"));
            }
        }
        check_known(&what, &p.status, p.note.as_ref(), &p.source, data, problems);
        provider_eras.push(eras);
    }
    let all: BTreeSet<usize> = data
        .release
        .iter()
        .filter_map(|r| PEER_PODS_ERAS.iter().position(|e| Some(*e) == r.peer_pods.as_ref().map(|p| p.era.as_str())))
        .collect();
    for (provider, _) in PROVIDERS {
        let seen: BTreeSet<usize> = covered.get(provider).map(|v| v.iter().copied().collect()).unwrap_or_default();
        let missing: Vec<&str> = all.difference(&seen).map(|e| PEER_PODS_ERAS[*e]).collect();
        if !missing.is_empty() {
            problems.push(format!(
                "peer-pods-provider {provider}: no row covers peer-pods era {}; give every release with peer pods its keys",
                missing.join(", ")
            ));
        }
    }
    let common = &data.peer_pods_common;
    check_keys("peer-pods-common", &common.keys, problems);
    check_known("peer-pods-common", &common.status, common.note.as_ref(), &common.source, data, problems);
    let mut written_eras = Vec::new();
    for row in &data.peer_pods_operator_written {
        let what = format!("peer-pods-operator-written {}", row.releases);
        check_keys(&what, &row.keys, problems);
        if row.why.trim().is_empty() {
            problems.push(format!("{what}: `why` is empty; say what the operator writes there"));
        }
        check_known(&what, &row.status, row.note.as_ref(), &row.source, data, problems);
        written_eras.push(eras_of(&what, &row.releases, data, problems));
    }
    Reads { aa_kbc_eras, provider_eras, written_eras }
}

/// `keys` is a list of one or more `peer-pods-cm` keys.
fn check_keys(what: &str, keys: &[String], problems: &mut Vec<String>) {
    if keys.is_empty() {
        problems.push(format!("{what}: `keys` is empty"));
    }
    for key in keys.iter().filter(|k| !is_key(k)) {
        problems.push(format!("{what}: `{key}` is not a key (upper case, digits and _)"));
    }
}

fn strs_expr(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| str_lit(i)).collect();
    format!("&[{}]", items.join(", "))
}

fn eras_expr(eras: &[usize]) -> String {
    let items: Vec<String> = eras.iter().map(|e| format!("PeerPodsBehaviour::{}", PEER_PODS_ERAS[*e])).collect();
    format!("&[{}]", items.join(", "))
}

fn write_reads(out: &mut String, data: &Data, reads: &Reads) {
    let w = out;
    let status = |s: &str| lookup(STATUSES, s).unwrap_or("Status::Inferred");
    let _ = writeln!(w);
    let _ = writeln!(w, "const FEATURE_GATE_LIST: [FeatureGate; {}] = [", data.feature_gate.len());
    for g in &data.feature_gate {
        let _ = writeln!(
            w,
            "    FeatureGate {{ name: {}, since: {}, status: {}, source: {} }},",
            str_lit(&g.name),
            str_lit(&g.since),
            status(&g.status),
            sources_expr(&g.source)
        );
    }
    let _ = writeln!(w, "];");
    let tee = &data.tee_node_labels;
    let _ = writeln!(
        w,
        "const TEE_LABELS: Known<&[&str]> = Known {{ value: {}, status: {}, source: {}, note: {} }};",
        strs_expr(&tee.labels),
        status(&tee.status),
        sources_expr(&tee.source),
        option_lit(tee.note.as_deref())
    );
    let aa = &data.aa_kbc_params;
    let _ = writeln!(
        w,
        "const AA_KBC_PARAMS: Known<&[PeerPodsBehaviour]> = Known {{ value: {}, status: {}, source: {}, note: {} }};",
        eras_expr(&reads.aa_kbc_eras),
        status(&aa.status),
        sources_expr(&aa.source),
        option_lit(aa.note.as_deref())
    );
    let _ = writeln!(w, "const PEER_PODS_PROVIDERS: [ProviderKeys; {}] = [", data.peer_pods_provider.len());
    for (p, eras) in data.peer_pods_provider.iter().zip(&reads.provider_eras) {
        let _ = writeln!(w, "    // {} {}", p.provider, p.releases);
        let _ = writeln!(w, "    ProviderKeys {{");
        let _ = writeln!(w, "        provider: {},", lookup(PROVIDERS, &p.provider).unwrap_or("CloudProvider::Aws"));
        let _ = writeln!(w, "        eras: {},", eras_expr(eras));
        let _ = writeln!(w, "        keys: {},", strs_expr(&p.keys));
        let _ = writeln!(w, "        required: {},", strs_expr(&p.required));
        let _ = writeln!(w, "        network: {},", strs_expr(&p.network));
        let _ = writeln!(w, "        secret: {},", strs_expr(&p.secret));
        let _ = writeln!(w, "        status: {},", status(&p.status));
        let _ = writeln!(w, "        source: {},", sources_expr(&p.source));
        let _ = writeln!(w, "        note: {},", option_lit(p.note.as_deref()));
        let _ = writeln!(w, "    }},");
    }
    let _ = writeln!(w, "];");
    let common = &data.peer_pods_common;
    let _ = writeln!(
        w,
        "const PEER_PODS_COMMON: Known<&[&str]> = Known {{ value: {}, status: {}, source: {}, note: {} }};",
        strs_expr(&common.keys),
        status(&common.status),
        sources_expr(&common.source),
        option_lit(common.note.as_deref())
    );
    let _ =
        writeln!(w, "const OPERATOR_WRITTEN_ROWS: [OperatorWritten; {}] = [", data.peer_pods_operator_written.len());
    for (row, eras) in data.peer_pods_operator_written.iter().zip(&reads.written_eras) {
        let _ = writeln!(
            w,
            "    OperatorWritten {{ keys: {}, eras: {}, why: {}, status: {}, source: {}, note: {} }},",
            strs_expr(&row.keys),
            eras_expr(eras),
            str_lit(&row.why),
            status(&row.status),
            sources_expr(&row.source),
            option_lit(row.note.as_deref())
        );
    }
    let _ = writeln!(w, "];");
}

fn check_status(what: &str, status: &str, problems: &mut Vec<String>) {
    if lookup(CERTAINTIES, status).is_none() {
        problems.push(format!("{what}: status `{status}` is not one of confirmed, documented, inferred, unknown"));
    }
}

fn check_version(what: &str, field: &str, text: &str, problems: &mut Vec<String>) {
    if version(text).is_none() {
        problems.push(format!("{what}: `{field}` must be MAJOR.MINOR.PATCH, like 1.10.3"));
    }
}

fn check_range(what: &str, field: &str, text: &str, problems: &mut Vec<String>) {
    if range(text).is_none() {
        problems.push(format!(
            "{what}: `{field}` `{text}` is not a version range; write >=A <B, >=A, <B or =A with A below B"
        ));
    }
}

fn check_one_of(what: &str, field: &str, value: &str, table: &[(&str, &str)], problems: &mut Vec<String>) {
    if lookup(table, value).is_none() {
        let names: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
        problems.push(format!("{what}: {field} `{value}` is not one of {}", names.join(", ")));
    }
}

/// The day-2 rows: every reference resolves, every catalog entry has its edge.
fn check_day2(data: &Data, index: &BTreeMap<&str, usize>, problems: &mut Vec<String>) {
    let mut edges = BTreeSet::new();
    for e in &data.edge {
        let what = format!("edge {} {}", e.channel, e.entry);
        if !edges.insert((e.channel.as_str(), e.entry.as_str())) {
            problems.push(format!("{what}: listed twice"));
        }
        let listed =
            data.catalog.iter().any(|c| c.channels.get(&e.channel).is_some_and(|entries| entries.contains(&e.entry)));
        if !listed {
            problems.push(format!("{what}: no catalog lists {} on channel {}", e.entry, e.channel));
        }
        if let Some(replaced) = e.replaces.as_ref().filter(|r| !index.contains_key(r.as_str())) {
            problems.push(format!("{what}: replaces {replaced}, which is no [[release]]"));
        }
        if let Some(skip) = &e.skip_range {
            check_range(&what, "skip-range", skip, problems);
        }
        if e.replaces.is_none()
            && e.skip_range.is_none()
            && !data
                .catalog
                .iter()
                .any(|c| c.channels.get(&e.channel).and_then(|entries| entries.first()) == Some(&e.entry))
        {
            problems.push(format!("{what}: neither replaces nor skip-range, so nothing reaches it"));
        }
        check_status(&what, &e.status, problems);
        check_sources(&what, &e.source, &data.sources, problems);
    }
    if !data.edge.is_empty() {
        for c in &data.catalog {
            for (name, entries) in &c.channels {
                for entry in entries {
                    if !edges.contains(&(name.as_str(), entry.as_str())) {
                        problems.push(format!(
                            "catalog {}: channel {name} lists {entry}, which has no [[edge]] row; add how OLM reaches it",
                            c.openshift
                        ));
                    }
                }
            }
        }
    }
    let mut installed = BTreeSet::new();
    for i in &data.installed {
        let what = format!("installed {}", i.installed);
        check_version(&what, "installed", &i.installed, problems);
        if index.contains_key(i.installed.as_str()) {
            problems.push(format!("{what}: also a [[release]]; list only versions that cannot be chosen"));
        }
        if !installed.insert(i.installed.as_str()) {
            problems.push(format!("{what}: listed twice"));
        }
        if !index.contains_key(i.like.as_str()) {
            problems.push(format!("{what}: like `{}` is no [[release]]", i.like));
        }
        if i.note.trim().is_empty() {
            problems.push(format!("{what}: `note` is empty; say why it is planned like {}", i.like));
        }
        check_status(&what, &i.status, problems);
        check_sources(&what, &i.source, &data.sources, problems);
    }
    let mut ids = BTreeSet::new();
    for r in &data.upgrade_rule {
        let what = format!("upgrade-rule {}", r.id);
        if !ids.insert(r.id.as_str()) {
            problems.push(format!("{what}: id used twice"));
        }
        check_range(&what, "from", &r.from, problems);
        check_range(&what, "to", &r.to, problems);
        check_one_of(&what, "when", &r.when, WHENS, problems);
        if r.text.trim().is_empty() {
            problems.push(format!("{what}: `text` is empty; users read it in the plan"));
        }
        check_status(&what, &r.status, problems);
        check_sources(&what, &r.source, &data.sources, problems);
    }
    for n in &data.node_change {
        let what = format!("node-change {} {}", n.since, n.object);
        check_version(&what, "since", &n.since, problems);
        check_one_of(&what, "when", &n.when, WHENS, problems);
        check_one_of(&what, "effect", &n.effect, EFFECTS, problems);
        if n.change.trim().is_empty() || n.object.trim().is_empty() {
            problems.push(format!("{what}: `object` and `change` must say what changes"));
        }
        check_status(&what, &n.status, problems);
        check_sources(&what, &n.source, &data.sources, problems);
    }
    for f in &data.kataconfig_field {
        let what = format!("kataconfig-field {}", f.field);
        check_version(&what, "since", &f.since, problems);
        if let Some(until) = &f.until {
            check_version(&what, "until", until, problems);
            if version(until).is_some() && version(until) <= version(&f.since) {
                problems.push(format!("{what}: `until` must be newer than `since`"));
            }
        }
        check_status(&what, &f.status, problems);
        check_sources(&what, &f.source, &data.sources, problems);
    }
    for l in &data.leftover {
        let what = format!("leftover {} {}", l.kind, l.name);
        if !["always", "present", "orphaned"].contains(&l.when.as_str()) {
            problems.push(format!("{what}: when `{}` is not one of always, present, orphaned", l.when));
        }
        if l.kind.trim().is_empty() || l.name.trim().is_empty() || l.why.trim().is_empty() {
            problems.push(format!("{what}: `kind`, `name` and `why` must not be empty"));
        }
        check_status(&what, &l.status, problems);
        check_sources(&what, &l.source, &data.sources, problems);
    }
    for m in &data.mirror_image {
        let what = format!("mirror-image {}", m.image);
        check_range(&what, "releases", &m.releases, problems);
        if m.image.trim().is_empty() || m.text.trim().is_empty() {
            problems.push(format!("{what}: `image` and `text` must not be empty"));
        }
        check_status(&what, &m.status, problems);
        check_sources(&what, &m.source, &data.sources, problems);
    }
    for k in &data.peer_pods_key {
        let what = format!("peer-pods-key {}", k.key);
        check_version(&what, "since", &k.since, problems);
        check_one_of(&what, "change", &k.change, KEY_CHANGES, problems);
        if k.text.trim().is_empty() {
            problems.push(format!("{what}: `text` is empty"));
        }
        check_status(&what, &k.status, problems);
        check_sources(&what, &k.source, &data.sources, problems);
    }
}

fn version_lit(v: [u32; 3]) -> String {
    format!("Version([{}, {}, {}])", v[0], v[1], v[2])
}

fn range_lit(text: &str) -> String {
    let (min, below) = range(text).unwrap_or_default();
    let opt = |v: Option<[u32; 3]>| v.map_or_else(|| "None".to_owned(), |v| format!("Some({})", version_lit(v)));
    format!("VersionRange {{ text: {}, min: {}, below: {} }}", str_lit(text), opt(min), opt(below))
}

/// The day-2 tables, once the data is known to be sound; their types live in `crate::upgrade`.
fn write_day2(out: &mut String, data: &Data, index: &BTreeMap<&str, usize>) {
    let w = out;
    let reference = |version: &str| format!("&RELEASES[{}]", index.get(version).copied().unwrap_or_default());
    let certainty = |s: &str| lookup(CERTAINTIES, s).unwrap_or("Certainty::Unknown");
    let v = |text: &str| version_lit(version(text).unwrap_or_default());
    let _ = writeln!(w);
    let _ = writeln!(w, "pub(crate) mod day2 {{");
    let _ = writeln!(w, "    use super::*;");
    let _ = writeln!(
        w,
        "    use crate::upgrade::{{Certainty, Edge, Effect, FieldSpan, Installed, KeyChange, KeySpan, NodeChange, Rule, Version, VersionRange, When}};"
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "    pub(crate) static SOURCES: [(&str, &str); {}] = [", data.sources.len());
    for key in data.sources.keys() {
        let _ = writeln!(w, "        ({}, {}),", str_lit(key), source_const(key));
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static EDGES: [Edge; {}] = [", data.edge.len());
    for e in &data.edge {
        let _ = writeln!(
            w,
            "        Edge {{ channel: {}, entry: {}, replaces: {}, skip_range: {}, certainty: {}, source: {} }},",
            str_lit(&e.channel),
            reference(&e.entry),
            e.replaces.as_deref().map_or_else(|| "None".to_owned(), |r| format!("Some({})", reference(r))),
            e.skip_range.as_deref().map_or_else(|| "None".to_owned(), |r| format!("Some({})", range_lit(r))),
            certainty(&e.status),
            sources_expr(&e.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static INSTALLED: [Installed; {}] = [", data.installed.len());
    for i in &data.installed {
        let _ = writeln!(
            w,
            "        Installed {{ version: {}, text: {}, like: {}, certainty: {}, source: {}, note: {} }},",
            v(&i.installed),
            str_lit(&i.installed),
            reference(&i.like),
            certainty(&i.status),
            sources_expr(&i.source),
            str_lit(&i.note)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static RULES: [Rule; {}] = [", data.upgrade_rule.len());
    for r in &data.upgrade_rule {
        let _ = writeln!(
            w,
            "        Rule {{ id: {}, from: {}, to: {}, when: {}, text: {}, certainty: {}, source: {} }},",
            str_lit(&r.id),
            range_lit(&r.from),
            range_lit(&r.to),
            lookup(WHENS, &r.when).unwrap_or("When::Always"),
            str_lit(&r.text),
            certainty(&r.status),
            sources_expr(&r.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static NODE_CHANGES: [NodeChange; {}] = [", data.node_change.len());
    for n in &data.node_change {
        let _ = writeln!(
            w,
            "        NodeChange {{ since: {}, when: {}, object: {}, change: {}, effect: {}, certainty: {}, source: {} }},",
            v(&n.since),
            lookup(WHENS, &n.when).unwrap_or("When::Always"),
            str_lit(&n.object),
            str_lit(&n.change),
            lookup(EFFECTS, &n.effect).unwrap_or("Effect::Unknown"),
            certainty(&n.status),
            sources_expr(&n.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static FIELDS: [FieldSpan; {}] = [", data.kataconfig_field.len());
    for f in &data.kataconfig_field {
        let until = f.until.as_deref().map_or_else(|| "None".to_owned(), |u| format!("Some({})", v(u)));
        let _ = writeln!(
            w,
            "        FieldSpan {{ field: {}, since: {}, until: {until}, certainty: {}, source: {} }},",
            str_lit(&f.field),
            v(&f.since),
            certainty(&f.status),
            sources_expr(&f.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(
        w,
        "    pub(crate) static MIRROR_IMAGES: [crate::mirror::ExtraImage; {}] = [",
        data.mirror_image.len()
    );
    for m in &data.mirror_image {
        let _ = writeln!(
            w,
            "        crate::mirror::ExtraImage {{ image: {}, releases: {}, add: {}, text: {}, certainty: {}, source: {} }},",
            str_lit(&m.image),
            range_lit(&m.releases),
            m.add,
            str_lit(&m.text),
            certainty(&m.status),
            sources_expr(&m.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static LEFTOVERS: [crate::cluster::LeftoverRule; {}] = [", data.leftover.len());
    for l in &data.leftover {
        let _ = writeln!(
            w,
            "        crate::cluster::LeftoverRule {{ kind: {}, namespace: {}, name: {}, when: {}, why: {}, certainty: {}, source: {} }},",
            str_lit(&l.kind),
            option_lit(l.namespace.as_deref()),
            str_lit(&l.name),
            match l.when.as_str() {
                "always" => "crate::cluster::LeftoverWhen::Always",
                "present" => "crate::cluster::LeftoverWhen::Present",
                _ => "crate::cluster::LeftoverWhen::Orphaned",
            },
            str_lit(&l.why),
            certainty(&l.status),
            sources_expr(&l.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "    pub(crate) static KEYS: [KeySpan; {}] = [", data.peer_pods_key.len());
    for k in &data.peer_pods_key {
        let _ = writeln!(
            w,
            "        KeySpan {{ key: {}, since: {}, change: {}, text: {}, certainty: {}, source: {} }},",
            str_lit(&k.key),
            v(&k.since),
            lookup(KEY_CHANGES, &k.change).unwrap_or("KeyChange::Added"),
            str_lit(&k.text),
            certainty(&k.status),
            sources_expr(&k.source)
        );
    }
    let _ = writeln!(w, "    ];");
    let _ = writeln!(w, "}}");
}

/// The Rust source, once the data is known to be sound.
fn write(data: &Data, index: &BTreeMap<&str, usize>, served: &BTreeMap<usize, Vec<(u32, Vec<&str>)>>) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "// @generated by crates/render/build.rs from crates/render/catalog.toml: edit that file.");
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "/// The date the sources of catalog.toml were last read (its `read` key), shown by `oscgen --version`."
    );
    let _ = writeln!(w, "pub const DATA_READ: &str = {};", str_lit(&data.read));
    for (key, text) in &data.sources {
        let _ = writeln!(w, "/// `{key}` in catalog.toml.");
        let _ = writeln!(w, "const {}: &str = {};", source_const(key), str_lit(text));
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "static RELEASES: [Release; {}] = [", data.release.len());
    for (i, r) in data.release.iter().enumerate() {
        let serving: Vec<u32> = served.get(&i).map(|rows| rows.iter().map(|(m, _)| *m).collect()).unwrap_or_default();
        // Channels in the order they first list it across the catalogs, its own first.
        let mut channels: Vec<&str> = vec![r.channel.as_str()];
        for (_, names) in served.get(&i).into_iter().flatten() {
            for name in names {
                if !channels.contains(name) {
                    channels.push(name);
                }
            }
        }
        let channels: Vec<String> = channels.iter().map(|c| str_lit(c)).collect();
        let kube_floor = r.min_kube.as_deref().and_then(version).map(|[_, minor, _]| minor - 13);
        let range = r.openshift.as_ref().and_then(|o| Some((openshift(&o.min)?, openshift(&o.max)?)));
        let openshift_min = range.map(|(min, _)| min).or(kube_floor).unwrap_or_default();
        let openshift_max = range.map(|(_, max)| max).or(serving.last().copied()).unwrap_or(openshift_min);
        let status = |s: &str| lookup(STATUSES, s).unwrap_or("Status::Inferred");
        let _ = writeln!(w, "    Release {{");
        let _ = writeln!(w, "        version: {},", str_lit(&r.version));
        let _ = writeln!(w, "        csv: {},", str_lit(&r.csv));
        let _ = writeln!(w, "        channel: {},", str_lit(&r.channel));
        let _ = writeln!(w, "        channels: &[{}],", channels.join(", "));
        let _ = writeln!(w, "        served_by: {},", minors_expr(&serving));
        let _ = writeln!(w, "        status: {},", status(&r.status));
        let _ = writeln!(w, "        source: {},", sources_expr(&r.source));
        let _ = writeln!(w, "        min_kube: {},", option_lit(r.min_kube.as_deref()));
        match (&r.openshift, range) {
            (Some(o), Some((min, max))) => {
                let _ = writeln!(
                    w,
                    "        documented: Some(Documented {{ min: OpenShift {{ minor: {min} }}, max: OpenShift {{ minor: {max} }}, status: {}, source: {} }}),",
                    status(&o.status),
                    sources_expr(&o.source)
                );
            }
            _ => {
                let _ = writeln!(w, "        documented: None,");
            }
        }
        let _ = writeln!(w, "        openshift_min: OpenShift {{ minor: {openshift_min} }},");
        let _ = writeln!(w, "        openshift_max: OpenShift {{ minor: {openshift_max} }},");
        let _ = writeln!(w, "        nodes: NodeBehaviour::{},", r.nodes.era);
        let _ = writeln!(w, "        nodes_status: {},", status(&r.nodes.status));
        let _ = writeln!(w, "        nodes_source: {},", sources_expr(&r.nodes.source));
        let _ = writeln!(w, "        nodes_note: {},", option_lit(r.nodes.note.as_deref()));
        match &r.peer_pods {
            Some(p) => {
                let _ = writeln!(
                    w,
                    "        peer_pods: Some(PeerPods {{ era: PeerPodsBehaviour::{}, status: {}, source: {}, note: {} }}),",
                    p.era,
                    status(&p.status),
                    sources_expr(&p.source),
                    option_lit(p.note.as_deref())
                );
            }
            None => {
                let _ = writeln!(w, "        peer_pods: None,");
            }
        }
        let _ = writeln!(w, "        note: {},", option_lit(r.note.as_deref()));
        let _ = writeln!(w, "    }},");
    }
    let _ = writeln!(w, "];");
    let _ = writeln!(w);
    let _ = writeln!(w, "static UNAVAILABLE_VERSIONS: [Unavailable; {}] = [", data.unavailable.len());
    for u in &data.unavailable {
        let _ = writeln!(
            w,
            "    Unavailable {{ version: {}, reason: {}, source: {} }},",
            str_lit(&u.version),
            str_lit(&u.reason),
            sources_expr(&u.source)
        );
    }
    let _ = writeln!(w, "];");
    let _ = writeln!(w);
    let reference = |version: &str| {
        let i = index.get(version).copied().unwrap_or_default();
        format!("&RELEASES[{i}]")
    };
    let _ = writeln!(w, "static CATALOG_LIST: [Catalog; {}] = [", data.catalog.len());
    for c in &data.catalog {
        let minor = openshift(&c.openshift).unwrap_or_default();
        let _ = writeln!(w, "    Catalog {{");
        let _ = writeln!(w, "        openshift: OpenShift {{ minor: {minor} }},");
        let _ = writeln!(
            w,
            "        confidence: {},",
            lookup(CONFIDENCES, &c.confidence).unwrap_or("Confidence::Template")
        );
        let _ = writeln!(w, "        note: {},", str_lit(&c.note));
        let _ = writeln!(w, "        source: {},", sources_expr(&c.source));
        let _ = writeln!(w, "        default_channel: {},", str_lit(&c.default_channel));
        let _ = writeln!(w, "        channels: &[");
        for (name, entries) in &c.channels {
            let refs: Vec<String> = entries.iter().map(|e| reference(e)).collect();
            let _ = writeln!(w, "            // {}", entries.join(" "));
            let _ = writeln!(w, "            Channel {{ name: {}, entries: &[{}] }},", str_lit(name), refs.join(", "));
        }
        let _ = writeln!(w, "        ],");
        let deprecated: Vec<String> = c.deprecated_channels.iter().map(|d| str_lit(d)).collect();
        let _ = writeln!(w, "        deprecated_channels: &[{}],", deprecated.join(", "));
        let bundles: Vec<String> = c.deprecated_bundles.iter().map(|b| reference(b)).collect();
        let _ = writeln!(w, "        // {}", c.deprecated_bundles.join(" "));
        let _ = writeln!(w, "        deprecated_releases: &[{}],", bundles.join(", "));
        let _ = writeln!(w, "        replacement: {},", str_lit(&c.replacement));
        let _ = writeln!(w, "    }},");
    }
    let _ = writeln!(w, "];");
    out
}
