//! Problems in the user's input: collected into one [`Report`], never thrown one at a time.
//!
//! Every message is lowercase, names what is wrong and says how to fix it. Paths point into
//! the config the user wrote (`spec.poolSelector.matchLabels.kata`).

use std::fmt;

use serde::Serialize;

pub use oscgen_yaml::{FieldPath, Segment};

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing is rendered while any error remains.
    Error,
    /// Rendered, but probably not what was meant.
    Warning,
    /// Worth knowing (what a choice rests on, what is not confirmed); never fails anything.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// The object a diagnostic is about: a generator config, or an object of a build.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// Its `apiVersion`.
    pub api_version: String,
    /// Its `kind`.
    pub kind: String,
    /// Its `metadata.namespace`, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Its `metadata.name` (empty when it has none).
    pub name: String,
}

impl ObjectRef {
    /// The reference of an object given as a value tree (missing fields are empty).
    pub fn of(value: &serde_json::Value) -> Self {
        let text = |pointer: &str| value.pointer(pointer).and_then(serde_json::Value::as_str);
        Self {
            api_version: text("/apiVersion").unwrap_or_default().to_owned(),
            kind: text("/kind").unwrap_or_default().to_owned(),
            namespace: text("/metadata/namespace").map(str::to_owned),
            name: text("/metadata/name").unwrap_or_default().to_owned(),
        }
    }
}

/// Where the text a diagnostic is about was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file, as the user named it (or reached it from what they named); `<stdin>` for
    /// standard input. `None` while the reader does not know it yet (a config parsed from text).
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// The 1-based document of a multi-document file, when the line is not known.
    pub document: Option<usize>,
    /// The kustomization whose build shows the problem, when the file lies outside it (a
    /// base's placeholder that one overlay leaves unpatched).
    pub build: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => write!(f, "{file}:{line}:{column}")?,
            (Some(file), Some(line), None) => write!(f, "{file}:{line}")?,
            (Some(file), None, _) => f.write_str(file)?,
            (None, Some(line), Some(column)) => write!(f, "line {line}, column {column}")?,
            (None, Some(line), None) => write!(f, "line {line}")?,
            (None, None, _) => {}
        }
        match (self.document, self.file.is_some() || self.line.is_some()) {
            (Some(document), true) if self.line.is_none() => write!(f, " (document {document})"),
            (Some(document), false) => write!(f, "document {document}"),
            _ => Ok(()),
        }
    }
}

/// One problem in the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The field the problem is in, from the root of the object (or config, or kustomization).
    pub path: FieldPath,
    /// What is wrong, and how to fix it.
    pub kind: DiagnosticKind,
    /// Where it was written, when known.
    pub origin: Option<Origin>,
    /// The object (or config) it is about, when it is about one.
    pub object: Option<ObjectRef>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: FieldPath, kind: DiagnosticKind) -> Self {
        Self::new(Severity::Error, path, kind)
    }

    /// A warning at `path`.
    pub fn warning(path: FieldPath, kind: DiagnosticKind) -> Self {
        Self::new(Severity::Warning, path, kind)
    }

    /// A diagnostic of any severity at `path`, without origin or object.
    pub fn new(severity: Severity, path: FieldPath, kind: DiagnosticKind) -> Self {
        Self { severity, path, kind, origin: None, object: None }
    }

    /// The machine-readable name of its kind (`unknownChannel`): the serde tag of
    /// [`DiagnosticKind`], so it is the same in `-o json`, KRM results and tests.
    pub fn code(&self) -> String {
        self.kind.code()
    }

    /// A note at `path`.
    pub fn info(path: FieldPath, kind: DiagnosticKind) -> Self {
        Self::new(Severity::Info, path, kind)
    }
}

impl From<&crate::yaml::YamlError> for Diagnostic {
    /// The one way a YAML syntax error is told, whichever command read the text (`render`,
    /// `render --each`, `check`, the function): code `yamlSyntax`, at the line and column where
    /// the parser stopped. The caller adds the file.
    fn from(e: &crate::yaml::YamlError) -> Self {
        Diagnostic {
            origin: Some(Origin { line: e.line, column: e.column, ..Origin::default() }),
            ..Diagnostic::error(FieldPath::root(), DiagnosticKind::YamlSyntax { message: e.message.clone() })
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = self.origin.as_ref().map(ToString::to_string).filter(|o| !o.is_empty()) {
            write!(f, "{origin}: ")?;
        }
        write!(f, "{}: ", self.severity)?;
        match &self.object {
            Some(object) if object.name.is_empty() => write!(f, "{}: ", object.kind)?,
            Some(object) => write!(f, "{}/{}: ", object.kind, object.name)?,
            None => {}
        }
        if !self.path.0.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.kind)?;
        if let Some(build) = self.origin.as_ref().and_then(|o| o.build.as_ref()) {
            write!(f, " (in the build of {build})")?;
        }
        Ok(())
    }
}

/// The machine-readable form (`oscgen check -o json`): where, what, and the code.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            severity: Severity,
            file: Option<&'a str>,
            line: Option<usize>,
            column: Option<usize>,
            object: &'a Option<ObjectRef>,
            path: String,
            message: String,
            code: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            build: Option<&'a str>,
        }
        let origin = self.origin.as_ref();
        Wire {
            severity: self.severity,
            file: origin.and_then(|o| o.file.as_deref()),
            line: origin.and_then(|o| o.line),
            column: origin.and_then(|o| o.column),
            object: &self.object,
            path: self.path.to_string(),
            message: self.kind.to_string(),
            code: self.code(),
            build: origin.and_then(|o| o.build.as_deref()),
        }
        .serialize(serializer)
    }
}

