//! Front matter: where it is (`---` YAML or `+++` TOML) and its value tree,
//! in which every key and every value carries its byte span in the file.

use super::Deadline;
use crate::diagnostic::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
        }
    }
}

/// `text` as a double-quoted string, which TOML (a basic string) and YAML
/// read alike: `\`, `"` and control characters escaped.
pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as a string value in place of one written `written` (its source),
/// in the same style: double-quoted, single-quoted or (YAML) plain. `None`
/// when that style cannot hold it, or `written` is a block scalar.
pub fn string_in_style(format: Format, written: &str, text: &str) -> Option<String> {
    if text.chars().any(char::is_control) {
        return None;
    }
    match (format, written.chars().next()) {
        (_, Some('"')) => Some(double_quoted(text)),
        (Format::Yaml, Some('\'')) => Some(format!("'{}'", text.replace('\'', "''"))),
        (Format::Toml, Some('\'')) => (!text.contains('\'')).then(|| format!("'{text}'")),
        (Format::Toml, _) => Some(double_quoted(text)),
        (Format::Yaml, Some('|' | '>' | '&' | '!' | '*' | '[' | '{')) => None,
        (Format::Yaml, _) if is_plain_yaml(text) => Some(text.to_string()),
        (Format::Yaml, _) => Some(double_quoted(text)),
    }
}

/// Whether `text` reads back as the same string written plain in YAML.
fn is_plain_yaml(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let special_start = "-?:,[]{}#&*!|>'\"%@`".contains(first) || first.is_whitespace();
    let ambiguous = matches!(
        text.to_ascii_lowercase().as_str(),
        "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off"
    ) || text.parse::<f64>().is_ok();
    !special_start
        && !ambiguous
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.trim() == text
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: ValueKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
    /// A TOML date or datetime, as written.
    Datetime(String),
    /// A YAML alias (`*name`): never expanded.
    Alias,
    List(Vec<Value>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Value,
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::Null => "null",
            ValueKind::Bool(_) => "boolean",
            ValueKind::Integer(_) => "integer",
            ValueKind::Float(_) => "number",
            ValueKind::String(_) => "string",
            ValueKind::Datetime(_) => "datetime",
            ValueKind::Alias => "alias",
            ValueKind::List(_) => "list",
            ValueKind::Map(_) => "object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) | ValueKind::Datetime(s) => Some(s),
            _ => None,
        }
    }

    /// No value to speak of: `null`, a string of only whitespace, or an
    /// empty list. A required field like this is missing in all but name.
    pub fn is_empty(&self) -> bool {
        match &self.kind {
            ValueKind::Null => true,
            ValueKind::String(text) => text.trim().is_empty(),
            ValueKind::List(items) => items.is_empty(),
            _ => false,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            ValueKind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|entry| entry.key == key)
    }

    /// The entry for `key` in any ASCII letter case (Hugo reads keys so).
    pub fn entry_any_case(&self, key: &str) -> Option<&Entry> {
        self.entries()
            .iter()
            .find(|entry| entry.key.eq_ignore_ascii_case(key))
    }

    /// Every value at a dotted path where `name[]` steps into each list item:
    /// `metadata.openGraph.images[].url`.
    pub fn lookup_all(&self, dotted: &str) -> Vec<&Value> {
        let mut current = vec![self];
        for part in dotted.split('.') {
            let (name, each) = match part.strip_suffix("[]") {
                Some(name) => (name, true),
                None => (part, false),
            };
            let mut next = Vec::new();
            for value in current {
                if let Some(entry) = value.entry(name) {
                    match (&entry.value.kind, each) {
                        (ValueKind::List(items), true) => next.extend(items.iter()),
                        (_, false) => next.push(&entry.value),
                        _ => {}
                    }
                }
            }
            current = next;
        }
        current
    }

    /// Looks up a dotted path such as `metadata.canonical`.
    pub fn lookup(&self, dotted: &str) -> Option<&Entry> {
        let mut parts = dotted.split('.');
        let mut entry = self.entry(parts.next()?)?;
        for part in parts {
            entry = entry.value.entry(part)?;
        }
        Some(entry)
    }
}

