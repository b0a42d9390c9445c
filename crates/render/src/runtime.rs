//! The KataConfig, and the node objects the operator of its release creates from it.
//!
//! Node objects follow the operator's `newMCPforCR`, `newMCForCR`, `createRuntimeClass` and
//! `processLogLevel` of each release era (see [`NodeBehaviour`]; each release's row in
//! `catalog.toml` cites the code read and says what is not confirmed), except 1.0 and 1.1,
//! which follow the objects the install guide's OpenShift 4.9.5 cluster shows.

use std::collections::BTreeMap;

use k8s_openapi::api::node::v1::{Overhead as PodOverhead, RuntimeClass, Scheduling};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement, ObjectMeta};
use oscgen_api::crio::RuntimeHandler;
use oscgen_api::ignition::v3_2;
use oscgen_api::kata::v1::{KataConfig, KataConfigSpec};
use oscgen_api::mco::v1::{
    ContainerRuntimeConfig, ContainerRuntimeConfigSpec, ContainerRuntimeConfiguration, MachineConfig,
    MachineConfigPool, MachineConfigPoolSpec, MachineConfigSpec, ROLE_LABEL,
};
use oscgen_api::oscgen::v1alpha1::{DeploymentMode, HandlerSpec, LabelValue, Platform, PoolSelector, RuntimeSpec};

use crate::catalog::file::FileCatalog;
use crate::catalog::{self, KataField, NodeBehaviour, OpenShift, OpenShiftTarget, Release, Request, Status};
use crate::{
    DiagnosticKind as K, Error, FieldPath, Object, Report, Severity, crio, dataurl, feature_gates, peerpods, rules,
};

/// KataConfig name when none is given (the docs' and the guide's).
pub const DEFAULT_NAME: &str = "cluster-kataconfig";
/// The pool the operator creates for Kata nodes.
pub const POOL: &str = "kata-oc";
/// The RuntimeClass and CRI-O handler the RPM and operator provide.
pub const KATA_HANDLER: &str = "kata";
/// Name of the extension MachineConfig [C `newMCForCR`, every release].
pub const EXTENSION_MC: &str = "50-enable-sandboxed-containers-extension";
/// Name of the log-level ContainerRuntimeConfig [C `processLogLevel`, 1.3+].
pub const CRIO_CONFIG: &str = "kata-crio-config";
/// Finalizer the 1.11+ operator writes on the RuntimeClasses it creates and removes once no
/// pod uses them [C `createRuntimeClass` and `runtimeClassFinalizerName` at 351b069, CSV v1.11.0].
pub const RUNTIME_CLASS_FINALIZER: &str = "kataconfig.openshift.io/runtime-class-cleanup";
/// Pod overhead of the `kata` RuntimeClass [C `setRuntimeClass`, since commit 294dc74].
pub const OVERHEAD_CPU: &str = "250m";
/// See [`OVERHEAD_CPU`].
pub const OVERHEAD_MEMORY: &str = "350Mi";

const WORKER_ROLE: &str = "node-role.kubernetes.io/worker";
const KATA_OC_ROLE: &str = "node-role.kubernetes.io/kata-oc";
const NODE_ROLE_PREFIX: &str = "node-role.kubernetes.io/";
const POOL_LABEL: &str = "pools.operator.machineconfiguration.openshift.io/kata-oc";
const NFD_LABEL: &str = "feature.node.kubernetes.io/runtime.kata";

/// A runtime spec after validation: every default filled in.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The release.
    pub release: &'static Release,
    /// KataConfig name.
    pub name: String,
    /// The pool selector as Kubernetes takes it.
    pub selector: Option<LabelSelector>,
    /// The handler name.
    pub handler_name: String,
    /// The handler's CRI-O settings.
    pub handler: RuntimeHandler,
    /// RuntimeClass overhead (cpu, memory).
    pub overhead: (String, String),
    /// Node OS family.
    pub platform: Platform,
    /// Target OpenShift.
    pub openshift: OpenShift,
    /// `spec.peerPods`, validated: what `peer-pods-cm` holds.
    pub peer_pods: Option<peerpods::Resolved>,
    /// The feature gates.
    pub gates: feature_gates::Resolved,
}

