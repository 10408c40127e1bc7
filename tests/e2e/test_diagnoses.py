"""Issue 25: every failure points at its cause. Each case here was reproduced on the build before
the fix (where the message misled or said "no known cause"), then fixed."""
import hashlib
import hmac
import json
import os
import time

from helpers import SECRET, TempDirTestCase, base_environment, run
from network import Listener, Target, delivery, exchange

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")
with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
    PAYLOAD = f.read()
HINT = "; --explain looks for the cause"


def signature(body, secret=SECRET):
    key = secret if isinstance(secret, bytes) else secret.encode()
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def explain_json(*args, stdin=b"", env=None):
    result = run("verify", "--json", "--explain", *args, stdin=stdin, env=env)
    return result, json.loads(result.stdout)


class PointAtExplain(TempDirTestCase):
    def test_a_failed_line_and_a_format_error_end_with_the_way_to_the_cause(self):
        wrong = signature(b"other")
        failed = run("verify", "-s", wrong, stdin=PAYLOAD)
        self.assertEqual(failed.status, 1)
        self.assertEqual(failed.stdout, "FAILED: signature does not match (tried --secret-env "
                         "AUTOSANA_WEBHOOK_SECRET)" + HINT + "\n")
        malformed = run("verify", "-s", "sha256=zz", stdin=PAYLOAD)
        self.assertEqual(malformed.status, 2)
        self.assertTrue(malformed.stderr.rstrip("\n").endswith(HINT), malformed.stderr)
        self.assertEqual(malformed.stderr.count("--explain"), 1)
        # Not on -q, not when --explain is already there, not on a match.
        self.assertEqual(run("verify", "-q", "-s", wrong, stdin=PAYLOAD).out, b"")
        self.assertEqual(run("verify", "-q", "-s", "sha256=zz", stdin=PAYLOAD).stderr.count("--explain"), 0)
        self.assertNotIn(HINT, run("verify", "--explain", "-s", wrong, stdin=PAYLOAD).stdout)
        self.assertNotIn("--explain", run("verify", "-s", signature(PAYLOAD), stdin=PAYLOAD).stdout)
        # A stale payload failed on its age, not its signature: no hint.
        stale = run("verify", "-s", signature(PAYLOAD), "--max-age", "5m", stdin=PAYLOAD)
        self.assertEqual(stale.status, 1)
        self.assertNotIn("--explain", stale.stdout)

    def test_a_check_list_with_failures_says_how_to_look_at_one(self):
        body = self.write("p.json", PAYLOAD)
        listing = self.write("list.sig", f"{signature(b'x')[7:]}  {body}\n".encode())
        result = run("verify", "--check", listing)
        self.assertEqual(result.status, 1)
        self.assertIn("--explain looks for the cause of one", result.stderr)


class PastedSignatures(TempDirTestCase):
    def test_what_was_pasted_around_the_value_is_named(self):
        good = signature(PAYLOAD)
        cases = [
            ("X-Autosana-Signature-256: " + good, "this is the whole header line"),
            ("x-autosana-signature-256: " + good, "give only the value after the colon"),
            ("sha256:" + good[7:], "starts with 'sha256:' where Autosana writes 'sha256='"),
            ("X-Hub-Signature-256: " + good, "looks like a whole header line"),
            (good[:60], "has 53 hex digits; an HMAC-SHA256 signature has 64: it looks cut short"),
        ]
        for value, words in cases:
            with self.subTest(value=value):
                result = run("verify", "-s", value, stdin=PAYLOAD)
                self.assertEqual(result.status, 2, result)
                self.assertIn(words, result.stderr)
                self.assertNotIn("not hex", result.stderr)

    def test_explain_reads_past_another_header_s_name_and_calls_a_short_one_cut(self):
        _, report = explain_json("-s", "X-Hub-Signature-256: " + signature(PAYLOAD), stdin=PAYLOAD)
        self.assertEqual([f["code"] for f in report["explanation"]], ["signature_with_header_line", "matches"])
        _, report = explain_json("-s", signature(PAYLOAD)[:50], stdin=PAYLOAD)
        self.assertEqual([f["code"] for f in report["explanation"]], ["signature_truncated"])
        self.assertIn("43 hex digits", report["explanation"][0]["text"])


class CutShortBodies(TempDirTestCase):
    def test_a_body_that_stops_inside_its_json_says_where(self):
        cut = PAYLOAD[:1000]
        _, report = explain_json("-s", signature(PAYLOAD), stdin=cut)
        codes = [f["code"] for f in report["explanation"]]
        self.assertIn("body_truncated", codes)
        self.assertNotIn("no_known_cause", codes)
        text = report["explanation"][codes.index("body_truncated")]["text"]
        line = cut.count(b"\n") + 1
        self.assertIn(f"line {line}, column", text)
        # A whole document with a fault inside is not called cut short.
        _, report = explain_json("-s", signature(PAYLOAD), stdin=b'{"a": tru, "b": 1}')
        self.assertNotIn("body_truncated", [f["code"] for f in report["explanation"]])


