//! An article updated before it was published: the update date is earlier
//! than the publish date, usually a swapped or mistyped date.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::dates::Moment;
use crate::article::front_matter::Value;
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "date-order",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "the update date is before the publish date",
    docs: include_str!("../../rules/date-order.md"),
    options: &[
        OptionMeta {
            name: "published",
            default: "",
            kind: OptionKind::Text,
            summary: "the publish-date field (default: from the preset)",
        },
        OptionMeta {
            name: "updated",
            default: "",
            kind: OptionKind::Text,
            summary: "the update-date field (default: from the preset)",
        },
    ],
    fix: None,
};

pub struct DateOrder;

impl Rule for DateOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let (published_names, updated_names) = cx.front_matter().preset.date_fields();
        let Some((published_name, published)) =
            field(article, cx.option("published"), published_names)
        else {
            return;
        };
        let Some((updated_name, updated)) = field(article, cx.option("updated"), updated_names)
        else {
            return;
        };
        // Unparseable dates are field-format's finding.
        let (Ok(published_at), Ok(updated_at)) = (moment(published), moment(updated)) else {
            return;
        };
        if updated_at.timestamp() < published_at.timestamp() {
            cx.report(
                updated.span,
                format!("`{updated_name}` is before `{published_name}`"),
            )
            .label(format!(
                "updated {} but published {}",
                updated.as_str().unwrap_or(""),
                published.as_str().unwrap_or("")
            ))
            .help(format!(
                "an article cannot be updated before it is published (line {}); check both dates",
                article.lines().line_of(published.span.start) + 1
            ));
        }
    }
}

/// The configured field, or the first of the preset's candidates present.
fn field<'a>(
    article: &'a Article,
    configured: &'a str,
    candidates: &[&'a str],
) -> Option<(&'a str, &'a Value)> {
    if !configured.is_empty() {
        return article.field(configured).map(|value| (configured, value));
    }
    candidates
        .iter()
        .find_map(|name| article.field(name).map(|value| (*name, value)))
}

fn moment(value: &Value) -> Result<Moment, ()> {
    value
        .as_str()
        .ok_or(())
        .and_then(|text| Moment::parse(text).map_err(|_| ()))
}
