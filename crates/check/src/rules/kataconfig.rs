//! The KataConfig: a cluster takes exactly one (the operator's validating webhook refuses a
//! second, `ValidateCreate` in openshift/sandboxed-containers-operator
//! `api/v1/kataconfig_webhook.go`), it is cluster-scoped, its fields depend on the release, and
//! `checkNodeEligibility` needs Node Feature Discovery.

use oscgen_render::catalog::{KataField, NodeBehaviour, Release};
use oscgen_render::feature_gates;
use serde_json::Value;

use super::{Out, Scope, distinct, is, text};
use crate::source::Obj;
use crate::{CheckKind as K, DiagnosticKind as R, FieldPath};

/// A second KataConfig in one build is an error on it.
pub(crate) fn one_per_cluster(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let mut first: Option<String> = None;
    let katas = build.objects.iter().filter(|o| is_kataconfig(o));
    for kata in distinct(katas) {
        let name = kata.str("/metadata/name").unwrap_or_default().to_owned();
        match &first {
            None => first = Some(name),
            Some(first) => {
                let kind = R::SecondKataConfig { name, first: first.clone() };
                out.push(kata, FieldPath::parse("metadata.name"), kind);
            }
        }
    }
}

/// Whether `obj` is a KataConfig.
pub(crate) fn is_kataconfig(obj: &Obj) -> bool {
    is(obj, "kataconfiguration.openshift.io", "KataConfig")
}

/// A KataConfig is cluster-scoped (`scope: Cluster` in its CRD: openshift/sandboxed-containers-operator,
/// `config/crd/bases/kataconfiguration.openshift.io_kataconfigs.yaml`, v1.0.0 and every tag
/// since): a namespace written on it is a warning.
///
/// Only a namespace its own file writes: kustomize's `namespace` gives one to every kind it does
/// not know as cluster-scoped, KataConfig included, and nobody can (or needs to) avoid that in
/// a kustomization that also holds the operator's namespaced objects.
pub(crate) fn namespace(obj: &Obj, out: &mut Out<'_, '_>) {
    let as_written = obj.ids.first().is_some_and(|id| id.namespace.is_some());
    if let Some(namespace) = obj.value.pointer("/metadata/namespace").filter(|v| as_written && !v.is_null()) {
        let kind = K::NamespacedKataConfig { namespace: text(namespace) };
        out.push(obj, FieldPath::parse("metadata.namespace"), kind);
    }
}

/// The `spec` fields of a KataConfig that `release` does not have, each an error. Returns the
/// paths reported.
pub(crate) fn fields(obj: &Obj, release: &Release, out: &mut Out<'_, '_>) -> Vec<FieldPath> {
    let mut reported = Vec::new();
    for field in [KataField::CheckNodeEligibility, KataField::LogLevel, KataField::EnablePeerPods] {
        let present = obj.value.pointer("/spec").and_then(|s| s.get(field.name())).is_some();
        if present && !release.has(field) {
            let path = FieldPath::root().key("spec").key(field.name());
            let kind = R::FieldNotInRelease {
                field: field.name().to_owned(),
                release: release.version.to_owned(),
                since: Release::first_with(field).version.to_owned(),
            };
            out.push(obj, path.clone(), kind);
            reported.push(path);
        }
    }
    reported
}

/// The NFD operator's custom resource, which runs Node Feature Discovery: OpenShift's is
/// `nfd.openshift.io/v1` (openshift/cluster-nfd-operator,
/// `config/samples/nfd.openshift.io_v1_nodefeaturediscovery.yaml`, master); any `nfd.*` group is
/// taken, so another distribution's operator counts too.
fn is_node_feature_discovery(obj: &Obj) -> bool {
    obj.str("/kind") == Some("NodeFeatureDiscovery") && super::group(obj).starts_with("nfd.")
}

/// `checkNodeEligibility: true` makes the operator pick only nodes labelled
/// `feature.node.kubernetes.io/runtime.kata=true`, a label it reads but never sets (NFD or an
/// admin does: openshift/sandboxed-containers-operator, `controllers/openshift_controller.go`,
/// 351b069, the v1.11.0 CSV), so without NFD in the tree it is a warning. With peer pods the
/// operator skips the check, which [`super::peerpods`] reports.
pub(crate) fn node_feature_discovery(everything: &Scope<'_>, out: &mut Out<'_, '_>) {
    // A release without the field (1.0, 1.1) has the field reported, not this.
    let lacks = everything.tree.release.is_some_and(|r| !r.has(KataField::CheckNodeEligibility));
    if lacks || everything.objects.iter().any(is_node_feature_discovery) {
        return;
    }
    for kata in distinct(everything.objects.iter().filter(|o| is_kataconfig(o))) {
        let spec = |field: &str| kata.value.pointer("/spec").and_then(|s| s.get(field));
        if spec("checkNodeEligibility") == Some(&Value::Bool(true))
            && spec("enablePeerPods") != Some(&Value::Bool(true))
        {
            out.push(kata, FieldPath::parse("spec.checkNodeEligibility"), K::NoNodeFeatureDiscovery);
        }
    }
}

/// Confidential containers on bare metal (the `confidential` gate on, no peer pods, 1.11+): the
/// operator's `kata-cc` RuntimeClass selects nodes by TEE labels
/// ([`feature_gates::TEE_NODE_LABELS`]) that only Node Feature Discovery with a NodeFeatureRule
/// sets, so without both in the tree no node ever qualifies and the KataConfig waits. A
/// warning: they may be installed apart from this repository. The gate and the KataConfig are
/// taken from one build (what one cluster gets); NFD from anywhere in the tree.
pub(crate) fn confidential_bare_metal(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    if build.release().is_some_and(|r| r.nodes < NodeBehaviour::Stable111) {
        return;
    }
    // The gate and a KataConfig in the build first: the tree-wide look for NFD is the dear part.
    if !confidential_gate_on(build) || !build.objects.iter().any(is_kataconfig) {
        return;
    }
    let missing: Vec<&str> = ["NodeFeatureDiscovery", "NodeFeatureRule"]
        .into_iter()
        .zip(build.tree.nfd_kinds)
        .filter(|(_, present)| !present)
        .map(|(kind, _)| kind)
        .collect();
    if missing.is_empty() {
        return;
    }
    for kata in distinct(build.objects.iter().filter(|o| is_kataconfig(o))) {
        if kata.value.pointer("/spec/enablePeerPods") == Some(&Value::Bool(true)) {
            continue;
        }
        let kind = K::ConfidentialNeedsNodeFeatures {
            missing: missing.join(" and "),
            labels: feature_gates::TEE_NODE_LABELS.join(", "),
        };
        out.push(kata, FieldPath::parse("metadata.name"), kind);
    }
}

/// Whether some `osc-feature-gates` of the build turns `confidential` on (read with
/// `strconv.ParseBool`, as the 1.11 operator reads it).
fn confidential_gate_on(build: &Scope<'_>) -> bool {
    build.objects.iter().any(|o| {
        is(o, "", "ConfigMap")
            && o.str("/metadata/name") == Some(feature_gates::CONFIG_MAP)
            && o.value
                .pointer("/data/confidential")
                .and_then(Value::as_str)
                .is_some_and(|v| matches!(v.trim(), "1" | "t" | "T" | "TRUE" | "true" | "True"))
    })
}
