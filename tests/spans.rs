//! Property: for any article assembled from front-matter and Markdown
//! fragments (headings, links, emoji, CRLF and CR line endings, a BOM,
//! tabs), every finding's span lies inside the file on character
//! boundaries, and its line and column agree with its byte offsets:
//! lines end at `\n`, `\r\n` or a lone `\r`, columns count characters, and
//! a BOM is not a column.
//!
//! And for the same articles, fixing (safe and unsafe fixes) settles in one
//! run: fixing the fixed text changes nothing, the fixed text is still an
//! article whose front matter parses, and no safe fix is left in it.

use proofmark::diagnostic::{Applicability, Diagnostic};
use proofmark::fuzzing::{fix, fixtures, lint};
use proptest::prelude::*;

/// Line and column of `offset`, walking the characters one by one.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at >= offset {
            break;
        }
        match c {
            '\u{feff}' if at == 0 => {}
            '\r' if chars.peek().is_some_and(|&(_, next)| next == '\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
    }
    (line, column)
}

fn assert_spans(source: &str, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        let (start, end) = (d.span.start, d.span.end);
        prop_assert!(
            start <= end && end <= source.len(),
            "{d:?} outside the file"
        );
        prop_assert!(
            source.is_char_boundary(start) && source.is_char_boundary(end),
            "{d:?} splits a character"
        );
        prop_assert_eq!(
            (d.start.line, d.start.column),
            line_and_column(source, start),
            "start of {:?}",
            d
        );
        prop_assert_eq!(
            (d.end.line, d.end.column),
            line_and_column(source, end),
            "end of {:?}",
            d
        );
    }
    Ok(())
}

/// Text in headings, values and link labels: ASCII, accents, emoji (with
/// joiners and variation selectors), CJK, combining marks, tabs.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "dog",
            "Zoomies",
            " ",
            "\t",
            "é",
            "e\u{301}",
            "🐶",
            "👩‍💻",
            "❤️",
            "日本語",
            "ß",
            "&amp;",
            "`code`",
            "*em*",
            "_",
            "-",
            ":",
            "#",
            "[x]",
            "\u{a0}",
        ]),
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

fn destination() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "/other",
        "/missing-page",
        "#setup",
        "#nowhere",
        "/blog/news/2024/05/other#setup",
        "https://example.com/other",
        "http://www.example.com/other/",
        "https:/www.example.com/x",
        "www.example.com/x",
        "other.md#caf%C3%A9",
        "../post/other.md",
        "./zoom/",
        "/moved",
        "/loop-a",
        "/draft",
        "~/assets/dog.png",
        "/images/🐶.png",
        "mailto:a@b.c",
        "",
    ])
    .prop_map(str::to_string)
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        (0usize..8, words()).prop_map(|(level, text)| format!("{} {text}", "#".repeat(level))),
        (words(), destination()).prop_map(|(text, to)| format!("See [{text}]({to}) now.")),
        (words(), destination()).prop_map(|(alt, to)| format!("![{alt}]({to})")),
        destination().prop_map(|to| format!("<a href=\"{to}\">x</a> <img src=\"{to}\">")),
        words().prop_map(|text| format!("{text}\n{}", "=".repeat(3))),
        words().prop_map(|text| format!("```\n# {text}\n[a](/in-code)\n```")),
        words().prop_map(|text| format!("> ## {text}\n> [q](/quoted)")),
        words().prop_map(|text| format!("- {text}\n\t- [nested](/missing)")),
        Just("<!-- proofmark-disable-next-line heading-increment, nonsense -->".to_string()),
        Just("<!-- proofmark-disable broken-link -->".to_string()),
        Just("<!-- proofmark-enable broken-link -->".to_string()),
        Just("---".to_string()),
        words(),
    ]
}

