//! Hugo: `hugo.toml` (or `config.*`, YAML or JSON): base URL, content folder
//! and mounts, static folder, languages, taxonomies.

use std::sync::LazyLock;

use super::*;

pub(super) static HUGO_BASE_URL: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"(?mi)^[ \t]*"?baseurl"?[ \t]*[=:][ \t]*["']?([^"'\s,#]+)"#));

/// Hugo's config (`hugo.toml`, `.yaml` or `.json`, parsed, with Hugo's
/// case-insensitive keys): `baseURL`, the content folder and its mounts,
/// `[permalinks]` by section, languages with their own content folders,
/// taxonomies and goldmark's definition-term ids.
pub(super) fn hugo(dir: &Path, name: &str, text: &str) -> Detection {
    let mut found = Detection::new(Framework::Hugo);
    found.sources.push(name.into());
    let config = match config_table(name, text) {
        Ok(config) => lowercase_keys(config),
        Err(error) => {
            found.notes.push(format!(
                "{name} did not parse ({error}); Hugo's defaults are used"
            ));
            toml::Table::new()
        }
    };
    let get = |key: &str| lookup(&config, key);
    let string = |key: &str| get(key).and_then(toml::Value::as_str).map(str::to_string);
    let flag = |key: &str| get(key).and_then(toml::Value::as_bool).unwrap_or(false);
    found.url = string("baseurl")
        .or_else(|| capture(&HUGO_BASE_URL, text))
        .and_then(|url| origin(&url));
    let mut content_dir = string("contentdir").unwrap_or_else(|| "content".into());
    if let Some(source) = content_mount(&config) {
        content_dir = source;
    }
    if !dir.join(&content_dir).exists() && dir.join("content").is_dir() {
        content_dir = "content".into();
    }
    let static_dir = string("staticdir").unwrap_or_else(|| "static".into());
    let lower = if flag("disablepathtolower") {
        ""
    } else {
        "|lower"
    };
    let ugly = flag("uglyurls");
    found.definition_term_ids = flag("markup.goldmark.parser.autodefinitiontermid");
    let taxonomies: Vec<String> = match get("taxonomies").and_then(toml::Value::as_table) {
        Some(table) => table
            .values()
            .filter_map(toml::Value::as_str)
            .map(str::to_string)
            .collect(),
        None => vec!["categories".into(), "tags".into()],
    };
    found.trailing_slash = if ugly { "never" } else { "always" };
    let end = if ugly { ".html" } else { "/" };
    // Hugo's default URLs: `url`, else the folder and `slug`, else the path.
    let urls = |prefix: &str| {
        vec![
            "{fm:url}".to_string(),
            format!("{prefix}/{{dir{lower}}}/{{fm:slug{lower}}}{end}"),
            format!("{prefix}/{{path{lower}}}{end}"),
        ]
    };
    // Languages: each at `/<lang>/` (the default one at the root unless
    // `defaultContentLanguageInSubdir`), with its own content folder when
    // it has a `contentDir`.
    let default_language = string("defaultcontentlanguage").unwrap_or_else(|| "en".into());
    let in_subdir = flag("defaultcontentlanguageinsubdir");
    let prefix_of = |language: &str| {
        if language == default_language && !in_subdir {
            String::new()
        } else {
            format!("/{language}")
        }
    };
    let languages: Vec<(String, Option<String>)> = get("languages")
        .and_then(toml::Value::as_table)
        .map(|table| {
            table
                .iter()
                .map(|(language, settings)| {
                    let folder = settings
                        .get("contentdir")
                        .and_then(toml::Value::as_str)
                        .map(|folder| folder.trim_end_matches('/').to_string());
                    (language.clone(), folder)
                })
                .collect()
        })
        .unwrap_or_default();
    let own_folders = languages.iter().any(|(_, folder)| folder.is_some());
    // (URL prefix, content folder) of each language's content.
    let mut trees = vec![(prefix_of(&default_language), content_dir.clone())];
    if own_folders {
        for (language, folder) in &languages {
            let Some(folder) = folder else { continue };
            if *language == default_language || !dir.join(folder).is_dir() {
                continue;
            }
            let prefix = prefix_of(language);
            found.collections.push(DetectedCollection {
                name: language.clone(),
                about: format!("The `{language}` content, served under {prefix}/."),
                content: vec![folder.clone()],
                permalink: urls(&prefix),
                title_heading: None,
                schema: None,
            });
            found.routes.push(format!("{prefix}/"));
            for taxonomy in &taxonomies {
                found.routes.push(format!("{prefix}/{taxonomy}/**"));
            }
            trees.push((prefix, folder.clone()));
        }
    } else if languages.len() > 1 {
        found.fallback = Some(default_language.clone());
        found.locales = languages
            .iter()
            .map(|(language, _)| language.clone())
            .filter(|language| *language != default_language)
            .collect();
        found.notes.push(
            "a multilingual Hugo site with one content folder: translations (`page.fr.md`) are served under `/<lang>/`; check `permalink`".into(),
        );
    }
    // `[permalinks]`: a section's pages get their own pattern (the section
    // pages themselves keep their path).
    let permalinks = get("permalinks.page")
        .or_else(|| get("permalinks"))
        .and_then(toml::Value::as_table);
    for (section, pattern) in permalinks.into_iter().flatten() {
        let Some(pattern) = pattern.as_str() else {
            continue;
        };
        let Some(template) = hugo_permalink(pattern, section, lower, end) else {
            found.notes.push(format!(
                "the `{section}` permalink `{pattern}` uses a variable proofmark has no placeholder for; Hugo's default URLs are used there"
            ));
            continue;
        };
        for (prefix, tree) in &trees {
            let folder = format!("{tree}/{section}");
            if !dir.join(&folder).is_dir() {
                continue;
            }
            let name = match prefix.trim_start_matches('/') {
                "" => section.clone(),
                language => format!("{language}-{section}"),
            };
            found.collections.push(DetectedCollection {
                name,
                about: format!(
                    "The `{section}` section's pages: `[permalinks]` gives `{pattern}`."
                ),
                content: vec![folder],
                permalink: vec![
                    "{fm:url}".to_string(),
                    format!("{prefix}/{section}/{{branch{lower}}}{end}"),
                    format!("{prefix}{template}"),
                ],
                title_heading: None,
                schema: None,
            });
        }
    }
    found.heading_ids = Some("hugo");
    if let Some(style) =
        string("markup.goldmark.parser.autoheadingidtype").filter(|style| style != "github")
    {
        found.notes.push(format!(
            "goldmark's autoHeadingIDType is `{style}`; proofmark makes ids as its default (`github`) does"
        ));
    }
    // Pages Hugo makes around the content: the RSS feeds of the home page,
    // sections and taxonomies, pagination, the 404 page and the sitemap of
    // each language, robots.txt, and the output formats that have a path.
    let pagination = string("pagination.path")
        .or_else(|| string("paginatepath"))
        .unwrap_or_else(|| "page".into());
    let docsy = text.contains("github.com/google/docsy");
    let listed: Vec<String> = ["outputs.home", "outputs.section"]
        .iter()
        .filter_map(|key| get(key).and_then(toml::Value::as_array))
        .flatten()
        .filter_map(toml::Value::as_str)
        .map(str::to_lowercase)
        .collect();
    let format_paths: Vec<String> = listed
        .iter()
        .filter_map(|format| {
            string(&format!("outputformats.{format}.path"))
                // Docsy's print format, defined in the theme.
                .or_else(|| (docsy && format == "print").then(|| "_print".to_string()))
        })
        .map(|path| path.trim_matches('/').to_string())
        .filter(|path| !path.is_empty())
        .collect();
    let lower_case = !lower.is_empty();
    for (prefix, tree) in &trees {
        for section in section_urls(&dir.join(tree), lower_case) {
            let url = format!("{prefix}{section}");
            found.routes.push(format!("{url}index.xml"));
            found.routes.push(format!("{url}{pagination}/*"));
            for path in &format_paths {
                found.routes.push(format!("{url}{path}/"));
            }
        }
        found.routes.push(format!("{prefix}/404.html"));
    }
    found.routes.push("/sitemap.xml".into());
    if languages.len() > 1 {
        // A sitemap index at the root, one sitemap a language.
        for (language, _) in &languages {
            found.routes.push(format!("/{language}/sitemap.xml"));
        }
    }
    if languages.len() > 1 && !in_subdir {
        // `/en/` redirects to the root.
        found.routes.push(format!("/{default_language}/"));
    }
    if flag("enablerobotstxt") {
        found.routes.push("/robots.txt".into());
    }
    found.content.push(content_dir);
    found.permalink = urls(&prefix_of(&default_language));
    found.routes.insert(0, "/".into());
    for taxonomy in taxonomies {
        found.routes.push(format!("/{taxonomy}/**"));
    }
    found.public = Some(static_dir);
    found.redirect_fields.push("aliases".into());
    found
}

