//! Cost of oscgen's own work, in process: one operator set, the full node object set, the
//! function path (ResourceList text in, ResourceList text out) and fleets of 1,000 and 10,000
//! distinct runtime configs. Whole-process costs next to kustomize and kpt are measured by
//! `scripts/bench`, which writes BENCHMARKS.md.
//!
//! `cargo bench -p oscgen-render` measures rendering alone; add `--features validate` to
//! include the schema checks the `oscgen` binary runs (compiled once per process, so this
//! measures their warm cost; the one-time compile shows in `scripts/bench`).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use oscgen_render::api::oscgen::v1alpha1::{HandlerSpec, LabelValue, Overhead, PoolSelector, RuntimeSpec};
use oscgen_render::{config, render, render_operator, render_runtime, yaml, Config, OperatorSpec};
use serde_json::{json, Map, Value};

/// The guide's operator config, as kustomize hands it to a generator.
const OPERATOR_LIST: &str = r#"apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: oscgen.dev/v1alpha1
  kind: SandboxedContainersOperator
  metadata:
    annotations:
      config.k8s.io/id: '1'
      config.kubernetes.io/function: |
        exec:
          path: oscgen
      config.kubernetes.io/index: '0'
      config.kubernetes.io/local-config: 'true'
      internal.config.kubernetes.io/annotations-migration-resource-id: '0'
      internal.config.kubernetes.io/id: '1'
      internal.config.kubernetes.io/index: '0'
    name: sandboxed-containers-operator
  spec:
    channel: preview-1.1
functionConfig:
  apiVersion: oscgen.dev/v1alpha1
  kind: SandboxedContainersOperator
  metadata:
    annotations:
      config.kubernetes.io/function: |
        exec:
          path: oscgen
      config.kubernetes.io/local-config: 'true'
    name: sandboxed-containers-operator
  spec:
    channel: preview-1.1
"#;

/// The guide's KataRuntime (`default` overlay), as kustomize hands it to a generator.
const RUNTIME_LIST: &str = r#"apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- apiVersion: oscgen.dev/v1alpha1
  kind: KataRuntime
  metadata:
    annotations:
      config.k8s.io/id: '1'
      config.kubernetes.io/function: |
        exec:
          path: oscgen
      config.kubernetes.io/index: '0'
      config.kubernetes.io/local-config: 'true'
      internal.config.kubernetes.io/annotations-migration-resource-id: '0'
      internal.config.kubernetes.io/id: '1'
      internal.config.kubernetes.io/index: '0'
    name: cluster-kataconfig
  spec:
    poolSelector:
      matchLabels:
        kata: "true"
    release: 1.1.0
functionConfig:
  apiVersion: oscgen.dev/v1alpha1
  kind: KataRuntime
  metadata:
    annotations:
      config.kubernetes.io/function: |
        exec:
          path: oscgen
      config.kubernetes.io/local-config: 'true'
    name: cluster-kataconfig
  spec:
    poolSelector:
      matchLabels:
        kata: "true"
    release: 1.1.0
"#;

