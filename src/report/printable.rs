//! Text from the input made safe to print in the text formats. An article
//! can hold anything, and what a finding quotes from it (a key, a link, a
//! heading, a file name) must not act on whatever reads the output: a line
//! break would start a line of its own, which a CI runner may take as a
//! command (GitHub's runs `::add-mask::…` at the start of a line, `##[…]`
//! anywhere in one); an escape character would drive the terminal.
//!
//! So such characters are written out as escapes (`\n`, `\u{1b}`), `##[` as
//! `##\[`, and a path that would start a line with `::` gets a `./` before
//! it. JSON and SARIF escape line breaks and C0 controls themselves; the
//! other characters, and `##[` (which a runner finds in a JSON line too),
//! are written as `\uXXXX` escapes there.

use std::borrow::Cow;

/// `text` with line breaks, control characters and the invisible
/// characters that reorder text (bidirectional overrides) written out as
/// escapes, and `##[` broken up. A tab is kept: it moves nothing.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.contains("##[") && !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            '[' if out.ends_with("##") => out.push_str("\\["),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A path as the first thing on a line: [`printable`], and `./` before it
/// if it would start the line with `::` (leading spaces are no shield, as
/// a runner trims them).
pub fn line_start_path(path: &str) -> Cow<'_, str> {
    let shown = printable(path);
    if shown.trim_start().starts_with("::") {
        Cow::Owned(format!("./{shown}"))
    } else {
        shown
    }
}

/// Rendered JSON with the characters [`needs_escape`] names that JSON
/// leaves as they are (DEL, C1 controls, separators, bidirectional
/// controls) written `\uXXXX`, and `##[` as `##\u005b`: the same JSON (such
/// characters, and `#`, can only be inside a string), that no terminal or
/// CI log acts on.
pub fn printable_json(json: String) -> String {
    // JSON escapes C0 controls in strings itself: one here is layout.
    let escaped = |c: char| needs_escape(c) && c >= ' ';
    // Every such character starts with one of three bytes: only those
    // places are read as characters.
    let bytes = json.as_bytes();
    let any_escaped = memchr::memchr3_iter(0x7f, 0xc2, 0xe2, bytes)
        .any(|at| json[at..].chars().next().is_some_and(escaped));
    if !any_escaped && !json.contains("##[") {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else if c == '[' && out.ends_with("##") {
            out.push_str("\\u005b");
        } else {
            out.push(c);
        }
    }
    out
}

/// A character that must not reach a terminal or a log as it is: C0 and
/// C1 controls but the tab, DEL, the line and paragraph separators, and
/// the bidirectional embeddings, overrides and isolates.
pub fn needs_escape(c: char) -> bool {
    match c {
        '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// A snippet of source lines made safe to show, with the offsets in it
/// moved to match. Line breaks stay (they are the snippet's lines, each
/// printed behind a gutter), and so does a carriage return before one;
/// every other control character becomes its visible picture (`␛` for
/// ESC), one character for one, so columns do not move; `##[` gets an
/// invisible word joiner before its `[`.
pub struct PrintableSnippet<'a> {
    pub text: Cow<'a, str>,
    /// Where a character was replaced (its offset in the original) and how
    /// many bytes longer its replacement is.
    grown: Vec<(usize, usize)>,
}

impl<'a> PrintableSnippet<'a> {
    pub fn new(text: &'a str) -> Self {
        // Most snippets have nothing to replace: a look at their bytes says so.
        let suspect =
            |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || matches!(b, 0x7f | 0xc2 | 0xe2);
        if !text.bytes().any(suspect) && !text.contains("##[") {
            return PrintableSnippet {
                text: Cow::Borrowed(text),
                grown: Vec::new(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut grown = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c == '[' && out.ends_with("##") {
                // A word joiner between `##` and `[`: unseen, and no command.
                out.push('\u{2060}');
                grown.push((at - 1, '\u{2060}'.len_utf8()));
            }
            let keep = c == '\n' || (c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n'));
            if keep || !needs_escape(c) {
                out.push(c);
                continue;
            }
            let picture = match c {
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                _ => '\u{fffd}',
            };
            out.push(picture);
            grown.push((at, picture.len_utf8() - c.len_utf8()));
        }
        PrintableSnippet {
            text: Cow::Owned(out),
            grown,
        }
    }

    /// Where byte `offset` of the original text is in the printable one.
    pub fn moved(&self, offset: usize) -> usize {
        let before = self.grown.partition_point(|&(at, _)| at < offset);
        offset
            + self.grown[..before]
                .iter()
                .map(|&(_, by)| by)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_and_controls_are_written_out() {
        assert_eq!(printable("plain text: a::b"), "plain text: a::b");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable("x\n::add-mask::hunter2"),
            "x\\n::add-mask::hunter2"
        );
        assert_eq!(printable("\u{1b}]0;T\u{7}\r"), "\\u{1b}]0;T\\u{7}\\r");
        assert_eq!(printable("a ##[add-mask]b ##"), "a ##\\[add-mask]b ##");
        assert_eq!(printable("tab\tkept"), "tab\tkept");
        assert_eq!(printable("\u{202e}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(printable("\u{85}"), "\\u{85}");
    }

    #[test]
    fn json_keeps_its_meaning_without_the_legacy_command() {
        let text = "a ##[add-mask]b \u{7f}\u{9b}\u{202e}\u{2028}";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "m": text, "n": 1 })).unwrap();
        let safe = printable_json(json.clone());
        assert!(!safe.contains("##["), "{safe}");
        assert!(
            !safe.chars().any(|c| needs_escape(c) && c != '\n'),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["m"], text);
    }

    #[test]
    fn a_path_never_starts_a_line_with_two_colons() {
        assert_eq!(line_start_path("::warning::x.md"), "./::warning::x.md");
        assert_eq!(line_start_path("  ::x.md"), "./  ::x.md");
        assert_eq!(line_start_path("posts/a::b.md"), "posts/a::b.md");
    }

    #[test]
    fn snippet_pictures_keep_columns_and_move_offsets() {
        let snippet = PrintableSnippet::new("a\u{1b}b\r\nc\rd\u{7f}");
        assert_eq!(snippet.text, "a\u{241b}b\r\nc\u{240d}d\u{2421}");
        assert_eq!(snippet.moved(0), 0);
        assert_eq!(snippet.moved(1), 1);
        // `b` was at 2; the picture before it is 2 bytes longer than ESC.
        assert_eq!(snippet.moved(2), 4);
        assert_eq!(&snippet.text[snippet.moved(5)..snippet.moved(6)], "c");
        assert_eq!(snippet.moved(9), snippet.text.len());
        let snippet = PrintableSnippet::new("# ##[x]");
        assert_eq!(snippet.text, "# ##\u{2060}[x]");
        assert_eq!(&snippet.text[snippet.moved(4)..snippet.moved(7)], "[x]");
        // A span ending before the `[` takes the (unseen) joiner along.
        assert_eq!(&snippet.text[snippet.moved(2)..snippet.moved(3)], "#");
        assert_eq!(
            &snippet.text[snippet.moved(2)..snippet.moved(4)],
            "##\u{2060}"
        );
    }
}
