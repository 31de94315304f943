//! Building the site index from parsed articles: 2,000 generated articles
//! with cross links, the work a whole-site run does between parsing and the
//! rules.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use proofmark::article::{Article, ParseOptions};
use proofmark::config::Settings;
use proofmark::site::Site;

const CONFIG: &str =
    "[site]\nurl = \"https://www.example.com\"\ncontent = [\"posts\"]\npermalink = \"/{slug}\"\n";

fn articles(count: usize) -> Vec<Article> {
    (0..count)
        .map(|i| {
            let mut text = format!("---\ntitle: Post {i}\n---\n\n");
            for section in 0..5 {
                text.push_str(&format!(
                    "## Section {section}\n\nSee [post](/post-{}#section-2) and [more](https://www.example.com/post-{}).\n\n",
                    (i * 7 + section) % count,
                    (i * 13 + section) % count
                ));
            }
            Article::parse(
                PathBuf::from(format!("/site/posts/post-{i}.md")),
                format!("posts/post-{i}.md"),
                text,
                false,
                ParseOptions::default(),
            )
        })
        .collect()
}

fn index(c: &mut Criterion) {
    let settings = Settings::parse(
        CONFIG,
        Path::new("/site/proofmark.toml"),
        PathBuf::from("/site"),
    )
    .expect("valid config");
    let articles = articles(2000);
    let refs: Vec<&Article> = articles.iter().collect();
    c.bench_function("index 2000 articles", |b| {
        b.iter(|| black_box(Site::build(&settings, &refs, Path::new("/site"))))
    });
    let site = Site::build(&settings, &refs, Path::new("/site"));
    c.bench_function("resolve 10000 links", |b| {
        b.iter(|| {
            let mut pages = 0;
            for article in refs.iter().take(1000) {
                for link in &article.body.links {
                    if matches!(
                        site.resolve(article, &link.destination),
                        proofmark::site::Resolved::Page { .. }
                    ) {
                        pages += 1;
                    }
                }
            }
            black_box(pages)
        })
    });
}

criterion_group!(benches, index);
criterion_main!(benches);
