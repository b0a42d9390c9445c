//! Validation tables: config YAML in, `(severity, path, kind)` out. Message wording is free to
//! change; which field is blamed, and for what, is not.

use crate::common;

use common::{Case, check, diagnostics, kata_runtime, kata_runtime_named, kind_name, mentions, operator};
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
    assert_eq!(kind_name(&found[0]), "UnknownChannel");
    assert!(mentions(&found[0], "fast"));
    assert!(mentions(&found[0], "preview-1.0, preview-1.1, stable-1.2, stable-1.3, stable"));

    let found = diagnostics(&operator("{release: 1.99.0}"));
    assert_eq!(found.len(), 1);
    // Newer than every release oscgen knows: the way to use it anyway is named.
    assert!(mentions(
        &found[0],
        "1.99.0 is newer than oscgen's data: give the cluster's catalog with `--catalog FILE`"
    ));
    assert!(mentions(
        &found[0],
        "1.0.2, 1.1.0, 1.2.0, 1.2.2, 1.3.0, 1.3.2, 1.3.3, 1.4.0, 1.5.0, 1.5.1, 1.5.2, 1.5.3, 1.6.0, 1.7.0, \
         1.8.1, 1.9.0, 1.10.0, 1.10.1, 1.10.2, 1.10.3, 1.11.0, 1.11.1, 1.12.0, 1.12.1, 1.13.0, 1.13.1"
    ));
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
        (
            "enablePeerPods on 1.5.0",
            kata_runtime("{release: 1.5.0, enablePeerPods: true}"),
            &[(I, "spec.enablePeerPods", "NoPeerPodsConfigMap")],
        ),
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
            "peer pods written by hand are previewed without their MachineConfigs",
            kata_runtime("{release: 1.11.0, enablePeerPods: true, renderNodeObjects: true}"),
            &[(I, "spec.enablePeerPods", "NoPeerPodsConfigMap"), (W, "spec.enablePeerPods", "PeerPodsNotPrerendered")],
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
        assert_eq!(kind_name(&found[0]), "FieldNotInRelease", "{spec}");
        assert!(mentions(&found[0], since), "{spec}");
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
    assert!(mentions(&found[0], "first"));
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
    assert!(mentions(&found[0], "1.1.0"));
    assert!(mentions(&found[0], "4.9, confirmed"));
    assert!(mentions(&found[0], "4.15-4.22"));
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
    assert!(mentions(&found[0], "1.13.1"));
    assert!(mentions(&found[0], "4.22"));
    assert!(mentions(&found[0], "4.20: 1.11.1"));
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

/// A complete `aws` block, flow style.
const AWS: &str = "aws: {region: us-east-2, subnetId: subnet-0a1b2c3d4e5f60718, vpcId: vpc-0a1b2c3d4e5f60718, \
                   securityGroupIds: [sg-0a1b2c3d4e5f60718]}";

/// A KataRuntime of `release` whose `peerPods` holds `fields` (flow style, no braces).
fn peer_pods(release: &str, fields: &str) -> String {
    kata_runtime(&format!("{{release: {release}, peerPods: {{{fields}}}}}"))
}

/// An AWS KataRuntime of `release` with credentials from the Cloud Credential Operator, plus
/// `fields` in `peerPods`.
fn aws(release: &str, fields: &str) -> String {
    let extra = if fields.is_empty() { String::new() } else { format!(", {fields}") };
    peer_pods(release, &format!("provider: aws, credentials: cloudCredentialOperator, {AWS}{extra}"))
}

/// The note every peer-pods config that renders carries: no release's peer-pods code was read
/// in full.
const NOT_CONFIRMED: (Severity, &str, &str) = (I, "spec.peerPods", "PeerPodsNotConfirmed");

