//! `check` with a file-based catalog (`--catalog`): the Subscription judged against the
//! catalog given, as `opm render` prints it (JSON stream or YAML), instead of oscgen's copies;
//! and catalogs that cannot be read refused with the reason. YAML in, `(severity, path, code)`
//! out.

use crate::common;

use std::sync::Arc;

use common::Case;
use oscgen_check::Options;
use oscgen_check::Severity::{Error as E, Warning as W};
use oscgen_check::catalog::FileCatalog;

const NAMESPACE: &str = "openshift-sandboxed-containers-operator";
const PACKAGE: &str = "sandboxed-containers-operator";

/// A channel blob whose entries each replace the one before (as every channel of the
/// operator's catalogs does, `osc-catalog/channels.yaml`).
fn channel(name: &str, versions: &[&str]) -> String {
    let entries: Vec<String> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| match i {
            0 => format!("{{\"name\": \"{PACKAGE}.v{v}\"}}"),
            _ => format!("{{\"name\": \"{PACKAGE}.v{v}\", \"replaces\": \"{PACKAGE}.v{}\"}}", versions[i - 1]),
        })
        .collect();
    format!(
        "{{\"schema\": \"olm.channel\", \"package\": \"{PACKAGE}\", \"name\": \"{name}\", \"entries\": [{}]}}\n",
        entries.join(", ")
    )
}

fn bundle(version: &str) -> String {
    format!(
        "{{\"schema\": \"olm.bundle\", \"package\": \"{PACKAGE}\", \"name\": \"{PACKAGE}.v{version}\", \"image\": \"registry.example/osc-bundle:v{version}\", \"properties\": [{{\"type\": \"olm.package\", \"value\": {{\"packageName\": \"{PACKAGE}\", \"version\": \"{version}\"}}}}]}}\n"
    )
}

/// The 4.22 catalog's shape (`osc-catalog/channels.yaml`, trimmed): stable up to 1.13.1,
/// stable-1.3 deprecated; plus a `candidate` channel with a 1.14.0 only this index has.
fn index() -> String {
    let stable = ["1.11.0", "1.11.1", "1.12.0", "1.12.1", "1.13.0", "1.13.1"];
    let mut text =
        format!("{{\"schema\": \"olm.package\", \"name\": \"{PACKAGE}\", \"defaultChannel\": \"stable\"}}\n");
    text.push_str(&channel("stable", &stable));
    text.push_str(&channel("stable-1.3", &["1.3.3"]));
    text.push_str(&channel("candidate", &["1.13.1", "1.14.0"]));
    for v in stable.iter().chain(&["1.3.3", "1.14.0"]) {
        text.push_str(&bundle(v));
    }
    text.push_str(&format!(
        "{{\"schema\": \"olm.deprecations\", \"package\": \"{PACKAGE}\", \"entries\": [\
         {{\"reference\": {{\"schema\": \"olm.channel\", \"name\": \"stable-1.3\"}}, \"message\": \"stable-1.3 is deprecated; use stable\"}},\
         {{\"reference\": {{\"schema\": \"olm.bundle\", \"name\": \"{PACKAGE}.v1.11.0\"}}, \"message\": \"1.11.0 is deprecated\"}}]}}\n"
    ));
    // Another package of the same index.
    text.push_str("{\"schema\": \"olm.package\", \"name\": \"other-operator\", \"defaultChannel\": \"alpha\"}\n");
    text
}

fn subscription(spec: &str) -> String {
    format!(
        "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {NAMESPACE}\n  namespace: {NAMESPACE}\n\
         spec:\n  name: {PACKAGE}\n  source: osc-mirror\n  sourceNamespace: openshift-marketplace\n{spec}---\n\
         apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata:\n  name: {NAMESPACE}\n  namespace: {NAMESPACE}\n\
         spec:\n  targetNamespaces: [{NAMESPACE}]\n"
    )
}

