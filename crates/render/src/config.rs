//! Reading the generator configs (`oscgen.dev/v1alpha1`) users write.
//!
//! A config that does not parse gives a report whose entry names the field (`spec.chanel`:
//! unknown field), not a bare serde message. Read from YAML text, a config also keeps how its
//! label values were written: an unquoted `yes` is the string "yes" to oscgen but a boolean to
//! kubectl, so it becomes [`LabelValue::Yaml11Bool`] and rendering warns about it.

use oscgen_api::oscgen::v1alpha1::{
    ConfidentialContainers, KataRuntime, LabelValue, PoolSelector, SandboxedContainersOperator,
    SandboxedContainersPolicy,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{FieldPath, ObjectRef, Origin, Segment};
use crate::yaml::{NodeKind, ScalarStyle, SourceMap};
use crate::{DiagnosticKind as K, Report};

/// The `apiVersion` of every config.
pub const API_VERSION: &str = "oscgen.dev/v1alpha1";
/// The config kinds, for messages listing what is accepted.
pub const KINDS: &[&str] =
    &["SandboxedContainersOperator", "KataRuntime", "SandboxedContainersPolicy", "ConfidentialContainers"];
/// The config kinds as a phrase for messages: `A, B or C`.
pub fn kinds_phrase() -> String {
    match KINDS.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The one report for input that holds no config (empty, or only comments): more likely a
/// wrong path or a failed redirect than a wish for no output, so it is an error.
pub fn no_config() -> crate::Report {
    let message = format!(
        "no oscgen config: the input is empty or holds only comments; give it a {} (apiVersion {API_VERSION})",
        kinds_phrase()
    );
    let mut report = crate::Report::default();
    report.add(crate::FieldPath::root(), crate::DiagnosticKind::Shape { message });
    report
}

/// The keys a config may have at its top level.
const TOP_LEVEL: [&str; 4] = ["apiVersion", "kind", "metadata", "spec"];

/// One generator config.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Config {
    /// `SandboxedContainersOperator`: the subscription.
    Operator(SandboxedContainersOperator),
    /// `KataRuntime`: the KataConfig and node objects.
    Runtime(KataRuntime),
    /// `SandboxedContainersPolicy`: the RHACM policy that installs both across a fleet.
    Policy(SandboxedContainersPolicy),
    /// `ConfidentialContainers`: Trustee and initdata for confidential pods.
    Coco(ConfidentialContainers),
}

impl Config {
    /// The config as an object reference, for attributing diagnostics.
    pub fn reference(&self) -> ObjectRef {
        let (kind, metadata) = match self {
            Config::Operator(c) => (KINDS[0], &c.metadata),
            Config::Runtime(c) => (KINDS[1], &c.metadata),
            Config::Policy(c) => (KINDS[2], &c.metadata),
            Config::Coco(c) => (KINDS[3], &c.metadata),
        };
        ObjectRef {
            api_version: API_VERSION.to_owned(),
            kind: kind.to_owned(),
            namespace: None,
            name: metadata.name.clone().unwrap_or_default(),
        }
    }
}

/// Whether an object is one of oscgen's configs (by `apiVersion` and `kind`).
pub fn is_config(value: &Value) -> bool {
    value.get("apiVersion").and_then(Value::as_str) == Some(API_VERSION)
        && value.get("kind").and_then(Value::as_str).is_some_and(|k| KINDS.contains(&k))
}

/// Parses one config object, reporting shape problems with their field paths.
pub fn from_value(value: &Value) -> Result<Config, Report> {
    let api_version = value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or_default();
    if !value.is_object() || api_version != API_VERSION || !KINDS.contains(&kind) {
        let found = if value.is_object() { format!("{api_version} {kind}") } else { "not a mapping".to_owned() };
        let message = format!(
            "expected an oscgen config (apiVersion {API_VERSION}, kind {}), found {}",
            kinds_phrase(),
            found.trim()
        );
        let mut report = Report::default();
        report.add(FieldPath::root(), K::Shape { message });
        return Err(report);
    }
    let config = if kind == KINDS[0] {
        parse(value).map(Config::Operator)?
    } else if kind == KINDS[2] {
        parse(value).map(Config::Policy)?
    } else if kind == KINDS[3] {
        parse(value).map(Config::Coco)?
    } else {
        parse(value).map(|mut c: KataRuntime| {
            c.spec.name = c.metadata.name.clone();
            Config::Runtime(c)
        })?
    };
    let name = match &config {
        Config::Operator(c) => c.metadata.name.as_deref(),
        Config::Runtime(c) => c.metadata.name.as_deref(),
        Config::Policy(c) => c.metadata.name.as_deref(),
        Config::Coco(c) => c.metadata.name.as_deref(),
    };
    if name.is_none_or(str::is_empty) {
        let mut report = Report::default();
        let kind = match config {
            Config::Policy(_) => K::RequiredField {
                field: "metadata.name".to_owned(),
                hint: "it names the generated Policy (and, with suffixes, its Placement and bindings)".to_owned(),
            },
            _ => K::MissingName,
        };
        report.add(FieldPath::parse("metadata.name"), kind);
        return Err(report);
    }
    Ok(config)
}

/// Parses one `oscgen.dev/v1alpha1` object (a generator config, or the `Check` config) into its
/// type, reporting every unknown top-level field, or else the first shape problem, at its path.
pub fn parse<T: DeserializeOwned>(value: &Value) -> Result<T, Report> {
    let mut report = Report::default();
    // The shared object deserializer ignores unknown top-level keys (objects read from a
    // cluster carry `status`), so a misspelt `spec` would silently take the defaults.
    for key in value.as_object().into_iter().flat_map(|o| o.keys()) {
        if !TOP_LEVEL.contains(&key.as_str()) {
            let expected = TOP_LEVEL.map(|k| format!("`{k}`")).join(", ");
            let message = format!("unknown field `{key}`, expected one of {expected}");
            report.add(FieldPath::root().key(key.clone()), K::Shape { message });
        }
    }
    if report.has_errors() {
        return Err(report);
    }
    typed(value).map_err(|(path, message)| {
        report.add(path, K::Shape { message });
        report
    })
}

fn typed<T: DeserializeOwned>(value: &Value) -> Result<T, (FieldPath, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let mut path = FieldPath(
            e.path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { variant } => Some(Segment::Key(variant.clone())),
                    serde_path_to_error::Segment::Unknown => None,
                })
                .collect(),
        );
        let message = e.into_inner().to_string();
        // Point at an unknown field itself. serde_path_to_error records the key before the
        // struct refuses it, so the path usually ends with it already; never add it twice.
        if let Some(field) = message.strip_prefix("unknown field `").and_then(|m| m.split('`').next()) {
            let field = Segment::Key(field.to_owned());
            if path.0.last() != Some(&field) {
                path.0.push(field);
            }
        }
        // A number or boolean where a string belongs (`openshiftVersion: 4.10` reads as 4.1).
        let message = if let Some(hint) = credential_hint(&path) {
            format!("{message}; {hint}")
        } else if message.starts_with("invalid type:") && message.ends_with("expected a string") {
            format!("{message}; quote the value so YAML keeps it as written")
        } else if let Some(field) = message.strip_suffix(", there are no fields") {
            // An empty spec (a `Check` takes no options yet).
            format!("{field}: this takes no fields; remove it")
        } else {
            message
        };
        (path, message)
    })
}

