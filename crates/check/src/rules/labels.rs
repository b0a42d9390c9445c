//! Label, annotation and node selector values must be strings: a value YAML (or kubectl's
//! YAML 1.1) reads as a boolean, number or null is found in the source text, so the unquoted
//! text itself is shown.

use oscgen_render::yaml::{ScalarStyle, plain_type};
use serde_json::Value;

use super::{Out, at};
use crate::source::Obj;
use crate::{CheckKind as K, FieldPath, Segment};

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
pub(crate) fn check(obj: &Obj, out: &mut Out<'_, '_>) -> Vec<FieldPath> {
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
            out.push(obj, path.clone(), kind);
            reported.push(path);
        }
    }
    reported
}
