//! Trees built in memory: what each builds, and the events it says, by kind and field.

#![allow(clippy::expect_used)]

use std::path::Path;

use serde_json::{Value, json};

use crate::{Builds, Doc, Event, Events, Host, Loader, MemFiles, Output, Recorder};

/// Builds `dir` of the tree `files` with `host`.
fn build_with(files: &[(&str, &str)], dir: &str, host: &mut dyn Host) -> Option<Output> {
    let mut loader = Loader::new(Box::new(MemFiles::from_texts(files.iter().copied())), 1 << 20);
    Builds::new().build_root(Path::new(dir), &mut loader, host).map(|out| (*out).clone())
}

/// Builds `dir` with a host that runs nothing: the objects, and each event as (name, field,
/// fails).
fn build(files: &[(&str, &str)], dir: &str) -> (Vec<Value>, Vec<(String, String, bool)>) {
    let mut host = Recorder::default();
    let out = build_with(files, dir, &mut host);
    let objects = out.map(|o| o.objects.into_iter().map(|o| o.value).collect()).unwrap_or_default();
    (objects, host.events.iter().map(summary).collect())
}

fn summary(event: &Event) -> (String, String, bool) {
    let (name, at) = match event {
        Event::Deprecated { at, .. } => ("deprecated", Some(at)),
        Event::VersionsDiffer { at, .. } => ("versionsDiffer", Some(at)),
        Event::Fails { at, .. } => ("fails", Some(at)),
        Event::NotModelled { at, .. } => ("notModelled", Some(at)),
        Event::NotFollowed { at, .. } => ("notFollowed", Some(at)),
        Event::ResourceNotFound { at, .. } => ("resourceNotFound", Some(at)),
        Event::Cycle { at, .. } => ("cycle", Some(at)),
        Event::NoKustomization { at, .. } => ("noKustomization", Some(at)),
        Event::ComponentAsResource { at, .. } => ("componentAsResource", Some(at)),
        Event::InvalidKustomization { at, .. } => ("invalidKustomization", Some(at)),
        Event::PatchFailed { at, .. } => ("patchFailed", Some(at)),
        Event::PatchMatchesNothing { at, .. } => ("patchMatchesNothing", Some(at)),
        Event::Unreadable { at, .. } => ("unreadable", at.as_ref()),
        Event::YamlSyntax { .. } => ("yamlSyntax", None),
    };
    (name.to_owned(), at.map(|at| at.path.to_string()).unwrap_or_default(), event.fails())
}

fn events(expected: &[(&str, &str, bool)]) -> Vec<(String, String, bool)> {
    expected.iter().map(|(n, p, f)| ((*n).to_owned(), (*p).to_owned(), *f)).collect()
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n\
    spec: {replicas: 1, template: {spec: {containers: [{name: web, image: nginx}]}}}\n";

#[test]
fn resources_patch_and_prefix() {
    let files = [
        ("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
        ("base/deploy.yaml", DEPLOYMENT),
        (
            "dev/kustomization.yaml",
            "resources: [../base]\nnamePrefix: dev-\nnamespace: apps\npatches:\n\
             - target: {kind: Deployment, name: web}\n  patch: |-\n    - {op: replace, path: /spec/replicas, value: 3}\n",
        ),
    ];
    let (objects, found) = build(&files, "dev");
    assert_eq!(found, events(&[]));
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].pointer("/metadata/name"), Some(&json!("dev-web")));
    assert_eq!(objects[0].pointer("/metadata/namespace"), Some(&json!("apps")));
    assert_eq!(objects[0].pointer("/spec/replicas"), Some(&json!(3)));
}

