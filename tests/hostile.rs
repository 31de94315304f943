//! Hostile and odd inputs: each gets a clear finding or is skipped cleanly,
//! never a panic or a hang, and none of them changes what the valid
//! articles beside it are told.

use std::path::{Path, PathBuf};

use proofmark::config::Settings;
use proofmark::{Report, RunOptions, Selection};

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A run in `dir`, without the cache.
fn options(dir: &Path, snippets: bool) -> RunOptions {
    RunOptions {
        selection: Selection::default(),
        snippets,
        cache: false,
        stdin: None,
        cwd: dir.to_path_buf(),
    }
}

fn lint(dir: &Path, paths: &[PathBuf]) -> Report {
    let settings = Settings::discover(None, dir).expect("config");
    proofmark::run(&settings, paths, &options(dir, true)).expect("the run itself succeeds")
}

/// (line, rule) of every finding for one file.
fn findings_for(report: &Report, path: &str) -> Vec<(usize, &'static str)> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.path == path)
        .map(|d| (d.start.line, d.rule))
        .collect()
}

/// Every hostile input, by file name. The content root is `posts`.
fn hostile_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut inputs: Vec<(&'static str, Vec<u8>)> = vec![
        (
            "invalid-utf8.md",
            b"---\ntitle: ok\n---\n\ncaf\xe9 au lait\n".to_vec(),
        ),
        ("binary.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec()),
        ("empty.md", Vec::new()),
        ("only-dashes.md", b"---".to_vec()),
        (
            "unclosed.md",
            b"---\ntitle: never closed\n\n## Heading\n".to_vec(),
        ),
        (
            "nul.md",
            b"---\ntitle: x\n---\n\nA NUL \0 in the middle\n".to_vec(),
        ),
        (
            "bom-in-middle.md",
            "---\ntitle: BOM\n---\n\n## One \u{feff} two\n\n#### Deep\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "cr-only.md",
            b"---\rtitle: CR\r---\r\r## One\r\r#### Deep\r".to_vec(),
        ),
        (
            "tabs.md",
            b"---\ntitle: tabs\nmetadata:\n\tcanonical: x\n---\n".to_vec(),
        ),
        ("duplicate.md", b"---\ntitle: a\ntitle: b\n---\n".to_vec()),
    ];
    let mut bomb = String::from("---\ntitle: bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = "a".to_string();
    for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
        let list = vec![format!("*{previous}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{list}]\n"));
        previous = name.to_string();
    }
    bomb.push_str("---\n");
    inputs.push(("alias-bomb.md", bomb.into_bytes()));
    let deep_yaml: String = (0..200)
        .map(|depth| format!("{}k{depth}:\n", " ".repeat(depth)))
        .collect();
    inputs.push((
        "deep-yaml.md",
        format!("---\ntitle: deep\n{deep_yaml}---\n").into_bytes(),
    ));
    let big_front_matter: String = (0..40_000)
        .map(|i| format!("key{i}: value number {i}\n"))
        .collect();
    inputs.push((
        "big-front-matter.md",
        format!("---\ntitle: big\n{big_front_matter}---\n\n## Body\n").into_bytes(),
    ));
    inputs.push((
        "long-line.md",
        format!("---\ntitle: long\n---\n\n{}\n", "word ".repeat(1_900_000)).into_bytes(),
    ));
    // `- - - item`: each marker opens a list inside the previous item.
    inputs.push((
        "nested-lists.md",
        format!("{}item\n", "- ".repeat(10_000)).into_bytes(),
    ));
    inputs.push((
        "nested-quotes.md",
        format!("{} quote\n", ">".repeat(10_000)).into_bytes(),
    ));
    inputs.push(("huge.md", vec![b'a'; 50_000_000]));
    inputs
}

