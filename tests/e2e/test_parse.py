import glob
import json
import os
import resource
import subprocess

from helpers import BINARY, TempDirTestCase, base_environment, mutate, run

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../fixtures/parse")
EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples/payload.json")


def fixture(name):
    return os.path.join(FIXTURES, name)


def run_shell(script, *args):
    return subprocess.run(["bash", "-c", script, "bash", *args], capture_output=True, text=True,
                          env=dict(base_environment(), BIN=BINARY)).stdout


class Fixtures(TempDirTestCase):
    def test_every_fixture_gives_exactly_the_expected_diagnostics(self):
        cases = sorted(glob.glob(os.path.join(FIXTURES, "*.json")))
        self.assertGreaterEqual(len(cases), 15)
        for path in cases:
            name = os.path.basename(path)
            with self.subTest(name):
                with open(path[:-5] + ".expected") as f:
                    status_line, _, expected_stderr = f.read().partition("\n")
                result = run("parse", "--check", name, cwd=FIXTURES)
                self.assertEqual(result.status, int(status_line.split(": ")[1]))
                self.assertEqual(result.stderr, expected_stderr)
                self.assertEqual(result.out, b"")

    def test_valid_payloads_come_back_unchanged(self):
        for path in glob.glob(fixture("valid-*.json")):
            if "byte-order-mark" in path:
                continue
            with self.subTest(path), open(path, "rb") as f:
                self.assertEqual(run("parse", path).out, f.read())


