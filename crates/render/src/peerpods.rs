//! Peer pods: the ConfigMap `peer-pods-cm` a KataRuntime's `spec.peerPods` becomes, the
//! checks on its values, and the peer-pods node objects the operator of each release creates.
//!
//! The keys, which of them the operator needs per provider, and the Secret keys come from the
//! operator's `controllers/image_generator.go` (`validatePeerPodsConfigs`) and
//! `config/peerpods/peerpodscm.yaml` in openshift/sandboxed-containers-operator (devel at
//! 4e8e2b0, ff3d037~1 and 8bdc907, carried by the snir911 fork), and the OpenShift sandboxed
//! containers 1.10 docs for the common keys. Which era of that code a release runs is data:
//! its `peer-pods` row in `catalog.toml` ([`PeerPodsBehaviour`]); so are each provider's keys
//! per release (`[[peer-pods-provider]]`) and the releases that read `AA_KBC_PARAMS`, with
//! where each was read.
//!
//! Credentials never pass through here: the Secret `peer-pods-secret` is the user's (or the
//! operator's, through the Cloud Credential Operator), and only its keys are named, so users
//! know what to create.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use oscgen_api::ignition::v2_2;
use oscgen_api::mco::v1::{MachineConfig, MachineConfigSpec};
use oscgen_api::oscgen::v1alpha1::{CloudProvider, Credentials, PeerPodsSpec};

use crate::catalog::{self, CATALOG, NAMESPACE, PeerPods, PeerPodsBehaviour, ProviderKeys, Release, Status};
use crate::{DiagnosticKind as K, FieldPath, Report, Severity};

/// The ConfigMap the operator and its cloud-api-adaptor read [C `peerpodscm.yaml`].
pub const CONFIG_MAP: &str = "peer-pods-cm";
/// The Secret with the cloud credentials: the 1.8 `PeerPodConfig` names it
/// (`cloudSecretName`), and from 1.9 the cloud-api-adaptor DaemonSet takes it with `envFrom`.
pub const SECRET: &str = "peer-pods-secret";
/// The optional Secret the cloud-api-adaptor mounts at `/root/.ssh` (`optional: true`,
/// `processDaemonsetForCAA` at 8bdc907).
pub const SSH_KEY_SECRET: &str = "ssh-key-secret";
/// The `app` label of the operator's peer-pods MachineConfigs (1.8-1.10).
pub const MACHINE_CONFIG_APP: &str = "peerpodconfig-openshift";

/// Keys every provider shares (`[peer-pods-common]` in catalog.toml).
const COMMON_KEYS: &[&str] = catalog::PEER_PODS_COMMON_KEYS.value;

/// The row of `catalog.toml` (`[[peer-pods-provider]]`) that holds `provider`'s keys for the
/// releases of `era`.
fn provider_row(provider: CloudProvider, era: PeerPodsBehaviour) -> Option<&'static ProviderKeys> {
    catalog::PEER_PODS_KEYS.iter().find(|r| r.provider == provider && r.eras.contains(&era))
}

/// `field` of every row of `provider`, once each, in row order.
fn every_release(provider: CloudProvider, field: fn(&ProviderKeys) -> &'static [&'static str]) -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = Vec::new();
    for row in catalog::PEER_PODS_KEYS.iter().filter(|r| r.provider == provider) {
        for key in field(row) {
            if !keys.contains(key) {
                keys.push(key);
            }
        }
    }
    keys
}

/// The attestation agent's key broker settings (`cc_kbc::<url>`), which peer-pods-cm carried for
/// confidential peer pods before the KBS URL moved into `INITDATA` (`aa.toml`, `cdh.toml`).
pub const AA_KBC_PARAMS: &str = "AA_KBC_PARAMS";

/// Whether releases of peer-pods era `era` read [`AA_KBC_PARAMS`] (`catalog.toml`,
/// `[peer-pods-aa-kbc-params]`: documented for 1.7, inferred for the other releases before 1.9).
pub fn reads_aa_kbc_params(era: PeerPodsBehaviour) -> bool {
    catalog::AA_KBC_PARAMS_ERAS.value.contains(&era)
}

/// Keys the cloud-api-adaptor needs to create each pod VM, which the operator does not check
/// before building the image (Azure's subnet and network security group): missing, the image
/// builds and every pod VM fails. From `catalog.toml` (`network` of `[[peer-pods-provider]]`).
pub fn network_keys(provider: CloudProvider) -> Vec<&'static str> {
    every_release(provider, |r| r.network)
}

/// Every `peer-pods-cm` key documented for some provider and release, sorted.
pub fn known_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = COMMON_KEYS.to_vec();
    keys.push(AA_KBC_PARAMS);
    for provider in CloudProvider::ALL {
        keys.extend(every_release(provider, |r| r.keys));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys the operator checks (present and not empty) before it builds the pod VM image,
/// besides `CLOUD_PROVIDER`, for the releases of `era` (`catalog.toml`, `required` of
/// `[[peer-pods-provider]]`, with where each list was read).
pub fn required_keys(provider: CloudProvider, era: PeerPodsBehaviour) -> &'static [&'static str] {
    provider_row(provider, era).map_or(&[], |r| r.required)
}

