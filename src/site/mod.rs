//! The site: every article's URL and heading ids, routes, redirects and the
//! files links point at — built once per run from all content roots, so a
//! single file's links resolve against the whole site. Rules ask it where a
//! link goes; it never touches the disk after it is built.

pub mod anchors;
pub mod fast_hash;
pub mod permalink;
pub mod url;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;

use crate::article::front_matter::{Value, ValueKind};
use crate::article::Article;
use crate::config::{I18n, RelativeLinks, Settings, TrailingSlash};
use crate::discover::normalize;
pub use anchors::Anchors;
use fast_hash::{FastMap, FastSet};
use permalink::Facts;

/// One article as the site serves it.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub file: PathBuf,
    /// The canonical URL path (`/dog-zoomies`), trailing-slash policy applied.
    pub url: String,
    pub ids: Anchors,
    pub draft: bool,
}

/// What one article brings to the index. Worked out from the parsed
/// article, or read back from the cache when its file has not changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// Absolute and normalised.
    pub file: PathBuf,
    /// Set when the article is a page of the site (under a content root, with a URL).
    pub page: Option<PageFacts>,
    /// Heading ids and HTML anchors.
    pub ids: Anchors,
    /// Paths named by `include-pattern`, as written.
    pub includes: Vec<String>,
    /// Local files that links and images name (absolute), to check once.
    /// Only needed for articles being linted, so never cached.
    pub local_files: Vec<PathBuf>,
    /// Relative destinations, which may also name another page's files (ditto).
    pub relative_destinations: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageFacts {
    pub url: String,
    pub draft: bool,
    /// Root-relative paths that redirect to the page (`redirect-fields`).
    pub redirects: Vec<String>,
    pub canonical: Option<String>,
}

/// A site origin: `https` + `www.example.com`, and the path the site is
/// served under (`/blog` for `https://example.github.io/blog`, else empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub base: String,
}

impl Origin {
    pub fn parse(url: &str) -> Option<Origin> {
        let parts = url::split(url);
        Some(Origin {
            scheme: parts.scheme?,
            host: parts.host?,
            base: parts.path.trim_end_matches('/').to_string(),
        })
    }

    /// Whether a URL path on this host belongs to the site: another
    /// project served from the same host has a path outside the base.
    pub fn holds(&self, path: &str) -> bool {
        self.base.is_empty()
            || path
                .strip_prefix(&self.base)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
    }

    pub fn text(&self) -> String {
        format!("{}://{}", self.scheme, self.host)
    }
}

pub struct Site {
    /// The folder article paths are relative to.
    cwd: PathBuf,
    root: PathBuf,
    origin: Option<Origin>,
    aliases: Vec<Origin>,
    pages: Vec<Page>,
    by_key: FastMap<String, usize>,
    /// Keyed by the path's bytes: hashing a `Path` walks its components, far slower.
    by_file: FastMap<OsString, usize>,
    by_last_segment: FastMap<String, Vec<usize>>,
    /// Every page's last URL segment, sorted, for "did you mean" (built on first use).
    sorted_segments: std::sync::OnceLock<Vec<(String, usize)>>,
    redirects: FastMap<String, String>,
    routes: Option<GlobSet>,
    ignore_links: Option<GlobSet>,
    public: Option<PathBuf>,
    path_aliases: Vec<(String, PathBuf)>,
    /// Local files that links and images point at and that exist.
    existing: FastSet<OsString>,
    /// Whether each site component read so far sets computed ids.
    component_ids: std::sync::Mutex<FastMap<OsString, bool>>,
    canonical_claims: FastMap<String, Vec<usize>>,
    trailing_slash: TrailingSlash,
    case_sensitive: bool,
    i18n: Option<I18n>,
    canonical_field: String,
    include_pattern: Option<regex::Regex>,
    redirect_fields: Vec<String>,
    image_fields: Vec<String>,
    /// The content folders, each with how its articles get their URLs and
    /// resolve their links: `[site] content`, then each collection's.
    sections: Vec<Section>,
    content_roots: Vec<PathBuf>,
}

/// A content folder and the rules of the collection it holds.
struct Section {
    root: PathBuf,
    permalink: Vec<permalink::Template>,
    relative_links: RelativeLinks,
    date_fields: &'static [&'static str],
}

/// Where a link goes.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved<'s> {
    /// Not this site's: another host, `mailto:`, and so on.
    Elsewhere,
    /// Not checked: template syntax (`{{< ref >}}`, `{% link %}`) or `[site] ignore-links`.
    Unchecked,
    Page {
        page: &'s Page,
        fragment: Option<String>,
        /// Set when the link works but is not written the canonical way.
        detour: Option<Detour>,
    },
    /// A `#fragment` of the linking page itself.
    SamePage {
        fragment: String,
    },
    /// A configured route (a page that is not an article), or a redirect
    /// that leads out of the index.
    Route {
        detour: Option<Detour>,
    },
    /// A local file (an image, a PDF…) that exists.
    File {
        detour: Option<Detour>,
    },
    Broken(Broken),
}

