"""Failure behaviour of every subcommand: hostile, mutated and truncated input gives exit status
0, 1 or 2 with messages of our own (no abort, no library exception text, no sanitizer report); a
closed pipe ends the tool quietly; the secret never appears in any output; memory stays bounded."""
import hashlib
import hmac
import os
import random
import resource
import signal
import subprocess

from helpers import BINARY, OTHER_SECRET, SECRET, Result, TempDirTestCase, base_environment, mutate, run

EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples")


class MutatedInput(TempDirTestCase):
    def assert_well_behaved(self, result, args):
        self.assertIn(result.status, (0, 1, 2), (args, result))
        for line in result.stderr.splitlines():
            # Our messages, or the context and caret lines under a syntax error.
            self.assertTrue(line.startswith(("autosana-webhook: ", "  ", "explain: ", "advice: ", "OK: ", "FAILED: ")), (args, line))
        for marker in ("terminate called", "what():", "AddressSanitizer", "runtime error", "basic_string", "nlohmann"):
            self.assertNotIn(marker, result.stderr, args)

    def test_every_subcommand_on_mutated_input(self):
        rng = random.Random(2026)
        with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
            payload = f.read()
        with open(os.path.join(EXAMPLES, "delivery.http"), "rb") as f:
            delivery = f.read()
        signature = "sha256=" + hmac.new(SECRET.encode(), payload, hashlib.sha256).hexdigest()
        listing = f"{signature}  {os.path.join(EXAMPLES, 'payload.json')}\n".encode()
        for _ in range(25):
            cases = [
                (("parse",), mutate(rng, payload)),
                (("parse", "--strict", "--format", "env"), mutate(rng, payload)),
                (("summarize", "--format", rng.choice(["text", "markdown", "json", "junit"])), mutate(rng, payload)),
                (("verify", "--explain", "-s", mutate(rng, signature.encode()).decode("latin-1")), mutate(rng, payload)),
                (("sign", "--format", rng.choice(["value", "http", "json", "curl"])), mutate(rng, payload)),
            ]
            request = self.write("r.http", mutate(rng, delivery))
            cases.append((("verify", "--explain", "--request", request), b""))
            check = self.write("list.sig", mutate(rng, listing))
            cases.append((("verify", "--check", check), b""))
            for args, stdin in cases:
                if any("\x00" in a for a in args):
                    continue
                self.assert_well_behaved(run(*args, stdin=stdin), args)

    def test_random_bytes(self):
        rng = random.Random(7)
        for _ in range(20):
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
            for args in (("parse",), ("summarize",), ("verify", "-s", "sha256=" + "0" * 64), ("sign",)):
                self.assert_well_behaved(run(*args, stdin=data), args)
            self.assert_well_behaved(run("verify", "--request", self.write("r", data)), "request")


class Pipes(TempDirTestCase):
    def test_a_reader_that_closes_early_ends_the_tool_quietly(self):
        for command in ("sample --groups 2000 --runs 20", "sample --groups 500 | {bin} parse",
                        "sample --groups 500 | {bin} summarize --verbose --exit-zero"):
            script = f'"{BINARY}" {command.format(bin=BINARY)} | head -c 10 > /dev/null'
            completed = subprocess.run(["bash", "-c", "set -o pipefail; " + script], capture_output=True, env=base_environment())
            self.assertEqual(completed.stderr, b"", command)
            self.assertIn(completed.returncode, (0, 128 + signal.SIGPIPE), command)

    def test_with_sigpipe_ignored_it_still_ends_quietly(self):
        completed = subprocess.run(
            ["bash", "-c", f'trap "" PIPE; "{BINARY}" sample --groups 3000 --runs 20 | head -c 10 > /dev/null; exit ${{PIPESTATUS[0]}}'],
            capture_output=True, env=base_environment())
        self.assertEqual(completed.stderr, b"")
        self.assertNotEqual(completed.returncode, 0)  # it did not finish its work


class Inputs(TempDirTestCase):
    def test_missing_directory_and_unreadable_inputs_name_the_input(self):
        missing = os.path.join(self.dir, "missing.json")
        for args in (("parse", missing), ("summarize", missing), ("sign", missing),
                     ("verify", "-s", "sha256=" + "0" * 64, missing), ("verify", "--request", missing),
                     ("verify", "--check", missing), ("parse", self.dir), ("summarize", self.dir), ("sign", self.dir)):
            result = run(*args)
            self.assertEqual(result.status, 2, args)
            self.assertEqual(len(result.stderr.strip().split("\n")), 1, (args, result))
            self.assertTrue(missing in result.stderr or self.dir in result.stderr, (args, result))
        # Root reads any file; without the two capabilities that let it, it gets EACCES as anyone.
        unreadable = self.write("secret.json", b"{}", mode=0o000)
        as_anyone = [] if os.geteuid() != 0 else ["setpriv", "--inh-caps=-all",
                                                  "--bounding-set=-dac_override,-dac_read_search"]
        completed = subprocess.run([*as_anyone, BINARY, "parse", unreadable], capture_output=True,
                                   env=base_environment(), timeout=60)
        self.assertOneLineError(Result(completed), 2, f"cannot open '{unreadable}': Permission denied")


    def test_capped_reads_stop_at_their_cap_on_an_endless_input(self):
        # /dev/zero never ends: a whole-input read that went on to the end before checking its cap
        # would run until killed (the timeout makes that a failure, not a hang).
        for args, cap in ((("verify", "--secret-file", "/dev/zero", "-s", "sha256=" + "0" * 64, "-"), "65536"),
                          (("verify", "--check", "/dev/zero"), "67108864"),
                          (("verify", "--explain", "-s", "sha256=" + "0" * 64, "/dev/zero"), "268435456")):
            result = run(*args, timeout=30)
            self.assertOneLineError(result, 2, f"'/dev/zero' is larger than {cap} bytes")


