//! `init`'s writer under failure: every file-system call it makes fails in turn (a full disk,
//! a permission error, an I/O error), and after each failure the target, and the directory
//! around it, are byte for byte and entry for entry what they were before. Permission bits do
//! not stop root (CI runs as root), so the faults are injected through `init::Fs`; a real full
//! disk (a 16 KiB tmpfs) is tried too where the test may mount one.
//!
//! Also: paths that would leave the target are refused, symlinks are not followed out, what is
//! not a regular file is never replaced or read, and `--force` leaves unchanged files alone.

use crate::common;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Entry, Scratch, oscgen};
use oscgen::error::CliError;
use oscgen::init::{EntryKind, Fs, RealFs, write_tree, write_tree_in};

/// The real file system, except that call number `fail_at` (counting the calls that read or
/// change something) fails. Removals, which only undo, never fail. With `no_links`, it is a
/// file system without hard links (as FAT, which answers EPERM).
struct Failing {
    fail_at: usize,
    calls: Cell<usize>,
    no_links: bool,
}

impl Failing {
    fn new(fail_at: usize, no_links: bool) -> Self {
        Self { fail_at, calls: Cell::new(0), no_links }
    }

    fn step(&self, what: &str, path: &Path) -> io::Result<()> {
        let n = self.calls.get();
        self.calls.set(n + 1);
        if n == self.fail_at {
            let kind = if what == "read" { io::ErrorKind::PermissionDenied } else { io::ErrorKind::StorageFull };
            return Err(io::Error::new(kind, format!("injected failure of {what} {}", path.display())));
        }
        Ok(())
    }

    /// Whether the failure was injected (the run made more calls than `fail_at`).
    fn fired(&self) -> bool {
        self.calls.get() > self.fail_at
    }
}

impl Fs for Failing {
    fn entry(&self, path: &Path) -> io::Result<Option<EntryKind>> {
        RealFs.entry(path)
    }
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.step("read", path)?;
        RealFs.read(path)
    }
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        self.step("create_dir", path)?;
        RealFs.create_dir(path)
    }
    fn write_new(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        self.step("write_new", path)?;
        RealFs.write_new(path, contents)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step("rename", from)?;
        RealFs.rename(from, to)
    }
    fn hard_link(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step("hard_link", from)?;
        if self.no_links {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        RealFs.hard_link(from, to)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_file(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_dir(path)
    }
    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        RealFs.remove_dir_all(path)
    }
}

/// Every entry under `root` with the stamp of each file, so "unchanged" means not rewritten
/// either.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, (Entry, Option<common::Stamp>)> {
    common::stamped_tree(root)
}

fn files() -> Vec<(String, String)> {
    [
        ("instance/base/kata-runtime.yaml", "kind: KataRuntime\n"),
        ("instance/base/kustomization.yaml", "generators: [kata-runtime.yaml]\n"),
        ("instance/overlays/default/kata-runtime.yaml", "kind: KataRuntime\nspec: {release: 1.7.0}\n"),
        ("operator/base/kustomization.yaml", "generators: [operator.yaml]\n"),
        ("operator/base/operator.yaml", "kind: SandboxedContainersOperator\n"),
        ("top.yaml", "at the top\n"),
    ]
    .map(|(p, t)| (p.to_owned(), t.to_owned()))
    .to_vec()
}

/// Runs `write` with call 0, 1, 2, ... failing until a run gets through; after each failure
/// the scratch directory (target and surroundings) must be exactly as `prepare` left it.
/// Returns how many failure points there were.
fn every_failure_leaves_things_as_they_were(
    tag: &str,
    prepare: impl Fn(&Path),
    force: bool,
    no_links: bool,
    check_success: impl Fn(&Path, &BTreeMap<PathBuf, (Entry, Option<common::Stamp>)>, &[String]),
) -> usize {
    for fail_at in 0.. {
        let scratch = Scratch::new(tag);
        let dir = scratch.path.join("repo");
        prepare(&dir);
        let before = snapshot(&scratch.path);
        let fs = Failing::new(fail_at, no_links);
        let result = write_tree_in(&fs, &dir, &files(), force);
        if !fs.fired() {
            let written = result.unwrap_or_else(|e| panic!("{tag}: with no failure: {e}"));
            check_success(&dir, &before, &written);
            return fail_at;
        }
        let error = result.expect_err("an injected failure fails the write");
        assert!(matches!(error, CliError::Io { .. }), "{tag}, call {fail_at}: {error:?}");
        assert!(error.to_string().contains("injected failure"), "{tag}, call {fail_at}: {error}");
        assert_eq!(snapshot(&scratch.path), before, "{tag}: failing call {fail_at} left changes behind");
    }
    unreachable!()
}