/// What the function does with a ResourceList, using only this crate (the binary's
/// `krm` module adds identity matching and result entries, both linear in a handful of items):
/// parse, read the functionConfig, render, append the objects, serialize.
fn function_call(text: &str) -> String {
    let mut documents = yaml::documents(text).unwrap();
    let Some(Value::Object(mut root)) = documents.pop() else { panic!("not a ResourceList") };
    let fc = root.remove("functionConfig").unwrap();
    let mut items = match root.remove("items") {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let config = config::from_value(&fc).unwrap();
    let rendered = render(std::slice::from_ref(&config)).unwrap();
    for object in &rendered.objects {
        items.push(object.to_value().unwrap());
    }
    let mut list = Map::new();
    list.insert("apiVersion".into(), json!("config.kubernetes.io/v1"));
    list.insert("kind".into(), json!("ResourceList"));
    list.insert("items".into(), Value::Array(items));
    yaml::to_string(&Value::Object(list)).unwrap()
}

/// Every node object: 1.3 on OpenShift 4.12 with a log level (so the ContainerRuntimeConfig),
/// a custom pool selector and a custom handler (its drop-in MachineConfig and RuntimeClass).
fn node_spec() -> RuntimeSpec {
    RuntimeSpec {
        name: Some("cluster-kataconfig".into()),
        release: Some("1.3.0".into()),
        pool_selector: Some(PoolSelector {
            match_labels: [("kata".to_owned(), LabelValue::from("true"))].into(),
            ..Default::default()
        }),
        check_node_eligibility: Some(true),
        log_level: Some("debug".into()),
        render_node_objects: true,
        runtime_handler: Some(HandlerSpec {
            name: Some("kata-custom".into()),
            runtime_config_path: Some("/etc/kata-containers/custom.toml".into()),
            allowed_annotations: vec!["io.katacontainers.*".into()],
            overhead: Some(Overhead { cpu: Some("500m".into()), memory: Some("512Mi".into()) }),
            ..Default::default()
        }),
        openshift_version: Some("4.12".into()),
        ..Default::default()
    }
}

const RELEASES: &[&str] = &["1.0.2", "1.1.0", "1.2.0", "1.3.0", "1.3.2", "1.4.0", "1.5.3", "1.6.0", "1.7.0"];

/// `n` distinct configs: pools, releases, handlers, node objects on or off all vary.
fn fleet(n: usize) -> Vec<Config> {
    (0..n)
        .map(|i| {
            let release = RELEASES[i % RELEASES.len()];
            let spec = RuntimeSpec {
                release: Some(release.into()),
                pool_selector: Some(PoolSelector {
                    match_labels: [(format!("pool-{}", i % 97), LabelValue::String(format!("cluster-{i}")))].into(),
                    ..Default::default()
                }),
                log_level: (release >= "1.3" && i % 2 == 0).then(|| "debug".into()),
                render_node_objects: i % 4 != 3,
                runtime_handler: (i % 3 == 0).then(|| HandlerSpec {
                    name: Some(format!("kata-{}", i % 13)),
                    runtime_root: Some(format!("/run/vc-{i}")),
                    ..Default::default()
                }),
                openshift_version: Some(format!("4.{}", 8 + i % 8)),
                ..Default::default()
            };
            let value = json!({
                "apiVersion": config::API_VERSION,
                "kind": "KataRuntime",
                "metadata": { "name": format!("kata-{i}") },
                "spec": spec,
            });
            config::from_value(&value).unwrap()
        })
        .collect()
}

/// One cluster's render and serialization, as `oscgen render` does per config.
fn render_one(config: &Config) -> String {
    match render(std::slice::from_ref(config)) {
        Ok(rendered) => rendered.to_yaml().unwrap(),
        // A release/OpenShift pairing outside the support range is a warning, never an
        // error; anything else is a bug in `fleet`.
        Err(e) => panic!("{config:?}: {e}"),
    }
}

fn single(c: &mut Criterion) {
    let operator = OperatorSpec { channel: Some("preview-1.1".into()), ..Default::default() };
    c.bench_function("operator set (render)", |b| b.iter(|| render_operator(black_box(&operator)).unwrap()));
    c.bench_function("operator set (render + yaml)", |b| {
        b.iter(|| render_operator(black_box(&operator)).unwrap().to_yaml().unwrap())
    });
    let nodes = node_spec();
    c.bench_function("node object set + custom handler (render)", |b| {
        b.iter(|| render_runtime(black_box(&nodes)).unwrap())
    });
    c.bench_function("node object set + custom handler (render + yaml)", |b| {
        b.iter(|| render_runtime(black_box(&nodes)).unwrap().to_yaml().unwrap())
    });
    c.bench_function("function path: operator ResourceList", |b| b.iter(|| function_call(black_box(OPERATOR_LIST))));
    c.bench_function("function path: runtime ResourceList", |b| b.iter(|| function_call(black_box(RUNTIME_LIST))));
}

fn fleets(c: &mut Criterion) {
    let mut group = c.benchmark_group("fleet");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in [1_000, 10_000] {
        let configs = fleet(n);
        // Every config renders (a bad generator would measure error paths instead).
        assert!(configs.iter().all(|c| render(std::slice::from_ref(c)).is_ok()));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n} runtime configs (render + yaml)"), |b| {
            b.iter(|| configs.iter().map(|c| render_one(black_box(c)).len()).sum::<usize>())
        });
    }
    group.finish();
}

criterion_group!(benches, single, fleets);
criterion_main!(benches);
