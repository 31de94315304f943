//! The real binary: exit codes, output formats, config errors, selection.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use serde_json::Value;

/// The rules about titles and descriptions: the test articles here are
/// short and share titles such as `T` (the rules have their own tests:
/// `length_and_word_count_rules` in `tests/cli.rs`, and their fixtures).
const TITLE_RULES: &str = "title-length,description-length,duplicate-title,duplicate-excerpt";

fn proofmark(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("proofmark").expect("binary builds");
    command
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100");
    command
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let (value, _, code) = json_text(dir, args);
    (value, code)
}

fn json_text(dir: &Path, args: &[&str]) -> (Value, String, i32) {
    let output = proofmark(dir)
        .args(["check", "--ignore", TITLE_RULES, "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (value, text, output.status.code().unwrap_or(-1))
}

const CLEAN: &str = "---\ntitle: A clean post\n---\n\n## Section\n\nText.\n";

#[test]
fn a_clean_file_exits_zero_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "post.md", CLEAN);
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "post.md"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("1 file checked: no problems"));
}

#[test]
fn errors_exit_one_and_warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "error.md", "---\ntitle: T\n---\n\n#### Deep\n");
    write(
        dir.path(),
        "warning.md",
        "---\ntitle: T\n---\n\n## Empty next\n\n##\n",
    );
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "error.md"])
        .assert()
        .code(1);
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "warning.md"])
        .assert()
        .code(0);
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "warning.md",
            "--max-warnings",
            "0",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "error: 1 warning, more than --max-warnings 0",
        ));
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "warning.md",
            "--max-warnings",
            "1",
        ])
        .assert()
        .code(0);
}

#[test]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "proofmark.toml",
        "[front-matter]\npreset = \"astrowind\"\n",
    );
    // BOM, CRLF and an emoji before the finding: columns count characters.
    write(
        dir.path(),
        "posts/b.md",
        "\u{feff}---\r\ntitle: \"🐶 dogs\"\r\ncatgory: News\r\n---\r\n\r\n## 🐶 One\r\n\r\n#### 🐶 Deep\r\n",
    );
    write(
        dir.path(),
        "posts/a.md",
        "---\ntitle: 🐶🐶 x\ndraft: 🐶\n---\n",
    );
    let (report, text, code) = json_text(dir.path(), &["posts"]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["errors"], 3);
    assert_eq!(report["summary"]["warnings"], 0);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    let order = [
        "version",
        "summary",
        "files",
        "errors",
        "warnings",
        "diagnostics",
        "path",
        "rule",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "fix",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|key| {
            text.find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("no `{key}`"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "keys out of order: {text}"
    );
    assert_eq!(diagnostics[0].as_object().unwrap().len(), 12);
    let summary: Vec<(String, String, u64, u64, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    let row = |path: &str, rule: &str, line, column, end_line, end_column| {
        (
            path.to_string(),
            rule.to_string(),
            line,
            column,
            end_line,
            end_column,
        )
    };
    assert_eq!(
        summary,
        [
            row("posts/a.md", "field-type", 3, 8, 3, 9),
            row("posts/b.md", "unknown-field", 3, 1, 3, 8),
            row("posts/b.md", "heading-increment", 8, 1, 8, 12),
        ]
    );
    // byte offsets count the BOM and the CRLFs
    let typo = &diagnostics[1];
    assert_eq!(typo["byte_start"], 3 + 5 + 20);
    assert_eq!(typo["byte_end"], 3 + 5 + 20 + 7);
    assert_eq!(typo["help"], "did you mean `category`?");
    // The fix renames the key: its edit is placed like the finding.
    let fix = &typo["fix"];
    assert_eq!(fix["applicability"], "unsafe");
    assert_eq!(fix["message"], "rename `catgory` to `category`");
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    for (key, value) in [
        ("byte_start", Value::from(3 + 5 + 20)),
        ("byte_end", Value::from(3 + 5 + 20 + 7)),
        ("line", Value::from(3)),
        ("column", Value::from(1)),
        ("end_line", Value::from(3)),
        ("end_column", Value::from(8)),
        ("replacement", Value::from("category")),
    ] {
        assert_eq!(edits[0][key], value, "{key}");
    }
    // A finding no rule can fix has none.
    assert_eq!(diagnostics[0]["rule"], "field-type");
    assert_eq!(diagnostics[0]["fix"], Value::Null);
}

#[test]
fn output_is_the_same_byte_for_byte_on_every_run() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        write(
            dir.path(),
            &format!("p{i:02}.md"),
            format!("---\ntitle: {i}\n---\n\n### Skip {i}\n\n##\n"),
        );
    }
    let first = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--format", "short", "."])
        .output()
        .unwrap();
    let second = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--format", "short", "."])
        .output()
        .unwrap();
    assert_eq!(first.stdout, second.stdout);
    let text = String::from_utf8(first.stdout).unwrap();
    assert_eq!(text.lines().count(), 80);
    assert!(text
        .starts_with("p00.md:5:1: error[heading-increment] heading level jumps from H1 to H3\n"));
}

