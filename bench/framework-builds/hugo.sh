#!/usr/bin/env bash
# Checks proofmark's model of a Hugo site against what Hugo really builds.
#
# The site is the Docsy example site (the corpus skeleton in shared/corpora):
# three languages with their own content folders, a `[permalinks]` pattern
# for the blog, aliases, and goldmark settings. Hugo builds it; then every
# page it rendered from Markdown, every element id in such a page's content,
# and every other page and file it wrote becomes a link in a probe article
# that proofmark checks with no proofmark.toml, reading hugo.yaml as a user's
# run would. A broken-link or broken-anchor finding on the probe is a URL or
# an id that Hugo produces and proofmark does not know. In the other
# direction, every Markdown file proofmark lints must be one Hugo builds.
#
#   bash bench/framework-builds/hugo.sh
#   PROOFMARK=/tmp/proofmark bash bench/framework-builds/hugo.sh
#
# PROOFMARK defaults to target/release/proofmark (build it first); CORPUS to
# ../shared/corpora/docsy-example.tar.gz. Needs python3 and Debian's hugo
# package (installed with apt-get when missing and run as root); written for
# the Hugo 0.111 that Debian ships, while the site asks for 0.160.1 (the
# differences that matter for URLs and ids are handled below and listed in
# the README). Offline. Everything it writes is under
# target/framework-builds/docsy-example/.
#
# Exit status: 0 no mismatch, 1 mismatches, 2 the check could not run or is
# inconclusive (proofmark left some probe links unchecked).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
proofmark=${PROOFMARK:-$repo/target/release/proofmark}
corpus=${CORPUS:-$repo/../shared/corpora/docsy-example.tar.gz}
scratch=$repo/target/framework-builds/docsy-example

die() { echo "hugo.sh: $*" >&2; exit 2; }
[ -x "$proofmark" ] || die "no proofmark binary at $proofmark (cargo build --release, or set PROOFMARK)"
[ -f "$corpus" ] || die "no corpus at $corpus (set CORPUS)"
command -v python3 >/dev/null || die "python3 is needed"

if ! command -v hugo >/dev/null; then
  [ "$(id -u)" = 0 ] || die "install first: apt-get install hugo"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
fi

rm -rf "$scratch"
mkdir -p "$scratch/src"
tar -xzf "$corpus" -C "$scratch/src" --strip-components=1

# Two copies of the site: src/ stays as the corpus has it (plus, later, the
# probe) for proofmark; build/ is Hugo's source. The Docsy theme is a Hugo
# module (go.mod, `module.imports`) that cannot be downloaded offline, so
# build/ swaps it for a local stand-in theme, themes/docsy-standin, written
# below; without go.mod Hugo does not reach for the Go toolchain at all.
build=$scratch/build
cp -a "$scratch/src" "$build"
rm -f "$build/go.mod" "$build/go.sum" "$build/docsy.work" "$build/docsy.work.sum"
theme=$build/themes/docsy-standin
mkdir -p "$theme/layouts/_default" "$theme/layouts/partials/proofmark" \
  "$theme/layouts/partials/td" "$theme/layouts/blog" "$theme/layouts/shortcodes"

# The theme's own config, as far as it shapes the output: the `print` output
# format that the site's `outputs` name for the home and section pages
# (Docsy leaves isHTML unset, so Hugo writes no aliases for it).
cat > "$theme/hugo.yaml" <<'YAML'
outputFormats:
  print:
    baseName: index
    mediaType: text/html
    path: _print
    permalinkable: false
YAML

