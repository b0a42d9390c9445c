//! Hostile input to the real binary, as `oscgen fn` (stdin) and as `oscgen render FILE`: each
//! case must end quickly with exit 1, a message that names the problem, and nothing on stdout
//! (a partial ResourceList would make kpt delete the package's resources).

use crate::common;

use std::time::{Duration, Instant};

use common::{Run, Scratch, oscgen};

/// Generous for a debug build on a busy two-core machine; every case takes well under a second
/// in release, and the cases this guards against took minutes or hours.
const QUICK: Duration = Duration::from_secs(20);

const LIST: &str = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";
const CONFIG: &str = "functionConfig:\n  apiVersion: oscgen.dev/v1alpha1\n  kind: SandboxedContainersOperator\n  \
                      metadata: {name: osc}\n  spec: {channel: stable}\n";

/// A hostile input and the message each mode must give for it.
struct Case {
    name: &'static str,
    input: Vec<u8>,
    /// Part of the message `oscgen fn` prints.
    fn_error: &'static str,
    /// Part of the message `oscgen render FILE` prints.
    render_error: &'static str,
}

fn laughs() -> String {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        text.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    text
}

fn cases() -> Vec<Case> {
    let deep_block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    let anchor = format!("x: &a [{}]\ny: [{}]\n", vec!["0"; 10_000].join(","), vec!["*a"; 10_000].join(","));
    vec![
        Case {
            name: "not UTF-8",
            input: b"apiVersion: v1\nkind: \xff\xfe\n".to_vec(),
            fn_error: "not UTF-8 (invalid byte at offset 21)",
            render_error: "not UTF-8 (invalid byte at offset 21)",
        },
        Case {
            name: "UTF-16",
            input: b"\xff\xfea\x00:\x00 \x00b\x00\n\x00".to_vec(),
            fn_error: "UTF-16 text (it starts with a byte-order mark); save the file as UTF-8",
            render_error: "UTF-16 text (it starts with a byte-order mark); save the file as UTF-8",
        },
        Case {
            name: "NUL byte",
            input: format!("{LIST}items: []\x00\n").into_bytes(),
            fn_error: "NUL byte at offset 64",
            render_error: "NUL byte at offset 64",
        },
        Case { name: "empty", input: Vec::new(), fn_error: "found 0", render_error: "no oscgen config" },
        Case {
            name: "only comments",
            input: b"# nothing here\n---\n# nor here\n".to_vec(),
            fn_error: "found 0",
            render_error: "the input is empty or holds only comments",
        },
        Case {
            name: "two documents",
            input: format!("{LIST}items: []\n---\n{LIST}items: []\n").into_bytes(),
            fn_error: "expected one ResourceList document on stdin, found 2",
            render_error: "found config.kubernetes.io/v1 ResourceList",
        },
        Case {
            name: "items not a list",
            input: format!("{LIST}items: {{a: 1}}\n{CONFIG}").into_bytes(),
            fn_error: "ResourceList items must be a list, found a mapping",
            render_error: "expected an oscgen config",
        },
        Case {
            name: "an item not an object",
            input: format!("{LIST}items: [{{kind: A}}, just text]\n{CONFIG}").into_bytes(),
            fn_error: "ResourceList items[1] must be an object, found a string",
            render_error: "expected an oscgen config",
        },
        Case {
            name: "a list, not a mapping",
            input: b"- a\n- b\n".to_vec(),
            fn_error: "stdin must be a ResourceList mapping, not a list or scalar",
            render_error: "found not a mapping",
        },
        Case {
            name: "invalid YAML",
            input: format!("{LIST}items: [1, 2\n").into_bytes(),
            // Told as every command tells a YAML syntax error (code yamlSyntax).
            fn_error: "stdin:3:8: error: not valid YAML",
            render_error: "not valid YAML",
        },
        Case {
            name: "billion laughs",
            input: laughs().into_bytes(),
            fn_error: "aliases (*name) expand the document to more than twice the size of its text",
            render_error: "aliases (*name) expand the document to more than twice the size of its text",
        },
        Case {
            name: "one large anchor repeated",
            input: anchor.into_bytes(),
            fn_error: "aliases (*name) expand the document to more than twice the size of its text",
            render_error: "aliases (*name) expand the document to more than twice the size of its text",
        },
        Case {
            name: "deep flow sequence",
            input: "[".repeat(100_000).into_bytes(),
            fn_error: "nested more than 128 levels deep at line 1 column 129",
            render_error: "nested more than 128 levels deep at line 1 column 129",
        },
        Case {
            name: "deep flow mapping",
            input: "{a: ".repeat(100_000).into_bytes(),
            fn_error: "nested more than 128 levels deep at line 1 column 513",
            render_error: "nested more than 128 levels deep at line 1 column 513",
        },
        Case {
            name: "deep block mapping",
            input: deep_block.into_bytes(),
            fn_error: "nested more than 128 levels deep",
            render_error: "nested more than 128 levels deep",
        },
        Case {
            name: "deep value inside the config",
            input: format!(
                "{LIST}items: []\nfunctionConfig:\n  apiVersion: oscgen.dev/v1alpha1\n  kind: KataRuntime\n  \
                 metadata: {{name: k}}\n  spec: {{release: {}}}\n",
                "[".repeat(50_000)
            )
            .into_bytes(),
            fn_error: "nested more than 128 levels deep at line 8 column 146",
            render_error: "nested more than 128 levels deep at line 8 column 146",
        },
    ]
}

