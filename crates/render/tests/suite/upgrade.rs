//! `upgrade::plan` on the paths the day-2 issue names: where OLM moves the operator at each
//! OpenShift version and through which edge, which statements each step makes (by id, topic
//! and confidence, never by wording), and the errors for inputs oscgen does not know.

use oscgen_render::Error;
use oscgen_render::upgrade::{Approval, Certainty, EdgeKind, Plan, Request, Topic, plan};

/// A move as (from, to, edge).
type ExpectedMove = (&'static str, &'static str, EdgeKind);
/// A step as (OpenShift version, release after it, its moves).
type ExpectedStep = (&'static str, &'static str, &'static [ExpectedMove]);
/// A step of a plan, in the same terms.
type StepSummary = (String, String, Vec<(String, String, EdgeKind)>);

struct Case {
    name: &'static str,
    from: &'static str,
    channel: &'static str,
    openshift: &'static str,
    to_openshift: &'static [&'static str],
    to: Option<&'static str>,
    approval: Approval,
    peer_pods: bool,
    /// Per step: (OpenShift version, release after it, moves as (from, to, edge)).
    steps: &'static [ExpectedStep],
    /// Statements that must be made: (step index, topic, id, confidence).
    present: &'static [(usize, Topic, &'static str, Certainty)],
    /// Statement ids no step may make.
    absent: &'static [&'static str],
}

const BASE: Case = Case {
    name: "",
    from: "",
    channel: "stable",
    openshift: "",
    to_openshift: &[],
    to: None,
    approval: Approval::Automatic,
    peer_pods: false,
    steps: &[],
    present: &[],
    absent: &[],
};

fn run(case: &Case) -> Result<Plan, Error> {
    let to_openshift: Vec<String> = case.to_openshift.iter().map(|s| (*s).to_owned()).collect();
    plan(&Request {
        from: case.from,
        channel: case.channel,
        openshift: case.openshift,
        to_openshift: &to_openshift,
        to: case.to,
        approval: case.approval,
        peer_pods: case.peer_pods,
        catalogs: &[],
    })
}

