//! Credentials committed to Git: a Secret in the repository (or a kustomize `secretGenerator`
//! literal) holding, under a key for a cloud credential or a private SSH key, a value that is
//! neither empty nor a placeholder.
//!
//! How sure the finding is decides its severity, as the established scanners decide (gitleaks,
//! trufflehog, detect-secrets, Sonar; see [`Judged`]): an error only for a value with a real
//! credential's shape, a warning for a publicly documented default and for any other value, and
//! nothing for placeholders and templates. `data` is decoded before it is judged.
//!
//! A finding names the Secret and the key, never the value: nothing here puts a value into a
//! diagnostic, and the Secret kind has no schema check whose message could quote one.

use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::placeholder::is_placeholder;
use super::{Out, Scope, is};
use crate::source::Obj;
use crate::{CheckKind as K, FieldPath};

/// Keys that hold a credential: the secret halves of what `peer-pods-secret` holds per provider
/// (openshift/sandboxed-containers-operator `validatePeerPodsConfigs`), the Cloud Credential
/// Operator's names for them (its CredentialsRequest mapping in `credentials_controller.go`), and
/// private SSH keys (`ssh-key-secret`'s `id_rsa`, and the `kubernetes.io/ssh-auth` key).
const CREDENTIAL_KEYS: &[&str] = &[
    "AWS_SECRET_ACCESS_KEY",
    "aws_secret_access_key",
    "AZURE_CLIENT_SECRET",
    "azure_client_secret",
    "GCP_CREDENTIALS",
    "service_account.json",
    "id_rsa",
    "id_ecdsa",
    "id_ed25519",
    "id_dsa",
    "ssh-privatekey",
];

/// Whether `path` (`data.<key>` or `stringData.<key>`) names a key this rule reports.
pub(crate) fn is_credential_key(path: &FieldPath) -> bool {
    matches!(path.0.last(), Some(crate::Segment::Key(k)) if CREDENTIAL_KEYS.contains(&k.as_str()))
}

/// Credentials their products document as the default, which anyone can try: a value here is
/// public, not leaked, but a service still using it is open. Each row: the value, and the
/// product and setting it is the default of.
/// - MinIO: root user and password `minioadmin` unless MINIO_ROOT_USER/MINIO_ROOT_PASSWORD are
///   set (minio/minio `README.md`, "Install"; Nuclei's `minio-default-login` template tries it).
/// - LocalStack: accepts the access key id and secret `test` (localstack docs, "Credentials").
const PUBLIC_DEFAULTS: &[(&str, &str)] =
    &[("minioadmin", "MinIO's default root credentials"), ("test", "LocalStack's documented AWS credentials")];

/// What a value under a credential key is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judged {
    /// Nothing, a placeholder or a template: silent.
    Placeholder,
    /// A value with the shape of a real credential (the name of the shape): an error.
    Credential(&'static str),
    /// A publicly documented default (whose): a warning.
    PublicDefault(&'static str),
    /// Anything else: may be a credential, may be a password someone made up; a warning.
    Other,
}

/// Shannon entropy in bits per character.
fn entropy(value: &str) -> f64 {
    let mut counts = std::collections::BTreeMap::new();
    for c in value.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = value.chars().count() as f64;
    counts.values().map(|&c| c as f64 / n).map(|p| -p * p.log2()).sum()
}

/// An AWS secret access key: 40 characters of `[A-Za-z0-9/+]`, entropy at least 4.0, not all
/// hex. Random keys measured here never fell below 4.16 bits; trufflehog asks 4.25 and Sonar
/// 4.2 (both drop all-hex strings, which are digests).
fn is_aws_secret_key(value: &str) -> bool {
    value.len() == 40
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '+')
        && !value.chars().all(|c| c.is_ascii_hexdigit())
        && entropy(value) >= 4.0
}

/// An Azure AD client secret as Entra ID has generated them since 2021: three characters, a
/// digit, `Q~`, then 31 to 34 of `[A-Za-z0-9_~.-]` (gitleaks `cmd/generate/config/rules/azure.go`,
/// rule `azure-ad-client-secret`).
fn is_azure_client_secret(value: &str) -> bool {
    static SHAPE: LazyLock<Option<regex::Regex>> =
        LazyLock::new(|| regex::Regex::new(r"^[a-zA-Z0-9_~.]{3}[0-9]Q~[a-zA-Z0-9_~.-]{31,34}$").ok());
    SHAPE.as_ref().is_some_and(|re| re.is_match(value))
}

