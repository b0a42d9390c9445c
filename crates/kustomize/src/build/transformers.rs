//! The transformers phase, in the order of kustomize's built-in transformers: patches
//! (strategic merge, then `patches`), `namespace`, name prefix and suffix, labels and
//! annotations, the legacy JSON 6902 list, `replicas`, `images`; then the function configs
//! under `transformers`.

use serde_json::Value;

use oscgen_yaml::FieldPath;

use super::{Builds, Current, Cx, Output, duplicate};
use crate::event::Event;
use crate::source::{Layer, Obj};
use crate::transform;

/// Kinds kustomize's `namespace` leaves alone: the cluster-scoped kinds of its built-in OpenAPI
/// data (kubernetes-sigs/kustomize, `kyaml/openapi/kubernetesapi`, kustomize/v4.5.4). Custom
/// kinds (KataConfig, MachineConfig, ...) are not in it, so kustomize gives them the namespace
/// too, and the API server ignores it on a cluster-scoped object.
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "Node",
    "PersistentVolume",
    "ComponentStatus",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "StorageClass",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "PriorityClass",
    "RuntimeClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "CertificateSigningRequest",
    "PodSecurityPolicy",
    "IngressClass",
    "FlowSchema",
    "PriorityLevelConfiguration",
    "TokenReview",
    "SelfSubjectAccessReview",
    "SelfSubjectRulesReview",
    "SubjectAccessReview",
];

impl Builds {
    /// Every transformer of the kustomization, in kustomize's order.
    pub(super) fn transformers(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        self.patches(cur, out, cx);
        namespace(cur, out, cx);
        names(cur, out);
        labels(cur, out, cx);
        transform::annotations(&mut out.objects, &cur.k.common_annotations);
        self.legacy_patches(cur, out, cx);
        replicas(cur, out, cx);
        if !cur.k.images.is_empty() {
            for obj in &mut out.objects {
                transform::images(&mut obj.value, &cur.k.images);
            }
        }
        self.transformer_functions(cur, out, cx);
    }
}

/// `namespace`: every namespaced object moved, and the RoleBinding subjects that name a
/// ServiceAccount it moves.
fn namespace(cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
    let Some(namespace) = &cur.k.namespace else { return };
    let root = FieldPath::root();
    let place = cur.place.at(&root.key("namespace"));
    // The ServiceAccounts it moves, as RoleBinding subjects name them.
    let moved: Vec<(String, Option<String>)> = out
        .objects
        .iter()
        .map(Obj::id)
        .filter(|id| id.kind == "ServiceAccount" && id.group_version().0.is_empty())
        .map(|id| (id.name, id.namespace))
        .collect();
    let at = FieldPath::parse("metadata.namespace");
    for obj in out.objects.iter_mut().filter(|o| !CLUSTER_SCOPED.contains(&o.id().kind.as_str())) {
        if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
            metadata.insert("namespace".to_owned(), Value::String(namespace.clone()));
            obj.layers.push(Layer::Json { place: place.clone(), at: at.clone() });
            obj.renamed();
        }
    }
    transform::namespace_references(&mut out.objects, namespace, &moved, &place);
    if let Some(id) = duplicate(&out.objects) {
        let message = format!("namespace transformation produces ID conflict: two objects are {id}");
        let fix = "give them different names, or keep them in different builds".to_owned();
        cx.host.event(Event::Fails { at: cur.spot(&root.key("namespace")), message, fix });
    }
}

/// `namePrefix` and `nameSuffix`, on every object but Namespaces and CRDs.
fn names(cur: &Current<'_>, out: &mut Output) {
    let prefix = cur.k.name_prefix.as_deref().unwrap_or_default();
    let suffix = cur.k.name_suffix.as_deref().unwrap_or_default();
    if prefix.is_empty() && suffix.is_empty() {
        return;
    }
    let field = if prefix.is_empty() { "nameSuffix" } else { "namePrefix" };
    let at = FieldPath::parse("metadata.name");
    for obj in
        out.objects.iter_mut().filter(|o| !["Namespace", "CustomResourceDefinition"].contains(&o.id().kind.as_str()))
    {
        let name = obj.id().name;
        if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
            metadata.insert("name".to_owned(), Value::String(format!("{prefix}{name}{suffix}")));
            obj.layers.push(Layer::Json { place: cur.place.at(&FieldPath::root().key(field)), at: at.clone() });
            obj.renamed();
        }
    }
}

/// `commonLabels`, then each `labels` entry.
fn labels(cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
    transform::labels(&mut out.objects, &cur.k.common_labels, true, true);
    for (i, labels) in cur.k.labels.iter().enumerate() {
        if labels.include_templates {
            let detail = format!(
                "`labels[{i}].includeTemplates`: kustomize 4.5.4 fails (json: unknown field \"includeTemplates\"), kubectl kustomize 5.5 labels the pod templates"
            );
            let at = cur.spot(&FieldPath::root().key("labels").index(i).key("includeTemplates"));
            cx.host.event(Event::VersionsDiffer { at, detail });
        }
        transform::labels(&mut out.objects, &labels.pairs, labels.include_selectors, labels.include_templates);
    }
}

/// `replicas`: kustomize fails on an entry that names no object of a kind it scales.
fn replicas(cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
    let entries = &cur.k.replicas;
    for missing in transform::replicas(&mut out.objects, entries) {
        let i = entries.iter().position(|r| std::ptr::eq(r, missing)).unwrap_or_default();
        let message = format!(
            "resource with name {} does not match a config with the following GVK [{}]",
            missing.name,
            transform::REPLICA_KINDS.iter().map(|k| format!("{k}.[noVer].[noGrp]")).collect::<Vec<_>>().join(" ")
        );
        let fix = "name a Deployment, ReplicationController, ReplicaSet or StatefulSet of the build".to_owned();
        cx.host.event(Event::Fails {
            at: cur.spot(&FieldPath::root().key("replicas").index(i).key("name")),
            message,
            fix,
        });
    }
}