class TwoFaultsAtOnce(TempDirTestCase):
    """The Flask handler of the issue: json.dumps(request.json) signed with the secret read from a
    file whole, line break included."""

    def handler_signature(self, secret):
        body = json.dumps(json.loads(PAYLOAD)).encode()
        return signature(body, secret)

    def test_a_re_serialised_body_and_a_secret_with_its_line_break(self):
        secret_file = self.write("secret.txt", (SECRET + "\n").encode())
        env = base_environment(AUTOSANA_WEBHOOK_SECRET=None)
        result, report = explain_json("--secret-file", secret_file, "-s", self.handler_signature(SECRET + "\n"),
                                      stdin=PAYLOAD, env=env)
        [finding] = report["explanation"]
        self.assertEqual(finding["code"], "body_and_secret_changed", report)
        self.assertIn("json.dumps", finding["text"])
        self.assertIn("line break at the end kept", finding["text"])
        self.assertIn("request.get_data()", finding["advice"])
        # The same pair with a secret from the environment (no file to blame): the sender's, or yours.
        _, report = explain_json("-s", self.handler_signature(SECRET + "\n"), stdin=PAYLOAD)
        [finding] = report["explanation"]
        self.assertEqual(finding["code"], "body_and_secret_changed")
        self.assertIn("the sender's secret, or your handler's, has a trailing newline", finding["text"])

    def test_one_fault_alone_is_still_named_alone(self):
        _, report = explain_json("-s", self.handler_signature(SECRET), stdin=PAYLOAD)
        self.assertNotEqual(report["explanation"][0]["code"], "body_and_secret_changed")


class SecretFileLineBreak(TempDirTestCase):
    def test_removing_it_is_said_and_explain_tries_it_kept(self):
        for ending in ("\n", "\r\n"):
            with self.subTest(ending=repr(ending)):
                secret_file = self.write("secret.txt", (SECRET + ending).encode())
                env = base_environment(AUTOSANA_WEBHOOK_SECRET=None)
                ok = run("verify", "--secret-file", secret_file, "-s", signature(PAYLOAD), stdin=PAYLOAD, env=env)
                self.assertEqual(ok.status, 0)
                self.assertIn(f"note: --secret-file {secret_file} ends with a line break, which was removed",
                              ok.stderr)
                quiet = run("verify", "-q", "--secret-file", secret_file, "-s", signature(PAYLOAD),
                            stdin=PAYLOAD, env=env)
                self.assertEqual(quiet.err, b"")
                as_json = run("verify", "--json", "--secret-file", secret_file, "-s", signature(PAYLOAD),
                              stdin=PAYLOAD, env=env)
                self.assertEqual(json.loads(as_json.stdout)["secret_line_breaks_removed"],
                                 [f"--secret-file {secret_file}"])
                _, report = explain_json("--secret-file", secret_file, "-s", signature(PAYLOAD, SECRET + ending),
                                         stdin=PAYLOAD, env=env)
                self.assertEqual(report["explanation"][0]["code"], "secret_file_line_break")
        plain = self.write("plain.txt", SECRET.encode())
        result = run("verify", "--json", "--secret-file", plain, "-s", signature(PAYLOAD), stdin=PAYLOAD,
                     env=base_environment(AUTOSANA_WEBHOOK_SECRET=None))
        self.assertEqual(result.err, b"")
        self.assertEqual(json.loads(result.stdout)["secret_line_breaks_removed"], [])

    def test_no_known_cause_blames_neither_side_alone(self):
        _, report = explain_json("-s", signature(PAYLOAD, "someone else's"), stdin=PAYLOAD)
        text = report["explanation"][-1]["text"]
        self.assertIn("another secret than the ones tried: the sender's, or your handler's", text)
        self.assertNotIn("you do not have", text)


class CrlfSavedRequests(TempDirTestCase):
    def test_a_request_file_converted_to_crlf_is_read_as_written_and_says_how_to_keep_it(self):
        head = (f"POST / HTTP/1.1\r\nHost: x\r\nX-Autosana-Signature-256: {signature(PAYLOAD)}\r\n"
                f"Content-Length: {len(PAYLOAD)}\r\n\r\n").encode()
        path = self.write("delivery.http", head + PAYLOAD.replace(b"\n", b"\r\n"))
        result = run("verify", "--request", path)
        self.assertEqual(result.status, 0, result)
        self.assertIn("line ends were turned into CRLF", result.stderr)
        self.assertIn("'*.http -text' in .gitattributes", result.stderr)
        self.assertNotIn("were ignored", result.stderr)
        # Bytes after a body that is not a CRLF copy of it are still only ignored.
        other = self.write("other.http", head + PAYLOAD + b"junk")
        result = run("verify", "--request", other)
        self.assertEqual(result.status, 0, result)
        self.assertIn("4 bytes after the end of the request were ignored", result.stderr)


