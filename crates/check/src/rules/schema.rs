//! Every object against its kind's schema: the CRD of the release the build subscribes to (or
//! the newest), and k8s-openapi's types for built-in kinds.

use oscgen_render::schema::{self, Schemas};

use super::{Out, olm};
use crate::source::Obj;
use crate::{DiagnosticKind as K, FieldPath, Severity};

/// The schemas the build's subscribed release brings (and the OpenShift it is made for); the
/// newest ones when nothing says.
pub(crate) fn for_build(objects: &[Obj]) -> Schemas {
    olm::subscribed_release(objects).map(|r| Schemas::for_target(r, r.openshift_min)).unwrap_or_default()
}

/// Reports every schema violation of `obj` except on the fields already `reported` (a label
/// that is a boolean is one problem, not two).
pub(crate) fn check(obj: &Obj, schemas: Schemas, reported: &[FieldPath], out: &mut Out<'_, '_>) {
    let pruned;
    let value = if has_null(&obj.value) {
        pruned = without_nulls(&obj.value);
        &pruned
    } else {
        &obj.value
    };
    match schema::check(value, schemas) {
        Ok(violations) => {
            let kind = obj.str("/kind").unwrap_or_default().to_owned();
            for v in violations.into_iter().filter(|v| !reported.contains(&v.path)) {
                out.push(obj, Severity::Error, v.path, K::Schema { kind: kind.clone(), message: v.message });
            }
        }
        Err(oscgen_render::Error::NoSchema { .. }) => {}
        Err(e) => out.push(obj, Severity::Error, FieldPath::root(), K::Internal { message: e.to_string() }),
    }
}

/// Whether a mapping in `value` holds a null.
fn has_null(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Object(map) => map.values().any(|v| v.is_null() || has_null(v)),
        Value::Array(items) => items.iter().any(has_null),
        _ => false,
    }
}

/// `value` with every null mapping value dropped: the API server drops a null it is given for a
/// field that is not nullable before it validates the object (kubernetes/apiextensions-apiserver,
/// `pkg/apiserver/schema/pruning` and `defaulting/prunenulls.go`, v0.29.0), and decoding a
/// built-in kind reads null as absent, so `spec:` left empty is accepted, not a type error.
fn without_nulls(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), without_nulls(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}
