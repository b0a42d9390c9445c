//! Reading what `check` is given: the directory walk, and the file system oscgen-kustomize
//! reads through (bounded reads; its `Loader` parses each file once).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::kustomize::{self, Entry, Event, Files, Loader};
use crate::source::normalize;
use crate::{CheckKind as K, Diagnostic, FieldPath, Origin, Report};

/// The file system `check` reads, for oscgen-kustomize: bounded reads, symlinks followed.
pub(crate) struct Disk;

impl Files for Disk {
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, std::io::Error> {
        read_bytes(path, limit)
    }

    fn entry(&self, path: &Path) -> Option<Entry> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(if metadata.is_file() {
            Entry::File
        } else if metadata.is_dir() {
            Entry::Dir
        } else {
            Entry::Other
        })
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }
}

/// A loader that reads from disk, at most `max_bytes` a file.
pub(crate) fn loader(max_bytes: u64) -> Loader {
    Loader::new(Box::new(Disk), max_bytes)
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

/// A file or directory that cannot be read, reported at the file.
pub(crate) fn unreadable(path: &Path, e: &std::io::Error) -> Diagnostic {
    let path = normalize(path).display().to_string();
    crate::events::diagnostic(Event::Unreadable { path, message: e.to_string(), at: None })
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
                report.push(unreadable(&path, &io));
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
