//! `kind: ConfidentialContainers`: the Trustee operator's install, its config in the format of
//! the Trustee version paired with the OSC release, the KBS Route and certificate, and typed
//! initdata.
//!
//! What each Trustee line reads comes from [`super::catalog`]; an inferred pair or key warns.
//! The RuntimeClasses confidential pods use (`kata-remote`, `kata-cc`) are the OSC operator's
//! and are never emitted here.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use oscgen_api::certmanager::v1::{Certificate, CertificateSpec, IssuerRef, PrivateKey};
use oscgen_api::oscgen::v1alpha1::{
    CocoDeployment, ConfidentialContainers, InitdataSpec, IssuerKind, KbsServiceType, RouteTermination, TrusteeProfile,
};
use oscgen_api::route::v1::{Route, RoutePort, RouteSpec, RouteTarget, RouteTls};
use oscgen_api::trustee::v1alpha1::{KbsConfig, KbsConfigSpec, TlsSecretRef, TrusteeConfig, TrusteeConfigSpec};
use serde::Serialize;

use super::catalog::{self, Pairing, TrusteeFormat};
use super::initdata::{self, Algorithm, Initdata};
use crate::catalog::Status;
use crate::diagnostics::codes;
use crate::{DiagnosticKind as K, FieldPath, Object, Report, rules};

/// Name of the Trustee OperatorGroup and Subscription.
pub const SUBSCRIPTION_NAME: &str = "trustee-operator";
/// Name of the KBS Route.
pub const ROUTE_NAME: &str = "kbs";
/// Secret a cert-manager Certificate for the KBS writes.
pub const TLS_SECRET: &str = "kbs-https";
/// Default Secret with the KBS admin's public key (KbsConfig lines).
pub const AUTH_SECRET: &str = "kbs-auth-public-key";
/// The ConfigMaps oscgen writes for a KbsConfig line (the names the upstream samples use).
pub const KBS_CONFIG_MAP: &str = "kbs-config";
/// The reference-values ConfigMap.
pub const RVPS_CONFIG_MAP: &str = "rvps-reference-values";
/// The resource-policy ConfigMap.
pub const RESOURCE_POLICY_CONFIG_MAP: &str = "resource-policy";

/// What a ConfidentialContainers config rendered to, besides its objects.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered {
    /// The objects.
    pub objects: Vec<Object>,
    /// The encoded initdata and where it goes, when the config has initdata.
    pub initdata: Option<InitdataOut>,
}

/// Encoded initdata.
#[derive(Clone, Debug, PartialEq)]
pub struct InitdataOut {
    /// Peer pods (`peer-pods-cm` `INITDATA`) or bare metal (a pod annotation).
    pub deployment: CocoDeployment,
    /// The pod annotation key of the OSC release.
    pub annotation: &'static str,
    /// The encoded value and its digest.
    pub encoded: initdata::Encoded,
}

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta { name: Some(name.to_owned()), namespace: namespace.map(str::to_owned), ..Default::default() }
}

