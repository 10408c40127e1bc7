#!/usr/bin/env bash
# history over 10,000 deliveries of about 20 KB (10 groups x 10 runs, written indented), side by
# side with jq extracting the same (group, run, status) triples from the same files, measured by
# hyperfine in the same run; peak RSS from /usr/bin/time, at two sizes to show that memory follows
# flows x batches and not the bytes read.
# Target (issue 16): at most 0.5x jq's wall time, peak RSS at most 64 MiB at 10,000 deliveries.
# Usage: bench/history.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
batches=${HISTORY_BATCHES:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/generate_history.py "$work/deliveries" --batches "$batches"
python3 bench/generate_history.py "$work/quarter" --batches $((batches / 4))

# jq gets the file names from the shell's glob, as a user would run it; history reads the folder.
jq_filter='.run_groups[] | .name as $g | .runs[] | [$g, .name, .status] | @tsv'
hyperfine --warmup 1 --runs "${RUNS_TIMED:-5}" --output=null --export-json "$work/results.json" \
  -n jq "jq -r '$jq_filter' $work/deliveries/*.json" \
  -n json "$binary history --exit-zero --format json $work/deliveries" \
  -n text "$binary history --exit-zero --format text $work/deliveries" \
  -n html "$binary history --exit-zero --format html $work/deliveries"

rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -n 1; }
{
  for format in json text html; do
    echo "$format $(rss "$binary" history --exit-zero --format "$format" "$work/deliveries")"
  done
  echo "quarter $(rss "$binary" history --exit-zero --format json "$work/quarter")"
  echo "jq $(rss sh -c "jq -r '$jq_filter' $work/deliveries/*.json")"
} > "$work/rss.txt"
python3 - "$work/results.json" "$work/rss.txt" "$(du -sb "$work/deliveries" | cut -f1)" "$batches" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
rss = {name: int(kib) / 1024 for name, kib in (line.split() for line in open(sys.argv[2]))}
total, batches = int(sys.argv[3]), int(sys.argv[4])
jq = results["jq"]
print(f"\nhistory of {batches:,} deliveries ({total / 1e6:.0f} MB, {total / batches / 1000:.1f} KB each, 100 flows); "
      f"jq takes {jq:.2f} s, peak RSS {rss['jq']:.1f} MiB")
for fmt in ("json", "text", "html"):
    print(f"  --format {fmt}: {results[fmt]:.2f} s, ratio {results[fmt] / jq:.3f} (target <= 0.5), "
          f"peak RSS {rss[fmt]:.1f} MiB (target <= 64)")
print(f"  peak RSS at {batches // 4:,} deliveries: {rss['quarter']:.1f} MiB (memory follows flows x batches)")
PY
