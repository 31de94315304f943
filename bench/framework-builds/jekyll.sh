#!/usr/bin/env bash
# Checks proofmark's model of a Jekyll site against what Jekyll really builds.
#
# The site is the minimal-mistakes theme's own documentation site (the corpus
# skeleton in shared/corpora). Jekyll builds it; then every page it rendered
# from Markdown, every element id in such a page's content, and every other
# page and file it wrote, becomes a link in a probe article that proofmark
# checks with no proofmark.toml, reading the Jekyll config as a user's run
# would. A broken-link or broken-anchor finding on the probe is a URL or an id
# that Jekyll produces and proofmark does not know. In the other direction,
# every Markdown file proofmark lints must be one that Jekyll builds.
#
#   bash bench/framework-builds/jekyll.sh
#   PROOFMARK=/tmp/proofmark bash bench/framework-builds/jekyll.sh
#
# PROOFMARK defaults to target/release/proofmark (build it first); CORPUS to
# ../shared/corpora/minimal-mistakes.tar.gz. Needs python3 and Debian's
# jekyll packages (installed with apt-get when missing and run as root).
# Offline. Everything it writes is under target/framework-builds/minimal-mistakes/.
#
# Exit status: 0 no mismatch, 1 mismatches, 2 the check could not run or is
# inconclusive (proofmark left some probe links unchecked).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
proofmark=${PROOFMARK:-$repo/target/release/proofmark}
corpus=${CORPUS:-$repo/../shared/corpora/minimal-mistakes.tar.gz}
scratch=$repo/target/framework-builds/minimal-mistakes

die() { echo "jekyll.sh: $*" >&2; exit 2; }
[ -x "$proofmark" ] || die "no proofmark binary at $proofmark (cargo build --release, or set PROOFMARK)"
[ -f "$corpus" ] || die "no corpus at $corpus (set CORPUS)"
command -v python3 >/dev/null || die "python3 is needed"

# Jekyll 4.3 and the site's plugins, as Debian packages them (there is no
# rubygems access, so no `bundle install`). GitHub Pages builds with Jekyll
# 3.10 and the same kramdown (2.4) and kramdown-parser-gfm (1.1), which make
# the heading ids. Missing from Debian: jemoji (turns `:emoji:` into images
# after conversion; it changes no URL or id), so the build drops it.
# Besides the site's own plugins, GitHub Pages always runs
# jekyll-optional-front-matter, -readme-index, -relative-links,
# -titles-from-headings and -default-layout: the first two decide which files
# become pages, so they are part of the model under test. Left out, as none
# changes a URL or an id: jekyll-github-metadata (needs the GitHub API, only
# fills `site.github`); jekyll-relative-links (rewrites links to .md files)
# and jekyll-default-layout (sets a layout where none is set, and here every
# Markdown file gets one from the config's `defaults`), which both crash this
# Jekyll on _pages/404.md: a page with an `excerpt` field, read through
# `to_liquid` before rendering, hits Jekyll's private `Page#yaml_file?`
# (benbalter/jekyll-relative-links#91, jekyll/jekyll#9553).
packages=(jekyll ruby-jekyll-feed ruby-jekyll-sitemap ruby-jekyll-include-cache
  ruby-jekyll-gist ruby-jekyll-paginate ruby-jekyll-optional-front-matter
  ruby-jekyll-readme-index ruby-jekyll-titles-from-headings)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "install first: apt-get install ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

rm -rf "$scratch"
mkdir -p "$scratch/src"
tar -xzf "$corpus" -C "$scratch/src" --strip-components=1

# Two copies of the site: src/docs stays as the corpus has it (plus, later, the
# probe) for proofmark; build/ is Jekyll's source. The theme is the corpus
# repository's root (docs/Gemfile: `gem "minimal-mistakes-jekyll", path: ".."`),
# which Jekyll can only load as an installed gem. Copying its _layouts and
# _includes into the site does the same: a site's own includes win over the
# theme's, hence `cp -n`. The skeleton has no theme _sass, assets or _data
# (ui-text.yml): the site has no .scss to compile, and missing UI strings only
# blank out labels in the theme's chrome, not ids in page content.
build=$scratch/build
cp -a "$scratch/src/docs" "$build"
mkdir -p "$build/_layouts" "$build/_includes"
cp -rn "$scratch/src/_layouts/." "$build/_layouts/"
cp -rn "$scratch/src/_includes/." "$build/_includes/"