#[test]
fn short_format_is_one_line_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "---\ntitle: T\n---\n\n# Again\n");
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--format", "short", "a.md"])
        .assert()
        .code(0)
        .stdout("a.md:5:1: warning[heading-h1] H1 in the body of an article with a front-matter title\n");
}

#[test]
fn invalid_yaml_is_reported_and_other_files_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.md",
        "---\ntitle: [unclosed\nother: x\n---\n\n## Fine\n",
    );
    write(dir.path(), "good.md", "---\ntitle: T\n---\n\n#### Skip\n");
    write(
        dir.path(),
        "latin1.md",
        b"---\ntitle: caf\xe9\n---\n".as_slice(),
    );
    let (report, code) = json(dir.path(), &["."]);
    assert_eq!(code, 1);
    let rules: Vec<(&str, &str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rules.len(), 3, "{rules:?}");
    assert_eq!(rules[0].0, "bad.md");
    assert_eq!(rules[0].1, "front-matter-syntax");
    assert!(
        rules[0].2 >= 2 && rules[0].2 <= 4,
        "inside the front matter: {rules:?}"
    );
    assert_eq!(rules[1], ("good.md", "heading-increment", 5));
    assert_eq!(rules[2], ("latin1.md", "invalid-file", 2));
}

#[test]
fn config_errors_have_spans_and_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\nurl = \"https://www.example.com\"\n\n[front-matter]\npreest = \"astrowind\"\n\n[rules]\nheading-incremnt = \"error\"\nheading-h1 = \"loud\"\n",
    );
    let output = proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--format",
            "short",
            "a.md",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("proofmark.toml:5:1: error[config] unknown key `preest` in [front-matter]"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("proofmark.toml:8:1: error[config] unknown rule or group `heading-incremnt`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("proofmark.toml:9:14: error[config] `loud` is not a valid rule level"),
        "{stderr}"
    );
    assert!(stderr.contains("3 errors"), "{stderr}");
}

#[test]
fn a_time_bound_must_be_a_positive_number_of_seconds() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    for value in ["-1", "0", "\"10\"", "nan", "1e-12"] {
        write(
            dir.path(),
            "proofmark.toml",
            format!("[site]\n\n[limits]\nmax-file-time = {value}\n"),
        );
        let output = proofmark(dir.path())
            .args([
                "check",
                "--ignore",
                TITLE_RULES,
                "--format",
                "short",
                "a.md",
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{value}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(
                "proofmark.toml:4:17: error[config] max-file-time must be a number of seconds greater than 0"
            ),
            "{value}: {stderr}"
        );
    }
    for value in ["0.5", "10", "inf"] {
        write(
            dir.path(),
            "proofmark.toml",
            format!("[limits]\nmax-file-time = {value}\n"),
        );
        proofmark(dir.path())
            .args(["check", "--ignore", TITLE_RULES, "a.md"])
            .assert()
            .code(0);
    }
}

#[test]
fn a_choice_of_the_wrong_type_lists_the_choices() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\ntrailing-slash = true\n",
    );
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "a.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "trailing-slash policy must be a string, not boolean",
        ))
        .stderr(predicates::str::contains(
            "use one of: \"never\", \"always\", \"ignore\"",
        ));
}

/// Errors come in the order of the file, whichever section is checked
/// first; a rule's option in an override is told where it belongs.
#[test]
fn config_errors_are_in_file_order_and_override_options_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    write(
        dir.path(),
        "proofmark.toml",
        "[rules]\nzzz = \"off\"\n\n[site]\nurl = 5\n\n[front-matter]\npreset = \"nope\"\n\n\
         [[overrides]]\nfiles = [\"*.md\"]\nrules = { date-order = { severity = \"off\", published = \"d\" } }\n",
    );
    let output = proofmark(dir.path())
        .args(["check", "--format", "short", "a.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let places: Vec<&str> = stderr
        .lines()
        .filter_map(|line| {
            line.split(": error[config]")
                .next()
                .filter(|_| line.contains("[config]"))
        })
        .collect();
    assert_eq!(
        places,
        [
            "proofmark.toml:2:1",
            "proofmark.toml:5:7",
            "proofmark.toml:8:10",
            "proofmark.toml:12:44"
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("`published` is an option of `date-order`, and [[overrides]] sets only a rule's severity"),
        "{stderr}"
    );
}

#[test]
fn config_error_in_human_format_shows_did_you_mean() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    write(
        dir.path(),
        "proofmark.toml",
        "[front-matter]\npreset = \"astrownd\"\n",
    );
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "a.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `astrowind`?"))
        .stderr(predicates::str::contains("proofmark.toml:2:10"));
}

#[test]
fn invalid_toml_in_the_config_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    write(dir.path(), "proofmark.toml", "[site\nurl = 1\n");
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--format",
            "short",
            "a.md",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("proofmark.toml:1:"))
        .stderr(predicates::str::contains("invalid TOML"));
}

