//! The invariants the fuzz targets (`fuzz/`) check, shared with the
//! regression test that replays their corpora (`tests/fuzz_regressions.rs`)
//! and the span property test. Not part of the public API.
//!
//! Every function here panics when an invariant breaks; that panic is the
//! finding. Nothing here writes to the disk: sites live under a folder that
//! does not exist, so the few file lookups the index makes all miss.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::article::front_matter::Value;
use crate::article::{Article, Deadline, LineIndex, ParseOptions, Unreadable};
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Position};
use crate::report::{self, Format, Style};
use crate::site::permalink::{Facts, Template};
use crate::site::{url, Site};
use crate::{Report, RunOptions, Selection};

/// The (missing) folder every fuzzed site lives in.
pub const ROOT: &str = "/proofmark-fuzz";

/// A blog with every site rule on: origin, aliases, routes, redirects,
/// path aliases, a preset and field specs.
const BLOG: &str = r#"
[site]
url = "https://www.example.com"
aliases = ["https://example.com", "http://www.example.com"]
content = ["src/data/post"]
permalink = ["/blog/{category}/{year}/{month}/{slug}", "/{slug}"]
trailing-slash = "never"
routes = ["/", "/blog", "/blog/**", "/category/*", "/tag/*"]
public = "public"
redirect-fields = ["aliases"]
[site.path-aliases]
"~/" = "src/"
"@assets" = "src/assets"

[front-matter]
preset = "astrowind"
unknown-fields = "error"
[front-matter.fields]
publishDate = { required = true }
excerpt = { max-length = 40, min-length = 2 }
category = { type = "string", one-of = ["News", "Guides", "Café 🐶"] }
tags = { type = "list", items = { type = "string", pattern = "^[a-z-]+$" }, unique = true, max-items = 3 }
"metadata.canonical" = { type = "url" }
rating = { type = "number" }
count = { type = "integer" }
[rules]
heading-increment = "error"
heading-duplicate = "error"
[rules.heading-h1]
title-field = "title"
"#;

/// A docs site in the style of Hugo and MDN: other heading ids, definition
/// terms, case-insensitive URLs, trailing slashes, locales, includes.
const DOCS: &str = r#"
[site]
url = "https://docs.example.org"
aliases = ["http://docs.example.org"]
content = ["content/en", "content/de"]
permalink = ["{fm:url}", "/{dir|lower}/{fm:slug|lower}/", "/{path|lower}/"]
trailing-slash = "always"
routes = ["/", "/news/**", "/en-US/**"]
public = "static"
redirect-fields = ["aliases"]
heading-ids = "mdn"
definition-term-ids = true
case-sensitive = false
relative-links = "section-or-root"
ignore-links = ["g", "**/ignored/**"]
include-pattern = '\{\{% include "(?P<path>[^"]+)" %\}\}'
[site.i18n]
locales = ["de", "fr"]
fallback = "en-US"

[front-matter]
preset = "none"
unknown-fields = "warn"
[front-matter.fields]
title = { required = true, max-length = 70 }
date = { type = "date" }
lastmod = { type = "datetime" }
weight = { type = "integer" }
[rules.canonical-url]
field = "canonical"
"#;

/// Articles every fuzzed article shares its site with, so links to other
/// pages, their anchors, drafts and canonical rivals all resolve.
const BLOG_NEIGHBOURS: &[(&str, &str)] = &[
    (
        "src/data/post/other.md",
        "---\ntitle: Other\npublishDate: 2024-05-07\ncategory: News\naliases: [/old, /older/]\nmetadata:\n  canonical: https://www.example.com/blog/news/2024/05/other\n---\n## Setup\n\n## Setup\n\n### Café 🐶 {#cafe}\n\n<a id=\"html-anchor\"></a>\n",
    ),
    (
        "src/data/post/draft.md",
        "---\ntitle: Draft\npublishDate: 2024-01-01\ndraft: true\n---\n## Hidden\n",
    ),
    (
        "src/data/post/zoom/index.md",
        "---\ntitle: Zoom\npublishDate: 2023-12-31T10:00:00Z\nslug: dog-zoomies\n---\n# Zoom\n\n## Why dogs run\n",
    ),
];

