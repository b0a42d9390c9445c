//! The whole exec KRM function, bytes in and bytes out, as the binary runs it
//! (`oscgen::krm::process` after the same input checks): it never panics; it fails with exit 1
//! (never 3, oscgen's own fault); with no ResourceList it prints nothing; what it prints is a
//! ResourceList holding every input item in place (or the generated object that replaces it);
//! and a second run over its output changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oscgen::error::CliError;
use oscgen::krm::process;
use oscgen_render::yaml;
use serde_json::Value;

fn identity(item: &Value) -> [Option<&Value>; 4] {
    [item.get("apiVersion"), item.get("kind"), item.pointer("/metadata/namespace"), item.pointer("/metadata/name")]
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = oscgen::input::read_bounded("fuzz", data, 1 << 20) else { return };
    let outcome = process(&text);
    if let Some(error) = &outcome.error {
        assert_eq!(error.exit_code(), 1, "{error}");
    }
    let Some(stdout) = &outcome.stdout else {
        assert!(matches!(outcome.error, Some(CliError::Input(_))), "no output, but {:?}", outcome.error);
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
    assert_eq!(process(&text).stdout.as_deref(), Some(stdout.as_str()), "deterministic");
    if outcome.error.is_none() {
        // kpt runs the function again over its own output: nothing may change.
        let mut again = output.clone();
        if let (Some(list), Some(config)) = (again.as_object_mut(), input.get("functionConfig")) {
            list.insert("functionConfig".into(), config.clone());
        }
        let again_text = yaml::to_string(&again).expect("serializes");
        let second = process(&again_text);
        assert!(second.error.is_none(), "{:?}", second.error);
        assert_eq!(second.stdout.as_deref(), Some(stdout.as_str()), "a second run changes nothing");
    }
});
