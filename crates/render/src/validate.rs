//! Checks objects against the upstream schemas of their kinds (feature `validate`).
//!
//! Custom resources are checked against the `openAPIV3Schema` of their CRD, embedded from
//! `schemas/*.json` (generated from the upstream CRDs by `scripts/gen-schemas`, descriptions
//! removed) and compiled on first use. The check follows what the API server does on
//! `kubectl apply --validate=strict`: defaults are applied first (a field with a `default` is
//! never missing), then every value is checked, and a field the structural schema does not
//! declare is reported as unknown unless its object has
//! `x-kubernetes-preserve-unknown-fields`. CEL rules (`x-kubernetes-validations`) are not
//! evaluated. `metadata` is checked the way the API server does for every kind: strictly
//! against `ObjectMeta`. `Namespace` and `RuntimeClass` are round-tripped through k8s-openapi's
//! types: a field they do not read is unknown, a required field they have to fill in is missing.
//!
//! Which generation of a CRD applies depends on the cluster, see [`Schemas::for_target`].
//!
//! ```
//! use oscgen_render::validate::{check, Schemas};
//!
//! let kata = serde_json::json!({
//!     "apiVersion": "kataconfiguration.openshift.io/v1",
//!     "kind": "KataConfig",
//!     "metadata": {"name": "cluster-kataconfig"},
//!     "spec": {"kataConfigPoolSelector": {"matchLabel": {"kata": "true"}}},
//! });
//! let violations = check(&kata, Schemas::default())?;
//! assert_eq!(violations[0].path.to_string(), "spec.kataConfigPoolSelector.matchLabel");
//! assert_eq!(violations[0].message, "unknown field");
//! # Ok::<(), oscgen_render::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use jsonschema::error::ValidationErrorKind;
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::node::v1::RuntimeClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::catalog::{NodeBehaviour, OpenShift, Release};
use crate::{Error, FieldPath, Object, Segment, crio, dataurl};

/// One problem found in an object, at the field it concerns.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemaViolation {
    /// The field: `spec.kataConfigPoolSelector.matchLabels` (for an unknown or missing field,
    /// the field itself).
    pub path: FieldPath,
    /// What is wrong: `unknown field`, `required field is missing`, or the schema's complaint.
    pub message: String,
}

impl fmt::Display for SchemaViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.0.is_empty() { f.write_str(&self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

/// Which KataConfig CRD applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KataCrd {
    /// The operator's `release-1.1` CRD: `spec` has only `kataConfigPoolSelector`.
    Osc11,
    /// The operator's `devel` CRD (1.8 in progress), a superset of every release from 1.2 on.
    #[default]
    Devel,
}

/// Which generation of the Machine Config Operator's CRDs (MachineConfig, MachineConfigPool,
/// ContainerRuntimeConfig) applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum McoCrds {
    /// The hand-written CRDs of machine-config-operator `release-4.10`.
    Release410,
    /// The CRDs generated in openshift/api (master).
    #[default]
    OpenShiftApi,
}

/// The schema generations to check against. The default is the newest of each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Schemas {
    /// For `KataConfig`.
    pub kata: KataCrd,
    /// For the MCO kinds.
    pub mco: McoCrds,
}

impl Schemas {
    /// The schemas a cluster running `release` on OpenShift `openshift` has:
    ///
    /// - KataConfig: the 1.1 CRD for releases whose operator builds node objects the 1.0/1.1
    ///   way (1.0.x, 1.1.x; their `spec` has only `kataConfigPoolSelector`), the devel CRD for
    ///   every later release (fields a release lacks are refused before rendering).
    /// - MCO kinds: the `release-4.10` CRDs for OpenShift 4.10 and older (the generation
    ///   contemporary with OSC 1.0–1.2), the openshift/api CRDs for 4.11 and newer.
    /// - Subscription and OperatorGroup: operator-framework's CRDs, for every target.
    pub fn for_target(release: &Release, openshift: OpenShift) -> Self {
        Self {
            kata: if release.nodes <= NodeBehaviour::Preview11 { KataCrd::Osc11 } else { KataCrd::Devel },
            mco: if openshift <= (OpenShift { minor: 10 }) { McoCrds::Release410 } else { McoCrds::OpenShiftApi },
        }
    }
}

/// An embedded CRD schema file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Crd {
    KataConfigOsc11,
    KataConfigDevel,
    MachineConfig410,
    MachineConfigApi,
    MachineConfigPool410,
    MachineConfigPoolApi,
    ContainerRuntimeConfig410,
    ContainerRuntimeConfigApi,
    Subscription,
    OperatorGroup,
}

const CRD_COUNT: usize = 10;

impl Crd {
    fn file(self) -> (&'static str, &'static str) {
        macro_rules! schema {
            ($name:literal) => {
                ($name, include_str!(concat!("../schemas/", $name)))
            };
        }
        match self {
            Crd::KataConfigOsc11 => schema!("kataconfig-osc-1.1.json"),
            Crd::KataConfigDevel => schema!("kataconfig-osc-devel.json"),
            Crd::MachineConfig410 => schema!("machineconfig-mco-release-4.10.json"),
            Crd::MachineConfigApi => schema!("machineconfig-openshift-api.json"),
            Crd::MachineConfigPool410 => schema!("machineconfigpool-mco-release-4.10.json"),
            Crd::MachineConfigPoolApi => schema!("machineconfigpool-openshift-api.json"),
            Crd::ContainerRuntimeConfig410 => schema!("containerruntimeconfig-mco-release-4.10.json"),
            Crd::ContainerRuntimeConfigApi => schema!("containerruntimeconfig-openshift-api-default.json"),
            Crd::Subscription => schema!("subscription-operators.coreos.com.json"),
            Crd::OperatorGroup => schema!("operatorgroup-operators.coreos.com.json"),
        }
    }

