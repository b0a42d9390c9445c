//! Operator Lifecycle Manager, group `operators.coreos.com`.
//!
//! Field names follow the wire form of the upstream CRDs
//! (`subscriptions.operators.coreos.com`, `operatorgroups.operators.coreos.com`).

pub mod v1;
pub mod v1alpha1;
