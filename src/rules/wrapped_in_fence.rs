//! The whole article sits inside a code fence (```` ```markdown ````), so the
//! site generator sees no front matter and renders the article as one code
//! block. The inside is still linted as the article.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::diagnostic::Applicability;
use crate::diagnostic::{Edit, Fix, Severity, Span};
use crate::site::Site;

pub static META: RuleMeta = RuleMeta {
    id: "wrapped-in-fence",
    group: Group::Generated,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "the whole article is wrapped in a ```markdown code fence",
    docs: include_str!("../../rules/wrapped-in-fence.md"),
    options: &[],
    fix: Some(Applicability::Safe),
};

pub struct WrappedInFence;

impl Rule for WrappedInFence {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let Some(wrapper) = &article.wrapper else {
            return;
        };
        let help = match wrapper.close {
            Some(close) => format!(
                "delete this line and the closing fence on line {}",
                article.lines().line_of(close.start) + 1
            ),
            None => "delete this line; the fence is never closed".to_string(),
        };
        // The opening line goes with any blank lines before it (they would
        // keep the front matter from starting the file); the closing line
        // with its line ending. The inside stays byte for byte.
        let bom = usize::from(article.source.starts_with('\u{feff}')) * 3;
        let mut edits = vec![Edit::delete(Span::new(
            bom,
            article.next_line_start(wrapper.open.end),
        ))];
        if let Some(close) = wrapper.close {
            edits.push(Edit::delete(Span::new(
                close.start,
                article.next_line_start(close.end),
            )));
        }
        cx.report(wrapper.open, "the whole article is inside a code fence")
            .label("this fence hides the front matter and the body from the site generator")
            .help(help)
            .fix(Fix::safe("remove the wrapping fence", edits));
    }
}
