//! kustomize's build as a library: what `kustomize build DIR` makes of a kustomization, with
//! where every value was written, so a checker can point at the text behind a value.
//!
//! - [`Kustomization`] is the file as kustomize reads it (`types.Kustomization`).
//! - [`Builds`] follows `resources`, runs the generators, applies components and then the
//!   built-in transformers (patches with kustomize's target matching, `namespace`, name
//!   prefixes, labels, `replicas`, `images`), in kustomize's order: 5.5's, with the 4.5.4
//!   differences it knows reported as [`Event::VersionsDiffer`].
//! - Files are read through a [`Files`] (kustomize's `filesys.FileSystem`): the caller brings
//!   the real file system, [`MemFiles`] holds a tree in memory. This crate does no I/O of its
//!   own. Every file is read once, by oscgen-yaml, as oscgen-render reads configs.
//! - Function configs under `generators` and `transformers` (an exec or container KRM
//!   function) are run by the [`Host`], which also hears every [`Event`]: typed facts (a patch
//!   that matches nothing and whether kustomize fails on it, a missing resource, a construct
//!   not modelled), never a severity. The caller decides what each is worth.
//!
//! Only what oscgen's checks need is modelled. Anything not followed (a remote base, a
//! function the host does not run) makes the build "opaque" ([`Output::opaque`]), which the
//! events about patches that match nothing say.
//!
//! ```
//! use std::path::Path;
//! use oscgen_kustomize::{Builds, Event, Loader, MemFiles, Recorder};
//!
//! let files = MemFiles::from_texts([
//!     ("app/kustomization.yaml", "resources: [cm.yaml]\nnamePrefix: dev-\npatches:\n- path: fix.yaml\n"),
//!     ("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {level: info}\n"),
//!     ("app/fix.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: setings}\ndata: {level: debug}\n"),
//! ]);
//! let mut loader = Loader::new(Box::new(files), 1 << 20);
//! let mut host = Recorder::default();
//! let out = Builds::new().build(Path::new("app"), &mut loader, &mut host).expect("a build");
//!
//! // The prefix is applied; the misspelt patch matched nothing, and kustomize fails on it.
//! assert_eq!(out.objects[0].value["metadata"]["name"], "dev-settings");
//! assert_eq!(out.objects[0].value["data"]["level"], "info");
//! let Event::PatchMatchesNothing { at, fails, .. } = &host.events[0] else { panic!("{:?}", host.events) };
//! assert!(*fails);
//! assert_eq!(at.path.to_string(), "patches[0].path");
//! assert_eq!((at.position.file.as_str(), at.position.line), ("app/kustomization.yaml", Some(4)));
//! ```

mod build;
mod event;
mod files;
pub mod generate;
mod json6902;
mod load;
mod patch;
mod source;
mod target;
#[cfg(test)]
mod tests;
mod transform;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

pub use build::{Builds, Output, Unmatched, objects};
pub use event::{Event, Events, Host, KeptValue, Recorder, Spot};
pub use files::{Entry, Files, MemFiles};
pub use generate::{GeneratorArgs, GeneratorOptions};
pub use load::{FileData, Loader};
pub use oscgen_yaml::{FieldPath, Segment};
pub use source::{Doc, Id, Layer, Obj, Place, Position, normalize};
pub use target::Selector;
pub use transform::{Image, Labels, Replicas};

/// The file names kustomize looks for in a directory, in its order.
pub const KUSTOMIZATION_NAMES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// Whether `path` is named like a kustomization file.
pub fn is_kustomization_name(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| KUSTOMIZATION_NAMES.contains(&n))
}

/// The fields of kustomize's `types.Kustomization` that [`Kustomization`] does not type
/// (kubernetes-sigs/kustomize, `api/types/kustomization.go`, kustomize/v4.5.4), and
/// `sortOptions`, which kustomize 5 added.
const KNOWN_ELSEWHERE: &[&str] = &[
    "apiVersion",
    "metadata",
    "openapi",
    "replacements",
    "vars",
    "helmChartInflationGenerator",
    "inventory",
    "buildMetadata",
    "sortOptions",
];

