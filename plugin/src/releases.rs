//! `oscgen releases`: the catalog as a table or JSON. Without `--openshift`, one row per
//! release with its channels and the OpenShift catalogs that serve it; with it, that
//! OpenShift version's catalog: its channels, their heads, its deprecations, and how much of
//! it is confirmed (or, before the catalogs, the releases documented for that version).

use clap::ValueEnum;
use oscgen_render::catalog::{self, Catalog, KataField, OpenShift, Release};
use serde_json::{Value, json};

use crate::emit;
use crate::error::CliError;

/// Arguments of `oscgen releases`.
#[derive(Debug, clap::Args)]
pub struct ReleasesArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TableFormat::Table)]
    output: TableFormat,
    /// Show the catalog of this OpenShift version (`4.20`): channels, heads, deprecations.
    #[arg(long, value_name = "VERSION")]
    openshift: Option<String>,
}

/// How `oscgen releases` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns, then notes.
    Table,
    /// Pretty JSON.
    Json,
}

/// Runs `oscgen releases`.
pub fn run(args: &ReleasesArgs) -> Result<(), CliError> {
    let text = match &args.openshift {
        None => match args.output {
            TableFormat::Table => releases_table(),
            TableFormat::Json => to_json(&Value::Array(catalog::CATALOG.iter().map(release_json).collect()))?,
        },
        Some(text) => {
            let v = OpenShift::parse(text).ok_or_else(|| {
                CliError::Usage(format!("invalid --openshift `{text}`: write it as 4.<minor>, e.g. 4.20"))
            })?;
            match args.output {
                TableFormat::Table => openshift_table(v),
                TableFormat::Json => to_json(&openshift_json(v))?,
            }
        }
    };
    emit(&text)
}

fn to_json(value: &Value) -> Result<String, CliError> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| CliError::Render(oscgen_render::Error::Json(e)))?;
    text.push('\n');
    Ok(text)
}

/// Rows as aligned columns, two spaces apart.
pub(crate) fn columns(rows: &[Vec<String>]) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..count).map(|i| rows.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0)).collect();
    let mut text = String::new();
    for row in rows {
        let line: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        text.push_str(line.join("  ").trim_end());
        text.push('\n');
    }
    text
}

fn kata_fields(r: &Release) -> Vec<&'static str> {
    let mut names = vec!["kataConfigPoolSelector"];
    names.extend(
        [KataField::CheckNodeEligibility, KataField::LogLevel, KataField::EnablePeerPods]
            .into_iter()
            .filter(|f| r.has(*f))
            .map(KataField::name),
    );
    names
}

/// The catalogs in which `r` is deprecated, and through what: its bundle, or the channel a
/// Subscription for it uses there.
fn deprecations(r: &Release) -> Vec<(OpenShift, &'static str)> {
    r.catalogs()
        .filter_map(|c| {
            if c.deprecates_release(r) {
                Some((c.openshift, "bundle"))
            } else {
                c.channel_of(r).filter(|ch| c.deprecates_channel(ch.name)).map(|_| (c.openshift, "channel"))
            }
        })
        .collect()
}

fn deprecations_text(r: &Release) -> String {
    let found = deprecations(r);
    let mut parts = Vec::new();
    for what in ["bundle", "channel"] {
        let versions: Vec<OpenShift> = found.iter().filter(|(_, w)| *w == what).map(|(v, _)| *v).collect();
        if !versions.is_empty() {
            parts.push(format!("{} ({what})", catalog::minors_text(&versions)));
        }
    }
    if parts.is_empty() { "-".to_owned() } else { parts.join(", ") }
}

fn documented_text(r: &Release) -> String {
    match r.documented {
        Some(d) if d.status == catalog::Status::Confirmed => d.range(),
        Some(d) => format!("{} ({})", d.range(), d.status.as_str()),
        None => "-".to_owned(),
    }
}

fn releases_table() -> String {
    let header = ["RELEASE", "CHANNELS", "CATALOGS", "DEPRECATED IN", "DOCUMENTED FOR", "KATACONFIG FIELDS"];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    for r in catalog::CATALOG {
        rows.push(vec![
            r.version.to_owned(),
            r.channels.join(","),
            r.served_by_text(),
            deprecations_text(r),
            documented_text(r),
            kata_fields(r).join(","),
        ]);
    }
    let mut text = columns(&rows);
    text.push_str(&format!(
        "\nCATALOGS: the OpenShift versions whose operator catalog serves the release (oscgen has {});\n\
         `oscgen releases --openshift VERSION` shows one. DOCUMENTED FOR: the OpenShift versions the\n\
         release was documented for, which oscgen uses for clusters older than the catalogs.\n",
        catalog::catalog_span()
    ));
    let unserved: Vec<Vec<String>> = catalog::CATALOG
        .iter()
        .filter(|r| r.served_by.is_empty())
        .map(|r| vec![format!("  {}", r.version), r.note.unwrap_or_default().to_owned()])
        .collect();
    if !unserved.is_empty() {
        text.push_str("\nIn no catalog oscgen has (kept for older clusters):\n");
        text.push_str(&columns(&unserved));
    }
    let nodes: Vec<Vec<String>> = catalog::CATALOG
        .iter()
        .filter(|r| r.nodes_status != catalog::Status::Confirmed)
        .filter_map(|r| Some(vec![format!("  {}", r.version), r.nodes_note?.to_owned()]))
        .collect();
    if !nodes.is_empty() {
        text.push_str("\nNode objects not confirmed (renderNodeObjects says so too):\n");
        text.push_str(&columns(&nodes));
    }
    let unavailable: Vec<Vec<String>> =
        catalog::UNAVAILABLE.iter().map(|u| vec![format!("  {}", u.version), u.reason.to_owned()]).collect();
    if !unavailable.is_empty() {
        text.push_str("\nNot selectable:\n");
        text.push_str(&columns(&unavailable));
    }
    text
}

