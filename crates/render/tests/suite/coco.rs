//! `kind: ConfidentialContainers`: the Trustee install and config for every OSC line with a
//! Trustee pair, each object valid against that Trustee line's CRD, snapshotted; bad configs
//! refused with (severity, path, kind); initdata written into peer-pods-cm.

use crate::common;

use common::{Case, assert_text_snapshot, check, summarize};
use oscgen_render::coco::{catalog as coco, initdata};
use oscgen_render::diagnostics::codes;
use oscgen_render::schema::{self, Schemas, TrusteeCrd};
use oscgen_render::{Object, Rendered, Severity, config, render};

const CERT: &str = "-----BEGIN CERTIFICATE-----\n      MIIBszCCAVmgAwIBAgIUQ2Fr\n      -----END CERTIFICATE-----";

fn coco_config(name: &str, spec: &str) -> String {
    format!("apiVersion: oscgen.dev/v1alpha1\nkind: ConfidentialContainers\nmetadata: {{name: {name}}}\nspec:\n{spec}")
}

/// A full config for `release`: Route with a host, TLS from a Secret, two secret resources,
/// initdata with the KBS certificate and an image policy.
fn full(release: &str) -> String {
    coco_config(
        "trustee",
        &format!(
            "  release: \"{release}\"\n  kbs:\n    route: {{host: kbs-trustee-operator-system.apps.example.com}}\n    \
             tls: {{secretName: kbs-tls}}\n    secretResources: [security-policy, cosign-key]\n  initdata:\n    \
             kbsCertificate: |\n      {CERT}\n    imageSecurityPolicyUri: kbs:///default/security-policy/osc\n"
        ),
    )
}

