//! Hostile and odd inputs: each gets a clear finding or is skipped cleanly,
//! never a panic or a hang, and none of them changes what the valid
//! articles beside it are told.

use std::path::{Path, PathBuf};

use proofmark::config::Settings;
use proofmark::{Report, RunOptions, Selection};

/// The rules about titles and descriptions: the test articles here are
/// short and share titles such as `T` (the rules have their own tests:
/// `length_and_word_count_rules` in `tests/cli.rs`, and their fixtures).
const TITLE_RULES: &str = "title-length,description-length,duplicate-title,duplicate-excerpt";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A run in `dir`, without the cache.
fn options(dir: &Path, snippets: bool) -> RunOptions {
    RunOptions {
        selection: Selection {
            ignore: TITLE_RULES.split(',').collect(),
            ..Selection::default()
        },
        snippets,
        cache: false,
        stdin: None,
        online: false,
        progress: None,
        fix: proofmark::fix::FixOptions::default(),
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
    let report = proofmark::run(
        &settings,
        &[dir.join("posts/dangling.md")],
        &options(dir, false),
    )
    .expect("a missing path is reported, not fatal");
    assert_eq!(report.files, 0);
    assert_eq!(report.missing.len(), 1);
    assert!(report.missing[0].message.contains("no such file"));
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
            &proofmark::Checking {
                settings: &settings,
                options: &options,
                site: &site,
                online: None,
            },
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

/// The effective user id, from `/proc` or else `id -u`.
#[cfg(unix)]
fn effective_uid() -> u32 {
    let from_proc = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|line| line.starts_with("Uid:"))?;
            line.split_whitespace().nth(2)?.parse().ok()
        });
    from_proc.unwrap_or_else(|| {
        let output = std::process::Command::new("id")
            .arg("-u")
            .output()
            .expect("`id -u` runs");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("`id -u` prints a number")
    })
}

/// Whether every other user may run `path`: the file and each folder above it.
#[cfg(unix)]
fn runnable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.ancestors().all(|part| {
        part.as_os_str().is_empty()
            || std::fs::metadata(part).is_ok_and(|m| m.permissions().mode() & 0o001 != 0)
    })
}

/// Runs the built binary in `dir` as an unprivileged user. Root reads any
/// file whatever its mode, so as root (CI runs as root) it switches to
/// `nobody` with util-linux `setpriv`. Returns (JSON report, exit code, stderr).
#[cfg(unix)]
fn run_unprivileged(dir: &Path, args: &[&str]) -> (serde_json::Value, i32, String) {
    let mut binary = assert_cmd::cargo::cargo_bin("proofmark");
    let mut command = if effective_uid() == 0 {
        if !runnable_by_others(&binary) {
            let copy = dir.join("proofmark-bin");
            std::fs::copy(&binary, &copy).expect("copy the binary");
            set_mode(&copy, 0o755);
            binary = copy;
        }
        let mut command = std::process::Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        command
    } else {
        std::process::Command::new(&binary)
    };
    let output = command
        .current_dir(dir)
        .args(["check", "--ignore", TITLE_RULES, "--format", "json"])
        .args(args)
        .output()
        .expect("the binary runs (as root, setpriv from util-linux is needed)");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}); stderr: {stderr}"));
    (report, output.status.code().unwrap_or(-1), stderr)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// The help of the finding on `path` in a JSON report.
fn json_help<'r>(report: &'r serde_json::Value, path: &str) -> &'r str {
    report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["path"] == path))
        .and_then(|d| d["help"].as_str())
        .unwrap_or("")
}

