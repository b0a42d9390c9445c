//! What a build says about itself: typed [`Event`]s with the facts, never a severity or a
//! sentence to parse. The program that runs the build decides how much each matters
//! (oscgen-check maps each to one diagnostic).

use oscgen_yaml::{FieldPath, YamlError};
use serde_json::Value;

use crate::source::{Doc, Position};

/// A field of a kustomization (or of a patch in it), and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spot {
    /// The field, in the kustomization (`patches[0].target.name`).
    pub path: FieldPath,
    /// Where it was written (the kustomization's own start when the field is not in it).
    pub position: Position,
}

/// The value a patch that matched nothing leaves in the object it was meant for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptValue {
    /// The object, as shown (`Subscription `osc` in namespace `x``).
    pub object: String,
    /// The field the patch writes.
    pub field: String,
    /// The value the object keeps, as shown (a Secret's is not shown).
    pub kept: String,
    /// The value the patch would have written, as shown.
    pub intended: String,
}

/// Something a build found. Each says whether kustomize itself fails on it ([`Event::fails`]);
/// the rest is for the caller to weigh. Exhaustive on purpose: a new event makes every caller
/// decide what it is worth.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A deprecated kustomization field, with what to write instead.
    Deprecated {
        /// The field.
        at: Spot,
        /// Its name (`bases`).
        field: String,
        /// What to write instead.
        replacement: String,
    },
    /// kustomize 4.5.4 and kubectl kustomize 5.5 build this differently.
    VersionsDiffer {
        /// What differs.
        at: Spot,
        /// How they differ.
        detail: String,
    },
    /// kustomize fails on this, in its own words.
    Fails {
        /// What it fails on.
        at: Spot,
        /// kustomize's reason.
        message: String,
        /// How to fix it.
        fix: String,
    },
    /// A field the model does not build as kustomize would: the objects may differ.
    NotModelled {
        /// The field.
        at: Spot,
        /// What is not modelled.
        field: String,
    },
    /// A remote entry, or a generator config the host does not run: what it adds is unknown.
    NotFollowed {
        /// The entry's field.
        at: Spot,
        /// The entry, as written.
        entry: String,
    },
    /// A resource, component or patch file that does not exist.
    ResourceNotFound {
        /// The entry's field.
        at: Spot,
        /// The entry, as written.
        entry: String,
        /// The path it names.
        path: String,
    },
    /// A kustomization that includes itself.
    Cycle {
        /// The entry's field.
        at: Spot,
        /// The entry, as written.
        entry: String,
        /// The directory it names.
        path: String,
    },
    /// A directory entry without a kustomization file.
    NoKustomization {
        /// The entry's field.
        at: Spot,
        /// The entry, as written.
        entry: String,
        /// The directory it names.
        path: String,
    },
    /// A Component listed under `resources`.
    ComponentAsResource {
        /// The entry's field.
        at: Spot,
        /// The entry, as written.
        entry: String,
        /// The directory it names.
        path: String,
    },
    /// A kustomization file that does not have kustomize's shape.
    InvalidKustomization {
        /// The field that is wrong (in the kustomization file).
        at: Spot,
        /// What the decoder said.
        message: String,
    },
    /// A patch that cannot be read or applied.
    PatchFailed {
        /// The patch's field.
        at: Spot,
        /// The patch, as shown.
        patch: String,
        /// Why.
        message: String,
    },
    /// A patch whose target matches nothing in the build.
    PatchMatchesNothing {
        /// The patch's field.
        at: Spot,
        /// The patch, as shown.
        patch: String,
        /// Its target, as shown.
        target: String,
        /// What happens: the patch does nothing, or kustomize fails and why.
        effect: String,
        /// Objects of the build it may have meant, as shown.
        candidates: Option<String>,
        /// Whether kustomize fails on it (a patch without a `target` must match one object).
        fails: bool,
        /// The value the object it was meant for (all but name or namespace) keeps instead.
        kept: Option<KeptValue>,
        /// The strings that objects of the build hold at the fields the patch writes, by field:
        /// the values the patch was meant to replace (a placeholder left behind, say). They
        /// may be a Secret's: for deciding, never for showing.
        left: Vec<(FieldPath, String)>,
        /// Whether the build is incomplete (something was not followed or is not modelled),
        /// so the patch may match what the model does not see.
        opaque: bool,
    },
    /// A file or directory that cannot be read.
    Unreadable {
        /// The path, as shown.
        path: String,
        /// Why.
        message: String,
        /// The field that names it, when a kustomization does.
        at: Option<Spot>,
    },
    /// A file that is not YAML.
    YamlSyntax {
        /// The file, as shown.
        file: String,
        /// Where and why the parser stopped.
        error: YamlError,
    },
}

impl Event {
    /// Whether `kustomize build` fails on this (kustomize itself stops at the first).
    pub fn fails(&self) -> bool {
        match self {
            Event::Fails { .. }
            | Event::ResourceNotFound { .. }
            | Event::Cycle { .. }
            | Event::NoKustomization { .. }
            | Event::ComponentAsResource { .. }
            | Event::InvalidKustomization { .. }
            | Event::PatchFailed { .. }
            | Event::Unreadable { .. }
            | Event::YamlSyntax { .. } => true,
            Event::PatchMatchesNothing { fails, .. } => *fails,
            Event::Deprecated { .. }
            | Event::VersionsDiffer { .. }
            | Event::NotModelled { .. }
            | Event::NotFollowed { .. } => false,
        }
    }
}

/// Hears a build's events, in the order the build meets them.
pub trait Events {
    /// One event.
    fn event(&mut self, event: Event);
}

impl Events for Vec<Event> {
    fn event(&mut self, event: Event) {
        self.push(event);
    }
}

/// The program a build runs in: it hears the events and runs the function configs kustomize
/// would run as generators or transformers (an exec or container KRM function), which the
/// model cannot run itself.
pub trait Host: Events {
    /// A document met among `resources`, or in a `generators` or `transformers` file. `None`
    /// when it is not a config the host runs: the build takes it as kustomize would (an object,
    /// or a function it does not follow). Otherwise the objects it generates, in order (none for
    /// a config that only configures the host); the host reports the config's own problems
    /// itself, at `doc.place`.
    fn generate(&mut self, doc: &Doc) -> Option<Vec<Value>>;
}

/// A host that runs no function configs and keeps the events (tests, and callers that only
/// want kustomize's own build).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recorder {
    /// The events, in order.
    pub events: Vec<Event>,
}

impl Events for Recorder {
    fn event(&mut self, event: Event) {
        self.events.push(event);
    }
}

impl Host for Recorder {
    fn generate(&mut self, _: &Doc) -> Option<Vec<Value>> {
        None
    }
}
