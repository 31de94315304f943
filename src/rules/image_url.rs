//! An image URL that cannot work: malformed (`https//…`, `https:/…`, a
//! space in it), or `http` on an `https` site, which browsers block as
//! mixed content.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::site::{url, Site};

pub static META: RuleMeta = RuleMeta {
    id: "image-url",
    group: Group::Images,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a malformed image URL, or an http image on an https site",
    docs: include_str!("../../rules/image-url.md"),
    options: &[],
    fix: Some(Applicability::Safe),
};

pub struct ImageUrl;

impl Rule for ImageUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let sources = article.image_sources(&cx.settings().image_fields());
        let https_site = site.origin().is_some_and(|origin| origin.scheme == "https");
        for (source, span) in sources {
            let source = source.trim();
            let parts = url::split(source);
            let problem = if parts.missing_slashes {
                Some((
                    format!("malformed image URL `{source}`"),
                    "write `https://` with two slashes".to_string(),
                ))
            } else if let Some(rest) = ["https//", "http//"]
                .iter()
                .find_map(|p| source.strip_prefix(p))
            {
                Some((
                    format!("malformed image URL `{source}`"),
                    format!("did you mean `https://{rest}`?"),
                ))
            } else if parts.host.as_deref() == Some("") {
                Some((
                    format!("image URL `{source}` has no host"),
                    "write the host after `//`".to_string(),
                ))
            } else if source.contains(char::is_whitespace) && parts.scheme.is_some() {
                Some((
                    format!("image URL `{source}` contains a space"),
                    "write spaces as `%20`".to_string(),
                ))
            } else if https_site && parts.scheme.as_deref() == Some("http") {
                Some((
                    format!("`http` image on an `https` site: `{source}`"),
                    "browsers block it as mixed content; use `https://`".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                let fix = own_https(site, &parts, source).and_then(|https| {
                    let at = article.destination_span(span, source)?;
                    Some(Fix::safe(
                        format!("use `{https}`"),
                        vec![Edit::replace(at, https)],
                    ))
                });
                let finding = cx.report(span, message).help(help);
                if let Some(fix) = fix {
                    finding.fix(fix);
                }
            }
        }
    }
}

/// An `http` image of this site (its host or an alias) at the site's own
/// `https` origin: the same file, served the way the site is.
fn own_https(site: &Site, parts: &url::Parts<'_>, source: &str) -> Option<String> {
    let origin = site.origin().filter(|origin| origin.scheme == "https")?;
    let host = parts.host.as_deref()?;
    if parts.scheme.as_deref() != Some("http") || !site.is_own_host(host) {
        return None;
    }
    let start = source.find("//")? + 2;
    let written = source.get(start..start + host.len())?;
    if !written.eq_ignore_ascii_case(host) {
        return None;
    }
    Some(format!(
        "https://{}{}",
        origin.host,
        &source[start + host.len()..]
    ))
}
