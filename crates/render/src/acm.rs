//! RHACM governance: a `SandboxedContainersPolicy` becomes, in the hub's policy namespace, a
//! Policy that installs the operator and then its KataConfig on every managed cluster a
//! Placement selects, the PlacementBinding that joins them, and a ManagedClusterSetBinding for
//! each cluster set the Placement selects from.
//!
//! The Policy has two templates:
//!
//! 1. the operator: an OperatorPolicy (RHACM 2.11 and later), which is Compliant only once the
//!    CSV succeeded and the operator's deployments are available
//!    (open-cluster-management-io/config-policy-controller `controllers/operatorpolicy_status.go`
//!    at ecf24b4), with an OwnNamespace OperatorGroup: without one the controller creates an
//!    AllNamespaces group, an install mode the operator's CSV does not support. Before 2.11, a
//!    ConfigurationPolicy with the Namespace, OperatorGroup and Subscription.
//! 2. everything the runtime spec renders (the KataConfig, and any object the KataConfig reads)
//!    in one ConfigurationPolicy whose `extraDependencies` wait for the first template to be
//!    Compliant: the operator's webhook refuses a KataConfig until the operator runs.

use std::collections::BTreeMap;
use std::fmt;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use oscgen_api::cluster::v1beta1::{ClusterPredicate, ClusterSelector, Placement, PlacementSpec, Toleration};
use oscgen_api::cluster::v1beta2::{ManagedClusterSetBinding, ManagedClusterSetBindingSpec};
use oscgen_api::olm::v1alpha1::InstallPlanApproval;
use oscgen_api::oscgen::v1alpha1::SandboxedContainersPolicy;
use oscgen_api::policy::v1::{
    ComplianceState, ComplianceType, ConfigurationPolicy, ConfigurationPolicySpec, ObjectTemplate, PlacementBinding,
    PlacementRef, Policy, PolicyDependency, PolicySpec, PolicyTemplate, PruneObjectBehavior, RemediationAction,
    Subject, TemplateObject,
};
use oscgen_api::policy::v1beta1::{
    OperatorPolicy, OperatorPolicyOperatorGroup, OperatorPolicySpec, OperatorPolicySubscription, UpgradeApproval,
};

use crate::{DiagnosticKind as K, Error, FieldPath, Object, Report, Segment, gitops, operator, rules, runtime};

/// An RHACM release, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AcmVersion {
    /// Major version (2).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl AcmVersion {
    /// OperatorPolicy is generally available from RHACM 2.11 (Technology Preview in 2.10)
    /// [stolostron/rhacm-docs PR #6533, "Operator policy controller is now in General
    /// Availability status"]. Its controller there is config-policy-controller v0.14.0 or
    /// later (inferred from tag dates), the first that requires `upgradeApproval` and refuses
    /// `installPlanApproval`, which is the form oscgen writes.
    pub const OPERATOR_POLICY_GA: AcmVersion = AcmVersion { major: 2, minor: 11 };
    /// The newest release oscgen was written against (the 2.14 images of the RHACM policy
    /// generator tooling); the default.
    pub const CURRENT: AcmVersion = AcmVersion { major: 2, minor: 14 };

    /// Parses `2.<minor>` or `2.<minor>.<patch>` (the patch is ignored).
    pub fn parse(text: &str) -> Result<AcmVersion, String> {
        let form = "write it as 2.<minor>, quoted so YAML keeps it a string, e.g. \"2.11\"";
        let mut parts = text.split('.');
        let number = |part: Option<&str>| {
            part.filter(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u32>().ok())
        };
        let (Some(major), Some(minor)) = (number(parts.next()), number(parts.next())) else {
            return Err(form.to_owned());
        };
        let patch = parts.next();
        if (patch.is_some() && number(patch).is_none()) || parts.next().is_some() {
            return Err(form.to_owned());
        }
        if major != 2 {
            return Err(format!("oscgen knows RHACM 2.x releases only; {form}"));
        }
        Ok(AcmVersion { major, minor })
    }

    /// Whether OperatorPolicy is generally available.
    pub fn has_operator_policy(self) -> bool {
        self >= Self::OPERATOR_POLICY_GA
    }
}

