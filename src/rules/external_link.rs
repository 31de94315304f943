//! A link to another site that does not work: checked over HTTP with
//! `--online` (broken, gone, unreachable, timing out, redirecting for good).
//! Without `--online` this rule finds nothing.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::online::outcome::{problem, Usage};
use crate::site::{Resolved, Site};

pub static META: RuleMeta = RuleMeta {
    id: "external-link",
    group: Group::Links,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a link to another site that is broken (--online)",
    docs: include_str!("../../rules/external-link.md"),
    options: &[],
    fix: None,
};

pub struct ExternalLink;

impl Rule for ExternalLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let Some(results) = cx.online() else {
            return;
        };
        let settings = &cx.settings().online;
        for (link, resolved) in article.body.links.iter().zip(cx.resolved_links()) {
            if *resolved != Resolved::Elsewhere {
                continue;
            }
            let Some((url, outcome)) = results.get(&link.destination) else {
                continue;
            };
            if let Some(found) = problem(url, outcome, Usage::Link, settings) {
                cx.report(link.span, found.message)
                    .help(found.help)
                    .at_most(found.severity);
            }
        }
    }
}
