//! The checks on the objects of one build: each object alone (labels, the operator's
//! Subscription, its schema), then the rules that span objects (one KataConfig, an
//! OperatorGroup for the Subscription).

use std::path::Path;

use serde_json::Value;

use super::build::Unmatched;
use super::source::Obj;
use super::{CheckKind as K, Finding, ObjectRef};
use crate::catalog::{self, Release};
use crate::validate::{self, Schemas};
use crate::yaml::{ScalarStyle, plain_type};
use crate::{FieldPath, Segment, Severity};

/// The objects of one build and what is known about how they were built.
pub(super) struct Build<'a> {
    pub objects: &'a [Obj],
    pub unmatched: &'a [Unmatched],
    /// The kustomization directory built, shown with findings in files outside it.
    pub root: Option<&'a Path>,
}

struct Out<'a, 'b> {
    build: &'a Build<'a>,
    findings: &'b mut Vec<Finding>,
}

impl Out<'_, '_> {
    fn push(&mut self, obj: &Obj, severity: Severity, path: FieldPath, kind: K) {
        // Objects rendered from an oscgen config are as the config says, and the config's own
        // diagnostics cover it; only the rules that span objects are about them.
        let spans =
            matches!(kind, K::SecondKataConfig { .. } | K::NoOperatorGroup { .. } | K::TooManyOperatorGroups { .. });
        if !obj.written && !spans {
            return;
        }
        // An unquoted value is shown where the value is, everything else at its field's name.
        let spot = obj.spot(&path, matches!(kind, K::UnquotedValue { .. } | K::NullValue { .. }));
        let outside = |root: &Path| spot.file.as_deref().is_none_or(|f| !Path::new(f).starts_with(root));
        let build = self.build.root.filter(|root| outside(root)).map(|root| root.display().to_string());
        self.findings.push(Finding {
            severity,
            file: spot.file,
            line: spot.line,
            column: spot.column,
            object: Some(ObjectRef::of(&obj.value)),
            path,
            kind,
            build,
        });
    }
}

fn group(obj: &Obj) -> &str {
    let api_version = obj.str("/apiVersion").unwrap_or_default();
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

fn is(obj: &Obj, group_name: &str, kind: &str) -> bool {
    obj.str("/kind") == Some(kind) && group(obj) == group_name
}

/// The operator's Subscription (by its OLM package name).
fn is_operator_subscription(obj: &Obj) -> bool {
    is(obj, "operators.coreos.com", "Subscription") && obj.str("/spec/name").map(str::trim) == Some(catalog::PACKAGE)
}

fn is_operator_group(obj: &Obj) -> bool {
    is(obj, "operators.coreos.com", "OperatorGroup")
}

/// Values people leave for an overlay to replace.
pub(super) fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    const WORDS: &[&str] = &[
        "placeholder",
        "channel",
        "changeme",
        "change-me",
        "change_me",
        "todo",
        "tbd",
        "fixme",
        "replaceme",
        "replace-me",
        "replace_me",
        "override",
        "set-me",
        "setme",
        "csv",
        "startingcsv",
        "version",
        "none",
        "null",
        "undefined",
        "unknown",
    ];
    v.is_empty()
        || WORDS.contains(&lower.as_str())
        || lower.contains("placeholder")
        || lower.contains("changeme")
        || lower.contains("change_me")
        || lower.contains("${")
        || lower.contains("{{")
        || (v.starts_with('<') && v.ends_with('>'))
        || (v.starts_with("__") && v.ends_with("__") && v.len() > 4)
        || (v.starts_with('$') && v.len() > 1)
        || (v.len() >= 3 && lower.chars().all(|c| c == 'x'))
}

/// The value at a field path.
fn at<'v>(value: &'v Value, path: &FieldPath) -> Option<&'v Value> {
    path.0.iter().try_fold(value, |v, segment| match segment {
        Segment::Key(k) => v.get(k),
        Segment::Index(i) => v.get(i),
    })
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The release a build's Subscription asks for: by startingCSV, else by channel.
fn subscribed_release(objects: &[Obj]) -> Option<&'static Release> {
    let sub = objects.iter().find(|o| is_operator_subscription(o))?;
    sub.str("/spec/startingCSV")
        .and_then(catalog::by_csv)
        .or_else(|| sub.str("/spec/channel").and_then(catalog::by_channel))
}

