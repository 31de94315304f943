//! An article, parsed once: source, line index, front matter, body index.

pub mod dates;
pub mod deadline;
pub mod fingerprint;
pub mod front_matter;
pub mod line_index;
pub mod markdown;
pub mod prose;

use std::path::PathBuf;

use crate::diagnostic::{Position, Span};
pub use deadline::Deadline;
use front_matter::{Format, SyntaxProblem, Value, ValueKind};
pub use line_index::LineIndex;
use markdown::{Body, HeadingIds, Suppression, SuppressionKind};

/// What parsing needs to know besides the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseOptions {
    pub heading_ids: HeadingIds,
    /// Definition-list terms are anchors (Hugo's `autoDefinitionTermID`).
    pub definition_term_ids: bool,
    /// Count the body's words of prose (`Body::prose_words`); else it is 0.
    pub count_words: bool,
    /// Sketch the prose for near-duplicate bodies (`Body::fingerprint`).
    pub fingerprint: bool,
}

#[derive(Debug)]
pub struct Article {
    pub path: PathBuf,
    /// Relative to the current directory, `/`-separated: what reports show.
    pub display_path: String,
    pub source: String,
    /// Built on first use: most articles have no finding to place.
    lines: std::sync::OnceLock<LineIndex>,
    /// Set when the whole article sits inside a code fence.
    pub wrapper: Option<Wrapper>,
    pub front_matter: Option<FrontMatter>,
    pub body: Body,
}

/// The ```` ```markdown ```` fence around a wrapped article.
#[derive(Clone, Debug, PartialEq)]
pub struct Wrapper {
    pub open: Span,
    pub close: Option<Span>,
}

#[derive(Clone, Debug)]
pub struct FrontMatter {
    pub format: Format,
    /// The opening delimiter line.
    pub open: Span,
    /// The closing delimiter line; `None` when the block is never closed.
    pub close: Option<Span>,
    /// Whether the block starts the file (or the wrapped article).
    pub at_top: bool,
    /// The parsed tree; `None` when the text is not valid.
    pub root: Option<Value>,
    pub problems: Vec<SyntaxProblem>,
}

impl FrontMatter {
    pub fn get(&self, dotted: &str) -> Option<&Value> {
        self.root.as_ref()?.lookup(dotted).map(|entry| &entry.value)
    }
}

/// Why a file could not be read as an article.
#[derive(Clone, Debug, PartialEq)]
pub enum Unreadable {
    Io(String),
    /// A folder, a pipe, a device: only regular files are read.
    NotAFile,
    /// Larger than `[limits] max-file-size`; not read at all.
    TooLarge {
        size: u64,
        limit: u64,
    },
    NotUtf8 {
        offset: usize,
        at: Position,
    },
    Binary {
        offset: usize,
        at: Position,
    },
    /// Took longer than `[limits] max-file-time` to parse or check.
    TimedOut {
        limit: std::time::Duration,
    },
}

