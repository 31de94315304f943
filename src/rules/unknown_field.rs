//! A front-matter key the schema does not know: usually a typo
//! (`catgory`), which the site silently ignores.

use super::{Ctx, Group, Rule, RuleMeta};
use crate::article::Article;
use crate::config::schema::{visit, Visit};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::site::Site;
use crate::suggest::closest;

pub static META: RuleMeta = RuleMeta {
    id: "unknown-field",
    group: Group::FrontMatter,
    default_severity: Severity::Error,
    default_enabled: true,
    summary: "a front-matter field the schema does not know (with \"did you mean\")",
    docs: include_str!("../../rules/unknown-field.md"),
    options: &[],
    fix: Some(Applicability::Unsafe),
};

pub struct UnknownField;

impl Rule for UnknownField {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, article: &Article, _site: &Site, cx: &mut Ctx<'_>) {
        let settings = cx.front_matter();
        if !settings.has_schema() {
            return;
        }
        let Some(root) = article
            .front_matter
            .as_ref()
            .and_then(|fm| fm.root.as_ref())
        else {
            return;
        };
        visit(&settings.schema, root, &mut |found| {
            let Visit::Unknown {
                path,
                entry,
                parent,
                object,
            } = found
            else {
                return;
            };
            let known = parent.children.keys().map(String::as_str);
            let close = closest(&entry.key, known);
            let help = match close.best {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    let names: Vec<_> = parent.children.keys().map(|k| format!("`{k}`")).collect();
                    format!("known fields here: {}", names.join(", "))
                }
            };
            // A rename to the one close name, if it is not taken already,
            // no other unknown key here would take it too, and the key is
            // written as it reads (not quoted or escaped).
            let wanted_by_another = |best: &str| {
                object.entries().iter().any(|other| {
                    other.key != entry.key
                        && parent.child(&other.key).is_none()
                        && closest(&other.key, parent.children.keys().map(String::as_str)).single()
                            == Some(best)
                })
            };
            let fix = close
                .single()
                .filter(|best| object.entry(best).is_none() && !wanted_by_another(best))
                .filter(|_| article.text(entry.key_span) == entry.key)
                .map(|best| {
                    Fix::unsafe_(
                        format!("rename `{}` to `{best}`", entry.key),
                        vec![Edit::replace(entry.key_span, best)],
                    )
                });
            let finding = cx
                .report(
                    entry.key_span,
                    format!("unknown front-matter field `{path}`"),
                )
                .label("not in the schema")
                .help(help);
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        });
    }
}
