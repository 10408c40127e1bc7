import json
import os
import subprocess
import xml.etree.ElementTree as ET

from helpers import BINARY, SECRET, TempDirTestCase, base_environment, run

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../fixtures/parse")
EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/payload.json")
EXAMPLE_REQUEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/delivery.http")
# The strict Apache Ant JUnit schema: what validates here, every JUnit consumer reads.
JUNIT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../schemas/junit-ant.xsd")


def assert_valid_junit(test, path):
    completed = subprocess.run(["xmllint", "--noout", "--schema", JUNIT_SCHEMA, path], capture_output=True)
    test.assertEqual(completed.returncode, 0, completed.stderr.decode())


def payload(groups, **extra):
    """groups: [(name, status, [(run name, run status), ...]), ...]"""
    body = {
        "event": "batch.completed", "timestamp": "2025-01-31T12:34:56.789Z",
        "app": {"id": "com.example.myapp", "name": "My App", "platform": "ios", "url": "https://x.test/app.ipa"},
        "git": {"commit_sha": "0123456789abcdef", "branch": "release/1.2"},
        "summary": {"total_groups": len(groups), "passed_groups": sum(1 for g in groups if g[1] == "passed"),
                    "failed_groups": sum(1 for g in groups if g[1] == "failed")},
        "run_groups": [{"name": name, "status": status, "url": f"https://autosana.ai/runs/groups/{i}",
                        "runs": [{"name": r, "status": s, "url": f"https://autosana.ai/runs/flow/{i}-{j}"}
                                 for j, (r, s) in enumerate(runs)]}
                       for i, (name, status, runs) in enumerate(groups)],
    }
    body.update(extra)
    return json.dumps(body).encode()


GREEN = payload([("Login", "passed", [("sign in", "passed"), ("tour", "skipped")])])
RED = payload([("Login", "passed", [("sign in", "passed")]), ("Checkout", "failed", [("pay", "failed"), ("coupon", "passed")])])


class ExitStatus(TempDirTestCase):
    def test_green_red_and_exit_zero(self):
        self.assertEqual(run("summarize", stdin=GREEN).status, 0)
        self.assertEqual(run("summarize", stdin=RED).status, 1)
        self.assertEqual(run("summarize", "--exit-zero", stdin=RED).status, 0)
        for status in ("error", "terminated", "flaky"):
            body = payload([("G", "passed", [("r", status)])])
            self.assertEqual(run("summarize", stdin=body).status, 1, status)

    def test_invalid_or_unreadable_payloads_are_trouble_with_parse_diagnostics(self):
        result = run("summarize", os.path.join(FIXTURES, "invalid-fields.json"))
        self.assertEqual(result.status, 2)
        self.assertIn("/app/name: missing", result.stderr)
        self.assertEqual(run("summarize", os.path.join(self.dir, "missing.json")).status, 2)
        self.assertOneLineError(run("summarize", "--format", "yaml", stdin=GREEN), 2, "--format")
        self.assertOneLineError(run("summarize", "--color", "sometimes", stdin=GREEN), 2, "--color")


