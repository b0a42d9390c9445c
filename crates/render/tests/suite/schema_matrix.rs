//! Every catalog release × node objects on/off × pool selector shape × platform × custom
//! handler on/off × KataConfig extras on/off × target OpenShift, and every release with peer
//! pods × provider × deployment mode: each config renders (or is refused with the expected
//! diagnostic), every object (the ConfigMaps through k8s-openapi's type) passes the upstream
//! schema of its kind for that target, every MachineConfig passes `ignition-validate`, every
//! CRI-O drop-in uses only keys CRI-O knows, and a second render is byte-identical. Needs
//! feature `schema-check`.

use crate::validate_support;

use std::collections::BTreeSet;
use std::time::Instant;

use oscgen_render::catalog::CATALOG;
use oscgen_render::crio::check_dropin;
use oscgen_render::diagnostics::codes;
use oscgen_render::schema::{Schemas, check};
use oscgen_render::{Error, Object, OperatorSpec, crio_dropin, render_operator, render_runtime};
use validate_support::{Expect, as_spec3, ignition_validate, ignition_validate_tool, matrix};

#[test]
fn every_config_renders_valid_deterministic_objects() {
    let start = Instant::now();
    let cases = matrix();
    let mut ignition = BTreeSet::new();
    let mut dropins = BTreeSet::new();
    let (mut rendered_cases, mut objects_checked) = (0, 0);
    for case in &cases {
        let result = render_runtime(&case.spec);
        let rendered = match (case.expect, result) {
            (Expect::Render, Ok(rendered)) => rendered,
            (Expect::Render, Err(e)) => panic!("{}: {e}", case.label),
            (expect, Ok(_)) => panic!("{}: rendered, expected {expect:?}", case.label),
            (expect, Err(Error::Invalid(report))) => {
                let found = report.entries.iter().any(|d| match expect {
                    Expect::PlatformNeedsRelease => d.code == codes::PlatformNeedsRelease,
                    _ => d.code == codes::SelectorNotSupported,
                });
                assert!(found, "{}: expected {expect:?}, got {report}", case.label);
                continue;
            }
            (_, Err(e)) => panic!("{}: {e}", case.label),
        };
        rendered_cases += 1;

        let schemas = Schemas::for_target(case.release, case.openshift);
        for object in &rendered.objects {
            let value = object.to_value().unwrap();
            let violations = check(&value, schemas).unwrap();
            assert!(violations.is_empty(), "{}: {} ({schemas:?}): {violations:#?}", case.label, object.reference());
            objects_checked += 1;
            if let Object::MachineConfig(mc) = object {
                ignition.insert(as_spec3(&mc.spec.config));
            }
        }

        let dropin = crio_dropin(&case.spec).unwrap();
        if dropins.insert(dropin.text.clone()) {
            check_dropin(&dropin.text).unwrap_or_else(|p| panic!("{}: {}: {p:?}", case.label, dropin.path));
        }

        let again = render_runtime(&case.spec).unwrap();
        assert_eq!(rendered.to_yaml().unwrap(), again.to_yaml().unwrap(), "{}: not deterministic", case.label);
        assert_eq!(rendered.objects, again.objects, "{}: not deterministic", case.label);
    }

    for release in CATALOG {
        let spec = OperatorSpec { release: Some(release.version.to_owned()), ..Default::default() };
        let rendered = render_operator(&spec).unwrap();
        for object in &rendered.objects {
            let violations = check(&object.to_value().unwrap(), Schemas::default()).unwrap();
            assert!(violations.is_empty(), "operator {}: {}: {violations:#?}", release.version, object.reference());
        }
        assert_eq!(rendered.to_yaml().unwrap(), render_operator(&spec).unwrap().to_yaml().unwrap());
    }

    let rendering = start.elapsed();
    match ignition_validate_tool() {
        Ok(tool) => {
            let refused = ignition_validate(&tool, &ignition);
            assert!(refused.is_empty(), "ignition-validate refused:\n{refused:#?}");
        }
        Err(why) => eprintln!("ignition-validate part skipped: {why}"),
    }
    eprintln!(
        "{} cases, {rendered_cases} rendered, {objects_checked} objects checked, {} Ignition configs, {} drop-ins; \
         rendering and schemas {rendering:.2?}, total {:.2?}",
        cases.len(),
        ignition.len(),
        dropins.len(),
        start.elapsed()
    );
}

