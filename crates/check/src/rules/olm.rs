//! The operator's OLM objects: its Subscription (placeholder, unknown or mismatched channel and
//! `startingCSV`; with a target OpenShift version, what that version's catalog serves and
//! deprecates), its namespace, and the OperatorGroup OLM needs beside it.

use oscgen_render::catalog::{self, Channel, OpenShift, OpenShiftTarget, Release, Request};
use serde_json::Value;

use super::placeholder::is_placeholder;
use super::{Out, Scope, distinct, is, text};
use crate::catalog::FileCatalog;
use crate::kustomize::Unmatched;
use crate::source::Obj;
use crate::{CheckKind as K, DiagnosticKind as R, FieldPath, Severity};

/// The operator's Subscription (by its OLM package name).
pub(crate) fn is_operator_subscription(obj: &Obj) -> bool {
    is(obj, "operators.coreos.com", "Subscription") && obj.str("/spec/name").map(str::trim) == Some(catalog::PACKAGE)
}

fn is_operator_group(obj: &Obj) -> bool {
    is(obj, "operators.coreos.com", "OperatorGroup")
}

/// The release a build's Subscription asks for: by startingCSV, else by channel.
pub(crate) fn subscribed_release(objects: &[Obj]) -> Option<&'static Release> {
    let sub = objects.iter().find(|o| is_operator_subscription(o))?;
    release_of(sub, None)
}

/// The release a Subscription installs first: its startingCSV's, else its channel's head; with
/// a target version, as that version's catalog resolves them (`None` where it does not serve
/// them, which [`subscription`] reports).
pub(crate) fn release_of(sub: &Obj, openshift: Option<OpenShift>) -> Option<&'static Release> {
    let csv = sub.str("/spec/startingCSV").and_then(catalog::by_csv);
    let channel = sub.str("/spec/channel");
    match openshift {
        None => csv.or_else(|| channel.and_then(catalog::by_channel)),
        Some(v) => {
            // The generators' resolution; what it reports is in generator terms, and
            // `subscription` reports the same problems at the Subscription's own fields.
            let request = Request {
                channel,
                release: csv.map(|r| r.version),
                target: OpenShiftTarget::OpenShift(v),
                default: false,
            };
            catalog::resolve(request, &FieldPath::parse("spec"), &mut crate::Report::default()).map(|r| r.release)
        }
    }
}

pub(crate) fn subscription(obj: &Obj, unmatched: &[Unmatched], out: &mut Out<'_, '_>) {
    let left_by = |field: &str| {
        let path = FieldPath::parse(field);
        unmatched
            .iter()
            .find(|u| u.kind.as_deref().is_none_or(|k| k == "Subscription") && u.fields.contains(&path))
            .map(|u| u.patch.clone())
    };
    let channel = obj.value.pointer("/spec/channel");
    let channel_text = channel.map(text);
    if let Some(given) = out.build.tree.catalog {
        placeholders(obj, &left_by, out);
        given_catalog(obj, given, out);
        namespace(obj, out);
        return;
    }
    // Another catalog (a mirror, a dev build, a CatalogSource of the repo's own) serves other
    // channels and releases than Red Hat's, and oscgen does not have it: only a placeholder
    // is certain to be wrong there.
    let source = obj.str("/spec/source").map(str::trim).filter(|s| !s.is_empty() && *s != catalog::SOURCE);
    if let Some(source) = source {
        placeholders(obj, &left_by, out);
        let defined = out
            .build
            .objects
            .iter()
            .any(|o| is(o, "operators.coreos.com", "CatalogSource") && o.str("/metadata/name") == Some(source));
        let place = if defined { "a CatalogSource of this build" } else { "not among the checked objects" };
        let kind = K::OtherCatalogSource { catalog_source: source.to_owned(), place: place.to_owned() };
        out.push(obj, FieldPath::parse("spec.source"), kind);
        namespace(obj, out);
        return;
    }
    // With a target version that has a catalog, that catalog's channels are the ones known.
    let target_catalog = out.build.tree.openshift.and_then(catalog::catalog);
    let channel_release = channel_text.as_deref().and_then(catalog::by_channel);
    if let Some(channel) = &channel_text {
        let path = FieldPath::parse("spec.channel");
        if is_placeholder(channel, Some("channel")) {
            let fix = format!("one of the channels {}", catalog::channels().join(", "));
            let kind = K::Placeholder {
                field: "channel".into(),
                value: channel.clone(),
                fix,
                left_by: left_by("spec.channel"),
            };
            out.push(obj, path, kind);
        } else if channel_release.is_none() && target_catalog.is_none() {
            let kind = R::UnknownChannel { channel: channel.clone(), known: catalog::channels().join(", ") };
            out.push(obj, path, kind);
        }
    }
    let mut csv_reported = false;
    if let Some(csv) = obj.value.pointer("/spec/startingCSV").map(text) {
        let path = FieldPath::parse("spec.startingCSV");
        let example = channel_release.unwrap_or(catalog::newest()).csv.to_owned();
        let prefix = format!("{}.v", catalog::PACKAGE);
        if is_placeholder(&csv, Some("startingCSV")) {
            let fix = format!("the CSV of a release on the subscribed channel (e.g. {example}), or remove it");
            let kind =
                K::Placeholder { field: "startingCSV".into(), value: csv, fix, left_by: left_by("spec.startingCSV") };
            out.push(obj, path, kind);
        } else if !csv.trim().starts_with(&prefix) {
            out.push(obj, path, K::ForeignCsv { csv, example });
        } else {
            match (catalog::by_csv(&csv), channel_release, &channel_text) {
                (None, _, _) => {
                    let known = catalog::versions().join(", ");
                    out.push(obj, path, K::CsvNotInCatalog { csv, known });
                }
                (Some(release), Some(on_channel), Some(channel)) if !release.on_channel(channel) => {
                    let kind = K::ChannelCsvMismatch {
                        channel: channel.trim().to_owned(),
                        csv,
                        csv_channel: release.channel.to_owned(),
                        channel_csv: on_channel.csv.to_owned(),
                    };
                    out.push(obj, path, kind);
                    csv_reported = true;
                }
                _ => {}
            }
        }
    }
    if let Some(openshift) = out.build.tree.openshift {
        let channel = channel_text.filter(|c| !is_placeholder(c, Some("channel")));
        let csv = obj.str("/spec/startingCSV").and_then(catalog::by_csv).filter(|_| !csv_reported);
        served(obj, openshift, channel.as_deref(), csv, out);
    }
    namespace(obj, out);
}

