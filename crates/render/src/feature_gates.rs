//! The operator's feature gates: a KataRuntime's `spec.featureGates` becomes the ConfigMap
//! `osc-feature-gates` in the operator's namespace.
//!
//! What each gate does per release follows the operator's `fg_handler.go` and
//! `confidential_handler.go` (openshift/sandboxed-containers-operator, 1.7 to 8bdc907, and
//! 351b069 for 1.11.0) and `deployment_mode_handler.go` (1.11.0): `confidential` since 1.7 (peer
//! pods only until 1.10; from 1.11 also bare metal, which needs OpenShift 4.20), and
//! `deploymentMode` since 1.11. The operator reads booleans with `strconv.ParseBool` from 1.11
//! and only the exact `"true"` before, so oscgen writes `"true"` or `"false"`.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;
use oscgen_api::oscgen::v1alpha1::{DeploymentMode, RuntimeSpec};

use crate::catalog::{
    self, CATALOG, FeatureGate, NodeBehaviour, OpenShift, OpenShiftTarget, PeerPodsBehaviour, Release,
};
use crate::{DiagnosticKind as K, FieldPath, Report, peerpods, runtime};

/// The ConfigMap the operator reads its gates from.
pub const CONFIG_MAP: &str = "osc-feature-gates";

/// The node labels the operator's `kata-cc` RuntimeClass selects TEE nodes by, on bare metal
/// with the `confidential` gate (one TEE type per cluster); Node Feature Discovery sets them
/// only with a NodeFeatureRule that matches the TEE's CPU features. From `catalog.toml`
/// (`[tee-node-labels]`), where their sources and what is not confirmed are.
pub const TEE_NODE_LABELS: &[&str] = catalog::TEE_NODE_LABELS.value;

/// The gates the operator reads from `osc-feature-gates`, each with the first release that
/// reads it, from `catalog.toml` (`[[feature-gate]]`).
pub const GATES: &[FeatureGate] = catalog::FEATURE_GATES;

/// The gates `release`'s operator reads, in [`GATES`] order.
pub fn gates_read_by(release: &Release) -> Vec<&'static str> {
    let position = |version: &str| CATALOG.iter().position(|r| r.version == version);
    let at = position(release.version);
    GATES.iter().filter(|g| position(g.since) <= at).map(|g| g.name).collect()
}

/// The first OpenShift on which the operator runs confidential containers on bare metal
/// (without peer pods); before it, it reports `UnsupportedOCPVersion` and creates no `kata-cc`
/// RuntimeClass [C `confidential_handler.go` at 351b069].
pub const CONFIDENTIAL_BARE_METAL: OpenShift = OpenShift { minor: 20 };

/// The node labels the operator uses in DaemonSet mode, with their values, for the note that
/// replaces the pool and MachineConfigs in the preview [C `daemonset_reconcile.go`, 1.11+].
pub const DAEMONSET_LABELS: &str = "node-role.kubernetes.io/kata-oc=\"\" on the selected workers (as in MachineConfig mode); kataconfiguration.openshift.io/kata-ds-rpm-install, the install state (waiting_to_install, installing, installed, waiting_for_reboot, waiting_to_uninstall, uninstalling, uninstalled); with peer pods kataconfiguration.openshift.io/osc-config-sync (removing, removed, and the states its DaemonSet writes)";

/// The gates of a validated spec.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// `confidential`.
    pub confidential: Option<bool>,
    /// `deploymentMode`.
    pub deployment_mode: Option<DeploymentMode>,
}

impl Resolved {
    /// How the operator installs Kata: `MachineConfig` unless a gate says otherwise.
    pub fn mode(&self) -> DeploymentMode {
        self.deployment_mode.unwrap_or_default()
    }

    /// The ConfigMap `osc-feature-gates` with the gates given, or `None` when none is.
    pub fn config_map(&self) -> Option<ConfigMap> {
        let mut data = BTreeMap::new();
        if let Some(confidential) = self.confidential {
            data.insert("confidential".to_owned(), confidential.to_string());
        }
        if let Some(mode) = self.deployment_mode {
            data.insert("deploymentMode".to_owned(), mode.as_str().to_owned());
        }
        (!data.is_empty()).then(|| peerpods::config_map(CONFIG_MAP, data))
    }
}