#[test]
fn explicit_config_and_missing_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "---\ntitle: T\n---\n");
    write(
        dir.path(),
        "conf/strict.toml",
        "[front-matter.fields]\nexcerpt = { required = true }\n",
    );
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "a.md"])
        .assert()
        .code(0);
    proofmark(dir.path())
        .args([
            "check",
            "--config",
            "conf/strict.toml",
            "--format",
            "short",
            "a.md",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "a.md:1:1: error[required-field] missing required field `excerpt`",
        ));
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--config",
            "nope.toml",
            "a.md",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "error: cannot read config file `nope.toml`: no such file or folder",
        ))
        .stderr(predicates::str::contains("nope.toml:1:1").not());
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "missing.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "cannot read `missing.md`: no such file or folder",
        ));
}

/// A path that cannot be read does not stop the others from being linted:
/// their findings are printed, the missing one is an error, and the exit
/// code says the run could not do all it was asked (2).
#[test]
fn a_missing_path_among_several_is_reported_and_the_others_linted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "---\ntitle: T\n---\n\n### Skips a level\n",
    );
    write(dir.path(), "b.md", "---\ntitle: U\n---\n\nFine.\n");
    let output = proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--format",
            "short",
            "a.md",
            "gone.md",
            "b.md",
            "gone/",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("a.md:5:1: error[heading-increment]"),
        "{stdout}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    for path in ["gone.md", "gone/"] {
        assert!(
            stderr.contains(&format!(
                "error: cannot read `{path}`: no such file or folder"
            )),
            "{stderr}"
        );
    }
    let json = proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--format",
            "json",
            "a.md",
            "gone.md",
        ])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON output");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(1));
}

#[test]
fn select_and_ignore_choose_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "---\ntitle: T\n---\n\n# One\n\n#### Two\n\n##\n",
    );
    let rules = |args: &[&str]| -> Vec<String> {
        let (report, _) = json(dir.path(), args);
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        rules(&["a.md"]),
        ["heading-h1", "heading-increment", "heading-empty"]
    );
    assert_eq!(
        rules(&["--select", "heading-empty", "a.md"]),
        ["heading-empty"]
    );
    assert_eq!(
        rules(&["--ignore", "heading-h1,heading-empty", "a.md"]),
        ["heading-increment"]
    );
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--select",
            "heading-emty",
            "a.md",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `heading-empty`?"));
    // Groups stand for all of their rules.
    write(
        dir.path(),
        "b.md",
        "---\ntitle: A title of its own\n---\n\n#### Deep\n\nSee [this](/nowhere) and the\n",
    );
    assert_eq!(
        rules(&["--select", "generated,links", "b.md"]),
        ["truncated-article", "broken-link"]
    );
    assert_eq!(
        rules(&["--ignore", "headings", "b.md"]),
        ["truncated-article", "broken-link"]
    );
    assert_eq!(
        rules(&["--select", "headings", "--ignore", "heading-h1", "a.md"]),
        ["heading-increment", "heading-empty"]
    );
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--ignore",
            "genrated",
            "a.md",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown rule or group `genrated` in --ignore",
        ))
        .stderr(predicates::str::contains("did you mean `generated`?"));
}

#[test]
fn rules_config_and_overrides_set_levels() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "posts/a.md",
        "---\ntitle: T\n---\n\n#### Deep\n",
    );
    write(
        dir.path(),
        "pages/b.md",
        "---\ntitle: T\n---\n\n#### Deep\n",
    );
    write(
        dir.path(),
        "proofmark.toml",
        "[rules]\nheading-increment = \"warning\"\n\n[[overrides]]\nfiles = [\"pages/**\"]\nrules = { heading-increment = \"off\" }\n",
    );
    let (report, code) = json(dir.path(), &["."]);
    assert_eq!(code, 0);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["path"], "posts/a.md");
    assert_eq!(diagnostics[0]["severity"], "warning");
}

#[test]
fn folders_honour_gitignore_and_excludes_but_explicit_files_any_extension() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "---\ntitle: T\n---\n\n#### Deep\n";
    write(dir.path(), ".gitignore", "ignored/\n");
    write(dir.path(), "ignored/a.md", bad);
    write(dir.path(), "drafts/b.md", bad);
    write(dir.path(), "posts/c.markdown", bad);
    write(dir.path(), "posts/d.mdx", bad);
    write(dir.path(), "posts/e.txt", bad);
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\nexclude = [\"drafts/**\"]\n",
    );
    let (report, _) = json(dir.path(), &[]);
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["posts/c.markdown", "posts/d.mdx"]);
    let (report, _) = json(dir.path(), &["posts/e.txt"]);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["diagnostics"][0]["path"], "posts/e.txt");
}

#[test]
fn content_roots_are_the_default_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "src/data/post/a.md",
        "---\ntitle: T\n---\n\n#### Deep\n",
    );
    write(dir.path(), "README.md", "# Readme\n\n#### Deep\n");
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\ncontent = [\"src/data/post\"]\n",
    );
    let (report, _) = json(dir.path(), &[]);
    assert_eq!(report["summary"]["files"], 1);
    assert_eq!(report["diagnostics"][0]["path"], "src/data/post/a.md");
    // Run from a subfolder: the config is found upwards, paths stay relative to here.
    let (report, _) = json(&dir.path().join("src"), &[]);
    assert_eq!(report["diagnostics"][0]["path"], "data/post/a.md");
}

