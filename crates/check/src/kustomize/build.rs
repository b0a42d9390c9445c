//! Building what kustomize would build: `resources` (and the deprecated `bases`) followed
//! recursively, components applied, oscgen generator configs rendered, patches applied with
//! kustomize's target matching, `namespace` and name prefixes applied, in kustomize's order
//! (kubernetes-sigs/kustomize, `api/internal/target/kusttarget.go`, kustomize/v4.5.4).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use oscgen_render::yaml::{self, NodeKind, ScalarStyle, SourceMap};
use oscgen_render::{Segment, config};
use serde_json::Value;

use super::generate::{self, GeneratorArgs, GeneratorOptions};
use super::json6902;
use super::patch::{self, Merged};
use super::target::Target;
use super::transform;
use super::{Kustomization, PatchEntry, is_remote, kustomization_file};
use crate::load::{self, Loader, key};
use crate::rules::placeholder::is_placeholder;
use crate::source::{Doc, Layer, Obj, Place, normalize};
use crate::{CheckKind as K, Diagnostic, DiagnosticKind as R, FieldPath, ObjectRef, Report, Severity};

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

/// A kustomize patch that matched nothing, for explaining the values it left unchanged.
#[derive(Clone, Debug)]
pub(crate) struct Unmatched {
    /// The patch, as shown.
    pub patch: String,
    /// The kind it targets, if it says.
    pub kind: Option<String>,
    /// The fields it would have written.
    pub fields: Vec<FieldPath>,
}

/// What a kustomization builds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Output {
    pub objects: Vec<Obj>,
    pub unmatched: Vec<Unmatched>,
    /// Something was not followed, so the objects may be incomplete.
    pub opaque: bool,
    /// A field that changes objects is not modelled (`replacements`, ...), so their values
    /// may not be what kustomize builds.
    pub unmodelled: bool,
}

/// One patch of a kustomization, read.
struct PatchSpec {
    /// How it is named in messages.
    label: String,
    /// Where to point in the kustomization.
    at: FieldPath,
    target: Option<Target>,
    docs: Vec<Doc>,
}

/// A kustomization being built: its directory, file and document.
struct Current<'a> {
    dir: &'a Path,
    place: &'a Place,
}

impl Current<'_> {
    /// A diagnostic about the kustomization's own field `at`.
    fn diagnostic(&self, severity: Severity, at: FieldPath, kind: K) -> Diagnostic {
        Diagnostic { origin: Some(self.place.origin(&at)), ..Diagnostic::new(severity, at, kind) }
    }
}

/// The state of the builds of one `check` run: each kustomization built once, the chain being
/// built (for cycles), and what the builds include, so those are not checked again alone.
#[derive(Default)]
pub(crate) struct Builds {
    memo: BTreeMap<PathBuf, Rc<Output>>,
    kustomizations: BTreeMap<PathBuf, Rc<(Kustomization, Doc)>>,
    stack: Vec<PathBuf>,
    /// Kustomization directories another kustomization includes.
    pub referenced: BTreeSet<PathBuf>,
    /// Files a kustomization reads (resources, patches, generator configs).
    pub consumed: BTreeSet<PathBuf>,
}

impl Builds {
    pub fn new() -> Self {
        Self::default()
    }

    /// The objects of some documents: List and ResourceList items expanded, oscgen configs
    /// checked and rendered, documents without apiVersion and kind skipped.
    pub fn objects(&mut self, docs: &[Doc], out: &mut Vec<Obj>, report: &mut Report) {
        for doc in docs {
            self.object(doc, out, report);
        }
    }

    fn object(&mut self, doc: &Doc, out: &mut Vec<Obj>, report: &mut Report) {
        let api_version = doc.value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
        let kind = doc.value.get("kind").and_then(Value::as_str).unwrap_or_default();
        let list = (kind == "List" && api_version == "v1")
            || (kind == "ResourceList" && api_version.starts_with("config.kubernetes.io/"));
        if list {
            let items = doc.value.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
            for (i, item) in items.into_iter().enumerate() {
                let mut place = doc.place.at(&FieldPath::root().key("items").index(i));
                // A ResourceList on stdin comes from an orchestrator: its lines are not the
                // user's, and kpt names each item's file instead.
                if kind == "ResourceList" && &*doc.place.file == "<stdin>" {
                    let annotation = |key: &str| item.pointer("/metadata/annotations").and_then(|a| a.get(key));
                    let file =
                        annotation("config.kubernetes.io/path").or(annotation("internal.config.kubernetes.io/path"));
                    if let Some(file) = file.and_then(Value::as_str) {
                        place.file = file.into();
                    }
                    place.lines = false;
                }
                self.object(&Doc { value: item, place }, out, report);
            }
            return;
        }
        if crate::is_check_config(&doc.value) {
            check_config(doc, report);
        } else if api_version == config::API_VERSION {
            generator_config(doc, out, report);
        } else if !api_version.is_empty() && !kind.is_empty() {
            out.push(Obj::new(doc.value.clone(), doc.place.clone()));
        }
    }

    /// The build of the kustomization in `dir`, built once.
    pub fn build(&mut self, dir: &Path, loader: &mut Loader, report: &mut Report) -> Option<Rc<Output>> {
        let key = key(dir);
        if let Some(out) = self.memo.get(&key) {
            return Some(out.clone());
        }
        let read = self.read(dir, loader, report)?;
        let (kustomization, doc) = (&read.0, &read.1);
        // A Component patches whatever includes it; alone it builds nothing, and its files
        // (partial objects, JSON patches) are not manifests to check on their own.
        if kustomization.is_component() {
            let files = kustomization.resources.iter().chain(&kustomization.patches_strategic_merge);
            let patches = kustomization.patches.iter().chain(&kustomization.patches_json6902);
            for file in files.chain(patches.filter_map(|p| p.path.as_ref())) {
                self.consumed.insert(load::key(&dir.join(file)));
            }
            return None;
        }
        let out = Rc::new(self.kustomize(dir, kustomization, doc, Output::default(), loader, report));
        self.memo.insert(key, out.clone());
        Some(out)
    }

