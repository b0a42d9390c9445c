//! Stage 2: `structural/<name>.json` → `draft4/<name>/<version>/<part>.json` and
//! `draft4/index.rs`.
//!
//! Each served version's structural schema (OpenAPI v3.0 with `x-kubernetes-*` extensions) is
//! rewritten as JSON Schema draft 4 ([`to_json_schema`], [`root_schema`]) and cut into parts
//! that the runtime parses and compiles only when an object has their field ([`split`]): the
//! root, and every property subtree whose own schema (without the parts inside it) is at least
//! [`PART_BYTES`] long or has a `pattern`. Generated objects never carry a `status`, nor a
//! Subscription's `spec.config` (nine tenths of that CRD), nor a ContainerRuntimeConfig's
//! `logSizeMax` (a regular expression), and compiling those was most of the cost of a call.
//!
//! An object is checked exactly as against the whole schema: a part's parent keeps the field's
//! name (so it is not unknown) with the empty schema `{}` in its place, and a subtree with a
//! `default` of its own stays in its parent, which applies that default when the field is
//! missing. `defaults` are kept everywhere else: the runtime applies them before checking, as
//! the API server does.

use serde_json::{Map, Value, json};

use super::{Files, json_text};

/// A property subtree whose own schema (compact JSON, without the parts inside it) is at least
/// this long is a part of its own. In the embedded schemas only a few are: the `status` of some
/// CRDs, pieces of a Subscription's `spec.config` and of an old MachineConfig's `spec.config`.
/// Each part an object has costs a compile of its own, so a smaller size costs more than it
/// saves.
pub const PART_BYTES: usize = 1024;

/// The file name of a version's root part; the other parts are named by their fields
/// (`spec.config.json`).
pub const ROOT: &str = "root";

/// `anyOf` for `x-kubernetes-int-or-string`; the runtime recognizes it to say "is neither an
/// integer nor a string".
pub fn int_or_string() -> Value {
    json!([{ "type": "integer" }, { "type": "string" }])
}

/// The JSON Schema for a CRD's root: `metadata` is left open, it is checked against
/// `ObjectMeta` (as the API server does, whatever the CRD says).
pub fn root_schema(structural: &Value) -> Value {
    let mut schema = to_json_schema(structural);
    if let Some(map) = schema.as_object_mut() {
        map.insert("type".to_owned(), json!("object"));
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            properties.insert("metadata".to_owned(), json!({ "type": "object" }));
        }
    }
    schema
}

/// Rewrites a Kubernetes structural schema (OpenAPI v3.0 with `x-kubernetes-*` extensions)
/// as JSON Schema draft 4:
///
/// - `type: object` without `x-kubernetes-preserve-unknown-fields` and without
///   `additionalProperties` gets `additionalProperties: false`: any field not in `properties`
///   is unknown (pruned by the API server, an error under strict field validation).
/// - `x-kubernetes-int-or-string` becomes `anyOf: [integer, string]`.
/// - `nullable: true` adds `null` to `type` (and to `enum`).
/// - `x-kubernetes-embedded-resource` declares `apiVersion`, `kind` and `metadata`.
/// - `x-kubernetes-list-type: set` becomes `uniqueItems`.
/// - Every other `x-kubernetes-*` extension is dropped.
pub fn to_json_schema(node: &Value) -> Value {
    let Some(map) = node.as_object() else {
        return node.clone();
    };
    let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
    let (preserve, int_or_str, embedded, nullable) = (
        flag("x-kubernetes-preserve-unknown-fields"),
        flag("x-kubernetes-int-or-string"),
        flag("x-kubernetes-embedded-resource"),
        flag("nullable"),
    );
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "properties" => Value::Object(
                value.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), to_json_schema(v))).collect(),
            ),
            "additionalProperties" | "not" => to_json_schema(value),
            "items" => match value {
                Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
                other => to_json_schema(other),
            },
            "allOf" | "anyOf" | "oneOf" => {
                Value::Array(value.as_array().into_iter().flatten().map(to_json_schema).collect())
            }
            "type" if int_or_str => continue,
            "nullable" => continue,
            "x-kubernetes-list-type" => {
                if value == "set" {
                    out.insert("uniqueItems".to_owned(), Value::Bool(true));
                }
                continue;
            }
            k if k.starts_with("x-kubernetes-") => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if embedded {
        let properties = out.entry("properties").or_insert_with(|| json!({}));
        if let Value::Object(properties) = properties {
            for (field, schema) in [
                ("apiVersion", json!({"type": "string"})),
                ("kind", json!({"type": "string"})),
                ("metadata", json!({"type": "object"})),
            ] {
                properties.entry(field).or_insert(schema);
            }
        }
    }
    // CRDs generated by controller-gen already carry the same `anyOf`.
    if int_or_str && out.get("anyOf") != Some(&int_or_string()) {
        if out.contains_key("anyOf") {
            let all_of = out.entry("allOf").or_insert_with(|| json!([]));
            if let Value::Array(all_of) = all_of {
                all_of.push(json!({ "anyOf": int_or_string() }));
            }
        } else {
            out.insert("anyOf".to_owned(), int_or_string());
        }
    }
    let is_object = out.get("type").and_then(Value::as_str) == Some("object");
    if is_object && !preserve && !out.contains_key("additionalProperties") {
        out.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    if nullable {
        if let Some(Value::String(t)) = out.get("type") {
            let types = json!([t, "null"]);
            out.insert("type".to_owned(), types);
        }
        if let Some(Value::Array(options)) = out.get_mut("enum")
            && !options.contains(&Value::Null)
        {
            options.push(Value::Null);
        }
    }
    Value::Object(out)
}

