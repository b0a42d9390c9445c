use serde_json::Value;

use crate::read::{Limits, read};
use crate::*;

#[test]
fn ambiguous_strings_are_quoted() {
    let text = to_string(&serde_json::json!({
        "a": "true", "b": "0644", "c": "1e3", "d": "~", "e": "yes", "f": "null", "g": "1.0", "h": "on"
    }))
    .unwrap_or_default();
    for line in text.lines() {
        let (_, v) = line.split_once(": ").unwrap_or_default();
        assert!(v.starts_with('\'') || v.starts_with('"'), "unquoted ambiguous scalar: {line}");
    }
}

#[test]
fn documents_skip_empty_and_keep_order() {
    let text = "---\nb: 1\na: 2\n---\n---\n~\n---\nnull\n---\n!x ~\n---\n!x\n---\nc: 3\n";
    let docs = documents(text).unwrap_or_default();
    assert_eq!(docs.len(), 2);
    let keys: Vec<_> = docs[0].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default();
    assert_eq!(keys, ["b", "a"]);
    let sourced = documents_with_source(text).unwrap_or_default();
    assert_eq!(sourced.into_iter().map(|d| d.value).collect::<Vec<_>>(), docs);
}

#[test]
fn errors_carry_a_location() {
    let e = documents("a: [1, 2\n").err();
    assert!(e.is_some_and(|e| e.line.is_some()));
}

#[test]
fn deep_nesting_is_refused_quickly() {
    // `documents` reads in place: on a thread with a main thread's stack (see `MAX_DEPTH`).
    let main_thread = std::thread::Builder::new().stack_size(8 << 20).spawn(|| {
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(documents(&at_limit).is_ok());
        for (prefix, open) in [("", "["), ("", "{a: "), ("- ", "["), ("k: ", "{? ")] {
            let deep = format!("{prefix}{}", open.repeat(200_000));
            let started = std::time::Instant::now();
            let e = documents(&deep).err();
            assert!(started.elapsed().as_secs() < 5, "{open}: took {:?}", started.elapsed());
            assert!(e.is_some_and(|e| e.message.contains("nested more than 128 levels")), "{open}");
        }
        let deep_block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let e = documents(&deep_block).err();
        assert!(e.as_ref().is_some_and(|e| e.message.contains("nested more than 128 levels")), "{e:?}");
        let one_more = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        let e = documents(&one_more).err();
        assert_eq!(e.map(|e| (e.line, e.column)), Some((Some(1), Some(MAX_DEPTH + 1))));
    });
    assert!(main_thread.is_ok_and(|run| run.join().is_ok()));
    // `documents_with_source` reads on a thread of its own: this test thread's 2 MiB do.
    for at_limit in [
        format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)),
        format!("{}1{}", "{a: ".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH)),
    ] {
        assert!(documents_with_source(&at_limit).is_ok());
    }
    for deep in ["[".repeat(200_000), "{a: ".repeat(200_000), format!("k: {}", "{? ".repeat(200_000))] {
        let e = documents_with_source(&deep).err();
        assert!(e.is_some_and(|e| e.message.contains("nested more than 128 levels")));
    }
}

#[test]
fn writing_many_quoted_words_is_linear() {
    let items: Vec<Value> = (0..50_000).map(|i| serde_json::json!({ "a": "y", "i": i })).collect();
    let started = std::time::Instant::now();
    let text = to_string(&items).unwrap_or_default();
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    assert_eq!(documents(&text).ok(), Some(vec![Value::Array(items)]));
}

#[test]
fn a_merge_key_written_as_text_reads_back_as_text() {
    let value = serde_json::json!({"<<": {"a": 1}, "b": "<<"});
    let text = to_string(&value).unwrap_or_default();
    assert_eq!(text, "'<<':\n  a: 1\nb: '<<'\n");
    assert_eq!(documents(&text), Ok(vec![value]));
}

#[test]
fn line_and_paragraph_separators_read_back() {
    for s in ["a\u{2028}b", "\u{2029}", "a\u{2028}\"q\"\\\n\t\u{85}\u{feff}"] {
        let value = serde_json::json!({ "k": s, s: [s] });
        let text = to_string(&value).unwrap_or_default();
        assert_eq!(documents(&text), Ok(vec![value]), "{text:?}");
    }
    let text = to_string(&serde_json::json!({ "k": "a\u{2028}b" })).unwrap_or_default();
    assert_eq!(text, "k: \"a\\Lb\"\n");
}

#[test]
fn a_marker_lookalike_in_the_input_is_kept() {
    let tricky = format!("oscgenquoted{}", "x".repeat(100_000));
    let value = serde_json::json!({ "y": [tricky.clone(), "oscgenquoted0", "on"], "on": tricky });
    let text = to_string(&value).unwrap_or_default();
    assert_eq!(documents(&text).ok(), Some(vec![value]));
}

