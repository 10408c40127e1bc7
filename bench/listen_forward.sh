#!/usr/bin/env bash
# listen --forward under load: wrk posts the signed 2 KB example payload from 8 connections on
# loopback (a) straight to a fast local target, and (b) to `listen --forward` in front of that same
# target, in the same run, alternating, best of two each. The target is a second listener with no
# secret (it accepts every POST and answers 200 at once), so the ratio measures what verifying
# and relaying costs. Any socket error or non-2xx answer fails the run.
# Target (issue 11): forwarding keeps at least 0.5x the target's own throughput.
# Usage: bench/listen_forward.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
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

target_port=$(free_port)
env -u AUTOSANA_WEBHOOK_SECRET "$binary" listen --port "$target_port" --quiet 2> "$work/target.err" &
pids+=($!)
forward_port=$(free_port)
AUTOSANA_WEBHOOK_SECRET=$secret "$binary" listen --port "$forward_port" --quiet \
  --forward "http://127.0.0.1:$target_port/" 2> "$work/forward.err" &
forward_pid=$!
pids+=($forward_pid)
wait_for_port "$target_port"
wait_for_port "$forward_port"
got=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Autosana-Signature-256: $signature" \
  --data-binary @"$body" "http://127.0.0.1:$forward_port/")
[ "$got" = 200 ] || { echo "bench: the forwarder answered $got" >&2; exit 2; }

for round in 1 2; do
  sleep 1
  wrk -t2 -c"$connections" -d"$duration" -s "$work/post.lua" "http://127.0.0.1:$target_port/" > "$work/target.$round.txt"
  sleep 1
  wrk -t2 -c"$connections" -d"$duration" -s "$work/post.lua" "http://127.0.0.1:$forward_port/" > "$work/forward.$round.txt"
done
peak_rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$forward_pid/status")

python3 - "$work" "$connections" "$duration" "$peak_rss_kib" <<'PY'
import os, re, sys
work, connections, duration, rss_kib = sys.argv[1:]
def parse(path):
    text = open(path).read()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    errors = sum(map(int, m.groups())) if (m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)) else 0
    return rate, non2xx, errors
failed = False
best = {}
for name in ("target", "forward"):
    runs = [parse(os.path.join(work, f"{name}.{r}.txt")) for r in (1, 2)]
    for rate, non2xx, errors in runs:
        if non2xx or errors:
            print(f"{name}: {non2xx} non-2xx answers, {errors} socket errors")
            failed = True
    best[name] = max(run[0] for run in runs)
ratio = best["forward"] / best["target"]
print(f"\nloopback, wrk -t2 -c{connections} -d{duration}, signed 2 KB body, best of 2 runs each")
print(f"  target alone (listen, no secret):   {best['target']:,.0f} requests/s")
print(f"  listen --forward to that target:    {best['forward']:,.0f} verified and relayed/s, "
      f"ratio {ratio:.2f} (target >= 0.5), forwarder peak RSS {int(rss_kib) / 1024:.1f} MiB")
sys.exit(1 if failed or ratio < 0.5 else 0)
PY
