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

    pub fn is_empty(self) -> bool {
        self.start >= self.end
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
    /// How the finding can be repaired, if it can.
    pub fix: Option<Fix>,
}

/// How sure a fix is (as in ruff): `check --fix` applies the safe ones,
/// `--unsafe-fixes` the others too.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Applicability {
    /// Keeps the meaning and is always right.
    Safe,
    /// Probably right, but a person should look.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement in the file: the bytes of `span` become `replacement`
/// (an empty span inserts, an empty replacement deletes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
    /// Filled in with the finding's own positions, when it is reported.
    pub start: Position,
    pub end: Position,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
            start: Position::default(),
            end: Position::default(),
        }
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(Span::empty(at), text)
    }
}

/// A repair for one finding: edits in its file, applied together or not at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in a few words ("remove the wrapping fence").
    pub message: String,
    /// Sorted by position, none overlapping another.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, message, edits)
    }

    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
        }
    }

    /// The whole stretch of the file the fix touches.
    pub fn extent(&self) -> Span {
        let start = self.edits.first().map_or(0, |edit| edit.span.start);
        let end = self
            .edits
            .iter()
            .map(|edit| edit.span.end)
            .max()
            .unwrap_or(start);
        Span::new(start, end)
    }
}

impl Diagnostic {
    /// Attaches a repair (a rule offers one only when it knows the right text).
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

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
