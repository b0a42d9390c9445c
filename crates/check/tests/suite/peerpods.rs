//! `check` tables for peer pods and credentials: a KataConfig that enables peer pods and the
//! `peer-pods-cm` it needs, and Secrets that commit cloud credentials to Git. As in
//! `check.rs`: YAML in, `(severity, path, code)` out; the credential value never comes out.

use crate::common;

use common::Case;
use oscgen_check::Severity::{self, Error as E, Warning as W};
use oscgen_check::{Diagnostic, Input, Options, check};

fn findings(name: &str, text: &str) -> Vec<Diagnostic> {
    common::findings_with(name, text, &Options::default())
}

fn table(cases: &[Case<'_>]) {
    common::table(cases, |text| findings("input.yaml", text));
}

const NAMESPACE: &str = "openshift-sandboxed-containers-operator";

/// A KataConfig with `spec` lines (indented two spaces).
fn kataconfig(spec: &str) -> String {
    format!(
        "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata:\n  name: cluster-kataconfig\nspec:\n{spec}"
    )
}

/// `peer-pods-cm` with `data` lines (indented two spaces).
fn config_map(data: &str) -> String {
    format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: peer-pods-cm\n  namespace: {NAMESPACE}\ndata:\n{data}")
}

/// The keys the operator needs for AWS.
const AWS: &str = "  CLOUD_PROVIDER: aws\n  AWS_REGION: us-east-2\n  AWS_SUBNET_ID: subnet-0a1b2c3d4e5f60718\n  \
                   AWS_VPC_ID: vpc-0a1b2c3d4e5f60718\n  AWS_SG_IDS: sg-0a1b2c3d4e5f60718\n";

/// The operator's Subscription pinned to `csv`, with its OperatorGroup.
fn subscription(csv: &str) -> String {
    format!(
        "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {NAMESPACE}\n  namespace: {NAMESPACE}\n\
         spec:\n  channel: stable\n  name: sandboxed-containers-operator\n  source: redhat-operators\n  \
         sourceNamespace: openshift-marketplace\n  startingCSV: sandboxed-containers-operator.v{csv}\n---\n\
         apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata:\n  name: {NAMESPACE}\n  namespace: {NAMESPACE}\n\
         spec:\n  targetNamespaces: [{NAMESPACE}]\n"
    )
}

/// `osc-feature-gates` with the `confidential` gate written as `value`.
fn gates(value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: osc-feature-gates\n  namespace: {NAMESPACE}\ndata:\n  confidential: {value}\n"
    )
}

fn both(a: &str, b: &str) -> String {
    format!("{a}---\n{b}")
}

#[test]
fn peer_pods_need_their_config_map() {
    let enabled = kataconfig("  enablePeerPods: true\n");
    table(&[
        ("enabled, no ConfigMap", enabled.clone(), &[(E, "spec.enablePeerPods", "noPeerPodsConfigMap")]),
        ("enabled, with the ConfigMap", both(&enabled, &config_map(AWS)), &[]),
        ("not enabled, no ConfigMap", kataconfig("  enablePeerPods: false\n"), &[]),
        (
            "the ConfigMap in another namespace",
            both(&enabled, &config_map(AWS).replace(NAMESPACE, "default")),
            &[(E, "spec.enablePeerPods", "noPeerPodsConfigMap")],
        ),
        (
            "the ConfigMap without a namespace, which the build or kubectl sets",
            both(&enabled, &config_map(AWS).replace(&format!("  namespace: {NAMESPACE}\n"), "")),
            &[],
        ),
        (
            "with checkNodeEligibility, which the operator then skips",
            both(&kataconfig("  enablePeerPods: true\n  checkNodeEligibility: true\n"), &config_map(AWS)),
            &[(W, "spec.checkNodeEligibility", "peerPodsSkipsEligibility")],
        ),
        (
            "a KataRuntime that enables peer pods without a ConfigMap",
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: k}\nspec:\n  release: 1.11.1\n  enablePeerPods: true\n"
                .to_owned(),
            &[(E, "spec.enablePeerPods", "noPeerPodsConfigMap")],
        ),
        (
            "a KataRuntime that enables peer pods beside a ConfigMap written by hand",
            both(
                "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: k}\nspec:\n  release: 1.11.1\n  enablePeerPods: true\n",
                &config_map(AWS),
            ),
            &[],
        ),
        (
            "a KataRuntime whose peerPods writes the ConfigMap",
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {name: k}\nspec:\n  release: 1.11.1\n  peerPods:\n    \
             provider: azure\n    credentials: cloudCredentialOperator\n    azure: {region: eastus, resourceGroup: rg}\n"
                .to_owned(),
            &[],
        ),
    ]);
}

