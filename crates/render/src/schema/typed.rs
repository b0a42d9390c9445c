//! Built-in kinds against k8s-openapi's types: `Namespace`, `ConfigMap`, `RuntimeClass`, and
//! every object's `metadata` (the API server checks it strictly against `ObjectMeta`, whatever
//! a CRD says).
//!
//! `Secret` is left out on purpose: a violation message may quote the value it is about, and a
//! Secret's values are credentials, which oscgen never prints.

use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
use k8s_openapi::api::node::v1::RuntimeClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::SchemaViolation;
use crate::{FieldPath, Segment};

/// The violations in a built-in kind, or `None` when `(group, version, kind)` is not one.
pub(super) fn check(group: &str, version: &str, kind: &str, object: &Value) -> Option<Vec<SchemaViolation>> {
    match (group, version, kind) {
        ("", "v1", "Namespace") => Some(round_trip::<Namespace>(object, &FieldPath::root())),
        ("", "v1", "ConfigMap") => Some(round_trip::<ConfigMap>(object, &FieldPath::root())),
        ("node.k8s.io", "v1", "RuntimeClass") => Some(round_trip::<RuntimeClass>(object, &FieldPath::root())),
        _ => None,
    }
}

/// `metadata`, strictly against `ObjectMeta` (for custom resources; the built-in kinds check
/// it with the rest of the object).
pub(super) fn metadata(object: &Value) -> Vec<SchemaViolation> {
    match object.get("metadata") {
        Some(metadata) => round_trip::<ObjectMeta>(metadata, &FieldPath::root().key("metadata")),
        None => Vec::new(),
    }
}

/// Round-trips `value` through `T`: every field `T` does not read is unknown, the first type
/// error is reported, and a field the serialized `T` has but `value` lacks is a required field
/// that is missing (k8s-openapi fills those with empty values when reading).
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value, prefix: &FieldPath) -> Vec<SchemaViolation> {
    fn ignored(path: &serde_ignored::Path<'_>, out: &mut Vec<Segment>) {
        use serde_ignored::Path as P;
        match path {
            P::Root => {}
            P::Seq { parent, index } => {
                ignored(parent, out);
                out.push(Segment::Index(*index));
            }
            P::Map { parent, key } => {
                ignored(parent, out);
                out.push(Segment::Key(key.clone()));
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => ignored(parent, out),
        }
    }
    let mut unknown = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| {
        let mut segments = prefix.0.clone();
        ignored(&path, &mut segments);
        unknown.push(FieldPath(segments));
    };
    let result: Result<T, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(value, &mut record));
    let mut out: Vec<SchemaViolation> = unknown
        .into_iter()
        .map(|path| SchemaViolation { path, message: super::UNKNOWN_FIELD.to_owned(), suggestion: None })
        .collect();
    if let Ok(Ok(back)) = result.as_ref().map(serde_json::to_value) {
        missing(value, &back, prefix, &mut out);
    }
    if let Err(e) = result {
        let mut segments = prefix.0.clone();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => segments.push(Segment::Index(*index)),
                serde_path_to_error::Segment::Map { key } => segments.push(Segment::Key(key.clone())),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        out.push(SchemaViolation { path: FieldPath(segments), message: e.into_inner().to_string(), suggestion: None });
    }
    out
}

/// Fields `written` (the serialized round trip) has and `read` (the input) does not.
fn missing(read: &Value, written: &Value, at: &FieldPath, out: &mut Vec<SchemaViolation>) {
    match (read, written) {
        (Value::Object(read), Value::Object(written)) => {
            for (field, value) in written {
                match read.get(field) {
                    Some(original) => missing(original, value, &at.key(field.clone()), out),
                    None => out.push(SchemaViolation {
                        path: at.key(field.clone()),
                        message: "required field is missing".to_owned(),
                        suggestion: None,
                    }),
                }
            }
        }
        (Value::Array(read), Value::Array(written)) => {
            for (i, (original, value)) in read.iter().zip(written).enumerate() {
                missing(original, value, &at.index(i), out);
            }
        }
        _ => {}
    }
}
