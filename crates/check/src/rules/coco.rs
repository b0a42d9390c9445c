//! Confidential containers in a build: the Trustee config the operator silently reinterprets
//! (a `profileType` outside its two values, an empty `kbsDeploymentType`), initdata that the
//! cloud-api-adaptor refuses or that breaks attestation (in `peer-pods-cm` `INITDATA` and in
//! pod annotations), the initdata annotation of another OSC release, and private keys
//! committed anywhere in the objects.
//!
//! Initdata is decoded by `oscgen_render::coco::initdata`, so `check` and `oscgen initdata
//! decode` refuse the same values. No finding carries a value of a key or a secret.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use oscgen_render::coco::{catalog as coco, initdata};
use serde_json::Value;

use super::{Out, Scope, is};
use crate::source::Obj;
use crate::{CheckKind as K, DiagnosticKind as R, FieldPath};

const GROUP: &str = "confidentialcontainers.org";

/// Every confidential-containers rule on one build.
pub(crate) fn check(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let routes = kbs_route_hosts(build);
    let release = build.release();
    for obj in build.objects.iter().filter(|o| !o.synthetic && o.written) {
        if is(obj, GROUP, "TrusteeConfig") {
            profile_type(obj, out);
        }
        if is(obj, GROUP, "KbsConfig") {
            deployment_type(obj, out);
            references(build, obj, out);
        }
        if is(obj, "", "ConfigMap")
            && obj.str("/metadata/name") == Some(oscgen_render::peerpods::CONFIG_MAP)
            && let Some(value) = obj.str("/data/INITDATA")
        {
            initdata_value(obj, FieldPath::parse("data").key("INITDATA"), value, &routes, out);
        }
        for (base, annotations) in annotation_maps(obj) {
            for key in coco::initdata_annotation_keys() {
                let Some(value) = annotations.get(key).and_then(Value::as_str) else { continue };
                let path = base.key(key);
                if let Some(release) = release
                    && let Some(expected) = coco::initdata_annotation(release.version)
                    && expected.key != key
                {
                    let lines: Vec<String> =
                        coco::INITDATA_ANNOTATIONS.iter().filter(|a| a.key == key).map(|a| a.osc.to_string()).collect();
                    let kind = K::WrongInitdataAnnotation {
                        found: key.to_owned(),
                        found_releases: lines.join(", "),
                        release: release.version.to_owned(),
                        expected: expected.key.to_owned(),
                    };
                    out.push(obj, path.clone(), kind);
                }
                initdata_value(obj, path, value, &routes, out);
            }
        }
        private_keys(obj, out);
    }
    confidential_instances(build, out);
}

/// Whether the build turns confidential containers on: the `confidential` feature gate, or
/// `DISABLECVM: "false"` in `peer-pods-cm`.
fn confidential_on(build: &Scope<'_>) -> bool {
    build.objects.iter().any(|o| {
        is(o, "", "ConfigMap")
            && match o.str("/metadata/name") {
                Some("osc-feature-gates") => o.str("/data/confidential") == Some("true"),
                Some(name) if name == oscgen_render::peerpods::CONFIG_MAP => o.str("/data/DISABLECVM") == Some("false"),
                _ => false,
            }
    })
}