/// The keys `peer-pods-secret` holds for a provider, for the releases of `era` (`catalog.toml`,
/// `secret` of `[[peer-pods-provider]]`).
pub fn secret_keys(provider: CloudProvider, era: PeerPodsBehaviour) -> &'static [&'static str] {
    provider_row(provider, era).map_or(&[], |r| r.secret)
}

/// Keys of `peer-pods-cm` the operator writes itself, with what it writes there: the id of
/// the pod VM image it builds (each provider's last key in the table of
/// `validatePeerPodsConfigs`), and from 1.7 `DISABLECVM`, from the `confidential` gate
/// (`confidential_handler.go`).
pub fn operator_written(key: &str, era: Option<PeerPodsBehaviour>) -> Option<&'static str> {
    catalog::OPERATOR_WRITTEN
        .iter()
        .find(|row| row.keys.contains(&key) && era.is_none_or(|e| row.eras.contains(&e)))
        .map(|row| row.why)
}

/// The RuntimeClass (and CRI-O handler) of peer pods: `kata-remote-cc` in 1.4, `kata-remote`
/// from 1.5.
pub fn runtime_class_name(era: PeerPodsBehaviour) -> &'static str {
    if era == PeerPodsBehaviour::RemoteCc14 { "kata-remote-cc" } else { "kata-remote" }
}

/// The peer-pods RuntimeClass's pod overhead: cpu 0.25 (250m) always; memory 350Mi up to
/// 1.8, 120Mi from 1.9 (commit 40322ec, KATA-3270).
pub fn overhead(era: PeerPodsBehaviour) -> (&'static str, &'static str) {
    if era >= PeerPodsBehaviour::Remote19 { ("250m", "120Mi") } else { ("250m", "350Mi") }
}

/// The CRI-O drop-in of the operator's MachineConfig `50-kata-remote` from 1.7 on, decoded from
/// the data URL of `config/peerpods/mc-50-crio-config.yaml` (openshift/sandboxed-containers-operator
/// tag v1.7.0, and the identical blob at 4e8e2b0, ff3d037~1 and 8bdc907).
pub const KATA_REMOTE_DROPIN: &str = "[crio.runtime.runtimes.kata-remote]
  runtime_path = \"/usr/bin/containerd-shim-kata-v2\"
  runtime_type = \"vm\"
  runtime_root = \"/run/vc\"
  runtime_config_path = \"/opt/kata/configuration-remote.toml\"
  privileged_without_host_devices = true
  runtime_pull_image = true
  allowed_annotations = [
\t\"io.kubernetes.cri-o.Devices\",
  ]
";

/// The media type the operator's `50-kata-remote` data URL names.
const DATA_URL_PREFIX: &str = "data:text/plain;charset=utf-8;base64,";

/// The operator's MachineConfig `50-kata-remote` for the pool `role`, where a release's
/// MachineConfig was read: 1.8 to 1.10 (node-objects §4: Ignition 2.2.0, the file on the root
/// filesystem with mode 0644, labels role and `app: peerpodconfig-openshift`). `None` for the
/// other releases ([`not_previewed`] says why).
pub fn crio_machine_config(era: PeerPodsBehaviour, role: &str) -> Option<MachineConfig> {
    if !(PeerPodsBehaviour::Remote18..=PeerPodsBehaviour::Remote110).contains(&era) {
        return None;
    }
    let handler = runtime_class_name(era);
    let file = v2_2::File {
        filesystem: v2_2::ROOT_FILESYSTEM.to_owned(),
        path: crate::crio::drop_in_path(handler),
        mode: Some(0o644),
        contents: Some(v2_2::FileContents {
            compression: None,
            source: Some(format!("{DATA_URL_PREFIX}{}", STANDARD.encode(KATA_REMOTE_DROPIN))),
        }),
    };
    let config = v2_2::Config { storage: Some(v2_2::Storage { files: vec![file] }), ..Default::default() };
    let mut mc = MachineConfig::for_role(
        format!("50-{handler}"),
        role,
        MachineConfigSpec { config: config.into(), ..Default::default() },
    );
    mc.metadata.labels.get_or_insert_with(BTreeMap::new).insert("app".to_owned(), MACHINE_CONFIG_APP.to_owned());
    Some(mc)
}

