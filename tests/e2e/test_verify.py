import hashlib
import hmac
import json
import os

from helpers import OTHER_SECRET, SECRET, TempDirTestCase, base_environment, run

BODY = (b'{"event":"batch.completed","timestamp":"2025-01-31T12:34:56.789Z",'
        b'"app":{"id":"com.example.myapp","name":"My App","platform":"android"}}')


def signature(body, secret=SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def request(body, sig=None, chunked=False, line_end=b"\r\n", header=b"X-Autosana-Signature-256"):
    sig = signature(body) if sig is None else sig
    lines = [b"POST /hooks HTTP/1.1", b"Host: example.test", b"Content-Type: application/json"]
    if sig is not False:
        lines.append(header + b": " + sig.encode())
    if chunked:
        lines.append(b"Transfer-Encoding: chunked")
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7))
        return line_end.join(lines) + line_end + line_end + chunks + b"0\r\n\r\n"
    lines.append(b"Content-Length: %d" % len(body))
    return line_end.join(lines) + line_end + line_end + body


class VerifySignatureSources(TempDirTestCase):
    def test_matching_signature_from_the_option(self):
        path = self.write("p.json", BODY)
        result = run("verify", "--signature", signature(BODY), path)
        self.assertEqual(result.status, 0, result)
        self.assertEqual(result.stdout, "OK: signature matches (secret from --secret-env AUTOSANA_WEBHOOK_SECRET)\n")

    def test_lenient_forms_of_the_signature(self):
        hex_digits = signature(BODY)[7:]
        for value in (hex_digits, hex_digits.upper(), "  sha256=" + hex_digits + "\n", "SHA256=" + hex_digits):
            self.assertEqual(run("verify", "-s", value, stdin=BODY).status, 0, value)

    def test_mismatch_is_exit_1(self):
        result = run("verify", "-s", signature(BODY + b" "), stdin=BODY)
        self.assertEqual(result.status, 1, result)
        self.assertTrue(result.stdout.startswith("FAILED: signature does not match"), result)

    def test_malformed_signatures_are_trouble_not_crashes(self):
        for value, fragment in ((signature(BODY)[:-1], "63 hex digits"), ("sha256=" + "g" * 64, "not hex"),
                                ("", "empty"), ("sha1=" + "a" * 40, "HMAC-SHA1"), ("x" * 100000, "not hex")):
            self.assertOneLineError(run("verify", "-s", value, stdin=BODY), 2, fragment)

    def test_request_file_with_crlf_lf_and_chunked(self):
        for raw in (request(BODY), request(BODY, line_end=b"\n"), request(BODY, chunked=True),
                    request(BODY, header=b"x-AUTOSANA-signature-256")):
            path = self.write("r.http", raw)
            result = run("verify", "--request", path)
            self.assertEqual(result.status, 0, (raw, result))

    def test_request_problems_are_named(self):
        path = self.write("r.http", request(BODY, sig=False))
        self.assertOneLineError(run("verify", "--request", path), 2, "has no X-Autosana-Signature-256 header")
        path = self.write("r2.http", request(BODY, sig=False, header=b"X-Hub-Signature-256").replace(
            b"Host:", b"X-Hub-Signature-256: sha256=00\r\nHost:"))
        self.assertIn("(it has X-Hub-Signature-256)", run("verify", "--request", path).stderr)
        path = self.write("r3.http", request(BODY)[:-10])
        self.assertOneLineError(run("verify", "--request", path), 2, "truncated")
        path = self.write("r4.http", BODY)
        self.assertOneLineError(run("verify", "--request", path), 2, "not an HTTP request")

    def test_signature_option_overrides_the_request_header(self):
        path = self.write("r.http", request(BODY, sig=signature(b"other")))
        self.assertEqual(run("verify", "--request", path).status, 1)
        self.assertEqual(run("verify", "--request", path, "--signature", signature(BODY)).status, 0)

    def test_cgi_environment_variable(self):
        env = base_environment(HTTP_X_AUTOSANA_SIGNATURE_256=signature(BODY))
        result = run("verify", "--json", stdin=BODY, env=env)
        self.assertEqual(result.status, 0, result)
        self.assertEqual(json.loads(result.stdout)["signature_from"], "HTTP_X_AUTOSANA_SIGNATURE_256")

    def test_no_signature_anywhere_is_trouble(self):
        self.assertOneLineError(run("verify", stdin=BODY), 2, "no signature")


