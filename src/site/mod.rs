//! The site: every article's URL and heading ids, routes, redirects and the
//! files links point at — built once per run from all content roots, so a
//! single file's links resolve against the whole site. Rules ask it where a
//! link goes; it never touches the disk after it is built.

pub mod anchors;
pub mod fast_hash;
pub mod near_copies;
pub mod permalink;
pub mod url;

mod contribute;
mod files;
mod rendering;
mod resolve;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use globset::GlobSet;
use rayon::prelude::*;

use crate::article::fingerprint::Fingerprint;
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
    /// Where its links go, as written: kept only when the index counts the
    /// links to each page (`orphan-article`), else empty.
    pub links: Vec<String>,
    /// A section index whose front matter keeps every page below it from
    /// being rendered (Hugo's `cascade` of build options).
    pub hides_below: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PageFacts {
    pub url: String,
    pub draft: bool,
    /// Root-relative paths that redirect to the page (`redirect-fields`).
    pub redirects: Vec<String>,
    pub canonical: Option<String>,
    /// The title and the meta description as search results show them
    /// (the preset's fields, spaces folded); `None` when absent, empty or
    /// written with template code.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The body's near-duplicate sketch, when `duplicate-content` is on.
    pub fingerprint: Option<Fingerprint>,
}

/// The other pages that share a claim with a page (a canonical URL, a
/// title, a description): the first of them, and how many there are.
#[derive(Clone, Copy, Debug)]
pub struct Others<'s> {
    pub first: &'s Page,
    pub count: usize,
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
    /// Articles that are no page and whose ids are not all known.
    open_ids: FastSet<OsString>,
    /// Whether each site component read so far sets computed ids.
    component_ids: std::sync::Mutex<FastMap<OsString, bool>>,
    /// Suggestions for missing fragments, worked out once a run.
    anchor_suggestions: crate::suggest::Memo,
    canonical_claims: FastMap<String, Vec<usize>>,
    /// Published pages by title and by description, among siblings (see
    /// `claim_scope`).
    title_claims: FastMap<String, Vec<usize>>,
    description_claims: FastMap<String, Vec<usize>>,
    /// Each page's keys in those (by page index).
    claim_keys: Vec<(Option<String>, Option<String>)>,
    /// Published pages' body sketches, by section and locale.
    near_copies: near_copies::NearCopies,
    /// Whether articles bring their links to the index, and then, by page
    /// index, whether another published article links to the page.
    carry_links: bool,
    linked_to: Vec<bool>,
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
    title_fields: &'static [&'static str],
    description_fields: &'static [&'static str],
    preset: crate::config::presets::Preset,
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
                title_fields: settings.front_matter.preset.title_fields(),
                description_fields: settings.front_matter.preset.description_fields(),
                preset: settings.front_matter.preset,
            })
            .collect();
        for collection in &settings.collections {
            for folder in &collection.content {
                sections.push(Section {
                    root: normalize(&root.join(folder)),
                    permalink: collection.permalink.clone(),
                    relative_links: collection.relative_links,
                    date_fields: collection.front_matter.preset.date_fields().0,
                    title_fields: collection.front_matter.preset.title_fields(),
                    description_fields: collection.front_matter.preset.description_fields(),
                    preset: collection.front_matter.preset,
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
            open_ids: FastSet::default(),
            component_ids: Default::default(),
            anchor_suggestions: Default::default(),
            canonical_claims: FastMap::default(),
            title_claims: FastMap::default(),
            description_claims: FastMap::default(),
            claim_keys: Vec::new(),
            near_copies: near_copies::NearCopies::new(
                settings.count_option(&crate::rules::duplicate_content::META, "threshold") as f64
                    / 100.0,
            ),
            carry_links: false,
            linked_to: Vec::new(),
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

    /// Fills the index from every article's contribution, then checks once
    /// which of the local files named by the articles to lint exist (`linted`
    /// tells them apart; only their links are ever resolved).
    pub fn index(
        &mut self,
        contributions: &[Contribution],
        linted: &dyn Fn(&Contribution) -> bool,
    ) {
        // Folders whose `_index.md` keeps the pages below it unrendered.
        let hidden: Vec<(&Path, &Path)> = contributions
            .iter()
            .filter(|contribution| contribution.hides_below)
            .filter_map(|contribution| {
                Some((contribution.file.parent()?, contribution.file.as_path()))
            })
            .collect();
        // What each page is found by, worked out for all pages at once: the
        // loop below only files them.
        let keys: Vec<Option<PageKeys>> = contributions
            .par_iter()
            .map(|contribution| {
                let facts = contribution.page.as_ref()?;
                Some(self.page_keys(&contribution.file, facts))
            })
            .collect();
        // The pages in order (a page's number is its place), split by the
        // maps their keys go to: what finds a page, and what it claims.
        let mut found_by = Vec::new();
        let mut claims = Vec::new();
        for (contribution, keys) in contributions.iter().zip(keys) {
            let under_hidden = || {
                hidden.iter().any(|(folder, index)| {
                    contribution.file.starts_with(folder) && contribution.file != *index
                })
            };
            match (contribution.page.as_ref().filter(|_| !under_hidden()), keys) {
                (Some(facts), Some(keys)) => {
                    found_by.push((
                        contribution,
                        facts,
                        keys.url,
                        keys.redirects,
                        keys.last_segment,
                    ));
                    claims.push((facts, keys.canonical, keys.texts, keys.body_scope));
                }
                // Not a page, but its own fragment links still need to know
                // whether its ids are all known.
                _ => {
                    if contribution.ids.is_open() {
                        self.open_ids
                            .insert(contribution.file.clone().into_os_string());
                    }
                }
            }
        }
        // Each map is filled in page order, and the maps are independent
        // of each other: filled side by side.
        let Site {
            pages: page_list,
            by_key,
            by_file,
            by_last_segment,
            redirects,
            canonical_claims,
            title_claims,
            description_claims,
            claim_keys,
            near_copies,
            ..
        } = self;
        let first = page_list.len();
        let file_pages = || {
            for (index, (contribution, facts, url, aliases, last_segment)) in
                found_by.into_iter().enumerate()
            {
                let index = first + index;
                for alias in aliases {
                    redirects.entry(alias).or_insert_with(|| facts.url.clone());
                }
                by_key.entry(url).or_insert(index);
                by_file.insert(contribution.file.clone().into_os_string(), index);
                by_last_segment.entry(last_segment).or_default().push(index);
                page_list.push(Page {
                    file: contribution.file.clone(),
                    url: facts.url.clone(),
                    ids: contribution.ids.clone(),
                    draft: facts.draft,
                });
            }
        };
        let file_claims = || {
            for (index, (facts, canonical, texts, body_scope)) in claims.into_iter().enumerate() {
                let index = first + index;
                if let Some(canonical) = canonical {
                    canonical_claims.entry(canonical).or_default().push(index);
                }
                for (claims, key) in [
                    (&mut *title_claims, &texts.0),
                    (&mut *description_claims, &texts.1),
                ] {
                    if let Some(key) = key {
                        claims.entry(key.clone()).or_default().push(index);
                    }
                }
                claim_keys.push(texts);
                let sketch = facts.fingerprint.as_ref().filter(|_| !facts.draft);
                near_copies.add(body_scope, sketch);
            }
        };
        rayon::join(file_pages, file_claims);
        if self.include_pattern.is_some() {
            self.merge_included_ids(contributions);
        }
        if self.carry_links {
            self.count_links(contributions);
        }
        let to_check: Vec<&Contribution> = contributions.iter().filter(|c| linted(c)).collect();
        self.check_local_files(&to_check);
    }

    /// Marks the pages that another published article links to. Drafts
    /// are not published: their links do not count.
    fn count_links(&mut self, contributions: &[Contribution]) {
        let mut linked_to = vec![false; self.pages.len()];
        for contribution in contributions {
            if contribution.page.as_ref().is_some_and(|page| page.draft) {
                continue;
            }
            for destination in &contribution.links {
                if let Resolved::Page { page, .. } =
                    self.resolve_from(&contribution.file, destination)
                {
                    if page.file != contribution.file {
                        if let Some(&index) = self.by_file.get(page.file.as_os_str()) {
                            linked_to[index] = true;
                        }
                    }
                }
            }
        }
        self.linked_to = linked_to;
    }

    /// Whether articles bring their links to the index (see [`Site::is_orphan`]).
    pub fn carry_links(&mut self, on: bool) {
        self.carry_links = on;
    }

    /// Whether the article is a published page that no other published
    /// article links to; the home page (and each locale's) never is. Known
    /// only when the index carries links: else `false`.
    pub fn is_orphan(&self, article: &Article) -> bool {
        let Some(index) = self.page_number(article) else {
            return false;
        };
        let page = &self.pages[index];
        let key = self.key(&page.url);
        let base = self
            .origin
            .as_ref()
            .map_or("", |origin| origin.base.as_str());
        let locales = self
            .i18n
            .iter()
            .flat_map(|i18n| std::iter::once(&i18n.fallback).chain(&i18n.locales));
        let home = std::iter::once("")
            .chain(locales.map(String::as_str))
            .any(|locale| key == self.key(&format!("{base}/{locale}")));
        self.carry_links
            && !page.draft
            && !home
            && !self.linked_to.get(index).copied().unwrap_or(true)
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

    /// Whether an article's ids are not all known (site components or
    /// templated headings make some), page or not. Read from the index.
    pub fn ids_are_open(&self, article: &Article) -> bool {
        match self.page_for(article) {
            Some(page) => page.ids.is_open(),
            None => self.open_ids.contains(self.file_of(article).as_os_str()),
        }
    }

    /// Builds the near-copy buckets now, on every core, when `linted`
    /// articles are more than a few lookups' worth (see
    /// [`near_copies::NearCopies::prepare`]).
    pub fn prepare_near_copies(&self, linted: usize) {
        self.near_copies.prepare(linted);
    }

    /// Suggestions for fragments that name no id of a page, kept for the
    /// run (see [`crate::suggest::Memo`]).
    pub fn anchor_suggestions(&self) -> &crate::suggest::Memo {
        &self.anchor_suggestions
    }

    pub fn page_for(&self, article: &Article) -> Option<&Page> {
        self.page_number(article).map(|index| &self.pages[index])
    }

    /// The article's place in the index, if it is a page.
    fn page_number(&self, article: &Article) -> Option<usize> {
        self.by_file.get(self.file_of(article).as_os_str()).copied()
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
    pub fn canonical_rivals(&self, canonical: &str, page: &Page) -> Option<Others<'_>> {
        let claims = self.canonical_claims.get(&canonical_key(canonical))?;
        self.others(claims, page)
    }

    /// The pages of a claim other than `page`, which is in it once (a
    /// claim is made of the pages' own keys), told in constant time
    /// whatever the claim's size: ten thousand pages with one canonical
    /// URL are ten thousand findings, not a hundred million comparisons.
    /// An article fixed during the run may no longer be in the claim it
    /// is asked about (its page holds what it said before): then every
    /// page of the claim is another. Claims list pages in index order.
    fn others<'s>(&'s self, claims: &[usize], page: &Page) -> Option<Others<'s>> {
        let first = claims
            .iter()
            .take(2)
            .map(|&i| &self.pages[i])
            .find(|other| other.file != page.file)?;
        let own = self
            .by_file
            .get(page.file.as_os_str())
            .is_some_and(|index| claims.binary_search(index).is_ok());
        Some(Others {
            first,
            count: claims.len() - usize::from(own),
        })
    }

    /// The keys a page is filed under in the index.
    fn page_keys(&self, file: &Path, facts: &PageFacts) -> PageKeys {
        let mut texts = (None, None);
        if !facts.draft {
            let scope = Site::claim_scope(file);
            let key = |text: &String| format!("{scope}\0{}", text.to_lowercase());
            texts = (
                facts.title.as_ref().map(key),
                facts.description.as_ref().map(key),
            );
        }
        PageKeys {
            url: self.key(&facts.url),
            redirects: facts
                .redirects
                .iter()
                .map(|alias| self.key(alias))
                .collect(),
            last_segment: facts
                .url
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_lowercase(),
            canonical: facts.canonical.as_deref().map(canonical_key),
            texts,
            body_scope: self.body_scope(file, &facts.url),
        }
    }

    /// Where a title or description must be unique: among the page's
    /// siblings, the articles of its folder (a page bundle's `index.md`
    /// counts as its folder). Docs sections repeat "Overview" and
    /// "Introduction" from folder to folder, and docs versions and
    /// translations live in folders of their own; a blog's posts share one.
    fn claim_scope(file: &Path) -> String {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let bundle = matches!(stem, "index" | "_index" | "README");
        let folder = file
            .parent()
            .filter(|_| !bundle)
            .or_else(|| file.parent()?.parent());
        folder.map_or(String::new(), |f| f.to_string_lossy().into_owned())
    }

    /// Other published pages of the same folder with the same
    /// title (`description: false`) or description, letter case aside.
    pub fn text_rivals(&self, article: &Article, description: bool) -> Option<Others<'_>> {
        let index = self.page_number(article)?;
        let page = &self.pages[index];
        let (title, description_key) = &self.claim_keys[index];
        let (claims, key) = if description {
            (&self.description_claims, description_key)
        } else {
            (&self.title_claims, title)
        };
        key.as_ref()
            .and_then(|key| claims.get(key))
            .and_then(|pages| self.others(pages, page))
    }

    /// Where a body must be unique: among the pages of its section (a
    /// collection, a docs version) in its locale. Versions and
    /// translations repeat their pages' text on purpose.
    fn body_scope(&self, file: &Path, url: &str) -> u64 {
        use std::hash::Hasher;
        let mut hasher = fast_hash::FxHasher::default();
        hasher.write_usize(self.section_index(file).unwrap_or(usize::MAX));
        if let Some(i18n) = &self.i18n {
            let path = match &self.origin {
                Some(origin) => url.strip_prefix(origin.base.as_str()).unwrap_or(url),
                None => url,
            };
            let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
            if first == i18n.fallback || i18n.locales.iter().any(|locale| locale == first) {
                hasher.write(first.as_bytes());
            }
        }
        hasher.finish()
    }

    /// Other published pages of the article's section and locale whose
    /// bodies are at least `threshold` (0 to 1) alike with its body, each
    /// with how alike; both bodies have `min_words` words or more. The flag
    /// tells that the search stopped at [`near_copies::MOST_CANDIDATES`].
    pub fn near_copies(
        &self,
        article: &Article,
        threshold: f64,
        min_words: u32,
    ) -> (Vec<(&Page, f64)>, bool) {
        let Some(index) = self.page_number(article) else {
            return (Vec::new(), false);
        };
        let (found, stopped) = self.near_copies.near(index, threshold, min_words);
        let copies = found
            .into_iter()
            .map(|copy| (&self.pages[copy.page], copy.similarity))
            .collect();
        (copies, stopped)
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
}

/// What [`Site::index`] files a page under: its URL's lookup form, its
/// redirects', its URL's last segment, its canonical URL's, its title's
/// and description's (among its siblings), and the scope its body is
/// compared in.
struct PageKeys {
    url: String,
    redirects: Vec<String>,
    last_segment: String,
    canonical: Option<String>,
    texts: (Option<String>, Option<String>),
    body_scope: u64,
}

fn canonical_key(url: &str) -> String {
    let trimmed = url.trim().trim_end_matches('/');
    trimmed.to_lowercase()
}
