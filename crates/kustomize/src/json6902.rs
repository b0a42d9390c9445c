//! RFC 6902 JSON patches exactly as kustomize applies them: with evanphx/json-patch's v4
//! semantics and its messages (github.com/evanphx/json-patch, `patch.go`, v4.12.0), which both
//! kustomize 4.5.4 and kubectl's kustomize 5.5 use, with negative indices enabled
//! (kubernetes-sigs/kustomize, `api/filters/patchjson6902/patchjson6902.go`, kustomize/v4.5.4).
//!
//! Where that differs from the RFC, kustomize is followed:
//! - `replace` of a key a mapping does not have adds it (only a missing parent, or an index
//!   past the end of a list, fails);
//! - `copy` from a key that does not exist writes null;
//! - `-1` is the last item (`add` at `-1` appends).
//!
//! kustomize 4.5.4 reads a negative index while walking a path (any segment but the last of
//! `add`/`remove`, and the last of `replace`, `test`, `copy` and `move`'s `from`) without the
//! bounds check its successor has, and panics (`index out of range [-1]`); 5.5 reads it as
//! counted from the end. Such a patch is applied as 5.5 does, and [`Applied::panics_in_4_5_4`]
//! says so, so `check` can report that the two versions disagree.

use serde_json::{Map, Value};

use oscgen_yaml::{FieldPath, Segment};

/// What a JSON patch did.
#[derive(Debug, Default, PartialEq)]
pub struct Applied {
    /// For each `add` and `replace`, its index and the field it wrote.
    pub written: Vec<(usize, FieldPath)>,
    /// Why kustomize 4.5.4 fails on this patch where kubectl kustomize 5.5 applies it.
    pub panics_in_4_5_4: Option<String>,
}

/// Why a JSON patch fails, in kustomize's own words.
#[derive(Debug, PartialEq)]
pub struct Failed {
    /// The operation's index in the patch.
    pub operation: usize,
    /// What kustomize prints.
    pub message: String,
}

const MISSING: &str = "missing value";
const INVALID_INDEX: &str = "invalid index referenced";

/// `~1` is `/` and `~0` is `~` (decoded in that order, as evanphx/json-patch does).
fn decode(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Go's `strconv.Atoi`, with its message.
fn atoi(key: &str) -> Result<i64, String> {
    let digits = key.strip_prefix(['+', '-']).unwrap_or(key);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {key:?}: invalid syntax"));
    }
    key.parse::<i64>().map_err(|_| format!("strconv.Atoi: parsing {key:?}: value out of range"))
}

/// The state of one patch application: whether a 4.5.4 panic was met.
#[derive(Default)]
struct Run {
    negative_get: bool,
}

impl Run {
    /// `partialArray.get`: an existing index, negative counted from the end.
    fn array_index(&mut self, len: usize, key: &str) -> Result<usize, String> {
        let mut idx = atoi(key)?;
        let len = i64::try_from(len).unwrap_or(i64::MAX);
        if idx < 0 {
            self.negative_get = true;
            if idx < -len {
                return Err(format!("Unable to access invalid index: {idx}: {INVALID_INDEX}"));
            }
            idx += len;
        }
        if idx >= len {
            return Err(format!("Unable to access invalid index: {idx}: {INVALID_INDEX}"));
        }
        usize::try_from(idx).map_err(|_| format!("Unable to access invalid index: {idx}: {INVALID_INDEX}"))
    }

    /// `findObject`: the container holding the last segment of `path`, and that segment.
    fn find<'a>(&mut self, doc: &'a mut Value, path: &str) -> Option<(&'a mut Value, String)> {
        let split: Vec<&str> = path.split('/').collect();
        let (last, parents) = split.split_last()?;
        if parents.is_empty() {
            return None;
        }
        let mut cur = doc;
        for part in &parents[1..] {
            let key = decode(part);
            let next = match cur {
                Value::Object(map) => map.get_mut(&key)?,
                Value::Array(items) => {
                    let i = self.array_index(items.len(), &key).ok()?;
                    &mut items[i]
                }
                _ => return None,
            };
            if !(next.is_object() || next.is_array()) {
                return None;
            }
            cur = next;
        }
        Some((cur, decode(last)))
    }

    /// `container.get`: a missing key of a mapping is no error (the value is then absent).
    fn get(&mut self, con: &Value, key: &str) -> Result<Option<Value>, String> {
        match con {
            Value::Object(map) => Ok(map.get(key).cloned()),
            Value::Array(items) => self.array_index(items.len(), key).map(|i| Some(items[i].clone())),
            _ => Err(MISSING.to_owned()),
        }
    }
}