/// A placeholder channel or startingCSV, which no catalog serves.
fn placeholders(obj: &Obj, left_by: &dyn Fn(&str) -> Option<String>, out: &mut Out<'_, '_>) {
    for (field, key) in [("spec.channel", "channel"), ("spec.startingCSV", "startingCSV")] {
        let Some(value) = obj.value.pointer(&format!("/spec/{key}")).map(text) else { continue };
        if is_placeholder(&value, Some(key)) {
            let fix = "a channel or CSV that catalog serves".to_owned();
            let kind = K::Placeholder { field: key.into(), value, fix, left_by: left_by(field) };
            out.push(obj, FieldPath::parse(field), kind);
        }
    }
}

/// The Subscription against the catalog given with `--catalog`: a channel or startingCSV it
/// does not serve is an error (OLM never resolves it there), a startingCSV on another channel
/// too, and what its `olm.deprecations` deprecate a warning with its message.
fn given_catalog(obj: &Obj, given: &FileCatalog, out: &mut Out<'_, '_>) {
    let file = given.file.clone();
    let channel_path = FieldPath::parse("spec.channel");
    let csv_path = FieldPath::parse("spec.startingCSV");
    let channel_text = obj.value.pointer("/spec/channel").map(text).map(|c| c.trim().to_owned());
    let channel_text = channel_text.filter(|c| !is_placeholder(c, Some("channel")));
    // Without a channel OLM subscribes to the package's default one.
    let subscribed = channel_text.clone().or_else(|| given.default_channel.clone());
    let channel = subscribed.as_deref().and_then(|c| given.channels.get(c));
    if let Some(name) = &channel_text {
        if channel.is_none() {
            let kind = R::ChannelNotInGivenCatalog {
                channel: name.clone(),
                file: file.clone(),
                served: given.channel_names(),
            };
            out.push(obj, channel_path.clone(), kind);
        } else if let Some(message) = given.deprecated_channels.get(name) {
            let what = format!("channel `{name}`");
            let kind = R::DeprecatedInGivenCatalog { what, file: file.clone(), message: message.clone() };
            out.push(obj, channel_path.clone(), kind);
        }
    }
    if let Some(message) = &given.deprecated_package {
        let what = format!("package {}", catalog::PACKAGE);
        let kind = R::DeprecatedInGivenCatalog { what, file: file.clone(), message: message.clone() };
        out.push(obj, FieldPath::parse("spec.name"), kind);
    }
    let Some(csv) = obj.value.pointer("/spec/startingCSV").map(text).map(|c| c.trim().to_owned()) else { return };
    if is_placeholder(&csv, Some("startingCSV")) {
        return;
    }
    let listed = given.channel_of(&csv);
    if !given.bundles.contains(&csv) && listed.is_none() {
        let head = channel.and_then(|c| c.head.clone()).unwrap_or_default();
        let kind = R::CsvNotInGivenCatalog { csv, file, channel: subscribed.unwrap_or_default(), head };
        out.push(obj, csv_path, kind);
        return;
    }
    if let (Some(name), Some(ch)) = (&subscribed, channel)
        && !ch.lists(&csv)
    {
        let kind = K::ChannelCsvMismatch {
            channel: name.clone(),
            csv: csv.clone(),
            csv_channel: listed.unwrap_or("no channel").to_owned(),
            channel_csv: ch.head.clone().unwrap_or_default(),
        };
        out.push(obj, csv_path, kind);
        return;
    }
    if let Some(message) = given.deprecated_bundles.get(&csv) {
        let kind = R::DeprecatedInGivenCatalog { what: format!("bundle {csv}"), file, message: message.clone() };
        out.push(obj, csv_path, kind);
    }
}