/// A syntax problem inside the front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxProblem {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    /// Another place the problem involves, such as the first of two duplicate keys.
    pub related: Option<Span>,
}

/// Deepest nesting accepted in front matter; deeper input is refused, not recursed into.
const MAX_DEPTH: usize = 64;

/// Parses YAML front matter. `offset` is where `text` starts in the file.
/// Stops early, with an incomplete result, once `deadline` passes.
pub fn parse_yaml(
    text: &str,
    offset: usize,
    deadline: &Deadline,
) -> (Option<Value>, Vec<SyntaxProblem>) {
    yaml::parse(text, offset, deadline)
}

/// Parses TOML front matter. `offset` is where `text` starts in the file.
/// The TOML parser cannot be interrupted; `deadline` is looked at after it.
pub fn parse_toml(
    text: &str,
    offset: usize,
    deadline: &Deadline,
) -> (Option<Value>, Vec<SyntaxProblem>) {
    toml_tree::parse(text, offset, deadline)
}

mod yaml {
    use super::*;
    use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
    use std::collections::HashMap;

    /// saphyr counts characters; spans are bytes. This is the one place that converts.
    struct CharToByte<'a> {
        text: &'a str,
        ascii: bool,
        starts: Vec<usize>,
        /// Byte offsets (in `text`) of spaces added for a lenient re-parse;
        /// positions after them map back to the original text.
        inserted: &'a [usize],
    }

    impl<'a> CharToByte<'a> {
        fn new(text: &'a str, inserted: &'a [usize]) -> Self {
            let ascii = text.is_ascii();
            let starts = if ascii {
                Vec::new()
            } else {
                text.char_indices().map(|(i, _)| i).collect()
            };
            CharToByte {
                text,
                ascii,
                starts,
                inserted,
            }
        }

        /// The byte offset in the original text of a character index in `text`.
        fn byte(&self, char_index: usize) -> usize {
            let byte = self.byte_in_text(char_index);
            byte - self.inserted.iter().filter(|&&at| at < byte).count()
        }

        /// The byte offset in the original text of a byte offset in `text`.
        fn original(&self, byte: usize) -> usize {
            byte - self.inserted.iter().filter(|&&at| at < byte).count()
        }

        /// Where a quoted scalar or a flow collection that starts at
        /// character `char_index` ends (in the original text): saphyr's end
        /// of an empty one runs on over a trailing comment.
        fn end_of_written(&self, char_index: usize, openers: &[u8]) -> Option<usize> {
            let at = self.byte_in_text(char_index);
            if !openers.contains(self.text.as_bytes().get(at)?) {
                return None;
            }
            written_end(self.text, at).map(|end| self.original(end))
        }

        fn byte_in_text(&self, char_index: usize) -> usize {
            if self.ascii {
                char_index.min(self.text.len())
            } else {
                self.starts
                    .get(char_index)
                    .copied()
                    .unwrap_or(self.text.len())
            }
        }
    }

    /// The end of a quoted scalar (`"…"`, `'…'`) or flow collection
    /// (`[…]`, `{…}`) written at byte `at` of `text`: after its closing
    /// quote or bracket. `None` for anything else.
    fn written_end(text: &str, at: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let open = *bytes.get(at)?;
        if !matches!(open, b'"' | b'\'' | b'[' | b'{') {
            return None;
        }
        let mut depth = 0usize;
        let mut i = at;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
                b'\'' => {
                    i += 1;
                    while i < bytes.len() {
                        if bytes[i] == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                            i += 2;
                        } else if bytes[i] == b'\'' {
                            break;
                        } else {
                            i += 1;
                        }
                    }
                }
                b'#' if i > at && bytes[i - 1].is_ascii_whitespace() => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth == 0 {
                return (i < bytes.len()).then_some(i + 1);
            }
            i += 1;
        }
        None
    }

    enum Frame {
        List {
            start: usize,
            /// After the closing `]` of a flow list.
            written_end: Option<usize>,
            items: Vec<Value>,
        },
        Map {
            start: usize,
            /// After the closing `}` of a flow mapping.
            written_end: Option<usize>,
            entries: Vec<Entry>,
            key: Option<(String, Span)>,
            /// The span of each key's first occurrence: finding duplicates
            /// stays linear in a mapping of thousands of keys.
            first: HashMap<String, Span>,
        },
    }

    struct Builder<'a> {
        offset: usize,
        chars: CharToByte<'a>,
        stack: Vec<Frame>,
        root: Option<Value>,
        problems: Vec<SyntaxProblem>,
    }

    /// Parses, leniently where common YAML parsers are: a flow collection
    /// closed by `]` or `}` in column 0 (accepted by libyaml, go-yaml and
    /// js-yaml; refused by saphyr) is re-read with that bracket indented.
    pub fn parse(
        text: &str,
        offset: usize,
        deadline: &Deadline,
    ) -> (Option<Value>, Vec<SyntaxProblem>) {
        let mut current = text.to_string();
        let mut inserted: Vec<usize> = Vec::new();
        loop {
            match parse_once(&current, offset, &inserted, deadline) {
                Ok(parsed) => return parsed,
                Err((error, parsed)) => {
                    let at = CharToByte::new(&current, &[]).byte_in_text(error.marker().index());
                    let line_start = current[..at.min(current.len())]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                    let closes_flow = current[line_start..].starts_with([']', '}']);
                    if !closes_flow || inserted.len() >= 16 || !error.info().contains("indentation")
                    {
                        return parsed;
                    }
                    current.insert(line_start, ' ');
                    inserted
                        .iter_mut()
                        .filter(|i| **i >= line_start)
                        .for_each(|i| *i += 1);
                    inserted.push(line_start);
                }
            }
        }
    }

    type Parsed = (Option<Value>, Vec<SyntaxProblem>);

    /// One parse; on a scan error, the error and its finding.
    fn parse_once(
        text: &str,
        offset: usize,
        inserted: &[usize],
        deadline: &Deadline,
    ) -> Result<Parsed, (ScanError, Parsed)> {
        let mut builder = Builder {
            offset,
            chars: CharToByte::new(text, inserted),
            stack: Vec::new(),
            root: None,
            problems: Vec::new(),
        };
        let mut documents = 0;
        for item in Parser::new_from_str(text) {
            if deadline.tick() {
                return Ok((None, builder.problems));
            }
            match item {
                Err(error) => {
                    builder.scan_error(&error);
                    return Err((error, (None, builder.problems)));
                }
                Ok((event, span)) => {
                    let start = builder.chars.byte(span.start.index());
                    let end = builder.chars.byte(span.end.index()).max(start);
                    match event {
                        Event::DocumentStart(_) => {
                            documents += 1;
                            if documents > 1 {
                                builder.problem(
                                    Span::new(start, start),
                                    "front matter holds more than one YAML document".into(),
                                    Some("remove the extra `---` separator".into()),
                                );
                                return Ok((None, builder.problems));
                            }
                        }
                        Event::Scalar(value, style, _, tag) => {
                            let end = match style {
                                ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => builder
                                    .chars
                                    .end_of_written(span.start.index(), b"\"'")
                                    .unwrap_or(end),
                                _ => end,
                            };
                            let kind = resolve_scalar(&value, style, tag.as_deref());
                            builder.value(Value {
                                span: builder.span(start, end),
                                kind,
                            });
                        }
                        Event::Alias(_) => {
                            // Never expanded: a few aliases can stand for
                            // billions of values ("billion laughs").
                            if !builder
                                .problems
                                .iter()
                                .any(|p| p.message.starts_with("YAML aliases"))
                            {
                                builder.problem(
                                    Span::new(start, end.max(start + 1)),
                                    "YAML aliases (`*name`) are not allowed in front matter".into(),
                                    Some("write the value out; site generators differ in how they expand aliases".into()),
                                );
                            }
                            builder.value(Value {
                                span: builder.span(start, end),
                                kind: ValueKind::Alias,
                            })
                        }
                        Event::SequenceStart(..) => {
                            if !builder.open(Frame::List {
                                start,
                                written_end: builder.chars.end_of_written(span.start.index(), b"["),
                                items: Vec::new(),
                            }) {
                                return Ok((None, builder.problems));
                            }
                        }
                        Event::MappingStart(..) => {
                            if !builder.open(Frame::Map {
                                start,
                                written_end: builder.chars.end_of_written(span.start.index(), b"{"),
                                entries: Vec::new(),
                                key: None,
                                first: HashMap::new(),
                            }) {
                                return Ok((None, builder.problems));
                            }
                        }
                        Event::SequenceEnd | Event::MappingEnd => builder.close(end),
                        Event::StreamStart
                        | Event::StreamEnd
                        | Event::DocumentEnd
                        | Event::Nothing => {}
                    }
                }
            }
        }
        let root = builder.root.take();
        Ok((root, builder.problems))
    }

    impl Builder<'_> {
        fn span(&self, start: usize, end: usize) -> Span {
            Span::new(start + self.offset, end + self.offset)
        }

        fn problem(&mut self, span: Span, message: String, help: Option<String>) {
            self.problems.push(SyntaxProblem {
                span: span.shifted(self.offset),
                message,
                help,
                related: None,
            });
        }

        fn scan_error(&mut self, error: &ScanError) {
            let at = self.chars.byte(error.marker().index());
            let end = self.chars.byte(error.marker().index() + 1);
            let text = self.chars.text;
            let end = if text.get(at..end).is_none_or(|t| t.contains(['\n', '\r'])) {
                at
            } else {
                end
            };
            self.problem(
                Span::new(at, end),
                format!("invalid YAML: {}", error.info()),
                yaml_help(error.info()),
            );
        }

        fn open(&mut self, frame: Frame) -> bool {
            if self.stack.len() >= MAX_DEPTH {
                let start = match &frame {
                    Frame::List { start, .. } | Frame::Map { start, .. } => *start,
                };
                self.problem(
                    Span::empty(start),
                    format!("front matter is nested more than {MAX_DEPTH} levels deep"),
                    None,
                );
                return false;
            }
            if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
                self.problem(
                    Span::empty(match &frame {
                        Frame::List { start, .. } | Frame::Map { start, .. } => *start,
                    }),
                    "a list or mapping cannot be a front-matter key".into(),
                    Some("use a plain string as the key".into()),
                );
                return false;
            }
            self.stack.push(frame);
            true
        }

        fn close(&mut self, end: usize) {
            let Some(frame) = self.stack.pop() else {
                return;
            };
            let value = match frame {
                Frame::List {
                    start,
                    written_end,
                    items,
                } => {
                    let end = match written_end {
                        Some(written) => written + self.offset,
                        None => items.last().map_or(end + self.offset, |v| v.span.end),
                    };
                    Value {
                        span: Span::new(start + self.offset, end.max(start + self.offset)),
                        kind: ValueKind::List(items),
                    }
                }
                Frame::Map {
                    start,
                    written_end,
                    entries,
                    ..
                } => {
                    let end = match written_end {
                        Some(written) => written + self.offset,
                        None => entries
                            .last()
                            .map_or(end + self.offset, |e| e.value.span.end),
                    };
                    Value {
                        span: Span::new(start + self.offset, end.max(start + self.offset)),
                        kind: ValueKind::Map(entries),
                    }
                }
            };
            self.value(value);
        }

        fn value(&mut self, value: Value) {
            match self.stack.last_mut() {
                None => self.root = Some(value),
                Some(Frame::List { items, .. }) => items.push(value),
                Some(Frame::Map {
                    entries,
                    key,
                    first,
                    ..
                }) => match key.take() {
                    None => {
                        let name = match &value.kind {
                            ValueKind::String(s) | ValueKind::Datetime(s) => s.clone(),
                            ValueKind::Null => String::new(),
                            ValueKind::Bool(b) => b.to_string(),
                            ValueKind::Integer(i) => i.to_string(),
                            ValueKind::Float(f) => f.to_string(),
                            _ => "*alias".to_string(),
                        };
                        *key = Some((name, value.span));
                    }
                    Some((name, key_span)) => {
                        let duplicate = first.get(&name).copied();
                        if duplicate.is_none() {
                            first.insert(name.clone(), key_span);
                        }
                        entries.push(Entry {
                            key: name.clone(),
                            key_span,
                            value,
                        });
                        if let Some(first) = duplicate {
                            self.problems.push(SyntaxProblem {
                                span: key_span,
                                message: format!("duplicate key `{name}`"),
                                help: None,
                                related: Some(first),
                            });
                        }
                    }
                },
            }
        }
    }

    /// YAML 1.2 core schema resolution of plain scalars.
    fn resolve_scalar(
        value: &str,
        style: ScalarStyle,
        tag: Option<&saphyr_parser::Tag>,
    ) -> ValueKind {
        if let Some(tag) = tag {
            if tag.is_yaml_core_schema() && tag.suffix == "str" {
                return ValueKind::String(value.to_string());
            }
        }
        if style != ScalarStyle::Plain {
            return ValueKind::String(value.to_string());
        }
        match value {
            "" | "~" | "null" | "Null" | "NULL" => return ValueKind::Null,
            "true" | "True" | "TRUE" => return ValueKind::Bool(true),
            "false" | "False" | "FALSE" => return ValueKind::Bool(false),
            ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
                return ValueKind::Float(f64::INFINITY)
            }
            "-.inf" | "-.Inf" | "-.INF" => return ValueKind::Float(f64::NEG_INFINITY),
            ".nan" | ".NaN" | ".NAN" => return ValueKind::Float(f64::NAN),
            _ => {}
        }
        if let Some(int) = parse_int(value) {
            return ValueKind::Integer(int);
        }
        if is_float(value) {
            if let Ok(float) = value.parse::<f64>() {
                return ValueKind::Float(float);
            }
        }
        ValueKind::String(value.to_string())
    }

    fn parse_int(value: &str) -> Option<i64> {
        if let Some(hex) = value.strip_prefix("0x") {
            return i64::from_str_radix(hex, 16).ok();
        }
        if let Some(octal) = value.strip_prefix("0o") {
            return i64::from_str_radix(octal, 8).ok();
        }
        let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value.parse().ok()
    }

    fn is_float(value: &str) -> bool {
        let body = value.strip_prefix(['-', '+']).unwrap_or(value);
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(at) => (&body[..at], Some(&body[at + 1..])),
            None => (body, None),
        };
        let mut parts = mantissa.splitn(2, '.');
        let whole = parts.next().unwrap_or("");
        let fraction = parts.next();
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let mantissa_ok = match fraction {
            Some(fraction) => {
                digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty())
            }
            None => !whole.is_empty() && digits(whole),
        };
        let exponent_ok = exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && digits(e)
        });
        mantissa_ok && exponent_ok
    }
}

