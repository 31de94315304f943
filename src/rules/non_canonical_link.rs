//! A working link to this site written the wrong way: with an alias host,
//! `http`, the wrong trailing slash or letter case, or through a redirect.
//! It costs readers a redirect and spreads the non-canonical form.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::config::TrailingSlash;
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
            let message = match &detour.reason {
                DetourReason::AliasHost(host) => format!("link uses the alias host `{host}`"),
                DetourReason::Scheme { written, site } => {
                    format!("link uses `{written}`; the site is served over `{site}`")
                }
                DetourReason::TrailingSlash => match site.trailing_slash() {
                    TrailingSlash::Always => {
                        "link lacks the trailing slash the site's URLs have".to_string()
                    }
                    _ => "link has a trailing slash the site's URLs do not have".to_string(),
                },
                DetourReason::Case => "link's letter case differs from the page's URL".to_string(),
                DetourReason::Redirect(to) => format!("link goes through a redirect to `{to}`"),
            };
            cx.report(link.span, message)
                .label("works, through a redirect")
                .help(format!("link to `{}`", detour.use_instead));
        }
    }
}
