//! oscgen's own configs, group `oscgen.dev`: the function configs users write.

pub mod v1alpha1;