    /// The CRD for a group and kind under `schemas`.
    fn find(group: &str, kind: &str, schemas: Schemas) -> Option<Crd> {
        let mco = |old: Crd, new: Crd| match schemas.mco {
            McoCrds::Release410 => old,
            McoCrds::OpenShiftApi => new,
        };
        Some(match (group, kind) {
            ("kataconfiguration.openshift.io", "KataConfig") => match schemas.kata {
                KataCrd::Osc11 => Crd::KataConfigOsc11,
                KataCrd::Devel => Crd::KataConfigDevel,
            },
            ("machineconfiguration.openshift.io", "MachineConfig") => mco(Crd::MachineConfig410, Crd::MachineConfigApi),
            ("machineconfiguration.openshift.io", "MachineConfigPool") => {
                mco(Crd::MachineConfigPool410, Crd::MachineConfigPoolApi)
            }
            ("machineconfiguration.openshift.io", "ContainerRuntimeConfig") => {
                mco(Crd::ContainerRuntimeConfig410, Crd::ContainerRuntimeConfigApi)
            }
            ("operators.coreos.com", "Subscription") => Crd::Subscription,
            ("operators.coreos.com", "OperatorGroup") => Crd::OperatorGroup,
            _ => return None,
        })
    }

    /// The compiled schemas of every served version, built once per process.
    fn compiled(self) -> Result<&'static Compiled, Error> {
        static COMPILED: [OnceLock<Result<Compiled, String>>; CRD_COUNT] = [const { OnceLock::new() }; CRD_COUNT];
        let (name, text) = self.file();
        COMPILED[self as usize]
            .get_or_init(|| Compiled::new(text))
            .as_ref()
            .map_err(|message| Error::Schema { name: name.to_owned(), message: message.clone() })
    }
}

/// One CRD's served versions, each read and compiled on first use.
struct Compiled {
    versions: BTreeMap<String, Version>,
}

impl Compiled {
    fn new(text: &'static str) -> Result<Self, String> {
        let mut scan = Scan { bytes: text.as_bytes(), at: 0, patterns: 0 };
        let versions = scan.versions().ok_or_else(|| format!("not a schema file (byte {})", scan.at))?;
        Ok(Self { versions: versions.into_iter().map(|(name, parts)| (name, Version { text, parts })).collect() })
    }
}

/// One served version of a CRD, in parts that are each parsed, converted and compiled only
/// when an object has their field: the root, and every property subtree whose own text
/// (without the parts inside it) is at least [`PART_BYTES`] long or that has a `pattern`.
///
/// Generated objects never carry a `status`, nor a Subscription's `spec.config` (nine tenths
/// of that CRD), nor a ContainerRuntimeConfig's `logSizeMax` (a regular expression), and
/// reading and compiling those was most of the cost of one function call.
/// An object is checked exactly as against the whole schema: a part's parent keeps the
/// field's name (so it is not unknown) with the empty schema in its place, and no part has a
/// `default` of its own (a test keeps it so), which the parent would otherwise apply.
struct Version {
    /// The whole schema file.
    text: &'static str,
    /// The root first, then every part in the order their text ends.
    parts: Vec<Part>,
}

/// A part of a [`Version`]'s schema.
struct Part {
    /// The fields leading to it from the object's root (none for the root).
    fields: Vec<String>,
    /// Its structural schema, as a range of [`Version::text`].
    span: Range<usize>,
    loaded: OnceLock<Result<Loaded, String>>,
}

/// A [`Part`] once read.
struct Loaded {
    /// Its JSON Schema (after [`to_json_schema`]), the parts inside it as `{}`; read for
    /// defaults and messages.
    schema: Value,
    validator: jsonschema::Validator,
    /// The parts directly inside it, as indexes into [`Version::parts`].
    inner: Vec<usize>,
}

/// A property subtree whose own text (without the parts inside it) is at least this long is a
/// part of its own. In the embedded schemas only a few are: the `status` of some CRDs, pieces
/// of a Subscription's `spec.config` and of an old MachineConfig's `spec.config`. Each part an
/// object has costs a compile of its own, so a smaller size costs more than it saves.
const PART_BYTES: usize = 4096;

impl Version {
    fn load(&self, index: usize) -> Result<&Loaded, String> {
        let part = &self.parts[index];
        part.loaded
            .get_or_init(|| {
                // The parts inside this one, outermost only, in text order.
                let mut inner: Vec<usize> = (0..self.parts.len())
                    .filter(|&i| i != index && contains(&part.span, &self.parts[i].span))
                    .collect();
                let nested: Vec<usize> = inner
                    .iter()
                    .copied()
                    .filter(|&i| inner.iter().any(|&o| o != i && contains(&self.parts[o].span, &self.parts[i].span)))
                    .collect();
                inner.retain(|i| !nested.contains(i));
                inner.sort_by_key(|&i| self.parts[i].span.start);
                let mut text = String::with_capacity(part.span.len());
                let mut at = part.span.start;
                for &i in &inner {
                    text.push_str(&self.text[at..self.parts[i].span.start]);
                    text.push_str("{}");
                    at = self.parts[i].span.end;
                }
                text.push_str(&self.text[at..part.span.end]);
                let structural: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                let schema =
                    if part.fields.is_empty() { root_schema(&structural) } else { to_json_schema(&structural) };
                let validator = jsonschema::draft4::options()
                    .should_validate_formats(true)
                    .should_ignore_unknown_formats(true)
                    .build(&schema)
                    .map_err(|e| e.to_string())?;
                Ok(Loaded { schema, validator, inner })
            })
            .as_ref()
            .map_err(|e| if part.fields.is_empty() { e.clone() } else { format!("{}: {e}", part.fields.join(".")) })
    }

    /// Applies the defaults of part `index` to `instance` (the object's value at the part's
    /// fields) and returns every violation in it, the parts inside it included.
    fn check(&self, index: usize, instance: &mut Value) -> Result<Vec<SchemaViolation>, String> {
        let loaded = self.load(index)?;
        let fields = &self.parts[index].fields;
        apply_defaults(&loaded.schema, instance);
        let mut out = schema_violations(&loaded.schema, &loaded.validator, instance, fields);
        for &i in &loaded.inner {
            let below = &self.parts[i].fields[fields.len()..];
            let value = below.iter().try_fold(&mut *instance, |value, field| value.as_object_mut()?.get_mut(field));
            if let Some(value) = value {
                out.extend(self.check(i, value)?);
            }
        }
        Ok(out)
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// One pass over a schema file that finds each version's parts, without building values.
/// The files are generated (valid JSON, keys without escapes); anything else is an error.
struct Scan<'a> {
    bytes: &'a [u8],
    at: usize,
    /// How many `"pattern"` strings it has passed (keys, and the odd value: a few parts too many
    /// cost nothing).
    patterns: usize,
}

impl<'a> Scan<'a> {
    fn space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn byte(&mut self, expected: u8) -> Option<()> {
        self.space();
        (self.bytes.get(self.at) == Some(&expected)).then(|| self.at += 1)
    }

