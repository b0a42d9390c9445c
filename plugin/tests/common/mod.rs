//! What the binary's tests share: where snapshots live, running the built `oscgen`, and
//! scratch directories.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

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
}

impl Scratch {
    /// Creates `<tmp>/oscgen-test-<tag>-<pid>-<n>`.
    pub fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("oscgen-test-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the scratch directory can be created");
        Self { path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
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
