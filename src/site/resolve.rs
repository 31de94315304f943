//! Where a link goes: an article, a route, a redirect, a file, another
//! site, or nowhere (with the nearest page to suggest).

use std::path::{Path, PathBuf};

use super::*;

impl Site {
    /// Where a link in an article leads.
    pub fn resolve(&self, article: &Article, destination: &str) -> Resolved<'_> {
        self.resolve_from(&self.file_of(article), destination)
    }

    /// Where a link in `from` (an article's file, absolute) leads.
    pub(super) fn resolve_from(&self, from: &Path, destination: &str) -> Resolved<'_> {
        let destination = destination.trim();
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
                if let Some(index) = self.markdown_file_link(from, parts.path) {
                    if self.relative_links_of(from) == RelativeLinks::FileThenRoot {
                        return self.page_link(index, fragment, None);
                    }
                }
                if parts.path.starts_with('/') {
                    return self.resolve_url_path(parts.path, fragment, None, false);
                }
                self.resolve_relative(from, parts.path, fragment)
            }
            (Some(_), None) => Resolved::Elsewhere,
        }
    }

    /// The article a Markdown file link (`guides/pages.mdx`) names, looked
    /// for as Docusaurus does: beside the page unless the link starts with
    /// `/`, then in the page's content root and the site folder unless it
    /// starts with `./` or `../`.
    pub(super) fn markdown_file_link(&self, from: &Path, path: &str) -> Option<usize> {
        let decoded = url::percent_decode(path);
        let ends_with = |suffix: &str| {
            decoded.len() >= suffix.len()
                && decoded.as_bytes()[decoded.len() - suffix.len()..]
                    .eq_ignore_ascii_case(suffix.as_bytes())
        };
        if !(ends_with(".md") || ends_with(".mdx")) {
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

    pub(super) fn alias_file(&self, path: &str) -> Option<PathBuf> {
        let decoded = url::percent_decode(path);
        let (alias, target) = self
            .path_aliases
            .iter()
            .find(|(alias, _)| decoded.starts_with(alias.as_str()))?;
        Some(normalize(
            &target.join(decoded[alias.len()..].trim_start_matches('/')),
        ))
    }

    pub(super) fn file_link(&self, file: PathBuf, fragment: Option<String>) -> Resolved<'_> {
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
    pub(super) fn looks_like_a_url_without_scheme(&self, parts: &url::Parts<'_>) -> Option<String> {
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

    pub(super) fn resolve_relative(
        &self,
        from: &Path,
        path: &str,
        fragment: Option<String>,
    ) -> Resolved<'_> {
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

    pub(super) fn page_link(
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

    pub(super) fn absolute(&self, path: &str, absolute: bool) -> String {
        match (&self.origin, absolute) {
            (Some(origin), true) => format!("{}{path}", origin.text()),
            _ => path.to_string(),
        }
    }

    pub(super) fn resolve_url_path(
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

    pub(super) fn follow_redirects(
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
                // (A path on this site is written as the link was: absolute or not.)
                None => {
                    let mut use_instead = if target.starts_with('/') {
                        self.absolute(target, absolute)
                    } else {
                        target.clone()
                    };
                    if let Some(fragment) = fragment.as_deref().filter(|f| !f.is_empty()) {
                        if !use_instead.contains('#') {
                            use_instead = format!("{use_instead}#{fragment}");
                        }
                    }
                    return Some(Resolved::Route {
                        detour: Some(Detour {
                            reason: DetourReason::Redirect(target.clone()),
                            use_instead,
                        }),
                    });
                }
            }
        }
    }

    /// Configured routes, and the home page, which every site has.
    pub(super) fn is_route(&self, path: &str) -> bool {
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
    pub(super) fn suggest(&self, key: &str) -> Option<&str> {
        self.suggestions(key).first().copied()
    }

    /// The page a broken link surely meant, for a fix: the only page with
    /// the same last segment, or the only close one.
    pub fn single_suggestion(&self, key: &str, absolute: bool) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        match self.suggestions(key).as_slice() {
            [only] => Some(self.absolute(only, absolute)),
            _ => None,
        }
    }

    /// The permalinks a broken link may have meant, likeliest first: the
    /// published pages with its last segment, else the close ones among
    /// its neighbours in sorted order.
    fn suggestions(&self, key: &str) -> Vec<&str> {
        let last = key.rsplit('/').next().unwrap_or("").to_lowercase();
        if let Some(same) = self.by_last_segment.get(&last) {
            let published: Vec<&str> = same
                .iter()
                .filter(|&&i| !self.pages[i].draft)
                .map(|&i| self.pages[i].url.as_str())
                .collect();
            if !published.is_empty() {
                return published;
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
        let mut close: Vec<(f64, &str)> = window
            .iter()
            .filter(|(_, page)| !self.pages[*page].draft)
            .map(|(segment, page)| {
                (
                    crate::suggest::jaro_winkler(&last, segment),
                    self.pages[*page].url.as_str(),
                )
            })
            .filter(|(score, _)| *score > 0.8)
            .collect();
        close.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        close.into_iter().map(|(_, url)| url).collect()
    }
}

/// `github.com`, `www.example.org`: a host name, not a file name.
pub(super) fn looks_like_a_host(segment: &str) -> bool {
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
