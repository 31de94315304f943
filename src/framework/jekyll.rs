//! Jekyll: `_config.yml` (url, baseurl, permalink, plugins): posts dated
//! and titled by their file names, the source folder served as is.

use super::*;
use crate::article::deadline::Deadline;
use crate::article::front_matter::{parse_yaml, Value, ValueKind};

/// Jekyll's `_config.yml`, read with the YAML parser: `url`, `baseurl`,
/// `permalink`, `collections`, `defaults` (permalinks by type), `include`,
/// `exclude` and the jekyll-redirect-from plugin.
pub(super) fn jekyll(dir: &Path, name: &str, text: &str) -> Detection {
    let mut found = Detection::new(Framework::Jekyll);
    found.sources.push(name.into());
    let (config, problems) = parse_yaml(text, 0, &Deadline::none());
    let readable = config.is_some();
    let config = config.unwrap_or(Value {
        span: Default::default(),
        kind: ValueKind::Null,
    });
    // Problems the YAML reader reports but parses through (aliases, repeated
    // keys) are no reason for a note; an unreadable file is.
    if !readable {
        if let Some(problem) = problems.first() {
            found.notes.push(format!(
                "{name} is not valid YAML ({}); Jekyll's defaults are used",
                problem.message
            ));
        }
    }
    let string = |key: &str| {
        config
            .entry(key)
            .and_then(|entry| entry.value.as_str())
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    };
    let strings = |key: &str| -> Vec<String> {
        match config.entry(key).map(|entry| &entry.value.kind) {
            Some(ValueKind::List(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    found.url = string("url").and_then(|url| origin(&url));
    let base = string("baseurl").unwrap_or_default();
    let base = base.trim_end_matches('/');
    found.url = served_under(found.url.take(), base);
    found.content.push(".".into());
    // Jekyll copies the source folder's other files to the site as they
    // are (under the `baseurl`, when there is one).
    found.public = Some(".".into());
    let style = string("permalink").unwrap_or_else(|| "date".into());
    let pattern = match style.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let pretty = pattern.ends_with('/');
    found.trailing_slash = if pretty { "always" } else { "ignore" };
    // A permalink set in `defaults` for a type (`posts`, `pages`, a collection).
    let default_permalink = |kind: &str| -> Option<String> {
        let ValueKind::List(defaults) = &config.entry("defaults")?.value.kind else {
            return None;
        };
        defaults.iter().find_map(|default| {
            let scope = &default.entry("scope")?.value;
            let path = scope
                .entry("path")
                .and_then(|e| e.value.as_str())
                .unwrap_or("");
            let applies = scope.entry("type").and_then(|e| e.value.as_str()) == Some(kind);
            (applies && path.is_empty())
                .then(|| {
                    default
                        .lookup("values.permalink")?
                        .value
                        .as_str()
                        .map(str::to_string)
                })
                .flatten()
        })
    };
    let urls = |pattern: &str| {
        vec![
            format!("{base}{{fm:permalink}}"),
            format!("{base}{}", jekyll_permalink(pattern)),
        ]
    };
    // Pages: their path, ending like the site's permalink style.
    let page_pattern = default_permalink("pages").unwrap_or_else(|| {
        if pretty {
            "/:path/"
        } else {
            "/:path:output_ext"
        }
        .to_string()
    });
    found.permalink = urls(&page_pattern);
    let collections_dir = string("collections_dir").unwrap_or_default();
    let in_collections = |folder: &str| match collections_dir.trim_matches('/') {
        "" => folder.to_string(),
        parent => format!("{parent}/{folder}"),
    };
    let posts_pattern = default_permalink("posts").unwrap_or_else(|| pattern.to_string());
    found.collections.push(DetectedCollection {
        name: "posts".into(),
        about: "Posts: dated and titled by their file names (`2025-03-01-title.md`).".into(),
        content: vec![in_collections("_posts")],
        permalink: urls(&posts_pattern),
        title_heading: None,
        schema: None,
    });
    // Folders Jekyll builds besides the posts: the output collections and `include`.
    let mut built = vec!["_posts".to_string()];
    built.extend(strings("include"));
    let collections: Vec<(String, bool, Option<String>)> =
        match config.entry("collections").map(|entry| &entry.value.kind) {
            Some(ValueKind::Map(entries)) => entries
                .iter()
                .map(|entry| {
                    let output = matches!(
                        entry.value.entry("output").map(|e| &e.value.kind),
                        Some(ValueKind::Bool(true))
                    );
                    let permalink = entry
                        .value
                        .entry("permalink")
                        .and_then(|e| e.value.as_str())
                        .map(str::to_string);
                    (entry.key.clone(), output, permalink)
                })
                .collect(),
            Some(ValueKind::List(items)) => items
                .iter()
                .filter_map(|item| item.as_str().map(|name| (name.to_string(), false, None)))
                .collect(),
            _ => Vec::new(),
        };
    for (collection, output, permalink) in collections {
        if collection == "posts" {
            continue;
        }
        let folder = in_collections(&format!("_{collection}"));
        if !output {
            continue; // not rendered: its files are data, not pages
        }
        built.push(format!("_{collection}"));
        let pattern = permalink
            .or_else(|| default_permalink(&collection))
            .unwrap_or_else(|| "/:collection/:path:output_ext".into())
            .replace(":collection", &collection);
        found.collections.push(DetectedCollection {
            name: collection.clone(),
            about: format!("The `{collection}` collection (`output: true`)."),
            content: vec![folder],
            permalink: urls(&pattern),
            title_heading: None,
            schema: None,
        });
    }
    // Jekyll builds no file or folder whose name starts with `_` or `.`
    // (other than those above), nor what `exclude` lists; nor its output and gems.
    found.exclude = vec![
        "_site/**".into(),
        "vendor/**".into(),
        "node_modules/**".into(),
    ];
    let root = match collections_dir.trim_matches('/') {
        "" => dir.to_path_buf(),
        parent => dir.join(parent),
    };
    let mut hidden: Vec<String> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with('_') && !built.contains(name) && name != "_site")
        .collect();
    hidden.sort();
    for name in hidden {
        found.exclude.push(format!("{}/**", in_collections(&name)));
    }
    for excluded in strings("exclude") {
        let excluded = excluded.trim_matches('/');
        let is_dir = dir.join(excluded).is_dir();
        let glob = if is_dir {
            format!("{excluded}/**")
        } else {
            excluded.to_string()
        };
        let markdown = excluded.ends_with(".md") || excluded.ends_with(".markdown");
        let relevant = is_dir || markdown || excluded.contains('*');
        if !excluded.is_empty() && relevant && !found.exclude.contains(&glob) {
            found.exclude.push(glob);
        }
    }
    found.routes.push(format!("{base}/"));
    // kramdown with its GFM parser, GitHub Pages' default.
    found.heading_ids = Some("kramdown");
    let plugins: Vec<String> = strings("plugins")
        .into_iter()
        .chain(strings("gems"))
        .chain(strings("whitelist"))
        .collect();
    let uses = |plugin: &str| plugins.iter().any(|p| p == plugin);
    if uses("jekyll-redirect-from") {
        found.redirect_fields.push("redirect_from".into());
    }
    // What plugins write: the feed, the sitemap and its robots.txt.
    if uses("jekyll-feed") {
        found.routes.push(format!("{base}/feed.xml"));
    }
    if uses("jekyll-sitemap") {
        found.routes.push(format!("{base}/sitemap.xml"));
        found.routes.push(format!("{base}/robots.txt"));
    }
    // HTML files with front matter are pages too, at their permalink or path.
    found
        .routes
        .extend(html_pages(dir, base, pretty, &found.exclude));
    found
}

/// The URLs of the `.html` pages Jekyll renders: files with front matter,
/// outside the folders it does not build, at their `permalink` or path.
fn html_pages(dir: &Path, base: &str, pretty: bool, exclude: &[String]) -> Vec<String> {
    let mut excluded = globset::GlobSetBuilder::new();
    for pattern in exclude {
        if let Ok(glob) = globset::Glob::new(pattern) {
            excluded.add(glob);
        }
    }
    let excluded = excluded
        .build()
        .unwrap_or_else(|_| globset::GlobSet::empty());
    let permalink = regex(r##"(?m)^permalink:[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*$"##);
    let mut routes = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || excluded.is_match(&relative) {
                continue;
            }
            if path.is_dir() {
                if !matches!(
                    name.as_str(),
                    "_layouts" | "_includes" | "_site" | "node_modules"
                ) {
                    pending.push(path);
                }
                continue;
            }
            if !name.ends_with(".html") {
                continue;
            }
            let Ok(text) = crate::contained::read_config_file(&path) else {
                continue;
            };
            let Some(front_matter) = text
                .strip_prefix("---")
                .and_then(|rest| rest.find("\n---").map(|end| &rest[..end]))
            else {
                continue;
            };
            let route = match capture(&permalink, front_matter) {
                Some(permalink) => format!("{base}/{}", permalink.trim_start_matches('/')),
                None => {
                    let stem = relative.trim_end_matches(".html");
                    match stem.strip_suffix("index") {
                        Some(folder) => format!("{base}/{folder}"),
                        None if pretty => format!("{base}/{stem}/"),
                        None => format!("{base}/{relative}"),
                    }
                }
            };
            routes.push(route);
        }
    }
    routes.sort();
    routes
}

/// A Jekyll permalink pattern as a proofmark template.
pub(super) fn jekyll_permalink(pattern: &str) -> String {
    let mut out = pattern.to_string();
    for (variable, placeholder) in [
        (":categories", "{categories}"),
        (":path", "{path}"),
        (":name", "{stem}"),
        (":basename", "{stem}"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jekyll_permalinks_become_templates() {
        assert_eq!(
            jekyll_permalink("/:categories/:year/:month/:day/:title:output_ext"),
            "/{categories}/{year}/{month}/{day}/{slug|undated}.html"
        );
    }
}