/// With confidential containers on, the pod VM instances of `peer-pods-cm` must be
/// confidential ones: Azure sizes `DC*`, `EC*`, `NCC*` (as the operator decides), AWS families
/// with SEV-SNP, and GCP with `GCP_CONFIDENTIAL_TYPE`.
fn confidential_instances(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    if !confidential_on(build) {
        return;
    }
    let config_maps = build.objects.iter().filter(|o| {
        !o.synthetic
            && o.written
            && is(o, "", "ConfigMap")
            && o.str("/metadata/name") == Some(oscgen_render::peerpods::CONFIG_MAP)
    });
    for cm in config_maps {
        let at = |key: &str| FieldPath::root().key("data").key(key);
        let value = |key: &str| cm.str(&format!("/data/{key}")).map(str::trim).filter(|v| !v.is_empty());
        let list = |key: &str| -> Vec<String> {
            value(key)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        match cm.str("/data/CLOUD_PROVIDER").map(str::trim) {
            Some("azure") => {
                let problem = "is not a confidential VM size (the operator treats sizes starting DC, EC or NCC, after Standard_, as confidential): use e.g. Standard_DC2as_v5 (AMD SEV-SNP) or Standard_DC2es_v5 (Intel TDX)";
                for key in ["AZURE_INSTANCE_SIZE", "AZURE_INSTANCE_SIZES"] {
                    let sizes = if key == "AZURE_INSTANCE_SIZE" {
                        value(key).map(str::to_owned).into_iter().collect()
                    } else {
                        list(key)
                    };
                    for size in sizes.iter().filter(|s| !coco::azure_confidential(s)) {
                        let kind = K::NotConfidentialInstance {
                            key: key.into(),
                            value: size.clone(),
                            problem: problem.into(),
                        };
                        out.push(cm, at(key), kind);
                    }
                }
                let allowed = list("AZURE_INSTANCE_SIZES");
                if let Some(size) = value("AZURE_INSTANCE_SIZE")
                    && !allowed.is_empty()
                    && !allowed.iter().any(|a| a.eq_ignore_ascii_case(size))
                {
                    let kind = K::DefaultSizeNotAllowed {
                        key: "AZURE_INSTANCE_SIZE".into(),
                        value: size.to_owned(),
                        list_key: "AZURE_INSTANCE_SIZES".into(),
                    };
                    out.push(cm, at("AZURE_INSTANCE_SIZE"), kind);
                }
            }
            Some("aws") => {
                let problem = "is not of a family AWS runs AMD SEV-SNP on (m6a, r6a, c6a), and the cloud-api-adaptor asks for SEV-SNP on every confidential pod VM: use e.g. m6a.large";
                for key in ["PODVM_INSTANCE_TYPE", "PODVM_INSTANCE_TYPES"] {
                    let types = if key == "PODVM_INSTANCE_TYPE" {
                        value(key).map(str::to_owned).into_iter().collect()
                    } else {
                        list(key)
                    };
                    for t in types.iter().filter(|t| !coco::aws_sev_snp(t)) {
                        let kind =
                            K::NotConfidentialInstance { key: key.into(), value: t.clone(), problem: problem.into() };
                        out.push(cm, at(key), kind);
                    }
                }
            }
            Some("gcp") => {
                let allowed = coco::gcp_confidential_types();
                let fix = match value("GCP_CONFIDENTIAL_TYPE") {
                    None => Some("set it to the TEE of GCP_MACHINE_TYPE".to_owned()),
                    Some(v) if !allowed.contains(&v) => Some(format!("`{v}` is not one of them")),
                    Some(_) => None,
                };
                if let Some(fix) = fix {
                    let kind = K::GcpConfidentialType { allowed: allowed.join(", "), fix };
                    out.push(cm, at("GCP_CONFIDENTIAL_TYPE"), kind);
                }
            }
            _ => {}
        }
    }
}

fn profile_type(obj: &Obj, out: &mut Out<'_, '_>) {
    let Some(value) = obj.value.pointer("/spec/profileType") else { return };
    let found = super::text(value);
    if !matches!(found.as_str(), "Permissive" | "Restricted") {
        out.push(obj, FieldPath::parse("spec.profileType"), K::UnknownProfileType { found });
    }
}

fn deployment_type(obj: &Obj, out: &mut Out<'_, '_>) {
    // A KbsConfig holding only kbsSecretResources seeds the one a TrusteeConfig makes, which
    // sets the deployment type itself.
    let spec = obj.value.get("spec").and_then(Value::as_object);
    if spec.is_none_or(|s| s.keys().all(|k| k == "kbsSecretResources")) {
        return;
    }
    // An empty string is refused by the CRD's enum (the schema rule says so); left out, the
    // field is accepted and means microservices.
    let found = match obj.value.pointer("/spec/kbsDeploymentType") {
        None | Some(Value::Null) => "missing",
        Some(_) => return,
    };
    out.push(obj, FieldPath::parse("spec.kbsDeploymentType"), K::EmptyKbsDeploymentType { found: found.to_owned() });
}

/// What a KbsConfig names: each ConfigMap with the key its Trustee version reads, and every
/// ConfigMap and Secret in the KbsConfig's namespace (the operator's), when the build has it.
/// Objects the build does not have are made elsewhere (Secrets out of band) and not judged.
fn references(build: &Scope<'_>, kbs: &Obj, out: &mut Out<'_, '_>) {
    // (field, keys Trustee reads, which version reads which) from trustee-operator's samples
    // at v0.3.0, v0.5.0, v0.19.0 and main.
    const CONFIG_MAPS: &[(&str, &[&str], &str)] = &[
        ("kbsConfigMapName", &["kbs-config.toml"], "every version reads kbs-config.toml"),
        (
            "kbsRvpsRefValuesConfigMapName",
            &["reference-values.json", "reference_value"],
            "reference-values.json up to upstream v0.18.0 (Red Hat build 0.x), reference_value from v0.19.0",
        ),
        (
            "kbsResourcePolicyConfigMapName",
            &["policy.rego", "resource-policy.rego"],
            "policy.rego up to upstream v0.18.0, resource-policy.rego from v0.19.0",
        ),
        (
            "kbsAttestationPolicyConfigMapName",
            &["default.rego", "default_cpu.rego"],
            "default.rego in v0.3.0, default_cpu.rego from v0.5.0",
        ),
    ];
    const SECRETS: &[&str] = &["kbsAuthSecretName", "kbsHttpsKeySecretName", "kbsHttpsCertSecretName"];
    let namespace = kbs.str("/metadata/namespace").unwrap_or(coco::NAMESPACE).to_owned();
    let named = |kind: &str, name: &str| -> Vec<&Obj> {
        build.objects.iter().filter(|o| is(o, "", kind) && o.str("/metadata/name") == Some(name)).collect()
    };
    let wrong_namespace = |field: FieldPath, kind: &str, name: &str, found: &[&Obj], out: &mut Out<'_, '_>| {
        let in_place = found.iter().any(|o| o.str("/metadata/namespace").is_none_or(|ns| ns == namespace));
        if let (false, Some(other)) = (in_place, found.first()) {
            let kind = K::TrusteeRefNamespace {
                field: field.to_string(),
                kind: kind.to_owned(),
                name: name.to_owned(),
                found: other.str("/metadata/namespace").unwrap_or_default().to_owned(),
                expected: namespace.clone(),
            };
            out.push(kbs, field, kind);
            return true;
        }
        false
    };
    for (field, keys, versions) in CONFIG_MAPS {
        let Some(name) = kbs.str(&format!("/spec/{field}")) else { continue };
        let path = FieldPath::parse("spec").key(*field);
        let found = named("ConfigMap", name);
        if found.is_empty() || wrong_namespace(path.clone(), "ConfigMap", name, &found, out) {
            continue;
        }
        let has_key = found.iter().any(|cm| {
            cm.value.get("data").and_then(Value::as_object).is_some_and(|d| keys.iter().any(|k| d.contains_key(*k)))
        });
        if !has_key {
            let kind = K::TrusteeConfigMapKey {
                field: (*field).to_owned(),
                name: name.to_owned(),
                expected: keys.join(" or "),
                versions: (*versions).to_owned(),
            };
            out.push(kbs, path, kind);
        }
    }
    let secret_fields =
        SECRETS.iter().filter_map(|f| Some((FieldPath::parse("spec").key(*f), kbs.str(&format!("/spec/{f}"))?)));
    let resources = kbs.value.pointer("/spec/kbsSecretResources").and_then(Value::as_array);
    let resource_fields = resources
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, v)| Some((FieldPath::parse("spec.kbsSecretResources").index(i), v.as_str()?)));
    for (path, name) in secret_fields.chain(resource_fields).collect::<Vec<_>>() {
        let found = named("Secret", name);
        wrong_namespace(path, "Secret", name, &found, out);
    }
}