mod toml_tree {
    use super::*;
    use toml::de::{DeTable, DeValue};
    use toml::Spanned;

    pub fn parse(
        text: &str,
        offset: usize,
        deadline: &Deadline,
    ) -> (Option<Value>, Vec<SyntaxProblem>) {
        let parsed = DeTable::parse(text);
        if deadline.check() {
            return (None, Vec::new());
        }
        match parsed {
            Ok(table) => {
                let span = table.span();
                let entries = convert_table(table.get_ref(), offset, 0);
                match entries {
                    Ok(entries) => (
                        Some(Value {
                            span: Span::new(span.start + offset, span.end + offset),
                            kind: ValueKind::Map(entries),
                        }),
                        Vec::new(),
                    ),
                    Err(problem) => (None, vec![problem]),
                }
            }
            Err(error) => {
                let span = error.span().map_or(Span::empty(offset), |r| {
                    Span::new(r.start + offset, r.end + offset)
                });
                let message = error.message().trim().to_string();
                (
                    None,
                    vec![SyntaxProblem {
                        span,
                        message: format!("invalid TOML: {message}"),
                        help: None,
                        related: None,
                    }],
                )
            }
        }
    }

    fn convert_table(
        table: &DeTable<'_>,
        offset: usize,
        depth: usize,
    ) -> Result<Vec<Entry>, SyntaxProblem> {
        let mut entries = Vec::with_capacity(table.len());
        for (key, value) in table {
            let key_span = key.span();
            entries.push(Entry {
                key: key.get_ref().to_string(),
                key_span: Span::new(key_span.start + offset, key_span.end + offset),
                value: convert(value, offset, depth + 1)?,
            });
        }
        entries.sort_by_key(|entry| entry.key_span.start);
        Ok(entries)
    }

