//! Validation tables: config YAML in, `(severity, path, kind)` out. Message wording is free to
//! change; which field is blamed, and for what, is not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Summary, diagnostics, kata_runtime, kata_runtime_named, kind_field, kind_name, operator, summarize};
use oscgen_render::Severity::{self, Error as E, Info as I, Warning as W};

/// A spec (flow `{...}` or block text) for a cluster on OpenShift 4.20, so that `stable` has
/// one head there and no resolution note joins the diagnostic a row is about.
fn pinned(spec: &str) -> String {
    match spec {
        "{}" => "{openshiftVersion: '4.20'}".to_owned(),
        flow if flow.starts_with('{') => format!("{{openshiftVersion: '4.20', {}", &flow[1..]),
        block => format!("\n  openshiftVersion: '4.20'{block}"),
    }
}

/// One row: what it checks, the config YAML, and every diagnostic expected, in report order.
type Case<'a> = (&'a str, String, &'a [(Severity, &'a str, &'a str)]);

fn check(cases: &[Case<'_>]) {
    let mut failures = Vec::new();
    for (what, input, expected) in cases {
        let expected: Vec<Summary> =
            expected.iter().map(|(severity, path, kind)| (*severity, (*path).to_owned(), (*kind).to_owned())).collect();
        let found = summarize(&diagnostics(input));
        if found != expected {
            failures.push(format!("{what}\n  input:    {input:?}\n  expected: {expected:?}\n  found:    {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn label_values_must_be_strings() {
    let at = "spec.poolSelector.matchLabels.kata";
    check(&[
        ("quoted true is fine", kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: 'true'}}}")), &[]),
        ("empty string is fine", kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: ''}}}")), &[]),
        (
            "bare true",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: true}}}")),
            &[(E, at, "LabelValueNotString")],
        ),
        (
            "bare 1",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: 1}}}")),
            &[(E, at, "LabelValueNotString")],
        ),
        (
            "bare 1.5",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: 1.5}}}")),
            &[(E, at, "LabelValueNotString")],
        ),
        (
            "null",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: null}}}")),
            &[(E, at, "LabelValueNotString")],
        ),
        ("~", kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: ~}}}")), &[(E, at, "LabelValueNotString")]),
        (
            "nothing after the colon",
            kata_runtime(&pinned("\n  poolSelector:\n    matchLabels:\n      kata:\n")),
            &[(E, at, "LabelValueNotString")],
        ),
        (
            "in matchExpressions values",
            kata_runtime(&pinned("{poolSelector: {matchExpressions: [{key: kata, operator: In, values: [true]}]}}")),
            &[(E, "spec.poolSelector.matchExpressions[0].values[0]", "LabelValueNotString")],
        ),
    ]);
}

