//! The one parse of an article: front matter (YAML with spans) and the
//! Markdown pass, on a long generated article and on the demo posts.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use proofmark::article::{Article, ParseOptions};

fn long_article() -> String {
    let mut text = String::from(
        "---\ntitle: A long article\npublishDate: 2025-08-21T00:00:00Z\ntags:\n  - dogs\n  - care\nmetadata:\n  canonical: https://www.example.com/long\n---\n\n",
    );
    for section in 0..200 {
        text.push_str(&format!("## Section {section}\n\nSome *text* with a [link](/post-{section}#how-to-start), `code`, and an ![image](./i-{section}.png).\n\n- a list item\n- another one with [a reference][r{section}]\n\n[r{section}]: https://www.example.com/post-{section}\n\n"));
    }
    text
}

fn parse(c: &mut Criterion) {
    let long = long_article();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(long.len() as u64));
    group.bench_function("long article", |b| {
        b.iter(|| {
            Article::parse(
                PathBuf::from("/site/long.md"),
                "long.md".into(),
                black_box(long.clone()),
                false,
                ParseOptions::default(),
            )
        })
    });
    group.finish();

    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/src/data/post");
    let posts: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&demo)
        .expect("demo posts")
        .flatten()
        .map(|entry| (entry.path(), std::fs::read(entry.path()).expect("readable")))
        .collect();
    c.bench_function("parse demo site", |b| {
        b.iter(|| {
            for (path, bytes) in &posts {
                let _ = black_box(Article::from_bytes(
                    path.clone(),
                    String::new(),
                    bytes.clone(),
                    ParseOptions::default(),
                ));
            }
        })
    });
}

criterion_group!(benches, parse);
criterion_main!(benches);
