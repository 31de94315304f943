//! A heading with nothing under it before the next heading of the same or
//! a higher level: a section a tool left out, or an outline never filled
//! in. A heading followed by a deeper one opens its subsections and is
//! fine, and so are empty sections in a row (an outline, a table-of-contents
//! demo); the headings that end the body with nothing under any of them are
//! truncated-article's, and a heading without text is heading-empty's.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "empty-section",
    group: Group::Generated,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "a heading with nothing under it before the next heading of its level",
    docs: include_str!("../../rules/empty-section.md"),
    options: &[],
    fix: None,
};

pub struct EmptySection;

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let headings = &article.body.headings;
        // Headings with nothing under any of them up to the end of the body
        // end the article: a cut or a table-of-contents demo, which
        // truncated-article judges.
        let trailing = (0..headings.len())
            .rev()
            .take_while(|&index| article.section_is_empty(index))
            .last()
            .unwrap_or(headings.len());
        // A heading with text and nothing under it before a heading that is
        // not its subsection.
        let gap = |index: usize| {
            headings.get(index).is_some_and(|heading| {
                !heading.text.is_empty()
                    && headings
                        .get(index + 1)
                        .is_none_or(|next| next.level <= heading.level)
                    && article.section_is_empty(index)
            })
        };
        for (index, heading) in headings.iter().enumerate().take(trailing) {
            if !gap(index) {
                continue;
            }
            // Empty sections in a row, or a run of headings with nothing
            // between them, are an outline (a table-of-contents demo, a
            // page showing heading levels, a template's skeleton), not a
            // section left out.
            let after_empty_heading = index.checked_sub(1).is_some_and(|previous| {
                !headings[previous].text.is_empty() && article.section_is_empty(previous)
            });
            if gap(index + 1) || after_empty_heading {
                continue;
            }
            let Some(next) = headings.get(index + 1) else {
                continue;
            };
            let marks = "#".repeat(usize::from(heading.level));
            let next_line = article.lines().line_of(next.span.start) + 1;
            cx.report(
                heading.span,
                format!(
                    "`{marks} {}` has no content before the next heading",
                    heading.text
                ),
            )
            .label("nothing under this heading")
            .help(format!(
                "write the section, or delete the heading (the next heading, on line {next_line}, is not a subsection of it)"
            ));
        }
    }
}
