"""history: flows across many batches, from the fixtures in tests/fixtures/history (a flow that
turns red at a known commit, a flaky one, a fixed one, an invalid file, a signed and an unsigned
saved request), in every format; the HTML reports in Debian's headless chromium."""
import json
import os
import shutil
import unittest

from browser import BrowserTestCase, artifacts_dir
from helpers import TempDirTestCase, base_environment
from helpers import run as run_binary

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "../fixtures/history")
DELIVERIES = os.path.join(FIXTURES, "deliveries")
GOOD = sorted(os.path.join(DELIVERIES, name) for name in os.listdir(DELIVERIES) if name.startswith("batch-"))
SIGNED = os.path.join(DELIVERIES, "saved/20250204T090000Z-0001.http")
UNSIGNED = os.path.join(DELIVERIES, "saved/20250205T090000Z-0002.http")


# The saved request in the fixtures is signed with the examples' secret, as the README's
# transcript of history shows it.
FIXTURE_SECRET = "example-secret"


def fixture_environment(**extra):
    return base_environment(**{"AUTOSANA_WEBHOOK_SECRET": FIXTURE_SECRET, **extra})


def run(*args, env=None, **kwargs):
    return run_binary(*args, env=env if env is not None else fixture_environment(), **kwargs)


def in_fixtures(*args, **kwargs):
    """Run from the fixtures' folder, so that sources are named as the expected files name them."""
    return run(*args, cwd=FIXTURES, **kwargs)


