#!/usr/bin/env bash
# history --store over a million batches (issue 27), against history over the same batches as
# files, in the same run:
#  1. BATCHES (1,000,000) batches of 100 flows, made by bench/generate_history.py's shape and fed
#     to `store import -` as one stream (a million files would be 20 GB); about one in eight is
#     on a feature branch.
#  2. history --store --branch main --last 1000, warm (hyperfine): target under 0.5 s; peak RSS
#     (GNU time): target at most 64 MiB.
#  3. history over FILES (100,000) of the same shape as files, extrapolated to BATCHES (history
#     reads every file whatever --last asks: its time grows with the files), and the ratio:
#     target at most 0.05x.
# Usage: bench/store_million.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
# Needs about 13 GB of disk for the million; BATCHES=100000 for a quicker look.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
batches=${BATCHES:-1000000}
files=${FILES:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

started=$(date +%s)
python3 bench/generate_history.py --stream --batches "$batches" \
  | "$binary" store import --store "sqlite:$work/million.db" - 2> "$work/import.err"
tail -1 "$work/import.err"
echo "import of $batches batches: $(( $(date +%s) - started )) s, store $(du -h "$work/million.db" | cut -f1)"

query=(history --exit-zero --format json --branch main --last 1000 --store "sqlite:$work/million.db")
hyperfine --warmup 2 --runs "${RUNS_TIMED:-10}" --output=null --export-json "$work/store.json" \
  -n store "$binary ${query[*]}" > /dev/null
/usr/bin/time -f '%M' -o "$work/store.rss" "$binary" "${query[@]}" > /dev/null

python3 bench/generate_history.py "$work/files" --batches "$files"
hyperfine --warmup 1 --runs "${RUNS_FILES:-3}" --output=null --export-json "$work/files.json" \
  -n files "$binary history --exit-zero --format json --branch main --last 1000 $work/files" > /dev/null

python3 - "$work" "$batches" "$files" <<'PY'
import json, sys
work, batches, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = json.load(open(f"{work}/store.json"))["results"][0]["mean"]
per_file = json.load(open(f"{work}/files.json"))["results"][0]["mean"] / files
rss = int(open(f"{work}/store.rss").read().split()[-1]) / 1024
files_time = per_file * batches
print(f"\n{batches:,} batches of 100 flows; the last 1,000 batches of main, JSON, warm")
print(f"  history --store:  {store:.3f} s, peak RSS {rss:.1f} MiB (targets: under 0.5 s, 64 MiB)")
print(f"  history (files):  {files_time:.1f} s" +
      (f" (measured over {files:,} files, extrapolated)" if files != batches else ""))
print(f"  ratio:            {store / files_time:.4f}x (target: at most 0.05x)")
failed = store >= 0.5 or rss > 64 or store / files_time > 0.05
sys.exit(1 if failed else 0)
PY