    /// Each member of the object here: calls `each` with the key, positioned at its value,
    /// which `each` must consume.
    fn members(&mut self, mut each: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.byte(b'{')?;
        self.space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Some(());
        }
        loop {
            self.byte(b'"')?;
            let start = self.at;
            let len = self.bytes[start..].iter().position(|b| *b == b'"')?;
            let key = std::str::from_utf8(&self.bytes[start..start + len]).ok().filter(|k| !k.contains('\\'))?;
            self.at = start + len + 1;
            self.byte(b':')?;
            self.space();
            each(self, key)?;
            self.space();
            match self.bytes.get(self.at)? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips the value here.
    fn skip(&mut self) -> Option<()> {
        self.space();
        let (bytes, start) = (self.bytes, self.at);
        let (mut depth, mut in_string, mut i, mut string_start) = (0usize, false, start, start);
        while let Some(&b) = bytes.get(i) {
            i += 1;
            if in_string {
                match b {
                    b'\\' => i += 1,
                    b'"' => {
                        in_string = false;
                        if bytes[string_start..i] == *b"\"pattern\"" {
                            self.patterns += 1;
                        }
                    }
                    _ => continue,
                }
            } else if depth > 0 {
                match b {
                    b'"' => {
                        in_string = true;
                        string_start = i - 1;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth -= 1,
                    _ => continue,
                }
            } else {
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    // A scalar ends before the delimiter.
                    b',' | b'}' | b']' => i -= 1,
                    b if b.is_ascii_whitespace() => i -= 1,
                    _ => continue,
                }
            }
            if depth == 0 && !in_string {
                if i == start {
                    return None;
                }
                self.at = i;
                return Some(());
            }
        }
        (depth == 0 && !in_string && i > start).then(|| self.at = i)
    }

    /// `{"versions": {NAME: SCHEMA, ...}, ...}`: each version's parts, the root first.
    fn versions(&mut self) -> Option<Vec<(String, Vec<Part>)>> {
        let mut out = Vec::new();
        self.members(|scan, key| {
            if key != "versions" {
                return scan.skip();
            }
            scan.members(|scan, name| {
                scan.space();
                let start = scan.at;
                let mut parts = Vec::new();
                scan.schema(&mut Vec::new(), &mut parts)?;
                let root = Part { fields: Vec::new(), span: start..scan.at, loaded: OnceLock::new() };
                out.push((name.to_owned(), std::iter::once(root).chain(parts).collect()));
                Some(())
            })
        })?;
        Some(out)
    }

    /// A schema object at `fields`: records the parts among its property subtrees (and
    /// theirs); returns how many bytes and `pattern`s of it those parts hold.
    fn schema(&mut self, fields: &mut Vec<&'a str>, parts: &mut Vec<Part>) -> Option<(usize, usize)> {
        if self.bytes.get(self.at) != Some(&b'{') {
            return self.skip().map(|()| (0, 0));
        }
        let (mut bytes_in_parts, mut patterns_in_parts) = (0, 0);
        self.members(|scan, key| {
            if key == "pattern" {
                scan.patterns += 1;
            }
            if key != "properties" || scan.bytes.get(scan.at) != Some(&b'{') {
                return scan.skip();
            }
            scan.members(|scan, name| {
                let (start, patterns_before) = (scan.at, scan.patterns);
                fields.push(name);
                let (bytes_inside, patterns_inside) = scan.schema(fields, parts)?;
                let (span, patterns) = (start..scan.at, scan.patterns - patterns_before);
                // A regular expression costs more to compile than a large schema without one.
                let part = span.len() - bytes_inside >= PART_BYTES || patterns > patterns_inside;
                // The root's `metadata` is replaced by `root_schema`, and checked apart.
                if part && fields.as_slice() != ["metadata"] {
                    let fields = fields.iter().map(|f| (*f).to_owned()).collect();
                    bytes_in_parts += span.len();
                    patterns_in_parts += patterns;
                    parts.push(Part { fields, span, loaded: OnceLock::new() });
                } else {
                    bytes_in_parts += bytes_inside;
                    patterns_in_parts += patterns_inside;
                }
                fields.pop();
                Some(())
            })
        })?;
        Some((bytes_in_parts, patterns_in_parts))
    }
}

/// The JSON Schema for a CRD's root: `metadata` is left open, it is checked against
/// `ObjectMeta` (as the API server does, whatever the CRD says).
fn root_schema(structural: &Value) -> Value {
    let mut schema = to_json_schema(structural);
    if let Some(map) = schema.as_object_mut() {
        map.insert("type".to_owned(), json!("object"));
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            properties.insert("metadata".to_owned(), json!({ "type": "object" }));
        }
    }
    schema
}

fn int_or_string() -> Value {
    json!([{ "type": "integer" }, { "type": "string" }])
}

/// Rewrites a Kubernetes structural schema (OpenAPI v3.0 with `x-kubernetes-*` extensions)
/// as JSON Schema draft 4:
///
/// - `type: object` without `x-kubernetes-preserve-unknown-fields` and without
///   `additionalProperties` gets `additionalProperties: false`: any field not in `properties`
///   is unknown (pruned by the API server, an error under strict field validation).
/// - `x-kubernetes-int-or-string` becomes `anyOf: [integer, string]`.
/// - `nullable: true` adds `null` to `type` (and to `enum`).
/// - `x-kubernetes-embedded-resource` declares `apiVersion`, `kind` and `metadata`.
/// - `x-kubernetes-list-type: set` becomes `uniqueItems`.
fn to_json_schema(node: &Value) -> Value {
    let Some(map) = node.as_object() else {
        return node.clone();
    };
    let flag = |key: &str| map.get(key) == Some(&Value::Bool(true));
    let (preserve, int_or_str, embedded, nullable) = (
        flag("x-kubernetes-preserve-unknown-fields"),
        flag("x-kubernetes-int-or-string"),
        flag("x-kubernetes-embedded-resource"),
        flag("nullable"),
    );
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "properties" => Value::Object(
                value.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), to_json_schema(v))).collect(),
            ),
            "additionalProperties" | "not" => to_json_schema(value),
            "items" => match value {
                Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
                other => to_json_schema(other),
            },
            "allOf" | "anyOf" | "oneOf" => {
                Value::Array(value.as_array().into_iter().flatten().map(to_json_schema).collect())
            }
            "type" if int_or_str => continue,
            "nullable" => continue,
            "x-kubernetes-list-type" => {
                if value == "set" {
                    out.insert("uniqueItems".to_owned(), Value::Bool(true));
                }
                continue;
            }
            k if k.starts_with("x-kubernetes-") => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if embedded {
        let properties = out.entry("properties").or_insert_with(|| json!({}));
        if let Value::Object(properties) = properties {
            for (field, schema) in [
                ("apiVersion", json!({"type": "string"})),
                ("kind", json!({"type": "string"})),
                ("metadata", json!({"type": "object"})),
            ] {
                properties.entry(field).or_insert(schema);
            }
        }
    }
    // CRDs generated by controller-gen already carry the same `anyOf`.
    if int_or_str && out.get("anyOf") != Some(&int_or_string()) {
        if out.contains_key("anyOf") {
            let all_of = out.entry("allOf").or_insert_with(|| json!([]));
            if let Value::Array(all_of) = all_of {
                all_of.push(json!({ "anyOf": int_or_string() }));
            }
        } else {
            out.insert("anyOf".to_owned(), int_or_string());
        }
    }
    let is_object = out.get("type").and_then(Value::as_str) == Some("object");
    if is_object && !preserve && !out.contains_key("additionalProperties") {
        out.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    if nullable {
        if let Some(Value::String(t)) = out.get("type") {
            let types = json!([t, "null"]);
            out.insert("type".to_owned(), types);
        }
        if let Some(Value::Array(options)) = out.get_mut("enum")
            && !options.contains(&Value::Null)
        {
            options.push(Value::Null);
        }
    }
    Value::Object(out)
}

