//! Shared by `schema_matrix.rs` and `ignition_validate.rs`: the config matrix and the
//! `ignition-validate` runner.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use oscgen_render::api::oscgen::v1alpha1::{
    HandlerSpec, LabelValue, Overhead, Platform, PoolSelector, RuntimeSpec, SelectorRequirement,
};
use oscgen_render::catalog::{CATALOG, KataField, NodeBehaviour, OpenShift, Release};

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
    cases
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