#[test]
fn suppressions_silence_findings_and_unused_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "---\ntitle: T\n---\n\n<!-- proofmark-disable-next-line heading-increment -->\n#### Deep\n\n<!-- proofmark-disable-next-line heading-empty -->\nText.\n",
    );
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--format",
            "short",
            "a.md",
        ])
        .assert()
        .code(0)
        .stdout("a.md:8:1: warning[unused-suppression] suppression comment suppresses nothing\n");
}

#[test]
fn human_output_shows_the_source_line_and_help() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "proofmark.toml",
        "[front-matter]\npreset = \"astrowind\"\n",
    );
    write(dir.path(), "a.md", "---\ntitle: T\ncatgory: News\n---\n");
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--color", "never", "a.md"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "unknown-field: unknown front-matter field `catgory`",
        ))
        .stdout(predicates::str::contains("3 │ catgory: News"))
        .stdout(predicates::str::contains("did you mean `category`?"))
        .stdout(predicates::str::contains(
            "1 file checked: 1 error, 0 warnings",
        ));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "---\ntitle: T\n---\n\n#### Deep\n");
    let coloured = proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--color",
            "always",
            "a.md",
        ])
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b));
    // Not a terminal: auto means no colour.
    let auto = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "a.md"])
        .output()
        .unwrap();
    assert!(!auto.stdout.contains(&0x1b));
}

#[test]
fn quiet_prints_only_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "---\ntitle: T\n---\n\n#### Deep\n\n##\n",
    );
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "-q",
            "--format",
            "short",
            "a.md",
        ])
        .assert()
        .code(1)
        .stdout("a.md:5:1: error[heading-increment] heading level jumps from H1 to H4\n");
}

#[test]
fn rules_lists_every_rule_and_explain_prints_docs() {
    let dir = tempfile::tempdir().unwrap();
    let output = proofmark(dir.path()).arg("rules").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    for rule in proofmark::rules::ALL_META {
        let line = text
            .lines()
            .find(|line| line.starts_with(&format!("{} ", rule.id)))
            .unwrap_or_else(|| panic!("{} missing from `rules`", rule.id));
        let fix = rule.fix.map_or("-", |fix| fix.as_str());
        assert!(line.contains(&format!(" {fix} ")), "{line}");
    }
    proofmark(dir.path())
        .args(["explain", "heading-increment"])
        .assert()
        .code(0)
        .stdout(predicates::str::starts_with("# heading-increment\n"));
    proofmark(dir.path())
        .args(["explain", "heading-incremnt"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "did you mean `heading-increment`?",
        ));
}

#[test]
fn the_seed_article_is_reported_as_wrapped_and_its_inside_is_linted() {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/000_4ab2737e0525e01b.txt");
    let Ok(text) = std::fs::read(&seed) else {
        // The seed lives beside the repository; the wrapped-in-fence fixtures cover the same case.
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let post = "why-does-my-dog-lean-on-me-with-his-backside.md";
    write(dir.path(), post, text);
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\nurl = \"https://www.beacleaner.com\"\naliases = [\"https://beacleaner.com\"]\n\n[front-matter]\npreset = \"astrowind\"\n[front-matter.fields]\nexcerpt = { required = true, max-length = 160 }\n",
    );
    let (report, code) = json(dir.path(), &[post]);
    assert_eq!(code, 1);
    let found: Vec<(&str, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    // Its four links to other articles name posts this one-article site does not have.
    assert_eq!(
        found,
        [
            ("wrapped-in-fence", 1),
            ("field-format", 5),
            ("broken-link", 44),
            ("broken-link", 54),
            ("broken-link", 84),
            ("broken-link", 94)
        ]
    );
}

#[test]
fn the_config_is_found_from_the_first_path() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site/proofmark.toml",
        "[front-matter]\npreset = \"astrowind\"\n",
    );
    write(
        dir.path(),
        "site/posts/a.md",
        "---\ntitle: T\ncatgory: x\n---\n",
    );
    let (report, code) = json(dir.path(), &["site"]);
    assert_eq!(code, 1);
    assert_eq!(report["diagnostics"][0]["path"], "site/posts/a.md");
    assert_eq!(report["diagnostics"][0]["rule"], "unknown-field");
    let (report, _) = json(dir.path(), &["site/posts/a.md"]);
    assert_eq!(report["diagnostics"][0]["rule"], "unknown-field");
}

#[test]
fn a_relative_canonical_url_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", "---\ntitle: T\ncanonical: /a\n---\n");
    let (report, _) = json(dir.path(), &["a.md"]);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["canonical-url"]);
    // With a schema typing the field as a URL, field-format reports it instead.
    write(
        dir.path(),
        "proofmark.toml",
        "[front-matter.fields]\ntitle = { type = \"string\" }\ncanonical = { type = \"url\" }\n",
    );
    let (report, _) = json(dir.path(), &["a.md"]);
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["field-format"]);
}

fn stdout_of(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let output = proofmark(dir.path()).args(args).output().expect("runs");
    assert_eq!(output.status.code(), Some(0), "{args:?} failed");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The `properties` of the schema object at `pointer`.
fn property_names(schema: &Value, pointer: &str) -> Vec<String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("no properties at {pointer}"))
        .keys()
        .cloned()
        .collect()
}

