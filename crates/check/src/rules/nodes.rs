//! The node objects the operator creates itself: a MachineConfig or RuntimeClass in the
//! repository with the name of one the subscribed release's operator creates, but other
//! content, is two writers of one object. What the operator writes comes from the render
//! crate's node-object preview for that release ([`oscgen_render::runtime::objects`]), and is
//! compared only where the release's node objects are confirmed in the catalog (its
//! `[release.nodes]` row in `crates/render/catalog.toml`).

use std::collections::BTreeMap;

use oscgen_render::api::oscgen::v1alpha1::{PoolSelector, RuntimeSpec};
use oscgen_render::catalog::{NodeBehaviour, Release, Status};
use oscgen_render::runtime;
use serde_json::Value;

use super::{Out, Scope, at, distinct, is, kataconfig};
use crate::source::Obj;
use crate::{CheckKind as K, FieldPath, Report};

/// The MCO's role label on a MachineConfig.
const ROLE: &str = "machineconfiguration.openshift.io/role";

/// What the operator of `release` writes, for the KataConfig of the build (or the defaults when
/// the build has none and the objects do not depend on it).
fn preview(build: &Scope<'_>, release: &Release) -> Option<Vec<Value>> {
    let kata = distinct(build.objects.iter().filter(|o| kataconfig::is_kataconfig(o))).into_iter().next();
    let spec_value = kata.and_then(|k| k.value.get("spec"));
    // Before 1.4 the RuntimeClass nodeSelector follows the KataConfig's selector.
    if kata.is_none() && release.nodes < NodeBehaviour::Stable14 {
        return None;
    }
    let field = |name: &str| spec_value.and_then(|s| s.get(name));
    let pool_selector = match field("kataConfigPoolSelector").filter(|v| !v.is_null()) {
        Some(v) => Some(serde_json::from_value::<PoolSelector>(v.clone()).ok()?),
        None => None,
    };
    let spec = RuntimeSpec {
        name: kata.and_then(|k| k.str("/metadata/name")).map(str::to_owned),
        release: Some(release.version.to_owned()),
        pool_selector,
        check_node_eligibility: field("checkNodeEligibility").and_then(Value::as_bool),
        log_level: field("logLevel").and_then(Value::as_str).map(str::to_owned),
        render_node_objects: true,
        ..RuntimeSpec::default()
    };
    // A KataConfig the preview cannot take has its own findings; nothing to compare then.
    let resolved = runtime::resolve(&spec, &mut Report::default())?;
    let objects = runtime::objects(&spec, &resolved).ok()?;
    objects.iter().map(|o| o.to_value().ok()).collect()
}

/// The fields compared per kind: the path, and whether it holds a quantity.
fn compared(kind: &str, release: &Release) -> Vec<(FieldPath, bool)> {
    match kind {
        "RuntimeClass" => vec![
            (FieldPath::parse("handler"), false),
            (FieldPath::parse("overhead.podFixed.cpu"), true),
            (FieldPath::parse("overhead.podFixed.memory"), true),
            (FieldPath::parse("scheduling.nodeSelector"), false),
        ],
        "MachineConfig" => {
            let mut fields = vec![(FieldPath::parse("metadata.labels").key(ROLE), false)];
            // From 1.4 the extension's name comes from the operator's environment (1.4-1.8) or
            // the cluster's release image (1.9+), which the repository does not show.
            if release.nodes < NodeBehaviour::Stable14 {
                fields.push((FieldPath::parse("spec.extensions"), false));
            }
            fields
        }
        _ => Vec::new(),
    }
}

/// Each MachineConfig and RuntimeClass of the build that the operator of the subscribed
/// release creates too, compared field by field with what it writes.
pub(crate) fn operator_objects(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let Some(release) = build.release().filter(|r| r.nodes_status == Status::Confirmed) else {
        return;
    };
    let ours = |o: &&Obj| {
        o.written
            && !o.synthetic
            && (is(o, "node.k8s.io", "RuntimeClass") || is(o, "machineconfiguration.openshift.io", "MachineConfig"))
    };
    let written = distinct(build.objects.iter().filter(ours));
    if written.is_empty() {
        return;
    }
    let Some(preview) = preview(build, release) else { return };
    for obj in written {
        let kind = obj.str("/kind").unwrap_or_default();
        let name = obj.str("/metadata/name").unwrap_or_default();
        let theirs = preview.iter().find(|p| {
            p.get("kind").and_then(Value::as_str) == Some(kind)
                && p.pointer("/metadata/name").and_then(Value::as_str) == Some(name)
        });
        let Some(theirs) = theirs else { continue };
        for (path, quantity) in compared(kind, release) {
            let (expected, found) = (at(theirs, &path), at(&obj.value, &path));
            let same = match (expected, found) {
                (Some(Value::String(a)), Some(Value::String(b))) if quantity => quantity_eq(a, b),
                (a, b) => {
                    normalized(a) == normalized(b) || a.and_then(converged).is_some_and(|c| Some(&c) == normalized(b))
                }
            };
            if !same {
                let kind = K::OperatorObjectDiffers {
                    kind: kind.to_owned(),
                    name: name.to_owned(),
                    release: release.version.to_owned(),
                    field: path.to_string(),
                    expected: shown(expected),
                    found: shown(found),
                };
                out.push(obj, path, kind);
            }
        }
    }
}

