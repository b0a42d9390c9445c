//! A catalog of generator configs with one mistake each, the way people get them wrong, and
//! the one diagnostic each must give (kind and path, asserted in code), plus every message in
//! one snapshot so their wording can be reviewed side by side.

use crate::common;

use common::{assert_text_snapshot, diagnostics, summarize};
use oscgen_render::Severity::{self, Error as E, Info as I, Warning as W};

const OPERATOR: &str = "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata:\n  name: sandboxed-containers-operator\n";
const RUNTIME: &str = "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata:\n  name: cluster-kataconfig\n";

fn operator(spec: &str) -> String {
    format!("{OPERATOR}spec:\n{spec}")
}

fn runtime(spec: &str) -> String {
    format!("{RUNTIME}spec:\n{spec}")
}

/// A custom handler, so handler fields may differ from the RPM's `kata`.
fn handler(fields: &str) -> String {
    runtime(&format!("  openshiftVersion: '4.20'\n  runtimeHandler:\n    name: kata-custom\n{fields}"))
}

/// A complete `aws` block.
const AWS: &str = "    aws:\n      region: us-east-2\n      subnetId: subnet-0a1b2c3d4e5f60718\n      vpcId: vpc-0a1b2c3d4e5f60718\n      securityGroupIds: [sg-0a1b2c3d4e5f60718]\n";
/// A complete `azure` block.
const AZURE: &str = "    azure:\n      region: eastus\n      resourceGroup: cluster-rg\n";

/// A KataRuntime with peer pods on 1.11.1, their credentials from the Cloud Credential
/// Operator; `lines` are the rest of `peerPods`.
fn peer_pods(lines: &str) -> String {
    runtime(&format!("  release: 1.11.1\n  peerPods:\n    credentials: cloudCredentialOperator\n{lines}"))
}

