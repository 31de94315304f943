//! A JSON Schema (draft-07) of `proofmark.toml`, for editors (Taplo, Even
//! Better TOML) to complete and check the config. Built from the same key
//! lists the reader uses ([`super::keys`]) and from the rule list, so a new
//! key or rule shows up here by itself; `tests/cli.rs` checks that every key
//! has a description.

use serde_json::{json, Map, Value};

use super::keys;
use super::presets::Preset;
use super::schema::FieldType;
use crate::article::markdown::HeadingIds;
use crate::rules::{self, OptionKind, RuleMeta};

pub fn json_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "proofmark.toml",
        "description": "Configuration of proofmark, the linter for Markdown articles with front matter.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties(keys::ROOT, root_key),
        "definitions": {
            "level": level(),
            "field": field_spec(),
        },
    })
}

/// An object's `properties`, one per key, in the reader's order.
fn properties(names: &[&str], describe: fn(&str) -> Value) -> Value {
    let map: Map<String, Value> = names
        .iter()
        .map(|name| (name.to_string(), describe(name)))
        .collect();
    Value::Object(map)
}

fn strings(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } },
        ],
    })
}

fn with_description(mut schema: Value, description: &str) -> Value {
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), Value::String(description.into()));
    }
    schema
}

/// A reference that keeps its own description (draft-07 ignores siblings of `$ref`).
fn reference(description: &str, definition: &str) -> Value {
    json!({
        "description": description,
        "allOf": [{ "$ref": format!("#/definitions/{definition}") }],
    })
}

fn choice(description: &str, values: &[&str]) -> Value {
    json!({ "description": description, "type": "string", "enum": values })
}

fn level() -> Value {
    choice(
        "a rule's level: error, warning (or warn), or off",
        keys::LEVELS,
    )
}

fn root_key(name: &str) -> Value {
    match name {
        "site" => json!({
            "description": "The site: its URL, content roots, permalinks and link resolution.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties(keys::SITE, site_key),
        }),
        "front-matter" => json!({
            "description": "The front-matter schema: a preset and the site's own fields.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties(keys::FRONT_MATTER, front_matter_key),
        }),
        "rules" => rules_table(),
        "overrides" => json!({
            "description": "Per-path settings: rule levels for the files matching `files`.",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["files"],
                "properties": properties(keys::OVERRIDE, override_key),
            },
        }),
        "collections" => json!({
            "description": "Groups of articles with their own folders, URLs, title rendering, link resolution and front-matter schema; what a collection does not set is the site's.",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name", "content"],
                "properties": properties(keys::COLLECTION, collection_key),
            },
        }),
        "cache" => json!({
            "description": "The site-index cache that keeps one-file runs fast.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties(keys::CACHE, cache_key),
        }),
        "limits" => json!({
            "description": "Limits on what is read, and on how long one file may take.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties(keys::LIMITS, limits_key),
        }),
        "online" => json!({
            "description": "How --online checks external links and remote images over HTTP.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties(keys::ONLINE, online_key),
        }),
        _ => json!({}),
    }
}

fn cache_key(name: &str) -> Value {
    match name {
        "dir" => json!({
            "description": "The cache folder, relative to the config file (default .proofmark-cache).",
            "type": "string",
        }),
        "enabled" => json!({
            "description": "false: no cache, as --no-cache does for one run.",
            "type": "boolean",
        }),
        _ => json!({}),
    }
}

fn duration(description: &str) -> Value {
    json!({
        "description": description,
        "anyOf": [
            { "type": "string", "pattern": "^[0-9.]+ *(ms|s|m|min|h|d)$" },
            { "type": "number", "minimum": 0 },
        ],
    })
}

fn count(description: &str, minimum: u64) -> Value {
    json!({ "description": description, "type": "integer", "minimum": minimum })
}

fn online_key(name: &str) -> Value {
    match name {
        "concurrency" => count("Requests in flight at once, over all hosts (default 64).", 1),
        "per-host" => count("Requests in flight at once to one host (default 4).", 1),
        "host-interval" => duration("The least time between two requests to one host (default \"50ms\")."),
        "timeout" => duration("How long one request may take (default \"10s\")."),
        "budget" => duration("How long all checks together may take; URLs not reached are left unchecked (default \"5m\")."),
        "max-redirects" => count("Redirects followed before giving up (default 10).", 0),
        "retries" => count("Retries after 429, 503 or a failed connection (default 2).", 0),
        "max-retry-wait" => duration("A longer Retry-After is not waited for (default \"30s\")."),
        "accept" => json!({
            "description": "Status codes that count as working, besides 2xx.",
            "type": "array",
            "items": { "type": "integer", "minimum": 100, "maximum": 599 },
        }),
        "exclude" => strings("Regexes: matching URLs are not checked."),
        "allow-addresses" => strings("Private, loopback or link-local address ranges that may be requested (`127.0.0.1`, `10.0.0.0/8`); none by default."),
        "user-agent" => json!({
            "description": "The User-Agent header (default names proofmark and its version).",
            "type": "string",
        }),
        "success-ttl" => duration("How long a working URL's result is kept in the cache (default \"7d\")."),
        "failure-ttl" => duration("How long a broken URL's result is kept in the cache (default \"1d\")."),
        _ => json!({}),
    }
}

