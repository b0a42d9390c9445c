//! `confidentialcontainers.org`: the Trustee operator's kinds.

pub mod v1alpha1;
