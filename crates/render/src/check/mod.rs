//! `oscgen check`: existing manifests and kustomize repos, proved against the operator's rules
//! and the platform's schemas (feature `validate`).
//!
//! Inputs are files, directories (searched for `*.yaml`, `*.yml` and kustomization files)
//! and text (a `kustomize build` piped in). Each kustomization that no other one includes is
//! built the way kustomize would (resources followed, patches applied by their targets), and
//! its objects are checked together; YAML files outside any kustomization are checked
//! together per directory, and the files and text given by name form one set. Every
//! [`Finding`] names the file, line and column where the value was written (for a value a
//! patch set, in the patch), the object, and the field:
//!
//! - the operator's Subscription: a placeholder or unknown `channel`/`startingCSV`, a
//!   `startingCSV` from another channel, a namespace other than the operator's, no (or a
//!   wrong) OperatorGroup;
//! - label, annotation and node selector values YAML reads as booleans, numbers or null (read
//!   from the source text, so `kata: yes`, which kubectl's YAML 1.1 reads as a boolean, is
//!   found too);
//! - more than one KataConfig;
//! - kustomize patches whose target matches nothing (so the patch does nothing), patches that
//!   cannot apply, missing resources, deprecated fields;
//! - every object against its kind's schema ([`validate::check`](crate::validate::check)),
//!   with the KataConfig and MCO schemas of the subscribed release when there is one;
//! - oscgen generator configs, as `oscgen render` would report them.
//!
//! ```
//! use oscgen_render::check::{check, Input, Options};
//!
//! let text = "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\n\
//!             metadata: {name: k}\nspec:\n  kataConfigPoolSelector:\n    matchLabels: {kata: yes}\n";
//! let findings = check(&[Input::Text { name: "kata.yaml".into(), text: text.into() }], &Options::default())?;
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].to_string(), "kata.yaml:6:25: error: KataConfig/k: \
//!     spec.kataConfigPoolSelector.matchLabels.kata: label value yes is unquoted, so kubectl \
//!     (YAML 1.1) reads it as a boolean, but label values are strings; quote it: \"yes\"");
//! # Ok::<(), oscgen_render::Error>(())
//! ```

mod build;
mod kinds;
mod patch;
mod rules;
mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

pub use kinds::CheckKind;

use crate::{Error, FieldPath, Severity};
use build::{Context, is_kustomization_name, key};
use source::{Obj, normalize};

/// The object a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectRef {
    /// Its `apiVersion`.
    pub api_version: String,
    /// Its `kind`.
    pub kind: String,
    /// Its `metadata.namespace`, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Its `metadata.name`.
    pub name: String,
}

impl ObjectRef {
    /// The reference of an object's value.
    pub fn of(value: &Value) -> Self {
        let s = |pointer: &str| value.pointer(pointer).and_then(Value::as_str).unwrap_or_default().to_owned();
        Self {
            api_version: s("/apiVersion"),
            kind: s("/kind"),
            namespace: value.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_owned),
            name: s("/metadata/name"),
        }
    }
}

/// One problem found.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// Error (exit 1) or warning.
    pub severity: Severity,
    /// The file the value was written in, as given (or reached from what was given).
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The object, when the finding is about one.
    pub object: Option<ObjectRef>,
    /// The field, in the object (or in the kustomization, for its own findings).
    pub path: FieldPath,
    /// What is wrong, and how to fix it.
    pub kind: CheckKind,
    /// The kustomization directory whose build shows the problem, when the file is outside it
    /// (a base's placeholder that one overlay leaves unpatched).
    pub build: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => write!(f, "{file}:{line}:{column}: ")?,
            (Some(file), Some(line), None) => write!(f, "{file}:{line}: ")?,
            (Some(file), _, _) => write!(f, "{file}: ")?,
            _ => {}
        }
        write!(f, "{}: ", self.severity)?;
        if let Some(object) = &self.object {
            write!(f, "{}/{}: ", object.kind, object.name)?;
        }
        if !self.path.0.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.kind)?;
        if let Some(build) = &self.build {
            write!(f, " (in the build of {build})")?;
        }
        Ok(())
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            severity: Severity,
            file: &'a Option<String>,
            line: Option<usize>,
            column: Option<usize>,
            object: &'a Option<ObjectRef>,
            path: String,
            message: String,
            code: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            build: &'a Option<String>,
        }
        Wire {
            severity: self.severity,
            file: &self.file,
            line: self.line,
            column: self.column,
            object: &self.object,
            path: self.path.to_string(),
            message: self.kind.to_string(),
            code: self.kind.code(),
            build: &self.build,
        }
        .serialize(serializer)
    }
}

/// What to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// Text already read (stdin), with the name to show for it.
    Text {
        /// Shown as the file name (`<stdin>`).
        name: String,
        /// The YAML (or JSON) text.
        text: String,
    },
}

