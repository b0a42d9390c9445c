//! `oscgen`: the OpenShift sandboxed containers generator, as a kustomize/kpt exec KRM function
//! and as a command line.
//!
//! With no subcommand and a non-terminal stdin (how kustomize and kpt call it), or as
//! `oscgen fn`, it reads a ResourceList and writes one back with the generated objects.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use oscgen_render::catalog::file::FileCatalog;
use oscgen_render::{Config, Report};

use oscgen::error::{self, CliError};
use oscgen::{
    argocd, check, copy, diff, emit, explain, init, initdata, input, krm, mirror, releases, uninstall, upgrade, version,
};

const EXIT_CODES: &str = "\
Exit codes:
  0  success (warnings, if any, are on stderr)
  1  the input is invalid: every problem is printed with its file and field path
  2  usage or I/O problem (unreadable file, bad flag, refused write)
  3  internal error in oscgen (please report it)";

const CHECK_EXIT_CODES: &str = "\
Exit codes:
  0  no errors (warnings, if any, are printed)
  1  errors found
  2  usage or I/O problem (a PATH that cannot be read, bad flag)";

/// Generates the manifests that install OpenShift sandboxed containers (Kata), checked
/// against the operator release they target.
///
/// With no command and a ResourceList on stdin (how kustomize and kpt call a function, and how
/// a container runtime starts the function image), it runs as the KRM function.
#[derive(Debug, Parser)]
#[command(name = "oscgen", after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run as a KRM function: ResourceList on stdin, ResourceList on stdout (what kustomize
    /// and kpt call; also the default when stdin is not a terminal).
    #[command(after_help = EXIT_CODES)]
    Fn(InputOpts),
    /// Print the objects for generator config files as multi-document YAML.
    #[command(after_help = EXIT_CODES)]
    Render(RenderArgs),
    /// Write a GitOps layout (operator and instance, base and overlays) into DIR.
    #[command(after_help = EXIT_CODES)]
    Init(init::InitArgs),
    /// Print the JSON Schema of the generator configs.
    #[command(after_help = EXIT_CODES)]
    Schema(SchemaArgs),
    /// List the operator releases oscgen knows and the OpenShift catalogs that serve them, or
    /// (with --openshift) one OpenShift version's channels, heads and deprecations.
    #[command(after_help = EXIT_CODES)]
    Releases(releases::ReleasesArgs),
    /// Check existing manifests, kustomize directories or `kustomize build` output (`-`):
    /// placeholder channels, unquoted label values, patches that match nothing, schemas.
    #[command(after_help = CHECK_EXIT_CODES)]
    Check(check::CheckArgs),
    /// Print the version, the git commit and the date of the catalog data (`-o json`: also the
    /// OpenShift versions and operator releases it knows).
    #[command(after_help = EXIT_CODES)]
    Version(version::VersionArgs),
    /// Render one cluster from Argo CD plugin parameters (ARGOCD_ENV_OSC_CHANNEL,
    /// ARGOCD_ENV_OSC_OPENSHIFT_VERSION, ARGOCD_ENV_OSC_NODE_LABEL): the `generate` command of
    /// the Config Management Plugin, run without a shell.
    #[command(name = "argocd-plugin", after_help = EXIT_CODES)]
    ArgocdPlugin,
    /// Copy this binary to DIR/oscgen (for an init container: the image has no shell or `cp`).
    #[command(name = "copy-binary", after_help = EXIT_CODES)]
    CopyBinary(copy::CopyArgs),
    /// Encode initdata TOML into the value confidential pods read (and print its digest), or
    /// decode such a value back into TOML, checking it as the cloud-api-adaptor does.
    #[command(after_help = EXIT_CODES)]
    Initdata(initdata::InitdataArgs),
    /// Plan an OpenShift upgrade (or an EUS path) for the operator: per step the catalog and
    /// channel, where OLM moves the operator and why, InstallPlans, hand channel switches,
    /// known issues, node effects, KataConfig fields and peer-pods-cm keys.
    #[command(after_help = EXIT_CODES)]
    Upgrade(upgrade::UpgradeArgs),
    /// Write the oc-mirror ImageSetConfiguration (v2alpha1, or v1alpha2) that mirrors the
    /// operator's package, channel and the version range an upgrade path needs.
    #[command(after_help = EXIT_CODES)]
    Mirror(mirror::MirrorArgs),
    /// Print the uninstall order for the cluster a dump shows: what blocks each step, the
    /// leftovers, and the `oc` commands (printed, never run).
    #[command(after_help = EXIT_CODES)]
    Uninstall(uninstall::UninstallArgs),
    /// Compare a cluster dump with its installed release and (with --repo) the repository:
    /// created-once objects, leftovers, operator-written keys, drift, and the Argo CD
    /// ignoreDifferences for the fields the operator owns.
    #[command(after_help = EXIT_CODES)]
    Diff(diff::DiffArgs),
    /// Explain a finding's code (`oscgen explain unknownChannel`): its severity, what it relies
    /// on and why; without a code, every finding (docs/diagnostics.md).
    #[command(after_help = EXIT_CODES)]
    Explain(explain::ExplainArgs),
}

