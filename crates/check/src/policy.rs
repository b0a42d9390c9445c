//! Objects an RHACM Policy places on its managed clusters, checked as the cluster objects they
//! are: each `objectDefinition` of a ConfigurationPolicy's `object-templates` (and of its
//! `object-templates-raw` when that is plain YAML), and the
//! Subscription (and OperatorGroup) of an OperatorPolicy, found in the Policy's
//! `spec.policy-templates` (open-cluster-management-io/governance-policy-propagator and
//! config-policy-controller CRDs, as `crates/render/schemas` holds them). Findings point at
//! their lines inside the Policy, and the objects count as present for the rules that look
//! for one (a `peer-pods-cm` a Policy delivers is there).
//!
//! Values that are hub or managed-cluster templates (`{{hub ... hub}}`, `{{ ... }}`) are
//! filled in by the policy framework; [`templated`] tells the rules not to judge them.

use std::borrow::Cow;

use serde_json::{Value, json};

use crate::FieldPath;
use crate::source::{Layer, Obj};

const GROUP: &str = "policy.open-cluster-management.io";

/// Where in a managed cluster's view an object of a Policy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    /// A ConfigurationPolicy's `object-templates`.
    ConfigurationPolicy,
    /// An OperatorPolicy's `subscription` (OLM objects the policy controller manages).
    OperatorPolicy,
}

fn is(value: &Value, kind: &str) -> bool {
    value.get("kind").and_then(Value::as_str) == Some(kind)
        && value.get("apiVersion").and_then(Value::as_str).is_some_and(|v| v.starts_with(&format!("{GROUP}/")))
}

/// `objects` with the objects their Policies place added after them; borrowed as they are
/// when none is a Policy.
pub(crate) fn expand(objects: &[Obj]) -> Cow<'_, [Obj]> {
    if !objects.iter().any(|o| is(&o.value, "Policy")) {
        return Cow::Borrowed(objects);
    }
    let mut out = objects.to_vec();
    for policy in objects.iter().filter(|o| is(&o.value, "Policy") && !o.synthetic) {
        let templates = FieldPath::parse("spec.policy-templates");
        let list = policy.value.pointer("/spec/policy-templates").and_then(Value::as_array);
        for (i, template) in list.into_iter().flatten().enumerate() {
            let Some(definition) = template.get("objectDefinition") else { continue };
            let at = templates.index(i).key("objectDefinition");
            if is(definition, "ConfigurationPolicy") {
                configuration_policy(policy, definition, &at, &mut out);
            } else if is(definition, "OperatorPolicy") {
                operator_policy(policy, definition, &at, &mut out);
            }
        }
    }
    Cow::Owned(out)
}

/// An object placed from `value`, written in `policy` at `at`.
fn placed(policy: &Obj, value: Value, at: &FieldPath, via: Via) -> Obj {
    let mut obj = Obj::new(value, policy.place.at(at));
    obj.written = policy.written && policy.layers.is_empty();
    obj.via = Some(via);
    obj
}

fn configuration_policy(policy: &Obj, definition: &Value, at: &FieldPath, out: &mut Vec<Obj>) {
    let spec = at.key("spec");
    let list = definition.pointer("/spec/object-templates").and_then(Value::as_array);
    for (i, template) in list.into_iter().flatten().enumerate() {
        let path = spec.key("object-templates").index(i).key("objectDefinition");
        place_template(policy, template, &path, out);
    }
    // `object-templates-raw` is the same list as YAML text, for Go templates that build it;
    // plain YAML is read as the list it is (its objects then point at the key), while text
    // with templates is left to the policy framework, which fills it in on each cluster.
    let raw = definition.pointer("/spec/object-templates-raw").and_then(Value::as_str);
    if let Some(list) =
        raw.filter(|text| !text.contains("{{")).and_then(|text| oscgen_render::yaml::documents(text).ok())
    {
        let path = spec.key("object-templates-raw");
        for template in list.iter().filter_map(Value::as_array).flatten() {
            place_template(policy, template, &path, out);
        }
    }
}

/// One entry of `object-templates`: its `objectDefinition`, unless the policy removes it.
fn place_template(policy: &Obj, template: &Value, path: &FieldPath, out: &mut Vec<Obj>) {
    // An object the policy removes is not on the cluster.
    let compliance = template.get("complianceType").and_then(Value::as_str).unwrap_or_default();
    if compliance.eq_ignore_ascii_case("mustnothave") {
        return;
    }
    if let Some(object) = template.get("objectDefinition").filter(|o| o.is_object()) {
        out.push(placed(policy, object.clone(), path, Via::ConfigurationPolicy));
    }
}

/// An OperatorPolicy's `spec.subscription` is a Subscription's `spec` plus its `name` (the
/// package, and the Subscription's name) and `namespace`; `spec.operatorGroup`, when given,
/// is the OperatorGroup it creates (without one it creates a default group itself).
fn operator_policy(policy: &Obj, definition: &Value, at: &FieldPath, out: &mut Vec<Obj>) {
    let spec = at.key("spec");
    if let Some(Value::Object(sub)) = definition.pointer("/spec/subscription") {
        // The package name is both the Subscription's name and its `spec.name`.
        let name = sub.get("name").cloned().unwrap_or(Value::Null);
        let value = olm_object("operators.coreos.com/v1alpha1", "Subscription", name, sub.clone());
        out.push(operator_policy_object(policy, value, &spec.key("subscription")));
    }
    if let Some(Value::Object(group)) = definition.pointer("/spec/operatorGroup") {
        let mut fields = group.clone();
        let name = fields.remove("name").unwrap_or(Value::Null);
        let value = olm_object("operators.coreos.com/v1", "OperatorGroup", name, fields);
        out.push(operator_policy_object(policy, value, &spec.key("operatorGroup")));
    }
}

/// An OLM object an OperatorPolicy describes by `fields` (its `spec`, and its `namespace`).
fn olm_object(api_version: &str, kind: &str, name: Value, mut fields: serde_json::Map<String, Value>) -> Value {
    let mut metadata = json!({"name": name});
    if let Some(ns) = fields.remove("namespace") {
        metadata["namespace"] = ns;
    }
    json!({"apiVersion": api_version, "kind": kind, "metadata": metadata, "spec": Value::Object(fields)})
}

/// `value` placed by the OperatorPolicy field at `path`: the object's `spec.channel` is
/// `<path>.channel` in the Policy.
fn operator_policy_object(policy: &Obj, value: Value, path: &FieldPath) -> Obj {
    let mut obj = placed(policy, value, path, Via::OperatorPolicy);
    let place = obj.place.clone();
    obj.layers.push(Layer::Json { place, at: FieldPath::parse("spec") });
    obj
}

/// Whether `value` is a hub or managed-cluster template the policy framework fills in.
pub(crate) fn templated(value: &Value) -> bool {
    value.as_str().is_some_and(|s| s.contains("{{"))
}
