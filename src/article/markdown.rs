//! The one pulldown-cmark pass over an article's body: headings, links,
//! images and suppression comments, each with its byte span in the file.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::Deadline;
use crate::diagnostic::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    pub level: u8,
    /// The heading's plain text (inline markup and HTML removed), trimmed.
    pub text: String,
    /// `{#id}` when written, else the GitHub-style slug (unique within the article).
    pub id: String,
    /// The heading's first line, without the line ending.
    pub span: Span,
    /// Where the heading's block ends (after a setext underline, too).
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Inline,
    Reference,
    Autolink,
    /// `<a href>` (or `<img src>`) in raw HTML.
    Html,
}

/// How the site's renderer turns heading text into ids.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeadingIds {
    /// GitHub, Astro, Hugo: lower-case, punctuation removed, spaces to `-`.
    #[default]
    Github,
    /// Zola: transliterated to ASCII (emoji become words), lower-case, runs
    /// of other characters to one `-`.
    Zola,
    /// MDN: lower-case, spaces to `_`, most punctuation kept.
    Mdn,
    /// Hugo's goldmark (`autoHeadingIDType = "github"`): letters, digits and
    /// `_` lower-cased, spaces and `-` to `-`; everything else (punctuation
    /// of any script, combining marks) dropped.
    Hugo,
    /// kramdown's GFM parser (Jekyll): as GitHub, after `--`, `---` and
    /// `...` became typographic characters (which are dropped); footnotes
    /// are `fn:label`/`fnref:label`, and an IAL line `{: #id}` sets an id.
    Kramdown,
}

impl HeadingIds {
    pub const NAMES: &'static [&'static str] = &["github", "hugo", "zola", "mdn", "kramdown"];

    pub fn parse(name: &str) -> Option<HeadingIds> {
        match name {
            "github" => Some(HeadingIds::Github),
            "zola" => Some(HeadingIds::Zola),
            "mdn" => Some(HeadingIds::Mdn),
            "kramdown" => Some(HeadingIds::Kramdown),
            "hugo" => Some(HeadingIds::Hugo),
            _ => None,
        }
    }

    /// The ids a footnote gets, by its label: the definition's, or the
    /// reference's. GitHub and remark-gfm (Astro, Docusaurus) prefix
    /// `user-content-`, goldmark (Hugo) numbers them (`fn:1`), kramdown keeps
    /// the label, Zola's pulldown-cmark names the definition by it.
    pub fn footnote_ids(self, label: &str, definition: bool) -> Vec<String> {
        let kind = if definition { "fn" } else { "fnref" };
        match self {
            HeadingIds::Kramdown => vec![format!("{kind}:{label}")],
            HeadingIds::Github => vec![
                format!("user-content-{kind}-{}", label.to_lowercase()),
                format!("{kind}:{label}"),
            ],
            // goldmark numbers them in order; a numeric label is its number.
            HeadingIds::Hugo => vec![format!("{kind}:{label}")],
            HeadingIds::Zola if definition => vec![label.to_string()],
            HeadingIds::Zola | HeadingIds::Mdn => Vec::new(),
        }
    }

    pub fn slug(self, text: &str) -> String {
        match self {
            HeadingIds::Github => github_slug(text),
            HeadingIds::Hugo => text
                .trim()
                .chars()
                .filter_map(|c| match c {
                    '-' => Some('-'),
                    c if c.is_whitespace() => Some('-'),
                    c if c == '_' || c.is_alphabetic() || c.is_numeric() => {
                        Some(c.to_lowercase().next().unwrap_or(c))
                    }
                    _ => None,
                })
                .collect(),
            HeadingIds::Kramdown => {
                github_slug(&text.replace("---", "").replace("--", "").replace("...", ""))
            }
            HeadingIds::Zola => crate::site::permalink::slugify(&deunicode::deunicode(text)),
            HeadingIds::Mdn => {
                let text = strip_macros(text);
                let mut id = String::with_capacity(text.len());
                for c in text.trim().chars() {
                    match c {
                        '"' | '\'' | '?' | '!' | ',' | '#' | '`' | '<' | '>' | '\\' => {}
                        c if c.is_whitespace() => id.push('_'),
                        c if c.is_ascii() => id.push(c.to_ascii_lowercase()),
                        c => id.extend(c.to_lowercase()),
                    }
                }
                id
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub destination: String,
    pub kind: LinkKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub source: String,
    pub alt: String,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SuppressionKind {
    NextLine,
    Disable,
    Enable,
}

/// A `proofmark-disable…` comment. `rules` empty means every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    pub kind: SuppressionKind,
    pub rules: Vec<(String, Span)>,
    pub span: Span,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body {
    /// The body's bytes in the file: after the front matter, up to the
    /// end (or a wrapping fence's closing line).
    pub span: Span,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    pub images: Vec<Image>,
    pub suppressions: Vec<Suppression>,
    /// Anchors that raw HTML defines: `id="…"` and `<a name="…">`.
    pub html_ids: Vec<String>,
    /// A heading is written with template code the id style cannot render
    /// (`{{ skin.name }}`, `{% if %}`, a shortcode): its id is unknown.
    pub templated_headings: bool,
    /// The last thing a reader sees; `None` for an empty body.
    pub ending: Option<Ending>,
    /// Code blocks and inline code, in order: text that is shown as written
    /// and is not prose.
    pub code: Vec<Span>,
    /// Words of prose (paragraphs, lists, headings, tables, quotes; not
    /// code, HTML, image alt text or MDX `import`/`export` lines), each
    /// CJK character one word.
    pub prose_words: usize,
    /// The prose's near-duplicate sketch (when asked for, and the body has
    /// five words or more).
    pub fingerprint: Option<super::fingerprint::Fingerprint>,
}

impl Body {
    /// The ids the body defines: its headings' and its raw HTML's.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(self.html_ids.iter().map(String::as_str))
    }
}

/// What kind of block the body ends with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EndKind {
    #[default]
    Paragraph,
    Heading,
    ListItem,
    Code,
    Table,
    Html,
    Rule,
    /// A footnote definition.
    Footnote,
}

/// The body's last block, as `truncated-article` reads it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ending {
    pub kind: EndKind,
    /// The block's span (from its start to the end of the body's last event).
    pub span: Span,
    /// For prose (paragraph, heading, list item): its text as rendered,
    /// inline markup removed; unmatched `**` and `[` stay, as the reader sees them.
    pub text: String,
    /// The last piece of text, for the finding's position.
    pub last_text: Option<Span>,
    /// The prose has no word outside links and images.
    pub only_links: bool,
    /// The prose ends with inline HTML, inline code, a footnote reference
    /// or a link.
    pub ends_with_markup: bool,
    /// For a list item: how many other items its list has, and how many of
    /// them end the way a sentence does.
    pub siblings: usize,
    pub siblings_ending_sentences: usize,
    /// How many other paragraphs the body has, and how many of them end
    /// the way a sentence does: how this writer ends a paragraph.
    pub other_paragraphs: usize,
    pub other_paragraphs_ending_sentences: usize,
}