const DOCS_NEIGHBOURS: &[(&str, &str)] = &[
    (
        "content/en/guide/_index.md",
        "+++\ntitle = \"Guide\"\n+++\n## Start here\n\n{{% include \"shared/snippet.md\" %}}\n\n- `pattern`\n  - : A term.\n",
    ),
    (
        "content/en/shared/snippet.md",
        "---\ntitle: Snippet\nslug: Snippet\n---\n## Included heading\n",
    ),
    (
        "content/de/guide/page.md",
        "---\ntitle: Seite\nurl: /de/guide/seite/\naliases: [/de/alt]\n---\n## Überblick\n\nTerm\n: Definition\n",
    ),
];

const REDIRECTS: &[(&str, &str)] = &[
    ("/moved", "/dog-zoomies"),
    ("/loop-a", "/loop-b"),
    ("/loop-b", "/loop-a"),
    ("/away", "/tag/news"),
];

/// A site configuration and the articles that come with it.
pub struct Fixture {
    pub settings: Settings,
    pub neighbours: Vec<Article>,
    /// Where the fuzzed article lives, relative to [`ROOT`], without extension.
    pub stem: &'static str,
}

impl Fixture {
    fn new(config: &str, neighbours: &[(&str, &str)], stem: &'static str) -> Fixture {
        let mut settings = Settings::parse(
            config,
            &Path::new(ROOT).join("proofmark.toml"),
            PathBuf::from(ROOT),
        )
        .unwrap_or_else(|errors| panic!("the fuzz config is valid: {:?}", errors.errors));
        settings.site.redirects = REDIRECTS
            .iter()
            .map(|(from, to)| (from.to_string(), to.to_string()))
            .collect();
        let options = parse_options(&settings);
        let neighbours = neighbours
            .iter()
            .map(|(path, text)| neighbour(path, text, options))
            .collect();
        Fixture {
            settings,
            neighbours,
            stem,
        }
    }

    pub fn options(&self) -> ParseOptions {
        parse_options(&self.settings)
    }
}

/// One of the fixed articles around the fuzzed one, at `relative` under the root.
fn neighbour(relative: &str, text: &str, options: ParseOptions) -> Article {
    Article::parse(
        Path::new(ROOT).join(relative),
        relative.to_string(),
        text.to_string(),
        false,
        options,
    )
}

fn parse_options(settings: &Settings) -> ParseOptions {
    ParseOptions {
        heading_ids: settings.site.heading_ids,
        definition_term_ids: settings.site.definition_term_ids,
        count_words: true,
        fingerprint: true,
    }
}

/// The two sites every article is linted in.
pub fn fixtures() -> &'static [Fixture; 2] {
    static FIXTURES: OnceLock<[Fixture; 2]> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        [
            Fixture::new(BLOG, BLOG_NEIGHBOURS, "src/data/post/fuzz"),
            Fixture::new(DOCS, DOCS_NEIGHBOURS, "content/en/guide/fuzz"),
        ]
    })
}

fn run_options() -> RunOptions {
    RunOptions {
        selection: Selection::default(),
        snippets: true,
        cache: false,
        cwd: PathBuf::from(ROOT),
        stdin: None,
        online: false,
        progress: None,
        fix: crate::fix::FixOptions::default(),
    }
}

