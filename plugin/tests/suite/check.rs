//! `oscgen check` on a repo shaped like the install guide's (tests/check-fixtures/guide-repo),
//! on `kustomize build` output piped in, and as a `Check` KRM function: what it must find,
//! and what it must not (no false alarm on the correct overlays or on oscgen's own examples).
//!
//! With `CI` set, a missing kustomize or kpt fails the tests that pipe through them; locally
//! they are skipped with a printed reason.

use crate::common;

use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

use common::{Run, Scratch, assert_text_snapshot, oscgen, repo, tool};

const GUIDE: &str = "plugin/tests/check-fixtures/guide-repo";
const FIXTURES: &str = "plugin/tests/check-fixtures";

fn guide(dir: &str) -> String {
    format!("{GUIDE}/{dir}")
}

fn check(paths: &[&str]) -> Run {
    let mut args = vec!["check"];
    args.extend(paths);
    oscgen(&args, b"")
}

fn lines(run: &Run) -> Vec<&str> {
    run.stdout.lines().collect()
}

fn assert_clean(run: &Run, what: &str) {
    assert_eq!(run.code, Some(0), "{what}: {}", run.transcript());
    assert_eq!(run.stdout, "", "{what}: a false alarm:\n{}", run.stdout);
    assert_eq!(run.stderr, "oscgen: check found no problems\n", "{what}");
}

#[test]
fn the_wrong_patch_target_and_the_placeholder_it_leaves_are_named() {
    let run = check(&[&guide("operator/overlays/preview-1.0")]);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let out = lines(&run);
    assert_eq!(out.len(), 3, "{}", run.stdout);
    // The placeholder, where it is written, and which patch should have replaced it.
    assert!(out[0].starts_with(&format!("{GUIDE}/operator/base/subscription.yaml:7:3: error: ")), "{}", out[0]);
    assert!(out[0].contains("spec.channel: `channel` is still the placeholder `PLACEHOLDER`"), "{}", out[0]);
    assert!(out[0].contains("preview-1.0/patch-channel.yaml"), "{}", out[0]);
    // The deprecated spelling.
    assert!(out[1].contains(": warning: patchesJson6902: `patchesJson6902` is deprecated"), "{}", out[1]);
    // The patch, its target, and the object it should have named.
    assert!(
        out[2].starts_with(&format!("{GUIDE}/operator/overlays/preview-1.0/kustomization.yaml:11:7: error: ")),
        "{}",
        out[2]
    );
    assert!(out[2].contains("patchesJson6902[0].target.name"), "{}", out[2]);
    assert!(out[2].contains("targets Subscription `sandboxed-containers-operator`"), "{}", out[2]);
    assert!(out[2].contains("set the target's name to openshift-sandboxed-containers-operator"), "{}", out[2]);
    assert_eq!(run.stderr, "oscgen: check found 2 errors and 1 warning\n");
    assert_text_snapshot("check-guide-preview-1.0", &run.transcript());
}

#[test]
fn the_correct_overlays_give_no_false_alarm() {
    for dir in [
        "operator/overlays/preview-1.1",
        "instance/overlays/default",
        "instance/base",
        "operator/overlays/preview-1.1/kustomization.yaml",
    ] {
        assert_clean(&check(&[&guide(dir)]), dir);
    }
    assert_clean(&check(&[&guide("operator/overlays/preview-1.1"), &guide("instance/overlays/default")]), "both");
}