/// The peer-pods MachineConfigs the preview of `release` leaves out, and why: always
/// `40-worker-kata-remote-config`, and `50-kata-remote` where [`crio_machine_config`] has none.
pub fn not_previewed(release: &Release, era: PeerPodsBehaviour) -> (String, String) {
    let config = "40-worker-kata-remote-config carries the operator's gzip-compressed Kata configuration for the remote hypervisor (/opt/kata/configuration-remote.toml), whose content oscgen does not have";
    let dropin = format!("50-{}", runtime_class_name(era));
    if crio_machine_config(era, "").is_some() {
        return ("MachineConfig 40-worker-kata-remote-config".to_owned(), config.to_owned());
    }
    let why = if era >= PeerPodsBehaviour::Remote111 {
        format!(
            "the peer-pods MachineConfigs were last read in the 1.10 code, and whether release {} still writes {dropin} that way is not known; {config}",
            release.version
        )
    } else {
        format!("the labels the operator of release {} puts on {dropin} were not read; {config}", release.version)
    };
    (format!("MachineConfigs {dropin} and 40-worker-kata-remote-config"), why)
}

/// The first release whose peer-pods era is `era` or later.
pub fn first_with(era: PeerPodsBehaviour) -> &'static str {
    CATALOG.iter().find(|r| r.peer_pods.is_some_and(|p| p.era >= era)).map_or("a later release", |r| r.version)
}

/// A validated `spec.peerPods`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The release's peer-pods era.
    pub era: PeerPodsBehaviour,
    /// The provider.
    pub provider: CloudProvider,
    /// `peer-pods-cm`'s data.
    pub data: BTreeMap<String, String>,
}

impl Resolved {
    /// The ConfigMap `peer-pods-cm` in the operator's namespace.
    pub fn config_map(&self) -> ConfigMap {
        config_map(CONFIG_MAP, self.data.clone())
    }
}

/// A ConfigMap in the operator's namespace.
pub(crate) fn config_map(name: &str, data: BTreeMap<String, String>) -> ConfigMap {
    ConfigMap {
        metadata: ObjectMeta {
            name: Some(name.to_owned()),
            namespace: Some(NAMESPACE.to_owned()),
            ..Default::default()
        },
        data: Some(data),
        ..Default::default()
    }
}

/// One field of a provider block and the key it becomes.
struct Entry<'a> {
    field: &'static str,
    key: &'static str,
    value: Field<'a>,
}

/// A block field's value: a string, or a list written comma separated.
enum Field<'a> {
    Text(Option<&'a str>),
    List(&'a [String]),
}

fn text(value: &Option<String>) -> Field<'_> {
    Field::Text(value.as_deref())
}

/// The fields of the block of `provider`, `None` when the block is absent.
fn entries(spec: &PeerPodsSpec, provider: CloudProvider) -> Option<Vec<Entry<'_>>> {
    let e = |field, key, value| Entry { field, key, value };
    match provider {
        CloudProvider::Aws => spec.aws.as_ref().map(|b| {
            vec![
                e("region", "AWS_REGION", text(&b.region)),
                e("subnetId", "AWS_SUBNET_ID", text(&b.subnet_id)),
                e("vpcId", "AWS_VPC_ID", text(&b.vpc_id)),
                e("securityGroupIds", "AWS_SG_IDS", Field::List(&b.security_group_ids)),
                e("instanceType", "PODVM_INSTANCE_TYPE", text(&b.instance_type)),
                e("instanceTypes", "PODVM_INSTANCE_TYPES", Field::List(&b.instance_types)),
                e("amiId", "PODVM_AMI_ID", text(&b.ami_id)),
            ]
        }),
        CloudProvider::Azure => spec.azure.as_ref().map(|b| {
            vec![
                e("region", "AZURE_REGION", text(&b.region)),
                e("resourceGroup", "AZURE_RESOURCE_GROUP", text(&b.resource_group)),
                e("subnetId", "AZURE_SUBNET_ID", text(&b.subnet_id)),
                e("nsgId", "AZURE_NSG_ID", text(&b.nsg_id)),
                e("instanceSize", "AZURE_INSTANCE_SIZE", text(&b.instance_size)),
                e("instanceSizes", "AZURE_INSTANCE_SIZES", Field::List(&b.instance_sizes)),
                e("imageId", "AZURE_IMAGE_ID", text(&b.image_id)),
            ]
        }),
        CloudProvider::Gcp => spec.gcp.as_ref().map(|b| {
            vec![
                e("projectId", "GCP_PROJECT_ID", text(&b.project_id)),
                e("zone", "GCP_ZONE", text(&b.zone)),
                e("network", "GCP_NETWORK", text(&b.network)),
                e("machineType", "GCP_MACHINE_TYPE", text(&b.machine_type)),
            ]
        }),
        CloudProvider::Libvirt => spec.libvirt.as_ref().map(|b| {
            vec![
                e("pool", "LIBVIRT_POOL", text(&b.pool)),
                e("volumeName", "LIBVIRT_VOL_NAME", text(&b.volume_name)),
                e("dirName", "LIBVIRT_DIR_NAME", text(&b.dir_name)),
                e("network", "LIBVIRT_NET", text(&b.network)),
            ]
        }),
    }
}

