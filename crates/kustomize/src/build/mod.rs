//! Building what kustomize would build: `resources` (and the deprecated `bases`) followed
//! recursively, generators run, components applied, then the transformers (patches,
//! `namespace`, name prefixes, labels, ...), in kustomize's order
//! (kubernetes-sigs/kustomize, `api/internal/target/kusttarget.go`, kustomize/v4.5.4 and
//! kustomize/v5.5.0). One file a phase: `resources`, `generators`, `transformers`, `patches`.

mod generators;
mod patches;
mod resources;
mod transformers;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use oscgen_yaml::{FieldPath, Segment, SourceMap};
use serde_json::Value;

pub use resources::objects;

use crate::event::{Event, Events, Host, Spot};
use crate::load::Loader;
use crate::source::{Doc, Id, Obj, Place, normalize};
use crate::{Kustomization, is_remote};

/// A kustomize patch that matched nothing, for explaining the values it left unchanged.
#[derive(Clone, Debug, PartialEq)]
pub struct Unmatched {
    /// The patch, as shown.
    pub patch: String,
    /// The kind it targets, if it says.
    pub kind: Option<String>,
    /// The fields it would have written.
    pub fields: Vec<FieldPath>,
}

/// What a kustomization builds.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// The objects, in the order kustomize emits them.
    pub objects: Vec<Obj>,
    /// The patches that matched nothing.
    pub unmatched: Vec<Unmatched>,
    /// Something was not followed, so the objects may be incomplete.
    pub opaque: bool,
    /// A field that changes objects is not modelled (`replacements`, ...), so their values
    /// may not be what kustomize builds.
    pub unmodelled: bool,
}

/// What a build threads through every step: the files it reads, and the host it reports to.
pub(crate) struct Cx<'a> {
    pub loader: &'a mut Loader,
    pub host: &'a mut dyn Host,
}

/// A kustomization being built: its directory, its file's document, and what it says.
pub(crate) struct Current<'a> {
    pub dir: &'a Path,
    pub place: &'a Place,
    pub k: &'a Kustomization,
}

impl Current<'_> {
    /// The kustomization's own field `at`, and where it was written.
    pub fn spot(&self, at: &FieldPath) -> Spot {
        Spot { path: at.clone(), position: self.place.origin(at) }
    }

    /// The path an entry of this kustomization names, as shown.
    pub fn shown(&self, entry: &str) -> String {
        normalize(&self.dir.join(entry)).display().to_string()
    }
}

/// A host that hears nothing: a build run a second time only to compare its objects (the
/// function configs still run through the real host, whose findings are the same each time).
struct Quiet<'a>(&'a mut dyn Host);

impl Events for Quiet<'_> {
    fn event(&mut self, _: Event) {}
}

impl Host for Quiet<'_> {
    fn generate(&mut self, doc: &Doc) -> Option<Vec<Value>> {
        self.0.generate(doc)
    }
}

/// The state of the builds of one run: each kustomization built once, the chain being built
/// (for cycles), and what the builds include, so a caller does not take those alone again.
#[derive(Default)]
pub struct Builds {
    memo: BTreeMap<PathBuf, Rc<Output>>,
    kustomizations: BTreeMap<PathBuf, Rc<(Kustomization, Doc)>>,
    stack: Vec<PathBuf>,
    /// Kustomization directories another kustomization includes.
    pub referenced: BTreeSet<PathBuf>,
    /// Files a kustomization reads (resources, patches, generator configs), by
    /// [`Loader::key`].
    pub consumed: BTreeSet<PathBuf>,
}

impl Builds {
    /// No builds yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The build of the kustomization in `dir`, built once however often it is asked for.
    /// `None` for a directory without a kustomization, one that cannot be read, and a
    /// Component (which patches whatever includes it and builds nothing alone).
    pub fn build(&mut self, dir: &Path, loader: &mut Loader, host: &mut dyn Host) -> Option<Rc<Output>> {
        self.build_in(dir, &mut Cx { loader, host })
    }

    /// The build of `dir` as `kustomize build DIR` makes it: a Component given directly is
    /// built like a Kustomization.
    pub fn build_root(&mut self, dir: &Path, loader: &mut Loader, host: &mut dyn Host) -> Option<Rc<Output>> {
        let cx = &mut Cx { loader, host };
        let read = self.read(dir, cx)?;
        if !read.0.is_component() {
            return self.build_in(dir, cx);
        }
        Some(Rc::new(self.kustomize(dir, &read, Output::default(), cx)))
    }