class TextOutput(TempDirTestCase):
    def test_text_in_c_and_utf8_locales(self):
        plain = run("summarize", stdin=RED, env=base_environment(LC_ALL="C", LANG=None)).stdout
        self.assertEqual(plain,
                         "My App (ios, com.example.myapp) - release/1.2 @ 0123456 - 2025-01-31T12:34:56.789Z\n"
                         "[FAIL] Checkout  (2 runs: 1 passed, 1 failed)\n"  # failed groups first
                         "    [FAIL] pay (failed)  https://autosana.ai/runs/flow/1-0\n"
                         "[ ok ] Login  (1 run: 1 passed)\n"
                         "1 of 2 groups passed, 1 failed; 3 runs: 2 passed, 1 failed\n")
        utf8 = run("summarize", stdin=RED, env=base_environment(LC_ALL=None, LANG="en_US.UTF-8")).stdout
        self.assertIn("\u2717 Checkout  (2 runs: 1 passed, 1 failed)\n", utf8)
        self.assertIn("\u2713 Login", utf8)

    def test_colour_rules(self):
        # Not a terminal: no colour by default; --color always forces it, even with NO_COLOR.
        self.assertNotIn(b"\x1b[", run("summarize", stdin=RED).out)
        self.assertIn(b"\x1b[31m", run("summarize", "--color", "always", stdin=RED).out)
        self.assertIn(b"\x1b[31m", run("summarize", "--color", "always", stdin=RED, env=base_environment(NO_COLOR="1")).out)
        self.assertNotIn(b"\x1b[", run("summarize", "--color", "never", stdin=RED).out)

    def test_colour_on_a_terminal_and_no_color(self):
        import pty
        for env, coloured in ((base_environment(), True), (base_environment(NO_COLOR="1"), False)):
            leader, follower = pty.openpty()
            completed = subprocess.run([BINARY, "summarize"], input=RED, stdout=follower, stderr=subprocess.PIPE, env=env)
            os.close(follower)
            output = b""
            try:
                while True:
                    chunk = os.read(leader, 65536)
                    if not chunk:
                        break
                    output += chunk
            except OSError:
                pass
            os.close(leader)
            self.assertEqual(completed.returncode, 1)
            self.assertEqual(b"\x1b[" in output, coloured, (env.get("NO_COLOR"), output))

    def test_verbose_and_failed_only(self):
        verbose = run("summarize", "--verbose", stdin=RED, env=base_environment(LC_ALL="C")).stdout
        self.assertIn("    [ ok ] sign in (passed)", verbose)
        failed_only = run("summarize", "--failed-only", stdin=RED, env=base_environment(LC_ALL="C")).stdout
        self.assertNotIn("Login", failed_only)
        self.assertIn("[FAIL] Checkout", failed_only)
        self.assertIn("1 of 2 groups passed", failed_only)

    def test_run_status_not_complete(self):
        body = json.loads(payload([("G", "running", [("done", "passed"), ("going", "running")])]))
        del body["event"]
        body.update({"batch_id": "b-1", "is_complete": False})
        result = run("summarize", stdin=json.dumps(body).encode(), env=base_environment(LC_ALL="C"))
        self.assertEqual(result.status, 0, result)  # in progress fails nothing, by default
        self.assertIn("Batch not complete: 1 run not finished yet", result.stdout)
        self.assertIn("[wait] going (running)", result.stdout)
        self.assertIn("0 of 1 group passed, 1 in progress", result.stdout)
        self.assertEqual(run("summarize", "--fail-on-incomplete", stdin=json.dumps(body).encode()).status, 1)

    def test_in_progress_is_not_failed_in_any_format(self):
        # (groups, is_complete, exit status, exit status with --fail-on-incomplete, totals)
        cases = [
            ([("A", "passed", [("a", "passed")]), ("B", "running", [("b", "running")]),
              ("C", "queued", [("c", "QUEUED")])], None, 0, 1, "1 of 3 groups passed, 2 in progress"),
            ([("A", "passed", [("a", "passed")]), ("B", "failed", [("b", "failed"), ("c", "in_progress")])],
             None, 1, 1, "1 of 2 groups passed, 1 failed"),
            ([("A", "pending", [("a", "Pending"), ("b", "passed")])], None, 0, 1, "0 of 1 group passed, 1 in progress"),
            # A batch that says it is not complete: a status that is not final is in progress...
            ([("A", "passed", [("a", "passed")]), ("B", "scheduled", [("b", "scheduled")])], False, 0, 1,
             "1 of 2 groups passed, 1 in progress"),
            # ... and a complete one's unknown status still fails, as documented.
            ([("A", "passed", [("a", "passed")]), ("B", "scheduled", [("b", "scheduled")])], True, 1, 1,
             "1 of 2 groups passed, 1 failed"),
            ([("A", "passed", [("a", "passed"), ("s", "skipped")])], None, 0, 0, "1 of 1 group passed"),
        ]
        for groups, complete, status, strict_status, totals in cases:
            with self.subTest(groups=groups, complete=complete):
                body = json.loads(payload(groups))
                if complete is not None:
                    del body["event"]
                    body.update({"batch_id": "b-1", "is_complete": complete})
                data = json.dumps(body).encode()
                text = run("summarize", stdin=data, env=base_environment(LC_ALL="C"))
                self.assertEqual(text.status, status, text)
                self.assertIn(totals, text.stdout)
                self.assertEqual(run("summarize", "--fail-on-incomplete", stdin=data).status, strict_status)
                report = json.loads(run("summarize", "--format", "json", "--exit-zero", stdin=data).stdout)
                verdict = "failed" if status == 1 else ("in_progress" if strict_status == 1 else "passed")
                self.assertEqual(report["verdict"], verdict)
                self.assertEqual(report["groups"]["in_progress"], totals.count("in progress") and int(totals.split(", ")[-1].split()[0]))
                self.assertTrue(all(run_["status"] in ("failed", "scheduled") for run_ in report["failing_runs"]), report)
                markdown = run("summarize", "--format", "markdown", "--exit-zero", stdin=data).stdout
                self.assertTrue(markdown.startswith("### " + {"passed": "\u2705", "failed": "\u274c",
                                                              "in_progress": "\u23f3"}[verdict]), markdown)
                self.assertIn(f"verdict {verdict}", run("summarize", "--format", "html", "--exit-zero", stdin=data).stdout)
                junit = self.write("j.xml", run("summarize", "--format", "junit", "--exit-zero", stdin=data).out)
                assert_valid_junit(self, junit)
                root = ET.parse(junit).getroot()
                failures = sum(int(suite.get("failures")) + int(suite.get("errors")) for suite in root.findall("testsuite"))
                self.assertEqual(failures > 0, status == 1, ET.tostring(root))

    def test_counts_that_disagree_warn_and_groups_win(self):
        body = json.loads(RED)
        body["summary"]["failed_groups"] = 0
        result = run("summarize", stdin=json.dumps(body).encode(), env=base_environment(LC_ALL="C"))
        self.assertIn("warning: standard input: /summary/failed_groups: says 0 but 1 group has status failed", result.stderr)
        self.assertIn("1 of 2 groups passed, 1 failed", result.stdout)

    def test_several_files_and_a_total(self):
        green = self.write("green.json", GREEN)
        red = self.write("red.json", RED)
        result = run("summarize", green, red, env=base_environment(LC_ALL="C"))
        self.assertEqual(result.status, 1)
        self.assertIn(f"==> {green} <==", result.stdout)
        self.assertTrue(result.stdout.endswith("Total: 2 of 3 groups passed, 1 failed in 2 payloads\n"), result.stdout)

    def test_a_verified_delivery_piped_in(self):
        path = self.write("r.http", run("sign", "--format", "http", stdin=RED).out)
        script = f'"{BINARY}" verify --pipe -q --request "{path}" | "{BINARY}" summarize --exit-zero'
        completed = subprocess.run(["sh", "-c", script], capture_output=True, env=base_environment(LC_ALL="C"))
        self.assertEqual(completed.returncode, 0, completed)
        self.assertIn(b"[FAIL] Checkout", completed.stdout)