/// Options every command that reads input shares.
#[derive(Debug, Clone, clap::Args)]
pub struct InputOpts {
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT)]
    max_input_bytes: u64,
}

#[derive(Debug, clap::Args)]
struct RenderArgs {
    /// Generator config files (`-` for stdin); every YAML document must be an oscgen config.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Yaml)]
    output: Format,
    /// Print the CRI-O drop-in each KataRuntime implies instead of the objects.
    #[arg(long, conflicts_with = "each")]
    crio: bool,
    /// Take every file as its own cluster (a fleet): each is rendered on its own, and the
    /// outputs are joined into one YAML stream in file order.
    #[arg(long)]
    each: bool,
    /// Operator configs install from a catalog oc-mirror v2 mirrored: their Subscription's
    /// source becomes the CatalogSource oc-mirror creates for each config's
    /// `openshiftVersion` (`cs-redhat-operator-index-v4-20`).
    #[arg(long, conflicts_with_all = ["each", "catalog_source"])]
    mirrored: bool,
    /// The CatalogSource every operator config's Subscription uses instead of
    /// `redhat-operators`.
    #[arg(long, value_name = "NAME", conflicts_with = "each")]
    catalog_source: Option<String>,
    /// A file-based catalog, as `opm render <index image>` prints it (JSON stream or YAML):
    /// operator and runtime configs' channel and release are judged against it instead of
    /// oscgen's copies of Red Hat's catalogs (a mirrored, custom or newer index).
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    #[command(flatten)]
    input: InputOpts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

#[derive(Debug, clap::Args)]
struct SchemaArgs {
    /// Only this kind's schema.
    #[arg(long, value_parser = ["SandboxedContainersOperator", "KataRuntime", "SandboxedContainersPolicy", "Check", "ConfidentialContainers"])]
    kind: Option<String>,
}

fn main() -> ExitCode {
    let matches = Cli::command().version(version::LINE.as_str()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match cli.command {
        Some(Command::Fn(opts)) => krm::run(opts.max_input_bytes),
        None if !std::io::stdin().is_terminal() => krm::run(input::DEFAULT_MAX_INPUT),
        None => Err(CliError::Usage("no command given and stdin is a terminal; see `oscgen --help`".into())),
        Some(Command::Render(args)) => render(&args),
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Schema(args)) => schema(&args),
        Some(Command::Releases(args)) => releases::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Version(args)) => version::run(&args),
        Some(Command::ArgocdPlugin) => argocd::run(),
        Some(Command::CopyBinary(args)) => copy::run(&args),
        Some(Command::Initdata(args)) => initdata::run(&args),
        Some(Command::Upgrade(args)) => upgrade::run(&args),
        Some(Command::Mirror(args)) => mirror::run(&args),
        Some(Command::Uninstall(args)) => uninstall::run(&args),
        Some(Command::Diff(args)) => diff::run(&args),
        Some(Command::Explain(args)) => explain::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.print();
            ExitCode::from(e.exit_code())
        }
    }
}

fn render(args: &RenderArgs) -> Result<(), CliError> {
    let given = match &args.catalog {
        Some(path) => Some(check::read_catalog(path, args.input.max_input_bytes)?),
        None => None,
    };
    if args.each {
        return render_each(args, given.as_ref());
    }
    let mut configs: Vec<(String, Config)> = Vec::new();
    let mut failures = Report::default();
    for path in &args.files {
        let (name, text) = input::read_path(path, args.input.max_input_bytes)?;
        let mut found = match oscgen_render::config::from_yaml(&text) {
            // An empty file is more likely a wrong path or a failed redirect than a wish for
            // no output.
            Ok(found) if found.is_empty() => oscgen_render::config::no_config(),
            Ok(found) => {
                configs.extend(found.into_iter().map(|c| (name.clone(), c)));
                continue;
            }
            Err(oscgen_render::Error::Invalid(report)) => report,
            Err(e) => error::parse_report(&e),
        };
        found.in_file(&name);
        failures.extend(found);
    }
    if failures.has_errors() {
        return Err(CliError::Invalid(failures));
    }
    set_source(args, &mut configs)?;
    if args.crio {
        if !configs.iter().any(|(_, c)| matches!(c, Config::Runtime(_))) {
            return Err(CliError::Usage(
                "--crio shows the CRI-O drop-in of KataRuntime configs, and none was given".into(),
            ));
        }
        let mut out = String::new();
        for (source, config) in &configs {
            let Config::Runtime(runtime) = config else { continue };
            let dropin = oscgen_render::crio_dropin(&runtime.spec).map_err(|e| error::attribute(e, source, config))?;
            let owner = if dropin.carried {
                format!(
                    "carried by MachineConfig {}",
                    oscgen_render::runtime::handler_machine_config_name(&dropin.handler)
                )
            } else {
                "owned by the kata-containers RPM; shown for review, not written".to_owned()
            };
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("# {} ({owner})\n{}", dropin.path, dropin.text));
        }
        return emit(&out);
    }
    // One pass: each config carries the file it came from, so every problem names that file,
    // even when a base and an overlay hold configs of the same kind and name.
    let sourced = configs.iter().map(|(source, config)| (source.as_str(), config));
    let rendered = oscgen_render::render_files_in(sourced, given.as_ref()).map_err(CliError::from_render)?;
    // Warnings and notes, each naming the file it is about.
    for notice in rendered.warnings.notices() {
        eprintln!("{notice}");
    }
    let text = match args.output {
        Format::Yaml => rendered.to_yaml(),
        Format::Json => rendered.to_json(),
    }
    .map_err(CliError::Render)?;
    emit(&text)
}