#[test]
fn config_schema_is_json_schema_with_every_key_and_rule() {
    use proofmark::config::keys;
    let text = stdout_of(&["config-schema"]);
    let schema: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    let sections: [(&str, &[&str]); 8] = [
        ("/properties", keys::ROOT),
        ("/properties/cache/properties", keys::CACHE),
        ("/properties/limits/properties", keys::LIMITS),
        ("/properties/site/properties", keys::SITE),
        ("/properties/site/properties/i18n/properties", keys::I18N),
        ("/properties/front-matter/properties", keys::FRONT_MATTER),
        ("/definitions/field/properties", keys::FIELD),
        ("/properties/overrides/items/properties", keys::OVERRIDE),
    ];
    for (pointer, known) in sections {
        let mut listed = property_names(&schema, pointer);
        let mut expected: Vec<String> = known.iter().map(|k| k.to_string()).collect();
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected, "keys at {pointer}");
        for key in known {
            let description = schema
                .pointer(&format!("{pointer}/{key}/description"))
                .and_then(Value::as_str)
                .unwrap_or("");
            assert!(
                !description.is_empty(),
                "{pointer}/{key} has no description"
            );
        }
    }
    let rules = property_names(&schema, "/properties/rules/properties");
    let override_rules = property_names(
        &schema,
        "/properties/overrides/items/properties/rules/properties",
    );
    for meta in proofmark::rules::ALL_META {
        assert!(
            rules.iter().any(|r| r == meta.id),
            "[rules] lacks {}",
            meta.id
        );
        assert!(override_rules.iter().any(|r| r == meta.id));
        let table = format!(
            "/properties/rules/properties/{}/anyOf/1/properties",
            meta.id
        );
        let options = property_names(&schema, &table);
        for option in meta.options {
            assert!(
                options.iter().any(|o| o == option.name),
                "{table} lacks {}",
                option.name
            );
        }
        assert!(options.iter().any(|o| o == "severity"));
    }
    let presets = schema
        .pointer("/properties/front-matter/properties/preset/enum")
        .and_then(Value::as_array)
        .expect("preset enum");
    assert_eq!(
        presets.len(),
        proofmark::config::presets::Preset::NAMES.len()
    );
    assert_eq!(
        schema.pointer("/properties/site/properties/trailing-slash/enum"),
        Some(&serde_json::json!(["never", "always", "ignore"]))
    );
}

#[test]
fn completions_for_every_shell() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("check"), "{bash}");
    assert!(bash.contains("config-schema"));
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("check"), "{shell}: {script}");
    }
    let dir = tempfile::tempdir().unwrap();
    proofmark(dir.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

/// The rules of `check`'s findings, in order.
fn rules_of(value: &Value) -> Vec<String> {
    value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn without_a_config_the_site_generator_settings_are_used() {
    // A Zola site: blank lines before `+++` are fine there, unknown keys are not.
    let zola = tempfile::tempdir().unwrap();
    write(
        zola.path(),
        "config.toml",
        "base_url = \"https://zola.example.org\"\n",
    );
    write(
        zola.path(),
        "content/post.md",
        "\n\n+++\ntitle = \"Post\"\ncolour = \"red\"\n+++\n\n[Other](https://zola.example.org/nowhere/)\n",
    );
    let output = proofmark(zola.path())
        .args(["check", "--ignore", TITLE_RULES, "--format", "json"])
        .output()
        .expect("runs");
    let value: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(rules_of(&value), ["unknown-field", "broken-link"]);
    let notes = String::from_utf8_lossy(&output.stderr);
    assert!(notes.contains("linting as a Zola site"), "{notes}");

    // A Jekyll site: layouts read any key, Liquid image paths are resolved.
    let jekyll = tempfile::tempdir().unwrap();
    write(
        jekyll.path(),
        "_config.yml",
        "url: https://jekyll.example.org\npermalink: pretty\n",
    );
    write(jekyll.path(), "assets/there.png", "");
    write(
        jekyll.path(),
        "_posts/2024-01-02-post.md",
        "---\ntitle: Post\nsidebar: true\n---\n\n<img src=\"{{ '/assets/there.png' | relative_url }}\" alt=\"a\">\n\n<img src=\"{{ site.baseurl }}/assets/gone.png\" alt=\"b\">\n\n<img src=\"{{ page.image }}\" alt=\"c\">\n",
    );
    let (value, code) = json(jekyll.path(), &[]);
    assert_eq!(rules_of(&value), ["image-missing"], "{value}");
    assert_eq!(value["diagnostics"][0]["line"], 8);
    assert_eq!(code, 1);

    // A config file, when there is one, is used instead: without `public`,
    // root-relative images are not looked up.
    write(
        jekyll.path(),
        "proofmark.toml",
        "[front-matter]\npreset = \"none\"\n",
    );
    let (value, code) = json(jekyll.path(), &[]);
    assert_eq!(rules_of(&value), Vec::<String>::new(), "{value}");
    assert_eq!(code, 0);
}

#[test]
fn collections_have_their_own_urls_title_rendering_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "proofmark.toml",
        r#"[site]
url = "https://dogs.example.com"
content = ["docs"]
permalink = "/docs/{path}/"
trailing-slash = "always"

[front-matter]
preset = "none"
unknown-fields = "error"
[front-matter.fields.title]
type = "string"
required = true

[[collections]]
name = "blog"
content = ["blog"]
permalink = "/blog/{year}/{slug|undated}/"
title-heading = "2"
[collections.front-matter]
preset = "none"
unknown-fields = "allow"
[collections.front-matter.fields.author]
type = "string"
required = true
"#,
    );
    write(
        dir.path(),
        "docs/intro.md",
        "---\ntitle: Intro\nmood: calm\n---\n\n## Start\n\nRead [the post](/blog/2025/hello/) and [a lost one](/blog/2025/lost/).\n",
    );
    // The blog's layout shows the title as an H2, so `###` comes next; any
    // key is allowed, but `author` is required.
    write(
        dir.path(),
        "blog/2025-03-01-hello.md",
        "---\ntitle: Hello\nmood: glad\n---\n\n### Section\n\nBack to [the intro](/docs/intro/).\n",
    );
    let (value, code) = json(dir.path(), &[]);
    let found: Vec<(String, String)> = value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "blog/2025-03-01-hello.md".to_string(),
                "required-field".to_string()
            ),
            ("docs/intro.md".to_string(), "unknown-field".to_string()),
            ("docs/intro.md".to_string(), "broken-link".to_string()),
        ],
        "{value}"
    );
    assert_eq!(code, 1);

    // Mistakes in a collection are config errors with spans.
    write(
        dir.path(),
        "proofmark.toml",
        "[[collections]]\nname = \"blog\"\n\n[[collections]]\nname = \"blog\"\ncontent = [\"blog\"]\ncolour = 1\n",
    );
    let output = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("collection `blog` needs `content`"),
        "{stderr}"
    );
    assert!(stderr.contains("colour"), "{stderr}");
}

