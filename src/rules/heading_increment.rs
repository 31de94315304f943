//! A heading that skips a level (`##` followed by `####`). The front-matter
//! title counts as the page's H1, so the first body heading should be `##`.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::{Applicability, Fix, Severity};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "heading-increment",
    group: Group::Headings,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a heading skips a level (the front-matter title counts as the H1)",
    docs: include_str!("../../rules/heading-increment.md"),
    options: &[OptionMeta {
        name: "title-field",
        default: "title",
        kind: OptionKind::Text,
        summary: "the front-matter field rendered as the page's H1",
    }],
    fix: Some(Applicability::Unsafe),
};

pub struct HeadingIncrement;

impl Rule for HeadingIncrement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let title_level = cx.title_heading().level(article, cx.option("title-field"));
        let mut previous: Option<u8> = title_level;
        for (index, heading) in article.body.headings.iter().enumerate() {
            if let Some(previous) = previous {
                if heading.level > previous + 1 {
                    let fix = shift_up(article, index, heading.level - previous - 1);
                    let expected = "#".repeat(usize::from(previous) + 1);
                    let after = if Some(previous) == title_level {
                        format!("the title (the page's H{previous})")
                    } else {
                        format!("an H{previous}")
                    };
                    let finding = cx
                        .report(
                            heading.span,
                            format!("heading level jumps from H{previous} to H{}", heading.level),
                        )
                        .label(format!("H{} directly after {after}", heading.level))
                        .help(format!(
                            "use `{expected}` here, or add the missing level above"
                        ));
                    if let Some(fix) = fix {
                        finding.fix(fix);
                    }
                }
            }
            previous = Some(heading.level);
        }
    }
}

/// Moves heading `index` and the section under it (the headings after it
/// down to the next one of a higher level) `by` levels up.
fn shift_up(article: &Article, index: usize, by: u8) -> Option<Fix> {
    let headings = &article.body.headings;
    let level = headings.get(index)?.level;
    let edits = headings[index..]
        .iter()
        .enumerate()
        .take_while(|(offset, heading)| *offset == 0 || heading.level >= level)
        .map(|(offset, heading)| article.heading_level_edit(index + offset, heading.level - by))
        .collect::<Option<Vec<_>>>()?;
    let message = match edits.len() {
        1 => format!("make it an H{}", level - by),
        count => format!(
            "make it an H{} and move the {} headings under it up with it",
            level - by,
            count - 1
        ),
    };
    Some(Fix::unsafe_(message, edits))
}
