//! Byte offset → line and column, computed only when reporting.

use crate::diagnostic::{Position, Snippet, Span};

/// Start offsets of every line. `\n`, `\r\n` and a lone `\r` all end a line,
/// so CRLF and CR-only files number their lines like LF files.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    bom_len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        let bom_len = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex {
            line_starts,
            bom_len,
        }
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
        let column = text[start..offset].chars().count() + 1;
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
            first_column: text[start..window_start].chars().count(),
        }
    }
}

/// Bytes of a long line kept on each side of a finding's span.
const WINDOW: usize = 120;

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
    fn line_span_excludes_line_endings() {
        let text = "one\r\ntwo\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_span(text, 0), Span::new(0, 3));
        assert_eq!(index.line_span(text, 1), Span::new(5, 8));
    }
}
