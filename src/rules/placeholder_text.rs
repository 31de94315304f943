//! Text a template or a model left behind: notes to the writer
//! (`[Replace with the product name]`), filler (lorem ipsum), variables no
//! one rendered (`{{ product_name }}`), a model speaking about itself or to
//! whoever prompted it, the citation tokens chat tools leave in copied text,
//! chat-tool tracking parameters, and ALL-CAPS stand-ins (`LINK_HERE`) where
//! a link or a value belongs. Searched in the body's prose and in
//! front-matter strings; code, inline code and HTML comments are skipped,
//! and so is template syntax the site's framework renders itself.

use std::sync::OnceLock;

use regex::Regex;

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::front_matter::{Value, ValueKind};
use crate::article::markdown::HeadingIds;
use crate::article::Article;
use crate::config::presets::Preset;
use crate::diagnostic::{Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "placeholder-text",
    group: Group::Generated,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a note to the writer, filler, an unrendered variable or a chat tool's leftovers",
    docs: include_str!("../../rules/placeholder-text.md"),
    options: &[OptionMeta {
        name: "patterns",
        default: "",
        kind: OptionKind::Text,
        summary: "extra regular expressions (Rust syntax) whose matches are placeholders",
    }],
    fix: None,
};

pub struct PlaceholderText;

/// What kind of leftover a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Instruction,
    Filler,
    Variable,
    Token,
    SelfTalk,
    Citation,
    Tracking,
}

impl Kind {
    /// In order of precedence where two match the same text.
    const ORDER: [Kind; 7] = [
        Kind::Token,
        Kind::Instruction,
        Kind::Filler,
        Kind::Variable,
        Kind::SelfTalk,
        Kind::Citation,
        Kind::Tracking,
    ];

    fn message(self, found: &str) -> String {
        let found = shorten(found);
        match self {
            Kind::Instruction => format!("note to the writer left in the text: `{found}`"),
            Kind::Filler => format!("filler text: `{found}`"),
            Kind::Variable => format!("template variable that nothing renders: `{found}`"),
            Kind::Token => format!("placeholder left in the text: `{found}`"),
            Kind::SelfTalk => format!("a model speaking about itself or to its user: `{found}`"),
            Kind::Citation => format!("chat citation token: `{found}`"),
            Kind::Tracking => format!("link tracked as coming from a chat tool: `{found}`"),
        }
    }

    fn help(self) -> &'static str {
        match self {
            Kind::Instruction => "write what the note asks for, or delete it",
            Kind::Token => "put the real text, link or value in its place",
            Kind::Filler => "replace the filler with the article's text",
            Kind::Variable => "put the value in, or render the template before publishing",
            Kind::SelfTalk => "delete the model's remark; it is not part of the article",
            Kind::Citation => "delete the token; it renders as garbage",
            Kind::Tracking => "remove the `utm_source` parameter from the link",
        }
    }
}

