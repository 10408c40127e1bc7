import os
import subprocess

from helpers import BINARY, OTHER_SECRET, SECRET, TempDirTestCase, base_environment, run


class HelpAndVersion(TempDirTestCase):
    def test_version(self):
        result = run("--version")
        self.assertEqual(result.status, 0)
        self.assertRegex(result.stdout, r"^autosana-webhook \d+\.\d+\.\d+")
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
        if os.path.isdir(os.path.join(root, ".git")):
            import re
            commit = re.search(r"\(commit ([0-9a-f]{12})", result.stdout)
            self.assertIsNotNone(commit, result.stdout)
            # The commit built, or one before it when the build is older than the last commit.
            ancestor = subprocess.run(["git", "-C", root, "merge-base", "--is-ancestor", commit.group(1), "HEAD"])
            self.assertEqual(ancestor.returncode, 0, result.stdout)

    def test_help_everywhere_with_examples_and_exit_status(self):
        top = run("--help")
        self.assertEqual(top.status, 0)
        for word in ("sign", "verify", "parse", "summarize", "sample", "Exit status"):
            self.assertIn(word, top.stdout)
        for command in ("sign", "verify", "parse", "summarize", "sample"):
            result = run(command, "--help")
            self.assertEqual(result.status, 0, result)
            self.assertIn("Examples:", result.stdout)
            self.assertIn("Exit status", result.stdout)
            self.assertEqual(run(command, "-h").out, result.out)

    def test_usage_errors_are_one_line_and_exit_2(self):
        for args in ((), ("frobnicate",), ("verify", "--no-such-option"), ("sign", "--format")):
            result = run(*args)
            self.assertOneLineError(result, 2, "")
            self.assertEqual(len(result.stderr.strip().split("\n")), 1, result)
            self.assertEqual(result.out, b"")


class HelpReadsWell(TempDirTestCase):
    def test_help_fits_80_columns_when_not_a_terminal(self):
        for command in ((), ("sign",), ("verify",), ("parse",), ("summarize",), ("history",), ("sample",),
                        ("listen",), ("send",)):
            text = run(*command, "--help").stdout
            self.assertNotIn("\n\n\n", text, command)
            self.assertNotIn("FILE FILE", text, command)
            for line in text.split("\n"):  # the examples too (issue 25), wrapped with \ as git's
                self.assertLessEqual(len(line), 80, (command, line))
            # Wrapped examples are still one shell command each: bash reads every one.
            examples = text.split("Examples:\n", 1)[1].split("\n\n", 1)[0] if "Examples:" in text else ""
            if examples:
                checked = subprocess.run(["bash", "-n"], input=examples.encode(), capture_output=True)
                self.assertEqual(checked.returncode, 0, (command, checked.stderr, examples))
                self.assertNotIn("\\\n\n", examples + "\n", command)  # no continuation into nothing
            # Words are never cut: every line of a description ends at a word's end.
            self.assertNotRegex(text, r"standard inp\n")