fn limits_key(name: &str) -> Value {
    match name {
        "max-file-size" => json!({
            "description": "Files larger than this many bytes get one invalid-file finding and are not read (default 10000000).",
            "type": "integer",
            "minimum": 0,
        }),
        "max-file-time" => json!({
            "description": "Seconds one file may take to parse and check (default 10); a file that takes longer gets one invalid-file finding and no other. `inf` for no bound.",
            "type": "number",
            "exclusiveMinimum": 0,
        }),
        _ => json!({}),
    }
}

fn site_key(name: &str) -> Value {
    match name {
        "framework" => {
            let mut names: Vec<&str> = crate::framework::Framework::ALL
                .iter()
                .map(|framework| framework.key())
                .collect();
            names.push("auto");
            json!({
                "description": "Start from the site generator's own files, read at every run (as `check` does without a config); the other keys here adjust that model. `auto` takes the generator found here.",
                "enum": names,
            })
        }
        "url" => json!({
            "description": "The site's address, e.g. https://www.example.com: the host of canonical URLs and of absolute links to the site. With a path (https://example.github.io/blog), links to the same host outside that path are to other sites.",
            "type": "string",
            "pattern": "^https?://[^/]",
        }),
        "aliases" => json!({
            "description": "Other origins that mean this site (https://example.com, http://...).",
            "type": "array",
            "items": { "type": "string", "pattern": "^https?://[^/]" },
        }),
        "content" => strings(
            "Content roots, files or folders, relative to the config file (default: the config's folder).",
        ),
        "exclude" => strings("Globs of files and folders not to lint."),
        "permalink" => strings(
            "An article's URL path from placeholders: {slug}, {path}, {dir}, {stem}, {year}, {month}, {day}, {category}, {categories}, {fm:KEY}, with filters |lower, |slug, |undated; a list is tried in order.",
        ),
        "trailing-slash" => choice(
            "Whether article URLs end in `/`: never, always, or ignore (either works).",
            keys::TRAILING_SLASH,
        ),
        "routes" => strings(
            "URL paths of pages that are not articles; `*` matches one segment, `**` any number.",
        ),
        "public" => json!({
            "description": "The folder served at the site root, where /images/x.png lives.",
            "type": "string",
        }),
        "path-aliases" => json!({
            "description": "Import aliases used in image and link paths, e.g. \"~/assets\" = \"src/assets\".",
            "type": "object",
            "additionalProperties": { "type": "string" },
        }),
        "redirects" => json!({
            "description": "A file of redirects, relative to the config file: `FROM TO` URL paths a line (_redirects), or a netlify.toml or vercel.json.",
            "type": "string",
        }),
        "redirect-fields" => strings(
            "Front-matter fields listing other paths that redirect to the article, e.g. aliases or redirect_from.",
        ),
        "case-sensitive" => json!({
            "description": "Whether a link must match a URL's letter case (default true).",
            "type": "boolean",
        }),
        "heading-ids" => choice(
            "How the renderer makes heading ids for #fragment links.",
            HeadingIds::NAMES,
        ),
        "title-heading" => choice(
            "How the layout renders the front-matter title: as the H1 (`1`), as an H2 (`2`), not at all (`none`), or as the H1 unless the body starts with an H1 (`unless-body-h1`, Docusaurus).",
            crate::config::TitleHeading::NAMES,
        ),
        "definition-term-ids" => json!({
            "description": "Whether terms of definition lists get ids like headings.",
            "type": "boolean",
        }),
        "ignore-links" => strings("Globs of link destinations, as written, that are not checked."),
        "include-pattern" => json!({
            "description": "A regular expression with a `path` group naming a file the page includes, whose anchors the page then has.",
            "type": "string",
        }),
        "relative-links" => choice(
            "How relative links resolve: from the page; also from its section and the site root (Hugo); or Markdown file links also from the content root and the site folder (Docusaurus).",
            keys::RELATIVE_LINKS,
        ),
        "i18n" => json!({
            "description": "Translated sites: a page missing under a locale falls back to another locale's.",
            "type": "object",
            "additionalProperties": false,
            "required": ["fallback"],
            "properties": properties(keys::I18N, i18n_key),
        }),
        _ => json!({}),
    }
}

fn i18n_key(name: &str) -> Value {
    match name {
        "locales" => strings("The locale folders, e.g. [\"de\", \"fr\"]."),
        "fallback" => json!({
            "description": "The locale missing pages fall back to, e.g. \"en\".",
            "type": "string",
        }),
        "fallback-at-root" => json!({
            "description": "Whether the fallback locale's pages are at the site root rather than under /<fallback>/ (Docusaurus).",
            "type": "boolean",
        }),
        _ => json!({}),
    }
}

