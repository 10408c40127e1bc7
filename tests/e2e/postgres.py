"""A throwaway PostgreSQL server for the store's tests: initdb and pg_ctl from Debian's
postgresql package in a temporary folder, a Unix socket only (no TCP port), trust authentication
for its own superuser, removed at the end. As root, the server runs as the postgres user (the
server refuses root). No mock: a test that needs it fails when the package is missing."""
import glob
import os
import shutil
import subprocess
import tempfile


def _bin_directory():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL's initdb is missing: scripts/install-deps test installs postgresql")
    return os.path.dirname(found[-1])


class ThrowawayPostgres:
    def __init__(self, fsync=False):
        """fsync=False: the tests' speed; the benchmarks measure with it on."""
        bindir = _bin_directory()
        # Short: a Unix socket's path has a limit of about 100 bytes.
        self.folder = tempfile.mkdtemp(prefix="pg", dir="/tmp")
        os.chmod(self.folder, 0o755)
        self.data = os.path.join(self.folder, "data")
        self.socket = os.path.join(self.folder, "socket")
        os.mkdir(self.socket)
        self.prefix = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
            self.prefix = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
        self._run(os.path.join(bindir, "initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-sync")
        self.pg_ctl = os.path.join(bindir, "pg_ctl")
        self.options = (f"-k {self.socket} -c listen_addresses='' -c fsync={'on' if fsync else 'off'} "
                        "-c max_connections=50")
        self._run(self.pg_ctl, "-D", self.data, "-w", "-l", os.path.join(self.folder, "log"), "-o",
                  self.options, "start")
        self.databases = 0

    def _run(self, *command):
        subprocess.run(self.prefix + list(command), check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, cwd=self.folder, timeout=120)

    def new_database(self):
        """A fresh database; its libpq key=value string."""
        self.databases += 1
        name = f"store{self.databases}"
        subprocess.run(["psql", "-h", self.socket, "-U", "postgres", "-d", "postgres", "-q", "-c",
                        f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL, timeout=60)
        return f"host={self.socket} dbname={name} user=postgres"

    def psql(self, database, sql):
        completed = subprocess.run(["psql", "-h", self.socket, "-U", "postgres", "-d", database, "-At", "-c", sql],
                                   check=True, stdout=subprocess.PIPE, timeout=60)
        return completed.stdout.decode()

    def restart_after(self, while_down):
        """Stops the server, runs while_down(), starts it again (on the same socket)."""
        self._run(self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop")
        try:
            while_down()
        finally:
            self._run(self.pg_ctl, "-D", self.data, "-w", "-l", os.path.join(self.folder, "log"), "-o",
                      self.options, "start")

    def close(self):
        subprocess.run(self.prefix + [self.pg_ctl, "-D", self.data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.folder, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