class VerifySecrets(TempDirTestCase):
    def test_rotation_names_the_matching_source(self):
        old = self.write("old.txt", OTHER_SECRET + "\n")
        new = self.write("new.txt", "brand-new-secret\n")
        result = run("verify", "--secret-file", new, "--secret-file", old, "-s", signature(BODY, OTHER_SECRET), stdin=BODY)
        self.assertEqual(result.status, 0, result)
        self.assertIn(f"(secret from --secret-file {old})", result.stdout)
        self.assertNoSecret(result, OTHER_SECRET, "brand-new-secret")

    def test_a_secret_given_as_the_signature_is_never_quoted(self):
        # The secret file holds c2VjcmV0cGFzcw==; pasted as the signature, the error used to quote
        # all of it but its last byte, which redaction (whole secrets only) did not catch.
        secret = "c2VjcmV0cGFzcw=="
        key = self.write("secret.txt", secret + "\n")
        body = self.write("p.json", BODY)
        for value in (secret, "sha256=" + secret):
            result = run("verify", "--secret-file", key, "--signature", value, body)
            self.assertEqual(result.status, 2, result)
            self.assertNotIn("c2Vj", result.stdout + result.stderr)
        listed = self.write("list.sig", f"{secret}  {body}\n")
        result = run("verify", "--secret-file", key, "--check", listed, "--json")
        self.assertEqual(result.status, 1, result)
        self.assertNotIn("c2Vj", result.stdout + result.stderr)
        self.assertIn("prefix that is not 'sha256='", json.loads(result.stdout)["files"][0]["reason"])

    def test_a_file_after_secret_options_is_the_body(self):
        old = self.write("old.txt", OTHER_SECRET)
        path = self.write("p.json", BODY)
        result = run("verify", "--secret-file", old, "--secret-env", "AUTOSANA_WEBHOOK_SECRET", "-s", signature(BODY), path)
        self.assertEqual(result.status, 0, result)
        self.assertEqual(result.stdout, "OK: signature matches (secret from --secret-env AUTOSANA_WEBHOOK_SECRET)\n")

    def test_failure_lists_the_sources_tried(self):
        old = self.write("old.txt", OTHER_SECRET)
        result = run("verify", "--secret-env", "AUTOSANA_WEBHOOK_SECRET", "--secret-file", old, "-s", signature(b"x"), stdin=BODY)
        self.assertEqual(result.status, 1)
        self.assertIn(f"tried --secret-env AUTOSANA_WEBHOOK_SECRET, --secret-file {old}", result.stdout)

    def test_empty_or_missing_secret_is_trouble(self):
        self.assertOneLineError(run("verify", "-s", signature(BODY), stdin=BODY,
                                    env=base_environment(AUTOSANA_WEBHOOK_SECRET="")), 2, "is empty")
        self.assertOneLineError(run("verify", "-s", signature(BODY), "--secret-env", "UNSET_VARIABLE", stdin=BODY),
                                2, "UNSET_VARIABLE is not set")


