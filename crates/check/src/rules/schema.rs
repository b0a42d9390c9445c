//! Every object against its kind's schema: the CRD of the release the build subscribes to (or
//! the newest), and k8s-openapi's types for built-in kinds.

use oscgen_render::schema::{self, Schemas};

use super::{Out, olm};
use crate::source::Obj;
use crate::{CheckKind as K, DiagnosticKind as R, FieldPath};

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
                if v.message == schema::UNKNOWN_FIELD {
                    dropped(obj, &kind, v.path, v.suggestion, out);
                } else {
                    out.push(obj, v.path, K::Schema { kind: kind.clone(), message: v.message });
                }
            }
        }
        Err(oscgen_render::Error::NoSchema { .. }) => {}
        Err(e) => out.push(obj, FieldPath::root(), R::Internal { message: e.to_string() }),
    }
}

/// Fields people write meaning another one, which no spelling rule finds: a Subscription's
/// `spec.version` (meant to pin a release, which `startingCSV` does).
const MEANT: &[(&str, &str, &str)] = &[("Subscription", "spec.version", "startingCSV")];

/// A field the schema does not declare. The API server prunes it from a custom resource (and
/// a built-in kind's decoder skips it) and stores the rest, so the object is created without
/// it; a client asking for strict field validation (`kubectl apply`, whose `--validate` is
/// `strict` by default since Kubernetes 1.25) is refused instead. Either way the field never
/// takes effect, but the build itself does not fail: a warning, naming the field it most likely
/// meant.
fn dropped(obj: &Obj, kind: &str, path: FieldPath, suggestion: Option<String>, out: &mut Out<'_, '_>) {
    let field = path.to_string();
    let suggestion = suggestion
        .or_else(|| MEANT.iter().find(|(k, p, _)| *k == kind && *p == field).map(|(_, _, meant)| (*meant).to_owned()));
    let kind = K::DroppedField { kind: kind.to_owned(), field: field.clone(), suggestion };
    out.push(obj, path, kind);
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
