//! The exact text users get, snapshotted: YAML from `Rendered::to_yaml`, the CRI-O drop-in,
//! decoded Ignition file contents and diagnostics. Each test also pins the facts the reference
//! documents state, so a snapshot cannot be accepted with them wrong.

use crate::common;

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
            rendered.warnings.entries.iter().any(|d| common::kind_name(d) == "NodeObjectsNotConfirmed"),
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

/// The objects of one KataRuntime given as YAML text, and its notices.
fn render_text(text: &str) -> Rendered {
    render(&config::from_yaml(text).unwrap()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The ConfigMap `name` of a render, as key/value pairs.
fn config_map_data<'a>(rendered: &'a Rendered, name: &str) -> Vec<(&'a str, &'a str)> {
    let cm = rendered
        .objects
        .iter()
        .find_map(|o| match o {
            Object::ConfigMap(cm) if o.name() == name => Some(cm),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no ConfigMap {name}"));
    assert_eq!(cm.metadata.namespace.as_deref(), Some("openshift-sandboxed-containers-operator"));
    cm.data.iter().flatten().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// A peer-pods block per provider, with every key it has.
const PROVIDERS: [(&str, &str); 4] = [
    (
        "aws",
        "    provider: aws\n    aws:\n      region: us-east-2\n      subnetId: subnet-0a1b2c3d4e5f60718\n      \
         vpcId: vpc-0a1b2c3d4e5f60718\n      securityGroupIds: [sg-0a1b2c3d4e5f60718, sg-0f1e2d3c4b5a69788]\n      \
         instanceType: t3.medium\n      instanceTypes: [t3.medium, t3.large]\n",
    ),
    (
        "azure",
        "    provider: azure\n    azure:\n      region: eastus\n      resourceGroup: cluster-rg\n      \
         subnetId: /subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/cluster-rg/providers/Microsoft.Network/virtualNetworks/cluster-vnet/subnets/worker-subnet\n      \
         nsgId: /subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/cluster-rg/providers/Microsoft.Network/networkSecurityGroups/cluster-nsg\n      \
         instanceSize: Standard_D8as_v5\n      instanceSizes: [Standard_D8as_v5, Standard_D4as_v5]\n",
    ),
    (
        "gcp",
        "    provider: gcp\n    gcp:\n      projectId: my-project\n      zone: us-central1-a\n      network: default\n      \
         machineType: e2-medium\n",
    ),
    (
        "libvirt",
        "    provider: libvirt\n    libvirt:\n      pool: default\n      volumeName: podvm-base.qcow2\n      \
         dirName: /var/lib/libvirt/images/default\n      network: default\n",
    ),
];

/// Every provider on the heads of OpenShift 4.20 (1.11.1) and 4.22 (1.13.1): peer-pods-cm with
/// the keys the operator needs, the KataConfig that enables peer pods, and the node objects,
/// with `kata-remote` beside `kata`.
#[test]
fn peer_pods_of_each_provider() {
    for release in ["1.11.1", "1.13.1"] {
        for (provider, block) in PROVIDERS {
            let credentials =
                if provider == "libvirt" { "{secretName: peer-pods-secret}" } else { "cloudCredentialOperator" };
            let text = kata_runtime(&format!(
                "\n  release: {release}\n  renderNodeObjects: true\n  peerPods:\n    credentials: {credentials}\n{block}    \
                 vxlanPort: 9000\n    proxyTimeout: 5m\n    limitPerNode: 10\n    rootVolumeSize: 6\n    tags: {{team: kata, cost-center: '4711'}}\n"
            ));
            let rendered = render_text(&text);
            let yaml = rendered.to_yaml().unwrap();
            let what = format!("{provider} on {release}");
            assert_eq!(
                kinds(&rendered),
                ["ConfigMap", "KataConfig", "MachineConfigPool", "MachineConfig", "RuntimeClass", "RuntimeClass"],
                "{what}"
            );
            let data = config_map_data(&rendered, "peer-pods-cm");
            assert!(data.contains(&("CLOUD_PROVIDER", provider)), "{what}: {data:?}");
            // The keys validatePeerPodsConfigs needs, and the common ones as strings.
            let required: &[&str] = match provider {
                "aws" => &["AWS_REGION", "AWS_SUBNET_ID", "AWS_VPC_ID", "AWS_SG_IDS"],
                "azure" => &["AZURE_REGION", "AZURE_RESOURCE_GROUP"],
                "gcp" => &["GCP_PROJECT_ID", "GCP_ZONE"],
                _ => &["LIBVIRT_POOL", "LIBVIRT_VOL_NAME", "LIBVIRT_DIR_NAME"],
            };
            for key in required {
                assert!(data.iter().any(|(k, v)| k == key && !v.is_empty()), "{what}: {key} in {data:?}");
            }
            assert!(data.contains(&("TAGS", "cost-center=4711,team=kata")), "{what}: {data:?}");
            assert!(yaml.contains("  VXLAN_PORT: '9000'\n"), "{what}: a number-like value is quoted: {yaml}");
            assert!(yaml.contains("spec:\n  enablePeerPods: true\n"), "{what}: {yaml}");
            // node-objects.md §1: kata-remote, 250m/120Mi from 1.9, kata's selector, the 1.11 finalizer.
            assert_eq!(runtime_class_selector(&rendered, "kata-remote"), [("node-role.kubernetes.io/kata-oc", "")]);
            assert!(
                yaml.contains(
                    "handler: kata-remote\nmetadata:\n  finalizers:\n  - kataconfig.openshift.io/runtime-class-cleanup\n  \
                     name: kata-remote\noverhead:\n  podFixed:\n    cpu: 250m\n    memory: 120Mi\n"
                ),
                "{what}: {yaml}"
            );
            // The peer-pods MachineConfigs of 1.11+ were not read: left out, and said so.
            assert!(!yaml.contains("50-kata-remote"), "{what}");
            let warned: Vec<String> = rendered.warnings.warnings().map(common::kind_name).collect();
            assert_eq!(warned, ["PeerPodsNotPrerendered"], "{what}: {}", rendered.warnings);
            assert!(!yaml.contains("Secret"), "{what}: oscgen writes no Secret");
            assert_text_snapshot(&format!("peer-pods-{provider}-{release}"), &yaml);
        }
    }
}

/// Where node-objects.md confirms the operator's peer-pods MachineConfig (1.8 to 1.10), the
/// preview carries it: Ignition 2.2.0, the CRI-O drop-in for `kata-remote`.
#[test]
fn peer_pods_machine_config_of_1_10() {
    let text = kata_runtime(&format!(
        "\n  release: 1.10.3\n  renderNodeObjects: true\n  peerPods:\n    credentials: cloudCredentialOperator\n{}",
        PROVIDERS[0].1
    ));
    let rendered = render_text(&text);
    let yaml = rendered.to_yaml().unwrap();
    assert_eq!(
        kinds(&rendered),
        [
            "ConfigMap",
            "KataConfig",
            "MachineConfigPool",
            "MachineConfig",
            "MachineConfig",
            "RuntimeClass",
            "RuntimeClass"
        ]
    );
    let mc = machine_config(&rendered, "50-kata-remote");
    let labels = mc.metadata.labels.clone().unwrap_or_default();
    assert_eq!(labels.get("machineconfiguration.openshift.io/role").map(String::as_str), Some("kata-oc"));
    assert_eq!(labels.get("app").map(String::as_str), Some("peerpodconfig-openshift"));
    assert_eq!(mc.spec.config.version(), "2.2.0");
    let config = mc.spec.config.as_v2_2().expect("an Ignition 2.2 config");
    let files = &config.storage.as_ref().expect("a file").files;
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].filesystem.as_str(), files[0].path.as_str()),
        ("root", "/etc/crio/crio.conf.d/50-kata-remote")
    );
    assert_eq!(files[0].mode, Some(420), "0644 is written as the decimal 420");
    let source = files[0].contents.as_ref().and_then(|c| c.source.as_deref()).expect("contents");
    assert!(source.starts_with("data:text/plain;charset=utf-8;base64,"), "{source}");
    let decoded = String::from_utf8(dataurl::decode(source).unwrap()).unwrap();
    // crio-kata.md: the 1.7.0 → devel table, key for key.
    for line in [
        "[crio.runtime.runtimes.kata-remote]",
        "  runtime_path = \"/usr/bin/containerd-shim-kata-v2\"",
        "  runtime_config_path = \"/opt/kata/configuration-remote.toml\"",
        "  runtime_pull_image = true",
        "\t\"io.kubernetes.cri-o.Devices\",",
    ] {
        assert!(decoded.lines().any(|l| l == line), "{line:?} in {decoded}");
    }
    // 1.9 lowered kata-remote's memory overhead to 120Mi; 1.10 has no finalizer yet.
    assert!(yaml.contains("  name: kata-remote\noverhead:\n  podFixed:\n    cpu: 250m\n    memory: 120Mi\n"), "{yaml}");
    assert!(!yaml.contains("finalizers"), "{yaml}");
    assert_text_snapshot("peer-pods-machine-config-1.10.3", &yaml);
    assert_text_snapshot("peer-pods-kata-remote-dropin-decoded", &decoded);
}

/// The RuntimeClass name and overhead of each peer-pods era.
#[test]
fn kata_remote_runtime_class_by_release() {
    for (release, name, memory) in [
        ("1.4.0", "kata-remote-cc", "350Mi"),
        ("1.5.3", "kata-remote", "350Mi"),
        ("1.8.1", "kata-remote", "350Mi"),
        ("1.9.0", "kata-remote", "120Mi"),
        ("1.13.1", "kata-remote", "120Mi"),
    ] {
        let rendered = render_text(&kata_runtime(&format!(
            "{{release: {release}, enablePeerPods: true, renderNodeObjects: true}}"
        )));
        let yaml = rendered.to_yaml().unwrap();
        let expected = format!("handler: {name}\n");
        assert!(yaml.contains(&expected), "{release}: {yaml}");
        assert!(
            yaml.contains(&format!("  name: {name}\noverhead:\n  podFixed:\n    cpu: 250m\n    memory: {memory}\n")),
            "{release}: {yaml}"
        );
        // Without spec.peerPods no peer-pods-cm is generated.
        assert!(!yaml.contains("kind: ConfigMap"), "{release}");
    }
}

/// `spec.featureGates`: the ConfigMap osc-feature-gates, beside peer-pods-cm (confidential
/// containers on Azure, as the docs set them up).
#[test]
fn feature_gates_config_map() {
    let text = kata_runtime(&format!(
        "\n  release: 1.13.1\n  openshiftVersion: '4.22'\n  featureGates:\n    confidential: true\n    \
         deploymentMode: MachineConfig\n  peerPods:\n    credentials: cloudCredentialOperator\n{}",
        PROVIDERS[1]
            .1
            .replace("Standard_D8as_v5", "Standard_DC2as_v5")
            .replace("Standard_D4as_v5", "Standard_DC4as_v5")
    ));
    let rendered = render_text(&text);
    let yaml = rendered.to_yaml().unwrap();
    assert_eq!(kinds(&rendered), ["ConfigMap", "ConfigMap", "KataConfig"]);
    assert_eq!(
        config_map_data(&rendered, "osc-feature-gates"),
        [("confidential", "true"), ("deploymentMode", "MachineConfig")]
    );
    // The gate's value is the string the operator parses, quoted so YAML keeps it one.
    assert!(yaml.contains("  confidential: 'true'\n"), "{yaml}");
    assert_text_snapshot("feature-gates-confidential-azure-1.13.1", &yaml);
}

/// DaemonSet mode: no pool, MachineConfig or ContainerRuntimeConfig in the preview, the
/// RuntimeClasses as in MachineConfig mode, and a note naming the node labels the operator uses.
#[test]
fn daemonset_mode_preview() {
    let text = kata_runtime(&format!(
        "\n  release: 1.13.1\n  renderNodeObjects: true\n  featureGates:\n    deploymentMode: DaemonSet\n  \
         peerPods:\n    credentials: cloudCredentialOperator\n{}",
        PROVIDERS[0].1
    ));
    let rendered = render_text(&text);
    let yaml = rendered.to_yaml().unwrap();
    assert_eq!(kinds(&rendered), ["ConfigMap", "ConfigMap", "KataConfig", "RuntimeClass", "RuntimeClass"]);
    assert_eq!(config_map_data(&rendered, "osc-feature-gates"), [("deploymentMode", "DaemonSet")]);
    assert_eq!(runtime_class_selector(&rendered, "kata"), [("node-role.kubernetes.io/kata-oc", "")]);
    let note = rendered
        .warnings
        .entries
        .iter()
        .find(|d| common::kind_name(d) == "DaemonSetModeLabels")
        .expect("a note on the node labels");
    for label in [
        "node-role.kubernetes.io/kata-oc",
        "kataconfiguration.openshift.io/kata-ds-rpm-install",
        "kataconfiguration.openshift.io/osc-config-sync",
    ] {
        assert!(note.to_string().contains(label), "{note}");
    }
    assert!(rendered.warnings.warnings().next().is_none(), "no MachineConfig is left out: {}", rendered.warnings);
    assert_text_snapshot("daemonset-mode-1.13.1", &yaml);
}
