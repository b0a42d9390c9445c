//! Problems in the user's input: collected into one [`Report`], never thrown one at a time.
//!
//! Every message is lowercase, names what is wrong and says how to fix it. Paths point into
//! the config the user wrote (`spec.poolSelector.matchLabels.kata`).
//!
//! The types here are shared by every crate; the kinds of finding are not. Each crate declares
//! its own with [`findings!`](crate::findings) ([`rule`]), and render's are [`DiagnosticKind`].

pub mod basis;
mod kind;
pub mod rule;

pub use kind::{DiagnosticKind, RULES, codes};
pub use rule::{Code, Finding, Rule};

use std::fmt;

use serde::Serialize;

pub use oscgen_yaml::{FieldPath, Segment};

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Nothing is rendered while any error remains.
    Error,
    /// Rendered, but probably not what was meant.
    Warning,
    /// Worth knowing (what a choice rests on, what is not confirmed); never fails anything.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// The object a diagnostic is about: a generator config, or an object of a build.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// Its `apiVersion`.
    pub api_version: String,
    /// Its `kind`.
    pub kind: String,
    /// Its `metadata.namespace`, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Its `metadata.name` (empty when it has none).
    pub name: String,
}

impl ObjectRef {
    /// The reference of an object given as a value tree (missing fields are empty).
    pub fn of(value: &serde_json::Value) -> Self {
        let text = |pointer: &str| value.pointer(pointer).and_then(serde_json::Value::as_str);
        Self {
            api_version: text("/apiVersion").unwrap_or_default().to_owned(),
            kind: text("/kind").unwrap_or_default().to_owned(),
            namespace: text("/metadata/namespace").map(str::to_owned),
            name: text("/metadata/name").unwrap_or_default().to_owned(),
        }
    }
}

/// Where the text a diagnostic is about was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file, as the user named it (or reached it from what they named); `<stdin>` for
    /// standard input. `None` while the reader does not know it yet (a config parsed from text).
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// The 1-based document of a multi-document file, when the line is not known.
    pub document: Option<usize>,
    /// The kustomization whose build shows the problem, when the file lies outside it (a
    /// base's placeholder that one overlay leaves unpatched).
    pub build: Option<String>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => write!(f, "{file}:{line}:{column}")?,
            (Some(file), Some(line), None) => write!(f, "{file}:{line}")?,
            (Some(file), None, _) => f.write_str(file)?,
            (None, Some(line), Some(column)) => write!(f, "line {line}, column {column}")?,
            (None, Some(line), None) => write!(f, "line {line}")?,
            (None, None, _) => {}
        }
        match (self.document, self.file.is_some() || self.line.is_some()) {
            (Some(document), true) if self.line.is_none() => write!(f, " (document {document})"),
            (Some(document), false) => write!(f, "document {document}"),
            _ => Ok(()),
        }
    }
}

/// One problem in the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Error, warning or note.
    pub severity: Severity,
    /// The field the problem is in, from the root of the object (or config, or kustomization).
    pub path: FieldPath,
    /// The code of its rule (`unknownChannel`): the same in text, `-o json`, KRM results and docs.
    pub code: Code,
    /// What is wrong, and how to fix it.
    pub message: String,
    /// Where it was written, when known.
    pub origin: Option<Origin>,
    /// The object (or config) it is about, when it is about one.
    pub object: Option<ObjectRef>,
}

impl Diagnostic {
    /// A finding at `path`, with its rule's severity.
    pub fn of(path: FieldPath, finding: impl Finding) -> Self {
        let rule = finding.rule();
        Self::with(rule.severity, rule, path, finding.to_string())
    }

    /// A finding at `path` with another severity than its rule's, which only a rule that says
    /// when its severity [`varies`](Rule::varies) allows (checked in debug builds).
    pub fn new(severity: Severity, path: FieldPath, finding: impl Finding) -> Self {
        let rule = finding.rule();
        debug_assert!(
            severity == rule.severity || rule.varies.is_some(),
            "`{}` is a {} by its rule, which does not say its severity varies, not a {severity}",
            rule.code,
            rule.severity,
        );
        Self::with(severity, rule, path, finding.to_string())
    }