# Applied over the site's own _config.yml (lists are replaced, not merged).
# `remote_theme` is left alone: without jekyll-remote-theme it is inert.
cat > "$build/_config.build.yml" <<'YAML'
plugins: &plugins
  - jekyll-paginate
  - jekyll-sitemap
  - jekyll-gist
  - jekyll-feed
  - jekyll-include-cache
  - jekyll-optional-front-matter
  - jekyll-readme-index
  - jekyll-titles-from-headings
whitelist: *plugins
# GitHub Pages' own setting; it also keeps jekyll-gist from fetching gists.
gist:
  noscript: false
YAML

# A read-only observer that asks Jekyll itself, rather than guessing from the
# output, which pages came from Markdown, their URLs and output files, and the
# HTML each page's Markdown converted to before a layout wrapped it (so the
# theme's chrome is never part of "content"). It also notes the ids that
# Liquid includes (the theme's figure, gallery, nav_list...) put into a page's
# content: those are the theme's, not the Markdown's. GitHub Pages builds in
# safe mode, which would ignore _plugins; the observer changes no output.
mkdir -p "$build/_plugins"
cat > "$build/_plugins/build_manifest.rb" <<'RUBY'
require "json"

module BuildManifest
  @pages = {}
  @rendering = nil
  class << self
    attr_reader :pages
    attr_accessor :rendering
  end

  # Wraps an include tag's render to note the ids in its output while a page's
  # own content (not its layout) is being rendered. Output is unchanged.
  module IncludeIds
    def render(context)
      output = super
      if (page = BuildManifest.rendering)
        output.to_s.scan(/\sid\s*=\s*["']([^"']*)["']/) do |(id)|
          BuildManifest.pages[page][:include_ids] << id
        end
      end
      output
    end
  end
end

# `include` is OptimizedIncludeTag, whose render does not call IncludeTag's;
# include_cached answers from its cache without calling either.
[Jekyll::Tags::IncludeTag, Jekyll::Tags::OptimizedIncludeTag,
 (JekyllIncludeCache::Tag if defined?(JekyllIncludeCache::Tag))].compact.each do |tag|
  tag.prepend(BuildManifest::IncludeIds)
end

Jekyll::Hooks.register [:pages, :documents], :pre_render do |doc, _payload|
  BuildManifest.pages[doc.relative_path] = { include_ids: [] }
  BuildManifest.rendering = doc.relative_path
end

Jekyll::Hooks.register [:pages, :documents], :post_convert do |doc|
  BuildManifest.pages[doc.relative_path][:content] = doc.content
  BuildManifest.rendering = nil
end

Jekyll::Hooks.register :site, :post_write do |site|
  markdown = site.find_converter_instance(Jekyll::Converters::Markdown)
  written = site.pages + site.documents.select(&:write?)
  pages = written.map do |doc|
    seen = BuildManifest.pages.fetch(doc.relative_path, {})
    {
      source: doc.relative_path,
      url: doc.url,
      output: doc.destination(site.dest).delete_prefix(site.dest + "/"),
      markdown: markdown.matches(doc.extname),
      content: seen[:content],
      include_ids: seen.fetch(:include_ids, []).uniq,
    }
  end
  files = site.static_files.select(&:write?).map do |file|
    { source: file.relative_path.delete_prefix("/"), url: file.url,
      output: file.destination(site.dest).delete_prefix(site.dest + "/") }
  end
  File.write(ENV.fetch("BUILD_MANIFEST"), JSON.pretty_generate(
    baseurl: site.config["baseurl"].to_s.chomp("/"), pages: pages, files: files
  ))
end
RUBY

# The site's Gemfile names gems that only rubygems has: load plugins by name.
echo "building the site with $(jekyll --version) ..."
if ! (cd "$build" && BUILD_MANIFEST=$scratch/manifest.json JEKYLL_ENV=production \
      JEKYLL_NO_BUNDLER_REQUIRE=true \
      jekyll build --config _config.yml,_config.build.yml -s . -d "$scratch/_site") \
      > "$scratch/jekyll.log" 2>&1; then
  tail -20 "$scratch/jekyll.log" >&2
  die "jekyll build failed (log: $scratch/jekyll.log)"
fi

