//! `proofmark init`: finds which site generator the current folder uses,
//! reads what it can from the generator's own config (site URL, content
//! folders, permalinks, trailing slash, redirect fields, locales) and writes
//! a commented `proofmark.toml`.
//!
//! Reading is plain text extraction: TOML is parsed, YAML and JavaScript are
//! searched with regular expressions, nothing is evaluated. What cannot be
//! read is left at a safe default and said so in a comment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::config::presets::Preset;

/// The site generators `init` recognises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    AstroWind,
    Starlight,
    Astro,
    Hugo,
    Zola,
    Jekyll,
    Docusaurus,
    /// Nothing recognised: a generic starting point.
    Unknown,
}

impl Framework {
    pub fn name(self) -> &'static str {
        match self {
            Framework::AstroWind => "AstroWind",
            Framework::Starlight => "Astro Starlight",
            Framework::Astro => "Astro",
            Framework::Hugo => "Hugo",
            Framework::Zola => "Zola",
            Framework::Jekyll => "Jekyll",
            Framework::Docusaurus => "Docusaurus",
            Framework::Unknown => "unknown",
        }
    }

    /// The name with its article: "a Hugo", "an Astro".
    pub fn a_name(self) -> String {
        let name = self.name();
        let article = if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// Jekyll and Hugo hand every front-matter key to the templates, and
    /// Docusaurus validates its known keys but lets others through: a key
    /// the schema does not list is no defect there.
    fn accepts_any_field(self) -> bool {
        matches!(
            self,
            Framework::Jekyll | Framework::Hugo | Framework::Docusaurus
        )
    }

    fn preset(self) -> Preset {
        match self {
            Framework::AstroWind => Preset::Astrowind,
            Framework::Starlight => Preset::Astro,
            Framework::Hugo => Preset::Hugo,
            Framework::Zola => Preset::Zola,
            Framework::Jekyll => Preset::Jekyll,
            Framework::Docusaurus => Preset::Docusaurus,
            Framework::Astro | Framework::Unknown => Preset::None,
        }
    }
}

/// A field the site adds to the preset's schema, with its type when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraField {
    pub name: String,
    pub ty: Option<&'static str>,
}

/// What `init` found: the values of the config it will write.
#[derive(Clone, Debug)]
pub struct Detection {
    pub framework: Framework,
    /// The files the values were read from.
    pub sources: Vec<String>,
    pub url: Option<String>,
    pub content: Vec<String>,
    /// Files under the content folders the framework does not build.
    pub exclude: Vec<String>,
    pub permalink: Vec<String>,
    pub trailing_slash: &'static str,
    pub routes: Vec<String>,
    pub public: Option<String>,
    pub path_aliases: Vec<(String, String)>,
    pub redirect_fields: Vec<String>,
    /// `[site] redirects`: the host's redirects file, when there is one.
    pub redirects: Option<String>,
    pub heading_ids: Option<&'static str>,
    /// `[site] relative-links`, when the framework resolves them its own way.
    pub relative_links: Option<&'static str>,
    /// `[site] title-heading`, when the layout does not render the title as the H1.
    pub title_heading: Option<&'static str>,
    pub definition_term_ids: bool,
    pub locales: Vec<String>,
    pub fallback: Option<String>,
    /// The fallback locale is served at the root, without a prefix.
    pub fallback_at_root: bool,
    pub fields: Vec<ExtraField>,
    /// Groups of articles with their own URLs (a blog, a docs version).
    pub collections: Vec<DetectedCollection>,
    /// Things the user should check, written as comments.
    pub notes: Vec<String>,
}

/// A `[[collections]]` entry: what it is, its folders and its URLs.
#[derive(Clone, Debug)]
pub struct DetectedCollection {
    pub name: String,
    /// What the framework makes of it, written as a comment.
    pub about: String,
    pub content: Vec<String>,
    pub permalink: Vec<String>,
    pub title_heading: Option<&'static str>,
}

impl Detection {
    fn new(framework: Framework) -> Self {
        Detection {
            framework,
            sources: Vec::new(),
            url: None,
            content: Vec::new(),
            exclude: Vec::new(),
            permalink: Vec::new(),
            trailing_slash: "ignore",
            routes: Vec::new(),
            public: None,
            path_aliases: Vec::new(),
            redirect_fields: Vec::new(),
            redirects: None,
            heading_ids: None,
            relative_links: None,
            title_heading: None,
            definition_term_ids: false,
            locales: Vec::new(),
            fallback: None,
            fallback_at_root: false,
            fields: Vec::new(),
            collections: Vec::new(),
            notes: Vec::new(),
        }
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid built-in pattern")
}

/// The first capture of `pattern` in `text`.
fn capture(pattern: &Regex, text: &str) -> Option<String> {
    pattern
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
}

fn read(dir: &Path, relative: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(relative)).ok()
}

/// The first of `names` that exists in `dir`, with its text.
fn first_file(dir: &Path, names: &[&str]) -> Option<(String, String)> {
    names
        .iter()
        .find_map(|name| read(dir, name).map(|text| (name.to_string(), text)))
}

/// Finds the framework of the site in `dir` and reads its settings.
pub fn detect(dir: &Path) -> Detection {
    let mut found = detect_framework(dir);
    // Netlify and Cloudflare Pages read `_redirects` from the published folder.
    if let Some(public) = &found.public {
        let file = Path::new(public).join("_redirects");
        if dir.join(&file).is_file() {
            found.redirects = Some(file.to_string_lossy().replace('\\', "/"));
        }
    }
    found
}

