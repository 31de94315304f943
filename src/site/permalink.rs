//! Permalink templates: `/{slug}`, `/{year}/{month}/{fm:slug}/`,
//! `/{path|lower}/`. A site may list several; the first whose values all
//! exist for an article gives its URL.

use std::path::Path;

use crate::article::dates::Moment;
use crate::article::front_matter::{Value, ValueKind};
use crate::article::Article;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub text: String,
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    Placeholder {
        source: Source,
        filters: Vec<Filter>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Source {
    Slug,
    Path,
    Dir,
    Stem,
    Year,
    Month,
    Day,
    Category,
    Categories,
    Branch,
    Field(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    Lower,
    Slug,
    Undated,
    Unnumbered,
    DateFolders,
}

pub const PLACEHOLDERS: &[&str] = &[
    "slug",
    "path",
    "dir",
    "stem",
    "year",
    "month",
    "day",
    "category",
    "categories",
    "fm:KEY",
];
pub const FILTERS: &[&str] = &["lower", "slug", "undated", "unnumbered", "date-folders"];

/// A problem in a template: a message and the byte range in the template text.
#[derive(Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    pub start: usize,
    pub end: usize,
}

/// What a template needs from an article, gathered once per article.
pub struct Facts<'a> {
    pub article: &'a Article,
    /// The file's path under its content root, with `/` separators.
    pub relative: &'a str,
    /// Names of the publish-date fields to try for `{year}` and friends.
    pub date_fields: &'a [&'a str],
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = text;
        let mut offset = 0;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(TemplateError {
                    message: "`{` is never closed".into(),
                    start: offset + open,
                    end: offset + rest.len(),
                });
            };
            let inner = &rest[open + 1..open + close];
            let start = offset + open;
            let end = offset + open + close + 1;
            let error = |message: String| TemplateError {
                message,
                start,
                end,
            };
            let mut pieces = inner.split('|');
            let name = pieces.next().unwrap_or("").trim();
            let source = match name {
                "slug" => Source::Slug,
                "path" => Source::Path,
                "dir" => Source::Dir,
                "stem" => Source::Stem,
                "year" => Source::Year,
                "month" => Source::Month,
                "day" => Source::Day,
                "category" => Source::Category,
                "categories" => Source::Categories,
                "branch" => Source::Branch,
                _ => match name.strip_prefix("fm:") {
                    Some(key) if !key.is_empty() => Source::Field(key.to_string()),
                    _ => {
                        return Err(error(format!(
                            "unknown placeholder `{{{name}}}`; known: {}",
                            PLACEHOLDERS
                                .iter()
                                .map(|p| format!("{{{p}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )))
                    }
                },
            };
            let mut filters = Vec::new();
            for filter in pieces {
                filters.push(match filter.trim() {
                    "lower" => Filter::Lower,
                    "slug" => Filter::Slug,
                    "undated" => Filter::Undated,
                    "unnumbered" => Filter::Unnumbered,
                    "date-folders" => Filter::DateFolders,
                    other => {
                        return Err(error(format!(
                            "unknown filter `{other}`; known: {}",
                            FILTERS.join(", ")
                        )))
                    }
                });
            }
            parts.push(Part::Placeholder { source, filters });
            offset += open + close + 1;
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        Ok(Template {
            text: text.to_string(),
            parts,
        })
    }

    /// The URL path for an article, or `None` when a value the template
    /// needs is missing.
    pub fn render(&self, facts: &Facts<'_>) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Placeholder { source, filters } => {
                    let mut value = source.value(facts)?;
                    for filter in filters {
                        value = match filter {
                            Filter::Lower => value.to_lowercase(),
                            Filter::Slug => slugify(&value),
                            Filter::Undated => match date_prefix(&value) {
                                Some((_, rest)) if !rest.is_empty() => rest.to_string(),
                                _ => value,
                            },
                            Filter::Unnumbered => value
                                .split('/')
                                .map(without_number_prefix)
                                .collect::<Vec<_>>()
                                .join("/"),
                            Filter::DateFolders => date_folders(&value),
                        };
                    }
                    out.push_str(&value);
                }
            }
        }
        // An empty value leaves `//`, which is one `/` in the URL.
        while let Some(at) = out.find("//") {
            out.remove(at);
        }
        Some(out)
    }
}

