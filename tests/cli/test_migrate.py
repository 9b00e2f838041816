"""backrest migrate: a whole database copied between backends and checked
(row counts and per-table checksums) before success is reported.

On PostgreSQL (cli_test_migrate_pg) the round trip SQLite -> PostgreSQL ->
SQLite of a demo database must be lossless: every row of every table of
the final file equals the first.  On SQLite alone it copies file to file.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402
from brtest import testdb  # noqa: E402


def dump(path):
    """Every row of every table of an SQLite file, sorted."""
    con = testdb.connect(path)
    out = {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
           for t in con.tables()}
    con.close()
    return out


class Migrate(brtest.CliTest):
    def demo_file(self):
        """A demo SQLite database with records of most kinds."""
        path = os.path.join(self.dir, "demo.db")
        self.ok("--db", path, "demo", "--patients", "12", "--days", "60",
                "--seed", "4", db=False)
        saved, self.db = self.db, path
        try:
            pid = self.patient(name="Zoë Ünicode\ttab\\slash", born="1970-01-01")
            eid = self.episode(pid)
            self.ok("measure", "add", eid, "odi", "--answers", "2,2,2,2,2,2,1,-,2,1")
            self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "2",
                    "--note", "line one\nline two")
            self.run_cli("user", "add", "--email", "a@example.org", "--role",
                         "admin", "--password-stdin", stdin="correct horse battery\n")
        finally:
            self.db = saved
        return path

    def migrate(self, src, dst):
        return self.ok("migrate", "--from", src, "--to", dst, db=False)

    def test_round_trip_is_lossless(self):
        a = self.demo_file()
        b = os.path.join(self.dir, "back.db")
        if brtest.PG:
            mid = self.new_db("mid")  # a new PostgreSQL database
            there = self.migrate("sqlite:" + a, mid)
            self.assertEqual((there["from"], there["to"]), ("sqlite", "postgresql"))
            back = self.migrate(mid, "sqlite:" + b)
            self.assertEqual((back["from"], back["to"]), ("postgresql", "sqlite"))
            # The checksums do not depend on the backend.
            self.assertEqual(there["tables"], back["tables"])
            # The copy in PostgreSQL works as a database.
            self.assertEqual(len(self.ok("--db", mid, "patient", "list", db=False)["patients"]), 13)
        else:
            back = self.migrate("sqlite:" + a, "sqlite:" + b)
        self.assertTrue(back["verified"])
        self.assertGreater(back["rows"], 1000)
        before, after = dump(a), dump(b)
        self.assertEqual(sorted(before), sorted(after))
        for t in before:
            self.assertEqual(before[t], after[t], t)
        rows = {t["name"]: t["rows"] for t in back["tables"]}
        self.assertEqual(rows["diary_days"], len(before["diary_days"]))
        self.assertEqual(rows["series"], len(before["series"]))

    def test_refuses_a_target_with_records(self):
        a = self.demo_file()
        self.ok("patient", "add", "--name", "Already Here")
        err = self.bad("migrate", "--from", a, "--to", self.db, field="to")
        self.assertIn("already holds records", err)

    def test_bad_arguments(self):
        self.bad("migrate", "--to", self.db, field="from")
        self.bad("migrate", "--from", self.db, field="to")
        self.bad("migrate", "--from", self.db, "--to", self.db, field="to")


if __name__ == "__main__":
    brtest.main()
