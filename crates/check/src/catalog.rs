//! A file-based catalog the user gives (`oscgen check --catalog FILE`, or a Check config's
//! `spec.catalog`), as `opm render <index image>` prints it. The parsing lives in
//! [`oscgen_render::catalog::file`], shared with `oscgen render --catalog`; with one, the
//! Subscription's channel and startingCSV are judged against it instead of oscgen's own
//! copies of Red Hat's catalogs.
//!
//! ```
//! use oscgen_check::catalog::FileCatalog;
//!
//! let text = "{\"schema\": \"olm.package\", \"name\": \"sandboxed-containers-operator\"}";
//! assert!(FileCatalog::parse("index.json", text)?.channels.is_empty());
//! # Ok::<(), oscgen_render::Error>(())
//! ```

pub use oscgen_render::catalog::file::{Channel, FileCatalog};
