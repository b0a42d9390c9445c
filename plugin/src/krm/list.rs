//! The ResourceList: what kustomize and kpt send an exec function on stdin, and what it sends
//! back (the KRM functions specification, kubernetes-sigs/kustomize
//! `cmd/config/docs/api-conventions/functions-spec.md`).

use oscgen_render::yaml::{self, SourceDocument};
use serde::Serialize;
use serde_json::{Map, Value};

use super::result::KrmResult;
use crate::error::CliError;

/// ResourceList versions accepted on input; output is always the first.
pub const VERSIONS: &[&str] = &["config.kubernetes.io/v1", "config.kubernetes.io/v1alpha1"];

/// A ResourceList as read from stdin.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceList {
    /// The items, every one an object, kept exactly as read (they go back unchanged).
    pub items: Vec<Value>,
    /// The function's config, if the caller sent one.
    pub function_config: Option<Value>,
    /// The whole document with the positions and styles of its nodes, for the checks that
    /// read how a value was written (an unquoted `yes`).
    pub document: SourceDocument,
}

impl ResourceList {
    /// Reads stdin's text: exactly one YAML (or JSON) document, a ResourceList of one of the
    /// accepted versions, whose `items` is a list of objects.
    pub fn parse(text: &str) -> Result<Self, CliError> {
        let mut documents = yaml::documents_with_source(text).map_err(|e| {
            let mut report = oscgen_render::Report::default();
            report.push(oscgen_render::Diagnostic::from(&e));
            report.in_file("stdin");
            CliError::Invalid(report)
        })?;
        if documents.len() != 1 {
            return Err(CliError::Input(format!(
                "expected one ResourceList document on stdin, found {}; oscgen runs as a KRM function \
                 (kustomize --enable-alpha-plugins --enable-exec, kpt fn) or as `oscgen render FILE`",
                documents.len()
            )));
        }
        let document = documents.remove(0);
        let Value::Object(root) = &document.value else {
            return Err(CliError::Input("stdin must be a ResourceList mapping, not a list or scalar".into()));
        };
        let kind = root.get("kind").and_then(Value::as_str).unwrap_or_default();
        let api_version = root.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
        if kind != "ResourceList" || !VERSIONS.contains(&api_version) {
            return Err(CliError::Input(format!(
                "stdin must be a ResourceList (apiVersion {}), found apiVersion {api_version:?} kind {kind:?}",
                VERSIONS.join(" or ")
            )));
        }
        let items = match root.get("items") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.clone(),
            Some(other) => {
                return Err(CliError::Input(format!("ResourceList items must be a list, found {}", type_name(other))));
            }
        };
        if let Some((i, item)) = items.iter().enumerate().find(|(_, item)| !item.is_object()) {
            return Err(CliError::Input(format!(
                "ResourceList items[{i}] must be an object, found {}",
                type_name(item)
            )));
        }
        let function_config = root.get("functionConfig").filter(|v| !v.is_null()).cloned();
        Ok(Self { items, function_config, document })
    }
}

/// What goes back on stdout: every item, and a result per problem. The functionConfig is not
/// sent back (kustomize and kpt keep their own copy).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Output<'a> {
    /// Always `config.kubernetes.io/v1`.
    pub api_version: &'static str,
    /// Always `ResourceList`.
    pub kind: &'static str,
    /// The items, input order first.
    pub items: &'a [Value],
    /// One result per problem, sorted as kyaml sorts them.
    #[serde(skip_serializing_if = "<[KrmResult]>::is_empty")]
    pub results: &'a [KrmResult],
}

impl<'a> Output<'a> {
    /// The output list of `items` and `results`.
    pub fn new(items: &'a [Value], results: &'a [KrmResult]) -> Self {
        Self { api_version: VERSIONS[0], kind: "ResourceList", items, results }
    }

    /// As YAML, block style, keys in the conventional order (krm-exec rules 3 and 8).
    pub fn to_yaml(&self) -> Result<String, CliError> {
        yaml::to_string(self).map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// `(apiVersion, kind, namespace, name)`: what kpt and kustomize track an object by.
pub fn identity(item: &Value) -> (&str, &str, &str, &str) {
    let s = |pointer: &str| item.pointer(pointer).and_then(Value::as_str).unwrap_or_default();
    (s("/apiVersion"), s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

/// An annotation of `item`, if it is a string.
pub fn annotation<'v>(item: &'v Value, key: &str) -> Option<&'v str> {
    item.pointer("/metadata/annotations").and_then(|a| a.get(key)).and_then(Value::as_str)
}

/// The annotations an orchestrator tracks an item by (kpt: file and position; kustomize: id).
pub fn bookkeeping(item: &Value) -> Map<String, Value> {
    let is_bookkeeping = |key: &str| {
        key == "config.kubernetes.io/path"
            || key == "config.kubernetes.io/index"
            || key == "config.k8s.io/id"
            || key == "kustomize.config.k8s.io/id"
            || key.starts_with("internal.config.kubernetes.io/")
    };
    item.pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .map(|a| a.iter().filter(|(k, _)| is_bookkeeping(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}
