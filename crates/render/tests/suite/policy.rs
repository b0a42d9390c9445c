//! RHACM policies (`SandboxedContainersPolicy`) and GitOps annotations: the exact text users
//! get, snapshotted, every emitted object against its CRD, and tables of
//! `(severity, path, kind)` for bad input.

use crate::common;

use common::{assert_text_snapshot, check};
use oscgen_render::Severity::{Error as E, Info as I, Warning as W};
use oscgen_render::{Config, config, render};

/// A policy config with `spec` (block YAML, indented two spaces) on top of a valid base.
fn policy(spec: &str) -> String {
    format!(
        "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersPolicy\nmetadata:\n  name: sandboxed-containers\nspec:\n{spec}"
    )
}

/// The base every row starts from: a fleet of OpenShift 4.20 clusters labelled for Kata.
const BASE: &str = "  policyNamespace: sandboxed-containers-policies
  placement:
    clusterSelector:
      matchLabels:
        vendor: OpenShift
        sandboxed-containers: 'true'
  operator:
    channel: stable
    openshiftVersion: '4.20'
  runtime:
    openshiftVersion: '4.20'
    poolSelector:
      matchLabels:
        node-role.kubernetes.io/worker: ''
";

fn rendered(yaml: &str) -> String {
    let configs = config::from_yaml(yaml).unwrap();
    render(&configs).unwrap_or_else(|e| panic!("{e}\n{yaml}")).to_yaml().unwrap()
}

#[test]
fn policy_sets_for_inform_enforce_and_old_and_current_acm() {
    let cases = [
        ("policy-enforce", "  remediationAction: enforce\n"),
        ("policy-inform", "  remediationAction: inform\n"),
        ("policy-enforce-acm-2.10", "  remediationAction: enforce\n  acmVersion: '2.10'\n"),
        ("policy-enforce-acm-2.11", "  remediationAction: enforce\n  acmVersion: '2.11'\n"),
    ];
    for (name, extra) in cases {
        let yaml = rendered(&policy(&format!("{BASE}{extra}")));
        assert_text_snapshot(name, &yaml);
    }
    // The default is the current release: the same objects as 2.11.
    assert_eq!(
        rendered(&policy(&format!("{BASE}  remediationAction: enforce\n"))),
        rendered(&policy(&format!("{BASE}  remediationAction: enforce\n  acmVersion: '2.14'\n")))
    );
}

#[test]
fn policy_facts_that_matter() {
    let text = rendered(&policy(&format!("{BASE}  remediationAction: enforce\n")));
    let docs = oscgen_render::yaml::documents(&text).unwrap();
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ManagedClusterSetBinding", "Placement", "Policy", "PlacementBinding"]);
    let root = &docs[2];
    assert_eq!(root["spec"]["disabled"], false);
    let templates = root["spec"]["policy-templates"].as_array().unwrap();
    let operator = &templates[0]["objectDefinition"];
    assert_eq!(operator["kind"], "OperatorPolicy");
    assert_eq!(operator["spec"]["upgradeApproval"], "Automatic");
    assert!(operator["spec"]["subscription"].get("installPlanApproval").is_none());
    // OwnNamespace: without an OperatorGroup the controller would create an AllNamespaces one.
    assert_eq!(operator["spec"]["operatorGroup"]["targetNamespaces"][0], "openshift-sandboxed-containers-operator");
    let runtime = &templates[1];
    assert_eq!(runtime["objectDefinition"]["spec"]["pruneObjectBehavior"], "None");
    assert_eq!(runtime["extraDependencies"][0]["kind"], "OperatorPolicy");
    assert_eq!(runtime["extraDependencies"][0]["compliance"], "Compliant");
    assert_eq!(runtime["objectDefinition"]["spec"]["object-templates"][0]["objectDefinition"]["kind"], "KataConfig");
    // Every object in the policy namespace.
    assert!(docs.iter().all(|d| d["metadata"]["namespace"] == "sandboxed-containers-policies"));
    // Manual approval means upgrades wait.
    let manual = rendered(&policy(&format!(
        "{}  remediationAction: enforce\n",
        BASE.replace("    channel: stable\n", "    channel: stable\n    installPlanApproval: Manual\n")
    )));
    assert!(manual.contains("upgradeApproval: None"), "{manual}");
    // The fleet's clusters install their own catalog's head, unless a release is named.
    assert!(!text.contains("startingCSV"), "{text}");
    let pinned = rendered(&policy(&format!(
        "{}  remediationAction: enforce\n",
        BASE.replace("    channel: stable\n", "    channel: stable\n    release: 1.11.1\n")
    )));
    assert!(pinned.contains("startingCSV: sandboxed-containers-operator.v1.11.1"), "{pinned}");
}

