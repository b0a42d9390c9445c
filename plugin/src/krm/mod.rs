//! The exec KRM function: a [`ResourceList`] in, the same items (plus what the function
//! generates) and one result per problem out.
//!
//! The rules come from how kustomize 4.5.4 and kpt really call exec functions: every input
//! item goes back unchanged and in order; generated objects replace an item with the same
//! (apiVersion, kind, namespace, name) and keep its kpt/kustomize bookkeeping annotations, so
//! a second `kpt fn render` changes nothing; the functionConfig is never added to `items`; a
//! problem gives a `results` entry and a line on stderr (a note, `info`, only the entry), and
//! an error exits 1 with the items
//! unchanged and nothing generated. Input that is not a usable ResourceList prints nothing on
//! stdout: kpt would read an empty list as "delete every resource".
//!
//! What the function does is chosen by its functionConfig's apiVersion and kind, as kyaml's
//! function framework dispatches: one [`Processor`] per kind ([`generate::Generate`] for the
//! generator configs, SandboxedContainersOperator, KataRuntime and SandboxedContainersPolicy,
//! [`validate::Validate`] for `Check`).

pub mod generate;
pub mod list;
pub mod result;
pub mod validate;

use oscgen_render::config::{API_VERSION, KINDS, kinds_phrase};
use oscgen_render::{DiagnosticKind, FieldPath, Report, Severity};
use serde_json::Value;

pub use list::ResourceList;
pub use result::KrmResult;

use crate::error::CliError;
use crate::{emit, input};

/// What the function does for one kind of functionConfig.
pub trait Processor {
    /// Processes `list`: `items` (the list's items, to change in place) may get generated
    /// objects; every problem is a diagnostic. With any error, `items` must stay as they came.
    fn process(&self, list: &ResourceList, items: &mut Vec<Value>) -> Report;

    /// The line stderr ends with when the run fails (after one line per diagnostic), if any.
    fn failure_summary(&self, _report: &Report) -> Option<String> {
        None
    }
}

/// The processor for a functionConfig, or why there is none.
fn processor(function_config: Option<&Value>) -> Result<Box<dyn Processor>, Report> {
    let generators = format!("{} (apiVersion {API_VERSION})", kinds_phrase());
    let shape = |message: String| {
        let mut report = Report::default();
        report.add(FieldPath::root(), DiagnosticKind::Shape { message });
        report
    };
    let Some(fc) = function_config else {
        return Err(shape(format!(
            "no functionConfig: give oscgen a {generators} as its config, or a Check to validate the items \
             (kustomize: list the config file under generators; kpt: --fn-config FILE or configPath in the Kptfile)"
        )));
    };
    if oscgen_render::config::is_config(fc) {
        return Ok(Box::new(generate::Generate));
    }
    if oscgen_check::is_check_config(fc) {
        return Ok(Box::new(validate::Validate));
    }
    let (api_version, kind, _, name) = list::identity(fc);
    let kind = if kind.is_empty() { "<no kind>" } else { kind };
    let api_version = if api_version.is_empty() { "<no apiVersion>" } else { api_version };
    let hint = if kind == "ConfigMap" && name == "function-input" {
        "; kpt sends this ConfigMap when no config is given: pass --fn-config FILE (kpt fn eval) or configPath (Kptfile)"
    } else {
        ""
    };
    let accepted = format!("{}, or Check (apiVersion {API_VERSION})", KINDS.join(", "));
    Err(shape(format!("functionConfig is {api_version} {kind} {name}, but oscgen accepts only {accepted}{hint}")))
}

/// Runs the function on stdin, refusing input over `max_input_bytes`.
pub fn run(max_input_bytes: u64) -> Result<(), CliError> {
    let text = input::read_bounded("<stdin>", std::io::stdin().lock(), max_input_bytes)?;
    let outcome = process(&text);
    for line in &outcome.stderr {
        eprintln!("{line}");
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
    /// Lines for stderr, one per diagnostic, already formatted.
    pub stderr: Vec<String>,
    /// Why the run fails, which sets the exit code; `None` on success.
    pub error: Option<CliError>,
}

/// The whole function, text in and text out: parses the ResourceList, runs the processor its
/// functionConfig asks for, and builds the output list (or the reason there is none).
pub fn process(text: &str) -> Outcome {
    let list = match ResourceList::parse(text) {
        Ok(list) => list,
        // Diagnostics (a YAML syntax error) print as every other diagnostic of the function does.
        Err(CliError::Invalid(report)) => {
            let stderr = report.entries.iter().map(|d| format!("oscgen: {d}")).collect();
            return Outcome { stdout: None, stderr, error: Some(CliError::Reported { summary: None }) };
        }
        Err(e) => return Outcome { stdout: None, stderr: Vec::new(), error: Some(e) },
    };
    let mut items = list.items.clone();
    let (report, summary) = match processor(list.function_config.as_ref()) {
        Ok(processor) => {
            let report = processor.process(&list, &mut items);
            let summary = processor.failure_summary(&report);
            (report, summary)
        }
        Err(report) => (report, None),
    };
    if report.has_errors() {
        items.clone_from(&list.items);
    }
    let mut results: Vec<KrmResult> = report.entries.iter().map(|d| located(d.into(), &list)).collect();
    result::sort(&mut results);
    // Notes (`info`) go to results only, which kpt shows, so a kustomize build stays quiet.
    let stderr =
        report.entries.iter().filter(|d| d.severity != Severity::Info).map(|d| format!("oscgen: {d}")).collect();
    let error = report.has_errors().then_some(CliError::Reported { summary });
    match list::Output::new(&items, &results).to_yaml() {
        Ok(stdout) => Outcome { stdout: Some(stdout), stderr, error },
        Err(e) => Outcome { stdout: None, stderr, error: Some(e) },
    }
}

/// The result with the file kpt keeps its object in: the one the object's own bookkeeping
/// annotations name (an item's, or the functionConfig's), else the one the diagnostic names.
fn located(mut result: KrmResult, list: &ResourceList) -> KrmResult {
    let Some(reference) = &result.resource_ref else { return result };
    let wanted = (
        reference.api_version.as_str(),
        reference.kind.as_str(),
        reference.namespace.as_deref().unwrap_or_default(),
        reference.name.as_str(),
    );
    let object = list.items.iter().chain(&list.function_config).find(|item| list::identity(item) == wanted);
    if let Some(file) = object.and_then(result::FileRef::of) {
        result.file = Some(file);
    }
    result
}
