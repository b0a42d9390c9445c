//! The `oscgen` binary's modules, as a library so that fuzz targets and tests can call the
//! same code the binary runs: [`krm::process`] is the whole exec KRM function from input
//! text to output text, [`init::write_tree_in`] the transactional file writer.
//!
//! ```
//! let input = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n\
//!     functionConfig:\n  apiVersion: oscgen.dev/v1alpha1\n  kind: SandboxedContainersOperator\n\
//!     \x20 metadata: {name: osc}\n  spec: {channel: stable}\n";
//! let outcome = oscgen::krm::process(input);
//! assert!(outcome.error.is_none());
//! assert!(outcome.stdout.is_some_and(|out| out.contains("kind: Subscription")));
//! ```

pub mod argocd;
pub mod check;
pub mod copy;
pub mod diff;
pub mod error;
pub mod explain;
pub mod fleet;
pub mod init;
pub mod initdata;
pub mod input;
pub mod krm;
mod layout;
pub mod mirror;
pub mod releases;
pub mod uninstall;
pub mod upgrade;
pub mod version;

use std::io::Write;

use crate::error::CliError;

/// Writes to stdout; a closed pipe (`oscgen render | head`) is not an error worth a panic.
pub fn emit(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::io("stdout", e)),
        _ => Ok(()),
    }
}
