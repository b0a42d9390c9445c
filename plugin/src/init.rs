//! `oscgen init`: writes the layout into a directory as one transaction.
//!
//! Nothing is written until every file is planned: an existing file is a conflict unless
//! `--force` (and with `--force` an unchanged file is left alone). The files are staged in a
//! temporary directory on the same filesystem and renamed into place; if any step fails,
//! every rename done so far is undone, so the directory is left as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::CliError;
use crate::layout::{self, Plan};

/// Arguments of `oscgen init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Directory to write the layout into (created if missing; its parent must exist).
    dir: PathBuf,
    /// Write rendered objects instead of generator configs (for repos that cannot run exec
    /// plugins).
    #[arg(long = "static")]
    static_files: bool,
    /// Replace existing files that differ (unchanged files are never rewritten).
    #[arg(long)]
    force: bool,
    /// Channel of the operator overlay (`operator/overlays/<channel>`).
    #[arg(long, default_value = "stable")]
    channel: String,
    /// Node label KEY=VALUE that the `default` instance overlay selects.
    #[arg(long, value_name = "KEY=VALUE", default_value = "kata=true")]
    node_label: String,
}

/// Runs `oscgen init`.
pub fn run(args: &InitArgs) -> Result<(), CliError> {
    let node_label = args
        .node_label
        .split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| CliError::Usage(format!("--node-label takes KEY=VALUE, not `{}`", args.node_label)))?;
    let plan = Plan { channel: args.channel.clone(), node_label, static_files: args.static_files };
    let files = layout::files(&plan)?;
    let written = write_tree(&args.dir, &files, args.force)?;
    for path in &written {
        eprintln!("wrote {}", args.dir.join(path).display());
    }
    if written.is_empty() {
        eprintln!("{}: already up to date", args.dir.display());
    }
    Ok(())
}

/// Refuses paths that could leave the target: absolute, `..`, or empty.
fn check_relative(path: &str) -> Result<&Path, CliError> {
    let p = Path::new(path);
    let normal = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if normal {
        Ok(p)
    } else {
        Err(CliError::Usage(format!("refusing to write `{path}`: only plain relative paths inside the target")))
    }
}

/// Whether anything from `dir` down to `rel`'s parent is a symlink (which could lead outside).
fn symlink_on_the_way(dir: &Path, rel: &Path) -> Option<PathBuf> {
    let mut at = dir.to_path_buf();
    for component in rel.components() {
        at.push(component);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// Writes `files` under `dir` as one transaction; returns the paths actually written.
pub fn write_tree(dir: &Path, files: &[(String, String)], force: bool) -> Result<Vec<String>, CliError> {
    let shown = dir.display().to_string();
    let mut todo = Vec::new();
    let mut conflicts = Vec::new();
    let dir_exists = match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() || (meta.file_type().is_symlink() && dir.is_dir()) => true,
        Ok(_) => return Err(CliError::Usage(format!("{shown} exists and is not a directory"))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(CliError::io(shown, e)),
    };
    for (path, text) in files {
        let rel = check_relative(path)?;
        if dir_exists {
            if let Some(link) = symlink_on_the_way(dir, rel) {
                return Err(CliError::Usage(format!("refusing to write through symlink {}", link.display())));
            }
        }
        let target = dir.join(rel);
        match fs::read(&target) {
            Ok(existing) if existing == text.as_bytes() => continue,
            Ok(_) if force => todo.push((path.clone(), text.clone(), true)),
            Ok(_) => conflicts.push(path.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => todo.push((path.clone(), text.clone(), false)),
            Err(e) => return Err(CliError::io(target.display().to_string(), e)),
        }
    }
    if !conflicts.is_empty() {
        return Err(CliError::Usage(format!(
            "{shown}: refusing to overwrite existing files (use --force to replace them): {}",
            conflicts.join(", ")
        )));
    }
    if todo.is_empty() {
        return Ok(Vec::new());
    }
    let staging = Staging::create(dir, dir_exists).map_err(|e| CliError::io(&shown, e))?;
    for (path, text, _) in &todo {
        staging.write(path, text).map_err(|e| CliError::io(staging.root.join(path).display().to_string(), e))?;
    }
    if !dir_exists {
        // A new directory appears whole or not at all.
        fs::rename(staging.root.join("tree"), dir).map_err(|e| CliError::io(&shown, e))?;
        return Ok(todo.into_iter().map(|(p, _, _)| p).collect());
    }
    let mut journal = Journal::default();
    for (path, _, replaces) in &todo {
        if let Err(e) = journal.install(dir, &staging, path, *replaces) {
            journal.undo();
            return Err(CliError::io(dir.join(path).display().to_string(), e));
        }
    }
    Ok(todo.into_iter().map(|(p, _, _)| p).collect())
}

/// A temporary directory beside (or, for an existing target, inside) the target, removed on drop.
struct Staging {
    root: PathBuf,
}

impl Staging {
    fn create(dir: &Path, dir_exists: bool) -> io::Result<Self> {
        let unique = format!(
            ".oscgen-staging-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
        );
        let root = if dir_exists {
            dir.join(unique)
        } else {
            let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            parent.join(unique)
        };
        fs::create_dir(&root)?;
        let staging = Self { root };
        fs::create_dir(staging.root.join("tree"))?;
        fs::create_dir(staging.root.join("backup"))?;
        Ok(staging)
    }

    fn write(&self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.root.join("tree").join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, text)?;
        fs::File::open(&path)?.sync_all()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// What has been moved into the target so far, to undo it on failure.
#[derive(Default)]
struct Journal {
    created_dirs: Vec<PathBuf>,
    installed: Vec<(PathBuf, Option<PathBuf>)>,
}

impl Journal {
    fn install(&mut self, dir: &Path, staging: &Staging, rel: &str, replaces: bool) -> io::Result<()> {
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            let mut missing = Vec::new();
            let mut at = parent;
            while !at.exists() {
                missing.push(at.to_path_buf());
                at = match at.parent() {
                    Some(p) => p,
                    None => break,
                };
            }
            for d in missing.into_iter().rev() {
                fs::create_dir(&d)?;
                self.created_dirs.push(d);
            }
        }
        let backup = if replaces {
            let backup = staging.root.join("backup").join(rel.replace('/', "%"));
            fs::rename(&target, &backup)?;
            Some(backup)
        } else {
            None
        };
        match fs::rename(staging.root.join("tree").join(rel), &target) {
            Ok(()) => {
                self.installed.push((target, backup));
                Ok(())
            }
            Err(e) => {
                if let Some(backup) = backup {
                    let _ = fs::rename(backup, &target);
                }
                Err(e)
            }
        }
    }

    fn undo(&mut self) {
        for (target, backup) in self.installed.drain(..).rev() {
            match backup {
                Some(backup) => {
                    let _ = fs::rename(backup, &target);
                }
                None => {
                    let _ = fs::remove_file(&target);
                }
            }
        }
        for d in self.created_dirs.drain(..).rev() {
            let _ = fs::remove_dir(d);
        }
    }
}
