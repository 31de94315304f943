//! A `#fragment` that names no heading (or HTML `id`) in its target page,
//! on the same page or another one.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::{Resolved, Site};
use crate::suggest::did_you_mean;

pub static META: RuleMeta = RuleMeta {
    id: "broken-anchor",
    group: Group::Links,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a #fragment that matches no heading id in its target page",
    docs: include_str!("../../rules/broken-anchor.md"),
    options: &[],
};

pub struct BrokenAnchor;

impl Rule for BrokenAnchor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        // The page's ids include what it pulls in with `include-pattern`.
        // Components from the site's own code may add ids: an open set.
        let own_open = site.ids_are_open(article);
        let own_ids: Vec<&str> = match site.page_for(article) {
            Some(page) => page.ids.iter().collect(),
            None => article
                .body
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .chain(article.body.html_ids.iter().map(String::as_str))
                .collect(),
        };
        for (link, resolved) in article.body.links.iter().zip(cx.resolved_links()) {
            let (fragment, ids, page_name): (&str, Vec<&str>, String) = match resolved {
                Resolved::SamePage { .. } if own_open => continue,
                Resolved::SamePage { fragment } => (fragment, own_ids.clone(), "this page".into()),
                Resolved::Page { page, .. } if page.ids.is_open() => continue,
                Resolved::Page {
                    page,
                    fragment: Some(fragment),
                    ..
                } => (
                    fragment,
                    page.ids.iter().collect(),
                    format!("`{}`", site.display(page)),
                ),
                _ => continue,
            };
            // `#` alone and `#top` scroll to the top in every browser; `#!…` is a
            // hashbang route or a placeholder, not an anchor.
            if fragment.is_empty()
                || fragment == "top"
                || fragment.starts_with('!')
                || ids.contains(&fragment)
            {
                continue;
            }
            let help = match did_you_mean(fragment, ids.iter().copied()) {
                Some(best) => format!("did you mean `#{best}`?"),
                None if ids.is_empty() => format!("{page_name} has no headings to link to"),
                None => format!("link to one of the headings of {page_name}"),
            };
            cx.report(
                link.span,
                format!("no heading `#{fragment}` in {page_name}"),
            )
            .help(help);
        }
    }
}