/// `container.add`: a mapping sets the key, a list inserts (`-` appends, a negative index
/// counts from the end of the list as it will be).
fn add(con: &mut Value, key: &str, value: Value) -> Result<(), String> {
    match con {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
            Ok(())
        }
        Value::Array(items) => {
            if key == "-" {
                items.push(value);
                return Ok(());
            }
            let mut idx = atoi(key).map_err(|e| format!("value was not a proper array index: '{key}': {e}"))?;
            let size = i64::try_from(items.len() + 1).unwrap_or(i64::MAX);
            if idx >= size || idx < -size {
                return Err(format!("Unable to access invalid index: {idx}: {INVALID_INDEX}"));
            }
            if idx < 0 {
                idx += size;
            }
            items.insert(usize::try_from(idx).unwrap_or_default(), value);
            Ok(())
        }
        _ => Err(MISSING.to_owned()),
    }
}

/// `container.remove`.
fn remove(con: &mut Value, key: &str) -> Result<Value, String> {
    match con {
        Value::Object(map) => {
            map.shift_remove(key).ok_or_else(|| format!("Unable to remove nonexistent key: {key}: {MISSING}"))
        }
        Value::Array(items) => {
            let mut idx = atoi(key)?;
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            if idx >= len || idx < -len {
                return Err(format!("Unable to access invalid index: {idx}: {INVALID_INDEX}"));
            }
            if idx < 0 {
                idx += len;
            }
            Ok(items.remove(usize::try_from(idx).unwrap_or_default()))
        }
        _ => Err(MISSING.to_owned()),
    }
}

/// `container.set` (after a successful `get`, so the index exists).
fn set(con: &mut Value, key: &str, value: Value) {
    match con {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => {
            let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
            if let Ok(mut idx) = atoi(key) {
                if idx < 0 {
                    idx += len;
                }
                if let Some(slot) = usize::try_from(idx).ok().and_then(|i| items.get_mut(i)) {
                    *slot = value;
                }
            }
        }
        _ => {}
    }
}

/// A JSON pointer into `value` as a field path: a number is an index only inside a list.
fn field_path(value: &Value, pointer: &str) -> FieldPath {
    let mut path = FieldPath::root();
    let mut at = Some(value);
    for raw in pointer.split('/').skip(1) {
        let segment = decode(raw);
        match (at, segment.parse::<i64>()) {
            (Some(Value::Array(items)), Ok(i)) => {
                let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
                let i = usize::try_from(if i < 0 { i + len } else { i }).unwrap_or_default();
                at = items.get(i);
                path = path.index(i);
            }
            (Some(Value::Array(items)), Err(_)) if segment == "-" => {
                // `add` to the end: the item now last.
                let i = items.len().saturating_sub(1);
                at = items.get(i);
                path = path.index(i);
            }
            _ => {
                at = at.and_then(|v| v.get(&segment));
                path = path.key(segment);
            }
        }
    }
    path
}

/// A JSON pointer as a field path, as far as it can be told without the object (numbers are
/// list indices).
pub fn pointer_path(pointer: &str) -> FieldPath {
    FieldPath(
        pointer
            .strip_prefix('/')
            .into_iter()
            .flat_map(|rest| rest.split('/'))
            .map(|raw| {
                let segment = decode(raw);
                match segment.parse::<usize>() {
                    Ok(i) => Segment::Index(i),
                    Err(_) => Segment::Key(segment),
                }
            })
            .collect(),
    )
}

/// One operation's string field: absent, or not a string, is kustomize's decode error.
fn text<'a>(op: &'a Map<String, Value>, name: &str, field: &str) -> Result<&'a str, String> {
    op.get(field).and_then(Value::as_str).ok_or_else(|| format!("{name} operation failed to decode {field}: {MISSING}"))
}

