"""listen under attack, over real sockets: each case is a scenario from the audit of the server it
replaced (header injection, unbounded heads, slowloris, a shared port, lenient framing, a hostile
--forward target), and each fails on that server."""
import gzip
import http.server
import os
import resource
import select
import socket
import socketserver
import threading
import time
import zlib

from helpers import EXAMPLES, TempDirTestCase, run
from network import Listener, Target, delivery, exchange, signature

with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
    PAYLOAD = f.read()
with open(os.path.join(os.path.dirname(__file__), "../fixtures/content/payload.json.br"), "rb") as f:
    PAYLOAD_BR = f.read()  # made with Debian's brotli 1.0.9


SANITIZED = os.environ.get("AUTOSANA_SANITIZED") == "1"  # the sanitizers' own memory is not ours


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field}")


def resident_kib(pid):
    return status_kib(pid, "VmRSS")


def peak_resident_kib(pid):
    """The high-water mark of the resident set: a peak cannot be missed by reading too early."""
    return status_kib(pid, "VmHWM")


def answered_before_closing(port, raw, timeout=20):
    """Sends raw and reads until the server closes. The listeners these are used with have a read
    timeout far longer than `timeout`, so an answer cannot be the timeout's: a server that waited
    for more bytes instead of refusing at once makes this raise, however loaded the machine."""
    return exchange(port, raw, timeout=timeout)


def read_answers(conn, count, timeout=10):
    """Reads until `count` HTTP answers (each with Content-Length) have arrived; their statuses."""
    conn.settimeout(timeout)
    data = b""
    statuses = []
    while len(statuses) < count:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            head = data[:head_end].decode("latin-1")
            length = 0
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if len(data) >= head_end + 4 + length:
                statuses.append(int(head.split(" ")[1]))
                data = data[head_end + 4 + length:]
                continue
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    return statuses


class HostileTestCase(TempDirTestCase):
    def listen(self, *args, env=None):
        listener = Listener(self.dir, *args, env=env)
        self.addCleanup(listener.close)
        return listener

    def assertStillServes(self, listener, timeout=20):
        """A delivery is answered 200 (soon: connections just closed may still count for a
        moment against a limit), and the listener is still running."""
        deadline = time.monotonic() + timeout
        while True:
            status = exchange(listener.port, delivery(PAYLOAD), timeout=timeout).status
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertEqual(status, 200)
        self.assertIsNone(listener.process.poll())


class ByteExact(HostileTestCase):
    INJECTION = b"x%0d%0aContent-Length: 0%0d%0a%0d%0aDELETE /admin/users/1 HTTP/1.1%0d%0aAuthorization: forged"

    def test_percent_escapes_in_header_values_are_saved_and_relayed_as_sent(self):
        target = Target()
        self.addCleanup(target.close)
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved, "--forward", f"http://127.0.0.1:{target.port}/")
        raw = delivery(PAYLOAD, extra=b"A: " + self.INJECTION + b"\r\nX-Pct: 100%25\r\n")
        self.assertEqual(exchange(listener.port, raw).status, 200)
        # One request reached the handler, not a second forged DELETE, with the values untouched.
        [(method, path, headers, _, body)] = target.requests
        self.assertEqual((method, path, body), ("POST", "/", PAYLOAD))
        self.assertEqual(headers["A"], self.INJECTION.decode())
        self.assertEqual(headers["X-Pct"], "100%25")
        [name] = os.listdir(saved)
        saved_file = os.path.join(saved, name)
        with open(saved_file, "rb") as f:
            text = f.read()
        self.assertIn(b"\r\nA: " + self.INJECTION + b"\r\n", text)
        self.assertIn(b"\r\nX-Pct: 100%25\r\n", text)
        self.assertEqual(run("verify", "--request", saved_file).status, 0)

    def test_header_names_keep_their_spelling_and_order(self):
        target = Target()
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/")
        raw = delivery(PAYLOAD, extra=b"x-lower: 1\r\nX-UPPER: 2\r\nX-Mixed-Case: 3\r\n")
        self.assertEqual(exchange(listener.port, raw).status, 200)
        [(_, _, _, names, _)] = target.requests
        ours = [n for n in names if n.lower().startswith("x-") and n.lower() != "x-autosana-signature-256"]
        self.assertEqual(ours, ["x-lower", "X-UPPER", "X-Mixed-Case"])


