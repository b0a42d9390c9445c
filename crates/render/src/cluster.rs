//! A cluster as a dump shows it (`oc get kataconfig,subscription,csv,installplan,
//! machineconfig,machineconfigpool,runtimeclass,configmap,pod -A -o yaml`): each KataConfig's
//! status explained for the shape its release writes, and the uninstall order that works,
//! with what blocks each step and what stays behind. The caller reads the files; nothing
//! here runs a command, every `oc` command is text to print.
//!
//! ```
//! use oscgen_render::cluster::{Dump, StepState, uninstall};
//!
//! let dump = Dump::read(&[(
//!     "dump.yaml".to_owned(),
//!     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: kataconfiguration.openshift.io/v1\n  \
//!      kind: KataConfig\n  metadata: {name: example}\n  status:\n    runtimeClasses: [kata]\n    \
//!      conditions: [{type: InProgress, status: 'False', reason: '', message: ''}]\n".to_owned(),
//! )])?;
//! let plan = uninstall(&dump);
//! assert_eq!(plan.kataconfigs[0].state, "installed");
//! // No pods in the dump: whether kata pods still run cannot be told.
//! assert_eq!(plan.steps[0].state, StepState::Check);
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use serde::Serialize;
use serde_json::Value;

use oscgen_api::kata::v1::KataConfigStatus;

use crate::Error;
use crate::catalog::day2::LEFTOVERS;
use crate::catalog::{NAMESPACE, PACKAGE};
use crate::upgrade::{Certainty, Statement, Topic, catalog_source, statement};

/// The KataConfig finalizer of 1.2 and later (commit cbebd56).
pub const FINALIZER: &str = "kataconfiguration.openshift.io/finalizer";
/// The KataConfig finalizer of 1.0 and 1.1, which 1.2 and later never remove.
pub const LEGACY_FINALIZER: &str = "finalizer.kataconfiguration.openshift.io";
/// The RuntimeClass finalizer of 1.11 and later (351b069 `runtimeclass_controller.go`).
pub const RUNTIME_CLASS_FINALIZER: &str = "kataconfig.openshift.io/runtime-class-cleanup";
/// The CRD an uninstall deletes by hand.
pub const CRD: &str = "kataconfigs.kataconfiguration.openshift.io";

/// An object an uninstall leaves behind (a `catalog.toml` row).
#[derive(Clone, Copy, Debug)]
pub struct LeftoverRule {
    /// Its kind.
    pub kind: &'static str,
    /// Its namespace, if namespaced.
    pub namespace: Option<&'static str>,
    /// Its name.
    pub name: &'static str,
    /// When it is left behind.
    pub when: LeftoverWhen,
    /// Why it stays.
    pub why: &'static str,
    /// How that is known.
    pub certainty: Certainty,
    /// Where it was read.
    pub source: &'static [&'static str],
}

/// When an object is left behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftoverWhen {
    /// Even by a clean uninstall.
    Always,
    /// Whenever the dump has it.
    Present,
    /// When the dump has it and nothing will delete it: no KataConfig is left, or the
    /// operator that would is gone.
    Orphaned,
}

/// The objects of a cluster dump.
#[derive(Clone, Debug, Default)]
pub struct Dump {
    /// Every object, `List` items flattened.
    pub objects: Vec<Value>,
}

impl Dump {
    /// Reads dump files `(name, text)`: YAML or JSON, one or more documents, `kind: List`
    /// flattened. A file that does not parse is an [`Error::Plan`] naming it.
    pub fn read(files: &[(String, String)]) -> Result<Self, Error> {
        let mut objects = Vec::new();
        for (name, text) in files {
            let documents = crate::yaml::documents(text).map_err(|e| Error::Plan {
                flag: "--from",
                value: name.clone(),
                message: format!("not a YAML or JSON dump: {e}"),
            })?;
            for document in documents {
                match document.get("items").and_then(Value::as_array) {
                    Some(items) if document.get("kind").and_then(Value::as_str) == Some("List") => {
                        objects.extend(items.iter().cloned());
                    }
                    _ => objects.push(document),
                }
            }
        }
        Ok(Self { objects })
    }