cat > "$scratch/check.py" <<'PYTHON'
"""The two halves of the check: `probe` lists what Jekyll built (from the
manifest its observer wrote) and writes the probe article; `report` reads
proofmark's findings on the probe and compares the files each side takes."""
import collections
import html.parser
import json
import os
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

mode, scratch = sys.argv[1], sys.argv[2]
site_root = os.path.join(scratch, "src", "docs")
PROBE = "proofmark-probe.md"
# The same links with their targets made missing: each must be reported, or a
# clean probe link would prove nothing (proofmark leaves some links unchecked).
CONTROL = "proofmark-control.md"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Ids(html.parser.HTMLParser):
    """Element ids in document order, and the text of headings that have one."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.heading_text, self._open = [], {}, None
        self.feed(text or "")
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append((value, tag))
                if tag in HEADINGS:
                    self._open = [value, tag, ""]

    def handle_endtag(self, tag):
        if self._open and tag == self._open[1]:
            self.heading_text[self._open[0]] = " ".join(self._open[2].split())
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._open[2] += data


def id_kind(id_, tag):
    if tag in HEADINGS:
        return "heading"
    if id_ == "markdown-toc" or id_.startswith("markdown-toc-"):
        return "kramdown toc"
    if id_.startswith(("fn:", "fnref:")):
        return "footnote"
    return f"<{tag}> id"


def served_path(output):
    """The URL path a static host serves an output file at."""
    path = "/" + output
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def fragment(id_):
    # Percent-encode what a Markdown link destination or a URL cannot hold
    # as is (spaces, parentheses, `%`, non-ASCII), as a browser would.
    return urllib.parse.quote(id_, safe="!$&'*+,;=:@/?-._~")


def likely_cause(entry, source):
    """A guess at why proofmark does not know an id, from what the page shows."""
    if entry["kind"] == "footnote":
        return "kramdown's footnote ids (fn:NAME, fnref:NAME) are not among proofmark's anchors"
    if entry["kind"] == "heading" and re.search("[\u2013\u2014\u2026\u00ab\u00bb]", entry["text"] or ""):
        return ("kramdown makes the id from the heading after its typographic symbols "
                "(`--` en dash, `---` em dash, `...`), then drops them as non-word")
    if entry["kind"] == "heading" and re.search(r"(?m)^#{1,6}[ \t].*(\{\{|\{%)", source):
        return "the page's headings are written with Liquid, which Jekyll renders first"
    return "the id algorithm differs"


def probe():
    manifest = json.load(open(os.path.join(scratch, "manifest.json")))
    base = manifest["baseurl"]
    dest = os.path.join(scratch, "_site")
    html_files = sorted(
        os.path.relpath(os.path.join(d, f), dest)
        for d, _, fs in os.walk(dest) for f in fs if f.endswith(".html")
    )
    by_output = {p["output"]: p for p in manifest["pages"]}
    from_markdown = [f for f in html_files if by_output.get(f, {}).get("markdown")]
    print(f"HTML files in _site: {len(html_files)}: {len(from_markdown)} rendered from "
          f"Markdown, {len([f for f in html_files if f in by_output]) - len(from_markdown)} "
          f"from other sources, {len([f for f in html_files if f not in by_output])} unaccounted for")

    entries, problems, skipped = [], [], collections.Counter()

    def add(what, item, **more):
        url = base + item["url"]
        path = urllib.parse.unquote(url)
        # Jekyll's URL is where the file is served, give or take the `.html`
        # a permalink without an extension leaves out.
        if base + served_path(item["output"]) not in (path, path + ".html"):
            problems.append(f"{item['source']}: URL {url} but written to {item['output']}")
        entries.append({"what": what, "url": url, "source": item["source"], **more})

    for output in from_markdown:
        page = by_output[output]
        add("markdown page", page)
        source = open(os.path.join(scratch, "build", page["source"]), encoding="utf-8").read()
        content = Ids(page["content"])
        written = {i for i, _ in Ids(open(os.path.join(dest, output), encoding="utf-8").read()).ids}
        seen = set()
        for id_, tag in content.ids:
            if id_ in seen:
                continue
            seen.add(id_)
            kind = id_kind(id_, tag)
            if id_ in page["include_ids"]:
                skipped["placed by a Liquid include"] += 1
                continue
            # The theme's `toc` include writes a kramdown `{:toc}` list; its
            # ids are the Markdown's own only where the source asks for a TOC.
            if kind == "kramdown toc" and not re.search(r"\{:\s*toc\b", source):
                skipped["kramdown toc from the theme's toc include"] += 1
                continue
            if id_ not in written:
                problems.append(f"{page['source']}: id {id_!r} is not in the written page")
            entry = {"what": "id", "url": base + page["url"], "id": id_, "kind": kind,
                     "source": page["source"], "text": content.heading_text.get(id_)}
            entry["cause"] = likely_cause(entry, source)
            entries.append(entry)
    for page in manifest["pages"]:
        if not page["markdown"]:
            made = "plugin" if not os.path.exists(os.path.join(scratch, "build", page["source"])) else "source"
            add("other page", page, made=made)
    for file in manifest["files"]:
        add("file", file)

    def article(name, title, target):
        lines = ["---", f"title: {title}", f"permalink: /{name[:-3]}/", "---", "",
                 "One link to each page and file Jekyll built, and to each id in the",
                 "content of the pages it rendered from Markdown.", ""]
        for entry in entries:
            entry["line"] = len(lines) + 1  # the same in both articles
            lines.append(f"- [{entry['what']}]({target(entry)})")
        open(os.path.join(site_root, name), "w", encoding="utf-8").write("\n".join(lines) + "\n")

    article(PROBE, "proofmark probe", lambda e: e["url"] + (
        "#" + fragment(e["id"]) if "id" in e else ""))
    article(CONTROL, "proofmark control", lambda e: (
        e["url"] + "#proofmark-missing-" + fragment(e["id"]) if "id" in e
        else base + "/proofmark-missing" + e["url"][len(base):]))
    json.dump({"entries": entries, "problems": problems, "skipped": skipped,
               "built_sources": sorted(by_output[f]["source"] for f in from_markdown)},
              open(os.path.join(scratch, "probe.json"), "w"), indent=1)


def report():
    state = json.load(open(os.path.join(scratch, "probe.json")))
    entries = {e["line"]: e for e in state["entries"]}
    findings = json.load(open(os.path.join(scratch, "proofmark.json")))["diagnostics"]
    on_probe = [d for d in findings if d["path"] == PROBE]
    caught = {d["line"] for d in findings if d["path"] == CONTROL
              and d["rule"] in ("broken-link", "broken-anchor")}
    unchecked = [e for line, e in entries.items() if line not in caught]
    broken = [(entries[d["line"]], d) for d in on_probe
              if d["rule"] in ("broken-link", "broken-anchor") and d["line"] in entries]
    others = [d for d in on_probe if (entries.get(d["line"]), d) not in broken]
    count = collections.Counter(e["what"] for e in entries.values())
    bad = collections.Counter(e["what"] for e, _ in broken)
    kinds = collections.Counter(e["kind"] for e in entries.values() if e["what"] == "id")

    print(f"Checked: {count['markdown page']} pages rendered from Markdown, "
          f"{count['id']} ids in their content "
          f"({', '.join(f'{n} {k}' for k, n in kinds.most_common())}), "
          f"{count['other page']} other pages, {count['file']} static files")
    for reason, n in state["skipped"].items():
        print(f"  not checked, as the theme's: {n} ids {reason}")
    for problem in state["problems"]:
        print(f"  build oddity: {problem}")

    print(f"\nJekyll builds it, proofmark does not know it: {len(broken)}")
    unknown = {e["url"] for e, _ in broken if e["what"] == "markdown page"}
    for e, d in broken:
        if e["what"] == "markdown page":
            print(f"  page   {e['url']}  ({e['source']}): {d['message']}")
    if any(e["what"] == "id" and e["url"] in unknown for e, _ in broken):
        print("  (links to ids on those pages fail with them)")
    for e, d in broken:
        if e["what"] == "id" and e["url"] not in unknown:
            text = f" (heading {e['text']!r})" if e.get("text") else ""
            print(f"  {e['kind']:<9} {e['url']}#{e['id']}{text}\n"
                  f"            {d['message']}; likely: {e['cause']}")
    for e, d in broken:
        if e["what"] == "other page":
            made = "made by a plugin" if e["made"] == "plugin" else f"from {e['source']}"
            print(f"  other page {e['url']} ({made}): {d['message']}")
    files = collections.defaultdict(list)
    for e, d in broken:
        if e["what"] == "file":
            files[os.path.dirname(e["url"])].append(e["url"])
    for folder, urls in sorted(files.items()):
        print(f"  files  {folder}/: {len(urls)} of them, e.g. {urls[0]}")
    if others:
        print(f"\nOther findings on probe links (not counted): {len(others)}")
        for d in others:
            e = entries.get(d["line"], {})
            print(f"  {d['rule']} {e.get('url', '')}{'#' + e['id'] if 'id' in e else ''}: {d['message']}")

    # proofmark -> Jekyll: the JUnit report has one test case per linted file.
    linted = {case.get("name") for case in
              ET.parse(os.path.join(scratch, "proofmark.junit.xml")).iter("testcase")}
    linted -= {PROBE, CONTROL}
    built = set(state["built_sources"])
    markdown = {os.path.relpath(os.path.join(d, f), site_root)
                for d, _, fs in os.walk(site_root) for f in fs
                if f.endswith((".md", ".markdown", ".mkdown", ".mkdn", ".mkd"))
                and f not in (PROBE, CONTROL)}
    neither = sorted(markdown - linted - built)
    not_built, not_linted = sorted(linted - built), sorted(built - linted)
    print(f"\nMarkdown sources: {len(markdown)}; proofmark lints {len(linted)}, Jekyll "
          f"builds {len(built)}, neither {len(neither)} ({', '.join(neither) or '-'})")
    print(f"proofmark lints it, Jekyll does not build it (or the other way): "
          f"{len(not_built) + len(not_linted)}")
    # Jekyll names the posts it skips for their date in its log.
    log = open(os.path.join(scratch, "jekyll.log"), encoding="utf-8", errors="replace").read()
    for path in not_built:
        why = "; it has a future date (Jekyll's `future: false`)" if f"{path} has a future date" in log else ""
        print(f"  linted, not built: {path}{why}")
    for path in not_linted:
        print(f"  built, not linted: {path}")

    # A page whose ids proofmark holds open (headings written with Liquid,
    # components it cannot run) has no fragment judged: by design, and said.
    ids_by_page = collections.defaultdict(list)
    for e in entries.values():
        if "id" in e:
            ids_by_page[e["url"]].append(e)
    open_pages = sorted(url for url, ids in ids_by_page.items()
                        if all(e in unchecked for e in ids))
    unchecked = [e for e in unchecked if not ("id" in e and e["url"] in open_pages)]
    if open_pages:
        print(f"\nPages whose fragments proofmark does not judge (their ids are open): "
              f"{len(open_pages)}")
        for url in open_pages:
            print(f"  {url} ({len(ids_by_page[url])} ids)")
    if unchecked:
        print(f"\nInconclusive: proofmark did not check {len(unchecked)} probe links "
              f"(their missing twins in {CONTROL} were not reported), e.g.")
        for e in unchecked[:10]:
            print(f"  {e['url']}{'#' + e['id'] if 'id' in e else ''}")
    else:
        print(f"\nEvery other probe link is checked: all {len(entries)} of their missing twins "
              f"in {CONTROL} are reported.")
    total = len(broken) + len(not_built) + len(not_linted)
    print(f"\nSummary: {count['markdown page']} Markdown pages ({bad['markdown page']} unknown), "
          f"{count['id']} ids ({bad['id']} unknown), {count['other page']} other pages "
          f"({bad['other page']} unknown), {count['file']} files ({bad['file']} unknown), "
          f"{len(not_built) + len(not_linted)} sources linted but not built or built but not "
          f"linted: {total} mismatches")
    sys.exit(2 if unchecked else 1 if total else 0)


try:
    {"probe": probe, "report": report}[mode]()
except Exception:  # a failed check must not read as "mismatches found"
    import traceback
    traceback.print_exc()
    sys.exit(2)
PYTHON

python3 "$scratch/check.py" probe "$scratch"

# No proofmark.toml: proofmark must read _config.yml itself.
cd "$scratch/src/docs"
status=0
"$proofmark" check --format json --no-cache > "$scratch/proofmark.json" 2> "$scratch/proofmark.err" || status=$?
[ $status -le 1 ] || { cat "$scratch/proofmark.err" >&2; die "proofmark failed (status $status)"; }
"$proofmark" check --format junit --no-cache > "$scratch/proofmark.junit.xml" 2>/dev/null || true
sed -n 's/^note: /proofmark note: /p' "$scratch/proofmark.err"

python3 "$scratch/check.py" report "$scratch"
