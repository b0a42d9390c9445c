//! The checks on the objects of one build: each object alone ([`labels`], the operator's
//! Subscription in [`olm`], its [`schema`]), then the rules that span objects (one
//! KataConfig, [`kataconfig`]; an OperatorGroup for the Subscription, [`olm`]; peer pods and
//! their ConfigMap, [`peerpods`]; credentials committed in Secrets, [`secrets`]; the KataConfig
//! ordered after its operator, [`ordering`]; the node objects its operator creates, [`nodes`]);
//! confidential containers' Trustee config, initdata and private keys, [`coco`];
//! and over the whole tree, Argo CD settings that would skip oscgen ([`argocd`]) and a
//! KataConfig waiting for Node Feature Discovery ([`kataconfig`]).

pub mod argocd;
pub mod coco;
pub mod gates;
pub mod kataconfig;
pub mod labels;
pub mod nodes;
pub mod olm;
pub mod ordering;
pub mod peerpods;
pub mod placeholder;
pub mod schema;
pub mod secrets;

use std::path::Path;

use oscgen_render::catalog::{OpenShift, Release};
use serde_json::Value;

use crate::findings::codes;
use crate::kustomize::Unmatched;
use crate::source::Obj;
use crate::{Diagnostic, FieldPath, Finding, ObjectRef, Report, Segment, Severity};

/// What the rules run over: the objects of one build (or of the whole tree) and what is known
/// about how they were built.
pub(crate) struct Scope<'a> {
    pub objects: &'a [Obj],
    pub unmatched: &'a [Unmatched],
    /// The kustomization directory built, shown with findings in files outside it.
    pub root: Option<&'a Path>,
    /// What every build of the run shares.
    pub tree: &'a Tree<'a>,
}

impl Scope<'_> {
    /// The release this build's operator Subscription installs; for a build without one (an
    /// instance overlay apart from the operator's), the one the whole tree subscribes to.
    pub fn release(&self) -> Option<&'static Release> {
        let mut subscriptions = self.objects.iter().filter(|o| !o.synthetic && olm::is_operator_subscription(o));
        match subscriptions.next() {
            Some(sub) => olm::release_of(sub, self.tree.openshift),
            None => self.tree.release,
        }
    }
}

/// What the builds of one `check` run share.
pub(crate) struct Tree<'a> {
    /// The first `osc-feature-gates` of the tree, for builds without their own.
    pub feature_gates: Option<&'a Obj>,
    /// Which Node Feature Discovery kinds (`NodeFeatureDiscovery`, `NodeFeatureRule`) the tree has.
    pub nfd_kinds: [bool; 2],
    /// The target OpenShift version, when one was given.
    pub openshift: Option<OpenShift>,
    /// The catalog given with `--catalog`, which replaces oscgen's for the Subscription.
    pub catalog: Option<&'a crate::catalog::FileCatalog>,
    /// The release the tree's operator Subscriptions install, when they all agree.
    pub release: Option<&'static Release>,
}

impl<'a> Tree<'a> {
    /// The tree of `everything`, for a cluster of OpenShift `openshift`.
    pub fn new(
        everything: &'a [Obj],
        openshift: Option<OpenShift>,
        catalog: Option<&'a crate::catalog::FileCatalog>,
    ) -> Self {
        // Every copy counts: overlays give one Subscription (one identity) different channels.
        let subscriptions = everything.iter().filter(|o| !o.synthetic && olm::is_operator_subscription(o));
        let mut releases = subscriptions.map(|s| olm::release_of(s, openshift));
        let first = releases.next().flatten();
        let release = first.filter(|r| releases.all(|other| other.is_some_and(|o| o.version == r.version)));
        // Looked up once here: each build asking the whole tree would cost builds x objects.
        let feature_gates = everything.iter().find(|o| peerpods::is_feature_gates(o));
        let nfd = |kind: &str| everything.iter().any(|o| o.str("/kind") == Some(kind) && group(o).starts_with("nfd."));
        let nfd_kinds = [nfd("NodeFeatureDiscovery"), nfd("NodeFeatureRule")];
        Self { feature_gates, nfd_kinds, openshift, catalog, release }
    }
}

/// Where the rules of one build report.
pub(crate) struct Out<'a, 'b> {
    build: &'a Scope<'a>,
    report: &'b mut Report,
}

impl Out<'_, '_> {
    /// Reports `finding` on `obj`'s field `path` with its rule's severity, pointing at the text
    /// that wrote it.
    fn push(&mut self, obj: &Obj, path: FieldPath, finding: impl Finding) {
        let severity = finding.rule().severity;
        self.push_as(obj, severity, path, finding);
    }

