//! The confidential-containers sections of `catalog.toml`: the generator is what the crate was
//! built with, malformed rows fail naming the row, and the pairs, formats, annotation keys and
//! instance families hold what the sources say, with their confidence.

#[path = "../../codegen/coco.rs"]
mod codegen;
use crate::common;

use oscgen_render::catalog::{self, Status};
use oscgen_render::coco::catalog::{self as coco, KbsConfigEra, Line, TrusteeFormat};

const DATA: &str = include_str!("../../catalog.toml");

#[test]
fn the_build_used_this_data_and_the_output_is_deterministic() {
    let generated = codegen::generate(DATA).unwrap_or_else(|problems| panic!("{problems:#?}"));
    assert_eq!(generated, codegen::generate(DATA).unwrap());
    assert_eq!(generated, include_str!(concat!(env!("OUT_DIR"), "/coco.rs")), "built from another catalog.toml");
}

fn edited(from: &str, to: &str) -> String {
    assert_eq!(DATA.matches(from).count(), 1, "`{from}` must occur once in catalog.toml");
    DATA.replacen(from, to, 1)
}

#[test]
fn malformed_rows_fail_with_a_message_naming_the_row() {
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a pair naming no Trustee line",
            edited("osc = \"1.11\"\ntrustee = \"1.0\"", "osc = \"1.11\"\ntrustee = \"0.9\""),
            "coco-pairing 1.11: trustee `0.9` is no [[trustee]] row",
        ),
        (
            "an inferred pair without a note",
            edited(
                "note = \"only a closed, possibly unmerged pattern pull request pairs OSC 1.13 with Trustee 1.2.0\"\n",
                "",
            ),
            "coco-pairing 1.13: status is `inferred`, so `note` must say",
        ),
        (
            "pairs out of order",
            edited("osc = \"1.12\"\ntrustee = \"1.1\"", "osc = \"1.10\"\ntrustee = \"1.1\""),
            "coco-pairing 1.10: pairs must be listed oldest OSC line first",
        ),
        (
            "an undefined source",
            edited("source = [\"vp-docs-pr-645\"]\n", "source = [\"vp-docs-pr-999\"]\n"),
            "coco-pairing 1.11: source `vp-docs-pr-999` is not defined in [coco-sources]",
        ),
        (
            "a KbsConfig line without keys",
            edited(
                "config = \"TrusteeConfig\"\ncrd = \"v0.19.0\"\nstatus = \"inferred\"",
                "config = \"KbsConfig\"\ncrd = \"v0.19.0\"\nstatus = \"inferred\"",
            ),
            "trustee 1.2: a KbsConfig line needs [trustee.keys]",
        ),
        (
            "a CRD tag without schemas",
            edited("crd = \"v0.3.0\"", "crd = \"v0.2.0\""),
            "trustee 0.3: crd `v0.2.0` is not one of",
        ),
        (
            "a kbs-config era without code",
            edited(
                "kbs-config-era = \"A\"\nstatus = \"secondary\"\nsource = [\"to-v0_5_0\", \"rh-1_10-trustee-cm\"]\nnote = \"the keys follow the upstream v0.3.0-v0.18.0 samples and the OSC 1.10 docs; the attestation-policy key (",
                "kbs-config-era = \"B\"\nstatus = \"secondary\"\nsource = [\"to-v0_5_0\", \"rh-1_10-trustee-cm\"]\nnote = \"the keys follow the upstream v0.3.0-v0.18.0 samples and the OSC 1.10 docs; the attestation-policy key (",
            ),
            "trustee 0.3 keys: kbs-config-era `B` is not one oscgen writes",
        ),
        (
            "a CSV of another line",
            edited("csv = \"trustee-operator.v1.1.0\"", "csv = \"trustee-operator.v1.0.0\""),
            "trustee 1.1: csv `trustee-operator.v1.0.0` does not name a 1.1 build",
        ),
        (
            "an unknown status",
            edited(
                "annotation = \"io.katacontainers.config.runtime.cc_init_data\"\nstatus = \"secondary\"\nsource = [\"rh-1_10-initdata\"]",
                "annotation = \"io.katacontainers.config.runtime.cc_init_data\"\nstatus = \"documented\"\nsource = [\"rh-1_10-initdata\"]",
            ),
            "coco-initdata 1.10: status `documented` is not one of",
        ),
        ("an unknown cloud", edited("cloud = \"gcp\"", "cloud = \"ibm\""), "cloud `ibm` is not one of azure, aws, gcp"),
        (
            "a source no row cites",
            edited("[coco-sources]\n", "[coco-sources]\nspare = \"somewhere\"\n"),
            "[coco-sources] spare: no row cites it",
        ),
        (
            "a misspelt field",
            edited(
                "kbs-config-era = \"A\"\nstatus = \"secondary\"\nsource = [\"to-v0_5_0\", \"rh-1_10-trustee-cm\"]\nnote = \"the keys follow the upstream v0.3.0-v0.18.0 samples and the OSC 1.10 docs; the attestation-policy key (",
                "kbs-config-eras = \"A\"\nstatus = \"secondary\"\nsource = [\"to-v0_5_0\", \"rh-1_10-trustee-cm\"]\nnote = \"the keys follow the upstream v0.3.0-v0.18.0 samples and the OSC 1.10 docs; the attestation-policy key (",
            ),
            "unknown field `kbs-config-eras`",
        ),
    ];
    common::assert_refused(&cases, codegen::generate);
}

