#!/usr/bin/env bash
# Benchmarks proofmark against a bare read-and-parse baseline and against
# rumdl and markdownlint-cli2 on the MDN corpus, then measures one-file runs
# (cached and not) and scaling on generated sites. Prints a table of medians.
#
#   bash bench/run.sh            # everything
#   bash bench/run.sh --quick    # fewer runs, no 100k site, no markdownlint
#   bash bench/run.sh --quick --against OTHER/proofmark
#                                # also times another build on MDN, runs of
#                                # the two taking turns, and prints the ratio
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
quick=0
against=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --against) against=$(realpath "$2"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
runs=$([ $quick = 1 ] && echo 3 || echo 10)

need() { command -v "$1" >/dev/null 2>&1; }
need hyperfine || { apt-get update -qq && apt-get install -y -qq hyperfine; }
need rumdl || pip install -q rumdl
if [ $quick = 0 ] && ! need markdownlint-cli2; then npm install -g --silent markdownlint-cli2; fi

cargo build --release -q
(cd bench/baseline && cargo build --release -q)
proofmark="$repo/target/release/proofmark"
baseline="$repo/bench/baseline/target/release/proofmark-baseline"

corpus="$repo/target/bench/mdn-de"
if [ ! -d "$corpus/files" ]; then
  mkdir -p "$corpus"
  tar -xzf ../shared/corpora/mdn-de.tar.gz -C "$corpus" --strip-components=1
fi
cp tests/corpora/mdn-de.toml "$corpus/proofmark.toml"
cp ../shared/corpora/meta/mdn-de/_redirects.txt "$corpus/"
cat > "$corpus/.markdownlint-cli2.jsonc" <<'JSON'
{ "config": { "default": false, "MD001": true, "MD024": true, "MD025": true, "MD045": true, "MD051": true },
  "globs": ["files/**/*.md"] }
JSON
results="$repo/target/bench/results"
mkdir -p "$results"
cd "$corpus"

bench() { # name, command...
  local name=$1; shift
  hyperfine -N -i -w 1 -r "${RUNS:-$runs}" --export-json "$results/$name.json" "$@" >/dev/null
}
bench baseline "$baseline files"
bench proofmark "$proofmark check --no-cache --format json"
rm -f "$results"/turns-*.json
if [ -n "$against" ]; then
  # Both builds run from copies in one temporary folder: where a binary
  # lives changes how fast it starts and maps its pages (an overlay file
  # system against a tmpfs measured 0.1 s of system time apart on MDN).
  builds=$(mktemp -d)
  trap 'rm -rf "$builds"' EXIT
  cp "$proofmark" "$builds/this"
  cp "$against" "$builds/other"
  # Taking turns, so that the machine's slow spells fall on both builds,
  # and each going first every other turn (the second run of a pair is
  # not the first's equal).
  this="$builds/this check --no-cache --format json"
  other="$builds/other check --no-cache --format json"
  # Thirty turns at least: the machine's slow spells last several runs,
  # and fewer turns let one of them tip the comparison.
  for turn in $(seq "$((runs * 4 > 30 ? runs * 4 : 30))"); do
    if [ $((turn % 2)) = 0 ]; then pair=("$this" "$other"); else pair=("$other" "$this"); fi
    hyperfine -N -i -r 1 --export-json "$results/turns-$turn.json" "${pair[@]}" >/dev/null
  done
fi
bench rumdl "rumdl check --no-cache --enable MD001,MD024,MD025,MD045,MD051 files"
# markdownlint-cli2 takes about a minute a run here: three runs.
[ $quick = 0 ] && RUNS=3 bench markdownlint "markdownlint-cli2"
one=files/de/web/api/fetch_api/index.md
five="$one files/de/web/css/index.md files/de/web/html/index.md files/de/glossary/dom/index.md files/de/web/javascript/index.md"
bench one-uncached "$proofmark check --no-cache --format short $one"
"$proofmark" check --format short $one >/dev/null || true   # warm the cache
bench one-cached "$proofmark check --format short $one"
bench five-cached "$proofmark check --format short $five"

/usr/bin/time -f "%M" -o "$results/proofmark-rss.txt" "$proofmark" check --no-cache --format json >/dev/null || true

cd "$repo"
sizes="10000 50000 100000"
[ $quick = 1 ] && sizes="10000 50000"
for n in $sizes; do
  site="$repo/target/bench/site-$n"
  [ -d "$site" ] || python3 bench/generate.py "$n" "$site"
  (cd "$site" && bench "scale-$n" "$proofmark check --no-cache --format json")
done

python3 - "$results" <<'PY'
import json, sys, pathlib
results = pathlib.Path(sys.argv[1])
def median(name):
    path = results / f"{name}.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["results"][0]["median"]
base, ours = median("baseline"), median("proofmark")
print(f"{'run':<34}{'median':>10}{'vs proofmark':>14}")
rows = [("baseline: read + pulldown-cmark", "baseline"), ("proofmark, every offline rule", "proofmark"),
        ("rumdl, 5 rules", "rumdl"), ("markdownlint-cli2, 5 rules", "markdownlint"),
        ("proofmark, 1 file, no cache", "one-uncached"), ("proofmark, 1 file, cached", "one-cached"),
        ("proofmark, 5 files, cached", "five-cached")]
for label, name in rows:
    m = median(name)
    if m is not None:
        print(f"{label:<34}{m * 1000:>8.0f}ms{m / ours:>13.2f}x")
turns = sorted(results.glob("turns-*.json"))
if turns:
    import statistics
    ours_t, theirs_t, ratios = [], [], []
    for turn in turns:
        pair = {}
        for run in json.loads(turn.read_text())["results"]:
            mine = run["command"].split()[0].endswith("/this")
            (ours_t if mine else theirs_t).extend(run["times"])
            pair[mine] = run["times"][0]
        ratios.append(pair[True] / pair[False])
    a, b = statistics.median(ours_t), statistics.median(theirs_t)
    print(f"{'MDN, this build, taking turns':<34}{a * 1000:>8.0f}ms")
    print(f"{'MDN, --against build':<34}{b * 1000:>8.0f}ms   this build is {100 * (a / b - 1):+.1f}%")
    # The two runs of a turn follow each other, so a slow spell of the
    # machine that spans a turn slows both: the turns' own ratios are the
    # steadier measure when the machine is noisy.
    q = statistics.quantiles(ratios, n=4)
    print(f"{'  turn by turn (median, quartiles)':<34}{'':>10}   this build is {100 * (statistics.median(ratios) - 1):+.1f}%"
          f" ({100 * (q[0] - 1):+.1f}% to {100 * (q[2] - 1):+.1f}%)")
rss = results / "proofmark-rss.txt"
if rss.exists():
    print(f"peak memory, proofmark on MDN: {int(rss.read_text().split()[-1]) // 1024} MB")
print()
print(f"{'generated site':<20}{'median':>10}{'per 1k articles':>18}")
for n in (10000, 50000, 100000):
    m = median(f"scale-{n}")
    if m is not None:
        print(f"{n:<20}{m * 1000:>8.0f}ms{m * 1000 / (n / 1000):>16.1f}ms")
PY
