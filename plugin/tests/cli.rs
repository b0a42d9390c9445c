//! The command line, run as the built binary: render, releases, schema, init, and the
//! flags every command has.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{Scratch, assert_text_snapshot, oscgen, repo};

const OPERATOR_EXAMPLE: &str = "examples/kustomize/operator/overlays/preview-1.1/operator.yaml";
const RUNTIME_EXAMPLE: &str = "examples/kustomize/instance/overlays/default/kata-runtime.yaml";
const BAD_CONFIG: &str = "plugin/tests/data/bad-config.yaml";

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"))
}

fn yaml_documents(text: &str) -> Vec<Value> {
    oscgen_render::yaml::documents(text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"))
}

// ---------------------------------------------------------------------------------------
// render

#[test]
fn render_examples() {
    let run = oscgen(&["render", OPERATOR_EXAMPLE, RUNTIME_EXAMPLE], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(run.stderr, "");
    let kinds: Vec<String> =
        yaml_documents(&run.stdout).iter().map(|o| o["kind"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(kinds, ["Namespace", "OperatorGroup", "Subscription", "KataConfig"]);
    assert!(run.stdout.contains("startingCSV: sandboxed-containers-operator.v1.1.0"), "{}", run.stdout);
    assert_text_snapshot("render-examples", &run.transcript());
}

#[test]
fn render_json_is_a_list_of_the_same_objects() {
    let yaml = oscgen(&["render", OPERATOR_EXAMPLE, RUNTIME_EXAMPLE], b"");
    let run = oscgen(&["render", "-o", "json", OPERATOR_EXAMPLE, RUNTIME_EXAMPLE], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let list = json(&run.stdout);
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    assert_eq!(list["items"].as_array().cloned().unwrap_or_default(), yaml_documents(&yaml.stdout));
}

#[test]
fn render_reads_stdin() {
    let config = fs::read(repo().join(OPERATOR_EXAMPLE)).unwrap();
    let from_stdin = oscgen(&["render", "-"], &config);
    let from_file = oscgen(&["render", OPERATOR_EXAMPLE], b"");
    assert_eq!(from_stdin.code, Some(0), "{}", from_stdin.transcript());
    assert_eq!(from_stdin.stdout, from_file.stdout);
}

#[test]
fn render_crio() {
    let run = oscgen(&["render", "--crio", RUNTIME_EXAMPLE], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(
        run.stdout.starts_with("# /etc/crio/crio.conf.d/50-kata (owned by the kata-containers RPM"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\n[crio.runtime.runtimes.kata]\n"), "{}", run.stdout);
    assert_text_snapshot("render-crio", &run.transcript());
}

#[test]
fn render_bad_config_names_the_file_and_every_field() {
    let run = oscgen(&["render", BAD_CONFIG], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "both problems are reported: {}", run.stderr);
    for line in &lines {
        assert!(line.starts_with(&format!("{BAD_CONFIG}: error: ")), "{line}");
    }
    assert!(run.stderr.contains("spec.poolSelector.matchLabels.kata"), "{}", run.stderr);
    assert!(run.stderr.contains("spec.logLevel"), "{}", run.stderr);
    assert_text_snapshot("render-bad-config", &run.transcript());
}

/// A base and its overlay hold configs of the same kind and name; a problem in one must be
/// reported against that file, not the first file with a config of that name.
#[test]
fn render_attributes_problems_to_their_file_when_names_repeat() {
    let base = "examples/kustomize/instance/base/kata-runtime.yaml";
    let run = oscgen(&["render", base, BAD_CONFIG], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert!(!run.stderr.contains(base), "the base is fine, yet blamed: {}", run.stderr);
    assert!(run.stderr.lines().any(|l| l.starts_with(BAD_CONFIG) && l.contains("matchLabels.kata")), "{}", run.stderr);
}

#[test]
fn render_invalid_yaml_names_the_file() {
    let scratch = Scratch::new("invalid-yaml");
    let file = scratch.path.join("broken.yaml");
    fs::write(&file, "apiVersion: oscgen.dev/v1alpha1\nkind: [KataRuntime\n").unwrap();
    let run = oscgen(&["render", file.to_str().unwrap()], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert!(run.stderr.starts_with(&format!("{}: error: not valid YAML", file.display())), "{}", run.stderr);
    // The bracket left open, not the end of the file where the parser noticed.
    assert!(run.stderr.contains("unclosed bracket '[' at line 2 column 7"), "{}", run.stderr);
    assert!(!run.stderr.contains("(line "), "the location is not repeated: {}", run.stderr);
}

#[test]
fn render_warnings_name_their_source_and_do_not_fail() {
    let config = "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\n\
                  metadata: {name: sandboxed-containers-operator}\nspec: {channel: stable, namespace: sandboxed}\n";
    let run = oscgen(&["render", "-"], config.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(
        run.stderr.starts_with(
            "<stdin>: warning: SandboxedContainersOperator/sandboxed-containers-operator: spec.namespace: "
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("namespace: sandboxed\n"), "{}", run.stdout);
}

#[test]
fn render_missing_file_is_exit_2() {
    let run = oscgen(&["render", "does/not/exist.yaml"], b"");
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("does/not/exist.yaml"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------
// releases, schema, version, help

#[test]
fn releases_table() {
    let run = oscgen(&["releases"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.starts_with("RELEASE "), "{}", run.stdout);
    assert_text_snapshot("releases-table", &run.transcript());
}

#[test]
fn releases_json() {
    let run = oscgen(&["releases", "-o", "json"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let rows = json(&run.stdout);
    let preview = rows.as_array().unwrap().iter().find(|r| r["release"] == "1.1.0").unwrap();
    assert_eq!(preview["channel"], "preview-1.1");
    assert_eq!(preview["csv"], "sandboxed-containers-operator.v1.1.0");
    assert_text_snapshot("releases-json", &run.transcript());
}

#[test]
fn schema_covers_both_kinds() {
    let run = oscgen(&["schema"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let schema = json(&run.stdout);
    let refs: Vec<&str> = schema["anyOf"].as_array().unwrap().iter().filter_map(|s| s["$ref"].as_str()).collect();
    assert_eq!(refs, ["#/$defs/SandboxedContainersOperator", "#/$defs/KataRuntime"]);
    for kind in ["SandboxedContainersOperator", "KataRuntime"] {
        assert_eq!(schema["$defs"][kind]["properties"]["kind"]["const"], kind);
        assert_eq!(schema["$defs"][kind]["properties"]["apiVersion"]["const"], "oscgen.dev/v1alpha1");
    }
}

#[test]
fn schema_of_one_kind() {
    for kind in ["SandboxedContainersOperator", "KataRuntime"] {
        let run = oscgen(&["schema", "--kind", kind], b"");
        assert_eq!(run.code, Some(0), "{}", run.transcript());
        let schema = json(&run.stdout);
        assert_eq!(schema["title"], kind);
        assert_eq!(schema["properties"]["kind"]["const"], kind);
    }
    let run = oscgen(&["schema", "--kind", "KataRuntime"], b"");
    assert_text_snapshot("schema-kataruntime", &run.stdout);
    let unknown = oscgen(&["schema", "--kind", "KataConfig"], b"");
    assert_eq!(unknown.code, Some(2), "{}", unknown.transcript());
}

#[test]
fn version() {
    let run = oscgen(&["--version"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(run.stdout, format!("oscgen {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_of_every_command() {
    for command in [None, Some("fn"), Some("render"), Some("init"), Some("schema"), Some("releases")] {
        let args: Vec<&str> = command.into_iter().chain(["--help"]).collect();
        let run = oscgen(&args, b"");
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.transcript());
        let usage = format!("Usage: oscgen{}", command.map(|c| format!(" {c}")).unwrap_or_default());
        assert!(run.stdout.contains(&usage), "{args:?}: {}", run.stdout);
        assert!(run.stdout.contains("Exit codes:"), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn unknown_flag_is_exit_2() {
    let run = oscgen(&["render", "--bogus", OPERATOR_EXAMPLE], b"");
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert_eq!(run.stdout, "");
}

// ---------------------------------------------------------------------------------------
// init

/// One entry of a directory tree, symlinks not followed.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every entry under `root`, by path relative to it.
fn tree(root: &Path) -> BTreeMap<PathBuf, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Entry>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, Entry::Link(fs::read_link(&path).unwrap()));
            } else if meta.is_dir() {
                out.insert(rel, Entry::Dir);
                walk(root, &path, out);
            } else {
                out.insert(rel, Entry::File(fs::read(&path).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn files(root: &Path) -> Vec<String> {
    tree(root)
        .into_iter()
        .filter(|(_, e)| matches!(e, Entry::File(_)))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect()
}

fn init(args: &[&str]) -> common::Run {
    let args: Vec<&str> = ["init"].into_iter().chain(args.iter().copied()).collect();
    oscgen(&args, b"")
}

#[test]
fn init_writes_the_layout() {
    let scratch = Scratch::new("init");
    let dir = scratch.path.join("repo");
    let run = init(&[dir.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let expected = [
        "instance/base/kata-runtime.yaml",
        "instance/base/kustomization.yaml",
        "instance/overlays/default/kata-runtime.yaml",
        "instance/overlays/default/kustomization.yaml",
        "operator/base/kustomization.yaml",
        "operator/base/operator.yaml",
        "operator/overlays/stable/kustomization.yaml",
        "operator/overlays/stable/operator.yaml",
    ];
    assert_eq!(files(&dir), expected);
    for file in expected {
        assert!(run.stderr.contains(&format!("wrote {}", dir.join(file).display())), "{}", run.stderr);
    }
    // Nothing left beside the target.
    assert_eq!(fs::read_dir(&scratch.path).unwrap().count(), 1);
    // What init writes is a valid config for render.
    for config in ["operator/overlays/stable/operator.yaml", "instance/overlays/default/kata-runtime.yaml"] {
        let rendered = oscgen(&["render", dir.join(config).to_str().unwrap()], b"");
        assert_eq!(rendered.code, Some(0), "{config}: {}", rendered.transcript());
    }
}

/// The checked-in examples are init's output: this keeps them equal.
#[test]
fn init_output_is_the_kustomize_example() {
    let scratch = Scratch::new("init-kustomize");
    let dir = scratch.path.join("kustomize");
    let run = init(&[dir.to_str().unwrap(), "--channel", "preview-1.1"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(tree(&dir), tree(&repo().join("examples/kustomize")));
}

#[test]
fn init_static_output_is_the_static_example() {
    let scratch = Scratch::new("init-static");
    let dir = scratch.path.join("static");
    let run = init(&[dir.to_str().unwrap(), "--static", "--channel", "preview-1.1"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(tree(&dir), tree(&repo().join("examples/static")));
}

#[test]
fn init_again_is_a_no_op() {
    let scratch = Scratch::new("init-again");
    let dir = scratch.path.join("repo");
    assert_eq!(init(&[dir.to_str().unwrap()]).code, Some(0));
    let before = tree(&dir);
    let run = init(&[dir.to_str().unwrap()]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stderr.contains("already up to date"), "{}", run.stderr);
    assert_eq!(tree(&dir), before);
}

#[test]
fn init_refuses_to_overwrite_then_force_replaces_only_the_changed_file() {
    let scratch = Scratch::new("init-force");
    let dir = scratch.path.join("repo");
    let target = dir.to_str().unwrap();
    assert_eq!(init(&[target]).code, Some(0));
    let pristine = tree(&dir);
    let changed = dir.join("operator/base/operator.yaml");
    fs::write(&changed, "# edited by hand\n").unwrap();
    let edited = tree(&dir);

    let refused = init(&[target]);
    assert_eq!(refused.code, Some(2), "{}", refused.transcript());
    assert!(refused.stderr.contains("operator/base/operator.yaml"), "{}", refused.stderr);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(tree(&dir), edited, "a refused init must leave the directory byte for byte as it was");

    let inodes = |root: &Path| -> BTreeMap<String, u64> {
        files(root).into_iter().map(|f| (f.clone(), fs::metadata(root.join(&f)).unwrap().ino())).collect()
    };
    let before = inodes(&dir);
    let forced = init(&[target, "--force"]);
    assert_eq!(forced.code, Some(0), "{}", forced.transcript());
    assert_eq!(forced.stderr.trim(), format!("wrote {}", changed.display()));
    assert_eq!(tree(&dir), pristine);
    let after = inodes(&dir);
    for (file, inode) in &before {
        let replaced = dir.join(file) == changed;
        assert_eq!(after[file] != *inode, replaced, "{file}: only the changed file is rewritten");
    }
}

#[test]
fn init_refuses_a_symlink_leading_outside() {
    let scratch = Scratch::new("init-symlink");
    let dir = scratch.path.join("repo");
    let outside = scratch.path.join("outside");
    fs::create_dir_all(dir.join("instance")).unwrap();
    fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("operator")).unwrap();
    let before = tree(&scratch.path);

    let run = init(&[dir.to_str().unwrap()]);
    assert_ne!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stderr.contains("symlink"), "{}", run.stderr);
    assert_eq!(tree(&scratch.path), before, "nothing may be written, inside or outside");
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
}

/// A target that cannot be written: read-only, or (as root, where permissions do not stop
/// writes) a regular file where the `operator` directory must go.
#[test]
fn init_into_an_unwritable_target_changes_nothing() {
    let scratch = Scratch::new("init-readonly");
    let dir = scratch.path.join("repo");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("README.md"), "mine\n").unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = dir.join(".probe");
    let permissions_bind = fs::write(&probe, "").is_err();
    if !permissions_bind {
        fs::remove_file(&probe).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        fs::write(dir.join("operator"), "a file, not a directory\n").unwrap();
    }
    let before = tree(&dir);

    let run = init(&[dir.to_str().unwrap()]);
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    assert_ne!(run.code, Some(0), "{}", run.transcript());
    assert!(!run.stderr.trim().is_empty());
    assert_eq!(tree(&dir), before, "a failed init must leave the directory as it was");
}

#[test]
fn init_rejects_a_bad_channel_or_label() {
    let scratch = Scratch::new("init-usage");
    let dir = scratch.path.join("repo");
    for args in [["--channel", "preview-9.9"], ["--node-label", "kata"], ["--node-label", "kata=not valid"]] {
        let run = init(&[dir.to_str().unwrap(), args[0], args[1]]);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.transcript());
        assert!(!dir.exists(), "{args:?}: nothing may be written");
    }
}
