//! Stage 1: the upstream CRDs → `structural/<name>.json` and `SOURCES.md`.
//!
//! Each JSON file holds, per served version, the CRD's `openAPIV3Schema` reduced to the
//! keywords a validator reads (an allowlist): every `description`, `example` and CEL rule with
//! its message is dropped, so no upstream prose is copied into the repository. `source` says
//! where the CRD came from (repository, path, commit, license), read from the provenance table
//! kept beside the CRD copies; `SOURCES.md` is the same facts as one table. The CRD copies are
//! in two directories of the reference material: `crds/` (OLM, MCO, the operator's) and
//! `fleet/acm-crds/` (RHACM governance and placement), each with its own provenance table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::{Files, json_text};

/// The schemas, by the name of the CRD copy each is made from (`<name>.yaml` →
/// `structural/<name>.json`).
pub const NAMES: &[&str] = &[
    "containerruntimeconfig-mco-release-4.10",
    "containerruntimeconfig-openshift-api-default",
    "kataconfig-osc-1.1",
    "kataconfig-osc-devel",
    "machineconfig-mco-release-4.10",
    "machineconfig-openshift-api",
    "machineconfigpool-mco-release-4.10",
    "machineconfigpool-openshift-api",
    "operatorgroup-operators.coreos.com",
    "subscription-operators.coreos.com",
    "catalogsource-operators.coreos.com",
    "policy-governance-policy-propagator",
    "placementbinding-governance-policy-propagator",
    "configurationpolicy-config-policy-controller",
    "operatorpolicy-config-policy-controller",
    "placement-ocm-api",
    "managedclustersetbinding-ocm-api",
    "kustomization-kustomize-controller",
    "kbsconfig-trustee-operator-v0.3.0",
    "kbsconfig-trustee-operator-v0.5.0",
    "kbsconfig-trustee-operator-v0.19.0",
    "trusteeconfig-trustee-operator-v0.19.0",
];

/// The Trustee CRD copies (in `coco/upstream/trustee-operator/<tag>/` of the reference
/// material): schema name, directory, file, and the tag's commit, as that directory's
/// provenance table (`coco/upstream/SOURCES.md`) gives it.
const TRUSTEE: &[(&str, &str, &str, &str)] = &[
    (
        "kbsconfig-trustee-operator-v0.3.0",
        "coco/upstream/trustee-operator/v0.3.0",
        "confidentialcontainers.org_kbsconfigs.yaml",
        "7b3a7b1208ca88563776ae1436b2bad88364dec9",
    ),
    (
        "kbsconfig-trustee-operator-v0.5.0",
        "coco/upstream/trustee-operator/v0.5.0",
        "confidentialcontainers.org_kbsconfigs.yaml",
        "00a298e1733a6f632b787f76dca7b70320c673e8",
    ),
    (
        "kbsconfig-trustee-operator-v0.19.0",
        "coco/upstream/trustee-operator/v0.19.0",
        "confidentialcontainers.org_kbsconfigs.yaml",
        "841b4664068da301628bd1e38dab57651c329829",
    ),
    (
        "trusteeconfig-trustee-operator-v0.19.0",
        "coco/upstream/trustee-operator/v0.19.0",
        "confidentialcontainers.org_trusteeconfigs.yaml",
        "841b4664068da301628bd1e38dab57651c329829",
    ),
];

/// Schemas whose structural file is the input itself: their validation keywords were
/// transcribed from the upstream CRD at the commit their `source` names (which says so in a
/// `note`), since no copy of that CRD is kept with the reference material. Stage 1 keeps them
/// as they are; stage 2 and `SOURCES.md` treat them like the others.
pub const TRANSCRIBED: &[&str] = &["kustomization-kustomize-controller", "catalogsource-operators.coreos.com"];

/// Where the CRD copy of schema `name` is: its directory under the reference material and its
/// file there. The RHACM copies keep their upstream kind as the file name.
pub fn upstream_file(name: &str) -> (&'static str, String) {
    let acm = [
        ("policy-governance-policy-propagator", "Policy.yaml"),
        ("placementbinding-governance-policy-propagator", "PlacementBinding.yaml"),
        ("configurationpolicy-config-policy-controller", "ConfigurationPolicy.yaml"),
        ("operatorpolicy-config-policy-controller", "OperatorPolicy.yaml"),
        ("placement-ocm-api", "Placement.yaml"),
        ("managedclustersetbinding-ocm-api", "ManagedClusterSetBinding.yaml"),
    ];
    if let Some((_, dir, file, _)) = TRUSTEE.iter().find(|(n, ..)| *n == name) {
        return (dir, (*file).to_owned());
    }
    match acm.iter().find(|(n, _)| *n == name) {
        Some((_, file)) => ("fleet/acm-crds", (*file).to_owned()),
        None => ("crds", format!("{name}.yaml")),
    }
}