#[test]
fn oscgens_own_examples_give_no_false_alarm() {
    let run = check(&["examples"]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    // The one finding, for each kpt package (exec and image), is true: the package renders the
    // operator and its KataConfig into one package, which applied in one go fails until OLM
    // has created the KataConfig CRD (the README says to apply the operator first). Every
    // GitOps example is ordered.
    let found = lines(&run);
    assert_eq!(found.len(), 2, "{}", run.stdout);
    for (line, package) in found.iter().zip(["kpt-image", "kpt"]) {
        assert!(line.starts_with(&format!("examples/{package}/kata-runtime.yaml:")), "{line}");
        assert!(line.contains(": warning: KataConfig/cluster-kataconfig: metadata.name: KataConfig"), "{line}");
        assert!(line.contains("sync-wave"), "{line}");
    }
}

#[test]
fn an_unquoted_label_is_pointed_at() {
    let run = check(&[&guide("instance/overlays/unquoted-label")]);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(
        run.stdout,
        format!(
            "{GUIDE}/instance/overlays/unquoted-label/kataconfig-selector.yaml:8:13: error: KataConfig/cluster-kataconfig: \
             spec.kataConfigPoolSelector.matchLabels.kata: label value true is unquoted, so YAML reads it as a boolean, \
             but label values are strings; quote it: \"true\"\n"
        )
    );
}

#[test]
fn the_whole_repo_checks_each_overlay() {
    let run = common::oscgen_in(&repo().join(GUIDE), &["check", "."], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(lines(&run).len(), 4, "{}", run.stdout);
    assert!(run.stdout.contains("(in the build of operator/overlays/preview-1.0)"), "{}", run.stdout);
    assert_text_snapshot("check-guide-repo", &run.transcript());
}

#[test]
fn json_output_carries_file_position_object_path_and_code() {
    let run = check(&["-o", "json", GUIDE]);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = findings.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unquotedValue", "placeholder", "deprecatedField", "deadPatchKeepsValue"]);
    let placeholder = &findings[1];
    assert_eq!(placeholder["severity"], "error");
    assert_eq!(placeholder["file"], format!("{GUIDE}/operator/base/subscription.yaml"));
    assert_eq!((placeholder["line"].as_u64(), placeholder["column"].as_u64()), (Some(7), Some(3)));
    assert_eq!(placeholder["path"], "spec.channel");
    assert_eq!(
        placeholder["object"],
        serde_json::json!({
            "apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
            "namespace": "openshift-sandboxed-containers-operator", "name": "openshift-sandboxed-containers-operator",
        })
    );
    assert!(placeholder["message"].as_str().unwrap().contains("PLACEHOLDER"));
    assert_eq!(placeholder["build"], format!("{GUIDE}/operator/overlays/preview-1.0"));
    assert_eq!(findings[2]["severity"], "warning");
    assert_eq!(findings[3]["object"], Value::Null);
    // Clean input: an empty array, exit 0.
    let clean = check(&["-o", "json", &guide("operator/overlays/preview-1.1")]);
    assert_eq!((clean.code, clean.stdout.as_str()), (Some(0), "[]\n"));
}

#[test]
fn kustomize_build_output_on_stdin() {
    let bad = std::fs::read(repo().join(FIXTURES).join("stdin/preview-1.0-build.yaml")).unwrap();
    let run = oscgen(&["check", "-"], &bad);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(lines(&run).len(), 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with("<stdin>:22:3: error: Subscription/openshift-sandboxed-containers-operator: spec.channel:"),
        "{}",
        run.stdout
    );
    let good = std::fs::read(repo().join(FIXTURES).join("stdin/preview-1.1-and-default-build.yaml")).unwrap();
    // Two builds piped together are one set: the KataConfig in it is not ordered after the
    // operator (a warning; nothing else is wrong).
    let run = oscgen(&["check", "-"], &good);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(lines(&run).len(), 1, "{}", run.stdout);
    assert!(run.stdout.contains("warning: KataConfig/cluster-kataconfig: metadata.name:"), "{}", run.stdout);
    // Files and stdin together are one set of objects.
    let run = oscgen(&["check", "-", &guide("operator/base/subscription.yaml")], &good);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
}

#[test]
fn piped_from_kustomize_build() {
    let Some(kustomize) = tool("kustomize") else { return };
    for (dir, code, findings) in [
        ("operator/overlays/preview-1.0", 1, 1),
        ("operator/overlays/preview-1.1", 0, 0),
        ("instance/overlays/default", 0, 0),
        ("instance/overlays/unquoted-label", 1, 1),
    ] {
        let built = Command::new(&kustomize).arg("build").arg(repo().join(guide(dir))).output().unwrap();
        assert!(built.status.success(), "{dir}: {}", String::from_utf8_lossy(&built.stderr));
        let run = oscgen(&["check", "-"], &built.stdout);
        assert_eq!((run.code, lines(&run).len()), (Some(code), findings), "{dir}: {}", run.transcript());
    }
}

fn document(text: &str) -> Value {
    let mut docs = oscgen_render::yaml::documents(text).unwrap();
    assert_eq!(docs.len(), 1, "{text}");
    docs.remove(0)
}

#[test]
fn as_a_check_function() {
    let input = std::fs::read_to_string(repo().join(FIXTURES).join("function/bad.yaml")).unwrap();
    let run = oscgen(&["fn"], input.as_bytes());
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let (given, output) = (document(&input), document(&run.stdout));
    assert_eq!(output["items"], given["items"], "a validator returns the items unchanged");
    let results = output["results"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str)> = results
        .iter()
        .map(|r| {
            (r["severity"].as_str().unwrap(), r["field"]["path"].as_str().unwrap(), r["file"]["path"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("error", "spec.kataConfigPoolSelector.matchLabels.kata", "kataconfig.yaml"),
            ("warning", "metadata.name", "kataconfig.yaml"),
            ("error", "spec.startingCSV", "subscription.yaml"),
        ]
    );
    assert_eq!(results[2]["resourceRef"]["kind"], "Subscription");
    assert_eq!(results[2]["resourceRef"]["namespace"], "openshift-sandboxed-containers-operator");
    assert_eq!(results[2]["file"]["index"], 0);
    assert_text_snapshot("check-fn-bad", &run.transcript());

    let ok = std::fs::read_to_string(repo().join(FIXTURES).join("function/ok.yaml")).unwrap();
    let run = oscgen(&["fn"], ok.as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let output = document(&run.stdout);
    assert_eq!(output["items"], document(&ok)["items"]);
    assert!(output.get("results").is_none(), "{}", run.stdout);

    // A typo in the Check config is an error of its own.
    let typo = ok.replace("    name: check\n", "    name: check\n  spec: {strict: true}\n");
    let run = oscgen(&["fn"], typo.as_bytes());
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert!(run.stdout.contains("unknown field `strict`, expected `openshiftVersion`"), "{}", run.stdout);
    assert!(run.stdout.contains("path: spec.strict"), "{}", run.stdout);
}

#[test]
fn as_a_kpt_validator() {
    let Some(kpt) = tool("kpt") else { return };
    let scratch = Scratch::new("kpt-check");
    let pkg = scratch.path.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for file in ["operator/base/subscription.yaml", "operator/base/operatorgroup.yaml", "operator/base/namespace.yaml"]
    {
        let name = file.rsplit('/').next().unwrap();
        std::fs::copy(repo().join(guide(file)), pkg.join(name)).unwrap();
    }
    std::fs::write(
        scratch.path.join("check.yaml"),
        "apiVersion: oscgen.dev/v1alpha1\nkind: Check\nmetadata:\n  name: check\n",
    )
    .unwrap();
    let oscgen = PathBuf::from(env!("CARGO_BIN_EXE_oscgen"));
    let out = Command::new(kpt)
        .args(["fn", "eval"])
        .arg(&pkg)
        .arg("--exec")
        .arg(&oscgen)
        .arg("--fn-config")
        .arg(scratch.path.join("check.yaml"))
        .arg("--truncate-output=false")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("[error] operators.coreos.com/v1alpha1/Subscription/openshift-sandboxed-containers-operator/openshift-sandboxed-containers-operator spec.channel:"), "{stderr}");
    // The files are untouched.
    let written = std::fs::read_to_string(pkg.join("subscription.yaml")).unwrap();
    assert_eq!(written, std::fs::read_to_string(repo().join(guide("operator/base/subscription.yaml"))).unwrap());
}

#[test]
fn as_a_kustomize_transformer() {
    let Some(kustomize) = tool("kustomize") else { return };
    let scratch = Scratch::new("kustomize-check");
    for file in ["subscription.yaml", "operatorgroup.yaml", "namespace.yaml"] {
        std::fs::copy(repo().join(guide("operator/base")).join(file), scratch.path.join(file)).unwrap();
    }
    std::fs::write(
        scratch.path.join("kustomization.yaml"),
        "resources:\n- namespace.yaml\n- operatorgroup.yaml\n- subscription.yaml\ntransformers:\n- check.yaml\n",
    )
    .unwrap();
    std::fs::write(
        scratch.path.join("check.yaml"),
        format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: Check\nmetadata:\n  name: check\n  annotations:\n    \
             config.kubernetes.io/function: |\n      exec:\n        path: {}\n",
            env!("CARGO_BIN_EXE_oscgen")
        ),
    )
    .unwrap();
    let build = || {
        Command::new(&kustomize)
            .args(["build", "--enable-alpha-plugins", "--enable-exec"])
            .arg(&scratch.path)
            .output()
            .unwrap()
    };
    let failed = build();
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("spec.channel: `channel` is still the placeholder `PLACEHOLDER`"), "{stderr}");
    let subscription = scratch.path.join("subscription.yaml");
    let fixed = std::fs::read_to_string(&subscription).unwrap().replace("PLACEHOLDER", "stable");
    std::fs::write(&subscription, fixed).unwrap();
    let built = build();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(String::from_utf8_lossy(&built.stdout).contains("channel: stable"));
}

#[test]
fn generator_configs_in_the_input_are_checked() {
    let run = check(&["plugin/tests/data/bad-config.yaml"]);
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let render = oscgen(&["render", "plugin/tests/data/bad-config.yaml"], b"");
    // The same problems `render` reports, each now with its line.
    assert_eq!(lines(&run).len(), render.stderr.lines().count(), "{}\n{}", run.stdout, render.stderr);
    assert!(lines(&run).iter().all(|l| l.starts_with("plugin/tests/data/bad-config.yaml:")), "{}", run.stdout);
}

#[test]
fn usage_and_io_problems_exit_2() {
    let run = check(&["plugin/tests/check-fixtures/nothing-here"]);
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert!(run.stderr.contains("nothing-here"), "{}", run.stderr);
    assert_eq!(oscgen(&["check", "-", "-"], b"").code, Some(2));
    assert_eq!(oscgen(&["check"], b"").code, Some(2));
    assert_eq!(check(&["-o", "xml", GUIDE]).code, Some(2));
}

#[test]
fn a_file_that_is_not_yaml_is_an_error_with_its_line() {
    let scratch = Scratch::new("check-yaml");
    std::fs::write(scratch.path.join("broken.yaml"), "apiVersion: v1\nkind: [Namespace\nmetadata: {}\n").unwrap();
    let run = common::oscgen_in(&scratch.path, &["check", "."], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert!(run.stdout.starts_with("broken.yaml:3:"), "{}", run.stdout);
}

const OPENSHIFT: &str = "plugin/tests/check-fixtures/openshift";

/// A repository for OpenShift 4.22 (its Check config says so) is clean; `--openshift 4.20`
/// wins over the config, and oscgen's copy of that catalog stops before 1.13.1: a warning, as
/// the cluster's catalog may have gained it since.
#[test]
fn a_target_openshift_version_from_the_flag_or_the_check_config() {
    assert_clean(&check(&[OPENSHIFT]), "as written, for 4.22");
    assert_clean(&check(&["--openshift", "4.22", OPENSHIFT]), "the flag agrees");

    let run = check(&["--openshift", "4.20", OPENSHIFT]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let out = lines(&run);
    assert_eq!(out.len(), 2, "{}", run.stdout);
    assert!(
        out[0].starts_with(&format!(
            "{OPENSHIFT}/operator/check.yaml:11:3: warning: Check/check: spec.openshiftVersion: "
        )),
        "{}",
        out[0]
    );
    assert!(out[0].contains("targets OpenShift 4.22, but the check ran for 4.20"), "{}", out[0]);
    assert!(out[1].starts_with(&format!("{OPENSHIFT}/operator/subscription.yaml:12:3: warning: ")), "{}", out[1]);
    assert!(out[1].contains("serves releases up to 1.11.1"), "{}", out[1]);
    assert!(out[1].contains("startingCSV `sandboxed-containers-operator.v1.13.1` is newer"), "{}", out[1]);
    assert_text_snapshot("check-openshift-4.20", &run.transcript());

    let run = check(&["--openshift", "4.20", "-o", "json", OPENSHIFT]);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = findings.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["openShiftVersionOverridden", "releaseNewerThanCatalog"]);

    // Without NFD among the checked files, the KataConfig waits for it.
    let run = check(&[&format!("{OPENSHIFT}/operator"), &format!("{OPENSHIFT}/instance")]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(lines(&run).len(), 1, "{}", run.stdout);
    assert!(
        run.stdout.starts_with(&format!(
            "{OPENSHIFT}/instance/kataconfig.yaml:6:3: warning: KataConfig/cluster-kataconfig: spec.checkNodeEligibility: "
        )),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("feature.node.kubernetes.io/runtime.kata=true"), "{}", run.stdout);
}

#[test]
fn an_invalid_openshift_version_is_a_usage_error() {
    for bad in ["4.x", "5.1", "", "4.20.1.1"] {
        let run = check(&["--openshift", bad, OPENSHIFT]);
        assert_eq!(run.code, Some(2), "{bad:?}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{bad:?}");
        assert!(
            run.stderr.contains(&format!("invalid --openshift `{bad}`: write it as 4.<minor>, e.g. 4.20")),
            "{}",
            run.stderr
        );
    }
}

/// The functionConfig's `spec.openshiftVersion` is the version, as `--openshift` is.
#[test]
fn a_check_function_targets_its_configs_openshift_version() {
    let list = |version: &str| {
        format!(
            "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n\
             - apiVersion: operators.coreos.com/v1alpha1\n  kind: Subscription\n  metadata:\n    \
             name: openshift-sandboxed-containers-operator\n    namespace: openshift-sandboxed-containers-operator\n    \
             annotations:\n      config.kubernetes.io/path: subscription.yaml\n  spec:\n    channel: stable\n    \
             name: sandboxed-containers-operator\n    source: redhat-operators\n    sourceNamespace: openshift-marketplace\n    \
             startingCSV: sandboxed-containers-operator.v1.13.1\n\
             - apiVersion: operators.coreos.com/v1\n  kind: OperatorGroup\n  metadata:\n    \
             name: openshift-sandboxed-containers-operator\n    namespace: openshift-sandboxed-containers-operator\n    \
             annotations:\n      config.kubernetes.io/path: operatorgroup.yaml\n  spec:\n    \
             targetNamespaces: [openshift-sandboxed-containers-operator]\n\
             functionConfig:\n  apiVersion: oscgen.dev/v1alpha1\n  kind: Check\n  metadata:\n    name: check\n  \
             spec:\n    openshiftVersion: {version}\n"
        )
    };
    let run = oscgen(&["fn"], list("'4.22'").as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(document(&run.stdout).get("results").is_none(), "{}", run.stdout);

    let run = oscgen(&["fn"], list("'4.20'").as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let results = document(&run.stdout)["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    assert_eq!(results[0]["severity"], "warning");
    assert_eq!(results[0]["field"]["path"], "spec.startingCSV");
    assert_eq!(results[0]["file"]["path"], "subscription.yaml");
    assert!(results[0]["message"].as_str().unwrap().contains("catalog of OpenShift 4.20 serves releases up to"));

    // A version that does not parse is the config's error, and targets nothing.
    let run = oscgen(&["fn"], list("'4.x'").as_bytes());
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    let results = document(&run.stdout)["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    assert_eq!(results[0]["field"]["path"], "spec.openshiftVersion");
    assert!(results[0]["message"].as_str().unwrap().contains("invalid OpenShift version `4.x`"));

    // A catalog path: a function reads no files, so it is said to be unused, not ignored.
    let run = oscgen(&["fn"], list("'4.22'\n    catalog: index.json").as_bytes());
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let results = document(&run.stdout)["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 1, "{}", run.stdout);
    assert_eq!((&results[0]["severity"], &results[0]["tags"]["code"]), (&"warning".into(), &"catalogNotUsed".into()));
    assert_eq!(results[0]["field"]["path"], "spec.catalog");
}

const CATALOG: &str = "plugin/tests/check-fixtures/catalog";

/// `--catalog FILE` (the output of `opm render` for a mirrored or newer index) replaces
/// oscgen's copies of Red Hat's catalogs for the Subscription; a file that is no such output is
/// a usage error (exit 2) saying what is wrong, and nothing is checked.
#[test]
fn a_catalog_of_the_users_own() {
    let sub = format!("{CATALOG}/subscription.yaml");
    let run = check(&[&sub]);
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(
        run.stdout.contains("startingCSV `sandboxed-containers-operator.v1.14.0` is not in oscgen's catalog"),
        "{}",
        run.stdout
    );

    assert_clean(&check(&["--catalog", &format!("{CATALOG}/index.json"), &sub]), "with the index");

    let run = check(&["--catalog", &format!("{CATALOG}/index.json"), "--openshift", "4.20", &sub]);
    assert_clean(&run, "the index wins over oscgen's 4.20 catalog");

    let run = check(&["--catalog", &sub, &sub]);
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains(&format!("--catalog {sub}: blob 1 has no `schema`")), "{}", run.stderr);

    let run = check(&["--catalog", "plugin/tests/check-fixtures/catalog/missing.json", &sub]);
    assert_eq!(run.code, Some(2), "{}", run.transcript());
}
