//! `proofmark.toml` → [`Settings`]: typed, validated, and every error
//! reported with its span in the config file.

pub mod json_schema;
pub mod online;
pub mod presets;
pub mod schema;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::article::markdown::HeadingIds;
use crate::article::LineIndex;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::rules::{self, OptionKind, RuleMeta};
use crate::site::fast_hash::FastMap;
use crate::site::permalink::Template;
use crate::suggest::did_you_mean;
use presets::Preset;
use schema::{FieldSpec, FieldType};

pub const FILE_NAMES: &[&str] = &["proofmark.toml", ".proofmark.toml"];

/// The keys and choices `proofmark.toml` accepts, shared by the reader and
/// `proofmark config-schema` so that the two cannot drift apart.
pub mod keys {
    pub const ROOT: &[&str] = &[
        "site",
        "front-matter",
        "rules",
        "overrides",
        "collections",
        "cache",
        "limits",
        "online",
    ];
    pub const CACHE: &[&str] = &["dir", "enabled"];
    pub const LIMITS: &[&str] = &["max-file-size", "max-file-time"];
    pub const ONLINE: &[&str] = &[
        "concurrency",
        "per-host",
        "host-interval",
        "timeout",
        "budget",
        "max-redirects",
        "retries",
        "max-retry-wait",
        "accept",
        "exclude",
        "allow-addresses",
        "user-agent",
        "success-ttl",
        "failure-ttl",
    ];
    pub const SITE: &[&str] = &[
        "framework",
        "url",
        "aliases",
        "content",
        "exclude",
        "permalink",
        "trailing-slash",
        "routes",
        "public",
        "path-aliases",
        "redirects",
        "redirect-fields",
        "case-sensitive",
        "heading-ids",
        "definition-term-ids",
        "ignore-links",
        "include-pattern",
        "relative-links",
        "title-heading",
        "i18n",
    ];
    pub const I18N: &[&str] = &["locales", "fallback", "fallback-at-root"];
    pub const FRONT_MATTER: &[&str] = &["preset", "unknown-fields", "fields", "schema"];
    pub const FIELD: &[&str] = &[
        "type",
        "items",
        "required",
        "min-length",
        "max-length",
        "pattern",
        "one-of",
        "min-items",
        "max-items",
        "unique",
    ];
    /// Besides a rule's own options, in `[rules.<id>]`.
    pub const RULE_TABLE: &[&str] = &["severity"];
    /// `[rules]` keys that are lists of rules, not rules.
    pub const FIX_LISTS: &[&str] = &["fixable", "unfixable"];
    pub const OVERRIDE: &[&str] = &["files", "rules"];
    pub const COLLECTION: &[&str] = &[
        "name",
        "content",
        "permalink",
        "title-heading",
        "relative-links",
        "front-matter",
    ];

    pub const TRAILING_SLASH: &[&str] = &["never", "always", "ignore"];
    pub const RELATIVE_LINKS: &[&str] = &["page", "section-or-root", "file-then-root"];
    pub const UNKNOWN_FIELDS: &[&str] = &["allow", "warn", "error"];
    pub const LEVELS: &[&str] = &["error", "warning", "warn", "off"];
}

/// A rule's configured level: a severity, or off.
pub type Level = Option<Severity>;

#[derive(Clone, Debug)]
pub struct Settings {
    /// The folder paths in the config are relative to (the config's folder, else the current one).
    pub root: PathBuf,
    pub config_path: Option<PathBuf>,
    /// With no config file: the config `proofmark init` writes for the site
    /// here, read from the framework's files at this run.
    pub generated_config: Option<String>,
    /// Things the run should tell the user about its settings.
    pub notes: Vec<String>,
    pub site: SiteSettings,
    pub front_matter: FrontMatterSettings,
    /// `[[collections]]`: groups of articles with their own URLs, title
    /// rendering, link resolution and schema (the site's, where not set).
    pub collections: Vec<Collection>,
    /// Levels set in `[rules]`.
    pub levels: FastMap<&'static str, Level>,
    /// Options set in `[rules.<id>]`, by rule and option name (a string or a list).
    pub options: FastMap<&'static str, BTreeMap<String, Vec<String>>>,
    /// `[rules.placeholder-text] patterns`, compiled once.
    pub placeholder_patterns: Vec<regex::Regex>,
    /// `[rules] fixable`: the only rules whose fixes apply (`None`: all).
    pub fixable: Option<Vec<&'static str>>,
    /// `[rules] unfixable`: rules whose fixes never apply.
    pub unfixable: Vec<&'static str>,
    pub overrides: Vec<Override>,
    /// Where the site-index cache lives (relative to `root`); `None` turns it off.
    pub cache_dir: Option<PathBuf>,
    /// Files larger than this many bytes get one finding and are not read.
    pub max_file_size: u64,
    /// How `--online` checks external links and remote images.
    pub online: online::OnlineSettings,
    /// A file that takes longer than this to parse and check gets one
    /// finding and no other.
    pub max_file_time: std::time::Duration,
}

/// The default `[limits] max-file-size`: far above any article, far below
/// what would hurt a CI machine.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10_000_000;

/// The default `[limits] max-file-time`: a thousand times what a long
/// article takes, short enough that a pathological file cannot stall CI.
pub const DEFAULT_MAX_FILE_TIME: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailingSlash {
    Never,
    Always,
    Ignore,
}

#[derive(Clone, Debug)]
pub struct SiteSettings {
    /// The site's origin, without a trailing `/`.
    pub url: Option<String>,
    pub aliases: Vec<String>,
    pub content: Vec<PathBuf>,
    pub exclude: Option<GlobSet>,
    /// Tried in order; the first whose values exist for an article wins.
    pub permalink: Vec<Template>,
    pub trailing_slash: TrailingSlash,
    /// URL paths served by pages that are not articles; `*` is one segment, `**` any.
    pub routes: Option<GlobSet>,
    pub public: Option<PathBuf>,
    pub path_aliases: Vec<(String, PathBuf)>,
    /// `from → to` URL paths, from the `redirects` file.
    pub redirects: Vec<(String, String)>,
    /// Front-matter fields listing other URLs that redirect to the article.
    pub redirect_fields: Vec<String>,
    pub case_sensitive: bool,
    pub heading_ids: HeadingIds,
    pub definition_term_ids: bool,
    /// Links matching these globs (as written) are not checked.
    pub ignore_links: Option<GlobSet>,
    /// How relative links resolve besides from the page itself.
    pub relative_links: RelativeLinks,
    /// How the layout renders the front-matter title.
    pub title_heading: TitleHeading,
    /// A regex whose `path` group names a file whose headings the page includes.
    pub include_pattern: Option<regex::Regex>,
    pub i18n: Option<I18n>,
}

/// How the layout renders an article's front-matter title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TitleHeading {
    /// As the page's H1.
    H1,
    /// As an H2: the first body heading may be an H3.
    H2,
    /// Not as a heading.
    None,
    /// As the H1, unless the body's first heading is an H1, which replaces it (Docusaurus).
    UnlessBodyH1,
}

impl TitleHeading {
    pub const NAMES: &'static [&'static str] = &["1", "2", "none", "unless-body-h1"];

    pub fn parse(name: &str) -> Option<TitleHeading> {
        match name {
            "1" => Some(TitleHeading::H1),
            "2" => Some(TitleHeading::H2),
            "none" => Some(TitleHeading::None),
            "unless-body-h1" => Some(TitleHeading::UnlessBodyH1),
            _ => None,
        }
    }

    /// The level the title has on the page of `article`, whose title is
    /// in `title_field`; `None` when the page shows no title heading.
    pub fn level(self, article: &crate::article::Article, title_field: &str) -> Option<u8> {
        article.field(title_field)?;
        match self {
            TitleHeading::H1 => Some(1),
            TitleHeading::H2 => Some(2),
            TitleHeading::None => None,
            TitleHeading::UnlessBodyH1 => {
                let first = article.body.headings.first();
                (first.map(|h| h.level) != Some(1)).then_some(1)
            }
        }
    }
}