/// Every built-in pattern, one named group per kind. Kept to forms that
/// human writers do not use in prose: each was checked against real sites.
/// Without `double_braces`, `{{…}}` is left out: the site renders all of it
/// (MDN's macros, MDX expressions), and a page may hold hundreds.
fn patterns(double_braces: bool) -> &'static [(Kind, Regex)] {
    static WITH: OnceLock<Vec<(Kind, Regex)>> = OnceLock::new();
    static WITHOUT: OnceLock<Vec<(Kind, Regex)>> = OnceLock::new();
    let cell = if double_braces { &WITH } else { &WITHOUT };
    cell.get_or_init(|| {
        let instruction = [
            // [Insert a photo here], (Add screenshot here)
            r"[\[(](?i:insert|add|include|paste|put|place|embed)\s[^\]\)\n]{0,60}?\b(?i:here)\b[^\]\)\n]{0,20}[\])]",
            // [Replace with the product name], (fill in the date)
            r"[\[(](?i:replace (?:this )?with|fill in|to be (?:added|written|filled)|write (?:a|an|the|your) )[^\]\)\n]{1,80}[\])]",
            // (Include a photo of the result), [Add link to the pricing page]
            r"[\[(](?i:insert|add|include)\s(?i:(?:an?|the|your|relevant|appropriate|specific|some|one or two|\d)\s)?(?:\w+\s){0,2}?(?i:photo|image|picture|screenshot|link|url|quote|statistic|stat|graphic|chart|video|diagram|infographic|testimonial|citation|source|anecdote|call to action|cta|product name|company name|brand name|keyword)s?\b[^\]\)\n]{0,60}[\])]",
            // [Your Name], [Company Name]
            r"\[(?i:your|company|product|brand|client|customer|business|author|website|site)[ _](?i:name|website|url|email|address|phone(?: number)?|logo)\]",
        ]
        .join("|");
        // The Latin run, not a mention of "Lorem Ipsum" as a word; also its
        // variants (`Bacon ipsum dolor sit amet`).
        let filler = r"(?i:\blorem ipsum,? dolor(?: sit amet)?\b|\bipsum,? dolor sit amet\b|\bdolor sit amet\b)";
        // `{{ … }}` (judged by the framework), `{PRODUCT_NAME}`, `%TITLE%`.
        let double = r"\{\{[^{}\n]{1,80}\}\}";
        let variable = [
            double,
            r"\{[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\}",
            r"%(?:[A-Z]+_)*(?:TITLE|NAME|KEYWORD|PRODUCT|BRAND|COMPANY|TOPIC|PLACEHOLDER|CITY|AUTHOR)(?:_[A-Z]+)*%",
        ]
        .iter()
        .filter(|pattern| double_braces || **pattern != double)
        .copied()
        .collect::<Vec<_>>()
        .join("|");
        // [PRODUCT NAME], [LINK], [INSERT_IMAGE]
        let token = r"\[(?:[A-Z]+[ _])*(?:PLACEHOLDER|NAME|TITLE|KEYWORD|PRODUCT|BRAND|COMPANY|TOPIC|CITY|LINK|URL|IMAGE|INSERT)(?:[ _][A-Z]+)*\]";
        // Case-sensitive past the first letter, so that the engine can look
        // for the phrases' first words before it runs (most pages have none).
        let self_talk = [
            r"\b[Aa]s of my (?:last |latest |most recent )?(?:knowledge |training )?(?:update|cutoff|cut-off|training(?: data)?)\b",
            r"\b[Mm]y (?:knowledge|training(?: data)?) (?:cutoff|cut-off)\b",
            r"\b[Aa]s an (?:AI|ai) (?:[Ll]anguage )?[Mm]odel\b",
            r"\b[Aa]s an (?:AI|ai) [Aa]ssistant\b",
            r"\b[Aa]s a [Ll]arge [Ll]anguage [Mm]odel\b",
            r"\bI(?:['’]m| am) an AI(?: language model| assistant)?,? (?:and|so|I)\b",
            r"\bI (?:do not|don['’]t|cannot|can['’]t) (?:browse|access) (?:the internet|the web|real-time)",
            r"(?m:^)(?:Sure|Certainly|Absolutely|Of course)[,!] here(?:['’]s| is| are)\b",
            r"\b[Hh]ere(?:['’]s| is) (?:a|an|the|your) (?:revised|rewritten|SEO[- ]optimi[sz]ed|reworded) (?:version|article|blog post|post|draft)\b",
            r"\bI hope this (?:article|blog post|post|draft) (?:helps|meets|is helpful)\b",
            r"\b[Ll]et me know if you(?:['’]d| would) like me to\b",
            r"(?m:^)(?:Would you like|Do you want) me to\b",
            r"\b[Ff]eel free to (?:adjust|modify|customi[sz]e|tweak|tailor|edit) (?:this|the) (?:article|blog post|post|draft|content|text|tone)\b",
            r"\b[Rr]egenerate [Rr]esponse\b",
        ]
        .join("|");
        let citation = [
            r"【[^】\n]{0,40}†[^】\n]{0,80}】",
            r"\x{E200}[^\x{E201}\n]{0,80}\x{E201}",
            r"[\x{E200}-\x{E202}]",
            r"\b(?:file)?cite(?:turn\d+[a-z]+\d+)+",
            r":?contentReference\[oaicite:\d+\](?:\{index=\d+\})?",
            r"\boaicite:\d+",
            r"\[cite_start\]",
            r"\[cite:\s*\d+(?:\s*,\s*\d+)*\]",
            r"\[citation:\d+\]",
            r"\[\^\d+\^\]",
            r"<grok:render\b",
        ]
        .join("|");
        let tracking = r"[?&](?i:utm_source=(?:chatgpt|openai|perplexity|copilot|claude|gemini|bard|deepseek|grok|phind|you\.com|meta\.ai|mistral)\b[\w.]*)";
        // One regex per kind, each with its own literal prefilter (together
        // they would have none), and word boundaries in their ASCII form: a
        // Unicode `\b` keeps the engine off its fast path on non-ASCII text.
        [
            (Kind::Token, token.to_string()),
            (Kind::Instruction, instruction),
            (Kind::Filler, filler.to_string()),
            (Kind::Variable, variable),
            (Kind::SelfTalk, self_talk),
            (Kind::Citation, citation),
            (Kind::Tracking, tracking.to_string()),
        ]
        .into_iter()
        .map(|(kind, pattern)| {
            let pattern = pattern.replace(r"\b", r"(?-u:\b)");
            (kind, Regex::new(&pattern).expect("valid built-in pattern"))
        })
        .collect()
    })
}

