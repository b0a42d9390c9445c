//! Every fixture tree under `tests/trees/`, built in memory ([`MemFiles`]) with a host that
//! runs nothing: the objects each builds and the events it says, in one snapshot. No tool is
//! needed; `plugin/tests/suite/differential.rs` compares the same trees with kustomize 4.5.4 and
//! kubectl kustomize 5.5, through oscgen-check.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use oscgen_kustomize::{Builds, Event, Loader, MemFiles, Recorder, Spot};

/// The fixture trees.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/trees")
}

/// Every file under `dir`, by its path relative to `base`.
fn read_into(files: &mut MemFiles, base: &Path, dir: &Path) {
    for entry in std::fs::read_dir(dir).expect("the fixture directory can be listed") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_into(files, base, &path);
        } else {
            files.insert(path.strip_prefix(base).unwrap(), std::fs::read(&path).expect("a fixture file"));
        }
    }
}

fn at(spot: &Spot) -> String {
    let p = &spot.position;
    format!("{} ({}:{}:{})", spot.path, p.file, p.line.unwrap_or(0), p.column.unwrap_or(0))
}

/// One line per event: its kind, where, whether kustomize fails, and its main fact.
fn line(event: &Event) -> String {
    let (name, place, fact) = match event {
        Event::Deprecated { at: s, field, .. } => ("deprecated", at(s), field.clone()),
        Event::VersionsDiffer { at: s, detail } => ("versionsDiffer", at(s), detail.clone()),
        Event::Fails { at: s, message, .. } => ("fails", at(s), message.clone()),
        Event::NotModelled { at: s, field } => ("notModelled", at(s), field.clone()),
        Event::NotFollowed { at: s, entry } => ("notFollowed", at(s), entry.clone()),
        Event::ResourceNotFound { at: s, path, .. } => ("resourceNotFound", at(s), path.clone()),
        Event::Cycle { at: s, path, .. } => ("cycle", at(s), path.clone()),
        Event::NoKustomization { at: s, path, .. } => ("noKustomization", at(s), path.clone()),
        Event::ComponentAsResource { at: s, path, .. } => ("componentAsResource", at(s), path.clone()),
        Event::InvalidKustomization { at: s, message } => ("invalidKustomization", at(s), message.clone()),
        Event::PatchFailed { at: s, message, .. } => ("patchFailed", at(s), message.clone()),
        Event::PatchMatchesNothing { at: s, target, kept, opaque, .. } => {
            let kept = kept.as_ref().map(|k| format!(", {} keeps {}", k.field, k.kept)).unwrap_or_default();
            ("patchMatchesNothing", at(s), format!("{target}{kept}, opaque: {opaque}"))
        }
        Event::Unreadable { path, message, .. } => ("unreadable", path.clone(), message.clone()),
        Event::YamlSyntax { file, error } => ("yamlSyntax", file.clone(), error.message.clone()),
    };
    let fails = if event.fails() { " [kustomize fails]" } else { "" };
    format!("  {name} {place}{fails}: {fact}")
}

#[test]
fn fixture_trees_build_in_memory() {
    let root = root();
    let mut files = MemFiles::new();
    read_into(&mut files, &root, &root);
    let mut trees: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/trees exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.join("kustomization.yaml").is_file())
        .map(|p| PathBuf::from(p.file_name().unwrap()))
        .collect();
    trees.sort();
    assert!(trees.len() > 30, "{trees:?}");
    let mut text = String::new();
    for tree in &trees {
        let mut loader = Loader::new(Box::new(files.clone()), 1 << 20);
        let mut host = Recorder::default();
        let out = Builds::new().build_root(tree, &mut loader, &mut host);
        writeln!(text, "== {}", tree.display()).unwrap();
        for obj in out.iter().flat_map(|o| o.objects.iter()) {
            let id = obj.id();
            let namespace = id.namespace.map(|ns| format!(" in {ns}")).unwrap_or_default();
            writeln!(text, "  {} {}/{}{namespace}", id.api_version, id.kind, id.name).unwrap();
        }
        for event in &host.events {
            writeln!(text, "{}", line(event)).unwrap();
        }
    }
    insta::with_settings!({
        snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots/oscgen-kustomize"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("fixture-trees", text);
    });
}
