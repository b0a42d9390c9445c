//! Cluster against Git (`oscgen diff`): what a dump shows that differs from the repository's
//! rendering and from what the installed release creates, told apart as the operator's own
//! doing (objects created once by an older release, keys it writes) or real drift, plus the
//! Argo CD `ignoreDifferences` for exactly the fields the operator owns.
//!
//! ```
//! use oscgen_render::cluster::Dump;
//! use oscgen_render::drift::diff;
//!
//! let dump = Dump::read(&[(
//!     "dump.yaml".to_owned(),
//!     "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: peer-pods-cm, namespace: \
//!      openshift-sandboxed-containers-operator}\ndata: {CLOUD_PROVIDER: aws, PODVM_AMI_ID: ami-1}\n"
//!         .to_owned(),
//! )])?;
//! let report = diff(&dump, None);
//! assert!(report.ignore_differences.iter().any(|i| i.json_pointers.contains(&"/data/PODVM_AMI_ID".to_owned())));
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use serde::Serialize;
use serde_json::Value;

use crate::catalog::day2::KEYS;
use crate::catalog::{NAMESPACE, PACKAGE};
use crate::cluster::{Dump, KataConfigReport, LEGACY_FINALIZER, explain};
use crate::upgrade::{Certainty, KeyChange, Statement, Topic, Version, catalog_source, statement};

/// The `peer-pods-cm` keys the pod VM image job writes back (`config/peerpods/podvm/
/// podvm-builder.sh` L84/L108/L136 set, L217/L253/L285/L318 clear, snir911 8bdc907; the
/// 1.8-1.10 code), by provider.
pub const IMAGE_ID_KEYS: &[&str] = &["PODVM_AMI_ID", "AZURE_IMAGE_ID", "PODVM_IMAGE_NAME", "LIBVIRT_IMAGE_ID"];

/// The ConfigMap peer pods read.
pub const PEER_PODS_CM: &str = "peer-pods-cm";

/// An Argo CD `ignoreDifferences` entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IgnoreDifference {
    /// The object's API group (empty for the core group).
    pub group: String,
    /// The object's kind.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its namespace.
    pub namespace: String,
    /// The fields the operator owns.
    pub json_pointers: Vec<String>,
}

/// What a dump shows against Git and against the installed release.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DriftReport {
    /// The installed release, from the operator's CSV.
    pub installed: Option<Version>,
    /// Every KataConfig, its status explained.
    pub kataconfigs: Vec<KataConfigReport>,
    /// The findings.
    pub findings: Vec<Statement>,
    /// For Argo CD: the fields the operator writes.
    pub ignore_differences: Vec<IgnoreDifference>,
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn find<'a>(objects: &'a [Value], kind: &str, name: &str) -> Option<&'a Value> {
    objects.iter().find(|o| text(o, "/kind") == Some(kind) && text(o, "/metadata/name") == Some(name))
}

/// The installed release: the CSV of the operator's package that succeeded, else the
/// Subscription's `status.installedCSV`.
fn installed(dump: &Dump) -> Option<Version> {
    let prefix = format!("{PACKAGE}.");
    let from_csv = dump
        .of_kind("ClusterServiceVersion")
        .filter(|c| text(c, "/status/phase") == Some("Succeeded"))
        .find_map(|c| text(c, "/metadata/name")?.strip_prefix(&prefix).and_then(Version::parse));
    from_csv.or_else(|| {
        dump.of_kind("Subscription")
            .filter(|s| text(s, "/spec/name") == Some(PACKAGE))
            .find_map(|s| text(s, "/status/installedCSV")?.strip_prefix(&prefix).and_then(Version::parse))
    })
}

