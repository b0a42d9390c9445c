//! The two patch formats kustomize applies: RFC 6902 JSON patches and strategic merge patches.
//!
//! Custom resources have no patch strategy in kustomize's schema, so a strategic merge on
//! them merges mappings and replaces lists; that is what is done here for every kind (the
//! objects `check` cares about are custom resources, Namespaces and RuntimeClasses).

use json_patch::{Patch, PatchErrorKind, PatchOperation};
use serde_json::Value;

use crate::FieldPath;
use oscgen_render::Segment;

/// A JSON pointer as a field path, as far as it can be told without the object (numbers are
/// list indices).
pub fn pointer_path(pointer: &str) -> FieldPath {
    FieldPath(
        pointer
            .strip_prefix('/')
            .into_iter()
            .flat_map(|rest| rest.split('/'))
            .map(|raw| {
                let segment = raw.replace("~1", "/").replace("~0", "~");
                match segment.parse::<usize>() {
                    Ok(i) => Segment::Index(i),
                    Err(_) => Segment::Key(segment),
                }
            })
            .collect(),
    )
}

/// A JSON pointer into `value` as a field path: a number is an index only inside a list.
fn field_path(value: &Value, pointer: &json_patch::jsonptr::Pointer) -> FieldPath {
    let mut path = FieldPath::root();
    let mut at = Some(value);
    for token in pointer {
        let segment = token.decoded().into_owned();
        match (at, segment.parse::<usize>()) {
            (Some(Value::Array(items)), Ok(i)) => {
                at = items.get(i);
                path = path.index(i);
            }
            (Some(Value::Array(items)), Err(_)) if segment == "-" => {
                // `add` to the end: the item now last.
                let i = items.len().saturating_sub(1);
                at = items.get(i);
                path = path.index(i);
            }
            _ => {
                at = at.and_then(|v| v.get(&segment));
                path = path.key(segment);
            }
        }
    }
    path
}

/// What an operation's failure means, in the user's terms.
fn failure(op: &PatchOperation, e: &json_patch::PatchError, work: &Value) -> String {
    let (name, path) = match op {
        PatchOperation::Add(o) => ("add", &o.path),
        PatchOperation::Remove(o) => ("remove", &o.path),
        PatchOperation::Replace(o) => ("replace", &o.path),
        PatchOperation::Move(o) => ("move", &o.path),
        PatchOperation::Copy(o) => ("copy", &o.path),
        PatchOperation::Test(o) => ("test", &o.path),
    };
    let field = field_path(work, path);
    let reason = match (&e.kind, op) {
        (PatchErrorKind::TestFailed, _) => "the test does not hold".to_owned(),
        (PatchErrorKind::InvalidFromPointer, _) => "`from` does not exist".to_owned(),
        (PatchErrorKind::CannotMoveInsideItself, _) => "cannot move a value inside itself".to_owned(),
        (_, PatchOperation::Replace(_)) => format!("`{field}` does not exist (op replace needs it; use add)"),
        (_, PatchOperation::Add(_)) => format!("the parent of `{field}` does not exist, or the index is past the end"),
        _ => format!("`{field}` does not exist"),
    };
    format!("operation {} ({name} {path}): {reason}", e.operation)
}

/// Applies a JSON patch (a list of RFC 6902 operations) with the `json-patch` crate. Returns,
/// for each `add` and `replace`, its index and the field it wrote, so a finding on that field
/// points at the operation's `value`; on failure nothing is changed.
pub fn apply_ops(object: &mut Value, ops: &Value) -> Result<Vec<(usize, FieldPath)>, String> {
    if !ops.is_array() {
        return Err("a JSON patch must be a list of operations".to_owned());
    }
    let patch: Patch = serde_json::from_value(ops.clone()).map_err(|e| {
        format!(
            "not a JSON patch ({e}); each operation needs `op` (add, remove, replace, move, copy or test) and `path`"
        )
    })?;
    let mut work = object.clone();
    let mut written = Vec::new();
    for (i, op) in patch.iter().enumerate() {
        // One operation at a time on a copy: which one failed, and what each one wrote.
        json_patch::patch_unsafe(&mut work, std::slice::from_ref(op)).map_err(|mut e| {
            e.operation = i;
            failure(op, &e, &work)
        })?;
        // Only `add` and `replace` write text of the patch's own (its `value`); what `move`
        // and `copy` write was written where it came from.
        let wrote = match op {
            PatchOperation::Add(o) => Some(&o.path),
            PatchOperation::Replace(o) => Some(&o.path),
            _ => None,
        };
        if let Some(path) = wrote {
            written.push((i, field_path(&work, path)));
        }
    }
    *object = work;
    Ok(written)
}