class OtherFormats(TempDirTestCase):
    def test_markdown(self):
        md = run("summarize", "--format", "markdown", stdin=RED).stdout
        self.assertTrue(md.startswith("### \u274c My App: 1 of 2 groups passed, 1 failed\n"))
        self.assertIn("| \u274c | [Checkout](https://autosana.ai/runs/groups/1) | 2 | 1 | 1 | 0 |", md)
        self.assertIn("- \u274c **Checkout** \u203a [pay](https://autosana.ai/runs/flow/1-0) (failed)", md)

    def test_json(self):
        report = json.loads(run("summarize", "--format", "json", stdin=RED).stdout)
        self.assertEqual(report["verdict"], "failed")
        self.assertEqual(report["groups"], {"total": 2, "passed": 1, "failed": 1, "in_progress": 0})
        self.assertEqual(report["runs"]["by_status"], {"failed": 1, "passed": 2})
        self.assertEqual(report["failing_runs"], [{"group": "Checkout", "name": "pay", "status": "failed",
                                                   "url": "https://autosana.ai/runs/flow/1-0", "owners": [],
                                                   "quarantined": None}])
        self.assertEqual(report["git"]["branch"], "release/1.2")

    def test_junit_is_well_formed_and_structured(self):
        result = run("summarize", "--format", "junit", stdin=RED)
        path = self.write("junit.xml", result.out)
        assert_valid_junit(self, path)
        root = ET.fromstring(result.out)
        self.assertEqual(root.tag, "testsuites")
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["Login", "Checkout"])
        checkout = suites[1]
        self.assertEqual((checkout.get("tests"), checkout.get("failures"), checkout.get("errors")), ("2", "1", "0"))
        for attribute in ("timestamp", "hostname", "time", "package", "id"):
            self.assertTrue(checkout.get(attribute), attribute)
        self.assertEqual(checkout.get("timestamp"), "2025-01-31T12:34:56")
        self.assertIsNotNone(checkout.find("properties"))
        self.assertIsNotNone(checkout.find("system-out"))
        failure = checkout.find("testcase[@name='pay']/failure")
        self.assertEqual(failure.get("type"), "failed")


class JunitDocuments(TempDirTestCase):
    def test_several_files_make_one_document_and_invalid_ones_add_nothing(self):
        green = self.write("green.json", GREEN)
        red = self.write("red.json", RED)
        bad = os.path.join(FIXTURES, "invalid-fields.json")
        result = run("summarize", "--format", "junit", green, bad, red)
        self.assertEqual(result.status, 2)
        root = ET.fromstring(result.out)
        self.assertEqual([s.get("name") for s in root.findall("testsuite")], ["Login", "Login", "Checkout"])
        ids = [s.get("id") for s in root.findall("testsuite")]
        self.assertEqual(len(set(ids)), 3)
        self.assertEqual(run("summarize", "--format", "junit", "--exit-zero", green, red).status, 0)
        self.assertEqual(run("summarize", "--format", "junit", green, red).status, 1)
        failed_only = ET.fromstring(run("summarize", "--format", "junit", "--failed-only", red).out)
        self.assertEqual([s.get("name") for s in failed_only.findall("testsuite")], ["Checkout"])

    def test_every_shape_of_document_validates_against_the_strict_schema(self):
        green, red = self.write("green.json", GREEN), self.write("red.json", RED)
        run_status = self.write("run-status.json", run("sample", "--run-status", "--seed", "3").out)
        empty = json.loads(GREEN)
        empty["run_groups"], empty["summary"] = [], {"total_groups": 0, "passed_groups": 0, "failed_groups": 0}
        cases = {
            "one payload": ("--exit-zero", red),
            "several payloads": ("--exit-zero", green, red, EXAMPLE),
            "only what failed": ("--exit-zero", "--failed-only", red),
            "a run-status response": ("--exit-zero", run_status),
            "no groups at all": ("--exit-zero", self.write("empty.json", json.dumps(empty))),
        }
        for name, args in cases.items():
            with self.subTest(name):
                result = run("summarize", "--format", "junit", *args)
                self.assertEqual(result.status, 0, result)
                assert_valid_junit(self, self.write("junit.xml", result.out))

    def test_groups_before_the_header_still_get_it(self):
        body = json.loads(RED)
        reordered = {"run_groups": body.pop("run_groups"), **body}
        root = ET.fromstring(run("summarize", "--format", "junit", stdin=json.dumps(reordered).encode()).out)
        suites = root.findall("testsuite")
        self.assertEqual(len(suites), 2)
        self.assertEqual(suites[0].get("timestamp"), "2025-01-31T12:34:56")
        self.assertEqual(suites[0].get("package"), "My App")

    def test_baseline_is_refused_for_junit(self):
        self.assertOneLineError(run("summarize", "--format", "junit", "--baseline", EXAMPLE, stdin=RED), 2, "--baseline")


