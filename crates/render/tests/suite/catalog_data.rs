//! `catalog.toml` and the tables `build.rs` generates from it: the generator is deterministic
//! and is what the crate was built with, every kind of malformed data fails with a message
//! naming the row and field, and the facts the issue is about hold in the data.

#[path = "../../codegen/catalog.rs"]
mod codegen;
use crate::common;

use oscgen_render::catalog::{self, CATALOG, CATALOGS, Confidence, NodeBehaviour, OpenShift, Status};

const DATA: &str = include_str!("../../catalog.toml");

#[test]
fn the_build_used_this_data_and_the_output_is_deterministic() {
    let generated = codegen::generate(DATA).unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert_eq!(generated, codegen::generate(DATA).unwrap(), "the same data gives the same code");
    let built = include_str!(concat!(env!("OUT_DIR"), "/catalog.rs"));
    assert_eq!(generated, built, "the crate was built from another catalog.toml");
    assert!(generated.starts_with("// @generated"), "a reader of the output is sent to the data");
}

/// `DATA` with `from` replaced by `to` (which must occur exactly once).
fn edited(from: &str, to: &str) -> String {
    assert_eq!(DATA.matches(from).count(), 1, "`{from}` must occur once in catalog.toml");
    DATA.replacen(from, to, 1)
}

