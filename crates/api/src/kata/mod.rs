//! OpenShift sandboxed containers, group `kataconfiguration.openshift.io`.

pub mod v1;