fn render_text(text: &str) -> Rendered {
    render(&config::from_yaml(text).unwrap()).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every object against its CRD, the Trustee kinds against the tag of `release`'s Trustee line.
fn assert_valid(rendered: &Rendered, release: &str) {
    let tag = coco::pairing(release).unwrap().trustee.crd;
    let schemas = Schemas { trustee: TrusteeCrd::of_tag(tag).unwrap(), ..Schemas::default() };
    for object in &rendered.objects {
        if matches!(object, Object::Route(_) | Object::Certificate(_)) {
            continue;
        }
        let violations = schema::check(&object.to_value().unwrap(), schemas).unwrap();
        assert!(violations.is_empty(), "{release}: {} against {tag}: {violations:?}", object.reference());
    }
}

#[test]
fn every_paired_release_renders_valid_trustee_config() {
    // (release, kinds, how the pair is known)
    let table: [(&str, &[&str], bool); 5] = [
        (
            "1.9.0",
            &[
                "Namespace",
                "OperatorGroup",
                "Subscription",
                "ConfigMap",
                "ConfigMap",
                "ConfigMap",
                "KbsConfig",
                "Route",
            ],
            false,
        ),
        (
            "1.10.3",
            &[
                "Namespace",
                "OperatorGroup",
                "Subscription",
                "ConfigMap",
                "ConfigMap",
                "ConfigMap",
                "KbsConfig",
                "Route",
            ],
            true,
        ),
        ("1.11.1", &["Namespace", "OperatorGroup", "Subscription", "TrusteeConfig", "KbsConfig", "Route"], false),
        ("1.12.1", &["Namespace", "OperatorGroup", "Subscription", "TrusteeConfig", "KbsConfig", "Route"], false),
        ("1.13.1", &["Namespace", "OperatorGroup", "Subscription", "TrusteeConfig", "KbsConfig", "Route"], true),
    ];
    for (release, kinds, inferred) in table {
        let rendered = render_text(&full(release));
        let found: Vec<&str> = rendered.objects.iter().map(Object::kind).collect();
        assert_eq!(found, kinds, "{release}");
        assert_valid(&rendered, release);
        // The operator creates the RuntimeClasses; oscgen never does.
        assert!(!found.contains(&"RuntimeClass"), "{release}");
        let warned = rendered.warnings.entries.iter().any(|d| {
            d.severity == Severity::Warning && d.path.to_string() == "spec.release" && d.code == "cocoInferred"
        });
        assert_eq!(warned, inferred, "{release}: an inferred pair warns, a documented one does not");
        let yaml = rendered.to_yaml().unwrap();
        // An empty kbsDeploymentType deploys microservices: always written.
        if found.contains(&"ConfigMap") {
            assert!(yaml.contains("kbsDeploymentType: AllInOneDeployment"), "{yaml}");
        }
        let notes: Vec<String> = rendered.warnings.entries.iter().map(ToString::to_string).collect();
        // The initdata, decoded, so a reviewer reads the TOML the pod VM gets.
        let value = rendered.warnings.entries.iter().find_map(|d| {
            let note = (d.code == codes::InitdataValue).then_some(d.message.as_str())?;
            note.split_once(": ").map(|(_, value)| value.to_owned())
        });
        let toml = initdata::decode(&value.unwrap()).unwrap().text;
        assert_text_snapshot(
            &format!("coco-{release}"),
            &format!("{yaml}--- diagnostics\n{}\n--- initdata\n{toml}", notes.join("\n")),
        );
    }
}

#[test]
fn the_initdata_annotation_follows_the_release() {
    for (release, key) in [
        ("1.10.3", "io.katacontainers.config.runtime.cc_init_data"),
        ("1.11.1", "io.katacontainers.config.hypervisor.cc_init_data"),
    ] {
        let rendered = render_text(&full(release));
        let value = rendered.warnings.entries.iter().find(|d| d.code == "initdataValue").unwrap().to_string();
        assert!(value.contains(&format!("one pod's annotation {key}")), "{value}");
    }
    let bare = full("1.12.1").replace("  initdata:\n", "  deployment: bareMetal\n  initdata:\n");
    let rendered = render_text(&bare);
    let value = rendered.warnings.entries.iter().find(|d| d.code == "initdataValue").unwrap().to_string();
    assert!(
        value.contains("bare metal, the pod annotation io.katacontainers.config.hypervisor.cc_init_data"),
        "{value}"
    );
}

#[test]
fn initdata_goes_into_peer_pods_cm_and_decodes_to_the_kbs() {
    let runtime = common::kata_runtime(
        "{release: 1.12.1, peerPods: {provider: azure, credentials: cloudCredentialOperator, azure: {region: eastus, \
         resourceGroup: rg, instanceSize: Standard_DC2as_v5, \
         subnetId: /subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s, \
         nsgId: /subscriptions/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n}}, \
         featureGates: {confidential: true}}",
    );
    let text =
        format!("{}---\n{runtime}", full("1.12.1").replace("  initdata:\n", "  initdata:\n    algorithm: sha256\n"));
    let rendered = render_text(&text);
    let cm = rendered
        .objects
        .iter()
        .find_map(|o| match o {
            Object::ConfigMap(cm) if o.name() == "peer-pods-cm" => Some(cm),
            _ => None,
        })
        .unwrap();
    let value = &cm.data.as_ref().unwrap()["INITDATA"];
    let decoded = initdata::decode(value).unwrap();
    let endpoints = decoded.initdata.endpoints();
    assert_eq!(endpoints.aa_kbs.as_deref(), Some("https://kbs-trustee-operator-system.apps.example.com"));
    assert_eq!(endpoints.cdh_kbs, endpoints.aa_kbs);
    assert_eq!(decoded.initdata.policy_default("ExecProcessRequest"), Some(false));
    assert_eq!(decoded.initdata.policy_default("ReadStreamRequest"), Some(false));
    assert_eq!(decoded.initdata.policy_default("PullImageRequest"), Some(true));
    // The digest printed is the digest of what is in peer-pods-cm; PCR8 only for sha256.
    let digest = rendered.warnings.entries.iter().find(|d| d.code == "initdataDigest").unwrap().to_string();
    assert!(digest.contains(&decoded.digest.to_string()), "{digest}");
    let pcr8 = oscgen_render::coco::trustee::azure_pcr8(&decoded.digest).unwrap();
    assert!(rendered.warnings.entries.iter().any(|d| d.code == "azurePcr8" && d.to_string().contains(&pcr8)));
    assert!(oscgen_render::coco::trustee::azure_pcr8(&initdata::Algorithm::Sha384.digest(b"x")).is_none());
}

#[test]
fn bad_configs_are_refused_with_path_and_kind() {
    use Severity::{Error, Info, Warning};
    let spec = |s: &str| coco_config("trustee", s);
    let cases: Vec<Case<'_>> = vec![
        ("no release", spec("  kbs: {}\n"), &[(Error, "spec.release", "RequiredField")]),
        ("a release without a pair", spec("  release: \"1.8.1\"\n"), &[(Error, "spec.release", "TrusteeNotPaired")]),
        ("an unknown release", spec("  release: \"1.99.0\"\n"), &[(Error, "spec.release", "UnknownRelease")]),
        (
            "a release the target OpenShift's catalog does not serve",
            spec("  release: \"1.13.1\"\n  openshiftVersion: \"4.16\"\n"),
            &[(Error, "spec.release", "ReleaseNotInCatalog")],
        ),
        (
            "an OpenShift version that does not parse",
            spec("  release: \"1.12.1\"\n  openshiftVersion: \"4.x\"\n"),
            &[(Error, "spec.openshiftVersion", "InvalidOpenShiftVersion")],
        ),
        (
            "a misspelt profile",
            spec("  release: \"1.12.1\"\n  kbs: {profile: Restrictive}\n"),
            &[(Error, "spec.kbs.profile", "Shape")],
        ),
        (
            "a value for a secret resource",
            spec("  release: \"1.12.1\"\n  kbs: {secretResources: [{name: a, value: b}]}\n"),
            &[(Error, "spec.kbs.secretResources[0]", "Shape")],
        ),
        (
            "a profile on a KbsConfig line",
            spec("  release: \"1.9.0\"\n  kbs: {profile: Restricted}\n"),
            &[(Info, "spec.release", "TrusteeCsvUnknown"), (Error, "spec.kbs.profile", "NotInTrustee")],
        ),
        (
            "both TLS sources",
            spec(
                "  release: \"1.12.1\"\n  kbs: {route: {host: kbs.example.com}, tls: {secretName: t, issuer: {name: i}}}\n",
            ),
            &[(Error, "spec.kbs.tls", "KbsSetting")],
        ),
        (
            "an issuer without a host",
            spec("  release: \"1.12.1\"\n  kbs: {tls: {issuer: {name: i}}}\n"),
            &[(Error, "spec.kbs.route.host", "KbsSetting")],
        ),
        (
            "passthrough without TLS",
            spec("  release: \"1.12.1\"\n  kbs: {route: {termination: passthrough}}\n"),
            &[(Error, "spec.kbs.route.termination", "KbsSetting")],
        ),
        (
            "bare metal before 1.11",
            spec("  release: \"1.10.3\"\n  deployment: bareMetal\n"),
            &[
                (Warning, "spec.release", "CocoInferred"),
                (Warning, "spec.release", "CocoInferred"),
                (Error, "spec.deployment", "ConfidentialNeedsPeerPods"),
            ],
        ),
        (
            "a private key as the KBS certificate",
            spec(
                "  release: \"1.12.1\"\n  initdata:\n    kbsUrl: https://kbs.example.com\n    kbsCertificate: \"-----BEGIN PRIVATE KEY-----\\nMC4CAQ\\n-----END PRIVATE KEY-----\"\n",
            ),
            &[(Error, "spec.initdata.kbsCertificate", "NotACertificate")],
        ),
        (
            "initdata without a KBS URL",
            spec("  release: \"1.12.1\"\n  initdata: {}\n"),
            &[(Error, "spec.initdata.kbsUrl", "RequiredField")],
        ),
        (
            "sha1",
            spec("  release: \"1.12.1\"\n  initdata: {kbsUrl: \"http://kbs.example.com\", algorithm: sha1}\n"),
            &[(Error, "spec.initdata.algorithm", "InitdataAlgorithm")],
        ),
        (
            "http with a certificate",
            spec(&format!(
                "  release: \"1.12.1\"\n  initdata:\n    kbsUrl: http://kbs.example.com\n    kbsCertificate: |\n      {CERT}\n"
            )),
            &[
                (Error, "spec.initdata.data[\"aa.toml\"].cert", "InitdataKbsCert"),
                (Error, "spec.initdata.data[\"cdh.toml\"].kbs_cert", "InitdataKbsCert"),
            ],
        ),
        (
            "publicCa and a certificate",
            spec(&format!(
                "  release: \"1.12.1\"\n  initdata:\n    kbsUrl: https://kbs.example.com\n    publicCa: true\n    kbsCertificate: |\n      {CERT}\n"
            )),
            &[(Error, "spec.initdata.publicCa", "KbsSetting")],
        ),
        (
            "https from a public CA",
            spec("  release: \"1.12.1\"\n  initdata: {kbsUrl: \"https://kbs.example.com\", publicCa: true}\n"),
            &[(Info, "spec.initdata", "InitdataValue"), (Info, "spec.initdata", "InitdataDigest")],
        ),
        (
            "exec allowed",
            spec("  release: \"1.12.1\"\n  initdata: {kbsUrl: \"http://kbs.example.com\", allowExec: true}\n"),
            &[
                (Warning, "spec.initdata.allowExec", "InitdataPolicyAllows"),
                (Info, "spec.initdata", "InitdataValue"),
                (Info, "spec.initdata", "InitdataDigest"),
            ],
        ),
    ];
    check(&cases);
}

#[test]
fn inferred_pairs_name_what_is_not_known() {
    let rendered = render_text(&full("1.13.1"));
    let found = summarize(&rendered.warnings.entries);
    assert!(found.contains(&(Severity::Warning, "spec.release".into(), "CocoInferred".into())), "{found:?}");
    let text = rendered.warnings.to_string();
    assert!(text.contains("closed, possibly unmerged"), "{text}");
}
