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
pub mod coco;
pub mod config;
pub mod crio;
pub mod dataurl;
pub mod diagnostics;
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

use catalog::file::FileCatalog;
pub use config::Config;
pub use diagnostics::{
    Code, Diagnostic, DiagnosticKind, FieldPath, Finding, ObjectRef, Origin, Report, Rule, Segment, Severity,
};
pub use error::Error;
pub use object::Object;
pub use oscgen_api as api;
pub use oscgen_api::oscgen::v1alpha1::{OperatorSpec, PolicySpec, RuntimeSpec};
pub use oscgen_yaml as yaml;

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
    render_operator_in(spec, None)
}

fn render_operator_in(spec: &OperatorSpec, given: Option<&FileCatalog>) -> Result<Rendered, Error> {
    let mut report = Report::default();
    match operator::objects_in(spec, given, &mut report) {
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
    render_runtime_in(spec, None)
}

fn render_runtime_in(spec: &RuntimeSpec, given: Option<&FileCatalog>) -> Result<Rendered, Error> {
    let mut report = Report::default();
    match runtime::resolve_in(spec, given, &mut report) {
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

/// Renders a ConfidentialContainers config (see [`coco::trustee`]). Its initdata is reported
/// as notes (the value, where it goes, the digest); [`render`] also writes it into the
/// `peer-pods-cm` of a KataRuntime rendered with it.
pub fn render_coco(config: &api::oscgen::v1alpha1::ConfidentialContainers) -> Result<Rendered, Error> {
    render_coco_full(config).map(|(rendered, _)| rendered)
}

/// [`render_coco`], and the encoded initdata apart, for a caller that writes it into a
/// `peer-pods-cm` it holds (the KRM function, given the items of a kustomize or kpt build).
pub fn render_coco_full(
    config: &api::oscgen::v1alpha1::ConfidentialContainers,
) -> Result<(Rendered, Option<coco::trustee::InitdataOut>), Error> {
    let mut report = Report::default();
    match coco::trustee::render(config, &mut report) {
        Some(mut out) if !report.has_errors() => {
            object::sort(&mut out.objects);
            #[cfg(feature = "self-check")]
            coco_self_check(config, &out.objects)?;
            if let Some(initdata) = &out.initdata {
                let at = FieldPath::parse("spec.initdata");
                let target = match initdata.deployment {
                    api::oscgen::v1alpha1::CocoDeployment::PeerPods => format!(
                        "peer pods, key INITDATA of ConfigMap peer-pods-cm (written there when a KataRuntime with peerPods is rendered with this config), or one pod's annotation {}",
                        initdata.annotation
                    ),
                    api::oscgen::v1alpha1::CocoDeployment::BareMetal => {
                        format!("bare metal, the pod annotation {}", initdata.annotation)
                    }
                };
                report.add(at.clone(), DiagnosticKind::InitdataValue { target, value: initdata.encoded.value.clone() });
                report.add(at.clone(), DiagnosticKind::InitdataDigest { digest: initdata.encoded.digest.to_string() });
                if initdata.deployment == api::oscgen::v1alpha1::CocoDeployment::PeerPods
                    && let Some(pcr8) = coco::trustee::azure_pcr8(&initdata.encoded.digest)
                {
                    report.add(at, DiagnosticKind::AzurePcr8 { pcr8 });
                }
            }
            Ok((Rendered { objects: out.objects, warnings: report }, out.initdata))
        }
        _ => Err(Error::Invalid(report)),
    }
}

/// Checks the objects of a ConfidentialContainers config against the CRDs of its Trustee line
/// (Route and Certificate have no embedded schema and are checked by the tests' shapes only).
#[cfg(feature = "self-check")]
fn coco_self_check(config: &api::oscgen::v1alpha1::ConfidentialContainers, objects: &[Object]) -> Result<(), Error> {
    let tag = config.spec.release.as_deref().and_then(coco::catalog::pairing).map(|p| p.trustee.crd);
    let schemas = schema::Schemas {
        trustee: tag.and_then(schema::TrusteeCrd::of_tag).unwrap_or_default(),
        ..schema::Schemas::default()
    };
    let checked: Vec<Object> =
        objects.iter().filter(|o| !matches!(o, Object::Route(_) | Object::Certificate(_))).cloned().collect();
    schema::validate_objects_against(&checked, schemas)
}

/// Renders several configs into one set: checks each, then the rules that span configs (one
/// KataConfig per cluster, no object generated twice), then sorts into apply order.
pub fn render(configs: &[Config]) -> Result<Rendered, Error> {
    render_in(configs, None)
}

/// [`render`] with the operator and runtime configs' channel and release judged against
/// `given`, a file-based catalog (`--catalog`, see [`catalog::file`]), instead of oscgen's
/// copies of Red Hat's catalogs. Policy and ConfidentialContainers configs still use
/// oscgen's data.
pub fn render_in(configs: &[Config], given: Option<&FileCatalog>) -> Result<Rendered, Error> {
    let sourced: Vec<(Option<&str>, &Config)> = configs.iter().map(|c| (None, c)).collect();
    render_sourced(&sourced, given)
}

/// [`render`] for configs read from files, each with the file it came from: every diagnostic
/// names the file its config was written in, even when a base and an overlay hold configs of
/// the same kind and name, in one pass.
pub fn render_files<'a>(configs: impl IntoIterator<Item = (&'a str, &'a Config)>) -> Result<Rendered, Error> {
    render_files_in(configs, None)
}

/// [`render_files`] against a file-based catalog, as [`render_in`].
pub fn render_files_in<'a>(
    configs: impl IntoIterator<Item = (&'a str, &'a Config)>,
    given: Option<&FileCatalog>,
) -> Result<Rendered, Error> {
    let sourced: Vec<(Option<&str>, &Config)> = configs.into_iter().map(|(file, c)| (Some(file), c)).collect();
    render_sourced(&sourced, given)
}

fn render_sourced(configs: &[(Option<&str>, &Config)], given: Option<&FileCatalog>) -> Result<Rendered, Error> {
    let mut report = Report::default();
    let mut objects: Vec<(Object, ObjectRef, Option<&str>)> = Vec::new();
    let mut first_kata: Option<String> = None;
    let mut peer_pods_initdata: Option<String> = None;
    for &(file, config) in configs {
        let reference = config.reference();
        let result = match config {
            Config::Operator(c) => render_operator_in(&c.spec, given),
            Config::Runtime(c) => render_runtime_in(&c.spec, given),
            Config::Policy(c) => render_policy(c),
            Config::Coco(c) => render_coco_full(c).map(|(rendered, initdata)| {
                if let Some(i) = initdata.filter(|i| i.deployment == api::oscgen::v1alpha1::CocoDeployment::PeerPods) {
                    peer_pods_initdata = Some(i.encoded.value);
                }
                rendered
            }),
        };
        let mut this = match result {
            Ok(rendered) => {
                objects.extend(rendered.objects.into_iter().map(|o| (o, reference.clone(), file)));
                rendered.warnings
            }
            Err(Error::Invalid(r)) => r,
            Err(other) => return Err(other),
        };
        if let Config::Runtime(c) = config {
            let name = c.spec.name.clone().unwrap_or_else(|| runtime::DEFAULT_NAME.to_owned());
            match &first_kata {
                Some(first) => this.add(
                    FieldPath::parse("metadata.name"),
                    DiagnosticKind::SecondKataConfig { name, first: first.clone() },
                ),
                None => first_kata = Some(name),
            }
        }
        // A config's own name is worth saying when several are rendered, or when it is told
        // apart from the others by its file.
        if configs.len() > 1 || file.is_some() {
            this.attribute(&reference);
        }
        if let Some(file) = file {
            this.in_file(file);
        }
        report.extend(this);
    }
    for (i, (object, from, file)) in objects.iter().enumerate() {
        let earlier = objects[..i].iter().find(|(o, _, _)| {
            (o.api_version(), o.namespace(), o.name()) == (object.api_version(), object.namespace(), object.name())
                && o.kind() == object.kind()
        });
        if let Some((_, other, _)) = earlier {
            let mut dup = Report::default();
            dup.add(
                FieldPath::root(),
                DiagnosticKind::DuplicateObject {
                    object: object.reference(),
                    other: format!("{}/{}", other.kind, other.name),
                },
            );
            dup.attribute(from);
            if let Some(file) = file {
                dup.in_file(file);
            }
            report.extend(dup);
        }
    }
    if report.has_errors() {
        return Err(Error::Invalid(report));
    }
    let mut objects: Vec<Object> = objects.into_iter().map(|(o, _, _)| o).collect();
    if let Some(value) = peer_pods_initdata {
        for object in &mut objects {
            if let Object::ConfigMap(cm) = object
                && cm.metadata.name.as_deref() == Some(peerpods::CONFIG_MAP)
            {
                cm.data.get_or_insert_with(Default::default).insert("INITDATA".to_owned(), value.clone());
            }
        }
    }
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

/// The library example in docs/contributing.md, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/contributing.md")]
pub struct DocsDoctests;