#[test]
fn malformed_data_fails_with_a_message_naming_the_row() {
    let cases: Vec<(&str, String, &str)> = vec![
        ("not TOML", "[[release]\n".to_owned(), "not valid catalog data"),
        (
            "a misspelt field",
            edited(
                "min-kube = \"1.28.0\"\nopenshift = { min = \"4.15\"",
                "min-kub = \"1.28.0\"\nopenshift = { min = \"4.15\"",
            ),
            "unknown field `min-kub`",
        ),
        (
            "a CSV of another version",
            edited(
                "csv = \"sandboxed-containers-operator.v1.13.1\"",
                "csv = \"sandboxed-containers-operator.v1.13.0\"",
            ),
            "release 1.13.1: csv `sandboxed-containers-operator.v1.13.0` does not name this release",
        ),
        (
            "releases out of order",
            edited("version = \"1.1.0\"\ncsv", "version = \"1.0.1\"\ncsv"),
            "release 1.0.1: releases must be listed oldest first",
        ),
        (
            "a version that is not MAJOR.MINOR.PATCH",
            edited("version = \"1.9.0\"", "version = \"1.9\""),
            "release 1.9: `version` must be MAJOR.MINOR.PATCH",
        ),
        (
            "an era with no code",
            edited(
                "era = \"Stable19\"\nstatus = \"inferred\"\nsource = [\"op-devel-1_9\"]",
                "era = \"Stable20\"\nstatus = \"inferred\"\nsource = [\"op-devel-1_9\"]",
            ),
            "release 1.9.0: nodes.era `Stable20` is not one of",
        ),
        (
            "an era older than the one before",
            edited(
                "nodes = { era = \"Stable14\", status = \"confirmed\", source = [\"op-v1_4_0\"] }",
                "nodes = { era = \"Stable12\", status = \"confirmed\", source = [\"op-v1_4_0\"] }",
            ),
            "release 1.4.0: nodes.era `Stable12` is older than the era of the release before it",
        ),
        (
            "an unknown status",
            edited(
                "openshift = { min = \"4.8\", max = \"4.8\", status = \"confirmed\"",
                "openshift = { min = \"4.8\", max = \"4.8\", status = \"sure\"",
            ),
            "release 1.0.2: openshift.status `sure`",
        ),
        (
            "a source that is not defined",
            edited("source = [\"op-v1_6_0\"]", "source = [\"op-v1_6_1\"]"),
            "release 1.6.0 nodes: source `op-v1_6_1` is not defined in [sources]",
        ),
        (
            "unconfirmed node objects without a note",
            edited("note = \"the node objects follow the 1.11.0 code (351b069); no 1.11.1 code was read\"\n", ""),
            "release 1.11.1: nodes.status is `inferred`, so nodes.note must say what is not confirmed",
        ),
        (
            "a catalog entry that is no release",
            edited(
                "\"stable-1.3\" = [\"1.3.3\"]\n\n[[catalog]]\nopenshift = \"4.16\"",
                "\"stable-1.3\" = [\"1.3.4\"]\n\n[[catalog]]\nopenshift = \"4.16\"",
            ),
            "catalog 4.15: channel stable-1.3 lists 1.3.4, which is no [[release]]",
        ),
        (
            "entries out of order",
            edited(
                "stable = [\"1.5.0\", \"1.5.1\", \"1.5.2\", \"1.5.3\", \"1.6.0\", \"1.7.0\", \"1.8.1\", \"1.9.0\"]",
                "stable = [\"1.5.0\", \"1.5.2\", \"1.5.1\", \"1.5.3\", \"1.6.0\", \"1.7.0\", \"1.8.1\", \"1.9.0\"]",
            ),
            "catalog 4.15: channel stable lists 1.5.1 after a newer or equal entry",
        ),
        (
            "a default channel the catalog lacks",
            edited(
                "openshift = \"4.17\"\nconfidence = \"catalog\"\nnote = \"whether a later state of this catalog added 1.10.3 or later is not known\"\nsource = [\"fbc-4_17\"]\ndefault-channel = \"stable\"",
                "openshift = \"4.17\"\nconfidence = \"catalog\"\nnote = \"whether a later state of this catalog added 1.10.3 or later is not known\"\nsource = [\"fbc-4_17\"]\ndefault-channel = \"fast\"",
            ),
            "catalog 4.17: default-channel `fast` is not one of its channels",
        ),
        (
            "catalogs out of order",
            edited("openshift = \"4.18\"", "openshift = \"4.16\""),
            "catalog 4.16: catalogs must be listed oldest first",
        ),
        (
            "a served release on a channel that does not list it",
            edited(
                "version = \"1.1.0\"\ncsv = \"sandboxed-containers-operator.v1.1.0\"\nchannel = \"preview-1.1\"",
                "version = \"1.1.0\"\ncsv = \"sandboxed-containers-operator.v1.1.0\"\nchannel = \"preview-1.0\"",
            ),
            "release 1.1.0: channel `preview-1.0` does not list it in catalog 4.15, which lists it on preview-1.1",
        ),
        (
            "a release no catalog serves, without a note",
            edited("note = \"they serve 1.2.2 on stable-1.2 instead\"\n", ""),
            "release 1.2.0: no catalog serves it, so `note` must tell users",
        ),
        (
            "a read date that is not a date",
            edited("\nread = \"", "\nread = \"last week\" # was \""),
            "read = \"last week\": must be the date the sources were last read",
        ),
        (
            "an unavailable version that is also a release",
            edited("version = \"1.8.0\"\nreason", "version = \"1.8.1\"\nreason"),
            "unavailable 1.8.1: also a [[release]]",
        ),
        (
            "a skip-range that is not a range",
            edited("skip-range = \">=1.1.0 <1.13.1\"", "skip-range = \"1.1.0 - 1.13.1\""),
            "edge stable 1.13.1: `skip-range` `1.1.0 - 1.13.1` is not a version range",
        ),
        (
            "a channel entry without an edge",
            edited("entry = \"1.13.1\"", "entry = \"1.13.2\""),
            "catalog 4.22: channel stable lists 1.13.1, which has no [[edge]] row",
        ),
        (
            "an upgrade rule with an unknown condition",
            edited(
                "when = \"kataconfig\"\ntext = \"with a KataConfig present",
                "when = \"kata\"\ntext = \"with a KataConfig present",
            ),
            "upgrade-rule csv-pending-1.5.0: when `kata` is not one of always, kataconfig, peer-pods",
        ),
        (
            "a day-2 status that is not a confidence",
            edited("effect = \"unknown\"\nstatus = \"unknown\"", "effect = \"unknown\"\nstatus = \"maybe\""),
            "status `maybe` is not one of confirmed, documented, inferred, unknown",
        ),
        (
            "an installed-only version that is a release",
            edited("installed = \"1.3.1\"", "installed = \"1.3.2\""),
            "installed 1.3.2: also a [[release]]",
        ),
        (
            "a leftover with an unknown condition",
            edited(
                "name = \"50-kata-remote-cc\"\nwhen = \"present\"",
                "name = \"50-kata-remote-cc\"\nwhen = \"sometimes\"",
            ),
            "leftover MachineConfig 50-kata-remote-cc: when `sometimes` is not one of always, present, orphaned",
        ),
        (
            "a mirror image with a bad range",
            edited("releases = \"<1.11.0\"", "releases = \"before 1.11\""),
            "mirror-image registry.redhat.io/openshift-sandboxed-containers/osc-must-gather-rhel8:v{version}: `releases` `before 1.11` is not a version range",
        ),
        (
            "a day-2 source defined twice",
            edited("[day2-sources]\n", "[day2-sources]\nfbc-4_22 = \"again\"\n"),
            "[day2-sources] fbc-4_22: already defined in [sources]",
        ),
    ];
    common::assert_refused(&cases, codegen::generate);
}