/// Reads a file for linting: regular files only, and none larger than
/// `limit` bytes (checked before reading, and enforced while reading, in
/// case the file grows).
pub fn read_file(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    use std::io::Read;
    // Opened without blocking (a named pipe would wait for a writer), then
    // what was opened is looked at: one walk of the path, and no window
    // between looking and opening.
    let file = crate::contained::open_for_reading(path, crate::contained::Links::Follow)
        .map_err(|error| Unreadable::Io(plain_io_error(&error)))?;
    let metadata = file
        .metadata()
        .map_err(|error| Unreadable::Io(plain_io_error(&error)))?;
    if !metadata.is_file() {
        return Err(Unreadable::NotAFile);
    }
    if metadata.len() > limit {
        return Err(Unreadable::TooLarge {
            size: metadata.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| Unreadable::Io(plain_io_error(&error)))?;
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn plain_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

impl Article {
    /// Reads an article from the bytes of a file. Never panics, whatever the bytes.
    pub fn from_bytes(
        path: PathBuf,
        display_path: String,
        bytes: Vec<u8>,
        options: ParseOptions,
    ) -> Result<Article, Unreadable> {
        Article::from_bytes_within(path, display_path, bytes, options, &Deadline::none())
    }

    /// [`Article::from_bytes`], given up as [`Unreadable::TimedOut`] once
    /// `deadline` passes: nothing half-parsed is returned.
    pub fn from_bytes_within(
        path: PathBuf,
        display_path: String,
        bytes: Vec<u8>,
        options: ParseOptions,
        deadline: &Deadline,
    ) -> Result<Article, Unreadable> {
        if let Some(offset) = memchr_nul(&bytes) {
            let at = position_in_prefix(&String::from_utf8_lossy(&bytes[..offset]));
            return Err(Unreadable::Binary { offset, at });
        }
        let source = String::from_utf8(bytes).map_err(|error| {
            let offset = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let at = position_in_prefix(std::str::from_utf8(&bytes[..offset]).unwrap_or(""));
            Unreadable::NotUtf8 { offset, at }
        })?;
        let mdx = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("mdx"));
        let article = Article::parse_until(path, display_path, source, mdx, options, deadline);
        // Read once more at the end: a parse that overran is refused even if
        // no step of it looked at the clock late enough to notice.
        if deadline.check() {
            return Err(Unreadable::TimedOut {
                limit: deadline.limit(),
            });
        }
        Ok(article)
    }

    pub fn parse(
        path: PathBuf,
        display_path: String,
        source: String,
        mdx: bool,
        options: ParseOptions,
    ) -> Article {
        Article::parse_until(path, display_path, source, mdx, options, &Deadline::none())
    }

    /// Parses, stopping early once `deadline` passes: the article is then
    /// incomplete, and the caller must look at the deadline before using it.
    fn parse_until(
        path: PathBuf,
        display_path: String,
        source: String,
        mdx: bool,
        options: ParseOptions,
        deadline: &Deadline,
    ) -> Article {
        let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
        let wrapper = find_wrapper(&source, start);
        let (inner_start, inner_end) = match &wrapper {
            Some(wrapper) => (
                next_line_start(&source, wrapper.open.end),
                wrapper.close.map_or(source.len(), |close| close.start),
            ),
            None => (start, source.len()),
        };
        let inner = &source[..inner_end];
        let front_matter = find_front_matter(inner, inner_start, deadline);
        let body_start = match &front_matter {
            Some(FrontMatter {
                close: Some(close), ..
            }) => next_line_start(inner, close.end),
            Some(FrontMatter { open, .. }) => next_line_start(inner, open.end),
            None => inner_start,
        };
        let body_start = body_start.min(inner_end);
        let body_text = &source[body_start..inner_end];
        let masked;
        let body_text = if mdx || has_lone_cr(body_text) {
            // Lone CRs (classic Mac line endings) become LFs, byte for byte:
            // pulldown-cmark does not end every construct at a bare CR.
            let text = lone_cr_to_lf(body_text);
            masked = if mdx {
                markdown::mask_jsx_lines(&text)
            } else {
                text
            };
            masked.as_str()
        } else {
            body_text
        };
        let mut body = markdown::scan(body_text, body_start, mdx, options, deadline);
        if let Some(front_matter) = &front_matter {
            if front_matter.format == Format::Yaml {
                let end = front_matter.close.map_or(body_start, |close| close.start);
                scan_yaml_comments(&source, front_matter.open.end, end, &mut body.suppressions);
            }
        }
        Article {
            path,
            display_path,
            source,
            lines: std::sync::OnceLock::new(),
            wrapper,
            front_matter,
            body,
        }
    }

    /// Line starts of the source, for lines and columns.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }

    /// The value of a front-matter field, by dotted name.
    pub fn field(&self, dotted: &str) -> Option<&Value> {
        self.front_matter.as_ref()?.get(dotted)
    }

    /// The first of several fields that is present, with its name (a
    /// preset's `title_fields` or `description_fields`).
    pub fn first_field<'f>(&self, names: &[&'f str]) -> Option<(&'f str, &Value)> {
        names
            .iter()
            .find_map(|&name| self.field(name).map(|value| (name, value)))
    }

    /// Every value at a dotted path with `[]` for list items (see [`Value::lookup_all`]).
    pub fn field_values(&self, dotted: &str) -> Vec<&Value> {
        match self.front_matter.as_ref().and_then(|fm| fm.root.as_ref()) {
            Some(root) => root.lookup_all(dotted),
            None => Vec::new(),
        }
    }

    /// The modules of the components an MDX article renders from the
    /// site's own code (`import APITable from '@site/src/components/APITable'`,
    /// then `<APITable>`): such a component may give the page ids that only
    /// running it shows. Partials (`.md`/`.mdx` imports) are content, not code.
    pub fn rendered_component_modules(&self) -> Vec<&str> {
        use std::sync::OnceLock;
        static IMPORT: OnceLock<regex::Regex> = OnceLock::new();
        let is_mdx = self
            .path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("mdx"));
        if !is_mdx || !self.source.contains("import ") {
            return Vec::new();
        }
        let import = IMPORT.get_or_init(|| {
            regex::Regex::new(r#"(?m)^import\s+([\w$\s{},]+?)\s+from\s+['"]([^'"]+)['"]"#)
                .expect("valid regex")
        });
        let rendered = |name: &str| {
            self.source
                .match_indices(&format!("<{name}"))
                .any(|(at, tag)| {
                    self.source[at + tag.len()..]
                        .starts_with(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '.'))
                })
        };
        import
            .captures_iter(&self.source)
            .filter(|found| {
                !found[2].starts_with(|c: char| c.is_ascii_lowercase()) || found[2].starts_with('.')
            })
            .filter(|found| !is_content_or_asset(&found[2]))
            .filter(|found| {
                found[1]
                    .split([',', '{', '}'])
                    .filter_map(|name| name.split(" as ").last())
                    .map(str::trim)
                    .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
                    .any(rendered)
            })
            .filter_map(|found| found.get(2).map(|m| m.as_str()))
            .collect()
    }

    /// Every image the article names: body images, then the values of the
    /// given front-matter image fields, each with its span.
    pub fn image_sources(&self, fields: &[String]) -> Vec<(&str, Span)> {
        let mut sources: Vec<(&str, Span)> = self
            .body
            .images
            .iter()
            .map(|image| (image.source.as_str(), image.span))
            .collect();
        for field in fields {
            for value in self.field_values(field) {
                if let Some(source) = value.as_str() {
                    sources.push((source, value.span));
                }
            }
        }
        sources
    }

    /// Where a finding about the front matter as a whole goes: its opening
    /// line, or the first line of the article when it has none.
    pub fn front_matter_anchor(&self) -> Span {
        match &self.front_matter {
            Some(front_matter) => front_matter.open,
            None => match &self.wrapper {
                Some(wrapper) => {
                    let line = self
                        .lines()
                        .line_of(next_line_start(&self.source, wrapper.open.end));
                    self.lines().line_span(&self.source, line)
                }
                None => self.lines().line_span(&self.source, 0),
            },
        }
    }

    /// The span of the 0-based line holding `offset`.
    pub fn line_span_at(&self, offset: usize) -> Span {
        self.lines()
            .line_span(&self.source, self.lines().line_of(offset))
    }

    pub fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// Where the destination `destination` of the link or image at `span`
    /// is written, so that a fix can rewrite it: inside the span (an inline
    /// link, an autolink, an HTML attribute, a front-matter value), else in
    /// the reference definition that gives it. `None` when it is not written
    /// as it is read (escaped, entity-encoded).
    pub fn destination_span(&self, span: Span, destination: &str) -> Option<Span> {
        if destination.is_empty() {
            return None;
        }
        let text = self.text(span);
        if text == destination {
            return Some(span);
        }
        // An autolink, or a quoted front-matter value.
        let inner = text.get(1..text.len().saturating_sub(1));
        if inner == Some(destination)
            && matches!(
                (text.chars().next(), text.chars().last()),
                (Some('<'), Some('>')) | (Some('"'), Some('"')) | (Some('\''), Some('\''))
            )
        {
            return Some(Span::new(span.start + 1, span.end - 1));
        }
        // `[text](destination "title")`: the last `](` the destination follows.
        let mut end = text.len();
        while let Some(at) = text[..end].rfind("](") {
            let after = &text[at + 2..];
            let skipped = after.len() - after.trim_start().len();
            let rest = &after[skipped..];
            let angle = usize::from(rest.starts_with('<'));
            if rest[angle..].starts_with(destination) {
                let start = span.start + at + 2 + skipped + angle;
                return Some(Span::new(start, start + destination.len()));
            }
            end = at;
        }
        self.definition_of(destination)
    }

    /// The destination of the first reference definition (`[label]: url`)
    /// in the body that gives `destination`.
    fn definition_of(&self, destination: &str) -> Option<Span> {
        let body = self.body.span;
        let mut at = body.start;
        while at < body.end {
            let end = next_line_start(&self.source, at).min(body.end);
            let line = &self.source[at..end];
            let indent = line.len() - line.trim_start_matches(' ').len();
            let rest = &line[indent..];
            if indent <= 3 && rest.starts_with('[') {
                if let Some(close) = rest.find("]:") {
                    let after = &rest[close + 2..];
                    let skipped = after.len() - after.trim_start_matches([' ', '\t']).len();
                    let value = &after[skipped..];
                    let angle = usize::from(value.starts_with('<'));
                    let written = value[angle..]
                        .split(|c: char| c.is_whitespace() || c == '>')
                        .next()
                        .unwrap_or("");
                    if written == destination {
                        let start = at + indent + close + 2 + skipped + angle;
                        return Some(Span::new(start, start + destination.len()));
                    }
                }
            }
            at = end;
        }
        None
    }

    /// An edit that makes heading `index` a heading of `level`: its ATX
    /// marks (`###`) rewritten, or a setext underline (`===`, `---`)
    /// swapped for the other. `None` for a heading written otherwise, or a
    /// level the form cannot hold.
    pub fn heading_level_edit(&self, index: usize, level: u8) -> Option<crate::diagnostic::Edit> {
        let heading = self.body.headings.get(index)?;
        if !(1..=6).contains(&level) {
            return None;
        }
        let line = self.text(heading.span);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let marks = line[indent..].len() - line[indent..].trim_start_matches('#').len();
        if marks == usize::from(heading.level) && indent <= 3 {
            let start = heading.span.start + indent;
            return Some(crate::diagnostic::Edit::replace(
                Span::new(start, start + marks),
                "#".repeat(usize::from(level)),
            ));
        }
        // Setext: the underline is the block's last line.
        let underline = self.line_span_at(heading.end.saturating_sub(1).max(heading.span.start));
        let text = self.text(underline).trim_end_matches(['\r', '\n']);
        let trimmed = text.trim();
        let mark = match heading.level {
            1 => '=',
            2 => '-',
            _ => return None,
        };
        if underline.start <= heading.span.start
            || trimmed.is_empty()
            || !trimmed.chars().all(|c| c == mark)
            || level > 2
        {
            return None;
        }
        let new_mark = if level == 1 { "=" } else { "-" };
        let start = underline.start + (text.len() - text.trim_start().len());
        Some(crate::diagnostic::Edit::replace(
            Span::new(start, start + trimmed.len()),
            new_mark.repeat(trimmed.len()),
        ))
    }

    /// The start of the line after the one holding `offset` (its line
    /// ending included), or the end of the file.
    pub fn next_line_start(&self, offset: usize) -> usize {
        next_line_start(&self.source, offset)
    }

    /// The file's line ending, as its first line ends: what fixes write.
    pub fn line_ending(&self) -> &'static str {
        let bytes = self.source.as_bytes();
        match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(at) if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') => "\r\n",
            Some(at) if bytes[at] == b'\r' => "\r",
            _ => "\n",
        }
    }

    /// Whether heading `index` has nothing under it but blank lines and
    /// HTML comments before the next heading (or the end of the body).
    pub fn section_is_empty(&self, index: usize) -> bool {
        let headings = &self.body.headings;
        let Some(heading) = headings.get(index) else {
            return false;
        };
        let end = headings
            .get(index + 1)
            .map_or(self.body.span.end, |next| next.span.start);
        prose::only_comments(self.text(Span::new(heading.end.min(end), end)))
    }
}

