//! A fleet in one call: every file is one cluster's configs, rendered on its own, and the
//! outputs are joined in file order into one multi-document stream (what `oscgen render
//! --each` prints).
//!
//! Each file is read and rendered as `oscgen render FILE` would (one KataConfig per cluster,
//! no object twice within it), its diagnostics naming that file. The library starts no
//! thread: [`render_each`] renders in order on the caller's thread, and a caller with cores to
//! spare renders files with [`render_one`] on its own threads and puts the outcomes back in
//! file order with [`join`] (`oscgen render --each` does), which gives the same bytes.
//!
//! ```
//! let clusters = [
//!     ("east.yaml", "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: east}\nspec: {release: 1.9.0}\n"),
//!     ("west.yaml", "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: west}\nspec: {release: 1.9.0}\n"),
//! ];
//! let fleet = oscgen_render::fleet::render_each(&clusters)?;
//! let east = fleet.yaml.find("name: east").unwrap();
//! assert!(east < fleet.yaml.find("name: west").unwrap());
//! assert_eq!(fleet.yaml.matches("kind: KataConfig").count(), 2);
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use crate::catalog::file::FileCatalog;
use crate::{DiagnosticKind, Error, FieldPath, Report, config};

/// What [`render_each`] produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Fleet {
    /// Every cluster's objects, in file order, `---` between documents.
    pub yaml: String,
    /// Warnings and notes, each naming its file.
    pub warnings: Report,
}

/// Renders each `(name, text)` as one cluster, in order. Fails with every file's problems,
/// each naming its file, when any file has an error; nothing is rendered then.
pub fn render_each<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> Result<Fleet, Error> {
    join(files.iter().map(|(name, text)| render_one(name.as_ref(), text.as_ref(), None)))
}

/// Puts the outcomes of a fleet's files, in file order, into one stream, or every problem.
pub fn join(outcomes: impl IntoIterator<Item = Outcome>) -> Result<Fleet, Error> {
    let mut yaml = String::new();
    let mut warnings = Report::default();
    let mut errors = Report::default();
    for outcome in outcomes {
        match outcome {
            Outcome::Rendered { text, notices } => {
                if !yaml.is_empty() && !text.is_empty() {
                    yaml.push_str("---\n");
                }
                yaml.push_str(&text);
                warnings.extend(notices);
            }
            Outcome::Failed(report) => errors.extend(report),
            Outcome::Broken(e) => return Err(e),
        }
    }
    if errors.has_errors() {
        return Err(Error::Invalid(errors));
    }
    Ok(Fleet { yaml, warnings })
}

/// One cluster's result.
#[derive(Debug)]
pub enum Outcome {
    /// Its stream and its warnings.
    Rendered {
        /// The cluster's objects as YAML.
        text: String,
        /// Its warnings and notes, naming its file.
        notices: Report,
    },
    /// Problems in its input.
    Failed(Report),
    /// A failure that is not the input's (a bug in oscgen).
    Broken(Error),
}

/// The outcome of a file whose rendering stopped without a result (its thread ended), so
/// that the file is reported rather than the failure carried on.
pub fn stopped(name: &str) -> Outcome {
    Outcome::Failed(internal(name))
}

fn internal(name: &str) -> Report {
    let mut report = Report::default();
    let message = "rendering this file stopped unexpectedly".to_owned();
    report.add(FieldPath::root(), DiagnosticKind::Internal { message });
    report.in_file(name);
    report
}

/// Renders one file as one cluster, against a file-based catalog when `given` (see
/// [`crate::render_in`]).
pub fn render_one(name: &str, text: &str, given: Option<&FileCatalog>) -> Outcome {
    let failed = |mut report: Report| {
        report.in_file(name);
        Outcome::Failed(report)
    };
    let configs = match config::from_yaml(text) {
        Ok(configs) if configs.is_empty() => return failed(config::no_config()),
        Ok(configs) => configs,
        Err(Error::Invalid(report)) => return failed(report),
        Err(Error::Yaml(e)) => {
            let mut report = Report::default();
            report.push(crate::Diagnostic::from(&e));
            return failed(report);
        }
        Err(e) => return Outcome::Broken(e),
    };
    match crate::render_in(&configs, given).and_then(|rendered| Ok((rendered.to_yaml()?, rendered.warnings))) {
        Ok((text, mut notices)) => {
            if let [only] = configs.as_slice() {
                notices.attribute(&only.reference());
            }
            notices.in_file(name);
            Outcome::Rendered { text, notices }
        }
        Err(Error::Invalid(mut report)) => {
            if let [only] = configs.as_slice() {
                report.attribute(&only.reference());
            }
            failed(report)
        }
        Err(e) => Outcome::Broken(e),
    }
}
