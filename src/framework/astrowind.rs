//! AstroWind: `src/config.yaml` (site, blog permalink and paths, i18n) and
//! the posts under `src/data/post`.

use super::astro::{routed_collections, ASTRO_PAGES, CONTENT_CONFIGS};
use super::*;

/// `site.site` in AstroWind's `src/config.yaml`, the blog's `permalink` and
/// the paths of its list, category and tag pages.
pub(super) fn astrowind(dir: &Path, text: &str) -> Detection {
    let mut found = Detection::new(Framework::AstroWind);
    found.sources.push("src/config.yaml".into());
    let value = |key: &str| {
        let pattern = regex(&format!(
            r##"(?m)^[ \t]+{key}:[ \t]*['"]?([^'"#\n]*?)['"]?[ \t]*(?:#.*)?$"##
        ));
        capture(&pattern, text).filter(|v| !v.is_empty())
    };
    found.url = value("site").and_then(|url| origin(&url));
    found.trailing_slash = match value("trailingSlash").as_deref() {
        Some("true") => "always",
        Some("false") => "never",
        _ => "ignore",
    };
    let base = value("base").unwrap_or_default();
    let base = base.trim_end_matches('/');
    found.url = served_under(found.url.take(), base);
    found.content.push("src/data/post".into());
    let permalink = value("permalink").unwrap_or_else(|| "/%slug%".into());
    match astrowind_permalink(&permalink) {
        Some(template) => found.permalink.push(format!("{base}{template}")),
        None => {
            found.notes.push(format!(
                "the blog permalink `{permalink}` uses a variable proofmark has no placeholder for; `/{{slug}}` is used instead"
            ));
            found.permalink.push(format!("{base}/{{slug}}"));
        }
    }
    found.routes.push(format!("{base}/"));
    for (key, pattern) in [
        ("list", "{p}"),
        ("list", "{p}/**"),
        ("category", "{p}/*"),
        ("tag", "{p}/*"),
    ] {
        let pathname = section_pathname(text, key).unwrap_or_else(|| match key {
            "list" => "blog".into(),
            other => other.into(),
        });
        let route = pattern.replace("{p}", &format!("{base}/{pathname}"));
        if !found.routes.contains(&route) {
            found.routes.push(route);
        }
    }
    found.routes.extend(page_routes(dir, base, ASTRO_PAGES));
    // The i18n forks keep each locale's posts in a folder of its name and
    // serve every page under the locale (`/es/<slug>`, `/es/blog`).
    let locales = astrowind_locales(text);
    if !locales.is_empty()
        && locales
            .iter()
            .any(|locale| dir.join("src/data/post").join(locale).is_dir())
    {
        found.permalink = found
            .permalink
            .iter()
            .map(|template| format!("{base}/{{dir}}{}", &template[base.len()..]))
            .collect();
        let localized: Vec<String> = found
            .routes
            .iter()
            .filter(|route| {
                !route.starts_with(&format!("{base}/*")) && *route != &format!("{base}/")
            })
            .map(|route| format!("{base}/*{}", &route[base.len()..]))
            .collect();
        for locale in &locales {
            found.routes.push(format!("{base}/{locale}"));
        }
        for route in localized {
            if !found.routes.contains(&route) {
                found.routes.push(route);
            }
        }
    }
    found.public = Some("public".into());
    found.path_aliases = ts_path_aliases(dir);
    if found.path_aliases.is_empty() {
        // The template's own tsconfig alias.
        found.path_aliases.push(("~/".into(), "src/".into()));
    }
    // Collections a fork adds (a `til` section), routed by its own pages.
    if let Some((config_name, config)) = first_file(dir, CONTENT_CONFIGS) {
        let slash = if found.trailing_slash == "always" {
            "/"
        } else {
            ""
        };
        let collections = routed_collections(dir, base, slash, &config, &["post"]);
        if !collections.is_empty() {
            found.sources.push(config_name);
            found.collections.extend(collections);
        }
    }
    found
}

/// `i18n.locales` in the config of AstroWind's i18n forks.
pub(super) fn astrowind_locales(text: &str) -> Vec<String> {
    let Some(start) = regex(r"(?m)^i18n:[ \t]*$").find(text).map(|m| m.end()) else {
        return Vec::new();
    };
    let rest = &text[start..];
    let block_end = regex(r"(?m)^\S")
        .find(rest)
        .map_or(rest.len(), |m| m.start());
    capture(
        &regex(r"(?m)^[ \t]+locales:[ \t]*\[([^\]]*)\]"),
        &rest[..block_end],
    )
    .map(|list| {
        regex(r#"['"]?([\w-]+)['"]?"#)
            .captures_iter(&list)
            .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
            .collect()
    })
    .unwrap_or_default()
}

/// `apps.blog.<key>.pathname` in AstroWind's config.
pub(super) fn section_pathname(text: &str, key: &str) -> Option<String> {
    let start = regex(&format!(r"(?m)^[ \t]+{key}:[ \t]*$"))
        .find(text)?
        .end();
    let pattern = regex(r##"(?m)^[ \t]+pathname:[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$"##);
    let rest = &text[start..];
    // Only within this block: before the next key at the same or a lower indentation.
    let block_end = regex(r"(?m)^[ \t]{0,4}\w+:[ \t]*$")
        .find(rest)
        .map_or(rest.len(), |m| m.start());
    capture(&pattern, &rest[..block_end]).map(|p| p.trim_matches('/').to_string())
}

/// AstroWind's `%slug%`-style permalink as a proofmark template.
pub(super) fn astrowind_permalink(pattern: &str) -> Option<String> {
    let mut out = pattern.to_string();
    for (variable, placeholder) in [
        ("%slug%", "{slug}"),
        ("%year%", "{year}"),
        ("%month%", "{month}"),
        ("%day%", "{day}"),
        ("%category%", "{category}"),
    ] {
        out = out.replace(variable, placeholder);
    }
    if out.contains('%') {
        return None;
    }
    Some(if out.starts_with('/') {
        out
    } else {
        format!("/{out}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astrowind_permalinks_become_templates() {
        assert_eq!(
            astrowind_permalink("/%year%/%slug%"),
            Some("/{year}/{slug}".into())
        );
        assert_eq!(astrowind_permalink("/%hour%/%slug%"), None);
    }
}
