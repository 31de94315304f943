//! Replays the fuzz corpora (`fuzz/corpus/<target>/`) and the inputs that
//! once crashed a target (`fuzz/regressions/<target>/`) through the same
//! checks as the fuzz targets, without libFuzzer.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files: Vec<PathBuf> = ["corpus", "regressions"]
        .iter()
        .filter_map(|folder| std::fs::read_dir(fuzz.join(folder).join(target)).ok())
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn replay(target: &str, check: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no corpus for the `{target}` target");
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("corpus file is readable");
        if std::panic::catch_unwind(|| check(&bytes)).is_err() {
            failures.push(file.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} `{target}` inputs fail (replay one with `cargo fuzz run {target} FILE`):\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn article_corpus() {
    replay("article", proofmark::fuzzing::article);
}

#[test]
fn config_corpus() {
    replay("config", proofmark::fuzzing::config);
}

#[test]
fn links_corpus() {
    replay("links", proofmark::fuzzing::links);
}