/// The rows of what the operator reads (feature gates, TEE labels, AA_KBC_PARAMS, the
/// providers' peer-pods keys): every kind of malformed row fails, naming the row and field.
#[test]
fn malformed_rows_of_what_the_operator_reads_are_refused() {
    let aws = "provider = \"aws\"\nreleases = \">=1.4.0\"";
    let libvirt_new = "provider = \"libvirt\"\nreleases = \">=1.9.0\"";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a range that splits an era",
            edited(aws, "provider = \"aws\"\nreleases = \">=1.5.2\""),
            "peer-pods-provider aws >=1.5.2: releases `>=1.5.2` splits the releases of peer-pods era Remote15",
        ),
        (
            "a gap",
            edited(libvirt_new, "provider = \"libvirt\"\nreleases = \">=1.10.0\""),
            "peer-pods-provider libvirt: no row covers peer-pods era Remote19",
        ),
        (
            "two rows for one era",
            edited(libvirt_new, "provider = \"libvirt\"\nreleases = \">=1.8.0\""),
            "peer-pods-provider libvirt >=1.8.0: peer-pods era Remote18 is already covered by another row",
        ),
        (
            "a range that is none",
            edited(aws, "provider = \"aws\"\nreleases = \"1.4.0+\""),
            "peer-pods-provider aws 1.4.0+: releases `1.4.0+` must be a range",
        ),
        (
            "an unknown provider",
            edited(aws, "provider = \"ibmcloud\"\nreleases = \">=1.4.0\""),
            "provider `ibmcloud` is not one of aws, azure, gcp, libvirt",
        ),
        (
            "a required key the provider does not hold",
            edited("required = [\"AWS_REGION\", ", "required = [\"AWS_ZONE\", \"AWS_REGION\", "),
            "peer-pods-provider aws >=1.4.0: required `AWS_ZONE` is not one of its `keys`",
        ),
        (
            "a key that is no key",
            edited("secret = [\"GCP_CREDENTIALS\"]", "secret = [\"gcp credentials\"]"),
            "peer-pods-provider gcp >=1.4.0: secret `gcp credentials` is not a key",
        ),
        (
            "keys of the wrong type",
            edited("secret = [\"GCP_CREDENTIALS\"]", "secret = \"GCP_CREDENTIALS\""),
            "not valid catalog data",
        ),
        (
            "a gate since a release that does not exist",
            edited("name = \"deploymentMode\"\nsince = \"1.11.0\"", "name = \"deploymentMode\"\nsince = \"1.11.5\""),
            "feature-gate deploymentMode: since `1.11.5` is no [[release]]",
        ),
        (
            "a gate listed twice",
            edited("name = \"deploymentMode\"", "name = \"confidential\""),
            "feature-gate confidential: listed twice",
        ),
        (
            "a TEE label that is no label key",
            edited("\"amd.feature.node.kubernetes.io/snp\"", "\"snp\""),
            "tee-node-labels: `snp` is not a node label key",
        ),
        (
            "an inferred fact without a note",
            edited(
                "note = \"documented for 1.7; inferred for the other releases before 1.9, the first to carry the KBS URL in INITDATA\"\n",
                "",
            ),
            "peer-pods-aa-kbc-params: status is `inferred`, so `note` must say what is not confirmed",
        ),
        (
            "a source that is not defined",
            edited("source = [\"op-deployment-mode\"]", "source = [\"op-deployment-mode-2\"]"),
            "feature-gate deploymentMode: source `op-deployment-mode-2` is not defined in [sources]",
        ),
        (
            "a misspelt field",
            edited("[tee-node-labels]\nlabels = ", "[tee-node-labels]\nlabel = "),
            "unknown field `label`",
        ),
        (
            "a common key that is no key",
            edited("keys = [\"CLOUD_PROVIDER\", \"VXLAN_PORT\"", "keys = [\"cloud provider\", \"VXLAN_PORT\""),
            "peer-pods-common: `cloud provider` is not a key",
        ),
        (
            "an operator-written row that does not say why",
            edited(
                "why = \"it stores the id of the pod VM image it builds there when the key is empty\"",
                "why = \" \"",
            ),
            "peer-pods-operator-written >=1.4.0: `why` is empty; say what the operator writes there",
        ),
        (
            "an operator-written range that splits an era",
            edited(
                "keys = [\"DISABLECVM\"]\nreleases = \">=1.7.0\"",
                "keys = [\"DISABLECVM\"]\nreleases = \">=1.5.2\"",
            ),
            "peer-pods-operator-written >=1.5.2: releases `>=1.5.2` splits the releases of peer-pods era Remote15",
        ),
    ];
    common::assert_refused(&cases, codegen::generate);
}

