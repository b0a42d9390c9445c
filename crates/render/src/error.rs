//! Errors: the operation cannot proceed.

use crate::diagnostics::Report;

/// Why rendering did not produce output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input has problems; every one of them is in the report.
    #[error("{0}")]
    Invalid(Report),
    /// An upgrade plan's input names a release, channel or version oscgen does not know, or a
    /// path that goes backwards; the message says what is accepted.
    #[error("{flag}{}: {message}", if value.is_empty() { String::new() } else { format!(" `{value}`") })]
    Plan {
        /// The command-line flag (`--from`).
        flag: &'static str,
        /// What was given.
        value: String,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// A file-based catalog (`--catalog`, a Check config's `spec.catalog`) that is not
    /// `opm render` output for the operator's package.
    #[error("{file}: {message}")]
    Catalog {
        /// The file, as named.
        file: String,
        /// What is wrong, and what to give instead.
        message: String,
    },
    /// Text that should be YAML (or JSON) does not parse.
    #[error("cannot parse YAML: {0}")]
    Yaml(#[source] crate::yaml::YamlError),
    /// An object could not be turned into JSON (a bug: every type here is serializable).
    #[error("cannot serialize: {0}")]
    Json(#[source] serde_json::Error),
    /// The CRI-O template failed (a bug: the template and its inputs are ours).
    #[error("cannot render the CRI-O drop-in: {0}")]
    Template(#[source] minijinja::Error),
    /// A generated object is wrong. This is a bug in oscgen, never the input's fault.
    #[error("bug in oscgen: generated {object} is invalid at {path}: {message}; please report it")]
    Generated {
        /// The object (`MachineConfig/50-enable-sandboxed-containers-extension`).
        object: String,
        /// The field.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// There is no schema to check an object with (feature `schema-check`): it has no
    /// `apiVersion`/`kind`, or its kind or version is not one oscgen embeds.
    #[error("no schema for apiVersion {api_version:?}, kind {kind:?}")]
    NoSchema {
        /// The object's `apiVersion` (empty when missing).
        api_version: String,
        /// The object's `kind` (empty when missing).
        kind: String,
    },
    /// An embedded schema does not compile (a bug: the schemas are generated and tested).
    #[error("bug in oscgen: the embedded schema {name} does not compile: {message}; please report it")]
    Schema {
        /// The schema file (`kataconfig-osc-devel/v1/root.json`).
        name: String,
        /// What the schema compiler said.
        message: String,
    },
}
