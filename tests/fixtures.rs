//! Runs every fixture under `fixtures/` and compares the (line, rule) set of
//! its findings with the `expect:` markers written in it, exactly.
//!
//! - Markdown: `<!-- expect: rule-id -->` (or `a, b`) on the finding's line.
//! - Front matter: `# expect: rule-id` as a comment on the finding's line.
//! - MDX: `{/* expect: rule-id */}`.
//!
//! A fixture folder's `proofmark.toml` (the nearest one above a file, up to
//! `fixtures/`) configures the run; without one the built-in defaults apply.
//!
//! A fixture that writes `{server}` is linted `--online`, with `{server}`
//! standing for a local HTTP server whose paths say how it answers:
//! `/ok/…` (200), `/status/404`, `/redirect/301/ok/new` (a 301 to `/ok/new`),
//! `/type/image/png` (200 with that content type).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proofmark::config::Settings;
use proofmark::report::{self, Format, Style};
use proofmark::{RunOptions, Selection, StdinInput};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

type Expectations = BTreeSet<(usize, String)>;

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The files under `dir` that `keep` keeps, sorted.
fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
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
            } else if keep(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The fixtures: Markdown files, but for the fixed forms of others.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir, &|path| {
        path.extension()
            .is_some_and(|ext| ext == "md" || ext == "mdx" || ext == "markdown")
            && original_of(path).is_none()
    })
}

/// `<name>.fixed.md` beside a fixture is what `check --fix
/// --unsafe-fixes` makes of `<name>.md`: the fixture it is the fixed form of.
fn original_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let (stem, extension) = name.rsplit_once('.')?;
    let stem = stem.strip_suffix(".fixed")?;
    Some(path.with_file_name(format!("{stem}.{extension}")))
}

fn fixed_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir, &|path| original_of(path).is_some())
}

