//! The exact text users get, snapshotted: YAML from `Rendered::to_yaml`, the CRI-O drop-in,
//! decoded Ignition file contents and diagnostics. Each test also pins the facts the reference
//! documents state, so a snapshot cannot be accepted with them wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_text_snapshot, kata_runtime, operator};
use oscgen_render::api::mco::v1::MachineConfig;
use oscgen_render::api::oscgen::v1alpha1::{HandlerSpec, Overhead, PoolSelector, RuntimeSpec};
use oscgen_render::catalog::CATALOG;
use oscgen_render::{
    Error, Object, OperatorSpec, Rendered, config, crio_dropin, dataurl, render, render_operator, render_runtime,
};

/// The guide's selector: nodes labelled `kata=true`.
fn guide_selector() -> PoolSelector {
    PoolSelector { match_labels: [("kata".to_owned(), "true".into())].into(), ..Default::default() }
}

fn kinds(rendered: &Rendered) -> Vec<&'static str> {
    rendered.objects.iter().map(Object::kind).collect()
}

fn machine_config<'a>(rendered: &'a Rendered, name: &str) -> &'a MachineConfig {
    rendered
        .objects
        .iter()
        .find_map(|o| match o {
            Object::MachineConfig(mc) if o.name() == name => Some(mc),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no MachineConfig {name}"))
}

#[test]
fn guide_operator_subscription() {
    let rendered =
        render_operator(&OperatorSpec { channel: Some("preview-1.1".into()), ..Default::default() }).unwrap();
    let yaml = rendered.to_yaml().unwrap();

    assert_eq!(kinds(&rendered), ["Namespace", "OperatorGroup", "Subscription"]);
    assert!(rendered.warnings.entries.is_empty(), "{}", rendered.warnings);
    // install-guide.md: `oc get subs` and `oc get csv`.
    assert!(yaml.contains("channel: preview-1.1\n"), "{yaml}");
    assert!(yaml.contains("startingCSV: sandboxed-containers-operator.v1.1.0\n"), "{yaml}");
    assert!(yaml.contains("  name: sandboxed-containers-operator\n  source: redhat-operators\n"), "{yaml}");
    assert_text_snapshot("operator-preview-1.1", &yaml);
}

#[test]
fn guide_default_kataconfig() {
    // The guide's KataConfig, written as a config the way users write it (label value quoted).
    let configs =
        config::from_yaml(&kata_runtime("\n  release: 1.1.0\n  poolSelector:\n    matchLabels:\n      kata: 'true'\n"))
            .unwrap();
    let rendered = render(&configs).unwrap();
    let yaml = rendered.to_yaml().unwrap();

    assert_eq!(kinds(&rendered), ["KataConfig"]);
    assert!(yaml.contains("  name: cluster-kataconfig\n"), "{yaml}");
    // A bare `true` would be a boolean, which the API server refuses for a label value.
    assert!(yaml.contains("      kata: 'true'\n"), "{yaml}");
    assert_text_snapshot("kataconfig-guide-default", &yaml);
}

#[test]
fn node_objects_for_1_1_0() {
    let spec = RuntimeSpec {
        release: Some("1.1.0".into()),
        pool_selector: Some(guide_selector()),
        render_node_objects: true,
        ..Default::default()
    };
    let rendered = render_runtime(&spec).unwrap();
    let yaml = rendered.to_yaml().unwrap();

    assert_eq!(kinds(&rendered), ["KataConfig", "MachineConfigPool", "MachineConfig", "RuntimeClass"]);
    // install-guide.md: the 4.9.5 cluster's extension MachineConfig and pool.
    let mc = machine_config(&rendered, "50-enable-sandboxed-containers-extension");
    let labels = mc.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("machineconfiguration.openshift.io/role").map(String::as_str), Some("worker"));
    assert_eq!(labels.get("app").map(String::as_str), Some("cluster-kataconfig"));
    assert_eq!(mc.spec.extensions, ["sandboxed-containers"]);
    assert_eq!(mc.spec.config.version(), "3.2.0");
    assert!(yaml.contains("  name: kata-oc\n"), "{yaml}");
    assert!(yaml.contains("    cpu: 250m\n    memory: 350Mi\n"), "{yaml}");
    // The guide's `oc get runtimeClass kata -o yaml`: the worker role, not the selector's labels.
    assert_eq!(runtime_class_selector(&rendered, "kata"), [("node-role.kubernetes.io/worker", "")]);
    assert_text_snapshot("node-objects-1.1.0", &yaml);
}