class VerifyOutputModes(TempDirTestCase):
    def test_quiet_prints_nothing(self):
        ok = run("verify", "-q", "-s", signature(BODY), stdin=BODY)
        bad = run("verify", "--quiet", "-s", signature(b"x"), stdin=BODY)
        self.assertEqual((ok.status, ok.out, ok.err), (0, b"", b""))
        self.assertEqual((bad.status, bad.out, bad.err), (1, b"", b""))

    def test_json_verdicts(self):
        ok = json.loads(run("verify", "--json", "-s", signature(BODY), stdin=BODY).stdout)
        self.assertEqual(ok["valid"], True)
        self.assertEqual(ok["secret"], "--secret-env AUTOSANA_WEBHOOK_SECRET")
        self.assertEqual(ok["bytes"], len(BODY))
        result = run("verify", "--json", "--explain", "-s", signature(BODY), stdin=BODY + b"\n")
        bad = json.loads(result.stdout)
        self.assertEqual(result.status, 1)
        self.assertEqual(bad["valid"], False)
        self.assertIsNone(bad["secret"])
        self.assertIn("signature does not match", bad["reason"])
        self.assertIn("trailing newline", bad["explanation"][0]["text"])
        self.assertNoSecret(result)

    def test_pipe_writes_the_verified_body_only_on_success(self):
        body = BODY + b"\r\n\x00\xff"
        ok = run("verify", "--pipe", "-s", signature(body), stdin=body)
        self.assertEqual(ok.status, 0)
        self.assertEqual(ok.out, body)
        self.assertIn("OK: signature matches", ok.stderr)
        bad = run("verify", "--pipe", "-s", signature(b"x"), stdin=body)
        self.assertEqual((bad.status, bad.out), (1, b""))
        self.assertIn("FAILED", bad.stderr)

    def test_pipe_from_a_request_and_a_large_stream(self):
        path = self.write("r.http", request(BODY, chunked=True))
        self.assertEqual(run("verify", "--pipe", "-q", "--request", path).out, BODY)
        big = os.urandom(5 * 1024 * 1024 + 3)
        result = run("verify", "--pipe", "-q", "-s", signature(big), stdin=big)
        self.assertEqual(result.status, 0)
        self.assertTrue(result.out == big)

    def test_check_list_like_sha256sum(self):
        a = self.write("a.json", b"{}")
        b = self.write("b.json", BODY)
        listing = run("sign", a, b).out
        list_path = self.write("list.sig", listing)
        result = run("verify", "--check", list_path)
        self.assertEqual(result.status, 0, result)
        self.assertEqual(result.stdout, f"{a}: OK\n{b}: OK\n")
        self.write("b.json", BODY + b"\n")
        result = run("verify", "--check", list_path)
        self.assertEqual(result.status, 1)
        self.assertEqual(result.stdout, f"{a}: OK\n{b}: FAILED\n")
        os.remove(a)
        result = run("verify", "-c", list_path, "--json")
        report = json.loads(result.stdout)
        self.assertEqual((report["valid"], report["checked"], report["failed"]), (False, 2, 2))
        self.assertEqual(report["files"][0]["reason"], "open or read")

    def test_check_list_problems(self):
        self.assertOneLineError(run("verify", "--check", self.write("l", "garbage line\n")), 2, "line 1 of the list")
        self.assertOneLineError(run("verify", "--check", self.write("e", "")), 2, "lists no files")
        self.assertOneLineError(run("verify", "--check", self.write("x", "sha256=00  a\n"), "--pipe"), 2, "--check")


class VerifyMaxAge(TempDirTestCase):
    def test_fresh_stale_and_future(self):
        sig = signature(BODY)
        ok = run("verify", "-s", sig, "--max-age", "5m", "--now", "2025-01-31T12:36:00Z", stdin=BODY)
        self.assertEqual(ok.status, 0, ok)
        self.assertIn("timestamp is 1m 3s old (limit 5m)", ok.stdout)
        stale = run("verify", "-s", sig, "--max-age", "300s", "--now", "2025-01-31T15:36:00Z", stdin=BODY)
        self.assertEqual(stale.status, 1)
        self.assertIn("but timestamp is 3h 1m old (limit 5m)", stale.stdout)
        future = run("verify", "-s", sig, "--max-age", "1h", "--now", "2025-01-31T10:00:00Z", stdin=BODY)
        self.assertEqual(future.status, 1)
        self.assertIn("in the future", future.stdout)
        report = json.loads(run("verify", "--json", "-s", sig, "--max-age", "1h", "--now", "2025-01-31T12:35:56.789Z", stdin=BODY).stdout)
        self.assertEqual((report["valid"], report["age_seconds"], report["timestamp"]), (True, 60.0, "2025-01-31T12:34:56.789Z"))

    def test_real_clock_makes_an_old_payload_stale(self):
        self.assertEqual(run("verify", "-q", "-s", signature(BODY), "--max-age", "1h", stdin=BODY).status, 1)

    def test_age_from_a_large_spooled_body(self):
        body = BODY[:-1] + b',"padding":"' + b"x" * (6 * 1024 * 1024) + b'"}'
        result = run("verify", "-s", signature(body), "--max-age", "1d", "--now", "2025-02-01T00:00:00Z", stdin=body)
        self.assertEqual(result.status, 0, result)

    def test_a_payload_without_a_usable_timestamp_fails(self):
        body = b'{"event":"batch.completed"}'
        result = run("verify", "-s", signature(body), "--max-age", "5m", stdin=body)
        self.assertEqual(result.status, 1)
        self.assertIn("no top-level \"timestamp\"", result.stdout)
        body = b'{"timestamp":"yesterday"}'
        self.assertIn("not an RFC 3339 time", run("verify", "-s", signature(body), "--max-age", "5m", stdin=body).stdout)

    def test_bad_durations_and_times_are_trouble(self):
        self.assertOneLineError(run("verify", "-s", signature(BODY), "--max-age", "5", stdin=BODY), 2, "invalid duration")
        self.assertOneLineError(run("verify", "-s", signature(BODY), "--max-age", "5m", "--now", "noon", stdin=BODY), 2, "--now")
        self.assertOneLineError(run("verify", "-s", signature(BODY), "--now", "2025-01-31T12:36:00Z", stdin=BODY), 2, "only matters with --max-age")

    def test_a_bad_signature_is_reported_before_the_age(self):
        result = run("verify", "-s", signature(b"x"), "--max-age", "5m", stdin=BODY)
        self.assertEqual(result.status, 1)
        self.assertIn("signature does not match", result.stdout)


