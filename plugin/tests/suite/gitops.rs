//! The GitOps examples, run as their engines run them: `examples/argocd` and `examples/acm`
//! built with real kustomize 4.5.4 (exec generator) and kpt, `examples/flux` with `kubectl
//! kustomize`, the Config Management Plugin's `generate` command run the way Argo CD's plugin
//! server runs it, and the KataConfig health check under a real Lua interpreter.
//!
//! With `CI` set, a missing tool (kustomize, kpt, kubectl, lua5.4) fails the test; locally it is
//! skipped with a printed reason.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::{Value, json};

use crate::common;

use common::{
    Scratch, assert_text_snapshot, copy_tree, docs, files, kpt_eval, kustomize_build, objects, oscgen_command,
    path_env, render, repo, run, tool,
};

fn wave(object: &Value) -> i64 {
    object["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"].as_str().unwrap().parse().unwrap()
}

#[test]
fn argocd_cluster_builds_with_kustomize_and_kpt_in_sync_waves() {
    let dir = repo().join("examples/argocd/cluster");
    let configs = [dir.join("operator.yaml"), dir.join("kata-runtime.yaml")];
    let expected = render(&configs);
    let kinds: Vec<&str> = expected.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["KataConfig", "Namespace", "OperatorGroup", "Subscription"]);
    let kata = &expected[0];
    assert!(expected[1..].iter().all(|o| wave(o) < wave(kata)));
    assert_eq!(
        kata["metadata"]["annotations"]["argocd.argoproj.io/sync-options"],
        "SkipDryRunOnMissingResource=true,Prune=false"
    );
    let shown = run(oscgen_command().arg("render").args(&configs)).stdout;
    assert_text_snapshot("example-argocd-cluster", &String::from_utf8(shown).unwrap());
    if let Some(kustomize) = tool("kustomize") {
        assert_eq!(kustomize_build(&kustomize, &dir), expected);
    }
    if let Some(kpt) = tool("kpt") {
        let tmp = Scratch::new("argocd-kpt");
        copy_tree(&dir, &tmp.path);
        let mut found: Vec<Value> = configs.iter().flat_map(|c| kpt_eval(&kpt, &tmp.path, c)).collect();
        found.sort_by_key(|d| d["kind"].to_string());
        assert_eq!(found, expected);
    }
}

#[test]
fn acm_example_builds_with_kustomize_and_kpt() {
    let dir = repo().join("examples/acm");
    let expected = render(&[dir.join("policy.yaml")]);
    let kinds: Vec<&str> = expected.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["ManagedClusterSetBinding", "Placement", "PlacementBinding", "Policy"]);
    // Argo CD on the hub: waves in binding order, and tracking metadata kept on the root.
    let policy = &expected[3];
    assert_eq!(policy["spec"]["copyPolicyMetadata"], false);
    assert!(wave(&expected[0]) < wave(&expected[1]) && wave(&expected[1]) < wave(policy));
    assert!(wave(policy) < wave(&expected[2]));
    if let Some(kustomize) = tool("kustomize") {
        assert_eq!(kustomize_build(&kustomize, &dir), expected);
    }
    if let Some(kpt) = tool("kpt") {
        let tmp = Scratch::new("acm-kpt");
        copy_tree(&dir, &tmp.path);
        assert_eq!(kpt_eval(&kpt, &tmp.path, &tmp.path.join("policy.yaml")), expected);
    }
    let text = std::fs::read_to_string(dir.join("policy.yaml")).unwrap();
    let shown: Vec<String> = expected.iter().map(|o| oscgen_render::yaml::to_string(o).unwrap()).collect();
    assert_text_snapshot("example-acm", &format!("# {}\n{}", text.lines().nth(1).unwrap(), shown.join("---\n")));
}