/// Every user-facing message oscgen produces about its input, for generator configs and for
/// `oscgen check` alike. The serde tag is the machine-readable code.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "camelCase")]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// The input does not have the expected shape (unknown field, wrong type).
    #[error("{message}")]
    Shape {
        /// What the parser said.
        message: String,
    },
    /// Neither a channel nor a release was given where one is needed.
    #[error("set a channel ({channels}) or a release ({releases})")]
    MissingChannelOrRelease {
        /// The known channels, comma separated.
        channels: String,
        /// The known releases, comma separated.
        releases: String,
    },
    /// A channel the operator is not published on.
    #[error("unknown channel `{channel}` for sandboxed-containers-operator; known channels: {known}")]
    UnknownChannel {
        /// What was given.
        channel: String,
        /// The known channels, comma separated.
        known: String,
    },
    /// A release that is not in the catalog.
    #[error("unknown release `{release}`; known releases: {known}")]
    UnknownRelease {
        /// What was given.
        release: String,
        /// The known releases, comma separated.
        known: String,
    },
    /// Channel and release were both given and do not belong together.
    #[error(
        "release {release} is published on channel `{release_channel}`, not `{channel}`; set channel: {release_channel}, or give only one of the two"
    )]
    ChannelReleaseMismatch {
        /// The channel given.
        channel: String,
        /// The release given.
        release: String,
        /// The channel that release is on.
        release_channel: String,
    },
    /// A KataConfig field the chosen release does not have.
    #[error(
        "KataConfig of release {release} has no `{field}` (it first appears in {since}); remove it or choose release {since} or later"
    )]
    FieldNotInRelease {
        /// The field's wire name.
        field: String,
        /// The chosen release.
        release: String,
        /// The first release that has it.
        since: String,
    },
    /// A label value written as a YAML boolean, number or null.
    #[error("label value {found} is read as a YAML {yaml_type}, but label values are strings; quote it: \"{found}\"")]
    LabelValueNotString {
        /// The value as written.
        found: String,
        /// `boolean`, `number` or `null`.
        yaml_type: String,
    },
    /// A label key that breaks Kubernetes' rules.
    #[error("invalid label key `{key}`: {reason}")]
    InvalidLabelKey {
        /// The key.
        key: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// A label value that breaks Kubernetes' rules.
    #[error("invalid label value `{value}`: {reason}")]
    InvalidLabelValue {
        /// The value.
        value: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// An object name that breaks Kubernetes' rules.
    #[error("invalid name `{name}`: {reason}")]
    InvalidName {
        /// The name.
        name: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// A resource quantity that does not parse.
    #[error("invalid quantity `{value}`: write a number with an optional suffix, like 250m, 0.5, 350Mi or 1Gi")]
    InvalidQuantity {
        /// What was given.
        value: String,
    },
    /// A file path on the node that is not absolute or not normal.
    #[error("invalid path `{path}`: {reason}")]
    InvalidPath {
        /// The path.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A second KataConfig for one cluster.
    #[error(
        "a cluster takes exactly one KataConfig (the operator refuses a second); `{name}` would be the second after `{first}`: keep one per cluster"
    )]
    SecondKataConfig {
        /// This KataConfig's name.
        name: String,
        /// The first one's name.
        first: String,
    },
    /// A label selector operator that does not exist.
    #[error("unknown selector operator `{operator}`; use In, NotIn, Exists or DoesNotExist")]
    UnknownSelectorOperator {
        /// What was given.
        operator: String,
    },
    /// `values` present or missing against the operator's rule.
    #[error("operator {operator} {rule}")]
    SelectorValues {
        /// The operator.
        operator: String,
        /// `needs at least one value` or `takes no values`.
        rule: String,
    },
    /// The release's operator cannot express this selector on the nodes it renders.
    #[error("release {release} {behaviour}; {fix}")]
    SelectorNotSupported {
        /// The release.
        release: String,
        /// What its operator does with the selector.
        behaviour: String,
        /// How to fix it.
        fix: String,
    },
    /// A CRI-O log level CRI-O does not know.
    #[error("unknown log level `{value}`; use one of {allowed}")]
    UnknownLogLevel {
        /// What was given.
        value: String,
        /// The allowed values.
        allowed: String,
    },
    /// The `kata` handler with settings other than the RPM's.
    #[error(
        "the `kata` handler is written by the kata-containers RPM (/etc/crio/crio.conf.d/50-kata) and its RuntimeClass by the operator, so `{field}` cannot differ from `{rpm_value}`; give the handler another name, e.g. kata-custom"
    )]
    KataHandlerReserved {
        /// The field that differs.
        field: String,
        /// The RPM's value.
        rpm_value: String,
    },
    /// A CRI-O runtime type CRI-O does not know.
    #[error("unknown runtime type `{value}`; use vm (Kata), oci or pod")]
    UnknownRuntimeType {
        /// What was given.
        value: String,
    },
    /// A `vm` runtime whose binary is not a containerd shim.
    #[error(
        "with runtimeType vm, CRI-O needs a containerd shim v2 binary: the file name of `{path}` must match containerd-shim-<name> (e.g. /usr/bin/containerd-shim-kata-v2)"
    )]
    NotAShim {
        /// The runtime path.
        path: String,
    },
    /// A CRI-O handler key the target OpenShift's CRI-O does not know yet.
    #[error(
        "CRI-O on OpenShift {openshift} does not know `{key}` (it arrived with OpenShift {since}) and would ignore it; remove it or target OpenShift {since} or later"
    )]
    CrioKeyTooNew {
        /// The TOML key.
        key: String,
        /// The target OpenShift.
        openshift: String,
        /// The first OpenShift that knows it.
        since: String,
    },
    /// `runtimeConfigPath` without `runtimeType: vm`.
    #[error("runtimeConfigPath is only allowed with runtimeType vm; remove it or set runtimeType: vm")]
    ConfigPathNeedsVm,
    /// A platform the release's operator cannot target.
    #[error(
        "platform okd needs release {since} or later (earlier operators hard-code the RHCOS extension `sandboxed-containers`, which OKD nodes do not have)"
    )]
    PlatformNeedsRelease {
        /// First release that supports it.
        since: String,
    },
    /// An OpenShift version that does not parse.
    #[error("invalid OpenShift version `{value}`: write it as 4.<minor>, e.g. 4.12")]
    InvalidOpenShiftVersion {
        /// What was given.
        value: String,
    },
    /// An OpenShift version outside the release's known range.
    #[error(
        "release {release} is made for OpenShift {supported}, not {value}; choose a release for {value} or check the version"
    )]
    OpenShiftVersionOutOfRange {
        /// What was given.
        value: String,
        /// The release.
        release: String,
        /// Its supported versions.
        supported: String,
    },
    /// Peer-pods node objects the preview leaves out, because what the release's operator
    /// writes into them is not known.
    #[error("not previewed: {objects}, which the operator still creates; {reason}")]
    PeerPodsNotPrerendered {
        /// The objects left out (`MachineConfig 40-worker-kata-remote-config`).
        objects: String,
        /// Why.
        reason: String,
    },
    /// A string field left empty.
    #[error("must not be empty; remove the field to use the default, or give a value")]
    Empty,
    /// The config has no name.
    #[error("metadata.name is required: it names the generated KataConfig (e.g. cluster-kataconfig)")]
    MissingName,
    /// Two configs in one render generate the same object.
    #[error("{object} is generated twice (also by {other}); keep one config per object")]
    DuplicateObject {
        /// The object (`Namespace/x`).
        object: String,
        /// The other config.
        other: String,
    },
    /// A file that does not parse as YAML.
    #[error("not valid YAML: {message}; fix the syntax (nothing else in this file is checked)")]
    YamlSyntax {
        /// What the parser said.
        message: String,
    },
    /// A file that cannot be read (or is too big, or not UTF-8).
    #[error("cannot read `{path}`: {message}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// A Subscription field still holding a placeholder.
    #[error("`{field}` is still {}{}: OLM cannot resolve it, so the operator is never installed; set it to {fix}", placeholder(.value), patch_note(.left_by))]
    Placeholder {
        /// `channel` or `startingCSV`.
        field: String,
        /// The placeholder as written.
        value: String,
        /// What to write instead.
        fix: String,
        /// The patch that was meant to replace it and matches nothing, if there is one.
        left_by: Option<String>,
    },
    /// A startingCSV that is not one of this operator's.
    #[error(
        "startingCSV `{csv}` is not a ClusterServiceVersion of sandboxed-containers-operator; write sandboxed-containers-operator.v<version>, e.g. {example}, or remove it"
    )]
    ForeignCsv {
        /// The CSV as written.
        csv: String,
        /// A CSV that would do.
        example: String,
    },
    /// A startingCSV that looks right but is not in the catalog oscgen knows.
    #[error(
        "startingCSV `{csv}` is not in oscgen's catalog ({known}); make sure that release exists on the subscribed channel, or OLM waits for it forever"
    )]
    CsvNotInCatalog {
        /// The CSV as written.
        csv: String,
        /// The known CSV versions, comma separated.
        known: String,
    },
    /// A channel and a startingCSV that do not belong together.
    #[error(
        "startingCSV `{csv}` is published on channel `{csv_channel}`, not `{channel}`: OLM never finds it there and installs nothing; set startingCSV: {channel_csv}, or channel: {csv_channel}"
    )]
    ChannelCsvMismatch {
        /// The subscribed channel.
        channel: String,
        /// The startingCSV.
        csv: String,
        /// The channel that CSV is on.
        csv_channel: String,
        /// The newest CSV of the subscribed channel.
        channel_csv: String,
    },
    /// The operator's Namespace, OperatorGroup or Subscription outside the namespace it requires.
    #[error(
        "the operator installs only into `{required}` (its CSV's suggested namespace; other namespaces fail), not `{namespace}`; set it to {required}"
    )]
    OperatorNamespace {
        /// The namespace given.
        namespace: String,
        /// The namespace the operator requires.
        required: String,
    },
    /// The operator's Subscription without a namespace.
    #[error(
        "this {kind} has no metadata.namespace, so it lands in whatever namespace is current when applied; set metadata.namespace: {required}"
    )]
    MissingNamespace {
        /// `Subscription`.
        kind: String,
        /// The namespace the operator requires.
        required: String,
    },
    /// A Subscription whose namespace has no OperatorGroup among the checked objects.
    #[error(
        "no OperatorGroup in namespace `{namespace}` among the checked objects, and OLM installs nothing for a Subscription without one; add an OperatorGroup there with targetNamespaces: [{namespace}]"
    )]
    NoOperatorGroup {
        /// The Subscription's namespace.
        namespace: String,
    },
    /// Several OperatorGroups in one namespace.
    #[error(
        "namespace `{namespace}` has {count} OperatorGroups ({names}), and OLM installs nothing into a namespace with more than one; keep one"
    )]
    TooManyOperatorGroups {
        /// The namespace.
        namespace: String,
        /// How many.
        count: usize,
        /// Their names, comma separated.
        names: String,
    },
    /// An OperatorGroup whose targetNamespaces are not exactly its own namespace.
    #[error(
        "OperatorGroup `{name}` targets [{targets}], but the operator supports only its own namespace (install mode OwnNamespace); set targetNamespaces: [{namespace}]"
    )]
    TargetNamespaces {
        /// The OperatorGroup.
        name: String,
        /// Its namespace.
        namespace: String,
        /// Its targetNamespaces, comma separated.
        targets: String,
    },
    /// An OperatorGroup that selects every namespace.
    #[error(
        "OperatorGroup `{name}` has no targetNamespaces, so it selects all namespaces, which the operator does not support (install mode OwnNamespace only); set targetNamespaces: [{namespace}]"
    )]
    AllNamespaces {
        /// The OperatorGroup.
        name: String,
        /// Its namespace.
        namespace: String,
    },
    /// A label (or annotation, or node selector) value YAML reads as something other than a string.
    #[error(
        "{what} value {value} is unquoted, so {reader} reads it as a {yaml_type}, but {what} values are strings; quote it: \"{value}\""
    )]
    UnquotedValue {
        /// `label`, `annotation` or `node selector`.
        what: String,
        /// The value as written.
        value: String,
        /// `boolean` or `number`.
        yaml_type: String,
        /// Who reads it so: `YAML` or `kubectl (YAML 1.1)`.
        reader: String,
    },
    /// A label (or annotation) value left empty or written as null.
    #[error(
        "{what} value is null (nothing, `~` or `null` after the colon), but {what} values are strings; write \"\" for an empty value"
    )]
    NullValue {
        /// `label`, `annotation` or `node selector`.
        what: String,
    },
    /// A kustomize patch whose target is not in the build.
    #[error("patch `{patch}` targets {target}, which is not in this build, so {effect}{}", candidates_note(.candidates))]
    PatchMatchesNothing {
        /// The patch (its file, or the kustomization entry for an inline patch).
        patch: String,
        /// The target as written.
        target: String,
        /// What kustomize then does.
        effect: String,
        /// What the build has instead (`Subscription `openshift-sandboxed-containers-operator``).
        candidates: Option<String>,
    },
    /// A kustomize patch that matches nothing, while the object it was meant for (the same
    /// but for name or namespace) ships another value in a field the patch writes.
    #[error(
        "patch `{patch}` targets {target}, which is not in this build, so the patch silently does nothing and {object} ships `{field}` as {kept}, not the patch's {intended}{}",
        candidates_note(.candidates)
    )]
    DeadPatchKeepsValue {
        /// The patch.
        patch: String,
        /// The target as written.
        target: String,
        /// The object it was meant for, as the build has it.
        object: String,
        /// The field the patch writes.
        field: String,
        /// The value the build ships (a Secret's is never shown).
        kept: String,
        /// The value the patch writes.
        intended: String,
        /// What the build has instead, with the fix.
        candidates: Option<String>,
    },
    /// A kustomize patch that cannot be applied.
    #[error("patch `{patch}` cannot be applied, so kustomize build fails: {message}")]
    PatchFailed {
        /// The patch.
        patch: String,
        /// Why.
        message: String,
    },
    /// A deprecated kustomization field.
    #[error("`{field}` is deprecated in kustomize; {replacement}")]
    DeprecatedField {
        /// The field.
        field: String,
        /// What to write instead.
        replacement: String,
    },
    /// A kustomization entry that names nothing.
    #[error(
        "`{entry}` does not exist, so kustomize build fails (evalsymlink failure on '{path}' : lstat {path}: no such file or directory); fix the path"
    )]
    ResourceNotFound {
        /// The entry as written.
        entry: String,
        /// Where it was looked for.
        path: String,
    },
    /// A directory listed in a kustomization without a kustomization of its own.
    #[error(
        "directory `{entry}` has no kustomization.yaml, so kustomize build fails (unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{path}'); add one, or list its files"
    )]
    NoKustomization {
        /// The entry as written.
        entry: String,
        /// The directory.
        path: String,
    },
    /// A kustomization file that kustomize cannot read (a field of the wrong shape).
    #[error("not a valid kustomization ({message}), so kustomize build fails; fix this field")]
    InvalidKustomization {
        /// What is wrong.
        message: String,
    },
    /// Something else kustomize fails on, with kustomize's reason.
    #[error("kustomize build fails: {message}; {fix}")]
    KustomizeFails {
        /// What kustomize says.
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// A kustomize Component listed under `resources`.
    #[error(
        "`{entry}` is a kustomize Component, so kustomize build fails (expected kind != 'Component' for path '{path}'); list it under `components` instead"
    )]
    ComponentAsResource {
        /// The entry as written.
        entry: String,
        /// The directory.
        path: String,
    },
    /// A kustomization that includes itself.
    #[error(
        "`{entry}` includes the kustomization that lists it (a cycle), so kustomize build fails (cycle detected: candidate root '{path}' contains visited root '{path}'); remove the entry"
    )]
    Cycle {
        /// The entry as written.
        entry: String,
        /// The directory.
        path: String,
    },
    /// A kustomization field `check` does not build as kustomize would.
    #[error(
        "`{field}` is not modelled by oscgen check: the objects it changes are checked as written before it, and patches that match nothing are only warnings"
    )]
    NotModelled {
        /// The field (`replacements`, `helmCharts`, ...), or the directive.
        field: String,
    },
    /// A construct kustomize 4.5.4 and kubectl's kustomize 5.5 build differently.
    #[error(
        "kustomize 4.5.4 and kubectl kustomize 5.5 build this differently: {detail}; write it so both agree if either may build it"
    )]
    KustomizeVersionsDiffer {
        /// What differs, naming both versions.
        detail: String,
    },
    /// A remote resource or generator oscgen does not fetch.
    #[error(
        "`{entry}` is not read by oscgen check (remote, or a generator it does not run); what it adds is not checked, and patches that match nothing are only warnings"
    )]
    NotFollowed {
        /// The entry as written.
        entry: String,
    },
    /// A Helm chart in a checked directory, which `check` does not render.
    #[error(
        "Helm chart `{chart}` is not checked: its templates are Go templates, not manifests; check what it renders instead: `helm template NAME {chart} -f VALUES | oscgen check -` (the same way for `kustomize build DIR | oscgen check -` and `argocd app manifests APP | oscgen check -`)"
    )]
    HelmChartNotChecked {
        /// The chart's directory.
        chart: String,
    },
    /// An object that breaks its kind's schema.
    #[error("does not match the {kind} schema: {message}")]
    Schema {
        /// The kind.
        kind: String,
        /// The schema's complaint.
        message: String,
    },
    /// A field the kind's schema does not declare, which the API server drops.
    #[error(
        "{kind} has no field `{field}`, so the API server drops it and stores the rest (a strict `kubectl apply` refuses the object instead): it never takes effect{}",
        suggestion_note(.suggestion)
    )]
    DroppedField {
        /// The kind.
        kind: String,
        /// The field as written.
        field: String,
        /// The declared field it most likely means.
        suggestion: Option<String>,
    },
    /// Something oscgen itself failed at (a bug).
    #[error("oscgen could not check this: {message}; please report it")]
    Internal {
        /// What failed.
        message: String,
    },
    /// A channel the target OpenShift version's catalog marks deprecated.
    #[error(
        "channel `{channel}` is deprecated in the catalog of OpenShift {openshift}; subscribe to `{replacement}` instead (its head there is {head})"
    )]
    DeprecatedChannel {
        /// The channel.
        channel: String,
        /// The OpenShift version.
        openshift: String,
        /// The channel the catalog points to instead.
        replacement: String,
        /// That channel's head there.
        head: String,
    },
    /// A release (bundle) the target OpenShift version's catalog marks deprecated.
    #[error(
        "release {release} is deprecated in the catalog of OpenShift {openshift}; use channel `{replacement}` (its head there is {head}) or a newer release"
    )]
    DeprecatedRelease {
        /// The release.
        release: String,
        /// The OpenShift version.
        openshift: String,
        /// The channel the catalog points to instead.
        replacement: String,
        /// That channel's head there.
        head: String,
    },
    /// A release the target OpenShift version's catalog does not serve.
    #[error(
        "the catalog of OpenShift {openshift} does not serve release {release}, so its Subscription would never install; it serves {served}: choose one of those, or check spec.openshiftVersion (oscgen's copy of that catalog: {note})"
    )]
    ReleaseNotInCatalog {
        /// The release.
        release: String,
        /// The OpenShift version.
        openshift: String,
        /// The releases it serves, comma separated.
        served: String,
        /// What is not known about the catalog (a later state may serve more).
        note: String,
    },
    /// A release no catalog oscgen has serves, chosen for a cluster of unknown or older
    /// version.
    #[error(
        "release {release} is in none of the OpenShift catalogs oscgen has ({catalogs}): {note}; a Subscription for it installs only where the cluster's own catalog still has it, so choose a release those catalogs serve, or set spec.openshiftVersion to the older cluster's version"
    )]
    ReleaseInNoCatalog {
        /// The release.
        release: String,
        /// The OpenShift versions with a catalog (`4.15-4.22`).
        catalogs: String,
        /// What its catalog row says.
        note: String,
    },
    /// A version that exists somewhere but cannot be chosen.
    #[error("release {release} cannot be chosen: {reason}; known releases: {known}")]
    ReleaseUnavailable {
        /// What was given.
        release: String,
        /// Why, and what to choose instead.
        reason: String,
        /// The known releases, comma separated.
        known: String,
    },
    /// An OpenShift version older than every catalog, for which no release (on the channel
    /// given) was documented.
    #[error(
        "{what} is documented for OpenShift {openshift}, which is older than every catalog oscgen has ({catalogs}); releases documented for {openshift}: {candidates}: choose one with spec.release or spec.channel, or check spec.openshiftVersion"
    )]
    NotDocumentedForOpenShift {
        /// `no release on channel `stable`` or `no release`.
        what: String,
        /// The OpenShift version.
        openshift: String,
        /// The OpenShift versions with a catalog.
        catalogs: String,
        /// The releases documented for that version, with their channels.
        candidates: String,
    },
    /// A channel or default resolved from the OpenShift versions releases were documented
    /// for, since no catalog covers the target.
    #[error(
        "{what} resolved to {release} from the OpenShift versions documented for it ({range}), not from a catalog: oscgen's catalogs cover OpenShift {catalogs}, not {openshift}"
    )]
    ResolvedFromDocumentedRange {
        /// `channel `preview-1.1`` or `the default release`.
        what: String,
        /// The release.
        release: String,
        /// The OpenShift version.
        openshift: String,
        /// The release's documented range and how it is known (`4.9 (confirmed)`).
        range: String,
        /// The OpenShift versions with a catalog.
        catalogs: String,
    },
    /// A channel (or the default) whose head differs between catalogs, resolved without an
    /// OpenShift version.
    #[error(
        "without spec.openshiftVersion, {what} resolves to {release}, the newest release oscgen knows on `{channel}`, which only the catalog of OpenShift {served_by} serves (other catalogs' heads: {others}); set spec.openshiftVersion to the cluster's version to get its catalog's head"
    )]
    HeadDependsOnOpenShift {
        /// `channel `stable`` or `the default release`.
        what: String,
        /// The channel.
        channel: String,
        /// The release it resolved to.
        release: String,
        /// The catalogs that serve that release (`4.22`).
        served_by: String,
        /// Other catalogs and their heads (`4.15: 1.9.0, 4.16: 1.10.3`).
        others: String,
    },
    /// An OpenShift version newer than every catalog oscgen has.
    #[error(
        "oscgen has no catalog for OpenShift {openshift}; it used the newest it has, {newest}'s, so releases only {openshift}'s catalog serves are not known: update oscgen, or pin spec.release after checking `oc get packagemanifest sandboxed-containers-operator`"
    )]
    OpenShiftNewerThanCatalogs {
        /// The OpenShift version.
        openshift: String,
        /// The newest version with a catalog.
        newest: String,
    },
    /// A catalog that was not read in full.
    #[error("the catalog of OpenShift {openshift} is not fully confirmed: {confidence}; {note}")]
    CatalogNotConfirmed {
        /// The OpenShift version.
        openshift: String,
        /// How much was read.
        confidence: String,
        /// What is not known.
        note: String,
    },
    /// `oscgen check` with a target version: a channel that version's catalog does not have.
    #[error(
        "the catalog of OpenShift {openshift} has no channel `{channel}`, so the Subscription never resolves; its channels are {served}: subscribe to one of those, or check the target version (--openshift, or spec.openshiftVersion of the Check config; oscgen's copy of that catalog: {note})"
    )]
    ChannelNotServed {
        /// The channel as written.
        channel: String,
        /// The OpenShift version checked against.
        openshift: String,
        /// The catalog's channels, comma separated.
        served: String,
        /// What is not known about oscgen's copy of the catalog.
        note: String,
    },
    /// `oscgen check` with a target version: a startingCSV that version's catalog does not serve.
    #[error(
        "the catalog of OpenShift {openshift} does not serve startingCSV `{csv}`, so OLM never installs it; it serves releases {served}: set startingCSV: {head} (the head of `{channel}` there), or remove it, or check the target version (--openshift, or spec.openshiftVersion of the Check config; oscgen's copy of that catalog: {note})"
    )]
    CsvNotServed {
        /// The CSV as written.
        csv: String,
        /// The OpenShift version checked against.
        openshift: String,
        /// The releases that catalog serves, comma separated.
        served: String,
        /// The channel the suggestion is the head of: the subscribed one, else the default.
        channel: String,
        /// That channel's head's CSV in that catalog.
        head: String,
        /// What is not known about oscgen's copy of the catalog.
        note: String,
    },
    /// A channel the catalog given with `--catalog` does not have.
    #[error(
        "the catalog {file} has no channel `{channel}` for sandboxed-containers-operator, so the Subscription never resolves there; its channels are {served}"
    )]
    ChannelNotInGivenCatalog {
        /// The channel as written.
        channel: String,
        /// The catalog file.
        file: String,
        /// Its channels, comma separated.
        served: String,
    },
    /// A startingCSV the catalog given with `--catalog` does not have.
    #[error(
        "the catalog {file} has no bundle `{csv}`, so OLM never installs it; set startingCSV to a bundle of channel `{channel}` (its head there: {head}), or remove it"
    )]
    CsvNotInGivenCatalog {
        /// The CSV as written.
        csv: String,
        /// The catalog file.
        file: String,
        /// The channel subscribed to (or the default).
        channel: String,
        /// That channel's head.
        head: String,
    },
    /// A channel, bundle or package that the catalog given with `--catalog` deprecates.
    #[error("the catalog {file} deprecates {what}: {message}")]
    DeprecatedInGivenCatalog {
        /// `channel `stable-1.3``, `bundle ...` or the package.
        what: String,
        /// The catalog file.
        file: String,
        /// Its deprecation message.
        message: String,
    },
    /// A Subscription to a catalog other than Red Hat's, which oscgen does not have (a note).
    #[error(
        "the Subscription installs from catalog source `{catalog_source}` ({place}), not Red Hat's redhat-operators, and oscgen has no copy of it, so channel and startingCSV were not checked; check them with `oscgen check --catalog FILE` (the `opm render` output of that catalog's index image)"
    )]
    OtherCatalogSource {
        /// The source named.
        catalog_source: String,
        /// Where it is defined: `a CatalogSource of this build`, or not among the objects.
        place: String,
    },
    /// A startingCSV newer than the newest release in oscgen's copy of a catalog.
    #[error(
        "oscgen's copy of the catalog of OpenShift {openshift} serves releases up to {head}, and startingCSV `{csv}` is newer; catalogs gain releases after oscgen's copy was read ({note}), so check it against the cluster's own catalog: `oscgen check --catalog FILE` with the `opm render` output of its index, or `oc get packagemanifest sandboxed-containers-operator -n openshift-marketplace -o yaml`"
    )]
    ReleaseNewerThanCatalog {
        /// The CSV as written.
        csv: String,
        /// The OpenShift version checked against.
        openshift: String,
        /// The newest release in oscgen's copy.
        head: String,
        /// What is not known about oscgen's copy of the catalog.
        note: String,
    },
    /// `oscgen check` with a target version oscgen has no catalog for.
    #[error(
        "oscgen has no catalog for OpenShift {openshift} (it has {catalogs}), so channel and startingCSV were not checked against what that cluster serves; compare them with `oc get packagemanifest sandboxed-containers-operator -o yaml` on the cluster"
    )]
    NoCatalogForOpenShift {
        /// The target version.
        openshift: String,
        /// The versions oscgen has catalogs for.
        catalogs: String,
    },
    /// A Check config's `openshiftVersion` that `--openshift` (or an earlier Check config) overrides.
    #[error("this Check config targets OpenShift {value}, but the check ran for {used} ({why}); make them agree")]
    OpenShiftVersionOverridden {
        /// What the config says.
        value: String,
        /// The version the check used.
        used: String,
        /// Where that came from.
        why: String,
    },
    /// `checkNodeEligibility: true` and nothing that runs Node Feature Discovery.
    #[error(
        "with checkNodeEligibility: true the operator only gives Kata to nodes that Node Feature Discovery labelled feature.node.kubernetes.io/runtime.kata=true, and no NodeFeatureDiscovery object is among the checked files, so no node gets Kata until NFD runs; add the NFD operator and a NodeFeatureDiscovery that sets that label, or remove checkNodeEligibility"
    )]
    NoNodeFeatureDiscovery,
    /// Confidential containers on bare metal without what labels the TEE nodes.
    #[error(
        "the confidential gate is on without peer pods (bare metal), so the operator's kata-cc RuntimeClass runs only on nodes labelled {labels}, and no {missing} is among the checked files to label them: add the Node Feature Discovery operator, a NodeFeatureDiscovery, and a NodeFeatureRule that sets your TEE's label, or the KataConfig waits for nodes that never qualify"
    )]
    ConfidentialNeedsNodeFeatures {
        /// `NodeFeatureDiscovery and NodeFeatureRule`, or one of them.
        missing: String,
        /// The TEE labels, comma separated.
        labels: String,
    },
    /// A KataConfig written with a namespace.
    #[error(
        "KataConfig is cluster-scoped, so `metadata.namespace: {namespace}` means nothing: the API server drops it, and tools that compare the file with the cluster (diffs, patch targets with a namespace) see a different object; remove it"
    )]
    NamespacedKataConfig {
        /// The namespace written.
        namespace: String,
    },
    /// A MachineConfig or RuntimeClass the operator creates itself, written with other content.
    #[error(
        "the operator of release {release} creates {kind} `{name}` itself, with {field} {expected}; this one has {found}, so the repository and the operator write the same object differently and each undoes the other: remove it from the repository, or write what the operator writes"
    )]
    OperatorObjectDiffers {
        /// `MachineConfig` or `RuntimeClass`.
        kind: String,
        /// Its name.
        name: String,
        /// The subscribed release.
        release: String,
        /// The field that differs.
        field: String,
        /// What the operator writes there.
        expected: String,
        /// What the repository writes there.
        found: String,
    },
    /// Node objects of a release whose operator code was not read (or that a cluster showed
    /// differently).
    #[error("node objects of release {release} are not confirmed: {note}")]
    NodeObjectsNotConfirmed {
        /// The release.
        release: String,
        /// What is not confirmed.
        note: String,
    },
    /// A negative quantity where Kubernetes requires zero or more.
    #[error(
        "`{value}` is negative, and the API server refuses negative pod overhead; write zero or more, like 250m or 350Mi"
    )]
    NegativeQuantity {
        /// What was given.
        value: String,
    },
    /// A label value written as an unquoted YAML 1.1 boolean word (`yes`, `off`).
    #[error(
        "label value {value} is unquoted: oscgen and kustomize (YAML 1.2) read it as the string \"{value}\", but kubectl and oc (YAML 1.1) read it as a boolean; quote it: \"{value}\""
    )]
    UnquotedYaml11Bool {
        /// The value as written.
        value: String,
    },
    /// Something the chosen release does not have yet (peer pods, a provider, a key, a gate).
    #[error(
        "release {release} has no {feature} (it first appears in {since}); remove it or choose release {since} or later"
    )]
    FeatureNotInRelease {
        /// What is missing, as users write it (`provider gcp`).
        feature: String,
        /// The chosen release.
        release: String,
        /// The first release that has it.
        since: String,
    },
    /// Peer pods without a provider.
    #[error(
        "set CLOUD_PROVIDER (spec.peerPods.provider, with the settings block of that name) to aws, azure, gcp or libvirt"
    )]
    MissingProvider,
    /// A provider block other than the provider's.
    #[error(
        "`{block}` settings do not apply to provider {provider}: peer pods run in one cloud; remove the `{block}` block, or set provider: {block} and remove the `{provider}` block"
    )]
    ProviderBlockMismatch {
        /// The block given.
        block: String,
        /// The provider set.
        provider: String,
    },
    /// The provider's own block is missing, or sets none of the keys the operator needs.
    #[error(
        "provider {provider} needs {fields} in its `{provider}` block, and none is set; fill them in (`oscgen schema` documents each)"
    )]
    MissingProviderBlock {
        /// The provider.
        provider: String,
        /// Its required fields, comma separated.
        fields: String,
    },
    /// A `peer-pods-cm` key the operator needs for the provider, missing or empty.
    #[error(
        "{who} needs `{key}` in peer-pods-cm for CLOUD_PROVIDER {provider} (it checks the key before building the pod VM image); {fix}"
    )]
    MissingPeerPodsKey {
        /// The key (`AWS_SUBNET_ID`).
        key: String,
        /// The provider.
        provider: String,
        /// Whose operator: `the operator of release 1.11.1`.
        who: String,
        /// How to fix it: which field to set, or to add the key.
        fix: String,
    },
    /// An `osc-feature-gates` key the subscribed release's operator does not read.
    #[error(
        "`{key}` is not a feature gate the operator of {release} reads (it looks each gate up by its exact name and ignores the rest){}; its gates: {known}",
        suggestion_note(.suggestion)
    )]
    UnknownFeatureGate {
        /// The key.
        key: String,
        /// `release 1.11.1`, or `any release`.
        release: String,
        /// The gates it reads, comma separated.
        known: String,
        /// The gate of that name in another case.
        suggestion: Option<String>,
    },
    /// A `peer-pods-cm` key that is needed, present, and empty.
    #[error("`{key}` is empty, and CLOUD_PROVIDER {provider} needs a value there: {why}; set it")]
    EmptyPeerPodsKey {
        /// The key.
        key: String,
        /// The provider.
        provider: String,
        /// Who needs it, and what happens without it.
        why: String,
    },
    /// A `peer-pods-cm` key the subscribed release no longer reads.
    #[error("release {release} does not read `{key}` ({instead}); move the setting there and remove the key")]
    KeyNotReadByRelease {
        /// The key.
        key: String,
        /// The subscribed release.
        release: String,
        /// Where the setting lives instead.
        instead: String,
    },
    /// A `peer-pods-cm` value of the wrong shape (a cloud resource id, a boolean).
    #[error("`{value}` is not {expected}")]
    InvalidPeerPodsValue {
        /// The value.
        value: String,
        /// What it should look like, with an example.
        expected: String,
    },
    /// A port outside 1-65535.
    #[error("port {value} is out of range; use a port from 1 to 65535, e.g. 9000")]
    PortOutOfRange {
        /// The value.
        value: String,
    },
    /// A duration Go's `time.ParseDuration` refuses (or one that is not positive).
    #[error(
        "`{value}` is not a duration PROXY_TIMEOUT can take: {reason}; write a Go duration such as 5m, 90s or 1h30m"
    )]
    InvalidDuration {
        /// The value.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// A count or size that must be 1 or more.
    #[error("{value} is not a positive whole number; use 1 or more")]
    NotPositive {
        /// The value.
        value: String,
    },
    /// A tag the `TAGS` key cannot carry.
    #[error(
        "tag `{key}` {reason}: TAGS is written key=value,key=value and the cloud-api-adaptor splits it at every `,`, then each pair at its first `=`, trimming spaces"
    )]
    InvalidTag {
        /// The tag's key.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// Peer pods without saying where the credentials come from.
    #[error(
        "say where the cloud credentials come from: `credentials: {{secretName: peer-pods-secret}}` for a Secret you create out of band or with an external-secrets tool (keys {keys}), or `credentials: cloudCredentialOperator` for the operator to create it; oscgen never holds credentials"
    )]
    MissingCredentials {
        /// The keys the Secret holds for the provider.
        keys: String,
    },
    /// A Secret name other than the one the operator reads.
    #[error(
        "the operator reads {purpose} only from the Secret `{required}` in its namespace, not `{given}`: create it under that name"
    )]
    FixedSecretName {
        /// The name given.
        given: String,
        /// The name the operator reads.
        required: String,
        /// What it holds (`the cloud credentials`).
        purpose: String,
    },
    /// The Cloud Credential Operator asked for a provider it has no credentials for.
    #[error(
        "the operator's CredentialsRequest covers aws, azure and gcp, not {provider}: create peer-pods-secret yourself and set credentials: {{secretName: peer-pods-secret}}"
    )]
    CredentialsRequestNotForProvider {
        /// The provider.
        provider: String,
    },
    /// The Secret the user creates for peer pods, and its keys (a note).
    #[error(
        "create the Secret `{secret}` in namespace {namespace} with keys {keys}, out of band or with an external-secrets tool; oscgen writes no Secret"
    )]
    PeerPodsSecretKeys {
        /// The Secret.
        secret: String,
        /// Its namespace.
        namespace: String,
        /// Its keys, comma separated.
        keys: String,
    },
    /// A `peer-pods-cm` key the operator writes itself, set in Git.
    #[error(
        "`{key}` is written by the operator ({why}); kept in Git, Argo CD and the operator overwrite each other's value on every sync: leave it out, or have Argo CD ignore /data/{key} of peer-pods-cm (ignoreDifferences)"
    )]
    OperatorWrittenKey {
        /// The key.
        key: String,
        /// What the operator writes there.
        why: String,
    },
    /// `enablePeerPods: false` together with `peerPods`.
    #[error("enablePeerPods: false contradicts spec.peerPods, which turns peer pods on; remove enablePeerPods")]
    PeerPodsDisabled,
    /// Peer pods enabled without the ConfigMap the operator reads.
    #[error(
        "enablePeerPods is true, but no ConfigMap peer-pods-cm in namespace {namespace} {place}, and the operator cannot set up peer pods without it; give the KataRuntime a spec.peerPods (oscgen writes the ConfigMap), or add the ConfigMap"
    )]
    NoPeerPodsConfigMap {
        /// The operator's namespace.
        namespace: String,
        /// `is generated` or `is among the checked objects`.
        place: String,
    },
    /// `checkNodeEligibility` with peer pods.
    #[error(
        "checkNodeEligibility has no effect with enablePeerPods: true (the operator skips the node eligibility check for peer pods, whose VMs run in the cloud); remove it"
    )]
    PeerPodsSkipsEligibility,
    /// A `CLOUD_PROVIDER` value the operator does not know.
    #[error("CLOUD_PROVIDER `{value}` is not a provider the operator supports; use aws, azure, gcp or libvirt")]
    UnknownCloudProvider {
        /// The value.
        value: String,
    },
    /// A `peer-pods-cm` key no documented provider reads.
    #[error("`{key}` is not a peer-pods-cm key documented for any provider (misspelt?); known keys: {known}")]
    UnknownPeerPodsKey {
        /// The key.
        key: String,
        /// The documented keys, comma separated.
        known: String,
    },
    /// A Secret in the repository holding a value with a real credential's shape. Never
    /// carries the value.
    #[error(
        "credentials committed to Git: Secret `{secret}` holds `{key}`, a value with the shape of {shape}; rotate that credential now, remove the Secret from the repository (and its history), and create it out of band or with an external-secrets tool (ExternalSecret, SealedSecret)"
    )]
    CredentialsInGit {
        /// The Secret's name.
        secret: String,
        /// The key holding the credential.
        key: String,
        /// The shape it has (`an AWS secret access key`).
        shape: String,
    },
    /// A Secret in the repository holding a publicly documented default credential. Never
    /// carries the value.
    #[error(
        "Secret `{secret}` holds `{key}` set to a publicly documented default ({whose}), which anyone can try: set a credential of your own, created out of band or with an external-secrets tool (ExternalSecret, SealedSecret)"
    )]
    PublicDefaultCredential {
        /// The Secret's name.
        secret: String,
        /// The key.
        key: String,
        /// Whose default it is.
        whose: String,
    },
    /// A Secret in the repository holding a value under a credential key that has no known
    /// credential's shape and is no placeholder. Never carries the value.
    #[error(
        "Secret `{secret}` holds a value under `{key}` that is neither empty nor a placeholder, so it may be a credential committed to Git; if it is one, rotate it and create the Secret out of band or with an external-secrets tool (ExternalSecret, SealedSecret); if it is a placeholder, name it as one (e.g. REPLACE_ME)"
    )]
    PossibleCredentialInGit {
        /// The Secret's name.
        secret: String,
        /// The key.
        key: String,
    },
    /// Confidential containers without peer pods on an OpenShift before 4.20.
    #[error(
        "confidential containers without peer pods (bare metal) need OpenShift 4.20 or later, not {openshift}: the operator creates no kata-cc RuntimeClass before that (reason UnsupportedOCPVersion); enable peer pods, or upgrade the cluster"
    )]
    ConfidentialNeedsOpenShift {
        /// The target OpenShift.
        openshift: String,
    },
    /// Confidential containers without peer pods and without a target OpenShift version.
    #[error(
        "confidential containers without peer pods (bare metal) need OpenShift 4.20 or later, and without spec.openshiftVersion oscgen cannot tell; set it to the cluster's version"
    )]
    ConfidentialOpenShiftUnknown,
    /// Confidential containers without peer pods on a release that has them only with peer pods.
    #[error(
        "release {release} applies `confidential` to peer pods only, and this config has none; enable peer pods, or choose release 1.11.0 or later (bare metal, OpenShift 4.20+)"
    )]
    ConfidentialNeedsPeerPods {
        /// The release.
        release: String,
    },
    /// What DaemonSet mode puts on the nodes instead of MachineConfigs (a note).
    #[error(
        "deploymentMode {mode}: the operator creates no MachineConfigPool, MachineConfig or ContainerRuntimeConfig; it installs Kata with DaemonSets and labels the nodes: {labels}"
    )]
    DaemonSetModeLabels {
        /// `DaemonSet` or `DaemonSetFallback`.
        mode: String,
        /// The labels and their values.
        labels: String,
    },
    /// A field the DaemonSet mode ignores.
    #[error(
        "`{field}` is ignored in DaemonSet mode (the operator applies it through MachineConfigs only); remove it, or use deploymentMode MachineConfig"
    )]
    IgnoredInDaemonSetMode {
        /// The field.
        field: String,
    },
    /// The preview of a mode chosen by the cluster (a note).
    #[error(
        "deploymentMode DaemonSetFallback: the preview shows MachineConfig mode, which the operator uses where the cluster serves MachineConfig; elsewhere (hosted control planes) it uses DaemonSets and creates none of the pool, MachineConfigs and ContainerRuntimeConfig"
    )]
    DaemonSetFallbackPreview,
    /// A custom handler (carried in a MachineConfig) in DaemonSet mode.
    #[error(
        "the runtime handler is carried by MachineConfig {machine_config}, which only a cluster with the Machine Config Operator applies; in DaemonSet mode make sure the cluster serves MachineConfig, or drop runtimeHandler"
    )]
    HandlerNeedsMachineConfig {
        /// The MachineConfig.
        machine_config: String,
    },
    /// Peer-pods behaviour of a release whose code was not read (a note).
    #[error("peer pods of release {release} are not confirmed: {note}")]
    PeerPodsNotConfirmed {
        /// The release.
        release: String,
        /// What is not confirmed.
        note: String,
    },
    /// A field the config cannot do without.
    #[error("`{field}` is required: {hint}")]
    RequiredField {
        /// The field's name.
        field: String,
        /// What to write.
        hint: String,
    },
    /// A policy placement that selects every managed cluster.
    #[error(
        "the placement selects every managed cluster (the hub's local-cluster and clusters that are not OpenShift included); give clusterSelector, e.g. matchLabels: {{vendor: OpenShift}}, or the clusterSets to select from"
    )]
    EmptyPlacement,
    /// An RHACM version that is not `2.<minor>`.
    #[error("invalid RHACM version `{value}`: {reason}")]
    InvalidAcmVersion {
        /// What was given.
        value: String,
        /// What is wrong, and the form to use.
        reason: String,
    },
    /// An RHACM version without a generally available OperatorPolicy.
    #[error(
        "RHACM {acm} predates OperatorPolicy (generally available from {ga}), so a ConfigurationPolicy installs the operator; it is Compliant once the Subscription exists, not once the operator runs, so the KataConfig is tried early and refused by the operator's webhook until the operator is up (the policy retries); set acmVersion to {ga} or later if the hub and clusters run it"
    )]
    OperatorPolicyFallback {
        /// The version given.
        acm: String,
        /// The first version with OperatorPolicy GA.
        ga: String,
    },
    /// A hub API whose first RHACM release is not confirmed.
    #[error(
        "in which RHACM release {what} first appeared is not confirmed; check that a hub running RHACM {acm} serves it (`oc api-resources --api-group=cluster.open-cluster-management.io`)"
    )]
    AcmApiUnconfirmed {
        /// The API (`Placement v1beta1 and ManagedClusterSetBinding v1beta2`).
        what: String,
        /// The version given.
        acm: String,
    },
    /// A field of an embedded spec that has no meaning inside a policy.
    #[error("{reason}; remove it")]
    NotInPolicy {
        /// Why it does not apply.
        reason: String,
    },
    /// An Argo CD setup whose kustomize silently skips exec KRM functions.
    #[error(
        "{setting} passes --enable-alpha-plugins without --enable-exec, so kustomize skips the oscgen generator without an error (exit 0, no objects); with pruning on, Argo CD then deletes the KataConfig and the operator removes Kata from the nodes (MachineConfig removal, node reboots): add --enable-exec"
    )]
    ExecNotEnabled {
        /// The setting (`argocd-cm data["kustomize.buildOptions"]`).
        setting: String,
    },
    /// A KataConfig applied together with its operator, with nothing ordering it after it.
    #[error(
        "KataConfig `{name}` is in the same build as the operator's Subscription and nothing orders it after the operator, so the first sync applies it before OLM has created its CRD and before the operator's webhook serves, and fails; give it a later argocd.argoproj.io/sync-wave than the Subscription (oscgen configs: gitops: {{engine: argocd}}), or put it in its own Flux Kustomization that dependsOn the operator's"
    )]
    UnorderedKataConfig {
        /// The KataConfig.
        name: String,
    },
    /// An initdata value that is not base64.
    #[error(
        "initdata is not base64 ({reason}); the value is the initdata TOML gzip'd then base64'd (`oscgen initdata encode FILE` writes it)"
    )]
    InitdataNotBase64 {
        /// What the decoder said.
        reason: String,
    },
    /// An initdata value whose bytes are not gzip.
    #[error(
        "initdata is base64 but not gzip ({reason}); the cloud-api-adaptor gunzips it and refuses to start otherwise: encode the TOML with `oscgen initdata encode FILE`"
    )]
    InitdataNotGzip {
        /// What the decompressor said.
        reason: String,
    },
    /// An initdata value that decompresses past the bound.
    #[error(
        "initdata decompresses to more than {limit} bytes, and oscgen stops there (no initdata comes near it; this is the wrong value or a gzip bomb)"
    )]
    InitdataTooLarge {
        /// The bound, in bytes.
        limit: usize,
    },
    /// Initdata whose text is not UTF-8 TOML.
    #[error("initdata is not valid TOML: {message}")]
    InitdataNotToml {
        /// What the TOML parser said.
        message: String,
    },
    /// An initdata digest algorithm the cloud-api-adaptor does not accept.
    #[error(
        "initdata algorithm `{found}` is not one the cloud-api-adaptor accepts (it refuses to start); use sha256, sha384 or sha512"
    )]
    InitdataAlgorithm {
        /// What was given.
        found: String,
    },
    /// A key initdata does not have.
    #[error("initdata has no `{key}`; {expected}")]
    InitdataUnknownKey {
        /// The key.
        key: String,
        /// What it may hold.
        expected: String,
    },
    /// An initdata value of the wrong type.
    #[error("initdata `{key}` must be {expected}, not {found}")]
    InitdataWrongType {
        /// The key.
        key: String,
        /// The type it must have.
        expected: String,
        /// The type it has.
        found: String,
    },
    /// An initdata file (`aa.toml`, `cdh.toml`) that is not TOML.
    #[error("initdata file `{file}` is not valid TOML, so the pod VM cannot read it: {message}")]
    InitdataFileNotToml {
        /// The file.
        file: String,
        /// What the parser said.
        message: String,
    },
    /// KBS URLs that disagree between the initdata files (or with the KBS route).
    #[error(
        "the KBS URL differs: {first_where} has `{first}`, {second_where} has `{second}`; the pod VM attests against one and fetches secrets from the other, so attestation fails at pod start: use one URL everywhere"
    )]
    InitdataKbsUrlMismatch {
        /// Where the first URL is.
        first_where: String,
        /// The first URL.
        first: String,
        /// Where the second URL is.
        second_where: String,
        /// The second URL.
        second: String,
    },
    /// An https KBS URL without the KBS certificate, or an http one with it.
    #[error("{file}: {problem}")]
    InitdataKbsCert {
        /// The file (`aa.toml`, `cdh.toml`).
        file: String,
        /// What is wrong and the fix.
        problem: String,
    },
    /// An agent policy that lets the host run commands in, or read the output of, containers.
    #[error(
        "policy.rego allows {request} ({what}); whoever controls the host can then {risk}: set `default {request} := false` for confidential workloads"
    )]
    InitdataPolicyAllows {
        /// The agent request (`ExecProcessRequest`).
        request: String,
        /// What the request does.
        what: String,
        /// What an untrusted host gains.
        risk: String,
    },
    /// An OSC release no source pairs with a Trustee version.
    #[error(
        "no source says which Trustee pairs with OSC release {release}, so oscgen writes none; choose a release of a paired line ({known})"
    )]
    TrusteeNotPaired {
        /// The release given.
        release: String,
        /// The paired OSC lines.
        known: String,
    },
    /// A fact about confidential containers that is inferred, not documented (a warning).
    #[error("{what} is inferred, not documented: {note}; check it against the cluster before relying on it")]
    CocoInferred {
        /// What is inferred.
        what: String,
        /// Why, and what is not known.
        note: String,
    },
    /// A Trustee line whose CSV name no source gives (a note).
    #[error(
        "no source names the CSV of a Trustee {trustee} build, so the Subscription pins none and OLM installs the head of channel stable; set installPlanApproval: Manual to approve the version yourself"
    )]
    TrusteeCsvUnknown {
        /// The Trustee line.
        trustee: String,
    },
    /// A field the paired Trustee's config format does not have.
    #[error("Trustee {trustee} (paired with OSC {release}) is configured with a {format}, which has no {field}; {fix}")]
    NotInTrustee {
        /// The Trustee line.
        trustee: String,
        /// The OSC release.
        release: String,
        /// `KbsConfig` or `TrusteeConfig`.
        format: String,
        /// What it lacks.
        field: String,
        /// How to fix it.
        fix: String,
    },
    /// A KBS setting that contradicts another.
    #[error("{problem}")]
    KbsSetting {
        /// What is wrong and how to fix it.
        problem: String,
    },
    /// PEM that is not a public certificate where only one belongs.
    #[error(
        "kbsCertificate must be a public certificate (-----BEGIN CERTIFICATE-----); {found}: initdata is readable by the host, so never put a private key there"
    )]
    NotACertificate {
        /// What was found instead (never the value).
        found: String,
    },
    /// The initdata value and where it goes (a note).
    #[error("initdata for {target}: {value}")]
    InitdataValue {
        /// Where it goes.
        target: String,
        /// The value.
        value: String,
    },
    /// The initdata digest (a note).
    #[error(
        "initdata digest {digest}: add it to Trustee's reference values so only pods started with this initdata attest"
    )]
    InitdataDigest {
        /// `sha384:<hex>`.
        digest: String,
    },
    /// The Azure vTPM PCR8 reference value of sha256 initdata (a note).
    #[error(
        "Azure PCR8 reference value for this initdata: {pcr8} (sha256 of 32 zero bytes and the initdata digest); every INITDATA change needs a new one"
    )]
    AzurePcr8 {
        /// Lowercase hex.
        pcr8: String,
    },
    /// A TrusteeConfig `profileType` the operator does not know.
    #[error(
        "profileType `{found}` is not Permissive or Restricted, and the Trustee operator treats any other value as Permissive without a word; write Restricted (or Permissive)"
    )]
    UnknownProfileType {
        /// What was written.
        found: String,
    },
    /// A KbsConfig without `kbsDeploymentType`.
    #[error(
        "kbsDeploymentType is {found}, and the Trustee operator then deploys microservices (although its CRD says all-in-one), which an all-in-one kbs-config.toml breaks; write kbsDeploymentType: AllInOneDeployment"
    )]
    EmptyKbsDeploymentType {
        /// `missing`.
        found: String,
    },
    /// An initdata annotation key of another OSC release.
    #[error(
        "`{found}` is the initdata annotation of OSC {found_releases}; release {release} reads `{expected}`, so this initdata is ignored and the pod starts with the default: rename the annotation"
    )]
    WrongInitdataAnnotation {
        /// The key written.
        found: String,
        /// The OSC lines that read it.
        found_releases: String,
        /// The release the tree installs.
        release: String,
        /// The key it reads.
        expected: String,
    },
    /// A private key in the tree.
    #[error(
        "a private key ({what}) is committed here; whoever reads the repository holds it: remove it from the repository and its history, rotate it, and provide it out of band (a Secret made outside Git, an external-secrets tool); oscgen never prints it"
    )]
    PrivateKeyInGit {
        /// The PEM label (`PRIVATE KEY`, `OPENSSH PRIVATE KEY`).
        what: String,
    },
    /// A pod VM instance that is not confidential, with confidential containers on.
    #[error("confidential containers are on, but {key} `{value}` {problem}")]
    NotConfidentialInstance {
        /// The peer-pods-cm key.
        key: String,
        /// The instance size or type.
        value: String,
        /// What is wrong and the fix.
        problem: String,
    },
    /// The default instance size missing from the allowed list.
    #[error(
        "{key} `{value}` is not in {list_key}, the sizes pods may ask for, so pods without an instance-size annotation are refused: add it to {list_key}"
    )]
    DefaultSizeNotAllowed {
        /// The default's key.
        key: String,
        /// The default.
        value: String,
        /// The list's key.
        list_key: String,
    },
    /// GCP confidential VMs without their type.
    #[error(
        "confidential containers are on, so the cloud-api-adaptor needs GCP_CONFIDENTIAL_TYPE ({allowed}) and refuses to create pod VMs without it; {fix}"
    )]
    GcpConfidentialType {
        /// The values it takes.
        allowed: String,
        /// How to fix what was written.
        fix: String,
    },
    /// An object a KbsConfig names, in another namespace.
    #[error(
        "{field} names {kind} `{name}`, which is in namespace {found}, but the Trustee operator looks for it in its own namespace {expected} (where this KbsConfig is): move it there"
    )]
    TrusteeRefNamespace {
        /// The KbsConfig field.
        field: String,
        /// `ConfigMap` or `Secret`.
        kind: String,
        /// Its name.
        name: String,
        /// Its namespace.
        found: String,
        /// The KbsConfig's namespace.
        expected: String,
    },
    /// A ConfigMap a KbsConfig names without the key that Trustee reads.
    #[error(
        "{field} names ConfigMap `{name}`, which has none of the keys Trustee reads there ({expected}); Trustee versions differ: {versions}"
    )]
    TrusteeConfigMapKey {
        /// The KbsConfig field.
        field: String,
        /// The ConfigMap.
        name: String,
        /// The keys accepted.
        expected: String,
        /// Which version reads which key.
        versions: String,
    },
}

