//! Zola: `config.toml` with `base_url`: feeds, taxonomies, languages, and the
//! `path` front-matter field and `@/` internal links.

use super::*;

/// Zola's `config.toml`: `base_url`, feeds, taxonomies, languages.
pub(super) fn zola(text: &str) -> Detection {
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