/// An import of a partial, data or an asset rather than of code.
fn is_content_or_asset(specifier: &str) -> bool {
    let extension = specifier.rsplit_once('.').map_or("", |(_, ext)| ext);
    [
        "md", "mdx", "json", "yml", "yaml", "css", "scss", "png", "jpg", "jpeg", "gif", "svg",
        "webp", "avif",
    ]
    .iter()
    .any(|known| extension.eq_ignore_ascii_case(known))
}

fn has_lone_cr(text: &str) -> bool {
    memchr::memchr_iter(b'\r', text.as_bytes())
        .any(|at| text.as_bytes().get(at + 1) != Some(&b'\n'))
}

fn lone_cr_to_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    text.char_indices()
        .map(|(at, c)| {
            if c == '\r' && bytes.get(at + 1) != Some(&b'\n') {
                '\n'
            } else {
                c
            }
        })
        .collect()
}

/// The position just after `prefix`, the valid text before a bad byte.
fn position_in_prefix(prefix: &str) -> Position {
    LineIndex::new(prefix).position(prefix, prefix.len())
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, bytes)
}

fn next_line_start(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from.min(bytes.len());
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => return i + 1,
            b'\r' => {
                return if bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The line starting at `start`, without its line ending.
fn line_at(text: &str, start: usize) -> Span {
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |at| start + at);
    Span::new(start, end)
}

fn lines_from(text: &str, start: usize) -> impl Iterator<Item = Span> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let line = line_at(text, at);
        at = next_line_start(text, line.end);
        Some(line)
    })
}

