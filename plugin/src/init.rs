//! `oscgen init`: writes the layout into a directory as one transaction.
//!
//! Nothing is written until every file is planned: an existing file is a conflict unless
//! `--force` (and with `--force` an unchanged file is left alone, so its inode and mtime stay);
//! a path that leaves the target (absolute, `..`, through a symlink) or that holds something
//! other than a regular file is refused. The files are staged in a temporary directory on the
//! same filesystem and moved into place: a new target directory appears whole with one
//! rename; into an existing one each new file is hard-linked (which never replaces a file that
//! appeared meanwhile) and each replaced file renamed over, its old copy kept. If any step
//! fails, every step done so far is undone, so the directory is left as it was.
//!
//! Every file-system call goes through [`Fs`], so tests can make any single one fail.

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
    /// The cluster's OpenShift version (`4.20`): every config gets `openshiftVersion`, and the
    /// channels resolve against that version's catalog. Without it, `stable` means the newest
    /// release oscgen knows, and rendering warns.
    #[arg(long, value_name = "VERSION")]
    openshift: Option<String>,
    /// Start every config with `# yaml-language-server: $schema=SCHEMA` for editors: a URL, or
    /// a path relative to DIR (e.g. `oscgen.schema.json`, written with `oscgen schema`).
    #[arg(long, value_name = "PATH|URL")]
    schema: Option<String>,
    /// The cluster installs from a catalog oc-mirror v2 mirrored: the Subscription's source
    /// becomes the CatalogSource oc-mirror creates for --openshift's catalog
    /// (`cs-redhat-operator-index-v4-20`).
    #[arg(long, requires = "openshift", conflicts_with = "catalog_source")]
    mirrored: bool,
    /// The CatalogSource the Subscription uses instead of `redhat-operators`.
    #[arg(long, value_name = "NAME")]
    catalog_source: Option<String>,
}

/// Runs `oscgen init`.
pub fn run(args: &InitArgs) -> Result<(), CliError> {
    let node_label = args
        .node_label
        .split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| CliError::Usage(format!("--node-label takes KEY=VALUE, not `{}`", args.node_label)))?;
    let openshift = match &args.openshift {
        Some(text) => Some(oscgen_render::catalog::OpenShift::parse(text).ok_or_else(|| {
            CliError::Usage(format!("invalid --openshift `{text}`: write it as 4.<minor>, e.g. 4.20"))
        })?),
        None => None,
    };
    let plan = Plan {
        channel: args.channel.clone(),
        node_label,
        static_files: args.static_files,
        openshift,
        schema: args.schema.clone(),
        source: match (&args.catalog_source, openshift) {
            (Some(name), _) => Some(name.clone()),
            (None, Some(v)) if args.mirrored => {
                Some(oscgen_render::mirror::catalog_source_name(&oscgen_render::mirror::catalog_image(v)))
            }
            _ => None,
        },
    };
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

/// What is at a path, symlinks not followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A directory.
    Dir,
    /// A regular file.
    File,
    /// A symbolic link; `to_dir` when it leads to a directory.
    Symlink {
        /// Whether the link resolves to a directory.
        to_dir: bool,
    },
    /// A FIFO, socket or device.
    Other,
}

