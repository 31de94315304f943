//! The article stops before its text does: the last sentence, list item or
//! section breaks off, as generated text does when the tool ran out of
//! length. Read from the body's last block: prose must end the way a
//! sentence ends (in any script); code, tables, components, link lists,
//! footnotes and short sign-off lines end an article as they are.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::markdown::{EndKind, Ending};
use crate::article::prose::{ends_like_sentence, last_words, only_comments, words};
use crate::article::Article;
use crate::diagnostic::{Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "truncated-article",
    group: Group::Generated,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "the article stops mid-sentence, mid-list or on a heading with nothing under it",
    docs: include_str!("../../rules/truncated-article.md"),
    options: &[],
    fix: None,
};

pub struct TruncatedArticle;

/// A last paragraph this short that ends without a full stop is a sign-off
/// ("Happy coding", "Cheers, Anna", "— The team"), not a cut sentence.
const SIGN_OFF_WORDS: usize = 5;

/// Words a sentence cannot end on (English and German articles,
/// conjunctions, prepositions and possessives), for endings without a full
/// stop. Verbs are not among them: German clauses end on theirs (`… wird`).
const DANGLING: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "to", "of", "in", "on", "for", "with", "at", "by",
    "from", "as", "that", "which", "whose", "this", "these", "those", "their", "its", "our",
    "your", "my", "if", "because", "so", "than", "into", "onto", "such", "very", "each", "every",
    "while", "der", "das", "und", "oder", "aber", "zu", "von", "für", "im", "auf", "bei", "ein",
    "eine", "einen", "einem", "einer", "dem", "dass", "weil", "wenn",
];

impl Rule for TruncatedArticle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let Some(ending) = &article.body.ending else {
            return;
        };
        // Text after the last block that Markdown did not read as one: MDX
        // components, reference definitions. The article ends with that.
        let after = Span::new(ending.span.end, article.body.span.end);
        if !only_comments(article.text(after)) {
            return;
        }
        let Some(cut) = cut(ending) else {
            return;
        };
        // A run of empty sections is an outline (a table-of-contents demo),
        // not a cut: only a heading after a written section is one.
        let headings = article.body.headings.len();
        if cut == Cut::Heading && (headings < 2 || article.section_is_empty(headings - 2)) {
            return;
        }
        let span = match (&cut, ending.last_text, article.body.headings.last()) {
            (Cut::Heading, _, Some(heading)) => heading.span,
            (_, Some(text), _) => last_line(article, text),
            _ => article.line_span_at(ending.span.start),
        };
        let (label, help) = match cut {
            Cut::Heading => (
                "nothing follows this heading",
                "write the section, or delete the heading",
            ),
            _ => (
                "the text stops here",
                "finish the text, or regenerate the article; if it ends as meant, end it with a full stop",
            ),
        };
        cx.report(span, cut.message(&ending.text))
            .label(label)
            .help(help);
    }
}

#[derive(Debug, PartialEq)]
enum Cut {
    Sentence,
    ListItem,
    Heading,
    Emphasis,
    Link,
}

impl Cut {
    fn message(&self, text: &str) -> String {
        let words = last_words(text, 8);
        match self {
            Cut::Sentence => format!("the article stops mid-sentence: “{words}”"),
            Cut::ListItem => format!("the article's last list item stops mid-sentence: “{words}”"),
            Cut::Heading => {
                format!("the article ends on a heading with nothing under it: “{words}”")
            }
            Cut::Emphasis => format!("the article stops inside unclosed emphasis: “{words}”"),
            Cut::Link => format!("the article stops inside an unfinished link: “{words}”"),
        }
    }
}

/// How the last block breaks off, if it does.
fn cut(ending: &Ending) -> Option<Cut> {
    match ending.kind {
        // An empty heading is `heading-empty`'s to report.
        EndKind::Heading => (!ending.text.trim().is_empty()).then_some(Cut::Heading),
        EndKind::Code | EndKind::Table | EndKind::Html | EndKind::Rule | EndKind::Footnote => None,
        EndKind::Paragraph | EndKind::ListItem => {
            let text = without_trailing_markers(&ending.text);
            if text.is_empty() || ending.only_links || is_template(text) {
                return None;
            }
            if ends_like_sentence(text) || ends_with_emoji_code(text) {
                return None;
            }
            if text.matches("**").count() % 2 == 1 || text.matches("__").count() % 2 == 1 {
                return Some(Cut::Emphasis);
            }
            if unfinished_link(text) {
                return Some(Cut::Link);
            }
            if ending.ends_with_markup {
                return None;
            }
            if ending.kind == EndKind::ListItem {
                let others_are_sentences =
                    ending.siblings > 0 && ending.siblings_ending_sentences == ending.siblings;
                let broken_off = others_are_sentences && has_whole_sentence(text);
                return (ends_dangling(text) || broken_off).then_some(Cut::ListItem);
            }
            // Many writers leave the full stop off a closing line ("MIT",
            // "Check my profile for contact links"): a cut is told by a
            // dangling end, or by a last sentence breaking off after whole
            // ones in an article whose other paragraphs all end like sentences.
            let punctuated = ending.other_paragraphs > 0
                && ending.other_paragraphs_ending_sentences == ending.other_paragraphs;
            let long = words(text).count() > SIGN_OFF_WORDS;
            (ends_dangling(text) || (long && punctuated && has_whole_sentence(text)))
                .then_some(Cut::Sentence)
        }
    }
}

