//! `proofmark init`: writes the site model a framework adapter reads
//! (see `framework`) as a commented `proofmark.toml`. `check` without a
//! config uses the same text, so the two cannot disagree.

use crate::config::presets::Preset;
use crate::framework::{Detection, ExtraField, Framework};

use crate::article::front_matter::double_quoted as quote;

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
/// A field's spec as an inline table: `{ type = "string", required = true }`.
fn field_spec(field: &ExtraField) -> String {
    let mut parts = Vec::new();
    if let Some(ty) = field.ty {
        parts.push(format!("type = {}", quote(ty)));
    }
    if field.required {
        parts.push("required = true".to_string());
    }
    if parts.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

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
            out.push_str(&format!("{} = {}\n", key(&field.name), field_spec(field)));
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
        if let Some(schema) = &collection.schema {
            out.push_str(&format!(
                "[collections.front-matter]\npreset = \"none\"\nunknown-fields = {}\n",
                quote(if schema.passthrough { "allow" } else { "error" })
            ));
            if !schema.fields.is_empty() {
                out.push_str("[collections.front-matter.fields]\n");
                for field in &schema.fields {
                    out.push_str(&format!("{} = {}\n", key(&field.name), field_spec(field)));
                }
            }
        }
    }
    out.push_str(
        "\n# Rule levels (error | warning | off) and options; `proofmark rules` lists the rules.\n[rules]\n",
    );
    for (rule, why) in &found.rules_off {
        out.push_str(&format!("# {why}\n{rule} = \"off\"\n"));
    }
    if found.rules_off.is_empty() {
        out.push_str("# heading-h1 = \"off\"\n");
    }
    out.push_str(
        "\n# `proofmark check --online` also checks links to other sites and remote images\n# over HTTP; `proofmark explain external-link` describes the [online] settings.\n# [online]\n# accept = [403]\n# exclude = ['^https://(www\\.)?linkedin\\.com/']\n",
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
    fn keys_are_quoted_only_when_they_must_be() {
        assert_eq!(key("githubURL"), "githubURL");
        assert_eq!(key("hero.facepile"), "\"hero.facepile\"");
        assert_eq!(quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
    }
}
