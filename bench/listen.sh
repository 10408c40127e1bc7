#!/usr/bin/env bash
# listen under load: wrk posts a signed 2 KB body (examples/payload.json) from 8 connections on
# loopback to `autosana-webhook listen` and, in the same run, to adnanh/webhook (Debian's
# `webhook` 2.8) with a payload-hmac-sha256 rule on the same header. Each is measured twice,
# alternating, and keeps its better run. Counts only verified deliveries: any socket error or
# non-2xx answer is reported and fails the run. Afterwards the listener must still answer 200.
# Then one run each with 256 connections: no socket error, no non-2xx answer, and the listener's
# peak RSS is reported.
# Target (issue 11): at least 5x webhook's verified deliveries per second; with 256 connections
# 0 errors and peak RSS at most 32 MiB.
# Usage: bench/listen.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
# DURATION=10s (per run), CONNECTIONS=8, MANY=256.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8}
many=${MANY:-256}
secret=bench-secret
body=examples/payload.json
# shellcheck source=bench/load_lib.sh
source bench/load_lib.sh

cat > "$work/hooks.json" <<JSON
[{"id": "autosana", "execute-command": "/bin/true", "response-message": "ok",
  "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": "$secret",
    "parameter": {"source": "header", "name": "X-Autosana-Signature-256"}}}}]
JSON

webhook_port=$(free_port)
webhook -hooks "$work/hooks.json" -ip 127.0.0.1 -port "$webhook_port" > "$work/webhook.log" 2>&1 &
pids+=($!)
listen_port=$(free_port)
AUTOSANA_WEBHOOK_SECRET=$secret "$binary" listen --port "$listen_port" > "$work/deliveries.log" 2> "$work/listen.err" &
listen_pid=$!
pids+=($listen_pid)
wait_for_port "$webhook_port"
wait_for_port "$listen_port"

# Both endpoints must accept the signed body and refuse a wrong signature before anything is timed.
check() {  # url, signature, expected status
  local got
  got=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-Autosana-Signature-256: $2" --data-binary @"$body" "$1")
  [ "$got" = "$3" ] || { echo "bench: $1 answered $got to a signature that should get $3" >&2; exit 2; }
}
wrong=sha256=$(printf '0%.0s' $(seq 64))
check "http://127.0.0.1:$webhook_port/hooks/autosana" "$signature" 200
check "http://127.0.0.1:$webhook_port/hooks/autosana" "$wrong" 500  # webhook: rule not satisfied
check "http://127.0.0.1:$listen_port/" "$signature" 200
check "http://127.0.0.1:$listen_port/" "$wrong" 401

# webhook runs its command for each hit after answering, so a backlog of /bin/true can outlive
# wrk; wait until neither server uses CPU before the next measurement starts.
cpu_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
settle() {
  local before after
  for _ in $(seq 100); do
    before=$(( $(cpu_ticks "${pids[0]}") + $(cpu_ticks "${pids[1]}") ))
    sleep 0.5
    after=$(( $(cpu_ticks "${pids[0]}") + $(cpu_ticks "${pids[1]}") ))
    [ $((after - before)) -le 2 ] && return 0
  done
}
measure() {  # name, url, round, connections
  settle
  wrk -t2 -c"${4:-$connections}" -d"$duration" -s "$work/post.lua" "$2" > "$work/$1.$3.txt"
}
for round in 1 2; do
  measure webhook "http://127.0.0.1:$webhook_port/hooks/autosana" "$round"
  measure listen "http://127.0.0.1:$listen_port/" "$round"
done
measure webhook "http://127.0.0.1:$webhook_port/hooks/autosana" many "$many"
measure listen "http://127.0.0.1:$listen_port/" many "$many"
# Still serving after the load, and every delivery logged as verified.
check "http://127.0.0.1:$listen_port/" "$signature" 200
sleep 0.2
peak_rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$listen_pid/status")
verified_lines=$(grep -c "  200  verified " "$work/deliveries.log" || true)
other_lines=$(grep -vc "  200  verified " "$work/deliveries.log" || true)

python3 - "$work" "$peak_rss_kib" "$verified_lines" "$other_lines" "$connections" "$duration" "$many" <<'PY'
import re, sys, os
work, rss_kib, verified_lines, other_lines, connections, duration, many = sys.argv[1:]
def parse(path):
    text = open(path).read()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    errors = sum(map(int, m.groups())) if (m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)) else 0
    return rate, total, non2xx, errors
failed = False
best = {}
for name in ("webhook", "listen"):
    runs = [parse(os.path.join(work, f"{name}.{r}.txt")) for r in (1, 2)]
    for rate, total, non2xx, errors in runs:
        if non2xx or errors:
            print(f"{name}: {non2xx} non-2xx answers and {errors} socket errors in {total} requests")
            failed = True
    best[name] = max(run[0] for run in runs)
many_runs = {name: parse(os.path.join(work, f"{name}.many.txt")) for name in ("webhook", "listen")}
for name, (rate, total, non2xx, errors) in many_runs.items():
    if name == "listen" and (non2xx or errors):
        print(f"{name} -c{many}: {non2xx} non-2xx answers and {errors} socket errors in {total} requests")
        failed = True
listen_total = sum(parse(os.path.join(work, f"listen.{r}.txt"))[1] for r in ("1", "2", "many"))
print(f"\nloopback, wrk -t2 -c{connections} -d{duration}, signed 2 KB body, best of 2 runs each")
print(f"  webhook 2.8 (payload-hmac-sha256): {best['webhook']:,.0f} verified deliveries/s")
print(f"  autosana-webhook listen:           {best['listen']:,.0f} verified deliveries/s, "
      f"ratio {best['listen'] / best['webhook']:.1f}x (target >= 5x)")
w, l = many_runs["webhook"], many_runs["listen"]
print(f"  with -c{many}: webhook {w[0]:,.0f}/s ({w[2]} non-2xx, {w[3]} socket errors), "
      f"listen {l[0]:,.0f}/s ({l[2]} non-2xx, {l[3]} socket errors), ratio {l[0] / w[0]:.1f}x")
if int(rss_kib) > 32 * 1024:
    print("listen: peak RSS above 32 MiB")
    failed = True
print(f"  listen: {verified_lines} lines 'verified' for {listen_total} timed + 2 checked deliveries, "
      f"{other_lines} other lines (the wrong-signature check), peak RSS {int(rss_kib) / 1024:.1f} MiB, "
      "still answering 200 afterwards")
# wrk counts the answers it read before its time ran out; a few more may be on their way.
if int(verified_lines) < listen_total + 2 or int(other_lines) != 1:
    print("listen: the log does not account for every delivery")
    failed = True
sys.exit(1 if failed else 0)
PY