/// Where a relative link is looked for when the page's own folder or URL has nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelativeLinks {
    /// Only from the page, as a browser does.
    Page,
    /// Then from the page's section and the site root (Hugo's link render
    /// hook resolves them with `GetPage`).
    SectionOrRoot,
    /// A link to a `.md`/`.mdx` file is looked for beside the page (unless it
    /// starts with `/`), then, unless it starts with `./` or `../`, in the
    /// page's content root and the site folder (Docusaurus' Markdown links).
    FileThenRoot,
}

impl RelativeLinks {
    /// A name of `keys::RELATIVE_LINKS`; anything else is `page`.
    pub fn parse(name: &str) -> RelativeLinks {
        match name {
            "section-or-root" => RelativeLinks::SectionOrRoot,
            "file-then-root" => RelativeLinks::FileThenRoot,
            _ => RelativeLinks::Page,
        }
    }
}

/// Translated sites: a missing page under a locale falls back to another locale's.
#[derive(Clone, Debug)]
pub struct I18n {
    pub locales: Vec<String>,
    pub fallback: String,
    /// The fallback locale's pages are at the root, not under `/<fallback>/`
    /// (Docusaurus; Astro without `prefixDefaultLocale`).
    pub fallback_at_root: bool,
}

/// A collection: the articles under its content folders, with each
/// setting resolved (its own, else the site's).
#[derive(Clone, Debug)]
pub struct Collection {
    pub name: String,
    /// Folders relative to the config's folder.
    pub content: Vec<PathBuf>,
    pub permalink: Vec<Template>,
    pub title_heading: TitleHeading,
    pub relative_links: RelativeLinks,
    pub front_matter: FrontMatterSettings,
}

#[derive(Clone, Debug)]
pub struct FrontMatterSettings {
    pub preset: Preset,
    /// The schema root: an object spec whose children are the known fields.
    pub schema: FieldSpec,
    /// Level of `unknown-field` from `unknown-fields` (allow → off).
    pub unknown_fields: Level,
    /// A JSON Schema every article's front matter must satisfy (`schema = "…"`).
    pub json_schema: Option<std::sync::Arc<jsonschema::Validator>>,
}

impl FrontMatterSettings {
    /// `unknown-field` needs something to compare with.
    pub fn has_schema(&self) -> bool {
        !self.schema.children.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Override {
    pub files: GlobSet,
    pub levels: FastMap<&'static str, Level>,
}

/// The rule levels of one file (see [`Settings::levels_for`]).
pub struct FileLevels<'s> {
    settings: &'s Settings,
    relative: &'s Path,
    /// The overrides whose globs match the file, in the config's order.
    overrides: Vec<&'s Override>,
}

impl FileLevels<'_> {
    /// As [`Settings::level_when`], for this file.
    pub fn level_when(&self, rule: &RuleMeta, enabled: bool) -> Level {
        let settings = self.settings;
        let mut level = match settings.levels.get(rule.id) {
            Some(level) => *level,
            None if rule.id == rules::unknown_field::META.id => {
                settings.front_matter_of(self.relative).unknown_fields
            }
            None => enabled.then_some(rule.default_severity),
        };
        for override_ in &self.overrides {
            if let Some(overridden) = override_.levels.get(rule.id) {
                level = *overridden;
            }
        }
        level
    }
}

impl Settings {
    /// The collection an article belongs to: the one with the deepest
    /// content folder holding it (`relative` is its path under `root`).
    pub fn collection_of(&self, relative: &Path) -> Option<&Collection> {
        self.collections
            .iter()
            .flat_map(|collection| collection.content.iter().map(move |c| (collection, c)))
            .filter(|(_, folder)| {
                let folder = folder.strip_prefix(".").unwrap_or(folder);
                relative.starts_with(folder)
            })
            .max_by_key(|(_, folder)| folder.components().count())
            .map(|(collection, _)| collection)
    }

    /// The front-matter settings that apply to an article.
    pub fn front_matter_of(&self, relative: &Path) -> &FrontMatterSettings {
        self.collection_of(relative)
            .map_or(&self.front_matter, |c| &c.front_matter)
    }

    pub fn title_heading_of(&self, relative: &Path) -> TitleHeading {
        self.collection_of(relative)
            .map_or(self.site.title_heading, |c| c.title_heading)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::defaults_at(PathBuf::from("."))
    }
}

impl Settings {
    pub fn defaults_at(root: PathBuf) -> Self {
        Settings {
            root,
            config_path: None,
            generated_config: None,
            notes: Vec::new(),
            site: SiteSettings {
                url: None,
                aliases: Vec::new(),
                content: Vec::new(),
                exclude: None,
                permalink: vec![Template::parse("/{slug}").expect("the default template is valid")],
                trailing_slash: TrailingSlash::Ignore,
                routes: None,
                public: None,
                path_aliases: Vec::new(),
                redirects: Vec::new(),
                redirect_fields: Vec::new(),
                case_sensitive: true,
                heading_ids: HeadingIds::Github,
                definition_term_ids: false,
                ignore_links: None,
                include_pattern: None,
                relative_links: RelativeLinks::Page,
                title_heading: TitleHeading::H1,
                i18n: None,
            },
            front_matter: FrontMatterSettings {
                preset: Preset::None,
                schema: FieldSpec::default(),
                unknown_fields: Some(Severity::Error),
                json_schema: None,
            },
            collections: Vec::new(),
            levels: FastMap::default(),
            options: FastMap::default(),
            placeholder_patterns: Vec::new(),
            fixable: None,
            unfixable: Vec::new(),
            overrides: Vec::new(),
            cache_dir: Some(PathBuf::from(".proofmark-cache")),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            online: online::OnlineSettings::default(),
            max_file_time: DEFAULT_MAX_FILE_TIME,
        }
    }

    /// The level of `rule` for the file at `relative` (relative to `root`), before CLI selection.
    pub fn level(&self, rule: &RuleMeta, relative: &Path) -> Level {
        self.level_when(rule, relative, rule.default_enabled)
    }

    /// As [`Settings::level`], with `enabled` saying whether the rule is on
    /// where the config sets no level for it (`--select` naming a rule that
    /// is off by default turns it on).
    pub fn level_when(&self, rule: &RuleMeta, relative: &Path, enabled: bool) -> Level {
        self.levels_for(relative).level_when(rule, enabled)
    }

    /// The rule levels of the file at `relative`: its `[[overrides]]` are
    /// matched once, for all of its rules.
    pub fn levels_for<'s>(&'s self, relative: &'s Path) -> FileLevels<'s> {
        FileLevels {
            settings: self,
            relative,
            overrides: self
                .overrides
                .iter()
                .filter(|override_| override_.files.is_match(relative))
                .collect(),
        }
    }

    /// A rule option's value, or the default its metadata declares.
    pub fn option<'a>(&'a self, rule: &'static RuleMeta, name: &str) -> &'a str {
        self.option_list(rule, name).first().copied().unwrap_or("")
    }

    /// A whole-number option's value (the reader has checked it), or its default.
    pub fn count_option(&self, rule: &'static RuleMeta, name: &str) -> usize {
        let default = rule
            .options
            .iter()
            .find(|option| option.name == name)
            .and_then(|option| option.default.parse().ok())
            .unwrap_or(0);
        self.option(rule, name).parse().unwrap_or(default)
    }

    /// Whether `[rules] fixable` and `unfixable` let the fixes of `rule` apply.
    pub fn fixes_allowed(&self, rule: &str) -> bool {
        self.fixable
            .as_ref()
            .is_none_or(|fixable| fixable.contains(&rule))
            && !self.unfixable.contains(&rule)
    }

