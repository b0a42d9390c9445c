//! The findings `oscgen check` reports that rendering does not: about kustomize builds, about
//! objects written by hand, and about the repository. Each is one entry of [`RULES`]; the
//! findings it shares with rendering (an unknown channel, a missing `peer-pods-cm` key) are
//! render's [`DiagnosticKind`](oscgen_render::DiagnosticKind).

use oscgen_render::diagnostics::basis::*;

/// The files on disk.
const FILES: &str = "the files on disk, read with size bounds";
/// The placeholder recognizer.
const PLACEHOLDER: &str = "the placeholder recognizer (rules::placeholder), calibrated on gitleaks, trufflehog, \
     detect-secrets and Sonar";
/// kubectl's and kustomize's YAML 1.1.
const YAML11: &str = "the YAML 1.1 reading of kubectl and kustomize (go-yaml), applied to the source text";
/// kustomize's build.
const KUSTOMIZE: &str =
    "kustomize's build as kustomize 4.5.4 and kubectl's kustomize 5.5 do it (the differential harness compares them)";
/// oscgen's model of kustomize.
const MODEL: &str = "oscgen's model of kustomize, and the constructs it knows it does not build";
/// Structural schemas.
const SCHEMAS: &str = "the kind's structural schema (the operators' CRDs and k8s-openapi)";
/// The Check configs.
const CHECK_CONFIG: &str = "the Check configs of the tree and the command line's options";
/// Credential shapes.
const SECRETS: &str = "credential shapes (AWS, Azure, GCP, PEM private keys) and credential key names, calibrated \
     on gitleaks, trufflehog, detect-secrets and Sonar";
/// Argo CD.
const ARGOCD: &str = "Argo CD's kustomize build options and sync waves";

/// kustomize fails.
const BUILD_FAILS: &str = "error: `kustomize build` fails on it";
/// oscgen's copy of a catalog may be stale.
const MAYBE_STALE: &str = "warning: oscgen's copy of the catalog may be missing later releases; --catalog checks \
     against the cluster's own";
/// Node Feature Discovery may live elsewhere.
const NFD_ELSEWHERE: &str = "warning: the KataConfig waits for node labels from Node Feature Discovery, which may \
     be installed outside the checked tree";

