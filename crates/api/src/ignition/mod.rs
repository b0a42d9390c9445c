//! CoreOS Ignition configs, as carried in a MachineConfig's `spec.config`.

pub mod v3_2;
