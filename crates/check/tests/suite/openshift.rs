//! `check` tables for a target OpenShift version and the rules about what the operator does on
//! the nodes: the Subscription against that version's catalog, KataConfig fields of the release
//! it subscribes to, Node Feature Discovery for `checkNodeEligibility`, a namespaced KataConfig,
//! and MachineConfigs or RuntimeClasses the operator writes differently. As in `check.rs`: YAML
//! in, `(severity, path, code)` out, with the line each finding points at.

use crate::common;

use std::path::Path;

use oscgen_check::Severity::{self, Error as E, Warning as W};
use oscgen_check::{Diagnostic, Input, Options, check};
use oscgen_render::catalog::OpenShift;

/// One row: what it checks, the target version, the YAML, and every finding expected as
/// `(severity, line, path, code)`, sorted as `check` sorts.
type Case<'a> = (&'a str, Option<&'a str>, String, &'a [(Severity, usize, &'a str, &'a str)]);

fn options(openshift: Option<&str>) -> Options {
    Options { openshift: openshift.map(|v| OpenShift::parse(v).unwrap()), ..Options::default() }
}

fn findings(text: &str, openshift: Option<&str>) -> Vec<Diagnostic> {
    let input = Input::Text { name: "input.yaml".into(), text: text.into() };
    check(&[input], &options(openshift)).unwrap().entries
}

