//! The validator: a `Check` functionConfig checks the items as one build, as `oscgen check`
//! does, and leaves them unchanged.

use oscgen_check::{Input, Options};
use oscgen_render::{Diagnostic, DiagnosticKind, FieldPath, Report};
use serde_json::Value;

use super::Processor;
use super::list::ResourceList;

/// Checks the items; every finding is a result, and any error fails the run.
#[derive(Debug, Clone, Copy)]
pub struct Validate;

impl Processor for Validate {
    fn process(&self, list: &ResourceList, _items: &mut Vec<Value>) -> Report {
        let mut report = list.function_config.as_ref().map(oscgen_check::check_config).unwrap_or_default();
        // A function reads no files: a catalog path has nothing to be relative to.
        if let Some(catalog) = list.function_config.as_ref().and_then(oscgen_check::check_config_catalog) {
            let reason =
                "the KRM function reads no files; run `oscgen check --catalog FILE` on the tree, or `oscgen check` \
                          with this Check config among the checked files"
                    .to_owned();
            let kind = oscgen_check::CheckKind::CatalogNotUsed { catalog, reason };
            report.push(Diagnostic::of(FieldPath::parse("spec.catalog"), kind));
        }
        let input = Input::Document { name: "<stdin>".to_owned(), document: list.document.clone() };
        // The functionConfig's version is the one given, as `--openshift` is for `oscgen check`.
        let openshift = list.function_config.as_ref().and_then(oscgen_check::check_config_openshift);
        match oscgen_check::check(&[input], &Options { openshift, ..Options::default() }) {
            Ok(found) => report.extend(found),
            Err(e) => {
                report.push(Diagnostic::of(FieldPath::root(), DiagnosticKind::Internal { message: e.to_string() }))
            }
        }
        report
    }

    fn failure_summary(&self, report: &Report) -> Option<String> {
        Some(crate::check::summary(report))
    }
}
