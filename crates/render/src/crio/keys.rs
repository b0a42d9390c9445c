//! What CRI-O reads from a runtime-handler drop-in: the keys of its `RuntimeHandler`, and
//! [`check_dropin`] (feature `schema-check`).

use crate::FieldPath;
use crate::schema::SchemaViolation;

/// The TOML type CRI-O reads a runtime-handler key as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    String,
    Bool,
    StringArray,
    StringMap,
    /// A newer key whose type is not pinned down here.
    Any,
}

/// Every key of CRI-O's `RuntimeHandler` with the Go type behind it (cri-o/cri-o,
/// `pkg/config/config.go`, `type RuntimeHandler`, at f954a17, v1.36.0-191).
const HANDLER_KEYS: &[(&str, KeyType)] = &[
    ("runtime_path", KeyType::String),
    ("runtime_type", KeyType::String),
    ("runtime_root", KeyType::String),
    ("runtime_config_path", KeyType::String),
    ("privileged_without_host_devices", KeyType::Bool),
    ("allowed_annotations", KeyType::StringArray),
    ("runtime_pull_image", KeyType::Bool),
    ("monitor_path", KeyType::String),
    ("monitor_cgroup", KeyType::String),
    ("monitor_env", KeyType::StringArray),
    ("monitor_exec_cgroup", KeyType::String),
    ("platform_runtime_paths", KeyType::StringMap),
    ("container_min_memory", KeyType::String),
    ("inherit_default_runtime", KeyType::Bool),
    ("default_annotations", KeyType::StringMap),
    ("no_sync_log", KeyType::Any),
    ("stream_websockets", KeyType::Any),
    ("seccomp_profile", KeyType::Any),
    ("container_create_timeout", KeyType::Any),
    ("exec_cpu_affinity", KeyType::Any),
];

fn type_matches(expected: KeyType, value: &toml::Value) -> bool {
    let strings = |items: &[toml::Value]| items.iter().all(toml::Value::is_str);
    match expected {
        KeyType::String => value.is_str(),
        KeyType::Bool => value.is_bool(),
        KeyType::StringArray => value.as_array().is_some_and(|a| strings(a)),
        KeyType::StringMap => value.as_table().is_some_and(|t| t.values().all(toml::Value::is_str)),
        KeyType::Any => true,
    }
}

fn type_name(expected: KeyType) -> &'static str {
    match expected {
        KeyType::String => "a string",
        KeyType::Bool => "a boolean",
        KeyType::StringArray => "an array of strings",
        KeyType::StringMap => "a table of strings",
        KeyType::Any => "any value",
    }
}

/// Checks a CRI-O runtime-handler drop-in: it must parse as TOML, hold nothing but
/// `[crio.runtime.runtimes.<handler>]` tables, and use only keys (of the right types) that
/// CRI-O's runtime handler knows. Returns every problem.
///
/// ```
/// use oscgen_render::crio::check_dropin;
///
/// assert!(check_dropin("[crio.runtime.runtimes.kata]\n  runtime_path = \"/usr/bin/containerd-shim-kata-v2\"\n").is_ok());
/// let problems = check_dropin("[crio.runtime.runtimes.kata]\n  runtime_pth = \"/x\"\n").unwrap_err();
/// assert_eq!(problems[0].path.to_string(), "crio.runtime.runtimes.kata.runtime_pth");
/// ```
pub fn check_dropin(text: &str) -> Result<(), Vec<SchemaViolation>> {
    let table: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(e) => {
            let message = format!("not valid TOML: {}", e.message());
            return Err(vec![SchemaViolation { path: FieldPath::root(), message, suggestion: None }]);
        }
    };
    let mut out = Vec::new();
    let outside = |path: FieldPath| SchemaViolation {
        path,
        message: "not part of a runtime handler table `[crio.runtime.runtimes.<handler>]`".to_owned(),
        suggestion: None,
    };
    let mut handlers = None;
    for (key, value) in &table {
        let at = FieldPath::root().key(key.clone());
        match (key.as_str(), value.as_table()) {
            ("crio", Some(crio)) => {
                for (key, value) in crio {
                    match (key.as_str(), value.as_table()) {
                        ("runtime", Some(runtime)) => {
                            for (key, value) in runtime {
                                match (key.as_str(), value.as_table()) {
                                    ("runtimes", Some(runtimes)) => handlers = Some(runtimes),
                                    _ => out.push(outside(at.key("runtime").key(key.clone()))),
                                }
                            }
                        }
                        _ => out.push(outside(at.key(key.clone()))),
                    }
                }
            }
            _ => out.push(outside(at)),
        }
    }
    let base = FieldPath::parse("crio.runtime.runtimes");
    for (name, handler) in handlers.into_iter().flatten() {
        let at = base.key(name.clone());
        let Some(handler) = handler.as_table() else {
            out.push(SchemaViolation {
                path: at,
                message: "a runtime handler must be a table".to_owned(),
                suggestion: None,
            });
            continue;
        };
        for (key, value) in handler {
            match HANDLER_KEYS.iter().find(|(known, _)| known == key) {
                None => out.push(SchemaViolation {
                    path: at.key(key.clone()),
                    message: "unknown CRI-O runtime handler key".to_owned(),
                    suggestion: None,
                }),
                Some((_, expected)) if !type_matches(*expected, value) => out.push(SchemaViolation {
                    path: at.key(key.clone()),
                    message: format!("must be {}, found {}", type_name(*expected), value.type_str()),
                    suggestion: None,
                }),
                Some(_) => {}
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn dropin_keys_and_types() {
        let good = crate::crio::render("kata-x", &oscgen_api::crio::RuntimeHandler::kata_rpm()).unwrap();
        assert_eq!(check_dropin(&good), Ok(()));
        let cases = [
            ("[crio.runtime.runtimes.kata]\nruntime_pth = \"/x\"\n", "crio.runtime.runtimes.kata.runtime_pth"),
            (
                "[crio.runtime.runtimes.kata]\nprivileged_without_host_devices = \"true\"\n",
                "crio.runtime.runtimes.kata.privileged_without_host_devices",
            ),
            (
                "[crio.runtime.runtimes.kata]\nallowed_annotations = [1]\n",
                "crio.runtime.runtimes.kata.allowed_annotations",
            ),
            ("[crio.runtime]\nmanage_ns_lifecycle = true\n", "crio.runtime.manage_ns_lifecycle"),
            ("[crio]\nstorage_option = []\n", "crio.storage_option"),
            ("[crio.runtime.runtimes]\nkata = 1\n", "crio.runtime.runtimes.kata"),
            ("[crio.runtime.runtimes.kata\n", ""),
        ];
        for (text, path) in cases {
            let problems = check_dropin(text).unwrap_err();
            let paths: Vec<String> = problems.iter().map(|v| v.path.to_string()).collect();
            assert_eq!(paths, [path], "{text}");
        }
    }
}