fn table(cases: &[Case<'_>]) {
    let rows = cases.iter().map(|(what, openshift, input, expected)| {
        (format!("{what} (OpenShift {openshift:?})"), common::owned_lines(expected), findings(input, *openshift))
    });
    common::assert_rows(rows, common::line_key);
}

const NAMESPACE: &str = "openshift-sandboxed-containers-operator";

/// The operator's Subscription (lines 1-11; `channel` on line 7, `startingCSV` on line 8 when
/// given) and its OperatorGroup (lines 13-19).
fn subscription(channel: &str, csv: Option<&str>) -> String {
    let csv = csv.map_or_else(
        || "  config: {}\n".to_owned(),
        |v| format!("  startingCSV: sandboxed-containers-operator.v{v}\n"),
    );
    format!(
        "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {NAMESPACE}\n  \
         namespace: {NAMESPACE}\nspec:\n  channel: {channel}\n{csv}  name: sandboxed-containers-operator\n  \
         source: redhat-operators\n  sourceNamespace: openshift-marketplace\n---\n\
         apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata:\n  name: {NAMESPACE}\n  \
         namespace: {NAMESPACE}\nspec:\n  targetNamespaces: [{NAMESPACE}]\n"
    )
}

/// A KataConfig in a later Argo CD sync wave than the Subscription, with `spec` lines
/// (indented two spaces): `metadata` on line 3, the fields of `spec` from line 8 on. After
/// [`subscription`] (19 lines and `---`), 20 more.
fn kataconfig(spec: &str) -> String {
    format!(
        "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata:\n  name: cluster-kataconfig\n  \
         annotations:\n    argocd.argoproj.io/sync-wave: \"1\"\nspec:\n{spec}"
    )
}

fn both(a: &str, b: &str) -> String {
    format!("{a}---\n{b}")
}

#[test]
fn the_subscription_against_the_catalog_of_the_target_version() {
    let (channel, csv) = ("spec.channel", "spec.startingCSV");
    table(&[
        ("the head of stable in 4.20", Some("4.20"), subscription("stable", Some("1.11.1")), &[]),
        ("the head of stable in 4.22", Some("4.22"), subscription("stable", Some("1.13.1")), &[]),
        ("stable without a CSV", Some("4.16"), subscription("stable", None), &[]),
        // 1.13.1 is the head of stable in 4.22 only; oscgen's 4.20 and 4.18 copies are
        // snapshots that later releases may have joined since.
        (
            "a release newer than oscgen's 4.20 copy serves",
            Some("4.20"),
            subscription("stable", Some("1.12.1")),
            &[(W, 8, csv, "releaseNewerThanCatalog")],
        ),
        (
            "1.13.1 and 4.20",
            Some("4.20"),
            subscription("stable", Some("1.13.1")),
            &[(W, 8, csv, "releaseNewerThanCatalog")],
        ),
        (
            "1.10.3 is newer than the 4.18 copy's head",
            Some("4.18"),
            subscription("stable", Some("1.10.3")),
            &[(W, 8, csv, "releaseNewerThanCatalog")],
        ),
        // Catalogs do not add old releases back: one older than the head that it leaves out
        // is certain not to install.
        (
            "1.4.0, older than every 4.20 release, is not served",
            Some("4.20"),
            subscription("stable", Some("1.4.0")),
            &[(E, 8, csv, "csvNotServed")],
        ),
        // Without a version, a CSV some catalog serves is never unknown.
        ("the same without a version", None, subscription("stable", Some("1.13.1")), &[]),
        (
            "a channel the catalog does not have: its channels, not every channel",
            Some("4.20"),
            subscription("stable-1.4", None),
            &[(E, 7, channel, "channelNotServed")],
        ),
        ("the same without a version", None, subscription("stable-1.4", None), &[(E, 7, channel, "unknownChannel")]),
        (
            "a deprecated channel",
            Some("4.20"),
            subscription("stable-1.3", Some("1.3.3")),
            &[(W, 7, channel, "deprecatedChannel")],
        ),
        ("deprecations need a version", None, subscription("stable-1.3", Some("1.3.3")), &[]),
        (
            "a deprecated bundle",
            Some("4.16"),
            subscription("stable", Some("1.5.0")),
            &[(W, 8, csv, "deprecatedRelease")],
        ),
        (
            "a deprecated channel and a CSV of another channel: the mismatch once",
            Some("4.22"),
            subscription("stable-1.2", Some("1.3.3")),
            &[(W, 7, channel, "deprecatedChannel"), (E, 8, csv, "channelCsvMismatch")],
        ),
        (
            "a placeholder is that, whatever the version",
            Some("4.20"),
            subscription("PLACEHOLDER", None),
            &[(E, 7, channel, "placeholder")],
        ),
        (
            "a version older than every catalog",
            Some("4.12"),
            subscription("stable", Some("1.4.0")),
            &[(W, 7, channel, "noCatalogForOpenShift")],
        ),
        // Older than every catalog, the versions a release was documented for still count.
        (
            "the guide's 1.1.0 on its OpenShift 4.9",
            Some("4.9"),
            subscription("preview-1.1", Some("1.1.0")),
            &[(W, 7, channel, "noCatalogForOpenShift")],
        ),
        (
            "1.1.0 on OpenShift 4.12",
            Some("4.12"),
            subscription("preview-1.1", Some("1.1.0")),
            &[(W, 7, channel, "noCatalogForOpenShift"), (W, 8, csv, "openShiftVersionOutOfRange")],
        ),
        (
            "a placeholder with a version older than every catalog: nothing else to say",
            Some("4.9"),
            subscription("PLACEHOLDER", None),
            &[(E, 7, channel, "placeholder")],
        ),
        (
            "a version newer than every catalog",
            Some("4.30"),
            subscription("stable", Some("1.13.1")),
            &[(W, 7, channel, "noCatalogForOpenShift")],
        ),
    ]);
}

#[test]
fn kataconfig_fields_of_the_subscribed_release() {
    let log_level = kataconfig("  logLevel: debug\n");
    let peer_pods = kataconfig("  enablePeerPods: false\n");
    table(&[
        (
            "logLevel with 1.2.2 (stable-1.2's head)",
            Some("4.20"),
            both(&subscription("stable-1.2", None), &log_level),
            &[(W, 7, "spec.channel", "deprecatedChannel"), (E, 28, "spec.logLevel", "fieldNotInRelease")],
        ),
        (
            "enablePeerPods with 1.3.3",
            Some("4.16"),
            both(&subscription("stable-1.3", Some("1.3.3")), &peer_pods),
            &[(W, 7, "spec.channel", "deprecatedChannel"), (E, 28, "spec.enablePeerPods", "fieldNotInRelease")],
        ),
        ("enablePeerPods with the head of stable", Some("4.16"), both(&subscription("stable", None), &peer_pods), &[]),
        // The guide's cluster: 1.1.0 on OpenShift 4.9, older than every catalog; the field is
        // reported as missing in 1.1.0, not also as unknown to its schema.
        (
            "checkNodeEligibility with the guide's 1.1.0",
            Some("4.9"),
            both(&subscription("preview-1.1", Some("1.1.0")), &kataconfig("  checkNodeEligibility: false\n")),
            &[
                (W, 7, "spec.channel", "noCatalogForOpenShift"),
                (E, 28, "spec.checkNodeEligibility", "fieldNotInRelease"),
            ],
        ),
        (
            "without a version, the schema of the subscribed release says it",
            None,
            both(&subscription("preview-1.1", Some("1.1.0")), &kataconfig("  checkNodeEligibility: false\n")),
            &[(W, 28, "spec.checkNodeEligibility", "droppedField")],
        ),
        (
            "a release that does not serve here decides nothing",
            Some("4.20"),
            both(&subscription("stable", Some("1.13.1")), &log_level),
            &[(W, 8, "spec.startingCSV", "releaseNewerThanCatalog")],
        ),
    ]);
}

#[test]
fn the_subscription_of_another_build_decides_the_kataconfig_fields() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("operator/kustomization.yaml", "resources: [subscription.yaml]\n");
    write("operator/subscription.yaml", &subscription("stable-1.2", None));
    write("instance/kustomization.yaml", "resources: [kataconfig.yaml]\n");
    write("instance/kataconfig.yaml", &kataconfig("  logLevel: debug\n"));
    let run = |openshift: Option<&str>| {
        let found = check(&[Input::Path(dir.path().to_path_buf())], &options(openshift)).unwrap().entries;
        found
            .iter()
            .map(|f| {
                let file = f.origin.as_ref().and_then(|o| o.file.as_deref()).unwrap_or_default();
                let file = Path::new(file).strip_prefix(dir.path()).unwrap().display().to_string();
                (f.severity, file, f.path.to_string(), f.code.to_string())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(Some("4.20")),
        [
            (E, "instance/kataconfig.yaml".to_owned(), "spec.logLevel".to_owned(), "fieldNotInRelease".to_owned()),
            (W, "operator/subscription.yaml".to_owned(), "spec.channel".to_owned(), "deprecatedChannel".to_owned()),
        ]
    );
    assert_eq!(run(None), []);

    // The same Subscription on another channel, for another cluster: the tree no longer says
    // which release the KataConfig runs with, so its fields are not judged.
    write("operator-b/kustomization.yaml", "resources: [subscription.yaml]\n");
    write("operator-b/subscription.yaml", &subscription("stable", None));
    assert_eq!(
        run(Some("4.20")),
        [(W, "operator/subscription.yaml".to_owned(), "spec.channel".to_owned(), "deprecatedChannel".to_owned())]
    );
}

#[test]
fn a_check_config_among_the_inputs_gives_the_version() {
    let config = |version: &str| {
        format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: Check\nmetadata:\n  name: check\nspec:\n  openshiftVersion: {version}\n"
        )
    };
    let sub = subscription("stable", Some("1.13.1"));
    let not_served: &[(Severity, usize, &str, &str)] = &[(W, 8, "spec.startingCSV", "releaseNewerThanCatalog")];
    let input = |version: &str| format!("{sub}---\n{}", config(version));
    table(&[
        ("the config's version", None, input("'4.20'"), not_served),
        ("a version the catalog serves it in", None, input("'4.22'"), &[]),
        // The flag wins, and the config that says otherwise hears of it.
        (
            "--openshift over the config",
            Some("4.22"),
            input("'4.20'"),
            &[(W, 26, "spec.openshiftVersion", "openShiftVersionOverridden")],
        ),
        ("--openshift that agrees", Some("4.20"), input("'4.20'"), not_served),
        (
            "an invalid version is reported and ignored",
            None,
            input("'4.x'"),
            &[(E, 26, "spec.openshiftVersion", "invalidOpenShiftVersion")],
        ),
        (
            "two configs that disagree: the first decides",
            None,
            format!("{}---\n{}", input("'4.20'"), config("'4.22'")),
            &[
                (W, 8, "spec.startingCSV", "releaseNewerThanCatalog"),
                (W, 33, "spec.openshiftVersion", "openShiftVersionOverridden"),
            ],
        ),
    ]);
}

#[test]
fn check_node_eligibility_needs_node_feature_discovery() {
    let eligible = kataconfig("  checkNodeEligibility: true\n");
    let nfd = "apiVersion: nfd.openshift.io/v1\nkind: NodeFeatureDiscovery\nmetadata:\n  name: nfd-instance\n  \
               namespace: openshift-nfd\nspec: {}\n";
    table(&[
        ("no NFD", None, eligible.clone(), &[(W, 8, "spec.checkNodeEligibility", "noNodeFeatureDiscovery")]),
        ("with a NodeFeatureDiscovery", None, both(&eligible, nfd), &[]),
        ("eligibility off", None, kataconfig("  checkNodeEligibility: false\n"), &[]),
        (
            "with peer pods the operator skips the check: that is said instead",
            None,
            kataconfig("  checkNodeEligibility: true\n  enablePeerPods: true\n"),
            &[
                (W, 8, "spec.checkNodeEligibility", "peerPodsSkipsEligibility"),
                (E, 9, "spec.enablePeerPods", "noPeerPodsConfigMap"),
            ],
        ),
        (
            "a release without the field reports the field, not NFD",
            Some("4.20"),
            both(&subscription("stable-1.2", None), &kataconfig("  checkNodeEligibility: true\n"))
                .replace("stable-1.2", "preview-1.1"),
            &[(W, 7, "spec.channel", "deprecatedChannel"), (E, 28, "spec.checkNodeEligibility", "fieldNotInRelease")],
        ),
    ]);
}

#[test]
fn kataconfig_is_cluster_scoped() {
    let namespaced = kataconfig("  logLevel: info\n").replace("  annotations:", "  namespace: default\n  annotations:");
    table(&[
        ("a namespace", None, namespaced, &[(W, 5, "metadata.namespace", "namespacedKataConfig")]),
        ("none", None, kataconfig("  logLevel: info\n"), &[]),
    ]);
}

/// kustomize's `namespace` gives the KataConfig one too (it does not know the kind is
/// cluster-scoped); that is not the file's doing, and nothing is reported.
#[test]
fn a_namespace_from_the_kustomization_is_not_reported() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("kustomization.yaml", &format!("namespace: {NAMESPACE}\nresources:\n- kataconfig.yaml\n"));
    write("kataconfig.yaml", &kataconfig("  logLevel: info\n"));
    let built = oscgen_check::build(dir.path(), &Options::default()).unwrap();
    assert_eq!(built.objects[0]["metadata"]["namespace"], NAMESPACE, "kustomize's namespace reaches the KataConfig");
    let found = check(&[Input::Path(dir.path().to_path_buf())], &options(None)).unwrap().entries;
    assert!(found.is_empty(), "{found:?}");
    write(
        "kataconfig.yaml",
        &kataconfig("  logLevel: info\n").replace("  annotations:", "  namespace: x\n  annotations:"),
    );
    let found = check(&[Input::Path(dir.path().to_path_buf())], &options(None)).unwrap().entries;
    let codes: Vec<String> = found.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["namespacedKataConfig"], "written in its own file, it is");
}

