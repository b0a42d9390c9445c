//! Checks objects against the upstream schemas of their kinds (feature `schema-check`).
//!
//! Custom resources are checked against the `openAPIV3Schema` of their CRD (`crd.rs`),
//! prepared by `scripts/gen-schemas` (descriptions removed, converted to JSON Schema draft 4,
//! cut into parts) and compiled on first use. The check follows what the API server does on
//! `kubectl apply --validate=strict`: defaults are applied first (a field with a `default` is
//! never missing), then every value is checked, and a field the structural schema does not
//! declare is reported as unknown unless its object has
//! `x-kubernetes-preserve-unknown-fields`. CEL rules (`x-kubernetes-validations`) are not
//! evaluated. `metadata` is checked the way the API server does for every kind: strictly
//! against `ObjectMeta`. `Namespace`, `ConfigMap` and `RuntimeClass` are round-tripped through
//! k8s-openapi's types (`typed.rs`): a field they do not read is unknown, a required field they have to fill
//! in is missing.
//!
//! Which generation of a CRD applies depends on the cluster, see [`Schemas::for_target`].
//!
//! ```
//! use oscgen_render::schema::{check, Schemas};
//!
//! let kata = serde_json::json!({
//!     "apiVersion": "kataconfiguration.openshift.io/v1",
//!     "kind": "KataConfig",
//!     "metadata": {"name": "cluster-kataconfig"},
//!     "spec": {"kataConfigPoolSelector": {"matchLabel": {"kata": "true"}}},
//! });
//! let violations = check(&kata, Schemas::default())?;
//! assert_eq!(violations[0].path.to_string(), "spec.kataConfigPoolSelector.matchLabel");
//! assert_eq!(violations[0].message, "unknown field");
//! # Ok::<(), oscgen_render::Error>(())
//! ```

mod crd;
mod typed;

use std::fmt;

use serde_json::Value;

use crate::catalog::{NodeBehaviour, OpenShift, Release};
pub use crate::crio::check_dropin;
use crate::{Error, FieldPath, Object, crio, dataurl};

/// The message of a violation for a field the schema does not declare.
pub const UNKNOWN_FIELD: &str = "unknown field";

/// One problem found in an object, at the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaViolation {
    /// The field: `spec.kataConfigPoolSelector.matchLabels` (for an unknown or missing field,
    /// the field itself).
    pub path: FieldPath,
    /// What is wrong: `unknown field`, `required field is missing`, or the schema's complaint.
    pub message: String,
    /// For an unknown field, the field the schema declares there under the same name in
    /// another case (`displayName` for `DisplayName`).
    pub suggestion: Option<String>,
}

impl fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.0.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

/// Which KataConfig CRD applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KataCrd {
    /// The operator's `release-1.1` CRD: `spec` has only `kataConfigPoolSelector`.
    Osc11,
    /// The operator's `devel` CRD (1.8 in progress), a superset of every release from 1.2 on.
    #[default]
    Devel,
}

/// Which generation of the Machine Config Operator's CRDs (MachineConfig, MachineConfigPool,
/// ContainerRuntimeConfig) applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum McoCrds {
    /// The hand-written CRDs of machine-config-operator `release-4.10`.
    Release410,
    /// The CRDs generated in openshift/api (master).
    #[default]
    OpenShiftApi,
}

/// Which trustee-operator CRDs (`KbsConfig`, `TrusteeConfig`) apply: the upstream tag whose
/// fields a Red Hat build of Trustee line has (`coco::catalog::Trustee::crd`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TrusteeCrd {
    /// Tag v0.3.0: KbsConfig only.
    V0_3_0,
    /// Tag v0.5.0: KbsConfig only, `kbsLocalCertCacheSpec.secrets[]`.
    V0_5_0,
    /// Tag v0.19.0: KbsConfig and TrusteeConfig.
    #[default]
    V0_19_0,
}

impl TrusteeCrd {
    /// The CRDs of a tag named in the catalog (`v0.19.0`).
    pub fn of_tag(tag: &str) -> Option<Self> {
        match tag {
            "v0.3.0" => Some(Self::V0_3_0),
            "v0.5.0" => Some(Self::V0_5_0),
            "v0.19.0" => Some(Self::V0_19_0),
            _ => None,
        }
    }
}