/// The facts that moved here from Rust constants read as they did.
#[test]
fn what_the_operator_reads_comes_from_the_data() {
    use oscgen_render::api::oscgen::v1alpha1::CloudProvider;
    use oscgen_render::catalog::PeerPodsBehaviour as Era;
    use oscgen_render::{feature_gates, peerpods};
    let gates: Vec<(&str, &str)> = feature_gates::GATES.iter().map(|g| (g.name, g.since)).collect();
    assert_eq!(gates, [("confidential", "1.7.0"), ("layeredImageDeployment", "1.7.0"), ("deploymentMode", "1.11.0")]);
    assert_eq!(
        feature_gates::gates_read_by(catalog::by_version("1.10.3").unwrap()),
        ["confidential", "layeredImageDeployment"]
    );
    assert_eq!(feature_gates::TEE_NODE_LABELS.len(), 3);
    assert!(peerpods::reads_aa_kbc_params(Era::Remote17) && peerpods::reads_aa_kbc_params(Era::Remote18));
    assert!(!peerpods::reads_aa_kbc_params(Era::Remote19));
    assert_eq!(peerpods::required_keys(CloudProvider::Libvirt, Era::Remote18), [] as [&str; 0]);
    assert_eq!(
        peerpods::required_keys(CloudProvider::Libvirt, Era::Remote111),
        ["LIBVIRT_POOL", "LIBVIRT_VOL_NAME", "LIBVIRT_DIR_NAME"]
    );
    assert_eq!(peerpods::secret_keys(CloudProvider::Libvirt, Era::Remote18).len(), 4);
    assert_eq!(peerpods::network_keys(CloudProvider::Azure), ["AZURE_SUBNET_ID", "AZURE_NSG_ID"]);
    assert!(peerpods::known_keys().contains(&"GCP_CONFIDENTIAL_TYPE"));
    assert!(peerpods::known_keys().contains(&"PEERPODS_LIMIT_PER_NODE"));
    // Written by the operator: the image id always, DISABLECVM from the confidential gate (1.7).
    assert!(peerpods::operator_written("AZURE_IMAGE_ID", Some(Era::Remote15)).is_some());
    assert!(peerpods::operator_written("DISABLECVM", Some(Era::Remote15)).is_none());
    assert!(peerpods::operator_written("DISABLECVM", Some(Era::Remote17)).is_some());
    assert!(peerpods::operator_written("DISABLECVM", None).is_some());
    assert!(peerpods::operator_written("AZURE_REGION", None).is_none());
}

