//! `cluster.open-cluster-management.io/v1beta2`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// Binds a ManagedClusterSet to a namespace, so that Placements there may select its
    /// clusters: a Placement selects only from the sets bound to its own namespace.
    ManagedClusterSetBinding, ManagedClusterSetBindingSpec,
    group: "cluster.open-cluster-management.io", version: "v1beta2", kind: "ManagedClusterSetBinding",
    plural: "managedclustersetbindings", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of a [`ManagedClusterSetBinding`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedClusterSetBindingSpec {
    /// The ManagedClusterSet bound; the API requires it to equal the binding's own name.
    pub cluster_set: String,
}
