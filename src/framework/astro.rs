//! Astro and Starlight: `astro.config.*` (site, base, trailing slash,
//! locales), the content config's schema, and the pages in `src/pages`.

use super::content_schema::content_collections;
use super::*;

/// `astro.config.*`: `site`, `base`, `trailingSlash`; Starlight's content
/// folder, default locale and the fields its content config adds.
pub(super) fn astro(dir: &Path, name: &str, text: &str) -> Detection {
    let text = &without_comments(text);
    let starlight = text.contains("@astrojs/starlight");
    let mut found = Detection::new(if starlight {
        Framework::Starlight
    } else {
        Framework::Astro
    });
    found.sources.push(name.into());
    let base = capture(&regex(r#"\bbase\s*:\s*['"`]([^'"`]*)['"`]"#), text).unwrap_or_default();
    let base = base.trim_end_matches('/').to_string();
    found.url = served_under(js_site_url(text), &base);
    let trailing = capture(
        &regex(r#"\btrailingSlash\s*:\s*['"`](always|never|ignore)['"`]"#),
        text,
    );
    found.trailing_slash = match trailing.as_deref() {
        Some("always") => "always",
        Some("never") => "never",
        _ => "ignore",
    };
    let slash = if found.trailing_slash == "always" {
        "/"
    } else {
        ""
    };
    if starlight {
        found.content.push("src/content/docs".into());
        found
            .permalink
            .push(format!("{base}/{{path|lower}}{slash}"));
        found.fallback = capture(&regex(r#"\bdefaultLocale\s*:\s*['"`]([\w-]+)['"`]"#), text)
            .filter(|locale| locale != "root");
        if found.fallback.is_some() {
            found.locales = locale_folders(&dir.join("src/content/docs"), &found.fallback);
            if found.locales.is_empty() {
                found.notes.push(
                    "list the translated locales in [site.i18n] locales: they are the folders next to the default locale's under src/content/docs".into(),
                );
            }
        }
    } else {
        found.content.push("src/content".into());
        found.permalink.push(format!("{base}/{{path}}{slash}"));
        found.notes.push(
            "Astro routes content through src/pages; check that `permalink` gives each article its URL".into(),
        );
    }
    found.routes.push(format!("{base}/"));
    found.routes.extend(page_routes(dir, &base, ASTRO_PAGES));
    found.public = Some("public".into());
    found.path_aliases = ts_path_aliases(dir);
    if let Some((config_name, config)) = first_file(dir, CONTENT_CONFIGS) {
        let fields = content_config_fields(&config, starlight);
        let known = found.framework.preset().schema();
        found.fields = fields
            .into_iter()
            .filter(|field| {
                field
                    .name
                    .split('.')
                    .try_fold(&known, |spec, part| spec.child(part))
                    .is_none()
            })
            .collect();
        found.sources.push(config_name);
    }
    found
}

/// The site URL of an Astro config: `site: '…'`, or a `const site = …` that `site,` uses.
pub(super) fn js_site_url(text: &str) -> Option<String> {
    let direct = capture(
        &regex(r#"\bsite\s*:\s*['"`](https?://[^'"`$]+)['"`]"#),
        text,
    );
    let from_const = || {
        let line = capture(
            &regex(r"(?m)^[ \t]*(?:const|let|var)\s+site\s*=(.+)$"),
            text,
        )?;
        capture(&regex(r#"['"`](https?://[^'"`$\s]+)['"`]"#), &line)
    };
    direct.or_else(from_const).and_then(|url| origin(&url))
}

/// The content collections that pages route: a dynamic page
/// (`src/pages/til/[...slug].astro`) that calls `getCollection('til')` gives
/// the collection's URLs; the content config gives its folder and schema.
/// `skip` names collections the adapter models otherwise.
pub(super) fn routed_collections(
    dir: &Path,
    base: &str,
    slash: &str,
    config: &str,
    skip: &[&str],
) -> Vec<DetectedCollection> {
    let pages = dir.join("src/pages");
    let mut routes: Vec<(String, String)> = Vec::new(); // (route with `{}`, code)
    let mut pending = vec![pages.clone()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(&pages) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let Some(stem) = relative.strip_suffix(".astro") else {
                continue;
            };
            let segments: Vec<&str> = stem.split('/').collect();
            let dynamic = segments.iter().filter(|s| s.starts_with('[')).count();
            let last = segments.last().copied().unwrap_or("");
            if dynamic != 1 || !last.starts_with('[') {
                continue;
            }
            let Ok(code) = crate::contained::read_config_file(&path) else {
                continue;
            };
            // A paginated list, not one page an entry.
            if code.contains("paginate(") {
                continue;
            }
            let rest = last.starts_with("[...");
            let folder = segments[..segments.len() - 1].join("/");
            let route = if folder.is_empty() {
                String::new()
            } else {
                format!("/{folder}")
            };
            routes.push((format!("{}{route}", if rest { "0" } else { "1" }), code));
        }
    }
    // Rest parameters (`[...slug]`) first, then shallower routes.
    routes.sort();
    content_collections(config)
        .into_iter()
        .filter(|collection| !skip.contains(&collection.name.as_str()))
        .filter(|collection| dir.join(&collection.folder).is_dir())
        .filter_map(|collection| {
            let calls = [
                format!("getCollection('{}'", collection.name),
                format!("getCollection(\"{}\"", collection.name),
            ];
            let route = routes
                .iter()
                .find(|(_, code)| calls.iter().any(|call| code.contains(call.as_str())))
                .map(|(route, _)| route[1..].to_string())?;
            Some(DetectedCollection {
                about: format!(
                    "The `{}` content collection, routed by src/pages{route}/.",
                    collection.name
                ),
                name: collection.name,
                content: vec![collection.folder],
                permalink: vec![
                    format!("{base}{route}/{{fm:slug}}{slash}"),
                    format!("{base}{route}/{{path|lower}}{slash}"),
                ],
                title_heading: None,
                schema: Some(collection.schema),
            })
        })
        .collect()
}

/// Where Astro looks for the content config, newest convention first.
pub(super) const CONTENT_CONFIGS: &[&str] = &[
    "src/content.config.ts",
    "src/content.config.mjs",
    "src/content.config.js",
    "src/content/config.ts",
    "src/content/config.mjs",
    "src/content/config.js",
];

pub(super) const ASTRO_PAGES: &[&str] = &["astro", "md", "mdx", "html"];