#[test]
fn paths() {
    use Certainty::{Confirmed, Documented, Inferred};
    use EdgeKind::{Replaces, SkipRange};
    let cases = [
        // EUS to EUS: 4.18's head is older than 4.16's, so nothing moves until 4.20.
        Case {
            name: "4.16 -> 4.18 -> 4.20, Manual",
            from: "1.10.3",
            openshift: "4.16",
            to_openshift: &["4.18", "4.20"],
            approval: Approval::Manual,
            steps: &[
                ("4.16", "1.10.3", &[]),
                ("4.18", "1.10.3", &[]),
                ("4.20", "1.11.1", &[("1.10.3", "1.11.1", SkipRange)]),
            ],
            present: &[
                (0, Topic::Operator, "at-head", Confirmed),
                (1, Topic::OpenShift, "openshift-not-blocked", Inferred),
                (1, Topic::Operator, "head-older", Inferred),
                (2, Topic::Operator, "passing-catalog-moves", Inferred),
                (2, Topic::Operator, "moves", Inferred),
                (2, Topic::InstallPlan, "installplan", Inferred),
                (2, Topic::KnownIssue, "rule:runtimeclass-finalizer", Confirmed),
                (2, Topic::Nodes, "created-once:RuntimeClass kata-cc", Inferred),
                (2, Topic::Nodes, "no-roll", Confirmed),
            ],
            absent: &["kata-oc-rolls", "switch-channel"],
            ..BASE
        },
        // An older installed release on the same path moves at once, to 4.16's head.
        Case {
            name: "1.9.0 on 4.16 -> 4.18 -> 4.20",
            from: "sandboxed-containers-operator.v1.9.0",
            openshift: "4.16",
            to_openshift: &["4.18", "4.20"],
            steps: &[
                ("4.16", "1.10.3", &[("1.9.0", "1.10.3", SkipRange)]),
                ("4.18", "1.10.3", &[]),
                ("4.20", "1.11.1", &[("1.10.3", "1.11.1", SkipRange)]),
            ],
            present: &[(0, Topic::Nodes, "no-roll", Confirmed)],
            absent: &["kata-oc-rolls"],
            ..BASE
        },
        // A deprecated channel never moves; switching to stable lands on the head.
        Case {
            name: "4.15 -> 4.16 on stable-1.3",
            from: "1.3.3",
            channel: "stable-1.3",
            openshift: "4.15",
            to_openshift: &["4.16"],
            steps: &[("4.15", "1.3.3", &[]), ("4.16", "1.3.3", &[])],
            present: &[
                (0, Topic::Catalog, "catalog-not-confirmed", Inferred),
                (0, Topic::Channel, "switch-channel", Inferred),
                (1, Topic::Operator, "at-head", Confirmed),
                (1, Topic::Channel, "switch-channel", Inferred),
            ],
            absent: &["moves", "switch-channel-twice"],
            ..BASE
        },
        // 1.0.x is in no stable skipRange: preview-1.1 first, then stable, and the 1.0/1.1
        // finalizer stays behind.
        Case {
            name: "1.0.2 on preview-1.0",
            from: "1.0.2",
            channel: "preview-1.0",
            openshift: "4.16",
            to_openshift: &["4.18"],
            approval: Approval::Manual,
            steps: &[("4.16", "1.0.2", &[]), ("4.18", "1.0.2", &[])],
            present: &[
                (0, Topic::Channel, "switch-channel-twice", Inferred),
                (0, Topic::KnownIssue, "rule:legacy-finalizer", Inferred),
                (1, Topic::Channel, "switch-channel-twice", Inferred),
            ],
            absent: &["moves", "switch-channel", "installplan"],
            ..BASE
        },
        // The 1.5.0 bug: CSV Pending with a KataConfig; the peer-pods MachineConfigs are
        // rewritten and renamed, so kata-oc rolls, and 50-kata-remote-cc is left behind.
        Case {
            name: "1.4.1 -> 1.5.0 with peer pods",
            from: "1.4.1",
            openshift: "4.14",
            to: Some("1.5.0"),
            peer_pods: true,
            steps: &[("4.14", "1.5.0", &[("1.4.1", "1.5.0", SkipRange)])],
            present: &[
                (0, Topic::Catalog, "catalog-documented", Inferred),
                (0, Topic::KnownIssue, "rule:csv-pending-1.5.0", Confirmed),
                (
                    0,
                    Topic::Nodes,
                    "mc-rewritten:MachineConfigs 40-worker-kata-remote-config, 50-kata-remote",
                    Confirmed,
                ),
                (0, Topic::Nodes, "orphan:MachineConfig 50-kata-remote-cc, RuntimeClass kata-remote-cc", Inferred),
                (0, Topic::Nodes, "kata-oc-rolls", Inferred),
                (0, Topic::KataConfig, "field-lost:status.runtimeClass (string)", Confirmed),
                (0, Topic::KataConfig, "field-gained:status.runtimeClass ([]string)", Confirmed),
                (0, Topic::KataConfig, "field-gained:status.kataNodes, status.conditions", Confirmed),
                (0, Topic::Target, "target-reached", Inferred),
            ],
            absent: &["no-roll"],
            ..BASE
        },
        // 1.5.1 fixed it: no Pending CSV, and status.runtimeClasses straight away.
        Case {
            name: "1.4.1 -> 1.5.1 without peer pods",
            from: "1.4.1",
            openshift: "4.14",
            to: Some("1.5.1"),
            steps: &[("4.14", "1.5.1", &[("1.4.1", "1.5.1", SkipRange)])],
            present: &[
                (0, Topic::KataConfig, "field-gained:status.runtimeClasses", Confirmed),
                (0, Topic::Nodes, "no-roll", Confirmed),
            ],
            absent: &["rule:csv-pending-1.5.0", "field-gained:status.runtimeClass ([]string)", "kata-oc-rolls"],
            ..BASE
        },
        // Peer pods 1.8 -> 1.9: the 40-worker MachineConfig changes, kata-oc rolls, the
        // PeerPodConfig is migrated, PEERPODS_LIMIT_PER_NODE becomes the operator's.
        Case {
            name: "peer pods 1.8.1 -> 1.9.0",
            from: "1.8.1",
            openshift: "4.15",
            to: Some("1.9.0"),
            peer_pods: true,
            steps: &[("4.15", "1.9.0", &[("1.8.1", "1.9.0", Replaces)])],
            present: &[
                (0, Topic::Operator, "moves", Confirmed),
                (0, Topic::Nodes, "mc-rewritten:MachineConfig 40-worker-kata-remote-config", Confirmed),
                (0, Topic::Nodes, "kata-oc-rolls", Inferred),
                (0, Topic::Nodes, "created-once:RuntimeClass kata-remote", Inferred),
                (0, Topic::KnownIssue, "rule:peerpodconfig-migrated", Confirmed),
                (0, Topic::KnownIssue, "rule:podvm-image-not-updated", Documented),
                (0, Topic::PeerPodsCm, "key:PEERPODS_LIMIT_PER_NODE", Confirmed),
                (0, Topic::Target, "target-reached", Inferred),
            ],
            absent: &["no-roll"],
            ..BASE
        },
        // Without peer pods the same move rolls nothing.
        Case {
            name: "1.8.1 -> 1.9.0 without peer pods",
            from: "1.8.1",
            openshift: "4.15",
            to: Some("1.9.0"),
            steps: &[("4.15", "1.9.0", &[("1.8.1", "1.9.0", Replaces)])],
            present: &[(0, Topic::Nodes, "no-roll", Confirmed)],
            absent: &["kata-oc-rolls", "key:PEERPODS_LIMIT_PER_NODE", "rule:peerpodconfig-migrated"],
            ..BASE
        },
        // --to 1.8.1 is passed over: 4.15's head skips straight to 1.9.0, which rolls.
        Case {
            name: "peer pods 1.7.0 -> 1.8.1",
            from: "1.7.0",
            openshift: "4.15",
            to: Some("1.8.1"),
            peer_pods: true,
            steps: &[("4.15", "1.9.0", &[("1.7.0", "1.9.0", SkipRange)])],
            present: &[(0, Topic::Target, "target-skipped", Inferred), (0, Topic::Nodes, "kata-oc-rolls", Inferred)],
            absent: &[],
            ..BASE
        },
        // Into 1.11 with peer pods: whether kata-oc rolls is not known.
        Case {
            name: "peer pods 1.10.3 -> 1.11.1",
            from: "1.10.3",
            openshift: "4.16",
            to_openshift: &["4.20"],
            peer_pods: true,
            steps: &[("4.16", "1.10.3", &[]), ("4.20", "1.11.1", &[("1.10.3", "1.11.1", SkipRange)])],
            present: &[(1, Topic::Nodes, "kata-oc-roll-unknown", Certainty::Unknown)],
            absent: &["kata-oc-rolls", "no-roll"],
            ..BASE
        },
        // A target the path never reaches.
        Case {
            name: "--to beyond the catalogs of the path",
            from: "1.10.3",
            openshift: "4.16",
            to_openshift: &["4.18"],
            to: Some("1.12.1"),
            steps: &[("4.16", "1.10.3", &[]), ("4.18", "1.10.3", &[])],
            present: &[(1, Topic::Target, "target-not-reached", Inferred)],
            absent: &[],
            ..BASE
        },
    ];
    for case in &cases {
        let plan = run(case).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let steps: Vec<StepSummary> = plan
            .steps
            .iter()
            .map(|s| {
                let moves = s.moves.iter().map(|m| (m.from.to_string(), m.to.to_string(), m.edge)).collect();
                (s.openshift.clone(), s.after.to_string(), moves)
            })
            .collect();
        let expected: Vec<StepSummary> = case
            .steps
            .iter()
            .map(|(v, after, moves)| {
                let moves = moves.iter().map(|(a, b, e)| ((*a).to_owned(), (*b).to_owned(), *e)).collect();
                ((*v).to_owned(), (*after).to_owned(), moves)
            })
            .collect();
        assert_eq!(steps, expected, "{}", case.name);
        for (i, topic, id, certainty) in case.present {
            let found = plan.steps[*i].statements.iter().find(|s| s.id == *id && s.topic == *topic);
            let Some(found) = found else {
                let ids: Vec<&str> = plan.steps[*i].statements.iter().map(|s| s.id.as_str()).collect();
                panic!("{}: step {i} has no {topic:?} statement {id}; it has {ids:?}", case.name);
            };
            assert_eq!(found.certainty, *certainty, "{}: {id}", case.name);
            assert!(!found.source.is_empty() || found.topic == Topic::Catalog, "{}: {id} cites no source", case.name);
        }
        for id in case.absent {
            let made = plan.steps.iter().flat_map(|s| &s.statements).any(|s| s.id == *id);
            assert!(!made, "{}: made statement {id}", case.name);
        }
        // Every inferred statement says so in JSON, and the plan counts it.
        let json = serde_json::to_value(&plan.steps).unwrap();
        for step in json.as_array().unwrap() {
            assert!(step["openshift"].is_string() && step["after"].is_string(), "{}", case.name);
        }
    }
}

