//! Properties over generated inputs (proptest):
//!
//! - Every valid spec, drawn from the catalog's releases and channels with label selectors,
//!   handlers and versions each release allows, renders; twice to the same bytes; as YAML and
//!   as JSON that read back to the same objects; (feature `schema-check`) with every object and
//!   its CRI-O drop-in passing the schema checks of its release and OpenShift version (what
//!   `self-check` checks at run time); its config, written by `yaml::to_string` the way
//!   `oscgen init` writes it, reads back as the same config; its CRI-O drop-in parses back to
//!   its handler.
//! - The name and label validators of `rules` agree with apimachinery's regular expressions
//!   (`k8s.io/apimachinery/pkg/util/validation`), used here through the `regex` crate as the
//!   reference, on strings built from those expressions and on near misses.
//! - Peer-pods tags either come back from `TAGS` exactly as given when the cloud-api-adaptor
//!   reads it, or are refused, each at its own path.
//!
//! Case counts stay modest (64–256) so the suite stays fast; `PROPTEST_CASES` raises them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_render::api::olm::v1alpha1::InstallPlanApproval;
use oscgen_render::api::oscgen::v1alpha1::{
    HandlerSpec, KataRuntime, LabelValue, Overhead, Platform, PoolSelector, SandboxedContainersOperator,
    SelectorRequirement,
};
use oscgen_render::catalog::{self, KataField, NodeBehaviour, OpenShift, Release};
use oscgen_render::{Config, OperatorSpec, RuntimeSpec, config, render, rules, yaml};
use proptest::prelude::*;
use regex::Regex;
use serde_json::Value;

// ---------------------------------------------------------------------------------------
// apimachinery's formats (validation.go), as generators and as the reference matcher.

const QUALIFIED_NAME: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const DNS1123_LABEL: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

fn full(pattern: &str) -> Regex {
    Regex::new(&format!("^(?:{pattern})$")).unwrap()
}

static QUALIFIED_NAME_RE: LazyLock<Regex> = LazyLock::new(|| full(QUALIFIED_NAME));
static DNS1123_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| full(DNS1123_LABEL));
static DNS1123_SUBDOMAIN_RE: LazyLock<Regex> = LazyLock::new(|| full(&format!("{DNS1123_LABEL}(\\.{DNS1123_LABEL})*")));

/// `IsDNS1123Label`.
fn k8s_dns1123_label(s: &str) -> bool {
    s.len() <= 63 && DNS1123_LABEL_RE.is_match(s)
}

/// `IsDNS1123Subdomain`.
fn k8s_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && DNS1123_SUBDOMAIN_RE.is_match(s)
}

/// `IsQualifiedName` (label keys).
fn k8s_qualified_name(s: &str) -> bool {
    let (prefix, name) = match s.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, s),
    };
    prefix.is_none_or(|p| !p.is_empty() && k8s_dns1123_subdomain(p))
        && !name.contains('/')
        && name.len() <= 63
        && QUALIFIED_NAME_RE.is_match(name)
}

/// `IsValidLabelValue`.
fn k8s_label_value(s: &str) -> bool {
    s.is_empty() || (s.len() <= 63 && QUALIFIED_NAME_RE.is_match(s))
}

