//! `check` tables for confidential containers: Trustee config the operator reinterprets,
//! initdata that does not decode or breaks attestation, the initdata annotation of another
//! release, and private keys. YAML in, `(severity, path, code)` out; no value comes out.

use crate::common;

use std::io::Write;

use base64::Engine;
use common::{Case, findings};
use oscgen_check::Severity::{self, Error as E, Warning as W};
use oscgen_check::{Input, Options, check};

fn table(cases: &[Case<'_>]) {
    common::table(cases, findings);
}

const NS: &str = "trustee-operator-system";
const KBS: &str = "https://kbs-trustee-operator-system.apps.example.com";
const CERT: &str = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
/// Not a key: the PEM armour is all the rule reads.
/// An ed25519 key made for this test (`openssl genpkey -algorithm ed25519`), used nowhere else:
/// a real key's shape, which a template or an all-zero body is not.
const KEY: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIANRjtJTjBLy15kqL0LEx0SBPszRTEQUGlQAsTM9SNQd\n-----END PRIVATE KEY-----\n";

fn gzip_base64(text: &str) -> String {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap())
}

fn initdata(aa_url: &str, cdh_url: &str, exec: bool) -> String {
    gzip_base64(&format!(
        "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"aa.toml\" = '''\n[token_configs.kbs]\nurl = '{aa_url}'\ncert = \"\"\"\n{CERT}\"\"\"\n'''\n\"cdh.toml\" = '''\n[kbc]\nname = 'cc_kbc'\nurl = '{cdh_url}'\nkbs_cert = \"\"\"\n{CERT}\"\"\"\n'''\n\"policy.rego\" = '''\npackage agent_policy\ndefault ExecProcessRequest := {exec}\ndefault ReadStreamRequest := false\n'''\n"
    ))
}

fn peer_pods_cm(value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: peer-pods-cm\n  namespace: openshift-sandboxed-containers-operator\ndata:\n  CLOUD_PROVIDER: azure\n  AZURE_REGION: eastus\n  AZURE_RESOURCE_GROUP: rg\n  INITDATA: \"{value}\"\n"
    )
}

fn pod(key: &str, value: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    {key}: \"{value}\"\nspec:\n  runtimeClassName: kata-remote\n  containers: [{{name: c, image: quay.io/x/y}}]\n"
    )
}

fn osc_subscription(version: &str) -> String {
    let ns = "openshift-sandboxed-containers-operator";
    format!(
        "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {ns}\n  namespace: {ns}\n\
         spec:\n  channel: stable\n  name: sandboxed-containers-operator\n  source: redhat-operators\n  \
         sourceNamespace: openshift-marketplace\n  startingCSV: sandboxed-containers-operator.v{version}\n---\n\
         apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata:\n  name: {ns}\n  namespace: {ns}\n\
         spec:\n  targetNamespaces: [{ns}]\n---\n"
    )
}

fn route(host: &str) -> String {
    format!(
        "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: kbs\n  namespace: {NS}\nspec:\n  host: {host}\n  to: {{kind: Service, name: kbs-service}}\n  tls: {{termination: passthrough}}\n---\n"
    )
}

#[test]
fn trustee_config_the_operator_reinterprets() {
    let trustee = |spec: &str| {
        format!(
            "apiVersion: confidentialcontainers.org/v1alpha1\nkind: TrusteeConfig\nmetadata:\n  name: t\n  namespace: {NS}\nspec:\n{spec}"
        )
    };
    let kbs = |spec: &str| {
        format!(
            "apiVersion: confidentialcontainers.org/v1alpha1\nkind: KbsConfig\nmetadata:\n  name: k\n  namespace: {NS}\nspec:\n{spec}"
        )
    };
    let cases: Vec<Case<'_>> = vec![
        ("Restricted", trustee("  profileType: Restricted\n"), &[]),
        ("Restrictive", trustee("  profileType: Restrictive\n"), &[(E, "spec.profileType", "unknownProfileType")]),
        ("lowercase", trustee("  profileType: restricted\n"), &[(E, "spec.profileType", "unknownProfileType")]),
        (
            "no deployment type",
            kbs("  kbsConfigMapName: kbs-config\n  kbsAuthSecretName: kbs-auth-public-key\n"),
            &[(E, "spec.kbsDeploymentType", "emptyKbsDeploymentType")],
        ),
        (
            "an empty deployment type",
            kbs("  kbsConfigMapName: kbs-config\n  kbsDeploymentType: \"\"\n"),
            // The CRD's enum refuses it: the schema rule reports it, once.
            &[(E, "spec.kbsDeploymentType", "schema")],
        ),
        ("all in one", kbs("  kbsConfigMapName: kbs-config\n  kbsDeploymentType: AllInOneDeployment\n"), &[]),
        // Seeding the KbsConfig a TrusteeConfig makes: only the secret resources.
        ("a seed", kbs("  kbsSecretResources: [security-policy]\n"), &[]),
        (
            "the README's capitalised field in lower case",
            kbs("  kbsDeploymentType: AllInOneDeployment\n  kbsEnvVars: {RUST_LOG: debug}\n"),
            // The API server drops an unknown field and stores the rest (issue 17's rule).
            &[(W, "spec.kbsEnvVars", "droppedField")],
        ),
    ];
    table(&cases);
}

