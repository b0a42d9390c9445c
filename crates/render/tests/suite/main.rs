//! oscgen-render's integration tests, one module per subject, linked into one test binary:
//! the crate, k8s-openapi and jsonschema are linked once instead of once per file (issue 16;
//! the commit that made this suite gives the build times). Run one subject with
//! `cargo test -p oscgen-render --test suite <module>::`.
//!
//! `coco` and `schema_matrix` check objects against the upstream schemas, so they are compiled
//! only with the `schema-check` feature (the workspace's `cargo test` enables it through the
//! plugin).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod schema_gen;
mod validate_support;

mod bad_configs;
mod catalog_data;
mod cluster;
#[cfg(feature = "schema-check")]
mod coco;
mod coco_data;
mod drift;
mod fleet;
mod given_catalog;
mod ignition_validate;
mod initdata;
mod mirror;
mod policy;
mod properties;
mod roundtrip;
#[cfg(feature = "schema-check")]
mod schema_matrix;
mod schemas_in_sync;
mod snapshots;
mod upgrade;
mod validation;