/// The schema generations to check against. The default is the newest of each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Schemas {
    /// For `KataConfig`.
    pub kata: KataCrd,
    /// For the MCO kinds.
    pub mco: McoCrds,
    /// For the Trustee kinds.
    pub trustee: TrusteeCrd,
}

impl Schemas {
    /// The schemas a cluster running `release` on OpenShift `openshift` has:
    ///
    /// - KataConfig: the 1.1 CRD for releases whose operator builds node objects the 1.0/1.1
    ///   way (1.0.x, 1.1.x; their `spec` has only `kataConfigPoolSelector`), the devel CRD for
    ///   every later release (fields a release lacks are refused before rendering).
    /// - MCO kinds: the `release-4.10` CRDs for OpenShift 4.10 and older (the generation
    ///   contemporary with OSC 1.0–1.2), the openshift/api CRDs for 4.11 and newer.
    /// - Subscription and OperatorGroup: operator-framework's CRDs, for every target.
    pub fn for_target(release: &Release, openshift: OpenShift) -> Self {
        Self {
            kata: if release.nodes <= NodeBehaviour::Preview11 { KataCrd::Osc11 } else { KataCrd::Devel },
            mco: if openshift <= (OpenShift { minor: 10 }) { McoCrds::Release410 } else { McoCrds::OpenShiftApi },
            trustee: TrusteeCrd::default(),
        }
    }
}

/// The name every object needs to be created: `metadata.name` (or `generateName`).
fn name_violation(object: &Value) -> Option<SchemaViolation> {
    let metadata = object.get("metadata");
    let named =
        |field: &str| metadata.and_then(|m| m.get(field)).and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    let at = FieldPath::root().key("metadata");
    match metadata {
        None => Some(at),
        Some(m) if m.is_object() && !named("name") && !named("generateName") => Some(at.key("name")),
        Some(_) => None,
    }
    .map(|path| SchemaViolation { path, message: "required field is missing".to_owned(), suggestion: None })
}

/// Checks one object (any kind oscgen generates, from anywhere) against the schema of its
/// `apiVersion` and `kind` under `schemas`, and returns every violation, sorted by path.
///
/// Fails only when there is no schema to check with: an object without `apiVersion`/`kind`,
/// or a kind or version not embedded ([`Error::NoSchema`]).
pub fn check(object: &Value, schemas: Schemas) -> Result<Vec<SchemaViolation>, Error> {
    let text = |field: &str| object.get(field).and_then(Value::as_str).unwrap_or_default();
    let (api_version, kind) = (text("apiVersion"), text("kind"));
    let no_schema = || Error::NoSchema { api_version: api_version.to_owned(), kind: kind.to_owned() };
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    let mut out = match typed::check(group, version, kind, object) {
        Some(violations) => violations,
        None => {
            let crd = crd::Crd::find(group, kind, schemas).ok_or_else(no_schema)?;
            let mut instance = object.clone();
            let mut out = crd.check(version, &mut instance).ok_or_else(no_schema)??;
            out.extend(typed::metadata(object));
            out
        }
    };
    out.extend(name_violation(object));
    out.sort();
    out.dedup();
    Ok(out)
}

/// Checks a Flux `Kustomization` (`kustomize.toolkit.fluxcd.io/v1`, as in `examples/flux`)
/// against kustomize-controller's CRD. The copy oscgen has is v1 from before
/// `spec.healthCheckExprs` (kustomize-controller v1.5.0), so that field is reported unknown:
/// callers check it apart. It is not part of [`check`], so `oscgen check` does not report
/// newer Flux fields in users' repositories as unknown.
pub fn check_flux_kustomization(object: &Value) -> Result<Vec<SchemaViolation>, Error> {
    let api_version = object.get("apiVersion").and_then(Value::as_str).unwrap_or_default();
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or_default();
    let no_schema = || Error::NoSchema { api_version: api_version.to_owned(), kind: kind.to_owned() };
    let version = api_version.strip_prefix("kustomize.toolkit.fluxcd.io/").filter(|_| kind == "Kustomization");
    let version = version.ok_or_else(no_schema)?;
    let mut instance = object.clone();
    let mut out = crd::Crd::flux_kustomization().check(version, &mut instance).ok_or_else(no_schema)??;
    out.extend(typed::metadata(object));
    out.extend(name_violation(object));
    out.sort();
    out.dedup();
    Ok(out)
}

