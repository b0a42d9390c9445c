//! The finding registries: every kind of [`Diagnostic`](super::Diagnostic) a crate reports is
//! one [`Rule`], declared once with [`findings!`](crate::findings) next to its message.
//!
//! The registry is the contract users read: the code is stable (in `-o json`, KRM results and
//! docs/diagnostics.md), the default severity is the rule's, and each rule says what it relies
//! on and why its severity is what it is. cargo's lint table (`src/cargo/util/lints/` in
//! rust-lang/cargo) is the model.

use std::fmt;

use serde::Serialize;

use super::Severity;

/// The machine-readable name of a finding (`unknownChannel`): stable across releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(pub &'static str);

impl Code {
    /// The code as text.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// One entry of a crate's finding registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable code.
    pub code: Code,
    /// The severity it is reported with, unless [`Rule::varies`] says when it is not.
    pub severity: Severity,
    /// What it is about: the variant's doc comment.
    pub summary: &'static str,
    /// The message, with `{field}` where the finding's values go.
    pub message: &'static str,
    /// What the finding relies on: the fact, data or upstream behaviour that makes it true.
    pub relies_on: &'static str,
    /// Why its severity is what it is. An error means the build fails, the API server refuses
    /// the object, the operator cannot work, or the value is certain to be wrong.
    pub why: &'static str,
    /// When a finding of this rule takes another severity, and which (for example a patch
    /// that matches nothing is an error only where kustomize fails on it).
    pub varies: Option<&'static str>,
    /// Whether the finding is about how several objects relate, so it is reported on objects
    /// an oscgen config rendered too (whose own fields the config's diagnostics cover).
    pub spans: bool,
    /// Codes this rule had before a rename, still accepted for one minor version.
    pub aliases: &'static [&'static str],
}

impl Rule {
    /// The fields a registry entry may leave out.
    pub const DEFAULT: Rule = Rule {
        code: Code(""),
        severity: Severity::Error,
        summary: "",
        message: "",
        relies_on: "",
        why: "",
        varies: None,
        spans: false,
        aliases: &[],
    };

    /// Whether `code` names this rule, by its code or a former one.
    pub fn is(&self, code: &str) -> bool {
        self.code.0 == code || self.aliases.contains(&code)
    }
}

/// A kind of finding: its message (`Display`) and its registry entry.
pub trait Finding: fmt::Display {
    /// Its registry entry.
    fn rule(&self) -> &'static Rule;
}

/// Declares a crate's finding kinds and their registry at once: an enum whose variants are
/// the kinds (messages by `thiserror`), a module of their [`Code`]s, a `const` list of their
/// [`Rule`]s, and the [`Finding`] impl that ties each variant to its rule.
///
/// ```
/// oscgen_render::findings! {
///     /// What the example reports.
///     pub enum Example, codes example_codes, registry EXAMPLE_RULES;
///
///     /// A value that is too big.
///     #[error("`{value}` is too big; use 10 or less")]
///     TooBig { /** What was given. */ value: u32 } => "tooBig", Error {
///         relies_on: "the example's limit of 10",
///         why: "error: a bigger value is certain to be refused",
///     }
/// }
///
/// use oscgen_render::{Finding, Severity};
/// let finding = Example::TooBig { value: 12 };
/// assert_eq!(finding.rule().code, example_codes::TooBig);
/// assert_eq!(finding.rule().severity, Severity::Error);
/// assert_eq!(finding.to_string(), "`12` is too big; use 10 or less");
/// assert_eq!(EXAMPLE_RULES.len(), 1);
/// ```
#[macro_export]
macro_rules! findings {
    (
        $(#[doc = $enum_doc:literal])*
        $vis:vis enum $name:ident, codes $codes:ident, registry $registry:ident;
        $(
            $(#[doc = $doc:literal])*
            #[error($($message:tt)+)]
            $variant:ident $({ $($fields:tt)* })? => $code:literal, $severity:ident {
                $($key:ident : $value:expr),* $(,)?
            }
        )*
    ) => {
        $(#[doc = $enum_doc])*
        #[derive(Clone, Debug, PartialEq, thiserror::Error)]
        #[non_exhaustive]
        $vis enum $name {
            $(
                $(#[doc = $doc])*
                #[error($($message)+)]
                $variant $({ $($fields)* })?,
            )*
        }

        #[doc = concat!("The code of each [`", stringify!($name), "`], by variant name.")]
        #[allow(non_upper_case_globals)]
        $vis mod $codes {
            $(
                #[doc = concat!("`", $code, "`")]
                pub const $variant: $crate::Code = $crate::Code($code);
            )*
        }

        /// Each variant's rule, by variant name (one `findings!` per module).
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        mod __rules {
            #[allow(unused_imports)]
            use super::*;
            $(
                pub const $variant: $crate::Rule = $crate::Rule {
                    code: $crate::Code($code),
                    severity: $crate::Severity::$severity,
                    summary: concat!($($doc, "\n"),*),
                    message: $crate::findings!(@first $($message)+),
                    $($key: $value,)*
                    ..$crate::Rule::DEFAULT
                };
            )*
        }

        #[doc = concat!("The registry of [`", stringify!($name), "`]: one rule per variant, in declaration order.")]
        $vis const $registry: &[$crate::Rule] = &[$(__rules::$variant),*];

        impl $crate::Finding for $name {
            fn rule(&self) -> &'static $crate::Rule {
                match self {
                    $(Self::$variant { .. } => &__rules::$variant,)*
                }
            }
        }
    };
    (@first $message:literal $($rest:tt)*) => { $message };
}
