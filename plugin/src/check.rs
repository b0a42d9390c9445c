//! `oscgen check PATH...`: a thin shell around [`oscgen_check::check`] (the KRM validator is
//! [`crate::krm::validate`]).

use std::path::PathBuf;

use clap::ValueEnum;
use oscgen_check::{Input, Options, Report, Severity};
use oscgen_render::catalog::OpenShift;

use crate::error::CliError;
use crate::{emit, input};

/// Arguments of `oscgen check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories (searched for *.yaml, *.yml and kustomization files); `-` reads
    /// stdin, e.g. `kustomize build DIR | oscgen check -`.
    #[arg(required_unless_present = "print_build", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the objects oscgen builds from the kustomization in DIR (as YAML, the way
    /// `kustomize build DIR` prints them) and the findings about that build on stderr,
    /// instead of checking; for comparing oscgen's model of kustomize with kustomize.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub print_build: Option<PathBuf>,
    /// Output format: one line per finding, or a JSON array of findings.
    #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
    pub output: CheckFormat,
    /// Refuse files (and stdin) larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT)]
    pub max_input_bytes: u64,
    /// OpenShift version of the target cluster, `4.<minor>` (e.g. 4.20): check the operator's
    /// Subscription against that version's catalog and the KataConfig against the release it
    /// subscribes to there. Wins over a Check config's spec.openshiftVersion.
    #[arg(long, value_name = "VERSION")]
    pub openshift: Option<String>,
    /// A file-based catalog, as `opm render <index image>` prints it (JSON stream or YAML):
    /// judge the Subscription's channel, startingCSV and deprecations against it instead of
    /// oscgen's copies of Red Hat's catalogs (a mirrored, custom or newer index).
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,
}

/// How `oscgen check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// `file:line:column: severity: Kind/name: field: message`, one per line.
    Text,
    /// A JSON array of findings (severity, file, line, column, object, path, message, code).
    Json,
}

/// `check found 2 errors and 1 warning`.
pub fn summary(report: &Report) -> String {
    let errors = report.entries.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = report.entries.iter().filter(|d| d.severity == Severity::Warning).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "check found no problems".to_owned(),
        (e, 0) => format!("check found {}", plural(e, "error")),
        (0, w) => format!("check found {}", plural(w, "warning")),
        (e, w) => format!("check found {} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// `oscgen check --print-build DIR`: the objects on stdout, the build's findings on stderr;
/// exit 1 when kustomize build would fail.
fn print_build(dir: &std::path::Path, args: &CheckArgs) -> Result<(), CliError> {
    let built = oscgen_check::build(dir, &Options { max_file_bytes: args.max_input_bytes, ..Options::default() })
        .map_err(|e| match e {
            oscgen_check::Error::Read { path, source } => CliError::Io { path, source },
            other => CliError::Usage(other.to_string()),
        })?;
    for d in &built.report.entries {
        eprintln!("{d}");
    }
    if let Some(failure) = built.failure() {
        return Err(CliError::Reported { summary: Some(format!("kustomize build fails: {failure}")) });
    }
    let text =
        oscgen_render::yaml::to_stream(&built.objects).map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))?;
    emit(&text)
}

/// Runs `oscgen check`: findings on stdout, a summary on stderr; exit 1 on any error.
pub fn run(args: &CheckArgs) -> Result<(), CliError> {
    if let Some(dir) = &args.print_build {
        return print_build(dir, args);
    }
    let openshift = match &args.openshift {
        None => None,
        Some(text) => Some(OpenShift::parse(text).ok_or_else(|| {
            CliError::Usage(format!("invalid --openshift `{text}`: write it as 4.<minor>, e.g. 4.20"))
        })?),
    };
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
    let catalog = match &args.catalog {
        Some(path) if path.as_os_str() == "-" && stdin_read => {
            return Err(CliError::Usage("`-` (stdin) can be given only once: --catalog FILE names a file".into()));
        }
        None => None,
        Some(path) => Some(std::sync::Arc::new(read_catalog(path, args.max_input_bytes)?)),
    };
    let options = Options { max_file_bytes: args.max_input_bytes, openshift, catalog };
    let report = oscgen_check::check(&inputs, &options).map_err(|e| match e {
        oscgen_check::Error::Read { path, source } => CliError::Io { path, source },
        other => CliError::Usage(other.to_string()),
    })?;
    let text = match args.output {
        CheckFormat::Text => report.entries.iter().map(|d| format!("{d}\n")).collect(),
        CheckFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&report).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
            text.push('\n');
            text
        }
    };
    emit(&text)?;
    let summary = summary(&report);
    if report.has_errors() {
        return Err(CliError::Reported { summary: Some(summary) });
    }
    eprintln!("oscgen: {summary}");
    Ok(())
}

/// Reads `--catalog FILE` (bounded by `limit` bytes) and parses it as `opm render` output; a
/// file that is missing, unreadable, too big or not such output is a usage error naming it.
pub fn read_catalog(path: &std::path::Path, limit: u64) -> Result<oscgen_render::catalog::file::FileCatalog, CliError> {
    let (name, text) = input::read_path(path, limit).map_err(|e| match e {
        CliError::Input(message) => CliError::Usage(format!("--catalog {message}")),
        CliError::Io { path, source } => CliError::Usage(format!("--catalog {path}: {source}")),
        other => other,
    })?;
    oscgen_render::catalog::file::FileCatalog::parse(&name, &text)
        .map_err(|e| CliError::Usage(format!("--catalog {e}")))
}