/// (path, line, rule, message) of every finding in a JSON report.
fn json_findings(report: &serde_json::Value) -> Vec<(String, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("a list of findings")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["rule"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_and_folder_are_reported_and_the_rest_is_linted() {
    // Under /tmp and open to all, so that the unprivileged user reaches it.
    let dir = tempfile::Builder::new()
        .prefix("proofmark-unreadable")
        .tempdir_in("/tmp")
        .unwrap();
    let dir = dir.path();
    set_mode(dir, 0o755);
    let files = [
        (
            "proofmark.toml",
            "[site]\ncontent = [\"posts\"]\n\n[cache]\ndir = \"cache\"\n",
        ),
        (
            "posts/a.md",
            "---\ntitle: A\n---\n\n#### Deep\n\nSee [b](/b) and [nowhere](/nowhere).\n",
        ),
        (
            "posts/b.md",
            "---\ntitle: B\n---\n\n## Fine\n\nBack to [a](/a).\n",
        ),
        // Each with a defect that must not be reported: they are not read.
        ("posts/secret.md", "---\ntitle: Secret\n---\n\n#### Deep\n"),
        ("posts/locked/c.md", "---\ntitle: C\n---\n\n#### Deep\n"),
    ];
    for (name, text) in files {
        let path = write(dir, name, text);
        set_mode(&path, 0o644);
    }
    for folder in ["posts", "posts/locked"] {
        set_mode(&dir.join(folder), 0o755);
    }
    // The cache goes where the unprivileged user may write.
    std::fs::create_dir(dir.join("cache")).unwrap();
    set_mode(&dir.join("cache"), 0o777);

    let (readable, code, _) = run_unprivileged(dir, &["--no-cache"]);
    assert_eq!(code, 1);
    let readable = json_findings(&readable);
    assert!(
        readable.contains(&(
            "posts/secret.md".into(),
            5,
            "heading-increment".into(),
            "heading level jumps from H1 to H4".into()
        )),
        "readable, the files have findings of their own: {readable:?}"
    );

    set_mode(&dir.join("posts/secret.md"), 0o000);
    set_mode(&dir.join("posts/locked"), 0o000);
    let whole = run_unprivileged(dir, &["--no-cache"]);
    let named = run_unprivileged(dir, &["posts/a.md", "posts/secret.md", "posts/locked"]);
    assert!(dir.join("cache/site-index.bin").is_file());
    // Again: the cache written by the run before is read.
    let cached = run_unprivileged(dir, &["posts/a.md", "posts/secret.md", "posts/locked"]);
    set_mode(&dir.join("posts/locked"), 0o755);
    set_mode(&dir.join("posts/secret.md"), 0o644);

    // The readable articles are told what they were told before.
    let expected: Vec<_> = readable
        .iter()
        .filter(|f| f.0 == "posts/a.md" || f.0 == "posts/b.md")
        .cloned()
        .collect();
    assert!(
        expected.iter().any(|f| f.2 == "broken-link"),
        "{expected:?}"
    );
    for (name, (report, code, stderr)) in [("whole", whole), ("named", named), ("cached", cached)] {
        assert_eq!(code, 1, "{name}: findings, not a failed run; {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(
            !stderr.contains("could not write the cache"),
            "{name}: {stderr}"
        );
        let found = json_findings(&report);
        let file: Vec<_> = found.iter().filter(|f| f.0 == "posts/secret.md").collect();
        assert_eq!(file.len(), 1, "{name}: {found:?}");
        assert_eq!((file[0].1, file[0].2.as_str()), (1, "invalid-file"));
        assert!(
            file[0].3.contains("permission denied"),
            "{name}: {}",
            file[0].3
        );
        let folder: Vec<_> = found
            .iter()
            .filter(|f| f.0.starts_with("posts/locked"))
            .collect();
        assert_eq!(folder.len(), 1, "{name}: {found:?}");
        assert_eq!(folder[0].0, "posts/locked", "{name}: on the folder itself");
        assert_eq!(folder[0].2, "invalid-file");
        assert!(
            folder[0].3.contains("folder") && folder[0].3.contains("permission denied"),
            "{name}: {}",
            folder[0].3
        );
        let help = json_help(&report, "posts/locked");
        assert!(help.contains("not linted"), "{name}: {help}");
        let others: Vec<_> = found
            .iter()
            .filter(|f| f.0 == "posts/a.md" || f.0 == "posts/b.md")
            .cloned()
            .collect();
        let expected: Vec<_> = match name {
            // Named runs lint a.md only, of the readable ones.
            "whole" => expected.clone(),
            _ => expected
                .iter()
                .filter(|f| f.0 == "posts/a.md")
                .cloned()
                .collect(),
        };
        assert_eq!(others, expected, "{name}");
    }
}

#[test]
fn a_closed_output_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // No `[site] url`: the run also writes a note to standard error.
    write(dir.path(), "a.md", "---\ntitle: A\n---\n\n[b](/b)\n");
    let binary = env!("CARGO_BIN_EXE_proofmark");
    for redirect in ["2>&1", "2>&1 >/dev/null"] {
        // `true` exits at once: every write meets a closed pipe.
        let script =
            format!("\"$0\" check --format short {redirect} | true; exit ${{PIPESTATUS[0]}}");
        let status = std::process::Command::new("bash")
            .args(["-c", &script, binary])
            .current_dir(dir.path())
            .status()
            .expect("bash runs");
        assert_eq!(status.code(), Some(1), "{redirect}: a finding, no panic");
    }
}

#[test]
fn a_finding_far_along_a_long_line_is_shown_in_a_window() {
    let dir = tempfile::tempdir().unwrap();
    let wide = format!("---\ntitle: A\n---\n\n{} [x](/m)\n", "a".repeat(65_535));
    let cjk = format!("---\ntitle: B\n---\n\n{} [y](/n)\n", "字".repeat(40_000));
    write(dir.path(), "a.md", &wide);
    write(dir.path(), "b.md", &cjk);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_proofmark"))
        .args(["check", "--ignore", TITLE_RULES, "--ignore", TITLE_RULES])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("a.md:5:65537"), "{stdout}");
    assert!(stdout.contains("b.md:5:40002"), "{stdout}");
    // Each finding shows a few hundred characters of its line, not the line.
    assert!(stdout.len() < 4_000, "{} bytes", stdout.len());
}

