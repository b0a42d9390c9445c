//! The only caller of the YAML libraries.
//!
//! Untrusted text is read once, by serde-saphyr, whose own budgets bound nesting, the number
//! of nodes, the bytes of scalars and what aliases may repeat, and which never panics.
//! Everything else passes `serde_json::Value` trees (key order kept) or typed values through
//! here. The values are YAML 1.2's, as oscgen read them with serde_yaml before: `yes` and
//! `on` are strings (as for kustomize's go-yaml v3, unlike kubectl's YAML 1.1), `true` is a
//! boolean, `0644` and `1_000` stay strings, and a `<<` key merges (as in go-yaml). [`documents_with_source`] also says where each key and value was written and how
//! (plain or quoted), which `oscgen check` needs to point at an unquoted `kata: yes`; it comes
//! from the same read (serde-saphyr's [`Spanned`]), never from a second parser.
//!
//! Writing is serde_yaml's (the project's choice, archived upstream), with the YAML 1.1
//! booleans quoted ([`to_string`]).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeOwned, IntoDeserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Location, Spanned};

use crate::{FieldPath, Segment};

/// YAML text that does not parse, with where the parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser said, with the line and column when known.
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
        Self { message: e.to_string(), line: location.as_ref().map(|l| l.line()), column: location.map(|l| l.column()) }
    }
}

/// The deepest nesting of sequences and mappings a document may have (serde_yaml's limit, which
/// oscgen has always had).
///
/// serde-saphyr recurses once per level: [`documents`] reads `MAX_DEPTH` levels within
/// 512 KiB of stack in an optimized build and 4 MiB in an unoptimized one; a process's main
/// thread has 8 MiB (a test thread 2 MiB). [`documents_with_source`] needs more and reads on
/// a thread of its own.
pub const MAX_DEPTH: usize = 128;

/// Nodes (scalars, sequences and mappings, counting every use of an alias) any text may hold;
/// a larger text may hold one per [`BYTES_PER_NODE`] bytes.
///
/// Reading costs by the node, not by the byte: text that makes no nodes (comments, blank
/// lines, one long string) reads at 100 MB/s or more. Measured on the release binary (two
/// cores shared with other builds, load 3 to 5), 2²¹ nodes take 2 to 3 s and 150 to 330 MiB
/// as values (`oscgen render`: `[0,0,…]`, one-entry mappings `[:,:,…]`, a mapping of a
/// million keys), and 4 to 6 s and 540 MiB to 1 GiB with their source map (`oscgen check`).
/// Ordinary Kubernetes YAML has a node per 12 bytes or more and never meets the limit: 16 MiB
/// of it reads in 3 s and 224 MiB, or 7 s and 1.05 GiB with its source map.
pub const NODE_ALLOWANCE: usize = 1 << 21;

/// How many bytes of text a node takes at least, past [`NODE_ALLOWANCE`] nodes: a limit
/// that grows with the input limit its caller sets, and that ordinary YAML never meets.
pub const BYTES_PER_NODE: usize = 8;

/// How far aliases may expand a text: twice its length in nodes and four times in scalar
/// bytes, plus this many nodes (and 16 bytes of scalars for each, 1 MiB) so that small
/// documents may reuse anchors freely.
///
/// Without aliases no text comes near it: a node takes at least half a byte of text
/// (`[:,:]`), and a scalar's bytes at most 1.5 times its escapes (`"\L"`) or about four
/// times its tag (`!!str`, counted by serde-saphyr as `tag:yaml.org,2002:str`). A "billion
/// laughs" document, or one large anchor repeated thousands of times, fails within
/// milliseconds instead of growing the values to gigabytes.
const ALIAS_SLACK: usize = 1 << 16;

/// The budgets for one text, and which of them bounds its nodes.
#[derive(Clone, Copy, Debug)]
struct Limits {
    /// Nodes, counting alias replays: the smaller of the density and the alias bound.
    nodes: usize,
    /// Bytes of scalar text (and explicit tags), counting alias replays.
    scalar_bytes: usize,
    /// Whether `nodes` is the density bound ([`NODE_ALLOWANCE`], [`BYTES_PER_NODE`]) rather
    /// than the alias bound ([`ALIAS_SLACK`]).
    dense: bool,
}

