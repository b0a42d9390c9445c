//! Peer pods in a build: a KataConfig with `enablePeerPods: true` needs the ConfigMap
//! `peer-pods-cm` the operator reads, whose keys must be the ones its `CLOUD_PROVIDER` needs
//! (the operator's `validatePeerPodsConfigs`, openshift/sandboxed-containers-operator
//! `controllers/image_generator.go`), with values of the right shape, and without the keys the
//! operator writes itself.

use oscgen_render::api::oscgen::v1alpha1::CloudProvider;
use oscgen_render::catalog::{self, NodeBehaviour, PeerPodsBehaviour};
use oscgen_render::feature_gates;
use oscgen_render::peerpods::{self, CONFIG_MAP};
use serde_json::Value;

use super::{Out, Scope, distinct, is, olm, text};
use crate::source::Obj;
use crate::{CheckKind as K, DiagnosticKind as R, FieldPath};

fn is_peer_pods_config_map(obj: &Obj) -> bool {
    is(obj, "", "ConfigMap")
        && obj.str("/metadata/name") == Some(CONFIG_MAP)
        // Without a namespace it lands where the build (or `kubectl -n`) puts it.
        && obj.str("/metadata/namespace").is_none_or(|ns| ns == catalog::NAMESPACE)
}

/// Every peer-pods rule on one build.
pub(crate) fn check(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let katas = distinct(build.objects.iter().filter(|o| is(o, "kataconfiguration.openshift.io", "KataConfig")));
    let has_config_map = build.objects.iter().any(is_peer_pods_config_map);
    for kata in katas {
        if kata.value.pointer("/spec/enablePeerPods") != Some(&Value::Bool(true)) {
            continue;
        }
        if !has_config_map {
            let kind = R::NoPeerPodsConfigMap {
                namespace: catalog::NAMESPACE.to_owned(),
                place: "is among the checked objects".to_owned(),
            };
            out.push(kata, FieldPath::parse("spec.enablePeerPods"), kind);
        }
        // The operator skips the eligibility check with peer pods (`openshift_controller.go`).
        if kata.value.pointer("/spec/checkNodeEligibility") == Some(&Value::Bool(true)) {
            out.push(kata, FieldPath::parse("spec.checkNodeEligibility"), R::PeerPodsSkipsEligibility);
        }
    }
    let release = olm::subscribed_release(build.objects);
    let gates = feature_gates(build);
    for cm in distinct(build.objects.iter().filter(|o| !o.synthetic && is_peer_pods_config_map(o))) {
        config_map(cm, release, gates, out);
    }
}

/// Go's `strconv.ParseBool`.
fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Whether a key the operator writes holds, in Git, something other than what the operator
/// writes there, so that Argo CD and the operator undo each other on every sync:
/// - `DISABLECVM`: the operator writes `false` when the `confidential` gate of
///   `osc-feature-gates` is on and `true` otherwise (`confidential_handler.go`), a gate it reads
///   with `strconv.ParseBool` from 1.11 and as the exact `"true"` before (`fg_handler.go`);
/// - the pod VM image keys: the operator writes the id of the image it builds only when the
///   key is empty (`image_generator.go`), so a value of Git's own is left alone.
fn fights_operator(key: &str, value: &str, gates: Option<&Obj>, release: Option<&'static catalog::Release>) -> bool {
    if key != "DISABLECVM" {
        return value.trim().is_empty();
    }
    let gate = gates.and_then(|g| g.value.pointer("/data/confidential")).map(text);
    let parse_bool_gates = release.is_none_or(|r| r.nodes >= NodeBehaviour::Stable111);
    let confidential =
        gate.is_some_and(|g| if parse_bool_gates { parse_bool(g.trim()) == Some(true) } else { g == "true" });
    // A value the adaptor cannot read is reported as that; it differs all the same.
    parse_bool(value.trim()) != Some(!confidential)
}

/// Whether `obj` is the operator's `osc-feature-gates`.
pub(crate) fn is_feature_gates(obj: &Obj) -> bool {
    is(obj, "", "ConfigMap")
        && obj.str("/metadata/name") == Some(feature_gates::CONFIG_MAP)
        && obj.str("/metadata/namespace").is_none_or(|ns| ns == catalog::NAMESPACE)
}

