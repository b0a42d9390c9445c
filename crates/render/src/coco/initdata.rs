//! Initdata: the TOML that tells a confidential pod VM where its Key Broker Service is and
//! which agent policy it enforces, and the value that carries it (`peer-pods-cm` `INITDATA`,
//! or a pod annotation).
//!
//! The shape follows the cloud-api-adaptor (confidential-containers/cloud-api-adaptor
//! fbdde756, src/cloud-api-adaptor/pkg/initdata/initdata.go and docs/initdata.md):
//! `algorithm` (`sha256`, `sha384` or `sha512`), `version` and a `data` table whose files are
//! `aa.toml` (attestation agent), `cdh.toml` (confidential data hub) and `policy.rego` (agent
//! policy). The value is the TOML gzip'd, then base64'd; the digest the pod VM measures is
//! the named hash over the raw TOML bytes. The cloud-api-adaptor parses the global value when
//! it starts and refuses to start when it does not decode.
//!
//! Initdata is readable by the host, so it holds only URLs, public certificates and policy.
//!
//! ```
//! use oscgen_render::coco::initdata;
//!
//! let text = "algorithm = \"sha384\"\nversion = \"0.1.0\"\n\n[data]\n\"policy.rego\" = '''\npackage agent_policy\n'''\n";
//! let encoded = initdata::encode(text)?;
//! let decoded = initdata::decode(&encoded.value)?;
//! assert_eq!(decoded.text, text);
//! assert_eq!(decoded.digest, encoded.digest);
//! assert!(encoded.digest.to_string().starts_with("sha384:"));
//! # Ok::<(), oscgen_render::Report>(())
//! ```

use std::fmt;
use std::io::{Read, Write};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::{DiagnosticKind as K, FieldPath, Report, Severity};

/// Decompressed initdata larger than this is refused: a gzip bomb stops here.
pub const MAX_DECODED: usize = 1 << 20;

/// The files initdata may carry.
pub const FILES: [&str; 3] = ["aa.toml", "cdh.toml", "policy.rego"];

/// The initdata format version every source uses.
pub const VERSION: &str = "0.1.0";

