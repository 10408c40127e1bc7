#!/usr/bin/env bash
# listen --store's writer on its own (issue 27): what committing a delivery costs the writer
# thread, by the size of the group a sync serves (wrk -c8 gives groups of about four), and with
# keys that grow instead of hashes (the two unique indexes then touch one page a commit). The
# peer is the writer itself at group size 1,000, where the sync is spread thin.
# Usage: bench/store_writer.sh [build folder]   DELIVERIES=20000
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
count=${DELIVERIES:-20000}
cmake --build "$build" --target store_writer_bench > /dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { rm -f "$work"/s.db*; "$build/bench/store_writer_bench" "$work/s.db" examples/payload.json "$count" "$@"; }
declare -A took
for size in 1 4 8 1000; do took[$size]=$(run "$size"); done
sequential=$(run 4 sequential)
echo "the store's writer alone, $count unique deliveries of examples/payload.json, every commit synced"
for size in 1 4 8 1000; do
  printf '  groups of %-5s %6s us a delivery  (%.1fx the cost at 1,000)\n' "$size:" "${took[$size]}" \
    "$(echo "${took[$size]} / ${took[1000]}" | bc -l)"
done
printf '  groups of 4, keys that grow: %s us a delivery  (%.2fx of hashed keys)\n' "$sequential" \
  "$(echo "$sequential / ${took[4]}" | bc -l)"
