//! The generator: a `SandboxedContainersOperator`, `KataRuntime` or `SandboxedContainersPolicy`
//! functionConfig renders its objects into the list (a policy: the RHACM hub objects). A
//! `ConfidentialContainers` config for peer pods also writes its initdata into the
//! `peer-pods-cm` among the items (a kustomize transformer, or a kpt function after the
//! KataRuntime's).

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
        let (objects, initdata, mut report) = match generate(fc, list) {
            Ok(done) => done,
            Err(report) => (Vec::new(), None, report),
        };
        report.attribute(&ObjectRef::of(fc));
        if !report.has_errors() {
            upsert(items, objects);
            if let Some(value) = initdata {
                for item in items.iter_mut().filter(|i| is_peer_pods_config_map(i)) {
                    if let Some(map) = item.as_object_mut() {
                        let data = map.entry("data").or_insert_with(|| json!({}));
                        if let Some(data) = data.as_object_mut() {
                            data.insert("INITDATA".to_owned(), json!(value));
                        }
                    }
                }
            }
        }
        report
    }
}

/// `peer-pods-cm` in the operator's namespace (or without one: the build puts it there).
fn is_peer_pods_config_map(item: &Value) -> bool {
    let (api_version, kind, namespace, name) = identity(item);
    api_version == "v1"
        && kind == "ConfigMap"
        && name == oscgen_render::peerpods::CONFIG_MAP
        && (namespace.is_empty() || namespace == oscgen_render::catalog::NAMESPACE)
}

/// The objects, the peer-pods initdata value of a ConfidentialContainers config, and the
/// warnings.
type Generated = (Vec<Value>, Option<String>, Report);

fn generate(fc: &Value, list: &ResourceList) -> Result<Generated, Report> {
    let internal = |message: String| {
        let mut report = Report::default();
        report.add(FieldPath::root(), DiagnosticKind::Internal { message });
        report
    };
    // The list's source says how the functionConfig's label values were written (an unquoted
    // `yes` is a boolean to kubectl).
    let config = config::from_source(fc, &list.document.source, &FieldPath::root().key("functionConfig"))?;
    let result = match &config {
        config::Config::Coco(coco) => oscgen_render::render_coco_full(coco).map(|(rendered, initdata)| {
            let peer_pods = initdata
                .filter(|i| i.deployment == oscgen_render::api::oscgen::v1alpha1::CocoDeployment::PeerPods)
                .map(|i| i.encoded.value);
            (rendered, peer_pods)
        }),
        _ => oscgen_render::render(std::slice::from_ref(&config)).map(|rendered| (rendered, None)),
    };
    let (rendered, initdata) = match result {
        Ok(done) => done,
        Err(oscgen_render::Error::Invalid(report)) => return Err(report),
        Err(e) => return Err(internal(e.to_string())),
    };
    let objects = rendered.objects.iter().map(|o| o.to_value()).collect::<Result<Vec<_>, _>>();
    objects.map(|o| (o, initdata, rendered.warnings)).map_err(|e| internal(e.to_string()))
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
