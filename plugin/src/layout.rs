//! The GitOps layout `oscgen init` writes, as (relative path, contents) pairs.
//!
//! The guide's repo has `operator/{base,overlays/<channel>}` and
//! `instance/{base,overlays/default}`. A kustomize overlay cannot patch the config of a
//! generator in its base, so each directory carries its own small config: `base` holds the
//! defaults (the default channel's head, worker pool), an overlay pins what it is named after.
//! With `--openshift` every config targets that OpenShift version, so the channels resolve
//! against its catalog. With `--static` every directory holds the rendered objects instead,
//! for repos whose Argo CD or Flux cannot run exec plugins. With `--schema` every config
//! starts with a `yaml-language-server` line naming the configs' JSON Schema, so editors
//! complete fields and flag typos.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_render::api::oscgen::v1alpha1::{
    KataRuntime, OperatorSpec, PoolSelector, RuntimeSpec, SandboxedContainersOperator,
};
use oscgen_render::catalog::{self, OpenShift, OpenShiftTarget, Request, Resolution};
use oscgen_render::{Config, FieldPath, Object, Report, yaml};

use crate::error::CliError;

/// What to lay out.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Channel of the operator overlay.
    pub channel: String,
    /// Node label (key, value) the `default` instance overlay selects.
    pub node_label: (String, String),
    /// Rendered objects instead of generator configs.
    pub static_files: bool,
    /// The cluster's OpenShift version, written into every config.
    pub openshift: Option<OpenShift>,
    /// The configs' JSON Schema for editors: a URL, or a path relative to the layout's root.
    pub schema: Option<String>,
    /// The CatalogSource the Subscription uses instead of `redhat-operators` (a mirrored
    /// catalog's, e.g. `cs-redhat-operator-index-v4-20`).
    pub source: Option<String>,
}

/// One file of the layout.
pub type File = (String, String);

const FUNCTION: &str = "exec:\n  path: oscgen\n";

fn operator_config(channel: &str, openshift: Option<OpenShift>, source: Option<&str>) -> Config {
    Config::Operator(SandboxedContainersOperator {
        metadata: meta("sandboxed-containers-operator"),
        spec: OperatorSpec {
            channel: Some(channel.to_owned()),
            openshift_version: openshift.map(|v| v.to_string()),
            source: source.map(str::to_owned),
            ..Default::default()
        },
    })
}

fn runtime_config(release: &str, openshift: Option<OpenShift>, node_label: Option<&(String, String)>) -> Config {
    Config::Runtime(KataRuntime {
        metadata: meta(oscgen_render::runtime::DEFAULT_NAME),
        spec: RuntimeSpec {
            name: Some(oscgen_render::runtime::DEFAULT_NAME.to_owned()),
            release: Some(release.to_owned()),
            openshift_version: openshift.map(|v| v.to_string()),
            pool_selector: node_label.map(|(k, v)| PoolSelector {
                match_labels: [(k.clone(), v.as_str().into())].into(),
                ..Default::default()
            }),
            ..Default::default()
        },
    })
}

fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        annotations: Some([("config.kubernetes.io/function".to_owned(), FUNCTION.to_owned())].into()),
        ..Default::default()
    }
}

/// What a channel (or, with none, the default) resolves to for the plan's OpenShift version,
/// or why it cannot, as a usage error.
fn resolve(channel: Option<&str>, openshift: Option<OpenShift>) -> Result<Resolution, CliError> {
    let target = openshift.map_or(OpenShiftTarget::Any, OpenShiftTarget::OpenShift);
    let mut report = Report::default();
    let request = Request { channel, release: None, target, default: true };
    let found = catalog::resolve(request, &FieldPath::root(), &mut report);
    match (found, report.has_errors()) {
        (Some(resolution), false) => Ok(resolution),
        _ => {
            let errors: Vec<String> = report.entries.iter().map(|d| d.message.clone()).collect();
            let flag = if channel.is_some() { "--channel" } else { "--openshift" };
            Err(CliError::Usage(format!("{flag}: {}", errors.join("; "))))
        }
    }
}

