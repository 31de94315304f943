//! A working link to this site written the wrong way: with an alias host,
//! `http`, the wrong trailing slash or letter case, or through a redirect.
//! It costs readers a redirect and spreads the non-canonical form.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::config::TrailingSlash;
use crate::diagnostic::Applicability;
use crate::diagnostic::Severity;
use crate::site::{DetourReason, Resolved, Site};

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
            cx.report(link.span, message)
                .label(label)
                .help(format!("link to `{}`", detour.use_instead));
        }
    }
}