#[test]
fn plain_types() {
    for (text, expected) in [
        ("true", Some(("boolean", false))),
        ("False", Some(("boolean", false))),
        ("on", Some(("boolean", true))),
        ("Y", Some(("boolean", true))),
        ("~", Some(("null", false))),
        ("", Some(("null", false))),
        ("1", Some(("number", false))),
        ("-1.5e3", Some(("number", false))),
        (".5", Some(("number", false))),
        ("0x1F", Some(("number", false))),
        ("1_000", Some(("number", true))),
        ("0b101", Some(("number", true))),
        (".inf", Some(("number", false))),
        ("1.2.3", None),
        ("v1", None),
        ("kata", None),
        ("e3", None),
        ("1e", None),
        ("-", None),
        ("_", None),
    ] {
        assert_eq!(plain_type(text).map(|t| (t.name, t.yaml11_only)), expected, "{text:?}");
    }
}
#[test]
fn alias_bombs_are_refused_quickly() {
    let mut laughs = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        laughs.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    // One large anchor repeated: few aliases, each of them large (7 GB with serde_yaml
    // alone); and one long string repeated.
    let large = format!("a: &a [{}]\nb: [{}]\n", vec!["0"; 10_000].join(","), vec!["*a"; 10_000].join(","));
    let string = format!("a: &a '{}'\nb: [{}]\n", "x".repeat(100_000), vec!["*a"; 100].join(","));
    for (what, text) in [("laughs", laughs), ("large anchor", large), ("long string", string)] {
        let started = std::time::Instant::now();
        let e = documents(&text).err();
        // Generous for an unoptimized build on a busy machine: each takes milliseconds
        // optimized, and without the budgets minutes and gigabytes.
        assert!(started.elapsed().as_secs() < 20, "{what}: took {:?}", started.elapsed());
        assert!(
            e.as_ref().is_some_and(|e| e.message.starts_with("aliases (*name) expand the document")),
            "{what}: {e:?}"
        );
        assert!(e.is_some_and(|e| e.line.is_some()), "{what}");
    }
    // Anchors used often, each use small, are fine: 200 merges of one mapping.
    let mut merges = String::from("defaults: &d {a: 1, b: [x, y]}\nitems:\n");
    for i in 0..200 {
        merges.push_str(&format!("- {{<<: *d, name: n{i}}}\n"));
    }
    let docs = documents(&merges);
    assert_eq!(
        docs.map(|d| d[0]["items"][199].clone()),
        Ok(serde_json::json!({"name": "n199", "a": 1, "b": ["x", "y"]}))
    );
}

#[test]
fn more_nodes_than_the_density_allows_are_refused() {
    let limits = Limits { nodes: 1_000, scalar_bytes: 1 << 20, dense: true };
    let text = format!("[{}]", vec!["0"; 1_000].join(","));
    let e = read::<Value>(&text, limits).err();
    assert!(e.is_some_and(|e| e.message.starts_with("more than 1000 values") && e.column == Some(2_000)));
    assert!(read::<Value>("[0, 0]", limits).is_ok());
    // Empty documents count too (each is a null).
    let e = read::<Value>(&"---\n".repeat(1_500), limits).err();
    assert!(e.is_some_and(|e| e.message.starts_with("more than 1000 values")));
    // A small text gets the alias bound, a large one the density bound, which grows with it.
    assert!(!Limits::for_text("a: 1").dense);
    let large = Limits::for_text(&" ".repeat(NODE_ALLOWANCE));
    assert!(large.dense && large.nodes == NODE_ALLOWANCE);
    let larger = Limits::for_text(&" ".repeat(NODE_ALLOWANCE * BYTES_PER_NODE * 2));
    assert_eq!(larger.nodes, NODE_ALLOWANCE * 2);
}