/// What the operator writes instead on a converged cluster (no worker nodes): the `master`
/// pool and role where it would use `kata-oc` (`getMcpName` and `checkConvergedCluster`:
/// openshift/sandboxed-containers-operator, `controllers/openshift_controller.go`, v1.7.0).
fn converged(value: &Value) -> Option<Value> {
    const KATA_OC: &str = "node-role.kubernetes.io/kata-oc";
    match value {
        Value::String(role) if role == runtime::POOL => Some(Value::String("master".to_owned())),
        Value::Object(map) if map.contains_key(KATA_OC) => {
            let mut map = map.clone();
            map.remove(KATA_OC);
            map.insert("node-role.kubernetes.io/master".to_owned(), Value::String(String::new()));
            Some(Value::Object(map))
        }
        _ => None,
    }
}

/// An absent map is the empty map, as the API server stores it.
fn normalized(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null() && v.as_object().is_none_or(|m| !m.is_empty()))
}

fn shown(value: Option<&Value>) -> String {
    match normalized(value) {
        None => "nothing".to_owned(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(other) => format!("`{other}`"),
    }
}

/// Whether two quantities are the same amount (`0.25` and `250m`), as the API server compares
/// them; text that is not a quantity compares as text.
fn quantity_eq(a: &str, b: &str) -> bool {
    match (nanos(a), nanos(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a.trim() == b.trim(),
    }
}

/// A quantity in units of 10^-9 (`1` is 1,000,000,000), for the suffixes Kubernetes takes
/// (k8s.io/apimachinery `pkg/api/resource/quantity.go`, v0.31.0); `None` when it is not one or
/// does not fit.
fn nanos(text: &str) -> Option<i128> {
    if !oscgen_render::rules::is_quantity(text) {
        return None;
    }
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    // Digits past nine decimals are below the unit; the API server rounds them up, which two
    // texts that differ only there rarely do, so they are dropped.
    let fraction: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    // Too many digits for an i128 is a quantity no RuntimeClass means; it compares as text.
    let base: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    let binary = BTreeMap::from([("Ki", 10u32), ("Mi", 20), ("Gi", 30), ("Ti", 40), ("Pi", 50), ("Ei", 60)]);
    let decimal = BTreeMap::from([
        ("n", -9i32),
        ("u", -6),
        ("m", -3),
        ("", 0),
        ("k", 3),
        ("M", 6),
        ("G", 9),
        ("T", 12),
        ("P", 15),
        ("E", 18),
    ]);
    let value = if let Some(shift) = binary.get(suffix) {
        base.checked_mul(1i128.checked_shl(*shift)?)?
    } else {
        let exponent = match decimal.get(suffix) {
            Some(e) => *e,
            None => suffix.get(1..)?.parse::<i32>().ok()?,
        };
        if exponent >= 0 {
            base.checked_mul(10i128.checked_pow(u32::try_from(exponent).ok()?)?)?
        } else {
            base / 10i128.checked_pow(exponent.unsigned_abs())?
        }
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_compare_by_amount() {
        for (a, b) in [("0.25", "250m"), ("350Mi", "358400Ki"), ("1", "1000m"), ("1e3", "1k"), ("0.5Gi", "512Mi")] {
            assert!(quantity_eq(a, b), "{a} = {b}");
        }
        assert!(quantity_eq("0", "000m"));
        let huge = "9".repeat(60);
        for (a, b) in
            [("250m", "300m"), ("350Mi", "350M"), ("1", "-1"), ("x", "y"), (huge.as_str(), "0"), ("1e999", "0")]
        {
            assert!(!quantity_eq(a, b), "{a} != {b}");
        }
    }
}
