//! Typed shapes of every object OpenShift sandboxed containers is installed with.
//!
//! Module paths mirror the API group and version of each kind, so a reader finds a type
//! from a YAML's `apiVersion`:
//!
//! | `apiVersion` | kind | type |
//! |---|---|---|
//! | `operators.coreos.com/v1alpha1` | Subscription | [`olm::v1alpha1::Subscription`] |
//! | `operators.coreos.com/v1` | OperatorGroup | [`olm::v1::OperatorGroup`] |
//! | `kataconfiguration.openshift.io/v1` | KataConfig | [`kata::v1::KataConfig`] |
//! | `machineconfiguration.openshift.io/v1` | MachineConfig, MachineConfigPool, ContainerRuntimeConfig | [`mco::v1`] |
//! | (inside a MachineConfig) | Ignition 3.2.0 or 2.2.0 config | [`ignition::Config`] |
//! | `oscgen.dev/v1alpha1` | SandboxedContainersOperator, KataRuntime, SandboxedContainersPolicy | [`oscgen::v1alpha1`] |
//! | `policy.open-cluster-management.io/v1` | Policy, ConfigurationPolicy, PlacementBinding | [`policy::v1`] |
//! | `policy.open-cluster-management.io/v1beta1` | OperatorPolicy | [`policy::v1beta1::OperatorPolicy`] |
//! | `cluster.open-cluster-management.io/v1beta1` | Placement | [`cluster::v1beta1::Placement`] |
//! | `cluster.open-cluster-management.io/v1beta2` | ManagedClusterSetBinding | [`cluster::v1beta2::ManagedClusterSetBinding`] |
//! | `confidentialcontainers.org/v1alpha1` | KbsConfig, TrusteeConfig | [`trustee::v1alpha1`] |
//! | `route.openshift.io/v1` | Route | [`route::v1::Route`] |
//! | `cert-manager.io/v1` | Certificate | [`certmanager::v1::Certificate`] |
//! | (a file on the node) | CRI-O runtime-handler drop-in | [`crio::RuntimeHandler`] |
//! | `mirror.openshift.io/v2alpha1`, `v1alpha2` (oc-mirror's file, not an object) | ImageSetConfiguration | [`mirror::v2alpha1::ImageSetConfiguration`], [`mirror::v1alpha2::ImageSetConfiguration`] |
//!
//! Namespace and RuntimeClass are k8s-openapi's own types. Every kind here implements
//! k8s-openapi's [`Resource`](k8s_openapi::Resource) and [`Metadata`](k8s_openapi::Metadata),
//! so `kube::Api<KataConfig>` works without this crate depending on kube. `apiVersion` and
//! `kind` are written from those constants, never stored in the value.
//!
//! ```
//! use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
//! use k8s_openapi::Resource;
//! use oscgen_api::kata::v1::{KataConfig, KataConfigSpec};
//!
//! let kc = KataConfig {
//!     metadata: ObjectMeta { name: Some("cluster-kataconfig".into()), ..Default::default() },
//!     spec: KataConfigSpec {
//!         kata_config_pool_selector: Some(LabelSelector {
//!             match_labels: Some([("kata".to_owned(), "true".to_owned())].into()),
//!             ..Default::default()
//!         }),
//!         ..Default::default()
//!     },
//! };
//! assert_eq!(KataConfig::API_VERSION, "kataconfiguration.openshift.io/v1");
//! let json = serde_json::to_value(&kc).unwrap();
//! assert_eq!(json["kind"], "KataConfig");
//! assert_eq!(json["spec"]["kataConfigPoolSelector"]["matchLabels"]["kata"], "true");
//! ```

#[macro_use]
mod object;

pub mod certmanager;
pub mod cluster;
pub mod crio;
pub mod ignition;
pub mod kata;
pub mod mco;
pub mod mirror;
pub mod olm;
pub mod oscgen;
pub mod policy;
pub mod route;
pub mod trustee;

pub use k8s_openapi;