/// Many pages claiming one canonical URL, or sharing a title: each is told
/// the first other page and how many more there are, in time that does
/// not grow with the square of their number (20,000 such pages took 11.7 s
/// before, 0.56 s after; see the closing note of the change).
#[test]
fn many_pages_sharing_a_claim_are_each_told_how_many_others() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "proofmark.toml",
        "[site]\nurl = \"https://www.example.com\"\ncontent = [\"posts\"]\n",
    );
    for i in 0..300 {
        write(
            dir,
            &format!("posts/p{i:03}.md"),
            format!("---\ntitle: Same Title For Every Post\ncanonical: https://www.example.com/one\n---\n\nText {i}.\n"),
        );
    }
    let report = lint(dir, &[]);
    // The title rules are ignored here (see `options`); they count through
    // the same code.
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-canonical")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 300);
    for (at, first) in [(0, "p001"), (1, "p000"), (299, "p000")] {
        assert!(
            messages[at].contains(&format!("`posts/{first}.md` and 298 more")),
            "{}",
            messages[at]
        );
    }
}

/// Thousands of suppression comments: each is matched with its findings by
/// lookup, not against every other comment and finding (170,000
/// `disable-next-line` pairs took 41 s before, 1.7 s after; 200,000
/// `disable` lines 38 s before, 1.2 s after), and they still suppress
/// exactly what they cover.
#[test]
fn many_suppressions_each_cover_what_they_name() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "proofmark.toml", "[site]\ncontent = [\"posts\"]\n");
    let mut text = String::from("---\ntitle: T\n---\n\n");
    for _ in 0..3000 {
        text.push_str("<!-- proofmark-disable-next-line heading-empty -->\n##\n\n");
    }
    // One that names another rule suppresses nothing here.
    text.push_str("<!-- proofmark-disable-next-line heading-h1 -->\n##\n\n");
    for _ in 0..3000 {
        text.push_str("<!-- proofmark-disable heading-empty -->\n");
    }
    text.push_str("##\n\n<!-- proofmark-enable heading-empty -->\n\n##\n");
    write(dir, "posts/many.md", &text);
    let report = lint(dir, &[]);
    let found: Vec<(usize, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.rule, "heading-empty" | "unused-suppression"))
        .map(|d| (d.start.line, d.rule))
        .collect();
    let last = text.lines().count();
    assert_eq!(
        found,
        [
            (9005, "unused-suppression"),
            (9006, "heading-empty"),
            (last, "heading-empty"),
        ]
    );
}

