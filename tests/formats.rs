//! The machine formats (SARIF, GitHub annotations, JUnit) and `--stdin`,
//! through the real binary.

use std::path::Path;

use assert_cmd::Command;
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

/// Runs `proofmark check ARGS` and returns standard output and the exit code.
fn check(dir: &Path, args: &[&str]) -> (String, i32) {
    let output = proofmark(dir)
        .args(["check", "--ignore", TITLE_RULES, "--ignore", TITLE_RULES])
        .args(args)
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    (text, output.status.code().unwrap_or(-1))
}

/// Like `check`, with `input` on standard input.
fn check_stdin(dir: &Path, args: &[&str], input: &str) -> (String, i32) {
    let output = proofmark(dir)
        .args(["check", "--ignore", TITLE_RULES, "--ignore", TITLE_RULES])
        .args(args)
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("UTF-8 output");
    (text, output.status.code().unwrap_or(-1))
}

const SITE_CONFIG: &str = "[site]\nurl = \"https://www.example.com\"\ncontent = [\"posts\"]\n\n[front-matter]\npreset = \"astrowind\"\n";
const GUIDE: &str = "---\ntitle: Guide\n---\n\n## Setup\n\nText.\n";

/// A small site: a guide with a `#setup` section, and a clean post linking
/// to it, with a `#stale` section.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "proofmark.toml", SITE_CONFIG);
    write(dir.path(), "posts/guide.md", GUIDE);
    write(
        dir.path(),
        "posts/clean.md",
        "---\ntitle: Clean\n---\n\n## Stale\n\nSee [the setup](/guide#setup).\n",
    );
    dir
}

/// The official SARIF 2.1.0 schema (see tests/schemas/README.md), compiled
/// as the draft-04 schema it declares, and once more as draft-07: draft-04
/// does not know the `uri-reference` format of `artifactLocation.uri`, and
/// the schema uses no keyword whose meaning changed in between.
fn sarif_validators() -> [jsonschema::Validator; 2] {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).expect("the vendored SARIF schema");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    [jsonschema::Draft::Draft4, jsonschema::Draft::Draft7].map(|draft| {
        jsonschema::options()
            .with_draft(draft)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the schema compiles")
    })
}

