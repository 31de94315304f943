//! The page title is shorter or longer than search results show well:
//! a short title says little about the page, a long one is cut off.
//! The title is the first of the preset's title fields that is present
//! (AstroWind's `metadata.title`, else `title`); it is counted in
//! characters, trimmed. A missing or non-string title is required-field's
//! or field-type's; a title written with template code has a length only
//! the build knows.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::prose::shown_length;
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "title-length",
    group: Group::Seo,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "the page title is shorter or longer than search results show well",
    docs: include_str!("../../rules/title-length.md"),
    options: &[
        OptionMeta {
            name: "min",
            default: "0",
            kind: OptionKind::Count,
            summary: "the fewest characters a title should have",
        },
        OptionMeta {
            name: "max",
            default: "60",
            kind: OptionKind::Count,
            summary: "the most characters a title should have",
        },
    ],
};

pub struct TitleLength;

impl Rule for TitleLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let fields = cx.front_matter().preset.title_fields();
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
                "shorten the title to {max} characters or fewer, with the words that matter first"
            ));
        } else if length < min {
            cx.report(
                value.span,
                format!(
                    "`{name}` is {}; a title under {min} says little in search results",
                    characters(length)
                ),
            )
            .label(characters(length))
            .help("say what the page is about and for whom, in a few more words");
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