fn table(catalog: &FileCatalog, openshift: Option<&str>, cases: &[Case<'_>]) {
    let options = Options {
        catalog: Some(Arc::new(catalog.clone())),
        openshift: openshift.and_then(oscgen_render::catalog::OpenShift::parse),
        ..Options::default()
    };
    common::table(cases, |input| common::findings_with("sub.yaml", input, &options));
}

#[test]
fn the_subscription_against_the_catalog_given() {
    let json = FileCatalog::parse("index.json", &index()).unwrap();
    assert_eq!(json.channels["stable"].head.as_deref(), Some("sandboxed-containers-operator.v1.13.1"));
    assert_eq!(json.channels["candidate"].head.as_deref(), Some("sandboxed-containers-operator.v1.14.0"));
    let (channel, csv) = ("spec.channel", "spec.startingCSV");
    let cases: &[Case<'_>] = &[
        (
            "the head of stable",
            subscription("  channel: stable\n  startingCSV: sandboxed-containers-operator.v1.13.1\n"),
            &[],
        ),
        (
            "a channel and release only this index has: no note, no error",
            subscription("  channel: candidate\n  startingCSV: sandboxed-containers-operator.v1.14.0\n"),
            &[],
        ),
        ("no channel: the default one", subscription("  startingCSV: sandboxed-containers-operator.v1.12.1\n"), &[]),
        ("a channel it does not have", subscription("  channel: fast\n"), &[(E, channel, "channelNotInGivenCatalog")]),
        (
            "a bundle it does not have",
            subscription("  channel: stable\n  startingCSV: sandboxed-containers-operator.v1.10.3\n"),
            &[(E, csv, "csvNotInGivenCatalog")],
        ),
        (
            "a bundle of another channel",
            subscription("  channel: stable\n  startingCSV: sandboxed-containers-operator.v1.14.0\n"),
            &[(E, csv, "channelCsvMismatch")],
        ),
        ("a deprecated channel", subscription("  channel: stable-1.3\n"), &[(W, channel, "deprecatedInGivenCatalog")]),
        (
            "a deprecated bundle",
            subscription("  channel: stable\n  startingCSV: sandboxed-containers-operator.v1.11.0\n"),
            &[(W, csv, "deprecatedInGivenCatalog")],
        ),
        ("a placeholder is still one", subscription("  channel: set-by-overlay\n"), &[(E, channel, "placeholder")]),
    ];
    table(&json, None, cases);
    // The catalog wins over oscgen's copy of the target version's (4.20 has no 1.13.1).
    table(&json, Some("4.20"), &cases[..1]);

    // The same catalog as YAML documents.
    let yaml: String = index().lines().map(|blob| format!("---\n{blob}\n")).collect();
    assert_eq!(
        FileCatalog::parse("index.yaml", &yaml).unwrap(),
        FileCatalog { file: "index.yaml".into(), ..json.clone() }
    );
}

#[test]
fn catalogs_that_cannot_be_read_are_refused() {
    let message = |text: &str| FileCatalog::parse("bad.json", text).unwrap_err().to_string();
    for (what, text, expected) in [
        ("not JSON", "{\"schema\": \"olm.package\", ", "not a JSON stream"),
        ("not YAML", "schema: [olm.package\n", "not valid YAML"),
        ("a blob without schema", "{\"name\": \"x\"}", "has no `schema`"),
        (
            "a channel whose entries are not a list",
            "{\"schema\": \"olm.channel\", \"package\": \"p\", \"name\": \"c\", \"entries\": 3}",
            "blob 1",
        ),
        (
            "another package only",
            "{\"schema\": \"olm.package\", \"name\": \"other-operator\"}",
            "has no package sandboxed-containers-operator (packages other-operator)",
        ),
        ("nothing", "", "no olm.package blob at all"),
        ("nested past the parser's limit", &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)), "bad.json"),
    ] {
        let found = message(text);
        assert!(found.starts_with("bad.json: "), "{what}: {found}");
        assert!(found.contains(expected), "{what}: {found}");
    }
}

