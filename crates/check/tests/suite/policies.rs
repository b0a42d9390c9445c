//! `check` on RHACM Policies: the objects a Policy places (ConfigurationPolicy
//! `object-templates`, OperatorPolicy `subscription`) are checked as cluster objects, with
//! findings at their lines inside the Policy, and count as present; hub and managed-cluster
//! templates are left to the policy framework. YAML in, `(severity, line, path, code)` out.

use crate::common;

use oscgen_check::Options;
use oscgen_check::Severity::{Error as E, Warning as W};

const NAMESPACE: &str = "openshift-sandboxed-containers-operator";

/// A Policy (lines 1-9) whose one template is `template`, indented under `objectDefinition:`
/// at column 9.
fn policy(template: &str) -> String {
    let indented: String = template.lines().map(|l| format!("        {l}\n")).collect();
    format!(
        "apiVersion: policy.open-cluster-management.io/v1\nkind: Policy\nmetadata:\n  name: osc\n  namespace: policies\n\
         spec:\n  disabled: false\n  policy-templates:\n    - objectDefinition:\n{indented}"
    )
}

/// A ConfigurationPolicy placing `objects` (each a list item of `object-templates`, already
/// indented by four spaces); its `object-templates` start on line 8 of the template.
fn configuration_policy(objects: &str) -> String {
    format!(
        "apiVersion: policy.open-cluster-management.io/v1\nkind: ConfigurationPolicy\nmetadata:\n  name: osc-objects\n\
         spec:\n  remediationAction: enforce\n  severity: high\n  object-templates:\n{objects}"
    )
}

/// The same with `object-templates-raw`: the list as YAML text (a block scalar); the key is on
/// line 8 of the template, line 17 of the Policy.
fn configuration_policy_raw(objects: &str) -> String {
    let text: String = objects.lines().map(|l| format!("  {l}\n")).collect();
    format!(
        "apiVersion: policy.open-cluster-management.io/v1\nkind: ConfigurationPolicy\nmetadata:\n  name: osc-objects\n\
         spec:\n  remediationAction: enforce\n  severity: high\n  object-templates-raw: |\n{text}"
    )
}

fn object(compliance: &str, yaml: &str) -> String {
    let indented: String = yaml.lines().map(|l| format!("        {l}\n")).collect();
    format!("    - complianceType: {compliance}\n      objectDefinition:\n{indented}")
}

fn kataconfig(spec: &str) -> String {
    format!(
        "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata:\n  name: cluster-kataconfig\nspec:\n{spec}"
    )
}

fn peer_pods_cm(region: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: peer-pods-cm\n  namespace: {NAMESPACE}\ndata:\n  CLOUD_PROVIDER: aws\n  \
         AWS_REGION: {region}\n  AWS_SUBNET_ID: subnet-0a1b2c3d4e5f60718\n  AWS_VPC_ID: vpc-0a1b2c3d4e5f60718\n  AWS_SG_IDS: sg-0a1b2c3d4e5f60718\n"
    )
}

fn operator_policy(channel: &str) -> String {
    format!(
        "apiVersion: policy.open-cluster-management.io/v1beta1\nkind: OperatorPolicy\nmetadata:\n  name: osc-operator\n\
         spec:\n  remediationAction: enforce\n  severity: high\n  complianceType: musthave\n  subscription:\n    \
         name: sandboxed-containers-operator\n    namespace: {NAMESPACE}\n    channel: {channel}\n    \
         source: redhat-operators\n    sourceNamespace: openshift-marketplace\n  upgradeApproval: Automatic\n"
    )
}

type Case<'a> = common::LineCase<'a>;

fn table(cases: &[Case<'_>]) {
    let rows = cases.iter().map(|(what, input, expected)| {
        let found = common::findings_with("policy.yaml", input, &Options::default());
        ((*what).to_owned(), common::owned_lines(expected), found)
    });
    common::assert_rows(rows, common::line_key);
}

#[test]
fn objects_a_policy_places_are_checked_and_present() {
    let peer_pods = kataconfig("  enablePeerPods: true\n");
    table(&[
        (
            "a peer-pods-cm delivered by the same Policy counts",
            policy(&configuration_policy(
                &(object("musthave", &peer_pods) + &object("musthave", &peer_pods_cm("us-east-2"))),
            )),
            &[],
        ),
        (
            "one the Policy removes does not",
            policy(&configuration_policy(
                &(object("musthave", &peer_pods) + &object("mustnothave", &peer_pods_cm("us-east-2"))),
            )),
            &[(E, 25, "spec.enablePeerPods", "noPeerPodsConfigMap")],
        ),
        (
            "a finding points inside the Policy",
            policy(&configuration_policy(&object(
                "musthave",
                &kataconfig("  kataConfigPoolSelector:\n    matchLabel: {kata: 'true'}\n"),
            ))),
            &[(W, 26, "spec.kataConfigPoolSelector.matchLabel", "droppedField")],
        ),
        (
            "a hub template is the policy framework's, not a placeholder",
            policy(&configuration_policy(
                &(object("musthave", &peer_pods)
                    + &object("musthave", &peer_pods_cm("'{{hub fromConfigMap \"\" \"aws\" \"region\" hub}}'"))),
            )),
            &[],
        ),
        (
            "object-templates-raw in plain YAML places its objects too",
            policy(&configuration_policy_raw(
                &(object("musthave", &peer_pods) + &object("musthave", &peer_pods_cm("us-east-2"))),
            )),
            &[],
        ),
        (
            "a finding in object-templates-raw points at the key",
            policy(&configuration_policy_raw(&object(
                "musthave",
                &kataconfig("  kataConfigPoolSelector:\n    matchLabel: {kata: 'true'}\n"),
            ))),
            &[(W, 17, "spec.kataConfigPoolSelector.matchLabel", "droppedField")],
        ),
        ("an OperatorPolicy's subscription, with its default OperatorGroup", policy(&operator_policy("stable")), &[]),
        (
            "an OperatorPolicy's placeholder channel, at its line",
            policy(&operator_policy("PLACEHOLDER")),
            &[(E, 21, "spec.channel", "placeholder")],
        ),
        (
            "a managed-cluster template as the channel",
            policy(&operator_policy("'{{ fromConfigMap \"osc\" \"settings\" \"channel\" }}'")),
            &[],
        ),
    ]);
}
