"""The handler packages in packages/: each one's own tests (every case of vectors.json) with the
toolchains Debian has, its ordinary packaging offline (pip into a venv, npm pack, go vet), and
each example handler made to fail on a re-serialised body: the CLI explains the captured file."""
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

from helpers import BINARY, EXAMPLES, TempDirTestCase, base_environment, run
from network import delivery, exchange

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../.."))
PACKAGES = os.path.join(ROOT, "packages")
SECRET = "example-secret"  # examples/signed-delivery's secret


def toolchain_environment(folder):
    """Offline, with caches in a temporary folder (nothing written to the user's home)."""
    env = base_environment(AUTOSANA_WEBHOOK_SECRET=SECRET)
    env.update(GOCACHE=os.path.join(folder, "gocache"), GOPATH=os.path.join(folder, "gopath"),
               GOPROXY="off", GOFLAGS="-mod=mod", GOTOOLCHAIN="local",
               npm_config_cache=os.path.join(folder, "npm-cache"), npm_config_offline="true",
               npm_config_update_notifier="false", HOME=folder, PIP_NO_INDEX="1")
    return env


def checked(test, command, cwd, env, timeout=300):
    completed = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=timeout)
    test.assertEqual(completed.returncode, 0, f"{' '.join(command)}:\n{completed.stdout.decode(errors='replace')}")
    return completed.stdout.decode(errors="replace")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnTests(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.env = toolchain_environment(self.dir)

    def test_python(self):
        out = checked(self, [sys.executable, "-m", "unittest", "discover", "-s", "tests", "-v"],
                      os.path.join(PACKAGES, "python"), self.env)
        self.assertIn("test_every_case", out)
        venv = os.path.join(self.dir, "venv")
        checked(self, ["/usr/bin/python3", "-m", "venv", venv], self.dir, self.env)
        checked(self, [os.path.join(venv, "bin/pip"), "install", "--no-index", os.path.join(PACKAGES, "python")],
                self.dir, self.env)
        out = checked(self, [os.path.join(venv, "bin/python"), "-c",
                             "import autosana_webhook as a; print(a.verify(b'Hello, World!', "
                             "'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17', "
                             "\"It's a Secret to Everybody\").reason)"], self.dir, self.env)
        self.assertEqual(out.strip(), "ok")

    def test_node(self):
        out = checked(self, ["node", "--test", "test/"], os.path.join(PACKAGES, "node"), self.env)
        self.assertIn("# fail 0", out)
        self.assertIn("vector github_published", out)
        packed = os.path.join(self.dir, "packed")
        os.mkdir(packed)
        checked(self, ["npm", "pack", "--pack-destination", packed], os.path.join(PACKAGES, "node"), self.env)
        [tarball] = glob.glob(os.path.join(packed, "*.tgz"))
        listing = subprocess.run(["tar", "-tzf", tarball], stdout=subprocess.PIPE, check=True).stdout.decode()
        for name in ("package/index.js", "package/index.d.ts", "package/README.md", "package/package.json"):
            self.assertIn(name, listing)

    def test_go(self):
        folder = os.path.join(self.dir, "go")
        shutil.copytree(os.path.join(PACKAGES, "go"), folder)
        shutil.copy(os.path.join(PACKAGES, "vectors.json"), self.dir)  # ../vectors.json from the copy
        checked(self, ["go", "vet", "./..."], folder, self.env)
        out = checked(self, ["go", "test", "-v", "./..."], folder, self.env)
        self.assertIn("--- PASS: TestEveryVector/github_published", out)
        self.assertEqual(subprocess.run(["gofmt", "-l", "."], cwd=folder, stdout=subprocess.PIPE).stdout, b"")


class ExamplesExplained(TempDirTestCase):
    """A handler that verifies a re-serialised body fails; its capture names the cause."""

    def handler(self, command, cwd):
        port = free_port()
        captured = os.path.join(self.dir, "captured")
        process = subprocess.Popen(command + [str(port), captured, "--reserialize"], cwd=cwd,
                                   env=toolchain_environment(self.dir), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        self.addCleanup(process.wait, 10)
        self.addCleanup(process.kill)
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        with open(os.path.join(EXAMPLES, "payload.json"), "rb") as f:
            body = f.read()
        answer = exchange(port, delivery(body, secret=SECRET, path="/webhooks/autosana"))
        self.assertEqual(answer.status, 401, answer)
        [file] = glob.glob(os.path.join(captured, "*-failed.http"))
        self.assertEqual(os.stat(file).st_mode & 0o777, 0o600)
        result = run("verify", "--explain", "--request", file, env=base_environment(AUTOSANA_WEBHOOK_SECRET=SECRET))
        self.assertEqual(result.status, 1, result)
        return result.stdout + result.stderr

    def test_python_stdlib_server(self):
        out = self.handler([sys.executable, "examples/stdlib_server.py"], os.path.join(PACKAGES, "python"))
        self.assertIn("the JSON was re-serialised on the way", out)
        self.assertIn("Python's json.dumps", out)

    def test_node_http_server(self):
        out = self.handler(["node", "examples/http-server.js"], os.path.join(PACKAGES, "node"))
        self.assertIn("the JSON was re-serialised on the way", out)

    def test_go_net_http_server(self):
        binary = os.path.join(self.dir, "server")
        checked(self, ["go", "build", "-o", binary, "./examples/server"], os.path.join(PACKAGES, "go"),
                toolchain_environment(self.dir))
        out = self.handler([binary], self.dir)
        self.assertIn("the keys of every object in this body are in sorted order", out)


if __name__ == "__main__":
    unittest.main()
