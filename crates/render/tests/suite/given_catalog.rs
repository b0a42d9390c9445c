//! Rendering against a file-based catalog (`oscgen render --catalog`): the operator and
//! runtime configs' channel and release are judged against the catalog given, not oscgen's
//! copies of Red Hat's. The catalog is `catalogs/opm-render-4.22-newer.yaml` (see the README
//! there): the 4.22 catalog plus a 1.14.0 only it has. Tables of `(severity, path, kind)`.

use crate::common;

use common::{Summary, kata_runtime, operator, summarize};
use oscgen_render::Severity::{Error as E, Warning as W};
use oscgen_render::catalog::file::FileCatalog;
use oscgen_render::{Error, Object, config, render_in};

const NEWER_4_22: &str = include_str!("../catalogs/opm-render-4.22-newer.yaml");

fn given() -> FileCatalog {
    FileCatalog::parse("opm-render-4.22-newer.yaml", NEWER_4_22).unwrap()
}

/// The diagnostics and, when it rendered, the Subscription's channel and startingCSV.
fn run(yaml: &str) -> (Vec<Summary>, Option<(String, Option<String>)>) {
    let configs = config::from_yaml(yaml).unwrap();
    match render_in(&configs, Some(&given())) {
        Ok(rendered) => {
            let sub = rendered.objects.iter().find_map(|o| match o {
                Object::Subscription(s) => {
                    Some((s.spec.channel.clone().unwrap_or_default(), s.spec.starting_csv.clone()))
                }
                _ => None,
            });
            (summarize(&rendered.warnings.entries), sub)
        }
        Err(Error::Invalid(report)) => (summarize(&report.entries), None),
        Err(other) => panic!("render failed without a report: {other}"),
    }
}

type Row<'a> = (&'a str, String, &'a [(oscgen_render::Severity, &'a str, &'a str)], Option<(&'a str, &'a str)>);

#[test]
fn configs_are_judged_against_the_catalog_given() {
    let csv = |v: &str| format!("sandboxed-containers-operator.v{v}");
    let rows: &[Row<'_>] = &[
        ("a release only the given catalog has", operator("{release: 1.14.0}"), &[], Some(("stable", "1.14.0"))),
        ("its channel's head", operator("{channel: stable}"), &[], Some(("stable", "1.14.0"))),
        (
            "and with an openshiftVersion whose copy in oscgen stops earlier",
            operator("{channel: stable, release: 1.14.0, openshiftVersion: '4.20'}"),
            &[],
            Some(("stable", "1.14.0")),
        ),
        (
            "a deprecated channel and its head",
            operator("{channel: stable-1.3}"),
            &[(W, "spec.channel", "DeprecatedInGivenCatalog")],
            Some(("stable-1.3", "1.3.3")),
        ),
        (
            "a deprecated bundle",
            operator("{release: 1.6.0}"),
            &[(W, "spec.release", "DeprecatedInGivenCatalog")],
            Some(("stable", "1.6.0")),
        ),
        (
            "a channel the catalog lacks (oscgen's own data has candidate nowhere either)",
            operator("{channel: candidate}"),
            &[(E, "spec.channel", "ChannelNotInGivenCatalog")],
            None,
        ),
        (
            "a release the catalog lacks, though oscgen knows it",
            operator("{release: 1.2.0}"),
            &[(E, "spec.release", "CsvNotInGivenCatalog")],
            None,
        ),
        (
            "a release on another channel",
            operator("{channel: stable-1.3, release: 1.14.0}"),
            &[(W, "spec.channel", "DeprecatedInGivenCatalog"), (E, "spec.channel", "ChannelReleaseMismatch")],
            None,
        ),
        ("neither channel nor release", operator("{}"), &[(E, "spec", "MissingChannelOrRelease")], None),
        (
            "a KataRuntime on a release only the catalog has: written as oscgen's newest, said",
            kata_runtime("{release: 1.14.0}"),
            &[(W, "spec.release", "ReleaseOnlyInGivenCatalog")],
            None,
        ),
        ("a KataRuntime on a release both know", kata_runtime("{release: 1.13.1}"), &[], None),
        (
            "a KataRuntime on a channel the catalog lacks",
            kata_runtime("{channel: candidate}"),
            &[(E, "spec.channel", "ChannelNotInGivenCatalog")],
            None,
        ),
    ];
    let mut failures = Vec::new();
    for (what, input, expected, subscription) in rows {
        let expected: Vec<Summary> = expected.iter().map(|(s, p, k)| (*s, (*p).to_owned(), (*k).to_owned())).collect();
        let subscription = subscription.map(|(channel, v)| (channel.to_owned(), Some(csv(v))));
        let found = run(input);
        if found != (expected.clone(), subscription.clone()) {
            failures.push(format!("{what}: expected {expected:?} {subscription:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Without the catalog, oscgen's data refuses the release only the given catalog has.
#[test]
fn without_it_oscgen_data_decides() {
    let configs = config::from_yaml(&operator("{release: 1.14.0}")).unwrap();
    let Err(Error::Invalid(report)) = render_in(&configs, None) else { panic!("1.14.0 rendered without the catalog") };
    assert_eq!(summarize(&report.entries), vec![(E, "spec.release".to_owned(), "UnknownRelease".to_owned())]);
}

#[test]
fn hostile_or_malformed_catalogs_are_refused_with_the_file_named() {
    let huge_channel = format!(
        "{{\"schema\": \"olm.package\", \"name\": \"sandboxed-containers-operator\"}}\n{{\"schema\": \"olm.channel\", \"package\": \"sandboxed-containers-operator\", \"name\": \"stable\", \"entries\": [{}]}}",
        vec!["{\"name\": 7}"; 100_000].join(", ")
    );
    let cases: &[(&str, String, &str)] = &[
        ("neither JSON nor YAML", "\u{1}\u{2} not : a : catalog: [".to_owned(), "not valid YAML"),
        ("a JSON stream cut short", "{\"schema\": \"olm.package\", ".to_owned(), "not a JSON stream"),
        (
            "a name that is a number",
            "{\"schema\": \"olm.package\", \"name\": 7}".to_owned(),
            "blob 1: invalid type: integer `7`, expected a string",
        ),
        (
            "entries that are a string",
            "---\nschema: olm.channel\npackage: sandboxed-containers-operator\nname: stable\nentries: all\n".to_owned(),
            "blob 1",
        ),
        ("a schema that is a list", "{\"schema\": [\"olm.package\"]}".to_owned(), "blob 1 has no `schema`"),
        ("a hundred thousand entries of the wrong type", huge_channel, "blob 2: invalid type: integer `7`"),
        ("nested past the parser's limit", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)), "not valid YAML"),
        (
            "a billion laughs",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n".to_owned(),
            "not valid YAML",
        ),
        ("another operator's catalog", "{\"schema\": \"olm.package\", \"name\": \"x\"}".to_owned(), "packages x"),
    ];
    let mut failures = Vec::new();
    for (what, text, expected) in cases {
        match FileCatalog::parse("bad.json", text) {
            Ok(_) => failures.push(format!("{what}: accepted")),
            Err(e) => {
                let message = e.to_string();
                if !message.starts_with("bad.json: ") || !message.contains(expected) {
                    failures.push(format!("{what}: expected {expected:?}, got {message}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