impl Limits {
    /// The budgets for reading `text`.
    fn for_text(text: &str) -> Self {
        let by_aliases = text.len().saturating_mul(2).saturating_add(ALIAS_SLACK);
        let by_density = NODE_ALLOWANCE.max(text.len() / BYTES_PER_NODE);
        Self {
            nodes: by_aliases.min(by_density),
            scalar_bytes: text.len().saturating_mul(4).saturating_add(ALIAS_SLACK * 16),
            dense: by_aliases > by_density,
        }
    }

    /// serde-saphyr's options: YAML 1.2 core values as serde_yaml read them, and the budgets.
    fn options(self) -> serde_saphyr::Options {
        let budget = serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            // The scanner looks ahead through unclosed flow collections (`[[[…`) before the
            // depth budget sees them; this stops it at the same depth.
            flow_nesting_limit: MAX_DEPTH,
            max_nodes: self.nodes,
            max_total_scalar_bytes: self.scalar_bytes,
            // Every event, alias, anchor, document and merge key comes with a node (an empty
            // document with a null scalar), so the node budget bounds them; the per-kind
            // defaults (1,024 documents, 50,000 aliases) would refuse large valid streams.
            max_events: self.nodes.saturating_mul(4),
            max_aliases: self.nodes,
            max_anchors: self.nodes,
            max_documents: self.nodes,
            max_merge_keys: self.nodes,
            // A node inside an anchor is recorded for replay, once per enclosing anchor.
            max_recorded_anchor_events: self.nodes,
            max_recorded_anchor_bytes: self.scalar_bytes,
            // The node and byte budgets count what aliases replay; a ratio of aliases to
            // anchors would also refuse valid documents (`<<: *defaults` used 200 times).
            enforce_alias_anchor_ratio: false,
        };
        serde_saphyr::options! {
            budget: budget,
            alias_limits: serde_saphyr::alias_limits! {
                max_total_replayed_events: self.nodes.saturating_mul(2),
            },
            // YAML 1.2 core schema: `yes`, `on`, `y` are strings (kubectl's YAML 1.1 reader
            // disagrees; `plain_type` and `to_string` deal with that).
            strict_booleans: true,
            // serde_yaml read `0644` and `1_000` as strings (go-yaml v3 reads `0644` as the
            // octal 420, YAML 1.2's core schema as 644); they stay strings, and `plain_type`
            // names them numbers for `oscgen check`.
            leading_zero_numbers_as_strings: true,
            underscored_numbers_as_strings: true,
            // A key written `null` or `~` is the string "null" or "~" (a JSON key is a string).
            null_as_string: true,
            // `.inf`, `.nan` and `1e999` have no JSON form; refusing them beats a silent null.
            non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::Reject,
            with_snippet: false,
        }
    }

    /// A serde-saphyr error in the user's terms, located.
    fn error(self, e: &serde_saphyr::Error) -> YamlError {
        let e = e.without_snippet();
        let location = e.location().filter(|l| *l != Location::UNKNOWN);
        // A limit met while replaying an alias is located where the alias is used.
        let cause = match e {
            serde_saphyr::Error::AliasError { error, .. } => error.without_snippet(),
            _ => e,
        };
        let message = match self.explain(cause) {
            Some((what, fix)) => {
                let at = location.map(|l| format!(" at line {} column {}", l.line(), l.column()));
                format!("{what}{}; {fix}", at.unwrap_or_default())
            }
            None => {
                let mut options = serde_saphyr::RenderOptions::new(&Messages);
                options.snippets = serde_saphyr::SnippetMode::Off;
                e.render_with_options(options)
            }
        };
        YamlError { message, line: location.map(|l| l.line() as usize), column: location.map(|l| l.column() as usize) }
    }

    /// What went wrong and how to fix it, for the refusals oscgen's limits cause and the
    /// messages serde-saphyr words for a programmer.
    fn explain(self, e: &serde_saphyr::Error) -> Option<(Cow<'_, str>, Cow<'static, str>)> {
        use serde_saphyr::Error as E;
        let aliases = || {
            Some((
                Cow::Borrowed("aliases (*name) expand the document to more than twice the size of its text"),
                Cow::Borrowed("write the repeated parts out or drop the anchors"),
            ))
        };
        let nested = || {
            Some((
                Cow::Owned(format!("nested more than {MAX_DEPTH} levels deep")),
                Cow::Owned(format!("oscgen reads at most {MAX_DEPTH} levels of nested lists and mappings")),
            ))
        };
        match e {
            E::Budget { breach: BudgetBreach::Depth { .. }, .. } => nested(),
            // The scanner's flow nesting limit, in granit-parser's words.
            E::ExternalMessage { msg, .. } if msg == "recursion limit exceeded" => nested(),
            // Only aliases grow the bytes of scalars past the text's.
            E::Budget {
                breach: BudgetBreach::ScalarBytes { .. } | BudgetBreach::RecordedAnchorBytes { .. }, ..
            } => aliases(),
            // The counts (nodes, events, documents, aliases, anchors) are all bounded by the
            // node budget; when the density bound set it, that is what was met.
            E::Budget { .. } if self.dense => Some((
                Cow::Owned(format!(
                    "more than {} values (scalars, lists and mappings, counting each use of an alias)",
                    self.nodes
                )),
                Cow::Owned(format!(
                    "oscgen reads at most {NODE_ALLOWANCE} values, or one per {BYTES_PER_NODE} bytes of a larger \
                     input (ordinary YAML has far fewer): write it less densely or split it"
                )),
            )),
            E::Budget { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayCounterOverflow { .. } => aliases(),
            E::AliasReplayStackDepthExceeded { max_depth, .. } => Some((
                Cow::Owned(format!("aliases (*name) nested more than {max_depth} deep")),
                Cow::Borrowed("write the repeated parts out"),
            )),
            E::DuplicateMappingKey { key, .. } => Some((
                Cow::Owned(match key {
                    Some(key) => format!("duplicate key {key:?}"),
                    None => "duplicate key".to_owned(),
                }),
                Cow::Borrowed("a mapping may hold each key once (kustomize refuses it too): remove or rename one"),
            )),
            E::NonFiniteFloat { value, .. } => Some((
                Cow::Owned(format!("`{value}` is not a finite number")),
                Cow::Borrowed("JSON has no form for it: quote it if it is meant as text"),
            )),
            _ => None,
        }
    }
}