#[test]
fn each_hostile_input_gets_a_clear_finding_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "proofmark.toml", "[site]\ncontent = [\"posts\"]\n");
    for (name, bytes) in hostile_inputs() {
        write(dir, &format!("posts/{name}"), bytes);
    }
    let report = lint(dir, &[]);
    let rules = |name: &str| findings_for(&report, &format!("posts/{name}"));
    assert_eq!(rules("invalid-utf8.md"), [(5, "invalid-file")]);
    assert_eq!(rules("binary.md"), [(3, "invalid-file")]);
    assert_eq!(rules("empty.md"), []);
    assert_eq!(rules("only-dashes.md"), [(1, "front-matter-syntax")]);
    assert_eq!(rules("unclosed.md"), [(1, "front-matter-syntax")]);
    assert_eq!(rules("nul.md"), [(5, "invalid-file")]);
    assert_eq!(rules("bom-in-middle.md"), [(7, "heading-increment")]);
    assert_eq!(rules("cr-only.md"), [(7, "heading-increment")]);
    assert_eq!(rules("tabs.md"), [(4, "front-matter-syntax")]);
    assert_eq!(rules("duplicate.md"), [(3, "front-matter-syntax")]);
    assert_eq!(rules("alias-bomb.md"), [(4, "front-matter-syntax")]);
    assert_eq!(rules("deep-yaml.md")[0].1, "front-matter-syntax");
    assert_eq!(rules("big-front-matter.md"), []);
    assert_eq!(rules("long-line.md"), []);
    assert_eq!(rules("nested-lists.md"), []);
    assert_eq!(rules("nested-quotes.md"), []);
    assert_eq!(rules("huge.md"), [(1, "invalid-file")]);
    let huge = report
        .diagnostics
        .iter()
        .find(|d| d.path == "posts/huge.md")
        .unwrap();
    assert!(huge.message.contains("50.0 MB"), "{}", huge.message);
    let utf8 = report
        .diagnostics
        .iter()
        .find(|d| d.path == "posts/invalid-utf8.md")
        .unwrap();
    assert_eq!((utf8.start.column, utf8.span.start), (4, 22));
}

#[test]
fn hostile_inputs_change_nothing_for_the_valid_articles_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "proofmark.toml",
        "[site]\nurl = \"https://www.example.com\"\ncontent = [\"posts\"]\n",
    );
    for i in 0..1000 {
        // Every tenth article has a defect, and they all link to each other.
        let heading = if i % 10 == 0 { "####" } else { "##" };
        let target = if i % 7 == 0 {
            format!("/missing-{i}")
        } else {
            format!("/post-{}", (i * 31) % 1000)
        };
        write(
            dir,
            &format!("posts/valid/post-{i}.md"),
            format!("---\ntitle: Post {i}\n---\n\n{heading} Section\n\nSee [the next one]({target}#section).\n"),
        );
    }
    let clean = lint(dir, &[]);
    assert_eq!(clean.files, 1000);
    for (name, bytes) in hostile_inputs() {
        write(dir, &format!("posts/hostile/{name}"), bytes);
    }
    let mixed = lint(dir, &[]);
    assert_eq!(mixed.files, 1000 + hostile_inputs().len());
    let valid: Vec<_> = mixed
        .diagnostics
        .iter()
        .filter(|d| d.path.starts_with("posts/valid/"))
        .collect();
    let expected: Vec<_> = clean.diagnostics.iter().collect();
    assert_eq!(valid, expected);
    assert!(
        expected.len() > 200,
        "the valid articles have findings to compare"
    );
}

#[cfg(unix)]
#[test]
fn the_filesystem_cannot_lead_the_linter_astray() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "proofmark.toml",
        "[site]\ncontent = [\"posts\"]\npublic = \"public\"\n",
    );
    write(
        dir,
        "posts/climb.md",
        "---\ntitle: Climb\n---\n\n[passwd](../../../../../../../etc/passwd)\n\n![host](../../../../../../../etc/hostname)\n",
    );
    // Outside the project, with a defect that must never be reported.
    write(
        outside.path(),
        "secret.md",
        "---\ntitle: S\n---\n\n#### Skip\n",
    );
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        dir.join("posts/secret-link.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.join("posts"), dir.join("posts/loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("posts/nowhere.md"), dir.join("posts/dangling.md"))
        .unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("posts/pipe.md"))
        .status();
    let report = lint(dir, &[]);
    let rules: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.start.line, d.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("posts/climb.md", 5, "broken-link"),
            ("posts/climb.md", 7, "image-missing")
        ],
        "symlinks are not followed, the pipe is not opened"
    );
    assert!(report.diagnostics[0].message.contains("leaves the project"));
    // Named explicitly: a pipe is reported, not opened (it would block);
    // a dangling link is a path that cannot be read, so the run fails (exit 2).
    if status.is_ok_and(|s| s.success()) {
        let report = lint(dir, &[dir.join("posts/pipe.md")]);
        let rules: Vec<_> = report
            .diagnostics
            .iter()
            .map(|d| (d.rule, d.message.as_str()))
            .collect();
        assert_eq!(rules, [("invalid-file", "not a regular file")]);
    }
    let settings = Settings::discover(None, dir).unwrap();
    let missing = proofmark::run(
        &settings,
        &[dir.join("posts/dangling.md")],
        &options(dir, false),
    );
    assert!(missing.is_err_and(|e| e.message.contains("no such file")));
}

