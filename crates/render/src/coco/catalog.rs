//! What oscgen knows about confidential containers per release: which Red Hat build of
//! Trustee pairs with each OSC line, which config format each Trustee line reads, the pod
//! annotation that carries initdata in each OSC line, and which cloud instances are
//! confidential.
//!
//! The tables come from the confidential-containers sections at the end of
//! `crates/render/catalog.toml`, each row with its sources and a status; `build.rs` turns them
//! into the statics below. A fact no source gives has no row: oscgen then refuses, or leaves
//! out what would need it, rather than guess.

use std::fmt;

use crate::catalog::Status;

/// OLM package of the Red Hat build of Trustee (bundle annotation
/// `operators.operatorframework.io.bundle.package.v1`, trustee-operator main dec08eaf).
pub const PACKAGE: &str = "trustee-operator";
/// The channel the Red Hat build is subscribed on (OSC 1.12 docs, "Update"); the upstream
/// community bundle uses `alpha`.
pub const CHANNEL: &str = "stable";
/// The namespace the Red Hat docs install it into, also the operator's suggested namespace
/// and its fallback `KbsOperatorNamespace` (trustee-operator internal/controller/common.go).
pub const NAMESPACE: &str = "trustee-operator-system";
/// The catalog that serves the Red Hat build (OSC 1.12 docs, "Update").
pub const SOURCE: &str = "redhat-operators";
/// Namespace of that catalog.
pub const SOURCE_NAMESPACE: &str = "openshift-marketplace";
/// The Service the KbsConfig controller creates for the KBS (trustee-operator
/// kbsconfig_controller.go newKbsService): port 8080.
pub const KBS_SERVICE: &str = "kbs-service";
/// The KBS port.
pub const KBS_PORT: u16 = 8080;

/// A minor line, `1.12` (of OSC) or `1.1` (of Trustee).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Line {
    /// Major version.
    pub major: u32,
    /// Minor version.
    pub minor: u32,
}

impl Line {
    /// The line of a version, `1.12.1` -> `1.12` (`1.12` itself is accepted).
    pub fn of(version: &str) -> Option<Self> {
        let mut parts = version.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        match parts.next() {
            Some(patch) if patch.parse::<u32>().is_err() => None,
            _ if parts.next().is_some() => None,
            _ => Some(Self { major, minor }),
        }
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// How a Trustee line is configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrusteeFormat {
    /// A `KbsConfig` naming ConfigMaps and Secrets that the user (oscgen) writes.
    KbsConfig,
    /// One `TrusteeConfig`; the operator derives the KbsConfig and its ConfigMaps.
    TrusteeConfig,
}

/// The shape of `kbs-config.toml` a Trustee line reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KbsConfigEra {
    /// `[http_server]`, `[admin] insecure_api/auth_public_key`, `[attestation_token]
    /// insecure_key`, a built-in attestation service with `LocalJson` reference values at
    /// `/opt/confidential-containers/rvps/reference-values/reference-values.json`, the
    /// `LocalFs` resource plugin and the policy at `/opt/confidential-containers/opa/policy.rego`
    /// (trustee-operator v0.5.0 samples; OSC 1.10 docs).
    A,
}

/// The ConfigMap keys a KbsConfig-era Trustee line reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfigKeys {
    /// Key of the RVPS reference-values ConfigMap.
    pub reference_values: &'static str,
    /// Key of the resource-policy ConfigMap.
    pub resource_policy: &'static str,
    /// The `kbs-config.toml` shape.
    pub kbs_config: KbsConfigEra,
    /// How that is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What is not known.
    pub note: Option<&'static str>,
}

/// One line of the Red Hat build of Trustee.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Trustee {
    /// The line, `1.1`.
    pub line: Line,
    /// The CSV a Subscription pins, where a source names one.
    pub csv: Option<&'static str>,
    /// How it is configured.
    pub format: TrusteeFormat,
    /// The upstream CRD tag its objects are validated against (`schemas/`).
    pub crd: &'static str,
    /// How the line and its format are known.
    pub status: Status,
    /// Where they were read.
    pub source: &'static [&'static str],
    /// What is not known.
    pub note: Option<&'static str>,
    /// The ConfigMap keys, for [`TrusteeFormat::KbsConfig`] lines.
    pub keys: Option<ConfigKeys>,
}

/// The Trustee line that pairs with an OSC line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pairing {
    /// The OSC line.
    pub osc: Line,
    /// The Trustee line.
    pub trustee: &'static Trustee,
    /// How the pairing is known; [`Status::Inferred`] pairs warn when used.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What is not known.
    pub note: Option<&'static str>,
}

/// The pod annotation that carries initdata in one OSC line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitdataAnnotation {
    /// The OSC line.
    pub osc: Line,
    /// The annotation key.
    pub key: &'static str,
    /// How the key is known.
    pub status: Status,
    /// How it is known that the value is gzip'd before base64.
    pub gzip: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What is not known.
    pub note: Option<&'static str>,
}

/// A cloud that runs peer-pod VMs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cloud {
    /// Microsoft Azure.
    Azure,
    /// Amazon Web Services.
    Aws,
    /// Google Cloud.
    Gcp,
}

