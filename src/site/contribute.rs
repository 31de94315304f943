//! What each article brings to the site index: its page (the URL its
//! collection's permalink gives), its anchors, what it includes and the
//! local files it names.

use std::path::{Path, PathBuf};

use super::*;

impl Site {
    /// What an article brings to the index: its page (if it is one), its
    /// anchors, what it includes and the local files it names.
    pub fn contribution(&self, article: &Article) -> Contribution {
        let file = self.file_of(article).into_owned();
        let mut ids = Anchors::new(article.body.ids());
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
        let links = if self.carry_links {
            article
                .body
                .links
                .iter()
                .map(|link| link.destination.clone())
                .collect()
        } else {
            Vec::new()
        };
        let section = self.section_of(&file);
        let hides_below =
            section.is_some_and(|section| rendering::hides_descendants(article, section.preset));
        Contribution {
            page: section.and_then(|section| self.page_facts(article, &file, section)),
            links,
            hides_below,
            file,
            ids,
            includes,
            local_files,
            relative_destinations,
        }
    }

    /// The section (content folder) a file is in: the deepest that holds it.
    pub(super) fn section_of(&self, file: &Path) -> Option<&Section> {
        self.section_index(file).map(|index| &self.sections[index])
    }

    pub(super) fn section_index(&self, file: &Path) -> Option<usize> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, section)| file.starts_with(&section.root))
            .max_by_key(|(_, section)| section.root.as_os_str().len())
            .map(|(index, _)| index)
    }

    pub(super) fn relative_links_of(&self, file: &Path) -> RelativeLinks {
        self.section_of(file)
            .map_or(RelativeLinks::Page, |section| section.relative_links)
    }

    fn page_facts(&self, article: &Article, file: &Path, section: &Section) -> Option<PageFacts> {
        if rendering::unrendered(article, section.preset) {
            return None;
        }
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
        let shown = |fields: &[&str]| {
            let (_, value) = article.first_field(fields)?;
            let text = value.as_str()?;
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let templated = folded.contains("{{") || folded.contains("{%");
            (!folded.is_empty() && !templated).then_some(folded)
        };
        Some(PageFacts {
            url: self.apply_policy(&url::normalize_path(&url)),
            draft,
            redirects,
            canonical,
            title: shown(section.title_fields),
            description: shown(section.description_fields),
            fingerprint: article.body.fingerprint.clone(),
        })
    }

    /// The file behind `~/assets/x.png` and other configured path aliases.
    /// Whether the article renders a site component that makes ids.
    fn renders_components_with_ids(&self, article: &Article) -> bool {
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
    pub(super) fn component_makes_ids(&self, page: &Path, module: &str) -> bool {
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
        .filter_map(|path| crate::contained::existing_within(&path, &[self.root.as_path()]))
        .filter(|(_, metadata)| metadata.is_file())
        .find_map(|(path, _)| crate::contained::read_config_file(&path).ok());
        let makes_ids = code.is_some_and(|code| sets_computed_id(&code));
        if let Ok(mut known) = self.component_ids.lock() {
            known.insert(base.into_os_string(), makes_ids);
        }
        makes_ids
    }
}

/// A string field or a list of strings.
pub(super) fn strings(value: Option<&Value>) -> Vec<String> {
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
pub(super) fn sets_computed_id(code: &str) -> bool {
    code.contains("collectAnchor")
        || code.contains(":id=\"")
        || code.match_indices("id={").any(|(at, _)| {
            code[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace)
        })
}
