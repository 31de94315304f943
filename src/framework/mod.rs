//! Framework adapters: each site generator's own files read into the site
//! model that `check` uses and `init` writes (site URL, content folders and
//! collections, permalinks, routes, redirects, locales). One file a
//! framework; `detect` picks the one whose config is here.
//!
//! Reading is plain text extraction: TOML is parsed, YAML and JavaScript are
//! searched, nothing is evaluated. What cannot be read is left at a safe
//! default and said in a note.

mod astro;
mod astrowind;
mod content_schema;
mod docusaurus;
mod hugo;
mod jekyll;
mod js;
mod zola;

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;

use crate::config::presets::Preset;
use astro::astro;
use astrowind::astrowind;
pub use content_schema::content_config_fields;
use docusaurus::docusaurus;
use hugo::{hugo, HUGO_BASE_URL};
use jekyll::jekyll;
use js::*;
use zola::zola;

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
    /// Every framework with an adapter.
    pub const ALL: &'static [Framework] = &[
        Framework::AstroWind,
        Framework::Starlight,
        Framework::Astro,
        Framework::Hugo,
        Framework::Zola,
        Framework::Jekyll,
        Framework::Docusaurus,
    ];

    /// The name `[site] framework` takes.
    pub fn key(self) -> &'static str {
        match self {
            Framework::AstroWind => "astrowind",
            Framework::Starlight => "starlight",
            Framework::Astro => "astro",
            Framework::Hugo => "hugo",
            Framework::Zola => "zola",
            Framework::Jekyll => "jekyll",
            Framework::Docusaurus => "docusaurus",
            Framework::Unknown => "unknown",
        }
    }

    pub fn is_astro(self) -> bool {
        matches!(
            self,
            Framework::AstroWind | Framework::Starlight | Framework::Astro
        )
    }

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
    pub fn accepts_any_field(self) -> bool {
        matches!(
            self,
            Framework::Jekyll | Framework::Hugo | Framework::Docusaurus
        )
    }

    pub fn preset(self) -> Preset {
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
    /// The schema requires it (zod: neither `.optional()` nor a default).
    pub required: bool,
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
    /// Rules that check something the site does not have, with why: written
    /// under `[rules]` as `"off"`.
    pub rules_off: Vec<(&'static str, String)>,
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
    /// Its own schema, when the framework declares one (Astro's zod).
    pub schema: Option<CollectionSchema>,
}

/// A collection's declared front matter: its fields, and whether keys it
/// does not declare pass (`.passthrough()`).
#[derive(Clone, Debug)]
pub struct CollectionSchema {
    pub fields: Vec<ExtraField>,
    pub passthrough: bool,
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
            rules_off: Vec::new(),
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
    crate::contained::read_config_file(&dir.join(relative)).ok()
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
    found.redirects = redirects_file(dir, found.public.as_deref());
    found
}

/// The host's redirects: `_redirects` in the published folder (Netlify,
/// Cloudflare Pages), else `[[redirects]]` in netlify.toml, else
/// `redirects`/`rewrites` in vercel.json.
fn redirects_file(dir: &Path, public: Option<&str>) -> Option<String> {
    if let Some(public) = public {
        let file = Path::new(public).join("_redirects");
        if dir.join(&file).is_file() {
            return Some(file.to_string_lossy().replace('\\', "/"));
        }
    }
    let netlify = read(dir, "netlify.toml")
        .is_some_and(|text| regex(r"(?m)^\s*\[\[redirects\]\]").is_match(&text));
    if netlify {
        return Some("netlify.toml".into());
    }
    let vercel = read(dir, "vercel.json")
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|json| json.get("redirects").is_some() || json.get("rewrites").is_some());
    vercel.then(|| "vercel.json".to_string())
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
            return zola(dir, &text);
        }
    }
    if let Some((name, text)) = first_file(dir, &["_config.yml", "_config.yaml"]) {
        return jekyll(dir, &name, &text);
    }
    unknown(dir)
}

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

/// A value at a dotted path of a TOML table.
/// A YAML config file as a TOML table, read with the front-matter YAML
/// parser: maps, lists and scalars (aliases and nulls are left out).
fn yaml_table(text: &str) -> Result<toml::Table, String> {
    use crate::article::deadline::Deadline;
    use crate::article::front_matter::{parse_yaml, Value, ValueKind};
    fn convert(value: &Value) -> Option<toml::Value> {
        Some(match &value.kind {
            ValueKind::Null | ValueKind::Alias => return None,
            ValueKind::Bool(b) => toml::Value::Boolean(*b),
            ValueKind::Integer(i) => toml::Value::Integer(*i),
            ValueKind::Float(f) => toml::Value::Float(*f),
            ValueKind::String(s) | ValueKind::Datetime(s) => toml::Value::String(s.clone()),
            ValueKind::List(items) => {
                toml::Value::Array(items.iter().filter_map(convert).collect())
            }
            ValueKind::Map(entries) => toml::Value::Table(
                entries
                    .iter()
                    .filter_map(|entry| Some((entry.key.clone(), convert(&entry.value)?)))
                    .collect(),
            ),
        })
    }
    let (value, problems) = parse_yaml(text, 0, &Deadline::none());
    if let Some(problem) = problems.first() {
        return Err(problem.message.clone());
    }
    match value.as_ref().and_then(convert) {
        Some(toml::Value::Table(table)) => Ok(table),
        None => Ok(toml::Table::new()),
        Some(_) => Err("not a mapping".into()),
    }
}

fn lookup<'t>(table: &'t toml::Table, dotted: &str) -> Option<&'t toml::Value> {
    let mut parts = dotted.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
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
}