class VerifyExplain(TempDirTestCase):
    def explain(self, body, sig, *extra, env=None):
        result = run("verify", "--explain", "-s", sig, *extra, stdin=body, env=env)
        self.assertNoSecret(result)
        return result

    def test_trailing_newline(self):
        result = self.explain(BODY + b"\n", signature(BODY))
        self.assertEqual(result.status, 1)
        self.assertIn("explain: this body has a trailing newline", result.stdout)

    def test_reserialised_json(self):
        pretty = json.dumps(json.loads(BODY), indent=2).encode()
        self.assertIn("re-serialised", self.explain(pretty, signature(BODY)).stdout)
        python_style = json.dumps(json.loads(BODY)).encode()
        self.assertIn("Python's json.dumps", self.explain(BODY, signature(python_style)).stdout)

    def test_secret_with_a_newline(self):
        self.assertIn("followed by a newline", self.explain(BODY, signature(BODY, SECRET + "\n")).stdout)

    def test_wrong_secret_among_several(self):
        path = self.write("old.txt", OTHER_SECRET)
        result = self.explain(BODY, signature(BODY), "--secret-file", path)
        self.assertIn("different secret: it matches the secret from --secret-env AUTOSANA_WEBHOOK_SECRET", result.stdout)

    def test_signature_shapes(self):
        raw = hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()
        import base64
        result = self.explain(BODY, base64.b64encode(raw).decode())
        self.assertEqual(result.status, 2)
        self.assertIn("explain: the signature is base64-encoded", result.stderr)
        sha1 = "sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest()
        self.assertIn("HMAC-SHA1 of this body", self.explain(BODY, sha1).stderr)
        self.assertIn("prefix twice", self.explain(BODY, "sha256=" + signature(BODY)).stderr)

    def test_unrelated_body_has_no_known_cause(self):
        result = self.explain(b'{"unrelated":true}', signature(BODY))
        self.assertIn("explain: no known cause", result.stdout)

    def test_explain_works_on_requests(self):
        path = self.write("r.http", request(BODY + b"\n", sig=signature(BODY)))
        self.assertIn("trailing newline", run("verify", "--explain", "--request", path).stdout)

    def test_each_cause_comes_with_advice(self):
        result = self.explain(BODY + b"\n", signature(BODY))
        lines = result.stdout.splitlines()
        self.assertTrue(lines[1].startswith("explain: this body has a trailing newline"), lines)
        self.assertTrue(lines[2].startswith("advice: "), lines)

    def test_env_line_secret_is_blamed_before_the_default_variable(self):
        # The default variable holds the right secret too, but the user gave the .env line.
        path = self.write("dotenv", "export AUTOSANA_WEBHOOK_SECRET='%s'\n" % SECRET)
        result = self.explain(BODY, signature(BODY), "--secret-file", path)
        self.assertIn("is a whole .env line", result.stdout)
        self.assertNotIn("different secret", result.stdout)

    def test_signature_text_mistakes(self):
        digits = signature(BODY)[7:]
        quoted = self.explain(BODY, '"sha256=%s"' % digits)
        self.assertEqual(quoted.status, 2)
        self.assertIn("explain: the signature has quotes around it", quoted.stderr)
        colon = self.explain(BODY, "sha256:" + digits)
        self.assertIn("explain: the signature starts with 'sha256:'", colon.stderr)
        self.assertNotIn("header name", colon.stderr)
        self.assertIn("the header's name, not its value", self.explain(BODY, "X-Autosana-Signature-256").stderr)
        self.assertIn("the signature is empty", self.explain(BODY, "").stderr)
        plain = "sha256=" + hashlib.sha256(BODY).hexdigest()
        self.assertIn("plain SHA-256 of this body, not an HMAC", self.explain(BODY, plain).stdout)

    def test_a_body_over_the_limit_is_not_explained(self):
        result = self.explain(BODY + b"\n", signature(BODY), "--explain-limit", "100")
        self.assertEqual(result.status, 1)
        self.assertIn("explain: not explained: the body is %d bytes, more than --explain-limit (100)" % (len(BODY) + 1),
                      result.stdout)
        self.assertIn("advice: raise --explain-limit", result.stdout)
        malformed = self.explain(b"x" * 5000, "nothex", "--explain-limit", "1KiB")
        self.assertIn("not explained: the body is over 1024 bytes", malformed.stderr)
        self.assertOneLineError(run("verify", "--explain", "--explain-limit", "lots", "-s", signature(BODY), stdin=BODY),
                                2, "--explain-limit")

    def test_json_for_every_outcome(self):
        malformed = run("verify", "--json", "--explain", "-s", '"sha256:%s"' % signature(BODY)[7:], stdin=BODY)
        self.assertEqual(malformed.status, 2)
        verdict = json.loads(malformed.stdout)
        self.assertEqual((verdict["valid"], verdict["exit_status"], verdict["signature_source"]), (False, 2, "option"))
        self.assertIn("invalid signature", verdict["error"])
        self.assertEqual([item["code"] for item in verdict["explanation"]],
                         ["signature_quoted", "signature_colon_prefix", "matches"])
        self.assertIn("invalid signature", malformed.stderr)  # and the error as usual
        no_secret = run("verify", "--json", "-s", signature(BODY), "--secret-env", "UNSET_VARIABLE", stdin=BODY)
        self.assertEqual(no_secret.status, 2)
        self.assertIn("UNSET_VARIABLE is not set", json.loads(no_secret.stdout)["error"])
        path = self.write("r.http", request(BODY))
        self.assertEqual(json.loads(run("verify", "--json", "--request", path).stdout)["signature_source"], "request")
        env = dict(base_environment(), HTTP_X_AUTOSANA_SIGNATURE_256=signature(BODY))
        self.assertEqual(json.loads(run("verify", "--json", stdin=BODY, env=env).stdout)["signature_source"], "cgi")