fn front_matter_key(name: &str) -> Value {
    match name {
        "preset" => {
            let descriptions: Vec<String> = Preset::ALL
                .iter()
                .map(|preset| format!("{}: {}", preset.name(), preset.summary()))
                .collect();
            json!({
                "description": format!("The built-in base schema. {}.", descriptions.join("; ")),
                "type": "string",
                "enum": Preset::NAMES,
            })
        }
        "unknown-fields" => choice(
            "How unknown-field treats keys the schema does not know: allow, warn or error.",
            keys::UNKNOWN_FIELDS,
        ),
        "schema" => json!({
            "description": "A JSON Schema file (relative to the config) every article's front matter must satisfy, such as Astro's .astro/collections/<name>.schema.json; checked by front-matter-schema.",
            "type": "string",
        }),
        "fields" => json!({
            "description": "Fields to add to the preset or override in it, by name; dotted names (\"metadata.canonical\") address nested fields, `[]` list items.",
            "type": "object",
            "additionalProperties": { "$ref": "#/definitions/field" },
        }),
        _ => json!({}),
    }
}

fn field_spec() -> Value {
    json!({
        "description": "A front-matter field's spec.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties(keys::FIELD, field_key),
    })
}

fn field_key(name: &str) -> Value {
    let count =
        |description: &str| json!({ "description": description, "type": "integer", "minimum": 0 });
    match name {
        "type" => choice("The kind of value.", FieldType::NAMES),
        "items" => reference("The spec of each list item.", "field"),
        "required" => json!({
            "description": "Whether the field must be present.",
            "type": "boolean",
        }),
        "min-length" => count("The least number of characters."),
        "max-length" => count("The most characters."),
        "pattern" => json!({
            "description": "A regular expression the value must match.",
            "type": "string",
        }),
        "one-of" => json!({
            "description": "The allowed values.",
            "type": "array",
            "items": { "type": ["string", "number", "boolean"] },
        }),
        "min-items" => count("The fewest list items."),
        "max-items" => count("The most list items."),
        "unique" => json!({
            "description": "Whether list items must not repeat.",
            "type": "boolean",
        }),
        _ => json!({}),
    }
}

/// `[rules]`: each rule id takes a level, or a table with `severity` and the rule's options.
fn rules_table() -> Value {
    let mut map: Map<String, Value> = rules::ALL_META
        .iter()
        .map(|meta| (meta.id.to_string(), rule_entry(meta)))
        .collect();
    map.insert(
        "fixable".into(),
        strings("The only rules (or groups) whose fixes `check --fix` applies (default: all)."),
    );
    map.insert(
        "unfixable".into(),
        strings("Rules (or groups) whose fixes `check --fix` never applies."),
    );
    json!({
        "description": "Rule levels and options, by rule id (`proofmark rules` lists them).",
        "type": "object",
        "additionalProperties": false,
        "properties": map,
    })
}

fn rule_entry(meta: &RuleMeta) -> Value {
    let mut options = Map::new();
    for name in keys::RULE_TABLE {
        options.insert(
            name.to_string(),
            with_description(level(), "The rule's level."),
        );
    }
    for option in meta.options {
        let description = if option.default.is_empty() {
            option.summary.to_string()
        } else {
            format!("{} (default `{}`)", option.summary, option.default)
        };
        let schema = match option.kind {
            OptionKind::Text => strings(&description),
            OptionKind::Count => json!({
                "description": description,
                "type": "integer",
                "minimum": 0,
            }),
            OptionKind::Percent => json!({
                "description": description,
                "type": "integer",
                "minimum": 1,
                "maximum": 100,
            }),
        };
        options.insert(option.name.to_string(), schema);
    }
    let default = if meta.default_enabled {
        meta.default_severity.as_str().to_string()
    } else {
        format!("off; {} when turned on", meta.default_severity.as_str())
    };
    let description = format!("{} (default: {default})", meta.summary);
    json!({
        "description": description,
        "anyOf": [
            { "$ref": "#/definitions/level" },
            { "type": "object", "additionalProperties": false, "properties": options },
        ],
    })
}

fn collection_key(name: &str) -> Value {
    match name {
        "name" => json!({
            "description": "The collection's name, unique in the config.",
            "type": "string",
            "minLength": 1,
        }),
        "content" => {
            strings("The folders holding the collection's articles, relative to the config file.")
        }
        "front-matter" => with_description(
            root_key("front-matter"),
            "The collection's front-matter schema, as [front-matter] (default: the site's).",
        ),
        "permalink" | "title-heading" | "relative-links" => with_description(
            site_key(name),
            "As in [site], for this collection (default: the site's).",
        ),
        _ => json!({}),
    }
}

fn override_key(name: &str) -> Value {
    match name {
        "files" => strings("Globs of the files these settings apply to."),
        "rules" => {
            let map: Map<String, Value> = rules::ALL_META
                .iter()
                .map(|meta| (meta.id.to_string(), reference(meta.summary, "level")))
                .collect();
            json!({
                "description": "Rule levels for these files, by rule id.",
                "type": "object",
                "additionalProperties": false,
                "properties": map,
            })
        }
        _ => json!({}),
    }
}
