//! JUnit XML, for CI systems that show test reports: one testcase per
//! linted file, clean files included, and one `<failure>` per finding.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::printable::printable;
use crate::diagnostic::Diagnostic;
use crate::Report;

pub fn render(report: &Report) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = report
        .paths
        .iter()
        .map(|path| (path.as_str(), Vec::new()))
        .collect();
    for d in &report.diagnostics {
        by_file.entry(&d.path).or_default().push(d);
    }
    let tests = by_file.len();
    let failures = by_file.values().filter(|found| !found.is_empty()).count();
    let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\"");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"proofmark\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"proofmark\" {counts}>");
    for (path, found) in &by_file {
        let name = escape(&printable(path), true);
        if found.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"{name}\" classname=\"proofmark\"/>"
            );
            continue;
        }
        let _ = writeln!(
            out,
            "    <testcase name=\"{name}\" classname=\"proofmark\">"
        );
        for d in found {
            let mut body = format!(
                "{}:{}:{}: {}[{}] {}",
                printable(&d.path),
                d.start.line,
                d.start.column,
                d.severity,
                d.rule,
                printable(&d.message)
            );
            if let Some(help) = super::help_line(d) {
                body.push_str("\nhelp: ");
                body.push_str(&help);
            }
            if let Some(fix) = super::fix_line(d) {
                body.push('\n');
                body.push_str(&fix);
            }
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                escape(&printable(&d.message), true),
                d.severity,
                escape(&body, false)
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes text for XML content or, with `attribute`, for a double-quoted
/// attribute value, where line breaks and tabs must be written as
/// references to survive. Characters XML 1.0 cannot hold at all become `�`.
fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push(char::REPLACEMENT_CHARACTER),
        }
    }
    out
}

/// XML 1.0's `Char` production, less what `escape` handles first.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_breaks_and_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c\"", false), "a&lt;b&gt;&amp;\"c\"");
        assert_eq!(escape("\"x\"\n\ty", true), "&quot;x&quot;&#10;&#9;y");
        assert_eq!(escape("line\r\nnext", false), "line&#13;\nnext");
        assert_eq!(escape("bell\u{7}\u{FFFE}", false), "bell\u{FFFD}\u{FFFD}");
    }
}
