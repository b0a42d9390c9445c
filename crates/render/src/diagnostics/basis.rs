//! The words the finding registries share: what a rule relies on, and why its severity is what
//! it is. A rule whose basis is its own writes it out instead.
//!
//! An error means one of four things: the build fails, the API server refuses the object, the
//! operator cannot work with it, or the value is certain to be wrong. Anything less certain is a
//! warning, and what the user should know without anything being wrong is a note.

/// The config types.
pub const CONFIG: &str = "the oscgen.dev/v1alpha1 config types: their fields, value types and required values";
/// Kubernetes' own validation.
pub const KUBERNETES: &str =
    "Kubernetes' validation of names, labels, label selectors and quantities (kubernetes/apimachinery)";
/// The catalog data.
pub const CATALOG: &str = "oscgen's catalog data (catalog.toml): each OpenShift catalog's channels, bundles and \
     deprecations, read from Red Hat's operator index";
/// What each release's operator has and does.
pub const RELEASES: &str = "what each operator release has and does (catalog.toml), read from its source at the \
     release tag, or marked inferred";
/// CRI-O's handler settings.
pub const CRIO: &str = "CRI-O's runtime handler settings (crio.conf(5)) and the kata-containers RPM's drop-in";
/// The peer-pods ConfigMap.
pub const PEER_PODS: &str = "the peer-pods-cm keys and values each release reads per cloud provider (catalog.toml)";
/// The confidential-containers data.
pub const COCO: &str = "the confidential-containers rows of catalog.toml: Trustee releases and CRDs, the OSC/Trustee \
     pairs, confidential instance types";
/// The initdata format.
pub const INITDATA: &str =
    "the initdata format the cloud-api-adaptor reads (version, algorithm, data files), with its test vectors";
/// RHACM's governance APIs.
pub const ACM: &str = "the RHACM governance APIs: Policy, ConfigurationPolicy, OperatorPolicy, Placement";
/// The YAML text.
pub const YAML: &str = "the YAML text, as a YAML 1.2 parser with spans reads it";
/// A catalog given by the user.
pub const GIVEN_CATALOG: &str = "the file-based catalog given with --catalog, as `opm render` prints it";
/// How OLM installs an operator.
pub const OLM: &str = "how OLM installs an operator: Subscription, OperatorGroup, the operator's install modes";

/// Refused by the API server or the operator.
pub const REFUSED: &str = "error: the API server or the operator refuses it";
/// Nothing to render from.
pub const CANNOT_RENDER: &str = "error: oscgen cannot tell what to render from it";
/// Certain to be wrong.
pub const WRONG: &str = "error: the value is certain to be wrong for the chosen release or cluster";
/// The operator cannot work.
pub const CANNOT_WORK: &str = "error: the operator cannot work with it; the nodes never run kata or peer pods";
/// The cloud-api-adaptor refuses it.
pub const POD_VM: &str = "error: the cloud-api-adaptor refuses it, so the pod VM does not start";
/// Not served by the catalog.
pub const NOT_SERVED: &str = "error: the catalog does not serve it, so OLM installs nothing";
/// Applies, but probably not as meant.
pub const PROBABLY: &str = "warning: it applies, but probably does not do what was meant";
/// Rests on an inferred fact.
pub const INFERRED: &str = "warning: it rests on an inferred fact, not a confirmed one";
/// Deprecated but installable.
pub const DEPRECATED: &str = "warning: it still installs, but the catalog marks it deprecated";
/// Part of the output is not shown.
pub const NOTE_GAP: &str = "warning: part of what the operator creates is not shown, so review cannot see it";
/// A note.
pub const NOTE: &str = "note: what the output rests on; nothing is wrong";
