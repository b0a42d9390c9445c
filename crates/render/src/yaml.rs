//! The only caller of the YAML libraries.
//!
//! serde_yaml is the project's choice and is archived upstream, so replacing it must stay a
//! change to this one file. Everything else passes `serde_json::Value` trees (key order kept)
//! or typed values through here. serde_yaml does not say where a value was written or how
//! (plain or quoted), which `oscgen check` needs to point at an unquoted `kata: yes`; that comes
//! from saphyr-parser's events ([`documents_with_source`]).

use std::collections::BTreeMap;
use std::fmt;

mod depth;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::FieldPath;

/// YAML text that does not parse, with where the parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser said.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        let location = e.location();
        let at = location.as_ref().map(|l| format!(" at line {} column {}", l.line(), l.column())).unwrap_or_default();
        // serde_yaml's two limits, said in the user's terms.
        let message = match e.to_string() {
            m if m.starts_with("recursion limit exceeded") => format!(
                "nested more than {MAX_DEPTH} levels deep{at}; oscgen reads at most {MAX_DEPTH} levels of nested \
                 lists and mappings"
            ),
            m if m.starts_with("repetition limit exceeded") => {
                "aliases (*name) are repeated too often (more than 100 uses per node of the document); write \
                 the repeated parts out or drop the anchors"
                    .to_owned()
            }
            m => m,
        };
        Self { message, line: location.as_ref().map(|l| l.line()), column: location.as_ref().map(|l| l.column()) }
    }
}

/// One value as a YAML document (block style, no leading `---`).
///
/// Strings that another YAML reader would take for a boolean, number or null (`"true"`,
/// `"0644"`, `"1e3"`, `"~"`) are quoted by serde_yaml. The YAML 1.1 booleans (`yes`, `on`,
/// `n`, ...) are not, yet `kubectl` (go-yaml v2) reads them as booleans; they are quoted here.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    let mut tree =
        serde_json::to_value(value).map_err(|e| YamlError { message: e.to_string(), line: None, column: None })?;
    let marker = unused_marker(&tree);
    let mut quoted = Vec::new();
    protect(&mut tree, &marker, &mut quoted);
    let text = serde_yaml::to_string(&tree)?;
    if quoted.is_empty() {
        return Ok(text);
    }
    // Each placeholder is a plain scalar of its own and the marker occurs nowhere else, so
    // one pass replaces each exactly where its word was (one `replace` per word would be
    // quadratic in a list of thousands of `y`s).
    let mut out = String::with_capacity(text.len() + 2 * quoted.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits].parse::<usize>().ok().and_then(|i| quoted.get(i)) {
            Some(word) => {
                out.push('\'');
                out.push_str(word);
                out.push('\'');
            }
            None => out.push_str(&rest[at..at + marker.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The words YAML 1.1 reads as booleans and serde_yaml (YAML 1.2) writes unquoted.
const YAML11_BOOLS: &[&str] =
    &["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"];

/// `oscgenquoted` followed by more `x`s than follow it anywhere in the tree's text, so the
/// marker occurs nowhere in it (found in one pass, whatever the input holds).
fn unused_marker(tree: &Value) -> String {
    const BASE: &str = "oscgenquoted";
    let text = tree.to_string();
    let longest = text
        .match_indices(BASE)
        .map(|(at, _)| text[at + BASE.len()..].bytes().take_while(|b| *b == b'x').count())
        .max();
    let mut marker = String::from(BASE);
    if let Some(longest) = longest {
        marker.extend(std::iter::repeat_n('x', longest + 1));
    }
    marker
}

fn protect(value: &mut Value, marker: &str, quoted: &mut Vec<String>) {
    let placeholder = |word: &str, quoted: &mut Vec<String>| {
        quoted.push(word.to_owned());
        format!("{marker}{}", quoted.len() - 1)
    };
    match value {
        Value::String(s) if YAML11_BOOLS.contains(&s.as_str()) => *s = placeholder(s, quoted),
        Value::Array(items) => items.iter_mut().for_each(|v| protect(v, marker, quoted)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                protect(&mut v, marker, quoted);
                let key = if YAML11_BOOLS.contains(&key.as_str()) { placeholder(&key, quoted) } else { key };
                map.insert(key, v);
            }
        }
        _ => {}
    }
}

/// Several values as one multi-document stream, `---` between documents.
pub fn to_stream<T: Serialize>(values: &[T]) -> Result<String, YamlError> {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_string(value)?);
    }
    Ok(out)
}

