//! Reading input: files and stdin, bounded in size, as UTF-8 text.

use std::io::Read;
use std::path::Path;

use crate::error::CliError;

/// Inputs above this size are refused unless `--max-input-bytes` says otherwise (16 MiB).
///
/// The YAML reader allows 2²¹ nodes, or one per 8 bytes of a larger input
/// (`oscgen_render::yaml`), so the two limits meet at 16 MiB: within it the densest text
/// (`[0,0,…]`) is stopped at 2²¹ nodes, and ordinary Kubernetes YAML of that size reads whole
/// (times and memory in BENCHMARKS.md, "Measured by hand"). Raising this limit raises the node
/// allowance with it.
pub const DEFAULT_MAX_INPUT: u64 = 16 * 1024 * 1024;

/// Reads at most `limit` bytes from `reader`, refusing more, and checks the text is UTF-8
/// without NUL bytes (YAML allows neither).
pub fn read_bounded(name: &str, reader: impl Read, limit: u64) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| CliError::io(name, e))?;
    if bytes.len() as u64 > limit {
        return Err(CliError::Input(format!(
            "{name}: input is larger than {limit} bytes; raise --max-input-bytes if it is meant to be this big"
        )));
    }
    let utf16_or_32 = [&[0xFF, 0xFE][..], &[0xFE, 0xFF], &[0, 0, 0xFE, 0xFF]];
    if let Some(bom) = utf16_or_32.iter().find(|bom| bytes.starts_with(bom)) {
        let width = if bom.len() == 4 || bytes.starts_with(&[0xFF, 0xFE, 0, 0]) { 32 } else { 16 };
        return Err(CliError::Input(format!(
            "{name}: UTF-{width} text (it starts with a byte-order mark); save the file as UTF-8"
        )));
    }
    if let Some(at) = bytes.iter().position(|b| *b == 0) {
        return Err(CliError::Input(format!("{name}: NUL byte at offset {at}; YAML input must be text")));
    }
    String::from_utf8(bytes).map_err(|e| {
        CliError::Input(format!(
            "{name}: not UTF-8 (invalid byte at offset {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads a file, or stdin for `-`. Returns the name to show in messages and the text.
pub fn read_path(path: &Path, limit: u64) -> Result<(String, String), CliError> {
    if path.as_os_str() == "-" {
        return Ok(("<stdin>".to_owned(), read_bounded("<stdin>", std::io::stdin().lock(), limit)?));
    }
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| CliError::io(&name, e))?;
    let text = read_bounded(&name, file, limit)?;
    Ok((name, text))
}