# Stand-in layouts. Layout chrome never counts, so each template writes only
# what the check reads: a comment with what Hugo itself knows of the page
# (kind, language, source file, RelPermalink, aliases, output format), and
# the page's rendered content between two marker comments, so that the ids
# taken are the content's, not a layout's. Go's html/template drops comments
# written in a template, hence `safeHTML`. `jsonify` escapes `<` and `>`, so
# the JSON cannot end the comment early.
cat > "$theme/layouts/partials/proofmark/page.html" <<'HTML'
{{- $file := "" -}}
{{- with .page.File }}{{ $file = .Filename }}{{ end -}}
{{- $info := dict "kind" .page.Kind "lang" .page.Lang "file" $file
  "url" .page.RelPermalink "aliases" .page.Aliases "format" .format -}}
{{- printf "<!--proofmark-page %s-->" (jsonify $info) | safeHTML -}}
HTML
cat > "$theme/layouts/partials/proofmark/html.html" <<'HTML'
<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
{{ partial "proofmark/page.html" (dict "page" . "format" "html") }}
{{ "<!--proofmark-content-->" | safeHTML }}{{ .Content }}{{ "<!--/proofmark-content-->" | safeHTML }}
</body>
</html>
HTML
# Home, sections, taxonomies and terms all fall back to _default/list.html.
echo '{{ partial "proofmark/html.html" . }}' > "$theme/layouts/_default/single.html"
echo '{{ partial "proofmark/html.html" . }}' > "$theme/layouts/_default/list.html"
# Docsy ships a 404 page; Hugo writes one per language.
echo '{{ partial "proofmark/html.html" . }}' > "$theme/layouts/404.html"
# Docsy's print pages (a whole section on one page) are probed by URL only.
# Hugo 0.111 prefers a type's list.html to _default/list.print.html, so the
# blog gets its own print template.
for layout in _default/list.print.html blog/list.print.html; do
  cat > "$theme/layouts/$layout" <<'HTML'
<!DOCTYPE html>
<html><body>{{ partial "proofmark/page.html" (dict "page" . "format" "print") }}</body></html>
HTML
done
# Docsy's blog list paginates (grouped by year; the blog root lists every
# post of the section), and Hugo writes `page/1/` as a redirect to each list
# it paginates: the same pager over the same pages makes the same URLs.
cat > "$theme/layouts/blog/list.html" <<'HTML'
{{- $pages := .Pages -}}
{{- if .Parent.IsHome }}{{ $pages = where .Site.RegularPages "Section" .Section }}{{ end -}}
{{- if .Pages }}{{ $pager := .Paginate ($pages.GroupByDate "2006") }}{{ end -}}
{{ partial "proofmark/html.html" . }}
HTML
# Docsy's heading hook (td/render-heading.html), which the site's own
# render-heading.html calls: the heading's attributes (its id among them, as
# goldmark made it) plus a self-link that has no id of its own.
cat > "$theme/layouts/partials/td/render-heading.html" <<'HTML'
<h{{ .Level }}
  {{- range $key, $value := .Attributes -}}
    {{ printf " %s=%q" $key (string $value) | safeHTMLAttr -}}
  {{ end -}}
>
  {{- .Text | safeHTML -}}
  <a class="td-heading-self-link" href="#{{ .Anchor | safeURL }}" aria-label="Heading self-link"></a>
</h{{ .Level }}>
HTML

cat > "$scratch/check.py" <<'PYTHON'
"""The three parts of the check: `prepare` adapts the site's config and
layouts to Hugo 0.111 and writes the shortcode stubs; `probe` lists what Hugo
built (from the comments the stand-in layouts wrote into each page) and
writes the probe article; `report` reads proofmark's findings on the probe
and compares the files each side takes."""
import collections
import html.parser
import json
import os
import posixpath
import re
import sys
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET

mode, scratch = sys.argv[1], sys.argv[2]
site_root = os.path.join(scratch, "src")
build = os.path.join(scratch, "build")
public = os.path.join(scratch, "public")
# In the default language's content folder, with a `url` nothing else has.
PROBE = "content/en/proofmark-probe.md"
# The same links with their targets made missing: each must be reported, or a
# clean probe link would prove nothing (proofmark leaves some links unchecked).
CONTROL = "content/en/proofmark-control.md"
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SHORTCODE = re.compile(r"\{\{([<%])(?!\s*/\*)\s*(/?)\s*([\w.-][\w./-]*)")
# Hugo 0.111's own shortcodes, which need no stub.
EMBEDDED = {"figure", "gist", "highlight", "instagram", "param", "ref", "relref",
            "tweet", "twitter", "twitter_simple", "vimeo", "vimeo_simple", "youtube"}