/// Every document of a YAML (or JSON) stream as a JSON value tree, empty documents skipped.
///
/// Hostile input fails fast with a clear message instead of hanging or exhausting memory:
/// nesting deeper than [`MAX_DEPTH`] is refused before parsing (by a scan that follows
/// libyaml's), and aliases may not grow the values past [`expansion_budget`] (a "billion
/// laughs" document, or one large anchor repeated many times).
pub fn documents(text: &str) -> Result<Vec<Value>, YamlError> {
    Ok(read_values(text)?.into_iter().filter(|v| !v.is_null()).collect())
}

/// Exactly one document, typed (through a value tree, with the same limits as [`documents`]).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_depth(text)?;
    let budget = Budget(std::cell::Cell::new(expansion_budget(text)));
    let value = serde::de::DeserializeSeed::deserialize(Counted(&budget), serde_yaml::Deserializer::from_str(text))?;
    T::deserialize(value).map_err(|e| YamlError { message: e.to_string(), line: None, column: None })
}

/// Every document of the stream, empty ones included (as null), with the limits applied.
fn read_values(text: &str) -> Result<Vec<Value>, YamlError> {
    // libyaml, handed a string, takes a byte-order mark for one column of indentation and then
    // fails on the second line; Windows editors write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_depth(text)?;
    let budget = Budget(std::cell::Cell::new(expansion_budget(text)));
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        out.push(serde::de::DeserializeSeed::deserialize(Counted(&budget), document)?);
    }
    Ok(out)
}

/// How large the values read from `text` may get, in units of one per node plus one per byte
/// of every string and key: three times the text's length plus 1 MiB. Without aliases a
/// document never comes near it (each node and each string byte needs at least one byte of
/// text); aliases may repeat what they name only within it. serde_yaml's own repetition
/// limit counts alias uses, not their size, so 26 KB repeating one 10,000-item anchor
/// 2,000 times would otherwise take 1.4 GB.
pub fn expansion_budget(text: &str) -> usize {
    text.len().saturating_mul(3).saturating_add(1 << 20)
}

/// What is left of the [`expansion_budget`].
struct Budget(std::cell::Cell<usize>);

/// Builds the same [`Value`] as `Value::deserialize` (serde_json's visitor, replicated),
/// charging each node to the budget.
#[derive(Clone, Copy)]
struct Counted<'a>(&'a Budget);

impl Counted<'_> {
    fn spend<E: serde::de::Error>(self, cost: usize) -> Result<(), E> {
        let left = self.0.0.get();
        if cost > left {
            return Err(E::custom(format_args!(
                "aliases (*name) expand the input to more than three times its size; \
                 write the repeated parts out or drop the anchors"
            )));
        }
        self.0.0.set(left - cost);
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Counted<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Counted<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.spend(1)?;
        serde_json::Number::deserialize(serde::de::value::I128Deserializer::<E>::new(v)).map(Value::Number)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.spend(1)?;
        serde_json::Number::deserialize(serde::de::value::U128Deserializer::<E>::new(v)).map(Value::Number)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        self.spend(1)?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        self.spend(1 + v.len())?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.spend(1 + v.len())?;
        Ok(Value::String(v))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Null)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        self.spend(1)?;
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, deserializer)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.spend(1)?;
        let mut entries = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.spend(key.len())?;
            let value = map.next_value_seed(self)?;
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }
}