    fn build_in(&mut self, dir: &Path, cx: &mut Cx<'_>) -> Option<Rc<Output>> {
        let key = cx.loader.key(dir);
        if let Some(out) = self.memo.get(&key) {
            return Some(out.clone());
        }
        let read = self.read(dir, cx)?;
        let kustomization = &read.0;
        // A Component patches whatever includes it; alone it builds nothing, and its files
        // (partial objects, JSON patches) are not manifests to check on their own.
        if kustomization.is_component() {
            let files = kustomization.resources.iter().chain(&kustomization.patches_strategic_merge);
            let patches = kustomization.patches.iter().chain(&kustomization.patches_json6902);
            for file in files.chain(patches.filter_map(|p| p.path.as_ref())) {
                self.consumed.insert(cx.loader.key(&dir.join(file)));
            }
            return None;
        }
        let out = Rc::new(self.kustomize(dir, &read, Output::default(), cx));
        self.memo.insert(key, out.clone());
        Some(out)
    }

    /// The kustomization of `dir`, read (and deserialized) once however often it is included;
    /// one that cannot be read is reported each time it is asked for.
    fn read(&mut self, dir: &Path, cx: &mut Cx<'_>) -> Option<Rc<(Kustomization, Doc)>> {
        let key = cx.loader.key(dir);
        if let Some(read) = self.kustomizations.get(&key) {
            return Some(read.clone());
        }
        let read = Rc::new(read_kustomization(dir, cx)?);
        self.kustomizations.insert(key, read.clone());
        Some(read)
    }

    /// Builds one kustomization (or applies one component) on top of `start`.
    fn kustomize(&mut self, dir: &Path, read: &(Kustomization, Doc), start: Output, cx: &mut Cx<'_>) -> Output {
        self.stack.push(cx.loader.key(dir));
        let (k, doc) = read;
        let cur = Current { dir, place: &doc.place, k };
        // kustomize 5 refuses a kustomization with nothing but its apiVersion and kind
        // (kubernetes-sigs/kustomize, `api/internal/target/kusttarget.go`, kustomize/v5.5.0).
        let empty = doc.value.as_object().is_none_or(|m| m.keys().all(|k| k == "apiVersion" || k == "kind"));
        if empty {
            let detail = "an empty kustomization: kustomize 4.5.4 builds nothing from it, kubectl kustomize 5.5 fails (kustomization.yaml is empty)".to_owned();
            cx.host.event(Event::VersionsDiffer { at: cur.spot(&FieldPath::root()), detail });
        }
        let out = self.kustomization(&cur, start, cx);
        self.stack.pop();
        out
    }

    /// kustomize's phases: resources, generators and components (in the order of the
    /// version), the kustomization's own fields checked, then the transformers.
    fn kustomization(&mut self, cur: &Current<'_>, mut out: Output, cx: &mut Cx<'_>) -> Output {
        let root = FieldPath::root();
        for (field, replacement) in cur.k.deprecated() {
            let (field, replacement) = (field.to_owned(), replacement.to_owned());
            cx.host.event(Event::Deprecated { at: cur.spot(&root.key(&field)), field, replacement });
        }
        self.resources(cur, &mut out, cx);
        out = self.generators_and_components(cur, out, cx);
        self.fields(cur, &mut out, cx);
        self.transformers(cur, &mut out, cx);
        out
    }

    /// kubectl kustomize 5.5 runs a kustomization's generators before its components, 4.5.4
    /// after them (kubernetes-sigs/kustomize, `api/internal/target/kusttarget.go`,
    /// kustomize/v4.5.4 and kustomize/v5.5.0): a component then patches the generated objects
    /// in 5.5 only. oscgen builds 5.5's order, and 4.5.4's too where both are present, to say
    /// when they differ.
    fn generators_and_components(&mut self, cur: &Current<'_>, out: Output, cx: &mut Cx<'_>) -> Output {
        let k = cur.k;
        let generates =
            !k.generators.is_empty() || !k.config_map_generator.is_empty() || !k.secret_generator.is_empty();
        let older = (generates && !k.components.is_empty()).then(|| {
            let quiet = &mut Quiet(&mut *cx.host);
            let scratch = &mut Cx { loader: &mut *cx.loader, host: quiet };
            let mut older = self.components(cur, out.clone(), scratch);
            self.generate(cur, &mut older, scratch);
            older
        });
        let mut out = out;
        self.generate(cur, &mut out, cx);
        out = self.components(cur, out, cx);
        if let Some(older) = older {
            let values = |o: &Output| {
                let mut v: Vec<String> = o.objects.iter().map(|o| o.value.to_string()).collect();
                v.sort();
                v
            };
            if values(&older) != values(&out) {
                let detail = "this kustomization has generators and components: kustomize 4.5.4 runs the generators after the components, kubectl kustomize 5.5 before them, so only in 5.5 do the components change the generated objects".to_owned();
                cx.host.event(Event::VersionsDiffer { at: cur.spot(&FieldPath::root().key("components")), detail });
            }
        }
        out
    }

