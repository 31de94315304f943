//! Human output: each finding with its source lines, underline, label and
//! help, rendered by miette from the few lines kept around the span.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::Style;
use crate::diagnostic::{Diagnostic, Severity, Snippet};

pub fn render(diagnostics: &[Diagnostic], style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let shown = Shown {
            diagnostic,
            source: SnippetSource {
                name: &diagnostic.path,
                snippet: diagnostic.snippet.as_ref(),
            },
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                diagnostic.path,
                diagnostic.start.line,
                diagnostic.start.column,
                diagnostic.severity,
                diagnostic.rule,
                diagnostic.message
            ));
        }
        if diagnostic.snippet.is_none() {
            out.push_str(&format!(
                "  at {}:{}:{}\n",
                diagnostic.path, diagnostic.start.line, diagnostic.start.column
            ));
        }
        out.push('\n');
    }
    out
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: SnippetSource<'a>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.diagnostic.rule, self.diagnostic.message)
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
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.diagnostic.snippet.as_ref()?;
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = self.diagnostic.snippet.as_ref()?;
        let snippet_end = snippet.offset + snippet.text.len();
        let start = self
            .diagnostic
            .span
            .start
            .clamp(snippet.offset, snippet_end);
        let end = self.diagnostic.span.end.clamp(start, snippet_end);
        let label = LabeledSpan::new(self.diagnostic.label.clone(), start, end - start);
        Some(Box::new(std::iter::once(label)))
    }
}

/// The lines kept around a finding, presented to miette at their real
/// offsets and line numbers.
struct SnippetSource<'a> {
    name: &'a str,
    snippet: Option<&'a Snippet>,
}

impl SourceCode for SnippetSource<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let snippet = self.snippet.ok_or(MietteError::OutOfBounds)?;
        if before == 0 && after == 0 {
            // miette asks for the bare span to print `path:line:column` in the header.
            let start = span
                .offset()
                .saturating_sub(snippet.offset)
                .min(snippet.text.len());
            let start = crate::article::line_index::floor_char_boundary(&snippet.text, start);
            let before_span = &snippet.text[..start];
            let line = before_span.matches('\n').count();
            let line_start = before_span.rfind('\n').map_or(0, |at| at + 1);
            let column = before_span[line_start..].chars().count()
                + if line == 0 { snippet.first_column } else { 0 };
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                &snippet.text.as_bytes()[start..],
                SourceSpan::new((snippet.offset + start).into(), snippet.text.len() - start),
                snippet.first_line - 1 + line,
                column,
                1,
            )));
        }
        let lines = snippet.text.split('\n').count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            snippet.text.as_bytes(),
            SourceSpan::new(snippet.offset.into(), snippet.text.len()),
            snippet.first_line - 1,
            snippet.first_column,
            lines,
        )))
    }
}
