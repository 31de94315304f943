//! Jekyll: `_config.yml` (url, baseurl, permalink, plugins): posts dated
//! and titled by their file names, the source folder served as is.

use super::*;

/// Jekyll's `_config.yml`: `url`, `baseurl`, `permalink`, and the
/// jekyll-redirect-from plugin.
pub(super) fn jekyll(name: &str, text: &str) -> Detection {
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
pub(super) fn jekyll_permalink(pattern: &str) -> String {
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