    fn convert(
        value: &Spanned<DeValue<'_>>,
        offset: usize,
        depth: usize,
    ) -> Result<Value, SyntaxProblem> {
        let range = value.span();
        let span = Span::new(range.start + offset, range.end + offset);
        if depth > MAX_DEPTH {
            return Err(SyntaxProblem {
                span,
                message: format!("front matter is nested more than {MAX_DEPTH} levels deep"),
                help: None,
                related: None,
            });
        }
        let kind = match value.get_ref() {
            DeValue::String(s) => ValueKind::String(s.to_string()),
            DeValue::Integer(i) => {
                let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
                let digits = digits
                    .trim_start_matches("0x")
                    .trim_start_matches("0o")
                    .trim_start_matches("0b");
                match i64::from_str_radix(digits, i.radix()) {
                    Ok(n) => ValueKind::Integer(n),
                    Err(_) => ValueKind::Float(f64::NAN),
                }
            }
            DeValue::Float(f) => {
                let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
                ValueKind::Float(match text.as_str() {
                    "inf" | "+inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    "nan" | "+nan" | "-nan" => f64::NAN,
                    other => other.parse().unwrap_or(f64::NAN),
                })
            }
            DeValue::Boolean(b) => ValueKind::Bool(*b),
            DeValue::Datetime(d) => ValueKind::Datetime(d.to_string()),
            DeValue::Array(items) => ValueKind::List(
                items
                    .iter()
                    .map(|item| convert(item, offset, depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            DeValue::Table(table) => ValueKind::Map(convert_table(table, offset, depth)?),
        };
        Ok(Value { span, kind })
    }
}

/// What to do about the YAML scanner's most common complaints, in the
/// words of someone writing front matter.
fn yaml_help(info: &str) -> Option<String> {
    let help = if info.contains("mapping values are not allowed") {
        "a value with `: ` in it must be quoted: `title: \"Dogs: A Guide\"`"
    } else if info.contains("tab") {
        "indent with spaces: YAML does not allow tabs here"
    } else if info.contains("quoted scalar, found unexpected end")
        || info.contains("quoted scalar, found unexpected document indicator")
    {
        "close the quote the value opens"
    } else if info.contains("unknown escape character") {
        "in double quotes a backslash starts an escape: write `\\\\`, or use single quotes"
    } else if info.contains("indentation") {
        "line up the keys of one level, and indent nested ones by the same number of spaces"
    } else if info.contains("cannot start any token") || info.contains("unexpected character") {
        "quote a value that starts with `@`, a backtick, `%` or another YAML indicator"
    } else {
        return None;
    };
    Some(help.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        let (root, problems) = parse_yaml(text, 0, &Deadline::none());
        assert!(problems.is_empty(), "{problems:?}");
        root.expect("a value")
    }

    #[test]
    fn a_string_written_in_a_values_style_reads_back_as_that_string() {
        let texts = [
            "https://www.example.com/blog/a/",
            "Dogs: A Guide",
            "say \"hi\" \\ bye",
            "it's",
            "true",
            "12",
            "#tag",
            "- item",
            "a #b",
            " padded ",
        ];
        for text in texts {
            for written in ["plain", "\"quoted\"", "'single'"] {
                let value = string_in_style(Format::Yaml, written, text).expect("YAML holds it");
                let read = yaml(&format!("k: {value}\n"));
                assert_eq!(
                    read.entry("k").unwrap().value.as_str(),
                    Some(text),
                    "{value}"
                );
                let Some(value) = string_in_style(Format::Toml, written, text) else {
                    assert!(written.starts_with('\'') && text.contains('\''));
                    continue;
                };
                let (read, problems) = parse_toml(&format!("k = {value}\n"), 0, &Deadline::none());
                assert!(problems.is_empty(), "{value}: {problems:?}");
                let read = read.unwrap();
                assert_eq!(
                    read.entry("k").unwrap().value.as_str(),
                    Some(text),
                    "{value}"
                );
            }
        }
        // The style is kept where it can hold the text.
        assert_eq!(
            string_in_style(Format::Yaml, "'x'", "a").as_deref(),
            Some("'a'")
        );
        assert_eq!(
            string_in_style(Format::Yaml, "x", "a").as_deref(),
            Some("a")
        );
        assert_eq!(string_in_style(Format::Yaml, "|", "a"), None);
        assert_eq!(string_in_style(Format::Yaml, "x", "a\nb"), None);
    }

    #[test]
    fn common_yaml_mistakes_get_a_help_line() {
        let help = |text: &str| {
            let (_, problems) = parse_yaml(text, 0, &Deadline::none());
            problems.first().and_then(|problem| problem.help.clone())
        };
        let cases = [
            ("title: Dogs: A Guide\n", "must be quoted"),
            ("title: \"Dogs\n", "close the quote"),
            ("title: x\n\tdate: 2025-01-01\n", "indent with spaces"),
            ("title: \"a\\q\"\n", "starts an escape"),
            ("title: @dog\n", "quote a value that starts with `@`"),
        ];
        for (text, expected) in cases {
            let help = help(text).unwrap_or_default();
            assert!(help.contains(expected), "{text:?}: {help:?}");
        }
    }

    #[test]
    fn yaml_keys_and_values_carry_byte_spans() {
        let text = "title: Hello 🐶 dog\ncount: 3\nmetadata:\n  canonical: \"https://x.y/z\"\ntags:\n  - a\n  - b\n";
        let root = yaml(text);
        let title = root.entry("title").unwrap();
        assert_eq!(&text[title.key_span.start..title.key_span.end], "title");
        assert_eq!(
            &text[title.value.span.start..title.value.span.end],
            "Hello 🐶 dog"
        );
        assert_eq!(
            root.entry("count").unwrap().value.kind,
            ValueKind::Integer(3)
        );
        let canonical = root.lookup("metadata.canonical").unwrap();
        assert_eq!(
            &text[canonical.value.span.start..canonical.value.span.end],
            "\"https://x.y/z\""
        );
        let tags = &root.entry("tags").unwrap().value;
        let ValueKind::List(items) = &tags.kind else {
            panic!("tags is a list")
        };
        assert_eq!(&text[items[1].span.start..items[1].span.end], "b");
    }

    #[test]
    fn empty_yaml_values_span_only_themselves() {
        let text = "a: \"\" # note\nb: '' # note\nc: [] # note\nd: {} # note\ne: [x, \"]\"] # note\n\"f\": 'it''s'\ng:\n  \"h\": 1\n";
        let root = yaml(text);
        let shown = [
            ("a", "\"\""),
            ("b", "''"),
            ("c", "[]"),
            ("d", "{}"),
            ("e", "[x, \"]\"]"),
            ("f", "'it''s'"),
            ("g", "\"h\": 1"),
        ];
        for (key, shown) in shown {
            let value = &root.entry(key).unwrap().value;
            assert_eq!(&text[value.span.start..value.span.end], shown, "{key}");
        }
    }

    #[test]
    fn yaml_duplicate_keys_are_reported_on_the_second_key() {
        let text = "title: a\ndate: 1\ntitle: b\n";
        let (_, problems) = parse_yaml(text, 10, &Deadline::none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].span, Span::new(10 + 17, 10 + 22));
    }

    #[test]
    fn yaml_errors_point_into_the_text() {
        let text = "title: a\ntags: [a, b\nother: c\n";
        let (root, problems) = parse_yaml(text, 0, &Deadline::none());
        assert!(root.is_none());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].span.start > 8, "{problems:?}");
    }