/// serde-saphyr's user-facing messages, located as `at line L column C`.
struct Messages;

impl serde_saphyr::MessageFormatter for Messages {
    fn localizer(&self) -> &dyn serde_saphyr::Localizer {
        self
    }

    fn format_message<'a>(&self, err: &'a serde_saphyr::Error) -> Cow<'a, str> {
        serde_saphyr::UserMessageFormatter.format_message(err)
    }
}

impl serde_saphyr::Localizer for Messages {
    fn attach_location<'a>(&self, base: Cow<'a, str>, loc: Location) -> Cow<'a, str> {
        if loc == Location::UNKNOWN {
            base
        } else {
            Cow::Owned(format!("{base} at line {} column {}", loc.line(), loc.column()))
        }
    }
}

/// Every document of a YAML (or JSON) stream as a JSON value tree, empty documents skipped.
///
/// Hostile input fails fast with a clear message instead of hanging or exhausting memory:
/// nesting deeper than [`MAX_DEPTH`], more nodes than [`NODE_ALLOWANCE`] (or one per
/// [`BYTES_PER_NODE`] bytes of a larger text), or aliases that expand the document past twice
/// its text (a "billion laughs" document, one large anchor repeated many times) are refused
/// while reading.
pub fn documents(text: &str) -> Result<Vec<Value>, YamlError> {
    let mut documents: Vec<Value> = read(text, Limits::for_text(text))?;
    // serde-saphyr skips a document that is empty, `~` or `null`, but not one whose null has
    // a tag (`!x ~`, `!x`): skip those too, or a value would not survive writing and reading.
    documents.retain(|d| !d.is_null());
    Ok(documents)
}

/// Every document of `text` read within `limits`, null documents skipped.
fn read<T: DeserializeOwned>(text: &str, limits: Limits) -> Result<Vec<T>, YamlError> {
    serde_saphyr::from_multiple_with_options::<T>(text, limits.options()).map_err(|e| limits.error(&e))
}

