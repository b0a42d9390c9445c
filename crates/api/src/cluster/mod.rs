//! Open Cluster Management cluster placement, group `cluster.open-cluster-management.io`.
//!
//! Field names follow the wire form of the upstream CRDs in open-cluster-management-io/api
//! (`cluster/v1beta1/…placements.crd.yaml`, `cluster/v1beta2/…managedclustersetbindings.crd.yaml`).

pub mod v1beta1;
pub mod v1beta2;
