//! Astro and Starlight: `astro.config.*` (site, base, trailing slash,
//! locales), the content config's schema, and the pages in `src/pages`.

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
    if let Some((config_name, config)) = first_file(
        dir,
        &[
            "src/content.config.ts",
            "src/content.config.mjs",
            "src/content.config.js",
            "src/content/config.ts",
            "src/content/config.mjs",
            "src/content/config.js",
        ],
    ) {
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

pub(super) const ASTRO_PAGES: &[&str] = &["astro", "md", "mdx", "html"];