fn options(definition_lists: bool) -> Options {
    let definition_lists = if definition_lists {
        Options::ENABLE_DEFINITION_LIST
    } else {
        Options::empty()
    };
    definition_lists
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// MDX is Markdown inside JSX: a line holding only JSX tags (`<Tabs>`,
/// `</Fragment>`, `<Aside type="tip">`, spanning lines or not) is blanked
/// so that the Markdown between the tags parses as MDX reads it, not as
/// the inside of one HTML block. Same length, so offsets stay exact.
pub fn mask_jsx_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut in_fence: Option<(char, usize)> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some((marker, length)) = in_fence {
            let closes = trimmed.len() >= length && trimmed.chars().all(|c| c == marker);
            if closes {
                in_fence = None;
                push_unindented(&mut out, line);
            } else {
                out.push_str(line);
            }
            continue;
        }
        // Only components (`<Tabs>`, `</Tabs>`) and fragments: a lower-case
        // `</pre>` ends an HTML block, and blanking it would let that block
        // swallow the rest of the file.
        let component = |rest: &str| rest.starts_with(|c: char| c.is_ascii_uppercase());
        let starts_tag = trimmed.starts_with("<>")
            || trimmed.starts_with("</>")
            || trimmed.strip_prefix("</").is_some_and(component)
            || trimmed.strip_prefix('<').is_some_and(component);
        if in_tag || starts_tag {
            in_tag = !trimmed.ends_with('>');
            for c in line.chars() {
                match c {
                    '\n' | '\r' => out.push(c),
                    // As many spaces as the character has bytes.
                    _ => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
                }
            }
            continue;
        }
        let fence = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(marker) = fence {
            let length = trimmed.chars().take_while(|c| *c == marker).count();
            if length >= 3 {
                in_fence = Some((marker, length));
                push_unindented(&mut out, line);
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// MDX has no indented code, so a fence line indented by four or more
/// (common inside JSX) is still a fence: its indentation moves to the end
/// of the line, keeping the length and so every later offset.
fn push_unindented(out: &mut String, line: &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    let content = body.trim_start();
    out.push_str(content);
    out.push_str(&body[..body.len() - content.len()]);
    out.push_str(ending);
}

/// Scans `text`, which starts at byte `offset` of the file.
/// With `term_ids`, definition-list terms get ids like headings (Hugo's
/// `autoDefinitionTermID`). Stops early, with an incomplete body, once
/// `deadline` passes.
pub fn scan(
    text: &str,
    offset: usize,
    mdx: bool,
    parse: super::ParseOptions,
    deadline: &Deadline,
) -> Body {
    let super::ParseOptions {
        heading_ids: ids,
        definition_term_ids: term_ids,
        count_words,
        fingerprint,
    } = parse;
    let mut body = Body {
        span: Span::new(offset, offset + text.len()),
        ..Body::default()
    };
    if deadline.passed() {
        return body;
    }
    let mut heading: Option<(u8, Option<String>, usize, String)> = None;
    let mut term: Option<(usize, String)> = None;
    let mut terms: Vec<(usize, String)> = Vec::new();
    // MDN writes definition lists as `- term` with a nested `- : definition`.
    let mut items: Vec<ListItem> = Vec::new();
    let mut image: Option<(String, usize, String)> = None;
    let mut esm_paragraph = false;
    // Docusaurus renders a ```mdx-code-block fence as MDX, not as code.
    let mut mdx_code_block = false;
    let mut in_code_block = false;
    let mut depth = 0usize;
    let mut ending = EndingTracker::default();
    let mut shingler = fingerprint.then(super::fingerprint::Shingler::default);

    // The block structure is parsed here, at once; inlines as events are read.
    let events = Parser::new_ext(text, options(term_ids)).into_offset_iter();
    if deadline.check() {
        return body;
    }
    for (event, range) in events {
        if deadline.tick() {
            return body;
        }
        let span = Span::new(range.start + offset, range.end + offset);
        ending.event(&event, span);
        if let Event::Code(_) = &event {
            body.code.push(span);
        }
        // Inline code is not prose (`npm install` is no two words of text).
        let is_text = matches!(event, Event::Text(_));
        match event {
            Event::Start(tag) => {
                if depth == 0 && mdx && matches!(tag, Tag::Paragraph) {
                    let line = &text[range.start..];
                    esm_paragraph = line.starts_with("import ") || line.starts_with("export ");
                }
                depth += 1;
                match tag {
                    Tag::FootnoteDefinition(label) => {
                        body.html_ids.extend(ids.footnote_ids(&label, true));
                    }
                    Tag::Heading { level, id, .. } => {
                        heading = Some((
                            heading_level(level),
                            id.map(|id| id.to_string()),
                            range.start,
                            String::new(),
                        ));
                    }
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } if !esm_paragraph => {
                        // `<user@example.com>` is a mail link, whatever its text.
                        let destination = match link_type {
                            LinkType::Email if !dest_url.starts_with("mailto:") => {
                                format!("mailto:{dest_url}")
                            }
                            _ => dest_url.to_string(),
                        };
                        body.links.push(Link {
                            destination,
                            kind: link_kind(link_type),
                            span,
                        });
                    }
                    Tag::Image { dest_url, .. } if !esm_paragraph => {
                        image = Some((dest_url.to_string(), range.start, String::new()));
                    }
                    Tag::CodeBlock(kind) => {
                        in_code_block = true;
                        mdx_code_block = matches!(&kind, CodeBlockKind::Fenced(info)
                            if info.split_whitespace().next() == Some("mdx-code-block"));
                        if !mdx_code_block {
                            body.code.push(span);
                        }
                    }
                    Tag::DefinitionListTitle => term = Some((span.start, String::new())),
                    Tag::Item if term_ids => items.push(ListItem {
                        start: span.start,
                        text: String::new(),
                        collecting: true,
                        is_term: false,
                    }),
                    Tag::List(_) if term_ids => {
                        if let Some(item) = items.last_mut() {
                            item.collecting = false;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                match tag {
                    TagEnd::Heading(_) => {
                        if let Some((level, id, start, text_so_far)) = heading.take() {
                            let line_end = text[start..]
                                .find(['\n', '\r'])
                                .map_or(range.end, |at| start + at);
                            body.headings.push(Heading {
                                level,
                                text: text_so_far.trim().to_string(),
                                id: id.unwrap_or_default(),
                                span: Span::new(start + offset, line_end.max(start) + offset),
                                end: range.end + offset,
                            });
                        }
                    }
                    TagEnd::Image => {
                        if let Some((source, start, alt)) = image.take() {
                            body.images.push(Image {
                                source,
                                alt,
                                span: Span::new(start + offset, range.end + offset),
                            });
                        }
                    }
                    TagEnd::Paragraph if depth == 0 => esm_paragraph = false,
                    TagEnd::CodeBlock => {
                        in_code_block = false;
                        mdx_code_block = false;
                    }
                    TagEnd::DefinitionListTitle => terms.extend(term.take()),
                    TagEnd::Item if term_ids => {
                        if let Some(item) = items.pop().filter(|item| item.is_term) {
                            terms.push((item.start, item.text.trim().to_string()));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(content) | Event::Code(content) => {
                if mdx_code_block {
                    scan_html(&content, span, false, &mut body);
                }
                let is_prose = is_text && !in_code_block && !esm_paragraph && image.is_none();
                if is_prose && count_words {
                    body.prose_words += super::prose::word_count(&content);
                }
                // The sketch takes all the text the page shows, code too.
                if let Some(shingler) = shingler.as_mut() {
                    if !esm_paragraph && image.is_none() {
                        shingler.feed(&content);
                    }
                }
                if let Some((.., text_so_far)) = heading.as_mut() {
                    text_so_far.push_str(&content);
                }
                if let Some((_, text_so_far)) = term.as_mut() {
                    text_so_far.push_str(&content);
                }
                let nested = items.len() > 1;
                if let Some(item) = items.last_mut() {
                    if item.collecting && item.text.is_empty() && content.starts_with(':') && nested
                    {
                        // `- : definition` under an item: that item is a term.
                        item.collecting = false;
                        let parent = items.len() - 2;
                        items[parent].is_term = true;
                    } else if item.collecting {
                        item.text.push_str(&content);
                    }
                }
                if let Some((.., alt)) = image.as_mut() {
                    alt.push_str(&content);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((.., text_so_far)) = heading.as_mut() {
                    text_so_far.push(' ');
                }
            }
            Event::FootnoteReference(label) => {
                body.html_ids.extend(ids.footnote_ids(&label, false));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // Offsets inside the HTML are exact only when it is the source text itself
                // (not so inside block quotes and list items, whose markers are stripped).
                let exact = text.get(range.clone()) == Some(&*html);
                scan_comments(&html, span.start, &mut body.suppressions);
                if !esm_paragraph {
                    scan_html(&html, span, exact, &mut body);
                    if let Some(shingler) = shingler.as_mut() {
                        shingler.feed_html(&html);
                    }
                }
            }
            _ => {}
        }
    }
    body.ending = ending.finish();
    body.fingerprint = shingler.and_then(super::fingerprint::Shingler::finish);
    // Every article is kept until the run ends.
    body.code.shrink_to_fit();
    let term_ids = assign_ids(&mut body.headings, &terms, ids);
    body.html_ids.extend(term_ids);
    // MDN's id style renders its `{{macro}}` calls; nothing renders the others.
    body.templated_headings = body.headings.iter().any(|heading| {
        heading.text.contains("{%") || (heading.text.contains("{{") && ids != HeadingIds::Mdn)
    });
    if ids == HeadingIds::Kramdown && text.contains("{:") {
        body.html_ids.extend(ial_ids(text));
    }
    body
}

/// Follows the blocks as they come and keeps the last one's shape.
#[derive(Default)]
struct EndingTracker {
    current: Option<Ending>,
    /// Open lists: (items so far, items ending like sentences).
    lists: Vec<(usize, usize)>,
    /// Counted when the list holding the last item closed.
    last_list: Option<(usize, usize, usize)>,
    items_open: usize,
    links_open: usize,
    images_open: usize,
    /// Bumped at every new block, to tell which list the last item is in.
    serial: usize,
    in_code_block: bool,
    /// Paragraphs outside lists so far, and those ending like sentences.
    paragraphs: (usize, usize),
    /// Inside an HTML block that has shown nothing yet.
    html_block: bool,
}

impl EndingTracker {
    fn start(&mut self, kind: EndKind, span: Span) {
        self.serial += 1;
        let mut text = self.current.take().map(|e| e.text).unwrap_or_default();
        text.clear();
        self.current = Some(Ending {
            kind,
            span,
            text,
            only_links: true,
            ..Ending::default()
        });
    }

    fn prose(&mut self) -> Option<&mut Ending> {
        self.current.as_mut().filter(|e| {
            matches!(
                e.kind,
                EndKind::Paragraph | EndKind::Heading | EndKind::ListItem
            )
        })
    }

    fn event(&mut self, event: &Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph if self.items_open > 0 => self.start(EndKind::ListItem, span),
                Tag::Paragraph | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                    self.start(EndKind::Paragraph, span)
                }
                Tag::Heading { .. } => self.start(EndKind::Heading, span),
                Tag::Item => {
                    self.items_open += 1;
                    self.start(EndKind::ListItem, span);
                }
                Tag::List(_) => self.lists.push((0, 0)),
                Tag::CodeBlock(_) => {
                    self.in_code_block = true;
                    self.start(EndKind::Code, span);
                }
                Tag::Table(_) => self.start(EndKind::Table, span),
                // Only an HTML block that shows something: a comment is unseen.
                Tag::HtmlBlock => self.html_block = true,
                Tag::FootnoteDefinition(_) => self.start(EndKind::Footnote, span),
                Tag::Link { .. } => self.links_open += 1,
                Tag::Image { .. } => self.images_open += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Item => {
                    self.items_open = self.items_open.saturating_sub(1);
                    let sentence = self
                        .current
                        .as_ref()
                        .is_some_and(|e| super::prose::ends_like_sentence(&e.text));
                    if let Some(list) = self.lists.last_mut() {
                        list.0 += 1;
                        list.1 += usize::from(sentence);
                    }
                }
                TagEnd::List(_) => {
                    if let Some((items, sentences)) = self.lists.pop() {
                        // An outer list closing after the inner one that holds
                        // the last item does not replace its count.
                        if self
                            .last_list
                            .is_none_or(|(_, _, serial)| serial != self.serial)
                        {
                            self.last_list = Some((items, sentences, self.serial));
                        }
                    }
                }
                TagEnd::Paragraph if self.items_open == 0 => {
                    if let Some(ending) = self.current.as_ref() {
                        self.paragraphs.0 += 1;
                        self.paragraphs.1 +=
                            usize::from(super::prose::ends_like_sentence(&ending.text));
                    }
                }
                TagEnd::CodeBlock => self.in_code_block = false,
                TagEnd::HtmlBlock => self.html_block = false,
                TagEnd::Link => {
                    self.links_open = self.links_open.saturating_sub(1);
                    if let Some(ending) = self.prose() {
                        ending.ends_with_markup = true;
                    }
                }
                TagEnd::Image => self.images_open = self.images_open.saturating_sub(1),
                _ => {}
            },
            Event::Text(text) => {
                if self.in_code_block {
                    return;
                }
                let (links, images) = (self.links_open, self.images_open);
                if let Some(ending) = self.prose() {
                    if images == 0 {
                        ending.text.push_str(text);
                        ending.last_text = Some(span);
                        // `)` after a link (`(see [#12](…))`) still ends with the link.
                        if !text
                            .trim()
                            .trim_start_matches(super::prose::CLOSERS)
                            .is_empty()
                        {
                            ending.ends_with_markup = false;
                        }
                    }
                    // Punctuation between links (`[a](x), [b](y),`) is no word.
                    if ending.only_links
                        && links == 0
                        && images == 0
                        && text.chars().any(char::is_alphanumeric)
                    {
                        ending.only_links = false;
                    }
                }
            }
            Event::Code(code) => {
                let links = self.links_open;
                if let Some(ending) = self.prose() {
                    ending.text.push_str(code);
                    ending.last_text = Some(span);
                    ending.ends_with_markup = true;
                    if links == 0 {
                        ending.only_links = false;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(ending) = self.prose() {
                    ending.text.push(' ');
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                let comment = html.trim_start().starts_with("<!--");
                if self.html_block && !comment && !html.trim().is_empty() {
                    self.html_block = false;
                    self.start(EndKind::Html, span);
                    return;
                }
                if let Some(ending) = self.prose() {
                    if !comment && !html.trim().is_empty() {
                        ending.ends_with_markup = true;
                    }
                }
            }
            Event::FootnoteReference(_) => {
                if let Some(ending) = self.prose() {
                    ending.ends_with_markup = true;
                }
            }
            Event::Rule => self.start(EndKind::Rule, span),
            _ => {}
        }
        if let Some(ending) = self.current.as_mut() {
            ending.span.end = ending.span.end.max(span.end);
        }
    }

    fn finish(mut self) -> Option<Ending> {
        if let Some(ending) = self.current.as_mut() {
            let (mut count, mut sentences) = self.paragraphs;
            if ending.kind == EndKind::Paragraph && count > 0 {
                count -= 1;
                sentences = sentences
                    .saturating_sub(usize::from(super::prose::ends_like_sentence(&ending.text)));
            }
            ending.other_paragraphs = count;
            ending.other_paragraphs_ending_sentences = sentences.min(count);
            if ending.kind == EndKind::ListItem {
                if let Some((items, sentences, serial)) = self.last_list {
                    if serial == self.serial {
                        let last = usize::from(super::prose::ends_like_sentence(&ending.text));
                        ending.siblings = items.saturating_sub(1);
                        ending.siblings_ending_sentences = sentences.saturating_sub(last);
                    }
                }
            }
            // The buffer was reused for every block: keep only the last one's text.
            ending.text.shrink_to_fit();
        }
        self.current
    }
}

/// The ids of kramdown's block IALs: a line `{: #id .class}` gives the
/// block before it (a heading, a paragraph) the id.
fn ial_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let inner = line.trim().strip_prefix("{:")?.strip_suffix('}')?;
            inner
                .split_whitespace()
                .find_map(|part| part.strip_prefix('#'))
                .filter(|id| !id.is_empty())
                .map(str::to_string)
        })
        .collect()
}

struct ListItem {
    start: usize,
    text: String,
    /// Still in the item's own text (not in a nested list).
    collecting: bool,
    is_term: bool,
}

/// Raw HTML: `<a href>`, `<img src alt>`, and the anchors it defines.
fn scan_html(html: &str, span: Span, exact: bool, body: &mut Body) {
    use std::sync::OnceLock;
    // Only an attribute with a value makes an id, a link or an image, and
    // most HTML in Markdown is a bare tag (`<br>`, `</code>`).
    if !html.contains('=') {
        return;
    }
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    static ATTRIBUTE: OnceLock<regex::Regex> = OnceLock::new();
    // Compiled once; each thread searches with its own copy (scratch space
    // of its own, no lock per search).
    thread_local! {
        static PATTERNS: (regex::Regex, regex::Regex) = (
            TAG.get_or_init(|| {
                regex::Regex::new(r"(?s)<!--.*?-->|<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^>]*?)?)/?>")
                    .expect("valid regex")
            })
            .clone(),
            ATTRIBUTE.get_or_init(|| {
                regex::Regex::new(r#"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
                    .expect("valid regex")
            })
            .clone(),
        );
    }
    PATTERNS.with(|(tag, attribute)| scan_tags(html, span, exact, body, tag, attribute));
}

/// [`scan_html`] with the patterns of this thread.
fn scan_tags(
    html: &str,
    span: Span,
    exact: bool,
    body: &mut Body,
    tag: &regex::Regex,
    attribute: &regex::Regex,
) {
    for found in tag.captures_iter(html) {
        let (Some(name), Some(attributes)) = (found.get(1), found.get(2)) else {
            continue; // a comment
        };
        let name = name.as_str().to_ascii_lowercase();
        let mut href = None;
        let mut alt = None;
        for attr in attribute.captures_iter(attributes.as_str()) {
            let key = attr[1].to_ascii_lowercase();
            let Some(value) = attr.get(2).or_else(|| attr.get(3)) else {
                continue;
            };
            let text = decode_character_references(value.as_str());
            let value_span = if exact {
                let start = span.start + attributes.start() + value.start();
                Span::new(start, start + value.len())
            } else {
                span
            };
            match (name.as_str(), key.as_str()) {
                (_, "id") | ("a", "name") => body.html_ids.push(text),
                ("a", "href") | ("img", "src") => href = Some((text, value_span)),
                ("img", "alt") => alt = Some(text),
                _ => {}
            }
        }
        match (name.as_str(), href) {
            ("a", Some((destination, span))) => body.links.push(Link {
                destination,
                kind: LinkKind::Html,
                span,
            }),
            ("img", Some((source, span))) => body.images.push(Image {
                source,
                alt: alt.unwrap_or_default(),
                span,
            }),
            _ => {}
        }
    }
}

/// An attribute value as the browser reads it: `&#x2F;`, `&#47;` and the
/// common named references (`&amp;`, `&quot;`…) decoded; an unknown or
/// unterminated reference stays as written, as HTML leaves it.
fn decode_character_references(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest[1..]
            .find(';')
            .filter(|&end| end <= 32)
            .and_then(|end| {
                let name = &rest[1..1 + end];
                let character = match name.strip_prefix('#') {
                    Some(number) => match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => number.parse::<u32>().ok(),
                    }
                    .and_then(char::from_u32),
                    None => match name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        "nbsp" => Some('\u{a0}'),
                        _ => None,
                    },
                };
                character.map(|c| (c, end + 2))
            });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn link_kind(link_type: LinkType) -> LinkKind {
    match link_type {
        LinkType::Autolink | LinkType::Email => LinkKind::Autolink,
        LinkType::Inline => LinkKind::Inline,
        _ => LinkKind::Reference,
    }
}

/// Finds `<!-- proofmark-… -->` comments in a piece of raw HTML at `offset`.
pub fn scan_comments(html: &str, offset: usize, out: &mut Vec<Suppression>) {
    let mut rest = 0;
    while let Some(open) = html[rest..].find("<!--") {
        let start = rest + open;
        let Some(close) = html[start + 4..].find("-->") else {
            return;
        };
        let end = start + 4 + close + 3;
        let inner_start = start + 4;
        let inner = &html[inner_start..end - 3];
        if let Some(suppression) = parse_directive(inner, inner_start + offset) {
            out.push(Suppression {
                span: Span::new(start + offset, end + offset),
                ..suppression
            });
        }
        rest = end;
    }
}

/// Parses `proofmark-disable-next-line a, b` (the text of a comment) at `offset`.
pub fn parse_directive(inner: &str, offset: usize) -> Option<Suppression> {
    let trimmed = inner.trim_start();
    let lead = inner.len() - trimmed.len();
    let (kind, word) = [
        (SuppressionKind::NextLine, "proofmark-disable-next-line"),
        (SuppressionKind::Disable, "proofmark-disable"),
        (SuppressionKind::Enable, "proofmark-enable"),
    ]
    .into_iter()
    .find(|(_, word)| {
        trimmed.starts_with(word)
            && trimmed[word.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace())
    })?;
    let mut rules = Vec::new();
    let list_start = lead + word.len();
    let list = &inner[list_start..];
    let mut at = 0;
    for piece in list.split([',', ' ', '\t', '\n', '\r']) {
        if !piece.is_empty() {
            let start = offset + list_start + at;
            rules.push((piece.to_string(), Span::new(start, start + piece.len())));
        }
        at += piece.len() + 1;
    }
    Some(Suppression {
        kind,
        rules,
        span: Span::new(offset + lead, offset + list_start + list.trim_end().len()),
    })
}

/// Ids in the renderer's style, with `-1`, `-2`… for repeats; an explicit
/// `{#id}` wins. Headings and definition terms (at their offsets) share one
/// counter, in document order, as in Hugo. Returns the terms' ids.
fn assign_ids(
    headings: &mut [Heading],
    terms: &[(usize, String)],
    style: HeadingIds,
) -> Vec<String> {
    // As github-slugger (and goldmark, Zola): a repeat takes the next
    // suffix that no id has yet, so `A`, `A-1`, `A` give `a`, `a-1`, `a-2`.
    let mut occurrences = crate::site::fast_hash::FastMap::<String, usize>::default();
    let mut unique = |base: String| {
        if !occurrences.contains_key(&base) {
            occurrences.insert(base.clone(), 0);
            return base;
        }
        let mut id = base.clone();
        while occurrences.contains_key(&id) {
            let count = occurrences.entry(base.clone()).or_insert(0);
            *count += 1;
            id = match style {
                // MDN numbers repeats from 2: `syntax`, `syntax_2`.
                HeadingIds::Mdn => format!("{base}_{}", *count + 1),
                _ => format!("{base}-{count}"),
            };
        }
        occurrences.insert(id.clone(), 0);
        id
    };
    let mut term_ids = Vec::with_capacity(terms.len());
    let mut next_term = terms.iter().peekable();
    for heading in headings.iter_mut() {
        while let Some((_, text)) = next_term.next_if(|(at, _)| *at < heading.span.start) {
            term_ids.push(unique(style.slug(text)));
        }
        let base = if heading.id.is_empty() {
            style.slug(&heading.text)
        } else {
            std::mem::take(&mut heading.id)
        };
        heading.id = unique(base);
    }
    for (_, text) in next_term {
        term_ids.push(unique(style.slug(text)));
    }
    term_ids
}

/// `{{macro(…)}}` calls as MDN renders them into text: cross-reference
/// macros (`{{cssxref("length")}}`) become their first argument, badges
/// (`{{optional_inline}}`) disappear.
fn strip_macros(text: &str) -> String {
    if !text.contains('{') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find("}}") else {
            rest = &rest[open..];
            break;
        };
        let call = rest[open + 2..open + close].trim();
        let name = call
            .split('(')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let is_reference = name.ends_with("xref")
            || matches!(
                name.as_str(),
                "htmlelement"
                    | "httpheader"
                    | "httpmethod"
                    | "svgattr"
                    | "svgelement"
                    | "glossary"
                    | "mathmlelement"
            );
        if is_reference {
            if let Some(argument) = call.split(['"', '\'']).nth(1) {
                out.push_str(argument);
            }
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

pub fn github_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            slug.push('-');
        } else if is_slug_char(c) {
            slug.push(c.to_lowercase().next().unwrap_or(c));
        }
    }
    slug
}

/// What github-slugger keeps: letters, digits, marks (Devanagari vowel
/// signs and viramas, accents), `-` and `_`; it drops punctuation, symbols
/// and emoji.
fn is_slug_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '-' || c == '_';
    }
    if c.is_alphanumeric() {
        return true;
    }
    let code = u32::from(c);
    let dropped = matches!(code,
        0x80..=0xBF | 0xD7 | 0xF7
        | 0x2000..=0x206F   // general punctuation, zero-width joiners
        | 0x2190..=0x2BFF   // arrows, maths, technical, shapes, dingbats
        | 0x2E00..=0x2E7F   // supplemental punctuation
        | 0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x303D..=0x303F
        | 0xFE00..=0xFE0F   // variation selectors
        | 0xFE30..=0xFE4F | 0xFE50..=0xFE6F
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x1F000..=0x1FAFF // emoji and pictographs
        | 0xE0000..=0xE007F);
    !dropped && !c.is_whitespace() && !c.is_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scans with no time bound.
    fn every_option(ids: HeadingIds, term_ids: bool) -> crate::article::ParseOptions {
        crate::article::ParseOptions {
            heading_ids: ids,
            definition_term_ids: term_ids,
            count_words: true,
            fingerprint: true,
        }
    }

    fn unbounded(text: &str, offset: usize, mdx: bool, ids: HeadingIds, term_ids: bool) -> Body {
        scan(
            text,
            offset,
            mdx,
            every_option(ids, term_ids),
            &Deadline::none(),
        )
    }

    #[test]
    fn headings_links_and_images_carry_file_spans() {
        let text = "## Hello *world* <!-- x -->\n\nSee [a](/a) and ![dog](d.png).\n\n```\n[no](/code)\n```\n";
        let body = unbounded(text, 100, false, HeadingIds::Github, false);
        assert_eq!(body.headings.len(), 1);
        let heading = &body.headings[0];
        assert_eq!((heading.level, heading.text.as_str()), (2, "Hello world"));
        assert_eq!(heading.id, "hello-world");
        assert_eq!(heading.span, Span::new(100, 127));
        assert_eq!(body.links.len(), 1);
        let link = &body.links[0];
        assert_eq!(&text[link.span.start - 100..link.span.end - 100], "[a](/a)");
        assert_eq!(body.images[0].alt, "dog");
        assert_eq!(body.images[0].source, "d.png");
    }

    #[test]
    fn explicit_ids_win_and_repeats_get_suffixes() {
        let body = unbounded(
            "# A {#top}\n\n## B\n\n## B\n",
            0,
            false,
            HeadingIds::Github,
            false,
        );
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["top", "b", "b-1"]);
    }

    #[test]
    fn a_repeated_heading_skips_the_suffixes_other_headings_hold() {
        let body = unbounded(
            "## A\n\n## A-1\n\n## A\n\n## A\n",
            0,
            false,
            HeadingIds::Github,
            false,
        );
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
        let mdn = unbounded(
            "## Syntax\n\n## Syntax\n\n## Syntax\n",
            0,
            false,
            HeadingIds::Mdn,
            false,
        );
        let ids: Vec<_> = mdn.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["syntax", "syntax_2", "syntax_3"]);
    }

    #[test]
    fn hugo_ids_keep_letters_and_digits_of_any_script_only() {
        assert_eq!(HeadingIds::Hugo.slug("این چیست؟"), "این-چیست");
        assert_eq!(HeadingIds::Github.slug("این چیست؟"), "این-چیست؟");
        assert_eq!(
            HeadingIds::Hugo.slug("What's new in 1.2?"),
            "whats-new-in-12"
        );
        assert_eq!(
            HeadingIds::Hugo.slug("snake_case -- dash"),
            "snake_case----dash"
        );
    }

    #[test]
    fn kramdown_ids_footnotes_and_attribute_lists() {
        let text = "## Ordered -- Unordered -- Ordered\n\n## Wait...\n\nSee[^note].\n\n[^note]: A note.\n\n## Named\n{: #custom .wide}\n\n## The {{ page.title }}\n";
        let body = unbounded(text, 0, false, HeadingIds::Kramdown, false);
        let ids: Vec<_> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids[..3], ["ordered--unordered--ordered", "wait", "named"]);
        for id in ["fnref:note", "fn:note", "custom"] {
            assert!(
                body.html_ids.iter().any(|known| known == id),
                "{id}: {:?}",
                body.html_ids
            );
        }
        assert!(body.templated_headings);
        let github = unbounded(text, 0, false, HeadingIds::Github, false);
        assert_eq!(github.headings[0].id, "ordered----unordered----ordered");
        assert!(github
            .html_ids
            .iter()
            .any(|id| id == "user-content-fn-note"));
        assert!(!github.html_ids.iter().any(|id| id == "custom"));
        let mdn = unbounded(
            "## The {{domxref(\"Node\")}} interface\n",
            0,
            false,
            HeadingIds::Mdn,
            false,
        );
        assert!(!mdn.templated_headings);
    }

    #[test]
    fn an_mdx_code_block_is_rendered_but_a_code_block_is_not() {
        let text =
            "```mdx-code-block\n<details id=\"env\">\n```\n\n```html\n<a id=\"code\"></a>\n```\n";
        let body = unbounded(text, 0, false, HeadingIds::Github, false);
        assert_eq!(body.html_ids, ["env"]);
    }

    #[test]
    fn attribute_values_are_read_with_their_character_references_decoded() {
        let text = "<img src=\"https:&#x2F;&#x2F;github.com&#47;a.png\" alt=\"Tom &amp; Jerry\">\n\n<a href=\"/x?a=1&amp;b=2&zz;\">x</a>\n";
        let body = unbounded(text, 0, false, HeadingIds::Github, false);
        assert_eq!(body.images[0].source, "https://github.com/a.png");
        assert_eq!(body.images[0].alt, "Tom & Jerry");
        assert_eq!(body.links[0].destination, "/x?a=1&b=2&zz;");
    }

    #[test]
    fn raw_html_links_images_and_anchors_are_found() {
        let text = "<a id=\"top\"></a>\n\nSee <a href=\"/x\">x</a> and <img src='/i.png' alt=\"\">.\n\n<!-- <a href=\"/hidden\"> -->\n";
        let body = unbounded(text, 0, false, HeadingIds::Github, false);
        assert_eq!(body.html_ids, ["top"]);
        assert_eq!(body.links.len(), 1);
        assert_eq!(
            &text[body.links[0].span.start..body.links[0].span.end],
            "/x"
        );
        assert_eq!(body.images[0].source, "/i.png");
        assert_eq!(body.images[0].alt, "");
    }

    #[test]
    fn definition_terms_get_ids_when_asked() {
        let text = "`renderer.unsafe`\n: Whether to render raw HTML.\n";
        assert_eq!(
            unbounded(text, 0, false, HeadingIds::Github, true).html_ids,
            ["rendererunsafe"]
        );
        let shared = unbounded(
            "## Options\n\nOptions\n: a term\n",
            0,
            false,
            HeadingIds::Github,
            true,
        );
        assert_eq!(shared.headings[0].id, "options");
        assert_eq!(shared.html_ids, ["options-1"]);
        assert!(unbounded(text, 0, false, HeadingIds::Github, false)
            .html_ids
            .is_empty());
    }

    #[test]
    fn mdn_definition_lists_define_term_ids() {
        let text = "## Attribute\n\n- `pattern` {{optional_inline}}\n  - : The regular expression.\n- `value`\n  - : The value.\n\n## Attribute\n";
        let body = unbounded(text, 0, false, HeadingIds::Mdn, true);
        assert_eq!(body.html_ids, ["pattern", "value"]);
        let macros = unbounded(
            "- {{cssxref(\"length\")}}\n  - : A length.\n- \\<angle>\n  - : An angle.\n",
            0,
            false,
            HeadingIds::Mdn,
            true,
        );
        assert_eq!(macros.html_ids, ["length", "angle"]);
        assert_eq!(body.headings[1].id, "attribute_2");
    }

    #[test]
    fn heading_id_styles_follow_their_renderers() {
        assert_eq!(
            HeadingIds::Github.slug("Rust 1.88.0: what's new?"),
            "rust-1880-whats-new"
        );
        assert_eq!(
            HeadingIds::Zola.slug("Rust 1.88.0: what's new?"),
            "rust-1-88-0-what-s-new"
        );
        assert_eq!(
            HeadingIds::Mdn.slug("Browser compatibility"),
            "browser_compatibility"
        );
    }

    #[test]
    fn mdx_jsx_lines_are_blanked_and_offsets_kept() {
        let text = "<Tabs>\n  <Fragment slot=\"a\">\n  ```sh\n  # not a heading\n\n  npm i\n  ```\n  </Fragment>\n</Tabs>\n\n## Real heading\n";
        let masked = mask_jsx_lines(text);
        assert_eq!(masked.len(), text.len());
        let body = unbounded(&masked, 0, true, HeadingIds::Github, false);
        let texts: Vec<_> = body.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(texts, ["Real heading"]);
        assert_eq!(
            &text[body.headings[0].span.start..body.headings[0].span.end],
            "## Real heading"
        );
        assert_eq!(
            mask_jsx_lines("<Card\n  title=\"é\"\n/>\nText\n").len(),
            "<Card\n  title=\"é\"\n/>\nText\n".len()
        );
        // Fences indented four or more inside JSX are still fences in MDX.
        let nested = "<Tabs>\n  <TabItem>\n    ```ts\n    const a = 1;\n  ```\n  </TabItem>\n</Tabs>\n\n## After\n";
        let masked = mask_jsx_lines(nested);
        assert_eq!(masked.len(), nested.len());
        let body = unbounded(&masked, 0, true, HeadingIds::Github, false);
        assert_eq!(body.headings.len(), 1);
        assert_eq!(body.headings[0].text, "After");
    }

    #[test]
    fn an_html_block_in_mdx_ends_at_its_closing_tag() {
        let text = "<Window>\n  <pre>\n    x\n  </pre>\n</Window>\n\n## After\n";
        let body = unbounded(&mask_jsx_lines(text), 0, true, HeadingIds::Github, false);
        assert_eq!(body.headings.len(), 1);
    }

    #[test]
    fn mdx_import_lines_hold_no_links() {
        let body = unbounded(
            "import X from '[a](/b)';\n\n[c](/d)\n",
            0,
            true,
            HeadingIds::Github,
            false,
        );
        assert_eq!(body.links.len(), 1);
        assert_eq!(body.links[0].destination, "/d");
    }

    #[test]
    fn scanning_stops_once_the_deadline_passes() {
        use std::time::Duration;
        let text = "## Section\n\n".repeat(2000);
        let all = unbounded(&text, 0, false, HeadingIds::Github, false);
        assert_eq!(all.headings.len(), 2000);
        // Found passed at once, after the block structure is parsed.
        let late = Deadline::new(Duration::from_secs(1), Duration::from_secs(2));
        let options = every_option(HeadingIds::Github, false);
        let body = scan(&text, 0, false, options, &late);
        assert!(body.headings.is_empty());
        assert!(late.passed());
    }

    #[test]
    fn suppression_comments_are_found_with_their_rules() {
        let text = "<!-- proofmark-disable-next-line heading-empty, image-alt -->\n##\n";
        let body = unbounded(text, 0, false, HeadingIds::Github, false);
        let suppression = &body.suppressions[0];
        assert_eq!(suppression.kind, SuppressionKind::NextLine);
        let names: Vec<_> = suppression.rules.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["heading-empty", "image-alt"]);
        let (_, span) = &suppression.rules[1];
        assert_eq!(&text[span.start..span.end], "image-alt");
    }
}
