//! How oscgen reads and writes YAML: the only caller of the YAML libraries.
//!
//! oscgen-render (its configs) and oscgen-kustomize (the files of a kustomize tree) both read
//! through this crate, so a file gets the same values, budgets, spans and errors whichever of
//! them reads it. oscgen-render re-exports it as `oscgen_render::yaml`.
//!
//! Untrusted text is read once, by serde-saphyr, whose own budgets bound nesting, the number
//! of nodes, the bytes of scalars and what aliases may repeat, and which never panics.
//! Everything else passes `serde_json::Value` trees (key order kept) or typed values through
//! here. The values are YAML 1.2's, as oscgen read them with serde_yaml before: `yes` and
//! `on` are strings (as for kustomize's go-yaml v3, unlike kubectl's YAML 1.1), `true` is a
//! boolean, `0644` and `1_000` stay strings, and a `<<` key merges (as in go-yaml). [`documents_with_source`] also says where each key and value was written and how
//! (plain or quoted), which `oscgen check` needs to point at an unquoted `kata: yes`; it comes
//! from the same read (serde-saphyr's [`Spanned`](serde_saphyr::Spanned)), never from a second parser.
//!
//! Writing is serde_yaml's (the project's choice, archived upstream), with the YAML 1.1
//! booleans quoted ([`to_string`]).
//!
//! One concern a file: `read` (the budgets and the plain read), `write` (serde_yaml and the
//! quoting it needs), `source` (the read that also keeps where each key and value was written),
//! `path` ([`FieldPath`], the key of the source map and of every diagnostic).
//!
//! ```
//! use oscgen_yaml::{FieldPath, documents_with_source};
//!
//! let docs = documents_with_source("metadata:\n  labels:\n    kata: yes\n")?;
//! let path = FieldPath::parse("metadata.labels.kata");
//! // YAML 1.2: `yes` is a string, and the source map says where it was written, unquoted.
//! assert_eq!(docs[0].value.pointer("/metadata/labels/kata"), Some(&serde_json::json!("yes")));
//! let at = docs[0].source.value(&path).expect("a position");
//! assert_eq!((at.line, at.column), (3, 11));
//! assert_eq!(path.to_string(), "metadata.labels.kata");
//!
//! // Text that does not parse says where the parser stopped.
//! let err = oscgen_yaml::documents("a: [1, 2\n").unwrap_err();
//! assert!(err.line.is_some(), "{err}");
//! # Ok::<(), oscgen_yaml::YamlError>(())
//! ```

use std::fmt;

mod path;
mod read;
mod source;
#[cfg(test)]
mod tests;
mod write;

pub use path::{FieldPath, Segment};
pub use read::{BYTES_PER_NODE, MAX_DEPTH, NODE_ALLOWANCE, documents, from_str};
pub use source::{
    Located, NodeKind, PlainType, ScalarStyle, SourceDocument, SourceMap, documents_with_source, plain_type,
};
pub use write::{to_stream, to_string};

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
