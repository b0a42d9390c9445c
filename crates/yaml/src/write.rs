//! Writing YAML: serde_yaml, with the scalars YAML 1.1 readers would misread quoted.

use serde::Serialize;
use serde_json::Value;

use crate::YamlError;

/// One value as a YAML document (block style, no leading `---`).
///
/// Strings that another YAML reader would take for a boolean, number or null (`"true"`,
/// `"0644"`, `"1e3"`, `"~"`) are quoted by serde_yaml. The YAML 1.1 booleans (`yes`, `on`,
/// `n`, ...) are not, yet `kubectl` (go-yaml v2) reads them as booleans; nor is `<<`, which
/// as a key go-yaml (v2 and v3, so kubectl and kustomize) and [`documents`] read as a merge;
/// they are quoted here. serde_yaml (libyaml, YAML 1.1) also writes a line or paragraph
/// separator (U+2028, U+2029) raw inside single quotes as a line break, which YAML 1.2
/// readers keep as a character followed by the indentation; such strings are written double
/// quoted with `\L` and `\P` here.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    let mut tree =
        serde_json::to_value(value).map_err(|e| YamlError { message: e.to_string(), line: None, column: None })?;
    let marker = unused_marker(&tree);
    let mut quoted = Vec::new();
    protect(&mut tree, &marker, &mut quoted);
    let text = serde_yaml::to_string(&tree)?;
    if quoted.is_empty() {
        return Ok(text);
    }
    // Each placeholder is a plain scalar of its own and the marker occurs nowhere else, so
    // one pass replaces each exactly where its word was (one `replace` per word would be
    // quadratic in a list of thousands of `y`s).
    let mut out = String::with_capacity(text.len() + 2 * quoted.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        match after[..digits].parse::<usize>().ok().and_then(|i| quoted.get(i)) {
            Some(scalar) => out.push_str(scalar),
            None => out.push_str(&rest[at..at + marker.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The words YAML 1.1 reads as booleans and serde_yaml (YAML 1.2) writes unquoted.
pub(super) const YAML11_BOOLS: &[&str] =
    &["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"];

/// `oscgenquoted` followed by more `x`s than follow it anywhere in the tree's text, so the
/// marker occurs nowhere in it (found in one pass, whatever the input holds).
fn unused_marker(tree: &Value) -> String {
    const BASE: &str = "oscgenquoted";
    let text = tree.to_string();
    let longest = text
        .match_indices(BASE)
        .map(|(at, _)| text[at + BASE.len()..].bytes().take_while(|b| *b == b'x').count())
        .max();
    let mut marker = String::from(BASE);
    if let Some(longest) = longest {
        marker.extend(std::iter::repeat_n('x', longest + 1));
    }
    marker
}

/// Replaces each string serde_yaml would write ambiguously (see [`to_string`]) with the
/// marker and an index into `quoted`, where the scalar to write in its place goes.
fn protect(value: &mut Value, marker: &str, quoted: &mut Vec<String>) {
    match value {
        Value::String(s) => placeholder(s, marker, quoted),
        Value::Array(items) => items.iter_mut().for_each(|v| protect(v, marker, quoted)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (mut key, mut v) in entries {
                placeholder(&mut key, marker, quoted);
                protect(&mut v, marker, quoted);
                map.insert(key, v);
            }
        }
        _ => {}
    }
}

/// Replaces `s` with a placeholder when serde_yaml would write it ambiguously.
fn placeholder(s: &mut String, marker: &str, quoted: &mut Vec<String>) {
    let scalar = if YAML11_BOOLS.contains(&s.as_str()) || s == "<<" {
        format!("'{s}'")
    } else if s.contains(['\u{2028}', '\u{2029}']) {
        double_quoted(s)
    } else {
        return;
    };
    quoted.push(scalar);
    *s = format!("{marker}{}", quoted.len() - 1);
}

/// `s` as a YAML double-quoted scalar: quotes, backslashes and control characters escaped,
/// the line and paragraph separators as `\L` and `\P`.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c if c.is_control() => out.push_str(&format!("\\x{:02X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Several values as one multi-document stream, `---` between documents.
pub fn to_stream<T: Serialize>(values: &[T]) -> Result<String, YamlError> {
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&to_string(value)?);
    }
    Ok(out)
}
