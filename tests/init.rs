//! `proofmark init` on the real sites' own config files (from
//! `../shared/corpora/meta/<name>/`, copied under the names each generator
//! expects): it recognises the generator, and `proofmark check` accepts the
//! config it writes. And it never overwrites a config.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The rules about titles and descriptions: the test articles here are
/// short and share titles such as `T` (the rules have their own tests:
/// `length_and_word_count_rules` in `tests/cli.rs`, and their fixtures).
const TITLE_RULES: &str = "title-length,description-length,duplicate-title,duplicate-excerpt";

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
    let check = proofmark(dir)
        .args(["check", "--ignore", TITLE_RULES, "--ignore", TITLE_RULES])
        .output()
        .expect("check runs");
    let code = check.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "check exited {code:?} with the generated config:\n{config}\nstderr:\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    config
}

/// `proofmark check`'s findings, one a line.
fn check_findings(dir: &Path) -> String {
    let check = proofmark(dir)
        .args(["check", "--ignore", TITLE_RULES, "--format", "short"])
        .output()
        .expect("check runs");
    String::from_utf8_lossy(&check.stdout).into_owned()
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
fn hugo_yaml_with_languages_and_section_permalinks() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "hugo.yaml",
        "baseURL: https://dogs.example.com/\ncontentDir: content/en\ndefaultContentLanguage: en\npermalinks:\n  blog: /:section/:year/:month/:slugorcontentbasename\nlanguages:\n  en:\n    title: Dogs\n  fr:\n    contentDir: content/fr\n    title: Chiens\n",
    );
    write(
        dir.path(),
        "content/en/blog/_index.md",
        "---\ntitle: Blog\n---\n\nSee [the post](/blog/2024/05/walks/), [the French post](/fr/blog/2024/06/promenades/) and [the docs](/docs/setup/).\n",
    );
    write(
        dir.path(),
        "content/en/blog/walks.md",
        "---\ntitle: Walks\ndate: 2024-05-02\n---\n\nBack to [the blog](/blog/).\n",
    );
    write(
        dir.path(),
        "content/en/docs/setup.md",
        "---\ntitle: Setup\n---\n\n[Gone](/blog/walks/)\n",
    );
    write(
        dir.path(),
        "content/fr/blog/promenades.md",
        "---\ntitle: Promenades\ndate: 2024-06-01\n---\n\n[Accueil](/fr/)\n",
    );
    let config = init_then_check(dir.path());
    assert!(
        config.contains("url = \"https://dogs.example.com\""),
        "{config}"
    );
    assert!(config.contains("name = \"fr-blog\""), "{config}");
    let findings = check_findings(dir.path());
    let lines: Vec<&str> = findings.lines().collect();
    assert_eq!(lines.len(), 1, "{findings}");
    assert!(
        lines[0].starts_with("content/en/docs/setup.md:"),
        "{findings}"
    );
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
        "---\nlayout: post\ntitle: Hello\ndate: 2025-03-01\n---\n\n## Section\n\nSee [the next post](/news/2025/03/02/undated/) and [the other site](https://dogs.example.com/).\n",
    );
    // Jekyll dates a post by its file name and drops the date from `:title`.
    write(
        dir.path(),
        "_posts/2025-03-02-undated.md",
        "---\nlayout: post\ntitle: Undated\ncategories: [News]\n---\n\n## Section\n",
    );
    let config = init_then_check(dir.path());
    assert!(
        config.contains("url = \"https://dogs.example.com\""),
        "{config}"
    );
    assert!(config.contains("\"/{categories}/{year}/{month}/{day}/{slug|undated}/\""));
    let findings = check_findings(dir.path());
    assert!(findings.is_empty(), "{findings}");
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
        "docs/01-intro.md",
        "---\nsidebar_position: 1\n---\n\n# Intro\n\n[Old](/guides/intro) [new](/guides/next/intro) [post](/blog/2024/05/01/hello) [French](/fr/guides/intro)\n",
    );
    // The newest version is served at the docs' path, the current docs at `next`.
    write(dir.path(), "versions.json", "[\"1.0\"]");
    write(
        dir.path(),
        "versioned_docs/version-1.0/intro.md",
        "---\ntitle: Intro\n---\n\nThe [blog](/blog) and [a tag](/blog/tags/dogs).\n",
    );
    write(
        dir.path(),
        "blog/2024-05-01-hello.md",
        "---\ntitle: Hello\n---\n\nSee [the guide](/guides/intro).\n",
    );
    let config = init_then_check(dir.path());
    assert!(
        config.contains("url = \"https://dogs.example.com\""),
        "{config}"
    );
    assert!(
        config.contains("\"/guides/next/{path|unnumbered}\""),
        "{config}"
    );
    assert!(config.contains("name = \"docs-1.0\""), "{config}");
    assert!(config.contains("\"/blog/{path|date-folders}\""), "{config}");
    let findings = check_findings(dir.path());
    assert!(findings.is_empty(), "{findings}");
    assert!(config.contains("trailing-slash = \"never\""));
    assert!(config.contains("locales = [\"fr\"]"));
    assert!(config.contains("preset = \"docusaurus\""));
}