/// Compares the cluster a dump shows with the installed release and, given `git` (the
/// repository's objects, rendered), with Git.
pub fn diff(dump: &Dump, git: Option<&[Value]>) -> DriftReport {
    let version = installed(dump);
    let kataconfigs: Vec<KataConfigReport> = dump.of_kind("KataConfig").map(explain).collect();
    let mut findings = Vec::new();
    let create_only = catalog_source("op-create-only");
    if version.is_none() {
        findings.push(statement(
            Topic::Operator,
            "release-unknown",
            Certainty::Unknown,
            "no Succeeded CSV of the operator in the dump: the installed release is not known, so release checks are skipped",
            &[],
        ));
    }
    let at_least = |v: [u32; 3]| version.is_some_and(|r| r >= Version(v));

    // Objects created once by an older release, and leftovers.
    for rc in dump.of_kind("RuntimeClass") {
        let name = text(rc, "/metadata/name").unwrap_or_default();
        let memory = text(rc, "/overhead/podFixed/memory");
        if name == "kata-remote" && memory == Some("350Mi") && at_least([1, 9, 0]) {
            findings.push(statement(
                Topic::Nodes,
                "created-once:kata-remote-350Mi",
                Certainty::Inferred,
                "RuntimeClass kata-remote has the 350Mi overhead of releases before 1.9, which write 120Mi: it was created before the upgrade and the operator never updates it (not drift); re-create the KataConfig to get 120Mi",
                &[create_only, catalog_source("op-devel-1_9-peerpods")],
            ));
        }
        if name == "kata-remote-cc" && at_least([1, 5, 0]) {
            findings.push(statement(
                Topic::Nodes,
                "leftover:kata-remote-cc",
                Certainty::Inferred,
                "RuntimeClass kata-remote-cc is 1.4's; 1.5 and later create kata-remote and leave this one until the KataConfig is deleted",
                &[catalog_source("op-orphan-cc")],
            ));
        }
    }
    if dump.has("MachineConfig", None, "50-kata-remote-cc") && at_least([1, 5, 0]) {
        findings.push(statement(
            Topic::Nodes,
            "leftover:50-kata-remote-cc",
            Certainty::Inferred,
            "MachineConfig 50-kata-remote-cc is the 1.4 peer-pods CRI-O drop-in; no later release updates or deletes it, nor does uninstall: delete it by hand (the pool rolls)",
            &[catalog_source("op-orphan-cc")],
        ));
    }
    if let Some(pool) = dump.of_kind("MachineConfigPool").find(|p| text(p, "/metadata/name") == Some("kata-oc")) {
        let labelled =
            pool.pointer("/metadata/labels/pools.operator.machineconfiguration.openshift.io~1kata-oc").is_some();
        if !labelled && at_least([1, 3, 0]) {
            findings.push(statement(
                Topic::Nodes,
                "created-once:kata-oc-unlabelled",
                Certainty::Inferred,
                "MachineConfigPool kata-oc lacks label pools.operator.machineconfiguration.openshift.io/kata-oc: it was created by 1.2 and kept (created once); the ContainerRuntimeConfig kata-crio-config selects pools by that label, so a logLevel other than info does not apply; add the label",
                &[create_only],
            ));
        }
    }
    for k in dump.of_kind("KataConfig") {
        let finalizers: Vec<&str> = k
            .pointer("/metadata/finalizers")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if finalizers.contains(&LEGACY_FINALIZER) && at_least([1, 2, 0]) {
            findings.push(statement(
                Topic::KataConfig,
                "leftover:legacy-finalizer",
                Certainty::Inferred,
                format!(
                    "KataConfig {} still carries {LEGACY_FINALIZER} from 1.0/1.1, which this release never removes: a delete will hang until it is removed by hand",
                    text(k, "/metadata/name").unwrap_or_default()
                ),
                &[catalog_source("op-finalizer-rename")],
            ));
        }
    }
    for plan in
        dump.of_kind("InstallPlan").filter(|p| p.pointer("/spec/approved").and_then(Value::as_bool) == Some(false))
    {
        let csvs: Vec<&str> = plan
            .pointer("/spec/clusterServiceVersionNames")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        findings.push(statement(
            Topic::InstallPlan,
            "installplan-waiting",
            Certainty::Confirmed,
            format!(
                "InstallPlan {} waits for manual approval to install {}",
                text(plan, "/metadata/name").unwrap_or_default(),
                csvs.join(", ")
            ),
            &[],
        ));
    }

    // peer-pods-cm: the keys the operator writes.
    let written: Vec<(&str, &'static [&'static str])> = KEYS
        .iter()
        .filter(|k| k.change == KeyChange::Written && version.is_none_or(|v| v >= k.since))
        .flat_map(|k| k.key.split(", ").map(move |key| (key, k.source)))
        .chain(IMAGE_ID_KEYS.iter().map(|k| (*k, &[][..])))
        .collect();
    let mut pointers = Vec::new();
    let cluster_cm = dump.of_kind("ConfigMap").find(|c| {
        text(c, "/metadata/name") == Some(PEER_PODS_CM)
            && text(c, "/metadata/namespace").is_none_or(|ns| ns == NAMESPACE)
    });
    let git_cm = git.and_then(|g| find(g, "ConfigMap", PEER_PODS_CM));
    if let Some(cm) = cluster_cm {
        let data = cm.get("data").and_then(Value::as_object).cloned().unwrap_or_default();
        let git_data = git_cm.and_then(|c| c.get("data")).and_then(Value::as_object).cloned().unwrap_or_default();
        for (key, value) in &data {
            let operator_key = written.iter().find(|(k, _)| k == key);
            let in_git = git_data.get(key);
            match (operator_key, git_cm.is_some()) {
                (Some((_, source)), _) => {
                    pointers.push(format!("/data/{key}"));
                    let differs = in_git.is_some_and(|g| g != value);
                    findings.push(statement(
                        Topic::PeerPodsCm,
                        format!("operator-written:{key}"),
                        Certainty::Confirmed,
                        if differs {
                            format!("peer-pods-cm {key} differs from Git, and the operator writes this key: a self-healing sync and the operator will keep overwriting each other; ignore it in the GitOps engine (below) or leave it out of Git")
                        } else {
                            format!("peer-pods-cm {key} is written by the operator; ignore it in the GitOps engine (below) or leave it out of Git")
                        },
                        source,
                    ));
                }
                (None, true) if in_git != Some(value) => findings.push(statement(
                    Topic::PeerPodsCm,
                    format!("drift:{key}"),
                    Certainty::Inferred,
                    format!("peer-pods-cm {key} differs from Git and the operator does not write it: real drift (someone changed it by hand)"),
                    &[],
                )),
                _ => {}
            }
        }
    }

    // A pending delete: what blocks it, named (the uninstall's own checks).
    if kataconfigs.iter().any(|k| k.deleting) {
        let plan = crate::cluster::uninstall(dump);
        let blockers = ["kata-pods", "no-operator", "legacy-finalizer", "runtimeclass-finalizer", "delete-deferred"];
        for note in plan.steps.iter().flat_map(|s| &s.notes).filter(|n| blockers.contains(&n.id.as_str())) {
            let mut note = note.clone();
            note.id = format!("delete-blocked-by:{}", note.id);
            findings.push(note);
        }
    }

    // Git: the Subscription and the KataConfig.
    let mut starting_csv_ignored = None;
    if let Some(git) = git {
        starting_csv_ignored = subscription_against_git(dump, git, version, &mut findings);
        kataconfig_against_git(dump, git, &mut findings);
    }
    let mut ignore_differences = if pointers.is_empty() {
        Vec::new()
    } else {
        vec![IgnoreDifference {
            group: String::new(),
            kind: "ConfigMap".to_owned(),
            name: PEER_PODS_CM.to_owned(),
            namespace: NAMESPACE.to_owned(),
            json_pointers: pointers,
        }]
    };
    if let Some((name, namespace)) = starting_csv_ignored {
        ignore_differences.push(IgnoreDifference {
            group: "operators.coreos.com".to_owned(),
            kind: "Subscription".to_owned(),
            name,
            namespace,
            json_pointers: vec!["/spec/startingCSV".to_owned()],
        });
    }
    if !ignore_differences.is_empty() {
        findings.push(statement(
            Topic::PeerPodsCm,
            "respect-ignore-differences",
            Certainty::Confirmed,
            "add syncOptions RespectIgnoreDifferences=true to the Application: without it Argo CD only leaves these fields out of the comparison and still applies Git's values",
            &[catalog_source("argo-diffing")],
        ));
        findings.push(statement(
            Topic::PeerPodsCm,
            "rhacm-note",
            Certainty::Inferred,
            "with RHACM, a ConfigurationPolicy that enforces peer-pods-cm with complianceType mustonlyhave resets these keys: use musthave and leave them out of the object",
            &[],
        ));
    }
    DriftReport { installed: version, kataconfigs, findings, ignore_differences }
}