impl Resolved {
    /// Whether the handler is something other than the RPM's `kata`, and so needs its own
    /// drop-in and RuntimeClass.
    pub fn custom_handler(&self) -> bool {
        self.handler_name != KATA_HANDLER
    }
}

/// Validates `spec`, reporting every problem; returns the resolved form when it has no error.
pub fn resolve(spec: &RuntimeSpec, report: &mut Report) -> Option<Resolved> {
    resolve_in(spec, None, report)
}

/// [`resolve`], with the channel and release judged against `given` (a file-based catalog,
/// `--catalog`) instead of oscgen's data when there is one. A release only that catalog has
/// is written as the newest release oscgen knows, with a warning saying so.
pub fn resolve_in(spec: &RuntimeSpec, given: Option<&FileCatalog>, report: &mut Report) -> Option<Resolved> {
    let at = FieldPath::parse("spec");
    let target = OpenShiftTarget::read(spec.openshift_version.as_deref(), &at.key("openshiftVersion"), report);
    let request = Request { channel: spec.channel.as_deref(), release: spec.release.as_deref(), target, default: true };
    let release = match given {
        None => catalog::resolve(request, &at, report).map(|r| r.release),
        Some(given) => given.resolve(request, &at, report).map(|r| {
            r.release().unwrap_or_else(|| {
                let (release, file, used) = (
                    r.csv.unwrap_or_else(|| format!("the head of channel {}", r.channel)),
                    given.file.clone(),
                    catalog::newest().version.to_owned(),
                );
                let path = if spec.release.is_some() { at.key("release") } else { at.key("channel") };
                report.add(path, K::ReleaseOnlyInGivenCatalog { release, file, used });
                catalog::newest()
            })
        }),
    };

    let name = spec.name.clone().unwrap_or_else(|| DEFAULT_NAME.to_owned());
    let name_path = FieldPath::parse("metadata.name");
    if let Some(why) = rules::dns1123_subdomain(&name) {
        report.add(name_path.clone(), K::InvalidName { name: name.clone(), reason: why });
    } else if let Some(why) = rules::label_value(&name) {
        // The operator copies the name into the `app` label of its MachineConfig.
        let reason = format!("it becomes the `app` label of the operator's MachineConfig, which {why}");
        report.add(name_path, K::InvalidName { name: name.clone(), reason });
    }

    let selector = spec.pool_selector.as_ref().and_then(|s| selector(s, &at.key("poolSelector"), report));
    let mut peer_pods = None;
    let mut gates = feature_gates::Resolved::default();

    if let Some(release) = release {
        check_fields(spec, release, &at, report);
        if spec.platform == Some(Platform::Okd) && release.nodes < NodeBehaviour::Stable14 {
            let since =
                catalog::CATALOG.iter().find(|r| r.nodes >= NodeBehaviour::Stable14).map_or("1.4.0", |r| r.version);
            report.add(at.key("platform"), K::PlatformNeedsRelease { since: since.to_owned() });
        }
        if let Some(sel) = &selector {
            check_selector_for_release(sel, release, &at.key("poolSelector"), report);
        }
        peer_pods = spec.peer_pods.as_ref().and_then(|p| peerpods::resolve(p, release, &at.key("peerPods"), report));
        check_peer_pods(spec, release, &at, report);
        gates = feature_gates::resolve(spec, release, target, report);
        if let (true, true, Some(pp)) = (spec.render_node_objects, peer_pods_on(spec), release.peer_pods)
            && gates.mode() != DeploymentMode::DaemonSet
        {
            let (objects, reason) = peerpods::not_previewed(release, pp.era);
            let path = if spec.peer_pods.is_some() { at.key("peerPods") } else { at.key("enablePeerPods") };
            report.add(path, K::PeerPodsNotPrerendered { objects, reason });
        }
        if let (true, Some(note)) = (spec.render_node_objects, release.nodes_note)
            && release.nodes_status != Status::Confirmed
        {
            let kind = K::NodeObjectsNotConfirmed { release: release.version.to_owned(), note: note.to_owned() };
            report.add(at.key("renderNodeObjects"), kind);
        }
    }
    if let Some(level) = &spec.log_level
        && !rules::LOG_LEVELS.contains(&level.as_str())
    {
        let allowed = rules::LOG_LEVELS.join(", ");
        report.add(at.key("logLevel"), K::UnknownLogLevel { value: level.clone(), allowed });
    }

    // The target decides gzip and CRI-O keys; without one, the oldest the release is made for.
    let openshift = match target {
        OpenShiftTarget::OpenShift(v) => Some(v),
        OpenShiftTarget::Invalid => None,
        OpenShiftTarget::Any => release.map(|r| r.openshift_min),
    };

    let handler = handler(spec.runtime_handler.as_ref(), &at.key("runtimeHandler"), report);

    let (release, openshift, (handler_name, handler, overhead)) = (release?, openshift?, handler?);
    if handler.runtime_config_path.is_some() && openshift < OpenShift::CRIO_RUNTIME_CONFIG_PATH {
        report.add(
            at.key("runtimeHandler").key("runtimeConfigPath"),
            K::CrioKeyTooNew {
                key: "runtime_config_path".to_owned(),
                openshift: openshift.to_string(),
                since: OpenShift::CRIO_RUNTIME_CONFIG_PATH.to_string(),
            },
        );
    }
    if report.has_errors() {
        return None;
    }
    if let (Some(resolved), Some(given)) = (&peer_pods, &spec.peer_pods) {
        peerpods::notes(given, resolved, release, &at.key("peerPods"), report);
    }
    feature_gates::notes(spec, &gates, report);
    Some(Resolved {
        release,
        name,
        selector,
        handler_name,
        handler,
        overhead,
        platform: spec.platform.unwrap_or_default(),
        openshift,
        peer_pods,
        gates,
    })
}

