//! Reading what `check` is given: the directory walk, bounded reads of UTF-8 text, and a cache
//! so every file is read and parsed once however many builds include it.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use oscgen_render::yaml;

use crate::kustomize;
use crate::source::{Doc, Place, normalize};
use crate::{CheckKind as K, Diagnostic, FieldPath, Origin, Report};

/// A read file's documents (none when it does not parse; its syntax error is reported once).
pub(crate) struct FileData {
    pub docs: Vec<Doc>,
    /// For text that starts with `[`, why it is not JSON (see [`json_patch_text`]).
    pub not_json: Option<String>,
}

/// kustomize reads patch text that starts with `[` as JSON and everything else as YAML
/// (kubernetes-sigs/kustomize, `plugin/builtin/patchjson6902transformer` and
/// `patchtransformer`, kustomize/v4.5.4), so a flow-style YAML list of operations
/// (`[{op: add, ...}]`) fails its build. Says why such text is not JSON.
pub(crate) fn json_patch_text(text: &str) -> Option<String> {
    if !text.trim_start().starts_with('[') {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(text).err().map(|e| e.to_string())
}

/// Reads and parses files, once each.
pub(crate) struct Loader {
    max_bytes: u64,
    files: BTreeMap<PathBuf, Rc<FileData>>,
}

impl Loader {
    pub fn new(max_bytes: u64) -> Self {
        Self { max_bytes, files: BTreeMap::new() }
    }

    /// The documents of `path`, read and parsed the first time only. A YAML syntax error goes
    /// to `report` (once), and the file then has no documents.
    pub fn load(&mut self, path: &Path, report: &mut Report) -> Result<Rc<FileData>, std::io::Error> {
        let key = key(path);
        if let Some(data) = self.files.get(&key) {
            return Ok(data.clone());
        }
        let text = read_text(path, self.max_bytes)?;
        let docs = self.parse(normalize(path).display().to_string().into(), &text, report);
        let data = Rc::new(FileData { docs, not_json: json_patch_text(&text) });
        self.files.insert(key, data.clone());
        Ok(data)
    }

    /// Every document of every file read so far, in file name order.
    pub fn docs(&self) -> impl Iterator<Item = &Doc> {
        self.files.values().flat_map(|data| data.docs.iter())
    }

    /// The bytes of `path`, within the size limit, not parsed (a generator's data file).
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, std::io::Error> {
        read_bytes(path, self.max_bytes)
    }

    /// The documents of `text`, shown as `display`; a syntax error goes to `report`.
    pub fn parse(&self, display: Rc<str>, text: &str, report: &mut Report) -> Vec<Doc> {
        match yaml::documents_with_source(text) {
            Ok(docs) => {
                let count = docs.len();
                docs.into_iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let mut value = d.value;
                        go_yaml_integers(&mut value, &d.source, &mut FieldPath::root());
                        if i + 1 == count && !text.ends_with('\n') {
                            block_at_end_of_input(&mut value, &d.source);
                        }
                        Doc { value, place: Place::new(display.clone(), d.source) }
                    })
                    .collect()
            }
            Err(e) => {
                let mut diagnostic = Diagnostic::from(&e);
                diagnostic.origin.get_or_insert_with(Origin::default).file = Some(display.to_string());
                report.push(diagnostic);
                Vec::new()
            }
        }
    }
}

/// Unquoted integers that YAML 1.2 leaves strings but kustomize (go-yaml v3, which resolves
/// plain integers with Go's `strconv.ParseInt` after dropping `_`) and kubectl (YAML 1.1) read
/// as numbers: a leading zero is octal (`defaultMode: 0755` is 493, `-0755` is -493, `00` is
/// 0), a digit 8 or 9 after it decimal (`08` is 8), and `1_000` is 1000. Only plain scalars: a
/// quoted `'0755'` stays a string.
fn go_yaml_integers(value: &mut serde_json::Value, source: &yaml::SourceMap, at: &mut FieldPath) {
    use oscgen_render::Segment;
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                at.0.push(Segment::Key(k.clone()));
                go_yaml_integers(v, source, at);
                at.0.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                at.0.push(Segment::Index(i));
                go_yaml_integers(v, source, at);
                at.0.pop();
            }
        }
        Value::String(text) => {
            let Some(number) = go_integer(text) else { return };
            let plain = source.value(at).is_some_and(|located| {
                matches!(located.node, yaml::NodeKind::Scalar { style: yaml::ScalarStyle::Plain, .. })
            });
            if plain {
                *value = Value::from(number);
            }
        }
        _ => {}
    }
}

/// A block scalar (`|`, `>`) that ends the text without a line break has no final line break
/// (YAML 1.2 `b-chomped-last`, `<end-of-input>`), as kustomize's go-yaml reads it; serde-saphyr
/// adds one. Mostly an inline patch written `patch: |-` whose last value is a `|` block. The
/// last node of the document is the only one that can end there.
pub(crate) fn block_at_end_of_input(value: &mut serde_json::Value, source: &yaml::SourceMap) {
    let last = source.values().max_by_key(|located| (located.line, located.column));
    let Some(located) = last else { return };
    if !matches!(
        located.node,
        yaml::NodeKind::Scalar { style: yaml::ScalarStyle::Literal | yaml::ScalarStyle::Folded, .. }
    ) {
        return;
    }
    let target = located.path.0.iter().try_fold(value, |v, segment| match segment {
        oscgen_render::Segment::Key(k) => v.get_mut(k),
        oscgen_render::Segment::Index(i) => v.get_mut(*i),
    });
    if let Some(serde_json::Value::String(text)) = target
        && text.ends_with('\n')
    {
        text.pop();
    }
}

