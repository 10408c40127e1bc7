"""vectors: the conformance cases, run through verify (the CLI agrees with what it prints), and
packages/vectors.json, which the packages in packages/ are tested against, is what it prints."""
import base64
import json
import os
import unittest

from helpers import TempDirTestCase, base_environment, run

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")


def cli_reason(result):
    """The CLI's verdict in the vectors' words."""
    document = json.loads(result.out) if result.out.strip() else {}
    if result.status == 0:
        return "ok"
    text = document.get("reason") or document.get("error") or result.stderr
    for words, reason in (("has no X-Autosana-Signature-256 header", "missing_signature"),
                          ("invalid signature", "malformed_signature"),
                          ("is empty", "empty_secret"),
                          ("no secret", "no_secret"),
                          ("does not match", "mismatch"),
                          ("age cannot be checked", "no_timestamp"),
                          ("in the future", "future"),
                          (" old (limit", "stale")):
        if words in text:
            return reason
    return "unknown: " + text


class Vectors(TempDirTestCase):
    def setUp(self):
        super().setUp()
        result = run("vectors")
        self.assertEqual(result.status, 0, result)
        self.document = json.loads(result.out)

    def test_the_packages_copy_is_what_the_command_prints(self):
        with open(os.path.join(ROOT, "packages/vectors.json"), "rb") as f:
            self.assertEqual(json.loads(f.read()), self.document,
                             "packages/vectors.json is stale: autosana-webhook vectors > packages/vectors.json")

    def test_the_issues_cases_are_all_there(self):
        names = {case["name"] for case in self.document["cases"]}
        for name in ("github_published", "seed_payload", "empty_body", "binary_body", "invalid_utf8",
                     "emoji_and_escapes", "trailing_newline_added", "crlf_line_endings", "uppercase_hex",
                     "missing_header", "doubled_prefix", "truncated_signature", "empty_secret",
                     "second_secret_matches", "stale", "future", "slightly_ahead"):
            self.assertIn(name, names)
        self.assertEqual(self.document["format"], "autosana-webhook.vectors/1")

    def test_verify_agrees_with_every_case(self):
        for case in self.document["cases"]:
            with self.subTest(case["name"]):
                body = base64.b64decode(case["body_base64"])
                path = os.path.join(self.dir, case["name"])
                env = base_environment(AUTOSANA_WEBHOOK_SECRET=None)
                options = []
                for i, secret in enumerate(case["secrets"]):
                    env[f"S{i}"] = secret
                    options += ["--secret-env", f"S{i}"]
                if case["max_age_seconds"] is not None:
                    options += ["--max-age", f"{case['max_age_seconds']}s", "--now", case["now"]]
                if case["header"] is None:
                    with open(path, "wb") as f:
                        f.write(b"POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                    result = run("verify", "--json", "--request", path, *options, env=env)
                else:
                    with open(path, "wb") as f:
                        f.write(body)
                    result = run("verify", "--json", path, "--signature", case["header"], *options, env=env)
                expected = case["expected"]
                self.assertEqual(cli_reason(result), expected["reason"], result)
                self.assertEqual(result.status == 0, expected["valid"], result)
                if expected["secret_index"] is not None:
                    self.assertEqual(json.loads(result.out)["secret"], f"--secret-env S{expected['secret_index']}")


if __name__ == "__main__":
    unittest.main()
