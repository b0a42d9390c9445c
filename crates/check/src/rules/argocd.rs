//! Argo CD settings that make kustomize skip oscgen. kustomize runs an exec KRM function only
//! with both `--enable-alpha-plugins` and `--enable-exec`; with the first alone it leaves the
//! generator out and exits 0 (kubernetes-sigs/kustomize `api/krusty` plugin configuration, as
//! kustomize 4.5.4 behaves). Argo CD appends its `kustomize.buildOptions` to every
//! `kustomize build` (argoproj/argo-cd `util/kustomize/kustomize.go`), and RHACM's documented
//! Argo CD setup for its PolicyGenerator passes only `--enable-alpha-plugins`
//! (stolostron/rhacm-docs `gitops/gitops_manage_policy_def.adoc`). An Application that prunes
//! then deletes everything oscgen generated, the KataConfig included.

use super::{Out, Scope};
use crate::source::Obj;
use crate::{CheckKind as K, FieldPath};

/// Whether `options` (kustomize flags split on whitespace, as Argo CD splits them) turn
/// alpha plugins on but leave exec functions off.
fn skips_exec(options: &str) -> bool {
    // The last occurrence of a flag wins, as with kustomize's flag parser.
    let on = |flag: &str| {
        options
            .split_whitespace()
            .filter_map(|f| f.strip_prefix(flag))
            .fold(false, |_, rest| matches!(rest, "" | "=true" | "=1"))
    };
    on("--enable-alpha-plugins") && !on("--enable-exec")
}

/// The build-option settings of an Argo CD object: `argocd-cm`'s `kustomize.buildOptions`
/// (and its per-version `kustomize.buildOptions.<version>`), or the OpenShift GitOps `ArgoCD`
/// resource's `spec.kustomizeBuildOptions`, each with its path and text.
fn build_options(obj: &Obj) -> Vec<(FieldPath, String)> {
    let kind = obj.str("/kind").unwrap_or_default();
    let api_version = obj.str("/apiVersion").unwrap_or_default();
    let mut out = Vec::new();
    if kind == "ConfigMap" && api_version == "v1" && obj.str("/metadata/name") == Some("argocd-cm") {
        for (key, value) in obj.value.get("data").and_then(|d| d.as_object()).into_iter().flatten() {
            let setting = key == "kustomize.buildOptions" || key.starts_with("kustomize.buildOptions.");
            if let (true, Some(text)) = (setting, value.as_str()) {
                out.push((FieldPath::root().key("data").key(key.clone()), text.to_owned()));
            }
        }
    }
    if kind == "ArgoCD"
        && api_version.starts_with("argoproj.io/")
        && let Some(text) = obj.str("/spec/kustomizeBuildOptions")
    {
        out.push((FieldPath::parse("spec.kustomizeBuildOptions"), text.to_owned()));
    }
    out
}

/// Over every object checked (all builds and files together): when any of them came from an
/// oscgen config, each Argo CD setting that skips exec functions is an error.
pub(crate) fn exec_enabled(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    // Objects an oscgen config rendered are the only ones neither written in a file nor made
    // by a kustomize generator.
    let uses_oscgen = build.objects.iter().any(|o| !o.written && !o.synthetic);
    if !uses_oscgen {
        return;
    }
    for obj in build.objects.iter().filter(|o| o.written) {
        for (path, options) in build_options(obj) {
            if skips_exec(&options) {
                let setting = format!("{} {path}", obj.str("/kind").unwrap_or_default());
                out.push(obj, path, K::ExecNotEnabled { setting });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::skips_exec;

    #[test]
    fn flags() {
        let cases = [
            ("--enable-alpha-plugins", true),
            ("--enable-alpha-plugins --enable-exec", false),
            ("  --enable-exec\n--enable-alpha-plugins ", false),
            ("--enable-alpha-plugins --enable-exec=false", true),
            ("--enable-alpha-plugins=true --load-restrictor LoadRestrictionsNone", true),
            ("--enable-alpha-plugins=false", false),
            ("--load-restrictor LoadRestrictionsNone", false),
            ("", false),
        ];
        for (options, expected) in cases {
            assert_eq!(skips_exec(options), expected, "{options:?}");
        }
    }
}