impl fmt::Display for AcmVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The cluster set a Placement selects from when the config names none: the default set that
/// holds every managed cluster (what RHACM's GitOpsCluster placements use).
pub const DEFAULT_CLUSTER_SET: &str = "global";
/// Turns off template resolution on a Policy, ConfigurationPolicy or OperatorPolicy.
pub const DISABLE_TEMPLATES: &str = "policy.open-cluster-management.io/disable-templates";
/// The policy's classification, as the RHACM policy generator writes it by default
/// (open-cluster-management-io/policy-generator-plugin `docs/policygenerator-reference.yaml`).
pub const ANNOTATIONS: [(&str, &str); 4] = [
    ("policy.open-cluster-management.io/standards", "NIST SP 800-53"),
    ("policy.open-cluster-management.io/categories", "CM Configuration Management"),
    ("policy.open-cluster-management.io/controls", "CM-2 Baseline Configuration"),
    (
        "policy.open-cluster-management.io/description",
        "Installs the OpenShift sandboxed containers operator and its KataConfig",
    ),
];
/// Taints of a managed cluster that is briefly out of reach: tolerated, so the policy stays
/// placed meanwhile (what the policy generator adds to every Placement,
/// policy-generator-plugin `internal/plugin.go`).
const TOLERATED: [&str; 2] =
    ["cluster.open-cluster-management.io/unreachable", "cluster.open-cluster-management.io/unavailable"];
const POLICY_GROUP: &str = "policy.open-cluster-management.io";
const CLUSTER_GROUP: &str = "cluster.open-cluster-management.io";

/// Names of what one policy config generates.
struct Names {
    policy: String,
    operator: String,
    runtime: String,
    placement: String,
    binding: String,
}

impl Names {
    fn new(name: &str) -> Self {
        Self {
            policy: name.to_owned(),
            operator: format!("{name}-operator"),
            runtime: format!("{name}-runtime"),
            placement: format!("{name}-placement"),
            binding: format!("{name}-binding"),
        }
    }
}

/// The objects of `config`, in apply order; every problem goes to `report`, and objects come
/// back only when it holds no error.
pub fn objects(config: &SandboxedContainersPolicy, report: &mut Report) -> Result<Option<Vec<Object>>, Error> {
    match resolve(config, report) {
        Some(resolved) if !report.has_errors() => build(&resolved).map(Some),
        _ => Ok(None),
    }
}

/// A valid `SandboxedContainersPolicy`: every value [`build`] needs, checked.
struct Resolved<'a> {
    spec: &'a oscgen_api::oscgen::v1alpha1::PolicySpec,
    names: Names,
    namespace: String,
    remediation: RemediationAction,
    acm: AcmVersion,
    placement: PlacementSpec,
    operator_objects: Vec<Object>,
    /// The runtime spec as the policy places it (without node objects), and its resolution.
    runtime_spec: oscgen_api::oscgen::v1alpha1::RuntimeSpec,
    runtime: runtime::Resolved,
}