/// Whether the KataConfig enables peer pods: `spec.peerPods`, or `enablePeerPods: true` with
/// a `peer-pods-cm` written some other way.
pub fn peer_pods_on(spec: &RuntimeSpec) -> bool {
    spec.peer_pods.is_some() || spec.enable_peer_pods == Some(true)
}

/// The rules between `peerPods`, `enablePeerPods` and `checkNodeEligibility`.
fn check_peer_pods(spec: &RuntimeSpec, release: &Release, at: &FieldPath, report: &mut Report) {
    if !release.has(KataField::EnablePeerPods) {
        return;
    }
    if spec.peer_pods.is_some() && spec.enable_peer_pods == Some(false) {
        report.add(at.key("enablePeerPods"), K::PeerPodsDisabled);
    }
    // A note, not a warning: the ConfigMap may well be written by hand next to the config
    // (`oscgen check` then finds it, or reports its absence as an error).
    if spec.peer_pods.is_none() && spec.enable_peer_pods == Some(true) {
        let kind =
            K::NoPeerPodsConfigMap { namespace: catalog::NAMESPACE.to_owned(), place: "is generated".to_owned() };
        report.add_as(Severity::Info, at.key("enablePeerPods"), kind);
    }
    // The operator skips the eligibility check when peer pods are on (`openshift_controller.go`).
    if peer_pods_on(spec) && spec.check_node_eligibility == Some(true) {
        report.add(at.key("checkNodeEligibility"), K::PeerPodsSkipsEligibility);
    }
    // The operator's peer-pods handler and RuntimeClass would be written twice.
    let handler = spec.runtime_handler.as_ref().and_then(|h| h.name.as_deref());
    if let (true, Some(name), Some(pp)) = (peer_pods_on(spec), handler, release.peer_pods) {
        let remote = peerpods::runtime_class_name(pp.era);
        if name == remote {
            let reason = format!(
                "with peer pods the operator creates the CRI-O handler and RuntimeClass `{remote}` itself; give the handler another name"
            );
            report.add(at.key("runtimeHandler").key("name"), K::InvalidName { name: name.to_owned(), reason });
        }
    }
}

fn check_fields(spec: &RuntimeSpec, release: &Release, at: &FieldPath, report: &mut Report) {
    let given = [
        (KataField::CheckNodeEligibility, spec.check_node_eligibility.is_some()),
        (KataField::LogLevel, spec.log_level.is_some()),
        (KataField::EnablePeerPods, spec.enable_peer_pods.is_some()),
    ];
    for (field, present) in given {
        if present && !release.has(field) {
            report.add(
                at.key(field.name()),
                K::FieldNotInRelease {
                    field: field.name().to_owned(),
                    release: release.version.to_owned(),
                    since: Release::first_with(field).version.to_owned(),
                },
            );
        }
    }
}