/// Strings matching `pattern` whose length is in `lengths` (the formats bound length apart).
fn matching(pattern: &str, lengths: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> + use<> {
    proptest::string::string_regex(pattern).unwrap().prop_filter("length", move |s| lengths.contains(&s.len()))
}

fn dns1123_label() -> impl Strategy<Value = String> {
    matching("[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?", 1..=63)
}

fn dns1123_subdomain() -> impl Strategy<Value = String> {
    matching("[a-z0-9]([-a-z0-9]{0,12}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,12}[a-z0-9])?){0,3}", 1..=253)
}

fn qualified_name_part() -> impl Strategy<Value = String> {
    matching("[A-Za-z0-9]([-A-Za-z0-9_.]{0,24}[A-Za-z0-9])?", 1..=63)
}

fn label_key() -> impl Strategy<Value = String> {
    (proptest::option::of(dns1123_subdomain()), qualified_name_part()).prop_map(|(prefix, name)| match prefix {
        Some(prefix) => format!("{prefix}/{name}"),
        None => name,
    })
}

fn label_value() -> impl Strategy<Value = String> {
    prop_oneof![1 => Just(String::new()), 6 => qualified_name_part()]
}

/// Near misses of a valid string: an edge character, a forbidden character, or too long.
fn mutated(valid: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (
        valid,
        0..7usize,
        any::<prop::sample::Index>(),
        prop::sample::select(&['-', '.', '_', '/', 'A', ' ', 'é', ':'][..]),
    )
        .prop_map(|(s, how, at, c)| {
            let at = at.index(s.len() + 1);
            let at = (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
            match how {
                0 => format!("{c}{s}"),
                1 => format!("{s}{c}"),
                2 => format!("{}{c}{}", &s[..at], &s[at..]),
                3 => s.repeat(1 + 64 / s.len().max(1)),
                4 => s.to_uppercase(),
                5 => format!("{s}/{s}"),
                _ => String::new(),
            }
        })
}

fn any_short_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex("[-a-zA-Z0-9_./]{0,70}").unwrap(),
        proptest::string::string_regex(".{0,20}").unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn dns1123_label_agrees_with_kubernetes(
        s in prop_oneof![dns1123_label(), mutated(dns1123_label()), any_short_string()]
    ) {
        prop_assert_eq!(rules::dns1123_label(&s).is_none(), k8s_dns1123_label(&s), "{:?}", s);
    }

    #[test]
    fn dns1123_subdomain_agrees_with_kubernetes(
        s in prop_oneof![dns1123_subdomain(), mutated(dns1123_subdomain()), any_short_string()]
    ) {
        prop_assert_eq!(rules::dns1123_subdomain(&s).is_none(), k8s_dns1123_subdomain(&s), "{:?}", s);
    }

    #[test]
    fn label_key_agrees_with_kubernetes(s in prop_oneof![label_key(), mutated(label_key()), any_short_string()]) {
        prop_assert_eq!(rules::label_key(&s).is_none(), k8s_qualified_name(&s), "{:?}", s);
    }

    #[test]
    fn label_value_agrees_with_kubernetes(
        s in prop_oneof![label_value(), mutated(qualified_name_part()), any_short_string()]
    ) {
        prop_assert_eq!(rules::label_value(&s).is_none(), k8s_label_value(&s), "{:?}", s);
    }
}

// ---------------------------------------------------------------------------------------
// Valid specs.

fn release() -> impl Strategy<Value = &'static Release> {
    prop::sample::select(catalog::CATALOG.iter().collect::<Vec<_>>())
}

/// How a spec names its release, and the release that then applies.
#[derive(Clone, Copy, Debug)]
enum Pick {
    Release,
    Channel,
    Both,
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![Just(Pick::Release), Just(Pick::Channel), Just(Pick::Both)]
}

fn named(pick: Pick, release: &'static Release) -> (Option<String>, Option<String>, &'static Release) {
    match pick {
        Pick::Release => (None, Some(release.version.to_owned()), release),
        // A channel means its newest release.
        Pick::Channel => {
            (Some(release.channel.to_owned()), None, catalog::by_channel(release.channel).unwrap_or(release))
        }
        Pick::Both => (Some(release.channel.to_owned()), Some(release.version.to_owned()), release),
    }
}

/// An `openshiftVersion` under which `release` renders: none, a catalog that serves it, or
/// (before the catalogs) a version it was documented for; with or without a patch level.
fn openshift_for(release: &'static Release) -> BoxedStrategy<Option<String>> {
    let first_catalog = catalog::CATALOGS.first().map_or(u32::MAX, |c| c.openshift.minor);
    let mut minors: Vec<u32> = release.served_by.iter().map(|v| v.minor).collect();
    if let Some(documented) = release.documented {
        minors.extend((documented.min.minor..=documented.max.minor).filter(|m| *m < first_catalog));
    }
    if minors.is_empty() {
        return Just(None).boxed();
    }
    let version = (prop::sample::select(minors), any::<bool>())
        .prop_map(|(minor, patch)| if patch { format!("4.{minor}.3") } else { format!("4.{minor}") });
    proptest::option::of(version).boxed()
}

fn absolute_path() -> impl Strategy<Value = String> {
    proptest::string::string_regex("(/[a-zA-Z0-9_][a-zA-Z0-9._ '\"\\\\-]{0,11}){1,4}").unwrap()
}