/// The URL paths of a content tree's list pages: its root and every
/// folder with an `_index.md` (`/`, `/docs/`, `/docs/tasks/`).
fn section_urls(tree: &Path, lower: bool) -> Vec<String> {
    let mut urls = vec!["/".to_string()];
    let mut pending = vec![tree.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.join("_index.md").is_file() {
                if let Ok(relative) = path.strip_prefix(tree) {
                    let relative = relative.to_string_lossy().replace('\\', "/");
                    let relative = if lower {
                        relative.to_lowercase()
                    } else {
                        relative
                    };
                    urls.push(format!("/{relative}/"));
                }
            }
            pending.push(path);
        }
    }
    urls.sort();
    urls
}

/// A Hugo permalink pattern for a section's pages as a proofmark template;
/// `None` when it uses a variable without a placeholder.
fn hugo_permalink(pattern: &str, section: &str, lower: &str, end: &str) -> Option<String> {
    let mut out = pattern.trim_end_matches('/').to_string();
    for (variable, placeholder) in [
        (":slugorcontentbasename", format!("{{slug{lower}}}")),
        (":slugorfilename", format!("{{slug{lower}}}")),
        (":contentbasename", format!("{{slug{lower}}}")),
        (":filename", format!("{{slug{lower}}}")),
        (":sections", format!("{{dir{lower}}}")),
        (":section", section.to_string()),
        (":year", "{year}".into()),
        (":month", "{month}".into()),
        (":day", "{day}".into()),
        (":slug", format!("{{fm:slug{lower}}}")),
        (":title", "{fm:title|slug}".into()),
    ] {
        out = out.replace(variable, &placeholder);
    }
    if out.contains(':') {
        return None;
    }
    Some(format!("{out}{end}"))
}