class TyposForgiven(TempDirTestCase):
    def test_summarise_is_summarize(self):
        payload = self.write("p.json", run("sample").out)
        british, american = run("summarise", "--exit-zero", payload), run("summarize", "--exit-zero", payload)
        self.assertEqual((british.status, british.out), (american.status, american.out))

    def test_unknown_commands_get_the_nearest(self):
        for word, expected in (("verfy", "did you mean 'verify'?"), ("sumarize", "did you mean 'summarize'?"),
                               ("validate", "did you mean 'parse'?"),
                               ("frobnicate", "the commands are sign, verify, parse, summarize, history, sample, vectors, listen, send or store")):
            result = run(word, "x")
            self.assertOneLineError(result, 2, f"unknown command '{word}'; {expected}")

    def test_help_command(self):
        self.assertEqual(run("help", "verify").out, run("verify", "--help").out)
        self.assertEqual(run("help").out, run("--help").out)
        self.assertOneLineError(run("help", "verfy"), 2, "did you mean 'verify'?")

    def test_unknown_option_is_named_and_the_valid_file_is_not_blamed(self):
        path = self.write("payload.json", b"{}")
        result = run("verify", "--sig", "sha256=abc", path)
        self.assertOneLineError(result, 2, "unknown option '--sig' for verify; did you mean '--signature'?")
        self.assertNotIn("payload.json", result.stderr)

    def test_negative_counts_are_refused(self):
        for option in ("--failed", "--runs", "--groups", "--seed"):
            self.assertOneLineError(run("sample", option, "-1"), 2, f"{option}: must be a whole number from 0 to ")
        self.assertOneLineError(run("listen", "--max-connections", "-2"), 2,
                                "--max-connections: must be a whole number from 1 to 1048576, not -2")

    def test_parse_errors_in_the_tools_voice(self):
        self.assertOneLineError(run("sample", "--groups", "abc"), 2,
                                "--groups: must be a whole number from 0 to 100000, not abc")
        self.assertOneLineError(run("listen", "--port", "99999"), 2,
                                "--port: must be a whole number from 0 to 65535, not 99999")
        self.assertOneLineError(run("sample", "--platform", "beos"), 2, "--platform is one of android, ios, web, not beos")
        self.assertOneLineError(run(), 2, "a command is required: sign, verify, parse")
        listing = self.write("fixtures.sig", b"")
        result = run("verify", "--check", "-q", listing)
        self.assertOneLineError(result, 2, "--check takes the LIST right after it, and '-q' came there; put other "
                                           "options first, as in 'verify -q --check LIST'")
        self.assertOneLineError(run("verify", "--check"), 2, "--check needs its LIST right after it, as in '--check LIST'")


class ErrorsNeverLeak(TempDirTestCase):
    def test_the_secret_never_appears_in_any_output(self):
        secret_file = self.write("s.txt", SECRET)
        body = self.write("b.json", b'{"timestamp":"2025-01-31T12:34:56.789Z"}')
        cases = [  # (exit status, arguments)
            (0, ("sign", "--secret", OTHER_SECRET, "--format", "json", body)),
            (2, ("sign", "--secret", OTHER_SECRET, "--bogus")),
            (2, ("sign", "--secret=" + OTHER_SECRET, "--format", "nope")),
            (0, ("sign", "--secret", "-" + OTHER_SECRET)),  # a secret may start with '-'; signs stdin
            (2, ("verify", "--secret", OTHER_SECRET, "--secret-file", secret_file, "-s", "zz", body)),
            (1, ("verify", "--secret", OTHER_SECRET, "--explain", "-s", "sha256=" + "0" * 64, body)),
            (1, ("verify", "--secret", OTHER_SECRET, "--json", "--explain", "-s", "sha256=" + "0" * 64, body)),
            (1, ("verify", "--secret-file", secret_file, "--json", "-s", "sha256=" + "0" * 64, "--max-age", "1m", body)),
            (2, ("verify", "--secret", OTHER_SECRET, "--check", body)),
            (2, ("verify", "--secret", OTHER_SECRET, OTHER_SECRET)),
        ]
        for status, args in cases:
            result = run(*args)
            self.assertEqual(result.status, status, (args, result))
            self.assertNoSecret(result)

    def test_redaction_never_corrupts_json(self):
        import json
        env = base_environment(AUTOSANA_WEBHOOK_SECRET="valid")
        result = run("verify", "--json", "--explain", "-s", "sha256=" + "0" * 64, stdin=b"{}", env=env)
        report = json.loads(result.stdout)
        self.assertIs(report["valid"], False)

    def test_write_error_on_stdout_is_reported(self):
        with open("/dev/full", "wb") as full:
            completed = subprocess.run([BINARY, "sign"], input=b"{}", stdout=full, stderr=subprocess.PIPE,
                                       env=base_environment())
        self.assertEqual(completed.returncode, 2)
        self.assertIn(b"cannot write to standard output", completed.stderr)

    def test_missing_and_directory_inputs(self):
        result = run("verify", "-s", "sha256=" + "0" * 64, os.path.join(self.dir, "nope.json"))
        self.assertOneLineError(result, 2, "No such file or directory")
        self.assertOneLineError(run("verify", "-s", "sha256=" + "0" * 64, self.dir), 2, "is a directory")

    def test_control_characters_in_names_are_escaped(self):
        result = run("sign", "bad\x1b[31mname")
        self.assertOneLineError(result, 2, "\\x1b[31m")
        self.assertNotIn(b"\x1b", result.err)


