//! `mirror::image_set` against oc-mirror's own types and rules: every configuration oscgen
//! writes reads back strictly into the typed `v2alpha1` / `v1alpha2` shapes (unknown fields
//! refused), passes the ported validation, and carries the range the upgrade path needs. The
//! shapes' field names are checked against the JSON tags of oc-mirror's Go types, transcribed
//! below from github.com/openshift/oc-mirror `main` @ 855b64a.

use oscgen_api::mirror::{v1alpha2, v2alpha1};
use oscgen_render::Error;
use oscgen_render::mirror::{
    Format, Request, Storage, catalog_source_name, image_set, validate_v1alpha2, validate_v2alpha1,
};

/// The property names of `T`'s JSON schema.
fn fields<T: schemars::JsonSchema>() -> Vec<String> {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let mut names: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    names.sort();
    names
}

/// Each type against the `json:"..."` tags of its Go type (embedded structs inlined:
/// `metav1.TypeMeta` gives apiVersion and kind, `IncludeConfig` packages, `IncludeBundle` the
/// versions).
#[test]
fn field_names_are_oc_mirrors() {
    // internal/pkg/api/v2alpha1/type_config.go, type_config_include.go
    assert_eq!(fields::<v2alpha1::ImageSetConfiguration>(), sorted(&["apiVersion", "kind", "mirror", "archiveSize"]));
    let mirror = ["platform", "operators", "additionalImages", "helm", "blockedImages", "samples"];
    assert_eq!(fields::<v2alpha1::Mirror>(), sorted(&mirror));
    assert_eq!(
        fields::<v2alpha1::Operator>(),
        sorted(&[
            "packages",
            "catalog",
            "targetCatalog",
            "targetTag",
            "full",
            "skipDependencies",
            "targetCatalogSourceTemplate",
            "platforms"
        ])
    );
    assert_eq!(
        fields::<v2alpha1::IncludePackage>(),
        sorted(&["name", "channels", "defaultChannel", "minVersion", "maxVersion"])
    );
    assert_eq!(fields::<v2alpha1::IncludeChannel>(), sorted(&["name", "minVersion", "maxVersion"]));
    assert_eq!(fields::<v2alpha1::AdditionalImage>(), sorted(&["name", "targetRepo", "targetTag", "platforms"]));
    // v1/pkg/api/v1alpha2/types_config.go, types_include_config.go
    assert_eq!(
        fields::<v1alpha2::ImageSetConfiguration>(),
        sorted(&["apiVersion", "kind", "mirror", "archiveSize", "storageConfig"])
    );
    assert_eq!(fields::<v1alpha2::Mirror>(), sorted(&mirror));
    assert_eq!(
        fields::<v1alpha2::Operator>(),
        sorted(&[
            "packages",
            "catalog",
            "targetName",
            "targetCatalog",
            "targetTag",
            "full",
            "skipDependencies",
            "originalRef"
        ])
    );
    assert_eq!(
        fields::<v1alpha2::IncludePackage>(),
        sorted(&["name", "channels", "minVersion", "maxVersion", "minBundle", "defaultChannel"])
    );
    assert_eq!(fields::<v1alpha2::IncludeChannel>(), sorted(&["name", "minVersion", "maxVersion", "minBundle"]));
    assert_eq!(fields::<v1alpha2::Image>(), sorted(&["name"]));
}

struct Case {
    name: &'static str,
    openshift: &'static str,
    channel: &'static str,
    from: Option<&'static str>,
    to: Option<&'static str>,
    /// (minVersion, maxVersion) of the channel, and where OLM lands.
    range: (&'static str, &'static str),
    lands_on: Option<&'static str>,
}