/// The deepest nesting of sequences and mappings a document may have (serde_yaml's limit).
pub const MAX_DEPTH: usize = depth::MAX_DEPTH;

fn check_depth(text: &str) -> Result<(), YamlError> {
    let Some(at) = depth::exceeded(text, MAX_DEPTH) else { return Ok(()) };
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Err(YamlError {
        message: format!(
            "nested more than {MAX_DEPTH} levels deep at line {line} column {column}; \
             oscgen reads at most {MAX_DEPTH} levels of nested lists and mappings"
        ),
        line: Some(line),
        column: Some(column),
    })
}

/// How a scalar is written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScalarStyle {
    /// Unquoted: its type depends on the reader (`true`, `yes`, `1` are not strings).
    Plain,
    /// `'single quoted'`.
    SingleQuoted,
    /// `"double quoted"`.
    DoubleQuoted,
    /// A `|` block.
    Literal,
    /// A `>` block.
    Folded,
}

/// What a [`Located`] node is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A mapping key; the value it introduces has the same path.
    Key,
    /// A scalar value, with its text as written (quotes removed) and its style.
    Scalar {
        /// The scalar's text.
        text: String,
        /// How it is written.
        style: ScalarStyle,
    },
    /// A mapping value.
    Mapping,
    /// A sequence value.
    Sequence,
    /// An alias (`*name`) value.
    Alias,
}

/// Where one node of a document starts in the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// Its path in the document (`spec.kataConfigPoolSelector.matchLabels.kata`).
    pub path: FieldPath,
    /// What it is.
    pub node: NodeKind,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// The nodes of one document and where they start, looked up by path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// 1-based line where the document's content starts (0 when unknown).
    pub line: usize,
    /// 1-based column where the document's content starts (0 when unknown).
    pub column: usize,
    keys: BTreeMap<FieldPath, Located>,
    values: BTreeMap<FieldPath, Located>,
}

impl SourceMap {
    /// The value node at `path`.
    pub fn value(&self, path: &FieldPath) -> Option<&Located> {
        self.values.get(path)
    }

    /// The key that introduces the value at `path`.
    pub fn key(&self, path: &FieldPath) -> Option<&Located> {
        self.keys.get(path)
    }

    /// Where to point for `path`: its key when it has one (an unknown field is best shown at
    /// its name), else its value, else the nearest ancestor that is in the source.
    pub fn locate(&self, path: &FieldPath) -> Option<&Located> {
        let mut at = path.clone();
        loop {
            if let Some(found) = self.key(&at).or_else(|| self.value(&at)) {
                return Some(found);
            }
            at.0.pop()?;
        }
    }

    /// Every value node, in path order.
    pub fn values(&self) -> impl Iterator<Item = &Located> {
        self.values.values()
    }
}

/// One document: its value, and where its nodes are in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceDocument {
    /// The document as [`documents`] reads it.
    pub value: Value,
    /// Where its nodes are. Empty when the positions could not be read (the value still is).
    pub source: SourceMap,
}

