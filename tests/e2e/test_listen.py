import json
import os
import signal
import socket
import threading
import time

from helpers import EXAMPLES, OTHER_SECRET, SECRET, TempDirTestCase, base_environment, run
from network import Answer, Listener, Target, delivery, exchange, free_port, signature

with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
    PAYLOAD = f.read()


class ListenTestCase(TempDirTestCase):
    def listen(self, *args, env=None):
        listener = Listener(self.dir, *args, env=env)
        self.addCleanup(listener.close)
        return listener


class Verdicts(ListenTestCase):
    def test_a_signed_delivery_is_answered_200_and_summarized_in_one_line(self):
        listener = self.listen()
        answer = exchange(listener.port, delivery(PAYLOAD))
        self.assertEqual(answer.status, 200, answer)
        line = listener.lines(1)[0]
        self.assertRegex(line, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  200  verified ")
        self.assertIn("My App on main: 2 of 3 groups passed, 1 failed", line)
        self.assertIn("1955 bytes from 127.0.0.1", line)

    def test_missing_wrong_and_malformed_signatures_get_the_same_401(self):
        listener = self.listen()
        answers = [exchange(listener.port, delivery(PAYLOAD, sig=False)),
                   exchange(listener.port, delivery(PAYLOAD, secret=OTHER_SECRET)),
                   exchange(listener.port, delivery(PAYLOAD, sig="sha256=nothex")),
                   exchange(listener.port, delivery(PAYLOAD, extra=f"X-Autosana-Signature-256: {signature(PAYLOAD)}\r\n".encode()))]
        self.assertEqual([a.status for a in answers], [401] * 4, answers)
        self.assertEqual(len({a.body for a in answers}), 1, answers)
        lines = listener.lines(4)
        reasons = "\n".join(lines)
        self.assertIn("no X-Autosana-Signature-256 header", reasons)
        self.assertIn("signature does not match", reasons)
        self.assertIn("malformed X-Autosana-Signature-256 header", reasons)
        self.assertIn("2 X-Autosana-Signature-256 headers", reasons)
        self.assertTrue(all("  401  rejected " in line for line in lines), lines)

    def test_explain_diagnoses_on_the_terminal_and_never_in_the_response(self):
        listener = self.listen("--explain")
        changed = PAYLOAD + b"\n"  # a framework added a newline after signing
        answer = exchange(listener.port, delivery(changed, sig=signature(PAYLOAD)))
        self.assertEqual(answer.status, 401)
        self.assertNotIn(b"newline", answer.raw)
        out = listener.wait_for("    advice: ")
        self.assertRegex(out, r"  diagnosis of the delivery at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d from 127\.0\.0\.1:\n"
                              r"    explain: this body has a trailing newline[^\n]*\n    advice: ")

    def test_a_diagnosis_runs_after_the_answer_and_never_delays_others(self):
        # A large body that nothing explains keeps the diagnosis busy for a good while.
        big = json.dumps({"items": [{"url": "https://x.test/%d" % i, "name": "flow %d" % i} for i in range(60000)]},
                         indent=2).encode()
        listener = self.listen("--explain", "--json", "--max-body", "20MiB")
        first = exchange(listener.port, delivery(big, secret=OTHER_SECRET))
        self.assertEqual(first.status, 401)
        answers = [exchange(listener.port, delivery(PAYLOAD)) for _ in range(3)]
        self.assertEqual([a.status for a in answers], [200] * 3)
        # The deliveries answered after it were printed before its diagnosis finished.
        records = [json.loads(line) for line in listener.lines(5, timeout=60)]
        self.assertEqual([r.get("status") for r in records[:4]], [401, 200, 200, 200], records)
        explanation = records[4]
        self.assertEqual(explanation["explanation_of"], records[0]["time"])
        self.assertEqual(explanation["explanation"][0]["code"], "no_known_cause")

    def test_a_body_over_the_explain_limit_is_not_diagnosed(self):
        listener = self.listen("--explain", "--explain-limit", "1KiB")
        exchange(listener.port, delivery(PAYLOAD, secret=OTHER_SECRET))
        out = listener.wait_for("    advice: ")
        self.assertIn("explain: not explained: the body is 1955 bytes, more than the 1024 an explanation reads", out)
        self.assertIn("advice: raise --explain-limit to explain it", out)

    def test_without_a_secret_deliveries_are_accepted_unverified(self):
        listener = self.listen(env=base_environment(AUTOSANA_WEBHOOK_SECRET=None))
        self.assertIn("accepted unverified", listener.err)
        answer = exchange(listener.port, delivery(PAYLOAD, sig=False))
        self.assertEqual(answer.status, 200, answer)
        self.assertIn("  200  unverified  My App", listener.lines(1)[0])

    def test_key_rotation_accepts_either_secret_and_names_the_one_that_matched(self):
        secret_file = self.write("old.txt", OTHER_SECRET + "\n")
        listener = self.listen("--secret-env", "AUTOSANA_WEBHOOK_SECRET", "--secret-file", secret_file, "--json")
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, secret=OTHER_SECRET)).status, 200)
        record = json.loads(listener.lines(1)[0])
        self.assertEqual(record["verdict"], "verified")
        self.assertEqual(record["secret"], "--secret-file " + secret_file)

    def test_json_lines_carry_the_batch(self):
        listener = self.listen("--json")
        exchange(listener.port, delivery(PAYLOAD))
        exchange(listener.port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        first, second = (json.loads(line) for line in listener.lines(2))
        self.assertEqual(first["status"], 200)
        self.assertEqual(first["app"], "My App")
        self.assertEqual(first["branch"], "main")
        self.assertEqual(first["groups"], {"total": 3, "passed": 2, "failed": 1, "in_progress": 0})
        self.assertFalse(first["passed"])
        self.assertEqual(second["verdict"], "refused")
        self.assertEqual(second["status"], 405)

    def test_an_unreadable_payload_is_still_accepted_when_signed(self):
        listener = self.listen()
        body = b"not json"
        self.assertEqual(exchange(listener.port, delivery(body)).status, 200)
        self.assertIn("payload not readable: not JSON", listener.lines(1)[0])

    def test_quiet_prints_no_lines_and_the_secret_never_shows(self):
        listener = self.listen("--quiet", "--secret", SECRET, "--explain")
        exchange(listener.port, delivery(PAYLOAD))
        exchange(listener.port, delivery(PAYLOAD + b" ", sig=signature(PAYLOAD)))
        self.assertEqual(listener.stop(), 0)
        self.assertEqual(listener.out, "")
        self.assertNotIn(SECRET, listener.err)
        self.assertIn("stopped after 2 requests (1 verified, 1 rejected)", listener.err)


class Routing(ListenTestCase):
    def test_other_methods_get_405_with_allow(self):
        listener = self.listen()
        for method in ("GET", "PUT", "DELETE", "PATCH"):
            answer = exchange(listener.port, f"{method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
            self.assertEqual(answer.status, 405, (method, answer))
            self.assertEqual(answer.headers.get("allow"), "POST")

    def test_path_option_and_404_elsewhere(self):
        listener = self.listen("--path", "/webhooks/autosana")
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 404)
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, path="/webhooks/autosana")).status, 200)
        # Refusals are logged from a thread of their own: the two lines may come in either order.
        lines = listener.lines(2)
        self.assertEqual(sum("  404  refused     POST /: not found" in line for line in lines), 1, lines)
        self.assertEqual(sum("  200  verified" in line for line in lines), 1, lines)

    def test_a_body_over_max_body_gets_413_declared_or_chunked(self):
        listener = self.listen("--max-body", "1KiB")
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 413)
        chunked = (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                   + f"X-Autosana-Signature-256: {signature(PAYLOAD)}\r\n\r\n".encode()
                   + b"".join(b"%x\r\n%s\r\n" % (len(PAYLOAD[i:i + 500]), PAYLOAD[i:i + 500]) for i in range(0, len(PAYLOAD), 500))
                   + b"0\r\n\r\n")
        self.assertEqual(exchange(listener.port, chunked).status, 413)
        small = b'{"a":1}'
        self.assertEqual(exchange(listener.port, delivery(small)).status, 200)

    def test_malformed_requests_get_400_and_the_listener_keeps_serving(self):
        # An idle connection would be closed after 30 s; each refused one must be closed at once.
        listener = self.listen("--read-timeout", "30s")
        signed = f"X-Autosana-Signature-256: {signature(b'abc')}\r\n".encode()
        cases = [  # (request, status, reason in the log line)
            # The library learns the peer only after the request line parses.
            (b"\x00\xff garbage\r\n\r\n", 400, "  refused     malformed request"),
            # The library alone would read "banana" as 0 and take the body for the next request.
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n" + signed + b"\r\nabc", 400,
             "POST /: Content-Length is not a number"),
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n" + signed + b"\r\nabc", 400,
             "POST /: two different Content-Length values"),
            (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n" + signed
             + b"\r\n3\r\nabc\r\n0\r\n\r\n", 400, "POST /: both Content-Length and Transfer-Encoding"),
            (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n" + signed + b"\r\nabc", 400,
             "POST /: Transfer-Encoding other than chunked"),
            # Without a length the library would wait for the connection to close to end the body.
            (b"POST / HTTP/1.1\r\nHost: x\r\n" + signed + b"\r\nabc", 411, "POST /: no Content-Length"),
        ]
        for request, status, reason in cases:
            # Closed by the server rather than kept alive with unread bytes that would be taken
            # for the next request: the exchange ends at the server's close, long before the idle
            # timeout (a connection kept alive would make it time out).
            answer = exchange(listener.port, request, timeout=20)
            self.assertEqual(answer.status, status, (request, answer))
            self.assertEqual(answer.headers.get("connection"), "close", answer)
            self.assertNotIn("keep-alive", answer.headers, answer)
            self.assertNotIn(b"signature", answer.body, answer)
        lines = listener.lines(len(cases))
        for (request, status, reason), line in zip(cases, lines):
            self.assertIn(f"  {status}  refused ", line)
            self.assertIn(reason, line)
        same_length_twice = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\nConnection: close\r\n"
        self.assertEqual(exchange(listener.port, same_length_twice + signed + b"\r\nabc").status, 200)
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 200)