/// Checks `config`, every problem into `report`; `None` when a value is missing or wrong.
fn resolve<'a>(config: &'a SandboxedContainersPolicy, report: &mut Report) -> Option<Resolved<'a>> {
    let spec = &config.spec;
    let at = FieldPath::parse("spec");
    let name = config.metadata.name.clone().unwrap_or_default();
    if let Some(why) = rules::dns1123_subdomain(&format!("{name}-placement")) {
        report.add(FieldPath::parse("metadata.name"), K::InvalidName { name: name.clone(), reason: why });
    }

    let namespace = match spec.policy_namespace.as_deref() {
        None => {
            let hint = "the hub namespace for the Policy, Placement and bindings, e.g. policyNamespace: sandboxed-containers-policies";
            report.add(at.key("policyNamespace"), required("policyNamespace", hint));
            None
        }
        Some(ns) => match rules::dns1123_label(ns) {
            Some(why) => {
                report.add(at.key("policyNamespace"), K::InvalidName { name: ns.to_owned(), reason: why });
                None
            }
            None => Some(ns.to_owned()),
        },
    };
    if spec.remediation_action.is_none() {
        let hint = "inform (report the clusters without the operator or KataConfig) or enforce (install them)";
        report.add(at.key("remediationAction"), required("remediationAction", hint));
    }

    let acm = match spec.acm_version.as_deref() {
        None => Some(AcmVersion::CURRENT),
        Some(text) => match AcmVersion::parse(text) {
            Ok(v) => Some(v),
            Err(reason) => {
                report.add(at.key("acmVersion"), K::InvalidAcmVersion { value: text.to_owned(), reason });
                None
            }
        },
    };
    if let Some(acm) = acm.filter(|v| !v.has_operator_policy()) {
        let ga = AcmVersion::OPERATOR_POLICY_GA.to_string();
        report.add(at.key("acmVersion"), K::OperatorPolicyFallback { acm: acm.to_string(), ga });
        let what = "Placement (cluster.open-cluster-management.io/v1beta1) and ManagedClusterSetBinding (v1beta2)";
        report.add(at.key("acmVersion"), K::AcmApiUnconfirmed { what: what.to_owned(), acm: acm.to_string() });
    }

    let placement = placement(spec.placement.as_ref(), &at.key("placement"), report);

    // The nested specs are checked as on their own, their paths moved under spec.operator and
    // spec.runtime.
    if spec.operator.gitops.is_some() {
        let reason = "the policy framework applies the operator's objects on the managed clusters, not a GitOps engine; spec.gitops annotates the hub objects";
        report.add(at.key("operator").key("gitops"), K::NotInPolicy { reason: reason.to_owned() });
    }
    if spec.runtime.gitops.is_some() {
        let reason = "the policy framework applies the KataConfig on the managed clusters, not a GitOps engine; spec.gitops annotates the hub objects";
        report.add(at.key("runtime").key("gitops"), K::NotInPolicy { reason: reason.to_owned() });
    }
    if spec.runtime.render_node_objects {
        let reason = "the operator creates the node objects on each cluster from the KataConfig, and a policy that also enforced them would fight it";
        report.add(at.key("runtime").key("renderNodeObjects"), K::NotInPolicy { reason: reason.to_owned() });
    }
    let mut nested = Report::default();
    let operator_objects = operator::objects(&spec.operator, &mut nested);
    report.extend(rebase(nested, "operator"));
    // Node objects were refused above; resolving without them keeps their notes out.
    let runtime_spec = oscgen_api::oscgen::v1alpha1::RuntimeSpec { render_node_objects: false, ..spec.runtime.clone() };
    let mut nested = Report::default();
    let runtime = runtime::resolve(&runtime_spec, &mut nested);
    report.extend(rebase(nested, "runtime"));

    Some(Resolved {
        spec,
        names: Names::new(&name),
        namespace: namespace?,
        remediation: spec.remediation_action?,
        acm: acm?,
        placement: placement?,
        operator_objects: operator_objects?,
        runtime_spec,
        runtime: runtime?,
    })
}

