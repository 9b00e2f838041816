"""Shared harness for the command-line tests (tests/cli/test_*.py).

Each test gets a fresh temporary database and runs the real binary named by
$BACKREST (set by CTest): an SQLite file, or with BR_TEST_BACKEND=postgresql
(the cli_*_pg tests) a new database in the test cluster (tests/pg/).  `run` returns (status, stdout, stderr); `ok`
asserts success and parses the --json document; `bad` asserts exit status 2,
one sentence on stderr, and (by default) that the database did not change.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "pg"))
import testdb  # noqa: E402

PG = testdb.PG

BACKREST = os.environ.get("BACKREST", "build/backrest")
# Set by `make valgrind`: a command (e.g. valgrind ...) to run the binary under.
WRAPPER = os.environ.get("BR_WRAPPER", "").split()
TODAY = "2026-03-10"


class CliTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="br-cli-")
        self.dbs = []
        self.db = self.new_db("t.db")
        self.env = dict(os.environ)
        self.env.pop("BACKREST_DB", None)
        self.env["BACKREST_TODAY"] = TODAY
        self.run_cli("init")

    def tearDown(self):
        for db in self.dbs:
            testdb.drop_db(db)
        shutil.rmtree(self.dir, ignore_errors=True)

    def new_db(self, name):
        """Another empty database of the backend under test (a path in the
        test's directory, or a new PostgreSQL database)."""
        db = testdb.new_db(self.dir, name)
        self.dbs.append(db)
        return db

    def connect(self, db=None):
        return testdb.connect(db or self.db)

    def run_cli(self, *args, stdin=None, env=None, db=True):
        argv = WRAPPER + [BACKREST] + (["--db", self.db] if db else []) + \
            [str(a) for a in args]
        p = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                           env=env or self.env, timeout=600)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args, **kw):
        """Runs with --json, asserts exit 0, returns the parsed document."""
        rc, out, err = self.run_cli(*args, "--json", **kw)
        self.assertEqual(rc, 0, f"{args} failed: {err}")
        return json.loads(out)

    def snapshot(self):
        """A digest of every row of every table (except the audit log,
        which records attempts too, and SQLite's own statistics)."""
        con = testdb.connect(self.db)
        h = hashlib.sha256()
        for t in con.tables():
            if t == "audit_log":
                continue
            for row in sorted(con.execute(f'SELECT * FROM "{t}"'), key=repr):
                h.update(repr((t, row)).encode())
        con.close()
        return h.hexdigest()

    def bad(self, *args, field=None, contains=None, unchanged=True):
        """Asserts the command fails as bad input (exit 2) with one sentence
        on stderr naming `field`/`contains`, and changes no stored data."""
        before = self.snapshot() if unchanged else None
        rc, out, err = self.run_cli(*args)
        self.assertEqual(rc, 2, f"{args}: expected exit 2, got {rc}: {err}")
        lines = [l for l in err.strip().splitlines() if l]
        self.assertEqual(len(lines), 1, f"{args}: stderr should be one sentence: {err!r}")
        if field:
            self.assertIn(field, err)
        if contains:
            self.assertIn(contains, err)
        if unchanged:
            self.assertEqual(before, self.snapshot(), f"{args} changed stored data")
        return err

    def bad_usage(self, *args, contains=None):
        """Asserts a missing or unknown subcommand: exit 2, one sentence
        and then the command's usage lines on stderr, nothing on stdout,
        no stored data changed."""
        before = self.snapshot()
        rc, out, err = self.run_cli(*args)
        self.assertEqual(rc, 2, f"{args}: expected exit 2, got {rc}: {err}")
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertTrue(lines[0].startswith("backrest: "), err)
        self.assertTrue(lines[1].startswith("usage: backrest "), err)
        if contains:
            self.assertIn(contains, lines[0])
        self.assertEqual(before, self.snapshot(), f"{args} changed stored data")
        return err

    def sql(self, query, *params):
        con = testdb.connect(self.db)
        rows = con.execute(query, params).fetchall()
        con.close()
        return rows

    # Small builders used across test files.
    def patient(self, name="Test Patient", **kw):
        args = ["patient", "add", "--name", name]
        for k, v in kw.items():
            args += ["--" + k.replace("_", "-"), v]
        return self.ok(*args)["id"]

    def episode(self, patient_id, onset="2025-10-01", *extra):
        return self.ok("episode", "open", patient_id, "--onset", onset, *extra)["id"]


def main():
    unittest.main(verbosity=2)