    /// The objects of `kind`.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        self.objects.iter().filter(move |o| o.get("kind").and_then(Value::as_str) == Some(kind))
    }

    /// Whether it has an object of `kind` named `name` (in `namespace`, if given).
    pub fn has(&self, kind: &str, namespace: Option<&str>, name: &str) -> bool {
        self.of_kind(kind).any(|o| {
            text(o, "/metadata/name") == Some(name)
                && namespace.is_none_or(|ns| text(o, "/metadata/namespace") == Some(ns))
        })
    }
}

fn text<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

fn strings(value: &Value, pointer: &str) -> Vec<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// Which release's status shape a KataConfig has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Shape {
    /// 1.0 to 1.4.x: `installationStatus` and friends.
    Legacy,
    /// 1.5.0: `runtimeClass` as a list, `kataNodes`, `conditions`.
    RuntimeClassList,
    /// 1.5.1 and later: `runtimeClasses`, `kataNodes`, `conditions`.
    Current,
    /// No status yet.
    Empty,
}

impl Shape {
    /// For tables.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Legacy => "1.0-1.4 shape (installationStatus)",
            Shape::RuntimeClassList => "1.5.0 shape (runtimeClass list, kataNodes, conditions)",
            Shape::Current => "1.5.1+ shape (runtimeClasses, kataNodes, conditions)",
            Shape::Empty => "no status",
        }
    }
}

/// One KataConfig, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KataConfigReport {
    /// Its name.
    pub name: String,
    /// Its status shape.
    pub shape: Shape,
    /// `installing`, `installed`, `updating`, `failed`, `uninstalling`, `delete-blocked`,
    /// `podvm-image`, `unsupported-openshift`, `not-reconciled` or `unknown`.
    pub state: String,
    /// Whether it is being deleted.
    pub deleting: bool,
    /// Its finalizers.
    pub finalizers: Vec<String>,
    /// The RuntimeClasses its status names.
    pub runtime_classes: Vec<String>,
    /// Whether peer pods are on.
    pub peer_pods: bool,
    /// What the status says.
    pub statements: Vec<Statement>,
}