#[test]
fn a_custom_handler_travels_in_the_runtime_template() {
    let spec = BASE
        .replace("  runtime:\n", "  runtime:\n    runtimeHandler: {name: kata-custom, runtimeRoot: /run/vc-custom}\n");
    let text = rendered(&policy(&format!("{spec}  remediationAction: enforce\n")));
    let docs = oscgen_render::yaml::documents(&text).unwrap();
    let templates = docs[2]["spec"]["policy-templates"].as_array().unwrap();
    let objects: Vec<&str> = templates[1]["objectDefinition"]["spec"]["object-templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["objectDefinition"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(objects, ["KataConfig", "MachineConfig", "RuntimeClass"]);
}

#[test]
fn cluster_sets_are_bound_and_argocd_annotates_the_hub() {
    let spec = format!(
        "{}  remediationAction: inform\n  gitops: {{engine: argocd}}\n",
        BASE.replace("  placement:\n", "  placement:\n    clusterSets: [prod-east, prod-west]\n")
    );
    let yaml = rendered(&policy(&spec));
    assert_text_snapshot("policy-inform-cluster-sets-argocd", &yaml);
}

#[test]
fn argocd_annotations_on_cluster_objects() {
    let operator = "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {name: osc}\n\
                    spec: {channel: stable, openshiftVersion: '4.20', gitops: {engine: argocd}}\n";
    let runtime = "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: cluster-kataconfig}\n\
                   spec: {openshiftVersion: '4.20', renderNodeObjects: true, gitops: {engine: argocd},\n\
                   runtimeHandler: {name: kata-custom}}\n";
    let yaml = rendered(&format!("{operator}---\n{runtime}"));
    assert_text_snapshot("argocd-annotations", &yaml);
    let docs = oscgen_render::yaml::documents(&yaml).unwrap();
    let wave = |kind: &str| -> i32 {
        let doc = docs.iter().find(|d| d["kind"] == kind).unwrap();
        doc["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"].as_str().unwrap().parse().unwrap()
    };
    assert!(wave("Namespace") < wave("OperatorGroup"));
    assert!(wave("OperatorGroup") < wave("Subscription"));
    for later in ["MachineConfig", "RuntimeClass", "KataConfig"] {
        assert!(wave("Subscription") < wave(later), "{later}");
    }
    let kata = docs.iter().find(|d| d["kind"] == "KataConfig").unwrap();
    let options = kata["metadata"]["annotations"]["argocd.argoproj.io/sync-options"].as_str().unwrap();
    assert!(options.contains("SkipDryRunOnMissingResource=true") && options.contains("Prune=false"), "{options}");
    // Without gitops, no annotation at all.
    let plain = rendered(&operator.replace(", gitops: {engine: argocd}", ""));
    assert!(!plain.contains("argocd.argoproj.io"), "{plain}");
}

#[test]
fn bad_policy_configs() {
    let enforce = "  remediationAction: enforce\n";
    let with = |extra: &str| policy(&format!("{BASE}{extra}"));
    let replaced = |from: &str, to: &str| policy(&format!("{}{enforce}", BASE.replace(from, to)));
    check(&[
        ("valid", with(enforce), &[]),
        ("remediationAction typo", with("  remediationAction: enfroce\n"), &[(E, "spec.remediationAction", "Shape")]),
        ("remediationAction missing", with(""), &[(E, "spec.remediationAction", "RequiredField")]),
        (
            "empty placement",
            policy(&format!("{}{enforce}", BASE.replace(
                "  placement:\n    clusterSelector:\n      matchLabels:\n        vendor: OpenShift\n        sandboxed-containers: 'true'\n",
                "  placement: {}\n"
            ))),
            &[(E, "spec.placement", "EmptyPlacement")],
        ),
        (
            "empty selector without cluster sets",
            policy(&format!("{}{enforce}", BASE.replace(
                "    clusterSelector:\n      matchLabels:\n        vendor: OpenShift\n        sandboxed-containers: 'true'\n",
                "    clusterSelector: {}\n"
            ))),
            &[(E, "spec.placement", "EmptyPlacement")],
        ),
        (
            "no placement",
            policy(&format!("{}{enforce}", BASE.replace(
                "  placement:\n    clusterSelector:\n      matchLabels:\n        vendor: OpenShift\n        sandboxed-containers: 'true'\n",
                ""
            ))),
            &[(E, "spec.placement", "RequiredField")],
        ),
        (
            "cluster sets alone select every cluster in them",
            policy(&format!("{}{enforce}", BASE.replace(
                "    clusterSelector:\n      matchLabels:\n        vendor: OpenShift\n        sandboxed-containers: 'true'\n",
                "    clusterSets: [kata-clusters]\n"
            ))),
            &[],
        ),
        ("cluster set name", replaced("  placement:\n", "  placement:\n    clusterSets: [Prod]\n"), &[(E, "spec.placement.clusterSets[0]", "InvalidName")]),
        (
            "cluster set twice",
            replaced("  placement:\n", "  placement:\n    clusterSets: [a, a]\n"),
            &[(E, "spec.placement.clusterSets[1]", "Shape")],
        ),
        (
            "unquoted label value in the cluster selector",
            replaced("sandboxed-containers: 'true'", "sandboxed-containers: true"),
            &[(E, "spec.placement.clusterSelector.matchLabels[\"sandboxed-containers\"]", "LabelValueNotString")],
        ),
        (
            "YAML 1.1 word in the cluster selector",
            replaced("sandboxed-containers: 'true'", "sandboxed-containers: yes"),
            &[(W, "spec.placement.clusterSelector.matchLabels[\"sandboxed-containers\"]", "UnquotedYaml11Bool")],
        ),
        (
            "policyNamespace not a DNS label",
            replaced("sandboxed-containers-policies", "Policies.Kata"),
            &[(E, "spec.policyNamespace", "InvalidName")],
        ),
        (
            "policyNamespace missing",
            replaced("  policyNamespace: sandboxed-containers-policies\n", ""),
            &[(E, "spec.policyNamespace", "RequiredField")],
        ),
        ("acmVersion unparsable", with(&format!("{enforce}  acmVersion: two\n")), &[(E, "spec.acmVersion", "InvalidAcmVersion")]),
        ("acmVersion 3.0", with(&format!("{enforce}  acmVersion: '3.0'\n")), &[(E, "spec.acmVersion", "InvalidAcmVersion")]),
        ("acmVersion as a number", with(&format!("{enforce}  acmVersion: 2.11\n")), &[(E, "spec.acmVersion", "Shape")]),
        (
            "acmVersion before OperatorPolicy",
            with(&format!("{enforce}  acmVersion: '2.9'\n")),
            &[(I, "spec.acmVersion", "OperatorPolicyFallback"), (I, "spec.acmVersion", "AcmApiUnconfirmed")],
        ),
        (
            "node objects are the operator's",
            replaced("  runtime:\n", "  runtime:\n    renderNodeObjects: true\n"),
            &[(E, "spec.runtime.renderNodeObjects", "NotInPolicy")],
        ),
        (
            "gitops belongs on the policy",
            replaced("  operator:\n", "  operator:\n    gitops: {engine: argocd}\n"),
            &[(E, "spec.operator.gitops", "NotInPolicy")],
        ),
        (
            "a nested problem is reported under its spec",
            replaced("    channel: stable\n", "    channel: stabel\n"),
            &[(E, "spec.operator.channel", "UnknownChannel")],
        ),
        (
            "a nested runtime problem too",
            replaced("node-role.kubernetes.io/worker: ''", "node-role.kubernetes.io/worker: true"),
            &[(E, "spec.runtime.poolSelector.matchLabels[\"node-role.kubernetes.io/worker\"]", "LabelValueNotString")],
        ),
        ("unknown field", with(&format!("{enforce}  placment: {{}}\n")), &[(E, "spec.placment", "Shape")]),
        ("gitops engine typo", with(&format!("{enforce}  gitops: {{engine: argo}}\n")), &[(E, "spec.gitops.engine", "Shape")]),
        (
            "missing name",
            policy(&format!("{BASE}{enforce}")).replace("  name: sandboxed-containers\n", "  labels: {}\n"),
            &[(E, "metadata.name", "RequiredField")],
        ),
    ]);
}

#[test]
fn a_policy_is_a_config_kind() {
    let configs = config::from_yaml(&policy(&format!("{BASE}  remediationAction: inform\n"))).unwrap();
    assert!(matches!(configs.as_slice(), [Config::Policy(_)]));
    assert!(config::KINDS.contains(&"SandboxedContainersPolicy"));
}