    /// A list option's values (a default is a comma-separated list).
    pub fn option_list<'a>(&'a self, rule: &'static RuleMeta, name: &str) -> Vec<&'a str> {
        if let Some(values) = self
            .options
            .get(rule.id)
            .and_then(|options| options.get(name))
        {
            return values.iter().map(String::as_str).collect();
        }
        rule.options
            .iter()
            .find(|option| option.name == name)
            .map(|option| {
                option
                    .default
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The front-matter field with the canonical URL (`canonical-url`'s `field`, else the preset's).
    pub fn canonical_field(&self) -> &str {
        match self.option(&rules::canonical_url::META, "field") {
            "" => self.front_matter.preset.canonical_field(),
            field => field,
        }
    }

    /// Front-matter fields with local images (`image-missing`'s `fields`, else the preset's).
    pub fn image_fields(&self) -> Vec<String> {
        let configured = self.option_list(&rules::image_missing::META, "fields");
        if configured.is_empty() {
            self.front_matter
                .preset
                .image_fields()
                .iter()
                .map(|f| f.to_string())
                .collect()
        } else {
            configured.into_iter().map(str::to_string).collect()
        }
    }

    /// Finds and loads the config: `--config`, else the nearest
    /// `proofmark.toml`/`.proofmark.toml` upwards from `start`, else the
    /// config `proofmark init` would write for the site generator found
    /// upwards from `start`, else defaults (paths relative to the current folder).
    pub fn discover(explicit: Option<&Path>, start: &Path) -> Result<Settings, ConfigErrors> {
        if let Some(path) = explicit {
            return Settings::load(path);
        }
        let mut dir = Some(start);
        while let Some(current) = dir {
            for name in FILE_NAMES {
                let candidate = current.join(name);
                if candidate.is_file() {
                    return Settings::load(&candidate);
                }
            }
            dir = current.parent();
        }
        Ok(Settings::generated(start).unwrap_or_else(|| Settings::defaults_at(PathBuf::from("."))))
    }

    /// The settings of the site generator's own files: the nearest folder
    /// upwards from `start` (within its repository) whose framework `init`
    /// recognises, read exactly as `init` reads it.
    fn generated(start: &Path) -> Option<Settings> {
        let mut dir = Some(start);
        while let Some(current) = dir {
            let found = crate::framework::detect(current);
            if found.framework != crate::framework::Framework::Unknown {
                let text = crate::init::render(&found);
                let path = current.join(FILE_NAMES[0]);
                let mut settings = match Settings::parse(&text, &path, current.to_path_buf()) {
                    Ok(settings) => settings,
                    Err(errors) => {
                        let mut settings = Settings::defaults_at(PathBuf::from("."));
                        settings.notes.push(format!(
                            "the settings read from {} do not hold ({}); built-in defaults are used",
                            found.sources.join(", "),
                            errors.errors.first().map_or("", |e| e.message.as_str())
                        ));
                        return Some(settings);
                    }
                };
                settings.config_path = None;
                settings.notes.push(format!(
                    "no proofmark.toml: linting as {} site, with the settings read from {} (`proofmark init` writes them down)",
                    found.framework.a_name(),
                    found.sources.join(", ")
                ));
                settings.notes.extend(found.notes.iter().cloned());
                settings.generated_config = Some(text);
                return Some(settings);
            }
            if current.join(".git").exists() {
                return None;
            }
            dir = current.parent();
        }
        None
    }

    pub fn load(path: &Path) -> Result<Settings, ConfigErrors> {
        let text = crate::contained::read_config_file(path).map_err(|error| ConfigErrors {
            errors: vec![ConfigError {
                path: path.to_path_buf(),
                span: None,
                message: format!(
                    "cannot read config file `{}`: {}",
                    path.display(),
                    crate::discover::plain_io_error(&error)
                ),
                help: Some("check the path given to --config".into()),
            }],
            text: String::new(),
        })?;
        let root = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Settings::parse(&text, path, root)
    }

    pub fn parse(text: &str, path: &Path, root: PathBuf) -> Result<Settings, ConfigErrors> {
        let mut reader = Reader {
            path,
            errors: Vec::new(),
        };
        let mut settings = Settings::defaults_at(root.clone());
        settings.config_path = Some(path.to_path_buf());
        match DeTable::parse(text) {
            Err(error) => {
                let span = error.span().map(|r| Span::new(r.start, r.end));
                reader.error(
                    span,
                    format!("invalid TOML: {}", error.message().trim()),
                    None,
                );
            }
            Ok(table) => {
                // `[site] framework`: the file adjusts what the site
                // generator's files say, read afresh at every run.
                if let Some(base) = reader.framework_base(table.get_ref(), &root, path) {
                    settings = base;
                    settings.config_path = Some(path.to_path_buf());
                }
                reader.read_root(table.get_ref(), &mut settings)
            }
        }
        if reader.errors.is_empty() {
            Ok(settings)
        } else {
            Err(ConfigErrors {
                errors: reader.errors,
                text: text.to_string(),
            })
        }
    }
}

#[derive(Clone, Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

/// Every error found in one config file, with its text for positions and snippets.
#[derive(Clone, Debug)]
pub struct ConfigErrors {
    pub errors: Vec<ConfigError>,
    pub text: String,
}

impl ConfigErrors {
    pub fn into_diagnostics(self, display_path: impl Fn(&Path) -> String) -> Vec<Diagnostic> {
        let lines = LineIndex::new(&self.text);
        // In the order of the file (the checks go section by section).
        let mut errors = self.errors;
        errors.sort_by_key(|error| error.span.map(|span| span.start));
        errors
            .into_iter()
            .map(|error| {
                let span = error.span.unwrap_or_default();
                Diagnostic {
                    path: display_path(&error.path),
                    rule: "config",
                    severity: Severity::Error,
                    message: error.message,
                    label: None,
                    help: error.help,
                    span,
                    start: lines.position(&self.text, span.start),
                    end: lines.position(&self.text, span.end),
                    snippet: error.span.map(|span| lines.snippet(&self.text, span)),
                    fix: None,
                }
            })
            .collect()
    }
}

type Item<'i> = Spanned<DeValue<'i>>;

struct Reader<'p> {
    path: &'p Path,
    errors: Vec<ConfigError>,
}

/// A TOML integer (base 10) or float as `f64`; `None` for anything else.
fn number(item: &Item<'_>) -> Option<f64> {
    match item.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', "").parse().ok(),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// Whether a URL's host part (with an optional `:port`) is well formed: a
/// host name of letters, digits, `-` and `.`, or a bracketed IPv6 address.
fn is_authority(authority: &str) -> bool {
    let port_ok =
        |port: &str| port.is_empty() || port.bytes().all(|b| b.is_ascii_digit()) && port.len() <= 5;
    if let Some(inside) = authority.strip_prefix('[') {
        let Some((address, after)) = inside.split_once(']') else {
            return false;
        };
        let port = match after {
            "" => "",
            _ => match after.strip_prefix(':') {
                Some(port) if !port.is_empty() => port,
                _ => return false,
            },
        };
        return address.parse::<std::net::Ipv6Addr>().is_ok() && port_ok(port);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() => (host, port),
        Some(_) => return false,
        None => (authority, ""),
    };
    let labels_ok = host
        .trim_end_matches('.')
        .split('.')
        .all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'));
    !host.is_empty() && labels_ok && port_ok(port)
}

/// A TOML integer (base 10) of 0 or more; `None` for anything else.
fn whole_number(item: &Item<'_>) -> Option<usize> {
    match item.get_ref() {
        DeValue::Integer(i) if i.radix() == 10 => i.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

fn span_of<T>(item: &Spanned<T>) -> Span {
    let range = item.span();
    Span::new(range.start, range.end)
}

impl Reader<'_> {
    fn error(&mut self, span: Option<Span>, message: String, help: Option<String>) {
        self.errors.push(ConfigError {
            path: self.path.to_path_buf(),
            span,
            message,
            help,
        });
    }

    /// Reports keys of `table` not in `known`, with "did you mean".
    fn known_keys(&mut self, table: &DeTable<'_>, known: &[&str], section: &str) {
        for key in table.keys() {
            let name = key.get_ref();
            if !known.contains(&name.as_ref()) {
                let help = did_you_mean(name, known.iter().copied())
                    .map(|best| format!("did you mean `{best}`?"))
                    .or_else(|| Some(format!("known keys here: {}", known.join(", "))));
                self.error(
                    Some(span_of(key)),
                    format!("unknown key `{name}` in {section}"),
                    help,
                );
            }
        }
    }

    fn table<'t, 'i>(&mut self, item: &'t Item<'i>, what: &str) -> Option<&'t DeTable<'i>> {
        match item.get_ref() {
            DeValue::Table(table) => Some(table),
            other => {
                self.error(
                    Some(span_of(item)),
                    format!("{what} must be a table, not {}", other.type_str()),
                    None,
                );
                None
            }
        }
    }

    fn string(&mut self, item: &Item<'_>, what: &str) -> Option<String> {
        match item.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.error(
                    Some(span_of(item)),
                    format!("{what} must be a string, not {}", other.type_str()),
                    None,
                );
                None
            }
        }
    }

    fn strings(&mut self, item: &Item<'_>, what: &str) -> Vec<(String, Span)> {
        match item.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| {
                    self.string(item, &format!("each entry of {what}"))
                        .map(|s| (s, span_of(item)))
                })
                .collect(),
            DeValue::String(s) => vec![(s.to_string(), span_of(item))],
            other => {
                self.error(
                    Some(span_of(item)),
                    format!("{what} must be a list of strings, not {}", other.type_str()),
                    None,
                );
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, item: &Item<'_>, what: &str) -> Option<bool> {
        match item.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    Some(span_of(item)),
                    format!("{what} must be true or false, not {}", other.type_str()),
                    None,
                );
                None
            }
        }
    }

    fn count(&mut self, item: &Item<'_>, what: &str) -> Option<usize> {
        let parsed = whole_number(item);
        if parsed.is_none() {
            self.error(
                Some(span_of(item)),
                format!("{what} must be a whole number of 0 or more"),
                None,
            );
        }
        parsed
    }

    /// A whole number from 1 to 100.
    fn percent(&mut self, item: &Item<'_>, what: &str) -> Option<usize> {
        let parsed = whole_number(item).filter(|percent| (1..=100).contains(percent));
        if parsed.is_none() {
            self.error(
                Some(span_of(item)),
                format!("{what} must be a whole number from 1 to 100 (a percentage)"),
                None,
            );
        }
        parsed
    }

    /// A duration in seconds, more than 0: `10` or `0.5`.
    fn seconds(&mut self, item: &Item<'_>, what: &str) -> Option<std::time::Duration> {
        let number = number(item);
        // Too many seconds to represent (`inf` among them) is no bound at all.
        let duration = number
            .filter(|seconds: &f64| *seconds > 0.0)
            .map(|seconds| {
                std::time::Duration::try_from_secs_f64(seconds).unwrap_or(std::time::Duration::MAX)
            })
            .filter(|duration| !duration.is_zero());
        if duration.is_none() {
            self.error(
                Some(span_of(item)),
                format!("{what} must be a number of seconds greater than 0"),
                Some(format!(
                    "write e.g. `{what} = 10`, or `{what} = inf` for no bound"
                )),
            );
        }
        duration
    }

    fn one_of(&mut self, item: &Item<'_>, what: &str, choices: &[&str]) -> Option<String> {
        let DeValue::String(value) = item.get_ref() else {
            let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
            self.error(
                Some(span_of(item)),
                format!("{what} must be a string, not {}", item.get_ref().type_str()),
                Some(format!("use one of: {}", quoted.join(", "))),
            );
            return None;
        };
        let value = value.to_string();
        if choices.contains(&value.as_str()) {
            return Some(value);
        }
        let help = match did_you_mean(&value, choices.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of: {}", choices.join(", ")),
        };
        self.error(
            Some(span_of(item)),
            format!("`{value}` is not a valid {what}"),
            Some(help),
        );
        None
    }

    fn globs(&mut self, item: &Item<'_>, what: &str) -> Option<GlobSet> {
        let mut builder = GlobSetBuilder::new();
        for (pattern, span) in self.strings(item, what) {
            let pattern = pattern.trim_start_matches("./").to_string();
            match Glob::new(&pattern) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(error) => self.error(
                    Some(span),
                    format!("invalid glob `{pattern}`: {}", error.kind()),
                    None,
                ),
            }
        }
        builder.build().ok()
    }

    fn read_root(&mut self, root: &DeTable<'_>, settings: &mut Settings) {
        self.known_keys(root, keys::ROOT, "the config");
        if let Some(limits) = root
            .get("limits")
            .and_then(|item| self.table(item, "[limits]"))
        {
            self.known_keys(limits, keys::LIMITS, "[limits]");
            if let Some(size) = limits
                .get("max-file-size")
                .and_then(|item| self.count(item, "max-file-size"))
            {
                settings.max_file_size = size as u64;
            }
            if let Some(time) = limits
                .get("max-file-time")
                .and_then(|item| self.seconds(item, "max-file-time"))
            {
                settings.max_file_time = time;
            }
        }
        if let Some(cache) = root
            .get("cache")
            .and_then(|item| self.table(item, "[cache]"))
        {
            self.known_keys(cache, keys::CACHE, "[cache]");
            if let Some(dir) = cache
                .get("dir")
                .and_then(|item| self.string(item, "cache.dir"))
            {
                settings.cache_dir = Some(PathBuf::from(dir));
            }
            if cache
                .get("enabled")
                .and_then(|item| self.boolean(item, "cache.enabled"))
                == Some(false)
            {
                settings.cache_dir = None;
            }
        }
        if let Some(online) = root
            .get("online")
            .and_then(|item| self.table(item, "[online]"))
        {
            self.read_online(online, &mut settings.online);
        }
        if let Some(site) = root.get("site").and_then(|item| self.table(item, "[site]")) {
            self.read_site(site, settings);
        }
        if let Some(front_matter) = root
            .get("front-matter")
            .and_then(|item| self.table(item, "[front-matter]"))
        {
            self.read_front_matter(front_matter, settings);
        }
        if let Some(collections) = root.get("collections") {
            self.read_collections(collections, settings);
        }
        if let Some(rules) = root
            .get("rules")
            .and_then(|item| self.table(item, "[rules]"))
        {
            self.read_rules(rules, settings);
        }
        if let Some(overrides) = root.get("overrides") {
            self.read_overrides(overrides, settings);
        }
    }

    /// The settings a `[site] framework` names: its adapter's model of the
    /// site in `root`, as `check` without a config would use it.
    fn framework_base(&mut self, root: &DeTable<'_>, dir: &Path, path: &Path) -> Option<Settings> {
        let item = root.get("site")?.get_ref().as_table()?.get("framework")?;
        let names: Vec<&str> = crate::framework::Framework::ALL
            .iter()
            .map(|framework| framework.key())
            .chain(["auto"])
            .collect();
        let wanted = self.one_of(item, "framework", &names)?;
        let found = crate::framework::detect(dir);
        let matches = wanted == "auto"
            || found.framework.key() == wanted
            // Starlight and AstroWind sites are Astro sites.
            || (wanted == "astro" && found.framework.is_astro());
        if found.framework == crate::framework::Framework::Unknown || !matches {
            self.error(
                Some(span_of(item)),
                format!(
                    "no {} site here: {}",
                    if wanted == "auto" {
                        "site generator's"
                    } else {
                        wanted.as_str()
                    },
                    if found.framework == crate::framework::Framework::Unknown {
                        "none of its config files was found".to_string()
                    } else {
                        format!("this is {} site", found.framework.a_name())
                    }
                ),
                Some(
                    "set `framework` to the site's generator, or remove it and set the [site] keys"
                        .into(),
                ),
            );
            return None;
        }
        let text = crate::init::render(&found);
        let mut settings = match Settings::parse(&text, path, dir.to_path_buf()) {
            Ok(settings) => settings,
            Err(errors) => {
                self.error(
                    Some(span_of(item)),
                    format!(
                        "the settings read from {} do not hold: {}",
                        found.sources.join(", "),
                        errors.errors.first().map_or("", |e| e.message.as_str())
                    ),
                    None,
                );
                return None;
            }
        };
        settings.notes.extend(found.notes.iter().cloned());
        settings.generated_config = Some(text);
        Some(settings)
    }

    fn read_site(&mut self, site: &DeTable<'_>, settings: &mut Settings) {
        self.known_keys(site, keys::SITE, "[site]");
        let root = settings.root.clone();
        let out = &mut settings.site;
        if let Some(item) = site.get("url") {
            out.url = self.site_url(item, "site.url");
        }
        if let Some(item) = site.get("aliases") {
            out.aliases = self
                .strings(item, "site.aliases")
                .into_iter()
                .filter_map(|(text, span)| self.check_site_url(text, span, "site.aliases"))
                .collect();
        }
        if let Some(item) = site.get("content") {
            out.content = self
                .strings(item, "site.content")
                .into_iter()
                .map(|(path, _)| PathBuf::from(path))
                .collect();
        }
        if let Some(item) = site.get("exclude") {
            out.exclude = self.globs(item, "site.exclude");
        }
        if let Some(item) = site.get("permalink") {
            let templates: Vec<Template> = self
                .strings(item, "site.permalink")
                .into_iter()
                .filter_map(|(text, span)| self.template(&text, span))
                .collect();
            if !templates.is_empty() {
                out.permalink = templates;
            }
        }
        if let Some(item) = site.get("trailing-slash") {
            if let Some(policy) = self.one_of(item, "trailing-slash policy", keys::TRAILING_SLASH) {
                out.trailing_slash = match policy.as_str() {
                    "never" => TrailingSlash::Never,
                    "always" => TrailingSlash::Always,
                    _ => TrailingSlash::Ignore,
                };
            }
        }
        if let Some(item) = site.get("routes") {
            out.routes = self.url_globs(item, "site.routes");
        }
        if let Some(item) = site.get("redirect-fields") {
            out.redirect_fields = self
                .strings(item, "site.redirect-fields")
                .into_iter()
                .map(|(name, _)| name)
                .collect();
        }
        if let Some(item) = site.get("case-sensitive") {
            out.case_sensitive = self.boolean(item, "site.case-sensitive").unwrap_or(true);
        }
        if let Some(item) = site.get("heading-ids") {
            if let Some(name) = self.one_of(item, "heading-ids style", HeadingIds::NAMES) {
                out.heading_ids = HeadingIds::parse(&name).unwrap_or_default();
            }
        }
        if let Some(item) = site.get("title-heading") {
            if let Some(name) = self.one_of(item, "title-heading", TitleHeading::NAMES) {
                out.title_heading = TitleHeading::parse(&name).unwrap_or(TitleHeading::H1);
            }
        }
        if let Some(item) = site.get("definition-term-ids") {
            out.definition_term_ids = self
                .boolean(item, "site.definition-term-ids")
                .unwrap_or(false);
        }
        if let Some(item) = site.get("ignore-links") {
            out.ignore_links = self.globs(item, "site.ignore-links");
        }
        if let Some(item) = site.get("relative-links") {
            if let Some(mode) = self.one_of(item, "relative-links mode", keys::RELATIVE_LINKS) {
                out.relative_links = RelativeLinks::parse(&mode);
            }
        }
        if let Some(item) = site.get("include-pattern") {
            if let Some(pattern) = self.string(item, "site.include-pattern") {
                match regex::Regex::new(&pattern) {
                    Ok(regex) if regex.capture_names().any(|name| name == Some("path")) => {
                        out.include_pattern = Some(regex)
                    }
                    Ok(_) => self.error(
                        Some(span_of(item)),
                        "include-pattern needs a `(?P<path>…)` group for the included file".into(),
                        None,
                    ),
                    Err(error) => self.error(
                        Some(span_of(item)),
                        format!(
                            "invalid include-pattern: {}",
                            error.to_string().lines().last().unwrap_or("")
                        ),
                        None,
                    ),
                }
            }
        }
        if let Some(item) = site.get("i18n") {
            out.i18n = self.i18n(item);
        }
        if let Some(item) = site.get("redirects") {
            if let Some(file) = self.string(item, "site.redirects") {
                out.redirects = self.redirects(&root.join(&file), &file, span_of(item));
            }
        }
        if let Some(item) = site.get("public") {
            out.public = self.string(item, "site.public").map(PathBuf::from);
        }
        if let Some(item) = site.get("path-aliases") {
            if let Some(table) = self.table(item, "[site.path-aliases]") {
                for (key, value) in table {
                    if let Some(target) = self.string(value, "a path alias") {
                        out.path_aliases
                            .push((key.get_ref().to_string(), PathBuf::from(target)));
                    }
                }
            }
        }
    }

    fn template(&mut self, text: &str, span: Span) -> Option<Template> {
        if !text.starts_with('/') && !text.starts_with('{') {
            self.error(
                Some(span),
                "a permalink starts with `/` (or a placeholder such as `{fm:url}`)".into(),
                Some(format!("write `/{text}`")),
            );
            return None;
        }
        match Template::parse(text) {
            Ok(template) => Some(template),
            Err(error) => {
                // Offsets in the value are offsets in the file only when the
                // string is written as it reads: one quote each side, no escapes.
                // Otherwise (`\t`, `\u00e9`, `"""`) point at the whole string.
                let verbatim = span.end - span.start == text.len() + 2;
                let span = if verbatim {
                    Span::new(span.start + 1 + error.start, span.start + 1 + error.end)
                } else {
                    span
                };
                self.error(
                    Some(span),
                    format!("invalid permalink: {}", error.message),
                    None,
                );
                None
            }
        }
    }

    /// URL globs: `*` stays within one path segment.
    fn url_globs(&mut self, item: &Item<'_>, what: &str) -> Option<GlobSet> {
        let mut builder = GlobSetBuilder::new();
        for (pattern, span) in self.strings(item, what) {
            let trimmed = pattern.trim_end_matches('/');
            let pattern = if trimmed.is_empty() { "/" } else { trimmed };
            // `/docs/**` covers `/docs` itself too.
            let variants = match pattern.strip_suffix("/**") {
                Some(prefix) if !prefix.is_empty() => vec![pattern, prefix],
                _ => vec![pattern],
            };
            for variant in variants {
                match globset::GlobBuilder::new(variant)
                    .literal_separator(true)
                    .build()
                {
                    Ok(glob) => {
                        builder.add(glob);
                    }
                    Err(error) => self.error(
                        Some(span),
                        format!("invalid route pattern `{pattern}`: {}", error.kind()),
                        None,
                    ),
                }
            }
        }
        builder.build().ok()
    }

    fn i18n(&mut self, item: &Item<'_>) -> Option<I18n> {
        let table = self.table(item, "[site.i18n]")?;
        self.known_keys(table, keys::I18N, "[site.i18n]");
        let locales = table
            .get("locales")
            .map(|item| self.strings(item, "site.i18n.locales"))
            .unwrap_or_default()
            .into_iter()
            .map(|(locale, _)| locale)
            .collect();
        let Some(fallback) = table.get("fallback") else {
            self.error(
                Some(span_of(item)),
                "[site.i18n] needs `fallback`, the locale missing pages fall back to".into(),
                Some("add e.g. `fallback = \"en\"`".into()),
            );
            return None;
        };
        let fallback = self.string(fallback, "site.i18n.fallback")?;
        let fallback_at_root = table
            .get("fallback-at-root")
            .and_then(|item| self.boolean(item, "site.i18n.fallback-at-root"))
            .unwrap_or(false);
        Some(I18n {
            locales,
            fallback,
            fallback_at_root,
        })
    }

    /// A JSON Schema file (draft 7, 2019-09, 2020-12…), compiled once.
    fn json_schema(
        &mut self,
        path: &Path,
        shown: &str,
        span: Span,
    ) -> Option<std::sync::Arc<jsonschema::Validator>> {
        let text = match crate::contained::read_config_file(path) {
            Ok(text) => text,
            Err(error) => {
                self.error(
                    Some(span),
                    format!("cannot read the JSON Schema `{shown}`: {error}"),
                    Some("the path is relative to the config file".into()),
                );
                return None;
            }
        };
        let schema: serde_json::Value = match serde_json::from_str(&text) {
            Ok(schema) => schema,
            Err(error) => {
                self.error(
                    Some(span),
                    format!("`{shown}` is not valid JSON: {error}"),
                    None,
                );
                return None;
            }
        };
        match jsonschema::validator_for(&schema) {
            Ok(validator) => Some(std::sync::Arc::new(validator)),
            Err(error) => {
                self.error(
                    Some(span),
                    format!("`{shown}` is not a usable JSON Schema: {error}"),
                    None,
                );
                None
            }
        }
    }

    /// A redirects file: one `FROM TO` pair of URL paths a line, `#` comments
    /// (`_redirects`); or a `netlify.toml` or `vercel.json`.
    fn redirects(&mut self, path: &Path, shown: &str, span: Span) -> Vec<(String, String)> {
        let text = match crate::contained::read_config_file(path) {
            Ok(text) => text,
            Err(error) => {
                self.error(
                    Some(span),
                    format!("cannot read the redirects file `{shown}`: {error}"),
                    Some("the path is relative to the config file".into()),
                );
                return Vec::new();
            }
        };
        let pairs = |items: Option<&Vec<serde_json::Value>>, from: &str, to: &str| {
            items
                .into_iter()
                .flatten()
                .filter_map(|item| {
                    let from = item.get(from)?.as_str()?.to_string();
                    Some((from, item.get(to)?.as_str()?.to_string()))
                })
                .collect::<Vec<_>>()
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".toml") {
            // netlify.toml: `[[redirects]]` tables with `from` and `to`.
            let table: toml::Table = match toml::from_str(&text) {
                Ok(table) => table,
                Err(error) => {
                    self.error(
                        Some(span),
                        format!(
                            "the redirects file `{shown}` is not valid TOML: {}",
                            error.message().trim()
                        ),
                        None,
                    );
                    return Vec::new();
                }
            };
            let json = serde_json::to_value(&table).unwrap_or_default();
            return pairs(
                json.get("redirects").and_then(|r| r.as_array()),
                "from",
                "to",
            );
        }
        if name.ends_with(".json") {
            // vercel.json: `redirects` and `rewrites`, with `source` and `destination`.
            let json: serde_json::Value = match serde_json::from_str(&text) {
                Ok(json) => json,
                Err(error) => {
                    self.error(
                        Some(span),
                        format!("the redirects file `{shown}` is not valid JSON: {error}"),
                        None,
                    );
                    return Vec::new();
                }
            };
            let mut found = pairs(
                json.get("redirects").and_then(|r| r.as_array()),
                "source",
                "destination",
            );
            found.extend(pairs(
                json.get("rewrites").and_then(|r| r.as_array()),
                "source",
                "destination",
            ));
            return found;
        }
        // `_redirects` (Netlify, Cloudflare Pages) and the plain format: `FROM TO` a line.
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| {
                let mut words = line.split_whitespace();
                Some((words.next()?.to_string(), words.next()?.to_string()))
            })
            .collect()
    }

    fn site_url(&mut self, item: &Item<'_>, what: &str) -> Option<String> {
        let text = self.string(item, what)?;
        self.check_site_url(text, span_of(item), what)
    }

    fn check_site_url(&mut self, text: String, span: Span, what: &str) -> Option<String> {
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"));
        let authority = rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
        match authority {
            Some(authority) if is_authority(authority) => {
                Some(text.trim_end_matches('/').to_string())
            }
            _ => {
                self.error(
                    Some(span),
                    format!("{what} must be an absolute http(s) URL, not `{text}`"),
                    Some("write it like `https://www.example.com`".into()),
                );
                None
            }
        }
    }

    fn read_front_matter(&mut self, table: &DeTable<'_>, settings: &mut Settings) {
        self.known_keys(table, keys::FRONT_MATTER, "[front-matter]");
        if let Some(item) = table.get("schema") {
            if let Some(file) = self.string(item, "front-matter.schema") {
                settings.front_matter.json_schema =
                    self.json_schema(&settings.root.join(&file), &file, span_of(item));
            }
        }
        let out = &mut settings.front_matter;
        if let Some(item) = table.get("preset") {
            if let Some(name) = self.one_of(item, "preset", Preset::NAMES) {
                out.preset = Preset::parse(&name).unwrap_or(Preset::None);
            }
        }
        out.schema = out.preset.schema();
        if let Some(item) = table.get("unknown-fields") {
            if let Some(level) = self.one_of(item, "unknown-fields setting", keys::UNKNOWN_FIELDS) {
                out.unknown_fields = match level.as_str() {
                    "allow" => None,
                    "warn" => Some(Severity::Warning),
                    _ => Some(Severity::Error),
                };
            }
        }
        if let Some(fields) = table
            .get("fields")
            .and_then(|item| self.table(item, "[front-matter.fields]"))
        {
            for (name, item) in fields {
                let name_text = name.get_ref();
                if name_text.is_empty()
                    || name_text
                        .split('.')
                        .any(|part| part.trim_end_matches("[]").is_empty())
                {
                    self.error(
                        Some(span_of(name)),
                        format!("`{name_text}` is not a field name"),
                        None,
                    );
                    continue;
                }
                if let Some(spec) = self.field_spec(item, name_text) {
                    settings.front_matter.schema.node_mut(name_text).merge(spec);
                }
            }
        }
    }

    fn field_spec(&mut self, item: &Item<'_>, name: &str) -> Option<FieldSpec> {
        let table = self.table(item, &format!("field `{name}`"))?;
        self.known_keys(table, keys::FIELD, &format!("field `{name}`"));
        let mut spec = FieldSpec::default();
        if let Some(item) = table.get("type") {
            spec.ty = self
                .one_of(item, "field type", FieldType::NAMES)
                .and_then(|ty| FieldType::parse(&ty));
        }
        if let Some(item) = table.get("items") {
            spec.items = self.field_spec(item, &format!("{name}[]")).map(Box::new);
        }
        if let Some(item) = table.get("required") {
            spec.required = self.boolean(item, "required").unwrap_or(false);
        }
        if let Some(item) = table.get("unique") {
            spec.unique = self.boolean(item, "unique").unwrap_or(false);
        }
        spec.min_length = table
            .get("min-length")
            .and_then(|i| self.count(i, "min-length"));
        spec.max_length = table
            .get("max-length")
            .and_then(|i| self.count(i, "max-length"));
        spec.min_items = table
            .get("min-items")
            .and_then(|i| self.count(i, "min-items"));
        spec.max_items = table
            .get("max-items")
            .and_then(|i| self.count(i, "max-items"));
        if let Some(item) = table.get("pattern") {
            if let Some(pattern) = self.string(item, "pattern") {
                match regex::Regex::new(&pattern) {
                    Ok(regex) => spec.pattern = Some(regex),
                    Err(error) => self.error(
                        Some(span_of(item)),
                        format!(
                            "invalid pattern: {}",
                            error.to_string().lines().last().unwrap_or("")
                        ),
                        None,
                    ),
                }
            }
        }
        if let Some(item) = table.get("one-of") {
            let values = match item.get_ref() {
                DeValue::Array(values) => values
                    .iter()
                    .filter_map(|value| match value.get_ref() {
                        DeValue::String(s) => Some(s.to_string()),
                        DeValue::Integer(i) => Some(i.as_str().to_string()),
                        DeValue::Float(f) => Some(f.as_str().to_string()),
                        DeValue::Boolean(b) => Some(b.to_string()),
                        _ => {
                            self.error(
                                Some(span_of(value)),
                                "one-of holds strings, numbers or booleans".into(),
                                None,
                            );
                            None
                        }
                    })
                    .collect(),
                _ => {
                    self.error(
                        Some(span_of(item)),
                        "one-of must be a list of values".into(),
                        None,
                    );
                    Vec::new()
                }
            };
            spec.one_of = Some(values);
        }
        Some(spec)
    }

    fn level(&mut self, item: &Item<'_>) -> Option<Level> {
        let level = self.one_of(item, "rule level", keys::LEVELS)?;
        Some(match level.as_str() {
            "error" => Some(Severity::Error),
            "off" => None,
            _ => Some(Severity::Warning),
        })
    }

    /// The rules a `[rules]` key names: a rule's id or a group's name.
    fn rules_named(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
    ) -> Option<Vec<&'static RuleMeta>> {
        let name = key.get_ref();
        let found = rules::named(name);
        if found.is_none() {
            self.unknown_rule(name, span_of(key));
        }
        found
    }

    fn unknown_rule(&mut self, name: &str, span: Span) {
        let help = did_you_mean(name, rules::names())
            .map(|best| format!("did you mean `{best}`?"))
            .or_else(|| Some("`proofmark rules` lists every rule and group".into()));
        self.error(Some(span), format!("unknown rule or group `{name}`"), help);
    }

    /// A list of rule and group names (`[rules] fixable`), as rule ids.
    fn rule_list(&mut self, item: &Item<'_>, what: &str) -> Vec<&'static str> {
        let mut ids = Vec::new();
        for (name, span) in self.strings(item, what) {
            match rules::named(&name) {
                Some(metas) => ids.extend(metas.iter().map(|meta| meta.id)),
                None => self.unknown_rule(&name, span),
            }
        }
        ids
    }

    /// `[rules]` (with options) and `[[overrides]] rules` (levels only):
    /// each key a rule or a group, set to a level or to a table with
    /// `severity`. A rule set by its own id keeps that level whatever its
    /// group is set to, in either order.
    fn read_rule_levels(
        &mut self,
        table: &DeTable<'_>,
        levels: &mut FastMap<&'static str, Level>,
        mut options: Option<&mut FastMap<&'static str, BTreeMap<String, Vec<String>>>>,
        section: &str,
    ) {
        let mut by_id: FastMap<&'static str, Level> = FastMap::default();
        for (key, item) in table {
            if section == "rules" && keys::FIX_LISTS.contains(&key.get_ref().as_ref()) {
                continue; // `read_rules` reads them
            }
            let Some(metas) = self.rules_named(key) else {
                continue;
            };
            let is_group = rules::meta(key.get_ref()).is_none();
            let level = match item.get_ref() {
                DeValue::Table(entries) => {
                    // Only a rule of `[rules]` has options; a group or an override has a level.
                    let takes_options = !is_group && options.is_some();
                    let mut known: Vec<&str> = keys::RULE_TABLE.to_vec();
                    if takes_options {
                        known.extend(metas[0].options.iter().map(|option| option.name));
                    } else if !is_group {
                        // A rule's option in an override: said as such.
                        for (name, _) in entries {
                            let Some(option) = metas[0]
                                .options
                                .iter()
                                .find(|o| o.name == name.get_ref().as_ref())
                            else {
                                continue;
                            };
                            known.push(option.name);
                            self.error(
                                Some(span_of(name)),
                                format!(
                                    "`{}` is an option of `{}`, and [[overrides]] sets only a rule's severity",
                                    option.name, metas[0].id
                                ),
                                Some(format!(
                                    "set it in [rules.{}], where it applies to every file",
                                    metas[0].id
                                )),
                            );
                        }
                    }
                    self.known_keys(entries, &known, &format!("[{section}.{}]", key.get_ref()));
                    let mut level = None;
                    for (name, value) in entries {
                        if name.get_ref() == "severity" {
                            level = self.level(value);
                        } else if let Some(options) =
                            options.as_deref_mut().filter(|_| takes_options)
                        {
                            let option = metas[0]
                                .options
                                .iter()
                                .find(|option| option.name == name.get_ref().as_ref());
                            if let Some(option) = option {
                                let what = format!("option `{}`", option.name);
                                let values = match option.kind {
                                    OptionKind::Text => self
                                        .strings(value, &what)
                                        .into_iter()
                                        .map(|(text, _)| text)
                                        .collect(),
                                    OptionKind::Count => self
                                        .count(value, &what)
                                        .map(|count| count.to_string())
                                        .into_iter()
                                        .collect(),
                                    OptionKind::Percent => self
                                        .percent(value, &what)
                                        .map(|percent| percent.to_string())
                                        .into_iter()
                                        .collect(),
                                };
                                options
                                    .entry(metas[0].id)
                                    .or_default()
                                    .insert(name.get_ref().to_string(), values);
                            }
                        }
                    }
                    // Options for a rule that is off by default turn it on.
                    if level.is_none() && !is_group && !metas[0].default_enabled {
                        level = Some(Some(metas[0].default_severity));
                    }
                    level
                }
                _ => self.level(item),
            };
            let Some(level) = level else {
                continue;
            };
            for meta in metas {
                // A group's level turns its rules off, or sets the level of
                // those that are on by default; a rule that is off by
                // default is turned on by its own name only.
                if !is_group {
                    by_id.insert(meta.id, level);
                } else if meta.default_enabled || level.is_none() {
                    levels.insert(meta.id, level);
                }
            }
        }
        levels.extend(by_id);
    }

    fn read_rules(&mut self, table: &DeTable<'_>, settings: &mut Settings) {
        let options = Some(&mut settings.options);
        self.read_rule_levels(table, &mut settings.levels, options, "rules");
        if let Some(item) = table.get("fixable") {
            settings.fixable = Some(self.rule_list(item, "`fixable`"));
        }
        if let Some(item) = table.get("unfixable") {
            settings.unfixable = self.rule_list(item, "`unfixable`");
        }
        // Patterns are compiled here, once, so a bad one is a config error with its span.
        let patterns = table
            .get(rules::placeholder_text::META.id)
            .and_then(|item| match item.get_ref() {
                DeValue::Table(entries) => entries.get("patterns"),
                _ => None,
            });
        // Strings only: `read_rule_levels` has reported anything else.
        let all_strings = |item: &Item<'_>| match item.get_ref() {
            DeValue::String(_) => true,
            DeValue::Array(items) => items
                .iter()
                .all(|item| matches!(item.get_ref(), DeValue::String(_))),
            _ => false,
        };
        if let Some(patterns) = patterns.filter(|item| all_strings(item)) {
            let mut compiled = Vec::new();
            for (pattern, span) in self.strings(patterns, "option `patterns`") {
                match regex::Regex::new(&pattern) {
                    Ok(regex) => compiled.push(regex),
                    Err(error) => self.error(
                        Some(span),
                        format!("`{pattern}` is not a valid regular expression"),
                        Some(
                            error
                                .to_string()
                                .lines()
                                .last()
                                .unwrap_or("")
                                .trim()
                                .to_string(),
                        ),
                    ),
                }
            }
            settings.placeholder_patterns = compiled;
        }
    }

    fn read_collections(&mut self, item: &Item<'_>, settings: &mut Settings) {
        let DeValue::Array(entries) = item.get_ref() else {
            self.error(
                Some(span_of(item)),
                "collections must be written as [[collections]] tables".into(),
                None,
            );
            return;
        };
        let mut declared: Vec<String> = Vec::new();
        for entry in entries {
            let Some(table) = self.table(entry, "[[collections]]") else {
                continue;
            };
            self.known_keys(table, keys::COLLECTION, "[[collections]]");
            let Some(name) = table
                .get("name")
                .and_then(|item| self.string(item, "collections.name"))
            else {
                self.error(
                    Some(span_of(entry)),
                    "[[collections]] needs a `name`".into(),
                    Some("add e.g. `name = \"blog\"`".into()),
                );
                continue;
            };
            if declared.contains(&name) {
                self.error(
                    table.get("name").map(span_of),
                    format!("a second collection named `{name}`"),
                    Some("give each collection its own name".into()),
                );
                continue;
            }
            declared.push(name.clone());
            // A collection of the framework's (`[site] framework`) is adjusted,
            // not replaced: what this entry does not set stays.
            let adapter = settings
                .collections
                .iter()
                .position(|c| c.name == name)
                .map(|at| settings.collections.remove(at));
            let mut content: Vec<PathBuf> = table
                .get("content")
                .map(|item| self.strings(item, "collections.content"))
                .unwrap_or_default()
                .into_iter()
                .map(|(path, _)| PathBuf::from(path))
                .collect();
            if content.is_empty() {
                if let Some(adapter) = &adapter {
                    content = adapter.content.clone();
                }
            }
            if content.is_empty() {
                self.error(
                    Some(span_of(entry)),
                    format!(
                        "collection `{name}` needs `content`, the folders holding its articles"
                    ),
                    Some("add e.g. `content = [\"blog\"]`".into()),
                );
                continue;
            }
            let permalink: Vec<Template> = table
                .get("permalink")
                .map(|item| self.strings(item, "collections.permalink"))
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(text, span)| self.template(&text, span))
                .collect();
            let title_heading = table
                .get("title-heading")
                .and_then(|item| self.one_of(item, "title-heading", TitleHeading::NAMES))
                .and_then(|name| TitleHeading::parse(&name))
                .or(adapter.as_ref().map(|a| a.title_heading))
                .unwrap_or(settings.site.title_heading);
            let relative_links = table
                .get("relative-links")
                .and_then(|item| self.one_of(item, "relative-links mode", keys::RELATIVE_LINKS))
                .map(|mode| RelativeLinks::parse(&mode))
                .or(adapter.as_ref().map(|a| a.relative_links))
                .unwrap_or(settings.site.relative_links);
            let front_matter = match table
                .get("front-matter")
                .and_then(|item| self.table(item, "[collections.front-matter]"))
            {
                Some(front_matter) => {
                    let site = std::mem::replace(
                        &mut settings.front_matter,
                        Settings::defaults_at(settings.root.clone()).front_matter,
                    );
                    self.read_front_matter(front_matter, settings);
                    std::mem::replace(&mut settings.front_matter, site)
                }
                None => match &adapter {
                    Some(adapter) => adapter.front_matter.clone(),
                    None => settings.front_matter.clone(),
                },
            };
            let permalink = match (permalink.is_empty(), &adapter) {
                (false, _) => permalink,
                (true, Some(adapter)) => adapter.permalink.clone(),
                (true, None) => settings.site.permalink.clone(),
            };
            settings.collections.push(Collection {
                name,
                content,
                permalink,
                title_heading,
                relative_links,
                front_matter,
            });
        }
    }

    fn read_overrides(&mut self, item: &Item<'_>, settings: &mut Settings) {
        let DeValue::Array(entries) = item.get_ref() else {
            self.error(
                Some(span_of(item)),
                "overrides must be written as [[overrides]] tables".into(),
                None,
            );
            return;
        };
        for entry in entries {
            let Some(table) = self.table(entry, "[[overrides]]") else {
                continue;
            };
            self.known_keys(table, keys::OVERRIDE, "[[overrides]]");
            let Some(files) = table.get("files") else {
                self.error(
                    Some(span_of(entry)),
                    "[[overrides]] needs `files`, the globs it applies to".into(),
                    Some("add e.g. `files = [\"src/pages/**\"]`".into()),
                );
                continue;
            };
            let Some(files) = self.globs(files, "overrides.files") else {
                continue;
            };
            let mut levels = FastMap::default();
            if let Some(rules) = table
                .get("rules")
                .and_then(|item| self.table(item, "overrides.rules"))
            {
                self.read_rule_levels(rules, &mut levels, None, "overrides.rules");
            }
            settings.overrides.push(Override { files, levels });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<ConfigError> {
        Settings::parse(text, Path::new("proofmark.toml"), PathBuf::from("."))
            .expect_err("the config is invalid")
            .errors
    }

    #[test]
    fn placeholder_patterns_are_compiled_and_a_bad_one_is_an_error_at_its_place() {
        let text = "[rules.placeholder-text]\npatterns = ['\\bTK\\b', '[editor:']\n";
        let bad = errors(text);
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert_eq!(
            bad[0].message,
            "`[editor:` is not a valid regular expression"
        );
        let span = bad[0].span.expect("the error has a span");
        assert_eq!(&text[span.start..span.end], "'[editor:'");
        let good = "[rules.placeholder-text]\npatterns = ['\\bTK\\b']\n";
        let settings = Settings::parse(good, Path::new("proofmark.toml"), PathBuf::from("."))
            .expect("the config is valid");
        assert_eq!(settings.placeholder_patterns.len(), 1);
        assert!(settings.placeholder_patterns[0].is_match("starts in TK and"));
    }

    #[test]
    fn a_group_sets_its_rules_and_a_rule_named_itself_wins_in_either_order() {
        let text = "[rules]\ntruncated-article = \"warning\"\ngenerated = \"off\"\nseo = { severity = \"warning\" }\n\n[[overrides]]\nfiles = [\"drafts/**\"]\nrules = { links = \"off\", broken-anchor = { severity = \"error\" } }\n";
        let settings = Settings::parse(text, Path::new("proofmark.toml"), PathBuf::from("."))
            .expect("the config is valid");
        let level =
            |id: &str, file: &str| settings.level(rules::meta(id).unwrap(), Path::new(file));
        assert_eq!(level("truncated-article", "a.md"), Some(Severity::Warning));
        assert_eq!(
            level("wrapped-in-fence", "a.md"),
            None,
            "the rest of the group is off"
        );
        assert_eq!(
            level("duplicate-canonical", "a.md"),
            Some(Severity::Warning)
        );
        assert_eq!(level("broken-link", "a.md"), Some(Severity::Error));
        assert_eq!(level("broken-link", "drafts/x.md"), None);
        assert_eq!(level("broken-anchor", "drafts/x.md"), Some(Severity::Error));
        let unknown = errors("[rules]\ngenrated = \"off\"\n");
        assert_eq!(unknown[0].message, "unknown rule or group `genrated`");
        assert_eq!(
            unknown[0].help.as_deref(),
            Some("did you mean `generated`?")
        );
        let options = errors("[rules]\nseo = { severity = \"off\", max = \"3\" }\n");
        assert!(
            options[0].message.contains("max"),
            "{:?}",
            options[0].message
        );
    }

    #[test]
    fn the_site_url_must_have_a_well_formed_host() {
        let url = |value: &str| {
            Settings::parse(
                &format!("[site]\nurl = \"{value}\"\n"),
                Path::new("proofmark.toml"),
                PathBuf::from("."),
            )
            .map(|settings| settings.site.url)
            .ok()
            .flatten()
        };
        for good in [
            "https://www.example.com",
            "https://example.github.io/blog/",
            "http://localhost:4321",
            "https://[::1]",
            "https://[2001:db8::1]:8443/docs",
            "https://bücher.example",
        ] {
            assert!(url(good).is_some(), "{good}");
        }
        for bad in [
            "https://[::1",
            "https://[::1]x",
            "https://[nope]",
            "https://exa mple.com",
            "https://example..com",
            "https://example.com:",
            "https://example.com:80a",
            "https://user@example.com",
            "https://",
            "www.example.com",
        ] {
            assert_eq!(url(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_percentage_option_is_a_whole_number_from_1_to_100() {
        let meta = &rules::duplicate_content::META;
        let threshold = |value: &str| {
            Settings::parse(
                &format!("[rules.duplicate-content]\nthreshold = {value}\n"),
                Path::new("proofmark.toml"),
                PathBuf::from("."),
            )
            .map(|settings| settings.count_option(meta, "threshold"))
            .ok()
        };
        assert_eq!(Settings::default().count_option(meta, "threshold"), 90);
        assert_eq!(threshold("85"), Some(85));
        assert_eq!(threshold("100"), Some(100));
        for bad in ["0", "101", "0.9", "\"90\"", "-5"] {
            assert_eq!(threshold(bad), None, "{bad}");
        }
        let text = "[rules.duplicate-content]\nthreshold = 150\n";
        let bad = errors(text);
        assert_eq!(
            bad[0].message,
            "option `threshold` must be a whole number from 1 to 100 (a percentage)"
        );
        let span = bad[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "150");
    }

    #[test]
    fn max_file_time_is_seconds_and_inf_lifts_the_bound() {
        let limit = |value: &str| {
            Settings::parse(
                &format!("[limits]\nmax-file-time = {value}\n"),
                Path::new("proofmark.toml"),
                PathBuf::from("."),
            )
            .map(|settings| settings.max_file_time)
            .ok()
        };
        assert_eq!(Settings::default().max_file_time, DEFAULT_MAX_FILE_TIME);
        assert_eq!(limit("2"), Some(std::time::Duration::from_secs(2)));
        assert_eq!(limit("0.25"), Some(std::time::Duration::from_millis(250)));
        assert_eq!(limit("inf"), Some(std::time::Duration::MAX));
        assert_eq!(limit("1e30"), Some(std::time::Duration::MAX));
        for bad in ["0", "-3", "-inf", "\"1\"", "0x10"] {
            assert_eq!(limit(bad), None, "{bad}");
        }
        let text = "[limits]\nmax-file-time = -3\n";
        let span = errors(text)[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "-3");
    }

    #[test]
    fn permalink_errors_point_into_the_string_as_written() {
        let text = "[site]\npermalink = \"/{slug}/{sluggy}\"\n";
        let span = errors(text)[0].span.unwrap();
        assert_eq!(&text[span.start..span.end], "{sluggy}");
    }

    /// The `config` fuzz target's span check: with an escape before the bad
    /// placeholder, offsets in the decoded value split the `é` in the file.
    #[test]
    fn permalink_errors_in_escaped_strings_cover_the_string() {
        for text in [
            "[site]\npermalink = \"/\\t\u{e9}\u{e9}{\"\n",
            "[site]\npermalink = [\"\"\"/\u{e9}{sluggy}\"\"\"]\n",
        ] {
            let span = errors(text)[0].span.unwrap();
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            assert!(
                text[span.start..span.end].starts_with('"'),
                "{text:?}: {span:?}"
            );
        }
    }
}