    /// [`Out::push`] with another severity, where the finding's rule says its severity varies.
    fn push_as(&mut self, obj: &Obj, severity: Severity, path: FieldPath, finding: impl Finding) {
        // Objects rendered from an oscgen config are as the config says, and the config's own
        // diagnostics cover it; only the rules about how objects relate are about them (a
        // KataConfig rendered with enablePeerPods and no peer-pods-cm anywhere; a Secret a
        // kustomize generator makes is as its literals say, and nothing else checks those).
        if !obj.written && !finding.rule().spans {
            return;
        }
        self.place(obj, Diagnostic::new(severity, path, finding));
    }

    /// Reports a finding of another reader (the initdata decoder's, at the root of the value)
    /// at `path` of `obj`, which wrote that value.
    fn relocate(&mut self, obj: &Obj, path: FieldPath, found: Diagnostic) {
        if obj.written {
            self.place(obj, Diagnostic { path, origin: None, object: None, ..found });
        }
    }

    /// Points `d` at the text of `obj` that wrote its field.
    fn place(&mut self, obj: &Obj, d: Diagnostic) {
        // A Policy's hub or managed-cluster template is filled in before the cluster sees it.
        if obj.via.is_some() && at(&obj.value, &d.path).is_some_and(crate::policy::templated) {
            return;
        }
        // An unquoted value is shown where the value is, everything else at its field's name.
        let mut origin = obj.origin(&d.path, [codes::UnquotedValue, codes::NullValue].contains(&d.code));
        let outside = |root: &Path| origin.file.as_deref().is_none_or(|f| !Path::new(f).starts_with(root));
        origin.build = self.build.root.filter(|root| outside(root)).map(|root| root.display().to_string());
        self.report.push(Diagnostic { origin: Some(origin), object: Some(ObjectRef::of(&obj.value)), ..d });
    }
}

fn group(obj: &Obj) -> &str {
    let api_version = obj.str("/apiVersion").unwrap_or_default();
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

/// Whether `obj` is a `kind` of API group `group_name`.
fn is(obj: &Obj, group_name: &str, kind: &str) -> bool {
    obj.str("/kind") == Some(kind) && group(obj) == group_name
}

/// The value at a field path.
pub(crate) fn at<'v>(value: &'v Value, path: &FieldPath) -> Option<&'v Value> {
    path.0.iter().try_fold(value, |v, segment| match segment {
        Segment::Key(k) => v.get(k),
        Segment::Index(i) => v.get(i),
    })
}

pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The objects with distinct identities, first copy kept (a directory may hold a config and
/// the objects rendered from it).
pub(crate) fn distinct<'o>(objects: impl Iterator<Item = &'o Obj>) -> Vec<&'o Obj> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for obj in objects {
        let id = obj.id();
        if !seen.contains(&id) {
            seen.push(id);
            out.push(obj);
        }
    }
    out
}

/// A rule over objects together: one build's, or (for [`TREE`]) every build's and file's.
type Pass = fn(&Scope<'_>, &mut Out<'_, '_>);

/// The rules over one build, in the order their findings are reported: each object alone,
/// then the rules that span objects.
const BUILD: &[Pass] = &[
    each_object,
    nodes::operator_objects,
    olm::operator_groups,
    kataconfig::one_per_cluster,
    peerpods::check,
    gates::check,
    kataconfig::confidential_bare_metal,
    secrets::credentials,
    coco::check,
    ordering::kataconfig_after_operator,
];

/// The rules over every build and file of one `check` run.
const TREE: &[Pass] = &[argocd::exec_enabled, kataconfig::node_feature_discovery];

/// Runs every rule of [`BUILD`] on one build.
pub(crate) fn check_build(build: &Scope<'_>, report: &mut Report) {
    let mut out = Out { build, report };
    BUILD.iter().for_each(|pass| pass(build, &mut out));
}

/// Runs every rule of [`TREE`] over everything one `check` run read.
pub(crate) fn check_tree(everything: &Scope<'_>, report: &mut Report) {
    let mut out = Out { build: everything, report };
    TREE.iter().for_each(|pass| pass(everything, &mut out));
}

/// The checks on each object alone: label values, the operator's Subscription, a KataConfig's
/// namespace and fields, and its kind's schema (after the others, which may have said more
/// precisely what is wrong with a field).
fn each_object(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let schemas = schema::for_build(build.objects);
    // With a target version the subscribed release is known, so are the KataConfig fields it has.
    let target_release = build.release().filter(|_| build.tree.openshift.is_some());
    for obj in build.objects.iter().filter(|o| !o.synthetic && o.written) {
        let mut reported = labels::check(obj, out);
        if olm::is_operator_subscription(obj) {
            // A channel that is a number is an unknown channel first, a schema problem second.
            reported.extend(["spec.channel", "spec.startingCSV"].map(FieldPath::parse));
            olm::subscription(obj, build.unmatched, out);
        }
        if kataconfig::is_kataconfig(obj) {
            kataconfig::namespace(obj, out);
            if let Some(release) = target_release {
                // A field the release lacks is that, not also an unknown field of its schema.
                reported.extend(kataconfig::fields(obj, release, out));
            }
        }
        schema::check(obj, schemas, &reported, out);
    }
}
