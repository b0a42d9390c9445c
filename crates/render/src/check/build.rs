//! Reading inputs and building what kustomize would build from them: `resources` (and the
//! deprecated `bases`) followed recursively, oscgen generator configs rendered, patches
//! applied with kustomize's target matching, `namespace` and name prefixes applied, in
//! kustomize's order. Only what the checks need is modelled; anything oscgen cannot follow (a
//! remote base, a generator it does not run) makes the build "opaque", and a patch that
//! matches nothing in an opaque build is a warning rather than an error.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::Value;

use super::patch::{self, Merged};
use super::source::{Doc, Id, Layer, Obj, Place, Spot, normalize};
use super::{CheckKind as K, Finding, ObjectRef};
use crate::yaml::{self, NodeKind, ScalarStyle, SourceMap};
use crate::{FieldPath, Severity, config};

/// The file names kustomize looks for in a directory, in its order.
pub(super) const KUSTOMIZATION_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Deprecated kustomization fields and what to write instead.
const DEPRECATED: [(&str, &str); 3] = [
    ("bases", "list these directories under `resources` instead"),
    ("patchesJson6902", "write each entry under `patches` (same `target`, and `path` or `patch`)"),
    ("patchesStrategicMerge", "list each file under `patches` as `- path: <file>`"),
];

/// Kinds kustomize's `namespace` leaves alone (cluster-scoped).
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "KataConfig",
    "MachineConfig",
    "MachineConfigPool",
    "ContainerRuntimeConfig",
    "KubeletConfig",
    "RuntimeClass",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "PersistentVolume",
    "StorageClass",
    "PriorityClass",
    "ValidatingWebhookConfiguration",
    "MutatingWebhookConfiguration",
    "APIService",
    "SecurityContextConstraints",
];

/// Whether `path` is named like a kustomization file.
pub(super) fn is_kustomization_name(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| KUSTOMIZATION_NAMES.contains(&n))
}

/// The kustomization file of `dir`, if it has one.
pub(super) fn kustomization_file(dir: &Path) -> Option<PathBuf> {
    KUSTOMIZATION_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file())
}

/// The identity of a file or directory: its canonical path when it exists.
pub(super) fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// A read file's documents (none when it does not parse).
pub(super) struct FileData {
    pub docs: Vec<Doc>,
}

/// A kustomize patch that matched nothing, for explaining the values it left unchanged.
#[derive(Clone, Debug)]
pub(super) struct Unmatched {
    /// The patch, as shown.
    pub patch: String,
    /// The kind it targets, if it says.
    pub kind: Option<String>,
    /// The fields it would have written.
    pub fields: Vec<FieldPath>,
}

/// What a kustomization builds.
#[derive(Clone, Debug, Default)]
pub(super) struct BuildOut {
    pub objects: Vec<Obj>,
    pub unmatched: Vec<Unmatched>,
    /// Something was not followed, so the objects may be incomplete.
    pub opaque: bool,
}

/// Everything one `check` run has read and found.
pub(super) struct Context {
    max_bytes: u64,
    files: BTreeMap<PathBuf, Rc<FileData>>,
    pub findings: Vec<Finding>,
    builds: BTreeMap<PathBuf, Rc<BuildOut>>,
    stack: Vec<PathBuf>,
    /// Kustomization directories another kustomization includes.
    pub referenced: BTreeSet<PathBuf>,
    /// Files a kustomization reads (resources, patches, generator configs).
    pub consumed: BTreeSet<PathBuf>,
}

/// Reads a file as UTF-8 text of at most `limit` bytes.
pub(super) fn read_text(path: &Path, limit: u64) -> Result<String, std::io::Error> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {limit} bytes; raise --max-input-bytes if it is meant to be this big"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 (invalid byte at offset {}); save it as UTF-8", e.utf8_error().valid_up_to()),
        )
    })
}

fn strings(value: &Value, field: &str) -> Vec<(usize, String)> {
    value
        .get(field)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, v)| v.as_str().map(|s| (i, s.to_owned())))
        .collect()
}

fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.starts_with("github.com/")
        || entry.starts_with("gitlab.com/")
        || entry.contains("?ref=")
        || entry.contains(".git//")
}

/// A patch target: kustomize's selector (each field an anchored regular expression).
#[derive(Clone, Debug, Default)]
pub(super) struct Target {
    group: Option<String>,
    version: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
    label_selector: Option<String>,
    annotation_selector: Option<String>,
}

fn pattern_matches(pattern: &str, value: &str) -> bool {
    // Targets are matched against every object of a build: compile each pattern once.
    thread_local! {
        static COMPILED: std::cell::RefCell<BTreeMap<String, Option<regex::Regex>>> =
            const { std::cell::RefCell::new(BTreeMap::new()) };
    }
    COMPILED.with(|compiled| {
        let mut compiled = compiled.borrow_mut();
        if compiled.len() > 1024 {
            compiled.clear();
        }
        let re =
            compiled.entry(pattern.to_owned()).or_insert_with(|| regex::Regex::new(&format!("^(?:{pattern})$")).ok());
        match re {
            Some(re) => re.is_match(value),
            None => pattern == value,
        }
    })
}

/// Equality-based selectors (`a=b,c!=d,e,!f`); `None` for set-based ones, which are not
/// evaluated.
fn selector_matches(selector: &str, labels: Option<&serde_json::Map<String, Value>>) -> Option<bool> {
    if selector.contains('(') {
        return None;
    }
    let get = |k: &str| labels.and_then(|l| l.get(k.trim())).and_then(Value::as_str);
    let mut all = true;
    for term in selector.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let ok = if let Some((k, v)) = term.split_once("!=") {
            get(k) != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            get(k) == Some(v.trim())
        } else if let Some(k) = term.strip_prefix('!') {
            get(k).is_none()
        } else {
            get(term).is_some()
        };
        all &= ok;
    }
    Some(all)
}

impl Target {
    fn from_value(value: &Value) -> Self {
        let s = |k: &str| value.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
        Self {
            group: s("group"),
            version: s("version"),
            kind: s("kind"),
            name: s("name"),
            namespace: s("namespace"),
            label_selector: s("labelSelector"),
            annotation_selector: s("annotationSelector"),
        }
    }

    /// A strategic merge patch's own identity.
    fn of_patch(value: &Value) -> Self {
        let id = Id::of(value);
        let (group, version) = id.group_version();
        let some = |s: &str| (!s.is_empty()).then(|| regex::escape(s));
        Self {
            group: some(group),
            version: some(version),
            kind: some(&id.kind),
            name: some(&id.name),
            namespace: id.namespace.as_deref().and_then(some),
            ..Self::default()
        }
    }

