//! Open Cluster Management (RHACM) governance, group `policy.open-cluster-management.io`.
//!
//! Field names follow the wire form of the upstream CRDs: `policies` and `placementbindings`
//! in open-cluster-management-io/governance-policy-propagator `deploy/crds/`,
//! `configurationpolicies` and `operatorpolicies` in
//! open-cluster-management-io/config-policy-controller `deploy/crds/`.

pub mod v1;
pub mod v1beta1;
