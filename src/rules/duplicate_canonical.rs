//! Two articles claim the same canonical URL: search engines index one and
//! drop the other.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-canonical",
    group: Group::Seo,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "two articles claim the same canonical URL",
    docs: include_str!("../../rules/duplicate-canonical.md"),
    options: &[],
    fix: None,
};

pub struct DuplicateCanonical;

impl Rule for DuplicateCanonical {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let Some(page) = site.page_for(article) else {
            return;
        };
        let Some(value) = article.field(cx.settings().canonical_field()) else {
            return;
        };
        let Some(canonical) = value.as_str() else {
            return;
        };
        let Some(rivals) = site.canonical_rivals(canonical, page) else {
            return;
        };
        let others = super::name_others(site, rivals);
        cx.report(
            value.span,
            format!("canonical URL is also claimed by {others}"),
        )
        .label("claimed twice")
        .help("give each article its own canonical URL, or merge the articles");
    }
}