/// Every field whose value must be a string for label reasons, with what to call it.
fn label_fields(value: &Value, path: &FieldPath, out: &mut Vec<(FieldPath, &'static str)>) {
    match value {
        Value::Object(map) => {
            let under_metadata = path.0.last() == Some(&Segment::Key("metadata".to_owned()));
            for (key, v) in map {
                let here = path.key(key.clone());
                let entries = |what: &'static str, out: &mut Vec<(FieldPath, &'static str)>| {
                    for (k, entry) in v.as_object().into_iter().flatten() {
                        if !entry.is_object() && !entry.is_array() {
                            out.push((here.key(k.clone()), what));
                        }
                    }
                };
                match (key.as_str(), v) {
                    ("labels", Value::Object(_)) if under_metadata => entries("label", out),
                    ("annotations", Value::Object(_)) if under_metadata => entries("annotation", out),
                    ("matchLabels", Value::Object(_)) => entries("label", out),
                    ("nodeSelector", Value::Object(_)) => {
                        entries("node selector", out);
                        label_fields(v, &here, out);
                    }
                    ("matchExpressions", Value::Array(requirements)) => {
                        for (i, requirement) in requirements.iter().enumerate() {
                            let values = requirement.get("values").and_then(Value::as_array);
                            for (j, _) in values.into_iter().flatten().enumerate() {
                                out.push((here.index(i).key("values").index(j), "label"));
                            }
                        }
                    }
                    _ => label_fields(v, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                label_fields(item, &path.index(i), out);
            }
        }
        _ => {}
    }
}

/// Label values YAML (or kubectl's YAML 1.1) does not read as strings. Returns the paths
/// reported.
fn labels(obj: &Obj, out: &mut Out<'_, '_>) -> Vec<FieldPath> {
    let mut fields = Vec::new();
    label_fields(&obj.value, &FieldPath::root(), &mut fields);
    let mut reported = Vec::new();
    for (path, what) in fields {
        let Some(value) = at(&obj.value, &path) else { continue };
        let kind = match obj.scalar(&path) {
            Some((written, ScalarStyle::Plain)) => match plain_type(written) {
                Some(t) if t.name == "null" => Some(K::NullValue { what: what.to_owned() }),
                Some(t) => Some(K::UnquotedValue {
                    what: what.to_owned(),
                    value: written.to_owned(),
                    yaml_type: t.name.to_owned(),
                    reader: if t.yaml11_only { "kubectl (YAML 1.1)" } else { "YAML" }.to_owned(),
                }),
                None => None,
            },
            Some(_) => None,
            None => match value {
                Value::Null => Some(K::NullValue { what: what.to_owned() }),
                Value::Bool(_) | Value::Number(_) => Some(K::UnquotedValue {
                    what: what.to_owned(),
                    value: value.to_string(),
                    yaml_type: if value.is_boolean() { "boolean" } else { "number" }.to_owned(),
                    reader: "YAML".to_owned(),
                }),
                _ => None,
            },
        };
        if let Some(kind) = kind {
            // A null label value reaches a built-in object as "" (Go reads JSON null into a
            // string as empty); a custom resource's schema may refuse it. Worth a look, not
            // always broken.
            let severity = if matches!(kind, K::NullValue { .. }) { Severity::Warning } else { Severity::Error };
            out.push(obj, severity, path.clone(), kind);
            reported.push(path);
        }
    }
    reported
}

fn subscription(obj: &Obj, unmatched: &[Unmatched], out: &mut Out<'_, '_>) {
    let left_by = |field: &str| {
        let path = FieldPath::parse(field);
        unmatched
            .iter()
            .find(|u| u.kind.as_deref().is_none_or(|k| k == "Subscription") && u.fields.contains(&path))
            .map(|u| u.patch.clone())
    };
    let channel = obj.value.pointer("/spec/channel");
    let channel_text = channel.map(text);
    let channel_release = channel_text.as_deref().and_then(catalog::by_channel);
    if let Some(channel) = &channel_text {
        let path = FieldPath::parse("spec.channel");
        if is_placeholder(channel) {
            let fix = format!("one of the channels {}", catalog::channels().join(", "));
            let kind = K::Placeholder {
                field: "channel".into(),
                value: channel.clone(),
                fix,
                left_by: left_by("spec.channel"),
            };
            out.push(obj, Severity::Error, path, kind);
        } else if channel_release.is_none() {
            let kind = K::UnknownChannel { channel: channel.clone(), known: catalog::channels().join(", ") };
            out.push(obj, Severity::Error, path, kind);
        }
    }
    if let Some(csv) = obj.value.pointer("/spec/startingCSV").map(text) {
        let path = FieldPath::parse("spec.startingCSV");
        let example = channel_release.unwrap_or(catalog::newest()).csv.to_owned();
        let prefix = format!("{}.v", catalog::PACKAGE);
        if is_placeholder(&csv) {
            let fix = format!("the CSV of a release on the subscribed channel (e.g. {example}), or remove it");
            let kind =
                K::Placeholder { field: "startingCSV".into(), value: csv, fix, left_by: left_by("spec.startingCSV") };
            out.push(obj, Severity::Error, path, kind);
        } else if !csv.trim().starts_with(&prefix) {
            out.push(obj, Severity::Error, path, K::ForeignCsv { csv, example });
        } else {
            match (catalog::by_csv(&csv), channel_release, &channel_text) {
                (None, _, _) => {
                    let known = catalog::versions().join(", ");
                    out.push(obj, Severity::Warning, path, K::CsvNotInCatalog { csv, known });
                }
                (Some(release), Some(on_channel), Some(channel)) if !release.on_channel(channel) => {
                    let kind = K::ChannelCsvMismatch {
                        channel: channel.trim().to_owned(),
                        csv,
                        csv_channel: release.channel.to_owned(),
                        channel_csv: on_channel.csv.to_owned(),
                    };
                    out.push(obj, Severity::Error, path, kind);
                }
                _ => {}
            }
        }
    }
    namespace(obj, out);
}

/// The operator's Subscription and OperatorGroup belong in its namespace.
fn namespace(obj: &Obj, out: &mut Out<'_, '_>) {
    let kind = obj.str("/kind").unwrap_or_default().to_owned();
    let required = catalog::NAMESPACE.to_owned();
    match obj.str("/metadata/namespace") {
        None => out.push(obj, Severity::Warning, FieldPath::parse("metadata"), K::MissingNamespace { kind, required }),
        Some(ns) if ns != catalog::NAMESPACE => {
            let kind = K::OperatorNamespace { kind, namespace: ns.to_owned(), required };
            out.push(obj, Severity::Error, FieldPath::parse("metadata.namespace"), kind);
        }
        Some(_) => {}
    }
}

/// The objects with distinct identities, first copy kept (a directory may hold a config and
/// the objects rendered from it).
fn distinct<'o>(objects: impl Iterator<Item = &'o Obj>) -> Vec<&'o Obj> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for obj in objects {
        let id = obj.id();
        if !seen.contains(&id) {
            seen.push(id);
            out.push(obj);
        }
    }
    out
}

