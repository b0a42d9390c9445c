//! The exec KRM function in process: [`oscgen::krm::process`], ResourceList text in, text out,
//! for the guide's two configs as kustomize hands them to a generator, and for a KataRuntime
//! with every node object. The whole process, next to `cat`, kustomize and kpt, is measured by
//! `scripts/bench`.
//!
//! These are warm calls; a one-shot process also pays process start (see BENCHMARKS.md).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

/// Builds a ResourceList the way kustomize 4.5.4 hands a generator its config.
fn resource_list(config: &str) -> String {
    let indented = |prefix: &str| config.lines().map(|l| format!("{prefix}{l}\n")).collect::<String>();
    let item = indented("  ").replacen("  ", "- ", 1);
    format!(
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n{item}functionConfig:\n{}",
        indented("  ")
    )
}

const OPERATOR: &str = "apiVersion: oscgen.dev/v1alpha1
kind: SandboxedContainersOperator
metadata:
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: oscgen
  name: sandboxed-containers-operator
spec:
  channel: preview-1.1";

const RUNTIME: &str = "apiVersion: oscgen.dev/v1alpha1
kind: KataRuntime
metadata:
  annotations:
    config.kubernetes.io/function: |
      exec:
        path: oscgen
  name: cluster-kataconfig
spec:
  release: 1.1.0
  poolSelector:
    matchLabels:
      kata: 'true'";

const NODES: &str = "apiVersion: oscgen.dev/v1alpha1
kind: KataRuntime
metadata:
  name: cluster-kataconfig
spec:
  release: 1.3.0
  openshiftVersion: '4.11'
  logLevel: debug
  checkNodeEligibility: true
  renderNodeObjects: true
  poolSelector:
    matchLabels:
      kata: 'true'
  runtimeHandler:
    name: kata-custom
    runtimeConfigPath: /etc/kata-containers/custom.toml
    allowedAnnotations: ['io.katacontainers.*']";

fn function(c: &mut Criterion) {
    for (name, config) in
        [("operator (guide)", OPERATOR), ("runtime (guide)", RUNTIME), ("runtime, every node object", NODES)]
    {
        let input = resource_list(config);
        let first = oscgen::krm::process(&input);
        assert!(first.error.is_none(), "{name}: {:?}", first.error);
        c.bench_function(&format!("krm::process: {name}"), |b| b.iter(|| oscgen::krm::process(black_box(&input))));
    }
}

criterion_group!(benches, function);
criterion_main!(benches);
