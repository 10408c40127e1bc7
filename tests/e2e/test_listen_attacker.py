"""listen against a determined attacker, over real sockets: each case is a finding of the second
audit (stalled bodies that held the shared budget, a full connection table, trailers merged into
the head, a head limit that leaked, RFC 9112 gaps, a forward target's extra answer), and each
failed on the build the audit ran. Attackers reconnect, and defences with a timeout are tested
past it."""
import gzip
import os
import resource
import socket
import socketserver
import subprocess
import threading
import time

from helpers import EXAMPLES, TempDirTestCase, run
from network import Listener, Target, delivery, exchange, signature

with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
    PAYLOAD = f.read()


def raise_open_file_limit(test, needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(needed, hard), hard))
        test.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))


def body_head(length, chunked=False):
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}"
    return (f"POST / HTTP/1.1\r\nHost: x\r\n{framing}\r\n"
            f"X-Autosana-Signature-256: {signature(PAYLOAD)}\r\nConnection: close\r\n\r\n").encode()


def wait_answer(conn, timeout):
    """The first bytes the server sends, or b"" when it closes or nothing comes within timeout."""
    conn.settimeout(timeout)
    try:
        return conn.recv(65536)
    except (ConnectionResetError, TimeoutError, socket.timeout):
        return b""


def hold(conn, stop):
    """Keeps the connection open, sending nothing, until the server answers or closes it."""
    conn.settimeout(0.2)
    while not stop.is_set():
        try:
            conn.recv(65536)  # an answer or b"": the server is done with it
            return
        except (socket.timeout, TimeoutError):
            continue
        except OSError:
            return


