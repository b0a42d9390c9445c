//! Custom resources against the `openAPIV3Schema` of their CRD.
//!
//! `scripts/gen-schemas` prepares each served version's schema at build time: converted to
//! JSON Schema draft 4 (`x-kubernetes-*` extensions made explicit, unknown fields refused),
//! `default`s kept, and cut into parts, the root and the property subtrees objects seldom have
//! (a `status`, a Subscription's `spec.config`, fields with a regular expression). A part's
//! parent has the empty schema at its field, and a part never has a `default` of its own (a
//! test keeps both so), so checking the parts an object has is checking it against the whole
//! schema. Here each part is only embedded, then parsed and compiled the first time an object
//! has its field, once per process.

use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use serde_json::{Value, json};

use super::{KataCrd, McoCrds, SchemaViolation, Schemas, TrusteeCrd};
use crate::{Error, FieldPath, Segment};

/// One CRD's prepared schemas.
pub(super) struct Crd {
    /// Its structural schema's name (`kataconfig-osc-devel`).
    #[cfg_attr(not(test), allow(dead_code))]
    name: &'static str,
    /// `spec.group`.
    #[cfg_attr(not(test), allow(dead_code))]
    group: &'static str,
    /// `spec.names.kind`.
    #[cfg_attr(not(test), allow(dead_code))]
    kind: &'static str,
    /// Every served version.
    versions: &'static [Version],
}

/// One served version of a CRD.
struct Version {
    /// `v1`.
    name: &'static str,
    /// The root first; [`Part::inner`] are indexes into this.
    parts: &'static [Part],
}

/// A part of a [`Version`]'s schema.
struct Part {
    /// Which [`LOADED`] slot holds it once read.
    id: usize,
    /// Its file under `schemas/draft4/`.
    file: &'static str,
    /// The fields leading to it from the object's root (none for the root).
    fields: &'static [&'static str],
    /// The parts directly inside it.
    inner: &'static [usize],
    /// Its JSON Schema, the parts inside it as `{}`.
    text: &'static str,
}

/// A [`Part`] of `schemas/draft4/`: its slot, file, fields and inner parts.
macro_rules! part {
    ($id:literal, $file:literal, [$($field:literal),*], [$($inner:literal),*]) => {
        Part {
            id: $id,
            file: $file,
            fields: &[$($field),*],
            inner: &[$($inner),*],
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/draft4/", $file)),
        }
    };
}

include!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/draft4/index.rs"));

/// A [`Part`] once read.
struct Loaded {
    /// Read for defaults and messages.
    schema: Value,
    validator: jsonschema::Validator,
}

/// Every part read so far, by [`Part::id`].
static LOADED: [OnceLock<Result<Loaded, String>>; PART_COUNT] = [const { OnceLock::new() }; PART_COUNT];

