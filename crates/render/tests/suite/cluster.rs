//! `cluster::uninstall` on dumps built from the day-2 facts (each file says so in its header):
//! every KataConfig status shape, each stuck-delete cause and each leftover. Asserts ids,
//! states and objects, never wording.

use oscgen_render::cluster::{Dump, Shape, StepState, uninstall};

struct Case {
    file: &'static str,
    text: &'static str,
    /// (shape, state, deleting) of the one KataConfig.
    kataconfig: (Shape, &'static str, bool),
    /// States of the steps: pods, KataConfig, pools, [RuntimeClasses,] operator, CRD, namespace.
    steps: &'static [StepState],
    /// Note ids that must appear in some step or in the KataConfig's statements.
    notes: &'static [&'static str],
    /// Leftover objects, in order.
    leftovers: &'static [&'static str],
}

const DASHBOARD: &str = "ConfigMap/openshift-config-managed/grafana-dashboard-sandboxed-containers";

#[test]
fn dumps() {
    use StepState::{Blocked, Check, Done, Ready, Waiting};
    let cases = [
        Case {
            file: "legacy-1.1-installing.yaml",
            text: include_str!("../dumps/legacy-1.1-installing.yaml"),
            kataconfig: (Shape::Legacy, "installing", false),
            steps: &[Check, Blocked, Waiting, Blocked, Waiting, Waiting],
            notes: &["shape:Legacy", "installing", "legacy-finalizer", "no-pods-in-dump", "operator-needed"],
            leftovers: &[DASHBOARD],
        },
        Case {
            file: "legacy-1.0-failed.yaml",
            text: include_str!("../dumps/legacy-1.0-failed.yaml"),
            kataconfig: (Shape::Legacy, "failed", false),
            steps: &[Check, Blocked, Waiting, Done, Waiting, Waiting],
            notes: &["failed", "legacy-finalizer"],
            leftovers: &[DASHBOARD],
        },
        Case {
            file: "v1.5.0-peer-pods-after-1.4.yaml",
            text: include_str!("../dumps/v1.5.0-peer-pods-after-1.4.yaml"),
            kataconfig: (Shape::RuntimeClassList, "installed", false),
            steps: &[Done, Ready, Ready, Blocked, Waiting, Waiting],
            notes: &["shape:RuntimeClassList", "installed", "peer-pods-charges"],
            leftovers: &[DASHBOARD, "MachineConfig/50-kata-remote-cc"],
        },
        Case {
            file: "current-installing.yaml",
            text: include_str!("../dumps/current-installing.yaml"),
            kataconfig: (Shape::Current, "installing", false),
            steps: &[Done, Blocked, Waiting, Blocked, Waiting, Waiting],
            notes: &["shape:Current", "installing", "delete-deferred"],
            leftovers: &[DASHBOARD],
        },
        Case {
            file: "current-failed.yaml",
            text: include_str!("../dumps/current-failed.yaml"),
            kataconfig: (Shape::Current, "failed", false),
            steps: &[Check, Waiting, Blocked, Blocked, Waiting, Waiting],
            notes: &["failed", "pool-degraded:kata-oc"],
            leftovers: &[DASHBOARD],
        },
        Case {
            file: "current-delete-blocked.yaml",
            text: include_str!("../dumps/current-delete-blocked.yaml"),
            kataconfig: (Shape::Current, "delete-blocked", true),
            steps: &[Blocked, Blocked, Waiting, Blocked, Waiting, Waiting],
            notes: &["delete-blocked", "kata-pods", "deleting", "pending-installplan"],
            leftovers: &[DASHBOARD],
        },
        Case {
            file: "v1.11-operator-gone.yaml",
            text: include_str!("../dumps/v1.11-operator-gone.yaml"),
            kataconfig: (Shape::Current, "uninstalling", true),
            steps: &[Done, Blocked, Waiting, Waiting, Blocked, Waiting, Waiting],
            notes: &["uninstalling", "no-operator", "runtimeclass-finalizer"],
            leftovers: &[
                DASHBOARD,
                "MachineConfig/50-enable-sandboxed-containers-extension",
                "MachineConfigPool/kata-oc",
            ],
        },
    ];
    for case in &cases {
        assert!(case.text.starts_with("# Built by hand from oscgen's day-2 facts"), "{}: label it as built", case.file);
        let dump = Dump::read(&[(case.file.to_owned(), case.text.to_owned())]).unwrap();
        let plan = uninstall(&dump);
        assert_eq!(plan.kataconfigs.len(), 1, "{}", case.file);
        let k = &plan.kataconfigs[0];
        assert_eq!((k.shape, k.state.as_str(), k.deleting), case.kataconfig, "{}", case.file);
        let states: Vec<StepState> = plan.steps.iter().map(|s| s.state).collect();
        assert_eq!(states, case.steps, "{}: {:#?}", case.file, plan.steps);
        let ids: Vec<&str> =
            plan.steps.iter().flat_map(|s| &s.notes).chain(&k.statements).map(|n| n.id.as_str()).collect();
        for id in case.notes {
            assert!(ids.contains(id), "{}: no note {id}; notes: {ids:?}", case.file);
        }
        let leftovers: Vec<&str> = plan.leftovers.iter().map(|l| l.object.as_str()).collect();
        assert_eq!(leftovers, case.leftovers, "{}", case.file);
        for step in &plan.steps {
            assert!(step.commands.iter().all(|c| c.starts_with("oc ")), "{}: {:?}", case.file, step.commands);
        }
    }
}

#[test]
fn a_dump_that_is_not_yaml_names_its_file() {
    let err = Dump::read(&[("broken.yaml".to_owned(), "items: [\n".to_owned())]).unwrap_err();
    assert!(err.to_string().starts_with("--from `broken.yaml`: "), "{err}");
}
