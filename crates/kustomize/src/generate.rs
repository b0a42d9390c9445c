//! `configMapGenerator` and `secretGenerator` as kustomize runs them: data from literals,
//! files and env files, `generatorOptions`, `behavior: merge`/`replace`, and the content hash
//! appended to the name (kubernetes-sigs/kustomize, `api/kv/kv.go`,
//! `api/internal/generators/utils.go` and `api/hasher/hasher.go`, kustomize/v4.5.4).

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use sha2::Digest as _;

/// `generatorOptions`, and each generator's `options`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GeneratorOptions {
    /// Labels for the generated object.
    pub labels: BTreeMap<String, String>,
    /// Annotations for the generated object.
    pub annotations: BTreeMap<String, String>,
    /// No content hash in the name.
    pub disable_name_suffix_hash: Option<bool>,
    /// `immutable: true` on the object.
    pub immutable: Option<bool>,
}

impl GeneratorOptions {
    /// `self` with `over` on top (a generator's own options over `generatorOptions`).
    fn merged(&self, over: Option<&GeneratorOptions>) -> GeneratorOptions {
        let mut out = self.clone();
        if let Some(over) = over {
            out.labels.extend(over.labels.clone());
            out.annotations.extend(over.annotations.clone());
            out.disable_name_suffix_hash = over.disable_name_suffix_hash.or(out.disable_name_suffix_hash);
            out.immutable = over.immutable.or(out.immutable);
        }
        out
    }
}

/// One entry of `configMapGenerator` or `secretGenerator`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GeneratorArgs {
    /// The generated object's name (before the content hash).
    pub name: Option<String>,
    /// Its namespace.
    pub namespace: Option<String>,
    /// `create` (the default), `merge` or `replace`.
    pub behavior: Option<String>,
    /// `KEY=VALUE` entries.
    pub literals: Vec<String>,
    /// Files, each as `path` or `key=path`.
    pub files: Vec<String>,
    /// Env files (`KEY=VALUE` lines).
    pub envs: Vec<String>,
    /// The deprecated single env file.
    pub env: Option<String>,
    /// This generator's options.
    pub options: Option<GeneratorOptions>,
    /// A Secret's type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// A generated object, before any merge with an object of the same name.
#[derive(Debug)]
pub(crate) struct Generated {
    pub value: Value,
    /// Whether its name gets the content hash.
    pub hash: bool,
    /// `create`, `merge` or `replace`.
    pub behavior: String,
}

/// kustomize's `removeQuotes`: a value wholly in single or double quotes loses them.
fn unquote(value: &str) -> &str {
    let b = value.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && (b[0] == b'"' || b[0] == b'\'') {
        &value[1..value.len() - 1]
    } else {
        value
    }
}

/// A generator's value: text, or bytes that are not UTF-8 (a keystore), which kustomize puts
/// in a ConfigMap's `binaryData` (`api/kv/kv.go` and `api/internal/generators/utils.go`,
/// kustomize/v4.5.4: `utf8.Valid` decides).
#[derive(Debug)]
enum Datum {
    Text(String),
    Binary(Vec<u8>),
}

impl Datum {
    fn bytes(&self) -> &[u8] {
        match self {
            Datum::Text(text) => text.as_bytes(),
            Datum::Binary(bytes) => bytes,
        }
    }
}

/// The data of one generator entry, or why kustomize cannot make it.
fn data(
    dir: &Path,
    args: &GeneratorArgs,
    read: &mut dyn FnMut(&Path) -> Result<Vec<u8>, String>,
) -> Result<BTreeMap<String, Datum>, String> {
    let mut out = BTreeMap::new();
    let mut put = |key: String, value: Datum| -> Result<(), String> {
        if out.insert(key.clone(), value).is_some() {
            return Err(format!(
                "configmap {} illegally repeats the key `{key}`",
                args.name.as_deref().unwrap_or_default()
            ));
        }
        Ok(())
    };
    for file in args.envs.iter().chain(&args.env) {
        let bytes = read(&dir.join(file))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            format!("env file `{file}` is not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())
        })?;
        for line in text.lines() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(format!(
                    "env file `{file}`: line `{line}` has no `=` (kustomize would read the value from its own environment, which check does not model)"
                ));
            };
            put(key.to_owned(), Datum::Text(value.to_owned()))?;
        }
    }
    for literal in &args.literals {
        let Some((key, value)) = literal.split_once('=') else {
            return Err(format!("invalid literal source {literal}, expected key=value"));
        };
        put(key.to_owned(), Datum::Text(unquote(value).to_owned()))?;
    }
    for file in &args.files {
        let (key, path) = match file.split_once('=') {
            Some((key, path)) => (key.to_owned(), path),
            None => (
                Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                file.as_str(),
            ),
        };
        let datum = match String::from_utf8(read(&dir.join(path))?) {
            Ok(text) => Datum::Text(text),
            Err(e) => Datum::Binary(e.into_bytes()),
        };
        put(key, datum)?;
    }
    Ok(out)
}