/// Explains a KataConfig's status for the shape its release writes.
pub fn explain(kataconfig: &Value) -> KataConfigReport {
    let name = text(kataconfig, "/metadata/name").unwrap_or_default().to_owned();
    let finalizers = strings(kataconfig, "/metadata/finalizers");
    let deleting = kataconfig.pointer("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null());
    let peer_pods = kataconfig.pointer("/spec/enablePeerPods").and_then(Value::as_bool).unwrap_or(false);
    let status: KataConfigStatus =
        kataconfig.get("status").and_then(|s| serde_json::from_value(s.clone()).ok()).unwrap_or_default();
    let types = catalog_source("op-kataconfig-types");
    let mut st = Vec::new();
    let shape = if status.installation_status.is_some() || status.total_nodes_count.is_some() {
        Shape::Legacy
    } else if status.runtime_classes.is_some() {
        Shape::Current
    } else if status.runtime_class.as_ref().is_some_and(Value::is_array) || status.kata_nodes.is_some() {
        Shape::RuntimeClassList
    } else if status.conditions.is_some() {
        Shape::Current
    } else {
        Shape::Empty
    };
    let runtime_classes: Vec<String> = match (&status.runtime_classes, &status.runtime_class) {
        (Some(list), _) => list.clone(),
        (None, Some(Value::String(one))) if !one.is_empty() => vec![one.clone()],
        (None, Some(Value::Array(list))) => list.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    if shape != Shape::Empty {
        st.push(statement(
            Topic::KataConfig,
            format!("shape:{shape:?}"),
            Certainty::Confirmed,
            format!("status has the {}", shape.describe()),
            &[types],
        ));
    }
    let state = match shape {
        Shape::Legacy => legacy_state(&status, &mut st),
        Shape::RuntimeClassList | Shape::Current => condition_state(&status, &mut st),
        Shape::Empty => {
            st.push(statement(
                Topic::KataConfig,
                "not-reconciled",
                Certainty::Inferred,
                "no status: the operator has not reconciled it (is the operator running?)",
                &[],
            ));
            "not-reconciled".to_owned()
        }
    };
    if finalizers.iter().any(|f| f == LEGACY_FINALIZER) {
        st.push(statement(
            Topic::KnownIssue,
            "legacy-finalizer",
            Certainty::Inferred,
            format!(
                "finalizer {LEGACY_FINALIZER} comes from 1.0 or 1.1; 1.2 and later never remove it, so a delete hangs until it is removed by hand"
            ),
            &[catalog_source("op-finalizer-rename")],
        ));
    }
    KataConfigReport { name, shape, state, deleting, finalizers, runtime_classes, peer_pods, statements: st }
}

fn legacy_state(status: &KataConfigStatus, st: &mut Vec<Statement>) -> String {
    let types = catalog_source("op-kataconfig-types");
    let install = status.installation_status.clone().unwrap_or_default();
    let failed = install.failed.clone().unwrap_or_default();
    let uninstalling = status
        .un_installation_status
        .as_ref()
        .and_then(|u| u.in_progress.as_ref())
        .and_then(|p| p.get("status"))
        .and_then(Value::as_str)
        == Some("True");
    if let Some(message) =
        status.un_installation_status.as_ref().and_then(|u| u.error_message.as_deref()).filter(|m| !m.is_empty())
    {
        st.push(statement(
            Topic::KataConfig,
            "uninstall-error",
            Certainty::Confirmed,
            format!("uninstall error: {message}"),
            &[types],
        ));
    }
    if uninstalling {
        st.push(statement(
            Topic::KataConfig,
            "uninstalling",
            Certainty::Confirmed,
            "unInstallationStatus.inProgress.status is True: kata is being removed",
            &[types],
        ));
        return "uninstalling".to_owned();
    }
    let in_progress = install.is_in_progress.as_deref() == Some("True");
    if failed.failed_nodes_count > 0 || !failed.failed_nodes_list.is_empty() {
        let mut nodes: Vec<String> =
            failed.failed_nodes_list.iter().map(|n| format!("{} ({})", n.name, n.error)).collect();
        if nodes.is_empty() {
            nodes.push(format!("{} node(s)", failed.failed_nodes_count));
        }
        let reason = failed.failed_nodes_reason.as_deref().map(|r| format!("; reason: {r}")).unwrap_or_default();
        st.push(statement(
            Topic::KataConfig,
            "failed",
            Certainty::Confirmed,
            format!(
                "installation failed on {}{reason}; the 1.0-1.4 operator does not retry (IsInProgress stays {})",
                nodes.join(", "),
                install.is_in_progress.as_deref().unwrap_or("unset")
            ),
            &[types],
        ));
        return "failed".to_owned();
    }
    let completed = install.completed.clone().unwrap_or_default().completed_nodes_count;
    let total = status.total_nodes_count.unwrap_or_default();
    if in_progress {
        st.push(statement(
            Topic::KataConfig,
            "installing",
            Certainty::Confirmed,
            format!("installationStatus.IsInProgress is True: {completed} of {total} node(s) done"),
            &[types],
        ));
        return "installing".to_owned();
    }
    st.push(statement(
        Topic::KataConfig,
        "installed",
        Certainty::Inferred,
        format!("IsInProgress is not True and no node failed: installed, {completed} of {total} node(s) completed"),
        &[types],
    ));
    "installed".to_owned()
}

fn condition_state(status: &KataConfigStatus, st: &mut Vec<Statement>) -> String {
    let flow = catalog_source("op-delete-flow");
    let types = catalog_source("op-kataconfig-types");
    let nodes = status.kata_nodes.clone().unwrap_or_default();
    let progress = format!(
        "{} of {} node(s) ready{}{}",
        nodes.ready_node_count,
        nodes.node_count,
        list(" installing", &nodes.installing),
        list(" waiting", &nodes.waiting_to_install)
    );
    let condition = status.conditions.as_ref().and_then(|c| c.iter().find(|c| c.type_ == "InProgress"));
    let Some(c) = condition else {
        st.push(statement(
            Topic::KataConfig,
            "no-condition",
            Certainty::Inferred,
            "no InProgress condition yet: the operator has not finished a reconcile",
            &[types],
        ));
        return "not-reconciled".to_owned();
    };
    let (state, certainty, text) = match (c.status.as_str(), c.reason.as_str()) {
        ("True", "Installing") => {
            ("installing", Certainty::Confirmed, format!("installing: {progress}; one node at a time"))
        }
        ("True", "Updating") => (
            "updating",
            Certainty::Confirmed,
            format!(
                "updating: kata nodes are being added or removed, or the MCO is updating the pool (an OpenShift upgrade does this; expected); {progress}"
            ),
        ),
        ("True", "Uninstalling") => (
            "uninstalling",
            Certainty::Confirmed,
            format!("uninstalling: kata is being removed from the nodes{}", list(" now on", &nodes.uninstalling)),
        ),
        ("True", "Failed") => (
            "failed",
            Certainty::Inferred,
            format!(
                "the install failed (InProgress True, reason Failed){}: {}; fix the node (its machineconfiguration.openshift.io/reason annotation says why) and the operator continues",
                list(" on", &nodes.failed_to_install),
                c.message
            ),
        ),
        ("False", "BlockedByExistingKataPods") => (
            "delete-blocked",
            Certainty::Confirmed,
            format!("the delete waits for pods that use a kata RuntimeClass (rechecked every 15 s): {}", c.message),
        ),
        ("False", "") => {
            ("installed", Certainty::Inferred, format!("installed: InProgress False with no reason; {progress}"))
        }
        (_, reason) if reason.starts_with("PodVMImage") => (
            "podvm-image",
            Certainty::Confirmed,
            format!("peer pods: the pod VM image job reports {reason}: {}", c.message),
        ),
        (_, "UnsupportedOCPVersion") => {
            ("unsupported-openshift", Certainty::Confirmed, format!("1.11+: {}", c.message))
        }
        (status, reason) => (
            "unknown",
            Certainty::Unknown,
            format!("InProgress {status}, reason {reason:?}: not a reason oscgen knows: {}", c.message),
        ),
    };
    st.push(statement(Topic::KataConfig, state, certainty, text, &[flow]));
    if !nodes.failed_to_uninstall.is_empty() {
        st.push(statement(
            Topic::KataConfig,
            "failed-to-uninstall",
            Certainty::Confirmed,
            format!("uninstall failed on {}", nodes.failed_to_uninstall.join(", ")),
            &[types],
        ));
    }
    state.to_owned()
}

fn list(label: &str, names: &[String]) -> String {
    if names.is_empty() { String::new() } else { format!(";{label} {}", names.join(", ")) }
}

/// Whether an uninstall step can be taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepState {
    /// Nothing left to do for it in the dump.
    Done,
    /// Can be taken.
    Ready,
    /// Something named blocks it.
    Blocked,
    /// The dump cannot tell: check with the command given.
    Check,
    /// Ready in itself, but comes after a step that is blocked or needs a check.
    Waiting,
}

impl StepState {
    /// For tables.
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Done => "done",
            StepState::Ready => "ready",
            StepState::Blocked => "blocked",
            StepState::Check => "check",
            StepState::Waiting => "waiting",
        }
    }
}

