//! Renders a [`Report`](crate::Report) in one of the output formats.

mod github;
mod human;
mod json;
mod junit;
pub mod printable;
mod sarif;
mod short;

use crate::diagnostic::Diagnostic;
use crate::fix::FixOptions;
use crate::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
    Github,
    Junit,
}

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    /// The terminal's width, to wrap human output to; `None` (not a
    /// terminal) does not wrap.
    pub width: Option<usize>,
}

/// The report as the chosen format prints it to standard output.
pub fn render(report: &Report, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(&report.diagnostics, report.fix, style),
        Format::Short => short::render(&report.diagnostics, report.fix),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Github => github::render(&report.diagnostics),
        Format::Junit => junit::render(report),
    }
}

/// `value` as indented JSON, written into a buffer sized for it up front
/// (`estimate` bytes and some): a report of many findings is never copied
/// from buffer to buffer as it grows, twice its size at the worst moment.
fn pretty_json(value: &impl serde::Serialize, estimate: usize) -> String {
    let mut out = Vec::with_capacity(estimate + (64 << 10));
    if serde_json::to_writer_pretty(&mut out, value).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// `[*] ` before the message of a finding `--fix` (with this run's
/// `--unsafe-fixes`) would repair, as ruff marks them.
pub fn fixable_marker(diagnostic: &Diagnostic, fix: FixOptions) -> &'static str {
    match &diagnostic.fix {
        Some(found) if fix.takes(found.applicability) => "[*] ",
        _ => "",
    }
}

/// `fix: …` or `unsafe fix: …`: what the finding's fix does, for the
/// formats that show a help line (made printable). `None` also when the
/// help already says it ("link to `x`" twice says nothing more).
pub fn fix_line(diagnostic: &Diagnostic) -> Option<String> {
    let fix = diagnostic.fix.as_ref()?;
    if diagnostic.help.as_deref() == Some(fix.message.as_str()) {
        return None;
    }
    Some(format!(
        "{}: {}",
        fix_kind(fix),
        printable::printable(&fix.message)
    ))
}

fn fix_kind(fix: &crate::diagnostic::Fix) -> &'static str {
    match fix.applicability {
        crate::diagnostic::Applicability::Safe => "fix",
        crate::diagnostic::Applicability::Unsafe => "unsafe fix",
    }
}

/// The help line, saying `fix:` first when the fix does what it says.
pub fn help_line(diagnostic: &Diagnostic) -> Option<String> {
    let help = printable::printable(diagnostic.help.as_deref()?);
    Some(match &diagnostic.fix {
        Some(fix) if diagnostic.help.as_deref() == Some(fix.message.as_str()) => {
            format!("{}: {help}", fix_kind(fix))
        }
        _ => help.into_owned(),
    })
}

/// Diagnostics that are not part of a lint report (config errors), for standard error.
pub fn render_errors(diagnostics: &[Diagnostic], format: Format, style: Style) -> String {
    match format {
        Format::Human => human::render(diagnostics, FixOptions::default(), style),
        Format::Short | Format::Json | Format::Sarif | Format::Github | Format::Junit => {
            short::render(diagnostics, FixOptions::default())
        }
    }
}
