//! What each fuzz target checks, one function per target taking the fuzzer's bytes.
//!
//! The cargo-fuzz targets (`fuzz_targets/*.rs`) call these, and so does the workspace test
//! `plugin/tests/suite/fuzz_replay.rs`, which replays every corpus input and seed on them in the
//! ordinary test run: what the fuzzers once found stays found without cargo-fuzz.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use arbitrary::{Arbitrary, Unstructured};
use oscgen::error::CliError;
use oscgen_render::api::crio::{DropIn, RuntimeHandler};
use oscgen_render::dataurl::{decode, decode_contents, encode};
use oscgen_render::yaml::{self, NodeKind};
use oscgen_render::{Config, Error, FieldPath, Segment, config};
use serde_json::Value;

/// A property: the fuzzer's bytes in, a panic if it does not hold.
pub type Property = fn(&[u8]);

/// Every target's name and property, as `fuzz/Cargo.toml` names the targets.
pub const TARGETS: &[(&str, Property)] = &[
    ("config", config),
    ("krm", krm),
    ("crio", crio),
    ("dataurl", dataurl),
    ("yaml_documents", yaml_documents),
    ("check", check),
];

/// A generator config file, bytes in: parsing and validation report problems and never panic;
/// a config that passes renders objects that pass their schema checks (feature `self-check`,
/// inside `render`), the same ones every time, as YAML that reads back to them; its CRI-O
/// drop-in parses as TOML.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(configs) = config::from_yaml(text) else { return };
    let rendered = match oscgen_render::render(&configs) {
        Ok(rendered) => rendered,
        Err(Error::Invalid(_)) => return,
        // A schema violation or template failure is oscgen's bug, whatever the input.
        Err(e) => panic!("accepted configs failed to render: {e}"),
    };
    assert_eq!(oscgen_render::render(&configs).ok().as_ref(), Some(&rendered), "render is deterministic");
    let text = rendered.to_yaml().expect("rendered objects serialize");
    let read_back = yaml::documents(&text).expect("rendered YAML parses");
    let values: Vec<_> = rendered.objects.iter().map(|o| o.to_value().expect("objects are JSON")).collect();
    assert_eq!(read_back, values, "rendered YAML reads back to the same objects:\n{text}");
    for config in &configs {
        if let Config::Runtime(runtime) = config {
            let dropin = oscgen_render::crio_dropin(&runtime.spec).expect("a valid runtime has a drop-in");
            let parsed: toml::Table = toml::from_str(&dropin.text).expect("the drop-in is TOML");
            assert!(parsed.contains_key("crio"), "{}", dropin.text);
        }
    }
}

fn identity(item: &Value) -> [Option<&Value>; 4] {
    [item.get("apiVersion"), item.get("kind"), item.pointer("/metadata/namespace"), item.pointer("/metadata/name")]
}

/// The whole exec KRM function, bytes in and bytes out, as the binary runs it
/// (`oscgen::krm::process` after the same input checks): it never panics; it fails with exit 1
/// (never 3, oscgen's own fault); with no ResourceList it prints nothing; what it prints is a
/// ResourceList holding every input item in place (or the generated object that replaces it);
/// and a second run over its output changes no item.
pub fn krm(data: &[u8]) {
    let Ok(text) = oscgen::input::read_bounded("fuzz", data, 1 << 20) else { return };
    let outcome = oscgen::krm::process(&text);
    if let Some(error) = &outcome.error {
        assert_eq!(error.exit_code(), 1, "{error}");
    }
    let Some(stdout) = &outcome.stdout else {
        // Not a usable ResourceList: refused with a reason (a YAML syntax error is a diagnostic
        // on stderr, like every other problem the function reports).
        let reported = matches!(outcome.error, Some(CliError::Reported { .. })) && !outcome.stderr.is_empty();
        assert!(matches!(outcome.error, Some(CliError::Input(_))) || reported, "no output, but {:?}", outcome.error);
        return;
    };
    let input = yaml::documents(&text).expect("the input was read").remove(0);
    let output = yaml::documents(stdout).expect("the output is YAML");
    assert_eq!(output.len(), 1, "{stdout}");
    let output = &output[0];
    assert_eq!(output["kind"], "ResourceList");
    assert!(output.get("functionConfig").is_none(), "the functionConfig is never echoed");
    let before = input.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
    let after = output["items"].as_array().expect("items is a list");
    assert!(after.len() >= before.len());
    for (old, new) in before.iter().zip(after) {
        assert!(old == new || identity(old) == identity(new), "item changed:\n{old}\n{new}");
    }
    assert_eq!(oscgen::krm::process(&text).stdout.as_deref(), Some(stdout.as_str()), "deterministic");
    if outcome.error.is_none() {
        // kpt runs the function again over its own output: nothing may change.
        let mut again = output.clone();
        if let (Some(list), Some(config)) = (again.as_object_mut(), input.get("functionConfig")) {
            list.insert("functionConfig".into(), config.clone());
        }
        let again_text = yaml::to_string(&again).expect("serializes");
        let second = oscgen::krm::process(&again_text);
        assert!(second.error.is_none(), "{:?}", second.error);
        // The items, not the results: writing the functionConfig again quotes what the user
        // wrote bare (`kata: yes`), so a warning about how it was written may go; kpt keeps the
        // user's file, and its text, as it was.
        let second = yaml::documents(second.stdout.as_deref().expect("a second run prints")).expect("YAML");
        assert_eq!(second[0]["items"], output["items"], "a second run changes no item");
    }
}

/// The `crio` target's input: a handler with arbitrary strings, and its table name.
#[derive(Arbitrary, Debug)]
struct HandlerInput {
    name: String,
    runtime_path: String,
    runtime_type: String,
    runtime_root: String,
    privileged_without_host_devices: bool,
    runtime_config_path: Option<String>,
    allowed_annotations: Vec<String>,
}

