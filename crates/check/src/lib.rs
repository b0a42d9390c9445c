//! `oscgen check`: existing manifests and kustomize repos, proved against the operator's rules
//! and the platform's schemas.
//!
//! Inputs are files, directories (searched for `*.yaml`, `*.yml` and kustomization files)
//! and text (a `kustomize build` piped in). Each kustomization that no other one includes is
//! built the way kustomize would ([`kustomize`]: resources followed, patches applied by their
//! targets), and its objects are checked together; YAML files outside any kustomization are
//! checked together per directory, and the files and text given by name form one set. Every
//! finding is a [`Diagnostic`] naming the file, line and column where the value was written
//! (for a value a patch set, in the patch), the object, and the field ([`rules`]):
//!
//! - the operator's Subscription: a placeholder or unknown `channel`/`startingCSV`, a
//!   `startingCSV` from another channel, a namespace other than the operator's, no (or a
//!   wrong) OperatorGroup; with a target OpenShift version ([`Options::openshift`], or a
//!   `Check` config's `spec.openshiftVersion`), a channel or `startingCSV` that version's
//!   catalog does not serve, and deprecated channels and releases;
//! - KataConfig fields the subscribed release does not have (with a target version), a
//!   KataConfig with a namespace, `checkNodeEligibility: true` with no NodeFeatureDiscovery;
//! - a MachineConfig or RuntimeClass that the subscribed release's operator creates itself,
//!   written with other content;
//! - label, annotation and node selector values YAML reads as booleans, numbers or null (read
//!   from the source text, so `kata: yes`, which kubectl's YAML 1.1 reads as a boolean, is
//!   found too);
//! - more than one KataConfig, or one applied together with its operator but not after it (no
//!   later Argo CD sync wave);
//! - Argo CD settings (`argocd-cm`, the OpenShift GitOps `ArgoCD` resource) whose kustomize
//!   build options skip exec functions, when the tree uses oscgen;
//! - peer pods: a KataConfig with `enablePeerPods: true` and no `peer-pods-cm`, a
//!   `peer-pods-cm` without a key its `CLOUD_PROVIDER` needs, with an unknown key, a value of
//!   the wrong shape, or a key the operator writes itself;
//! - credentials committed to Git: a Secret (or a `secretGenerator` literal) holding a cloud
//!   credential or a private SSH key, named without its value (an error only for a real
//!   credential's shape; placeholders and templates, recognized by [`rules::placeholder`], pass);
//! - kustomize patches whose target matches nothing (so the patch does nothing, and the object
//!   it was meant for may ship another value), patches that
//!   cannot apply, missing resources, deprecated fields, constructs `check` does not model, and
//!   trees kustomize 4.5.4 and 5.5 build differently ([`build`] exposes the build itself, for
//!   comparing it with kustomize);
//! - every object against its kind's schema, with the KataConfig and MCO schemas of the
//!   subscribed release when there is one (a field the schema does not declare is a warning:
//!   the API server drops it);
//! - `osc-feature-gates` keys the subscribed release does not read, and bare-metal confidential
//!   containers without Node Feature Discovery and a NodeFeatureRule;
//! - Helm charts, which are not rendered, once per chart with the way to check their output;
//! - the objects RHACM Policies place (ConfigurationPolicy `object-templates`, OperatorPolicy
//!   `subscription`), checked as cluster objects at their lines inside the Policy;
//! - oscgen generator configs, as `oscgen render` would report them.
//!
//! ```
//! use oscgen_check::{check, Input, Options};
//!
//! let text = "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\n\
//!             metadata: {name: k}\nspec:\n  kataConfigPoolSelector:\n    matchLabels: {kata: yes}\n";
//! let report = check(&[Input::Text { name: "kata.yaml".into(), text: text.into() }], &Options::default())?;
//! assert_eq!(report.entries.len(), 1);
//! assert_eq!(report.entries[0].to_string(), "kata.yaml:6:25: error: KataConfig/k: \
//!     spec.kataConfigPoolSelector.matchLabels.kata: label value yes is unquoted, so kubectl \
//!     (YAML 1.1) reads it as a boolean, but label values are strings; quote it: \"yes\"");
//! # Ok::<(), oscgen_check::Error>(())
//! ```