/// The hub objects of a resolved policy, in apply order.
fn build(resolved: &Resolved<'_>) -> Result<Vec<Object>, Error> {
    let Resolved { spec, names, namespace, remediation, acm, .. } = resolved;
    let remediation = *remediation;
    let runtime_objects = runtime::objects(&resolved.runtime_spec, &resolved.runtime)?;
    #[cfg(feature = "self-check")]
    {
        crate::schema::validate_objects_against(&resolved.operator_objects, crate::schema::Schemas::default())?;
        crate::schema::validate_objects(&runtime_objects, resolved.runtime.release, resolved.runtime.openshift)?;
    }

    // A policy reaches clusters of several OpenShift versions, whose catalogs have different
    // channel heads: pinning the head oscgen resolved would leave the Subscription unresolvable
    // where that catalog lacks it. The CSV is pinned only when the config names a release.
    let mut operator_objects = resolved.operator_objects.clone();
    if spec.operator.release.is_none() {
        for object in &mut operator_objects {
            if let Object::Subscription(s) = object {
                s.spec.starting_csv = None;
            }
        }
    }
    let operator_template = if acm.has_operator_policy() {
        operator_policy(names, &operator_objects, remediation, spec.operator.install_plan_approval)
    } else {
        configuration_policy(&names.operator, &operator_objects, remediation)?
    };
    let dependency = match &operator_template {
        TemplateObject::OperatorPolicy(_) => (OperatorPolicy::API_VERSION, OperatorPolicy::KIND),
        TemplateObject::ConfigurationPolicy(_) => (ConfigurationPolicy::API_VERSION, ConfigurationPolicy::KIND),
    };
    let runtime_template = configuration_policy(&names.runtime, &runtime_objects, remediation)?;
    let mut templates = vec![
        PolicyTemplate { object_definition: operator_template, extra_dependencies: Vec::new(), ignore_pending: None },
        PolicyTemplate {
            object_definition: runtime_template,
            extra_dependencies: vec![PolicyDependency {
                api_version: dependency.0.to_owned(),
                kind: dependency.1.to_owned(),
                name: names.operator.clone(),
                // A policy kind's dependency is looked up in the cluster namespace; the CRD
                // forbids a namespace on ConfigurationPolicy dependencies.
                namespace: None,
                compliance: ComplianceState::Compliant,
            }],
            ignore_pending: None,
        },
    ];
    let templated = disable_templates(&mut templates)?;
    let argocd = spec.gitops.is_some();

    let meta = |name: &str| ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.clone()),
        ..Default::default()
    };
    let mut annotations: BTreeMap<String, String> =
        ANNOTATIONS.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    if templated {
        annotations.insert(DISABLE_TEMPLATES.to_owned(), "true".to_owned());
    }
    let mut objects: Vec<Object> = resolved
        .placement
        .cluster_sets
        .iter()
        .map(|set| {
            Object::ManagedClusterSetBinding(ManagedClusterSetBinding {
                metadata: meta(set),
                spec: ManagedClusterSetBindingSpec { cluster_set: set.clone() },
            })
        })
        .collect();
    objects.push(Object::Placement(Placement { metadata: meta(&names.placement), spec: resolved.placement.clone() }));
    objects.push(Object::Policy(Policy {
        metadata: ObjectMeta { annotations: Some(annotations), ..meta(&names.policy) },
        spec: PolicySpec {
            disabled: false,
            // Argo CD's tracking label and annotation must stay on the root policy (the
            // Policy CRD's own advice for policies deployed by Argo CD).
            copy_policy_metadata: argocd.then_some(false),
            remediation_action: Some(remediation),
            dependencies: Vec::new(),
            policy_templates: templates,
        },
    }));
    objects.push(Object::PlacementBinding(PlacementBinding {
        metadata: meta(&names.binding),
        placement_ref: PlacementRef {
            api_group: CLUSTER_GROUP.to_owned(),
            kind: Placement::KIND.to_owned(),
            name: names.placement.clone(),
        },
        subjects: vec![Subject {
            api_group: POLICY_GROUP.to_owned(),
            kind: Policy::KIND.to_owned(),
            name: names.policy.clone(),
        }],
    }));
    gitops::annotate(&mut objects, spec.gitops.as_ref());
    crate::object::sort(&mut objects);
    Ok(objects)
}

use k8s_openapi::Resource as _;

fn required(field: &str, hint: &str) -> K {
    K::RequiredField { field: field.to_owned(), hint: hint.to_owned() }
}

/// Moves every `spec.…` path of a nested spec's report under `spec.<field>`.
fn rebase(mut report: Report, field: &str) -> Report {
    for entry in &mut report.entries {
        if entry.path.0.first() == Some(&Segment::Key("spec".to_owned())) {
            entry.path.0.insert(1, Segment::Key(field.to_owned()));
        }
    }
    report
}

