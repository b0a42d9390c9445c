//! kustomize's built-in transformers besides patches, namespace and prefixes: labels,
//! annotations, images and replica counts, with the field specs kustomize ships
//! (kubernetes-sigs/kustomize, `api/konfig/builtinpluginconsts/commonlabels.go`,
//! `commonannotations.go`, `images.go`, `replicas.go`, and `api/filters/imagetag`,
//! kustomize/v4.5.4).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::source::{Layer, Obj, Place};
use oscgen_yaml::FieldPath;

/// A field spec: the kind (and group) it applies to, any when `None`, the path, and whether
/// kustomize creates the path when it is missing.
struct Spec {
    group: Option<&'static str>,
    kind: Option<&'static str>,
    path: &'static str,
    create: bool,
}

const fn spec(group: Option<&'static str>, kind: &'static str, path: &'static str, create: bool) -> Spec {
    Spec { group, kind: Some(kind), path, create }
}

const METADATA_LABELS: Spec = Spec { group: None, kind: None, path: "metadata/labels", create: true };

/// The pod template labels (`commonLabels`, and `labels` with `includeTemplates`).
const TEMPLATE_LABELS: &[Spec] = &[
    spec(None, "ReplicationController", "spec/template/metadata/labels", true),
    spec(None, "Deployment", "spec/template/metadata/labels", true),
    spec(None, "ReplicaSet", "spec/template/metadata/labels", true),
    spec(None, "DaemonSet", "spec/template/metadata/labels", true),
    spec(Some("apps"), "StatefulSet", "spec/template/metadata/labels", true),
    spec(Some("batch"), "Job", "spec/template/metadata/labels", true),
    spec(Some("batch"), "CronJob", "spec/jobTemplate/metadata/labels", true),
    spec(Some("batch"), "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true),
];

/// The selectors (`commonLabels`, and `labels` with `includeSelectors`).
const SELECTOR_LABELS: &[Spec] = &[
    spec(None, "Service", "spec/selector", true),
    spec(None, "ReplicationController", "spec/selector", true),
    spec(None, "Deployment", "spec/selector/matchLabels", true),
    spec(None, "ReplicaSet", "spec/selector/matchLabels", true),
    spec(None, "DaemonSet", "spec/selector/matchLabels", true),
    spec(Some("apps"), "StatefulSet", "spec/selector/matchLabels", true),
    spec(Some("apps"), "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true),
    spec(Some("batch"), "Job", "spec/selector/matchLabels", false),
    spec(Some("batch"), "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false),
    spec(Some("policy"), "PodDisruptionBudget", "spec/selector/matchLabels", false),
    spec(Some("networking.k8s.io"), "NetworkPolicy", "spec/podSelector/matchLabels", false),
];

const ANNOTATIONS: &[Spec] = &[
    Spec { group: None, kind: None, path: "metadata/annotations", create: true },
    spec(None, "ReplicationController", "spec/template/metadata/annotations", true),
    spec(None, "Deployment", "spec/template/metadata/annotations", true),
    spec(None, "ReplicaSet", "spec/template/metadata/annotations", true),
    spec(None, "DaemonSet", "spec/template/metadata/annotations", true),
    spec(Some("apps"), "StatefulSet", "spec/template/metadata/annotations", true),
    spec(Some("batch"), "Job", "spec/template/metadata/annotations", true),
    spec(Some("batch"), "CronJob", "spec/jobTemplate/metadata/annotations", true),
    spec(Some("batch"), "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true),
];

/// The kinds `replicas` sets `spec/replicas` of.
pub(crate) const REPLICA_KINDS: &[&str] = &["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"];

/// One `labels` entry.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Labels {
    /// The labels.
    pub pairs: BTreeMap<String, String>,
    /// Also the selectors (and pod templates).
    pub include_selectors: bool,
    /// Also the pod templates (kustomize 5 only; 4.5.4 refuses the field).
    pub include_templates: bool,
    /// Custom field specs (not modelled).
    pub fields: Option<Value>,
}

/// One `images` entry.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Image {
    /// The image name to match (a regular expression, as kustomize uses it).
    pub name: String,
    /// The name to write instead.
    pub new_name: Option<String>,
    /// The tag to write.
    pub new_tag: Option<String>,
    /// The digest to write (wins over the tag).
    pub digest: Option<String>,
}

/// One `replicas` entry.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Replicas {
    /// The object's name.
    pub name: String,
    /// Its replica count.
    pub count: i64,
}

fn selected(spec: &Spec, kind: &str, group: &str) -> bool {
    spec.kind.is_none_or(|k| k == kind) && spec.group.is_none_or(|g| g == group)
}

/// Sets every pair of `values` at `path` (a field spec path, `[]` for every list item).
fn set_at(value: &mut Value, path: &[&str], create: bool, values: &BTreeMap<String, String>) {
    let Some((first, rest)) = path.split_first() else {
        if let Value::Object(map) = value {
            for (k, v) in values {
                map.insert(k.clone(), Value::String(v.clone()));
            }
        }
        return;
    };
    let Value::Object(map) = value else { return };
    if let Some(key) = first.strip_suffix("[]") {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            for item in items {
                set_at(item, rest, create, values);
            }
        }
        return;
    }
    match map.get_mut(*first) {
        Some(next @ Value::Object(_)) => set_at(next, rest, create, values),
        Some(next @ Value::Null) if create => {
            *next = Value::Object(Map::new());
            set_at(next, rest, create, values);
        }
        None if create => {
            let next = map.entry(first.to_owned()).or_insert_with(|| Value::Object(Map::new()));
            set_at(next, rest, create, values);
        }
        _ => {}
    }
}

