//! The generators phase: the function configs under `generators` (run by the host), then
//! `configMapGenerator` and `secretGenerator`; and the function configs under `transformers`,
//! which add their objects after the built-in transformers.

use std::path::Path;

use oscgen_yaml::FieldPath;

use super::resources::{generated_object, unreadable};
use super::{Builds, Current, Cx, Output, kustomize_id};
use crate::event::Event;
use crate::generate::{self, GeneratorArgs};
use crate::is_remote;
use crate::source::{Obj, normalize};

impl Builds {
    /// Runs the kustomization's generators: function configs under `generators`, then
    /// `configMapGenerator` and `secretGenerator`.
    pub(super) fn generate(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        let (k, root) = (cur.k, FieldPath::root());
        for (i, entry) in k.generators.iter().enumerate() {
            self.function(cur, &root.key("generators").index(i), entry, out, true, cx);
        }
        for (field, kind, generators) in [
            ("configMapGenerator", "ConfigMap", &k.config_map_generator),
            ("secretGenerator", "Secret", &k.secret_generator),
        ] {
            for (i, args) in generators.iter().enumerate() {
                self.generated(cur, &root.key(field).index(i), kind, args, out, cx);
            }
        }
    }

    /// Runs one `configMapGenerator` or `secretGenerator` entry: a new object, or (`behavior:
    /// merge` or `replace`) the data of the object of that name changed.
    fn generated(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        kind: &str,
        args: &GeneratorArgs,
        out: &mut Output,
        cx: &mut Cx<'_>,
    ) {
        if remote_data(cur, at, args, out, cx) {
            return;
        }
        let (consumed, loader) = (&mut self.consumed, &*cx.loader);
        let mut read = |path: &Path| -> Result<Vec<u8>, String> {
            consumed.insert(loader.key(path));
            loader.read(path).map_err(|e| match e.kind() {
                // kustomize's words (its file loader resolves symlinks first).
                std::io::ErrorKind::NotFound => {
                    let shown = normalize(path).display().to_string();
                    format!("evalsymlink failure on '{shown}' : lstat {shown}: no such file or directory")
                }
                _ => format!("{}: {e}", normalize(path).display()),
            })
        };
        let fail = |message: String, fix: &str| Event::Fails { at: cur.spot(at), message, fix: fix.to_owned() };
        let generated = match generate::generate(cur.dir, kind, args, &cur.k.generator_options, &mut read) {
            Ok(generated) => generated,
            Err(message) => return cx.host.event(fail(message, "fix this generator")),
        };
        let name = args.name.clone().unwrap_or_default();
        let namespace = args.namespace.clone();
        let existing = out
            .objects
            .iter()
            .position(|o| o.id().kind == kind && o.ids.iter().any(|id| id.name == name && id.namespace == namespace));
        match (generated.behavior.as_str(), existing) {
            ("create", None) => {
                let mut obj = Obj::new(generated.value, cur.place.at(at));
                obj.synthetic = true;
                obj.written = false;
                obj.hash = generated.hash;
                out.objects.push(obj);
            }
            ("create", Some(_)) => {
                let id = kustomize_id(&generated.value);
                let message = format!("may not add resource with an already registered id: {id}");
                let fix = "set `behavior: merge` or `behavior: replace` to change the object of that name";
                cx.host.event(fail(message, fix));
            }
            ("merge" | "replace", Some(i)) => {
                let obj = &mut out.objects[i];
                if generated.behavior == "replace" {
                    for field in ["data", "binaryData"] {
                        if let Some(map) = obj.value.as_object_mut() {
                            map.shift_remove(field);
                        }
                    }
                }
                // The object keeps its own naming: a plain resource gets no hash.
                generate::merge_into(&mut obj.value, &generated.value);
            }
            ("merge" | "replace", None) => {
                let id = kustomize_id(&generated.value);
                let message = format!("id {id} does not exist; cannot merge or replace");
                cx.host.event(fail(message, "name a ConfigMap or Secret the resources include, or drop `behavior`"));
            }
            (other, _) => {
                let message = format!("unknown generator behavior {other:?}");
                cx.host.event(fail(message, "use create, merge or replace"));
            }
        }
    }

    /// Runs the function configs under `transformers`: oscgen as a transformer adds its
    /// objects after the built-in transformers.
    pub(super) fn transformer_functions(&mut self, cur: &Current<'_>, out: &mut Output, cx: &mut Cx<'_>) {
        for (i, entry) in cur.k.transformers.iter().enumerate() {
            self.function(cur, &FieldPath::root().key("transformers").index(i), entry, out, false, cx);
        }
    }

    /// One `generators` (`adds`) or `transformers` entry: a directory built (generators only),
    /// or a file of function configs, each handed to the host.
    fn function(
        &mut self,
        cur: &Current<'_>,
        at: &FieldPath,
        entry: &str,
        out: &mut Output,
        adds: bool,
        cx: &mut Cx<'_>,
    ) {
        let path = cur.dir.join(entry);
        if is_remote(entry) || cx.loader.is_dir(&path) {
            if let (true, Some(path)) = (adds, self.directory(cur, at, entry, out, cx)) {
                self.referenced.insert(cx.loader.key(&path));
                if let Some(generated) = self.build_in(&path, cx) {
                    out.objects.extend(generated.objects.iter().cloned());
                    out.opaque |= generated.opaque;
                }
            }
            return;
        }
        if !cx.loader.exists(&path) {
            let (entry, path) = (entry.to_owned(), cur.shown(entry));
            return cx.host.event(Event::ResourceNotFound { at: cur.spot(at), entry, path });
        }
        self.consumed.insert(cx.loader.key(&path));
        let data = match cx.loader.load(&path, &mut *cx.host) {
            Ok(data) => data,
            Err(e) => return cx.host.event(unreadable(cur, at, &path, &e)),
        };
        for doc in &data.docs {
            match cx.host.generate(doc) {
                Some(generated) => out.objects.extend(generated.into_iter().map(|value| generated_object(value, doc))),
                None if adds => {
                    out.opaque = true;
                    cx.host.event(Event::NotFollowed { at: cur.spot(at), entry: entry.to_owned() });
                }
                None => {}
            }
        }
    }
}

/// kustomize's file loader fetches `http(s)://` files over HTTP (`api/loader/fileloader.go`
/// `IsRemoteFile`, kustomize/v4.5.4 and 5.5); oscgen does not, so what such a generator makes
/// is not known, and a missing path is not what kustomize would say. Reports each and says
/// whether there was one.
fn remote_data(cur: &Current<'_>, at: &FieldPath, args: &GeneratorArgs, out: &mut Output, cx: &mut Cx<'_>) -> bool {
    let remote = |entry: &str| {
        let path = entry.split_once('=').map_or(entry, |(_, path)| path).trim();
        path.starts_with("http://") || path.starts_with("https://")
    };
    let listed = [("files", &args.files), ("envs", &args.envs)];
    let mut remotes: Vec<(FieldPath, String)> = listed
        .iter()
        .flat_map(|(field, entries)| entries.iter().enumerate().map(move |(i, e)| (at.key(*field).index(i), e)))
        .filter(|(_, e)| remote(e))
        .map(|(path, e)| (path, e.clone()))
        .collect();
    remotes.extend(args.env.iter().filter(|e| remote(e)).map(|e| (at.key("env"), e.clone())));
    for (path, entry) in &remotes {
        out.opaque = true;
        cx.host.event(Event::NotFollowed { at: cur.spot(path), entry: entry.clone() });
    }
    !remotes.is_empty()
}
