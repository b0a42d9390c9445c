//! The credential rule of `oscgen check`, proven on a repository that commits its
//! `peer-pods-secret` with a real-looking (fake) AWS secret key
//! (tests/check-fixtures/credentials) and on the same Secret sent to the `Check` KRM function:
//! the Secret and the key are named, and the value appears nowhere oscgen writes to, neither in
//! text, `-o json`, KRM results nor on stderr.

use crate::common;

use serde_json::Value;

use common::{Run, oscgen, repo};

const FIXTURE: &str = "plugin/tests/check-fixtures/credentials";

/// The fake key in the fixtures: random characters shaped like an AWS secret access key.
const FAKE_KEY: &str = "q9Vt7ZkR3xLmW2pN8sYcB4dF6gHjK1aE0uTiO5rP";
/// The same, base64-encoded as the Secret's `data` holds it.
const FAKE_KEY_BASE64: &str = "cTlWdDdaa1IzeExtVzJwTjhzWWNCNGRGNmdIaksxYUUwdVRpTzVyUA==";

/// Asserts that neither form of the key, nor a long piece of either, is in `text`.
fn assert_no_key(text: &str, what: &str) {
    for form in [FAKE_KEY, FAKE_KEY_BASE64] {
        for piece in form.as_bytes().windows(12) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!text.contains(piece), "{what} holds part of the key ({piece}):\n{text}");
        }
    }
}

fn assert_run_has_no_key(run: &Run, what: &str) {
    assert_no_key(&run.stdout, &format!("{what} stdout"));
    assert_no_key(&run.stderr, &format!("{what} stderr"));
}

#[test]
fn the_fixture_commits_the_key() {
    let secret = std::fs::read_to_string(repo().join(FIXTURE).join("peer-pods-secret.yaml")).unwrap();
    assert!(secret.contains(&format!("AWS_SECRET_ACCESS_KEY: {FAKE_KEY_BASE64}\n")), "{secret}");
    let function =
        std::fs::read_to_string(repo().join("plugin/tests/check-fixtures/function/credentials.yaml")).unwrap();
    assert!(function.contains(&format!("AWS_SECRET_ACCESS_KEY: {FAKE_KEY}\n")), "{function}");
}

#[test]
fn check_names_the_secret_and_never_prints_the_key() {
    let run = oscgen(&["check", FIXTURE], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(
        run.stdout,
        format!(
            "{FIXTURE}/peer-pods-secret.yaml:9:3: error: Secret/peer-pods-secret: data.AWS_SECRET_ACCESS_KEY: \
             credentials committed to Git: Secret `peer-pods-secret` holds `AWS_SECRET_ACCESS_KEY`, a value with \
             the shape of an AWS secret access key; rotate that \
             credential now, remove the Secret from the repository (and its history), and create it out of band or \
             with an external-secrets tool (ExternalSecret, SealedSecret)\n"
        )
    );
    assert_eq!(run.stderr, "oscgen: check found 1 error\n");
    assert_run_has_no_key(&run, "check");

    let run = oscgen(&["check", "-o", "json", FIXTURE], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let found: Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = found.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["credentialsInGit"]);
    assert_eq!(found[0]["path"], "data.AWS_SECRET_ACCESS_KEY");
    assert_eq!(found[0]["object"]["name"], "peer-pods-secret");
    assert_run_has_no_key(&run, "check -o json");
}

#[test]
fn check_of_a_build_on_stdin_never_prints_the_key() {
    // What `kustomize build` of the fixture prints, piped in.
    let dir = repo().join(FIXTURE);
    let mut build = String::new();
    for file in ["kataconfig.yaml", "peer-pods-cm.yaml", "peer-pods-secret.yaml"] {
        build.push_str(&std::fs::read_to_string(dir.join(file)).unwrap());
        build.push_str("---\n");
    }
    for args in [&["check", "-"][..], &["check", "-o", "json", "-"][..]] {
        let run = oscgen(args, build.as_bytes());
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.transcript());
        assert!(
            run.stdout.contains("credentials committed to Git") || run.stdout.contains("credentialsInGit"),
            "{}",
            run.stdout
        );
        assert_run_has_no_key(&run, &format!("{args:?}"));
    }
}

#[test]
fn the_check_function_reports_without_the_key() {
    let input = std::fs::read_to_string(repo().join("plugin/tests/check-fixtures/function/credentials.yaml")).unwrap();
    let run = oscgen(&["fn"], input.as_bytes());
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let output: Value = oscgen_render::yaml::documents(&run.stdout).unwrap().remove(0);
    let given: Value = oscgen_render::yaml::documents(&input).unwrap().remove(0);
    // A validator gives the items back as they came (the key is the package's own, not oscgen's
    // output); what oscgen adds is the results.
    assert_eq!(output["items"], given["items"]);
    let results = output["results"].as_array().unwrap();
    let summary: Vec<(&str, &str)> =
        results.iter().map(|r| (r["severity"].as_str().unwrap(), r["field"]["path"].as_str().unwrap())).collect();
    assert_eq!(summary, [("error", "spec.enablePeerPods"), ("error", "stringData.AWS_SECRET_ACCESS_KEY")]);
    assert!(results[1]["message"].as_str().unwrap().starts_with("credentials committed to Git"));
    assert_eq!(results[1]["resourceRef"]["kind"], "Secret");
    assert_no_key(&serde_json::to_string(&output["results"]).unwrap(), "the KRM results");
    assert_no_key(&run.stderr, "fn stderr");
}
