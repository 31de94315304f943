//! Lints the real sites in `../shared/corpora` with the configs in
//! `tests/corpora/<name>.toml` and compares the number of findings per rule
//! with `tests/corpora/<name>.counts`, so that any change of behaviour on
//! real content shows up in review.
//!
//! Each corpus is extracted under `target/corpora/<name>` (never into the
//! repository); the files its `meta/<name>/tree.txt` lists but the archive
//! leaves out (images, assets) are created empty, so that links and images
//! to them resolve. `PROOFMARK_UPDATE_COUNTS=1` rewrites the `.counts` files.
//!
//! The site skeletons are linted with no config at their roots, and every
//! finding is compared with `tests/corpora/<name>.expected`, which says
//! why each is a real defect (see `compare_expectations`).
//!
//! On every corpus, fixing (as `check --diff` works it out, writing nothing)
//! goes wrong nowhere and leaves no safe fix (see `check_fixes`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use proofmark::config::Settings;
use proofmark::diagnostic::Applicability;
use proofmark::{RunOptions, Selection};

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shared_corpora() -> PathBuf {
    repository().join("../shared/corpora")
}

/// Extracts a corpus once; a marker records which archive size it came from.
fn prepare(name: &str) -> PathBuf {
    let dir = repository().join("target/corpora").join(name);
    let archive = shared_corpora().join(format!("{name}.tar.gz"));
    let folder = shared_corpora().join(name);
    let source_size = std::fs::metadata(&archive)
        .or_else(|_| std::fs::metadata(&folder))
        .unwrap_or_else(|e| {
            panic!(
                "corpus {name} not found in {}: {e}",
                shared_corpora().display()
            )
        })
        .len();
    let marker = dir.join(".extracted");
    let stamp = format!("{source_size}\n");
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(stamp.as_str()) {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create corpus folder");
    if archive.is_file() {
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(&dir)
            .arg("--strip-components=1")
            .status()
            .expect("tar runs");
        assert!(status.success(), "extracting {}", archive.display());
    } else {
        copy_tree(&folder, &dir);
    }
    // Site skeletons keep their binary files (empty); the content-only
    // corpora list theirs in tree.txt.
    let tree = std::fs::read_to_string(shared_corpora().join("meta").join(name).join("tree.txt"))
        .unwrap_or_default();
    for line in tree.lines() {
        let relative = line.trim().trim_matches('"');
        if relative.is_empty() || relative.contains("..") {
            continue;
        }
        let path = dir.join(relative);
        if !path.exists() {
            if let Some(parent) = path.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(&path, b"");
        }
    }
    std::fs::write(&marker, stamp).expect("write marker");
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("readable corpus").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn counts_text(counts: &BTreeMap<&str, usize>) -> String {
    counts
        .iter()
        .map(|(rule, n)| format!("{rule} {n}\n"))
        .collect()
}

fn check_corpus(name: &str, extra_files: &[(&str, PathBuf)]) {
    let dir = prepare(name);
    let config = dir.join("proofmark.toml");
    std::fs::copy(
        repository().join(format!("tests/corpora/{name}.toml")),
        &config,
    )
    .expect("copy config");
    for (file, source) in extra_files {
        std::fs::copy(source, dir.join(file)).expect("copy extra file");
    }
    let settings =
        Settings::load(&config).unwrap_or_else(|e| panic!("{name} config: {:?}", e.errors));
    let report = proofmark::run(&settings, &[], &run_options(&dir)).expect("corpus runs");
    print_link_census(name, &settings, &dir);
    compare_counts(name, &report);
    check_fixes(name, &settings, &dir, &report);
}

fn has_safe_fix(d: &proofmark::diagnostic::Diagnostic) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Safe)
}

/// Works out the safe fixes of a corpus as `check --diff` does: nothing is
/// written, no fix goes wrong, none is left in the fixed files, and a file
/// is fixed exactly when it had a finding with a safe fix.
fn check_fixes(name: &str, settings: &Settings, dir: &Path, before: &proofmark::Report) {
    let options = RunOptions {
        fix: proofmark::fix::FixOptions {
            mode: proofmark::fix::FixMode::Preview,
            unsafe_fixes: false,
        },
        ..run_options(dir)
    };
    let fixed = proofmark::run(settings, &[], &options).expect("corpus runs");
    assert!(
        fixed.fix_problems.is_empty(),
        "{name}: {:?}",
        fixed.fix_problems
    );
    let left: Vec<String> = fixed
        .diagnostics
        .iter()
        .filter(|d| has_safe_fix(d))
        .map(|d| format!("{}:{} {}", d.path, d.start.line, d.rule))
        .collect();
    assert!(
        left.is_empty(),
        "{name}: safe fixes left after fixing: {left:?}"
    );
    let had_safe_fix: BTreeSet<&str> = before
        .diagnostics
        .iter()
        .filter(|d| has_safe_fix(d))
        .map(|d| d.path.as_str())
        .collect();
    let changed: BTreeSet<&str> = fixed.fixed.iter().map(|f| f.display.as_str()).collect();
    assert_eq!(changed, had_safe_fix, "{name}: the files fixed");
    for file in &fixed.fixed {
        let on_disk = std::fs::read_to_string(&file.path).expect("still readable");
        assert_eq!(
            on_disk, file.original,
            "{name}: {} was written",
            file.display
        );
    }
}