def edit(path, old, new, count=1):
    """Replaces `old` in a file, and fails when the file no longer has it as
    often as expected (the corpus changed: look at the edit again)."""
    text = open(path, encoding="utf-8").read()
    if text.count(old) != count:
        raise RuntimeError(f"{path}: expected {count} of {old!r}, found {text.count(old)}")
    open(path, "w", encoding="utf-8").write(text.replace(old, new))


def prepare():
    config = os.path.join(build, "hugo.build.yaml")
    with open(os.path.join(build, "hugo.yaml"), encoding="utf-8") as f:
        open(config, "w", encoding="utf-8").write(f.read())
    # The theme module becomes the local stand-in theme. `module.hugoVersion`
    # (min 0.160.1) stays: 0.111 only warns about it.
    edit(config, "- path: github.com/google/docsy/theme", "- path: docsy-standin")
    # `:slugorcontentbasename` is new in Hugo 0.144. `:slugorfilename` is the
    # same value wherever the pattern applies: the slug, else the file's name
    # without extension, or a page bundle's folder for its index.md. (They
    # part only on a section's _index.md, and a `[permalinks]` entry keyed by
    # section alone is for its regular pages, not for its section pages.)
    edit(config, ":slugorcontentbasename", ":slugorfilename")
    # Hugo 0.111 reads YAML 1.1, where a bare `no` is the boolean false: the
    # Norwegian pages would be built as a language named "false" and served
    # under /false/. The site means the language code, served under /no/.
    edit(config, "\n  no:\n", "\n  'no':\n")
    # Without a Git repository (the corpus has none) Hugo logs an error for
    # enableGitInfo; it only fills .GitInfo and .Lastmod.
    edit(config, "\nenableGitInfo: true\n", "\n")

    # The site's own layouts, in Hugo 0.146's layout tree, moved to where 0.111
    # looks: the heading hook (it calls Docsy's td/render-heading.html,
    # stood in above) and the `redirects` output of the home page.
    markup = os.path.join(build, "layouts", "_default", "_markup")
    os.makedirs(markup, exist_ok=True)
    os.rename(os.path.join(build, "layouts", "_markup", "render-heading.html"),
              os.path.join(markup, "render-heading.html"))
    # `hugo.Sites` is newer than 0.111; `.Sites` is the same list there.
    edit(os.path.join(build, "layouts", "home.redirects"), "range hugo.Sites", "range .Sites")

    # Stub shortcodes for every name the content uses. A paired one renders
    # its inner content between blank lines, and nothing else; a single one
    # renders nothing. Docsy's `{{% blocks/* %}}`, `pageinfo` and `alert` wrap
    # the inner Markdown in HTML written so that goldmark still parses the
    # inner part as Markdown (their "ends the HTML block" comments), so the
    # ids the inner Markdown makes are the same. What the stubs leave out is
    # the theme's own markup: Docsy's section anchors (`td-block-N`), the
    # cover's `td-cover-block-N`, and its titles (`<h1>`, `<h4>` without ids);
    # those ids are the theme's, not the Markdown's, as are whatever
    # `td/site-build-info/netlify` (build information from Netlify's
    # environment) and `_param` (a site parameter's value) print.
    used = collections.defaultdict(set)
    for folder, _, files in os.walk(os.path.join(build, "content")):
        for name in files:
            if name.endswith(".md"):
                text = open(os.path.join(folder, name), encoding="utf-8").read()
                for _, closing, code in SHORTCODE.findall(text):
                    used[code].add(bool(closing))
    stubs = os.path.join(build, "themes", "docsy-standin", "layouts", "shortcodes")
    for code, forms in sorted(used.items()):
        if code in EMBEDDED:
            continue
        path = os.path.join(stubs, code + ".html")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write("\n\n{{ .Inner }}\n\n" if True in forms else "")
        print(f"  stub shortcode {code} ({'paired' if True in forms else 'single'})")


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
    if id_.startswith(("fn:", "fnref:")):
        return "footnote"
    return f"<{tag}> id"


def served_path(output):
    """The URL path a static host serves an output file at."""
    path = "/" + output
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def quote(url):
    # Percent-encode what a Markdown link destination cannot hold as is
    # (spaces, parentheses, non-ASCII), as a browser would.
    return urllib.parse.quote(url, safe="!$&'*+,;=:@/?-._~%")