class Output(TempDirTestCase):
    def test_pretty_compact_and_key_order(self):
        body = b'{"z":1,"a":{"y":[1,2.50,"\\u00e9"],"b":{}}}'
        path = self.write("p.json", body)
        # Not a payload: --check fails, but the syntax layer is shown by --compact on a fixture.
        self.assertEqual(run("parse", path).status, 1)
        result = run("parse", "--compact", fixture("valid-webhook.json"))
        self.assertEqual(result.status, 0, result)
        self.assertEqual(result.out.count(b"\n"), 1)
        self.assertEqual(json.loads(result.out), json.load(open(fixture("valid-webhook.json"))))
        self.assertTrue(result.stdout.startswith('{"event":"batch.completed","timestamp"'))

    def test_standard_input(self):
        with open(EXAMPLE, "rb") as f:
            body = f.read()
        self.assertEqual(run("parse", stdin=body).out, body)
        self.assertEqual(run("parse", "-", stdin=body).out, body)

    def test_check_prints_nothing(self):
        result = run("parse", "-q", EXAMPLE)
        self.assertEqual((result.status, result.out, result.err), (0, b"", b""))
        self.assertEqual(run("parse", "--check", fixture("invalid-fields.json")).out, b"")

    def test_nothing_is_printed_for_an_invalid_payload(self):
        result = run("parse", fixture("invalid-fields.json"))
        self.assertEqual((result.status, result.out), (1, b""))

    def test_get(self):
        result = run("parse", "--get", "/app/name", "-g", "/summary/failed_groups", "--get", "/run_groups/1/runs/0", "--get", "/git", EXAMPLE)
        self.assertEqual(result.status, 0, result)
        lines = result.stdout.split("\n")
        self.assertEqual(lines[0], "My App")
        self.assertEqual(lines[1], "1")
        self.assertEqual(json.loads(lines[2])["status"], "failed")
        self.assertEqual(json.loads(lines[3]), {"commit_sha": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "branch": "main"})

    def test_get_with_wildcards_and_failed_groups(self):
        names = run("parse", "--get", "/run_groups/*/name", EXAMPLE)
        self.assertEqual((names.status, names.stdout), (0, "Login Suite\nCheckout\nOnboarding\n"))
        statuses = run("parse", "--get", "/run_groups/*/runs/*/status", EXAMPLE).stdout.split()
        self.assertEqual(statuses, ["passed", "passed", "failed", "passed", "passed"])
        self.assertEqual(run("parse", "--get", "/run_groups/*/nope", EXAMPLE).status, 1)
        failed = run("parse", "--failed", EXAMPLE)
        self.assertEqual((failed.status, failed.stdout), (0, "Checkout\n"))
        # In a script, into an array in one call, as the man page shows.
        script = run_shell('mapfile -t failed < <("$BIN" parse --failed "$1"); echo "${#failed[@]}:${failed[0]}"', EXAMPLE)
        self.assertEqual(script, "1:Checkout\n")
        self.assertEqual(run("parse", "--failed", "--get", "/a", EXAMPLE).status, 2)

    def test_get_a_missing_path(self):
        result = run("parse", "--get", "/app/name", "--get", "/app/nope", EXAMPLE)
        self.assertEqual(result.status, 1)
        self.assertEqual(result.stdout, "My App\n")
        self.assertIn("no value at /app/nope", result.stderr)
        self.assertEqual(run("parse", "--get", "app/name", EXAMPLE).status, 2)

    def test_flat(self):
        result = run("parse", "--format", "flat", EXAMPLE)
        self.assertEqual(result.status, 0)
        lines = result.stdout.split("\n")
        self.assertIn('/app/name = "My App"', lines)
        self.assertIn("/summary/total_groups = 3", lines)
        self.assertIn('/run_groups/1/runs/0/status = "failed"', lines)

    def test_flat_keys_cannot_forge_lines_or_reach_the_terminal(self):
        payload = json.load(open(EXAMPLE))
        payload["\n"] = {"summary": {"failed_groups": 0}}  # an extra field: valid, though unknown
        payload["\u001b]52;c;cHduZWQ=\u0007\u001b[2J"] = 2  # clipboard write, screen clear
        result = run("parse", "--format", "flat", self.write("keys.json", json.dumps(payload)))
        self.assertEqual(result.status, 0, result)
        lines = result.stdout.split("\n")
        self.assertEqual([line for line in lines if line.startswith("/summary/failed_groups")],
                         ["/summary/failed_groups = 1"])
        self.assertIn("/\\n/summary/failed_groups = 0", lines)
        self.assertIn("/\\u001b]52;c;cHduZWQ=\\u0007\\u001b[2J = 2", lines)
        self.assertNotIn("\x1b", result.stdout)

    def test_env_is_safe_to_eval(self):
        evil = "'; touch {0}/pwned; echo ' $(touch {0}/pwned) `touch {0}/pwned` \"$HOME\" \\ \n newline".format(self.dir)
        payload = json.load(open(EXAMPLE))
        payload["app"]["name"] = evil
        payload["git"]["branch"] = "$(touch %s/pwned)" % self.dir
        path = self.write("evil.json", json.dumps(payload))
        # Exact with --raw; by default the line break is escaped, so each assignment is one line.
        for raw, expected in ((["--raw"], evil), ([], evil.replace("\n", "\\x0a"))):
            script = (f'eval "$("{BINARY}" parse {" ".join(raw)} --format env "{path}")" && '
                      'printf "%s" "$AUTOSANA_APP_NAME" && printf "|%s|" "$AUTOSANA_GIT_BRANCH"')
            completed = subprocess.run(["bash", "-c", script], capture_output=True, env=base_environment())
            self.assertEqual(completed.returncode, 0, completed)
            self.assertFalse(os.path.exists(os.path.join(self.dir, "pwned")))
            self.assertEqual(completed.stdout.decode(), expected + "|$(touch %s/pwned)|" % self.dir)

    def test_env_variables(self):
        env = run("parse", "--format", "env", EXAMPLE).stdout
        for line in ("AUTOSANA_PAYLOAD_KIND='webhook'", "AUTOSANA_APP_NAME='My App'", "AUTOSANA_GIT_BRANCH='main'",
                     "AUTOSANA_TOTAL_GROUPS='3'", "AUTOSANA_FAILED_GROUPS='1'", "AUTOSANA_APP_PLATFORM='android'"):
            self.assertIn(line + "\n", env)
        run_status = run("parse", "--format", "env", fixture("valid-run-status.json")).stdout
        for line in ("AUTOSANA_PAYLOAD_KIND='run-status'", "AUTOSANA_IS_COMPLETE='false'", "AUTOSANA_ERROR_FLOWS='1'",
                     "AUTOSANA_BATCH_ID='9f1c2d3e-4b5a-6789-abcd-ef0123456789'"):
            self.assertIn(line + "\n", run_status)
        no_git = run("parse", "--format", "env", fixture("valid-without-git.json")).stdout
        self.assertIn("AUTOSANA_GIT_BRANCH=''\n", no_git)

    def test_strict(self):
        self.assertEqual(run("parse", "--check", fixture("valid-with-unknown-fields.json")).status, 0)
        result = run("parse", "--check", "--strict", fixture("valid-with-unknown-fields.json"))
        self.assertEqual(result.status, 1)
        self.assertIn("/new_field: unknown field", result.stderr)
        self.assertIn("/run_groups/1/runs/0/status: unknown status 'flaky'", result.stderr)
        self.assertEqual(run("parse", "--check", "--strict", fixture("warning-counts-disagree.json")).status, 1)
        self.assertEqual(run("parse", "--check", "--strict", fixture("valid-with-byte-order-mark.json")).status, 1)
        dup = self.write("dup.json", open(EXAMPLE).read().replace('"event": "batch.completed",', '"event": "batch.completed", "event": "batch.completed",'))
        lenient = run("parse", "--check", dup)
        self.assertEqual(lenient.status, 0)
        self.assertIn("warning: ", lenient.stderr)
        self.assertIn("/event: duplicate key (the last one counts)", lenient.stderr)
        self.assertIn("/event: duplicate key", run("parse", "--check", "--strict", dup).stderr)

    def test_duplicate_keys_read_one_way_everywhere(self):
        # {"failed_groups": 1, "failed_groups": 0}: every command takes the last, as JSON.parse does.
        text = open(EXAMPLE).read().replace('"failed_groups": 1', '"failed_groups": 1, "failed_groups": 0')
        self.assertNotEqual(text, open(EXAMPLE).read())
        dup = self.write("dup-count.json", text)
        self.assertEqual(run("parse", "--get", "/summary/failed_groups", dup).stdout, "0\n")
        self.assertIn("AUTOSANA_FAILED_GROUPS='0'\n", run("parse", "--format", "env", dup).stdout)
        summarized = run("summarize", "--format", "json", "--exit-zero", dup)
        self.assertIn("/summary/failed_groups: says 0 but 1 group has status failed", summarized.stderr)
        self.assertIn("/summary/failed_groups: duplicate key (the last one counts)", summarized.stderr)

    def test_several_files_give_the_worst_status(self):
        self.assertEqual(run("parse", "-q", EXAMPLE, fixture("valid-run-status.json")).status, 0)
        result = run("parse", "-q", EXAMPLE, fixture("invalid-fields.json"), fixture("valid-webhook.json"))
        self.assertEqual(result.status, 1)
        self.assertEqual(run("parse", "-q", EXAMPLE, os.path.join(self.dir, "missing.json")).status, 2)
        both = run("parse", "--compact", EXAMPLE, fixture("valid-webhook.json"))
        self.assertEqual(len(both.stdout.strip().split("\n")), 2)

    def test_trouble(self):
        self.assertOneLineError(run("parse", os.path.join(self.dir, "missing.json")), 2, "No such file")
        self.assertOneLineError(run("parse", self.dir), 2, "is a directory")
        self.assertOneLineError(run("parse", "--format", "yaml", EXAMPLE), 2, "--format")
        self.assertOneLineError(run("parse", "--check", "--get", "/a", EXAMPLE), 2, "--check")
        self.assertOneLineError(run("parse", "--format", "env", "--get", "/a", EXAMPLE), 2, "--get")
        with open("/dev/full", "wb") as full:
            completed = subprocess.run([BINARY, "parse", EXAMPLE], stdout=full, stderr=subprocess.PIPE)
        self.assertEqual(completed.returncode, 2)
        self.assertIn(b"cannot write to standard output", completed.stderr)


