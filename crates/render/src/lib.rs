//! Validated OpenShift sandboxed containers configs, rendered to the manifests that install it.
//!
//! Two small specs mirror the two overlays of a GitOps repo:
//! [`OperatorSpec`] (Namespace, OperatorGroup, Subscription) and [`RuntimeSpec`] (the
//! KataConfig, the ConfigMaps `peer-pods-cm` and `osc-feature-gates` the operator reads
//! ([`peerpods`], [`feature_gates`]), and, on request, the MachineConfigPool, MachineConfigs,
//! RuntimeClasses and ContainerRuntimeConfig its operator release creates). Every value is checked first; all
//! problems come back together in one [`Report`], each with the field path and how to fix it.
//! Output is deterministic multi-document YAML in apply order. The `schema-check` feature adds
//! module `schema`, which checks any object against the upstream schema of its kind; with
//! `self-check`, every object generated is checked that way for the targeted release and
//! OpenShift version before it is returned.
//!
//! ```
//! use oscgen_render::{render, Config, OperatorSpec};
//! use oscgen_render::api::oscgen::v1alpha1::SandboxedContainersOperator;
//!
//! let mut config = SandboxedContainersOperator::default();
//! config.metadata.name = Some("sandboxed-containers-operator".into());
//! config.spec = OperatorSpec { channel: Some("preview-1.1".into()), ..Default::default() };
//! let rendered = render(&[Config::Operator(config)])?;
//! let yaml = rendered.to_yaml()?;
//! assert!(yaml.contains("startingCSV: sandboxed-containers-operator.v1.1.0"));
//!
//! // A label value YAML reads as a boolean is reported, with its path and the fix.
//! let bad = oscgen_render::config::from_yaml(
//!     "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: k}\n\
//!      spec: {poolSelector: {matchLabels: {kata: true}}}\n",
//! )?;
//! let err = render(&bad).unwrap_err().to_string();
//! assert!(err.contains("spec.poolSelector.matchLabels.kata"), "{err}");
//! assert!(err.contains("quote it"), "{err}");
//! # Ok::<(), oscgen_render::Error>(())
//! ```

pub mod acm;
pub mod catalog;
pub mod cluster;
pub mod config;
pub mod crio;
pub mod dataurl;
mod diagnostics;
pub mod drift;
mod error;
pub mod feature_gates;
pub mod fleet;
pub mod gitops;
pub mod mirror;
pub mod object;
pub mod operator;
pub mod peerpods;
pub mod rules;
pub mod runtime;
#[cfg(feature = "schema-check")]
pub mod schema;
pub mod upgrade;
pub mod yaml;

pub use config::Config;
pub use diagnostics::{Diagnostic, DiagnosticKind, FieldPath, ObjectRef, Origin, Report, Segment, Severity};
pub use error::Error;
pub use object::Object;
pub use oscgen_api as api;
pub use oscgen_api::oscgen::v1alpha1::{OperatorSpec, PolicySpec, RuntimeSpec};

/// What a render produced: the objects in apply order, and any warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    /// The objects, in apply order.
    pub objects: Vec<Object>,
    /// Problems that did not stop rendering.
    pub warnings: Report,
}

impl Rendered {
    /// Multi-document YAML, `---` between documents.
    pub fn to_yaml(&self) -> Result<String, Error> {
        yaml::to_stream(&self.objects).map_err(Error::Yaml)
    }

    /// A `v1` `List` of the objects, as pretty JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        let list = serde_json::json!({ "apiVersion": "v1", "kind": "List", "items": self.objects });
        let mut text = serde_json::to_string_pretty(&list).map_err(Error::Json)?;
        text.push('\n');
        Ok(text)
    }
}

/// Renders the operator subscription for one spec.
pub fn render_operator(spec: &OperatorSpec) -> Result<Rendered, Error> {
    let mut report = Report::default();
    match operator::objects(spec, &mut report) {
        Some(mut objects) if !report.has_errors() => {
            gitops::annotate(&mut objects, spec.gitops.as_ref());
            // OLM's CRDs do not depend on the operator release or the OpenShift version.
            #[cfg(feature = "self-check")]
            schema::validate_objects_against(&objects, schema::Schemas::default())?;
            Ok(Rendered { objects, warnings: report })
        }
        _ => Err(Error::Invalid(report)),
    }
}

