//! Patch targets: kustomize's selector, where group, version, kind, name and namespace are
//! each an anchored regular expression and the label and annotation selectors are Kubernetes
//! selectors (kubernetes-sigs/kustomize, `api/types/selector.go` and
//! `api/resource/resource.go` `OrgIdMatches`, kustomize/v4.5.4). An object is matched under
//! every name it has had in the build, as kustomize matches by its original id too.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::source::{Id, Obj};

/// A `target` as written in a kustomization.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Selector {
    /// API group (a regular expression; empty is the core group).
    pub group: Option<String>,
    /// API version.
    pub version: Option<String>,
    /// Kind.
    pub kind: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Namespace.
    pub namespace: Option<String>,
    /// A label selector (`app=osc,tier!=db`).
    pub label_selector: Option<String>,
    /// An annotation selector.
    pub annotation_selector: Option<String>,
}

/// Which objects of a build a target selects.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The indexes of the objects it selects.
    pub matched: Vec<usize>,
    /// Some object could not be decided (a set-based selector, which is not evaluated).
    pub undecided: bool,
}

fn pattern_matches(pattern: &str, value: &str) -> bool {
    // Targets are matched against every object of a build: compile each pattern once.
    thread_local! {
        static COMPILED: std::cell::RefCell<BTreeMap<String, Option<regex::Regex>>> =
            const { std::cell::RefCell::new(BTreeMap::new()) };
    }
    COMPILED.with(|compiled| {
        let mut compiled = compiled.borrow_mut();
        if compiled.len() > 1024 {
            compiled.clear();
        }
        let re =
            compiled.entry(pattern.to_owned()).or_insert_with(|| regex::Regex::new(&format!("^(?:{pattern})$")).ok());
        match re {
            Some(re) => re.is_match(value),
            None => pattern == value,
        }
    })
}

