//! examples/coco: confidential containers on Azure (peer pods) and on bare metal, each built
//! with real kustomize (4.5.4, from .tools/bin) and kpt, to the objects `oscgen render` prints,
//! and `oscgen check` clean on both.

use crate::common;

use std::process::Command;

use common::{Scratch, copy_tree, kpt_eval, kustomize_build, oscgen, render, repo, run, tool};
use oscgen_render::coco::initdata;
use serde_json::Value;

const AZURE: &str = "examples/coco/azure";
const BARE_METAL: &str = "examples/coco/baremetal";
const KBS_HOST: &str = "kbs-trustee-operator-system.apps.cluster.example.com";

fn kinds(objects: &[Value]) -> Vec<String> {
    let mut kinds: Vec<String> = objects.iter().map(|o| o["kind"].as_str().unwrap().to_owned()).collect();
    kinds.sort();
    kinds
}

/// The INITDATA of peer-pods-cm, decoded.
fn peer_pods_initdata(objects: &[Value]) -> Option<initdata::Decoded> {
    let cm = objects.iter().find(|o| o["kind"] == "ConfigMap" && o["metadata"]["name"] == "peer-pods-cm")?;
    Some(initdata::decode(cm["data"]["INITDATA"].as_str()?).unwrap())
}

#[test]
fn kustomize_builds_the_coco_examples_as_render_prints_them() {
    let Some(kustomize) = tool("kustomize") else { return };
    let azure = kustomize_build(&kustomize, &repo().join(AZURE));
    let configs =
        [repo().join(AZURE).join("kata-runtime.yaml"), repo().join(AZURE).join("confidential-containers.yaml")];
    assert_eq!(azure, render(&configs), "the transformer writes what render writes");
    assert_eq!(
        kinds(&azure),
        [
            "Certificate",
            "ConfigMap",
            "ConfigMap",
            "KataConfig",
            // Seeds the secret resources of the KbsConfig the TrusteeConfig makes.
            "KbsConfig",
            "Namespace",
            "OperatorGroup",
            "Route",
            "Subscription",
            "TrusteeConfig"
        ]
    );
    // The initdata in peer-pods-cm points at the Route.
    let decoded = peer_pods_initdata(&azure).expect("peer-pods-cm has INITDATA");
    let endpoints = decoded.initdata.endpoints();
    assert_eq!(endpoints.aa_kbs, Some(format!("https://{KBS_HOST}")));
    assert_eq!(endpoints.cdh_kbs, endpoints.aa_kbs);
    assert_eq!(decoded.digest.algorithm, initdata::Algorithm::Sha256);

    let bare = kustomize_build(&kustomize, &repo().join(BARE_METAL));
    let configs = [
        repo().join(BARE_METAL).join("kata-runtime.yaml"),
        repo().join(BARE_METAL).join("confidential-containers.yaml"),
    ];
    // The generated objects, and Node Feature Discovery's two as written.
    let mut expected = render(&configs);
    expected.extend(common::docs(&std::fs::read_to_string(repo().join(BARE_METAL).join("nfd.yaml")).unwrap()));
    expected.sort_by_key(|d| {
        (d["kind"].to_string(), d["metadata"]["namespace"].to_string(), d["metadata"]["name"].to_string())
    });
    assert_eq!(expected, bare);
    assert_eq!(
        kinds(&bare),
        [
            "ConfigMap",
            "KataConfig",
            "Namespace",
            "NodeFeatureDiscovery",
            "NodeFeatureRule",
            "OperatorGroup",
            "Route",
            "Subscription",
            "TrusteeConfig"
        ]
    );
    for objects in [&azure, &bare] {
        // The operator owns the RuntimeClasses; nothing secret is written.
        assert!(!objects.iter().any(|o| o["kind"] == "RuntimeClass" || o["kind"] == "Secret"));
    }
}

#[test]
fn kpt_builds_the_coco_examples() {
    let Some(kpt) = tool("kpt") else { return };
    let Some(kustomize) = tool("kustomize") else { return };
    // Azure: the KataRuntime first (in place), then the ConfidentialContainers function writes
    // its initdata into the peer-pods-cm it finds among the package's resources.
    let tmp = Scratch::new("kpt-coco-azure");
    let pkg = tmp.path.join("pkg");
    copy_tree(&repo().join(AZURE), &pkg);
    std::fs::remove_file(pkg.join("kustomization.yaml")).unwrap();
    run(Command::new(&kpt)
        .args(["fn", "eval"])
        .arg(&pkg)
        .args(["--exec", "oscgen", "--fn-config"])
        .arg(pkg.join("kata-runtime.yaml")));
    let built = kpt_eval(&kpt, &pkg, &pkg.join("confidential-containers.yaml"));
    assert_eq!(built, kustomize_build(&kustomize, &repo().join(AZURE)));
    assert!(peer_pods_initdata(&built).is_some());

    // Bare metal: each config on its own gives its objects.
    for config in ["kata-runtime.yaml", "confidential-containers.yaml"] {
        let tmp = Scratch::new("kpt-coco-baremetal");
        let pkg = tmp.path.join("pkg");
        copy_tree(&repo().join(BARE_METAL), &pkg);
        let config = pkg.join(config);
        // The package's own NFD objects come back as they are; the rest is oscgen's.
        let generated: Vec<Value> = kpt_eval(&kpt, &pkg, &config)
            .into_iter()
            .filter(|o| o["apiVersion"].as_str().is_none_or(|v| !v.starts_with("nfd.")))
            .collect();
        assert_eq!(generated, render(std::slice::from_ref(&config)), "{}", config.display());
    }
}

#[test]
fn oscgen_check_is_clean_on_the_coco_examples() {
    let run = oscgen(&["check", AZURE, BARE_METAL], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.is_empty(), "{}", run.transcript());
    assert_eq!(run.stderr.trim(), "oscgen: check found no problems", "{}", run.transcript());
}
