//! What oscgen writes reads back as what it was given: data URLs decode to the file's bytes,
//! every CRI-O drop-in parses with the `toml` crate into the handler it was rendered from,
//! and rendering is deterministic.

use oscgen_render::api::crio::{DropIn, RuntimeHandler};
use oscgen_render::api::ignition::v3_2;
use oscgen_render::api::oscgen::v1alpha1::{
    HandlerSpec, KataRuntime, PoolSelector, RuntimeSpec, SandboxedContainersOperator,
};
use oscgen_render::{Config, Object, OperatorSpec, crio, crio_dropin, dataurl, render, render_runtime};

/// The one file of the handler's MachineConfig, with its contents decoded.
fn carried_file(spec: &RuntimeSpec) -> (v3_2::File, Vec<u8>) {
    let rendered = render_runtime(spec).unwrap();
    let mut files = rendered.objects.iter().filter_map(|o| match o {
        Object::MachineConfig(mc) => mc.spec.config.as_v3_2().and_then(|c| c.storage.as_ref()).map(|s| s.files.clone()),
        _ => None,
    });
    let file = match (files.next().as_deref(), files.next()) {
        (Some([file]), None) => file.clone(),
        other => panic!("expected one MachineConfig with one file, found {other:?}"),
    };
    let contents = file.contents.as_ref().expect("the drop-in has contents");
    let source = contents.source.as_deref().expect("contents has a source");
    let decoded = dataurl::decode_contents(source, contents.compression.as_deref()).unwrap();
    (file, decoded)
}

fn compression(file: &v3_2::File) -> &str {
    file.contents.as_ref().and_then(|c| c.compression.as_deref()).expect("compression is always written")
}