fn quantity() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[1-9][0-9]{0,3}(m|Mi|Gi|k|M|)|0\\.[0-9]{1,2}").unwrap()
}

/// A handler other than the RPM's `kata`, with every field valid for its runtime type.
fn handler() -> impl Strategy<Value = HandlerSpec> {
    (
        dns1123_label().prop_filter("not the RPM's handler", |n| n != "kata"),
        prop::sample::select(&["vm", "oci", "pod"][..]),
        proptest::string::string_regex("(/[a-z0-9_-]{1,8}){0,3}/containerd-shim-[a-z0-9+-]{1,12}").unwrap(),
        absolute_path(),
        absolute_path(),
        proptest::option::of(absolute_path()),
        any::<Option<bool>>(),
        prop::collection::vec("[^\\s][^\\n]{0,20}", 0..3),
        proptest::option::of((proptest::option::of(quantity()), proptest::option::of(quantity()))),
    )
        .prop_map(|(name, kind, shim, other_binary, root, config_path, privileged, annotations, overhead)| {
            HandlerSpec {
                name: Some(name),
                runtime_path: Some(if kind == "vm" { shim } else { other_binary }),
                runtime_type: Some(kind.to_owned()),
                runtime_root: Some(root),
                privileged_without_host_devices: privileged,
                runtime_config_path: config_path.filter(|_| kind == "vm"),
                allowed_annotations: annotations,
                overhead: overhead.map(|(cpu, memory)| Overhead { cpu, memory }),
            }
        })
}

fn label_map() -> impl Strategy<Value = BTreeMap<String, LabelValue>> {
    prop::collection::btree_map(label_key(), label_value().prop_map(LabelValue::String), 0..4)
}

/// Expressions the release's operator can use: all four operators from 1.4 on, single-valued
/// `In` for 1.1–1.3, and for 1.0 (which drops them, with a warning) anything.
fn expressions(release: &'static Release) -> BoxedStrategy<Vec<SelectorRequirement>> {
    let values = |n| prop::collection::vec(label_value().prop_map(LabelValue::String), n);
    let requirement = match release.nodes {
        NodeBehaviour::Preview11 | NodeBehaviour::Stable12 | NodeBehaviour::Stable13 => (label_key(), values(1..=1))
            .prop_map(|(key, values)| SelectorRequirement { key, operator: "In".into(), values: Some(values) })
            .boxed(),
        _ => (label_key(), prop::sample::select(&["In", "NotIn", "Exists", "DoesNotExist"][..]), values(1..=3))
            .prop_map(|(key, operator, values)| SelectorRequirement {
                key,
                operator: operator.to_owned(),
                values: operator.ends_with("In").then_some(values),
            })
            .boxed(),
    };
    prop::collection::vec(requirement, 0..3).boxed()
}

fn kata_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(oscgen_render::runtime::DEFAULT_NAME.to_owned()),
        matching("[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?){0,2}", 1..=63),
    ]
}

/// A valid KataRuntime config and the release it resolves to.
fn runtime_config() -> impl Strategy<Value = (Config, &'static Release)> {
    (release(), pick()).prop_flat_map(|(release, pick)| {
        let (channel, version, release) = named(pick, release);
        let optional_field = move |field: KataField| release.has(field);
        (
            kata_name(),
            proptest::option::of((label_map(), expressions(release))),
            any::<(Option<bool>, Option<bool>, bool)>(),
            proptest::option::of(prop::sample::select(rules::LOG_LEVELS)),
            proptest::option::of(handler()),
            openshift_for(release),
            any::<bool>(),
        )
            .prop_map(
                move |(name, selector, (eligibility, peer_pods, node_objects), log, handler, openshift, okd)| {
                    // CRI-O learnt `runtime_config_path` with OpenShift 4.9.
                    let target = openshift.as_deref().and_then(OpenShift::parse).unwrap_or(release.openshift_min);
                    let handler = handler.map(|h| HandlerSpec {
                        runtime_config_path: h
                            .runtime_config_path
                            .filter(|_| target >= OpenShift::CRIO_RUNTIME_CONFIG_PATH),
                        ..h
                    });
                    let spec = RuntimeSpec {
                        name: Some(name.clone()),
                        release: version.clone(),
                        channel: channel.clone(),
                        pool_selector: selector
                            .map(|(match_labels, match_expressions)| PoolSelector { match_labels, match_expressions }),
                        check_node_eligibility: eligibility.filter(|_| optional_field(KataField::CheckNodeEligibility)),
                        log_level: log.map(str::to_owned).filter(|_| optional_field(KataField::LogLevel)),
                        enable_peer_pods: peer_pods.filter(|_| optional_field(KataField::EnablePeerPods)),
                        render_node_objects: node_objects,
                        runtime_handler: handler,
                        platform: (okd && release.nodes >= NodeBehaviour::Stable14).then_some(Platform::Okd),
                        openshift_version: openshift,
                        peer_pods: None,
                        feature_gates: None,
                        gitops: None,
                    };
                    let metadata = ObjectMeta { name: Some(name), ..Default::default() };
                    (Config::Runtime(KataRuntime { metadata, spec }), release)
                },
            )
    })
}

