"""The documentation cannot drift from the code: every example in README and in the man page's
EXAMPLES runs, every option in --help is in the man page and in each completion script, and CI
runs the README's test command."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import unittest

from helpers import BINARY, EXAMPLES, base_environment, run

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


EXPECTED_STATUS = re.compile(r"#\s*exit status (\d+)")


def expected_status(line):
    """0, unless the example says otherwise next to it: `... # exit status 1: why`."""
    found = EXPECTED_STATUS.search(line)
    return int(found.group(1)) if found else 0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_free_ports(lines):
    """The examples' fixed ports become free ones, so two runs of the suite side by side (or a
    listener left on this machine) cannot collide."""
    ports = {port: str(free_port()) for line in lines for port in re.findall(r"\b(87\d\d)\b", line)}
    return [re.sub(r"\b(87\d\d)\b", lambda m: ports[m.group(1)], line) for line in lines]


def examples_copy(tmp):
    copy = os.path.join(tmp, "examples")
    shutil.copytree(EXAMPLES, copy)
    return copy


def examples_environment(copy, **extra):
    env = base_environment(EXAMPLES_COPY=copy, AUTOSANA_WEBHOOK_SECRET="example-secret", LC_ALL="C.UTF-8",
                           LANG=None, NO_COLOR=None, **extra)
    env["PATH"] = os.path.dirname(os.path.abspath(BINARY)) + os.pathsep + env["PATH"]
    return env


def run_examples(test, lines, origin):
    """Runs the lines in one shell, in a copy of examples/; each must end with the status it is
    documented with (0 unless it says otherwise), and none may print an error."""
    lines = with_free_ports(lines)
    with tempfile.TemporaryDirectory() as tmp:
        statuses = os.path.join(tmp, "statuses")
        script = ['cd "$EXAMPLES_COPY"']
        for line in lines:
            script.append(line)
            script.append(f'echo $? >> "{statuses}"')
        env = examples_environment(examples_copy(tmp))
        completed = subprocess.run(["sh", "-c", "\n".join(script)], capture_output=True, env=env,
                                   stdin=subprocess.DEVNULL, timeout=120)
        with open(statuses) as f:
            got = [int(status) for status in f.read().split()]
    test.assertEqual(len(got), len(lines), (origin, "the examples stopped early", completed.stderr.decode()))
    for line, status in zip(lines, got):
        test.assertEqual(status, expected_status(line), (origin, line, completed.stderr.decode()))
    test.assertNotIn(b"autosana-webhook: error", completed.stderr, origin)
    return completed


def console_examples(text):
    """The README's terminal transcripts: (command, what it prints) for each `$ ` line."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = part.partition("\n")
            examples.append((command, shown))
    return examples


class ExamplesRun(unittest.TestCase):
    def test_readme_examples(self):
        blocks = re.findall(r"```sh\n(.*?)```", read("README.md"), re.S)
        self.assertGreaterEqual(len(blocks), 5)
        lines = [line for block in blocks for line in block.strip().split("\n")]
        self.assertIn(1, [expected_status(line) for line in lines], "a failing example says so")
        run_examples(self, lines, "README")

    def test_readme_shows_what_the_commands_print(self):
        """Each `$ command` in the README's transcripts prints exactly what follows it (standard
        error and output as a terminal shows them), with the exit status its comment gives.
        Only listen's, which runs until stopped and prints the time, are not run."""
        examples = console_examples(read("README.md"))
        ran = [command for command, _ in examples if " listen " not in command]
        self.assertGreaterEqual(len(ran), 5)
        self.assertEqual(len(examples) - len(ran), 2, "only the two listen transcripts are not run")
        with tempfile.TemporaryDirectory() as tmp:
            copy = examples_copy(tmp)
            # history's transcript reads the week of deliveries in the fixtures.
            shutil.copytree(os.path.join(ROOT, "tests", "fixtures", "history", "deliveries"),
                            os.path.join(copy, "deliveries"))
            signature = run("sign", os.path.join(EXAMPLES, "payload.json"),
                            env=base_environment(AUTOSANA_WEBHOOK_SECRET="example-secret")).stdout.strip()
            env = examples_environment(copy, SIG=signature)
            for command, shown in examples:
                if " listen " in command:
                    continue
                with self.subTest(command=command):
                    completed = subprocess.run(["sh", "-c", "{ " + command + "\n} 2>&1"], cwd=copy, env=env,
                                               capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
                    self.assertEqual(completed.stdout.decode(), shown)
                    self.assertEqual(completed.returncode, expected_status(command))

    def test_man_page_examples(self):
        page = read("man", "autosana-webhook.1")
        section = page.split(".SH EXAMPLES", 1)[1].split(".SH SEE ALSO", 1)[0]
        blocks = re.findall(r"\.RS\n(.*?)\n\.RE", section, re.S)
        lines = [line.replace("\\-", "-") for block in blocks for line in block.split("\n")]
        self.assertGreaterEqual(len(lines), 6)
        completed = run_examples(self, lines, "man page")
        self.assertIn(b"\ndeploy\n", completed.stdout)
        self.assertIn(b"My App on main\n", completed.stdout)

    def test_ci_runs_the_readme_test_command(self):
        quick_start = re.search(r"## Quick start.*?```bash\n(.*?)```", read("README.md"), re.S).group(1)
        commands = quick_start.strip().split("\n")
        self.assertEqual(len(commands), 2, "the Quick start has exactly two commands")
        self.assertIn("ctest", commands[1])
        self.assertIn(commands[1], read(".ci", "run").split("\n"))
        self.assertIn("examples/", commands[0])


def long_options(*command):
    text = run(*command, "--help").stdout
    return sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text.split("Examples:")[0])) - {"--help"})