/// Renders one config; every problem goes into `report`, and nothing is returned while it
/// holds an error.
pub fn render(config: &ConfidentialContainers, report: &mut Report) -> Option<Rendered> {
    let spec = &config.spec;
    let at = FieldPath::parse("spec");
    let name = config.metadata.name.clone().unwrap_or_default();
    if let Some(why) = rules::dns1123_label(&name) {
        report.add(FieldPath::parse("metadata.name"), K::InvalidName { name: name.clone(), reason: why });
    }
    let Some(release_text) = spec.release.as_deref() else {
        report.add(
            at.key("release"),
            K::RequiredField {
                field: "release".into(),
                hint:
                    "the cluster's OSC release (e.g. \"1.12.1\"): it decides the Trustee version and its config format"
                        .into(),
            },
        );
        return None;
    };
    // The release against the catalog of the target OpenShift, as for the OSC operator: a
    // release that catalog does not serve is an error there.
    let request = crate::catalog::Request {
        channel: None,
        release: Some(release_text),
        target: crate::catalog::OpenShiftTarget::read(
            spec.openshift_version.as_deref(),
            &at.key("openshiftVersion"),
            report,
        ),
        default: false,
    };
    let release = crate::catalog::resolve(request, &at, report)?.release;
    let Some(pairing) = catalog::pairing(release.version) else {
        let known: Vec<String> = catalog::PAIRS.iter().map(|p| p.osc.to_string()).collect();
        report.add(
            at.key("release"),
            K::TrusteeNotPaired { release: release.version.to_owned(), known: known.join(", ") },
        );
        return None;
    };
    let trustee = pairing.trustee;
    notes(pairing, release.version, &at, report);

    let deployment = spec.deployment.unwrap_or_default();
    if deployment == CocoDeployment::BareMetal
        && catalog::Line::of(release.version) < Some(catalog::Line { major: 1, minor: 11 })
    {
        report.add(at.key("deployment"), K::ConfidentialNeedsPeerPods { release: release.version.to_owned() });
    }

    // TLS and the Route.
    let kbs = &spec.kbs;
    let tls_secret = match &kbs.tls {
        None => None,
        Some(tls) => match (&tls.issuer, &tls.secret_name) {
            (Some(_), None) => Some(TLS_SECRET.to_owned()),
            (None, Some(secret)) => {
                if let Some(why) = rules::dns1123_subdomain(secret) {
                    report.add(
                        at.key("kbs").key("tls").key("secretName"),
                        K::InvalidName { name: secret.clone(), reason: why },
                    );
                }
                Some(secret.clone())
            }
            _ => {
                report.add(
                    at.key("kbs").key("tls"),
                    K::KbsSetting {
                        problem: "give exactly one of tls.issuer (cert-manager writes the certificate) and tls.secretName (a kubernetes.io/tls Secret made out of band)".into(),
                    },
                );
                None
            }
        },
    };
    let host = kbs.route.as_ref().and_then(|r| r.host.clone());
    if let Some(host) = &host
        && let Some(why) = rules::dns1123_subdomain(host)
    {
        report.add(at.key("kbs").key("route").key("host"), K::InvalidName { name: host.clone(), reason: why });
    }
    let issuer = kbs.tls.as_ref().and_then(|t| t.issuer.as_ref());
    if issuer.is_some() && host.is_none() {
        report.add(
            at.key("kbs").key("route").key("host"),
            K::KbsSetting {
                problem: "a cert-manager certificate needs the KBS host name: set kbs.route.host (the certificate's DNS name, which pods use to reach the KBS)".into(),
            },
        );
    }
    let termination = kbs.route.as_ref().map(|r| {
        r.termination.unwrap_or(if tls_secret.is_some() {
            RouteTermination::Passthrough
        } else {
            RouteTermination::Edge
        })
    });
    match (termination, tls_secret.is_some()) {
        (Some(RouteTermination::Passthrough), false) => report.add(
            at.key("kbs").key("route").key("termination"),
            K::KbsSetting {
                problem: "a passthrough Route sends TLS to the KBS, which has no certificate: give kbs.tls, or use termination: edge".into(),
            },
        ),
        (Some(RouteTermination::Edge), true) => report.add(
            at.key("kbs").key("route").key("termination"),
            K::KbsSetting {
                problem: "an edge Route sends plain http to a KBS that serves https: use termination: passthrough, or drop kbs.tls".into(),
            },
        ),
        _ => {}
    }
    for (i, secret) in kbs.secret_resources.iter().enumerate() {
        if let Some(why) = rules::dns1123_subdomain(secret) {
            report.add(
                at.key("kbs").key("secretResources").index(i),
                K::InvalidName { name: secret.clone(), reason: why },
            );
        }
    }
    let not_in = |field: &str, fix: &str| K::NotInTrustee {
        trustee: trustee.line.to_string(),
        release: release.version.to_owned(),
        format: format_name(trustee.format).to_owned(),
        field: field.to_owned(),
        fix: fix.to_owned(),
    };
    match trustee.format {
        TrusteeFormat::KbsConfig if kbs.profile.is_some() => report.add(
            at.key("kbs").key("profile"),
            not_in("profileType (TrusteeConfig, Trustee 1.0+)", "remove kbs.profile"),
        ),
        TrusteeFormat::TrusteeConfig if kbs.auth_secret_name.is_some() => report.add(
            at.key("kbs").key("authSecretName"),
            not_in("admin key Secret (the operator generates the admin key pair)", "remove kbs.authSecretName"),
        ),
        _ => {}
    }

    let initdata = spec.initdata.as_ref().and_then(|i| {
        let out = typed_initdata(i, host.as_deref(), tls_secret.is_some(), &at.key("initdata"), report)?;
        let annotation = catalog::initdata_annotation(release.version)?;
        if annotation.status == Status::Inferred || annotation.gzip == Status::Inferred {
            report.add(
                at.key("initdata"),
                K::CocoInferred {
                    what: format!("the initdata annotation `{}` of OSC {}", annotation.key, annotation.osc),
                    note: annotation.note.unwrap_or("no source was read").to_owned(),
                },
            );
        }
        Some(InitdataOut { deployment, annotation: annotation.key, encoded: out })
    });
    if report.has_errors() {
        return None;
    }

    let namespace = catalog::NAMESPACE;
    let mut objects = crate::operator::olm_objects(&crate::operator::Install {
        namespace,
        subscription: SUBSCRIPTION_NAME,
        package: catalog::PACKAGE,
        channel: catalog::CHANNEL,
        source: catalog::SOURCE,
        source_namespace: catalog::SOURCE_NAMESPACE,
        approval: spec.install_plan_approval.unwrap_or_default(),
        starting_csv: trustee.csv,
    });
    if let (Some(issuer), Some(host)) = (issuer, &host) {
        objects.push(Object::Certificate(Certificate {
            metadata: meta(TLS_SECRET, Some(namespace)),
            spec: CertificateSpec {
                secret_name: TLS_SECRET.to_owned(),
                dns_names: vec![host.clone()],
                issuer_ref: IssuerRef {
                    name: issuer.name.clone(),
                    kind: match issuer.kind.unwrap_or_default() {
                        IssuerKind::ClusterIssuer => "ClusterIssuer".into(),
                        IssuerKind::Issuer => "Issuer".into(),
                    },
                },
                // The maintainers' workshop: RSA 2048, PKCS#8, for the KBS's HTTPS key.
                private_key: Some(PrivateKey {
                    algorithm: "RSA".into(),
                    size: Some(2048),
                    encoding: Some("PKCS8".into()),
                }),
            },
        }));
    }
    let service_type = kbs.service_type.map(|t| service_type_name(t).to_owned());
    match trustee.format {
        TrusteeFormat::TrusteeConfig => {
            objects.push(Object::TrusteeConfig(TrusteeConfig {
                metadata: meta(&name, Some(namespace)),
                spec: TrusteeConfigSpec {
                    profile_type: Some(
                        match kbs.profile.unwrap_or_default() {
                            TrusteeProfile::Restricted => "Restricted",
                            TrusteeProfile::Permissive => "Permissive",
                        }
                        .to_owned(),
                    ),
                    kbs_service_type: Some(service_type.unwrap_or_else(|| "ClusterIP".to_owned())),
                    https_spec: tls_secret.clone().map(|s| TlsSecretRef { tls_secret_name: s }),
                },
            }));
            // The operator keeps `kbsSecretResources` of its KbsConfig `<name>-kbs-config`
            // when it reconciles (trustee-operator trusteeconfig_controller.go
            // mergeKbsConfigSpecs), so the list is seeded there.
            if !kbs.secret_resources.is_empty() {
                objects.push(Object::KbsConfig(KbsConfig {
                    metadata: meta(&format!("{name}-kbs-config"), Some(namespace)),
                    spec: KbsConfigSpec { kbs_secret_resources: kbs.secret_resources.clone(), ..Default::default() },
                }));
            }
        }
        TrusteeFormat::KbsConfig => {
            // The catalog build refuses a KbsConfig line without keys.
            let keys = trustee.keys?;
            let https = tls_secret.as_deref();
            objects.push(Object::KbsConfig(KbsConfig {
                metadata: meta(&name, Some(namespace)),
                spec: KbsConfigSpec {
                    kbs_config_map_name: Some(KBS_CONFIG_MAP.into()),
                    kbs_auth_secret_name: Some(kbs.auth_secret_name.clone().unwrap_or_else(|| AUTH_SECRET.into())),
                    // Empty deploys microservices, whatever the CRD comment says.
                    kbs_deployment_type: Some("AllInOneDeployment".into()),
                    kbs_service_type: Some(service_type.unwrap_or_else(|| "ClusterIP".to_owned())),
                    kbs_rvps_ref_values_config_map_name: Some(RVPS_CONFIG_MAP.into()),
                    kbs_resource_policy_config_map_name: Some(RESOURCE_POLICY_CONFIG_MAP.into()),
                    kbs_https_key_secret_name: https.map(str::to_owned),
                    kbs_https_cert_secret_name: https.map(str::to_owned),
                    kbs_secret_resources: kbs.secret_resources.clone(),
                    kbs_env_vars: BTreeMap::new(),
                },
            }));
            let config_map = |name: &str, key: &str, text: String| {
                Object::ConfigMap(ConfigMap {
                    metadata: meta(name, Some(namespace)),
                    data: Some(BTreeMap::from([(key.to_owned(), text)])),
                    ..Default::default()
                })
            };
            objects.push(config_map(KBS_CONFIG_MAP, "kbs-config.toml", kbs_config_era_a(https.is_some())));
            objects.push(config_map(RVPS_CONFIG_MAP, keys.reference_values, "[]\n".to_owned()));
            objects.push(config_map(RESOURCE_POLICY_CONFIG_MAP, keys.resource_policy, RESOURCE_POLICY.to_owned()));
            if keys.status == Status::Inferred {
                report.add(
                    at,
                    K::CocoInferred {
                        what: format!("the ConfigMap keys of Trustee {}", trustee.line),
                        note: keys.note.unwrap_or_default().to_owned(),
                    },
                );
            }
        }
    }
    if let Some(termination) = termination {
        objects.push(Object::Route(Route {
            metadata: meta(ROUTE_NAME, Some(namespace)),
            spec: RouteSpec {
                host,
                to: RouteTarget { kind: "Service".into(), name: catalog::KBS_SERVICE.into() },
                port: Some(RoutePort { target_port: IntOrString::Int(i32::from(catalog::KBS_PORT)) }),
                tls: Some(RouteTls {
                    termination: match termination {
                        RouteTermination::Passthrough => "passthrough".into(),
                        RouteTermination::Edge => "edge".into(),
                    },
                    insecure_edge_termination_policy: None,
                }),
            },
        }));
    }
    Some(Rendered { objects, initdata })
}