/// How [`Instances::families`] is matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InstanceRule {
    /// The size name, without `Standard_`, starts with one of them (case ignored).
    Prefix,
    /// The instance family: on Azure the size without `Standard_`, its core count and
    /// underscores (`Standard_DC2as_v5` is `DCasv5`); on AWS the part before the dot.
    Family,
    /// The values `GCP_CONFIDENTIAL_TYPE` may take.
    ConfidentialType,
}

/// Confidential instances of one cloud.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Instances {
    /// The cloud.
    pub cloud: Cloud,
    /// How the families are matched.
    pub rule: InstanceRule,
    /// The families (or prefixes, or types).
    pub families: &'static [&'static str],
    /// The TEE, or `any`.
    pub tee: &'static str,
    /// How it is known.
    pub status: Status,
    /// Where it was read.
    pub source: &'static [&'static str],
    /// What is not known.
    pub note: Option<&'static str>,
}

include!(concat!(env!("OUT_DIR"), "/coco.rs"));

/// Every Trustee line oscgen knows, oldest first.
pub static TRUSTEE: &[Trustee] = &TRUSTEE_LINES;
/// Every OSC ↔ Trustee pair, oldest OSC line first.
pub static PAIRS: &[Pairing] = &PAIRINGS;
/// The initdata annotation of every OSC line oscgen knows, oldest first.
pub static INITDATA_ANNOTATIONS: &[InitdataAnnotation] = &INITDATA_KEYS;
/// Confidential instances per cloud.
pub static INSTANCES: &[Instances] = &INSTANCE_ROWS;

/// The Trustee line paired with an OSC release (`1.12.1`) or line (`1.12`).
pub fn pairing(osc: &str) -> Option<&'static Pairing> {
    let line = Line::of(osc)?;
    PAIRS.iter().find(|p| p.osc == line)
}

/// A Trustee line by version (`1.1` or `1.1.0`).
pub fn trustee(version: &str) -> Option<&'static Trustee> {
    let line = Line::of(version)?;
    TRUSTEE.iter().find(|t| t.line == line)
}

/// The initdata annotation of an OSC release or line.
pub fn initdata_annotation(osc: &str) -> Option<&'static InitdataAnnotation> {
    let line = Line::of(osc)?;
    INITDATA_ANNOTATIONS.iter().find(|a| a.osc == line)
}

/// Every annotation key some OSC line uses for initdata.
pub fn initdata_annotation_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = INITDATA_ANNOTATIONS.iter().map(|a| a.key).collect();
    keys.dedup();
    keys
}

/// An Azure size without its `Standard_` prefix (any case).
fn azure_bare(size: &str) -> &str {
    let size = size.trim();
    match size.get(..9) {
        Some(prefix) if prefix.eq_ignore_ascii_case("standard_") => &size[9..],
        _ => size,
    }
}

/// Whether an Azure size is a confidential VM, as the operator decides it (its name, without
/// `Standard_`, starts with `DC`, `EC` or `NCC`, case ignored).
pub fn azure_confidential(size: &str) -> bool {
    let bare = azure_bare(size);
    INSTANCES
        .iter()
        .filter(|i| i.cloud == Cloud::Azure && i.rule == InstanceRule::Prefix)
        .any(|i| i.families.iter().any(|p| bare.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p))))
}

/// The documented Azure family of a size and its TEE (`Standard_DC2as_v5` -> `DCasv5`,
/// SEV-SNP), when a source names that family.
pub fn azure_family(size: &str) -> Option<(&'static str, &'static str)> {
    let family: String = azure_bare(size).chars().filter(|c| !c.is_ascii_digit() && *c != '_').collect();
    // `DC2as_v5` loses its core count and underscore but keeps the `v` of the version, whose
    // digit went with the others: put the version back.
    let version: String = azure_bare(size).rsplit('_').next().unwrap_or_default().to_owned();
    let family = match family.strip_suffix('v') {
        Some(stem) if version.starts_with('v') => format!("{stem}{version}"),
        _ => family,
    };
    INSTANCES
        .iter()
        .filter(|i| i.cloud == Cloud::Azure && i.rule == InstanceRule::Family)
        .find_map(|i| i.families.iter().find(|f| f.eq_ignore_ascii_case(&family)).map(|f| (*f, i.tee)))
}

/// Whether an AWS instance type (`m6a.large`) is of a family AWS runs SEV-SNP on.
pub fn aws_sev_snp(instance_type: &str) -> bool {
    let family = instance_type.trim().split('.').next().unwrap_or_default();
    INSTANCES
        .iter()
        .filter(|i| i.cloud == Cloud::Aws && i.rule == InstanceRule::Family)
        .any(|i| i.families.iter().any(|f| f.eq_ignore_ascii_case(family)))
}

/// The values `GCP_CONFIDENTIAL_TYPE` may take.
pub fn gcp_confidential_types() -> Vec<&'static str> {
    INSTANCES
        .iter()
        .filter(|i| i.cloud == Cloud::Gcp && i.rule == InstanceRule::ConfidentialType)
        .flat_map(|i| i.families.iter().copied())
        .collect()
}
