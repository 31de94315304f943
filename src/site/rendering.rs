//! Whether the framework writes a page for an article. Some articles are
//! content without a page of their own: Hugo's headless bundles and pages
//! whose build options say `render: never` (snippets that other pages
//! include), directly or passed down by a section's `cascade`; Zola's
//! `render = false` on a page or a section's `_index.md`. Such an article
//! has no URL: links to it are broken, and it is no page to compare or
//! report as a page.

use crate::article::front_matter::{Value, ValueKind};
use crate::article::Article;
use crate::config::presets::Preset;

/// Whether the article's own front matter keeps it from being rendered.
pub(super) fn unrendered(article: &Article, preset: Preset) -> bool {
    let Some(root) = front_matter(article) else {
        return false;
    };
    match preset {
        Preset::Hugo => hugo_unrendered(root),
        Preset::Zola => matches!(
            entry(root, "render").map(|v| &v.kind),
            Some(ValueKind::Bool(false))
        ),
        _ => false,
    }
}

/// Whether a Hugo section's `_index.md` passes down build options that
/// keep every page below it from being rendered (a `cascade` map, or a
/// list entry without a `target`, that sets them).
pub(super) fn hides_descendants(article: &Article, preset: Preset) -> bool {
    if preset != Preset::Hugo || article.path.file_stem().is_none_or(|stem| stem != "_index") {
        return false;
    }
    let Some(root) = front_matter(article) else {
        return false;
    };
    match entry(root, "cascade").map(|v| &v.kind) {
        Some(ValueKind::Map(_)) => entry(root, "cascade").is_some_and(hugo_unrendered),
        Some(ValueKind::List(items)) => items.iter().any(|item| {
            entry(item, "target").is_none()
                && entry(item, "_target").is_none()
                && hugo_unrendered(item)
        }),
        _ => false,
    }
}

/// `headless: true`, or `build` (`_build` before Hugo 0.65) with `render`
/// `never` or `link` (no file is written), or `false` as older sites say.
fn hugo_unrendered(values: &Value) -> bool {
    if matches!(
        entry(values, "headless").map(|v| &v.kind),
        Some(ValueKind::Bool(true))
    ) {
        return true;
    }
    let build = entry(values, "build").or_else(|| entry(values, "_build"));
    match build
        .and_then(|build| entry(build, "render"))
        .map(|v| &v.kind)
    {
        Some(ValueKind::String(render)) => {
            render.eq_ignore_ascii_case("never") || render.eq_ignore_ascii_case("link")
        }
        Some(ValueKind::Bool(render)) => !render,
        _ => false,
    }
}

fn front_matter(article: &Article) -> Option<&Value> {
    article.front_matter.as_ref()?.root.as_ref()
}

/// A key's value, in any letter case (Hugo reads keys so).
fn entry<'v>(map: &'v Value, key: &str) -> Option<&'v Value> {
    map.entry_any_case(key).map(|entry| &entry.value)
}