/// Returns the Subscription's name and namespace when its startingCSV should be ignored.
fn subscription_against_git(
    dump: &Dump,
    git: &[Value],
    version: Option<Version>,
    findings: &mut Vec<Statement>,
) -> Option<(String, String)> {
    let wanted =
        git.iter().find(|o| text(o, "/kind") == Some("Subscription") && text(o, "/spec/name") == Some(PACKAGE))?;
    let Some(live) = dump.of_kind("Subscription").find(|s| text(s, "/spec/name") == Some(PACKAGE)) else {
        findings.push(statement(
            Topic::Operator,
            "subscription-missing",
            Certainty::Confirmed,
            "Git has the operator's Subscription, the dump does not",
            &[],
        ));
        return None;
    };
    for (field, id) in [("channel", "channel"), ("source", "source"), ("installPlanApproval", "approval")] {
        let (g, l) = (text(wanted, &format!("/spec/{field}")), text(live, &format!("/spec/{field}")));
        if g.is_some() && g != l {
            findings.push(statement(
                Topic::Operator,
                format!("subscription-{id}"),
                Certainty::Confirmed,
                format!(
                    "Subscription spec.{field} is {:?} in Git and {:?} on the cluster",
                    g.unwrap_or_default(),
                    l.unwrap_or_default()
                ),
                &[],
            ));
        }
    }
    let prefix = format!("{PACKAGE}.");
    let starting = text(wanted, "/spec/startingCSV").and_then(|c| c.strip_prefix(&prefix)).and_then(Version::parse);
    if let (Some(start), Some(running)) = (starting, version) {
        if running > start {
            findings.push(statement(
                Topic::Operator,
                "csv-upgraded",
                Certainty::Inferred,
                format!(
                    "the cluster runs {running}, Git's startingCSV is {start}: OLM upgraded it along the channel (startingCSV only applies at install); pin with Manual approval if that is not wanted"
                ),
                &[catalog_source("olm-update-graph")],
            ));
        } else if running < start {
            findings.push(statement(
                Topic::Operator,
                "csv-behind",
                Certainty::Inferred,
                format!(
                    "the cluster runs {running}, older than Git's startingCSV {start}: an InstallPlan may be waiting, or the Subscription was created with another startingCSV"
                ),
                &[catalog_source("olm-update-graph")],
            ));
        }
    }
    let (git_start, live_start) = (text(wanted, "/spec/startingCSV"), text(live, "/spec/startingCSV"));
    if git_start.is_some() && live_start.is_some() && git_start != live_start {
        findings.push(statement(
            Topic::Operator,
            "starting-csv-changed",
            Certainty::Documented,
            format!(
                "Subscription spec.startingCSV is {} in Git and {} on the cluster: OLM uses it only at install, and Argo CD keeps showing the difference; ignore /spec/startingCSV (below)",
                git_start.unwrap_or_default(),
                live_start.unwrap_or_default()
            ),
            &[catalog_source("olm-starting-csv")],
        ));
        return Some((
            text(live, "/metadata/name").unwrap_or_default().to_owned(),
            text(live, "/metadata/namespace").unwrap_or(NAMESPACE).to_owned(),
        ));
    }
    None
}

