//! Local files: images and links to files, resolved against the article's
//! folder, page bundles, path aliases and the public folder.

use std::path::{Path, PathBuf};

use super::*;

impl Site {
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
    pub(super) fn bundle_asset(&self, from: &Path, destination: &str) -> Option<PathBuf> {
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

    /// The file a local link or image names, if it names one inside the project.
    pub(super) fn local_path(&self, from: &Path, destination: &str) -> Option<PathBuf> {
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
    pub(super) fn public_file(&self, url_path: &str, under_base: bool) -> Option<PathBuf> {
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

    /// Whether `host` is the site's own host or one of its aliases.
    pub fn is_own_host(&self, host: &str) -> bool {
        self.origin
            .iter()
            .chain(&self.aliases)
            .any(|o| o.host == host)
    }

    /// The folders a file may be looked at in: the project, and the folders
    /// the config names (`public`, path aliases).
    pub(super) fn readable_roots(&self) -> Vec<&Path> {
        std::iter::once(self.root.as_path())
            .chain(self.public.as_deref())
            .chain(self.path_aliases.iter().map(|(_, target)| target.as_path()))
            .collect()
    }

    /// Stats, once, every local file that a link or image names.
    pub(super) fn check_local_files(&mut self, contributions: &[&Contribution]) {
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
        // looked at because an article says so, through a symbolic link or
        // not. Each folder is resolved once, link by link; then each file in
        // it costs one look (and a resolution of its own if it is a link).
        let roots = self.readable_roots();
        let folders: HashSet<&Path> = wanted.iter().filter_map(|path| path.parent()).collect();
        let resolved: std::collections::HashMap<&Path, PathBuf> = folders
            .into_par_iter()
            .filter_map(|folder| {
                let (real, metadata) = crate::contained::existing_within(folder, &roots)?;
                metadata.is_dir().then_some((folder, real))
            })
            .collect();
        let is_file = |path: &PathBuf| {
            let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
                return false;
            };
            let Some(real) = resolved.get(folder) else {
                return false;
            };
            match std::fs::symlink_metadata(real.join(name)) {
                Ok(metadata) if metadata.file_type().is_symlink() => {
                    crate::contained::is_file_within(&real.join(name), &roots)
                }
                Ok(metadata) => metadata.is_file(),
                Err(_) => false,
            }
        };
        self.existing = wanted
            .par_iter()
            .filter(|path| is_file(path))
            .cloned()
            .map(PathBuf::into_os_string)
            .collect();
    }
}
