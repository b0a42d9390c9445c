//! Strategic merge patches as kustomize applies them (JSON patches are in [`super::json6902`]).
//!
//! Custom resources have no patch strategy in kustomize's schema, so a strategic merge on
//! them merges mappings and replaces lists; that is what is done here for every kind (the
//! objects `check` cares about are custom resources, Namespaces and RuntimeClasses).

use serde_json::Value;

use crate::FieldPath;

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