class StrictFraming(HostileTestCase):
    def test_each_lenient_form_gets_400_and_a_closed_connection(self):
        listener = self.listen("--read-timeout", "120s")
        body = b'{"a":1}'
        good = delivery(body)
        head, _, _ = good.partition(b"\r\n\r\n")
        cases = {
            "CR inside a value": head + b"\r\nX-A: one\rtwo\r\n\r\n" + body,
            "NUL inside a value": head + b"\r\nX-A: one\x00two\r\n\r\n" + body,
            "name not a token": head + b"\r\nX(A): one\r\n\r\n" + body,
            "space before the colon": head.replace(b"Content-Length:", b"Content-Length :") + b"\r\n\r\n" + body,
            "transfer-encoding with a space": head.replace(b"Content-Length: 7", b"Transfer-Encoding : chunked")
                                              + b"\r\n\r\n7\r\n" + body + b"\r\n0\r\n\r\n",
            "obs-fold": head + b"\r\nX-A: one\r\n two\r\n\r\n" + body,
            "bare LF line ends": good.replace(b"\r\n", b"\n"),
            "one bare LF": head + b"\r\nX-A: one\nX-B: two\r\n\r\n" + body,
            "conflicting framing": head + b"\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n" + body + b"\r\n0\r\n\r\n",
        }
        for name, raw in cases.items():
            answer = answered_before_closing(listener.port, raw)
            self.assertEqual(answer.status, 400, (name, answer))
            self.assertEqual(answer.headers.get("connection"), "close", (name, answer))
        lines = listener.lines(len(cases))
        self.assertTrue(all("  400  refused " in line for line in lines), lines)
        self.assertIn("obsolete line folding", "\n".join(lines))
        self.assertIn("LF without CR", "\n".join(lines))
        self.assertStillServes(listener)

    def test_pipelined_deliveries_are_all_answered_in_order(self):
        listener = self.listen("--json")
        keep_alive = delivery(PAYLOAD).replace(b"Connection: close\r\n", b"")
        unsigned = delivery(PAYLOAD, sig=False).replace(b"Connection: close\r\n", b"")
        with socket.create_connection(("127.0.0.1", listener.port)) as conn:
            conn.sendall(keep_alive + unsigned + keep_alive)
            self.assertEqual(read_answers(conn, 3), [200, 401, 200])
        with socket.create_connection(("127.0.0.1", listener.port)) as conn:  # keep-alive, one by one
            for _ in range(3):
                conn.sendall(keep_alive)
                self.assertEqual(read_answers(conn, 1), [200])
        self.assertEqual(len(listener.lines(6)), 6)


class BoundedMemory(HostileTestCase):
    def test_too_many_fields_or_too_large_a_head_get_431(self):
        listener = self.listen()
        # delivery() writes 5 fields of its own.
        many = b"".join(b"X-F%d: v\r\n" % i for i in range(96))
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, extra=many)).status, 431)
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, extra=many[:-len(b"X-F95: v\r\n")])).status, 200)
        large = b"X-Big: " + b"a" * (65 * 1024) + b"\r\n"
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, extra=large)).status, 431)
        self.assertStillServes(listener)

    def test_an_endless_header_line_is_cut_off_and_memory_returns(self):
        listener = self.listen()
        before = resident_kib(listener.process.pid)
        sent = 0
        chunk = b"a" * 65536
        with socket.create_connection(("127.0.0.1", listener.port), timeout=10) as conn:
            conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nX-Endless: ")
            try:
                while sent < 1 << 30:
                    conn.sendall(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        # Refused as soon as the head passed 64 KiB: the rest of a 1 GiB line was never taken.
        self.assertLess(sent, 8 << 20)
        self.assertIn("  431  refused ", listener.lines(1)[0])
        for _ in range(20):  # many short header lines, repeatedly, on separate connections
            lines = b"".join(b"X-%d: %s\r\n" % (i, b"b" * 500) for i in range(99))
            exchange(listener.port, b"POST / HTTP/1.1\r\nHost: x\r\n" + lines + b"X-End: " + b"c" * 70000)
        self.assertStillServes(listener)
        if not SANITIZED:
            self.assertLess(resident_kib(listener.process.pid) - before, 32 * 1024)

    def test_many_large_bodies_at_once_stay_within_the_memory_budget(self):
        listener = self.listen()  # --max-body 10MiB
        before = peak_resident_kib(listener.process.pid)
        head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n"
                + f"X-Autosana-Signature-256: {signature(PAYLOAD)}\r\n\r\n".encode())
        conns = []
        for _ in range(16):  # 16 x 6 MB sent, none finished: 96 MB if all were kept
            conn = socket.create_connection(("127.0.0.1", listener.port), timeout=10)
            conn.sendall(head)
            try:
                conn.sendall(b"x" * 6_000_000)
            except (BrokenPipeError, ConnectionResetError):
                pass
            conns.append(conn)
        listener.wait_for("  503  refused ", timeout=60)
        for conn in conns:
            conn.close()
        if not SANITIZED:
            self.assertLess(peak_resident_kib(listener.process.pid) - before, 64 * 1024)
        self.assertStillServes(listener)

    def test_a_chunk_size_line_that_never_ends_is_cut_off(self):
        listener = self.listen()
        sent = 0
        with socket.create_connection(("127.0.0.1", listener.port), timeout=10) as conn:
            conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1")
            try:
                while sent < 64 << 20:
                    conn.sendall(b"0" * 65536)
                    sent += 65536
            except (BrokenPipeError, ConnectionResetError):
                pass
        self.assertLess(sent, 8 << 20)
        self.assertIn("  400  refused ", listener.lines(1)[0])
        self.assertIn("chunk-size line", listener.lines(1)[0])

    def test_a_declared_length_over_max_body_gets_413_before_the_body(self):
        listener = self.listen("--max-body", "1MiB", "--read-timeout", "120s")
        head = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000000\r\n"
                + f"X-Autosana-Signature-256: {signature(PAYLOAD)}\r\n\r\n".encode())
        answer = answered_before_closing(listener.port, head)  # and not a byte of the body
        self.assertEqual(answer.status, 413, answer)


