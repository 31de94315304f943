//! The rule engine: what a rule is, the one list of rules, and the context
//! a rule reports through.

pub mod broken_anchor;
pub mod broken_link;
pub mod canonical_url;
pub mod date_order;
pub mod description_length;
pub mod duplicate_canonical;
pub mod duplicate_content;
pub mod duplicate_excerpt;
pub mod duplicate_title;
pub mod empty_section;
pub mod external_link;
pub mod field_format;
pub mod field_type;
pub mod front_matter_schema;
pub mod front_matter_syntax;
pub mod heading_duplicate;
pub mod heading_empty;
pub mod heading_h1;
pub mod heading_increment;
pub mod image_alt;
pub mod image_missing;
pub mod image_remote;
pub mod image_url;
pub mod invalid_file;
pub mod non_canonical_link;
pub mod orphan_article;
pub mod placeholder_text;
pub mod required_field;
pub mod thin_content;
pub mod title_length;
pub mod truncated_article;
pub mod unknown_field;
pub mod unused_suppression;
pub mod wrapped_in_fence;

use crate::article::Article;
use crate::config::Settings;
use crate::diagnostic::{Applicability, Diagnostic, Position, Severity, Span};
use crate::online::OnlineResults;
use crate::site::Resolved;
use crate::site::Site;

/// An option a rule reads from `[rules.<id>]`.
#[derive(Debug)]
pub struct OptionMeta {
    pub name: &'static str,
    pub default: &'static str,
    pub kind: OptionKind,
    pub summary: &'static str,
}

/// What an option's value is: the config reader checks it, the schema describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// A string, or a list of strings.
    Text,
    /// A whole number of 0 or more.
    Count,
    /// A whole number from 1 to 100.
    Percent,
}

/// What part of an article a rule looks at. `--select`, `--ignore` and
/// `[rules]` accept a group's name for all of its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    FrontMatter,
    Headings,
    Links,
    Images,
    /// The failure modes of articles a tool wrote.
    Generated,
    /// What search engines see: canonical URLs, titles, descriptions.
    Seo,
    /// What the engine itself reports: unreadable files, stale suppressions.
    General,
}

impl Group {
    pub const ALL: &'static [Group] = &[
        Group::FrontMatter,
        Group::Headings,
        Group::Links,
        Group::Images,
        Group::Generated,
        Group::Seo,
        Group::General,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::FrontMatter => "front-matter",
            Group::Headings => "headings",
            Group::Links => "links",
            Group::Images => "images",
            Group::Generated => "generated",
            Group::Seo => "seo",
            Group::General => "general",
        }
    }

    pub fn parse(name: &str) -> Option<Group> {
        Group::ALL
            .iter()
            .copied()
            .find(|group| group.name() == name)
    }

    pub fn rules(self) -> impl Iterator<Item = &'static RuleMeta> {
        ALL_META
            .iter()
            .copied()
            .filter(move |meta| meta.group == self)
    }
}

#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub group: Group,
    /// The level the rule reports at when it is on.
    pub default_severity: Severity,
    /// `false`: the rule runs only when the config sets its level, or
    /// `--select` names it (a site policy such as a minimum word count).
    pub default_enabled: bool,
    pub summary: &'static str,
    /// `rules/<id>.md`, compiled in for `proofmark explain`.
    pub docs: &'static str,
    pub options: &'static [OptionMeta],
    /// Whether the rule's findings can carry a fix, and how sure the surest
    /// of them is (`proofmark rules` marks them).
    pub fix: Option<Applicability>,
}

/// A check of one article. Rules are pure: no disk, no network, no printing.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>);
}

/// Every rule that checks an article, in catalogue order.
pub static CHECKS: &[&dyn Rule] = &[
    &wrapped_in_fence::WrappedInFence,
    &front_matter_syntax::FrontMatterSyntax,
    &required_field::RequiredField,
    &field_type::FieldType,
    &field_format::FieldFormat,
    &unknown_field::UnknownField,
    &front_matter_schema::FrontMatterSchema,
    &date_order::DateOrder,
    &heading_increment::HeadingIncrement,
    &heading_h1::HeadingH1,
    &heading_duplicate::HeadingDuplicate,
    &heading_empty::HeadingEmpty,
    &canonical_url::CanonicalUrl,
    &duplicate_canonical::DuplicateCanonical,
    &duplicate_title::DuplicateTitle,
    &duplicate_excerpt::DuplicateExcerpt,
    &duplicate_content::DuplicateContent,
    &broken_link::BrokenLink,
    &broken_anchor::BrokenAnchor,
    &non_canonical_link::NonCanonicalLink,
    &external_link::ExternalLink,
    &image_alt::ImageAlt,
    &image_missing::ImageMissing,
    &image_url::ImageUrl,
    &image_remote::ImageRemote,
    &truncated_article::TruncatedArticle,
    &placeholder_text::PlaceholderText,
    &empty_section::EmptySection,
    &title_length::TitleLength,
    &description_length::DescriptionLength,
    &thin_content::ThinContent,
    &orphan_article::OrphanArticle,
];