fn sarif_errors(validators: &[jsonschema::Validator], log: &Value) -> Vec<String> {
    validators
        .iter()
        .flat_map(|validator| validator.iter_errors(log))
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

fn assert_valid_sarif(validators: &[jsonschema::Validator], log: &Value) {
    let errors = sarif_errors(validators, log);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0_and_matches_the_json_positions() {
    let dir = site();
    // BOM, CRLF, an emoji and a space in the name; errors, a warning, help.
    write(
        dir.path(),
        "posts/with space.md",
        "\u{feff}---\r\ntitle: \"🐶 dogs\"\r\ncatgory: News\r\n---\r\n\r\n## 🐶 One\r\n\r\n#### 🐶 Deep [x](/nowhere)\r\n\r\n##\r\n",
    );
    let (text, code) = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_valid_sarif(&sarif_validators(), &log);

    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "proofmark");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let expected: Vec<&str> = proofmark::rules::ALL_META.iter().map(|m| m.id).collect();
    assert_eq!(ids, expected);
    for (rule, meta) in rules.iter().zip(proofmark::rules::ALL_META) {
        assert_eq!(rule["shortDescription"]["text"], meta.summary);
        assert_eq!(rule["help"]["markdown"], meta.docs);
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            meta.default_severity.as_str()
        );
        assert_eq!(
            rule["helpUri"],
            format!(
                "https://github.com/proofmark/proofmark/blob/main/rules/{}.md",
                meta.id
            )
        );
        let description = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(!description.is_empty() && !description.starts_with('#'));
    }

    // Every result says what `--format json` says, in SARIF's terms.
    let (json, _) = check(dir.path(), &["--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diagnostics.len());
    assert_eq!(results.len(), 4, "{text}");
    for (result, d) in results.iter().zip(diagnostics) {
        assert_eq!(result["ruleId"], d["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d["rule"]);
        assert_eq!(result["level"], d["severity"]);
        let message = result["message"]["text"].as_str().unwrap();
        match d["help"].as_str() {
            Some(help) => assert_eq!(
                message,
                format!("{}\nhelp: {help}", d["message"].as_str().unwrap())
            ),
            None => assert_eq!(message, d["message"]),
        }
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "posts/with%20space.md");
        let region = &location["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        assert_eq!(region["byteOffset"], d["byte_start"]);
        assert_eq!(
            region["byteLength"].as_u64().unwrap(),
            d["byte_end"].as_u64().unwrap() - d["byte_start"].as_u64().unwrap()
        );
    }
    // Fixes: SARIF's replacements are the JSON edits.
    let mut fixes = 0;
    for (result, d) in results.iter().zip(diagnostics) {
        let Some(fix) = d["fix"].as_object() else {
            assert!(result.get("fixes").is_none(), "{result}");
            continue;
        };
        fixes += 1;
        let sarif_fix = &result["fixes"][0];
        assert_eq!(sarif_fix["description"]["text"], fix["message"]);
        let change = &sarif_fix["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "posts/with%20space.md");
        let replacements = change["replacements"].as_array().unwrap();
        let edits = fix["edits"].as_array().unwrap();
        assert_eq!(replacements.len(), edits.len());
        for (replacement, edit) in replacements.iter().zip(edits) {
            let region = &replacement["deletedRegion"];
            for (sarif, json) in [
                ("startLine", "line"),
                ("startColumn", "column"),
                ("endLine", "end_line"),
                ("endColumn", "end_column"),
                ("byteOffset", "byte_start"),
            ] {
                assert_eq!(region[sarif], edit[json], "{sarif}");
            }
            assert_eq!(replacement["insertedContent"]["text"], edit["replacement"]);
        }
    }
    assert_eq!(fixes, 2, "the misspelt field and the deep heading: {text}");
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(levels, ["error", "error", "error", "warning"]);

    let (again, _) = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(again, text, "SARIF output is deterministic");
}

#[test]
fn the_sarif_check_rejects_what_is_not_sarif() {
    // The validator must be able to fail, or the test above proves nothing.
    let dir = site();
    write(
        dir.path(),
        "posts/bad.md",
        "---\ntitle: T\n---\n\n#### Deep\n",
    );
    let (text, _) = check(dir.path(), &["--format", "sarif"]);
    let validators = sarif_validators();
    let is_valid = |log: &Value| sarif_errors(&validators, log).is_empty();
    let mut log: Value = serde_json::from_str(&text).unwrap();
    assert!(is_valid(&log));
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!is_valid(&log));
    let mut log: Value = serde_json::from_str(&text).unwrap();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!is_valid(&log));
    // Formats are checked too: a path is a URI reference, so no raw spaces.
    let mut log: Value = serde_json::from_str(&text).unwrap();
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("posts/with space.md");
    assert!(!is_valid(&log));
}

#[test]
fn sarif_of_a_clean_site_has_the_rules_and_no_results() {
    let dir = site();
    let (text, code) = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&text).unwrap();
    assert_valid_sarif(&sarif_validators(), &log);
    assert_eq!(log["runs"][0]["results"], Value::Array(Vec::new()));
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        proofmark::rules::ALL_META.len()
    );
}

#[test]
fn github_annotations_are_one_escaped_command_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "proofmark.toml",
        "[front-matter]\npreset = \"astrowind\"\n",
    );
    // A file name and a front-matter key with `:`, `,`, `%` and (in the key)
    // a newline, which is written out: the annotation's own line breaks
    // are the only ones in it.
    write(
        dir.path(),
        "odd:name,100%.md",
        "---\ntitle: T\n\"x:y,50%\\nz\": 1\n---\n\n## A\n\n#### B\n\n##\n",
    );
    write(dir.path(), "plain.md", "---\ntitle: T\n---\n\n### Deep\n");
    let (text, code) = check(dir.path(), &["--format", "github", "."]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=odd%3Aname%2C100%25.md,line=3,col=1,endLine=3,endColumn=13,title=unknown-field::unknown front-matter field `x:y,50%25\\nz`%0Ahelp: known fields here: `author`, `category`, `draft`, `excerpt`, `image`, `metadata`, `publishDate`, `tags`, `title`, `updateDate`",
            "::error file=odd%3Aname%2C100%25.md,line=8,col=1,endLine=8,endColumn=7,title=heading-increment::heading level jumps from H2 to H4%0Ahelp: use `###` here, or add the missing level above%0Aunsafe fix: make it an H3",
            "::warning file=odd%3Aname%2C100%25.md,line=10,col=1,endLine=10,endColumn=3,title=heading-empty::empty H2 heading%0Ahelp: write the heading text, or delete the line",
            "::error file=plain.md,line=5,col=1,endLine=5,endColumn=9,title=heading-increment::heading level jumps from H1 to H3%0Ahelp: use `##` here, or add the missing level above%0Aunsafe fix: make it an H2",
        ]
    );
    assert!(text.ends_with('\n'));
    let (clean, code) = check(
        dir.path(),
        &["--format", "github", "--select", "date-order", "."],
    );
    assert_eq!((clean.as_str(), code), ("", 0));
}