/// Renders the KataConfig (and node objects, if asked) for one spec.
pub fn render_runtime(spec: &RuntimeSpec) -> Result<Rendered, Error> {
    let mut report = Report::default();
    match runtime::resolve(spec, &mut report) {
        Some(resolved) if !report.has_errors() => {
            let mut objects = runtime::objects(spec, &resolved)?;
            gitops::annotate(&mut objects, spec.gitops.as_ref());
            #[cfg(feature = "self-check")]
            schema::validate_objects(&objects, resolved.release, resolved.openshift)?;
            Ok(Rendered { objects, warnings: report })
        }
        _ => Err(Error::Invalid(report)),
    }
}

/// Renders the hub objects of an RHACM policy config (see [`acm`]).
pub fn render_policy(config: &api::oscgen::v1alpha1::SandboxedContainersPolicy) -> Result<Rendered, Error> {
    let mut report = Report::default();
    match acm::objects(config, &mut report)? {
        Some(objects) if !report.has_errors() => {
            #[cfg(feature = "self-check")]
            schema::validate_policy_objects(&objects)?;
            Ok(Rendered { objects, warnings: report })
        }
        _ => Err(Error::Invalid(report)),
    }
}

/// Renders several configs into one set: checks each, then the rules that span configs (one
/// KataConfig per cluster, no object generated twice), then sorts into apply order.
pub fn render(configs: &[Config]) -> Result<Rendered, Error> {
    let mut report = Report::default();
    let mut objects: Vec<(Object, ObjectRef)> = Vec::new();
    let mut first_kata: Option<String> = None;
    for config in configs {
        let reference = config.reference();
        let result = match config {
            Config::Operator(c) => render_operator(&c.spec),
            Config::Runtime(c) => render_runtime(&c.spec),
            Config::Policy(c) => render_policy(c),
        };
        let mut this = match result {
            Ok(rendered) => {
                objects.extend(rendered.objects.into_iter().map(|o| (o, reference.clone())));
                rendered.warnings
            }
            Err(Error::Invalid(r)) => r,
            Err(other) => return Err(other),
        };
        if let Config::Runtime(c) = config {
            let name = c.spec.name.clone().unwrap_or_else(|| runtime::DEFAULT_NAME.to_owned());
            match &first_kata {
                Some(first) => this.error(
                    FieldPath::parse("metadata.name"),
                    DiagnosticKind::SecondKataConfig { name, first: first.clone() },
                ),
                None => first_kata = Some(name),
            }
        }
        if configs.len() > 1 {
            this.attribute(&reference);
        }
        report.extend(this);
    }
    for (i, (object, from)) in objects.iter().enumerate() {
        let earlier = objects[..i].iter().find(|(o, _)| {
            (o.api_version(), o.namespace(), o.name()) == (object.api_version(), object.namespace(), object.name())
                && o.kind() == object.kind()
        });
        if let Some((_, other)) = earlier {
            let mut dup = Report::default();
            dup.error(
                FieldPath::root(),
                DiagnosticKind::DuplicateObject {
                    object: object.reference(),
                    other: format!("{}/{}", other.kind, other.name),
                },
            );
            dup.attribute(from);
            report.extend(dup);
        }
    }
    if report.has_errors() {
        return Err(Error::Invalid(report));
    }
    let mut objects: Vec<Object> = objects.into_iter().map(|(o, _)| o).collect();
    object::sort(&mut objects);
    Ok(Rendered { objects, warnings: report })
}

/// A CRI-O drop-in a runtime spec implies, for review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrioDropIn {
    /// The handler (table) name.
    pub handler: String,
    /// Where it lives on the node.
    pub path: String,
    /// The file's text.
    pub text: String,
    /// Whether oscgen's MachineConfig carries it (a custom handler) or the kata-containers RPM
    /// owns it (`kata`), in which case it is shown for review and never written.
    pub carried: bool,
}

/// The CRI-O drop-in `spec` implies.
pub fn crio_dropin(spec: &RuntimeSpec) -> Result<CrioDropIn, Error> {
    let mut report = Report::default();
    let resolved = runtime::resolve(spec, &mut report).ok_or(Error::Invalid(report))?;
    Ok(CrioDropIn {
        text: crio::render(&resolved.handler_name, &resolved.handler)?,
        path: crio::drop_in_path(&resolved.handler_name),
        carried: resolved.custom_handler(),
        handler: resolved.handler_name,
    })
}

/// The README's Rust example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