    /// Whether `obj` (under any name it has had) is selected; `None` when that cannot be told.
    fn matches(&self, obj: &Obj) -> Option<bool> {
        let field =
            |pattern: &Option<String>, value: &str| pattern.as_deref().is_none_or(|p| pattern_matches(p, value));
        let by_id = obj.ids.iter().any(|id| {
            let (group, version) = id.group_version();
            field(&self.group, group)
                && field(&self.version, version)
                && field(&self.kind, &id.kind)
                && field(&self.name, &id.name)
                && field(&self.namespace, id.namespace.as_deref().unwrap_or_default())
        });
        let mut result = Some(by_id);
        for (selector, pointer) in
            [(&self.label_selector, "/metadata/labels"), (&self.annotation_selector, "/metadata/annotations")]
        {
            if let Some(selector) = selector {
                let found = selector_matches(selector, obj.value.pointer(pointer).and_then(Value::as_object));
                result = match (result, found) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                };
            }
        }
        result
    }

    fn describe(&self) -> String {
        let unescape = |s: &str| s.replace('\\', "");
        let mut text = self.kind.as_deref().map_or_else(|| "any kind".to_owned(), unescape);
        if let Some(name) = &self.name {
            text.push_str(&format!(" `{}`", unescape(name)));
        }
        if let Some(namespace) = &self.namespace {
            text.push_str(&format!(" in namespace `{}`", unescape(namespace)));
        }
        match (&self.group, &self.version) {
            (Some(g), Some(v)) => text.push_str(&format!(" (apiVersion {}/{})", unescape(g), unescape(v))),
            (Some(g), None) => text.push_str(&format!(" (group {})", unescape(g))),
            (None, Some(v)) => text.push_str(&format!(" (version {})", unescape(v))),
            (None, None) => {}
        }
        if let Some(selector) = &self.label_selector {
            text.push_str(&format!(" with labels `{selector}`"));
        }
        if let Some(selector) = &self.annotation_selector {
            text.push_str(&format!(" with annotations `{selector}`"));
        }
        text
    }

    /// What the build has instead, and the fix when it is obvious.
    fn candidates(&self, objects: &[Obj], own: bool) -> Option<String> {
        let kind = self.kind.as_deref()?;
        let same_kind: Vec<Id> = objects.iter().map(Obj::id).filter(|id| pattern_matches(kind, &id.kind)).fold(
            Vec::new(),
            |mut seen, id| {
                if !seen.contains(&id) {
                    seen.push(id);
                }
                seen
            },
        );
        let kind = kind.replace('\\', "");
        let [only] = same_kind.as_slice() else {
            if same_kind.is_empty() {
                return Some(format!("the build has no {kind}"));
            }
            let names: Vec<String> = same_kind.iter().take(5).map(|id| format!("`{}`", id.name)).collect();
            return Some(format!("the build's {kind} objects are {}", names.join(", ")));
        };
        let mut text = format!("the build has {kind} `{}`", only.name);
        if let Some(ns) = &only.namespace {
            text.push_str(&format!(" in namespace `{ns}`"));
        }
        let field = |p: &Option<String>, v: &str| p.as_deref().is_none_or(|p| pattern_matches(p, v));
        let (group, version) = only.group_version();
        // A patch without `target` is matched by its own apiVersion, kind and metadata.
        let (name, namespace, api) = if own {
            ("the patch's metadata.name", "the patch's metadata.namespace", "the patch's apiVersion")
        } else {
            ("the target's name", "the target's namespace", "the target's group and version")
        };
        if !field(&self.name, &only.name) {
            text.push_str(&format!(": set {name} to {}", only.name));
        } else if !field(&self.namespace, only.namespace.as_deref().unwrap_or_default()) {
            text.push_str(&format!(": set {namespace} to {}", only.namespace.as_deref().unwrap_or("\"\"")));
        } else if !field(&self.group, group) || !field(&self.version, version) {
            text.push_str(&format!(": its apiVersion is {}, fix {api}", only.api_version));
        }
        Some(text)
    }
}

/// One patch entry of a kustomization, read.
struct PatchSpec {
    /// How it is named in messages.
    label: String,
    /// Where to point in the kustomization.
    at: FieldPath,
    target: Option<Target>,
    docs: Vec<Doc>,
}

impl Context {
    pub fn new(max_bytes: u64) -> Self {
        Self {
            max_bytes,
            files: BTreeMap::new(),
            findings: Vec::new(),
            builds: BTreeMap::new(),
            stack: Vec::new(),
            referenced: BTreeSet::new(),
            consumed: BTreeSet::new(),
        }
    }

    pub fn push(&mut self, severity: Severity, spot: Spot, object: Option<ObjectRef>, path: FieldPath, kind: K) {
        self.findings.push(Finding {
            severity,
            file: spot.file,
            line: spot.line,
            column: spot.column,
            object,
            path,
            kind,
            build: None,
        });
    }

    /// Reads and parses a file once; a YAML error is reported once, and the file then has no
    /// documents.
    pub fn load(&mut self, path: &Path) -> Result<Rc<FileData>, std::io::Error> {
        let key = key(path);
        if let Some(data) = self.files.get(&key) {
            return Ok(data.clone());
        }
        let text = read_text(path, self.max_bytes)?;
        let data = Rc::new(self.parse(normalize(path).display().to_string().into(), text));
        self.files.insert(key, data.clone());
        Ok(data)
    }

