//! The CRI-O runtime-handler drop-in, in exactly the layout of the RPM's `50-kata`.
//!
//! minijinja renders the text; every string goes through the `toml_str` filter, which writes
//! a TOML basic string, so a value with `"`, `\` or a line break cannot end the string early
//! or add keys. The template is compiled once per process. With the `schema-check` feature,
//! `check_dropin` checks any drop-in against the keys CRI-O reads.

#[cfg(feature = "schema-check")]
mod keys;

use std::sync::OnceLock;

use minijinja::{Environment, UndefinedBehavior};
use oscgen_api::crio::RuntimeHandler;
use serde::Serialize;

use crate::Error;
#[cfg(feature = "schema-check")]
pub use keys::check_dropin;

/// Where CRI-O reads drop-ins from.
pub const DROP_IN_DIR: &str = "/etc/crio/crio.conf.d";

const TEMPLATE: &str = r#"[crio.runtime.runtimes.{{ name | toml_key }}]
  runtime_path = {{ handler.runtime_path | toml_str }}
  runtime_type = {{ handler.runtime_type | toml_str }}
  runtime_root = {{ handler.runtime_root | toml_str }}
{%- if handler.runtime_config_path is defined %}
  runtime_config_path = {{ handler.runtime_config_path | toml_str }}
{%- endif %}
  privileged_without_host_devices = {{ handler.privileged_without_host_devices | toml_bool }}
{%- if handler.allowed_annotations is defined %}
  allowed_annotations = [
{%- for annotation in handler.allowed_annotations %}
    {{ annotation | toml_str }},
{%- endfor %}
  ]
{%- endif %}
"#;

/// The drop-in path for a handler: `/etc/crio/crio.conf.d/50-<handler>`, sorting after MCO's
/// `00-default` and `01-ctrcfg-*` files.
pub fn drop_in_path(handler_name: &str) -> String {
    format!("{DROP_IN_DIR}/50-{handler_name}")
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn toml_basic_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_key(value: &str) -> String {
    let bare = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { value.to_owned() } else { toml_basic_string(value) }
}

fn toml_bool(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

fn environment() -> Result<&'static Environment<'static>, Error> {
    static ENV: OnceLock<Result<Environment<'static>, minijinja::Error>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_keep_trailing_newline(true);
        env.add_filter("toml_str", |v: String| toml_basic_string(&v));
        env.add_filter("toml_key", |v: String| toml_key(&v));
        env.add_filter("toml_bool", toml_bool);
        env.add_template("crio-dropin", TEMPLATE)?;
        Ok(env)
    })
    .as_ref()
    .map_err(|e| Error::Template(minijinja::Error::new(e.kind(), e.to_string())))
}

/// Renders the drop-in text for `handler` under the table name `name`.
pub fn render(name: &str, handler: &RuntimeHandler) -> Result<String, Error> {
    #[derive(Serialize)]
    struct Context<'a> {
        name: &'a str,
        handler: &'a RuntimeHandler,
    }
    let template = environment()?.get_template("crio-dropin").map_err(Error::Template)?;
    template.render(Context { name, handler }).map_err(Error::Template)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_toml_needs() {
        assert_eq!(toml_basic_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(toml_basic_string("x\ny\u{1}"), r#""x\ny\u0001""#);
        assert_eq!(toml_key("kata"), "kata");
        assert_eq!(toml_key("a.b"), "\"a.b\"");
    }
}