#[test]
fn inputs_oscgen_does_not_know_name_their_flag() {
    let cases: Vec<(&str, Case, &str)> = vec![
        ("an unknown release", Case { from: "1.4.9", openshift: "4.16", to_openshift: &["4.18"], ..BASE }, "--from"),
        ("not a version", Case { from: "latest", openshift: "4.16", to_openshift: &["4.18"], ..BASE }, "--from"),
        (
            "a release never published",
            Case { from: "1.8.0", openshift: "4.16", to_openshift: &["4.18"], ..BASE },
            "--from",
        ),
        (
            "a bad OpenShift version",
            Case { from: "1.9.0", openshift: "five", to_openshift: &["4.18"], ..BASE },
            "--openshift",
        ),
        (
            "a path that goes backwards",
            Case { from: "1.9.0", openshift: "4.18", to_openshift: &["4.20", "4.16"], ..BASE },
            "--to-openshift",
        ),
        ("no target", Case { from: "1.9.0", openshift: "4.18", ..BASE }, "--to"),
        ("a downgrade", Case { from: "1.9.0", openshift: "4.18", to: Some("1.8.1"), ..BASE }, "--to"),
        ("an unknown target", Case { from: "1.9.0", openshift: "4.18", to: Some("2.0.0"), ..BASE }, "--to"),
        (
            "an unknown channel",
            Case { from: "1.9.0", channel: "fast", openshift: "4.18", to_openshift: &["4.20"], ..BASE },
            "--channel",
        ),
        (
            "peer pods before 1.4",
            Case { from: "1.3.3", openshift: "4.15", to_openshift: &["4.16"], peer_pods: true, ..BASE },
            "--peer-pods",
        ),
    ];
    for (name, case, expected) in cases {
        match run(&case) {
            Err(Error::Plan { flag, message, .. }) => {
                assert_eq!(flag, expected, "{name}: {message}");
                assert!(!message.is_empty(), "{name}");
            }
            other => panic!("{name}: expected an error for {expected}, got {other:?}"),
        }
    }
}

