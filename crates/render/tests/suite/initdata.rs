//! Initdata: encode and decode are inverse, the operator's own initdata and the
//! cloud-api-adaptor's documented value decode to their known digests, and every malformed
//! input is refused with its kind and path.

use std::io::Write;

use base64::Engine as _;
use oscgen_render::coco::initdata::{self, Algorithm, MAX_DECODED};
use oscgen_render::diagnostics::codes;
use oscgen_render::{Report, Severity};

const OPERATOR_DEFAULT: &str = include_str!("../data/coco/default-non-cc-initdata.toml");
const CAA_GLOBAL: &str = include_str!("../data/coco/caa-docs-global-initdata.b64");
const CAA_ANNOTATION: &str = include_str!("../data/coco/caa-docs-annotation-initdata.b64");

const KBS: &str = "https://kbs-trustee-operator-system.apps.example.com";
const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

fn confidential(algorithm: &str, aa_url: &str, cdh_url: &str, exec: bool) -> String {
    format!(
        "algorithm = \"{algorithm}\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n[token_configs]\n[token_configs.coco_as]\nurl = '{aa_url}'\n\n[token_configs.kbs]\nurl = '{aa_url}'\ncert = \"\"\"\n{CERT}\"\"\"\n'''\n\n\"cdh.toml\" = '''\nsocket = 'unix:///run/confidential-containers/cdh.sock'\ncredentials = []\n\n[kbc]\nname = 'cc_kbc'\nurl = '{cdh_url}'\nkbs_cert = \"\"\"\n{CERT}\"\"\"\n'''\n\n\"policy.rego\" = '''\npackage agent_policy\n\ndefault ExecProcessRequest := {exec}\ndefault ReadStreamRequest := false\n'''\n"
    )
}