/// Checks generated objects for a cluster running `release` on OpenShift `openshift`; the
/// first problem is an [`Error::Generated`], a bug in oscgen.
pub fn validate_objects(objects: &[Object], release: &Release, openshift: OpenShift) -> Result<(), Error> {
    validate_objects_against(objects, Schemas::for_target(release, openshift))
}

/// [`validate_objects`] with the schema generations given directly (the operator objects do
/// not depend on the target: their CRDs come from OLM, not from a release).
///
/// Besides [`check`], every CRI-O drop-in a MachineConfig writes must pass [`check_dropin`].
pub fn validate_objects_against(objects: &[Object], schemas: Schemas) -> Result<(), Error> {
    for object in objects {
        let value = object.to_value()?;
        let mut violations = check(&value, schemas)?;
        if let Object::MachineConfig(_) = object {
            violations.extend(dropin_violations(&value));
        }
        first_violation(object, violations)?;
    }
    Ok(())
}

/// Checks the hub objects of a policy config ([`crate::acm`]): each against its CRD, and each
/// template a Policy carries against the CRD of its kind (OperatorPolicy, ConfigurationPolicy),
/// since the Policy's own schema leaves `objectDefinition` open. The first problem is an
/// [`Error::Generated`], a bug in oscgen. The objects inside the ConfigurationPolicies are
/// checked by the renderer against the schemas of their release and OpenShift version.
pub fn validate_policy_objects(objects: &[Object]) -> Result<(), Error> {
    for object in objects {
        let value = object.to_value()?;
        let mut violations = check(&value, Schemas::default())?;
        let templates = value.pointer("/spec/policy-templates").and_then(Value::as_array);
        for (i, template) in templates.into_iter().flatten().enumerate() {
            if let Some(definition) = template.get("objectDefinition") {
                let at = FieldPath::parse("spec.policy-templates").index(i).key("objectDefinition");
                violations.extend(check(definition, Schemas::default())?.into_iter().map(|v| SchemaViolation {
                    path: FieldPath(at.0.iter().chain(&v.path.0).cloned().collect()),
                    message: v.message,
                    suggestion: v.suggestion,
                }));
            }
        }
        first_violation(object, violations)?;
    }
    Ok(())
}

/// The first of an object's schema violations as [`Error::Generated`]: the object oscgen
/// generated is wrong, a bug in oscgen.
fn first_violation(object: &Object, violations: Vec<SchemaViolation>) -> Result<(), Error> {
    match violations.into_iter().next() {
        Some(first) => {
            Err(Error::Generated { object: object.reference(), path: first.path.to_string(), message: first.message })
        }
        None => Ok(()),
    }
}