/// A label value as Kubernetes takes it, or a diagnostic saying to quote it.
fn label_value(value: &LabelValue, path: &FieldPath, report: &mut Report) -> Option<String> {
    match value {
        LabelValue::String(s) | LabelValue::Yaml11Bool(s) => {
            if let Some(why) = rules::label_value(s) {
                report.add(path.clone(), K::InvalidLabelValue { value: s.clone(), reason: why });
                return None;
            }
            if matches!(value, LabelValue::Yaml11Bool(_)) {
                report.add(path.clone(), K::UnquotedYaml11Bool { value: s.clone() });
            }
            Some(s.clone())
        }
        other => {
            let found = other.to_string();
            report.add(path.clone(), K::LabelValueNotString { found, yaml_type: other.yaml_type().to_owned() });
            None
        }
    }
}

/// How many errors `report` holds.
fn errors(report: &Report) -> usize {
    report.entries.iter().filter(|d| d.severity == Severity::Error).count()
}

fn label_key(key: &str, path: &FieldPath, report: &mut Report) -> bool {
    match rules::label_key(key) {
        Some(why) => {
            report.add(path.clone(), K::InvalidLabelKey { key: key.to_owned(), reason: why });
            false
        }
        None => true,
    }
}

/// Checks a selector against Kubernetes' rules and converts it.
pub(crate) fn selector(sel: &PoolSelector, at: &FieldPath, report: &mut Report) -> Option<LabelSelector> {
    // Only errors drop the selector; a warning (an unquoted `yes`) keeps it.
    let before = errors(report);
    let mut match_labels = BTreeMap::new();
    for (key, value) in &sel.match_labels {
        let path = at.key("matchLabels").key(key.clone());
        let key_ok = label_key(key, &path, report);
        if let (true, Some(value)) = (key_ok, label_value(value, &path, report)) {
            match_labels.insert(key.clone(), value);
        }
    }
    let mut match_expressions = Vec::new();
    for (i, req) in sel.match_expressions.iter().enumerate() {
        let path = at.key("matchExpressions").index(i);
        label_key(&req.key, &path.key("key"), report);
        let values: Vec<String> = req
            .values
            .iter()
            .flatten()
            .enumerate()
            .filter_map(|(j, v)| label_value(v, &path.key("values").index(j), report))
            .collect();
        let needs_values = match req.operator.as_str() {
            "In" | "NotIn" => true,
            "Exists" | "DoesNotExist" => false,
            other => {
                report.add(path.key("operator"), K::UnknownSelectorOperator { operator: other.to_owned() });
                continue;
            }
        };
        let count = req.values.as_ref().map_or(0, Vec::len);
        if needs_values && count == 0 {
            let rule = "needs at least one value in `values`".to_owned();
            report.add(path.key("values"), K::SelectorValues { operator: req.operator.clone(), rule });
        } else if !needs_values && count > 0 {
            let rule = "takes no `values`; remove them".to_owned();
            report.add(path.key("values"), K::SelectorValues { operator: req.operator.clone(), rule });
        }
        match_expressions.push(LabelSelectorRequirement {
            key: req.key.clone(),
            operator: req.operator.clone(),
            values: req.values.as_ref().map(|_| values),
        });
    }
    if errors(report) > before {
        return None;
    }
    Some(LabelSelector {
        match_labels: (!match_labels.is_empty()).then_some(match_labels),
        match_expressions: (!match_expressions.is_empty()).then_some(match_expressions),
    })
}