/// Every upstream repository the CRDs come from is Apache-2.0 (its top-level `LICENSE` at the
/// commit used).
const LICENSE: &str = "Apache-2.0";

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

/// Where the reference material with the CRD copies is: `$OSCGEN_SHARED/reference`, else
/// `shared/reference` beside the repository (each holding `crds/` and `fleet/acm-crds/`). `Err`
/// says why there is none; a directory `OSCGEN_SHARED` names that does not exist is a mistake,
/// not a reason to skip.
pub fn upstream_dir() -> Result<PathBuf, String> {
    if let Some(shared) = std::env::var_os("OSCGEN_SHARED") {
        let dir = PathBuf::from(shared).join("reference");
        assert!(dir.join("crds").is_dir(), "OSCGEN_SHARED is set, but {}/crds is not a directory", dir.display());
        return Ok(dir);
    }
    // crates/render -> the repository -> the directory holding it.
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(3).map(|up| up.join("shared/reference"));
    match beside {
        Some(dir) if dir.join("crds").is_dir() => Ok(dir),
        _ => Err("the upstream CRD copies are kept outside the repository (shared/reference/crds beside it, \
                  or $OSCGEN_SHARED/reference/crds), and there are none here"
            .to_owned()),
    }
}

/// A schema node with only the kept keywords, recursing through the sub-schemas. Keys under
/// `properties` are field names, never keywords, so they are all kept.
pub fn strip(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        if !KEEP.contains(&key.as_str()) {
            continue;
        }
        let value = match (key.as_str(), value) {
            ("properties", Value::Object(fields)) => {
                Value::Object(fields.iter().map(|(k, v)| (k.clone(), strip(v))).collect())
            }
            ("items" | "additionalProperties" | "not", Value::Array(items)) => {
                Value::Array(items.iter().map(strip).collect())
            }
            ("items" | "additionalProperties" | "not", other) => strip(other),
            ("allOf" | "anyOf" | "oneOf", Value::Array(items)) => Value::Array(items.iter().map(strip).collect()),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// Repository, path and commit of each CRD copy, by file name, from the provenance table
/// beside them. `crds/`'s rows are `` | `<file>` | kind | repository | `path` | `commit` (note) |
/// ... ``; `fleet/acm-crds/`'s are `` | `<file>` | kind | repository @ `commit` | `path` | ... ``,
/// where `same repo @ same HEAD` repeats the row above.
fn upstream_sources(table: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let mut previous: Option<(String, String)> = None;
    for row in table.lines().filter(|line| line.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let clean = |cell: &str| cell.trim_matches('`').to_owned();
        // `ManagedClusterSetBinding.yaml` (extra): the file name is the first word.
        let file = clean(cells[1].split_whitespace().next().unwrap_or_default());
        if !file.ends_with(".yaml") {
            continue;
        }
        let (repository, commit) = match cells[3].split_once(" @ ") {
            Some(("same repo", _)) => {
                previous.clone().unwrap_or_else(|| panic!("{file}: `same repo` on the first row"))
            }
            Some((repository, commit)) => (repository.to_owned(), clean(commit)),
            None => (clean(cells[3]), clean(cells[5].split_whitespace().next().unwrap_or_default())),
        };
        previous = Some((repository.clone(), commit.clone()));
        let source = json!({
            "repository": repository,
            "path": clean(cells[4]),
            "commit": commit,
            "license": LICENSE,
        });
        out.insert(file, source);
    }
    out
}

/// `structural/<name>.json` for every CRD copy in `upstream` (the first half of stage 1).
pub fn from_upstream(upstream: &Path) -> Files {
    let read = |file: &str| {
        let path = upstream.join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let mut sources = upstream_sources(&read("crds/SOURCES.md"));
    sources
        .extend(upstream_sources(&read("fleet/acm-crds/SOURCES.md")).into_iter().map(|(f, s)| (format!("acm/{f}"), s)));
    // The Trustee copies' table names each tag's commit; the row must be there.
    let coco = read("coco/upstream/SOURCES.md");
    for (name, dir, file, commit) in TRUSTEE {
        let local = format!("{}/{file}", dir.trim_start_matches("coco/upstream/"));
        assert!(coco.contains(&local), "coco/upstream/SOURCES.md has no row for {local} ({name})");
        assert!(coco.contains(commit), "coco/upstream/SOURCES.md does not name commit {commit} ({name})");
        let source = json!({
            "repository": "confidential-containers/trustee-operator",
            "path": format!("config/crd/bases/{file}"),
            "commit": commit,
            "license": LICENSE,
        });
        sources.insert(format!("trustee/{name}"), source);
    }
    let mut files = Files::new();
    for name in NAMES {
        if TRANSCRIBED.contains(name) {
            let path = format!("structural/{name}.json");
            let text =
                std::fs::read_to_string(super::schemas_dir().join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            files.insert(path, text);
            continue;
        }
        let (dir, file) = upstream_file(name);
        let text = read(&format!("{dir}/{file}"));
        // Several CRD files start with a `---` line: one document all the same.
        let documents: Vec<Value> = oscgen_render::yaml::documents(&text)
            .expect("a CRD copy is YAML")
            .into_iter()
            .filter(|d| !d.is_null())
            .collect();
        assert_eq!(documents.len(), 1, "{name}: one CRD per file");
        let crd = &documents[0];
        assert_eq!(crd["kind"], "CustomResourceDefinition", "{name}");
        let mut versions = Map::new();
        for version in crd["spec"]["versions"].as_array().expect("spec.versions") {
            if version["served"] != Value::Bool(true) {
                continue;
            }
            let schema = &version["schema"]["openAPIV3Schema"];
            assert!(schema.is_object(), "{name}: version {} has no openAPIV3Schema", version["name"]);
            versions.insert(version["name"].as_str().expect("a version name").to_owned(), strip(schema));
        }
        let key = match dir {
            "crds" => file.clone(),
            _ if dir.starts_with("coco/") => format!("trustee/{name}"),
            _ => format!("acm/{file}"),
        };
        let source = sources.get(&key).unwrap_or_else(|| panic!("the provenance table of {dir} has no row for {file}"));
        let schema = json!({
            "source": source,
            "group": crd["spec"]["group"],
            "kind": crd["spec"]["names"]["kind"],
            "versions": versions,
        });
        files.insert(format!("structural/{name}.json"), json_text(&schema));
    }
    files
}

/// The checked-in `structural/*.json`, read from `dir` (the schemas directory).
pub fn read(dir: &Path) -> Files {
    NAMES
        .iter()
        .map(|name| {
            let path = format!("structural/{name}.json");
            let text = std::fs::read_to_string(dir.join(&path))
                .unwrap_or_else(|e| panic!("{path}: {e} (stage 2's input is part of the repository)"));
            (path, text)
        })
        .collect()
}

/// `SOURCES.md`, the provenance of every structural schema as one table, made from their own
/// `source` (the second half of stage 1).
pub fn sources_table(structural: &Files) -> Files {
    let mut text = String::from(
        "# Sources\n\n\
         The upstream CustomResourceDefinitions the schemas are made from. Generated by\n\
         `scripts/gen-schemas` from each `structural/*.json`'s `source`; do not edit.\n\n\
         | Schema | Kind | Group | Served versions | Repository | Path | Commit | License |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for (path, json) in structural {
        let schema: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
        let field =
            |value: &Value| value.as_str().unwrap_or_else(|| panic!("{path}: {value} is not a string")).to_owned();
        let source = &schema["source"];
        let versions: Vec<&str> =
            schema["versions"].as_object().map(|v| v.keys().map(String::as_str).collect()).unwrap_or_default();
        text.push_str(&format!(
            "| `{path}` | {} | `{}` | {} | {} | `{}` | `{}` | {} |\n",
            field(&schema["kind"]),
            field(&schema["group"]),
            versions.join(", "),
            field(&source["repository"]),
            field(&source["path"]),
            field(&source["commit"]),
            field(&source["license"]),
        ));
    }
    Files::from([("SOURCES.md".to_owned(), text)])
}

/// Keyword-like keys outside `properties` that a structural file should not have: what
/// [`strip`] drops, found anywhere in `schema`.
pub fn dropped_keywords(schema: &Value) -> Vec<String> {
    let mut found = Vec::new();
    collect_dropped(schema, &mut found);
    found
}

fn collect_dropped(schema: &Value, found: &mut Vec<String>) {
    match schema {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("properties", Value::Object(fields)) => fields.values().for_each(|v| collect_dropped(v, found)),
                    _ if !KEEP.contains(&key.as_str()) => found.push(key.clone()),
                    // An `enum` or `default` holds values, not schemas.
                    ("enum" | "default", _) => {}
                    _ => collect_dropped(child, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_dropped(v, found)),
        _ => {}
    }
}
