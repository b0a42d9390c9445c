//! `check` tables: manifests written the way people write them (comments, flow style, every
//! quoting) in, `(severity, path, code)` out. Message wording is free to change; which field
//! is blamed, for what, and where in the file, is not.

use crate::common;

use std::path::{Path, PathBuf};

use oscgen_check::Severity::{self, Error as E, Warning as W};
use oscgen_check::{Diagnostic, Input, Options, check};

/// A finding's place, as the tables read it.
trait At {
    fn file(&self) -> Option<&str>;
    fn line(&self) -> Option<usize>;
    fn column(&self) -> Option<usize>;
    fn build(&self) -> Option<&str>;
}

impl At for Diagnostic {
    fn file(&self) -> Option<&str> {
        self.origin.as_ref().and_then(|o| o.file.as_deref())
    }
    fn line(&self) -> Option<usize> {
        self.origin.as_ref().and_then(|o| o.line)
    }
    fn column(&self) -> Option<usize> {
        self.origin.as_ref().and_then(|o| o.column)
    }
    fn build(&self) -> Option<&str> {
        self.origin.as_ref().and_then(|o| o.build.as_deref())
    }
}

type Finding = Diagnostic;

/// One row: what it checks, the YAML, and every finding expected, sorted as `check` sorts.
use common::Case;

fn text(text: &str) -> Vec<Finding> {
    named("input.yaml", text)
}

fn named(name: &str, text: &str) -> Vec<Finding> {
    check(&[Input::Text { name: name.into(), text: text.into() }], &Options::default()).unwrap().entries
}

