"""Every conformance case of packages/vectors.json (autosana-webhook vectors), and capture."""
import base64
import json
import logging
import os
import stat
import sys
import tempfile
import unittest
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import autosana_webhook  # noqa: E402

VECTORS = os.environ.get("AUTOSANA_VECTORS",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../vectors.json"))


class Vectors(unittest.TestCase):
    def test_every_case(self):
        with open(VECTORS, encoding="utf-8") as f:
            document = json.load(f)
        self.assertEqual(document["format"], "autosana-webhook.vectors/1")
        self.assertGreaterEqual(len(document["cases"]), 25)
        for case in document["cases"]:
            with self.subTest(case["name"]):
                now = None
                if case["now"] is not None:
                    now = datetime.fromisoformat(case["now"].replace("Z", "+00:00"))
                result = autosana_webhook.verify(base64.b64decode(case["body_base64"]), case["header"],
                                                 case["secrets"], max_age=case["max_age_seconds"], now=now)
                expected = case["expected"]
                self.assertEqual((result.valid, result.reason, result.secret_index),
                                 (expected["valid"], expected["reason"], expected["secret_index"]))
                self.assertEqual(bool(result), expected["valid"])
                for secret in case["secrets"]:
                    if secret:
                        self.assertNotIn(secret, result.message)

    def test_a_single_secret_and_bytes(self):
        body = b'{"a":1}'
        header = "sha256=" + __import__("hmac").new(b"s3cret", body, "sha256").hexdigest()
        self.assertTrue(autosana_webhook.verify(body, header, "s3cret"))
        self.assertTrue(autosana_webhook.verify(body, header, b"s3cret"))
        self.assertEqual(autosana_webhook.verify(body, header[:-1], "s3cret").reason, "malformed_signature")
        self.assertEqual(autosana_webhook.verify(body, header + "00", "s3cret").reason, "malformed_signature")


class Capture(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def test_the_request_as_listen_saves_it_mode_600_and_the_command_logged(self):
        with self.assertLogs("autosana_webhook", logging.WARNING) as logs:
            path = autosana_webhook.capture(self.dir, "POST", "/hooks?x=1",
                                            [("Host", "example.com"), ("X-Autosana-Signature-256", "sha256=00")],
                                            b'{"a": 1}')
        with open(path, "rb") as f:
            self.assertEqual(f.read(), b"POST /hooks?x=1 HTTP/1.1\r\nHost: example.com\r\n"
                                       b"X-Autosana-Signature-256: sha256=00\r\n\r\n{\"a\": 1}")
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertIn(f"autosana-webhook verify --explain --request {path}", logs.output[0])

    def test_bounded_in_count_and_size(self):
        logging.disable(logging.WARNING)
        self.addCleanup(logging.disable, logging.NOTSET)
        paths = [autosana_webhook.capture(self.dir, "POST", "/", [], b"%d" % i, max_files=3) for i in range(5)]
        self.assertEqual(sorted(os.listdir(self.dir)), sorted(os.path.basename(p) for p in paths[-3:]))
        self.assertIsNone(autosana_webhook.capture(self.dir, "POST", "/", [], b"x" * 100, max_bytes=50))
        self.assertEqual(len(os.listdir(self.dir)), 3)


if __name__ == "__main__":
    unittest.main()