class BoundedTime(HostileTestCase):
    @staticmethod
    def trickle(port, first, piece, pause, limit=60):
        """Sends first, then piece after piece with a pause between them, for as long as the server
        neither answers nor closes (at most `limit` seconds); then whatever it answered. The
        trickle goes on past the read timeout, so a server that counted each piece as progress
        would never answer and this would return nothing."""
        deadline = time.monotonic() + limit
        with socket.create_connection(("127.0.0.1", port), timeout=limit) as conn:
            conn.sendall(first)
            try:
                while time.monotonic() < deadline:
                    readable, _, _ = select.select([conn], [], [], pause)
                    if readable:
                        break
                    conn.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass
            try:
                return conn.recv(65536)
            except (ConnectionResetError, TimeoutError):
                return b""

    def test_a_head_that_trickles_in_gets_408_within_the_read_timeout(self):
        listener = self.listen("--read-timeout", "1s")
        # A line every 0.2 s: each read is quick, the head never ends.
        received = self.trickle(listener.port, b"POST / HTTP/1.1\r\nHost: x\r\n", b"X-A: v\r\n", 0.2)
        self.assertTrue(received.startswith(b"HTTP/1.1 408 "), received)
        self.assertIn("  408  refused ", listener.lines(1)[0])

    def test_a_body_that_trickles_in_gets_408(self):
        listener = self.listen("--read-timeout", "1s")
        head = delivery(PAYLOAD).partition(b"\r\n\r\n")[0].replace(b"Content-Length: 1955", b"Content-Length: 9000000")
        # A byte every 0.1 s, far below the minimum rate, for longer than the body could take.
        received = self.trickle(listener.port, head + b"\r\n\r\n", b"x", 0.1)
        self.assertTrue(received.startswith(b"HTTP/1.1 408 "), received)
        self.assertIn("the body arrived too slowly", listener.lines(1)[0])

    def test_at_max_connections_the_longest_idle_one_makes_room(self):
        listener = self.listen("--max-connections", "4", "--read-timeout", "120s")
        keep_alive = delivery(PAYLOAD).replace(b"Connection: close\r\n", b"")
        held = []
        for _ in range(4):  # each answered once, so the listener holds all four, idle
            conn = socket.create_connection(("127.0.0.1", listener.port))
            conn.sendall(keep_alive)
            self.assertEqual(read_answers(conn, 1, timeout=20), [200])
            held.append(conn)
        # A fifth client is served; the connection idle longest (the first) was closed for it,
        # without waiting for the read timeout (a recv that waited would time out).
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD), timeout=20).status, 200)
        held[0].settimeout(20)
        try:
            self.assertEqual(held[0].recv(1), b"")
        except ConnectionResetError:
            pass
        held[3].sendall(keep_alive)  # the newest of them is still served
        self.assertEqual(read_answers(held[3], 1, timeout=20), [200])
        for conn in held:
            conn.close()
        self.assertStillServes(listener)

    def test_a_normal_client_is_served_beside_1000_slowloris_connections(self):
        # Served, every time; how fast is bench/slowloris.py's to measure, on a quiet machine.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < 1200:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))
            self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        # The attackers' heads never end; a long read timeout keeps them all there throughout.
        listener = self.listen("--read-timeout", "300s", "--quiet")
        attackers = []
        for _ in range(1000):
            conn = socket.create_connection(("127.0.0.1", listener.port))
            conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
            attackers.append(conn)
        stop = threading.Event()

        def trickle():
            n = 0
            while not stop.is_set() and n < 90:  # under the 100 fields that end a head with 431
                for conn in attackers:
                    try:
                        conn.send(b"X-%d: v\r\n" % n)
                    except OSError:
                        pass
                n += 1
                stop.wait(1.0)

        thread = threading.Thread(target=trickle, daemon=True)
        thread.start()
        try:
            statuses = [exchange(listener.port, delivery(PAYLOAD), timeout=30).status for _ in range(100)]
            # Every attacker is still connected: none was dropped to make room.
            dropped = sum(1 for conn in attackers if select.select([conn], [], [], 0)[0])
        finally:
            stop.set()
            thread.join()
            for conn in attackers:
                conn.close()
        self.assertEqual(statuses, [200] * 100)
        self.assertEqual(dropped, 0)


