//! A link to this site (a relative file path, a root-relative path, or an
//! absolute URL on the site or an alias) that matches no article, route or
//! file — or points at a draft, or is a malformed URL.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::markdown::Link;
use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::site::{Broken, Resolved, Site};

pub static META: RuleMeta = RuleMeta {
    id: "broken-link",
    group: Group::Links,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a link to this site that matches no article, route or file",
    docs: include_str!("../../rules/broken-link.md"),
    options: &[],
    fix: Some(Applicability::Unsafe),
};

pub struct BrokenLink;

impl Rule for BrokenLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        for (link, resolved) in article.body.links.iter().zip(cx.resolved_links()) {
            let Resolved::Broken(broken) = resolved else {
                continue;
            };
            let target = &link.destination;
            let (message, help) = match broken {
                Broken::NoPage { key, absolute } => (
                    format!("link to `{target}` matches no article, route or file"),
                    match site.suggestion(key, *absolute) {
                        Some(url) => format!("did you mean `{url}`?"),
                        None => "check the URL, or add the page to `[site] routes` if it is not an article".into(),
                    },
                ),
                Broken::Draft { display } => (
                    format!("link to `{target}` points at a draft"),
                    format!("`{display}` is not published; remove the link or publish the article"),
                ),
                Broken::NoFile { path } => (
                    format!("link to `{target}`: no such file `{path}`"),
                    "check the file name and folder".into(),
                ),
                Broken::OutsideProject => (
                    format!("link to `{target}` leaves the project folder"),
                    "link to a page of this site instead".into(),
                ),
                Broken::Malformed { hint } => (format!("malformed URL `{target}`"), hint.clone()),
                Broken::RedirectLoop => (
                    format!("link to `{target}` ends in a redirect loop"),
                    "fix the redirects so the chain ends on a page".into(),
                ),
            };
            let fix = match broken {
                Broken::NoPage { key, absolute } => site
                    .single_suggestion(key, *absolute)
                    .and_then(|url| repoint(article, link, &url)),
                _ => None,
            };
            let finding = cx.report(link.span, message).help(help);
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        }
    }
}

/// Points `link` at `url`, keeping its query and fragment. A link to a
/// source file (`other.md`) is left alone: its form is the writer's choice.
fn repoint(article: &Article, link: &Link, url: &str) -> Option<Fix> {
    let destination = &link.destination;
    let path_end = destination.find(['?', '#']).unwrap_or(destination.len());
    let path = &destination[..path_end];
    if path.is_empty()
        || [".md", ".mdx", ".markdown"]
            .iter()
            .any(|ext| path.ends_with(ext))
    {
        return None;
    }
    let at = article.destination_span(link.span, destination)?;
    let replacement = format!("{url}{}", &destination[path_end..]);
    Some(Fix::unsafe_(
        format!("link to `{replacement}`"),
        vec![Edit::replace(at, replacement)],
    ))
}
