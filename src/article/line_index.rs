//! Byte offset → line and column, computed only when reporting.

use crate::diagnostic::{Position, Snippet, Span};

/// Start offsets of every line. `\n`, `\r\n` and a lone `\r` all end a line,
/// so CRLF and CR-only files number their lines like LF files.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    bom_len: usize,
    /// How many characters come before each [`BLOCK`] bytes of the text:
    /// built the first time a column is asked for far along a line, so
    /// that a column costs at most a block's counting however long the
    /// line (a minified page, a generated one-line list).
    chars_before_block: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between two character-count checkpoints.
const BLOCK: usize = 256;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        // A line ends at `\n`, or at a `\r` that no `\n` follows.
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                line_starts.push(at + 1);
            }
        }
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex {
            line_starts,
            bom_len,
            chars_before_block: std::sync::OnceLock::new(),
        }
    }

    /// Characters in `text[start..end]` (both on character boundaries).
    fn chars_between(&self, text: &str, start: usize, end: usize) -> usize {
        if end - start <= BLOCK {
            return text[start..end].chars().count();
        }
        let table = self.chars_before_block.get_or_init(|| {
            // One entry a block, and one for the end of the text.
            let mut table = Vec::with_capacity(text.len() / BLOCK + 2);
            let mut before = 0;
            for block in text.as_bytes().chunks(BLOCK) {
                table.push(before);
                before += count_chars(block);
            }
            table.push(before);
            table
        });
        let chars_before = |offset: usize| {
            let block = offset / BLOCK;
            table[block] + count_chars(&text.as_bytes()[block * BLOCK..offset])
        };
        chars_before(end) - chars_before(start)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line number containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.min(self.line_starts.len() - 1)]
    }

    /// The byte range of a 0-based line, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let mut start = self.line_starts[line];
        if line == 0 {
            start = start.max(self.bom_len.min(offset));
        }
        let column = self.chars_between(text, start, offset) + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// The whole lines that `span` touches, for the human reporter.
    pub fn snippet(&self, text: &str, span: Span) -> Snippet {
        let first = self.line_of(span.start.min(text.len()));
        let last = self.line_of(span.end.saturating_sub(1).max(span.start).min(text.len()));
        // Long spans are cut to a few lines; a label still points at the start.
        let last = last.min(first + 4);
        let start = self.line_start(first);
        let end = self.line_span(text, last).end.max(start);
        let start = if first == 0 {
            self.bom_len.min(end)
        } else {
            start
        };
        // A long line is shown as a window around the span: a snippet is a
        // few hundred characters however long the line (minified HTML,
        // generated text), and so is the work of showing it.
        let (window_start, window_end) = if first == last && end - start > WINDOW * 3 {
            let from = floor_char_boundary(text, span.start.max(start + WINDOW) - WINDOW);
            let span_end = span.end.clamp(span.start, end).min(span.start + WINDOW);
            let to = floor_char_boundary(text, (span_end + WINDOW).min(end));
            (from.max(start), to.max(from))
        } else {
            (start, end)
        };
        Snippet {
            text: text[window_start..window_end].to_string(),
            offset: window_start,
            first_line: first + 1,
            first_column: self.chars_between(text, start, window_start),
        }
    }
}

/// Bytes of a long line kept on each side of a finding's span.
const WINDOW: usize = 120;

/// Characters that start in `bytes`: every byte but UTF-8's continuation
/// bytes (`10xxxxxx`).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_the_bom() {
        let text = "\u{feff}ab\n🐶x\r\ny\rz";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 4), Position { line: 1, column: 2 });
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 2 });
        let y = text.find('y').unwrap();
        assert_eq!(index.position(text, y), Position { line: 3, column: 1 });
        let z = text.find('z').unwrap();
        assert_eq!(index.position(text, z), Position { line: 4, column: 1 });
        assert_eq!(index.line_count(), 4);
    }

    #[test]
    fn columns_far_along_a_long_line_are_counted_as_from_its_start() {
        // Mixed widths, lines of every length around the block size, and
        // offsets right up to the end of the text.
        let mut text = String::from("\u{feff}");
        for (i, length) in [0, 1, 255, 256, 257, 700, 2000].into_iter().enumerate() {
            for j in 0..length {
                text.push(["a", "é", "字", "🐶"][(i + j) % 4].parse::<char>().unwrap());
            }
            text.push(if i % 2 == 0 { '\n' } else { '\r' });
        }
        text.push_str(&"x".repeat(BLOCK * 2));
        let index = LineIndex::new(&text);
        for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
            let line = index.line_of(offset);
            let start = index
                .line_start(line)
                .max(if line == 0 { 3.min(offset) } else { 0 });
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(index.position(&text, offset).column, expected, "{offset}");
        }
    }

    #[test]
    fn line_span_excludes_line_endings() {
        let text = "one\r\ntwo\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_span(text, 0), Span::new(0, 3));
        assert_eq!(index.line_span(text, 1), Span::new(5, 8));
    }
}
