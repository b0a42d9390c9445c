//! What the binary's tests share: where snapshots live, running the built `oscgen`, scratch
//! directories, and driving the real orchestrators (kustomize, kpt) with it.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The repository root (the plugin sits one level below it).
pub fn repo() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().expect("plugin sits one level below the repository root").to_path_buf()
}

/// `<repo>/snapshots/oscgen/`: every `.snap` of this package, whichever test wrote it.
pub fn snapshot_dir() -> PathBuf {
    repo().join("snapshots").join("oscgen")
}

/// Snapshots `text` byte for byte (our own serialization, never insta's) as `<name>.snap`.
pub fn assert_text_snapshot(name: &str, text: &str) {
    with_snapshot_settings(|| insta::assert_snapshot!(name, text));
}

/// Runs `f` with the snapshot location and naming of this package (for `insta::glob!`).
pub fn with_snapshot_settings<R>(f: impl FnOnce() -> R) -> R {
    insta::with_settings!({
        snapshot_path => snapshot_dir(),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        f()
    })
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` if a signal ended it).
    pub code: Option<i32>,
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr as one text, for snapshots.
    pub fn transcript(&self) -> String {
        let code = self.code.map_or_else(|| "signal".to_owned(), |c| c.to_string());
        format!("exit: {code}\n--- stdout\n{}--- stderr\n{}", self.stdout, self.stderr)
    }
}

/// Runs the built `oscgen` with `args` in the repository root, `stdin` piped in.
pub fn oscgen(args: &[&str], stdin: &[u8]) -> Run {
    oscgen_in(&repo(), args, stdin)
}

/// Runs the built `oscgen` with `args` in `cwd`, `stdin` piped in.
pub fn oscgen_in(cwd: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oscgen"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the oscgen binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    // A command that never reads stdin may exit first; a broken pipe then is expected.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("oscgen runs to the end");
    writer.join().expect("the stdin writer does not panic");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A fresh directory under the system temp dir, removed (with everything in it) on drop.
pub struct Scratch {
    /// The directory.
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Scratch {
    /// Creates `<tmp>/oscgen-test-<tag>-<random>`.
    pub fn new(tag: &str) -> Self {
        let dir = tempfile::Builder::new()
            .prefix(&format!("oscgen-test-{tag}-"))
            .tempdir()
            .expect("the scratch directory can be created");
        Self { path: dir.path().to_path_buf(), _dir: dir }
    }
}

/// One entry of a directory tree, symlinks not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A directory.
    Dir,
    /// A regular file and its bytes.
    File(Vec<u8>),
    /// A symbolic link and where it points.
    Link(PathBuf),
    /// Anything else (a FIFO, a socket): never opened, since reading a FIFO blocks.
    Special,
}

/// When a file was written: equal before and after means it was not rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Its inode.
    pub inode: u64,
    /// Its modification time (seconds, nanoseconds).
    pub mtime: (i64, i64),
}

/// Every entry under `root` (not `root` itself) by path relative to it, with the stamp of each
/// regular file.
pub fn stamped_tree(root: &Path) -> BTreeMap<PathBuf, (Entry, Option<Stamp>)> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("the tree can be walked");
            let meta = entry.path().symlink_metadata().expect("an entry has metadata");
            let rel = entry.path().strip_prefix(root).expect("entries are under the root").to_path_buf();
            let kind = meta.file_type();
            let found = if kind.is_symlink() {
                (Entry::Link(std::fs::read_link(entry.path()).expect("a link can be read")), None)
            } else if kind.is_dir() {
                (Entry::Dir, None)
            } else if kind.is_file() {
                let stamp = Stamp { inode: meta.ino(), mtime: (meta.mtime(), meta.mtime_nsec()) };
                (Entry::File(std::fs::read(entry.path()).expect("a file can be read")), Some(stamp))
            } else {
                (Entry::Special, None)
            };
            (rel, found)
        })
        .collect()
}

/// Every entry under `root` by path relative to it.
pub fn tree(root: &Path) -> BTreeMap<PathBuf, Entry> {
    stamped_tree(root).into_iter().map(|(path, (entry, _))| (path, entry)).collect()
}

/// The regular files under `root`, by path relative to it.
pub fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    tree(root)
        .into_iter()
        .filter_map(|(path, entry)| match entry {
            Entry::File(bytes) => Some((path, bytes)),
            _ => None,
        })
        .collect()
}

/// Copies the files of `from` into `to` (created as needed).
pub fn copy_tree(from: &Path, to: &Path) {
    for (path, bytes) in files(from) {
        let target = to.join(path);
        std::fs::create_dir_all(target.parent().expect("a file has a parent")).expect("directories can be made");
        std::fs::write(&target, bytes).expect("a file can be written");
    }
}

/// An external tool's path (kustomize from `.tools/bin`, the others from PATH), or `None`
/// after printing why it is missing. Under `CI` a missing tool fails the test instead.
pub fn tool(name: &str) -> Option<PathBuf> {
    let local = repo().join(".tools/bin").join(name);
    let found = if local.is_file() {
        Some(local)
    } else {
        std::env::var_os("PATH")
            .iter()
            .flat_map(std::env::split_paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file() && name != "kustomize")
    };
    if found.is_none() {
        let hint = if name == "kustomize" { " (run scripts/install-tools)" } else { "" };
        assert!(std::env::var_os("CI").is_none(), "{name} is required under CI but was not found{hint}");
        eprintln!("skipping: {name} not found{hint}");
    }
    found
}

/// PATH with the `oscgen` under test first, so `exec: path: oscgen`, kpt's `--exec oscgen` and
/// plugins find it.
pub fn path_env() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_oscgen")).parent().expect("the binary sits in a directory");
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

/// Runs `cmd` with [`path_env`]; fails the test, showing both streams, unless it succeeds.
pub fn run(cmd: &mut Command) -> Output {
    let out = cmd.env("PATH", path_env()).output().expect("the command starts");
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

/// The documents of a YAML text, in order, empty ones dropped.
pub fn docs(text: &str) -> Vec<Value> {
    oscgen_render::yaml::documents(text).expect("the text is YAML").into_iter().filter(|d| !d.is_null()).collect()
}

/// A command running the built `oscgen`.
pub fn oscgen_command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_oscgen"))
}

/// The objects of a YAML stream (empty documents dropped), sorted by kind, namespace and name
/// so the orders of different builders compare.
pub fn objects(yaml: &[u8]) -> Vec<Value> {
    let mut docs = docs(std::str::from_utf8(yaml).expect("the stream is UTF-8"));
    docs.sort_by_key(|d| {
        (d["kind"].to_string(), d["metadata"]["namespace"].to_string(), d["metadata"]["name"].to_string())
    });
    docs
}

/// The objects `oscgen render` prints for `configs`, sorted as [`objects`] sorts them.
pub fn render(configs: &[PathBuf]) -> Vec<Value> {
    objects(&run(oscgen_command().arg("render").args(configs)).stdout)
}

/// What kpt produced besides the package's own files (its Kptfile, oscgen's configs, a
/// kustomization), with kpt's bookkeeping annotations removed.
pub fn generated(objects: Vec<Value>) -> Vec<Value> {
    objects
        .into_iter()
        .filter(|o| {
            o["kind"] != "Kptfile"
                && o["apiVersion"] != oscgen_render::config::API_VERSION
                && o["apiVersion"] != "kustomize.config.k8s.io/v1beta1"
        })
        .map(|mut o| {
            if let Some(a) = o.pointer_mut("/metadata/annotations").and_then(Value::as_object_mut) {
                a.retain(|k, _| {
                    !k.starts_with("config.kubernetes.io/") && !k.starts_with("internal.config.kubernetes.io/")
                });
                if a.is_empty() {
                    o["metadata"].as_object_mut().expect("annotations sit in metadata").remove("annotations");
                }
            }
            o
        })
        .collect()
}

/// `kustomize build --enable-alpha-plugins --enable-exec DIR`: the objects it built.
pub fn kustomize_build(kustomize: &Path, dir: &Path) -> Vec<Value> {
    objects(&run(Command::new(kustomize).args(["build", "--enable-alpha-plugins", "--enable-exec"]).arg(dir)).stdout)
}

/// `kpt fn eval PKG --exec oscgen --fn-config CONFIG -o unwrap`: the objects oscgen generated.
pub fn kpt_eval(kpt: &Path, pkg: &Path, config: &Path) -> Vec<Value> {
    let out = run(Command::new(kpt)
        .args(["fn", "eval"])
        .arg(pkg)
        .args(["--exec", "oscgen", "--fn-config"])
        .arg(config)
        .args(["-o", "unwrap"]));
    generated(objects(&out.stdout))
}