/// Template code (`{{< figure >}}`, `{{Compat}}`, `{% include %}`,
/// `{{ site.url }}`) or a tag: the site renders it into something else,
/// which this text does not show.
fn is_template(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.ends_with("/>") || text.ends_with('>')
}

/// The text without what closes a block around it and is not prose: a
/// directive's closing `:::` (Docusaurus and Starlight asides) and
/// attribute lists (`{: .notice}`, `{#id .class}`).
fn without_trailing_markers(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        if let Some(rest) = text.strip_suffix(":::") {
            text = rest.trim_end_matches(':').trim_end();
        }
        if text.ends_with('}') {
            if let Some(open) = text.rfind('{') {
                let inner = &text[open + 1..text.len() - 1];
                if inner.starts_with([':', '#', '.']) {
                    text = text[..open].trim_end();
                }
            }
        }
        if text == before {
            return text;
        }
    }
}

/// Whether a sentence ends inside `text` and another begins after it: a
/// mark, a space and a capital (`done. Then`), or a CJK full stop and more
/// text (`終わり。次`).
fn has_whole_sentence(text: &str) -> bool {
    text.char_indices().any(|(at, c)| {
        let rest = &text[at + c.len_utf8()..];
        match c {
            '。' | '！' | '？' => !rest.trim().is_empty(),
            '.' | '!' | '?' | '…' => {
                rest.starts_with(char::is_whitespace)
                    && rest.trim_start().starts_with(char::is_uppercase)
            }
            _ => false,
        }
    })
}

/// An emoji written as a shortcode (`:wave:`, `:+1:`) or an emoticon (`:D`, `<3`).
fn ends_with_emoji_code(text: &str) -> bool {
    if [":)", ":-)", ";)", ":D", ":P", "<3", "xD", "^^"]
        .iter()
        .any(|emoticon| text.ends_with(emoticon))
    {
        return true;
    }
    let Some(inner) = text.strip_suffix(':') else {
        return false;
    };
    let name = &inner[inner.rfind(':').map_or(inner.len(), |at| at + 1)..];
    !name.is_empty()
        && name.len() < inner.len()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
}

/// `[text` with no `]` after it, or `](https://exa` with no `)`.
fn unfinished_link(text: &str) -> bool {
    let open = text.rfind('[');
    let close = text.rfind(']');
    if open.is_some_and(|open| close.is_none_or(|close| close < open)) {
        return true;
    }
    text.rfind("](").is_some_and(|at| !text[at..].contains(')'))
}

/// Ends with a comma, a colon, a dash, or a word no sentence ends on.
fn ends_dangling(text: &str) -> bool {
    let text = text.trim_end();
    if text.ends_with([',', ':', ';', '-', '–', '—', '(', '、', '，', '：', '；']) {
        return true;
    }
    words(text)
        .last()
        .is_some_and(|word| DANGLING.contains(&word.to_lowercase().as_str()))
}

/// The line that `span` ends on, from its first non-blank character to `span`'s end.
fn last_line(article: &Article, span: Span) -> Span {
    let line = article.line_span_at(span.end);
    let text = article.text(Span::new(line.start, span.end.max(line.start)));
    let indent = text.len() - text.trim_start().len();
    Span::new(line.start + indent, span.end.max(line.start + indent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfinished_links_and_dangling_ends() {
        assert!(unfinished_link("Read [the guide"));
        assert!(unfinished_link("Read [the guide](https://exa"));
        assert!(!unfinished_link("a [1] b"));
        assert!(ends_dangling("Use it with the"));
        assert!(ends_dangling("apples, pears,"));
        assert!(!ends_dangling("apples and pears"));
    }
}