/// Where credentials go, for an unknown field under `spec.peerPods` that looks like one (or
/// any unknown field under its `credentials` or `sshKey`): oscgen has no field for a secret
/// value, so the message must say where it belongs instead.
fn credential_hint(path: &FieldPath) -> Option<&'static str> {
    let keys: Vec<&str> =
        path.0.iter().filter_map(|s| if let Segment::Key(k) = s { Some(k.as_str()) } else { None }).collect();
    let (field, parents) = keys.split_last()?;
    let under = parents.iter().position(|k| *k == "peerPods")?;
    let in_secret_block = parents[under + 1..].iter().any(|k| matches!(*k, "credentials" | "sshKey"));
    let lower = field.to_ascii_lowercase().replace(['_', '-', '.'], "");
    let looks_secret = [
        "secret",
        "password",
        "token",
        "credential",
        "accesskey",
        "privatekey",
        "idrsa",
        "sshkey",
        "libvirturi",
        "clientid",
        "tenantid",
        "subscriptionid",
        "serviceaccount",
    ]
    .iter()
    .any(|word| lower.contains(word))
        || lower.ends_with("key");
    (in_secret_block || looks_secret).then_some(
        "oscgen takes no credentials, so none reach Git through it: create the Secret peer-pods-secret (ssh-key-secret for the pod VMs' SSH key) in namespace openshift-sandboxed-containers-operator out of band or with an external-secrets tool and name it in spec.peerPods.credentials.secretName (spec.peerPods.sshKey.secretName), or set spec.peerPods.credentials: cloudCredentialOperator for the operator to create it",
    )
}

