"""Runs the built binary for the end-to-end tests: bytes in, (status, stdout, stderr) out."""
import os
import subprocess
import tempfile
import unittest

BINARY = os.environ.get("AUTOSANA_WEBHOOK_BIN", os.path.join(os.path.dirname(__file__), "../../build/autosana-webhook"))
SECRET = "e2e-secret-Zq9!x"
OTHER_SECRET = "e2e-other-secret-Wv3"
EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../examples")


class Result:
    def __init__(self, completed):
        self.status = completed.returncode
        self.out = completed.stdout
        self.err = completed.stderr

    @property
    def stdout(self):
        return self.out.decode("utf-8", "replace")

    @property
    def stderr(self):
        return self.err.decode("utf-8", "replace")

    def __repr__(self):
        return f"status={self.status} stdout={self.out[:400]!r} stderr={self.err[:400]!r}"


def base_environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTOSANA_", "HTTP_X_AUTOSANA"))}
    env["AUTOSANA_WEBHOOK_SECRET"] = SECRET
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(*args, stdin=b"", env=None, cwd=None, timeout=60):
    completed = subprocess.run([BINARY, *args], input=stdin, capture_output=True,
                               env=env if env is not None else base_environment(), cwd=cwd, timeout=timeout)
    return Result(completed)


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def write(self, name, data, mode=0o600):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())
        os.chmod(path, mode)
        return path

    def assertNoSecret(self, result, *secrets):
        for secret in secrets or (SECRET, OTHER_SECRET):
            self.assertNotIn(secret.encode(), result.out, result)
            self.assertNotIn(secret.encode(), result.err, result)

    def assertOneLineError(self, result, status, fragment):
        self.assertEqual(result.status, status, result)
        lines = result.stderr.strip().split("\n")
        self.assertTrue(any(line.startswith("autosana-webhook: error: ") and fragment in line for line in lines), result)


def mutate(rng, data):
    """Changes, deletes, inserts and truncates a few bytes: the shapes of damage a network does."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        if not data:
            data += bytes([rng.randrange(256)])
        choice = rng.random()
        position = rng.randrange(len(data))
        if choice < 0.35:
            data[position] = rng.randrange(256)
        elif choice < 0.6:
            del data[position:position + rng.randint(1, 64)]
        elif choice < 0.8:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        else:
            data = data[:position]  # truncated
    return bytes(data)