def fragment(id_):
    return urllib.parse.quote(id_, safe="!$&'*+,;=:@/?-._~")


def alias_url(alias, page, prefix):
    """Where Hugo 0.160 writes an alias page: an alias is resolved against
    the page's language (gohugo.io/content-management/urls/#aliases), a
    site-relative one (`/old`) under the language's prefix (`/fa/old/`), a
    page-relative one next to the page, and either gets a trailing slash
    unless it names a file. Hugo 0.111 writes site-relative aliases of every
    language at the root, so there fa's `/blog/2018/*` takes en's place."""
    if alias.startswith("/"):
        path = prefix + alias
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page["url"].rstrip("/")), alias))
    if not posixpath.splitext(path)[1] and not path.endswith("/"):
        path += "/"
    return path


def likely_cause(entry, source):
    """A guess at why proofmark does not know an id, from what the page shows."""
    text = entry.get("text") or ""
    if entry["kind"] == "footnote":
        return "goldmark's footnote ids (fn:N, fnref:N) are not among proofmark's anchors"
    if entry["kind"] == "heading" and re.search(r"(?m)^#{1,6}[ \t].*\{#" + re.escape(entry["id"]) + r"[ }]", source):
        return "the heading sets its id with a {#id} attribute"
    if entry["kind"] == "heading" and re.search(r"[^\x00-\x7f]", text):
        return "the id algorithm differs on non-ASCII text"
    if entry["kind"] == "heading" and re.search(r"\{\{[<%]", source):
        return "the page uses shortcodes; the heading may be inside one's inner Markdown"
    if entry["kind"] == "heading" and re.search(r"[^\w\s-]", text):
        return "the heading's punctuation is dropped differently"
    if entry["kind"] != "heading":
        return f"ids of raw HTML or block attributes ({entry['kind']})"
    return "the id algorithm differs"


