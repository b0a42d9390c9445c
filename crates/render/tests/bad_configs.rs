//! A catalog of generator configs with one mistake each, the way people get them wrong, and
//! the one diagnostic each must give (kind and path, asserted in code), plus every message in
//! one snapshot so their wording can be reviewed side by side.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_text_snapshot, diagnostics, summarize};
use oscgen_render::Severity::{self, Error as E, Info as I, Warning as W};

const OPERATOR: &str = "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata:\n  name: sandboxed-containers-operator\n";
const RUNTIME: &str = "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata:\n  name: cluster-kataconfig\n";

fn operator(spec: &str) -> String {
    format!("{OPERATOR}spec:\n{spec}")
}

fn runtime(spec: &str) -> String {
    format!("{RUNTIME}spec:\n{spec}")
}

/// A custom handler, so handler fields may differ from the RPM's `kata`.
fn handler(fields: &str) -> String {
    runtime(&format!("  openshiftVersion: '4.20'\n  runtimeHandler:\n    name: kata-custom\n{fields}"))
}

/// `(title, config, the diagnostic it must give)`.
fn catalog() -> Vec<(&'static str, String, (Severity, &'static str, &'static str))> {
    vec![
        // SandboxedContainersOperator
        ("unknown channel", operator("  channel: preview-2.0\n"), (E, "spec.channel", "UnknownChannel")),
        ("channel from the upstream bundle, not the catalog", operator("  channel: candidate\n"), (E, "spec.channel", "UnknownChannel")),
        ("unknown release", operator("  release: 1.9.9\n"), (E, "spec.release", "UnknownRelease")),
        ("release written with a v", operator("  release: v1.1.0\n"), (E, "spec.release", "UnknownRelease")),
        ("channel and release from different rows", operator("  channel: stable\n  release: 1.1.0\n"), (E, "spec.channel", "ChannelReleaseMismatch")),
        ("misspelt channel field", operator("  chanel: stable\n"), (E, "spec.chanel", "Shape")),
        ("channel as a number", operator("  channel: 1.1\n"), (E, "spec.channel", "Shape")),
        ("install plan approval misspelt", operator("  channel: stable\n  openshiftVersion: '4.20'\n  installPlanApproval: Auto\n"), (E, "spec.installPlanApproval", "Shape")),
        ("another namespace", operator("  channel: stable\n  openshiftVersion: '4.20'\n  namespace: sandboxes\n"), (W, "spec.namespace", "OperatorNamespace")),
        ("empty source", operator("  channel: stable\n  openshiftVersion: '4.20'\n  source: ''\n"), (E, "spec.source", "InvalidName")),
        ("misspelt spec", format!("{OPERATOR}sepc:\n  channel: stable\n"), (E, "sepc", "Shape")),
        ("no name", "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {}\nspec: {channel: stable}\n".to_owned(), (E, "metadata.name", "MissingName")),
        ("wrong apiVersion", operator("  channel: stable\n  openshiftVersion: '4.20'\n").replace("v1alpha1", "v1"), (E, "", "Shape")),
        // KataRuntime: labels and selectors
        ("label value true unquoted", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata: true\n"), (E, "spec.poolSelector.matchLabels.kata", "LabelValueNotString")),
        ("label value 1 unquoted", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata: 1\n"), (E, "spec.poolSelector.matchLabels.kata", "LabelValueNotString")),
        ("label value left empty", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata:\n"), (E, "spec.poolSelector.matchLabels.kata", "LabelValueNotString")),
        ("label key with a space", runtime("  openshiftVersion: '4.20'\n  poolSelector: {matchLabels: {'kata node': 'true'}}\n"), (E, r#"spec.poolSelector.matchLabels["kata node"]"#, "InvalidLabelKey")),
        ("label value with a slash", runtime("  openshiftVersion: '4.20'\n  poolSelector: {matchLabels: {kata: a/b}}\n"), (E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")),
        ("misspelt matchLabels", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabel:\n      kata: 'true'\n"), (E, "spec.poolSelector.matchLabel", "Shape")),
        ("unknown selector operator", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: Equals, values: ['true']}\n"), (E, "spec.poolSelector.matchExpressions[0].operator", "UnknownSelectorOperator")),
        ("In without values", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: In}\n"), (E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")),
        ("Exists with values", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: Exists, values: ['true']}\n"), (E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")),
        ("matchExpressions on 1.0, which drops them", runtime("  release: 1.0.2\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: Exists}\n"), (W, "spec.poolSelector.matchExpressions", "SelectorNotSupported")),
        // KataRuntime: names, releases, versions
        ("KataConfig name with capitals", format!("{RUNTIME}spec: {{openshiftVersion: '4.20'}}\n").replace("cluster-kataconfig", "Cluster-KataConfig"), (E, "metadata.name", "InvalidName")),
        ("logLevel on 1.1", runtime("  release: 1.1.0\n  logLevel: debug\n"), (E, "spec.logLevel", "FieldNotInRelease")),
        ("checkNodeEligibility on 1.1", runtime("  release: 1.1.0\n  checkNodeEligibility: true\n"), (E, "spec.checkNodeEligibility", "FieldNotInRelease")),
        ("enablePeerPods on 1.3", runtime("  release: 1.3.3\n  enablePeerPods: true\n"), (E, "spec.enablePeerPods", "FieldNotInRelease")),
        ("unknown log level", runtime("  openshiftVersion: '4.20'\n  logLevel: verbose\n"), (E, "spec.logLevel", "UnknownLogLevel")),
        ("okd on 1.1", runtime("  release: 1.1.0\n  platform: okd\n"), (E, "spec.platform", "PlatformNeedsRelease")),
        ("OpenShift version that does not parse", runtime("  openshiftVersion: '4.x'\n"), (E, "spec.openshiftVersion", "InvalidOpenShiftVersion")),
        ("OpenShift version unquoted (4.10 reads as 4.1)", runtime("  openshiftVersion: 4.10\n"), (E, "spec.openshiftVersion", "Shape")),
        ("OpenShift version outside the release's range", runtime("  release: 1.1.0\n  openshiftVersion: '4.14'\n"), (W, "spec.openshiftVersion", "OpenShiftVersionOutOfRange")),
        ("KataRuntime channel unknown", runtime("  channel: stable-9\n"), (E, "spec.channel", "UnknownChannel")),
        ("misspelt spec field", runtime("  openshiftVersion: '4.20'\n  renderNodeObject: true\n"), (E, "spec.renderNodeObject", "Shape")),
        ("peer pods with node objects", runtime("  release: 1.11.0\n  enablePeerPods: true\n  renderNodeObjects: true\n"), (W, "spec.enablePeerPods", "PeerPodsNotPrerendered")),
        // KataRuntime: the runtime handler
        ("overhead cpu that is not a quantity", handler("    overhead: {cpu: lots}\n"), (E, "spec.runtimeHandler.overhead.cpu", "InvalidQuantity")),
        ("overhead memory in MB", handler("    overhead: {memory: 350MB}\n"), (E, "spec.runtimeHandler.overhead.memory", "InvalidQuantity")),
        ("unknown runtime type", handler("    runtimeType: kvm\n"), (E, "spec.runtimeHandler.runtimeType", "UnknownRuntimeType")),
        ("vm runtime that is not a shim", handler("    runtimePath: /usr/bin/kata-runtime\n"), (E, "spec.runtimeHandler.runtimePath", "NotAShim")),
        ("relative config path", handler("    runtimeConfigPath: etc/kata/configuration.toml\n"), (E, "spec.runtimeHandler.runtimeConfigPath", "InvalidPath")),
        ("config path with an oci runtime", handler("    runtimeType: oci\n    runtimePath: /usr/bin/runc\n    runtimeConfigPath: /etc/kata/configuration.toml\n"), (E, "spec.runtimeHandler.runtimeConfigPath", "ConfigPathNeedsVm")),
        ("config path older CRI-O does not know", handler("    runtimeConfigPath: /etc/kata/configuration.toml\n").replace("  openshiftVersion: '4.20'\n", "  release: 1.0.2\n"), (E, "spec.runtimeHandler.runtimeConfigPath", "CrioKeyTooNew")),
        ("the RPM's kata handler changed", runtime("  openshiftVersion: '4.20'\n  runtimeHandler:\n    runtimeRoot: /run/kata\n"), (E, "spec.runtimeHandler.runtimeRoot", "KataHandlerReserved")),
        ("handler field misspelt", handler("    runtimePth: /usr/bin/containerd-shim-kata-v2\n"), (E, "spec.runtimeHandler.runtimePth", "Shape")),
        // The catalog of the target OpenShift version
        ("stable without an OpenShift version", operator("  channel: stable\n"), (W, "spec.channel", "HeadDependsOnOpenShift")),
        ("a KataRuntime without release or OpenShift version", runtime("  poolSelector: {matchLabels: {kata: 'true'}}\n"), (W, "spec", "HeadDependsOnOpenShift")),
        ("a deprecated channel", operator("  channel: preview-1.1\n  openshiftVersion: '4.20'\n"), (W, "spec.channel", "DeprecatedChannel")),
        ("a deprecated release", operator("  release: 1.5.2\n  openshiftVersion: '4.20'\n"), (W, "spec.release", "DeprecatedRelease")),
        ("a release that OpenShift's catalog does not serve", operator("  release: 1.13.1\n  openshiftVersion: '4.16'\n"), (E, "spec.release", "ReleaseNotInCatalog")),
        ("a release no catalog serves, no OpenShift version", operator("  release: 1.2.0\n"), (W, "spec.release", "ReleaseInNoCatalog")),
        ("a version that was never published", operator("  release: 1.8.0\n"), (E, "spec.release", "ReleaseUnavailable")),
        ("the guide's channel on the guide's OpenShift", operator("  channel: preview-1.1\n  openshiftVersion: '4.9'\n"), (I, "spec.channel", "ResolvedFromDocumentedRange")),
        ("stable on an OpenShift older than stable", operator("  channel: stable\n  openshiftVersion: '4.9'\n"), (E, "spec.channel", "NotDocumentedForOpenShift")),
        ("an OpenShift newer than every catalog", operator("  channel: stable\n  openshiftVersion: '4.30'\n"), (W, "spec.openshiftVersion", "OpenShiftNewerThanCatalogs")),
        ("a catalog known from its template only", runtime("  openshiftVersion: '4.19'\n"), (I, "spec.openshiftVersion", "CatalogNotConfirmed")),
        ("node objects of a release whose code was not read", runtime("  release: 1.13.1\n  renderNodeObjects: true\n"), (I, "spec.renderNodeObjects", "NodeObjectsNotConfirmed")),
        // Values the API server or kubectl would read otherwise
        ("negative overhead", handler("    overhead: {memory: -5Mi}\n"), (E, "spec.runtimeHandler.overhead.memory", "NegativeQuantity")),
        ("label value yes unquoted", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata: yes\n"), (W, "spec.poolSelector.matchLabels.kata", "UnquotedYaml11Bool")),
        // Several configs
        ("two KataRuntimes for one cluster", format!("{}---\n{}", runtime("  release: 1.7.0\n"), runtime("  release: 1.7.0\n").replace("cluster-kataconfig", "second")), (E, "metadata.name", "SecondKataConfig")),
    ]
}

#[test]
fn each_bad_config_gives_its_diagnostic() {
    let catalog = catalog();
    assert!(catalog.len() >= 30, "the catalog shrank to {}", catalog.len());
    let mut failures = Vec::new();
    let mut text = String::new();
    for (title, input, (severity, path, kind)) in &catalog {
        let found = diagnostics(input);
        let summary = summarize(&found);
        let expected = [(*severity, (*path).to_owned(), (*kind).to_owned())];
        if summary != expected {
            failures.push(format!("{title}\n  expected: {expected:?}\n  found:    {summary:?}"));
        }
        let lines: Vec<String> = found.iter().map(|d| format!("{} [{}]", d, common::kind_name(&d.kind))).collect();
        text.push_str(&format!("# {title}\n{input}=>\n{}\n\n", lines.join("\n")));
    }
    assert!(failures.is_empty(), "{} of {} configs:\n{}", failures.len(), catalog.len(), failures.join("\n"));
    assert_text_snapshot("bad-configs-catalog", &text);
}