oscgen_render::findings! {
    /// Every finding `oscgen check` reports that rendering does not.
    pub enum CheckKind, codes codes, registry RULES;

    /// A file that cannot be read (or is too big, or not UTF-8).
    #[error("cannot read `{path}`: {message}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why.
        message: String,
    } => "unreadable", Error {
        relies_on: FILES,
        why: "error: nothing in the file can be checked; kustomize fails on it too",
    }
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
    } => "placeholder", Error {
        relies_on: PLACEHOLDER,
        why: "error: a placeholder is certain not to be a channel or CSV that OLM knows",
    }
    /// A startingCSV that is not one of this operator's.
    #[error(
        "startingCSV `{csv}` is not a ClusterServiceVersion of sandboxed-containers-operator; write sandboxed-containers-operator.v<version>, e.g. {example}, or remove it"
    )]
    ForeignCsv {
        /// The CSV as written.
        csv: String,
        /// A CSV that would do.
        example: String,
    } => "foreignCsv", Error {
        relies_on: CATALOG,
        why: WRONG,
    }
    /// A startingCSV that looks right but is not in the catalog oscgen knows.
    #[error(
        "startingCSV `{csv}` is not in oscgen's catalog ({known}); make sure that release exists on the subscribed channel, or OLM waits for it forever"
    )]
    CsvNotInCatalog {
        /// The CSV as written.
        csv: String,
        /// The known CSV versions, comma separated.
        known: String,
    } => "csvNotInCatalog", Warning {
        relies_on: CATALOG,
        why: MAYBE_STALE,
    }
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
    } => "channelCsvMismatch", Error {
        relies_on: CATALOG,
        why: "error: OLM never installs a CSV from another channel",
    }
    /// The operator's Subscription without a namespace.
    #[error(
        "this {kind} has no metadata.namespace, so it lands in whatever namespace is current when applied; set metadata.namespace: {required}"
    )]
    MissingNamespace {
        /// `Subscription`.
        kind: String,
        /// The namespace the operator requires.
        required: String,
    } => "missingNamespace", Warning {
        relies_on: OLM,
        why: "warning: the namespace may come from the tool that applies it",
    }
    /// A Subscription whose namespace has no OperatorGroup among the checked objects.
    #[error(
        "no OperatorGroup in namespace `{namespace}` among the checked objects, and OLM installs nothing for a Subscription without one; add an OperatorGroup there with targetNamespaces: [{namespace}]"
    )]
    NoOperatorGroup {
        /// The Subscription's namespace.
        namespace: String,
    } => "noOperatorGroup", Error {
        relies_on: OLM,
        why: "error: OLM installs nothing without an OperatorGroup in the Subscription's namespace",
        spans: true,
    }
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
    } => "tooManyOperatorGroups", Error {
        relies_on: OLM,
        why: "error: OLM installs nothing while a namespace has two OperatorGroups",
        spans: true,
    }
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
    } => "targetNamespaces", Error {
        relies_on: OLM,
        why: "error: the operator supports only its own namespace as target, so OLM refuses the install",
    }
    /// An OperatorGroup that selects every namespace.
    #[error(
        "OperatorGroup `{name}` has no targetNamespaces, so it selects all namespaces, which the operator does not support (install mode OwnNamespace only); set targetNamespaces: [{namespace}]"
    )]
    AllNamespaces {
        /// The OperatorGroup.
        name: String,
        /// Its namespace.
        namespace: String,
    } => "allNamespaces", Error {
        relies_on: OLM,
        why: "error: the operator does not support AllNamespaces, so OLM refuses the install",
    }
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
    } => "unquotedValue", Error {
        relies_on: YAML11,
        why: "error: kubectl (YAML 1.1) sends a boolean or number, and the API server refuses a label value that is not a string",
    }
    /// A label (or annotation) value left empty or written as null.
    #[error(
        "{what} value is null (nothing, `~` or `null` after the colon), but {what} values are strings; write \"\" for an empty value"
    )]
    NullValue {
        /// `label`, `annotation` or `node selector`.
        what: String,
    } => "nullValue", Warning {
        relies_on: YAML11,
        why: PROBABLY,
    }
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
    } => "patchMatchesNothing", Warning {
        relies_on: KUSTOMIZE,
        why: "warning: the build succeeds without the patch's change, which is rarely what was meant",
        varies: Some("an error where kustomize fails on it, or where it leaves a placeholder behind that it was meant to replace; never an error in a build with a remote resource not followed, which the patch may match"),
    }
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
    } => "deadPatchKeepsValue", Error {
        relies_on: KUSTOMIZE,
        why: "error: the build ships the base's value, which the patch was written to replace",
        varies: Some("a warning in a build with a remote resource not followed, which the patch may match"),
    }
    /// A kustomize patch that cannot be applied.
    #[error("patch `{patch}` cannot be applied, so kustomize build fails: {message}")]
    PatchFailed {
        /// The patch.
        patch: String,
        /// Why.
        message: String,
    } => "patchFailed", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// A deprecated kustomization field.
    #[error("`{field}` is deprecated in kustomize; {replacement}")]
    DeprecatedField {
        /// The field.
        field: String,
        /// What to write instead.
        replacement: String,
    } => "deprecatedField", Warning {
        relies_on: KUSTOMIZE,
        why: "warning: kustomize still reads it; `kustomize edit fix` rewrites it",
    }
    /// A kustomization entry that names nothing.
    #[error(
        "`{entry}` does not exist, so kustomize build fails (evalsymlink failure on '{path}' : lstat {path}: no such file or directory); fix the path"
    )]
    ResourceNotFound {
        /// The entry as written.
        entry: String,
        /// Where it was looked for.
        path: String,
    } => "resourceNotFound", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// A directory listed in a kustomization without a kustomization of its own.
    #[error(
        "directory `{entry}` has no kustomization.yaml, so kustomize build fails (unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{path}'); add one, or list its files"
    )]
    NoKustomization {
        /// The entry as written.
        entry: String,
        /// The directory.
        path: String,
    } => "noKustomization", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// A kustomization file that kustomize cannot read (a field of the wrong shape).
    #[error("not a valid kustomization ({message}), so kustomize build fails; fix this field")]
    InvalidKustomization {
        /// What is wrong.
        message: String,
    } => "invalidKustomization", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// Something else kustomize fails on, with kustomize's reason.
    #[error("kustomize build fails: {message}; {fix}")]
    KustomizeFails {
        /// What kustomize says.
        message: String,
        /// How to fix it.
        fix: String,
    } => "kustomizeFails", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// A kustomize Component listed under `resources`.
    #[error(
        "`{entry}` is a kustomize Component, so kustomize build fails (expected kind != 'Component' for path '{path}'); list it under `components` instead"
    )]
    ComponentAsResource {
        /// The entry as written.
        entry: String,
        /// The directory.
        path: String,
    } => "componentAsResource", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// A kustomization that includes itself.
    #[error(
        "`{entry}` includes the kustomization that lists it (a cycle), so kustomize build fails (cycle detected: candidate root '{path}' contains visited root '{path}'); remove the entry"
    )]
    Cycle {
        /// The entry as written.
        entry: String,
        /// The directory.
        path: String,
    } => "cycle", Error {
        relies_on: KUSTOMIZE,
        why: BUILD_FAILS,
    }
    /// A kustomization field `check` does not build as kustomize would.
    #[error(
        "`{field}` is not modelled by oscgen check: the objects it changes are checked as written before it, and patches that match nothing are only warnings"
    )]
    NotModelled {
        /// The field (`replacements`, `helmCharts`, ...), or the directive.
        field: String,
    } => "notModelled", Warning {
        relies_on: MODEL,
        why: "warning: oscgen's build may differ from kustomize's there, so findings may be missing",
    }
    /// A construct kustomize 4.5.4 and kubectl's kustomize 5.5 build differently.
    #[error(
        "kustomize 4.5.4 and kubectl kustomize 5.5 build this differently: {detail}; write it so both agree if either may build it"
    )]
    KustomizeVersionsDiffer {
        /// What differs, naming both versions.
        detail: String,
    } => "kustomizeVersionsDiffer", Warning {
        relies_on: MODEL,
        why: "warning: the tree builds, but to different objects under kustomize 4.5.4 (Argo CD's) and 5.5 (kubectl's)",
    }
    /// A remote resource or generator oscgen does not fetch.
    #[error(
        "`{entry}` is not read by oscgen check (remote, or a generator it does not run); what it adds is not checked, and patches that match nothing are only warnings"
    )]
    NotFollowed {
        /// The entry as written.
        entry: String,
    } => "notFollowed", Warning {
        relies_on: KUSTOMIZE,
        why: "warning: what the remote file holds is not checked; kustomize fetches it",
    }
    /// A Helm chart in a checked directory, which `check` does not render.
    #[error(
        "Helm chart `{chart}` is not checked: its templates are Go templates, not manifests; check what it renders instead: `helm template NAME {chart} -f VALUES | oscgen check -` (the same way for `kustomize build DIR | oscgen check -` and `argocd app manifests APP | oscgen check -`)"
    )]
    HelmChartNotChecked {
        /// The chart's directory.
        chart: String,
    } => "helmChartNotChecked", Warning {
        relies_on: FILES,
        why: "warning: the chart is not rendered, so its objects are not checked; the message says how to check them",
    }
    /// An object that breaks its kind's schema.
    #[error("does not match the {kind} schema: {message}")]
    Schema {
        /// The kind.
        kind: String,
        /// The schema's complaint.
        message: String,
    } => "schema", Error {
        relies_on: SCHEMAS,
        why: REFUSED,
    }
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
    } => "droppedField", Warning {
        relies_on: SCHEMAS,
        why: "warning: the API server accepts the object and drops the field; nothing fails",
    }
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
    } => "channelNotServed", Error {
        relies_on: CATALOG,
        why: NOT_SERVED,
    }
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
    } => "csvNotServed", Error {
        relies_on: CATALOG,
        why: NOT_SERVED,
    }
    /// A Subscription to a catalog other than Red Hat's, which oscgen does not have (a note).
    #[error(
        "the Subscription installs from catalog source `{catalog_source}` ({place}), not Red Hat's redhat-operators, and oscgen has no copy of it, so channel and startingCSV were not checked; check them with `oscgen check --catalog FILE` (the `opm render` output of that catalog's index image)"
    )]
    OtherCatalogSource {
        /// The source named.
        catalog_source: String,
        /// Where it is defined: `a CatalogSource of this build`, or not among the objects.
        place: String,
    } => "otherCatalogSource", Info {
        relies_on: CATALOG,
        why: "note: oscgen does not have that catalog, so the channel and CSV are not judged; give it with --catalog",
    }
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
    } => "releaseNewerThanCatalog", Warning {
        relies_on: CATALOG,
        why: MAYBE_STALE,
    }
    /// `oscgen check` with a target version oscgen has no catalog for.
    #[error(
        "oscgen has no catalog for OpenShift {openshift} (it has {catalogs}), so channel and startingCSV were not checked against what that cluster serves; compare them with `oc get packagemanifest sandboxed-containers-operator -o yaml` on the cluster"
    )]
    NoCatalogForOpenShift {
        /// The target version.
        openshift: String,
        /// The versions oscgen has catalogs for.
        catalogs: String,
    } => "noCatalogForOpenShift", Warning {
        relies_on: CATALOG,
        why: "warning: without that version's catalog, what it serves is not checked",
    }
    /// A Check config's `openshiftVersion` that `--openshift` (or an earlier Check config) overrides.
    #[error("this Check config targets OpenShift {value}, but the check ran for {used} ({why}); make them agree")]
    OpenShiftVersionOverridden {
        /// What the config says.
        value: String,
        /// The version the check used.
        used: String,
        /// Where that came from.
        why: String,
    } => "openShiftVersionOverridden", Warning {
        relies_on: CHECK_CONFIG,
        why: PROBABLY,
    }
    /// A Check config's `spec.catalog` that is not read: `--catalog` wins over it, and the KRM
    /// function has no file to resolve it against.
    #[error("spec.catalog `{catalog}` is not used: {reason}")]
    CatalogNotUsed {
        /// The path the config gives.
        catalog: String,
        /// Why, and what is used instead.
        reason: String,
    } => "catalogNotUsed", Warning {
        relies_on: CHECK_CONFIG,
        why: PROBABLY,
    }
    /// `checkNodeEligibility: true` and nothing that runs Node Feature Discovery.
    #[error(
        "with checkNodeEligibility: true the operator only gives Kata to nodes that Node Feature Discovery labelled feature.node.kubernetes.io/runtime.kata=true, and no NodeFeatureDiscovery object is among the checked files, so no node gets Kata until NFD runs; add the NFD operator and a NodeFeatureDiscovery that sets that label, or remove checkNodeEligibility"
    )]
    NoNodeFeatureDiscovery => "noNodeFeatureDiscovery", Warning {
        relies_on: RELEASES,
        why: NFD_ELSEWHERE,
        spans: true,
    }
    /// Confidential containers on bare metal without what labels the TEE nodes.
    #[error(
        "the confidential gate is on without peer pods (bare metal), so the operator's kata-cc RuntimeClass runs only on nodes labelled {labels}, and no {missing} is among the checked files to label them: add the Node Feature Discovery operator, a NodeFeatureDiscovery, and a NodeFeatureRule that sets your TEE's label, or the KataConfig waits for nodes that never qualify"
    )]
    ConfidentialNeedsNodeFeatures {
        /// `NodeFeatureDiscovery and NodeFeatureRule`, or one of them.
        missing: String,
        /// The TEE labels, comma separated.
        labels: String,
    } => "confidentialNeedsNodeFeatures", Warning {
        relies_on: COCO,
        why: NFD_ELSEWHERE,
        spans: true,
    }
    /// A KataConfig written with a namespace.
    #[error(
        "KataConfig is cluster-scoped, so `metadata.namespace: {namespace}` means nothing: the API server drops it, and tools that compare the file with the cluster (diffs, patch targets with a namespace) see a different object; remove it"
    )]
    NamespacedKataConfig {
        /// The namespace written.
        namespace: String,
    } => "namespacedKataConfig", Warning {
        relies_on: SCHEMAS,
        why: "warning: KataConfig is cluster-scoped, so the namespace is ignored",
    }
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
    } => "operatorObjectDiffers", Warning {
        relies_on: RELEASES,
        why: "warning: the operator writes the object itself, so Git and the operator overwrite each other",
    }
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
    } => "unknownFeatureGate", Warning {
        relies_on: RELEASES,
        why: "warning: the operator ignores a gate it does not read; nothing fails",
    }
    /// A `peer-pods-cm` key that is needed, present, and empty.
    #[error("`{key}` is empty, and CLOUD_PROVIDER {provider} needs a value there: {why}; set it")]
    EmptyPeerPodsKey {
        /// The key.
        key: String,
        /// The provider.
        provider: String,
        /// Who needs it, and what happens without it.
        why: String,
    } => "emptyPeerPodsKey", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// A `peer-pods-cm` key the subscribed release no longer reads.
    #[error("release {release} does not read `{key}` ({instead}); move the setting there and remove the key")]
    KeyNotReadByRelease {
        /// The key.
        key: String,
        /// The subscribed release.
        release: String,
        /// Where the setting lives instead.
        instead: String,
    } => "keyNotReadByRelease", Warning {
        relies_on: PEER_PODS,
        why: "warning: the release ignores the key; nothing fails",
    }
    /// A `peer-pods-cm` key no documented provider reads.
    #[error("`{key}` is not a peer-pods-cm key documented for any provider (misspelt?); known keys: {known}")]
    UnknownPeerPodsKey {
        /// The key.
        key: String,
        /// The documented keys, comma separated.
        known: String,
    } => "unknownPeerPodsKey", Warning {
        relies_on: PEER_PODS,
        why: "warning: no provider reads the key; a typo leaves the default in place",
    }
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
    } => "credentialsInGit", Error {
        relies_on: SECRETS,
        why: "error: a value of a real credential's shape is in Git history and must be rotated",
        spans: true,
    }
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
    } => "publicDefaultCredential", Warning {
        relies_on: SECRETS,
        why: "warning: the value is public, not leaked, but anyone can log in with it",
        spans: true,
    }
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
    } => "possibleCredentialInGit", Warning {
        relies_on: SECRETS,
        why: "warning: the value has no known credential shape, so it may or may not be one",
        spans: true,
    }
    /// An Argo CD setup whose kustomize silently skips exec KRM functions.
    #[error(
        "{setting} passes --enable-alpha-plugins without --enable-exec, so kustomize skips the oscgen generator without an error (exit 0, no objects); with pruning on, Argo CD then deletes the KataConfig and the operator removes Kata from the nodes (MachineConfig removal, node reboots): add --enable-exec"
    )]
    ExecNotEnabled {
        /// The setting (`argocd-cm data["kustomize.buildOptions"]`).
        setting: String,
    } => "execNotEnabled", Error {
        relies_on: ARGOCD,
        why: "error: Argo CD's kustomize skips the function without a word, so oscgen's objects never reach the cluster",
    }
    /// A KataConfig applied together with its operator, with nothing ordering it after it.
    #[error(
        "KataConfig `{name}` is in the same build as the operator's Subscription and nothing orders it after the operator, so the first sync applies it before OLM has created its CRD and before the operator's webhook serves, and fails; give it a later argocd.argoproj.io/sync-wave than the Subscription (oscgen configs: gitops: {{engine: argocd}}), or put it in its own Flux Kustomization that dependsOn the operator's"
    )]
    UnorderedKataConfig {
        /// The KataConfig.
        name: String,
    } => "unorderedKataConfig", Warning {
        relies_on: ARGOCD,
        why: "warning: the first sync fails until the operator's CRD exists; a retry heals it",
        spans: true,
    }
    /// A TrusteeConfig `profileType` the operator does not know.
    #[error(
        "profileType `{found}` is not Permissive or Restricted, and the Trustee operator treats any other value as Permissive without a word; write Restricted (or Permissive)"
    )]
    UnknownProfileType {
        /// What was written.
        found: String,
    } => "unknownProfileType", Error {
        relies_on: COCO,
        why: REFUSED,
    }
    /// A KbsConfig without `kbsDeploymentType`.
    #[error(
        "kbsDeploymentType is {found}, and the Trustee operator then deploys microservices (although its CRD says all-in-one), which an all-in-one kbs-config.toml breaks; write kbsDeploymentType: AllInOneDeployment"
    )]
    EmptyKbsDeploymentType {
        /// `missing`.
        found: String,
    } => "emptyKbsDeploymentType", Error {
        relies_on: COCO,
        why: CANNOT_WORK,
    }
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
    } => "wrongInitdataAnnotation", Error {
        relies_on: INITDATA,
        why: "error: the release reads another annotation, so the pod VM starts without its initdata",
    }
    /// A private key in the tree.
    #[error(
        "a private key ({what}) is committed here; whoever reads the repository holds it: remove it from the repository and its history, rotate it, and provide it out of band (a Secret made outside Git, an external-secrets tool); oscgen never prints it"
    )]
    PrivateKeyInGit {
        /// The PEM label (`PRIVATE KEY`, `OPENSSH PRIVATE KEY`).
        what: String,
    } => "privateKeyInGit", Error {
        relies_on: SECRETS,
        why: "error: a private key in Git history must be rotated",
    }
    /// A pod VM instance that is not confidential, with confidential containers on.
    #[error("confidential containers are on, but {key} `{value}` {problem}")]
    NotConfidentialInstance {
        /// The peer-pods-cm key.
        key: String,
        /// The instance size or type.
        value: String,
        /// What is wrong and the fix.
        problem: String,
    } => "notConfidentialInstance", Error {
        relies_on: COCO,
        why: "error: the pod VM is not confidential, so confidential containers are not",
    }
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
    } => "defaultSizeNotAllowed", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// GCP confidential VMs without their type.
    #[error(
        "confidential containers are on, so the cloud-api-adaptor needs GCP_CONFIDENTIAL_TYPE ({allowed}) and refuses to create pod VMs without it; {fix}"
    )]
    GcpConfidentialType {
        /// The values it takes.
        allowed: String,
        /// How to fix what was written.
        fix: String,
    } => "gcpConfidentialType", Error {
        relies_on: COCO,
        why: CANNOT_WORK,
    }
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
    } => "trusteeRefNamespace", Error {
        relies_on: COCO,
        why: CANNOT_WORK,
    }
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
    } => "trusteeConfigMapKey", Error {
        relies_on: COCO,
        why: CANNOT_WORK,
    }
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