/// Applies one operation to `doc`.
fn operation(run: &mut Run, doc: &mut Value, op: &Map<String, Value>) -> Result<Option<String>, String> {
    let name = match op.get("op") {
        Some(Value::String(name)) => name.as_str(),
        Some(other) => return Err(format!("Unexpected kind: {other}")),
        None => return Err("Unexpected kind: unknown".to_owned()),
    };
    let value = || op.get("value").cloned().unwrap_or(Value::Null);
    match name {
        "add" => {
            let path = text(op, name, "path")?;
            let (con, key) = run
                .find(doc, path)
                .ok_or_else(|| format!("add operation does not apply: doc is missing path: {path:?}: {MISSING}"))?;
            add(con, &key, value()).map_err(|e| format!("error in add for path: '{path}': {e}"))?;
            Ok(Some(path.to_owned()))
        }
        "remove" => {
            let path = text(op, name, "path")?;
            let (con, key) = run
                .find(doc, path)
                .ok_or_else(|| format!("remove operation does not apply: doc is missing path: {path:?}: {MISSING}"))?;
            remove(con, &key).map_err(|e| format!("error in remove for path: '{path}': {e}"))?;
            Ok(None)
        }
        "replace" => {
            let path = text(op, name, "path")?;
            let (con, key) = run
                .find(doc, path)
                .ok_or_else(|| format!("replace operation does not apply: doc is missing path: {path}: {MISSING}"))?;
            run.get(con, &key)
                .map_err(|_| format!("replace operation does not apply: doc is missing key: {path}: {MISSING}"))?;
            set(con, &key, value());
            Ok(Some(path.to_owned()))
        }
        "move" => {
            let from = text(op, name, "from")?;
            let (con, key) = run
                .find(doc, from)
                .ok_or_else(|| format!("move operation does not apply: doc is missing from path: {from}: {MISSING}"))?;
            run.get(con, &key).map_err(|e| format!("error in move for path: '{key}': {e}"))?;
            let moved = remove(con, &key).map_err(|e| format!("error in move for path: '{key}': {e}"))?;
            let path = text(op, name, "path")?;
            let (con, key) = run.find(doc, path).ok_or_else(|| {
                format!("move operation does not apply: doc is missing destination path: {path}: {MISSING}")
            })?;
            add(con, &key, moved).map_err(|e| format!("error in move for path: '{path}': {e}"))?;
            Ok(None)
        }
        "copy" => {
            let from = text(op, name, "from")?;
            let (con, key) = run
                .find(doc, from)
                .ok_or_else(|| format!("copy operation does not apply: doc is missing from path: {from}: {MISSING}"))?;
            let copied = run.get(con, &key).map_err(|e| format!("error in copy for from: '{from}': {e}"))?;
            let path = text(op, name, "path")?;
            let (con, key) = run.find(doc, path).ok_or_else(|| {
                format!("copy operation does not apply: doc is missing destination path: {path}: {MISSING}")
            })?;
            add(con, &key, copied.unwrap_or(Value::Null))
                .map_err(|e| format!("error in copy for path: '{path}': {e}"))?;
            Ok(None)
        }
        "test" => {
            let path = text(op, name, "path")?;
            let (con, key) = run
                .find(doc, path)
                .ok_or_else(|| format!("test operation does not apply: is missing path: {path}: {MISSING}"))?;
            let found = run.get(con, &key).map_err(|e| format!("error in test for path: '{path}': {e}"))?;
            let expected = value();
            let holds = match found {
                None => expected.is_null(),
                Some(found) => found == expected,
            };
            if holds { Ok(None) } else { Err(format!("testing value {path} failed: test failed")) }
        }
        other => Err(format!("Unexpected kind: {other}")),
    }
}