#[test]
fn peer_pods_config_map_keys() {
    let at = |key: &'static str| key;
    table(&[
        ("aws with every key it needs", config_map(AWS), &[]),
        (
            "no CLOUD_PROVIDER",
            config_map("  AWS_REGION: us-east-2\n"),
            &[(E, "data.CLOUD_PROVIDER", "missingProvider")],
        ),
        (
            "an unknown provider",
            config_map("  CLOUD_PROVIDER: ibmcloud\n"),
            &[(E, "data.CLOUD_PROVIDER", "unknownCloudProvider")],
        ),
        (
            "aws without its subnet",
            config_map(&AWS.replace("  AWS_SUBNET_ID: subnet-0a1b2c3d4e5f60718\n", "")),
            &[(E, at("data.AWS_SUBNET_ID"), "missingPeerPodsKey")],
        ),
        (
            "aws with an empty VPC",
            config_map(&AWS.replace("vpc-0a1b2c3d4e5f60718", "\"\"")),
            &[(E, "data.AWS_VPC_ID", "emptyPeerPodsKey")],
        ),
        (
            "azure with its subnet and security group present but empty",
            config_map(
                "  CLOUD_PROVIDER: azure\n  AZURE_REGION: eastus\n  AZURE_RESOURCE_GROUP: rg\n  AZURE_SUBNET_ID: \"\"\n  AZURE_NSG_ID: ''\n",
            ),
            &[(E, "data.AZURE_SUBNET_ID", "emptyPeerPodsKey"), (E, "data.AZURE_NSG_ID", "emptyPeerPodsKey")],
        ),
        (
            "azure without them: the operator does not ask for them",
            config_map("  CLOUD_PROVIDER: azure\n  AZURE_REGION: eastus\n  AZURE_RESOURCE_GROUP: rg\n"),
            &[],
        ),
        (
            "AA_KBC_PARAMS with a 1.7 subscription, which reads it",
            both(&subscription("1.7.0"), &config_map(&format!("{AWS}  AA_KBC_PARAMS: cc_kbc::http://kbs:8080\n"))),
            &[],
        ),
        (
            "AA_KBC_PARAMS with a 1.10 subscription, which reads INITDATA instead",
            both(&subscription("1.10.0"), &config_map(&format!("{AWS}  AA_KBC_PARAMS: cc_kbc::http://kbs:8080\n"))),
            &[(W, "data.AA_KBC_PARAMS", "keyNotReadByRelease")],
        ),
        (
            "a misspelt key, and so a missing one",
            config_map(&AWS.replace("AWS_SG_IDS", "AWS_SG_ID")),
            &[(E, "data.AWS_SG_IDS", "missingPeerPodsKey"), (W, "data.AWS_SG_ID", "unknownPeerPodsKey")],
        ),
        (
            "the AMI the operator fills, kept empty in Git",
            config_map(&format!("{AWS}  PODVM_AMI_ID: \"\"\n")),
            &[(W, "data.PODVM_AMI_ID", "operatorWrittenKey")],
        ),
        (
            "the Azure image the operator fills",
            config_map(
                "  CLOUD_PROVIDER: azure\n  AZURE_REGION: eastus\n  AZURE_RESOURCE_GROUP: rg\n  AZURE_IMAGE_ID: \"\"\n",
            ),
            &[(W, "data.AZURE_IMAGE_ID", "operatorWrittenKey")],
        ),
        (
            "the AMI set in Git: the operator uses it and writes nothing",
            config_map(&format!("{AWS}  PODVM_AMI_ID: ami-0a1b2c3d4e5f60718\n")),
            &[],
        ),
        (
            "DISABLECVM as the operator writes it without the confidential gate",
            config_map(&format!("{AWS}  DISABLECVM: \"true\"\n")),
            &[],
        ),
        (
            "DISABLECVM against the operator, without the gate",
            config_map(&format!("{AWS}  DISABLECVM: \"false\"\n")),
            &[(W, "data.DISABLECVM", "operatorWrittenKey")],
        ),
        (
            "DISABLECVM against the operator, with the gate on",
            both(&gates("\"true\""), &config_map(&format!("{AWS}  DISABLECVM: \"true\"\n"))),
            &[(W, "data.DISABLECVM", "operatorWrittenKey")],
        ),
        (
            "DISABLECVM as the operator writes it with the gate on",
            both(&gates("\"true\""), &config_map(&format!("{AWS}  DISABLECVM: \"false\"\n"))),
            &[],
        ),
        (
            "DISABLECVM with a 1.6 subscription, before the gate",
            both(&subscription("1.6.0"), &config_map(&format!("{AWS}  DISABLECVM: \"true\"\n"))),
            &[],
        ),
        (
            "values of the wrong shape",
            config_map(
                &format!("{AWS}  VXLAN_PORT: \"70000\"\n  PROXY_TIMEOUT: 5 min\n  PEERPODS_LIMIT_PER_NODE: \"0\"\n")
                    .replace("subnet-0a1b2c3d4e5f60718", "subnet1"),
            ),
            &[
                (E, "data.AWS_SUBNET_ID", "invalidPeerPodsValue"),
                (E, "data.VXLAN_PORT", "portOutOfRange"),
                (E, "data.PROXY_TIMEOUT", "invalidDuration"),
                (E, "data.PEERPODS_LIMIT_PER_NODE", "notPositive"),
            ],
        ),
        (
            "a port written as a number",
            config_map(&format!("{AWS}  VXLAN_PORT: 9000\n")),
            &[(E, "data.VXLAN_PORT", "schema")],
        ),
        (
            "tags with a comma in a value",
            config_map(&format!("{AWS}  TAGS: owner=a,b\n")),
            &[(E, "data.TAGS", "invalidTag")],
        ),
        (
            "gcp with a 1.8 subscription",
            both(&subscription("1.8.1"), &config_map("  CLOUD_PROVIDER: gcp\n  GCP_PROJECT_ID: p\n  GCP_ZONE: z\n")),
            &[(E, "data.CLOUD_PROVIDER", "featureNotInRelease")],
        ),
        (
            "libvirt on 1.8 keeps its pool in the Secret",
            both(&subscription("1.8.1"), &config_map("  CLOUD_PROVIDER: libvirt\n")),
            &[],
        ),
        (
            "libvirt from 1.9 keeps it here",
            config_map("  CLOUD_PROVIDER: libvirt\n  LIBVIRT_POOL: default\n"),
            &[(E, "data.LIBVIRT_VOL_NAME", "missingPeerPodsKey"), (E, "data.LIBVIRT_DIR_NAME", "missingPeerPodsKey")],
        ),
    ]);
}

