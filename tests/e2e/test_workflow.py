"""examples/github-actions/autosana.yml works as written: it parses, builds or reuses the tool,
fetches the delivery byte for byte, verifies it, writes the step summary and JUnit in one pass,
fails when a flow failed, and hands the JUnit file to a test reporter. Its shell steps run here,
under bash as on a runner, against the example delivery served over HTTP. (yaml is Debian's
python3-yaml, which only Debian's own interpreter sees.)"""
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import unittest

import yaml

from helpers import BINARY, EXAMPLES, base_environment

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
WORKFLOW = os.path.join(ROOT, "examples", "github-actions", "autosana.yml")
JUNIT_SCHEMA = os.path.join(ROOT, "tests", "schemas", "junit-ant.xsd")


def load():
    with open(WORKFLOW, encoding="utf-8") as f:
        return yaml.safe_load(f)


class Served:
    """examples/ over HTTP on a free port, as the saved deliveries' web server would serve them."""

    def __init__(self, directory):
        handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=directory)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.RequestHandlerClass.log_message = lambda *args: None
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Workflow(unittest.TestCase):
    def setUp(self):
        self.workflow = load()
        self.job = self.workflow["jobs"]["autosana"]
        self.steps = self.job["steps"]

    def step(self, word):
        [found] = [step for step in self.steps if word in step.get("name", "")]
        return found

    def test_its_shape(self):
        triggers = self.workflow[True]  # YAML 1.1 reads the key "on" as true
        self.assertIn("workflow_dispatch", triggers)
        self.assertEqual(triggers["repository_dispatch"]["types"], ["autosana-delivery"])
        self.assertEqual(self.workflow["permissions"]["checks"], "write")
        # The tool is built in the job, or reused from the cache for the same source.
        cache = self.step("Reuse")
        self.assertTrue(cache["uses"].startswith("actions/cache@"))
        build = self.step("Build")
        self.assertEqual(build["if"], f"steps.{cache['id']}.outputs.cache-hit != 'true'")
        self.assertIn("--target programs", build["run"])
        self.assertIn(cache["with"]["path"], build["run"])
        # The JUnit file goes to a test reporter, also when the summary step failed.
        reporter = self.step("Report")
        self.assertEqual(reporter["if"], "always()")
        self.assertEqual(reporter["with"]["report_paths"], "autosana-junit.xml")
        summary = self.step("Summary")
        self.assertEqual(summary["shell"], "bash")
        self.assertIn("set -o pipefail\n", summary["run"])
        self.assertIn("-o github=-", summary["run"])
        self.assertEqual(self.workflow["permissions"]["pull-requests"], "write")
        self.assertEqual(self.step("Get this repository")["with"]["path"], "repository")
        self.assertIn('-o markdown="$GITHUB_STEP_SUMMARY"', summary["run"])

    def run_steps(self, secret, step_summary, words=("Fetch", "Verify", "Summary"), extra_env=None):
        """Runs the fetch, verify and summary steps in a copy of examples/; their exit statuses."""
        with tempfile.TemporaryDirectory() as served_dir:
            shutil.copy(os.path.join(EXAMPLES, "delivery.http"), served_dir)
            served = Served(served_dir)
            self.addCleanup(served.close)
            env = base_environment(AUTOSANA_WEBHOOK_SECRET=secret, GITHUB_STEP_SUMMARY=step_summary,
                                   DELIVERY_URL=served.url + "delivery.http", LC_ALL="C.UTF-8")
            env["PATH"] = os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + env["PATH"]
            extra_env = dict(extra_env or {})
            if "PATH_PREFIX" in extra_env:  # tools the runner has, such as gh
                env["PATH"] = extra_env.pop("PATH_PREFIX") + os.pathsep + env["PATH"]
            env.update(extra_env)
            statuses = []
            self.outputs = {}
            for word in words:
                completed = subprocess.run(["bash", "-e", "-c", self.step(word)["run"]], cwd=self.work, env=env,
                                           capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
                statuses.append(completed.returncode)
                self.outputs[word] = completed
            return statuses

    def test_its_steps_run_against_a_delivery(self):
        with tempfile.TemporaryDirectory() as work:
            self.work = work
            step_summary = os.path.join(work, "step-summary.md")
            self.assertEqual(self.run_steps("example-secret", step_summary), [0, 0, 1])  # a flow failed
            with open(os.path.join(work, "delivery.http"), "rb") as got, \
                    open(os.path.join(EXAMPLES, "delivery.http"), "rb") as sent:
                self.assertEqual(got.read(), sent.read())  # byte for byte
            with open(step_summary, encoding="utf-8") as f:
                self.assertTrue(f.read().startswith("### \u274c My App: 2 of 3 groups passed, 1 failed"))
            junit = os.path.join(work, "autosana-junit.xml")
            validated = subprocess.run(["xmllint", "--noout", "--schema", JUNIT_SCHEMA, junit], capture_output=True)
            self.assertEqual(validated.returncode, 0, validated.stderr)

    def test_annotations_the_sticky_comment_and_the_quarantine(self):
        with tempfile.TemporaryDirectory() as work:
            self.work = work
            # gh, as the runner would have it, answering from a record: the commit's pull request is
            # #7; the first time it has no comment of ours, the second time comment 99 is ours.
            tools = os.path.join(work, "tools")
            os.mkdir(tools)
            calls = os.path.join(work, "gh-calls")
            with open(os.path.join(tools, "gh"), "w") as f:
                f.write('#!/bin/sh\necho "$*" >> "%s"\n'
                        'case "$*" in *commits/*/pulls*) echo 7 ;; *issues/7/comments\ --jq*) cat "%s/existing" 2>/dev/null ;; esac\n'
                        % (calls, work))
            os.chmod(os.path.join(tools, "gh"), 0o755)
            words = ("Fetch", "Summary", "Sticky")
            self.assertEqual(self.run_steps("example-secret", os.path.join(work, "s.md"), words,
                                            {"GITHUB_REPOSITORY": "acme/shop", "PATH_PREFIX": tools}), [0, 1, 0])
            annotations = self.outputs["Summary"].stdout.decode()
            self.assertTrue(annotations.startswith("::error title=Failed%3A Checkout \u203a User can pay with a saved card::"),
                            annotations)
            with open(os.path.join(work, "autosana-comment.md"), encoding="utf-8") as f:
                self.assertTrue(f.read().startswith("<!-- autosana-webhook: app=com.example.myapp branch=main -->\n### "))
            with open(calls) as f:
                made = f.read().split("\n")
            self.assertIn("api repos/acme/shop/commits/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678/pulls --jq .[].number", made)
            self.assertIn("api --method POST repos/acme/shop/issues/7/comments -F body=@autosana-comment.md", made)
            with open(os.path.join(work, "existing"), "w") as f:
                f.write("99\n")
            self.run_steps("example-secret", os.path.join(work, "s.md"), ("Sticky",),
                           {"GITHUB_REPOSITORY": "acme/shop", "PATH_PREFIX": tools})
            with open(calls) as f:
                self.assertIn("api --method PATCH repos/acme/shop/issues/comments/99 -F body=@autosana-comment.md",
                              f.read().split("\n"))
            # With the failed flow in the repository's quarantine file, the job passes and says why.
            os.makedirs(os.path.join(work, "repository", ".github"))
            with open(os.path.join(work, "repository", ".github", "autosana-quarantine.txt"), "w") as f:
                f.write("Checkout / User can pay with a saved card | until 2099-01-01 | PAY-7\n")
            self.assertEqual(self.run_steps("example-secret", os.path.join(work, "s.md"), ("Summary",)), [0])
            self.assertIn(b"quarantined, reported but not failing the gate", self.outputs["Summary"].stderr)
            # With an owners file, each failure names its team; the quarantined one is a warning.
            with open(os.path.join(work, "repository", ".github", "autosana-owners.txt"), "w") as f:
                f.write("*  @acme/qa\nCheckout / *  @acme/payments\n")
            self.assertEqual(self.run_steps("example-secret", os.path.join(work, "s.md"), ("Summary",)), [0])
            annotations = self.outputs["Summary"].stdout.decode()
            self.assertTrue(annotations.startswith("::warning title=Quarantined%3A Checkout \u203a User can pay"),
                            annotations)
            self.assertIn("owned by @acme/payments", annotations)

    def test_a_wrong_secret_fails_the_job_and_leaves_no_half_report(self):
        with tempfile.TemporaryDirectory() as work:
            self.work = work
            step_summary = os.path.join(work, "step-summary.md")
            with open(step_summary, "w") as f:
                f.write("an earlier step's summary\n")
            self.assertEqual(self.run_steps("not-the-secret", step_summary), [0, 1, 2])
            with open(step_summary) as f:
                self.assertEqual(f.read(), "an earlier step's summary\n")
            self.assertFalse(os.path.exists(os.path.join(work, "autosana-junit.xml")))

    def test_the_readme_shows_this_workflow(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        with open(WORKFLOW, encoding="utf-8") as f:
            self.assertIn("```yaml\n" + f.read() + "```", readme)


if __name__ == "__main__":
    unittest.main()