fn operator_groups(build: &Build<'_>, out: &mut Out<'_, '_>) {
    let groups = distinct(build.objects.iter().filter(|o| !o.synthetic && is_operator_group(o)));
    let subscriptions = distinct(build.objects.iter().filter(|o| !o.synthetic && is_operator_subscription(o)));
    let mut checked: Vec<&str> = Vec::new();
    for sub in &subscriptions {
        let Some(namespace) = sub.str("/metadata/namespace") else { continue };
        if checked.contains(&namespace) {
            continue;
        }
        checked.push(namespace);
        let here: Vec<&&Obj> = groups.iter().filter(|g| g.str("/metadata/namespace") == Some(namespace)).collect();
        let path = FieldPath::parse("metadata.namespace");
        match here.as_slice() {
            [] => out.push(sub, Severity::Error, path, K::NoOperatorGroup { namespace: namespace.to_owned() }),
            [group] => {
                let name = group.str("/metadata/name").unwrap_or_default().to_owned();
                if group.value.pointer("/spec/selector").is_some() {
                    continue;
                }
                let targets: Vec<String> = group
                    .value
                    .pointer("/spec/targetNamespaces")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(text)
                    .collect();
                if targets.is_empty() {
                    let path = if group.value.pointer("/spec/targetNamespaces").is_some() {
                        FieldPath::parse("spec.targetNamespaces")
                    } else {
                        FieldPath::parse("spec")
                    };
                    out.push(group, Severity::Error, path, K::AllNamespaces { name, namespace: namespace.to_owned() });
                } else if targets != [namespace] {
                    let kind =
                        K::TargetNamespaces { name, namespace: namespace.to_owned(), targets: targets.join(", ") };
                    out.push(group, Severity::Error, FieldPath::parse("spec.targetNamespaces"), kind);
                }
                if namespace != catalog::NAMESPACE {
                    namespace_of_group(group, out);
                }
            }
            many => {
                let names: Vec<&str> = many.iter().filter_map(|g| g.str("/metadata/name")).collect();
                let kind = K::TooManyOperatorGroups {
                    namespace: namespace.to_owned(),
                    count: many.len(),
                    names: names.join(", "),
                };
                out.push(sub, Severity::Error, path, kind);
            }
        }
    }
    // An OperatorGroup named for the operator, away from it, with no Subscription beside it.
    for group in &groups {
        let namespace = group.str("/metadata/namespace");
        let named = group.str("/metadata/name").is_some_and(|n| n.contains("sandboxed-containers"));
        if named && namespace.is_some_and(|ns| !checked.contains(&ns) && ns != catalog::NAMESPACE) {
            namespace_of_group(group, out);
        }
    }
}