#[test]
fn redirects_come_from_netlify_toml_and_vercel_json() {
    for (file, text) in [
        (
            "netlify.toml",
            "[build]\npublish = \"public\"\n\n[[redirects]]\nfrom = \"/old\"\nto = \"/new/\"\nstatus = 301\n",
        ),
        (
            "vercel.json",
            r#"{ "redirects": [{ "source": "/old", "destination": "/new/" }] }"#,
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), file, text);
        write(
            dir.path(),
            "proofmark.toml",
            format!("[site]\ncontent = [\"content\"]\npermalink = \"/{{slug}}/\"\nredirects = \"{file}\"\n"),
        );
        write(dir.path(), "content/new.md", "---\ntitle: New\n---\n\nHi.\n");
        write(
            dir.path(),
            "content/links.md",
            "---\ntitle: Links\n---\n\n[Old](/old) and [gone](/gone/)\n",
        );
        let (value, _) = json(dir.path(), &[]);
        let broken: Vec<&str> = value["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["rule"] == "broken-link")
            .filter_map(|d| d["message"].as_str())
            .collect();
        assert_eq!(broken.len(), 1, "{file}: {value}");
        assert!(broken[0].contains("/gone/"), "{file}: {value}");
    }
}

#[test]
fn a_config_with_a_framework_adjusts_the_generator_settings() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "docusaurus.config.js",
        "export default { url: 'https://dogs.example.com', baseUrl: '/', presets: [['classic', { docs: {} }]] };\n",
    );
    write(
        dir.path(),
        "docs/intro.md",
        "---\ntitle: Intro\n---\n\n![](/img/a.png)\n\n[Post](/blog/2024/05/01/hello)\n",
    );
    write(dir.path(), "static/img/a.png", "");
    write(
        dir.path(),
        "blog/2024-05-01-hello.md",
        "---\ntitle: Hello\n---\n\n### Deep\n",
    );
    // The generator's model, with a rule turned off: the blog shows the
    // title as the H1, so `###` skips a level.
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\nframework = \"auto\"\n\n[rules]\nimage-alt = \"off\"\n",
    );
    let (value, code) = json(dir.path(), &[]);
    assert_eq!(rules_of(&value), ["heading-increment"], "{value}");
    assert_eq!(value["diagnostics"][0]["path"], "blog/2024-05-01-hello.md");
    assert_eq!(code, 1);
    // The blog collection adjusted: its layout shows the title as an H2;
    // its URLs stay the adapter's (the link to the post still resolves).
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\nframework = \"auto\"\n\n[[collections]]\nname = \"blog\"\ntitle-heading = \"2\"\n\n[rules]\nimage-alt = \"off\"\n",
    );
    let (value, code) = json(dir.path(), &[]);
    assert_eq!(rules_of(&value), Vec::<String>::new(), "{value}");
    assert_eq!(code, 0);

    // A framework that is not the site's is a config error with a span.
    write(
        dir.path(),
        "proofmark.toml",
        "[site]\nframework = \"hugo\"\n",
    );
    let output = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no hugo site here: this is a Docusaurus site"),
        "{stderr}"
    );
}