/// A link target or a field value that is only an ALL-CAPS stand-in.
fn is_token(value: &str) -> bool {
    static TOKEN: OnceLock<Regex> = OnceLock::new();
    let value = value.trim();
    let shape = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_';
    if value.len() < 3 || !value.bytes().all(shape) {
        return false;
    }
    TOKEN
        .get_or_init(|| {
            Regex::new(r"^(?:TBD|TODO|PLACEHOLDER|XXX|(?:[A-Z][A-Z0-9]*_)+(?:LINK|URL|HERE|TBD|TODO|PLACEHOLDER|XXX|IMAGE)(?:_[A-Z0-9]+)*|(?:LINK|URL|INSERT|IMAGE|PLACEHOLDER)(?:_[A-Z0-9]+)+)$")
                .expect("valid pattern")
        })
        .is_match(value)
}

/// How the site renders template syntax written in its Markdown.
#[derive(Clone, Copy)]
struct Templates {
    /// `{…}` is a JavaScript expression (MDX, and Docusaurus, which reads
    /// `.md` as MDX too).
    expressions: bool,
    /// `{{ name }}` is a Liquid or Nunjucks variable (Jekyll, and an
    /// unknown framework, which may be Eleventy).
    liquid: bool,
    /// Front-matter fields are variables by their bare name (Eleventy);
    /// Jekyll has them as `page.name`.
    bare_fields: bool,
    /// Every `{{…}}` is a macro call (MDN).
    macros: bool,
}

