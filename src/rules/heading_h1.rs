//! An H1 in the body of an article whose title comes from the front matter
//! (the page then has two H1s), or a second H1 when there is no title.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::{Applicability, Fix, Severity};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "heading-h1",
    group: Group::Headings,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "an H1 in the body when the title is in front matter, or more than one H1",
    docs: include_str!("../../rules/heading-h1.md"),
    options: &[OptionMeta {
        name: "title-field",
        default: "title",
        kind: OptionKind::Text,
        summary: "the front-matter field rendered as the page's H1",
    }],
    fix: Some(Applicability::Unsafe),
};

pub struct HeadingH1;

impl Rule for HeadingH1 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let title_field = cx.option("title-field");
        let title_heading = cx.title_heading();
        let has_title = title_heading.level(article, title_field) == Some(1);
        let mut first_h1: Option<usize> = None;
        let h1s = article
            .body
            .headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.level == 1);
        for (index, heading) in h1s {
            if has_title {
                let fix = article
                    .heading_level_edit(index, 2)
                    .map(|edit| Fix::unsafe_("make it an H2", vec![edit]));
                let finding = cx
                    .report(
                        heading.span,
                        "H1 in the body of an article with a front-matter title",
                    )
                    .label(format!("the page already shows `{title_field}` as its H1"))
                    .help("make this an `##` heading, or drop it if it repeats the title");
                if let Some(fix) = fix {
                    finding.fix(fix);
                }
            } else if let Some(first) = first_h1 {
                cx.report(heading.span, "more than one H1 in the article")
                    .label("second H1")
                    .help(format!(
                        "the first H1 is on line {}; make this one an `##` heading",
                        article.lines().line_of(first) + 1
                    ));
            } else {
                first_h1 = Some(heading.span.start);
            }
        }
    }
}