/// The CRI-O drop-in template with arbitrary strings: whatever a handler holds (quotes,
/// backslashes, line breaks, control characters, `]`), the text parses back with the `toml`
/// crate to exactly that handler under exactly that table name.
pub fn crio(data: &[u8]) {
    let Ok(input) = HandlerInput::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let handler = RuntimeHandler {
        runtime_path: input.runtime_path,
        runtime_type: input.runtime_type,
        runtime_root: input.runtime_root,
        privileged_without_host_devices: input.privileged_without_host_devices,
        runtime_config_path: input.runtime_config_path,
        allowed_annotations: input.allowed_annotations,
    };
    let text = oscgen_render::crio::render(&input.name, &handler).expect("the template renders");
    let parsed: DropIn = match toml::from_str(&text) {
        Ok(parsed) => parsed,
        Err(e) => panic!("not TOML: {e}\n{text}"),
    };
    let runtimes = parsed.crio.runtime.runtimes;
    assert_eq!(runtimes.len(), 1, "{text}");
    assert_eq!(runtimes.get(&input.name), Some(&handler), "{text}");
}

/// Ignition data URLs: any bytes, encoded with or without gzip, decode back to themselves the
/// way MCO decodes them; decoding arbitrary text never panics.
pub fn dataurl(data: &[u8]) {
    let Ok((gzip, bytes)) = <(bool, &[u8])>::arbitrary_take_rest(Unstructured::new(data)) else { return };
    let encoded = encode(bytes, gzip);
    assert!(encoded.source.is_ascii(), "{}", encoded.source);
    assert!(gzip || encoded.compression.is_empty());
    let back = decode_contents(&encoded.source, Some(&encoded.compression));
    assert_eq!(back.as_deref(), Ok(bytes), "{encoded:?}");
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = decode(text);
        let _ = decode_contents(text, Some("gzip"));
    }
}

/// The value at `path`, if there is one.
fn at<'a>(value: &'a Value, path: &FieldPath) -> Option<&'a Value> {
    path.0.iter().try_fold(value, |value, segment| match segment {
        Segment::Key(key) => value.get(key),
        Segment::Index(i) => value.get(i),
    })
}

/// Arbitrary YAML text through the reader every command uses (`yaml::documents`), the one
/// `oscgen check` uses (`yaml::documents_with_source`) and the config parser
/// (`config::from_value`).
///
/// - Nothing panics, and a refusal is a message (with its line and column when it has them).
/// - `documents` and `documents_with_source` read the same values, or refuse with the same
///   message: they are one read of the text.
/// - Every node of a source map is where its path says in the value, and of the same kind (a
///   mapping is an object, a scalar is no collection); positions are within the text.
/// - Every document writes back (`yaml::to_string`, which quotes YAML 1.1 booleans) to YAML
///   that reads back to the same value.
pub fn yaml_documents(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let values = yaml::documents(text);
    let sourced = yaml::documents_with_source(text);
    let documents = match (values, sourced) {
        (Ok(values), Ok(sourced)) => {
            let read: Vec<&Value> = sourced.iter().map(|d| &d.value).collect();
            assert_eq!(values.iter().collect::<Vec<_>>(), read, "both readers read the same values");
            // YAML breaks lines at CR LF, LF and a lone CR (YAML 1.2, [24]-[28] b-break), and so
            // do positions; `str::lines` knows only the first two.
            let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 1;
            for document in &sourced {
                for node in document.source.values() {
                    let value = at(&document.value, &node.path);
                    let value = value.unwrap_or_else(|| panic!("{} is in the source map, not in the value", node.path));
                    match node.node {
                        NodeKind::Mapping => assert!(value.is_object(), "{}: a mapping", node.path),
                        NodeKind::Sequence => assert!(value.is_array(), "{}: a sequence", node.path),
                        NodeKind::Scalar { .. } => {
                            assert!(!value.is_object() && !value.is_array(), "{}: a scalar", node.path)
                        }
                        NodeKind::Alias | NodeKind::Key => {}
                    }
                    assert!(node.line >= 1 && node.line <= lines && node.column >= 1, "{}: at {node:?}", node.path);
                }
                assert!(document.source.value(&FieldPath::root()).is_some(), "the root is in the source map");
            }
            values
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "both readers refuse the same way");
            assert!(!a.message.is_empty());
            assert!(a.line.is_none_or(|l| l >= 1) && a.column.is_none_or(|c| c >= 1), "{a:?}");
            return;
        }
        (a, b) => panic!("one reader refused, the other did not: {:?} / {:?}", a.err(), b.err()),
    };
    for document in &documents {
        let _ = config::from_value(document);
        let written = yaml::to_string(document).expect("a value read from YAML writes");
        let back = yaml::documents(&written).expect("written YAML reads");
        assert_eq!(back.as_slice(), std::slice::from_ref(document), "written:\n{written}");
    }
}

/// `oscgen check` on arbitrary YAML text (as a `kustomize build` piped in): it reports what is
/// wrong and never panics, whatever the text; each finding prints, and the same text gives the
/// same findings.
pub fn check(data: &[u8]) {
    use oscgen_check::{Input, Options};
    let Ok(text) = std::str::from_utf8(data) else { return };
    let input = [Input::Text { name: "<stdin>".into(), text: text.into() }];
    let Ok(report) = oscgen_check::check(&input, &Options::default()) else { return };
    for finding in &report.entries {
        assert!(!finding.to_string().is_empty());
    }
    let again = oscgen_check::check(&input, &Options::default()).expect("the same text checks the same way");
    assert_eq!(again, report);
}