/// A fake key that looks like an AWS secret access key (40 characters of base64). It is no
/// credential of anyone's; the tests only need something no message could contain by chance.
const FAKE_KEY: &str = "q9Vt7ZkR3xLmW2pN8sYcB4dF6gHjK1aE0uTiO5rP";

fn secret(field: &str, entries: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: peer-pods-secret\n  namespace: {NAMESPACE}\ntype: Opaque\n{field}:\n{entries}"
    )
}

fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn credentials_committed_to_git() {
    let encoded = base64(FAKE_KEY);
    table(&[
        (
            "AWS secret key in data",
            secret("data", &format!("  AWS_ACCESS_KEY_ID: {}\n  AWS_SECRET_ACCESS_KEY: {encoded}\n", base64("AKIAIOSFODNN7EXAMPLE"))),
            &[(E, "data.AWS_SECRET_ACCESS_KEY", "credentialsInGit")],
        ),
        (
            "Azure client secret in stringData",
            secret("stringData", &format!("  AZURE_CLIENT_ID: app\n  AZURE_CLIENT_SECRET: {FAKE_KEY}\n")),
            &[(E, "stringData.AZURE_CLIENT_SECRET", "credentialsInGit")],
        ),
        (
            "a GCP service account with its private key",
            secret(
                "stringData",
                "  GCP_CREDENTIALS: '{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\"}'\n",
            ),
            &[(E, "stringData.GCP_CREDENTIALS", "credentialsInGit")],
        ),
        (
            "a service account without a private key: may be one, not certain",
            secret("stringData", "  GCP_CREDENTIALS: '{\"type\": \"service_account\", \"private_key_id\": \"0\"}'\n"),
            &[(W, "stringData.GCP_CREDENTIALS", "possibleCredentialInGit")],
        ),
        (
            "the Cloud Credential Operator's names",
            secret("stringData", &format!("  aws_secret_access_key: {FAKE_KEY}\n")),
            &[(E, "stringData.aws_secret_access_key", "credentialsInGit")],
        ),
        (
            "a private SSH key",
            secret("stringData", "  id_rsa: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    b3BlbnNzaC1rZXktdjE=\n    -----END OPENSSH PRIVATE KEY-----\n  id_rsa.pub: ssh-rsa AAAA\n")
                .replace("peer-pods-secret", "ssh-key-secret"),
            &[(E, "stringData.id_rsa", "credentialsInGit")],
        ),
        ("only the public SSH key", secret("stringData", "  id_rsa.pub: ssh-rsa AAAA\n"), &[]),
        ("only the access key id", secret("stringData", "  AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n"), &[]),
        ("a placeholder", secret("stringData", "  AWS_SECRET_ACCESS_KEY: <your secret access key>\n"), &[]),
        ("an empty value", secret("data", "  AWS_SECRET_ACCESS_KEY: \"\"\n"), &[]),
        ("a template variable", secret("stringData", "  AZURE_CLIENT_SECRET: ${AZURE_CLIENT_SECRET}\n"), &[]),
        (
            "data that is not even base64, judged as written: 41 characters are no AWS key",
            secret("data", &format!("  AWS_SECRET_ACCESS_KEY: {FAKE_KEY}!\n")),
            &[(W, "data.AWS_SECRET_ACCESS_KEY", "possibleCredentialInGit")],
        ),
    ]);
}