/// The object one generator entry makes (`kind` is `ConfigMap` or `Secret`).
pub(crate) fn generate(
    dir: &Path,
    kind: &str,
    args: &GeneratorArgs,
    options: &GeneratorOptions,
    read: &mut dyn FnMut(&Path) -> Result<Vec<u8>, String>,
) -> Result<Generated, String> {
    let options = options.merged(args.options.as_ref());
    let data = data(dir, args, read)?;
    let mut metadata = Map::new();
    metadata.insert("name".into(), json!(args.name.clone().unwrap_or_default()));
    if let Some(ns) = &args.namespace {
        metadata.insert("namespace".into(), json!(ns));
    }
    if !options.labels.is_empty() {
        metadata.insert("labels".into(), json!(options.labels));
    }
    if !options.annotations.is_empty() {
        metadata.insert("annotations".into(), json!(options.annotations));
    }
    let mut value = json!({"apiVersion": "v1", "kind": kind, "metadata": metadata});
    let encode = encode_base64;
    if kind == "Secret" {
        let encoded: BTreeMap<String, String> = data.iter().map(|(k, v)| (k.clone(), encode(v.bytes()))).collect();
        value["type"] = json!(args.kind.clone().unwrap_or_else(|| "Opaque".to_owned()));
        if !encoded.is_empty() {
            value["data"] = json!(encoded);
        }
    } else {
        let mut text = BTreeMap::new();
        let mut binary = BTreeMap::new();
        for (key, datum) in &data {
            match datum {
                Datum::Text(t) => text.insert(key.clone(), t.clone()),
                Datum::Binary(b) => binary.insert(key.clone(), encode(b)),
            };
        }
        if !text.is_empty() {
            value["data"] = json!(text);
        }
        if !binary.is_empty() {
            value["binaryData"] = json!(binary);
        }
    }
    if options.immutable == Some(true) {
        value["immutable"] = json!(true);
    }
    Ok(Generated {
        value,
        hash: options.disable_name_suffix_hash != Some(true),
        behavior: args.behavior.clone().unwrap_or_else(|| "create".to_owned()),
    })
}

/// Base64 as kustomize writes a Secret's data and a ConfigMap's `binaryData`: in lines of 70
/// characters, each ended by a newline once there is more than one line
/// (kubernetes-sigs/kustomize, `kyaml/yaml/datamap.go` `encodeBase64`, kustomize/v4.5.4 and
/// kubectl kustomize 5.5 alike).
fn encode_base64(bytes: &[u8]) -> String {
    const LINE: usize = 70;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    if encoded.len() < LINE {
        return encoded;
    }
    let mut out = String::with_capacity(encoded.len() + encoded.len() / LINE + 1);
    for chunk in encoded.as_bytes().chunks(LINE) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out
}

/// Merges a generated object into the existing one of its name (`behavior: merge`): data
/// keys, labels and annotations of the new one win.
pub(crate) fn merge_into(existing: &mut Value, new: &Value) {
    for field in ["data", "binaryData"] {
        if let Some(Value::Object(added)) = new.get(field) {
            let target = existing.as_object_mut().map(|m| m.entry(field).or_insert_with(|| json!({})));
            if let Some(Value::Object(target)) = target {
                target.extend(added.clone());
            }
        }
    }
    // A Secret's type and `immutable` are the new generator's (kustomize's `behavior: merge`
    // copies them over, `Opaque` included).
    for field in ["type", "immutable"] {
        if let (Some(value), Some(map)) = (new.get(field), existing.as_object_mut()) {
            map.insert(field.to_owned(), value.clone());
        }
    }
    for field in ["labels", "annotations"] {
        if let Some(Value::Object(added)) = new.pointer(&format!("/metadata/{field}")) {
            let metadata = existing.pointer_mut("/metadata").and_then(Value::as_object_mut);
            if let Some(Value::Object(target)) = metadata.map(|m| m.entry(field).or_insert_with(|| json!({}))) {
                target.extend(added.clone());
            }
        }
    }
}

/// Go's `json.Marshal` of a string-keyed value: sorted keys, and `<`, `>` and `&` escaped.
fn go_json(value: &Value) -> String {
    let sorted = |v: &Value| -> Value {
        fn sort(v: &Value) -> Value {
            match v {
                Value::Object(m) => {
                    let ordered: BTreeMap<&String, Value> = m.iter().map(|(k, v)| (k, sort(v))).collect();
                    Value::Object(ordered.into_iter().map(|(k, v)| (k.clone(), v)).collect())
                }
                Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
                other => other.clone(),
            }
        }
        sort(v)
    };
    sorted(value).to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// The content hash kustomize appends to a generated name. Its hasher looks the name up as
/// one field called `metadata/name`, which no object has, so the name hashes as "" and only
/// the data (and a Secret's type) count.
pub fn hash(value: &Value) -> String {
    let field = |name: &str| match value.get(name) {
        None => json!(""),
        Some(Value::String(s)) => json!(s),
        Some(other @ Value::Object(_)) => other.clone(),
        Some(other) => json!(other.to_string()),
    };
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or_default();
    let mut m = Map::new();
    m.insert("kind".into(), json!(kind));
    m.insert("name".into(), json!(""));
    m.insert("data".into(), field("data"));
    if kind == "Secret" {
        m.insert("type".into(), field("type"));
        if let Some(string_data @ Value::Object(_)) = value.get("stringData") {
            m.insert("stringData".into(), string_data.clone());
        }
    } else if let Some(binary @ Value::Object(_)) = value.get("binaryData") {
        m.insert("binaryData".into(), binary.clone());
    }
    let digest = sha2::Sha256::digest(go_json(&Value::Object(m)).as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    hex.chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_kustomizes() {
        // Names kustomize 4.5.4 and 5.5 printed for these generators.
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "b"}});
        assert_eq!(hash(&cm), "4h2mbtbbt6");
        let env = json!({"kind": "ConfigMap", "metadata": {"name": "env"}, "data": {"LOG": "debug", "EMPTY": ""}});
        assert_eq!(hash(&env), "c26k4gg862");
        let secret =
            json!({"kind": "Secret", "type": "Opaque", "data": {"user": "YWRtaW4=", "password": "czNjciZ0PD4="}});
        assert_eq!(hash(&secret), "hk5d777ktt");
    }
}