fn timed(run: impl FnOnce() -> Run) -> (Run, Duration) {
    let started = Instant::now();
    let run = run();
    (run, started.elapsed())
}

fn assert_refused(what: &str, run: &Run, took: Duration, expected: &str) {
    assert_eq!(run.code, Some(1), "{what}: {}", run.transcript());
    assert_eq!(run.stdout, "", "{what}: nothing may be printed on stdout");
    assert!(!run.stderr.is_empty(), "{what}: says why");
    for line in run.stderr.lines() {
        assert!(line.contains(expected), "{what}: expected {expected:?} in every line of stderr:\n{}", run.stderr);
    }
    assert!(took < QUICK, "{what}: took {took:?}");
}

#[test]
fn function_mode_refuses_hostile_stdin() {
    for case in cases() {
        let (run, took) = timed(|| oscgen(&["fn"], &case.input));
        assert_refused(&format!("fn, {}", case.name), &run, took, case.fn_error);
    }
}

#[test]
fn render_refuses_hostile_files() {
    let scratch = Scratch::new("hostile-render");
    for case in cases() {
        let file = scratch.path.join("input.yaml");
        std::fs::write(&file, &case.input).unwrap();
        let (run, took) = timed(|| oscgen(&["render", file.to_str().unwrap()], b""));
        let what = format!("render, {}", case.name);
        assert_refused(&what, &run, took, case.render_error);
        assert!(
            run.stderr.starts_with(&format!("{}: ", file.display())) || run.stderr.contains(file.to_str().unwrap())
        );
    }
}

#[test]
fn render_refuses_hostile_stdin() {
    for case in cases() {
        let (run, took) = timed(|| oscgen(&["render", "-"], &case.input));
        assert_refused(&format!("render -, {}", case.name), &run, took, case.render_error);
    }
}

#[test]
fn input_over_the_size_limit_is_refused_without_reading_it_all() {
    let input = format!("{LIST}items: []\n{CONFIG}");
    let run = oscgen(&["fn", "--max-input-bytes", "64"], input.as_bytes());
    assert_refused("fn --max-input-bytes", &run, Duration::ZERO, "input is larger than 64 bytes");
    assert!(run.stderr.contains("raise --max-input-bytes"), "{}", run.stderr);

    let scratch = Scratch::new("hostile-size");
    let file = scratch.path.join("big.yaml");
    std::fs::write(&file, &input).unwrap();
    let run = oscgen(&["render", "--max-input-bytes", "64", file.to_str().unwrap()], b"");
    assert_refused("render --max-input-bytes", &run, Duration::ZERO, "input is larger than 64 bytes");

    // The default limit (16 MiB), on a sparse file and on a stream.
    let huge = scratch.path.join("huge.yaml");
    std::fs::File::create(&huge).unwrap().set_len(16 * 1024 * 1024 + 1).unwrap();
    let (run, took) = timed(|| oscgen(&["render", huge.to_str().unwrap()], b""));
    assert_refused("render, 16 MiB + 1", &run, took, "input is larger than 16777216 bytes");
    let stream = vec![b' '; 16 * 1024 * 1024 + 1];
    let (run, took) = timed(|| oscgen(&["fn"], &stream));
    assert_refused("fn, 16 MiB + 1", &run, took, "input is larger than 16777216 bytes");
}

/// Inputs that look odd but are valid work, and quickly: a byte-order mark, CRLF line ends,
/// thousands of words YAML 1.1 reads as booleans (which oscgen quotes on output), and a string
/// that looks like the placeholder oscgen uses for that quoting.
#[test]
fn odd_but_valid_input_works() {
    let valid = format!("{LIST}items: []\n{CONFIG}");
    let bom = format!("\u{feff}{valid}");
    let crlf = valid.replace('\n', "\r\n");
    let mut many = format!("{LIST}{CONFIG}items:\n");
    for i in 0..20_000 {
        many.push_str(&format!("- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: c{i}}}, data: {{a: y}}}}\n"));
    }
    let lookalike = format!(
        "{LIST}{CONFIG}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {{name: c}}\n  data: {{a: oscgenquoted{}, b: 'on'}}\n",
        "x".repeat(100_000)
    );
    for (what, input) in [("BOM", &bom), ("CRLF", &crlf), ("20,000 `y`s", &many), ("placeholder lookalike", &lookalike)]
    {
        let (run, took) = timed(|| oscgen(&["fn"], input.as_bytes()));
        assert_eq!(run.code, Some(0), "{what}: {}", run.transcript());
        assert!(took < QUICK, "{what}: took {took:?}");
        let output = &oscgen_render::yaml::documents(&run.stdout).unwrap()[0];
        let input = &oscgen_render::yaml::documents(input).unwrap()[0];
        let items = input["items"].as_array().unwrap();
        assert_eq!(
            &output["items"].as_array().unwrap()[..items.len()],
            &items[..],
            "{what}: items come back unchanged"
        );
    }
}
