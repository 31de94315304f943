//! The article has fewer words of prose than the site asks for. Off by
//! default: how long an article must be is the site's policy. Words are
//! counted while the body is scanned, in paragraphs, list items, headings,
//! table cells and quotes (not in code, HTML, front matter or MDX
//! `import`/`export` lines); each CJK character is a word.

use super::{Ctx, Group, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Severity;
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "thin-content",
    group: Group::Seo,
    default_severity: Severity::Warning,
    default_enabled: false,
    summary: "the article has fewer words of prose than the site asks for",
    docs: include_str!("../../rules/thin-content.md"),
    options: &[OptionMeta {
        name: "min-words",
        default: "300",
        kind: OptionKind::Count,
        summary: "the fewest words of prose an article should have",
    }],
    fix: None,
};

pub struct ThinContent;

impl Rule for ThinContent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let min = cx.count_option("min-words");
        let words = article.body.prose_words;
        if words >= min {
            return;
        }
        let counted = if words == 1 { "word" } else { "words" };
        cx.report(
            article.front_matter_anchor(),
            format!("{words} {counted} of prose; the site asks for at least {min}"),
        )
        .label(format!("this article has {words} {counted} of prose"))
        .help("write the article out, or merge it into a related one");
    }
}
