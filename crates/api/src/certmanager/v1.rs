//! `cert-manager.io/v1`: the fields of a Certificate oscgen writes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// A cert-manager Certificate: cert-manager issues it into a `kubernetes.io/tls` Secret.
    Certificate, CertificateSpec,
    group: "cert-manager.io", version: "v1", kind: "Certificate",
    plural: "certificates", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of a [`Certificate`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSpec {
    /// The Secret cert-manager writes.
    pub secret_name: String,
    /// Subject alternative names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_names: Vec<String>,
    /// The issuer.
    pub issuer_ref: IssuerRef,
    /// The private key's shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<PrivateKey>,
}

/// An Issuer or ClusterIssuer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuerRef {
    /// Its name.
    pub name: String,
    /// `Issuer` or `ClusterIssuer`.
    pub kind: String,
}

/// How cert-manager makes the private key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PrivateKey {
    /// `RSA`, `ECDSA` or `Ed25519`.
    pub algorithm: String,
    /// Key size in bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i32>,
    /// `PKCS1` or `PKCS8`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}