impl Crd {
    /// The CRD for a group and kind under `schemas`.
    pub(super) fn find(group: &str, kind: &str, schemas: Schemas) -> Option<&'static Crd> {
        let mco = |old, new| match schemas.mco {
            McoCrds::Release410 => old,
            McoCrds::OpenShiftApi => new,
        };
        Some(match (group, kind) {
            ("kataconfiguration.openshift.io", "KataConfig") => match schemas.kata {
                KataCrd::Osc11 => &KATACONFIG_OSC_1_1,
                KataCrd::Devel => &KATACONFIG_OSC_DEVEL,
            },
            ("machineconfiguration.openshift.io", "MachineConfig") => {
                mco(&MACHINECONFIG_MCO_RELEASE_4_10, &MACHINECONFIG_OPENSHIFT_API)
            }
            ("machineconfiguration.openshift.io", "MachineConfigPool") => {
                mco(&MACHINECONFIGPOOL_MCO_RELEASE_4_10, &MACHINECONFIGPOOL_OPENSHIFT_API)
            }
            ("machineconfiguration.openshift.io", "ContainerRuntimeConfig") => {
                mco(&CONTAINERRUNTIMECONFIG_MCO_RELEASE_4_10, &CONTAINERRUNTIMECONFIG_OPENSHIFT_API_DEFAULT)
            }
            ("confidentialcontainers.org", "KbsConfig") => match schemas.trustee {
                TrusteeCrd::V0_3_0 => &KBSCONFIG_TRUSTEE_OPERATOR_V0_3_0,
                TrusteeCrd::V0_5_0 => &KBSCONFIG_TRUSTEE_OPERATOR_V0_5_0,
                TrusteeCrd::V0_19_0 => &KBSCONFIG_TRUSTEE_OPERATOR_V0_19_0,
            },
            // Before v0.17.0 upstream (Red Hat build 1.0) there is no TrusteeConfig.
            ("confidentialcontainers.org", "TrusteeConfig") => match schemas.trustee {
                TrusteeCrd::V0_19_0 => &TRUSTEECONFIG_TRUSTEE_OPERATOR_V0_19_0,
                TrusteeCrd::V0_3_0 | TrusteeCrd::V0_5_0 => return None,
            },
            ("operators.coreos.com", "Subscription") => &SUBSCRIPTION_OPERATORS_COREOS_COM,
            ("operators.coreos.com", "OperatorGroup") => &OPERATORGROUP_OPERATORS_COREOS_COM,
            ("operators.coreos.com", "CatalogSource") => &CATALOGSOURCE_OPERATORS_COREOS_COM,
            ("policy.open-cluster-management.io", "Policy") => &POLICY_GOVERNANCE_POLICY_PROPAGATOR,
            ("policy.open-cluster-management.io", "PlacementBinding") => &PLACEMENTBINDING_GOVERNANCE_POLICY_PROPAGATOR,
            ("policy.open-cluster-management.io", "ConfigurationPolicy") => {
                &CONFIGURATIONPOLICY_CONFIG_POLICY_CONTROLLER
            }
            ("policy.open-cluster-management.io", "OperatorPolicy") => &OPERATORPOLICY_CONFIG_POLICY_CONTROLLER,
            ("cluster.open-cluster-management.io", "Placement") => &PLACEMENT_OCM_API,
            ("cluster.open-cluster-management.io", "ManagedClusterSetBinding") => &MANAGEDCLUSTERSETBINDING_OCM_API,
            _ => return None,
        })
    }

    /// Flux's Kustomization (kustomize-controller's CRD, version v1 as it was at the commit
    /// `structural/kustomization-kustomize-controller.json` names). Not in [`Crd::find`]: the
    /// objects `check` meets in repositories use fields added since, which it would call unknown.
    pub(super) fn flux_kustomization() -> &'static Crd {
        &KUSTOMIZATION_KUSTOMIZE_CONTROLLER
    }

    /// Applies the defaults of served version `version` to `object` and returns every
    /// violation in it (`metadata` aside); `None` when the CRD does not serve that version.
    pub(super) fn check(&self, version: &str, object: &mut Value) -> Option<Result<Vec<SchemaViolation>, Error>> {
        let version = self.versions.iter().find(|v| v.name == version)?;
        Some(version.check(0, object))
    }
}

impl Version {
    /// Applies the defaults of part `index` to `instance` (the object's value at the part's
    /// fields) and returns every violation in it, the parts inside it included.
    fn check(&self, index: usize, instance: &mut Value) -> Result<Vec<SchemaViolation>, Error> {
        let part = &self.parts[index];
        let loaded = part.load()?;
        apply_defaults(&loaded.schema, instance);
        let mut out = violations(&loaded.schema, &loaded.validator, instance, part.fields);
        for &i in part.inner {
            let below = &self.parts[i].fields[part.fields.len()..];
            let value = below.iter().try_fold(&mut *instance, |value, field| value.as_object_mut()?.get_mut(*field));
            if let Some(value) = value {
                out.extend(self.check(i, value)?);
            }
        }
        Ok(out)
    }
}

impl Part {
    /// Parsed and compiled, on first use.
    fn load(&self) -> Result<&'static Loaded, Error> {
        LOADED[self.id]
            .get_or_init(|| {
                let schema: Value = serde_json::from_str(self.text).map_err(|e| e.to_string())?;
                let validator = jsonschema::draft4::options()
                    .should_validate_formats(true)
                    .should_ignore_unknown_formats(true)
                    .build(&schema)
                    .map_err(|e| e.to_string())?;
                Ok(Loaded { schema, validator })
            })
            .as_ref()
            .map_err(|message| Error::Schema { name: self.file.to_owned(), message: message.clone() })
    }
}

/// Fills in `default`s the way the API server does before validating: for every field the
/// schema declares with a default and the object leaves out, in objects that are present.
fn apply_defaults(schema: &Value, value: &mut Value) {
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (field, sub) in properties.into_iter().flatten() {
                match map.get_mut(field) {
                    Some(v) => apply_defaults(sub, v),
                    None => {
                        if let Some(default) = sub.get("default") {
                            let mut v = default.clone();
                            apply_defaults(sub, &mut v);
                            map.insert(field.clone(), v);
                        }
                    }
                }
            }
            if let Some(sub) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                for (field, v) in map.iter_mut() {
                    if !properties.is_some_and(|p| p.contains_key(field)) {
                        apply_defaults(sub, v);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items").filter(|s| s.is_object()) {
                items.iter_mut().for_each(|v| apply_defaults(sub, v));
            }
        }
        _ => {}
    }
}

