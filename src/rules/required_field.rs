//! A field the schema requires is missing, or empty (`null`, `""`, `[]`).
//! A missing field is reported on the opening `---` line, or on line 1
//! when the article has no front matter; an empty one on its value.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::front_matter::{Value, ValueKind};
use crate::article::Article;
use crate::config::schema::FieldSpec;
use crate::diagnostic::Applicability;
use crate::diagnostic::Severity;
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

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let root = match &article.front_matter {
            // Syntax errors are front-matter-syntax's; a missing tree says nothing about fields.
            Some(front_matter) if front_matter.root.is_none() => return,
            Some(front_matter) => front_matter.root.as_ref(),
            None => None,
        };
        let mut missing = Vec::new();
        collect_missing(&cx.front_matter().schema, root, "", &mut missing);
        let anchor = article.front_matter_anchor();
        for problem in missing {
            match problem {
                Missing::Absent(path) => {
                    let diagnostic = cx.report(anchor, format!("missing required field `{path}`"));
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
                    cx.report(value.span, message).help(help);
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