/// Why a working link is not canonical; `use_instead` is the link to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Detour {
    pub reason: DetourReason,
    pub use_instead: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DetourReason {
    AliasHost(String),
    /// Written with `http` on an `https` site (or the other way round).
    Scheme {
        written: String,
        site: String,
    },
    TrailingSlash,
    Case,
    Redirect(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Broken {
    /// No page at this URL path (lookup form); `absolute` when the link was
    /// written as a full URL. See [`Site::suggestion`].
    NoPage {
        key: String,
        absolute: bool,
    },
    Draft {
        display: String,
    },
    NoFile {
        path: String,
    },
    OutsideProject,
    Malformed {
        hint: String,
    },
    RedirectLoop,
}

impl Site {
    /// Builds the index from every parsed article (pages are those under a
    /// content root) and checks, once, which local files their links name.
    pub fn build(settings: &Settings, articles: &[&Article], cwd: &Path) -> Site {
        let mut site = Site::new(settings, cwd);
        let contributions: Vec<Contribution> = articles
            .par_iter()
            .map(|article| site.contribution(article))
            .collect();
        site.index(&contributions, &|_| true);
        site
    }

    /// A site with its settings and an empty index; fill it with [`Site::index`].
    pub fn new(settings: &Settings, cwd: &Path) -> Site {
        let root = normalize(&cwd.join(&settings.root));
        let site_settings = &settings.site;
        let content_roots: Vec<PathBuf> = if site_settings.content.is_empty() {
            vec![root.clone()]
        } else {
            site_settings
                .content
                .iter()
                .map(|c| normalize(&root.join(c)))
                .collect()
        };
        let mut sections: Vec<Section> = content_roots
            .iter()
            .map(|root| Section {
                root: root.clone(),
                permalink: site_settings.permalink.clone(),
                relative_links: site_settings.relative_links,
                date_fields: settings.front_matter.preset.date_fields().0,
            })
            .collect();
        for collection in &settings.collections {
            for folder in &collection.content {
                sections.push(Section {
                    root: normalize(&root.join(folder)),
                    permalink: collection.permalink.clone(),
                    relative_links: collection.relative_links,
                    date_fields: collection.front_matter.preset.date_fields().0,
                });
            }
        }
        let content_roots: Vec<PathBuf> = sections.iter().map(|s| s.root.clone()).collect();
        let mut site = Site {
            origin: site_settings.url.as_deref().and_then(Origin::parse),
            aliases: site_settings
                .aliases
                .iter()
                .filter_map(|a| Origin::parse(a))
                .collect(),
            pages: Vec::new(),
            by_key: FastMap::default(),
            by_file: FastMap::default(),
            by_last_segment: FastMap::default(),
            sorted_segments: std::sync::OnceLock::new(),
            redirects: FastMap::default(),
            routes: site_settings.routes.clone(),
            ignore_links: site_settings.ignore_links.clone(),
            public: site_settings
                .public
                .as_ref()
                .map(|p| normalize(&root.join(p))),
            path_aliases: site_settings
                .path_aliases
                .iter()
                .map(|(alias, target)| (alias.clone(), normalize(&root.join(target))))
                .collect(),
            existing: FastSet::default(),
            component_ids: Default::default(),
            canonical_claims: FastMap::default(),
            trailing_slash: site_settings.trailing_slash,
            case_sensitive: site_settings.case_sensitive,
            i18n: site_settings.i18n.clone(),
            canonical_field: settings.canonical_field().to_string(),
            include_pattern: site_settings.include_pattern.clone(),
            redirect_fields: site_settings.redirect_fields.clone(),
            image_fields: settings.image_fields(),
            sections,
            content_roots,
            root,
            cwd: cwd.to_path_buf(),
        };
        for (from, to) in &site_settings.redirects {
            site.redirects.insert(site.key(from), to.clone());
        }
        site
    }

    /// What an article brings to the index: its page (if it is one), its
    /// anchors, what it includes and the local files it names.
    pub fn contribution(&self, article: &Article) -> Contribution {
        let file = self.file_of(article).into_owned();
        let mut ids = Anchors::new(
            article
                .body
                .headings
                .iter()
                .map(|h| h.id.as_str())
                .chain(article.body.html_ids.iter().map(String::as_str)),
        );
        // Ids a renderer makes that proofmark cannot: from site components,
        // and from headings written with template code (`{{ skin.name }}`).
        if article.body.templated_headings || self.renders_components_with_ids(article) {
            ids.open();
        }
        let includes = match &self.include_pattern {
            Some(pattern) => pattern
                .captures_iter(&article.source)
                .filter_map(|found| found.name("path"))
                .map(|path| path.as_str().to_string())
                .collect(),
            None => Vec::new(),
        };
        let destinations: Vec<&str> = article
            .body
            .links
            .iter()
            .map(|l| l.destination.as_str())
            .chain(
                article
                    .image_sources(&self.image_fields)
                    .into_iter()
                    .map(|(source, _)| source),
            )
            .collect();
        let local_files = destinations
            .iter()
            .filter_map(|destination| self.local_path(&file, destination))
            .collect();
        // Relative paths may also land in another page's folder (see bundle_asset).
        let relative_destinations = destinations
            .iter()
            .filter(|d| {
                let parts = url::split(d.trim());
                parts.scheme.is_none()
                    && parts.host.is_none()
                    && !parts.path.is_empty()
                    && !parts.path.starts_with('/')
            })
            .map(|d| d.to_string())
            .collect();
        Contribution {
            page: self.page_facts(article, &file),
            file,
            ids,
            includes,
            local_files,
            relative_destinations,
        }
    }

    /// The section (content folder) a file is in: the deepest that holds it.
    fn section_of(&self, file: &Path) -> Option<&Section> {
        self.sections
            .iter()
            .filter(|section| file.starts_with(&section.root))
            .max_by_key(|section| section.root.as_os_str().len())
    }

    fn relative_links_of(&self, file: &Path) -> RelativeLinks {
        self.section_of(file)
            .map_or(RelativeLinks::Page, |section| section.relative_links)
    }

    fn page_facts(&self, article: &Article, file: &Path) -> Option<PageFacts> {
        let section = self.section_of(file)?;
        let relative = file
            .strip_prefix(&section.root)
            .map(|r| r.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"))
            .unwrap_or_default();
        let facts = Facts {
            article,
            relative: &relative,
            date_fields: section.date_fields,
        };
        let url = section.permalink.iter().find_map(|t| t.render(&facts))?;
        let draft = matches!(
            article.field("draft"),
            Some(Value {
                kind: ValueKind::Bool(true),
                ..
            })
        );
        let redirects = self
            .redirect_fields
            .iter()
            .flat_map(|field| strings(article.field(field)))
            .map(|alias| {
                let alias = if alias.starts_with('/') {
                    alias
                } else {
                    format!("/{alias}")
                };
                // Old paths are under the base path the site is served from.
                match &self.origin {
                    Some(origin) if !origin.holds(&alias) => format!("{}{alias}", origin.base),
                    _ => alias,
                }
            })
            .collect();
        let canonical = article
            .field(&self.canonical_field)
            .and_then(Value::as_str)
            .map(str::to_string);
        Some(PageFacts {
            url: self.apply_policy(&url::normalize_path(&url)),
            draft,
            redirects,
            canonical,
        })
    }

    /// Fills the index from every article's contribution, then checks once
    /// which of the local files named by the articles to lint exist (`linted`
    /// tells them apart; only their links are ever resolved).
    pub fn index(
        &mut self,
        contributions: &[Contribution],
        linted: &dyn Fn(&Contribution) -> bool,
    ) {
        for contribution in contributions {
            let Some(facts) = &contribution.page else {
                continue;
            };
            let index = self.pages.len();
            for alias in &facts.redirects {
                let key = self.key(alias);
                self.redirects
                    .entry(key)
                    .or_insert_with(|| facts.url.clone());
            }
            let key = self.key(&facts.url);
            self.by_key.entry(key).or_insert(index);
            self.by_file
                .insert(contribution.file.clone().into_os_string(), index);
            let last = facts
                .url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_lowercase();
            self.by_last_segment.entry(last).or_default().push(index);
            if let Some(canonical) = &facts.canonical {
                self.canonical_claims
                    .entry(canonical_key(canonical))
                    .or_default()
                    .push(index);
            }
            self.pages.push(Page {
                file: contribution.file.clone(),
                url: facts.url.clone(),
                ids: contribution.ids.clone(),
                draft: facts.draft,
            });
        }
        if self.include_pattern.is_some() {
            self.merge_included_ids(contributions);
        }
        let to_check: Vec<&Contribution> = contributions.iter().filter(|c| linted(c)).collect();
        self.check_local_files(&to_check);
    }

    /// Pages that include other files (Hugo's `{{% include "…" %}}` and the
    /// like) also have the anchors of what they include.
    fn merge_included_ids(&mut self, contributions: &[Contribution]) {
        let by_path: FastMap<&Path, &Contribution> = contributions
            .iter()
            .map(|c| (c.file.as_path(), c))
            .collect();
        let content_roots = &self.content_roots;
        let included = |contribution: &Contribution| -> Vec<PathBuf> {
            contribution
                .includes
                .iter()
                .filter_map(|path| {
                    // Relative to the including file first, then to each content root.
                    let rooted = path.trim_start_matches('/');
                    let beside = (!path.starts_with('/'))
                        .then(|| {
                            contribution
                                .file
                                .parent()
                                .map(|dir| normalize(&dir.join(path)))
                        })
                        .flatten();
                    beside
                        .into_iter()
                        .chain(
                            content_roots
                                .iter()
                                .map(|root| normalize(&root.join(rooted))),
                        )
                        .find(|candidate| by_path.contains_key(candidate.as_path()))
                })
                .collect()
        };
        for page in &mut self.pages {
            let Some(contribution) = by_path.get(page.file.as_path()) else {
                continue;
            };
            // Includes may nest; a few levels cover real sites and stop cycles.
            let mut pending = included(contribution);
            let mut depth = 0;
            while !pending.is_empty() && depth < 4 {
                let mut next = Vec::new();
                for file in pending {
                    if let Some(inner) = by_path.get(file.as_path()) {
                        page.ids.extend(inner.ids.iter());
                        if inner.ids.is_open() {
                            page.ids.open();
                        }
                        next.extend(included(inner));
                    }
                }
                pending = next;
                depth += 1;
            }
        }
    }

    /// Stats, once, every local file that a link or image names.
    fn check_local_files(&mut self, contributions: &[&Contribution]) {
        let wanted: HashSet<PathBuf> = contributions
            .par_iter()
            .flat_map_iter(|contribution| {
                let bundle_assets = contribution
                    .relative_destinations
                    .iter()
                    .filter_map(|destination| self.bundle_asset(&contribution.file, destination));
                contribution
                    .local_files
                    .iter()
                    .cloned()
                    .chain(bundle_assets)
                    .collect::<Vec<_>>()
            })
            .collect();
        let wanted: Vec<PathBuf> = wanted
            .into_iter()
            .filter(|path| !self.by_file.contains_key(path.as_os_str()))
            .collect();
        // Nothing outside the project (or a folder the config names) is ever
        // looked at because an article says so.
        self.existing = wanted
            .into_par_iter()
            .filter(|path| self.may_look_at(path) && path.is_file())
            .map(PathBuf::into_os_string)
            .collect();
    }

    /// Whether a file may be looked at: inside the project, or inside a
    /// folder the config names (`public`, path aliases).
    fn may_look_at(&self, path: &Path) -> bool {
        path.starts_with(&self.root)
            || self
                .public
                .as_ref()
                .is_some_and(|public| path.starts_with(public))
            || self
                .path_aliases
                .iter()
                .any(|(_, target)| path.starts_with(target))
    }

    /// How reports name a page's file: relative to the current folder.
    pub fn display(&self, page: &Page) -> String {
        crate::discover::display_path(&page.file, &self.cwd)
    }

    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_ref()
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// Whether a local image (or other file) exists: `~/assets/…`, `/…` under
    /// `public`, a path relative to the article, or a URL on the site's host.
    pub fn file_exists(&self, article: &Article, source: &str) -> Option<bool> {
        let from = self.file_of(article);
        let path = self.local_path(&from, source)?;
        let exists = |path: &PathBuf| {
            self.existing.contains(path.as_os_str()) || self.by_file.contains_key(path.as_os_str())
        };
        Some(
            exists(&path)
                || self
                    .bundle_asset(&from, source)
                    .is_some_and(|asset| exists(&asset)),
        )
    }

    /// A relative path read as a URL from the linking page, landing in another
    /// page's folder (a page bundle): `../../2024/05/07/post/chart.svg`.
    fn bundle_asset(&self, from: &Path, destination: &str) -> Option<PathBuf> {
        let parts = url::split(destination.trim());
        if parts.scheme.is_some() || parts.host.is_some() || parts.path.starts_with('/') {
            return None;
        }
        let page = &self.pages[*self.by_file.get(from.as_os_str())?];
        let base = if page.url.ends_with('/') {
            page.url.clone()
        } else {
            format!("{}/", &page.url[..page.url.rfind('/').unwrap_or(0)])
        };
        let target = url::normalize_path(&format!("{base}{}", url::percent_decode(parts.path)));
        let (folder, name) = target.rsplit_once('/')?;
        let owner = &self.pages[*self.by_key.get(&self.key(folder))?];
        Some(normalize(&owner.file.parent()?.join(name)))
    }

    pub fn page_for(&self, article: &Article) -> Option<&Page> {
        self.by_file
            .get(self.file_of(article).as_os_str())
            .map(|&i| &self.pages[i])
    }

    /// The article's file as the index knows it. The runner gives articles
    /// absolute, normalised paths, so this costs nothing on the hot path.
    fn file_of<'a>(&self, article: &'a Article) -> std::borrow::Cow<'a, Path> {
        if article.path.is_absolute() {
            std::borrow::Cow::Borrowed(&article.path)
        } else {
            std::borrow::Cow::Owned(normalize(&self.cwd.join(&article.path)))
        }
    }

    /// Other pages whose canonical URL is the same as this one's.
    pub fn canonical_rivals(&self, canonical: &str, page: &Page) -> Vec<&Page> {
        self.canonical_claims
            .get(&canonical_key(canonical))
            .map(|claims| {
                claims
                    .iter()
                    .map(|&i| &self.pages[i])
                    .filter(|other| other.file != page.file)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn trailing_slash(&self) -> TrailingSlash {
        self.trailing_slash
    }

    /// The lookup form of a URL path: no trailing slash, case folded if the
    /// site's URLs are case-insensitive.
    fn key(&self, path: &str) -> String {
        let decoded = url::percent_decode(path);
        let normalized = url::normalize_path(&decoded);
        let trimmed = normalized.trim_end_matches('/');
        let trimmed = trimmed.strip_suffix("/index.html").unwrap_or(trimmed);
        let key = if trimmed.is_empty() { "/" } else { trimmed };
        if self.case_sensitive {
            key.to_string()
        } else {
            key.to_lowercase()
        }
    }

    /// The canonical form of a page URL under the trailing-slash policy.
    fn apply_policy(&self, path: &str) -> String {
        match self.trailing_slash {
            TrailingSlash::Ignore => path.to_string(),
            _ if path == "/" => path.to_string(),
            TrailingSlash::Never => path.trim_end_matches('/').to_string(),
            TrailingSlash::Always => {
                let last = path.rsplit('/').next().unwrap_or("");
                if path.ends_with('/') || last.contains('.') {
                    path.to_string()
                } else {
                    format!("{path}/")
                }
            }
        }
    }

    /// The file a local link or image names, if it names one inside the project.
    fn local_path(&self, from: &Path, destination: &str) -> Option<PathBuf> {
        let destination = destination.trim();
        let rendered;
        // Liquid's `relative_url` adds the base path itself.
        let templated = destination.contains("{{") || destination.contains("{%");
        let destination = if templated {
            rendered = url::liquid_site_path(destination)?;
            rendered.as_str()
        } else {
            destination
        };
        let parts = url::split(destination);
        let path = url::percent_decode(parts.path);
        // Malformed URLs (`https//…`, `https:/…`) are image-url's and broken-link's findings.
        if path.is_empty()
            || parts.missing_slashes
            || self.looks_like_a_url_without_scheme(&parts).is_some()
        {
            return None;
        }
        let candidate = match (&parts.scheme, &parts.host) {
            (None, None) => {
                if let Some(file) = self.alias_file(&path) {
                    file
                } else if path.starts_with('/') {
                    self.public_file(&path, !templated)?
                } else {
                    from.parent()?.join(path.as_ref())
                }
            }
            (Some(_), Some(host)) if self.is_own_host(host) => self.public_file(&path, true)?,
            _ => return None,
        };
        Some(normalize(&candidate))
    }

    /// The file in the public folder that a URL path serves. On a site under
    /// a base path (`/blog`), the folder is served there: a path outside it is
    /// no file of this site. `under_base` is false for a path that is already
    /// relative to the base (what Liquid's `relative_url` takes).
    fn public_file(&self, url_path: &str, under_base: bool) -> Option<PathBuf> {
        let public = self.public.as_ref()?;
        let base = self
            .origin
            .as_ref()
            .map_or("", |origin| origin.base.as_str());
        let rest = if base.is_empty() || !under_base {
            url_path
        } else {
            url_path
                .strip_prefix(base)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))?
        };
        Some(public.join(rest.trim_start_matches('/')))
    }

    fn is_own_host(&self, host: &str) -> bool {
        self.origin
            .iter()
            .chain(&self.aliases)
            .any(|o| o.host == host)
    }

    /// Where a link in `from` (an article's file) leads.
    pub fn resolve(&self, article: &Article, destination: &str) -> Resolved<'_> {
        let destination = destination.trim();
        let from = self.file_of(article);
        let parts = url::split(destination);
        let fragment = parts.fragment.map(|f| url::percent_decode(f).into_owned());
        if destination.is_empty() {
            return Resolved::Elsewhere;
        }
        if destination.contains("{{") || destination.contains("{%") {
            return Resolved::Unchecked;
        }
        if self
            .ignore_links
            .as_ref()
            .is_some_and(|globs| globs.is_match(destination))
        {
            return Resolved::Unchecked;
        }
        if parts.scheme.is_none() && parts.host.is_none() && parts.path.is_empty() {
            return match fragment {
                Some(fragment) if !fragment.is_empty() => Resolved::SamePage { fragment },
                _ => Resolved::Elsewhere,
            };
        }
        if parts.missing_slashes {
            return Resolved::Broken(Broken::Malformed {
                hint: format!(
                    "write `{}://` with two slashes",
                    parts.scheme.as_deref().unwrap_or("https")
                ),
            });
        }
        if let Some(hint) = self.looks_like_a_url_without_scheme(&parts) {
            return Resolved::Broken(Broken::Malformed { hint });
        }
        match (&parts.scheme, &parts.host) {
            (Some(scheme), _) if scheme != "http" && scheme != "https" => Resolved::Elsewhere,
            (scheme, Some(host)) => {
                let Some(origin) = &self.origin else {
                    return Resolved::Elsewhere;
                };
                let scheme = scheme.as_deref().unwrap_or(&origin.scheme);
                let detour = if host != &origin.host {
                    if !self.aliases.iter().any(|alias| &alias.host == host) {
                        return Resolved::Elsewhere;
                    }
                    Some(DetourReason::AliasHost(host.clone()))
                } else if scheme != origin.scheme {
                    Some(DetourReason::Scheme {
                        written: scheme.to_string(),
                        site: origin.scheme.clone(),
                    })
                } else {
                    None
                };
                let path = if parts.path.is_empty() {
                    "/"
                } else {
                    parts.path
                };
                if !origin.holds(path) {
                    return Resolved::Elsewhere;
                }
                self.resolve_url_path(path, fragment, detour, true)
            }
            (None, None) => {
                if let Some(file) = self.alias_file(parts.path) {
                    return self.file_link(file, fragment);
                }
                if self.relative_links_of(&from) == RelativeLinks::FileThenRoot {
                    if let Some(index) = self.markdown_file_link(&from, parts.path) {
                        return self.page_link(index, fragment, None);
                    }
                }
                if parts.path.starts_with('/') {
                    return self.resolve_url_path(parts.path, fragment, None, false);
                }
                self.resolve_relative(&from, parts.path, fragment)
            }
            (Some(_), None) => Resolved::Elsewhere,
        }
    }

    /// The article a Markdown file link (`guides/pages.mdx`) names, looked
    /// for as Docusaurus does: beside the page unless the link starts with
    /// `/`, then in the page's content root and the site folder unless it
    /// starts with `./` or `../`.
    fn markdown_file_link(&self, from: &Path, path: &str) -> Option<usize> {
        let decoded = url::percent_decode(path);
        let lower = decoded.to_ascii_lowercase();
        if !(lower.ends_with(".md") || lower.ends_with(".mdx")) {
            return None;
        }
        let relative = decoded.trim_start_matches('/');
        let beside = (!decoded.starts_with('/'))
            .then(|| from.parent())
            .flatten()
            .map(Path::to_path_buf);
        let from_roots = !(decoded.starts_with("./") || decoded.starts_with("../"));
        let roots = self
            .content_roots
            .iter()
            .filter(|root| from.starts_with(root))
            .chain(std::iter::once(&self.root))
            .filter(|_| from_roots)
            .cloned();
        beside
            .into_iter()
            .chain(roots)
            .map(|dir| normalize(&dir.join(relative)))
            .filter(|file| file.starts_with(&self.root))
            .find_map(|file| self.by_file.get(file.as_os_str()).copied())
    }

    /// The file behind `~/assets/x.png` and other configured path aliases.
    /// Whether the article renders a site component that makes ids.
    pub fn renders_components_with_ids(&self, article: &Article) -> bool {
        let file = self.file_of(article);
        article
            .rendered_component_modules()
            .into_iter()
            .any(|module| self.component_makes_ids(&file, module))
    }

    /// Whether a component the page imports (`./Table`, `@site/src/…`,
    /// `~/components/…`) sets an `id` from a value in its code
    /// (`id={anchor}`), so that the page has ids only running it shows.
    /// A module that is not in the project (a package) or cannot be read
    /// is taken not to.
    fn component_makes_ids(&self, page: &Path, module: &str) -> bool {
        let Some(base) = (if module.starts_with("./") || module.starts_with("../") {
            page.parent().map(|dir| normalize(&dir.join(module)))
        } else {
            self.alias_file(module)
        }) else {
            return false;
        };
        if let Some(&known) = self
            .component_ids
            .lock()
            .ok()
            .as_ref()
            .and_then(|known| known.get(base.as_os_str()))
        {
            return known;
        }
        let code = [
            "", ".tsx", ".jsx", ".ts", ".js", ".astro", ".vue", ".svelte",
        ]
        .iter()
        .map(|ext| PathBuf::from(format!("{}{ext}", base.display())))
        .chain(
            [
                "index.tsx",
                "index.jsx",
                "index.ts",
                "index.js",
                "index.astro",
            ]
            .iter()
            .map(|name| base.join(name)),
        )
        .filter(|path| path.starts_with(&self.root) && path.is_file())
        .find_map(|path| std::fs::read_to_string(path).ok());
        let makes_ids = code.is_some_and(|code| sets_computed_id(&code));
        if let Ok(mut known) = self.component_ids.lock() {
            known.insert(base.into_os_string(), makes_ids);
        }
        makes_ids
    }

    fn alias_file(&self, path: &str) -> Option<PathBuf> {
        let decoded = url::percent_decode(path);
        let (alias, target) = self
            .path_aliases
            .iter()
            .find(|(alias, _)| decoded.starts_with(alias.as_str()))?;
        Some(normalize(
            &target.join(decoded[alias.len()..].trim_start_matches('/')),
        ))
    }

    fn file_link(&self, file: PathBuf, fragment: Option<String>) -> Resolved<'_> {
        if let Some(&index) = self.by_file.get(file.as_os_str()) {
            return self.page_link(index, fragment, None);
        }
        if self.existing.contains(file.as_os_str()) {
            return Resolved::File { detour: None };
        }
        if !file.starts_with(&self.root) {
            return Resolved::Broken(Broken::OutsideProject);
        }
        Resolved::Broken(Broken::NoFile {
            path: file
                .strip_prefix(&self.root)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/"),
        })
    }

    /// `www.example.com/x` or `https//example.com/x`: a URL that lost its scheme.
    fn looks_like_a_url_without_scheme(&self, parts: &url::Parts<'_>) -> Option<String> {
        if parts.scheme.is_some() || parts.host.is_some() {
            return None;
        }
        let path = parts.path;
        for broken in ["https//", "http//", "https:\\\\", "http:\\\\"] {
            if let Some(rest) = path.strip_prefix(broken) {
                let scheme = if broken.starts_with("https") {
                    "https"
                } else {
                    "http"
                };
                return Some(format!("did you mean `{scheme}://{rest}`?"));
            }
        }
        let first = path.split('/').next().unwrap_or("").to_ascii_lowercase();
        if self.is_own_host(&first) || looks_like_a_host(&first) {
            return Some(format!("did you mean `https://{path}`?"));
        }
        None
    }

    fn resolve_relative(&self, from: &Path, path: &str, fragment: Option<String>) -> Resolved<'_> {
        let decoded = url::percent_decode(path);
        let Some(file) = from
            .parent()
            .map(|dir| normalize(&dir.join(decoded.as_ref())))
        else {
            return Resolved::Broken(Broken::NoPage {
                key: String::new(),
                absolute: false,
            });
        };
        if let Some(&index) = self.by_file.get(file.as_os_str()) {
            return self.page_link(index, fragment, None);
        }
        if self.existing.contains(file.as_os_str()) {
            return Resolved::File { detour: None };
        }
        // Not a file: a URL relative to the linking page's own URL.
        let by_url = self.by_file.get(from.as_os_str()).map(|&index| {
            let base = &self.pages[index].url;
            let base_dir = match base.rfind('/') {
                Some(at) if !base.ends_with('/') => &base[..=at],
                _ => base.as_str(),
            };
            self.resolve_url_path(&format!("{base_dir}{path}"), fragment.clone(), None, false)
        });
        let by_url = match (by_url, self.by_file.get(from.as_os_str())) {
            (Some(Resolved::Broken(_)), Some(&index))
                if self.relative_links_of(from) == RelativeLinks::SectionOrRoot
                    && !path.starts_with("./")
                    && !path.starts_with("../") =>
            {
                // Hugo's GetPage: relative to the page's section, then to the root.
                let url = self.pages[index].url.trim_end_matches('/');
                let section = &url[..url.rfind('/').unwrap_or(0)];
                [format!("{section}/{path}"), format!("/{path}")]
                    .iter()
                    .map(|candidate| {
                        self.resolve_url_path(candidate, fragment.clone(), None, false)
                    })
                    .find(|resolved| !matches!(resolved, Resolved::Broken(_)))
                    .or(Some(Resolved::Broken(Broken::NoPage {
                        key: self.key(&format!("/{path}")),
                        absolute: false,
                    })))
            }
            (by_url, _) => by_url,
        };
        let names_a_file =
            Path::new(decoded.as_ref()).extension().is_some() || !file.starts_with(&self.root);
        match by_url {
            Some(resolved) if !matches!(resolved, Resolved::Broken(_)) || !names_a_file => resolved,
            _ => self.file_link(file, None),
        }
    }

    fn page_link(
        &self,
        index: usize,
        fragment: Option<String>,
        detour: Option<Detour>,
    ) -> Resolved<'_> {
        let page = &self.pages[index];
        if page.draft {
            return Resolved::Broken(Broken::Draft {
                display: self.display(page),
            });
        }
        Resolved::Page {
            page,
            fragment,
            detour,
        }
    }

    fn absolute(&self, path: &str, absolute: bool) -> String {
        match (&self.origin, absolute) {
            (Some(origin), true) => format!("{}{path}", origin.text()),
            _ => path.to_string(),
        }
    }

    fn resolve_url_path(
        &self,
        path: &str,
        fragment: Option<String>,
        reason: Option<DetourReason>,
        absolute: bool,
    ) -> Resolved<'_> {
        let decoded = url::percent_decode(path).into_owned();
        let key = self.key(&decoded);
        let with_fragment = |url: &str| match &fragment {
            Some(f) if !f.is_empty() => format!("{url}#{f}"),
            _ => url.to_string(),
        };
        if let Some(&index) = self.by_key.get(&key) {
            let page = &self.pages[index];
            let reason = reason.or_else(|| {
                let written = url::normalize_path(&decoded);
                let written_slash = written.ends_with('/') && written != "/";
                let canonical_slash = page.url.ends_with('/') && page.url != "/";
                if self.trailing_slash != TrailingSlash::Ignore
                    && written_slash != canonical_slash
                    && !decoded.ends_with(".html")
                {
                    Some(DetourReason::TrailingSlash)
                } else if written.trim_end_matches('/') != page.url.trim_end_matches('/')
                    && written.trim_end_matches('/').to_lowercase()
                        == page.url.trim_end_matches('/').to_lowercase()
                {
                    Some(DetourReason::Case)
                } else {
                    None
                }
            });
            let detour = reason.map(|reason| Detour {
                reason,
                use_instead: with_fragment(&self.absolute(&page.url, absolute)),
            });
            return self.page_link(index, fragment, detour);
        }
        if let Some(resolved) = self.follow_redirects(&key, &fragment, absolute) {
            return resolved;
        }
        let elsewhere_detour = || {
            reason.clone().map(|reason| Detour {
                reason,
                use_instead: with_fragment(
                    &self.absolute(&url::normalize_path(&decoded), absolute),
                ),
            })
        };
        if self.is_route(&decoded) {
            return Resolved::Route {
                detour: elsewhere_detour(),
            };
        }
        if let Some(file) = self.public_file(&decoded, true) {
            let file = normalize(&file);
            if self.existing.contains(file.as_os_str()) {
                return Resolved::File {
                    detour: elsewhere_detour(),
                };
            }
        }
        if let Some(i18n) = &self.i18n {
            let trimmed = decoded.trim_start_matches('/');
            let (locale, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
            if locale != i18n.fallback && i18n.locales.iter().any(|l| l == locale) {
                let fallback = if i18n.fallback_at_root {
                    format!("/{rest}")
                } else {
                    format!("/{}/{rest}", i18n.fallback)
                };
                if let Some(&index) = self.by_key.get(&self.key(&fallback)) {
                    return self.page_link(index, fragment, None);
                }
                // The fallback locale may live outside the index (MDN serves en-US).
                if self.is_route(&fallback) {
                    return Resolved::Route { detour: None };
                }
            }
        }
        Resolved::Broken(Broken::NoPage { key, absolute })
    }

    fn follow_redirects(
        &self,
        key: &str,
        fragment: &Option<String>,
        absolute: bool,
    ) -> Option<Resolved<'_>> {
        let mut target = self.redirects.get(key)?;
        let mut seen = vec![key.to_string()];
        loop {
            let target_key = self.key(target);
            if let Some(&index) = self.by_key.get(&target_key) {
                let page = &self.pages[index];
                let use_instead = match fragment {
                    Some(f) if !f.is_empty() => {
                        format!("{}#{f}", self.absolute(&page.url, absolute))
                    }
                    _ => self.absolute(&page.url, absolute),
                };
                return Some(self.page_link(
                    index,
                    fragment.clone(),
                    Some(Detour {
                        reason: DetourReason::Redirect(target.clone()),
                        use_instead,
                    }),
                ));
            }
            if seen.contains(&target_key) || seen.len() > 16 {
                return Some(Resolved::Broken(Broken::RedirectLoop));
            }
            seen.push(target_key.clone());
            match self.redirects.get(&target_key) {
                Some(next) => target = next,
                // A redirect out of the index (to a route, a file, another site): served.
                None => {
                    return Some(Resolved::Route {
                        detour: Some(Detour {
                            reason: DetourReason::Redirect(target.clone()),
                            use_instead: target.clone(),
                        }),
                    })
                }
            }
        }
    }

    /// Configured routes, and the home page, which every site has.
    fn is_route(&self, path: &str) -> bool {
        let trimmed = path.trim_end_matches('/');
        let path = if trimmed.is_empty() { "/" } else { trimmed };
        path == "/"
            || self
                .routes
                .as_ref()
                .is_some_and(|routes| routes.is_match(path))
    }

    /// "Did you mean": the nearest existing URL for a broken link, written the
    /// way the link was (absolute or root-relative). Computed only on demand.
    pub fn suggestion(&self, key: &str, absolute: bool) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        self.suggest(key).map(|url| self.absolute(url, absolute))
    }

    /// The nearest existing permalink: same last segment, else the closest
    /// among pages that share the parent path. Bounded work on any site size.
    fn suggest(&self, key: &str) -> Option<&str> {
        let last = key.rsplit('/').next().unwrap_or("").to_lowercase();
        if let Some(same) = self.by_last_segment.get(&last) {
            if let Some(&index) = same.iter().find(|&&i| !self.pages[i].draft) {
                return Some(&self.pages[index].url);
            }
        }
        // Typos rarely touch the first letters: the closest candidates sit
        // next to the broken segment in sorted order. A window around it
        // bounds the work, whatever the size of the site.
        let segments = self.sorted_segments.get_or_init(|| {
            let mut segments: Vec<(&str, usize)> = Vec::new();
            for (segment, pages) in &self.by_last_segment {
                segments.extend(pages.iter().map(|&page| (segment.as_str(), page)));
            }
            segments.sort_unstable();
            segments
                .into_iter()
                .map(|(segment, page)| (segment.to_string(), page))
                .collect()
        });
        let at = segments.partition_point(|(segment, _)| segment.as_str() < last.as_str());
        let window = &segments[at.saturating_sub(64)..(at + 64).min(segments.len())];
        window
            .iter()
            .filter(|(_, page)| !self.pages[*page].draft)
            .map(|(segment, page)| (strsim::jaro_winkler(&last, segment), &self.pages[*page]))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.url.cmp(&a.1.url)))
            .map(|(_, page)| page.url.as_str())
    }
}

/// `github.com`, `www.example.org`: a host name, not a file name.
fn looks_like_a_host(segment: &str) -> bool {
    const TOP_LEVEL: &[&str] = &[
        "com", "org", "net", "io", "dev", "rs", "app", "co", "edu", "gov", "info", "de", "uk",
    ];
    let mut labels = segment.split('.');
    let count = segment.split('.').count();
    count >= 2
        && labels.all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && segment
            .rsplit('.')
            .next()
            .is_some_and(|tld| TOP_LEVEL.contains(&tld))
}

fn canonical_key(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    trimmed.to_lowercase()
}

/// A string field or a list of strings.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value.map(|v| &v.kind) {
        Some(ValueKind::String(s)) => vec![s.clone()],
        Some(ValueKind::List(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether component code sets an element's `id` from an expression
/// (JSX/Astro/Svelte `id={…}`, Vue `:id="…"`) or registers anchors itself
/// (Docusaurus' `collectAnchor`).
fn sets_computed_id(code: &str) -> bool {
    code.contains("collectAnchor")
        || code.contains(":id=\"")
        || code.match_indices("id={").any(|(at, _)| {
            code[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace)
        })
}
