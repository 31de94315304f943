//! A `proofmark-disable…` comment that suppresses nothing, or names a rule
//! that does not exist. Stale suppressions hide the next real problem.
//!
//! The engine applies suppressions after every rule has run, so this rule
//! is applied there too, by [`apply`].

use super::{Ctx, Group, RuleMeta};
use crate::article::markdown::{Suppression, SuppressionKind};
use crate::article::Article;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::suggest::did_you_mean;

pub static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    group: Group::General,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "a suppression comment that suppresses nothing or names an unknown rule",
    docs: include_str!("../../rules/unused-suppression.md"),
    options: &[],
};

/// What one suppression covers.
struct Scope<'a> {
    suppression: &'a Suppression,
    /// Byte range for disable…enable, or the covered 0-based line for next-line.
    range: Span,
    line: Option<usize>,
    /// Which of the named rules (or, for "all rules", the one slot) suppressed something.
    used: Vec<bool>,
}

impl Scope<'_> {
    /// Marks the slot for `rule` (or its group) as used; false when the
    /// scope names neither.
    fn mark_used(&mut self, rule: &str) -> bool {
        if self.suppression.rules.is_empty() {
            self.used[0] = true;
            return true;
        }
        let group = super::meta(rule).map(|meta| meta.group.name());
        let mut named = false;
        for (slot, (name, _)) in self.suppression.rules.iter().enumerate() {
            if name == rule || Some(name.as_str()) == group {
                self.used[slot] = true;
                named = true;
            }
        }
        named
    }
}

/// Drops the findings that suppressions cover, then reports (through `cx`,
/// when the rule is on) suppressions that covered nothing.
/// A comment may name rules or groups (`generated`, `seo`…).
/// `is_known` tells rule ids and group names apart from typos; `is_active`
/// whether a rule (or any rule of a group) ran.
pub fn apply(
    article: &Article,
    findings: &mut Vec<Diagnostic>,
    is_known: &dyn Fn(&str) -> bool,
    is_active: &dyn Fn(&str) -> bool,
    cx: Option<&mut Ctx<'_>>,
) {
    let suppressions = &article.body.suppressions;
    if suppressions.is_empty() {
        return;
    }
    let mut scopes: Vec<Scope<'_>> = suppressions
        .iter()
        .filter(|s| s.kind != SuppressionKind::Enable)
        .map(|suppression| match suppression.kind {
            SuppressionKind::NextLine => Scope {
                suppression,
                range: Span::empty(0),
                line: Some(article.lines().line_of(suppression.span.end) + 1),
                used: vec![false; suppression.rules.len().max(1)],
            },
            _ => {
                let end = suppressions
                    .iter()
                    .filter(|other| other.kind == SuppressionKind::Enable)
                    .filter(|other| other.span.start > suppression.span.start)
                    .find(|enable| {
                        enable.rules.is_empty()
                            || suppression.rules.is_empty()
                            || enable.rules.iter().any(|(name, _)| {
                                suppression.rules.iter().any(|(mine, _)| mine == name)
                            })
                    })
                    .map_or(article.source.len(), |enable| enable.span.start);
                Scope {
                    suppression,
                    range: Span::new(suppression.span.end, end),
                    line: None,
                    used: vec![false; suppression.rules.len().max(1)],
                }
            }
        })
        .collect();

    findings.retain(|finding| {
        if finding.rule == META.id {
            return true;
        }
        let line = article.lines().line_of(finding.span.start);
        let mut suppressed = false;
        for scope in scopes.iter_mut() {
            let covers = match scope.line {
                Some(covered) => covered == line,
                None => scope.range.contains(finding.span.start),
            };
            if covers && scope.mark_used(finding.rule) {
                suppressed = true;
            }
        }
        !suppressed
    });

    let Some(cx) = cx else {
        return;
    };
    for suppression in suppressions {
        for (name, span) in &suppression.rules {
            if !is_known(name) {
                let help = match did_you_mean(name, super::names()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "`proofmark rules` lists every rule".to_string(),
                };
                cx.report(
                    *span,
                    format!("unknown rule `{name}` in suppression comment"),
                )
                .help(help);
            }
        }
    }
    for scope in &scopes {
        let what = match scope.suppression.kind {
            SuppressionKind::NextLine => "the next line has no finding it could suppress",
            _ => "no finding in its range could be suppressed",
        };
        let rules = &scope.suppression.rules;
        // Suppressions of rules that are off in this run are not judged.
        let judged = |(name, _): &&(String, Span)| is_known(name) && is_active(name);
        let wholly_unused = if rules.is_empty() {
            Some(!scope.used[0])
        } else if !scope.used.iter().any(|used| *used) {
            Some(rules.iter().any(|rule| judged(&rule)))
        } else {
            None
        };
        if let Some(report) = wholly_unused {
            if report {
                cx.report(
                    scope.suppression.span,
                    "suppression comment suppresses nothing",
                )
                .label(what)
                .help("remove the comment");
            }
            continue;
        }
        for (slot, rule) in rules.iter().enumerate() {
            if !scope.used[slot] && judged(&rule) {
                cx.report(
                    rule.1,
                    format!("`{}` is suppressed here but reports nothing", rule.0),
                )
                .help(format!("remove `{}` from the comment", rule.0));
            }
        }
    }
}
