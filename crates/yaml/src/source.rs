//! The read that also says where each key and value was written and how (plain or quoted),
//! from serde-saphyr's spans: the same read as [`crate::documents`], never a second parser.

use std::fmt;

use serde::de::{self, Deserialize, IntoDeserializer};
use serde_json::Value;
use serde_saphyr::{Location, Spanned};

use crate::YamlError;
use crate::read::{Limits, read};
use crate::write::YAML11_BOOLS;
use crate::{FieldPath, Segment};

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
    /// Keys, sorted by path (each path is kept once, in its [`Located`]).
    keys: Vec<Located>,
    /// Values, sorted by path.
    values: Vec<Located>,
}

impl SourceMap {
    /// The value node at `path`.
    pub fn value(&self, path: &FieldPath) -> Option<&Located> {
        find(&self.values, path)
    }

    /// The key that introduces the value at `path`.
    pub fn key(&self, path: &FieldPath) -> Option<&Located> {
        find(&self.keys, path)
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
        self.values.iter()
    }
}

/// The node at `path` in nodes sorted by path.
fn find<'a>(sorted: &'a [Located], path: &FieldPath) -> Option<&'a Located> {
    sorted.binary_search_by(|l| l.path.cmp(path)).ok().and_then(|i| sorted.get(i))
}

/// One document: its value, and where its nodes are in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceDocument {
    /// The document as [`documents`] reads it.
    pub value: Value,
    /// Where its nodes are.
    pub source: SourceMap,
}

/// Every document of a YAML (or JSON) stream as [`documents`] reads it (empty documents
/// skipped, the same limits), each with the position and style of its nodes.
///
/// ```
/// use oscgen_yaml::{documents_with_source, NodeKind, ScalarStyle};
/// use oscgen_yaml::FieldPath;
///
/// let docs = documents_with_source("metadata:\n  labels: {kata: yes, app: 'x'}\n")?;
/// let kata = docs[0].source.value(&FieldPath::parse("metadata.labels.kata")).unwrap();
/// assert_eq!((kata.line, kata.column), (2, 18));
/// assert_eq!(kata.node, NodeKind::Scalar { text: "yes".into(), style: ScalarStyle::Plain });
/// # Ok::<(), oscgen_yaml::YamlError>(())
/// ```
pub fn documents_with_source(text: &str) -> Result<Vec<SourceDocument>, YamlError> {
    let read = move || read::<Spanned<Node>>(text, Limits::for_text(text));
    // On the caller's thread, its stack grown first when too little is left (rustc does the
    // same with stacker): no thread of its own, so a library caller keeps its threads to itself.
    let roots = stacker::maybe_grow(SPANNED_READ_NEEDS, SPANNED_READER_STACK, read)?;
    Ok(roots
        .into_iter()
        .map(|root| {
            let mut source = Sources { text, keys: Vec::new(), values: Vec::new() };
            let (line, column) = position(root.referenced);
            let value = source.split(root, FieldPath::root(), None, false);
            let (mut keys, mut values) = (source.keys, source.values);
            keys.sort_unstable_by(|a, b| a.path.cmp(&b.path));
            values.sort_unstable_by(|a, b| a.path.cmp(&b.path));
            keys.shrink_to_fit();
            values.shrink_to_fit();
            SourceDocument { value, source: SourceMap { line, column, keys, values } }
        })
        // Null documents, as `documents` skips them.
        .filter(|d| !d.value.is_null())
        .collect())
}

/// The stack [`documents_with_source`] needs left before it reads.
///
/// serde-saphyr recurses once per level of nesting, and a [`Spanned`] value takes several
/// frames a level: [`MAX_DEPTH`](crate::MAX_DEPTH) levels need about 640 KiB of stack optimized but more than
/// 6 MiB unoptimized (debug builds, the fuzz targets' quick runs in CI), close to a main
/// thread's 8 MiB and far beyond a test thread's 2 MiB. ([`documents`] needs 512 KiB optimized,
/// 4 MiB unoptimized, and reads in place: it is on every command's path.)
///
/// [`documents`]: crate::documents
#[cfg(debug_assertions)]
const SPANNED_READ_NEEDS: usize = 7 << 20;
/// The stack [`documents_with_source`] needs left before it reads (see the unoptimized value).
#[cfg(not(debug_assertions))]
const SPANNED_READ_NEEDS: usize = 1 << 20;