/// What each release's operator does with expressions it cannot flatten into a nodeSelector.
fn check_selector_for_release(sel: &LabelSelector, release: &Release, at: &FieldPath, report: &mut Report) {
    let expressions = sel.match_expressions.iter().flatten().enumerate();
    match release.nodes {
        NodeBehaviour::Preview10 => {
            if sel.match_expressions.as_ref().is_some_and(|e| !e.is_empty()) {
                report.add_as(
                    Severity::Warning,
                    at.key("matchExpressions"),
                    K::SelectorNotSupported {
                        release: release.version.to_owned(),
                        behaviour: "drops matchExpressions from the kata RuntimeClass nodeSelector".to_owned(),
                        fix: "express the selection with matchLabels, or choose release 1.1.0 or later".to_owned(),
                    },
                );
            }
        }
        NodeBehaviour::Preview11 | NodeBehaviour::Stable12 | NodeBehaviour::Stable13 => {
            for (i, req) in expressions {
                if !is_single_in(req) {
                    // LabelSelectorAsMap refuses anything but `In` with one value, and the
                    // operator then fails to create the RuntimeClass.
                    report.add_as(Severity::Error,
                        at.key("matchExpressions").index(i),
                        K::SelectorNotSupported {
                            release: release.version.to_owned(),
                            behaviour: "can only turn `In` expressions with exactly one value into the RuntimeClass nodeSelector, and fails on this one".to_owned(),
                            fix: "use matchLabels or an In expression with one value, or choose release 1.4.0 or later".to_owned(),
                        },
                    );
                }
            }
        }
        NodeBehaviour::Stable14 | NodeBehaviour::Stable19 | NodeBehaviour::Stable111 => {}
    }
}

fn is_single_in(req: &LabelSelectorRequirement) -> bool {
    req.operator == "In" && req.values.as_ref().is_some_and(|v| v.len() == 1)
}

/// The selector as a flat label map, the way `LabelSelectorAsMap` builds it (matchLabels plus
/// single-valued `In` expressions; others were rejected or warned about before).
fn flatten(sel: Option<&LabelSelector>, release: &Release) -> BTreeMap<String, String> {
    let Some(sel) = sel else {
        return BTreeMap::new();
    };
    let mut out = sel.match_labels.clone().unwrap_or_default();
    if release.nodes > NodeBehaviour::Preview10 {
        for req in sel.match_expressions.iter().flatten().filter(|r| is_single_in(r)) {
            if let Some(value) = req.values.as_ref().and_then(|v| v.first()) {
                out.insert(req.key.clone(), value.clone());
            }
        }
    }
    out
}

type Handler = (String, RuntimeHandler, (String, String));

fn handler(spec: Option<&HandlerSpec>, at: &FieldPath, report: &mut Report) -> Option<Handler> {
    let rpm = RuntimeHandler::kata_rpm();
    let Some(spec) = spec else {
        return Some((KATA_HANDLER.to_owned(), rpm, (OVERHEAD_CPU.to_owned(), OVERHEAD_MEMORY.to_owned())));
    };
    let before = errors(report);
    let name = spec.name.clone().unwrap_or_else(|| KATA_HANDLER.to_owned());
    if let Some(why) = rules::dns1123_label(&name) {
        report.add(at.key("name"), K::InvalidName { name: name.clone(), reason: why });
    }
    let handler = RuntimeHandler {
        runtime_path: spec.runtime_path.clone().unwrap_or_else(|| rpm.runtime_path.clone()),
        runtime_type: spec.runtime_type.clone().unwrap_or_else(|| rpm.runtime_type.clone()),
        runtime_root: spec.runtime_root.clone().unwrap_or_else(|| rpm.runtime_root.clone()),
        privileged_without_host_devices: spec
            .privileged_without_host_devices
            .unwrap_or(rpm.privileged_without_host_devices),
        runtime_config_path: spec.runtime_config_path.clone(),
        allowed_annotations: spec.allowed_annotations.clone(),
    };
    let paths = [("runtimePath", Some(&handler.runtime_path)), ("runtimeRoot", Some(&handler.runtime_root))];
    for (field, value) in paths.into_iter().chain([("runtimeConfigPath", handler.runtime_config_path.as_ref())]) {
        if let Some(why) = value.and_then(|p| rules::node_path(p)) {
            report.add(at.key(field), K::InvalidPath { path: value.cloned().unwrap_or_default(), reason: why });
        }
    }
    match handler.runtime_type.as_str() {
        "vm" => {
            let base = handler.runtime_path.rsplit('/').next().unwrap_or_default();
            let shim = base.strip_prefix("containerd-shim-").is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+')
            });
            if !shim {
                report.add(at.key("runtimePath"), K::NotAShim { path: handler.runtime_path.clone() });
            }
        }
        "oci" | "pod" => {
            if handler.runtime_config_path.is_some() {
                report.add(at.key("runtimeConfigPath"), K::ConfigPathNeedsVm);
            }
        }
        other => report.add(at.key("runtimeType"), K::UnknownRuntimeType { value: other.to_owned() }),
    }
    for (i, annotation) in handler.allowed_annotations.iter().enumerate() {
        if annotation.trim().is_empty() {
            report.add(at.key("allowedAnnotations").index(i), K::Empty);
        }
    }
    let overhead = spec.overhead.clone().unwrap_or_default();
    let cpu = overhead.cpu.unwrap_or_else(|| OVERHEAD_CPU.to_owned());
    let memory = overhead.memory.unwrap_or_else(|| OVERHEAD_MEMORY.to_owned());
    for (field, value) in [("cpu", &cpu), ("memory", &memory)] {
        if !rules::is_quantity(value) {
            report.add(at.key("overhead").key(field), K::InvalidQuantity { value: value.clone() });
        } else if rules::is_negative_quantity(value) {
            // RuntimeClass validation checks pod overhead like container limits: each quantity
            // must be zero or more (kubernetes pkg/apis/node/validation `validateOverhead`).
            report.add(at.key("overhead").key(field), K::NegativeQuantity { value: value.clone() });
        }
    }
    if name == KATA_HANDLER {
        let differs = [
            ("runtimePath", handler.runtime_path != rpm.runtime_path, rpm.runtime_path.clone()),
            ("runtimeType", handler.runtime_type != rpm.runtime_type, rpm.runtime_type.clone()),
            ("runtimeRoot", handler.runtime_root != rpm.runtime_root, rpm.runtime_root.clone()),
            (
                "privilegedWithoutHostDevices",
                handler.privileged_without_host_devices != rpm.privileged_without_host_devices,
                rpm.privileged_without_host_devices.to_string(),
            ),
            ("runtimeConfigPath", handler.runtime_config_path.is_some(), "(unset)".to_owned()),
            ("allowedAnnotations", !handler.allowed_annotations.is_empty(), "[]".to_owned()),
            ("overhead.cpu", cpu != OVERHEAD_CPU, OVERHEAD_CPU.to_owned()),
            ("overhead.memory", memory != OVERHEAD_MEMORY, OVERHEAD_MEMORY.to_owned()),
        ];
        for (field, differs, rpm_value) in differs {
            if differs {
                let path = field.split('.').fold(at.clone(), |path, key| path.key(key));
                report.add(path, K::KataHandlerReserved { field: field.to_owned(), rpm_value });
            }
        }
    }
    (errors(report) == before).then_some((name, handler, (cpu, memory)))
}

