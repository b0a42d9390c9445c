//! The generator of `crates/render/schemas/`, in two stages. `scripts/gen-schemas` runs it
//! (through `schemas_in_sync.rs` with `OSCGEN_UPDATE_SCHEMAS=1`); otherwise that test checks
//! that the checked-in files are what it would write.
//!
//! 1. [`structural`]: each upstream CRD → `structural/<name>.json` (every served version's
//!    `openAPIV3Schema`, prose removed), and `SOURCES.md` (where each came from) from those.
//!    The CRDs are copies kept outside the repository, so only the second half can always be
//!    checked.
//! 2. [`draft4`]: `structural/*.json` → `draft4/<name>/<version>/<part>.json`, JSON Schema
//!    draft 4 ready to compile, and `draft4/index.rs`, the table `src/schema/crd.rs` embeds
//!    them with. Both inputs and outputs are in the repository: always checked.

// Each user compiles this module and uses only part of it.
#![allow(dead_code)]

pub mod draft4;
pub mod structural;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `crates/render/schemas/`.
pub fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

/// What a stage writes: text by path relative to [`schemas_dir`], `/`-separated.
pub type Files = BTreeMap<String, String>;

/// Whether `scripts/gen-schemas` asked for the files to be rewritten.
pub fn updating() -> bool {
    std::env::var_os("OSCGEN_UPDATE_SCHEMAS").is_some_and(|v| v == "1")
}

/// Compares `files` with the tree under [`schemas_dir`] and returns the paths that differ; with
/// `update` it rewrites them instead. In `owned` directories the stage writes every file, so a
/// file there that it does not write is stale too (and removed on update).
pub fn sync(files: &Files, owned: &[&str], update: bool) -> Vec<String> {
    let dir = schemas_dir();
    let mut stale = Vec::new();
    for (path, text) in files {
        let full = dir.join(path);
        if std::fs::read_to_string(&full).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        if update {
            std::fs::create_dir_all(full.parent().expect("a file has a directory")).expect("create the directory");
            std::fs::write(&full, text).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
            eprintln!("wrote {}", full.display());
        } else {
            stale.push(path.clone());
        }
    }
    for owned in owned {
        for path in files_under(&dir, owned) {
            if files.contains_key(&path) {
                continue;
            }
            if update {
                std::fs::remove_file(dir.join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
                eprintln!("removed {path}");
            } else {
                stale.push(path);
            }
        }
    }
    stale
}

/// Every file below `dir/sub`, as a path relative to `dir`.
fn files_under(dir: &Path, sub: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![sub.to_owned()];
    while let Some(relative) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else { continue };
        for entry in entries {
            let entry = entry.expect("read a directory entry");
            let path = format!("{relative}/{}", entry.file_name().to_string_lossy());
            if entry.file_type().expect("a file type").is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `value` as the generated files write JSON: pretty, with a final newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value serializes");
    text.push('\n');
    text
}
