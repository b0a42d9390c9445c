//! Turns the confidential-containers sections of `catalog.toml` (`[coco-sources]`,
//! `[[coco-pairing]]`, `[[trustee]]`, `[[coco-initdata]]`, `[[coco-instances]]`) into the Rust
//! tables that `src/coco/catalog.rs` includes.
//!
//! `build.rs` runs it on every build that changes the data; `tests/suite/coco_data.rs` runs it on
//! broken copies to pin the messages. Every problem is reported at once, naming its row.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

const STATUSES: &[(&str, &str)] =
    &[("confirmed", "Status::Confirmed"), ("secondary", "Status::Secondary"), ("inferred", "Status::Inferred")];

/// The values of `config`, and the Rust variant each becomes.
const CONFIGS: &[(&str, &str)] =
    &[("KbsConfig", "TrusteeFormat::KbsConfig"), ("TrusteeConfig", "TrusteeFormat::TrusteeConfig")];

/// The upstream CRD tags under `schemas/` a Trustee line may be validated against.
pub const CRD_TAGS: &[&str] = &["v0.3.0", "v0.5.0", "v0.19.0"];

/// The kbs-config.toml eras oscgen can write (`src/coco/kbs_config.rs`).
const KBS_CONFIG_ERAS: &[(&str, &str)] = &[("A", "KbsConfigEra::A")];

const CLOUDS: &[(&str, &str)] = &[("azure", "Cloud::Azure"), ("aws", "Cloud::Aws"), ("gcp", "Cloud::Gcp")];

const RULES: &[(&str, &str)] = &[
    ("prefix", "InstanceRule::Prefix"),
    ("family", "InstanceRule::Family"),
    ("confidential-type", "InstanceRule::ConfidentialType"),
];