/// The block field that becomes `key`, for messages.
fn field_of(provider: CloudProvider, key: &str) -> &'static str {
    let spec = PeerPodsSpec {
        aws: Some(Default::default()),
        azure: Some(Default::default()),
        gcp: Some(Default::default()),
        libvirt: Some(Default::default()),
        ..Default::default()
    };
    entries(&spec, provider).into_iter().flatten().find(|e| e.key == key).map_or("", |e| e.field)
}

/// Validates `spec` (the config's `spec.peerPods`, at `at`) for `release`; `None` after an error.
pub fn resolve(spec: &PeerPodsSpec, release: &Release, at: &FieldPath, report: &mut Report) -> Option<Resolved> {
    let Some(peer_pods) = release.peer_pods else {
        report.add(
            at.clone(),
            K::FeatureNotInRelease {
                feature: "peer pods".to_owned(),
                release: release.version.to_owned(),
                since: first_with(PeerPodsBehaviour::RemoteCc14).to_owned(),
            },
        );
        return None;
    };
    let era = peer_pods.era;
    let before = errors(report);
    let mut data = BTreeMap::new();

    let blocks = [
        (CloudProvider::Aws, spec.aws.is_some()),
        (CloudProvider::Azure, spec.azure.is_some()),
        (CloudProvider::Gcp, spec.gcp.is_some()),
        (CloudProvider::Libvirt, spec.libvirt.is_some()),
    ];
    let provider = spec.provider;
    match provider {
        None => report.add(at.key("provider"), K::MissingProvider),
        Some(provider) => {
            for (block, _) in blocks.iter().filter(|(b, given)| *given && *b != provider) {
                report.add(
                    at.key(block.as_str()),
                    K::ProviderBlockMismatch {
                        block: block.as_str().to_owned(),
                        provider: provider.as_str().to_owned(),
                    },
                );
            }
            if provider == CloudProvider::Gcp && era < PeerPodsBehaviour::Remote19 {
                report.add(
                    at.key("provider"),
                    K::FeatureNotInRelease {
                        feature: "provider gcp".to_owned(),
                        release: release.version.to_owned(),
                        since: first_with(PeerPodsBehaviour::Remote19).to_owned(),
                    },
                );
            }
            data.insert("CLOUD_PROVIDER".to_owned(), provider.as_str().to_owned());
            provider_block(spec, provider, release, era, at, &mut data, report);
        }
    }
    common(spec, release, era, at, &mut data, report);
    credentials(spec, provider, release, era, at, report);

    let provider = provider?;
    (errors(report) == before).then_some(Resolved { era, provider, data })
}

/// What to do next and what the output rests on, for a spec that renders: the Secret to
/// create, and what about the release's peer pods is not confirmed.
pub fn notes(spec: &PeerPodsSpec, resolved: &Resolved, release: &Release, at: &FieldPath, report: &mut Report) {
    if let Some(Credentials::Secret(_)) = &spec.credentials {
        let keys = secret_keys(resolved.provider, resolved.era).join(", ");
        let kind = K::PeerPodsSecretKeys { secret: SECRET.to_owned(), namespace: NAMESPACE.to_owned(), keys };
        report.add(at.key("credentials"), kind);
    }
    if let Some(PeerPods { status: Status::Secondary | Status::Inferred, note: Some(note), .. }) = release.peer_pods {
        report.add(at.clone(), K::PeerPodsNotConfirmed { release: release.version.to_owned(), note: note.to_owned() });
    }
}

/// How many errors `report` holds.
fn errors(report: &Report) -> usize {
    report.entries.iter().filter(|d| d.severity == Severity::Error).count()
}