/// The KataConfig.
pub fn kata_config(spec: &RuntimeSpec, r: &Resolved) -> KataConfig {
    KataConfig {
        metadata: ObjectMeta { name: Some(r.name.clone()), ..Default::default() },
        spec: KataConfigSpec {
            kata_config_pool_selector: r.selector.clone(),
            check_node_eligibility: spec.check_node_eligibility,
            log_level: spec.log_level.clone(),
            enable_peer_pods: if spec.peer_pods.is_some() { Some(true) } else { spec.enable_peer_pods },
        },
    }
}

/// Whether the 1.0/1.1 operator would create its own pool: only for a selector that does not
/// already name a node role [C `newMCPforCR` callers in OP@v1.0.0, release-1.1].
fn preview_custom_pool(sel: Option<&LabelSelector>) -> bool {
    sel.is_some_and(|s| !s.match_labels.iter().flatten().any(|(key, _)| key.starts_with(NODE_ROLE_PREFIX)))
}

/// The pool the extension MachineConfig is labelled for.
fn machine_config_role(r: &Resolved) -> &'static str {
    match r.release.nodes {
        // The guide's 4.9.5 cluster (1.1.0, custom selector) shows role `worker` with pool
        // kata-oc selecting [kata-oc, worker].
        NodeBehaviour::Preview10 | NodeBehaviour::Preview11 => "worker",
        _ => POOL,
    }
}

fn empty_labels(keys: &[&str]) -> BTreeMap<String, String> {
    keys.iter().map(|k| ((*k).to_owned(), String::new())).collect()
}

