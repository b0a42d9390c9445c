//! Where values were written: files, documents in them, and the layers of patches an object
//! went through, so a finding points at the text that produced the value.

use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use oscgen_yaml::{FieldPath, Located, NodeKind, ScalarStyle, SourceMap};
use serde_json::Value;

/// Where a value was written: the file as shown to the user, and the 1-based line and column
/// when they mean something (not for items an orchestrator sent on stdin).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// The file, as the user named it (or reached it from what they named).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
}

/// A document (or a part of one, from `prefix` on) in a file.
#[derive(Clone, Debug)]
pub struct Place {
    /// The file as shown to the user.
    pub file: Rc<str>,
    /// Where each node of the document was written.
    pub source: Rc<SourceMap>,
    /// The path of this place's root inside the document (`items[3]` for a List item).
    pub prefix: FieldPath,
    /// Added to every line (a patch written inline in a kustomization).
    pub line_offset: usize,
    /// Added to every column.
    pub column_offset: usize,
    /// Whether lines mean anything to the user (not for items sent by kpt, whose lines are
    /// those of the ResourceList).
    pub lines: bool,
}

impl Place {
    /// The whole document `source` of `file`.
    pub fn new(file: Rc<str>, source: SourceMap) -> Self {
        Self { file, source: Rc::new(source), prefix: FieldPath::root(), line_offset: 0, column_offset: 0, lines: true }
    }

    /// The same document, from `path` on.
    pub fn at(&self, path: &FieldPath) -> Self {
        let mut prefix = self.prefix.clone();
        prefix.0.extend(path.0.iter().cloned());
        Self { prefix, ..self.clone() }
    }

    fn full(&self, path: &FieldPath) -> FieldPath {
        let mut full = self.prefix.clone();
        full.0.extend(path.0.iter().cloned());
        full
    }

    /// The value node at `path`, if it was written here.
    pub fn value(&self, path: &FieldPath) -> Option<&Located> {
        self.source.value(&self.full(path))
    }

    /// The scalar at `path`, as written.
    pub fn scalar(&self, path: &FieldPath) -> Option<(&str, ScalarStyle)> {
        match &self.value(path)?.node {
            NodeKind::Scalar { text, style } => Some((text, *style)),
            _ => None,
        }
    }

    /// Whether `path` (or its key) was written here.
    pub fn has(&self, path: &FieldPath) -> bool {
        let full = self.full(path);
        self.source.value(&full).is_some() || self.source.key(&full).is_some()
    }

    /// The key or value of `path`, or of its nearest ancestor within this place; the place's
    /// own start when none is in the source.
    pub fn origin(&self, path: &FieldPath) -> Position {
        self.origin_preferring(path, false)
    }

    /// Like [`Place::origin`], but the value rather than its key (an unquoted scalar).
    pub fn value_origin(&self, path: &FieldPath) -> Position {
        self.origin_preferring(path, true)
    }

    fn origin_preferring(&self, path: &FieldPath, value_first: bool) -> Position {
        // A place rooted at a value (a JSON patch's `value`) shows that value, not its key.
        let value_first = value_first || path.0.is_empty();
        let mut at = self.full(path);
        let located = loop {
            let (key, value) = (self.source.key(&at), self.source.value(&at));
            let found = if value_first { value.or(key) } else { key.or(value) };
            if let Some(found) = found {
                break Some((found.line, found.column));
            }
            if at.0.len() <= self.prefix.0.len() || at.0.pop().is_none() {
                break None;
            }
        };
        let located = located.or((self.source.line > 0).then_some((self.source.line, self.source.column)));
        let (line, column) = match located {
            Some((line, column)) if self.lines => (Some(line + self.line_offset), Some(column + self.column_offset)),
            _ => (None, None),
        };
        Position { file: self.file.to_string(), line, column }
    }
}

/// A document read from a file.
#[derive(Clone, Debug)]
pub struct Doc {
    /// The document, as kustomize reads it.
    pub value: Value,
    /// Where it was written.
    pub place: Place,
}

/// One patch an object went through.
#[derive(Clone, Debug)]
pub enum Layer {
    /// A strategic merge patch: the object's paths are the patch document's paths.
    Merge(Place),
    /// One JSON patch operation, which wrote the field `at` from its `value` (`place`).
    Json {
        /// The operation's `value` (or the kustomization field that set it).
        place: Place,
        /// The field of the object it wrote.
        at: FieldPath,
    },
}