#[test]
fn junit_has_a_testcase_per_file_and_a_failure_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "proofmark.toml",
        "[front-matter]\npreset = \"astrowind\"\n",
    );
    write(
        dir.path(),
        "a-clean.md",
        "---\ntitle: Clean\n---\n\n## Fine\n",
    );
    write(
        dir.path(),
        "b<&>.md",
        "---\ntitle: T\n\"a<b&\\\"c\": 1\n---\n\n#### Deep\n\n##\n",
    );
    write(dir.path(), "c-clean.md", "---\ntitle: Also clean\n---\n");
    let (text, code) = check(dir.path(), &["--format", "junit", "."]);
    assert_eq!(code, 1);
    let expected = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="proofmark" tests="3" failures="1" errors="0" skipped="0">
  <testsuite name="proofmark" tests="3" failures="1" errors="0" skipped="0">
    <testcase name="a-clean.md" classname="proofmark"/>
    <testcase name="b&lt;&amp;&gt;.md" classname="proofmark">
      <failure message="unknown front-matter field `a&lt;b&amp;&quot;c`" type="error">b&lt;&amp;&gt;.md:3:1: error[unknown-field] unknown front-matter field `a&lt;b&amp;"c`
help: known fields here: `author`, `category`, `draft`, `excerpt`, `image`, `metadata`, `publishDate`, `tags`, `title`, `updateDate`</failure>
      <failure message="heading level jumps from H1 to H4" type="error">b&lt;&amp;&gt;.md:6:1: error[heading-increment] heading level jumps from H1 to H4
help: use `##` here, or add the missing level above
unsafe fix: make it an H2</failure>
      <failure message="empty H2 heading" type="warning">b&lt;&amp;&gt;.md:8:1: warning[heading-empty] empty H2 heading
help: write the heading text, or delete the line</failure>
    </testcase>
    <testcase name="c-clean.md" classname="proofmark"/>
  </testsuite>
</testsuites>
"#;
    assert_eq!(text, expected);
    assert_well_formed(&text);
}

/// A small structural check of XML: tags balance, attributes are quoted,
/// `&` starts a known reference, and no `<` appears in text or attributes.
fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut open: Vec<&str> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        assert_text(&rest[..start]);
        let end = rest[start..].find('>').expect("tag closes") + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "closing tag matches");
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
            let mut attributes = attributes.trim();
            while !attributes.is_empty() {
                let (key, value) = attributes.split_once("=\"").expect("quoted attribute");
                assert!(key.chars().all(|c| c.is_ascii_alphabetic()), "{key}");
                let close = value.find('"').expect("attribute ends");
                assert_text(&value[..close]);
                attributes = value[close + 1..].trim_start();
            }
            if !self_closing {
                open.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(open.is_empty(), "unclosed: {open:?}");
}

