//! Arbitrary YAML text through the reader every command uses (`yaml::documents`), the one
//! `oscgen check` uses (`yaml::documents_with_source`) and the config parser
//! (`config::from_value`).
//!
//! - Nothing panics, and a refusal is a message (with its line and column when it has them).
//! - `documents` and `documents_with_source` read the same values, or refuse with the same
//!   message: they are one read of the text.
//! - Every node of a source map is where its path says in the value, and of the same kind (a
//!   mapping is an object, a scalar is no collection); positions are within the text.
//! - Every document writes back (`yaml::to_string`, which quotes YAML 1.1 booleans) to YAML
//!   that reads back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oscgen_render::yaml::{self, NodeKind};
use oscgen_render::{config, FieldPath, Segment};
use serde_json::Value;

/// The value at `path`, if there is one.
fn at<'a>(value: &'a Value, path: &FieldPath) -> Option<&'a Value> {
    path.0.iter().try_fold(value, |value, segment| match segment {
        Segment::Key(key) => value.get(key),
        Segment::Index(i) => value.get(i),
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let values = yaml::documents(text);
    let sourced = yaml::documents_with_source(text);
    let documents = match (values, sourced) {
        (Ok(values), Ok(sourced)) => {
            let read: Vec<&Value> = sourced.iter().map(|d| &d.value).collect();
            assert_eq!(values.iter().collect::<Vec<_>>(), read, "both readers read the same values");
            let lines = text.lines().count() + 1;
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
});