/// The names kustomize matches patch targets by: an object keeps the ids it had before each
/// transformation (namespace, prefixes), as kustomize does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Id {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name` (empty when it has none).
    pub name: String,
    /// `metadata.namespace`, if set.
    pub namespace: Option<String>,
}

impl Id {
    /// The id of an object given as a value tree (missing fields are empty).
    pub fn of(value: &Value) -> Self {
        let s = |pointer: &str| value.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_owned();
        Self {
            api_version: s("/apiVersion"),
            kind: s("/kind"),
            name: s("/metadata/name"),
            namespace: value.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_owned),
        }
    }

    /// `(group, version)` of the apiVersion; the core group is empty.
    pub fn group_version(&self) -> (&str, &str) {
        self.api_version.rsplit_once('/').unwrap_or(("", &self.api_version))
    }
}

/// An object in a build, with where its values were written.
#[derive(Clone, Debug)]
pub struct Obj {
    /// The object as built so far.
    pub value: Value,
    /// The document it was read from (or the config it was generated from).
    pub place: Place,
    /// Whether `place`'s paths are the object's (false for objects generated from a config).
    pub written: bool,
    /// The patches it went through, oldest first.
    pub layers: Vec<Layer>,
    /// Its ids before each transformation that changed one, oldest first.
    pub ids: Vec<Id>,
    /// Stands for an object a kustomize generator makes (`configMapGenerator`): patches may
    /// target it, nothing else is checked.
    pub synthetic: bool,
    /// A generated object whose name gets kustomize's content hash when the build is done.
    pub hash: bool,
}

impl Obj {
    /// An object written as `value` at `place`.
    pub fn new(value: Value, place: Place) -> Self {
        let ids = vec![Id::of(&value)];
        Self { value, place, written: true, layers: Vec::new(), ids, synthetic: false, hash: false }
    }

    /// Its id now.
    pub fn id(&self) -> Id {
        Id::of(&self.value)
    }

    /// Records the object's id after a transformation, if it changed.
    pub fn renamed(&mut self) {
        let id = self.id();
        if !self.ids.contains(&id) {
            self.ids.push(id);
        }
    }

    /// The place that wrote `path` and the path there: the newest patch that set it, else
    /// the original document.
    fn writer(&self, path: &FieldPath) -> Option<(&Place, FieldPath)> {
        for layer in self.layers.iter().rev() {
            match layer {
                Layer::Merge(place) if place.has(path) => return Some((place, path.clone())),
                Layer::Json { place, at } if path.0.starts_with(&at.0) => {
                    return Some((place, FieldPath(path.0[at.0.len()..].to_vec())));
                }
                _ => {}
            }
        }
        self.written.then(|| (&self.place, path.clone()))
    }

    /// The scalar written at `path`, and its style.
    pub fn scalar(&self, path: &FieldPath) -> Option<(&str, ScalarStyle)> {
        let (place, at) = self.writer(path)?;
        place.scalar(&at)
    }

    /// Where to point for `path`: at its key, or with `value_first` at its value.
    pub fn origin(&self, path: &FieldPath, value_first: bool) -> Position {
        let spot = |place: &Place, at: &FieldPath| {
            if value_first { place.value_origin(at) } else { place.origin(at) }
        };
        match self.writer(path) {
            Some((place, at)) if place.has(&at) => spot(place, &at),
            _ if self.written => spot(&self.place, path),
            _ => self.place.origin(&FieldPath::root()),
        }
    }

    /// The string at a JSON `pointer`, if there is one.
    pub fn str(&self, pointer: &str) -> Option<&str> {
        self.value.pointer(pointer).and_then(Value::as_str)
    }
}

/// `path` with `.` and `..` resolved by text (the path as the user would write it).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    Some(Component::RootDir) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots() {
        let cases = [
            ("a/b/../../c/./d.yaml", "c/d.yaml"),
            ("../x/../y", "../y"),
            ("/a/../..", "/"),
            ("./", "."),
            ("overlays/preview-1.0/../../base", "base"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(Path::new(input)), PathBuf::from(expected), "{input}");
        }
    }
}