impl Rule for PlaceholderText {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let preset = cx.front_matter().preset;
        let mdx = article
            .path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("mdx"));
        let templates = Templates {
            expressions: mdx || preset == Preset::Docusaurus,
            liquid: matches!(preset, Preset::Jekyll | Preset::None),
            bare_fields: preset == Preset::None,
            macros: cx.settings().site.heading_ids == HeadingIds::Mdn,
        };
        let custom = &cx.settings().placeholder_patterns;
        let body = article.body.span;
        let text = article.text(body);
        let double_braces = !(templates.macros || templates.expressions);
        let found = find(text, body.start, custom, double_braces);
        // Most articles have no match: their comments are never looked for.
        let comments = if found.is_empty() {
            Vec::new()
        } else {
            comments(text, body.start)
        };
        let mut fillers: Vec<Span> = Vec::new();
        for (kind, span) in found {
            let found = article.text(span);
            if !leftover(kind, found, span, article, templates)
                || inside(&article.body.code, span.start)
                || inside(&comments, span.start)
                || (kind == Kind::Variable && in_paired_shortcode(text, span.start - body.start))
            {
                continue;
            }
            if kind == Kind::Filler {
                fillers.push(with_filler_name(&article.source, span));
                continue;
            }
            cx.report(span, kind.message(found))
                .label("placeholder")
                .help(kind.help());
        }
        // Filler comes in runs of paragraphs: once per article is enough.
        if let Some(&first) = fillers.first() {
            let mut message = Kind::Filler.message(article.text(first));
            match fillers.len() {
                1 => {}
                2 => message.push_str(" (and 1 more place)"),
                n => message.push_str(&format!(" (and {} more places)", n - 1)),
            }
            cx.report(first, message)
                .label("filler")
                .help(Kind::Filler.help());
        }
        for link in &article.body.links {
            let destination = link.destination.trim();
            if is_token(destination) || matches!(destination, "URL" | "LINK" | "HERE") {
                cx.report(link.span, Kind::Token.message(destination))
                    .label("not a link target")
                    .help(Kind::Token.help());
            }
        }
        if let Some(root) = article
            .front_matter
            .as_ref()
            .and_then(|fm| fm.root.as_ref())
        {
            let templates = Templates {
                expressions: false,
                ..templates
            };
            let values: Vec<(&Value, &str)> = strings(root)
                .into_iter()
                .filter_map(|value| match &value.kind {
                    ValueKind::String(string) => Some((value, string.as_str())),
                    _ => None,
                })
                .collect();
            // All strings searched at once, a line each: a search per value
            // would cost more than the matching.
            let mut joined = String::new();
            let mut starts = Vec::with_capacity(values.len());
            for &(value, string) in &values {
                starts.push(joined.len());
                joined.push_str(string);
                joined.push('\n');
                if is_token(string) {
                    cx.report(value.span, Kind::Token.message(string))
                        .label("not a value")
                        .help(Kind::Token.help());
                }
            }
            for (kind, found) in find(&joined, 0, custom, !templates.macros) {
                let index = starts.partition_point(|&start| start <= found.start) - 1;
                let (value, string) = values[index];
                let (start, end) = (found.start - starts[index], found.end - starts[index]);
                if end > string.len() || is_token(string) {
                    continue;
                }
                // Offsets inside the value are exact when it is written as is.
                let written = article.text(value.span);
                let shift = written.find(string).filter(|_| !string.is_empty());
                let span = match shift {
                    Some(shift) => Span::new(
                        value.span.start + shift + start,
                        value.span.start + shift + end,
                    ),
                    None => value.span,
                };
                let matched = &string[start..end];
                if leftover(kind, matched, span, article, templates) {
                    let span = match (kind, shift) {
                        (Kind::Filler, Some(_)) => with_filler_name(&article.source, span),
                        _ => span,
                    };
                    let shown = if shift.is_some() {
                        article.text(span)
                    } else {
                        matched
                    };
                    cx.report(span, kind.message(shown))
                        .label("placeholder")
                        .help(kind.help());
                }
            }
        }
    }
}