fn namespace_of_group(group: &Obj, out: &mut Out<'_, '_>) {
    if let Some(ns) = group.str("/metadata/namespace") {
        let kind = K::OperatorNamespace {
            kind: "OperatorGroup".to_owned(),
            namespace: ns.to_owned(),
            required: catalog::NAMESPACE.to_owned(),
        };
        out.push(group, Severity::Error, FieldPath::parse("metadata.namespace"), kind);
    }
}

fn kata_configs(build: &Build<'_>, out: &mut Out<'_, '_>) {
    let mut first: Option<String> = None;
    let katas = build.objects.iter().filter(|o| is(o, "kataconfiguration.openshift.io", "KataConfig"));
    for kata in distinct(katas) {
        let name = kata.str("/metadata/name").unwrap_or_default().to_owned();
        match &first {
            None => first = Some(name),
            Some(first) => {
                let kind = K::SecondKataConfig { name, first: first.clone() };
                out.push(kata, Severity::Error, FieldPath::parse("metadata.name"), kind);
            }
        }
    }
}

/// Runs every check on one build.
pub(super) fn check_build(build: &Build<'_>, findings: &mut Vec<Finding>) {
    let mut out = Out { build, findings };
    // The schemas the subscribed release brings (and the OpenShift it is made for); the
    // newest ones when nothing says.
    let schemas =
        subscribed_release(build.objects).map(|r| Schemas::for_target(r, r.openshift_min)).unwrap_or_default();
    for obj in build.objects.iter().filter(|o| !o.synthetic && o.written) {
        let reported = labels(obj, &mut out);
        let mut reported = reported;
        if is_operator_subscription(obj) {
            // A channel that is a number is an unknown channel first, a schema problem second.
            reported.extend(["spec.channel", "spec.startingCSV"].map(FieldPath::parse));
            subscription(obj, build.unmatched, &mut out);
        }
        match validate::check(&obj.value, schemas) {
            Ok(violations) => {
                let kind = obj.str("/kind").unwrap_or_default().to_owned();
                for v in violations.into_iter().filter(|v| !reported.contains(&v.path)) {
                    out.push(obj, Severity::Error, v.path, K::Schema { kind: kind.clone(), message: v.message });
                }
            }
            Err(crate::Error::NoSchema { .. }) => {}
            Err(e) => out.push(obj, Severity::Error, FieldPath::root(), K::Internal { message: e.to_string() }),
        }
    }
    operator_groups(build, &mut out);
    kata_configs(build, &mut out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for yes in [
            "",
            " ",
            "PLACEHOLDER",
            "channel",
            "CHANNEL",
            "changeme",
            "<channel>",
            "${CHANNEL}",
            "{{ .channel }}",
            "$CHANNEL",
            "__CHANNEL__",
            "XXX",
            "TODO",
            "my-placeholder",
        ] {
            assert!(is_placeholder(yes), "{yes:?}");
        }
        for no in ["stable", "preview-1.1", "stable-1.2", "sandboxed-containers-operator.v1.1.0", "x", "$"] {
            assert!(!is_placeholder(no), "{no:?}");
        }
    }
}
