import os
import socket
import subprocess
import threading

from helpers import EXAMPLES, OTHER_SECRET, SECRET, TempDirTestCase, base_environment, run
from network import Target, free_port, signature

with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
    PAYLOAD = f.read()


class SendTestCase(TempDirTestCase):
    def target(self, **kwargs):
        target = Target(**kwargs)
        self.addCleanup(target.close)
        return target


class Send(SendTestCase):
    def test_posts_the_body_byte_for_byte_with_its_signature(self):
        target = self.target()
        body = PAYLOAD + b"\r\n\x00 trailing bytes kept"
        path = self.write("body.json", body)
        result = run("send", f"http://127.0.0.1:{target.port}/hook?a=b", path)
        self.assertEqual(result.status, 0, result)
        self.assertEqual(result.stdout, "200 OK\n")
        [(method, url_path, headers, _, received)] = target.requests
        self.assertEqual((method, url_path), ("POST", "/hook?a=b"))
        self.assertEqual(received, body)
        self.assertEqual(headers["X-Autosana-Signature-256"], signature(body))
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertTrue(headers["User-Agent"].startswith("autosana-webhook/"))
        self.assertNoSecret(result)

    def test_standard_input_is_the_default_body(self):
        target = self.target()
        self.assertEqual(run("send", f"http://127.0.0.1:{target.port}/", stdin=PAYLOAD).status, 0)
        self.assertEqual(target.requests[0][4], PAYLOAD)

    def test_a_non_2xx_answer_exits_1_and_verbose_shows_the_response(self):
        target = self.target(status=500, body=b"handler exploded")
        result = run("send", "-v", f"http://127.0.0.1:{target.port}/", stdin=PAYLOAD)
        self.assertEqual(result.status, 1, result)
        self.assertTrue(result.stdout.startswith("HTTP/1.1 500 Internal Server Error\n"), result)
        self.assertIn("Content-Type: text/plain\n", result.stdout)
        self.assertTrue(result.stdout.endswith("\n\nhandler exploded"), result)

    def test_extra_headers_add_or_replace(self):
        target = self.target()
        result = run("send", "-H", "X-Request-Id: 42", "--header", "content-type: text/plain",
                     f"http://127.0.0.1:{target.port}/", stdin=PAYLOAD)
        self.assertEqual(result.status, 0, result)
        _, _, headers, names, _ = target.requests[0]
        self.assertEqual(headers["X-Request-Id"], "42")
        self.assertEqual([n.lower() for n in names].count("content-type"), 1)
        self.assertEqual(headers["content-type"], "text/plain")

    def test_a_saved_request_is_replayed_with_its_own_signature_unless_a_secret_is_given(self):
        target = self.target()
        stale = "sha256=" + "ab" * 32
        saved = self.write("delivery.http", b"POST /original HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"
                           + f"X-Autosana-Signature-256: {stale}\r\nX-Trace: t1\r\nContent-Length: {len(PAYLOAD)}\r\n\r\n".encode() + PAYLOAD)
        url = f"http://127.0.0.1:{target.port}/new"
        self.assertEqual(run("send", "--request", saved, url).status, 0)
        self.assertEqual(run("send", "--request", saved, url, "--secret-env", "AUTOSANA_WEBHOOK_SECRET").status, 0)
        (_, path1, headers1, _, body1), (_, _, headers2, _, body2) = target.requests
        self.assertEqual(path1, "/new")
        self.assertEqual(headers1["X-Autosana-Signature-256"], stale)
        self.assertEqual(headers1["X-Trace"], "t1")
        self.assertEqual(headers2["X-Autosana-Signature-256"], signature(PAYLOAD))
        self.assertEqual(body1, PAYLOAD)
        self.assertEqual(body2, PAYLOAD)

    def test_signing_a_saved_request_is_said_and_as_is_replays_exactly(self):
        target = self.target()
        unsigned = self.write("unsigned.http", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              + f"Content-Length: {len(PAYLOAD)}\r\n\r\n".encode() + PAYLOAD)
        url = f"http://127.0.0.1:{target.port}/"
        signed = run("send", "--request", unsigned, url)
        self.assertEqual(signed.status, 0, signed)
        self.assertIn("the saved request has no signature; signing it with the secret from "
                      "--secret-env AUTOSANA_WEBHOOK_SECRET (--as-is sends it as saved)", signed.stderr)
        exact = run("send", "--as-is", "--request", unsigned, url)
        self.assertEqual((exact.status, exact.stderr), (0, ""), exact)
        (_, _, headers1, _, _), (_, _, headers2, _, body2) = target.requests
        self.assertEqual(headers1["X-Autosana-Signature-256"], signature(PAYLOAD))
        self.assertNotIn("X-Autosana-Signature-256", headers2)
        self.assertEqual(body2, PAYLOAD)
        resigned = run("send", "--request", unsigned, url, "--secret-env", "AUTOSANA_WEBHOOK_SECRET")
        self.assertIn("signing it with the secret from --secret-env AUTOSANA_WEBHOOK_SECRET", resigned.stderr)
        self.assertOneLineError(run("send", "--as-is", "--secret", SECRET, "--request", unsigned, url), 2,
                                "--as-is sends the request exactly as saved")
        self.assertOneLineError(run("send", "--as-is", url, unsigned), 2, "--as-is replays a --request file")

    def test_https_verifies_the_server_certificate(self):
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        target = self.target(status=201, body=b"", tls=(cert, key))
        url = f"https://127.0.0.1:{target.port}/"
        self.assertOneLineError(run("send", url, stdin=PAYLOAD), 2, "the server's certificate cannot be verified")
        trusted = run("send", url, stdin=PAYLOAD, env=base_environment(SSL_CERT_FILE=cert))
        self.assertEqual(trusted.status, 0, trusted)
        self.assertEqual(trusted.stdout, "201 Created\n")
        self.assertEqual(target.requests[0][4], PAYLOAD)

    def test_the_example_delivery_replays(self):
        target = self.target()
        result = run("send", "--request", os.path.join(EXAMPLES, "delivery.http"), f"http://127.0.0.1:{target.port}/")
        self.assertEqual(result.status, 0, result)
        self.assertEqual(target.requests[0][2]["X-Autosana-Signature-256"], signature(PAYLOAD, "example-secret"))