/// The stack a read gets when less than [`SPANNED_READ_NEEDS`] is left: mapped, and committed
/// only as far as it is used.
const SPANNED_READER_STACK: usize = 32 << 20;

/// A node as read, with where it (and each key) was written: the one read of
/// [`documents_with_source`], split afterwards into the value and the source map.
enum Node {
    /// A scalar, as [`Value`] reads it.
    Scalar(Value),
    /// A sequence.
    Sequence(Vec<Spanned<Node>>),
    /// A mapping, in order.
    Mapping(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// Builds a [`Node`]; each scalar goes through `Value`'s own visitor, so the values are
/// exactly the ones [`documents`] reads.
struct NodeVisitor;

impl NodeVisitor {
    /// A scalar as `Value`'s own visitor builds it.
    fn scalar<'de, E: de::Error>(v: impl IntoDeserializer<'de, E>) -> Result<Node, E> {
        Value::deserialize(v.into_deserializer()).map(Node::Scalar)
    }
}

impl<'de> de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Self::scalar(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Self::scalar(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Self::scalar(v)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Self::scalar(v)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        Self::scalar(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Self::scalar(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v)))
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Sequence(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Node::Mapping(entries))
    }
}

/// The source map of one document while its [`Node`] tree is split.
struct Sources<'t> {
    /// The text read, for the style of each scalar.
    text: &'t str,
    /// Every key, in document order.
    keys: Vec<Located>,
    /// Every value, in document order.
    values: Vec<Located>,
}

impl Sources<'_> {
    /// The value of `node` at `path`, recording where it and everything in it was written.
    /// `key_end` is the byte after the key of a mapping value; `flow` says whether the node is
    /// inside a flow collection (`[…]`, `{…}`).
    fn split(&mut self, node: Spanned<Node>, path: FieldPath, key_end: Option<usize>, flow: bool) -> Value {
        let Spanned { value, referenced, defined } = node;
        let (line, column) = position(referenced);
        // A node an alias (or a `<<` merge) repeats is shown where it is used, as one alias.
        if referenced != defined {
            self.values.push(Located { path, node: NodeKind::Alias, line, column });
            return into_value(value);
        }
        // A flow collection's span is its opening bracket; a block collection's is empty.
        let opens_flow = defined.span().byte_len() == Some(1)
            && defined
                .span()
                .byte_offset()
                .and_then(|at| self.text.as_bytes().get(usize::try_from(at).ok()?))
                .is_some_and(|b| matches!(b, b'[' | b'{'));
        let flow = flow || opens_flow;
        let (kind, value) = match value {
            Node::Scalar(value) => {
                let at = defined.span().byte_offset().and_then(|at| usize::try_from(at).ok());
                let written = at.and_then(|at| {
                    let len = defined.span().byte_len().and_then(|len| usize::try_from(len).ok())?;
                    self.text.get(at..at + len)
                });
                let style = at.map_or(ScalarStyle::Plain, |at| scalar_style(self.text, at, key_end.unwrap_or(0), flow));
                let text = match (&value, style) {
                    (Value::String(s), _) => s.clone(),
                    (_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) => {
                        written.unwrap_or_default().trim_matches(['\'', '"']).to_owned()
                    }
                    _ => written.unwrap_or_default().to_owned(),
                };
                (NodeKind::Scalar { text, style }, value)
            }
            Node::Sequence(items) => {
                let items = items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| self.split(item, child(&path, Segment::Index(i)), None, flow))
                    .collect();
                (NodeKind::Sequence, Value::Array(items))
            }
            Node::Mapping(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for (key, value) in entries {
                    let at = child(&path, Segment::Key(key.value.clone()));
                    let (line, column) = position(key.referenced);
                    self.keys.push(Located { path: at.clone(), node: NodeKind::Key, line, column });
                    let end = key.defined.span().byte_offset().zip(key.defined.span().byte_len());
                    let end = end.and_then(|(at, len)| usize::try_from(at.saturating_add(len)).ok());
                    let value = self.split(value, at, end.filter(|_| key.referenced == key.defined), flow);
                    map.insert(key.value, value);
                }
                (NodeKind::Mapping, Value::Object(map))
            }
        };
        self.values.push(Located { path, node: kind, line, column });
        value
    }
}

