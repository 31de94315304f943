//! The site index seen from the command line: one file linted alone gets
//! the findings it gets in a whole-site run, and the index cache that makes
//! such runs fast follows every change and survives damage.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The rules about titles and descriptions: the test articles here are
/// short and share titles such as `T` (the rules have their own tests:
/// `length_and_word_count_rules` in `tests/cli.rs`, and their fixtures).
const TITLE_RULES: &str = "title-length,description-length,duplicate-title,duplicate-excerpt";

fn proofmark(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("proofmark").expect("binary builds");
    command.current_dir(dir);
    command
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// (path, line, rule, message) of every finding, in order.
fn findings(dir: &Path, args: &[&str]) -> Vec<(String, u64, String, String)> {
    let mut all = vec!["--ignore", TITLE_RULES];
    all.extend_from_slice(args);
    findings_of(dir, &all)
}

fn findings_of(dir: &Path, args: &[&str]) -> Vec<(String, u64, String, String)> {
    let output = proofmark(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn each_demo_article_alone_gets_its_whole_site_findings() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    let whole = findings(&demo, &["--no-cache"]);
    assert!(whole.len() > 10, "the demo has planted defects");
    let posts = demo.join("src/data/post");
    let mut files: Vec<_> = std::fs::read_dir(&posts)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for file in files {
        let relative = file
            .strip_prefix(&demo)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let alone = findings(&demo, &["--no-cache", &relative]);
        let expected: Vec<_> = whole.iter().filter(|f| f.0 == relative).cloned().collect();
        assert_eq!(alone, expected, "{relative}");
    }
}

/// The rules that compare articles with each other, on their own fixtures
/// (each a small site): every file alone, from a fresh index and from the
/// cache, gets what the whole-site run gives it.
#[test]
fn site_wide_rules_give_each_file_alone_its_whole_site_findings() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for rule in [
        "duplicate-title",
        "duplicate-excerpt",
        "duplicate-content",
        "orphan-article",
    ] {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures.join(rule), dir.path());
        let only = |args: &[&str]| {
            let mut all = vec!["--select", rule];
            all.extend_from_slice(args);
            findings_of(dir.path(), &all)
        };
        let whole = only(&["--no-cache"]);
        assert!(whole.len() >= 2, "{rule}: the fail fixtures have findings");
        only(&[]); // fills the cache
        for folder in ["pass", "fail"] {
            let mut files: Vec<_> = walk(&dir.path().join(folder));
            files.sort();
            for file in files {
                let relative = file
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                let expected: Vec<_> = whole.iter().filter(|f| f.0 == relative).cloned().collect();
                assert_eq!(only(&["--no-cache", &relative]), expected, "{relative}");
                assert_eq!(only(&[&relative]), expected, "{relative}, cached");
            }
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

const CONFIG: &str = "[site]\nurl = \"https://www.example.com\"\ncontent = [\"posts\"]\n\n[cache]\ndir = \"cache\"\n";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "proofmark.toml", CONFIG);
    write(
        dir.path(),
        "posts/a.md",
        "---\ntitle: A\n---\n\n## One\n\nSee [b](/b#two), [new](/new) and [c](/c).\n",
    );
    write(
        dir.path(),
        "posts/b.md",
        "---\ntitle: B\n---\n\n## Two\n\nText.\n",
    );
    write(
        dir.path(),
        "posts/deep/c.md",
        "---\ntitle: C\n---\n\n## Three\n",
    );
    dir
}

fn rules_for_a(dir: &Path, extra: &[&str]) -> Vec<(u64, String)> {
    let mut args = vec!["posts/a.md"];
    args.extend_from_slice(extra);
    findings(dir, &args)
        .into_iter()
        .map(|f| (f.1, f.2))
        .collect()
}

#[test]
fn the_cache_follows_edits_new_files_and_config_changes() {
    let dir = site();
    let dir = dir.path();
    // `/new` names no article yet.
    assert_eq!(rules_for_a(dir, &[]), [(7, "broken-link".to_string())]);
    assert!(
        dir.join("cache/site-index.bin").is_file(),
        "the first run writes the cache"
    );
    assert!(dir.join("cache/.gitignore").is_file());
    // Served from the cache: same answer.
    assert_eq!(rules_for_a(dir, &[]), [(7, "broken-link".to_string())]);

    // Another article changes: its heading is gone, so the anchor breaks.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        dir,
        "posts/b.md",
        "---\ntitle: B\n---\n\n## Renamed\n\nText and more.\n",
    );
    let rules = rules_for_a(dir, &[]);
    assert!(
        rules.contains(&(7, "broken-anchor".to_string())),
        "{rules:?}"
    );

    // A new article appears in another folder: the link to it now works.
    write(
        dir,
        "posts/extra/new.md",
        "---\ntitle: New\nslug: new\n---\n",
    );
    let rules = rules_for_a(dir, &[]);
    assert!(
        !rules.contains(&(7, "broken-link".to_string())),
        "{rules:?}"
    );

    // A config change is a new cache: links to the alias host are now this site's.
    write(
        dir,
        "posts/deep/c.md",
        "---\ntitle: C\n---\n\n## Three\n\n[a](https://example.com/a)\n",
    );
    write(
        dir,
        "proofmark.toml",
        &CONFIG.replace("[cache]", "aliases = [\"https://example.com\"]\n\n[cache]"),
    );
    let all = findings(dir, &["posts/deep/c.md"]);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].2, "non-canonical-link");
}

