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
        .map(|(name, ty)| ExtraField { name, ty })
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
    let mut depth = 0usize;
    let mut entry_start = 0;
    let mut entries = Vec::new();
    for (offset, c) in code_chars(body) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                entries.push(&body[entry_start..offset]);
                entry_start = offset + 1;
            }
            _ => {}
        }
    }
    entries.push(&body[entry_start..]);
    let key = regex(r#"^\s*(?:([A-Za-z_$][\w$]*)|'([^']+)'|"([^"]+)")\s*:\s*"#);
    for entry in entries {
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
}
