//! The page title is longer than search results show (and, with a `min`,
//! shorter than says enough): a long one is cut off.
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
    fix: None,
};

pub struct TitleLength;

impl Rule for TitleLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let fields = cx.front_matter().preset.title_fields();
        check_length(
            article,
            fields,
            cx,
            &Wording {
                too_long_help: "shorten the title to {max} characters or fewer, with the words that matter first",
                too_short: "a title under {min} says little in search results",
                too_short_help: "say what the page is about and for whom, in a few more words",
            },
        );
    }
}

/// How a length finding speaks of its field (`{min}`/`{max}` are filled in).
pub(super) struct Wording {
    pub too_long_help: &'static str,
    pub too_short: &'static str,
    pub too_short_help: &'static str,
}

/// The length check `title-length` and `description-length` share: the
/// first of `fields` the front matter has, counted as it shows, against the
/// rule's `min` and `max`.
pub(super) fn check_length(
    article: &Article,
    fields: &[&str],
    cx: &mut Ctx<'_>,
    wording: &Wording,
) {
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
    let fill = |text: &str| {
        text.replace("{min}", &min.to_string())
            .replace("{max}", &max.to_string())
    };
    let (message, help) = if length > max {
        (
            format!("search results show about {max}"),
            fill(wording.too_long_help),
        )
    } else if length < min {
        (fill(wording.too_short), fill(wording.too_short_help))
    } else {
        return;
    };
    cx.report(
        value.span,
        format!("`{name}` is {}; {message}", characters(length)),
    )
    .label(characters(length))
    .help(help);
}

fn characters(count: usize) -> String {
    if count == 1 {
        "1 character".into()
    } else {
        format!("{count} characters")
    }
}
