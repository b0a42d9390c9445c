//! A linear pre-scan that finds flow collections (`[ ]`, `{ }`) nested deeper than serde_yaml
//! will accept, before serde_yaml sees the text.
//!
//! serde_yaml refuses documents nested more than 128 levels, but only after libyaml has
//! scanned the whole document, and libyaml's scanner does work proportional to the flow depth
//! for every token: 400 KB of `{a: {a: ...` takes minutes. This scan follows libyaml 0.2.5's
//! scanner (`unsafe-libyaml`'s `scanner.rs`) closely enough to track its flow level: where a
//! token starts, where plain, quoted and block scalars end, and the block indentation that
//! decides where a multi-line plain scalar ends. Where libyaml would stop with a syntax
//! error, the scan stops and reports nothing, leaving the message to serde_yaml. So it never
//! counts deeper than libyaml does, and a document it refuses is one serde_yaml refuses too
//! (the fuzz target `yaml_documents` checks exactly that).

/// The deepest nesting serde_yaml 0.9 accepts (its recursion limit).
pub const MAX_DEPTH: usize = 128;

/// Byte offset of the first `[` or `{` that opens level `limit + 1`, if libyaml would reach it.
pub fn exceeded(text: &str, limit: usize) -> Option<usize> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skipped = text.len() - body.len();
    let mut scanner = Scanner {
        b: body.as_bytes(),
        i: 0,
        chars: 0,
        col: 0,
        line: 0,
        depth: 0,
        limit,
        indents: Vec::new(),
        allowed: true,
        key: None,
    };
    match scanner.run() {
        Err(Stop::Deep(at)) => Some(at + skipped),
        _ => None,
    }
}

/// Why the scan ended early.
enum Stop {
    /// A flow collection opened at this byte offset is one level too deep.
    Deep(usize),
    /// libyaml stops here with an error of its own.
    Syntax,
}

/// A block-context simple key libyaml has saved (the token that may turn out to be a key).
#[derive(Clone, Copy)]
struct Key {
    col: usize,
    line: usize,
    chars: usize,
    required: bool,
}

struct Scanner<'a> {
    b: &'a [u8],
    /// Byte offset.
    i: usize,
    /// Characters consumed (libyaml's `mark.index`).
    chars: usize,
    /// Column in characters.
    col: usize,
    line: usize,
    /// libyaml's `flow_level`.
    depth: usize,
    limit: usize,
    /// Block indentation columns (libyaml's `indents` plus `indent`).
    indents: Vec<usize>,
    /// libyaml's `simple_key_allowed`.
    allowed: bool,
    /// The block-level simple key, if one is possible.
    key: Option<Key>,
}

type Step = Result<(), Stop>;