/// Every match of the built-in and configured patterns in `text` (which
/// starts at byte `offset`), with its kind; configured ones count as notes.
fn find(text: &str, offset: usize, custom: &[Regex], double_braces: bool) -> Vec<(Kind, Span)> {
    // Each thread searches with its own copies: a copy shares the compiled
    // patterns and has scratch space of its own, where the regex crate's
    // shared pool of scratch space makes every thread but one take a lock
    // for each search.
    thread_local! {
        static WITH: Vec<(Kind, Regex)> = patterns(true).to_vec();
        static WITHOUT: Vec<(Kind, Regex)> = patterns(false).to_vec();
    }
    let mut found: Vec<(Kind, Span)> = Vec::new();
    let mut search = |patterns: &Vec<(Kind, Regex)>| {
        for (kind, pattern) in patterns {
            for at in pattern.find_iter(text) {
                found.push((*kind, Span::new(offset + at.start(), offset + at.end())));
            }
        }
    };
    if double_braces {
        WITH.with(|patterns| search(patterns));
    } else {
        WITHOUT.with(|patterns| search(patterns));
    }
    for pattern in custom {
        for at in pattern.find_iter(text).filter(|at| !at.is_empty()) {
            found.push((
                Kind::Instruction,
                Span::new(offset + at.start(), offset + at.end()),
            ));
        }
    }
    // Where two kinds match the same text, the first listed (and the
    // longest) wins, once.
    let rank = |kind: &Kind| Kind::ORDER.iter().position(|k| k == kind);
    found.sort_by_key(|(kind, span)| (span.start, rank(kind), std::cmp::Reverse(span.end)));
    let mut kept: Vec<(Kind, Span)> = Vec::new();
    for (kind, span) in found {
        if kept.last().is_none_or(|(_, last)| span.start >= last.end) {
            kept.push((kind, span));
        }
    }
    kept
}

/// Whether a match is a leftover on this site, not something its
/// framework renders or that Markdown makes into a working link.
fn leftover(kind: Kind, found: &str, span: Span, article: &Article, templates: Templates) -> bool {
    match kind {
        Kind::Variable => variable_is_left_over(found, span, article, templates),
        // `[LINK]` with a reference definition is a working link.
        Kind::Token => !article
            .body
            .links
            .iter()
            .any(|l| l.span.start == span.start),
        // `[Add a link to the changelog](https://…)` is link text, and the link works.
        Kind::Instruction if found.starts_with('[') => !article.body.links.iter().any(|link| {
            link.span.start == span.start
                && !link.destination.trim().is_empty()
                && link.destination.trim() != "#"
                && !is_token(&link.destination)
        }),
        _ => true,
    }
}

fn variable_is_left_over(found: &str, span: Span, article: &Article, templates: Templates) -> bool {
    if templates.expressions {
        return false;
    }
    let Some(inner) = found
        .strip_prefix("{{")
        .and_then(|rest| rest.strip_suffix("}}"))
    else {
        // `{PRODUCT_NAME}`, `%TITLE%`: not `${HOME}`, `{{…}`, `\{X}` or `{X}` inside a word.
        let before = article.source[..span.start].chars().next_back();
        let short = found.trim_matches(['{', '}', '%']).len() < 4;
        return !short
            && !before.is_some_and(|c| c == '$' || c == '{' || c == '\\' || c.is_alphanumeric());
    };
    // Hugo shortcodes (`{{< x >}}`, `{{% x %}}`) and Zola shortcodes
    // (`{{ name(arg=1) }}`) are rendered; so are MDN's macros.
    let head = inner.trim_start();
    let name_length = head
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(head.len());
    let call = name_length > 0 && head[name_length..].starts_with('(');
    if templates.macros || call || inner.starts_with(['<', '%']) {
        return false;
    }
    let name = inner.trim();
    if templates.liquid {
        // Liquid renders `page.title`, `site.x | filter`, and whatever the
        // page defines or its front matter holds; a bare unknown name renders
        // as nothing, and that is a leftover.
        let bare = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ');
        return bare
            && !name.contains(' ')
            && name != "content"
            && !(templates.bare_fields && article.field(name).is_some())
            && !defined_in_liquid(&article.source, name);
    }
    !name.is_empty()
}

/// Whether the page defines a Liquid variable: `{% assign name = … %}`,
/// `{% capture name %}`, `{% for name in … %}`, Nunjucks' `{% set name = … %}`.
fn defined_in_liquid(source: &str, name: &str) -> bool {
    source.match_indices("{%").any(|(at, _)| {
        let tag = source[at + 2..].trim_start_matches('-').trim_start();
        let mut words = tag.split_whitespace();
        matches!(
            words.next(),
            Some("assign" | "capture" | "set" | "for" | "increment" | "decrement")
        ) && words
            .next()
            .is_some_and(|defined| defined.trim_end_matches(['=', '%', '}']) == name)
    })
}

