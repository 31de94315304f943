//! The JSON output contract (see the README): version, summary, diagnostics.

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::Report;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Entry<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    fix: Option<FixEntry<'a>>,
}

#[derive(Serialize)]
struct FixEntry<'a> {
    applicability: &'static str,
    message: &'a str,
    edits: Vec<EditEntry<'a>>,
}

#[derive(Serialize)]
struct EditEntry<'a> {
    byte_start: usize,
    byte_end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

pub fn render(report: &Report) -> String {
    let output = Output {
        version: 1,
        summary: Summary {
            files: report.files,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        },
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Entry {
                path: &d.path,
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                line: d.start.line,
                column: d.start.column,
                end_line: d.end.line,
                end_column: d.end.column,
                byte_start: d.span.start,
                byte_end: d.span.end,
                fix: d.fix.as_ref().map(|fix| FixEntry {
                    applicability: fix.applicability.as_str(),
                    message: &fix.message,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| EditEntry {
                            byte_start: edit.span.start,
                            byte_end: edit.span.end,
                            line: edit.start.line,
                            column: edit.start.column,
                            end_line: edit.end.line,
                            end_column: edit.end.column,
                            replacement: &edit.replacement,
                        })
                        .collect(),
                }),
            })
            .collect(),
    };
    let mut text = super::printable::printable_json(super::pretty_json(
        &output,
        report.diagnostics.len() * 500,
    ));
    text.push('\n');
    text
}
