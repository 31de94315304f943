//! Two published pages of one section and locale have the same title:
//! search results show two identical entries, and search engines pick one.
//! Read from the index, so one file linted alone is checked against the
//! whole site.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-title",
    group: Group::Generated,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "two published articles have the same title",
    docs: include_str!("../../rules/duplicate-title.md"),
    options: &[],
    fix: None,
};

pub struct DuplicateTitle;

impl Rule for DuplicateTitle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let rivals = site.text_rivals(article, false);
        let Some(rivals) = rivals else {
            return;
        };
        let fields = cx.front_matter().preset.title_fields();
        let Some((name, value)) = article.first_field(fields) else {
            return;
        };
        cx.report(
            value.span,
            format!(
                "`{name}` is also the title of {}",
                super::name_others(site, rivals)
            ),
        )
        .label("same title")
        .help("give each article a title of its own, or merge the articles");
    }
}