fn table(cases: &[Case<'_>]) {
    common::table(cases, text);
}

const NAMESPACE: &str = "openshift-sandboxed-containers-operator";

/// The guide's OperatorGroup.
fn operator_group(namespace: &str, spec: &str) -> String {
    format!(
        "apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata:\n  name: {NAMESPACE}\n  \
         namespace: {namespace}\nspec:{spec}\n"
    )
}

/// The guide's Subscription with `spec` lines (indented two spaces) and its OperatorGroup.
fn subscription(spec: &str) -> String {
    format!(
        "# The operator.\napiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  \
         name: {NAMESPACE}\n  namespace: {NAMESPACE}\nspec:\n  name: sandboxed-containers-operator\n  \
         source: redhat-operators\n  sourceNamespace: openshift-marketplace\n{spec}---\n{}",
        operator_group(NAMESPACE, &format!("\n  targetNamespaces:\n  - {NAMESPACE}"))
    )
}

fn kataconfig(selector: &str) -> String {
    format!(
        "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata:\n  name: cluster-kataconfig\n\
         spec:\n  kataConfigPoolSelector:\n    matchLabels:\n      {selector}\n"
    )
}

#[test]
fn subscription_channels_and_csvs() {
    let channel = "spec.channel";
    let csv = "spec.startingCSV";
    table(&[
        (
            "the guide's preview-1.1",
            subscription("  channel: preview-1.1\n  startingCSV: sandboxed-containers-operator.v1.1.0\n"),
            &[],
        ),
        ("no channel: the package's default", subscription(""), &[]),
        (
            "stable with a CSV on it",
            subscription("  channel: \"stable\"\n  startingCSV: 'sandboxed-containers-operator.v1.7.0'\n"),
            &[],
        ),
        ("PLACEHOLDER", subscription("  channel: PLACEHOLDER # set by overlays\n"), &[(E, channel, "placeholder")]),
        ("CHANNEL", subscription("  channel: CHANNEL\n"), &[(E, channel, "placeholder")]),
        ("changeme", subscription("  channel: changeme\n"), &[(E, channel, "placeholder")]),
        ("<channel>", subscription("  channel: '<channel>'\n"), &[(E, channel, "placeholder")]),
        ("${CHANNEL}", subscription("  channel: ${CHANNEL}\n"), &[(E, channel, "placeholder")]),
        ("empty string", subscription("  channel: \"\"\n"), &[(E, channel, "placeholder")]),
        ("nothing after the colon", subscription("  channel:\n"), &[(E, channel, "placeholder")]),
        ("unknown channel", subscription("  channel: preview-1.9\n"), &[(E, channel, "unknownChannel")]),
        ("a number", subscription("  channel: 1.1\n"), &[(E, channel, "unknownChannel")]),
        ("placeholder CSV", subscription("  channel: stable\n  startingCSV: changeme\n"), &[(E, csv, "placeholder")]),
        (
            "CSV of another channel",
            subscription("  channel: stable-1.2\n  startingCSV: sandboxed-containers-operator.v1.1.0\n"),
            &[(E, csv, "channelCsvMismatch")],
        ),
        (
            "newer CSV than the catalog",
            subscription("  channel: stable\n  startingCSV: sandboxed-containers-operator.v1.14.0\n"),
            &[(W, csv, "csvNotInCatalog")],
        ),
        // Without an OpenShift version, a CSV that some catalog serves is never unknown.
        (
            "the head of stable in the newest catalog",
            subscription("  channel: stable\n  startingCSV: sandboxed-containers-operator.v1.13.1\n"),
            &[],
        ),
        (
            "the first entry of preview-1.1",
            subscription("  channel: preview-1.1\n  startingCSV: sandboxed-containers-operator.v1.0.2\n"),
            &[],
        ),
        (
            "CSV of another operator",
            subscription("  channel: preview-1.0\n  startingCSV: kata-operator.v1.0.0\n"),
            &[(E, csv, "foreignCsv")],
        ),
        (
            "flow style",
            format!(
                "{{apiVersion: operators.coreos.com/v1alpha1, kind: Subscription, metadata: {{name: s, namespace: {NAMESPACE}}},\n \
                 spec: {{channel: PLACEHOLDER, name: sandboxed-containers-operator, source: redhat-operators, sourceNamespace: openshift-marketplace}}}}\n---\n{}",
                operator_group(NAMESPACE, &format!(" {{targetNamespaces: [{NAMESPACE}]}}"))
            ),
            &[(E, channel, "placeholder")],
        ),
        (
            "another operator's placeholder is not ours to judge",
            "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata: {name: x, namespace: x}\n\
             spec: {channel: PLACEHOLDER, name: other-operator, source: s, sourceNamespace: s}\n"
                .to_owned(),
            &[],
        ),
    ]);
}

#[test]
fn subscription_namespaces_and_operator_groups() {
    let sub = |namespace: &str| {
        format!(
            "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {NAMESPACE}\n{namespace}\
             spec:\n  channel: stable\n  name: sandboxed-containers-operator\n  source: redhat-operators\n  \
             sourceNamespace: openshift-marketplace\n"
        )
    };
    let ours = format!("  namespace: {NAMESPACE}\n");
    let targets = format!("\n  targetNamespaces: [{NAMESPACE}]");
    table(&[
        ("no OperatorGroup", sub(&ours), &[(E, "metadata.namespace", "noOperatorGroup")]),
        ("no namespace", sub(""), &[(W, "metadata", "missingNamespace")]),
        (
            "another namespace, OperatorGroup there too",
            format!(
                "{}---\n{}",
                sub("  namespace: sandboxes\n"),
                operator_group("sandboxes", " {targetNamespaces: [sandboxes]}")
            ),
            &[(E, "metadata.namespace", "operatorNamespace"), (E, "metadata.namespace", "operatorNamespace")],
        ),
        (
            "OperatorGroup for all namespaces",
            format!("{}---\n{}", sub(&ours), operator_group(NAMESPACE, " {}")),
            &[(E, "spec", "allNamespaces")],
        ),
        (
            "OperatorGroup with an empty list",
            format!("{}---\n{}", sub(&ours), operator_group(NAMESPACE, "\n  targetNamespaces: []")),
            &[(E, "spec.targetNamespaces", "allNamespaces")],
        ),
        (
            "OperatorGroup targeting another namespace",
            format!("{}---\n{}", sub(&ours), operator_group(NAMESPACE, "\n  targetNamespaces:\n  - default")),
            &[(E, "spec.targetNamespaces", "targetNamespaces")],
        ),
        (
            "two OperatorGroups",
            format!(
                "{}---\n{}---\n{}",
                sub(&ours),
                operator_group(NAMESPACE, &targets),
                operator_group(NAMESPACE, &targets).replace(&format!("name: {NAMESPACE}"), "name: second")
            ),
            &[(E, "metadata.namespace", "tooManyOperatorGroups")],
        ),
        ("the guide's pair", format!("{}---\n{}", sub(&ours), operator_group(NAMESPACE, &targets)), &[]),
        (
            "the operator's OperatorGroup alone, elsewhere",
            operator_group("sandboxes", " {targetNamespaces: [sandboxes]}"),
            &[(E, "metadata.namespace", "operatorNamespace")],
        ),
    ]);
}

#[test]
fn label_values_are_read_from_the_text() {
    let at = "spec.kataConfigPoolSelector.matchLabels.kata";
    table(&[
        ("'true'", kataconfig("kata: 'true'"), &[]),
        ("\"true\"", kataconfig("kata: \"true\""), &[]),
        ("\"yes\"", kataconfig("kata: \"yes\""), &[]),
        ("a word", kataconfig("kata: enabled"), &[]),
        ("a block scalar is a string", kataconfig("kata: |-\n        true"), &[]),
        ("true", kataconfig("kata: true"), &[(E, at, "unquotedValue")]),
        ("True", kataconfig("kata: True  # the docs' typo"), &[(E, at, "unquotedValue")]),
        ("yes (YAML 1.1)", kataconfig("kata: yes"), &[(E, at, "unquotedValue")]),
        ("on (YAML 1.1)", kataconfig("kata: on"), &[(E, at, "unquotedValue")]),
        ("y (YAML 1.1)", kataconfig("kata: y"), &[(E, at, "unquotedValue")]),
        ("1", kataconfig("kata: 1"), &[(E, at, "unquotedValue")]),
        ("1.0", kataconfig("kata: 1.0"), &[(E, at, "unquotedValue")]),
        ("0x1", kataconfig("kata: 0x1"), &[(E, at, "unquotedValue")]),
        ("~", kataconfig("kata: ~"), &[(W, at, "nullValue")]),
        ("nothing", kataconfig("kata:"), &[(W, at, "nullValue")]),
        (
            "in a flow mapping",
            "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: k}\n\
             spec: {kataConfigPoolSelector: {matchLabels: {kata: on, zone: 'a'}}}\n"
                .to_owned(),
            &[(E, at, "unquotedValue")],
        ),
        (
            "matchExpressions values",
            "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: k}\n\
             spec:\n  kataConfigPoolSelector:\n    matchExpressions:\n    - {key: kata, operator: In, values: [true, 'x']}\n"
                .to_owned(),
            &[(E, "spec.kataConfigPoolSelector.matchExpressions[0].values[0]", "unquotedValue")],
        ),
        (
            "metadata labels and annotations",
            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    openshift.io/cluster-monitoring: true\n    \
             app: 'x'\n  annotations:\n    retries: 3\n"
                .to_owned(),
            &[
                (E, r#"metadata.labels["openshift.io/cluster-monitoring"]"#, "unquotedValue"),
                (E, "metadata.annotations.retries", "unquotedValue"),
            ],
        ),
        (
            "RuntimeClass nodeSelector",
            "apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata: {name: kata}\nhandler: kata\n\
             scheduling:\n  nodeSelector:\n    node-role.kubernetes.io/kata-oc: \"\"\n    kata: yes\n"
                .to_owned(),
            &[(E, "scheduling.nodeSelector.kata", "unquotedValue")],
        ),
        (
            "MachineConfigPool nodeSelector.matchLabels",
            "apiVersion: machineconfiguration.openshift.io/v1\nkind: MachineConfigPool\nmetadata: {name: kata-oc}\n\
             spec:\n  nodeSelector:\n    matchLabels:\n      kata: true\n"
                .to_owned(),
            &[(E, "spec.nodeSelector.matchLabels.kata", "unquotedValue")],
        ),
        (
            "a pod template's labels",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      \
             labels: {app: 1}\n"
                .to_owned(),
            &[(E, "spec.template.metadata.labels.app", "unquotedValue")],
        ),
    ]);
}

#[test]
fn unquoted_values_are_pointed_at() {
    for (input, line_column, message_has) in [
        (kataconfig("kata: true"), (8, 13), "YAML reads it as a boolean"),
        (kataconfig("kata: yes"), (8, 13), "kubectl (YAML 1.1) reads it as a boolean"),
        (kataconfig("kata: 1"), (8, 13), "as a number"),
        (kataconfig("kata:    on   # comment"), (8, 16), "quote it: \"on\""),
    ] {
        let findings = text(&input);
        assert_eq!(findings.len(), 1, "{input}");
        let f = &findings[0];
        assert_eq!((f.line(), f.column()), (Some(line_column.0), Some(line_column.1)), "{input}");
        assert!(f.to_string().contains(message_has), "{f}");
        assert_eq!(f.file(), Some("input.yaml"));
    }
}

#[test]
fn kataconfigs_and_schemas() {
    let second = kataconfig("kata: 'true'").replace("cluster-kataconfig", "second");
    table(&[
        (
            "two KataConfigs",
            format!("{}---\n{second}", kataconfig("kata: 'true'")),
            &[(E, "metadata.name", "secondKataConfig")],
        ),
        ("the same one twice", format!("{}---\n{}", kataconfig("kata: 'true'"), kataconfig("kata: 'true'")), &[]),
        (
            "misspelt field",
            kataconfig("kata: 'true'").replace("matchLabels", "matchLabel"),
            &[(W, "spec.kataConfigPoolSelector.matchLabel", "droppedField")],
        ),
        (
            "a 1.2 field with a 1.1 subscription",
            format!(
                "{}---\n{}",
                subscription("  channel: preview-1.1\n"),
                kataconfig("kata: 'true'").replace("spec:\n", "spec:\n  checkNodeEligibility: false\n")
            ),
            &[(W, "metadata.name", "unorderedKataConfig"), (W, "spec.checkNodeEligibility", "droppedField")],
        ),
        (
            "the same with the newest release",
            format!(
                "{}---\n{}",
                subscription("  channel: stable\n"),
                kataconfig("kata: 'true'").replace("spec:\n", "spec:\n  checkNodeEligibility: false\n")
            ),
            &[(W, "metadata.name", "unorderedKataConfig")],
        ),
        (
            "a Subscription without sourceNamespace",
            subscription("  channel: stable\n").replace("  sourceNamespace: openshift-marketplace\n", ""),
            &[(E, "spec.sourceNamespace", "schema")],
        ),
        (
            "a Namespace with a typo",
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\nspec: {finalizer: []}\n".to_owned(),
            &[(W, "spec.finalizer", "droppedField")],
        ),
        (
            "kinds without a schema pass",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n".to_owned(),
            &[],
        ),
        ("not manifests at all", "name: CI\non: [push]\njobs: {}\n".to_owned(), &[]),
        (
            "a v1 List",
            format!("apiVersion: v1\nkind: List\nitems:\n- {}", kataconfig("kata: true").replace('\n', "\n  ")),
            &[(E, "spec.kataConfigPoolSelector.matchLabels.kata", "unquotedValue")],
        ),
        ("broken YAML", "apiVersion: v1\nkind: [Namespace\n".to_owned(), &[(E, "", "yamlSyntax")]),
    ]);
}

#[test]
fn generator_configs_are_checked_like_render() {
    let runtime = |spec: &str| {
        format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata:\n  name: cluster-kataconfig\nspec:\n{spec}"
        )
    };
    table(&[
        ("a good config", runtime("  release: 1.1.0\n  poolSelector:\n    matchLabels:\n      kata: 'true'\n"), &[]),
        (
            "unquoted label",
            runtime("  release: 1.7.0\n  poolSelector:\n    matchLabels:\n      kata: true\n"),
            &[(E, "spec.poolSelector.matchLabels.kata", "labelValueNotString")],
        ),
        ("unknown field", runtime("  chanel: stable\n"), &[(E, "spec.chanel", "shape")]),
        (
            "operator config with an unknown channel",
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {name: osc}\nspec: {channel: preview-9}\n"
                .to_owned(),
            &[(E, "spec.channel", "unknownChannel")],
        ),
        (
            "its objects count: a second KataConfig beside a static one",
            format!("{}---\n{}", runtime("  release: 1.7.0\n"), kataconfig("kata: 'true'").replace("cluster-kataconfig", "other")),
            &[(E, "metadata.name", "secondKataConfig")],
        ),
        (
            "its OperatorGroup counts for a static Subscription",
            format!(
                "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {{name: osc}}\nspec: {{channel: stable, openshiftVersion: '4.20'}}\n---\n{}",
                subscription("  channel: stable\n").split("---").next().unwrap_or_default()
            ),
            &[],
        ),
        ("a Check config with a typo", "apiVersion: oscgen.dev/v1alpha1\nkind: Check\nmetadata: {name: c}\nspec: {strict: true}\n".to_owned(), &[(E, "spec.strict", "shape")]),
    ]);
    let findings = text(&runtime("  release: 1.7.0\n  poolSelector:\n    matchLabels:\n      kata: true\n"));
    assert_eq!((findings[0].line(), findings[0].column()), (Some(9), Some(7)), "{}", findings[0]);
}

// ---------------------------------------------------------------------------------------
// kustomize layouts, written to scratch directories

/// A kustomize layout written to a fresh temporary directory, removed on drop.
struct Scratch(PathBuf, #[allow(dead_code, reason = "removes the directory when dropped")] tempfile::TempDir);

impl Scratch {
    fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::Builder::new().prefix("oscgen-check-").tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Self(dir.path().to_path_buf(), dir)
    }

    fn check(&self, path: &str) -> Vec<Finding> {
        check(&[Input::Path(self.0.join(path))], &Options::default()).unwrap().entries
    }

    /// Findings as `(severity, file relative to the scratch dir, line, path, code)`.
    fn summary(&self, path: &str) -> Vec<(Severity, String, Option<usize>, String, String)> {
        let root = self.0.display().to_string();
        self.check(path)
            .iter()
            .map(|f| {
                let file = f.file().unwrap_or_default();
                let file = Path::new(file).strip_prefix(&root).map_or(file.to_owned(), |p| p.display().to_string());
                (f.severity, file, f.line(), f.path.to_string(), f.code.to_string())
            })
            .collect()
    }
}

fn base() -> Vec<(&'static str, String)> {
    vec![
        ("base/kustomization.yaml", "resources:\n- subscription.yaml\n- operatorgroup.yaml\n".to_owned()),
        (
            "base/subscription.yaml",
            subscription("  channel: PLACEHOLDER\n").split("---\n").next().unwrap_or_default().to_owned(),
        ),
        ("base/operatorgroup.yaml", operator_group(NAMESPACE, &format!("\n  targetNamespaces: [{NAMESPACE}]"))),
    ]
}

fn layout(extra: &[(&'static str, &str)]) -> Scratch {
    let mut files: Vec<(&str, String)> = base();
    files.extend(extra.iter().map(|(p, t)| (*p, (*t).to_owned())));
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Scratch::new(&refs)
}

const OPS: &str = "- op: replace\n  path: /spec/channel\n  value: preview-1.1\n";

#[test]
fn patches_that_match_nothing() {
    let s = layout(&[
        (
            "wrong-name/kustomization.yaml",
            "resources: [../base]\npatches:\n- path: ops.yaml\n  target:\n    kind: Subscription\n    name: sandboxed-containers-operator\n",
        ),
        ("wrong-name/ops.yaml", OPS),
        (
            "wrong-kind/kustomization.yaml",
            "resources: [../base]\npatches:\n- path: ops.yaml\n  target: {kind: Subscriptions, name: openshift-sandboxed-containers-operator}\n",
        ),
        ("wrong-kind/ops.yaml", OPS),
        ("smp/kustomization.yaml", "resources: [../base]\npatches:\n- path: channel.yaml\n"),
        (
            "smp/channel.yaml",
            "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: sandboxed-containers-operator\nspec:\n  channel: stable\n",
        ),
        (
            "regex/kustomization.yaml",
            "resources: [../base]\npatches:\n- path: ops.yaml\n  target: {kind: Subscription, name: '.*-operator'}\n",
        ),
        ("regex/ops.yaml", OPS),
    ]);
    let placeholder =
        (E, "base/subscription.yaml".to_owned(), Some(11), "spec.channel".to_owned(), "placeholder".to_owned());
    let unmatched = |dir: &str, line: usize, path: &str| {
        (E, format!("{dir}/kustomization.yaml"), Some(line), path.to_owned(), "patchMatchesNothing".to_owned())
    };
    // The Subscription it was meant for is there under another name, and ships the base's value.
    let kept = (
        E,
        "wrong-name/kustomization.yaml".to_owned(),
        Some(6),
        "patches[0].target.name".to_owned(),
        "deadPatchKeepsValue".to_owned(),
    );
    assert_eq!(s.summary("wrong-name"), [placeholder.clone(), kept]);
    assert_eq!(s.summary("wrong-kind"), [placeholder.clone(), unmatched("wrong-kind", 4, "patches[0].target.name")]);
    assert_eq!(s.summary("smp"), [placeholder, unmatched("smp", 3, "patches[0].path")]);
    assert_eq!(s.summary("regex"), []);

    let messages: Vec<String> = s.check("wrong-name").iter().map(ToString::to_string).collect();
    assert!(messages[0].contains("(patch `"), "{}", messages[0]);
    assert!(
        messages[1].contains("set the target's name to openshift-sandboxed-containers-operator"),
        "{}",
        messages[1]
    );
    assert!(messages[1].contains("silently does nothing"), "{}", messages[1]);
    let smp = s.check("smp");
    assert!(smp[1].to_string().contains("kustomize build fails"), "{}", smp[1]);
    assert!(smp[1].to_string().contains("the patch's metadata.name"), "{}", smp[1]);
}

#[test]
fn patches_that_apply_are_followed_to_their_text() {
    let s = layout(&[
        (
            "inline/kustomization.yaml",
            "resources:\n- ../base\npatches:\n- target:\n    kind: Subscription\n  patch: |-\n    - op: replace\n      path: /spec/channel\n      value: stable-1.2\n    - op: add\n      path: /spec/startingCSV\n      value: sandboxed-containers-operator.v1.1.0\n",
        ),
        (
            "strategic/kustomization.yaml",
            "resources:\n- ../base\npatchesStrategicMerge:\n- |-\n  apiVersion: operators.coreos.com/v1alpha1\n  kind: Subscription\n  metadata:\n    name: openshift-sandboxed-containers-operator\n    namespace: openshift-sandboxed-containers-operator\n  spec:\n    channel: preview-1.9\n",
        ),
        (
            "labels/kustomization.yaml",
            "resources:\n- ../base\n- kataconfig.yaml\npatches:\n- path: selector.yaml\n  target: {kind: KataConfig, labelSelector: 'app=osc'}\n",
        ),
        (
            "labels/kataconfig.yaml",
            "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata:\n  name: k\n  labels: {app: osc}\n",
        ),
        (
            "labels/selector.yaml",
            "- op: add\n  path: /spec\n  value:\n    kataConfigPoolSelector:\n      matchLabels: {kata: yes}\n",
        ),
    ]);
    // The CSV came from the inline patch: the finding is on its line in the kustomization.
    assert_eq!(
        s.summary("inline"),
        [(
            E,
            "inline/kustomization.yaml".to_owned(),
            Some(12),
            "spec.startingCSV".to_owned(),
            "channelCsvMismatch".to_owned()
        )]
    );
    let inline = &s.check("inline")[0];
    assert_eq!(inline.column(), Some(14), "{inline}");
    assert_eq!(
        s.summary("strategic"),
        [
            (
                W,
                "strategic/kustomization.yaml".to_owned(),
                Some(3),
                "patchesStrategicMerge".to_owned(),
                "deprecatedField".to_owned()
            ),
            (
                E,
                "strategic/kustomization.yaml".to_owned(),
                Some(11),
                "spec.channel".to_owned(),
                "unknownChannel".to_owned()
            ),
        ]
    );
    assert_eq!(
        s.summary("labels"),
        [
            (E, "base/subscription.yaml".to_owned(), Some(11), "spec.channel".to_owned(), "placeholder".to_owned()),
            // The operator and its KataConfig in one build, in no order.
            (
                W,
                "labels/kataconfig.yaml".to_owned(),
                Some(4),
                "metadata.name".to_owned(),
                "unorderedKataConfig".to_owned()
            ),
            (
                E,
                "labels/selector.yaml".to_owned(),
                Some(5),
                "spec.kataConfigPoolSelector.matchLabels.kata".to_owned(),
                "unquotedValue".to_owned()
            ),
        ]
    );
}

#[test]
fn kustomization_structure() {
    let s = layout(&[
        (
            "deprecated/kustomization.yaml",
            "bases:\n- ../base\npatchesJson6902:\n- target: {kind: Subscription, name: openshift-sandboxed-containers-operator}\n  path: ops.yaml\n",
        ),
        ("deprecated/ops.yaml", OPS),
        ("missing/kustomization.yaml", "resources:\n- ../base\n- nothere.yaml\n- ../nodir\n"),
        ("plain/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"),
        ("nokust/kustomization.yaml", "resources:\n- ../plain\n"),
        ("cycle/kustomization.yaml", "resources:\n- ../cycle\n"),
        (
            "remote/kustomization.yaml",
            "resources:\n- https://github.com/example/repo//base?ref=v1\npatches:\n- path: ops.yaml\n  target: {kind: Subscription, name: sub}\n",
        ),
        ("remote/ops.yaml", OPS),
        (
            "failing/kustomization.yaml",
            "resources: [../base]\npatches:\n- target: {kind: Subscription}\n  patch: '[{\"op\": \"replace\", \"path\": \"/spec/config/channel\", \"value\": \"stable\"}]'\n",
        ),
        // kustomize reads patch text starting with `[` as JSON: a YAML flow list fails.
        (
            "flow/kustomization.yaml",
            "resources: [../base]\npatches:\n- target: {kind: Subscription}\n  patch: '[{op: replace, path: /spec/channel, value: stable}]'\n",
        ),
        (
            "namespaced/kustomization.yaml",
            "namespace: sandboxes\nresources: [../base]\npatches:\n- target: {kind: Subscription}\n  patch: '[{\"op\": \"replace\", \"path\": \"/spec/channel\", \"value\": \"stable\"}]'\n",
        ),
    ]);
    let codes = |dir: &str| -> Vec<(Severity, String, String)> {
        s.summary(dir).into_iter().map(|(sev, _, _, path, code)| (sev, path, code)).collect()
    };
    let row = |sev: Severity, path: &str, code: &str| (sev, path.to_owned(), code.to_owned());
    assert_eq!(codes("deprecated"), [row(W, "bases", "deprecatedField"), row(W, "patchesJson6902", "deprecatedField")]);
    assert_eq!(
        codes("missing"),
        [
            row(E, "spec.channel", "placeholder"),
            row(E, "resources[1]", "resourceNotFound"),
            row(E, "resources[2]", "resourceNotFound"),
        ]
    );
    assert_eq!(codes("nokust"), [row(E, "resources[0]", "noKustomization")]);
    assert_eq!(codes("cycle"), [row(E, "resources[0]", "cycle")]);
    // What the remote base holds is unknown, so a patch that matches nothing may be fine.
    assert_eq!(
        codes("remote"),
        [row(W, "resources[0]", "notFollowed"), row(W, "patches[0].target.name", "patchMatchesNothing")]
    );
    assert_eq!(codes("failing"), [row(E, "spec.channel", "placeholder"), row(E, "patches[0].target", "patchFailed")]);
    assert_eq!(codes("flow"), [row(E, "spec.channel", "placeholder"), row(E, "patches[0].patch", "patchFailed")]);
    // `namespace:` moves the operator's objects (blamed on the kustomization's line), and
    // leaves the OperatorGroup targeting the old namespace.
    let namespaced = s.summary("namespaced");
    let rows: Vec<(Option<usize>, String, String)> = namespaced.into_iter().map(|(_, _, l, p, c)| (l, p, c)).collect();
    assert_eq!(
        rows,
        [
            (Some(7), "spec.targetNamespaces".to_owned(), "targetNamespaces".to_owned()),
            (Some(1), "metadata.namespace".to_owned(), "operatorNamespace".to_owned()),
            (Some(1), "metadata.namespace".to_owned(), "operatorNamespace".to_owned()),
        ]
    );
}

#[test]
fn a_repository_checks_each_overlay_and_its_base_once() {
    let s = layout(&[
        (
            "overlays/good/kustomization.yaml",
            "resources: [../../base]\npatches:\n- path: ../ops.yaml\n  target: {kind: Subscription}\n",
        ),
        ("overlays/unpatched/kustomization.yaml", "resources: [../../base]\n"),
        ("overlays/ops.yaml", OPS),
        ("docs/example.yaml", "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: a}\n"),
        ("docs/other.yaml", "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: b}\n"),
        (
            "elsewhere/kataconfig.yaml",
            "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: c}\n",
        ),
    ]);
    let findings = s.check(".");
    let shown: Vec<String> = findings.iter().map(ToString::to_string).collect();
    // The base alone is not a build (an overlay includes it); the unpatched overlay is, and
    // says so. Loose files are grouped by directory: docs/ has two KataConfigs.
    assert_eq!(findings.len(), 2, "{shown:#?}");
    assert_eq!(findings[0].code.to_string(), "placeholder");
    assert!(findings[0].build().is_some_and(|b| b.ends_with("overlays/unpatched")), "{shown:#?}");
    assert_eq!(findings[1].code.to_string(), "secondKataConfig");
    assert!(findings[1].file().is_some_and(|f| f.ends_with("docs/other.yaml")), "{shown:#?}");
}

#[test]
fn generators_in_a_kustomization_are_rendered() {
    let s = Scratch::new(&[
        ("k/kustomization.yaml", "generators:\n- operator.yaml\nresources:\n- kataconfig.yaml\n"),
        (
            "k/operator.yaml",
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata:\n  name: osc\nspec:\n  channel: preview-1.1\n",
        ),
        (
            "k/kataconfig.yaml",
            "apiVersion: kataconfiguration.openshift.io/v1\nkind: KataConfig\nmetadata: {name: k}\nspec: {checkNodeEligibility: true}\n",
        ),
        ("bad/kustomization.yaml", "generators:\n- operator.yaml\n"),
        (
            "bad/operator.yaml",
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata:\n  name: osc\nspec:\n  channel: stable\n  release: 1.1.0\n",
        ),
    ]);
    // The generated Subscription (preview-1.1) picks the 1.1 KataConfig schema.
    assert_eq!(
        s.summary("k").into_iter().map(|(_, f, l, p, c)| (f, l, p, c)).collect::<Vec<_>>(),
        [
            // The generated operator and the KataConfig in one build, in no order.
            ("k/kataconfig.yaml".to_owned(), Some(3), "metadata.name".to_owned(), "unorderedKataConfig".to_owned()),
            (
                "k/kataconfig.yaml".to_owned(),
                Some(4),
                "spec.checkNodeEligibility".to_owned(),
                "droppedField".to_owned()
            )
        ]
    );
    assert_eq!(
        s.summary("bad"),
        [(E, "bad/operator.yaml".to_owned(), Some(6), "spec.channel".to_owned(), "channelReleaseMismatch".to_owned())]
    );
}

#[test]
fn components_patch_what_came_before_them() {
    let s = layout(&[
        ("overlay/kustomization.yaml", "resources: [../base]\ncomponents: [../channel]\n"),
        (
            "channel/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: ops.yaml\n  target: {kind: Subscription}\n",
        ),
        ("channel/ops.yaml", OPS),
    ]);
    assert_eq!(s.summary("overlay"), []);
    // The component alone is not a build: nothing to patch is not its fault.
    assert_eq!(s.summary("."), []);
}

#[test]
fn unreadable_files() {
    let s = Scratch::new(&[("dir/big.yaml", &"# padding\n".repeat(20)), ("dir/small.yaml", "a: 1\n")]);
    let options = Options { max_file_bytes: 64, ..Options::default() };
    let findings = check(&[Input::Path(s.0.join("dir"))], &options).unwrap().entries;
    let codes: Vec<String> = findings.iter().map(|f| f.code.to_string()).collect();
    assert_eq!(codes, ["unreadable"], "{findings:?}");
    assert!(findings[0].to_string().contains("larger than 64 bytes"), "{}", findings[0]);
    // Named on the command line, it is the caller's problem (exit 2 in the CLI).
    let named = check(&[Input::Path(s.0.join("dir/big.yaml"))], &options);
    assert!(matches!(named, Err(oscgen_check::Error::Read { .. })), "{named:?}");
    let missing = check(&[Input::Path(s.0.join("nothing"))], &options);
    assert!(matches!(missing, Err(oscgen_check::Error::Read { .. })), "{missing:?}");
}

#[test]
fn resource_list_items_name_their_files_not_stdin_lines() {
    let list = format!(
        "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- {}functionConfig: {{apiVersion: oscgen.dev/v1alpha1, kind: Check, metadata: {{name: c}}}}\n",
        kataconfig("kata: yes")
            .replace('\n', "\n  ")
            .replace(
                "name: cluster-kataconfig",
                "name: cluster-kataconfig\n    annotations: {config.kubernetes.io/path: kata.yaml}"
            )
            .trim_end_matches(' ')
    );
    let findings = named("<stdin>", &list);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!((findings[0].file(), findings[0].line()), (Some("kata.yaml"), None));
    // A ResourceList saved in a file is that file, with its lines.
    let findings = text(&list);
    assert_eq!((findings[0].file(), findings[0].line()), (Some("input.yaml"), Some(12)));
    assert_eq!(findings[0].path.to_string(), "spec.kataConfigPoolSelector.matchLabels.kata");
}

/// A KataConfig applied with its operator needs a later sync wave (or its own Flux
/// Kustomization).
#[test]
fn kataconfig_ordered_after_its_operator() {
    let wave = |object: &str, wave: &str| {
        object.replacen(
            "metadata:\n",
            &format!("metadata:\n  annotations:\n    argocd.argoproj.io/sync-wave: \"{wave}\"\n"),
            1,
        )
    };
    let sub = subscription("  channel: stable\n");
    let kata = kataconfig("kata: 'true'");
    let unordered: &[(Severity, &str, &str)] = &[(W, "metadata.name", "unorderedKataConfig")];
    let same_wave: &[(Severity, &str, &str)] =
        &[(W, "metadata.annotations[\"argocd.argoproj.io/sync-wave\"]", "unorderedKataConfig")];
    table(&[
        ("no waves", format!("{sub}---\n{kata}"), unordered),
        ("a later wave", format!("{}---\n{}", wave(&sub, "3"), wave(&kata, "10")), &[]),
        ("a later wave than the default 0", format!("{sub}---\n{}", wave(&kata, "1")), &[]),
        ("the same wave", format!("{}---\n{}", wave(&sub, "5"), wave(&kata, "5")), same_wave),
        ("an earlier wave", format!("{}---\n{}", wave(&sub, "5"), wave(&kata, "-1")), same_wave),
        ("a KataConfig alone", kata.clone(), &[]),
        ("an operator alone", sub.clone(), &[]),
    ]);
    // Configs without gitops render objects in no order; with gitops argocd, in waves.
    let config = |gitops: &str| {
        format!(
            "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {{name: osc}}\n\
             spec: {{channel: stable, openshiftVersion: '4.20'{gitops}}}\n---\n\
             apiVersion: oscgen.dev/v1alpha1\nkind: KataRuntime\nmetadata: {{name: cluster-kataconfig}}\n\
             spec: {{openshiftVersion: '4.20'{gitops}}}\n"
        )
    };
    let s = Scratch::new(&[
        ("plain/kustomization.yaml", "generators:\n- configs.yaml\n"),
        ("plain/configs.yaml", &config("")),
        ("argo/kustomization.yaml", "generators:\n- configs.yaml\n"),
        ("argo/configs.yaml", &config(", gitops: {engine: argocd}")),
    ]);
    assert_eq!(
        s.summary("plain"),
        // At the KataRuntime config that renders it.
        [(W, "plain/configs.yaml".to_owned(), Some(6), "metadata.name".to_owned(), "unorderedKataConfig".to_owned())]
    );
    assert_eq!(s.summary("argo"), []);
}

/// Argo CD settings that skip exec functions are errors where oscgen runs through kustomize.
#[test]
fn argocd_must_enable_exec_for_oscgen() {
    let cm = |options: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  namespace: openshift-gitops\n\
             data:\n  kustomize.buildOptions: {options}\n"
        )
    };
    let argocd = |options: &str| {
        format!(
            "apiVersion: argoproj.io/v1beta1\nkind: ArgoCD\nmetadata:\n  name: openshift-gitops\n  \
             namespace: openshift-gitops\nspec:\n  kustomizeBuildOptions: {options}\n"
        )
    };
    let generator = "generators:\n- operator.yaml\n";
    let config = "apiVersion: oscgen.dev/v1alpha1\nkind: SandboxedContainersOperator\nmetadata: {name: osc}\n\
                  spec: {channel: stable, openshiftVersion: '4.20'}\n";
    let repo = |setting: &str| {
        Scratch::new(&[
            ("cluster/kustomization.yaml", generator),
            ("cluster/operator.yaml", config),
            ("argocd/settings.yaml", setting),
        ])
    };
    let error = |line: usize, path: &str| {
        vec![(E, "argocd/settings.yaml".to_owned(), Some(line), path.to_owned(), "execNotEnabled".to_owned())]
    };
    let only_alpha = "--enable-alpha-plugins";
    let both = "--enable-alpha-plugins --enable-exec";
    assert_eq!(repo(&cm(only_alpha)).summary(""), error(7, "data[\"kustomize.buildOptions\"]"));
    assert_eq!(repo(&cm(both)).summary(""), []);
    assert_eq!(repo(&argocd(only_alpha)).summary(""), error(7, "spec.kustomizeBuildOptions"));
    assert_eq!(repo(&argocd(both)).summary(""), []);
    let versioned = cm(both).replace(
        "kustomize.buildOptions:",
        "kustomize.buildOptions.v4.5.4: --enable-alpha-plugins\n  kustomize.buildOptions:",
    );
    assert_eq!(repo(&versioned).summary(""), error(7, "data[\"kustomize.buildOptions.v4.5.4\"]"));
    // A repository without oscgen may pass what it likes (the RHACM PolicyGenerator needs only
    // --enable-alpha-plugins).
    let without = Scratch::new(&[("argocd/settings.yaml", &cm(only_alpha))]);
    assert_eq!(without.summary(""), []);
}

/// The four classes of false errors found on a public catalog (issue 11): each builds with
/// kustomize 4.5.4 and 5.5 and is accepted by the API server, so `check` stays quiet.
#[test]
fn what_kustomize_and_the_api_server_accept_is_silent() {
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec:\n      containers: [{name: a, image: x}]\n";
    let s = Scratch::new(&[
        // 1. JSON 6902 `replace` of a key that is not there adds it (evanphx/json-patch v4).
        ("replace/deployment.yaml", deployment),
        (
            "replace/kustomization.yaml",
            "resources: [deployment.yaml]\npatches:\n- target: {kind: Deployment}\n  patch: |\n    - op: replace\n      path: /spec/template/spec/tolerations\n      value: [{key: kata, operator: Exists}]\n",
        ),
        // 2. A Helm chart's templates are Go templates, not YAML: not read, only said once.
        ("chart/Chart.yaml", "apiVersion: v2\nname: osc\nversion: 0.1.0\n"),
        ("chart/values.yaml", "channel: stable\n"),
        (
            "chart/templates/subscription.yaml",
            "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.channel }}\nspec: {channel: {{ .Values.channel }}}\n{{- end }}\n",
        ),
        // 3. A Component alone builds nothing; its patches apply where it is listed.
        (
            "component/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: replicas.yaml\n- path: ops.yaml\n  target: {kind: Deployment, name: d}\n",
        ),
        (
            "component/replicas.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 2}\n",
        ),
        ("component/ops.yaml", "- op: add\n  path: /spec/paused\n  value: false\n"),
        // 4. `spec:` left empty on an OperatorGroup: the API server drops the null.
        (
            "null-spec/operatorgroup.yaml",
            "apiVersion: operators.coreos.com/v1\nkind: OperatorGroup\nmetadata:\n  name: og\n  namespace: ns\nspec:\n",
        ),
    ]);
    for dir in ["replace", "chart", "component", "null-spec", "."] {
        let shown: Vec<String> = s
            .check(dir)
            .iter()
            .filter(|d| !(d.code == "helmChartNotChecked" && d.severity == W))
            .map(ToString::to_string)
            .collect();
        assert!(shown.is_empty(), "{dir}: {shown:#?}");
    }
}

/// The three classes of real bugs found on the same catalog are still found, as errors.
#[test]
fn the_bugs_found_on_a_real_catalog_are_still_errors() {
    let s = layout(&[
        // The patch names the namespace the overlay sets, but `patches` apply before
        // `namespace:` moves the Subscription, so the placeholder ships.
        (
            "namespaced/kustomization.yaml",
            "namespace: osc\nresources: [../base]\npatches:\n- target: {kind: Subscription, name: openshift-sandboxed-containers-operator, namespace: osc}\n  path: ops.yaml\n",
        ),
        ("namespaced/ops.yaml", OPS),
        // An unquoted numeric channel is a number after the build.
        (
            "numeric/kustomization.yaml",
            "resources: [../base]\npatches:\n- target: {kind: Subscription}\n  patch: |\n    - op: replace\n      path: /spec/channel\n      value: 4.11\n",
        ),
        // A patch whose target is not in the build, leaving no placeholder: a warning.
        (
            "dead/kustomization.yaml",
            "resources: [../base]\npatches:\n- target: {kind: Subscription}\n  path: ../namespaced/ops.yaml\n- target: {kind: KataConfig}\n  patch: '[{\"op\": \"add\", \"path\": \"/spec/logLevel\", \"value\": \"debug\"}]'\n",
        ),
    ]);
    let codes = |dir: &str| -> Vec<(Severity, String, String)> {
        s.summary(dir).into_iter().map(|(sev, _, _, path, code)| (sev, path, code)).collect()
    };
    let row = |sev: Severity, path: &str, code: &str| (sev, path.to_owned(), code.to_owned());
    let namespaced = codes("namespaced");
    assert!(namespaced.contains(&row(E, "spec.channel", "placeholder")), "{namespaced:?}");
    assert!(namespaced.contains(&row(E, "patches[0].target.name", "deadPatchKeepsValue")), "{namespaced:?}");
    let numeric = codes("numeric");
    assert!(numeric.iter().any(|(sev, path, _)| *sev == E && path == "spec.channel"), "{numeric:?}");
    assert_eq!(codes("dead"), [row(W, "patches[1].target", "patchMatchesNothing")]);
}

/// A field oscgen does not model (`replacements` here, which sets the channel) is a warning,
/// and so is everything it may have changed: never an error oscgen cannot stand behind.
#[test]
fn what_oscgen_does_not_model_is_never_an_error() {
    let s = layout(&[
        (
            "replaced/kustomization.yaml",
            "resources: [../base, channel.yaml]\nreplacements:\n- source: {kind: ConfigMap, name: channel, fieldPath: data.channel}\n  targets:\n  - select: {kind: Subscription}\n    fieldPaths: [spec.channel]\n",
        ),
        (
            "replaced/channel.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: channel}\ndata: {channel: stable}\n",
        ),
    ]);
    let found = s.summary("replaced");
    assert!(found.iter().all(|(sev, ..)| *sev != E), "{found:?}");
    assert!(
        found.iter().any(|(sev, _, _, path, code)| *sev == W && path == "replacements" && code == "notModelled"),
        "{found:?}"
    );
}

/// A patch that matches nothing while the object it was meant for (the same but for its name
/// or namespace) is in the build ships that object's value: an error naming both values, found
/// without any placeholder word. The same value, or no single such object, stays a warning.
#[test]
fn dead_patches_whose_object_keeps_another_value() {
    let settings =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: apps\ndata:\n  level: info\n";
    let level = |value: &str| format!("- op: replace\n  path: /data/level\n  value: {value}\n");
    let (debug, info) = (level("debug"), level("info"));
    let s = Scratch::new(&[
        ("base/kustomization.yaml", "resources: [settings.yaml]\n"),
        ("base/settings.yaml", settings),
        // `patches` apply before `nameSuffix`, so the suffixed name matches nothing.
        (
            "suffix/kustomization.yaml",
            "nameSuffix: -prod\nresources: [../base]\npatches:\n- path: level.yaml\n  target: {kind: ConfigMap, name: settings-prod}\n",
        ),
        ("suffix/level.yaml", &debug),
        // The object no longer has the namespace the patch names.
        (
            "moved/kustomization.yaml",
            "resources: [../base]\npatches:\n- path: level.yaml\n  target:\n    kind: ConfigMap\n    namespace: old-apps\n",
        ),
        ("moved/level.yaml", &debug),
        // A strategic merge patch with the old name.
        (
            "smp/kustomization.yaml",
            "resources: [../base]\npatches:\n- path: level.yaml\n  target: {kind: ConfigMap, name: old-settings}\n",
        ),
        ("smp/level.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: old-settings\ndata:\n  level: debug\n"),
        // The value the patch writes is already there: nothing ships wrong.
        (
            "same/kustomization.yaml",
            "resources: [../base]\npatches:\n- path: level.yaml\n  target: {kind: ConfigMap, name: settings-prod}\n",
        ),
        ("same/level.yaml", &info),
        // Two ConfigMaps it may have meant: which one is not known.
        (
            "two/kustomization.yaml",
            "resources: [../base, other.yaml]\npatches:\n- path: level.yaml\n  target: {kind: ConfigMap, name: settings-prod}\n",
        ),
        ("two/other.yaml", &settings.replace("name: settings", "name: other")),
        ("two/level.yaml", &debug),
    ]);
    let row = |sev: Severity, dir: &str, line: usize, path: &str, code: &str| {
        (sev, format!("{dir}/kustomization.yaml"), Some(line), path.to_owned(), code.to_owned())
    };
    assert_eq!(s.summary("suffix"), [row(E, "suffix", 5, "patches[0].target.name", "deadPatchKeepsValue")]);
    assert_eq!(s.summary("moved"), [row(E, "moved", 4, "patches[0].target", "deadPatchKeepsValue")]);
    assert_eq!(s.summary("smp"), [row(E, "smp", 4, "patches[0].target.name", "deadPatchKeepsValue")]);
    assert_eq!(s.summary("same"), [row(W, "same", 4, "patches[0].target.name", "patchMatchesNothing")]);
    assert_eq!(s.summary("two"), [row(W, "two", 4, "patches[0].target.name", "patchMatchesNothing")]);
    let message = s.check("suffix")[0].to_string();
    for part in [
        "ConfigMap `settings` in namespace `apps`",
        "set the target's name to settings",
        "`data.level` as `info`",
        "the patch's `debug`",
    ] {
        assert!(message.contains(part), "{part}: {message}");
    }
}

/// Generator `files` and `envs` that are URLs are fetched by kustomize over HTTP; oscgen does
/// not fetch them, says so, and never claims the build fails.
#[test]
fn remote_generator_files_are_not_read() {
    let s = Scratch::new(&[
        (
            "kustomization.yaml",
            "configMapGenerator:\n- name: scripts\n  files:\n  - local.sh\n  - https://raw.example.net/scripts/install.sh\n- name: env\n  envs:\n  - http://config.example.net/app.env\nsecretGenerator:\n- name: tls\n  files:\n  - tls.crt=https://certs.example.net/tls.crt\n",
        ),
        ("local.sh", "echo hi\n"),
    ]);
    let found = s.summary(".");
    let rows: Vec<(Severity, String, String)> =
        found.iter().map(|(sev, _, _, path, code)| (*sev, path.clone(), code.clone())).collect();
    let row = |path: &str| (W, path.to_owned(), "notFollowed".to_owned());
    assert_eq!(
        rows,
        [
            row("configMapGenerator[0].files[1]"),
            row("configMapGenerator[1].envs[0]"),
            row("secretGenerator[0].files[0]")
        ]
    );
    let shown: Vec<String> = s.check(".").iter().map(ToString::to_string).collect();
    assert!(shown.iter().all(|m| !m.contains("build fails") && !m.contains("evalsymlink")), "{shown:#?}");
}

/// A field the schema does not declare is dropped by the API server, which stores the rest:
/// a warning naming the field most likely meant, never an error (the build does not fail).
#[test]
fn fields_the_api_server_drops() {
    let csv = "  channel: stable\n  version: 1.11.1\n";
    table(&[
        ("a Subscription pinned with `version`", subscription(csv), &[(W, "spec.version", "droppedField")]),
        (
            "another case",
            subscription("  channel: stable\n  StartingCSV: sandboxed-containers-operator.v1.11.1\n"),
            &[(W, "spec.StartingCSV", "droppedField")],
        ),
        (
            "a plural left out",
            kataconfig("kata: 'true'").replace("matchLabels", "matchLabel"),
            &[(W, "spec.kataConfigPoolSelector.matchLabel", "droppedField")],
        ),
    ]);
    // CatalogSource, whose fields come from OLM's CRD (operator-framework/api).
    let catalog_source = |spec: &str| {
        format!(
            "apiVersion: operators.coreos.com/v1alpha1\nkind: CatalogSource\nmetadata:\n  name: osc-mirror\n  namespace: openshift-marketplace\nspec:\n  sourceType: grpc\n  image: registry.example/osc/index:v4.20\n{spec}"
        )
    };
    let full = "  displayName: OSC mirror\n  publisher: Example\n  priority: -400\n  grpcPodConfig:\n    securityContextConfig: restricted\n    nodeSelector: {node-role.kubernetes.io/infra: ''}\n    priorityClassName: system-cluster-critical\n    tolerations: [{key: infra, operator: Exists, effect: NoSchedule}]\n    memoryTarget: 30Mi\n  updateStrategy:\n    registryPoll:\n      interval: 30m\n";
    table(&[
        ("a CatalogSource as the OpenShift docs write one", catalog_source(full), &[]),
        (
            "a CatalogSource's DisplayName",
            catalog_source("  DisplayName: OSC mirror\n"),
            &[(W, "spec.DisplayName", "droppedField")],
        ),
        (
            "extractContent's directory under another name: dropped, and the one required missing",
            catalog_source("  grpcPodConfig:\n    extractContent: {cacheDir: /tmp/cache, catalogDir: /configs}\n"),
            &[
                (E, "spec.grpcPodConfig.extractContent.configDir", "schema"),
                (W, "spec.grpcPodConfig.extractContent.catalogDir", "droppedField"),
            ],
        ),
    ]);
    let hint = |input: String| text(&input).iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
    let display = hint(catalog_source("  DisplayName: OSC mirror\n"));
    assert!(display.contains("did you mean `displayName`?"), "{display}");
    assert!(hint(subscription(csv)).contains("did you mean `startingCSV`?"));
    let case = hint(subscription("  StartingCSV: sandboxed-containers-operator.v1.11.1\n"));
    assert!(case.contains("did you mean `startingCSV`?"), "{case}");
    let plural = hint(kataconfig("kata: 'true'").replace("matchLabels", "matchLabel"));
    assert!(plural.contains("did you mean `matchLabels`?"), "{plural}");
    assert!(plural.contains("the API server drops it"), "{plural}");
}

/// A Helm chart is not rendered: it is reported once, at its Chart.yaml, with the way to check
/// what it renders, and its templates are never read as manifests.
#[test]
fn helm_charts_are_reported_once_as_not_checked() {
    let s = Scratch::new(&[
        ("pattern/Chart.yaml", "apiVersion: v2\nname: osc\nversion: 0.1.0\n"),
        ("pattern/values.yaml", "channel: stable\n"),
        (
            "pattern/templates/sub.yaml",
            "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  channel: {{ .Values.channel }}\n",
        ),
        ("pattern/charts/sub/Chart.yaml", "apiVersion: v2\nname: sub\nversion: 0.1.0\n"),
        ("pattern/charts/sub/templates/cm.yaml", "{{- if .Values.x }}\nkind: ConfigMap\n{{- end }}\n"),
        ("plain/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n"),
    ]);
    assert_eq!(
        s.summary("."),
        [(W, "pattern/Chart.yaml".to_owned(), None, String::new(), "helmChartNotChecked".to_owned())]
    );
    let shown = s.check(".")[0].to_string();
    assert!(shown.contains("| oscgen check -"), "{shown}");
    assert!(shown.contains("helm template NAME"), "{shown}");
}
