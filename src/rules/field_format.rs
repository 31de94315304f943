//! A front-matter value of the right kind but the wrong content: too long
//! or too short, not matching its pattern, not one of the allowed values,
//! a date that does not exist, a URL that is not absolute, too many or
//! repeated list items.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::dates::{DateError, Moment};
use crate::article::front_matter::{Value, ValueKind};
use crate::article::Article;
use crate::config::schema::{visit, FieldSpec, FieldType, Visit};
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "field-format",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a front-matter value breaks its length, pattern, one-of, date, URL or list limits",
    docs: include_str!("../../rules/field-format.md"),
    options: &[],
    fix: None,
};

pub struct FieldFormat;

impl Rule for FieldFormat {
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
            if let Visit::Known { path, spec, value } = found {
                check_value(path, spec, value, cx);
            }
        });
    }
}

fn check_value(path: &str, spec: &FieldSpec, value: &Value, cx: &mut Ctx<'_>) {
    // An empty required field is required-field's finding.
    if spec.required && value.is_empty() {
        return;
    }
    match &value.kind {
        ValueKind::String(text) => check_text(path, spec, value, text, cx),
        ValueKind::Datetime(text) => check_date(path, value, text, cx),
        ValueKind::List(items) => check_list(path, spec, value, items, cx),
        ValueKind::Integer(_) | ValueKind::Float(_) | ValueKind::Bool(_) => {
            check_one_of(path, spec, value, &scalar_text(value), cx)
        }
        _ => {}
    }
}

fn check_text(path: &str, spec: &FieldSpec, value: &Value, text: &str, cx: &mut Ctx<'_>) {
    let length = text.chars().count();
    if let Some(max) = spec.max_length.filter(|max| length > *max) {
        cx.report(
            value.span,
            format!("`{path}` is {length} characters long, more than the {max} allowed"),
        )
        .label(match length - max {
            1 => "1 character too many".to_string(),
            over => format!("{over} characters too many"),
        })
        .help(format!("shorten `{path}` to at most {max} characters"));
    }
    if let Some(min) = spec.min_length.filter(|min| length < *min) {
        cx.report(
            value.span,
            format!("`{path}` is {length} characters long, fewer than the {min} required"),
        )
        .help(format!("write at least {min} characters"));
    }
    if let Some(pattern) = spec.pattern.as_ref().filter(|p| !p.is_match(text)) {
        cx.report(
            value.span,
            format!("`{path}` does not match the pattern `{pattern}`"),
        )
        .help("change the value so it matches the configured pattern");
    }
    check_one_of(path, spec, value, text, cx);
    match spec.ty {
        Some(FieldType::Date | FieldType::Datetime) => check_date(path, value, text, cx),
        Some(FieldType::Url) if !is_absolute_url(text) => {
            cx.report(
                value.span,
                format!("`{path}` is not an absolute URL: `{text}`"),
            )
            .help("write the full URL, such as `https://www.example.com/page`");
        }
        _ => {}
    }
}

fn check_one_of(path: &str, spec: &FieldSpec, value: &Value, text: &str, cx: &mut Ctx<'_>) {
    let Some(allowed) = &spec.one_of else {
        return;
    };
    if allowed.iter().any(|choice| choice == text) {
        return;
    }
    let help = match crate::suggest::did_you_mean(text, allowed.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use one of: {}", quoted_list(allowed)),
    };
    cx.report(
        value.span,
        format!("`{text}` is not an allowed value for `{path}`"),
    )
    .label(format!("allowed: {}", quoted_list(allowed)))
    .help(help);
}

fn check_date(path: &str, value: &Value, text: &str, cx: &mut Ctx<'_>) {
    const FORM: &str =
        "write the date as `YYYY-MM-DD`, optionally followed by a time such as `T10:00:00Z`";
    let (problem, help) = match Moment::parse(text) {
        Ok(_) => return,
        Err(DateError::Shape) => (
            format!("`{path}` is not a date: `{text}`"),
            FORM.to_string(),
        ),
        Err(error @ DateError::NoSuchDay { .. }) => (
            format!("`{path}` is a date that does not exist: `{text}`"),
            error.why_no_such_day().unwrap_or_else(|| FORM.to_string()),
        ),
        Err(DateError::Time) => (
            format!("`{path}` has an invalid time of day: `{text}`"),
            "write the time as `T10:00:00Z` or `T10:00:00+02:00` (hours 00 to 23)".to_string(),
        ),
    };
    cx.report(value.span, problem).help(help);
}

fn check_list(path: &str, spec: &FieldSpec, value: &Value, items: &[Value], cx: &mut Ctx<'_>) {
    let count = items.len();
    if let Some(max) = spec.max_items.filter(|max| count > *max) {
        cx.report(
            value.span,
            format!("`{path}` has {count} items, more than the {max} allowed"),
        )
        .help(format!("keep at most {max} items"));
    }
    if let Some(min) = spec.min_items.filter(|min| count < *min) {
        cx.report(
            value.span,
            format!("`{path}` has {count} items, fewer than the {min} required"),
        )
        .help(format!("add at least {} more", min - count));
    }
    if spec.unique {
        let mut seen = std::collections::HashMap::new();
        for (index, item) in items.iter().enumerate() {
            if matches!(
                item.kind,
                ValueKind::List(_) | ValueKind::Map(_) | ValueKind::Alias
            ) {
                continue;
            }
            let key = scalar_text(item).to_lowercase();
            if let Some(first) = seen.insert(key, index) {
                cx.report(
                    item.span,
                    format!("`{path}` repeats `{}`", scalar_text(item)),
                )
                .help(format!("remove this item; it repeats item {}", first + 1));
            }
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match &value.kind {
        ValueKind::String(s) | ValueKind::Datetime(s) => s.clone(),
        ValueKind::Integer(i) => i.to_string(),
        ValueKind::Float(f) => f.to_string(),
        ValueKind::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `scheme://host…` with no spaces.
fn is_absolute_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    scheme_ok && !host.is_empty() && !text.chars().any(char::is_whitespace)
}
