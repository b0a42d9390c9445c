//! `oscgen check` on arbitrary YAML text (as a `kustomize build` piped in): it reports what is
//! wrong and never panics, whatever the text; each finding prints, and the same text gives the
//! same findings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oscgen_check::{check, Input, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let input = [Input::Text { name: "<stdin>".into(), text: text.into() }];
    let Ok(report) = check(&input, &Options::default()) else { return };
    for finding in &report.entries {
        assert!(!finding.to_string().is_empty());
    }
    let again = check(&input, &Options::default()).expect("the same text checks the same way");
    assert_eq!(again, report);
});