fn assert_complete(dir: &Path) {
    for (path, text) in files() {
        assert_eq!(fs::read_to_string(dir.join(&path)).unwrap(), text, "{path}");
    }
}

#[test]
fn a_new_target_appears_whole_or_not_at_all() {
    let points = every_failure_leaves_things_as_they_were(
        "faults-new",
        |_| {},
        false,
        false,
        |dir, _, written| {
            assert_complete(dir);
            assert_eq!(written.len(), files().len());
            // Nothing left beside the target.
            assert_eq!(fs::read_dir(dir.parent().unwrap()).unwrap().count(), 1);
        },
    );
    assert!(points >= 10, "{points} failure points");
}

#[test]
fn filling_an_existing_target_is_undone_on_failure() {
    for no_links in [false, true] {
        let points = every_failure_leaves_things_as_they_were(
            "faults-fill",
            |dir| {
                fs::create_dir_all(dir.join("instance/base")).unwrap();
                fs::write(dir.join("README.md"), "the user's own file\n").unwrap();
                fs::write(dir.join("instance/base/kata-runtime.yaml"), "kind: KataRuntime\n").unwrap();
            },
            false,
            no_links,
            |dir, before, written| {
                assert_complete(dir);
                assert_eq!(written.len(), files().len() - 1, "{written:?}");
                let after = snapshot(dir.parent().unwrap());
                for kept in ["repo/README.md", "repo/instance/base/kata-runtime.yaml"] {
                    assert_eq!(after[Path::new(kept)], before[Path::new(kept)], "{kept} is not touched");
                }
                assert!(!after.keys().any(|p| p.to_string_lossy().contains(".oscgen-staging")), "{after:?}");
            },
        );
        assert!(points >= 10, "{points} failure points");
    }
}

#[test]
fn force_replaces_only_what_differs_and_undoes_on_failure() {
    let prepare = |dir: &Path| {
        write_tree(dir, &files(), false).unwrap();
        fs::write(dir.join("operator/base/operator.yaml"), "# edited by hand\n").unwrap();
        fs::write(dir.join("top.yaml"), "# edited too\n").unwrap();
    };
    every_failure_leaves_things_as_they_were("faults-force", prepare, true, false, |dir, before, written| {
        assert_complete(dir);
        assert_eq!(written, ["operator/base/operator.yaml", "top.yaml"]);
        let after = snapshot(dir.parent().unwrap());
        for (path, entry) in &after {
            let replaced = written.iter().any(|w| Path::new("repo").join(w) == *path);
            if matches!(entry.0, Entry::File(_)) && !replaced {
                assert_eq!(Some(entry), before.get(path), "{}: unchanged, so not rewritten", path.display());
            }
        }
    });
}

#[test]
fn without_force_a_differing_file_is_a_conflict_and_nothing_is_written() {
    let scratch = Scratch::new("faults-conflict");
    let dir = scratch.path.join("repo");
    fs::create_dir_all(dir.join("operator/base")).unwrap();
    fs::write(dir.join("operator/base/operator.yaml"), "# mine\n").unwrap();
    let before = snapshot(&scratch.path);
    let error = write_tree(&dir, &files(), false).unwrap_err();
    assert!(matches!(&error, CliError::Usage(m) if m.contains("--force") && m.contains("operator/base/operator.yaml")));
    assert_eq!(snapshot(&scratch.path), before);
}

#[test]
fn paths_that_leave_the_target_are_refused() {
    let scratch = Scratch::new("faults-escape");
    let dir = scratch.path.join("repo");
    fs::create_dir(&dir).unwrap();
    let outside = scratch.path.join("outside");
    let before = snapshot(&scratch.path);
    let escapes = ["../outside", "a/../../outside", "/tmp/oscgen-absolute", "", "./a", "a/.."]
        .map(|p| vec![(p.to_owned(), "x".to_owned())]);
    for files in escapes {
        for force in [false, true] {
            let error = write_tree(&dir, &files, force).unwrap_err();
            assert!(
                matches!(&error, CliError::Usage(m) if m.contains("only plain relative paths")),
                "{files:?}: {error}"
            );
            assert_eq!(snapshot(&scratch.path), before, "{files:?}");
        }
    }
    assert!(!outside.exists() && !Path::new("/tmp/oscgen-absolute").exists());
}