/// `--mirrored` / `--catalog-source`: the Subscription's source of every operator config.
fn set_source(args: &RenderArgs, configs: &mut [(String, Config)]) -> Result<(), CliError> {
    if !args.mirrored && args.catalog_source.is_none() {
        return Ok(());
    }
    for (file, config) in configs.iter_mut() {
        let Config::Operator(operator) = config else { continue };
        let source = match &args.catalog_source {
            Some(name) => name.clone(),
            None => {
                let version =
                    operator.spec.openshift_version.as_deref().and_then(oscgen_render::catalog::OpenShift::parse);
                let Some(v) = version else {
                    return Err(CliError::Usage(format!(
                        "{file}: --mirrored names the CatalogSource after the OpenShift version, and this SandboxedContainersOperator has no valid spec.openshiftVersion; set it, or give --catalog-source NAME"
                    )));
                };
                oscgen_render::mirror::catalog_source_name(&oscgen_render::mirror::catalog_image(v))
            }
        };
        operator.spec.source = Some(source);
    }
    Ok(())
}

/// `render --each`: every file one cluster.
fn render_each(args: &RenderArgs, given: Option<&FileCatalog>) -> Result<(), CliError> {
    if args.output != Format::Yaml {
        return Err(CliError::Usage(
            "--each writes one YAML stream of every cluster's objects; -o json is not supported with it".into(),
        ));
    }
    if args.files.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(CliError::Usage("`-` (stdin) may be given once".into()));
    }
    let files = read_all(&args.files, args.input.max_input_bytes)?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let fleet = oscgen::fleet::render_each(&files, threads, given).map_err(CliError::from_render)?;
    // One write for every notice: a fleet can have thousands.
    let notices: String = fleet.warnings.notices().map(|n| format!("{n}\n")).collect();
    if !notices.is_empty() {
        use std::io::Write as _;
        let _ = std::io::stderr().lock().write_all(notices.as_bytes());
    }
    emit(&fleet.yaml)
}

/// Reads every file (a fleet may have thousands), on as many threads as rendering uses, in
/// order; the first file that cannot be read is the error.
fn read_all(paths: &[PathBuf], limit: u64) -> Result<Vec<(String, String)>, CliError> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    // Stdin cannot be read from another thread's chunk without ordering trouble; nor is it
    // worth a thread for a handful of files.
    if threads == 1 || paths.len() < 256 || paths.iter().any(|p| p.as_os_str() == "-") {
        return paths.iter().map(|p| input::read_path(p, limit)).collect();
    }
    let stopped = |_: &PathBuf| Err(CliError::Input("reading the files stopped unexpectedly".into()));
    oscgen::fleet::in_order(paths, threads, |p| input::read_path(p, limit), stopped).into_iter().collect()
}

fn schema(args: &SchemaArgs) -> Result<(), CliError> {
    use oscgen_render::api::oscgen::v1alpha1::{
        Check, ConfidentialContainers, KataRuntime, SandboxedContainersOperator, SandboxedContainersPolicy,
    };

    /// Any config kind.
    #[derive(schemars::JsonSchema)]
    #[serde(untagged)]
    #[allow(dead_code, clippy::large_enum_variant)] // only its schema is used, never a value
    enum AnyConfig {
        Operator(SandboxedContainersOperator),
        Runtime(KataRuntime),
        Policy(SandboxedContainersPolicy),
        Check(Check),
        Coco(ConfidentialContainers),
    }
    let schema = match args.kind.as_deref() {
        Some("SandboxedContainersOperator") => schemars::schema_for!(SandboxedContainersOperator),
        Some("KataRuntime") => schemars::schema_for!(KataRuntime),
        Some("SandboxedContainersPolicy") => schemars::schema_for!(SandboxedContainersPolicy),
        Some("Check") => schemars::schema_for!(Check),
        Some("ConfidentialContainers") => schemars::schema_for!(ConfidentialContainers),
        _ => schemars::schema_for!(AnyConfig),
    };
    let mut text =
        serde_json::to_string_pretty(&schema).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
    text.push('\n');
    emit(&text)
}
