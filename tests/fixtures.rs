//! Runs every fixture under `fixtures/` and compares the (line, rule) set of
//! its findings with the `expect:` markers written in it, exactly.
//!
//! - Markdown: `<!-- expect: rule-id -->` (or `a, b`) on the finding's line.
//! - Front matter: `# expect: rule-id` as a comment on the finding's line.
//!
//! A fixture folder's `proofmark.toml` (the nearest one above a file, up to
//! `fixtures/`) configures the run; without one the built-in defaults apply.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proofmark::config::Settings;
use proofmark::report::{self, Format, Style};
use proofmark::{RunOptions, Selection};

type Expectations = BTreeSet<(usize, String)>;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)
            .expect("fixture folder is readable")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "md" || ext == "mdx" || ext == "markdown")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The markers in a fixture. Read as bytes so non-UTF-8 fixtures carry them too.
fn expectations(path: &Path) -> Expectations {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let text = String::from_utf8_lossy(&bytes);
    let mut expected = BTreeSet::new();
    for (index, line) in text.split('\n').enumerate() {
        for marker in ["<!-- expect:", "# expect:"] {
            let mut rest = line;
            while let Some(at) = rest.find(marker) {
                let after = &rest[at + marker.len()..];
                let list = after.split("-->").next().unwrap_or(after);
                for rule in list.split(',') {
                    let rule = rule.trim();
                    if !rule.is_empty() {
                        expected.insert((index + 1, rule.to_string()));
                    }
                }
                rest = after;
            }
        }
    }
    expected
}

fn settings_for(file: &Path) -> Settings {
    let root = fixtures_root();
    let mut dir = file.parent();
    while let Some(current) = dir {
        let candidate = current.join("proofmark.toml");
        if candidate.is_file() {
            return Settings::load(&candidate)
                .unwrap_or_else(|e| panic!("{} is invalid: {:?}", candidate.display(), e.errors));
        }
        if current == root {
            break;
        }
        dir = current.parent();
    }
    Settings::defaults_at(root)
}

fn lint(file: &Path, snippets: bool) -> proofmark::Report {
    let settings = settings_for(file);
    let options = RunOptions {
        selection: Selection::default(),
        snippets,
        cache: false,
        cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        stdin: None,
    };
    proofmark::run(&settings, &[file.to_path_buf()], &options).expect("fixture runs")
}

fn found(report: &proofmark::Report) -> Expectations {
    report
        .diagnostics
        .iter()
        .map(|d| (d.start.line, d.rule.to_string()))
        .collect()
}

#[test]
fn every_fixture_reports_exactly_its_expectations() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in markdown_files(&fixtures_root()) {
        let expected = expectations(&file);
        let report = lint(&file, false);
        let actual = found(&report);
        checked += 1;
        if expected != actual {
            let missing: Vec<_> = expected.difference(&actual).collect();
            let unexpected: Vec<_> = actual.difference(&expected).collect();
            let details: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| {
                    format!(
                        "    {}:{} {} {}",
                        d.start.line, d.start.column, d.rule, d.message
                    )
                })
                .collect();
            failures.push(format!(
                "{}\n  missing: {missing:?}\n  unexpected: {unexpected:?}\n  all findings:\n{}",
                file.display(),
                details.join("\n")
            ));
        }
    }
    assert!(checked > 20, "only {checked} fixtures found");
    assert!(
        failures.is_empty(),
        "{} fixtures differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn pass_fixtures_never_expect_their_rule_and_fail_fixtures_do() {
    for rule in proofmark::rules::ALL_META {
        for (kind, wants) in [("pass", false), ("fail", true)] {
            let dir = fixtures_root().join(rule.id).join(kind);
            for file in markdown_files(&dir) {
                let expects_rule = expectations(&file).iter().any(|(_, r)| r == rule.id);
                assert_eq!(
                    expects_rule,
                    wants,
                    "{}: a {kind} fixture {} expect `{}`",
                    file.display(),
                    if wants { "must" } else { "must not" },
                    rule.id
                );
            }
        }
    }
}

#[test]
fn human_output_of_fail_fixtures() {
    let style = Style {
        color: false,
        width: 100,
    };
    for rule in proofmark::rules::ALL_META {
        let fail = fixtures_root().join(rule.id).join("fail");
        for file in markdown_files(&fail) {
            let report = lint(&file, true);
            let rendered = report::render(&report, Format::Human, style);
            // Named by the path under fail/, so same-named files in subfolders stay apart.
            let relative = file.strip_prefix(&fail).unwrap_or(&file).with_extension("");
            let name = format!(
                "{}__{}",
                rule.id,
                relative.to_string_lossy().replace(['/', '\\'], "__")
            );
            insta::assert_snapshot!(name, rendered);
        }
    }
}
