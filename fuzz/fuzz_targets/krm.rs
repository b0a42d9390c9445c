//! The `krm` property of `fuzz/properties.rs`, which says what it checks; the workspace
//! test `plugin/tests/suite/fuzz_replay.rs` replays this target's corpus on the same function.
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::krm(data));