/// One step of the uninstall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UninstallStep {
    /// What the step does.
    pub title: String,
    /// Whether it can be taken.
    pub state: StepState,
    /// What blocks it, or what to know.
    pub notes: Vec<Statement>,
    /// The commands to run (printed, never run by oscgen).
    pub commands: Vec<String>,
}

/// An object the uninstall leaves behind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Leftover {
    /// `Kind/namespace/name`.
    pub object: String,
    /// Whether the dump has it (else: left by every uninstall, whether dumped or not).
    pub in_dump: bool,
    /// Why it stays.
    pub why: String,
    /// How that is known.
    pub certainty: Certainty,
    /// The command that removes it.
    pub command: String,
}

/// The uninstall: the KataConfigs explained, the steps in order, the leftovers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Uninstall {
    /// Every KataConfig of the dump.
    pub kataconfigs: Vec<KataConfigReport>,
    /// The steps, in the order that works.
    pub steps: Vec<UninstallStep>,
    /// What stays behind.
    pub leftovers: Vec<Leftover>,
}

fn oc_resource(kind: &str) -> String {
    match kind {
        "CustomResourceDefinition" => "crd".to_owned(),
        "MachineConfig" => "machineconfig".to_owned(),
        "MachineConfigPool" => "machineconfigpool".to_owned(),
        other => other.to_ascii_lowercase(),
    }
}

fn delete_command(kind: &str, namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("oc delete {} -n {ns} {name}", oc_resource(kind)),
        None => format!("oc delete {} {name}", oc_resource(kind)),
    }
}

fn condition<'a>(object: &'a Value, kind: &str) -> Option<&'a Value> {
    object.pointer("/status/conditions")?.as_array()?.iter().find(|c| text(c, "/type") == Some(kind))
}