/// `path` and one more segment, in a path of exactly that length: every node of a source map
/// holds its path, and [`FieldPath::key`] would leave room for another segment in each.
fn child(path: &FieldPath, segment: Segment) -> FieldPath {
    let mut segments = Vec::with_capacity(path.0.len() + 1);
    segments.extend_from_slice(&path.0);
    segments.push(segment);
    FieldPath(segments)
}

/// The value of a node, without recording where anything in it is.
fn into_value(node: Node) -> Value {
    match node {
        Node::Scalar(value) => value,
        Node::Sequence(items) => Value::Array(items.into_iter().map(|item| into_value(item.value)).collect()),
        Node::Mapping(entries) => {
            Value::Object(entries.into_iter().map(|(key, value)| (key.value, into_value(value.value))).collect())
        }
    }
}

/// A location as 1-based line and column (0 when unknown).
fn position(location: Location) -> (usize, usize) {
    (location.line() as usize, location.column() as usize)
}

/// How the scalar whose text starts at byte `at` is written, given that its header (the
/// `|` or `>` of a block scalar) cannot start before byte `from` (the end of its key), and
/// whether it is inside a flow collection (where there are no block scalars).
///
/// serde-saphyr's span starts at the scalar's text: the quote of a quoted scalar, the first
/// content line of a block scalar (whose indicator ends the previous non-blank line, before
/// any comment), or the next token for an empty block scalar.
fn scalar_style(text: &str, at: usize, from: usize, flow: bool) -> ScalarStyle {
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\r');
    let at = at.min(text.len());
    // Only indentation before it on its line? (Looking back no further than the indentation
    // keeps this linear on a long line.)
    let indentation = text.as_bytes()[..at].iter().rev().take_while(|b| blank(**b)).count();
    let line_start = at - indentation;
    if !flow && line_start > 0 && text.as_bytes()[line_start - 1] == b'\n' {
        // The last non-blank line before this one, from `from` on. Each line is looked at
        // for one scalar at most: the one on the first non-blank line after it.
        let mut end = line_start - 1;
        loop {
            let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
            if !text.as_bytes()[start..end].iter().all(|b| blank(*b)) {
                if let Some(style) = block_indicator(&text[start.max(from).min(end)..end]) {
                    return style;
                }
                break;
            }
            if start == 0 {
                break;
            }
            end = start - 1;
        }
    }
    match text.as_bytes().get(at) {
        Some(b'\'') => ScalarStyle::SingleQuoted,
        Some(b'"') => ScalarStyle::DoubleQuoted,
        _ => ScalarStyle::Plain,
    }
}

/// The block scalar indicator a header line (from after its key on) ends with: `|` or `>`,
/// its indentation and chomping indicators, then at most a comment.
fn block_indicator(header: &str) -> Option<ScalarStyle> {
    let mut after_space = true;
    for (i, c) in header.char_indices() {
        match c {
            // Nothing before the indicator is quoted (the key is behind us), so a `#` after a
            // space starts the comment, and there is no indicator.
            '#' if after_space => return None,
            '|' | '>' if after_space => {
                let rest = header[i + 1..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
                let comment = rest.trim_start_matches([' ', '\t', '\r']);
                if comment.is_empty() || (comment.starts_with('#') && comment.len() < rest.len()) {
                    return Some(if c == '|' { ScalarStyle::Literal } else { ScalarStyle::Folded });
                }
            }
            _ => {}
        }
        after_space = matches!(c, ' ' | '\t');
    }
    None
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
/// use oscgen_yaml::plain_type;
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
