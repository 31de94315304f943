//! Two published pages of one section and locale have the same meta
//! description (`description`, `excerpt`… as the preset says): search
//! results show the same text under both.
//! Read from the index, so one file linted alone is checked against the
//! whole site.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-excerpt",
    group: Group::Generated,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "two published articles have the same description",
    docs: include_str!("../../rules/duplicate-excerpt.md"),
    options: &[],
    fix: None,
};

pub struct DuplicateExcerpt;

impl Rule for DuplicateExcerpt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let rivals = site.text_rivals(article, true);
        let Some(rivals) = rivals else {
            return;
        };
        let fields = cx.front_matter().preset.description_fields();
        let Some((name, value)) = article.first_field(fields) else {
            return;
        };
        cx.report(
            value.span,
            format!(
                "`{name}` is also the description of {}",
                super::name_others(site, rivals)
            ),
        )
        .label("same description")
        .help("write a description for each article that says what it alone covers");
    }
}