/// The hash the pod VM measures initdata with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// SHA-256 (the maintainers' workshop; the only one with a documented Azure PCR8 method).
    Sha256,
    /// SHA-384 (the Red Hat docs and the operator's built-in initdata).
    #[default]
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Algorithm {
    /// Its name in initdata.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha384 => "sha384",
            Algorithm::Sha512 => "sha512",
        }
    }

    /// The algorithm of a name, if the cloud-api-adaptor accepts it.
    pub fn parse(name: &str) -> Option<Self> {
        [Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512].into_iter().find(|a| a.as_str() == name)
    }

    /// The digest of `bytes`.
    pub fn digest(self, bytes: &[u8]) -> Digest {
        let raw: Vec<u8> = match self {
            Algorithm::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
            Algorithm::Sha384 => sha2::Sha384::digest(bytes).to_vec(),
            Algorithm::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
        };
        let hex = raw.iter().fold(String::with_capacity(raw.len() * 2), |mut out, b| {
            out.push_str(&format!("{b:02x}"));
            out
        });
        Digest { algorithm: self, hex }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A digest and the algorithm that made it, displayed `sha384:<hex>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Digest {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Lowercase hex.
    pub hex: String,
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm, self.hex)
    }
}

/// The files of initdata; each is text the pod VM writes under `/run/peerpod/`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Data {
    /// The attestation agent's config (`[token_configs.kbs] url, cert`).
    #[serde(rename = "aa.toml", skip_serializing_if = "Option::is_none")]
    pub aa: Option<String>,
    /// The confidential data hub's config (`[kbc] url, kbs_cert`, `[image]`).
    #[serde(rename = "cdh.toml", skip_serializing_if = "Option::is_none")]
    pub cdh: Option<String>,
    /// The agent policy (`package agent_policy`).
    #[serde(rename = "policy.rego", skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
}

/// Initdata, typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Initdata {
    /// The digest algorithm.
    pub algorithm: Algorithm,
    /// The format version ([`VERSION`]).
    pub version: String,
    /// The files.
    pub data: Data,
}

/// The KBS endpoints initdata names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Endpoints {
    /// `aa.toml` `[token_configs.kbs] url`.
    pub aa_kbs: Option<String>,
    /// `aa.toml` `[token_configs.kbs] cert`.
    pub aa_cert: Option<String>,
    /// `aa.toml` `[token_configs.coco_as] url`.
    pub aa_coco_as: Option<String>,
    /// `cdh.toml` `[kbc] url`.
    pub cdh_kbs: Option<String>,
    /// `cdh.toml` `[kbc] kbs_cert`.
    pub cdh_cert: Option<String>,
}

impl Initdata {
    /// The TOML text, as oscgen writes it (files as literal multi-line strings).
    pub fn to_toml(&self) -> String {
        let mut out = format!("algorithm = \"{}\"\nversion = \"{}\"\n\n[data]\n", self.algorithm, self.version);
        for (name, text) in
            [("aa.toml", &self.data.aa), ("cdh.toml", &self.data.cdh), ("policy.rego", &self.data.policy)]
        {
            if let Some(text) = text {
                out.push_str(&format!("\"{name}\" = {}\n\n", toml_string(text)));
            }
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// The KBS endpoints in `aa.toml` and `cdh.toml` (files that do not parse give none).
    pub fn endpoints(&self) -> Endpoints {
        let table = |text: &Option<String>| text.as_deref().and_then(|t| t.parse::<toml::Table>().ok());
        let get = |table: &Option<toml::Table>, path: &[&str]| -> Option<String> {
            let mut value = table.as_ref()?.get(path[0])?;
            for key in &path[1..] {
                value = value.get(key)?;
            }
            value.as_str().map(str::to_owned)
        };
        let (aa, cdh) = (table(&self.data.aa), table(&self.data.cdh));
        Endpoints {
            aa_kbs: get(&aa, &["token_configs", "kbs", "url"]),
            aa_cert: get(&aa, &["token_configs", "kbs", "cert"]),
            aa_coco_as: get(&aa, &["token_configs", "coco_as", "url"]),
            cdh_kbs: get(&cdh, &["kbc", "url"]),
            cdh_cert: get(&cdh, &["kbc", "kbs_cert"]),
        }
    }

    /// What `policy.rego` sets `default <request>` to, when it sets it.
    pub fn policy_default(&self, request: &str) -> Option<bool> {
        let policy = self.data.policy.as_deref()?;
        policy.lines().find_map(|line| {
            let rest = line.trim().strip_prefix("default")?.trim_start().strip_prefix(request)?;
            let value = rest.trim_start().strip_prefix(":=").or_else(|| rest.trim_start().strip_prefix('='))?;
            match value.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            }
        })
    }

    /// Problems that do not stop the pod VM from reading initdata but break or weaken
    /// attestation: KBS URLs that disagree, a certificate that does not fit the scheme, an agent
    /// policy that lets the host exec into containers or read their output. Paths are under
    /// `base` (the field or file that holds the initdata).
    pub fn lint(&self, base: &FieldPath) -> Report {
        let mut report = Report::default();
        let e = self.endpoints();
        let data = base.key("data");
        if let (Some(aa), Some(cdh)) = (&e.aa_kbs, &e.cdh_kbs)
            && aa.trim_end_matches('/') != cdh.trim_end_matches('/')
        {
            report.add(
                data.key("cdh.toml").key("kbc").key("url"),
                K::InitdataKbsUrlMismatch {
                    first_where: "aa.toml [token_configs.kbs] url".into(),
                    first: aa.clone(),
                    second_where: "cdh.toml [kbc] url".into(),
                    second: cdh.clone(),
                },
            );
        }
        for (file, url, cert, cert_key) in
            [("aa.toml", &e.aa_kbs, &e.aa_cert, "cert"), ("cdh.toml", &e.cdh_kbs, &e.cdh_cert, "kbs_cert")]
        {
            let Some(url) = url else { continue };
            let has_cert = cert.as_deref().is_some_and(|c| !c.trim().is_empty());
            let problem = if url.starts_with("https://") && !has_cert {
                Some(format!(
                    "the KBS URL `{url}` is https but `{cert_key}` is missing, so the pod VM trusts the KBS only if a public CA signed its certificate: add the KBS certificate (public PEM) unless one did"
                ))
            } else if url.starts_with("http://") && has_cert {
                Some(format!(
                    "the KBS URL `{url}` is plain http but `{cert_key}` is set; with insecure_http the certificate must be removed (Red Hat docs), or use https"
                ))
            } else {
                None
            };
            // Without a certificate an https KBS works when a public CA signed its certificate,
            // so that is a warning; a certificate with http is refused (Red Hat docs).
            if let Some(problem) = problem {
                let severity = if url.starts_with("https://") { Severity::Warning } else { Severity::Error };
                report.add_as(
                    severity,
                    data.key(file).key(cert_key),
                    K::InitdataKbsCert { file: file.into(), problem },
                );
            }
        }
        for (request, what, risk) in [
            (
                "ExecProcessRequest",
                "running commands in containers, `oc exec`",
                "run any command inside the confidential workload",
            ),
            (
                "ReadStreamRequest",
                "reading container output, `oc logs`",
                "read whatever the workload writes to stdout and stderr",
            ),
        ] {
            if self.data.policy.is_some() && self.policy_default(request) != Some(false) {
                report.add(
                    data.key("policy.rego"),
                    K::InitdataPolicyAllows { request: request.into(), what: what.into(), risk: risk.into() },
                );
            }
        }
        report
    }
}

/// A TOML string holding `text` exactly: a literal multi-line string where the text allows
/// one, else a basic string with escapes.
fn toml_string(text: &str) -> String {
    if !text.contains("'''") && !text.contains('\r') {
        format!("'''\n{text}'''")
    } else {
        toml::Value::String(text.to_owned()).to_string()
    }
}

/// Initdata encoded: the value and the digest of its TOML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encoded {
    /// base64 of the gzip'd TOML: what goes into `INITDATA` or the pod annotation.
    pub value: String,
    /// The digest of the TOML, with the algorithm it names.
    pub digest: Digest,
    /// The initdata, typed.
    pub initdata: Initdata,
}

/// Initdata decoded: its text, typed form and digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The TOML text, exactly as encoded.
    pub text: String,
    /// The initdata, typed.
    pub initdata: Initdata,
    /// The digest of `text`, with the algorithm it names.
    pub digest: Digest,
}

fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a float",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a datetime",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    }
}

/// Reads and checks initdata TOML: the algorithm is one the cloud-api-adaptor accepts, the
/// data holds only `aa.toml`, `cdh.toml` and `policy.rego`, each a string, and the two TOML
/// files parse. Every problem comes back at once.
pub fn parse(text: &str) -> Result<Initdata, Report> {
    let mut report = Report::default();
    let root = FieldPath::root();
    let table: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(e) => {
            report.add(root, K::InitdataNotToml { message: e.to_string().trim_end().to_owned() });
            return Err(report);
        }
    };
    let mut initdata = Initdata::default();
    for (key, value) in &table {
        match (key.as_str(), value) {
            ("algorithm", toml::Value::String(name)) => match Algorithm::parse(name) {
                Some(a) => initdata.algorithm = a,
                None => report.add(root.key("algorithm"), K::InitdataAlgorithm { found: name.clone() }),
            },
            ("version", toml::Value::String(version)) => initdata.version = version.clone(),
            ("data", toml::Value::Table(files)) => {
                for (name, content) in files {
                    let path = root.key("data").key(name.as_str());
                    let toml::Value::String(content) = content else {
                        report.add(
                            path,
                            K::InitdataWrongType {
                                key: format!("data.\"{name}\""),
                                expected: "a string (the file's text)".into(),
                                found: type_name(content).into(),
                            },
                        );
                        continue;
                    };
                    let slot = match name.as_str() {
                        "aa.toml" => &mut initdata.data.aa,
                        "cdh.toml" => &mut initdata.data.cdh,
                        "policy.rego" => &mut initdata.data.policy,
                        _ => {
                            report.add(
                                path,
                                K::InitdataUnknownKey {
                                    key: format!("data.\"{name}\""),
                                    expected: "its data holds only aa.toml, cdh.toml and policy.rego".into(),
                                },
                            );
                            continue;
                        }
                    };
                    if name.ends_with(".toml")
                        && let Err(e) = content.parse::<toml::Table>()
                    {
                        report
                            .add(path, K::InitdataFileNotToml { file: name.clone(), message: e.message().to_owned() });
                    }
                    *slot = Some(content.clone());
                }
            }
            ("algorithm" | "version" | "data", other) => report.add(
                root.key(key.as_str()),
                K::InitdataWrongType {
                    key: key.clone(),
                    expected: if key == "data" { "a table".into() } else { "a string".into() },
                    found: type_name(other).into(),
                },
            ),
            _ => report.add(
                root.key(key.as_str()),
                K::InitdataUnknownKey { key: key.clone(), expected: "it has only algorithm, version and data".into() },
            ),
        }
    }
    for (key, hint) in [
        ("algorithm", "the digest algorithm: algorithm = \"sha384\" (or sha256, sha512)"),
        ("version", "the format version: version = \"0.1.0\""),
        ("data", "a [data] table with aa.toml, cdh.toml and policy.rego"),
    ] {
        if !table.contains_key(key) {
            report.add(root.key(key), K::RequiredField { field: key.into(), hint: hint.into() });
        }
    }
    if report.has_errors() { Err(report) } else { Ok(initdata) }
}

/// Checks initdata TOML and encodes it: gzip, then base64 (standard alphabet, padded, one
/// line). The digest is over `text` exactly as given.
pub fn encode(text: &str) -> Result<Encoded, Report> {
    let initdata = parse(text)?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into memory cannot fail.
    let compressed = gzip.write_all(text.as_bytes()).and_then(|()| gzip.finish()).unwrap_or_default();
    let value = base64::engine::general_purpose::STANDARD.encode(compressed);
    Ok(Encoded { value, digest: initdata.algorithm.digest(text.as_bytes()), initdata })
}

/// Decodes an initdata value (base64, then gunzip, bounded by [`MAX_DECODED`]) and checks the
/// TOML it holds, as the cloud-api-adaptor does when it starts. Whitespace around and inside
/// the value (a wrapped `base64` output) is ignored.
pub fn decode(value: &str) -> Result<Decoded, Report> {
    let mut report = Report::default();
    let root = FieldPath::root();
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        report.add(root, K::InitdataNotBase64 { reason: "the value is empty".into() });
        return Err(report);
    }
    let bytes = match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(bytes) => bytes,
        Err(e) => {
            report.add(root, K::InitdataNotBase64 { reason: e.to_string() });
            return Err(report);
        }
    };
    let mut text = Vec::new();
    let read = flate2::read::MultiGzDecoder::new(bytes.as_slice()).take(MAX_DECODED as u64 + 1).read_to_end(&mut text);
    if let Err(e) = read {
        report.add(root, K::InitdataNotGzip { reason: e.to_string() });
        return Err(report);
    }
    if text.len() > MAX_DECODED {
        report.add(root, K::InitdataTooLarge { limit: MAX_DECODED });
        return Err(report);
    }
    let text = match String::from_utf8(text) {
        Ok(text) => text,
        Err(e) => {
            report.add(root, K::InitdataNotToml { message: format!("not UTF-8 text ({e})") });
            return Err(report);
        }
    };
    let initdata = parse(&text)?;
    let digest = initdata.algorithm.digest(text.as_bytes());
    Ok(Decoded { text, initdata, digest })
}