/// Every rule, including the two the engine itself applies (files that
/// cannot be read, suppressions that suppress nothing).
pub static ALL_META: &[&RuleMeta] = &[
    &invalid_file::META,
    &front_matter_syntax::META,
    &wrapped_in_fence::META,
    &required_field::META,
    &field_type::META,
    &field_format::META,
    &unknown_field::META,
    &front_matter_schema::META,
    &date_order::META,
    &heading_increment::META,
    &heading_h1::META,
    &heading_duplicate::META,
    &heading_empty::META,
    &canonical_url::META,
    &duplicate_canonical::META,
    &duplicate_title::META,
    &duplicate_excerpt::META,
    &duplicate_content::META,
    &broken_link::META,
    &broken_anchor::META,
    &non_canonical_link::META,
    &external_link::META,
    &image_alt::META,
    &image_missing::META,
    &image_url::META,
    &image_remote::META,
    &truncated_article::META,
    &placeholder_text::META,
    &empty_section::META,
    &title_length::META,
    &description_length::META,
    &thin_content::META,
    &orphan_article::META,
    &unused_suppression::META,
];

pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    ALL_META.iter().copied().find(|meta| meta.id == id)
}

/// The rules a name stands for: one rule's id, or a group's name.
pub fn named(name: &str) -> Option<Vec<&'static RuleMeta>> {
    meta(name)
        .map(|meta| vec![meta])
        .or_else(|| Group::parse(name).map(|group| group.rules().collect()))
}

/// Every name `named` accepts, for "did you mean".
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL_META
        .iter()
        .map(|meta| meta.id)
        .chain(Group::ALL.iter().map(|group| group.name()))
}

/// How a finding names the other pages of a pair: "`a.md`", or "`a.md`
/// and 3 more".
pub fn name_others(site: &Site, others: crate::site::Others<'_>) -> String {
    match others.count {
        1 => format!("`{}`", site.display(others.first)),
        count => format!("`{}` and {} more", site.display(others.first), count - 1),
    }
}

/// The article a rule checks: its path as reports show it, and under the config's folder.
#[derive(Clone, Copy)]
pub struct ArticleFile<'a> {
    pub display: &'a str,
    pub relative: &'a std::path::Path,
}

/// What a rule sees besides the article: its settings, and where to report.
pub struct Ctx<'a> {
    meta: &'static RuleMeta,
    severity: Severity,
    settings: &'a Settings,
    path: &'a str,
    /// The article's collection's front-matter settings and title rendering.
    front_matter: &'a crate::config::FrontMatterSettings,
    title_heading: crate::config::TitleHeading,
    /// Where each of the article's links goes, resolved once for all rules.
    links: &'a [Resolved<'a>],
    /// What `--online` found for each URL; `None` when offline.
    online: Option<&'a OnlineResults>,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        meta: &'static RuleMeta,
        severity: Severity,
        settings: &'a Settings,
        file: ArticleFile<'a>,
        links: &'a [Resolved<'a>],
        online: Option<&'a OnlineResults>,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Ctx {
            meta,
            severity,
            settings,
            path: file.display,
            front_matter: settings.front_matter_of(file.relative),
            title_heading: settings.title_heading_of(file.relative),
            links,
            online,
            out,
        }
    }

    /// The front-matter schema and strictness for this article (its
    /// collection's, else the site's).
    pub fn front_matter(&self) -> &'a crate::config::FrontMatterSettings {
        self.front_matter
    }

    /// How this article's layout renders its title.
    pub fn title_heading(&self) -> crate::config::TitleHeading {
        self.title_heading
    }

    /// What `--online` found for each external URL; `None` in an offline run.
    pub fn online(&self) -> Option<&'a OnlineResults> {
        self.online
    }

    /// The article's links (`article.body.links`, same order) with where each goes.
    pub fn resolved_links(&self) -> &'a [Resolved<'a>] {
        self.links
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// This rule's option `name`, or its default.
    pub fn option(&self, name: &str) -> &'a str {
        self.settings.option(self.meta, name)
    }

    /// This rule's [`OptionKind::Count`] option `name` (checked when the
    /// config was read), or its default.
    pub fn count_option(&self, name: &str) -> usize {
        self.settings.count_option(self.meta, name)
    }

    /// Records a finding; add a label or help on the returned diagnostic.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            path: self.path.to_string(),
            rule: self.meta.id,
            severity: self.severity,
            message: message.into(),
            label: None,
            help: None,
            span,
            start: Position::default(),
            end: Position::default(),
            snippet: None,
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}
