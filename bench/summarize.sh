#!/usr/bin/env bash
# summarize on a ~20 MB payload (1,000 groups x 100 runs), side by side with `jq . > /dev/null` on
# the same file, measured by hyperfine in the same run; peak RSS from /usr/bin/time.
# Target (issue 4): at most 0.25x jq's wall time, peak RSS at most 32 MiB, for every format.
# Usage: bench/summarize.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
payload=$work/payload.json
python3 bench/generate_payload.py "${PAYLOAD_GROUPS:-1000}" "${PAYLOAD_RUNS:-100}" > "$payload"

commands=()
for format in text markdown json junit; do
  commands+=(-n "$format" "$binary summarize --exit-zero --format $format $payload")
done
hyperfine --shell=none --warmup 2 --runs "${RUNS_TIMED:-10}" --output=null --export-json "$work/results.json" \
  "${commands[@]}" -n jq "jq . $payload"

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
for format in text markdown json junit; do
  echo "$format $(rss "$binary" summarize --exit-zero --format "$format" "$payload")"
done > "$work/rss.txt"
python3 - "$work/results.json" "$work/rss.txt" "$(wc -c < "$payload")" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
rss = dict(line.split() for line in open(sys.argv[2]))
jq = results["jq"]
print(f"\nsummarize of a {int(sys.argv[3]) / 1e6:.1f} MB payload; jq . takes {jq * 1000:.0f} ms")
for fmt in ("text", "markdown", "json", "junit"):
    print(f"  --format {fmt}: {results[fmt] * 1000:.0f} ms, ratio {results[fmt] / jq:.3f} (target <= 0.25), "
          f"peak RSS {int(rss[fmt]) / 1024:.1f} MiB (target <= 32)")
PY
