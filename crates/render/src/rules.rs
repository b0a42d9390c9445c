//! Kubernetes' and the node's rules for names, labels, quantities and paths.
//!
//! Each check returns why a value breaks a rule, in words a user can act on; `None` means
//! the value is fine. The rules are those of apimachinery's `validation` package.

/// Why `name` is not a DNS-1123 subdomain (object names: at most 253 characters of
/// lowercase alphanumerics, `-` and `.`, starting and ending alphanumeric).
pub fn dns1123_subdomain(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("must not be empty".into());
    }
    if name.len() > 253 {
        return Some(format!("must be at most 253 characters, not {}", name.len()));
    }
    // apimachinery bounds only the whole name; a part may be longer than a label's 63.
    let label_chars = |part: &str| {
        let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        part.chars().all(ok_char) && edge(part.chars().next()) && edge(part.chars().last())
    };
    if !name.split('.').all(label_chars) {
        return Some(
            "must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit".into(),
        );
    }
    None
}

/// Why `name` is not a DNS-1123 label (namespaces, handlers: at most 63 characters of
/// lowercase alphanumerics and `-`, starting and ending alphanumeric).
pub fn dns1123_label(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("must not be empty".into());
    }
    if name.len() > 63 {
        return Some(format!("must be at most 63 characters, not {}", name.len()));
    }
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !name.chars().all(ok_char) || !edge(name.chars().next()) || !edge(name.chars().last()) {
        return Some("must be lowercase letters, digits and '-', starting and ending with a letter or digit".into());
    }
    None
}

/// The part of a label key or value after the prefix: at most 63 characters of
/// alphanumerics, `-`, `_` and `.`, starting and ending alphanumeric.
fn qualified_name_part(part: &str) -> Option<String> {
    if part.len() > 63 {
        return Some(format!("must be at most 63 characters, not {}", part.len()));
    }
    let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !part.chars().all(ok_char) || !edge(part.chars().next()) || !edge(part.chars().last()) {
        return Some("must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit".into());
    }
    None
}

/// Why `key` is not a valid label key (`[prefix/]name`, prefix a DNS subdomain).
pub fn label_key(key: &str) -> Option<String> {
    if key.is_empty() {
        return Some("must not be empty".into());
    }
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix
        && let Some(why) = dns1123_subdomain(prefix)
    {
        return Some(format!("the prefix before '/' {why}"));
    }
    if name.is_empty() {
        return Some("the name after the prefix must not be empty".into());
    }
    qualified_name_part(name).map(|why| if prefix.is_some() { format!("the name after '/' {why}") } else { why })
}

/// Why `value` is not a valid label value (empty, or a qualified name part).
pub fn label_value(value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    qualified_name_part(value)
}

/// Whether `text` is a Kubernetes resource quantity (`250m`, `0.25`, `350Mi`, `1e3`).
pub fn is_quantity(text: &str) -> bool {
    let rest = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits_end = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(digits_end);
    let mut halves = number.splitn(2, '.');
    let whole = halves.next().unwrap_or("");
    let fraction = halves.next();
    if number.is_empty() || number == "." || fraction.is_some_and(|f| f.contains('.')) {
        return false;
    }
    if whole.is_empty() && fraction.is_none_or(str::is_empty) {
        return false;
    }
    match suffix {
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E" => true,
        exp => {
            let Some(exponent) = exp.strip_prefix(['e', 'E']) else {
                return false;
            };
            let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
            !exponent.is_empty() && exponent.chars().all(|c| c.is_ascii_digit())
        }
    }
}

/// Whether a quantity (already known to parse, see [`is_quantity`]) is below zero: a `-`
/// sign and a digit other than 0 before any suffix (`-0.0` is zero).
pub fn is_negative_quantity(text: &str) -> bool {
    text.strip_prefix('-').is_some_and(|rest| {
        let number = rest.split(|c: char| !c.is_ascii_digit() && c != '.').next().unwrap_or_default();
        number.chars().any(|c| matches!(c, '1'..='9'))
    })
}

/// Why `path` is not an absolute, normal path for a file on the node.
pub fn node_path(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return Some("must be absolute (start with /)".into());
    }
    if path.split('/').any(|part| part == ".." || part == ".") {
        return Some("must not contain '.' or '..' segments".into());
    }
    if path.contains('\0') || path.contains('\n') || path.contains('\r') {
        return Some("must not contain NUL or line breaks".into());
    }
    if path.len() > 1 && path.ends_with('/') {
        return Some("must name a file, not end with /".into());
    }
    None
}

/// CRI-O's log levels (`crio --log-level`), which KataConfig `logLevel` takes.
pub const LOG_LEVELS: &[&str] = &["fatal", "panic", "error", "warn", "info", "debug", "trace"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_dns1123() {
        assert!(dns1123_subdomain("cluster-kataconfig").is_none());
        assert!(dns1123_subdomain("a.b-c").is_none());
        assert!(dns1123_subdomain("Upper").is_some());
        assert!(dns1123_subdomain("-lead").is_some());
        assert!(dns1123_subdomain("a..b").is_some());
        assert!(dns1123_subdomain(&"a".repeat(254)).is_some());
        // IsDNS1123Subdomain limits the name, not each part.
        assert!(dns1123_subdomain(&format!("{}.b", "a".repeat(70))).is_none());
        assert!(dns1123_label("a.b").is_some());
        assert!(dns1123_label(&"a".repeat(63)).is_none());
        assert!(dns1123_label(&"a".repeat(64)).is_some());
    }

    #[test]
    fn labels_follow_kubernetes() {
        for ok in ["kata", "node-role.kubernetes.io/worker", "a_b.c", "A9"] {
            assert!(label_key(ok).is_none(), "{ok}");
        }
        for bad in ["", "/x", "x/", "-a", "a b", "Bad_Prefix/x", "a/b/c"] {
            assert!(label_key(bad).is_some(), "{bad}");
        }
        for ok in ["", "true", "a-b_c.d"] {
            assert!(label_value(ok).is_none(), "{ok}");
        }
        for bad in ["-a", "a/b", "x y", &"v".repeat(64)] {
            assert!(label_value(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn quantities() {
        for ok in ["250m", "0.25", "350Mi", "1", "1e3", "1E-3", ".5", "5.", "+1Gi", "12k"] {
            assert!(is_quantity(ok), "{ok}");
        }
        for bad in ["", "m", "1.2.3", "1 Mi", "1MiB", "abc", "1e", ".", "1x"] {
            assert!(!is_quantity(bad), "{bad}");
        }
        for negative in ["-5Mi", "-0.1", "-.5", "-1e3", "-250m"] {
            assert!(is_quantity(negative) && is_negative_quantity(negative), "{negative}");
        }
        for not_negative in ["0", "-0", "-0.0", "-0Mi", "+1Gi", "250m", "1e-3"] {
            assert!(!is_negative_quantity(not_negative), "{not_negative}");
        }
    }

    #[test]
    fn paths() {
        assert!(node_path("/etc/crio/crio.conf.d/50-kata-custom").is_none());
        assert!(node_path("etc/x").is_some());
        assert!(node_path("/etc/../x").is_some());
        assert!(node_path("/etc/x/").is_some());
        assert!(node_path("/etc/x\ny").is_some());
    }
}