/// The Placement's spec, or `None` (with the reason in `report`).
fn placement(
    given: Option<&oscgen_api::oscgen::v1alpha1::PlacementSpec>,
    at: &FieldPath,
    report: &mut Report,
) -> Option<PlacementSpec> {
    let Some(given) = given else {
        let hint =
            "the managed clusters to install on, e.g. placement: {clusterSelector: {matchLabels: {vendor: OpenShift}}}";
        report.add(at.clone(), required("placement", hint));
        return None;
    };
    let selector = match &given.cluster_selector {
        Some(sel) => Some(runtime::selector(sel, &at.key("clusterSelector"), report)?),
        None => None,
    };
    let selects_all = selector.as_ref().is_none_or(|s: &LabelSelector| {
        s.match_labels.as_ref().is_none_or(BTreeMap::is_empty) && s.match_expressions.as_ref().is_none_or(Vec::is_empty)
    });
    if selects_all && given.cluster_sets.is_empty() {
        report.add(at.clone(), K::EmptyPlacement);
        return None;
    }
    let mut bad = false;
    for (i, set) in given.cluster_sets.iter().enumerate() {
        if let Some(why) = rules::dns1123_subdomain(set) {
            report.add(at.key("clusterSets").index(i), K::InvalidName { name: set.clone(), reason: why });
            bad = true;
        } else if given.cluster_sets[..i].contains(set) {
            let kind = K::Shape { message: format!("cluster set `{set}` is listed twice; list it once") };
            report.add(at.key("clusterSets").index(i), kind);
            bad = true;
        }
    }
    if bad {
        return None;
    }
    let cluster_sets =
        if given.cluster_sets.is_empty() { vec![DEFAULT_CLUSTER_SET.to_owned()] } else { given.cluster_sets.clone() };
    Some(PlacementSpec {
        cluster_sets,
        predicates: selector
            .filter(|_| !selects_all)
            .map(|label_selector| ClusterPredicate {
                required_cluster_selector: Some(ClusterSelector { label_selector: Some(label_selector) }),
            })
            .into_iter()
            .collect(),
        tolerations: TOLERATED
            .iter()
            .map(|key| Toleration {
                key: Some((*key).to_owned()),
                operator: Some("Exists".to_owned()),
                ..Default::default()
            })
            .collect(),
    })
}

/// The OperatorPolicy for the operator's OperatorGroup and Subscription.
fn operator_policy(
    names: &Names,
    operator_objects: &[Object],
    remediation: RemediationAction,
    approval: Option<InstallPlanApproval>,
) -> TemplateObject {
    let mut subscription = OperatorPolicySubscription::default();
    let mut group = None;
    for object in operator_objects {
        match object {
            Object::Subscription(s) => {
                subscription = OperatorPolicySubscription {
                    name: s.spec.name.clone(),
                    namespace: s.metadata.namespace.clone(),
                    channel: s.spec.channel.clone(),
                    source: Some(s.spec.source.clone()),
                    source_namespace: Some(s.spec.source_namespace.clone()),
                    starting_csv: s.spec.starting_csv.clone(),
                };
            }
            Object::OperatorGroup(g) => {
                group = Some(OperatorPolicyOperatorGroup {
                    name: g.metadata.name.clone().unwrap_or_default(),
                    namespace: g.metadata.namespace.clone(),
                    target_namespaces: g.spec.target_namespaces.clone(),
                });
            }
            _ => {}
        }
    }
    // The controller approves the first InstallPlan itself; `upgradeApproval` is about the
    // later ones, which is what installPlanApproval means for a running operator.
    let upgrade_approval = match approval.unwrap_or_default() {
        InstallPlanApproval::Automatic => UpgradeApproval::Automatic,
        InstallPlanApproval::Manual => UpgradeApproval::None,
    };
    TemplateObject::OperatorPolicy(OperatorPolicy {
        metadata: ObjectMeta { name: Some(names.operator.clone()), ..Default::default() },
        spec: OperatorPolicySpec {
            compliance_type: ComplianceType::MustHave,
            remediation_action: remediation,
            severity: None,
            subscription,
            operator_group: group,
            upgrade_approval,
            versions: Vec::new(),
        },
    })
}