/// Fills in `default`s the way the API server does before validating: for every field the
/// schema declares with a default and the object leaves out, in objects that are present.
fn apply_defaults(schema: &Value, value: &mut Value) {
    match value {
        Value::Object(map) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for (field, sub) in properties.into_iter().flatten() {
                match map.get_mut(field) {
                    Some(v) => apply_defaults(sub, v),
                    None => {
                        if let Some(default) = sub.get("default") {
                            let mut v = default.clone();
                            apply_defaults(sub, &mut v);
                            map.insert(field.clone(), v);
                        }
                    }
                }
            }
            if let Some(sub) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                for (field, v) in map.iter_mut() {
                    if !properties.is_some_and(|p| p.contains_key(field)) {
                        apply_defaults(sub, v);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items").filter(|s| s.is_object()) {
                items.iter_mut().for_each(|v| apply_defaults(sub, v));
            }
        }
        _ => {}
    }
}

/// A JSON pointer into `instance` as a field path; a number is an index only inside an array.
fn field_path(instance: &Value, pointer: &str) -> FieldPath {
    let mut path = FieldPath::root();
    let mut current = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        if let (Some(Value::Array(items)), Ok(i)) = (current, segment.parse::<usize>()) {
            current = items.get(i);
            path = path.index(i);
        } else {
            current = current.and_then(|v| v.get(&segment));
            path = path.key(segment);
        }
    }
    path
}

/// The violations `validator` (compiled from `schema`) finds in `instance`, the object's
/// value at `fields`; paths are from the object's root.
fn schema_violations(
    schema: &Value,
    validator: &jsonschema::Validator,
    instance: &Value,
    fields: &[String],
) -> Vec<SchemaViolation> {
    let mut out = Vec::new();
    let prefix: Vec<Segment> = fields.iter().cloned().map(Segment::Key).collect();
    for error in validator.iter_errors(instance) {
        let mut at = field_path(instance, error.instance_path().as_str());
        at.0.splice(0..0, prefix.iter().cloned());
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                for field in unexpected {
                    out.push(SchemaViolation { path: at.key(field.clone()), message: "unknown field".to_owned() });
                }
            }
            ValidationErrorKind::Required { property } => {
                let field = property.as_str().map_or_else(|| property.to_string(), str::to_owned);
                out.push(SchemaViolation { path: at.key(field), message: "required field is missing".to_owned() });
            }
            ValidationErrorKind::AnyOf { .. }
                if schema.pointer(error.schema_path().as_str()) == Some(&int_or_string()) =>
            {
                let message = format!("{} is neither an integer nor a string", error.instance());
                out.push(SchemaViolation { path: at, message });
            }
            _ => out.push(SchemaViolation { path: at, message: error.to_string() }),
        }
    }
    out
}

/// Round-trips `value` through `T`: every field `T` does not read is unknown, the first type
/// error is reported, and a field the serialized `T` has but `value` lacks is a required field
/// that is missing (k8s-openapi fills those with empty values when reading).
fn typed<T: DeserializeOwned + Serialize>(value: &Value, prefix: &FieldPath) -> Vec<SchemaViolation> {
    fn ignored(path: &serde_ignored::Path<'_>, out: &mut Vec<Segment>) {
        use serde_ignored::Path as P;
        match path {
            P::Root => {}
            P::Seq { parent, index } => {
                ignored(parent, out);
                out.push(Segment::Index(*index));
            }
            P::Map { parent, key } => {
                ignored(parent, out);
                out.push(Segment::Key(key.clone()));
            }
            P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => ignored(parent, out),
        }
    }
    let mut unknown = Vec::new();
    let mut record = |path: serde_ignored::Path<'_>| {
        let mut segments = prefix.0.clone();
        ignored(&path, &mut segments);
        unknown.push(FieldPath(segments));
    };
    let result: Result<T, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(value, &mut record));
    let mut out: Vec<SchemaViolation> =
        unknown.into_iter().map(|path| SchemaViolation { path, message: "unknown field".to_owned() }).collect();
    if let Ok(Ok(back)) = result.as_ref().map(serde_json::to_value) {
        missing(value, &back, prefix, &mut out);
    }
    if let Err(e) = result {
        let mut segments = prefix.0.clone();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => segments.push(Segment::Index(*index)),
                serde_path_to_error::Segment::Map { key } => segments.push(Segment::Key(key.clone())),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        out.push(SchemaViolation { path: FieldPath(segments), message: e.into_inner().to_string() });
    }
    out
}