def run_with_memory_limit(args, stdin, limit_bytes):
    """Under AddressSanitizer an address-space limit cannot apply (its shadow memory is huge)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    sanitized = os.environ.get("AUTOSANA_SANITIZED") == "1"
    return subprocess.run([BINARY, *args], input=stdin, capture_output=True, timeout=300,
                          preexec_fn=None if sanitized else limit)


class HostileInput(TempDirTestCase):
    def check(self, data, fragment):
        result = run("parse", "--check", stdin=data)
        self.assertEqual(result.status, 1, result)
        self.assertIn(fragment, result.stderr)
        self.assertTrue(result.stderr.startswith("autosana-webhook: error: standard input"), result)

    def test_deep_nesting(self):
        self.check(b"[" * 200000 + b"]" * 200000, "nesting deeper than 512 levels")
        self.check(b'{"a":' * 200000, "nesting deeper than 512 levels")

    def test_huge_string_in_bounded_memory(self):
        data = b'{"event":"' + b"x" * (100 * 1024 * 1024) + b'"}'
        completed = run_with_memory_limit(["parse", "--check"], data, 256 * 1024 * 1024)
        self.assertEqual(completed.returncode, 1, completed.stderr[:300])
        self.assertIn(b"a string is longer than 4194304 bytes", completed.stderr)

    def test_other_broken_inputs(self):
        # Nothing on standard input is no payload at all, most often a failed command before the
        # pipe: trouble, said as such (an empty file is a syntax error, as its fixture shows).
        for nothing in (b"", b"  \n "):
            self.assertOneLineError(run("parse", "--check", stdin=nothing), 2,
                                    "standard input is empty: did the command before the pipe fail?")
        self.check(b"\x00\x00", "byte 0x00")
        self.check(b'{"a":"\xc3\x28"}', "invalid UTF-8")
        self.check(b'{"event":"batch.completed"} {', "unexpected data after the end")
        self.check(b"[" + b"9" * 5000 + b"]", "a number is too long")
        self.check(b'{"summary":{"total_groups":123456789012345678901234567890}}', "is too large")

    def test_random_mutations_never_crash(self):
        import random
        rng = random.Random(7)
        with open(EXAMPLE, "rb") as f:
            original = f.read()
        for _ in range(150):
            data = mutate(rng, original)
            result = run("parse", stdin=data)
            self.assertIn(result.status, (0, 1), (data, result))
            if result.status == 1:
                self.assertTrue(result.stderr.startswith("autosana-webhook: "), result)


class LineValues(TempDirTestCase):
    """A value with a line break or an escape sequence in it: one line, and nothing for the terminal."""

    def setUp(self):
        super().setUp()
        with open(os.path.join(os.path.dirname(__file__), "../../examples/payload.json")) as f:
            payload = json.load(f)
        payload["app"]["name"] = "x\n\u001b]8;;http://evil/\u0007red\u202e"
        payload["run_groups"][0]["name"] = "Check\nout"
        for group in payload["run_groups"]:
            for run_ in group["runs"]:
                run_["status"] = "passed"
        payload["run_groups"][0]["runs"][0]["status"] = "failed"
        self.path = self.write("p.json", json.dumps(payload))

    def test_get_failed_and_env_escape_control_characters(self):
        name = run("parse", "--get", "/app/name", self.path)
        self.assertEqual(name.stdout, "x\\x0a\\x1b]8;;http://evil/\\x07red\\u202e\n")
        failed = run("parse", "--failed", self.path)
        self.assertTrue(failed.stdout.startswith("Check\\x0aout\n"), failed)
        statuses = run("parse", "--get", "/run_groups/*/runs/*/status", self.path).stdout.split("\n")[:-1]
        self.assertEqual(len(statuses), sum(len(g["runs"]) for g in json.load(open(self.path))["run_groups"]))
        env = run("parse", "--format", "env", self.path).stdout
        self.assertIn("AUTOSANA_APP_NAME='x\\x0a\\x1b]8;;http://evil/\\x07red\\u202e'\n", env)
        self.assertNotIn("\x1b", env)

    def test_raw_and_null_keep_values_exact(self):
        raw = run("parse", "--raw", "--get", "/app/name", self.path)
        self.assertEqual(raw.stdout, "x\n\u001b]8;;http://evil/\u0007red\u202e\n")
        zero = run("parse", "-z", "--failed", self.path)
        self.assertTrue(zero.out.startswith(b"Check\nout\0"), zero)
        env = run("parse", "--raw", "--format", "env", self.path).stdout
        self.assertIn("AUTOSANA_APP_NAME='x\n\x1b]8;;http://evil/\x07red\u202e'\n", env)

    def test_z_and_raw_need_something_to_apply_to(self):
        self.assertOneLineError(run("parse", "-z", self.path), 2, "-z ends --get and --failed values with NUL")
        self.assertOneLineError(run("parse", "--raw", self.path), 2, "--raw applies to --get, --failed")