/// Every document of a YAML (or JSON) stream as [`documents`] reads it (empty documents
/// skipped), each with the position and style of its nodes.
///
/// ```
/// use oscgen_render::yaml::{documents_with_source, NodeKind, ScalarStyle};
/// use oscgen_render::FieldPath;
///
/// let docs = documents_with_source("metadata:\n  labels: {kata: yes, app: 'x'}\n")?;
/// let kata = docs[0].source.value(&FieldPath::parse("metadata.labels.kata")).unwrap();
/// assert_eq!((kata.line, kata.column), (2, 18));
/// assert_eq!(kata.node, NodeKind::Scalar { text: "yes".into(), style: ScalarStyle::Plain });
/// # Ok::<(), oscgen_render::yaml::YamlError>(())
/// ```
pub fn documents_with_source(text: &str) -> Result<Vec<SourceDocument>, YamlError> {
    // The same limits as `documents` (depth first; serde_yaml refuses alias bombs), and the
    // event parser only runs on text serde_yaml has read.
    check_depth(text)?;
    let values = read_values(text)?;
    // serde_yaml has read the text, so the event parser should too; if it does not (or its
    // document count differs), the values are still checked, only without positions.
    let maps = std::panic::catch_unwind(|| source_maps(text)).ok().and_then(Result::ok);
    let maps = maps.filter(|m| m.len() == values.len()).unwrap_or_else(|| vec![SourceMap::default(); values.len()]);
    Ok(values
        .into_iter()
        .zip(maps)
        .filter(|(value, _)| !value.is_null())
        .map(|(value, source)| SourceDocument { value, source })
        .collect())
}

/// Where a new node goes, given the innermost open collection.
enum Frame {
    /// A mapping; `key` is the key whose value comes next, `None` while a key is expected.
    Map { path: FieldPath, key: Option<String> },
    /// A sequence; `next` is the index of the next item.
    Seq { path: FieldPath, next: usize },
    /// Inside a collection used as a mapping key (`? [a, b]`), which has no path.
    Skip { depth: usize },
}

enum Slot {
    Value(FieldPath),
    Key(FieldPath),
    Skipped,
}

fn slot(frames: &[Frame]) -> Slot {
    match frames.last() {
        None => Slot::Value(FieldPath::root()),
        Some(Frame::Skip { .. }) => Slot::Skipped,
        Some(Frame::Map { path, key: None }) => Slot::Key(path.clone()),
        Some(Frame::Map { path, key: Some(key) }) => Slot::Value(path.key(key.clone())),
        Some(Frame::Seq { path, next }) => Slot::Value(path.index(*next)),
    }
}

/// A value is complete: the mapping expects a key again, the sequence its next item.
fn advance(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next, .. }) => *next += 1,
        _ => {}
    }
}

fn source_maps(text: &str) -> Result<Vec<SourceMap>, YamlError> {
    use saphyr_parser::{Event, Parser, ScalarStyle as S};

    let mut maps = Vec::new();
    let mut map = SourceMap::default();
    let mut frames: Vec<Frame> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            message: e.info().to_owned(),
            line: Some(e.marker().line()),
            column: Some(e.marker().col() + 1),
        })?;
        let (line, column) = (span.start.line(), span.start.col() + 1);
        let record = |map: &mut SourceMap, path: FieldPath, node: NodeKind| {
            if map.line == 0 {
                (map.line, map.column) = (line, column);
            }
            let located = Located { path: path.clone(), node, line, column };
            match located.node {
                NodeKind::Key => map.keys.insert(path, located),
                _ => map.values.insert(path, located),
            };
        };
        match event {
            Event::DocumentStart(_) => {
                map = SourceMap::default();
                frames.clear();
            }
            Event::DocumentEnd => maps.push(std::mem::take(&mut map)),
            Event::Scalar(value, style, _, _) => match slot(&frames) {
                Slot::Value(path) => {
                    let style = match style {
                        S::Plain => ScalarStyle::Plain,
                        S::SingleQuoted => ScalarStyle::SingleQuoted,
                        S::DoubleQuoted => ScalarStyle::DoubleQuoted,
                        S::Literal => ScalarStyle::Literal,
                        S::Folded => ScalarStyle::Folded,
                    };
                    record(&mut map, path, NodeKind::Scalar { text: value.into_owned(), style });
                    advance(&mut frames);
                }
                Slot::Key(path) => {
                    let key = value.into_owned();
                    record(&mut map, path.key(key.clone()), NodeKind::Key);
                    if let Some(Frame::Map { key: slot, .. }) = frames.last_mut() {
                        *slot = Some(key);
                    }
                }
                Slot::Skipped => {}
            },
            Event::Alias(_) => match slot(&frames) {
                Slot::Value(path) => {
                    record(&mut map, path, NodeKind::Alias);
                    advance(&mut frames);
                }
                Slot::Key(_) => {
                    if let Some(Frame::Map { key, .. }) = frames.last_mut() {
                        *key = Some("*alias".to_owned());
                    }
                }
                Slot::Skipped => {}
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let mapping = matches!(event, Event::MappingStart(..));
                match slot(&frames) {
                    Slot::Value(path) => {
                        record(&mut map, path.clone(), if mapping { NodeKind::Mapping } else { NodeKind::Sequence });
                        frames.push(if mapping {
                            Frame::Map { path, key: None }
                        } else {
                            Frame::Seq { path, next: 0 }
                        });
                    }
                    Slot::Key(_) => frames.push(Frame::Skip { depth: 1 }),
                    Slot::Skipped => {
                        if let Some(Frame::Skip { depth }) = frames.last_mut() {
                            *depth += 1;
                        }
                    }
                }
            }
            Event::MappingEnd | Event::SequenceEnd => match frames.last_mut() {
                Some(Frame::Skip { depth }) if *depth > 1 => *depth -= 1,
                Some(Frame::Skip { .. }) => {
                    frames.pop();
                    if let Some(Frame::Map { key, .. }) = frames.last_mut() {
                        *key = Some("<complex key>".to_owned());
                    }
                }
                _ => {
                    frames.pop();
                    advance(&mut frames);
                }
            },
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    Ok(maps)
}