/// Whether `at` is between a Hugo shortcode's opening and closing tags
/// (`{{< code-toggle >}} … {{< /code-toggle >}}`): the shortcode gets that
/// text as it is, to show, so template code in it is an example.
fn in_paired_shortcode(text: &str, at: usize) -> bool {
    if !text.contains("{{<") && !text.contains("{{%") {
        return false;
    }
    let mut open: Vec<&str> = Vec::new();
    let before = &text[..at];
    let mut rest = 0;
    while let Some(found) = before[rest..].find("{{").map(|i| rest + i) {
        let tag_start = found + 2;
        let Some(delimiter) = before[tag_start..]
            .chars()
            .next()
            .filter(|c| matches!(c, '<' | '%'))
        else {
            rest = tag_start;
            continue;
        };
        let inner_start = tag_start + delimiter.len_utf8();
        let Some(end) = text[inner_start..].find("}}").map(|i| inner_start + i) else {
            break;
        };
        let inner = text[inner_start..end].trim();
        rest = (end + 2).min(before.len());
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.split_whitespace().next().unwrap_or("");
            if let Some(position) = open.iter().rposition(|open| *open == name) {
                open.truncate(position);
            }
            continue;
        }
        let name = inner.split_whitespace().next().unwrap_or("");
        let self_closing = inner.ends_with('/');
        let closed_later = text[end..].contains(&format!("/{name} "))
            || text[end..].contains(&format!("/{name}>"))
            || text[end..].contains(&format!("/{name}%"));
        if !name.is_empty() && !self_closing && closed_later && end < at {
            open.push(name);
        }
    }
    !open.is_empty()
}

/// `ipsum dolor sit amet` with the word before it: `Bacon ipsum…`.
fn with_filler_name(source: &str, span: Span) -> Span {
    let found = &source[span.start..span.end];
    if !found
        .get(..5)
        .is_some_and(|w| w.eq_ignore_ascii_case("ipsum"))
    {
        return span;
    }
    let before = source[..span.start].strip_suffix(' ').unwrap_or("");
    let word = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(at, _)| at);
    if word < before.len() {
        Span::new(word, span.end)
    } else {
        span
    }
}

/// Whether `offset` is inside one of `spans` (in order, not overlapping).
fn inside(spans: &[Span], offset: usize) -> bool {
    let after = spans.partition_point(|span| span.start <= offset);
    after > 0 && spans[after - 1].end > offset
}

/// The HTML comments of `text` (which starts at byte `offset`); an
/// unclosed one runs to the end.
fn comments(text: &str, offset: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        let close = text[open + 4..]
            .find("-->")
            .map_or(text.len(), |i| open + 4 + i + 3);
        spans.push(Span::new(offset + open, offset + close));
        from = close;
    }
    spans
}

/// Every string value in the front matter, depth first.
fn strings(root: &Value) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut pending = vec![root];
    while let Some(value) = pending.pop() {
        match &value.kind {
            ValueKind::String(_) => out.push(value),
            ValueKind::List(items) => pending.extend(items.iter().rev()),
            ValueKind::Map(entries) => pending.extend(entries.iter().rev().map(|e| &e.value)),
            _ => {}
        }
    }
    out
}

fn shorten(found: &str) -> String {
    const MAX: usize = 60;
    // The private-use characters around a chat citation show as nothing.
    let found: String = found
        .trim()
        .chars()
        .filter(|c| !('\u{e200}'..='\u{e202}').contains(c))
        .collect();
    if found.chars().count() <= MAX {
        return found;
    }
    let cut: String = found.chars().take(MAX).collect();
    format!("{cut}…")
}