class Attackers:
    """Threads that each run `attack(stop)` in a loop until stopped: an attacker that reconnects."""

    def __init__(self, count, attack):
        self.stop = threading.Event()
        self.rounds = 0
        self.lock = threading.Lock()

        def loop():
            while not self.stop.is_set():
                try:
                    attack(self.stop)
                except OSError:
                    self.stop.wait(0.01)
                with self.lock:
                    self.rounds += 1

        self.threads = [threading.Thread(target=loop, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def normal_client(port, count, pause, timeout=10):
    """count deliveries sent whole, one at a time: their statuses (None for no answer)."""
    statuses = []
    for _ in range(count):
        try:
            statuses.append(exchange(port, delivery(PAYLOAD), timeout=timeout).status)
        except OSError:
            statuses.append(None)
        time.sleep(pause)
    return statuses


class AttackerTestCase(TempDirTestCase):
    def listen(self, *args):
        listener = Listener(self.dir, *args)
        self.addCleanup(listener.close)
        return listener

    def attack(self, count, attack):
        attackers = Attackers(count, attack)
        self.addCleanup(attackers.close)
        return attackers


class StalledBodies(AttackerTestCase):
    def test_a_body_that_stops_one_byte_short_gets_408_after_the_read_timeout(self):
        # Before: the deadline grew by a second per 16 KiB received, so 10 MiB but its last byte
        # earned about 650 s; the answer here would not have come within the 30 s waited.
        listener = self.listen("--read-timeout", "1s")
        length = 10 << 20
        with socket.create_connection(("127.0.0.1", listener.port), timeout=30) as conn:
            conn.sendall(body_head(length) + b"x" * (length - 1))
            started = time.monotonic()
            answer = wait_answer(conn, 30)
        self.assertTrue(answer.startswith(b"HTTP/1.1 408 "), answer[:100])
        self.assertLess(time.monotonic() - started, 25)
        self.assertIn("the body stalled", listener.wait_for("408"))

    def test_stalled_bodies_that_fill_the_budget_give_way_to_a_delivery(self):
        # The audit's attack: four bodies of 10 MiB but their last byte and one of 8 MB fill the 48
        # MiB budget and go silent; every delivery then got 503 for minutes. The attackers
        # reconnect and do it again as soon as they are answered.
        listener = self.listen("--read-timeout", "3s", "--quiet")
        length = 10 << 20

        def staller(sizes):
            def attack(stop):
                with socket.create_connection(("127.0.0.1", listener.port), timeout=30) as conn:
                    conn.sendall(body_head(length) + b"x" * (sizes.pop() if sizes else length - 1))
                    hold(conn, stop)
            return attack

        attackers = self.attack(5, staller([length - 1] * 4 + [8_388_000]))
        time.sleep(1.0)  # the budget is full and every staller silent
        statuses = normal_client(listener.port, 40, 0.1)
        attackers.close()
        self.assertGreaterEqual(statuses.count(200), 39, statuses)
        self.assertGreaterEqual(attackers.rounds, 5)


class ConnectionLimit(AttackerTestCase):
    def test_idle_connections_that_reopen_do_not_keep_a_delivery_out(self):
        # Before: at the limit every new connection was closed at once, so idle connections that
        # reopened as they were closed kept out every delivery (0 of 30 answered).
        raise_open_file_limit(self, 512)
        listener = self.listen("--max-connections", "50", "--read-timeout", "60s", "--quiet")

        def idle(stop):
            with socket.create_connection(("127.0.0.1", listener.port), timeout=60) as conn:
                hold(conn, stop)

        attackers = self.attack(60, idle)
        time.sleep(1.0)
        # Issue 24's floor: at least 99 of 100. CI's sanitized build once lost 1 of 30 here: a
        # newcomer is evictable in the moment between its accept and its bytes being read.
        statuses = normal_client(listener.port, 100, 0.02)
        attackers.close()
        self.assertGreaterEqual(statuses.count(200), 99, statuses)
        self.assertEqual(set(statuses) - {200, None}, set(), statuses)

    def test_trickling_heads_that_reopen_do_not_keep_a_delivery_out(self):
        raise_open_file_limit(self, 512)
        listener = self.listen("--max-connections", "50", "--read-timeout", "2s", "--quiet")

        def trickle(stop):
            with socket.create_connection(("127.0.0.1", listener.port), timeout=60) as conn:
                conn.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n")
                n = 0
                while not stop.is_set() and n < 90:
                    if wait_answer(conn, 0.3):
                        break  # the 408 (or a close): reconnect
                    conn.sendall(b"X-%d: v\r\n" % n)
                    n += 1

        attackers = self.attack(60, trickle)
        time.sleep(1.0)
        statuses = normal_client(listener.port, 60, 0.05)  # past the 2 s read timeout
        attackers.close()
        self.assertEqual(statuses, [200] * 60)
        self.assertGreater(attackers.rounds, 60)  # they were closed and reconnected


class Framing(AttackerTestCase):
    def test_trailer_fields_are_refused_and_never_reach_save_or_forward(self):
        listener = self.listen("--read-timeout", "60s", "--save", os.path.join(self.dir, "saved"))
        body = PAYLOAD
        chunked = (body_head(0, chunked=True) + b"%x\r\n" % len(body) + body + b"\r\n0\r\n"
                   + b"X-Forwarded-For: 10.0.0.1\r\nAuthorization: Bearer trailer\r\n\r\n")
        answer = exchange(listener.port, chunked)
        self.assertEqual(answer.status, 400, answer)
        self.assertIn("trailer", listener.wait_for("400"))
        saved = os.listdir(os.path.join(self.dir, "saved")) if os.path.isdir(os.path.join(self.dir, "saved")) else []
        for name in saved:
            with open(os.path.join(self.dir, "saved", name), "rb") as f:
                self.assertNotIn(b"Bearer trailer", f.read())
        # Without trailers the same chunked delivery is taken.
        plain = body_head(0, chunked=True) + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
        self.assertEqual(exchange(listener.port, plain).status, 200)

    def test_the_head_limit_holds_however_the_head_is_split(self):
        listener = self.listen("--read-timeout", "60s")
        fields = b"".join(b"X-F%d: %s\r\n" % (i, b"a" * 2040) for i in range(35))  # 71,680 bytes
        raw = b"POST / HTTP/1.1\r\nHost: x\r\n" + fields + b"Content-Length: 2\r\n\r\n{}"
        self.assertEqual(exchange(listener.port, raw).status, 431)
        # Sent in pieces of a few fields, too.
        pieces = [raw[i:i + 5000] for i in range(0, len(raw), 5000)]
        self.assertEqual(exchange(listener.port, *pieces, pause=0.01).status, 431)
        # Just within the limit: taken.
        fits = b"".join(b"X-F%d: %s\r\n" % (i, b"a" * 2040) for i in range(31))
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, extra=fits)).status, 200)

    def test_host_must_be_there_once_in_http_1_1(self):
        listener = self.listen("--read-timeout", "60s")
        good = delivery(PAYLOAD)
        without = good.replace(b"Host: 127.0.0.1\r\n", b"")
        twice = good.replace(b"Host: 127.0.0.1\r\n", b"Host: 127.0.0.1\r\nHost: evil.example\r\n")
        self.assertEqual(exchange(listener.port, without).status, 400)
        self.assertEqual(exchange(listener.port, twice).status, 400)
        self.assertIn("two Host fields", listener.wait_for("two Host"))
        http10 = without.replace(b"HTTP/1.1", b"HTTP/1.0")
        self.assertEqual(exchange(listener.port, http10).status, 200)  # HTTP/1.0 needs none

    def test_http_1_0_with_chunked_closes_and_gets_no_interim_answer(self):
        listener = self.listen("--read-timeout", "60s")
        body = PAYLOAD
        chunked = (body_head(0, chunked=True).replace(b"HTTP/1.1", b"HTTP/1.0")
                   .replace(b"Connection: close", b"Connection: keep-alive")
                   + b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n")
        with socket.create_connection(("127.0.0.1", listener.port), timeout=30) as conn:
            conn.sendall(chunked)
            received = b""
            while True:  # read until the server closes: a kept-alive connection would time out
                chunk = conn.recv(65536)
                if not chunk:
                    break
                received += chunk
        self.assertTrue(received.startswith(b"HTTP/1.1 200 "), received[:100])
        self.assertIn(b"Connection: close", received)
        expect = (delivery(PAYLOAD).replace(b"HTTP/1.1", b"HTTP/1.0")
                  .replace(b"Connection: close\r\n", b"Connection: close\r\nExpect: 100-continue\r\n"))
        answer = exchange(listener.port, expect)
        self.assertEqual(answer.status, 200, answer)
        self.assertNotIn(b"100 Continue", answer.raw)


class ExtraAnswerTarget:
    """A target that answers each request and then, unasked, a second time on the same connection."""

    def __init__(self):
        self.count = 0
        target = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                data = b""
                while True:
                    while b"\r\n\r\n" not in data:
                        chunk = self.request.recv(65536)
                        if not chunk:
                            return
                        data += chunk
                    head, _, rest = data.partition(b"\r\n\r\n")
                    length = 0
                    for line in head.split(b"\r\n"):
                        if line.lower().startswith(b"content-length:"):
                            length = int(line.split(b":")[1])
                    while len(rest) < length:
                        rest += self.request.recv(65536)
                    data = rest[length:]
                    target.count += 1
                    # One write: the unasked answer arrives with the real one.
                    self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
                                         b"HTTP/1.1 418 Unasked\r\nContent-Length: 0\r\n\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ForwardTarget(AttackerTestCase):
    def test_an_unasked_answer_never_answers_the_next_delivery(self):
        target = ExtraAnswerTarget()
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/", "--quiet")
        statuses = []
        for _ in range(6):
            statuses.append(exchange(listener.port, delivery(PAYLOAD)).status)
        self.assertEqual(statuses, [200] * 6)
        self.assertEqual(target.count, 6)


def saved_request(body, coding=None, sig_body=None):
    """A saved delivery (.http) signed over sig_body (default: body), with its Content-Encoding."""
    head = (f"POST / HTTP/1.1\r\nHost: x\r\nX-Autosana-Signature-256: {signature(sig_body if sig_body is not None else body)}\r\n"
            + (f"Content-Encoding: {coding}\r\n" if coding else "") + f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


class BoundedDecoding(AttackerTestCase):
    def test_a_flood_of_empty_gzip_members_is_refused(self):
        listener = self.listen("--read-timeout", "60s")
        flood = gzip.compress(b"") * ((10 << 20) // 20)  # 10 MiB of 20-byte members
        answer = exchange(listener.port, saved_request(flood, "gzip").replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n"))
        self.assertEqual(answer.status, 400, answer)
        self.assertIn("more than 64 gzip members", listener.wait_for("gzip members"))

    def test_a_body_answered_413_is_saved_without_it_and_says_why(self):
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved)
        bomb = gzip.compress(gzip.compress(b"\x00" * (64 << 20)))  # "gzip, gzip": a few hundred bytes
        raw = saved_request(bomb, "gzip, gzip").replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n")
        self.assertEqual(exchange(listener.port, raw).status, 413)
        listener.wait_for("413")
        [name] = os.listdir(saved)
        with open(os.path.join(saved, name), "rb") as f:
            kept = f.read()
        self.assertTrue(kept.endswith(b"Content-Length: 0\r\n\r\n"), kept)
        self.assertIn(b"X-Autosana-Webhook-Body-Not-Saved: %d bytes answered 413" % len(bomb), kept)
        self.assertNotIn(bomb, kept)

    def test_readers_of_saved_requests_decode_within_max_body(self):
        body = PAYLOAD + b" " * (20 << 20)  # 20 MiB decoded, a few KiB saved
        path = self.write("big.http", saved_request(gzip.compress(body), "gzip", sig_body=body))
        started = time.monotonic()
        refused = run("verify", "--request", path)
        self.assertEqual(refused.status, 2, refused)
        self.assertIn("larger than 10485760 bytes", refused.stderr)
        raised = run("verify", "--request", path, "--max-body", "32MiB")
        self.assertEqual(raised.status, 0, raised)
        history = run("history", "--exit-zero", "--format", "json", path)
        self.assertIn("larger than 10485760 bytes", history.stderr)
        self.assertLess(time.monotonic() - started, 30)
        send = run("send", "--request", path, "--max-body", "1KiB", "http://127.0.0.1:9/")
        self.assertEqual(send.status, 2, send)
        self.assertIn("--max-body", run("verify", "--request", path, "--max-body", "lots").stderr)


class Consistency(AttackerTestCase):
    def test_max_age_reads_the_last_of_two_timestamps(self):
        listener = self.listen("--max-age", "5m", "--read-timeout", "60s")
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        body = ('{"timestamp":"%s","event":"batch.completed","timestamp":"2020-01-01T00:00:00Z"}' % now).encode()
        self.assertEqual(exchange(listener.port, delivery(body)).status, 401)
        fresh_last = ('{"timestamp":"2020-01-01T00:00:00Z","timestamp":"%s"}' % now).encode()
        self.assertEqual(exchange(listener.port, delivery(fresh_last)).status, 200)

    def test_send_re_signs_an_encoded_saved_delivery_over_what_verify_checks(self):
        listener = self.listen("--read-timeout", "60s")
        unsigned = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\n"
                    + b"Content-Length: %d\r\n\r\n" % len(gzip.compress(PAYLOAD)) + gzip.compress(PAYLOAD))
        path = self.write("encoded.http", unsigned)
        sent = run("send", "--request", path, f"http://127.0.0.1:{listener.port}/")
        self.assertEqual(sent.status, 0, sent)
        self.assertIn("200", listener.wait_for("200"))


class SaveQuota(AttackerTestCase):
    def folder(self, saved):
        files = sorted(os.listdir(saved))
        sizes = {name: os.path.getsize(os.path.join(saved, name)) for name in files}
        return files, sizes

    def test_rejected_deliveries_stay_within_their_share_and_verified_ones_are_never_dropped(self):
        # Before: everything anyone sent was kept, without limit (1 GB in 5 s on loopback).
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved, "--save-max", "100KiB", "--read-timeout", "60s", "--quiet")
        forged = delivery(PAYLOAD, sig="sha256=" + "0" * 64)
        for _ in range(20):
            self.assertEqual(exchange(listener.port, forged).status, 401)
        files, sizes = self.folder(saved)
        self.assertTrue(all(name.endswith("-rejected.http") for name in files), files)
        self.assertLessEqual(sum(sizes.values()), 10240)  # a tenth of --save-max
        self.assertGreater(len(files), 0)
        newest = files[-1]
        accepted = 0
        while True:
            status = exchange(listener.port, delivery(PAYLOAD)).status
            if status != 200:
                break
            accepted += 1
            self.assertLess(accepted, 200)
        self.assertEqual(status, 503)  # full of verified deliveries: the sender retries later
        files, sizes = self.folder(saved)
        self.assertNotIn(newest, files)  # rejected files made room
        self.assertEqual(len([name for name in files if not name.endswith("-rejected.http")]), accepted)
        self.assertLessEqual(sum(sizes.values()), 100 * 1024)
        # A rejected delivery never displaces a verified one; its answer is unchanged.
        self.assertEqual(exchange(listener.port, forged).status, 401)
        self.assertEqual(self.folder(saved)[0], files)

    def test_what_the_folder_holds_counts_after_a_restart(self):
        saved = os.path.join(self.dir, "saved")
        os.makedirs(saved)
        with open(os.path.join(saved, "20250101T000000Z-000001.http"), "wb") as f:
            f.write(b"x" * 8000)
        listener = self.listen("--save", saved, "--save-max", "4KiB")
        self.assertIn("more than --save-max", listener.err)
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 503)
        self.assertEqual(len(os.listdir(saved)), 1)  # the earlier verified file is kept


