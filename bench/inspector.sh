#!/usr/bin/env bash
# Does the inspector slow the endpoint? wrk posts the signed example payload from 8 connections to
# `listen` alone (the peer) and to `listen --inspect` with the page open: an event stream reading
# every delivery's row as it comes (as the page's EventSource does) and the list fetched once a
# second during the run. Alternating, two runs each, best of each kept.
# Target (issue 15): with the page open, at least 0.9x the throughput without the inspector.
# Usage: bench/inspector.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
# DURATION=10s (per run), CONNECTIONS=8.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
secret=bench-secret
body=examples/payload.json
# shellcheck source=bench/load_lib.sh
source bench/load_lib.sh

plain_port=$(free_port)
AUTOSANA_WEBHOOK_SECRET=$secret "$binary" listen --port "$plain_port" --quiet 2> "$work/plain.err" &
pids+=($!)
inspected_port=$(free_port)
page_port=$(free_port)
AUTOSANA_WEBHOOK_SECRET=$secret "$binary" listen --port "$inspected_port" --quiet \
  --inspect "127.0.0.1:$page_port" 2> "$work/inspected.err" &
pids+=($!)
wait_for_port "$plain_port"
wait_for_port "$inspected_port"
wait_for_port "$page_port"

# The run's token is in the address listen printed, and only there.
for _ in $(seq 50); do
  token=$(sed -n 's/.*inspector on http:[^ ]*?token=\([0-9a-f]*\) .*/\1/p' "$work/inspected.err")
  [ -n "$token" ] && break
  sleep 0.1
done
[ -n "$token" ] || { echo "bench: no token in the address listen printed" >&2; exit 2; }
# The open page: its event stream, and the list now and then.
curl -sN -H "X-Inspector-Token: $token" "http://127.0.0.1:$page_port/events" > "$work/events.txt" &
pids+=($!)
(while sleep 1; do
  curl -s -H "X-Inspector-Token: $token" "http://127.0.0.1:$page_port/api/deliveries" > /dev/null
done) &
pids+=($!)

measure() {  # name, port, round
  wrk -t2 -c"$connections" -d"$duration" -s "$work/post.lua" "http://127.0.0.1:$2/" > "$work/$1.$3.txt"
}
for round in 1 2; do
  measure plain "$plain_port" "$round"
  measure inspected "$inspected_port" "$round"
done
sleep 0.5
events=$(grep -c "^event: delivery" "$work/events.txt" || true)
reloads=$(grep -c "^event: reload" "$work/events.txt" || true)

python3 - "$work" "$connections" "$duration" "$events" "$reloads" <<'PY'
import os, re, sys
work, connections, duration, events, reloads = sys.argv[1:]
def rate(path):
    text = open(path).read()
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text) or re.search(r"Socket errors", text)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)), bool(bad)
best = {}
failed = False
for name in ("plain", "inspected"):
    runs = [rate(os.path.join(work, f"{name}.{r}.txt")) for r in (1, 2)]
    failed |= any(bad for _, bad in runs)
    best[name] = max(r for r, _ in runs)
ratio = best["inspected"] / best["plain"]
print(f"loopback, wrk -t2 -c{connections} -d{duration}, signed 2 KB body, best of 2 runs each")
print(f"  listen (no inspector):             {best['plain']:,.0f} verified deliveries/s")
print(f"  listen --inspect, page open:       {best['inspected']:,.0f} verified deliveries/s, "
      f"ratio {ratio:.2f}x (target >= 0.9x)")
print(f"  the page's stream carried {events} delivery events and {reloads} reloads")
if failed:
    print("non-2xx answers or socket errors")
sys.exit(1 if failed or ratio < 0.9 else 0)
PY
