//! proofmark: lints Markdown articles with front matter.
//!
//! Data flows one way: discover → read → parse (once) → run rules →
//! apply suppressions → sort → report. This library never prints and never
//! exits; `main.rs` does both.

pub mod article;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod init;
pub mod report;
pub mod rules;
pub mod site;
pub mod suggest;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use article::{Article, ParseOptions, Unreadable};
use config::Settings;
use diagnostic::{Diagnostic, Position, Severity, Span};
use rules::{Ctx, RuleMeta};
use site::Site;

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
    /// Things the user should know about the run as a whole, said once.
    pub notes: Vec<String>,
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

/// Lints the files under `paths` (or the configured content roots). The
/// site index is built from all content roots, whichever files are linted.
pub fn run(
    settings: &Settings,
    paths: &[PathBuf],
    options: &RunOptions,
) -> Result<Report, MissingPath> {
    let cwd = &options.cwd;
    let targets = discover::discover(settings, paths, cwd)?;
    let site_files = if paths.is_empty() {
        Vec::new()
    } else {
        discover::discover(settings, &[], cwd)?
    };
    let mut files: BTreeMap<PathBuf, (&discover::Target, bool)> = BTreeMap::new();
    for target in &site_files {
        files.insert(
            discover::normalize(&cwd.join(&target.path)),
            (target, false),
        );
    }
    for target in &targets {
        files.insert(discover::normalize(&cwd.join(&target.path)), (target, true));
    }
    let parse_options = ParseOptions {
        heading_ids: settings.site.heading_ids,
        definition_term_ids: settings.site.definition_term_ids,
    };
    let parsed: Vec<(&discover::Target, bool, Result<Article, Unreadable>)> = files
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(target, linted)| {
            let article = std::fs::read(&target.path)
                .map_err(|error| Unreadable::Io(error.to_string()))
                .and_then(|bytes| {
                    Article::from_bytes(
                        target.path.clone(),
                        target.display.clone(),
                        bytes,
                        parse_options,
                    )
                });
            (target, linted, article)
        })
        .collect();
    let articles: Vec<&Article> = parsed
        .iter()
        .filter_map(|(_, _, a)| a.as_ref().ok())
        .collect();
    let site = Site::build(settings, &articles, cwd);
    let mut diagnostics: Vec<Diagnostic> = parsed
        .par_iter()
        .filter(|(_, linted, _)| *linted)
        .flat_map_iter(|(target, _, article)| {
            let relative = discover::relative_to_root(&target.path, settings, cwd);
            check(
                settings,
                options,
                &site,
                &target.display,
                &relative,
                article.as_ref(),
            )
        })
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut notes = Vec::new();
    if settings.site.url.is_none() && options.selection.allows(rules::canonical_url::META.id) {
        notes.push(
            "`[site] url` is not set, so canonical URLs and absolute links are not checked against the site's host"
                .to_string(),
        );
    }
    Ok(Report {
        files: targets.len(),
        diagnostics,
        notes,
    })
}

/// Lints one parsed article (or reports why it could not be read).
/// `relative` is its path relative to the config's folder, for `[[overrides]]`.
pub fn check(
    settings: &Settings,
    options: &RunOptions,
    site: &Site,
    display: &str,
    relative: &Path,
    article: Result<&Article, &Unreadable>,
) -> Vec<Diagnostic> {
    let level = |meta: &RuleMeta| -> Option<Severity> {
        if options.selection.allows(meta.id) {
            settings.level(meta, relative)
        } else {
            None
        }
    };
    let article = match article {
        Ok(article) => article,
        Err(problem) => {
            return level(&rules::invalid_file::META)
                .map(|severity| invalid_file(display, problem, severity))
                .into_iter()
                .collect();
        }
    };
    let mut findings = Vec::new();
    for rule in rules::CHECKS {
        if let Some(severity) = level(rule.meta()) {
            let mut cx = Ctx::new(rule.meta(), severity, settings, display, &mut findings);
            rule.check(article, site, &mut cx);
        }
    }
    let is_known = |id: &str| rules::meta(id).is_some();
    let is_active = |id: &str| rules::meta(id).is_some_and(|meta| level(meta).is_some());
    let mut unused = Vec::new();
    let unused_meta = &rules::unused_suppression::META;
    let mut cx = level(unused_meta)
        .map(|severity| Ctx::new(unused_meta, severity, settings, display, &mut unused));
    rules::unused_suppression::apply(article, &mut findings, &is_known, &is_active, cx.as_mut());
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