/// A valid article of about `megabytes` MB: many short sections, each with a link.
fn long_article(megabytes: usize) -> String {
    let section = "## Section\n\nText with a [link](/small#intro) and *emphasis*.\n\n";
    format!(
        "---\ntitle: Long\n---\n\n{}",
        section.repeat(megabytes * 1_000_000 / section.len())
    )
}

#[test]
fn a_file_over_the_time_bound_gets_one_finding_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    // Generous for the small article, far too short for the long one, whose
    // parse alone takes several times as long even in an optimised build.
    write(
        dir,
        "proofmark.toml",
        "[site]\ncontent = [\"posts\"]\n\n[limits]\nmax-file-size = 40_000_000\nmax-file-time = 0.1\n",
    );
    // It links to the long article, which must not be in the index.
    write(
        dir,
        "posts/small.md",
        "---\ntitle: Small\n---\n\n## Intro\n\n#### Skipped\n\nSee [long](/long#section-2) and [nothing](/nothing).\n",
    );
    let alone = lint(dir, &[]);
    assert_eq!(
        findings_for(&alone, "posts/small.md"),
        [
            (7, "heading-increment"),
            (9, "broken-link"),
            (9, "broken-link")
        ]
    );
    write(dir, "posts/long.md", long_article(25));
    let started = std::time::Instant::now();
    let report = lint(dir, &[]);
    let elapsed = started.elapsed();
    assert_eq!(report.files, 2);
    let long: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.path == "posts/long.md")
        .collect();
    assert_eq!(long.len(), 1, "{long:?}");
    assert_eq!(long[0].rule, "invalid-file");
    assert_eq!((long[0].start.line, long[0].start.column), (1, 1));
    assert_eq!(long[0].span.start, 0);
    assert!(
        long[0].message.contains("longer than 0.1 s") && long[0].message.contains("max-file-time"),
        "{}",
        long[0].message
    );
    let small: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.path == "posts/small.md")
        .collect();
    assert_eq!(small, alone.diagnostics.iter().collect::<Vec<_>>());
    // Stopped on the way, not when done: linting the long article to the
    // end takes over five seconds in a test build.
    assert!(elapsed < std::time::Duration::from_secs(3), "{elapsed:?}");
}

#[test]
fn rules_stop_when_the_parse_used_up_the_time() {
    use proofmark::article::{Article, Deadline, ParseOptions};
    use proofmark::site::Site;
    use std::time::Duration;
    let dir = Path::new("/site");
    let settings = Settings::default();
    let article = Article::parse(
        dir.join("a.md"),
        "a.md".into(),
        "---\ntitle: A\n---\n\n#### Deep\n\n[x](/nowhere)\n".into(),
        false,
        ParseOptions::default(),
    );
    let site = Site::build(&settings, &[&article], dir);
    let options = options(dir, false);
    let check = |deadline: &Deadline| {
        proofmark::check(
            &settings,
            &options,
            &site,
            "a.md",
            Path::new("a.md"),
            Ok(&article),
            deadline,
        )
        .into_iter()
        .map(|d| (d.rule, d.message))
        .collect::<Vec<_>>()
    };
    let in_time = check(&Deadline::new(Duration::from_secs(60), Duration::ZERO));
    let rules: Vec<_> = in_time.iter().map(|(rule, _)| *rule).collect();
    assert_eq!(rules, ["heading-increment", "broken-link"]);
    // The parse took two seconds of a one-second bound.
    let late = check(&Deadline::new(
        Duration::from_secs(1),
        Duration::from_secs(2),
    ));
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0].0, "invalid-file");
    assert!(late[0].1.contains("longer than 1 s"), "{}", late[0].1);
}