class VerdictColour(TempDirTestCase):
    def test_colour_rules(self):
        ok, bad = ("-s", signature(BODY)), ("-s", signature(b"x"))
        self.assertNotIn("\x1b[", run("verify", *ok, stdin=BODY).stdout)
        self.assertTrue(run("verify", "--color", "always", *ok, stdin=BODY).stdout.startswith("\x1b[32mOK:\x1b[0m signature matches"))
        self.assertTrue(run("verify", "--color", "always", *bad, stdin=BODY,
                            env=base_environment(NO_COLOR="1")).stdout.startswith("\x1b[31mFAILED:\x1b[0m "))
        self.assertNotIn("\x1b[", run("verify", "--color", "never", *ok, stdin=BODY).stdout)

    def test_on_a_terminal_unless_no_color(self):
        import pty
        import subprocess
        from helpers import BINARY
        for env, coloured in ((base_environment(), True), (base_environment(NO_COLOR="1"), False)):
            leader, follower = pty.openpty()
            completed = subprocess.run([BINARY, "verify", "-s", signature(BODY)], input=BODY, stdout=follower,
                                       stderr=subprocess.PIPE, env=env)
            os.close(follower)
            output = os.read(leader, 65536)
            os.close(leader)
            self.assertEqual(completed.returncode, 0)
            self.assertEqual(b"\x1b[32mOK:" in output, coloured, output)


class Redaction(TempDirTestCase):
    def test_the_tools_own_words_are_not_garbled(self):
        path = self.write("key", "secret")
        os.chmod(path, 0o600)
        ok = run("verify", "--secret-file", path, "-s", signature(BODY, "secret"), stdin=BODY)
        self.assertEqual(ok.stdout, "OK: signature matches (secret from --secret-file %s)\n" % path)
        short = self.write("x", "x")
        os.chmod(short, 0o600)
        failed = run("verify", "--explain", "--secret-file", short, "-s", signature(b"other", "x"), stdin=BODY)
        self.assertIn("\nexplain: no known cause", failed.stdout)
        self.assertNotIn("e[redacted]plain", failed.stdout)

    def test_text_from_outside_is_still_redacted(self):
        path = self.write("key", "c2VjcmV0cGFzcw==")
        os.chmod(path, 0o600)
        result = run("verify", "--secret-file", path, "--signature", "c2VjcmV0cGFzcw==", stdin=BODY)
        self.assertEqual(result.status, 2)
        self.assertNotIn("c2VjcmV0cGFzcw", result.stderr)
        header = self.write("r.http", request(BODY, header=b"X-c2VjcmV0cGFzcw==-Signature"))
        result = run("verify", "--secret-file", path, "--request", header)
        self.assertNotIn("c2VjcmV0cGFzcw==", result.stderr)