/// The annotation maps of an object that may start a pod: its own (a Pod) and its pod
/// template's.
fn annotation_maps(obj: &Obj) -> Vec<(FieldPath, &serde_json::Map<String, Value>)> {
    let mut out = Vec::new();
    for pointer in [
        "/metadata/annotations",
        "/spec/template/metadata/annotations",
        "/spec/jobTemplate/spec/template/metadata/annotations",
    ] {
        let is_pod = obj.str("/kind") == Some("Pod");
        if pointer == "/metadata/annotations" && !is_pod {
            continue;
        }
        if let Some(map) = obj.value.pointer(pointer).and_then(Value::as_object) {
            let path = FieldPath(
                pointer.split('/').filter(|s| !s.is_empty()).map(|s| crate::Segment::Key(s.to_owned())).collect(),
            );
            out.push((path, map));
        }
    }
    out
}

/// Hosts of the Routes to the KBS Service in the build.
fn kbs_route_hosts(build: &Scope<'_>) -> Vec<(String, String)> {
    build
        .objects
        .iter()
        .filter(|o| is(o, "route.openshift.io", "Route") && o.str("/spec/to/name") == Some(coco::KBS_SERVICE))
        .filter_map(|o| Some((o.str("/metadata/name")?.to_owned(), o.str("/spec/host")?.to_owned())))
        .collect()
}

