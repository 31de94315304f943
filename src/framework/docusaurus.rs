//! Docusaurus: `docusaurus.config.*` and the local modules it imports: the
//! docs and their versions, the blog, other content plugins, pages, routes
//! that local plugins add, redirects, locales.

use super::*;

pub(super) const DOCUSAURUS_PAGES: &[&str] = &["js", "jsx", "ts", "tsx", "md", "mdx"];

/// `docusaurus.config.*`: `url`, `baseUrl`, `trailingSlash`, the docs'
/// `routeBasePath`, and `i18n`.
pub(super) fn docusaurus(dir: &Path, name: &str, text: &str) -> Detection {
    let text = &without_comments(text);
    let mut found = Detection::new(Framework::Docusaurus);
    found.sources.push(name.into());
    found.url = capture(&regex(r#"\burl\s*:\s*['"`](https?://[^'"`$]+)['"`]"#), text)
        .and_then(|url| origin(&url));
    let base = capture(&regex(r#"\bbaseUrl\s*:\s*['"`]([^'"`]*)['"`]"#), text).unwrap_or_default();
    let base = base.trim_end_matches('/').to_string();
    found.url = served_under(found.url.take(), &base);
    found.trailing_slash =
        match capture(&regex(r"\btrailingSlash\s*:\s*(true|false)"), text).as_deref() {
            Some("true") => "always",
            Some("false") => "never",
            _ => "ignore",
        };
    let slash = if found.trailing_slash == "always" {
        "/"
    } else {
        ""
    };
    let docs_base = capture(
        &regex(r#"(?s)\bdocs\s*:\s*\{[^}]*?\brouteBasePath\s*:\s*['"`]([^'"`]*)['"`]"#),
        text,
    )
    .unwrap_or_else(|| "docs".into());
    let docs_base = docs_base.trim_matches('/');
    let docs_prefix = if docs_base.is_empty() {
        base.clone()
    } else {
        format!("{base}/{docs_base}")
    };
    let docs_path = capture(
        &regex(r#"(?s)\bdocs\s*:\s*\{[^}]*?\bpath\s*:\s*['"`]([^'"`]*)['"`]"#),
        text,
    )
    .unwrap_or_else(|| "docs".into());
    found
        .content
        .push(docs_path.trim_end_matches('/').to_string());
    // A doc's URL: its `slug`, else its path without number prefixes.
    let doc_urls = |prefix: &str| {
        vec![
            format!("{prefix}/{{fm:slug}}{slash}"),
            format!("{prefix}/{{path|unnumbered}}{slash}"),
        ]
    };
    // Versioned docs: each version in versions.json is a copy of the docs
    // under versioned_docs/, the last version at the docs' path, the others
    // (and the current docs, as `next`) below it.
    let versions = docs_versions(dir, text, &mut found.notes);
    let last = versions.last_version.as_deref();
    found.permalink = match last {
        Some(version) if version != "current" => doc_urls(&format!("{docs_prefix}/next")),
        _ => doc_urls(&docs_prefix),
    };
    for version in &versions.versions {
        let folder = format!("versioned_docs/version-{version}");
        if !dir.join(&folder).is_dir() {
            continue;
        }
        let prefix = if Some(version.as_str()) == last {
            docs_prefix.clone()
        } else {
            format!("{docs_prefix}/{version}")
        };
        found.collections.push(DetectedCollection {
            name: format!("docs-{version}"),
            about: format!("Version {version} of the docs, served at {prefix}/."),
            content: vec![folder],
            permalink: doc_urls(&prefix),
            title_heading: None,
            schema: None,
        });
    }
    found.relative_links = Some("file-then-root");
    // The doc page shows the title as its H1 unless the body starts with one.
    found.title_heading = Some("unless-body-h1");
    // Docusaurus' content plugins skip `_` files and folders: partials, imported by pages.
    found.exclude = vec!["**/_*".into(), "**/_*/**".into()];
    found.notes.push(
        "Docusaurus reads a relative `slug` from the doc's folder and an `id` in place of the file name; check `permalink` if the docs use them".into(),
    );
    found.routes = vec![format!("{base}/")];
    // The classic preset's blog: posts dated by their file names, and the
    // list, tag, author and feed pages around them.
    if !regex(r"blog\s*:\s*false").is_match(text) {
        let blog_path = capture(
            &regex(r#"(?s)blog\s*:\s*\{[^}]*?path\s*:\s*['"`]([^'"`]*)['"`]"#),
            text,
        )
        .unwrap_or_else(|| "blog".into());
        let blog_base = capture(
            &regex(r#"(?s)blog\s*:\s*\{[^}]*?routeBasePath\s*:\s*['"`]([^'"`]*)['"`]"#),
            text,
        )
        .unwrap_or_else(|| "blog".into());
        let blog_prefix = match blog_base.trim_matches('/') {
            "" => base.clone(),
            route => format!("{base}/{route}"),
        };
        for page in [
            "",
            "/page/*",
            "/tags",
            "/tags/**",
            "/archive",
            "/authors",
            "/authors/**",
        ] {
            found.routes.push(format!("{blog_prefix}{page}"));
        }
        for feed in ["rss.xml", "atom.xml", "feed.json"] {
            found.routes.push(format!("{blog_prefix}/{feed}"));
        }
        let blog_path = blog_path.trim_end_matches('/').to_string();
        if dir.join(&blog_path).is_dir() {
            found.collections.push(DetectedCollection {
                name: "blog".into(),
                about: format!(
                    "The blog: a post's URL is its `slug`, else its path with the file name's date as folders, under {blog_prefix}/."
                ),
                content: vec![blog_path],
                permalink: vec![
                    format!("{blog_prefix}/{{fm:slug}}{slash}"),
                    format!("{blog_prefix}/{{path|date-folders}}{slash}"),
                ],
                title_heading: None,
                schema: None,
            });
        }
    }
    found
        .routes
        .extend(page_routes(dir, &base, DOCUSAURUS_PAGES));
    // The classic preset's sitemap, the generated category indexes of
    // autogenerated sidebars, and the debug plugin when it is forced on.
    // Markdown pages in src/pages: their path is their URL, and the page
    // shows no title of its own (the body's headings are all there is).
    if dir.join("src/pages").is_dir() {
        found.collections.push(DetectedCollection {
            name: "pages".into(),
            about: "Markdown pages: served at their path under src/pages, with no title heading."
                .into(),
            content: vec!["src/pages".into()],
            permalink: vec![format!("{base}/{{path}}{slash}")],
            title_heading: Some("none"),
            schema: None,
        });
    }
    found.routes.push(format!("{base}/sitemap.xml"));
    found.routes.push(format!("{docs_prefix}/category/*"));
    if regex(r"\bdebug\s*:\s*true").is_match(text) {
        found.routes.push(format!("{base}/__docusaurus/debug"));
        found.routes.push(format!("{base}/__docusaurus/debug/*"));
    }
    // Plugin lists are often spread in from local modules the config imports.
    let modules = local_modules(dir, text);
    let mut plugin_text = text.to_string();
    for (module, module_text) in &modules {
        found.sources.push(module.clone());
        plugin_text.push('\n');
        plugin_text.push_str(module_text);
    }
    let text = &plugin_text;
    // A second docs plugin (a community section) is a collection of its own.
    let mut collected = vec![docs_base.to_string()];
    for instance in regex(r#"['"`](?:@docusaurus/plugin-)?content-docs['"`]\s*,"#).find_iter(text) {
        let options = expression_after(text[instance.end()..].trim_start());
        let option = |name: &str| {
            capture(
                &regex(&format!(r#"\b{name}\s*:\s*['"`]([^'"`]*)['"`]"#)),
                options,
            )
        };
        let Some(path) = option("path") else {
            continue;
        };
        let path = path.trim_end_matches('/').to_string();
        let route = option("routeBasePath").unwrap_or_else(|| "docs".into());
        let route = route.trim_matches('/').to_string();
        let hidden = path.split('/').any(|segment| segment.starts_with('_'));
        if hidden || !dir.join(&path).is_dir() || collected.contains(&route) {
            continue;
        }
        let prefix = match route.as_str() {
            "" => base.clone(),
            route => format!("{base}/{route}"),
        };
        found.collections.push(DetectedCollection {
            name: option("id").unwrap_or_else(|| path.clone()),
            about: format!("A second docs plugin, served at {prefix}/."),
            content: vec![path],
            permalink: doc_urls(&prefix),
            title_heading: None,
            schema: None,
        });
        found.routes.push(format!("{prefix}/category/*"));
        collected.push(route);
    }
    // Other content plugins (a changelog blog, test instances) serve their own paths.
    for route_base in regex(r#"\brouteBasePath\s*:\s*['"`]/?([\w./-]+?)/?['"`]"#)
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str())
        .filter(|route_base| !collected.iter().any(|c| c == route_base))
    {
        for route in [
            format!("{base}/{route_base}"),
            format!("{base}/{route_base}/**"),
        ] {
            if !found.routes.contains(&route) {
                found.routes.push(route);
            }
        }
    }
    // A local plugin that adds routes itself (`actions.addRoute`).
    for (module, routes) in local_plugin_routes(dir, text) {
        found.notes.push(format!(
            "the local plugin {module} adds routes; proofmark takes the paths it names ({}) as pages",
            routes.join(", ")
        ));
        found.sources.push(module);
        for route in routes {
            found.routes.push(format!("{base}{route}"));
            found.routes.push(format!("{base}{route}/**"));
        }
    }
    // The client-redirects plugin makes a page at every `from` path.
    if let Some(options) = regex(r#"['"`](?:@docusaurus/plugin-)?client-redirects['"`]"#)
        .find(text)
        .map(|m| expression_after(text[m.end()..].trim_start().trim_start_matches(',')))
    {
        for from in regex(r#"(?s)\bfrom\s*:\s*(\[[^\]]*\]|['"`][^'"`]*['"`])"#)
            .captures_iter(options)
            .filter_map(|c| c.get(1))
        {
            for path in string_literals(from.as_str()) {
                if path.starts_with('/') && !found.routes.contains(&path) {
                    found.routes.push(path);
                }
            }
        }
    }
    found.public = Some("static".into());
    // Docusaurus' webpack alias for the site folder, used in image paths.
    found.path_aliases.push(("@site".into(), ".".into()));
    // `defaultLocale: 'en'`, or the shorthand `defaultLocale,` of a constant.
    found.fallback =
        capture(&regex(r#"\bdefaultLocale\s*:\s*['"`]([\w-]+)['"`]"#), text).or_else(|| {
            capture(
                &regex(r#"\bconst\s+defaultLocale\s*=\s*['"`]([\w-]+)['"`]"#),
                text,
            )
        });
    if let Some(at) = regex(r"\blocales\s*:").find(text) {
        let expression = expression_after(&text[at.end()..]);
        found.locales = string_literals(expression)
            .into_iter()
            .filter(|locale| Some(locale) != found.fallback.as_ref())
            .fold(Vec::new(), |mut all, locale| {
                if !all.contains(&locale) {
                    all.push(locale);
                }
                all
            });
        if !expression.trim_start().starts_with('[') && !found.locales.is_empty() {
            found.notes.push(format!(
                "`i18n.locales` is an expression; proofmark assumes every locale it names: {}",
                found.locales.join(", ")
            ));
        }
    }
    // Each locale is a whole copy of the site under `/<locale>/`, the
    // default locale's at the root.
    found.fallback_at_root = true;
    for locale in found.locales.clone() {
        found.routes.push(format!("{base}/{locale}"));
    }
    if found.locales.is_empty() {
        found.fallback = None;
    } else {
        found.notes.push(
            "translated docs live in i18n/<locale>/docusaurus-plugin-content-docs/current; add them to `content` to lint them".into(),
        );
    }
    found
}

/// Docusaurus' docs versions: those of versions.json (newest first) and
/// the version served at the docs' own path.
pub(super) struct DocsVersions {
    versions: Vec<String>,
    last_version: Option<String>,
}

pub(super) fn docs_versions(dir: &Path, text: &str, notes: &mut Vec<String>) -> DocsVersions {
    let versions: Vec<String> = read(dir, "versions.json")
        .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
        .unwrap_or_default();
    if versions.is_empty() || regex(r"\bdisableVersioning\s*:\s*true").is_match(text) {
        return DocsVersions {
            versions: Vec::new(),
            last_version: None,
        };
    }
    let written = regex(r"\blastVersion\s*:").find(text).map(|at| {
        let expression = expression_after(&text[at.end()..]).trim();
        match string_literals(expression).as_slice() {
            [only] if expression.len() == only.len() + 2 => Ok(only.clone()),
            _ => Err(()),
        }
    });
    let last_version = match written {
        Some(Ok(version)) => version,
        Some(Err(())) => {
            notes.push(format!(
                "the docs' `lastVersion` is an expression; proofmark assumes Docusaurus' default, the newest version ({})",
                versions[0]
            ));
            versions[0].clone()
        }
        None => versions[0].clone(),
    };
    DocsVersions {
        versions,
        last_version: Some(last_version),
    }
}

/// Local plugins (`'./src/plugins/x/Plugin.js'` in the config) that call
/// `actions.addRoute`, with the URL paths their code names.
pub(super) fn local_plugin_routes(dir: &Path, text: &str) -> Vec<(String, Vec<String>)> {
    let url_path = regex(r"^/[A-Za-z0-9][\w./-]*$");
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for specifier in string_literals(text) {
        let Some((shown, path)) = local_module(dir, &specifier) else {
            continue;
        };
        if out.iter().any(|(seen, _)| *seen == shown) {
            continue;
        }
        let Ok(code) = crate::contained::read_config_file(&path) else {
            continue;
        };
        let code = without_comments(&code);
        if !code.contains("addRoute(") {
            continue;
        }
        let routes: Vec<String> = string_literals(&code)
            .into_iter()
            .filter(|literal| url_path.is_match(literal))
            .map(|literal| literal.trim_end_matches('/').to_string())
            .fold(Vec::new(), |mut all, route| {
                if !all.contains(&route) {
                    all.push(route);
                }
                all
            });
        if !routes.is_empty() {
            out.push((shown, routes));
        }
    }
    out
}
