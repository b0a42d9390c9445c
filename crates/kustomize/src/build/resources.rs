//! The first phase: `resources` (and the deprecated `bases`), files read and directories
//! built, in order.

use oscgen_yaml::FieldPath;
use serde_json::Value;

use super::{Builds, Current, Cx, Output, duplicate};
use crate::event::{Event, Host};
use crate::load::{Trip, kyaml_round_trip};
use crate::source::{Doc, Obj, normalize};

/// The objects of some documents as kustomize takes them from a resource file: List and
/// ResourceList items expanded, documents without apiVersion and kind skipped, and the
/// function configs the host runs replaced by what they generate.
pub fn objects(docs: &[Doc], out: &mut Vec<Obj>, host: &mut dyn Host) {
    for doc in docs {
        object(doc, out, host);
    }
}

fn object(doc: &Doc, out: &mut Vec<Obj>, host: &mut dyn Host) {
    let api_version = doc.value.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let kind = doc.value.get("kind").and_then(Value::as_str).unwrap_or_default();
    // Any kind ending in `List` is taken apart into its items when it has them
    // (`inlineAnyEmbeddedLists`, kubernetes-sigs/kustomize `api/resource/factory.go`,
    // kustomize/v4.5.4; measured with 5.5 too): a `ConfigMapList`, or a ResourceList of any
    // apiVersion.
    let items = doc.value.get("items").is_some_and(Value::is_array);
    if is_list(&doc.value) || kind.ends_with("List") && items {
        let items = doc.value.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
        for (i, item) in items.into_iter().enumerate() {
            let mut place = doc.place.at(&FieldPath::root().key("items").index(i));
            // A ResourceList on stdin comes from an orchestrator: its lines are not the
            // user's, and kpt names each item's file instead.
            if kind == "ResourceList" && &*doc.place.file == "<stdin>" {
                let annotation = |key: &str| item.pointer("/metadata/annotations").and_then(|a| a.get(key));
                let file = annotation("config.kubernetes.io/path").or(annotation("internal.config.kubernetes.io/path"));
                if let Some(file) = file.and_then(Value::as_str) {
                    place.file = file.into();
                }
                place.lines = false;
            }
            object(&Doc { value: item, place }, out, host);
        }
        return;
    }
    if let Some(generated) = host.generate(doc) {
        out.extend(generated.into_iter().map(|value| generated_object(value, doc)));
    } else if !api_version.is_empty() && !kind.is_empty() {
        out.push(Obj::new(doc.value.clone(), doc.place.clone()));
    }
}

/// A kind ending in `List` with no `items` list, which the kustomize versions treat apart.
fn is_list_without_items(doc: &Value) -> bool {
    let kind = doc.get("kind").and_then(Value::as_str).unwrap_or_default();
    kind.ends_with("List") && !doc.get("items").is_some_and(Value::is_array) && !is_list(doc)
}

/// Whether kustomize takes `doc`'s objects from its `items`: a v1 List, or a ResourceList.
fn is_list(doc: &Value) -> bool {
    let api_version = doc.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let kind = doc.get("kind").and_then(Value::as_str).unwrap_or_default();
    (kind == "List" && api_version == "v1")
        || (kind == "ResourceList" && api_version.starts_with("config.kubernetes.io/"))
}

/// An object a function config generated: it points at the config, whose paths are not its.
pub(super) fn generated_object(value: Value, config: &Doc) -> Obj {
    let mut obj = Obj::new(value, config.place.clone());
    obj.written = false;
    obj
}

impl Builds {
    /// `resources`, then the deprecated `bases`, in order.
    pub(super) fn resources(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        for (field, entries) in [("resources", &cur.k.resources), ("bases", &cur.k.bases)] {
            for (i, entry) in entries.iter().enumerate() {
                self.resource(cur, &FieldPath::root().key(field).index(i), entry, out, cx);
            }
        }
    }

    fn resource(&mut self, cur: &Current<'_>, at: &FieldPath, entry: &str, out: &mut Output, cx: &mut Cx<'_>) {
        let before = out.objects.len();
        self.resource_objects(cur, at, entry, out, cx);
        if out.objects.len() > before
            && let Some(id) = duplicate(&out.objects)
        {
            let message = format!("accumulating resources: may not add resource with an already registered id: {id}");
            let fix = "include each object once".to_owned();
            cx.host.event(Event::Fails { at: cur.spot(at), message, fix });
        }
    }