/// The uninstall order for the cluster `dump` shows, what blocks each step, and what stays.
pub fn uninstall(dump: &Dump) -> Uninstall {
    let kataconfigs: Vec<KataConfigReport> = dump.of_kind("KataConfig").map(explain).collect();
    let flow = catalog_source("op-delete-flow");
    let docs = catalog_source("docs-uninstall");
    let mut steps = Vec::new();

    // 1. Kata workloads.
    let mut kata_classes: Vec<String> = kataconfigs.iter().flat_map(|k| k.runtime_classes.clone()).collect();
    for rc in dump.of_kind("RuntimeClass") {
        let handler = text(rc, "/handler").unwrap_or_default();
        let name = text(rc, "/metadata/name").unwrap_or_default();
        if handler.starts_with("kata") && !kata_classes.iter().any(|k| k == name) {
            kata_classes.push(name.to_owned());
        }
    }
    let pods_dumped = dump.of_kind("Pod").next().is_some();
    let kata_pods: Vec<(String, String, String)> = dump
        .of_kind("Pod")
        .filter(|p| !matches!(text(p, "/status/phase"), Some("Succeeded" | "Failed")))
        .filter_map(|p| {
            let rc = text(p, "/spec/runtimeClassName")?;
            kata_classes.iter().any(|k| k == rc).then(|| {
                (
                    text(p, "/metadata/namespace").unwrap_or("default").to_owned(),
                    text(p, "/metadata/name").unwrap_or_default().to_owned(),
                    rc.to_owned(),
                )
            })
        })
        .collect();
    let peer_pods = kataconfigs.iter().any(|k| k.peer_pods);
    let mut notes = Vec::new();
    let list_command = "oc get pods -A -o jsonpath='{range .items[?(@.spec.runtimeClassName)]}{.metadata.namespace}/{.metadata.name} {.spec.runtimeClassName}{\"\\n\"}{end}'".to_owned();
    let (state, commands) = if !kata_pods.is_empty() {
        let names: Vec<String> = kata_pods.iter().map(|(ns, name, rc)| format!("{ns}/{name} ({rc})")).collect();
        notes.push(statement(
            Topic::Nodes,
            "kata-pods",
            Certainty::Confirmed,
            format!("these pods use a kata RuntimeClass, and the KataConfig delete waits for them (BlockedByExistingKataPods): {}; delete them or scale their owners to zero (a Deployment re-creates a deleted pod)", names.join(", ")),
            &[flow],
        ));
        (StepState::Blocked, kata_pods.iter().map(|(ns, name, _)| format!("oc delete pod -n {ns} {name}")).collect())
    } else if pods_dumped {
        (StepState::Done, Vec::new())
    } else {
        notes.push(statement(
            Topic::Nodes,
            "no-pods-in-dump",
            Certainty::Unknown,
            "the dump has no pods, so whether kata pods still run is not known: list them (or add `pod` to the dump)",
            &[],
        ));
        (StepState::Check, vec![list_command])
    };
    if peer_pods {
        notes.push(statement(
            Topic::Nodes,
            "peer-pods-charges",
            Certainty::Documented,
            "peer pods run as cloud VMs: delete every peer pod first, or the VMs keep running and charging",
            &[docs],
        ));
    }
    steps.push(UninstallStep {
        title: "Remove the workloads that use a kata RuntimeClass".to_owned(),
        state,
        notes,
        commands,
    });

    // 2. The KataConfig.
    let csv = dump
        .of_kind("ClusterServiceVersion")
        .find(|c| text(c, "/metadata/name").is_some_and(|n| n.starts_with(&format!("{PACKAGE}."))));
    let operator_running = csv.is_some_and(|c| text(c, "/status/phase") == Some("Succeeded"));
    let csv_dumped = dump.of_kind("ClusterServiceVersion").next().is_some();
    let mut notes = Vec::new();
    let mut commands = Vec::new();
    let mut blocked = false;
    for k in &kataconfigs {
        if matches!(k.state.as_str(), "installing" | "updating") && k.shape != Shape::Legacy {
            blocked = true;
            notes.push(statement(
                Topic::KataConfig,
                "delete-deferred",
                Certainty::Confirmed,
                format!("KataConfig {} is {}: the operator (1.5+) starts a delete only once that is over; wait, or fix the pool that holds it", k.name, k.state),
                &[flow],
            ));
        }
        if k.finalizers.iter().any(|f| f == LEGACY_FINALIZER) {
            blocked = true;
            notes.push(statement(
                Topic::KataConfig,
                "legacy-finalizer",
                Certainty::Inferred,
                format!("KataConfig {} carries {LEGACY_FINALIZER}, which no 1.2+ operator removes: after the operator's own cleanup is done, remove that finalizer by hand", k.name),
                &[catalog_source("op-finalizer-rename")],
            ));
            commands.push(format!(
                "oc patch kataconfig {} --type=merge -p '{{\"metadata\":{{\"finalizers\":[\"{FINALIZER}\"]}}}}'   # keeps only the current finalizer; run when {FINALIZER} is the other one",
                k.name
            ));
        }
        if k.finalizers.iter().any(|f| f == FINALIZER) && csv_dumped && !operator_running {
            blocked = true;
            notes.push(statement(
                Topic::KataConfig,
                "no-operator",
                Certainty::Inferred,
                format!("KataConfig {} has {FINALIZER}, which only the operator removes, and the operator's CSV is missing or not Succeeded: reinstall the operator and let it finish; removing the finalizer by hand leaves the MachineConfigs, kata-oc and the node labels behind", k.name),
                &[flow, catalog_source("op-ownership")],
            ));
        }
        if k.deleting {
            notes.push(statement(
                Topic::KataConfig,
                "deleting",
                Certainty::Confirmed,
                format!("KataConfig {} is already being deleted (state {})", k.name, k.state),
                &[flow],
            ));
        } else {
            commands.push(format!(
                "oc delete kataconfig {}   # blocks until the nodes are done: they drain and reboot, 10-60+ minutes",
                k.name
            ));
        }
    }
    let state = if kataconfigs.is_empty() {
        StepState::Done
    } else if blocked || !kata_pods.is_empty() {
        StepState::Blocked
    } else {
        StepState::Ready
    };
    steps.push(UninstallStep {
        title: "Delete the KataConfig and let the operator clear its finalizer".to_owned(),
        state,
        notes,
        commands,
    });

    // 3. Pools.
    let mut notes = Vec::new();
    let mut degraded = false;
    for pool in dump.of_kind("MachineConfigPool") {
        let name = text(pool, "/metadata/name").unwrap_or_default();
        if !matches!(name, "worker" | "master" | "kata-oc") {
            continue;
        }
        if let Some(c) = condition(pool, "Degraded").filter(|c| text(c, "/status") == Some("True")) {
            degraded = true;
            notes.push(statement(
                Topic::Nodes,
                format!("pool-degraded:{name}"),
                Certainty::Confirmed,
                format!("MachineConfigPool {name} is Degraded: {}", text(c, "/message").unwrap_or_default()),
                &[flow],
            ));
        }
    }
    let kata_pool = dump.has("MachineConfigPool", None, "kata-oc");
    let state = if degraded {
        StepState::Blocked
    } else if kata_pool || !kataconfigs.is_empty() {
        StepState::Ready
    } else {
        StepState::Done
    };
    steps.push(UninstallStep {
        title: "Wait for the pools to settle (kata-oc goes away, worker is Updated)".to_owned(),
        state,
        notes,
        commands: vec![
            "oc wait machineconfigpool/worker --for=condition=Updated=True --timeout=60m".to_owned(),
            "oc get machineconfigpool".to_owned(),
        ],
    });

    // 4. RuntimeClasses that 1.11+ guards with a finalizer.
    let guarded: Vec<String> = dump
        .of_kind("RuntimeClass")
        .filter(|rc| strings(rc, "/metadata/finalizers").iter().any(|f| f == RUNTIME_CLASS_FINALIZER))
        .filter_map(|rc| text(rc, "/metadata/name").map(str::to_owned))
        .collect();
    if !guarded.is_empty() {
        let notes = vec![statement(
            Topic::Nodes,
            "runtimeclass-finalizer",
            Certainty::Inferred,
            format!(
                "RuntimeClass(es) {} carry {RUNTIME_CLASS_FINALIZER}, which only the running operator removes (when no Running, Pending or Unknown pod uses them): keep the operator until they are gone",
                guarded.join(", ")
            ),
            &[catalog_source("op-1_11_0-reconcile"), catalog_source("op-1_11_0")],
        )];
        let commands =
            guarded.iter().map(|name| format!("oc wait runtimeclass/{name} --for=delete --timeout=15m")).collect();
        steps.push(UninstallStep {
            title: "Wait for the RuntimeClasses to go (1.11+ finalizer)".to_owned(),
            state: if kata_pods.is_empty() { StepState::Ready } else { StepState::Blocked },
            notes,
            commands,
        });
    }

    // 5. The operator.
    let mut commands = Vec::new();
    for sub in dump.of_kind("Subscription").filter(|s| text(s, "/spec/name") == Some(PACKAGE)) {
        commands.push(delete_command(
            "Subscription",
            Some(text(sub, "/metadata/namespace").unwrap_or(NAMESPACE)),
            text(sub, "/metadata/name").unwrap_or_default(),
        ));
    }
    if let Some(csv) = csv {
        commands.push(delete_command(
            "ClusterServiceVersion",
            Some(text(csv, "/metadata/namespace").unwrap_or(NAMESPACE)),
            text(csv, "/metadata/name").unwrap_or_default(),
        ));
    }
    let mut notes = vec![statement(
        Topic::Operator,
        "git-first",
        Certainty::Inferred,
        "if a GitOps engine manages the Subscription, remove it from Git (or stop syncing) first, or the engine installs the operator again",
        &[],
    )];
    for plan in
        dump.of_kind("InstallPlan").filter(|p| p.pointer("/spec/approved").and_then(Value::as_bool) == Some(false))
    {
        notes.push(statement(
            Topic::InstallPlan,
            "pending-installplan",
            Certainty::Confirmed,
            format!(
                "InstallPlan {} waits for approval (Manual); it goes with the Subscription",
                text(plan, "/metadata/name").unwrap_or_default()
            ),
            &[],
        ));
    }
    let state = if commands.is_empty() {
        StepState::Done
    } else if kataconfigs.is_empty() && guarded.is_empty() {
        StepState::Ready
    } else {
        StepState::Blocked
    };
    if state == StepState::Blocked {
        notes.push(statement(
            Topic::Operator,
            "operator-needed",
            Certainty::Inferred,
            "the operator must stay until the KataConfig (and any guarded RuntimeClass) is gone: it is what removes their finalizers",
            &[flow],
        ));
    }
    steps.push(UninstallStep {
        title: "Remove the operator: Subscription, then CSV".to_owned(),
        state,
        notes,
        commands,
    });

    // 6. CRD and namespace.
    steps.push(UninstallStep {
        title: "Delete the KataConfig CRD".to_owned(),
        state: StepState::Ready,
        notes: vec![statement(
            Topic::Operator,
            "crd",
            Certainty::Documented,
            "OLM leaves the CRD; delete it after the operator",
            &[docs],
        )],
        commands: vec![delete_command("CustomResourceDefinition", None, CRD)],
    });
    steps.push(UninstallStep {
        title: "Delete the operator's namespace".to_owned(),
        state: StepState::Ready,
        notes: Vec::new(),
        commands: vec![delete_command("Namespace", None, NAMESPACE)],
    });

    // Leftovers: what every uninstall leaves, and what the dump shows.
    let leftovers = LEFTOVERS
        .iter()
        .filter_map(|l| {
            let in_dump = dump.has(l.kind, l.namespace, l.name);
            let left = match l.when {
                LeftoverWhen::Always => true,
                LeftoverWhen::Present => in_dump,
                LeftoverWhen::Orphaned => in_dump && (kataconfigs.is_empty() || (csv_dumped && !operator_running)),
            };
            // The CRD and the namespace are steps above; they stay only if those are skipped.
            if !left || matches!(l.kind, "CustomResourceDefinition" | "Namespace") {
                return None;
            }
            let object = match l.namespace {
                Some(ns) => format!("{}/{ns}/{}", l.kind, l.name),
                None => format!("{}/{}", l.kind, l.name),
            };
            Some(Leftover {
                object,
                in_dump,
                why: l.why.to_owned(),
                certainty: l.certainty,
                command: delete_command(l.kind, l.namespace, l.name),
            })
        })
        .collect();
    // A step is only ready once every step before it is done or ready.
    let mut held = false;
    for step in &mut steps {
        if held && step.state == StepState::Ready {
            step.state = StepState::Waiting;
        }
        held |= matches!(step.state, StepState::Blocked | StepState::Check);
    }
    Uninstall { kataconfigs, steps, leftovers }
}
