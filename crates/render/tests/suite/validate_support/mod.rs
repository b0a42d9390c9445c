//! Shared by `schema_matrix.rs` and `ignition_validate.rs`: the config matrix and the
//! `ignition-validate` runner.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use oscgen_render::api::ignition::{self, v2_2, v3_2};
use oscgen_render::api::oscgen::v1alpha1::{
    AwsSpec, AzureSpec, CloudProvider, Credentials, DeploymentMode, FeatureGates, GcpSpec, HandlerSpec, LabelValue,
    LibvirtSpec, Overhead, PeerPodsSpec, Platform, PoolSelector, RuntimeSpec, SecretRef, SelectorRequirement,
};
use oscgen_render::catalog::{CATALOG, KataField, NodeBehaviour, OpenShift, PeerPodsBehaviour, Release};

/// A pool selector shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Selector {
    /// No `poolSelector`.
    None,
    /// `matchLabels` only.
    Labels,
    /// `matchLabels` naming a node role (the 1.0/1.1 operator then creates no pool).
    RoleLabel,
    /// One `In` expression with one value, which every release can flatten.
    SingleIn,
    /// `matchLabels` and a single-value `In` expression.
    Both,
    /// `NotIn` and `Exists`, which only 1.0 (with a warning) and 1.4+ accept.
    SetBased,
}

impl Selector {
    /// Every shape.
    pub const ALL: [Selector; 6] =
        [Selector::None, Selector::Labels, Selector::RoleLabel, Selector::SingleIn, Selector::Both, Selector::SetBased];

    fn build(self) -> Option<PoolSelector> {
        let labels = || [("kata".to_owned(), LabelValue::from("true"))].into();
        let single_in = || {
            vec![SelectorRequirement {
                key: "kata-zone".to_owned(),
                operator: "In".to_owned(),
                values: Some(vec!["a".into()]),
            }]
        };
        Some(match self {
            Selector::None => return None,
            Selector::Labels => PoolSelector { match_labels: labels(), ..Default::default() },
            Selector::RoleLabel => PoolSelector {
                match_labels: [("node-role.kubernetes.io/worker".to_owned(), LabelValue::from(""))].into(),
                ..Default::default()
            },
            Selector::SingleIn => PoolSelector { match_expressions: single_in(), ..Default::default() },
            Selector::Both => PoolSelector { match_labels: labels(), match_expressions: single_in() },
            Selector::SetBased => PoolSelector {
                match_expressions: vec![
                    SelectorRequirement {
                        key: "kata".to_owned(),
                        operator: "NotIn".to_owned(),
                        values: Some(vec!["false".into()]),
                    },
                    SelectorRequirement {
                        key: "node-role.kubernetes.io/worker".to_owned(),
                        operator: "Exists".to_owned(),
                        values: None,
                    },
                ],
                ..Default::default()
            },
        })
    }

    /// Whether `release` renders this shape (others are refused with a diagnostic).
    pub fn accepted_by(self, release: &Release) -> bool {
        self != Selector::SetBased
            || release.nodes == NodeBehaviour::Preview10
            || release.nodes >= NodeBehaviour::Stable14
    }
}

/// What a case should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Render.
    Render,
    /// Be refused: `platform: okd` before 1.4.0.
    PlatformNeedsRelease,
    /// Be refused: a set-based selector the release cannot flatten.
    SelectorNotSupported,
}

/// One config of the matrix.
#[derive(Clone, Debug)]
pub struct Case {
    /// For messages.
    pub label: String,
    /// The release it targets.
    pub release: &'static Release,
    /// The OpenShift it targets.
    pub openshift: OpenShift,
    /// The spec.
    pub spec: RuntimeSpec,
    /// What it should do.
    pub expect: Expect,
}

/// The custom handler of the matrix: every field the drop-in template writes that the target
/// OpenShift's CRI-O knows (`runtime_config_path` from 4.9).
pub fn custom_handler(openshift: OpenShift) -> HandlerSpec {
    HandlerSpec {
        name: Some("kata-custom".to_owned()),
        runtime_config_path: (openshift >= OpenShift::CRIO_RUNTIME_CONFIG_PATH)
            .then(|| "/opt/kata/configuration-custom.toml".to_owned()),
        allowed_annotations: vec!["io.kubernetes.cri-o.Devices".to_owned()],
        overhead: Some(Overhead { cpu: Some("500m".to_owned()), memory: Some("512Mi".to_owned()) }),
        ..Default::default()
    }
}

