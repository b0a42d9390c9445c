//! The operator releases oscgen knows, and how each one's operator shapes the node objects.
//!
//! Every value comes from `shared/reference/osc-releases.md`, which cites the operator
//! repository (`OP@<ref>`), the OpenShift docs and the community GitOps catalogs. Tags in the
//! comments: [C] read in the operator source, [C2] only in secondary material, [I] inferred.
//! Releases whose CSV name is only inferred (1.3.3 and 1.4.1 ship CSV files that still carry
//! the previous version) are left out: a wrong `startingCSV` leaves a Subscription stuck.

use std::fmt;

/// OLM package name of the operator, for every release [C bundle.Dockerfile label].
pub const PACKAGE: &str = "sandboxed-containers-operator";
/// The only namespace the operator installs into [C CSV `suggested-namespace`].
pub const NAMESPACE: &str = "openshift-sandboxed-containers-operator";
/// Name of the OperatorGroup and Subscription, as in the guide and the docs [C2].
pub const SUBSCRIPTION_NAME: &str = "openshift-sandboxed-containers-operator";
/// Catalog that publishes the operator [C2 docs, GitOps catalogs].
pub const SOURCE: &str = "redhat-operators";
/// Namespace of that catalog [C2].
pub const SOURCE_NAMESPACE: &str = "openshift-marketplace";

/// How a generation of the operator builds the node objects. Later generations change
/// selectors and labels; the variants follow the per-release table of osc-releases.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeBehaviour {
    /// 1.0: RuntimeClass `nodeSelector` = the pool selector's `matchLabels` only
    /// (matchExpressions dropped); MCP `kata-oc` only for a custom selector; MC role `worker`.
    Preview10,
    /// 1.1: as 1.0, but the RuntimeClass keeps `In` expressions with one value
    /// (`LabelSelectorAsMap`, commit 18a56bb).
    Preview11,
    /// 1.2: MCP `kata-oc` always, MC role `kata-oc`, RuntimeClass selects `kata-oc` nodes
    /// plus the flattened pool selector.
    Stable12,
    /// 1.3: as 1.2, plus the MCP label `pools.operator.machineconfiguration.openshift.io/kata-oc`
    /// and a ContainerRuntimeConfig for a log level other than `info`.
    Stable13,
    /// 1.4 and later: MCP and RuntimeClass select only `node-role.kubernetes.io/kata-oc`; the
    /// extension name comes from `SANDBOXED_CONTAINERS_EXTENSION`.
    Current,
}

/// An OpenShift minor version, `4.<minor>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpenShift {
    /// The minor version (9 for 4.9).
    pub minor: u32,
}

impl OpenShift {
    /// Parses `4.N` (a patch level, `4.9.5`, is accepted and ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let (major, minor) = (parts.next()?, parts.next()?);
        if major != "4" {
            return None;
        }
        let minor = minor.parse().ok()?;
        match parts.next() {
            Some(patch) if patch.parse::<u32>().is_err() => None,
            _ if parts.next().is_some() => None,
            _ => Some(Self { minor }),
        }
    }

    /// The first version whose Machine Config Daemon can write gzip-compressed files on a
    /// running node (MCO commit 200cff2, in release-4.10 but not 4.9).
    pub const GZIP_ON_UPDATE: OpenShift = OpenShift { minor: 10 };

    /// The first version whose CRI-O (1.22) knows a handler's `runtime_config_path`
    /// (crio-kata.md §3; OpenShift 4.y ships CRI-O 1.(y+13)).
    pub const CRIO_RUNTIME_CONFIG_PATH: OpenShift = OpenShift { minor: 9 };
}

impl fmt::Display for OpenShift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "4.{}", self.minor)
    }
}

/// One operator release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Release {
    /// Version, `1.1.0`.
    pub version: &'static str,
    /// The catalog channel it is published on.
    pub channel: &'static str,
    /// Its ClusterServiceVersion name (the Subscription's `startingCSV`).
    pub csv: &'static str,
    /// Oldest OpenShift it is made for.
    pub openshift_min: OpenShift,
    /// Newest OpenShift it is made for.
    pub openshift_max: OpenShift,
    /// How its operator builds the node objects.
    pub nodes: NodeBehaviour,
    /// Where the row comes from.
    pub source: &'static str,
}

