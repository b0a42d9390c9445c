//! The two patch formats kustomize applies: RFC 6902 JSON patches and strategic merge patches.
//!
//! Custom resources have no patch strategy in kustomize's schema, so a strategic merge on
//! them merges mappings and replaces lists; that is what is done here for every kind (the
//! objects `check` cares about are custom resources, Namespaces and RuntimeClasses).

use serde_json::Value;

use crate::{FieldPath, Segment};

/// A JSON pointer's segments, unescaped.
fn pointer_segments(pointer: &str) -> Result<Vec<String>, String> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(format!("path `{pointer}` must start with /"));
    };
    Ok(rest.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect())
}

/// A JSON pointer as a field path, as far as it can be told without the object (numbers are
/// list indices).
pub(super) fn pointer_path(pointer: &str) -> FieldPath {
    FieldPath(
        pointer_segments(pointer)
            .unwrap_or_default()
            .into_iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Segment::Index(i),
                Err(_) => Segment::Key(s),
            })
            .collect(),
    )
}

/// The parent of the location `segments` names, and that location as a field path.
fn parent<'v>(root: &'v mut Value, segments: &[String]) -> Result<(&'v mut Value, FieldPath), String> {
    let mut at = root;
    let mut path = FieldPath::root();
    let Some((_, walk)) = segments.split_last() else {
        return Ok((at, path));
    };
    for segment in walk {
        at = match at {
            Value::Object(map) => {
                path = path.key(segment.clone());
                map.get_mut(segment).ok_or_else(|| format!("`{path}` does not exist"))?
            }
            Value::Array(items) => {
                let i = segment.parse::<usize>().map_err(|_| format!("`{segment}` is not a list index at `{path}`"))?;
                path = path.index(i);
                items.get_mut(i).ok_or_else(|| format!("`{path}` does not exist"))?
            }
            _ => return Err(format!("`{path}` is not a mapping or list")),
        };
    }
    Ok((at, path))
}

fn get<'v>(root: &'v Value, segments: &[String]) -> Option<&'v Value> {
    segments.iter().try_fold(root, |at, segment| match at {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

fn remove(root: &mut Value, segments: &[String]) -> Result<Value, String> {
    let (parent, path) = parent(root, segments)?;
    let last = segments.last().ok_or("cannot remove the whole object")?;
    match parent {
        Value::Object(map) => {
            map.shift_remove(last).ok_or_else(|| format!("`{}` does not exist", path.key(last.clone())))
        }
        Value::Array(items) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => Ok(items.remove(i)),
            _ => Err(format!("`{path}[{last}]` does not exist")),
        },
        _ => Err(format!("`{path}` is not a mapping or list")),
    }
}

/// Adds (or, with `replace`, replaces) `value` at `segments`; returns where it landed.
fn put(root: &mut Value, segments: &[String], value: Value, replace: bool) -> Result<FieldPath, String> {
    let Some(last) = segments.last() else {
        *root = value;
        return Ok(FieldPath::root());
    };
    let (parent, path) = parent(root, segments)?;
    match parent {
        Value::Object(map) => {
            let at = path.key(last.clone());
            if replace && !map.contains_key(last) {
                return Err(format!("`{at}` does not exist (op replace needs it; use add)"));
            }
            map.insert(last.clone(), value);
            Ok(at)
        }
        Value::Array(items) => {
            let i = if last == "-" && !replace {
                items.len()
            } else {
                last.parse::<usize>().map_err(|_| format!("`{last}` is not a list index at `{path}`"))?
            };
            match (replace, i.cmp(&items.len())) {
                (true, std::cmp::Ordering::Less) => items[i] = value,
                (false, std::cmp::Ordering::Less | std::cmp::Ordering::Equal) => items.insert(i, value),
                _ => return Err(format!("`{path}[{i}]` is past the end of the list")),
            }
            Ok(path.index(i))
        }
        _ => Err(format!("`{path}` is not a mapping or list")),
    }
}

/// Applies a JSON patch (a list of operations). Returns, for each `add` or `replace`, the
/// operation's index and the field it wrote; on failure nothing is changed.
pub(super) fn apply_ops(object: &mut Value, ops: &Value) -> Result<Vec<(usize, FieldPath)>, String> {
    let Some(ops) = ops.as_array() else {
        return Err("a JSON patch must be a list of operations".to_owned());
    };
    let mut work = object.clone();
    let mut written = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        let field = |name: &str| op.get(name).and_then(Value::as_str);
        let kind = field("op").unwrap_or_default();
        let path = field("path").ok_or_else(|| format!("operation {i} has no path"))?;
        let at = pointer_segments(path).map_err(|e| format!("operation {i}: {e}"))?;
        let fail = |e: String| format!("operation {i} ({kind} {path}): {e}");
        match kind {
            "add" | "replace" => {
                let value = op.get("value").cloned().ok_or_else(|| fail("no value".to_owned()))?;
                let landed = put(&mut work, &at, value, kind == "replace").map_err(fail)?;
                written.push((i, landed));
            }
            "remove" => {
                remove(&mut work, &at).map_err(fail)?;
            }
            "move" | "copy" => {
                let from = field("from").ok_or_else(|| fail("no from".to_owned()))?;
                let from = pointer_segments(from).map_err(fail)?;
                let value = if kind == "move" {
                    remove(&mut work, &from).map_err(fail)?
                } else {
                    get(&work, &from).cloned().ok_or_else(|| fail("`from` does not exist".to_owned()))?
                };
                put(&mut work, &at, value, false).map_err(fail)?;
            }
            "test" => {
                let expected = op.get("value");
                if get(&work, &at) != expected {
                    return Err(fail("the test does not hold".to_owned()));
                }
            }
            other => return Err(fail(format!("unknown op `{other}`; use add, remove, replace, move, copy or test"))),
        }
    }
    *object = work;
    Ok(written)
}

/// What a strategic merge patch asks for the object as a whole.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Merged {
    /// The object stays, changed.
    Kept,
    /// `$patch: delete`: the object goes.
    Deleted,
}

/// Merges `patch` into `object`: mappings merge, a null removes the field, anything else
/// (lists included) replaces. `$patch: delete` / `$patch: replace` are honoured; other `$`
/// directives are dropped.
pub(super) fn merge(object: &mut Value, patch: &Value) -> Merged {
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
pub(super) fn leaves(value: &Value, at: FieldPath, out: &mut Vec<FieldPath>) {
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
