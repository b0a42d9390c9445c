//! A KataConfig applied with its operator must come after it: OLM creates the KataConfig CRD
//! only when the operator's CSV installs, and the operator's validating webhook
//! (`vkataconfig.kb.io`, failurePolicy Fail, in the CSV of openshift/sandboxed-containers-operator)
//! refuses a KataConfig until the operator runs. Argo CD orders one sync by
//! `argocd.argoproj.io/sync-wave` (argoproj/argo-cd `docs/user-guide/sync-waves.md`); Flux
//! orders separate Kustomizations by `dependsOn`, but applies everything of one build together.

use super::{Out, Scope, distinct, is, olm};
use crate::source::Obj;
use crate::{CheckKind as K, FieldPath};

/// Argo CD's sync-wave annotation.
const SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";

/// An object's Argo CD sync wave: 0 unless the annotation says otherwise.
fn wave(obj: &Obj) -> i64 {
    obj.value
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(SYNC_WAVE))
        .and_then(|w| w.as_str())
        .and_then(|w| w.trim().parse().ok())
        .unwrap_or(0)
}

/// A KataConfig in the same build as the operator's Subscription, in no later wave, is a
/// warning on it.
pub(crate) fn kataconfig_after_operator(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let subscriptions = distinct(build.objects.iter().filter(|o| !o.synthetic && olm::is_operator_subscription(o)));
    let Some(latest) = subscriptions.iter().map(|s| wave(s)).max() else { return };
    // A Policy's objects are placed by the policy framework, which retries a KataConfig the
    // API server or the operator's webhook refuses until the operator is up.
    let katas =
        build.objects.iter().filter(|o| o.via.is_none() && is(o, "kataconfiguration.openshift.io", "KataConfig"));
    for kata in distinct(katas) {
        if wave(kata) > latest {
            continue;
        }
        let name = kata.str("/metadata/name").unwrap_or_default().to_owned();
        let annotated = kata.value.pointer("/metadata/annotations").and_then(|a| a.get(SYNC_WAVE)).is_some();
        let path = if annotated {
            FieldPath::parse("metadata.annotations").key(SYNC_WAVE)
        } else {
            FieldPath::parse("metadata.name")
        };
        out.push(kata, path, K::UnorderedKataConfig { name });
    }
}