pub mod catalog;
mod events;
pub mod findings;
mod load;
mod policy;
pub mod rules;
mod source;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use oscgen_render::catalog::OpenShift;
use serde_json::Value;

pub use findings::CheckKind;
use findings::codes;
pub use oscgen_kustomize as kustomize;
pub use oscgen_render::{
    Code, Diagnostic, DiagnosticKind, FieldPath, Finding, ObjectRef, Origin, Report, Rule, Segment, Severity,
};

use events::CheckHost;
use kustomize::Builds;
use oscgen_render::yaml::SourceDocument;
use source::{Doc, Obj, Place, normalize};

/// What to check.
#[derive(Clone, Debug, PartialEq)]
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
    /// A document already read with its positions (the ResourceList a KRM function received).
    Document {
        /// Shown as the file name (`<stdin>`).
        name: String,
        /// The document.
        document: SourceDocument,
    },
}

/// How to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Files larger than this are reported and skipped.
    pub max_file_bytes: u64,
    /// The OpenShift version of the target cluster (`oscgen check --openshift`, or the KRM
    /// functionConfig's). It wins over the `Check` configs among the inputs, and each that
    /// says otherwise gets a warning. Without it, the first `Check` config with
    /// `spec.openshiftVersion` decides; without either, every catalog oscgen has counts.
    pub openshift: Option<OpenShift>,
    /// A file-based catalog to judge the Subscription's channel and startingCSV against,
    /// instead of oscgen's copies of Red Hat's (`oscgen check --catalog FILE`).
    pub catalog: Option<std::sync::Arc<catalog::FileCatalog>>,
}

impl Default for Options {
    fn default() -> Self {
        // The binary's default input limit (`oscgen --max-input-bytes`), for the same reason: a
        // file this large reads within a few seconds and about 1 GiB with its source map.
        Self { max_file_bytes: 16 * 1024 * 1024, openshift: None, catalog: None }
    }
}

/// Why a check could not run at all (problems in what it reads are diagnostics instead).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input named on the command line cannot be read.
    #[error("{path}: {source}")]
    Read {
        /// The file or directory, as given.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
}