fn provider_block(
    spec: &PeerPodsSpec,
    provider: CloudProvider,
    release: &Release,
    era: PeerPodsBehaviour,
    at: &FieldPath,
    data: &mut BTreeMap<String, String>,
    report: &mut Report,
) {
    let required = required_keys(provider, era);
    let block = at.key(provider.as_str());
    let none_set = |report: &mut Report| {
        let fields: Vec<String> = required.iter().map(|k| field_of(provider, k).to_owned()).collect();
        let kind = K::MissingProviderBlock { provider: provider.as_str().to_owned(), fields: fields.join(", ") };
        report.add(block.clone(), kind);
    };
    let Some(entries) = entries(spec, provider) else {
        // A block under another provider's name is already reported, with the fix.
        let misnamed = [spec.aws.is_some(), spec.azure.is_some(), spec.gcp.is_some(), spec.libvirt.is_some()];
        if !required.is_empty() && !misnamed.contains(&true) {
            none_set(report);
        }
        return;
    };
    // The operator needs its keys present and not empty. A block with none of them set is one
    // mistake (a template left unfilled), reported once.
    let mut missing: Vec<(FieldPath, &str, String)> = Vec::new();
    let mut set = 0;
    for Entry { field, key, value } in entries {
        let path = block.key(field);
        let value = match value {
            Field::Text(None) => None,
            Field::Text(Some(v)) if v.trim().is_empty() && required.contains(&key) => {
                missing.push((path, key, format!("give spec.peerPods.{provider}.{field} a value")));
                continue;
            }
            Field::Text(Some(v)) if v.trim().is_empty() => {
                report.add(path.clone(), K::Empty);
                continue;
            }
            Field::Text(Some(v)) => match value_problem(key, v) {
                Some(problem) => {
                    report.add(path.clone(), problem);
                    continue;
                }
                None => Some(v.to_owned()),
            },
            Field::List([]) => None,
            Field::List(items) => {
                let before = errors(report);
                for (i, item) in items.iter().enumerate() {
                    if item.trim().is_empty() {
                        report.add(path.index(i), K::Empty);
                    } else if let Some(problem) = list_item_problem(key, item) {
                        report.add(path.index(i), problem);
                    }
                }
                if errors(report) > before {
                    continue;
                }
                Some(items.join(","))
            }
        };
        match value {
            Some(v) => {
                if let Some(why) = operator_written(key, Some(era)) {
                    report.add(path, K::OperatorWrittenKey { key: key.to_owned(), why: why.to_owned() });
                }
                set += usize::from(required.contains(&key));
                data.insert(key.to_owned(), v);
            }
            None if required.contains(&key) => {
                missing.push((path, key, format!("set spec.peerPods.{provider}.{field}")))
            }
            None => {}
        }
    }
    if set == 0 && missing.len() == required.len() && !required.is_empty() {
        return none_set(report);
    }
    for (path, key, fix) in missing {
        let who = format!("the operator of release {}", release.version);
        let provider = provider.as_str().to_owned();
        report.add(path, K::MissingPeerPodsKey { key: key.to_owned(), provider, who, fix });
    }
}

/// The keys every provider shares.
fn common(
    spec: &PeerPodsSpec,
    release: &Release,
    era: PeerPodsBehaviour,
    at: &FieldPath,
    data: &mut BTreeMap<String, String>,
    report: &mut Report,
) {
    let too_old = |field: &str, since: PeerPodsBehaviour, report: &mut Report| {
        let too_old = era < since;
        if too_old {
            report.add(
                at.key(field),
                K::FeatureNotInRelease {
                    feature: format!("{field} ({})", key_of_common(field)),
                    release: release.version.to_owned(),
                    since: first_with(since).to_owned(),
                },
            );
        }
        too_old
    };
    let numbers = [
        ("vxlanPort", spec.vxlan_port),
        ("limitPerNode", spec.limit_per_node),
        ("rootVolumeSize", spec.root_volume_size),
    ];
    for (field, value) in numbers {
        let Some(value) = value else { continue };
        // 1.8 takes the limit from its PeerPodConfig; 1.9 moved it into peer-pods-cm.
        if field == "limitPerNode" && too_old(field, PeerPodsBehaviour::Remote19, report) {
            continue;
        }
        let key = key_of_common(field);
        let text = value.to_string();
        match value_problem(key, &text) {
            Some(problem) => report.add(at.key(field), problem),
            None => {
                data.insert(key.to_owned(), text);
            }
        }
    }
    if let Some(timeout) = &spec.proxy_timeout {
        match value_problem("PROXY_TIMEOUT", timeout) {
            Some(problem) => report.add(at.key("proxyTimeout"), problem),
            None => {
                data.insert("PROXY_TIMEOUT".to_owned(), timeout.clone());
            }
        }
    }
    if !spec.tags.is_empty() {
        let before = errors(report);
        for (key, value) in &spec.tags {
            let path = at.key("tags").key(key.clone());
            if let Some(reason) = tag_problem(key, value) {
                report.add(path, K::InvalidTag { key: key.clone(), reason });
            }
        }
        if errors(report) == before {
            let tags: Vec<String> = spec.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
            data.insert("TAGS".to_owned(), tags.join(","));
        }
    }
    if let Some(disable) = spec.disable_cvm {
        if let Some(why) = operator_written("DISABLECVM", Some(era)) {
            report
                .add(at.key("disableCVM"), K::OperatorWrittenKey { key: "DISABLECVM".to_owned(), why: why.to_owned() });
        }
        data.insert("DISABLECVM".to_owned(), disable.to_string());
    }
    if let Some(uri) = &spec.pod_vm_image_uri
        && !too_old("podVMImageURI", PeerPodsBehaviour::Remote110, report)
    {
        if uri.trim().is_empty() {
            report.add(at.key("podVMImageURI"), K::Empty);
        } else {
            data.insert("PODVM_IMAGE_URI".to_owned(), uri.clone());
        }
    }
}

