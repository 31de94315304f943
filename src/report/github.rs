//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, which the runner turns into annotations on the pull request.

use std::fmt::Write;

use super::printable::printable;
use crate::diagnostic::{Diagnostic, Severity};

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::with_capacity(diagnostics.len() * 300);
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The line break before the help is the annotation's own; those
        // in the text quoted from the input are written out.
        let mut message = printable(&d.message).into_owned();
        if let Some(help) = super::help_line(d) {
            message.push_str("\nhelp: ");
            message.push_str(&help);
        }
        if let Some(fix) = super::fix_line(d) {
            message.push('\n');
            message.push_str(&fix);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&printable(&d.path)),
            d.start.line,
            d.start.column,
            d.end.line,
            d.end.column,
            escape_property(d.rule),
            escape_data(&message)
        );
    }
    out
}

/// The message after `::`, escaped as `@actions/core` does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property: `:` and `,` would end it, so they are escaped too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(
            escape_data("50% done\r\nnext: a,b"),
            "50%25 done%0D%0Anext: a,b"
        );
        assert_eq!(escape_property("C:\\a,b%.md"), "C%3A\\a%2Cb%25.md");
    }
}
