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
};

pub struct PlaceholderText;

/// What kind of leftover a match is, from the pattern's group name.
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
    const ALL: [(Kind, &'static str); 7] = [
        (Kind::Instruction, "instruction"),
        (Kind::Filler, "filler"),
        (Kind::Variable, "variable"),
        (Kind::Token, "token"),
        (Kind::SelfTalk, "selftalk"),
        (Kind::Citation, "citation"),
        (Kind::Tracking, "tracking"),
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
fn patterns() -> &'static Regex {
    static PATTERNS: OnceLock<Regex> = OnceLock::new();
    PATTERNS.get_or_init(|| {
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
        let filler = r"(?i:\b(?:\w+ ipsum,? )?dolor sit amet\b|\blorem ipsum,? dolor\b)";
        // `{{ … }}` (judged by the framework), `{PRODUCT_NAME}`, `%TITLE%`.
        let variable = [
            r"\{\{[^{}\n]{1,80}\}\}",
            r"\{[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*\}",
            r"%(?:[A-Z]+_)*(?:TITLE|NAME|KEYWORD|PRODUCT|BRAND|COMPANY|TOPIC|PLACEHOLDER|CITY|AUTHOR)(?:_[A-Z]+)*%",
        ]
        .join("|");
        // [PRODUCT NAME], [LINK], [INSERT_IMAGE]
        let token = r"\[(?:[A-Z]+[ _])*(?:PLACEHOLDER|NAME|TITLE|KEYWORD|PRODUCT|BRAND|COMPANY|TOPIC|CITY|LINK|URL|IMAGE|INSERT)(?:[ _][A-Z]+)*\]";
        let self_talk = [
            r"as of my (?:last |latest |most recent )?(?:knowledge |training )?(?:update|cutoff|cut-off|training(?: data)?)\b",
            r"\bmy (?:knowledge|training(?: data)?) (?:cutoff|cut-off)\b",
            r"\bas an ai(?: language)? model\b",
            r"\bas an ai assistant\b",
            r"\bas a large language model\b",
            r"\bi(?:['’]m| am) an ai(?: language model| assistant)?,? (?:and|so|i)\b",
            r"\bi (?:do not|don['’]t|cannot|can['’]t) (?:browse|access) (?:the internet|the web|real-time)",
            r"(?m:^)(?:sure|certainly|absolutely|of course)[,!] here(?:['’]s| is| are)\b",
            r"\bhere(?:['’]s| is) (?:a|an|the|your) (?:revised|rewritten|seo[- ]optimi[sz]ed|reworded) (?:version|article|blog post|post|draft)\b",
            r"\bi hope this (?:article|blog post|post|draft) (?:helps|meets|is helpful)\b",
            r"\blet me know if you(?:['’]d| would) like me to\b",
            r"(?m:^)(?:would you like|do you want) me to\b",
            r"\bfeel free to (?:adjust|modify|customi[sz]e|tweak|tailor|edit) (?:this|the) (?:article|blog post|post|draft|content|text|tone)\b",
            r"\bregenerate response\b",
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
        Regex::new(&format!(
            "(?P<token>{token})|(?P<instruction>{instruction})|(?P<filler>{filler})|(?P<variable>{variable})|(?i:(?P<selftalk>{self_talk}))|(?P<citation>{citation})|(?P<tracking>{tracking})"
        ))
        .expect("valid built-in patterns")
    })
}

/// A link target or a field value that is only an ALL-CAPS stand-in.
fn is_token(value: &str) -> bool {
    static TOKEN: OnceLock<Regex> = OnceLock::new();
    TOKEN
        .get_or_init(|| {
            Regex::new(r"^(?:TBD|TODO|PLACEHOLDER|XXX|(?:[A-Z][A-Z0-9]*_)+(?:LINK|URL|HERE|TBD|TODO|PLACEHOLDER|XXX|IMAGE)(?:_[A-Z0-9]+)*|(?:LINK|URL|INSERT|IMAGE|PLACEHOLDER)(?:_[A-Z0-9]+)+)$")
                .expect("valid pattern")
        })
        .is_match(value.trim())
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
        let mut fillers: Vec<Span> = Vec::new();
        for (kind, span) in find(text, body.start, custom) {
            let at = span.start - body.start;
            if in_code(article, span.start)
                || in_comment(text, at)
                || (kind == Kind::Variable && in_paired_shortcode(text, at))
            {
                continue;
            }
            let found = article.text(span);
            if !leftover(kind, found, span, article, templates) {
                continue;
            }
            if kind == Kind::Filler {
                fillers.push(span);
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
            for value in strings(root) {
                let ValueKind::String(string) = &value.kind else {
                    continue;
                };
                if is_token(string) {
                    cx.report(value.span, Kind::Token.message(string))
                        .label("not a value")
                        .help(Kind::Token.help());
                    continue;
                }
                // Offsets inside the value are exact when it is written as is.
                let written = article.text(value.span);
                let shift = written.find(string.as_str()).filter(|_| !string.is_empty());
                for (kind, found) in find(string, 0, custom) {
                    let span = match shift {
                        Some(shift) => Span::new(
                            value.span.start + shift + found.start,
                            value.span.start + shift + found.end,
                        ),
                        None => value.span,
                    };
                    let matched = &string[found.start..found.end];
                    if leftover(kind, matched, span, article, templates) {
                        cx.report(span, kind.message(matched))
                            .label("placeholder")
                            .help(kind.help());
                    }
                }
            }
        }
    }
}

/// Every match of the built-in and configured patterns in `text` (which
/// starts at byte `offset`), with its kind; configured ones count as notes.
fn find(text: &str, offset: usize, custom: &[Regex]) -> Vec<(Kind, Span)> {
    let patterns = patterns();
    let mut found: Vec<(Kind, Span)> = Vec::new();
    for found_at in patterns.captures_iter(text) {
        let Some((kind, group)) = Kind::ALL
            .iter()
            .find_map(|(kind, name)| found_at.name(name).map(|group| (*kind, group)))
        else {
            continue;
        };
        found.push((
            kind,
            Span::new(offset + group.start(), offset + group.end()),
        ));
    }
    for pattern in custom {
        for at in pattern.find_iter(text).filter(|at| !at.is_empty()) {
            found.push((
                Kind::Instruction,
                Span::new(offset + at.start(), offset + at.end()),
            ));
        }
    }
    found.sort_by_key(|(_, span)| (span.start, span.end));
    found
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

fn in_code(article: &Article, offset: usize) -> bool {
    let code = &article.body.code;
    let after = code.partition_point(|span| span.start <= offset);
    after > 0 && code[after - 1].end > offset
}

/// Whether `at` is inside an HTML comment of `text`.
fn in_comment(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before
        .rfind("<!--")
        .is_some_and(|open| !before[open..].contains("-->"))
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
