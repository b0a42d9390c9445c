//! What we ship (`scripts/dist`, which `scripts/test` runs first): the static binary, its SBOM
//! and checksums, and the function image built from `Containerfile`. Without `dist/` the tests
//! skip with the reason; under `CI` they fail.

use crate::common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::{Scratch, repo, tool};
use serde_json::Value;

const TRIPLE_NAME: &str = "x86_64-linux";

fn artifact_name() -> String {
    format!("oscgen-{}-{TRIPLE_NAME}", env!("CARGO_PKG_VERSION"))
}

/// `dist/`, when `scripts/dist` has filled it.
fn dist() -> Option<PathBuf> {
    let dir = repo().join("dist");
    if dir.join(artifact_name()).is_file() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "dist/{} is required under CI: run scripts/dist", artifact_name());
    eprintln!("skipping: dist/{} not built (run scripts/dist)", artifact_name());
    None
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?} does not start: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}\n{}", String::from_utf8_lossy(&out.stderr), text(&out));
    out
}

fn git(args: &[&str]) -> String {
    text(&ok(Command::new("git").arg("-C").arg(repo()).args(args))).trim().to_owned()
}

/// Runs `program args` with `stdin`, in an empty environment plus `env`.
fn run_with_stdin(program: &Path, args: &[String], env: &[(String, String)], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", program.display()));
    child.stdin.take().expect("stdin is piped").write_all(stdin).expect("the ResourceList is written");
    child.wait_with_output().expect("the process ends")
}

/// The guide's operator config as kustomize 4.5.4 hands it to a generator.
fn guide_resource_list() -> Vec<u8> {
    std::fs::read(repo().join("plugin/tests/fixtures/ok-kustomize-generator-operator/input.yaml"))
        .expect("the fixture is there")
}

#[test]
fn the_shipped_binary_is_static_and_holds_no_build_paths() {
    let Some(dist) = dist() else { return };
    let binary = dist.join(artifact_name());
    if let Some(file) = tool("file") {
        let described = text(&ok(Command::new(file).arg(&binary)));
        assert!(described.contains("static-pie linked"), "{described}");
        assert!(described.contains("stripped") && !described.contains("not stripped"), "{described}");
    }
    // ldd asks the loader, which has nothing to load for a static executable.
    let ldd = Command::new("ldd").arg(&binary).output().expect("ldd starts");
    let said = format!("{}{}", text(&ldd), String::from_utf8_lossy(&ldd.stderr));
    assert!(said.contains("statically linked") || said.contains("not a dynamic executable"), "{said}");

    let bytes = std::fs::read(&binary).expect("the binary is readable");
    let home = std::env::var("HOME").unwrap_or_default();
    let mut build_paths = vec![repo().display().to_string()];
    build_paths.extend(std::env::var("CARGO_HOME").ok());
    if !home.is_empty() {
        build_paths.push(format!("{home}/.cargo"));
        build_paths.push(format!("{home}/.rustup"));
    }
    for path in build_paths.iter().filter(|p| p.len() > 1) {
        assert!(!bytes.windows(path.len()).any(|w| w == path.as_bytes()), "the binary holds the build path {path}");
    }
}

#[test]
fn the_shipped_binary_names_its_version_commit_and_catalog() {
    let Some(dist) = dist() else { return };
    let binary = dist.join(artifact_name());
    let line = text(&ok(Command::new(&binary).arg("--version")));
    let commit = git(&["rev-parse", "--short=12", "HEAD"]);
    let read = oscgen_render::catalog::DATA_READ;
    let expected = format!("oscgen {} ({commit}", env!("CARGO_PKG_VERSION"));
    assert!(
        line.starts_with(&expected),
        "{line:?} should start with {expected:?}: is dist/ from another commit? run scripts/dist"
    );
    assert!(line.trim_end().ends_with(&format!(", catalog read {read})")), "{line}");

    let info: Value = serde_json::from_str(&text(&ok(Command::new(&binary).args(["version", "-o", "json"]))))
        .expect("version -o json is JSON");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert!(info["commit"].as_str().is_some_and(|c| c.starts_with(&commit)), "{info}");
    assert_eq!(info["catalogRead"], read);
    let releases: Vec<&str> = oscgen_render::catalog::versions();
    assert_eq!(info["releases"], serde_json::json!(releases));
    let openshift: Vec<String> = oscgen_render::catalog::CATALOGS.iter().map(|c| c.openshift.to_string()).collect();
    assert_eq!(info["openshiftVersions"], serde_json::json!(openshift));
}

