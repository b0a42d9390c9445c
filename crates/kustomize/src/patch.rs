//! Strategic merge patches as kustomize applies them (JSON patches are in [`super::json6902`]).
//!
//! Custom resources have no patch strategy in kustomize's schema, so a strategic merge on
//! them merges mappings and replaces lists. Built-in kinds merge the lists their OpenAPI
//! schema gives a merge key (`x-kubernetes-patch-merge-key`; kubernetes/api, `core/v1/types.go`,
//! v0.29.0): containers, volumes and env by name, volume mounts by path, ports by number. As
//! kustomize 4.5.4 and 5.5 both print them, the patch's items come first, in the patch's order,
//! then the object's items the patch does not name.

use serde_json::Value;

use oscgen_yaml::FieldPath;

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
    let api_version = object.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or_default();
    // Built-in API groups have no dot (`apps`, `batch`) or end in `.k8s.io`; custom ones
    // are domains of their own. Only the kinds with pods or ports have keyed lists.
    let builtin = !group.contains('.') || group.ends_with(".k8s.io");
    merge_value(object, patch, builtin && KEYED_KINDS.contains(&kind));
    Merged::Kept
}

/// Built-in kinds whose schema has lists with merge keys (pod templates, a Service's ports).
/// Elsewhere kustomize has no schema for a list, and copies it as the patch writes it.
const KEYED_KINDS: &[&str] = &[
    "Pod",
    "PodTemplate",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Service",
];

/// The merge key of a list field of a built-in kind, if its schema gives one.
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "ephemeralContainers" | "env" | "volumes" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "hostAliases" => "ip",
        "ownerReferences" => "uid",
        "ports" if items.iter().any(|i| i.get("containerPort").is_some()) => "containerPort",
        "ports" => "port",
        _ => return None,
    })
}

/// Merges a list by its merge key: the patch's items (merged into the object's item of the
/// same key, or new), then the object's other items; `$patch: delete` drops an item.
fn merge_list(target: &mut Vec<Value>, changes: &[Value], key: &str) {
    let mut rest: Vec<Option<Value>> = std::mem::take(target).into_iter().map(Some).collect();
    let mut merged = Vec::new();
    for change in changes {
        let id = change.get(key);
        let found = rest.iter_mut().find(|item| item.as_ref().is_some_and(|i| id.is_some() && i.get(key) == id));
        let existing = found.and_then(Option::take);
        if change.get("$patch").and_then(Value::as_str) == Some("delete") {
            continue;
        }
        match existing {
            Some(mut item) => {
                merge_value(&mut item, change, true);
                merged.push(item);
            }
            None => merged.push(without_directives(change, true)),
        }
    }
    merged.extend(rest.into_iter().flatten());
    *target = merged;
}

/// What a patch writes where the object has nothing: without `$` directives, and without
/// null values (a null only removes, so on a new field it leaves nothing). A custom kind's
/// lists (and lists of kinds without keyed lists) have no schema, so kustomize copies them as
/// written, directives and all.
fn without_directives(value: &Value, builtin: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| !k.starts_with('$') && !v.is_null())
                .map(|(k, v)| (k.clone(), without_directives(v, builtin)))
                .collect(),
        ),
        Value::Array(items) if builtin => Value::Array(items.iter().map(|v| without_directives(v, builtin)).collect()),
        other => other.clone(),
    }
}

fn merge_value(object: &mut Value, patch: &Value, builtin: bool) {
    match (object, patch) {
        (Value::Object(target), Value::Object(changes)) => {
            if changes.get("$patch").and_then(Value::as_str) == Some("replace") {
                if let Value::Object(clean) = without_directives(patch, builtin) {
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
                    (Some(existing @ Value::Object(_)), Value::Object(_)) => merge_value(existing, change, builtin),
                    (Some(Value::Array(existing)), Value::Array(items))
                        if builtin && items.iter().chain(existing.iter()).all(Value::is_object) =>
                    {
                        match merge_key(key, existing) {
                            Some(merge_key) => merge_list(existing, items, merge_key),
                            None => *existing = items.iter().map(|v| without_directives(v, builtin)).collect(),
                        }
                    }
                    _ => {
                        target.insert(key.clone(), without_directives(change, builtin));
                    }
                }
            }
        }
        (object, patch) => *object = without_directives(patch, builtin),
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
    fn built_in_lists_merge_by_key_patch_items_first() {
        let mut deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {
            "containers": [{"name": "main", "image": "a:1", "env": [{"name": "A", "value": "1"}]}, {"name": "side", "image": "s"}]
        }}}});
        let patch = json!({"spec": {"template": {"spec": {"containers": [
            {"name": "main", "image": "a:2", "env": [{"name": "B", "value": "2"}]},
            {"name": "extra", "image": "e", "unset": null},
            {"name": "side", "$patch": "delete"}
        ]}}}});
        merge(&mut deployment, &patch);
        assert_eq!(
            deployment["spec"]["template"]["spec"]["containers"],
            json!([{"name": "main", "image": "a:2", "env": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]},
                {"name": "extra", "image": "e"}])
        );
        // A custom resource's lists are replaced.
        let mut sub =
            json!({"apiVersion": "operators.coreos.com/v1alpha1", "spec": {"config": {"env": [{"name": "A"}]}}});
        merge(&mut sub, &json!({"spec": {"config": {"env": [{"name": "B"}]}}}));
        assert_eq!(sub["spec"]["config"]["env"], json!([{"name": "B"}]));
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