#[test]
fn peer_pods_per_provider_and_release() {
    let secret_keys = (I, "spec.peerPods.credentials", "PeerPodsSecretKeys");
    let azure = "azure: {region: eastus, resourceGroup: cluster-rg}";
    let gcp = "gcp: {projectId: my-project, zone: us-central1-a}";
    check(&[
        ("aws with the Cloud Credential Operator", aws("1.11.1", ""), &[NOT_CONFIRMED]),
        (
            "azure with a Secret of the user's",
            peer_pods("1.13.1", &format!("provider: azure, credentials: {{secretName: peer-pods-secret}}, {azure}")),
            &[secret_keys, NOT_CONFIRMED],
        ),
        (
            "gcp from 1.9",
            peer_pods("1.9.0", &format!("provider: gcp, credentials: cloudCredentialOperator, {gcp}")),
            &[NOT_CONFIRMED],
        ),
        (
            "gcp before 1.9",
            peer_pods("1.8.1", &format!("provider: gcp, credentials: cloudCredentialOperator, {gcp}")),
            &[(E, "spec.peerPods.provider", "FeatureNotInRelease")],
        ),
        (
            "libvirt on 1.8 keeps its pool in the Secret",
            peer_pods("1.8.1", "provider: libvirt, credentials: {secretName: peer-pods-secret}"),
            &[secret_keys, NOT_CONFIRMED],
        ),
        (
            "libvirt from 1.9 needs its pool, volume and directory",
            peer_pods("1.9.0", "provider: libvirt, credentials: {secretName: peer-pods-secret}"),
            &[(E, "spec.peerPods.libvirt", "MissingProviderBlock")],
        ),
        (
            "libvirt with every key",
            peer_pods(
                "1.10.3",
                "provider: libvirt, credentials: {secretName: peer-pods-secret}, libvirt: {pool: default, \
                 volumeName: podvm-base.qcow2, dirName: /var/lib/libvirt/images/default, network: default}",
            ),
            &[secret_keys, NOT_CONFIRMED],
        ),
        (
            "libvirt with the Cloud Credential Operator",
            peer_pods("1.8.1", "provider: libvirt, credentials: cloudCredentialOperator"),
            &[(E, "spec.peerPods.credentials", "CredentialsRequestNotForProvider")],
        ),
        (
            "the Cloud Credential Operator before 1.6",
            aws("1.5.3", ""),
            &[(E, "spec.peerPods.credentials", "FeatureNotInRelease")],
        ),
        (
            "no provider",
            peer_pods("1.11.1", &format!("credentials: cloudCredentialOperator, {AWS}")),
            &[(E, "spec.peerPods.provider", "MissingProvider")],
        ),
        (
            "the provider's block missing",
            peer_pods("1.11.1", "provider: azure, credentials: cloudCredentialOperator"),
            &[(E, "spec.peerPods.azure", "MissingProviderBlock")],
        ),
        (
            "one required key missing",
            peer_pods(
                "1.11.1",
                "provider: aws, credentials: cloudCredentialOperator, aws: {region: us-east-2, \
                 subnetId: subnet-0a1b2c3d4e5f60718, securityGroupIds: [sg-0a1b2c3d4e5f60718]}",
            ),
            &[(E, "spec.peerPods.aws.vpcId", "MissingPeerPodsKey")],
        ),
        (
            "one required key empty",
            peer_pods(
                "1.11.1",
                "provider: azure, credentials: cloudCredentialOperator, \
                 azure: {region: eastus, resourceGroup: ''}",
            ),
            &[(E, "spec.peerPods.azure.resourceGroup", "MissingPeerPodsKey")],
        ),
        (
            "an optional key empty",
            aws("1.11.1", "").replace("securityGroupIds", "instanceType: '', securityGroupIds"),
            &[(E, "spec.peerPods.aws.instanceType", "Empty")],
        ),
        ("peerPods on 1.3", aws("1.3.3", ""), &[(E, "spec.peerPods", "FeatureNotInRelease")]),
        (
            "peerPods on 1.4 (kata-remote-cc), which no catalog serves",
            aws("1.4.0", "").replace("cloudCredentialOperator", "{secretName: peer-pods-secret}"),
            &[(W, "spec.release", "ReleaseInNoCatalog"), secret_keys, NOT_CONFIRMED],
        ),
    ]);
}