/// The declared field an unknown one most likely means: the same name in another case
/// (`DisplayName`), else one that differs by a short ending (`matchLabel`, `matchLabels`).
fn meant<'k>(declared: impl Iterator<Item = &'k String> + Clone, field: &str) -> Option<String> {
    let lower = field.to_ascii_lowercase();
    let same = declared.clone().find(|k| k.to_ascii_lowercase() == lower && k.as_str() != field);
    let ending = |k: &&String| {
        let k = k.to_ascii_lowercase();
        let (short, long) = if k.len() < lower.len() { (&k, &lower) } else { (&lower, &k) };
        k != lower && long.starts_with(short.as_str()) && long.len() - short.len() <= 2 && short.len() >= 3
    };
    same.or_else(|| declared.clone().find(ending)).cloned()
}

/// A JSON pointer into `instance` as a field path; a number is an index only inside an array.
fn field_path(instance: &Value, pointer: &str) -> FieldPath {
    let mut path = FieldPath::root();
    let mut current = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        if let (Some(Value::Array(items)), Ok(i)) = (current, segment.parse::<usize>()) {
            current = items.get(i);
            path = path.index(i);
        } else {
            current = current.and_then(|v| v.get(&segment));
            path = path.key(segment);
        }
    }
    path
}

/// The `anyOf` the generator writes for `x-kubernetes-int-or-string`.
fn int_or_string() -> Value {
    json!([{ "type": "integer" }, { "type": "string" }])
}

