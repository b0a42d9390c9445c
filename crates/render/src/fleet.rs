//! A fleet in one call: every file is one cluster's configs, rendered on its own, and the
//! outputs are joined in file order into one multi-document stream (what `oscgen render
//! --each` prints).
//!
//! Each file is read and rendered as `oscgen render FILE` would (one KataConfig per cluster,
//! no object twice within it), its diagnostics naming that file. Files are independent, so
//! they are rendered on every core the machine offers, in contiguous runs whose outputs are
//! put back in file order: the stream is the same bytes whatever the thread count.
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

use std::num::NonZeroUsize;

use crate::{DiagnosticKind, Error, FieldPath, Report, config, yaml};

/// Below this many files a fleet is rendered on one thread: starting another costs more than
/// it saves.
const FILES_PER_THREAD: usize = 64;

/// What [`render_each`] produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Fleet {
    /// Every cluster's objects, in file order, `---` between documents.
    pub yaml: String,
    /// Warnings and notes, each naming its file.
    pub warnings: Report,
}

/// Renders each `(name, text)` as one cluster. Fails with every file's problems, each
/// naming its file, when any file has an error; nothing is rendered then.
pub fn render_each<N: AsRef<str> + Sync, T: AsRef<str> + Sync>(files: &[(N, T)]) -> Result<Fleet, Error> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    render_each_on(files, threads)
}

/// [`render_each`] on at most `threads` threads (at least one).
pub fn render_each_on<N: AsRef<str> + Sync, T: AsRef<str> + Sync>(
    files: &[(N, T)],
    threads: usize,
) -> Result<Fleet, Error> {
    let threads = threads.clamp(1, files.len().div_ceil(FILES_PER_THREAD).max(1));
    let chunk = files.len().div_ceil(threads).max(1);
    let render_run = |run: &[(N, T)]| -> Vec<Outcome> {
        run.iter().map(|(name, text)| cluster(name.as_ref(), text.as_ref())).collect()
    };
    // Every run, even a single one, is rendered on a thread with the YAML reader's stack, so
    // the reads do not each start a thread of their own.
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let runs: Vec<_> =
            files.chunks(chunk).map(|run| (run, yaml::spawn_reader(scope, move || render_run(run)))).collect();
        runs.into_iter()
            .flat_map(|(run, started)| match started {
                // A render never panics on input (no unwrap on user data); if a thread did, its
                // files are reported rather than the panic carried on.
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|_| run.iter().map(|(name, _)| Outcome::Failed(internal(name.as_ref()))).collect()),
                // No thread to be had: render here (each read then finds its own stack).
                Err(_) => render_run(run),
            })
            .collect()
    });

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
enum Outcome {
    /// Its stream and its warnings.
    Rendered { text: String, notices: Report },
    /// Problems in its input.
    Failed(Report),
    /// A failure that is not the input's (a bug in oscgen).
    Broken(Error),
}

fn internal(name: &str) -> Report {
    let mut report = Report::default();
    let message = "rendering this file stopped unexpectedly".to_owned();
    report.error(FieldPath::root(), DiagnosticKind::Internal { message });
    report.in_file(name);
    report
}

/// Renders one file as one cluster.
fn cluster(name: &str, text: &str) -> Outcome {
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
    match crate::render(&configs).and_then(|rendered| Ok((rendered.to_yaml()?, rendered.warnings))) {
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