#[test]
fn peer_pods_values_have_the_shapes_their_keys_need() {
    let id = |path| (E, path, "InvalidPeerPodsValue");
    check(&[
        (
            "aws subnet without its prefix",
            aws("1.11.1", "").replace("subnet-0a1b", "0a1b"),
            &[id("spec.peerPods.aws.subnetId")],
        ),
        (
            "aws VPC of 9 digits",
            aws("1.11.1", "").replace("vpc-0a1b2c3d4e5f60718", "vpc-0a1b2c3d4"),
            &[id("spec.peerPods.aws.vpcId")],
        ),
        (
            "the second security group is a subnet",
            aws("1.11.1", "").replace("[sg-0a1b2c3d4e5f60718]", "[sg-0a1b2c3d4e5f60718, subnet-0a1b2c3d4e5f60718]"),
            &[id("spec.peerPods.aws.securityGroupIds[1]")],
        ),
        (
            "an instance type list item with a space",
            aws("1.11.1", "").replace("securityGroupIds", "instanceTypes: ['t3.medium t3.large'], securityGroupIds"),
            &[id("spec.peerPods.aws.instanceTypes[0]")],
        ),
        (
            "an AMI of the user's, which the operator would fill",
            aws("1.11.1", "").replace("securityGroupIds", "amiId: ami-0a1b2c3d4e5f60718, securityGroupIds"),
            &[(W, "spec.peerPods.aws.amiId", "OperatorWrittenKey"), NOT_CONFIRMED],
        ),
        (
            "an AMI id that is not one",
            aws("1.11.1", "").replace("securityGroupIds", "amiId: rhel9, securityGroupIds"),
            &[id("spec.peerPods.aws.amiId")],
        ),
        (
            "an Azure NSG given by name",
            peer_pods(
                "1.11.1",
                "provider: azure, credentials: cloudCredentialOperator, \
                 azure: {region: eastus, resourceGroup: rg, nsgId: cluster-nsg}",
            ),
            &[id("spec.peerPods.azure.nsgId")],
        ),
        (
            "an Azure subnet id with a subscription that is no GUID",
            peer_pods(
                "1.11.1",
                "provider: azure, credentials: cloudCredentialOperator, \
                 azure: {region: eastus, resourceGroup: rg, subnetId: /subscriptions/my-sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/net/subnets/workers}",
            ),
            &[id("spec.peerPods.azure.subnetId")],
        ),
        (
            "an Azure community gallery image",
            peer_pods(
                "1.11.1",
                "provider: azure, credentials: cloudCredentialOperator, \
                 azure: {region: eastus, resourceGroup: rg, imageId: /CommunityGalleries/cocopodvm/Images/podvm/Versions/1.0.0}",
            ),
            &[(W, "spec.peerPods.azure.imageId", "OperatorWrittenKey"), NOT_CONFIRMED],
        ),
        (
            "a libvirt directory that is not absolute",
            peer_pods(
                "1.10.3",
                "provider: libvirt, credentials: {secretName: peer-pods-secret}, \
                 libvirt: {pool: default, volumeName: podvm.qcow2, dirName: images/default}",
            ),
            &[(E, "spec.peerPods.libvirt.dirName", "InvalidPath")],
        ),
        ("VXLAN port 0", aws("1.11.1", "vxlanPort: 0"), &[(E, "spec.peerPods.vxlanPort", "PortOutOfRange")]),
        ("VXLAN port 65535", aws("1.11.1", "vxlanPort: 65535"), &[NOT_CONFIRMED]),
        (
            "a negative timeout",
            aws("1.11.1", "proxyTimeout: -5m"),
            &[(E, "spec.peerPods.proxyTimeout", "InvalidDuration")],
        ),
        ("a zero timeout", aws("1.11.1", "proxyTimeout: '0'"), &[(E, "spec.peerPods.proxyTimeout", "InvalidDuration")]),
        (
            "a timeout without a unit",
            aws("1.11.1", "proxyTimeout: '300'"),
            &[(E, "spec.peerPods.proxyTimeout", "InvalidDuration")],
        ),
        ("a timeout of 1h30m", aws("1.11.1", "proxyTimeout: 1h30m"), &[NOT_CONFIRMED]),
        ("a negative limit", aws("1.11.1", "limitPerNode: -1"), &[(E, "spec.peerPods.limitPerNode", "NotPositive")]),
        (
            "a limit on 1.8, which keeps it in PeerPodConfig",
            aws("1.8.1", "limitPerNode: 5"),
            &[(E, "spec.peerPods.limitPerNode", "FeatureNotInRelease")],
        ),
        (
            "a root volume of 0 GB",
            aws("1.11.1", "rootVolumeSize: 0"),
            &[(E, "spec.peerPods.rootVolumeSize", "NotPositive")],
        ),
        (
            "a tag value with a comma",
            aws("1.11.1", "tags: {owner: 'a,b'}"),
            &[(E, "spec.peerPods.tags.owner", "InvalidTag")],
        ),
        (
            "a tag value with a space around it",
            aws("1.11.1", "tags: {owner: ' kata'}"),
            &[(E, "spec.peerPods.tags.owner", "InvalidTag")],
        ),
        ("a tag value with =", aws("1.11.1", "tags: {query: 'a=b'}"), &[NOT_CONFIRMED]),
        ("a tag value that is a number", aws("1.11.1", "tags: {cost: 42}"), &[(E, "spec.peerPods.tags.cost", "Shape")]),
        (
            "disableCVM from 1.7, which the operator writes from the confidential gate",
            aws("1.11.1", "disableCVM: true"),
            &[(W, "spec.peerPods.disableCVM", "OperatorWrittenKey"), NOT_CONFIRMED],
        ),
        ("disableCVM on 1.6, before the gate", aws("1.6.0", "disableCVM: true"), &[NOT_CONFIRMED]),
        (
            "a pod VM image URI from 1.10",
            aws("1.10.3", "podVMImageURI: 'oci::quay.io/example/podvm:1.0'"),
            &[NOT_CONFIRMED],
        ),
        (
            "a pod VM image URI on 1.9",
            aws("1.9.0", "podVMImageURI: 'oci::quay.io/example/podvm:1.0'"),
            &[(E, "spec.peerPods.podVMImageURI", "FeatureNotInRelease")],
        ),
        (
            "an empty pod VM image URI",
            aws("1.11.1", "podVMImageURI: ''"),
            &[(E, "spec.peerPods.podVMImageURI", "Empty")],
        ),
        ("a VXLAN port as a string", aws("1.11.1", "vxlanPort: '9000'"), &[(E, "spec.peerPods.vxlanPort", "Shape")]),
    ]);
}

