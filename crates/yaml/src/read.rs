//! The plain read of untrusted text: serde-saphyr with budgets sized to the text.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_saphyr::Location;
use serde_saphyr::budget::BudgetBreach;

use crate::YamlError;

/// The deepest nesting of sequences and mappings a document may have (serde_yaml's limit, which
/// oscgen has always had).
///
/// serde-saphyr recurses once per level: [`documents`] reads `MAX_DEPTH` levels within
/// 512 KiB of stack in an optimized build and 4 MiB in an unoptimized one; a process's main
/// thread has 8 MiB (a test thread 2 MiB). [`documents_with_source`] needs more and grows the
/// caller's stack when too little is left.
pub const MAX_DEPTH: usize = 128;

/// Nodes (scalars, sequences and mappings, counting every use of an alias) any text may hold;
/// a larger text may hold one per [`BYTES_PER_NODE`] bytes.
///
/// Reading costs by the node, not by the byte, so the budget counts nodes: at this allowance
/// the densest text stops within seconds and a few hundred MiB (BENCHMARKS.md, "Measured by
/// hand"). Ordinary Kubernetes YAML has a node per 12 bytes or more and never meets the limit.
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
pub(super) struct Limits {
    /// Nodes, counting alias replays: the smaller of the density and the alias bound.
    pub(super) nodes: usize,
    /// Bytes of scalar text (and explicit tags), counting alias replays.
    pub(super) scalar_bytes: usize,
    /// Whether `nodes` is the density bound ([`NODE_ALLOWANCE`], [`BYTES_PER_NODE`]) rather
    /// than the alias bound ([`ALIAS_SLACK`]).
    pub(super) dense: bool,
}

impl Limits {
    /// The budgets for reading `text`.
    pub(super) fn for_text(text: &str) -> Self {
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
pub(super) fn read<T: DeserializeOwned>(text: &str, limits: Limits) -> Result<Vec<T>, YamlError> {
    serde_saphyr::from_multiple_with_options::<T>(text, limits.options()).map_err(|e| limits.error(&e))
}

/// Exactly one document, typed (through a value tree, with the same limits as [`documents`]).
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let limits = Limits::for_text(text);
    let value: Value = serde_saphyr::from_str_with_options(text, limits.options()).map_err(|e| limits.error(&e))?;
    T::deserialize(value).map_err(|e| YamlError { message: e.to_string(), line: None, column: None })
}