/// A Check config's `spec.catalog`: a file relative to the config, read as `--catalog` is;
/// `--catalog` wins over it; a file that cannot be used is an error at `spec.catalog`, at the
/// config's file and line, and the Subscription is then judged against oscgen's data.
#[test]
fn a_catalog_named_by_the_check_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("catalogs")).unwrap();
    std::fs::write(root.join("catalogs/index.json"), index()).unwrap();
    std::fs::write(root.join("catalogs/not-a-catalog.json"), "{\"schema\": \"olm.package\", \"name\": 7}").unwrap();
    std::fs::write(root.join("catalogs/big.json"), format!("{}{}", index(), " ".repeat(4096))).unwrap();
    let sub = subscription("  channel: candidate\n  startingCSV: sandboxed-containers-operator.v1.14.0\n");
    std::fs::write(root.join("sub.yaml"), &sub).unwrap();
    let config = |catalog: &str| {
        format!(
            "# what oscgen check reads\napiVersion: oscgen.dev/v1alpha1\nkind: Check\nmetadata: {{name: check}}\nspec:\n  catalog: {catalog}\n"
        )
    };
    let run = |catalog: &str, options: &Options| {
        std::fs::write(root.join("check.yaml"), config(catalog)).unwrap();
        oscgen_check::check(&[oscgen_check::Input::Path(root.to_path_buf())], options).unwrap().entries
    };
    let at = |d: &oscgen_check::Diagnostic| {
        let origin = d.origin.clone().unwrap_or_default();
        let file = origin.file.unwrap_or_default();
        let file = std::path::Path::new(&file).file_name().map(|f| f.to_string_lossy().into_owned());
        (d.severity, file, origin.line, d.path.to_string(), d.code.to_string())
    };
    let found = |catalog: &str, options: &Options| run(catalog, options).iter().map(at).collect::<Vec<_>>();
    let codes =
        |catalog: &str, options: &Options| run(catalog, options).iter().map(|d| d.code.to_string()).collect::<Vec<_>>();
    let check_yaml = Some("check.yaml".to_owned());
    let bad = |code: &str| vec![(E, check_yaml.clone(), Some(6), "spec.catalog".to_owned(), code.to_owned())];

    // The index serves candidate and 1.14.0: nothing to say.
    assert_eq!(found("catalogs/index.json", &Options::default()), vec![], "the config's catalog");
    // Without it, the Subscription's source is a catalog oscgen does not have: a note only.
    let without = oscgen_check::check(&[oscgen_check::Input::Path(root.join("sub.yaml"))], &Options::default());
    assert!(without.unwrap().entries.iter().map(|d| d.code.to_string()).eq(["otherCatalogSource"]));

    // `--catalog` wins: a catalog without candidate.
    let stable_only = FileCatalog::parse(
        "stable.json",
        &format!("{{\"schema\": \"olm.package\", \"name\": \"{PACKAGE}\"}}\n{}", channel("stable", &["1.13.1"])),
    )
    .unwrap();
    let options = Options { catalog: Some(Arc::new(stable_only)), ..Options::default() };
    // The config's catalog is then not read, and says so.
    let used = codes("catalogs/index.json", &options);
    assert_eq!(used, ["catalogNotUsed", "channelNotInGivenCatalog", "csvNotInGivenCatalog"]);

    // Files that cannot be used: an error at spec.catalog, then oscgen's data judges.
    for (catalog, options) in [
        ("catalogs/missing.json", Options::default()),
        ("catalogs/not-a-catalog.json", Options::default()),
        ("catalogs/big.json", Options { max_file_bytes: 4096, ..Options::default() }),
    ] {
        let found = found(catalog, &options);
        assert_eq!(found[..1], bad("unreadable")[..], "{catalog}: {found:?}");
        assert!(found.iter().any(|f| f.4 == "otherCatalogSource"), "{catalog}: {found:?}");
    }
    let message = run("catalogs/not-a-catalog.json", &Options::default())[0].to_string();
    assert!(message.contains("catalogs/not-a-catalog.json`: blob 1: invalid type: integer `7`"), "{message}");
}