#[test]
fn every_release_is_there_once_and_only_released_ones() {
    let versions = catalog::versions();
    assert_eq!(versions.first(), Some(&"1.0.2"));
    assert_eq!(versions.last(), Some(&"1.13.1"));
    for absent in ["1.8.0", "1.11.2", "1.12.2"] {
        assert!(!versions.contains(&absent), "{absent} was never in a rendered catalog");
        assert!(catalog::unavailable(absent).is_some(), "{absent} says why it cannot be chosen");
    }
    for version in ["1.2.2", "1.3.3", "1.8.1", "1.10.3", "1.11.1", "1.12.1", "1.13.0"] {
        assert!(versions.contains(&version), "{version}");
    }
    for r in CATALOG {
        assert_eq!(r.csv, format!("sandboxed-containers-operator.v{}", r.version));
        // A release no catalog serves is kept for older clusters, and says so.
        assert_eq!(r.served_by.is_empty(), r.note.is_some(), "{}", r.version);
        // What is not confirmed about the node objects is said.
        assert_eq!(r.nodes_status != Status::Confirmed, r.nodes_note.is_some(), "{}", r.version);
    }
}

#[test]
fn each_catalog_has_its_channels_heads_and_deprecations() {
    let head = |minor: u32, channel: &str| {
        catalog::catalog(OpenShift { minor }).and_then(|c| c.channel(channel)).and_then(|c| c.head()).map(|r| r.version)
    };
    for (minor, stable) in [
        (15, "1.9.0"),
        (16, "1.10.3"),
        (17, "1.10.2"),
        (18, "1.10.1"),
        (19, "1.11.1"),
        (20, "1.11.1"),
        (21, "1.12.1"),
        (22, "1.13.1"),
    ] {
        assert_eq!(head(minor, "stable"), Some(stable), "4.{minor}");
        assert_eq!(head(minor, "stable-1.2"), Some("1.2.2"), "4.{minor}");
        assert_eq!(head(minor, "stable-1.3"), Some("1.3.3"), "4.{minor}");
        assert_eq!(head(minor, "preview-1.1"), Some("1.1.0"), "4.{minor}");
    }
    for c in CATALOGS {
        assert_eq!(c.default_channel, "stable");
        assert_eq!(c.deprecated_channels, ["preview-1.0", "preview-1.1", "stable-1.2", "stable-1.3"]);
        let bundles: Vec<&str> = c.deprecated_releases.iter().map(|r| r.version).collect();
        assert_eq!(bundles, ["1.5.0", "1.5.1", "1.5.2", "1.5.3", "1.6.0"], "{}", c.openshift);
        assert!(!c.source.is_empty() && !c.note.is_empty(), "{}", c.openshift);
    }
    // 4.19 is known from its template only, 4.15 up to a date; the others from catalog.json.
    let confidence = |minor| catalog::catalog(OpenShift { minor }).map(|c| c.confidence);
    assert_eq!(confidence(19), Some(Confidence::Template));
    assert_eq!(confidence(15), Some(Confidence::Partial));
    assert_eq!(confidence(22), Some(Confidence::Catalog));
    // 1.10.0 never reached the 4.15 catalog.
    let r = catalog::by_version("1.10.0").unwrap();
    assert_eq!(r.served_by_text(), "4.16-4.22");
}

#[test]
fn eras_follow_the_operator_code() {
    let era = |v: &str| catalog::by_version(v).unwrap().nodes;
    assert_eq!(era("1.1.0"), NodeBehaviour::Preview11);
    assert_eq!(era("1.8.1"), NodeBehaviour::Stable14);
    assert_eq!(era("1.9.0"), NodeBehaviour::Stable19);
    assert_eq!(era("1.10.3"), NodeBehaviour::Stable19);
    // The RuntimeClass finalizer is in the 1.11.0 code (351b069).
    assert_eq!(era("1.11.0"), NodeBehaviour::Stable111);
    assert_eq!(catalog::by_version("1.11.0").unwrap().nodes_status, Status::Confirmed);
}
