//! `render --each`'s library entry point: every file its own cluster, one stream in file
//! order, and every problem naming its file. (The binary renders the files on its own threads
//! and joins them; `plugin/src/fleet.rs` tests that it gives the same bytes.)

use crate::common;

use common::{assert_text_snapshot, kata_runtime_named, kind_name, operator};
use oscgen_render::fleet::{join, render_each, render_one};
use oscgen_render::{Error, Severity};

fn three_clusters() -> Vec<(String, String)> {
    vec![
        (
            "clusters/east.yaml".to_owned(),
            format!(
                "{}---\n{}",
                operator("{channel: stable, openshiftVersion: '4.20'}"),
                kata_runtime_named("east", "{openshiftVersion: '4.20', poolSelector: {matchLabels: {kata: 'east'}}}")
            ),
        ),
        (
            "clusters/west.yaml".to_owned(),
            kata_runtime_named("west", "{release: 1.9.0, openshiftVersion: '4.16', renderNodeObjects: true}"),
        ),
        (
            "clusters/north.yaml".to_owned(),
            kata_runtime_named("north", "{release: 1.3.3, openshiftVersion: '4.12', logLevel: debug}"),
        ),
    ]
}

#[test]
fn three_clusters_in_file_order() {
    let fleet = render_each(&three_clusters()).unwrap();
    assert_text_snapshot("render-each-three-clusters", &fleet.yaml);
    let kata_names: Vec<&str> = fleet
        .yaml
        .split("---\n")
        .filter(|doc| doc.contains("kind: KataConfig"))
        .map(|doc| doc.lines().find_map(|l| l.strip_prefix("  name: ")).unwrap())
        .collect();
    assert_eq!(kata_names, ["east", "west", "north"]);
    // Each cluster's part is what rendering that file alone gives.
    for (_, text) in three_clusters() {
        let alone = oscgen_render::render(&oscgen_render::config::from_yaml(&text).unwrap()).unwrap();
        assert!(fleet.yaml.contains(&alone.to_yaml().unwrap()));
    }
}

#[test]
fn join_of_outcomes_rendered_apart_is_render_each() {
    let files = three_clusters();
    let apart: Vec<_> = files.iter().rev().map(|(name, text)| render_one(name, text, None)).collect();
    let joined = join(apart.into_iter().rev()).unwrap();
    assert_eq!(joined, render_each(&files).unwrap());
}

#[test]
fn problems_name_their_file_and_nothing_is_rendered() {
    let mut files = three_clusters();
    files.push((
        "clusters/bad.yaml".to_owned(),
        kata_runtime_named("bad", "{poolSelector: {matchLabels: {kata: true}}}"),
    ));
    files.push(("clusters/empty.yaml".to_owned(), "# nothing yet\n".to_owned()));
    files.push(("clusters/broken.yaml".to_owned(), "apiVersion: [\n".to_owned()));
    files.push((
        "clusters/two.yaml".to_owned(),
        format!("{}---\n{}", kata_runtime_named("a", "{}"), kata_runtime_named("b", "{}")),
    ));
    // The bad files among many good ones.
    let mut many: Vec<(String, String)> =
        (0..200).map(|i| (format!("ok-{i}.yaml"), kata_runtime_named(&format!("k{i}"), "{release: 1.9.0}"))).collect();
    many.splice(100..100, files);
    let Err(Error::Invalid(report)) = render_each(&many) else { panic!("bad files render") };
    let found: Vec<(String, Severity, String)> = report
        .entries
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.origin.as_ref().and_then(|o| o.file.clone()).unwrap(), d.severity, kind_name(d)))
        .collect();
    let expected = [
        ("clusters/bad.yaml", "LabelValueNotString"),
        ("clusters/empty.yaml", "Shape"),
        ("clusters/broken.yaml", "YamlSyntax"),
        ("clusters/two.yaml", "SecondKataConfig"),
    ];
    let expected: Vec<(String, Severity, String)> =
        expected.iter().map(|(f, k)| ((*f).to_owned(), Severity::Error, (*k).to_owned())).collect();
    assert_eq!(found, expected);
    let bad = report.entries.iter().find(|d| kind_name(d) == "LabelValueNotString").unwrap();
    assert_eq!(bad.object.as_ref().unwrap().name, "bad");
}

#[test]
fn warnings_name_their_file() {
    let files = [("only.yaml", kata_runtime_named("k", "{release: 1.9.0, poolSelector: {matchLabels: {kata: yes}}}"))];
    let fleet = render_each(&files).unwrap();
    let warning = fleet.warnings.warnings().next().unwrap();
    assert_eq!(warning.origin.as_ref().unwrap().file.as_deref(), Some("only.yaml"));
    assert_eq!(kind_name(warning), "UnquotedYaml11Bool");
}

/// Every file is read in place on the caller's thread, here a test thread with 2 MiB of stack
/// (the read grows it when too little is left): the deepest nesting the reader accepts fits, in
/// any build, and one level more is a syntax error naming its file.
#[test]
fn deep_nesting_fits_the_callers_stack() {
    let depth = oscgen_render::yaml::MAX_DEPTH;
    // The document and `spec` are two levels; `brackets` lists nest inside them.
    let nested = |brackets: usize| {
        kata_runtime_named("deep", &format!("\n  nodeSelector: {}1{}", "[".repeat(brackets), "]".repeat(brackets)))
    };
    let files =
        vec![("ok.yaml".to_owned(), kata_runtime_named("ok", "{}")), ("deep.yaml".to_owned(), nested(depth - 1))];
    let Err(Error::Invalid(report)) = render_each(&files) else { panic!("the deep file is refused") };
    let shown = report.to_string();
    assert!(shown.contains("deep.yaml") && shown.contains("nested more than"), "{shown}");
    let files = vec![("deep.yaml".to_owned(), nested(depth - 2))];
    // Read whole (no overflow, no depth error); the field is then unknown to KataRuntime.
    let Err(Error::Invalid(report)) = render_each(&files) else { panic!("nodeSelector is unknown") };
    assert!(report.to_string().contains("unknown field `nodeSelector`"), "{report}");
}