fn detect_framework(dir: &Path) -> Detection {
    if let Some(text) = read(dir, "src/config.yaml") {
        let is_astrowind = regex(r"(?m)^site:").is_match(&text)
            && (dir.join("src/data/post").is_dir() || text.contains("\napps:"));
        if is_astrowind {
            return astrowind(dir, &text);
        }
    }
    if let Some((name, text)) = first_file(
        dir,
        &[
            "docusaurus.config.ts",
            "docusaurus.config.js",
            "docusaurus.config.mjs",
            "docusaurus.config.mts",
            "docusaurus.config.cjs",
        ],
    ) {
        return docusaurus(dir, &name, &text);
    }
    if let Some((name, text)) = first_file(
        dir,
        &[
            "astro.config.mjs",
            "astro.config.ts",
            "astro.config.js",
            "astro.config.mts",
            "astro.config.cjs",
        ],
    ) {
        return astro(dir, &name, &text);
    }
    for name in [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
    ] {
        if let Some(text) = read(dir, name) {
            if HUGO_BASE_URL.is_match(&text) || name.starts_with("hugo.") {
                return hugo(dir, name, &text);
            }
        }
    }
    if let Some(text) = read(dir, "config.toml") {
        if text.contains("base_url") {
            return zola(&text);
        }
    }
    if let Some((name, text)) = first_file(dir, &["_config.yml", "_config.yaml"]) {
        return jekyll(&name, &text);
    }
    unknown(dir)
}

static HUGO_BASE_URL: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"(?mi)^[ \t]*"?baseurl"?[ \t]*[=:][ \t]*["']?([^"'\s,#]+)"#));

/// `site.site` in AstroWind's `src/config.yaml`, the blog's `permalink` and
/// the paths of its list, category and tag pages.
fn astrowind(dir: &Path, text: &str) -> Detection {
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
    found
}

