//! Every kind oscgen emits, in one enum whose order is the order to apply them in.

use k8s_openapi::Resource;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
use k8s_openapi::api::node::v1::RuntimeClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_api::certmanager::v1::Certificate;
use oscgen_api::cluster::v1beta1::Placement;
use oscgen_api::cluster::v1beta2::ManagedClusterSetBinding;
use oscgen_api::kata::v1::KataConfig;
use oscgen_api::mco::v1::{ContainerRuntimeConfig, MachineConfig, MachineConfigPool};
use oscgen_api::olm::v1::OperatorGroup;
use oscgen_api::olm::v1alpha1::Subscription;
use oscgen_api::policy::v1::{PlacementBinding, Policy};
use oscgen_api::route::v1::Route;
use oscgen_api::trustee::v1alpha1::{KbsConfig, TrusteeConfig};
use serde::Serialize;

/// A generated object. [`Object::apply_rank`] gives the order to apply them in: a namespace
/// before what lives in it, the OperatorGroup before the Subscription, the ConfigMaps the
/// operator reads before the KataConfig that makes it read them, the KataConfig before the
/// node objects. Variants are declared in that order, except those added later, at the end.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum Object {
    /// `v1` Namespace.
    Namespace(Namespace),
    /// OLM OperatorGroup.
    OperatorGroup(OperatorGroup),
    /// OLM Subscription.
    Subscription(Subscription),
    /// `v1` ConfigMap in the operator's namespace (`peer-pods-cm`, `osc-feature-gates`).
    ConfigMap(ConfigMap),
    /// The KataConfig.
    KataConfig(KataConfig),
    /// MCO MachineConfigPool.
    MachineConfigPool(MachineConfigPool),
    /// MCO MachineConfig.
    MachineConfig(MachineConfig),
    /// MCO ContainerRuntimeConfig.
    ContainerRuntimeConfig(ContainerRuntimeConfig),
    /// `node.k8s.io/v1` RuntimeClass.
    RuntimeClass(RuntimeClass),
    /// RHACM ManagedClusterSetBinding (hub): before the Placement that selects from the set.
    ManagedClusterSetBinding(ManagedClusterSetBinding),
    /// RHACM Placement (hub).
    Placement(Placement),
    /// RHACM Policy (hub).
    Policy(Policy),
    /// RHACM PlacementBinding (hub): last, once what it binds exists.
    PlacementBinding(PlacementBinding),
    /// cert-manager Certificate for the KBS: with the ConfigMaps, before the Trustee config
    /// that mounts its Secret.
    Certificate(Certificate),
    /// Trustee KbsConfig: with the KataConfig, after the ConfigMaps it names.
    KbsConfig(KbsConfig),
    /// Trustee TrusteeConfig.
    TrusteeConfig(TrusteeConfig),
    /// OpenShift Route to the KBS.
    Route(Route),
}

impl Object {
    fn parts(&self) -> (&'static str, &'static str, &ObjectMeta) {
        fn of<T: Resource>(metadata: &ObjectMeta) -> (&'static str, &'static str, &ObjectMeta) {
            (T::API_VERSION, T::KIND, metadata)
        }
        match self {
            Object::Namespace(o) => of::<Namespace>(&o.metadata),
            Object::OperatorGroup(o) => of::<OperatorGroup>(&o.metadata),
            Object::Subscription(o) => of::<Subscription>(&o.metadata),
            Object::ConfigMap(o) => of::<ConfigMap>(&o.metadata),
            Object::KataConfig(o) => of::<KataConfig>(&o.metadata),
            Object::MachineConfigPool(o) => of::<MachineConfigPool>(&o.metadata),
            Object::MachineConfig(o) => of::<MachineConfig>(&o.metadata),
            Object::ContainerRuntimeConfig(o) => of::<ContainerRuntimeConfig>(&o.metadata),
            Object::RuntimeClass(o) => of::<RuntimeClass>(&o.metadata),
            Object::ManagedClusterSetBinding(o) => of::<ManagedClusterSetBinding>(&o.metadata),
            Object::Placement(o) => of::<Placement>(&o.metadata),
            Object::Policy(o) => of::<Policy>(&o.metadata),
            Object::PlacementBinding(o) => of::<PlacementBinding>(&o.metadata),
            Object::Certificate(o) => of::<Certificate>(&o.metadata),
            Object::KbsConfig(o) => of::<KbsConfig>(&o.metadata),
            Object::TrusteeConfig(o) => of::<TrusteeConfig>(&o.metadata),
            Object::Route(o) => of::<Route>(&o.metadata),
        }
    }