/// The configs `oscgen init --static --channel stable --openshift 4.20` renders each overlay
/// of examples/flux from.
fn flux_overlay_configs() -> [(&'static str, String); 2] {
    [
        (
            "operator/overlays/stable",
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {name: osc}\n\
             spec: {channel: stable, openshiftVersion: '4.20'}\n"
                .to_owned(),
        ),
        (
            "instance/overlays/default",
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: cluster-kataconfig}\n\
             spec: {release: 1.11.1, openshiftVersion: '4.20', poolSelector: {matchLabels: {kata: 'true'}}}\n"
                .to_owned(),
        ),
    ]
}

#[test]
fn flux_tree_is_what_init_writes_and_kubectl_builds_it() {
    let flux = repo().join("examples/flux");
    // The static tree is exactly what `oscgen init --static` writes today.
    let tmp = Scratch::new("flux-init");
    let target = tmp.path.join("flux");
    run(oscgen_command().args(["init", "--static", "--channel", "stable", "--openshift", "4.20"]).arg(&target));
    let mut ours = files(&flux);
    ours.remove(Path::new("kustomizations.yaml"));
    assert_eq!(files(&target), ours, "examples/flux differs from oscgen init --static; regenerate it");

    let Some(kubectl) = tool("kubectl") else { return };
    for (dir, config) in flux_overlay_configs() {
        let built = objects(&run(Command::new(&kubectl).arg("kustomize").arg(flux.join(dir))).stdout);
        let file = tmp.path.join("config.yaml");
        std::fs::write(&file, config).unwrap();
        assert_eq!(built, render(&[file]), "{dir}");
    }
}

#[test]
fn the_flux_crd_catches_mistakes() {
    let mut k = json!({"apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
        "metadata": {"name": "k", "namespace": "flux-system"},
        "spec": {"interval": "10 minutes", "sourceRef": {"kind": "GitRepo", "name": "s"}, "dependsOn": [{"nmae": "x"}]}});
    let paths: Vec<String> =
        oscgen_render::schema::check_flux_kustomization(&k).unwrap().into_iter().map(|v| v.path.to_string()).collect();
    assert_eq!(
        paths,
        ["spec.dependsOn[0].name", "spec.dependsOn[0].nmae", "spec.interval", "spec.prune", "spec.sourceRef.kind"]
    );
    k["apiVersion"] = json!("kustomize.toolkit.fluxcd.io/v2");
    assert!(oscgen_render::schema::check_flux_kustomization(&k).is_err());
}

#[test]
fn flux_kustomizations_order_the_kataconfig_after_the_operator() {
    let text = std::fs::read_to_string(repo().join("examples/flux/kustomizations.yaml")).unwrap();
    let found = docs(&text);
    let [operator, instance] = found.as_slice() else { panic!("two Kustomizations") };
    for k in [operator, instance] {
        // Against kustomize-controller's CRD; the copy oscgen has predates healthCheckExprs,
        // which is checked apart below.
        let mut without = k.clone();
        without["spec"].as_object_mut().unwrap().remove("healthCheckExprs");
        let violations = oscgen_render::schema::check_flux_kustomization(&without).unwrap();
        assert!(violations.is_empty(), "{}: {violations:?}", k["metadata"]["name"]);
        assert_eq!(k["spec"]["wait"], true);
        let path = k["spec"]["path"].as_str().unwrap();
        assert!(repo().join(path).join("kustomization.yaml").is_file(), "{path}");
        // healthCheckExprs entries: apiVersion and current required; nothing else than the
        // documented keys.
        for check in k["spec"]["healthCheckExprs"].as_array().unwrap() {
            let keys: Vec<&str> = check.as_object().unwrap().keys().map(String::as_str).collect();
            assert!(keys.iter().all(|key| ["apiVersion", "kind", "current", "inProgress", "failed"].contains(key)));
            assert!(check["apiVersion"].is_string() && check["current"].is_string());
        }
    }
    assert_eq!(instance["spec"]["dependsOn"], json!([{"name": operator["metadata"]["name"]}]));
    let kata_check = &instance["spec"]["healthCheckExprs"][0];
    assert_eq!(kata_check["kind"], "KataConfig");
    assert!(kata_check["current"].as_str().unwrap().contains("'InProgress'"));
    let patch = instance["spec"]["patches"][0]["patch"].as_str().unwrap();
    assert!(patch.contains("kustomize.toolkit.fluxcd.io/prune: Disabled"));
    // The operator's Kustomization holds no KataConfig, the instance's nothing but it.
    if let Some(kubectl) = tool("kubectl") {
        let build = |k: &Value| {
            let dir = repo().join(k["spec"]["path"].as_str().unwrap());
            objects(&run(Command::new(&kubectl).arg("kustomize").arg(dir)).stdout)
        };
        assert!(build(operator).iter().all(|o| o["kind"] != "KataConfig"));
        assert!(build(instance).iter().all(|o| o["kind"] == "KataConfig"));
    }
}