/// `i18n.locales` in the config of AstroWind's i18n forks.
fn astrowind_locales(text: &str) -> Vec<String> {
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
fn section_pathname(text: &str, key: &str) -> Option<String> {
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
fn astrowind_permalink(pattern: &str) -> Option<String> {
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

/// `astro.config.*`: `site`, `base`, `trailingSlash`; Starlight's content
/// folder, default locale and the fields its content config adds.
fn astro(dir: &Path, name: &str, text: &str) -> Detection {
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
fn js_site_url(text: &str) -> Option<String> {
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

const ASTRO_PAGES: &[&str] = &["astro", "md", "mdx", "html"];
const DOCUSAURUS_PAGES: &[&str] = &["js", "jsx", "ts", "tsx", "md", "mdx"];

/// Static pages under `src/pages` (`about.astro` → `/about`), for the page
/// file `extensions` of the framework; `_` files and dynamic routes are left out.
fn page_routes(dir: &Path, base: &str, extensions: &[&str]) -> Vec<String> {
    let pages = dir.join("src/pages");
    let mut routes = Vec::new();
    let mut stack = vec![pages.clone()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // A `[param]` folder (`[locale]`) is one segment of any value;
            // `[param]` files and `[...rest]` routes could match anything, so
            // they are left out.
            let one_segment = path.is_dir() && name.starts_with('[') && !name.starts_with("[...");
            if name.starts_with(['_', '.']) || (name.starts_with('[') && !one_segment) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Some((stem, extension)) = name.rsplit_once('.') else {
                continue;
            };
            if !extensions.contains(&extension) || stem.contains(".test") {
                continue;
            }
            let Ok(relative) = path.strip_prefix(&pages) else {
                continue;
            };
            let folder = relative
                .parent()
                .map(|p| {
                    p.iter()
                        .map(|segment| {
                            let segment = segment.to_string_lossy();
                            if segment.starts_with('[') {
                                "*".to_string()
                            } else {
                                segment.into_owned()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("/")
                })
                .unwrap_or_default();
            let route = match (folder.is_empty(), stem) {
                (true, "index") => continue,
                (true, _) => format!("{base}/{stem}"),
                (false, "index") => format!("{base}/{folder}"),
                (false, _) => format!("{base}/{folder}/{stem}"),
            };
            // A route of nothing but `*` (`[locale]/index.astro`) would match every link.
            if route
                .split('/')
                .any(|segment| !segment.is_empty() && segment != "*")
            {
                routes.push(route);
            }
        }
    }
    routes.sort();
    routes
}

/// `compilerOptions.paths` of `tsconfig.json`: `"~/*": ["src/*"]` → `~/` = `src/`.
fn ts_path_aliases(dir: &Path) -> Vec<(String, String)> {
    let Some(text) = read(dir, "tsconfig.json") else {
        return Vec::new();
    };
    regex(r#""([^"*]+)\*"\s*:\s*\[\s*"(?:\./)?([^"*]*)\*""#)
        .captures_iter(&text)
        .filter_map(|c| {
            Some((
                c.get(1)?.as_str().to_string(),
                c.get(2)?.as_str().to_string(),
            ))
        })
        .collect()
}

/// Locale-like folders (`de`, `pt-br`, `zh-cn`) in `dir`, except `fallback`.
fn locale_folders(dir: &Path, fallback: &Option<String>) -> Vec<String> {
    let locale = regex(r"^[a-z]{2,3}(-[a-zA-Z0-9]{2,4})?$");
    let mut locales: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| locale.is_match(name) && Some(name) != fallback.as_ref())
        .collect();
    locales.sort();
    locales
}

/// Hugo's `hugo.toml` (or YAML/JSON): `baseURL`, the content folder and
/// its mounts, languages, taxonomies and goldmark's definition-term ids.
fn hugo(dir: &Path, name: &str, text: &str) -> Detection {
    let mut found = Detection::new(Framework::Hugo);
    found.sources.push(name.into());
    found.url = capture(&HUGO_BASE_URL, text).and_then(|url| origin(&url));
    let mut content_dir = "content".to_string();
    let mut lower = true;
    let mut taxonomies = vec!["categories".to_string(), "tags".to_string()];
    let mut ugly = false;
    let mut static_dir = "static".to_string();
    if name.ends_with(".toml") {
        match toml::from_str::<toml::Table>(text) {
            Ok(config) => {
                let get = |key: &str| lookup(&config, key);
                if let Some(dir) = get("contentDir").and_then(toml::Value::as_str) {
                    content_dir = dir.to_string();
                }
                if let Some(source) = content_mount(&config) {
                    content_dir = source;
                }
                if let Some(dir) = get("staticDir").and_then(toml::Value::as_str) {
                    static_dir = dir.to_string();
                }
                lower = !get("disablePathToLower")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false);
                ugly = get("uglyURLs")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false);
                found.definition_term_ids = get("markup.goldmark.parser.autoDefinitionTermID")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false);
                if let Some(table) = get("taxonomies").and_then(toml::Value::as_table) {
                    taxonomies = table
                        .values()
                        .filter_map(toml::Value::as_str)
                        .map(str::to_string)
                        .collect();
                }
                if let Some(languages) = get("languages").and_then(toml::Value::as_table) {
                    if languages.len() > 1 {
                        found.fallback = Some(
                            get("defaultContentLanguage")
                                .and_then(toml::Value::as_str)
                                .unwrap_or("en")
                                .to_string(),
                        );
                        found.locales = languages
                            .keys()
                            .filter(|l| Some(*l) != found.fallback.as_ref())
                            .cloned()
                            .collect();
                        found.notes.push(
                            "a multilingual Hugo site: check that `content` and `permalink` cover each language's content folder".into(),
                        );
                    }
                }
                if get("permalinks").is_some() {
                    found.notes.push(
                        "[permalinks] in the Hugo config apply per section; proofmark uses Hugo's default URLs below, so adjust `permalink` for those sections".into(),
                    );
                }
            }
            Err(error) => found.notes.push(format!(
                "{name} did not parse as TOML ({}); defaults are used",
                error.message().trim()
            )),
        }
    } else {
        let yaml_key = |key: &str| {
            capture(
                &regex(&format!(
                    r#"(?mi)^[ \t]*"?{key}"?[ \t]*:[ \t]*["']?([^"'\s,#]+)"#
                )),
                text,
            )
        };
        if let Some(dir) = yaml_key("contentDir") {
            content_dir = dir;
        }
        lower = yaml_key("disablePathToLower").as_deref() != Some("true");
        ugly = yaml_key("uglyURLs").as_deref() == Some("true");
    }
    if !dir.join(&content_dir).exists() && dir.join("content").is_dir() {
        content_dir = "content".into();
    }
    found.content.push(content_dir);
    let lower = if lower { "|lower" } else { "" };
    if ugly {
        found.trailing_slash = "never";
        found.permalink = vec![
            "{fm:url}".into(),
            format!("/{{dir{lower}}}/{{fm:slug{lower}}}.html"),
            format!("/{{path{lower}}}.html"),
        ];
    } else {
        found.trailing_slash = "always";
        found.permalink = vec![
            "{fm:url}".into(),
            format!("/{{dir{lower}}}/{{fm:slug{lower}}}/"),
            format!("/{{path{lower}}}/"),
        ];
    }
    found.routes.push("/".into());
    for taxonomy in taxonomies {
        found.routes.push(format!("/{taxonomy}/**"));
    }
    found.public = Some(static_dir);
    found.redirect_fields.push("aliases".into());
    found
}

/// A value at a dotted path of a TOML table.
fn lookup<'t>(table: &'t toml::Table, dotted: &str) -> Option<&'t toml::Value> {
    let mut parts = dotted.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

/// The `source` of the `[[module.mounts]]` entry whose target is `content`.
fn content_mount(config: &toml::Table) -> Option<String> {
    lookup(config, "module.mounts")?
        .as_array()?
        .iter()
        .filter_map(toml::Value::as_table)
        .find(|mount| mount.get("target").and_then(toml::Value::as_str) == Some("content"))
        .and_then(|mount| mount.get("source")?.as_str())
        .map(str::to_string)
}

/// Zola's `config.toml`: `base_url`, feeds, taxonomies, languages.
fn zola(text: &str) -> Detection {
    let mut found = Detection::new(Framework::Zola);
    found.sources.push("config.toml".into());
    found.content.push("content".into());
    found.permalink = vec!["/{fm:path}/".into(), "/{path}/".into()];
    found.trailing_slash = "always";
    found.routes.push("/".into());
    found.public = Some("static".into());
    found.redirect_fields.push("aliases".into());
    found.heading_ids = Some("zola");
    found.path_aliases.push(("@/".into(), "content/".into()));
    match toml::from_str::<toml::Table>(text) {
        Ok(config) => {
            found.url = lookup(&config, "base_url")
                .and_then(toml::Value::as_str)
                .and_then(origin);
            let feeds = lookup(&config, "feed_filenames")
                .and_then(toml::Value::as_array)
                .map(|names| names.iter().filter_map(toml::Value::as_str).collect())
                .or_else(|| {
                    lookup(&config, "feed_filename")
                        .and_then(toml::Value::as_str)
                        .map(|name| vec![name])
                })
                .unwrap_or_default();
            let generates_feeds = ["generate_feeds", "generate_feed"]
                .iter()
                .any(|key| lookup(&config, key).and_then(toml::Value::as_bool) == Some(true));
            if generates_feeds {
                let feeds = if feeds.is_empty() {
                    vec!["atom.xml"]
                } else {
                    feeds
                };
                found
                    .routes
                    .extend(feeds.into_iter().map(|name| format!("/{name}")));
            }
            if let Some(taxonomies) = lookup(&config, "taxonomies").and_then(toml::Value::as_array)
            {
                for taxonomy in taxonomies {
                    if let Some(name) = taxonomy.get("name").and_then(toml::Value::as_str) {
                        found.routes.push(format!("/{name}/**"));
                    }
                }
            }
            if let Some(languages) = lookup(&config, "languages").and_then(toml::Value::as_table) {
                if !languages.is_empty() {
                    found.fallback = Some(
                        lookup(&config, "default_language")
                            .and_then(toml::Value::as_str)
                            .unwrap_or("en")
                            .to_string(),
                    );
                    found.locales = languages.keys().cloned().collect();
                    found.notes.push(
                        "a multilingual Zola site: translations are `page.<lang>.md` files served under `/<lang>/`; check `permalink`".into(),
                    );
                }
            }
        }
        Err(error) => found.notes.push(format!(
            "config.toml did not parse as TOML ({}); defaults are used",
            error.message().trim()
        )),
    }
    found
}

/// Jekyll's `_config.yml`: `url`, `baseurl`, `permalink`, and the
/// jekyll-redirect-from plugin.
fn jekyll(name: &str, text: &str) -> Detection {
    let mut found = Detection::new(Framework::Jekyll);
    found.sources.push(name.into());
    // Jekyll's output and installed gems.
    found.exclude = vec![
        "_site/**".into(),
        "vendor/**".into(),
        "node_modules/**".into(),
    ];
    let key = |key: &str| {
        capture(
            &regex(&format!(
                r##"(?m)^{key}[ \t]*:[ \t]*['"]?([^'"#\n]*?)['"]?[ \t]*(?:#.*)?$"##
            )),
            text,
        )
        .filter(|value| !value.is_empty())
    };
    found.url = key("url").and_then(|url| origin(&url));
    let base = key("baseurl").unwrap_or_default();
    let base = base.trim_end_matches('/');
    found.url = served_under(found.url.take(), base);
    found.content.push(".".into());
    // Jekyll copies the source folder's other files to the site as they
    // are; under a `baseurl` they are served below it, which `public` cannot
    // say, so root-relative files are then left unchecked.
    if base.is_empty() {
        found.public = Some(".".into());
    }
    let permalink = key("permalink").unwrap_or_else(|| "date".into());
    let pattern = match permalink.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let template = jekyll_permalink(pattern);
    found.trailing_slash = if template.ends_with('/') {
        "always"
    } else {
        "ignore"
    };
    found.permalink = vec![
        format!("{base}{{fm:permalink}}"),
        format!("{base}{template}"),
    ];
    found.routes.push(format!("{base}/"));
    if text.contains("jekyll-redirect-from") {
        found.redirect_fields.push("redirect_from".into());
    }
    found
}

/// A Jekyll permalink pattern as a proofmark template.
fn jekyll_permalink(pattern: &str) -> String {
    let mut out = pattern.to_string();
    for (variable, placeholder) in [
        (":categories", "{categories}"),
        (":year", "{year}"),
        (":month", "{month}"),
        (":day", "{day}"),
        (":title", "{slug|undated}"),
        (":slug", "{slug|undated|slug}"),
        (":output_ext", ".html"),
    ] {
        out = out.replace(variable, placeholder);
    }
    // Variables without a proofmark placeholder (`:y_day`, `:week`, …).
    regex(r":[a-z_]+").replace_all(&out, "{slug}").into_owned()
}

/// `docusaurus.config.*`: `url`, `baseUrl`, `trailingSlash`, the docs'
/// `routeBasePath`, and `i18n`.
fn docusaurus(dir: &Path, name: &str, text: &str) -> Detection {
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
            });
        }
    }
    found
        .routes
        .extend(page_routes(dir, &base, DOCUSAURUS_PAGES));
    // The classic preset's sitemap, the generated category indexes of
    // autogenerated sidebars, and the debug plugin when it is forced on.
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
struct DocsVersions {
    versions: Vec<String>,
    last_version: Option<String>,
}

