//! `oscgen copy-binary DIR`: copies the running binary to `DIR/oscgen`. The function image has
//! no shell and no `cp`, so this is how an init container puts the static binary into a
//! volume that another container (Argo CD's repo server, for its built-in kustomize) runs it
//! from. The copy is written beside its target and renamed into place, so a reader never sees
//! half a binary.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// Arguments of `oscgen copy-binary`.
#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    /// Directory to write `oscgen` into (it must exist, e.g. a mounted volume).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

/// Runs `oscgen copy-binary`.
pub fn run(args: &CopyArgs) -> Result<(), CliError> {
    let source = std::env::current_exe().map_err(|e| CliError::io("the running oscgen binary", e))?;
    let target = copy_to(&source, &args.dir)?;
    eprintln!("oscgen: copied {} to {}", source.display(), target.display());
    Ok(())
}

/// Copies `source` to `dir/oscgen`, executable by everyone, through a temporary file in `dir`.
pub fn copy_to(source: &Path, dir: &Path) -> Result<PathBuf, CliError> {
    if !dir.is_dir() {
        return Err(CliError::Usage(format!(
            "{}: not a directory; give the directory the binary goes into (a mounted volume)",
            dir.display()
        )));
    }
    let bytes = std::fs::read(source).map_err(|e| CliError::io(source.display().to_string(), e))?;
    let target = dir.join("oscgen");
    let mut staged = tempfile::Builder::new()
        .prefix(".oscgen-")
        .tempfile_in(dir)
        .map_err(|e| CliError::io(dir.display().to_string(), e))?;
    let staged_path = staged.path().display().to_string();
    staged.write_all(&bytes).and_then(|()| staged.as_file().sync_all()).map_err(|e| CliError::io(&staged_path, e))?;
    set_executable(staged.as_file()).map_err(|e| CliError::io(&staged_path, e))?;
    staged.persist(&target).map_err(|e| CliError::io(target.display().to_string(), e.error))?;
    Ok(target)
}

#[cfg(unix)]
fn set_executable(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    file.set_permissions(std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_executable(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}
