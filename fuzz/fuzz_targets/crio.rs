//! The CRI-O drop-in template with arbitrary strings: whatever a handler holds (quotes,
//! backslashes, line breaks, control characters, `]`), the text parses back with the `toml`
//! crate to exactly that handler under exactly that table name.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use oscgen_render::api::crio::{DropIn, RuntimeHandler};

#[derive(Arbitrary, Debug)]
struct Input {
    name: String,
    runtime_path: String,
    runtime_type: String,
    runtime_root: String,
    privileged_without_host_devices: bool,
    runtime_config_path: Option<String>,
    allowed_annotations: Vec<String>,
}

fuzz_target!(|input: Input| {
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
});