/// `(title, config, the diagnostic it must give)`.
fn catalog() -> Vec<(&'static str, String, (Severity, &'static str, &'static str))> {
    vec![
        // SandboxedContainersOperator
        ("unknown channel", operator("  channel: preview-2.0\n"), (E, "spec.channel", "UnknownChannel")),
        ("channel from the upstream bundle, not the catalog", operator("  channel: candidate\n"), (E, "spec.channel", "UnknownChannel")),
        ("unknown release", operator("  release: 1.9.9\n"), (E, "spec.release", "UnknownRelease")),
        ("release written with a v", operator("  release: v1.1.0\n"), (E, "spec.release", "UnknownRelease")),
        ("channel and release from different rows", operator("  channel: stable\n  release: 1.1.0\n"), (E, "spec.channel", "ChannelReleaseMismatch")),
        ("misspelt channel field", operator("  chanel: stable\n"), (E, "spec.chanel", "Shape")),
        ("channel as a number", operator("  channel: 1.1\n"), (E, "spec.channel", "Shape")),
        ("install plan approval misspelt", operator("  channel: stable\n  openshiftVersion: '4.20'\n  installPlanApproval: Auto\n"), (E, "spec.installPlanApproval", "Shape")),
        ("another namespace", operator("  channel: stable\n  openshiftVersion: '4.20'\n  namespace: sandboxes\n"), (W, "spec.namespace", "OperatorNamespace")),
        ("empty source", operator("  channel: stable\n  openshiftVersion: '4.20'\n  source: ''\n"), (E, "spec.source", "InvalidName")),
        ("misspelt spec", format!("{OPERATOR}sepc:\n  channel: stable\n"), (E, "sepc", "Shape")),
        ("no name", "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {}\nspec: {channel: stable}\n".to_owned(), (E, "metadata.name", "MissingName")),
        ("wrong apiVersion", operator("  channel: stable\n  openshiftVersion: '4.20'\n").replace("v1alpha1", "v1"), (E, "", "Shape")),
        // KataRuntime: labels and selectors
        ("label value true unquoted", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata: true\n"), (E, "spec.poolSelector.matchLabels.kata", "LabelValueNotString")),
        ("label value 1 unquoted", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata: 1\n"), (E, "spec.poolSelector.matchLabels.kata", "LabelValueNotString")),
        ("label value left empty", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata:\n"), (E, "spec.poolSelector.matchLabels.kata", "LabelValueNotString")),
        ("label key with a space", runtime("  openshiftVersion: '4.20'\n  poolSelector: {matchLabels: {'kata node': 'true'}}\n"), (E, r#"spec.poolSelector.matchLabels["kata node"]"#, "InvalidLabelKey")),
        ("label value with a slash", runtime("  openshiftVersion: '4.20'\n  poolSelector: {matchLabels: {kata: a/b}}\n"), (E, "spec.poolSelector.matchLabels.kata", "InvalidLabelValue")),
        ("misspelt matchLabels", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabel:\n      kata: 'true'\n"), (E, "spec.poolSelector.matchLabel", "Shape")),
        ("unknown selector operator", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: Equals, values: ['true']}\n"), (E, "spec.poolSelector.matchExpressions[0].operator", "UnknownSelectorOperator")),
        ("In without values", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: In}\n"), (E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")),
        ("Exists with values", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: Exists, values: ['true']}\n"), (E, "spec.poolSelector.matchExpressions[0].values", "SelectorValues")),
        ("matchExpressions on 1.0, which drops them", runtime("  release: 1.0.2\n  poolSelector:\n    matchExpressions:\n    - {key: kata, operator: Exists}\n"), (W, "spec.poolSelector.matchExpressions", "SelectorNotSupported")),
        // KataRuntime: names, releases, versions
        ("KataConfig name with capitals", format!("{RUNTIME}spec: {{openshiftVersion: '4.20'}}\n").replace("cluster-kataconfig", "Cluster-KataConfig"), (E, "metadata.name", "InvalidName")),
        ("logLevel on 1.1", runtime("  release: 1.1.0\n  logLevel: debug\n"), (E, "spec.logLevel", "FieldNotInRelease")),
        ("checkNodeEligibility on 1.1", runtime("  release: 1.1.0\n  checkNodeEligibility: true\n"), (E, "spec.checkNodeEligibility", "FieldNotInRelease")),
        ("enablePeerPods on 1.3", runtime("  release: 1.3.3\n  enablePeerPods: true\n"), (E, "spec.enablePeerPods", "FieldNotInRelease")),
        ("unknown log level", runtime("  openshiftVersion: '4.20'\n  logLevel: verbose\n"), (E, "spec.logLevel", "UnknownLogLevel")),
        ("okd on 1.1", runtime("  release: 1.1.0\n  platform: okd\n"), (E, "spec.platform", "PlatformNeedsRelease")),
        ("OpenShift version that does not parse", runtime("  openshiftVersion: '4.x'\n"), (E, "spec.openshiftVersion", "InvalidOpenShiftVersion")),
        ("OpenShift version unquoted (4.10 reads as 4.1)", runtime("  openshiftVersion: 4.10\n"), (E, "spec.openshiftVersion", "Shape")),
        ("OpenShift version outside the release's range", runtime("  release: 1.1.0\n  openshiftVersion: '4.14'\n"), (W, "spec.openshiftVersion", "OpenShiftVersionOutOfRange")),
        ("KataRuntime channel unknown", runtime("  channel: stable-9\n"), (E, "spec.channel", "UnknownChannel")),
        ("misspelt spec field", runtime("  openshiftVersion: '4.20'\n  renderNodeObject: true\n"), (E, "spec.renderNodeObject", "Shape")),
        // KataRuntime: peer pods and feature gates
        ("unknown provider", peer_pods("    provider: ibmcloud\n"), (E, "spec.peerPods.provider", "Shape")),
        ("a provider block that does not match the provider", peer_pods(&format!("    provider: aws\n{AZURE}")), (E, "spec.peerPods.azure", "ProviderBlockMismatch")),
        ("two provider blocks", peer_pods(&format!("    provider: aws\n{AWS}{AZURE}")), (E, "spec.peerPods.azure", "ProviderBlockMismatch")),
        ("peerPods on 1.3", peer_pods(&format!("    provider: aws\n{AWS}")).replace("1.11.1", "1.3.3"), (E, "spec.peerPods", "FeatureNotInRelease")),
        ("every required key empty", peer_pods("    provider: aws\n    aws:\n      region: ''\n      subnetId: ''\n      vpcId: ''\n      securityGroupIds: []\n"), (E, "spec.peerPods.aws", "MissingProviderBlock")),
        ("a tag key with =", peer_pods(&format!("    provider: aws\n{AWS}    tags:\n      cost=center: '42'\n")), (E, r#"spec.peerPods.tags["cost=center"]"#, "InvalidTag")),
        ("a tag key with ,", peer_pods(&format!("    provider: aws\n{AWS}    tags:\n      'team,owner': kata\n")), (E, r#"spec.peerPods.tags["team,owner"]"#, "InvalidTag")),
        ("one required key missing", peer_pods("    provider: azure\n    azure:\n      region: eastus\n"), (E, "spec.peerPods.azure.resourceGroup", "MissingPeerPodsKey")),
        ("gcp before 1.9", peer_pods("    provider: gcp\n    gcp: {projectId: my-project, zone: us-central1-a}\n").replace("1.11.1", "1.8.1"), (E, "spec.peerPods.provider", "FeatureNotInRelease")),
        ("a subnet id without subnet-", peer_pods(&format!("    provider: aws\n{AWS}").replace("subnet-0a1b2c3d4e5f60718", "0a1b2c3d4e5f60718")), (E, "spec.peerPods.aws.subnetId", "InvalidPeerPodsValue")),
        ("an Azure subnet given by name", peer_pods(&format!("    provider: azure\n{AZURE}      subnetId: worker-subnet\n")), (E, "spec.peerPods.azure.subnetId", "InvalidPeerPodsValue")),
        ("a VXLAN port out of range", peer_pods(&format!("    provider: aws\n{AWS}    vxlanPort: 65536\n")), (E, "spec.peerPods.vxlanPort", "PortOutOfRange")),
        ("a proxy timeout Go cannot parse", peer_pods(&format!("    provider: aws\n{AWS}    proxyTimeout: 5min\n")), (E, "spec.peerPods.proxyTimeout", "InvalidDuration")),
        ("a limit of 0 pods per node", peer_pods(&format!("    provider: aws\n{AWS}    limitPerNode: 0\n")), (E, "spec.peerPods.limitPerNode", "NotPositive")),
        ("no word on credentials", peer_pods(&format!("    provider: aws\n{AWS}")).replace("    credentials: cloudCredentialOperator\n", ""), (E, "spec.peerPods.credentials", "MissingCredentials")),
        ("an access key written into the config", peer_pods(&format!("    provider: aws\n{AWS}")).replace("credentials: cloudCredentialOperator", "credentials:\n      secretName: peer-pods-secret\n      awsSecretAccessKey: not-a-real-key"), (E, "spec.peerPods.credentials.awsSecretAccessKey", "Shape")),
        ("an SSH private key written into the config", peer_pods(&format!("    provider: aws\n{AWS}    sshKey:\n      id_rsa: not-a-real-key\n")), (E, "spec.peerPods.sshKey.id_rsa", "Shape")),
        ("a Secret name the operator does not read", peer_pods(&format!("    provider: aws\n{AWS}")).replace("credentials: cloudCredentialOperator", "credentials: {secretName: aws-creds}"), (E, "spec.peerPods.credentials.secretName", "FixedSecretName")),
        ("enablePeerPods false with peerPods", peer_pods(&format!("    provider: aws\n{AWS}")).replace("  peerPods:\n", "  enablePeerPods: false\n  peerPods:\n"), (E, "spec.enablePeerPods", "PeerPodsDisabled")),
        ("deploymentMode on 1.10", runtime("  release: 1.10.3\n  featureGates:\n    deploymentMode: DaemonSet\n"), (E, "spec.featureGates.deploymentMode", "FeatureNotInRelease")),
        ("confidential without peer pods on 1.10", runtime("  release: 1.10.3\n  featureGates:\n    confidential: true\n"), (E, "spec.featureGates.confidential", "ConfidentialNeedsPeerPods")),
        ("deploymentMode misspelt", runtime("  release: 1.11.1\n  featureGates:\n    deploymentMode: Daemonset\n"), (E, "spec.featureGates.deploymentMode", "Shape")),
        // KataRuntime: the runtime handler
        ("overhead cpu that is not a quantity", handler("    overhead: {cpu: lots}\n"), (E, "spec.runtimeHandler.overhead.cpu", "InvalidQuantity")),
        ("overhead memory in MB", handler("    overhead: {memory: 350MB}\n"), (E, "spec.runtimeHandler.overhead.memory", "InvalidQuantity")),
        ("unknown runtime type", handler("    runtimeType: kvm\n"), (E, "spec.runtimeHandler.runtimeType", "UnknownRuntimeType")),
        ("vm runtime that is not a shim", handler("    runtimePath: /usr/bin/kata-runtime\n"), (E, "spec.runtimeHandler.runtimePath", "NotAShim")),
        ("relative config path", handler("    runtimeConfigPath: etc/kata/configuration.toml\n"), (E, "spec.runtimeHandler.runtimeConfigPath", "InvalidPath")),
        ("config path with an oci runtime", handler("    runtimeType: oci\n    runtimePath: /usr/bin/runc\n    runtimeConfigPath: /etc/kata/configuration.toml\n"), (E, "spec.runtimeHandler.runtimeConfigPath", "ConfigPathNeedsVm")),
        ("config path older CRI-O does not know", handler("    runtimeConfigPath: /etc/kata/configuration.toml\n").replace("  openshiftVersion: '4.20'\n", "  release: 1.0.2\n"), (E, "spec.runtimeHandler.runtimeConfigPath", "CrioKeyTooNew")),
        ("the RPM's kata handler changed", runtime("  openshiftVersion: '4.20'\n  runtimeHandler:\n    runtimeRoot: /run/kata\n"), (E, "spec.runtimeHandler.runtimeRoot", "KataHandlerReserved")),
        ("handler field misspelt", handler("    runtimePth: /usr/bin/containerd-shim-kata-v2\n"), (E, "spec.runtimeHandler.runtimePth", "Shape")),
        // The catalog of the target OpenShift version
        ("stable without an OpenShift version", operator("  channel: stable\n"), (W, "spec.channel", "HeadDependsOnOpenShift")),
        ("a KataRuntime without release or OpenShift version", runtime("  poolSelector: {matchLabels: {kata: 'true'}}\n"), (W, "spec", "HeadDependsOnOpenShift")),
        ("a deprecated channel", operator("  channel: preview-1.1\n  openshiftVersion: '4.20'\n"), (W, "spec.channel", "DeprecatedChannel")),
        ("a deprecated release", operator("  release: 1.5.2\n  openshiftVersion: '4.20'\n"), (W, "spec.release", "DeprecatedRelease")),
        ("a release that OpenShift's catalog does not serve", operator("  release: 1.13.1\n  openshiftVersion: '4.16'\n"), (E, "spec.release", "ReleaseNotInCatalog")),
        ("a release no catalog serves, no OpenShift version", operator("  release: 1.2.0\n"), (W, "spec.release", "ReleaseInNoCatalog")),
        ("a version that was never published", operator("  release: 1.8.0\n"), (E, "spec.release", "ReleaseUnavailable")),
        ("the guide's channel on the guide's OpenShift", operator("  channel: preview-1.1\n  openshiftVersion: '4.9'\n"), (I, "spec.channel", "ResolvedFromDocumentedRange")),
        ("stable on an OpenShift older than stable", operator("  channel: stable\n  openshiftVersion: '4.9'\n"), (E, "spec.channel", "NotDocumentedForOpenShift")),
        ("an OpenShift newer than every catalog", operator("  channel: stable\n  openshiftVersion: '4.30'\n"), (W, "spec.openshiftVersion", "OpenShiftNewerThanCatalogs")),
        ("a catalog known from its template only", runtime("  openshiftVersion: '4.19'\n"), (I, "spec.openshiftVersion", "CatalogNotConfirmed")),
        ("node objects of a release whose code was not read", runtime("  release: 1.13.1\n  renderNodeObjects: true\n"), (I, "spec.renderNodeObjects", "NodeObjectsNotConfirmed")),
        // Values the API server or kubectl would read otherwise
        ("negative overhead", handler("    overhead: {memory: -5Mi}\n"), (E, "spec.runtimeHandler.overhead.memory", "NegativeQuantity")),
        ("label value yes unquoted", runtime("  openshiftVersion: '4.20'\n  poolSelector:\n    matchLabels:\n      kata: yes\n"), (W, "spec.poolSelector.matchLabels.kata", "UnquotedYaml11Bool")),
        // Several configs
        ("two KataRuntimes for one cluster", format!("{}---\n{}", runtime("  release: 1.7.0\n"), runtime("  release: 1.7.0\n").replace("cluster-kataconfig", "second")), (E, "metadata.name", "SecondKataConfig")),
    ]
}

#[test]
fn each_bad_config_gives_its_diagnostic() {
    let catalog = catalog();
    assert!(catalog.len() >= 30, "the catalog shrank to {}", catalog.len());
    let mut failures = Vec::new();
    let mut text = String::new();
    for (title, input, (severity, path, kind)) in &catalog {
        let found = diagnostics(input);
        let summary = summarize(&found);
        let expected = [(*severity, (*path).to_owned(), (*kind).to_owned())];
        if summary != expected {
            failures.push(format!("{title}\n  expected: {expected:?}\n  found:    {summary:?}"));
        }
        let lines: Vec<String> = found.iter().map(|d| format!("{} [{}]", d, common::kind_name(d))).collect();
        text.push_str(&format!("# {title}\n{input}=>\n{}\n\n", lines.join("\n")));
    }
    assert!(failures.is_empty(), "{} of {} configs:\n{}", failures.len(), catalog.len(), failures.join("\n"));
    assert_text_snapshot("bad-configs-catalog", &text);
}