/// A fence opening line: its character, its length and its info string.
fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.chars().take_while(|c| *c == marker).count();
    if length < 3 {
        return None;
    }
    let info = trimmed[length..].trim();
    if marker == '`' && info.contains('`') {
        return None;
    }
    Some((marker, length, info))
}

fn find_wrapper(source: &str, start: usize) -> Option<Wrapper> {
    let mut lines =
        lines_from(source, start).skip_while(|line| source[line.start..line.end].trim().is_empty());
    let open = lines.next()?;
    let (marker, length, info) = fence_open(&source[open.start..open.end])?;
    let language = info.split_whitespace().next().unwrap_or("");
    let wraps_markdown = matches!(
        language.to_ascii_lowercase().as_str(),
        "markdown" | "md" | "mdx"
    );
    let second = lines.next();
    let starts_front_matter = second.is_some_and(|line| {
        let text = source[line.start..line.end].trim_end();
        text == "---" || text == "+++"
    });
    if !(wraps_markdown || (language.is_empty() && starts_front_matter)) {
        return None;
    }
    // The wrapper closes on the last non-blank line, if that line is a bare fence.
    let last = lines_from(source, open.end)
        .filter(|line| !source[line.start..line.end].trim().is_empty())
        .last();
    let close = last.filter(|line| {
        let text = source[line.start..line.end].trim();
        text.len() >= length && text.chars().all(|c| c == marker) && line.start > open.start
    });
    Some(Wrapper { open, close })
}

