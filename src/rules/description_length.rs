//! The page's meta description is longer than search results show (and,
//! with a `min`, too short to give the searcher a reason to click).
//! The description is the first of the preset's description fields that is
//! present (`description`; AstroWind's `metadata.description`, else
//! `excerpt`); counted in characters, trimmed. Absent, empty or not a
//! string: not this rule's finding.

use super::title_length::{check_length, Wording};
use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "description-length",
    group: Group::Seo,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "the meta description is shorter or longer than search results show",
    docs: include_str!("../../rules/description-length.md"),
    options: &[
        OptionMeta {
            name: "min",
            default: "0",
            kind: OptionKind::Count,
            summary: "the fewest characters a description should have",
        },
        OptionMeta {
            name: "max",
            default: "160",
            kind: OptionKind::Count,
            summary: "the most characters a description should have",
        },
    ],
    fix: None,
};

pub struct DescriptionLength;

impl Rule for DescriptionLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let fields = cx.front_matter().preset.description_fields();
        check_length(
            article,
            fields,
            cx,
            &Wording {
                too_long_help:
                    "shorten the description to {max} characters or fewer, with the point first",
                too_short: "a description under {min} gives searchers little to go on",
                too_short_help: "say in a sentence or two what the reader finds on the page",
            },
        );
    }
}