#[test]
fn node_objects_the_operator_writes_differently() {
    let runtime_class = |memory: &str, selector: &str| {
        format!(
            "apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: kata\nhandler: kata\noverhead:\n  \
             podFixed: {{cpu: '0.25', memory: {memory}}}\nscheduling:\n  nodeSelector: {selector}\n"
        )
    };
    let kata_oc = "{node-role.kubernetes.io/kata-oc: ''}";
    let machine_config = |role: &str| {
        format!(
            "apiVersion: machineconfiguration.openshift.io/v1\nkind: MachineConfig\nmetadata:\n  \
             name: 50-enable-sandboxed-containers-extension\n  labels:\n    \
             machineconfiguration.openshift.io/role: {role}\nspec:\n  extensions: [sandboxed-containers]\n"
        )
    };
    // 1.7.0: node objects confirmed in its code; the RuntimeClass does not depend on the
    // KataConfig. The objects come after the Subscription's 18 lines and `---`.
    let sub = subscription("stable", Some("1.7.0"));
    table(&[
        ("what 1.7.0 writes (0.25 is 250m)", Some("4.16"), both(&sub, &runtime_class("350Mi", kata_oc)), &[]),
        (
            "more memory",
            Some("4.16"),
            both(&sub, &runtime_class("400Mi", kata_oc)),
            &[(W, 27, "overhead.podFixed.memory", "operatorObjectDiffers")],
        ),
        (
            "the worker role instead of kata-oc",
            None,
            both(&sub, &runtime_class("350Mi", "{node-role.kubernetes.io/worker: ''}")),
            &[(W, 29, "scheduling.nodeSelector", "operatorObjectDiffers")],
        ),
        (
            "the extension MachineConfig for the worker pool",
            None,
            both(&sub, &machine_config("worker")),
            &[(W, 26, "metadata.labels[\"machineconfiguration.openshift.io/role\"]", "operatorObjectDiffers")],
        ),
        ("the extension MachineConfig as 1.7.0 writes it", None, both(&sub, &machine_config("kata-oc")), &[]),
        // A cluster without workers: the operator uses the master pool instead.
        ("as it writes it on a converged cluster", None, both(&sub, &machine_config("master")), &[]),
        (
            "the RuntimeClass on a converged cluster",
            None,
            both(&sub, &runtime_class("350Mi", "{node-role.kubernetes.io/master: ''}")),
            &[],
        ),
        (
            "another name is not the operator's",
            None,
            both(&sub, &runtime_class("400Mi", kata_oc).replace("name: kata\n", "name: kata-custom\n")),
            &[],
        ),
        // 1.13.1's node objects are inferred from 1.11.0's code, so nothing is compared.
        (
            "a release whose node objects are not confirmed",
            None,
            both(&subscription("stable", Some("1.13.1")), &runtime_class("400Mi", kata_oc)),
            &[],
        ),
        // 1.3.3: the RuntimeClass selects the KataConfig's pool selector and NFD's label.
        (
            "1.3.3 with checkNodeEligibility",
            Some("4.16"),
            format!(
                "{}---\n{}---\n{}",
                subscription("stable-1.3", Some("1.3.3")),
                kataconfig("  checkNodeEligibility: true\n"),
                runtime_class("350Mi", kata_oc)
            ),
            &[
                (W, 7, "spec.channel", "deprecatedChannel"),
                (W, 28, "spec.checkNodeEligibility", "noNodeFeatureDiscovery"),
                (W, 38, "scheduling.nodeSelector", "operatorObjectDiffers"),
            ],
        ),
    ]);
}