fn docs_versions(dir: &Path, text: &str, notes: &mut Vec<String>) -> DocsVersions {
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

/// The JS expression at the start of `text`: up to the first `,` (or
/// closing bracket) outside brackets and strings.
fn expression_after(text: &str) -> &str {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return &text[..at],
            ')' | ']' | '}' => depth -= 1,
            ',' | ';' if depth == 0 => return &text[..at],
            _ => {}
        }
    }
    text
}

/// The plain string literals (`'fr'`, `"/docs/support"`, and template
/// literals without `${…}`) in a piece of JS, in order.
fn string_literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if !matches!(c, '\'' | '"' | '`') {
            continue;
        }
        let mut literal = String::new();
        let mut plain = true;
        let mut escaped = false;
        for inner in chars.by_ref() {
            if escaped {
                escaped = false;
                literal.push(inner);
            } else if inner == '\\' {
                escaped = true;
            } else if inner == c {
                break;
            } else {
                plain &= !(c == '`' && inner == '$');
                literal.push(inner);
            }
        }
        if plain {
            out.push(literal);
        }
    }
    out
}

/// A relative module path (`./src/plugins/x`) as a file in the site
/// folder, trying the extensions a bundler would; never outside `dir`.
fn local_module(dir: &Path, specifier: &str) -> Option<(String, PathBuf)> {
    if !(specifier.starts_with("./") || specifier.starts_with("../")) {
        return None;
    }
    let root = dir.canonicalize().ok()?;
    [
        "",
        ".ts",
        ".js",
        ".mjs",
        ".cjs",
        ".mts",
        "/index.ts",
        "/index.js",
    ]
    .iter()
    .map(|ext| dir.join(format!("{specifier}{ext}")))
    .find(|path| path.is_file())
    .and_then(|path| path.canonicalize().ok())
    .filter(|path| path.starts_with(&root))
    .map(|path| {
        let shown = path
            .strip_prefix(&root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        (shown, path)
    })
}

/// The local JS/TS modules a config file imports, with their text.
fn local_modules(dir: &Path, text: &str) -> Vec<(String, String)> {
    regex(r#"(?m)^\s*import\s[^;]*?\bfrom\s*['"](\.{1,2}/[^'"]+)['"]"#)
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .filter(|specifier| !specifier.as_str().ends_with(".json"))
        .filter_map(|specifier| local_module(dir, specifier.as_str()))
        .filter_map(|(shown, path)| {
            let text = std::fs::read_to_string(path).ok()?;
            Some((shown, without_comments(&text)))
        })
        .collect()
}

/// Local plugins (`'./src/plugins/x/Plugin.js'` in the config) that call
/// `actions.addRoute`, with the URL paths their code names.
fn local_plugin_routes(dir: &Path, text: &str) -> Vec<(String, Vec<String>)> {
    let url_path = regex(r"^/[A-Za-z0-9][\w./-]*$");
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for specifier in string_literals(text) {
        let Some((shown, path)) = local_module(dir, &specifier) else {
            continue;
        };
        if out.iter().any(|(seen, _)| *seen == shown) {
            continue;
        }
        let Ok(code) = std::fs::read_to_string(&path) else {
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

fn unknown(dir: &Path) -> Detection {
    let mut found = Detection::new(Framework::Unknown);
    found.content.push(".".into());
    found.notes.push(
        "no Astro, Hugo, Zola, Jekyll or Docusaurus config was found here; set `url`, `content` and `permalink` for the site".into(),
    );
    if dir.join("public").is_dir() {
        found.public = Some("public".into());
    } else if dir.join("static").is_dir() {
        found.public = Some("static".into());
    }
    found
}

/// The site's address when it is served under a base path
/// (`https://example.github.io` + `/blog`): links to the same host outside
/// the base lead to other sites.
fn served_under(origin: Option<String>, base: &str) -> Option<String> {
    let base = base.trim_end_matches('/');
    match origin {
        Some(origin) if base.starts_with('/') && !base.contains(['{', ' ']) => {
            Some(format!("{origin}{base}"))
        }
        origin => origin,
    }
}

/// `https://example.com/` → `https://example.com` (only an http(s) origin).
fn origin(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) {
        return None;
    }
    let scheme_len = url.len() - rest.len();
    Some(url[..scheme_len + host.len()].to_string())
}

/// The fields a content config (`src/content.config.ts`) declares with zod:
/// for Starlight those reachable from `docsSchema({ extend: … })`, otherwise
/// every `z.object({…})` in the file. Nested objects give dotted names.
pub fn content_config_fields(text: &str, starlight: bool) -> Vec<ExtraField> {
    let start = if starlight {
        match text.find("docsSchema(") {
            Some(at) => balanced(text, at + "docsSchema".len()).unwrap_or(""),
            None => return Vec::new(),
        }
    } else {
        text
    };
    let mut pending = vec![start];
    let mut seen: Vec<&str> = Vec::new();
    let mut types: BTreeMap<String, Option<&'static str>> = BTreeMap::new();
    while let Some(piece) = pending.pop() {
        for (name, ty) in object_fields(piece) {
            types
                .entry(name)
                .and_modify(|known| {
                    if *known != ty {
                        *known = None;
                    }
                })
                .or_insert(ty);
        }
        if !starlight {
            continue;
        }
        // Follow the constants this piece uses (`baseSchema.extend(…)`, `z.union([a, b])`).
        for word in regex(r"\b[A-Za-z_$][\w$]*\b").find_iter(piece) {
            let name = word.as_str();
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if let Some(definition) = const_definition(text, name) {
                pending.push(definition);
            }
        }
    }
    types
        .into_iter()
        .map(|(name, ty)| ExtraField { name, ty })
        .collect()
}

/// The expression of `const NAME = …` up to its `;` (or the end of its brackets).
fn const_definition<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let pattern = regex(&format!(
        r"(?m)^\s*(?:export\s+)?(?:const|let|var)\s+{}\s*(?::[^=]+)?=",
        regex::escape(name)
    ));
    let start = pattern.find(text)?.end();
    let rest = &text[start..];
    let mut depth = 0usize;
    for (offset, c) in code_chars(rest) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => return Some(&rest[..offset]),
            _ => {}
        }
    }
    Some(rest)
}

/// The text inside the brackets that open at `open` (which must be `(`, `[` or `{`).
fn balanced(text: &str, open: usize) -> Option<&str> {
    let rest = text.get(open..)?;
    if !rest.starts_with(['(', '[', '{']) {
        return None;
    }
    let mut depth = 0usize;
    for (offset, c) in code_chars(rest) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return rest.get(1..offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// JavaScript code with its comments blanked out (line breaks kept), so
/// that a commented-out option is not read as set.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for inner in chars.by_ref() {
                    if inner == '\n' {
                        out.push('\n');
                    }
                    if star && inner == '/' {
                        break;
                    }
                    star = inner == '*';
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The characters of JavaScript code with their byte offsets, skipping
/// strings and comments so that their brackets do not count.
fn code_chars(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (offset, c) = chars.next()?;
        match c {
            '\'' | '"' | '`' => {
                let mut escaped = false;
                for (_, inner) in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|&(_, next)| next) == Some('/') => {
                for (_, inner) in chars.by_ref() {
                    if inner == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek().map(|&(_, next)| next) == Some('*') => {
                let mut star = false;
                for (_, inner) in chars.by_ref() {
                    if star && inner == '/' {
                        break;
                    }
                    star = inner == '*';
                }
            }
            _ => return Some((offset, c)),
        }
    })
}

/// The fields of every `z.object({…})` and `.extend({…})` in `code`, with
/// nested objects as dotted names.
fn object_fields(code: &str) -> Vec<(String, Option<&'static str>)> {
    let mut fields = Vec::new();
    let opener = regex(r"\bz\s*\.\s*object\s*\(\s*\{|\.\s*extend\s*\(\s*\{");
    let mut from = 0;
    while let Some(found) = opener.find_at(code, from) {
        let open = found.end() - 1;
        let Some(body) = balanced(code, open) else {
            break;
        };
        fields.extend(body_fields(body, ""));
        from = open + body.len() + 2;
    }
    fields
}

static NESTED_OBJECT: LazyLock<Regex> = LazyLock::new(|| regex(r"^z\s*\.\s*object\s*\(\s*\{"));

/// The `key: value` entries at the top level of an object literal body.
fn body_fields(body: &str, prefix: &str) -> Vec<(String, Option<&'static str>)> {
    let mut fields = Vec::new();
    let mut depth = 0usize;
    let mut entry_start = 0;
    let mut entries = Vec::new();
    for (offset, c) in code_chars(body) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                entries.push(&body[entry_start..offset]);
                entry_start = offset + 1;
            }
            _ => {}
        }
    }
    entries.push(&body[entry_start..]);
    let key = regex(r#"^\s*(?:([A-Za-z_$][\w$]*)|'([^']+)'|"([^"]+)")\s*:\s*"#);
    for entry in entries {
        let entry = skip_comments(entry);
        let Some(captures) = key.captures(entry) else {
            continue;
        };
        let Some(name) = (1..=3).find_map(|i| captures.get(i)) else {
            continue;
        };
        let name = format!("{prefix}{}", name.as_str());
        let value = entry[captures.get(0).map_or(0, |m| m.end())..].trim();
        if let Some(opening) = NESTED_OBJECT.find(value) {
            if let Some(inner) = balanced(value, opening.end() - 1) {
                fields.push((name.clone(), Some("object")));
                fields.extend(body_fields(inner, &format!("{name}.")));
                continue;
            }
        }
        fields.push((name, zod_type(value)));
    }
    fields
}

/// `text` after its leading whitespace and comments.
fn skip_comments(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("//") {
            text = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if let Some(rest) = text.strip_prefix("/*") {
            text = rest.split_once("*/").map_or("", |(_, after)| after);
        } else {
            return text;
        }
    }
}

/// The proofmark type of a zod schema expression, when it is plain.
fn zod_type(value: &str) -> Option<&'static str> {
    let chain = value.split_whitespace().collect::<String>();
    let ty = if chain.starts_with("z.string()") {
        if chain.contains(".url()") {
            "url"
        } else if chain.contains(".datetime()") || chain.contains(".date()") {
            return None;
        } else {
            "string"
        }
    } else if chain.starts_with("z.url()") {
        "url"
    } else if chain.starts_with("z.boolean()") {
        "boolean"
    } else if chain.starts_with("z.number()") {
        if chain.contains(".int()") {
            "integer"
        } else {
            "number"
        }
    } else if chain.starts_with("z.array(") {
        "list"
    } else if chain.starts_with("z.date()") || chain.starts_with("z.coerce.date()") {
        "datetime"
    } else if chain.starts_with("z.enum(") || chain.starts_with("image()") {
        "string"
    } else {
        return None;
    };
    Some(ty)
}

