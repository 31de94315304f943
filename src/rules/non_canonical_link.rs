//! A working link to this site written the wrong way: with an alias host,
//! `http`, the wrong trailing slash or letter case, or through a redirect.
//! It costs readers a redirect and spreads the non-canonical form.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::config::TrailingSlash;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::site::{url, DetourReason, Resolved, Site};

pub static META: RuleMeta = RuleMeta {
    id: "non-canonical-link",
    group: Group::Links,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "a working link to this site written with an alias host, http, or a redirecting form",
    docs: include_str!("../../rules/non-canonical-link.md"),
    options: &[],
    fix: Some(Applicability::Safe),
};

pub struct NonCanonicalLink;

impl Rule for NonCanonicalLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        for (link, resolved) in article.body.links.iter().zip(cx.resolved_links()) {
            let detour = match resolved {
                Resolved::Page {
                    detour: Some(detour),
                    ..
                }
                | Resolved::Route {
                    detour: Some(detour),
                }
                | Resolved::File {
                    detour: Some(detour),
                } => detour,
                _ => continue,
            };
            let (message, label) = match &detour.reason {
                DetourReason::AliasHost(host) => (
                    format!("link uses the alias host `{host}`"),
                    "works, through the alias host".to_string(),
                ),
                DetourReason::Scheme { written, site } => (
                    format!("link uses `{written}`; the site is served over `{site}`"),
                    format!("works, over `{written}`"),
                ),
                DetourReason::TrailingSlash => (
                    match site.trailing_slash() {
                        TrailingSlash::Always => {
                            "link lacks the trailing slash the site's URLs have".to_string()
                        }
                        _ => "link has a trailing slash the site's URLs do not have".to_string(),
                    },
                    "works, through a redirect to the page's own form".to_string(),
                ),
                DetourReason::Case => (
                    "link's letter case differs from the page's URL".to_string(),
                    "works, as the site ignores letter case".to_string(),
                ),
                DetourReason::Redirect(to) => (
                    format!("link goes through a redirect to `{to}`"),
                    "works, through a redirect".to_string(),
                ),
            };
            let fix = rewritten(&link.destination, &detour.reason, &detour.use_instead).and_then(
                |replacement| {
                    let at = article.destination_span(link.span, &link.destination)?;
                    Some(Fix::safe(
                        format!("link to `{replacement}`"),
                        vec![Edit::replace(at, replacement)],
                    ))
                },
            );
            let finding = cx
                .report(link.span, message)
                .label(label)
                .help(format!("link to `{}`", detour.use_instead));
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        }
    }
}

/// The destination to write in place of `written`: the canonical link the
/// site model gives, absolute if `written` was, root-relative if it was. A
/// link relative to the page keeps its form: only a trailing slash is
/// added or removed there; other detours of such a link are left to a person.
fn rewritten(written: &str, reason: &DetourReason, use_instead: &str) -> Option<String> {
    let rooted = written.starts_with('/') || url::split(written).scheme.is_some();
    if rooted {
        return Some(use_instead.to_string());
    }
    if *reason != DetourReason::TrailingSlash {
        return None;
    }
    let split = written.find(['?', '#']).unwrap_or(written.len());
    let (path, rest) = written.split_at(split);
    let path = match path.strip_suffix('/') {
        Some(without) if !without.is_empty() => without.to_string(),
        Some(_) => return None,
        None => format!("{path}/"),
    };
    Some(format!("{path}{rest}"))
}