#[test]
fn installed_only_versions_are_planned_like_their_release() {
    let plan = run(&Case { from: "v1.4.1", openshift: "4.15", to_openshift: &["4.16"], ..BASE }).unwrap();
    assert_eq!(plan.planned_as, Some("1.4.0"));
    assert_eq!(plan.from.to_string(), "1.4.1");
    // 4.15's stable head skips every release from 1.1.0 on, 1.4.1 included.
    assert_eq!(plan.steps[0].after.to_string(), "1.9.0");
}

const NEWER_4_21: &str = include_str!("../catalogs/opm-render-4.21-newer.json");

/// `--catalog`: a newer index for 4.21 (built, see catalogs/README.md) replaces oscgen's data for
/// that version only; its deprecations drive the hand switches.
#[test]
fn a_catalog_file_replaces_the_data_for_its_version() {
    use oscgen_render::upgrade::FileCatalog;
    let file = FileCatalog::read("4.21", "newer.json", NEWER_4_21).unwrap();
    assert_eq!(file.channels.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["stable", "stable-1.3"]);
    assert_eq!(file.deprecated_channels, ["stable-1.3"]);
    let catalogs = [file];
    let to = ["4.21".to_owned()];
    let request = |from, channel| Request {
        from,
        channel,
        openshift: "4.20",
        to_openshift: &to,
        to: None,
        approval: Approval::Manual,
        peer_pods: false,
        catalogs: &catalogs,
    };
    let plan = plan(&request("1.11.1", "stable")).unwrap();
    let after: Vec<String> = plan.steps.iter().map(|s| s.after.to_string()).collect();
    assert_eq!(after, ["1.11.1", "1.13.1"], "oscgen's own 4.21 catalog would stop at 1.12.1");
    assert_eq!(plan.steps[1].catalog, "4.21 (newer.json)");
    assert_eq!(plan.steps[1].moves[0].edge, EdgeKind::SkipRange);
    assert!(plan.steps[1].statements.iter().any(|s| s.id == "catalog-file"));

    let plan = plan_for(&request("1.3.3", "stable-1.3"));
    let switch = plan.steps[1].statements.iter().find(|s| s.id == "switch-channel").expect("a hand switch");
    assert!(switch.text.contains("1.13.1"), "{}", switch.text);
}

fn plan_for(request: &Request<'_>) -> Plan {
    plan(request).unwrap()
}

#[test]
fn catalog_files_oscgen_cannot_read_are_refused() {
    use oscgen_render::upgrade::FileCatalog;
    for (name, version, text) in [
        ("no package", "4.21", "{\"schema\": \"olm.package\", \"name\": \"other\"}\n"),
        ("not JSON or YAML", "4.21", "{{{"),
        ("a bad version", "four", NEWER_4_21),
        (
            "a skipRange form oscgen does not read",
            "4.21",
            "{\"schema\":\"olm.package\",\"name\":\"sandboxed-containers-operator\"}\n{\"schema\":\"olm.channel\",\"package\":\"sandboxed-containers-operator\",\"name\":\"stable\",\"entries\":[{\"name\":\"sandboxed-containers-operator.v1.13.1\",\"skipRange\":\"1.1.0 - 1.13.1\"}]}\n",
        ),
    ] {
        match FileCatalog::read(version, "f.json", text) {
            Err(Error::Plan { flag, message, .. }) => {
                assert_eq!(flag, "--catalog", "{name}");
                let expected = ["no package", "JSON", "OpenShift version", "skipRange"];
                assert!(expected.iter().any(|e| message.contains(e)), "{name}: {message}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}