/// A part of a version's draft-4 schema, with the parts cut out of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The fields leading to it from the object's root (none for the root).
    pub fields: Vec<String>,
    /// Its schema, each part in `inner` replaced by `{}`.
    pub schema: Value,
    /// The parts directly inside it, in field order.
    pub inner: Vec<Part>,
}

/// Cuts a version's whole draft-4 schema (from [`root_schema`]) into parts; the root part is
/// returned, the others are inside it.
pub fn split(whole: Value) -> Part {
    let mut root = Part { fields: Vec::new(), schema: whole, inner: Vec::new() };
    root.inner = cut(&mut root.schema, &mut Vec::new());
    root
}

/// Cuts the parts out of the property subtrees of `schema` (at `fields`) and returns them.
fn cut(schema: &mut Value, fields: &mut Vec<String>) -> Vec<Part> {
    let mut out = Vec::new();
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return out;
    };
    for (name, sub) in properties.iter_mut() {
        fields.push(name.clone());
        let inner = cut(sub, fields);
        let own_bytes = serde_json::to_string(sub).map_or(0, |text| text.len());
        // A regular expression costs more to compile than a large schema without one.
        let big = own_bytes >= PART_BYTES || has_pattern(sub);
        // The root's `metadata` is checked apart; a parent applies a part's own default.
        let part = big && fields.as_slice() != ["metadata"] && sub.get("default").is_none();
        if part {
            let schema = std::mem::replace(sub, json!({}));
            out.push(Part { fields: fields.clone(), schema, inner });
        } else {
            out.extend(inner);
        }
        fields.pop();
    }
    out
}

/// Whether a `pattern` keyword is anywhere in `schema` (a field named `pattern` counts too:
/// one part too many costs nothing).
fn has_pattern(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => map.iter().any(|(key, value)| key == "pattern" || has_pattern(value)),
        Value::Array(items) => items.iter().any(has_pattern),
        _ => false,
    }
}

/// The whole schema again: every inner part put back at its field.
pub fn reassemble(part: &Part) -> Value {
    let mut schema = part.schema.clone();
    for inner in &part.inner {
        let mut at = &mut schema;
        for field in &inner.fields[part.fields.len()..] {
            at = &mut at["properties"][field.as_str()];
        }
        *at = reassemble(inner);
    }
    schema
}

/// The parts of a version in file order: the root first, then each part followed by those
/// inside it.
pub fn flatten(root: &Part) -> Vec<&Part> {
    let mut out = vec![root];
    for inner in &root.inner {
        out.extend(flatten(inner));
    }
    out
}

/// The file of a part, relative to `draft4/`.
pub fn part_file(name: &str, version: &str, part: &Part) -> String {
    for field in &part.fields {
        assert!(
            !field.is_empty() && field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "{name} {version}: field {field:?} cannot be part of a file name"
        );
    }
    assert!(part.fields != [ROOT], "{name} {version}: a field named {ROOT:?} would be the root's file");
    let stem = if part.fields.is_empty() { ROOT.to_owned() } else { part.fields.join(".") };
    format!("{name}/{version}/{stem}.json")
}

/// Every part's `draft4/<name>/<version>/<part>.json` and `draft4/index.rs`, from the
/// structural schemas (`structural/<name>.json` → text).
pub fn generate(structural: &Files) -> Files {
    let mut files = Files::new();
    let mut index = String::new();
    let mut names = Vec::new();
    let mut id = 0;
    for (path, text) in structural {
        let name = path.strip_prefix("structural/").and_then(|p| p.strip_suffix(".json")).expect("structural/*.json");
        let file: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let constant = name.to_ascii_uppercase().replace(['-', '.'], "_");
        names.push(constant.clone());
        index.push_str(&format!(
            "\n/// `structural/{name}.json`.\nstatic {constant}: Crd = Crd {{\n    name: {name:?},\n    \
             group: {},\n    kind: {},\n    versions: &[\n",
            file["group"], file["kind"]
        ));
        for (version, structural) in file["versions"].as_object().expect("versions") {
            index.push_str(&format!("        Version {{\n            name: {version:?},\n            parts: &[\n"));
            let root = split(root_schema(structural));
            let parts = flatten(&root);
            for part in &parts {
                let file = part_file(name, version, part);
                let inner: Vec<String> = part
                    .inner
                    .iter()
                    .map(|i| {
                        parts.iter().position(|p| std::ptr::eq(*p, i)).expect("an inner part is listed").to_string()
                    })
                    .collect();
                let fields: Vec<String> = part.fields.iter().map(|f| format!("{f:?}")).collect();
                index.push_str(&format!(
                    "                part!({id}, {file:?}, [{}], [{}]),\n",
                    fields.join(", "),
                    inner.join(", ")
                ));
                files.insert(format!("draft4/{file}"), json_text(&part.schema));
                id += 1;
            }
            index.push_str("            ],\n        },\n");
        }
        index.push_str("    ],\n};\n");
    }
    let header = format!(
        "// Generated by scripts/gen-schemas (stage 2) from schemas/structural/; do not edit.\n\
         // Included by src/schema/crd.rs, which defines `Crd`, `Version` and `part!`.\n\n\
         /// How many parts the CRDs below have, each compiled at most once per process.\n\
         const PART_COUNT: usize = {id};\n\n\
         /// Every CRD below.\n\
         #[cfg(test)]\n\
         const CRDS: [&Crd; {}] = [\n{}];\n",
        names.len(),
        names.iter().map(|n| format!("    &{n},\n")).collect::<String>()
    );
    files.insert("draft4/index.rs".to_owned(), header + &index);
    files
}