class Faults(ListenTestCase):
    def test_a_truncated_body_is_not_accepted_and_not_saved(self):
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved)
        whole = delivery(PAYLOAD)
        answer = exchange(listener.port, whole[:-500], shutdown=True)
        # Nothing is answered to a request the client abandoned, and it is logged as refused.
        self.assertEqual(answer.raw, b"", answer)
        self.assertIn("  400  refused     POST /: the connection closed before the body was complete",
                      listener.lines(1)[0])
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 200)
        self.assertEqual(len(os.listdir(saved)), 1)

    def test_a_content_length_shorter_than_the_body_fails_verification(self):
        listener = self.listen()
        raw = delivery(PAYLOAD).replace(b"Content-Length: 1955", b"Content-Length: 1900")
        exchange(listener.port, raw, shutdown=True)  # the answer may be lost to a reset: 55 bytes unread
        line = listener.lines(1)[0]
        self.assertIn("  401  rejected    signature does not match", line)
        self.assertIn("1900 bytes", line)

    def test_a_content_length_longer_than_the_body_is_not_accepted(self):
        listener = self.listen()
        raw = delivery(PAYLOAD).replace(b"Content-Length: 1955", b"Content-Length: 2955")
        answer = exchange(listener.port, raw, shutdown=True)
        self.assertEqual(answer.raw, b"", answer)
        self.assertIn("  400  refused     POST /: the connection closed before the body was complete",
                      listener.lines(1)[0])
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 200)
        self.assertIn("  200  verified", listener.lines(2)[1])

    def test_a_chunked_body_is_verified_after_dechunking(self):
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved)
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(PAYLOAD[i:i + 700]), PAYLOAD[i:i + 700]) for i in range(0, len(PAYLOAD), 700))
        raw = (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
               + f"X-Autosana-Signature-256: {signature(PAYLOAD)}\r\n\r\n".encode() + chunks + b"0\r\n\r\n")
        self.assertEqual(exchange(listener.port, raw).status, 200)
        [name] = os.listdir(saved)
        self.assertEqual(run("verify", "--request", os.path.join(saved, name)).status, 0)

    def test_a_gzip_body_is_verified_decoded_and_saved_and_relayed_as_received(self):
        import gzip
        target = Target()
        self.addCleanup(target.close)
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--save", saved, "--forward", f"http://127.0.0.1:{target.port}/")
        encoded = gzip.compress(PAYLOAD)
        raw = delivery(encoded, sig=signature(PAYLOAD), extra=b"Content-Encoding: gzip\r\n")
        self.assertEqual(exchange(listener.port, raw).status, 200)
        [name] = os.listdir(saved)
        with open(os.path.join(saved, name), "rb") as f:
            text = f.read()
        self.assertIn(b"\r\nContent-Encoding: gzip\r\n", text)
        self.assertTrue(text.endswith(b"\r\n\r\n" + encoded))
        self.assertEqual(run("verify", "--request", os.path.join(saved, name)).status, 0)
        [(_, _, headers, _, body)] = target.requests
        self.assertEqual(body, encoded)
        self.assertEqual(headers["Content-Encoding"], "gzip")

    def test_slow_clients_do_not_hold_up_others(self):
        # A read timeout longer than any wait here: the slow clients must still be mid-request.
        listener = self.listen("--read-timeout", "120s")
        results = {}
        raw = delivery(PAYLOAD)
        pieces = [raw[i:i + 100] for i in range(0, len(raw), 100)]
        sending = threading.Event()
        others_answered = threading.Event()

        def slow():
            with socket.create_connection(("127.0.0.1", listener.port), timeout=60) as conn:
                for piece in pieces[:-1]:
                    conn.sendall(piece)
                    sending.set()
                    time.sleep(0.05)
                # The last piece waits for the other clients, so they are answered while this
                # request is unfinished, however slow the machine.
                others_answered.wait(60)
                conn.sendall(pieces[-1])
                results["slow"] = Answer(conn.recv(65536))

        thread = threading.Thread(target=slow)
        thread.start()
        stalled = socket.create_connection(("127.0.0.1", listener.port))  # sends half and waits
        stalled.sendall(raw[:700])
        sending.wait(60)
        try:
            for _ in range(5):
                self.assertEqual(exchange(listener.port, delivery(PAYLOAD), timeout=30).status, 200)
            self.assertNotIn("slow", results)
        finally:
            others_answered.set()
            thread.join(timeout=60)
            stalled.close()
        self.assertEqual(results["slow"].status, 200, results)

    def test_concurrent_deliveries_are_all_answered_and_logged(self):
        listener = self.listen()
        statuses = []

        def post():
            statuses.append(exchange(listener.port, delivery(PAYLOAD)).status)

        threads = [threading.Thread(target=post) for _ in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(statuses, [200] * 40)
        lines = listener.lines(40)
        self.assertEqual(len(lines), 40)
        self.assertTrue(all(" verified " in line for line in lines), lines)

    def test_a_port_in_use_is_a_clear_error_and_exit_2(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = run("listen", "--port", str(port), timeout=20)
        self.assertOneLineError(result, 2, f"cannot listen on 127.0.0.1:{port}: Address already in use")

    def test_bad_options_exit_2_before_listening(self):
        for args, fragment in ((["--path", "hook"], "--path must start with /"),
                               (["--max-body", "lots"], "--max-body"),
                               (["--forward", "ftp://x/"], "--forward"),
                               (["--host", "no.such.host.invalid", "--port", "0"], "cannot listen on no.such.host.invalid"),
                               (["--save", os.path.join(EXAMPLES, "payload.json")], "--save")):
            self.assertOneLineError(run("listen", *args, timeout=20), 2, fragment)
        self.assertOneLineError(run("listen", "--secret-env", "NOT_SET_ANYWHERE", timeout=20), 2, "NOT_SET_ANYWHERE")

    def test_sigterm_and_sigint_stop_it_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            listener = self.listen()
            exchange(listener.port, delivery(PAYLOAD))
            listener.lines(1)
            self.assertEqual(listener.stop(sig), 0)
            self.assertIn("listen: stopped after 1 request (1 verified)", listener.err)

    def test_stopping_finishes_a_delivery_still_arriving_and_waits_for_no_idle_connection(self):
        saved = os.path.join(self.dir, "saved")
        # Idle connections would hold the stop for two minutes if it waited for them.
        listener = self.listen("--save", saved, "--read-timeout", "120s")
        idle = socket.create_connection(("127.0.0.1", listener.port), timeout=60)
        self.addCleanup(idle.close)
        head, _, body = delivery(PAYLOAD).partition(b"\r\n\r\n")
        arriving = socket.create_connection(("127.0.0.1", listener.port), timeout=60)
        self.addCleanup(arriving.close)
        # Expect: 100-continue makes the listener say when it has the head: from then on the
        # delivery is in progress, whatever the machine's speed.
        arriving.sendall(head + b"\r\nExpect: 100-continue\r\n\r\n")
        self.assertTrue(arriving.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n"))
        listener.process.send_signal(signal.SIGTERM)
        self.assertEqual(idle.recv(1), b"")  # closed at once, not answered
        self.assertIsNone(listener.process.poll(), "stopped with a delivery half received")
        arriving.sendall(body)
        self.assertEqual(Answer(arriving.recv(65536)).status, 200)
        self.assertEqual(listener.process.wait(timeout=60), 0)
        self.assertIn("listen: stopped after 1 request (1 verified)", listener.err)
        self.assertEqual(len(os.listdir(saved)), 1)

    def test_stopping_waits_for_a_delivery_being_forwarded(self):
        release = threading.Event()
        target = Target(status=202, body=b"stored\n", gate=release)
        self.addCleanup(target.close)
        self.addCleanup(release.set)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/hook")
        answers = []
        client = threading.Thread(target=lambda: answers.append(exchange(listener.port, delivery(PAYLOAD), timeout=60)))
        client.start()
        deadline = time.monotonic() + 60
        while not target.requests and time.monotonic() < deadline:  # the handler has it
            time.sleep(0.02)
        self.assertEqual(len(target.requests), 1)
        listener.process.send_signal(signal.SIGTERM)
        release.set()
        client.join(60)
        self.assertEqual([(answer.status, answer.body) for answer in answers], [(202, b"stored\n")])
        self.assertEqual(listener.process.wait(timeout=60), 0)
        self.assertIn("forwarded: 202", listener.out)

    def test_a_reader_that_goes_away_ends_it_like_any_filter(self):
        import re
        import subprocess
        from helpers import BINARY
        process = subprocess.Popen([BINARY, "listen", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=base_environment())
        self.addCleanup(lambda: process.poll() is None and process.kill())
        port = int(re.search(rb":(\d+)/", process.stderr.readline()).group(1))
        exchange(port, delivery(PAYLOAD))
        self.assertIn(b" verified ", process.stdout.readline())
        process.stdout.close()  # | head -n 1
        exchange(port, delivery(PAYLOAD))
        self.assertEqual(process.wait(timeout=20), -signal.SIGPIPE)

    def test_it_still_serves_after_a_burst_of_damage(self):
        import random
        from helpers import mutate
        listener = self.listen()
        rng = random.Random(7)
        for _ in range(60):
            exchange(listener.port, mutate(rng, delivery(PAYLOAD)), shutdown=True, timeout=15)
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 200)
        self.assertIsNone(listener.process.poll())


class SaveAndForward(ListenTestCase):
    def test_saved_deliveries_verify_and_replay(self):
        saved = os.path.join(self.dir, "deliveries")
        listener = self.listen("--save", saved)
        exchange(listener.port, delivery(PAYLOAD))
        exchange(listener.port, delivery(PAYLOAD, secret=OTHER_SECRET))
        names = sorted(os.listdir(saved))
        self.assertEqual(len(names), 2)
        self.assertRegex(names[0], r"^\d{8}T\d{6}\.\d{3}Z-000001\.http$")
        good, bad = (os.path.join(saved, name) for name in names)
        self.assertEqual(oct(os.stat(good).st_mode & 0o777), "0o600")
        self.assertEqual(run("verify", "--request", good).status, 0)
        self.assertEqual(run("verify", "--request", bad).status, 1)
        self.assertIn(f"saved {good}", listener.lines(2)[0])
        replay = run("send", "--request", good, f"http://127.0.0.1:{listener.port}/")
        self.assertEqual(replay.status, 0, replay)
        self.assertEqual(replay.stdout, "200 OK\n")
        with open(good, "rb") as f:
            self.assertTrue(f.read().endswith(b"\r\n\r\n" + PAYLOAD))

    def test_forward_relays_the_bytes_and_headers_and_returns_the_handlers_answer(self):
        target = Target(status=202, body=b"queued\n")
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/hooks/autosana?x=1")
        raw = delivery(PAYLOAD, extra=b"X-Request-Id: abc-123\r\n")
        answer = exchange(listener.port, raw)
        self.assertEqual(answer.status, 202, answer)
        self.assertEqual(answer.body, b"queued\n")
        [(method, path, headers, _, body)] = target.requests
        self.assertEqual((method, path), ("POST", "/hooks/autosana?x=1"))
        self.assertEqual(body, PAYLOAD)
        self.assertEqual(headers["X-Autosana-Signature-256"], signature(PAYLOAD))
        self.assertEqual(headers["X-Request-Id"], "abc-123")
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertNotIn("REMOTE_ADDR", headers)
        self.assertIn("forwarded: 202", listener.lines(1)[0])

    def test_the_handlers_error_answer_is_passed_on_as_it_is(self):
        target = Target(status=500, body=b"")
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/")
        answer = exchange(listener.port, delivery(PAYLOAD))
        self.assertEqual(answer.status, 500, answer)
        self.assertEqual(answer.body, b"")  # not replaced with a refusal's body of our own
        self.assertIn("forwarded: 500", listener.lines(1)[0])

    def test_forward_drops_the_hop_by_hop_headers(self):
        target = Target()
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/hook")
        # RFC 9110 7.6.1: these, and whatever Connection names, are for one hop only.
        hop_by_hop = (b"Keep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: h2c\r\n"
                      b"Proxy-Connection: keep-alive\r\nX-Private: for this hop\r\n")
        raw = delivery(PAYLOAD, extra=hop_by_hop + b"X-Kept: end to end\r\n").replace(
            b"Connection: close\r\n", b"Connection: close, X-Private\r\n")
        self.assertEqual(exchange(listener.port, raw).status, 200)
        [(_, _, headers, names, body)] = target.requests
        lowered = [name.lower() for name in names]
        for name in ("keep-alive", "te", "upgrade", "proxy-connection", "x-private"):
            self.assertNotIn(name, lowered, names)
        self.assertNotIn("x-private", headers.get("Connection", "").lower())
        self.assertEqual(headers["X-Kept"], "end to end")
        self.assertEqual(headers["X-Autosana-Signature-256"], signature(PAYLOAD))
        self.assertEqual(body, PAYLOAD)

    def test_rejected_deliveries_are_not_forwarded(self):
        target = Target()
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/")
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD, secret=OTHER_SECRET)).status, 401)
        listener.lines(1)
        self.assertEqual(target.requests, [])

    def test_a_target_that_is_down_gets_502_and_the_delivery_is_still_saved(self):
        saved = os.path.join(self.dir, "saved")
        listener = self.listen("--forward", f"http://127.0.0.1:{free_port()}/", "--save", saved)
        answer = exchange(listener.port, delivery(PAYLOAD))
        self.assertEqual(answer.status, 502, answer)
        self.assertEqual(len(os.listdir(saved)), 1)
        line = listener.lines(1)[0]
        self.assertIn("  502  verified ", line)
        self.assertIn("forward failed: 127.0.0.1:", line)
        self.assertIn("cannot connect", line)
