//! `oscgen initdata encode|decode`: the value a confidential pod VM reads its KBS URL and
//! agent policy from, turned into TOML and back, for people whose pod will not attest.
//!
//! `encode` checks the TOML, prints the value (gzip, then base64) and the digest the pod VM
//! measures, with its algorithm. `decode` takes the value (`INITDATA` of `peer-pods-cm`, or a
//! pod's initdata annotation), refuses what the cloud-api-adaptor would refuse, and prints the
//! TOML exactly as encoded; its digest goes to stderr. Both print what weakens attestation
//! (KBS URLs that differ, exec or log reading allowed) as warnings on stderr.

use std::path::PathBuf;

use oscgen_render::FieldPath;
use oscgen_render::coco::initdata;

use crate::error::CliError;
use crate::{emit, input};

/// `oscgen initdata`.
#[derive(Debug, clap::Args)]
pub struct InitdataArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Check initdata TOML and print `algorithm`, `digest` (of the TOML, the value to put in
    /// Trustee's reference values) and `value` (gzip then base64: peer-pods-cm INITDATA, or
    /// the pod annotation).
    Encode(FileArg),
    /// Decode an initdata value (base64, then gunzip), check it, and print its TOML; the
    /// digest is printed on stderr.
    Decode(FileArg),
}

#[derive(Debug, clap::Args)]
struct FileArg {
    /// The file (`-` for stdin).
    #[arg(value_name = "FILE|-")]
    file: PathBuf,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT)]
    max_input_bytes: u64,
}

/// Runs `oscgen initdata`.
pub fn run(args: &InitdataArgs) -> Result<(), CliError> {
    match &args.action {
        Action::Encode(file) => {
            let (name, text) = input::read_path(&file.file, file.max_input_bytes)?;
            let encoded = initdata::encode(&text).map_err(|r| invalid(r, &name))?;
            warn(&encoded.initdata, &name);
            emit(&format!(
                "algorithm: {}\ndigest: {}\nvalue: {}\n",
                encoded.digest.algorithm, encoded.digest.hex, encoded.value
            ))
        }
        Action::Decode(file) => {
            let (name, text) = input::read_path(&file.file, file.max_input_bytes)?;
            let decoded = initdata::decode(&text).map_err(|r| invalid(r, &name))?;
            warn(&decoded.initdata, &name);
            eprintln!("{name}: digest {}", decoded.digest);
            emit(&decoded.text)
        }
    }
}

fn invalid(mut report: oscgen_render::Report, name: &str) -> CliError {
    report.in_file(name);
    CliError::Invalid(report)
}

fn warn(initdata: &initdata::Initdata, name: &str) {
    let mut report = initdata.lint(&FieldPath::root());
    report.in_file(name);
    for entry in &report.entries {
        eprintln!("{entry}");
    }
}