/// The key a common field becomes.
fn key_of_common(field: &str) -> &'static str {
    match field {
        "vxlanPort" => "VXLAN_PORT",
        "limitPerNode" => "PEERPODS_LIMIT_PER_NODE",
        "rootVolumeSize" => "ROOT_VOLUME_SIZE",
        "proxyTimeout" => "PROXY_TIMEOUT",
        "tags" => "TAGS",
        "disableCVM" => "DISABLECVM",
        "podVMImageURI" => "PODVM_IMAGE_URI",
        _ => "",
    }
}

/// `credentials` and `sshKey`: where the Secrets come from.
fn credentials(
    spec: &PeerPodsSpec,
    provider: Option<CloudProvider>,
    release: &Release,
    era: PeerPodsBehaviour,
    at: &FieldPath,
    report: &mut Report,
) {
    let keys = |provider: Option<CloudProvider>| {
        provider.map_or_else(|| "per provider".to_owned(), |p| secret_keys(p, era).join(", "))
    };
    match &spec.credentials {
        None => report.add(at.key("credentials"), K::MissingCredentials { keys: keys(provider) }),
        Some(Credentials::Secret(secret)) => {
            if secret.secret_name != SECRET {
                report.add(
                    at.key("credentials").key("secretName"),
                    K::FixedSecretName {
                        given: secret.secret_name.clone(),
                        required: SECRET.to_owned(),
                        purpose: "the cloud credentials".to_owned(),
                    },
                );
            }
        }
        Some(Credentials::CloudCredentialOperator) => {
            if era < PeerPodsBehaviour::Remote16 {
                report.add(
                    at.key("credentials"),
                    K::FeatureNotInRelease {
                        feature: "credentials from the Cloud Credential Operator".to_owned(),
                        release: release.version.to_owned(),
                        since: first_with(PeerPodsBehaviour::Remote16).to_owned(),
                    },
                );
            } else if provider == Some(CloudProvider::Libvirt) {
                report
                    .add(at.key("credentials"), K::CredentialsRequestNotForProvider { provider: "libvirt".to_owned() });
            }
        }
    }
    if let Some(ssh) = &spec.ssh_key
        && ssh.secret_name != SSH_KEY_SECRET
    {
        report.add(
            at.key("sshKey").key("secretName"),
            K::FixedSecretName {
                given: ssh.secret_name.clone(),
                required: SSH_KEY_SECRET.to_owned(),
                purpose: "the pod VMs' SSH key".to_owned(),
            },
        );
    }
}

/// What is wrong with `value` as the `peer-pods-cm` key `key`, if anything (an empty value is
/// the caller's to judge: required keys must not be empty, the operator fills its own).
pub fn value_problem(key: &str, value: &str) -> Option<K> {
    match key {
        "CLOUD_PROVIDER" => {
            CloudProvider::parse(value).is_none().then(|| K::UnknownCloudProvider { value: value.to_owned() })
        }
        "AWS_SUBNET_ID" => aws_id(value, "subnet"),
        "AWS_VPC_ID" => aws_id(value, "vpc"),
        "AWS_SG_IDS" => value.split(',').find_map(|id| aws_id(id.trim(), "sg")),
        "PODVM_AMI_ID" => aws_id(value, "ami"),
        "AZURE_SUBNET_ID" => azure_id(
            value,
            &["Microsoft.Network", "virtualNetworks", "*", "subnets", "*"],
            "an Azure subnet resource id, /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<network>/subnets/<subnet>",
        ),
        "AZURE_NSG_ID" => azure_id(
            value,
            &["Microsoft.Network", "networkSecurityGroups", "*"],
            "an Azure network security group resource id, /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Network/networkSecurityGroups/<name>",
        ),
        "AZURE_IMAGE_ID" => azure_image(value),
        // A directory on the libvirt host, which the adaptor's pool lives in.
        "LIBVIRT_DIR_NAME" => {
            crate::rules::node_path(value).map(|reason| K::InvalidPath { path: value.to_owned(), reason })
        }
        "VXLAN_PORT" => match value.trim().parse::<i64>() {
            Ok(port) if (1..=65535).contains(&port) => None,
            _ => Some(K::PortOutOfRange { value: value.to_owned() }),
        },
        "PEERPODS_LIMIT_PER_NODE" | "ROOT_VOLUME_SIZE" => match value.trim().parse::<i64>() {
            Ok(n) if n >= 1 => None,
            _ => Some(K::NotPositive { value: value.to_owned() }),
        },
        "PROXY_TIMEOUT" => match go_duration(value) {
            Ok(nanos) if nanos > 0 => None,
            Ok(_) => {
                Some(K::InvalidDuration { value: value.to_owned(), reason: "it must be longer than zero".to_owned() })
            }
            Err(reason) => Some(K::InvalidDuration { value: value.to_owned(), reason: reason.to_owned() }),
        },
        "TAGS" => value.split(',').find_map(|pair| match pair.split_once('=') {
            Some((k, v)) => {
                tag_problem(k.trim(), v.trim()).map(|reason| K::InvalidTag { key: k.trim().to_owned(), reason })
            }
            None => Some(K::InvalidTag { key: pair.trim().to_owned(), reason: "has no `=value`".to_owned() }),
        }),
        "DISABLECVM" => (!matches!(
            value,
            "1" | "t" | "T" | "TRUE" | "true" | "True" | "0" | "f" | "F" | "FALSE" | "false" | "False"
        ))
        .then(|| K::InvalidPeerPodsValue {
            value: value.to_owned(),
            expected: "a boolean (true or false), as Go's strconv.ParseBool reads DISABLECVM".to_owned(),
        }),
        _ => None,
    }
}

