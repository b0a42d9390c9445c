//! `check` calibrated against the established secret scanners: the placeholder recognizer on
//! the values it must and must not flag, and the credential rule's three severities on Secrets
//! written the way repositories write them. The value never comes out.

use oscgen_check::Severity::{self, Error as E, Warning as W};
use oscgen_check::rules::placeholder::{is_placeholder, is_templated};
use oscgen_check::{Input, Options, check};

/// A fake key shaped like an AWS secret access key (40 characters of base64, entropy 4.9): no
/// credential of anyone's.
const FAKE_KEY: &str = "q9Vt7ZkR3xLmW2pN8sYcB4dF6gHjK1aE0uTiO5rP";

/// A fake Azure client secret in the shape Entra ID generates (`xxx` digit `Q~` 31-34 more).
const FAKE_AZURE: &str = "k7R8Q~Zp3.vN_wLq2Xy9-TbF4uHc6JsDe1GmA0oI";

#[test]
fn placeholders_flagged_by_tokens() {
    let must_flag = [
        "UPDATE_AWS_SECRET_ACCESS_KEY",
        "YOUR_SECRET_ACCESS_KEY",
        "REPLACE_ME",
        "updateMe",
        "set-by-overlay",
        "patch-me",
        "fill-in-overlay",
        "AKIAXXXXXXXXXXXXXXXX",
        "((channel))",
        "<channel>",
        "__CHANNEL__",
        "${CHANNEL}",
        "{{ .Values.channel }}",
        "%CHANNEL%",
        "@CHANNEL@",
        "changeme",
        "TODO",
        "xxx",
        "dummy",
        "example",
        "redacted",
        // Also from the recognizer's classes.
        "",
        "  ",
        "my-placeholder",
        "ENC[AES256_GCM,data:abc,type:str]",
        "{{hub fromSecret \"ns\" \"s\" \"key\" hub}}",
        "edit_this",
        "provide-here",
    ];
    let must_not_flag = [
        "stable",
        "stable-1.3",
        "preview-1.1",
        "tech-preview",
        "candidate",
        "amq-streams-2.1.x",
        "3.x",
        "4.13",
        "v1.10.3",
        "eus-4.14",
        "sandboxed-containers-operator.v1.1.0",
        "x",
        "$",
        "minioadmin",
        FAKE_KEY,
        FAKE_AZURE,
    ];
    let wrong: Vec<String> = must_flag
        .iter()
        .filter(|v| !is_placeholder(v, None))
        .map(|v| format!("not flagged: {v:?}"))
        .chain(must_not_flag.iter().filter(|v| is_placeholder(v, None)).map(|v| format!("flagged: {v:?}")))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_value_that_repeats_its_key_is_a_placeholder() {
    for (value, key) in [
        ("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY"),
        ("CHANNEL", "channel"),
        ("csv", "startingCSV"),
        ("startingCSV", "startingCSV"),
    ] {
        assert!(is_placeholder(value, Some(key)), "{value:?} under {key}");
    }
    assert!(!is_placeholder("stable", Some("channel")));
    assert!(is_templated("{{ .Values.x }}") && is_templated("ENC[x]") && !is_templated("stable"));
}

fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn secret(data: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: apps\ntype: Opaque\nstringData:\n{data}"
    )
}

/// One row: what, the Secret's `stringData` lines, and the findings expected.
type Case<'a> = (&'a str, String, &'a [(Severity, &'a str, &'a str)]);