/// Every offline rule, no cache, run from the corpus's folder.
fn run_options(dir: &Path) -> RunOptions {
    RunOptions {
        selection: Selection::default(),
        snippets: false,
        cache: false,
        cwd: dir.to_path_buf(),
        stdin: None,
        online: false,
        progress: None,
        fix: proofmark::fix::FixOptions::default(),
    }
}

/// Compares the findings per rule with `tests/corpora/<name>.counts`.
fn compare_counts(name: &str, report: &proofmark::Report) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for diagnostic in &report.diagnostics {
        *counts.entry(diagnostic.rule).or_default() += 1;
    }
    let actual = format!("files {}\n{}", report.files, counts_text(&counts));
    let expected_path = repository().join(format!("tests/corpora/{name}.counts"));
    if std::env::var_os("PROOFMARK_UPDATE_COUNTS").is_some() {
        std::fs::write(&expected_path, &actual).expect("write counts");
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "findings per rule on the {name} corpus changed; if that is intended, rerun with PROOFMARK_UPDATE_COUNTS=1 and review the difference"
    );
}

/// A finding as an expectations file lists it: `path:line:col rule — message`.
fn finding_line(d: &proofmark::diagnostic::Diagnostic) -> (String, String) {
    let key = format!("{}:{}:{} {}", d.path, d.start.line, d.start.column, d.rule);
    (key.clone(), format!("{key} — {}", d.message))
}

/// The finding key of an expectations line (what precedes ` — `).
fn finding_key(line: &str) -> &str {
    line.split(" — ").next().unwrap_or(line).trim()
}

const UNREVIEWED: &str = "## UNREVIEWED: say why each of these is a real defect, or fix the bug";

