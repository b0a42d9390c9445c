//! End to end with the real orchestrators: standalone kustomize 4.5.4 (installed into
//! `.tools/` by `scripts/install-tools`), kpt and kubectl. Each build must give exactly the
//! objects `oscgen render` prints for the same configs.
//!
//! With `CI` set, a missing tool fails the test; locally it is skipped with a printed reason.

use std::path::PathBuf;
use std::process::Command;

use crate::common;

use common::{
    Scratch, copy_tree, files, generated, kpt_eval, kustomize_build, objects, path_env, render, repo, run, tool,
};

/// (layout directory, its generator config) in examples/kustomize.
const LAYOUT: &[(&str, &str)] = &[
    ("operator/base", "operator.yaml"),
    ("operator/overlays/preview-1.1", "operator.yaml"),
    ("instance/base", "kata-runtime.yaml"),
    ("instance/overlays/default", "kata-runtime.yaml"),
];

#[test]
fn kustomize_exec_builds_what_render_prints() {
    let Some(kustomize) = tool("kustomize") else { return };
    for (dir, config) in LAYOUT {
        let dir = repo().join("examples/kustomize").join(dir);
        let built = kustomize_build(&kustomize, &dir);
        assert!(!built.is_empty(), "{} built nothing", dir.display());
        assert_eq!(built, render(&[dir.join(config)]), "{}", dir.display());
    }
}

#[test]
fn kustomize_builds_the_guides_preview_1_1_subscription() {
    let Some(kustomize) = tool("kustomize") else { return };
    let dir = repo().join("examples/kustomize/operator/overlays/preview-1.1");
    let built = kustomize_build(&kustomize, &dir);
    let kinds: Vec<&str> = built.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["Namespace", "OperatorGroup", "Subscription"]);
    assert_eq!(built[2]["spec"]["channel"], "preview-1.1");
    assert_eq!(built[2]["spec"]["startingCSV"], "sandboxed-containers-operator.v1.1.0");
    let dir = repo().join("examples/kustomize/instance/overlays/default");
    let built = kustomize_build(&kustomize, &dir);
    assert_eq!(built.len(), 1);
    assert_eq!(built[0]["kind"], "KataConfig");
    assert_eq!(built[0]["spec"]["kataConfigPoolSelector"]["matchLabels"]["kata"], "true");
}

#[test]
fn kustomize_reports_a_bad_config_and_fails() {
    let Some(kustomize) = tool("kustomize") else { return };
    let tmp = Scratch::new("kustomize-bad");
    std::fs::write(tmp.path.join("kustomization.yaml"), "generators:\n- kata.yaml\n").unwrap();
    let config = std::fs::read_to_string(repo().join("examples/kustomize/instance/overlays/default/kata-runtime.yaml"))
        .unwrap()
        .replace("kata: 'true'", "kata: true");
    std::fs::write(tmp.path.join("kata.yaml"), config).unwrap();
    let out = Command::new(&kustomize)
        .args(["build", "--enable-alpha-plugins", "--enable-exec"])
        .arg(&tmp.path)
        .env("PATH", path_env())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("spec.poolSelector.matchLabels.kata"), "{stderr}");
    assert!(out.stdout.is_empty(), "kustomize printed objects for a failed build");
}

fn kpt_configs() -> Vec<PathBuf> {
    vec![repo().join("examples/kpt/operator.yaml"), repo().join("examples/kpt/kata-runtime.yaml")]
}

#[test]
fn kpt_fn_eval_exec_gives_the_same_objects() {
    let Some(kpt) = tool("kpt") else { return };
    let pkg = repo().join("examples/kpt");
    for config in kpt_configs() {
        assert_eq!(kpt_eval(&kpt, &pkg, &config), render(&[config]));
    }
}

#[test]
fn kpt_fn_render_writes_the_objects_and_a_second_render_changes_nothing() {
    let Some(kpt) = tool("kpt") else { return };
    let tmp = Scratch::new("kpt-render");
    let pkg = tmp.path.join("sandboxed-containers");
    copy_tree(&repo().join("examples/kpt"), &pkg);
    run(Command::new(&kpt).args(["fn", "render", "--allow-exec"]).arg(&pkg));
    let first = files(&pkg);
    let written: Vec<u8> = first
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "yaml"))
        .flat_map(|(_, t)| [t.as_slice(), b"---\n"].concat())
        .collect();
    assert_eq!(generated(objects(&written)), render(&kpt_configs()));
    run(Command::new(&kpt).args(["fn", "render", "--allow-exec"]).arg(&pkg));
    assert_eq!(files(&pkg), first, "a second kpt fn render changed the package");
}

#[test]
fn kubectl_kustomize_builds_the_static_tree_to_the_same_objects() {
    let Some(kubectl) = tool("kubectl") else { return };
    for (dir, config) in LAYOUT {
        let built = run(Command::new(&kubectl).arg("kustomize").arg(repo().join("examples/static").join(dir)));
        assert_eq!(
            objects(&built.stdout),
            render(&[repo().join("examples/kustomize").join(dir).join(config)]),
            "{dir}"
        );
    }
}

/// The peer-pods examples: each an oscgen generator under kustomize and kpt.
const PEER_PODS: &[&str] = &["examples/peer-pods/aws", "examples/peer-pods/azure"];

#[test]
fn kustomize_builds_the_peer_pods_examples_as_render_prints_them() {
    let Some(kustomize) = tool("kustomize") else { return };
    for dir in PEER_PODS {
        let dir = repo().join(dir);
        let built = kustomize_build(&kustomize, &dir);
        assert_eq!(built, render(&[dir.join("kata-runtime.yaml")]), "{}", dir.display());
        let names: Vec<(&str, &str)> =
            built.iter().map(|o| (o["kind"].as_str().unwrap(), o["metadata"]["name"].as_str().unwrap())).collect();
        assert!(names.contains(&("ConfigMap", "peer-pods-cm")), "{}: {names:?}", dir.display());
        assert!(names.contains(&("KataConfig", "cluster-kataconfig")), "{}: {names:?}", dir.display());
        assert!(!names.iter().any(|(kind, _)| *kind == "Secret"), "{}: oscgen writes no Secret", dir.display());
        let kata = built.iter().find(|o| o["kind"] == "KataConfig").unwrap();
        assert_eq!(kata["spec"]["enablePeerPods"], true, "{}", dir.display());
    }
}

#[test]
fn kpt_fn_eval_gives_the_peer_pods_examples_objects() {
    let Some(kpt) = tool("kpt") else { return };
    for dir in PEER_PODS {
        let tmp = Scratch::new("kpt-peer-pods");
        let pkg = tmp.path.join("pkg");
        copy_tree(&repo().join(dir), &pkg);
        let config = pkg.join("kata-runtime.yaml");
        assert_eq!(kpt_eval(&kpt, &pkg, &config), render(&[config]), "{dir}");
    }
}
