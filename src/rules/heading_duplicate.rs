//! Two headings with the same text under the same parent heading: readers
//! cannot tell the sections apart and the second gets an odd `-1` anchor.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::fast_hash::FastMap;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "heading-duplicate",
    group: Group::Headings,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "two headings with the same text under the same parent",
    docs: include_str!("../../rules/heading-duplicate.md"),
    options: &[],
    fix: None,
};

pub struct HeadingDuplicate;

impl Rule for HeadingDuplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let headings = &article.body.headings;
        // Indices of the open ancestors, outermost first.
        let mut ancestors: Vec<usize> = Vec::new();
        let mut seen: FastMap<(Option<usize>, u8, String), usize> = FastMap::default();
        for (index, heading) in headings.iter().enumerate() {
            while ancestors
                .last()
                .is_some_and(|&open| headings[open].level >= heading.level)
            {
                ancestors.pop();
            }
            let parent = ancestors.last().copied();
            ancestors.push(index);
            if heading.text.is_empty() {
                continue;
            }
            let key = (parent, heading.level, heading.text.to_lowercase());
            if let Some(&first) = seen.get(&key) {
                let first_line = article.lines().line_of(headings[first].span.start) + 1;
                cx.report(
                    heading.span,
                    format!("duplicate heading `{}`", heading.text),
                )
                .label(format!("same text as line {first_line}"))
                .help("give each section a distinct heading, or merge the two sections");
            } else {
                seen.insert(key, index);
            }
        }
    }
}