/// The markers in a fixture. Read as bytes so non-UTF-8 fixtures carry them too.
fn expectations(path: &Path) -> Expectations {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let text = String::from_utf8_lossy(&bytes);
    let mut expected = BTreeSet::new();
    for (index, line) in text.split('\n').enumerate() {
        for marker in ["<!-- expect:", "# expect:", "{/* expect:"] {
            let mut rest = line;
            while let Some(at) = rest.find(marker) {
                let after = &rest[at + marker.len()..];
                let list = after.split("-->").next().unwrap_or(after);
                let list = list.split("*/").next().unwrap_or(list);
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

/// Rules that measure a page against the site's publishing thresholds.
/// Other rules' fixtures have test titles ("Hi") and no real descriptions:
/// these rules are off there unless the fixture's config sets them.
const THRESHOLD_RULES: &[&str] = &["title-length", "description-length"];

fn settings_for(file: &Path) -> Settings {
    let root = fixtures_root();
    let mut settings = configured_settings(file);
    let rule = file
        .strip_prefix(&root)
        .ok()
        .and_then(|relative| relative.components().next())
        .map(|folder| folder.as_os_str().to_string_lossy().into_owned());
    for id in THRESHOLD_RULES {
        if rule.as_deref() != Some(*id) {
            settings.levels.entry(id).or_insert(None);
        }
    }
    settings
}

fn configured_settings(file: &Path) -> Settings {
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

/// The fixture server: answers as its path says (see the module docs).
struct PathSays;

impl Respond for PathSays {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let parts: Vec<&str> = path.trim_start_matches('/').splitn(3, '/').collect();
        let code = |text: &str| text.parse::<u16>().unwrap_or(500);
        match parts.as_slice() {
            ["status", status, ..] => ResponseTemplate::new(code(status)),
            ["redirect", status, rest] => {
                ResponseTemplate::new(code(status)).insert_header("Location", format!("/{rest}"))
            }
            ["type", kind, subtype] => ResponseTemplate::new(200)
                .insert_header("Content-Type", format!("{kind}/{subtype}")),
            ["ok", ..] => ResponseTemplate::new(200).insert_header("Content-Type", "text/html"),
            _ => ResponseTemplate::new(404),
        }
    }
}

/// Lints a fixture; one that writes `{server}` is linted online against the fixture server.
fn lint(file: &Path, snippets: bool) -> proofmark::Report {
    lint_with(file, snippets, None, proofmark::fix::FixOptions::default())
}

/// Lints `bytes` (else the file) as the fixture `file`, fixing as `fix` says.
fn lint_with(
    file: &Path,
    snippets: bool,
    bytes: Option<Vec<u8>>,
    fix: proofmark::fix::FixOptions,
) -> proofmark::Report {
    let settings = settings_for(file);
    let given = bytes.is_some();
    let bytes = bytes.unwrap_or_else(|| std::fs::read(file).expect("fixture is readable"));
    let online = bytes.windows(8).any(|window| window == b"{server}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = online.then(|| {
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(wiremock::matchers::any())
                .respond_with(PathSays)
                .mount(&server)
                .await;
            server
        })
    });
    let stdin = match &server {
        Some(server) => Some(StdinInput {
            path: Some(file.to_path_buf()),
            bytes: String::from_utf8_lossy(&bytes)
                .replace("{server}", &server.uri())
                .into_bytes(),
        }),
        None => given.then(|| StdinInput {
            path: Some(file.to_path_buf()),
            bytes,
        }),
    };
    let options = RunOptions {
        selection: Selection::default(),
        snippets,
        cache: false,
        cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        stdin,
        online,
        progress: None,
        fix,
    };
    let mut report =
        proofmark::run(&settings, &[file.to_path_buf()], &options).expect("fixture runs");
    // The fixtures are no one site: many share a title on purpose, and a
    // fixed file repeats its fixture. Only the duplicate rules' own
    // fixtures are compared with their neighbours.
    let own_folder = |rule: &str| file.starts_with(fixtures_root().join(rule));
    report.diagnostics.retain(|d| {
        !matches!(
            d.rule,
            "duplicate-title" | "duplicate-excerpt" | "duplicate-content" | "duplicate-canonical"
        ) || own_folder(d.rule)
    });
    // The port changes from run to run: shown as `x`s, the same width.
    if let Some(server) = &server {
        let port = server.address().port().to_string();
        let uri = server.uri();
        let shown = uri.replace(&port, &"x".repeat(port.len()));
        for d in &mut report.diagnostics {
            d.message = d.message.replace(&uri, &shown);
            d.help = d.help.as_ref().map(|h| h.replace(&uri, &shown));
            if let Some(snippet) = &mut d.snippet {
                snippet.text = snippet.text.replace(&uri, &shown);
            }
        }
    }
    report
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
        width: Some(100),
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

/// What `check --fix --unsafe-fixes` makes of `bytes` as the fixture `file`.
fn fixed_text(file: &Path, bytes: Vec<u8>) -> Vec<u8> {
    let options = proofmark::fix::FixOptions {
        mode: proofmark::fix::FixMode::Preview,
        unsafe_fixes: true,
    };
    let report = lint_with(file, false, Some(bytes.clone()), options);
    assert!(
        report.fix_problems.is_empty(),
        "{}: {:?}",
        file.display(),
        report.fix_problems
    );
    let fixable: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| format!("{}:{} {}", d.start.line, d.rule, d.message))
        .collect();
    assert!(
        fixable.is_empty(),
        "{}: fixable findings are left after fixing: {fixable:?}",
        file.display()
    );
    match report.fixed.first() {
        Some(fixed) => fixed.fixed.clone().into_bytes(),
        None => bytes,
    }
}

#[test]
fn fixes_turn_each_fixture_into_its_fixed_file_byte_for_byte() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for expected_file in fixed_files(&fixtures_root()) {
        let original_file = original_of(&expected_file).expect("named as a fixed file");
        let original = std::fs::read(&original_file).expect("the fixture of a fixed file exists");
        let expected = std::fs::read(&expected_file).expect("fixed file is readable");
        let fixed = fixed_text(&original_file, original.clone());
        checked += 1;
        if fixed != expected {
            failures.push(format!(
                "{}:\n--- expected\n{}\n--- fixed\n{}",
                expected_file.display(),
                String::from_utf8_lossy(&expected),
                String::from_utf8_lossy(&fixed)
            ));
            continue;
        }
        assert_ne!(
            fixed,
            original,
            "{}: the fixes changed nothing",
            original_file.display()
        );
        // Fixing the fixed text changes nothing.
        let again = fixed_text(&original_file, fixed.clone());
        assert_eq!(
            again,
            fixed,
            "{}: a second fix changed the file",
            expected_file.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every rule that offers fixes shows them on a fixture of its own.
    for rule in proofmark::rules::ALL_META
        .iter()
        .filter(|meta| meta.fix.is_some())
    {
        let fail = fixtures_root().join(rule.id).join("fail");
        assert!(
            !fixed_files(&fail).is_empty(),
            "`{}` offers fixes but no fixture under {} has a fixed file",
            rule.id,
            fail.display()
        );
    }
    assert!(checked > 0);
}

#[test]
fn only_the_rules_that_say_so_offer_fixes_and_no_fix_is_surer_than_its_rule() {
    for file in markdown_files(&fixtures_root()) {
        for d in lint(&file, false).diagnostics {
            let Some(fix) = &d.fix else { continue };
            let meta = proofmark::rules::meta(d.rule).expect("a known rule");
            let most = meta.fix.unwrap_or_else(|| {
                panic!(
                    "{}: `{}` gave a fix but says it has none",
                    file.display(),
                    d.rule
                )
            });
            assert!(
                fix.applicability >= most,
                "{}: `{}` gave a {:?} fix; its rule says {:?} at most",
                file.display(),
                d.rule,
                fix.applicability,
                most
            );
        }
    }
}