fn yaml_field() -> impl Strategy<Value = String> {
    prop_oneof![
        words().prop_map(|text| format!("title: \"{text}\"")),
        words().prop_map(|text| format!("title: {text}")),
        Just("publishDate: 2024-02-30".to_string()),
        Just("publishDate: 2024-05-07T10:00:00Z".to_string()),
        Just("updateDate: 2020-01-01".to_string()),
        words().prop_map(|text| format!("catgory: {text}")),
        words().prop_map(|text| format!("category: \"{text}\"")),
        words().prop_map(|text| format!("excerpt: >\n  {text}\n  {text}{text}{text}")),
        Just("tags: [a, a, B]".to_string()),
        Just("tags:\n  - 🐶\n\t- bad-tab".to_string()),
        destination().prop_map(|to| format!("metadata:\n  canonical: {to}")),
        words().prop_map(|text| format!("\"{text}\": 1")),
        Just("# proofmark-disable-next-line unknown-field".to_string()),
        Just("image: ~/assets/missing.png".to_string()),
        Just("draft: yes".to_string()),
        Just("title: [unclosed".to_string()),
    ]
}

fn toml_field() -> impl Strategy<Value = String> {
    prop_oneof![
        words().prop_map(|text| format!("title = \"{text}\"")),
        Just("publishDate = 2024-02-29".to_string()),
        words().prop_map(|text| format!("catgory = '{text}'")),
        Just("tags = [\"a\", \"a\"]".to_string()),
        Just("title = \"unterminated".to_string()),
        Just("[metadata]\ncanonical = \"https://example.com/x?y#z\"".to_string()),
    ]
}

#[derive(Debug, Clone)]
enum FrontMatter {
    None,
    Yaml(Vec<String>, bool),
    Toml(Vec<String>, bool),
}

fn front_matter() -> impl Strategy<Value = FrontMatter> {
    prop_oneof![
        Just(FrontMatter::None),
        (prop::collection::vec(yaml_field(), 0..6), any::<bool>())
            .prop_map(|(fields, closed)| FrontMatter::Yaml(fields, closed)),
        (prop::collection::vec(toml_field(), 0..4), any::<bool>())
            .prop_map(|(fields, closed)| FrontMatter::Toml(fields, closed)),
    ]
}

#[derive(Debug, Clone)]
struct ArticleParts {
    bom: bool,
    ending: &'static str,
    wrapped: bool,
    front_matter: FrontMatter,
    blocks: Vec<String>,
    trailing_newline: bool,
}

