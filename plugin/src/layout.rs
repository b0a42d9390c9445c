//! The GitOps layout `oscgen init` writes, as (relative path, contents) pairs.
//!
//! The guide's repo has `operator/{base,overlays/<channel>}` and
//! `instance/{base,overlays/default}`. A kustomize overlay cannot patch the config of a
//! generator in its base, so each directory carries its own small config: `base` holds the
//! defaults (newest release, worker pool), an overlay pins what it is named after. With
//! `--static` every directory holds the rendered objects instead, for repos whose Argo CD or
//! Flux cannot run exec plugins.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_render::api::oscgen::v1alpha1::{
    KataRuntime, OperatorSpec, PoolSelector, RuntimeSpec, SandboxedContainersOperator,
};
use oscgen_render::{Config, Object, catalog, yaml};

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
}

/// One file of the layout.
pub type File = (String, String);

const FUNCTION: &str = "exec:\n  path: oscgen\n";

fn operator_config(channel: &str) -> Config {
    Config::Operator(SandboxedContainersOperator {
        metadata: meta("sandboxed-containers-operator"),
        spec: OperatorSpec { channel: Some(channel.to_owned()), ..Default::default() },
    })
}

fn runtime_config(release: &str, node_label: Option<&(String, String)>) -> Config {
    Config::Runtime(KataRuntime {
        metadata: meta(oscgen_render::runtime::DEFAULT_NAME),
        spec: RuntimeSpec {
            name: Some(oscgen_render::runtime::DEFAULT_NAME.to_owned()),
            release: Some(release.to_owned()),
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

/// Every file of the layout, sorted by path.
pub fn files(plan: &Plan) -> Result<Vec<File>, CliError> {
    let release = catalog::by_channel(&plan.channel).ok_or_else(|| {
        CliError::Usage(format!(
            "unknown channel `{}`; known channels: {}",
            plan.channel,
            catalog::channels().join(", ")
        ))
    })?;
    let (key, value) = &plan.node_label;
    if let Some(why) = oscgen_render::rules::label_key(key).or_else(|| oscgen_render::rules::label_value(value)) {
        return Err(CliError::Usage(format!("invalid --node-label {key}={value}: {why}")));
    }
    let stable = catalog::newest();
    let dirs = [
        ("operator/base", "operator.yaml", operator_config(stable.channel), "the operator on the newest channel"),
        (
            &*format!("operator/overlays/{}", plan.channel),
            "operator.yaml",
            operator_config(&plan.channel),
            "the operator pinned to this channel",
        ),
        ("instance/base", "kata-runtime.yaml", runtime_config(stable.version, None), "Kata on the worker pool"),
        (
            "instance/overlays/default",
            "kata-runtime.yaml",
            runtime_config(release.version, Some(&plan.node_label)),
            "Kata on the nodes labelled for it",
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
            out.push((format!("{dir}/kustomization.yaml"), kustomization(what, "resources", &names, false)));
        } else {
            let value = match &config {
                Config::Operator(c) => yaml::to_string(c),
                Config::Runtime(c) => yaml::to_string(c),
            }
            .map_err(|e| CliError::Render(oscgen_render::Error::Yaml(e)))?;
            out.push((format!("{dir}/{file}"), format!("# oscgen generator config: {what}.\n{value}")));
            out.push((
                format!("{dir}/kustomization.yaml"),
                kustomization(what, "generators", &[file.to_owned()], true),
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