#[test]
fn peer_pods_take_no_credentials() {
    let base = aws("1.11.1", "");
    check(&[
        (
            "a Secret of another name",
            base.replace("cloudCredentialOperator", "{secretName: my-aws-credentials}"),
            &[(E, "spec.peerPods.credentials.secretName", "FixedSecretName")],
        ),
        (
            "no credentials",
            base.replace("credentials: cloudCredentialOperator, ", ""),
            &[(E, "spec.peerPods.credentials", "MissingCredentials")],
        ),
        (
            "a key beside secretName",
            base.replace("cloudCredentialOperator", "{secretName: peer-pods-secret, AWS_SECRET_ACCESS_KEY: abc}"),
            &[(E, "spec.peerPods.credentials.AWS_SECRET_ACCESS_KEY", "Shape")],
        ),
        (
            "a key as the credentials",
            base.replace("cloudCredentialOperator", "AKIAIOSFODNN7EXAMPLE"),
            &[(E, "spec.peerPods.credentials", "Shape")],
        ),
        (
            "a key beside the provider",
            aws("1.11.1", "awsAccessKeyId: AKIAIOSFODNN7EXAMPLE"),
            &[(E, "spec.peerPods.awsAccessKeyId", "Shape")],
        ),
        (
            "a key in the provider block",
            base.replace("region: us-east-2", "region: us-east-2, secretAccessKey: abc"),
            &[(E, "spec.peerPods.aws.secretAccessKey", "Shape")],
        ),
        ("the SSH key Secret", aws("1.11.1", "sshKey: {secretName: ssh-key-secret}"), &[NOT_CONFIRMED]),
        (
            "an SSH key Secret of another name",
            aws("1.11.1", "sshKey: {secretName: my-ssh}"),
            &[(E, "spec.peerPods.sshKey.secretName", "FixedSecretName")],
        ),
        (
            "an SSH public key inline",
            aws("1.11.1", "sshKey: {publicKey: 'ssh-rsa AAAA'}"),
            &[(E, "spec.peerPods.sshKey.publicKey", "Shape")],
        ),
    ]);
    // Where credentials go is said; the value given is never repeated.
    for input in [
        base.replace(
            "cloudCredentialOperator",
            "{secretName: peer-pods-secret, AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCY}",
        ),
        base.replace("cloudCredentialOperator", "wJalrXUtnFEMIK7MDENGbPxRfiCY"),
        aws("1.11.1", "awsSecretAccessKey: wJalrXUtnFEMIK7MDENGbPxRfiCY"),
    ] {
        let found = diagnostics(&input);
        let text = found.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        assert!(text.contains("create the Secret peer-pods-secret"), "{text}");
        assert!(text.contains("external-secrets"), "{text}");
        assert!(!text.contains("wJalrXUtnFEMIK7MDENGbPxRfiCY"), "the value is repeated: {text}");
    }
    // A field that is no credential keeps the plain message.
    let found = diagnostics(&aws("1.11.1", "vxlanPrt: 9000"));
    assert!(!found[0].to_string().contains("create the Secret"), "{}", found[0]);
}

