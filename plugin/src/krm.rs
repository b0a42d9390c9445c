//! The exec KRM function: a ResourceList in, the same items plus the generated objects out.
//!
//! The rules come from how kustomize 4.5.4 and kpt really call exec functions
//! (shared/reference/krm-exec.md §1): every input item goes back unchanged and in order;
//! generated objects replace an item with the same (apiVersion, kind, namespace, name) and
//! keep its kpt/kustomize bookkeeping annotations, so a second `kpt fn render` changes
//! nothing; the functionConfig is never added to `items`; a bad config gives an error
//! `results` entry per problem, the messages on stderr, exit 1 and no generated items.

use serde_json::{Map, Value, json};

use oscgen_render::config::{self, API_VERSION, KINDS};
use oscgen_render::{Diagnostic, Report, Severity, yaml};

use crate::error::CliError;
use crate::{emit, input};

/// ResourceList versions accepted on input; output is always the first.
const RESOURCE_LIST_VERSIONS: &[&str] = &["config.kubernetes.io/v1", "config.kubernetes.io/v1alpha1"];

/// Annotations an orchestrator uses to track an item (kpt: file and position; kustomize: id).
/// Copied from a replaced input item onto the object that replaces it.
fn is_bookkeeping(key: &str) -> bool {
    key == "config.kubernetes.io/path"
        || key == "config.kubernetes.io/index"
        || key == "config.k8s.io/id"
        || key == "kustomize.config.k8s.io/id"
        || key.starts_with("internal.config.kubernetes.io/")
}

/// Runs the function on stdin, refusing input over `max_input_bytes`.
pub fn run(max_input_bytes: u64) -> Result<(), CliError> {
    let text = input::read_bounded("<stdin>", std::io::stdin().lock(), max_input_bytes)?;
    let outcome = process(&text);
    for warning in &outcome.warnings {
        eprintln!("{warning}");
    }
    if let Some(stdout) = &outcome.stdout {
        emit(stdout)?;
    }
    outcome.error.map_or(Ok(()), Err)
}

/// What one run of the function produces, before anything is written.
#[derive(Debug)]
pub struct Outcome {
    /// The ResourceList for stdout. `None` when the input is not a usable ResourceList:
    /// then nothing may be printed, since kpt would read an empty list as "delete everything".
    pub stdout: Option<String>,
    /// Lines for stderr (warnings), already formatted.
    pub warnings: Vec<String>,
    /// Why the run fails, which sets the exit code; `None` on success.
    pub error: Option<CliError>,
}

impl Outcome {
    fn failed(error: CliError) -> Self {
        Self { stdout: None, warnings: Vec::new(), error: Some(error) }
    }
}

/// The whole function, text in and text out: parses the ResourceList, renders its
/// functionConfig and builds the output list (or the reason there is none).
pub fn process(text: &str) -> Outcome {
    let list = match parse_resource_list(text) {
        Ok(list) => list,
        Err(e) => return Outcome::failed(e),
    };
    // A `Check` functionConfig makes this a validator: items unchanged, findings as results.
    if let Some(fc) = list.function_config.as_ref().filter(|fc| config::is_check(fc)) {
        return crate::check::function(text, list.items, fc);
    }
    let items = list.items;
    // For stderr: which config a message is about (not when it has no name to show).
    let reference = list
        .function_config
        .as_ref()
        .filter(|fc| config::is_config(fc))
        .map(identity)
        .filter(|(_, _, _, name)| !name.is_empty())
        .map(|(_, kind, _, name)| oscgen_render::ConfigRef { kind: kind.to_owned(), name: name.to_owned() });
    match generate(list.function_config.as_ref()) {
        Ok((objects, mut warnings)) => {
            let results: Vec<Value> =
                warnings.entries.iter().map(|d| result(d, list.function_config.as_ref())).collect();
            if let Some(reference) = &reference {
                warnings.attribute(reference);
            }
            let warnings = warnings.entries.iter().map(|w| format!("oscgen: {w}")).collect();
            match write_resource_list(upsert(items, objects), results) {
                Ok(stdout) => Outcome { stdout: Some(stdout), warnings, error: None },
                Err(e) => Outcome { warnings, ..Outcome::failed(e) },
            }
        }
        Err(mut report) => {
            let results: Vec<Value> = report.entries.iter().map(|d| result(d, list.function_config.as_ref())).collect();
            // Only the exit code fails a kustomize or kpt run; the results let kpt show each
            // problem against the config.
            let stdout = match write_resource_list(items, results) {
                Ok(stdout) => stdout,
                Err(e) => return Outcome::failed(e),
            };
            if let Some(reference) = &reference {
                report.attribute(reference);
            }
            Outcome {
                stdout: Some(stdout),
                warnings: Vec::new(),
                error: Some(CliError::Invalid(vec![("oscgen".to_owned(), report)])),
            }
        }
    }
}

struct ResourceList {
    items: Vec<Value>,
    function_config: Option<Value>,
}

