//! Values left for someone else to fill in: placeholders (`UPDATE_AWS_SECRET_ACCESS_KEY`,
//! `set-by-overlay`, `<channel>`) and templates (`${CHANNEL}`, `{{ .Values.channel }}`,
//! `ENC[...]`). One recognizer, for the Subscription's fields, Secrets and dead patches alike.
//!
//! It reads a value by its tokens, not as a whole word: the value is split at `-_./:`,
//! whitespace and camelCase humps, and the tokens are compared with word classes. The classes
//! follow what the established secret scanners skip (gitleaks' stopwords and global allowlist,
//! detect-secrets' `is_templated_secret`, Sonar's `patternNot` exclusions, trufflehog's
//! `falsepositives.go`), narrowed so that real channel names and versions (`stable-1.3`,
//! `amq-streams-2.1.x`, `eus-4.14`) never count.

/// Nouns that mark a placeholder wherever they appear among the tokens.
const NOUNS: &[&str] = &[
    "placeholder",
    "changeme",
    "replaceme",
    "setme",
    "patchme",
    "fixme",
    "todo",
    "tbd",
    "redacted",
    "dummy",
    "fake",
    "example",
    "sample",
    "overlay",
];

/// Verbs (and `your`) that mark a placeholder as the first token: `UPDATE_...`, `YOUR_...`,
/// `set-by-overlay`.
const LEADING: &[&str] = &[
    "your", "update", "replace", "change", "set", "fill", "insert", "enter", "put", "patch", "override", "provide",
    "specify", "edit", "define",
];

/// Objects that turn a verb into an instruction anywhere in the value (`patch-me`, `fill_this`).
const OBJECTS: &[&str] = &["me", "this", "here"];

/// Whether `value` is a template a tool fills in before the cluster sees it: `${VAR}`, `$VAR`,
/// `{{ ... }}` (Helm, RHACM hub and managed-cluster templates), `((var))` (Concourse),
/// `%VAR%`, `@VAR@`, `<var>`, `__VAR__`, or an `ENC[...]` value (sops).
pub fn is_templated(value: &str) -> bool {
    let v = value.trim();
    let wrapped = |open: &str, close: &str, min: usize| {
        v.len() >= open.len() + close.len() + min && v.starts_with(open) && v.ends_with(close)
    };
    let identifier = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    v.contains("${")
        || v.contains("{{")
        || (v.starts_with('$') && identifier(&v[1..]))
        || wrapped("((", "))", 1)
        || wrapped("<", ">", 1)
        || wrapped("__", "__", 1)
        || (wrapped("%", "%", 1) && identifier(&v[1..v.len() - 1]))
        || (wrapped("@", "@", 1) && identifier(&v[1..v.len() - 1]))
        || wrapped("ENC[", "]", 1)
}

/// The value's tokens, lowercase: split at every character that is not a letter or digit
/// (`-_./:`, whitespace, ...) and where a lowercase letter meets an uppercase one (`updateMe`),
/// or an uppercase run meets a capitalised word (`HTTPServer`).
pub fn tokens(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in value.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let hump = chars[i - 1].is_lowercase() && chars[i].is_uppercase();
            let run_end = chars[i - 1].is_uppercase()
                && chars[i].is_uppercase()
                && chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            if hump || run_end {
                out.push(chars[start..i].iter().collect::<String>().to_lowercase());
                start = i;
            }
        }
        out.push(chars[start..].iter().collect::<String>().to_lowercase());
    }
    out
}

/// Whether `value` is a placeholder (or a template, or nothing) rather than a real value.
/// `key` is the field it is written under: a value that repeats its key's name
/// (`aws-secret-access-key` under `AWS_SECRET_ACCESS_KEY`, `CHANNEL` under `channel`) is one.
pub fn is_placeholder(value: &str, key: Option<&str>) -> bool {
    let v = value.trim();
    if v.is_empty() || is_templated(v) {
        return true;
    }
    let lower = v.to_lowercase();
    // Sonar's exclusions: five identical characters in a row (`AKIAXXXXXXXXXXXXXXXX`), and
    // `example` anywhere (AWS's documented `AKIAIOSFODNN7EXAMPLE`).
    let chars: Vec<char> = lower.chars().collect();
    if chars.windows(5).any(|w| w.iter().all(|c| *c == w[0])) || lower.contains("example") {
        return true;
    }
    let words = tokens(v);
    let Some(first) = words.first() else { return false };
    if LEADING.contains(&first.as_str()) {
        return true;
    }
    let instruction =
        |w: &str| LEADING.iter().any(|verb| w.strip_prefix(verb).is_some_and(|rest| OBJECTS.contains(&rest)));
    let noun_or_instruction = words.iter().enumerate().any(|(i, w)| {
        NOUNS.contains(&w.as_str())
            || (w.len() >= 3 && w.chars().all(|c| c == 'x'))
            || instruction(w)
            || (LEADING.contains(&w.as_str()) && words.get(i + 1).is_some_and(|n| OBJECTS.contains(&n.as_str())))
    });
    if noun_or_instruction {
        return true;
    }
    key.is_some_and(|key| {
        let own = tokens(key);
        words == own || (own.len() > 1 && own.last().is_some_and(|last| words == [last.clone()]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_at_separators_and_humps() {
        assert_eq!(tokens("updateMe"), ["update", "me"]);
        assert_eq!(tokens("UPDATE_AWS_SECRET"), ["update", "aws", "secret"]);
        assert_eq!(tokens("set-by.overlay:x y"), ["set", "by", "overlay", "x", "y"]);
        assert_eq!(tokens("HTTPServer"), ["http", "server"]);
        assert_eq!(tokens("startingCSV"), ["starting", "csv"]);
    }
}
