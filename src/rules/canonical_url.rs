//! The canonical URL in the front matter must be this article's own URL on
//! this site: absolute, `https`, the site's host, the article's permalink
//! (with the site's trailing-slash policy), no query or fragment.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::front_matter::{string_in_style, Value};
use crate::article::Article;
use crate::config::TrailingSlash;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::site::{url, Site};

pub static META: RuleMeta = RuleMeta {
    id: "canonical-url",
    group: Group::Seo,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "the canonical URL is not this article's absolute https URL on this site",
    docs: include_str!("../../rules/canonical-url.md"),
    options: &[OptionMeta {
        name: "field",
        default: "",
        kind: OptionKind::Text,
        summary: "the front-matter field with the canonical URL (default: from the preset)",
    }],
    fix: Some(Applicability::Safe),
};

pub struct CanonicalUrl;

impl Rule for CanonicalUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let field = cx.settings().canonical_field();
        let Some(value) = article.field(field) else {
            return;
        };
        let Some(text) = value.as_str() else {
            return; // field-type's finding
        };
        if text.trim().is_empty() {
            return; // no canonical URL: required-field's finding, if it must have one
        }
        let page = site.page_for(article);
        let expected = own_url(article, site);
        let use_expected = |what: &str| match &expected {
            Some(expected) => format!("use `{expected}`"),
            None => what.to_string(),
        };
        let parts = url::split(text.trim());
        // Without `[site] url` the host and path cannot be judged: only the URL's own shape is.
        let Some(origin) = site.origin() else {
            let problem = if parts.scheme.is_none() || parts.host.is_none() {
                (!field_format_covers(cx, field)).then(|| {
                    (
                        format!("canonical URL `{text}` is not absolute"),
                        "write the full URL, starting with `https://`".to_string(),
                    )
                })
            } else if parts.scheme.as_deref() != Some("https") {
                Some((
                    format!(
                        "canonical URL uses `{}`, not `https`",
                        parts.scheme.as_deref().unwrap_or("")
                    ),
                    "use `https://`".to_string(),
                ))
            } else if parts.query.is_some() || parts.fragment.is_some() {
                Some((
                    "canonical URL has a query or fragment".to_string(),
                    "remove everything from `?` or `#` on".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                report(cx, value, message, help);
            }
            return;
        };
        let problem = match (&parts.scheme, &parts.host) {
            (None, _) | (_, None) => (!field_format_covers(cx, field)).then(|| {
                (
                    format!("canonical URL `{text}` is not absolute"),
                    use_expected("write the full URL, starting with `https://`"),
                )
            }),
            (Some(scheme), Some(host)) => {
                if host != &origin.host {
                    Some((
                        format!(
                            "canonical URL is on `{host}`, not on the site's host `{}`",
                            origin.host
                        ),
                        use_expected(&format!("use the host `{}`", origin.host)),
                    ))
                } else if scheme != &origin.scheme {
                    Some((
                        format!(
                            "canonical URL uses `{scheme}`, the site uses `{}`",
                            origin.scheme
                        ),
                        use_expected(&format!("use `{}://`", origin.scheme)),
                    ))
                } else {
                    None
                }
            }
        };
        let problem = problem
            .or_else(|| {
                (parts.query.is_some() || parts.fragment.is_some()).then(|| {
                    (
                        "canonical URL has a query or fragment".to_string(),
                        use_expected("remove everything from `?` or `#` on"),
                    )
                })
            })
            .or_else(|| {
                let page = page?;
                let written = url::percent_decode(parts.path);
                let written = if written.is_empty() { "/".into() } else { written };
                let same = match site.trailing_slash() {
                    TrailingSlash::Ignore => {
                        written.trim_end_matches('/') == page.url.trim_end_matches('/')
                    }
                    _ => written == page.url,
                };
                (!same).then(|| {
                    let message = if written.trim_end_matches('/') == page.url.trim_end_matches('/') {
                        format!("canonical URL path `{written}` breaks the site's trailing-slash policy")
                    } else {
                        format!("canonical URL path `{written}` is not this article's URL `{}`", page.url)
                    };
                    (message, use_expected(""))
                })
            });
        if let Some((message, help)) = problem {
            // The same page written another way is safe to rewrite; a
            // canonical naming another page or site may be deliberate (a
            // cross-post, a consolidated duplicate): a person decides.
            let same_page = page.is_some_and(|page| {
                let written = url::percent_decode(parts.path);
                written.trim_end_matches('/').to_lowercase()
                    == page.url.trim_end_matches('/').to_lowercase()
            });
            let own_host = parts
                .host
                .as_deref()
                .is_none_or(|host| site.is_own_host(host));
            let applicability = if same_page && own_host {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            let fix = expected
                .as_deref()
                .and_then(|expected| set_value(article, value, expected, applicability));
            let finding = cx.report(value.span, message).help(help);
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        }
    }
}

/// This article's canonical URL: its page's URL on the site's origin
/// (`None` without `[site] url`, or for a file that is no page).
pub fn own_url(article: &Article, site: &Site) -> Option<String> {
    let page = site.page_for(article)?;
    Some(format!("{}{}", site.origin()?.text(), page.url))
}

/// Sets the string `value` to `url`, written in its own quoting style.
pub fn set_value(
    article: &Article,
    value: &Value,
    url: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let format = article.front_matter.as_ref()?.format;
    let replacement = string_in_style(format, article.text(value.span), url)?;
    let edits = vec![Edit::replace(value.span, replacement)];
    Some(Fix::new(applicability, format!("set it to `{url}`"), edits))
}

/// Whether `field-format` already reports a relative URL in this field (its schema type is `url`).
fn field_format_covers(cx: &Ctx<'_>, field: &str) -> bool {
    let settings = cx.settings();
    let active = settings.levels.get(super::field_format::META.id) != Some(&None);
    active
        && field
            .split('.')
            .try_fold(&cx.front_matter().schema, |spec, part| spec.child(part))
            .is_some_and(|spec| spec.ty == Some(crate::config::schema::FieldType::Url))
}

fn report(cx: &mut Ctx<'_>, value: &Value, message: String, help: String) {
    cx.report(value.span, message).help(help);
}
