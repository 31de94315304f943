//! Built-in base schemas: the front-matter fields each site generator knows,
//! with the fields that hold its dates, canonical URL and images.
//!
//! Objects whose children are the site's own (`params`, `extra`, …) declare
//! no children, so `unknown-field` stays out of them.

use super::schema::{FieldSpec, FieldType, FieldType::*};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    None,
    Astrowind,
    Astro,
    Hugo,
    Zola,
    Jekyll,
    Docusaurus,
}

impl Preset {
    pub const ALL: &'static [Preset] = &[
        Preset::None,
        Preset::Astrowind,
        Preset::Astro,
        Preset::Hugo,
        Preset::Zola,
        Preset::Jekyll,
        Preset::Docusaurus,
    ];

    pub const NAMES: &'static [&'static str] = &[
        "none",
        "astrowind",
        "astro",
        "hugo",
        "zola",
        "jekyll",
        "docusaurus",
    ];

    pub fn parse(name: &str) -> Option<Preset> {
        Preset::ALL.iter().copied().find(|p| p.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Preset::None => "none",
            Preset::Astrowind => "astrowind",
            Preset::Astro => "astro",
            Preset::Hugo => "hugo",
            Preset::Zola => "zola",
            Preset::Jekyll => "jekyll",
            Preset::Docusaurus => "docusaurus",
        }
    }

    /// One line on what the preset describes.
    pub fn summary(self) -> &'static str {
        match self {
            Preset::None => "no built-in fields: only those in [front-matter.fields]",
            Preset::Astrowind => "AstroWind blog posts (src/content/config.ts)",
            Preset::Astro => "Astro Starlight docs pages (docsSchema)",
            Preset::Hugo => "Hugo's predefined front-matter fields (any letter case)",
            Preset::Zola => "Zola pages and sections",
            Preset::Jekyll => {
                "Jekyll posts and pages, with jekyll-seo-tag and jekyll-redirect-from fields"
            }
            Preset::Docusaurus => "Docusaurus docs and blog posts",
        }
    }

    /// The preset's schema root (an object spec).
    pub fn schema(self) -> FieldSpec {
        match self {
            Preset::None => FieldSpec::default(),
            Preset::Astrowind => astrowind(),
            Preset::Astro => starlight(),
            Preset::Hugo => hugo(),
            Preset::Zola => zola(),
            Preset::Jekyll => jekyll(),
            Preset::Docusaurus => docusaurus(),
        }
    }

    /// The front-matter field holding the canonical URL; `canonical` where
    /// the generator has none of its own.
    pub fn canonical_field(self) -> &'static str {
        match self {
            Preset::Astrowind => "metadata.canonical",
            Preset::Jekyll => "canonical_url",
            Preset::None | Preset::Astro | Preset::Hugo | Preset::Zola | Preset::Docusaurus => {
                "canonical"
            }
        }
    }

    /// Front-matter fields holding local images (`[]` steps into list items).
    pub fn image_fields(self) -> &'static [&'static str] {
        match self {
            Preset::Astrowind => &["image", "metadata.openGraph.images[].url"],
            Preset::Astro => &["hero.image.file", "hero.image.dark", "hero.image.light"],
            Preset::Hugo => &["params.images[]"],
            Preset::Zola => &[],
            Preset::Jekyll => &["image", "image.path"],
            Preset::None | Preset::Docusaurus => &["image"],
        }
    }

    /// The fields a page's title comes from, first present wins: what
    /// search results and the browser tab show.
    pub fn title_fields(self) -> &'static [&'static str] {
        match self {
            Preset::Astrowind => &["metadata.title", "title"],
            _ => &["title"],
        }
    }

    /// The fields a page's meta description comes from, first present wins
    /// (AstroWind's `metadata.description`, Jekyll SEO's `description` then
    /// `excerpt`, Hugo's `description`…).
    pub fn description_fields(self) -> &'static [&'static str] {
        match self {
            Preset::Astrowind => &["metadata.description", "excerpt"],
            Preset::Jekyll => &["description", "excerpt"],
            Preset::Astro | Preset::Hugo | Preset::Zola | Preset::Docusaurus => &["description"],
            Preset::None => &["description", "excerpt", "summary"],
        }
    }

    /// The names of the publish and update date fields, first present wins.
    pub fn date_fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Preset::Astrowind => (&["publishDate"], &["updateDate"]),
            Preset::Astro => (&[], &["lastUpdated"]),
            // Hugo's default `[frontmatter]` order; keys in any case, so both spellings.
            Preset::Hugo => (
                &["date", "publishDate", "publishdate", "pubdate", "published"],
                &["lastmod", "lastMod", "modified"],
            ),
            Preset::Zola => (&["date"], &["updated"]),
            Preset::Jekyll => (&["date"], &["last_modified_at"]),
            Preset::Docusaurus => (&["date"], &["last_update.date"]),
            Preset::None => (
                &["publishDate", "pubDate", "date"],
                &["updateDate", "updatedDate", "lastmod", "last_modified_at"],
            ),
        }
    }
}