fn is_delimiter(line: &str, delimiter: &str) -> bool {
    match line.strip_prefix(delimiter) {
        Some(rest) => {
            let rest = rest.trim();
            rest.is_empty() || rest.starts_with('#')
        }
        None => false,
    }
}

fn find_front_matter(text: &str, start: usize, deadline: &Deadline) -> Option<FrontMatter> {
    let mut lines = lines_from(text, start).peekable();
    let mut at_top = true;
    while let Some(line) = lines.peek() {
        if text[line.start..line.end].trim().is_empty() {
            at_top = false;
            lines.next();
        } else {
            break;
        }
    }
    let open = lines.next()?;
    let opening = &text[open.start..open.end];
    let format = if is_delimiter(opening, "---") {
        Format::Yaml
    } else if is_delimiter(opening, "+++") {
        Format::Toml
    } else {
        return None;
    };
    // Hugo and Zola, the generators of `+++` front matter, skip leading
    // whitespace before it; Jekyll and Astro read `---` only on the first line.
    if format == Format::Toml {
        at_top = true;
    }
    if !at_top {
        // After blank lines, `---` is only front matter if a key follows.
        let next = lines.peek()?;
        let next = text[next.start..next.end].trim_start();
        let looks_like_key = match format {
            Format::Yaml => next
                .split_once(':')
                .is_some_and(|(key, _)| !key.is_empty() && !key.contains(' ')),
            Format::Toml => next.contains('='),
        };
        if !looks_like_key {
            return None;
        }
    }
    let closes = |line: &str| match format {
        Format::Yaml => {
            let line = line.trim_end();
            line == "---" || line == "..."
        }
        Format::Toml => line.trim_end() == "+++",
    };
    let close = lines.find(|line| closes(&text[line.start..line.end]));
    let content_start = next_line_start(text, open.end);
    let (root, mut problems) = match close {
        None => (None, Vec::new()),
        Some(close) => {
            let content_end = close.start.max(content_start);
            let content = &text[content_start..content_end];
            match format {
                Format::Yaml => front_matter::parse_yaml(content, content_start, deadline),
                Format::Toml => front_matter::parse_toml(content, content_start, deadline),
            }
        }
    };
    let root = match root {
        None => None,
        Some(Value {
            kind: ValueKind::Null,
            span,
        }) => Some(Value {
            span,
            kind: ValueKind::Map(Vec::new()),
        }),
        Some(
            value @ Value {
                kind: ValueKind::Map(_),
                ..
            },
        ) => Some(value),
        Some(other) => {
            problems.push(SyntaxProblem {
                span: other.span,
                message: format!(
                    "front matter must be a mapping of fields, not a {}",
                    other.type_name()
                ),
                help: Some("write one `key: value` pair per line".into()),
                related: None,
            });
            None
        }
    };
    // The root of an empty document has no real span; anchor it on the opening line.
    let root = root.map(|mut root| {
        if root.entries().is_empty() {
            root.span = open;
        }
        root
    });
    let has_problems = !problems.is_empty();
    Some(FrontMatter {
        format,
        open,
        close,
        at_top,
        root: if has_problems { None } else { root },
        problems,
    })
}

