//! `path:line:col: severity[rule] message`: one line per finding, the shape
//! editors' quickfix and problem matchers parse.

use std::fmt::Write;

use super::printable::{line_start_path, printable};
use crate::diagnostic::Diagnostic;

pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::with_capacity(diagnostics.len() * 200);
    for d in diagnostics {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            line_start_path(&d.path),
            d.start.line,
            d.start.column,
            d.severity,
            d.rule,
            printable(&d.message)
        );
    }
    out
}
