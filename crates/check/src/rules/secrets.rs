//! Credentials committed to Git: a Secret in the repository (or a kustomize `secretGenerator`
//! literal) holding a cloud credential the peer-pods Secret takes, or a private SSH key.
//!
//! A finding names the Secret and the key, never the value: nothing here puts a value into a
//! diagnostic, and the Secret kind has no schema check whose message could quote one.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::{Build, Out, is, olm};
use crate::source::Obj;
use crate::{DiagnosticKind as K, FieldPath, Severity};

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

/// Whether `value` (decoded) is something rather than nothing or a placeholder.
fn holds_something(value: &str) -> bool {
    !olm::is_placeholder(value)
}

/// Every Secret of the build that holds a credential.
pub(crate) fn credentials(build: &Build<'_>, out: &mut Out<'_, '_>) {
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
                let holds = if field == "data" {
                    // Not base64 at all: still something written there.
                    STANDARD
                        .decode(written.trim())
                        .map_or(true, |bytes| holds_something(&String::from_utf8_lossy(&bytes)))
                } else {
                    holds_something(written)
                };
                if holds {
                    let kind = K::CredentialsInGit { secret: name.clone(), key: key.clone() };
                    out.push(secret, Severity::Error, FieldPath::root().key(field).key(key.clone()), kind);
                }
            }
        }
    }
}

/// `secretGenerator` literals (`KEY=VALUE`), which live in the kustomization itself; `files`
/// and `envs` name files whose content the build does not read.
fn generator_literals(secret: &Obj, name: &str, out: &mut Out<'_, '_>) {
    let literals = FieldPath::root().key("literals");
    for i in 0.. {
        let Some((literal, _)) = secret.place.scalar(&literals.index(i)) else { break };
        let Some((key, value)) = literal.split_once('=') else { continue };
        let key = key.trim();
        if CREDENTIAL_KEYS.contains(&key) && holds_something(value.trim().trim_matches(['"', '\''])) {
            let kind = K::CredentialsInGit { secret: name.to_owned(), key: key.to_owned() };
            out.push(secret, Severity::Error, literals.index(i), kind);
        }
    }
}
