//! Many `oscgen` processes at once: 50 function runs on one ResourceList and 50 renders of the
//! examples give the same bytes and exit 0; 10 `init`s into one new (or one empty) directory
//! each succeed or fail cleanly, and leave one complete, correct tree and nothing else.

use crate::common;

use std::fs;
use std::sync::{Arc, Barrier};

use common::{Run, Scratch, oscgen, repo, tree};

/// Runs `count` copies of `oscgen args` (stdin `input`) started together; returns every run.
fn at_once(count: usize, args: Vec<String>, input: Vec<u8>) -> Vec<Run> {
    let start = Arc::new(Barrier::new(count));
    let threads: Vec<_> = (0..count)
        .map(|_| {
            let (start, args, input) = (Arc::clone(&start), args.clone(), input.clone());
            std::thread::spawn(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                start.wait();
                oscgen(&args, &input)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

fn assert_all_equal(what: &str, runs: &[Run], alone: &Run) {
    assert_eq!(alone.code, Some(0), "{what}: {}", alone.transcript());
    assert!(!alone.stdout.is_empty());
    for (i, run) in runs.iter().enumerate() {
        assert_eq!(run.code, Some(0), "{what}, run {i}: {}", run.transcript());
        assert_eq!(run.stdout, alone.stdout, "{what}, run {i}: stdout differs");
        assert_eq!(run.stderr, alone.stderr, "{what}, run {i}: stderr differs");
    }
}

#[test]
fn fifty_function_runs_give_the_same_bytes() {
    let input = fs::read(repo().join("plugin/tests/fixtures/ok-kpt-render/input.yaml")).unwrap();
    let alone = oscgen(&["fn"], &input);
    let runs = at_once(50, vec!["fn".into()], input);
    assert_all_equal("fn", &runs, &alone);
}

#[test]
fn fifty_renders_of_the_examples_give_the_same_bytes() {
    let files = ["examples/kpt/operator.yaml", "examples/kpt/kata-runtime.yaml"];
    let args: Vec<String> = ["render"].into_iter().chain(files).map(str::to_owned).collect();
    let alone = oscgen(&args.iter().map(String::as_str).collect::<Vec<_>>(), b"");
    let runs = at_once(50, args, Vec::new());
    assert_all_equal("render", &runs, &alone);
}

fn ten_inits_into_one_directory(existing: bool) {
    let scratch = Scratch::new(if existing { "concurrent-init-existing" } else { "concurrent-init" });
    let expected_dir = scratch.path.join("alone");
    let alone = oscgen(&["init", expected_dir.to_str().unwrap()], b"");
    assert_eq!(alone.code, Some(0), "{}", alone.transcript());
    let expected = tree(&expected_dir);

    let parent = scratch.path.join("shared");
    fs::create_dir(&parent).unwrap();
    let dir = parent.join("repo");
    if existing {
        fs::create_dir(&dir).unwrap();
    }
    let runs = at_once(10, vec!["init".into(), dir.to_str().unwrap().to_owned()], Vec::new());
    let mut succeeded = 0;
    for (i, run) in runs.iter().enumerate() {
        match run.code {
            Some(0) => succeeded += 1,
            // A clean failure: a usage or I/O error with its reason.
            Some(2) => assert!(run.stderr.starts_with("oscgen: "), "run {i}: {}", run.transcript()),
            _ => panic!("run {i}: {}", run.transcript()),
        }
    }
    assert!(succeeded >= 1, "at least one init succeeds");
    assert_eq!(tree(&dir), expected, "one complete, correct tree");
    let beside: Vec<_> = fs::read_dir(&parent).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(beside, ["repo"], "no staging directories left beside the target");
    // Every file was written exactly once between the runs that report writing it.
    let wrote: usize = runs.iter().map(|r| r.stderr.lines().filter(|l| l.starts_with("wrote ")).count()).sum();
    let files = expected.values().filter(|v| matches!(v, common::Entry::File(_))).count();
    assert_eq!(wrote, files, "{:#?}", runs.iter().map(Run::transcript).collect::<Vec<_>>());
}

#[test]
fn ten_inits_into_one_new_directory() {
    ten_inits_into_one_directory(false);
}

#[test]
fn ten_inits_into_one_empty_directory() {
    ten_inits_into_one_directory(true);
}
