//! Arbitrary YAML text through the reader every command uses (`yaml::documents`) and the
//! config parser (`config::from_value`); stands in for `oscgen check` until it exists.
//!
//! - The guarded reader agrees with plain serde_yaml: it refuses for nesting only what
//!   serde_yaml refuses too (the pre-scan never over-counts), and what it reads is exactly the
//!   `serde_json::Value` serde_yaml gives.
//! - Every document it reads writes back (`yaml::to_string`, which quotes YAML 1.1 booleans)
//!   to YAML that reads back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oscgen_render::{config, yaml};
use serde::Deserialize;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let ours = yaml::documents(text);
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let reference: Result<Vec<Value>, serde_yaml::Error> =
        serde_yaml::Deserializer::from_str(body).map(Value::deserialize).collect();
    let documents = match (ours, reference) {
        (Ok(ours), Ok(reference)) => {
            let reference: Vec<Value> = reference.into_iter().filter(|v| !v.is_null()).collect();
            assert_eq!(ours, reference, "the guarded reader reads what serde_yaml reads");
            ours
        }
        (Err(e), Ok(_)) => {
            // Only the expansion budget may refuse what serde_yaml reads.
            assert!(e.message.contains("expand the input to more than"), "refused what serde_yaml reads: {e}");
            return;
        }
        (Ok(_), Err(e)) => panic!("read what serde_yaml refuses: {e}"),
        (Err(_), Err(_)) => return,
    };
    for document in &documents {
        let _ = config::from_value(document);
        let written = yaml::to_string(document).expect("a value read from YAML writes");
        let back = yaml::documents(&written).expect("written YAML reads");
        assert_eq!(back.as_slice(), std::slice::from_ref(document), "written:\n{written}");
    }
});