/// The first release whose node era is `era` or later.
fn first_with_nodes(era: NodeBehaviour) -> &'static str {
    CATALOG.iter().find(|r| r.nodes >= era).map_or("a later release", |r| r.version)
}

/// Checks `spec.featureGates` (and what the deployment mode does to the rest of `spec`) for
/// `release` on `target`.
pub fn resolve(spec: &RuntimeSpec, release: &Release, target: OpenShiftTarget, report: &mut Report) -> Resolved {
    let Some(gates) = &spec.feature_gates else { return Resolved::default() };
    let at = FieldPath::parse("spec.featureGates");
    let peer_pods = spec.peer_pods.is_some() || spec.enable_peer_pods == Some(true);
    let mut resolved = Resolved::default();

    if let Some(confidential) = gates.confidential {
        let path = at.key("confidential");
        if release.peer_pods.is_none_or(|p| p.era < PeerPodsBehaviour::Remote17) {
            report.add(
                path,
                K::FeatureNotInRelease {
                    feature: "feature gate `confidential`".to_owned(),
                    release: release.version.to_owned(),
                    since: peerpods::first_with(PeerPodsBehaviour::Remote17).to_owned(),
                },
            );
        } else {
            if confidential && !peer_pods {
                if release.nodes < NodeBehaviour::Stable111 {
                    report.add(path, K::ConfidentialNeedsPeerPods { release: release.version.to_owned() });
                } else {
                    match target {
                        OpenShiftTarget::OpenShift(v) if v < CONFIDENTIAL_BARE_METAL => {
                            report.add(path, K::ConfidentialNeedsOpenShift { openshift: v.to_string() })
                        }
                        // Without a version the cluster may well be new enough: say so, render.
                        OpenShiftTarget::Any => report.add(path, K::ConfidentialOpenShiftUnknown),
                        OpenShiftTarget::OpenShift(_) | OpenShiftTarget::Invalid => {}
                    }
                }
            }
            resolved.confidential = Some(confidential);
        }
    }

    if let Some(mode) = gates.deployment_mode {
        let path = at.key("deploymentMode");
        if release.nodes < NodeBehaviour::Stable111 {
            report.add(
                path,
                K::FeatureNotInRelease {
                    feature: "feature gate `deploymentMode`".to_owned(),
                    release: release.version.to_owned(),
                    since: first_with_nodes(NodeBehaviour::Stable111).to_owned(),
                },
            );
        } else {
            resolved.deployment_mode = Some(mode);
            mode_effects(spec, mode, report);
        }
    }
    resolved
}

/// What DaemonSet mode changes: no MachineConfigs, so no log level (the operator's DaemonSet
/// handler for it is a stub at 351b069), and a custom handler's MachineConfig needs an MCO.
fn mode_effects(spec: &RuntimeSpec, mode: DeploymentMode, report: &mut Report) {
    match mode {
        DeploymentMode::MachineConfig => {}
        DeploymentMode::DaemonSet => {
            if spec.log_level.as_deref().is_some_and(|level| level != "info") {
                report
                    .add(FieldPath::parse("spec.logLevel"), K::IgnoredInDaemonSetMode { field: "logLevel".to_owned() });
            }
            let custom =
                spec.runtime_handler.as_ref().and_then(|h| h.name.as_deref()).filter(|n| *n != runtime::KATA_HANDLER);
            if let Some(name) = custom {
                report.add(
                    FieldPath::parse("spec.runtimeHandler"),
                    K::HandlerNeedsMachineConfig { machine_config: runtime::handler_machine_config_name(name) },
                );
            }
        }
        DeploymentMode::DaemonSetFallback => {}
    }
}

/// What the node-objects preview of a spec that renders shows instead of the pool and
/// MachineConfigs in DaemonSet mode, and what it assumes with `DaemonSetFallback`.
pub fn notes(spec: &RuntimeSpec, gates: &Resolved, report: &mut Report) {
    let path = FieldPath::parse("spec.featureGates.deploymentMode");
    match gates.deployment_mode {
        Some(mode @ DeploymentMode::DaemonSet) if spec.render_node_objects => {
            let kind = K::DaemonSetModeLabels { mode: mode.as_str().to_owned(), labels: DAEMONSET_LABELS.to_owned() };
            report.add(path, kind);
        }
        Some(DeploymentMode::DaemonSetFallback) if spec.render_node_objects => {
            report.add(path, K::DaemonSetFallbackPreview)
        }
        _ => {}
    }
}