/// Decodes and lints one initdata value written at `path` of `obj`.
fn initdata_value(obj: &Obj, path: FieldPath, value: &str, routes: &[(String, String)], out: &mut Out<'_, '_>) {
    let decoded = match initdata::decode(value) {
        Ok(decoded) => decoded,
        Err(report) => {
            for d in report.entries {
                out.relocate(obj, path.clone(), d);
            }
            return;
        }
    };
    for d in decoded.initdata.lint(&FieldPath::root()).entries {
        out.relocate(obj, path.clone(), d);
    }
    let endpoints = decoded.initdata.endpoints();
    let Some(url) = endpoints.aa_kbs.or(endpoints.cdh_kbs) else { return };
    let host = url.split("://").nth(1).unwrap_or_default().split(['/', ':']).next().unwrap_or_default();
    if !routes.is_empty() && !routes.iter().any(|(_, h)| h == host) {
        let (name, route_host) = &routes[0];
        let kind = R::InitdataKbsUrlMismatch {
            first_where: format!("Route {name}"),
            first: route_host.clone(),
            second_where: "initdata".into(),
            second: url.clone(),
        };
        out.push(obj, path, kind);
    }
}

/// The PEM label of a private key in `text`, if it holds one with a real key's shape (the
/// credentials rule's test, so a template such as `<your key here>` is silent in both).
fn private_key(text: &str) -> Option<String> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + "-----BEGIN ".len()..];
    let label = &rest[..rest.find("-----")?];
    (label.ends_with("PRIVATE KEY") && super::secrets::is_pem_private_key(text)).then(|| label.to_owned())
}

/// Private keys in any string of `obj` (a Secret's `data` decoded); Secret keys that the
/// credentials rule names already are left to it.
fn private_keys(obj: &Obj, out: &mut Out<'_, '_>) {
    fn walk(value: &Value, path: &FieldPath, secret_data: bool, found: &mut Vec<(FieldPath, String)>) {
        match value {
            Value::String(s) => {
                let text = if secret_data {
                    STANDARD.decode(s.trim()).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
                } else {
                    s.clone()
                };
                if let Some(label) = private_key(&text) {
                    found.push((path.clone(), label));
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    walk(v, &path.key(k.clone()), secret_data, found);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(v, &path.index(i), secret_data, found);
                }
            }
            _ => {}
        }
    }
    let secret = is(obj, "", "Secret");
    let mut found = Vec::new();
    for (key, value) in obj.value.as_object().into_iter().flatten() {
        walk(value, &FieldPath::root().key(key.clone()), secret && key == "data", &mut found);
    }
    for (path, label) in found {
        let credentials_rule = secret && path.0.len() == 2 && super::secrets::is_credential_key(&path);
        if !credentials_rule {
            out.push(obj, path, K::PrivateKeyInGit { what: label });
        }
    }
}

/// How much of a file that is not YAML is read for a private key: PEM keys sit at the start of
/// the files that hold them, and the tree may hold large binaries.
const KEY_SCAN_BYTES: u64 = 64 * 1024;

/// A file that is not YAML (a `secretGenerator` `files:` entry, `privateKey`, `tls.key`) holding
/// a PEM private key: reported at the line of its BEGIN marker, never with its value.
pub(crate) fn private_key_file(path: &std::path::Path, report: &mut crate::Report) {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else { return };
    let mut bytes = Vec::new();
    if file.take(KEY_SCAN_BYTES).read_to_end(&mut bytes).is_err() {
        return;
    }
    let text = String::from_utf8_lossy(&bytes);
    let Some(label) = private_key(&text) else { return };
    let line = text.lines().position(|l| l.contains("-----BEGIN ")).map(|i| i + 1);
    report.push(crate::Diagnostic {
        origin: Some(crate::Origin {
            file: Some(path.display().to_string()),
            line,
            column: Some(1),
            ..Default::default()
        }),
        ..crate::Diagnostic::of(FieldPath::root(), K::PrivateKeyInGit { what: label })
    });
}
