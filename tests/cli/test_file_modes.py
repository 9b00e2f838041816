"""Files with health data are private whatever the umask: under umask 022
every file backrest creates (the SQLite database, its -wal and -shm files,
the series image, exports, reports, backups) is mode 0600 and every
directory it creates 0700.  Runs on both backends (cli_test_file_modes,
cli_test_file_modes_pg): on PostgreSQL there is no database file, and the
outputs are checked alike."""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402


class FileModes(brtest.CliTest):
    def setUp(self):
        self.old_umask = os.umask(0o022)  # inherited by every command run
        super().setUp()

    def tearDown(self):
        super().tearDown()
        os.umask(self.old_umask)

    def test_every_file_written_is_private(self):
        pid = self.patient(name="Private Patient", born="1970-01-01")
        eid = self.episode(pid)
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "4")
        self.ok("cohort")  # writes the series image beside an SQLite file
        out = os.path.join(self.dir, "out")
        os.mkdir(out, 0o755)
        self.ok("export", "csv", "--kind", "diary", "--out", os.path.join(out, "diary.csv"))
        self.ok("export", "fhir", "--out", os.path.join(out, "all.json"))
        self.ok("export", "ndjson", "--dir", os.path.join(out, "ndjson"))
        self.run_cli("report", eid, "--format", "html", "--out", os.path.join(out, "r.html"))
        self.ok("backup", "--out", os.path.join(out, "b.brb"))
        # An existing output replaced keeps no wider mode.
        wide = os.path.join(out, "wide.csv")
        with open(wide, "w") as f:
            f.write("old\n")
        os.chmod(wide, 0o644)
        self.ok("export", "csv", "--kind", "diary", "--out", wide)

        want = {"diary.csv", "all.json", "r.html", "b.brb", "wide.csv", "ndjson"}
        self.assertLessEqual(want, set(os.listdir(out)))
        made = []
        for root, dirs, files in os.walk(self.dir):
            for d in dirs:
                p = os.path.join(root, d)
                if p != out:  # made by the test
                    made.append((p, 0o700))
            for f in files:
                made.append((os.path.join(root, f), 0o600))
        if not brtest.PG:
            names = {os.path.basename(p) for p, _ in made}
            self.assertLessEqual({"t.db", "t.db-wal", "t.db-shm", "t.db-series"}, names)
        self.assertGreaterEqual(len(made), 10)
        for path, mode in made:
            with self.subTest(path=os.path.relpath(path, self.dir)):
                self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), mode)


if __name__ == "__main__":
    brtest.main()