    fn resource_objects(&mut self, cur: &Current<'_>, at: &FieldPath, entry: &str, out: &mut Output, cx: &mut Cx<'_>) {
        let path = cur.dir.join(entry);
        if crate::is_remote(entry) || cx.loader.is_dir(&path) || !cx.loader.exists(&path) {
            let Some(path) = self.directory(cur, at, entry, out, cx) else { return };
            self.referenced.insert(cx.loader.key(&path));
            // A look only, not cached: what reading the base says (a syntax error, a field of
            // the wrong shape) is told when it is built below.
            let quiet = &mut super::Quiet(&mut *cx.host);
            if super::read_kustomization(&path, &mut Cx { loader: &mut *cx.loader, host: quiet })
                .is_some_and(|read| read.0.is_component())
            {
                let (entry, path) = (entry.to_owned(), normalize(&path).display().to_string());
                cx.host.event(Event::ComponentAsResource { at: cur.spot(at), entry, path });
                return;
            }
            if let Some(base) = self.build_in(&path, cx) {
                out.objects.extend(base.objects.iter().cloned());
                out.unmatched.extend(base.unmatched.iter().cloned());
                out.opaque |= base.opaque;
                out.unmodelled |= base.unmodelled;
            }
            return;
        }
        self.consumed.insert(cx.loader.key(&path));
        match cx.loader.load(&path, &mut *cx.host) {
            Ok(data) => {
                // Measured: kubectl kustomize 5.5 keeps a `*List` kind without `items` as an
                // object, kustomize 4.5.4 drops it without a word.
                for doc in data.docs.iter().filter(|d| is_list_without_items(&d.value)) {
                    let kind = doc.value.get("kind").and_then(Value::as_str).unwrap_or_default();
                    let detail = format!(
                        "`{entry}` holds a {kind} without `items`: kubectl kustomize 5.5 keeps it as an object, kustomize 4.5.4 drops it"
                    );
                    cx.host.event(Event::VersionsDiffer { at: cur.spot(at), detail });
                }
                let only = data.docs.len() == 1;
                let docs: Vec<Doc> = data.docs.iter().map(|doc| round_trip(cur, at, doc, only, out, cx)).collect();
                objects(&docs, &mut out.objects, &mut *cx.host);
            }
            Err(e) => cx.host.event(unreadable(cur, at, &path, &e)),
        }
    }
}

/// `doc` as kustomize holds it after reading it ([`kyaml_round_trip`]), at the entry that
/// reads the file: a block scalar go-yaml cannot read back fails the build, one the model
/// cannot follow is reported as not modelled.
/// kustomize turns a document whose kind ends in `List` into its items through a map, which
/// skips the trip, except a `List` or `ResourceList` that is its file's `only` document:
/// kyaml reads that one's items itself (measured with both kustomize versions).
pub(super) fn round_trip(
    cur: &Current<'_>,
    at: &FieldPath,
    doc: &Doc,
    only: bool,
    out: &mut Output,
    cx: &mut Cx<'_>,
) -> Doc {
    let kind = doc.value.get("kind").and_then(Value::as_str).unwrap_or_default();
    if kind.ends_with("List") && !(only && matches!(kind, "List" | "ResourceList")) {
        return doc.clone();
    }
    let mut value = doc.value.clone();
    match kyaml_round_trip(&mut value, &doc.place.source) {
        Ok(()) => {}
        Err(Trip::Fails(path)) => {
            let message = format!(
                "{}: `{path}`: yaml: found a tab character where an indentation space is expected (go-yaml writes a block scalar that starts with a tab, then cannot read it back)",
                doc.place.file
            );
            let fix = "write the value double-quoted (\"\\t...\")".to_owned();
            cx.host.event(Event::Fails { at: cur.spot(at), message, fix });
        }
        Err(Trip::NotModelled(path, what)) => {
            out.opaque = true;
            out.unmodelled = true;
            let field = format!("{what} ({} `{path}`)", doc.place.file);
            cx.host.event(Event::NotModelled { at: cur.spot(at), field });
        }
    }
    Doc { value, place: doc.place.clone() }
}

/// A file a kustomization names that cannot be read, at the field that names it.
pub(super) fn unreadable(cur: &Current<'_>, at: &FieldPath, path: &std::path::Path, e: &std::io::Error) -> Event {
    Event::Unreadable { path: normalize(path).display().to_string(), message: e.to_string(), at: Some(cur.spot(at)) }
}