/// A kustomization file (`kustomize.config.k8s.io/v1beta1` `Kustomization`, or `v1alpha1`
/// `Component`), with the fields `check` follows typed and everything else kept as written.
/// Field names and shapes follow kustomize's `types.Kustomization`
/// (kubernetes-sigs/kustomize, `api/types/kustomization.go`, kustomize/v4.5.4).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Kustomization {
    /// `Kustomization` or `Component`.
    pub kind: Option<String>,
    /// Files, directories and remote bases to include.
    pub resources: Vec<String>,
    /// The deprecated spelling of directory `resources`.
    pub bases: Vec<String>,
    /// Components whose patches apply to what came before them.
    pub components: Vec<String>,
    /// Generator configs (oscgen's among them).
    pub generators: Vec<String>,
    /// Transformer configs (oscgen's among them).
    pub transformers: Vec<String>,
    /// Validator configs.
    pub validators: Vec<String>,
    /// CRD files that teach kustomize about custom kinds.
    pub crds: Vec<String>,
    /// Transformer configuration files.
    pub configurations: Vec<String>,
    /// Patches, each with a `path` or an inline `patch`, and an optional `target`.
    pub patches: Vec<PatchEntry>,
    /// The deprecated JSON 6902 patch list.
    #[serde(rename = "patchesJson6902")]
    pub patches_json6902: Vec<PatchEntry>,
    /// The deprecated strategic merge patch list: file names or inline patches.
    pub patches_strategic_merge: Vec<String>,
    /// The namespace every namespaced object is moved to.
    pub namespace: Option<String>,
    /// Prepended to every name.
    pub name_prefix: Option<String>,
    /// Appended to every name.
    pub name_suffix: Option<String>,
    /// ConfigMaps to generate.
    pub config_map_generator: Vec<GeneratorArgs>,
    /// Secrets to generate.
    pub secret_generator: Vec<GeneratorArgs>,
    /// Options for every generator of this kustomization.
    pub generator_options: GeneratorOptions,
    /// Labels for every object, their selectors and pod templates.
    pub common_labels: BTreeMap<String, String>,
    /// Labels, each set with where it goes.
    pub labels: Vec<Labels>,
    /// Annotations for every object and pod template.
    pub common_annotations: BTreeMap<String, String>,
    /// Image names, tags and digests to set.
    pub images: Vec<Image>,
    /// Replica counts to set, by object name.
    pub replicas: Vec<Replicas>,
    /// Helm charts to inflate (not modelled: what they add is unknown).
    pub helm_charts: Option<Value>,
    /// Helm settings (not modelled).
    pub helm_globals: Option<Value>,
    /// Every other field, by name: `apiVersion`, `metadata`, and the fields `check` does not
    /// model (`replacements`, `vars`, ...).
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl Kustomization {
    /// The deprecated fields this kustomization uses, with what to write instead.
    pub fn deprecated(&self) -> Vec<(&'static str, &'static str)> {
        let uses = [
            (!self.bases.is_empty(), "bases", "list these directories under `resources` instead"),
            (
                !self.patches_json6902.is_empty(),
                "patchesJson6902",
                "write each entry under `patches` (same `target`, and `path` or `patch`)",
            ),
            (
                !self.patches_strategic_merge.is_empty(),
                "patchesStrategicMerge",
                "list each file under `patches` as `- path: <file>`",
            ),
        ];
        uses.into_iter().filter(|(used, ..)| *used).map(|(_, field, fix)| (field, fix)).collect()
    }

    /// The fields set here that `check` does not build as kustomize would.
    pub fn not_modelled(&self) -> Vec<&str> {
        let mut fields: Vec<&str> = self
            .other
            .keys()
            .map(String::as_str)
            .filter(|k| KNOWN_ELSEWHERE.contains(k) && !["apiVersion", "metadata", "sortOptions"].contains(k))
            .collect();
        let typed = [
            (self.helm_charts.is_some(), "helmCharts"),
            (self.helm_globals.is_some(), "helmGlobals"),
            (!self.crds.is_empty(), "crds"),
            (!self.configurations.is_empty(), "configurations"),
            (self.labels.iter().any(|l| l.fields.is_some()), "labels[].fields"),
        ];
        fields.extend(typed.into_iter().filter(|(used, _)| *used).map(|(_, field)| field));
        fields
    }

    /// Fields kustomize does not know: it decodes a kustomization strictly, so each fails the
    /// build (`json: unknown field "..."`).
    pub fn unknown_fields(&self) -> Vec<&str> {
        self.other.keys().map(String::as_str).filter(|k| !KNOWN_ELSEWHERE.contains(k)).collect()
    }

    /// Whether this is a `Component`, which patches whatever includes it and builds nothing alone.
    pub fn is_component(&self) -> bool {
        self.kind.as_deref() == Some("Component")
    }
}

/// One entry of `patches` or `patchesJson6902`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PatchEntry {
    /// A file holding the patch.
    pub path: Option<String>,
    /// The patch itself, inline.
    pub patch: Option<String>,
    /// Which objects it applies to; without one, a strategic merge patch names its target itself.
    pub target: Option<Selector>,
}

/// Whether a `resources` entry names something remote, which `check` does not fetch.
pub fn is_remote(entry: &str) -> bool {
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.starts_with("github.com/")
        || entry.starts_with("gitlab.com/")
        || entry.contains("?ref=")
        || entry.contains(".git//")
}
