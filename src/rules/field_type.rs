//! A front-matter value of the wrong kind: a number where the schema wants
//! a string, a string where it wants a list, and so on.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::front_matter::{Format, Value, ValueKind};
use crate::article::Article;
use crate::config::schema::{visit, FieldType as Type, Visit};
use crate::diagnostic::{Applicability, Edit, Fix, Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "field-type",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a front-matter value has the wrong type",
    docs: include_str!("../../rules/field-type.md"),
    options: &[],
    fix: Some(Applicability::Unsafe),
};

pub struct FieldType;

impl Rule for FieldType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let Some(root) = article
            .front_matter
            .as_ref()
            .and_then(|fm| fm.root.as_ref())
        else {
            return;
        };
        let schema = &cx.front_matter().schema;
        visit(schema, root, &mut |found| {
            let Visit::Known { path, spec, value } = found else {
                return;
            };
            let Some(expected) = spec.ty else {
                return;
            };
            // An empty required field is required-field's finding.
            if spec.required && value.kind == ValueKind::Null {
                return;
            }
            if !matches_type(expected, value) {
                let found = match value.kind {
                    ValueKind::Null => "an empty value".to_string(),
                    ValueKind::Integer(_) | ValueKind::Alias | ValueKind::Map(_) => {
                        format!("an {}", value.type_name())
                    }
                    _ => format!("a {}", value.type_name()),
                };
                let fix = match (expected, &value.kind) {
                    (Type::List, ValueKind::String(_)) => one_item_list(article, value),
                    _ => None,
                };
                let finding = cx
                    .report(
                        value.span,
                        format!("`{path}` must be {}, found {found}", describe(expected)),
                    )
                    .label(format!("expected {}", describe(expected)))
                    .help(hint(expected, value));
                if let Some(fix) = fix {
                    finding.fix(fix);
                }
            }
        });
    }
}

fn matches_type(expected: Type, value: &Value) -> bool {
    match (&value.kind, expected) {
        // Aliases are not expanded, so their type is unknown.
        (ValueKind::Alias, _) => true,
        (ValueKind::String(_), Type::String | Type::Url | Type::Date | Type::Datetime) => true,
        (ValueKind::Datetime(_), Type::Date | Type::Datetime) => true,
        (ValueKind::Integer(_), Type::Integer | Type::Number) => true,
        (ValueKind::Float(_), Type::Number) => true,
        (ValueKind::Bool(_), Type::Boolean) => true,
        (ValueKind::List(_), Type::List) => true,
        (ValueKind::Map(_), Type::Object) => true,
        _ => false,
    }
}

fn describe(ty: Type) -> &'static str {
    match ty {
        Type::String => "a string",
        Type::Integer => "an integer",
        Type::Number => "a number",
        Type::Boolean => "true or false",
        Type::Date => "a date",
        Type::Datetime => "a date and time",
        Type::Url => "a URL",
        Type::List => "a list",
        Type::Object => "an object with fields",
    }
}

fn hint(expected: Type, value: &Value) -> String {
    match (expected, &value.kind) {
        (Type::String, ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Bool(_)) => {
            "put the value in quotes to make it a string".into()
        }
        (Type::List, _) => "write one item per line, each starting with `- `".into(),
        (Type::Date | Type::Datetime, _) => {
            "write the date as `2025-08-21` or `2025-08-21T10:00:00Z`".into()
        }
        (Type::Boolean, ValueKind::String(_)) => "write `true` or `false` without quotes".into(),
        (Type::Integer | Type::Number, ValueKind::String(_)) => {
            "write the number without quotes".into()
        }
        (_, ValueKind::Null) => "give the field a value or remove it".into(),
        _ => format!("change the value to {}", describe(expected)),
    }
}

/// Makes the string `value` the one item of a list, as the front matter
/// writes lists: a YAML block list under its key (`tags:` then `  - x`),
/// a TOML array (`["x"]`). The value keeps its quoting.
fn one_item_list(article: &Article, value: &Value) -> Option<Fix> {
    let front_matter = article.front_matter.as_ref()?;
    let written = article.text(value.span);
    if written.is_empty() || written.contains(['\n', '\r']) {
        return None;
    }
    let message = "make it a list of one item";
    if front_matter.format == Format::Toml {
        return Some(Fix::unsafe_(
            message,
            vec![Edit::replace(value.span, format!("[{written}]"))],
        ));
    }
    // `key: value` on a line of its own (in a block map, or a list item's).
    let line_start = article.line_span_at(value.span.start).start;
    let before = article.text(Span::new(line_start, value.span.start));
    let key = before.trim_start_matches([' ', '-']);
    let key_column = before.len() - key.len();
    let name = key.trim_end().strip_suffix(':')?;
    if name.is_empty() || name.contains([':', '{', '[', ',', '#', '&', '!']) {
        return None;
    }
    let colon = line_start + key_column + name.len() + 1;
    let indent = " ".repeat(key_column + 2);
    let eol = article.line_ending();
    Some(Fix::unsafe_(
        message,
        vec![Edit::replace(
            Span::new(colon, value.span.end),
            format!("{eol}{indent}- {written}"),
        )],
    ))
}