/// Thousands of broken fragments to a page with thousands of headings: ids
/// are looked up by hash, and suggestions stop once the article has weighed
/// two million ids (20,000 of each took 97 s before, 0.5 s after).
#[test]
fn many_broken_fragments_get_suggestions_until_the_budget_is_spent() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "proofmark.toml", "[site]\ncontent = [\"posts\"]\n");
    let mut text = String::from("---\ntitle: T\n---\n\n");
    for i in 0..3000 {
        text.push_str(&format!("## Heading {i}\n\n"));
    }
    for i in 0..3000 {
        text.push_str(&format!("[x](#heading-{i}x) and [y](#heading-{i})\n\n"));
    }
    write(dir, "posts/a.md", &text);
    let report = lint(dir, &[]);
    let broken: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "broken-anchor")
        .collect();
    assert_eq!(broken.len(), 3000, "only the `x` fragments are broken");
    assert_eq!(broken[0].message, "no heading `#heading-0x` in this page");
    assert_eq!(
        broken[0].help.as_deref(),
        Some("did you mean `#heading-0`?")
    );
    // 2,000,000 / 3,000 ids: 666 suggestions, then the general help.
    assert!(broken[665]
        .help
        .as_deref()
        .is_some_and(|h| h.starts_with("did you mean")));
    // Past the budget, the help names the page's first headings.
    assert_eq!(
        broken[666].help.as_deref(),
        Some(
            "link to one of the headings of this page: `#heading-0`, `#heading-1`, `#heading-2`, …"
        )
    );
}

/// Text quoted from an article (a key, a link, a heading, a file name)
/// cannot forge a line of its own in any text format: no line break,
/// escape or bell from the input reaches the output, no line starts with
/// `::` but GitHub's own annotations, and no `##[` appears anywhere (a CI
/// runner takes both as commands).
#[test]
fn input_text_cannot_forge_output_lines_or_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(
        dir,
        "posts/a.md",
        "---\ntitle: A\n\"x\\n::add-mask::hunter2\": 1\n\"k\\u001b]0;T\\u0007\": 2\n---\n\n\
         # One\n\n# ##[add-mask]two\n\n<a href=\"/x\n::stop-commands::tok\">t</a> \
         [b](/nope\u{1b}[2J) [c](#\u{202e}gnp)\n",
    );
    write(
        dir,
        "posts/::warning file=x::forged.md",
        "---\ntitle: F\n---\n\n[d](/missing)\n",
    );
    for format in ["human", "short", "github", "junit", "json", "sarif"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_proofmark"))
            .args([
                "check",
                "--no-cache",
                "--format",
                format,
                "--ignore",
                TITLE_RULES,
            ])
            .current_dir(dir)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8");
        assert!(stdout.contains("forged.md"), "{format}: {stdout}");
        for line in stdout.lines().chain(stderr.lines()) {
            let trimmed = line.trim_start();
            let annotation = format == "github"
                && (trimmed.starts_with("::error file=") || trimmed.starts_with("::warning file="));
            assert!(
                !trimmed.starts_with("::") || annotation,
                "{format}: {line:?}"
            );
            assert!(!line.contains("##["), "{format}: {line:?}");
            assert!(
                !line.chars().any(|c| c.is_control() && c != '\t'),
                "{format}: {line:?}"
            );
            assert!(!line.contains('\u{202e}'), "{format}: {line:?}");
        }
        if format == "github" {
            // One annotation a finding: the forged key and link made none.
            assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}");
            assert!(!stdout.contains("::add-mask::hunter2\n"), "{stdout}");
        }
    }
}

/// Columns far along a long line cost no more than near its start: 200,000
/// findings on one 2.7 MB line (each column was counted from the line's
/// start: 20 s), and as many inline HTML links (37 s), well within the
/// file's time bound, in the formats that show columns.
#[test]
fn many_findings_on_one_long_line_are_placed_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "proofmark.toml", "[limits]\nmax-file-time = 20\n");
    let links: Vec<String> = (0..200_000).map(|i| format!("[x](/m{i})")).collect();
    write(
        dir,
        "links.md",
        format!("---\ntitle: A\n---\n\n{}\n", links.join(" ")),
    );
    let anchors: Vec<String> = (0..200_000)
        .map(|i| format!("<a href=\"/m{i}\">x</a>"))
        .collect();
    write(
        dir,
        "anchors.md",
        format!("---\ntitle: A\n---\n\n{}\n", anchors.join(" ")),
    );
    for file in ["links.md", "anchors.md"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_proofmark"))
            .args([
                "check",
                "--no-cache",
                "--format",
                "short",
                "--select",
                "broken-link",
                file,
            ])
            .current_dir(dir)
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        // Every link is reported, none as over the time bound.
        assert_eq!(
            lines.len(),
            200_000,
            "{file}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!stdout.contains("invalid-file"), "{file}");
        let column = |line: &str| -> usize {
            line.split(':')
                .nth(2)
                .and_then(|c| c.parse().ok())
                .expect("a column")
        };
        // The last link starts where all the others and their spaces end
        // (an `<a>`'s finding is on its URL, after `<a href="`).
        let (before, into): (usize, usize) = if file == "links.md" {
            (links[..199_999].iter().map(|l| l.len() + 1).sum(), 0)
        } else {
            (anchors[..199_999].iter().map(|l| l.len() + 1).sum(), 9)
        };
        assert_eq!(column(lines[199_999]), before + into + 1, "{file}");
    }
}

