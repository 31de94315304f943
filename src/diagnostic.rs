//! The finding type every rule produces and every reporter consumes.

use std::fmt;

/// A byte range into the whole file (BOM included), end exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn shifted(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based line and column; columns count characters, not bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The lines of the file around a finding, kept so the human reporter can
/// show them without holding on to the whole file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Byte offset of `text` in the file.
    pub offset: usize,
    /// 1-based line number of the first line of `text`.
    pub first_line: usize,
    /// Characters of the first line left out before `text` (a long line
    /// is shown as a window around the span).
    pub first_column: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub path: String,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub snippet: Option<Snippet>,
}

impl Diagnostic {
    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Lowers the severity to `most` if it is above it (a rule at `error`
    /// whose finding is only worth a warning).
    pub fn at_most(&mut self, most: Severity) -> &mut Self {
        self.severity = self.severity.min(most);
        self
    }

    /// The order of the output: path, then byte offset, then rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.path,
            self.span.start,
            self.span.end,
            self.rule,
            &self.message,
        )
    }
}
