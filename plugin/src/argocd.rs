//! `oscgen argocd-plugin`: the `generate` command of the Argo CD Config Management Plugin
//! (examples/argocd/cmp-plugin.yaml). The plugin server runs it without a shell (the function
//! image has none), in the Application's directory, with the Application's plugin parameters
//! in the environment prefixed `ARGOCD_ENV_` (argo-cd `cmpserver/plugin/plugin.go` at v2.13:
//! `environ` adds the prefix and `runCommand` execs `command` + `args` directly).
//!
//! It renders one cluster: the operator's Namespace, OperatorGroup and Subscription and the
//! KataConfig, with Argo CD sync waves. The values become typed config fields, never text
//! pasted into YAML or a shell, so no value can inject anything; a value oscgen refuses stops
//! the build with nothing on stdout (an empty manifest with pruning on would delete the
//! KataConfig).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_render::Config;
use oscgen_render::api::oscgen::v1alpha1::{
    GitOps, GitOpsEngine, KataRuntime, LabelValue, OperatorSpec, PoolSelector, RuntimeSpec, SandboxedContainersOperator,
};

use crate::emit;
use crate::error::CliError;

/// The plugin parameters, as the Application names them (`plugin.env[].name`).
pub const CHANNEL: &str = "OSC_CHANNEL";
/// OpenShift version of the cluster, `4.<minor>`; empty means not known.
pub const OPENSHIFT_VERSION: &str = "OSC_OPENSHIFT_VERSION";
/// The label that selects the kata nodes, `KEY=VALUE`.
pub const NODE_LABEL: &str = "OSC_NODE_LABEL";
/// Argo CD's prefix for plugin parameters.
pub const PREFIX: &str = "ARGOCD_ENV_";

/// The values of one Application, read from the environment; an empty value takes the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameters {
    /// `stable` unless given.
    pub channel: String,
    /// `None` unless given.
    pub openshift_version: Option<String>,
    /// `kata` = `true` unless given.
    pub node_label: (String, String),
}

impl Parameters {
    /// Reads the parameters through `var` (the process environment, or a table in tests).
    pub fn read(var: impl Fn(&str) -> Option<String>) -> Result<Self, CliError> {
        let get = |name: &str| var(&format!("{PREFIX}{name}")).filter(|v| !v.trim().is_empty());
        let node_label = match get(NODE_LABEL) {
            None => ("kata".to_owned(), "true".to_owned()),
            Some(text) => match text.split_once('=') {
                Some((key, value)) if !key.is_empty() => (key.to_owned(), value.to_owned()),
                _ => {
                    return Err(CliError::Input(format!(
                        "{PREFIX}{NODE_LABEL} = {text:?}: expected KEY=VALUE, the label of the nodes that run kata (e.g. kata=true); set the Application's plugin env {NODE_LABEL}"
                    )));
                }
            },
        };
        Ok(Parameters {
            channel: get(CHANNEL).unwrap_or_else(|| "stable".to_owned()),
            openshift_version: get(OPENSHIFT_VERSION),
            node_label,
        })
    }

    /// The two configs these values describe.
    pub fn configs(&self) -> Vec<Config> {
        let gitops = Some(GitOps { engine: GitOpsEngine::ArgoCd });
        let named = |name: &str| ObjectMeta { name: Some(name.to_owned()), ..Default::default() };
        let (key, value) = &self.node_label;
        vec![
            Config::Operator(SandboxedContainersOperator {
                metadata: named("sandboxed-containers-operator"),
                spec: OperatorSpec {
                    channel: Some(self.channel.clone()),
                    openshift_version: self.openshift_version.clone(),
                    gitops: gitops.clone(),
                    ..Default::default()
                },
            }),
            Config::Runtime(KataRuntime {
                metadata: named("cluster-kataconfig"),
                spec: RuntimeSpec {
                    channel: Some(self.channel.clone()),
                    openshift_version: self.openshift_version.clone(),
                    pool_selector: Some(PoolSelector {
                        match_labels: BTreeMap::from([(key.clone(), LabelValue::String(value.clone()))]),
                        ..Default::default()
                    }),
                    gitops,
                    ..Default::default()
                },
            }),
        ]
    }
}

/// Runs `oscgen argocd-plugin`: renders from the process environment onto stdout.
pub fn run() -> Result<(), CliError> {
    let app = std::env::var("ARGOCD_APP_NAME").unwrap_or_else(|_| "the Application".to_owned());
    let params = Parameters::read(|name| std::env::var(name).ok()).map_err(|e| match e {
        CliError::Input(message) => CliError::Input(format!("{app}: {message}")),
        other => other,
    })?;
    let rendered = oscgen_render::render(&params.configs()).map_err(|e| match e {
        oscgen_render::Error::Invalid(mut report) => {
            report.in_file(&format!("{app} (plugin env {PREFIX}OSC_*)"));
            CliError::Invalid(report)
        }
        other => CliError::Render(other),
    })?;
    for notice in rendered.warnings.notices() {
        eprintln!("{app}: {notice}");
    }
    emit(&rendered.to_yaml().map_err(CliError::Render)?)
}