/// A handler whose drop-in is long and repetitive, so gzip makes it much shorter.
fn long_handler(release: &str, openshift: &str) -> RuntimeSpec {
    let annotations = [
        "default_memory",
        "default_vcpus",
        "default_maxvcpus",
        "kernel_params",
        "machine_type",
        "enable_iommu",
        "file_mem_backend",
        "shared_fs",
        "virtio_fs_cache",
        "virtio_fs_extra_args",
    ];
    RuntimeSpec {
        release: Some(release.into()),
        openshift_version: Some(openshift.into()),
        runtime_handler: Some(HandlerSpec {
            name: Some("kata-custom".into()),
            runtime_config_path: Some(format!(
                "/etc/kata-containers/{}/configuration-custom.toml",
                "very/long/directory/tree/".repeat(6)
            )),
            allowed_annotations: annotations
                .iter()
                .map(|a| format!("io.katacontainers.config.hypervisor.{a}"))
                .collect(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn data_urls_decode_to_the_input_bytes() {
    let long = "[crio.runtime.runtimes.kata]\n  runtime_type = \"vm\"\n".repeat(50);
    let contents: [&[u8]; 8] = [
        b"",
        b"x",
        b"[crio.runtime.runtimes.example]\nruntime_type = \"vm\"\n",
        "ünïcödé, \u{2028} and emoji \u{1F980}\n".as_bytes(),
        b"%20 is not a space; neither is +, and data:,x is text",
        b"\x00\x01\xfe\xff not UTF-8",
        b"\t\r\n\\\"'",
        long.as_bytes(),
    ];
    for bytes in contents {
        for allow_gzip in [false, true] {
            let encoded = dataurl::encode(bytes, allow_gzip);
            assert!(encoded.source.starts_with("data:"), "{encoded:?}");
            if !allow_gzip {
                assert_eq!(encoded.compression, "", "{encoded:?}");
            }
            let back = dataurl::decode_contents(&encoded.source, Some(&encoded.compression)).unwrap();
            assert_eq!(back, bytes, "{encoded:?}");
        }
    }
    assert_eq!(dataurl::encode(long.as_bytes(), true).compression, "gzip");
}

#[test]
fn drop_in_is_gzipped_on_openshift_4_12_when_shorter() {
    let spec = long_handler("1.5.3", "4.12");
    let (file, decoded) = carried_file(&spec);
    assert_eq!(compression(&file), "gzip");
    assert_eq!(String::from_utf8(decoded).unwrap(), crio_dropin(&spec).unwrap().text);
    assert!(render_runtime(&spec).unwrap().warnings.entries.is_empty(), "4.12 is in 1.5.3's range");
}

#[test]
fn drop_in_is_never_gzipped_before_openshift_4_10() {
    // MCD on 4.9 ignores `compression` on updates and would write the gzip bytes as they are.
    for (release, openshift) in [("1.1.0", "4.9"), ("1.0.2", "4.8")] {
        let mut spec = long_handler(release, openshift);
        if openshift == "4.8" {
            // CRI-O 1.21 has no runtime_config_path (refused with CrioKeyTooNew).
            spec.runtime_handler.as_mut().unwrap().runtime_config_path = None;
        }
        let (file, decoded) = carried_file(&spec);
        assert_eq!(compression(&file), "", "{release} on {openshift}");
        assert_eq!(String::from_utf8(decoded).unwrap(), crio_dropin(&spec).unwrap().text);
    }
    // Without openshiftVersion, the release's oldest OpenShift decides: 4.9 for 1.1.0.
    let spec = RuntimeSpec { openshift_version: None, ..long_handler("1.1.0", "") };
    assert_eq!(compression(&carried_file(&spec).0), "");
}

#[test]
fn short_drop_in_decodes_on_every_release() {
    for release in oscgen_render::catalog::versions() {
        let spec = RuntimeSpec {
            release: Some(release.into()),
            runtime_handler: Some(HandlerSpec { name: Some("kata-custom".into()), ..Default::default() }),
            ..Default::default()
        };
        let (file, decoded) = carried_file(&spec);
        assert_eq!(file.path, "/etc/crio/crio.conf.d/50-kata-custom", "{release}");
        assert_eq!(String::from_utf8(decoded).unwrap(), crio_dropin(&spec).unwrap().text, "{release}");
    }
}

/// Strings that would end a TOML string, start a table or add a key if written unescaped.
const HOSTILE: &[&str] = &[
    "quote \" inside",
    "back\\slash and \\\" both",
    "trailing backslash \\",
    "new\nline",
    "carriage\r\nreturn",
    "tab\there",
    "ünïcödé ✓ \u{1F980} \u{2028}",
    "control \u{1} \u{1f} \u{7f} \u{85}",
    "]",
    "\"]\n[x]\nkey = 1",
    "\"\nruntime_type = \"oci\"\n#",
    "'single' and '''triple'''",
    "\"\"\"multi-line opener",
    "${HOME} {{ name }} {% raw %}",
];

fn assert_round_trips(name: &str, handler: &RuntimeHandler) {
    let text = crio::render(name, handler).unwrap();
    let parsed: DropIn = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let runtimes = parsed.crio.runtime.runtimes;
    assert_eq!(runtimes.keys().collect::<Vec<_>>(), [name], "{text}");
    assert_eq!(&runtimes[name], handler, "{text}");
}

#[test]
fn crio_dropins_parse_back_into_their_handler() {
    let kata = RuntimeHandler::kata_rpm();
    let mut handlers = vec![
        kata.clone(),
        RuntimeHandler { privileged_without_host_devices: false, ..kata.clone() },
        RuntimeHandler {
            runtime_config_path: Some("/etc/kata-containers/configuration-custom.toml".into()),
            allowed_annotations: vec!["io.katacontainers.*".into(), "io.kubernetes.cri-o.Devices".into()],
            ..kata.clone()
        },
        RuntimeHandler {
            runtime_path: "/usr/bin/runc".into(),
            runtime_type: "oci".into(),
            runtime_root: "/run/runc".into(),
            ..Default::default()
        },
        RuntimeHandler::default(),
    ];
    for hostile in HOSTILE {
        handlers.push(RuntimeHandler {
            runtime_path: format!("/usr/bin/{hostile}"),
            runtime_type: (*hostile).to_owned(),
            runtime_root: (*hostile).to_owned(),
            privileged_without_host_devices: true,
            runtime_config_path: Some((*hostile).to_owned()),
            allowed_annotations: vec![(*hostile).to_owned(), String::new(), "io.katacontainers.*".into()],
        });
    }
    for handler in &handlers {
        assert_round_trips("kata-custom", handler);
    }
    // Handler (table) names go through the same escaping when they are not bare keys.
    for name in ["kata", "kata_2", "a.b", "kata custom", "x]\n[y", "ünï"].iter().chain(HOSTILE) {
        assert_round_trips(name, &handlers[2]);
    }
}

#[test]
fn crio_dropin_of_every_valid_spec_parses() {
    let specs = [
        RuntimeSpec::default(),
        long_handler("1.5.3", "4.12"),
        RuntimeSpec {
            runtime_handler: Some(HandlerSpec {
                name: Some("runc-custom".into()),
                runtime_type: Some("oci".into()),
                runtime_path: Some("/usr/bin/runc".into()),
                runtime_root: Some("/run/runc".into()),
                privileged_without_host_devices: Some(false),
                allowed_annotations: vec!["io.kubernetes.cri-o.userns-mode".into()],
                ..Default::default()
            }),
            ..Default::default()
        },
    ];
    for spec in &specs {
        let dropin = crio_dropin(spec).unwrap();
        let parsed: DropIn = toml::from_str(&dropin.text).unwrap_or_else(|e| panic!("{e}\n{}", dropin.text));
        let handler = &parsed.crio.runtime.runtimes[&dropin.handler];
        let given = spec.runtime_handler.clone().unwrap_or_default();
        assert_eq!(handler.runtime_config_path, given.runtime_config_path, "{}", dropin.text);
        assert_eq!(handler.allowed_annotations, given.allowed_annotations, "{}", dropin.text);
        if let Some(path) = &given.runtime_path {
            assert_eq!(&handler.runtime_path, path);
        }
    }
}

fn full_set() -> Vec<Config> {
    let mut operator = SandboxedContainersOperator::default();
    operator.metadata.name = Some("sandboxed-containers-operator".into());
    operator.spec = OperatorSpec { channel: Some("stable".into()), ..Default::default() };
    let mut runtime = KataRuntime::default();
    runtime.metadata.name = Some("cluster-kataconfig".into());
    runtime.spec = RuntimeSpec {
        name: runtime.metadata.name.clone(),
        pool_selector: Some(PoolSelector {
            match_labels: [("kata".to_owned(), "true".into()), ("zone".to_owned(), "a".into())].into(),
            ..Default::default()
        }),
        log_level: Some("debug".into()),
        render_node_objects: true,
        ..long_handler("1.7.0", "4.16")
    };
    vec![Config::Operator(operator), Config::Runtime(runtime)]
}

#[test]
fn rendering_is_deterministic() {
    let configs = full_set();
    let first = render(&configs).unwrap();
    let second = render(&configs).unwrap();
    assert_eq!(first.to_yaml().unwrap(), second.to_yaml().unwrap());
    assert_eq!(first.to_json().unwrap(), second.to_json().unwrap());
    assert_eq!(first.objects.len(), 10, "{}", first.to_yaml().unwrap());

    // The order configs are given in does not change the output.
    let reversed: Vec<Config> = configs.into_iter().rev().collect();
    assert_eq!(render(&reversed).unwrap().to_yaml().unwrap(), first.to_yaml().unwrap());
}