/// Fields `written` (the serialized round trip) has and `read` (the input) does not.
fn missing(read: &Value, written: &Value, at: &FieldPath, out: &mut Vec<SchemaViolation>) {
    match (read, written) {
        (Value::Object(read), Value::Object(written)) => {
            for (field, value) in written {
                match read.get(field) {
                    Some(original) => missing(original, value, &at.key(field.clone()), out),
                    None => out.push(SchemaViolation {
                        path: at.key(field.clone()),
                        message: "required field is missing".to_owned(),
                    }),
                }
            }
        }
        (Value::Array(read), Value::Array(written)) => {
            for (i, (original, value)) in read.iter().zip(written).enumerate() {
                missing(original, value, &at.index(i), out);
            }
        }
        _ => {}
    }
}

/// `metadata`, strictly against `ObjectMeta` (for custom resources; the typed kinds check it
/// with the rest of the object).
fn metadata_violations(object: &Value) -> Vec<SchemaViolation> {
    match object.get("metadata") {
        Some(metadata) => typed::<ObjectMeta>(metadata, &FieldPath::root().key("metadata")),
        None => Vec::new(),
    }
}

/// The name every object needs to be created: `metadata.name` (or `generateName`).
fn name_violation(object: &Value) -> Option<SchemaViolation> {
    let metadata = object.get("metadata");
    let named =
        |field: &str| metadata.and_then(|m| m.get(field)).and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    let at = FieldPath::root().key("metadata");
    match metadata {
        None => Some(at),
        Some(m) if m.is_object() && !named("name") && !named("generateName") => Some(at.key("name")),
        Some(_) => None,
    }
    .map(|path| SchemaViolation { path, message: "required field is missing".to_owned() })
}

/// Checks one object (any kind oscgen generates, from anywhere) against the schema of its
/// `apiVersion` and `kind` under `schemas`, and returns every violation, sorted by path.
///
/// Fails only when there is no schema to check with: an object without `apiVersion`/`kind`,
/// or a kind or version not embedded ([`Error::NoSchema`]).
pub fn check(object: &Value, schemas: Schemas) -> Result<Vec<SchemaViolation>, Error> {
    let text = |field: &str| object.get(field).and_then(Value::as_str).unwrap_or_default();
    let (api_version, kind) = (text("apiVersion"), text("kind"));
    let no_schema = || Error::NoSchema { api_version: api_version.to_owned(), kind: kind.to_owned() };
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    let mut out = match (group, version, kind) {
        ("", "v1", "Namespace") => typed::<Namespace>(object, &FieldPath::root()),
        ("node.k8s.io", "v1", "RuntimeClass") => typed::<RuntimeClass>(object, &FieldPath::root()),
        _ => {
            let crd = Crd::find(group, kind, schemas).ok_or_else(no_schema)?;
            let schema = crd.compiled()?.versions.get(version).ok_or_else(no_schema)?;
            let mut instance = object.clone();
            let schema_error = |message| Error::Schema { name: crd.file().0.to_owned(), message };
            let mut out = schema.check(0, &mut instance).map_err(schema_error)?;
            out.extend(metadata_violations(object));
            out
        }
    };
    out.extend(name_violation(object));
    out.sort();
    out.dedup();
    Ok(out)
}

/// Checks generated objects for a cluster running `release` on OpenShift `openshift`; the
/// first problem is an [`Error::Generated`], a bug in oscgen.
pub fn validate_objects(objects: &[Object], release: &Release, openshift: OpenShift) -> Result<(), Error> {
    validate_objects_against(objects, Schemas::for_target(release, openshift))
}

/// [`validate_objects`] with the schema generations given directly (the operator objects do
/// not depend on the target: their CRDs come from OLM, not from a release).
///
/// Besides [`check`], every CRI-O drop-in a MachineConfig writes must pass [`check_dropin`].
pub fn validate_objects_against(objects: &[Object], schemas: Schemas) -> Result<(), Error> {
    for object in objects {
        let value = object.to_value()?;
        let mut violations = check(&value, schemas)?;
        if let Object::MachineConfig(_) = object {
            violations.extend(dropin_violations(&value));
        }
        if let Some(first) = violations.into_iter().next() {
            return Err(Error::Generated {
                object: object.reference(),
                path: first.path.to_string(),
                message: first.message,
            });
        }
    }
    Ok(())
}

/// The problems of every CRI-O drop-in (a file under [`crio::DROP_IN_DIR`]) in a
/// MachineConfig, at the file's `contents.source`.
fn dropin_violations(machine_config: &Value) -> Vec<SchemaViolation> {
    let mut out = Vec::new();
    let files = machine_config.pointer("/spec/config/storage/files").and_then(Value::as_array);
    for (i, file) in files.into_iter().flatten().enumerate() {
        let in_dir = file
            .get("path")
            .and_then(Value::as_str)
            .is_some_and(|p| p.strip_prefix(crio::DROP_IN_DIR).is_some_and(|rest| rest.starts_with('/')));
        if !in_dir {
            continue;
        }
        let at = FieldPath::parse("spec.config.storage.files").index(i).key("contents").key("source");
        let source = file.pointer("/contents/source").and_then(Value::as_str).unwrap_or("data:,");
        let compression = file.pointer("/contents/compression").and_then(Value::as_str);
        let text = match dataurl::decode_contents(source, compression) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                out.push(SchemaViolation { path: at, message: format!("cannot decode the CRI-O drop-in: {e}") });
                continue;
            }
        };
        if let Err(problems) = check_dropin(&text) {
            out.extend(
                problems
                    .into_iter()
                    .map(|p| SchemaViolation { path: at.clone(), message: format!("CRI-O drop-in: {p}") }),
            );
        }
    }
    out
}