class DevelopmentCertificate(AttackerTestCase):
    """A handler on this machine served with a self-signed certificate: unreachable before."""

    def setUp(self):
        super().setUp()
        self.cert, self.key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key, "-out",
                        self.cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        self.target = Target(status=201, body=b"", tls=(self.cert, self.key))
        self.addCleanup(self.target.close)
        self.url = f"https://127.0.0.1:{self.target.port}/"

    def test_send_trusts_cacert_or_with_insecure_anything_and_says_so(self):
        refused = run("send", self.url, stdin=PAYLOAD)
        self.assertEqual(refused.status, 2, refused)
        self.assertIn("certificate cannot be verified", refused.stderr)
        trusted = run("send", "--cacert", self.cert, self.url, stdin=PAYLOAD)
        self.assertEqual((trusted.status, trusted.stdout), (0, "201 Created\n"), trusted)
        self.assertNotIn("insecure", trusted.stderr)
        insecure = run("send", "--insecure", self.url, stdin=PAYLOAD)
        self.assertEqual(insecure.status, 0, insecure)
        self.assertIn("--insecure: the URL's certificate is not verified", insecure.stderr)
        missing = run("send", "--cacert", os.path.join(self.dir, "none.pem"), self.url, stdin=PAYLOAD)
        self.assertEqual(missing.status, 2, missing)
        self.assertIn("--cacert", missing.stderr)
        not_pem = self.write("not.pem", b"hello")
        broken = run("send", "--cacert", not_pem, self.url, stdin=PAYLOAD)
        self.assertEqual(broken.status, 2, broken)
        self.assertIn("cannot load --cacert", broken.stderr)
        self.assertEqual(len(self.target.requests), 2)

    def test_listen_forwards_to_a_handler_with_a_development_certificate(self):
        plain = self.listen("--forward", self.url, "--quiet")
        self.assertEqual(exchange(plain.port, delivery(PAYLOAD)).status, 502)
        trusted = self.listen("--forward", self.url, "--cacert", self.cert, "--quiet")
        self.assertEqual(exchange(trusted.port, delivery(PAYLOAD)).status, 201)
        insecure = self.listen("--forward", self.url, "--insecure", "--quiet")
        self.assertIn("--insecure: the --forward target's certificate is not verified", insecure.err)
        self.assertEqual(exchange(insecure.port, delivery(PAYLOAD)).status, 201)
        self.assertEqual(len(self.target.requests), 2)