#[test]
fn a_damaged_cache_is_rebuilt_not_believed() {
    let dir = site();
    let dir = dir.path();
    let fresh = rules_for_a(dir, &[]);
    let cache = dir.join("cache/site-index.bin");
    let mut bytes = std::fs::read(&cache).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&cache, &bytes).unwrap();
    assert_eq!(rules_for_a(dir, &[]), fresh);
    std::fs::write(&cache, b"not a cache").unwrap();
    assert_eq!(rules_for_a(dir, &[]), fresh);
    assert_ne!(std::fs::read(&cache).unwrap(), b"not a cache", "rewritten");
}

#[test]
fn no_cache_writes_nothing() {
    let dir = site();
    let dir = dir.path();
    rules_for_a(dir, &["--no-cache"]);
    assert!(!dir.join("cache").exists());
    write(
        dir,
        "proofmark.toml",
        &CONFIG.replace("dir = \"cache\"", "enabled = false"),
    );
    rules_for_a(dir, &[]);
    assert!(!dir.join("cache").exists());
    assert!(!dir.join(".proofmark-cache").exists());
}

#[test]
fn an_article_over_the_time_bound_is_left_out_of_the_index_in_every_run() {
    let dir = site();
    let dir = dir.path();
    write(
        dir,
        "proofmark.toml",
        &format!("{CONFIG}\n[limits]\nmax-file-size = 40_000_000\nmax-file-time = 0.1\n"),
    );
    let section = "## Long section\n\nText.\n\n";
    write(
        dir,
        "posts/long.md",
        &format!(
            "---\ntitle: Long\n---\n\n{}",
            section.repeat(25_000_000 / section.len())
        ),
    );
    write(
        dir,
        "posts/b.md",
        "---\ntitle: B\n---\n\n## Two\n\nSee [long](/long#long-section).\n",
    );
    let whole = findings(dir, &["--no-cache"]);
    let long: Vec<_> = whole.iter().filter(|f| f.0 == "posts/long.md").collect();
    assert_eq!(long.len(), 1, "{long:?}");
    assert_eq!(long[0].2, "invalid-file");
    assert!(long[0].3.contains("max-file-time"), "{}", long[0].3);
    let for_b: Vec<_> = whole
        .iter()
        .filter(|f| f.0 == "posts/b.md")
        .cloned()
        .collect();
    assert_eq!(
        for_b
            .iter()
            .map(|f| (f.1, f.2.as_str()))
            .collect::<Vec<_>>(),
        [(7, "broken-link")],
        "nothing of the long article is in the index"
    );
    // Alone, without and with the cache (written, then read).
    for args in [
        &["--no-cache", "posts/b.md"][..],
        &["posts/b.md"],
        &["posts/b.md"],
    ] {
        assert_eq!(findings(dir, args), for_b, "{args:?}");
    }
}

/// Articles the framework writes no page for: Hugo's headless bundles and
/// `build.render = never` (its own or cascaded from a section's
/// `_index.md`), Zola's `render = false`. Links to them are broken, and
/// they are no pages to compare with others.
#[test]
fn articles_the_framework_does_not_render_are_no_pages() {
    let body = "A long enough body for the sketch to count every word of it, the same in each \
                of these snippets so that they would be copies if they were pages of the site, \
                with more words after those to pass the rule's minimum of fifty words easily \
                and a few more still to be sure of it.\n";
    let hugo = tempfile::tempdir().unwrap();
    let dir = hugo.path();
    write(
        dir,
        "proofmark.toml",
        "[site]\nurl = \"https://www.example.com\"\ncontent = [\"content\"]\n\n[front-matter]\npreset = \"hugo\"\n",
    );
    write(
        dir,
        "content/_common/_index.md",
        "---\ncascade:\n  build:\n    list: never\n    render: never\n---\n",
    );
    write(
        dir,
        "content/_common/a.md",
        &format!("---\ntitle: A\n---\n\n{body}"),
    );
    write(
        dir,
        "content/_common/b.md",
        &format!("---\ntitle: B\n---\n\n{body}"),
    );
    write(
        dir,
        "content/gallery/index.md",
        "---\ntitle: Gallery\nheadless: true\n---\n\nPhotos.\n",
    );
    write(
        dir,
        "content/notes.md",
        "---\ntitle: Notes\nBuild:\n  Render: link\n---\n\nNotes.\n",
    );
    write(
        dir,
        "content/post.md",
        "---\ntitle: Post\n---\n\nSee [a](/_common/a/), [the gallery](/gallery/), [notes](/notes/) \
         and [the section](/_common/).\n",
    );
    let found = findings(
        dir,
        &["--no-cache", "--select", "broken-link,duplicate-content"],
    );
    let broken: Vec<&str> = found
        .iter()
        .filter(|f| f.2 == "broken-link")
        .map(|f| f.3.as_str())
        .collect();
    assert_eq!(broken.len(), 3, "{found:?}");
    for url in ["/_common/a/", "/gallery/", "/notes/"] {
        assert!(broken.iter().any(|m| m.contains(url)), "{url}: {found:?}");
    }
    assert!(
        found.iter().all(|f| f.2 != "duplicate-content"),
        "snippets are no pages: {found:?}"
    );
    let zola = tempfile::tempdir().unwrap();
    let dir = zola.path();
    write(
        dir,
        "proofmark.toml",
        "[site]\nurl = \"https://www.example.com\"\ncontent = [\"content\"]\n\n[front-matter]\npreset = \"zola\"\n",
    );
    write(
        dir,
        "content/hidden.md",
        "+++\ntitle = \"Hidden\"\nrender = false\n+++\n\nText.\n",
    );
    write(
        dir,
        "content/shown.md",
        "+++\ntitle = \"Shown\"\n+++\n\nSee [hidden](/hidden/).\n",
    );
    let found = findings(dir, &["--no-cache", "--select", "broken-link"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].3.contains("/hidden/"), "{found:?}");
}