fn release_json(r: &Release) -> Value {
    let versions = |vs: &[OpenShift]| vs.iter().map(ToString::to_string).collect::<Vec<_>>();
    json!({
        "release": r.version,
        "csv": r.csv,
        "channel": r.channel,
        "channels": r.channels,
        "catalogs": versions(r.served_by),
        "deprecatedIn": deprecations(r)
            .iter()
            .map(|(v, what)| json!({ "openshift": v.to_string(), "through": what }))
            .collect::<Vec<_>>(),
        "openshift": r.openshift_range(),
        "documentedOpenShift": r.documented.map(|d| json!({
            "min": d.min.to_string(), "max": d.max.to_string(), "status": d.status.as_str(), "source": d.source,
        })),
        "minKubeVersion": r.min_kube,
        "kataConfigFields": kata_fields(r),
        "status": r.status.as_str(),
        "source": r.source,
        "nodeObjects": {
            "status": r.nodes_status.as_str(),
            "source": r.nodes_source,
            "note": r.nodes_note,
        },
        "note": r.note,
    })
}

/// The catalog oscgen resolves `v` against, and whether it is another version's (newer than
/// every catalog: the newest).
fn catalog_for(v: OpenShift) -> Option<(&'static Catalog, bool)> {
    match catalog::catalog(v) {
        Some(c) => Some((c, false)),
        None => catalog::CATALOGS.last().filter(|newest| v > newest.openshift).map(|c| (c, true)),
    }
}

fn documented_for(v: OpenShift) -> Vec<&'static Release> {
    catalog::CATALOG.iter().filter(|r| r.documented.is_some_and(|d| d.contains(v))).collect()
}

fn openshift_table(v: OpenShift) -> String {
    let Some((c, substitute)) = catalog_for(v) else {
        let mut text = format!(
            "OpenShift {v}: no catalog in oscgen's data (it has {}); releases are resolved from the\n\
             OpenShift versions they were documented for:\n\n",
            catalog::catalog_span()
        );
        let mut rows = vec![["RELEASE", "CHANNEL", "DOCUMENTED FOR", "SOURCE"].map(str::to_owned).to_vec()];
        for r in documented_for(v) {
            let (status, source) = r.documented.map(|d| (d.status.as_str(), d.source.join("; "))).unwrap_or_default();
            let range = r.documented.map(|d| d.range()).unwrap_or_default();
            rows.push(vec![r.version.to_owned(), r.channel.to_owned(), format!("{range} ({status})"), source]);
        }
        if rows.len() == 1 {
            text.push_str("(none)\n");
        } else {
            text.push_str(&columns(&rows));
        }
        return text;
    };
    let mut text = String::new();
    if substitute {
        text.push_str(&format!(
            "OpenShift {v}: no catalog in oscgen's data; the newest it has, {}'s, is shown and used.\n\n",
            c.openshift
        ));
    }
    text.push_str(&format!(
        "OpenShift {} catalog ({}: {})\n",
        c.openshift,
        c.confidence.as_str(),
        c.confidence.describe()
    ));
    text.push_str(&format!("  note: {}\n", c.note));
    for source in c.source {
        text.push_str(&format!("  source: {source}\n"));
    }
    text.push_str(&format!("  default channel: {}\n\n", c.default_channel));
    let mut rows = vec![["CHANNEL", "HEAD", "DEPRECATED", "ENTRIES"].map(str::to_owned).to_vec()];
    for ch in c.channels {
        let deprecated =
            if c.deprecates_channel(ch.name) { format!("yes: use {}", c.replacement) } else { "no".to_owned() };
        let entries: Vec<&str> = ch.entries.iter().map(|r| r.version).collect();
        rows.push(vec![
            ch.name.to_owned(),
            ch.head().map_or("-", |r| r.version).to_owned(),
            deprecated,
            entries.join(" "),
        ]);
    }
    text.push_str(&columns(&rows));
    if !c.deprecated_releases.is_empty() {
        let releases: Vec<&str> = c.deprecated_releases.iter().map(|r| r.version).collect();
        text.push_str(&format!("\nDeprecated releases (use channel {}): {}\n", c.replacement, releases.join(", ")));
    }
    text
}

fn openshift_json(v: OpenShift) -> Value {
    let Some((c, substitute)) = catalog_for(v) else {
        let documented: Vec<Value> = documented_for(v)
            .iter()
            .map(|r| {
                json!({
                    "release": r.version,
                    "channel": r.channel,
                    "documentedOpenShift": r.documented.map(|d| json!({
                        "min": d.min.to_string(), "max": d.max.to_string(), "status": d.status.as_str(), "source": d.source,
                    })),
                })
            })
            .collect();
        return json!({ "openshift": v.to_string(), "catalog": null, "documented": documented });
    };
    let channels: Vec<Value> = c
        .channels
        .iter()
        .map(|ch| {
            json!({
                "name": ch.name,
                "head": ch.head().map(|r| r.version),
                "deprecated": c.deprecates_channel(ch.name),
                "entries": ch.entries.iter().map(|r| r.version).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "openshift": v.to_string(),
        "catalog": {
            "openshift": c.openshift.to_string(),
            "substitute": substitute,
            "confidence": c.confidence.as_str(),
            "note": c.note,
            "source": c.source,
            "defaultChannel": c.default_channel,
            "channels": channels,
            "deprecatedReleases": c.deprecated_releases.iter().map(|r| r.version).collect::<Vec<_>>(),
            "replacement": c.replacement,
        },
    })
}