class SeveralOutputs(TempDirTestCase):
    def test_one_read_writes_every_format_and_one_exit_status(self):
        markdown, junit = os.path.join(self.dir, "summary.md"), os.path.join(self.dir, "junit.xml")
        # Standard input can be read once only: every format comes from that one read.
        result = run("summarize", "-o", "markdown=" + markdown, "--output", "junit=" + junit, "-o", "text=-", stdin=RED)
        self.assertEqual(result.status, 1, result)
        self.assertEqual(result.out, run("summarize", "--color", "never", stdin=RED).out)
        with open(markdown, "rb") as f:
            self.assertEqual(f.read(), run("summarize", "--format", "markdown", stdin=RED).out)
        with open(junit, "rb") as f:
            self.assertEqual(f.read(), run("summarize", "--format", "junit", stdin=RED).out)
        assert_valid_junit(self, junit)
        self.assertEqual(run("summarize", "--exit-zero", "-o", "json=" + markdown, stdin=RED).status, 0)
        with open(markdown, "rb") as f:
            self.assertEqual(json.loads(f.read())["verdict"], "failed")

    def test_a_report_is_put_in_place_whole_or_not_at_all(self):
        markdown, junit = os.path.join(self.dir, "summary.md"), os.path.join(self.dir, "junit.xml")
        for path in (markdown, junit):
            with open(path, "w") as f:
                f.write("the earlier report\n")
        outputs = ("-o", "markdown=" + markdown, "-o", "junit=" + junit, "-o", "text=-")
        # The README's pipeline with the wrong secret: verify passes nothing on.
        piped = subprocess.run(
            ["bash", "-c", f'set -o pipefail; "{BINARY}" verify -q --pipe --request "{EXAMPLE_REQUEST}" | "{BINARY}" summarize "$@"',
             "pipeline", *outputs], capture_output=True, env=base_environment(AUTOSANA_WEBHOOK_SECRET="wrong"))
        self.assertEqual(piped.returncode, 2, piped)
        self.assertIn(b"autosana-webhook: error: standard input is empty: did the command before the pipe fail?",
                      piped.stderr)
        self.assertIn(f"--output {markdown}: not written".encode(), piped.stderr)
        for broken in ([os.path.join(FIXTURES, "invalid-fields.json")], [EXAMPLE, os.path.join(FIXTURES, "invalid-fields.json")]):
            self.assertEqual(run("summarize", *outputs, *broken).status, 2)
        for path in (markdown, junit):
            with open(path) as f:
                self.assertEqual(f.read(), "the earlier report\n", path)
        # Whole: in place, with the mode a new file gets, and no temporary file left beside it.
        self.assertEqual(run("summarize", *outputs, EXAMPLE).status, 1)
        with open(markdown) as f:
            self.assertTrue(f.read().startswith("### \u274c My App"))
        assert_valid_junit(self, junit)
        mask = os.umask(0)
        os.umask(mask)
        self.assertEqual(os.stat(markdown).st_mode & 0o777, 0o666 & ~mask)
        self.assertEqual(sorted(os.listdir(self.dir)), ["junit.xml", "summary.md"])

    def test_mistakes_in_outputs(self):
        out = os.path.join(self.dir, "x")
        self.assertOneLineError(run("summarize", "-o", "yaml=" + out, stdin=RED), 2, "the format is one of text, markdown, json, junit, html, github, comment, ctrf, not yaml")
        self.assertOneLineError(run("summarize", "-o", "markdown", stdin=RED), 2, "expected FORMAT=FILE")
        self.assertOneLineError(run("summarize", "-o", "text=-", "-o", "json=-", stdin=RED), 2, "only one format can go to standard output")
        self.assertOneLineError(run("summarize", "--format", "json", "-o", "text=-", stdin=RED), 2, "--format and --output")
        self.assertOneLineError(run("summarize", "-o", "text=/nonexistent/dir/x", stdin=RED), 2, "--output /nonexistent/dir/x")


HOSTILE = "\x1b]0;owned\x07<script>alert(1)</script> | `x` ]] & \"q\" \x01 \u2028 [l](javascript:x)"