fn operator_config() -> impl Strategy<Value = Config> {
    (
        release().prop_flat_map(|release| (Just(release), openshift_for(release))),
        pick(),
        prop_oneof![Just(None), Just(Some(catalog::NAMESPACE.to_owned())), dns1123_label().prop_map(Some)],
        proptest::option::of(dns1123_subdomain()),
        proptest::option::of(dns1123_label()),
        proptest::option::of(prop_oneof![Just(InstallPlanApproval::Automatic), Just(InstallPlanApproval::Manual)]),
        kata_name(),
    )
        .prop_map(
            |((release, openshift_version), pick, namespace, source, source_namespace, install_plan_approval, name)| {
                let (channel, release, _) = named(pick, release);
                Config::Operator(SandboxedContainersOperator {
                    metadata: ObjectMeta { name: Some(name), ..Default::default() },
                    spec: OperatorSpec {
                        channel,
                        release,
                        namespace,
                        source,
                        source_namespace,
                        install_plan_approval,
                        openshift_version,
                        gitops: None,
                    },
                })
            },
        )
}

/// The config as `oscgen init` writes it.
fn config_yaml(config: &Config) -> String {
    match config {
        Config::Operator(c) => yaml::to_string(c),
        Config::Runtime(c) => yaml::to_string(c),
        Config::Policy(c) => yaml::to_string(c),
        Config::Coco(c) => yaml::to_string(c),
    }
    .unwrap()
}

/// Render, determinism, YAML and JSON read-back; returns the objects as values.
fn check_renders(configs: &[Config]) -> Result<Vec<Value>, TestCaseError> {
    let yaml_in: Vec<String> = configs.iter().map(config_yaml).collect();
    let rendered = match render(configs) {
        Ok(rendered) => rendered,
        Err(e) => {
            return Err(TestCaseError::fail(format!("a valid spec failed to render: {e}\n{}", yaml_in.join("---\n"))));
        }
    };
    let again = render(configs).unwrap();
    prop_assert_eq!(&again, &rendered);
    let text = rendered.to_yaml().unwrap();
    prop_assert_eq!(&again.to_yaml().unwrap(), &text, "same bytes every time");
    let values: Vec<Value> = rendered.objects.iter().map(|o| o.to_value().unwrap()).collect();
    prop_assert_eq!(&yaml::documents(&text).unwrap(), &values, "YAML reads back:\n{}", text);
    let json: Value = serde_json::from_str(&rendered.to_json().unwrap()).unwrap();
    prop_assert_eq!(json["items"].as_array().unwrap(), &values);
    for config in configs {
        prop_assert_eq!(&config::from_yaml(&config_yaml(config)).unwrap(), std::slice::from_ref(config));
    }
    Ok(values)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn valid_runtime_specs_render((config, release) in runtime_config()) {
        let values = check_renders(std::slice::from_ref(&config))?;
        let Config::Runtime(runtime) = &config else { unreachable!() };
        let spec = &runtime.spec;
        #[cfg(feature = "schema-check")]
        {
            use oscgen_render::schema::{check, Schemas};
            let openshift = spec.openshift_version.as_deref().and_then(OpenShift::parse).unwrap_or(release.openshift_min);
            for value in &values {
                let violations = check(value, Schemas::for_target(release, openshift)).unwrap();
                prop_assert!(violations.is_empty(), "{:?} in {}", violations, value);
            }
            let dropin = oscgen_render::crio_dropin(spec).unwrap();
            let problems = oscgen_render::crio::check_dropin(&dropin.text).err().unwrap_or_default();
            prop_assert!(problems.is_empty(), "{:?} in {}", problems, dropin.text);
        }
        if let Some(handler) = spec.runtime_handler.as_ref() {
            let dropin = oscgen_render::crio_dropin(spec).unwrap();
            let parsed: oscgen_render::api::crio::DropIn = toml::from_str(&dropin.text).unwrap();
            let name = handler.name.clone().unwrap();
            let back = &parsed.crio.runtime.runtimes[&name];
            prop_assert_eq!(&back.runtime_path, handler.runtime_path.as_ref().unwrap());
            prop_assert_eq!(&back.allowed_annotations, &handler.allowed_annotations);
            prop_assert!(values.iter().any(|v| v["kind"] == "RuntimeClass" && v["handler"] == name.as_str()));
        }
        let _ = (release, values);
    }

    #[test]
    fn valid_operator_specs_render(config in operator_config()) {
        let values = check_renders(std::slice::from_ref(&config))?;
        prop_assert_eq!(values.iter().map(|v| v["kind"].as_str().unwrap()).collect::<Vec<_>>(),
            ["Namespace", "OperatorGroup", "Subscription"]);
        #[cfg(feature = "schema-check")]
        for value in &values {
            let violations = oscgen_render::schema::check(value, Default::default()).unwrap();
            prop_assert!(violations.is_empty(), "{:?} in {}", violations, value);
        }
    }

    #[test]
    fn an_operator_and_a_runtime_render_together(operator in operator_config(), (runtime, _) in runtime_config()) {
        let values = check_renders(&[operator, runtime])?;
        let ranks: Vec<_> = values.iter().map(|v| v["kind"].as_str().unwrap().to_owned()).collect();
        prop_assert_eq!(&ranks[..3], ["Namespace", "OperatorGroup", "Subscription"], "apply order");
    }
}