fn kataconfig_against_git(dump: &Dump, git: &[Value], findings: &mut Vec<Statement>) {
    let Some(wanted) = git.iter().find(|o| text(o, "/kind") == Some("KataConfig")) else { return };
    let name = text(wanted, "/metadata/name").unwrap_or_default();
    let Some(live) = dump.of_kind("KataConfig").find(|k| text(k, "/metadata/name") == Some(name)) else {
        findings.push(statement(
            Topic::KataConfig,
            "kataconfig-missing",
            Certainty::Confirmed,
            format!("Git has KataConfig {name}, the dump does not"),
            &[],
        ));
        return;
    };
    let empty = serde_json::Map::new();
    let spec_git = wanted.get("spec").and_then(Value::as_object).unwrap_or(&empty);
    let spec_live = live.get("spec").and_then(Value::as_object).unwrap_or(&empty);
    // The API server fills these defaults in; their absence in Git is no drift.
    let defaults = [
        ("checkNodeEligibility", Value::Bool(false)),
        ("logLevel", Value::from("info")),
        ("enablePeerPods", Value::Bool(false)),
    ];
    for (key, live_value) in spec_live {
        let git_value = spec_git.get(key);
        let defaulted = git_value.is_none() && defaults.iter().any(|(k, v)| k == key && v == live_value);
        if git_value != Some(live_value) && !defaulted {
            findings.push(statement(
                Topic::KataConfig,
                format!("kataconfig-spec:{key}"),
                Certainty::Inferred,
                format!(
                    "KataConfig {name} spec.{key} differs from Git; the operator writes no spec field, so this is drift"
                ),
                &[],
            ));
        }
    }
    for key in spec_git.keys().filter(|k| !spec_live.contains_key(*k)) {
        findings.push(statement(
            Topic::KataConfig,
            format!("kataconfig-spec:{key}"),
            Certainty::Inferred,
            format!("KataConfig {name} spec.{key} is in Git but not on the cluster"),
            &[],
        ));
    }
}