class HostileNames(TempDirTestCase):
    def test_every_format(self):
        body = payload([(HOSTILE, "failed", [(HOSTILE, "failed")])])
        text = run("summarize", "--color", "never", stdin=body).out
        self.assertNotIn(b"\x1b", text)
        self.assertNotIn(b"\x07", text)
        self.assertIn(b"\\x1b]0;owned\\x07", text)
        md = run("summarize", "--format", "markdown", stdin=body).stdout
        self.assertNotIn("<script>", md)
        self.assertNotIn("](javascript:", md)
        table_rows = [line for line in md.split("\n") if line.startswith("| \u274c")]
        self.assertEqual(len(table_rows), 1)
        import re
        self.assertEqual(len(re.findall(r"(?<!\\)\|", table_rows[0])), 7, table_rows[0])  # six cells, no more
        report = json.loads(run("summarize", "--format", "json", stdin=body).stdout)
        self.assertEqual(report["failing_runs"][0]["name"], HOSTILE)
        xml = run("summarize", "--format", "junit", stdin=body).out
        path = self.write("j.xml", xml)
        assert_valid_junit(self, path)
        self.assertEqual(ET.fromstring(xml).find("testsuite/testcase").get("name")[:4], "\ufffd]0;")

    def test_github_annotations_cannot_be_forged(self):
        forged = "x%0A::error::forged\n::error title=two::second"
        body = payload([(forged, "failed", [(forged, "failed"), ("ok", "passed")])])
        result = run("summarize", "--format", "github", stdin=body)
        self.assertEqual(result.status, 1, result)
        lines = result.stdout.split("\n")[:-1]
        self.assertEqual([line.split(" ", 1)[0] for line in lines], ["::error", "::notice"], lines)
        self.assertIn("x%250A::error::forged%0A::error title=two::second", lines[0])
        self.assertIn("title=Failed%3A x%250A%3A%3Aerror%3A%3Aforged%0A", lines[0])
        # Through --output as well.
        annotations = os.path.join(self.dir, "annotations.txt")
        self.assertEqual(run("summarize", "-o", "github=" + annotations, "--exit-zero", stdin=body).status, 0)
        with open(annotations, encoding="utf-8") as f:
            self.assertEqual(f.read(), result.stdout)


def markdown_entries(text):
    """Table rows (not headers or separators) and list items, as the cut counts them."""
    lines = text.split("\n")
    return sum(1 for i, line in enumerate(lines)
               if (line.startswith("|") and not line.startswith("| ---")
                   and not (i + 1 < len(lines) and lines[i + 1].startswith("| ---")))
               or line.startswith("- "))


class GitHubLimits(TempDirTestCase):
    def test_a_huge_batch_is_cut_at_a_line_under_github_s_limits(self):
        groups = [(f"Group {g}", "failed", [(f"run {r} of group {g} \u2014 \u00fcn\u00efcode", "failed" if r % 3 == 0 else "passed")
                                            for r in range(10)]) for g in range(5000)]
        big = self.write("big.json", payload(groups))  # 5,000 groups, 50,000 runs
        whole = run("summarize", "--format", "markdown", "--exit-zero", "--max-bytes", "0", big).out
        self.assertGreater(len(whole), 2_000_000)
        for limit, args in ((1_000_000, ()), (65535, ("--max-bytes", "65535"))):
            with self.subTest(limit=limit):
                result = run("summarize", "--format", "markdown", "--exit-zero", *args, big)
                self.assertEqual(result.status, 0, result)
                cut = result.out
                self.assertLessEqual(len(cut), limit)
                text = cut.decode("utf-8")  # never inside a character
                kept, _, note = text.rpartition("\n\n</details>\n\n> ")
                self.assertTrue(whole.decode().startswith(kept + "\n"), "whole lines, from the start")
                self.assertTrue(kept.endswith("(failed)") or kept.endswith("|"), kept[-200:])
                left_out = markdown_entries(whole.decode()) - markdown_entries(kept)
                self.assertIn(f": {left_out} more rows or runs were left out; the whole report: the same command "
                              "with --max-bytes 0.", note)
        # With other files written, the note says where the whole report is.
        step, report = os.path.join(self.dir, "step.md"), os.path.join(self.dir, "summary.json")
        self.assertEqual(run("summarize", "-o", "markdown=" + step, "-o", "json=" + report, "--exit-zero", big).status, 0)
        with open(step, encoding="utf-8") as f:
            self.assertTrue(f.read().endswith(f"; the whole report is in {report}.\n"))
        self.assertOneLineError(run("summarize", "--max-bytes", "-1", big), 2, "--max-bytes")


