//! `oscgen initdata encode|decode`, run as the built binary: round trip through pipes, the
//! operator's own initdata and its digest, and bad input refused with exit 1 and a path.

use crate::common;

use common::{Scratch, oscgen};

const OPERATOR_DEFAULT: &str = "crates/render/tests/data/coco/default-non-cc-initdata.toml";
const CAA_GLOBAL: &str = "crates/render/tests/data/coco/caa-docs-global-initdata.b64";
const CAA_ANNOTATION: &str = "crates/render/tests/data/coco/caa-docs-annotation-initdata.b64";

fn field<'a>(stdout: &'a str, name: &str) -> &'a str {
    stdout.lines().find_map(|l| l.strip_prefix(&format!("{name}: "))).unwrap_or_else(|| panic!("no {name}: {stdout}"))
}

#[test]
fn encode_prints_the_digest_and_a_value_decode_turns_back() {
    let run = oscgen(&["initdata", "encode", OPERATOR_DEFAULT], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(field(&run.stdout, "algorithm"), "sha384");
    assert_eq!(
        field(&run.stdout, "digest"),
        "2b9be94cc02888e56c77bd032eecb83f417278ec955a0889a4b4240f59a73fae43963197c2185f06cddf23415a09e301"
    );
    // The operator's default lets the host exec and read logs: two warnings, exit 0.
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(warnings.iter().all(|w| w.starts_with(&format!("{OPERATOR_DEFAULT}: warning: "))), "{}", run.stderr);
    assert!(run.stderr.contains("ExecProcessRequest") && run.stderr.contains("ReadStreamRequest"));

    let value = field(&run.stdout, "value");
    let back = oscgen(&["initdata", "decode", "-"], value.as_bytes());
    assert_eq!(back.code, Some(0), "{}", back.transcript());
    assert_eq!(back.stdout, std::fs::read_to_string(common::repo().join(OPERATOR_DEFAULT)).unwrap());
    assert!(back.stderr.contains("<stdin>: digest sha384:2b9be94c"), "{}", back.stderr);

    // And the decoded text encodes to the same value.
    let again = oscgen(&["initdata", "encode", "-"], back.stdout.as_bytes());
    assert_eq!(field(&again.stdout, "value"), value);
}

#[test]
fn decode_reads_a_file_and_names_the_kbs_mismatch() {
    let run = oscgen(&["initdata", "decode", CAA_GLOBAL], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.starts_with("algorithm = \"sha384\"\nversion = \"0.1.0\"\n"), "{}", run.stdout);
    assert!(run.stderr.contains(
        "digest sha384:4bebff2869bcdd3e9848fd8bca681ffb9bd9e018e343aa664c960fb4834129ac5b7fed3ca94b2da609906f1e94924b17"
    ));
    // The doc's example sends aa.toml and cdh.toml to different KBSes.
    assert!(run.stderr.contains("error: data[\"cdh.toml\"].kbc.url: the KBS URL differs"), "{}", run.stderr);
}

#[test]
fn bad_input_exits_1_with_what_is_wrong_and_nothing_on_stdout() {
    let scratch = Scratch::new("initdata");
    let sha1 = scratch.path.join("sha1.toml");
    std::fs::write(&sha1, "algorithm = \"sha1\"\nversion = \"0.1.0\"\n[data]\n").unwrap();
    let sha1 = sha1.to_str().unwrap();
    // (args, stdin, the line expected on stderr)
    let cases: Vec<(Vec<&str>, &[u8], String)> = vec![
        (vec!["initdata", "decode", CAA_ANNOTATION], b"", format!("{CAA_ANNOTATION}: error: initdata is not base64")),
        (vec!["initdata", "decode", "-"], b"aGVsbG8=", "<stdin>: error: initdata is base64 but not gzip".into()),
        (vec!["initdata", "decode", "-"], b"", "<stdin>: error: initdata is not base64 (the value is empty)".into()),
        (vec!["initdata", "encode", sha1], b"", format!("{sha1}: error: algorithm: initdata algorithm `sha1`")),
        (vec!["initdata", "encode", "-"], b"[data\n", "<stdin>: error: initdata is not valid TOML".into()),
    ];
    for (args, stdin, expected) in cases {
        let run = oscgen(&args, stdin);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.transcript());
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(run.stderr.starts_with(&expected), "{args:?}: expected {expected:?}, got {}", run.stderr);
    }
    let missing = oscgen(&["initdata", "decode", "no/such/file"], b"");
    assert_eq!(missing.code, Some(2), "{}", missing.transcript());
}