#[test]
fn length_and_word_count_rules() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.md",
        "---\ntitle: The Complete and Definitive Guide to Every Houseplant You Could Ever Own\ndescription: Everything about houseplants, light, water, soil, pots, pests, cuttings, feeding, repotting and the mistakes that kill them, for every room of the house and every season.\n---\n\nA few words only.\n",
    );
    let rules = |args: &[&str]| -> Vec<String> {
        let output = proofmark(dir.path())
            .args(["check", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&output.stdout).unwrap();
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    // On by default: the title and the description are too long.
    assert_eq!(rules(&["a.md"]), ["title-length", "description-length"]);
    // thin-content is off by default: naming its group does not turn it on,
    // naming the rule does, at its default severity.
    assert_eq!(
        rules(&["--select", "seo", "a.md"]),
        ["title-length", "description-length"]
    );
    let output = proofmark(dir.path())
        .args([
            "check",
            "--format",
            "short",
            "--select",
            "thin-content",
            "a.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "a.md:1:1: warning[thin-content] 4 words of prose; the site asks for at least 300\n"
    );
    // The config's level wins over --select, and its options apply.
    write(
        dir.path(),
        "proofmark.toml",
        "[rules]\ntitle-length = \"off\"\nthin-content = \"off\"\n[rules.description-length]\nmax = 500\n",
    );
    assert_eq!(
        rules(&["--select", "thin-content,title-length", "a.md"]),
        Vec::<String>::new()
    );
    assert_eq!(rules(&["a.md"]), Vec::<String>::new());
    // A table for a rule that is off by default turns it on; a group's level does not.
    write(dir.path(), "proofmark.toml", "[rules]\nseo = \"error\"\n");
    assert_eq!(rules(&["a.md"]), ["title-length", "description-length"]);
    write(
        dir.path(),
        "proofmark.toml",
        "[rules.thin-content]\nmin-words = 3\n[rules.title-length]\nmax = 100\n",
    );
    assert_eq!(rules(&["a.md"]), ["description-length"]);
    // Whole numbers only.
    write(
        dir.path(),
        "proofmark.toml",
        "[rules.title-length]\nmax = \"sixty\"\n",
    );
    proofmark(dir.path())
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "option `max` must be a whole number",
        ));
    // `proofmark rules` says it is off.
    let output = proofmark(dir.path()).arg("rules").output().unwrap();
    let listing = String::from_utf8(output.stdout).unwrap();
    let line = listing
        .lines()
        .find(|line| line.starts_with("thin-content "))
        .unwrap();
    assert!(line.contains(" off "), "{line}");
}

/// A blog at https://www.example.com whose apex host is an alias, and an
/// article (BOM, CRLF) that a generator wrapped in a fence, with a link on
/// the alias host (safe fixes) and a misspelt field (an unsafe one).
fn fixable_site(dir: &Path) -> std::path::PathBuf {
    write(
        dir,
        "proofmark.toml",
        "[site]\nurl = \"https://www.example.com\"\naliases = [\"https://example.com\"]\ncontent = [\"posts\"]\n\n[front-matter]\npreset = \"astrowind\"\n",
    );
    write(
        dir,
        "posts/b.md",
        "---\ntitle: B\npublishDate: 2025-01-02T00:00:00Z\n---\n\n## B\n\nText.\n",
    );
    let text = "\u{feff}```markdown\r\n---\r\ntitle: Zoomies 🐕\r\npublishDate: 2025-01-01T00:00:00Z\r\ncatgory: dogs\r\n---\r\n\r\n## Why\r\n\r\nSee [b](https://example.com/b).\r\n```\r\n";
    write(dir, "posts/a.md", text);
    dir.join("posts/a.md")
}

const FIXED_SAFE: &str = "\u{feff}---\r\ntitle: Zoomies 🐕\r\npublishDate: 2025-01-01T00:00:00Z\r\ncatgory: dogs\r\n---\r\n\r\n## Why\r\n\r\nSee [b](https://www.example.com/b).\r\n";