fn of(ty: FieldType) -> FieldSpec {
    FieldSpec::of(ty)
}

fn string() -> FieldSpec {
    of(String)
}

/// A known field whose value may take several shapes (`false` or a table, a string or a list).
fn any() -> FieldSpec {
    FieldSpec::default()
}

/// An object whose keys are the site's own.
fn open_object() -> FieldSpec {
    of(Object)
}

fn strings() -> FieldSpec {
    FieldSpec::list_of(string())
}

fn one_of(values: &[&str]) -> FieldSpec {
    FieldSpec {
        one_of: Some(values.iter().map(|v| v.to_string()).collect()),
        ..string()
    }
}

/// A value that may be a scalar, and has these fields when it is an object.
fn maybe_object(children: &[(&str, FieldSpec)]) -> FieldSpec {
    FieldSpec {
        ty: None,
        ..FieldSpec::object(children)
    }
}

/// The AstroWind post schema (`src/content/config.ts`).
fn astrowind() -> FieldSpec {
    let open_graph = FieldSpec::object(&[
        ("url", of(Url)),
        ("siteName", string()),
        (
            "images",
            FieldSpec::list_of(FieldSpec::object(&[
                ("url", string()),
                ("width", of(Integer)),
                ("height", of(Integer)),
            ])),
        ),
        ("locale", string()),
        ("type", string()),
    ]);
    let metadata = FieldSpec::object(&[
        ("title", string()),
        ("ignoreTitleTemplate", of(Boolean)),
        ("canonical", of(Url)),
        (
            "robots",
            FieldSpec::object(&[("index", of(Boolean)), ("follow", of(Boolean))]),
        ),
        ("description", string()),
        ("openGraph", open_graph),
        (
            "twitter",
            FieldSpec::object(&[
                ("handle", string()),
                ("site", string()),
                ("cardType", string()),
            ]),
        ),
    ]);
    FieldSpec::object(&[
        ("publishDate", of(Datetime)),
        ("updateDate", of(Datetime)),
        ("draft", of(Boolean)),
        ("title", string().required()),
        ("excerpt", string()),
        ("image", string()),
        ("category", string()),
        ("tags", strings()),
        ("author", string()),
        ("metadata", metadata),
    ])
}