/// Every release × OpenShift (two) × node objects on/off × selector shape × platform × custom
/// handler on/off × KataConfig extras on/off.
pub fn matrix() -> Vec<Case> {
    let mut cases = Vec::new();
    for release in CATALOG {
        // The release's oldest OpenShift, and one across the line where the MCO schemas
        // change (4.10 | 4.11), so that every release meets both generations.
        let across = OpenShift { minor: if release.openshift_min.minor <= 10 { 11 } else { 10 } };
        for openshift in [release.openshift_min, across] {
            for render_node_objects in [false, true] {
                for selector in Selector::ALL {
                    for platform in [Platform::OpenShift, Platform::Okd] {
                        for handler in [false, true] {
                            // Releases before 1.2 have no optional KataConfig field.
                            let with_extras = release.nodes >= NodeBehaviour::Stable12;
                            for extras in [false, true].into_iter().filter(|&e| !e || with_extras) {
                                let has = |field| extras && release.has(field);
                                let spec = RuntimeSpec {
                                    release: Some(release.version.to_owned()),
                                    pool_selector: selector.build(),
                                    check_node_eligibility: has(KataField::CheckNodeEligibility).then_some(true),
                                    log_level: has(KataField::LogLevel).then(|| "debug".to_owned()),
                                    enable_peer_pods: has(KataField::EnablePeerPods).then_some(false),
                                    render_node_objects,
                                    runtime_handler: handler.then(|| custom_handler(openshift)),
                                    platform: Some(platform),
                                    openshift_version: (openshift != release.openshift_min)
                                        .then(|| openshift.to_string()),
                                    ..Default::default()
                                };
                                let expect = if platform == Platform::Okd && release.nodes < NodeBehaviour::Stable14 {
                                    Expect::PlatformNeedsRelease
                                } else if !selector.accepted_by(release) {
                                    Expect::SelectorNotSupported
                                } else {
                                    Expect::Render
                                };
                                let label = format!(
                                    "release {} openshift {openshift} nodes={render_node_objects} selector={selector:?} \
                                     platform={platform:?} handler={handler} extras={extras}",
                                    release.version
                                );
                                cases.push(Case { label, release, openshift, spec, expect });
                            }
                        }
                    }
                }
            }
        }
    }
    cases.extend(peer_pods_matrix());
    cases
}

/// A `spec.peerPods` for `provider` with every key its block has, and credentials the release
/// can take (the Cloud Credential Operator from 1.6, never for libvirt).
pub fn peer_pods(provider: CloudProvider, era: PeerPodsBehaviour) -> PeerPodsSpec {
    let some = |s: &str| Some(s.to_owned());
    let cco = era >= PeerPodsBehaviour::Remote16 && provider != CloudProvider::Libvirt;
    PeerPodsSpec {
        provider: Some(provider),
        aws: (provider == CloudProvider::Aws).then(|| AwsSpec {
            region: some("us-east-2"),
            subnet_id: some("subnet-0a1b2c3d4e5f60718"),
            vpc_id: some("vpc-0a1b2c3d4e5f60718"),
            security_group_ids: vec!["sg-0a1b2c3d4e5f60718".to_owned()],
            instance_type: some("t3.medium"),
            instance_types: vec!["t3.medium".to_owned(), "t3.large".to_owned()],
            ami_id: None,
        }),
        azure: (provider == CloudProvider::Azure).then(|| AzureSpec {
            region: some("eastus"),
            resource_group: some("cluster-rg"),
            subnet_id: some("/subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/cluster-rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/workers"),
            nsg_id: some("/subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/cluster-rg/providers/Microsoft.Network/networkSecurityGroups/nsg"),
            instance_size: some("Standard_D8as_v5"),
            ..Default::default()
        }),
        gcp: (provider == CloudProvider::Gcp).then(|| GcpSpec {
            project_id: some("my-project"),
            zone: some("us-central1-a"),
            network: some("default"),
            machine_type: some("e2-medium"),
        }),
        libvirt: (provider == CloudProvider::Libvirt).then(|| LibvirtSpec {
            pool: some("default"),
            volume_name: some("podvm-base.qcow2"),
            dir_name: some("/var/lib/libvirt/images/default"),
            network: some("default"),
        }),
        credentials: Some(if cco {
            Credentials::CloudCredentialOperator
        } else {
            Credentials::Secret(SecretRef { secret_name: "peer-pods-secret".to_owned() })
        }),
        vxlan_port: Some(9000),
        proxy_timeout: some("5m"),
        limit_per_node: (era >= PeerPodsBehaviour::Remote19).then_some(10),
        root_volume_size: Some(6),
        tags: [("team".to_owned(), "kata".to_owned())].into(),
        pod_vm_image_uri: (era >= PeerPodsBehaviour::Remote110).then(|| "oci::quay.io/example/podvm:1.0".to_owned()),
        ..Default::default()
    }
}

