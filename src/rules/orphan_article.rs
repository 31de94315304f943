//! A published article that no other article links to. Off by default:
//! most sites reach their articles through listing pages and menus that
//! are no articles. Read from the index, which then carries every
//! article's links, so one file linted alone gets its whole-site finding.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "orphan-article",
    group: Group::Seo,
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "no other article links to this published article",
    docs: include_str!("../../rules/orphan-article.md"),
    options: &[],
    fix: None,
};

pub struct OrphanArticle;

impl Rule for OrphanArticle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        if !site.is_orphan(article) {
            return;
        }
        let Some(page) = site.page_for(article) else {
            return;
        };
        cx.report(
            article.front_matter_anchor(),
            format!("no other article links to `{}`", page.url),
        )
        .label("nothing on the site links here")
        .help("link to it from related articles, or make it a draft if it is not meant to be read");
    }
}
