//! A field the schema requires is missing, or empty (`null`, `""`, `[]`).
//! A missing field is reported on the opening `---` line, or on line 1
//! when the article has no front matter; an empty one on its value.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::front_matter::{string_in_style, Format, Value, ValueKind};
use crate::article::Article;
use crate::config::schema::FieldSpec;
use crate::diagnostic::{Applicability, Edit, Fix, Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "required-field",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a required front-matter field is missing or empty",
    docs: include_str!("../../rules/required-field.md"),
    options: &[],
    fix: Some(Applicability::Safe),
};

pub struct RequiredField;

impl Rule for RequiredField {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let root = match &article.front_matter {
            // Syntax errors are front-matter-syntax's; a missing tree says nothing about fields.
            Some(front_matter) if front_matter.root.is_none() => return,
            Some(front_matter) => front_matter.root.as_ref(),
            None => None,
        };
        let mut missing = Vec::new();
        collect_missing(&cx.front_matter().schema, root, "", &mut missing);
        if missing.is_empty() {
            return;
        }
        let anchor = article.front_matter_anchor();
        // The one field whose value the site model knows: the canonical URL.
        let canonical = cx.settings().canonical_field();
        let own_url = super::canonical_url::own_url(article, site);
        for problem in missing {
            match problem {
                Missing::Absent(path) => {
                    let fix = own_url
                        .as_deref()
                        .filter(|_| path == canonical)
                        .and_then(|url| insert_field(article, &path, url));
                    let diagnostic = cx.report(anchor, format!("missing required field `{path}`"));
                    if let Some(fix) = fix {
                        diagnostic.fix(fix);
                    }
                    if article.front_matter.is_none() {
                        diagnostic
                            .label("this article has no front matter")
                            .help(format!(
                                "start the file with a `---` block that sets `{path}`"
                            ));
                    } else {
                        diagnostic
                            .label("in this front matter")
                            .help(format!("add `{path}` to the front matter"));
                    }
                }
                Missing::Empty(path, value) => {
                    let (message, help) = match &value.kind {
                        ValueKind::String(_) => (
                            format!("required field `{path}` is an empty string"),
                            format!("write the text of `{path}`"),
                        ),
                        ValueKind::List(_) => (
                            format!("required field `{path}` is an empty list"),
                            format!("add at least one item to `{path}`"),
                        ),
                        _ => (
                            format!("required field `{path}` is empty"),
                            format!("give `{path}` a value"),
                        ),
                    };
                    let fix = own_url
                        .as_deref()
                        .filter(|_| path == canonical && matches!(value.kind, ValueKind::String(_)))
                        .and_then(|url| {
                            super::canonical_url::set_value(
                                article,
                                value,
                                url,
                                Applicability::Safe,
                            )
                        });
                    let diagnostic = cx.report(value.span, message).help(help);
                    if let Some(fix) = fix {
                        diagnostic.fix(fix);
                    }
                }
            }
        }
    }
}

enum Missing<'a> {
    Absent(String),
    Empty(String, &'a Value),
}

fn collect_missing<'a>(
    spec: &FieldSpec,
    value: Option<&'a Value>,
    prefix: &str,
    out: &mut Vec<Missing<'a>>,
) {
    for (name, child) in &spec.children {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let entry = value.and_then(|value| value.entry(name));
        match entry.map(|entry| &entry.value) {
            None if child.required => out.push(Missing::Absent(path)),
            Some(value) if child.required && value.is_empty() => {
                out.push(Missing::Empty(path, value))
            }
            Some(
                value @ Value {
                    kind: ValueKind::Map(_),
                    ..
                },
            ) => collect_missing(child, Some(value), &path, out),
            Some(Value {
                kind: ValueKind::List(items),
                ..
            }) => {
                if let Some(item_spec) = &child.items {
                    for (index, item) in items.iter().enumerate() {
                        if matches!(item.kind, ValueKind::Map(_)) {
                            collect_missing(
                                item_spec,
                                Some(item),
                                &format!("{path}[{index}]"),
                                out,
                            );
                        }
                    }
                }
            }
            // An absent optional parent still needs its required children.
            None => collect_missing(child, None, &path, out),
            Some(_) => {}
        }
    }
}

/// Adds the string field `path` (`canonical`, or `metadata.canonical`)
/// with `text` to the article's front matter, in its own style: a YAML
/// line before the closing `---` (or in the parent map, at its children's
/// indentation), a TOML key at the top of the block.
fn insert_field(article: &Article, path: &str, text: &str) -> Option<Fix> {
    let front_matter = article.front_matter.as_ref()?;
    let close = front_matter.close?;
    let root = front_matter.root.as_ref()?;
    let eol = article.line_ending();
    let message = format!("add `{path}: {text}`");
    let value = string_in_style(front_matter.format, "", text)?;
    let is_block_map = |value: &Value| {
        matches!(value.kind, ValueKind::Map(_)) && !article.text(value.span).starts_with('{')
    };
    if !is_block_map(root) && !root.entries().is_empty() {
        return None;
    }
    let edit = match (front_matter.format, path.split_once('.')) {
        (Format::Toml, None) => Edit::insert(
            article.next_line_start(front_matter.open.end),
            format!("{path} = {value}{eol}"),
        ),
        (Format::Yaml, None) => Edit::insert(close.start, format!("{path}: {value}{eol}")),
        (Format::Yaml, Some((parent, key))) if !key.contains('.') => match root.entry(parent) {
            None => Edit::insert(close.start, format!("{parent}:{eol}  {key}: {value}{eol}")),
            Some(entry) if is_block_map(&entry.value) => {
                let first = entry.value.entries().first()?;
                let line_start = article.line_span_at(first.key_span.start).start;
                let indent = article.text(Span::new(line_start, first.key_span.start));
                if !indent.chars().all(|c| c == ' ') {
                    return None;
                }
                let after = article.next_line_start(entry.value.span.end.saturating_sub(1));
                Edit::insert(after, format!("{indent}{key}: {value}{eol}"))
            }
            Some(_) => return None,
        },
        _ => return None,
    };
    Some(Fix::safe(message, vec![edit]))
}
