//! Reading a tree's files as kustomize reads them: each file read once (bounded, UTF-8) and
//! parsed once by oscgen-yaml however many builds include it, with go-yaml's integers and
//! block scalar endings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use oscgen_yaml::{self as yaml, FieldPath, Segment};

use crate::KUSTOMIZATION_NAMES;
use crate::event::{Event, Events};
use crate::files::{Entry, Files};
use crate::source::{Doc, Place, normalize};

/// A read file's documents (none when it does not parse; its syntax error is reported once).
#[derive(Debug)]
pub struct FileData {
    /// Its documents, in order.
    pub docs: Vec<Doc>,
    /// For text that starts with `[`, why it is not JSON (see [`json_patch_text`]).
    pub not_json: Option<String>,
}

/// kustomize reads patch text that starts with `[` as JSON and everything else as YAML
/// (kubernetes-sigs/kustomize, `plugin/builtin/patchjson6902transformer` and
/// `patchtransformer`, kustomize/v4.5.4), so a flow-style YAML list of operations
/// (`[{op: add, ...}]`) fails its build. Says why such text is not JSON.
pub(crate) fn json_patch_text(text: &str) -> Option<String> {
    if !text.trim_start().starts_with('[') {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(text).err().map(|e| e.to_string())
}

/// Reads and parses files through a [`Files`], once each, at most `max_bytes` a file.
pub struct Loader {
    files: Box<dyn Files>,
    max_bytes: u64,
    cache: BTreeMap<PathBuf, Rc<FileData>>,
    /// The syntax error of each cached file that has one, told again on every load: the first
    /// load may have been a look that discards events (is a base a Component?).
    syntax: BTreeMap<PathBuf, Event>,
}

impl Loader {
    /// Reads through `files`, refusing files larger than `max_bytes`.
    pub fn new(files: Box<dyn Files>, max_bytes: u64) -> Self {
        Self { files, max_bytes, cache: BTreeMap::new(), syntax: BTreeMap::new() }
    }

    /// The documents of `path`, read and parsed the first time only. A YAML syntax error is
    /// an [`Event::YamlSyntax`] at every load (callers keep one of each), and the file then has
    /// no documents.
    pub fn load(&mut self, path: &Path, events: &mut dyn Events) -> Result<Rc<FileData>, std::io::Error> {
        let key = self.key(path);
        if let Some(data) = self.cache.get(&key) {
            if let Some(syntax) = self.syntax.get(&key) {
                events.event(syntax.clone());
            }
            return Ok(data.clone());
        }
        let text = self.text(path)?;
        let mut heard = Vec::new();
        let docs = self.parse(normalize(path).display().to_string().into(), &text, &mut heard);
        for event in heard {
            if matches!(event, Event::YamlSyntax { .. }) {
                self.syntax.insert(key.clone(), event.clone());
            }
            events.event(event);
        }
        let data = Rc::new(FileData { docs, not_json: json_patch_text(&text) });
        self.cache.insert(key, data.clone());
        Ok(data)
    }

    /// Every document of every file read so far, in file name order.
    pub fn docs(&self) -> impl Iterator<Item = &Doc> {
        self.cache.values().flat_map(|data| data.docs.iter())
    }

    /// The bytes of `path`, within the size limit, not parsed (a generator's data file).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, std::io::Error> {
        self.files.read(path, self.max_bytes)
    }

    /// The file at `path` as UTF-8 text, within the size limit.
    fn text(&self, path: &Path) -> Result<String, std::io::Error> {
        String::from_utf8(self.read(path)?).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("not UTF-8 (invalid byte at offset {}); save it as UTF-8", e.utf8_error().valid_up_to()),
            )
        })
    }

    /// The documents of `text`, shown as `display`; a syntax error is an [`Event::YamlSyntax`].
    pub fn parse(&self, display: Rc<str>, text: &str, events: &mut dyn Events) -> Vec<Doc> {
        match yaml::documents_with_source(text) {
            Ok(docs) => {
                let count = docs.len();
                docs.into_iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let mut value = d.value;
                        go_yaml_integers(&mut value, &d.source, &mut FieldPath::root());
                        if i + 1 == count && !text.ends_with('\n') {
                            block_at_end_of_input(&mut value, &d.source);
                        }
                        Doc { value, place: Place::new(display.clone(), d.source) }
                    })
                    .collect()
            }
            Err(error) => {
                events.event(Event::YamlSyntax { file: display.to_string(), error });
                Vec::new()
            }
        }
    }

    /// The identity of a file or directory: its canonical path when it exists, else the path
    /// with `.` and `..` resolved.
    pub fn key(&self, path: &Path) -> PathBuf {
        self.files.canonical(path).unwrap_or_else(|| normalize(path))
    }

    /// What is at `path`, symlinks followed.
    pub fn entry(&self, path: &Path) -> Option<Entry> {
        self.files.entry(path)
    }

    /// Whether something is at `path`.
    pub fn exists(&self, path: &Path) -> bool {
        self.entry(path).is_some()
    }

    /// Whether `path` is a directory.
    pub fn is_dir(&self, path: &Path) -> bool {
        self.entry(path) == Some(Entry::Dir)
    }

    /// Whether `path` is a file.
    pub fn is_file(&self, path: &Path) -> bool {
        self.entry(path) == Some(Entry::File)
    }

    /// The kustomization file of `dir`, if it has one (the first of [`KUSTOMIZATION_NAMES`]).
    pub fn kustomization_file(&self, dir: &Path) -> Option<PathBuf> {
        KUSTOMIZATION_NAMES.iter().map(|n| dir.join(n)).find(|p| self.is_file(p))
    }
}

