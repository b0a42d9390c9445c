//! The only caller of the YAML library.
//!
//! serde_yaml is the project's choice and is archived upstream, so replacing it must stay a
//! change to this one file. Everything else passes `serde_json::Value` trees (key order kept)
//! or typed values through here.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// YAML text that does not parse, with where the parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What the parser said.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

impl From<serde_yaml::Error> for YamlError {
    fn from(e: serde_yaml::Error) -> Self {
        let location = e.location();
        Self {
            message: e.to_string(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
        }
    }
}

/// One value as a YAML document (block style, no leading `---`).
///
/// Strings that another YAML reader would take for a boolean, number or null (`"true"`,
/// `"0644"`, `"1e3"`, `"~"`) are quoted by serde_yaml. The YAML 1.1 booleans (`yes`, `on`,
/// `n`, ...) are not, yet `kubectl` (go-yaml v2) reads them as booleans; they are quoted here.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlError> {
    let mut tree =
        serde_json::to_value(value).map_err(|e| YamlError { message: e.to_string(), line: None, column: None })?;
    let marker = unused_marker(&tree);
    let mut quoted = Vec::new();
    protect(&mut tree, &marker, &mut quoted);
    let mut text = serde_yaml::to_string(&tree)?;
    // Each placeholder is a plain scalar of its own, so it is replaced exactly where the word was.
    for (i, word) in quoted.iter().enumerate().rev() {
        text = text.replace(&format!("{marker}{i}"), &format!("'{word}'"));
    }
    Ok(text)
}

/// The words YAML 1.1 reads as booleans and serde_yaml (YAML 1.2) writes unquoted.
const YAML11_BOOLS: &[&str] =
    &["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"];

fn unused_marker(tree: &Value) -> String {
    let text = tree.to_string();
    let mut marker = String::from("oscgenquoted");
    while text.contains(&marker) {
        marker.push('x');
    }
    marker
}

fn protect(value: &mut Value, marker: &str, quoted: &mut Vec<String>) {
    let placeholder = |word: &str, quoted: &mut Vec<String>| {
        quoted.push(word.to_owned());
        format!("{marker}{}", quoted.len() - 1)
    };
    match value {
        Value::String(s) if YAML11_BOOLS.contains(&s.as_str()) => *s = placeholder(s, quoted),
        Value::Array(items) => items.iter_mut().for_each(|v| protect(v, marker, quoted)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                protect(&mut v, marker, quoted);
                let key = if YAML11_BOOLS.contains(&key.as_str()) { placeholder(&key, quoted) } else { key };
                map.insert(key, v);
            }
        }
        _ => {}
    }
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

/// Every document of a YAML (or JSON) stream as a JSON value tree, empty documents skipped.
pub fn documents(text: &str) -> Result<Vec<Value>, YamlError> {
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let value = Value::deserialize(document)?;
        if !value.is_null() {
            out.push(value);
        }
    }
    Ok(out)
}

/// Exactly one document, typed.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    Ok(serde_yaml::from_str(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_strings_are_quoted() {
        let text = to_string(&serde_json::json!({
            "a": "true", "b": "0644", "c": "1e3", "d": "~", "e": "yes", "f": "null", "g": "1.0", "h": "on"
        }))
        .unwrap_or_default();
        for line in text.lines() {
            let (_, v) = line.split_once(": ").unwrap_or_default();
            assert!(v.starts_with('\'') || v.starts_with('"'), "unquoted ambiguous scalar: {line}");
        }
    }

    #[test]
    fn documents_skip_empty_and_keep_order() {
        let docs = documents("---\nb: 1\na: 2\n---\n---\nc: 3\n").unwrap_or_default();
        assert_eq!(docs.len(), 2);
        let keys: Vec<_> = docs[0].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn errors_carry_a_location() {
        let e = documents("a: [1, 2\n").err();
        assert!(e.is_some_and(|e| e.line.is_some()));
    }
}