class Ctrf(TempDirTestCase):
    SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../schemas/ctrf-schema-0.0.json")

    def valid(test, text):
        import jsonschema
        with open(Ctrf.SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        document = json.loads(text)
        jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
        return document

    def test_a_test_per_run_statuses_mapped_and_valid_against_the_schema(self):
        body = payload([("Checkout", "failed", [("pay", "failed"), ("refund", "error"), ("cart", "passed")]),
                        (HOSTILE, "failed", [(HOSTILE, "terminated"), ("later", "running"), ("off", "skipped"),
                                            ("odd", "exploded")])])
        result = run("summarize", "--format", "ctrf", stdin=body)
        self.assertEqual(result.status, 1, result)
        document = self.valid(result.out)
        tests = document["results"]["tests"]
        self.assertEqual([(t["suite"], t["status"], t["rawStatus"]) for t in tests[:3]],
                         [(["Checkout"], "failed", "failed"), (["Checkout"], "failed", "error"), (["Checkout"], "passed", "passed")])
        # An unknown status fails, as it fails the gate; its word stays in rawStatus.
        self.assertEqual([(t["status"], t["rawStatus"]) for t in tests[3:]],
                         [("failed", "terminated"), ("pending", "running"), ("skipped", "skipped"), ("failed", "exploded")])
        self.assertEqual(document["results"]["summary"],
                         {"tests": 7, "passed": 1, "failed": 4, "skipped": 1, "pending": 1, "other": 0, "suites": 2,
                          "start": 1738326896789, "stop": 1738326896789})
        self.assertEqual(tests[3]["name"], HOSTILE)
        self.assertIn("https://autosana.ai/runs/flow/0-0", tests[0]["message"])
        # Several payloads, one document; through --output as well.
        report = os.path.join(self.dir, "ctrf.json")
        first, second = self.write("a.json", body), self.write("b.json", payload([("Login", "passed", [("in", "passed")])]))
        self.assertEqual(run("summarize", "-o", "ctrf=" + report, "--exit-zero", first, second).status, 0)
        with open(report, encoding="utf-8") as f:
            self.assertEqual(self.valid(f.read())["results"]["summary"]["tests"], 8)


class Quarantine(TempDirTestCase):
    def test_a_quarantined_flow_is_reported_but_fails_no_gate_until_its_date(self):
        body = payload([("Checkout", "failed", [("pay", "failed"), ("refund", "passed")]),
                        ("Search", "failed", [("find", "failed")])])
        table = [("Checkout / pay | until 2099-01-31 | sandbox\nSearch / *\n", 0),
                 ("Checkout / pay | until 2099-01-31 | sandbox\n", 1),      # find still fails
                 ("Checkout / * | until 2020-01-31 | old\nSearch / *\n", 1),  # expired: counts again
                 ("# nothing\n", 1)]
        for text, status in table:
            with self.subTest(text):
                quarantine = self.write("q.txt", text.encode())
                result = run("summarize", "--quarantine", quarantine, "--format", "json", stdin=body)
                self.assertEqual(result.status, status, result)
                self.assertEqual(json.loads(result.out)["verdict"], "failed")  # still reported as it is
        # The reports say which failures fail no gate: JSON, and GitHub's warnings rather than errors.
        quarantine = self.write("q.txt", b"Search / find | until 2099-12-31 | index rebuild\n")
        report = json.loads(run("summarize", "--quarantine", quarantine, "--format", "json", stdin=body).out)
        self.assertEqual([(r["name"], r["quarantined"]) for r in report["failing_runs"]],
                         [("pay", None), ("find", "until 2099-12-31: index rebuild")])
        github = run("summarize", "--quarantine", quarantine, "--format", "github", stdin=body).stdout.split("\n")
        self.assertTrue(github[0].startswith("::error title=Failed%3A Checkout \u203a pay::"), github)
        self.assertTrue(github[1].startswith("::warning title=Quarantined%3A Search \u203a find::"), github)
        quarantine = self.write("q.txt", b"Checkout / * | until 2020-01-31 | old\nSearch / find | until 2099-12-31\n")
        err = run("summarize", "--quarantine", quarantine, stdin=body).stderr
        self.assertIn("note: quarantined, reported but not failing the gate: Search / find (until 2099-12-31)", err)
        self.assertIn(f"warning: --quarantine {quarantine}: line 1 (Checkout / *) expired on 2020-01-31: "
                      "Checkout / pay counts again", err)
        bad = self.write("bad.txt", b"Checkout / pay | until tomorrow\n")
        self.assertOneLineError(run("summarize", "--quarantine", bad, stdin=body), 2,
                                f"--quarantine {bad}: line 1: 'until' takes a date as YYYY-MM-DD, not 'tomorrow'")
        self.assertOneLineError(run("summarize", "--quarantine", os.path.join(self.dir, "none.txt"), stdin=body), 2,
                                "--quarantine ")


class Owners(TempDirTestCase):
    BODY = payload([("Checkout", "failed", [("pay", "failed"), ("refund", "passed"), ("cart", "error")]),
                    ("Login", "failed", [("sign in", "passed")]),
                    ("Search", "passed", [("find", "passed")])])
    # An owner's name is the file's, not the payload's, but it goes through every format's escaping.
    FILE = ("# who owns what\n"
            "*                @acme/qa\n"
            "Checkout / *     @acme/payments\n"
            "Checkout / cart  @acme/web @%0A::error::forged @<b>x</b>\n"
            "Login            @acme/identity\n")

    def owners(self, text=None):
        return self.write("owners.txt", (text or self.FILE).encode())

    def test_every_format_names_the_owners_of_each_failed_flow(self):
        owners = self.owners()
        out = {f: run("summarize", "--owners", owners, "--format", f, "--exit-zero", stdin=self.BODY).stdout
               for f in ("text", "markdown", "json", "github", "html", "comment")}
        self.assertIn("pay (failed)  owned by @acme/payments", out["text"])
        self.assertIn("Login  (1 run: 1 passed)  owned by @acme/identity", out["text"])
        self.assertNotIn("@acme/qa", out["text"])  # only failed flows name their owners
        self.assertIn("| Owners |", out["markdown"])
        self.assertIn("(failed) \u2014 @acme/payments", out["markdown"])
        self.assertNotIn("<b>", out["markdown"])
        report = json.loads(out["json"])
        self.assertEqual([(r["name"], r["owners"]) for r in report["failing_runs"]],
                         [("pay", ["@acme/payments"]), ("cart", ["@acme/web", "@%0A::error::forged", "@<b>x</b>"])])
        self.assertEqual([g["owners"] for g in report["group_results"]], [["@acme/payments"], ["@acme/identity"], ["@acme/qa"]])
        # The forged owner cannot make an annotation of its own.
        lines = out["github"].strip().split("\n")
        self.assertEqual([line.split(" ", 1)[0] for line in lines], ["::error", "::error", "::error", "::notice"])
        self.assertIn("owned by @acme/payments", lines[0])
        self.assertIn("%250A::error::forged", lines[1])
        self.assertIn('<span class="owners">owned by @acme/web @%0A::error::forged @&lt;b&gt;x&lt;/b&gt;</span>', out["html"])
        self.assertTrue(out["comment"].startswith("<!-- autosana-webhook: "))
        self.assertIn("\u2014 @acme/identity", out["comment"].replace("| @acme/identity |", "\u2014 @acme/identity"))
        junit = self.write("junit.xml", run("summarize", "--owners", owners, "--format", "junit", "--exit-zero",
                                            stdin=self.BODY).out)
        assert_valid_junit(self, junit)
        suites = {s.get("name"): s for s in ET.parse(junit).getroot()}
        properties = {p.get("name"): p.get("value") for p in suites["Checkout"].find("properties")}
        self.assertEqual(properties["owners"], "@acme/payments @acme/web @%0A::error::forged @<b>x</b>")
        failure = suites["Checkout"].find("testcase[@name='pay']/failure")
        self.assertTrue(failure.get("message").startswith("run failed, owned by @acme/payments: "))
        self.assertNotIn("owners", {p.get("name") for p in suites["Search"].find("properties")})
        ctrf = Ctrf.valid(self, run("summarize", "--owners", owners, "--format", "ctrf", "--exit-zero",
                                    stdin=self.BODY).out)
        labels = {t["name"]: t.get("labels") for t in ctrf["results"]["tests"]}
        self.assertEqual(labels["pay"], {"owners": ["@acme/payments"]})
        self.assertEqual(labels["find"], {"owners": ["@acme/qa"]})

    def test_one_owner_s_report_and_exit_status(self):
        owners = self.owners()
        table = [("@acme/payments", 1, ["Checkout"], ["pay", "refund"], ["pay"]),  # pay failed: theirs
                 ("@ACME/PAYMENTS", 1, ["Checkout"], ["pay", "refund"], ["pay"]),  # case ignored, as on GitHub
                 ("@acme/qa", 0, ["Login", "Search"], ["sign in", "find"], []),     # others' failures are not theirs
                 ("@acme/identity", 1, ["Login"], [], []),                          # the group failed on its own
                 ("@acme/web", 1, ["Checkout"], ["cart"], ["cart"])]
        for owner, status, groups, runs, failing in table:
            with self.subTest(owner):
                result = run("summarize", "--owners", owners, "--owner", owner, "--format", "json", "--verbose",
                             stdin=self.BODY)
                self.assertEqual(result.status, status, result)
                report = json.loads(result.out)
                self.assertEqual([g["name"] for g in report["group_results"]], groups)
                self.assertEqual([r["name"] for r in report["failing_runs"]], failing)
                self.assertEqual(report["runs"]["total"], len(runs))
        # The text says so in the totals too.
        text = run("summarize", "--owners", owners, "--owner", "@acme/qa", stdin=self.BODY).stdout
        self.assertIn("2 of 2 groups passed; 2 runs: 2 passed", text)

    def test_mistakes_are_one_line_and_exit_status_2(self):
        owners = self.owners()
        self.assertOneLineError(run("summarize", "--owner", "@acme/qa", stdin=self.BODY), 2,
                                "--owner @acme/qa: needs --owners FILE to know whose flows are whose")
        self.assertOneLineError(run("summarize", "--owners", owners, "--owner", "@acme/paymnts", stdin=self.BODY), 2,
                                f"--owner @acme/paymnts: no line of {owners} names this owner")
        only_checkout = self.owners("Checkout / * @acme/payments\nLogin @acme/identity\n")
        self.assertOneLineError(
            run("summarize", "--owners", only_checkout, "--owner", "@acme/payments",
                stdin=payload([("Search", "failed", [("find", "failed")])])), 2,
            f"--owner @acme/payments: no flow of theirs in standard input (by {only_checkout}): nothing to judge")
        bad = self.owners("@acme/qa\n")
        self.assertOneLineError(run("summarize", "--owners", bad, stdin=self.BODY), 2,
                                f"--owners {bad}: line 1: no flow before the owners")
        self.assertOneLineError(run("summarize", "--owners", os.path.join(self.dir, "none.txt"), stdin=self.BODY), 2,
                                "--owners ")


class StickyComment(TempDirTestCase):
    def test_a_marker_first_and_within_github_s_limit(self):
        body = payload([("Checkout", "failed", [("pay", "failed")])])
        out = run("summarize", "--format", "comment", "--exit-zero", stdin=body).stdout
        self.assertTrue(out.startswith("<!-- autosana-webhook: app=com.example.myapp branch=release/1.2 -->\n### "), out[:200])
        self.assertEqual(out.split("\n", 1)[1], run("summarize", "--format", "markdown", "--exit-zero", stdin=body).stdout)
        hostile = json.loads(body)
        hostile["git"]["branch"] = "x --> <img src=x> branch=main"
        first = run("summarize", "--format", "comment", "--exit-zero", stdin=json.dumps(hostile).encode()).stdout.split("\n")[0]
        self.assertEqual(first, "<!-- autosana-webhook: app=com.example.myapp branch=x%20-%2D%3E%20%3Cimg%20src%3Dx%3E%20branch%3Dmain -->")
        groups = [(f"Group {g}", "failed", [(f"run {r} of group {g}", "failed") for r in range(10)]) for g in range(2000)]
        big = self.write("big.json", payload(groups))
        for args in ((), ("--max-bytes", "0"), ("--max-bytes", "2000000")):
            out = run("summarize", "--format", "comment", "--exit-zero", *args, big).out
            self.assertLessEqual(len(out), 65535)
            self.assertTrue(out.startswith(b"<!-- autosana-webhook: "))
            self.assertIn(b"more rows or runs were left out", out)


class GitHubAnnotations(TempDirTestCase):
    def test_ten_errors_a_step_then_how_many_more(self):
        body = payload([(f"Group {g}", "failed", [(f"run {r}", "failed") for r in range(3)]) for g in range(5)])
        out = run("summarize", "--format", "github", "--exit-zero", stdin=body).stdout
        self.assertEqual(sum(line.startswith("::error ") for line in out.split("\n")), 10)
        self.assertIn("5 more failed flows are not shown as annotations", out)


class Baseline(TempDirTestCase):
    def test_the_reports_name_this_batch_and_the_earlier_one(self):
        earlier = os.path.join(os.path.dirname(EXAMPLE), "earlier-payload.json")
        this = "payload.json (2025-01-31T12:34:56.789Z, main @ a1b2c3d)"
        before = "earlier-payload.json (2025-01-30T12:34:56.789Z, main @ 0f1e2d3)"
        markdown = run("summarize", "--format", "markdown", "--baseline", earlier, "--exit-zero", EXAMPLE).stdout
        self.assertIn(f"This batch: {os.path.dirname(EXAMPLE)}/{this} \u00b7 the earlier one: "
                      f"{os.path.dirname(earlier)}/{before}".replace("_", "\\_"), markdown)
        html = run("summarize", "--format", "html", "--baseline", earlier, "--exit-zero", EXAMPLE).stdout
        self.assertIn("This batch: <b>", html)
        self.assertIn("(2025-01-30T12:34:56.789Z, main @ 0f1e2d3)</p>", html)
        text = run("summarize", "--baseline", earlier, "--exit-zero", EXAMPLE).stdout
        self.assertIn(f"Compared with the baseline {earlier} (2025-01-30T12:34:56.789Z, main @ 0f1e2d3):", text)

    def test_newly_failing_fixed_still_failing_added_removed(self):
        before = self.write("before.json", payload([("G", "failed", [("breaks", "passed"), ("fixed", "failed"),
                                                                      ("broken", "failed"), ("gone", "passed")])]))
        now = payload([("G", "failed", [("breaks", "failed"), ("fixed", "passed"), ("broken", "error"), ("new", "passed")])])
        text = run("summarize", "--baseline", before, stdin=now, env=base_environment(LC_ALL="C")).stdout
        self.assertIn(f"Compared with the baseline {before} (2025-01-31T12:34:56.789Z, release/1.2 @ 0123456):\n"
                      "  newly failing (1):\n    [FAIL] G / breaks (failed)", text)
        self.assertIn("  still failing (1):\n    [ERR ] G / broken (error)", text)
        self.assertIn("  fixed (1):\n    [ ok ] G / fixed (passed)", text)
        self.assertIn("  added (1):\n    [ ok ] G / new (passed)", text)
        self.assertIn("  removed (1):\n    [ ok ] G / gone (passed)", text)
        report = json.loads(run("summarize", "--format", "json", "--baseline", before, stdin=now).stdout)
        self.assertEqual([r["name"] for r in report["baseline"]["newly_failing"]], ["breaks"])
        self.assertFalse(report["baseline"]["different_app"])
        md = run("summarize", "--format", "markdown", "--baseline", before, stdin=now).stdout
        self.assertIn("**Newly failing**", md)

    def test_no_change_and_a_different_app(self):
        before = self.write("before.json", RED)
        self.assertIn("  still failing (1):", run("summarize", "--baseline", before, stdin=RED).stdout)
        green = self.write("green.json", GREEN)
        self.assertIn("  no change\n", run("summarize", "--baseline", green, stdin=GREEN).stdout)
        other = json.loads(RED)
        other["app"]["id"] = "com.other"
        self.assertIn("(a different app)", run("summarize", "--baseline", before, stdin=json.dumps(other).encode()).stdout)

    def test_a_bad_baseline_is_trouble(self):
        self.assertOneLineError(run("summarize", "--baseline", os.path.join(FIXTURES, "invalid-syntax.json"), stdin=RED),
                                2, "--baseline")
