//! Generates the operator catalog tables from `catalog.toml` (see `codegen/catalog.rs`), so the
//! data is read when oscgen is built and never when it runs. A malformed file fails the build
//! with every problem listed.

use std::path::PathBuf;
use std::process::ExitCode;

#[path = "codegen/catalog.rs"]
mod catalog;
#[path = "codegen/coco.rs"]
mod coco;

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed=catalog.toml");
    println!("cargo::rerun-if-changed=codegen/catalog.rs");
    println!("cargo::rerun-if-changed=codegen/coco.rs");
    let text = match std::fs::read_to_string("catalog.toml") {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: crates/render/catalog.toml: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match catalog::generate(&text) {
        Ok(code) => code,
        Err(problems) => {
            for problem in &problems {
                eprintln!("error: crates/render/catalog.toml: {problem}");
            }
            eprintln!("crates/render/catalog.toml has {} problem(s); fix them and build again", problems.len());
            return ExitCode::FAILURE;
        }
    };
    let coco = match coco::generate(&text) {
        Ok(code) => code,
        Err(problems) => {
            for problem in &problems {
                eprintln!("error: crates/render/catalog.toml: {problem}");
            }
            eprintln!(
                "crates/render/catalog.toml has {} problem(s) in its confidential-containers sections; fix them and build again",
                problems.len()
            );
            return ExitCode::FAILURE;
        }
    };
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("error: OUT_DIR is not set; build oscgen-render with cargo");
        return ExitCode::FAILURE;
    };
    for (name, code) in [("catalog.rs", code), ("coco.rs", coco)] {
        let path = out_dir.join(name);
        // Unchanged output is not rewritten, so nothing that includes it is rebuilt for nothing.
        if std::fs::read_to_string(&path).ok().as_deref() == Some(code.as_str()) {
            continue;
        }
        if let Err(e) = std::fs::write(&path, code) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
