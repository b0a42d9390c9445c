//! A generator config file, bytes in: parsing and validation report problems and never panic;
//! a config that passes renders objects that pass their schema checks (feature `self-check`,
//! inside `render`), the same ones every time, as YAML that reads back to them; its CRI-O
//! drop-in parses as TOML.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oscgen_render::{config, yaml, Config, Error};

fuzz_target!(|data: &[u8]| {
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
});