/// Checks `inputs`. Returns every finding, sorted by file and position; an error only when an
/// input named on the command line cannot be read.
pub fn check(inputs: &[Input], options: &Options) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut loader = load::loader(options.max_file_bytes);
    let mut named: Vec<Obj> = Vec::new();
    let mut kustomizations: Vec<PathBuf> = Vec::new();
    let mut walked: Vec<PathBuf> = Vec::new();
    let read_error = |path: &Path, source: std::io::Error| Error::Read { path: path.display().to_string(), source };
    let mut kustomize_builds = Builds::new();
    // Documents not in the loader's cache, searched for Check configs with the files.
    let mut texts: Vec<Doc> = Vec::new();
    for input in inputs {
        match input {
            Input::Text { name, text } => {
                let docs = CheckHost::reporting(&mut report, |host| loader.parse(name.as_str().into(), text, host));
                objects(&docs, &mut named, &mut report);
                texts.extend(docs);
            }
            Input::Document { name, document } => {
                let doc = Doc {
                    value: document.value.clone(),
                    place: Place::new(name.as_str().into(), document.source.clone()),
                };
                objects(std::slice::from_ref(&doc), &mut named, &mut report);
            }
            Input::Path(path) => {
                let metadata = std::fs::metadata(path).map_err(|e| read_error(path, e))?;
                if metadata.is_dir() {
                    std::fs::read_dir(path).map_err(|e| read_error(path, e))?;
                    let found = load::walk(path, &mut report);
                    kustomizations.extend(found.kustomizations);
                    walked.extend(found.files);
                    for other in &found.others {
                        rules::coco::private_key_file(other, &mut report);
                    }
                } else if kustomize::is_kustomization_name(path) {
                    kustomizations.push(path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf));
                } else {
                    let file = CheckHost::reporting(&mut report, |host| loader.load(path, host));
                    let file = file.map_err(|e| read_error(path, e))?;
                    objects(&file.docs, &mut named, &mut report);
                }
            }
        }
    }

    let mut seen = BTreeSet::new();
    kustomizations.retain(|dir| seen.insert(loader.key(dir)));
    for dir in &kustomizations {
        CheckHost::reporting(&mut report, |host| kustomize_builds.build(dir, &mut loader, host));
    }
    // Every object of every build and file, for the rules that span the whole tree.
    let mut everything: Vec<Obj> = Vec::new();
    // Only the builds nothing else includes are checked as a whole: a base with a
    // placeholder is fine as long as each overlay replaces it.
    let mut builds = Vec::new();
    for dir in &kustomizations {
        if kustomize_builds.referenced.contains(&loader.key(dir)) {
            continue;
        }
        let built = CheckHost::reporting(&mut report, |host| kustomize_builds.build(dir, &mut loader, host));
        if let Some(out) = built {
            let objects: Vec<Obj> = out.objects.iter().cloned().map(Obj::from).collect();
            let expanded = match policy::expand(&objects) {
                Cow::Owned(expanded) => Some(expanded),
                Cow::Borrowed(_) => None,
            };
            let objects = expanded.unwrap_or(objects);
            everything.extend(objects.iter().cloned());
            builds.push((out, objects, normalize(dir)));
        }
    }
    let mut by_dir: BTreeMap<PathBuf, Vec<Obj>> = BTreeMap::new();
    for file in walked {
        if kustomize_builds.consumed.contains(&loader.key(&file)) {
            continue;
        }
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        match CheckHost::reporting(&mut report, |host| loader.load(&file, host)) {
            Ok(data) => objects(&data.docs, by_dir.entry(dir).or_default(), &mut report),
            Err(e) => report.push(load::unreadable(&file, &e)),
        }
    }
    for objects in by_dir.values_mut().chain(std::iter::once(&mut named)) {
        if let Cow::Owned(expanded) = policy::expand(objects) {
            *objects = expanded;
        }
        everything.extend(objects.iter().cloned());
    }
    let openshift = target(options.openshift, loader.docs().chain(&texts), &mut report);
    // `--catalog` wins; else the first Check config's `spec.catalog`, read here.
    let given = options.catalog.as_deref();
    let configured = config_catalog(loader.docs().chain(&texts), given, &loader, &mut report);
    let tree = rules::Tree::new(&everything, openshift, options.catalog.as_deref().or(configured.as_ref()));
    for (out, objects, root) in &builds {
        let build = rules::Scope { objects, unmatched: &out.unmatched, root: Some(root), tree: &tree };
        let mut found = Report::default();
        rules::check_build(&build, &mut found);
        // What a field oscgen does not model changes is unknown: a value may be right after
        // all, so nothing about the objects is an error ("not modelled" says why).
        if out.unmodelled {
            for d in &mut found.entries {
                d.severity = d.severity.max(Severity::Warning);
            }
        }
        report.entries.extend(found.entries);
    }
    for objects in by_dir.values().chain(std::iter::once(&named)) {
        rules::check_build(&rules::Scope { objects, unmatched: &[], root: None, tree: &tree }, &mut report);
    }
    rules::check_tree(&rules::Scope { objects: &everything, unmatched: &[], root: None, tree: &tree }, &mut report);

    // A base's problem shows up in every build that includes it; once is enough.
    once_each(&mut report);
    report.entries.sort_by(|a, b| position(a).cmp(&position(b)));
    Ok(report)
}

