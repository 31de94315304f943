//! An image without alt text: screen readers skip it (or read its file
//! name), and search engines cannot tell what it shows.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "image-alt",
    group: Group::Images,
    default_severity: Severity::Warning,
    default_enabled: true,
    summary: "an image with missing or empty alt text",
    docs: include_str!("../../rules/image-alt.md"),
    options: &[],
    fix: None,
};

pub struct ImageAlt;

impl Rule for ImageAlt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        for image in article
            .body
            .images
            .iter()
            .filter(|i| i.alt.trim().is_empty())
        {
            cx.report(image.span, "image has no alt text")
                .label("no alt text")
                .help("describe what the image shows, e.g. `![A beagle asleep on a sofa](…)`");
        }
    }
}
