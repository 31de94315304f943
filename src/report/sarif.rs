//! SARIF 2.1.0, the format code-scanning services (GitHub's among them)
//! read: one run, every rule described in the tool's driver, one result per
//! finding with its region in the file.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, RuleMeta};
use crate::Report;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/proofmark/proofmark";
/// Where a rule's documentation is published: this, then `<id>.md`.
const RULE_DOCS_URI: &str = "https://github.com/proofmark/proofmark/blob/main/rules/";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Our columns count characters, as in the JSON output.
    column_kind: &'static str,
    results: Vec<ResultEntry<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    full_description: Text,
    help: Markdown,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Markdown {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    /// SARIF's default is `true`; written only for rules that are off by default.
    #[serde(skip_serializing_if = "is_true")]
    enabled: bool,
    level: &'static str,
}

fn is_true(value: &bool) -> bool {
    *value
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultEntry<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

/// A proposed fix: its replacements in the finding's file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

pub fn render(report: &Report) -> String {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "proofmark",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: rules::ALL_META.iter().map(|meta| rule(meta)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: report.diagnostics.iter().map(result).collect(),
        }],
    };
    let mut text =
        super::printable::printable_json(super::pretty_json(&log, report.diagnostics.len() * 900));
    text.push('\n');
    text
}

fn rule(meta: &'static RuleMeta) -> Rule {
    Rule {
        id: meta.id,
        short_description: Text {
            text: meta.summary.to_string(),
        },
        full_description: Text {
            text: description(meta),
        },
        help: Markdown {
            text: meta.docs,
            markdown: meta.docs,
        },
        help_uri: format!("{RULE_DOCS_URI}{}.md", meta.id),
        default_configuration: Configuration {
            enabled: meta.default_enabled,
            level: level(meta.default_severity),
        },
    }
}

/// The first paragraph of the rule's docs (after its title and default
/// severity): what it checks, in a few sentences.
fn description(meta: &RuleMeta) -> String {
    meta.docs
        .split("\n\n")
        .map(str::trim)
        .find(|paragraph| {
            !paragraph.is_empty()
                && !paragraph.starts_with('#')
                && !paragraph.starts_with("Default severity:")
        })
        .map_or_else(
            || meta.summary.to_string(),
            |paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "),
        )
}

fn result(d: &Diagnostic) -> ResultEntry<'_> {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    ResultEntry {
        rule_id: d.rule,
        rule_index: rules::ALL_META
            .iter()
            .position(|meta| meta.id == d.rule)
            .unwrap_or_default(),
        level: level(d.severity),
        message: Text { text: message },
        fixes: d
            .fix
            .iter()
            .map(|fix| SarifFix {
                description: Text {
                    text: fix.message.clone(),
                },
                artifact_changes: [ArtifactChange {
                    artifact_location: ArtifactLocation { uri: uri(&d.path) },
                    replacements: fix
                        .edits
                        .iter()
                        .map(|edit| Replacement {
                            deleted_region: Region {
                                start_line: edit.start.line,
                                start_column: edit.start.column,
                                end_line: edit.end.line,
                                end_column: edit.end.column,
                                byte_offset: edit.span.start,
                                byte_length: edit.span.end - edit.span.start,
                            },
                            inserted_content: Text {
                                text: edit.replacement.clone(),
                            },
                        })
                        .collect(),
                }],
            })
            .collect(),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(&d.path) },
                region: Region {
                    start_line: d.start.line,
                    start_column: d.start.column,
                    end_line: d.end.line,
                    end_column: d.end.column,
                    byte_offset: d.span.start,
                    byte_length: d.span.end.saturating_sub(d.span.start),
                },
            },
        }],
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A report path (relative, `/` separators) as a URI reference: characters
/// that URIs reserve or forbid are percent-encoded; absolute paths become
/// `file:` URIs.
fn uri(path: &str) -> String {
    let mut encoded = String::new();
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte);
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else if std::path::Path::new(path).is_absolute() {
        format!("file:///{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("posts/a b.md"), "posts/a%20b.md");
        assert_eq!(uri("posts/100%,ü:x.md"), "posts/100%25,%C3%BC%3Ax.md");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("/elsewhere/c.md"), "file:///elsewhere/c.md");
    }

    #[test]
    fn every_rule_has_a_description_github_accepts() {
        // GitHub code scanning takes at most 1024 characters here.
        for meta in rules::ALL_META {
            let text = description(meta);
            assert!(
                !text.is_empty() && text.chars().count() <= 1024,
                "{}: {text}",
                meta.id
            );
            assert!(!text.starts_with('#'), "{}", meta.id);
        }
    }
}