/// Only the confidential-containers sections; the release tables are codegen/catalog.rs's.
#[derive(Deserialize)]
struct Data {
    #[serde(rename = "coco-sources")]
    sources: BTreeMap<String, String>,
    #[serde(rename = "coco-pairing")]
    pairing: Vec<PairingRow>,
    trustee: Vec<TrusteeRow>,
    #[serde(rename = "coco-initdata")]
    initdata: Vec<InitdataRow>,
    #[serde(rename = "coco-instances")]
    instances: Vec<InstancesRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairingRow {
    osc: String,
    trustee: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrusteeRow {
    version: String,
    csv: Option<String>,
    config: String,
    crd: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
    keys: Option<KeysRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KeysRow {
    reference_values: String,
    resource_policy: String,
    kbs_config_era: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InitdataRow {
    osc: String,
    annotation: String,
    status: String,
    source: Vec<String>,
    gzip: String,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstancesRow {
    cloud: String,
    rule: String,
    families: Vec<String>,
    tee: String,
    status: String,
    source: Vec<String>,
    note: Option<String>,
}

fn lookup<'a>(table: &'a [(&str, &str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// `1.12` as numbers.
fn line(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.split_once('.')?;
    let number = |p: &str| {
        (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && (p == "0" || !p.starts_with('0')))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    Some((number(major)?, number(minor)?))
}

fn source_const(key: &str) -> String {
    let upper: String =
        key.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("COCO_SOURCE_{upper}")
}

fn sources_expr(keys: &[String]) -> String {
    let items: Vec<String> = keys.iter().map(|k| source_const(k)).collect();
    format!("&[{}]", items.join(", "))
}

fn option_lit(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |t| format!("Some({t:?})"))
}

/// The checks every row shares: a known status, defined sources, a note where not confirmed.
fn check_row(
    what: &str,
    status: &str,
    source: &[String],
    note: Option<&String>,
    sources: &BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    if lookup(STATUSES, status).is_none() {
        problems.push(format!("{what}: status `{status}` is not one of confirmed, secondary, inferred"));
    }
    if source.is_empty() {
        problems.push(format!("{what}: `source` is empty; name at least one key of [coco-sources]"));
    }
    for key in source {
        if !sources.contains_key(key) {
            problems.push(format!("{what}: source `{key}` is not defined in [coco-sources]"));
        }
    }
    match note {
        None if status == "inferred" => {
            problems.push(format!("{what}: status is `inferred`, so `note` must say what is not known (users see it)"))
        }
        Some(n) if n.trim().is_empty() => problems.push(format!("{what}: `note` is empty; remove it or say something")),
        _ => {}
    }
}

/// Reads `text` (all of `catalog.toml`) and returns the Rust source of the CoCo tables, or
/// every problem found.
pub fn generate(text: &str) -> Result<String, Vec<String>> {
    let data: Data = toml::from_str(text).map_err(|e| vec![format!("not valid confidential-containers data: {e}")])?;
    let mut problems = Vec::new();
    for (key, text) in &data.sources {
        if text.trim().is_empty() {
            problems.push(format!("[coco-sources] {key}: empty; say where the values were read (repo, path, commit)"));
        }
    }

    let mut trustee_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut previous = None;
    for (i, t) in data.trustee.iter().enumerate() {
        let what = format!("trustee {}", t.version);
        match line(&t.version) {
            None => problems.push(format!("{what}: `version` must be MAJOR.MINOR, like 1.1")),
            Some(v) => {
                if previous.is_some_and(|p| v <= p) {
                    problems.push(format!("{what}: Trustee lines must be listed oldest first, each once"));
                }
                previous = Some(v);
            }
        }
        trustee_index.insert(&t.version, i);
        check_row(&what, &t.status, &t.source, t.note.as_ref(), &data.sources, &mut problems);
        if let Some(csv) = &t.csv {
            let prefix = format!("trustee-operator.v{}.", t.version);
            if !csv.starts_with(&prefix) {
                problems.push(format!("{what}: csv `{csv}` does not name a {} build; it starts `{prefix}`", t.version));
            }
        }
        if lookup(CONFIGS, &t.config).is_none() {
            problems.push(format!("{what}: config `{}` is not one of KbsConfig, TrusteeConfig", t.config));
        }
        if !CRD_TAGS.contains(&t.crd.as_str()) {
            problems.push(format!(
                "{what}: crd `{}` is not one of {}; add its CRDs under schemas/ first",
                t.crd,
                CRD_TAGS.join(", ")
            ));
        }
        match (&t.keys, t.config.as_str()) {
            (None, "KbsConfig") => problems.push(format!(
                "{what}: a KbsConfig line needs [trustee.keys]: oscgen writes its ConfigMaps in that format"
            )),
            (Some(_), "TrusteeConfig") => problems.push(format!(
                "{what}: [trustee.keys] on a TrusteeConfig line, whose operator writes its own ConfigMaps"
            )),
            (Some(k), _) => {
                let what = format!("{what} keys");
                check_row(&what, &k.status, &k.source, k.note.as_ref(), &data.sources, &mut problems);
                for (field, value) in
                    [("reference-values", &k.reference_values), ("resource-policy", &k.resource_policy)]
                {
                    if value.trim().is_empty() {
                        problems.push(format!("{what}: `{field}` is empty"));
                    }
                }
                if lookup(KBS_CONFIG_ERAS, &k.kbs_config_era).is_none() {
                    problems.push(format!(
                        "{what}: kbs-config-era `{}` is not one oscgen writes (A); a new era needs code in src/coco first",
                        k.kbs_config_era
                    ));
                }
            }
            (None, _) => {}
        }
    }

    let mut previous = None;
    for p in &data.pairing {
        let what = format!("coco-pairing {}", p.osc);
        match line(&p.osc) {
            None => problems.push(format!("{what}: `osc` must be an OSC line MAJOR.MINOR, like 1.12")),
            Some(v) => {
                if previous.is_some_and(|prev| v <= prev) {
                    problems.push(format!("{what}: pairs must be listed oldest OSC line first, each once"));
                }
                previous = Some(v);
            }
        }
        if !trustee_index.contains_key(p.trustee.as_str()) {
            problems.push(format!("{what}: trustee `{}` is no [[trustee]] row", p.trustee));
        }
        check_row(&what, &p.status, &p.source, p.note.as_ref(), &data.sources, &mut problems);
    }

    let mut previous = None;
    for r in &data.initdata {
        let what = format!("coco-initdata {}", r.osc);
        match line(&r.osc) {
            None => problems.push(format!("{what}: `osc` must be an OSC line MAJOR.MINOR, like 1.12")),
            Some(v) => {
                if previous.is_some_and(|prev| v <= prev) {
                    problems.push(format!("{what}: rows must be listed oldest OSC line first, each once"));
                }
                previous = Some(v);
            }
        }
        if !r.annotation.starts_with("io.katacontainers.config.") {
            problems.push(format!("{what}: annotation `{}` is not a Kata config annotation", r.annotation));
        }
        if lookup(STATUSES, &r.gzip).is_none() {
            problems.push(format!("{what}: gzip `{}` is not one of confirmed, secondary, inferred", r.gzip));
        }
        let inferred = r.status == "inferred" || r.gzip == "inferred";
        if inferred && r.note.is_none() {
            problems.push(format!("{what}: something is `inferred`, so `note` must say what is not known"));
        }
        check_row(&what, &r.status, &r.source, r.note.as_ref(), &data.sources, &mut problems);
    }

    for (i, r) in data.instances.iter().enumerate() {
        let what = format!("coco-instances {} ({})", r.cloud, i + 1);
        if lookup(CLOUDS, &r.cloud).is_none() {
            problems.push(format!("{what}: cloud `{}` is not one of azure, aws, gcp", r.cloud));
        }
        if lookup(RULES, &r.rule).is_none() {
            problems.push(format!("{what}: rule `{}` is not one of prefix, family, confidential-type", r.rule));
        }
        if r.families.is_empty() || r.families.iter().any(|f| f.trim().is_empty()) {
            problems.push(format!("{what}: `families` must list at least one non-empty name"));
        }
        if r.tee.trim().is_empty() {
            problems.push(format!("{what}: `tee` is empty"));
        }
        check_row(&what, &r.status, &r.source, r.note.as_ref(), &data.sources, &mut problems);
    }

    let cited: std::collections::BTreeSet<&str> = data
        .pairing
        .iter()
        .flat_map(|r| &r.source)
        .chain(data.trustee.iter().flat_map(|r| r.source.iter().chain(r.keys.iter().flat_map(|k| &k.source))))
        .chain(data.initdata.iter().flat_map(|r| &r.source))
        .chain(data.instances.iter().flat_map(|r| &r.source))
        .map(String::as_str)
        .collect();
    for key in data.sources.keys() {
        if !cited.contains(key.as_str()) {
            problems.push(format!("[coco-sources] {key}: no row cites it; cite it or remove it"));
        }
    }

    for (what, empty) in [
        ("[[coco-pairing]]", data.pairing.is_empty()),
        ("[[trustee]]", data.trustee.is_empty()),
        ("[[coco-initdata]]", data.initdata.is_empty()),
    ] {
        if empty {
            problems.push(format!("no {what} rows"));
        }
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(write(&data, &trustee_index))
}

fn status(text: &str) -> &'static str {
    lookup(STATUSES, text).unwrap_or("Status::Inferred")
}

fn write(data: &Data, trustee_index: &BTreeMap<&str, usize>) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "// @generated by crates/render/build.rs from crates/render/catalog.toml: edit that file.");
    let _ = writeln!(w);
    for (key, text) in &data.sources {
        let _ = writeln!(w, "/// `{key}` in catalog.toml [coco-sources].");
        let _ = writeln!(w, "const {}: &str = {text:?};", source_const(key));
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "static TRUSTEE_LINES: [Trustee; {}] = [", data.trustee.len());
    for t in &data.trustee {
        let (major, minor) = line(&t.version).unwrap_or_default();
        let _ = writeln!(w, "    Trustee {{");
        let _ = writeln!(w, "        line: Line {{ major: {major}, minor: {minor} }},");
        let _ = writeln!(w, "        csv: {},", option_lit(t.csv.as_deref()));
        let _ = writeln!(w, "        format: {},", lookup(CONFIGS, &t.config).unwrap_or("TrusteeFormat::KbsConfig"));
        let _ = writeln!(w, "        crd: {:?},", t.crd);
        let _ = writeln!(w, "        status: {},", status(&t.status));
        let _ = writeln!(w, "        source: {},", sources_expr(&t.source));
        let _ = writeln!(w, "        note: {},", option_lit(t.note.as_deref()));
        match &t.keys {
            Some(k) => {
                let _ = writeln!(
                    w,
                    "        keys: Some(ConfigKeys {{ reference_values: {:?}, resource_policy: {:?}, kbs_config: {}, status: {}, source: {}, note: {} }}),",
                    k.reference_values,
                    k.resource_policy,
                    lookup(KBS_CONFIG_ERAS, &k.kbs_config_era).unwrap_or("KbsConfigEra::A"),
                    status(&k.status),
                    sources_expr(&k.source),
                    option_lit(k.note.as_deref())
                );
            }
            None => {
                let _ = writeln!(w, "        keys: None,");
            }
        }
        let _ = writeln!(w, "    }},");
    }
    let _ = writeln!(w, "];");
    let _ = writeln!(w);
    let _ = writeln!(w, "static PAIRINGS: [Pairing; {}] = [", data.pairing.len());
    for p in &data.pairing {
        let (major, minor) = line(&p.osc).unwrap_or_default();
        let i = trustee_index.get(p.trustee.as_str()).copied().unwrap_or_default();
        let _ = writeln!(
            w,
            "    Pairing {{ osc: Line {{ major: {major}, minor: {minor} }}, trustee: &TRUSTEE_LINES[{i}], status: {}, source: {}, note: {} }},",
            status(&p.status),
            sources_expr(&p.source),
            option_lit(p.note.as_deref())
        );
    }
    let _ = writeln!(w, "];");
    let _ = writeln!(w);
    let _ = writeln!(w, "static INITDATA_KEYS: [InitdataAnnotation; {}] = [", data.initdata.len());
    for r in &data.initdata {
        let (major, minor) = line(&r.osc).unwrap_or_default();
        let _ = writeln!(
            w,
            "    InitdataAnnotation {{ osc: Line {{ major: {major}, minor: {minor} }}, key: {:?}, status: {}, gzip: {}, source: {}, note: {} }},",
            r.annotation,
            status(&r.status),
            status(&r.gzip),
            sources_expr(&r.source),
            option_lit(r.note.as_deref())
        );
    }
    let _ = writeln!(w, "];");
    let _ = writeln!(w);
    let _ = writeln!(w, "static INSTANCE_ROWS: [Instances; {}] = [", data.instances.len());
    for r in &data.instances {
        let families: Vec<String> = r.families.iter().map(|f| format!("{f:?}")).collect();
        let _ = writeln!(
            w,
            "    Instances {{ cloud: {}, rule: {}, families: &[{}], tee: {:?}, status: {}, source: {}, note: {} }},",
            lookup(CLOUDS, &r.cloud).unwrap_or("Cloud::Azure"),
            lookup(RULES, &r.rule).unwrap_or("InstanceRule::Family"),
            families.join(", "),
            r.tee,
            status(&r.status),
            sources_expr(&r.source),
            option_lit(r.note.as_deref())
        );
    }
    let _ = writeln!(w, "];");
    out
}