/// Compares a skeleton's findings with `tests/corpora/<name>.expected`:
/// every finding listed under a `## reason` line that says why it is a
/// real defect on the site. `PROOFMARK_UPDATE_EXPECTED=1` rewrites the file,
/// keeping the reasons, dropping what is no longer found and putting new
/// findings under an UNREVIEWED heading, which fails until reviewed.
fn compare_expectations(name: &str, report: &proofmark::Report) {
    let path = repository().join(format!("tests/corpora/{name}.expected"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let found: Vec<(String, String)> = report.diagnostics.iter().map(finding_line).collect();
    let found_keys: BTreeSet<&str> = found.iter().map(|(key, _)| key.as_str()).collect();
    // Groups of (reason, keys) as the file lists them.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut unreasoned = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if let Some(reason) = line.strip_prefix("## ") {
            groups.push((reason.to_string(), Vec::new()));
        } else if !line.is_empty() && !line.starts_with('#') {
            match groups.last_mut() {
                Some((_, keys)) => keys.push(finding_key(line).to_string()),
                None => unreasoned.push(line.to_string()),
            }
        }
    }
    let listed: BTreeSet<&str> = groups
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(String::as_str))
        .collect();
    if std::env::var_os("PROOFMARK_UPDATE_EXPECTED").is_some() {
        let message_of = |key: &str| {
            found
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, line)| line.clone())
        };
        let mut out = format!(
            "# {name}: every finding of `proofmark check` with no config, each under a\n# `## reason` line saying why it is a real defect on the site.\n# files: {}\n",
            report.files
        );
        for (reason, keys) in &groups {
            let lines: Vec<String> = keys.iter().filter_map(|key| message_of(key)).collect();
            if !lines.is_empty() && !reason.starts_with("UNREVIEWED") {
                out.push_str(&format!("\n## {reason}\n{}\n", lines.join("\n")));
            }
        }
        let new: Vec<&str> = found
            .iter()
            .filter(|(key, _)| {
                !listed.contains(key.as_str())
                    || groups
                        .iter()
                        .any(|(r, keys)| r.starts_with("UNREVIEWED") && keys.contains(key))
            })
            .map(|(_, line)| line.as_str())
            .collect();
        if !new.is_empty() {
            out.push_str(&format!("\n{UNREVIEWED}\n{}\n", new.join("\n")));
        }
        std::fs::write(&path, out).expect("write the expectations");
    }
    let files = text
        .lines()
        .find_map(|line| line.strip_prefix("# files: "))
        .and_then(|count| count.trim().parse::<usize>().ok());
    assert_eq!(
        files,
        Some(report.files),
        "{name}: the number of files linted changed (coverage); rerun with PROOFMARK_UPDATE_EXPECTED=1 if intended"
    );
    let unexpected: Vec<&str> = found
        .iter()
        .filter(|(key, _)| !listed.contains(key.as_str()))
        .map(|(_, line)| line.as_str())
        .collect();
    let gone: Vec<&str> = listed
        .iter()
        .filter(|key| !found_keys.contains(*key))
        .copied()
        .collect();
    let unreviewed: Vec<&String> = groups
        .iter()
        .filter(|(reason, _)| reason.starts_with("UNREVIEWED") || reason.trim().is_empty())
        .flat_map(|(_, keys)| keys)
        .collect();
    assert!(
        unexpected.is_empty() && gone.is_empty() && unreviewed.is_empty() && unreasoned.is_empty(),
        "{name}: the findings differ from tests/corpora/{name}.expected\n\
         new findings (a false positive is a bug in the site model):\n{}\n\
         listed but no longer found:\n{}\n\
         listed without a reason:\n{}\n\
         rerun with PROOFMARK_UPDATE_EXPECTED=1, then review every change",
        unexpected.join("\n"),
        gone.join("\n"),
        unreviewed
            .iter()
            .map(|key| key.as_str())
            .chain(unreasoned.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

/// How the corpus's links resolve, for the record (`--nocapture` shows it).
fn print_link_census(name: &str, settings: &Settings, dir: &Path) {
    use proofmark::article::{Article, ParseOptions};
    use proofmark::site::{Resolved, Site};
    let targets = proofmark::discover::discover(settings, &[], dir).expect("discover");
    let options = ParseOptions {
        heading_ids: settings.site.heading_ids,
        definition_term_ids: settings.site.definition_term_ids,
        ..ParseOptions::default()
    };
    let articles: Vec<Article> = targets
        .iter()
        .filter_map(|t| {
            let bytes = std::fs::read(&t.path).ok()?;
            Article::from_bytes(t.path.clone(), t.display.clone(), bytes, options).ok()
        })
        .collect();
    let refs: Vec<&Article> = articles.iter().collect();
    let site = Site::build(settings, &refs, dir);
    let mut census: BTreeMap<&str, usize> = BTreeMap::new();
    for article in &articles {
        for link in &article.body.links {
            let kind = match site.resolve(article, &link.destination) {
                Resolved::Elsewhere => "external",
                Resolved::Unchecked => "unchecked",
                Resolved::Page { .. } | Resolved::SamePage { .. } => "page",
                Resolved::Route { .. } => "route",
                Resolved::File { .. } => "file",
                Resolved::Broken(_) => "broken",
            };
            *census.entry(kind).or_default() += 1;
        }
    }
    println!("{name}: links {census:?}");
}

#[test]
fn astrowind() {
    check_corpus("astrowind", &[]);
}

#[test]
fn hugo_docs() {
    check_corpus("hugo-docs", &[]);
}

#[test]
fn rust_blog() {
    check_corpus("rust-blog", &[]);
}

#[test]
fn astro_docs() {
    check_corpus("astro-docs", &[]);
}

#[test]
fn mdn_de() {
    let redirects = shared_corpora().join("meta/mdn-de/_redirects.txt");
    check_corpus("mdn-de", &[("_redirects.txt", redirects)]);
}

/// Lints a site skeleton with no config at its root, as `proofmark check`
/// does there, and checks that the config `proofmark init` writes gives the
/// same findings.
fn check_skeleton(name: &str, site_root: &str) {
    let dir = prepare(name).join(site_root);
    let _ = std::fs::remove_file(dir.join("proofmark.toml"));
    let settings = Settings::discover(None, &dir)
        .unwrap_or_else(|e| panic!("{name}: the zero-config settings fail: {:?}", e.errors));
    let generated = settings
        .generated_config
        .clone()
        .unwrap_or_else(|| panic!("{name}: no site generator recognised"));
    let report = proofmark::run(&settings, &[], &run_options(&dir)).expect("skeleton runs");
    let written = Settings::parse(&generated, &dir.join("proofmark.toml"), dir.clone())
        .unwrap_or_else(|e| panic!("{name}: the config init writes fails: {:?}", e.errors));
    let from_init = proofmark::run(&written, &[], &run_options(&dir)).expect("skeleton runs");
    let findings = |report: &proofmark::Report| -> Vec<String> {
        report
            .diagnostics
            .iter()
            .map(|d| format!("{}:{} {}", d.path, d.span.start, d.rule))
            .collect()
    };
    assert_eq!(
        findings(&report),
        findings(&from_init),
        "{name}: `init` then `check` differs from `check` with no config"
    );
    compare_expectations(name, &report);
    check_fixes(name, &settings, &dir, &report);
}

#[test]
fn docusaurus_site() {
    check_skeleton("docusaurus-site", "website");
}

#[test]
fn minimal_mistakes() {
    check_skeleton("minimal-mistakes", "docs");
}

#[test]
fn astrowind_i18n() {
    check_skeleton("astrowind-i18n", ".");
}

#[test]
fn astrowind_keithce() {
    check_skeleton("astrowind-keithce", ".");
}

#[test]
fn zola_docs() {
    check_skeleton("zola-docs", "docs");
}

#[test]
fn docsy_example() {
    check_skeleton("docsy-example", ".");
}
