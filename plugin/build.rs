//! Records the git commit oscgen is built from, for `oscgen --version`. `OSCGEN_COMMIT` in the
//! environment wins (a build from a source archive has no git); without either the commit is
//! `unknown`. Nothing here reads the clock or the build directory, so two builds of one commit
//! embed the same text (`scripts/dist` checks the bytes).

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

fn main() {
    println!("cargo::rerun-if-env-changed=OSCGEN_COMMIT");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let commit = match std::env::var("OSCGEN_COMMIT") {
        Ok(commit) if !commit.trim().is_empty() => commit.trim().to_owned(),
        _ => {
            // Build again when HEAD moves: HEAD itself, the branch it names, and packed refs
            // (a worktree keeps its HEAD apart from the shared refs, which --git-path resolves).
            let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
            watched.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
            for name in &watched {
                if let Some(path) = git(dir, &["rev-parse", "--path-format=absolute", "--git-path", name])
                    && Path::new(&path).exists()
                {
                    println!("cargo::rerun-if-changed={path}");
                }
            }
            git(dir, &["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned())
        }
    };
    println!("cargo::rustc-env=OSCGEN_COMMIT={commit}");
}