/// A Subscription to another catalog (a mirror, a dev build, a CatalogSource the repo defines)
/// is not judged against Red Hat's: a note says so. Only a placeholder stays an error.
#[test]
fn a_subscription_to_another_catalog() {
    let custom = |channel: &str, source: &str| {
        subscription(channel, Some("1.8.0")).replace("source: redhat-operators", &format!("source: {source}"))
    };
    let catalog_source = "apiVersion: operators.coreos.com/v1alpha1\nkind: CatalogSource\nmetadata:\n  \
                          name: osc-dev\n  namespace: openshift-marketplace\nspec:\n  sourceType: grpc\n  \
                          image: quay.io/example/osc-index:candidate\n";
    let source = "spec.source";
    table(&[
        (
            "a dev catalog defined in the same file",
            Some("4.20"),
            both(&custom("candidate", "osc-dev"), catalog_source),
            &[(Severity::Info, 10, source, "otherCatalogSource")],
        ),
        (
            "a mirror named elsewhere, without a version",
            None,
            custom("candidate", "cs-redhat-operator-index"),
            &[(Severity::Info, 10, source, "otherCatalogSource")],
        ),
        (
            "a placeholder is wrong in any catalog",
            None,
            custom("set-by-overlay", "osc-dev"),
            &[(E, 7, "spec.channel", "placeholder"), (Severity::Info, 10, source, "otherCatalogSource")],
        ),
    ]);
}

