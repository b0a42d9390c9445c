//! What the check tables share: a row is what it checks, its input, and every finding expected
//! as `(severity, path, code)` (or with the line), sorted as `check` sorts; a table fails once,
//! listing every row whose findings differ, each with what was found.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::fmt::Debug;

use oscgen_check::{Diagnostic, Input, Options, Severity, check};

/// One row keyed by `(severity, path, code)`.
pub type Case<'a> = (&'a str, String, &'a [(Severity, &'a str, &'a str)]);

/// One row keyed by `(severity, line, path, code)`.
pub type LineCase<'a> = (&'a str, String, &'a [(Severity, usize, &'a str, &'a str)]);

/// The findings of `check` on one text named `name`, with `options`.
pub fn findings_with(name: &str, text: &str, options: &Options) -> Vec<Diagnostic> {
    check(&[Input::Text { name: name.into(), text: text.into() }], options).unwrap().entries
}

/// The findings of `check` on one text named `input.yaml`.
pub fn findings(text: &str) -> Vec<Diagnostic> {
    findings_with("input.yaml", text, &Options::default())
}

/// A finding as `(severity, path, code)`.
pub fn key(f: &Diagnostic) -> (Severity, String, String) {
    (f.severity, f.path.to_string(), f.code.to_string())
}

/// A finding as `(severity, line, path, code)`.
pub fn line_key(f: &Diagnostic) -> (Severity, usize, String, String) {
    (f.severity, f.origin.as_ref().and_then(|o| o.line).unwrap_or(0), f.path.to_string(), f.code.to_string())
}

/// `expected` with owned strings, to compare with [`key`].
pub fn owned(expected: &[(Severity, &str, &str)]) -> Vec<(Severity, String, String)> {
    expected.iter().map(|(s, p, c)| (*s, (*p).to_owned(), (*c).to_owned())).collect()
}

/// `expected` with owned strings, to compare with [`line_key`].
pub fn owned_lines(expected: &[(Severity, usize, &str, &str)]) -> Vec<(Severity, usize, String, String)> {
    expected.iter().map(|(s, l, p, c)| (*s, *l, (*p).to_owned(), (*c).to_owned())).collect()
}

/// Compares each row's findings, by `key`, with what it expects.
pub fn assert_rows<K: PartialEq + Debug>(
    rows: impl IntoIterator<Item = (String, Vec<K>, Vec<Diagnostic>)>,
    key: impl Fn(&Diagnostic) -> K,
) {
    let (mut count, mut failures) = (0, Vec::new());
    for (what, expected, found) in rows {
        count += 1;
        if found.iter().map(&key).collect::<Vec<K>>() != expected {
            let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
            failures.push(format!("{what}\n  expected: {expected:?}\n  found:\n    {}", shown.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// A `(severity, path, code)` table over `findings`.
pub fn table(cases: &[Case<'_>], findings: impl Fn(&str) -> Vec<Diagnostic>) {
    assert_rows(
        cases.iter().map(|(what, input, expected)| ((*what).to_owned(), owned(expected), findings(input))),
        key,
    );
}