def read(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return f.read()


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def batch(timestamp, runs, branch="main", sha="0123456789abcdef", app="com.example.shop"):
    """runs: [(group, name, status[, url]), ...]"""
    groups = {}
    for run_ in runs:
        group, name, status = run_[:3]
        url = run_[3] if len(run_) > 3 else f"https://autosana.ai/runs/flow/{sha[:4]}-{len(groups)}"
        groups.setdefault(group, []).append({"name": name, "status": status, "url": url})
    run_groups = [{"name": g, "status": "failed" if any(r["status"] != "passed" for r in rs) else "passed",
                   "url": "https://autosana.ai/runs/groups/1", "runs": rs} for g, rs in groups.items()]
    return json.dumps({
        "event": "batch.completed", "timestamp": timestamp,
        "app": {"id": app, "name": "Shop", "platform": "android", "url": "https://example.com/a.apk"},
        "git": {"commit_sha": sha, "branch": branch},
        "summary": {"total_groups": len(run_groups),
                    "passed_groups": sum(1 for g in run_groups if g["status"] == "passed"),
                    "failed_groups": sum(1 for g in run_groups if g["status"] == "failed")},
        "run_groups": run_groups}).encode()


class Fixtures(TempDirTestCase):
    def test_text_is_exactly_as_expected(self):
        result = in_fixtures("history", "deliveries", env=fixture_environment(LC_ALL="C", LANG=None))
        self.assertEqual(result.stdout, read("expected.txt"))
        # The invalid file: one line with its pointer and reason; the exit status says so.
        self.assertEqual(result.stderr, read("expected-errors.txt"))
        self.assertEqual(result.status, 2)

    def test_colour_rules_as_summarize(self):
        # Not a terminal: no colour by default; --color always forces it, even with NO_COLOR.
        self.assertNotIn(b"\x1b[", run("history", *GOOD).out)
        self.assertIn(b"\x1b[31m", run("history", "--color", "always", *GOOD).out)
        self.assertIn(b"\x1b[31m", run("history", "--color", "always", *GOOD, env=fixture_environment(NO_COLOR="1")).out)
        self.assertNotIn(b"\x1b[", run("history", "--color", "never", *GOOD).out)
        self.assertOneLineError(run("history", "--color", "sometimes", *GOOD), 2, "--color")

    def test_json_is_exactly_as_expected(self):
        result = in_fixtures("history", "--format", "json", "deliveries")
        self.assertEqual(result.stdout.count("\n"), 1)
        self.assertEqual(json.loads(result.stdout), json.loads(read("expected.json")))

    def test_the_flow_that_turned_red_names_its_first_failing_commit(self):
        result = run("history", "--format", "json", *GOOD, SIGNED, UNSIGNED)
        self.assertEqual(result.status, 1, result)  # newly failing; every input usable
        report = json.loads(result.stdout)
        [red] = report["newly_failing"]
        self.assertEqual((red["group"], red["name"]), ("Checkout", "pay by card"))
        self.assertEqual(red["since"]["commit_sha"], "e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4")
        self.assertEqual(red["since"]["timestamp"], "2025-02-03T09:00:00.000Z")
        self.assertEqual(red["batches_since"], 4)  # on main: the feature branch's batch is a lane apart
        self.assertEqual([(lane["branch"], lane["state"]) for lane in red["lanes"]],
                         [("feature/new-cart", "failing"), ("main", "newly_failing")])
        self.assertEqual([f["name"] for f in report["flaky"]], ["sign in with SSO"])
        self.assertEqual([f["name"] for f in report["fixed"]], ["filters"])
        self.assertEqual(run("history", "--exit-zero", *GOOD).status, 0)

    def test_markdown_for_a_step_summary(self):
        result = run("history", "--format", "markdown", *GOOD)
        self.assertTrue(result.stdout.startswith("### \u274c Flow history: 1 newly failing\n"), result)
        self.assertIn("| **Checkout** \u203a [pay by card](https://autosana.ai/runs/flow/", result.stdout)
        self.assertIn("| 2025-02-03T09:00:00.000Z | e5f6a7b | main | 3 |", result.stdout)


class GitHubAnnotations(TempDirTestCase):
    def test_an_annotation_for_each_state_and_the_gate_unchanged(self):
        result = in_fixtures("history", "--format", "github", "deliveries")
        self.assertEqual(result.status, 2, result)  # the fixtures hold an input that is not a batch
        lines = result.stdout.split("\n")[:-1]
        self.assertEqual([line.split(" ", 1)[0] for line in lines], ["::error", "::warning", "::notice"], lines)
        self.assertTrue(lines[0].startswith("::error title=Newly failing%3A Checkout / pay by card::"), lines[0])
        self.assertIn("since main @ e5f6a7b (2025-02-03T09:00:00.000Z), 4 batches ago", lines[0])
        self.assertTrue(lines[0].endswith("https://autosana.ai/runs/flow/8-checkout-pay-by-card"), lines[0])


class Owners(TempDirTestCase):
    FILE = b"*  @acme/qa\nCheckout / *  @acme/payments\nLogin / *  @acme/identity @%0A::error::x\n"

    def test_the_owners_of_each_failing_and_flaky_flow_in_every_format(self):
        owners = self.write("owners.txt", self.FILE)
        out = {f: run("history", "--owners", owners, "--format", f, "--exit-zero", *GOOD).stdout
               for f in ("text", "markdown", "json", "github", "html")}
        self.assertIn("(2025-02-03T09:00:00.000Z); owned by @acme/payments  https://", out["text"])
        self.assertIn("(71%); owned by @acme/identity @%0A::error::x  https://", out["text"])
        self.assertNotIn("@acme/qa", out["text"])  # fixed and passing flows name nobody
        self.assertIn("\u2014 @acme/payments", out["markdown"])
        flows = {f["name"]: f["owners"] for f in json.loads(out["json"])["flows"]}
        self.assertEqual(flows["pay by card"], ["@acme/payments"])
        self.assertEqual(flows["filters"], ["@acme/qa"])  # JSON says it for every flow
        lines = out["github"].strip().split("\n")
        self.assertEqual([line.split(" ", 1)[0] for line in lines], ["::error", "::warning", "::notice"])
        self.assertIn("; owned by @acme/identity @%250A::error::x", lines[1])
        self.assertIn('<span class="owners">owned by @acme/payments</span>', out["html"])

    def test_one_owner_s_window_and_exit_status(self):
        owners = self.write("owners.txt", self.FILE)
        table = [("@acme/payments", 1, ["pay by card"]), ("@acme/identity", 0, ["sign in with SSO", "sign in with email"]),
                 ("@acme/qa", 0, None)]
        for owner, status, flows in table:
            with self.subTest(owner):
                result = run("history", "--owners", owners, "--owner", owner, "--format", "json", *GOOD)
                self.assertEqual(result.status, status, result)
                report = json.loads(result.stdout)
                if flows is not None:
                    self.assertEqual([f["name"] for f in report["flows"]], flows)
                    # Their runs alone, in every figure.
                    totals = report["totals"]
                    self.assertEqual((totals["flows"], totals["passed"] + totals["failed"]), (len(flows), 7 * len(flows)))
                else:
                    self.assertNotIn("pay by card", [f["name"] for f in report["flows"]])
        # The store reads the same window, and cuts it the same way.
        store = "sqlite:" + os.path.join(self.dir, "store.db")
        self.assertEqual(run("store", "import", "--store", store, *GOOD).status, 0)
        from_store = run("history", "--store", store, "--owners", owners, "--owner", "@acme/payments",
                         "--format", "json")
        self.assertEqual(from_store.status, 1, from_store)
        self.assertEqual([f["name"] for f in json.loads(from_store.stdout)["flows"]], ["pay by card"])
        nobody = self.write("nobody.txt", b"Checkout / *  @acme/payments\nNowhere / *  @acme/ghost\n")
        self.assertOneLineError(run("history", "--owners", nobody, "--owner", "@acme/ghost", *GOOD), 2,
                                f"--owner @acme/ghost: no flow of theirs in the window (by {nobody}): nothing to judge")


class StickyComment(TempDirTestCase):
    def test_the_marker_names_the_lane_asked_for_or_the_only_one(self):
        out = in_fixtures("history", "--format", "comment", "--branch", "main", "deliveries").stdout
        self.assertTrue(out.startswith("<!-- autosana-webhook: app=com.example.shop branch=main -->\n### "), out[:100])
        self.assertEqual(out.split("\n", 1)[1],
                         in_fixtures("history", "--format", "markdown", "--branch", "main", "deliveries").stdout)
        out = in_fixtures("history", "--format", "comment", "deliveries").stdout
        self.assertTrue(out.startswith("<!-- autosana-webhook: app=com.example.shop branch=* -->\n"), out[:100])


class Quarantine(TempDirTestCase):
    def test_the_suggested_lines_quarantine_the_flaky_flow_and_a_quarantined_newly_failing_one_passes(self):
        result = in_fixtures("history", "--format", "quarantine", "--branch", "main", "--exit-zero", "deliveries")
        lines = [line for line in result.stdout.split("\n") if line and not line.startswith("#")]
        self.assertEqual(len(lines), 1, result.stdout)
        self.assertRegex(lines[0], r"^Login / sign in with SSO \| until \d{4}-\d{2}-\d{2} \| flaky: 6 flips")
        quarantine = self.write("q.txt", result.out)
        # The valid inputs only: an input that cannot be used is trouble (2) whatever the gate says.
        valid = sorted(os.path.join("deliveries", name) for name in os.listdir(DELIVERIES) if name.startswith("batch-"))
        gated = in_fixtures("history", "--branch", "main", "--quarantine", quarantine, *valid)
        self.assertEqual(gated.status, 1, gated)  # the flaky flow was never the gate; pay by card is
        covered = self.write("q2.txt", result.out + b"Checkout / pay by card | until 2099-01-01 | tracked in PAY-7\n")
        passed = in_fixtures("history", "--branch", "main", "--quarantine", covered, *valid)
        self.assertEqual(passed.status, 0, passed)
        self.assertIn("quarantined, reported but not failing the gate: Checkout / pay by card (until 2099-01-01: tracked in PAY-7)",
                      passed.stderr)
        self.assertIn("Newly failing", passed.stdout)
        # Every report says which flows the file covers; GitHub makes the newly failing one a warning.
        self.assertIn("(2025-02-03T09:00:00.000Z) (quarantined until 2099-01-01: tracked in PAY-7)", passed.stdout)
        report = json.loads(in_fixtures("history", "--branch", "main", "--quarantine", covered, "--format", "json",
                                        *valid).stdout)
        marks = {f["name"]: f["quarantined"] for f in report["flows"]}
        self.assertEqual(marks["pay by card"], "until 2099-01-01: tracked in PAY-7")
        self.assertRegex(marks["sign in with SSO"], r"^until \d{4}-\d{2}-\d{2}: flaky")
        self.assertIsNone(marks["filters"])  # fixed: nothing to excuse
        github = in_fixtures("history", "--branch", "main", "--quarantine", covered, "--format", "github",
                             *valid).stdout.split("\n")[:-1]
        self.assertEqual([line.split(" ", 1)[0] for line in github], ["::warning", "::warning", "::notice"])
        self.assertTrue(github[0].startswith("::warning title=Newly failing (quarantined)%3A Checkout / pay by card::"),
                        github[0])
        markdown = in_fixtures("history", "--branch", "main", "--quarantine", covered, "--format", "markdown",
                               *valid).stdout
        self.assertIn("(quarantined until 2099-01-01: tracked in PAY-7)", markdown)


class Verification(TempDirTestCase):
    def test_signed_requests_are_verified_with_the_secret(self):
        wrong = run("history", SIGNED, *GOOD, env=fixture_environment(AUTOSANA_WEBHOOK_SECRET="not-the-secret"))
        self.assertEqual(wrong.status, 2)
        self.assertIn(f"autosana-webhook: error: {SIGNED}: signature does not match", wrong.stderr)
        self.assertNotIn("not-the-secret", wrong.stderr + wrong.stdout)
        self.assertIn("History: 7 batches", wrong.stdout)  # the forged one is left out, not the rest
        unset = run("history", SIGNED, *GOOD, env=fixture_environment(AUTOSANA_WEBHOOK_SECRET=None))
        self.assertIn("History: 8 batches", unset.stdout)  # no secret: read unverified
        self.assertEqual(unset.status, 1)

    def test_require_verified_keeps_only_what_a_secret_verified(self):
        result = run("history", "--require-verified", "--format", "json", DELIVERIES)
        self.assertEqual(result.status, 0, result)  # leaving out is what was asked: no trouble
        report = json.loads(result.stdout)
        self.assertEqual([b["source"] for b in report["trend"]], [SIGNED])
        self.assertIn(f"warning: {UNSIGNED}: not signed, left out (--require-verified)", result.stderr)
        self.assertIn(f"warning: {GOOD[0]}: a payload without its signature, left out (--require-verified)",
                      result.stderr)
        self.assertOneLineError(run("history", "--require-verified", DELIVERIES,
                                    env=fixture_environment(AUTOSANA_WEBHOOK_SECRET=None)), 2,
                                "--require-verified needs a secret")

    def test_a_tampered_request_is_an_error(self):
        with open(SIGNED, "rb") as f:
            data = f.read().replace(b'"status": "failed"', b'"status": "passed"', 1)
        tampered = os.path.join(self.dir, "tampered.http")
        with open(tampered, "wb") as f:
            f.write(data)
        result = run("history", tampered)
        self.assertEqual(result.status, 2)
        self.assertIn("tampered.http: signature does not match", result.stderr)


class Inputs(TempDirTestCase):
    def test_a_stream_of_concatenated_payloads(self):
        stream = b"".join(read_bytes(path) for path in reversed(GOOD))  # newest first
        from_files = json.loads(run("history", "--format", "json", *GOOD).stdout)
        report = json.loads(run("history", "--format", "json", "-", stdin=stream).stdout)
        self.assertEqual(report["batches"]["in_window"], 7)
        # Ordered by timestamp, not by place in the stream: the oldest was read last.
        self.assertEqual(report["trend"][0]["source"], f"standard input, payload {len(GOOD)}")
        def without_source(batch):
            return {**batch, "source": None} if batch else None

        def without_sources(flows):
            return [{**flow, "since": without_source(flow["since"]), "broken_since": without_source(flow["broken_since"]),
                     "lanes": [{**lane, "since": without_source(lane["since"]),
                                "same_commit_flip": without_source(lane["same_commit_flip"])} for lane in flow["lanes"]]}
                    for flow in flows]
        self.assertEqual(without_sources(report["flows"]), without_sources(from_files["flows"]))
        self.assertEqual(json.loads(run("history", "--format", "json", stdin=stream).stdout), report)  # no PATH: -
        compact = b"\n".join(json.dumps(json.loads(read_bytes(path))).encode() for path in GOOD)
        self.assertEqual(without_sources(json.loads(run("history", "--format", "json", "-", stdin=compact).stdout)["flows"]),
                         without_sources(report["flows"]))

    def test_a_broken_stream_keeps_what_came_before_and_says_where_it_broke(self):
        stream = read_bytes(GOOD[0]) + b'{"event": oops}\n' + read_bytes(GOOD[1])
        result = run("history", "--format", "json", "-", stdin=stream)
        self.assertEqual(result.status, 2)
        lines = read_bytes(GOOD[0]).count(b"\n")
        self.assertIn(f"autosana-webhook: error: standard input:{lines + 1}:11: expected a value", result.stderr)
        self.assertEqual(json.loads(result.stdout)["batches"]["in_window"], 1)

    def test_unusable_inputs_are_one_line_each(self):
        truncated = os.path.join(self.dir, "truncated.json")
        with open(truncated, "wb") as f:
            f.write(read_bytes(GOOD[0])[:300])
        empty = os.path.join(self.dir, "empty")
        os.mkdir(empty)
        missing = os.path.join(self.dir, "missing.json")
        result = run("history", truncated, empty, missing, *GOOD)
        self.assertEqual(result.status, 2)
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        self.assertEqual(len(errors), 4, result.stderr)  # three inputs and the count
        self.assertRegex(errors[0], r"truncated\.json:\d+:\d+: ")
        self.assertIn("no payload (*.json) or saved request (*.http) in this directory", errors[1])
        self.assertIn("missing.json", errors[2])
        self.assertIn("3 inputs could not be used", errors[3])
        self.assertIn("History: 7 batches", result.stdout)

    def test_a_batch_delivered_twice_counts_once(self):
        # A retried delivery, saved by listen --save beside the first, or the same file twice.
        again = os.path.join(self.dir, "again.json")
        shutil.copy(GOOD[-1], again)
        result = run("history", "--format", "json", *GOOD, again)
        report = json.loads(result.stdout)
        self.assertEqual((report["batches"]["read"], report["batches"]["repeated"], report["batches"]["in_window"]),
                         (8, 1, 7))
        [red] = report["newly_failing"]
        self.assertEqual(red["batches_since"], 3)  # e, f, h: the copy of h is not a fourth
        self.assertIn("(1 repeated delivery counted once)", run("history", *GOOD, again).stdout)
        for form in ("markdown", "html"):
            self.assertIn("1 repeated delivery counted once", run("history", "--format", form, *GOOD, again).stdout)

    def test_filters(self):
        def window(*args):
            report = json.loads(run("history", "--format", "json", *args, DELIVERIES).stdout)
            return [b["commit_sha"][:7] for b in report["trend"]]
        self.assertEqual(len(window()), 9)
        self.assertEqual(window("--branch", "feature/new-cart"), ["9f8e7d6"])
        self.assertEqual(window("--branch", "main", "--last", "2"), ["0a1b2c3", "1b2c3d4"])
        self.assertEqual(window("--since", "2025-02-04"), ["0a1b2c3", "1b2c3d4", "9f8e7d6"])
        self.assertEqual(window("--since", "2025-02-04T12:00:00Z"), ["1b2c3d4", "9f8e7d6"])
        self.assertOneLineError(run("history", "--since", "last week", *GOOD), 2, "--since last week: expected")
        self.assertOneLineError(run("history", "--format", "yaml", *GOOD), 2, "--format")

    def test_an_empty_window_is_an_error_that_names_the_filter(self):
        # No batch is no verdict: exit 2 with one line, in every format, and no report at all.
        cases = [
            (("--branch", "mian"), "no batch on branch 'mian'; branches in the input: main (8), "
                                   "feature/new-cart (1); did you mean main?"),
            (("--branch", "release"), "no batch on branch 'release'; branches in the input: main (8), "
                                      "feature/new-cart (1)"),
            (("--app", "com.example.shp"), "no batch of app 'com.example.shp'; apps in the input: "
                                           "com.example.shop (9); did you mean com.example.shop?"),
            (("--since", "2030-01-01"), "no batch since 2030-01-01T00:00:00.000Z; the latest is from "
                                        "2025-02-05T09:00:00.000Z"),
            (("--since", "30d", "--branch", "main"), "no batch on branch 'main' since "),
        ]
        for args, message in cases:
            for form in ("text", "markdown", "json", "html"):
                with self.subTest(args=args, format=form):
                    result = run("history", "--format", form, *args, *GOOD, SIGNED, UNSIGNED)
                    self.assertOneLineError(result, 2, message)
                    self.assertEqual(result.stderr.count("\n"), 1, result)
                    self.assertEqual(result.out, b"")
        empty = run("history", "-")
        self.assertEqual(empty.status, 2, empty)
        self.assertIn("autosana-webhook: error: no batch in the input", empty.stderr)
        for count in ("0", "-2", "abc"):
            self.assertOneLineError(run("history", "--last", count, *GOOD), 2,
                                    f"--last: must be a count of 1 or more, not {count}")

    def judge(self, steps, *args):
        """steps: (branch, status) a batch, an hour apart; the flow's state per branch and the exit status."""
        paths = []
        for i, (branch, status) in enumerate(steps):
            path = os.path.join(self.dir, f"b{i:02}.json")
            with open(path, "wb") as f:
                f.write(batch(f"2025-03-01T{i:02}:00:00Z", [("G", "r", status)], sha=f"{i:02}" * 20, branch=branch))
            paths.append(path)
        result = run("history", "--format", "json", *args, *paths)
        [flow] = json.loads(result.stdout)["flows"]
        return {lane["branch"]: lane["state"] for lane in flow["lanes"]}, result.status

    def test_each_branch_is_judged_on_its_own_and_a_regression_on_main_fails_the_gate(self):
        P, F = "passed", "failed"
        cases = [
            # The cases: interleaved branches, each of which regressed.
            ([("main", P), ("feature", P), ("main", F), ("feature", F), ("main", F)],
             {"main": "newly_failing", "feature": "newly_failing"}, 1),
            # Flaky, then broken for good: no longer hidden as flaky.
            ([("main", s) for s in (P, F, P, F, F, F, F)], {"main": "newly_failing"}, 1),
            ([("main", s) for s in (P, F, P, F, F)], {"main": "flaky"}, 0),
            # A red feature branch neither fixes nor breaks main.
            ([("main", P), ("feature", F), ("main", P)], {"main": "passing", "feature": "failing"}, 0),
            ([("main", P), ("main", P), ("feature", F)], {"main": "passing", "feature": "failing"}, 0),
            # A regression on main beside a noisy feature branch.
            ([("feature", P), ("main", P), ("feature", F), ("main", P), ("feature", P), ("feature", F), ("main", F)],
             {"main": "newly_failing", "feature": "flaky"}, 1),
        ]
        for steps, lanes, status in cases:
            with self.subTest(steps=steps):
                self.assertEqual(self.judge(steps), (lanes, status))
        # With --branch, only that branch's lanes decide.
        steps = [("main", P), ("feature", P), ("main", F), ("feature", P)]
        self.assertEqual(self.judge(steps, "--branch", "feature"), ({"feature": "passing"}, 0))
        self.assertEqual(self.judge(steps, "--branch", "main"), ({"main": "newly_failing"}, 1))

    def test_markdown_over_2000_flows_fits_a_check_run(self):
        paths = []
        for day in range(1, 4):
            runs = [(f"Group {f // 10}", f"flow {f}", "failed" if (f + day) % 2 else "passed") for f in range(2000)]
            path = os.path.join(self.dir, f"d{day}.json")
            with open(path, "wb") as f:
                f.write(batch(f"2025-03-0{day}T10:00:00Z", runs, sha=f"{day}" * 40))
            paths.append(path)
        result = run("history", "--format", "markdown", "--exit-zero", "--max-bytes", "65535", *paths)
        self.assertEqual(result.status, 0, result)
        self.assertLessEqual(len(result.out), 65535)
        self.assertIn("more rows or runs were left out; the whole report: --format json, html or text", result.stdout)
        whole = run("history", "--format", "markdown", "--exit-zero", "--max-bytes", "0", *paths)
        self.assertGreater(len(whole.out), 65535)
        self.assertTrue(whole.stdout.startswith(result.stdout.rpartition("\n\n</details>")[0][:60000]))

    def test_newly_failing_then_flaky_in_a_branch_of_its_own(self):
        paths = []
        for i, status in enumerate(["passed", "passed", "failed", "passed", "failed"]):
            path = os.path.join(self.dir, f"{i}.json")
            with open(path, "wb") as f:
                f.write(batch(f"2025-03-0{i + 1}T10:00:00Z", [("G", "r", status)], sha=f"{i}" * 40))
            paths.append(path)
        report = json.loads(run("history", "--format", "json", *paths).stdout)
        self.assertEqual(report["flows"][0]["state"], "flaky")
        self.assertEqual(report["flows"][0]["flips"], 3)
        report = json.loads(run("history", "--format", "json", "--last", "2", *paths).stdout)
        self.assertEqual(report["flows"][0]["state"], "newly_failing")


class SummarizeHtml(TempDirTestCase):
    def test_one_page_for_several_payloads(self):
        red = GOOD[-1]
        green = os.path.join(self.dir, "green.json")
        with open(green, "wb") as f:
            f.write(batch("2025-03-01T10:00:00Z", [("Login", "sign in", "passed")]))
        result = run("summarize", "--format", "html", green, red)
        self.assertEqual(result.status, 1)
        self.assertTrue(result.stdout.startswith("<!DOCTYPE html>"))
        self.assertEqual(result.stdout.count("<section class=\"batch\">"), 2)
        self.assertEqual(result.stdout.count("</html>"), 1)
        page = os.path.join(self.dir, "summary.html")
        both = run("summarize", "-o", f"html={page}", "-o", "text=-", green)
        self.assertIn("Shop (android, com.example.shop)", both.stdout)
        with open(page, encoding="utf-8") as f:
            self.assertIn("<span class=\"verdict passed\">passed</span>", f.read())


HOSTILE = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>\u202egnp.exe"


class InBrowser(BrowserTestCase):
    def open(self, html):
        path = os.path.join(self.dir, "report.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        self.driver.get_log("browser")
        self.driver.get("file://" + path)

    def console_errors(self):
        return [entry for entry in self.driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]

    def count(self, selector):
        return len(self.driver.find_elements("css selector", selector))

    def screenshot(self, name, width=1400):
        self.driver.set_window_size(width, 900)
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(height + 140, 4000))
        self.driver.save_screenshot(os.path.join(artifacts_dir(), name))
        self.driver.set_window_size(1400, 900)

    def test_the_history_page_has_its_chart_grid_and_tables(self):
        self.open(in_fixtures("history", "--format", "html", "deliveries").stdout)
        self.assertEqual(self.console_errors(), [])
        self.assertEqual(self.count("svg.trend circle.point"), 9)
        self.assertEqual(self.count("svg.trend polyline"), 1)
        self.assertEqual(self.count("table.grid tbody tr"), 5)
        self.assertEqual(self.count("table.grid td.cell"), 5 * 9)
        self.assertEqual(self.count("table.grid td.cell.failed"), 11)
        self.assertEqual(self.count("table.newly-failing tbody tr"), 1)
        self.assertEqual(self.count("table.flaky tbody tr"), 1)
        self.assertEqual(self.count("table.fixed tbody tr"), 1)
        # A cell links to its run and names its batch's commit on hover.
        cell = self.driver.find_elements("css selector", "table.grid tbody tr:first-child td.cell")[4]
        self.assertIn("main @ e5f6a7b", cell.get_attribute("title"))
        self.assertEqual(cell.find_element("css selector", "a").get_attribute("href"),
                         "https://autosana.ai/runs/flow/5-checkout-pay-by-card")
        # It is one file: nothing was fetched from anywhere.
        resources = self.driver.execute_script("return performance.getEntriesByType('resource').length")
        self.assertEqual(resources, 0)
        self.screenshot("history.png")

    def test_narrow_and_dark(self):
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                    {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        try:
            self.open(in_fixtures("history", "--format", "html", "deliveries").stdout)
            self.driver.set_window_size(420, 900)
            background = self.driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            self.assertEqual(background, "rgb(13, 17, 23)")
            # The grid scrolls in its own box; the page itself does not get wider than the window.
            width = self.driver.execute_script("return document.documentElement.scrollWidth")
            self.assertLessEqual(width, 420)
            # Tables scroll in their own box rather than breaking words ("Co/mm/it") to fit.
            heights = self.driver.execute_script(
                "return [...document.querySelectorAll('table.newly-failing th, table.fixed th')]"
                ".map(th => th.getBoundingClientRect().height)")
            self.assertTrue(heights and max(heights) < 40, heights)
            self.screenshot("history-narrow-dark.png", width=420)
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})

    def assertRanNothing(self):
        from selenium.common.exceptions import NoAlertPresentException
        self.assertIsNone(self.driver.execute_script("return window.__pwned"))
        with self.assertRaises(NoAlertPresentException):
            self.driver.switch_to.alert.text
        self.assertEqual(self.count("main img"), 0)
        self.assertEqual(self.count("script"), 0)
        self.assertEqual(self.count("a[href^='javascript:']"), 0)
        self.assertEqual(self.console_errors(), [])

    def test_a_hostile_name_runs_nothing_in_the_history(self):
        paths = []
        for i, status in enumerate(["passed", "failed"]):
            path = os.path.join(self.dir, f"{i}.json")
            with open(path, "wb") as f:
                f.write(batch(f"2025-03-0{i + 1}T10:00:00Z",
                              [(HOSTILE, HOSTILE, status, "javascript:window.__pwned=1")],
                              branch=HOSTILE, sha=f"{i}" * 40))
            paths.append(path)
        self.open(run("history", "--format", "html", *paths).stdout)
        self.assertRanNothing()
        self.assertIn("<img src=x onerror=", self.driver.find_element("css selector", "table.newly-failing").text)
        self.assertIn("\\u{202E}", self.driver.find_element("tag name", "main").text)
        self.screenshot("history-hostile.png")

    def test_the_summary_page_of_a_hostile_batch_runs_nothing(self):
        body = batch("2025-03-01T10:00:00Z", [(HOSTILE, HOSTILE, "failed", "javascript:window.__pwned=1"),
                                              ("Login", "sign in", "passed")], branch=HOSTILE)
        self.open(run("summarize", "--format", "html", stdin=body).stdout)
        self.assertRanNothing()
        self.assertEqual(self.count("section.batch tr.run"), 1)
        self.assertIn("<script>window.__pwned=1</script>", self.driver.find_element("tag name", "main").text)
        self.screenshot("summary.png")


if __name__ == "__main__":
    unittest.main()
