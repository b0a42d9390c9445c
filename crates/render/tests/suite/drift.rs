//! `drift::diff` on a dump built from the day-2 facts, alone and against a repository built for
//! it: which findings (by id) and which `ignoreDifferences` pointers come out.

use oscgen_render::cluster::Dump;
use oscgen_render::drift::diff;
use serde_json::Value;

const DUMP: &str = include_str!("../dumps/drift-1.10-peer-pods.yaml");

/// The repository's objects: the oscgen config rendered, the plain manifests as written.
fn git() -> Vec<Value> {
    let configs = oscgen_render::config::from_yaml(include_str!("../drift-repo/operator.yaml")).unwrap();
    let rendered = oscgen_render::render(&configs).unwrap();
    let mut objects = oscgen_render::yaml::documents(&rendered.to_yaml().unwrap()).unwrap();
    for text in [include_str!("../drift-repo/peer-pods-cm.yaml"), include_str!("../drift-repo/kataconfig.yaml")] {
        objects.extend(oscgen_render::yaml::documents(text).unwrap());
    }
    objects
}

fn ids(report: &oscgen_render::drift::DriftReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn against_the_installed_release_only() {
    let dump = Dump::read(&[("drift.yaml".to_owned(), DUMP.to_owned())]).unwrap();
    let report = diff(&dump, None);
    assert_eq!(report.installed.map(|v| v.to_string()).as_deref(), Some("1.10.3"));
    let found = ids(&report);
    for id in [
        "created-once:kata-remote-350Mi",
        "leftover:kata-remote-cc",
        "leftover:50-kata-remote-cc",
        "created-once:kata-oc-unlabelled",
        "installplan-waiting",
        "operator-written:PODVM_AMI_ID",
        "operator-written:DISABLECVM",
        "operator-written:PEERPODS_LIMIT_PER_NODE",
        "rhacm-note",
    ] {
        assert!(found.contains(&id), "no {id}: {found:?}");
    }
    // Without Git nothing can be called drift.
    assert!(!found.iter().any(|id| id.starts_with("drift:") || id.starts_with("kataconfig-spec:")), "{found:?}");
    let pointers = &report.ignore_differences[0].json_pointers;
    assert_eq!(pointers, &["/data/PODVM_AMI_ID", "/data/DISABLECVM", "/data/PEERPODS_LIMIT_PER_NODE"]);
}

#[test]
fn against_git() {
    let dump = Dump::read(&[("drift.yaml".to_owned(), DUMP.to_owned())]).unwrap();
    let git = git();
    let report = diff(&dump, Some(&git));
    let found = ids(&report);
    for id in [
        "drift:AWS_REGION",
        "operator-written:PODVM_AMI_ID",
        "csv-upgraded",
        "kataconfig-spec:logLevel",
        "starting-csv-changed",
        "respect-ignore-differences",
    ] {
        assert!(found.contains(&id), "no {id}: {found:?}");
    }
    let subscription =
        report.ignore_differences.iter().find(|i| i.kind == "Subscription").expect("startingCSV ignored");
    assert_eq!(
        (subscription.group.as_str(), subscription.json_pointers.as_slice()),
        ("operators.coreos.com", &["/spec/startingCSV".to_owned()][..])
    );
    // Git and the cluster agree on these.
    for id in
        ["drift:CLOUD_PROVIDER", "subscription-channel", "subscription-approval", "kataconfig-spec:enablePeerPods"]
    {
        assert!(!found.contains(&id), "{id}: {found:?}");
    }
}

#[test]
fn keys_the_release_does_not_write_yet_are_not_ignored() {
    // The same peer-pods-cm on a 1.8.1 cluster: PEERPODS_LIMIT_PER_NODE (1.9) is not the
    // operator's yet, DISABLECVM (1.7) is.
    let older = DUMP.replace("sandboxed-containers-operator.v1.10.3", "sandboxed-containers-operator.v1.8.1");
    let dump = Dump::read(&[("drift.yaml".to_owned(), older)]).unwrap();
    let report = diff(&dump, None);
    let pointers = &report.ignore_differences[0].json_pointers;
    assert!(pointers.contains(&"/data/DISABLECVM".to_owned()), "{pointers:?}");
    assert!(!pointers.contains(&"/data/PEERPODS_LIMIT_PER_NODE".to_owned()), "{pointers:?}");
}

/// A pending delete: the diff names what blocks it, as the uninstall does.
#[test]
fn a_pending_delete_names_its_blockers() {
    let blocked = include_str!("../dumps/current-delete-blocked.yaml");
    let dump = Dump::read(&[("blocked.yaml".to_owned(), blocked.to_owned())]).unwrap();
    let report = diff(&dump, None);
    assert_eq!(report.kataconfigs[0].state, "delete-blocked");
    let pods = report.findings.iter().find(|f| f.id == "delete-blocked-by:kata-pods").expect("the kata pods");
    assert!(pods.text.contains("shop/sandboxed-app-7d9f"), "{}", pods.text);
    assert!(!pods.text.contains("batch-done"), "a finished pod blocks nothing: {}", pods.text);

    let gone = include_str!("../dumps/v1.11-operator-gone.yaml");
    let dump = Dump::read(&[("gone.yaml".to_owned(), gone.to_owned())]).unwrap();
    let found: Vec<String> = diff(&dump, None).findings.into_iter().map(|f| f.id).collect();
    for id in ["delete-blocked-by:no-operator", "delete-blocked-by:runtimeclass-finalizer"] {
        assert!(found.iter().any(|f| f == id), "no {id}: {found:?}");
    }
}
