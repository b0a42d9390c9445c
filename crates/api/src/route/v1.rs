//! `route.openshift.io/v1`: the fields of a Route oscgen writes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

k8s_object!(
    /// An OpenShift Route: a host name outside the cluster for a Service.
    Route, RouteSpec,
    group: "route.openshift.io", version: "v1", kind: "Route",
    plural: "routes", scope: k8s_openapi::NamespaceResourceScope
);

/// `spec` of a [`Route`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteSpec {
    /// The host name; absent lets the router pick one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The Service.
    pub to: RouteTarget,
    /// The Service port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<RoutePort>,
    /// TLS termination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<RouteTls>,
}

/// What a [`Route`] sends traffic to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteTarget {
    /// `Service`.
    pub kind: String,
    /// The Service's name.
    pub name: String,
}

/// The port of a [`Route`]'s Service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RoutePort {
    /// Port number or name.
    pub target_port: k8s_openapi::apimachinery::pkg::util::intstr::IntOrString,
}

/// TLS of a [`Route`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteTls {
    /// `edge`, `passthrough` or `reencrypt`.
    pub termination: String,
    /// `None`, `Allow` or `Redirect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_edge_termination_policy: Option<String>,
}
