//! What the integration tests share: where snapshots live, and diagnostics reduced to
//! `(severity, path, kind)` so tables never depend on message wording.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use oscgen_render::{Diagnostic, Error, Severity, config, render};

/// `<repo>/snapshots/oscgen-render/`: every `.snap` of this package, whichever test wrote it.
pub fn snapshot_dir() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // crates/render -> the repository root.
    let root = manifest_dir.ancestors().nth(2).expect("crates/render sits two levels below the repository root");
    root.join("snapshots").join("oscgen-render")
}

/// Snapshots `text` byte for byte (our own serialization, never insta's) as `<name>.snap`.
pub fn assert_text_snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => snapshot_dir(),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// The variant name of `d`'s kind (`LabelValueNotString`), from its code.
pub fn kind_name(d: &Diagnostic) -> String {
    let mut chars = d.code.as_str().chars();
    chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Whether `d`'s message names `value` (a field of its kind: the channel given, the known ones).
pub fn mentions(d: &Diagnostic, value: &str) -> bool {
    d.message.contains(value)
}

/// One diagnostic as the tables write it.
pub type Summary = (Severity, String, String);

/// `(severity, path, kind)` of each entry, in report order.
pub fn summarize(entries: &[Diagnostic]) -> Vec<Summary> {
    entries.iter().map(|d| (d.severity, d.path.to_string(), kind_name(d))).collect()
}

/// Every diagnostic for a YAML stream of configs, as the plugin would produce them: parse
/// problems if it does not parse, else render errors, else render warnings.
pub fn diagnostics(yaml: &str) -> Vec<Diagnostic> {
    let configs = match config::from_yaml(yaml) {
        Ok(configs) => configs,
        Err(Error::Invalid(report)) => return report.entries,
        Err(other) => panic!("input is not YAML: {other}\n{yaml}"),
    };
    match render(&configs) {
        Ok(rendered) => rendered.warnings.entries,
        Err(Error::Invalid(report)) => report.entries,
        Err(other) => panic!("render failed without a report: {other}\n{yaml}"),
    }
}

/// A `KataRuntime` config named `name`; `spec` is a YAML mapping (flow style is easiest).
pub fn kata_runtime_named(name: &str, spec: &str) -> String {
    format!("apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {{name: {name}}}\nspec: {spec}\n")
}

/// A `KataRuntime` config named `cluster-kataconfig`.
pub fn kata_runtime(spec: &str) -> String {
    kata_runtime_named("cluster-kataconfig", spec)
}

/// A `SandboxedContainersOperator` config.
pub fn operator(spec: &str) -> String {
    format!(
        "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\n\
         metadata: {{name: sandboxed-containers-operator}}\nspec: {spec}\n"
    )
}

/// One table row: what it checks, the config YAML, and every diagnostic expected as
/// `(severity, path, kind)`, in report order.
pub type Case<'a> = (&'a str, String, &'a [(Severity, &'a str, &'a str)]);

/// Runs every row of a table and fails once, listing each row whose diagnostics differ.
pub fn check(cases: &[Case<'_>]) {
    let mut failures = Vec::new();
    for (what, input, expected) in cases {
        let expected: Vec<Summary> =
            expected.iter().map(|(severity, path, kind)| (*severity, (*path).to_owned(), (*kind).to_owned())).collect();
        let found = summarize(&diagnostics(input));
        if found != expected {
            failures.push(format!("{what}\n  input:    {input:?}\n  expected: {expected:?}\n  found:    {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Every `(what, data, expected)` case of broken catalog data fails to generate, with a
/// problem that contains `expected`; fails once, listing every case that did otherwise.
pub fn assert_refused(cases: &[(&str, String, &str)], generate: impl Fn(&str) -> Result<String, Vec<String>>) {
    let mut failures = Vec::new();
    for (what, data, expected) in cases {
        match generate(data) {
            Ok(_) => failures.push(format!("{what}: generated code from broken data")),
            Err(problems) if !problems.iter().any(|p| p.contains(expected)) => {
                failures.push(format!("{what}: expected a problem containing {expected:?}, got {problems:#?}"));
            }
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