class OpenFileLimit(HostileTestCase):
    def test_the_soft_limit_is_raised_to_the_hard_one_and_a_low_one_is_named(self):
        import subprocess
        from helpers import BINARY, base_environment

        def low_limits():
            resource.setrlimit(resource.RLIMIT_NOFILE, (256, 512))

        process = subprocess.Popen([BINARY, "listen", "--port", "0"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, env=base_environment(), preexec_fn=low_limits)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        warning = process.stderr.readline().decode()
        self.assertIn("the open-file limit is 512, too low for --max-connections 1024", warning)
        self.assertIn("listening on", process.stderr.readline().decode())
        with open(f"/proc/{process.pid}/limits") as f:
            line = next(l for l in f if l.startswith("Max open files"))
        self.assertEqual(line.split()[3:5], ["512", "512"])
        process.kill()
        process.wait()
        process.stderr.close()


class PortInUse(HostileTestCase):
    def test_a_second_listener_on_the_same_port_is_refused(self):
        first = self.listen()
        result = run("listen", "--port", str(first.port), timeout=20)
        self.assertOneLineError(result, 2, f"cannot listen on 127.0.0.1:{first.port}: Address already in use")
        self.assertStillServes(first)


class ContentEncoding(HostileTestCase):
    def post(self, listener, body, coding):
        raw = delivery(body, sig=signature(PAYLOAD), extra=b"Content-Encoding: " + coding + b"\r\n")
        return answered_before_closing(listener.port, raw)

    def test_each_known_coding_is_undone_for_verification(self):
        listener = self.listen()
        cases = [
            (gzip.compress(PAYLOAD), b"gzip"),
            (gzip.compress(PAYLOAD), b"GZIP"),
            (gzip.compress(PAYLOAD), b"x-gzip"),
            (gzip.compress(PAYLOAD), b"gzip, identity"),
            (gzip.compress(gzip.compress(PAYLOAD)), b"gzip, gzip"),
            (zlib.compress(PAYLOAD), b"deflate"),
            (PAYLOAD_BR, b"br"),
            (gzip.compress(PAYLOAD_BR), b"br, gzip"),
        ]
        for body, coding in cases:
            self.assertEqual(self.post(listener, body, coding).status, 200, coding)
        lines = listener.lines(len(cases))
        self.assertTrue(all(" verified " in line and "1955 bytes" in line for line in lines), lines)

    def test_an_unknown_coding_gets_415_and_a_broken_body_is_not_verified(self):
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved, "--read-timeout", "120s")
        self.assertEqual(self.post(listener, b"anything", b"zstd").status, 415)
        # Refusals are logged from a thread of their own: wait for the line before the next request.
        self.assertIn("Content-Encoding 'zstd' is not supported", listener.lines(1)[0])
        self.assertEqual(self.post(listener, gzip.compress(PAYLOAD)[:-8], b"gzip").status, 400)
        self.assertIn("truncated", listener.lines(2)[1])

    def test_a_decompression_bomb_is_bounded_by_max_body(self):
        listener = self.listen("--max-body", "1MiB")
        bomb = gzip.compress(b"\x00" * (64 << 20))  # about 64 KiB on the wire
        self.assertEqual(self.post(listener, bomb, b"gzip").status, 413)
        self.assertStillServes(listener)

    def test_saved_requests_keep_their_coding_and_replay_as_received(self):
        target = Target()
        self.addCleanup(target.close)
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved)
        self.assertEqual(self.post(listener, PAYLOAD_BR, b"br").status, 200)
        [name] = os.listdir(saved)
        saved_file = os.path.join(saved, name)
        self.assertEqual(run("verify", "--request", saved_file).status, 0)
        self.assertEqual(run("send", "--request", saved_file, f"http://127.0.0.1:{target.port}/").status, 0)
        [(_, _, headers, _, body)] = target.requests
        self.assertEqual((headers["Content-Encoding"], body), ("br", PAYLOAD_BR))