fn placeholder(value: &str) -> String {
    if value.trim().is_empty() { "empty".to_owned() } else { format!("the placeholder `{value}`") }
}

fn patch_note(patch: &Option<String>) -> String {
    patch.as_ref().map(|p| format!(" (patch `{p}` was meant to replace it, but matches nothing)")).unwrap_or_default()
}

fn suggestion_note(suggestion: &Option<String>) -> String {
    suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default()
}

fn candidates_note(candidates: &Option<String>) -> String {
    candidates.as_ref().map(|c| format!("; {c}")).unwrap_or_default()
}

impl DiagnosticKind {
    /// The machine-readable name (`placeholder`, `patchMatchesNothing`): the serde tag.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(serde_json::Value::as_str).map(str::to_owned))
            .unwrap_or_default()
    }
}

/// All the problems found in one input. Rendering refuses to emit anything while it holds an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Report {
    /// The problems, in the order they were found.
    pub entries: Vec<Diagnostic>,
}

impl Report {
    /// Adds an error.
    pub fn error(&mut self, path: FieldPath, kind: DiagnosticKind) {
        self.entries.push(Diagnostic::error(path, kind));
    }

    /// Adds a warning.
    pub fn warning(&mut self, path: FieldPath, kind: DiagnosticKind) {
        self.entries.push(Diagnostic::warning(path, kind));
    }

    /// Adds a note.
    pub fn info(&mut self, path: FieldPath, kind: DiagnosticKind) {
        self.entries.push(Diagnostic::info(path, kind));
    }

    /// Whether any entry is an error.
    pub fn has_errors(&self) -> bool {
        self.entries.iter().any(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Everything but the errors: warnings and notes, in order.
    pub fn notices(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().filter(|d| d.severity != Severity::Error)
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.entries.push(diagnostic);
    }

    /// Marks every entry without an object as being about `object` (the config it came from).
    pub fn attribute(&mut self, object: &ObjectRef) {
        for entry in &mut self.entries {
            entry.object.get_or_insert_with(|| object.clone());
        }
    }

    /// Names `file` as where every entry without a file was written.
    pub fn in_file(&mut self, file: &str) {
        for entry in &mut self.entries {
            let origin = entry.origin.get_or_insert_with(Origin::default);
            origin.file.get_or_insert_with(|| file.to_owned());
        }
    }

    /// Moves all entries of `other` into this report.
    pub fn extend(&mut self, other: Report) {
        self.entries.extend(other.entries);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}