#[test]
fn initdata_in_peer_pods_cm_and_annotations() {
    let good = initdata(KBS, KBS, false);
    let hyper = "io.katacontainers.config.hypervisor.cc_init_data";
    let runtime = "io.katacontainers.config.runtime.cc_init_data";
    let cases: Vec<Case<'_>> = vec![
        ("good", peer_pods_cm(&good), &[]),
        ("not base64", peer_pods_cm("not-base64!"), &[(E, "data.INITDATA", "initdataNotBase64")]),
        (
            "base64 without gzip",
            peer_pods_cm(&base64::engine::general_purpose::STANDARD.encode("algorithm = \"sha384\"")),
            &[(E, "data.INITDATA", "initdataNotGzip")],
        ),
        (
            "a bad algorithm",
            peer_pods_cm(&gzip_base64("algorithm = \"md5\"\nversion = \"0.1.0\"\n[data]\n")),
            &[(E, "data.INITDATA", "initdataAlgorithm")],
        ),
        (
            "an unknown data key",
            peer_pods_cm(&gzip_base64("algorithm = \"sha256\"\nversion = \"0.1.0\"\n[data]\n\"kbs.toml\" = ''\n")),
            &[(E, "data.INITDATA", "initdataUnknownKey")],
        ),
        (
            "URLs that differ",
            peer_pods_cm(&initdata(KBS, "https://other.example.com", false)),
            &[(E, "data.INITDATA", "initdataKbsUrlMismatch")],
        ),
        ("exec allowed", peer_pods_cm(&initdata(KBS, KBS, true)), &[(W, "data.INITDATA", "initdataPolicyAllows")]),
        (
            "a Route to another host",
            format!("{}{}", route("kbs.apps.other.example.com"), peer_pods_cm(&good)),
            &[(E, "data.INITDATA", "initdataKbsUrlMismatch")],
        ),
        (
            "the Route's host",
            format!("{}{}", route("kbs-trustee-operator-system.apps.example.com"), peer_pods_cm(&good)),
            &[],
        ),
        ("a pod annotation", pod(hyper, &good), &[]),
        (
            "a pod annotation that does not decode",
            pod(hyper, "H4sI"),
            &[(E, "metadata.annotations[\"io.katacontainers.config.hypervisor.cc_init_data\"]", "initdataNotGzip")],
        ),
        (
            "the 1.10 key on 1.12",
            format!("{}{}", osc_subscription("1.12.1"), pod(runtime, &good)),
            &[(
                E,
                "metadata.annotations[\"io.katacontainers.config.runtime.cc_init_data\"]",
                "wrongInitdataAnnotation",
            )],
        ),
        (
            "the 1.11 key on 1.10",
            format!("{}{}", osc_subscription("1.10.3"), pod(hyper, &good)),
            &[(
                E,
                "metadata.annotations[\"io.katacontainers.config.hypervisor.cc_init_data\"]",
                "wrongInitdataAnnotation",
            )],
        ),
        ("the 1.10 key on 1.10", format!("{}{}", osc_subscription("1.10.3"), pod(runtime, &good)), &[]),
    ];
    table(&cases);
}