fn apply(objects: &mut [Obj], specs: &[&Spec], values: &BTreeMap<String, String>) {
    if values.is_empty() {
        return;
    }
    for obj in objects {
        let kind = obj.str("/kind").unwrap_or_default();
        let api_version = obj.str("/apiVersion").unwrap_or_default();
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        let chosen: Vec<&&Spec> = specs.iter().filter(|s| selected(s, kind, group)).collect();
        for spec in chosen {
            let path: Vec<&str> = spec.path.split('/').collect();
            set_at(&mut obj.value, &path, spec.create, values);
        }
    }
}

/// `commonLabels` (selectors and templates included) or one `labels` entry.
pub(crate) fn labels(objects: &mut [Obj], values: &BTreeMap<String, String>, selectors: bool, templates: bool) {
    let mut specs = vec![&METADATA_LABELS];
    if selectors || templates {
        specs.extend(TEMPLATE_LABELS);
    }
    if selectors {
        specs.extend(SELECTOR_LABELS);
    }
    apply(objects, &specs, values);
}

/// `commonAnnotations`.
pub(crate) fn annotations(objects: &mut [Obj], values: &BTreeMap<String, String>) {
    apply(objects, &ANNOTATIONS.iter().collect::<Vec<_>>(), values);
}

/// kustomize's `image.IsImageMatched`: the name (used as a regular expression, as kustomize
/// does), then an optional tag and digest.
fn image_matches(image: &str, name: &str) -> bool {
    regex::Regex::new(&format!("^{name}(@sha256)?(:[a-zA-Z0-9_.{{}}-]*)?(@sha256:[a-zA-Z0-9]*)?$"))
        .is_ok_and(|re| re.is_match(image))
}

/// kustomize's `image.Split`: name, tag and digest (a registry's port is part of the name).
fn split_image(image: &str) -> (&str, &str, &str) {
    let slash = image.find('/').filter(|&i| i > 0).unwrap_or(0);
    let search = &image[slash..];
    let (at, colon) = (search.find('@').map(|i| i + slash), search.find(':').map(|i| i + slash));
    match (at, colon) {
        (None, None) => (image, "", ""),
        (Some(at), colon) if colon.is_none_or(|c| at < c) => (&image[..at], "", &image[at + 1..]),
        (Some(at), Some(colon)) => (&image[..colon], &image[colon + 1..at], &image[at + 1..]),
        (None, Some(colon)) => (&image[..colon], &image[colon + 1..], ""),
        (Some(at), None) => (&image[..at], "", &image[at + 1..]),
    }
}

fn set_image(container: &mut Value, images: &[Image]) {
    let Some(Value::String(current)) = container.get_mut("image") else { return };
    for image in images {
        if !image_matches(current, &image.name) {
            continue;
        }
        let (name, tag, digest) = split_image(current);
        let mut name = image.new_name.as_deref().unwrap_or(name).to_owned();
        // A new tag or digest replaces both the old tag and digest.
        let (tag, digest) = match (image.new_tag.as_deref(), image.digest.as_deref()) {
            (Some(t), Some(d)) => (t, d),
            (Some(t), None) => (t, ""),
            (None, Some(d)) => ("", d),
            (None, None) => (tag, digest),
        };
        if !tag.is_empty() {
            name = format!("{name}:{tag}");
        }
        if !digest.is_empty() {
            name = format!("{name}@{digest}");
        }
        *current = name;
        return;
    }
}