/// What a plain (unquoted) scalar is read as, when not a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlainType {
    /// `boolean`, `number` or `null`.
    pub name: &'static str,
    /// Only YAML 1.1 readers (kubectl's go-yaml v2) read it so; YAML 1.2 readers (serde_yaml,
    /// kustomize's go-yaml v3) keep it a string. `yes`, `on`, `y`, `0b1`, `1_000`.
    pub yaml11_only: bool,
}

/// What a plain scalar means to the YAML readers manifests meet: `None` when every one of
/// them reads a string.
///
/// ```
/// use oscgen_render::yaml::plain_type;
///
/// assert_eq!(plain_type("true").map(|t| (t.name, t.yaml11_only)), Some(("boolean", false)));
/// assert_eq!(plain_type("yes").map(|t| (t.name, t.yaml11_only)), Some(("boolean", true)));
/// assert_eq!(plain_type("1").map(|t| t.name), Some("number"));
/// assert_eq!(plain_type("kata"), None);
/// ```
pub fn plain_type(text: &str) -> Option<PlainType> {
    const NULLS: &[&str] = &["", "~", "null", "Null", "NULL"];
    const BOOLS: &[&str] = &["true", "True", "TRUE", "false", "False", "FALSE"];
    let both = |name| Some(PlainType { name, yaml11_only: false });
    let old = |name| Some(PlainType { name, yaml11_only: true });
    if NULLS.contains(&text) {
        return both("null");
    }
    if BOOLS.contains(&text) {
        return both("boolean");
    }
    if YAML11_BOOLS.contains(&text) {
        return old("boolean");
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    let digits_ = |s: &str, radix: u32| {
        !s.is_empty() && s.chars().any(|c| c.is_digit(radix)) && s.chars().all(|c| c == '_' || c.is_digit(radix))
    };
    if digits(unsigned, 10) || unsigned.strip_prefix("0x").is_some_and(|s| digits(s, 16)) {
        return both("number");
    }
    if unsigned.strip_prefix("0o").is_some_and(|s| digits(s, 8)) {
        return both("number");
    }
    if digits_(unsigned, 10)
        || unsigned.strip_prefix("0b").is_some_and(|s| digits_(s, 2))
        || unsigned.strip_prefix("0x").is_some_and(|s| digits_(s, 16))
    {
        return old("number");
    }
    if [".inf", ".Inf", ".INF"].contains(&unsigned) || [".nan", ".NaN", ".NAN"].contains(&text) {
        return both("number");
    }
    // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?, underscores in YAML 1.1 only.
    let float = |allow_underscore: bool| {
        let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
            Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
            None => (unsigned, None),
        };
        let number = |s: &str| {
            if allow_underscore { digits_(s, 10) } else { digits(s, 10) }
        };
        let mantissa_ok = match mantissa.split_once('.') {
            Some(("", frac)) => number(frac),
            Some((int, frac)) => number(int) && (frac.is_empty() || number(frac)),
            None => number(mantissa),
        };
        let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
        mantissa_ok && exponent_ok
    };
    if float(false) {
        return both("number");
    }
    if float(true) {
        return old("number");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_strings_are_quoted() {
        let text = to_string(&serde_json::json!({
            "a": "true", "b": "0644", "c": "1e3", "d": "~", "e": "yes", "f": "null", "g": "1.0", "h": "on"
        }))
        .unwrap_or_default();
        for line in text.lines() {
            let (_, v) = line.split_once(": ").unwrap_or_default();
            assert!(v.starts_with('\'') || v.starts_with('"'), "unquoted ambiguous scalar: {line}");
        }
    }

    #[test]
    fn documents_skip_empty_and_keep_order() {
        let docs = documents("---\nb: 1\na: 2\n---\n---\nc: 3\n").unwrap_or_default();
        assert_eq!(docs.len(), 2);
        let keys: Vec<_> = docs[0].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn errors_carry_a_location() {
        let e = documents("a: [1, 2\n").err();
        assert!(e.is_some_and(|e| e.line.is_some()));
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(documents(&at_limit).is_ok());
        for (prefix, open) in [("", "["), ("", "{a: "), ("- ", "["), ("k: ", "{? ")] {
            let deep = format!("{prefix}{}", open.repeat(200_000));
            let started = std::time::Instant::now();
            let e = documents(&deep).err();
            assert!(started.elapsed().as_secs() < 5, "{open}: took {:?}", started.elapsed());
            assert!(e.is_some_and(|e| e.message.contains("nested more than 128 levels")), "{open}");
        }
        let one_more = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = documents(&one_more).err();
        assert_eq!(e.map(|e| (e.line, e.column)), Some((Some(1), Some(MAX_DEPTH + 1))));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
        }
        let e = documents(&text).err();
        assert!(e.is_some_and(|e| e.message.contains("aliases (*name) are repeated too often")));
    }

    #[test]
    fn a_large_anchor_repeated_is_refused() {
        // serde_yaml's repetition limit counts alias uses, not their size: without the
        // expansion budget this 130 KB text would take 7 GB.
        let text = format!("a: &a [{}]\nb: [{}]\n", vec!["0"; 10_000].join(","), vec!["*a"; 10_000].join(","));
        let started = std::time::Instant::now();
        let e = documents(&text).err();
        assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
        assert!(e.is_some_and(|e| e.message.contains("expand the input to more than three times")));
        let string = format!("a: &a '{}'\nb: [{}]\n", "x".repeat(100_000), vec!["*a"; 100].join(","));
        assert!(documents(&string).is_err());
        // A few uses of a small anchor are fine.
        let ok = "a: &a {x: [1, 2, 3]}\nb: *a\nc: [*a, *a]\n";
        assert_eq!(documents(ok).map(|d| d[0]["c"][1]["x"][2].clone()), Ok(serde_json::json!(3)));
    }

    #[test]
    fn values_are_the_ones_serde_json_builds() {
        let text = "a: 1\nb: -2\nc: 18446744073709551615\nd: 1.5\ne: .inf\nf: ~\ng: [x, {h: true}]\n\
                    i: 170141183460469231731687303715884105727\nj: ''\n1: k\ntrue: l\n";
        let ours = documents(text);
        let theirs: Result<Vec<Value>, serde_yaml::Error> =
            serde_yaml::Deserializer::from_str(text).map(Value::deserialize).collect();
        assert_eq!(ours.map_err(|e| e.message), theirs.map_err(|e| e.to_string()));
    }

    #[test]
    fn writing_many_quoted_words_is_linear() {
        let items: Vec<Value> = (0..50_000).map(|i| serde_json::json!({ "a": "y", "i": i })).collect();
        let started = std::time::Instant::now();
        let text = to_string(&items).unwrap_or_default();
        assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
        assert_eq!(documents(&text).ok(), Some(vec![Value::Array(items)]));
    }

    #[test]
    fn a_marker_lookalike_in_the_input_is_kept() {
        let tricky = format!("oscgenquoted{}", "x".repeat(100_000));
        let value = serde_json::json!({ "y": [tricky.clone(), "oscgenquoted0", "on"], "on": tricky });
        let text = to_string(&value).unwrap_or_default();
        assert_eq!(documents(&text).ok(), Some(vec![value]));
    }

    #[test]
    fn source_positions_follow_paths_and_styles() {
        let text = "# comment\na: 1\n---\nkind: X\nspec:\n  list:\n  - k: 'v'\n  - [x, \"y\"]\n  m: {c: 1, d: }\n";
        let docs = documents_with_source(text).unwrap_or_default();
        assert_eq!(docs.len(), 2);
        let at = |d: usize, p: &str| {
            let path = FieldPath(
                p.split('.')
                    .map(|s| match s.parse::<usize>() {
                        Ok(i) => crate::Segment::Index(i),
                        Err(_) => crate::Segment::Key(s.to_owned()),
                    })
                    .collect(),
            );
            docs[d].source.value(&path).map(|l| (l.line, l.column, l.node.clone()))
        };
        let scalar = |t: &str, style| NodeKind::Scalar { text: t.to_owned(), style };
        assert_eq!(at(0, "a"), Some((2, 4, scalar("1", ScalarStyle::Plain))));
        assert_eq!(at(1, "spec.list.0.k"), Some((7, 8, scalar("v", ScalarStyle::SingleQuoted))));
        assert_eq!(at(1, "spec.list.1.1"), Some((8, 9, scalar("y", ScalarStyle::DoubleQuoted))));
        assert_eq!(at(1, "spec.m.d").map(|a| a.2), Some(scalar("", ScalarStyle::Plain)));
        assert_eq!(docs[1].source.key(&FieldPath::parse("spec.list")).map(|l| (l.line, l.column)), Some((6, 3)));
        assert_eq!(docs[1].source.locate(&FieldPath::parse("spec.nothing")).map(|l| l.line), Some(5));
        // A collection as a key has no path; what follows it is still placed.
        let maps = source_maps("? [a, {b: c}]\n: 1\nz: 2\n").unwrap_or_default();
        assert_eq!(maps[0].value(&FieldPath::parse("z")).map(|l| l.line), Some(3));
    }

    #[test]
    fn plain_types() {
        for (text, expected) in [
            ("true", Some(("boolean", false))),
            ("False", Some(("boolean", false))),
            ("on", Some(("boolean", true))),
            ("Y", Some(("boolean", true))),
            ("~", Some(("null", false))),
            ("", Some(("null", false))),
            ("1", Some(("number", false))),
            ("-1.5e3", Some(("number", false))),
            (".5", Some(("number", false))),
            ("0x1F", Some(("number", false))),
            ("1_000", Some(("number", true))),
            ("0b101", Some(("number", true))),
            (".inf", Some(("number", false))),
            ("1.2.3", None),
            ("v1", None),
            ("kata", None),
            ("e3", None),
            ("1e", None),
            ("-", None),
            ("_", None),
        ] {
            assert_eq!(plain_type(text).map(|t| (t.name, t.yaml11_only)), expected, "{text:?}");
        }
    }
}