/// The problems of every CRI-O drop-in (a file under [`crio::DROP_IN_DIR`]) in a
/// MachineConfig, at the file's `contents.source`.
fn dropin_violations(machine_config: &Value) -> Vec<SchemaViolation> {
    let mut out = Vec::new();
    let files = machine_config.pointer("/spec/config/storage/files").and_then(Value::as_array);
    for (i, file) in files.into_iter().flatten().enumerate() {
        let in_dir = file
            .get("path")
            .and_then(Value::as_str)
            .is_some_and(|p| p.strip_prefix(crio::DROP_IN_DIR).is_some_and(|rest| rest.starts_with('/')));
        if !in_dir {
            continue;
        }
        let at = FieldPath::parse("spec.config.storage.files").index(i).key("contents").key("source");
        let source = file.pointer("/contents/source").and_then(Value::as_str).unwrap_or("data:,");
        let compression = file.pointer("/contents/compression").and_then(Value::as_str);
        let text = match dataurl::decode_contents(source, compression) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                out.push(SchemaViolation {
                    path: at,
                    message: format!("cannot decode the CRI-O drop-in: {e}"),
                    suggestion: None,
                });
                continue;
            }
        };
        if let Err(problems) = check_dropin(&text) {
            out.extend(problems.into_iter().map(|p| SchemaViolation {
                path: at.clone(),
                message: format!("CRI-O drop-in: {p}"),
                suggestion: None,
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn kata(spec: Value) -> Value {
        json!({
            "apiVersion": "kataconfiguration.openshift.io/v1",
            "kind": "KataConfig",
            "metadata": {"name": "k"},
            "spec": spec,
        })
    }

    fn paths(violations: &[SchemaViolation]) -> Vec<String> {
        violations.iter().map(|v| v.path.to_string()).collect()
    }

    #[test]
    fn defaults_fill_required_fields() {
        // The devel CRD lists checkNodeEligibility as required, with a default.
        assert_eq!(check(&kata(json!({})), Schemas::default()).unwrap(), []);
        // ... which the 1.1 CRD does not know.
        let old = Schemas { kata: KataCrd::Osc11, ..Schemas::default() };
        let v = check(&kata(json!({"logLevel": "debug"})), old).unwrap();
        assert_eq!(paths(&v), ["spec.logLevel"]);
    }

    #[test]
    fn table_of_violations() {
        let cases: Vec<(Value, Schemas, Vec<&str>)> = vec![
            (
                kata(json!({"kataConfigPoolSelector": {"matchLabels": {"a": true}}})),
                Schemas::default(),
                vec!["spec.kataConfigPoolSelector.matchLabels.a"],
            ),
            (
                kata(json!({"kataConfigPoolSelector": {"matchExpressions": [{"key": "a", "operater": "In"}]}})),
                Schemas::default(),
                vec![
                    "spec.kataConfigPoolSelector.matchExpressions[0].operater",
                    "spec.kataConfigPoolSelector.matchExpressions[0].operator",
                ],
            ),
            (kata(json!(null)), Schemas::default(), vec![]),
            (
                json!({"apiVersion": "kataconfiguration.openshift.io/v1", "kind": "KataConfig",
                       "metadata": {"name": "k", "lables": {}}, "extra": 1}),
                Schemas::default(),
                vec!["extra", "metadata.lables"],
            ),
            (
                json!({"apiVersion": "kataconfiguration.openshift.io/v1", "kind": "KataConfig", "metadata": {}}),
                Schemas::default(),
                vec!["metadata.name"],
            ),
            (
                json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                       "metadata": {"name": "p"}, "spec": {"maxUnavailable": "10%", "paused": "no"}}),
                Schemas::default(),
                vec!["spec.paused"],
            ),
            (
                json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                       "metadata": {"name": "p"}, "spec": {"maxUnavailable": true}}),
                Schemas { mco: McoCrds::Release410, ..Schemas::default() },
                vec!["spec.maxUnavailable"],
            ),
            (
                json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                       "metadata": {"name": "s", "namespace": "n"}, "spec": {"name": "p", "source": "s"}}),
                Schemas::default(),
                vec!["spec.sourceNamespace"],
            ),
            (
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}, "spec": {"finalizer": []}}),
                Schemas::default(),
                vec!["spec.finalizer"],
            ),
            (
                json!({"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "k"},
                       "handler": "kata", "scheduling": {"nodeSelector": {"a": 1}}}),
                Schemas::default(),
                vec!["scheduling.nodeSelector.a"],
            ),
            (
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"labels": {}}}),
                Schemas::default(),
                vec!["metadata.name"],
            ),
            (
                json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "peer-pods-cm"},
                       "data": {"CLOUD_PROVIDER": "aws", "VXLAN_PORT": 9000}}),
                Schemas::default(),
                vec!["data.VXLAN_PORT"],
            ),
            (
                json!({"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass"}),
                Schemas::default(),
                vec!["handler", "metadata"],
            ),
            (
                json!({"apiVersion": "policy.open-cluster-management.io/v1", "kind": "Policy",
                       "metadata": {"name": "p", "namespace": "n"}, "spec": {"policy-templates": []}}),
                Schemas::default(),
                vec!["spec.disabled"],
            ),
            (
                json!({"apiVersion": "policy.open-cluster-management.io/v1", "kind": "PlacementBinding",
                       "metadata": {"name": "b", "namespace": "n"},
                       "placementRef": {"apiGroup": "cluster.open-cluster-management.io", "kind": "Placement", "name": "p"},
                       "subjects": [{"apiGroup": "policy.open-cluster-management.io", "kind": "Polcy", "name": "p"}]}),
                Schemas::default(),
                vec!["subjects[0].kind"],
            ),
            (
                json!({"apiVersion": "policy.open-cluster-management.io/v1beta1", "kind": "OperatorPolicy",
                       "metadata": {"name": "o"}, "spec": {"complianceType": "musthave", "remediationAction": "enforce",
                       "subscription": {"name": "x"}, "upgradeApproval": "Always"}}),
                Schemas::default(),
                vec!["spec.upgradeApproval"],
            ),
        ];
        for (object, schemas, expected) in cases {
            let violations = check(&object, schemas).unwrap();
            assert_eq!(paths(&violations), expected, "{object}: {violations:?}");
        }
    }

    #[test]
    fn int_or_string_and_unknown_kinds() {
        let pool = json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                          "metadata": {"name": "p"}, "spec": {"maxUnavailable": [1]}});
        let v = check(&pool, Schemas::default()).unwrap();
        assert_eq!(v[0].message, "[1] is neither an integer nor a string");
        // Secrets have no schema here, so no message ever quotes a Secret's value.
        let secret = json!({"apiVersion": "v1", "kind": "Secret", "data": {"k": "not base64"}});
        assert!(matches!(check(&secret, Schemas::default()), Err(Error::NoSchema { .. })));
        let v2 = json!({"apiVersion": "kataconfiguration.openshift.io/v2", "kind": "KataConfig"});
        assert!(matches!(check(&v2, Schemas::default()), Err(Error::NoSchema { .. })));
    }

    #[test]
    fn preserve_unknown_fields_keeps_ignition_open() {
        let mc = |schemas| {
            let object = json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfig",
                                "metadata": {"name": "m"},
                                "spec": {"config": {"ignition": {"version": "3.2.0"}, "kernelArguments": ["x"]},
                                         "extension": ["sandboxed-containers"]}});
            paths(&check(&object, schemas).unwrap())
        };
        assert_eq!(mc(Schemas::default()), ["spec.extension"]);
        assert_eq!(mc(Schemas { mco: McoCrds::Release410, ..Schemas::default() }), ["spec.extension"]);
    }

    #[test]
    fn schema_choice_follows_release_and_openshift() {
        let first = &crate::catalog::CATALOG[0];
        let newest = crate::catalog::newest();
        assert_eq!(
            Schemas::for_target(first, first.openshift_min),
            Schemas { kata: KataCrd::Osc11, mco: McoCrds::Release410, ..Schemas::default() }
        );
        assert_eq!(Schemas::for_target(newest, newest.openshift_min), Schemas::default());
    }

    #[test]
    fn a_machine_config_with_a_bad_dropin_is_refused() {
        use oscgen_api::ignition::v3_2;
        use oscgen_api::mco::v1::{MachineConfig, MachineConfigSpec};

        let text = "[crio.runtime.runtimes.kata-x]\n  runtime_pth = \"/x\"\n";
        let encoded = dataurl::encode(text.as_bytes(), true);
        let file = v3_2::File {
            path: crio::drop_in_path("kata-x"),
            mode: Some(0o644),
            contents: Some(v3_2::Resource { compression: Some(encoded.compression), source: Some(encoded.source) }),
            ..Default::default()
        };
        let config = v3_2::Config { storage: Some(v3_2::Storage { files: vec![file] }), ..Default::default() };
        let mc = MachineConfig::for_role(
            "50-x",
            "kata-oc",
            MachineConfigSpec { config: config.into(), ..Default::default() },
        );
        let err = validate_objects_against(&[Object::MachineConfig(mc)], Schemas::default()).unwrap_err();
        let Error::Generated { object, path, message } = err else { panic!("{err}") };
        assert_eq!(object, "MachineConfig/50-x");
        assert_eq!(path, "spec.config.storage.files[0].contents.source");
        assert!(message.contains("runtime_pth"), "{message}");
    }
}
