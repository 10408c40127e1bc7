"""Signatures agree with `openssl dgst -hmac` and Python's hmac module; curl posts what sign
--format curl describes, byte for byte."""
import hashlib
import hmac
import http.server
import os
import shutil
import subprocess
import threading
import unittest

from helpers import SECRET, TempDirTestCase, base_environment, run

BODIES = {
    "empty": b"",
    "one byte": b"x",
    "binary": bytes(range(256)) * 3,
    "utf8": '{"name":"Café ☕ 日本 🚀"}'.encode(),
    "trailing newline": b'{"a":1}\n',
    "no trailing newline": b'{"a":1}',
    "crlf": b'{\r\n  "a": 1\r\n}\r\n',
    "several MB": os.urandom(3 * 1024 * 1024 + 17),
    "block boundary": b"a" * 64,
    "block boundary + 1": b"a" * 65,
}


class AgreesWithOtherImplementations(TempDirTestCase):
    def test_python_hmac(self):
        for name, body in BODIES.items():
            with self.subTest(name):
                expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest() + "\n"
                self.assertEqual(run("sign", stdin=body).stdout, expected)

    def test_openssl_dgst(self):
        for name, body in BODIES.items():
            with self.subTest(name):
                path = self.write("body", body)
                completed = subprocess.run(["openssl", "dgst", "-sha256", "-hmac", SECRET, "-r", path],
                                           capture_output=True, check=True)
                openssl_hex = completed.stdout.split()[0].decode()
                self.assertEqual(run("sign", "--format", "hex", path).stdout, openssl_hex + "\n")
                self.assertEqual(run("verify", "-q", "-s", openssl_hex, path).status, 0)


class Recorder(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Recorder.received.append((self.path, dict(self.headers), self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class CurlCommandPostsTheExactBytes(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook?x=1"
        Recorder.received = []

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        super().tearDown()

    def post(self, command):
        completed = subprocess.run(["sh", "-c", command], capture_output=True, timeout=30, env=base_environment())
        self.assertEqual(completed.returncode, 0, completed)
        self.assertEqual(len(Recorder.received), 1)
        return Recorder.received.pop()

    def test_body_from_a_file(self):
        body = b'{"a":"x y"}\r\n\n'
        path = self.write("body with 'quote'.json", body)
        command = run("sign", "--format", "curl", "--url", self.url, path).stdout
        path_received, headers, received = self.post(command)
        self.assertEqual(received, body)
        self.assertEqual(path_received, "/hook?x=1")
        self.assertEqual(headers["X-Autosana-Signature-256"], "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest())
        self.assertEqual(run("verify", "-q", "-s", headers["X-Autosana-Signature-256"], stdin=received).status, 0)

    def test_body_from_stdin_embedded_byte_for_byte(self):
        body = bytes(range(256)) + b"%s %% \\ ' \" $(echo no) `echo no`\n"
        command = run("sign", "--format", "curl", "--url", self.url, stdin=body).stdout
        _, headers, received = self.post(command)
        self.assertEqual(received, body)
        self.assertEqual(run("verify", "-q", "-s", headers["X-Autosana-Signature-256"], stdin=received).status, 0)
