//! Renders a fleet in one process: every file given is one cluster's configs, rendered on its
//! own; the outputs are joined, in argument order, into one multi-document stream.
//!
//! `oscgen render` takes all its files as one cluster (one KataConfig), so rendering a fleet
//! with it takes a process per cluster; `scripts/bench` measures both ways.
//!
//! ```sh
//! cargo run --release -p oscgen-render --example fleet -- clusters/*.yaml
//! ```

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = String::new();
    for path in std::env::args_os().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let rendered = oscgen_render::config::from_yaml(&text)
            .and_then(|configs| oscgen_render::render(&configs))
            .and_then(|rendered| rendered.to_yaml())
            .map_err(|e| format!("{}: {e}", path.to_string_lossy()))?;
        if !out.is_empty() {
            out.push_str("---\n");
        }
        out.push_str(&rendered);
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}