/// Unquoted integers that YAML 1.2 leaves strings but kustomize (go-yaml v3, which resolves
/// plain integers with Go's `strconv.ParseInt` after dropping `_`) and kubectl (YAML 1.1) read
/// as numbers: a leading zero is octal (`defaultMode: 0755` is 493, `-0755` is -493, `00` is
/// 0), a digit 8 or 9 after it decimal (`08` is 8), and `1_000` is 1000. Only plain scalars: a
/// quoted `'0755'` stays a string.
fn go_yaml_integers(value: &mut serde_json::Value, source: &yaml::SourceMap, at: &mut FieldPath) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                at.0.push(Segment::Key(k.clone()));
                go_yaml_integers(v, source, at);
                at.0.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                at.0.push(Segment::Index(i));
                go_yaml_integers(v, source, at);
                at.0.pop();
            }
        }
        Value::String(text) => {
            let Some(number) = go_integer(text) else { return };
            let plain = source.value(at).is_some_and(|located| {
                matches!(located.node, yaml::NodeKind::Scalar { style: yaml::ScalarStyle::Plain, .. })
            });
            if plain {
                *value = Value::from(number);
            }
        }
        _ => {}
    }
}

/// A block scalar (`|`, `>`) that ends the text without a line break has no final line break
/// (YAML 1.2 `b-chomped-last`, `<end-of-input>`), as kustomize's go-yaml reads it; serde-saphyr
/// adds one. Mostly an inline patch written `patch: |-` whose last value is a `|` block. The
/// last node of the document is the only one that can end there.
pub(crate) fn block_at_end_of_input(value: &mut serde_json::Value, source: &yaml::SourceMap) {
    let last = source.values().max_by_key(|located| (located.line, located.column));
    let Some(located) = last else { return };
    if !matches!(
        located.node,
        yaml::NodeKind::Scalar { style: yaml::ScalarStyle::Literal | yaml::ScalarStyle::Folded, .. }
    ) {
        return;
    }
    let target = located.path.0.iter().try_fold(value, |v, segment| match segment {
        Segment::Key(k) => v.get_mut(k),
        Segment::Index(i) => v.get_mut(*i),
    });
    if let Some(serde_json::Value::String(text)) = target
        && text.ends_with('\n')
    {
        text.pop();
    }
}

/// The integer go-yaml v3 reads from `text`, when YAML 1.2 reads a string there.
fn go_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    // What YAML 1.2 already reads as a number is not this function's.
    if !(digits.starts_with('0') && digits.len() > 1 || digits.contains('_')) {
        return None;
    }
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    let octal = digits.len() > 1 && digits.starts_with('0') && digits.chars().all(|c| ('0'..='7').contains(&c));
    let magnitude = if octal { i64::from_str_radix(&digits, 8).ok()? } else { digits.parse::<i64>().ok()? };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_kustomize_reads_them() {
        // What kustomize 4.5.4 and kubectl kustomize 5.5 printed for these plain scalars.
        for (text, expected) in [
            ("0755", Some(493)),
            ("-0755", Some(-493)),
            ("00", Some(0)),
            ("08", Some(8)),
            ("1_0", Some(10)),
            ("755", None),
            ("0", None),
            ("0x1F", None),
            ("1:20", None),
            ("07a", None),
            ("", None),
        ] {
            assert_eq!(go_integer(text), expected, "{text}");
        }
    }
}
