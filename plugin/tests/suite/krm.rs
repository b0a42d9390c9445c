//! The exec KRM function against fixtures shaped the way kustomize 4.5.4 and kpt really call
//! it: `tests/fixtures/<case>/input.yaml` goes to
//! `oscgen fn` on stdin, and the exit code, stdout and stderr are snapshotted together.
//!
//! The case's name says what must hold, and is checked in code as well as by the snapshot:
//! - `ok-*`: exit 0; every input item comes back unchanged and in order, the generated objects
//!   follow (or replace an earlier copy in place); nothing twice; running again over the
//!   output changes nothing.
//! - `invalid-config-*`: exit 1; the input items come back unchanged and nothing is added; an
//!   error result points at the field; stderr says what is wrong.
//! - `no-config-*`: as `invalid-config-*`, but the problem is the functionConfig as a whole.
//! - `bad-input-*`: stdin is not a usable ResourceList: exit 1, nothing on stdout (an empty
//!   list would make kpt delete the package), the reason on stderr.

use crate::common;

use std::path::Path;

use oscgen_render::yaml;
use serde_json::{Value, json};

use common::{Run, oscgen, with_snapshot_settings};

const HEADER: &str = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:";

/// The single document of a YAML (or JSON) text.
fn document(text: &str, what: &str) -> Value {
    let mut documents = yaml::documents(text).unwrap_or_else(|e| panic!("{what} is not YAML: {e}\n{text}"));
    assert_eq!(documents.len(), 1, "{what} must be one document:\n{text}");
    documents.remove(0)
}

fn items(list: &Value) -> Vec<Value> {
    list.get("items").and_then(Value::as_array).cloned().unwrap_or_default()
}