/// A project whose article (`posts/a.md`, with `body`) links out through
/// `posts/rootlink -> /`, and whose second content root `docs` is a link to
/// `outside`, which holds an article with a defect never to be reported.
#[cfg(unix)]
fn project_linking_out(dir: &Path, outside: &Path, body: &str) {
    write(
        dir,
        "proofmark.toml",
        "[site]\ncontent = [\"posts\", \"docs\"]\n",
    );
    write(dir, "posts/a.md", format!("---\ntitle: A\n---\n\n{body}"));
    write(outside, "secret.md", "---\ntitle: S\n---\n\n#### Skip\n");
    std::os::unix::fs::symlink("/", dir.join("posts/rootlink")).unwrap();
    std::os::unix::fs::symlink(outside, dir.join("docs")).unwrap();
}

/// A symbolic link inside the content is followed only while it stays in
/// the project: `posts/rootlink -> /` tells nothing of what is on the
/// machine (a link to a file that exists there and one to a file that does
/// not get the same finding), and a content root that is a link to a
/// folder outside is reported, not walked.
#[cfg(unix)]
#[test]
fn links_out_of_the_project_are_no_window_onto_the_machine() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let dir = dir.path();
    project_linking_out(
        dir,
        outside.path(),
        "[r](rootlink/etc/passwd) [s](rootlink/etc/no-such-file)\n\n\
         ![i](rootlink/etc/hostname) ![n](near/pic.png)\n",
    );
    write(dir, "posts/sub/pic.png", "png");
    std::os::unix::fs::symlink("sub", dir.join("posts/near")).unwrap();
    let report = lint(dir, &[]);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.start.column, d.rule, d.message.as_str()))
        .collect();
    let messages: Vec<&str> = found.iter().map(|f| f.3).collect();
    assert_eq!(found.len(), 4, "{found:#?}");
    assert_eq!(found[0].0, "docs");
    assert_eq!(found[0].2, "invalid-file");
    assert!(found[0].3.contains("outside the project"), "{messages:?}");
    // The two links and the image through `rootlink` are told alike.
    assert_eq!((found[1].2, found[2].2), ("broken-link", "broken-link"));
    assert_eq!(
        found[1].3.replace("passwd", "X"),
        found[2].3.replace("no-such-file", "X")
    );
    assert_eq!(found[3].2, "image-missing");
    assert!(!found.iter().any(|f| f.0.contains("secret")));
}