/// The rule proven on a fixture with a real-looking key: the finding names the Secret and the
/// key, and the value appears nowhere in what `check` gives back (text and JSON).
#[test]
fn the_credential_never_leaves_check() {
    let text = secret(
        "data",
        &format!(
            "  AWS_ACCESS_KEY_ID: {}\n  AWS_SECRET_ACCESS_KEY: {}\n",
            base64("AKIAIOSFODNN7EXAMPLE"),
            base64(FAKE_KEY)
        ),
    );
    let found = findings("secret.yaml", &text);
    assert_eq!(found.len(), 1, "{found:?}");
    let shown = found[0].to_string();
    assert!(
        shown.starts_with(
            "secret.yaml:9:3: error: Secret/peer-pods-secret: data.AWS_SECRET_ACCESS_KEY: credentials committed to Git"
        ),
        "{shown}"
    );
    let json = serde_json::to_string(&found).unwrap();
    let debug = format!("{found:?}");
    for out in [&shown, &json, &debug] {
        assert!(!out.contains(FAKE_KEY), "the key is in: {out}");
        assert!(!out.contains(&base64(FAKE_KEY)), "the encoded key is in: {out}");
    }
}

/// A kustomize `secretGenerator` literal is in Git too; its files and envs are read for the
/// build only.
#[test]
fn secret_generator_literals() {
    let dir = tempfile::Builder::new().prefix("oscgen-check-").tempdir().unwrap();
    std::fs::write(
        dir.path().join("kustomization.yaml"),
        format!(
            "namespace: {NAMESPACE}\nsecretGenerator:\n- name: peer-pods-secret\n  literals:\n  - AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n  \
             - AWS_SECRET_ACCESS_KEY={FAKE_KEY}\n- name: ssh-key-secret\n  files:\n  - id_rsa\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("id_rsa"), "written by the deployment pipeline\n").unwrap();
    let found = check(&[Input::Path(dir.path().to_path_buf())], &Options::default()).unwrap().entries;
    let summary: Vec<(Severity, String, String)> =
        found.iter().map(|f| (f.severity, f.path.to_string(), f.code.to_string())).collect();
    assert_eq!(summary, [(E, "literals[1]".to_owned(), "credentialsInGit".to_owned())], "{found:?}");
    assert!(found[0].to_string().contains("Secret/peer-pods-secret"), "{}", found[0]);
    assert!(!found[0].to_string().contains(FAKE_KEY), "{}", found[0]);
}

/// `osc-feature-gates` keys against the gates the subscribed release reads: an unknown key is
/// a warning with a case-insensitive did-you-mean, a gate of a later release a warning too.
#[test]
fn feature_gate_keys() {
    let gates = |data: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: osc-feature-gates\n  namespace: {NAMESPACE}\ndata:\n{data}"
        )
    };
    table(&[
        (
            "the gates every release since 1.11 reads",
            gates("  confidential: \"false\"\n  layeredImageDeployment: \"false\"\n  deploymentMode: DaemonSet\n"),
            &[],
        ),
        (
            "another case",
            gates("  LayeredImageDeployment: \"true\"\n"),
            &[(W, "data.LayeredImageDeployment", "unknownFeatureGate")],
        ),
        ("a private build's gate", gates("  timeTravel: \"true\"\n"), &[(W, "data.timeTravel", "unknownFeatureGate")]),
        (
            "deploymentMode with a 1.10 subscription",
            both(&subscription("1.10.0"), &gates("  deploymentMode: DaemonSet\n  confidential: \"true\"\n")),
            &[(W, "data.deploymentMode", "featureNotInRelease")],
        ),
    ]);
    let found = findings("gates.yaml", &gates("  LayeredImageDeployment: \"true\"\n"));
    assert!(found[0].to_string().contains("did you mean `layeredImageDeployment`?"), "{}", found[0]);
}
