//! Every MachineConfig's `spec.config` from the config matrix passes `ignition-validate`
//! (Debian package `ignition`, installed by `scripts/install-tools`), with no error and no
//! warning; the operator's spec 2.2 peer-pods drop-in is validated as MCO translates it to spec
//! 3. Without the tool the test fails under `CI` and is skipped with a reason otherwise.

use crate::validate_support;

use std::collections::BTreeSet;

use oscgen_render::{Object, render_runtime};
use validate_support::{Expect, as_spec3, ignition_validate, ignition_validate_tool, matrix};

/// The Ignition configs of every MachineConfig the matrix renders, once each, in spec 3, and
/// how many of them were spec 2.2 (the operator's peer-pods drop-in).
fn ignition_configs() -> (BTreeSet<String>, usize) {
    let mut configs = BTreeSet::new();
    let mut spec2 = BTreeSet::new();
    for case in matrix().into_iter().filter(|c| c.expect == Expect::Render) {
        let rendered = render_runtime(&case.spec).unwrap_or_else(|e| panic!("{}: {e}", case.label));
        for object in &rendered.objects {
            if let Object::MachineConfig(mc) = object {
                let config = as_spec3(&mc.spec.config);
                if mc.spec.config.as_v2_2().is_some() {
                    spec2.insert(config.clone());
                }
                configs.insert(config);
            }
        }
    }
    (configs, spec2.len())
}

#[test]
fn machine_configs_pass_ignition_validate() {
    let tool = match ignition_validate_tool() {
        Ok(tool) => tool,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let (configs, spec2) = ignition_configs();
    // The empty config of the extension MachineConfig, drop-ins plain and gzipped, and the
    // operator's 50-kata-remote.
    assert!(configs.len() >= 4, "{configs:#?}");
    assert_eq!(spec2, 1, "one 50-kata-remote for 1.8-1.10: {configs:#?}");
    let refused = ignition_validate(&tool, &configs);
    assert!(refused.is_empty(), "ignition-validate refused:\n{refused:#?}");
}

#[test]
fn ignition_validate_refuses_a_broken_config() {
    let Ok(tool) = ignition_validate_tool() else {
        return;
    };
    // A relative path is an error; a mode of 644 (written in decimal by mistake) is a warning.
    let broken: BTreeSet<String> = [
        r#"{"ignition":{"version":"3.2.0"},"storage":{"files":[{"path":"etc/x"}]}}"#,
        r#"{"ignition":{"version":"3.2.0"},"storage":{"files":[{"path":"/etc/x","mode":644}]}}"#,
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(ignition_validate(&tool, &broken).len(), 2);
}
