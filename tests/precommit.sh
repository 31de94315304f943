#!/usr/bin/env bash
# The pre-commit hook end to end, with the real pre-commit tool.
#
# Creates a throwaway git repository holding a tiny AstroWind-style site and
# a .pre-commit-config.yaml that points at this repository at its current
# HEAD commit; pre-commit clones that commit and builds proofmark with cargo,
# so only committed code is tested. Then shows that:
#   1. a clean commit passes (including a link to an article that exists but
#      is not part of the commit: the whole site is indexed);
#   2. a commit of an article with a broken link to another article is
#      blocked, and the finding is in the output;
#   3. a commit of an article missing a required field is blocked;
#   4. with the `proofmark-fix` hook, a staged article with a link on the
#      site's alias host is fixed on disk (pre-commit stops that commit,
#      as it does for any hook that changes a file), and once the fix is
#      staged the commit passes.
#
# Needs git, python3 (pre-commit is installed from PyPI if missing) and cargo
# (crates.io or its local cache). pre-commit's environments are cached under
# target/pre-commit, so a second run at the same commit does not rebuild.
#
# Usage: bash tests/precommit.sh
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rev=$(git -C "$repo" rev-parse HEAD)
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$repo/target/pre-commit}"
export PRE_COMMIT_COLOR=never

if ! python3 -m pre_commit --version >/dev/null 2>&1; then
    echo "installing pre-commit from PyPI"
    python3 -m pip install --quiet pre-commit
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/site"
mkdir -p "$site/src/data/post"
cd "$site"

# Keep the user's git config (hooksPath, templates, signing) out of the test.
export GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --file "$GIT_CONFIG_GLOBAL" user.name "proofmark test"
git config --file "$GIT_CONFIG_GLOBAL" user.email "test@example.com"
git config --file "$GIT_CONFIG_GLOBAL" init.defaultBranch main
git config --file "$GIT_CONFIG_GLOBAL" commit.gpgsign false
git init --quiet

cat > proofmark.toml <<'EOF'
[site]
url = "https://www.example.com"
aliases = ["https://example.com"]
content = ["src/data/post"]
permalink = "/{slug}"
trailing-slash = "never"
routes = ["/"]

[front-matter]
preset = "astrowind"
EOF

cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: proofmark
EOF

article() { # file title body
    printf -- '---\ntitle: %s\npublishDate: 2025-03-01T00:00:00Z\n---\n\n## Section\n\n%s\n' "$2" "$3" > "src/data/post/$1"
}

commits() { git rev-list --count HEAD 2>/dev/null || echo 0; }

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

python3 -m pre_commit install >/dev/null

echo "== 1. a clean commit passes (pre-commit builds proofmark at $rev on first use)"
article dog-zoomies.md "Dog zoomies" "Dogs run in circles when they are happy."
git add proofmark.toml .pre-commit-config.yaml src/data/post/dog-zoomies.md
git commit --quiet -m "A clean article" || fail "the clean commit was blocked"
[ "$(commits)" = 1 ] || fail "the clean commit is missing"

# An article linking to one that exists but is not part of this commit.
article paw-care.md "Paw care" "Zoomies on rough ground hurt paws: see [zoomies](/dog-zoomies)."
git add src/data/post/paw-care.md
git commit --quiet -m "A link to a committed article" || fail "a working link was blocked"
[ "$(commits)" = 2 ] || fail "the commit with a working link is missing"

echo "== 2. a broken link to another article is blocked"
article dental-care.md "Dental care" "Chews help; see [the best chews](/best-dental-chews)."
git add src/data/post/dental-care.md
if output=$(git commit -m "A broken link" 2>&1); then
    echo "$output"
    fail "the commit with a broken link passed"
fi
echo "$output"
grep -q "broken-link" <<<"$output" || fail "no broken-link finding in the output"
grep -q "dental-care.md" <<<"$output" || fail "the finding does not name the article"
grep -q "/best-dental-chews" <<<"$output" || fail "the finding does not name the link"
[ "$(commits)" = 2 ] || fail "the broken link was committed"
git reset --quiet HEAD src/data/post/dental-care.md
rm src/data/post/dental-care.md

echo "== 3. an article missing a required field is blocked"
printf -- '---\npublishDate: 2025-03-02T00:00:00Z\n---\n\n## Section\n\nNo title.\n' > src/data/post/untitled.md
git add src/data/post/untitled.md
if output=$(git commit -m "No title" 2>&1); then
    echo "$output"
    fail "the commit without a title passed"
fi
echo "$output"
grep -q "required-field" <<<"$output" || fail "no required-field finding in the output"
grep -q "missing required field \`title\`" <<<"$output" || fail "the finding does not name the field"
[ "$(commits)" = 2 ] || fail "the article without a title was committed"

git reset --quiet HEAD src/data/post/untitled.md
rm src/data/post/untitled.md

echo "== 4. the proofmark-fix hook fixes an alias-host link, and the fixed commit passes"
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: proofmark-fix
EOF
git add .pre-commit-config.yaml
article walks.md "Walks" "Before a long walk, read [paw care](https://example.com/paw-care)."
git add src/data/post/walks.md
if output=$(git commit -m "A link on the alias host" 2>&1); then
    echo "$output"
    fail "the commit passed although the hook changed the article"
fi
echo "$output"
grep -q "files were modified by this hook" <<<"$output" || fail "pre-commit did not see the fix"
grep -q "(https://www.example.com/paw-care)" src/data/post/walks.md || fail "the link was not fixed"
git diff src/data/post/walks.md | grep -q "^+.*www.example.com/paw-care" || fail "the fix is not a change to stage"
[ "$(commits)" = 2 ] || fail "the unfixed article was committed"
git add src/data/post/walks.md
git commit --quiet -m "A link on the site's own host" || fail "the fixed commit was blocked"
[ "$(commits)" = 3 ] || fail "the fixed commit is missing"

echo "OK: the pre-commit hooks pass clean commits, block broken links and missing fields, and fix alias-host links"
