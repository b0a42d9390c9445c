//! What a build reads through: [`Files`], as kustomize reads through its `filesys.FileSystem`
//! (kubernetes-sigs/kustomize, `kyaml/filesys/filesystem.go`, kustomize/v4.5.4). The program
//! that runs the build brings the real file system (oscgen-check does); [`MemFiles`] holds a
//! tree in memory, for tests and for callers that have the files already.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::source::normalize;

/// What is at a path, symlinks followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// Something else (a socket, a device): there, but neither.
    Other,
}

/// The file system a build reads. Paths are the ones the kustomization names, joined to its
/// directory; nothing is written.
pub trait Files {
    /// The bytes of the file at `path`, or an error: [`io::ErrorKind::NotFound`] when there is
    /// none, and an error saying so when it holds more than `limit` bytes (nothing past
    /// `limit + 1` bytes is read).
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>>;

    /// What is at `path`, following symlinks; `None` when nothing is.
    fn entry(&self, path: &Path) -> Option<Entry>;

    /// The path's identity (its canonical path), when it exists: two names of one directory
    /// are built once.
    fn canonical(&self, path: &Path) -> Option<PathBuf>;
}

/// A file tree in memory: each file by its path, directories implied by the files under them.
/// Paths are compared after [`normalize`] (so `base/../base/a.yaml` is `base/a.yaml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemFiles {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemFiles {
    /// An empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// A tree of `(path, text)` pairs.
    pub fn from_texts<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut tree = Self::new();
        for (path, text) in files {
            tree.insert(path, text);
        }
        tree
    }

    /// Adds (or replaces) the file at `path`.
    pub fn insert(&mut self, path: impl AsRef<Path>, contents: impl Into<Vec<u8>>) {
        self.files.insert(normalize(path.as_ref()), contents.into());
    }

    fn is_dir(&self, path: &Path) -> bool {
        let dir = normalize(path);
        if dir == Path::new(".") {
            return true;
        }
        self.files.keys().any(|file| file.starts_with(&dir) && file != &dir)
    }
}

impl Files for MemFiles {
    fn read(&self, path: &Path, limit: u64) -> io::Result<Vec<u8>> {
        let Some(bytes) = self.files.get(&normalize(path)) else {
            let kind = if self.is_dir(path) { io::ErrorKind::IsADirectory } else { io::ErrorKind::NotFound };
            return Err(io::Error::new(kind, format!("{}: no such file", path.display())));
        };
        if bytes.len() as u64 > limit {
            return Err(io::Error::other(format!("larger than {limit} bytes")));
        }
        Ok(bytes.clone())
    }

    fn entry(&self, path: &Path) -> Option<Entry> {
        if self.files.contains_key(&normalize(path)) {
            Some(Entry::File)
        } else if self.is_dir(path) {
            Some(Entry::Dir)
        } else {
            None
        }
    }

    fn canonical(&self, path: &Path) -> Option<PathBuf> {
        self.entry(path).map(|_| normalize(path))
    }
}