/// The `scheduling.nodeSelector` of a RuntimeClass, as pairs.
fn runtime_class_selector<'a>(rendered: &'a Rendered, name: &str) -> Vec<(&'a str, &'a str)> {
    let rc = rendered
        .objects
        .iter()
        .find_map(|o| match o {
            Object::RuntimeClass(rc) if o.name() == name => Some(rc),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no RuntimeClass {name}"));
    let selector = rc.scheduling.as_ref().and_then(|s| s.node_selector.as_ref()).expect("a nodeSelector");
    selector.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// What a cluster of each current OpenShift version gets from `channel: stable`: the
/// Subscription its catalog's head pins, and the node objects that release's operator creates
/// (with a log level, so the ContainerRuntimeConfig shows too).
#[test]
fn subscription_and_node_objects_of_todays_releases() {
    for (openshift, release, finalizer) in
        [("4.16", "1.10.3", false), ("4.20", "1.11.1", true), ("4.21", "1.12.1", true), ("4.22", "1.13.1", true)]
    {
        let text = format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {{name: osc}}\n\
             spec: {{channel: stable, openshiftVersion: '{openshift}'}}\n---\n\
             apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {{name: cluster-kataconfig}}\n\
             spec: {{openshiftVersion: '{openshift}', logLevel: debug, renderNodeObjects: true, \
             poolSelector: {{matchLabels: {{kata: 'true'}}}}}}\n"
        );
        let rendered = render(&config::from_yaml(&text).unwrap()).unwrap();
        let yaml = rendered.to_yaml().unwrap();
        let what = format!("OpenShift {openshift}");
        assert_eq!(
            kinds(&rendered),
            [
                "Namespace",
                "OperatorGroup",
                "Subscription",
                "KataConfig",
                "MachineConfigPool",
                "MachineConfig",
                "ContainerRuntimeConfig",
                "RuntimeClass"
            ],
            "{what}"
        );
        assert!(yaml.contains(&format!("  startingCSV: sandboxed-containers-operator.v{release}\n")), "{what}: {yaml}");
        assert!(yaml.contains("  channel: stable\n"), "{what}");
        // The operator's newMCPforCR, newMCForCR, processLogLevel and createRuntimeClass: the
        // kata-oc pool and its label, the extension MachineConfig for it, the log-level
        // ContainerRuntimeConfig selecting the pool, the RuntimeClass on kata-oc.
        let mc = machine_config(&rendered, "50-enable-sandboxed-containers-extension");
        let labels = mc.metadata.labels.clone().unwrap_or_default();
        assert_eq!(labels.get("machineconfiguration.openshift.io/role").map(String::as_str), Some("kata-oc"));
        assert_eq!(mc.spec.extensions, ["sandboxed-containers"], "{what}");
        assert!(
            yaml.contains("  labels:\n    pools.operator.machineconfiguration.openshift.io/kata-oc: ''\n"),
            "{what}"
        );
        assert!(
            yaml.contains("  nodeSelector:\n    matchLabels:\n      node-role.kubernetes.io/kata-oc: ''\n"),
            "{what}"
        );
        assert!(yaml.contains("kind: ContainerRuntimeConfig\nmetadata:\n  name: kata-crio-config\n"), "{what}");
        assert_eq!(runtime_class_selector(&rendered, "kata"), [("node-role.kubernetes.io/kata-oc", "")], "{what}");
        // The 1.11+ operator creates its RuntimeClasses with a finalizer (code at 351b069).
        let finalizer_line = "  finalizers:\n  - kataconfig.openshift.io/runtime-class-cleanup\n";
        assert_eq!(yaml.contains(finalizer_line), finalizer, "{what}: {yaml}");
        // What rests on unread code is said, never silently rendered as known.
        assert!(
            rendered.warnings.entries.iter().any(|d| common::kind_name(&d.kind) == "NodeObjectsNotConfirmed"),
            "{what}: {}",
            rendered.warnings
        );
        assert_text_snapshot(&format!("release-{release}-openshift-{openshift}"), &yaml);
    }
}

#[test]
fn node_objects_for_1_7_0() {
    let spec = RuntimeSpec { release: Some("1.7.0".into()), render_node_objects: true, ..Default::default() };
    let rendered = render_runtime(&spec).unwrap();
    let yaml = rendered.to_yaml().unwrap();

    assert_eq!(kinds(&rendered), ["KataConfig", "MachineConfigPool", "MachineConfig", "RuntimeClass"]);
    // osc-releases.md §3.1–§3.3 (1.4 … 1.7).
    let mc = machine_config(&rendered, "50-enable-sandboxed-containers-extension");
    let labels = mc.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("machineconfiguration.openshift.io/role").map(String::as_str), Some("kata-oc"));
    assert_eq!(mc.spec.extensions, ["sandboxed-containers"]);
    assert!(yaml.contains("    pools.operator.machineconfiguration.openshift.io/kata-oc: ''\n"), "{yaml}");
    assert!(yaml.contains("  nodeSelector:\n    node-role.kubernetes.io/kata-oc: ''\n"), "{yaml}");
    assert_text_snapshot("node-objects-1.7.0", &yaml);
}

#[test]
fn node_objects_for_1_3_with_debug_log_level() {
    let spec = RuntimeSpec {
        channel: Some("stable-1.3".into()),
        openshift_version: Some("4.11".into()),
        log_level: Some("debug".into()),
        render_node_objects: true,
        ..Default::default()
    };
    let rendered = render_runtime(&spec).unwrap();
    let yaml = rendered.to_yaml().unwrap();

    assert_eq!(
        kinds(&rendered),
        ["KataConfig", "MachineConfigPool", "MachineConfig", "ContainerRuntimeConfig", "RuntimeClass"]
    );
    // osc-releases.md §3.4.
    assert!(yaml.contains("kind: ContainerRuntimeConfig\nmetadata:\n  name: kata-crio-config\n"), "{yaml}");
    assert!(yaml.contains("    logLevel: debug\n"), "{yaml}");
    // stable-1.3 serves 1.3.3 (not 1.3.2, which no catalog has).
    assert_text_snapshot("node-objects-1.3.3-log-level-debug", &yaml);
}

#[test]
fn crio_dropin_of_the_kata_handler_is_the_rpm_file() {
    let dropin = crio_dropin(&RuntimeSpec::default()).unwrap();

    // install-guide.md: `cat /etc/crio/crio.conf.d/50-kata` on a node.
    assert_eq!(
        dropin.text,
        "[crio.runtime.runtimes.kata]\n  runtime_path = \"/usr/bin/containerd-shim-kata-v2\"\n  \
         runtime_type = \"vm\"\n  runtime_root = \"/run/vc\"\n  privileged_without_host_devices = true\n"
    );
    assert_eq!(dropin.path, "/etc/crio/crio.conf.d/50-kata");
    assert_eq!(dropin.handler, "kata");
    assert!(!dropin.carried, "the RPM owns 50-kata; oscgen must not write it");
    assert_text_snapshot("crio-dropin-kata", &dropin.text);
}

#[test]
fn custom_handler_machine_config_and_its_file() {
    let spec = RuntimeSpec {
        runtime_handler: Some(HandlerSpec {
            name: Some("kata-custom".into()),
            runtime_config_path: Some("/etc/kata-containers/configuration-custom.toml".into()),
            allowed_annotations: vec![
                "io.katacontainers.config.hypervisor.default_memory".into(),
                "io.katacontainers.config.hypervisor.default_vcpus".into(),
            ],
            overhead: Some(Overhead { cpu: Some("500m".into()), memory: Some("512Mi".into()) }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let rendered = render_runtime(&spec).unwrap();
    let yaml = rendered.to_yaml().unwrap();

    assert_eq!(kinds(&rendered), ["KataConfig", "MachineConfig", "RuntimeClass"]);
    let mc = machine_config(&rendered, "50-crio-dropin-kata-custom");
    assert_eq!(mc.spec.config.version(), "3.2.0");
    let files =
        &mc.spec.config.as_v3_2().and_then(|c| c.storage.as_ref()).expect("the MachineConfig writes a file").files;
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].path, "/etc/crio/crio.conf.d/50-kata-custom");
    assert_eq!(files[0].mode, Some(420), "0644 is written as the decimal 420");
    assert_eq!(files[0].overwrite, Some(true));
    let contents = files[0].contents.as_ref().expect("the file has contents");
    let source = contents.source.as_deref().expect("contents has a source");
    let decoded = dataurl::decode_contents(source, contents.compression.as_deref()).unwrap();
    let decoded = String::from_utf8(decoded).unwrap();

    let dropin = crio_dropin(&spec).unwrap();
    assert!(dropin.carried);
    assert_eq!(dropin.path, files[0].path);
    assert_eq!(decoded, dropin.text);
    assert!(yaml.contains("handler: kata-custom\n"), "{yaml}");
    assert_text_snapshot("custom-handler-kata-custom", &yaml);
    assert_text_snapshot("custom-handler-kata-custom-dropin-decoded", &decoded);
}

#[test]
fn subscription_of_every_catalog_release() {
    let mut text = String::new();
    for release in CATALOG {
        let rendered =
            render_operator(&OperatorSpec { release: Some(release.version.into()), ..Default::default() }).unwrap();
        let subscription = Rendered {
            objects: rendered.objects.into_iter().filter(|o| matches!(o, Object::Subscription(_))).collect(),
            warnings: rendered.warnings,
        };
        assert_eq!(subscription.objects.len(), 1, "{}", release.version);
        let yaml = subscription.to_yaml().unwrap();
        assert!(yaml.contains(&format!("  channel: {}\n", release.channel)), "{yaml}");
        assert!(yaml.contains(&format!("  startingCSV: {}\n", release.csv)), "{yaml}");
        text.push_str(&format!("# release {} (channel {})\n{yaml}", release.version, release.channel));
    }
    assert_text_snapshot("catalog-subscriptions", &text);
}

#[test]
fn diagnostics_for_bad_inputs() {
    let inputs = [
        (
            "one config, several problems",
            kata_runtime(
                "{release: 1.1.0, logLevel: loud, platform: okd, openshiftVersion: '4.x', \
                 poolSelector: {matchLabels: {kata: true, 'bad key': x}, \
                 matchExpressions: [{key: zone, operator: Near}]}, \
                 runtimeHandler: {runtimeRoot: /run/kata, overhead: {cpu: lots}}}",
            ),
        ),
        (
            "two configs",
            format!(
                "{}---\n{}",
                operator("{channel: stable, release: 1.1.0, namespace: sandboxes}"),
                kata_runtime(
                    "{release: 1.3.2, enablePeerPods: true, runtimeHandler: \
                     {name: kata-custom, runtimePath: /usr/bin/kata-runtime, runtimeConfigPath: etc/kata.toml}}",
                ),
            ),
        ),
        ("a typo in a field name", operator("{chanel: stable}")),
        ("a warning only", kata_runtime("{release: 1.1.0, openshiftVersion: '4.12'}")),
    ];
    let mut text = String::new();
    for (title, input) in &inputs {
        let report = match config::from_yaml(input) {
            Err(Error::Invalid(report)) => report,
            Err(other) => panic!("{title}: {other}"),
            Ok(configs) => match render(&configs) {
                Err(Error::Invalid(report)) => report,
                Err(other) => panic!("{title}: {other}"),
                Ok(rendered) => rendered.warnings,
            },
        };
        assert!(!report.entries.is_empty(), "{title}: no diagnostics");
        text.push_str(&format!("# {title}\n{input}=>\n{report}\n\n"));
    }
    assert_text_snapshot("diagnostics-bad-inputs", &text);
}