#[test]
fn credentials_by_how_sure_the_finding_is() {
    let cases: &[Case<'_>] = &[
        (
            "an AWS secret key's shape: error",
            secret(&format!("  AWS_SECRET_ACCESS_KEY: {FAKE_KEY}\n")),
            &[(E, "stringData.AWS_SECRET_ACCESS_KEY", "credentialsInGit")],
        ),
        (
            "an Azure client secret's shape: error",
            secret(&format!("  AZURE_CLIENT_SECRET: '{FAKE_AZURE}'\n")),
            &[(E, "stringData.AZURE_CLIENT_SECRET", "credentialsInGit")],
        ),
        (
            "a PEM private key under an SSH key name: error",
            secret(
                "  id_ed25519: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    b3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n    -----END OPENSSH PRIVATE KEY-----\n",
            ),
            &[(E, "stringData.id_ed25519", "credentialsInGit")],
        ),
        (
            "MinIO's default: a warning naming it as a public default",
            secret("  AWS_SECRET_ACCESS_KEY: minioadmin\n"),
            &[(W, "stringData.AWS_SECRET_ACCESS_KEY", "publicDefaultCredential")],
        ),
        (
            "a made-up password: a warning",
            secret("  AWS_SECRET_ACCESS_KEY: hunter2hunter2\n"),
            &[(W, "stringData.AWS_SECRET_ACCESS_KEY", "possibleCredentialInGit")],
        ),
        (
            "40 hex characters are a digest, not an AWS key: a warning",
            secret("  AWS_SECRET_ACCESS_KEY: 0123456789abcdef0123456789abcdef01234567\n"),
            &[(W, "stringData.AWS_SECRET_ACCESS_KEY", "possibleCredentialInGit")],
        ),
        ("UPDATE_…: silent", secret("  AWS_SECRET_ACCESS_KEY: UPDATE_AWS_SECRET_ACCESS_KEY\n"), &[]),
        ("YOUR_…: silent", secret("  AZURE_CLIENT_SECRET: YOUR_CLIENT_SECRET\n"), &[]),
        ("the key's own name: silent", secret("  AWS_SECRET_ACCESS_KEY: aws-secret-access-key\n"), &[]),
        ("a Helm template: silent", secret("  AWS_SECRET_ACCESS_KEY: '{{ .Values.aws.secretKey }}'\n"), &[]),
        (
            "an RHACM hub template: silent",
            secret("  AWS_SECRET_ACCESS_KEY: '{{hub fromSecret \"a\" \"b\" \"c\" hub}}'\n"),
            &[],
        ),
        ("sops: silent", secret("  AWS_SECRET_ACCESS_KEY: ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]\n"), &[]),
        (
            "AWS's documented example key: silent, despite its shape",
            secret("  AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
            &[],
        ),
        (
            "a PEM block around a placeholder: silent",
            secret(
                "  id_rsa: |\n    -----BEGIN RSA PRIVATE KEY-----\n    <your private key here>\n    -----END RSA PRIVATE KEY-----\n",
            ),
            &[],
        ),
    ];
    let mut failures = Vec::new();
    for (what, input, expected) in cases {
        let found = check(&[Input::Text { name: "secret.yaml".into(), text: input.clone() }], &Options::default())
            .unwrap()
            .entries;
        let summary: Vec<(Severity, String, String)> =
            found.iter().map(|f| (f.severity, f.path.to_string(), f.code.to_string())).collect();
        let expected: Vec<(Severity, String, String)> =
            expected.iter().map(|(s, p, c)| (*s, (*p).to_owned(), (*c).to_owned())).collect();
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        for line in &shown {
            assert!(!line.contains(FAKE_KEY) && !line.contains(FAKE_AZURE) && !line.contains("minioadmin"), "{line}");
        }
        if summary != expected {
            failures.push(format!("{what}\n  expected: {expected:?}\n  found:\n    {}", shown.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// `data` is decoded before it is judged: the encoded placeholder is silent, the encoded key
/// an error.
#[test]
fn data_is_decoded_first() {
    let text = format!(
        "apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata:\n  AWS_SECRET_ACCESS_KEY: {}\n  aws_secret_access_key: {}\n",
        base64("UPDATE_AWS_SECRET_ACCESS_KEY"),
        base64(FAKE_KEY)
    );
    let found = check(&[Input::Text { name: "s.yaml".into(), text }], &Options::default()).unwrap().entries;
    let summary: Vec<(Severity, String, String)> =
        found.iter().map(|f| (f.severity, f.path.to_string(), f.code.to_string())).collect();
    assert_eq!(summary, [(E, "data.aws_secret_access_key".to_owned(), "credentialsInGit".to_owned())]);
}

/// Base64 written in lines (as kustomize writes it past 70 characters) is decoded all the same.
#[test]
fn data_in_lines_is_decoded() {
    let encoded = base64(FAKE_KEY);
    let (first, rest) = encoded.split_at(30);
    let text = format!(
        "apiVersion: v1\nkind: Secret\nmetadata: {{name: s}}\ndata:\n  AWS_SECRET_ACCESS_KEY: |\n    {first}\n    {rest}\n"
    );
    let found = check(&[Input::Text { name: "s.yaml".into(), text }], &Options::default()).unwrap().entries;
    let codes: Vec<String> = found.iter().map(|f| f.code.to_string()).collect();
    assert_eq!(codes, ["credentialsInGit"]);
}