class SendFailures(SendTestCase):
    def test_connection_refused_exits_2_with_one_line(self):
        port = free_port()
        result = run("send", f"http://127.0.0.1:{port}/", stdin=PAYLOAD)
        self.assertOneLineError(result, 2, f"cannot send to http://127.0.0.1:{port}/: 127.0.0.1:{port}: cannot connect")
        self.assertEqual(result.out, b"")

    def test_a_server_that_never_answers_times_out(self):
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            result = run("send", "--timeout", "1s", f"http://127.0.0.1:{silent.getsockname()[1]}/", stdin=PAYLOAD)
        self.assertOneLineError(result, 2, "cannot send to")

    def test_bad_input_exits_2(self):
        for args, fragment in ((["localhost:8787"], "has no scheme"),
                               (["ftp://localhost/"], "is not http or https"),
                               (["http://localhost/", "--timeout", "soon"], "--timeout"),
                               (["http://localhost/", "-H", "no colon"], "--header"),
                               (["http://localhost/", "/no/such/file"], "/no/such/file"),
                               (["http://localhost/", "--request", "/no/such/file"], "/no/such/file")):
            self.assertOneLineError(run("send", *args, stdin=PAYLOAD), 2, fragment)
        result = run("send", "http://localhost/", stdin=PAYLOAD, env=base_environment(AUTOSANA_WEBHOOK_SECRET=None))
        self.assertOneLineError(result, 2, "AUTOSANA_WEBHOOK_SECRET")
        both = run("send", "http://localhost/", "x.json", "--request", "y.http")
        self.assertOneLineError(both, 2, "either FILE or --request")

    def test_two_secrets_cannot_sign(self):
        result = run("send", "http://localhost/", "--secret-env", "AUTOSANA_WEBHOOK_SECRET", "--secret", OTHER_SECRET, stdin=PAYLOAD)
        self.assertOneLineError(result, 2, "one secret")
        self.assertNoSecret(result)

    def test_the_helper_missing_is_a_clear_error(self):
        import shutil
        import subprocess
        from helpers import BINARY
        lonely = os.path.join(self.dir, "autosana-webhook")
        shutil.copy(BINARY, lonely)
        completed = subprocess.run([lonely, "send", "http://localhost/"], input=PAYLOAD, capture_output=True, env=base_environment())
        self.assertEqual(completed.returncode, 2)
        self.assertIn(b"autosana-webhook: error: cannot start the helper autosana-webhook-net", completed.stderr)
        # The other commands do not need it.
        completed = subprocess.run([lonely, "sign"], input=PAYLOAD, capture_output=True, env=base_environment())
        self.assertEqual(completed.returncode, 0)