#[test]
fn private_keys_anywhere_are_errors_without_their_value() {
    let indented: String = KEY.lines().map(|l| format!("    {l}\n")).collect();
    let cm = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kbs-config\n  namespace: {NS}\ndata:\n  key.pem: |\n{indented}"
    );
    let secret = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: kbs-client\n  namespace: {NS}\ndata:\n  privateKey: {}\n",
        base64::engine::general_purpose::STANDARD.encode(KEY)
    );
    let ssh = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ssh-key-secret\nstringData:\n  id_rsa: |\n{}",
        KEY.replace("PRIVATE KEY", "OPENSSH PRIVATE KEY").lines().map(|l| format!("    {l}\n")).collect::<String>()
    );
    let public = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: kbs-auth-public-key\nstringData:\n  publicKey: |\n    -----BEGIN PUBLIC KEY-----\n    MCowBQYDK2VwAyEA\n    -----END PUBLIC KEY-----\n";
    let template = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kbs-config\n  namespace: {NS}\ndata:\n  key.pem: |\n    -----BEGIN PRIVATE KEY-----\n    <paste your key here>\n    -----END PRIVATE KEY-----\n"
    );
    let cases: Vec<Case<'_>> = vec![
        ("in a ConfigMap", cm, &[(E, "data[\"key.pem\"]", "privateKeyInGit")]),
        ("in a Secret's data, base64", secret, &[(E, "data.privateKey", "privateKeyInGit")]),
        // The credentials rule already names id_rsa; once is enough.
        ("an SSH key", ssh, &[(E, "stringData.id_rsa", "credentialsInGit")]),
        ("a public key", public.to_owned(), &[]),
        ("a template, not a key", template, &[]),
    ];
    table(&cases);
    // The value never reaches a message.
    let text = findings(&format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: \"{}\"\n",
        KEY.replace('\n', "\\n")
    ));
    let shown: String = text.iter().map(ToString::to_string).collect();
    assert!(!shown.contains("MC4CAQAw"), "{shown}");
    assert!(shown.contains("PRIVATE KEY"), "{shown}");
}

#[test]
fn confidential_pod_vms_run_on_confidential_instances() {
    let gates = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: osc-feature-gates\n  namespace: openshift-sandboxed-containers-operator\ndata:\n  confidential: \"true\"\n---\n";
    let cm = |data: &str| {
        format!(
            "{gates}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: peer-pods-cm\n  namespace: openshift-sandboxed-containers-operator\ndata:\n{data}"
        )
    };
    let azure = "  CLOUD_PROVIDER: azure\n  AZURE_REGION: eastus\n  AZURE_RESOURCE_GROUP: rg\n";
    let aws = "  CLOUD_PROVIDER: aws\n  AWS_REGION: us-east-2\n  AWS_SUBNET_ID: subnet-0a1b2c3d4e5f60718\n  AWS_VPC_ID: vpc-0a1b2c3d4e5f60718\n  AWS_SG_IDS: sg-0a1b2c3d4e5f60718\n";
    let gcp = "  CLOUD_PROVIDER: gcp\n  GCP_PROJECT_ID: p\n  GCP_ZONE: us-central1-a\n";
    let cases: Vec<Case<'_>> = vec![
        (
            "Azure DCas_v5",
            cm(&format!(
                "{azure}  AZURE_INSTANCE_SIZE: Standard_DC2as_v5\n  AZURE_INSTANCE_SIZES: \"Standard_DC2as_v5,Standard_DC4es_v5\"\n"
            )),
            &[],
        ),
        (
            "Azure D-series",
            cm(&format!("{azure}  AZURE_INSTANCE_SIZE: Standard_D2as_v5\n")),
            &[(E, "data.AZURE_INSTANCE_SIZE", "notConfidentialInstance")],
        ),
        (
            "one of the allowed sizes is not confidential",
            cm(&format!(
                "{azure}  AZURE_INSTANCE_SIZE: Standard_DC2as_v5\n  AZURE_INSTANCE_SIZES: \"Standard_DC2as_v5,Standard_B2s\"\n"
            )),
            &[(E, "data.AZURE_INSTANCE_SIZES", "notConfidentialInstance")],
        ),
        (
            "the default is not allowed",
            cm(&format!(
                "{azure}  AZURE_INSTANCE_SIZE: Standard_DC2as_v5\n  AZURE_INSTANCE_SIZES: Standard_DC4as_v5\n"
            )),
            &[(E, "data.AZURE_INSTANCE_SIZE", "defaultSizeNotAllowed")],
        ),
        ("AWS m6a", cm(&format!("{aws}  PODVM_INSTANCE_TYPE: m6a.large\n")), &[]),
        (
            "AWS m5",
            cm(&format!("{aws}  PODVM_INSTANCE_TYPE: m5.large\n")),
            &[(E, "data.PODVM_INSTANCE_TYPE", "notConfidentialInstance")],
        ),
        ("GCP without the type", cm(gcp), &[(E, "data.GCP_CONFIDENTIAL_TYPE", "gcpConfidentialType")]),
        ("GCP SEV_SNP", cm(&format!("{gcp}  GCP_CONFIDENTIAL_TYPE: SEV_SNP\n")), &[]),
        (
            "GCP with a wrong type",
            cm(&format!("{gcp}  GCP_CONFIDENTIAL_TYPE: SNP\n")),
            &[(E, "data.GCP_CONFIDENTIAL_TYPE", "gcpConfidentialType")],
        ),
        (
            "confidential off: any size",
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: peer-pods-cm\n  namespace: openshift-sandboxed-containers-operator\ndata:\n{azure}  AZURE_INSTANCE_SIZE: Standard_D2as_v5\n"
            ),
            &[],
        ),
    ];
    table(&cases);
}