    #[test]
    fn yaml_plain_scalars_resolve_like_the_core_schema() {
        let root = yaml("a: true\nb: 1.5\nc: ~\nd: '12'\ne: 0x1F\nf: 2025-01-01\n");
        let kind = |k: &str| root.entry(k).unwrap().value.kind.clone();
        assert_eq!(kind("a"), ValueKind::Bool(true));
        assert_eq!(kind("b"), ValueKind::Float(1.5));
        assert_eq!(kind("c"), ValueKind::Null);
        assert_eq!(kind("d"), ValueKind::String("12".into()));
        assert_eq!(kind("e"), ValueKind::Integer(31));
        assert_eq!(kind("f"), ValueKind::String("2025-01-01".into()));
    }

    #[test]
    fn a_flow_list_closed_in_column_zero_is_accepted_with_true_spans() {
        let text = "aliases: [\n  '/a/',\n  '/b/',\n]\ntitle: Types\n";
        let (root, problems) = parse_yaml(text, 7, &Deadline::none());
        assert!(problems.is_empty(), "{problems:?}");
        let root = root.unwrap();
        let title = root.entry("title").unwrap();
        assert_eq!(
            &text[title.key_span.start - 7..title.key_span.end - 7],
            "title"
        );
        assert_eq!(
            &text[title.value.span.start - 7..title.value.span.end - 7],
            "Types"
        );
        let ValueKind::List(items) = &root.entry("aliases").unwrap().value.kind else {
            panic!("a list")
        };
        assert_eq!(
            &text[items[1].span.start - 7..items[1].span.end - 7],
            "'/b/'"
        );
    }