impl Source {
    fn value(&self, facts: &Facts<'_>) -> Option<String> {
        let relative = facts.relative;
        let without_ext = match relative.rfind('.') {
            Some(dot) if !relative[dot..].contains('/') => &relative[..dot],
            _ => relative,
        };
        let page_path = strip_index(without_ext);
        match self {
            Source::Slug => match facts.article.field("slug").and_then(scalar) {
                Some(slug) => Some(slug),
                None => Some(page_path.rsplit('/').next().unwrap_or("").to_string()),
            },
            Source::Path => Some(page_path.to_string()),
            // The folder of the page: for `a/b/index.md` that is `a/b` itself.
            Source::Dir => Some(match page_path.rfind('/') {
                _ if is_index(without_ext) => page_path.to_string(),
                Some(at) => page_path[..at].to_string(),
                None => String::new(),
            }),
            Source::Stem => Path::new(relative)
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned()),
            Source::Year | Source::Month | Source::Day => {
                let from_field = facts
                    .date_fields
                    .iter()
                    .find_map(|name| facts.article.field(name))
                    .and_then(Value::as_str)
                    .and_then(|text| Moment::parse(text).ok())
                    .map(|moment| (moment.year, moment.month, moment.day));
                // Jekyll, Zola and the Docusaurus blog date a post by its
                // file name (`2025-03-01-title.md`) when no field does.
                let (year, month, day) = from_field.or_else(|| {
                    let name = page_path.rsplit('/').next().unwrap_or("");
                    date_prefix(name).map(|(date, _)| date)
                })?;
                Some(match self {
                    Source::Year => format!("{year:04}"),
                    Source::Month => format!("{month:02}"),
                    _ => format!("{day:02}"),
                })
            }
            Source::Category => facts
                .article
                .field("category")
                .and_then(scalar)
                .map(|c| slugify(&c)),
            Source::Categories => jekyll_categories(facts.article),
            // Hugo's branch bundles (`_index.md`: sections and list pages)
            // keep their path whatever the section's permalink says.
            Source::Branch => without_ext
                .rsplit('/')
                .next()
                .is_some_and(|name| name == "_index")
                .then(|| page_path.to_string()),
            Source::Field(key) => facts.article.field(key).and_then(scalar),
        }
        .filter(|value| {
            !value.is_empty()
                || matches!(
                    self,
                    Source::Path | Source::Dir | Source::Categories | Source::Branch
                )
        })
    }
}

/// Jekyll's `:categories`: the `category` and `categories` values (a list,
/// or words separated by spaces), lower-cased, without repeats, joined
/// with `/`; none is an empty segment, which the URL then drops.
fn jekyll_categories(article: &Article) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for key in ["category", "categories"] {
        let Some(value) = article.field(key) else {
            continue;
        };
        let words: Vec<String> = match &value.kind {
            ValueKind::List(items) => items.iter().filter_map(scalar).collect(),
            _ if key == "categories" => scalar(value)
                .map(|text| text.split_whitespace().map(str::to_string).collect())
                .unwrap_or_default(),
            _ => scalar(value).into_iter().collect(),
        };
        for word in words {
            let word = word.to_lowercase();
            if !word.is_empty() && !names.contains(&word) {
                names.push(word);
            }
        }
    }
    Some(names.join("/"))
}

/// Docusaurus' number prefixes: `01-intro` is `intro`, `2. Setup` is
/// `Setup`; a name that is only a number keeps it.
fn without_number_prefix(segment: &str) -> &str {
    let digits = segment.len()
        - segment
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 {
        return segment;
    }
    let rest = segment[digits..].trim_start();
    let separators = rest.len() - rest.trim_start_matches(['-', '_', '.']).len();
    let suffix = rest[separators..].trim_start();
    if separators == 0 || suffix.is_empty() || suffix.starts_with(['-', '_', '.']) {
        return segment;
    }
    suffix
}

/// The Docusaurus blog's post paths: the date in a path (`2021-08-26-hi`,
/// `2019/12-30-recap`, as its file-name pattern finds it) moves to the
/// front as folders (`2021/08/26/hi`, `2019/12/30/recap`); a path without
/// one is unchanged.
fn date_folders(path: &str) -> String {
    use std::sync::OnceLock;
    static DATED: OnceLock<regex::Regex> = OnceLock::new();
    let dated = DATED.get_or_init(|| {
        regex::Regex::new(r"^(.*)(\d{4})[-/](\d{1,2})[-/](\d{1,2})[-/]?(.*)$").expect("valid regex")
    });
    let Some(found) = dated.captures(path) else {
        return path.to_string();
    };
    let number = |at: usize| found[at].parse::<u32>().unwrap_or(0);
    let (month, day) = (number(3), number(4));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return path.to_string();
    }
    format!(
        "{}/{month:02}/{day:02}/{}{}",
        &found[2], &found[1], &found[5]
    )
    .trim_end_matches('/')
    .to_string()
}

/// A leading `YYYY-MM-DD-` in a file name: the date and the rest.
fn date_prefix(name: &str) -> Option<((i32, u32, u32), &str)> {
    let bytes = name.as_bytes();
    if bytes.len() < 11 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = name.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(((year as i32, month, day), &name[11..]))
}