/// Lints `bytes` as the article `<stem>.<extension>` of `fixture`'s site,
/// the way `proofmark::run` does, and checks every finding's span and
/// position. Returns the article (when readable) and the findings.
pub fn lint(
    fixture: &Fixture,
    extension: &str,
    bytes: &[u8],
) -> (Result<Article, Unreadable>, Vec<Diagnostic>) {
    let relative = format!("{}.{extension}", fixture.stem);
    let path = Path::new(ROOT).join(&relative);
    let article = Article::from_bytes(path, relative.clone(), bytes.to_vec(), fixture.options());
    let mut articles: Vec<&Article> = fixture.neighbours.iter().collect();
    if let Ok(article) = &article {
        articles.push(article);
    }
    let site = Site::build(&fixture.settings, &articles, Path::new(ROOT));
    let options = run_options();
    let mut diagnostics = crate::check(
        &crate::Checking {
            settings: &fixture.settings,
            options: &options,
            site: &site,
            online: None,
        },
        &relative,
        Path::new(&relative),
        article.as_ref(),
        &Deadline::none(),
    );
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    match &article {
        Ok(article) => check_article_spans(article, &diagnostics),
        Err(problem) => check_unreadable_spans(bytes, problem, &diagnostics),
    }
    render_all(&diagnostics);
    (article, diagnostics)
}

/// What fixing made of an article of `fixture`'s site: the text, the
/// findings left in it, and why fixing stopped short, if it did. `only`
/// keeps the fixes of one rule.
pub struct Fixed {
    pub text: String,
    pub findings: Vec<Diagnostic>,
    pub problem: Option<String>,
}

/// Fixes `bytes` as the article `<stem>.<extension>` of `fixture`'s site,
/// the way `check --fix --unsafe-fixes` does; `None` when it is no article.
pub fn fix(fixture: &Fixture, extension: &str, bytes: &[u8], only: Option<&str>) -> Option<Fixed> {
    let relative = format!("{}.{extension}", fixture.stem);
    let path = Path::new(ROOT).join(&relative);
    let article =
        Article::from_bytes(path, relative.clone(), bytes.to_vec(), fixture.options()).ok()?;
    let mut articles: Vec<&Article> = fixture.neighbours.iter().collect();
    articles.push(&article);
    let site = Site::build(&fixture.settings, &articles, Path::new(ROOT));
    let options = run_options();
    let checking = crate::Checking {
        settings: &fixture.settings,
        options: &options,
        site: &site,
        online: None,
    };
    let relint = |article: &Article| {
        let mut found = crate::check(
            &checking,
            &relative,
            Path::new(&relative),
            Ok(article),
            &Deadline::none(),
        );
        for finding in &mut found {
            if only.is_some_and(|rule| rule != finding.rule) {
                finding.fix = None;
            }
        }
        found
    };
    let fix_options = crate::fix::FixOptions {
        mode: crate::fix::FixMode::Preview,
        unsafe_fixes: true,
    };
    let repaired = crate::fix::repair(
        &article,
        relint(&article),
        fix_options,
        fixture.options(),
        &Deadline::none(),
        &relint,
    );
    Some(Fixed {
        text: repaired
            .file
            .map_or_else(|| article.source.clone(), |file| file.fixed),
        findings: repaired.findings,
        problem: repaired.problem,
    })
}

/// Every output format renders whatever the findings hold, and what the
/// input put in them cannot forge a line or drive a terminal: no control
/// character but line breaks and tabs, no `##[`, no line starting with
/// `::` but GitHub's annotations; JSON and SARIF are JSON.
fn render_all(diagnostics: &[Diagnostic]) {
    let report = Report {
        files: 1,
        paths: vec!["fuzz.md".to_string()],
        diagnostics: diagnostics.to_vec(),
        ..Report::default()
    };
    let style = Style {
        color: false,
        width: Some(80),
    };
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ] {
        let out = report::render(&report, format, style);
        assert!(!out.contains("##["), "{format:?}: {out}");
        for line in out.lines() {
            assert!(
                !line.chars().any(|c| c.is_control() && c != '\t'),
                "{format:?}: {line:?}"
            );
            let annotation = format == Format::Github
                && (line.starts_with("::error file=") || line.starts_with("::warning file="));
            assert!(
                annotation || !line.trim_start().starts_with("::"),
                "{format:?}: {line:?}"
            );
        }
        if matches!(format, Format::Json | Format::Sarif) {
            assert!(
                serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                "{format:?} is not JSON: {out}"
            );
        }
    }
}