class OptionErrorsAreOneSentence(TempDirTestCase):
    """Issue 25 item 11: every bad value of every option that takes a typed value is one sentence
    in the tool's voice: no CLI11 wording ("Value ... not in range", "(...) AND (...)",
    "could not be converted"), no sentence starting with a mangled word ("uRL is required"), no
    309-digit number. The options come from each command's --help, so a new one is covered."""

    BAD = {  # value type in --help -> bad values
        "INT": ["-1", "abc", "99999999999999999999999"],
        "UINT": ["-1", "abc", "0x10", "1e400"],
        "N": ["-1", "abc", "99999999999999999999999"],
        "PORT": ["-1", "65536", "abc"],
        "SIZE": ["5x", "-1", "abc", "1.5.5MiB", "99999999999999999999999"],
        "DURATION": ["abc", "-5m", "5", "1y"],
        "TIME": ["yesterday", "2026-13-40T00:00:00Z"],
        "FORMAT": ["nope"],
        "WHEN": ["sometimes"],
        "PLATFORM": ["beos"],
        "HEADER": ["no colon here"],
    }
    SIGNATURE = "sha256=" + "0" * 64

    def base(self, command):
        payload = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "payload.json")
        return {
            "sign": [payload], "verify": ["-s", self.SIGNATURE, payload], "parse": [payload],
            "summarize": [payload], "history": [payload], "sample": [],
            "send": ["http://127.0.0.1:9/", payload], "listen": ["--port", "0"],
        }[command]

    def typed_options(self, command):
        import re
        text = run(command, "--help").stdout.split("Examples:")[0]
        return re.findall(r"^\s+(?:-\w,)?(--[a-z-]+) (?:[A-Z]+:)?([A-Z]+)", text, re.M)

    def assertOneSentence(self, result, what):
        err = result.stderr
        self.assertEqual(result.status, 2, (what, result))
        self.assertEqual(err.count("\n"), 1, (what, err))
        self.assertTrue(err.startswith("autosana-webhook: error: "), (what, err))
        sentence = err[len("autosana-webhook: error: "):]
        for leak in (" AND ", "Value ", "not in range", "could not be converted", "Could not convert",
                     "is required", "Error", "exception"):
            self.assertNotIn(leak, sentence, what)
        import re
        for number in re.findall(r"\d{20,}", sentence):  # a bound nobody typed (2**64 - 1, 309 digits)
            self.assertIn(number, what, (what, sentence))
        self.assertFalse(sentence[0].islower() and sentence[1].isupper(), (what, sentence))  # "uRL"

    def test_every_typed_option_refuses_bad_values_in_one_sentence(self):
        tried = 0
        for command in ("sign", "verify", "parse", "summarize", "history", "sample", "send", "listen"):
            for option, kind in self.typed_options(command):
                for value in self.BAD.get(kind, []):
                    args = [command, option, value] + self.base(command)
                    try:
                        result = run(*args, timeout=10)
                    except subprocess.TimeoutExpired:
                        self.fail(f"{args} was accepted (listen ran)")
                    if result.status != 2 and kind in ("FORMAT", "WHEN", "PLATFORM", "HEADER"):
                        continue  # some take free text beside their choices
                    with self.subTest(args=args):
                        self.assertOneSentence(result, args)
                    tried += 1
        self.assertGreater(tried, 60)

    def test_the_audit_s_cases_word_for_word(self):
        cases = [
            (("listen", "--port", "-1"), "--port: must be a whole number from 0 to 65535, not -1"),
            (("listen", "--inspect-keep", "-1"), "--inspect-keep: must be a whole number from 1 to 1048576, not -1"),
            (("listen", "--max-connections", "0x10"), "--max-connections: must be a whole number from 1 to 1048576"),
            (("sample", "--failed", "99999999999999999999999"), "--failed: must be a whole number from 0 to 100000"),
            (("verify", "--explain-limit", "5x", "-s", "sha256=" + "0" * 64), "--explain-limit: size '5x'"),
            (("send",), "send needs its URL argument"),
            (("history", "--last", "0"), "--last: must be a count of 1 or more, not 0"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                result = run(*args)
                self.assertOneSentence(result, args)
                self.assertIn(message, result.stderr)