    #[test]
    fn yaml_alias_bombs_are_refused_not_expanded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut previous = "a";
        for name in names {
            text.push_str(&format!("{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
            previous = name;
        }
        // Expanded, this would be a billion strings; refused, it is one finding.
        let (_, problems) = parse_yaml(&text, 0, &Deadline::none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("aliases"));
    }

    #[test]
    fn yaml_nesting_is_bounded() {
        let text: String = (0..100)
            .map(|depth| format!("{}k{depth}:\n", " ".repeat(depth)))
            .collect();
        let (root, problems) = parse_yaml(&text, 0, &Deadline::none());
        assert!(root.is_none());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("nested"), "{problems:?}");
    }

    #[test]
    fn yaml_parsing_stops_once_the_deadline_passes() {
        use std::time::Duration;
        let text: String = (0..2000).map(|i| format!("key{i}: {i}\n")).collect();
        let (root, _) = parse_yaml(&text, 0, &Deadline::none());
        assert_eq!(root.unwrap().entries().len(), 2000);
        let late = Deadline::new(Duration::from_secs(1), Duration::from_secs(2));
        let (root, problems) = parse_yaml(&text, 0, &late);
        assert!(root.is_none() && problems.is_empty());
        assert!(late.passed());
    }

    #[test]
    fn toml_values_carry_spans() {
        let text = "title = \"Hi\"\ndate = 2024-01-02\n[extra]\nn = 3\n";
        let (root, problems) = parse_toml(text, 4, &Deadline::none());
        assert!(problems.is_empty());
        let root = root.unwrap();
        let title = root.entry("title").unwrap();
        assert_eq!(title.key_span, Span::new(4, 9));
        assert_eq!(
            &text[title.value.span.start - 4..title.value.span.end - 4],
            "\"Hi\""
        );
        assert_eq!(
            root.entry("date").unwrap().value.kind,
            ValueKind::Datetime("2024-01-02".into())
        );
        assert_eq!(
            root.lookup("extra.n").unwrap().value.kind,
            ValueKind::Integer(3)
        );
    }

    #[test]
    fn toml_duplicate_keys_are_errors() {
        let (root, problems) = parse_toml("a = 1\na = 2\n", 0, &Deadline::none());
        assert!(root.is_none());
        assert_eq!(problems.len(), 1);
    }
}
