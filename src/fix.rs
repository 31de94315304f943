//! Applies the fixes findings carry: picks the ones that do not overlap,
//! applies them, re-parses and re-lints the file, and repeats until nothing
//! fixable is left. Writes are atomic and never touch a file that changed
//! since it was read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::article::{Article, Deadline, ParseOptions};
use crate::diagnostic::{Applicability, Diagnostic, Fix};

/// At most this many rounds of fixing per file; real fixes settle in two.
pub const MAX_PASSES: usize = 10;

/// What a run does with the fixes it finds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Report them (`[*]`), change nothing.
    #[default]
    Off,
    /// `check --fix`: apply them and write the files.
    Write,
    /// `check --diff`, or `--fix` on standard input: work out the fixed
    /// text, write nothing.
    Preview,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct FixOptions {
    pub mode: FixMode,
    /// `--unsafe-fixes`: apply (and mark as fixable) the unsafe fixes too.
    pub unsafe_fixes: bool,
}

impl FixOptions {
    /// Whether a fix of this applicability is applied (or shown as `[*]`).
    pub fn takes(self, applicability: Applicability) -> bool {
        applicability == Applicability::Safe || self.unsafe_fixes
    }
}

/// A file the fixes changed (or, previewing, would change).
#[derive(Clone, Debug)]
pub struct FixedFile {
    /// Where it is written.
    pub path: PathBuf,
    /// The path as reports show it.
    pub display: String,
    pub original: String,
    pub fixed: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
}

/// What fixing one file came to.
#[derive(Debug, Default)]
pub struct Repaired {
    /// The findings left in the fixed text (or the original findings when
    /// nothing was fixed).
    pub findings: Vec<Diagnostic>,
    pub file: Option<FixedFile>,
    /// Why fixing stopped short: a cycle, or fixes that break the file.
    pub problem: Option<String>,
}

/// The fixed text of `source` with the fixes of `findings` that `options`
/// take, as many as do not overlap (the others wait for the next pass), and
/// the rules of the fixes applied.
pub fn apply(
    source: &str,
    findings: &[Diagnostic],
    options: FixOptions,
) -> (String, Vec<&'static str>) {
    let mut fixes: Vec<(&Fix, &'static str)> = findings
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|fix| (fix, d.rule)))
        .filter(|(fix, _)| options.takes(fix.applicability) && is_sound(fix, source))
        .collect();
    fixes.sort_by_key(|(fix, _)| fix.extent());
    let mut chosen = Vec::new();
    // The end of the last edit taken, and whether it was an insertion.
    let mut last: Option<(usize, bool)> = None;
    for (fix, rule) in fixes {
        let clear = fix.edits.first().is_none_or(|first| match last {
            None => true,
            Some((end, inserted)) => {
                first.span.start > end
                    || (first.span.start == end && !inserted && !first.span.is_empty())
            }
        });
        if !clear {
            continue;
        }
        if let Some(edit) = fix.edits.last() {
            last = Some((edit.span.end, edit.span.is_empty()));
        }
        chosen.push((fix, rule));
    }
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    let mut rules = Vec::with_capacity(chosen.len());
    for (fix, rule) in chosen {
        for edit in &fix.edits {
            text.push_str(&source[at..edit.span.start]);
            text.push_str(&edit.replacement);
            at = edit.span.end;
        }
        rules.push(rule);
    }
    text.push_str(&source[at..]);
    (text, rules)
}

/// A fix whose edits are in order, apart, and on character boundaries of
/// `source`: anything else is a rule's mistake, and is not applied.
fn is_sound(fix: &Fix, source: &str) -> bool {
    let mut end = 0;
    fix.edits.iter().enumerate().all(|(index, edit)| {
        let ordered = index == 0 || edit.span.start >= end;
        end = edit.span.end;
        ordered
            && edit.span.start <= edit.span.end
            && source.is_char_boundary(edit.span.start)
            && source.is_char_boundary(edit.span.end)
    }) && !fix.edits.is_empty()
}

/// Whether any finding has a fix `options` take.
pub fn has_applicable(findings: &[Diagnostic], options: FixOptions) -> bool {
    findings.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|fix| options.takes(fix.applicability))
    })
}

