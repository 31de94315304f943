#!/usr/bin/env bash
# Seeds each target's corpus from the repository's own inputs:
#   article <- fixtures/**/*.md, *.mdx, *.markdown
#   config  <- every proofmark.toml and tests/corpora/*.toml
#   links   <- per fixture: a permalink template, its front matter, a path
#              and its link destinations, NUL-separated (see proofmark::fuzzing::LinkCase)
# Files are named by their SHA-1, as libFuzzer names them.
set -euo pipefail
cd "$(dirname "$0")/.."
put() { # target file
    local sum
    sum=$(sha1sum "$2" | cut -d' ' -f1)
    mkdir -p "fuzz/corpus/$1"
    cp "$2" "fuzz/corpus/$1/$sum"
}
find fixtures -type f \( -name '*.md' -o -name '*.mdx' -o -name '*.markdown' \) -print0 |
    while IFS= read -r -d '' file; do put article "$file"; done
find fixtures tests/corpora -type f \( -name 'proofmark.toml' -o -name '.proofmark.toml' -o -path 'tests/corpora/*.toml' \) -print0 |
    while IFS= read -r -d '' file; do put config "$file"; done
templates=('/{slug}' '/blog/{slug}' '/{year}/{month}/{day}/{slug}/' '/{category}/{slug}' '{fm:url}'
    '/{dir|lower}/{fm:slug|lower}/' '/{path|lower}/' '/{stem}' '/{fm:title|slug}' '/{slug' '/{path|upper}')
paths=('fuzz.md' 'a/b/index.md' 'Guides/Intro/_index.md' 'zoom/page.mdx' '../escape.md')
scratch=$(mktemp)
trap 'rm -f "$scratch"' EXIT
i=0
while IFS= read -r -d '' file; do
    {
        printf '%s\0' "${templates[i % ${#templates[@]}]}"
        # The front matter between the first two `---` lines.
        awk 'NR == 1 && /^(\xef\xbb\xbf)?---/ { inside = 1; next } inside && /^---/ { exit } inside' "$file"
        printf '\0%s' "${paths[i % ${#paths[@]}]}"
        { grep -oE '\]\(<?[^)> ]*|href="[^"]*' "$file" || true; } | sed -E 's/^(\]\(<?|href=")//' |
            while IFS= read -r destination; do printf '\0%s' "$destination"; done
    } > "$scratch"
    put links "$scratch"
    i=$((i + 1))
done < <(find fixtures -type f -name '*.md' -print0 | sort -z)