def commands(*parent):
    """The subcommands --help lists, so that a new one cannot be left out of these checks."""
    section = run(*parent, "--help").stdout.split("Subcommands:", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  ([a-z]+)", section, re.M)


class OptionsAreDocumented(unittest.TestCase):
    FILES = {
        "man page": ("man", "autosana-webhook.1"),
        "bash completion": ("completions", "autosana-webhook.bash"),
        "zsh completion": ("completions", "_autosana-webhook"),
        "fish completion": ("completions", "autosana-webhook.fish"),
    }

    def test_every_option_everywhere(self):
        self.assertEqual(commands(), ["sign", "verify", "parse", "summarize", "history", "sample", "vectors", "listen", "send", "store"])
        self.assertEqual(commands("store"), ["import", "export", "prune", "stats"])
        for command in commands() + [f"store {action}" for action in commands("store")]:
            options = long_options(*command.split())
            self.assertIn({"parse": "--strict", "summarize": "--baseline", "sample": "--run-status", "store": "--help", "vectors": "--help",
                           "store import": "--secret-file"}.get(command, "--store" if "store" in command else "--secret-file"),
                          options + ["--help"])
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
                self.assertIn(command.split()[-1], text)

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

    def test_zsh_and_fish_completions_parse(self):
        for shell, name in (("zsh", "_autosana-webhook"), ("fish", "autosana-webhook.fish")):
            with self.subTest(shell):
                self.assertIsNotNone(shutil.which(shell), f"{shell} is installed by scripts/install-deps")
                completed = subprocess.run([shell, "-n", os.path.join(ROOT, "completions", name)], capture_output=True)
                self.assertEqual(completed.returncode, 0, completed.stderr)
                self.assertEqual(completed.stderr, b"")

    def test_bash_completion_parses(self):
        completed = subprocess.run(["bash", "-n", os.path.join(ROOT, "completions", "autosana-webhook.bash")],
                                   capture_output=True)
        self.assertEqual(completed.returncode, 0, completed.stderr)


class PortsAgree(unittest.TestCase):
    """Issue 30 item 5: an example that runs listen on a port of its own never takes the
    inspector's default (8788) or the endpoint's (8787), so following two examples at once works."""

    def test_no_example_puts_an_endpoint_on_the_inspector_s_port(self):
        texts = {"README": read("README.md"), "man page": read("man", "autosana-webhook.1").replace("\\-", "-")}
        for command in commands():
            texts[command + " --help"] = run(command, "--help").stdout
        self.assertIn("127.0.0.1:8788", run("listen", "--help").stdout)  # the inspector's default
        for origin, text in texts.items():
            for port in re.findall(r"--port[ =](\d+)", text):
                self.assertNotEqual(port, "8788", origin)
            for paragraph in re.split(r"\n\s*\n", text):
                if "8788" in paragraph:  # only the inspector lives there
                    self.assertRegex(paragraph, r"(?i)inspect", (origin, paragraph))
