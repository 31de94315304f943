//! proofmark: lints Markdown articles with front matter.
//!
//! Data flows one way: discover → read → parse (once) → run rules →
//! apply suppressions → sort → report. This library never prints and never
//! exits; `main.rs` does both.

pub mod article;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod report;
pub mod rules;
pub mod suggest;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use article::{Article, Unreadable};
use config::Settings;
use diagnostic::{Diagnostic, Position, Severity, Span};
use rules::{Ctx, RuleMeta};

/// Which rules the command line lets run (`--select`, `--ignore`).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub select: Option<Vec<&'static str>>,
    pub ignore: Vec<&'static str>,
}

impl Selection {
    pub fn allows(&self, id: &str) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.contains(&id));
        selected && !self.ignore.contains(&id)
    }
}

#[derive(Clone, Debug)]
pub struct RunOptions {
    pub selection: Selection,
    /// Keep the source lines around each finding (for the human format).
    pub snippets: bool,
    pub cwd: PathBuf,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

pub use discover::MissingPath;

/// Lints the files under `paths` (or the configured content roots).
pub fn run(
    settings: &Settings,
    paths: &[PathBuf],
    options: &RunOptions,
) -> Result<Report, MissingPath> {
    let targets = discover::discover(settings, paths, &options.cwd)?;
    let mut diagnostics: Vec<Diagnostic> = targets
        .par_iter()
        .flat_map_iter(|target| {
            let relative = discover::relative_to_root(&target.path, settings, &options.cwd);
            let bytes =
                std::fs::read(&target.path).map_err(|error| Unreadable::Io(error.to_string()));
            check_bytes(
                settings,
                options,
                &target.path,
                &target.display,
                &relative,
                bytes,
            )
        })
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(Report {
        files: targets.len(),
        diagnostics,
    })
}

/// Lints one file's bytes (or its read error). `relative` is its path
/// relative to the config's folder, for `[[overrides]]`.
pub fn check_bytes(
    settings: &Settings,
    options: &RunOptions,
    path: &Path,
    display: &str,
    relative: &Path,
    bytes: Result<Vec<u8>, Unreadable>,
) -> Vec<Diagnostic> {
    let level = |meta: &RuleMeta| -> Option<Severity> {
        if options.selection.allows(meta.id) {
            settings.level(meta, relative)
        } else {
            None
        }
    };
    let article =
        bytes.and_then(|bytes| Article::from_bytes(path.to_path_buf(), display.to_string(), bytes));
    let article = match article {
        Ok(article) => article,
        Err(problem) => {
            return level(&rules::invalid_file::META)
                .map(|severity| invalid_file(display, &problem, severity))
                .into_iter()
                .collect();
        }
    };
    let mut findings = Vec::new();
    for rule in rules::CHECKS {
        if let Some(severity) = level(rule.meta()) {
            let mut cx = Ctx::new(rule.meta(), severity, settings, display, &mut findings);
            rule.check(&article, &mut cx);
        }
    }
    let is_known = |id: &str| rules::meta(id).is_some();
    let is_active = |id: &str| rules::meta(id).is_some_and(|meta| level(meta).is_some());
    let mut unused = Vec::new();
    let unused_meta = &rules::unused_suppression::META;
    let mut cx = level(unused_meta)
        .map(|severity| Ctx::new(unused_meta, severity, settings, display, &mut unused));
    rules::unused_suppression::apply(&article, &mut findings, &is_known, &is_active, cx.as_mut());
    findings.append(&mut unused);
    for finding in &mut findings {
        finding.start = article.lines.position(&article.source, finding.span.start);
        finding.end = article.lines.position(&article.source, finding.span.end);
        if options.snippets {
            finding.snippet = Some(article.lines.snippet(&article.source, finding.span));
        }
    }
    findings
}

fn invalid_file(display: &str, problem: &Unreadable, severity: Severity) -> Diagnostic {
    let (message, help) = rules::invalid_file::describe(problem);
    let (span, start) = match problem {
        Unreadable::NotUtf8 { offset, at } | Unreadable::Binary { offset, at } => {
            (Span::new(*offset, *offset + 1), *at)
        }
        Unreadable::Io(_) => (Span::empty(0), Position { line: 1, column: 1 }),
    };
    let end = Position {
        line: start.line,
        column: start.column + usize::from(span.end > span.start),
    };
    Diagnostic {
        path: display.to_string(),
        rule: rules::invalid_file::META.id,
        severity,
        message,
        label: None,
        help: Some(help),
        span,
        start,
        end,
        snippet: None,
    }
}
