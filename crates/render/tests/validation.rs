//! Validation tables: config YAML in, `(severity, path, kind)` out. Message wording is free to
//! change; which field is blamed, and for what, is not.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Summary, diagnostics, kata_runtime, kata_runtime_named, kind_field, kind_name, operator, summarize};
use oscgen_render::Severity::{self, Error as E, Warning as W};

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
        ("quoted true is fine", kata_runtime("{poolSelector: {matchLabels: {kata: 'true'}}}"), &[]),
        ("empty string is fine", kata_runtime("{poolSelector: {matchLabels: {kata: ''}}}"), &[]),
        ("bare true", kata_runtime("{poolSelector: {matchLabels: {kata: true}}}"), &[(E, at, "LabelValueNotString")]),
        ("bare 1", kata_runtime("{poolSelector: {matchLabels: {kata: 1}}}"), &[(E, at, "LabelValueNotString")]),
        ("bare 1.5", kata_runtime("{poolSelector: {matchLabels: {kata: 1.5}}}"), &[(E, at, "LabelValueNotString")]),
        ("null", kata_runtime("{poolSelector: {matchLabels: {kata: null}}}"), &[(E, at, "LabelValueNotString")]),
        ("~", kata_runtime("{poolSelector: {matchLabels: {kata: ~}}}"), &[(E, at, "LabelValueNotString")]),
        (
            "nothing after the colon",
            kata_runtime("\n  poolSelector:\n    matchLabels:\n      kata:\n"),
            &[(E, at, "LabelValueNotString")],
        ),
        (
            "in matchExpressions values",
            kata_runtime("{poolSelector: {matchExpressions: [{key: kata, operator: In, values: [true]}]}}"),
            &[(E, "spec.poolSelector.matchExpressions[0].values[0]", "LabelValueNotString")],
        ),
    ]);
}