/// Confidential containers on bare metal need Node Feature Discovery and a NodeFeatureRule
/// that labels the TEE nodes somewhere in the checked tree; peer pods do not.
#[test]
fn confidential_bare_metal_needs_node_feature_rules() {
    let gates = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: osc-feature-gates\n  namespace: {NAMESPACE}\ndata:\n  confidential: \"true\"\n"
    );
    let kata = |spec: &str| {
        format!(
            "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata:\n  name: cluster-kataconfig\nspec:\n{spec}"
        )
    };
    let nfd = "apiVersion: nfd.openshift.io/v1\nkind: NodeFeatureDiscovery\nmetadata:\n  name: nfd-instance\n  namespace: openshift-nfd\n";
    let rule = "apiVersion: nfd.openshift.io/v1alpha1\nkind: NodeFeatureRule\nmetadata:\n  name: tee\n  namespace: openshift-nfd\nspec:\n  rules: []\n";
    let warned: &[(Severity, usize, &str, &str)] = &[(W, 4, "metadata.name", "confidentialNeedsNodeFeatures")];
    table(&[
        ("bare metal, nothing labels the nodes", None, both(&kata("  enablePeerPods: false\n"), &gates), warned),
        ("NFD without a rule", None, both(&both(&kata("  logLevel: info\n"), &gates), nfd), warned),
        ("NFD and a rule", None, both(&both(&both(&kata("  logLevel: info\n"), &gates), nfd), rule), &[]),
        (
            "peer pods: the cloud's TEE, not the nodes'",
            None,
            both(&kata("  enablePeerPods: true\n"), &gates),
            &[(E, 6, "spec.enablePeerPods", "noPeerPodsConfigMap")],
        ),
        ("the gate off", None, both(&kata("  logLevel: info\n"), &gates.replace("\"true\"", "\"false\"")), &[]),
    ]);
}