/// The `yaml-language-server` line for a config at `file` (relative to the layout's root).
fn schema_line(schema: &str, file: &str) -> String {
    let target = if schema.contains("://") {
        schema.to_owned()
    } else {
        let depth = file.matches('/').count();
        format!("{}{schema}", "../".repeat(depth))
    };
    format!("# yaml-language-server: $schema={target}\n")
}

/// Every file of the layout, sorted by path.
pub fn files(plan: &Plan) -> Result<Vec<File>, CliError> {
    let overlay = resolve(Some(&plan.channel), plan.openshift)?;
    let (key, value) = &plan.node_label;
    if let Some(why) = oscgen_render::rules::label_key(key).or_else(|| oscgen_render::rules::label_value(value)) {
        return Err(CliError::Usage(format!("invalid --node-label {key}={value}: {why}")));
    }
    // The base follows the default channel: the catalog's (stable) or, before the catalogs,
    // the channel of the newest release documented for the OpenShift version.
    let base = resolve(None, plan.openshift)?;
    let newest = match plan.openshift {
        Some(v) => format!("the newest channel for OpenShift {v}"),
        None => "the newest channel".to_owned(),
    };
    let dirs = [
        (
            "operator/base",
            "operator.yaml",
            operator_config(base.channel, plan.openshift, plan.source.as_deref()),
            format!("the operator on {newest}"),
        ),
        (
            &*format!("operator/overlays/{}", plan.channel),
            "operator.yaml",
            operator_config(&plan.channel, plan.openshift, plan.source.as_deref()),
            "the operator pinned to this channel".to_owned(),
        ),
        (
            "instance/base",
            "kata-runtime.yaml",
            runtime_config(base.release.version, plan.openshift, None),
            "Kata on the worker pool".to_owned(),
        ),
        (
            "instance/overlays/default",
            "kata-runtime.yaml",
            runtime_config(overlay.release.version, plan.openshift, Some(&plan.node_label)),
            "Kata on the nodes labelled for it".to_owned(),
        ),
    ]
    .map(|(dir, file, config, what)| (dir.to_owned(), file, config, what));

    let mut out = Vec::new();
    for (dir, file, config, what) in dirs {
        if plan.static_files {
            let rendered = oscgen_render::render(std::slice::from_ref(&config)).map_err(CliError::Render)?;
            let mut names = Vec::new();
            for object in &rendered.objects {
                let name = format!("{}.yaml", object_file_stem(object));
                let text = yaml::to_string(object).map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))?;
                out.push((format!("{dir}/{name}"), format!("{}{text}", static_header())));
                names.push(name);
            }
            out.push((format!("{dir}/kustomization.yaml"), kustomization(&what, "resources", &names, false)));
        } else {
            let value = match &config {
                Config::Operator(c) => yaml::to_string(c),
                Config::Runtime(c) => yaml::to_string(c),
                Config::Policy(c) => yaml::to_string(c),
                Config::Coco(c) => yaml::to_string(c),
            }
            .map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))?;
            let path = format!("{dir}/{file}");
            let modeline = plan.schema.as_deref().map(|s| schema_line(s, &path)).unwrap_or_default();
            out.push((path, format!("{modeline}# oscgen generator config: {what}.\n{value}")));
            out.push((
                format!("{dir}/kustomization.yaml"),
                kustomization(&what, "generators", &[file.to_owned()], true),
            ));
        }
    }
    out.sort();
    Ok(out)
}

fn object_file_stem(object: &Object) -> String {
    object.kind().to_ascii_lowercase()
}

fn static_header() -> String {
    "# Rendered by `oscgen init --static`; regenerate rather than edit.\n".to_owned()
}

fn kustomization(what: &str, field: &str, entries: &[String], exec: bool) -> String {
    let mut chars = what.chars();
    let first = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    let mut text = format!("# {first}{}.\n", chars.as_str());
    if exec {
        text.push_str("# Build: kustomize build --enable-alpha-plugins --enable-exec <this directory>\n");
    }
    text.push_str("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    text.push_str(&format!("{field}:\n"));
    for entry in entries {
        text.push_str(&format!("- {entry}\n"));
    }
    text
}