#[test]
fn label_keys_and_values_follow_kubernetes() {
    check(&[
        (
            "prefixed key is fine",
            kata_runtime("{poolSelector: {matchLabels: {node-role.kubernetes.io/worker: ''}}}"),
            &[],
        ),
        (
            "key with a space",
            kata_runtime("{poolSelector: {matchLabels: {'bad key': x}}}"),
            &[(E, r#"spec.poolSelector.matchLabels["bad key"]"#, "InvalidLabelKey")],
        ),
        (
            "key with an uppercase prefix",
            kata_runtime("{poolSelector: {matchLabels: {Example.COM/kata: x}}}"),
            &[(E, r#"spec.poolSelector.matchLabels["Example.COM/kata"]"#, "InvalidLabelKey")],
        ),
        (
            "key in matchExpressions",
            kata_runtime("{poolSelector: {matchExpressions: [{key: -kata, operator: Exists}]}}"),
            &[(E, "spec.poolSelector.matchExpressions[0].key", "InvalidLabelKey")],
        ),
        (
            "value starting with -",
            kata_runtime("{poolSelector: {matchLabels: {kata: -yes}}}"),
            &[(E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")],
        ),
        (
            "value with a slash",
            kata_runtime("{poolSelector: {matchLabels: {kata: a/b}}}"),
            &[(E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")],
        ),
        (
            "value of 64 characters",
            kata_runtime(&format!("{{poolSelector: {{matchLabels: {{kata: {}}}}}}}", "v".repeat(64))),
            &[(E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")],
        ),
    ]);
}

#[test]
fn channels_and_releases_come_from_the_catalog() {
    check(&[
        ("channel only", operator("{channel: preview-1.1}"), &[]),
        ("release only", operator("{release: 1.3.2}"), &[]),
        ("matching channel and release", operator("{channel: stable-1.3, release: 1.3.0}"), &[]),
        ("neither, for the operator", operator("{}"), &[(E, "spec", "MissingChannelOrRelease")]),
        ("neither, for the runtime: newest release", kata_runtime("{}"), &[]),
        (
            "release on another channel",
            operator("{channel: stable, release: 1.1.0}"),
            &[(E, "spec.channel", "ChannelReleaseMismatch")],
        ),
        (
            "release on another channel, runtime",
            kata_runtime("{channel: preview-1.0, release: 1.1.0}"),
            &[(E, "spec.channel", "ChannelReleaseMismatch")],
        ),
        ("unknown channel", operator("{channel: fast}"), &[(E, "spec.channel", "UnknownChannel")]),
        ("unknown channel, runtime", kata_runtime("{channel: stable-1.4}"), &[(E, "spec.channel", "UnknownChannel")]),
        // 1.3.3 ships a CSV still named v1.3.2 (osc-releases.md §5), so it is not in the catalog.
        ("unknown release", operator("{release: 1.3.3}"), &[(E, "spec.release", "UnknownRelease")]),
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

    let found = diagnostics(&operator("{release: 1.3.3}"));
    assert_eq!(found.len(), 1);
    assert_eq!(
        kind_field(&found[0].kind, "known"),
        "1.0.2, 1.1.0, 1.2.0, 1.3.0, 1.3.2, 1.4.0, 1.5.0, 1.5.1, 1.5.2, 1.5.3, 1.6.0, 1.7.0"
    );
}

#[test]
fn fields_must_exist_in_the_release() {
    check(&[
        ("logLevel on 1.3.0", kata_runtime("{release: 1.3.0, logLevel: debug}"), &[]),
        (
            "logLevel on 1.1.0",
            kata_runtime("{release: 1.1.0, logLevel: debug}"),
            &[(E, "spec.logLevel", "FieldNotInRelease")],
        ),
        ("checkNodeEligibility on 1.2.0", kata_runtime("{release: 1.2.0, checkNodeEligibility: true}"), &[]),
        (
            "checkNodeEligibility on 1.0.2",
            kata_runtime("{release: 1.0.2, checkNodeEligibility: false}"),
            &[(E, "spec.checkNodeEligibility", "FieldNotInRelease")],
        ),
        ("enablePeerPods on 1.4.0", kata_runtime("{release: 1.4.0, enablePeerPods: true}"), &[]),
        (
            "enablePeerPods on 1.3.2",
            kata_runtime("{release: 1.3.2, enablePeerPods: true}"),
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
        ("unknown log level", kata_runtime("{logLevel: verbose}"), &[(E, "spec.logLevel", "UnknownLogLevel")]),
        (
            "peer pods are not pre-rendered",
            kata_runtime("{enablePeerPods: true, renderNodeObjects: true}"),
            &[(W, "spec.enablePeerPods", "PeerPodsNotPrerendered")],
        ),
    ]);
}

#[test]
fn field_not_in_release_names_the_first_release_with_it() {
    for (spec, since) in [
        ("{release: 1.1.0, logLevel: debug}", "1.3.0"),
        ("{release: 1.0.2, checkNodeEligibility: true}", "1.2.0"),
        ("{release: 1.3.2, enablePeerPods: true}", "1.4.0"),
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
        ("63 characters", kata_runtime_named(&longest, "{}"), &[]),
        (
            "uppercase KataConfig name",
            kata_runtime_named("Cluster-KataConfig", "{}"),
            &[(E, "metadata.name", "InvalidName")],
        ),
        // A valid object name, but the operator copies it into the `app` label of its MachineConfig.
        ("64 characters", kata_runtime_named(&too_long, "{}"), &[(E, "metadata.name", "InvalidName")]),
        ("no name", kata_runtime_named("''", "{}"), &[(E, "metadata.name", "MissingName")]),
        (
            "handler name with an underscore",
            kata_runtime("{runtimeHandler: {name: kata_custom}}"),
            &[(E, "spec.runtimeHandler.name", "InvalidName")],
        ),
        (
            "namespace with uppercase",
            operator("{channel: stable, namespace: Sandbox}"),
            &[(E, "spec.namespace", "InvalidName")],
        ),
        (
            "namespace other than the operator's",
            operator("{channel: stable, namespace: sandboxes}"),
            &[(W, "spec.namespace", "OperatorNamespace")],
        ),
        (
            "catalog source with uppercase",
            operator("{channel: stable, source: Redhat}"),
            &[(E, "spec.source", "InvalidName")],
        ),
        (
            "catalog namespace with a dot",
            operator("{channel: stable, sourceNamespace: openshift.marketplace}"),
            &[(E, "spec.sourceNamespace", "InvalidName")],
        ),
    ]);
}

#[test]
fn runtime_handlers_follow_crio() {
    let handler = |fields: &str| kata_runtime(&format!("{{runtimeHandler: {{name: kata-custom, {fields}}}}}"));
    check(&[
        ("all defaults but the name", kata_runtime("{runtimeHandler: {name: kata-custom}}"), &[]),
        (
            "a full custom handler",
            handler("runtimeConfigPath: /etc/kata/custom.toml, allowedAnnotations: [io.katacontainers.*]"),
            &[],
        ),
        (
            "an oci handler",
            kata_runtime("{runtimeHandler: {name: runc-custom, runtimeType: oci, runtimePath: /usr/bin/runc}}"),
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
            kata_runtime(
                "{runtimeHandler: {name: runc-custom, runtimeType: oci, runtimePath: /usr/bin/runc, \
                 runtimeConfigPath: /etc/runc.toml}}",
            ),
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
        ("kata with the RPM's settings", kata_runtime("{runtimeHandler: {name: kata, runtimeRoot: /run/vc}}"), &[]),
        (
            "unnamed handler with another root",
            kata_runtime("{runtimeHandler: {runtimeRoot: /run/kata}}"),
            &[reserved("spec.runtimeHandler.runtimeRoot")],
        ),
        (
            "kata with annotations",
            kata_runtime("{runtimeHandler: {name: kata, allowedAnnotations: [io.katacontainers.*]}}"),
            &[reserved("spec.runtimeHandler.allowedAnnotations")],
        ),
        (
            "kata with its own config file and overhead",
            kata_runtime(
                "{runtimeHandler: {name: kata, runtimeConfigPath: /etc/kata/custom.toml, overhead: {memory: 1Gi}}}",
            ),
            &[reserved("spec.runtimeHandler.runtimeConfigPath"), reserved("spec.runtimeHandler.overhead.memory")],
        ),
        (
            "kata without host-device protection",
            kata_runtime("{runtimeHandler: {privilegedWithoutHostDevices: false}}"),
            &[reserved("spec.runtimeHandler.privilegedWithoutHostDevices")],
        ),
    ]);
}

#[test]
fn platform_and_openshift_version() {
    check(&[
        ("okd on 1.4.0", kata_runtime("{release: 1.4.0, platform: okd}"), &[]),
        (
            "okd on 1.1.0",
            kata_runtime("{release: 1.1.0, platform: okd}"),
            &[(E, "spec.platform", "PlatformNeedsRelease")],
        ),
        (
            "okd on 1.3.2",
            kata_runtime("{release: 1.3.2, platform: okd}"),
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
            kata_runtime("{openshiftVersion: '4.8'}"),
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
        ("NotIn on 1.4.0", expressions("1.4.0", "{key: kata, operator: NotIn, values: ['false']}"), &[]),
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
            "In with two values on 1.2.0",
            expressions("1.2.0", "{key: zone, operator: In, values: [a, b]}"),
            &[(E, "spec.poolSelector.matchExpressions[0]", "SelectorNotSupported")],
        ),
        (
            "Exists on 1.3.2",
            expressions("1.3.2", "{key: kata, operator: Exists}"),
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
        ("operator and runtime", two(&operator("{channel: stable}"), &kata_runtime("{}")), &[]),
        (
            "two KataRuntime configs",
            two(&kata_runtime_named("first", "{}"), &kata_runtime_named("second", "{}")),
            &[(E, "metadata.name", "SecondKataConfig")],
        ),
        (
            "two KataRuntime configs of the same name",
            two(&kata_runtime("{}"), &kata_runtime("{}")),
            &[(E, "metadata.name", "SecondKataConfig"), (E, "", "DuplicateObject")],
        ),
        (
            "two operator configs",
            two(&operator("{channel: stable}"), &operator("{release: 1.7.0}")),
            &[(E, "", "DuplicateObject"), (E, "", "DuplicateObject"), (E, "", "DuplicateObject")],
        ),
    ]);
}

#[test]
fn second_kataconfig_is_attributed_to_its_config() {
    let input = format!("{}---\n{}", kata_runtime_named("first", "{}"), kata_runtime_named("second", "{}"));
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
            format!("{}---\n{}", operator("{channel: stable}"), kata_runtime("{chanel: stable}")),
            &[(E, "spec.chanel", "Shape")],
        ),
    ]);
}
