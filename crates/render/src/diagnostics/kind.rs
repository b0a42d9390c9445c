//! The findings of rendering: what is wrong (or worth knowing) in a generator config, each with
//! its rule. `oscgen-check` reuses the ones about the same facts (an unknown channel, a
//! `peer-pods-cm` key the operator needs) and declares its own.

use super::basis::*;

crate::findings! {
    /// Every finding render reports about a generator config, and the ones `check` shares with
    /// it. The [`Finding`](crate::Finding) impl ties each to its rule in [`RULES`].
    pub enum DiagnosticKind, codes codes, registry RULES;


    /// The input does not have the expected shape (unknown field, wrong type).
    #[error("{message}")]
    Shape {
        /// What the parser said.
        message: String,
    } => "shape", Error {
        relies_on: CONFIG,
        why: CANNOT_RENDER,
    }
    /// Neither a channel nor a release was given where one is needed.
    #[error("set a channel ({channels}) or a release ({releases})")]
    MissingChannelOrRelease {
        /// The known channels, comma separated.
        channels: String,
        /// The known releases, comma separated.
        releases: String,
    } => "missingChannelOrRelease", Error {
        relies_on: CATALOG,
        why: CANNOT_RENDER,
    }
    /// A channel the operator is not published on.
    #[error("unknown channel `{channel}` for sandboxed-containers-operator; known channels: {known}")]
    UnknownChannel {
        /// What was given.
        channel: String,
        /// The known channels, comma separated.
        known: String,
    } => "unknownChannel", Error {
        relies_on: CATALOG,
        why: WRONG,
    }
    /// A release that is not in the catalog.
    #[error("unknown release `{release}`; known releases: {known}{newer}")]
    UnknownRelease {
        /// What was given.
        release: String,
        /// The known releases, comma separated.
        known: String,
        /// For a version newer than every release oscgen knows, how to use it anyway.
        newer: String,
    } => "unknownRelease", Error {
        relies_on: CATALOG,
        why: WRONG,
    }
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
    } => "channelReleaseMismatch", Error {
        relies_on: CATALOG,
        why: WRONG,
    }
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
    } => "fieldNotInRelease", Error {
        relies_on: RELEASES,
        why: "error: the release's CRD does not have the field, so the setting is certain to be lost",
    }
    /// A label value written as a YAML boolean, number or null.
    #[error("label value {found} is read as a YAML {yaml_type}, but label values are strings; quote it: \"{found}\"")]
    LabelValueNotString {
        /// The value as written.
        found: String,
        /// `boolean`, `number` or `null`.
        yaml_type: String,
    } => "labelValueNotString", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// A label key that breaks Kubernetes' rules.
    #[error("invalid label key `{key}`: {reason}")]
    InvalidLabelKey {
        /// The key.
        key: String,
        /// Which rule it breaks.
        reason: String,
    } => "invalidLabelKey", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// A label value that breaks Kubernetes' rules.
    #[error("invalid label value `{value}`: {reason}")]
    InvalidLabelValue {
        /// The value.
        value: String,
        /// Which rule it breaks.
        reason: String,
    } => "invalidLabelValue", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// An object name that breaks Kubernetes' rules.
    #[error("invalid name `{name}`: {reason}")]
    InvalidName {
        /// The name.
        name: String,
        /// Which rule it breaks.
        reason: String,
    } => "invalidName", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// A resource quantity that does not parse.
    #[error("invalid quantity `{value}`: write a number with an optional suffix, like 250m, 0.5, 350Mi or 1Gi")]
    InvalidQuantity {
        /// What was given.
        value: String,
    } => "invalidQuantity", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// A file path on the node that is not absolute or not normal.
    #[error("invalid path `{path}`: {reason}")]
    InvalidPath {
        /// The path.
        path: String,
        /// What is wrong with it.
        reason: String,
    } => "invalidPath", Error {
        relies_on: "Ignition 3.2's rules for file paths, which the Machine Config Operator applies",
        why: REFUSED,
    }
    /// A second KataConfig for one cluster.
    #[error(
        "a cluster takes exactly one KataConfig (the operator refuses a second); `{name}` would be the second after `{first}`: keep one per cluster"
    )]
    SecondKataConfig {
        /// This KataConfig's name.
        name: String,
        /// The first one's name.
        first: String,
    } => "secondKataConfig", Error {
        relies_on: RELEASES,
        why: "error: the operator refuses a second KataConfig",
        spans: true,
    }
    /// A label selector operator that does not exist.
    #[error("unknown selector operator `{operator}`; use In, NotIn, Exists or DoesNotExist")]
    UnknownSelectorOperator {
        /// What was given.
        operator: String,
    } => "unknownSelectorOperator", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// `values` present or missing against the operator's rule.
    #[error("operator {operator} {rule}")]
    SelectorValues {
        /// The operator.
        operator: String,
        /// `needs at least one value` or `takes no values`.
        rule: String,
    } => "selectorValues", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// The release's operator cannot express this selector on the nodes it renders.
    #[error("release {release} {behaviour}; {fix}")]
    SelectorNotSupported {
        /// The release.
        release: String,
        /// What its operator does with the selector.
        behaviour: String,
        /// How to fix it.
        fix: String,
    } => "selectorNotSupported", Error {
        relies_on: RELEASES,
        why: CANNOT_WORK,
        varies: Some("a warning for release 1.0, whose operator drops the expressions and still works; an error from 1.1, whose operator fails on them"),
    }
    /// A CRI-O log level CRI-O does not know.
    #[error("unknown log level `{value}`; use one of {allowed}")]
    UnknownLogLevel {
        /// What was given.
        value: String,
        /// The allowed values.
        allowed: String,
    } => "unknownLogLevel", Error {
        relies_on: CRIO,
        why: REFUSED,
    }
    /// The `kata` handler with settings other than the RPM's.
    #[error(
        "the `kata` handler is written by the kata-containers RPM (/etc/crio/crio.conf.d/50-kata) and its RuntimeClass by the operator, so `{field}` cannot differ from `{rpm_value}`; give the handler another name, e.g. kata-custom"
    )]
    KataHandlerReserved {
        /// The field that differs.
        field: String,
        /// The RPM's value.
        rpm_value: String,
    } => "kataHandlerReserved", Error {
        relies_on: CRIO,
        why: WRONG,
    }
    /// A CRI-O runtime type CRI-O does not know.
    #[error("unknown runtime type `{value}`; use vm (Kata), oci or pod")]
    UnknownRuntimeType {
        /// What was given.
        value: String,
    } => "unknownRuntimeType", Error {
        relies_on: CRIO,
        why: REFUSED,
    }
    /// A `vm` runtime whose binary is not a containerd shim.
    #[error(
        "with runtimeType vm, CRI-O needs a containerd shim v2 binary: the file name of `{path}` must match containerd-shim-<name> (e.g. /usr/bin/containerd-shim-kata-v2)"
    )]
    NotAShim {
        /// The runtime path.
        path: String,
    } => "notAShim", Error {
        relies_on: CRIO,
        why: REFUSED,
    }
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
    } => "crioKeyTooNew", Error {
        relies_on: CRIO,
        why: REFUSED,
    }
    /// `runtimeConfigPath` without `runtimeType: vm`.
    #[error("runtimeConfigPath is only allowed with runtimeType vm; remove it or set runtimeType: vm")]
    ConfigPathNeedsVm => "configPathNeedsVm", Error {
        relies_on: CRIO,
        why: REFUSED,
    }
    /// A platform the release's operator cannot target.
    #[error(
        "platform okd needs release {since} or later (earlier operators hard-code the RHCOS extension `sandboxed-containers`, which OKD nodes do not have)"
    )]
    PlatformNeedsRelease {
        /// First release that supports it.
        since: String,
    } => "platformNeedsRelease", Error {
        relies_on: RELEASES,
        why: CANNOT_WORK,
    }
    /// An OpenShift version that does not parse.
    #[error("invalid OpenShift version `{value}`: write it as 4.<minor>, e.g. 4.12")]
    InvalidOpenShiftVersion {
        /// What was given.
        value: String,
    } => "invalidOpenShiftVersion", Error {
        relies_on: CATALOG,
        why: CANNOT_RENDER,
    }
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
    } => "openShiftVersionOutOfRange", Warning {
        relies_on: CATALOG,
        why: "warning: the release may still install there; its documented range is narrower than the catalogs that serve it",
    }
    /// Peer-pods node objects the preview leaves out, because what the release's operator
    /// writes into them is not known.
    #[error("not previewed: {objects}, which the operator still creates; {reason}")]
    PeerPodsNotPrerendered {
        /// The objects left out (`MachineConfig 40-worker-kata-remote-config`).
        objects: String,
        /// Why.
        reason: String,
    } => "peerPodsNotPrerendered", Warning {
        relies_on: RELEASES,
        why: NOTE_GAP,
    }
    /// A string field left empty.
    #[error("must not be empty; remove the field to use the default, or give a value")]
    Empty => "empty", Error {
        relies_on: CONFIG,
        why: CANNOT_RENDER,
    }
    /// The config has no name.
    #[error("metadata.name is required: it names the generated KataConfig (e.g. cluster-kataconfig)")]
    MissingName => "missingName", Error {
        relies_on: CONFIG,
        why: CANNOT_RENDER,
    }
    /// Two configs in one render generate the same object.
    #[error("{object} is generated twice (also by {other}); keep one config per object")]
    DuplicateObject {
        /// The object (`Namespace/x`).
        object: String,
        /// The other config.
        other: String,
    } => "duplicateObject", Error {
        relies_on: CONFIG,
        why: "error: two objects with one identity; the second would overwrite the first",
    }
    /// A file that does not parse as YAML.
    #[error("not valid YAML: {message}; fix the syntax (nothing else in this file is checked)")]
    YamlSyntax {
        /// What the parser said.
        message: String,
    } => "yamlSyntax", Error {
        relies_on: YAML,
        why: "error: nothing in the file can be read; kustomize and the API server refuse it too",
    }
    /// The operator's Namespace, OperatorGroup or Subscription outside the namespace it requires.
    #[error(
        "the operator installs only into `{required}` (its CSV's suggested namespace; other namespaces fail), not `{namespace}`; set it to {required}"
    )]
    OperatorNamespace {
        /// The namespace given.
        namespace: String,
        /// The namespace the operator requires.
        required: String,
    } => "operatorNamespace", Warning {
        relies_on: OLM,
        why: "warning: OLM installs the operator there, but its docs and must-gather expect openshift-sandboxed-containers-operator",
        varies: Some("a warning from `render`, which installs where the config asks; an error from `check` for a Subscription or OperatorGroup in another namespace than the operator's own namespace, where the operator's namespaced objects are not found"),
    }
    /// Something oscgen itself failed at (a bug).
    #[error("oscgen could not check this: {message}; please report it")]
    Internal {
        /// What failed.
        message: String,
    } => "internal", Error {
        relies_on: "oscgen's own invariants",
        why: "error: oscgen failed, not the input; report it",
    }
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
    } => "deprecatedChannel", Warning {
        relies_on: CATALOG,
        why: DEPRECATED,
    }
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
    } => "deprecatedRelease", Warning {
        relies_on: CATALOG,
        why: DEPRECATED,
    }
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
    } => "releaseNotInCatalog", Error {
        relies_on: CATALOG,
        why: NOT_SERVED,
    }
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
    } => "releaseInNoCatalog", Warning {
        relies_on: CATALOG,
        why: NOT_SERVED,
        varies: Some("a note for a release chosen for a cluster version whose documented range it matches"),
    }
    /// A version that exists somewhere but cannot be chosen.
    #[error("release {release} cannot be chosen: {reason}; known releases: {known}")]
    ReleaseUnavailable {
        /// What was given.
        release: String,
        /// Why, and what to choose instead.
        reason: String,
        /// The known releases, comma separated.
        known: String,
    } => "releaseUnavailable", Error {
        relies_on: CATALOG,
        why: NOT_SERVED,
    }
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
    } => "notDocumentedForOpenShift", Error {
        relies_on: CATALOG,
        why: CANNOT_RENDER,
    }
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
    } => "resolvedFromDocumentedRange", Info {
        relies_on: CATALOG,
        why: NOTE,
    }
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
    } => "headDependsOnOpenShift", Warning {
        relies_on: CATALOG,
        why: "warning: which release installs depends on the cluster's version, which was not given",
    }
    /// An OpenShift version newer than every catalog oscgen has.
    #[error(
        "oscgen has no catalog for OpenShift {openshift}; it used the newest it has, {newest}'s, so releases only {openshift}'s catalog serves are not known: update oscgen, or pin spec.release after checking `oc get packagemanifest sandboxed-containers-operator`"
    )]
    OpenShiftNewerThanCatalogs {
        /// The OpenShift version.
        openshift: String,
        /// The newest version with a catalog.
        newest: String,
    } => "openShiftNewerThanCatalogs", Warning {
        relies_on: CATALOG,
        why: "warning: the newest catalog oscgen has is used; the cluster's may serve more",
    }
    /// A catalog that was not read in full.
    #[error("the catalog of OpenShift {openshift} is not fully confirmed: {confidence}; {note}")]
    CatalogNotConfirmed {
        /// The OpenShift version.
        openshift: String,
        /// How much was read.
        confidence: String,
        /// What is not known.
        note: String,
    } => "catalogNotConfirmed", Info {
        relies_on: CATALOG,
        why: NOTE,
    }
    /// Node objects of a release whose operator code was not read (or that a cluster showed
    /// differently).
    #[error("node objects of release {release} are not confirmed: {note}")]
    NodeObjectsNotConfirmed {
        /// The release.
        release: String,
        /// What is not confirmed.
        note: String,
    } => "nodeObjectsNotConfirmed", Info {
        relies_on: RELEASES,
        why: "note: the node objects shown rest on inferred facts, and the note says which",
    }
    /// A negative quantity where Kubernetes requires zero or more.
    #[error(
        "`{value}` is negative, and the API server refuses negative pod overhead; write zero or more, like 250m or 350Mi"
    )]
    NegativeQuantity {
        /// What was given.
        value: String,
    } => "negativeQuantity", Error {
        relies_on: KUBERNETES,
        why: REFUSED,
    }
    /// A label value written as an unquoted YAML 1.1 boolean word (`yes`, `off`).
    #[error(
        "label value {value} is unquoted: oscgen and kustomize (YAML 1.2) read it as the string \"{value}\", but kubectl and oc (YAML 1.1) read it as a boolean; quote it: \"{value}\""
    )]
    UnquotedYaml11Bool {
        /// The value as written.
        value: String,
    } => "unquotedYaml11Bool", Warning {
        relies_on: YAML,
        why: "warning: kubectl and kustomize (YAML 1.1) read the word as a boolean, oscgen (YAML 1.2) as a string",
    }
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
    } => "featureNotInRelease", Error {
        relies_on: RELEASES,
        why: WRONG,
        varies: Some("a warning from `check` for an `osc-feature-gates` key that only a later release reads: the subscribed release ignores it"),
    }
    /// Peer pods without a provider.
    #[error(
        "set CLOUD_PROVIDER (spec.peerPods.provider, with the settings block of that name) to aws, azure, gcp or libvirt"
    )]
    MissingProvider => "missingProvider", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// A provider block other than the provider's.
    #[error(
        "`{block}` settings do not apply to provider {provider}: peer pods run in one cloud; remove the `{block}` block, or set provider: {block} and remove the `{provider}` block"
    )]
    ProviderBlockMismatch {
        /// The block given.
        block: String,
        /// The provider set.
        provider: String,
    } => "providerBlockMismatch", Error {
        relies_on: PEER_PODS,
        why: WRONG,
    }
    /// The provider's own block is missing, or sets none of the keys the operator needs.
    #[error(
        "provider {provider} needs {fields} in its `{provider}` block, and none is set; fill them in (`oscgen schema` documents each)"
    )]
    MissingProviderBlock {
        /// The provider.
        provider: String,
        /// Its required fields, comma separated.
        fields: String,
    } => "missingProviderBlock", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
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
    } => "missingPeerPodsKey", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// A `peer-pods-cm` value of the wrong shape (a cloud resource id, a boolean).
    #[error("`{value}` is not {expected}")]
    InvalidPeerPodsValue {
        /// The value.
        value: String,
        /// What it should look like, with an example.
        expected: String,
    } => "invalidPeerPodsValue", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// A port outside 1-65535.
    #[error("port {value} is out of range; use a port from 1 to 65535, e.g. 9000")]
    PortOutOfRange {
        /// The value.
        value: String,
    } => "portOutOfRange", Error {
        relies_on: PEER_PODS,
        why: WRONG,
    }
    /// A duration Go's `time.ParseDuration` refuses (or one that is not positive).
    #[error(
        "`{value}` is not a duration PROXY_TIMEOUT can take: {reason}; write a Go duration such as 5m, 90s or 1h30m"
    )]
    InvalidDuration {
        /// The value.
        value: String,
        /// What is wrong.
        reason: String,
    } => "invalidDuration", Error {
        relies_on: PEER_PODS,
        why: "error: Go's time.ParseDuration refuses it, so the cloud-api-adaptor does not start",
    }
    /// A count or size that must be 1 or more.
    #[error("{value} is not a positive whole number; use 1 or more")]
    NotPositive {
        /// The value.
        value: String,
    } => "notPositive", Error {
        relies_on: PEER_PODS,
        why: WRONG,
    }
    /// A tag the `TAGS` key cannot carry.
    #[error(
        "tag `{key}` {reason}: TAGS is written key=value,key=value and the cloud-api-adaptor splits it at every `,`, then each pair at its first `=`, trimming spaces"
    )]
    InvalidTag {
        /// The tag's key.
        key: String,
        /// What is wrong.
        reason: String,
    } => "invalidTag", Error {
        relies_on: PEER_PODS,
        why: WRONG,
    }
    /// Peer pods without saying where the credentials come from.
    #[error(
        "say where the cloud credentials come from: `credentials: {{secretName: peer-pods-secret}}` for a Secret you create out of band or with an external-secrets tool (keys {keys}), or `credentials: cloudCredentialOperator` for the operator to create it; oscgen never holds credentials"
    )]
    MissingCredentials {
        /// The keys the Secret holds for the provider.
        keys: String,
    } => "missingCredentials", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
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
    } => "fixedSecretName", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// The Cloud Credential Operator asked for a provider it has no credentials for.
    #[error(
        "the operator's CredentialsRequest covers aws, azure and gcp, not {provider}: create peer-pods-secret yourself and set credentials: {{secretName: peer-pods-secret}}"
    )]
    CredentialsRequestNotForProvider {
        /// The provider.
        provider: String,
    } => "credentialsRequestNotForProvider", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
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
    } => "peerPodsSecretKeys", Info {
        relies_on: PEER_PODS,
        why: NOTE,
    }
    /// A `peer-pods-cm` key the operator writes itself, set in Git.
    #[error(
        "`{key}` is written by the operator ({why}); kept in Git, Argo CD and the operator overwrite each other's value on every sync: leave it out, or have Argo CD ignore /data/{key} of peer-pods-cm (ignoreDifferences)"
    )]
    OperatorWrittenKey {
        /// The key.
        key: String,
        /// What the operator writes there.
        why: String,
    } => "operatorWrittenKey", Warning {
        relies_on: PEER_PODS,
        why: "warning: the operator writes the key too, so Git and the cluster disagree on every sync; nothing fails",
    }
    /// `enablePeerPods: false` together with `peerPods`.
    #[error("enablePeerPods: false contradicts spec.peerPods, which turns peer pods on; remove enablePeerPods")]
    PeerPodsDisabled => "peerPodsDisabled", Error {
        relies_on: CONFIG,
        why: WRONG,
    }
    /// Peer pods enabled without the ConfigMap the operator reads.
    #[error(
        "enablePeerPods is true, but no ConfigMap peer-pods-cm in namespace {namespace} {place}, and the operator cannot set up peer pods without it; give the KataRuntime a spec.peerPods (oscgen writes the ConfigMap), or add the ConfigMap"
    )]
    NoPeerPodsConfigMap {
        /// The operator's namespace.
        namespace: String,
        /// `is generated` or `is among the checked objects`.
        place: String,
    } => "noPeerPodsConfigMap", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
        spans: true,
        varies: Some("a note from `render`, where the ConfigMap may be written by hand beside the config; an error from `check`, which sees the whole build without it"),
    }
    /// `checkNodeEligibility` with peer pods.
    #[error(
        "checkNodeEligibility has no effect with enablePeerPods: true (the operator skips the node eligibility check for peer pods, whose VMs run in the cloud); remove it"
    )]
    PeerPodsSkipsEligibility => "peerPodsSkipsEligibility", Warning {
        relies_on: RELEASES,
        why: PROBABLY,
    }
    /// A `CLOUD_PROVIDER` value the operator does not know.
    #[error("CLOUD_PROVIDER `{value}` is not a provider the operator supports; use aws, azure, gcp or libvirt")]
    UnknownCloudProvider {
        /// The value.
        value: String,
    } => "unknownCloudProvider", Error {
        relies_on: PEER_PODS,
        why: CANNOT_WORK,
    }
    /// Confidential containers without peer pods on an OpenShift before 4.20.
    #[error(
        "confidential containers without peer pods (bare metal) need OpenShift 4.20 or later, not {openshift}: the operator creates no kata-cc RuntimeClass before that (reason UnsupportedOCPVersion); enable peer pods, or upgrade the cluster"
    )]
    ConfidentialNeedsOpenShift {
        /// The target OpenShift.
        openshift: String,
    } => "confidentialNeedsOpenShift", Error {
        relies_on: COCO,
        why: CANNOT_WORK,
    }
    /// Confidential containers without peer pods and without a target OpenShift version.
    #[error(
        "confidential containers without peer pods (bare metal) need OpenShift 4.20 or later, and without spec.openshiftVersion oscgen cannot tell; set it to the cluster's version"
    )]
    ConfidentialOpenShiftUnknown => "confidentialOpenShiftUnknown", Warning {
        relies_on: COCO,
        why: "warning: confidential containers without peer pods need OpenShift 4.20 or later, and the target version was not given",
    }
    /// Confidential containers without peer pods on a release that has them only with peer pods.
    #[error(
        "release {release} applies `confidential` to peer pods only, and this config has none; enable peer pods, or choose release 1.11.0 or later (bare metal, OpenShift 4.20+)"
    )]
    ConfidentialNeedsPeerPods {
        /// The release.
        release: String,
    } => "confidentialNeedsPeerPods", Error {
        relies_on: COCO,
        why: CANNOT_WORK,
    }
    /// What DaemonSet mode puts on the nodes instead of MachineConfigs (a note).
    #[error(
        "deploymentMode {mode}: the operator creates no MachineConfigPool, MachineConfig or ContainerRuntimeConfig; it installs Kata with DaemonSets and labels the nodes: {labels}"
    )]
    DaemonSetModeLabels {
        /// `DaemonSet` or `DaemonSetFallback`.
        mode: String,
        /// The labels and their values.
        labels: String,
    } => "daemonSetModeLabels", Info {
        relies_on: RELEASES,
        why: NOTE,
    }
    /// A field the DaemonSet mode ignores.
    #[error(
        "`{field}` is ignored in DaemonSet mode (the operator applies it through MachineConfigs only); remove it, or use deploymentMode MachineConfig"
    )]
    IgnoredInDaemonSetMode {
        /// The field.
        field: String,
    } => "ignoredInDaemonSetMode", Warning {
        relies_on: RELEASES,
        why: PROBABLY,
    }
    /// The preview of a mode chosen by the cluster (a note).
    #[error(
        "deploymentMode DaemonSetFallback: the preview shows MachineConfig mode, which the operator uses where the cluster serves MachineConfig; elsewhere (hosted control planes) it uses DaemonSets and creates none of the pool, MachineConfigs and ContainerRuntimeConfig"
    )]
    DaemonSetFallbackPreview => "daemonSetFallbackPreview", Info {
        relies_on: RELEASES,
        why: NOTE,
    }
    /// A custom handler (carried in a MachineConfig) in DaemonSet mode.
    #[error(
        "the runtime handler is carried by MachineConfig {machine_config}, which only a cluster with the Machine Config Operator applies; in DaemonSet mode make sure the cluster serves MachineConfig, or drop runtimeHandler"
    )]
    HandlerNeedsMachineConfig {
        /// The MachineConfig.
        machine_config: String,
    } => "handlerNeedsMachineConfig", Warning {
        relies_on: RELEASES,
        why: PROBABLY,
    }
    /// Peer-pods behaviour of a release whose code was not read (a note).
    #[error("peer pods of release {release} are not confirmed: {note}")]
    PeerPodsNotConfirmed {
        /// The release.
        release: String,
        /// What is not confirmed.
        note: String,
    } => "peerPodsNotConfirmed", Info {
        relies_on: RELEASES,
        why: NOTE,
    }
    /// A field the config cannot do without.
    #[error("`{field}` is required: {hint}")]
    RequiredField {
        /// The field's name.
        field: String,
        /// What to write.
        hint: String,
    } => "requiredField", Error {
        relies_on: CONFIG,
        why: CANNOT_RENDER,
    }
    /// A policy placement that selects every managed cluster.
    #[error(
        "the placement selects every managed cluster (the hub's local-cluster and clusters that are not OpenShift included); give clusterSelector, e.g. matchLabels: {{vendor: OpenShift}}, or the clusterSets to select from"
    )]
    EmptyPlacement => "emptyPlacement", Error {
        relies_on: ACM,
        why: "error: a placement that selects every managed cluster installs on clusters nobody chose",
    }
    /// An RHACM version that is not `2.<minor>`.
    #[error("invalid RHACM version `{value}`: {reason}")]
    InvalidAcmVersion {
        /// What was given.
        value: String,
        /// What is wrong, and the form to use.
        reason: String,
    } => "invalidAcmVersion", Error {
        relies_on: ACM,
        why: CANNOT_RENDER,
    }
    /// An RHACM version without a generally available OperatorPolicy.
    #[error(
        "RHACM {acm} predates OperatorPolicy (generally available from {ga}), so a ConfigurationPolicy installs the operator; it is Compliant once the Subscription exists, not once the operator runs, so the KataConfig is tried early and refused by the operator's webhook until the operator is up (the policy retries); set acmVersion to {ga} or later if the hub and clusters run it"
    )]
    OperatorPolicyFallback {
        /// The version given.
        acm: String,
        /// The first version with OperatorPolicy GA.
        ga: String,
    } => "operatorPolicyFallback", Info {
        relies_on: ACM,
        why: NOTE,
    }
    /// A hub API whose first RHACM release is not confirmed.
    #[error(
        "in which RHACM release {what} first appeared is not confirmed; check that a hub running RHACM {acm} serves it (`oc api-resources --api-group=cluster.open-cluster-management.io`)"
    )]
    AcmApiUnconfirmed {
        /// The API (`Placement v1beta1 and ManagedClusterSetBinding v1beta2`).
        what: String,
        /// The version given.
        acm: String,
    } => "acmApiUnconfirmed", Info {
        relies_on: ACM,
        why: NOTE,
    }
    /// A field of an embedded spec that has no meaning inside a policy.
    #[error("{reason}; remove it")]
    NotInPolicy {
        /// Why it does not apply.
        reason: String,
    } => "notInPolicy", Error {
        relies_on: ACM,
        why: WRONG,
    }
    /// An initdata value that is not base64.
    #[error(
        "initdata is not base64 ({reason}); the value is the initdata TOML gzip'd then base64'd (`oscgen initdata encode FILE` writes it)"
    )]
    InitdataNotBase64 {
        /// What the decoder said.
        reason: String,
    } => "initdataNotBase64", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// An initdata value whose bytes are not gzip.
    #[error(
        "initdata is base64 but not gzip ({reason}); the cloud-api-adaptor gunzips it and refuses to start otherwise: encode the TOML with `oscgen initdata encode FILE`"
    )]
    InitdataNotGzip {
        /// What the decompressor said.
        reason: String,
    } => "initdataNotGzip", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// An initdata value that decompresses past the bound.
    #[error(
        "initdata decompresses to more than {limit} bytes, and oscgen stops there (no initdata comes near it; this is the wrong value or a gzip bomb)"
    )]
    InitdataTooLarge {
        /// The bound, in bytes.
        limit: usize,
    } => "initdataTooLarge", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// Initdata whose text is not UTF-8 TOML.
    #[error("initdata is not valid TOML: {message}")]
    InitdataNotToml {
        /// What the TOML parser said.
        message: String,
    } => "initdataNotToml", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// An initdata digest algorithm the cloud-api-adaptor does not accept.
    #[error(
        "initdata algorithm `{found}` is not one the cloud-api-adaptor accepts (it refuses to start); use sha256, sha384 or sha512"
    )]
    InitdataAlgorithm {
        /// What was given.
        found: String,
    } => "initdataAlgorithm", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// A key initdata does not have.
    #[error("initdata has no `{key}`; {expected}")]
    InitdataUnknownKey {
        /// The key.
        key: String,
        /// What it may hold.
        expected: String,
    } => "initdataUnknownKey", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// An initdata value of the wrong type.
    #[error("initdata `{key}` must be {expected}, not {found}")]
    InitdataWrongType {
        /// The key.
        key: String,
        /// The type it must have.
        expected: String,
        /// The type it has.
        found: String,
    } => "initdataWrongType", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
    /// An initdata file (`aa.toml`, `cdh.toml`) that is not TOML.
    #[error("initdata file `{file}` is not valid TOML, so the pod VM cannot read it: {message}")]
    InitdataFileNotToml {
        /// The file.
        file: String,
        /// What the parser said.
        message: String,
    } => "initdataFileNotToml", Error {
        relies_on: INITDATA,
        why: POD_VM,
    }
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
    } => "initdataKbsUrlMismatch", Error {
        relies_on: INITDATA,
        why: WRONG,
        spans: true,
    }
    /// An https KBS URL without the KBS certificate, or an http one with it.
    #[error("{file}: {problem}")]
    InitdataKbsCert {
        /// The file (`aa.toml`, `cdh.toml`).
        file: String,
        /// What is wrong and the fix.
        problem: String,
    } => "initdataKbsCert", Error {
        relies_on: INITDATA,
        why: WRONG,
        varies: Some("a warning for an https KBS URL without a certificate, which works when the KBS certificate is publicly trusted; an error for a certificate with an http URL"),
    }
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
    } => "initdataPolicyAllows", Warning {
        relies_on: INITDATA,
        why: "warning: the host can reach into the confidential containers, which defeats their purpose; nothing fails",
    }
    /// An OSC release no source pairs with a Trustee version.
    #[error(
        "no source says which Trustee pairs with OSC release {release}, so oscgen writes none; choose a release of a paired line ({known})"
    )]
    TrusteeNotPaired {
        /// The release given.
        release: String,
        /// The paired OSC lines.
        known: String,
    } => "trusteeNotPaired", Error {
        relies_on: COCO,
        why: CANNOT_RENDER,
    }
    /// A fact about confidential containers that is inferred, not documented (a warning).
    #[error("{what} is inferred, not documented: {note}; check it against the cluster before relying on it")]
    CocoInferred {
        /// What is inferred.
        what: String,
        /// Why, and what is not known.
        note: String,
    } => "cocoInferred", Warning {
        relies_on: COCO,
        why: INFERRED,
    }
    /// A Trustee line whose CSV name no source gives (a note).
    #[error(
        "no source names the CSV of a Trustee {trustee} build, so the Subscription pins none and OLM installs the head of channel stable; set installPlanApproval: Manual to approve the version yourself"
    )]
    TrusteeCsvUnknown {
        /// The Trustee line.
        trustee: String,
    } => "trusteeCsvUnknown", Info {
        relies_on: COCO,
        why: NOTE,
    }
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
    } => "notInTrustee", Error {
        relies_on: COCO,
        why: WRONG,
    }
    /// A KBS setting that contradicts another.
    #[error("{problem}")]
    KbsSetting {
        /// What is wrong and how to fix it.
        problem: String,
    } => "kbsSetting", Error {
        relies_on: COCO,
        why: WRONG,
    }
    /// PEM that is not a public certificate where only one belongs.
    #[error(
        "kbsCertificate must be a public certificate (-----BEGIN CERTIFICATE-----); {found}: initdata is readable by the host, so never put a private key there"
    )]
    NotACertificate {
        /// What was found instead (never the value).
        found: String,
    } => "notACertificate", Error {
        relies_on: COCO,
        why: WRONG,
    }
    /// The initdata value and where it goes (a note).
    #[error("initdata for {target}: {value}")]
    InitdataValue {
        /// Where it goes.
        target: String,
        /// The value.
        value: String,
    } => "initdataValue", Info {
        relies_on: INITDATA,
        why: NOTE,
    }
    /// The initdata digest (a note).
    #[error(
        "initdata digest {digest}: add it to Trustee's reference values so only pods started with this initdata attest"
    )]
    InitdataDigest {
        /// `sha384:<hex>`.
        digest: String,
    } => "initdataDigest", Info {
        relies_on: INITDATA,
        why: NOTE,
    }
    /// The Azure vTPM PCR8 reference value of sha256 initdata (a note).
    #[error(
        "Azure PCR8 reference value for this initdata: {pcr8} (sha256 of 32 zero bytes and the initdata digest); every INITDATA change needs a new one"
    )]
    AzurePcr8 {
        /// Lowercase hex.
        pcr8: String,
    } => "azurePcr8", Info {
        relies_on: INITDATA,
        why: NOTE,
    }
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
    } => "channelNotInGivenCatalog", Error {
        relies_on: GIVEN_CATALOG,
        why: NOT_SERVED,
    }
    /// A startingCSV (or a generator's release) the catalog given with `--catalog` does not have.
    #[error(
        "the catalog {file} has no bundle `{csv}`, so OLM never installs it; pick a bundle of channel `{channel}` (its head there: {head}), or remove it"
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
    } => "csvNotInGivenCatalog", Error {
        relies_on: GIVEN_CATALOG,
        why: NOT_SERVED,
    }
    /// A channel, bundle or package that the catalog given with `--catalog` deprecates.
    #[error("the catalog {file} deprecates {what}: {message}")]
    DeprecatedInGivenCatalog {
        /// `channel `stable-1.3``, `bundle ...` or the package.
        what: String,
        /// The catalog file.
        file: String,
        /// Its deprecation message.
        message: String,
    } => "deprecatedInGivenCatalog", Warning {
        relies_on: GIVEN_CATALOG,
        why: DEPRECATED,
    }
    /// A release the catalog given with `--catalog` serves and oscgen's data does not know: the
    /// KataConfig is written as for the newest release oscgen knows.
    #[error(
        "release {release} is in the catalog {file} but not in oscgen's data, so the objects are written as for {used}, the newest release oscgen knows (inferred: a newer operator may read its KataConfig differently); check them against that release's documentation, or update oscgen"
    )]
    ReleaseOnlyInGivenCatalog {
        /// The release (its CSV) the catalog resolved to.
        release: String,
        /// The catalog file.
        file: String,
        /// The release whose behaviour was used.
        used: String,
    } => "releaseOnlyInGivenCatalog", Warning {
        relies_on: GIVEN_CATALOG,
        why: INFERRED,
    }

}
