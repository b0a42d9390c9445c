//! Machine Config Operator, group `machineconfiguration.openshift.io`.

pub mod v1;