#[test]
fn values_are_what_a_yaml_1_2_reader_builds() {
    let text = "a: 1\nb: -2\nc: 18446744073709551615\nd: 1.5\ne: 1e3\nf: ~\ng: [x, {h: true}]\nj: ''\n\
                1: k\ntrue: l\nnull: m\nyes: no\non: off\ny: n\nmode: 0644\nbig: 1_000\nhex: 0x1F\n\
                oct: 0o17\ntags: [!!str 1, !!int '7']\nbase: &b {x: 1}\nmerged: {<<: *b, y: 2}\n";
    let expected = serde_json::json!({
        "a": 1, "b": -2, "c": 18446744073709551615u64, "d": 1.5, "e": 1000.0, "f": null,
        "g": ["x", {"h": true}], "j": "", "1": "k", "true": "l", "null": "m", "yes": "no", "on": "off",
        "y": "n", "mode": "0644", "big": "1_000", "hex": 31, "oct": 15, "tags": ["1", 7],
        "base": {"x": 1}, "merged": {"y": 2, "x": 1},
    });
    assert_eq!(documents(text), Ok(vec![expected]));
    for (text, message) in [
        ("a: 1\na: 2\n", "duplicate key \"a\" at line 2 column 1; a mapping may hold each key once"),
        ("a: .inf\n", "`.inf` is not a finite number at line 1 column 4; JSON has no form for it"),
        ("a: 1e999\n", "`1e999` is not a finite number"),
    ] {
        let e = documents(text).err();
        assert!(e.as_ref().is_some_and(|e| e.message.starts_with(message) && e.line.is_some()), "{text}: {e:?}");
    }
}

#[test]
fn odd_but_valid_text_reads() {
    let expected = Ok(vec![serde_json::json!({"a": [1, {"b": "c"}], "d": null})]);
    for text in [
        "a: [1, {b: c}]\nd:\n",
        "\u{feff}a: [1, {b: c}]\nd:\n",
        "a: [1, {b: c}]\r\nd:\r\n",
        "{\"a\": [1, {\"b\": \"c\"}], \"d\": null}",
        "{\n\t\"a\": [\n\t\t1,\n\t\t{\"b\": \"c\"}\n\t],\n\t\"d\": null\n}\n",
        "%YAML 1.2\n---\na:\n- 1\n- b: c\nd: ~\n...\n",
    ] {
        assert_eq!(documents(text), expected, "{text:?}");
        assert_eq!(documents_with_source(text).map(|d| d.into_iter().map(|d| d.value).collect()), expected, "{text:?}");
    }
    assert_eq!(from_str::<Value>("a: 1\n"), Ok(serde_json::json!({"a": 1})));
    assert!(from_str::<Value>("a: 1\n---\nb: 2\n").is_err());
}

/// A value node (line, column, kind) and a key (line, column), as found.
type Found = (Option<(usize, usize, NodeKind)>, Option<(usize, usize)>);

/// The value and the key at `path` (dotted, numbers are indexes) of document `doc`.
fn at(docs: &[SourceDocument], doc: usize, path: &str) -> Found {
    let path = FieldPath(
        path.split('.')
            .filter(|s| !s.is_empty())
            .map(|s| match s.parse::<usize>() {
                Ok(i) => crate::Segment::Index(i),
                Err(_) => crate::Segment::Key(s.to_owned()),
            })
            .collect(),
    );
    let source = docs.get(doc).map(|d| &d.source);
    (
        source.and_then(|s| s.value(&path)).map(|l| (l.line, l.column, l.node.clone())),
        source.and_then(|s| s.key(&path)).map(|l| (l.line, l.column)),
    )
}

fn scalar(text: &str, style: ScalarStyle) -> NodeKind {
    NodeKind::Scalar { text: text.to_owned(), style }
}