/// Fixes one article: applies, re-parses, re-lints (with `relint`) until no
/// applicable fix is left, at most [`MAX_PASSES`] times, all within the
/// file's time (`deadline`, which `relint` shares). A file whose front
/// matter does not parse is not touched; nor is one the fixes would break.
pub fn repair(
    article: &Article,
    findings: Vec<Diagnostic>,
    options: FixOptions,
    parse_options: ParseOptions,
    deadline: &Deadline,
    relint: &dyn Fn(&Article) -> Vec<Diagnostic>,
) -> Repaired {
    if !has_applicable(&findings, options) || has_syntax_problems(article) {
        return Repaired {
            findings,
            ..Repaired::default()
        };
    }
    let mut text = article.source.clone();
    let mut current = findings;
    let mut applied = 0;
    let mut seen: Vec<String> = vec![text.clone()];
    let mut rules_seen: BTreeSet<&'static str> = BTreeSet::new();
    for _ in 0..MAX_PASSES {
        if !has_applicable(&current, options) {
            break;
        }
        let (next, rules) = apply(&text, &current, options);
        if rules.is_empty() {
            break;
        }
        rules_seen.extend(rules.iter().copied());
        let reparsed = Article::from_bytes_within(
            article.path.clone(),
            article.display_path.clone(),
            next.clone().into_bytes(),
            parse_options,
            deadline,
        );
        let reparsed = match reparsed {
            Ok(reparsed) if !has_syntax_problems(&reparsed) => reparsed,
            Err(crate::article::Unreadable::TimedOut { limit }) => {
                let problem = format!(
                    "fixing `{}` took longer than `[limits] max-file-time` ({} s); it is fixed only as far as it got",
                    article.display_path,
                    limit.as_secs_f64()
                );
                return stop(article, text, applied, current, problem);
            }
            _ => {
                let problem = format!(
                    "internal error: the fixes of {} would leave `{}` unreadable or its front matter invalid; it is not fixed",
                    name_rules(&rules),
                    article.display_path
                );
                return stop(article, text, applied, current, problem);
            }
        };
        if seen.contains(&next) {
            let problem = format!(
                "internal error: the fixes of {} undo one another in `{}`; it is fixed only as far as before they did",
                name_rules(&rules_seen.iter().copied().collect::<Vec<_>>()),
                article.display_path
            );
            return stop(article, text, applied, current, problem);
        }
        applied += rules.len();
        current = relint(&reparsed);
        seen.push(next.clone());
        text = next;
    }
    let problem = has_applicable(&current, options).then(|| {
        format!(
            "internal error: the fixes of {} in `{}` did not settle after {MAX_PASSES} passes",
            name_rules(&rules_seen.iter().copied().collect::<Vec<_>>()),
            article.display_path
        )
    });
    Repaired {
        findings: current,
        file: fixed_file(article, text, applied),
        problem,
    }
}

/// Ends fixing at `text`, the last good state, with its findings.
fn stop(
    article: &Article,
    text: String,
    applied: usize,
    findings: Vec<Diagnostic>,
    problem: String,
) -> Repaired {
    Repaired {
        findings,
        file: fixed_file(article, text, applied),
        problem: Some(problem),
    }
}

fn fixed_file(article: &Article, text: String, applied: usize) -> Option<FixedFile> {
    (applied > 0).then(|| FixedFile {
        path: article.path.clone(),
        display: article.display_path.clone(),
        original: article.source.clone(),
        fixed: text,
        applied,
    })
}

/// Whether the article's front matter has a syntax error.
pub fn has_syntax_problems(article: &Article) -> bool {
    article
        .front_matter
        .as_ref()
        .is_some_and(|front_matter| !front_matter.problems.is_empty())
}