#[test]
fn each_osc_line_pairs_with_its_trustee_line_and_says_how_that_is_known() {
    // (OSC release, Trustee line, format, how the pair is known)
    let table = [
        ("1.9.0", "0.3", TrusteeFormat::KbsConfig, Status::Secondary),
        ("1.10.3", "0.4", TrusteeFormat::KbsConfig, Status::Inferred),
        ("1.11.1", "1.0", TrusteeFormat::TrusteeConfig, Status::Secondary),
        ("1.12.0", "1.1", TrusteeFormat::TrusteeConfig, Status::Secondary),
        ("1.13.1", "1.2", TrusteeFormat::TrusteeConfig, Status::Inferred),
    ];
    for (osc, trustee, format, status) in table {
        let p = coco::pairing(osc).unwrap_or_else(|| panic!("{osc} has a pair"));
        assert_eq!(p.trustee.line.to_string(), trustee, "{osc}");
        assert_eq!(p.trustee.format, format, "{osc}");
        assert_eq!(p.status, status, "{osc}");
        assert_eq!(p.status == Status::Inferred, p.note.is_some(), "{osc}: inferred pairs say why");
        assert!(catalog::by_version(osc).is_some(), "{osc} is a release oscgen knows");
    }
    // No source gives the attestation operator of the Technology Preview releases.
    for osc in ["1.7.0", "1.8.1", "1.14.0"] {
        assert!(coco::pairing(osc).is_none(), "{osc}");
    }
    // Every OSC line from 1.9 on that oscgen has releases of has a pair.
    for r in catalog::CATALOG {
        let line = Line::of(r.version).unwrap();
        if line >= (Line { major: 1, minor: 9 }) {
            assert!(coco::pairing(r.version).is_some(), "{}", r.version);
        }
    }
}

#[test]
fn kbsconfig_lines_carry_their_keys_and_trusteeconfig_lines_none() {
    for t in coco::TRUSTEE {
        assert_eq!(t.format == TrusteeFormat::KbsConfig, t.keys.is_some(), "{}", t.line);
        assert_eq!(t.format == TrusteeFormat::TrusteeConfig, t.line.major >= 1, "TrusteeConfig from 1.0 ({})", t.line);
        assert!(codegen::CRD_TAGS.contains(&t.crd));
    }
    let keys = coco::trustee("0.3").unwrap().keys.unwrap();
    assert_eq!(
        (keys.reference_values, keys.resource_policy, keys.kbs_config),
        ("reference-values.json", "policy.rego", KbsConfigEra::A)
    );
    assert!(keys.note.unwrap().contains("attestation-policy key"), "what is not known is said");
    // Only the 1.12 docs name a CSV; 0.4.2's name is inferred from it.
    assert_eq!(coco::trustee("1.1.0").unwrap().csv, Some("trustee-operator.v1.1.0"));
    assert_eq!(coco::trustee("0.4").unwrap().status, Status::Inferred);
    assert_eq!(coco::trustee("1.0").unwrap().csv, None);
}

#[test]
fn the_initdata_annotation_changed_at_osc_1_11() {
    let runtime = "io.katacontainers.config.runtime.cc_init_data";
    let hypervisor = "io.katacontainers.config.hypervisor.cc_init_data";
    for (osc, key, status, gzip) in [
        ("1.9.0", runtime, Status::Secondary, Status::Inferred),
        ("1.10.1", runtime, Status::Secondary, Status::Secondary),
        ("1.11.0", hypervisor, Status::Secondary, Status::Secondary),
        ("1.12.1", hypervisor, Status::Secondary, Status::Secondary),
        ("1.13.0", hypervisor, Status::Inferred, Status::Inferred),
    ] {
        let a = coco::initdata_annotation(osc).unwrap();
        assert_eq!((a.key, a.status, a.gzip), (key, status, gzip), "{osc}");
    }
    assert!(coco::initdata_annotation("1.8.1").is_none());
    assert_eq!(coco::initdata_annotation_keys(), [runtime, hypervisor]);
}

#[test]
fn confidential_instances_per_cloud() {
    for (size, confidential) in [
        ("Standard_DC2as_v5", true),
        ("standard_ec4as_v5", true),
        ("Standard_NCC40ads_H100_v5", true),
        ("DC8es_v5", true),
        ("Standard_D2s_v5", false),
        ("Standard_B2s", false),
        ("", false),
    ] {
        assert_eq!(coco::azure_confidential(size), confidential, "{size:?}");
    }
    for (size, family) in [
        ("Standard_DC2as_v5", Some(("DCasv5", "SEV-SNP"))),
        ("Standard_DC4ads_v5", Some(("DCadsv5", "SEV-SNP"))),
        ("Standard_EC4as_v5", Some(("ECasv5", "SEV-SNP"))),
        ("Standard_DC2es_v5", Some(("DCesv5", "TDX"))),
        // Confidential, but no source names its family.
        ("Standard_NCC40ads_H100_v5", None),
        ("Standard_D2s_v5", None),
    ] {
        assert_eq!(coco::azure_family(size), family, "{size}");
    }
    for (instance, snp) in
        [("m6a.large", true), ("C6A.xlarge", true), ("r6a.2xlarge", true), ("m5.large", false), ("m7a.large", false)]
    {
        assert_eq!(coco::aws_sev_snp(instance), snp, "{instance}");
    }
    assert_eq!(coco::gcp_confidential_types(), ["TDX", "SEV", "SEV_SNP"]);
}