#[test]
fn jekyll_collections_pages_and_unbuilt_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "_config.yml",
        "url: https://dogs.example.com\npermalink: /:categories/:title/\ncollections:\n  guides:\n    output: true\n    permalink: /:collection/:path/\n  notes:\n    output: false\ndefaults:\n  - scope: { path: \"\", type: pages }\n    values: { layout: page }\n",
    );
    write(
        dir.path(),
        "about.md",
        "---\ntitle: About\n---\n\n[Setup](/guides/setup/), [the post](/news/hello/), [a note](/notes/idea/).\n",
    );
    write(
        dir.path(),
        "_guides/setup.md",
        "---\ntitle: Setup\n---\n\nBack to [about](/about/).\n",
    );
    write(
        dir.path(),
        "_posts/2025-03-01-hello.md",
        "---\ntitle: Hello\ncategory: News\n---\n\nHi.\n",
    );
    // Not built by Jekyll: neither linted nor pages.
    write(
        dir.path(),
        "_notes/idea.md",
        "---\ntitle: Idea\n---\n\n[x](/nowhere/)\n",
    );
    write(
        dir.path(),
        "_drafts/soon.md",
        "---\ntitle: Soon\n---\n\n[x](/nowhere/)\n",
    );
    let config = init_then_check(dir.path());
    assert!(config.contains("name = \"guides\""), "{config}");
    assert!(!config.contains("name = \"notes\""), "{config}");
    assert!(config.contains("\"_notes/**\""), "{config}");
    let findings = check_findings(dir.path());
    let lines: Vec<&str> = findings.lines().collect();
    assert_eq!(lines.len(), 1, "{findings}");
    assert!(
        lines[0].starts_with("about.md:") && lines[0].contains("/notes/idea/"),
        "{findings}"
    );
}

#[test]
fn jekyll_under_a_baseurl() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "_config.yml",
        "url: https://dogs.github.io\nbaseurl: /blog\nplugins: [jekyll-redirect-from]\n",
    );
    write(
        dir.path(),
        "_posts/2025-03-01-hello.md",
        "---\ntitle: Hello\nredirect_from: [/old-hello/]\n---\n\n## Section\n",
    );
    // Another project on the same host, and an old path the plugin redirects.
    write(
        dir.path(),
        "about.md",
        "---\ntitle: About\npermalink: /about/\n---\n\n[Cats](https://dogs.github.io/cats/) [old](/blog/old-hello/) [gone](https://dogs.github.io/blog/gone/)\n",
    );
    let config = init_then_check(dir.path());
    assert!(
        config.contains("url = \"https://dogs.github.io/blog\""),
        "{config}"
    );
    let stdout = check_findings(dir.path());
    assert!(!stdout.contains("/cats/"), "{stdout}");
    assert!(!stdout.contains("old-hello"), "{stdout}");
    assert!(
        stdout.contains("link to `https://dogs.github.io/blog/gone/`"),
        "{stdout}"
    );
}

#[test]
fn docusaurus_routes_from_modules_plugins_and_redirects() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "docusaurus.config.ts",
        r#"import {testPlugins} from './config/test-plugins';
const isPreview = !!process.env.PREVIEW;
export default {
  url: 'https://dogs.example.com',
  baseUrl: '/',
  i18n: { defaultLocale: 'en', locales: isPreview ? ['en'] : ['en', `fr`, 'pt-BR'] },
  plugins: [
    ...testPlugins,
    './src/plugins/requests/plugin.js',
    ['client-redirects', { redirects: [{ from: ['/docs/old', '/docs/older'], to: '/docs/intro' }] }],
  ],
};
"#,
    );
    write(
        dir.path(),
        "config/test-plugins.ts",
        "export const testPlugins = [['content-blog', { id: 'tests', routeBasePath: '/tests/blog' }]];
",
    );
    write(
        dir.path(),
        "src/plugins/requests/plugin.js",
        "export default function plugin(context) {
  return { async contentLoaded({actions}) {
    actions.addRoute({ path: normalizeUrl([context.baseUrl, '/requests']), exact: false });
  } };
}
",
    );
    write(
        dir.path(),
        "static/_redirects",
        "# Netlify\n/docs/renamed   /docs/intro   301\n",
    );
    write(
        dir.path(),
        "src/components/Options/index.tsx",
        "export default function Options({name}) {
  return <tr id={name}><td>{name}</td></tr>;
}
",
    );
    write(
        dir.path(),
        "docs/intro.mdx",
        "---\ntitle: Intro\n---\n\nimport Options from '@site/src/components/Options';\n\n<Options name=\"color\" />\n\nSee [color](#color), [tests](/tests/blog/first), [requests](/requests), [French](/fr), [old](/docs/old), [renamed](/docs/renamed) and [nothing](/nothing).\n",
    );
    let config = init_then_check(dir.path());
    assert!(config.contains("\"/tests/blog/**\""), "{config}");
    assert!(config.contains("\"/requests\""), "{config}");
    assert!(config.contains("\"/docs/old\""), "{config}");
    assert!(config.contains("\"pt-BR\""), "{config}");
    assert!(
        config.contains("redirects = \"static/_redirects\""),
        "{config}"
    );
    assert!(
        config.contains("`i18n.locales` is an expression"),
        "{config}"
    );
    let stdout = check_findings(dir.path());
    let findings: Vec<&str> = stdout.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(findings.len(), 1, "{stdout}");
    assert!(findings[0].contains("link to `/nothing`"), "{stdout}");
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
