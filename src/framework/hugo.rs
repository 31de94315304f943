//! Hugo: `hugo.toml` (or `config.*`, YAML or JSON): base URL, content folder
//! and mounts, static folder, languages, taxonomies.

use std::sync::LazyLock;

use super::*;

pub(super) static HUGO_BASE_URL: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"(?mi)^[ \t]*"?baseurl"?[ \t]*[=:][ \t]*["']?([^"'\s,#]+)"#));

/// Hugo's `hugo.toml` (or YAML/JSON): `baseURL`, the content folder and
/// its mounts, languages, taxonomies and goldmark's definition-term ids.
pub(super) fn hugo(dir: &Path, name: &str, text: &str) -> Detection {
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
