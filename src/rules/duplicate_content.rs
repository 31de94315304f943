//! Two published articles of one section and locale whose bodies are
//! nearly the same: a post generated twice under two slugs, a page copied
//! and barely changed. Search engines show one of them and may treat the
//! site as thin. Compared by body sketches kept in the index (see
//! `article::fingerprint`), so one file linted alone is checked against
//! the whole site, and the cost grows with the site's size, not its square.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::{Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-content",
    group: Group::Generated,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "two published articles whose bodies are nearly the same",
    docs: include_str!("../../rules/duplicate-content.md"),
    options: &[
        OptionMeta {
            name: "threshold",
            default: "90",
            kind: OptionKind::Percent,
            summary: "how alike two bodies must be, in percent of their five-word runs, to count as copies",
        },
        OptionMeta {
            name: "min-words",
            default: "50",
            kind: OptionKind::Count,
            summary: "bodies with fewer words are not compared (stubs and short notes repeat by nature)",
        },
    ],
    fix: None,
};

pub struct DuplicateContent;

impl Rule for DuplicateContent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let threshold = cx.count_option("threshold").clamp(1, 100) as f64 / 100.0;
        let min_words = u32::try_from(cx.count_option("min-words")).unwrap_or(u32::MAX);
        let (copies, stopped) = site.near_copies(article, threshold, min_words);
        let Some(&(closest, similarity)) = copies.first() else {
            return;
        };
        let percent = (similarity * 100.0).round();
        let others = match copies.len() - 1 {
            0 => format!("`{}`", site.display(closest)),
            more if stopped => format!("`{}` and more than {more} others", site.display(closest)),
            1 => format!("`{}` and 1 other", site.display(closest)),
            more => format!("`{}` and {more} others", site.display(closest)),
        };
        cx.report(
            first_line(article),
            format!("the body is {percent}% the same as that of {others}"),
        )
        .label("the body starts here")
        .help("merge the articles, rewrite one of them, or delete the one left over");
    }
}

/// The body's first line with text on it.
fn first_line(article: &Article) -> Span {
    let body = article.body.span;
    let text = article.source.get(body.start..body.end).unwrap_or("");
    let start = body.start + (text.len() - text.trim_start().len());
    let line = article.lines().line_of(start.min(article.source.len()));
    article.lines().line_span(&article.source, line)
}