fn pool(spec: &RuntimeSpec, r: &Resolved) -> Option<MachineConfigPool> {
    let nodes = r.release.nodes;
    let node_selector = match nodes {
        NodeBehaviour::Preview10 | NodeBehaviour::Preview11 => {
            if !preview_custom_pool(r.selector.as_ref()) {
                return None;
            }
            r.selector.clone()
        }
        NodeBehaviour::Stable12 | NodeBehaviour::Stable13 => {
            let mut labels = empty_labels(&[WORKER_ROLE, KATA_OC_ROLE]);
            if spec.check_node_eligibility == Some(true) {
                labels.insert(NFD_LABEL.to_owned(), "true".to_owned());
            }
            labels.extend(flatten(r.selector.as_ref(), r.release));
            Some(LabelSelector { match_labels: Some(labels), match_expressions: None })
        }
        NodeBehaviour::Stable14 | NodeBehaviour::Stable19 | NodeBehaviour::Stable111 => {
            Some(LabelSelector { match_labels: Some(empty_labels(&[KATA_OC_ROLE])), match_expressions: None })
        }
    };
    let labels = (nodes >= NodeBehaviour::Stable13).then(|| empty_labels(&[POOL_LABEL]));
    Some(MachineConfigPool {
        metadata: ObjectMeta { name: Some(POOL.to_owned()), labels, ..Default::default() },
        spec: MachineConfigPoolSpec {
            machine_config_selector: Some(LabelSelector {
                match_labels: None,
                match_expressions: Some(vec![LabelSelectorRequirement {
                    key: ROLE_LABEL.to_owned(),
                    operator: "In".to_owned(),
                    values: Some(vec![POOL.to_owned(), "worker".to_owned()]),
                }]),
            }),
            node_selector,
            ..Default::default()
        },
    })
}

fn runtime_class_selector(spec: &RuntimeSpec, r: &Resolved) -> BTreeMap<String, String> {
    match r.release.nodes {
        // The install guide's 4.9.5 cluster (1.1.0, pool selector kata=true) shows the worker
        // role, not the selector's labels that the release-1.1 branch code would write.
        NodeBehaviour::Preview10 | NodeBehaviour::Preview11 => empty_labels(&[WORKER_ROLE]),
        NodeBehaviour::Stable12 | NodeBehaviour::Stable13 => {
            let mut labels = empty_labels(&[KATA_OC_ROLE]);
            if spec.check_node_eligibility == Some(true) {
                labels.insert(NFD_LABEL.to_owned(), "true".to_owned());
            }
            labels.extend(flatten(r.selector.as_ref(), r.release));
            labels
        }
        NodeBehaviour::Stable14 | NodeBehaviour::Stable19 | NodeBehaviour::Stable111 => empty_labels(&[KATA_OC_ROLE]),
    }
}

pub(crate) fn runtime_class(
    name: &str,
    cpu: &str,
    memory: &str,
    node_selector: BTreeMap<String, String>,
    finalizers: Option<Vec<String>>,
) -> RuntimeClass {
    RuntimeClass {
        metadata: ObjectMeta { name: Some(name.to_owned()), finalizers, ..Default::default() },
        handler: name.to_owned(),
        overhead: Some(PodOverhead {
            pod_fixed: Some(
                [("cpu".to_owned(), Quantity(cpu.to_owned())), ("memory".to_owned(), Quantity(memory.to_owned()))]
                    .into(),
            ),
        }),
        scheduling: Some(Scheduling { node_selector: Some(node_selector), tolerations: None }),
    }
}

fn labelled_mc(name: &str, r: &Resolved, spec: MachineConfigSpec) -> MachineConfig {
    let mut mc = MachineConfig::for_role(name, machine_config_role(r), spec);
    mc.metadata.labels.get_or_insert_with(BTreeMap::new).insert("app".to_owned(), r.name.clone());
    mc
}

/// The extension name for the platform: RHCOS knows `sandboxed-containers`; OKD passes
/// extension names to rpm-ostree as packages, so it needs `kata-containers` (MCO's extension
/// allow-list, `pkg/controller/common/helpers.go`; the operator's `getExtensionName` from 1.9).
fn extension(r: &Resolved) -> &'static str {
    match r.platform {
        Platform::OpenShift => "sandboxed-containers",
        Platform::Okd => "kata-containers",
    }
}

/// Name of the MachineConfig that carries a custom handler's drop-in.
pub fn handler_machine_config_name(handler: &str) -> String {
    format!("50-crio-dropin-{handler}")
}