/// The violations `validator` (compiled from `schema`) finds in `instance`, the object's
/// value at `fields`; paths are from the object's root.
fn violations(
    schema: &Value,
    validator: &jsonschema::Validator,
    instance: &Value,
    fields: &[&str],
) -> Vec<SchemaViolation> {
    let mut out = Vec::new();
    let prefix: Vec<Segment> = fields.iter().map(|f| Segment::Key((*f).to_owned())).collect();
    for error in validator.iter_errors(instance) {
        let mut at = field_path(instance, error.instance_path().as_str());
        at.0.splice(0..0, prefix.iter().cloned());
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                // The fields declared beside it: the schema that refused it, one step up.
                let parent = error.schema_path().as_str().trim_end_matches("/additionalProperties").to_owned();
                let declared = schema.pointer(&parent).and_then(|s| s.get("properties")).and_then(Value::as_object);
                for field in unexpected {
                    let suggestion = declared.and_then(|d| meant(d.keys(), field));
                    let path = at.key(field.clone());
                    out.push(SchemaViolation { path, message: super::UNKNOWN_FIELD.to_owned(), suggestion });
                }
            }
            ValidationErrorKind::Required { property } => {
                let field = property.as_str().map_or_else(|| property.to_string(), str::to_owned);
                out.push(SchemaViolation {
                    path: at.key(field),
                    message: "required field is missing".to_owned(),
                    suggestion: None,
                });
            }
            ValidationErrorKind::AnyOf { .. }
                if schema.pointer(error.schema_path().as_str()) == Some(&int_or_string()) =>
            {
                let message = format!("{} is neither an integer nor a string", error.instance());
                out.push(SchemaViolation { path: at, message, suggestion: None });
            }
            _ => out.push(SchemaViolation { path: at, message: error.to_string(), suggestion: None }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every part of `version` put back at its field: the whole schema.
    fn whole(version: &Version, index: usize) -> Value {
        let part = &version.parts[index];
        let mut schema: Value = serde_json::from_str(part.text).unwrap();
        for &i in part.inner {
            let mut at = &mut schema;
            for field in &version.parts[i].fields[part.fields.len()..] {
                at = &mut at["properties"][*field];
            }
            *at = whole(version, i);
        }
        schema
    }

    #[test]
    fn every_embedded_part_compiles() {
        let mut ids = Vec::new();
        for crd in CRDS {
            assert!(!crd.versions.is_empty(), "{}", crd.name);
            for version in crd.versions {
                for part in version.parts {
                    assert!(part.load().is_ok(), "{}: {:?}", part.file, part.load().err());
                    // A parent would apply this default when the field is missing.
                    let schema: Value = serde_json::from_str(part.text).unwrap();
                    assert!(part.fields.is_empty() || schema.get("default").is_none(), "{} has a default", part.file);
                    ids.push(part.id);
                }
            }
        }
        assert_eq!(ids, (0..PART_COUNT).collect::<Vec<_>>(), "one slot per part");
    }

    #[test]
    fn find_picks_the_crd_of_the_group_and_kind() {
        let every = [
            Schemas { kata: KataCrd::Osc11, mco: McoCrds::Release410, trustee: TrusteeCrd::V0_3_0 },
            Schemas { kata: KataCrd::Devel, mco: McoCrds::OpenShiftApi, trustee: TrusteeCrd::V0_5_0 },
            Schemas { trustee: TrusteeCrd::V0_19_0, ..Schemas::default() },
        ];
        let mut found = Vec::new();
        for crd in CRDS {
            for schemas in every {
                if let Some(picked) = Crd::find(crd.group, crd.kind, schemas) {
                    assert_eq!((picked.group, picked.kind), (crd.group, crd.kind));
                    found.push(picked.name);
                }
            }
        }
        // Flux's Kustomization has its own entry point, not `find`.
        found.push(Crd::flux_kustomization().name);
        for crd in CRDS {
            assert!(found.contains(&crd.name), "{} is never used", crd.name);
        }
    }

    #[test]
    fn parts_check_like_the_whole_schema() {
        // Wrong values inside the separately read parts (status, Subscription spec.config,
        // fields with a pattern) and outside them: the same violations as one validator of the
        // whole schema finds.
        let cases = [
            (
                &SUBSCRIPTION_OPERATORS_COREOS_COM,
                json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                "metadata": {"name": "s"},
                "spec": {"name": "p", "source": "s", "sourceNamespace": "n", "typo": 1,
                    "config": {"env": [{"name": 1}, {"value": "x"}], "resources": {"limits": {"cpu": {}}},
                        "volumes": [{"name": "v", "hostPath": {"path": 3}}], "unknown": true}},
                "status": {"lastUpdated": 5, "extra": {}}}),
            ),
            (
                &SUBSCRIPTION_OPERATORS_COREOS_COM,
                json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                "metadata": {"name": "s"}, "spec": "not an object", "status": []}),
            ),
            (
                &MACHINECONFIGPOOL_OPENSHIFT_API,
                json!({"apiVersion": "machineconfiguration.openshift.io/v1",
                "kind": "MachineConfigPool", "metadata": {"name": "p"},
                "spec": {"maxUnavailable": true, "nodeSelector": {"matchLabels": {"a": 1}},
                    "pinnedImageSets": [{"name": 1}]},
                "status": {"machineCount": "x", "conditions": [{"type": 1}], "nope": 0}}),
            ),
            (
                &MACHINECONFIG_MCO_RELEASE_4_10,
                json!({"apiVersion": "machineconfiguration.openshift.io/v1",
                "kind": "MachineConfig", "metadata": {"name": "m"},
                "spec": {"config": {"ignition": {"version": 3}, "storage": {"files": [{"path": 1, "mode": "x"}]}},
                    "kernelArguments": "k"}}),
            ),
            (
                &KATACONFIG_OSC_1_1,
                json!({"apiVersion": "kataconfiguration.openshift.io/v1", "kind": "KataConfig",
                "metadata": {"name": "k"}, "spec": {"kataConfigPoolSelector": {"matchLabels": {"k": 2}}}}),
            ),
            (
                &CONTAINERRUNTIMECONFIG_OPENSHIFT_API_DEFAULT,
                json!({"apiVersion": "machineconfiguration.openshift.io/v1",
                "kind": "ContainerRuntimeConfig", "metadata": {"name": "c"},
                "spec": {"containerRuntimeConfig": {"logSizeMax": "12xyz", "overlaySize": true, "logLevel": 3}}}),
            ),
            (
                &OPERATORGROUP_OPERATORS_COREOS_COM,
                json!({"apiVersion": "operators.coreos.com/v1", "kind": "OperatorGroup",
                "metadata": {"name": "o"}, "spec": {"upgradeStrategy": {"name": "x"}},
                "status": {"lastUpdated": "t", "conditions": [{"status": 1}]}}),
            ),
        ];
        let mut cut = 0;
        for (crd, object) in cases {
            let name = object["apiVersion"].as_str().unwrap().rsplit_once('/').unwrap().1;
            let version = crd.versions.iter().find(|v| v.name == name).unwrap();
            cut += usize::from(version.parts.len() > 1);
            let mut instance = object.clone();
            let mut parts = version.check(0, &mut instance).unwrap();

            let whole = whole(version, 0);
            let validator = jsonschema::draft4::options()
                .should_validate_formats(true)
                .should_ignore_unknown_formats(true)
                .build(&whole)
                .unwrap();
            let mut instance = object.clone();
            apply_defaults(&whole, &mut instance);
            let mut expected = violations(&whole, &validator, &instance, &[]);
            parts.sort();
            expected.sort();
            assert!(!expected.is_empty(), "{}", crd.name);
            assert_eq!(parts, expected, "{}", crd.name);
        }
        assert!(cut >= 4, "only {cut} of the cases have parts to test");
    }
}