/// The config file as a table, whichever format it is written in.
fn config_table(name: &str, text: &str) -> Result<toml::Table, String> {
    if name.ends_with(".toml") {
        toml::from_str::<toml::Table>(text).map_err(|error| error.message().trim().to_string())
    } else if name.ends_with(".json") {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|error| error.to_string())?;
        match json_to_toml(&value) {
            Some(toml::Value::Table(table)) => Ok(table),
            _ => Err("not an object".into()),
        }
    } else {
        yaml_table(text)
    }
}

fn json_to_toml(value: &serde_json::Value) -> Option<toml::Value> {
    use serde_json::Value as Json;
    Some(match value {
        Json::Null => return None,
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Json::String(s) => toml::Value::String(s.clone()),
        Json::Array(items) => toml::Value::Array(items.iter().filter_map(json_to_toml).collect()),
        Json::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?)))
                .collect(),
        ),
    })
}

/// Hugo's config keys are case-insensitive: all lower-cased, at every level.
fn lowercase_keys(table: toml::Table) -> toml::Table {
    fn lowercase(item: toml::Value) -> toml::Value {
        match item {
            toml::Value::Table(table) => toml::Value::Table(lowercase_keys(table)),
            toml::Value::Array(items) => {
                toml::Value::Array(items.into_iter().map(lowercase).collect())
            }
            other => other,
        }
    }
    table
        .into_iter()
        .map(|(key, item)| (key.to_lowercase(), lowercase(item)))
        .collect()
}

/// The `source` of the `[[module.mounts]]` entry whose target is `content`.
pub(super) fn content_mount(config: &toml::Table) -> Option<String> {
    lookup(config, "module.mounts")?
        .as_array()?
        .iter()
        .filter_map(toml::Value::as_table)
        .find(|mount| mount.get("target").and_then(toml::Value::as_str) == Some("content"))
        .and_then(|mount| mount.get("source")?.as_str())
        .map(str::to_string)
}