/// TOML's basic string: `"…"` with `\` and `"` escaped.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quote_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| quote(item)).collect();
    let one_line = format!("[{}]", quoted.join(", "));
    if one_line.len() <= 76 {
        return one_line;
    }
    // Packed lines of at most 88 characters.
    let mut out = String::from("[\n");
    let mut line = String::new();
    for item in quoted {
        if !line.is_empty() && line.len() + item.len() + 2 > 86 {
            out.push_str(&format!("  {}\n", line.trim_end()));
            line.clear();
        }
        line.push_str(&format!("{item}, "));
    }
    out.push_str(&format!("  {}\n]", line.trim_end()));
    out
}

/// A TOML key: bare when it can be, quoted otherwise (`"hero.facepile"`).
fn key(name: &str) -> String {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        name.to_string()
    } else {
        quote(name)
    }
}

/// The commented `proofmark.toml` for what was found.
pub fn render(found: &Detection) -> String {
    let mut out = String::new();
    let preset = found.framework.preset();
    if found.framework == Framework::Unknown {
        out.push_str(
            "# proofmark.toml, written by `proofmark init`: no site generator recognised.\n",
        );
    } else {
        out.push_str(&format!(
            "# proofmark.toml, written by `proofmark init` for {} site\n# (read from {}).\n",
            found.framework.a_name(),
            found.sources.join(", ")
        ));
    }
    out.push_str(
        "# Check the values, then run `proofmark check`. The README's Configuration\n# section explains every key; `proofmark config-schema` prints a JSON Schema.\n",
    );
    if !found.notes.is_empty() {
        out.push_str("#\n# To check:\n");
        for note in &found.notes {
            out.push_str(&bullet(note));
        }
    }
    out.push_str("\n[site]\n");
    match &found.url {
        Some(url) => out.push_str(&format!(
            "# The site's address: canonical URLs and absolute links to the site are checked against it\n# (links to the same host outside its path lead to other sites).\nurl = {}\n",
            quote(url)
        )),
        None => out.push_str(
            "# The site's origin (not found in the site's config): set it to check canonical URLs\n# and absolute links to the site.\n# url = \"https://www.example.com\"\n",
        ),
    }
    out.push_str(&format!(
        "# Folders (or files) holding the articles, relative to this file.\ncontent = {}\n",
        quote_list(&found.content)
    ));
    if !found.exclude.is_empty() {
        out.push_str(&format!(
            "# Files and folders not to lint: the generator does not build them.\nexclude = {}\n",
            quote_list(&found.exclude)
        ));
    }
    if !found.permalink.is_empty() {
        out.push_str(&format!(
            "# An article's URL path. {{path}} is its path under the content folder, {{slug}} its\n# `slug` or file name, {{fm:KEY}} a front-matter value; the first template whose values\n# all exist wins.\npermalink = {}\n",
            if found.permalink.len() == 1 {
                quote(&found.permalink[0])
            } else {
                quote_list(&found.permalink)
            }
        ));
    }
    out.push_str(&format!(
        "# Whether article URLs end in `/`: never | always | ignore.\ntrailing-slash = {}\n",
        quote(found.trailing_slash)
    ));
    if !found.routes.is_empty() {
        out.push_str(&format!(
            "# Pages that are not articles, so that links to them are not broken\n# (`*` is one path segment, `**` any number).\nroutes = {}\n",
            quote_list(&found.routes)
        ));
    }
    if let Some(public) = &found.public {
        out.push_str(&format!(
            "# The folder served at the site root, where \"/images/x.png\" lives.\npublic = {}\n",
            quote(public)
        ));
    }
    if let Some(file) = &found.redirects {
        out.push_str(&format!(
            "# The host's redirects: links to an old path that redirects are not broken.\nredirects = {}\n",
            quote(file)
        ));
    }
    if !found.redirect_fields.is_empty() {
        out.push_str(&format!(
            "# Front-matter fields listing old paths that redirect to the article.\nredirect-fields = {}\n",
            quote_list(&found.redirect_fields)
        ));
    }
    if let Some(style) = found.heading_ids {
        out.push_str(&format!(
            "# How the renderer makes heading ids for #fragment links: github | zola | mdn.\nheading-ids = {}\n",
            quote(style)
        ));
    }
    if let Some(mode) = found.relative_links {
        out.push_str(&format!(
            "# How relative links resolve: page | section-or-root | file-then-root.\nrelative-links = {}\n",
            quote(mode)
        ));
    }
    if let Some(level) = found.title_heading {
        out.push_str(&format!(
            "# How the layout renders the front-matter title: 1 | 2 | none | unless-body-h1.\ntitle-heading = {}\n",
            quote(level)
        ));
    }
    if found.definition_term_ids {
        out.push_str(
            "# Terms of definition lists get ids, like headings (goldmark's autoDefinitionTermID).\ndefinition-term-ids = true\n",
        );
    }
    if !found.path_aliases.is_empty() {
        out.push_str("\n# Import aliases used in image and link paths.\n[site.path-aliases]\n");
        for (alias, target) in &found.path_aliases {
            out.push_str(&format!("{} = {}\n", quote(alias), quote(target)));
        }
    }
    if let Some(fallback) = &found.fallback {
        out.push_str(&format!(
            "\n# A translated site: a page missing in a locale falls back to the `fallback` locale's.\n[site.i18n]\nlocales = {}\nfallback = {}\n",
            quote_list(&found.locales),
            quote(fallback)
        ));
        if found.fallback_at_root {
            out.push_str("# The fallback locale's pages are at the root, not under its name.\nfallback-at-root = true\n");
        }
    }
    out.push_str(&format!(
        "\n[front-matter]\n# Built-in front-matter schema: {}.\npreset = {}\n",
        Preset::NAMES.join(" | "),
        quote(preset.name())
    ));
    out.push_str(&format!(
        "# What `unknown-field` does with keys the schema does not know: allow | warn | error.\n{}unknown-fields = {}\n",
        if found.framework.accepts_any_field() {
            format!("# {} passes every front-matter key to the layouts, so none is unknown.\n", found.framework.name())
        } else {
            String::new()
        },
        quote(if found.framework.accepts_any_field() { "allow" } else { "error" })
    ));
    if !found.fields.is_empty() {
        let source = found.sources.last().map(String::as_str).unwrap_or("");
        out.push_str(&format!(
            "\n# Fields this site adds to the schema (read from {source}); add\n# `required = true` or limits such as `max-length = 160` where they apply.\n[front-matter.fields]\n"
        ));
        for field in &found.fields {
            let spec = match field.ty {
                Some(ty) => format!("{{ type = {} }}", quote(ty)),
                None => "{}".into(),
            };
            out.push_str(&format!("{} = {spec}\n", key(&field.name)));
        }
    }
    for collection in &found.collections {
        out.push_str(&format!(
            "\n# {}\n[[collections]]\nname = {}\ncontent = {}\n",
            collection.about,
            quote(&collection.name),
            quote_list(&collection.content)
        ));
        if !collection.permalink.is_empty() {
            out.push_str(&format!(
                "permalink = {}\n",
                quote_list(&collection.permalink)
            ));
        }
        if let Some(level) = collection.title_heading {
            out.push_str(&format!("title-heading = {}\n", quote(level)));
        }
    }
    out.push_str(
        "\n# Rule levels (error | warning | off) and options; `proofmark rules` lists the rules.\n[rules]\n# heading-h1 = \"off\"\n\n# `proofmark check --online` also checks links to other sites and remote images\n# over HTTP; `proofmark explain external-link` describes the [online] settings.\n# [online]\n# accept = [403]\n# exclude = ['^https://(www\\.)?linkedin\\.com/']\n",
    );
    out
}

