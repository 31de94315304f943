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
use std::collections::{HashMap, HashSet};

pub static META: RuleMeta = RuleMeta {
    id: "unused-suppression",
    group: Group::General,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "a suppression comment that suppresses nothing or names an unknown rule",
    docs: include_str!("../../rules/unused-suppression.md"),
    options: &[],
    fix: None,
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
    let ends = enable_positions(suppressions);
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
            _ => Scope {
                suppression,
                range: Span::new(
                    suppression.span.end,
                    ends.end_of(suppression).unwrap_or(article.source.len()),
                ),
                line: None,
                used: vec![false; suppression.rules.len().max(1)],
            },
        })
        .collect();

    // Where the findings are, by the names a comment may give them (the
    // rule's id, its group's name, or none for "all rules"), so that each
    // scope and each finding is looked up, not compared with every other.
    let mut offsets: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut on_line: HashMap<usize, Vec<&str>> = HashMap::new();
    for finding in findings.iter().filter(|f| f.rule != META.id) {
        let at = finding.span.start;
        for name in names_of(finding.rule) {
            offsets.entry(name).or_default().push(at);
        }
        on_line
            .entry(article.lines().line_of(at))
            .or_default()
            .push(finding.rule);
    }
    for list in offsets.values_mut() {
        list.sort_unstable();
    }
    let any_in = |name: &str, range: Span| {
        offsets.get(name).is_some_and(|list| {
            let first = list.partition_point(|&at| at < range.start);
            list.get(first).is_some_and(|&at| at < range.end)
        })
    };
    let line_has = |line: usize, name: &str| {
        on_line
            .get(&line)
            .is_some_and(|rules| rules.iter().any(|rule| names_of(rule).contains(&name)))
    };
    for scope in scopes.iter_mut() {
        let rules = &scope.suppression.rules;
        let slots: Vec<&str> = if rules.is_empty() {
            vec![ALL]
        } else {
            rules.iter().map(|(name, _)| name.as_str()).collect()
        };
        for (slot, name) in slots.into_iter().enumerate() {
            scope.used[slot] = match scope.line {
                Some(line) => line_has(line, name),
                None => any_in(name, scope.range),
            };
        }
    }

    // What each name suppresses: whole lines, and merged byte ranges.
    let mut lines: HashSet<(usize, &str)> = HashSet::new();
    let mut ranges: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for scope in &scopes {
        let rules = &scope.suppression.rules;
        let names: Vec<&str> = if rules.is_empty() {
            vec![ALL]
        } else {
            rules.iter().map(|(name, _)| name.as_str()).collect()
        };
        for name in names {
            match scope.line {
                Some(line) => {
                    lines.insert((line, name));
                }
                None => ranges
                    .entry(name)
                    .or_default()
                    .push((scope.range.start, scope.range.end)),
            }
        }
    }
    for list in ranges.values_mut() {
        list.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(list.len());
        for &(start, end) in list.iter() {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        *list = merged;
    }
    let in_ranges = |name: &str, at: usize| {
        ranges.get(name).is_some_and(|list| {
            let next = list.partition_point(|&(start, _)| start <= at);
            next > 0 && at < list[next - 1].1
        })
    };
    findings.retain(|finding| {
        if finding.rule == META.id {
            return true;
        }
        let at = finding.span.start;
        let line = article.lines().line_of(at);
        let suppressed = names_of(finding.rule)
            .iter()
            .any(|name| lines.contains(&(line, *name)) || in_ranges(name, at));
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

/// The slot a comment without rule names fills: every rule.
const ALL: &str = "";

/// The names a comment may suppress a finding by: its rule's id, its
/// group's name, and "all rules".
fn names_of(rule: &str) -> [&str; 3] {
    let group = super::meta(rule).map_or(ALL, |meta| meta.group.name());
    [rule, group, ALL]
}

/// Every `proofmark-enable` comment by position, and by the rule names it
/// gives, to find where each `proofmark-disable` ends without comparing it
/// with every later comment.
struct Enables {
    /// Positions of every enable, sorted.
    all: Vec<usize>,
    /// Positions of the enables without rule names (they end every
    /// disable), sorted.
    unnamed: Vec<usize>,
    /// Positions of the enables naming each rule, sorted.
    named: HashMap<String, Vec<usize>>,
}

fn enable_positions(suppressions: &[Suppression]) -> Enables {
    let mut enables = Enables {
        all: Vec::new(),
        unnamed: Vec::new(),
        named: HashMap::new(),
    };
    for enable in suppressions
        .iter()
        .filter(|s| s.kind == SuppressionKind::Enable)
    {
        let at = enable.span.start;
        enables.all.push(at);
        if enable.rules.is_empty() {
            enables.unnamed.push(at);
        }
        for (name, _) in &enable.rules {
            enables.named.entry(name.clone()).or_default().push(at);
        }
    }
    enables.all.sort_unstable();
    enables.unnamed.sort_unstable();
    for list in enables.named.values_mut() {
        list.sort_unstable();
    }
    enables
}

impl Enables {
    /// Where a disable ends: the first enable after it that names one of
    /// its rules, or names none, or any enable if the disable names none.
    fn end_of(&self, disable: &Suppression) -> Option<usize> {
        let after = |list: &[usize]| {
            let next = list.partition_point(|&at| at <= disable.span.start);
            list.get(next).copied()
        };
        if disable.rules.is_empty() {
            return after(&self.all);
        }
        disable
            .rules
            .iter()
            .filter_map(|(name, _)| self.named.get(name).and_then(|list| after(list)))
            .chain(after(&self.unnamed))
            .min()
    }
}
