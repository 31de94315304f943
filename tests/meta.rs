//! Every rule has docs, pass and fail fixtures and a README row, and
//! nothing exists for a rule that does not.

use std::collections::BTreeSet;
use std::path::Path;

use proofmark::rules::ALL_META;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn names_in(dir: &Path, strip: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .trim_end_matches(strip)
                .to_string()
        })
        .collect()
}

#[test]
fn every_rule_has_docs_fixtures_and_a_readme_row() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for rule in ALL_META {
        let docs = root().join("rules").join(format!("{}.md", rule.id));
        let text =
            std::fs::read_to_string(&docs).unwrap_or_else(|_| panic!("{} has no docs", rule.id));
        assert!(
            text.starts_with(&format!("# {}\n", rule.id)),
            "{} docs start with its id",
            rule.id
        );
        let stated = if rule.default_enabled {
            format!("Default severity: **{}**", rule.default_severity)
        } else {
            format!(
                "Default severity: **off** (**{}** when turned on)",
                rule.default_severity
            )
        };
        assert!(
            text.contains(&stated),
            "{} docs state the default severity: {stated}",
            rule.id,
        );
        for kind in ["pass", "fail"] {
            let dir = root().join("fixtures").join(rule.id).join(kind);
            let count = std::fs::read_dir(&dir)
                .map(|entries| entries.flatten().filter(|e| e.path().is_file()).count())
                .unwrap_or(0);
            assert!(
                count > 0,
                "{} has no {kind} fixtures in {}",
                rule.id,
                dir.display()
            );
        }
        // A rule with fixes says what they do, and the README says how sure they are.
        assert_eq!(
            text.contains("\n## Fix\n"),
            rule.fix.is_some(),
            "{}: a `## Fix` section in its docs if and only if it offers fixes",
            rule.id
        );
        let default = if rule.default_enabled {
            rule.default_severity.as_str()
        } else {
            "off"
        };
        let fix = rule.fix.map_or("–", |fix| fix.as_str());
        let row = format!("| `{}` | {default} | {fix} |", rule.id);
        assert!(readme.contains(&row), "README has no row starting `{row}`");
    }
}

#[test]
fn no_docs_or_fixture_folder_without_a_rule() {
    let ids: BTreeSet<String> = ALL_META.iter().map(|m| m.id.to_string()).collect();
    let docs = names_in(&root().join("rules"), ".md");
    assert_eq!(docs, ids, "rules/*.md and the rule list differ");
    let mut fixture_dirs = names_in(&root().join("fixtures"), "");
    fixture_dirs.remove("demo");
    assert_eq!(
        fixture_dirs, ids,
        "fixtures/* folders and the rule list differ"
    );
}

#[test]
fn rule_sources_follow_the_one_file_per_rule_layout() {
    for rule in ALL_META {
        let file = root()
            .join("src/rules")
            .join(format!("{}.rs", rule.id.replace('-', "_")));
        assert!(file.is_file(), "{} has no {}", rule.id, file.display());
    }
}
