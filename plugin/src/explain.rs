//! `oscgen explain [CODE]`: every finding oscgen reports, from the crates' registries (render's
//! for generator configs, check's for repositories): its code, default severity, what it relies
//! on and why its severity is what it is. Without a code it prints the whole reference as
//! Markdown, which is docs/diagnostics.md (a test keeps the two equal).

use std::fmt::Write as _;

use oscgen_render::{Rule, Severity};
use serde::Serialize;

use crate::emit;
use crate::error::CliError;

/// Arguments of `oscgen explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A finding's code, as `-o json` and KRM results give it (`unknownChannel`); without one,
    /// every finding.
    code: Option<String>,
    /// Output format: text for one code, Markdown for all (docs/diagnostics.md), or JSON.
    #[arg(short, long, value_enum)]
    output: Option<ExplainFormat>,
}

/// How `oscgen explain` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Plain text (the default for one code).
    Text,
    /// Markdown (the default for all codes).
    Markdown,
    /// JSON: a list of rules.
    Json,
}

/// The registries, with the commands that report their findings.
const REGISTRIES: [(&str, &[Rule]); 2] = [
    (
        "`render`, the KRM function and `check` (on oscgen configs and the facts they share)",
        oscgen_render::diagnostics::RULES,
    ),
    ("`check`", oscgen_check::findings::RULES),
];

/// One rule as JSON.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    code: &'a str,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    varies: Option<&'a str>,
    summary: String,
    message: &'a str,
    relies_on: &'a str,
    why: &'a str,
    reported_by: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [&'a str],
}

/// Every rule of every registry, with who reports it, in registry order.
fn all() -> impl Iterator<Item = (&'static str, &'static Rule)> {
    REGISTRIES.into_iter().flat_map(|(by, rules)| rules.iter().map(move |r| (by, r)))
}

/// The doc comment as one paragraph.
fn summary(rule: &Rule) -> String {
    rule.summary.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Runs `oscgen explain`.
pub fn run(args: &ExplainArgs) -> Result<(), CliError> {
    let selected: Vec<(&str, &Rule)> = match &args.code {
        None => all().collect(),
        Some(code) => vec![find(code)?],
    };
    let format = args.output.unwrap_or(if args.code.is_some() { ExplainFormat::Text } else { ExplainFormat::Markdown });
    let text = match format {
        ExplainFormat::Json => {
            let entries: Vec<Entry<'_>> = selected.iter().map(|(by, r)| entry(by, r)).collect();
            let mut json = serde_json::to_string_pretty(&entries).map_err(|e| CliError::Input(e.to_string()))?;
            json.push('\n');
            json
        }
        ExplainFormat::Markdown if args.code.is_none() => reference(),
        ExplainFormat::Markdown => selected.iter().map(|(by, r)| markdown(by, r)).collect(),
        ExplainFormat::Text => selected.iter().map(|(by, r)| text(by, r)).collect(),
    };
    emit(&text)
}

/// The rule of `code` (or of a former name of it).
fn find(code: &str) -> Result<(&'static str, &'static Rule), CliError> {
    if let Some(found) = all().find(|(_, r)| r.is(code)) {
        return Ok(found);
    }
    let near = all().find(|(_, r)| r.code.as_str().eq_ignore_ascii_case(code));
    let hint = match near {
        Some((_, r)) => format!("did you mean `{}`?", r.code),
        None => "`oscgen explain` lists every code".to_owned(),
    };
    Err(CliError::Usage(format!("no finding has the code `{code}`; {hint}")))
}

fn entry<'a>(by: &'a str, r: &'a Rule) -> Entry<'a> {
    Entry {
        code: r.code.as_str(),
        severity: r.severity,
        varies: r.varies,
        summary: summary(r),
        message: r.message,
        relies_on: r.relies_on,
        why: r.why,
        reported_by: by,
        aliases: r.aliases,
    }
}

fn text(by: &str, r: &Rule) -> String {
    let mut out = format!("{} ({})\n  {}\n\n", r.code, r.severity, summary(r));
    let _ = writeln!(out, "  message:    {}", r.message);
    let _ = writeln!(out, "  relies on:  {}", r.relies_on);
    let _ = writeln!(out, "  severity:   {}", r.why);
    if let Some(varies) = r.varies {
        let _ = writeln!(out, "  varies:     {varies}");
    }
    if !r.aliases.is_empty() {
        let _ = writeln!(out, "  formerly:   {}", r.aliases.join(", "));
    }
    let _ = writeln!(out, "  reported by {}", by.replace('`', ""));
    out
}

fn markdown(_by: &str, r: &Rule) -> String {
    let mut out = format!("### `{}`\n\n{}\n\n", r.code, summary(r));
    let _ = writeln!(out, "- **Severity:** {}{}", r.severity, r.varies.map(|v| format!(" ({v})")).unwrap_or_default());
    let _ = writeln!(out, "- **Relies on:** {}", r.relies_on);
    let _ = writeln!(out, "- **Why this severity:** {}", r.why);
    let _ = writeln!(out, "- **Message:** `{}`", r.message.replace('`', "'"));
    if !r.aliases.is_empty() {
        let _ = writeln!(out, "- **Formerly:** {}", r.aliases.join(", "));
    }
    out.push('\n');
    out
}

/// docs/diagnostics.md.
fn reference() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         <!-- Generated by `oscgen explain`; plugin/tests/suite/docs.rs keeps it current. Do not edit. -->\n\n\
         Every finding oscgen reports has a stable code: the `code` of `oscgen check -o json`, the\n\
         code in this list, and the argument of `oscgen explain CODE`. A renamed code keeps its old\n\
         name as an alias for one minor version.\n\n\
         An **error** means one of four things: `kustomize build` fails, the API server refuses the\n\
         object, the operator cannot work with it, or the value is certain to be wrong. Anything less\n\
         certain is a **warning**, and what is worth knowing with nothing wrong is a **note**\n\
         (`info`). In a kustomize build with a construct oscgen does not model (`notModelled`),\n\
         errors about its objects are reported as warnings: the real build may differ.\n\n\
         Each message is shown with `{field}` where the finding's values go.\n\n",
    );
    for (by, rules) in REGISTRIES {
        let _ = writeln!(out, "## Reported by {by}\n");
        for r in rules {
            out.push_str(&markdown(by, r));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn codes_are_unique_across_registries_and_every_rule_says_why() {
        let mut seen = BTreeSet::new();
        for (_, rule) in all() {
            for code in std::iter::once(rule.code.as_str()).chain(rule.aliases.iter().copied()) {
                assert!(seen.insert(code), "code `{code}` is declared twice");
            }
            assert!(!rule.relies_on.is_empty() && !rule.why.is_empty(), "`{}` says no basis", rule.code);
            let word = rule.why.split(':').next().unwrap_or_default();
            let named = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            assert!(word == named || rule.varies.is_some(), "`{}` is a {named}, but its why says {word}", rule.code);
        }
    }

    #[test]
    fn a_code_is_found_by_its_name_and_a_near_miss_is_named() {
        assert_eq!(find("unknownChannel").map(|(_, r)| r.severity).ok(), Some(Severity::Error));
        let Err(CliError::Usage(message)) = find("UnknownChannel") else { panic!("found a wrong-case code") };
        assert!(message.contains("did you mean `unknownChannel`?"), "{message}");
    }
}