#[test]
fn every_configuration_reads_back_and_validates_in_both_formats() {
    let cases = [
        Case {
            name: "4.20 from 4.16's head",
            openshift: "4.20",
            channel: "stable",
            from: Some("1.10.3"),
            to: None,
            range: ("1.10.3", "1.11.1"),
            lands_on: Some("1.11.1"),
        },
        Case {
            name: "pinned below the head",
            openshift: "4.22",
            channel: "stable",
            from: Some("1.11.1"),
            to: Some("1.12.1"),
            range: ("1.11.1", "1.12.1"),
            lands_on: Some("1.12.1"),
        },
        Case {
            name: "installed release not in the catalog",
            openshift: "4.18",
            channel: "stable",
            from: Some("1.4.1"),
            to: None,
            range: ("1.5.0", "1.10.1"),
            lands_on: Some("1.10.1"),
        },
        Case {
            name: "fresh install: the head only",
            openshift: "4.20",
            channel: "stable",
            from: None,
            to: None,
            range: ("1.11.1", "1.11.1"),
            lands_on: None,
        },
        Case {
            name: "a deprecated channel",
            openshift: "4.16",
            channel: "stable-1.3",
            from: Some("1.3.3"),
            to: None,
            range: ("1.3.3", "1.3.3"),
            lands_on: Some("1.3.3"),
        },
    ];
    for case in &cases {
        for format in [Format::V2alpha1, Format::V1alpha2] {
            let what = format!("{} ({format:?})", case.name);
            let storage = (format == Format::V1alpha2).then(|| Storage::Local("/var/lib/oc-mirror".into()));
            let set = image_set(&Request {
                openshift: case.openshift,
                channel: case.channel,
                from: case.from,
                to: case.to,
                format,
                storage,
            })
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(set.problems.is_empty(), "{what}: {:?}", set.problems);
            assert_eq!(set.lands_on.map(|v| v.to_string()).as_deref(), case.lands_on, "{what}");
            let (channels, problems) = match format {
                Format::V2alpha1 => {
                    let config: v2alpha1::ImageSetConfiguration = oscgen_render::yaml::from_str(&set.yaml)
                        .unwrap_or_else(|e| panic!("{what}: {e}\n{}", set.yaml));
                    let pkg = &config.mirror.operators[0].packages[0];
                    assert!(pkg.min_version.is_none() && pkg.max_version.is_none(), "{what}: package-level versions");
                    let channels: Vec<_> = pkg
                        .channels
                        .iter()
                        .map(|c| (c.name.clone(), c.min_version.clone(), c.max_version.clone()))
                        .collect();
                    (channels, validate_v2alpha1(&config))
                }
                Format::V1alpha2 => {
                    let config: v1alpha2::ImageSetConfiguration = oscgen_render::yaml::from_str(&set.yaml)
                        .unwrap_or_else(|e| panic!("{what}: {e}\n{}", set.yaml));
                    let pkg = &config.mirror.operators[0].packages[0];
                    assert!(pkg.min_bundle.is_none() && pkg.channels.iter().all(|c| c.min_bundle.is_none()), "{what}");
                    let channels: Vec<_> = pkg
                        .channels
                        .iter()
                        .map(|c| (c.name.clone(), c.min_version.clone(), c.max_version.clone()))
                        .collect();
                    (channels, validate_v1alpha2(&config))
                }
            };
            assert!(problems.is_empty(), "{what}: {problems:?}");
            let (min, max) = case.range;
            assert_eq!(
                channels,
                [(case.channel.to_owned(), Some(min.to_owned()), Some(max.to_owned()))],
                "{what}\n{}",
                set.yaml
            );
            assert!(
                set.yaml.contains(&format!("registry.redhat.io/redhat/redhat-operator-index:v{}", case.openshift)),
                "{what}"
            );
        }
    }
}

