#!/usr/bin/env python3
"""listen under the three attacks of issue 24, each with attackers that reconnect as soon as they
are answered or closed: 1,000 trickling heads (a header line a second), 1,100 idle connections
(past the 1,024 connection limit), and 5 bodies of 10 MiB that stop short of their last byte and
stall. Meanwhile a normal client posts a signed delivery every 0.3 s for 30 s (100 deliveries).
Reports, per attack, how many were answered 200 within 1 s and the listener's peak RSS, for this
build and, in the same run under the same attacks, an earlier build (the peer: before the fix).
Floor (issue 24): at least 99 of 100 within 1 s under each attack, peak RSS at most 64 MiB.
Usage: bench/attackers.py [this/autosana-webhook] [earlier/autosana-webhook]
  e.g. git worktree add /tmp/before c6e15f9~1 && cmake -S /tmp/before -B /tmp/before/build \
       -DAUTOSANA_BUILD_TESTS=OFF && cmake --build /tmp/before/build -j2
ATTACK_SECONDS=30; ATTACK=stalled runs one attack."""
import hashlib
import hmac
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THIS = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/autosana-webhook"))
EARLIER = os.path.realpath(sys.argv[2]) if len(sys.argv) > 2 else None
SECONDS = float(os.environ.get("ATTACK_SECONDS", "30"))
SECRET = "bench-secret"
with open(os.path.join(ROOT, "examples/payload.json"), "rb") as f:
    BODY = f.read()
SIGNATURE = "sha256=" + hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
DELIVERY = (f"POST / HTTP/1.1\r\nHost: x\r\nX-Autosana-Signature-256: {SIGNATURE}\r\n"
            f"Content-Length: {len(BODY)}\r\nConnection: close\r\n\r\n").encode() + BODY


def start(binary):
    process = subprocess.Popen([binary, "listen", "--port", "0", "--quiet"], stderr=subprocess.PIPE,
                               env={**os.environ, "AUTOSANA_WEBHOOK_SECRET": SECRET})
    line = process.stderr.readline().decode()
    return process, int(re.search(r":(\d+)/", line).group(1))


def peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


def wait_closed(conn, stop):
    conn.settimeout(0.5)
    while not stop.is_set():
        try:
            conn.recv(65536)
            return
        except socket.timeout:
            continue
        except OSError:
            return


def trickle(port, stop):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
        for n in range(90):
            conn.settimeout(1.0)
            try:
                if conn.recv(65536) is not None:
                    return
            except socket.timeout:
                pass
            if stop.is_set():
                return
            conn.sendall(b"X-%d: v\r\n" % n)


def idle(port, stop):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        wait_closed(conn, stop)


STALLED_SIZES = []  # the audit's: four bodies of 10 MiB but their last byte and one of 8,388,000


def stalled_body(port, stop):
    length = 10 << 20
    sent = STALLED_SIZES.pop() if STALLED_SIZES else length - 1
    head = (f"POST / HTTP/1.1\r\nHost: x\r\nX-Autosana-Signature-256: {SIGNATURE}\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(head + b"x" * sent)
        wait_closed(conn, stop)


ATTACKS = [("1000 trickling heads", trickle, 1000), ("1100 idle connections", idle, 1100),
           ("5 stalled 10 MiB bodies", stalled_body, 5)]


def measure(binary, attack, count):
    STALLED_SIZES[:] = [8_388_000] + [(10 << 20) - 1] * 4  # together, all but 612 bytes of 48 MiB
    process, port = start(binary)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            try:
                attack(port, stop)
            except OSError:
                time.sleep(0.01)

    threads = [threading.Thread(target=loop, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    time.sleep(2)  # the attack is in place
    within = 0
    total = int(SECONDS / 0.3)
    for _ in range(total):
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                conn.sendall(DELIVERY)
                answer = conn.recv(64)
            if answer.startswith(b"HTTP/1.1 200 ") and time.monotonic() - started <= 1.0:
                within += 1
        except OSError:
            pass
        time.sleep(max(0.0, 0.3 - (time.monotonic() - started)))
    peak = peak_kib(process.pid)
    stop.set()
    process.kill()
    process.wait()
    for thread in threads:
        thread.join(5)
    return within, total, peak


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(8192, hard), hard))
    builds = [("this build", THIS)] + ([("earlier build", EARLIER)] if EARLIER else [])
    only = os.environ.get("ATTACK")
    for name, attack, count in ATTACKS:
        if only and only not in name:
            continue
        results = {label: measure(binary, attack, count) for label, binary in builds}
        line = f"{name:26}"
        for label, (within, total, peak) in results.items():
            line += f"  {label}: {within}/{total} within 1 s, peak RSS {peak / 1024:.0f} MiB"
        if EARLIER:
            ours, theirs = results["this build"][0], results["earlier build"][0]
            line += f"  ratio {ours / max(theirs, 1):.1f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
