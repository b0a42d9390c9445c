//! `oscgen check PATH...`, and the KRM function run with a `Check` functionConfig (a validator):
//! both are thin shells around [`oscgen_render::check`].

use std::path::PathBuf;

use clap::ValueEnum;
use serde_json::{Map, Value, json};

use oscgen_render::check::{self, Finding, Input, Options};
use oscgen_render::{Severity, yaml};

use crate::error::CliError;
use crate::krm::Outcome;
use crate::{emit, input};

/// Arguments of `oscgen check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories (searched for *.yaml, *.yml and kustomization files); `-` reads
    /// stdin, e.g. `kustomize build DIR | oscgen check -`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: one line per finding, or a JSON array of findings.
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    pub output: CheckFormat,
    /// Refuse files (and stdin) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT)]
    pub max_input_bytes: u64,
}

/// How `oscgen check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `file:line:column: severity: Kind/name: field: message`, one per line.
    Text,
    /// A JSON array of findings (severity, file, line, column, object, path, message, code).
    Json,
}

fn summary(findings: &[Finding]) -> (usize, String) {
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let text = match (errors, warnings) {
        (0, 0) => "check found no problems".to_owned(),
        (e, 0) => format!("check found {}", plural(e, "error")),
        (0, w) => format!("check found {}", plural(w, "warning")),
        (e, w) => format!("check found {} and {}", plural(e, "error"), plural(w, "warning")),
    };
    (errors, text)
}

/// Runs `oscgen check`: findings on stdout, a summary on stderr; exit 1 on any error.
pub fn run(args: &CheckArgs) -> Result<(), CliError> {
    let mut inputs = Vec::new();
    let mut stdin_read = false;
    for path in &args.paths {
        if path.as_os_str() == "-" {
            if stdin_read {
                return Err(CliError::Usage("`-` (stdin) can be given only once".into()));
            }
            stdin_read = true;
            // Stdin that cannot be used (too big, not text) is an I/O problem here: exit 2.
            let (name, text) = input::read_path(path, args.max_input_bytes).map_err(|e| match e {
                CliError::Input(message) => CliError::Usage(message),
                other => other,
            })?;
            inputs.push(Input::Text { name, text });
        } else {
            inputs.push(Input::Path(path.clone()));
        }
    }
    let findings = check::check(&inputs, &Options { max_file_bytes: args.max_input_bytes }).map_err(|e| match e {
        oscgen_render::Error::Read { path, source } => CliError::Io { path, source },
        other => CliError::Render(other),
    })?;
    let text = match args.output {
        CheckFormat::Text => findings.iter().map(|f| format!("{f}\n")).collect(),
        CheckFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&findings).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
            text.push('\n');
            text
        }
    };
    emit(&text)?;
    let (errors, summary) = summary(&findings);
    if errors > 0 {
        return Err(CliError::Input(summary));
    }
    eprintln!("oscgen: {summary}");
    Ok(())
}

/// The identity kpt and kustomize track an item by.
fn identity(item: &Value) -> (&str, &str, &str, &str) {
    let s = |pointer: &str| item.pointer(pointer).and_then(Value::as_str).unwrap_or_default();
    (s("/apiVersion"), s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

/// One finding as a KRM `results` entry (krm-exec.md §5).
fn result(finding: &Finding, items: &[Value]) -> Value {
    let mut entry = Map::new();
    entry.insert("message".into(), json!(finding.kind.to_string()));
    entry.insert("severity".into(), json!(finding.severity.to_string()));
    if let Some(object) = &finding.object {
        let mut reference = json!({ "apiVersion": object.api_version, "kind": object.kind, "name": object.name });
        if let Some(namespace) = &object.namespace {
            reference["namespace"] = json!(namespace);
        }
        entry.insert("resourceRef".into(), reference);
    }
    if !finding.path.0.is_empty() {
        entry.insert("field".into(), json!({ "path": finding.path.to_string() }));
    }
    let item = finding.object.as_ref().and_then(|o| {
        let wanted = (&*o.api_version, &*o.kind, o.namespace.as_deref().unwrap_or_default(), &*o.name);
        items.iter().find(|item| identity(item) == wanted)
    });
    let annotation = |key: &str| {
        item.and_then(|i| i.pointer("/metadata/annotations")).and_then(|a| a.get(key)).and_then(Value::as_str)
    };
    let path = annotation("config.kubernetes.io/path")
        .or(annotation("internal.config.kubernetes.io/path"))
        .or(finding.file.as_deref().filter(|f| *f != "<stdin>"));
    if let Some(path) = path {
        let mut file = json!({ "path": path });
        if let Some(index) = annotation("config.kubernetes.io/index").and_then(|i| i.parse::<u64>().ok()) {
            file["index"] = json!(index);
        }
        entry.insert("file".into(), file);
    }
    Value::Object(entry)
}

/// The function with a `Check` functionConfig: every item checked together as one build,
/// items returned unchanged with one result per finding; an error fails the run (exit 1).
pub fn function(text: &str, items: Vec<Value>, function_config: &Value) -> Outcome {
    let fail = |error| Outcome { stdout: None, warnings: Vec::new(), error: Some(error) };
    let mut findings = check::function_config(function_config);
    match check::check(&[Input::Text { name: "<stdin>".into(), text: text.into() }], &Options::default()) {
        Ok(found) => findings.extend(found),
        Err(e) => return fail(CliError::Render(e)),
    }
    let results: Vec<Value> = findings.iter().map(|f| result(f, &items)).collect();
    let mut list = Map::new();
    list.insert("apiVersion".into(), json!("config.kubernetes.io/v1"));
    list.insert("kind".into(), json!("ResourceList"));
    list.insert("items".into(), Value::Array(items));
    if !results.is_empty() {
        list.insert("results".into(), Value::Array(results));
    }
    let stdout = match yaml::to_string(&Value::Object(list)) {
        Ok(stdout) => stdout,
        Err(e) => return fail(CliError::Render(oscgen_render::Error::Yaml(e))),
    };
    let warnings = findings.iter().map(|f| format!("oscgen: {f}")).collect();
    let (errors, summary) = summary(&findings);
    Outcome { stdout: Some(stdout), warnings, error: (errors > 0).then_some(CliError::Input(summary)) }
}
