//! The operator subscription: Namespace, OperatorGroup and Subscription.

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_api::olm::v1::{OperatorGroup, OperatorGroupSpec};
use oscgen_api::olm::v1alpha1::{Subscription, SubscriptionSpec};
use oscgen_api::oscgen::v1alpha1::OperatorSpec;

use crate::catalog::file::FileCatalog;
use crate::catalog::{
    self, NAMESPACE, OpenShiftTarget, PACKAGE, Request, Resolution, SOURCE, SOURCE_NAMESPACE, SUBSCRIPTION_NAME,
};
use crate::{DiagnosticKind as K, FieldPath, Object, Report, rules};

/// Checks `spec` and builds the three objects, in apply order. Errors and warnings go to
/// `report`; objects are returned only when it holds no error.
pub fn objects(spec: &OperatorSpec, report: &mut Report) -> Option<Vec<Object>> {
    objects_in(spec, None, report)
}

/// [`objects`], with the channel and release judged against `given` (a file-based catalog,
/// `--catalog`) instead of oscgen's data when there is one.
pub fn objects_in(spec: &OperatorSpec, given: Option<&FileCatalog>, report: &mut Report) -> Option<Vec<Object>> {
    let at = FieldPath::parse("spec");
    let target = OpenShiftTarget::read(spec.openshift_version.as_deref(), &at.key("openshiftVersion"), report);
    let request =
        Request { channel: spec.channel.as_deref(), release: spec.release.as_deref(), target, default: false };
    let resolution: Option<(String, Option<String>)> = match given {
        Some(given) => given.resolve(request, &at, report).map(|r| (r.channel, r.csv)),
        None => catalog::resolve(request, &at, report)
            .map(|Resolution { release, channel }| (channel.to_owned(), Some(release.csv.to_owned()))),
    };

    let namespace = spec.namespace.as_deref().unwrap_or(NAMESPACE);
    if let Some(why) = rules::dns1123_label(namespace) {
        report.add(at.key("namespace"), K::InvalidName { name: namespace.to_owned(), reason: why });
    } else if namespace != NAMESPACE {
        report.add(
            at.key("namespace"),
            K::OperatorNamespace { namespace: namespace.to_owned(), required: NAMESPACE.to_owned() },
        );
    }
    let source = spec.source.as_deref().unwrap_or(SOURCE);
    if let Some(why) = rules::dns1123_subdomain(source) {
        report.add(at.key("source"), K::InvalidName { name: source.to_owned(), reason: why });
    }
    let source_namespace = spec.source_namespace.as_deref().unwrap_or(SOURCE_NAMESPACE);
    if let Some(why) = rules::dns1123_label(source_namespace) {
        report.add(at.key("sourceNamespace"), K::InvalidName { name: source_namespace.to_owned(), reason: why });
    }
    let (channel, starting_csv) = resolution?;
    if report.has_errors() {
        return None;
    }

    Some(olm_objects(&Install {
        namespace,
        subscription: SUBSCRIPTION_NAME,
        package: PACKAGE,
        channel: &channel,
        source,
        source_namespace,
        approval: spec.install_plan_approval.unwrap_or_default(),
        starting_csv: starting_csv.as_deref(),
    }))
}

/// What installs one operator through OLM: an own-namespace install from a catalog.
pub(crate) struct Install<'a> {
    /// The operator's namespace, its OperatorGroup's only target.
    pub namespace: &'a str,
    /// The name of the OperatorGroup and the Subscription.
    pub subscription: &'a str,
    /// The OLM package.
    pub package: &'a str,
    /// The channel.
    pub channel: &'a str,
    /// The CatalogSource.
    pub source: &'a str,
    /// The CatalogSource's namespace.
    pub source_namespace: &'a str,
    /// How InstallPlans are approved.
    pub approval: oscgen_api::olm::v1alpha1::InstallPlanApproval,
    /// The CSV to install first, when pinned.
    pub starting_csv: Option<&'a str>,
}

/// The Namespace, OperatorGroup and Subscription of an [`Install`], in apply order.
pub(crate) fn olm_objects(install: &Install<'_>) -> Vec<Object> {
    let meta = |name: &str, namespace: Option<&str>| ObjectMeta {
        name: Some(name.to_owned()),
        namespace: namespace.map(str::to_owned),
        ..Default::default()
    };
    let namespace = install.namespace;
    vec![
        Object::Namespace(Namespace { metadata: meta(namespace, None), ..Default::default() }),
        Object::OperatorGroup(OperatorGroup {
            metadata: meta(install.subscription, Some(namespace)),
            spec: OperatorGroupSpec { target_namespaces: vec![namespace.to_owned()], ..Default::default() },
        }),
        Object::Subscription(Subscription {
            metadata: meta(install.subscription, Some(namespace)),
            spec: SubscriptionSpec {
                channel: Some(install.channel.to_owned()),
                install_plan_approval: Some(install.approval),
                name: install.package.to_owned(),
                source: install.source.to_owned(),
                source_namespace: install.source_namespace.to_owned(),
                starting_csv: install.starting_csv.map(str::to_owned),
                config: None,
            },
        }),
    ]
}