/// How to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Files larger than this are reported and skipped.
    pub max_file_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        // The binary's default input limit (`oscgen --max-input-bytes`), for the same reason: a
        // file this large reads within a few seconds and about 1 GiB with its source map.
        Self { max_file_bytes: 16 * 1024 * 1024 }
    }
}

/// Directories never searched: version control and tool state.
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules" || name == "target"
}

/// Files under `dir` that may hold manifests, sorted; kustomization directories apart.
fn walk(dir: &Path, kustomizations: &mut Vec<PathBuf>, files: &mut Vec<PathBuf>, cx: &mut Context, depth: usize) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            let kind = CheckKind::Unreadable { path: normalize(dir).display().to_string(), message: e.to_string() };
            cx.push(Severity::Error, source::Spot::default(), None, FieldPath::root(), kind);
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        // Symlinked directories are not followed (they can loop).
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if !skipped_dir(&name) && depth < 64 {
                walk(&path, kustomizations, files, cx, depth + 1);
            }
        } else if is_kustomization_name(&path) {
            kustomizations.push(dir.to_path_buf());
        } else if (name.ends_with(".yaml") || name.ends_with(".yml")) && path.is_file() {
            files.push(path);
        }
    }
}

/// Checks `inputs`. Returns every finding, sorted by file and position; an error only when an
/// input named on the command line cannot be read.
pub fn check(inputs: &[Input], options: &Options) -> Result<Vec<Finding>, Error> {
    let mut cx = Context::new(options.max_file_bytes);
    let mut named: Vec<Obj> = Vec::new();
    let mut kustomizations: Vec<PathBuf> = Vec::new();
    let mut walked: Vec<PathBuf> = Vec::new();
    let read_error = |path: &Path, source: std::io::Error| Error::Read { path: path.display().to_string(), source };
    for input in inputs {
        match input {
            Input::Text { name, text } => {
                let data = cx.parse(name.as_str().into(), text.clone());
                cx.objects(&data.docs, &mut named);
            }
            Input::Path(path) => {
                let metadata = std::fs::metadata(path).map_err(|e| read_error(path, e))?;
                if metadata.is_dir() {
                    std::fs::read_dir(path).map_err(|e| read_error(path, e))?;
                    walk(path, &mut kustomizations, &mut walked, &mut cx, 0);
                } else if is_kustomization_name(path) {
                    kustomizations.push(path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf));
                } else {
                    let data = cx.load(path).map_err(|e| read_error(path, e))?;
                    cx.objects(&data.docs, &mut named);
                }
            }
        }
    }

    let mut seen = BTreeSet::new();
    kustomizations.retain(|dir| seen.insert(key(dir)));
    for dir in &kustomizations {
        cx.build(dir);
    }
    // Only the builds nothing else includes are checked as a whole: a base with a
    // placeholder is fine as long as each overlay replaces it.
    for dir in &kustomizations {
        if cx.referenced.contains(&key(dir)) {
            continue;
        }
        if let Some(out) = cx.build(dir) {
            let root = normalize(dir);
            let build = rules::Build { objects: &out.objects, unmatched: &out.unmatched, root: Some(&root) };
            rules::check_build(&build, &mut cx.findings);
        }
    }
    let mut by_dir: BTreeMap<PathBuf, Vec<Obj>> = BTreeMap::new();
    for file in walked {
        if cx.consumed.contains(&key(&file)) {
            continue;
        }
        match cx.load(&file) {
            Ok(data) => {
                let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
                let objects = by_dir.entry(dir).or_default();
                cx.objects(&data.docs, objects);
            }
            Err(e) => {
                let kind =
                    CheckKind::Unreadable { path: normalize(&file).display().to_string(), message: e.to_string() };
                cx.push(Severity::Error, source::Spot::default(), None, FieldPath::root(), kind);
            }
        }
    }
    for objects in by_dir.values().chain(std::iter::once(&named)) {
        rules::check_build(&rules::Build { objects, unmatched: &[], root: None }, &mut cx.findings);
    }

    // A base's problem shows up in every build that includes it; once is enough.
    let mut seen = BTreeSet::new();
    let mut findings: Vec<Finding> =
        cx.findings.into_iter().filter(|f| seen.insert(format!("{f} {}", f.kind.code()))).collect();
    findings.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(findings)
}

/// Problems in a `Check` functionConfig itself (it takes no options yet, so any field in its
/// `spec` is a mistake).
pub fn function_config(value: &Value) -> Vec<Finding> {
    let mut cx = Context::new(0);
    let place = source::Place::new("functionConfig".into(), crate::yaml::SourceMap::default());
    cx.check_config(&source::Doc { value: value.clone(), place });
    for finding in &mut cx.findings {
        finding.file = None;
    }
    cx.findings
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