def probe():
    entries, problems, notes = [], [], []
    pages, redirects, others = [], {}, []
    for folder, _, files in os.walk(public):
        for name in files:
            output = os.path.relpath(os.path.join(folder, name), public)
            if not name.endswith(".html"):
                others.append(output)
                continue
            text = open(os.path.join(public, output), encoding="utf-8").read()
            marker = re.search(r"<!--proofmark-page (\{.*?\})-->", text)
            if marker:
                info = json.loads(marker.group(1))
                info["output"] = output
                content = re.search(r"<!--proofmark-content-->(.*)<!--/proofmark-content-->", text, re.S)
                info["content"] = content.group(1) if content else None
                if info["file"]:
                    info["source"] = os.path.relpath(info["file"], build)
                pages.append(info)
            elif (target := re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', text)):
                redirects[output] = urllib.parse.urlsplit(target.group(1)).path or "/"
            else:
                problems.append(f"{output}: an HTML file that no stand-in layout wrote")
    pages.sort(key=lambda p: p["output"])
    home = {p["lang"]: p["url"] for p in pages if p["kind"] == "home" and p["format"] == "html"}
    prefix = {lang: url.rstrip("/") for lang, url in home.items()}

    def add(what, url, source=None, **more):
        entries.append({"what": what, "url": url, "source": source, **more})

    markdown = [p for p in pages if p["format"] == "html" and p.get("source", "").endswith(".md")]
    for page in markdown:
        if served_path(page["output"]) != urllib.parse.unquote(page["url"]):
            problems.append(f"{page['source']}: URL {page['url']} but written to {page['output']}")
        add("markdown page", page["url"], page["source"], lang=page["lang"],
            prefix=prefix[page["lang"]])
        source = open(os.path.join(build, page["source"]), encoding="utf-8").read()
        content = Ids(page["content"])
        seen = set()
        for id_, tag in content.ids:
            if id_ in seen:
                continue
            seen.add(id_)
            entry = {"what": "id", "url": page["url"], "id": id_, "kind": id_kind(id_, tag),
                     "source": page["source"], "text": content.heading_text.get(id_)}
            entry["cause"] = likely_cause(entry, source)
            entries.append(entry)

    # Other pages, checked by URL only: sections without an _index.md,
    # taxonomies and terms, 404 pages, Docsy's print pages. A print page's
    # RelPermalink is its HTML page's (the format is not permalinkable), so
    # the URL probed is where the file is served.
    for page in pages:
        if page in markdown:
            continue
        made = "print" if page["format"] == "print" else page["kind"]
        add("other page", served_path(page["output"]), page.get("source"), made=made)

    # Redirect pages. Aliases are taken from the pages' front matter and put
    # where Hugo 0.160 writes them (see alias_url); the pagination and
    # language redirects are as Hugo 0.111 writes them.
    expected = {}
    for page in pages:
        if page["format"] != "html":
            continue
        for alias in page["aliases"] or []:
            url = alias_url(alias, page, prefix[page["lang"]])
            expected[url] = page["url"]
            add("other page", url, page.get("source"), made="alias")
    for output, target in sorted(redirects.items()):
        url = served_path(output)
        if url in expected:
            if expected[url] != target:
                notes.append(f"{url} redirects to {target} (the last language's alias wins); "
                             f"Hugo 0.160 redirects it to {expected[url]}")
        elif re.search(r"/page/1/$", url):
            add("other page", url, made="pagination")
        elif url.strip("/") in home and target in home.values():
            add("other page", url, made="language redirect")
        else:
            problems.append(f"{output}: a redirect to {target} that is no alias, pager or language redirect")
    for url in sorted(set(expected) - {served_path(o) for o in redirects}):
        notes.append(f"alias {url} (to {expected[url]}): Hugo 0.111 writes it without the language prefix")

    # Files. Feeds, sitemaps and robots.txt are pages Hugo makes; _redirects is
    # the host's configuration (Netlify reads it and does not serve it), so
    # it is not probed. A page resource is served next to its page. Hugo
    # 0.111 also writes copies that newer Hugo does not, which are left out:
    # a bundle's resources under each translation of the page that lacks
    # them (not duplicated since 0.123, gohugoio/hugo#12514), and a home
    # page's resources in the print folder.
    statics = {os.path.relpath(os.path.join(d, f), os.path.join(build, "static"))
               for d, _, fs in os.walk(os.path.join(build, "static")) for f in fs}
    bundles = {p["url"]: os.path.dirname(p["source"]) for p in markdown
               if os.path.basename(p["source"]) in ("index.md", "_index.md")}
    shared = 0
    for output in sorted(others):
        name = posixpath.basename(output)
        url = "/" + output
        if name == "index.xml":
            add("other page", url, made="feed")
        elif name == "sitemap.xml":
            add("other page", url, made="sitemap")
        elif name == "robots.txt":
            add("other page", url, made="robots.txt")
        elif name == "_redirects":
            continue
        elif output in statics:
            add("file", url, "static/" + output, made="static")
        elif "/_print/" in url:
            continue
        elif (bundle := bundles.get(posixpath.dirname(url).rstrip("/") + "/")) is None:
            problems.append(f"{output}: a file that is neither static nor next to a page bundle")
        elif os.path.exists(os.path.join(build, bundle, name)):
            add("file", url, f"{bundle}/{name}", made="page resource")
        else:
            shared += 1
    if shared:
        notes.append(f"{shared} page resources copied to translations that lack them (left out)")

    def article(name, title, target):
        lines = ["---", f"title: {title}", f"url: /{posixpath.basename(name)[:-3]}/", "---", "",
                 "One link to each page and file Hugo built, and to each id in the",
                 "content of the pages it rendered from Markdown.", ""]
        for entry in entries:
            entry["line"] = len(lines) + 1  # the same in both articles
            lines.append(f"- [{entry['what']}]({target(entry)})")
        open(os.path.join(site_root, name), "w", encoding="utf-8").write("\n".join(lines) + "\n")

    article(PROBE, "proofmark probe", lambda e: quote(e["url"]) + (
        "#" + fragment(e["id"]) if "id" in e else ""))
    article(CONTROL, "proofmark control", lambda e: (
        quote(e["url"]) + "#proofmark-missing-" + fragment(e["id"]) if "id" in e
        else "/proofmark-missing" + quote(e["url"])))
    json.dump({"entries": entries, "problems": problems, "notes": notes,
               "built_sources": sorted(p["source"] for p in markdown)},
              open(os.path.join(scratch, "probe.json"), "w"), indent=1, ensure_ascii=False)
    kinds = collections.Counter(p["kind"] for p in markdown)
    print(f"HTML files in public/: {len(pages) + len(redirects)}: {len(markdown)} pages "
          f"rendered from Markdown ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
          f"{len(pages) - len(markdown)} other pages, {len(redirects)} redirects")


def page_cause(entry):
    url, source = entry["url"], entry["source"] or ""
    if re.search(r"/\d{4}/\d\d/\d\d/", url):
        return "the blog's `[permalinks]` pattern"
    if source != source.lower():
        return "Hugo lower-cases the path"
    if entry.get("prefix"):
        return f"the `{entry['lang']}` language's prefix or content folder"
    return "the URL rule differs"


# Why Hugo makes each kind of other page or file, for the report.
MADE = {
    "404": "Hugo renders the theme's 404.html once per language",
    "alias": "Hugo 0.160 resolves a site-relative alias under the page's language prefix",
    "feed": "the site's `outputs` give the home and section pages an RSS feed (index.xml)",
    "language redirect": "with `defaultContentLanguageInSubdir: false` Hugo writes "
                         "/<default language>/ as a redirect to / (unless disableDefaultLanguageRedirect)",
    "pagination": "Hugo writes page/1/ as a redirect to each paginated list (Docsy's blog lists paginate)",
    "print": "Docsy's `print` output format (path `_print`), named in the site's `outputs`",
    "robots.txt": "`enableRobotsTXT: true`",
    "sitemap": "a multilingual site has a sitemap index at /sitemap.xml and one sitemap per language",
    "taxonomy": "a taxonomy's list page, per language",
    "term": "a taxonomy term's page",
    "section": "a section page Hugo makes without an _index.md",
    "page resource": "a page bundle's files are served next to the page, at its URL",
    "static": "the static folder is served at the root",
}


def id_cause(entry, finding):
    """Where proofmark suggests the id it made instead, the characters the two
    keep differently. Hugo's auto ids (markup/goldmark/autoid.go) keep
    letters, digits, `_` and `-`, turn spaces into `-` and drop everything
    else, non-ASCII punctuation and combining marks included."""
    guess = re.search(r"did you mean `#([^`]+)`", finding.get("help") or "")
    if entry["kind"] != "heading" or not guess:
        return entry["cause"]
    theirs, ours = entry["id"], guess.group(1)
    kept = sorted(set(ours) - set(theirs))
    if kept and [c for c in ours if c not in kept] == list(theirs):
        names = ", ".join(f"`{c}` U+{ord(c):04X} {unicodedata.name(c, '?').lower()}" for c in kept)
        return f"proofmark's id `{ours}` keeps {names}, which Hugo drops"
    return f"proofmark's id is `{ours}`; {entry['cause']}"


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
    made = collections.Counter(e["made"] for e in entries.values() if e["what"] == "other page")

    print(f"Checked: {count['markdown page']} pages rendered from Markdown, "
          f"{count['id']} ids in their content "
          f"({', '.join(f'{n} {k}' for k, n in kinds.most_common()) or 'none'}), "
          f"{count['other page']} other pages "
          f"({', '.join(f'{n} {k}' for k, n in made.most_common())}), {count['file']} files")
    for problem in state["problems"]:
        print(f"  build oddity: {problem}")
    for note in state["notes"]:
        print(f"  Hugo 0.111 differs: {note}")

    print(f"\nHugo builds it, proofmark does not know it: {len(broken)}")
    unknown = {e["url"] for e, _ in broken if e["what"] == "markdown page"}
    for e, d in broken:
        if e["what"] == "markdown page":
            print(f"  page   {e['url']}  ({e['source']}): {d['message']}; likely: {page_cause(e)}")
    if any(e["what"] == "id" and e["url"] in unknown for e, _ in broken):
        print("  (links to ids on those pages fail with them)")
    for e, d in broken:
        if e["what"] == "id" and e["url"] not in unknown:
            text = f" (heading {e['text']!r})" if e.get("text") else ""
            print(f"  {e['kind']:<9} {e['url']}#{e['id']}{text}\n"
                  f"            {d['message']}; likely: {id_cause(e, d)}")
    by_made = collections.defaultdict(list)
    for e, d in broken:
        if e["what"] == "other page":
            by_made[e["made"]].append((e, d))
    for kind, items in sorted(by_made.items()):
        print(f"  other pages ({kind}): {len(items)} of {made[kind]}; likely: {MADE.get(kind, '?')}")
        for e, d in items:
            origin = f" (from {e['source']})" if e.get("source") else ""
            print(f"    {e['url']}{origin}: {d['message']}")
    files = collections.defaultdict(list)
    for e, d in broken:
        if e["what"] == "file":
            files[e["made"]].append(e["url"])
    for kind, urls in sorted(files.items()):
        print(f"  files ({kind}): {len(urls)}; likely: {MADE.get(kind, '?')}")
        for url in urls:
            print(f"    {url}")
    if others:
        print(f"\nOther findings on probe links (not counted): {len(others)}")
        for d in others:
            e = entries.get(d["line"], {})
            print(f"  {d['rule']} {e.get('url', '')}{'#' + e['id'] if 'id' in e else ''}: {d['message']}")

    # proofmark -> Hugo: the JUnit report has one test case per linted file.
    linted = {case.get("name") for case in
              ET.parse(os.path.join(scratch, "proofmark.junit.xml")).iter("testcase")}
    linted -= {PROBE, CONTROL}
    built = set(state["built_sources"])
    markdown = {os.path.relpath(os.path.join(d, f), site_root)
                for d, _, fs in os.walk(site_root) for f in fs
                if f.endswith((".md", ".markdown", ".mdown"))} - {PROBE, CONTROL}
    neither = sorted(markdown - linted - built)
    not_built, not_linted = sorted(linted - built), sorted(built - linted)
    print(f"\nMarkdown sources: {len(markdown)}; proofmark lints {len(linted)}, Hugo "
          f"builds {len(built)}, neither {len(neither)} ({', '.join(neither) or '-'})")
    print(f"proofmark lints it, Hugo does not build it (or the other way): "
          f"{len(not_built) + len(not_linted)}")
    for path in not_built:
        print(f"  linted, not built: {path}")
    for path in not_linted:
        print(f"  built, not linted: {path}")

    # A page whose ids proofmark holds open (say, shortcodes it cannot run)
    # has no fragment judged: by design, and said.
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
    {"prepare": prepare, "probe": probe, "report": report}[mode]()
except Exception:  # a failed check must not read as "mismatches found"
    import traceback
    traceback.print_exc()
    sys.exit(2)
PYTHON

python3 "$scratch/check.py" prepare "$scratch"

# --config names the adapted copy; the corpus's config.yaml (a tripwire for
# Hugo versions that are too old) is not read.
echo "building the site with $(hugo version | cut -d' ' -f1-2) ..."
if ! (cd "$build" && HUGO_CACHEDIR=$scratch/cache hugo --config hugo.build.yaml \
      --destination "$scratch/public" --environment production) > "$scratch/hugo.log" 2>&1; then
  tail -20 "$scratch/hugo.log" >&2
  die "hugo build failed (log: $scratch/hugo.log)"
fi
grep -E '^(WARN|ERROR)' "$scratch/hugo.log" | sed 's/^/hugo: /' || true

python3 "$scratch/check.py" probe "$scratch"

# No proofmark.toml: proofmark must read hugo.yaml itself.
cd "$scratch/src"
status=0
"$proofmark" check --format json --no-cache > "$scratch/proofmark.json" 2> "$scratch/proofmark.err" || status=$?
[ $status -le 1 ] || { cat "$scratch/proofmark.err" >&2; die "proofmark failed (status $status)"; }
"$proofmark" check --format junit --no-cache > "$scratch/proofmark.junit.xml" 2>/dev/null || true
sed -n 's/^note: /proofmark note: /p' "$scratch/proofmark.err"

python3 "$scratch/check.py" report "$scratch"