#[test]
fn checksums_and_the_sbom_describe_the_binary() {
    let Some(dist) = dist() else { return };
    let name = artifact_name();
    let sums = std::fs::read_to_string(dist.join("SHA256SUMS")).expect("SHA256SUMS is written");
    let listed: Vec<&str> = sums.lines().filter_map(|l| l.split_whitespace().nth(1)).collect();
    assert_eq!(listed, [name.clone(), format!("{name}.cdx.json")]);
    if let Some(sha256sum) = tool("sha256sum") {
        ok(Command::new(sha256sum).args(["--check", "--strict", "SHA256SUMS"]).current_dir(&dist));
    }

    let sbom: Value =
        serde_json::from_slice(&std::fs::read(dist.join(format!("{name}.cdx.json"))).expect("the SBOM is written"))
            .expect("the SBOM is JSON");
    assert_eq!(sbom["bomFormat"], "CycloneDX");
    assert_eq!(sbom["specVersion"], "1.5");
    assert_eq!(sbom["metadata"]["component"]["name"], "oscgen");
    assert_eq!(sbom["metadata"]["component"]["version"], env!("CARGO_PKG_VERSION"));

    // Every component is a locked package, named by its package URL.
    let lock: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo().join("Cargo.lock")).expect("Cargo.lock")).expect("TOML");
    let locked: BTreeSet<(String, String)> = lock["package"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (p["name"].as_str().unwrap_or_default().to_owned(), p["version"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let components = sbom["components"].as_array().expect("components");
    let mut names = BTreeSet::new();
    for c in components {
        let (n, v) = (c["name"].as_str().expect("name"), c["version"].as_str().expect("version"));
        assert!(locked.contains(&(n.to_owned(), v.to_owned())), "{n} {v} is not in Cargo.lock");
        assert_eq!(c["purl"], format!("pkg:cargo/{n}@{v}"));
        assert!(c["licenses"].as_array().is_some_and(|l| !l.is_empty()), "{n} has no license");
        names.insert(n);
    }
    // What the binary links, and nothing only tests, benches or proc macros use.
    for linked in ["serde", "serde-saphyr", "serde_yaml", "k8s-openapi", "clap", "minijinja", "flate2"] {
        assert!(names.contains(linked), "{linked} is linked into oscgen but not in the SBOM");
    }
    for unlinked in ["insta", "criterion", "proptest", "serde_derive", "syn", "oscgen-render"] {
        assert!(!names.contains(unlinked), "{unlinked} is not in the binary but is in the SBOM");
    }
}

/// A file of an OCI image layout, by digest (`sha256:…`).
fn blob(layout: &Path, digest: &str) -> Vec<u8> {
    let (alg, hex) = digest.split_once(':').expect("digest is alg:hex");
    std::fs::read(layout.join("blobs").join(alg).join(hex)).expect("the blob is in the layout")
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("JSON")
}

#[test]
fn the_function_image_runs_its_entrypoint_as_the_binary_does() {
    let Some(dist) = dist() else { return };
    let Some(podman) = tool("podman") else { return };
    let revision = git(&["rev-parse", "HEAD"]);
    let tag = format!("localhost/oscgen-test:{}", std::process::id());
    ok(Command::new(&podman)
        // No cache: buildah reuses a cached LABEL step whose build-arg changed.
        .args(["build", "--quiet", "--no-cache", "-f"])
        .arg(repo().join("Containerfile"))
        .args(["--build-arg", &format!("VERSION={}", env!("CARGO_PKG_VERSION"))])
        .args(["--build-arg", &format!("REVISION={revision}")])
        .args(["-t", &tag])
        .arg(dist.join("image")));
    let scratch = Scratch::new("image");
    let layout = scratch.path.join("oci");
    let saved =
        Command::new(&podman).args(["image", "save", "--format", "oci-dir", "-o"]).arg(&layout).arg(&tag).output();
    let _ = Command::new(&podman).args(["rmi", "--force", &tag]).output();
    let saved = saved.expect("podman starts");
    assert!(saved.status.success(), "podman image save: {}", String::from_utf8_lossy(&saved.stderr));

    let index = json(&std::fs::read(layout.join("index.json")).expect("index.json"));
    let manifest = json(&blob(&layout, index["manifests"][0]["digest"].as_str().expect("a manifest")));
    let layers = manifest["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 1, "one layer: the binary");
    let config = json(&blob(&layout, manifest["config"]["digest"].as_str().expect("a config")));
    let run = &config["config"];
    assert_eq!(run["User"], "65532:65532", "a numeric non-root user");
    assert_eq!(run["Entrypoint"], serde_json::json!(["/usr/local/bin/oscgen"]));
    assert!(run["Cmd"].is_null() || run["Cmd"] == serde_json::json!([]), "no arguments: {}", run["Cmd"]);
    let labels = &run["Labels"];
    assert_eq!(labels["org.opencontainers.image.version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(labels["org.opencontainers.image.revision"], revision.as_str());
    assert_eq!(labels["org.opencontainers.image.licenses"], env!("CARGO_PKG_LICENSE"));
    assert_eq!(labels["org.opencontainers.image.title"], "oscgen");

    // The layer holds the binary and the user database a runtime resolves `--user nobody`
    // (kustomize's and kpt's default) through; no shell, no libc.
    let rootfs = scratch.path.join("rootfs");
    std::fs::create_dir_all(&rootfs).expect("rootfs");
    let layer =
        layout.join("blobs/sha256").join(layers[0]["digest"].as_str().expect("digest").trim_start_matches("sha256:"));
    ok(Command::new("tar").arg("-xf").arg(&layer).arg("-C").arg(&rootfs));
    let files: Vec<String> = walkdir::WalkDir::new(&rootfs)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(&rootfs).expect("inside").display().to_string())
        .collect();
    let mut files = files;
    files.sort();
    assert_eq!(files, ["etc/group", "etc/passwd", "usr/local/bin/oscgen"]);
    let passwd = std::fs::read_to_string(rootfs.join("etc/passwd")).expect("passwd");
    for user in ["nobody:x:65534:65534:", "oscgen:x:65532:65532:"] {
        assert!(passwd.lines().any(|l| l.starts_with(user)), "{user} in /etc/passwd");
    }
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(rootfs.join("usr/local/bin/oscgen")).expect("binary").permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    // Start it as a runtime would: the entrypoint, then the command, with the image's env.
    let argv: Vec<String> = run["Entrypoint"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(run["Cmd"].as_array().into_iter().flatten())
        .map(|v| v.as_str().expect("argv is strings").to_owned())
        .collect();
    let env: Vec<(String, String)> = run["Env"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e.as_str()?.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let program = rootfs.join(argv[0].trim_start_matches('/'));
    let input = guide_resource_list();
    let from_image = run_with_stdin(&program, &argv[1..], &env, &input);
    let from_binary = run_with_stdin(&dist.join(artifact_name()), &["fn".to_owned()], &[], &input);
    assert!(from_image.status.success(), "{}", String::from_utf8_lossy(&from_image.stderr));
    assert!(text(&from_image).contains("kind: Subscription"), "{}", text(&from_image));
    assert_eq!(text(&from_image), text(&from_binary));
    assert_eq!(from_image.stderr, from_binary.stderr);

    orchestrators_run_the_image(&scratch.path, &rootfs, &argv, &env);
}

/// kustomize 4.5.4 builds examples/kustomize-container, and kpt renders examples/kpt-image,
/// through `docker run`; a stand-in for docker starts the unpacked image the way docker would,
/// refusing what docker refuses (a `--user` the image's /etc/passwd does not name, arguments it
/// would not pass, another image), so each build proves the tool's call reaches the image's
/// entrypoint intact, and builds what the exec examples build.
fn orchestrators_run_the_image(scratch: &Path, rootfs: &Path, argv: &[String], env: &[(String, String)]) {
    let bin = scratch.join("docker-bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let log = scratch.join("docker.log");
    let image_env: Vec<String> = env.iter().map(|(k, v)| format!("'{k}={v}'")).collect();
    let script = format!(
        r#"#!/bin/sh
set -eu
echo "$*" >>'{log}'
case $1 in
  version) echo 24.0.0; exit 0 ;;
  run) shift ;;
  *) echo "docker stand-in: only version and run" >&2; exit 2 ;;
esac
user=root
while [ $# -gt 0 ]; do
  case $1 in
    --user) user=$2; shift 2 ;;
    --network|-a|-e|--mount|--pull) shift 2 ;;
    --rm|-i|--security-opt=*) shift ;;
    -*) echo "docker stand-in: unexpected $1" >&2; exit 2 ;;
    *) image=$1; shift; break ;;
  esac
done
[ "$image" = 'localhost/oscgen:{version}' ] || {{ echo "docker stand-in: no image $image" >&2; exit 125; }}
[ $# -eq 0 ] || {{ echo "docker stand-in: arguments after the image: $*" >&2; exit 2; }}
grep -q "^$user:" '{root}/etc/passwd' || {{ echo "docker: unable to find user $user: no matching entries in passwd file" >&2; exit 125; }}
exec env -i {env} '{root}/{entry}'{args}
"#,
        log = log.display(),
        version = env!("CARGO_PKG_VERSION"),
        root = rootfs.display(),
        env = image_env.join(" "),
        entry = argv[0].trim_start_matches('/'),
        args = argv[1..].iter().map(|a| format!(" '{a}'")).collect::<String>(),
    );
    let docker = bin.join("docker");
    std::fs::write(&docker, script).expect("stand-in written");
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&docker, std::fs::Permissions::from_mode(0o755)).expect("executable");
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    if let Some(kustomize) = tool("kustomize") {
        kustomize_builds(&kustomize, &path, &log);
    }
    if let Some(kpt) = tool("kpt") {
        kpt_renders(&kpt, &path, &log, scratch);
    }
}

