//! The page's meta description is shorter or longer than search results
//! show: a short one gives the searcher little reason to click (and search
//! engines replace it with text of their choosing), a long one is cut off.
//! The description is the first of the preset's description fields that is
//! present (`description`; AstroWind's `metadata.description`, else
//! `excerpt`); counted in characters, trimmed. Absent, empty or not a
//! string: not this rule's finding.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::prose::shown_length;
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
};

pub struct DescriptionLength;

impl Rule for DescriptionLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let fields = cx.front_matter().preset.description_fields();
        let Some((name, value)) = article.first_field(fields) else {
            return;
        };
        // A length the site's schema sets is field-format's to check.
        let schema = &cx.front_matter().schema;
        if schema
            .node(name)
            .is_some_and(|spec| spec.has_length_bounds())
        {
            return;
        }
        let Some(length) = value.as_str().and_then(shown_length) else {
            return;
        };
        let (min, max) = (cx.count_option("min"), cx.count_option("max"));
        if length > max {
            cx.report(
                value.span,
                format!(
                    "`{name}` is {}; search results show about {max}",
                    characters(length)
                ),
            )
            .label(characters(length))
            .help(format!(
                "shorten the description to {max} characters or fewer, with the point first"
            ));
        } else if length < min {
            cx.report(
                value.span,
                format!(
                    "`{name}` is {}; a description under {min} gives searchers little to go on",
                    characters(length)
                ),
            )
            .label(characters(length))
            .help("say in a sentence or two what the reader finds on the page");
        }
    }
}

fn characters(count: usize) -> String {
    if count == 1 {
        "1 character".into()
    } else {
        format!("{count} characters")
    }
}