// ---------------------------------------------------------------------------------------
// Peer pods: TAGS as the cloud-api-adaptor reads it back.

/// The tags the cloud-api-adaptor reads from `TAGS`: its `KeyValueFlag.Set`
/// (confidential-containers/cloud-api-adaptor) splits at every `,`, each pair at its first `=`,
/// and trims spaces; a pair without `=` fails.
fn adaptor_tags(text: &str) -> Option<BTreeMap<String, String>> {
    text.split(',').map(|pair| pair.split_once('=').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))).collect()
}

fn tag_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z =,.:/_-]{0,6}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Tags oscgen accepts come back from TAGS exactly as given; tags it refuses are each
    /// reported at their own path, and would not have.
    #[test]
    fn tags_survive_the_adaptor_or_are_refused(tags in proptest::collection::btree_map(tag_text(), tag_text(), 1..4)) {
        let flow: Vec<String> = tags.iter().map(|(k, v)| format!("{}: {}", serde_json::json!(k), serde_json::json!(v))).collect();
        let text = format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {{name: k}}\nspec: {{release: 1.11.1, peerPods: \
             {{provider: azure, credentials: cloudCredentialOperator, azure: {{region: eastus, resourceGroup: rg}}, tags: {{{}}}}}}}\n",
            flow.join(", ")
        );
        let configs = config::from_yaml(&text).unwrap();
        match render(&configs) {
            Ok(rendered) => {
                let cm = rendered.objects.iter().find(|o| o.name() == "peer-pods-cm").unwrap().to_value().unwrap();
                let written = cm["data"]["TAGS"].as_str().unwrap();
                prop_assert_eq!(adaptor_tags(written), Some(tags));
            }
            Err(oscgen_render::Error::Invalid(report)) => {
                prop_assert!(!report.entries.is_empty());
                for d in report.entries.iter().filter(|d| d.severity == oscgen_render::Severity::Error) {
                    prop_assert_eq!(d.code.to_string(), "invalidTag", "{}", d);
                    prop_assert!(d.path.to_string().starts_with("spec.peerPods.tags"), "{}", d);
                }
                // Something in the map really would not survive, or has no key (no cloud takes
                // a tag without one).
                let survives = adaptor_tags(&tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","));
                prop_assert!(survives != Some(tags.clone()) || tags.contains_key(""), "{:?}", tags);
            }
            Err(other) => prop_assert!(false, "{other}"),
        }
    }
}