/// The integer go-yaml v3 reads from `text`, when YAML 1.2 reads a string there.
fn go_integer(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || !digits.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return None;
    }
    // What YAML 1.2 already reads as a number is not this function's.
    if !(digits.starts_with('0') && digits.len() > 1 || digits.contains('_')) {
        return None;
    }
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    let octal = digits.len() > 1 && digits.starts_with('0') && digits.chars().all(|c| ('0'..='7').contains(&c));
    let magnitude = if octal { i64::from_str_radix(&digits, 8).ok()? } else { digits.parse::<i64>().ok()? };
    Some(if negative { -magnitude } else { magnitude })
}

/// The identity of a file or directory: its canonical path when it exists.
pub(crate) fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| normalize(path))
}

/// Reads a file of at most `limit` bytes.
pub(crate) fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, std::io::Error> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than {limit} bytes; raise --max-input-bytes if it is meant to be this big"
        )));
    }
    Ok(bytes)
}

/// Reads a file as UTF-8 text of at most `limit` bytes.
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<String, std::io::Error> {
    let bytes = read_bytes(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not UTF-8 (invalid byte at offset {}); save it as UTF-8", e.utf8_error().valid_up_to()),
        )
    })
}

/// A file or directory that cannot be read, reported where it is named (`at`), or at the file.
pub(crate) fn unreadable(path: &Path, e: &std::io::Error, at: Option<(Origin, FieldPath)>) -> Diagnostic {
    let kind = K::Unreadable { path: normalize(path).display().to_string(), message: e.to_string() };
    let (origin, field) = at.unwrap_or_else(|| {
        (Origin { file: Some(normalize(path).display().to_string()), ..Origin::default() }, FieldPath::root())
    });
    Diagnostic { origin: Some(origin), ..Diagnostic::of(field, kind) }
}

/// What a directory holds: kustomization directories, the other YAML files, and every other
/// file (searched for private keys only).
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub kustomizations: Vec<PathBuf>,
    pub files: Vec<PathBuf>,
    pub others: Vec<PathBuf>,
}

/// Directories never searched: version control and tool state. A Helm chart (a directory
/// with a `Chart.yaml`) is skipped whole as well: its `templates/` are Go templates, not YAML,
/// and only `helm template` (or kustomize's `helmCharts`) makes manifests of them.
fn skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "node_modules" || name == "target"
}

/// How deep the walk goes below the directory given.
const MAX_DEPTH: usize = 64;

/// Files under `dir` that may hold manifests, in name order; kustomization directories apart.
/// Symlinked directories are not followed (they can loop); what cannot be read is reported.
pub(crate) fn walk(dir: &Path, report: &mut Report) -> Walk {
    let mut found = Walk::default();
    let mut charts = Vec::new();
    let entries = walkdir::WalkDir::new(dir).max_depth(MAX_DEPTH).sort_by_file_name().into_iter().filter_entry(|e| {
        if !e.file_type().is_dir() {
            return true;
        }
        if e.depth() > 0 && skipped_dir(&e.file_name().to_string_lossy()) {
            return false;
        }
        let chart = e.path().join("Chart.yaml");
        if chart.is_file() {
            charts.push(chart);
            return false;
        }
        true
    });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let io = e.into_io_error().unwrap_or_else(|| std::io::Error::other("cannot be walked"));
                report.push(unreadable(&path, &io, None));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if kustomize::is_kustomization_name(path) {
            found.kustomizations.push(path.parent().map_or_else(|| dir.to_path_buf(), Path::to_path_buf));
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            found.files.push(path.to_path_buf());
        } else {
            found.others.push(path.to_path_buf());
        }
    }
    // Said once per chart, at its Chart.yaml: a tree of charts is otherwise "no problems".
    for chart in charts {
        let dir = chart.parent().map(Path::to_path_buf).unwrap_or_default();
        let kind = K::HelmChartNotChecked { chart: dir.display().to_string() };
        report.push(Diagnostic {
            origin: Some(Origin { file: Some(chart.display().to_string()), ..Origin::default() }),
            ..Diagnostic::of(FieldPath::root(), kind)
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_as_kustomize_reads_them() {
        // What kustomize 4.5.4 and kubectl kustomize 5.5 printed for these plain scalars.
        for (text, expected) in [
            ("0755", Some(493)),
            ("-0755", Some(-493)),
            ("00", Some(0)),
            ("08", Some(8)),
            ("1_0", Some(10)),
            ("755", None),
            ("0", None),
            ("0x1F", None),
            ("1:20", None),
            ("07a", None),
            ("", None),
        ] {
            assert_eq!(go_integer(text), expected, "{text}");
        }
    }
}