/// `# - text`, wrapped at about 88 characters.
fn bullet(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("# -");
    for word in text.split_whitespace() {
        if line.len() > 4 && line.len() + 1 + word.len() > 88 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_lose_their_path_and_slash() {
        assert_eq!(
            origin("https://docs.astro.build/"),
            Some("https://docs.astro.build".into())
        );
        assert_eq!(
            origin("https://gohugo.io/docs/"),
            Some("https://gohugo.io".into())
        );
        assert_eq!(origin("/relative"), None);
    }

    #[test]
    fn astrowind_and_jekyll_permalinks_become_templates() {
        assert_eq!(
            astrowind_permalink("/%year%/%slug%"),
            Some("/{year}/{slug}".into())
        );
        assert_eq!(astrowind_permalink("/%hour%/%slug%"), None);
        assert_eq!(
            jekyll_permalink("/:categories/:year/:month/:day/:title:output_ext"),
            "/{categories}/{year}/{month}/{day}/{slug|undated}.html"
        );
    }

    #[test]
    fn starlight_extensions_are_followed_through_constants() {
        let config = r#"
import { z } from 'astro/zod';
// A comment with a { brace
export const baseSchema = z.object({
	type: z.literal('base').optional().default('base'),
	/* The page is ready to translate. */
	i18nReady: z.boolean().default(false),
	githubURL: z.url().optional(),
	// Extends Starlight's `hero`.
	hero: z
		.object({ facepile: z.object({ tagline: z.string(), link: z.string() }) })
		.optional(),
});
export const deploySchema = baseSchema.extend({
	type: z.literal('deploy'),
	supports: z.array(z.enum(['static', 'ssr'])),
});
const contributorSchema = z.object({ login: z.string() });
export const docsCollectionSchema = z.union([baseSchema, deploySchema]);
export const collections = {
	docs: defineCollection({ schema: docsSchema({ extend: docsCollectionSchema }) }),
	contributors: defineCollection({ schema: contributorSchema }),
};
"#;
        let fields = content_config_fields(config, true);
        let names: Vec<(&str, Option<&str>)> =
            fields.iter().map(|f| (f.name.as_str(), f.ty)).collect();
        assert_eq!(
            names,
            vec![
                ("githubURL", Some("url")),
                ("hero", Some("object")),
                ("hero.facepile", Some("object")),
                ("hero.facepile.link", Some("string")),
                ("hero.facepile.tagline", Some("string")),
                ("i18nReady", Some("boolean")),
                ("supports", Some("list")),
                ("type", None),
            ]
        );
    }

    #[test]
    fn commented_out_options_are_not_read() {
        let code = "docs: {\n  // routeBasePath: '/',\n  /* path: 'x', */ path: 'docs', url: 'https://a.b//c'\n}";
        let text = without_comments(code);
        assert!(!text.contains("routeBasePath"));
        assert!(!text.contains("'x'"));
        assert!(text.contains("path: 'docs', url: 'https://a.b//c'"));
        assert_eq!(text.lines().count(), code.lines().count());
    }

    #[test]
    fn keys_are_quoted_only_when_they_must_be() {
        assert_eq!(key("githubURL"), "githubURL");
        assert_eq!(key("hero.facepile"), "\"hero.facepile\"");
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
    }
}