#[test]
fn label_keys_and_values_follow_kubernetes() {
    check(&[
        (
            "prefixed key is fine",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {node-role.kubernetes.io/worker: ''}}}")),
            &[],
        ),
        (
            "key with a space",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {'bad key': x}}}")),
            &[(E, r#"spec.poolSelector.matchLabels["bad key"]"#, "InvalidLabelKey")],
        ),
        (
            "key with an uppercase prefix",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {Example.COM/kata: x}}}")),
            &[(E, r#"spec.poolSelector.matchLabels["Example.COM/kata"]"#, "InvalidLabelKey")],
        ),
        (
            "key in matchExpressions",
            kata_runtime(&pinned("{poolSelector: {matchExpressions: [{key: -kata, operator: Exists}]}}")),
            &[(E, "spec.poolSelector.matchExpressions[0].key", "InvalidLabelKey")],
        ),
        (
            "value starting with -",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: -yes}}}")),
            &[(E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")],
        ),
        (
            "value with a slash",
            kata_runtime(&pinned("{poolSelector: {matchLabels: {kata: a/b}}}")),
            &[(E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")],
        ),
        (
            "value of 64 characters",
            kata_runtime(&pinned(&format!("{{poolSelector: {{matchLabels: {{kata: {}}}}}}}", "v".repeat(64)))),
            &[(E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")],
        ),
    ]);
}

#[test]
fn channels_and_releases_come_from_the_catalog() {
    check(&[
        ("channel only", operator("{channel: preview-1.1}"), &[]),
        ("release only", operator("{release: 1.3.3}"), &[]),
        ("matching channel and release", operator("{channel: stable-1.3, release: 1.3.3}"), &[]),
        ("neither, for the operator", operator("{}"), &[(E, "spec", "MissingChannelOrRelease")]),
        ("neither, for the runtime: newest release", kata_runtime(&pinned("{}")), &[]),
        (
            "release on another channel",
            operator("{channel: stable, openshiftVersion: '4.20', release: 1.1.0}"),
            &[(E, "spec.channel", "ChannelReleaseMismatch")],
        ),
        (
            "release on another channel, runtime",
            kata_runtime("{channel: preview-1.0, release: 1.1.0}"),
            &[(E, "spec.channel", "ChannelReleaseMismatch")],
        ),
        ("unknown channel", operator("{channel: fast}"), &[(E, "spec.channel", "UnknownChannel")]),
        ("unknown channel, runtime", kata_runtime("{channel: stable-1.4}"), &[(E, "spec.channel", "UnknownChannel")]),
        ("unknown release", operator("{release: 1.99.0}"), &[(E, "spec.release", "UnknownRelease")]),
        // Tag v1.3.1's bundle still names CSV v1.3.0: the version exists, its CSV name is unknown.
        ("release whose CSV is not known", operator("{release: 1.3.1}"), &[(E, "spec.release", "ReleaseUnavailable")]),
        ("release never published", kata_runtime("{release: 1.8.0}"), &[(E, "spec.release", "ReleaseUnavailable")]),
        ("unknown release, runtime", kata_runtime("{release: '2.0'}"), &[(E, "spec.release", "UnknownRelease")]),
        (
            "unknown channel and release",
            operator("{channel: fast, release: 9.9.9}"),
            &[(E, "spec.channel", "UnknownChannel"), (E, "spec.release", "UnknownRelease")],
        ),
    ]);
}

#[test]
fn unknown_channel_lists_the_known_ones() {
    let found = diagnostics(&operator("{channel: fast}"));
    assert_eq!(found.len(), 1);
    assert_eq!(kind_name(&found[0].kind), "UnknownChannel");
    assert_eq!(kind_field(&found[0].kind, "channel"), "fast");
    assert_eq!(kind_field(&found[0].kind, "known"), "preview-1.0, preview-1.1, stable-1.2, stable-1.3, stable");

    let found = diagnostics(&operator("{release: 1.99.0}"));
    assert_eq!(found.len(), 1);
    assert_eq!(
        kind_field(&found[0].kind, "known"),
        "1.0.2, 1.1.0, 1.2.0, 1.2.2, 1.3.0, 1.3.2, 1.3.3, 1.4.0, 1.5.0, 1.5.1, 1.5.2, 1.5.3, 1.6.0, 1.7.0, \
         1.8.1, 1.9.0, 1.10.0, 1.10.1, 1.10.2, 1.10.3, 1.11.0, 1.11.1, 1.12.0, 1.12.1, 1.13.0, 1.13.1"
    );
}

#[test]
fn fields_must_exist_in_the_release() {
    check(&[
        ("logLevel on 1.3.3", kata_runtime("{release: 1.3.3, logLevel: debug}"), &[]),
        (
            "logLevel on 1.1.0",
            kata_runtime("{release: 1.1.0, logLevel: debug}"),
            &[(E, "spec.logLevel", "FieldNotInRelease")],
        ),
        ("checkNodeEligibility on 1.2.2", kata_runtime("{release: 1.2.2, checkNodeEligibility: true}"), &[]),
        (
            "checkNodeEligibility on 1.0.2",
            kata_runtime("{release: 1.0.2, checkNodeEligibility: false}"),
            &[(E, "spec.checkNodeEligibility", "FieldNotInRelease")],
        ),
        ("enablePeerPods on 1.5.0", kata_runtime("{release: 1.5.0, enablePeerPods: true}"), &[]),
        (
            "enablePeerPods on 1.3.3",
            kata_runtime("{release: 1.3.3, enablePeerPods: true}"),
            &[(E, "spec.enablePeerPods", "FieldNotInRelease")],
        ),
        (
            "all three on 1.0.2",
            kata_runtime("{release: 1.0.2, checkNodeEligibility: true, logLevel: info, enablePeerPods: false}"),
            &[
                (E, "spec.checkNodeEligibility", "FieldNotInRelease"),
                (E, "spec.logLevel", "FieldNotInRelease"),
                (E, "spec.enablePeerPods", "FieldNotInRelease"),
            ],
        ),
        ("unknown log level", kata_runtime(&pinned("{logLevel: verbose}")), &[(E, "spec.logLevel", "UnknownLogLevel")]),
        (
            "peer pods are not pre-rendered",
            kata_runtime("{release: 1.11.0, enablePeerPods: true, renderNodeObjects: true}"),
            &[(W, "spec.enablePeerPods", "PeerPodsNotPrerendered")],
        ),
    ]);
}

#[test]
fn field_not_in_release_names_the_first_release_with_it() {
    for (spec, since) in [
        ("{release: 1.1.0, logLevel: debug}", "1.3.0"),
        ("{release: 1.0.2, checkNodeEligibility: true}", "1.2.0"),
        ("{release: 1.3.3, enablePeerPods: true}", "1.4.0"),
    ] {
        let found = diagnostics(&kata_runtime(spec));
        assert_eq!(found.len(), 1, "{spec}");
        assert_eq!(kind_name(&found[0].kind), "FieldNotInRelease", "{spec}");
        assert_eq!(kind_field(&found[0].kind, "since"), since, "{spec}");
    }
}

#[test]
fn names_follow_kubernetes() {
    let longest = "k".repeat(63);
    let too_long = "k".repeat(64);
    check(&[
        ("63 characters", kata_runtime_named(&longest, &pinned("{}")), &[]),
        (
            "uppercase KataConfig name",
            kata_runtime_named("Cluster-KataConfig", &pinned("{}")),
            &[(E, "metadata.name", "InvalidName")],
        ),
        // A valid object name, but the operator copies it into the `app` label of its MachineConfig.
        ("64 characters", kata_runtime_named(&too_long, &pinned("{}")), &[(E, "metadata.name", "InvalidName")]),
        ("no name", kata_runtime_named("''", &pinned("{}")), &[(E, "metadata.name", "MissingName")]),
        (
            "handler name with an underscore",
            kata_runtime(&pinned("{runtimeHandler: {name: kata_custom}}")),
            &[(E, "spec.runtimeHandler.name", "InvalidName")],
        ),
        (
            "namespace with uppercase",
            operator("{channel: stable, openshiftVersion: '4.20', namespace: Sandbox}"),
            &[(E, "spec.namespace", "InvalidName")],
        ),
        (
            "namespace other than the operator's",
            operator("{channel: stable, openshiftVersion: '4.20', namespace: sandboxes}"),
            &[(W, "spec.namespace", "OperatorNamespace")],
        ),
        (
            "catalog source with uppercase",
            operator("{channel: stable, openshiftVersion: '4.20', source: Redhat}"),
            &[(E, "spec.source", "InvalidName")],
        ),
        (
            "catalog namespace with a dot",
            operator("{channel: stable, openshiftVersion: '4.20', sourceNamespace: openshift.marketplace}"),
            &[(E, "spec.sourceNamespace", "InvalidName")],
        ),
    ]);
}

#[test]
fn runtime_handlers_follow_crio() {
    let handler = |fields: &str| kata_runtime(&pinned(&format!("{{runtimeHandler: {{name: kata-custom, {fields}}}}}")));
    check(&[
        ("all defaults but the name", kata_runtime(&pinned("{runtimeHandler: {name: kata-custom}}")), &[]),
        (
            "a full custom handler",
            handler("runtimeConfigPath: /etc/kata/custom.toml, allowedAnnotations: [io.katacontainers.*]"),
            &[],
        ),
        (
            "an oci handler",
            kata_runtime(&pinned(
                "{runtimeHandler: {name: runc-custom, runtimeType: oci, runtimePath: /usr/bin/runc}}",
            )),
            &[],
        ),
        (
            "runtimeConfigPath on OpenShift 4.8 (CRI-O 1.21)",
            kata_runtime(
                "{release: 1.0.2, runtimeHandler: {name: kata-custom, runtimeConfigPath: /etc/kata/custom.toml}}",
            ),
            &[(E, "spec.runtimeHandler.runtimeConfigPath", "CrioKeyTooNew")],
        ),
        (
            "relative runtimeConfigPath",
            handler("runtimeConfigPath: etc/kata/custom.toml"),
            &[(E, "spec.runtimeHandler.runtimeConfigPath", "InvalidPath")],
        ),
        (
            "runtimePath with ..",
            handler("runtimePath: /usr/bin/../bin/containerd-shim-kata-v2"),
            &[(E, "spec.runtimeHandler.runtimePath", "InvalidPath")],
        ),
        (
            "relative runtimeRoot",
            handler("runtimeRoot: run/vc"),
            &[(E, "spec.runtimeHandler.runtimeRoot", "InvalidPath")],
        ),
        (
            "runtimeRoot ending in /",
            handler("runtimeRoot: /run/vc/"),
            &[(E, "spec.runtimeHandler.runtimeRoot", "InvalidPath")],
        ),
        (
            "unknown runtimeType",
            handler("runtimeType: kvm"),
            &[(E, "spec.runtimeHandler.runtimeType", "UnknownRuntimeType")],
        ),
        (
            "vm runtime that is not a shim",
            handler("runtimePath: /usr/bin/kata-runtime"),
            &[(E, "spec.runtimeHandler.runtimePath", "NotAShim")],
        ),
        (
            "runtimeConfigPath with oci",
            kata_runtime(&pinned(
                "{runtimeHandler: {name: runc-custom, runtimeType: oci, runtimePath: /usr/bin/runc, \
                 runtimeConfigPath: /etc/runc.toml}}",
            )),
            &[(E, "spec.runtimeHandler.runtimeConfigPath", "ConfigPathNeedsVm")],
        ),
        (
            "empty annotation",
            handler("allowedAnnotations: [io.katacontainers.*, ' ']"),
            &[(E, "spec.runtimeHandler.allowedAnnotations[1]", "Empty")],
        ),
        (
            "bad cpu quantity",
            handler("overhead: {cpu: 1 core}"),
            &[(E, "spec.runtimeHandler.overhead.cpu", "InvalidQuantity")],
        ),
        (
            "bad memory quantity",
            handler("overhead: {memory: 350MB}"),
            &[(E, "spec.runtimeHandler.overhead.memory", "InvalidQuantity")],
        ),
    ]);
}

#[test]
fn the_kata_handler_is_the_rpms() {
    // Each diagnostic points at the field that differs from the RPM's handler.
    let reserved = |path| (E, path, "KataHandlerReserved");
    check(&[
        (
            "kata with the RPM's settings",
            kata_runtime(&pinned("{runtimeHandler: {name: kata, runtimeRoot: /run/vc}}")),
            &[],
        ),
        (
            "unnamed handler with another root",
            kata_runtime(&pinned("{runtimeHandler: {runtimeRoot: /run/kata}}")),
            &[reserved("spec.runtimeHandler.runtimeRoot")],
        ),
        (
            "kata with annotations",
            kata_runtime(&pinned("{runtimeHandler: {name: kata, allowedAnnotations: [io.katacontainers.*]}}")),
            &[reserved("spec.runtimeHandler.allowedAnnotations")],
        ),
        (
            "kata with its own config file and overhead",
            kata_runtime(&pinned(
                "{runtimeHandler: {name: kata, runtimeConfigPath: /etc/kata/custom.toml, overhead: {memory: 1Gi}}}",
            )),
            &[reserved("spec.runtimeHandler.runtimeConfigPath"), reserved("spec.runtimeHandler.overhead.memory")],
        ),
        (
            "kata without host-device protection",
            kata_runtime(&pinned("{runtimeHandler: {privilegedWithoutHostDevices: false}}")),
            &[reserved("spec.runtimeHandler.privilegedWithoutHostDevices")],
        ),
    ]);
}

#[test]
fn platform_and_openshift_version() {
    check(&[
        ("okd on 1.5.0", kata_runtime("{release: 1.5.0, platform: okd}"), &[]),
        (
            "okd on 1.1.0",
            kata_runtime("{release: 1.1.0, platform: okd}"),
            &[(E, "spec.platform", "PlatformNeedsRelease")],
        ),
        (
            "okd on 1.3.3",
            kata_runtime("{release: 1.3.3, platform: okd}"),
            &[(E, "spec.platform", "PlatformNeedsRelease")],
        ),
        ("4.9 on 1.1.0", kata_runtime("{release: 1.1.0, openshiftVersion: '4.9'}"), &[]),
        ("4.9.5 on 1.1.0", kata_runtime("{release: 1.1.0, openshiftVersion: 4.9.5}"), &[]),
        (
            "4.12 on 1.1.0",
            kata_runtime("{release: 1.1.0, openshiftVersion: '4.12'}"),
            &[(W, "spec.openshiftVersion", "OpenShiftVersionOutOfRange")],
        ),
        (
            "4.8 on 1.7.0",
            kata_runtime("{release: 1.7.0, openshiftVersion: '4.8'}"),
            &[(W, "spec.openshiftVersion", "OpenShiftVersionOutOfRange")],
        ),
        (
            "4.12 on 1.13.1, which needs Kubernetes 1.28",
            kata_runtime("{release: 1.13.1, openshiftVersion: '4.12'}"),
            &[(W, "spec.openshiftVersion", "OpenShiftVersionOutOfRange")],
        ),
        (
            "not 4.<minor>",
            kata_runtime("{openshiftVersion: '4.x'}"),
            &[(E, "spec.openshiftVersion", "InvalidOpenShiftVersion")],
        ),
        (
            "major 5",
            kata_runtime("{openshiftVersion: '5.1'}"),
            &[(E, "spec.openshiftVersion", "InvalidOpenShiftVersion")],
        ),
        // Unquoted, YAML reads 4.12 as a number (and 4.10 as 4.1), so it is refused as such.
        ("unquoted 4.12", kata_runtime("{openshiftVersion: 4.12}"), &[(E, "spec.openshiftVersion", "Shape")]),
    ]);
}

#[test]
fn selectors_follow_kubernetes_and_the_release() {
    let expressions = |release: &str, list: &str| {
        kata_runtime(&format!("{{release: {release}, poolSelector: {{matchExpressions: [{list}]}}}}"))
    };
    check(&[
        ("In with one value", expressions("1.7.0", "{key: kata, operator: In, values: ['true']}"), &[]),
        ("NotIn on 1.5.0", expressions("1.5.0", "{key: kata, operator: NotIn, values: ['false']}"), &[]),
        ("DoesNotExist", expressions("1.7.0", "{key: kata-off, operator: DoesNotExist}"), &[]),
        (
            "unknown operator",
            expressions("1.7.0", "{key: kata, operator: Equals, values: ['true']}"),
            &[(E, "spec.poolSelector.matchExpressions[0].operator", "UnknownSelectorOperator")],
        ),
        (
            "In without values",
            expressions("1.7.0", "{key: kata, operator: In}"),
            &[(E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")],
        ),
        (
            "NotIn with empty values",
            expressions("1.7.0", "{key: kata, operator: NotIn, values: []}"),
            &[(E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")],
        ),
        (
            "Exists with values",
            expressions("1.7.0", "{key: kata, operator: Exists, values: ['true']}"),
            &[(E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")],
        ),
        (
            "the second expression is blamed",
            expressions("1.7.0", "{key: kata, operator: Exists}, {key: zone, operator: Exists, values: [a]}"),
            &[(E, "spec.poolSelector.matchExpressions[1].values", "SelectorValues")],
        ),
        // LabelSelectorAsMap takes only `In` with one value; the 1.1–1.3 operators fail on others.
        ("In with one value on 1.1.0", expressions("1.1.0", "{key: kata, operator: In, values: ['true']}"), &[]),
        (
            "NotIn on 1.1.0",
            expressions("1.1.0", "{key: kata, operator: NotIn, values: ['false']}"),
            &[(E, "spec.poolSelector.matchExpressions[0]", "SelectorNotSupported")],
        ),
        (
            "In with two values on 1.2.2",
            expressions("1.2.2", "{key: zone, operator: In, values: [a, b]}"),
            &[(E, "spec.poolSelector.matchExpressions[0]", "SelectorNotSupported")],
        ),
        (
            "Exists on 1.3.3",
            expressions("1.3.3", "{key: kata, operator: Exists}"),
            &[(E, "spec.poolSelector.matchExpressions[0]", "SelectorNotSupported")],
        ),
        // 1.0 drops matchExpressions from the RuntimeClass: it works, but not as written.
        (
            "NotIn on 1.0.2",
            expressions("1.0.2", "{key: kata, operator: NotIn, values: ['false']}"),
            &[(W, "spec.poolSelector.matchExpressions", "SelectorNotSupported")],
        ),
    ]);
}

#[test]
fn one_kataconfig_and_each_object_once_per_render() {
    let two = |a: &str, b: &str| format!("{a}---\n{b}");
    check(&[
        (
            "operator and runtime",
            two(&operator("{channel: stable, openshiftVersion: '4.20'}"), &kata_runtime(&pinned("{}"))),
            &[],
        ),
        (
            "two KataRuntime configs",
            two(&kata_runtime_named("first", &pinned("{}")), &kata_runtime_named("second", &pinned("{}"))),
            &[(E, "metadata.name", "SecondKataConfig")],
        ),
        (
            "two KataRuntime configs of the same name",
            two(&kata_runtime(&pinned("{}")), &kata_runtime(&pinned("{}"))),
            &[(E, "metadata.name", "SecondKataConfig"), (E, "", "DuplicateObject")],
        ),
        (
            "two operator configs",
            two(&operator("{channel: stable, openshiftVersion: '4.20'}"), &operator("{release: 1.7.0}")),
            &[(E, "", "DuplicateObject"), (E, "", "DuplicateObject"), (E, "", "DuplicateObject")],
        ),
    ]);
}

#[test]
fn second_kataconfig_is_attributed_to_its_config() {
    let input =
        format!("{}---\n{}", kata_runtime_named("first", &pinned("{}")), kata_runtime_named("second", &pinned("{}")));
    let found = diagnostics(&input);
    assert_eq!(found.len(), 1);
    let config = found[0].object.as_ref().expect("diagnostics of a multi-config render name their config");
    assert_eq!((config.kind.as_str(), config.name.as_str()), ("KataRuntime", "second"));
    assert_eq!(kind_field(&found[0].kind, "first"), "first");
}

#[test]
fn configs_must_have_the_documented_shape() {
    check(&[
        ("misspelt spec field", operator("{chanel: stable}"), &[(E, "spec.chanel", "Shape")]),
        ("misspelt runtime field", kata_runtime("{loglevel: debug}"), &[(E, "spec.loglevel", "Shape")]),
        (
            "misspelt nested field",
            kata_runtime("{runtimeHandler: {nmae: kata-custom}}"),
            &[(E, "spec.runtimeHandler.nmae", "Shape")],
        ),
        (
            "misspelt selector field",
            kata_runtime("{poolSelector: {matchLabel: {kata: 'true'}}}"),
            &[(E, "spec.poolSelector.matchLabel", "Shape")],
        ),
        (
            "misspelt top-level field",
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: k}\nspce: {release: 1.1.0}\n"
                .to_owned(),
            &[(E, "spce", "Shape")],
        ),
        ("wrong type", kata_runtime("{renderNodeObjects: 'yes'}"), &[(E, "spec.renderNodeObjects", "Shape")]),
        ("unknown platform", kata_runtime("{platform: rhel}"), &[(E, "spec.platform", "Shape")]),
        (
            "not an oscgen config",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n".to_owned(),
            &[(E, "", "Shape")],
        ),
        (
            "a bad document among good ones",
            format!(
                "{}---\n{}",
                operator("{channel: stable, openshiftVersion: '4.20'}"),
                kata_runtime("{chanel: stable}")
            ),
            &[(E, "spec.chanel", "Shape")],
        ),
    ]);
}

#[test]
fn channels_resolve_against_the_catalog_of_the_openshift_version() {
    check(&[
        ("stable on 4.20", operator("{channel: stable, openshiftVersion: '4.20'}"), &[]),
        ("stable on 4.16.3", operator("{channel: stable, openshiftVersion: 4.16.3}"), &[]),
        ("the default release on 4.22", kata_runtime("{openshiftVersion: '4.22'}"), &[]),
        (
            "a deprecated channel",
            operator("{channel: preview-1.1, openshiftVersion: '4.20'}"),
            &[(W, "spec.channel", "DeprecatedChannel")],
        ),
        (
            "a deprecated channel, KataRuntime",
            kata_runtime("{channel: stable-1.3, openshiftVersion: '4.18'}"),
            &[(W, "spec.channel", "DeprecatedChannel")],
        ),
        (
            "a release whose only channel is deprecated",
            operator("{release: 1.2.2, openshiftVersion: '4.16'}"),
            &[(W, "spec.release", "DeprecatedChannel")],
        ),
        (
            "a deprecated release",
            operator("{release: 1.5.3, openshiftVersion: '4.22'}"),
            &[(W, "spec.release", "DeprecatedRelease")],
        ),
        (
            "a deprecated release on stable",
            kata_runtime("{channel: stable, release: 1.6.0, openshiftVersion: '4.17'}"),
            &[(W, "spec.release", "DeprecatedRelease")],
        ),
        (
            "1.0.2 on preview-1.1, whose first entry it is",
            operator("{channel: preview-1.1, release: 1.0.2, openshiftVersion: '4.21'}"),
            &[(W, "spec.channel", "DeprecatedChannel")],
        ),
        (
            "a release 4.16 does not serve",
            operator("{release: 1.11.1, openshiftVersion: '4.16'}"),
            &[(E, "spec.release", "ReleaseNotInCatalog")],
        ),
        (
            "a release 4.15 does not serve, KataRuntime",
            kata_runtime("{release: 1.10.0, openshiftVersion: '4.15'}"),
            &[(E, "spec.release", "ReleaseNotInCatalog")],
        ),
        (
            "a release no catalog serves, on a catalog's OpenShift",
            operator("{release: 1.3.2, openshiftVersion: '4.20'}"),
            &[(E, "spec.release", "ReleaseNotInCatalog")],
        ),
        (
            "a channel and a release it does not list there",
            operator("{channel: stable-1.2, release: 1.1.0, openshiftVersion: '4.20'}"),
            &[(E, "spec.channel", "ChannelReleaseMismatch")],
        ),
        (
            "a channel the catalog does not have",
            operator("{channel: fast, openshiftVersion: '4.20'}"),
            &[(E, "spec.channel", "UnknownChannel")],
        ),
        (
            "4.19, whose catalog is known only from its template",
            kata_runtime("{openshiftVersion: '4.19'}"),
            &[(I, "spec.openshiftVersion", "CatalogNotConfirmed")],
        ),
        (
            "4.15, read up to a date",
            operator("{channel: stable, openshiftVersion: '4.15'}"),
            &[(I, "spec.openshiftVersion", "CatalogNotConfirmed")],
        ),
        (
            "newer than every catalog",
            operator("{channel: stable, openshiftVersion: '4.23'}"),
            &[(W, "spec.openshiftVersion", "OpenShiftNewerThanCatalogs")],
        ),
    ]);
}

/// The Subscription's startingCSV for an operator spec.
fn starting_csv(spec: &str) -> String {
    let configs = oscgen_render::config::from_yaml(&operator(spec)).unwrap();
    let rendered = oscgen_render::render(&configs).unwrap();
    let yaml = rendered.to_yaml().unwrap();
    let line = yaml.lines().find(|l| l.trim_start().starts_with("startingCSV:")).unwrap_or_default();
    line.trim().trim_start_matches("startingCSV: sandboxed-containers-operator.").to_owned()
}

#[test]
fn each_catalog_pins_its_own_head() {
    for (spec, csv) in [
        // The issue's three, then every other catalog.
        ("{channel: stable, openshiftVersion: '4.20'}", "v1.11.1"),
        ("{channel: stable, openshiftVersion: '4.22'}", "v1.13.1"),
        ("{channel: stable, openshiftVersion: '4.16'}", "v1.10.3"),
        ("{channel: stable, openshiftVersion: '4.15'}", "v1.9.0"),
        ("{channel: stable, openshiftVersion: '4.17'}", "v1.10.2"),
        ("{channel: stable, openshiftVersion: '4.18'}", "v1.10.1"),
        ("{channel: stable, openshiftVersion: '4.19'}", "v1.11.1"),
        ("{channel: stable, openshiftVersion: '4.21'}", "v1.12.1"),
        // The heads of the old channels: not 1.2.0 and 1.3.2.
        ("{channel: stable-1.2, openshiftVersion: '4.20'}", "v1.2.2"),
        ("{channel: stable-1.3, openshiftVersion: '4.20'}", "v1.3.3"),
        ("{channel: stable-1.2}", "v1.2.2"),
        ("{channel: stable-1.3}", "v1.3.3"),
        ("{channel: preview-1.1}", "v1.1.0"),
        // Without a version: the newest release oscgen knows (and a warning, below).
        ("{channel: stable}", "v1.13.1"),
        // Before the catalogs: the documented versions.
        ("{channel: preview-1.1, openshiftVersion: '4.9'}", "v1.1.0"),
        ("{channel: stable-1.2, openshiftVersion: '4.10'}", "v1.2.2"),
        ("{channel: stable-1.3, openshiftVersion: '4.11'}", "v1.3.3"),
        ("{channel: stable, openshiftVersion: '4.12'}", "v1.5.3"),
        // Newer than every catalog: the newest catalog's head.
        ("{channel: stable, openshiftVersion: '4.23'}", "v1.13.1"),
    ] {
        assert_eq!(starting_csv(spec), csv, "{spec}");
    }
}

#[test]
fn openshift_versions_before_the_catalogs_use_the_documented_ones() {
    check(&[
        // The install guide's cluster: no deprecation warning, and a note on what it rests on.
        (
            "the guide: preview-1.1 on 4.9",
            operator("{channel: preview-1.1, openshiftVersion: '4.9'}"),
            &[(I, "spec.channel", "ResolvedFromDocumentedRange")],
        ),
        ("the guide's KataConfig: 1.1.0 on 4.9", kata_runtime("{release: 1.1.0, openshiftVersion: '4.9'}"), &[]),
        (
            "the default release on 4.11",
            kata_runtime("{openshiftVersion: '4.11'}"),
            &[(I, "spec", "ResolvedFromDocumentedRange")],
        ),
        (
            "stable on 4.9, before stable existed",
            operator("{channel: stable, openshiftVersion: '4.9'}"),
            &[(E, "spec.channel", "NotDocumentedForOpenShift")],
        ),
        (
            "no release documented for 4.5",
            kata_runtime("{openshiftVersion: '4.5'}"),
            &[(E, "spec", "NotDocumentedForOpenShift")],
        ),
        (
            "a release no catalog serves, on its own OpenShift",
            operator("{release: 1.3.2, openshiftVersion: '4.11'}"),
            &[(I, "spec.release", "ReleaseInNoCatalog")],
        ),
        (
            "a deprecated channel is not deprecated before the catalogs",
            operator("{channel: stable-1.2, release: 1.2.2, openshiftVersion: '4.10'}"),
            &[],
        ),
    ]);
    let found = diagnostics(&operator("{channel: preview-1.1, openshiftVersion: '4.9'}"));
    assert_eq!(kind_field(&found[0].kind, "release"), "1.1.0");
    assert_eq!(kind_field(&found[0].kind, "range"), "4.9, confirmed");
    assert_eq!(kind_field(&found[0].kind, "catalogs"), "4.15-4.22");
}

#[test]
fn without_an_openshift_version_stable_is_the_newest_release() {
    check(&[
        ("stable", operator("{channel: stable}"), &[(W, "spec.channel", "HeadDependsOnOpenShift")]),
        ("the KataRuntime default", kata_runtime("{}"), &[(W, "spec", "HeadDependsOnOpenShift")]),
        ("stable, KataRuntime", kata_runtime("{channel: stable}"), &[(W, "spec.channel", "HeadDependsOnOpenShift")]),
        ("preview-1.1 has one head everywhere", operator("{channel: preview-1.1}"), &[]),
        ("stable-1.3 has one head everywhere", kata_runtime("{channel: stable-1.3}"), &[]),
        ("a release chosen by version", operator("{release: 1.13.1}"), &[]),
        ("a release no catalog serves", operator("{release: 1.2.0}"), &[(W, "spec.release", "ReleaseInNoCatalog")]),
        (
            "an OpenShift version that does not parse is reported once",
            kata_runtime("{openshiftVersion: 'four'}"),
            &[(E, "spec.openshiftVersion", "InvalidOpenShiftVersion")],
        ),
    ]);
    let found = diagnostics(&operator("{channel: stable}"));
    assert_eq!(kind_field(&found[0].kind, "release"), "1.13.1");
    assert_eq!(kind_field(&found[0].kind, "served_by"), "4.22");
    assert!(kind_field(&found[0].kind, "others").contains("4.20: 1.11.1"));
}

#[test]
fn values_the_api_server_refuses() {
    let overhead = |overhead: &str| {
        kata_runtime(&pinned(&format!("{{runtimeHandler: {{name: kata-custom, overhead: {overhead}}}}}")))
    };
    check(&[
        ("zero overhead", overhead("{cpu: '0', memory: '0'}"), &[]),
        ("minus zero", overhead("{memory: -0Mi}"), &[]),
        (
            "negative memory",
            overhead("{memory: -5Mi}"),
            &[(E, "spec.runtimeHandler.overhead.memory", "NegativeQuantity")],
        ),
        (
            "negative cpu and memory",
            overhead("{cpu: -250m, memory: -1Gi}"),
            &[
                (E, "spec.runtimeHandler.overhead.cpu", "NegativeQuantity"),
                (E, "spec.runtimeHandler.overhead.memory", "NegativeQuantity"),
            ],
        ),
        (
            "negative and not a quantity",
            overhead("{cpu: -lots, memory: '-.5'}"),
            &[
                (E, "spec.runtimeHandler.overhead.cpu", "InvalidQuantity"),
                (E, "spec.runtimeHandler.overhead.memory", "NegativeQuantity"),
            ],
        ),
    ]);
}

#[test]
fn yaml_1_1_booleans_in_label_values_are_kept_but_reported() {
    let label = |value: &str| kata_runtime(&pinned(&format!("{{poolSelector: {{matchLabels: {{kata: {value}}}}}}}")));
    let mut rows: Vec<Case<'_>> = Vec::new();
    for word in ["yes", "Yes", "YES", "no", "on", "On", "OFF", "y", "Y", "n", "N"] {
        rows.push(("unquoted", label(word), &[(W, "spec.poolSelector.matchLabels.kata", "UnquotedYaml11Bool")]));
    }
    for quoted in ["'yes'", "\"on\"", "'N'"] {
        rows.push(("quoted", label(quoted), &[]));
    }
    rows.push(("a word YAML 1.1 does not read as a boolean", label("yep"), &[]));
    rows.push((
        "in matchExpressions values",
        kata_runtime(&pinned("{poolSelector: {matchExpressions: [{key: kata, operator: In, values: ['true', off]}]}}")),
        &[(W, "spec.poolSelector.matchExpressions[0].values[1]", "UnquotedYaml11Bool")],
    ));
    rows.push((
        "a literal block",
        kata_runtime(&pinned("\n  poolSelector:\n    matchLabels:\n      kata: |-\n        yes\n")),
        &[],
    ));
    check(&rows);

    // The value stays the string it is to oscgen, quoted in the output so kubectl agrees.
    let configs = oscgen_render::config::from_yaml(&label("yes")).unwrap();
    let yaml = oscgen_render::render(&configs).unwrap().to_yaml().unwrap();
    assert!(yaml.contains("      kata: 'yes'\n"), "{yaml}");
}