/// Exactly one document, typed (through a value tree, with the same limits as [`documents`]).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let limits = Limits::for_text(text);
    let value: Value = serde_saphyr::from_str_with_options(text, limits.options()).map_err(|e| limits.error(&e))?;
    T::deserialize(value).map_err(|e| YamlError { message: e.to_string(), line: None, column: None })
}

/// One value as a YAML document (block style, no leading `---`).
///
/// Strings that another YAML reader would take for a boolean, number or null (`"true"`,
/// `"0644"`, `"1e3"`, `"~"`) are quoted by serde_yaml. The YAML 1.1 booleans (`yes`, `on`,
/// `n`, ...) are not, yet `kubectl` (go-yaml v2) reads them as booleans; nor is `<<`, which
/// as a key go-yaml (v2 and v3, so kubectl and kustomize) and [`documents`] read as a merge;
/// they are quoted here. serde_yaml (libyaml, YAML 1.1) also writes a line or paragraph
/// separator (U+2028, U+2029) raw inside single quotes as a line break, which YAML 1.2
/// readers keep as a character followed by the indentation; such strings are written double
/// quoted with `\L` and `\P` here.
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
            Some(scalar) => out.push_str(scalar),
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

/// Replaces each string serde_yaml would write ambiguously (see [`to_string`]) with the
/// marker and an index into `quoted`, where the scalar to write in its place goes.
fn protect(value: &mut Value, marker: &str, quoted: &mut Vec<String>) {
    match value {
        Value::String(s) => placeholder(s, marker, quoted),
        Value::Array(items) => items.iter_mut().for_each(|v| protect(v, marker, quoted)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (mut key, mut v) in entries {
                placeholder(&mut key, marker, quoted);
                protect(&mut v, marker, quoted);
                map.insert(key, v);
            }
        }
        _ => {}
    }
}

/// Replaces `s` with a placeholder when serde_yaml would write it ambiguously.
fn placeholder(s: &mut String, marker: &str, quoted: &mut Vec<String>) {
    let scalar = if YAML11_BOOLS.contains(&s.as_str()) || s == "<<" {
        format!("'{s}'")
    } else if s.contains(['\u{2028}', '\u{2029}']) {
        double_quoted(s)
    } else {
        return;
    };
    quoted.push(scalar);
    *s = format!("{marker}{}", quoted.len() - 1);
}

/// `s` as a YAML double-quoted scalar: quotes, backslashes and control characters escaped,
/// the line and paragraph separators as `\L` and `\P`.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
    let read = move || read::<Spanned<Node>>(text, Limits::for_text(text));
    let roots = if ON_READER_STACK.get() {
        read()
    } else {
        std::thread::scope(|scope| {
            match spawn_reader(scope, read) {
                Ok(reader) => reader.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: an optimized build reads here within its stack.
                Err(_) => read(),
            }
        })
    }?;
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

/// The stack [`documents_with_source`] reads on, on a thread of its own.
///
/// serde-saphyr recurses once per level of nesting, and a [`Spanned`] value takes several
/// frames a level: [`MAX_DEPTH`] levels need about 640 KiB of stack optimized but more than
/// 6 MiB unoptimized (debug builds, the fuzz targets' quick runs in CI), close to a main
/// thread's 8 MiB and far beyond a test thread's 2 MiB. Only the pages used are committed.
/// ([`documents`] needs 512 KiB optimized, 4 MiB unoptimized, and reads in place: it is on
/// every command's path.)
const SPANNED_READER_STACK: usize = 32 << 20;