/// The operator's `osc-feature-gates` in the build, else anywhere in the tree.
fn feature_gates<'o>(build: &'o Scope<'_>) -> Option<&'o Obj> {
    build.objects.iter().find(|o| is_feature_gates(o)).or(build.tree.feature_gates)
}

/// One `peer-pods-cm`, against the release the build subscribes to (or the newest).
fn config_map(cm: &Obj, release: Option<&'static catalog::Release>, gates: Option<&Obj>, out: &mut Out<'_, '_>) {
    let era = release.and_then(|r| r.peer_pods).map(|p| p.era);
    let data = cm.value.get("data").and_then(Value::as_object);
    let value_of = |key: &str| data.and_then(|d| d.get(key)).map(text);
    let at = |key: &str| FieldPath::root().key("data").key(key);
    let who = release.map_or_else(|| "the operator".to_owned(), |r| format!("the operator of release {}", r.version));

    let provider = match value_of("CLOUD_PROVIDER").filter(|v| !v.trim().is_empty()) {
        None => {
            out.push(cm, at("CLOUD_PROVIDER"), R::MissingProvider);
            None
        }
        Some(value) => match CloudProvider::parse(value.trim()) {
            None => {
                out.push(cm, at("CLOUD_PROVIDER"), R::UnknownCloudProvider { value });
                None
            }
            Some(CloudProvider::Gcp) if era.is_some_and(|e| e < PeerPodsBehaviour::Remote19) => {
                let kind = R::FeatureNotInRelease {
                    feature: "CLOUD_PROVIDER gcp".to_owned(),
                    release: release.map_or("", |r| r.version).to_owned(),
                    since: peerpods::first_with(PeerPodsBehaviour::Remote19).to_owned(),
                };
                out.push(cm, at("CLOUD_PROVIDER"), kind);
                None
            }
            Some(provider) => Some(provider),
        },
    };
    if let Some(provider) = provider {
        for key in peerpods::required_keys(provider, era.unwrap_or(PeerPodsBehaviour::Remote111)) {
            match value_of(key) {
                None => {
                    let kind = R::MissingPeerPodsKey {
                        key: (*key).to_owned(),
                        provider: provider.as_str().to_owned(),
                        who: who.clone(),
                        fix: format!("add {key} to the ConfigMap's data, with a value"),
                    };
                    out.push(cm, at(key), kind);
                }
                Some(v) if v.trim().is_empty() => {
                    let why = format!("{who} checks it before building the pod VM image and stops while it is empty");
                    let kind =
                        K::EmptyPeerPodsKey { key: (*key).to_owned(), provider: provider.as_str().to_owned(), why };
                    out.push(cm, at(key), kind);
                }
                Some(_) => {}
            }
        }
        for key in &peerpods::network_keys(provider) {
            if value_of(key).is_some_and(|v| v.trim().is_empty()) {
                let why = "the cloud-api-adaptor places every pod VM with it, so none can be created".to_owned();
                let kind = K::EmptyPeerPodsKey { key: (*key).to_owned(), provider: provider.as_str().to_owned(), why };
                out.push(cm, at(key), kind);
            }
        }
    }
    let known = peerpods::known_keys();
    for (key, value) in data.into_iter().flatten() {
        if !known.contains(&key.as_str()) {
            let kind = K::UnknownPeerPodsKey { key: key.clone(), known: known.join(", ") };
            out.push(cm, at(key), kind);
            continue;
        }
        if key == peerpods::AA_KBC_PARAMS
            && let Some(release) = release.filter(|_| era.is_some_and(|e| !peerpods::reads_aa_kbc_params(e)))
        {
            let kind = K::KeyNotReadByRelease {
                key: key.clone(),
                release: release.version.to_owned(),
                instead: "from 1.9 the key broker URL is set in INITDATA (aa.toml and cdh.toml)".to_owned(),
            };
            out.push(cm, at(key), kind);
        }
        let value = text(value);
        if let Some(why) = peerpods::operator_written(key, era)
            && fights_operator(key, &value, gates, release)
        {
            let kind = R::OperatorWrittenKey { key: key.clone(), why: why.to_owned() };
            out.push(cm, at(key), kind);
        }
        // CLOUD_PROVIDER was judged above; an empty value is the operator's to fill, or a
        // missing required key.
        if key != "CLOUD_PROVIDER"
            && !value.trim().is_empty()
            && let Some(problem) = peerpods::value_problem(key, &value)
        {
            out.push(cm, at(key), problem);
        }
    }
}
