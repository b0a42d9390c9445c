//! `cert-manager.io`: cert-manager's Certificate.

pub mod v1;
