//! A remote image that does not load: checked over HTTP with `--online`
//! (broken, unreachable, or served as something other than an image).
//! Without `--online` this rule finds nothing.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::online::outcome::{problem, Usage};
use crate::site::{Resolved, Site};

pub static META: RuleMeta = RuleMeta {
    id: "image-remote",
    group: Group::Images,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a remote image that does not load or is not an image (--online)",
    docs: include_str!("../../rules/image-remote.md"),
    options: &[],
    fix: None,
};

pub struct ImageRemote;

impl Rule for ImageRemote {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let Some(results) = cx.online() else {
            return;
        };
        let settings = &cx.settings().online;
        for (source, span) in article.image_sources(&cx.settings().image_fields()) {
            // Images of this site are image-missing's.
            if site.resolve(article, source) != Resolved::Elsewhere {
                continue;
            }
            let Some((url, outcome)) = results.get(source) else {
                continue;
            };
            if let Some(found) = problem(url, outcome, Usage::Image, settings) {
                cx.report(span, found.message)
                    .help(found.help)
                    .at_most(found.severity);
            }
        }
    }
}
