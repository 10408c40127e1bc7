"""`cmake --install` puts every file in its usual place, `cpack -G DEB` makes a package whose
Depends name the shared libraries the program needs, and scripts/install-deps installs for each
step what that step needs."""
import os
import stat
import subprocess
import unittest

from helpers import BINARY, TempDirTestCase

BUILD_DIR = os.environ.get("AUTOSANA_BUILD_DIR", "")
INSTALLED = [
    "bin/autosana-webhook",
    "libexec/autosana-webhook/autosana-webhook-net",
    "share/man/man1/autosana-webhook.1",
    "share/bash-completion/completions/autosana-webhook",
    "share/zsh/site-functions/_autosana-webhook",
    "share/fish/vendor_completions.d/autosana-webhook.fish",
]


@unittest.skipUnless(os.environ.get("AUTOSANA_MAIN_NEEDS_ONLY_LIBC") == "1",
                     "a build with the sanitizers or a shared C++ runtime or libcrypto makes no such promise")
class MainProgramNeedsOnlyLibc(unittest.TestCase):
    def test_every_shared_library_it_loads_comes_from_libc6(self):
        # The README's promise (and the reason the program starts fast): OpenSSL, fmt and the C++
        # library are linked in; only the C library's own files are loaded.
        dynamic = subprocess.run(["readelf", "--dynamic", "--wide", BINARY], capture_output=True, text=True, check=True).stdout
        needed = [line.split("[", 1)[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line]
        self.assertIn("libc.so.6", needed)
        loaded = subprocess.run(["ldd", BINARY], capture_output=True, text=True, check=True).stdout
        paths = [line.split("=>")[-1].split("(")[0].strip() for line in loaded.splitlines() if "/" in line]
        self.assertEqual(len(paths), len(needed), loaded)
        for path in paths:
            # As ldd names it: dpkg knows libc6's files by their /lib paths, not /usr/lib's.
            owner = subprocess.run(["dpkg", "--search", path], capture_output=True, text=True)
            self.assertEqual(owner.stdout.split(":", 1)[0], "libc6", (path, owner.stdout, owner.stderr))


@unittest.skipUnless(BUILD_DIR, "run through ctest, which names the build folder")
class Install(TempDirTestCase):
    def test_cmake_install_layout(self):
        prefix = os.path.join(self.dir, "prefix")
        subprocess.run(["cmake", "--install", BUILD_DIR, "--prefix", prefix], check=True, capture_output=True)
        for path in INSTALLED:
            self.assertTrue(os.path.isfile(os.path.join(prefix, path)), path)
        version = subprocess.run([os.path.join(prefix, "bin/autosana-webhook"), "--version"], capture_output=True, text=True)
        self.assertTrue(version.stdout.startswith("autosana-webhook "), version)
        # listen and send find the network helper in libexec, from wherever the tree was installed.
        sent = subprocess.run([os.path.join(prefix, "bin/autosana-webhook"), "send", "--secret", "s", "http://127.0.0.1:1/"],
                              input="{}", capture_output=True, text=True)
        self.assertEqual(sent.returncode, 2, sent)
        self.assertIn("cannot connect", sent.stderr)

    def test_debian_package(self):  # dpkg-dev comes with build-essential (scripts/install-deps)
        program = os.path.join(BUILD_DIR, "autosana-webhook")
        built = os.stat(program).st_mtime_ns
        subprocess.run(["cpack", "-G", "DEB", "-B", self.dir, "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake")],
                       check=True, capture_output=True)
        self.assertEqual(os.stat(program).st_mtime_ns, built, "packaging built the program again")
        packages = [name for name in os.listdir(self.dir) if name.endswith(".deb")]
        self.assertEqual(len(packages), 1)
        package = os.path.join(self.dir, packages[0])
        depends = subprocess.run(["dpkg-deb", "--field", package, "Depends"], capture_output=True, text=True, check=True).stdout
        self.assertIn("libc6", depends)
        self.assertIn("libssl3", depends)  # the network helper's; the main program needs only libc6
        self.assertIn("libpq5", depends)  # loaded by the helper for a PostgreSQL store, not linked
        contents = subprocess.run(["dpkg-deb", "--contents", package], capture_output=True, text=True, check=True).stdout
        for path in INSTALLED:
            self.assertIn("./usr/" + path, contents)


ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
# Stand-ins for Debian's tools: nothing is installed, apt-get records what it was asked for.
FAKE_DPKG_QUERY = "#!/bin/sh\nexit 1\n"
FAKE_APT_GET = '#!/bin/sh\nprintf "%s\\n" "$*" >> "$APT_LOG"\n'
TEST_ONLY = {"chromium", "chromium-driver", "python3-selenium", "python3-yaml", "zsh", "fish", "curl", "openssl"}


class InstallDeps(TempDirTestCase):
    """The README's first command installs what building needs; the browser waits for `test`."""

    def requested(self, *words):
        bin_dir = os.path.join(self.dir, "bin")
        os.makedirs(bin_dir, exist_ok=True)
        for name, text in (("dpkg-query", FAKE_DPKG_QUERY), ("apt-get", FAKE_APT_GET), ("sudo", '#!/bin/sh\nexec "$@"\n')):
            path = os.path.join(bin_dir, name)
            with open(path, "w") as file:
                file.write(text)
            os.chmod(path, stat.S_IRWXU)
        log = os.path.join(self.dir, "apt.log")
        if os.path.exists(log):
            os.remove(log)
        result = subprocess.run([os.path.join(ROOT, "scripts", "install-deps"), *words], capture_output=True, text=True,
                                env={**os.environ, "PATH": bin_dir + ":/usr/bin:/bin", "APT_LOG": log})
        if not os.path.exists(log):
            return result, set()
        with open(log) as file:
            installs = [line.split() for line in file if line.startswith("install")]
        self.assertEqual(len(installs), 1, installs)
        return result, {word for word in installs[0] if not word.startswith("-") and word != "install"}

    def test_building_needs_no_browser_and_no_test_tools(self):
        result, packages = self.requested()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue({"build-essential", "cmake", "libboost-dev", "libssl-dev", "libcli11-dev"} <= packages, packages)
        self.assertEqual(packages & TEST_ONLY, set())

    def test_test_adds_what_the_suite_runs(self):
        result, packages = self.requested("test")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(TEST_ONLY | {"build-essential", "cmake"} <= packages, packages)

    def test_words_combine(self):
        result, packages = self.requested("test", "fuzz")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue({"chromium", "clang", "libxml2-dev", "cmake"} <= packages, packages)

    def test_an_unknown_word_is_refused_before_anything_is_installed(self):
        result, packages = self.requested("tests")
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown word 'tests'", result.stderr)
        self.assertEqual(packages, set())