/// The TOML type CRI-O reads a runtime-handler key as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    String,
    Bool,
    StringArray,
    StringMap,
    /// A newer key whose type is not pinned down here.
    Any,
}

/// Every key of CRI-O's `RuntimeHandler` (crio-kata.md §3, from CRI-O's `pkg/config/config.go`).
const HANDLER_KEYS: &[(&str, KeyType)] = &[
    ("runtime_path", KeyType::String),
    ("runtime_type", KeyType::String),
    ("runtime_root", KeyType::String),
    ("runtime_config_path", KeyType::String),
    ("privileged_without_host_devices", KeyType::Bool),
    ("allowed_annotations", KeyType::StringArray),
    ("runtime_pull_image", KeyType::Bool),
    ("monitor_path", KeyType::String),
    ("monitor_cgroup", KeyType::String),
    ("monitor_env", KeyType::StringArray),
    ("monitor_exec_cgroup", KeyType::String),
    ("platform_runtime_paths", KeyType::StringMap),
    ("container_min_memory", KeyType::String),
    ("inherit_default_runtime", KeyType::Bool),
    ("default_annotations", KeyType::StringMap),
    ("no_sync_log", KeyType::Any),
    ("stream_websockets", KeyType::Any),
    ("seccomp_profile", KeyType::Any),
    ("container_create_timeout", KeyType::Any),
    ("exec_cpu_affinity", KeyType::Any),
];

fn type_matches(expected: KeyType, value: &toml::Value) -> bool {
    let strings = |items: &[toml::Value]| items.iter().all(toml::Value::is_str);
    match expected {
        KeyType::String => value.is_str(),
        KeyType::Bool => value.is_bool(),
        KeyType::StringArray => value.as_array().is_some_and(|a| strings(a)),
        KeyType::StringMap => value.as_table().is_some_and(|t| t.values().all(toml::Value::is_str)),
        KeyType::Any => true,
    }
}

fn type_name(expected: KeyType) -> &'static str {
    match expected {
        KeyType::String => "a string",
        KeyType::Bool => "a boolean",
        KeyType::StringArray => "an array of strings",
        KeyType::StringMap => "a table of strings",
        KeyType::Any => "any value",
    }
}