/// The catalog the first `Check` config with `spec.catalog` names, read relative to that
/// config's file (within the loader's size limit). A file that cannot be read or is not `opm render`
/// output is an error at that `spec.catalog`, and the Subscription is then judged against
/// oscgen's data.
fn config_catalog<'d>(
    docs: impl Iterator<Item = &'d Doc>,
    given: Option<&catalog::FileCatalog>,
    loader: &kustomize::Loader,
    report: &mut Report,
) -> Option<catalog::FileCatalog> {
    let (doc, name) =
        docs.filter(|d| is_check_config(&d.value)).find_map(|doc| Some((doc, check_config_catalog(&doc.value)?)))?;
    let at = FieldPath::parse("spec.catalog");
    if let Some(given) = given {
        let reason = format!("--catalog {} was given, and the command line wins", given.file);
        report.push(Diagnostic {
            origin: Some(events::origin(doc.place.origin(&at))),
            object: Some(ObjectRef::of(&doc.value)),
            ..Diagnostic::of(at, CheckKind::CatalogNotUsed { catalog: name, reason })
        });
        return None;
    }
    let path = Path::new(&*doc.place.file).parent().unwrap_or(Path::new("")).join(&name);
    let shown = normalize(&path).display().to_string();
    let message = match loader.text(&path) {
        Ok(text) => match catalog::FileCatalog::parse(&shown, &text) {
            Ok(catalog) => return Some(catalog),
            Err(oscgen_render::Error::Catalog { message, .. }) => message,
            Err(other) => other.to_string(),
        },
        Err(e) => e.to_string(),
    };
    report.push(Diagnostic {
        origin: Some(events::origin(doc.place.origin(&at))),
        object: Some(ObjectRef::of(&doc.value)),
        ..Diagnostic::of(at, CheckKind::Unreadable { path: shown, message })
    });
    None
}

/// The objects of some documents (oscgen and `Check` configs run or checked), added to `out`.
fn objects(docs: &[Doc], out: &mut Vec<Obj>, report: &mut Report) {
    let mut found = Vec::new();
    CheckHost::reporting(report, |host| kustomize::objects(docs, &mut found, host));
    out.extend(found.into_iter().map(Obj::from));
}

/// The OpenShift version the check targets: `given` (the caller's), else the first `Check`
/// config's among `docs`. Every Check config that says otherwise gets a warning at its field.
fn target<'d>(given: Option<OpenShift>, docs: impl Iterator<Item = &'d Doc>, report: &mut Report) -> Option<OpenShift> {
    let path = FieldPath::parse("spec.openshiftVersion");
    let mut used: Option<(OpenShift, String)> =
        given.map(|v| (v, "given with --openshift, or in the function's config".to_owned()));
    for doc in docs.filter(|d| is_check_config(&d.value)) {
        let Some(version) = check_config_openshift(&doc.value) else { continue };
        match &used {
            None => used = Some((version, format!("from the Check config in {}", doc.place.file))),
            Some((v, _)) if *v == version => {}
            Some((v, why)) => report.push(Diagnostic {
                origin: Some(events::origin(doc.place.origin(&path))),
                object: Some(ObjectRef::of(&doc.value)),
                ..Diagnostic::of(
                    path.clone(),
                    CheckKind::OpenShiftVersionOverridden {
                        value: version.to_string(),
                        used: v.to_string(),
                        why: why.clone(),
                    },
                )
            }),
        }
    }
    used.map(|(v, _)| v)
}

/// What oscgen builds from one kustomization: the objects, as kustomize would print them, and
/// the findings about the build itself (not the rules on its objects).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Built {
    /// The built objects, in the order oscgen built them.
    pub objects: Vec<Value>,
    /// What the build said: failures, constructs not modelled, version differences.
    pub report: Report,
    /// For each entry of `report`, whether it is a failure of `kustomize build` (an error
    /// from an event kustomize fails on, [`kustomize::Event::fails`]).
    fails: Vec<bool>,
}

impl Built {
    /// The first finding that says kustomize build fails, if any.
    pub fn failure(&self) -> Option<&Diagnostic> {
        self.failures().into_iter().next()
    }