/// `$VAR`, `${VAR}` and `$$` in a plugin command, expanded the way Go's `os.Expand` does with
/// Argo CD's mapping (`$$` is one `$`; an unset variable is empty).
fn argocd_expand(text: &str, env: &BTreeMap<&str, &str>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, width) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 1),
            }
        } else if after.starts_with('$') {
            ("$", 1)
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], end)
        };
        match name {
            "$" => out.push('$'),
            "" if width == 1 => out.push('$'),
            name => out.push_str(env.get(name).copied().unwrap_or_default()),
        }
        rest = &after[width.min(after.len())..];
        if width == 0 {
            out.push('$');
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn argocd_expansion_matches_go() {
    let env = BTreeMap::from([("A", "x"), ("ARGOCD_ENV_B", "y")]);
    assert_eq!(argocd_expand("$A ${ARGOCD_ENV_B} $$A $${A:-d} $", &env), "x y $A ${A:-d} $");
}

/// Runs the plugin's generate command in `app` as the plugin server does: `command` + `args`
/// expanded and exec'd directly (no shell: the image has none), in the app directory, with the
/// build environment and the Application's plugin env prefixed `ARGOCD_ENV_`.
fn cmp_generate(app: &Path, plugin_env: &[(&str, &str)]) -> Output {
    let cm = docs(&std::fs::read_to_string(repo().join("examples/argocd/cmp-plugin.yaml")).unwrap());
    let plugin = docs(cm[0]["data"]["plugin.yaml"].as_str().unwrap()).remove(0);
    assert_eq!(plugin["kind"], "ConfigManagementPlugin");
    let generate = &plugin["spec"]["generate"];
    let argv: Vec<String> = generate["command"]
        .as_array()
        .unwrap()
        .iter()
        .chain(generate["args"].as_array().into_iter().flatten())
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    let mut env: Vec<(String, String)> = vec![
        ("ARGOCD_APP_NAME".into(), "sandboxed-containers-east".into()),
        ("ARGOCD_APP_NAMESPACE".into(), "openshift-gitops".into()),
        ("ARGOCD_APP_PROJECT_NAME".into(), "default".into()),
        ("ARGOCD_APP_REVISION".into(), "0123456789abcdef0123456789abcdef01234567".into()),
        ("ARGOCD_APP_SOURCE_PATH".into(), "examples/argocd/cluster".into()),
        ("ARGOCD_APP_SOURCE_REPO_URL".into(), "https://github.com/your-org/cluster-config.git".into()),
        ("ARGOCD_APP_SOURCE_TARGET_REVISION".into(), "main".into()),
        ("KUBE_VERSION".into(), "1.33".into()),
    ];
    env.extend(plugin_env.iter().map(|(k, v)| (format!("ARGOCD_ENV_{k}"), (*v).to_owned())));
    let lookup: BTreeMap<&str, &str> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let argv: Vec<String> = argv.iter().map(|a| argocd_expand(a, &lookup)).collect();
    Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(app)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("PATH", path_env())
        .output()
        .unwrap()
}

#[test]
fn cmp_generate_renders_one_cluster_from_its_labels() {
    let tmp = Scratch::new("cmp-app");
    copy_tree(&repo().join("examples/argocd/cluster"), &tmp.path);
    let out = cmp_generate(
        &tmp.path,
        &[("OSC_CHANNEL", "stable"), ("OSC_OPENSHIFT_VERSION", "4.16"), ("OSC_NODE_LABEL", "kata=east")],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let found = objects(&out.stdout);
    let kinds: Vec<&str> = found.iter().map(|o| o["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["KataConfig", "Namespace", "OperatorGroup", "Subscription"]);
    assert_eq!(found[0]["spec"]["kataConfigPoolSelector"]["matchLabels"]["kata"], "east");
    // OpenShift 4.16's catalog head on stable.
    assert_eq!(found[3]["spec"]["startingCSV"], "sandboxed-containers-operator.v1.10.3");
    assert!(found[1..].iter().all(|o| wave(o) < wave(&found[0])));

    // Defaults when a cluster has none of the labels (the ApplicationSet passes empty values).
    let out = cmp_generate(&tmp.path, &[("OSC_CHANNEL", ""), ("OSC_OPENSHIFT_VERSION", "")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let found = objects(&out.stdout);
    assert_eq!(found[0]["spec"]["kataConfigPoolSelector"]["matchLabels"]["kata"], "true");

    // A value oscgen refuses stops the build with nothing on stdout, so a pruning sync has
    // nothing to compare against and deletes nothing; the message names the Application and
    // the parameter. Shell text is only a wrong value: nothing runs a shell.
    for (bad, names) in [
        (("OSC_CHANNEL", "stable'; echo x"), "spec.channel"),
        (("OSC_NODE_LABEL", "no-equals-sign"), "ARGOCD_ENV_OSC_NODE_LABEL"),
        (("OSC_NODE_LABEL", "kata=$(reboot)"), "matchLabels"),
        (("OSC_CHANNEL", "stabel"), "spec.channel"),
        (("OSC_OPENSHIFT_VERSION", "4.x"), "spec.openshiftVersion"),
    ] {
        let out = cmp_generate(&tmp.path, &[bad]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{bad:?}: {}", String::from_utf8_lossy(&out.stdout));
        assert!(stderr.contains("sandboxed-containers-east") && stderr.contains(names), "{bad:?}: {stderr}");
    }
}

#[test]
fn argocd_settings_agree_with_oscgen() {
    let dir = repo().join("examples/argocd");
    let read = |file: &str| docs(&std::fs::read_to_string(dir.join(file)).unwrap()).remove(0);
    let cm = read("argocd-cm.yaml");
    let options = cm["data"]["kustomize.buildOptions"].as_str().unwrap();
    let flags: Vec<&str> = options.split_whitespace().collect();
    assert!(flags.contains(&"--enable-alpha-plugins") && flags.contains(&"--enable-exec"), "{options}");
    let lua = std::fs::read_to_string(dir.join("kataconfig-health.lua")).unwrap();
    assert_eq!(cm["data"]["resource.customizations.health.kataconfiguration.openshift.io_KataConfig"], lua);

    let ignore = serde_json::to_value(oscgen_render::gitops::argocd_ignore_differences()).unwrap();
    let app = read("application.yaml");
    let set = read("applicationset.yaml");
    let template = &set["spec"]["template"]["spec"];
    for spec in [&app["spec"], template] {
        assert_eq!(spec["ignoreDifferences"], ignore);
        assert!(
            spec["syncPolicy"]["syncOptions"].as_array().unwrap().contains(&json!("RespectIgnoreDifferences=true"))
        );
        assert!(spec["syncPolicy"]["retry"]["limit"].as_i64().unwrap() > 0);
    }
    assert_eq!(template["source"]["plugin"]["name"], "oscgen-v1");
    let sidecar = read("repo-server-sidecar.yaml");
    let container = &sidecar["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(container["command"], json!(["/var/run/argocd/argocd-cmp-server"]));
    assert_eq!(container["securityContext"]["runAsUser"], 999);
    // The sidecar and the init container run the image scripts/dist builds for this version.
    let image = format!("localhost/oscgen:{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(container["image"], image.as_str());
    let init = read("repo-server-init.yaml");
    let copier = &init["spec"]["template"]["spec"]["initContainers"][0];
    assert_eq!(copier["image"], image.as_str());
    assert_eq!(copier["args"], json!(["copy-binary", "/custom-tools"]));
    let mount = &init["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0];
    assert_eq!((&mount["mountPath"], &mount["subPath"]), (&json!("/usr/local/bin/oscgen"), &json!("oscgen")));
    // oscgen check finds nothing wrong in the example's Argo CD settings.
    let checked = run(oscgen_command().args(["check"]).arg(&dir));
    assert!(String::from_utf8_lossy(&checked.stdout).is_empty(), "{}", String::from_utf8_lossy(&checked.stdout));
}

/// A KataConfig with `status` (none for `null`), as Argo CD's `obj`, in Lua syntax.
fn lua_value(value: &Value) -> String {
    match value {
        Value::Null => "nil".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(items) => format!("{{{}}}", items.iter().map(lua_value).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter().map(|(k, v)| format!("[{k:?}] = {}", lua_value(v))).collect::<Vec<_>>().join(", ")
        ),
    }
}

#[test]
fn kataconfig_health_check_under_lua() {
    let Some(lua) = tool("lua5.4") else { return };
    let script = repo().join("examples/argocd/kataconfig-health.lua");
    let condition = |status: &str, reason: &str, message: &str| {
        json!([{"type": "InProgress", "status": status, "reason": reason, "message": message,
                "lastTransitionTime": "2026-01-01T00:00:00Z"}])
    };
    let cases = [
        ("none", Value::Null, "Progressing"),
        ("no conditions yet", json!({"kataNodes": {"nodeCount": 2}}), "Progressing"),
        (
            "installing",
            json!({"conditions": condition("True", "Installing", "Performing initial installation of kata on cluster"),
                   "kataNodes": {"nodeCount": 2, "readyNodeCount": 0, "installing": ["worker-0"],
                                 "waitingToInstall": ["worker-1"]}}),
            "Progressing",
        ),
        (
            "done",
            json!({"conditions": condition("False", "", ""), "runtimeClasses": ["kata"],
                   "kataNodes": {"nodeCount": 2, "readyNodeCount": 2, "installed": ["worker-0", "worker-1"]}}),
            "Healthy",
        ),
        (
            "failed on a node",
            json!({"conditions": condition("True", "Installing", ""),
                   "kataNodes": {"nodeCount": 2, "readyNodeCount": 1, "installed": ["worker-0"],
                                 "failedToInstall": ["worker-1"]}}),
            "Degraded",
        ),
        (
            "failed",
            json!({"conditions": condition("False", "Failed", "MachineConfigPool kata-oc degraded")}),
            "Degraded",
        ),
        (
            "not every node ready",
            json!({"conditions": condition("False", "", ""), "kataNodes": {"nodeCount": 3, "readyNodeCount": 2}}),
            "Progressing",
        ),
    ];
    for (what, status, expected) in cases {
        let mut kata = json!({"apiVersion": "kataconfiguration.openshift.io/v1", "kind": "KataConfig",
                              "metadata": {"name": "cluster-kataconfig"}, "spec": {}});
        if !status.is_null() {
            kata["status"] = status;
        }
        let program = format!(
            "obj = {}\nlocal hs = dofile({:?})\nio.write(hs.status, \"\\t\", hs.message or \"\", \"\\n\")\n",
            lua_value(&kata),
            script.display().to_string()
        );
        let out = run(Command::new(&lua).args(["-e", &program]));
        let text = String::from_utf8(out.stdout).unwrap();
        let (status, message) = text.trim_end().split_once('\t').unwrap();
        assert_eq!(status, expected, "{what}: {message}");
        assert!(!message.is_empty(), "{what}: a status without a message");
    }
}