#[test]
fn what_a_kbsconfig_names_is_where_and_as_trustee_reads_it() {
    let kbs = format!(
        "apiVersion: confidentialcontainers.org/v1alpha1\nkind: KbsConfig\nmetadata:\n  name: k\n  namespace: {NS}\nspec:\n  kbsDeploymentType: AllInOneDeployment\n  kbsConfigMapName: kbs-config\n  kbsRvpsRefValuesConfigMapName: rvps-reference-values\n  kbsAuthSecretName: kbs-auth-public-key\n  kbsSecretResources: [security-policy]\n---\n"
    );
    let cm = |name: &str, ns: &str, key: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {ns}\ndata:\n  {key}: \"x\"\n---\n"
        )
    };
    let secret = |name: &str, ns: &str| {
        format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n  namespace: {ns}\n---\n")
    };
    let cases: Vec<Case<'_>> = vec![
        ("nothing in the build (made elsewhere)", kbs.clone(), &[]),
        (
            "the old and new keys",
            format!(
                "{kbs}{}{}",
                cm("kbs-config", NS, "kbs-config.toml"),
                cm("rvps-reference-values", NS, "reference_value")
            ),
            &[],
        ),
        (
            "the policy's key in the reference values",
            format!("{kbs}{}", cm("rvps-reference-values", NS, "policy.rego")),
            &[(E, "spec.kbsRvpsRefValuesConfigMapName", "trusteeConfigMapKey")],
        ),
        (
            "kbs-config in another namespace",
            format!("{kbs}{}", cm("kbs-config", "default", "kbs-config.toml")),
            &[(E, "spec.kbsConfigMapName", "trusteeRefNamespace")],
        ),
        (
            "a secret resource in another namespace",
            format!("{kbs}{}", secret("security-policy", "default")),
            &[(E, "spec.kbsSecretResources[0]", "trusteeRefNamespace")],
        ),
        ("the auth Secret beside it", format!("{kbs}{}", secret("kbs-auth-public-key", NS)), &[]),
    ];
    table(&cases);
}

#[test]
fn private_keys_in_files_that_are_not_yaml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("privateKey"), format!("# admin key\n{KEY}")).unwrap();
    std::fs::write(
        dir.path().join("publicKey"),
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing here\n").unwrap();
    let report = check(&[Input::Path(dir.path().to_path_buf())], &Options::default()).unwrap();
    let found: Vec<(Severity, String, Option<usize>)> = report
        .entries
        .iter()
        .map(|d| (d.severity, d.code.to_string(), d.origin.as_ref().and_then(|o| o.line)))
        .collect();
    assert_eq!(found, [(E, "privateKeyInGit".to_owned(), Some(2))]);
    let shown = report.to_string();
    assert!(shown.contains("privateKey:2:1") && !shown.contains("MC4CAQAw"), "{shown}");
}
