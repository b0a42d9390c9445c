//! `confidentialcontainers.org/v1alpha1`: the Trustee operator's KbsConfig and TrusteeConfig
//! (confidential-containers/trustee-operator, api/v1alpha1). Only the fields oscgen writes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// The Key Broker Service's deployment: which ConfigMaps and Secrets it reads. Trustee
    /// builds before 1.0 are configured with it directly; later ones derive it from a
    /// [`TrusteeConfig`].
    KbsConfig, KbsConfigSpec,
    group: "confidentialcontainers.org", version: "v1alpha1", kind: "KbsConfig",
    plural: "kbsconfigs", scope: k8s_openapi::NamespaceResourceScope
);

k8s_object!(
    /// Trustee 1.0 and later: a profile, and the operator writes the KbsConfig and its
    /// ConfigMaps itself.
    TrusteeConfig, TrusteeConfigSpec,
    group: "confidentialcontainers.org", version: "v1alpha1", kind: "TrusteeConfig",
    plural: "trusteeconfigs", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of a [`KbsConfig`]; every name refers to an object in the operator's namespace.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct KbsConfigSpec {
    /// ConfigMap with key `kbs-config.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_config_map_name: Option<String>,
    /// Secret with the admin's public key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_auth_secret_name: Option<String>,
    /// `AllInOneDeployment` or `MicroservicesDeployment`; empty deploys microservices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_deployment_type: Option<String>,
    /// Service type of `kbs-service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_service_type: Option<String>,
    /// ConfigMap with the RVPS reference values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_rvps_ref_values_config_map_name: Option<String>,
    /// ConfigMap with the resource policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_resource_policy_config_map_name: Option<String>,
    /// Secret with the HTTPS private key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_https_key_secret_name: Option<String>,
    /// Secret with the HTTPS certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_https_cert_secret_name: Option<String>,
    /// Secrets the KBS serves to attested workloads (`kbs:///default/<name>/<key>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kbs_secret_resources: Vec<String>,
    /// Environment of the KBS container (capitalised on the wire).
    #[serde(default, rename = "KbsEnvVars", skip_serializing_if = "BTreeMap::is_empty")]
    pub kbs_env_vars: BTreeMap<String, String>,
}

/// `spec` of a [`TrusteeConfig`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrusteeConfigSpec {
    /// `Permissive` or `Restricted`; anything else is treated as Permissive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_type: Option<String>,
    /// Service type of the KBS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kbs_service_type: Option<String>,
    /// HTTPS: the `kubernetes.io/tls` Secret the KBS serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub https_spec: Option<TlsSecretRef>,
}

/// A `kubernetes.io/tls` Secret by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TlsSecretRef {
    /// The Secret's name.
    pub tls_secret_name: String,
}