/// Parses one config object read from YAML text, `source` telling where and how its scalars
/// were written, `at` the config's own path in that document (the root for a config file,
/// `functionConfig` in a ResourceList).
pub fn from_source(value: &Value, source: &SourceMap, at: &FieldPath) -> Result<Config, Report> {
    let mut config = from_value(value)?;
    let spec = at.key("spec");
    match &mut config {
        Config::Runtime(runtime) => {
            if let Some(selector) = &mut runtime.spec.pool_selector {
                mark_selector(selector, source, &spec.key("poolSelector"));
            }
        }
        Config::Policy(policy) => {
            if let Some(selector) = &mut policy.spec.runtime.pool_selector {
                mark_selector(selector, source, &spec.key("runtime").key("poolSelector"));
            }
            if let Some(selector) = policy.spec.placement.as_mut().and_then(|p| p.cluster_selector.as_mut()) {
                mark_selector(selector, source, &spec.key("placement").key("clusterSelector"));
            }
        }
        Config::Operator(_) | Config::Coco(_) => {}
    }
    Ok(config)
}

/// Marks the values of a selector written at `base` that YAML 1.1 reads as booleans.
fn mark_selector(selector: &mut PoolSelector, source: &SourceMap, base: &FieldPath) {
    for (key, value) in &mut selector.match_labels {
        mark_yaml11(value, source, &base.key("matchLabels").key(key.clone()));
    }
    for (i, requirement) in selector.match_expressions.iter_mut().enumerate() {
        for (j, value) in requirement.values.iter_mut().flatten().enumerate() {
            mark_yaml11(value, source, &base.key("matchExpressions").index(i).key("values").index(j));
        }
    }
}

/// A string written as a plain `yes`, `off`, `Y` (a boolean to YAML 1.1 readers) becomes
/// [`LabelValue::Yaml11Bool`].
fn mark_yaml11(value: &mut LabelValue, source: &SourceMap, path: &FieldPath) {
    let LabelValue::String(text) = value else { return };
    let plain = source.value(path).is_some_and(|located| {
        matches!(&located.node, NodeKind::Scalar { text: written, style: ScalarStyle::Plain } if written == text)
    });
    if plain && is_yaml11_bool(text) {
        *value = LabelValue::Yaml11Bool(std::mem::take(text));
    }
}

/// Whether YAML 1.1 (kubectl) reads `text`, written unquoted, as a boolean.
fn is_yaml11_bool(text: &str) -> bool {
    crate::yaml::plain_type(text).is_some_and(|t| t.yaml11_only && t.name == "boolean")
}

/// Parses every document of a YAML stream as a config.
pub fn from_yaml(text: &str) -> Result<Vec<Config>, crate::Error> {
    let documents = crate::yaml::documents_with_source(text).map_err(crate::Error::Yaml)?;
    let mut configs = Vec::new();
    let mut report = Report::default();
    for (i, crate::yaml::SourceDocument { value: document, source }) in documents.iter().enumerate() {
        match from_source(document, source, &FieldPath::root()) {
            Ok(config) => configs.push(config),
            Err(mut r) => {
                if documents.len() > 1 {
                    for entry in &mut r.entries {
                        entry.origin.get_or_insert_with(Origin::default).document = Some(i + 1);
                    }
                    if document.get("kind").is_some() {
                        r.attribute(&ObjectRef::of(document));
                    }
                }
                report.extend(r);
            }
        }
    }
    if report.has_errors() {
        return Err(crate::Error::Invalid(report));
    }
    Ok(configs)
}
