//! Front matter that breaks the site's own JSON Schema (`[front-matter]
//! schema = "…"`, such as the one Astro writes for each content collection
//! under `.astro/collections/`). Each violation is reported on the value it
//! is about — or on the key, for a field the schema does not allow.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::front_matter::{Value, ValueKind};
use crate::article::Article;
use crate::diagnostic::{Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "front-matter-schema",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "front matter that does not satisfy the configured JSON Schema",
    docs: include_str!("../../rules/front-matter-schema.md"),
    options: &[],
    fix: None,
};

pub struct FrontMatterSchema;

impl Rule for FrontMatterSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let Some(validator) = cx.front_matter().json_schema.clone() else {
            return;
        };
        let Some(front_matter) = &article.front_matter else {
            return;
        };
        let Some(root) = &front_matter.root else {
            return; // front-matter-syntax's finding
        };
        let instance = to_json(root);
        for error in validator.iter_errors(&instance) {
            let pointer = error.instance_path().as_str().to_string();
            let (value, key) = locate(root, &pointer);
            let span = match error.kind() {
                jsonschema::error::ValidationErrorKind::AdditionalProperties { unexpected } => {
                    unexpected
                        .first()
                        .and_then(|name| value.entry(name))
                        .map_or(value.span, |entry| entry.key_span)
                }
                jsonschema::error::ValidationErrorKind::Required { .. } if pointer.is_empty() => {
                    front_matter.open
                }
                _ => key
                    .filter(|_| value.span.start == value.span.end)
                    .unwrap_or(value.span),
            };
            let span = if span.start == span.end {
                front_matter.open
            } else {
                span
            };
            let place = if pointer.is_empty() {
                "front matter".to_string()
            } else {
                format!("`{}`", pointer.trim_start_matches('/').replace('/', "."))
            };
            cx.report(span, format!("{place}: {error}")).help(
                "the front matter must satisfy the JSON Schema set in `[front-matter] schema`",
            );
        }
    }
}

/// The front matter as JSON, for the validator. Dates stay strings, as in YAML.
fn to_json(value: &Value) -> serde_json::Value {
    match &value.kind {
        ValueKind::Null | ValueKind::Alias => serde_json::Value::Null,
        ValueKind::Bool(b) => serde_json::Value::Bool(*b),
        ValueKind::Integer(i) => serde_json::Value::from(*i),
        ValueKind::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        ValueKind::String(s) | ValueKind::Datetime(s) => serde_json::Value::String(s.clone()),
        ValueKind::List(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        ValueKind::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|entry| (entry.key.clone(), to_json(&entry.value)))
                .collect(),
        ),
    }
}

/// The value a JSON pointer names (as far as it exists), and its key's span.
fn locate<'a>(root: &'a Value, pointer: &str) -> (&'a Value, Option<Span>) {
    let mut value = root;
    let mut key = None;
    for raw in pointer.split('/').skip(1) {
        let part = raw.replace("~1", "/").replace("~0", "~");
        let next = match &value.kind {
            ValueKind::Map(_) => value.entry(&part).map(|entry| {
                key = Some(entry.key_span);
                &entry.value
            }),
            ValueKind::List(items) => part
                .parse::<usize>()
                .ok()
                .and_then(|index| items.get(index)),
            _ => None,
        };
        match next {
            Some(next) => value = next,
            None => break,
        }
    }
    (value, key)
}
