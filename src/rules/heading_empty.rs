//! A heading with no text: an empty entry in the table of contents and an
//! anchor nobody can link to.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "heading-empty",
    group: Group::Headings,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "a heading with no text",
    docs: include_str!("../../rules/heading-empty.md"),
    options: &[],
    fix: None,
};

pub struct HeadingEmpty;

impl Rule for HeadingEmpty {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        for heading in article.body.headings.iter().filter(|h| h.text.is_empty()) {
            cx.report(heading.span, format!("empty H{} heading", heading.level))
                .label("no text")
                .help("write the heading text, or delete the line");
        }
    }
}
