//! Every message `check` produces: lowercase, specific, and each says how to fix it.

use crate::DiagnosticKind;

/// What a [`Finding`](super::Finding) is about, and how to fix it.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CheckKind {
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
    /// A channel the operator is not published on.
    #[error("unknown channel `{channel}` for sandboxed-containers-operator; known channels: {known}")]
    UnknownChannel {
        /// The channel as written.
        channel: String,
        /// The known channels, comma separated.
        known: String,
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
    /// The operator's Subscription or OperatorGroup outside the namespace it requires.
    #[error(
        "the operator installs only into `{required}` (its CSV's suggested namespace; other namespaces fail), but this {kind} is in `{namespace}`; set metadata.namespace: {required}"
    )]
    OperatorNamespace {
        /// `Subscription` or `OperatorGroup`.
        kind: String,
        /// The namespace it is in.
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
    /// A second KataConfig.
    #[error(
        "a cluster takes exactly one KataConfig (the operator refuses a second); `{name}` would be the second after `{first}`: keep one"
    )]
    SecondKataConfig {
        /// This KataConfig.
        name: String,
        /// The first one.
        first: String,
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
    /// A kustomize patch that cannot be applied.
    #[error("patch `{patch}` cannot be applied: {message}; kustomize build fails")]
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
    #[error("`{entry}` does not exist ({path}), so kustomize build fails; fix the path")]
    ResourceNotFound {
        /// The entry as written.
        entry: String,
        /// Where it was looked for.
        path: String,
    },
    /// A directory listed in a kustomization without a kustomization of its own.
    #[error("directory `{entry}` has no kustomization.yaml, so kustomize build fails; add one, or list its files")]
    NoKustomization {
        /// The entry as written.
        entry: String,
    },
    /// A kustomization that includes itself.
    #[error("`{entry}` includes the kustomization that lists it (a cycle), so kustomize build fails; remove the entry")]
    Cycle {
        /// The entry as written.
        entry: String,
    },
    /// A remote resource or generator oscgen does not fetch.
    #[error(
        "`{entry}` is not read by oscgen check (remote, or a generator it does not run); what it adds is not checked, and patches that match nothing are only warnings"
    )]
    NotFollowed {
        /// The entry as written.
        entry: String,
    },
    /// An object that breaks its kind's schema.
    #[error("does not match the {kind} schema: {message}")]
    Schema {
        /// The kind.
        kind: String,
        /// The schema's complaint.
        message: String,
    },
    /// A problem in an oscgen generator config, as `oscgen render` reports it.
    #[error("{0}")]
    Config(DiagnosticKind),
    /// A Check functionConfig with a field oscgen does not know.
    #[error("unknown field `{field}` in the Check config; it takes apiVersion, kind, metadata and an empty spec")]
    CheckConfig {
        /// The field.
        field: String,
    },
    /// Something oscgen itself failed at (a bug).
    #[error("oscgen could not check this: {message}; please report it")]
    Internal {
        /// What failed.
        message: String,
    },
}

fn placeholder(value: &str) -> String {
    if value.trim().is_empty() { "empty".to_owned() } else { format!("the placeholder `{value}`") }
}

fn patch_note(patch: &Option<String>) -> String {
    patch.as_ref().map(|p| format!(" (patch `{p}` was meant to replace it, but matches nothing)")).unwrap_or_default()
}

fn candidates_note(candidates: &Option<String>) -> String {
    candidates.as_ref().map(|c| format!("; {c}")).unwrap_or_default()
}

impl CheckKind {
    /// A stable camelCase name for machines (`placeholder`, `patchMatchesNothing`); for a
    /// generator config's problem, that diagnostic's own kind (`unknownChannel`).
    pub fn code(&self) -> String {
        let name = match self {
            CheckKind::Config(kind) => {
                return serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_owned))
                    .unwrap_or_else(|| "config".to_owned());
            }
            CheckKind::YamlSyntax { .. } => "yamlSyntax",
            CheckKind::Unreadable { .. } => "unreadable",
            CheckKind::Placeholder { .. } => "placeholder",
            CheckKind::UnknownChannel { .. } => "unknownChannel",
            CheckKind::ForeignCsv { .. } => "foreignCsv",
            CheckKind::CsvNotInCatalog { .. } => "csvNotInCatalog",
            CheckKind::ChannelCsvMismatch { .. } => "channelCsvMismatch",
            CheckKind::OperatorNamespace { .. } => "operatorNamespace",
            CheckKind::MissingNamespace { .. } => "missingNamespace",
            CheckKind::NoOperatorGroup { .. } => "noOperatorGroup",
            CheckKind::TooManyOperatorGroups { .. } => "tooManyOperatorGroups",
            CheckKind::TargetNamespaces { .. } => "targetNamespaces",
            CheckKind::AllNamespaces { .. } => "allNamespaces",
            CheckKind::SecondKataConfig { .. } => "secondKataConfig",
            CheckKind::UnquotedValue { .. } => "unquotedValue",
            CheckKind::NullValue { .. } => "nullValue",
            CheckKind::PatchMatchesNothing { .. } => "patchMatchesNothing",
            CheckKind::PatchFailed { .. } => "patchFailed",
            CheckKind::DeprecatedField { .. } => "deprecatedField",
            CheckKind::ResourceNotFound { .. } => "resourceNotFound",
            CheckKind::NoKustomization { .. } => "noKustomization",
            CheckKind::Cycle { .. } => "cycle",
            CheckKind::NotFollowed { .. } => "notFollowed",
            CheckKind::Schema { .. } => "schema",
            CheckKind::CheckConfig { .. } => "checkConfig",
            CheckKind::Internal { .. } => "internal",
        };
        name.to_owned()
    }
}