    /// Applies the kustomization's `components`, in order, to what was built so far.
    fn components(&mut self, cur: &Current<'_>, mut out: Output, cx: &mut Cx<'_>) -> Output {
        for (i, entry) in cur.k.components.iter().enumerate() {
            let at = FieldPath::root().key("components").index(i);
            let Some(path) = self.directory(cur, &at, entry, &mut out, cx) else { continue };
            self.referenced.insert(cx.loader.key(&path));
            let Some(read) = self.read(&path, cx) else { continue };
            let current = std::mem::take(&mut out);
            out = self.kustomize(&path, &read, current, cx);
        }
        out
    }

    /// The fields of the kustomization kustomize refuses, or builds differently by version, or
    /// that the model does not build.
    fn fields(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        let (k, root) = (cur.k, FieldPath::root());
        for field in k.unknown_fields() {
            let message = format!("json: unknown field {field:?}");
            let fix = "fix the field's name (kustomize reads a kustomization strictly)".to_owned();
            cx.host.event(Event::Fails { at: cur.spot(&root.key(field)), message, fix });
        }
        if k.other.contains_key("sortOptions") {
            let detail = "`sortOptions`: kustomize 4.5.4 fails (json: unknown field \"sortOptions\"), kubectl kustomize 5.5 orders the output by it".to_owned();
            cx.host.event(Event::VersionsDiffer { at: cur.spot(&root.key("sortOptions")), detail });
        }
        for field in k.not_modelled() {
            out.opaque = true;
            out.unmodelled = true;
            let at = cur.spot(&root.key(field.trim_end_matches("[].fields")));
            cx.host.event(Event::NotModelled { at, field: field.to_owned() });
        }
        for entry in k.validators.iter().chain(&k.crds).chain(&k.configurations) {
            self.consumed.insert(cx.loader.key(&cur.dir.join(entry)));
        }
    }

    /// Resolves a directory entry, reporting what is wrong with it.
    fn directory(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        entry: &str,
        out: &mut Output,
        cx: &mut Cx<'_>,
    ) -> Option<PathBuf> {
        let path = cur.dir.join(entry);
        let (spot, entry, shown) = (cur.spot(at), entry.to_owned(), cur.shown(entry));
        let event = if is_remote(&entry) {
            out.opaque = true;
            Event::NotFollowed { at: spot, entry }
        } else if !cx.loader.exists(&path) {
            Event::ResourceNotFound { at: spot, entry, path: shown }
        } else if self.stack.contains(&cx.loader.key(&path)) {
            Event::Cycle { at: spot, entry, path: shown }
        } else if cx.loader.kustomization_file(&path).is_none() {
            Event::NoKustomization { at: spot, entry, path: shown }
        } else {
            return Some(path);
        };
        cx.host.event(event);
        None
    }
}

/// Reads the kustomization file of `dir` as kustomize does: a file that does not parse, or
/// does not have kustomize's shape, fails the build.
fn read_kustomization(dir: &Path, cx: &mut Cx<'_>) -> Option<(Kustomization, Doc)> {
    let path = cx.loader.kustomization_file(dir)?;
    let file = match cx.loader.load(&path, &mut *cx.host) {
        Ok(file) => file,
        Err(e) => {
            let path = normalize(&path).display().to_string();
            cx.host.event(Event::Unreadable { path, message: e.to_string(), at: None });
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
            let spot = Spot { position: doc.place.origin(&at), path: at };
            cx.host.event(Event::InvalidKustomization { at: spot, message: e.into_inner().to_string() });
            None
        }
    }
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

/// kustomize's `ResId` of an object as it prints it (`Deployment.v1.apps/name.[noNs]`), from
/// (kubernetes-sigs/kustomize, `api/resid/resid.go` and `gvk.go`, kustomize/v4.5.4).
fn kustomize_id(value: &Value) -> String {
    let id = Id::of(value);
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