    /// Every finding that says kustomize build fails (kustomize itself stops at one of them).
    pub fn failures(&self) -> Vec<&Diagnostic> {
        self.report.entries.iter().zip(&self.fails).filter(|(_, fails)| **fails).map(|(d, _)| d).collect()
    }

    /// The constructs oscgen does not build as kustomize would (so its objects may differ).
    pub fn not_modelled(&self) -> Vec<&Diagnostic> {
        self.report.entries.iter().filter(|d| [codes::NotModelled, codes::NotFollowed].contains(&d.code)).collect()
    }

    /// Where kustomize 4.5.4 and kubectl kustomize 5.5 build differently, as oscgen knows.
    pub fn versions_differ(&self) -> Vec<&Diagnostic> {
        self.report.entries.iter().filter(|d| d.code == codes::KustomizeVersionsDiffer).collect()
    }
}

/// Builds the kustomization in `dir` as `check` models kustomize (`oscgen check
/// --print-build`), for comparing with what kustomize itself builds.
pub fn build(dir: &Path, options: &Options) -> Result<Built, Error> {
    std::fs::read_dir(dir).map_err(|source| Error::Read { path: dir.display().to_string(), source })?;
    let mut loader = load::loader(options.max_file_bytes);
    let mut host = CheckHost::default();
    let built = Builds::new().build_root(dir, &mut loader, &mut host);
    // Each finding with whether kustomize fails on it, so `Built::failures` need not guess.
    let mut found = host.found;
    let mut report = Report::default();
    let objects = match built {
        Some(out) => finish(&out.objects, &mut report),
        None if loader.kustomization_file(dir).is_none() => {
            let shown = dir.display().to_string();
            // Not an event of a build: the directory given has no kustomization to build.
            let kind = CheckKind::NoKustomization { entry: shown.clone(), path: shown };
            found.push((Diagnostic::of(FieldPath::root(), kind), true));
            Vec::new()
        }
        None => Vec::new(),
    };
    found.extend(report.entries.into_iter().map(|d| (d, false)));
    // A base's problem shows up in every build that includes it; once is enough.
    let mut seen = BTreeSet::new();
    found.retain(|(d, _)| seen.insert(once_key(d)));
    let (entries, fails) = found.into_iter().unzip();
    Ok(Built { objects, report: Report { entries }, fails })
}

/// Keeps the first of each finding that is reported more than once (the same text and code):
/// a base's problem shows up in every build that includes it.
fn once_each(report: &mut Report) {
    let mut seen = BTreeSet::new();
    report.entries.retain(|d| seen.insert(once_key(d)));
}

/// What makes two findings the same: their text and code.
fn once_key(d: &Diagnostic) -> String {
    format!("{d} {}", d.code)
}

/// The objects of a finished build as kustomize prints them: generated names get their
/// content hash. kustomize also rewrites references to a renamed object (a ConfigMap a
/// Deployment mounts, by its name before the prefix or hash); `check` does not, so a build
/// where another object names a renamed one by its old name says so.
fn finish(objects: &[kustomize::Obj], report: &mut Report) -> Vec<Value> {
    let mut values = Vec::with_capacity(objects.len());
    let mut renamed = BTreeSet::new();
    for obj in objects {
        let mut value = obj.value.clone();
        if obj.hash {
            let hash = kustomize::generate::hash(&value);
            if let Some(Value::String(name)) = value.pointer_mut("/metadata/name") {
                name.push('-');
                name.push_str(&hash);
            }
        }
        annotations(&mut value, report);
        let original = obj.ids.first().map(|id| id.name.clone()).unwrap_or_default();
        if value.pointer("/metadata/name").and_then(Value::as_str) != Some(original.as_str()) && !original.is_empty() {
            renamed.insert(original);
        }
        values.push(value);
    }
    fn names(value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        Value::String(s) if k == "name" || k.ends_with("Name") => found.push(s.clone()),
                        _ => names(v, found),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| names(v, found)),
            _ => {}
        }
    }
    if !renamed.is_empty() {
        for value in &values {
            let mut found = Vec::new();
            let fields = value.as_object().into_iter().flatten().filter(|(k, _)| k.as_str() != "metadata");
            fields.for_each(|(_, v)| names(v, &mut found));
            if let Some(old) = found.iter().find(|n| renamed.contains(*n)) {
                let kind = CheckKind::NotModelled { field: format!("name references (to `{old}`, renamed)") };
                report
                    .push(Diagnostic { object: Some(ObjectRef::of(value)), ..Diagnostic::of(FieldPath::root(), kind) });
                break;
            }
        }
    }
    values
}