fn assert_text(text: &str) {
    assert!(!text.contains('<') && !text.contains('>'), "{text}");
    for (at, _) in text.match_indices('&') {
        let reference = &text[at..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#10;", "&#9;", "&#13;"]
                .iter()
                .any(|known| reference.starts_with(known)),
            "{reference}"
        );
    }
}

#[test]
fn stdin_is_linted_as_the_named_file_against_the_site_on_disk() {
    let dir = site();
    // On disk the file is clean; the buffer is what gets linted, and the
    // site sees the buffer's headings in place of the file's: `#fresh` is
    // only in the buffer, `#stale` only on disk.
    let buffer = "---\ntitle: Clean\n---\n\n## Fresh\n\n[ok](/guide#setup) [rel](guide.md) [self](clean.md#fresh) [gone](/nowhere) [anchor](/guide#nope)\n[old](clean.md#stale)\n";
    let (text, code) = check_stdin(
        dir.path(),
        &[
            "--format",
            "short",
            "--stdin",
            "--stdin-filename",
            "posts/clean.md",
        ],
        buffer,
    );
    assert_eq!(code, 1);
    assert_eq!(
        text,
        "posts/clean.md:7:59: error[broken-link] link to `/nowhere` matches no article, route or file\n\
         posts/clean.md:7:76: error[broken-anchor] no heading `#nope` in `posts/guide.md`\n\
         posts/clean.md:8:1: error[broken-anchor] no heading `#stale` in `posts/clean.md`\n"
    );
    // Only the buffer is linted, not the rest of the site.
    let (json, _) = check_stdin(
        dir.path(),
        &[
            "--format",
            "json",
            "--stdin",
            "--stdin-filename",
            "posts/clean.md",
        ],
        buffer,
    );
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["summary"]["files"], 1);
}

#[test]
fn stdin_filename_need_not_exist_and_finds_the_config_from_its_folder() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("site");
    write(&dir, "proofmark.toml", SITE_CONFIG);
    write(&dir, "posts/guide.md", GUIDE);
    let buffer = "---\ntitle: New\ncatgory: x\n---\n\n[rel](guide.md#setup) [bad](guide.md#nope)\n";
    let (text, code) = check_stdin(
        root.path(),
        &[
            "--format",
            "short",
            "--stdin",
            "--stdin-filename",
            "site/posts/new.md",
        ],
        buffer,
    );
    assert_eq!(code, 1);
    assert_eq!(
        text,
        "site/posts/new.md:3:1: error[unknown-field] unknown front-matter field `catgory`\n\
         site/posts/new.md:6:23: error[broken-anchor] no heading `#nope` in `site/posts/guide.md`\n"
    );
    assert!(!dir.join("posts/new.md").exists());
}

#[test]
fn stdin_without_a_filename_is_called_stdin() {
    let dir = site();
    let (text, code) = check_stdin(
        dir.path(),
        &["--format", "short", "--stdin"],
        "---\ntitle: T\n---\n\n#### Deep\n",
    );
    assert_eq!(code, 1);
    assert_eq!(
        text,
        "<stdin>:5:1: error[heading-increment] heading level jumps from H1 to H4\n"
    );
    let (junit, _) = check_stdin(
        dir.path(),
        &["--format", "junit", "--stdin"],
        "---\ntitle: T\n---\n",
    );
    assert!(
        junit.contains("<testcase name=\"&lt;stdin&gt;\" classname=\"proofmark\"/>"),
        "{junit}"
    );
    let (sarif, _) = check_stdin(dir.path(), &["--format", "sarif", "--stdin"], "#### Deep\n");
    let log: Value = serde_json::from_str(&sarif).unwrap();
    assert_valid_sarif(&sarif_validators(), &log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%3Cstdin%3E"
    );
}

#[test]
fn stdin_takes_no_paths_and_the_filename_needs_stdin() {
    let dir = site();
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--stdin",
            "posts/clean.md",
        ])
        .write_stdin("")
        .assert()
        .code(2);
    proofmark(dir.path())
        .args([
            "check",
            "--ignore",
            TITLE_RULES,
            "--stdin-filename",
            "posts/clean.md",
        ])
        .assert()
        .code(2);
}
