//! What a GitOps engine needs on the objects so that the first sync works (`gitops: {engine:
//! argocd}` on a config).
//!
//! Argo CD applies the lowest sync wave that is out of sync or unhealthy, waits until it is
//! synced and healthy, then goes on (argoproj/argo-cd `docs/user-guide/sync-waves.md`). The
//! KataConfig cannot be applied with its operator: OLM creates its CRD only when the operator's
//! CSV installs, and the operator's validating webhook (`vkataconfig.kb.io`, failurePolicy
//! Fail) refuses it until the operator runs. So the operator's Namespace, OperatorGroup and
//! Subscription come in earlier waves, whatever else the runtime renders (ConfigMaps the
//! KataConfig reads, node objects) after them, and the KataConfig last, with:
//!
//! - `SkipDryRunOnMissingResource=true`: Argo CD dry-runs every object before a sync, and the
//!   dry run of a kind whose CRD does not exist yet fails the whole sync
//!   (`docs/user-guide/sync-options.md`, "Skip Dry Run for new custom resources types");
//! - `Prune=false`: deleting the KataConfig makes the operator remove Kata from the nodes
//!   (MachineConfig removal, node reboots), and a generator that is skipped (kustomize without
//!   `--enable-exec`) or a plugin that prints nothing would otherwise let a pruning sync do it.
//!
//! A sync wave does not wait for the operator by itself (Argo CD's Subscription health does
//! not read the CSV), so the Application also needs a `retry` policy; `examples/argocd` has one.
//!
//! On the hub (a SandboxedContainersPolicy) the ManagedClusterSetBindings come first, then the
//! Placement, the Policy and the PlacementBinding that joins them.

use std::collections::BTreeMap;

use oscgen_api::oscgen::v1alpha1::{GitOps, GitOpsEngine};
use serde::{Deserialize, Serialize};

use crate::Object;

/// Argo CD's sync-wave annotation (a string holding an integer).
pub const SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";
/// Argo CD's per-object sync options annotation.
pub const SYNC_OPTIONS: &str = "argocd.argoproj.io/sync-options";
/// The KataConfig's sync options (see the module documentation).
pub const KATACONFIG_SYNC_OPTIONS: &str = "SkipDryRunOnMissingResource=true,Prune=false";

/// The wave of an object applied by Argo CD, lowest first.
pub fn argocd_wave(object: &Object) -> i32 {
    match object {
        Object::Namespace(_) => 1,
        Object::OperatorGroup(_) => 2,
        Object::Subscription(_) => 3,
        Object::KataConfig(_) => 10,
        Object::ManagedClusterSetBinding(_) => 1,
        Object::Placement(_) => 2,
        Object::Policy(_) => 3,
        Object::PlacementBinding(_) => 4,
        // What the KataConfig builds on (ConfigMaps it reads, node objects applied ahead of
        // the operator, a custom handler's drop-in): after the operator, before the KataConfig.
        _ => 4,
    }
}

/// Adds what `gitops`'s engine needs to each object (nothing without one).
pub fn annotate(objects: &mut [Object], gitops: Option<&GitOps>) {
    let Some(GitOps { engine: GitOpsEngine::ArgoCd }) = gitops else { return };
    for object in objects {
        let wave = argocd_wave(object).to_string();
        let is_kata = matches!(object, Object::KataConfig(_));
        let annotations = object.metadata_mut().annotations.get_or_insert_with(BTreeMap::new);
        annotations.insert(SYNC_WAVE.to_owned(), wave);
        if is_kata {
            annotations.insert(SYNC_OPTIONS.to_owned(), KATACONFIG_SYNC_OPTIONS.to_owned());
        }
    }
}

/// One entry of an Argo CD Application's `spec.ignoreDifferences`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IgnoreDifference {
    /// API group, without version.
    pub group: String,
    /// Kind.
    pub kind: String,
    /// JSON pointers of the fields to ignore (`/` inside a key written `~1`).
    pub json_pointers: Vec<String>,
}

/// The fields of oscgen's objects that the cluster's controllers own after the first sync,
/// for an Application's `spec.ignoreDifferences` (with `RespectIgnoreDifferences=true`, so a
/// sync leaves them alone too). Both come from field reports of endless OutOfSync with OLM
/// objects: OLM normalises an OperatorGroup's spec, writing `upgradeStrategy`
/// (openstack-k8s-operators/gitops PR #91), and a Subscription's `startingCSV` counts only at
/// install, so a later change shows as a difference forever (redhat-cop/helm-charts issue #694).
pub fn argocd_ignore_differences() -> Vec<IgnoreDifference> {
    let entry = |kind: &str, pointer: &str| IgnoreDifference {
        group: "operators.coreos.com".to_owned(),
        kind: kind.to_owned(),
        json_pointers: vec![pointer.to_owned()],
    };
    vec![entry("OperatorGroup", "/spec/upgradeStrategy"), entry("Subscription", "/spec/startingCSV")]
}
