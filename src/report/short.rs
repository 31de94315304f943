//! `path:line:col: severity[rule] message`: one line per finding, the shape
//! editors' quickfix and problem matchers parse.

use std::fmt::Write;

use super::printable::{line_start_path, printable};
use crate::diagnostic::Diagnostic;
use crate::fix::FixOptions;

pub fn render(diagnostics: &[Diagnostic], fix: FixOptions) -> String {
    let mut out = String::with_capacity(diagnostics.len() * 200);
    for d in diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}{}",
            line_start_path(&d.path),
            d.start.line,
            d.start.column,
            d.severity,
            d.rule,
            super::fixable_marker(d, fix),
            printable(&d.message)
        );
    }
    out
}