    pub fn parse(&mut self, display: Rc<str>, text: String) -> FileData {
        match yaml::documents_with_source(&text) {
            Ok(docs) => {
                let docs =
                    docs.into_iter().map(|d| Doc { value: d.value, place: Place::new(display.clone(), d.source) });
                FileData { docs: docs.collect() }
            }
            Err(e) => {
                let spot = Spot { file: Some(display.to_string()), line: e.line, column: e.column };
                self.push(Severity::Error, spot, None, FieldPath::root(), K::YamlSyntax { message: e.message });
                FileData { docs: Vec::new() }
            }
        }
    }

    /// Reports an entry that cannot be read.
    fn unreadable(&mut self, place: &Place, at: &FieldPath, path: &Path, e: &std::io::Error) {
        let kind = K::Unreadable { path: normalize(path).display().to_string(), message: e.to_string() };
        self.push(Severity::Error, place.spot(at), None, at.clone(), kind);
    }

    /// The objects of some documents: List and ResourceList items expanded, oscgen configs
    /// checked and rendered, documents without apiVersion and kind skipped.
    pub fn objects(&mut self, docs: &[Doc], out: &mut Vec<Obj>) {
        for doc in docs {
            self.object(doc, out);
        }
    }

    fn object(&mut self, doc: &Doc, out: &mut Vec<Obj>) {
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
                self.object(&Doc { value: item, place }, out);
            }
            return;
        }
        if config::is_check(&doc.value) {
            self.check_config(doc);
        } else if api_version == config::API_VERSION {
            self.config(doc, out);
        } else if !api_version.is_empty() && !kind.is_empty() {
            out.push(Obj::new(doc.value.clone(), doc.place.clone()));
        }
    }

    /// A `Check` config takes no options yet: any field in `spec` (or beside it) is a typo.
    pub fn check_config(&mut self, doc: &Doc) {
        let object = Some(ObjectRef::of(&doc.value));
        let allowed = ["apiVersion", "kind", "metadata", "spec"];
        let top = doc.value.as_object().into_iter().flatten().filter(|(k, _)| !allowed.contains(&k.as_str()));
        let spec = doc.value.get("spec").and_then(Value::as_object).into_iter().flatten();
        let unknown: Vec<FieldPath> = top
            .map(|(k, _)| FieldPath::root().key(k.clone()))
            .chain(spec.map(|(k, _)| FieldPath::parse("spec").key(k.clone())))
            .collect();
        for path in unknown {
            let field = path.to_string();
            self.push(Severity::Error, doc.place.spot(&path), object.clone(), path, K::CheckConfig { field });
        }
    }

    /// An oscgen generator config: its diagnostics, as `oscgen render` gives them, and the
    /// objects it renders (added to the build, so the rules that span objects see them).
    fn config(&mut self, doc: &Doc, out: &mut Vec<Obj>) {
        let object = Some(ObjectRef::of(&doc.value));
        let config = match config::from_value(&doc.value) {
            Ok(config) => config,
            Err(report) => {
                for d in report.entries {
                    self.push(d.severity, doc.place.spot(&d.path), object.clone(), d.path, K::Config(d.kind));
                }
                return;
            }
        };
        match crate::render(std::slice::from_ref(&config)) {
            Ok(rendered) => {
                // Notes (what a resolution rests on) are for `oscgen render`; check reports
                // problems only.
                for d in rendered.warnings.entries.into_iter().filter(|d| d.severity != Severity::Info) {
                    self.push(d.severity, doc.place.spot(&d.path), object.clone(), d.path, K::Config(d.kind));
                }
                for generated in &rendered.objects {
                    match generated.to_value() {
                        Ok(value) => {
                            let mut obj = Obj::new(value, doc.place.clone());
                            obj.written = false;
                            out.push(obj);
                        }
                        Err(e) => {
                            let kind = K::Internal { message: e.to_string() };
                            self.push(
                                Severity::Error,
                                doc.place.spot(&FieldPath::root()),
                                object.clone(),
                                FieldPath::root(),
                                kind,
                            );
                        }
                    }
                }
            }
            Err(crate::Error::Invalid(report)) => {
                for d in report.entries.into_iter().filter(|d| d.severity != Severity::Info) {
                    self.push(d.severity, doc.place.spot(&d.path), object.clone(), d.path, K::Config(d.kind));
                }
            }
            Err(e) => {
                let kind = K::Internal { message: e.to_string() };
                self.push(Severity::Error, doc.place.spot(&FieldPath::root()), object, FieldPath::root(), kind);
            }
        }
    }

    /// The build of the kustomization in `dir`, built once.
    pub fn build(&mut self, dir: &Path) -> Option<Rc<BuildOut>> {
        let key = key(dir);
        if let Some(out) = self.builds.get(&key) {
            return Some(out.clone());
        }
        // A Component patches whatever includes it; alone it builds nothing.
        let is_component = kustomization_file(dir)
            .and_then(|path| self.load(&path).ok())
            .and_then(|file| file.docs.first().map(|d| d.value.get("kind") == Some(&Value::from("Component"))));
        if is_component == Some(true) {
            return None;
        }
        let out = Rc::new(self.kustomize(dir, BuildOut::default())?);
        self.builds.insert(key, out.clone());
        Some(out)
    }

    fn kustomize(&mut self, dir: &Path, start: BuildOut) -> Option<BuildOut> {
        let path = kustomization_file(dir)?;
        let file = match self.load(&path) {
            Ok(file) => file,
            Err(e) => {
                let place = Place::new(normalize(&path).display().to_string().into(), SourceMap::default());
                self.unreadable(&place, &FieldPath::root(), &path, &e);
                return None;
            }
        };
        let Some(doc) = file.docs.first() else { return Some(start) };
        self.stack.push(key(dir));
        let out = self.kustomization(dir, doc, start);
        self.stack.pop();
        Some(out)
    }

    fn kustomization(&mut self, dir: &Path, doc: &Doc, mut out: BuildOut) -> BuildOut {
        let k = &doc.value;
        let place = &doc.place;
        for (field, replacement) in DEPRECATED {
            if k.get(field).is_some() {
                let at = FieldPath::root().key(field);
                let kind = K::DeprecatedField { field: field.to_owned(), replacement: replacement.to_owned() };
                self.push(Severity::Warning, place.spot(&at), None, at, kind);
            }
        }
        for field in ["resources", "bases"] {
            for (i, entry) in strings(k, field) {
                self.resource(dir, place, &FieldPath::root().key(field).index(i), &entry, &mut out);
            }
        }
        for (i, entry) in strings(k, "components") {
            let at = FieldPath::root().key("components").index(i);
            if let Some(path) = self.directory(dir, place, &at, &entry, &mut out) {
                self.referenced.insert(key(&path));
                let current = std::mem::take(&mut out);
                out = self.kustomize(&path, current).unwrap_or_default();
            }
        }
        for (i, entry) in strings(k, "generators") {
            self.generator(dir, place, &FieldPath::root().key("generators").index(i), &entry, &mut out, true);
        }
        for field in ["configMapGenerator", "secretGenerator"] {
            for generator in k.get(field).and_then(Value::as_array).into_iter().flatten() {
                let name = generator.get("name").and_then(Value::as_str).unwrap_or_default();
                let kind = if field == "secretGenerator" { "Secret" } else { "ConfigMap" };
                let mut value = serde_json::json!({"apiVersion": "v1", "kind": kind, "metadata": {"name": name}});
                if let Some(ns) = generator.get("namespace") {
                    value["metadata"]["namespace"] = ns.clone();
                }
                let mut obj = Obj::new(value, place.clone());
                obj.synthetic = true;
                obj.written = false;
                out.objects.push(obj);
            }
        }
        if k.get("helmCharts").is_some() || k.get("helmGlobals").is_some() {
            out.opaque = true;
        }
        for field in ["validators", "crds", "configurations"] {
            for (_, entry) in strings(k, field) {
                self.consumed.insert(key(&dir.join(entry)));
            }
        }

        // kustomize's order of built-in transformers.
        let mut patches = Vec::new();
        for (i, entry) in k.get("patchesStrategicMerge").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let at = FieldPath::root().key("patchesStrategicMerge").index(i);
            let Some(text) = entry.as_str() else { continue };
            let inline = text.contains('\n') || !dir.join(text).exists() && text.contains(':');
            let source = if inline { (None, Some(text)) } else { (Some(text), None) };
            patches.extend(self.patch_spec(dir, place, at.clone(), at, source, None));
        }
        for (i, entry) in k.get("patches").and_then(Value::as_array).into_iter().flatten().enumerate() {
            patches.extend(self.patch_entry(dir, place, FieldPath::root().key("patches").index(i), entry));
        }
        for patch in &patches {
            self.apply(patch, &mut out);
        }
        if let Some(namespace) = k.get("namespace").and_then(Value::as_str) {
            let at = FieldPath::parse("metadata.namespace");
            for obj in out.objects.iter_mut().filter(|o| !CLUSTER_SCOPED.contains(&o.id().kind.as_str())) {
                if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
                    metadata.insert("namespace".to_owned(), Value::String(namespace.to_owned()));
                    obj.layers
                        .push(Layer::Json { place: place.at(&FieldPath::root().key("namespace")), at: at.clone() });
                    obj.renamed();
                }
            }
        }
        let prefix = k.get("namePrefix").and_then(Value::as_str).unwrap_or_default();
        let suffix = k.get("nameSuffix").and_then(Value::as_str).unwrap_or_default();
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
                    obj.layers.push(Layer::Json { place: place.at(&FieldPath::root().key(field)), at: at.clone() });
                    obj.renamed();
                }
            }
        }
        let mut legacy = Vec::new();
        for (i, entry) in k.get("patchesJson6902").and_then(Value::as_array).into_iter().flatten().enumerate() {
            legacy.extend(self.patch_entry(dir, place, FieldPath::root().key("patchesJson6902").index(i), entry));
        }
        for patch in &legacy {
            self.apply(patch, &mut out);
        }
        // oscgen as a transformer adds its objects after the built-in transformers.
        for (i, entry) in strings(k, "transformers") {
            self.generator(dir, place, &FieldPath::root().key("transformers").index(i), &entry, &mut out, false);
        }
        out
    }

    /// Resolves a directory entry, reporting what is wrong with it.
    fn directory(
        &mut self,
        dir: &Path,
        place: &Place,
        at: &FieldPath,
        entry: &str,
        out: &mut BuildOut,
    ) -> Option<PathBuf> {
        let path = dir.join(entry);
        if is_remote(entry) {
            out.opaque = true;
            self.push(Severity::Warning, place.spot(at), None, at.clone(), K::NotFollowed { entry: entry.to_owned() });
            return None;
        }
        if !path.exists() {
            let kind = K::ResourceNotFound { entry: entry.to_owned(), path: normalize(&path).display().to_string() };
            self.push(Severity::Error, place.spot(at), None, at.clone(), kind);
            return None;
        }
        if self.stack.contains(&key(&path)) {
            self.push(Severity::Error, place.spot(at), None, at.clone(), K::Cycle { entry: entry.to_owned() });
            return None;
        }
        if kustomization_file(&path).is_none() {
            self.push(
                Severity::Error,
                place.spot(at),
                None,
                at.clone(),
                K::NoKustomization { entry: entry.to_owned() },
            );
            return None;
        }
        Some(path)
    }

    fn resource(&mut self, dir: &Path, place: &Place, at: &FieldPath, entry: &str, out: &mut BuildOut) {
        let path = dir.join(entry);
        if is_remote(entry) || path.is_dir() || !path.exists() {
            if let Some(path) = self.directory(dir, place, at, entry, out) {
                self.referenced.insert(key(&path));
                if let Some(base) = self.build(&path) {
                    out.objects.extend(base.objects.iter().cloned());
                    out.unmatched.extend(base.unmatched.iter().cloned());
                    out.opaque |= base.opaque;
                }
            }
            return;
        }
        self.consumed.insert(key(&path));
        match self.load(&path) {
            Ok(data) => self.objects(&data.docs, &mut out.objects),
            Err(e) => self.unreadable(place, at, &path, &e),
        }
    }

    fn generator(&mut self, dir: &Path, place: &Place, at: &FieldPath, entry: &str, out: &mut BuildOut, adds: bool) {
        let path = dir.join(entry);
        if is_remote(entry) || path.is_dir() {
            if let (true, Some(path)) = (adds, self.directory(dir, place, at, entry, out)) {
                self.referenced.insert(key(&path));
                if let Some(generated) = self.build(&path) {
                    out.objects.extend(generated.objects.iter().cloned());
                    out.opaque |= generated.opaque;
                }
            }
            return;
        }
        if !path.exists() {
            let kind = K::ResourceNotFound { entry: entry.to_owned(), path: normalize(&path).display().to_string() };
            self.push(Severity::Error, place.spot(at), None, at.clone(), kind);
            return;
        }
        self.consumed.insert(key(&path));
        let data = match self.load(&path) {
            Ok(data) => data,
            Err(e) => return self.unreadable(place, at, &path, &e),
        };
        for doc in &data.docs {
            if config::is_check(&doc.value) {
                self.check_config(doc);
            } else if doc.value.get("apiVersion").and_then(Value::as_str) == Some(config::API_VERSION) {
                self.config(doc, &mut out.objects);
            } else if adds {
                out.opaque = true;
                self.push(
                    Severity::Warning,
                    place.spot(at),
                    None,
                    at.clone(),
                    K::NotFollowed { entry: entry.to_owned() },
                );
            }
        }
    }

    /// Reads a `patches` or `patchesJson6902` entry.
    fn patch_entry(&mut self, dir: &Path, place: &Place, at: FieldPath, entry: &Value) -> Vec<PatchSpec> {
        let target = entry.get("target").filter(|t| t.is_object()).map(Target::from_value);
        let point = match entry.get("target") {
            Some(t) if t.get("name").is_some() => at.key("target").key("name"),
            Some(_) => at.key("target"),
            None if entry.get("path").is_some() => at.key("path"),
            None => at.clone(),
        };
        let path = entry.get("path").and_then(Value::as_str);
        let inline = entry.get("patch").and_then(Value::as_str);
        let inline_at = at.key("patch");
        self.patch_spec(dir, place, point, inline_at, (path, inline), target).into_iter().collect()
    }

    /// Loads a patch's documents from its file or from the text written inline.
    fn patch_spec(
        &mut self,
        dir: &Path,
        place: &Place,
        at: FieldPath,
        inline_at: FieldPath,
        (path, inline): (Option<&str>, Option<&str>),
        target: Option<Target>,
    ) -> Option<PatchSpec> {
        if let Some(path) = path {
            let full = dir.join(path);
            if !full.is_file() {
                let kind = K::ResourceNotFound { entry: path.to_owned(), path: normalize(&full).display().to_string() };
                self.push(Severity::Error, place.spot(&at), None, at, kind);
                return None;
            }
            self.consumed.insert(key(&full));
            let data = match self.load(&full) {
                Ok(data) => data,
                Err(e) => {
                    self.unreadable(place, &at, &full, &e);
                    return None;
                }
            };
            let label = normalize(&full).display().to_string();
            return Some(PatchSpec { label, at, target, docs: data.docs.clone() });
        }
        let text = inline?;
        let label = format!("{} {}", place.file, inline_at.to_string().trim_end_matches(".patch"));
        let docs = match yaml::documents_with_source(text) {
            Ok(docs) => docs,
            Err(e) => {
                let kind = K::PatchFailed { patch: label, message: format!("not valid YAML: {}", e.message) };
                self.push(Severity::Error, place.spot(&inline_at), None, inline_at, kind);
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
        let docs = docs
            .into_iter()
            .map(|d| {
                let mut inner = Place::new(place.file.clone(), d.source);
                inner.line_offset = line_offset;
                inner.column_offset = column_offset;
                inner.lines = place.lines;
                Doc { value: d.value, place: inner }
            })
            .collect();
        Some(PatchSpec { label, at, target, docs })
    }

    fn apply(&mut self, spec: &PatchSpec, out: &mut BuildOut) {
        let Some(first) = spec.docs.first() else { return };
        if first.value.is_array() {
            let Some(target) = &spec.target else {
                self.patch_failed(spec, "a JSON patch needs a `target`".to_owned());
                return;
            };
            let fields = first.value.as_array().into_iter().flatten();
            let fields = fields.filter_map(|op| op.get("path").and_then(Value::as_str)).map(patch::pointer_path);
            let mut failed = None;
            let mut matched = false;
            let mut undecided = false;
            for obj in &mut out.objects {
                match target.matches(obj) {
                    Some(true) => matched = true,
                    Some(false) => continue,
                    None => {
                        undecided = true;
                        continue;
                    }
                }
                match patch::apply_ops(&mut obj.value, &first.value) {
                    Ok(written) => {
                        for (i, at) in written {
                            let place = first.place.at(&FieldPath::root().index(i).key("value"));
                            obj.layers.push(Layer::Json { place, at });
                        }
                        obj.renamed();
                    }
                    Err(message) => failed = failed.or(Some(message)),
                }
            }
            if let Some(message) = failed {
                self.patch_failed(spec, message);
            }
            if !matched && !undecided {
                self.unmatched(spec, target, "the patch silently does nothing", fields.collect(), out);
            }
            return;
        }
        for doc in &spec.docs {
            let target = spec.target.clone().unwrap_or_else(|| Target::of_patch(&doc.value));
            let mut matched = false;
            let mut undecided = false;
            let mut deleted = Vec::new();
            for (i, obj) in out.objects.iter_mut().enumerate() {
                match target.matches(obj) {
                    Some(true) => matched = true,
                    Some(false) => continue,
                    None => {
                        undecided = true;
                        continue;
                    }
                }
                match patch::merge(&mut obj.value, &doc.value) {
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
            if !matched && !undecided {
                let effect = if spec.target.is_some() {
                    "the patch silently does nothing"
                } else {
                    "kustomize build fails (a patch without `target` must match exactly one resource)"
                };
                let mut fields = Vec::new();
                patch::leaves(&doc.value, FieldPath::root(), &mut fields);
                let identity = ["apiVersion", "kind", "metadata"];
                fields.retain(|f| {
                    !matches!(f.0.first(), Some(crate::Segment::Key(k)) if identity.contains(&k.as_str()))
                        || f.0.len() > 2
                });
                self.unmatched(spec, &target, effect, fields, out);
            }
        }
    }

    fn patch_failed(&mut self, spec: &PatchSpec, message: String) {
        let kind = K::PatchFailed { patch: spec.label.clone(), message };
        let spot = self.kustomization_spot(spec);
        self.push(Severity::Error, spot, None, spec.at.clone(), kind);
    }

    fn unmatched(
        &mut self,
        spec: &PatchSpec,
        target: &Target,
        effect: &str,
        fields: Vec<FieldPath>,
        out: &mut BuildOut,
    ) {
        let kind = K::PatchMatchesNothing {
            patch: spec.label.clone(),
            target: target.describe(),
            effect: effect.to_owned(),
            candidates: target.candidates(&out.objects, spec.target.is_none()),
        };
        let severity = if out.opaque { Severity::Warning } else { Severity::Error };
        let spot = self.kustomization_spot(spec);
        self.push(severity, spot, None, spec.at.clone(), kind);
        let kind = target.kind.as_ref().map(|k| k.replace('\\', ""));
        out.unmatched.push(Unmatched { patch: spec.label.clone(), kind, fields });
    }

    /// Where the kustomization names the patch.
    fn kustomization_spot(&self, spec: &PatchSpec) -> Spot {
        let current = self.stack.last().and_then(|dir| {
            let path = kustomization_file(dir)?;
            let data = self.files.get(&key(&path))?;
            Some(data.docs.first()?.place.spot(&spec.at))
        });
        current.unwrap_or_default()
    }
}
