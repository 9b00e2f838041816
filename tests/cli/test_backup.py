"""backrest backup / restore: an online copy taken while 8 writers keep
writing restores every write acknowledged before it began, passes the
integrity check and has the same per-table checksums at every step; a
truncated, corrupted or wrong-passphrase backup is refused with one
sentence and nothing written; a target that holds records needs --force.

Runs on both backends (cli_test_backup, cli_test_backup_pg): on
PostgreSQL the source and the restore target are PostgreSQL databases, and
the backup is also restored into an SQLite file (the payload is portable).
Encrypted backups use --kdf interactive to keep the test short.
"""
import datetime
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402
from brtest import testdb  # noqa: E402

WRITERS = 8


class Backup(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pids = [self.patient(name=f"Writer {w}") for w in range(WRITERS)]
        self.key = os.path.join(self.dir, "key")
        with open(self.key, "w") as f:
            f.write("a long passphrase for the test\n")
        os.chmod(self.key, 0o600)

    def listing(self):
        return sorted(os.listdir(self.dir))

    def backup(self, out, *extra):
        return self.ok("backup", "--out", out, *extra)

    def encrypted(self, name="enc.brb"):
        out = os.path.join(self.dir, name)
        self.backup(out, "--encrypt", "--key-file", self.key, "--kdf", "interactive")
        return out

    def days(self, db, pid):
        saved, self.db = self.db, db
        try:
            return {d["date"] for d in self.ok("diary", "list", pid, "--from", "2020-01-01")}
        finally:
            self.db = saved

    def test_backup_during_writers_restores_every_acknowledged_write(self):
        acked = []  # (patient, day, time the answer came)
        lock = threading.Lock()
        stop = threading.Event()
        errors = []

        def writer(w):
            day = datetime.date(2026, 3, 9)
            while not stop.is_set():
                rc, _, err = self.run_cli("diary", "add", self.pids[w], "--date",
                                          day.isoformat(), "--pain", str(w))
                done = time.monotonic()
                if rc != 0:
                    errors.append(err)
                    return
                with lock:
                    acked.append((self.pids[w], day.isoformat(), done))
                day -= datetime.timedelta(days=1)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        # Wait until every writer has had a write acknowledged.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with lock:
                if len({a[0] for a in acked}) == WRITERS:
                    break
            time.sleep(0.05)
        out = os.path.join(self.dir, "during.brb")
        began = time.monotonic()
        made = self.backup(out)
        with lock:
            during = sum(1 for a in acked if a[2] > began)
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertTrue(made["verified"])
        before = [(p, d) for p, d, at in acked if at < began]
        self.assertGreaterEqual(len(before), WRITERS)
        self.assertGreater(during, 0, "the writers should go on during the backup")
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)

        checked = self.ok("backup", "--verify", out)
        self.assertEqual(checked["tables"], made["tables"])

        targets = [self.new_db("restored.db")]
        if brtest.PG:
            targets.append(os.path.join(self.dir, "restored-sqlite.db"))
        for target in targets:
            saved, self.db = self.db, target
            try:
                got = self.ok("restore", out)
            finally:
                self.db = saved
            self.assertTrue(got["verified"])
            # What the restore verified in the target is what was backed up.
            self.assertEqual(got["tables"], made["tables"])
            for pid in self.pids:
                want = {d for p, d in before if p == pid}
                self.assertLessEqual(want, self.days(target, pid))
            # The restored database works, and holds no write made after
            # the backup's snapshot beyond those it counted.
            rows = {t["name"]: t["rows"] for t in made["tables"]}
            con = testdb.connect(target)
            self.assertEqual(con.execute("SELECT count(*) FROM diary_days").fetchone()[0],
                             rows["diary_days"])
            con.close()
        # Nothing is left beside the files made.
        self.assertEqual([f for f in self.listing() if ".tmp-" in f], [])

    def test_encrypted_round_trip_and_refusals(self):
        pid = self.pids[0]
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "4")
        enc = self.encrypted()
        with open(enc, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"BRBACKUP")
        # No patient name in clear in an encrypted backup.
        self.assertNotIn(b"Writer 0", data)
        got = self.ok("backup", "--verify", enc, "--key-file", self.key)
        self.assertTrue(got["encrypted"])
        # The passphrase may come on standard input instead.
        got = self.ok("backup", "--verify", enc,
                      stdin="a long passphrase for the test\n")
        self.assertTrue(got["encrypted"])

        plain = os.path.join(self.dir, "plain.brb")
        self.backup(plain)
        with open(plain, "rb") as f:
            pdata = f.read()
        bad = {
            "truncated.brb": (pdata[: len(pdata) // 2], None, "truncated"),
            "corrupted.brb": (pdata[:4096] + bytes([pdata[4096] ^ 1]) + pdata[4097:],
                              None, "damaged"),
            "enc-truncated.brb": (data[:-100], self.key, "truncated"),
            "enc-corrupted.brb": (data[:70000] + bytes([data[70000] ^ 1]) + data[70001:],
                                  self.key, "damaged"),
            "not-a-backup.brb": (b"SQLite format 3\0" + bytes(100), None, "not a backrest backup"),
        }
        wrong = os.path.join(self.dir, "wrong")
        with open(wrong, "w") as f:
            f.write("not the passphrase\n")
        os.chmod(wrong, 0o600)
        cases = [(name, body, key, words) for name, (body, key, words) in bad.items()]
        cases.append(("enc.brb", None, wrong, "passphrase does not open"))
        for name, body, key, words in cases:
            path = os.path.join(self.dir, name)
            if body is not None:
                with open(path, "wb") as f:
                    f.write(body)
            extra = ["--key-file", key] if key else []
            with self.subTest(name=name):
                self.bad("backup", "--verify", path, *extra, contains=words)
                # Into the existing database, even with --force: unchanged.
                self.bad("restore", path, "--force", *extra, contains=words)
                # Into a new file: nothing written.
                listing = self.listing()
                fresh = os.path.join(self.dir, "fresh.db")
                rc, _, err = self.run_cli("--db", fresh, "restore", path, *extra, db=False)
                self.assertEqual(rc, 2, err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertIn(words, err)
                self.assertEqual(self.listing(), listing)

        # A key file others may read is refused.
        os.chmod(self.key, 0o644)
        self.bad("backup", "--verify", enc, "--key-file", self.key, field="key-file")

    def test_force_rule(self):
        pid = self.pids[0]
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "4")
        out = os.path.join(self.dir, "b.brb")
        self.backup(out)
        self.ok("diary", "add", pid, "--date", "2026-03-02", "--pain", "5")
        # The database holds records: refused, unchanged.
        self.bad("restore", out, contains="--force")
        self.assertEqual(self.days(self.db, pid), {"2026-03-01", "2026-03-02"})
        # With --force it is replaced by the backup, verified.
        got = self.ok("restore", out, "--force")
        self.assertTrue(got["verified"])
        self.assertEqual(self.days(self.db, pid), {"2026-03-01"})
        # A database that holds nothing needs no --force.
        empty = self.new_db("empty.db")
        saved, self.db = self.db, empty
        try:
            self.assertTrue(self.ok("restore", out)["verified"])
        finally:
            self.db = saved
        self.assertEqual(self.days(empty, pid), {"2026-03-01"})

    def test_out_must_not_be_the_database_or_a_directory(self):
        if not brtest.PG:
            self.bad("backup", "--out", self.db, field="out")
        self.bad("backup", "--out", self.dir, field="out")

    def test_backup_needs_an_existing_database(self):
        if brtest.PG:
            self.skipTest("a PostgreSQL database always exists once named")
        out = os.path.join(self.dir, "x.brb")
        rc, _, err = self.run_cli("--db", os.path.join(self.dir, "none.db"),
                                  "backup", "--out", out, db=False)
        self.assertEqual(rc, 2, err)
        self.assertIn("there is no backrest database", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "none.db")))
        self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    brtest.main()
