//! `oscgen uninstall --from DUMP`: the uninstall order that works for the cluster a dump shows,
//! what blocks each step, and the leftovers, with the `oc` commands to run. oscgen prints the
//! commands; it never runs them.

use std::path::{Path, PathBuf};

use oscgen_render::cluster::{self, Dump, Uninstall};

use crate::emit;
use crate::error::CliError;
use crate::input;
use crate::releases::TableFormat;

/// Arguments of `oscgen uninstall`.
#[derive(Debug, clap::Args)]
pub struct UninstallArgs {
    /// A dump of the cluster: `oc get kataconfig,subscription,csv,installplan,machineconfig,
    /// machineconfigpool,runtimeclass,configmap,pod -A -o yaml` saved to a file (`-` for stdin),
    /// or a directory of such files (`oc adm inspect` output); may be given more than once.
    #[arg(long, required = true, value_name = "DUMP")]
    from: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TableFormat::Table)]
    output: TableFormat,
    /// Refuse dump files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT)]
    max_input_bytes: u64,
}

/// Every dump file: the files given, and the `.yaml`, `.yml` and `.json` files under the
/// directories given, in name order.
pub fn read_dumps(paths: &[PathBuf], limit: u64) -> Result<Vec<(String, String)>, CliError> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in walkdir::WalkDir::new(path).follow_links(false).sort_by_file_name() {
                let entry = entry.map_err(|e| CliError::Input(format!("{}: {e}", path.display())))?;
                let is_dump =
                    Path::new(entry.file_name()).extension().is_some_and(|x| x == "yaml" || x == "yml" || x == "json");
                if entry.file_type().is_file() && is_dump {
                    found.push(entry.into_path());
                }
            }
            if found.is_empty() {
                return Err(CliError::Input(format!(
                    "{}: no .yaml, .yml or .json file in this directory",
                    path.display()
                )));
            }
            for file in found {
                files.push(input::read_path(&file, limit)?);
            }
        } else {
            files.push(input::read_path(path, limit)?);
        }
    }
    Ok(files)
}

/// Runs `oscgen uninstall`.
pub fn run(args: &UninstallArgs) -> Result<(), CliError> {
    let files = read_dumps(&args.from, args.max_input_bytes)?;
    let dump = Dump::read(&files).map_err(|e| CliError::Input(e.to_string()))?;
    if dump.of_kind("KataConfig").next().is_none()
        && dump.of_kind("ClusterServiceVersion").next().is_none()
        && dump.of_kind("Subscription").next().is_none()
    {
        eprintln!(
            "oscgen: note: the dump has no KataConfig, Subscription or CSV; was it taken with -A on the right cluster?"
        );
    }
    let plan = cluster::uninstall(&dump);
    let text = match args.output {
        TableFormat::Table => table(&plan),
        TableFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&plan).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
            text.push('\n');
            text
        }
    };
    emit(&text)
}

/// The plan as text: KataConfigs, numbered steps with their notes and commands, leftovers.
pub fn table(plan: &Uninstall) -> String {
    let mut text = String::new();
    for k in &plan.kataconfigs {
        text.push_str(&format!(
            "KataConfig {}: {} ({}){}\n",
            k.name,
            k.state,
            k.shape.describe(),
            if k.deleting { ", being deleted" } else { "" }
        ));
        if !k.finalizers.is_empty() {
            text.push_str(&format!("  finalizers: {}\n", k.finalizers.join(", ")));
        }
        for s in &k.statements {
            text.push_str(&format!("  - [{}] {}\n", s.certainty.as_str(), s.text));
        }
    }
    if plan.kataconfigs.is_empty() {
        text.push_str("No KataConfig in the dump.\n");
    }
    text.push_str("\nUninstall, in this order (oscgen prints the commands; it runs nothing):\n");
    for (i, step) in plan.steps.iter().enumerate() {
        text.push_str(&format!("\n{}. {} [{}]\n", i + 1, step.title, step.state.as_str()));
        for n in &step.notes {
            text.push_str(&format!("   - [{}] {}\n", n.certainty.as_str(), n.text));
        }
        for c in &step.commands {
            text.push_str(&format!("   $ {c}\n"));
        }
    }
    text.push_str("\nLeft behind:\n");
    if plan.leftovers.is_empty() {
        text.push_str("  nothing oscgen knows of\n");
    }
    for l in &plan.leftovers {
        let seen = if l.in_dump { "in the dump" } else { "left by every uninstall" };
        text.push_str(&format!("  {} ({seen}) [{}]: {}\n    $ {}\n", l.object, l.certainty.as_str(), l.why, l.command));
    }
    text
}
