//! Human output: each finding with its source lines, underline, label and
//! help, rendered by miette from the few lines kept around the span.

use std::borrow::Cow;
use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::printable::{printable, PrintableSnippet};
use super::Style;
use crate::diagnostic::{Diagnostic, Severity, Snippet};
use crate::fix::FixOptions;

pub fn render(diagnostics: &[Diagnostic], fix: FixOptions, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Lines are wrapped only where a width is known (a terminal), and
    // never inside a word: a path or a URL stays whole.
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width.unwrap_or(usize::MAX))
        .with_wrap_lines(style.width.is_some())
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    // Sized for the findings up front: a long report is not copied as it grows.
    let mut out = String::with_capacity(diagnostics.len() * 700);
    for diagnostic in diagnostics {
        let path = printable(&diagnostic.path);
        let message = format!(
            "{}{}",
            super::fixable_marker(diagnostic, fix),
            printable(&diagnostic.message)
        );
        let shown = Shown {
            diagnostic,
            message: &message,
            help: with_fix(diagnostic),
            label: diagnostic
                .label
                .as_deref()
                .map(|label| printable(label).into_owned()),
            source: SnippetSource::new(&path, diagnostic.snippet.as_ref()),
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                path,
                diagnostic.start.line,
                diagnostic.start.column,
                diagnostic.severity,
                diagnostic.rule,
                message
            ));
        }
        if diagnostic.snippet.is_none() {
            out.push_str(&format!(
                "  at {}:{}:{}\n",
                path, diagnostic.start.line, diagnostic.start.column
            ));
        }
        out.push('\n');
    }
    out
}

/// The help, and below it what the fix would do.
fn with_fix(diagnostic: &Diagnostic) -> Option<Cow<'_, str>> {
    let help = super::help_line(diagnostic);
    let lines = match (help, super::fix_line(diagnostic)) {
        (Some(help), Some(fix)) => format!("{help}\n{fix}"),
        (Some(line), None) | (None, Some(line)) => line,
        (None, None) => return None,
    };
    Some(Cow::Owned(lines))
}

/// A finding as miette shows it: the text from the input made printable.
struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    message: &'a str,
    help: Option<Cow<'a, str>>,
    label: Option<String>,
    source: SnippetSource<'a>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.diagnostic.rule, self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.snippet.as_ref()?;
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let Shot {
            original,
            printable,
        } = self.source.snippet.as_ref()?;
        let in_snippet = |offset: usize| {
            let offset = offset.clamp(original.offset, original.offset + original.text.len());
            original.offset + printable.moved(offset - original.offset)
        };
        let start = in_snippet(self.diagnostic.span.start);
        let end = in_snippet(self.diagnostic.span.end).max(start);
        let label = LabeledSpan::new(self.label.clone(), start, end - start);
        Some(Box::new(std::iter::once(label)))
    }
}

/// The lines kept around a finding, made printable, presented to miette at
/// their real offsets and line numbers.
struct SnippetSource<'a> {
    name: &'a str,
    snippet: Option<Shot<'a>>,
}

/// A snippet, and its text as shown: made printable, at the original's place.
struct Shot<'a> {
    original: &'a Snippet,
    printable: PrintableSnippet<'a>,
}

impl<'a> SnippetSource<'a> {
    fn new(name: &'a str, snippet: Option<&'a Snippet>) -> Self {
        SnippetSource {
            name,
            snippet: snippet.map(|original| Shot {
                original,
                printable: PrintableSnippet::new(&original.text),
            }),
        }
    }
}

impl SourceCode for SnippetSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let Shot {
            original: snippet,
            printable,
        } = self.snippet.as_ref().ok_or(MietteError::OutOfBounds)?;
        let text = &printable.text;
        if before == 0 && after == 0 {
            // miette asks for the bare span to print `path:line:column` in the header.
            let start = span.offset().saturating_sub(snippet.offset).min(text.len());
            let start = crate::article::line_index::floor_char_boundary(text, start);
            let before_span = &text[..start];
            let line = before_span.matches('\n').count();
            let line_start = before_span.rfind('\n').map_or(0, |at| at + 1);
            let column = before_span[line_start..].chars().count()
                + if line == 0 { snippet.first_column } else { 0 };
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                &text.as_bytes()[start..],
                SourceSpan::new((snippet.offset + start).into(), text.len() - start),
                snippet.first_line - 1 + line,
                column,
                1,
            )));
        }
        let lines = text.split('\n').count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            text.as_bytes(),
            SourceSpan::new(snippet.offset.into(), text.len()),
            snippet.first_line - 1,
            snippet.first_column,
            lines,
        )))
    }
}