/// Starlight's `docsSchema()` (starlight.astro.build/reference/frontmatter),
/// plus `i18nReady`, which Starlight sites add to mark translatable pages.
fn starlight() -> FieldSpec {
    let link = || maybe_object(&[("link", string()), ("label", string())]);
    let hero = FieldSpec::object(&[
        ("title", string()),
        ("tagline", string()),
        (
            "image",
            FieldSpec::object(&[
                ("file", string()),
                ("dark", string()),
                ("light", string()),
                ("alt", string()),
                ("html", string()),
            ]),
        ),
        (
            "actions",
            FieldSpec::list_of(FieldSpec::object(&[
                ("text", string()),
                ("link", string()),
                ("variant", one_of(&["primary", "secondary", "minimal"])),
                ("icon", any()),
                ("attrs", open_object()),
            ])),
        ),
    ]);
    let sidebar = FieldSpec::object(&[
        ("label", string()),
        ("order", of(Number)),
        ("hidden", of(Boolean)),
        (
            "badge",
            maybe_object(&[
                ("text", string()),
                ("variant", string()),
                ("class", string()),
            ]),
        ),
        ("attrs", open_object()),
    ]);
    FieldSpec::object(&[
        ("title", string().required()),
        ("description", string()),
        ("slug", string()),
        ("editUrl", any()),
        (
            "head",
            FieldSpec::list_of(FieldSpec::object(&[
                ("tag", string()),
                ("attrs", open_object()),
                ("content", string()),
            ])),
        ),
        (
            "tableOfContents",
            maybe_object(&[
                ("minHeadingLevel", of(Integer)),
                ("maxHeadingLevel", of(Integer)),
            ]),
        ),
        ("template", one_of(&["doc", "splash"])),
        ("hero", hero),
        ("banner", FieldSpec::object(&[("content", string())])),
        ("lastUpdated", any()),
        ("prev", link()),
        ("next", link()),
        ("pagefind", of(Boolean)),
        ("draft", of(Boolean)),
        ("sidebar", sidebar),
        ("i18nReady", of(Boolean)),
    ])
}

/// Hugo's predefined fields (gohugo.io/content-management/front-matter),
/// the date aliases of its default `[frontmatter]` config, and the default
/// taxonomies. Hugo reads keys in any letter case.
fn hugo() -> FieldSpec {
    let date = || of(Datetime);
    FieldSpec::object(&[
        ("aliases", strings()),
        (
            "build",
            FieldSpec::object(&[
                ("list", any()),
                ("publishResources", of(Boolean)),
                ("render", any()),
            ])
            .ignoring_case(),
        ),
        // A map or a list of maps of any front matter, passed down to descendants.
        ("cascade", any()),
        ("date", date()),
        ("description", string()),
        ("draft", of(Boolean)),
        ("expiryDate", date()),
        ("headless", of(Boolean)),
        ("isCJKLanguage", of(Boolean)),
        ("keywords", strings()),
        ("lastmod", date()),
        ("layout", string()),
        ("linkTitle", string()),
        ("markup", string()),
        // A menu name, a list of names, or a map of entries.
        ("menus", any()),
        ("menu", any()),
        ("modified", date()),
        ("outputs", strings()),
        ("params", open_object()),
        ("pubdate", date()),
        ("publishDate", date()),
        ("published", date()),
        (
            "resources",
            FieldSpec::list_of(
                FieldSpec::object(&[
                    ("src", string()),
                    ("name", string()),
                    ("title", string()),
                    ("params", open_object()),
                ])
                .ignoring_case(),
            ),
        ),
        (
            "sitemap",
            FieldSpec::object(&[
                ("changefreq", string()),
                ("disable", of(Boolean)),
                ("priority", of(Number)),
            ])
            .ignoring_case(),
        ),
        ("sites", open_object()),
        ("slug", string()),
        ("summary", string()),
        ("title", string()),
        ("translationKey", string()),
        ("type", string()),
        ("unpublishdate", date()),
        ("url", string()),
        ("weight", of(Integer)),
        // Taxonomies: a term or a list of terms.
        ("categories", any()),
        ("tags", any()),
        ("series", any()),
    ])
    .ignoring_case()
}

/// Zola's page and section front matter (getzola.org/documentation/content/page,
/// …/section); `taxonomies` maps each taxonomy to its terms.
fn zola() -> FieldSpec {
    FieldSpec::object(&[
        ("title", string()),
        ("description", string()),
        ("date", of(Datetime)),
        ("updated", of(Datetime)),
        ("weight", of(Integer)),
        ("draft", of(Boolean)),
        ("render", of(Boolean)),
        ("slug", string()),
        ("path", string()),
        ("aliases", strings()),
        ("authors", strings()),
        ("in_search_index", of(Boolean)),
        ("template", string()),
        ("taxonomies", open_object()),
        ("extra", open_object()),
        // Sections (`_index.md`) only.
        ("sort_by", string()),
        ("page_template", string()),
        ("paginate_by", of(Integer)),
        ("paginate_path", string()),
        ("paginate_reversed", of(Boolean)),
        ("insert_anchor_links", string()),
        ("redirect_to", string()),
        ("transparent", of(Boolean)),
        ("generate_feeds", of(Boolean)),
    ])
}