impl Scanner<'_> {
    fn at(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn eof_at(&self, k: usize) -> bool {
        self.i + k >= self.b.len()
    }

    /// Length in bytes of the line break at offset `k`, 0 if none (libyaml's `IS_BREAK`:
    /// CR, LF, CRLF, NEL, LS, PS).
    fn break_at(&self, k: usize) -> usize {
        match (self.at(k), self.at(k + 1), self.at(k + 2)) {
            (b'\r', b'\n', _) => 2,
            (b'\r' | b'\n', _, _) => 1,
            (0xC2, 0x85, _) => 2,
            (0xE2, 0x80, 0xA8 | 0xA9) => 3,
            _ => 0,
        }
    }

    fn blank_at(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t') && !self.eof_at(k)
    }

    fn blankz_at(&self, k: usize) -> bool {
        self.eof_at(k) || self.blank_at(k) || self.break_at(k) > 0
    }

    /// Moves past one character (not a line break).
    fn skip(&mut self) {
        let width = match self.at(0) {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        self.i = (self.i + width).min(self.b.len());
        self.col += 1;
        self.chars += 1;
    }

    /// Moves past the line break here.
    fn skip_line(&mut self) {
        let width = self.break_at(0).max(1);
        self.i = (self.i + width).min(self.b.len());
        self.col = 0;
        self.line += 1;
        self.chars += 1;
    }

    fn top(&self) -> isize {
        self.indents.last().map_or(-1, |&c| c as isize)
    }

    fn roll(&mut self, col: usize) {
        if self.depth == 0 && self.top() < col as isize {
            self.indents.push(col);
        }
    }

    fn unroll(&mut self, col: isize) {
        if self.depth == 0 {
            while self.top() > col {
                self.indents.pop();
            }
        }
    }

    fn document_marker(&self) -> bool {
        self.col == 0
            && (self.b[self.i..].starts_with(b"---") || self.b[self.i..].starts_with(b"..."))
            && self.blankz_at(3)
    }

    /// libyaml's stale-key check: a key must end on its line, within 1024 characters.
    fn stale_key(&mut self) -> Step {
        if let Some(key) = self.key {
            if key.line < self.line || key.chars + 1024 < self.chars {
                if key.required {
                    return Err(Stop::Syntax);
                }
                self.key = None;
            }
        }
        Ok(())
    }

    fn save_key(&mut self) -> Step {
        if self.depth == 0 && self.allowed {
            self.remove_key()?;
            let required = self.top() == self.col as isize;
            self.key = Some(Key { col: self.col, line: self.line, chars: self.chars, required });
        }
        Ok(())
    }

    fn remove_key(&mut self) -> Step {
        if self.depth == 0 {
            if self.key.is_some_and(|k| k.required) {
                return Err(Stop::Syntax);
            }
            self.key = None;
        }
        Ok(())
    }

    fn run(&mut self) -> Step {
        loop {
            self.skip_to_next_token();
            self.stale_key()?;
            self.unroll(self.col as isize);
            if self.eof_at(0) {
                return Ok(());
            }
            let c = self.at(0);
            if self.col == 0 && c == b'%' || self.document_marker() {
                if self.depth > 0 {
                    return Err(Stop::Syntax);
                }
                self.unroll(-1);
                self.remove_key()?;
                self.allowed = false;
                if c == b'%' {
                    while !self.eof_at(0) && self.break_at(0) == 0 {
                        self.skip();
                    }
                } else {
                    (0..3).for_each(|_| self.skip());
                }
                continue;
            }
            match c {
                b'[' | b'{' => {
                    self.save_key()?;
                    self.depth += 1;
                    if self.depth > self.limit {
                        return Err(Stop::Deep(self.i));
                    }
                    self.allowed = true;
                    self.skip();
                }
                b']' | b'}' | b',' if self.depth == 0 => return Err(Stop::Syntax),
                b']' | b'}' => {
                    self.depth -= 1;
                    self.allowed = false;
                    self.skip();
                }
                b',' => {
                    self.allowed = true;
                    self.skip();
                }
                b'-' if self.blankz_at(1) => {
                    if self.depth > 0 || !self.allowed {
                        return Err(Stop::Syntax);
                    }
                    self.roll(self.col);
                    self.remove_key()?;
                    self.allowed = true;
                    self.skip();
                }
                b'?' if self.depth > 0 || self.blankz_at(1) => {
                    if self.depth == 0 {
                        if !self.allowed {
                            return Err(Stop::Syntax);
                        }
                        self.roll(self.col);
                    }
                    self.remove_key()?;
                    self.allowed = self.depth == 0;
                    self.skip();
                }
                b':' if self.depth > 0 || self.blankz_at(1) => {
                    self.value()?;
                    self.skip();
                }
                b'*' | b'&' => {
                    self.save_key()?;
                    self.allowed = false;
                    self.anchor()?;
                }
                b'!' => {
                    self.save_key()?;
                    self.allowed = false;
                    self.tag()?;
                }
                b'|' | b'>' if self.depth == 0 => {
                    self.remove_key()?;
                    self.allowed = true;
                    self.block_scalar()?;
                }
                b'\'' | b'"' => {
                    self.save_key()?;
                    self.allowed = false;
                    self.quoted(c == b'\'')?;
                }
                _ if self.plain_start() => {
                    self.save_key()?;
                    self.allowed = false;
                    self.plain()?;
                }
                _ => return Err(Stop::Syntax),
            }
        }
    }

    /// libyaml's `scan_to_next_token`: blanks, comments and line breaks.
    fn skip_to_next_token(&mut self) {
        loop {
            if self.col == 0 && self.b[self.i..].starts_with("\u{feff}".as_bytes()) {
                self.skip();
            }
            while self.at(0) == b' ' && !self.eof_at(0)
                || (self.depth > 0 || !self.allowed) && self.at(0) == b'\t' && !self.eof_at(0)
            {
                self.skip();
            }
            if self.at(0) == b'#' && !self.eof_at(0) {
                while !self.eof_at(0) && self.break_at(0) == 0 {
                    self.skip();
                }
            }
            if self.eof_at(0) || self.break_at(0) == 0 {
                return;
            }
            self.skip_line();
            if self.depth == 0 {
                self.allowed = true;
            }
        }
    }

    /// The `:` indicator: in block context it opens a mapping at the key's column.
    fn value(&mut self) -> Step {
        if self.depth > 0 {
            self.allowed = false;
            return Ok(());
        }
        match self.key.take() {
            Some(key) => {
                self.roll(key.col);
                self.allowed = false;
            }
            None => {
                if !self.allowed {
                    return Err(Stop::Syntax);
                }
                self.roll(self.col);
                self.allowed = true;
            }
        }
        Ok(())
    }

    fn plain_start(&self) -> bool {
        let c = self.at(0);
        let indicator = self.blankz_at(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c);
        !indicator
            || c == b'-' && !self.blank_at(1)
            || self.depth == 0 && matches!(c, b'?' | b':') && !self.blankz_at(1)
    }

    /// `&anchor` or `*alias`: word characters, then a separator.
    fn anchor(&mut self) -> Step {
        self.skip();
        let mut length = 0;
        while self.at(0).is_ascii_alphanumeric() || matches!(self.at(0), b'_' | b'-') {
            self.skip();
            length += 1;
        }
        let end = self.blankz_at(0) || b"?:,]}%@`".contains(&self.at(0));
        if length == 0 || !end {
            return Err(Stop::Syntax);
        }
        Ok(())
    }

    /// `!tag`, `!handle!suffix` or `!<verbatim>`, then a separator.
    fn tag(&mut self) -> Step {
        let uri = |c: u8, verbatim: bool| {
            c.is_ascii_alphanumeric()
                || b"_-;/?:@&=+$.%!~*'()".contains(&c)
                || verbatim && matches!(c, b',' | b'[' | b']')
        };
        self.skip();
        if self.at(0) == b'<' {
            self.skip();
            while !self.eof_at(0) && uri(self.at(0), true) {
                self.skip();
            }
            if self.at(0) != b'>' || self.eof_at(0) {
                return Err(Stop::Syntax);
            }
            self.skip();
        } else {
            while !self.eof_at(0) && uri(self.at(0), false) {
                self.skip();
            }
        }
        if self.blankz_at(0) || self.depth > 0 && self.at(0) == b',' { Ok(()) } else { Err(Stop::Syntax) }
    }

    /// A single- or double-quoted scalar, which may span lines.
    fn quoted(&mut self, single: bool) -> Step {
        self.skip();
        loop {
            if self.document_marker() || self.eof_at(0) {
                return Err(Stop::Syntax);
            }
            match self.at(0) {
                b'\'' if single && self.at(1) == b'\'' => {
                    self.skip();
                    self.skip();
                }
                b'\'' if single => {
                    self.skip();
                    return Ok(());
                }
                b'"' if !single => {
                    self.skip();
                    return Ok(());
                }
                b'\\' if !single => {
                    self.skip();
                    if self.eof_at(0) {
                        return Err(Stop::Syntax);
                    }
                    if self.break_at(0) > 0 {
                        self.skip_line();
                    } else {
                        self.skip();
                    }
                }
                _ if self.break_at(0) > 0 => self.skip_line(),
                _ => self.skip(),
            }
        }
    }

    /// A plain scalar: in block context it goes on over lines indented past the current
    /// block, in flow context until a flow indicator.
    fn plain(&mut self) -> Step {
        let indent = self.top() + 1;
        let mut leading_blanks = false;
        loop {
            if self.document_marker() || self.at(0) == b'#' && !self.eof_at(0) {
                break;
            }
            while !self.blankz_at(0) {
                let c = self.at(0);
                if self.depth > 0 && c == b':' && b",?[]{}".contains(&self.at(1)) && !self.eof_at(1) {
                    return Err(Stop::Syntax);
                }
                if c == b':' && self.blankz_at(1) || self.depth > 0 && b",[]{}".contains(&c) {
                    break;
                }
                leading_blanks = false;
                self.skip();
            }
            if !(self.blank_at(0) || self.break_at(0) > 0) {
                break;
            }
            while self.blank_at(0) || self.break_at(0) > 0 {
                if self.blank_at(0) {
                    if leading_blanks && (self.col as isize) < indent && self.at(0) == b'\t' {
                        return Err(Stop::Syntax);
                    }
                    self.skip();
                } else {
                    self.skip_line();
                    leading_blanks = true;
                }
            }
            if self.depth == 0 && (self.col as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.allowed = true;
        }
        Ok(())
    }

    /// A `|` or `>` scalar: its header line, then every line indented to its content column.
    fn block_scalar(&mut self) -> Step {
        self.skip();
        let (mut increment, mut chomping) = (0, false);
        for _ in 0..2 {
            match self.at(0) {
                b'+' | b'-' if !chomping => {
                    chomping = true;
                    self.skip();
                }
                b'0' if increment == 0 => return Err(Stop::Syntax),
                c @ b'1'..=b'9' if increment == 0 => {
                    increment = isize::from(c - b'0');
                    self.skip();
                }
                _ => break,
            }
        }
        while self.blank_at(0) {
            self.skip();
        }
        if self.at(0) == b'#' {
            while !self.eof_at(0) && self.break_at(0) == 0 {
                self.skip();
            }
        }
        if !self.eof_at(0) && self.break_at(0) == 0 {
            return Err(Stop::Syntax);
        }
        if self.break_at(0) > 0 {
            self.skip_line();
        }
        let mut indent = match (increment, self.top()) {
            (0, _) => 0,
            (increment, top) if top >= 0 => top + increment,
            (increment, _) => increment,
        };
        self.block_breaks(&mut indent)?;
        while self.col as isize == indent && !self.eof_at(0) {
            while !self.eof_at(0) && self.break_at(0) == 0 {
                self.skip();
            }
            if self.eof_at(0) {
                break;
            }
            self.skip_line();
            self.block_breaks(&mut indent)?;
        }
        Ok(())
    }

    /// libyaml's `scan_block_scalar_breaks`: indentation and empty lines, and the content
    /// column when it is still to be found.
    fn block_breaks(&mut self, indent: &mut isize) -> Step {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || (self.col as isize) < *indent) && self.at(0) == b' ' && !self.eof_at(0) {
                self.skip();
            }
            max_indent = max_indent.max(self.col as isize);
            if (*indent == 0 || (self.col as isize) < *indent) && self.at(0) == b'\t' && !self.eof_at(0) {
                return Err(Stop::Syntax);
            }
            if self.break_at(0) == 0 {
                break;
            }
            self.skip_line();
        }
        if *indent == 0 {
            *indent = max_indent.max(self.top() + 1).max(1);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> bool {
        exceeded(text, 3).is_some()
    }

    #[test]
    fn counts_flow_collections() {
        assert!(!depth_error("[[[]]]"));
        assert!(depth_error("[[[[]]]]"));
        assert!(depth_error("a: {b: [{c: [1]}]}"));
        assert!(!depth_error("a: {b: [c, [d]]}\ne: [[[1]]]"));
        assert_eq!(exceeded("x: [[[[", 3), Some(6));
        // In flow context a plain scalar ends at a bracket, as in libyaml.
        assert!(depth_error("a: [x'[[[']\n"));
    }

    #[test]
    fn ignores_brackets_in_scalars() {
        let texts = [
            "a: '[[[['\n",
            "a: \"[[[[\\\"[[\"\n",
            "a: b [[[[\n",
            "a: |\n  [[[[\n  {{{{\nb: c\n",
            "- >-\n  [[[[\n",
            "a: text\n  [[[[ continued\n",
            "# [[[[\n",
            "a: [x, '[[[[', \"{{{{\"]\n",
            "a: !<tag:x[[[[> b\n",
            "a: [b # [[[[\n  ]\n",
        ];
        for text in texts {
            assert!(!depth_error(text), "{text:?}");
        }
    }

    #[test]
    fn block_scalar_content_ends_where_libyaml_ends_it() {
        // libyaml gives a top-level block scalar at least one column of indentation, so a
        // line at column 0 is back in the document.
        assert!(depth_error("--- |\n[[[[\n"));
        assert!(depth_error("a: |\n  x\nb: [[[[\n"));
    }

    #[test]
    fn a_plain_scalar_ends_at_the_block_indentation() {
        assert!(depth_error("- a\n- [[[[\n"));
        assert!(depth_error("a:\n  - b\n  - [[[[\n"));
        assert!(!depth_error("a:\n  b\n  [[[[\n"));
    }

    #[test]
    fn stops_at_syntax_errors() {
        // libyaml refuses these before it reaches the nesting.
        assert!(!depth_error("a: b: [[[[\n"));
        assert!(!depth_error("a: - [[[[\n"));
        assert!(!depth_error("]\n[[[[\n"));
    }
}