thread_local! {
    /// Whether this thread was started by [`spawn_reader`], with [`SPANNED_READER_STACK`]:
    /// [`documents_with_source`] then reads in place instead of starting a thread per call.
    static ON_READER_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts a scoped thread whose stack is large enough for [`documents_with_source`] to read
/// in place. For work that reads many texts (a fleet's files): a thread per read costs more than
/// the read itself (mapping, touching and unmapping a fresh stack each time).
pub fn spawn_reader<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new().name("yaml".to_owned()).stack_size(SPANNED_READER_STACK).spawn_scoped(
        scope,
        move || {
            ON_READER_STACK.set(true);
            work()
        },
    )
}

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
        let text = "---\nb: 1\na: 2\n---\n---\n~\n---\nnull\n---\n!x ~\n---\n!x\n---\nc: 3\n";
        let docs = documents(text).unwrap_or_default();
        assert_eq!(docs.len(), 2);
        let keys: Vec<_> = docs[0].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        assert_eq!(keys, ["b", "a"]);
        let sourced = documents_with_source(text).unwrap_or_default();
        assert_eq!(sourced.into_iter().map(|d| d.value).collect::<Vec<_>>(), docs);
    }

    #[test]
    fn errors_carry_a_location() {
        let e = documents("a: [1, 2\n").err();
        assert!(e.is_some_and(|e| e.line.is_some()));
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        // `documents` reads in place: on a thread with a main thread's stack (see `MAX_DEPTH`).
        let main_thread = std::thread::Builder::new().stack_size(8 << 20).spawn(|| {
            let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
            assert!(documents(&at_limit).is_ok());
            for (prefix, open) in [("", "["), ("", "{a: "), ("- ", "["), ("k: ", "{? ")] {
                let deep = format!("{prefix}{}", open.repeat(200_000));
                let started = std::time::Instant::now();
                let e = documents(&deep).err();
                assert!(started.elapsed().as_secs() < 5, "{open}: took {:?}", started.elapsed());
                assert!(e.is_some_and(|e| e.message.contains("nested more than 128 levels")), "{open}");
            }
            let deep_block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
            let e = documents(&deep_block).err();
            assert!(e.as_ref().is_some_and(|e| e.message.contains("nested more than 128 levels")), "{e:?}");
            let one_more = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
            let e = documents(&one_more).err();
            assert_eq!(e.map(|e| (e.line, e.column)), Some((Some(1), Some(MAX_DEPTH + 1))));
        });
        assert!(main_thread.is_ok_and(|run| run.join().is_ok()));
        // `documents_with_source` reads on a thread of its own: this test thread's 2 MiB do.
        for at_limit in [
            format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)),
            format!("{}1{}", "{a: ".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH)),
        ] {
            assert!(documents_with_source(&at_limit).is_ok());
        }
        for deep in ["[".repeat(200_000), "{a: ".repeat(200_000), format!("k: {}", "{? ".repeat(200_000))] {
            let e = documents_with_source(&deep).err();
            assert!(e.is_some_and(|e| e.message.contains("nested more than 128 levels")));
        }
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
    fn a_merge_key_written_as_text_reads_back_as_text() {
        let value = serde_json::json!({"<<": {"a": 1}, "b": "<<"});
        let text = to_string(&value).unwrap_or_default();
        assert_eq!(text, "'<<':\n  a: 1\nb: '<<'\n");
        assert_eq!(documents(&text), Ok(vec![value]));
    }

    #[test]
    fn line_and_paragraph_separators_read_back() {
        for s in ["a\u{2028}b", "\u{2029}", "a\u{2028}\"q\"\\\n\t\u{85}\u{feff}"] {
            let value = serde_json::json!({ "k": s, s: [s] });
            let text = to_string(&value).unwrap_or_default();
            assert_eq!(documents(&text), Ok(vec![value]), "{text:?}");
        }
        let text = to_string(&serde_json::json!({ "k": "a\u{2028}b" })).unwrap_or_default();
        assert_eq!(text, "k: \"a\\Lb\"\n");
    }

    #[test]
    fn a_marker_lookalike_in_the_input_is_kept() {
        let tricky = format!("oscgenquoted{}", "x".repeat(100_000));
        let value = serde_json::json!({ "y": [tricky.clone(), "oscgenquoted0", "on"], "on": tricky });
        let text = to_string(&value).unwrap_or_default();
        assert_eq!(documents(&text).ok(), Some(vec![value]));
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
    #[test]
    fn alias_bombs_are_refused_quickly() {
        let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
            laughs.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
        }
        // One large anchor repeated: few aliases, each of them large (7 GB with serde_yaml
        // alone); and one long string repeated.
        let large = format!("a: &a [{}]\nb: [{}]\n", vec!["0"; 10_000].join(","), vec!["*a"; 10_000].join(","));
        let string = format!("a: &a '{}'\nb: [{}]\n", "x".repeat(100_000), vec!["*a"; 100].join(","));
        for (what, text) in [("laughs", laughs), ("large anchor", large), ("long string", string)] {
            let started = std::time::Instant::now();
            let e = documents(&text).err();
            // Generous for an unoptimized build on a busy machine: each takes milliseconds
            // optimized, and without the budgets minutes and gigabytes.
            assert!(started.elapsed().as_secs() < 20, "{what}: took {:?}", started.elapsed());
            assert!(
                e.as_ref().is_some_and(|e| e.message.starts_with("aliases (*name) expand the document")),
                "{what}: {e:?}"
            );
            assert!(e.is_some_and(|e| e.line.is_some()), "{what}");
        }
        // Anchors used often, each use small, are fine: 200 merges of one mapping.
        let mut merges = String::from("defaults: &d {a: 1, b: [x, y]}\nitems:\n");
        for i in 0..200 {
            merges.push_str(&format!("- {{<<: *d, name: n{i}}}\n"));
        }
        let docs = documents(&merges);
        assert_eq!(
            docs.map(|d| d[0]["items"][199].clone()),
            Ok(serde_json::json!({"name": "n199", "a": 1, "b": ["x", "y"]}))
        );
    }

    #[test]
    fn more_nodes_than_the_density_allows_are_refused() {
        let limits = Limits { nodes: 1_000, scalar_bytes: 1 << 20, dense: true };
        let text = format!("[{}]", vec!["0"; 1_000].join(","));
        let e = read::<Value>(&text, limits).err();
        assert!(e.is_some_and(|e| e.message.starts_with("more than 1000 values") && e.column == Some(2_000)));
        assert!(read::<Value>("[0, 0]", limits).is_ok());
        // Empty documents count too (each is a null).
        let e = read::<Value>(&"---\n".repeat(1_500), limits).err();
        assert!(e.is_some_and(|e| e.message.starts_with("more than 1000 values")));
        // A small text gets the alias bound, a large one the density bound, which grows with it.
        assert!(!Limits::for_text("a: 1").dense);
        let large = Limits::for_text(&" ".repeat(NODE_ALLOWANCE));
        assert!(large.dense && large.nodes == NODE_ALLOWANCE);
        let larger = Limits::for_text(&" ".repeat(NODE_ALLOWANCE * BYTES_PER_NODE * 2));
        assert_eq!(larger.nodes, NODE_ALLOWANCE * 2);
    }

    #[test]
    fn values_are_what_a_yaml_1_2_reader_builds() {
        let text = "a: 1\nb: -2\nc: 18446744073709551615\nd: 1.5\ne: 1e3\nf: ~\ng: [x, {h: true}]\nj: ''\n\
                    1: k\ntrue: l\nnull: m\nyes: no\non: off\ny: n\nmode: 0644\nbig: 1_000\nhex: 0x1F\n\
                    oct: 0o17\ntags: [!!str 1, !!int '7']\nbase: &b {x: 1}\nmerged: {<<: *b, y: 2}\n";
        let expected = serde_json::json!({
            "a": 1, "b": -2, "c": 18446744073709551615u64, "d": 1.5, "e": 1000.0, "f": null,
            "g": ["x", {"h": true}], "j": "", "1": "k", "true": "l", "null": "m", "yes": "no", "on": "off",
            "y": "n", "mode": "0644", "big": "1_000", "hex": 31, "oct": 15, "tags": ["1", 7],
            "base": {"x": 1}, "merged": {"y": 2, "x": 1},
        });
        assert_eq!(documents(text), Ok(vec![expected]));
        for (text, message) in [
            ("a: 1\na: 2\n", "duplicate key \"a\" at line 2 column 1; a mapping may hold each key once"),
            ("a: .inf\n", "`.inf` is not a finite number at line 1 column 4; JSON has no form for it"),
            ("a: 1e999\n", "`1e999` is not a finite number"),
        ] {
            let e = documents(text).err();
            assert!(e.as_ref().is_some_and(|e| e.message.starts_with(message) && e.line.is_some()), "{text}: {e:?}");
        }
    }

    #[test]
    fn odd_but_valid_text_reads() {
        let expected = Ok(vec![serde_json::json!({"a": [1, {"b": "c"}], "d": null})]);
        for text in [
            "a: [1, {b: c}]\nd:\n",
            "\u{feff}a: [1, {b: c}]\nd:\n",
            "a: [1, {b: c}]\r\nd:\r\n",
            "{\"a\": [1, {\"b\": \"c\"}], \"d\": null}",
            "{\n\t\"a\": [\n\t\t1,\n\t\t{\"b\": \"c\"}\n\t],\n\t\"d\": null\n}\n",
            "%YAML 1.2\n---\na:\n- 1\n- b: c\nd: ~\n...\n",
        ] {
            assert_eq!(documents(text), expected, "{text:?}");
            assert_eq!(
                documents_with_source(text).map(|d| d.into_iter().map(|d| d.value).collect()),
                expected,
                "{text:?}"
            );
        }
        assert_eq!(from_str::<Value>("a: 1\n"), Ok(serde_json::json!({"a": 1})));
        assert!(from_str::<Value>("a: 1\n---\nb: 2\n").is_err());
    }

    /// A value node (line, column, kind) and a key (line, column), as found.
    type Found = (Option<(usize, usize, NodeKind)>, Option<(usize, usize)>);

    /// The value and the key at `path` (dotted, numbers are indexes) of document `doc`.
    fn at(docs: &[SourceDocument], doc: usize, path: &str) -> Found {
        let path = FieldPath(
            path.split('.')
                .filter(|s| !s.is_empty())
                .map(|s| match s.parse::<usize>() {
                    Ok(i) => crate::Segment::Index(i),
                    Err(_) => crate::Segment::Key(s.to_owned()),
                })
                .collect(),
        );
        let source = docs.get(doc).map(|d| &d.source);
        (
            source.and_then(|s| s.value(&path)).map(|l| (l.line, l.column, l.node.clone())),
            source.and_then(|s| s.key(&path)).map(|l| (l.line, l.column)),
        )
    }

    fn scalar(text: &str, style: ScalarStyle) -> NodeKind {
        NodeKind::Scalar { text: text.to_owned(), style }
    }

    #[test]
    fn source_positions_follow_paths_and_styles() {
        use ScalarStyle::{DoubleQuoted, Folded, Literal, Plain, SingleQuoted};
        let text = "# comment\na: 1\n---\nkind: X\nspec:\n  list:\n  - k: 'v'\n  - [x, \"y\"]\n  m: {c: 1, d: }\n";
        let docs = documents_with_source(text).unwrap_or_default();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].source.line, docs[0].source.column), (2, 1));
        assert_eq!(at(&docs, 0, "a"), (Some((2, 4, scalar("1", Plain))), Some((2, 1))));
        assert_eq!(at(&docs, 1, "spec.list.0.k").0, Some((7, 8, scalar("v", SingleQuoted))));
        assert_eq!(at(&docs, 1, "spec.list.1.1").0, Some((8, 9, scalar("y", DoubleQuoted))));
        assert_eq!(at(&docs, 1, "spec.list.1").0.map(|a| (a.0, a.1)), Some((8, 5)));
        assert_eq!(at(&docs, 1, "spec.m.d").0.map(|a| a.2), Some(scalar("", Plain)));
        assert_eq!(at(&docs, 1, "spec.list").1, Some((6, 3)));
        assert_eq!(docs[1].source.locate(&FieldPath::parse("spec.nothing")).map(|l| l.line), Some(5));
        assert_eq!(docs[1].source.values().count(), 12);

        // Block scalars start at their first content line; tags, anchors, comments, indentation
        // and chomping indicators in the header do not hide them, and an empty one is found too.
        let text = "a: |\n  one\n  two\nb: >-\n  folded\nc: !!str |2  # note | >\n    indented\nd: &x |\n\
                    \n  after a blank line\ne: |\nf:\n- >\n  item\n- |-\n  last\ng: # plain | >\n  'quoted'\n\
                    \"h | #\": >\n  key with a bar\ni: |\n  'looks quoted'\nj:\n  plain\nk: \"a\n  b\"\nl: !!int '7'\n";
        let docs = documents_with_source(text).unwrap_or_default();
        assert_eq!(at(&docs, 0, "a").0, Some((2, 3, scalar("one\ntwo\n", Literal))));
        assert_eq!(at(&docs, 0, "b").0, Some((5, 3, scalar("folded", Folded))));
        assert_eq!(at(&docs, 0, "c").0, Some((7, 3, scalar("  indented\n", Literal))));
        assert_eq!(at(&docs, 0, "d").0, Some((10, 3, scalar("\nafter a blank line\n", Literal))));
        assert_eq!(at(&docs, 0, "e").0.map(|a| a.2), Some(scalar("", Literal)));
        assert_eq!(at(&docs, 0, "f.0").0, Some((14, 3, scalar("item\n", Folded))));
        assert_eq!(at(&docs, 0, "f.1").0, Some((16, 3, scalar("last", Literal))));
        assert_eq!(at(&docs, 0, "g").0, Some((18, 3, scalar("quoted", SingleQuoted))));
        assert_eq!(at(&docs, 0, "h | #").0, Some((20, 3, scalar("key with a bar\n", Folded))));
        assert_eq!(at(&docs, 0, "i").0, Some((22, 3, scalar("'looks quoted'\n", Literal))));
        assert_eq!(at(&docs, 0, "j").0, Some((24, 3, scalar("plain", Plain))));
        assert_eq!(at(&docs, 0, "k").0, Some((25, 4, scalar("a b", DoubleQuoted))));
        assert_eq!(at(&docs, 0, "l").0, Some((27, 10, scalar("7", SingleQuoted))));
        let root_block = documents_with_source("--- |\n  root\n").unwrap_or_default();
        assert_eq!(at(&root_block, 0, "").0, Some((2, 3, scalar("root\n", Literal))));
        // In a flow collection there are no block scalars, whatever the line before says.
        let flow = documents_with_source("[ \"a | # b\",\n  c ]\n").unwrap_or_default();
        assert_eq!(at(&flow, 0, "1").0, Some((2, 3, scalar("c", Plain))));
    }

    #[test]
    fn source_positions_take_linear_time() {
        // Each scalar looks back over its own indentation and, when it starts a line, over the
        // lines above it to the first non-blank one; never to the start of a long line.
        let flow = format!("[{}]", vec!["0"; 200_000].join(","));
        let block = format!("a: {}\nb:\n{}", "x".repeat(1 << 20), "- |\n  y\n".repeat(50_000));
        for text in [flow, block] {
            let started = std::time::Instant::now();
            assert!(documents_with_source(&text).is_ok());
            assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
        }
    }

    #[test]
    fn aliases_and_merges_are_shown_where_they_are_used() {
        let text = "base: &b\n  x: [1, 2]\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n";
        let docs = documents_with_source(text).unwrap_or_default();
        assert_eq!(docs.first().map(|d| d.value["merged"].clone()), Some(serde_json::json!({"y": 3, "x": [1, 2]})));
        assert_eq!(at(&docs, 0, "base.x.1").0, Some((2, 10, scalar("2", ScalarStyle::Plain))));
        assert_eq!(at(&docs, 0, "use").0, Some((3, 6, NodeKind::Alias)));
        assert_eq!(at(&docs, 0, "use.x").0, None);
        assert_eq!(docs[0].source.locate(&FieldPath::parse("use.x")).map(|l| (l.line, l.column)), Some((3, 1)));
        assert_eq!(at(&docs, 0, "merged.x"), (Some((5, 7, NodeKind::Alias)), Some((5, 7))));
        assert_eq!(at(&docs, 0, "merged.y").1, Some((6, 3)));
    }

    #[test]
    fn positions_count_characters_and_skip_a_byte_order_mark() {
        let docs = documents_with_source("\u{feff}é: [ä, \"ö\"]\n").unwrap_or_default();
        assert_eq!(at(&docs, 0, "é").1, Some((1, 1)));
        assert_eq!(at(&docs, 0, "é.1").0, Some((1, 8, scalar("ö", ScalarStyle::DoubleQuoted))));
        let docs = documents_with_source("a:\r\n  b: |\r\n    x\r\n").unwrap_or_default();
        assert_eq!(at(&docs, 0, "a.b").0, Some((3, 5, scalar("x\n", ScalarStyle::Literal))));
    }
}