/// What is wrong with one item of a list field, written comma separated.
fn list_item_problem(key: &str, item: &str) -> Option<K> {
    match key {
        "AWS_SG_IDS" => aws_id(item, "sg"),
        _ => (item.contains(',') || item.chars().any(char::is_whitespace)).then(|| K::InvalidPeerPodsValue {
            value: item.to_owned(),
            expected: "an instance type or size without commas or spaces (the list is written comma separated), like t3.medium or Standard_D8as_v5".to_owned(),
        }),
    }
}

/// An AWS resource id: `<prefix>-` and 8 or 17 lowercase hexadecimal digits.
fn aws_id(value: &str, prefix: &str) -> Option<K> {
    let hex = value.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('-')).unwrap_or_default();
    let ok = matches!(hex.len(), 8 | 17) && hex.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
    let what = match prefix {
        "subnet" => "a subnet",
        "vpc" => "a VPC",
        "sg" => "a security group",
        _ => "an AMI",
    };
    (!ok).then(|| K::InvalidPeerPodsValue {
        value: value.to_owned(),
        expected: format!("{what} id: {prefix}- and 8 or 17 hexadecimal digits, like {prefix}-0123456789abcdef0"),
    })
}

/// Whether `text` is a GUID (8-4-4-4-12 hexadecimal digits), as Azure subscription ids are.
fn is_guid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An Azure resource id: `/subscriptions/<guid>/resourceGroups/<group>/providers/` then the
/// `tail` segments (`*` for a name). Azure compares the fixed segments case-insensitively.
fn azure_id(value: &str, tail: &[&str], expected: &str) -> Option<K> {
    let segments: Vec<&str> = value.split('/').collect();
    let head = ["", "subscriptions", "?", "resourceGroups", "*", "providers"];
    let fits = segments.len() == head.len() + tail.len()
        && segments.iter().zip(head.iter().chain(tail)).all(|(segment, pattern)| match *pattern {
            "?" => is_guid(segment),
            "*" => !segment.is_empty() && !segment.chars().any(char::is_whitespace),
            fixed => segment.eq_ignore_ascii_case(fixed),
        });
    (!fits).then(|| K::InvalidPeerPodsValue { value: value.to_owned(), expected: expected.to_owned() })
}

/// A pod VM image on Azure: a resource id under `Microsoft.Compute` (an image, or a gallery
/// image version), or a community gallery image (`/CommunityGalleries/...`).
fn azure_image(value: &str) -> Option<K> {
    let expected = "an Azure image resource id, /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.Compute/... or /CommunityGalleries/<gallery>/Images/<image>/Versions/<version>";
    let segments: Vec<&str> = value.split('/').collect();
    let named = |from: usize| {
        segments.len() > from && segments[from..].iter().all(|s| !s.is_empty() && !s.chars().any(char::is_whitespace))
    };
    let subscription = segments.len() > 7
        && segments[0].is_empty()
        && segments[1].eq_ignore_ascii_case("subscriptions")
        && is_guid(segments[2])
        && segments[3].eq_ignore_ascii_case("resourceGroups")
        && segments[5].eq_ignore_ascii_case("providers")
        && segments[6].eq_ignore_ascii_case("Microsoft.Compute")
        && named(4);
    let community = segments.len() == 7
        && segments[0].is_empty()
        && segments[1].eq_ignore_ascii_case("CommunityGalleries")
        && segments[3].eq_ignore_ascii_case("Images")
        && segments[5].eq_ignore_ascii_case("Versions")
        && named(1);
    (!(subscription || community))
        .then(|| K::InvalidPeerPodsValue { value: value.to_owned(), expected: expected.to_owned() })
}

/// What keeps a tag from surviving `TAGS`: the cloud-api-adaptor's `KeyValueFlag.Set`
/// (confidential-containers/cloud-api-adaptor) splits the value at every `,`, each pair at its
/// first `=`, and trims spaces around keys and values.
fn tag_problem(key: &str, value: &str) -> Option<String> {
    if key.trim().is_empty() {
        Some("has an empty key".to_owned())
    } else if key.contains('=') || key.contains(',') {
        Some("has `=` or `,` in its key".to_owned())
    } else if value.contains(',') {
        Some("has `,` in its value".to_owned())
    } else if key.trim() != key || value.trim() != value {
        Some("has spaces around its key or value, which the adaptor trims away".to_owned())
    } else {
        None
    }
}