/// `# proofmark-disable-next-line RULE` comments in YAML front matter.
fn scan_yaml_comments(source: &str, from: usize, to: usize, out: &mut Vec<Suppression>) {
    for line in lines_from(&source[..to], from) {
        let text = &source[line.start..line.end];
        let trimmed = text.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            let comment_start = line.end - comment.len();
            if let Some(suppression) = markdown::parse_directive(comment, comment_start) {
                if suppression.kind == SuppressionKind::NextLine {
                    out.push(Suppression {
                        span: Span::new(line.end - trimmed.len(), line.end),
                        ..suppression
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Article {
        Article::parse(
            "a.md".into(),
            "a.md".into(),
            source.to_string(),
            false,
            ParseOptions::default(),
        )
    }

    #[test]
    fn yaml_front_matter_and_body_are_split() {
        let article = parse("---\ntitle: Hi\n---\n\n## One\n");
        let front_matter = article.front_matter.as_ref().unwrap();
        assert_eq!(front_matter.format, Format::Yaml);
        assert_eq!(front_matter.open, Span::new(0, 3));
        assert!(front_matter.at_top);
        assert_eq!(article.field("title").unwrap().as_str(), Some("Hi"));
        assert_eq!(article.body.headings[0].span, Span::new(19, 25));
    }

    #[test]
    fn crlf_and_bom_keep_file_offsets() {
        let source = "\u{feff}---\r\ntitle: Hi\r\n---\r\n## One\r\n";
        let article = parse(source);
        let title = article
            .front_matter
            .as_ref()
            .unwrap()
            .root
            .as_ref()
            .unwrap()
            .entry("title")
            .unwrap();
        assert_eq!(&source[title.value.span.start..title.value.span.end], "Hi");
        let heading = &article.body.headings[0];
        assert_eq!(&source[heading.span.start..heading.span.end], "## One");
    }

    #[test]
    fn cr_only_files_parse_like_lf_files() {
        let article = parse("---\rtitle: CR\r---\r\r## One\r\r#### Deep\r");
        let texts: Vec<_> = article
            .body
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(texts, [(2, "One"), (4, "Deep")]);
        assert_eq!(
            article
                .lines()
                .position(&article.source, article.body.headings[1].span.start)
                .line,
            7
        );
    }

    #[test]
    fn toml_front_matter_is_recognised() {
        let article = parse("+++\ntitle = \"Hi\"\n+++\nText\n");
        assert_eq!(article.front_matter.as_ref().unwrap().format, Format::Toml);
        assert_eq!(article.field("title").unwrap().as_str(), Some("Hi"));
    }

    #[test]
    fn unclosed_front_matter_has_no_tree() {
        let article = parse("---\ntitle: Hi\n\n## One\n");
        let front_matter = article.front_matter.as_ref().unwrap();
        assert!(front_matter.close.is_none());
        assert!(front_matter.root.is_none());
    }

    #[test]
    fn wrapped_articles_are_linted_inside_the_fence() {
        let source = "```markdown\n---\ntitle: Hi\n---\n\n## One\n```\n";
        let article = parse(source);
        let wrapper = article.wrapper.as_ref().unwrap();
        assert_eq!(wrapper.open, Span::new(0, 11));
        assert!(wrapper.close.is_some());
        assert_eq!(article.field("title").unwrap().as_str(), Some("Hi"));
        assert_eq!(article.body.headings.len(), 1);
        assert_eq!(
            article
                .lines()
                .position(source, article.body.headings[0].span.start)
                .line,
            6
        );
    }

    #[test]
    fn an_unclosed_wrapper_runs_to_the_end() {
        let article = parse("```markdown\n---\ntitle: Hi\n---\n## One\n");
        assert!(article.wrapper.as_ref().unwrap().close.is_none());
        assert_eq!(article.body.headings.len(), 1);
    }

    #[test]
    fn a_code_block_at_the_top_is_not_a_wrapper() {
        let article = parse("```rust\nfn main() {}\n```\n");
        assert!(article.wrapper.is_none());
    }

    #[test]
    fn front_matter_after_blank_lines_is_flagged_as_misplaced() {
        let article = parse("\n---\ntitle: Hi\n---\n");
        let front_matter = article.front_matter.as_ref().unwrap();
        assert!(!front_matter.at_top);
        assert_eq!(article.field("title").unwrap().as_str(), Some("Hi"));
        let toml = parse("\n\n+++\ntitle = \"Hi\"\n+++\n");
        assert!(toml.front_matter.as_ref().unwrap().at_top);
        let thematic_break = parse("Text\n\n---\n\nMore\n");
        assert!(thematic_break.front_matter.is_none());
    }

    #[test]
    fn binary_and_invalid_utf8_are_refused() {
        let binary = Article::from_bytes(
            "a.md".into(),
            "a.md".into(),
            b"ab\0c".to_vec(),
            ParseOptions::default(),
        );
        let at = Position { line: 1, column: 3 };
        assert_eq!(binary.err(), Some(Unreadable::Binary { offset: 2, at }));
        let latin1 = Article::from_bytes(
            "a.md".into(),
            "a.md".into(),
            b"x\nabc\xe9".to_vec(),
            ParseOptions::default(),
        );
        let at = Position { line: 2, column: 4 };
        assert_eq!(latin1.err(), Some(Unreadable::NotUtf8 { offset: 5, at }));
    }

    #[test]
    fn an_article_past_its_deadline_is_refused_whole() {
        use std::time::Duration;
        let late = Deadline::new(Duration::from_secs(1), Duration::from_secs(2));
        let article = Article::from_bytes_within(
            "a.md".into(),
            "a.md".into(),
            b"---\ntitle: Hi\n---\n\n## One\n".to_vec(),
            ParseOptions::default(),
            &late,
        );
        let limit = Duration::from_secs(1);
        assert_eq!(article.err(), Some(Unreadable::TimedOut { limit }));
    }

    #[test]
    fn yaml_comment_suppressions_are_collected() {
        let article = parse("---\n# proofmark-disable-next-line unknown-field\ncatgory: x\n---\n");
        assert_eq!(article.body.suppressions.len(), 1);
        assert_eq!(article.body.suppressions[0].rules[0].0, "unknown-field");
    }
}