#[test]
fn the_ported_rules_refuse_what_oc_mirror_refuses() {
    let good = image_set(&Request {
        openshift: "4.20",
        channel: "stable",
        from: Some("1.10.3"),
        to: None,
        format: Format::V2alpha1,
        storage: None,
    })
    .unwrap();
    let base: v2alpha1::ImageSetConfiguration = oscgen_render::yaml::from_str(&good.yaml).unwrap();
    type Edit = fn(&mut v2alpha1::ImageSetConfiguration);
    let cases: [(&str, Edit, &str); 5] = [
        (
            "package and channel versions mixed",
            |c| c.mirror.operators[0].packages[0].min_version = Some("1.10.0".into()),
            "mixing both filtering",
        ),
        (
            "a package twice",
            |c| {
                let pkg = c.mirror.operators[0].packages[0].clone();
                c.mirror.operators[0].packages.push(pkg);
            },
            "duplicate package entry",
        ),
        (
            "a channel twice",
            |c| {
                let ch = c.mirror.operators[0].packages[0].channels[0].clone();
                c.mirror.operators[0].packages[0].channels.push(ch);
            },
            "duplicate channel entry",
        ),
        (
            "a version that is not semver",
            |c| c.mirror.operators[0].packages[0].channels[0].max_version = Some("latest".into()),
            "must respect semantic versioning notation",
        ),
        (
            "a catalog twice",
            |c| {
                let op = c.mirror.operators[0].clone();
                c.mirror.operators.push(op);
            },
            "duplicate found in configuration",
        ),
    ];
    for (name, edit, expected) in cases {
        let mut config = base.clone();
        edit(&mut config);
        let problems = validate_v2alpha1(&config);
        assert!(problems.iter().any(|p| p.contains(expected)), "{name}: {problems:?}");
    }
    // v2 has no minBundle: a file with one does not read.
    let with_min_bundle = good.yaml.replace("minVersion: 1.10.3", "minBundle: sandboxed-containers-operator.v1.10.3");
    assert!(oscgen_render::yaml::from_str::<v2alpha1::ImageSetConfiguration>(&with_min_bundle).is_err());
    // v1: minVersion and minBundle are exclusive; a storage backend is required.
    let mut v1 = v1alpha2::ImageSetConfiguration::new(v1alpha2::StorageConfig::default(), v1alpha2::Mirror::default());
    v1.mirror.operators.push(v1alpha2::Operator {
        catalog: "registry.redhat.io/redhat/redhat-operator-index:v4.20".into(),
        packages: vec![v1alpha2::IncludePackage {
            name: "sandboxed-containers-operator".into(),
            min_version: Some("1.10.3".into()),
            min_bundle: Some("sandboxed-containers-operator.v1.10.3".into()),
            ..Default::default()
        }],
        ..Default::default()
    });
    let problems = validate_v1alpha2(&v1);
    assert!(problems.iter().any(|p| p.contains("mutually exclusive")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("storageConfig")), "{problems:?}");
}

#[test]
fn catalog_source_names_follow_oc_mirror_v2() {
    assert_eq!(
        catalog_source_name("registry.redhat.io/redhat/redhat-operator-index:v4.20"),
        "cs-redhat-operator-index-v4-20"
    );
    assert_eq!(
        catalog_source_name("mirror.example.com:5000/redhat/redhat-operator-index:v4.16"),
        "cs-redhat-operator-index-v4-16"
    );
}

#[test]
fn inputs_oscgen_cannot_mirror_name_their_flag() {
    let request =
        |openshift, channel, from, to, format, storage| Request { openshift, channel, from, to, format, storage };
    let cases: Vec<(&str, Request<'_>, &str)> = vec![
        ("no catalog", request("4.12", "stable", None, None, Format::V2alpha1, None), "--openshift"),
        ("not a version", request("4.x", "stable", None, None, Format::V2alpha1, None), "--openshift"),
        ("unknown channel", request("4.20", "fast", None, None, Format::V2alpha1, None), "--channel"),
        ("target not in the catalog", request("4.18", "stable", None, Some("1.11.1"), Format::V2alpha1, None), "--to"),
        (
            "target below from",
            request("4.20", "stable", Some("1.10.3"), Some("1.10.1"), Format::V2alpha1, None),
            "--to",
        ),
        ("unknown from", request("4.20", "stable", Some("0.9.0"), None, Format::V2alpha1, None), "--from"),
        ("v1 without storage", request("4.20", "stable", None, None, Format::V1alpha2, None), "--storage"),
    ];
    for (name, req, expected) in cases {
        match image_set(&req) {
            Err(Error::Plan { flag, .. }) => assert_eq!(flag, expected, "{name}"),
            other => panic!("{name}: expected an error for {expected}, got {:?}", other.map(|s| s.yaml)),
        }
    }
}
