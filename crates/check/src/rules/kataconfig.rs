//! A cluster takes exactly one KataConfig: the operator's validating webhook refuses a second
//! (`ValidateCreate` in openshift/sandboxed-containers-operator `api/v1/kataconfig_webhook.go`).

use super::{Build, Out, distinct, is};
use crate::{DiagnosticKind as K, FieldPath, Severity};

/// A second KataConfig in one build is an error on it.
pub(crate) fn one_per_cluster(build: &Build<'_>, out: &mut Out<'_, '_>) {
    let mut first: Option<String> = None;
    let katas = build.objects.iter().filter(|o| is(o, "kataconfiguration.openshift.io", "KataConfig"));
    for kata in distinct(katas) {
        let name = kata.str("/metadata/name").unwrap_or_default().to_owned();
        match &first {
            None => first = Some(name),
            Some(first) => {
                let kind = K::SecondKataConfig { name, first: first.clone() };
                out.push(kata, Severity::Error, FieldPath::parse("metadata.name"), kind);
            }
        }
    }
}
