//! Patches, the first of the transformers and the legacy `patchesJson6902` among them: read
//! from their files or from the kustomization, applied by their targets, and what a patch
//! that matches nothing leaves behind.

use oscgen_yaml::{self as yaml, FieldPath, NodeKind, ScalarStyle, Segment};
use serde_json::Value;

use super::resources::{round_trip, unreadable};
use super::{Builds, Current, Cx, Output, Unmatched, kustomize_id};
use crate::event::{Event, KeptValue};
use crate::load::{block_at_end_of_input, json_patch_text};
use crate::patch::{self, Merged};
use crate::source::{Doc, Layer, Obj, Place, normalize};
use crate::target::Target;
use crate::{PatchEntry, json6902};

/// One patch of a kustomization, read.
struct PatchSpec {
    /// How it is named in messages.
    label: String,
    /// Where to point in the kustomization.
    at: FieldPath,
    target: Option<Target>,
    docs: Vec<Doc>,
}

/// Where a patch's text is: a file, or inline in the kustomization at `inline_at`.
struct PatchSource<'a> {
    path: Option<&'a str>,
    inline: Option<&'a str>,
    inline_at: FieldPath,
}

/// A patch that matched nothing: what it would have written, and what kustomize makes of it.
struct Miss<'a> {
    target: &'a Target,
    /// What happens: nothing, or kustomize fails and why.
    effect: String,
    /// Each field it writes, with the value it writes there (for `add` and `replace`).
    fields: Vec<(FieldPath, Option<Value>)>,
    fails: bool,
}

impl Builds {
    /// `patchesStrategicMerge`, then `patches`, read and applied in order.
    pub(super) fn patches(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        let root = FieldPath::root();
        let mut patches = Vec::new();
        for (i, text) in cur.k.patches_strategic_merge.iter().enumerate() {
            let at = root.key("patchesStrategicMerge").index(i);
            let inline = text.contains('\n') || !cx.loader.exists(&cur.dir.join(text)) && text.contains(':');
            let (path, inline) = if inline { (None, Some(text.as_str())) } else { (Some(text.as_str()), None) };
            let source = PatchSource { path, inline, inline_at: at.clone() };
            patches.extend(self.patch_spec(cur, at, source, None, cx));
        }
        for (i, entry) in cur.k.patches.iter().enumerate() {
            patches.extend(self.patch_entry(cur, root.key("patches").index(i), entry, cx));
        }
        for patch in &patches {
            apply(cur, patch, out, cx);
        }
    }

    /// The deprecated `patchesJson6902`, applied after the name and label transformers.
    pub(super) fn legacy_patches(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        let mut legacy = Vec::new();
        for (i, entry) in cur.k.patches_json6902.iter().enumerate() {
            let at = FieldPath::root().key("patchesJson6902").index(i);
            // kustomize's PatchJson6902Transformer refuses a target without a name.
            if entry.target.as_ref().and_then(|t| t.name.as_deref()).is_none_or(str::is_empty) {
                let message =
                    "trouble configuring builtin PatchJson6902Transformer: must specify the target name".to_owned();
                let fix =
                    "give the target a `name`, or move the entry to `patches`, which selects without one".to_owned();
                cx.host.event(Event::Fails { at: cur.spot(&at.key("target")), message, fix });
                continue;
            }
            legacy.extend(self.patch_entry(cur, at, entry, cx));
        }
        for patch in &legacy {
            apply(cur, patch, out, cx);
        }
    }

    /// Reads a `patches` or `patchesJson6902` entry.
    fn patch_entry(
        &mut self,
        cur: &Current<'_>,
        at: FieldPath,
        entry: &PatchEntry,
        cx: &mut Cx<'_>,
    ) -> Option<PatchSpec> {
        let point = match &entry.target {
            Some(t) if t.name.is_some() => at.key("target").key("name"),
            Some(_) => at.key("target"),
            None if entry.path.is_some() => at.key("path"),
            None => at.clone(),
        };
        let target = entry.target.as_ref().map(Target::new);
        let source =
            PatchSource { path: entry.path.as_deref(), inline: entry.patch.as_deref(), inline_at: at.key("patch") };
        self.patch_spec(cur, point, source, target, cx)
    }

