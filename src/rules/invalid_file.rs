//! A file that cannot be linted as an article: unreadable, not UTF-8,
//! binary, too large, or too slow to check. Reported once, and the run goes
//! on with the other files.

use super::{Group, RuleMeta};
use crate::article::Unreadable;
use crate::diagnostic::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "invalid-file",
    group: Group::General,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "the file cannot be read as a UTF-8 text article",
    docs: include_str!("../../rules/invalid-file.md"),
    options: &[],
    fix: None,
};

/// The message and help for a file that could not be read.
pub fn describe(problem: &Unreadable) -> (String, String) {
    match problem {
        // From the walk (see `discover`): the folder's files were never seen.
        Unreadable::Io(error) if error.starts_with("cannot read the folder") => (
            error.clone(),
            "the files in it were not linted: make it readable, or exclude it in `[site] exclude`".into(),
        ),
        Unreadable::Io(error) if error.starts_with("cannot") || error.starts_with("a symbolic") => (
            error.clone(),
            "check that it exists and is readable; the other files were linted".into(),
        ),
        Unreadable::Io(error) => (
            format!("cannot read the file: {error}"),
            "check that the file exists and is readable".into(),
        ),
        Unreadable::NotAFile => (
            "not a regular file".into(),
            "give the path of a Markdown file; folders are walked, other kinds of file are not read".into(),
        ),
        Unreadable::TooLarge { size, limit } => (
            format!("the file is {}, more than the {} limit; it was not read", megabytes(*size), megabytes(*limit)),
            "raise `[limits] max-file-size` if the file really is an article, or exclude it".into(),
        ),
        Unreadable::NotUtf8 { offset, .. } => (
            format!("the file is not valid UTF-8 (byte {offset})"),
            "save the file as UTF-8; it is probably in a legacy encoding such as Windows-1252"
                .into(),
        ),
        Unreadable::Binary { offset, .. } => (
            format!("the file is binary, not text (NUL byte at byte {offset})"),
            "only Markdown text files can be linted; exclude this file in `[site] exclude`".into(),
        ),
        Unreadable::TimedOut { limit } => (
            format!(
                "the file took longer than {} s to check; it was skipped (see `[limits] max-file-time`)",
                limit.as_secs_f64()
            ),
            "an article this slow to parse is usually generated or damaged: exclude it, or raise `[limits] max-file-time` if it really is an article".into(),
        ),
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