fn kustomize_builds(kustomize: &Path, path: &str, log: &Path) {
    let built = ok(Command::new(kustomize)
        .args(["build", "--enable-alpha-plugins"])
        .arg(repo().join("examples/kustomize-container"))
        .env("PATH", path));
    let calls = std::fs::read_to_string(log).expect("kustomize called docker");
    assert!(calls.contains("--user nobody") && calls.contains("--network none"), "{calls}");
    // The same objects as the exec example builds.
    let exec = ok(Command::new(kustomize)
        .args(["build", "--enable-alpha-plugins", "--enable-exec"])
        .arg(repo().join("examples/kustomize/operator/overlays/preview-1.1"))
        .env("PATH", common::path_env()));
    assert!(text(&built).contains("kind: Subscription"), "{}", text(&built));
    assert_eq!(common::objects(&built.stdout), common::objects(&exec.stdout));
}

fn kpt_renders(kpt: &Path, path: &str, log: &Path, scratch: &Path) {
    let render = |example: &str, extra: &[&str], path: &str| {
        let package = scratch.join(example);
        common::copy_tree(&repo().join("examples").join(example), &package);
        let out = ok(Command::new(kpt)
            .args(["fn", "render"])
            .arg(&package)
            .args(extra)
            .args(["-o", "unwrap"])
            .env("PATH", path));
        common::generated(common::objects(&out.stdout))
    };
    std::fs::write(log, "").expect("the docker log is emptied");
    let from_image = render("kpt-image", &[], path);
    let calls = std::fs::read_to_string(log).expect("kpt called docker");
    assert_eq!(calls.lines().filter(|l| l.starts_with("run ") && l.contains("--user nobody")).count(), 2, "{calls}");
    assert!(from_image.iter().any(|o| o["kind"] == "KataConfig"), "{from_image:?}");
    assert_eq!(from_image, render("kpt", &["--allow-exec"], &common::path_env()));
}

#[test]
fn copy_binary_installs_a_runnable_copy() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("copy-binary");
    // What the init container does: the image's binary copies itself into a shared volume.
    let volume = scratch.path.join("custom-tools");
    std::fs::create_dir(&volume).expect("volume");
    ok(Command::new(dist.join(artifact_name())).args(["copy-binary"]).arg(&volume));
    let copied = volume.join("oscgen");
    assert_eq!(std::fs::read(&copied).expect("copied"), std::fs::read(dist.join(artifact_name())).expect("binary"));
    let entries: Vec<_> =
        std::fs::read_dir(&volume).expect("volume").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(entries, ["oscgen"], "nothing staged is left behind");
    // The repo server runs it from there as a kustomize exec plugin.
    let out = run_with_stdin(&copied, &[], &[], &guide_resource_list());
    assert!(
        out.status.success() && text(&out).contains("kind: Subscription"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let missing = Command::new(&copied).args(["copy-binary"]).arg(scratch.path.join("absent")).output().expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("not a directory"));
}
