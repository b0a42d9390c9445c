//! The command line, run as the built binary: render, releases, schema, init, and the
//! flags every command has.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use serde_json::Value;

use common::{Scratch, assert_text_snapshot, oscgen, repo, tree};

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

/// The README's quick start: the guide's objects, and (the examples targeting the guide's
/// OpenShift 4.9, which no catalog covers) one note saying what the channel's head rests on;
/// no deprecation or other warning.
#[test]
fn render_examples() {
    let run = oscgen(&["render", OPERATOR_EXAMPLE, RUNTIME_EXAMPLE], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let notes: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(notes.len(), 1, "{}", run.stderr);
    assert!(notes[0].starts_with(&format!("{OPERATOR_EXAMPLE}: info: ")), "{}", notes[0]);
    assert!(notes[0].contains("resolved to 1.1.0 from the OpenShift versions documented for it"), "{}", notes[0]);
    let kinds: Vec<String> =
        yaml_documents(&run.stdout).iter().map(|o| o["kind"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(kinds, ["Namespace", "OperatorGroup", "Subscription", "KataConfig"]);
    assert!(run.stdout.contains("startingCSV: sandboxed-containers-operator.v1.1.0"), "{}", run.stdout);
    assert_text_snapshot("render-examples", &run.transcript());
}

const NEWER_CATALOG: &str = "crates/render/tests/catalogs/opm-render-4.22-newer.yaml";

/// `render --catalog FILE` (`opm render` output of the cluster's index): a release only that
/// catalog has renders, one channel it lacks is refused (exit 1), and a catalog that cannot be
/// used is a usage error naming the file (exit 2) with nothing on stdout; `--each` the same.
#[test]
fn render_against_a_catalog_of_the_users_own() {
    let scratch = Scratch::new("render-catalog");
    let write = |name: &str, text: &str| {
        let path = scratch.path.join(name);
        fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let config = |spec: &str| {
        format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {{name: osc}}\nspec: {spec}\n"
        )
    };
    let newer = write("newer.yaml", &config("{channel: stable, release: 1.14.0}"));
    let candidate = write("candidate.yaml", &config("{channel: candidate}"));

    let run = oscgen(&["render", &newer], b"");
    assert_eq!(run.code, Some(1), "without the catalog oscgen does not know 1.14.0: {}", run.transcript());
    for args in [
        vec!["render", "--catalog", NEWER_CATALOG, &newer],
        vec!["render", "--each", "--catalog", NEWER_CATALOG, &newer],
    ] {
        let run = oscgen(&args, b"");
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.transcript());
        assert!(run.stdout.contains("startingCSV: sandboxed-containers-operator.v1.14.0"), "{}", run.stdout);
        assert_eq!(run.stderr, "", "{args:?}");
    }

    let run = oscgen(&["render", "--catalog", NEWER_CATALOG, &candidate], b"");
    assert_eq!((run.code, run.stdout.as_str()), (Some(1), ""), "{}", run.transcript());
    assert!(run.stderr.contains("spec.channel: the catalog"), "{}", run.stderr);
    assert!(run.stderr.contains("has no channel `candidate`"), "{}", run.stderr);

    let not_a_catalog = write("bad.json", "{\"schema\": \"olm.package\", \"name\": 7}");
    let comments = write("comments.yaml", &"# padding\n".repeat(2_000));
    let missing = scratch.path.join("missing.json").display().to_string();
    for (catalog, extra, expected) in [
        (not_a_catalog.as_str(), None, format!("--catalog {not_a_catalog}: blob 1: invalid type")),
        (NEWER_CATALOG, Some("--max-input-bytes=1000"), format!("{NEWER_CATALOG}: input is larger than 1000 bytes")),
        (comments.as_str(), None, format!("--catalog {comments}: it has no package sandboxed-containers-operator")),
        (missing.as_str(), None, format!("--catalog {missing}: ")),
    ] {
        for each in [false, true] {
            let mut args = vec!["render", "--catalog", catalog];
            args.extend(extra);
            if each {
                args.push("--each");
            }
            args.push(&newer);
            let run = oscgen(&args, b"");
            assert_eq!((run.code, run.stdout.as_str()), (Some(2), ""), "{args:?}: {}", run.transcript());
            assert!(run.stderr.contains(&expected), "{args:?}: expected {expected:?} in {}", run.stderr);
        }
    }
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
    // The same line `render --each`, `check` and the function print for it: file, line and
    // column where the parser stopped, code yamlSyntax.
    assert!(run.stderr.starts_with(&format!("{}:2:7: error: not valid YAML", file.display())), "{}", run.stderr);
    // The bracket left open, not the end of the file where the parser noticed.
    assert!(run.stderr.contains("unclosed bracket '[' at line 2 column 7"), "{}", run.stderr);
    assert!(!run.stderr.contains("(line "), "the location is not repeated: {}", run.stderr);
}

#[test]
fn render_warnings_name_their_source_and_do_not_fail() {
    let config = "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\n\
                  metadata: {name: sandboxed-containers-operator}\n\
                  spec: {channel: stable, openshiftVersion: '4.20', namespace: sandboxed}\n";
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
fn releases_of_one_openshift_version() {
    let run = oscgen(&["releases", "--openshift", "4.20"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let stable = run.stdout.lines().find(|l| l.starts_with("stable ")).unwrap_or_default();
    assert_eq!(stable.split_whitespace().nth(1), Some("1.11.1"), "{}", run.stdout);
    assert!(run.stdout.contains("Deprecated releases (use channel stable): 1.5.0, 1.5.1, 1.5.2, 1.5.3, 1.6.0"));
    assert_text_snapshot("releases-openshift-4.20", &run.transcript());

    let run = oscgen(&["releases", "--openshift", "4.20", "-o", "json"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let catalog = &json(&run.stdout)["catalog"];
    assert_eq!(catalog["confidence"], "catalog");
    let channels = catalog["channels"].as_array().unwrap();
    let head = |name: &str| channels.iter().find(|c| c["name"] == name).map(|c| c["head"].clone());
    assert_eq!(head("stable"), Some(Value::from("1.11.1")));
    assert_eq!(head("stable-1.2"), Some(Value::from("1.2.2")));
    assert_eq!(head("stable-1.3"), Some(Value::from("1.3.3")));
    assert_eq!(channels.iter().filter(|c| c["deprecated"] == true).count(), 4, "{}", run.stdout);

    // Before the catalogs: the releases documented for that version.
    let run = oscgen(&["releases", "--openshift", "4.9"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.contains("no catalog in oscgen's data"), "{}", run.stdout);
    assert!(run.stdout.lines().any(|l| l.starts_with("1.1.0 ") && l.contains("preview-1.1")), "{}", run.stdout);
    assert_text_snapshot("releases-openshift-4.9", &run.transcript());

    let bad = oscgen(&["releases", "--openshift", "twenty"], b"");
    assert_eq!(bad.code, Some(2), "{}", bad.transcript());
}

#[test]
fn releases_json() {
    let run = oscgen(&["releases", "-o", "json"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let rows = json(&run.stdout);
    let rows = rows.as_array().unwrap();
    let preview = rows.iter().find(|r| r["release"] == "1.1.0").unwrap();
    assert_eq!(preview["channel"], "preview-1.1");
    assert_eq!(preview["csv"], "sandboxed-containers-operator.v1.1.0");
    let newest = rows.last().unwrap();
    assert_eq!(newest["release"], "1.13.1");
    assert_eq!(newest["catalogs"], serde_json::json!(["4.22"]));
    let old = rows.iter().find(|r| r["release"] == "1.2.0").unwrap();
    assert_eq!(old["catalogs"], serde_json::json!([]), "a release no catalog serves says so");
    assert!(old["note"].as_str().is_some_and(|n| n.contains("1.2.2")));
    assert_text_snapshot("releases-json", &run.transcript());
}

#[test]
fn schema_covers_every_kind() {
    let run = oscgen(&["schema"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let schema = json(&run.stdout);
    let refs: Vec<&str> = schema["anyOf"].as_array().unwrap().iter().filter_map(|s| s["$ref"].as_str()).collect();
    assert_eq!(
        refs,
        [
            "#/$defs/SandboxedContainersOperator",
            "#/$defs/KataRuntime",
            "#/$defs/SandboxedContainersPolicy",
            "#/$defs/Check",
            "#/$defs/ConfidentialContainers"
        ]
    );
    for kind in
        ["SandboxedContainersOperator", "KataRuntime", "SandboxedContainersPolicy", "Check", "ConfidentialContainers"]
    {
        assert_eq!(schema["$defs"][kind]["properties"]["kind"]["const"], kind);
        assert_eq!(schema["$defs"][kind]["properties"]["apiVersion"]["const"], "oscgen.dev/v1alpha1");
    }
}

#[test]
fn schema_of_one_kind() {
    for kind in ["SandboxedContainersOperator", "KataRuntime", "SandboxedContainersPolicy", "Check"] {
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

/// Editors read `examples/oscgen.schema.json` (through each example config's
/// `yaml-language-server` line): it must be what `oscgen schema` prints, and offer
/// `openshiftVersion` in both generator kinds and in the Check config.
#[test]
fn the_examples_point_editors_at_the_current_schema() {
    let schema_file = repo().join("examples/oscgen.schema.json");
    let committed = fs::read_to_string(&schema_file).unwrap();
    let run = oscgen(&["schema"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(
        committed, run.stdout,
        "examples/oscgen.schema.json is stale: run `oscgen schema > examples/oscgen.schema.json`"
    );
    let schema = json(&committed);
    for kind in ["SandboxedContainersOperator", "KataRuntime", "Check"] {
        let spec = schema["$defs"][kind]["properties"]["spec"]["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
        let properties = &schema["$defs"][spec]["properties"];
        assert_eq!(
            properties["openshiftVersion"]["type"],
            serde_json::json!(["string", "null"]),
            "{kind}: {properties}"
        );
    }

    // Every config under examples/ starts with the line, and its path leads to the file.
    let mut configs = 0;
    let mut stack = vec![repo().join("examples")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap_or_default();
            // A config is a file whose documents are oscgen configs (the Argo CD plugin's
            // ConfigMap only quotes two in its script).
            let is_config = oscgen_render::yaml::documents(&text)
                .ok()
                .and_then(|d| d.into_iter().next())
                .is_some_and(|d| d["apiVersion"] == oscgen_render::config::API_VERSION);
            if !is_config {
                continue;
            }
            configs += 1;
            let first = text.lines().next().unwrap_or_default();
            let target = first.strip_prefix("# yaml-language-server: $schema=").unwrap_or_else(|| {
                panic!(
                    "{}: the first line must be `# yaml-language-server: $schema=...`, not {first:?}",
                    path.display()
                )
            });
            let resolved = path.parent().unwrap().join(target).canonicalize().unwrap();
            assert_eq!(resolved, schema_file.canonicalize().unwrap(), "{}", path.display());
        }
    }
    assert_eq!(
        configs, 18,
        "the four kustomize configs and the containerized one, the two kpt ones and their image variant's two, \
         the two peer-pods ones, Argo CD's two, RHACM's policy and the four of examples/coco"
    );
}

#[test]
fn version() {
    let run = oscgen(&["--version"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let read = oscgen_render::catalog::DATA_READ;
    let (head, tail) = (format!("oscgen {} (", env!("CARGO_PKG_VERSION")), format!(", catalog read {read})\n"));
    assert!(run.stdout.starts_with(&head) && run.stdout.ends_with(&tail), "{}", run.stdout);
    let commit = &run.stdout[head.len()..run.stdout.len() - tail.len()];
    assert!(commit == "unknown" || (commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit())), "{commit}");
    // `oscgen version` says the same, and as JSON adds what the catalog holds.
    assert_eq!(oscgen(&["version"], b"").stdout, run.stdout);
    let json = oscgen(&["version", "-o", "json"], b"");
    assert_eq!(json.code, Some(0), "{}", json.transcript());
    let info: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!((info["commit"].as_str(), info["catalogRead"].as_str()), (Some(commit), Some(read)));
    assert_eq!(info["releases"][0], "1.0.2");
    assert!(info["openshiftVersions"].as_array().is_some_and(|v| v.contains(&serde_json::json!("4.20"))));
}

/// The same configs and pipeline as the exec examples, only run from the image, so the image
/// variants cannot drift from the examples the tests build.
#[test]
fn the_image_examples_differ_from_the_exec_ones_only_in_how_oscgen_runs() {
    let read = |p: &str| fs::read_to_string(repo().join(p)).unwrap();
    let image = format!("localhost/oscgen:{}", env!("CARGO_PKG_VERSION"));
    for config in ["operator.yaml", "kata-runtime.yaml"] {
        assert_eq!(read(&format!("examples/kpt-image/{config}")), read(&format!("examples/kpt/{config}")), "{config}");
    }
    let kptfile = |p: &str| oscgen_render::yaml::documents(&read(p)).unwrap().remove(0);
    let (exec, from_image) = (kptfile("examples/kpt/Kptfile"), kptfile("examples/kpt-image/Kptfile"));
    let steps = |k: &serde_json::Value| k["pipeline"]["mutators"].as_array().unwrap().clone();
    assert_eq!(steps(&exec).len(), steps(&from_image).len());
    for (e, i) in steps(&exec).iter().zip(steps(&from_image)) {
        assert_eq!((&e["exec"], &e["configPath"]), (&serde_json::json!("oscgen"), &i["configPath"]));
        assert_eq!(i["image"], image.as_str());
    }

    let config = |p: &str| oscgen_render::yaml::documents(&read(p)).unwrap().remove(0);
    let (mut exec, mut container) = (
        config("examples/kustomize/operator/overlays/preview-1.1/operator.yaml"),
        config("examples/kustomize-container/operator.yaml"),
    );
    let annotation = "/metadata/annotations/config.kubernetes.io~1function";
    let function = |c: &mut serde_json::Value| {
        let text = c.pointer_mut(annotation).unwrap().take();
        oscgen_render::yaml::documents(text.as_str().unwrap()).unwrap().remove(0)
    };
    assert_eq!(function(&mut exec), serde_json::json!({"exec": {"path": "oscgen"}}));
    assert_eq!(function(&mut container), serde_json::json!({"container": {"image": image}}));
    assert_eq!(exec, container);
}

#[test]
fn help_of_every_command() {
    for command in [
        None,
        Some("fn"),
        Some("render"),
        Some("init"),
        Some("schema"),
        Some("releases"),
        Some("upgrade"),
        Some("mirror"),
    ] {
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

fn file_names(root: &Path) -> Vec<String> {
    common::files(root).into_keys().map(|p| p.to_string_lossy().into_owned()).collect()
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
    assert_eq!(file_names(&dir), expected);
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
    let run = init(&[
        dir.to_str().unwrap(),
        "--channel",
        "preview-1.1",
        "--openshift",
        "4.9",
        "--schema",
        "../oscgen.schema.json",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(tree(&dir), tree(&repo().join("examples/kustomize")));
}

#[test]
fn init_static_output_is_the_static_example() {
    let scratch = Scratch::new("init-static");
    let dir = scratch.path.join("static");
    let run = init(&[dir.to_str().unwrap(), "--static", "--channel", "preview-1.1", "--openshift", "4.9"]);
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
        file_names(root).into_iter().map(|f| (f.clone(), fs::metadata(root.join(&f)).unwrap().ino())).collect()
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

/// `render --each`: every file its own cluster, one stream in file order; every problem names
/// its file, and nothing is printed while any file has an error.
#[test]
fn render_each_takes_every_file_as_a_cluster() {
    let tmp = common::Scratch::new("render-each");
    let runtime = |name: &str, spec: &str| {
        format!("apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {{name: {name}}}\nspec: {spec}\n")
    };
    let write = |file: &str, text: &str| fs::write(tmp.path.join(file), text).unwrap();
    write("east.yaml", &runtime("east", "{release: 1.9.0, poolSelector: {matchLabels: {kata: east}}}"));
    write("west.yaml", &runtime("west", "{release: 1.11.1, openshiftVersion: '4.20'}"));
    write("north.yaml", &runtime("north", "{release: 1.3.3, logLevel: debug, renderNodeObjects: true}"));
    let in_tmp = |args: &[&str]| common::oscgen_in(&tmp.path, args, b"");
    let run = in_tmp(&["render", "--each", "east.yaml", "west.yaml", "north.yaml"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_text_snapshot("render-each-three-clusters", &run.transcript());
    // Each cluster keeps its own KataConfig (`render` without --each refuses a second one).
    assert_eq!(run.stdout.matches("kind: KataConfig").count(), 3);
    let together = in_tmp(&["render", "east.yaml", "west.yaml"]);
    assert_eq!(together.code, Some(1), "{}", together.transcript());

    write("bad.yaml", &runtime("bad", "{release: 1.9.0, poolSelector: {matchLabels: {kata: true}}}"));
    let run = in_tmp(&["render", "--each", "east.yaml", "bad.yaml", "west.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("bad.yaml: error: KataRuntime/bad: spec.poolSelector.matchLabels.kata:"),
        "{}",
        run.stderr
    );

    let json = in_tmp(&["render", "--each", "-o", "json", "east.yaml"]);
    assert_eq!(json.code, Some(2), "{}", json.transcript());
    let crio = in_tmp(&["render", "--each", "--crio", "east.yaml"]);
    assert_eq!(crio.code, Some(2), "{}", crio.transcript());
}
