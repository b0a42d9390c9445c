//! What `check` makes of a kustomize build: each [`Event`] of oscgen-kustomize becomes one
//! [`Diagnostic`] here (its code, severity, message and origin), and [`CheckHost`] is the
//! build's host: it runs oscgen's generator configs with oscgen-render and checks `Check`
//! configs. One match, so the codes can move to a registry without touching the builder.

use oscgen_render::config;
use serde_json::Value;

use crate::kustomize::{Doc, Event, Events, Host, Position, Spot};
use crate::rules::placeholder::is_placeholder;
use crate::{CheckKind as K, Diagnostic, FieldPath, ObjectRef, Origin, Report, Segment, Severity};

/// Where a value was written, as a diagnostic names it.
pub(crate) fn origin(position: Position) -> Origin {
    Origin { file: Some(position.file), line: position.line, column: position.column, ..Origin::default() }
}

/// The diagnostic `check` reports for an event: its rule's severity, but for a patch that
/// matches nothing, whose severity the rule lets vary with what the event found.
pub(crate) fn diagnostic(event: Event) -> Diagnostic {
    let at =
        |spot: Spot, kind: K| Diagnostic { origin: Some(origin(spot.position)), ..Diagnostic::of(spot.path, kind) };
    match event {
        Event::Deprecated { at: spot, field, replacement } => at(spot, K::DeprecatedField { field, replacement }),
        Event::VersionsDiffer { at: spot, detail } => at(spot, K::KustomizeVersionsDiffer { detail }),
        Event::Fails { at: spot, message, fix } => at(spot, K::KustomizeFails { message, fix }),
        Event::NotModelled { at: spot, field } => at(spot, K::NotModelled { field }),
        Event::NotFollowed { at: spot, entry } => at(spot, K::NotFollowed { entry }),
        Event::ResourceNotFound { at: spot, entry, path } => at(spot, K::ResourceNotFound { entry, path }),
        Event::Cycle { at: spot, entry, path } => at(spot, K::Cycle { entry, path }),
        Event::NoKustomization { at: spot, entry, path } => at(spot, K::NoKustomization { entry, path }),
        Event::ComponentAsResource { at: spot, entry, path } => at(spot, K::ComponentAsResource { entry, path }),
        Event::InvalidKustomization { at: spot, message } => at(spot, K::InvalidKustomization { message }),
        Event::PatchFailed { at: spot, patch, message } => at(spot, K::PatchFailed { patch, message }),
        // An error when kustomize fails on it, when the object it was meant for (by all but
        // name or namespace) ships another value, or when it leaves a placeholder behind (the
        // value it was meant to replace); otherwise a warning, since the build works. Never an
        // error in a build that is not complete: the patch may match what was not followed.
        Event::PatchMatchesNothing { at: spot, patch, target, effect, candidates, fails, kept, left, opaque } => {
            let (kind, certain) = match kept {
                Some(k) => {
                    let (object, field, kept, intended) = (k.object, k.field, k.kept, k.intended);
                    (K::DeadPatchKeepsValue { patch, target, object, field, kept, intended, candidates }, true)
                }
                None => {
                    let placeholder_left = left.iter().any(|(field, value)| is_placeholder(value, last_key(field)));
                    (K::PatchMatchesNothing { patch, target, effect, candidates }, fails || placeholder_left)
                }
            };
            let severity = if !opaque && certain { Severity::Error } else { Severity::Warning };
            Diagnostic { origin: Some(origin(spot.position)), ..Diagnostic::new(severity, spot.path, kind) }
        }
        Event::Unreadable { path, message, at: spot } => {
            let (origin, field) = match spot {
                Some(spot) => (origin(spot.position), spot.path),
                None => (Origin { file: Some(path.clone()), ..Origin::default() }, FieldPath::root()),
            };
            Diagnostic { origin: Some(origin), ..Diagnostic::of(field, K::Unreadable { path, message }) }
        }
        Event::YamlSyntax { file, error } => {
            let mut diagnostic = Diagnostic::from(&error);
            diagnostic.origin.get_or_insert_with(Origin::default).file = Some(file);
            diagnostic
        }
    }
}

/// The last key of a field path (`channel` of `spec.channel`).
fn last_key(path: &FieldPath) -> Option<&str> {
    path.0.iter().rev().find_map(|s| match s {
        Segment::Key(k) => Some(k.as_str()),
        Segment::Index(_) => None,
    })
}

/// The host of `check`'s builds: the diagnostics found, in order, each with whether it is a
/// failure of `kustomize build` (an error kustomize itself stops at).
#[derive(Default)]
pub(crate) struct CheckHost {
    pub found: Vec<(Diagnostic, bool)>,
}

impl CheckHost {
    /// Runs `build` with a new host, and adds what it found to `report`.
    pub fn reporting<T>(report: &mut Report, build: impl FnOnce(&mut CheckHost) -> T) -> T {
        let mut host = CheckHost::default();
        let out = build(&mut host);
        report.entries.extend(host.found.into_iter().map(|(d, _)| d));
        out
    }

    fn problem(&mut self, doc: &Doc, object: Option<ObjectRef>, mut d: Diagnostic) {
        d.origin = Some(origin(doc.place.origin(&d.path)));
        if object.is_some() {
            d.object = object;
        }
        self.found.push((d, false));
    }
}

impl Events for CheckHost {
    fn event(&mut self, event: Event) {
        let fails = event.fails();
        let d = diagnostic(event);
        let fails = fails && d.severity == Severity::Error;
        self.found.push((d, fails));
    }
}

impl Host for CheckHost {
    /// A `Check` config: only its own problems. An oscgen generator config: its diagnostics,
    /// as `oscgen render` gives them, and the objects it renders (added to the build, so the
    /// rules that span objects see them).
    fn generate(&mut self, doc: &Doc) -> Option<Vec<Value>> {
        if crate::is_check_config(&doc.value) {
            for d in crate::check_config(&doc.value).entries {
                self.problem(doc, None, d);
            }
            return Some(Vec::new());
        }
        if doc.value.get("apiVersion").and_then(Value::as_str) != Some(config::API_VERSION) {
            return None;
        }
        let object = Some(ObjectRef::of(&doc.value));
        let mut objects = Vec::new();
        // Notes (what a resolution rests on) are for `oscgen render`; check reports problems only.
        let problems = |report: Report| report.entries.into_iter().filter(|d| d.severity != Severity::Info);
        let rendered = config::from_value(&doc.value).and_then(|config| {
            oscgen_render::render(std::slice::from_ref(&config)).map_err(|e| match e {
                oscgen_render::Error::Invalid(found) => found,
                e => Report { entries: vec![internal(e.to_string())] },
            })
        });
        match rendered {
            Ok(rendered) => {
                for d in problems(rendered.warnings) {
                    self.problem(doc, object.clone(), d);
                }
                for generated in &rendered.objects {
                    match generated.to_value() {
                        Ok(value) => objects.push(value),
                        Err(e) => self.problem(doc, object.clone(), internal(e.to_string())),
                    }
                }
            }
            Err(found) => problems(found).for_each(|d| self.problem(doc, object.clone(), d)),
        }
        Some(objects)
    }
}

/// An internal error (oscgen failed, not the input).
fn internal(message: String) -> Diagnostic {
    Diagnostic::of(FieldPath::root(), oscgen_render::DiagnosticKind::Internal { message })
}