class SecretNeverAppears(TempDirTestCase):
    def test_a_matrix_of_runs(self):
        secret_file = self.write("secret.txt", OTHER_SECRET + "\n", mode=0o644)  # also warns about the mode
        body = self.write("body.json", open(os.path.join(EXAMPLES, "payload.json"), "rb").read())
        request = self.write("r.http", run("sign", "--format", "http", body).out)
        bad_request = self.write("bad.http", b"POST / HTTP/1.1\r\nContent-Length: 99\r\n\r\n{}")
        listing = self.write("list.sig", run("sign", "--list", body).out)
        zeros = "sha256=" + "0" * 64
        secret_options = (("--secret-file", secret_file), ("--secret", OTHER_SECRET), ("--secret=" + OTHER_SECRET,),
                          ("--secret-env", "AUTOSANA_WEBHOOK_SECRET"), ())
        # (exit status with OTHER_SECRET, with SECRET, the signer's, from the environment, arguments):
        # what was signed with SECRET verifies only with it; the example payload is too old for 1m.
        commands = [(0, 0, ("sign", body)), (0, 0, ("sign", "--format", "json", body)),
                    (0, 0, ("sign", "--format", "http", body)), (0, 0, ("sign", "--format", "curl", body)),
                    (0, 0, ("sign", "--list", body, body)), (2, 2, ("sign", "--bogus")),
                    (1, 1, ("verify", "-s", zeros, body)), (1, 1, ("verify", "--explain", "-s", zeros, body)),
                    (1, 1, ("verify", "--json", "--explain", "-s", zeros, body)),
                    (1, 0, ("verify", "--request", request)), (2, 2, ("verify", "--request", bad_request)),
                    (1, 0, ("verify", "--check", listing)), (1, 0, ("verify", "--json", "--check", listing)),
                    (2, 2, ("verify", "-s", "zz", "--explain", body)),
                    (1, 1, ("verify", "--max-age", "1m", "--request", request)),
                    (1, 0, ("verify", "--pipe", "--request", request)), (2, 2, ("verify", "-s", zeros, "--now", "x", body)),
                    (1, 1, ("verify", "--explain", "-s",
                            "sha256=" + hmac.new(OTHER_SECRET.encode(), b"x", hashlib.sha256).hexdigest(), body))]
        for options in secret_options:
            uses_own_secret = options in (("--secret-env", "AUTOSANA_WEBHOOK_SECRET"), ())
            for with_other, with_own, command in commands:
                args = (command[0], *options, *command[1:])
                result = run(*args)
                self.assertEqual(result.status, with_own if uses_own_secret else with_other, args)
                for secret in (SECRET, OTHER_SECRET):
                    self.assertNotIn(secret.encode(), result.out, args)
                    self.assertNotIn(secret.encode(), result.err, args)


class BoundedMemory(TempDirTestCase):
    def peak_rss_kib(self, args):
        """Measured in a fresh process, whose only child is the tool: RUSAGE_CHILDREN is a maximum
        over every child a process ever had."""
        probe = ("import resource, subprocess, sys\n"
                 "completed = subprocess.run(sys.argv[1:], capture_output=True)\n"
                 "print(completed.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        completed = subprocess.run(["python3", "-c", probe, BINARY, *args], capture_output=True, text=True,
                                   env=base_environment(), timeout=600)
        status, rss = completed.stdout.split()
        return int(status), int(rss)

    def test_verify_of_a_1_gib_body(self):
        path = os.path.join(self.dir, "big.bin")
        with open(path, "wb") as f:
            f.truncate(1 << 30)  # sparse: reads as zeros without taking the disk
        status, rss = self.peak_rss_kib(["verify", "-q", "-s", "sha256=" + "0" * 64, path])
        self.assertEqual(status, 1)
        if os.environ.get("AUTOSANA_SANITIZED") != "1":  # the sanitizers' own memory is not ours
            self.assertLess(rss, 16 * 1024, "peak RSS in KiB")

    def test_parse_of_a_100_mb_string(self):
        path = os.path.join(self.dir, "string.json")
        with open(path, "wb") as f:
            f.write(b'{"event":"' + b"x" * (100 * 1024 * 1024) + b'"}')
        status, rss = self.peak_rss_kib(["parse", "--check", path])
        self.assertEqual(status, 1)
        if os.environ.get("AUTOSANA_SANITIZED") != "1":
            self.assertLess(rss, 32 * 1024, "peak RSS in KiB")