/// The Subscription against the catalog of the target OpenShift version: a `channel` or
/// `startingCSV` (a release oscgen knows) that catalog does not serve is an error, one it
/// deprecates a warning naming the replacement.
fn served(
    obj: &Obj,
    openshift: OpenShift,
    channel: Option<&str>,
    csv: Option<&'static Release>,
    out: &mut Out<'_, '_>,
) {
    let Some(c) = catalog::catalog(openshift) else {
        // Said only where there was something to check (not for a placeholder alone).
        if channel.is_some() || csv.is_some() {
            let kind = K::NoCatalogForOpenShift { openshift: openshift.to_string(), catalogs: catalog::catalog_span() };
            let field = if channel.is_some() { "spec.channel" } else { "spec.startingCSV" };
            out.push(obj, FieldPath::parse(field), kind);
        }
        // Older than every catalog, the versions the release was documented for still say
        // something, as they do for the generators.
        let older = catalog::CATALOGS.first().is_some_and(|c| openshift < c.openshift);
        if let Some(release) = csv.filter(|r| older && !r.made_for(openshift)) {
            let kind = R::OpenShiftVersionOutOfRange {
                value: openshift.to_string(),
                release: release.version.to_owned(),
                supported: release.made_for_text(),
            };
            out.push(obj, FieldPath::parse("spec.startingCSV"), kind);
        }
        return;
    };
    let (channel_path, csv_path) = (FieldPath::parse("spec.channel"), FieldPath::parse("spec.startingCSV"));
    let replacement = c.channel(c.replacement).and_then(Channel::head).map_or("", |r| r.version).to_owned();
    let on = channel.and_then(|name| c.channel(name));
    if let Some(name) = channel {
        if on.is_none() {
            let served = c.channels.iter().map(|ch| ch.name).collect::<Vec<_>>().join(", ");
            let kind = K::ChannelNotServed {
                channel: name.trim().to_owned(),
                openshift: openshift.to_string(),
                served,
                note: c.note.to_owned(),
            };
            out.push(obj, channel_path.clone(), kind);
        } else if c.deprecates_channel(name.trim()) {
            let kind = R::DeprecatedChannel {
                channel: name.trim().to_owned(),
                openshift: openshift.to_string(),
                replacement: c.replacement.to_owned(),
                head: replacement.clone(),
            };
            out.push(obj, channel_path, kind);
        }
    }
    let Some(release) = csv else { return };
    let csv_text = obj.str("/spec/startingCSV").unwrap_or(release.csv).to_owned();
    if !c.serves(release) {
        // oscgen's copy of a catalog is a snapshot, and catalogs gain releases after it: one
        // newer than the copy's newest may well be served now. One older that it leaves out is
        // not (catalogs do not add old releases back).
        let newest = c.releases().last().copied();
        let position = |r: &Release| catalog::CATALOG.iter().position(|x| x.version == r.version);
        if let Some(head) = newest.filter(|head| position(release) > position(head)) {
            let kind = K::ReleaseNewerThanCatalog {
                csv: csv_text,
                openshift: openshift.to_string(),
                head: head.version.to_owned(),
                note: c.note.to_owned(),
            };
            out.push(obj, csv_path, kind);
            return;
        }
        let suggested = on.or_else(|| c.channel(c.default_channel));
        let kind = K::CsvNotServed {
            csv: csv_text,
            openshift: openshift.to_string(),
            served: c.releases().iter().map(|r| r.version).collect::<Vec<_>>().join(", "),
            channel: suggested.map_or(c.default_channel, |ch| ch.name).to_owned(),
            head: suggested.and_then(Channel::head).map_or("", |r| r.csv).to_owned(),
            note: c.note.to_owned(),
        };
        out.push(obj, csv_path, kind);
        return;
    }
    // Both served, but not together: OLM looks for the CSV on the subscribed channel only.
    if let (Some(name), Some(ch)) = (channel, on)
        && !ch.entries.iter().any(|r| r.version == release.version)
    {
        let kind = K::ChannelCsvMismatch {
            channel: name.trim().to_owned(),
            csv: csv_text,
            csv_channel: c.channel_of(release).map_or(release.channel, |ch| ch.name).to_owned(),
            channel_csv: ch.head().map_or("", |r| r.csv).to_owned(),
        };
        out.push(obj, csv_path, kind);
        return;
    }
    if c.deprecates_release(release) {
        let kind = R::DeprecatedRelease {
            release: release.version.to_owned(),
            openshift: openshift.to_string(),
            replacement: c.replacement.to_owned(),
            head: replacement,
        };
        out.push(obj, csv_path, kind);
    }
}