/// Every object for a resolved spec, in apply order.
pub fn objects(spec: &RuntimeSpec, r: &Resolved) -> Result<Vec<Object>, Error> {
    let mut out = Vec::new();
    if let Some(peer_pods) = &r.peer_pods {
        out.push(Object::ConfigMap(peer_pods.config_map()));
    }
    if let Some(gates) = r.gates.config_map() {
        out.push(Object::ConfigMap(gates));
    }
    out.push(Object::KataConfig(kata_config(spec, r)));
    if spec.render_node_objects {
        // DaemonSet mode installs Kata without the Machine Config Operator: no pool, no
        // MachineConfig, no ContainerRuntimeConfig (the switch on DeploymentMode at 351b069).
        let machine_configs = r.gates.mode() != DeploymentMode::DaemonSet;
        if let Some(pool) = pool(spec, r).filter(|_| machine_configs) {
            out.push(Object::MachineConfigPool(pool));
        }
        if machine_configs {
            out.push(Object::MachineConfig(labelled_mc(
                EXTENSION_MC,
                r,
                MachineConfigSpec { extensions: vec![extension(r).to_owned()], ..Default::default() },
            )));
        }
        let level = spec.log_level.as_deref().unwrap_or("info");
        if machine_configs && r.release.nodes >= NodeBehaviour::Stable13 && level != "info" {
            out.push(Object::ContainerRuntimeConfig(ContainerRuntimeConfig {
                metadata: ObjectMeta { name: Some(CRIO_CONFIG.to_owned()), ..Default::default() },
                spec: ContainerRuntimeConfigSpec {
                    machine_config_pool_selector: Some(LabelSelector {
                        match_labels: Some(empty_labels(&[POOL_LABEL])),
                        match_expressions: None,
                    }),
                    container_runtime_config: ContainerRuntimeConfiguration {
                        log_level: Some(level.to_owned()),
                        ..Default::default()
                    },
                },
            }));
        }
        // The 1.11+ operator writes its finalizer when it creates the RuntimeClass, and its
        // RuntimeClass controller removes it once no pod uses the class.
        let finalizers =
            (r.release.nodes >= NodeBehaviour::Stable111).then(|| vec![RUNTIME_CLASS_FINALIZER.to_owned()]);
        out.push(Object::RuntimeClass(runtime_class(
            KATA_HANDLER,
            OVERHEAD_CPU,
            OVERHEAD_MEMORY,
            runtime_class_selector(spec, r),
            finalizers.clone(),
        )));
        // With peer pods the operator adds its remote RuntimeClass, with the same nodeSelector
        // and finalizer as `kata`, and (in MachineConfig mode) the CRI-O drop-in for its handler.
        if let (true, Some(pp)) = (peer_pods_on(spec), r.release.peer_pods) {
            let (cpu, memory) = peerpods::overhead(pp.era);
            let name = peerpods::runtime_class_name(pp.era);
            out.push(Object::RuntimeClass(runtime_class(
                name,
                cpu,
                memory,
                runtime_class_selector(spec, r),
                finalizers,
            )));
            if let Some(mc) = peerpods::crio_machine_config(pp.era, machine_config_role(r)).filter(|_| machine_configs)
            {
                out.push(Object::MachineConfig(mc));
            }
        }
    }
    if r.custom_handler() {
        let text = crio::render(&r.handler_name, &r.handler)?;
        let encoded = dataurl::encode(text.as_bytes(), r.openshift >= OpenShift::GZIP_ON_UPDATE);
        let file = v3_2::File {
            path: crio::drop_in_path(&r.handler_name),
            overwrite: Some(true),
            mode: Some(0o644),
            contents: Some(v3_2::Resource { compression: Some(encoded.compression), source: Some(encoded.source) }),
        };
        let config = v3_2::Config { storage: Some(v3_2::Storage { files: vec![file] }), ..Default::default() };
        out.push(Object::MachineConfig(labelled_mc(
            &handler_machine_config_name(&r.handler_name),
            r,
            MachineConfigSpec { config: config.into(), ..Default::default() },
        )));
        let (cpu, memory) = &r.overhead;
        // oscgen's own RuntimeClass, which no operator creates: no operator finalizer.
        out.push(Object::RuntimeClass(runtime_class(
            &r.handler_name,
            cpu,
            memory,
            runtime_class_selector(spec, r),
            None,
        )));
    }
    crate::object::sort(&mut out);
    Ok(out)
}