/// Warnings and notes about how the pair and the Trustee line are known.
fn notes(pairing: &Pairing, release: &str, at: &FieldPath, report: &mut Report) {
    let trustee = pairing.trustee;
    if pairing.status == Status::Inferred {
        report.add(
            at.key("release"),
            K::CocoInferred {
                what: format!("that OSC {release} pairs with Trustee {}", trustee.line),
                note: pairing.note.unwrap_or_default().to_owned(),
            },
        );
    }
    if trustee.status == Status::Inferred && trustee.note != pairing.note {
        report.add(
            at.key("release"),
            K::CocoInferred {
                what: format!("Trustee {}", trustee.line),
                note: trustee.note.unwrap_or_default().to_owned(),
            },
        );
    }
    if trustee.csv.is_none() {
        report.add(at.key("release"), K::TrusteeCsvUnknown { trustee: trustee.line.to_string() });
    }
}

fn format_name(format: TrusteeFormat) -> &'static str {
    match format {
        TrusteeFormat::KbsConfig => "KbsConfig",
        TrusteeFormat::TrusteeConfig => "TrusteeConfig",
    }
}

fn service_type_name(t: KbsServiceType) -> &'static str {
    match t {
        KbsServiceType::ClusterIP => "ClusterIP",
        KbsServiceType::NodePort => "NodePort",
        KbsServiceType::LoadBalancer => "LoadBalancer",
    }
}

