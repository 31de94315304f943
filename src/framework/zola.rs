//! Zola: `config.toml` with `base_url`: feeds, taxonomies, languages, and the
//! `path` front-matter field and `@/` internal links.

use super::*;

/// Zola's `config.toml`: `base_url`, feeds, taxonomies, languages; and
/// from the templates, whether a page's `description` is its meta description.
pub(super) fn zola(dir: &Path, text: &str) -> Detection {
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
    let theme = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|config| config.get("theme")?.as_str().map(str::to_string));
    let mut folders = vec![dir.join("templates")];
    if let Some(theme) = theme.filter(|t| !t.contains(['/', '\\']) && t != "..") {
        folders.push(dir.join("themes").join(theme).join("templates"));
    }
    let templates = template_texts(&folders);
    if !templates.is_empty() && !templates.iter().any(|t| meta_description_from_page(t)) {
        found.rules_off.push((
            "description-length",
            "the templates' meta description is not the page's `description`".into(),
        ));
    }
    found
}

/// The text of every `.html` template under the folders (a few hundred at most).
fn template_texts(folders: &[std::path::PathBuf]) -> Vec<String> {
    let mut texts = Vec::new();
    let mut stack: Vec<std::path::PathBuf> = folders.to_vec();
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html") && texts.len() < 500 {
                texts.extend(crate::contained::read_config_file(&path).ok());
            }
        }
    }
    texts
}

/// Whether a template puts the page's (or section's) `description` in the
/// meta description: a `<meta name="description">` or `og:description` tag
/// in a template that reads it, or a `description` block filled with it.
fn meta_description_from_page(template: &str) -> bool {
    let reads_it =
        template.contains("page.description") || template.contains("section.description");
    let has_tag = [
        "name=\"description\"",
        "name='description'",
        "og:description",
    ]
    .iter()
    .any(|tag| template.contains(tag));
    (reads_it && has_tag)
        || regex(r"block\s+description\s*%\}[^%]*?(?:page|section)\.description").is_match(template)
}

#[cfg(test)]
mod tests {
    use super::meta_description_from_page;

    #[test]
    fn the_meta_description_is_the_page_description_only_where_a_template_says_so() {
        let site_wide = r#"<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">"#;
        let shown_in_body = "{% extends \"index.html\" %}<p>{{ page.description }}</p>";
        assert!(!meta_description_from_page(site_wide));
        assert!(!meta_description_from_page(shown_in_body));
        let block = "{% block description %}{{ page.description | default(value=config.description) }}{% endblock %}";
        assert!(meta_description_from_page(block));
        let tag = r#"{% set d = section.description %}<meta property="og:description" content="{{ d }}">"#;
        assert!(meta_description_from_page(tag));
    }
}