    /// The kustomization of `dir`, read (and deserialized) once however often it is included;
    /// one that cannot be read is reported each time it is asked for (and deduplicated).
    fn read(&mut self, dir: &Path, loader: &mut Loader, report: &mut Report) -> Option<Rc<(Kustomization, Doc)>> {
        let key = key(dir);
        if let Some(read) = self.kustomizations.get(&key) {
            return Some(read.clone());
        }
        let read = Rc::new(read_kustomization(dir, loader, report)?);
        self.kustomizations.insert(key, read.clone());
        Some(read)
    }

    /// The build of `dir` as `kustomize build DIR` makes it: a Component given directly is
    /// built like a Kustomization.
    pub fn build_root(&mut self, dir: &Path, loader: &mut Loader, report: &mut Report) -> Option<Rc<Output>> {
        let read = self.read(dir, loader, report)?;
        let (kustomization, doc) = (&read.0, &read.1);
        if !kustomization.is_component() {
            return self.build(dir, loader, report);
        }
        let out = self.kustomize(dir, kustomization, doc, Output::default(), loader, report);
        Some(Rc::new(out))
    }

    fn kustomize(
        &mut self,
        dir: &Path,
        k: &Kustomization,
        doc: &Doc,
        start: Output,
        loader: &mut Loader,
        report: &mut Report,
    ) -> Output {
        self.stack.push(key(dir));
        let cur = Current { dir, place: &doc.place };
        // kustomize 5 refuses a kustomization with nothing but its apiVersion and kind
        // (kubernetes-sigs/kustomize, `api/internal/target/kusttarget.go`, kustomize/v5.5.0).
        let empty = doc.value.as_object().is_none_or(|m| m.keys().all(|k| k == "apiVersion" || k == "kind"));
        if empty {
            let detail = "an empty kustomization: kustomize 4.5.4 builds nothing from it, kubectl kustomize 5.5 fails (kustomization.yaml is empty)".to_owned();
            report.push(cur.diagnostic(Severity::Warning, FieldPath::root(), K::KustomizeVersionsDiffer { detail }));
        }
        let out = self.kustomization(&cur, k, start, loader, report);
        self.stack.pop();
        out
    }

