//! Every `sh` block of README.md and docs/*.md runs here, so the commands the docs show cannot
//! drift from what oscgen does.
//!
//! Each block runs as one bash script (`set -euo pipefail`) in a scratch copy of the files the
//! docs use (`examples/`, `plugin/tests/check-fixtures/`, `dist/`), with the `oscgen` under test
//! and kustomize first on PATH and HOME in the scratch directory. A line ending in `# exit N`
//! must exit with N. What the docs show to run from a clone with cargo is the one rewrite:
//! `cargo run -q -p oscgen --` runs the built binary. The commands that build oscgen itself are
//! not run again here, because the test command runs them before any test: [`BUILT_BY_THE_TEST_COMMAND`].

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Scratch, copy_tree, repo, tool};

/// Commands that build oscgen, which `scripts/test` (the README's test command, and CI's) has
/// just run: `scripts/dist` with `--locked`, which is what `cargo install --locked --path plugin`
/// builds, and the test command itself.
const BUILT_BY_THE_TEST_COMMAND: [&str; 3] = ["cargo install --locked --path plugin", "scripts/test", "scripts/dist"];

/// What the docs show for a clone, and what runs instead here.
const REWRITES: [(&str, &str); 1] = [("cargo run -q -p oscgen --", "oscgen")];

/// The `sh` blocks of a Markdown text, each with the line its fence opens on.
fn sh_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut open {
            None if line.trim_end() == "```sh" => open = Some((i + 1, String::new())),
            Some(_) if line.trim_end() == "```" => blocks.extend(open.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    assert!(open.is_none(), "an `sh` block is not closed");
    blocks
}

/// The block as bash runs it: rewrites applied, commands built by the test command dropped, and
/// each `# exit N` line turned into a check of its exit status.
fn script(block: &str) -> String {
    let mut out = String::from("set -euo pipefail\n");
    for line in block.lines() {
        let (command, comment) = match line.split_once(" #") {
            Some((command, comment)) => (command.trim_end(), comment.trim()),
            None => (line.trim_end(), ""),
        };
        if BUILT_BY_THE_TEST_COMMAND.contains(&command) {
            continue;
        }
        let mut command = command.to_owned();
        for (from, to) in REWRITES {
            command = command.replace(from, to);
        }
        match comment.strip_prefix("exit ").and_then(|n| n.parse::<i32>().ok()) {
            Some(code) => out.push_str(&format!(
                "if {command}; then echo 'exited 0, the docs say {code}: {command}' >&2; exit 1; \
                 else status=$?; [ \"$status\" -eq {code} ] || {{ echo \"exited $status, the docs say {code}: {command}\" >&2; exit 1; }}; fi\n"
            )),
            None => {
                out.push_str(&command);
                out.push('\n');
            }
        }
    }
    out
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn the_rewrites_and_skips_are_the_ones_the_docs_use() {
    let script = script("cargo run -q -p oscgen -- render x.yaml\nscripts/test\noscgen check y   # exit 1\n");
    assert!(script.contains("\noscgen render x.yaml\n"), "{script}");
    assert!(!script.contains("scripts/test"), "{script}");
    assert!(script.contains("if oscgen check y; then") && script.contains("-eq 1 ]"), "{script}");
    // Every skipped command is one the docs show: none of them is a leftover.
    let all: String = documents().iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    for command in BUILT_BY_THE_TEST_COMMAND {
        assert!(all.lines().any(|l| l.trim() == command), "{command} is no longer in the docs");
    }
}

#[test]
fn every_sh_block_in_the_docs_runs() {
    let (Some(kustomize), Some(_kpt)) = (tool("kustomize"), tool("kpt")) else { return };
    let dist = repo().join("dist");
    if !dist.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "dist/ is required under CI: run scripts/dist");
        eprintln!("skipping: dist/ not built (run scripts/dist)");
        return;
    }
    let scratch = Scratch::new("docs");
    let work = scratch.path.join("repo");
    for dir in ["examples", "plugin/tests/check-fixtures", "dist"] {
        copy_tree(&repo().join(dir), &work.join(dir));
    }
    let home = scratch.path.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_oscgen")).parent().unwrap();
    let path = format!(
        "{}:{}:{}",
        bin.display(),
        kustomize.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut ran = 0;
    let mut failures = Vec::new();
    for file in documents() {
        let name = file.strip_prefix(repo()).unwrap().display().to_string();
        for (line, block) in sh_blocks(&std::fs::read_to_string(&file).unwrap()) {
            let out = Command::new("bash")
                .arg("-c")
                .arg(script(&block))
                .current_dir(&work)
                .env("PATH", &path)
                .env("HOME", &home)
                .output()
                .unwrap();
            ran += 1;
            if !out.status.success() {
                failures.push(format!(
                    "{name}:{line}: {}\n{block}stderr: {}",
                    out.status,
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran >= 8, "only {ran} blocks found");
    // The install block put the shipped binary where it says.
    assert!(home.join(".local/bin/oscgen").is_file());
}

/// docs/diagnostics.md is what `oscgen explain` prints from the registries, so a new or changed
/// finding cannot ship without its entry. `OSCGEN_BLESS=1` rewrites the file.
#[test]
fn the_diagnostics_reference_is_generated_from_the_registries() {
    let out = Command::new(env!("CARGO_BIN_EXE_oscgen")).arg("explain").output().expect("oscgen runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let generated = String::from_utf8(out.stdout).expect("UTF-8");
    let path = repo().join("docs/diagnostics.md");
    if std::env::var_os("OSCGEN_BLESS").is_some() {
        std::fs::write(&path, &generated).expect("docs/diagnostics.md is writable");
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "docs/diagnostics.md differs from `oscgen explain`; run `OSCGEN_BLESS=1 cargo test -p oscgen --test suite docs::`"
    );
}