/// The file-system calls [`write_tree_in`] makes.
pub trait Fs {
    /// What is at `path` (`None` if nothing is).
    fn entry(&self, path: &Path) -> io::Result<Option<EntryKind>>;
    /// A regular file's contents.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Creates one directory.
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    /// Creates a file that must not exist yet, writes `contents` and syncs it to disk.
    fn write_new(&self, path: &Path, contents: &[u8]) -> io::Result<()>;
    /// Renames `from` to `to`, replacing a file at `to`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Makes `to` a second name of `from`; fails if `to` exists.
    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes a file.
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Removes an empty directory.
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
    /// Removes a directory and everything in it.
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealFs;

impl Fs for RealFs {
    fn entry(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.file_type().is_symlink() => Ok(Some(EntryKind::Symlink { to_dir: path.is_dir() })),
            Ok(meta) if meta.is_dir() => Ok(Some(EntryKind::Dir)),
            Ok(meta) if meta.is_file() => Ok(Some(EntryKind::File)),
            Ok(_) => Ok(Some(EntryKind::Other)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        fs::read(path)
    }

    fn create_dir(&self, path: &Path) -> io::Result<()> {
        fs::create_dir(path)
    }

    fn write_new(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        use std::io::Write;
        let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
        file.write_all(contents)?;
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir(path)
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        fs::remove_dir_all(path)
    }
}

/// Whether anything from `dir` down to `rel` itself is a symlink (which could lead outside).
fn symlink_on_the_way(fs: &impl Fs, dir: &Path, rel: &Path) -> Option<PathBuf> {
    let mut at = dir.to_path_buf();
    for component in rel.components() {
        at.push(component);
        match fs.entry(&at) {
            Ok(Some(EntryKind::Symlink { .. })) => return Some(at),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return None,
        }
    }
    None
}

/// Writes `files` under `dir` as one transaction; returns the paths actually written.
pub fn write_tree(dir: &Path, files: &[(String, String)], force: bool) -> Result<Vec<String>, CliError> {
    write_tree_in(&RealFs, dir, files, force)
}

/// [`write_tree`] through `fs`.
pub fn write_tree_in(
    fs: &impl Fs,
    dir: &Path,
    files: &[(String, String)],
    force: bool,
) -> Result<Vec<String>, CliError> {
    match write_once(fs, dir, files, force)? {
        Written::Done(written) => Ok(written),
        // Another `oscgen init` created the directory between our look and our rename: go
        // again, now into the directory it made (most often finding every file in place).
        Written::TargetAppeared => match write_once(fs, dir, files, force)? {
            Written::Done(written) => Ok(written),
            Written::TargetAppeared => {
                Err(CliError::Usage(format!("{}: created and removed while writing", dir.display())))
            }
        },
    }
}

enum Written {
    Done(Vec<String>),
    TargetAppeared,
}

/// One file to install.
struct Todo<'a> {
    path: &'a str,
    text: &'a str,
    /// An existing, different file is replaced (`--force`).
    replaces: bool,
}

fn write_once(fs: &impl Fs, dir: &Path, files: &[(String, String)], force: bool) -> Result<Written, CliError> {
    let shown = dir.display().to_string();
    let dir_exists = match fs.entry(dir) {
        Ok(Some(EntryKind::Dir | EntryKind::Symlink { to_dir: true })) => true,
        Ok(Some(_)) => return Err(CliError::Usage(format!("{shown} exists and is not a directory"))),
        Ok(None) => false,
        Err(e) => return Err(CliError::io(shown, e)),
    };
    let mut todo = Vec::new();
    let mut conflicts = Vec::new();
    for (path, text) in files {
        let rel = check_relative(path)?;
        if dir_exists && let Some(link) = symlink_on_the_way(fs, dir, rel) {
            return Err(CliError::Usage(format!("refusing to write through symlink {}", link.display())));
        }
        let target = dir.join(rel);
        let entry = if dir_exists { fs.entry(&target) } else { Ok(None) };
        match entry.map_err(|e| CliError::io(target.display().to_string(), e))? {
            None => todo.push(Todo { path, text, replaces: false }),
            Some(EntryKind::File) => {
                let existing = fs.read(&target).map_err(|e| CliError::io(target.display().to_string(), e))?;
                if existing == text.as_bytes() {
                    continue;
                }
                if !force {
                    conflicts.push(path.clone());
                    continue;
                }
                todo.push(Todo { path, text, replaces: true });
            }
            // Never replaced, even with --force: a directory may hold the user's work, and
            // reading a FIFO to compare it would block.
            Some(_) => {
                return Err(CliError::Usage(format!("{} exists and is not a regular file", target.display())));
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(CliError::Usage(format!(
            "{shown}: refusing to overwrite existing files (use --force to replace them): {}",
            conflicts.join(", ")
        )));
    }
    if todo.is_empty() {
        return Ok(Written::Done(Vec::new()));
    }
    let staging = Staging::create(fs, dir, dir_exists).map_err(|e| CliError::io(&shown, e))?;
    for item in &todo {
        staging
            .write(item.path, item.text)
            .map_err(|e| CliError::io(staging.tree(item.path).display().to_string(), e))?;
    }
    let written = || todo.iter().map(|t| t.path.to_owned()).collect();
    if !dir_exists {
        // A new directory appears whole or not at all.
        return match fs.rename(&staging.root.join("tree"), dir) {
            Ok(()) => Ok(Written::Done(written())),
            Err(_) if matches!(fs.entry(dir), Ok(Some(_))) => Ok(Written::TargetAppeared),
            Err(e) => Err(CliError::io(&shown, e)),
        };
    }
    let mut journal = Journal { fs, created_dirs: Vec::new(), installed: Vec::new() };
    let mut done = Vec::new();
    for item in &todo {
        match journal.install(dir, &staging, item) {
            Ok(true) => done.push(item.path.to_owned()),
            Ok(false) => {}
            Err(e) => {
                journal.undo();
                return Err(e);
            }
        }
    }
    Ok(Written::Done(done))
}

/// A temporary directory beside (or, for an existing target, inside) the target, removed on drop.
struct Staging<'a, F: Fs> {
    fs: &'a F,
    root: PathBuf,
}

impl<'a, F: Fs> Staging<'a, F> {
    fn create(fs: &'a F, dir: &Path, dir_exists: bool) -> io::Result<Self> {
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
        fs.create_dir(&root)?;
        let staging = Self { fs, root };
        fs.create_dir(&staging.root.join("tree"))?;
        fs.create_dir(&staging.root.join("backup"))?;
        Ok(staging)
    }

    fn tree(&self, rel: &str) -> PathBuf {
        self.root.join("tree").join(rel)
    }

    fn write(&self, rel: &str, text: &str) -> io::Result<()> {
        let path = self.tree(rel);
        let tree = self.root.join("tree");
        let mut missing = Vec::new();
        let mut at = path.parent();
        while let Some(dir) = at.filter(|d| *d != tree && !matches!(self.fs.entry(d), Ok(Some(_)))) {
            missing.push(dir.to_path_buf());
            at = dir.parent();
        }
        for dir in missing.iter().rev() {
            self.fs.create_dir(dir)?;
        }
        self.fs.write_new(&path, text.as_bytes())
    }
}

impl<F: Fs> Drop for Staging<'_, F> {
    fn drop(&mut self) {
        let _ = self.fs.remove_dir_all(&self.root);
    }
}

/// What has been put into the target so far, to undo it on failure.
struct Journal<'a, F: Fs> {
    fs: &'a F,
    created_dirs: Vec<PathBuf>,
    /// Each installed file, and where its previous copy waits when it replaced one.
    installed: Vec<(PathBuf, Option<PathBuf>)>,
}

