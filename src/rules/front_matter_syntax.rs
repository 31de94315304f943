//! Front matter that the site generator cannot read: invalid YAML or TOML,
//! a block that is never closed, duplicate keys, a block that is not a
//! mapping, or one that does not start on the first line.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::front_matter::Format;
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "front-matter-syntax",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "front matter that does not parse: invalid YAML/TOML, unclosed, duplicate keys, not at the top",
    docs: include_str!("../../rules/front-matter-syntax.md"),
    options: &[],
    fix: None,
};

pub struct FrontMatterSyntax;

impl Rule for FrontMatterSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let Some(front_matter) = &article.front_matter else {
            return;
        };
        let delimiter = match front_matter.format {
            Format::Yaml => "---",
            Format::Toml => "+++",
        };
        if !front_matter.at_top {
            cx.report(
                front_matter.open,
                "front matter does not start on the first line",
            )
            .label("site generators only read front matter at the very top")
            .help(format!("remove the lines above this `{delimiter}`"));
        }
        if front_matter.close.is_none() {
            cx.report(
                front_matter.open,
                format!(
                    "{} front matter is never closed",
                    front_matter.format.name()
                ),
            )
            .label("opened here")
            .help(format!("add a `{delimiter}` line after the last field"));
        }
        for problem in &front_matter.problems {
            let span = if problem.span.start == problem.span.end {
                article.line_span_at(problem.span.start)
            } else {
                problem.span
            };
            let diagnostic = cx.report(span, problem.message.clone());
            if let Some(help) = &problem.help {
                diagnostic.help(help.clone());
            } else if let Some(related) = problem.related {
                diagnostic.help(format!(
                    "it is first set on line {}; keep one of them",
                    article.lines().line_of(related.start) + 1
                ));
            }
        }
    }
}
