//! The embedded schemas (`crates/render/schemas/`) are what their generator writes, in both
//! stages (see `schema_gen`), and the generator keeps every object's check the same.
//!
//! `scripts/gen-schemas` runs the `stage1` and then the `stage2` test with
//! `OSCGEN_UPDATE_SCHEMAS=1` to rewrite the files. Stage 2's input (`structural/*.json`) is in
//! the repository, so it is always checked, and a missing input fails. Stage 1's input, the
//! upstream CRD copies, is kept outside the repository by design; without it the test says so
//! and checks what the repository alone can prove (`SOURCES.md` matches the structural files,
//! which hold nothing but validation keywords).

use crate::schema_gen;

use schema_gen::{draft4, schemas_dir, structural, sync, updating};
use serde_json::{Value, json};

#[test]
fn stage1_structural_schemas_and_their_sources() {
    let update = updating();
    let mut stale = Vec::new();
    let structural = match structural::upstream_dir() {
        Ok(upstream) => {
            let files = structural::from_upstream(&upstream);
            stale.extend(sync(&files, &["structural"], update));
            files
        }
        Err(why) => {
            assert!(!update, "scripts/gen-schemas needs the upstream CRD copies: {why}");
            eprintln!("stage 1 not checked against the upstream CRDs: {why}; checking SOURCES.md only");
            structural::read(&schemas_dir())
        }
    };
    stale.extend(sync(&structural::sources_table(&structural), &[], update));
    assert!(stale.is_empty(), "out of date: {stale:?}; run scripts/gen-schemas");
}

#[test]
fn stage2_draft4_parts_match_the_structural_schemas() {
    let files = draft4::generate(&structural::read(&schemas_dir()));
    let stale = sync(&files, &["draft4"], updating());
    assert!(stale.is_empty(), "out of date with structural/: {stale:?}; run scripts/gen-schemas");
}

#[test]
fn structural_schemas_hold_validation_keywords_and_their_source() {
    for (path, text) in structural::read(&schemas_dir()) {
        let file: Value = serde_json::from_str(&text).unwrap();
        let dropped: Vec<String> =
            file["versions"].as_object().unwrap().values().flat_map(structural::dropped_keywords).collect();
        assert!(dropped.is_empty(), "{path}: keywords that are not validation keywords: {dropped:?}");
        for field in ["repository", "path", "commit", "license"] {
            assert!(file["source"][field].is_string(), "{path}: no source.{field}");
        }
        assert!(file["group"].is_string() && file["kind"].is_string(), "{path}");
        assert!(file["versions"].as_object().is_some_and(|v| !v.is_empty()), "{path}: no versions");
    }
}

#[test]
fn parts_put_back_together_are_the_whole_schema() {
    let (mut versions, mut parts) = (0, 0);
    for (path, text) in structural::read(&schemas_dir()) {
        let file: Value = serde_json::from_str(&text).unwrap();
        for (version, schema) in file["versions"].as_object().unwrap() {
            let whole = draft4::root_schema(schema);
            let root = draft4::split(whole.clone());
            assert_eq!(draft4::reassemble(&root), whole, "{path} {version}");
            for part in &draft4::flatten(&root)[1..] {
                // The parent would apply it when the field is missing; `metadata` is checked apart.
                assert!(part.schema.get("default").is_none(), "{path} {version} {:?} has a default", part.fields);
                assert_ne!(part.fields, ["metadata"], "{path} {version}");
                parts += 1;
            }
            versions += 1;
        }
    }
    // The Subscription's spec.config and every status are cut out, at least.
    assert!(parts > versions, "{parts} parts in {versions} versions");
}

#[test]
fn the_split_follows_size_and_patterns() {
    let small = json!({"type": "object", "properties": {"s": {"type": "string", "maxLength": 1}}});
    let padding: serde_json::Map<String, Value> =
        (0..200).map(|i| (format!("field{i:03}"), json!({"type": "string"}))).collect();
    let structural = json!({"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
            "small": small,
            "large": {"type": "object", "properties": padding},
            "defaulted": {"type": "object", "default": {}, "properties": {"p": {"type": "string", "pattern": "^a$"}}},
            "matched": {"type": "string", "pattern": "^[a-z]+$"},
        }},
        "metadata": {"type": "object", "properties": {"name": {"type": "string", "pattern": "^a$"}}},
    }});
    let root = draft4::split(draft4::root_schema(&structural));
    let fields: Vec<String> = draft4::flatten(&root).iter().map(|p| p.fields.join(".")).collect();
    // `defaulted` stays (its parent applies its default), the pattern inside it does not.
    assert_eq!(fields, ["", "spec.large", "spec.defaulted.p", "spec.matched"]);
    assert_eq!(root.schema["properties"]["spec"]["properties"]["large"], json!({}));
}

#[test]
fn structural_to_draft4() {
    let cases = [
        (json!({"type": "object"}), json!({"type": "object", "additionalProperties": false})),
        (json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}), json!({"type": "object"})),
        (
            json!({"type": "object", "additionalProperties": {"type": "string"}}),
            json!({"type": "object", "additionalProperties": {"type": "string"}}),
        ),
        (json!({"x-kubernetes-int-or-string": true}), json!({"anyOf": [{"type": "integer"}, {"type": "string"}]})),
        (
            // controller-gen writes the `anyOf` itself.
            json!({"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]}),
            json!({"anyOf": [{"type": "integer"}, {"type": "string"}]}),
        ),
        (
            json!({"x-kubernetes-int-or-string": true, "anyOf": [{"pattern": "^a"}]}),
            json!({"anyOf": [{"pattern": "^a"}], "allOf": [{"anyOf": [{"type": "integer"}, {"type": "string"}]}]}),
        ),
        (
            json!({"type": "string", "nullable": true, "enum": ["a"]}),
            json!({"type": ["string", "null"], "enum": ["a", null]}),
        ),
        (
            json!({"type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true}),
            json!({"type": "object", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
                   "metadata": {"type": "object"}}}),
        ),
        (
            json!({"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}}),
            json!({"type": "array", "uniqueItems": true, "items": {"type": "string"}}),
        ),
        (
            json!({"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                   "items": {"type": "object", "properties": {"name": {"type": "string"}}}}),
            json!({"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}},
                   "additionalProperties": false}}),
        ),
    ];
    for (structural, expected) in cases {
        assert_eq!(draft4::to_json_schema(&structural), expected, "{structural}");
    }
    let root = draft4::root_schema(&json!({"properties": {"metadata": {"type": "object", "properties": {}}}}));
    assert_eq!(root, json!({"properties": {"metadata": {"type": "object"}}, "type": "object"}));
}
