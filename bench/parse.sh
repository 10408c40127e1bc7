#!/usr/bin/env bash
# parse on a ~20 MB payload (1,000 groups x 100 runs), side by side with `jq . > /dev/null` on the
# same file, measured by hyperfine in the same run; peak RSS from /usr/bin/time.
# Targets (issue 3): parse --check at most 0.25x jq's wall time, parse (pretty) at most 0.4x,
# each with peak RSS at most 32 MiB.
# Usage: bench/parse.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
payload=$work/payload.json
python3 bench/generate_payload.py "${PAYLOAD_GROUPS:-1000}" "${PAYLOAD_RUNS:-100}" > "$payload"
"$binary" parse --check "$payload"   # must be valid before it is timed

hyperfine --shell=none --warmup 2 --runs "${RUNS_TIMED:-10}" --output=null --export-json "$work/results.json" \
  -n check "$binary parse --check $payload" \
  -n pretty "$binary parse $payload" \
  -n jq "jq . $payload"

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
python3 - "$work/results.json" "$(wc -c < "$payload")" "$(rss "$binary" parse --check "$payload")" \
  "$(rss "$binary" parse "$payload")" "$(rss jq . "$payload")" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
size, check_kib, pretty_kib, jq_kib = int(sys.argv[2]), *map(int, sys.argv[3:6])
jq = results["jq"]
print(f"\nparse of a {size / 1e6:.1f} MB payload; jq . takes {jq * 1000:.0f} ms, peak RSS {jq_kib / 1024:.1f} MiB")
print(f"  parse --check: {results['check'] * 1000:.0f} ms, ratio {results['check'] / jq:.3f} (target <= 0.25), peak RSS {check_kib / 1024:.1f} MiB (target <= 32)")
print(f"  parse (pretty): {results['pretty'] * 1000:.0f} ms, ratio {results['pretty'] / jq:.3f} (target <= 0.40), peak RSS {pretty_kib / 1024:.1f} MiB (target <= 32)")
PY