/// `images`: every `containers` and `initContainers` list at any depth, as kustomize's
/// legacy image filter walks them.
pub(crate) fn images(value: &mut Value, images: &[Image]) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if (key == "containers" || key == "initContainers")
                    && let Value::Array(items) = child
                {
                    items.iter_mut().for_each(|c| set_image(c, images));
                }
                self::images(child, images);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| self::images(v, images)),
        _ => {}
    }
}

/// `replicas`: sets `spec.replicas` of the objects of that name (any name they have had).
/// Returns the entries that matched nothing (kustomize then fails).
pub(crate) fn replicas<'a>(objects: &mut [Obj], entries: &'a [Replicas]) -> Vec<&'a Replicas> {
    let mut missing = Vec::new();
    for entry in entries {
        let mut found = false;
        for obj in objects.iter_mut() {
            let kind = obj.str("/kind").unwrap_or_default();
            if REPLICA_KINDS.contains(&kind) && obj.ids.iter().any(|id| id.name == entry.name) {
                found = true;
                if let Some(Value::Object(spec)) = obj.value.get_mut("spec") {
                    spec.insert("replicas".to_owned(), Value::from(entry.count));
                } else if let Some(map) = obj.value.as_object_mut() {
                    map.insert("spec".to_owned(), serde_json::json!({"replicas": entry.count}));
                }
            }
        }
        if !found {
            missing.push(entry);
        }
    }
    missing
}

/// What `namespace:` changes besides `metadata.namespace` (kubernetes-sigs/kustomize,
/// `api/filters/namespace/namespace.go` and the name reference transformer, kustomize/v4.5.4
/// and 5.5, which build these alike):
/// - a Namespace object takes the namespace as its name (the `metadata/name` field spec of kind
///   Namespace);
/// - in RoleBindings and ClusterRoleBindings, a subject named `default` (of any kind) gets the
///   namespace, and a ServiceAccount subject that names one of the build's ServiceAccounts
///   (`moved`: name and namespace before the move) follows it.
pub(crate) fn namespace_references(
    objects: &mut [Obj],
    namespace: &str,
    moved: &[(String, Option<String>)],
    place: &Place,
) {
    for obj in objects.iter_mut() {
        let id = obj.id();
        let (group, _) = id.group_version();
        if id.kind == "Namespace" && group.is_empty() {
            if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
                metadata.insert("name".to_owned(), Value::String(namespace.to_owned()));
                obj.layers.push(Layer::Json { place: place.clone(), at: FieldPath::parse("metadata.name") });
                obj.renamed();
            }
            continue;
        }
        if group != "rbac.authorization.k8s.io" || !["RoleBinding", "ClusterRoleBinding"].contains(&id.kind.as_str()) {
            continue;
        }
        let Some(subjects) = obj.value.get_mut("subjects").and_then(Value::as_array_mut) else { continue };
        let mut written = Vec::new();
        for (i, subject) in subjects.iter_mut().enumerate() {
            let Some(map) = subject.as_object_mut() else { continue };
            let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
            let name = text("name").unwrap_or_default();
            let follows = text("kind").as_deref() == Some("ServiceAccount")
                && moved.iter().any(|(n, ns)| *n == name && *ns == text("namespace"));
            if name == "default" || follows {
                map.insert("namespace".to_owned(), Value::String(namespace.to_owned()));
                written.push(FieldPath::root().key("subjects").index(i).key("namespace"));
            }
        }
        for at in written {
            obj.layers.push(Layer::Json { place: place.clone(), at });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_split_and_match_as_kustomize_does() {
        assert_eq!(split_image("nginx:1.25"), ("nginx", "1.25", ""));
        assert_eq!(split_image("registry:5000/app"), ("registry:5000/app", "", ""));
        assert_eq!(split_image("registry:5000/app:v1"), ("registry:5000/app", "v1", ""));
        assert_eq!(split_image("r.io/side@sha256:00"), ("r.io/side", "", "sha256:00"));
        assert_eq!(split_image("x:1@sha256:22"), ("x", "1", "sha256:22"));
        assert!(image_matches("nginx:1.25", "nginx"));
        assert!(image_matches("x:1@sha256:22", "x"));
        assert!(!image_matches("nginx-extra:1", "nginx"));
        assert!(image_matches("r.io/side@sha256:00", "r.io/side"));
    }
}