/// The position of `offset` as the design defines it, worked out from
/// scratch: 1-based; `\n`, `\r\n` and a lone `\r` end lines; columns count
/// characters; a leading BOM is not a column.
pub fn reference_position(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &byte) in bytes.iter().enumerate() {
        let ends_line =
            byte == b'\n' || (byte == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let mut column_text = &text[line_start..offset];
    if line_start == 0 {
        column_text = column_text.strip_prefix('\u{feff}').unwrap_or(column_text);
    }
    Position {
        line,
        column: column_text.chars().count() + 1,
    }
}

/// Spans lie inside the file, on character boundaries, and every position
/// agrees with the line index and with [`reference_position`].
pub fn check_article_spans(article: &Article, diagnostics: &[Diagnostic]) {
    let source = article.source.as_str();
    let fresh = LineIndex::new(source);
    for d in diagnostics {
        let span = d.span;
        assert!(
            span.start <= span.end && span.end <= source.len(),
            "{} span {span:?} outside the {}-byte file: {d:?}",
            d.rule,
            source.len()
        );
        assert!(
            source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
            "{} span {span:?} splits a character: {d:?}",
            d.rule
        );
        for (offset, reported, which) in [(span.start, d.start, "start"), (span.end, d.end, "end")]
        {
            let expected = reference_position(source, offset);
            assert_eq!(
                reported, expected,
                "{} {which} position of {span:?}: {d:?}",
                d.rule
            );
            assert_eq!(article.lines().position(source, offset), expected);
            assert_eq!(fresh.position(source, offset), expected);
        }
        check_snippet(source, d);
    }
}

fn check_snippet(source: &str, d: &Diagnostic) {
    if let Some(snippet) = &d.snippet {
        let end = snippet.offset + snippet.text.len();
        assert_eq!(
            source.get(snippet.offset..end),
            Some(snippet.text.as_str()),
            "{} snippet is not the file's text: {d:?}",
            d.rule
        );
        assert_eq!(
            snippet.first_line,
            reference_position(source, snippet.offset).line,
            "{} snippet line: {d:?}",
            d.rule
        );
    }
}

/// A file that is not text gets one finding, at the first bad byte.
fn check_unreadable_spans(bytes: &[u8], problem: &Unreadable, diagnostics: &[Diagnostic]) {
    let (offset, at) = match problem {
        Unreadable::NotUtf8 { offset, at } | Unreadable::Binary { offset, at } => (*offset, *at),
        Unreadable::Io(_) | Unreadable::NotAFile | Unreadable::TooLarge { .. } => {
            panic!("no I/O happens on bytes")
        }
        Unreadable::TimedOut { .. } => panic!("nothing is timed without a deadline"),
    };
    assert!(offset < bytes.len(), "bad byte {offset} outside the file");
    let prefix = String::from_utf8_lossy(&bytes[..offset]);
    let valid = std::str::from_utf8(&bytes[..offset]).is_ok();
    if valid {
        assert_eq!(at, reference_position(&prefix, prefix.len()));
    }
    assert!(diagnostics.len() <= 1, "{diagnostics:?}");
    for d in diagnostics {
        assert!(d.span.start == offset && d.span.end == offset + 1, "{d:?}");
        assert_eq!(d.start, at);
    }
}

/// The `article` target: any bytes, as Markdown and as MDX, in both sites.
pub fn article(data: &[u8]) {
    for fixture in fixtures() {
        for extension in ["md", "mdx"] {
            let (first, diagnostics) = lint(fixture, extension, data);
            if let Ok(first) = first {
                // Parsing the text directly gives the same article.
                let again = Article::parse(
                    first.path.clone(),
                    first.display_path.clone(),
                    first.source.clone(),
                    extension == "mdx",
                    fixture.options(),
                );
                assert_eq!(first.body, again.body);
                assert_eq!(first.wrapper, again.wrapper);
                check_fixing(fixture, extension, &first, &diagnostics);
            }
        }
    }
}

/// Fixing settles in one run: no fix goes wrong, the fixed text is an
/// article whose front matter parses if it did before, it has no safe fix
/// left, and fixing it again changes nothing.
fn check_fixing(fixture: &Fixture, extension: &str, article: &Article, findings: &[Diagnostic]) {
    if findings.iter().all(|d| d.fix.is_none()) {
        return;
    }
    let parsed_before = article
        .front_matter
        .as_ref()
        .is_none_or(|front_matter| front_matter.problems.is_empty());
    let once = fix(fixture, extension, article.source.as_bytes(), None).expect("an article");
    assert_eq!(once.problem, None, "{:?}", article.source);
    let (fixed, _) = lint(fixture, extension, once.text.as_bytes());
    let fixed = fixed.expect("the fixed text is an article");
    if parsed_before {
        assert!(fixed
            .front_matter
            .as_ref()
            .is_none_or(|front_matter| front_matter.problems.is_empty()));
        assert!(!once.findings.iter().any(|d| d
            .fix
            .as_ref()
            .is_some_and(|f| f.applicability == crate::diagnostic::Applicability::Safe)));
    }
    let twice = fix(fixture, extension, once.text.as_bytes(), None).expect("an article");
    assert_eq!(twice.text, once.text);
}

/// The `config` target: any text as `proofmark.toml`. Errors carry spans
/// inside the text; valid settings lint the blog's articles without panics.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new(ROOT).join("proofmark.toml");
    match Settings::parse(text, &path, PathBuf::from(ROOT)) {
        Err(errors) => {
            assert!(!errors.errors.is_empty());
            for error in &errors.errors {
                if let Some(span) = error.span {
                    assert!(
                        span.start <= span.end && span.end <= text.len(),
                        "config error span {span:?} outside the {}-byte text: {error:?}",
                        text.len()
                    );
                    assert!(
                        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                        "config error span {span:?} splits a character: {error:?}"
                    );
                }
            }
            let diagnostics = errors.into_diagnostics(|p| p.display().to_string());
            for d in &diagnostics {
                assert_eq!(d.start, reference_position(text, d.span.start), "{d:?}");
                assert_eq!(d.end, reference_position(text, d.span.end), "{d:?}");
                check_snippet(text, d);
            }
            render_all(&diagnostics);
        }
        Ok(settings) => {
            // The settings drive a real lint of a small site.
            let options = parse_options(&settings);
            let articles: Vec<Article> = BLOG_NEIGHBOURS
                .iter()
                .chain(DOCS_NEIGHBOURS)
                .map(|(relative, text)| neighbour(relative, text, options))
                .collect();
            let refs: Vec<&Article> = articles.iter().collect();
            let site = Site::build(&settings, &refs, Path::new(ROOT));
            for article in &articles {
                let found = crate::check(
                    &crate::Checking {
                        settings: &settings,
                        options: &run_options(),
                        site: &site,
                        online: None,
                    },
                    &article.display_path,
                    Path::new(&article.display_path),
                    Ok(article),
                    &Deadline::none(),
                );
                check_article_spans(article, &found);
                render_all(&found);
            }
        }
    }
}

