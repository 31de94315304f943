//! `proofmark init` on the real sites' own config files (from
//! `../shared/corpora/meta/<name>/`, copied under the names each generator
//! expects): it recognises the generator, and `proofmark check` accepts the
//! config it writes. And it never overwrites a config.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn proofmark(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("proofmark").expect("binary builds");
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn meta(corpus: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/meta")
        .join(corpus)
}

/// A site folder with `files` (meta file → path in the site) and one article.
fn site(corpus: &str, files: &[(&str, &str)], article: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (from, to) in files {
        let text = std::fs::read(meta(corpus).join(from))
            .unwrap_or_else(|e| panic!("{corpus}/{from} in ../shared/corpora/meta: {e}"));
        write(dir.path(), to, text);
    }
    write(
        dir.path(),
        article,
        "---\ntitle: A page\ndescription: A page of the site.\n---\n\n## Section\n\nText.\n",
    );
    dir
}

/// Runs `init`, then `check` with what it wrote: never a config error (exit 2).
fn init_then_check(dir: &Path) -> String {
    let output = proofmark(dir).arg("init").output().expect("init runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "init failed: {stderr}");
    let config = std::fs::read_to_string(dir.join("proofmark.toml")).expect("init wrote it");
    let check = proofmark(dir).arg("check").output().expect("check runs");
    let code = check.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "check exited {code:?} with the generated config:\n{config}\nstderr:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    config
}

#[test]
fn astrowind() {
    let dir = site(
        "astrowind",
        &[
            ("src_config.yaml", "src/config.yaml"),
            ("src_content_config.ts", "src/content/config.ts"),
        ],
        "src/data/post/hello.md",
    );
    let config = init_then_check(dir.path());
    assert!(config.contains("for an AstroWind site"), "{config}");
    assert!(config.contains("url = \"https://astrowind.vercel.app\""));
    assert!(config.contains("permalink = \"/{slug}\""));
    assert!(config.contains("trailing-slash = \"never\""));
    assert!(config.contains("\"/category/*\""));
    assert!(config.contains("preset = \"astrowind\""));
}

#[test]
fn astro_starlight() {
    let dir = site(
        "astro-docs",
        &[
            ("astro.config.ts", "astro.config.ts"),
            ("src_content.config.ts", "src/content.config.ts"),
        ],
        "src/content/docs/en/index.mdx",
    );
    std::fs::create_dir_all(dir.path().join("src/content/docs/de")).expect("locale folder");
    let config = init_then_check(dir.path());
    assert!(config.contains("for an Astro Starlight site"), "{config}");
    assert!(config.contains("url = \"https://docs.astro.build\""));
    assert!(config.contains("permalink = \"/{path|lower}/\""));
    assert!(config.contains("trailing-slash = \"always\""));
    assert!(config.contains("locales = [\"de\"]\nfallback = \"en\""));
    assert!(config.contains("preset = \"astro\""));
    // The fields astro-docs adds in its content config.
    assert!(config.contains("githubURL = { type = \"url\" }"));
    assert!(config.contains("\"hero.facepile.tagline\" = { type = \"string\" }"));
}

#[test]
fn hugo() {
    let dir = site(
        "hugo-docs",
        &[("hugo.toml", "hugo.toml")],
        "content/en/about/_index.md",
    );
    let config = init_then_check(dir.path());
    assert!(config.contains("for a Hugo site"), "{config}");
    assert!(config.contains("url = \"https://gohugo.io\""));
    // The module mount of content/en as the content folder.
    assert!(config.contains("content = [\"content/en\"]"));
    assert!(config.contains("\"/{path|lower}/\""));
    assert!(config.contains("redirect-fields = [\"aliases\"]"));
    assert!(config.contains("definition-term-ids = true"));
    assert!(config.contains("preset = \"hugo\""));
}

#[test]
fn zola() {
    let dir = site(
        "rust-blog",
        &[("config.toml", "config.toml")],
        "content/2025/hello.md",
    );
    let config = init_then_check(dir.path());
    assert!(config.contains("for a Zola site"), "{config}");
    assert!(config.contains("url = \"https://blog.rust-lang.org\""));
    assert!(config.contains("permalink = [\"/{fm:path}/\", \"/{path}/\"]"));
    assert!(config.contains("\"/feed.xml\""));
    assert!(config.contains("heading-ids = \"zola\""));
    assert!(config.contains("preset = \"zola\""));
}

#[test]
fn mdn_has_no_generator_init_knows() {
    let dir = site(
        "mdn-de",
        &[
            ("package.json", "package.json"),
            (".front-matter-config.json", ".front-matter-config.json"),
        ],
        "files/de/web/index.md",
    );
    let config = init_then_check(dir.path());
    assert!(config.contains("no site generator recognised"), "{config}");
    assert!(config.contains("preset = \"none\""));
}

#[test]
fn jekyll() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "_config.yml",
        "title: Dogs\nurl: \"https://dogs.example.com\" # the host\nbaseurl: \"\"\npermalink: pretty\nplugins:\n  - jekyll-redirect-from\n",
    );
    write(
        dir.path(),
        "_posts/2025-03-01-hello.md",
        "---\nlayout: post\ntitle: Hello\ndate: 2025-03-01\n---\n\n## Section\n",
    );
    let config = init_then_check(dir.path());
    assert!(
        config.contains("url = \"https://dogs.example.com\""),
        "{config}"
    );
    assert!(config.contains("\"/{category}/{year}/{month}/{day}/{slug}/\""));
    assert!(config.contains("redirect-fields = [\"redirect_from\"]"));
    assert!(config.contains("preset = \"jekyll\""));
}

#[test]
fn docusaurus() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "docusaurus.config.js",
        r#"export default {
  title: 'Dogs',
  url: 'https://dogs.example.com',
  baseUrl: '/',
  trailingSlash: false,
  i18n: { defaultLocale: 'en', locales: ['en', 'fr'] },
  presets: [['classic', { docs: { routeBasePath: 'guides' } }]],
};
"#,
    );
    write(
        dir.path(),
        "docs/intro.md",
        "---\nsidebar_position: 1\n---\n\n# Intro\n",
    );
    let config = init_then_check(dir.path());
    assert!(
        config.contains("url = \"https://dogs.example.com\""),
        "{config}"
    );
    assert!(config.contains("\"/guides/{path}\""));
    assert!(config.contains("trailing-slash = \"never\""));
    assert!(config.contains("locales = [\"fr\"]"));
    assert!(config.contains("preset = \"docusaurus\""));
}

#[test]
fn init_never_overwrites_a_config() {
    for name in ["proofmark.toml", ".proofmark.toml"] {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            "hugo.toml",
            "baseURL = 'https://example.com/'\n",
        );
        write(dir.path(), name, "# mine\n");
        let output = proofmark(dir.path()).arg("init").output().expect("runs");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("{name} already exists")),
            "{stderr}"
        );
        let kept = std::fs::read_to_string(dir.path().join(name)).expect("still there");
        assert_eq!(kept, "# mine\n");
        // --stdout only prints, so it is allowed.
        let printed = proofmark(dir.path())
            .args(["init", "--stdout"])
            .output()
            .expect("runs");
        assert_eq!(printed.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&printed.stdout).contains("preset = \"hugo\""));
        assert!(!dir.path().join("proofmark.toml").exists() || name == "proofmark.toml");
    }
}
