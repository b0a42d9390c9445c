//! `route.openshift.io`: OpenShift Routes.

pub mod v1;