    /// `apiVersion`.
    pub fn api_version(&self) -> &'static str {
        self.parts().0
    }

    /// `kind`.
    pub fn kind(&self) -> &'static str {
        self.parts().1
    }

    /// `metadata`.
    pub fn metadata(&self) -> &ObjectMeta {
        self.parts().2
    }

    /// `metadata`, to change (annotations for a GitOps engine).
    pub fn metadata_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::Namespace(o) => &mut o.metadata,
            Object::OperatorGroup(o) => &mut o.metadata,
            Object::Subscription(o) => &mut o.metadata,
            Object::ConfigMap(o) => &mut o.metadata,
            Object::KataConfig(o) => &mut o.metadata,
            Object::MachineConfigPool(o) => &mut o.metadata,
            Object::MachineConfig(o) => &mut o.metadata,
            Object::ContainerRuntimeConfig(o) => &mut o.metadata,
            Object::RuntimeClass(o) => &mut o.metadata,
            Object::ManagedClusterSetBinding(o) => &mut o.metadata,
            Object::Placement(o) => &mut o.metadata,
            Object::Policy(o) => &mut o.metadata,
            Object::PlacementBinding(o) => &mut o.metadata,
            Object::Certificate(o) => &mut o.metadata,
            Object::KbsConfig(o) => &mut o.metadata,
            Object::TrusteeConfig(o) => &mut o.metadata,
            Object::Route(o) => &mut o.metadata,
        }
    }

    /// `metadata.name` (every generated object has one).
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or_default()
    }

    /// `metadata.namespace`, empty for cluster-scoped kinds.
    pub fn namespace(&self) -> &str {
        self.metadata().namespace.as_deref().unwrap_or_default()
    }

    /// `Kind/name` or `Kind/namespace/name`, for messages.
    pub fn reference(&self) -> String {
        match self.namespace() {
            "" => format!("{}/{}", self.kind(), self.name()),
            ns => format!("{}/{}/{}", self.kind(), ns, self.name()),
        }
    }

    /// Position in apply order.
    pub fn apply_rank(&self) -> usize {
        match self {
            Object::Namespace(_) => 0,
            Object::OperatorGroup(_) => 1,
            Object::Subscription(_) => 2,
            // The operator reads peer-pods-cm and osc-feature-gates when it reconciles the
            // KataConfig, so they exist first.
            Object::ConfigMap(_) => 3,
            Object::KataConfig(_) => 4,
            Object::MachineConfigPool(_) => 5,
            Object::MachineConfig(_) => 6,
            Object::ContainerRuntimeConfig(_) => 7,
            Object::RuntimeClass(_) => 8,
            Object::ManagedClusterSetBinding(_) => 9,
            Object::Placement(_) => 10,
            Object::Policy(_) => 11,
            Object::PlacementBinding(_) => 12,
            Object::Certificate(_) => 3,
            Object::KbsConfig(_) | Object::TrusteeConfig(_) => 4,
            // After the Trustee config whose Service it exposes.
            Object::Route(_) => 8,
        }
    }

    /// As a JSON value tree (for the function's ResourceList and for schema checks).
    pub fn to_value(&self) -> Result<serde_json::Value, crate::Error> {
        serde_json::to_value(self).map_err(crate::Error::Json)
    }
}

/// Sorts objects into apply order; within a kind by namespace and name, so the output never
/// depends on the order configs were given in.
pub fn sort(objects: &mut [Object]) {
    objects.sort_by(|a, b| (a.apply_rank(), a.namespace(), a.name()).cmp(&(b.apply_rank(), b.namespace(), b.name())));
}
