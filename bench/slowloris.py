#!/usr/bin/env python3
"""listen beside a slowloris attack: 1,000 connections each send one more header line every second
and never finish their heads (reconnecting when the server drops them), while a normal client
posts 100 signed deliveries one after another. Reports the normal client's successes and its p50
and p99 latency, for `autosana-webhook listen` and, in the same run under the same attack,
Debian's `webhook` 2.8 (adnanh/webhook) with a payload-hmac-sha256 rule.
Target (issue 11): at least 99 of 100 deliveries answered 200 within 1 s by listen.
Usage: bench/slowloris.py [path/to/autosana-webhook]   (needs: scripts/install-deps bench)
ATTACKERS=1000, DELIVERIES=100."""
import hashlib
import hmac
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/autosana-webhook"))
ATTACKERS = int(os.environ.get("ATTACKERS", "1000"))
DELIVERIES = int(os.environ.get("DELIVERIES", "100"))
SECRET = "bench-secret"
with open(os.path.join(ROOT, "examples/payload.json"), "rb") as f:
    BODY = f.read()
SIGNATURE = "sha256=" + hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"bench: nothing listens on {port}")


def post(port, path):
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"X-Autosana-Signature-256: {SIGNATURE}\r\nContent-Length: {len(BODY)}\r\n"
               "Connection: close\r\n\r\n").encode() + BODY
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(request)
            answer = b""
            while b"\r\n" not in answer:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                answer += chunk
        status = int(answer.split(b" ")[1]) if answer.startswith(b"HTTP/") else 0
    except OSError:
        status = 0
    return status, time.monotonic() - started


def attack(port, stop):
    """Keeps ATTACKERS connections with unfinished heads open until stop is set."""
    conns = [None] * ATTACKERS
    line = 0
    while not stop.is_set():
        for i in range(ATTACKERS):
            try:
                if conns[i] is None:
                    conns[i] = socket.create_connection(("127.0.0.1", port), timeout=1)
                    conns[i].setblocking(False)
                    conns[i].send(b"POST / HTTP/1.1\r\nHost: x\r\n")
                conns[i].send(b"X-Slow-%d: v\r\n" % line)
            except OSError:
                if conns[i] is not None:
                    conns[i].close()
                conns[i] = None
        line += 1
        stop.wait(1.0)
    for conn in conns:
        if conn is not None:
            conn.close()


def measure(name, port, path):
    stop = threading.Event()
    attacker = threading.Thread(target=attack, args=(port, stop), daemon=True)
    attacker.start()
    time.sleep(3)  # every attacker connected and trickling
    results = []
    for _ in range(DELIVERIES):
        results.append(post(port, path))
        time.sleep(0.05)
    stop.set()
    attacker.join()
    times = sorted(t for _, t in results)
    ok = sum(1 for status, t in results if status == 200 and t < 1.0)
    p50 = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"  {name:26} {ok:3} of {DELIVERIES} answered 200 within 1 s, p50 {p50 * 1000:7.1f} ms, "
          f"p99 {p99 * 1000:7.1f} ms")
    return ok, p50, p99


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    work = tempfile.mkdtemp()
    hooks = os.path.join(work, "hooks.json")
    with open(hooks, "w") as f:
        json.dump([{"id": "autosana", "execute-command": "/bin/true", "response-message": "ok",
                    "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": SECRET,
                                               "parameter": {"source": "header",
                                                             "name": "X-Autosana-Signature-256"}}}}], f)
    listen_port, webhook_port = free_port(), free_port()
    env = dict(os.environ, AUTOSANA_WEBHOOK_SECRET=SECRET)
    processes = [
        subprocess.Popen([BINARY, "listen", "--port", str(listen_port), "--quiet"], env=env,
                         stderr=subprocess.DEVNULL),
        subprocess.Popen(["webhook", "-hooks", hooks, "-ip", "127.0.0.1", "-port", str(webhook_port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        wait_for(listen_port)
        wait_for(webhook_port)
        print(f"\nloopback, {ATTACKERS} slowloris connections (a header line a second each), "
              f"{DELIVERIES} signed 2 KB deliveries one after another")
        listen = measure("autosana-webhook listen", listen_port, "/")
        webhook = measure("webhook 2.8", webhook_port, "/hooks/autosana")
        print(f"  p99 ratio listen / webhook: {listen[2] / webhook[2]:.2f}")
        return 0 if listen[0] >= DELIVERIES * 99 // 100 else 1
    finally:
        for process in processes:
            process.kill()
            process.wait()


if __name__ == "__main__":
    sys.exit(main())