/// Jekyll's predefined variables (jekyllrb.com/docs/front-matter), with the
/// fields of the plugins GitHub Pages ships: jekyll-seo-tag,
/// jekyll-redirect-from and jekyll-sitemap.
fn jekyll() -> FieldSpec {
    FieldSpec::object(&[
        ("layout", string()),
        ("permalink", string()),
        ("published", of(Boolean)),
        ("date", of(Datetime)),
        // A list, or a space-separated string.
        ("categories", any()),
        ("category", string()),
        ("tags", any()),
        ("title", string()),
        ("excerpt", string()),
        ("excerpt_separator", string()),
        ("description", string()),
        ("redirect_from", any()),
        ("redirect_to", any()),
        ("author", any()),
        (
            "image",
            maybe_object(&[
                ("path", string()),
                ("height", of(Integer)),
                ("width", of(Integer)),
                ("alt", string()),
            ]),
        ),
        ("canonical_url", of(Url)),
        ("last_modified_at", of(Datetime)),
        ("lang", string()),
        ("sitemap", any()),
        ("seo", open_object()),
    ])
}

/// Docusaurus's docs and blog front matter (the Joi schemas of
/// plugin-content-docs and plugin-content-blog).
fn docusaurus() -> FieldSpec {
    let tag = FieldSpec {
        ty: None,
        ..FieldSpec::object(&[
            ("label", string()),
            ("permalink", string()),
            ("description", string()),
        ])
    };
    FieldSpec::object(&[
        ("id", string()),
        ("title", string()),
        ("description", string()),
        ("keywords", strings()),
        ("image", string()),
        ("slug", string()),
        ("tags", FieldSpec::list_of(tag)),
        ("draft", of(Boolean)),
        ("unlisted", of(Boolean)),
        ("hide_title", of(Boolean)),
        ("hide_table_of_contents", of(Boolean)),
        ("toc_min_heading_level", of(Integer)),
        ("toc_max_heading_level", of(Integer)),
        (
            "last_update",
            FieldSpec::object(&[("author", string()), ("date", of(Datetime))]),
        ),
        // Docs.
        ("sidebar_key", string()),
        ("sidebar_label", string()),
        ("sidebar_position", of(Number)),
        ("sidebar_class_name", string()),
        ("sidebar_custom_props", open_object()),
        // These three may be `null`.
        ("displayed_sidebar", any()),
        ("pagination_next", any()),
        ("pagination_prev", any()),
        ("pagination_label", string()),
        ("custom_edit_url", any()),
        ("parse_number_prefixes", of(Boolean)),
        // Blog posts.
        ("date", of(Datetime)),
        // An author key, an author object, or a list of either.
        ("authors", any()),
        ("author", string()),
        ("author_title", string()),
        ("author_url", of(Url)),
        ("author_image_url", string()),
        ("authorURL", of(Url)),
        ("authorTitle", string()),
        ("authorImageURL", string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_to_its_preset() {
        assert_eq!(Preset::NAMES.len(), Preset::ALL.len());
        for (name, preset) in Preset::NAMES.iter().zip(Preset::ALL) {
            assert_eq!(Preset::parse(name), Some(*preset));
            assert_eq!(preset.name(), *name);
        }
    }

    #[test]
    fn hugo_keys_match_in_any_case() {
        let schema = Preset::Hugo.schema();
        assert!(schema.child("linktitle").is_some());
        assert!(schema.child("PublishDate").is_some());
        assert!(schema.child("linktitel").is_none());
    }
}
