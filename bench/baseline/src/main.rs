//! Reads every `.md`/`.mdx` file under the given folders and runs
//! pulldown-cmark over it with offsets, in parallel. Prints the number of
//! files and events so that the work cannot be optimised away.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => collect(&path, out),
            Ok(kind) if kind.is_file() => {
                if matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "mdx")) {
                    out.push(path);
                }
            }
            _ => {}
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for root in std::env::args().skip(1) {
        collect(Path::new(&root), &mut files);
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: usize = files
        .par_iter()
        .map(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return 0;
            };
            let text = String::from_utf8_lossy(&bytes);
            Parser::new_ext(&text, options).into_offset_iter().count()
        })
        .sum();
    println!("{} files, {events} events", files.len());
}
