#!/usr/bin/env bash
# Cuts a fuzzed corpus down to what the repository keeps: `cargo fuzz cmin`
# first, then the N inputs (4 KB at most) that added the most coverage
# features in libFuzzer's merge, which goes through inputs smallest first.
#   usage: fuzz/trim-corpus.sh TARGET FROM_DIR [N=300]   (replaces corpus/TARGET)
set -euo pipefail
cd "$(dirname "$0")"
target=$1 from=$2 keep=${3:-300}
export RUSTC_BOOTSTRAP=1 RAYON_NUM_THREADS=1
cargo fuzz cmin -O -a "$target" "$from" -- -rss_limit_mb=4096
binary=target/x86_64-unknown-linux-gnu/release/$target
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/merged"
"$binary" -merge=1 -merge_control_file="$scratch/control" -rss_limit_mb=4096 \
    "$scratch/merged" "$from" 2>/dev/null
python3 - "$scratch/control" "$keep" > "$scratch/chosen" <<'PY'
import os, sys
lines = open(sys.argv[1], errors="replace").read().split("\n")
count = int(lines[0])
files = lines[2:2 + count]
features = {}
for line in lines[2 + count:]:
    if line.startswith("FT "):
        fields = line.split()
        features[int(fields[1])] = len(fields) - 2
ranked = sorted(features, key=lambda i: -features[i])
chosen = [i for i in ranked if os.path.getsize(files[i]) <= 4096][: int(sys.argv[2])]
print("\n".join(files[i] for i in chosen))
PY
rm -rf "corpus/$target"
mkdir -p "corpus/$target"
xargs -d '\n' cp -t "corpus/$target" < "$scratch/chosen"
"$binary" -runs=0 "corpus/$target" 2>&1 | grep INITED
