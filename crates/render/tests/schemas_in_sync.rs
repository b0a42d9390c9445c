//! The generator of `crates/render/schemas/*.json`, and the test that they match the upstream
//! CRDs in `shared/reference/crds/`.
//!
//! Each JSON file holds, per served version, the CRD's `openAPIV3Schema` reduced to the
//! keywords a validator reads (an allowlist): every `description`, `example` and CEL rule with
//! its message is dropped, so no upstream prose is copied into the repository. The provenance
//! (repository, path, commit) comes from the table in `SOURCES.md`.
//!
//! `scripts/gen-schemas` runs this test with `OSCGEN_UPDATE_SCHEMAS=1` to rewrite the files.
//! Without the reference directory (a checkout without `shared/` beside it) the test prints why
//! and passes: the checked-in files are then all there is to compare with.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde_json::{Map, Value};

/// The CRD copies the schemas are made from, as named in `shared/reference/crds/`.
const CRDS: &[&str] = &[
    "containerruntimeconfig-mco-release-4.10.yaml",
    "containerruntimeconfig-openshift-api-default.yaml",
    "kataconfig-osc-1.1.yaml",
    "kataconfig-osc-devel.yaml",
    "machineconfig-mco-release-4.10.yaml",
    "machineconfig-openshift-api.yaml",
    "machineconfigpool-mco-release-4.10.yaml",
    "machineconfigpool-openshift-api.yaml",
    "operatorgroup-operators.coreos.com.yaml",
    "subscription-operators.coreos.com.yaml",
];

/// Schema keywords kept. Everything else (`description`, `example`, `title`, `externalDocs`,
/// `x-kubernetes-validations`, ...) is dropped.
const KEEP: &[&str] = &[
    "type",
    "format",
    "nullable",
    "default",
    "enum",
    "pattern",
    "required",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-int-or-string",
    "x-kubernetes-embedded-resource",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-map-type",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("OSCGEN_SHARED").map(PathBuf::from),
        Some(manifest_dir().join("../../../shared")),
        Some(PathBuf::from("/work/shared")),
    ];
    candidates.into_iter().flatten().map(|shared| shared.join("reference/crds")).find(|dir| dir.is_dir())
}

/// A schema node with only the kept keywords, recursing through the sub-schemas. Keys under
/// `properties` are field names, never keywords, so they are all kept.
fn strip(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        if !KEEP.contains(&key.as_str()) {
            continue;
        }
        let value = match key.as_str() {
            "properties" => {
                Value::Object(value.as_object().unwrap().iter().map(|(k, v)| (k.clone(), strip(v))).collect())
            }
            "items" | "additionalProperties" | "not" => match value {
                Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
                other => strip(other),
            },
            "allOf" | "anyOf" | "oneOf" => Value::Array(value.as_array().unwrap().iter().map(strip).collect()),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Repository, path and commit of `file`, from its row in the SOURCES.md table.
fn provenance(sources: &str, file: &str) -> Value {
    let row = sources
        .lines()
        .find(|line| line.starts_with(&format!("| `{file}`")))
        .unwrap_or_else(|| panic!("SOURCES.md has no row for {file}"));
    let cells: Vec<&str> = row.split('|').map(str::trim).collect();
    let clean = |cell: &str| cell.trim_matches('`').to_owned();
    let commit = cells[5].split_whitespace().next().unwrap_or_default();
    serde_json::json!({
        "file": file,
        "repository": clean(cells[3]),
        "path": clean(cells[4]),
        "commit": clean(commit),
        "license": "Apache-2.0",
    })
}

/// The stripped JSON for one CRD file, as written to `schemas/`.
fn generate(crd_text: &str, file: &str, sources: &str) -> String {
    let documents = oscgen_render::yaml::documents(crd_text).unwrap();
    assert_eq!(documents.len(), 1, "{file}: one CRD per file");
    let crd = &documents[0];
    assert_eq!(crd["kind"], "CustomResourceDefinition", "{file}");
    let mut versions = Map::new();
    for version in crd["spec"]["versions"].as_array().unwrap() {
        if version["served"] != Value::Bool(true) {
            continue;
        }
        let schema = &version["schema"]["openAPIV3Schema"];
        assert!(schema.is_object(), "{file}: version {} has no openAPIV3Schema", version["name"]);
        versions.insert(version["name"].as_str().unwrap().to_owned(), strip(schema));
    }
    let out = serde_json::json!({
        "source": provenance(sources, file),
        "group": crd["spec"]["group"],
        "kind": crd["spec"]["names"]["kind"],
        "versions": versions,
    });
    let mut text = serde_json::to_string_pretty(&out).unwrap();
    text.push('\n');
    text
}

fn schema_path(crd_file: &str) -> PathBuf {
    let stem = crd_file.strip_suffix(".yaml").unwrap();
    manifest_dir().join("schemas").join(format!("{stem}.json"))
}

#[test]
fn schemas_match_the_reference_crds() {
    let Some(dir) = reference_dir() else {
        eprintln!("skipped: no shared/reference/crds beside the repository (set OSCGEN_SHARED to its shared/)");
        return;
    };
    let update = std::env::var_os("OSCGEN_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).unwrap();
    let mut stale = Vec::new();
    for file in CRDS {
        let crd = std::fs::read_to_string(dir.join(file)).unwrap();
        let expected = generate(&crd, file, &sources);
        let path = schema_path(file);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != expected {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &expected).unwrap();
                eprintln!("wrote {}", path.display());
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(stale.is_empty(), "out of date with {}: {stale:?}; run scripts/gen-schemas", dir.display());
}

#[test]
fn no_prose_in_the_checked_in_schemas() {
    for file in CRDS {
        let text = std::fs::read_to_string(schema_path(file)).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let mut found = Vec::new();
        keywords_outside_properties(&value["versions"], false, &mut found);
        assert!(found.is_empty(), "{file}: dropped keywords present: {found:?}");
    }
}

/// Collects `description`-like keywords that are schema keywords (not field names).
fn keywords_outside_properties(value: &Value, under_properties: bool, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if !under_properties && ["description", "example", "x-kubernetes-validations"].contains(&key.as_str()) {
                    found.push(key.clone());
                }
                keywords_outside_properties(child, !under_properties && key == "properties", found);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keywords_outside_properties(v, false, found)),
        _ => {}
    }
}