/// Applies a JSON patch (a list of operations) to `object`; on failure nothing is changed.
pub fn apply(object: &mut Value, ops: &Value) -> Result<Applied, Failed> {
    let Some(list) = ops.as_array() else {
        let message = "a JSON patch must be a list of operations".to_owned();
        return Err(Failed { operation: 0, message });
    };
    let mut work = object.clone();
    let mut run = Run::default();
    let mut applied = Applied::default();
    for (i, op) in list.iter().enumerate() {
        let Some(op) = op.as_object() else {
            let message = format!(
                "operation {i} is not a mapping; each needs `op` (add, remove, replace, move, copy or test) and `path`"
            );
            return Err(Failed { operation: i, message });
        };
        let before = run.negative_get;
        run.negative_get = false;
        match operation(&mut run, &mut work, op) {
            Ok(wrote) => {
                if let Some(path) = wrote {
                    applied.written.push((i, field_path(&work, &path)));
                }
            }
            Err(message) => return Err(Failed { operation: i, message }),
        }
        if run.negative_get && applied.panics_in_4_5_4.is_none() {
            let path = op.get("path").and_then(Value::as_str).unwrap_or_default();
            applied.panics_in_4_5_4 = Some(format!(
                "operation {i} ({path}) reads a list at a negative index: kustomize 4.5.4 panics (`runtime error: index out of range`), kubectl kustomize 5.5 counts it from the end"
            ));
        }
        run.negative_get |= before;
    }
    *object = work;
    Ok(applied)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn deployment() -> Value {
        json!({"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "x"}]}}}})
    }

    #[test]
    fn operations_as_kustomize_applies_them() {
        let mut sub = json!({"spec": {"channel": "PLACEHOLDER", "list": [1, 2]}});
        let ops = json!([
            {"op": "replace", "path": "/spec/channel", "value": "stable"},
            {"op": "add", "path": "/spec/list/-", "value": 3},
            {"op": "add", "path": "/spec/startingCSV", "value": "x"},
            {"op": "remove", "path": "/spec/list/0"},
            {"op": "copy", "from": "/spec/channel", "path": "/spec/copy"},
            {"op": "test", "path": "/spec/copy", "value": "stable"},
            {"op": "replace", "path": "/spec/missing", "value": 1},
            {"op": "add", "path": "/spec/list/-1", "value": 4},
            {"op": "copy", "from": "/spec/none", "path": "/spec/null"},
            {"op": "test", "path": "/spec/absent", "value": null},
        ]);
        let applied = apply(&mut sub, &ops).unwrap();
        assert_eq!(
            sub,
            json!({"spec": {"channel": "stable", "list": [2, 3, 4], "startingCSV": "x", "copy": "stable",
                "missing": 1, "null": null}})
        );
        let paths: Vec<String> = applied.written.iter().map(|(i, p)| format!("{i}:{p}")).collect();
        assert_eq!(
            paths,
            ["0:spec.channel", "1:spec.list[2]", "2:spec.startingCSV", "6:spec.missing", "7:spec.list[2]"]
        );
        assert_eq!(applied.panics_in_4_5_4, None);
    }

    #[test]
    fn failures_carry_kustomizes_message_and_change_nothing() {
        let cases = [
            (
                json!([{"op": "replace", "path": "/spec/x/y", "value": 1}]),
                "replace operation does not apply: doc is missing path: /spec/x/y: missing value",
            ),
            (
                json!([{"op": "remove", "path": "/spec/template/spec/tolerations"}]),
                "error in remove for path: '/spec/template/spec/tolerations': Unable to remove nonexistent key: tolerations: missing value",
            ),
            (
                json!([{"op": "add", "path": "/spec/a/b", "value": 1}]),
                "add operation does not apply: doc is missing path: \"/spec/a/b\": missing value",
            ),
            (
                json!([{"op": "replace", "path": "/spec/template/spec/containers/5", "value": 1}]),
                "replace operation does not apply: doc is missing key: /spec/template/spec/containers/5: missing value",
            ),
            (
                json!([{"op": "add", "path": "/spec/template/spec/containers/-3", "value": 1}]),
                "error in add for path: '/spec/template/spec/containers/-3': Unable to access invalid index: -3: invalid index referenced",
            ),
            (
                json!([{"op": "add", "path": "/spec/template/spec/containers/x", "value": 1}]),
                "error in add for path: '/spec/template/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
            ),
            (
                json!([{"op": "test", "path": "/spec/template/spec/containers/0/name", "value": "b"}]),
                "testing value /spec/template/spec/containers/0/name failed: test failed",
            ),
            (
                json!([{"op": "move", "from": "/spec/template/spec/nothere", "path": "/spec/x"}]),
                "error in move for path: 'nothere': Unable to remove nonexistent key: nothere: missing value",
            ),
            (
                json!([{"op": "test", "path": "/spec/nothere/x", "value": 1}]),
                "test operation does not apply: is missing path: /spec/nothere/x: missing value",
            ),
            (json!([{"op": "bogus", "path": "/spec"}]), "Unexpected kind: bogus"),
            (json!([{"op": "add", "value": 1}]), "add operation failed to decode path: missing value"),
        ];
        for (ops, message) in cases {
            let mut object = deployment();
            assert_eq!(apply(&mut object, &ops).unwrap_err().message, message, "{ops}");
            assert_eq!(object, deployment());
        }
    }

    #[test]
    fn negative_reads_are_where_the_versions_differ() {
        let mut object = deployment();
        let ops = json!([{"op": "replace", "path": "/spec/template/spec/containers/-1/image", "value": "z"}]);
        let applied = apply(&mut object, &ops).unwrap();
        assert_eq!(object["spec"]["template"]["spec"]["containers"][0]["image"], "z");
        assert!(applied.panics_in_4_5_4.is_some());
        // Removing and adding at a negative index never reads through it: both versions agree.
        let ops = json!([{"op": "remove", "path": "/spec/template/spec/containers/-1"}]);
        assert_eq!(apply(&mut deployment(), &ops).unwrap().panics_in_4_5_4, None);
    }
}