#[test]
fn a_patch_that_matches_nothing_carries_the_facts() {
    let files = [
        (
            "app/kustomization.yaml",
            "resources: [deploy.yaml]\npatches:\n- path: p.yaml\n  target: {kind: Deployment, name: webb}\n",
        ),
        ("app/deploy.yaml", DEPLOYMENT),
        ("app/p.yaml", "- {op: replace, path: /spec/replicas, value: 3}\n"),
    ];
    let mut host = Recorder::default();
    build_with(&files, "app", &mut host);
    let [Event::PatchMatchesNothing { at, fails, kept, left, opaque, .. }] = host.events.as_slice() else {
        panic!("{:?}", host.events)
    };
    assert_eq!(at.path.to_string(), "patches[0].target.name");
    assert!(!fails && !opaque);
    // The Deployment it was meant for (all but its name) keeps its value.
    let kept = kept.as_ref().expect("the value kept");
    assert_eq!((kept.field.as_str(), kept.kept.as_str(), kept.intended.as_str()), ("spec.replicas", "`1`", "`3`"));
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn config_map_generator_reads_its_files() {
    let files = [
        (
            "app/kustomization.yaml",
            "configMapGenerator:\n- name: settings\n  files: [app.properties]\n  literals: [mode=fast]\n",
        ),
        ("app/app.properties", "level=debug\n"),
    ];
    let (objects, found) = build(&files, "app");
    assert_eq!(found, events(&[]));
    assert_eq!(objects[0].pointer("/data"), Some(&json!({"app.properties": "level=debug\n", "mode": "fast"})));
}

#[test]
fn missing_files_and_bad_yaml_say_where() {
    let files = [
        (
            "app/kustomization.yaml",
            "resources: [gone.yaml, ../nowhere, bad.yaml]\nconfigMapGenerator:\n- name: c\n  files: [absent.txt]\n",
        ),
        ("app/bad.yaml", "a: [1, 2\n"),
    ];
    let (objects, found) = build(&files, "app");
    assert!(objects.is_empty(), "{objects:?}");
    assert_eq!(
        found,
        events(&[
            ("resourceNotFound", "resources[0]", true),
            ("resourceNotFound", "resources[1]", true),
            ("yamlSyntax", "", true),
            ("fails", "configMapGenerator[0]", true),
        ])
    );
}

#[test]
fn cycles_and_remote_bases() {
    let files = [
        ("a/kustomization.yaml", "resources: [../b, https://github.com/x/y//base?ref=v1]\n"),
        ("b/kustomization.yaml", "resources: [../a]\n"),
    ];
    let mut host = Recorder::default();
    let out = build_with(&files, "a", &mut host).expect("a build");
    assert!(out.opaque);
    let found: Vec<_> = host.events.iter().map(summary).collect();
    assert_eq!(found, events(&[("cycle", "resources[0]", true), ("notFollowed", "resources[1]", false)]));
}

/// A host that generates one ConfigMap from each config of kind `Gen`, and reports nothing.
struct Generator(Vec<Event>);

impl Events for Generator {
    fn event(&mut self, event: Event) {
        self.0.push(event);
    }
}

impl Host for Generator {
    fn generate(&mut self, doc: &Doc) -> Option<Vec<Value>> {
        (doc.value["kind"] == "Gen").then(|| {
            let name = doc.value.pointer("/metadata/name").cloned().unwrap_or_default();
            vec![json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}})]
        })
    }
}

#[test]
fn the_host_runs_function_configs() {
    let files = [
        ("app/kustomization.yaml", "generators: [gen.yaml, other.yaml]\nnameSuffix: -x\n"),
        ("app/gen.yaml", "apiVersion: example.com/v1\nkind: Gen\nmetadata: {name: made}\n"),
        ("app/other.yaml", "apiVersion: example.com/v1\nkind: Unknown\nmetadata: {name: other}\n"),
    ];
    let mut host = Generator(Vec::new());
    let out = build_with(&files, "app", &mut host).expect("a build");
    let names: Vec<&Value> = out.objects.iter().filter_map(|o| o.value.pointer("/metadata/name")).collect();
    assert_eq!(names, [&json!("made-x")]);
    // A config the host does not run is not followed, and the build is incomplete.
    assert!(out.opaque);
    let found: Vec<_> = host.0.iter().map(summary).collect();
    assert_eq!(found, events(&[("notFollowed", "generators[1]", false)]));
}

#[test]
fn a_component_listed_as_a_resource_fails() {
    let files = [
        ("app/kustomization.yaml", "resources: [../comp]\n"),
        ("comp/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"),
    ];
    let (_, found) = build(&files, "app");
    assert_eq!(found, events(&[("componentAsResource", "resources[0]", true)]));
}

#[test]
fn a_base_kustomization_that_does_not_parse_is_told_after_the_component_look() {
    // Whether a directory under `resources` holds a Component is looked up first, without
    // events; the syntax error must still reach the build's host.
    let files = [
        ("base/kustomization.yaml", "resources: [deploy.yaml\n"),
        ("base/deploy.yaml", DEPLOYMENT),
        ("app/kustomization.yaml", "resources: [../base]\n"),
    ];
    let (objects, found) = build(&files, "app");
    assert!(objects.is_empty());
    assert_eq!(found.iter().filter(|(name, _, _)| name == "yamlSyntax").count(), 1, "{found:?}");
}

#[test]
fn a_list_kind_without_items_is_where_the_versions_differ() {
    let files = [
        ("app/kustomization.yaml", "resources: [r.yaml]\n"),
        ("app/r.yaml", "apiVersion: example.com/v1\nkind: FooList\nmetadata: {name: x}\nspec: {a: 1}\n"),
    ];
    let (objects, found) = build(&files, "app");
    // Built as kubectl kustomize 5.5 builds it, and the difference to 4.5.4 said.
    assert_eq!(objects.len(), 1);
    assert_eq!(found, events(&[("versionsDiffer", "resources[0]", false)]));
}