#[test]
fn peer_pods_and_the_rest_of_the_kataconfig() {
    check(&[
        (
            "checkNodeEligibility with peer pods",
            aws("1.11.1", "").replace("{release: 1.11.1,", "{release: 1.11.1, checkNodeEligibility: true,"),
            &[(W, "spec.checkNodeEligibility", "PeerPodsSkipsEligibility"), NOT_CONFIRMED],
        ),
        (
            "checkNodeEligibility with enablePeerPods",
            kata_runtime("{release: 1.11.1, enablePeerPods: true, checkNodeEligibility: true}"),
            &[
                (I, "spec.enablePeerPods", "NoPeerPodsConfigMap"),
                (W, "spec.checkNodeEligibility", "PeerPodsSkipsEligibility"),
            ],
        ),
        (
            "enablePeerPods false with peerPods",
            aws("1.11.1", "").replace("{release: 1.11.1,", "{release: 1.11.1, enablePeerPods: false,"),
            &[(E, "spec.enablePeerPods", "PeerPodsDisabled")],
        ),
        (
            "enablePeerPods true with peerPods",
            aws("1.11.1", "").replace("{release: 1.11.1,", "{release: 1.11.1, enablePeerPods: true,"),
            &[NOT_CONFIRMED],
        ),
        (
            "a custom handler named like the operator's peer-pods handler",
            aws("1.11.1", "").replace("{release: 1.11.1,", "{release: 1.11.1, runtimeHandler: {name: kata-remote},"),
            &[(E, "spec.runtimeHandler.name", "InvalidName")],
        ),
        (
            "the preview of 1.10 leaves out 40-worker-kata-remote-config",
            aws("1.10.3", "").replace("{release: 1.10.3,", "{release: 1.10.3, renderNodeObjects: true,"),
            &[
                (W, "spec.peerPods", "PeerPodsNotPrerendered"),
                (I, "spec.renderNodeObjects", "NodeObjectsNotConfirmed"),
                NOT_CONFIRMED,
            ],
        ),
    ]);
}