#[test]
fn a_generated_object_that_breaks_its_schema_is_refused() {
    let mut object = render_runtime(&Default::default()).unwrap().objects.remove(0);
    let Object::KataConfig(kata) = &mut object else { panic!("first object is the KataConfig") };
    kata.spec.log_level = Some("debug".to_owned());
    let release = &CATALOG[1];
    let err = oscgen_render::schema::validate_objects(&[object], release, release.openshift_min).unwrap_err();
    assert!(
        matches!(&err, Error::Generated { object, path, .. } if object == "KataConfig/cluster-kataconfig" && path == "spec.logLevel"),
        "{err}"
    );
}

/// Every policy shape (RHACM before and after OperatorPolicy GA × inform/enforce × Argo CD on
/// the hub or not × cluster sets given or not × a custom handler or not): each hub object
/// passes its CRD, each template its kind's CRD, and each object a ConfigurationPolicy carries
/// the schema of its kind for the release and OpenShift version.
#[test]
fn every_policy_shape_passes_the_acm_crds() {
    use oscgen_render::catalog::{OpenShift, OpenShiftTarget, Release, Request, resolve};
    use oscgen_render::schema::validate_policy_objects;
    use oscgen_render::{config, render};

    let mut checked = 0;
    for acm in ["2.9", "2.10", "2.11", "2.14"] {
        for action in ["inform", "enforce"] {
            for gitops in ["", "  gitops: {engine: argocd}\n"] {
                for sets in ["", "    clusterSets: [prod]\n"] {
                    for handler in ["", "    runtimeHandler: {name: kata-custom}\n"] {
                        let yaml = format!(
                            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersPolicy\nmetadata: {{name: osc}}\n\
                             spec:\n  policyNamespace: policies\n  remediationAction: {action}\n  acmVersion: '{acm}'\n{gitops}\
                             \x20 placement:\n{sets}    clusterSelector: {{matchLabels: {{vendor: OpenShift}}}}\n\
                             \x20 operator: {{channel: stable, openshiftVersion: '4.16'}}\n\
                             \x20 runtime:\n    openshiftVersion: '4.16'\n{handler}"
                        );
                        let configs = config::from_yaml(&yaml).unwrap();
                        let rendered = render(&configs).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
                        validate_policy_objects(&rendered.objects).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
                        // The runtime's release: the head of stable in OpenShift 4.16's catalog.
                        let openshift = OpenShift::parse("4.16").unwrap();
                        let request = Request {
                            channel: None,
                            release: None,
                            target: OpenShiftTarget::OpenShift(openshift),
                            default: true,
                        };
                        let mut notes = oscgen_render::Report::default();
                        let resolved = resolve(request, &oscgen_render::FieldPath::root(), &mut notes).unwrap();
                        let release: &Release = resolved.release;
                        let schemas = Schemas::for_target(release, openshift);
                        for object in &rendered.objects {
                            let value = object.to_value().unwrap();
                            let templates = value.pointer("/spec/policy-templates").and_then(|t| t.as_array());
                            for template in templates.into_iter().flatten() {
                                let inner = template.pointer("/objectDefinition/spec/object-templates");
                                for carried in inner.and_then(|t| t.as_array()).into_iter().flatten() {
                                    let carried = &carried["objectDefinition"];
                                    let violations = check(carried, schemas).unwrap();
                                    assert!(violations.is_empty(), "{yaml}\n{carried}: {violations:?}");
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(checked >= 64, "{checked}");
}
