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

fn lint(dir: &Path, paths: &[PathBuf]) -> Report {
    let settings = Settings::discover(None, dir).expect("config");
    let options = RunOptions {
        selection: Selection::default(),
        snippets: true,
        cache: false,
        stdin: None,
        online: false,
        progress: None,
        cwd: dir.to_path_buf(),
    };
    proofmark::run(&settings, paths, &options).expect("the run itself succeeds")
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
    let options = RunOptions {
        selection: Selection::default(),
        snippets: false,
        cache: false,
        stdin: None,
        online: false,
        progress: None,
        cwd: dir.to_path_buf(),
    };
    let missing = proofmark::run(&settings, &[dir.join("posts/dangling.md")], &options);
    assert!(missing.is_err_and(|e| e.message.contains("no such file")));
}