/// A PEM private-key block (`-----BEGIN ... PRIVATE KEY-----`) with a body that is base64 of
/// some entropy (not `<your key here>`, not `XXXX...`). Real keys hold runs like `AAAAA`, so the
/// placeholder recognizer's repeated-character rule does not apply to them.
pub(crate) fn is_pem_private_key(value: &str) -> bool {
    let Some(begin) = value.find("-----BEGIN ") else { return false };
    let rest = &value[begin..];
    let Some(header_end) = rest.find("PRIVATE KEY-----") else { return false };
    let body = &rest[header_end + "PRIVATE KEY-----".len()..];
    let body = body.find("-----END").map_or(body, |end| &body[..end]);
    let compact: String = body.split_whitespace().collect();
    compact.len() >= 16
        && compact.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ':' | ','))
        && entropy(&compact) >= 3.5
}

/// A GCP service-account key file: a JSON object with a `private_key` that is one.
fn is_gcp_service_account(value: &str) -> bool {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(value) else { return false };
    map.get("private_key").and_then(Value::as_str).is_some_and(is_pem_private_key)
}

/// Judges a value written under credential key `key` (decoded, for `data`). A real credential's
/// shape is tested first, so a random key never counts as a placeholder by chance.
pub fn judge(value: &str, key: &str) -> Judged {
    let v = value.trim();
    // AWS documents its examples with `EXAMPLE` in them (`AKIAIOSFODNN7EXAMPLE`); gitleaks,
    // semgrep and Sonar all skip such values, even with a key's shape.
    if v.to_ascii_lowercase().contains("example") {
        return Judged::Placeholder;
    }
    if is_aws_secret_key(v) {
        return Judged::Credential("an AWS secret access key");
    }
    if is_azure_client_secret(v) {
        return Judged::Credential("an Azure client secret");
    }
    if is_pem_private_key(v) {
        return Judged::Credential("a PEM private key");
    }
    if is_gcp_service_account(v) {
        return Judged::Credential("a GCP service-account key");
    }
    if is_placeholder(v, Some(key)) {
        return Judged::Placeholder;
    }
    match PUBLIC_DEFAULTS.iter().find(|(default, _)| *default == v) {
        Some((_, whose)) => Judged::PublicDefault(whose),
        None => Judged::Other,
    }
}

/// Every Secret of the build that holds a credential.
pub(crate) fn credentials(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    for secret in build.objects.iter().filter(|o| is(o, "", "Secret")) {
        let name = secret.str("/metadata/name").unwrap_or_default().to_owned();
        if secret.synthetic {
            generator_literals(secret, &name, out);
            continue;
        }
        for field in ["data", "stringData"] {
            let entries = secret.value.get(field).and_then(Value::as_object);
            for (key, value) in entries.into_iter().flatten() {
                if !CREDENTIAL_KEYS.contains(&key.as_str()) {
                    continue;
                }
                let Some(written) = value.as_str() else { continue };
                let judged = if field == "data" {
                    // Base64 may come in lines (as kustomize writes it); not base64 at all, it is
                    // judged as written.
                    let compact: String = written.split_whitespace().collect();
                    match STANDARD.decode(compact) {
                        Ok(bytes) => judge(&String::from_utf8_lossy(&bytes), key),
                        Err(_) => judge(written, key),
                    }
                } else {
                    judge(written, key)
                };
                report(secret, &name, key, judged, FieldPath::root().key(field).key(key.clone()), out);
            }
        }
    }
}

fn report(secret: &Obj, name: &str, key: &str, judged: Judged, path: FieldPath, out: &mut Out<'_, '_>) {
    let (secret_name, key_name) = (name.to_owned(), key.to_owned());
    let kind = match judged {
        Judged::Placeholder => return,
        Judged::Credential(shape) => {
            K::CredentialsInGit { secret: secret_name, key: key_name, shape: shape.to_owned() }
        }
        Judged::PublicDefault(whose) => {
            K::PublicDefaultCredential { secret: secret_name, key: key_name, whose: whose.to_owned() }
        }
        Judged::Other => K::PossibleCredentialInGit { secret: secret_name, key: key_name },
    };
    out.push(secret, path, kind);
}

/// `secretGenerator` literals (`KEY=VALUE`), which live in the kustomization itself; `files`
/// and `envs` name files whose content the build does not read.
fn generator_literals(secret: &Obj, name: &str, out: &mut Out<'_, '_>) {
    let literals = FieldPath::root().key("literals");
    for i in 0.. {
        let Some((literal, _)) = secret.place.scalar(&literals.index(i)) else { break };
        let Some((key, value)) = literal.split_once('=') else { continue };
        let key = key.trim();
        if CREDENTIAL_KEYS.contains(&key) {
            let judged = judge(value.trim().trim_matches(['"', '\'']), key);
            report(secret, name, key, judged, literals.index(i), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_the_calibration_values() {
        // check-calibration: `UPDATE_AWS_SECRET_ACCESS_KEY` 3.41, `minioadmin` 2.45.
        assert!((entropy("UPDATE_AWS_SECRET_ACCESS_KEY") - 3.41).abs() < 0.01);
        assert!((entropy("minioadmin") - 2.45).abs() < 0.01);
    }
}
