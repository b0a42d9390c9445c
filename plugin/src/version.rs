//! `oscgen --version` and `oscgen version`: which oscgen this is (version, git commit) and how
//! old its catalog is (the date its sources were last read), plus, as JSON, the OpenShift
//! versions and operator releases it knows, so a pipeline can check a binary before using it.

use std::sync::LazyLock;

use oscgen_render::catalog;
use serde::Serialize;

use crate::emit;
use crate::error::CliError;
use crate::releases::TableFormat;

/// The package version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit oscgen was built from (`plugin/build.rs`), or `unknown`.
pub const COMMIT: &str = env!("OSCGEN_COMMIT");

/// What `--version` prints after the name: `0.1.0 (1a2b3c4d5e6f, catalog read 2026-12-02)`.
pub static LINE: LazyLock<String> =
    LazyLock::new(|| format!("{VERSION} ({COMMIT}, catalog read {})", catalog::DATA_READ));

/// Arguments of `oscgen version`.
#[derive(Debug, clap::Args)]
pub struct VersionArgs {
    /// Output format: one line (`table`) or the fields as JSON.
    #[arg(short, long, value_enum, default_value_t = TableFormat::Table)]
    output: TableFormat,
}

/// `oscgen version -o json`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Info {
    /// Always `oscgen`.
    pub name: &'static str,
    /// The package version.
    pub version: &'static str,
    /// The git commit, or `unknown`.
    pub commit: &'static str,
    /// The date the catalog's sources were last read (YYYY-MM-DD).
    pub catalog_read: &'static str,
    /// The OpenShift versions whose catalogs oscgen holds (`4.15`, …), oldest first.
    pub openshift_versions: Vec<String>,
    /// The operator releases oscgen knows, oldest first.
    pub releases: Vec<&'static str>,
}

/// The fields of this build.
pub fn info() -> Info {
    Info {
        name: "oscgen",
        version: VERSION,
        commit: COMMIT,
        catalog_read: catalog::DATA_READ,
        openshift_versions: catalog::CATALOGS.iter().map(|c| c.openshift.to_string()).collect(),
        releases: catalog::versions(),
    }
}

/// Runs `oscgen version`.
pub fn run(args: &VersionArgs) -> Result<(), CliError> {
    let text = match args.output {
        TableFormat::Table => format!("oscgen {}\n", *LINE),
        TableFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&info()).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
            text.push('\n');
            text
        }
    };
    emit(&text)
}