/// A KataConfig `spec` field that only some releases have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KataField {
    /// `checkNodeEligibility`, 1.2+.
    CheckNodeEligibility,
    /// `logLevel`, 1.3+.
    LogLevel,
    /// `enablePeerPods`, 1.4+.
    EnablePeerPods,
}

impl KataField {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            KataField::CheckNodeEligibility => "checkNodeEligibility",
            KataField::LogLevel => "logLevel",
            KataField::EnablePeerPods => "enablePeerPods",
        }
    }

    /// The first node behaviour (and so release) whose KataConfig has the field
    /// (osc-releases.md §4, from `api/v1/kataconfig_types.go` of each ref).
    fn since(self) -> NodeBehaviour {
        match self {
            KataField::CheckNodeEligibility => NodeBehaviour::Stable12,
            KataField::LogLevel => NodeBehaviour::Stable13,
            KataField::EnablePeerPods => NodeBehaviour::Current,
        }
    }
}

impl Release {
    /// Whether this release's KataConfig has `field`.
    pub fn has(&self, field: KataField) -> bool {
        self.nodes >= field.since()
    }

    /// The first release in the catalog whose KataConfig has `field`.
    pub fn first_with(field: KataField) -> &'static Release {
        CATALOG.iter().find(|r| r.has(field)).unwrap_or(newest())
    }

    /// Whether the operator's validating webhook refuses a second KataConfig (1.1+); 1.0
    /// accepted it and failed silently.
    pub fn rejects_second_kataconfig(&self) -> bool {
        self.nodes >= NodeBehaviour::Preview11
    }

    /// The supported OpenShift versions as text, `4.9` or `4.11–4.13`.
    pub fn openshift_range(&self) -> String {
        if self.openshift_min == self.openshift_max {
            self.openshift_min.to_string()
        } else {
            format!("{}-{}", self.openshift_min, self.openshift_max)
        }
    }
}

const fn ocp(minor: u32) -> OpenShift {
    OpenShift { minor }
}

/// Every release oscgen knows, oldest first.
pub static CATALOG: &[Release] = &[
    Release {
        version: "1.0.2",
        channel: "preview-1.0",
        csv: "sandboxed-containers-operator.v1.0.2",
        openshift_min: ocp(8),
        openshift_max: ocp(8),
        nodes: NodeBehaviour::Preview10,
        // CSV: the `replaces` target of 1.1.0 [C]; channel preview-1.0 [C2 GitOps catalogs];
        // OpenShift 4.8 [C 4.8 release notes].
        source: "OP@v1.0.0, OP@release-1.1 replaces; DOCS 4.8 release notes",
    },
    Release {
        version: "1.1.0",
        channel: "preview-1.1",
        csv: "sandboxed-containers-operator.v1.1.0",
        openshift_min: ocp(9),
        openshift_max: ocp(9),
        nodes: NodeBehaviour::Preview11,
        // Channel, CSV and `com.redhat.openshift.versions: v4.9` from the bundle [C].
        source: "OP@release-1.1 bundle",
    },
    Release {
        version: "1.2.0",
        channel: "stable-1.2",
        csv: "sandboxed-containers-operator.v1.2.0",
        openshift_min: ocp(10),
        openshift_max: ocp(10),
        nodes: NodeBehaviour::Stable12,
        // CSV [C]; the Red Hat catalog's channel is stable-1.2 while the upstream bundle
        // says `candidate` [C2].
        source: "OP@release-1.2; GitOps catalog stable-1.2 overlay",
    },
    Release {
        version: "1.3.0",
        channel: "stable-1.3",
        csv: "sandboxed-containers-operator.v1.3.0",
        openshift_min: ocp(11),
        openshift_max: ocp(11),
        nodes: NodeBehaviour::Stable13,
        source: "OP@release-1.3 bundle and Makefile; DOCS 4.11 release notes",
    },
    Release {
        version: "1.3.2",
        channel: "stable-1.3",
        csv: "sandboxed-containers-operator.v1.3.2",
        openshift_min: ocp(11),
        openshift_max: ocp(11),
        nodes: NodeBehaviour::Stable13,
        source: "OP@v1.3.2 CSV and Makefile",
    },
    Release {
        version: "1.4.0",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.4.0",
        // OpenShift range not in the sources read [I].
        openshift_min: ocp(11),
        openshift_max: ocp(13),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.4.0 CSV and Makefile",
    },
    Release {
        version: "1.5.0",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.5.0",
        // Peer pods were a dev preview with 4.14 [C2]; the range is [I].
        openshift_min: ocp(12),
        openshift_max: ocp(14),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.5.0 CSV and Makefile",
    },
    Release {
        version: "1.5.1",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.5.1",
        openshift_min: ocp(12),
        openshift_max: ocp(14),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.5.1 CSV and Makefile",
    },
    Release {
        version: "1.5.2",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.5.2",
        openshift_min: ocp(12),
        openshift_max: ocp(14),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.5.2 CSV and Makefile",
    },
    Release {
        version: "1.5.3",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.5.3",
        openshift_min: ocp(12),
        openshift_max: ocp(14),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.5.3 CSV and Makefile",
    },
    Release {
        version: "1.6.0",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.6.0",
        // [I] OpenShift 4.15/4.16.
        openshift_min: ocp(15),
        openshift_max: ocp(16),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.6.0 CSV and Makefile",
    },
    Release {
        version: "1.7.0",
        channel: "stable",
        csv: "sandboxed-containers-operator.v1.7.0",
        // [I]: 1.8 is the first CSV with minKubeVersion (1.28, OpenShift 4.15).
        openshift_min: ocp(15),
        openshift_max: ocp(17),
        nodes: NodeBehaviour::Current,
        source: "OP@v1.7.0 CSV and Makefile",
    },
];

