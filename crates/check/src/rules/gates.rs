//! The operator's feature gates: every key of `osc-feature-gates` against the gates the
//! subscribed release reads ([`feature_gates::GATES`], from `catalog.toml`). The operator looks each gate up by its
//! exact name, so a key it does not know (a misspelling, another case, a gate of a private
//! build) is silently ignored, and so is a gate of a later release.

use oscgen_render::feature_gates::{self, GATES};
use serde_json::Value;

use super::{Out, Scope, distinct};
use crate::{CheckKind as K, DiagnosticKind as R, FieldPath, Severity};

/// Every key of every `osc-feature-gates` written in the build.
pub(crate) fn check(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let release = build.release();
    let known: Vec<&str> = match release {
        Some(release) => feature_gates::gates_read_by(release),
        None => GATES.iter().map(|g| g.name).collect(),
    };
    for cm in distinct(build.objects.iter().filter(|o| !o.synthetic && super::peerpods::is_feature_gates(o))) {
        let data = cm.value.get("data").and_then(Value::as_object);
        for key in data.into_iter().flatten().map(|(k, _)| k) {
            if known.contains(&key.as_str()) {
                continue;
            }
            let at = FieldPath::root().key("data").key(key.clone());
            let later = GATES.iter().find(|g| g.name == key);
            match (later, release) {
                (Some(gate), Some(release)) => {
                    let kind = R::FeatureNotInRelease {
                        feature: format!("feature gate `{}`", gate.name),
                        release: release.version.to_owned(),
                        since: gate.since.to_owned(),
                    };
                    // The release ignores a gate it does not read yet: nothing fails.
                    out.push_as(cm, Severity::Warning, at, kind);
                }
                _ => {
                    let kind = K::UnknownFeatureGate {
                        key: key.clone(),
                        release: release.map_or_else(|| "any release".to_owned(), |r| format!("release {}", r.version)),
                        known: known.join(", "),
                        suggestion: known.iter().find(|gate| gate.eq_ignore_ascii_case(key)).map(|g| (*g).to_owned()),
                    };
                    out.push(cm, at, kind);
                }
            }
        }
    }
}