/// kustomize keeps its own bookkeeping in every object's annotations and writes them back at
/// the end: what is left is a mapping of strings, or nothing (an empty mapping, or a value that
/// is not a mapping, is dropped; `1` and `true` become "1" and "true"). A list there is
/// dropped by kustomize 4.5.4 and makes kubectl kustomize 5.5 panic.
fn annotations(value: &mut Value, report: &mut Report) {
    let object = ObjectRef::of(value);
    let Some(metadata) = value.get_mut("metadata").and_then(Value::as_object_mut) else { return };
    match metadata.get_mut("annotations") {
        Some(Value::Object(map)) if !map.is_empty() => {
            for v in map.values_mut() {
                match v {
                    Value::Number(n) => *v = Value::String(n.to_string()),
                    Value::Bool(b) => *v = Value::String(b.to_string()),
                    _ => {}
                }
            }
        }
        Some(found) => {
            if found.is_array() {
                let detail = "`metadata.annotations` is a list: kustomize 4.5.4 drops it, kubectl kustomize 5.5 panics (index out of range)".to_owned();
                let kind = CheckKind::KustomizeVersionsDiffer { detail };
                report.push(Diagnostic {
                    object: Some(object),
                    ..Diagnostic::of(FieldPath::parse("metadata.annotations"), kind)
                });
            }
            metadata.shift_remove("annotations");
        }
        None => {}
    }
}

fn position(d: &Diagnostic) -> (Option<&str>, Option<usize>, Option<usize>) {
    let origin = d.origin.as_ref();
    (origin.and_then(|o| o.file.as_deref()), origin.and_then(|o| o.line), origin.and_then(|o| o.column))
}

/// Problems in a `Check` config (`oscgen.dev/v1alpha1`, kind `Check`), the functionConfig that
/// makes the KRM function a validator, reported at their field paths.
pub fn check_config(value: &Value) -> Report {
    let mut report = match oscgen_render::config::parse::<oscgen_render::api::oscgen::v1alpha1::Check>(value) {
        Ok(config) => {
            let mut report = Report::default();
            let path = FieldPath::parse("spec.openshiftVersion");
            oscgen_render::catalog::OpenShiftTarget::read(config.spec.openshift_version.as_deref(), &path, &mut report);
            report
        }
        Err(report) => report,
    };
    report.attribute(&ObjectRef::of(value));
    report
}

/// The OpenShift version a `Check` config targets (`spec.openshiftVersion`), when it gives a
/// valid one ([`check_config`] reports one that is not).
pub fn check_config_openshift(value: &Value) -> Option<OpenShift> {
    let config = oscgen_render::config::parse::<oscgen_render::api::oscgen::v1alpha1::Check>(value).ok()?;
    config.spec.openshift_version.as_deref().and_then(OpenShift::parse)
}

/// The catalog file a `Check` config names (`spec.catalog`), as written.
pub fn check_config_catalog(value: &Value) -> Option<String> {
    oscgen_render::config::parse::<oscgen_render::api::oscgen::v1alpha1::Check>(value).ok()?.spec.catalog
}

/// Whether an object is a `Check` config.
pub fn is_check_config(value: &Value) -> bool {
    use oscgen_render::api::k8s_openapi::Resource as _;
    use oscgen_render::api::oscgen::v1alpha1::Check;
    value.get("apiVersion").and_then(Value::as_str) == Some(Check::API_VERSION)
        && value.get("kind").and_then(Value::as_str) == Some(Check::KIND)
}
