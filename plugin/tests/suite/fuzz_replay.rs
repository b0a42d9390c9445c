//! Every fuzz target's property (`fuzz/properties.rs`), replayed in the ordinary test run on
//! the inputs the fuzzers start from and the ones they kept: the committed corpus
//! `fuzz/replay/<target>/` (minimized from long runs, crash reproducers included), a local
//! `fuzz/corpus/<target>/` when there is one, and the seeds `scripts/fuzz` gives every target
//! (every YAML and JSON file of the examples and test fixtures, and the body of every
//! snapshot). So what the fuzzers found stays found, without cargo-fuzz or a nightly flag.

#[path = "../../../fuzz/properties.rs"]
mod properties;

use crate::common;

use std::path::{Path, PathBuf};

use common::repo;

/// The seeds `scripts/fuzz` copies into every corpus.
fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["examples", "plugin/tests/fixtures", "plugin/tests/data"] {
        for (path, bytes) in common::files(&repo().join(dir)) {
            if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
                out.push((Path::new(dir).join(path), bytes));
            }
        }
    }
    for (path, bytes) in common::files(&repo().join("snapshots")) {
        if path.extension().is_some_and(|e| e == "snap") {
            // What follows insta's header (the second `---` line), as scripts/fuzz cuts it.
            let text = String::from_utf8(bytes).expect("snapshots are text");
            let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
            out.push((Path::new("snapshots").join(path), body.as_bytes().to_vec()));
        }
    }
    out
}

/// The kept inputs of one target: the committed replay corpus and a local corpus.
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    ["fuzz/replay", "fuzz/corpus"]
        .into_iter()
        .map(|dir| Path::new(dir).join(target))
        .filter(|dir| repo().join(dir).is_dir())
        .flat_map(|dir| {
            let files = common::files(&repo().join(&dir));
            files.into_iter().map(move |(path, bytes)| (dir.join(path), bytes))
        })
        .collect()
}

#[test]
fn every_target_holds_on_its_corpus_and_the_seeds() {
    let seeds = seeds();
    assert!(seeds.len() > 50, "the seeds are found ({})", seeds.len());
    for (target, property) in properties::TARGETS {
        let inputs = corpus(target);
        for (path, bytes) in inputs.iter().chain(&seeds) {
            let outcome = std::panic::catch_unwind(|| property(bytes));
            assert!(outcome.is_ok(), "fuzz target {target} fails on {}", path.display());
        }
    }
}

#[test]
fn every_fuzz_target_has_a_property() {
    let manifest = std::fs::read_to_string(repo().join("fuzz/Cargo.toml")).unwrap();
    let declared: Vec<&str> =
        manifest.lines().filter_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"')).skip(1).collect();
    let replayed: Vec<&str> = properties::TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(declared, replayed, "fuzz/Cargo.toml's targets and fuzz/properties.rs's TARGETS");
}