/// What a strategic merge patch asks for the object as a whole.
#[derive(Debug, PartialEq, Eq)]
pub enum Merged {
    /// The object stays, changed.
    Kept,
    /// `$patch: delete`: the object goes.
    Deleted,
}

/// Merges `patch` into `object`: mappings merge, a null removes the field, anything else
/// (lists included) replaces. `$patch: delete` / `$patch: replace` are honoured; other `$`
/// directives are dropped.
pub fn merge(object: &mut Value, patch: &Value) -> Merged {
    if patch.get("$patch").and_then(Value::as_str) == Some("delete") {
        return Merged::Deleted;
    }
    merge_value(object, patch);
    Merged::Kept
}

fn without_directives(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter().filter(|(k, _)| !k.starts_with('$')).map(|(k, v)| (k.clone(), without_directives(v))).collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_directives).collect()),
        other => other.clone(),
    }
}

fn merge_value(object: &mut Value, patch: &Value) {
    match (object, patch) {
        (Value::Object(target), Value::Object(changes)) => {
            if changes.get("$patch").and_then(Value::as_str) == Some("replace") {
                if let Value::Object(clean) = without_directives(patch) {
                    *target = clean;
                }
                return;
            }
            for (key, change) in changes {
                if key.starts_with('$') {
                    continue;
                }
                match (target.get_mut(key), change) {
                    (_, Value::Null) => {
                        target.shift_remove(key);
                    }
                    (Some(existing @ Value::Object(_)), Value::Object(_)) => merge_value(existing, change),
                    _ => {
                        target.insert(key.clone(), without_directives(change));
                    }
                }
            }
        }
        (object, patch) => *object = without_directives(patch),
    }
}

/// The paths of every leaf a strategic merge patch sets (for telling which fields a patch
/// that matched nothing was meant to change).
pub fn leaves(value: &Value, at: FieldPath, out: &mut Vec<FieldPath>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                leaves(v, at.key(k.clone()), out);
            }
        }
        _ => out.push(at),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn json_patch_ops() {
        let mut sub = json!({"spec": {"channel": "PLACEHOLDER", "list": [1, 2]}});
        let ops = json!([
            {"op": "replace", "path": "/spec/channel", "value": "stable"},
            {"op": "add", "path": "/spec/list/-", "value": 3},
            {"op": "add", "path": "/spec/startingCSV", "value": "x"},
            {"op": "remove", "path": "/spec/list/0"},
            {"op": "copy", "from": "/spec/channel", "path": "/spec/copy"},
            {"op": "test", "path": "/spec/copy", "value": "stable"},
        ]);
        let written = apply_ops(&mut sub, &ops).unwrap();
        assert_eq!(sub, json!({"spec": {"channel": "stable", "list": [2, 3], "startingCSV": "x", "copy": "stable"}}));
        let paths: Vec<String> = written.iter().map(|(i, p)| format!("{i}:{p}")).collect();
        assert_eq!(paths, ["0:spec.channel", "1:spec.list[2]", "2:spec.startingCSV"]);
    }

    #[test]
    fn json_patch_failures_change_nothing() {
        let original = json!({"spec": {"channel": "a"}});
        for ops in [
            json!([{"op": "replace", "path": "/spec/chanel", "value": "b"}]),
            json!([{"op": "replace", "path": "/spec/channel", "value": "b"}, {"op": "remove", "path": "/x/y"}]),
            json!([{"op": "add", "path": "spec", "value": 1}]),
            json!([{"op": "frobnicate", "path": "/spec"}]),
            json!({"op": "add"}),
        ] {
            let mut object = original.clone();
            assert!(apply_ops(&mut object, &ops).is_err(), "{ops}");
            assert_eq!(object, original);
        }
    }

    #[test]
    fn strategic_merge() {
        let mut kata = json!({"metadata": {"name": "k", "labels": {"a": "1"}}, "spec": {"x": [1], "y": 1}});
        let patch = json!({"metadata": {"labels": {"b": "2"}}, "spec": {"x": [2], "y": null, "$retainKeys": []}});
        assert_eq!(merge(&mut kata, &patch), Merged::Kept);
        assert_eq!(kata, json!({"metadata": {"name": "k", "labels": {"a": "1", "b": "2"}}, "spec": {"x": [2]}}));
        assert_eq!(merge(&mut kata, &json!({"$patch": "delete"})), Merged::Deleted);
        merge(&mut kata, &json!({"spec": {"$patch": "replace", "z": 1}}));
        assert_eq!(kata["spec"], json!({"z": 1}));
    }
}