#[test]
fn feature_gates_follow_the_release_and_the_cluster() {
    check(&[
        (
            "confidential with peer pods on 1.7",
            aws("1.7.0", "").replace("{release: 1.7.0,", "{release: 1.7.0, featureGates: {confidential: true},"),
            &[NOT_CONFIRMED],
        ),
        (
            "confidential on 1.6",
            kata_runtime("{release: 1.6.0, featureGates: {confidential: false}}"),
            &[(E, "spec.featureGates.confidential", "FeatureNotInRelease")],
        ),
        (
            "confidential off without peer pods on 1.7",
            kata_runtime("{release: 1.7.0, featureGates: {confidential: false}}"),
            &[],
        ),
        (
            "confidential without peer pods on 1.10",
            kata_runtime("{release: 1.10.3, featureGates: {confidential: true}}"),
            &[(E, "spec.featureGates.confidential", "ConfidentialNeedsPeerPods")],
        ),
        (
            "bare-metal confidential on OpenShift 4.20",
            kata_runtime("{openshiftVersion: '4.20', featureGates: {confidential: true}}"),
            &[],
        ),
        (
            "bare-metal confidential on OpenShift 4.19",
            kata_runtime("{openshiftVersion: '4.19', featureGates: {confidential: true}}"),
            &[
                (I, "spec.openshiftVersion", "CatalogNotConfirmed"),
                (E, "spec.featureGates.confidential", "ConfidentialNeedsOpenShift"),
            ],
        ),
        (
            "bare-metal confidential without an OpenShift version",
            kata_runtime("{release: 1.13.1, featureGates: {confidential: true}}"),
            &[(W, "spec.featureGates.confidential", "ConfidentialOpenShiftUnknown")],
        ),
        ("deploymentMode on 1.11", kata_runtime("{release: 1.11.0, featureGates: {deploymentMode: DaemonSet}}"), &[]),
        (
            "deploymentMode on 1.10",
            kata_runtime("{release: 1.10.3, featureGates: {deploymentMode: MachineConfig}}"),
            &[(E, "spec.featureGates.deploymentMode", "FeatureNotInRelease")],
        ),
        (
            "an unknown deploymentMode",
            kata_runtime("{release: 1.11.0, featureGates: {deploymentMode: KataDeploy}}"),
            &[(E, "spec.featureGates.deploymentMode", "Shape")],
        ),
        (
            "an unknown gate",
            kata_runtime("{release: 1.11.0, featureGates: {timeTravel: true}}"),
            &[(E, "spec.featureGates.timeTravel", "Shape")],
        ),
        (
            "logLevel in DaemonSet mode",
            kata_runtime("{release: 1.11.0, logLevel: debug, featureGates: {deploymentMode: DaemonSet}}"),
            &[(W, "spec.logLevel", "IgnoredInDaemonSetMode")],
        ),
        (
            "logLevel info in DaemonSet mode",
            kata_runtime("{release: 1.11.0, logLevel: info, featureGates: {deploymentMode: DaemonSet}}"),
            &[],
        ),
        (
            "a custom handler in DaemonSet mode",
            kata_runtime(
                "{release: 1.11.0, runtimeHandler: {name: kata-custom}, featureGates: {deploymentMode: DaemonSet}}",
            ),
            &[(W, "spec.runtimeHandler", "HandlerNeedsMachineConfig")],
        ),
        (
            "the DaemonSet preview names the node labels",
            kata_runtime("{release: 1.11.0, renderNodeObjects: true, featureGates: {deploymentMode: DaemonSet}}"),
            &[(I, "spec.featureGates.deploymentMode", "DaemonSetModeLabels")],
        ),
        (
            "the DaemonSetFallback preview shows MachineConfig mode",
            kata_runtime(
                "{release: 1.11.0, renderNodeObjects: true, featureGates: {deploymentMode: DaemonSetFallback}}",
            ),
            &[(I, "spec.featureGates.deploymentMode", "DaemonSetFallbackPreview")],
        ),
    ]);
}
