//! Cost of oscgen's own work, in process: one operator set, the full node object set and
//! fleets of 1,000 and 10,000 distinct runtime configs. The function path (ResourceList text in
//! and out) is `plugin/benches/function.rs`; whole-process costs next to kustomize and kpt are
//! measured by `scripts/bench`, which writes BENCHMARKS.md.
//!
//! `cargo bench -p oscgen-render` measures rendering as the `oscgen` binary does it; add
//! `--features self-check` to also check every generated object against its schema (compiled
//! once per process, so this measures the warm cost of the check).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oscgen_render::api::oscgen::v1alpha1::{HandlerSpec, LabelValue, Overhead, PoolSelector, RuntimeSpec};
use oscgen_render::{Config, OperatorSpec, config, render, render_operator, render_runtime};
use serde_json::json;

/// Every node object: 1.3 on OpenShift 4.11 with a log level (so the ContainerRuntimeConfig),
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
        openshift_version: Some("4.11".into()),
        ..Default::default()
    }
}

/// Releases the OpenShift 4.15 catalog serves (the fleet's newest version), so every config
/// renders: on 4.8-4.14 they are checked against their documented versions (a warning at most).
const RELEASES: &[&str] = &["1.0.2", "1.1.0", "1.2.2", "1.3.3", "1.5.0", "1.5.3", "1.6.0", "1.7.0", "1.9.0"];

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
