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
    pub fn text(&self, path: &Path) -> Result<String, std::io::Error> {
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

/// A block scalar kustomize's round trip ([`kyaml_round_trip`]) does not leave as a value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Trip {
    /// The value starts with a tab: go-yaml writes the block without an indentation
    /// indicator (it writes one only before a space or a line break) and then refuses its own
    /// text, "found a tab character where an indentation space is expected"; without an
    /// indicator in the source, it already refused the source (measured, both versions).
    Fails(FieldPath),
    /// A case the model does not follow, and why.
    NotModelled(FieldPath, &'static str),
}

/// kustomize reads each resource and strategic merge patch document with go-yaml v3, writes it
/// out and reads it back once while keeping each scalar's style (kyaml's round trip of its
/// `RNode`s; kubectl kustomize 5.5 and kustomize 4.5.4 alike, measured: a kustomization's own
/// fields and JSON 6902 patches do not take that trip). Writing a folded (`>`) scalar, go-yaml
/// decides whether a line break needs a blank line after it from the first character of the
/// whole value instead of the line that follows (`yaml_emitter_write_folded_scalar`, `k := 0`,
/// in go-yaml/yaml `emitterc.go`, v3.0.1; libyaml's pointer arithmetic made the C original
/// right). So reading it back keeps one more line break before each more-indented line, or,
/// when the value starts with a space, folds single line breaks between plain lines into
/// spaces. Each folded scalar of `value` is given the value that trip leaves; the first block
/// scalar that does not come back as a value is returned instead.
pub(crate) fn kyaml_round_trip(value: &mut serde_json::Value, source: &yaml::SourceMap) -> Result<(), Trip> {
    for located in source.values() {
        let yaml::NodeKind::Scalar { style: style @ (yaml::ScalarStyle::Folded | yaml::ScalarStyle::Literal), .. } =
            located.node
        else {
            continue;
        };
        let target = located.path.0.iter().try_fold(&mut *value, |v, segment| match segment {
            Segment::Key(k) => v.get_mut(k),
            Segment::Index(i) => v.get_mut(*i),
        });
        let Some(serde_json::Value::String(text)) = target else { continue };
        if text.starts_with('\t') && block_allowed(text) {
            return Err(Trip::Fails(located.path.clone()));
        }
        if text.trim_start_matches('\n').starts_with('\t') {
            // go-yaml refuses the source unless the block gives its indentation, which
            // oscgen's reader does not say, and otherwise keeps the value.
            let why = "a block scalar whose first line with text starts with a tab (kustomize fails on it unless the block gives its indentation)";
            return Err(Trip::NotModelled(located.path.clone(), why));
        }
        if style == yaml::ScalarStyle::Folded {
            let why =
                "a folded scalar (`>`) holding a U+2028 or U+2029 line separator, which go-yaml reads as a line break";
            *text = go_yaml_folded_trip(text).ok_or_else(|| Trip::NotModelled(located.path.clone(), why))?;
        }
    }
    Ok(())
}

/// Whether go-yaml writes `value` as a block scalar when asked to, rather than double-quoted:
/// not empty, no space at its end or before a line break, every character in libyaml's
/// printable set or a tab (`yaml_emitter_analyze_scalar`, go-yaml/yaml `emitterc.go`, v3.0.1).
fn block_allowed(value: &str) -> bool {
    let printable = |c: char| {
        matches!(c, '\t' | '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}')
            || ('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}'
    };
    !value.is_empty() && !value.ends_with(' ') && !value.contains(" \n") && value.chars().all(printable)
}

/// The value go-yaml v3 reads back after writing `value` as a folded scalar (no line
/// wrapping: kyaml sets an unlimited width), or `None` for text with a line break YAML 1.2
/// does not know (U+2028, U+2029, which go-yaml reads as breaks). go-yaml writes a value it
/// cannot put in a block (a space at its end or before a line break, a character outside
/// libyaml's printable set) double-quoted, and reads that back unchanged.
pub(crate) fn go_yaml_folded_trip(value: &str) -> Option<String> {
    if value.contains(['\u{2028}', '\u{2029}']) {
        return None;
    }
    if !block_allowed(value) {
        return Some(value.to_owned());
    }
    let blank = |line: &str| line.starts_with([' ', '\t']);
    // The write: a break that ends a plain (not more-indented) line gets a blank line after
    // it, unless the value's first non-break character is a space or tab (the `k := 0`).
    let first = value.trim_start_matches('\n');
    let doubles = !first.is_empty() && !blank(first);
    let mut written = String::with_capacity(value.len() + 16);
    let mut lines = value.split('\n').peekable();
    while let Some(line) = lines.next() {
        written.push_str(line);
        if lines.peek().is_some() {
            if doubles && !line.is_empty() && !blank(line) {
                written.push('\n');
            }
            written.push('\n');
        }
    }
    // The read, chomped as the header go-yaml writes says (`-` without a final break, `+`
    // with more than one).
    let keep = value.ends_with("\n\n") || value == "\n";
    let strip = !value.ends_with('\n');
    let mut read = String::with_capacity(written.len());
    let (mut leading_break, mut leading_blank, mut trailing) = (false, false, 0);
    let mut pieces = written.split('\n').peekable();
    while let Some(line) = pieces.next() {
        let has_break = pieces.peek().is_some();
        if line.is_empty() {
            trailing += usize::from(has_break);
            continue;
        }
        let trailing_blank = blank(line);
        if leading_break && !leading_blank && !trailing_blank {
            if trailing == 0 {
                read.push(' ');
            }
        } else if leading_break {
            read.push('\n');
        }
        read.extend(std::iter::repeat_n('\n', trailing));
        trailing = 0;
        leading_blank = trailing_blank;
        read.push_str(line);
        leading_break = has_break;
    }
    if leading_break && !strip {
        read.push('\n');
    }
    if keep {
        read.extend(std::iter::repeat_n('\n', trailing));
    }
    Some(read)
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
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn folded_scalars_as_kustomize_holds_them() {
        // Each value as YAML 1.2 reads a `>` block, and what kustomize 4.5.4 and kubectl
        // kustomize 5.5 built from that block (the same in both).
        for (read, built) in [
            ("one two\nthree\n  more\nfour\n", Some("one two\nthree\n\n  more\nfour\n")),
            ("one\n  more\n\ntwo\n", Some("one\n\n  more\n\ntwo\n")),
            ("one\n\n  more\n\n\ntwo\n", Some("one\n\n\n  more\n\n\ntwo\n")),
            ("one\n  more1\n  more2\n\n  more3\ntwo three\n", Some("one\n\n  more1\n  more2\n\n  more3\ntwo three\n")),
            ("x\n\ttab\ny", Some("x\n\n\ttab\ny")),
            ("\none\n  more\n", Some("\none\n\n  more\n")),
            ("one two\n  more\nthree", Some("one two\n\n  more\nthree")),
            ("one\n  more\ntwo\n\n\n", Some("one\n\n  more\ntwo\n\n\n\n")),
            // A value that starts more-indented: no blank line is written, so plain lines fold.
            ("  lead\ntwo\nthree four\n  more\nfive\n", Some("  lead\ntwo three four\n  more\nfive\n")),
            // Written double-quoted (a space before a line break): unchanged.
            ("x\n  \ny\n", Some("x\n  \ny\n")),
            ("x\n\n  \n\ny\n", Some("x\n\n  \n\ny\n")),
            ("one two\n", Some("one two\n")),
            ("one\ntwo\n", Some("one\ntwo\n")),
            ("", Some("")),
            ("one\u{2028}  two\n", None),
        ] {
            assert_eq!(go_yaml_folded_trip(read).as_deref(), built, "{read:?}");
        }
    }

    #[test]
    fn only_block_scalars_take_the_trip() {
        let trip = |text: &str| {
            let mut docs = yaml::documents_with_source(text).unwrap();
            let doc = docs.remove(0);
            let mut value = doc.value;
            kyaml_round_trip(&mut value, &doc.source).map(|()| value)
        };
        let built = trip("a: >\n  one\n    more\nb: |\n  one\n    more\nc: \"one\\n  more\"\n").unwrap();
        assert_eq!(built, serde_json::json!({"a": "one\n\n  more\n", "b": "one\n  more\n", "c": "one\n  more"}));
        // With or without an indentation indicator, a block that starts with a tab fails.
        let path = |p: &str| FieldPath::parse(p);
        assert_eq!(trip("a:\n  b: |2\n    \tone\n"), Err(Trip::Fails(path("a.b"))));
        assert_eq!(trip("a: >2-\n  \tone\n  two\n"), Err(Trip::Fails(path("a"))));
        assert!(matches!(trip("a: >2\n\n  \tone\n"), Err(Trip::NotModelled(p, _)) if p == path("a")));
        // Written double-quoted (a space before a line break), so read back; unless the source
        // had no indentation indicator, which the reader does not say.
        assert!(matches!(trip("a: >2\n  \tone \n  two\n"), Err(Trip::NotModelled(p, _)) if p == path("a")));
        assert_eq!(trip("a: \"\\tone\\ntwo\"\n").unwrap(), serde_json::json!({"a": "\tone\ntwo"}));
    }

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
