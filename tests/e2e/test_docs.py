"""The documentation cannot drift from the code: every example in README and in the man page's
EXAMPLES runs, every option in --help is in the man page and in each completion script, and CI
runs the README's test command."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from helpers import BINARY, EXAMPLES, base_environment, run

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def run_examples(test, lines, origin):
    """Runs the lines in one shell, in a copy of examples/; each must end with status 0 or 1
    (a verdict) and no line may print an error."""
    script = ["cd \"$EXAMPLES_COPY\""]
    for line in lines:
        script.append(line)
        script.append('s=$?; if [ $s -gt 1 ]; then echo "example failed with status $s: ' +
                      line.replace("'", "").replace('"', "").replace("$", "") + '" >&2; exit 99; fi')
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, "examples")
        shutil.copytree(EXAMPLES, copy)
        env = base_environment(EXAMPLES_COPY=copy, AUTOSANA_WEBHOOK_SECRET="example-secret")
        env["PATH"] = os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + env["PATH"]
        completed = subprocess.run(["sh", "-c", "\n".join(script)], capture_output=True, env=env, timeout=120)
    test.assertEqual(completed.returncode, 0, (origin, completed.stderr.decode()))
    test.assertNotIn(b"autosana-webhook: error", completed.stderr, origin)
    return completed


class ExamplesRun(unittest.TestCase):
    def test_readme_examples(self):
        blocks = re.findall(r"```sh\n(.*?)```", read("README.md"), re.S)
        self.assertGreaterEqual(len(blocks), 5)
        lines = [line for block in blocks for line in block.strip().split("\n")]
        completed = run_examples(self, lines, "README")
        self.assertIn(b"OK: signature matches", completed.stdout)
        self.assertIn(b"explain: the JSON was re-serialised", completed.stdout)
        self.assertIn(b"deploying", completed.stdout)
        self.assertIn(b"2 of 3 groups passed, 1 failed", completed.stdout)
        self.assertIn(b"History: 6 batches", completed.stdout)

    def test_man_page_examples(self):
        page = read("man", "autosana-webhook.1")
        section = page.split(".SH EXAMPLES", 1)[1].split(".SH SEE ALSO", 1)[0]
        blocks = re.findall(r"\.RS\n(.*?)\n\.RE", section, re.S)
        lines = [line.replace("\\-", "-") for block in blocks for line in block.split("\n")]
        self.assertGreaterEqual(len(lines), 6)
        completed = run_examples(self, lines, "man page")
        self.assertIn(b"deploy", completed.stdout)

    def test_github_actions_job(self):
        job = re.search(r"```yaml\n(.*?)```", read("README.md"), re.S).group(1)
        steps = [line.split("run: ", 1)[1] for line in job.split("\n")
                 if "run: autosana-webhook" in line]
        self.assertEqual(len(steps), 2, job)
        # As on a runner: the step summary is a file the job appends to.
        lines = ['GITHUB_STEP_SUMMARY="$PWD/step-summary.md"; export GITHUB_STEP_SUMMARY'] + steps + [
            'grep -q "\[Checkout\]" step-summary.md && echo summary-written',
            'xmllint --noout autosana-junit.xml && echo junit-written']
        completed = run_examples(self, lines, "GitHub Actions job")
        self.assertIn(b"OK: signature matches", completed.stdout)
        self.assertIn(b"2 of 3 groups passed, 1 failed", completed.stdout)
        self.assertIn(b"summary-written", completed.stdout)
        self.assertIn(b"junit-written", completed.stdout)

    def test_ci_runs_the_readme_test_command(self):
        quick_start = re.search(r"## Quick start.*?```bash\n(.*?)```", read("README.md"), re.S).group(1)
        commands = quick_start.strip().split("\n")
        self.assertEqual(len(commands), 2, "the Quick start has exactly two commands")
        self.assertIn("ctest", commands[1])
        self.assertIn(commands[1], read(".ci", "run").split("\n"))
        self.assertIn("examples/", commands[0])


def long_options(command):
    text = run(command, "--help").stdout
    return sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text.split("Examples:")[0])) - {"--help"})


def commands():
    """The subcommands --help lists, so that a new one cannot be left out of these checks."""
    section = run("--help").stdout.split("Subcommands:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  ([a-z]+)", section, re.M)


class OptionsAreDocumented(unittest.TestCase):
    FILES = {
        "man page": ("man", "autosana-webhook.1"),
        "bash completion": ("completions", "autosana-webhook.bash"),
        "zsh completion": ("completions", "_autosana-webhook"),
        "fish completion": ("completions", "autosana-webhook.fish"),
    }

    def test_every_option_everywhere(self):
        self.assertEqual(commands(), ["sign", "verify", "parse", "summarize", "history", "sample", "listen", "send"])
        for command in commands():
            options = long_options(command)
            self.assertIn({"parse": "--strict", "summarize": "--baseline", "sample": "--run-status"}.get(command, "--secret-file"), options)
            for name, path in self.FILES.items():
                text = read(*path)
                for option in options:
                    # As a whole token: --secret must be there itself, not only as part of
                    # --secret-file.
                    if name == "man page":
                        pattern = re.escape(option.replace("-", "\\-")) + r"(?![\w]|\\-)"
                    elif name == "fish completion":
                        pattern = r"-l " + re.escape(option[2:]) + r"(?![\w-])"
                    else:
                        pattern = r"(?<![\w-])" + re.escape(option) + r"(?![\w-])"
                    self.assertRegex(text, pattern, f"{command} {option} missing from {name}")
                self.assertIn(command, text)

    def test_format_values_are_completed(self):
        for command, option in (("sign", "--format"), ("parse", "--format"), ("summarize", "--format"),
                                ("summarize", "--color"), ("history", "--format"), ("history", "--color"),
                                ("sample", "--platform"), ("listen", "--color")):
            # "--format is one of value, hex, header, ..., not nope"
            values = re.search(r"is one of ([a-z, ]+), not nope", run(command, option, "nope").stderr).group(1).split(", ")
            for name, path in self.FILES.items():
                if name == "man page":
                    continue
                text = read(*path)
                self.assertIn(" ".join(values), text, (command, option, name))

    def test_man_page_renders_without_warnings(self):
        completed = subprocess.run(["groff", "-man", "-ww", "-z", os.path.join(ROOT, "man", "autosana-webhook.1")],
                                   capture_output=True)
        self.assertEqual(completed.returncode, 0)
        self.assertEqual(completed.stderr, b"")

    def test_bash_completion_parses(self):
        completed = subprocess.run(["bash", "-n", os.path.join(ROOT, "completions", "autosana-webhook.bash")],
                                   capture_output=True)
        self.assertEqual(completed.returncode, 0, completed.stderr)