/// Under `strace`, a run over a project whose articles link out through a
/// symbolic link (and past its top), whose content root and cache folder
/// are links to a folder outside, touches nothing outside the project but
/// what the program itself needs to start (its libraries, `/proc`, `/sys`)
/// and git's settings (the user's, and the ignore files of the folders
/// above, which apply to a site in a repository's subfolder).
#[cfg(target_os = "linux")]
#[test]
fn nothing_outside_the_project_is_touched() {
    // `.ci/run` installs strace; elsewhere the test says it did not run.
    if std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_err()
    {
        assert!(std::env::var_os("CI").is_none(), "CI must have strace");
        eprintln!("strace is not installed: not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let dir = dir.path();
    project_linking_out(
        dir,
        outside.path(),
        "[r](rootlink/etc/passwd) [u](../../../../../../etc/hostname)\n\n\
         ![i](rootlink/etc/hostname) [o](away/secret.md)\n",
    );
    std::os::unix::fs::symlink(outside.path(), dir.join("posts/away")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join(".proofmark-cache")).unwrap();
    let log = dir.join("trace.log");
    for _ in 0..2 {
        let status = std::process::Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=%file", "-o"])
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_proofmark"))
            .args(["check", "--format", "short"])
            .current_dir(dir)
            // The loader would search cargo's build folders for libraries.
            .env_remove("LD_LIBRARY_PATH")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("strace runs");
        assert_eq!(status.code(), Some(1));
        let trace = std::fs::read_to_string(&log).unwrap();
        let outside_path = outside.path().to_string_lossy().into_owned();
        // The first string of a call is the path it names (a second is what
        // it returned, such as a link's target); a call that strace shows
        // in two halves names its path in the first.
        for line in trace.lines().filter(|line| !line.contains("resumed>")) {
            let Some(path) = line.split('"').nth(1) else {
                continue;
            };
            let system = ["/proc/", "/sys/", "/lib", "/usr/lib", "/etc/ld.so", "/dev/"];
            // Git's own settings: the user's ignore rules, and those of the
            // folders above the project (a site in a repository's subfolder).
            let home = std::env::var("HOME").unwrap_or_default();
            let git_settings = (!home.is_empty()
                && [".gitconfig", ".config/git/"]
                    .iter()
                    .any(|name| path.starts_with(&format!("{home}/{name}"))))
                || path.starts_with("/etc/gitconfig")
                || (dir.starts_with(Path::new(path).parent().unwrap_or(Path::new("/")))
                    && [".gitignore", ".ignore", ".git"]
                        .iter()
                        .any(|name| path.ends_with(name)))
                || path.ends_with(".git/info/exclude");
            // The folders the project is in (the current folder resolved).
            let above = dir.starts_with(path);
            let harmless = path == env!("CARGO_BIN_EXE_proofmark")
                || git_settings
                || above
                || system.iter().any(|prefix| path.starts_with(prefix));
            let inside = !path.starts_with('/') || path.starts_with(&*dir.to_string_lossy());
            assert!(inside || harmless, "touched `{path}`: {line}");
            assert!(!path.contains(&outside_path), "{line}");
            assert!(
                !path.contains("etc/passwd") && !path.contains("etc/hostname"),
                "{line}"
            );
        }
        assert!(
            std::fs::read_dir(outside.path()).unwrap().count() == 1,
            "nothing written outside"
        );
    }
}

/// Files the config names, and the config itself, are read only when they
/// are regular files of a sane size: a named pipe (which would wait for a
/// writer forever), a device that never ends and a folder are each a clear
/// error, at once.
#[cfg(unix)]
#[test]
fn config_named_files_must_be_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "a.md", "---\ntitle: A\n---\n\nText.\n");
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    std::fs::create_dir(dir.join("folder")).unwrap();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_proofmark"))
            .args(["check", "--no-cache", "--format", "short"])
            .args(args)
            .arg("a.md")
            .current_dir(dir)
            .output()
            .expect("runs");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["--config", "/dev/zero"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("not a regular file"), "{stderr}");
    let (code, stderr) = run(&["--config", "folder"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("a folder, not a file"), "{stderr}");
    if made.is_ok_and(|status| status.success()) {
        let (code, stderr) = run(&["--config", "pipe"]);
        assert_eq!(code, Some(2));
        assert!(stderr.contains("not a regular file"), "{stderr}");
        for key in ["redirects = \"pipe\"", "redirects = \"/dev/zero\""] {
            write(dir, "proofmark.toml", format!("[site]\n{key}\n"));
            let (code, stderr) = run(&[]);
            assert_eq!(code, Some(2), "{key}");
            assert!(
                stderr.contains("cannot read the redirects file"),
                "{key}: {stderr}"
            );
            assert!(stderr.contains("not a regular file"), "{key}: {stderr}");
        }
    }
}

/// A content root that is a link to a folder inside the project is walked,
/// and the cache notices files that come into it.
#[cfg(unix)]
#[test]
fn a_content_root_linked_inside_the_project_is_walked_and_watched() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "proofmark.toml", "[site]\ncontent = [\"posts\"]\n");
    write(
        dir,
        "src/content/posts/a.md",
        "---\ntitle: A\n---\n\n[b](/b)\n",
    );
    std::os::unix::fs::symlink("src/content/posts", dir.join("posts")).unwrap();
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_proofmark"))
            .args([
                "check",
                "--format",
                "short",
                "--ignore",
                TITLE_RULES,
                "posts/a.md",
            ])
            .current_dir(dir)
            .output()
            .expect("runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run().contains("broken-link"));
    // The cache was written; a new article in the linked folder is seen.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write(
        dir,
        "src/content/posts/b.md",
        "---\ntitle: B\n---\n\nText.\n",
    );
    let second = run();
    assert!(!second.contains("broken-link"), "{second}");
}
