//! oscgen-check's integration tests, one module per subject, linked into one test binary so the
//! crate and k8s-openapi are linked once instead of once per file (issue 16; the commit that
//! made this suite gives the build times). Run one subject with
//! `cargo test -p oscgen-check --test suite <module>::`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod calibration;
mod catalog;
mod check;
mod coco;
mod openshift;
mod peerpods;
mod policies;
