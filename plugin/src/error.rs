//! The binary's error: how each failure is printed and which exit code it gets.

use oscgen_render::{Config, DiagnosticKind, FieldPath, Report};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The command line is wrong.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The input is not acceptable; the message says why.
    #[error("{0}")]
    Input(String),
    /// Inputs with problems, each diagnostic naming its file.
    #[error("invalid input")]
    Invalid(Report),
    /// Problems already printed one per line; the run fails with this closing line, if any.
    #[error("{}", summary.as_deref().unwrap_or("failed"))]
    Reported {
        /// The closing line (`check found 2 errors`).
        summary: Option<String>,
    },
    /// Rendering failed for a reason that is not the input's (a bug, or serialization).
    #[error("{0}")]
    Render(#[source] oscgen_render::Error),
}

impl CliError {
    /// A render failure: the input's problems, or (anything else) oscgen's own.
    pub fn from_render(e: oscgen_render::Error) -> Self {
        match e {
            oscgen_render::Error::Invalid(report) => CliError::Invalid(report),
            other => CliError::Render(other),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        CliError::Io { path: path.into(), source }
    }

    /// 1 for bad input, 2 for usage and I/O, 3 for an internal error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) | CliError::Invalid(_) | CliError::Reported { .. } => 1,
            CliError::Render(oscgen_render::Error::Invalid(_) | oscgen_render::Error::Yaml(_)) => 1,
            CliError::Usage(_) | CliError::Io { .. } => 2,
            // Anything else is oscgen's own fault (a generated object failed its schema, a
            // template broke): kept apart so pipelines can tell it from a bad config.
            CliError::Render(_) => 3,
        }
    }

    /// Prints the error on stderr, one line per problem.
    pub fn print(&self) {
        match self {
            CliError::Invalid(report) => {
                for entry in &report.entries {
                    eprintln!("{entry}");
                }
            }
            CliError::Reported { summary: None } => {}
            other => eprintln!("oscgen: {other}"),
        }
    }
}

/// A parse failure as a one-entry report, so it prints like every other problem.
pub fn parse_report(e: &oscgen_render::Error) -> Report {
    let mut report = Report::default();
    match e {
        oscgen_render::Error::Invalid(r) => return r.clone(),
        oscgen_render::Error::Yaml(y) => report.push(oscgen_render::Diagnostic::from(y)),
        other => report.add(FieldPath::root(), DiagnosticKind::Shape { message: other.to_string() }),
    }
    report
}

/// Attributes a render failure of one config to it and its file.
pub fn attribute(e: oscgen_render::Error, source: &str, config: &Config) -> CliError {
    match e {
        oscgen_render::Error::Invalid(mut report) => {
            report.attribute(&config.reference());
            report.in_file(source);
            CliError::Invalid(report)
        }
        other => CliError::Render(other),
    }
}