/// The newest release in the catalog: the default when a config names none.
pub fn newest() -> &'static Release {
    // CATALOG is a non-empty constant.
    &CATALOG[CATALOG.len() - 1]
}

/// The release with this exact version.
pub fn by_version(version: &str) -> Option<&'static Release> {
    CATALOG.iter().find(|r| r.version == version.trim())
}

/// The newest release on this channel (what OLM installs when subscribing to it).
pub fn by_channel(channel: &str) -> Option<&'static Release> {
    CATALOG.iter().rev().find(|r| r.channel == channel.trim())
}

/// The releases whose CSV name is `csv`.
pub fn by_csv(csv: &str) -> Option<&'static Release> {
    CATALOG.iter().find(|r| r.csv == csv.trim())
}

/// Every channel, oldest first, once each.
pub fn channels() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in CATALOG {
        if !out.contains(&r.channel) {
            out.push(r.channel);
        }
    }
    out
}

/// Every version, oldest first.
pub fn versions() -> Vec<&'static str> {
    CATALOG.iter().map(|r| r.version).collect()
}

/// Finds the release a spec means by its `channel` and `release` fields, reporting unknown
/// values and disagreements at `spec.channel` / `spec.release`. With neither given, returns
/// `default` (or reports that one is needed when there is no default).
pub fn resolve(
    channel: Option<&str>,
    release: Option<&str>,
    default: Option<&'static Release>,
    spec: &crate::FieldPath,
    report: &mut crate::Report,
) -> Option<&'static Release> {
    use crate::DiagnosticKind as K;
    let by_channel = channel.and_then(|c| {
        let found = by_channel(c);
        if found.is_none() {
            let known = channels().join(", ");
            report.error(spec.key("channel"), K::UnknownChannel { channel: c.to_owned(), known });
        }
        found
    });
    let by_release = release.and_then(|v| {
        let found = by_version(v);
        if found.is_none() {
            let known = versions().join(", ");
            report.error(spec.key("release"), K::UnknownRelease { release: v.to_owned(), known });
        }
        found
    });
    match (channel, release, by_channel, by_release) {
        (_, _, Some(c), Some(r)) if c.channel != r.channel => {
            report.error(
                spec.key("channel"),
                K::ChannelReleaseMismatch {
                    channel: c.channel.to_owned(),
                    release: r.version.to_owned(),
                    release_channel: r.channel.to_owned(),
                },
            );
            None
        }
        (_, _, _, Some(r)) => Some(r),
        (_, None, Some(c), None) => Some(c),
        (None, None, None, None) => {
            if default.is_none() {
                report.error(
                    spec.clone(),
                    K::MissingChannelOrRelease { channels: channels().join(", "), releases: versions().join(", ") },
                );
            }
            default
        }
        _ => None,
    }
}
