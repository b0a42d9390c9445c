//! Renders a fleet in one process: every file given is one cluster's configs, rendered on its
//! own; the outputs are joined, in argument order, into one multi-document stream, on one
//! thread ([`oscgen_render::fleet::render_each`]; `oscgen render --each` renders the same files
//! with `render_one` on every core). `scripts/bench` measures it beside a process per cluster.
//!
//! ```sh
//! cargo run --release -p oscgen-render --example fleet -- clusters/*.yaml
//! ```

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    for path in std::env::args_os().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        files.push((path.to_string_lossy().into_owned(), text));
    }
    let fleet = oscgen_render::fleet::render_each(&files)?;
    for notice in fleet.warnings.notices() {
        eprintln!("{notice}");
    }
    std::io::stdout().lock().write_all(fleet.yaml.as_bytes())?;
    Ok(())
}