class TrailingWhitespaceNamed(TempDirTestCase):
    def test_exactly_what_was_added(self):
        compact = json.dumps(json.loads(PAYLOAD), separators=(",", ":")).encode()
        cases = [  # (added after the signed body, words)
            (b" ", "ends with 1 space that"),
            (b"  ", "ends with 2 spaces that"),
            (b"\t", "ends with a tab that"),
            (b"\n\n", "ends with 2 line breaks that"),
            (b" \t\n", "ends with 1 space, a tab and a line break that"),
        ]
        for added, words in cases:
            with self.subTest(added=added):
                _, report = explain_json("-s", signature(compact), stdin=compact + added)
                texts = [f["text"] for f in report["explanation"]]
                self.assertTrue(any(words in text for text in texts), texts)
        # After the line break the signed body ended with.
        _, report = explain_json("-s", signature(compact + b"\n"), stdin=compact + b"\n ")
        self.assertIn("ends with 1 space after the line break the signed body ended with",
                      report["explanation"][0]["text"])


class ListenSaysWhatTheHandlerDid(TempDirTestCase):
    def listen(self, *args):
        listener = Listener(self.dir, *args)
        self.addCleanup(listener.close)
        return listener

    def test_a_verified_delivery_refused_by_the_handler_is_said_plainly(self):
        target = Target(status=401, body=b"bad signature\n")
        self.addCleanup(target.close)
        listener = self.listen("--json", "--forward", f"http://127.0.0.1:{target.port}/")
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 401)
        record = json.loads(listener.lines(1)[0])
        self.assertEqual(record["verdict"], "verified")
        self.assertEqual(record["forward"]["status"], 401)
        self.assertEqual(record["forward"]["problem"]["code"], "handler_refused_verified")
        text_listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/")
        exchange(text_listener.port, delivery(PAYLOAD))
        out = text_listener.wait_for("handler:")
        self.assertRegex(out, r"forwarded: 401 in [0-9.]+ m?s\n    handler: your handler refused")
        self.assertIn("handler: your handler refused (401) a delivery that verified here", out)
        self.assertIn("verify --explain --request", out)

    def test_a_handler_that_accepts_or_a_rejected_delivery_adds_nothing(self):
        target = Target(status=200)
        self.addCleanup(target.close)
        listener = self.listen("--forward", f"http://127.0.0.1:{target.port}/")
        exchange(listener.port, delivery(PAYLOAD))
        exchange(listener.port, delivery(PAYLOAD, sig=signature(b"other")))
        listener.lines(2)
        time.sleep(0.2)
        self.assertNotIn("handler:", listener.out)

    def test_a_stale_delivery_s_reason_is_a_sentence(self):
        listener = self.listen("--max-age", "5m")
        self.assertEqual(exchange(listener.port, delivery(PAYLOAD)).status, 401)
        line = listener.lines(1)[0]
        self.assertIn("signature matches (secret from --secret-env AUTOSANA_WEBHOOK_SECRET) but timestamp is ",
                      line)
        self.assertIn(" old (limit 5m)", line)

    def test_the_inspector_shows_the_handler_s_refusal(self):
        import re
        target = Target(status=403, body=b"no\n")
        self.addCleanup(target.close)
        listener = self.listen("--inspect", "127.0.0.1:0", "--forward", f"http://127.0.0.1:{target.port}/")
        deadline = time.time() + 30
        while not re.search(r"inspector on http://127\.0\.0\.1:(\d+)/\?token=(\w+)", listener.err):
            self.assertLess(time.time(), deadline, listener.err)
            time.sleep(0.02)
        port, token = re.search(r"inspector on http://127\.0\.0\.1:(\d+)/\?token=(\w+)", listener.err).groups()
        exchange(listener.port, delivery(PAYLOAD))
        listener.lines(1)

        def get(path):
            head = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Inspector-Token: {token}\r\n"
                    "Connection: close\r\n\r\n")
            return json.loads(exchange(int(port), head.encode()).body)

        [row] = get("/api/deliveries")["deliveries"]
        self.assertIn("your handler refused (403) a delivery that verified here", row["forward_problem"])
        details = get(f"/api/deliveries/{row['id']}")
        self.assertIn("re-encoded body", details["forward"]["problem"])