/// Every release with peer pods × OpenShift (two) × provider (those the release has) × node
/// objects on/off × deployment mode (from 1.11) × the confidential gate (from 1.7).
fn peer_pods_matrix() -> Vec<Case> {
    let mut cases = Vec::new();
    for release in CATALOG {
        let Some(era) = release.peer_pods.map(|p| p.era) else { continue };
        let across = OpenShift { minor: if release.openshift_min.minor <= 10 { 11 } else { 10 } };
        let modes: &[Option<DeploymentMode>] = if release.nodes >= NodeBehaviour::Stable111 {
            &[None, Some(DeploymentMode::DaemonSet), Some(DeploymentMode::DaemonSetFallback)]
        } else {
            &[None]
        };
        for openshift in [release.openshift_min, across] {
            for provider in CloudProvider::ALL {
                if provider == CloudProvider::Gcp && era < PeerPodsBehaviour::Remote19 {
                    continue;
                }
                for render_node_objects in [false, true] {
                    for &mode in modes {
                        let confidential = (era >= PeerPodsBehaviour::Remote17).then_some(true);
                        let spec = RuntimeSpec {
                            release: Some(release.version.to_owned()),
                            pool_selector: Selector::Labels.build(),
                            render_node_objects,
                            openshift_version: (openshift != release.openshift_min).then(|| openshift.to_string()),
                            peer_pods: Some(peer_pods(provider, era)),
                            feature_gates: (confidential.is_some() || mode.is_some())
                                .then_some(FeatureGates { confidential, deployment_mode: mode }),
                            ..Default::default()
                        };
                        let label = format!(
                            "release {} openshift {openshift} peer pods {provider} nodes={render_node_objects} mode={mode:?}",
                            release.version
                        );
                        cases.push(Case { label, release, openshift, spec, expect: Expect::Render });
                    }
                }
            }
        }
    }
    cases
}

/// The Ignition config `ignition-validate` is given for a MachineConfig's `spec.config`: spec
/// 3.2 as it is, and spec 2.2 as MCO translates it before rendering a pool (machine-config-operator
/// `ParseAndConvertConfig`, through coreos/ign-converter): a file's `filesystem` must be `root`
/// and is dropped, everything else is kept, and MCO sets `overwrite` on every file. (The
/// `ignition-validate` of Ignition 2.14 reads spec 3 only.)
pub fn as_spec3(config: &ignition::Config) -> String {
    let v3 = match config {
        ignition::Config::V3_2(c) => c.clone(),
        ignition::Config::V2_2(c) => v3_2::Config {
            storage: c.storage.as_ref().map(|s| v3_2::Storage {
                files: s
                    .files
                    .iter()
                    .map(|f| {
                        assert_eq!(f.filesystem, v2_2::ROOT_FILESYSTEM, "MCO refuses other filesystems: {f:?}");
                        v3_2::File {
                            path: f.path.clone(),
                            overwrite: Some(true),
                            mode: f.mode,
                            contents: f.contents.as_ref().map(|c| v3_2::Resource {
                                compression: c.compression.clone(),
                                source: c.source.clone(),
                            }),
                        }
                    })
                    .collect(),
            }),
            ..Default::default()
        },
    };
    serde_json::to_string(&v3).unwrap_or_else(|e| panic!("{e}"))
}

/// `ignition-validate`, or why it cannot be used: under `CI` a missing tool is a failure,
/// locally the caller prints the reason and skips.
pub fn ignition_validate_tool() -> Result<PathBuf, String> {
    let tool = PathBuf::from("ignition-validate");
    match Command::new(&tool).arg("--version").output() {
        Ok(out) if out.status.success() => Ok(tool),
        Ok(out) => Err(format!("ignition-validate --version failed: {}", String::from_utf8_lossy(&out.stderr))),
        Err(e) => {
            let why = format!("ignition-validate not found ({e}); scripts/install-tools installs it");
            assert!(std::env::var_os("CI").is_none(), "{why}");
            Err(why)
        }
    }
}

/// Runs `ignition-validate` once per distinct config; returns the configs it refused or warned
/// about, with what it said.
pub fn ignition_validate(tool: &PathBuf, configs: &BTreeSet<String>) -> Vec<(String, String)> {
    let scratch = tempfile::Builder::new().prefix("oscgen-ignition-").tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch.path();
    let mut refused = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        let file = dir.join(format!("config-{i}.ign"));
        std::fs::write(&file, config).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let out = Command::new(tool).arg(&file).output().unwrap_or_else(|e| panic!("ignition-validate: {e}"));
        // Errors exit non-zero; warnings (an unused key, a mode like 644 written in decimal)
        // exit zero but are printed, and count too: a generated config has none.
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        if !out.status.success() || !said.trim().is_empty() {
            refused.push((config.clone(), format!("{}: {said}", out.status)));
        }
    }
    refused
}