fn parse_resource_list(text: &str) -> Result<ResourceList, CliError> {
    let mut documents = yaml::documents(text).map_err(|e| {
        // The YAML reader's message usually carries the location already; add it only when not.
        let at = e.line.filter(|_| !e.message.contains(" at line ")).map(|l| format!(" at line {l}"));
        CliError::Input(format!("stdin is not a valid YAML or JSON ResourceList{}: {e}", at.unwrap_or_default()))
    })?;
    if documents.len() != 1 {
        return Err(CliError::Input(format!(
            "expected one ResourceList document on stdin, found {}; oscgen runs as a KRM function \
             (kustomize --enable-alpha-plugins --enable-exec, kpt fn) or as `oscgen render FILE`",
            documents.len()
        )));
    }
    let Some(Value::Object(mut root)) = documents.pop() else {
        return Err(CliError::Input("stdin must be a ResourceList mapping, not a list or scalar".into()));
    };
    let kind = root.get("kind").and_then(Value::as_str).unwrap_or_default();
    let api_version = root.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    if kind != "ResourceList" || !RESOURCE_LIST_VERSIONS.contains(&api_version) {
        return Err(CliError::Input(format!(
            "stdin must be a ResourceList (apiVersion {}), found apiVersion {api_version:?} kind {kind:?}",
            RESOURCE_LIST_VERSIONS.join(" or ")
        )));
    }
    let items = match root.remove("items") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(CliError::Input(format!("ResourceList items must be a list, found {}", type_name(&other))));
        }
    };
    if let Some((i, item)) = items.iter().enumerate().find(|(_, item)| !item.is_object()) {
        return Err(CliError::Input(format!("ResourceList items[{i}] must be an object, found {}", type_name(item))));
    }
    let function_config = root.remove("functionConfig").filter(|v| !v.is_null());
    Ok(ResourceList { items, function_config })
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

fn shape_error(message: String) -> Report {
    let mut report = Report::default();
    report.error(oscgen_render::FieldPath::root(), oscgen_render::DiagnosticKind::Shape { message });
    report
}

/// Renders the functionConfig's objects as JSON trees.
fn generate(function_config: Option<&Value>) -> Result<(Vec<Value>, Report), Report> {
    let accepted = format!("{} (apiVersion {API_VERSION})", KINDS.join(" or "));
    let Some(fc) = function_config else {
        return Err(shape_error(format!(
            "no functionConfig: give oscgen a {accepted} as its config (kustomize: list the config file under \
             generators; kpt: --fn-config FILE or configPath in the Kptfile)"
        )));
    };
    if !config::is_config(fc) {
        let kind = fc.get("kind").and_then(Value::as_str).unwrap_or("<no kind>");
        let api_version = fc.get("apiVersion").and_then(Value::as_str).unwrap_or("<no apiVersion>");
        let name = fc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or_default();
        let hint = if kind == "ConfigMap" && name == "function-input" {
            "; kpt sends this ConfigMap when no config is given: pass --fn-config FILE (kpt fn eval) or configPath (Kptfile)"
        } else {
            ""
        };
        return Err(shape_error(format!(
            "functionConfig is {api_version} {kind} {name}, but oscgen accepts only {accepted}{hint}"
        )));
    }
    let config = config::from_value(fc)?;
    let rendered = match oscgen_render::render(std::slice::from_ref(&config)) {
        Ok(rendered) => rendered,
        Err(oscgen_render::Error::Invalid(report)) => return Err(report),
        Err(e) => return Err(shape_error(e.to_string())),
    };
    let objects = rendered.objects.iter().map(|o| o.to_value()).collect::<Result<Vec<_>, _>>();
    objects.map(|o| (o, rendered.warnings)).map_err(|e| shape_error(e.to_string()))
}

fn identity(item: &Value) -> (&str, &str, &str, &str) {
    let s = |pointer: &str| item.pointer(pointer).and_then(Value::as_str).unwrap_or_default();
    (s("/apiVersion"), s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

/// Input items in order, each generated object replacing the item with its identity (and
/// taking over that item's bookkeeping annotations), the rest appended.
fn upsert(mut items: Vec<Value>, generated: Vec<Value>) -> Vec<Value> {
    for mut object in generated {
        let existing = items.iter().position(|item| identity(item) == identity(&object));
        match existing {
            Some(i) => {
                let kept: Map<String, Value> = items[i]
                    .pointer("/metadata/annotations")
                    .and_then(Value::as_object)
                    .map(|a| a.iter().filter(|(k, _)| is_bookkeeping(k)).map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default();
                if !kept.is_empty()
                    && let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut)
                {
                    let annotations = metadata.entry("annotations").or_insert_with(|| json!({}));
                    if let Some(annotations) = annotations.as_object_mut() {
                        annotations.extend(kept);
                    }
                }
                items[i] = object;
            }
            None => items.push(object),
        }
    }
    items
}

fn result(diagnostic: &Diagnostic, function_config: Option<&Value>) -> Value {
    let mut entry = Map::new();
    entry.insert("message".into(), json!(diagnostic.kind.to_string()));
    entry.insert(
        "severity".into(),
        json!(match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }),
    );
    if let Some(fc) = function_config.filter(|fc| config::is_config(fc)) {
        let (api_version, kind, _, name) = identity(fc);
        entry.insert("resourceRef".into(), json!({ "apiVersion": api_version, "kind": kind, "name": name }));
        let annotation =
            |key: &str| fc.pointer("/metadata/annotations").and_then(|a| a.get(key)).and_then(Value::as_str);
        if let Some(path) = annotation("config.kubernetes.io/path").or(annotation("internal.config.kubernetes.io/path"))
        {
            let mut file = json!({ "path": path });
            if let Some(index) = annotation("config.kubernetes.io/index").and_then(|i| i.parse::<u64>().ok()) {
                file["index"] = json!(index);
            }
            entry.insert("file".into(), file);
        }
    }
    if !diagnostic.path.0.is_empty() {
        entry.insert("field".into(), json!({ "path": diagnostic.path.to_string() }));
    }
    Value::Object(entry)
}

fn write_resource_list(items: Vec<Value>, results: Vec<Value>) -> Result<String, CliError> {
    let mut list = Map::new();
    list.insert("apiVersion".into(), json!(RESOURCE_LIST_VERSIONS[0]));
    list.insert("kind".into(), json!("ResourceList"));
    list.insert("items".into(), Value::Array(items));
    if !results.is_empty() {
        list.insert("results".into(), Value::Array(results));
    }
    yaml::to_string(&Value::Object(list)).map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))
}
