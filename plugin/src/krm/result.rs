//! `results` entries: one per diagnostic, in the shape and order kyaml gives them
//! (kubernetes-sigs/kustomize, `kyaml/fn/framework/result.go`, kyaml/v0.13.6).

use oscgen_render::{Diagnostic, Severity};
use serde::Serialize;
use serde_json::Value;

use super::list::annotation;

/// One `results` entry. Field order is kyaml's `Result`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KrmResult {
    /// What is wrong, and how to fix it.
    pub message: String,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The object it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_ref: Option<ResourceRef>,
    /// The field it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<FieldRef>,
    /// The file the object is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<FileRef>,
    /// kyaml's free-form `tags`: `code` is the finding's code (docs/diagnostics.md), which
    /// pipelines filter on.
    pub tags: Tags,
}

/// The `tags` of a result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tags {
    /// The finding's code.
    pub code: &'static str,
}

/// kyaml's `ResourceIdentifier`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRef {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// kyaml's `Field`: a path in the object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldRef {
    /// `spec.poolSelector.matchLabels.kata`.
    pub path: String,
}

/// kyaml's `File`: where kpt keeps the object.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FileRef {
    /// The path in the package.
    pub path: String,
    /// The document in that file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<u64>,
}

impl FileRef {
    /// The file an orchestrator says `item` came from (`config.kubernetes.io/path` and
    /// `index`, or their `internal.` forms).
    pub fn of(item: &Value) -> Option<Self> {
        let path = annotation(item, "config.kubernetes.io/path")
            .or_else(|| annotation(item, "internal.config.kubernetes.io/path"))?;
        let index = annotation(item, "config.kubernetes.io/index")
            .or_else(|| annotation(item, "internal.config.kubernetes.io/index"))
            .and_then(|i| i.parse().ok());
        Some(Self { path: path.to_owned(), index })
    }
}

impl From<&Diagnostic> for KrmResult {
    fn from(d: &Diagnostic) -> Self {
        let file = d.origin.as_ref().and_then(|o| o.file.as_deref()).filter(|f| *f != "<stdin>");
        Self {
            message: d.message.clone(),
            severity: d.severity,
            resource_ref: d.object.as_ref().map(|o| ResourceRef {
                api_version: o.api_version.clone(),
                kind: o.kind.clone(),
                name: o.name.clone(),
                namespace: o.namespace.clone(),
            }),
            field: (!d.path.0.is_empty()).then(|| FieldRef { path: d.path.to_string() }),
            file: file.map(|path| FileRef { path: path.to_owned(), index: None }),
            tags: Tags { code: d.code.as_str() },
        }
    }
}

/// Sorts results as kyaml's `Results.Sort` does: by file (path, then index), then severity
/// (errors first), then resource, field and message.
pub fn sort(results: &mut [KrmResult]) {
    let rank = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    results.sort_by(|a, b| {
        let file = |r: &KrmResult| r.file.clone().unwrap_or_default();
        let rest =
            |r: &KrmResult| (r.resource_ref.clone(), r.field.as_ref().map(|f| f.path.clone()), r.message.clone());
        (file(a), rank(a.severity), rest(a)).cmp(&(file(b), rank(b.severity), rest(b)))
    });
}