/// The parts of a `links` input: fields separated by NUL bytes.
pub struct LinkCase<'a> {
    pub template: &'a str,
    pub front_matter: &'a str,
    /// The article's path under the content root.
    pub relative: &'a str,
    pub destinations: Vec<&'a str>,
}

impl<'a> LinkCase<'a> {
    /// `template \0 front matter \0 relative path \0 destination \0 …`;
    /// missing fields are empty.
    pub fn split(text: &'a str) -> LinkCase<'a> {
        let mut fields = text.split('\0');
        LinkCase {
            template: fields.next().unwrap_or(""),
            front_matter: fields.next().unwrap_or(""),
            relative: fields.next().unwrap_or(""),
            destinations: fields.collect(),
        }
    }
}

/// The `links` target: permalink templates, URL helpers and link resolution.
pub fn links(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let case = LinkCase::split(&text);

    for destination in &case.destinations {
        check_url_helpers(destination);
    }

    let fixture = &fixtures()[0];
    let mut settings = fixture.settings.clone();
    match Template::parse(case.template) {
        Err(error) => {
            assert!(
                error.start <= error.end && error.end <= case.template.len(),
                "template error {}..{} outside {:?}",
                error.start,
                error.end,
                case.template
            );
            assert!(
                case.template.is_char_boundary(error.start)
                    && case.template.is_char_boundary(error.end),
                "template error {}..{} splits a character of {:?}",
                error.start,
                error.end,
                case.template
            );
        }
        Ok(template) => {
            assert_eq!(template.text, case.template);
            settings.site.permalink.insert(0, template);
        }
    }

    // The article: the front matter as given, the destinations as links.
    let mut source = format!("---\n{}\n---\n\n", case.front_matter);
    for (i, destination) in case.destinations.iter().enumerate() {
        source.push_str(&format!(
            "[link {i}](<{}>)\n\n",
            destination.replace(['<', '>', '\n', '\r'], "")
        ));
    }
    let relative = case.relative.trim_start_matches('/');
    let relative = if relative.is_empty() {
        "fuzz.md"
    } else {
        relative
    };
    // The runner hands articles over with absolute, normalised paths.
    let path = crate::discover::normalize(&Path::new(ROOT).join("src/data/post").join(relative));
    let article = Article::parse(path, relative.to_string(), source, false, fixture.options());

    let date_fields = settings.front_matter.preset.date_fields().0;
    let facts = Facts {
        article: &article,
        relative,
        date_fields,
    };
    for template in &settings.site.permalink {
        let once = template.render(&facts);
        assert_eq!(once, template.render(&facts), "render is deterministic");
        if let Some(rendered) = once {
            check_url_helpers(&rendered);
        }
    }

    let mut articles: Vec<&Article> = fixture.neighbours.iter().collect();
    articles.push(&article);
    let site = Site::build(&settings, &articles, Path::new(ROOT));
    let twin = Site::build(&settings, &articles, Path::new(ROOT));
    for destination in &case.destinations {
        for from in &articles {
            let resolved = site.resolve(from, destination);
            assert_eq!(resolved, site.resolve(from, destination), "{destination:?}");
            assert_eq!(resolved, twin.resolve(from, destination), "{destination:?}");
            if let crate::site::Resolved::Broken(crate::site::Broken::NoPage { key, absolute }) =
                &resolved
            {
                assert_eq!(
                    site.suggestion(key, *absolute),
                    twin.suggestion(key, *absolute)
                );
            }
            assert_eq!(
                site.file_exists(from, destination),
                twin.file_exists(from, destination)
            );
        }
    }
    let field_values: Vec<&Value> = article.field_values("aliases");
    let _ = field_values;

    let found = crate::check(
        &crate::Checking {
            settings: &settings,
            options: &run_options(),
            site: &site,
            online: None,
        },
        relative,
        Path::new(relative),
        Ok(&article),
        &Deadline::none(),
    );
    check_article_spans(&article, &found);
}

/// `split` cuts the link into slices of itself; `normalize_path` gives a
/// clean absolute path and is idempotent; `percent_decode` only shrinks.
fn check_url_helpers(link: &str) {
    let parts = url::split(link);
    for piece in [Some(parts.path), parts.query, parts.fragment]
        .into_iter()
        .flatten()
    {
        assert!(link.contains(piece), "{piece:?} is not part of {link:?}");
    }
    let normalized = url::normalize_path(parts.path);
    assert!(normalized.starts_with('/'), "{normalized:?}");
    assert!(!normalized.contains("//"), "{normalized:?} from {link:?}");
    assert_eq!(url::normalize_path(&normalized), normalized, "{link:?}");
    let decoded = url::percent_decode(link);
    assert!(decoded.len() <= link.len());
    if !link.contains('%') {
        assert_eq!(decoded, link);
    }
}