#[test]
fn source_positions_follow_paths_and_styles() {
    use ScalarStyle::{DoubleQuoted, Folded, Literal, Plain, SingleQuoted};
    let text = "# comment\na: 1\n---\nkind: X\nspec:\n  list:\n  - k: 'v'\n  - [x, \"y\"]\n  m: {c: 1, d: }\n";
    let docs = documents_with_source(text).unwrap_or_default();
    assert_eq!(docs.len(), 2);
    assert_eq!((docs[0].source.line, docs[0].source.column), (2, 1));
    assert_eq!(at(&docs, 0, "a"), (Some((2, 4, scalar("1", Plain))), Some((2, 1))));
    assert_eq!(at(&docs, 1, "spec.list.0.k").0, Some((7, 8, scalar("v", SingleQuoted))));
    assert_eq!(at(&docs, 1, "spec.list.1.1").0, Some((8, 9, scalar("y", DoubleQuoted))));
    assert_eq!(at(&docs, 1, "spec.list.1").0.map(|a| (a.0, a.1)), Some((8, 5)));
    assert_eq!(at(&docs, 1, "spec.m.d").0.map(|a| a.2), Some(scalar("", Plain)));
    assert_eq!(at(&docs, 1, "spec.list").1, Some((6, 3)));
    assert_eq!(docs[1].source.locate(&FieldPath::parse("spec.nothing")).map(|l| l.line), Some(5));
    assert_eq!(docs[1].source.values().count(), 12);

    // Block scalars start at their first content line; tags, anchors, comments, indentation
    // and chomping indicators in the header do not hide them, and an empty one is found too.
    let text = "a: |\n  one\n  two\nb: >-\n  folded\nc: !!str |2  # note | >\n    indented\nd: &x |\n\
                \n  after a blank line\ne: |\nf:\n- >\n  item\n- |-\n  last\ng: # plain | >\n  'quoted'\n\
                \"h | #\": >\n  key with a bar\ni: |\n  'looks quoted'\nj:\n  plain\nk: \"a\n  b\"\nl: !!int '7'\n";
    let docs = documents_with_source(text).unwrap_or_default();
    assert_eq!(at(&docs, 0, "a").0, Some((2, 3, scalar("one\ntwo\n", Literal))));
    assert_eq!(at(&docs, 0, "b").0, Some((5, 3, scalar("folded", Folded))));
    assert_eq!(at(&docs, 0, "c").0, Some((7, 3, scalar("  indented\n", Literal))));
    assert_eq!(at(&docs, 0, "d").0, Some((10, 3, scalar("\nafter a blank line\n", Literal))));
    assert_eq!(at(&docs, 0, "e").0.map(|a| a.2), Some(scalar("", Literal)));
    assert_eq!(at(&docs, 0, "f.0").0, Some((14, 3, scalar("item\n", Folded))));
    assert_eq!(at(&docs, 0, "f.1").0, Some((16, 3, scalar("last", Literal))));
    assert_eq!(at(&docs, 0, "g").0, Some((18, 3, scalar("quoted", SingleQuoted))));
    assert_eq!(at(&docs, 0, "h | #").0, Some((20, 3, scalar("key with a bar\n", Folded))));
    assert_eq!(at(&docs, 0, "i").0, Some((22, 3, scalar("'looks quoted'\n", Literal))));
    assert_eq!(at(&docs, 0, "j").0, Some((24, 3, scalar("plain", Plain))));
    assert_eq!(at(&docs, 0, "k").0, Some((25, 4, scalar("a b", DoubleQuoted))));
    assert_eq!(at(&docs, 0, "l").0, Some((27, 10, scalar("7", SingleQuoted))));
    let root_block = documents_with_source("--- |\n  root\n").unwrap_or_default();
    assert_eq!(at(&root_block, 0, "").0, Some((2, 3, scalar("root\n", Literal))));
    // In a flow collection there are no block scalars, whatever the line before says.
    let flow = documents_with_source("[ \"a | # b\",\n  c ]\n").unwrap_or_default();
    assert_eq!(at(&flow, 0, "1").0, Some((2, 3, scalar("c", Plain))));
}

#[test]
fn source_positions_take_linear_time() {
    // Each scalar looks back over its own indentation and, when it starts a line, over the
    // lines above it to the first non-blank one; never to the start of a long line.
    let flow = format!("[{}]", vec!["0"; 200_000].join(","));
    let block = format!("a: {}\nb:\n{}", "x".repeat(1 << 20), "- |\n  y\n".repeat(50_000));
    for text in [flow, block] {
        let started = std::time::Instant::now();
        assert!(documents_with_source(&text).is_ok());
        assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
    }
}

#[test]
fn aliases_and_merges_are_shown_where_they_are_used() {
    let text = "base: &b\n  x: [1, 2]\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n";
    let docs = documents_with_source(text).unwrap_or_default();
    assert_eq!(docs.first().map(|d| d.value["merged"].clone()), Some(serde_json::json!({"y": 3, "x": [1, 2]})));
    assert_eq!(at(&docs, 0, "base.x.1").0, Some((2, 10, scalar("2", ScalarStyle::Plain))));
    assert_eq!(at(&docs, 0, "use").0, Some((3, 6, NodeKind::Alias)));
    assert_eq!(at(&docs, 0, "use.x").0, None);
    assert_eq!(docs[0].source.locate(&FieldPath::parse("use.x")).map(|l| (l.line, l.column)), Some((3, 1)));
    assert_eq!(at(&docs, 0, "merged.x"), (Some((5, 7, NodeKind::Alias)), Some((5, 7))));
    assert_eq!(at(&docs, 0, "merged.y").1, Some((6, 3)));
}

#[test]
fn positions_count_characters_and_skip_a_byte_order_mark() {
    let docs = documents_with_source("\u{feff}é: [ä, \"ö\"]\n").unwrap_or_default();
    assert_eq!(at(&docs, 0, "é").1, Some((1, 1)));
    assert_eq!(at(&docs, 0, "é.1").0, Some((1, 8, scalar("ö", ScalarStyle::DoubleQuoted))));
    let docs = documents_with_source("a:\r\n  b: |\r\n    x\r\n").unwrap_or_default();
    assert_eq!(at(&docs, 0, "a.b").0, Some((3, 5, scalar("x\n", ScalarStyle::Literal))));
}
