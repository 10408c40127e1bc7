#!/usr/bin/env bash
# Two listeners into one PostgreSQL (issue 27): a throwaway server (tests/e2e/postgres.py, with
# fsync on, as a team's server would run), two `listen --store` processes, and wrk -c8 on each
# for DURATION (60s), both sending the same sequence of new batches (bench/unique_deliveries.lua
# with one ROUND): every delivery reaches both listeners at about the same moment, as a retry
# that went to another listener would. Then the database is counted:
#   lost:        2xx answers that no receipt in the store stands for (target 0);
#   duplicated:  rows beyond one per distinct delivery (target 0).
# The rate of each listener is printed beside `listen` without a store, measured in the same run.
# Usage: bench/store_postgres.sh [path/to/autosana-webhook]   (needs: scripts/install-deps bench test)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-build/autosana-webhook}")
export BODY_FILE
BODY_FILE=$(realpath examples/payload.json)
DURATION=${DURATION:-60s} BINARY=$binary python3 - <<'PY'
import json, os, re, socket, subprocess, sys, time
sys.path.insert(0, "tests/e2e")
from postgres import ThrowawayPostgres

binary, duration = os.environ["BINARY"], os.environ["DURATION"]
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def start(*options):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "AUTOSANA_WEBHOOK_SECRET"}
    process = subprocess.Popen([binary, "listen", "--port", str(port), "--quiet", *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit(process.stderr.read().decode())

def wrk(port, round_):
    return subprocess.Popen(["wrk", "-t2", "-c8", "-d" + duration, "-s", "bench/unique_deliveries.lua",
                             f"http://127.0.0.1:{port}/"], stdout=subprocess.PIPE,
                            env={**os.environ, "ROUND": str(round_)})

def parse(text):
    text = text.decode()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    total = int(re.search(r"(\d+) requests in", text).group(1))
    non2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", text)) else 0
    sent = {int(t): int(n) for t, n in re.findall(r"thread (\d+) sent (\d+)", text)}
    return rate, total - non2xx, non2xx, sent

server = ThrowawayPostgres(fsync=True)
processes = []
try:
    plain, plain_port = start()
    processes.append(plain)
    baseline = parse(wrk(plain_port, 9).communicate()[0])
    database = server.new_database()
    listeners = [start("--store", database) for _ in range(2)]
    processes += [process for process, _ in listeners]
    runs = [wrk(port, 1) for _, port in listeners]
    results = [parse(run.communicate()[0]) for run in runs]
    name = database.split("dbname=")[1].split()[0]
    rows, distinct, receipts = map(int, server.psql(name,
        "SELECT COUNT(*), COUNT(DISTINCT delivery_key), COALESCE(SUM(receipts), 0) FROM deliveries").split("|"))
    answered = sum(r[1] for r in results)
    # Both wrk runs send the same sequence per thread: the distinct deliveries that can have
    # been answered are, thread by thread, the longer of the two (a last one may be unanswered).
    sent = {t: max(r[3].get(t, 0) for r in results) for t in results[0][3]}
    print(f"\ntwo listeners on one PostgreSQL (fsync on), wrk -t2 -c8 -d{duration} each, the same new batches to both")
    for i, (rate, ok, non2xx, _) in enumerate(results, 1):
        print(f"  listener {i}:  {rate:,.0f} deliveries/s, {ok:,} answered 2xx, {non2xx} other answers")
    print(f"  listen alone: {baseline[0]:,.0f} deliveries/s (no store, the same machine)")
    print(f"  store:        {rows:,} rows, {distinct:,} distinct, {receipts:,} receipts; up to {sum(sent.values()):,} distinct sent")
    lost = max(answered - receipts, 0)
    duplicated = rows - distinct
    print(f"  lost: {lost}, duplicated: {duplicated} (targets: 0 and 0)")
    sys.exit(1 if lost or duplicated or any(r[2] for r in results) else 0)
finally:
    for process in processes:
        process.terminate()
        process.wait(timeout=30)
    server.close()
PY