/// A case: what it is, the input, and the expected (path, kind) of each finding.
type Case = (&'static str, String, Vec<(&'static str, &'static str)>);
/// A lint case: what it is, the TOML, and the expected (severity, path, kind) of each finding.
type LintCase = (&'static str, String, Vec<(Severity, &'static str, &'static str)>);

fn kinds(report: &Report) -> Vec<(Severity, String, String)> {
    report.entries.iter().map(|d| (d.severity, d.path.to_string(), d.code.to_string())).collect()
}

fn gzip_base64(bytes: &[u8]) -> String {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap())
}

#[test]
fn encode_then_decode_is_the_identity() {
    let texts = [
        OPERATOR_DEFAULT.to_owned(),
        confidential("sha256", KBS, KBS, false),
        confidential("sha384", KBS, KBS, false),
        confidential("sha512", KBS, KBS, false),
        "algorithm = \"sha384\"\nversion = \"0.1.0\"\n[data]\n".to_owned(),
        // Text a TOML re-serializer would change: comments, spacing, key order.
        "# kept\nversion   = \"0.1.0\"\nalgorithm=\"sha256\"\n\n[data]\n\"policy.rego\" = \"package agent_policy\\r\\n\"\n".to_owned(),
    ];
    for text in &texts {
        let encoded = initdata::encode(text).unwrap_or_else(|r| panic!("{r}\n{text}"));
        let decoded = initdata::decode(&encoded.value).unwrap();
        assert_eq!(&decoded.text, text);
        assert_eq!(decoded.digest, encoded.digest);
        assert_eq!(decoded.initdata, encoded.initdata);
        // Deterministic: the same text always gives the same value (no gzip timestamp).
        assert_eq!(initdata::encode(text).unwrap().value, encoded.value);
        // A wrapped value (`base64` without -w0) decodes the same.
        let wrapped: Vec<String> =
            encoded.value.as_bytes().chunks(76).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
        assert_eq!(initdata::decode(&wrapped.join("\n")).unwrap().text, *text);
    }
}

#[test]
fn typed_initdata_writes_toml_that_reads_back_the_same() {
    let typed = initdata::parse(&confidential("sha384", KBS, KBS, false)).unwrap();
    let text = typed.to_toml();
    assert_eq!(initdata::parse(&text).unwrap(), typed);
    // Text that a literal string cannot hold is escaped.
    let mut odd = typed.clone();
    odd.data.policy = Some("package agent_policy\n# '''\r\n".into());
    assert_eq!(initdata::parse(&odd.to_toml()).unwrap(), odd);
}

#[test]
fn upstream_initdata_decodes_to_its_known_digests() {
    // The operator's built-in initdata names sha384.
    let encoded = initdata::encode(OPERATOR_DEFAULT).unwrap();
    assert_eq!(
        encoded.digest.to_string(),
        "sha384:2b9be94cc02888e56c77bd032eecb83f417278ec955a0889a4b4240f59a73fae43963197c2185f06cddf23415a09e301"
    );
    assert_eq!(
        Algorithm::Sha256.digest(OPERATOR_DEFAULT.as_bytes()).hex,
        "37ae0e7294cab1f4921e58bcf21e278010352b746b4683775e41e619c7d4bc7e"
    );
    let decoded = initdata::decode(CAA_GLOBAL).unwrap();
    assert_eq!(
        decoded.digest.to_string(),
        "sha384:4bebff2869bcdd3e9848fd8bca681ffb9bd9e018e343aa664c960fb4834129ac5b7fed3ca94b2da609906f1e94924b17"
    );
    let endpoints = decoded.initdata.endpoints();
    assert_eq!(endpoints.aa_kbs.as_deref(), Some("http://127.0.0.1:8080"));
    assert_eq!(endpoints.cdh_kbs.as_deref(), Some("http://1.2.3.4:8080"));
    // The doc's annotation example lost a padding character.
    let err = initdata::decode(CAA_ANNOTATION).unwrap_err();
    assert_eq!(kinds(&err), [(Severity::Error, String::new(), "initdataNotBase64".into())]);
}

#[test]
fn malformed_input_is_refused_with_kind_and_path() {
    let bomb = {
        // 1 MiB + 1 of zeros compresses to about a kilobyte.
        gzip_base64(&vec![b'#'; MAX_DECODED + 1])
    };
    let cases: Vec<Case> = vec![
        ("empty", String::new(), vec![("", "initdataNotBase64")]),
        ("not base64", "not base64!".into(), vec![("", "initdataNotBase64")]),
        (
            "base64 of plain text",
            base64::engine::general_purpose::STANDARD.encode("algorithm = \"sha384\""),
            vec![("", "initdataNotGzip")],
        ),
        ("a gzip bomb", bomb, vec![("", "initdataTooLarge")]),
        ("gzip of binary", gzip_base64(&[0xff, 0xfe, 0x00]), vec![("", "initdataNotToml")]),
        ("gzip of bad TOML", gzip_base64(b"algorithm = sha384\n"), vec![("", "initdataNotToml")]),
        (
            "sha1",
            gzip_base64(b"algorithm = \"sha1\"\nversion = \"0.1.0\"\n[data]\n"),
            vec![("algorithm", "initdataAlgorithm")],
        ),
        (
            "a data key outside the three files",
            gzip_base64(b"algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n\"agent.toml\" = ''\n"),
            vec![("data[\"agent.toml\"]", "initdataUnknownKey")],
        ),
        (
            "an unknown top-level key and no version",
            gzip_base64(b"algorithm = \"sha256\"\ndigest = \"x\"\n[data]\n"),
            vec![("digest", "initdataUnknownKey"), ("version", "requiredField")],
        ),
        (
            "a file that is not a string",
            gzip_base64(b"algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n\"aa.toml\" = 1\n"),
            vec![("data[\"aa.toml\"]", "initdataWrongType")],
        ),
        (
            "an aa.toml that is not TOML",
            gzip_base64(b"algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n\"aa.toml\" = '[token_configs'\n"),
            vec![("data[\"aa.toml\"]", "initdataFileNotToml")],
        ),
        (
            "data that is not a table",
            gzip_base64(b"algorithm = \"sha256\"\nversion = \"0.1.0\"\ndata = \"aa.toml\"\n"),
            vec![("data", "initdataWrongType")],
        ),
    ];
    let mut failures = Vec::new();
    for (what, value, expected) in &cases {
        let expected: Vec<(Severity, String, String)> =
            expected.iter().map(|(p, k)| (Severity::Error, (*p).to_owned(), (*k).to_owned())).collect();
        match initdata::decode(value) {
            Ok(_) => failures.push(format!("{what}: decoded")),
            Err(report) if kinds(&report) != expected => {
                failures.push(format!("{what}: expected {expected:?}, got {:?}", kinds(&report)))
            }
            Err(report) => {
                // Every message says what to do, and none is empty.
                assert!(report.entries.iter().all(|d| !d.message.is_empty()), "{what}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn lint_finds_what_breaks_or_weakens_attestation() {
    let base = oscgen_render::FieldPath::parse("spec.initdata");
    let http = "http://kbs-service.trustee-operator-system.svc:8080";
    let cases: Vec<LintCase> = vec![
        ("clean", confidential("sha384", KBS, KBS, false), vec![]),
        (
            "URLs that differ",
            confidential("sha384", KBS, "https://other.example.com", false),
            vec![(Severity::Error, "spec.initdata.data[\"cdh.toml\"].kbc.url", "initdataKbsUrlMismatch")],
        ),
        (
            "http with a certificate",
            confidential("sha384", http, http, false),
            vec![
                (Severity::Error, "spec.initdata.data[\"aa.toml\"].cert", "initdataKbsCert"),
                (Severity::Error, "spec.initdata.data[\"cdh.toml\"].kbs_cert", "initdataKbsCert"),
            ],
        ),
        (
            "exec allowed",
            confidential("sha384", KBS, KBS, true),
            vec![(Severity::Warning, "spec.initdata.data[\"policy.rego\"]", "initdataPolicyAllows")],
        ),
        (
            "the operator's permissive default",
            OPERATOR_DEFAULT.to_owned(),
            vec![
                (Severity::Warning, "spec.initdata.data[\"policy.rego\"]", "initdataPolicyAllows"),
                (Severity::Warning, "spec.initdata.data[\"policy.rego\"]", "initdataPolicyAllows"),
            ],
        ),
    ];
    for (what, text, expected) in cases {
        let typed = initdata::parse(&text).unwrap_or_else(|r| panic!("{what}: {r}"));
        let got = kinds(&typed.lint(&base));
        let expected: Vec<(Severity, String, String)> =
            expected.iter().map(|(s, p, k)| (*s, (*p).to_owned(), (*k).to_owned())).collect();
        assert_eq!(got, expected, "{what}");
    }
    // https without a certificate.
    let no_cert = confidential("sha384", KBS, KBS, false).replacen(&format!("\ncert = \"\"\"\n{CERT}\"\"\""), "", 1);
    let got = kinds(&initdata::parse(&no_cert).unwrap().lint(&base));
    assert_eq!(
        got,
        [(Severity::Warning, "spec.initdata.data[\"aa.toml\"].cert".to_owned(), "initdataKbsCert".to_owned())]
    );
    assert_eq!(initdata::parse(&no_cert).unwrap().lint(&base).entries[0].code, codes::InitdataKbsCert);
}