    fn kustomization(
        &mut self,
        cur: &Current<'_>,
        k: &Kustomization,
        mut out: Output,
        loader: &mut Loader,
        report: &mut Report,
    ) -> Output {
        let root = FieldPath::root();
        for (field, replacement) in k.deprecated() {
            let kind = K::DeprecatedField { field: field.to_owned(), replacement: replacement.to_owned() };
            report.push(cur.diagnostic(Severity::Warning, root.key(field), kind));
        }
        for (field, entries) in [("resources", &k.resources), ("bases", &k.bases)] {
            for (i, entry) in entries.iter().enumerate() {
                self.resource(cur, &root.key(field).index(i), entry, &mut out, loader, report);
            }
        }
        // kubectl kustomize 5.5 runs a kustomization's generators before its components, 4.5.4
        // after them (kubernetes-sigs/kustomize, `api/internal/target/kusttarget.go`,
        // kustomize/v4.5.4 and kustomize/v5.5.0): a component then patches the generated
        // objects in 5.5 only. oscgen builds 5.5's order, and 4.5.4's too where both are
        // present, to say when they differ.
        let generates =
            !k.generators.is_empty() || !k.config_map_generator.is_empty() || !k.secret_generator.is_empty();
        let older = (generates && !k.components.is_empty()).then(|| {
            let mut scratch = Report::default();
            let mut older = self.components(cur, k, out.clone(), loader, &mut scratch);
            self.generate(cur, k, &mut older, loader, &mut scratch);
            older
        });
        self.generate(cur, k, &mut out, loader, report);
        out = self.components(cur, k, out, loader, report);
        if let Some(older) = older {
            let values = |o: &Output| {
                let mut v: Vec<String> = o.objects.iter().map(|o| o.value.to_string()).collect();
                v.sort();
                v
            };
            if values(&older) != values(&out) {
                let detail = "this kustomization has generators and components: kustomize 4.5.4 runs the generators after the components, kubectl kustomize 5.5 before them, so only in 5.5 do the components change the generated objects".to_owned();
                report.push(cur.diagnostic(
                    Severity::Warning,
                    root.key("components"),
                    K::KustomizeVersionsDiffer { detail },
                ));
            }
        }
        for field in k.unknown_fields() {
            let kind = K::KustomizeFails {
                message: format!("json: unknown field {field:?}"),
                fix: "fix the field's name (kustomize reads a kustomization strictly)".to_owned(),
            };
            report.push(cur.diagnostic(Severity::Error, root.key(field), kind));
        }
        if k.other.contains_key("sortOptions") {
            let detail = "`sortOptions`: kustomize 4.5.4 fails (json: unknown field \"sortOptions\"), kubectl kustomize 5.5 orders the output by it".to_owned();
            let kind = K::KustomizeVersionsDiffer { detail };
            report.push(cur.diagnostic(Severity::Warning, root.key("sortOptions"), kind));
        }
        for field in k.not_modelled() {
            out.opaque = true;
            out.unmodelled = true;
            let kind = K::NotModelled { field: field.to_owned() };
            report.push(cur.diagnostic(Severity::Warning, root.key(field.trim_end_matches("[].fields")), kind));
        }
        for entry in k.validators.iter().chain(&k.crds).chain(&k.configurations) {
            self.consumed.insert(key(&cur.dir.join(entry)));
        }

        // kustomize's order of built-in transformers: patches (strategic merge, then
        // `patches`), namespace, prefix and suffix, then the legacy JSON 6902 list.
        let mut patches = Vec::new();
        for (i, text) in k.patches_strategic_merge.iter().enumerate() {
            let at = root.key("patchesStrategicMerge").index(i);
            let inline = text.contains('\n') || !cur.dir.join(text).exists() && text.contains(':');
            let source = if inline { (None, Some(text.as_str())) } else { (Some(text.as_str()), None) };
            patches.extend(self.patch_spec(cur, at.clone(), at, source, None, loader, report));
        }
        for (i, entry) in k.patches.iter().enumerate() {
            patches.extend(self.patch_entry(cur, root.key("patches").index(i), entry, loader, report));
        }
        for patch in &patches {
            apply(cur, patch, &mut out, report);
        }
        if let Some(namespace) = &k.namespace {
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
        }
        if k.namespace.is_some()
            && let Some(id) = duplicate(&out.objects)
        {
            let message = format!("namespace transformation produces ID conflict: two objects are {id}");
            let kind = K::KustomizeFails {
                message,
                fix: "give them different names, or keep them in different builds".to_owned(),
            };
            report.push(cur.diagnostic(Severity::Error, root.key("namespace"), kind));
        }
        let prefix = k.name_prefix.as_deref().unwrap_or_default();
        let suffix = k.name_suffix.as_deref().unwrap_or_default();
        if !prefix.is_empty() || !suffix.is_empty() {
            let field = if prefix.is_empty() { "nameSuffix" } else { "namePrefix" };
            let at = FieldPath::parse("metadata.name");
            for obj in out
                .objects
                .iter_mut()
                .filter(|o| !["Namespace", "CustomResourceDefinition"].contains(&o.id().kind.as_str()))
            {
                let name = obj.id().name;
                if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
                    metadata.insert("name".to_owned(), Value::String(format!("{prefix}{name}{suffix}")));
                    obj.layers.push(Layer::Json { place: cur.place.at(&root.key(field)), at: at.clone() });
                    obj.renamed();
                }
            }
        }
        transform::labels(&mut out.objects, &k.common_labels, true, true);
        for (i, labels) in k.labels.iter().enumerate() {
            if labels.include_templates {
                let detail = format!(
                    "`labels[{i}].includeTemplates`: kustomize 4.5.4 fails (json: unknown field \"includeTemplates\"), kubectl kustomize 5.5 labels the pod templates"
                );
                let kind = K::KustomizeVersionsDiffer { detail };
                report.push(cur.diagnostic(
                    Severity::Warning,
                    root.key("labels").index(i).key("includeTemplates"),
                    kind,
                ));
            }
            transform::labels(&mut out.objects, &labels.pairs, labels.include_selectors, labels.include_templates);
        }
        transform::annotations(&mut out.objects, &k.common_annotations);
        let mut legacy = Vec::new();
        for (i, entry) in k.patches_json6902.iter().enumerate() {
            let at = root.key("patchesJson6902").index(i);
            // kustomize's PatchJson6902Transformer refuses a target without a name.
            if entry.target.as_ref().and_then(|t| t.name.as_deref()).is_none_or(str::is_empty) {
                let kind = K::KustomizeFails {
                    message: "trouble configuring builtin PatchJson6902Transformer: must specify the target name"
                        .to_owned(),
                    fix: "give the target a `name`, or move the entry to `patches`, which selects without one"
                        .to_owned(),
                };
                report.push(cur.diagnostic(Severity::Error, at.key("target"), kind));
                continue;
            }
            legacy.extend(self.patch_entry(cur, at, entry, loader, report));
        }
        for patch in &legacy {
            apply(cur, patch, &mut out, report);
        }
        for missing in transform::replicas(&mut out.objects, &k.replicas) {
            let i = k.replicas.iter().position(|r| std::ptr::eq(r, missing)).unwrap_or_default();
            let message = format!(
                "resource with name {} does not match a config with the following GVK [{}]",
                missing.name,
                transform::REPLICA_KINDS.iter().map(|k| format!("{k}.[noVer].[noGrp]")).collect::<Vec<_>>().join(" ")
            );
            let kind = K::KustomizeFails {
                message,
                fix: "name a Deployment, ReplicationController, ReplicaSet or StatefulSet of the build".to_owned(),
            };
            report.push(cur.diagnostic(Severity::Error, root.key("replicas").index(i).key("name"), kind));
        }
        if !k.images.is_empty() {
            for obj in &mut out.objects {
                transform::images(&mut obj.value, &k.images);
            }
        }
        // oscgen as a transformer adds its objects after the built-in transformers.
        for (i, entry) in k.transformers.iter().enumerate() {
            self.generator(cur, &root.key("transformers").index(i), entry, &mut out, false, loader, report);
        }
        out
    }

    /// Applies the kustomization's `components`, in order, to what was built so far.
    fn components(
        &mut self,
        cur: &Current<'_>,
        k: &Kustomization,
        mut out: Output,
        loader: &mut Loader,
        report: &mut Report,
    ) -> Output {
        for (i, entry) in k.components.iter().enumerate() {
            let at = FieldPath::root().key("components").index(i);
            let Some(path) = self.directory(cur, &at, entry, &mut out, report) else { continue };
            self.referenced.insert(key(&path));
            let Some(read) = self.read(&path, loader, report) else { continue };
            let current = std::mem::take(&mut out);
            out = self.kustomize(&path, &read.0, &read.1, current, loader, report);
        }
        out
    }

    /// Runs the kustomization's generators: oscgen configs under `generators`, then
    /// `configMapGenerator` and `secretGenerator`.
    fn generate(
        &mut self,
        cur: &Current<'_>,
        k: &Kustomization,
        out: &mut Output,
        loader: &mut Loader,
        report: &mut Report,
    ) {
        let root = FieldPath::root();
        for (i, entry) in k.generators.iter().enumerate() {
            self.generator(cur, &root.key("generators").index(i), entry, out, true, loader, report);
        }
        for (field, kind, generators) in [
            ("configMapGenerator", "ConfigMap", &k.config_map_generator),
            ("secretGenerator", "Secret", &k.secret_generator),
        ] {
            for (i, args) in generators.iter().enumerate() {
                let at = root.key(field).index(i);
                self.generated(cur, &at, kind, args, &k.generator_options, out, loader, report);
            }
        }
    }

    /// Runs one `configMapGenerator` or `secretGenerator` entry: a new object, or (`behavior:
    /// merge` or `replace`) the data of the object of that name changed.
    #[allow(clippy::too_many_arguments)]
    fn generated(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        kind: &str,
        args: &GeneratorArgs,
        options: &GeneratorOptions,
        out: &mut Output,
        loader: &mut Loader,
        report: &mut Report,
    ) {
        // kustomize's file loader fetches `http(s)://` files over HTTP (`api/loader/fileloader.go`
        // `IsRemoteFile`, kustomize/v4.5.4 and 5.5); oscgen does not, so what such a generator
        // makes is not known, and a missing path is not what kustomize would say.
        let remote = |entry: &str| {
            let path = entry.split_once('=').map_or(entry, |(_, path)| path).trim();
            path.starts_with("http://") || path.starts_with("https://")
        };
        let listed = [("files", &args.files), ("envs", &args.envs)];
        let mut remotes: Vec<(FieldPath, String)> = listed
            .iter()
            .flat_map(|(field, entries)| entries.iter().enumerate().map(move |(i, e)| (at.key(*field).index(i), e)))
            .filter(|(_, e)| remote(e))
            .map(|(path, e)| (path, e.clone()))
            .collect();
        remotes.extend(args.env.iter().filter(|e| remote(e)).map(|e| (at.key("env"), e.clone())));
        if !remotes.is_empty() {
            out.opaque = true;
            for (path, entry) in remotes {
                report.push(cur.diagnostic(Severity::Warning, path, K::NotFollowed { entry }));
            }
            return;
        }
        let consumed = &mut self.consumed;
        let mut read = |path: &Path| -> Result<Vec<u8>, String> {
            consumed.insert(key(path));
            loader.read(path).map_err(|e| match e.kind() {
                // kustomize's words (its file loader resolves symlinks first).
                std::io::ErrorKind::NotFound => {
                    let shown = normalize(path).display().to_string();
                    format!("evalsymlink failure on '{shown}' : lstat {shown}: no such file or directory")
                }
                _ => format!("{}: {e}", normalize(path).display()),
            })
        };
        let fail = |message: String, fix: &str| {
            cur.diagnostic(Severity::Error, at.clone(), K::KustomizeFails { message, fix: fix.to_owned() })
        };
        let generated = match generate::generate(cur.dir, kind, args, options, &mut read) {
            Ok(generated) => generated,
            Err(message) => return report.push(fail(message, "fix this generator")),
        };
        let name = args.name.clone().unwrap_or_default();
        let namespace = args.namespace.clone();
        let existing = out
            .objects
            .iter()
            .position(|o| o.id().kind == kind && o.ids.iter().any(|id| id.name == name && id.namespace == namespace));
        match (generated.behavior.as_str(), existing) {
            ("create", None) => {
                let mut obj = Obj::new(generated.value, cur.place.at(at));
                obj.synthetic = true;
                obj.written = false;
                obj.hash = generated.hash;
                out.objects.push(obj);
            }
            ("create", Some(_)) => {
                let id = kustomize_id(&generated.value);
                let message = format!("may not add resource with an already registered id: {id}");
                report.push(fail(
                    message,
                    "set `behavior: merge` or `behavior: replace` to change the object of that name",
                ));
            }
            ("merge" | "replace", Some(i)) => {
                let obj = &mut out.objects[i];
                if generated.behavior == "replace" {
                    for field in ["data", "binaryData"] {
                        if let Some(map) = obj.value.as_object_mut() {
                            map.shift_remove(field);
                        }
                    }
                }
                // The object keeps its own naming: a plain resource gets no hash.
                generate::merge_into(&mut obj.value, &generated.value);
            }
            ("merge" | "replace", None) => {
                let id = kustomize_id(&generated.value);
                let message = format!("id {id} does not exist; cannot merge or replace");
                report.push(fail(message, "name a ConfigMap or Secret the resources include, or drop `behavior`"));
            }
            (other, _) => {
                let message = format!("unknown generator behavior {other:?}");
                report.push(fail(message, "use create, merge or replace"));
            }
        }
    }

    /// Resolves a directory entry, reporting what is wrong with it.
    fn directory(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        entry: &str,
        out: &mut Output,
        report: &mut Report,
    ) -> Option<PathBuf> {
        let path = cur.dir.join(entry);
        let fail = |severity, kind| cur.diagnostic(severity, at.clone(), kind);
        if is_remote(entry) {
            out.opaque = true;
            report.push(fail(Severity::Warning, K::NotFollowed { entry: entry.to_owned() }));
            return None;
        }
        if !path.exists() {
            let kind = K::ResourceNotFound { entry: entry.to_owned(), path: normalize(&path).display().to_string() };
            report.push(fail(Severity::Error, kind));
            return None;
        }
        if self.stack.contains(&key(&path)) {
            let kind = K::Cycle { entry: entry.to_owned(), path: normalize(&path).display().to_string() };
            report.push(fail(Severity::Error, kind));
            return None;
        }
        if kustomization_file(&path).is_none() {
            let kind = K::NoKustomization { entry: entry.to_owned(), path: normalize(&path).display().to_string() };
            report.push(fail(Severity::Error, kind));
            return None;
        }
        Some(path)
    }

    fn resource(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        entry: &str,
        out: &mut Output,
        loader: &mut Loader,
        report: &mut Report,
    ) {
        let before = out.objects.len();
        self.resource_objects(cur, at, entry, out, loader, report);
        if out.objects.len() > before
            && let Some(id) = duplicate(&out.objects)
        {
            let message = format!("accumulating resources: may not add resource with an already registered id: {id}");
            let kind = K::KustomizeFails { message, fix: "include each object once".to_owned() };
            report.push(cur.diagnostic(Severity::Error, at.clone(), kind));
        }
    }

    fn resource_objects(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        entry: &str,
        out: &mut Output,
        loader: &mut Loader,
        report: &mut Report,
    ) {
        let path = cur.dir.join(entry);
        if is_remote(entry) || path.is_dir() || !path.exists() {
            if let Some(path) = self.directory(cur, at, entry, out, report) {
                self.referenced.insert(key(&path));
                if self.read(&path, loader, &mut Report::default()).is_some_and(|read| read.0.is_component()) {
                    let kind = K::ComponentAsResource {
                        entry: entry.to_owned(),
                        path: normalize(&path).display().to_string(),
                    };
                    report.push(cur.diagnostic(Severity::Error, at.clone(), kind));
                    return;
                }
                if let Some(base) = self.build(&path, loader, report) {
                    out.objects.extend(base.objects.iter().cloned());
                    out.unmatched.extend(base.unmatched.iter().cloned());
                    out.opaque |= base.opaque;
                    out.unmodelled |= base.unmodelled;
                }
            }
            return;
        }
        self.consumed.insert(key(&path));
        match loader.load(&path, report) {
            Ok(data) => self.objects(&data.docs, &mut out.objects, report),
            Err(e) => report.push(load::unreadable(&path, &e, Some((cur.place.origin(at), at.clone())))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn generator(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        entry: &str,
        out: &mut Output,
        adds: bool,
        loader: &mut Loader,
        report: &mut Report,
    ) {
        let path = cur.dir.join(entry);
        if is_remote(entry) || path.is_dir() {
            if let (true, Some(path)) = (adds, self.directory(cur, at, entry, out, report)) {
                self.referenced.insert(key(&path));
                if let Some(generated) = self.build(&path, loader, report) {
                    out.objects.extend(generated.objects.iter().cloned());
                    out.opaque |= generated.opaque;
                }
            }
            return;
        }
        if !path.exists() {
            let kind = K::ResourceNotFound { entry: entry.to_owned(), path: normalize(&path).display().to_string() };
            report.push(cur.diagnostic(Severity::Error, at.clone(), kind));
            return;
        }
        self.consumed.insert(key(&path));
        let data = match loader.load(&path, report) {
            Ok(data) => data,
            Err(e) => return report.push(load::unreadable(&path, &e, Some((cur.place.origin(at), at.clone())))),
        };
        for doc in &data.docs {
            if crate::is_check_config(&doc.value) {
                check_config(doc, report);
            } else if doc.value.get("apiVersion").and_then(Value::as_str) == Some(config::API_VERSION) {
                generator_config(doc, &mut out.objects, report);
            } else if adds {
                out.opaque = true;
                report.push(cur.diagnostic(Severity::Warning, at.clone(), K::NotFollowed { entry: entry.to_owned() }));
            }
        }
    }

    /// Reads a `patches` or `patchesJson6902` entry.
    fn patch_entry(
        &mut self,
        cur: &Current<'_>,
        at: FieldPath,
        entry: &PatchEntry,
        loader: &mut Loader,
        report: &mut Report,
    ) -> Option<PatchSpec> {
        let point = match &entry.target {
            Some(t) if t.name.is_some() => at.key("target").key("name"),
            Some(_) => at.key("target"),
            None if entry.path.is_some() => at.key("path"),
            None => at.clone(),
        };
        let target = entry.target.as_ref().map(Target::new);
        let source = (entry.path.as_deref(), entry.patch.as_deref());
        self.patch_spec(cur, point, at.key("patch"), source, target, loader, report)
    }

    /// Loads a patch's documents from its file or from the text written inline.
    #[allow(clippy::too_many_arguments)]
    fn patch_spec(
        &mut self,
        cur: &Current<'_>,
        at: FieldPath,
        inline_at: FieldPath,
        (path, inline): (Option<&str>, Option<&str>),
        target: Option<Target>,
        loader: &mut Loader,
        report: &mut Report,
    ) -> Option<PatchSpec> {
        if let Some(path) = path {
            let full = cur.dir.join(path);
            if !full.is_file() {
                let kind = K::ResourceNotFound { entry: path.to_owned(), path: normalize(&full).display().to_string() };
                report.push(cur.diagnostic(Severity::Error, at, kind));
                return None;
            }
            self.consumed.insert(key(&full));
            let data = match loader.load(&full, report) {
                Ok(data) => data,
                Err(e) => {
                    report.push(load::unreadable(&full, &e, Some((cur.place.origin(&at), at))));
                    return None;
                }
            };
            let label = normalize(&full).display().to_string();
            if let Some(e) = &data.not_json {
                report.push(not_json(cur, &label, at, e));
                return None;
            }
            return Some(PatchSpec { label, at, target, docs: data.docs.clone() });
        }
        let text = inline?;
        let place = cur.place;
        let label = format!("{} {}", place.file, inline_at.to_string().trim_end_matches(".patch"));
        if let Some(e) = load::json_patch_text(text) {
            report.push(not_json(cur, &label, inline_at, &e));
            return None;
        }
        let docs = match yaml::documents_with_source(text) {
            Ok(docs) => docs,
            Err(e) => {
                let kind = K::PatchFailed { patch: label, message: format!("not valid YAML: {}", e.message) };
                report.push(cur.diagnostic(Severity::Error, inline_at, kind));
                return None;
            }
        };
        // Positions inside the inline text, moved to where that text is in the kustomization.
        // A block scalar's node starts at its first content line, a quoted one at the quote.
        let (line_offset, column_offset) = match place.value(&inline_at) {
            Some(node) => match node.node {
                NodeKind::Scalar { style: ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, .. } => {
                    (node.line.saturating_sub(1), node.column)
                }
                _ => (node.line.saturating_sub(1), node.column.saturating_sub(1)),
            },
            None => (0, 0),
        };
        let count = docs.len();
        let docs = docs
            .into_iter()
            .enumerate()
            .map(|(i, mut d)| {
                if i + 1 == count && !text.ends_with('\n') {
                    load::block_at_end_of_input(&mut d.value, &d.source);
                }
                let mut inner = Place::new(place.file.clone(), d.source);
                inner.line_offset = line_offset;
                inner.column_offset = column_offset;
                inner.lines = place.lines;
                Doc { value: d.value, place: inner }
            })
            .collect();
        Some(PatchSpec { label, at, target, docs })
    }
}

/// A patch whose text starts with `[` but is not JSON: kustomize fails to decode it.
fn not_json(cur: &Current<'_>, label: &str, at: FieldPath, error: &str) -> Diagnostic {
    let message = format!(
        "unable to parse SM or JSON patch (kustomize reads text that starts with `[` as JSON, and this is not: {error}); write it as JSON with quoted keys and strings, or as a YAML block list (`- op: ...`)"
    );
    cur.diagnostic(Severity::Error, at, K::PatchFailed { patch: label.to_owned(), message })
}

/// Reads the kustomization file of `dir` as kustomize does: a file that does not parse, or
/// does not have kustomize's shape, fails the build.
fn read_kustomization(dir: &Path, loader: &mut Loader, report: &mut Report) -> Option<(Kustomization, Doc)> {
    let path = kustomization_file(dir)?;
    let file = match loader.load(&path, report) {
        Ok(file) => file,
        Err(e) => {
            report.push(load::unreadable(&path, &e, None));
            return None;
        }
    };
    let Some(doc) = file.docs.first() else {
        // An empty kustomization builds nothing in kustomize 4.5.4 (5.5 refuses it; see `kustomize`).
        let place = Place::new(normalize(&path).display().to_string().into(), SourceMap::default());
        return Some((Kustomization::default(), Doc { value: Value::Null, place }));
    };
    match serde_path_to_error::deserialize::<_, Kustomization>(&doc.value) {
        Ok(kustomization) => Some((kustomization, doc.clone())),
        Err(e) => {
            let at = FieldPath(
                e.path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                        serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                        _ => None,
                    })
                    .collect(),
            );
            let kind = K::InvalidKustomization { message: e.into_inner().to_string() };
            report.push(Diagnostic { origin: Some(doc.place.origin(&at)), ..Diagnostic::of(at, kind) });
            None
        }
    }
}

