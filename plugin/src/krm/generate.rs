//! The generator: a `SandboxedContainersOperator`, `KataRuntime` or `SandboxedContainersPolicy`
//! functionConfig renders its objects into the list (a policy: the RHACM hub objects).

use oscgen_render::{DiagnosticKind, FieldPath, ObjectRef, Report, config};
use serde_json::{Value, json};

use super::Processor;
use super::list::{ResourceList, bookkeeping, identity};

/// Renders the functionConfig's objects and upserts them into the items.
#[derive(Debug, Clone, Copy)]
pub struct Generate;

impl Processor for Generate {
    fn process(&self, list: &ResourceList, items: &mut Vec<Value>) -> Report {
        let Some(fc) = &list.function_config else { return Report::default() };
        let (objects, mut report) = match generate(fc, list) {
            Ok(done) => done,
            Err(report) => (Vec::new(), report),
        };
        report.attribute(&ObjectRef::of(fc));
        if !report.has_errors() {
            upsert(items, objects);
        }
        report
    }
}

fn generate(fc: &Value, list: &ResourceList) -> Result<(Vec<Value>, Report), Report> {
    let internal = |message: String| {
        let mut report = Report::default();
        report.error(FieldPath::root(), DiagnosticKind::Internal { message });
        report
    };
    // The list's source says how the functionConfig's label values were written (an unquoted
    // `yes` is a boolean to kubectl).
    let config = config::from_source(fc, &list.document.source, &FieldPath::root().key("functionConfig"))?;
    let rendered = match oscgen_render::render(std::slice::from_ref(&config)) {
        Ok(rendered) => rendered,
        Err(oscgen_render::Error::Invalid(report)) => return Err(report),
        Err(e) => return Err(internal(e.to_string())),
    };
    let objects = rendered.objects.iter().map(|o| o.to_value()).collect::<Result<Vec<_>, _>>();
    objects.map(|o| (o, rendered.warnings)).map_err(|e| internal(e.to_string()))
}

/// Input items in order, each generated object replacing the item with its identity (and
/// taking over that item's bookkeeping annotations), the rest appended.
fn upsert(items: &mut Vec<Value>, generated: Vec<Value>) {
    for mut object in generated {
        match items.iter().position(|item| identity(item) == identity(&object)) {
            Some(i) => {
                let kept = bookkeeping(&items[i]);
                if !kept.is_empty()
                    && let Some(metadata) = object.get_mut("metadata").and_then(Value::as_object_mut)
                {
                    let annotations = metadata.entry("annotations").or_insert_with(|| json!({}));
                    if let Some(annotations) = annotations.as_object_mut() {
                        annotations.extend(kept);
                    }
                }
                items[i] = object;
            }
            None => items.push(object),
        }
    }
}
