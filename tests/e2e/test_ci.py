"""The gate itself: .ci/run must fail when any of its steps fails (a failed install, configure,
GCC build, test run or fuzz run), and run every step in order when none does. It runs the real
script in a copy of the tree whose tools are stubs that log their step and fail on demand."""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")

STEPS = ["install", "configure", "build", "test",
         "install-fuzz", "configure-sanitize", "build-sanitize", "test-sanitize", "fuzz"]

# One stub for every tool .ci/run calls: it names its step from its name and arguments, logs it,
# and fails when it is the step to fail.
STUB = r"""#!/bin/sh
case "$(basename "$0") $*" in
  "install-deps test") step=install ;;
  "install-deps fuzz") step=install-fuzz ;;
  "cmake -S . -B build") step=configure ;;
  "cmake -S . -B build-sanitize "*) step=configure-sanitize ;;
  "cmake --build build -j"*) step=build ;;
  "cmake --build build-sanitize -j"*) step=build-sanitize ;;
  "ctest --test-dir build "*) step=test ;;
  "ctest --test-dir build-sanitize "*) step=test-sanitize ;;
  "run.sh "*) step=fuzz ;;
  *) step="unknown" ;;
esac
printf '%s\t%s\n' "$step" "$*" >> "$STEP_LOG"
[ "$step" != "$FAIL_STEP" ]
"""


class CiRunFailsOnEveryStep(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.tree = os.path.join(self._tmp.name, "tree")
        tools = os.path.join(self._tmp.name, "tools")
        os.makedirs(os.path.join(self.tree, ".ci"))
        shutil.copy(os.path.join(ROOT, ".ci", "run"), os.path.join(self.tree, ".ci", "run"))
        for path in (os.path.join(self.tree, "scripts", "install-deps"), os.path.join(self.tree, "fuzz", "run.sh"),
                     os.path.join(tools, "cmake"), os.path.join(tools, "ctest")):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(STUB)
            os.chmod(path, stat.S_IRWXU)
        self.path = tools + os.pathsep + os.environ["PATH"]

    def ci(self, fail_step):
        log = os.path.join(self._tmp.name, f"steps-{fail_step}.log")
        open(log, "w").close()
        env = dict(os.environ, PATH=self.path, STEP_LOG=log, FAIL_STEP=fail_step)
        completed = subprocess.run(["bash", os.path.join(self.tree, ".ci", "run")], env=env,
                                   capture_output=True, stdin=subprocess.DEVNULL, timeout=60)
        with open(log) as f:
            calls = [line.rstrip("\n").split("\t") for line in f]
        return completed, calls

    def test_every_step_runs_in_order_when_none_fails(self):
        completed, calls = self.ci("none")
        self.assertEqual(completed.returncode, 0, completed.stderr)
        self.assertEqual([step for step, _ in calls], STEPS)
        for step, arguments in calls:
            if step.startswith("test"):
                self.assertIn("--no-tests=error", arguments, "a build without tests must not pass")

    def test_a_failing_step_fails_the_run_and_stops_it(self):
        for position, step in enumerate(STEPS):
            with self.subTest(failing=step):
                completed, calls = self.ci(step)
                self.assertNotEqual(completed.returncode, 0, f"{step} failed but .ci/run passed")
                self.assertEqual([called for called, _ in calls], STEPS[:position + 1],
                                 f"steps ran after {step} failed")
                self.assertIn(b"ci: FAILED", completed.stderr)


if __name__ == "__main__":
    unittest.main()