/// A `Check` config met in a build: only its own problems.
fn check_config(doc: &Doc, report: &mut Report) {
    for mut d in crate::check_config(&doc.value).entries {
        d.origin = Some(doc.place.origin(&d.path));
        report.push(d);
    }
}

/// An oscgen generator config: its diagnostics, as `oscgen render` gives them, and the objects
/// it renders (added to the build, so the rules that span objects see them).
fn generator_config(doc: &Doc, out: &mut Vec<Obj>, report: &mut Report) {
    let object = Some(ObjectRef::of(&doc.value));
    let mut placed = |mut d: Diagnostic| {
        d.origin = Some(doc.place.origin(&d.path));
        d.object = object.clone();
        report.push(d);
    };
    // Notes (what a resolution rests on) are for `oscgen render`; check reports problems only.
    let problems = |report: Report| report.entries.into_iter().filter(|d| d.severity != Severity::Info);
    let config = match config::from_value(&doc.value) {
        Ok(config) => config,
        Err(found) => return problems(found).for_each(placed),
    };
    match oscgen_render::render(std::slice::from_ref(&config)) {
        Ok(rendered) => {
            problems(rendered.warnings).for_each(&mut placed);
            for generated in &rendered.objects {
                match generated.to_value() {
                    Ok(value) => {
                        let mut obj = Obj::new(value, doc.place.clone());
                        obj.written = false;
                        out.push(obj);
                    }
                    Err(e) => placed(Diagnostic::of(FieldPath::root(), R::Internal { message: e.to_string() })),
                }
            }
        }
        Err(oscgen_render::Error::Invalid(found)) => problems(found).for_each(placed),
        Err(e) => placed(Diagnostic::of(FieldPath::root(), R::Internal { message: e.to_string() })),
    }
}

