//! Problems in the user's input: collected into one [`Report`], never thrown one at a time.
//!
//! Every message is lowercase, names what is wrong and says how to fix it. Paths point into
//! the config the user wrote (`spec.poolSelector.matchLabels.kata`).

use std::fmt;

use serde::Serialize;

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

/// One step of a [`FieldPath`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// A mapping key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// Where in the input a problem is, displayed as `spec.poolSelector.matchLabels.kata`.
///
/// Keys that are not plain identifiers are bracketed: `matchLabels["node-role.kubernetes.io/worker"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    /// The path of the whole input.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// Parses a dotted path of plain keys, e.g. `spec.channel`.
    pub fn parse(dotted: &str) -> Self {
        Self(dotted.split('.').filter(|s| !s.is_empty()).map(|s| Segment::Key(s.to_owned())).collect())
    }

    /// This path with `key` appended.
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.into()));
        next
    }

    /// This path with `index` appended.
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                Segment::Key(k) => write!(f, "[{k:?}]")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Which config a diagnostic belongs to, when several are rendered together.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ConfigRef {
    /// The config's kind (`KataRuntime`).
    pub kind: String,
    /// The config's `metadata.name`.
    pub name: String,
}

/// One problem in the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The field the problem is in.
    pub path: FieldPath,
    /// What is wrong, and how to fix it.
    pub kind: DiagnosticKind,
    /// The config it is in, when more than one is rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<ConfigRef>,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: FieldPath, kind: DiagnosticKind) -> Self {
        Self { severity: Severity::Error, path, kind, config: None }
    }

    /// A warning at `path`.
    pub fn warning(path: FieldPath, kind: DiagnosticKind) -> Self {
        Self { severity: Severity::Warning, path, kind, config: None }
    }

    /// A note at `path`.
    pub fn info(path: FieldPath, kind: DiagnosticKind) -> Self {
        Self { severity: Severity::Info, path, kind, config: None }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.severity)?;
        match &self.config {
            // A document without a name (`document 2` of a file) is shown without the slash.
            Some(config) if config.name.is_empty() => write!(f, "{}: ", config.kind)?,
            Some(config) => write!(f, "{}/{}: ", config.kind, config.name)?,
            None => {}
        }
        if !self.path.0.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.kind)
    }
}

/// Every user-facing message oscgen produces about its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
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
    /// A channel that is not in the catalog.
    #[error("unknown channel `{channel}`; known channels: {known}")]
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
    /// A second KataConfig in one render.
    #[error(
        "a cluster takes exactly one KataConfig (the operator refuses a second); `{name}` would be the second after `{first}`: render one KataRuntime per cluster"
    )]
    SecondKataConfig {
        /// This config's KataConfig name.
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
    /// Peer pods asked for together with node-object pre-rendering.
    #[error(
        "peer-pods node objects (50-kata-remote, 40-worker-kata-remote-config) are not pre-rendered: their content comes from the operator's own files; the operator still creates them"
    )]
    PeerPodsNotPrerendered,
    /// An install namespace other than the one the operator requires.
    #[error(
        "the operator installs only into `{required}` (its CSV's suggested namespace; other namespaces fail); remove namespace or set it to {required}"
    )]
    UnsupportedNamespace {
        /// The namespace the operator requires.
        required: String,
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
}

/// All the problems found in one input. Rendering refuses to emit anything while it holds an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
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

    /// Marks every entry as belonging to `config`.
    pub fn attribute(&mut self, config: &ConfigRef) {
        for entry in &mut self.entries {
            entry.config.get_or_insert_with(|| config.clone());
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
