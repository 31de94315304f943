#!/usr/bin/env bash
# Times proofmark on hostile inputs (each under 10 MB) in every output format
# and fails if any run panics, takes 2 s or more, or peaks at 500 MB or more.
#
#   bash bench/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
proofmark="$(pwd)/target/release/proofmark"
work="$(pwd)/target/bench/hostile"
rm -rf "$work" && mkdir -p "$work"

python3 - "$work" <<'PY'
import os, sys
work = sys.argv[1]
def site(name, files, config="[site]\ncontent = [\"posts\"]\n"):
    os.makedirs(f"{work}/{name}/posts", exist_ok=True)
    open(f"{work}/{name}/proofmark.toml", "w").write(config)
    for path, text in files.items():
        open(f"{work}/{name}/posts/{path}", "w").write(text)
head = "---\ntitle: A\n---\n\n"
site("links-on-one-line", {"a.md": head + " ".join(f"[x](/m{i})" for i in range(200_000)) + "\n"})
site("html-links-on-one-line", {"a.md": head + " ".join(f'<a href="/m{i}">x</a>' for i in range(200_000)) + "\n"})
site("long-flow-list", {"a.md": "---\ntitle: A\ntags: [" + ", ".join(f'"t{i}"' for i in range(500_000)) + "]\n---\n\nText.\n"})
site("broken-fragments", {"a.md": head + "".join(f"## Heading {i}\n\n" for i in range(20_000))
     + "".join(f"[x](#heading-{i}x)\n\n" for i in range(20_000))})
site("suppressions", {"a.md": head + "".join(f"<!-- proofmark-disable-next-line heading-increment -->\n#### H{i}\n\n" for i in range(100_000))})
site("shared-canonical", {f"p{i}.md": f"---\ntitle: T{i}\ncanonical: https://example.com/one\n---\n\nText.\n" for i in range(20_000)},
     "[site]\ncontent = [\"posts\"]\nurl = \"https://example.com\"\n[rules.canonical-url]\nfield = \"canonical\"\n")
site("cjk-line", {"a.md": head + "字" * 1_000_000 + " [x](/m)\n"})
PY

status=0
printf '%-24s %-8s %8s %8s  %s\n' input format seconds MB exit
for dir in "$work"/*/; do
  name=$(basename "$dir")
  for format in human short json sarif github junit; do
    (cd "$dir" && /usr/bin/time -f "%e %M" -o "$work/time.txt" \
      "$proofmark" check --no-cache --format "$format" >/dev/null 2>"$work/stderr.txt") && code=0 || code=$?
    read -r seconds kb < <(tail -1 "$work/time.txt")
    mb=$((kb / 1024))
    printf '%-24s %-8s %8s %8s  %s\n' "$name" "$format" "$seconds" "$mb" "$code"
    over=0
    [ "$code" -gt 2 ] && over=1
    grep -q panicked "$work/stderr.txt" && over=1
    python3 -c "import sys; sys.exit(0 if $seconds < 2 and $mb < 500 else 1)" || over=1
    if [ $over = 1 ]; then
      echo "  ^ a panic, or over 2 s or 500 MB" >&2
      status=1
    fi
  done
done
exit $status