/// Parses a duration the way Go's `time.ParseDuration` does (PROXY_TIMEOUT is read with it):
/// an optional sign, then one or more decimal numbers each with a unit (`ns`, `us`, `µs`,
/// `μs`, `ms`, `s`, `m`, `h`), or a bare `0`. Returns nanoseconds.
pub fn go_duration(text: &str) -> Result<i128, &'static str> {
    const UNITS: [(&str, i128); 8] = [
        ("ns", 1),
        ("us", 1_000),
        ("\u{b5}s", 1_000),
        ("\u{3bc}s", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
    ];
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err("it is empty");
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let whole_len = digits(rest);
        let whole = &rest[..whole_len];
        rest = &rest[whole_len..];
        let mut fraction = "";
        if let Some(after) = rest.strip_prefix('.') {
            let len = digits(after);
            fraction = &after[..len];
            rest = &after[len..];
        }
        if whole.is_empty() && fraction.is_empty() {
            return Err("a number is missing before a unit");
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        if unit.is_empty() {
            return Err("a number has no unit (ns, us, ms, s, m or h)");
        }
        let Some(&(_, scale)) = UNITS.iter().find(|(name, _)| *name == unit) else {
            return Err("it has a unit other than ns, us, ms, s, m and h");
        };
        // Go keeps the whole part exact and the fraction to the nanosecond; past about 292
        // years (the int64 range) it refuses the value.
        let whole: i128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| "it is too long")? };
        let mut part = whole.checked_mul(scale).ok_or("it is too long")?;
        if !fraction.is_empty() {
            let digits = fraction.len().min(18) as u32;
            let numerator: i128 = fraction[..digits as usize].parse().map_err(|_| "it is too long")?;
            part += numerator * scale / 10_i128.pow(digits);
        }
        total = total.checked_add(part).ok_or("it is too long")?;
        if total > i128::from(i64::MAX) + i128::from(negative) {
            return Err("it is longer than Go's durations go (about 292 years)");
        }
    }
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn durations_parse_as_go_parses_them() {
        let ok = [
            ("0", 0),
            ("5m", 300_000_000_000),
            ("1h30m", 5_400_000_000_000),
            ("1.5h", 5_400_000_000_000),
            (".5s", 500_000_000),
            ("1.s", 1_000_000_000),
            ("300ms", 300_000_000),
            ("2\u{b5}s", 2_000),
            ("2\u{3bc}s", 2_000),
            ("+3s", 3_000_000_000),
            ("-3s", -3_000_000_000),
            ("1h1m1s1ms1us1ns", 3_661_001_001_001),
            ("9223372036854775807ns", 9_223_372_036_854_775_807),
        ];
        for (text, nanos) in ok {
            assert_eq!(go_duration(text), Ok(nanos), "{text}");
        }
        for bad in
            ["", "5", "m", ".s", "5 m", "5min", "1d", "5m ", "-", "+", "1e3s", "9223372036854775808ns", "0.0", "00"]
        {
            assert!(go_duration(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn cloud_ids() {
        assert!(aws_id("subnet-0123456789abcdef0", "subnet").is_none());
        assert!(aws_id("subnet-01234567", "subnet").is_none());
        for bad in ["subnet-0123", "subnet-0123456789ABCDEF0", "sg-0123456789abcdef0", "subnet0123456789abcdef0"] {
            assert!(aws_id(bad, "subnet").is_some(), "{bad}");
        }
        let subnet = "/subscriptions/12345678-1234-1234-1234-123456789abc/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/net/subnets/workers";
        assert_eq!(value_problem("AZURE_SUBNET_ID", subnet), None);
        assert_eq!(value_problem("AZURE_SUBNET_ID", &subnet.to_lowercase()), None);
        assert!(value_problem("AZURE_SUBNET_ID", "workers").is_some());
        assert!(value_problem("AZURE_NSG_ID", subnet).is_some());
        let image = "/CommunityGalleries/cococommunity/Images/podvm/Versions/0.11.0";
        assert_eq!(value_problem("AZURE_IMAGE_ID", image), None);
        assert!(value_problem("AZURE_IMAGE_ID", "podvm").is_some());
    }

    #[test]
    fn the_kata_remote_dropin_is_the_operators_table() {
        let table: toml::Table = KATA_REMOTE_DROPIN.parse().unwrap();
        let handler = &table["crio"]["runtime"]["runtimes"]["kata-remote"];
        assert_eq!(handler["runtime_path"].as_str(), Some("/usr/bin/containerd-shim-kata-v2"));
        assert_eq!(handler["runtime_config_path"].as_str(), Some("/opt/kata/configuration-remote.toml"));
        assert_eq!(handler["runtime_pull_image"].as_bool(), Some(true));
        assert_eq!(handler["allowed_annotations"][0].as_str(), Some("io.kubernetes.cri-o.Devices"));
    }
}
