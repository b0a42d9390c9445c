//! The `oscgen` package's integration tests, one module per subject, linked into one test
//! binary so the crate and its dependencies are linked once instead of once per file (issue
//! 16; the commit that made this suite gives the build times). Most modules run the built
//! binary (`CARGO_BIN_EXE_oscgen`). Run one subject with
//! `cargo test -p oscgen --test suite <module>::`.
//!
//! The modules share one process, so their tests run side by side: a test may not change the
//! process's environment, working directory or limits, and gives its scratch directories and
//! image tags names of its own (`common::Scratch`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod check;
mod cli;
mod coco_examples;
mod concurrency;
mod credentials;
mod day2;
mod differential;
mod dist;
mod docs;
mod e2e;
mod fuzz_replay;
mod gitops;
mod hostile;
mod init_faults;
mod initdata;
mod krm;