impl ArticleParts {
    fn text(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        if self.wrapped {
            lines.push("```markdown".into());
        }
        let (delimiter, fields, closed) = match &self.front_matter {
            FrontMatter::None => ("", &[][..], false),
            FrontMatter::Yaml(fields, closed) => ("---", &fields[..], *closed),
            FrontMatter::Toml(fields, closed) => ("+++", &fields[..], *closed),
        };
        if !delimiter.is_empty() {
            lines.push(delimiter.into());
            lines.extend(fields.iter().cloned());
            if closed {
                lines.push(delimiter.into());
            }
        }
        for block in &self.blocks {
            lines.push(String::new());
            lines.push(block.clone());
        }
        if self.wrapped {
            lines.push("```".into());
        }
        // Fragments hold `\n`; every line ending becomes the chosen one.
        let mut text = lines.join("\n").replace('\n', self.ending);
        if self.trailing_newline {
            text.push_str(self.ending);
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

fn article() -> impl Strategy<Value = ArticleParts> {
    (
        any::<bool>(),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
        prop::bool::weighted(0.15),
        front_matter(),
        prop::collection::vec(block(), 0..8),
        any::<bool>(),
    )
        .prop_map(
            |(bom, ending, wrapped, front_matter, blocks, trailing_newline)| ArticleParts {
                bom,
                ending,
                wrapped,
                front_matter,
                blocks,
                trailing_newline,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn spans_lie_inside_the_file_and_positions_agree(parts in article()) {
        let text = parts.text();
        for fixture in fixtures() {
            for extension in ["md", "mdx"] {
                let (article, diagnostics) = lint(fixture, extension, text.as_bytes());
                prop_assert!(article.is_ok());
                assert_spans(&text, &diagnostics)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn fixing_settles_in_one_run_and_leaves_a_readable_article(parts in article()) {
        let text = parts.text();
        for fixture in fixtures() {
            for extension in ["md", "mdx"] {
                let once = fix(fixture, extension, text.as_bytes(), None)
                    .expect("the generated text is an article");
                prop_assert!(once.problem.is_none(), "{:?}", once.problem);
                let (fixed, _) = lint(fixture, extension, once.text.as_bytes());
                let fixed = fixed.expect("the fixed text is an article");
                if !has_syntax_error(fixture, extension, &text) {
                    // A file whose front matter does not parse is not touched.
                    let broken = fixed.front_matter.as_ref().is_some_and(|f| !f.problems.is_empty());
                    prop_assert!(!broken, "fixing broke the front matter: {:?}", once.text);
                    let safe_left: Vec<_> = once
                        .findings
                        .iter()
                        .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
                        .map(|d| (d.rule, d.message.clone()))
                        .collect();
                    prop_assert!(safe_left.is_empty(), "{safe_left:?} in {:?}", once.text);
                } else {
                    prop_assert_eq!(&once.text, &text);
                }
                let twice = fix(fixture, extension, once.text.as_bytes(), None).unwrap();
                prop_assert_eq!(&twice.text, &once.text);
            }
        }
    }

    /// Unwrapping takes out the two fence lines and nothing else.
    #[test]
    fn unwrapping_removes_exactly_the_two_fence_lines(parts in article()) {
        prop_assume!(!parts.blocks.is_empty() || !matches!(parts.front_matter, FrontMatter::None));
        let wrapped = ArticleParts { wrapped: true, ..parts.clone() };
        let inside = ArticleParts { wrapped: false, trailing_newline: true, ..parts };
        let fixture = &fixtures()[0];
        prop_assume!(!has_syntax_error(fixture, "md", &wrapped.text()));
        let once = fix(fixture, "md", wrapped.text().as_bytes(), Some("wrapped-in-fence")).unwrap();
        prop_assert_eq!(once.text, inside.text());
    }
}

fn has_syntax_error(fixture: &proofmark::fuzzing::Fixture, extension: &str, text: &str) -> bool {
    let (article, _) = lint(fixture, extension, text.as_bytes());
    article.is_ok_and(|a| a.front_matter.is_some_and(|f| !f.problems.is_empty()))
}

/// The property is not vacuous: these fragments do produce findings, on
/// lines past CRLF and CR endings, in columns past a BOM and emoji.
#[test]
fn the_fragments_produce_findings_where_positions_matter() {
    let text = "\u{feff}---\r\ntitle: x\r\ncatgory: 🐶\r\n---\r\n\r\n#### 🐶 [x](/missing-page)\r\n\r![](/images/🐶.png)\r";
    let (_, diagnostics) = lint(&fixtures()[0], "md", text.as_bytes());
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.rule, d.start.line, d.start.column))
        .collect();
    for expected in [
        ("unknown-field", 3, 1),
        ("heading-increment", 6, 1),
        // `#### 🐶 ` is seven characters (ten bytes).
        ("broken-link", 6, 8),
        ("image-alt", 8, 1),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    // The BOM is not a column: `---` on line 1 spans columns 1 to 4.
    let missing = diagnostics
        .iter()
        .find(|d| d.rule == "required-field")
        .expect("publishDate is required");
    assert_eq!((missing.start.column, missing.end.column), (1, 4));
    let holds = assert_spans(text, &diagnostics);
    assert!(holds.is_ok(), "{holds:?}");
    // Nor is the fixing property: these fragments get fixed.
    let fixed = fix(&fixtures()[0], "md", text.as_bytes(), None).unwrap();
    assert!(
        fixed.text.contains("\r\ncategory: 🐶\r\n"),
        "{:?}",
        fixed.text
    );
    assert!(fixed.text.contains("\r\n## 🐶 [x]"), "{:?}", fixed.text);
}
