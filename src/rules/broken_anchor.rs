//! A `#fragment` that names no heading (or HTML `id`) in its target page,
//! on the same page or another one.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix, Severity, Span};
use crate::site::fast_hash::FastMap;
use crate::site::{Page, Resolved, Site};
use crate::suggest::Closest;
use std::ffi::OsStr;
use std::path::Path;

/// How many ids one article's suggestions may weigh in all.
/// How many headings a help names when it can suggest none.
const NAMED: usize = 3;

const SUGGESTION_BUDGET: usize = 2_000_000;

pub static META: RuleMeta = RuleMeta {
    id: "broken-anchor",
    group: Group::Links,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a #fragment that matches no heading id in its target page",
    docs: include_str!("../../rules/broken-anchor.md"),
    options: &[],
    fix: Some(Applicability::Unsafe),
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
        let own_page = site.page_for(article);
        // Whether a page has an id is read from its stored ids; the ids are
        // listed (once per page) only for the suggestions of a broken one.
        let mut listed: FastMap<&OsStr, Vec<&str>> = FastMap::default();
        let mut budget = SUGGESTION_BUDGET;
        for (link, resolved) in article.body.links.iter().zip(cx.resolved_links()) {
            let (fragment, target): (&str, Option<&Page>) = match resolved {
                Resolved::SamePage { .. } if own_open => continue,
                Resolved::SamePage { fragment } => (fragment, None),
                Resolved::Page { page, .. } if page.ids.is_open() => continue,
                Resolved::Page {
                    page,
                    fragment: Some(fragment),
                    ..
                } => (fragment, Some(page)),
                _ => continue,
            };
            let found = match target.or(own_page) {
                Some(page) => page.ids.contains(fragment),
                None => article.body.ids().any(|id| id == fragment),
            };
            // `#` alone and `#top` scroll to the top in every browser; `#!…` is a
            // hashbang route or a placeholder, not an anchor.
            if fragment.is_empty() || fragment == "top" || fragment.starts_with('!') || found {
                continue;
            }
            let (file, ids, page_name): (&Path, &[&str], String) = match target {
                Some(page) => (
                    &page.file,
                    listed
                        .entry(page.file.as_os_str())
                        .or_insert_with(|| page.ids.iter().collect()),
                    format!("`{}`", site.display(page)),
                ),
                None => (
                    &article.path,
                    listed
                        .entry(article.path.as_os_str())
                        .or_insert_with(|| match own_page {
                            Some(page) => page.ids.iter().collect(),
                            None => article.body.ids().collect(),
                        }),
                    "this page".into(),
                ),
            };
            let memo = site.anchor_suggestions();
            // A suggestion weighs the fragment against every id of the page;
            // an article with thousands of broken fragments to a page with
            // thousands of ids gets suggestions until its budget is spent.
            let close = if ids.len() <= budget {
                budget -= ids.len();
                memo.closest(file, fragment, ids)
            } else {
                Closest {
                    best: None,
                    only: false,
                }
            };
            let help = match close.best {
                Some(best) => format!("did you mean `#{best}`?"),
                None if ids.is_empty() => format!("{page_name} has no headings to link to"),
                None if ids.len() == 1 => format!("{page_name} has one heading: `#{}`", ids[0]),
                None => {
                    // No likely target: the nearest ones while the budget
                    // lasts, else the first ones, so the help names some.
                    let named = if ids.len() <= budget {
                        budget -= ids.len();
                        memo.nearest(file, fragment, ids, NAMED)
                    } else {
                        ids.iter().copied().take(NAMED).collect()
                    };
                    let mut list: Vec<String> = named.iter().map(|id| format!("`#{id}`")).collect();
                    if ids.len() > named.len() {
                        list.push("…".into());
                    }
                    format!(
                        "link to one of the headings of {page_name}: {}",
                        list.join(", ")
                    )
                }
            };
            let fix = close.single().and_then(|best| {
                let at = article.destination_span(link.span, &link.destination)?;
                let hash = article.text(at).rfind('#')?;
                let written = Span::new(at.start + hash + 1, at.end);
                (article.text(written) == fragment).then(|| {
                    Fix::unsafe_(
                        format!("link to `#{best}`"),
                        vec![Edit::replace(written, best)],
                    )
                })
            });
            let finding = cx
                .report(
                    link.span,
                    format!("no heading `#{fragment}` in {page_name}"),
                )
                .help(help);
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        }
    }
}
