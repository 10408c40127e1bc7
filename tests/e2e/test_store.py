"""The store (issue 27): SQLite by default, PostgreSQL for a team. Every behaviour on both engines
where it applies; PostgreSQL is a real throwaway server (postgres.py), never a mock."""
import concurrent.futures
import json
import os
import sqlite3
import stat
import subprocess
import threading
import unittest

from helpers import BINARY, SECRET, TempDirTestCase, base_environment, run
from network import Listener, delivery, exchange
from postgres import ThrowawayPostgres

HERE = os.path.dirname(os.path.abspath(__file__))
DELIVERIES = os.path.join(HERE, "..", "fixtures", "history", "deliveries")


def plain(*args, **kwargs):
    """Runs without a secret: the fixtures' saved requests are read unverified, as history does."""
    kwargs.setdefault("env", base_environment(AUTOSANA_WEBHOOK_SECRET=None))
    return run(*args, **kwargs)


def sample(seed, timestamp, *extra):
    result = run("sample", "--seed", str(seed), "--timestamp", timestamp, *extra)
    assert result.status == 0, result
    return result.out  # bytes


def without_inputs(history_json):
    """history's JSON less what differs between reading files and the store by design: how many
    inputs were skipped as unusable (the store never holds one) and which source each batch had."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "source"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    data = json.loads(history_json)
    data["batches"].pop("inputs_skipped", None)
    return strip(data)


class StoreCases:
    """Cases run on both engines: subclasses give self.store (a URI) and self.fresh_store()."""

    def test_import_then_history_reads_as_files_do(self):
        imported = plain("store", "import", "--store", self.store, DELIVERIES)
        self.assertEqual(imported.status, 2, imported)  # invalid.json is reported, the rest kept
        self.assertIn("invalid.json: /app/name: missing", imported.stderr)
        self.assertRegex(imported.stderr, r"note: .*: 9 imported, 0 already there, 1 could not be used")
        again = plain("store", "import", "--store", self.store, DELIVERIES)
        self.assertRegex(again.stderr, r": 0 imported, 9 already there")
        files = plain("history", DELIVERIES)
        stored = run("history", "--store", self.store)
        self.assertEqual(stored.status, 1, stored)  # a flow newly failing, as with the files
        self.assertEqual(stored.out, files.out)
        for args in (("--branch", "main", "--last", "3"), ("--since", "2025-02-03"), ("--app", "com.example.shop")):
            with self.subTest(args):
                self.assertEqual(run("history", "--store", self.store, *args).out, plain("history", *args, DELIVERIES).out)
        self.assertEqual(without_inputs(run("history", "--store", self.store, "--format", "json").out),
                         without_inputs(plain("history", "--format", "json", DELIVERIES).out))
        empty = run("history", "--store", self.store, "--branch", "mian")
        self.assertOneLineError(empty, 2, "no batch on branch 'mian'; branches in the input: main (8), feature/new-cart (1); did you mean main?")

    def test_export_round_trips(self):
        plain("store", "import", "--store", self.store, DELIVERIES)
        exported = run("store", "export", "--store", self.store)
        self.assertEqual(exported.status, 0, exported)
        lines = exported.out.decode().split("\n")[:-1]
        self.assertEqual(len(lines), 9)
        for line in lines:
            json.loads(line)  # one payload a line
        self.assertEqual(run("history", "-", stdin=exported.out).out, run("history", "--store", self.store).out)
        folder = os.path.join(self.dir, "exported")
        files = run("store", "export", "--store", self.store, "--format", "http", "--output", folder)
        self.assertEqual(files.status, 0, files)
        originals = set()
        for folder_name, _, names in os.walk(DELIVERIES):
            for name in names:
                if name.endswith(".http"):
                    with open(os.path.join(folder_name, name), "rb") as f:
                        originals.add(f.read())
        written = set()
        for name in os.listdir(folder):
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode), 0o600)
            with open(os.path.join(folder, name), "rb") as f:
                written.add(f.read())
        self.assertEqual(written, originals)  # byte for byte

    def test_stats_and_prune(self):
        old = sample(1, "2020-01-01T00:00:00Z", "--failed", "1")
        older_passing = sample(2, "2020-01-02T00:00:00Z", "--failed", "0")
        recent = sample(3, "2099-01-01T00:00:00Z")
        for payload in (old, older_passing, recent):
            self.assertEqual(run("store", "import", "--store", self.store, "-", stdin=payload).status, 0)
        stats = json.loads(run("store", "stats", "--store", self.store, "--json").out)
        self.assertEqual(stats["format"], "autosana-webhook.store-stats/1")
        self.assertEqual((stats["batches"], stats["failed_batches"], stats["schema_version"]), (3, 2, 2))
        text = run("store", "stats", "--store", self.store).stdout
        self.assertIn("batches     3 (2 failed) on 1 lanes", text)
        kept = run("store", "prune", "--store", self.store, "--older-than", "90d", "--keep-failed", "3650d")
        self.assertIn("0 deliveries and 1 batches deleted", kept.stderr)
        pruned = run("store", "prune", "--store", self.store, "--older-than", "90d")
        self.assertIn("0 deliveries and 1 batches deleted", pruned.stderr)
        self.assertEqual(json.loads(run("store", "stats", "--store", self.store, "--json").out)["batches"], 1)
        self.assertOneLineError(run("store", "prune", "--store", self.store, "--older-than", "soon"), 2,
                                "--older-than soon: expected an age such as 90d or 12h")

    def test_summarize_compares_with_the_previous_batch_of_its_lane(self):
        first = sample(7, "2025-03-01T00:00:00Z", "--failed", "0")
        second = sample(7, "2025-03-02T00:00:00Z", "--failed", "1")
        run("store", "import", "--store", self.store, "-", stdin=first)
        compared = run("summarize", "--baseline-from-store", "--store", self.store, stdin=second)
        self.assertEqual(compared.status, 1, compared)
        by_file = run("summarize", "--baseline", self.write("first.json", first), stdin=second)
        described = json.loads(run("store", "stats", "--store", self.store, "--json").out)["store"]
        self.assertEqual(compared.out.replace(described.encode(), b"X"),
                         by_file.out.replace(os.path.join(self.dir, "first.json").encode(), b"X"))
        self.assertIn(b"newly failing", compared.out.lower())
        alone = run("summarize", "--baseline-from-store", "--store", self.store, stdin=first)
        self.assertIn("no earlier batch of app", alone.stderr)

    def test_listen_commits_each_delivery_before_answering_and_knows_retries(self):
        listener = Listener(self.dir, "--store", self.store, "--json")
        self.addCleanup(listener.close)
        payload = sample(11, "2025-04-01T00:00:00Z")
        answer = exchange(listener.port, delivery(payload))
        self.assertEqual(answer.status, 200, answer)
        # The writer is a thread of its own, named so that top -H and bench/store.sh find it.
        tasks = f"/proc/{listener.process.pid}/task"
        names = {open(os.path.join(tasks, t, "comm")).read().strip() for t in os.listdir(tasks)}
        self.assertIn("store-writer", names)
        # The answer came after the commit: the row is there now, read by another process.
        stats = json.loads(run("store", "stats", "--store", self.store, "--json").out)
        self.assertEqual((stats["deliveries"]["verified"], stats["batches"]), (1, 1))
        self.assertEqual(exchange(listener.port, delivery(payload)).status, 200)  # a retry
        forged = exchange(listener.port, delivery(payload, secret="not-the-secret"))
        self.assertEqual(forged.status, 401)
        records = [json.loads(line) for line in listener.lines(3)]
        self.assertEqual([r.get("stored_before", False) for r in records], [False, True, False])
        self.assertEqual(records[0]["stored"], records[1]["stored"])
        stats = json.loads(run("store", "stats", "--store", self.store, "--json").out)
        self.assertEqual(stats["deliveries"], {"total": 2, "verified": 1, "unsigned": 0, "unchecked": 0, "rejected": 1, "receipts": 3})
        folder = os.path.join(self.dir, "out")
        run("store", "export", "--store", self.store, "--format", "http", "--output", folder)
        kept = []
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                kept.append(f.read())
        self.assertTrue(kept[0].endswith(b"\r\n\r\n" + payload), kept[0][-200:])

    def test_a_compressed_delivery_is_stored_as_its_batch(self):
        import gzip
        from network import signature
        listener = Listener(self.dir, "--store", self.store)
        self.addCleanup(listener.close)
        payload = sample(12, "2025-04-02T00:00:00Z")
        # The signature covers the payload as written; the body comes gzipped.
        answer = exchange(listener.port, delivery(gzip.compress(payload), sig=signature(payload),
                                                  extra=b"Content-Encoding: gzip\r\n"))
        self.assertEqual(answer.status, 200, answer)
        stats = json.loads(run("store", "stats", "--store", self.store, "--json").out)
        self.assertEqual((stats["deliveries"]["verified"], stats["batches"]), (1, 1))
        exported = run("store", "export", "--store", self.store).out
        self.assertEqual(json.loads(exported), json.loads(payload))


class SqliteStore(TempDirTestCase, StoreCases):
    def setUp(self):
        super().setUp()
        self.store = "sqlite:" + os.path.join(self.dir, "store.db")

    def test_the_default_store_is_private_and_the_variable_names_another(self):
        home = os.path.join(self.dir, "home")
        os.mkdir(home)
        env = base_environment(HOME=home, XDG_DATA_HOME=None)
        result = run("store", "stats", env=env)
        self.assertEqual(result.status, 0, result)
        path = os.path.join(home, ".local", "share", "autosana-webhook", "store.db")
        self.assertIn(f"store       {path} (sqlite, schema 2)", result.stdout)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode), 0o700)
        other = os.path.join(self.dir, "other.db")
        named = run("store", "stats", env=base_environment(HOME=home, AUTOSANA_WEBHOOK_STORE="sqlite:" + other))
        self.assertIn(f"store       {other} (sqlite", named.stdout)
        # history --store alone takes the variable too.
        plain("store", "import", DELIVERIES, env=base_environment(HOME=home, AUTOSANA_WEBHOOK_STORE="sqlite:" + other,
                                                                  AUTOSANA_WEBHOOK_SECRET=None))
        self.assertIn("History: 9 batches", run("history", "--store", env=base_environment(AUTOSANA_WEBHOOK_STORE="sqlite:" + other)).stdout)

    def test_what_is_not_a_store_is_refused_in_one_line(self):
        text = self.write("notes.db", "a text file, not a database " * 10)
        self.assertOneLineError(run("store", "stats", "--store", "sqlite:" + text), 2, "not an autosana-webhook store")
        other = os.path.join(self.dir, "other.db")
        with sqlite3.connect(other) as db:
            db.execute("CREATE TABLE accounts (id INTEGER)")
        self.assertOneLineError(run("history", "--store", "sqlite:" + other), 2, "a database of another program")
        run("store", "stats", "--store", self.store)
        with sqlite3.connect(self.store[7:]) as db:
            db.execute("UPDATE store_meta SET value = '3' WHERE name = 'schema_version'")
        self.assertOneLineError(run("store", "stats", "--store", self.store), 2,
                                "written by a newer autosana-webhook (store schema 3; this one knows up to 2); upgrade this program")
        self.assertOneLineError(run("store", "stats", "--store", "mysql://db/x"), 2,
                                "--store: a store is 'sqlite:PATH', 'postgres://...' or a PostgreSQL 'key=value' string")
        self.assertOneLineError(run("store", "stats", "--store", "sqlite:" + self.dir), 2, "a folder, not a store file")

    def test_a_store_that_cannot_take_a_delivery_answers_503_and_keeps_nothing(self):
        listener = Listener(self.dir, "--store", self.store)
        self.addCleanup(listener.close)
        payload = sample(12, "2025-04-02T00:00:00Z")
        blocker = sqlite3.connect(self.store[7:], isolation_level=None, timeout=1)
        blocker.execute("BEGIN IMMEDIATE")  # another writer, holding the lock past the wait
        try:
            answer = exchange(listener.port, delivery(payload), timeout=60)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        self.assertEqual(answer.status, 503, answer)
        line = listener.lines(1)[0]
        self.assertIn("not stored: ", line)
        self.assertIn("locked by another writer for more than 5 s", line)
        self.assertEqual(json.loads(run("store", "stats", "--store", self.store, "--json").out)["deliveries"]["total"], 0)
        self.assertEqual(exchange(listener.port, delivery(payload)).status, 200)  # the sender's retry
        self.assertEqual(json.loads(run("store", "stats", "--store", self.store, "--json").out)["deliveries"]["total"], 1)

    def test_hostile_names_are_data(self):
        payload = json.loads(sample(13, "2025-04-03T00:00:00Z"))
        payload["run_groups"][0]["name"] = "x'); DROP TABLE batches; --\u0000\u202e"
        payload["git"]["branch"] = "main' OR '1'='1"
        body = json.dumps(payload).encode()
        self.assertEqual(run("store", "import", "--store", self.store, "-", stdin=body).status, 0)
        shown = run("history", "--store", self.store, "--format", "json", "--branch", "main' OR '1'='1")
        self.assertEqual(shown.status, 0, shown)
        names = [flow["group"] for flow in json.loads(shown.out)["flows"]]
        self.assertIn("x'); DROP TABLE batches; --\u0000\u202e", names)
        self.assertOneLineError(run("history", "--store", self.store, "--branch", "main"), 2, "no batch on branch 'main'")

    def test_the_programs_that_need_no_store_do_not_load_it(self):
        linked = subprocess.run(["ldd", BINARY], capture_output=True, text=True).stdout
        self.assertNotIn("libpq", linked)
        self.assertNotIn("libsqlite3", linked)
        helper = subprocess.run(["ldd", os.path.join(os.path.dirname(BINARY), "autosana-webhook-net")],
                                capture_output=True, text=True)
        if helper.returncode == 0:  # in a build tree; installed, it lives in libexec
            self.assertIn("libsqlite3", helper.stdout)
            self.assertNotIn("libpq", helper.stdout)
        # libpq is loaded only when a PostgreSQL store is opened: a SQLite store's listener never
        # maps it (nor the Kerberos and LDAP libraries it brings).
        listener = Listener(self.dir, "--store", self.store)
        self.addCleanup(listener.close)
        with open(f"/proc/{listener.process.pid}/maps") as maps:
            mapped = maps.read()
        self.assertNotIn("libpq", mapped)


class PostgresStore(TempDirTestCase, StoreCases):
    @classmethod
    def setUpClass(cls):
        cls.server = ThrowawayPostgres()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def setUp(self):
        super().setUp()
        self.store = self.server.new_database()

    def test_libpq_is_loaded_when_a_postgresql_store_is_opened(self):
        listener = Listener(self.dir, "--store", self.store)
        self.addCleanup(listener.close)
        with open(f"/proc/{listener.process.pid}/maps") as maps:
            self.assertIn("libpq.so.5", maps.read())
        self.assertEqual(exchange(listener.port, delivery(sample(7, "2025-04-01T00:00:00Z"))).status, 200)

    def test_a_password_is_never_printed(self):
        uri = f"postgresql://autosana:hunter2-secret@/nodb?host={self.server.socket}-missing"
        for args in (("store", "stats", "--store", uri), ("history", "--store", uri)):
            result = run(*args)
            self.assertOneLineError(result, 2, "PostgreSQL database 'nodb' on ")
            self.assertNotIn(b"hunter2", result.err + result.out)
        listener = subprocess.run([BINARY, "listen", "--port", "0", "--store", uri], capture_output=True, timeout=60,
                                  env=base_environment())
        self.assertEqual(listener.returncode, 2)
        self.assertNotIn(b"hunter2", listener.stderr)

    def test_two_listeners_lose_nothing_and_store_nothing_twice(self):
        first = Listener(self.dir, "--store", self.store, "--quiet")
        second = Listener(self.dir, "--store", self.store, "--quiet")
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        payloads = [sample(100 + i, f"2025-05-01T00:{i // 60:02d}:{i % 60:02d}Z") for i in range(120)]
        # Each listener gets its own 100, and both get the 20 shared ones (retries that went to
        # another listener), all at once from 16 senders.
        jobs = [(first.port, p) for p in payloads[:50]] + [(second.port, p) for p in payloads[50:100]]
        jobs += [(port, p) for p in payloads[100:] for port in (first.port, second.port)]
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda job: exchange(job[0], delivery(job[1]), timeout=60).status, jobs))
        self.assertEqual(statuses, [200] * len(jobs))
        stats = json.loads(run("store", "stats", "--store", self.store, "--json").out)
        self.assertEqual((stats["deliveries"]["total"], stats["deliveries"]["receipts"], stats["batches"]), (120, 140, 120))
        self.assertEqual(self.server.psql(self.store.split("dbname=")[1].split()[0],
                                          "SELECT COUNT(*), COUNT(DISTINCT delivery_key) FROM deliveries").strip(), "120|120")

    def test_a_database_that_goes_down_gets_503_then_recovers(self):
        listener = Listener(self.dir, "--store", self.store)
        self.addCleanup(listener.close)
        payload = sample(14, "2025-04-04T00:00:00Z")
        self.assertEqual(exchange(listener.port, delivery(payload)).status, 200)
        self.server.restart_after(lambda: self.assertEqual(
            exchange(listener.port, delivery(sample(15, "2025-04-05T00:00:00Z")), timeout=60).status, 503))
        self.assertEqual(exchange(listener.port, delivery(payload)).status, 200)  # reconnected
        self.assertIn("not stored: ", listener.lines(2)[1])


if __name__ == "__main__":
    unittest.main()