    /// Loads a patch's documents from its file or from the text written inline.
    fn patch_spec(
        &mut self,
        cur: &Current<'_>,
        at: FieldPath,
        source: PatchSource<'_>,
        target: Option<Target>,
        cx: &mut Cx<'_>,
    ) -> Option<PatchSpec> {
        let Some(path) = source.path else {
            return inline_patch(cur, at, source.inline?, source.inline_at, target, cx);
        };
        let full = cur.dir.join(path);
        if !cx.loader.is_file(&full) {
            let (entry, path) = (path.to_owned(), normalize(&full).display().to_string());
            cx.host.event(Event::ResourceNotFound { at: cur.spot(&at), entry, path });
            return None;
        }
        self.consumed.insert(cx.loader.key(&full));
        let data = match cx.loader.load(&full, &mut *cx.host) {
            Ok(data) => data,
            Err(e) => {
                cx.host.event(unreadable(cur, &at, &full, &e));
                return None;
            }
        };
        let label = normalize(&full).display().to_string();
        if let Some(e) = &data.not_json {
            cx.host.event(not_json(cur, &label, &at, e));
            return None;
        }
        Some(PatchSpec { label, at, target, docs: data.docs.clone() })
    }
}

/// A patch written inline in the kustomization, at `inline_at`.
fn inline_patch(
    cur: &Current<'_>,
    at: FieldPath,
    text: &str,
    inline_at: FieldPath,
    target: Option<Target>,
    cx: &mut Cx<'_>,
) -> Option<PatchSpec> {
    let place = cur.place;
    let label = format!("{} {}", place.file, inline_at.to_string().trim_end_matches(".patch"));
    if let Some(e) = json_patch_text(text) {
        cx.host.event(not_json(cur, &label, &inline_at, &e));
        return None;
    }
    let docs = match yaml::documents_with_source(text) {
        Ok(docs) => docs,
        Err(e) => {
            let message = format!("not valid YAML: {}", e.message);
            cx.host.event(Event::PatchFailed { at: cur.spot(&inline_at), patch: label, message });
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
                block_at_end_of_input(&mut d.value, &d.source);
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

/// A patch whose text starts with `[` but is not JSON: kustomize fails to decode it.
fn not_json(cur: &Current<'_>, label: &str, at: &FieldPath, error: &str) -> Event {
    let message = format!(
        "unable to parse SM or JSON patch (kustomize reads text that starts with `[` as JSON, and this is not: {error}); write it as JSON with quoted keys and strings, or as a YAML block list (`- op: ...`)"
    );
    Event::PatchFailed { at: cur.spot(at), patch: label.to_owned(), message }
}

/// Applies one patch to the build, reporting a patch that fails or matches nothing.
fn apply(cur: &Current<'_>, spec: &PatchSpec, out: &mut Output, cx: &mut Cx<'_>) {
    let Some(first) = spec.docs.first() else { return };
    if first.value.is_array() {
        return apply_json(cur, spec, first, out, cx);
    }
    for doc in &spec.docs {
        let doc = round_trip(cur, &spec.at, doc, spec.docs.len() == 1, out, cx);
        apply_merge(cur, spec, &doc, out, cx);
    }
}

/// A JSON 6902 patch: its operations on every object its target selects.
fn apply_json(cur: &Current<'_>, spec: &PatchSpec, first: &Doc, out: &mut Output, cx: &mut Cx<'_>) {
    let Some(target) = &spec.target else {
        return patch_failed(cur, spec, "a JSON patch needs a `target`".to_owned(), cx);
    };
    let selection = target.select(&out.objects);
    if reads_bookkeeping(&first.value) && !selection.matched.is_empty() {
        out.opaque = true;
        out.unmodelled = true;
        let field = format!("a JSON patch reading all of `metadata.annotations` ({})", spec.label);
        cx.host.event(Event::NotModelled { at: cur.spot(&spec.at), field });
    }
    let mut failed = None;
    let mut differs = None;
    for &i in &selection.matched {
        match json_onto(&mut out.objects[i], first) {
            Ok(panics_in_4_5_4) => differs = differs.or(panics_in_4_5_4),
            Err(message) => failed = failed.or(Some(message)),
        }
    }
    if let Some(message) = failed {
        patch_failed(cur, spec, message, cx);
    }
    if let Some(detail) = differs {
        let detail = format!("patch `{}`: {detail}", spec.label);
        cx.host.event(Event::VersionsDiffer { at: cur.spot(&spec.at), detail });
    }
    if selection.matched.is_empty() && !selection.undecided {
        let ops = first.value.as_array().into_iter().flatten();
        let fields = ops.filter_map(|op| {
            let path = json6902::pointer_path(op.get("path").and_then(Value::as_str)?);
            let writes = matches!(op.get("op").and_then(Value::as_str), Some("add" | "replace"));
            Some((path, op.get("value").filter(|_| writes).cloned()))
        });
        let effect = "the patch silently does nothing".to_owned();
        unmatched(cur, spec, Miss { target, effect, fields: fields.collect(), fails: false }, out, cx);
    }
}

/// While kustomize builds, an object's annotations also hold its own bookkeeping
/// (`internal.config.kubernetes.io/previousNames`, ...), which a JSON patch reading all of
/// them (or all of metadata, or the whole object) copies or tests too.
fn reads_bookkeeping(ops: &Value) -> bool {
    ops.as_array().into_iter().flatten().any(|op| {
        let whole =
            |p: Option<&Value>| matches!(p.and_then(Value::as_str), Some("" | "/metadata" | "/metadata/annotations"));
        whole(op.get("from")) || op.get("op").and_then(Value::as_str) == Some("test") && whole(op.get("path"))
    })
}

/// Applies a JSON patch's operations to one object: whether kustomize 4.5.4 panics on it
/// (and how), or why it fails.
fn json_onto(obj: &mut Obj, patch: &Doc) -> Result<Option<String>, String> {
    // kustomize's bookkeeping annotations are there while it patches, so
    // `add /metadata/annotations/x` works on an object that has none.
    let bookkeeping = match obj.value.get_mut("metadata").and_then(Value::as_object_mut) {
        Some(metadata) if !metadata.contains_key("annotations") => {
            metadata.insert("annotations".to_owned(), Value::Object(serde_json::Map::new()));
            true
        }
        _ => false,
    };
    let result = json6902::apply(&mut obj.value, &patch.value);
    if let Some(metadata) = obj.value.get_mut("metadata").and_then(Value::as_object_mut)
        && (bookkeeping || result.is_ok())
        && metadata.get("annotations").is_some_and(|a| a.as_object().is_some_and(serde_json::Map::is_empty))
    {
        metadata.shift_remove("annotations");
    }
    let applied = result.map_err(|e| e.message)?;
    for (op, at) in applied.written {
        let place = patch.place.at(&FieldPath::root().index(op).key("value"));
        obj.layers.push(Layer::Json { place, at });
    }
    obj.renamed();
    Ok(applied.panics_in_4_5_4)
}

/// One document of a strategic merge patch, merged into every object it targets.
fn apply_merge(cur: &Current<'_>, spec: &PatchSpec, doc: &Doc, out: &mut Output, cx: &mut Cx<'_>) {
    let target = spec.target.clone().unwrap_or_else(|| Target::of_patch(&doc.value));
    let selection = target.select(&out.objects);
    let mut deleted = Vec::new();
    for &i in &selection.matched {
        let obj = &mut out.objects[i];
        // A patch with a `target` takes each object's identity, as kustomize's patch
        // transformer sets it (`SetName`, `SetNamespace`, `SetGvk`) before merging.
        let identity;
        let change = if spec.target.is_some() {
            identity = with_identity(&doc.value, &obj.value);
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
        let fails = spec.target.is_none();
        let effect = if fails {
            let id = kustomize_id(&doc.value);
            format!(
                "kustomize build fails (a patch without `target` must match exactly one resource): no matches for Id {id}; failed to find unique target for patch {id}"
            )
        } else {
            "the patch silently does nothing".to_owned()
        };
        let mut fields = Vec::new();
        patch::leaves(&doc.value, FieldPath::root(), &mut fields);
        let identity = ["apiVersion", "kind", "metadata"];
        fields.retain(|f| {
            !matches!(f.0.first(), Some(Segment::Key(k)) if identity.contains(&k.as_str())) || f.0.len() > 2
        });
        let fields = fields
            .into_iter()
            .map(|f| {
                let value = lookup(&doc.value, &f).cloned();
                (f, value)
            })
            .collect();
        unmatched(cur, spec, Miss { target: &target, effect, fields, fails }, out, cx);
    }
}

/// `patch` with the identity (apiVersion, kind, name, namespace) of `object`.
fn with_identity(patch: &Value, object: &Value) -> Value {
    let mut copy = patch.clone();
    if let Some(map) = copy.as_object_mut() {
        for field in ["apiVersion", "kind"] {
            match object.get(field) {
                Some(v) => map.insert(field.to_owned(), v.clone()),
                None => map.shift_remove(field),
            };
        }
        let metadata = map.entry("metadata").or_insert_with(|| Value::Object(Default::default()));
        if let Some(metadata) = metadata.as_object_mut() {
            for field in ["name", "namespace"] {
                match object.get("metadata").and_then(|m| m.get(field)) {
                    Some(v) => metadata.insert(field.to_owned(), v.clone()),
                    None => metadata.shift_remove(field),
                };
            }
        }
    }
    copy
}

fn patch_failed(cur: &Current<'_>, spec: &PatchSpec, message: String, cx: &mut Cx<'_>) {
    cx.host.event(Event::PatchFailed { at: cur.spot(&spec.at), patch: spec.label.clone(), message });
}

/// The value at `path` in `value`.
fn lookup<'a>(value: &'a Value, path: &FieldPath) -> Option<&'a Value> {
    path.0.iter().try_fold(value, |at, segment| match segment {
        Segment::Key(k) => at.get(k),
        Segment::Index(i) => at.get(i),
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
/// value there. kustomize says nothing about a patch that matches nothing
/// (kubernetes-sigs/kustomize issue 4379), so the build ships that value.
fn kept_value(target: &Target, fields: &[(FieldPath, Option<Value>)], objects: &[Obj]) -> Option<KeptValue> {
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
        Some(KeptValue { object, field: field.to_string(), kept, intended })
    })
}

/// Reports a patch that matched nothing, with what the caller needs to weigh it: whether
/// kustomize fails, the value the object it was meant for keeps, the strings the build holds
/// where it writes, and whether the build is complete.
fn unmatched(cur: &Current<'_>, spec: &PatchSpec, miss: Miss<'_>, out: &mut Output, cx: &mut Cx<'_>) {
    let Miss { target, effect, fields, fails } = miss;
    // Any object: the target's kind may be the typo.
    let left = out
        .objects
        .iter()
        .flat_map(|obj| {
            fields.iter().filter_map(|(f, _)| match lookup(&obj.value, f) {
                Some(Value::String(s)) => Some((f.clone(), s.clone())),
                _ => None,
            })
        })
        .collect();
    let kept = if fails { None } else { kept_value(target, &fields, &out.objects) };
    cx.host.event(Event::PatchMatchesNothing {
        at: cur.spot(&spec.at),
        patch: spec.label.clone(),
        target: target.describe(),
        effect,
        candidates: target.candidates(&out.objects, spec.target.is_none()),
        fails,
        kept,
        left,
        opaque: out.opaque,
    });
    let kind = target.kind.as_ref().map(|k| k.replace('\\', ""));
    let fields = fields.into_iter().map(|(f, _)| f).collect();
    out.unmatched.push(Unmatched { patch: spec.label.clone(), kind, fields });
}