/// The operator's Subscription and OperatorGroup belong in its namespace.
fn namespace(obj: &Obj, out: &mut Out<'_, '_>) {
    let kind = obj.str("/kind").unwrap_or_default().to_owned();
    let required = catalog::NAMESPACE.to_owned();
    match obj.str("/metadata/namespace") {
        None => out.push(obj, FieldPath::parse("metadata"), K::MissingNamespace { kind, required }),
        Some(ns) if ns != catalog::NAMESPACE => {
            let kind = R::OperatorNamespace { namespace: ns.to_owned(), required };
            out.push_as(obj, Severity::Error, FieldPath::parse("metadata.namespace"), kind);
        }
        Some(_) => {}
    }
}

pub(crate) fn operator_groups(build: &Scope<'_>, out: &mut Out<'_, '_>) {
    let groups = distinct(build.objects.iter().filter(|o| !o.synthetic && is_operator_group(o)));
    let subscriptions = distinct(build.objects.iter().filter(|o| !o.synthetic && is_operator_subscription(o)));
    let mut checked: Vec<&str> = Vec::new();
    for sub in &subscriptions {
        let Some(namespace) = sub.str("/metadata/namespace") else { continue };
        if checked.contains(&namespace) {
            continue;
        }
        checked.push(namespace);
        let here: Vec<&&Obj> = groups.iter().filter(|g| g.str("/metadata/namespace") == Some(namespace)).collect();
        let path = FieldPath::parse("metadata.namespace");
        match here.as_slice() {
            // An OperatorPolicy without `operatorGroup` creates a default one itself.
            [] if sub.via == Some(crate::policy::Via::OperatorPolicy) => {}
            [] => out.push(sub, path, K::NoOperatorGroup { namespace: namespace.to_owned() }),
            [group] => {
                let name = group.str("/metadata/name").unwrap_or_default().to_owned();
                if group.value.pointer("/spec/selector").is_some() {
                    continue;
                }
                let targets: Vec<String> = group
                    .value
                    .pointer("/spec/targetNamespaces")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(text)
                    .collect();
                if targets.is_empty() {
                    let path = if group.value.pointer("/spec/targetNamespaces").is_some() {
                        FieldPath::parse("spec.targetNamespaces")
                    } else {
                        FieldPath::parse("spec")
                    };
                    out.push(group, path, K::AllNamespaces { name, namespace: namespace.to_owned() });
                } else if targets != [namespace] {
                    let kind =
                        K::TargetNamespaces { name, namespace: namespace.to_owned(), targets: targets.join(", ") };
                    out.push(group, FieldPath::parse("spec.targetNamespaces"), kind);
                }
                if namespace != catalog::NAMESPACE {
                    namespace_of_group(group, out);
                }
            }
            many => {
                let names: Vec<&str> = many.iter().filter_map(|g| g.str("/metadata/name")).collect();
                let kind = K::TooManyOperatorGroups {
                    namespace: namespace.to_owned(),
                    count: many.len(),
                    names: names.join(", "),
                };
                out.push(sub, path, kind);
            }
        }
    }
    // An OperatorGroup named for the operator, away from it, with no Subscription beside it.
    for group in &groups {
        let namespace = group.str("/metadata/namespace");
        let named = group.str("/metadata/name").is_some_and(|n| n.contains("sandboxed-containers"));
        if named && namespace.is_some_and(|ns| !checked.contains(&ns) && ns != catalog::NAMESPACE) {
            namespace_of_group(group, out);
        }
    }
}

fn namespace_of_group(group: &Obj, out: &mut Out<'_, '_>) {
    if let Some(ns) = group.str("/metadata/namespace") {
        let kind = R::OperatorNamespace { namespace: ns.to_owned(), required: catalog::NAMESPACE.to_owned() };
        out.push_as(group, Severity::Error, FieldPath::parse("metadata.namespace"), kind);
    }
}
