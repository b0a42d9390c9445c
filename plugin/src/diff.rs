//! `oscgen diff DUMP... [--repo DIR]`: the cluster a dump shows against the installed release
//! and, with `--repo`, against the repository's rendering; the operator's own writes told apart
//! from drift, and the Argo CD `ignoreDifferences` for the fields it owns.

use std::path::{Path, PathBuf};

use oscgen_render::Config;
use oscgen_render::cluster::Dump;
use oscgen_render::drift::{self, DriftReport};
use serde_json::Value;

use crate::emit;
use crate::error::{self, CliError};
use crate::input;
use crate::releases::TableFormat;
use crate::uninstall::read_dumps;

/// Arguments of `oscgen diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Dump files or directories (see `oscgen uninstall --help`).
    #[arg(required = true, value_name = "DUMP")]
    dumps: Vec<PathBuf>,
    /// The GitOps repository (or one overlay of it): its oscgen configs are rendered, its
    /// other manifests taken as written.
    #[arg(long, value_name = "DIR")]
    repo: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TableFormat::Table)]
    output: TableFormat,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT)]
    max_input_bytes: u64,
}

/// The repository's objects: oscgen configs rendered together, other manifests as written.
fn repo_objects(dir: &Path, limit: u64) -> Result<Vec<Value>, CliError> {
    if !dir.is_dir() {
        return Err(CliError::Usage(format!("--repo {}: not a directory", dir.display())));
    }
    let mut configs: Vec<(String, Config)> = Vec::new();
    let mut objects = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| CliError::Input(format!("{}: {e}", dir.display())))?;
        let yaml = Path::new(entry.file_name()).extension().is_some_and(|x| x == "yaml" || x == "yml");
        if !entry.file_type().is_file() || !yaml {
            continue;
        }
        let (name, text) = input::read_path(entry.path(), limit)?;
        let documents =
            oscgen_render::yaml::documents(&text).map_err(|e| CliError::Input(format!("{name}: not YAML: {e}")))?;
        let oscgen = documents
            .iter()
            .any(|d| d.get("apiVersion").and_then(Value::as_str).is_some_and(|a| a.starts_with("oscgen.dev/")));
        if oscgen {
            match oscgen_render::config::from_yaml(&text) {
                Ok(found) => configs.extend(found.into_iter().map(|c| (name.clone(), c))),
                Err(oscgen_render::Error::Invalid(mut report)) => {
                    report.in_file(&name);
                    return Err(CliError::Invalid(report));
                }
                Err(e) => return Err(CliError::Invalid(error::parse_report(&e))),
            }
        } else {
            objects.extend(documents.into_iter().filter(|d| d.get("kind").is_some()));
        }
    }
    if !configs.is_empty() {
        let rendered = oscgen_render::render_files(configs.iter().map(|(name, c)| (name.as_str(), c)))
            .map_err(CliError::from_render)?;
        let yaml = rendered.to_yaml().map_err(CliError::Render)?;
        objects.extend(
            oscgen_render::yaml::documents(&yaml).map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))?,
        );
    }
    Ok(objects)
}

/// Runs `oscgen diff`.
pub fn run(args: &DiffArgs) -> Result<(), CliError> {
    let files = read_dumps(&args.dumps, args.max_input_bytes)?;
    let dump = Dump::read(&files).map_err(|e| CliError::Input(e.to_string()))?;
    let git = match &args.repo {
        Some(dir) => Some(repo_objects(dir, args.max_input_bytes)?),
        None => None,
    };
    let report = drift::diff(&dump, git.as_deref());
    let text = match args.output {
        TableFormat::Table => table(&report, git.is_some()),
        TableFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&report).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
            text.push('\n');
            text
        }
    };
    emit(&text)
}

/// The report as text.
pub fn table(report: &DriftReport, with_git: bool) -> String {
    let mut text = match report.installed {
        Some(v) => format!("Installed release: {v}\n"),
        None => "Installed release: not known (no Succeeded CSV in the dump)\n".to_owned(),
    };
    if !with_git {
        text.push_str("No --repo: the cluster is checked against its installed release only.\n");
    }
    for k in &report.kataconfigs {
        text.push_str(&format!("\nKataConfig {}: {} ({})\n", k.name, k.state, k.shape.describe()));
        for s in &k.statements {
            text.push_str(&format!("  - [{}] {}\n", s.certainty.as_str(), s.text));
        }
    }
    text.push_str("\nFindings:\n");
    if report.findings.is_empty() {
        text.push_str("  none\n");
    }
    for f in &report.findings {
        text.push_str(&format!("  - [{}] {}\n", f.certainty.as_str(), f.text));
    }
    if !report.ignore_differences.is_empty() {
        text.push_str("\nArgo CD Application spec, so the sync stops fighting the operator:\nsyncPolicy:\n  syncOptions:\n  - RespectIgnoreDifferences=true\nignoreDifferences:\n");
        for i in &report.ignore_differences {
            text.push_str(&format!(
                "- group: {:?}\n  kind: {}\n  name: {}\n  namespace: {}\n  jsonPointers:\n",
                i.group, i.kind, i.name, i.namespace
            ));
            for p in &i.json_pointers {
                text.push_str(&format!("  - {p}\n"));
            }
        }
    }
    text
}
