#!/usr/bin/env bash
# The store (issue 27), measured against named peers in the same run:
#  1. listen --store sqlite: under wrk -c8, against listen without a store: every delivery a new
#     batch (bench/unique_deliveries.lua); afterwards the store must hold one row for each 2xx.
#     Target: at least 0.5x the deliveries per second of listen without a store.
#  2. store import of bench/history.sh's 10,000 deliveries, against history reading the same
#     files (target: within 2x), then history --store against history over the files (target:
#     at most 0.1x), both by hyperfine.
# bench/store_million.sh measures a million batches; bench/store_postgres.sh two listeners on one
# PostgreSQL.
# Usage: bench/store.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
# DURATION=10s, CONNECTIONS=8, HISTORY_BATCHES=10000.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
batches=${HISTORY_BATCHES:-10000}
secret=bench-secret
body=examples/payload.json
# shellcheck source=bench/load_lib.sh
source bench/load_lib.sh
export BODY_FILE
BODY_FILE=$(realpath "$body")

# 1. listen with and without the store, the same unsigned unique deliveries.
start_listen() {  # port, log name, extra options...
  env -u AUTOSANA_WEBHOOK_SECRET "$binary" listen --port "$1" --quiet "${@:3}" > /dev/null 2> "$work/$2.err" &
  pids+=($!)
  wait_for_port "$1"
}
# The CPU a process has used, in clock ticks (user + system, all its threads): where the time
# per delivery goes, and so what ratio the cores of this machine allow at all.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# The store's writer thread names itself store-writer.
writer_ticks() {
  local task
  for task in /proc/"$1"/task/*; do
    [ "$(cat "$task/comm")" = store-writer ] && { awk '{ print $14 + $15 }' "$task/stat"; return; }
  done
  echo 0
}
load() {  # name, port, pid, round
  local before writer_before
  before=$(cpu_ticks "$3")
  writer_before=$(writer_ticks "$3")
  ROUND=$4 wrk -t2 -c"$connections" -d"$duration" -s bench/unique_deliveries.lua "http://127.0.0.1:$2/" > "$work/$1.$4.txt"
  echo $(( $(cpu_ticks "$3") - before )) $(( $(writer_ticks "$3") - writer_before )) > "$work/$1.$4.cpu"
}
plain_port=$(free_port)
start_listen "$plain_port" plain
plain_pid=${pids[-1]}
store_port=$(free_port)
start_listen "$store_port" store --store "sqlite:$work/store.db"
store_pid=${pids[-1]}
for round in 1 2; do
  load plain "$plain_port" "$plain_pid" "$round"
  load store "$store_port" "$store_pid" "$round"
done
stats=$("$binary" store stats --json --store "sqlite:$work/store.db")

# 2. import and history over the files, and history over the store.
python3 bench/generate_history.py "$work/deliveries" --batches "$batches"
hyperfine --warmup 1 --runs "${RUNS_TIMED:-5}" --output=null --export-json "$work/history.json" \
  --prepare "rm -f $work/imported.db $work/imported.db-wal $work/imported.db-shm" \
  -n import "$binary store import --store sqlite:$work/imported.db $work/deliveries" \
  -n files "$binary history --exit-zero --format json $work/deliveries"
"$binary" store import --store "sqlite:$work/imported.db" "$work/deliveries" 2> /dev/null
hyperfine --warmup 1 --runs "${RUNS_TIMED:-5}" --output=null --export-json "$work/read.json" \
  -n store "$binary history --exit-zero --format json --store sqlite:$work/imported.db" \
  -n files "$binary history --exit-zero --format json $work/deliveries"
cmp <("$binary" history --exit-zero --format json --store "sqlite:$work/imported.db" | python3 -c 'import json,sys; d=json.load(sys.stdin); d["batches"].pop("inputs_skipped"); print(d["totals"], d["batches"])') \
    <("$binary" history --exit-zero --format json "$work/deliveries" | python3 -c 'import json,sys; d=json.load(sys.stdin); d["batches"].pop("inputs_skipped"); print(d["totals"], d["batches"])') \
  || { echo "bench: history over the store and over the files disagree" >&2; exit 1; }

python3 - "$work" "$stats" "$connections" "$duration" "$batches" "$(getconf CLK_TCK)" <<'PY'
import json, os, re, sys
work, stats, connections, duration, batches, ticks = sys.argv[1:]
def parse(name, round_):
    text = open(os.path.join(work, f"{name}.{round_}.txt")).read()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    errors = sum(map(int, m.groups())) if (m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)) else 0
    sent = sum(int(n) for n in re.findall(r"thread \d+ sent (\d+)", text))
    return rate, total, non2xx, errors, sent
failed = False
plain = [parse("plain", r) for r in (1, 2)]
store = [parse("store", r) for r in (1, 2)]
for name, runs in (("listen", plain), ("listen --store", store)):
    for rate, total, non2xx, errors, sent in runs:
        if non2xx or errors:
            print(f"{name}: {non2xx} non-2xx answers, {errors} socket errors")
            failed = True
best_plain, best_store = max(r[0] for r in plain), max(r[0] for r in store)
held = json.loads(stats)["deliveries"]
answered = sum(r[1] for r in store)
sent = sum(r[4] for r in store)
print(f"\nloopback, wrk -t2 -c{connections} -d{duration}, a new 2 KB batch in every delivery, best of 2 runs")
print(f"  listen:                {best_plain:,.0f} deliveries/s")
print(f"  listen --store sqlite: {best_store:,.0f} deliveries/s, ratio {best_store / best_plain:.2f}x (target >= 0.5x)")
def cpu_per_delivery(name, column):
    used = sum(int(open(os.path.join(work, f"{name}.{r}.cpu")).read().split()[column]) for r in (1, 2))
    answered = sum(parse(name, r)[1] for r in (1, 2))
    return used / int(ticks) / answered * 1e6
plain_cpu, store_cpu, writer_cpu = cpu_per_delivery("plain", 0), cpu_per_delivery("store", 0), cpu_per_delivery("store", 1)
print(f"  the listener's CPU a delivery: {plain_cpu:.0f} us without a store; with it {store_cpu:.0f} us, "
      f"{writer_cpu:.0f} us of them in the store's writer thread ({os.cpu_count()} cores, shared with wrk)")
# wrk counts the answers it read before its time ran out; the requests still in flight were sent
# and may have been stored too, so the store holds at least every answered one and at most every sent one.
print(f"  the store holds {held['total']:,} deliveries ({held['receipts']:,} receipts) for {answered:,} answered 2xx "
      f"and {sent:,} sent: every 2xx is there" if answered <= held["total"] <= sent else
      f"  the store holds {held['total']:,} deliveries for {answered:,} answered and {sent:,} sent: LOST OR EXTRA")
if not (answered <= held["total"] <= sent) or held["receipts"] != held["total"]:
    failed = True
history = {r["command"]: r["mean"] for r in json.load(open(os.path.join(work, "history.json")))["results"]}
read = {r["command"]: r["mean"] for r in json.load(open(os.path.join(work, "read.json")))["results"]}
print(f"\n{int(batches):,} deliveries of 100 flows (bench/generate_history.py)")
print(f"  history over the files: {history['files']:.2f} s")
print(f"  store import:           {history['import']:.2f} s, ratio {history['import'] / history['files']:.2f}x (target <= 2x)")
print(f"  history --store:        {read['store']:.3f} s, ratio {read['store'] / read['files']:.3f}x of the files' {read['files']:.2f} s (target <= 0.1x)")
sys.exit(1 if failed else 0)
PY