/// (apiVersion, kind, namespace, name), the identity kpt and kustomize match objects by.
fn identity(item: &Value) -> (String, String, String, String) {
    let s = |pointer: &str| item.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_owned();
    (s("/apiVersion"), s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

fn results(list: &Value) -> Vec<Value> {
    list.get("results").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn is_error(result: &Value) -> bool {
    result.get("severity").and_then(Value::as_str) == Some("error")
}

/// The output ResourceList of a run, checking the shape every caller relies on.
fn output_list(case: &str, run: &Run) -> Value {
    assert!(run.stdout.starts_with(HEADER), "{case}: stdout must open with the ResourceList header:\n{}", run.stdout);
    document(&run.stdout, &format!("{case}: stdout"))
}

fn check_ok(case: &str, input: &Value, run: &Run) {
    assert_eq!(run.code, Some(0), "{case}: {}", run.transcript());
    let output = output_list(case, run);
    let (given, returned) = (items(input), items(&output));
    assert!(returned.len() >= given.len(), "{case}: items were dropped");
    assert_eq!(returned[..given.len()], given[..], "{case}: input items must come back unchanged and in order");
    assert!(returned.len() > given.len() || case.contains("rerender"), "{case}: nothing was generated");
    for (i, item) in returned.iter().enumerate() {
        let twice = returned[..i].iter().any(|earlier| identity(earlier) == identity(item));
        assert!(!twice, "{case}: {:?} is in the output twice", identity(item));
    }
    if let Some(config) = input.get("functionConfig") {
        let count = |list: &[Value]| list.iter().filter(|item| identity(item) == identity(config)).count();
        assert_eq!(count(&returned), count(&given), "{case}: the functionConfig must not be added to items");
    }
    assert!(!results(&output).iter().any(is_error), "{case}: an error result with exit 0: {}", run.stdout);
}

fn check_refused(case: &str, input: &Value, run: &Run, needs_field: bool) {
    assert_eq!(run.code, Some(1), "{case}: {}", run.transcript());
    let output = output_list(case, run);
    assert_eq!(items(&output), items(input), "{case}: the input items must come back unchanged, nothing added");
    let errors: Vec<Value> = results(&output).into_iter().filter(is_error).collect();
    assert!(!errors.is_empty(), "{case}: no error result:\n{}", run.stdout);
    for error in &errors {
        assert!(error.get("message").and_then(Value::as_str).is_some_and(|m| !m.is_empty()), "{case}: {error}");
    }
    if needs_field {
        let has_field =
            errors.iter().any(|e| e.pointer("/field/path").and_then(Value::as_str).is_some_and(|p| !p.is_empty()));
        assert!(has_field, "{case}: no error result with a field.path:\n{}", run.stdout);
    }
    assert!(!run.stderr.trim().is_empty(), "{case}: stderr must say what is wrong");
}

fn check_bad_input(case: &str, run: &Run) {
    assert_eq!(run.code, Some(1), "{case}: {}", run.transcript());
    assert_eq!(run.stdout, "", "{case}: nothing may go to stdout");
    assert!(run.stderr.starts_with("oscgen: "), "{case}: stderr must say what is wrong: {}", run.stderr);
}

/// The first output fed back in with the same functionConfig, as `kpt fn render` does on its
/// next run: the generated objects are replaced in place, so nothing changes.
fn check_stable(case: &str, input: &Value, first: &Run) {
    let mut again = json!({
        "apiVersion": "config.kubernetes.io/v1",
        "kind": "ResourceList",
        "items": items(&output_list(case, first)),
    });
    if let Some(config) = input.get("functionConfig") {
        again["functionConfig"] = config.clone();
    }
    let second = oscgen(&["fn"], again.to_string().as_bytes());
    assert_eq!(second.code, first.code, "{case}: second run: {}", second.transcript());
    assert_eq!(second.stdout, first.stdout, "{case}: a second run over the output must change nothing");
}

#[test]
fn fixtures() {
    with_snapshot_settings(|| {
        insta::glob!("../fixtures", "*/input.yaml", |path: &Path| {
            let case = path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap().to_owned();
            let text = std::fs::read_to_string(path).unwrap();
            let run = oscgen(&["fn"], text.as_bytes());
            insta::assert_snapshot!("fn", run.transcript());
            match case.split_once('-').map(|(category, _)| category) {
                Some("ok") => {
                    let input = document(&text, &case);
                    check_ok(&case, &input, &run);
                    check_stable(&case, &input, &run);
                }
                Some("invalid") => check_refused(&case, &document(&text, &case), &run, true),
                Some("no") => check_refused(&case, &document(&text, &case), &run, false),
                Some("bad") => check_bad_input(&case, &run),
                _ => panic!("{case}: a fixture's name starts with ok-, invalid-config-, no-config- or bad-input-"),
            }
        });
    });
}

/// The same input with no subcommand (how kustomize and kpt start it: stdin is a pipe).
#[test]
fn no_subcommand_with_piped_stdin_runs_the_function() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-kustomize-generator-operator/input.yaml");
    let text = std::fs::read(path).unwrap();
    let with_fn = oscgen(&["fn"], &text);
    let bare = oscgen(&[], &text);
    assert_eq!(bare.code, Some(0), "{}", bare.transcript());
    assert_eq!(bare.stdout, with_fn.stdout);
}

/// kpt's first render of the package (`ok-kpt-render`) writes the generated objects to files
/// and reads them back with its annotations: `ok-kpt-rerender` is that second input, and its
/// output must be exactly its input.
#[test]
fn kpt_rerender_output_equals_its_input() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok-kpt-rerender/input.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let input = document(&text, "ok-kpt-rerender");
    let run = oscgen(&["fn"], text.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let output = output_list("ok-kpt-rerender", &run);
    assert_eq!(items(&output), items(&input));
    let subscription = items(&output).into_iter().find(|i| identity(i).1 == "Subscription").unwrap();
    assert_eq!(
        subscription.pointer("/metadata/annotations/config.kubernetes.io~1path").and_then(Value::as_str),
        Some("openshift-sandboxed-containers-operator/subscription_openshift-sandboxed-containers-operator.yaml"),
        "the replaced object keeps kpt's path annotation"
    );
}

/// Input bigger than --max-input-bytes is refused before it is parsed.
#[test]
fn oversized_input_is_refused() {
    let run = oscgen(&["fn", "--max-input-bytes", "10"], b"apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("--max-input-bytes"), "{}", run.stderr);
}

/// An unquoted `yes` in the functionConfig's labels: kept as the string (and quoted on output),
/// with a warning in the results and on stderr. Only the YAML text shows it unquoted, so this
/// is not a fixture: the fixtures' second run feeds their output back as JSON, where every
/// string is quoted.
#[test]
fn an_unquoted_yaml_1_1_word_in_the_function_config_is_reported() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/yaml11-label-value.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let run = oscgen(&["fn"], text.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let output = output_list("yaml11-label-value", &run);
    let kata = items(&output).into_iter().find(|i| identity(i).1 == "KataConfig").unwrap();
    assert_eq!(kata.pointer("/spec/kataConfigPoolSelector/matchLabels/kata"), Some(&json!("yes")));
    assert!(run.stdout.contains("        kata: 'yes'\n"), "{}", run.stdout);
    let results = output["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "only the unquoted value, not the quoted 'on': {results:?}");
    assert_eq!(results[0]["severity"], "warning");
    assert_eq!(results[0]["field"]["path"], "spec.poolSelector.matchLabels.kata");
    assert!(run.stderr.contains("spec.poolSelector.matchLabels.kata: label value yes is unquoted"), "{}", run.stderr);
    with_snapshot_settings(|| insta::assert_snapshot!("fn-yaml11-label-value", run.transcript()));
}