#[test]
fn symlinks_out_of_the_target_are_not_followed() {
    let scratch = Scratch::new("faults-symlink");
    let dir = scratch.path.join("repo");
    let outside = scratch.path.join("outside");
    fs::create_dir_all(dir.join("operator/base")).unwrap();
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("victim"), "not oscgen's\n").unwrap();
    // A directory on the way, and the file itself.
    std::os::unix::fs::symlink(&outside, dir.join("instance")).unwrap();
    std::os::unix::fs::symlink(outside.join("victim"), dir.join("top.yaml")).unwrap();
    let before = snapshot(&scratch.path);
    for force in [false, true] {
        let error = write_tree(&dir, &files(), force).unwrap_err();
        assert!(error.to_string().contains("refusing to write through symlink"), "{error}");
        assert_eq!(snapshot(&scratch.path), before);
    }
    // A symlinked target directory is the user's choice, and is used.
    let link = scratch.path.join("link");
    let real = scratch.path.join("real");
    fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_tree(&link, &files(), false).unwrap();
    assert_complete(&real);
}

#[test]
fn what_is_not_a_regular_file_is_never_replaced_or_read() {
    let scratch = Scratch::new("faults-special");
    let dir = scratch.path.join("repo");
    fs::create_dir_all(dir.join("operator/base/operator.yaml")).unwrap();
    fs::write(dir.join("operator/base/operator.yaml/mine"), "inside a directory named like a file\n").unwrap();
    let fifo = dir.join("top.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    assert!(made || std::env::var_os("CI").is_none(), "mkfifo is needed in CI");
    let before = snapshot(&scratch.path);
    for force in [false, true] {
        // Reading the FIFO to compare it would block for ever.
        let error = write_tree(&dir, &files(), force).unwrap_err();
        assert!(error.to_string().contains("exists and is not a regular file"), "{error}");
        assert_eq!(snapshot(&scratch.path), before);
    }

    // A file where a directory must go.
    let scratch = Scratch::new("faults-file-for-dir");
    let dir = scratch.path.join("repo");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("operator"), "a file, not a directory\n").unwrap();
    let before = snapshot(&scratch.path);
    let error = write_tree(&dir, &files(), true).unwrap_err();
    assert!(error.to_string().contains("operator"), "{error}");
    assert_eq!(snapshot(&scratch.path), before);
    // And a file as the target itself.
    let error = write_tree(&dir.join("operator"), &files(), true).unwrap_err();
    assert!(error.to_string().contains("exists and is not a directory"), "{error}");
    assert_eq!(snapshot(&scratch.path), before);
}

/// A mounted tmpfs, unmounted on drop.
struct Tmpfs {
    path: PathBuf,
}

impl Tmpfs {
    fn mount(path: PathBuf, size: &str) -> Result<Self, String> {
        fs::create_dir_all(&path).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output()
            .map_err(|e| format!("mount: {e}"))?;
        if out.status.success() {
            Ok(Self { path })
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

/// The real binary on a real full disk: a 16 KiB tmpfs holds four pages of file data, and
/// the layout needs eight files. Needs the right to mount (root, as in CI); elsewhere it is
/// skipped with a reason, but fails when `CI` is set, since CI must run it.
#[test]
fn init_on_a_full_disk_changes_nothing() {
    let scratch = Scratch::new("faults-tmpfs");
    let disk = match Tmpfs::mount(scratch.path.join("disk"), "16k") {
        Ok(disk) => disk,
        Err(why) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: cannot mount a tmpfs here ({why})");
            return;
        }
        Err(why) => panic!("CI must be able to mount a tmpfs: {why}"),
    };
    // Into a new directory, then into an existing one holding the user's file.
    for existing in [false, true] {
        let dir = disk.path.join("repo");
        if existing {
            fs::create_dir(&dir).unwrap();
            fs::write(dir.join("README.md"), "mine\n").unwrap();
        }
        let before = snapshot(&disk.path);
        let run = oscgen(&["init", dir.to_str().unwrap()], b"");
        assert_eq!(run.code, Some(2), "{}", run.transcript());
        assert!(run.stderr.contains("No space left on device"), "{}", run.stderr);
        assert_eq!(snapshot(&disk.path), before, "existing: {existing}");
    }
}