/// The terms of a label selector, split at the commas outside parentheses.
fn terms(selector: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in selector.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(selector[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(selector[start..].trim());
    out.retain(|t| !t.is_empty());
    out
}

/// A Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a`, `!a`, `a in (x,y)`,
/// `a notin (x)`) against `labels`; `None` when it cannot be read.
fn selector_matches(selector: &str, labels: Option<&serde_json::Map<String, Value>>) -> Option<bool> {
    let get = |k: &str| labels.and_then(|l| l.get(k.trim())).and_then(Value::as_str);
    let set = |values: &str| -> Option<Vec<String>> {
        let inner = values.trim().strip_prefix('(')?.strip_suffix(')')?;
        Some(inner.split(',').map(|v| v.trim().to_owned()).collect())
    };
    let mut all = true;
    for term in terms(selector) {
        let ok = if let Some((k, values)) = term.split_once(" notin ") {
            let values = set(values)?;
            get(k).is_none_or(|v| !values.iter().any(|x| x == v))
        } else if let Some((k, values)) = term.split_once(" in ") {
            let values = set(values)?;
            get(k).is_some_and(|v| values.iter().any(|x| x == v))
        } else if term.contains('(') {
            return None;
        } else if let Some((k, v)) = term.split_once("!=") {
            get(k) != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            get(k) == Some(v.trim())
        } else if let Some(k) = term.strip_prefix('!') {
            get(k).is_none()
        } else {
            get(term).is_some()
        };
        all &= ok;
    }
    Some(all)
}

/// The namespace pattern of an id without a namespace: none, or `default`.
const DEFAULT_NAMESPACE: &str = "|default";

/// A patch target, ready to match: empty fields dropped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    group: Option<String>,
    version: Option<String>,
    /// The kind pattern, if it names one.
    pub kind: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
    label_selector: Option<String>,
    annotation_selector: Option<String>,
}

impl Target {
    /// The target a `target:` selects (an empty field selects anything).
    pub fn new(selector: &Selector) -> Self {
        let s = |field: &Option<String>| field.clone().filter(|s| !s.is_empty());
        Self {
            group: s(&selector.group),
            version: s(&selector.version),
            kind: s(&selector.kind),
            name: s(&selector.name),
            namespace: s(&selector.namespace),
            label_selector: s(&selector.label_selector),
            annotation_selector: s(&selector.annotation_selector),
        }
    }

    /// The objects of `objects` this target selects. The one place both patch formats match.
    pub fn select(&self, objects: &[Obj]) -> Selection {
        let mut selection = Selection::default();
        for (i, obj) in objects.iter().enumerate() {
            match self.matches(obj) {
                Some(true) => selection.matched.push(i),
                Some(false) => {}
                None => selection.undecided = true,
            }
        }
        selection
    }

    /// A strategic merge patch's own identity.
    pub fn of_patch(value: &Value) -> Self {
        let id = Id::of(value);
        let (group, version) = id.group_version();
        let some = |s: &str| (!s.is_empty()).then(|| regex::escape(s));
        Self {
            group: some(group),
            version: some(version),
            kind: some(&id.kind),
            name: some(&id.name),
            // kustomize compares ids with no namespace as `default`: a patch without one
            // matches only objects without one (or in `default`).
            namespace: Some(match id.namespace.as_deref() {
                None | Some("" | "default") => DEFAULT_NAMESPACE.to_owned(),
                Some(ns) => regex::escape(ns),
            }),
            ..Self::default()
        }
    }

    /// Whether `obj` (under any name it has had) is selected; `None` when that cannot be told.
    fn matches(&self, obj: &Obj) -> Option<bool> {
        let field =
            |pattern: &Option<String>, value: &str| pattern.as_deref().is_none_or(|p| pattern_matches(p, value));
        let by_id = obj.ids.iter().any(|id| {
            let (group, version) = id.group_version();
            field(&self.group, group)
                && field(&self.version, version)
                && field(&self.kind, &id.kind)
                && field(&self.name, &id.name)
                && field(&self.namespace, id.namespace.as_deref().unwrap_or_default())
        });
        let mut result = Some(by_id);
        for (selector, pointer) in
            [(&self.label_selector, "/metadata/labels"), (&self.annotation_selector, "/metadata/annotations")]
        {
            if let Some(selector) = selector {
                let found = selector_matches(selector, obj.value.pointer(pointer).and_then(Value::as_object));
                result = match (result, found) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                };
            }
        }
        result
    }

    /// The one object (one identity, any copies) this target would select if its name and
    /// namespace were left out, when it names a kind and something else kept it from matching.
    pub fn near_miss(&self, objects: &[Obj]) -> Option<usize> {
        self.kind.as_ref()?;
        if self.name.is_none() && self.namespace.is_none() {
            return None;
        }
        let loose = Self { name: None, namespace: None, ..self.clone() };
        let matched = loose.select(objects);
        if matched.undecided {
            return None;
        }
        let first = *matched.matched.first()?;
        let id = objects[first].id();
        matched.matched.iter().all(|&i| objects[i].id() == id).then_some(first)
    }

    /// The target in words, for messages (`Subscription `x` in namespace `y``).
    pub fn describe(&self) -> String {
        let unescape = |s: &str| s.replace('\\', "");
        let mut text = self.kind.as_deref().map_or_else(|| "any kind".to_owned(), unescape);
        if let Some(name) = &self.name {
            text.push_str(&format!(" `{}`", unescape(name)));
        }
        if let Some(namespace) = self.namespace.as_ref().filter(|n| *n != DEFAULT_NAMESPACE) {
            text.push_str(&format!(" in namespace `{}`", unescape(namespace)));
        }
        match (&self.group, &self.version) {
            (Some(g), Some(v)) => text.push_str(&format!(" (apiVersion {}/{})", unescape(g), unescape(v))),
            (Some(g), None) => text.push_str(&format!(" (group {})", unescape(g))),
            (None, Some(v)) => text.push_str(&format!(" (version {})", unescape(v))),
            (None, None) => {}
        }
        if let Some(selector) = &self.label_selector {
            text.push_str(&format!(" with labels `{selector}`"));
        }
        if let Some(selector) = &self.annotation_selector {
            text.push_str(&format!(" with annotations `{selector}`"));
        }
        text
    }

    /// What the build has instead, and the fix when it is obvious.
    pub fn candidates(&self, objects: &[Obj], own: bool) -> Option<String> {
        let kind = self.kind.as_deref()?;
        let same_kind: Vec<Id> = objects.iter().map(Obj::id).filter(|id| pattern_matches(kind, &id.kind)).fold(
            Vec::new(),
            |mut seen, id| {
                if !seen.contains(&id) {
                    seen.push(id);
                }
                seen
            },
        );
        let kind = kind.replace('\\', "");
        let [only] = same_kind.as_slice() else {
            if same_kind.is_empty() {
                return Some(format!("the build has no {kind}"));
            }
            let names: Vec<String> = same_kind.iter().take(5).map(|id| format!("`{}`", id.name)).collect();
            return Some(format!("the build's {kind} objects are {}", names.join(", ")));
        };
        let mut text = format!("the build has {kind} `{}`", only.name);
        if let Some(ns) = &only.namespace {
            text.push_str(&format!(" in namespace `{ns}`"));
        }
        let field = |p: &Option<String>, v: &str| p.as_deref().is_none_or(|p| pattern_matches(p, v));
        let (group, version) = only.group_version();
        // A patch without `target` is matched by its own apiVersion, kind and metadata.
        let (name, namespace, api) = if own {
            ("the patch's metadata.name", "the patch's metadata.namespace", "the patch's apiVersion")
        } else {
            ("the target's name", "the target's namespace", "the target's group and version")
        };
        if !field(&self.name, &only.name) {
            text.push_str(&format!(": set {name} to {}", only.name));
        } else if !field(&self.namespace, only.namespace.as_deref().unwrap_or_default()) {
            text.push_str(&format!(": set {namespace} to {}", only.namespace.as_deref().unwrap_or("\"\"")));
        } else if !field(&self.group, group) || !field(&self.version, version) {
            text.push_str(&format!(": its apiVersion is {}, fix {api}", only.api_version));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn label_selectors_as_kubernetes_reads_them() {
        let labels = json!({"tier": "front", "app": "web"});
        let labels = labels.as_object();
        for (selector, expected) in [
            ("tier=front", Some(true)),
            ("tier==front,app=web", Some(true)),
            ("tier!=back", Some(true)),
            ("zone!=a", Some(true)),
            ("tier", Some(true)),
            ("!tier", Some(false)),
            ("tier in (front, back)", Some(true)),
            ("tier notin (front)", Some(false)),
            ("zone notin (a)", Some(true)),
            ("zone in (a)", Some(false)),
            ("tier in front", None),
        ] {
            assert_eq!(selector_matches(selector, labels), expected, "{selector}");
        }
    }
}
