//! A local image that does not exist: in the body, or in a front-matter
//! image field. `/x.png` is looked up under `public`, configured path
//! aliases (`~/assets/…`) are expanded, other paths are relative to the
//! article.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "image-missing",
    group: Group::Images,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a local image (body or front matter) that does not exist",
    docs: include_str!("../../rules/image-missing.md"),
    options: &[OptionMeta {
        name: "fields",
        default: "",
        kind: OptionKind::Text,
        summary:
            "front-matter fields holding images, `[]` for list items (default: from the preset)",
    }],
    fix: None,
};

pub struct ImageMissing;

impl Rule for ImageMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, site: &Site, cx: &mut Ctx<'_>) {
        let sources = article.image_sources(&cx.settings().image_fields());
        for (source, span) in sources {
            if site.file_exists(article, source) == Some(false) {
                cx.report(span, format!("image `{source}` does not exist"))
                    .label("no such file")
                    .help(help(source));
            }
        }
    }
}

fn help(source: &str) -> String {
    if source.contains("://") || source.starts_with("//") {
        "images on the site's own host are looked up under `[site] public`; check the path".into()
    } else if source.starts_with('/') {
        "root-relative images are looked up under `[site] public`; check the path".into()
    } else if source.starts_with('~') || source.starts_with('@') {
        "check the path, and the alias in `[site.path-aliases]`".into()
    } else {
        "the path is relative to the article's folder; check it".into()
    }
}