/// Applies one patch to the build, reporting a patch that fails or matches nothing.
fn apply(cur: &Current<'_>, spec: &PatchSpec, out: &mut Output, report: &mut Report) {
    let Some(first) = spec.docs.first() else { return };
    if first.value.is_array() {
        let Some(target) = &spec.target else {
            return patch_failed(cur, spec, "a JSON patch needs a `target`".to_owned(), report);
        };
        // While kustomize builds, an object's annotations also hold its own bookkeeping
        // (`internal.config.kubernetes.io/previousNames`, ...), which a JSON patch reading all
        // of them (or all of metadata, or the whole object) copies or tests too.
        let reads_bookkeeping = first.value.as_array().into_iter().flatten().any(|op| {
            let whole = |p: Option<&Value>| {
                matches!(p.and_then(Value::as_str), Some("" | "/metadata" | "/metadata/annotations"))
            };
            whole(op.get("from")) || op.get("op").and_then(Value::as_str) == Some("test") && whole(op.get("path"))
        });
        if reads_bookkeeping && !selection_is_empty(target, &out.objects) {
            out.opaque = true;
            out.unmodelled = true;
            let kind = K::NotModelled {
                field: format!("a JSON patch reading all of `metadata.annotations` ({})", spec.label),
            };
            report.push(cur.diagnostic(Severity::Warning, spec.at.clone(), kind));
        }
        let selection = target.select(&out.objects);
        let mut failed = None;
        let mut differs = None;
        for &i in &selection.matched {
            let obj = &mut out.objects[i];
            // kustomize's bookkeeping annotations are there while it patches, so
            // `add /metadata/annotations/x` works on an object that has none.
            let bookkeeping = match obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
                Some(metadata) if !metadata.contains_key("annotations") => {
                    metadata.insert("annotations".to_owned(), Value::Object(serde_json::Map::new()));
                    true
                }
                _ => false,
            };
            let result = json6902::apply(&mut obj.value, &first.value);
            if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut)
                && (bookkeeping || result.is_ok())
                && metadata.get("annotations").is_some_and(|a| a.as_object().is_some_and(serde_json::Map::is_empty))
            {
                metadata.shift_remove("annotations");
            }
            match result {
                Ok(applied) => {
                    for (op, at) in applied.written {
                        let place = first.place.at(&FieldPath::root().index(op).key("value"));
                        obj.layers.push(Layer::Json { place, at });
                    }
                    obj.renamed();
                    differs = differs.or(applied.panics_in_4_5_4);
                }
                Err(e) => failed = failed.or(Some(e.message)),
            }
        }
        if let Some(message) = failed {
            patch_failed(cur, spec, message, report);
        }
        if let Some(detail) = differs {
            let kind = K::KustomizeVersionsDiffer { detail: format!("patch `{}`: {detail}", spec.label) };
            report.push(cur.diagnostic(Severity::Warning, spec.at.clone(), kind));
        }
        if selection.matched.is_empty() && !selection.undecided {
            let ops = first.value.as_array().into_iter().flatten();
            let fields = ops.filter_map(|op| {
                let path = json6902::pointer_path(op.get("path").and_then(Value::as_str)?);
                let writes = matches!(op.get("op").and_then(Value::as_str), Some("add" | "replace"));
                Some((path, op.get("value").filter(|_| writes).cloned()))
            });
            unmatched(cur, spec, target, "the patch silently does nothing", fields.collect(), false, out, report);
        }
        return;
    }
    for doc in &spec.docs {
        let target = spec.target.clone().unwrap_or_else(|| Target::of_patch(&doc.value));
        let selection = target.select(&out.objects);
        let mut deleted = Vec::new();
        for &i in &selection.matched {
            let obj = &mut out.objects[i];
            // A patch with a `target` takes each object's identity, as kustomize's patch
            // transformer sets it (`SetName`, `SetNamespace`, `SetGvk`) before merging.
            let identity;
            let change = if spec.target.is_some() {
                let mut copy = doc.value.clone();
                if let Some(map) = copy.as_object_mut() {
                    for field in ["apiVersion", "kind"] {
                        match obj.value.get(field) {
                            Some(v) => map.insert(field.to_owned(), v.clone()),
                            None => map.shift_remove(field),
                        };
                    }
                    let metadata = map.entry("metadata").or_insert_with(|| Value::Object(Default::default()));
                    if let Some(metadata) = metadata.as_object_mut() {
                        for field in ["name", "namespace"] {
                            match obj.value.get("metadata").and_then(|m| m.get(field)) {
                                Some(v) => metadata.insert(field.to_owned(), v.clone()),
                                None => metadata.shift_remove(field),
                            };
                        }
                    }
                }
                identity = copy;
                &identity
            } else {
                &doc.value
            };
            match patch::merge(&mut obj.value, change) {
                Merged::Kept => {
                    obj.layers.push(Layer::Merge(doc.place.clone()));
                    obj.renamed();
                }
                Merged::Deleted => deleted.push(i),
            }
        }
        for i in deleted.into_iter().rev() {
            out.objects.remove(i);
        }
        if selection.matched.is_empty() && !selection.undecided {
            let effect = if spec.target.is_some() {
                "the patch silently does nothing".to_owned()
            } else {
                let id = kustomize_id(&doc.value);
                format!(
                    "kustomize build fails (a patch without `target` must match exactly one resource): no matches for Id {id}; failed to find unique target for patch {id}"
                )
            };
            let mut fields = Vec::new();
            patch::leaves(&doc.value, FieldPath::root(), &mut fields);
            let identity = ["apiVersion", "kind", "metadata"];
            fields.retain(|f| {
                !matches!(f.0.first(), Some(Segment::Key(k)) if identity.contains(&k.as_str())) || f.0.len() > 2
            });
            let fields = fields.into_iter().map(|f| {
                let value = lookup(&doc.value, &f).cloned();
                (f, value)
            });
            let fields = fields.collect();
            let fails = spec.target.is_none();
            unmatched(cur, spec, &target, &effect, fields, fails, out, report);
        }
    }
}

