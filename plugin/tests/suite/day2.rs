//! The day-2 commands, run as the built binary: `oscgen upgrade` as a table (snapshot) and as
//! JSON (one object per step), and its errors.

use crate::common;

use serde_json::Value;

use common::{Scratch, assert_text_snapshot, oscgen};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON: {e}\n{text}"))
}

/// The EUS path: nothing moves at 4.18, 4.20 moves the operator to 1.11.1.
#[test]
fn upgrade_eus_path_table_and_json() {
    let args =
        ["upgrade", "--from", "1.10.3", "--openshift", "4.16", "--to-openshift", "4.18,4.20", "--approval", "Manual"];
    let run = oscgen(&args, b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(
        run.stdout.contains("Step 3: OpenShift 4.20, its catalog, channel stable: operator 1.10.3 -> 1.11.1"),
        "{}",
        run.stdout
    );
    assert_text_snapshot("upgrade-eus-4.16-4.20", &run.transcript());

    let run = oscgen(&[&args[..], &["-o", "json"]].concat(), b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let steps = json(&run.stdout);
    let steps = steps.as_array().unwrap();
    let summary: Vec<(&str, &str)> =
        steps.iter().map(|s| (s["openshift"].as_str().unwrap(), s["after"].as_str().unwrap())).collect();
    assert_eq!(summary, [("4.16", "1.10.3"), ("4.18", "1.10.3"), ("4.20", "1.11.1")]);
    assert_eq!(steps[2]["moves"][0]["edge"], "skipRange");
    for step in steps {
        for statement in step["statements"].as_array().unwrap() {
            let certainty = statement["certainty"].as_str().unwrap();
            assert!(["confirmed", "documented", "inferred", "unknown"].contains(&certainty), "{statement}");
        }
    }
}

/// Peer pods 1.8 -> 1.9: the kata pool rolls.
#[test]
fn upgrade_peer_pods_rolls() {
    let args = ["upgrade", "--from", "1.8.1", "--openshift", "4.15", "--to", "1.9.0", "--peer-pods"];
    let run = oscgen(&args, b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_text_snapshot("upgrade-peer-pods-1.8-1.9", &run.transcript());
    let run = oscgen(&[&args[..], &["-o", "json"]].concat(), b"");
    let steps = json(&run.stdout);
    let ids: Vec<&str> = steps[0]["statements"].as_array().unwrap().iter().filter_map(|s| s["id"].as_str()).collect();
    assert!(ids.contains(&"kata-oc-rolls"), "{ids:?}");
}

#[test]
fn upgrade_errors_are_usage_errors() {
    for (args, flag) in [
        (vec!["upgrade", "--from", "1.4.9", "--openshift", "4.16", "--to-openshift", "4.18"], "--from `1.4.9`"),
        (vec!["upgrade", "--from", "1.8.0", "--openshift", "4.16", "--to-openshift", "4.18"], "--from `1.8.0`"),
        (vec!["upgrade", "--from", "1.9.0", "--openshift", "4.16"], "--to"),
        (vec!["upgrade", "--from", "1.9.0", "--openshift", "4.16", "--to-openshift", "4.14"], "--to-openshift `4.14`"),
        (vec!["upgrade", "--from", "1.9.0", "--openshift", "4.16", "--to", "1.8.1"], "--to `1.8.1`"),
        (
            vec!["upgrade", "--from", "1.9.0", "--channel", "fast", "--openshift", "4.16", "--to-openshift", "4.18"],
            "--channel `fast`",
        ),
    ] {
        let run = oscgen(&args, b"");
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{args:?}: nothing half-written");
        assert!(run.stderr.starts_with(&format!("oscgen: {flag}: ")), "{args:?}: {}", run.stderr);
    }
}

/// The disconnected example: 4.20's catalog from 1.10.3, as oc-mirror v2 reads it,
/// and the same for oc-mirror v1 with its storage backend.
#[test]
fn mirror_both_formats() {
    let run = oscgen(&["mirror", "--openshift", "4.20", "--from", "1.10.3"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.starts_with("apiVersion: mirror.openshift.io/v2alpha1\n"), "{}", run.stdout);
    assert!(run.stderr.contains("cs-redhat-operator-index-v4-20"), "{}", run.stderr);
    assert_text_snapshot("mirror-4.20-from-1.10.3-v2alpha1", &run.transcript());

    let args = [
        "mirror",
        "--openshift",
        "4.20",
        "--from",
        "1.10.3",
        "--format",
        "v1alpha2",
        "--storage-registry",
        "mirror.example.com/oc-mirror-metadata",
    ];
    let run = oscgen(&args, b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_text_snapshot("mirror-4.20-from-1.10.3-v1alpha2", &run.transcript());

    // v1alpha2 without storage, and storage for v2: usage errors, nothing written.
    for args in [
        vec!["mirror", "--openshift", "4.20", "--format", "v1alpha2"],
        vec!["mirror", "--openshift", "4.20", "--storage-path", "/tmp/x"],
        vec!["mirror", "--openshift", "4.20", "--to", "1.9.9"],
    ] {
        let run = oscgen(&args, b"");
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{args:?}");
    }
}

/// `init --mirrored` and `render --mirrored`/`--catalog-source` put the mirrored catalog's
/// CatalogSource into the Subscription; without an OpenShift version `--mirrored` refuses.
#[test]
fn mirrored_catalog_source_in_init_and_render() {
    let scratch = Scratch::new("mirrored");
    let dir = scratch.path.join("repo");
    let dir_text = dir.to_string_lossy().into_owned();
    let run = oscgen(&["init", &dir_text, "--openshift", "4.20", "--mirrored"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let operator = std::fs::read_to_string(dir.join("operator/base/operator.yaml")).unwrap();
    assert!(operator.contains("source: cs-redhat-operator-index-v4-20"), "{operator}");

    let config = dir.join("operator/overlays/stable/operator.yaml").to_string_lossy().into_owned();
    let run = oscgen(&["render", &config], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.contains("  source: cs-redhat-operator-index-v4-20\n"), "{}", run.stdout);

    let run = oscgen(&["render", "--catalog-source", "my-mirror", &config], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.contains("  source: my-mirror\n"), "{}", run.stdout);

    // A config without openshiftVersion: --mirrored cannot name the CatalogSource.
    let bare = scratch.path.join("bare.yaml");
    std::fs::write(
        &bare,
        "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {name: osc}\nspec: {channel: stable}\n",
    )
    .unwrap();
    let run = oscgen(&["render", "--mirrored", &bare.to_string_lossy()], b"");
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("spec.openshiftVersion"), "{}", run.stderr);

    let run = oscgen(&["init", &scratch.path.join("other").to_string_lossy(), "--mirrored"], b"");
    assert_eq!(run.code, Some(2), "--mirrored needs --openshift: {}", run.transcript());
}

/// `oscgen uninstall` on the built dumps: the order, blockers and leftovers as text, JSON, a
/// directory of dumps, and the errors.
#[test]
fn uninstall_from_dumps() {
    let blocked = "crates/render/tests/dumps/current-delete-blocked.yaml";
    let run = oscgen(&["uninstall", "--from", blocked], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(run.stdout.contains("$ oc delete pod -n shop sandboxed-app-7d9f"), "{}", run.stdout);
    assert_text_snapshot("uninstall-delete-blocked", &run.transcript());

    let run = oscgen(&["uninstall", "--from", "crates/render/tests/dumps/v1.11-operator-gone.yaml"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_text_snapshot("uninstall-operator-gone", &run.transcript());

    let run = oscgen(&["uninstall", "--from", blocked, "-o", "json"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let plan = json(&run.stdout);
    assert_eq!(plan["kataconfigs"][0]["state"], "delete-blocked");
    assert_eq!(plan["steps"][0]["state"], "blocked");

    // A directory: every dump in it, one cluster.
    let run = oscgen(&["uninstall", "--from", "crates/render/tests/dumps", "-o", "json"], b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(json(&run.stdout)["kataconfigs"].as_array().map(Vec::len), Some(8), "one KataConfig per dump file");

    let run = oscgen(&["uninstall", "--from", "no/such/dump.yaml"], b"");
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    let scratch = Scratch::new("dump");
    let bad = scratch.path.join("bad.yaml");
    std::fs::write(&bad, "items: [\n").unwrap();
    let run = oscgen(&["uninstall", "--from", &bad.to_string_lossy()], b"");
    assert_eq!(run.code, Some(1), "{}", run.transcript());
    assert_eq!(run.stdout, "");
}

/// `oscgen diff` on the built drift dump, against its built repository.
#[test]
fn diff_against_a_repo() {
    let args =
        ["diff", "crates/render/tests/dumps/drift-1.10-peer-pods.yaml", "--repo", "crates/render/tests/drift-repo"];
    let run = oscgen(&args, b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert!(
        run.stdout.contains("ignoreDifferences:\n- group: \"\"\n  kind: ConfigMap\n  name: peer-pods-cm\n"),
        "{}",
        run.stdout
    );
    assert_text_snapshot("diff-drift-1.10-peer-pods", &run.transcript());

    let run = oscgen(&[&args[..], &["-o", "json"]].concat(), b"");
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    let report = json(&run.stdout);
    assert_eq!(report["installed"], "1.10.3");

    let run = oscgen(&["diff", "crates/render/tests/dumps/drift-1.10-peer-pods.yaml", "--repo", "no/such/dir"], b"");
    assert_eq!(run.code, Some(2), "{}", run.transcript());
}

/// `upgrade --catalog VERSION=FILE`: a newer index for one version.
#[test]
fn upgrade_with_a_catalog_file() {
    let file = "4.21=crates/render/tests/catalogs/opm-render-4.21-newer.json";
    let run = oscgen(
        &[
            "upgrade",
            "--from",
            "1.11.1",
            "--openshift",
            "4.20",
            "--to-openshift",
            "4.21",
            "--catalog",
            file,
            "-o",
            "json",
        ],
        b"",
    );
    assert_eq!(run.code, Some(0), "{}", run.transcript());
    assert_eq!(json(&run.stdout)[1]["after"], "1.13.1");
    for (catalog, code) in [("4.21", 2), ("4.21=no/such/file.json", 2), ("4.21=Cargo.toml", 1)] {
        let run = oscgen(
            &["upgrade", "--from", "1.11.1", "--openshift", "4.20", "--to-openshift", "4.21", "--catalog", catalog],
            b"",
        );
        assert_eq!(run.code, Some(code), "{catalog}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{catalog}");
    }
}
