import json
import subprocess

from helpers import BINARY, TempDirTestCase, base_environment, run


class Sample(TempDirTestCase):
    def test_every_combination_passes_parse_strict(self):
        for platform in ("android", "ios", "web"):
            for extra in ((), ("--no-git",), ("--run-status",), ("--run-status", "--no-git")):
                args = ("sample", "--platform", platform, "--groups", "6", "--runs", "4", "--failed", "2", *extra)
                result = run(*args)
                self.assertEqual(result.status, 0, result)
                checked = run("parse", "--strict", "--check", stdin=result.out)
                self.assertEqual((checked.status, checked.err), (0, b""), args)
                payload = json.loads(result.out)
                self.assertEqual(payload["app"]["platform"], platform)
                self.assertEqual("git" in payload, "--no-git" not in extra)
                self.assertEqual("batch_id" in payload, "--run-status" in extra)
                self.assertEqual(sum(g["status"] == "failed" for g in payload["run_groups"]), 2)
                self.assertEqual(len(payload["run_groups"][0]["runs"]), 4)

    def test_same_seed_same_bytes(self):
        self.assertEqual(run("sample", "--seed", "42").out, run("sample", "--seed", "42").out)
        self.assertNotEqual(run("sample", "--seed", "42").out, run("sample", "--seed", "43").out)
        self.assertEqual(run("sample").out, run("sample", "--seed", "1").out)

    def test_timestamp(self):
        self.assertEqual(json.loads(run("sample", "--timestamp", "2026-01-02T03:04:05Z").out)["timestamp"], "2026-01-02T03:04:05Z")
        now = json.loads(run("sample", "--timestamp", "now").out)["timestamp"]
        self.assertRegex(now, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(run("parse", "--check", stdin=run("sample", "--timestamp", "now").out).status, 0)

    def test_a_signed_fixture_in_one_pipeline(self):
        fixture = self.write("fixture.http", b"")
        completed = subprocess.run(["sh", "-c", f'"{BINARY}" sample --timestamp now | "{BINARY}" sign --format http > "{fixture}"'],
                                   env=base_environment())
        self.assertEqual(completed.returncode, 0)
        self.assertEqual(run("verify", "--max-age", "5m", "--request", fixture).status, 0)

    def test_bad_options(self):
        self.assertOneLineError(run("sample", "--failed", "5"), 2, "more than the 3 groups")
        self.assertOneLineError(run("sample", "--platform", "bsd"), 2, "--platform")
        self.assertOneLineError(run("sample", "--timestamp", "soon"), 2, "--timestamp")
        self.assertOneLineError(run("sample", "--groups", "-1"), 2, "--groups")
        self.assertOneLineError(run("sample", "--groups", "100000", "--runs", "1000"), 2, "at most")