impl<F: Fs> Journal<'_, F> {
    /// Puts one staged file in place; `false` when an identical file appeared there meanwhile.
    fn install(&mut self, dir: &Path, staging: &Staging<'_, F>, item: &Todo<'_>) -> Result<bool, CliError> {
        let fs = self.fs;
        let target = dir.join(item.path);
        let shown = || target.display().to_string();
        let mut missing = Vec::new();
        let mut at = target.parent();
        while let Some(d) = at.filter(|d| *d != dir && !matches!(fs.entry(d), Ok(Some(_)))) {
            missing.push(d.to_path_buf());
            at = d.parent();
        }
        for d in missing.into_iter().rev() {
            match fs.create_dir(&d) {
                Ok(()) => self.created_dirs.push(d),
                // Made by a concurrent init; not ours to remove.
                Err(e)
                    if e.kind() == io::ErrorKind::AlreadyExists && matches!(fs.entry(&d), Ok(Some(EntryKind::Dir))) => {
                }
                Err(e) => return Err(CliError::io(d.display().to_string(), e)),
            }
        }
        let staged = staging.tree(item.path);
        if !item.replaces {
            return match fs.hard_link(&staged, &target) {
                Ok(()) => {
                    self.installed.push((target, None));
                    Ok(true)
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match fs.read(&target) {
                    Ok(now) if now == item.text.as_bytes() => Ok(false),
                    _ => Err(CliError::Usage(format!("{}: a file appeared there while oscgen was writing", shown()))),
                },
                // A file system without hard links (FAT says EPERM): rename, having checked
                // that the name is still free.
                Err(e)
                    if matches!(e.kind(), io::ErrorKind::Unsupported | io::ErrorKind::PermissionDenied)
                        && matches!(fs.entry(&target), Ok(None)) =>
                {
                    match fs.rename(&staged, &target) {
                        Ok(()) => {
                            self.installed.push((target, None));
                            Ok(true)
                        }
                        Err(e) => Err(CliError::io(shown(), e)),
                    }
                }
                Err(e) => Err(CliError::io(shown(), e)),
            };
        }
        let backup = staging.root.join("backup").join(item.path.replace('/', "%"));
        fs.rename(&target, &backup).map_err(|e| CliError::io(shown(), e))?;
        match fs.rename(&staged, &target) {
            Ok(()) => {
                self.installed.push((target, Some(backup)));
                Ok(true)
            }
            Err(e) => {
                let _ = fs.rename(&backup, &target);
                Err(CliError::io(shown(), e))
            }
        }
    }

    fn undo(&mut self) {
        for (target, backup) in self.installed.drain(..).rev() {
            let _ = match backup {
                Some(backup) => self.fs.rename(&backup, &target),
                None => self.fs.remove_file(&target),
            };
        }
        for d in self.created_dirs.drain(..).rev() {
            let _ = self.fs.remove_dir(&d);
        }
    }
}