class CannedTarget:
    """A target that answers every connection with fixed bytes (after reading the request's head)."""

    def __init__(self, answer, delay=0.0):
        self.connections = 0
        canned = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                canned.connections += 1
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                time.sleep(delay)
                try:
                    self.request.sendall(answer)
                except OSError:
                    pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class KeepAliveTarget:
    """An HTTP/1.1 handler that keeps connections open and records the client port of each request."""

    def __init__(self):
        self.ports = []
        target = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                target.ports.append(self.client_address[1])
                self.send_response(200)
                self.send_header("Content-Length", "3")
                self.end_headers()
                self.wfile.write(b"ok\n")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Forwarding(HostileTestCase):
    def forward_to(self, target, *args):
        self.addCleanup(target.close)
        return self.listen("--forward", f"http://127.0.0.1:{target.port}/", *args)

    def test_a_large_answer_is_refused_with_502(self):
        big = b"HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n" + b"x" * 20000
        listener = self.forward_to(CannedTarget(big), "--max-forward-response", "10KiB")
        answer = exchange(listener.port, delivery(PAYLOAD))
        self.assertEqual(answer.status, 502, answer)
        self.assertIn("larger than 10240 bytes", listener.lines(1)[0])

    def test_statuses_that_are_no_final_answer_get_502(self):
        for canned in (b"HTTP/1.1 000 Nothing\r\nContent-Length: 0\r\n\r\n",
                       b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n",
                       b"HTTP/1.1 700 Beyond\r\nContent-Length: 0\r\n\r\n",
                       b"HTTP/1.1 100 Continue\r\n\r\n"):
            listener = self.forward_to(CannedTarget(canned))
            answer = exchange(listener.port, delivery(PAYLOAD))
            self.assertEqual(answer.status, 502, (canned, answer))
            listener.close()

    def test_an_interim_answer_is_followed_by_the_final_one(self):
        canned = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nok\n"
        listener = self.forward_to(CannedTarget(canned))
        answer = exchange(listener.port, delivery(PAYLOAD))
        self.assertEqual((answer.status, answer.body), (201, b"ok\n"))

    def test_a_slow_target_gets_504_after_forward_timeout(self):
        # The target would answer after a minute: a 504 within the exchange's 30 s can only be
        # the forward timeout's.
        slow = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        listener = self.forward_to(CannedTarget(slow, delay=60), "--forward-timeout", "500ms")
        answer = exchange(listener.port, delivery(PAYLOAD), timeout=30)
        self.assertEqual(answer.status, 504, answer)

    def test_connections_to_the_target_are_reused(self):
        target = KeepAliveTarget()
        listener = self.forward_to(target, "--quiet")
        for _ in range(5):
            self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 200)
        self.assertEqual(len(target.ports), 5)
        self.assertLess(len(set(target.ports)), 5, target.ports)


class ReplayDefence(HostileTestCase):
    def test_max_age_rejects_an_old_signed_delivery_with_401(self):
        listener = self.listen("--max-age", "5m")
        answer = exchange(listener.port, delivery(PAYLOAD))  # the example is from January 2025
        self.assertEqual(answer.status, 401, answer)
        line = listener.lines(1)[0]
        self.assertIn("  401  rejected ", line)
        self.assertIn("old", line)
        fresh = run("sample", "--timestamp", "now").out
        self.assertEqual(exchange(listener.port, delivery(fresh)).status, 200)