fn scalar(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::String(s) | ValueKind::Datetime(s) => Some(s.trim().to_string()),
        ValueKind::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

fn is_index(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or(path);
    last == "index" || last == "_index"
}

/// `a/b/index` → `a/b`; `_index` → ``.
fn strip_index(path: &str) -> &str {
    if !is_index(path) {
        return path;
    }
    match path.rfind('/') {
        Some(at) => &path[..at],
        None => "",
    }
}

/// Lower-case, runs of anything but letters and digits to one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(front_matter: &str) -> Article {
        Article::parse(
            "x.md".into(),
            "x.md".into(),
            format!("---\n{front_matter}\n---\n"),
            false,
            Default::default(),
        )
    }

    fn render(template: &str, front_matter: &str, relative: &str) -> Option<String> {
        let article = article(front_matter);
        let facts = Facts {
            article: &article,
            relative,
            date_fields: &["publishDate"],
        };
        Template::parse(template).unwrap().render(&facts)
    }

    #[test]
    fn placeholders_take_values_from_the_file_and_front_matter() {
        assert_eq!(
            render("/{slug}", "title: x", "dog-zoomies.md").as_deref(),
            Some("/dog-zoomies")
        );
        assert_eq!(
            render("/{slug}", "slug: zoom", "dog-zoomies.md").as_deref(),
            Some("/zoom")
        );
        assert_eq!(
            render("/{slug}/", "title: x", "posts/zoom/index.md").as_deref(),
            Some("/zoom/")
        );
        assert_eq!(
            render("/{path}/", "title: x", "Guides/Intro/_index.md").as_deref(),
            Some("/Guides/Intro/")
        );
        assert_eq!(
            render("/{path|lower}/", "title: x", "Guides/Intro.md").as_deref(),
            Some("/guides/intro/")
        );
        assert_eq!(
            render("/{path}/", "title: x", "_index.md").as_deref(),
            Some("/")
        );
        assert_eq!(
            render("/{dir}/{fm:slug}/", "slug: s", "a/b/page.md").as_deref(),
            Some("/a/b/s/")
        );
        assert_eq!(
            render(
                "/{year}/{month}/{day}/{slug}",
                "publishDate: 2025-08-21T00:00:00Z",
                "p.md"
            )
            .as_deref(),
            Some("/2025/08/21/p")
        );
        assert_eq!(
            render(
                "/{category}/{slug}",
                "category: Dog Behavior & Care",
                "p.md"
            )
            .as_deref(),
            Some("/dog-behavior-care/p")
        );
    }

    #[test]
    fn a_dated_file_name_gives_the_date_and_an_undated_slug() {
        let jekyll = "/{categories}/{year}/{month}/{day}/{slug|undated}.html";
        assert_eq!(
            render(
                jekyll,
                "categories: [Edge Case, News]",
                "_posts/2009-05-15-lists.md"
            )
            .as_deref(),
            Some("/edge case/news/2009/05/15/lists.html")
        );
        assert_eq!(
            render(
                jekyll,
                "category: news\npublishDate: 2010-01-02",
                "_posts/2009-05-15-lists.md"
            )
            .as_deref(),
            Some("/news/2010/01/02/lists.html")
        );
        assert_eq!(
            render(
                "/{categories}/{slug|undated}/",
                "title: x",
                "2009-05-15-a.md"
            )
            .as_deref(),
            Some("/a/")
        );
        assert_eq!(
            render("/{slug|undated}/", "title: x", "2009-13-15-a.md").as_deref(),
            Some("/2009-13-15-a/")
        );
        assert_eq!(render("/{year}/", "title: x", "2009-13-15-a.md"), None);
    }

    #[test]
    fn docusaurus_number_prefixes_and_blog_dates() {
        assert_eq!(
            render(
                "/docs/{path|unnumbered}",
                "title: x",
                "01-guides/2. Setup.md"
            )
            .as_deref(),
            Some("/docs/guides/Setup")
        );
        assert_eq!(
            render("/{path|unnumbered}", "title: x", "2024/10-x/1-.md").as_deref(),
            Some("/2024/x/1-")
        );
        assert_eq!(
            render(
                "/blog/{path|date-folders}",
                "title: x",
                "2021-08-26-welcome/index.md"
            )
            .as_deref(),
            Some("/blog/2021/08/26/welcome")
        );
        assert_eq!(
            render(
                "/blog/{path|date-folders}",
                "title: x",
                "2019/2019-05-28-hi.md"
            )
            .as_deref(),
            Some("/blog/2019/05/28/2019/hi")
        );
        assert_eq!(
            render(
                "/blog/{path|date-folders}",
                "title: x",
                "2019/12-30-recap.mdx"
            )
            .as_deref(),
            Some("/blog/2019/12/30/recap")
        );
        assert_eq!(
            render("/blog/{path|date-folders}", "title: x", "releases/3.0.md").as_deref(),
            Some("/blog/releases/3.0")
        );
    }

    #[test]
    fn only_a_branch_bundle_has_a_branch_path() {
        assert_eq!(
            render("/{branch}/", "title: x", "blog/news/_index.md").as_deref(),
            Some("/blog/news/")
        );
        assert_eq!(render("/{branch}/", "title: x", "blog/news/index.md"), None);
        assert_eq!(render("/{branch}/", "title: x", "blog/post.md"), None);
    }

    #[test]
    fn missing_values_make_the_template_unusable() {
        assert_eq!(render("{fm:url}", "title: x", "p.md"), None);
        assert_eq!(render("/{year}/{slug}", "title: x", "p.md"), None);
    }

    #[test]
    fn bad_templates_are_refused_with_a_position() {
        let error = Template::parse("/{sluggy}/").unwrap_err();
        assert_eq!((error.start, error.end), (1, 9));
        assert!(Template::parse("/{path|upper}").is_err());
        assert!(Template::parse("/{slug").is_err());
    }
}