/// The resource policy oscgen writes for KbsConfig lines: a resource is released only to a
/// pod whose every attestation result (EAR submodule) is `affirming`; nothing when there is
/// none. Input shape as in trustee-operator v0.5.0's all-in-one samples.
const RESOURCE_POLICY: &str = "package policy
import rego.v1

default allow := false

allow if {
    count(input.submods) > 0
    every submod in input.submods {
        submod[\"ear.status\"] == \"affirming\"
    }
}
";

/// `kbs-config.toml` of era A (trustee-operator v0.5.0 all-in-one sample; OSC 1.10 docs): the
/// built-in attestation service, reference values from `LocalJson`, the `LocalFs` resource
/// repository. The admin API needs the key in the auth Secret (`insecure_api = false`).
fn kbs_config_era_a(https: bool) -> String {
    #[derive(Serialize)]
    struct Config {
        http_server: HttpServer,
        admin: Admin,
        attestation_token: Token,
        attestation_service: AttestationService,
        plugins: Vec<Plugin>,
        policy_engine: PolicyEngine,
    }
    #[derive(Serialize)]
    struct HttpServer {
        sockets: Vec<String>,
        insecure_http: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        private_key: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        certificate: Option<String>,
    }
    #[derive(Serialize)]
    struct Admin {
        insecure_api: bool,
        auth_public_key: String,
    }
    #[derive(Serialize)]
    struct Token {
        insecure_key: bool,
        attestation_token_type: String,
    }
    #[derive(Serialize)]
    struct AttestationService {
        r#type: String,
        work_dir: String,
        policy_engine: String,
        attestation_token_broker: Broker,
        attestation_token_config: TokenConfig,
        rvps_config: Rvps,
    }
    #[derive(Serialize)]
    struct Broker {
        r#type: String,
        policy_dir: String,
    }
    #[derive(Serialize)]
    struct TokenConfig {
        duration_min: u32,
    }
    #[derive(Serialize)]
    struct Rvps {
        r#type: String,
        storage: Storage,
    }
    #[derive(Serialize)]
    struct Storage {
        r#type: String,
        file_path: String,
    }
    #[derive(Serialize)]
    struct Plugin {
        name: String,
        r#type: String,
        dir_path: String,
    }
    #[derive(Serialize)]
    struct PolicyEngine {
        policy_path: String,
    }
    let config = Config {
        http_server: HttpServer {
            sockets: vec![format!("0.0.0.0:{}", catalog::KBS_PORT)],
            insecure_http: !https,
            // The operator mounts the key Secret at /etc/https-key/ and the certificate Secret
            // at /etc/https-cert/; a kubernetes.io/tls Secret holds tls.key and tls.crt.
            private_key: https.then(|| "/etc/https-key/tls.key".to_owned()),
            certificate: https.then(|| "/etc/https-cert/tls.crt".to_owned()),
        },
        admin: Admin { insecure_api: false, auth_public_key: "/etc/auth-secret/publicKey".into() },
        attestation_token: Token { insecure_key: true, attestation_token_type: "CoCo".into() },
        attestation_service: AttestationService {
            r#type: "coco_as_builtin".into(),
            work_dir: "/opt/confidential-containers/attestation-service".into(),
            policy_engine: "opa".into(),
            attestation_token_broker: Broker {
                r#type: "Ear".into(),
                policy_dir: "/opt/confidential-containers/attestation-service/policies".into(),
            },
            attestation_token_config: TokenConfig { duration_min: 5 },
            rvps_config: Rvps {
                r#type: "BuiltIn".into(),
                storage: Storage {
                    r#type: "LocalJson".into(),
                    file_path: "/opt/confidential-containers/rvps/reference-values/reference-values.json".into(),
                },
            },
        },
        plugins: vec![Plugin {
            name: "resource".into(),
            r#type: "LocalFs".into(),
            dir_path: "/opt/confidential-containers/kbs/repository".into(),
        }],
        policy_engine: PolicyEngine { policy_path: "/opt/confidential-containers/opa/policy.rego".into() },
    };
    // Plain data of strings, booleans and integers: it always serializes.
    toml::to_string(&config).unwrap_or_default()
}

/// The agent requests of the operator's built-in initdata policy (sandboxed-containers-operator
/// config/peerpods/default-non-cc-initdata.toml), each allowed unless switched off.
const AGENT_REQUESTS: &[&str] = &[
    "AddARPNeighborsRequest",
    "AddSwapRequest",
    "CloseStdinRequest",
    "CopyFileRequest",
    "CreateContainerRequest",
    "CreateSandboxRequest",
    "DestroySandboxRequest",
    "ExecProcessRequest",
    "GetMetricsRequest",
    "GetOOMEventRequest",
    "GuestDetailsRequest",
    "ListInterfacesRequest",
    "ListRoutesRequest",
    "MemHotplugByProbeRequest",
    "OnlineCPUMemRequest",
    "PauseContainerRequest",
    "PullImageRequest",
    "ReadStreamRequest",
    "RemoveContainerRequest",
    "RemoveStaleVirtiofsShareMountsRequest",
    "ReseedRandomDevRequest",
    "ResumeContainerRequest",
    "SetGuestDateTimeRequest",
    "SetPolicyRequest",
    "SignalProcessRequest",
    "StartContainerRequest",
    "StartTracingRequest",
    "StatsContainerRequest",
    "StopTracingRequest",
    "TtyWinResizeRequest",
    "UpdateContainerRequest",
    "UpdateEphemeralMountsRequest",
    "UpdateInterfaceRequest",
    "UpdateRoutesRequest",
    "WaitProcessRequest",
    "WriteStreamRequest",
];

/// The initdata of `spec`, checked and encoded.
fn typed_initdata(
    spec: &InitdataSpec,
    host: Option<&str>,
    tls: bool,
    at: &FieldPath,
    report: &mut Report,
) -> Option<initdata::Encoded> {
    let algorithm = match spec.algorithm.as_deref() {
        None => Algorithm::default(),
        Some(name) => match Algorithm::parse(name) {
            Some(a) => a,
            None => {
                report.add(at.key("algorithm"), K::InitdataAlgorithm { found: name.to_owned() });
                return None;
            }
        },
    };
    let url = match (&spec.kbs_url, host) {
        (Some(url), _) => url.trim_end_matches('/').to_owned(),
        (None, Some(host)) => format!("{}://{host}", if tls { "https" } else { "http" }),
        (None, None) => {
            report.add(
                at.key("kbsUrl"),
                K::RequiredField {
                    field: "kbsUrl".into(),
                    hint: "the URL pods reach the KBS at; or set kbs.route.host and oscgen derives it".into(),
                },
            );
            return None;
        }
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() <= "https://".len() {
        report.add(
            at.key("kbsUrl"),
            K::KbsSetting { problem: format!("kbsUrl `{url}` must be an http:// or https:// URL") },
        );
        return None;
    }
    let cert = spec.kbs_certificate.as_deref().map(str::trim).filter(|c| !c.is_empty());
    if let Some(cert) = cert {
        let found = if cert.contains("PRIVATE KEY-----") {
            Some("it holds a private key")
        } else if !cert.starts_with("-----BEGIN CERTIFICATE-----") || !cert.ends_with("-----END CERTIFICATE-----") {
            Some("it is not one PEM certificate")
        } else {
            None
        };
        if let Some(found) = found {
            report.add(at.key("kbsCertificate"), K::NotACertificate { found: found.to_owned() });
            return None;
        }
    }
    if cert.is_some() && spec.public_ca {
        report.add(
            at.key("publicCa"),
            K::KbsSetting {
                problem: "give kbsCertificate (a certificate no public CA signed) or publicCa: true, not both".into(),
            },
        );
        return None;
    }
    let cert = cert.map(|c| format!("{c}\n"));

    #[derive(Serialize)]
    struct Aa {
        token_configs: TokenConfigs,
    }
    #[derive(Serialize)]
    struct TokenConfigs {
        coco_as: Url,
        kbs: KbsToken,
    }
    #[derive(Serialize)]
    struct Url {
        url: String,
    }
    #[derive(Serialize)]
    struct KbsToken {
        url: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        cert: Option<String>,
    }
    #[derive(Serialize)]
    struct Cdh {
        socket: String,
        credentials: Vec<String>,
        kbc: Kbc,
        #[serde(skip_serializing_if = "Option::is_none")]
        image: Option<Image>,
    }
    #[derive(Serialize)]
    struct Kbc {
        name: String,
        url: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        kbs_cert: Option<String>,
    }
    #[derive(Serialize)]
    struct Image {
        image_security_policy_uri: String,
    }
    let aa = Aa {
        token_configs: TokenConfigs {
            coco_as: Url { url: url.clone() },
            kbs: KbsToken { url: url.clone(), cert: cert.clone() },
        },
    };
    let cdh = Cdh {
        socket: "unix:///run/confidential-containers/cdh.sock".into(),
        credentials: Vec::new(),
        kbc: Kbc { name: "cc_kbc".into(), url: url.clone(), kbs_cert: cert },
        image: spec.image_security_policy_uri.clone().map(|uri| Image { image_security_policy_uri: uri }),
    };
    let mut policy = String::from("package agent_policy\n\n");
    for request in AGENT_REQUESTS {
        let allowed = match *request {
            "ExecProcessRequest" => spec.allow_exec,
            "ReadStreamRequest" => spec.allow_logs,
            _ => true,
        };
        policy.push_str(&format!("default {request} := {allowed}\n"));
    }
    let typed = Initdata {
        algorithm,
        version: initdata::VERSION.to_owned(),
        data: initdata::Data { aa: toml::to_string(&aa).ok(), cdh: toml::to_string(&cdh).ok(), policy: Some(policy) },
    };
    let text = typed.to_toml();
    let mut lint = typed.lint(at);
    // Written from the switches above: said once, at the switch, not as a finding in the text.
    lint.entries.retain(|d| d.code != codes::InitdataPolicyAllows);
    // https without a certificate is what `publicCa` says is meant.
    if spec.public_ca {
        lint.entries.retain(|d| !(d.severity == crate::Severity::Warning && d.code == codes::InitdataKbsCert));
    }
    report.extend(lint);
    for (allowed, field, request) in
        [(spec.allow_exec, "allowExec", "ExecProcessRequest"), (spec.allow_logs, "allowLogs", "ReadStreamRequest")]
    {
        if allowed {
            let (what, risk) = if request == "ExecProcessRequest" {
                ("running commands in containers, `oc exec`", "run any command inside the confidential workload")
            } else {
                ("reading container output, `oc logs`", "read whatever the workload writes to stdout and stderr")
            };
            report.add(
                at.key(field),
                K::InitdataPolicyAllows { request: request.into(), what: what.into(), risk: risk.into() },
            );
        }
    }
    match initdata::encode(&text) {
        Ok(encoded) => Some(encoded),
        Err(r) => {
            // oscgen wrote this text; a failure is a bug, reported at the config.
            report.extend(r);
            None
        }
    }
}

/// The Azure vTPM PCR8 reference value of sha256 initdata: sha256 of 32 zero bytes followed by
/// the initdata digest (the maintainers' workshop, configure-trustee.adoc; documented for
/// sha256 only).
pub fn azure_pcr8(digest: &initdata::Digest) -> Option<String> {
    if digest.algorithm != Algorithm::Sha256 {
        return None;
    }
    let raw: Vec<u8> = (0..digest.hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(digest.hex.get(2 * i..2 * i + 2)?, 16).ok())
        .collect();
    let mut input = vec![0u8; 32];
    input.extend(raw);
    Some(Algorithm::Sha256.digest(&input).hex)
}