#[test]
fn diff_prints_the_fixes_as_a_unified_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    let before = std::fs::read(&article).unwrap();
    let output = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--diff"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "there is something to fix");
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/posts/a.md\n+++ b/posts/a.md\n"),
        "{diff}"
    );
    let changed: Vec<&str> = diff
        .split('\n')
        .skip(2)
        .filter(|line| line.starts_with(['-', '+']))
        .collect();
    assert_eq!(
        changed,
        [
            "-\u{feff}```markdown\r",
            "----\r",
            "+\u{feff}---\r",
            "-See [b](https://example.com/b).\r",
            "-```\r",
            "+See [b](https://www.example.com/b).\r",
        ],
        "{diff}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("would fix 2 findings in 1 file"));
    assert_eq!(
        std::fs::read(&article).unwrap(),
        before,
        "--diff writes nothing"
    );
    // The unsafe rename is in the diff only when asked for.
    let output = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--diff", "--unsafe-fixes"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("+category: dogs\r"));
    // Nothing to fix: no diff, exit 0.
    let output = proofmark(dir.path())
        .args(["check", "--diff", "posts/b.md"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
}

#[test]
fn fix_writes_the_safe_fixes_keeping_bom_line_endings_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    std::fs::set_permissions(&article, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--color", "never"])
        .output()
        .unwrap();
    let report = String::from_utf8(before.stdout).unwrap();
    assert!(
        report.contains("([*] 2 fixable with --fix, 1 more with --unsafe-fixes)"),
        "{report}"
    );
    let output = proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--fix",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "the misspelt field is left: {report}"
    );
    assert!(report.contains("fixed 2 findings in 1 file\n"), "{report}");
    assert!(report.contains("unknown-field"), "{report}");
    assert!(!report.contains("wrapped-in-fence"), "{report}");
    assert_eq!(std::fs::read_to_string(&article).unwrap(), FIXED_SAFE);
    let mode = std::fs::metadata(&article).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path().join("posts"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // A second run has nothing safe left to fix.
    let again = proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--fix"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&again.stdout).contains("fixed"));
    assert_eq!(std::fs::read_to_string(&article).unwrap(), FIXED_SAFE);
    // The unsafe fix, when asked for.
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--fix", "--unsafe-fixes"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&article).unwrap(),
        FIXED_SAFE.replace("catgory", "category")
    );
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text_and_the_findings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    let text = std::fs::read(&article).unwrap();
    let output = proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--fix",
            "--stdin",
            "--stdin-filename",
            "posts/a.md",
            "--format",
            "short",
        ])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), FIXED_SAFE);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .contains("posts/a.md:4:1: error[unknown-field] unknown front-matter field `catgory`"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&article).unwrap(),
        text,
        "the file is not written"
    );
    // Nothing to fix: the input comes back as it was.
    let clean = "---\ntitle: C\npublishDate: 2025-01-03T00:00:00Z\n---\n\n## C\n\nText.\n";
    let output = proofmark(dir.path())
        .args([
            "check",
            "--fix",
            "--stdin",
            "--stdin-filename",
            "posts/c.md",
        ])
        .write_stdin(clean)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), clean);
}

#[test]
fn a_file_whose_front_matter_does_not_parse_is_never_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    let broken =
        "```markdown\n---\ntitle: Dogs: A Guide\n---\n\nSee [b](https://example.com/b).\n```\n";
    write(dir.path(), "posts/a.md", broken);
    let output = proofmark(dir.path())
        .args(["check", "--fix", "--format", "short"])
        .output()
        .unwrap();
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(report.contains("front-matter-syntax"), "{report}");
    assert!(!report.contains("[*]"), "no fix is offered: {report}");
    assert_eq!(std::fs::read_to_string(&article).unwrap(), broken);
}

#[test]
fn fixable_and_unfixable_choose_the_rules_whose_fixes_apply() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    let original = std::fs::read_to_string(&article).unwrap();
    let config = std::fs::read_to_string(dir.path().join("proofmark.toml")).unwrap();
    // Fixes the original article with `rules` added to the config.
    let fixed_with = |rules: &str| {
        write(dir.path(), "posts/a.md", &original);
        write(
            dir.path(),
            "proofmark.toml",
            format!("{config}\n[rules]\n{rules}\n"),
        );
        proofmark(dir.path())
            .args(["check", "--fix"])
            .assert()
            .code(1);
        std::fs::read_to_string(&article).unwrap()
    };
    let fixed = fixed_with("unfixable = [\"links\"]");
    assert!(fixed.contains("https://example.com/b"), "{fixed}");
    assert!(!fixed.contains("```"), "{fixed}");
    let fixed = fixed_with("fixable = [\"non-canonical-link\"]");
    assert!(fixed.contains("https://www.example.com/b"), "{fixed}");
    assert!(fixed.contains("```"), "{fixed}");
    // A name that is no rule is a config error at its place.
    write(
        dir.path(),
        "proofmark.toml",
        format!("{config}\n[rules]\nfixable = [\"non-canonical-links\"]\n"),
    );
    let output = proofmark(dir.path())
        .args(["check", "--fix", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("unknown rule or group `non-canonical-links`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `non-canonical-link`?"),
        "{stderr}"
    );
}

#[test]
fn a_linked_article_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    let target = dir.path().join("real.md");
    std::fs::rename(&article, &target).unwrap();
    std::os::unix::fs::symlink(&target, &article).unwrap();
    let before = std::fs::read(&target).unwrap();
    let output = proofmark(dir.path())
        .args(["check", "--fix", "posts/a.md"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a symbolic link is never written through"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(std::fs::symlink_metadata(&article)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_suppressed_finding_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let article = fixable_site(dir.path());
    let text = "---\ntitle: A\npublishDate: 2025-01-01T00:00:00Z\n---\n\n## Links\n\n<!-- proofmark-disable-next-line non-canonical-link -->\nKept as written: [b](https://example.com/b).\n\nFixed: [b](https://example.com/b).\n";
    write(dir.path(), "posts/a.md", text);
    proofmark(dir.path())
        .args(["check", "--ignore", TITLE_RULES, "--fix"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(&article).unwrap(),
        text.replace(
            "Fixed: [b](https://example.com/b)",
            "Fixed: [b](https://www.example.com/b)"
        )
    );
}