/// Checks a CRI-O runtime-handler drop-in: it must parse as TOML, hold nothing but
/// `[crio.runtime.runtimes.<handler>]` tables, and use only keys (of the right types) that
/// CRI-O's runtime handler knows. Returns every problem.
///
/// ```
/// use oscgen_render::validate::check_dropin;
///
/// assert!(check_dropin("[crio.runtime.runtimes.kata]\n  runtime_path = \"/usr/bin/containerd-shim-kata-v2\"\n").is_ok());
/// let problems = check_dropin("[crio.runtime.runtimes.kata]\n  runtime_pth = \"/x\"\n").unwrap_err();
/// assert_eq!(problems[0].path.to_string(), "crio.runtime.runtimes.kata.runtime_pth");
/// ```
pub fn check_dropin(text: &str) -> Result<(), Vec<SchemaViolation>> {
    let table: toml::Table = match text.parse() {
        Ok(table) => table,
        Err(e) => {
            let message = format!("not valid TOML: {}", e.message());
            return Err(vec![SchemaViolation { path: FieldPath::root(), message }]);
        }
    };
    let mut out = Vec::new();
    let outside = |path: FieldPath| SchemaViolation {
        path,
        message: "not part of a runtime handler table `[crio.runtime.runtimes.<handler>]`".to_owned(),
    };
    let mut handlers = None;
    for (key, value) in &table {
        let at = FieldPath::root().key(key.clone());
        match (key.as_str(), value.as_table()) {
            ("crio", Some(crio)) => {
                for (key, value) in crio {
                    match (key.as_str(), value.as_table()) {
                        ("runtime", Some(runtime)) => {
                            for (key, value) in runtime {
                                match (key.as_str(), value.as_table()) {
                                    ("runtimes", Some(runtimes)) => handlers = Some(runtimes),
                                    _ => out.push(outside(at.key("runtime").key(key.clone()))),
                                }
                            }
                        }
                        _ => out.push(outside(at.key(key.clone()))),
                    }
                }
            }
            _ => out.push(outside(at)),
        }
    }
    let base = FieldPath::parse("crio.runtime.runtimes");
    for (name, handler) in handlers.into_iter().flatten() {
        let at = base.key(name.clone());
        let Some(handler) = handler.as_table() else {
            out.push(SchemaViolation { path: at, message: "a runtime handler must be a table".to_owned() });
            continue;
        };
        for (key, value) in handler {
            match HANDLER_KEYS.iter().find(|(known, _)| known == key) {
                None => out.push(SchemaViolation {
                    path: at.key(key.clone()),
                    message: "unknown CRI-O runtime handler key".to_owned(),
                }),
                Some((_, expected)) if !type_matches(*expected, value) => out.push(SchemaViolation {
                    path: at.key(key.clone()),
                    message: format!("must be {}, found {}", type_name(*expected), value.type_str()),
                }),
                Some(_) => {}
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn kata(spec: Value) -> Value {
        json!({
            "apiVersion": "kataconfiguration.openshift.io/v1",
            "kind": "KataConfig",
            "metadata": {"name": "k"},
            "spec": spec,
        })
    }

    fn paths(violations: &[SchemaViolation]) -> Vec<String> {
        violations.iter().map(|v| v.path.to_string()).collect()
    }

    #[test]
    fn every_embedded_schema_compiles() {
        for crd in [
            Crd::KataConfigOsc11,
            Crd::KataConfigDevel,
            Crd::MachineConfig410,
            Crd::MachineConfigApi,
            Crd::MachineConfigPool410,
            Crd::MachineConfigPoolApi,
            Crd::ContainerRuntimeConfig410,
            Crd::ContainerRuntimeConfigApi,
            Crd::Subscription,
            Crd::OperatorGroup,
        ] {
            let compiled = crd.compiled().unwrap();
            assert!(!compiled.versions.is_empty(), "{crd:?}");
            // Parts are read only when an object has their field: read every one here.
            for (name, version) in &compiled.versions {
                for (i, part) in version.parts.iter().enumerate() {
                    let loaded = version.load(i);
                    assert!(loaded.is_ok(), "{crd:?} {name} {:?}: {:?}", part.fields, loaded.err());
                    // A parent would apply this default when the field is missing.
                    let text: Value = serde_json::from_str(&version.text[part.span.clone()]).unwrap();
                    assert!(text.get("default").is_none(), "{crd:?} {name} {:?} has a default", part.fields);
                }
            }
        }
    }

    #[test]
    fn scan_finds_what_serde_json_reads() {
        let text = r#" { "a" : {"x": "}\"]{", "y": [1, {"z": null}]}, "n": -1.5e3 ,"c":true,
            "versions": {"v1": {"type": "object", "properties": {"s": {"type": "string"}}}}, "e":[]} "#;
        let mut scan = Scan { bytes: text.as_bytes(), at: 0, patterns: 0 };
        let versions = scan.versions().unwrap();
        let whole: Value = serde_json::from_str(text).unwrap();
        let (name, parts) = &versions[0];
        assert_eq!(name, "v1");
        assert_eq!(serde_json::from_str::<Value>(&text[parts[0].span.clone()]).unwrap(), whole["versions"]["v1"]);
        for bad in ["", "[]", "{\"versions\": [1, 2}", "{\"a\": \"x", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}"] {
            assert!(Scan { bytes: bad.as_bytes(), at: 0, patterns: 0 }.versions().is_none(), "{bad}");
        }
    }

    #[test]
    fn parts_check_like_the_whole_schema() {
        // Wrong values inside the separately read parts (status, Subscription spec.config)
        // and outside them: the same violations as one validator of the whole schema finds.
        let cases = [
            (
                Crd::Subscription,
                "v1alpha1",
                json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                "metadata": {"name": "s"},
                "spec": {"name": "p", "source": "s", "sourceNamespace": "n", "typo": 1,
                    "config": {"env": [{"name": 1}, {"value": "x"}], "resources": {"limits": {"cpu": {}}},
                        "volumes": [{"name": "v", "hostPath": {"path": 3}}], "unknown": true}},
                "status": {"lastUpdated": 5, "extra": {}}}),
            ),
            (
                Crd::Subscription,
                "v1alpha1",
                json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                "metadata": {"name": "s"}, "spec": "not an object", "status": []}),
            ),
            (
                Crd::MachineConfigPoolApi,
                "v1",
                json!({"apiVersion": "machineconfiguration.openshift.io/v1",
                "kind": "MachineConfigPool", "metadata": {"name": "p"},
                "spec": {"maxUnavailable": true, "nodeSelector": {"matchLabels": {"a": 1}}},
                "status": {"machineCount": "x", "conditions": [{"type": 1}], "nope": 0}}),
            ),
            (
                Crd::MachineConfig410,
                "v1",
                json!({"apiVersion": "machineconfiguration.openshift.io/v1",
                "kind": "MachineConfig", "metadata": {"name": "m"},
                "spec": {"config": {"ignition": {"version": 3}, "storage": {"files": [{"path": 1, "mode": "x"}]}},
                    "kernelArguments": "k"}}),
            ),
            (Crd::KataConfigOsc11, "v1", kata(json!({"kataConfigPoolSelector": {"matchLabels": {"k": 2}}}))),
            (
                Crd::ContainerRuntimeConfigApi,
                "v1",
                json!({"apiVersion": "machineconfiguration.openshift.io/v1",
                "kind": "ContainerRuntimeConfig", "metadata": {"name": "c"},
                "spec": {"containerRuntimeConfig": {"logSizeMax": "12xyz", "overlaySize": true, "logLevel": 3}}}),
            ),
        ];
        for (crd, version, object) in cases {
            let version = &crd.compiled().unwrap().versions[version];
            assert!(version.parts.len() > 1, "{crd:?} has no parts to test");
            let mut instance = object.clone();
            let mut parts = version.check(0, &mut instance).unwrap();

            let whole = root_schema(&serde_json::from_str(&version.text[version.parts[0].span.clone()]).unwrap());
            let validator = jsonschema::draft4::options()
                .should_validate_formats(true)
                .should_ignore_unknown_formats(true)
                .build(&whole)
                .unwrap();
            let mut instance = object.clone();
            apply_defaults(&whole, &mut instance);
            let mut expected = schema_violations(&whole, &validator, &instance, &[]);
            parts.sort();
            expected.sort();
            assert!(!expected.is_empty());
            assert_eq!(parts, expected, "{crd:?}");
        }
    }

    #[test]
    fn defaults_fill_required_fields() {
        // The devel CRD lists checkNodeEligibility as required, with a default.
        assert_eq!(check(&kata(json!({})), Schemas::default()).unwrap(), []);
        // ... which the 1.1 CRD does not know.
        let old = Schemas { kata: KataCrd::Osc11, ..Schemas::default() };
        let v = check(&kata(json!({"logLevel": "debug"})), old).unwrap();
        assert_eq!(paths(&v), ["spec.logLevel"]);
    }

    #[test]
    fn table_of_violations() {
        let cases: Vec<(Value, Schemas, Vec<&str>)> = vec![
            (
                kata(json!({"kataConfigPoolSelector": {"matchLabels": {"a": true}}})),
                Schemas::default(),
                vec!["spec.kataConfigPoolSelector.matchLabels.a"],
            ),
            (
                kata(json!({"kataConfigPoolSelector": {"matchExpressions": [{"key": "a", "operater": "In"}]}})),
                Schemas::default(),
                vec![
                    "spec.kataConfigPoolSelector.matchExpressions[0].operater",
                    "spec.kataConfigPoolSelector.matchExpressions[0].operator",
                ],
            ),
            (kata(json!(null)), Schemas::default(), vec![]),
            (
                json!({"apiVersion": "kataconfiguration.openshift.io/v1", "kind": "KataConfig",
                       "metadata": {"name": "k", "lables": {}}, "extra": 1}),
                Schemas::default(),
                vec!["extra", "metadata.lables"],
            ),
            (
                json!({"apiVersion": "kataconfiguration.openshift.io/v1", "kind": "KataConfig", "metadata": {}}),
                Schemas::default(),
                vec!["metadata.name"],
            ),
            (
                json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                       "metadata": {"name": "p"}, "spec": {"maxUnavailable": "10%", "paused": "no"}}),
                Schemas::default(),
                vec!["spec.paused"],
            ),
            (
                json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                       "metadata": {"name": "p"}, "spec": {"maxUnavailable": true}}),
                Schemas { mco: McoCrds::Release410, ..Schemas::default() },
                vec!["spec.maxUnavailable"],
            ),
            (
                json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                       "metadata": {"name": "s", "namespace": "n"}, "spec": {"name": "p", "source": "s"}}),
                Schemas::default(),
                vec!["spec.sourceNamespace"],
            ),
            (
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}, "spec": {"finalizer": []}}),
                Schemas::default(),
                vec!["spec.finalizer"],
            ),
            (
                json!({"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "k"},
                       "handler": "kata", "scheduling": {"nodeSelector": {"a": 1}}}),
                Schemas::default(),
                vec!["scheduling.nodeSelector.a"],
            ),
            (
                json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"labels": {}}}),
                Schemas::default(),
                vec!["metadata.name"],
            ),
            (
                json!({"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass"}),
                Schemas::default(),
                vec!["handler", "metadata"],
            ),
        ];
        for (object, schemas, expected) in cases {
            let violations = check(&object, schemas).unwrap();
            assert_eq!(paths(&violations), expected, "{object}: {violations:?}");
        }
    }

    #[test]
    fn int_or_string_and_unknown_kinds() {
        let pool = json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfigPool",
                          "metadata": {"name": "p"}, "spec": {"maxUnavailable": [1]}});
        let v = check(&pool, Schemas::default()).unwrap();
        assert_eq!(v[0].message, "[1] is neither an integer nor a string");
        let cm = json!({"apiVersion": "v1", "kind": "ConfigMap"});
        assert!(matches!(check(&cm, Schemas::default()), Err(Error::NoSchema { .. })));
        let v2 = json!({"apiVersion": "kataconfiguration.openshift.io/v2", "kind": "KataConfig"});
        assert!(matches!(check(&v2, Schemas::default()), Err(Error::NoSchema { .. })));
    }

    #[test]
    fn preserve_unknown_fields_keeps_ignition_open() {
        let mc = |schemas| {
            let object = json!({"apiVersion": "machineconfiguration.openshift.io/v1", "kind": "MachineConfig",
                                "metadata": {"name": "m"},
                                "spec": {"config": {"ignition": {"version": "3.2.0"}, "kernelArguments": ["x"]},
                                         "extension": ["sandboxed-containers"]}});
            paths(&check(&object, schemas).unwrap())
        };
        assert_eq!(mc(Schemas::default()), ["spec.extension"]);
        assert_eq!(mc(Schemas { mco: McoCrds::Release410, ..Schemas::default() }), ["spec.extension"]);
    }

    #[test]
    fn schema_choice_follows_release_and_openshift() {
        let first = &crate::catalog::CATALOG[0];
        let newest = crate::catalog::newest();
        assert_eq!(
            Schemas::for_target(first, first.openshift_min),
            Schemas { kata: KataCrd::Osc11, mco: McoCrds::Release410 }
        );
        assert_eq!(Schemas::for_target(newest, newest.openshift_min), Schemas::default());
    }

    #[test]
    fn a_machine_config_with_a_bad_dropin_is_refused() {
        use oscgen_api::ignition::v3_2;
        use oscgen_api::mco::v1::{MachineConfig, MachineConfigSpec};

        let text = "[crio.runtime.runtimes.kata-x]\n  runtime_pth = \"/x\"\n";
        let encoded = dataurl::encode(text.as_bytes(), true);
        let file = v3_2::File {
            path: crio::drop_in_path("kata-x"),
            mode: Some(0o644),
            contents: Some(v3_2::Resource { compression: Some(encoded.compression), source: Some(encoded.source) }),
            ..Default::default()
        };
        let config = v3_2::Config { storage: Some(v3_2::Storage { files: vec![file] }), ..Default::default() };
        let mc = MachineConfig::for_role("50-x", "kata-oc", MachineConfigSpec { config, ..Default::default() });
        let err = validate_objects_against(&[Object::MachineConfig(mc)], Schemas::default()).unwrap_err();
        let Error::Generated { object, path, message } = err else { panic!("{err}") };
        assert_eq!(object, "MachineConfig/50-x");
        assert_eq!(path, "spec.config.storage.files[0].contents.source");
        assert!(message.contains("runtime_pth"), "{message}");
    }

    #[test]
    fn dropin_keys_and_types() {
        let good = crio::render("kata-x", &oscgen_api::crio::RuntimeHandler::kata_rpm()).unwrap();
        assert_eq!(check_dropin(&good), Ok(()));
        let cases = [
            ("[crio.runtime.runtimes.kata]\nruntime_pth = \"/x\"\n", "crio.runtime.runtimes.kata.runtime_pth"),
            (
                "[crio.runtime.runtimes.kata]\nprivileged_without_host_devices = \"true\"\n",
                "crio.runtime.runtimes.kata.privileged_without_host_devices",
            ),
            (
                "[crio.runtime.runtimes.kata]\nallowed_annotations = [1]\n",
                "crio.runtime.runtimes.kata.allowed_annotations",
            ),
            ("[crio.runtime]\nmanage_ns_lifecycle = true\n", "crio.runtime.manage_ns_lifecycle"),
            ("[crio]\nstorage_option = []\n", "crio.storage_option"),
            ("[crio.runtime.runtimes]\nkata = 1\n", "crio.runtime.runtimes.kata"),
            ("[crio.runtime.runtimes.kata\n", ""),
        ];
        for (text, path) in cases {
            let problems = check_dropin(text).unwrap_err();
            assert_eq!(paths(&problems), [path], "{text}");
        }
    }
}