fn patch_failed(cur: &Current<'_>, spec: &PatchSpec, message: String, report: &mut Report) {
    let kind = K::PatchFailed { patch: spec.label.clone(), message };
    report.push(cur.diagnostic(Severity::Error, spec.at.clone(), kind));
}

fn selection_is_empty(target: &Target, objects: &[Obj]) -> bool {
    target.select(objects).matched.is_empty()
}

/// The id two objects of the build share, as kustomize compares ids (group, version, kind,
/// name, and namespace with none the same as `default`), if any do.
fn duplicate(objects: &[Obj]) -> Option<String> {
    let mut seen = BTreeSet::new();
    for obj in objects {
        let id = obj.id();
        let namespace = match id.namespace.as_deref() {
            None | Some("") => "default",
            Some(ns) => ns,
        };
        if !seen.insert((id.api_version.clone(), id.kind.clone(), id.name.clone(), namespace.to_owned())) {
            return Some(kustomize_id(&obj.value));
        }
    }
    None
}

/// The value at `path` in `value`.
fn lookup<'a>(value: &'a Value, path: &FieldPath) -> Option<&'a Value> {
    path.0.iter().try_fold(value, |at, segment| match segment {
        Segment::Key(k) => at.get(k),
        Segment::Index(i) => at.get(i),
    })
}

