//! `oscgen mirror`: the oc-mirror image set configuration a disconnected cluster needs for the
//! operator (package, channel, the version range of the upgrade path), on stdout; notes, each
//! with how it is known, on stderr.

use oscgen_render::mirror::{self, Format, Request, Storage};

use crate::emit;
use crate::error::CliError;

/// Arguments of `oscgen mirror`.
#[derive(Debug, clap::Args)]
pub struct MirrorArgs {
    /// The OpenShift version whose catalog is mirrored (`4.20`).
    #[arg(long, value_name = "VERSION")]
    openshift: String,
    /// The Subscription's channel.
    #[arg(long, default_value = "stable")]
    channel: String,
    /// The installed release: the range starts there (default: only the release installed).
    #[arg(long, value_name = "RELEASE")]
    from: Option<String>,
    /// The release to stop at: the range ends there, so it is the mirrored channel's head
    /// (default: the catalog's head).
    #[arg(long, value_name = "RELEASE")]
    to: Option<String>,
    /// `v2alpha1` for oc-mirror v2, `v1alpha2` for oc-mirror v1.
    #[arg(long, value_enum, default_value_t = FormatArg::V2alpha1)]
    format: FormatArg,
    /// v1alpha2: keep oc-mirror's metadata in this registry image.
    #[arg(long, value_name = "IMAGE", conflicts_with = "storage_path")]
    storage_registry: Option<String>,
    /// v1alpha2: keep oc-mirror's metadata in this directory.
    #[arg(long, value_name = "DIR")]
    storage_path: Option<String>,
}

/// The file version as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    /// oc-mirror v2.
    V2alpha1,
    /// oc-mirror v1.
    V1alpha2,
}

/// Runs `oscgen mirror`.
pub fn run(args: &MirrorArgs) -> Result<(), CliError> {
    let format = match args.format {
        FormatArg::V2alpha1 => Format::V2alpha1,
        FormatArg::V1alpha2 => Format::V1alpha2,
    };
    let storage = match (&args.storage_registry, &args.storage_path) {
        (Some(image), _) => Some(Storage::Registry(image.clone())),
        (None, Some(path)) => Some(Storage::Local(path.clone())),
        (None, None) => None,
    };
    if format == Format::V2alpha1 && storage.is_some() {
        return Err(CliError::Usage(
            "--storage-registry/--storage-path are for --format v1alpha2; oc-mirror v2 has no storageConfig".into(),
        ));
    }
    let request = Request {
        openshift: &args.openshift,
        channel: &args.channel,
        from: args.from.as_deref(),
        to: args.to.as_deref(),
        format,
        storage,
    };
    let set = mirror::image_set(&request).map_err(|e| match e {
        oscgen_render::Error::Plan { .. } => CliError::Usage(e.to_string()),
        other => CliError::Render(other),
    })?;
    if !set.problems.is_empty() {
        // oscgen wrote something oc-mirror would refuse: its own bug, never printed as output.
        return Err(CliError::Render(oscgen_render::Error::Generated {
            object: "ImageSetConfiguration".into(),
            path: "mirror.operators".into(),
            message: set.problems.join("; "),
        }));
    }
    for note in &set.notes {
        eprintln!("info ({}): {}", note.certainty.as_str(), note.text);
    }
    emit(&set.yaml)
}