fn name_rules(rules: &[&'static str]) -> String {
    let unique: BTreeSet<&str> = rules.iter().copied().collect();
    unique
        .iter()
        .map(|rule| format!("`{rule}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes a fixed file in place of the original, atomically: a temporary
/// file in the same folder, flushed to disk, renamed over the original with
/// its permissions. Refused if the file is no longer what was read (changed
/// since, or replaced by a link).
pub fn write(file: &FixedFile, max_size: u64) -> Result<(), String> {
    use std::io::Write;
    let shown = &file.display;
    let metadata = std::fs::symlink_metadata(&file.path)
        .map_err(|error| format!("`{shown}` was not fixed: {error}"))?;
    if !metadata.is_file() {
        return Err(format!(
            "`{shown}` was not fixed: it is not a regular file (a symbolic link is never written through)"
        ));
    }
    let now = crate::article::read_file(&file.path, max_size)
        .map_err(|_| format!("`{shown}` was not fixed: it can no longer be read"))?;
    if now != file.original.as_bytes() {
        return Err(format!(
            "`{shown}` was not fixed: it changed on disk while it was being linted"
        ));
    }
    let folder = file
        .path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.proofmark-{}.tmp", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        out.write_all(file.fixed.as_bytes())?;
        out.set_permissions(metadata.permissions())?;
        out.sync_all()?;
        drop(out);
        std::fs::rename(&temporary, &file.path)?;
        // The rename itself is made durable with the folder.
        if let Ok(folder) = std::fs::File::open(folder) {
            let _ = folder.sync_all();
        }
        Ok(())
    })();
    written.map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        format!("`{shown}` was not fixed: {error}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Position, Severity, Span};

    fn finding(rule: &'static str, fix: Fix) -> Diagnostic {
        Diagnostic {
            path: "a.md".into(),
            rule,
            severity: Severity::Error,
            message: String::new(),
            label: None,
            help: None,
            span: fix.extent(),
            start: Position::default(),
            end: Position::default(),
            snippet: None,
            fix: Some(fix),
        }
    }

    const ALL: FixOptions = FixOptions {
        mode: FixMode::Preview,
        unsafe_fixes: true,
    };

    /// A finding of `rule` whose safe fix replaces `start..end` with `text`.
    fn replacing(rule: &'static str, start: usize, end: usize, text: &str) -> Diagnostic {
        finding(
            rule,
            Fix::safe("", vec![Edit::replace(Span::new(start, end), text)]),
        )
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_pass() {
        let findings = [
            replacing("a", 2, 5, "x"),
            // Overlaps the first: left for the next pass.
            replacing("b", 4, 6, "y"),
            // Touches the first's end without overlapping it.
            replacing("c", 5, 6, "z"),
            // Two insertions at one place: the order would be a guess.
            replacing("d", 8, 8, "p"),
            replacing("e", 8, 8, "q"),
        ];
        let (fixed, rules) = apply("0123456789", &findings, ALL);
        assert_eq!(fixed, "01xz67p89");
        assert_eq!(rules, ["a", "c", "d"]);
    }

    #[test]
    fn only_the_fixes_the_options_take_are_applied_and_unsound_ones_never() {
        let text = "héllo";
        let findings = [
            replacing("safe", 0, 1, "H"),
            finding(
                "unsafe",
                Fix::unsafe_("", vec![Edit::delete(Span::new(4, 6))]),
            ),
            // Inside the two bytes of `é`.
            replacing("bad", 2, 3, ""),
        ];
        let safe_only = FixOptions {
            unsafe_fixes: false,
            ..ALL
        };
        assert_eq!(apply(text, &findings, safe_only).0, "Héllo");
        assert_eq!(apply(text, &findings, ALL).0, "Hél");
    }

    /// Fixes `text` with `relint` as the rules, every fix taken.
    fn repair_text(text: &str, relint: &dyn Fn(&Article) -> Vec<Diagnostic>) -> Repaired {
        let start = Article::parse(
            "a.md".into(),
            "a.md".into(),
            text.into(),
            false,
            ParseOptions::default(),
        );
        let findings = relint(&start);
        repair(
            &start,
            findings,
            ALL,
            ParseOptions::default(),
            &Deadline::none(),
            relint,
        )
    }

    #[test]
    fn fixes_that_undo_one_another_are_an_error_naming_their_rules() {
        // One rule wants `cat`, another wants `dog`, at the same place.
        let relint = |article: &Article| {
            let (rule, to) = if article.source.starts_with("cat") {
                ("wants-dog", "dog")
            } else {
                ("wants-cat", "cat")
            };
            vec![replacing(rule, 0, 3, to)]
        };
        let repaired = repair_text("cat\n", &relint);
        let problem = repaired.problem.expect("a cycle is reported");
        assert!(problem.contains("`wants-cat`, `wants-dog`"), "{problem}");
        assert!(problem.contains("undo one another"), "{problem}");
        // Fixed as far as before the cycle: one rename, `dog`.
        assert_eq!(repaired.file.expect("one pass applied").fixed, "dog\n");
    }

    #[test]
    fn fixes_that_break_the_front_matter_are_not_applied() {
        let relint = |article: &Article| {
            if article.source.contains("title: A") {
                // A rename that would repeat the `title` key.
                vec![replacing("bad-rename", 4, 9, "title")]
            } else {
                Vec::new()
            }
        };
        let repaired = repair_text("---\nnamex: B\ntitle: A\n---\n", &relint);
        assert!(repaired.file.is_none(), "nothing is written");
        let problem = repaired.problem.expect("the broken fix is reported");
        assert!(problem.contains("`bad-rename`"), "{problem}");
        // The findings are the original text's: its fix is still offered.
        assert_eq!(repaired.findings.len(), 1);
    }

    #[test]
    fn a_file_that_changed_since_it_was_read_is_not_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "now\n").unwrap();
        let file = FixedFile {
            path: path.clone(),
            display: "a.md".into(),
            original: "then\n".into(),
            fixed: "fixed\n".into(),
            applied: 1,
        };
        let error = write(&file, 1 << 20).unwrap_err();
        assert!(error.contains("changed on disk"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "now\n");
        let file = FixedFile {
            original: "now\n".into(),
            ..file
        };
        write(&file, 1 << 20).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