/// kustomize's `ResId` of an object as it prints it (`Deployment.v1.apps/name.[noNs]`), from
/// (kubernetes-sigs/kustomize, `api/resid/resid.go` and `gvk.go`, kustomize/v4.5.4).
fn kustomize_id(value: &Value) -> String {
    let id = crate::source::Id::of(value);
    let (group, version) = id.group_version();
    let or = |s: &str, none: &str| if s.is_empty() { none.to_owned() } else { s.to_owned() };
    format!(
        "{}.{}.{}/{}.{}",
        or(&id.kind, "[noKind]"),
        or(version, "[noVer]"),
        or(group, "[noGrp]"),
        id.name,
        or(id.namespace.as_deref().unwrap_or_default(), "[noNs]")
    )
}

/// The last key of a field path (`channel` of `spec.channel`).
fn last_key(path: &FieldPath) -> Option<&str> {
    path.0.iter().rev().find_map(|s| match s {
        Segment::Key(k) => Some(k.as_str()),
        Segment::Index(_) => None,
    })
}

/// A scalar as a message shows it.
fn shown(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(format!("`{s}`")),
        Value::Number(_) | Value::Bool(_) => Some(format!("`{value}`")),
        Value::Null => Some("null".to_owned()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// What a dead patch leaves behind: the one object of the build the target would have matched
/// but for its name or namespace, and the first field the patch writes that holds another
/// value there, as `(object, field, kept, intended)`. kustomize says nothing about a patch
/// that matches nothing (kubernetes-sigs/kustomize issue 4379), so the build ships that value.
fn kept_value(
    target: &Target,
    fields: &[(FieldPath, Option<Value>)],
    objects: &[Obj],
) -> Option<(String, String, String, String)> {
    let obj = &objects[target.near_miss(objects)?];
    let id = obj.id();
    fields.iter().find_map(|(field, intended)| {
        let (kept, intended) = (lookup(&obj.value, field)?, intended.as_ref()?);
        if kept == intended {
            return None;
        }
        // Secrets never pass through a message.
        let (kept, intended) = if id.kind == "Secret" {
            let hidden = "(a Secret's value, not shown)".to_owned();
            (hidden.clone(), hidden)
        } else {
            (shown(kept)?, shown(intended)?)
        };
        let mut object = format!("{} `{}`", id.kind, id.name);
        if let Some(ns) = &id.namespace {
            object.push_str(&format!(" in namespace `{ns}`"));
        }
        Some((object, field.to_string(), kept, intended))
    })
}

/// Reports a patch that matched nothing: an error when kustomize fails on it, when the object
/// it was meant for (by all but name or namespace) ships another value, or when it leaves a
/// placeholder value behind (the value it was meant to replace); otherwise a warning, since
/// the build works.
#[allow(clippy::too_many_arguments)]
fn unmatched(
    cur: &Current<'_>,
    spec: &PatchSpec,
    target: &Target,
    effect: &str,
    fields: Vec<(FieldPath, Option<Value>)>,
    fails: bool,
    out: &mut Output,
    report: &mut Report,
) {
    // Any object: the target's kind may be the typo.
    let placeholder_left = out.objects.iter().any(|obj| {
        fields
            .iter()
            .any(|(f, _)| matches!(lookup(&obj.value, f), Some(Value::String(s)) if is_placeholder(s, last_key(f))))
    });
    let kept = if fails { None } else { kept_value(target, &fields, &out.objects) };
    let candidates = target.candidates(&out.objects, spec.target.is_none());
    let (kind, certain) = match kept {
        Some((object, field, kept, intended)) => {
            let patch = spec.label.clone();
            let target = target.describe();
            (K::DeadPatchKeepsValue { patch, target, object, field, kept, intended, candidates }, true)
        }
        None => {
            let effect = effect.to_owned();
            let kind =
                K::PatchMatchesNothing { patch: spec.label.clone(), target: target.describe(), effect, candidates };
            (kind, fails || placeholder_left)
        }
    };
    let severity = if !out.opaque && certain { Severity::Error } else { Severity::Warning };
    report.push(cur.diagnostic(severity, spec.at.clone(), kind));
    let kind = target.kind.as_ref().map(|k| k.replace('\\', ""));
    let fields = fields.into_iter().map(|(f, _)| f).collect();
    out.unmatched.push(Unmatched { patch: spec.label.clone(), kind, fields });
}
