//! The fields an Astro content config (`src/content.config.ts`) declares
//! with zod, for the front-matter schema.

use std::sync::LazyLock;

use regex::Regex;

use super::*;

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
        .map(|(name, ty)| ExtraField {
            name,
            ty,
            required: false,
        })
        .collect()
}

/// The fields of every `z.object({…})` and `.extend({…})` in `code`, with
/// nested objects as dotted names.
pub(super) fn object_fields(code: &str) -> Vec<(String, Option<&'static str>)> {
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

pub(super) static NESTED_OBJECT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^z\s*\.\s*object\s*\(\s*\{"));

/// The `key: value` entries at the top level of an object literal body.
pub(super) fn body_fields(body: &str, prefix: &str) -> Vec<(String, Option<&'static str>)> {
    let mut fields = Vec::new();
    let key = regex(r#"^\s*(?:([A-Za-z_$][\w$]*)|'([^']+)'|"([^"]+)")\s*:\s*"#);
    for entry in top_level_entries(body) {
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

/// The proofmark type of a zod schema expression, when it is plain.
pub(super) fn zod_type(value: &str) -> Option<&'static str> {
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

/// A content collection of an Astro content config: its name, the folder
/// its Markdown lives in, and its zod schema.
pub(super) struct ContentCollection {
    pub name: String,
    pub folder: String,
    pub schema: CollectionSchema,
}

/// The collections `export const collections = {…}` names whose entries
/// are Markdown files: a `glob({ base })` loader, or no loader (the legacy
/// `src/content/<name>/`). Other loaders (a CMS, an API) have no files.
pub(super) fn content_collections(text: &str) -> Vec<ContentCollection> {
    let Some(at) = regex(r"\bexport\s+const\s+collections\s*=\s*\{").find(text) else {
        return Vec::new();
    };
    let Some(body) = balanced(text, at.end() - 1) else {
        return Vec::new();
    };
    let entry = regex(r#"^\s*(?:([A-Za-z_$][\w$]*)|'([^']+)'|"([^"]+)")\s*(?::\s*([\s\S]*))?$"#);
    let mut out = Vec::new();
    for piece in top_level_entries(body) {
        let piece = skip_comments(piece);
        let Some(captures) = entry.captures(piece) else {
            continue;
        };
        let Some(name) = (1..=3).find_map(|i| captures.get(i)).map(|m| m.as_str()) else {
            continue;
        };
        // `til: tilCollection`, `til` (shorthand), or `til: defineCollection({…})`.
        let value = captures.get(4).map_or(name, |m| m.as_str().trim());
        let definition = if value.starts_with("defineCollection") {
            value
        } else {
            match const_definition(text, value) {
                Some(definition) => definition,
                None => continue,
            }
        };
        let folder = if let Some(loader) = regex(r"\bloader\s*:").find(definition) {
            let loader = &definition[loader.end()..];
            if !loader.trim_start().starts_with("glob(") {
                continue;
            }
            match capture(&regex(r#"\bbase\s*:\s*['"`]([^'"`]+)['"`]"#), loader) {
                Some(base) => base
                    .trim_start_matches("./")
                    .trim_end_matches('/')
                    .to_string(),
                None => continue,
            }
        } else if regex(r#"\btype\s*:\s*['"`]data['"`]"#).is_match(definition) {
            continue;
        } else {
            format!("src/content/{name}")
        };
        let schema = definition
            .find("schema")
            .map(|at| &definition[at..])
            .unwrap_or("");
        let fields = match regex(r"\bz\s*\.\s*object\s*\(\s*\{").find(schema) {
            Some(open) => balanced(schema, open.end() - 1)
                .map(|body| field_specs(body, text))
                .unwrap_or_default(),
            None => Vec::new(),
        };
        out.push(ContentCollection {
            name: name.to_string(),
            folder,
            schema: CollectionSchema {
                fields,
                passthrough: schema.contains(".passthrough()"),
            },
        });
    }
    out
}

/// The top-level fields of a `z.object({…})` body, each with its type and
/// whether it is required; nested objects give dotted names (not required).
/// `text` is the whole config, where helpers the body calls are defined.
fn field_specs(body: &str, text: &str) -> Vec<ExtraField> {
    let key = regex(r#"^\s*(?:([A-Za-z_$][\w$]*)|'([^']+)'|"([^"]+)")\s*:"#);
    let required: Vec<(String, bool)> = top_level_entries(body)
        .into_iter()
        .filter_map(|entry| {
            let entry = skip_comments(entry);
            let found = key.captures(entry)?;
            let name = (1..=3).find_map(|i| found.get(i))?.as_str().to_string();
            let value = entry[found.get(0).map_or(0, |m| m.end())..].trim();
            Some((name, is_required(value, text)))
        })
        .collect();
    body_fields(body, "")
        .into_iter()
        .map(|(name, ty)| ExtraField {
            required: required.iter().any(|(top, yes)| *top == name && *yes),
            name,
            ty,
        })
        .collect()
}

/// Whether a zod field is required: a schema chain (`z.string().min(1)`,
/// `image()`) with no `.optional()`, default or catch at its own level. A
/// helper defined in the config (`metadata: metadataDefinition()`) is read
/// through; anything else is taken as optional, never guessed required.
fn is_required(value: &str, text: &str) -> bool {
    let chain = outer_chain(value);
    let lenient = [
        ".optional()",
        ".default()",
        ".nullish()",
        ".catch()",
        ".nullable()",
    ];
    if lenient.iter().any(|marker| chain.contains(marker)) {
        return false;
    }
    if chain.starts_with("z.") || chain.starts_with("image()") || chain.starts_with("reference()") {
        return true;
    }
    let name = chain.split(['(', '.']).next().unwrap_or("");
    match const_definition(text, name) {
        // `const helper = () => z.object({…}).optional()`
        Some(definition) if definition != value => {
            let body = definition.rsplit("=>").next().unwrap_or(definition);
            is_required(body.trim(), "")
        }
        _ => false,
    }
}

/// A JS expression with what its brackets hold left out and no spaces:
/// `z.object({ a: z.string().optional() }).optional()` is
/// `z.object().optional()`.
fn outer_chain(value: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for (_, c) in code_chars(value) {
        match c {
            '(' | '[' | '{' => {
                if depth == 0 {
                    out.push(c);
                }
                depth += 1;
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(c);
                }
            }
            c if depth == 0 && !c.is_whitespace() => out.push(c),
            _ => {}
        }
    }
    out
}

/// The entries of an object literal body, split at its top-level commas.
fn top_level_entries(body: &str) -> Vec<&str> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut entries = Vec::new();
    for (offset, c) in code_chars(body) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                entries.push(&body[start..offset]);
                start = offset + 1;
            }
            _ => {}
        }
    }
    entries.push(&body[start..]);
    entries.retain(|entry| !entry.trim().is_empty());
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn content_collections_give_their_folder_and_required_fields() {
        let config = r#"
import { glob } from 'astro/loaders';
const meta = () =>
  z.object({ title: z.string().optional() }).optional();
const notes = defineCollection({
  type: 'content',
  schema: ({ image }) =>
    z.object({
      title: z.string(),
      when: z.date(),
      tags: z.array(z.string()).default([]),
      cover: image().optional(),
      extra: z.object({ a: z.string().optional() }),
      metadata: meta(),
      other: someImportedSchema,
    }).passthrough(),
});
export const collections = {
  notes,
  posts: defineCollection({ loader: glob({ pattern: '**/*.md', base: './src/data/posts/' }), schema: z.object({ title: z.string() }) }),
  people: defineCollection({ type: 'data', schema: z.object({ name: z.string() }) }),
  remote: defineCollection({ loader: notionLoader({ base: 'x' }) }),
};
"#;
        let collections = content_collections(config);
        let names: Vec<(&str, &str, bool)> = collections
            .iter()
            .map(|c| (c.name.as_str(), c.folder.as_str(), c.schema.passthrough))
            .collect();
        assert_eq!(
            names,
            [
                ("notes", "src/content/notes", true),
                ("posts", "src/data/posts", false)
            ]
        );
        let required: Vec<&str> = collections[0]
            .schema
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(required, ["title", "when", "extra"]);
    }
}