    fn with(severity: Severity, rule: &Rule, path: FieldPath, message: String) -> Self {
        Self { severity, path, code: rule.code, message, origin: None, object: None }
    }
}

impl From<&crate::yaml::YamlError> for Diagnostic {
    /// The one way a YAML syntax error is told, whichever command read the text (`render`,
    /// `render --each`, `check`, the function): code `yamlSyntax`, at the line and column where
    /// the parser stopped. The caller adds the file.
    fn from(e: &crate::yaml::YamlError) -> Self {
        Diagnostic {
            origin: Some(Origin { line: e.line, column: e.column, ..Origin::default() }),
            ..Diagnostic::of(FieldPath::root(), DiagnosticKind::YamlSyntax { message: e.message.clone() })
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = self.origin.as_ref().map(ToString::to_string).filter(|o| !o.is_empty()) {
            write!(f, "{origin}: ")?;
        }
        write!(f, "{}: ", self.severity)?;
        match &self.object {
            Some(object) if object.name.is_empty() => write!(f, "{}: ", object.kind)?,
            Some(object) => write!(f, "{}/{}: ", object.kind, object.name)?,
            None => {}
        }
        if !self.path.0.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(build) = self.origin.as_ref().and_then(|o| o.build.as_ref()) {
            write!(f, " (in the build of {build})")?;
        }
        Ok(())
    }
}

/// The machine-readable form (`oscgen check -o json`): where, what, and the code.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            severity: Severity,
            file: Option<&'a str>,
            line: Option<usize>,
            column: Option<usize>,
            object: &'a Option<ObjectRef>,
            path: String,
            message: &'a str,
            code: Code,
            #[serde(skip_serializing_if = "Option::is_none")]
            build: Option<&'a str>,
        }
        let origin = self.origin.as_ref();
        Wire {
            severity: self.severity,
            file: origin.and_then(|o| o.file.as_deref()),
            line: origin.and_then(|o| o.line),
            column: origin.and_then(|o| o.column),
            object: &self.object,
            path: self.path.to_string(),
            message: &self.message,
            code: self.code,
            build: origin.and_then(|o| o.build.as_deref()),
        }
        .serialize(serializer)
    }
}

/// All the problems found in one input. Rendering refuses to emit anything while it holds an error.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Report {
    /// The problems, in the order they were found.
    pub entries: Vec<Diagnostic>,
}

impl Report {
    /// Adds a finding at `path`, with its rule's severity.
    pub fn add(&mut self, path: FieldPath, finding: impl Finding) {
        self.entries.push(Diagnostic::of(path, finding));
    }

    /// Adds a finding at `path` with another severity, where its rule says its severity varies.
    pub fn add_as(&mut self, severity: Severity, path: FieldPath, finding: impl Finding) {
        self.entries.push(Diagnostic::new(severity, path, finding));
    }

    /// Whether any entry is an error.
    pub fn has_errors(&self) -> bool {
        self.entries.iter().any(|d| d.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Everything but the errors: warnings and notes, in order.
    pub fn notices(&self) -> impl Iterator<Item = &Diagnostic> {
        self.entries.iter().filter(|d| d.severity != Severity::Error)
    }

    /// Adds a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.entries.push(diagnostic);
    }

    /// Marks every entry without an object as being about `object` (the config it came from).
    pub fn attribute(&mut self, object: &ObjectRef) {
        for entry in &mut self.entries {
            entry.object.get_or_insert_with(|| object.clone());
        }
    }

    /// Names `file` as where every entry without a file was written.
    pub fn in_file(&mut self, file: &str) {
        for entry in &mut self.entries {
            let origin = entry.origin.get_or_insert_with(Origin::default);
            origin.file.get_or_insert_with(|| file.to_owned());
        }
    }

    /// Moves all entries of `other` into this report.
    pub fn extend(&mut self, other: Report) {
        self.entries.extend(other.entries);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}