/// A ConfigurationPolicy that must have `objects`.
fn configuration_policy(
    name: &str,
    objects: &[Object],
    remediation: RemediationAction,
) -> Result<TemplateObject, Error> {
    let object_templates = objects
        .iter()
        .map(|o| Ok(ObjectTemplate { compliance_type: ComplianceType::MustHave, object_definition: o.to_value()? }))
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(TemplateObject::ConfigurationPolicy(ConfigurationPolicy {
        metadata: ObjectMeta { name: Some(name.to_owned()), ..Default::default() },
        spec: ConfigurationPolicySpec {
            remediation_action: remediation,
            severity: None,
            // Never prune. The runtime template depends on the operator's being Compliant,
            // and the policy framework deletes a template whose dependency stops being met
            // (governance-policy-framework-addon `controllers/templatesync/template_sync.go`,
            // "template must be pending, need to delete it") — which happens whenever the
            // operator is briefly not Compliant, as during every upgrade. With DeleteIfCreated
            // or DeleteAll that deletion deletes the KataConfig (config-policy-controller
            // `handleDeletion`), and the operator then takes Kata off every node: MachineConfig
            // removal and a reboot of each node. The same happens when a cluster leaves the
            // placement. Deleting the operator's Subscription would not uninstall it either
            // (the CSV stays), so neither template prunes.
            prune_object_behavior: Some(PruneObjectBehavior::None),
            object_templates,
        },
    }))
}

/// Sets `disable-templates` on every template whose text holds `{{`, which the
/// config-policy-controller would otherwise resolve as a Go template on the managed cluster;
/// returns whether any did, so that the root Policy (whose `{{hub` templates the propagator
/// resolves on the hub) gets it too.
fn disable_templates(templates: &mut [PolicyTemplate]) -> Result<bool, Error> {
    let mut any = false;
    for template in templates {
        let text = serde_json::to_string(&template.object_definition).map_err(Error::Json)?;
        if !text.contains("{{") {
            continue;
        }
        any = true;
        let metadata = match &mut template.object_definition {
            TemplateObject::ConfigurationPolicy(p) => &mut p.metadata,
            TemplateObject::OperatorPolicy(p) => &mut p.metadata,
        };
        metadata.annotations.get_or_insert_with(BTreeMap::new).insert(DISABLE_TEMPLATES.to_owned(), "true".to_owned());
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn versions_parse() {
        let ok = [("2.11", (2, 11)), ("2.9", (2, 9)), ("2.14.0", (2, 14)), ("2.10.3", (2, 10))];
        for (text, (major, minor)) in ok {
            assert_eq!(AcmVersion::parse(text), Ok(AcmVersion { major, minor }), "{text}");
        }
        for bad in ["", "2", "2.", "2.x", "v2.11", "2.11.0.1", "3.0", "1.9", "2.11-rc", " 2.11", "2.99999"] {
            assert!(AcmVersion::parse(bad).is_err(), "{bad}");
        }
        assert!(AcmVersion::CURRENT.has_operator_policy());
        assert!(!AcmVersion { major: 2, minor: 10 }.has_operator_policy());
    }

    #[test]
    fn braces_turn_templates_off_where_they_are() {
        let plain = Object::Namespace(k8s_openapi::api::core::v1::Namespace {
            metadata: ObjectMeta { name: Some("plain".into()), ..Default::default() },
            ..Default::default()
        });
        let braced = Object::Namespace(k8s_openapi::api::core::v1::Namespace {
            metadata: ObjectMeta {
                name: Some("braced".into()),
                annotations: Some([("note".to_owned(), "{{ not a template }}".to_owned())].into()),
                ..Default::default()
            },
            ..Default::default()
        });
        let template = |objects: &[Object]| PolicyTemplate {
            object_definition: configuration_policy("t", objects, RemediationAction::Inform).unwrap(),
            extra_dependencies: Vec::new(),
            ignore_pending: None,
        };
        let mut templates = vec![template(std::slice::from_ref(&plain)), template(&[plain.clone(), braced])];
        assert!(disable_templates(&mut templates).unwrap());
        let annotation = |t: &PolicyTemplate| match &t.object_definition {
            TemplateObject::ConfigurationPolicy(p) => p.metadata.annotations.clone(),
            TemplateObject::OperatorPolicy(p) => p.metadata.annotations.clone(),
        };
        assert_eq!(annotation(&templates[0]), None);
        assert_eq!(annotation(&templates[1]), Some([(DISABLE_TEMPLATES.to_owned(), "true".to_owned())].into()));
        let mut none = vec![template(&[plain])];
        assert!(!disable_templates(&mut none).unwrap());
    }
}
