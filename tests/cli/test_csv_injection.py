"""Formula injection in the CSV exports (OWASP, "CSV Injection"): a text
cell that a spreadsheet would run (it starts with =, +, -, @, a tab or a
carriage return) is written with a single quote in front, numbers such as
-24 stay numbers, and import removes the quote again, so an export imported
back changes nothing."""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

# Stored text -> the cell the export writes.
NOTES = {
    '=HYPERLINK("http://example.invalid/x","open")':
        '\'=HYPERLINK("http://example.invalid/x","open")',
    "+1+1": "'+1+1",
    "-x": "'-x",
    "@SUM(A1:A2)": "'@SUM(A1:A2)",
    "\tcmd": "'\tcmd",
    "'=already quoted": "''=already quoted",
    "''@twice": "'''@twice",
    "'plain": "'plain",
    "-3": "-3",
    "plain = text": "plain = text",
}


class CsvInjection(brtest.CliTest):
    def path(self, name):
        return os.path.join(self.dir, name)

    def rows(self, name):
        with open(self.path(name), newline="") as f:
            return list(csv.DictReader(f))

    def test_diary_notes_guarded_and_round_trip(self):
        pid = self.patient("Ann Lee", born="1970-05-01")
        days = {}
        for i, note in enumerate(NOTES):
            day = f"2026-02-{i + 1:02d}"
            days[day] = note
            self.ok("diary", "add", pid, "--date", day, f"--note={note}")
        self.ok("export", "csv", "--kind", "diary", "--out", self.path("d.csv"))
        got = {r["date"]: r["note"] for r in self.rows("d.csv")}
        self.assertEqual(got, {d: NOTES[n] for d, n in days.items()})
        before = self.snapshot()
        r = self.ok("import", "csv", "--kind", "diary", self.path("d.csv"))
        self.assertEqual((r["imported"], r["unchanged"]), (0, len(NOTES)))
        self.assertEqual(before, self.snapshot())
        # Into an empty store the notes arrive as they were typed.
        self.db = self.new_db("fresh.db")
        self.run_cli("init")
        self.ok("patient", "add", "--name", "Ann Lee")
        text = open(self.path("d.csv"), newline="").read()
        new_pid = self.ok("patient", "list")["patients"][0]["id"]
        with open(self.path("e.csv"), "w", newline="") as f:
            f.write(text.replace(str(pid), str(new_pid)))
        self.ok("import", "csv", "--kind", "diary", self.path("e.csv"))
        stored = {d["date"]: d["note"] for d in self.ok("diary", "list", new_pid)}
        self.assertEqual(stored, days)

    def test_sessions_measures_outcomes_stricta(self):
        pid = self.patient("Ann Lee", born="1970-05-01")
        eid = self.episode(pid, "2025-12-01")
        self.ok("session", "add", eid, "--date", "2026-03-02", "--modality",
                "acupuncture", "--needles", "9", "--needle-size", "=1+1",
                "--note=@cmd", "--pain-before", "6", "--pain-after", "3")
        self.ok("measure", "add", eid, "odi", "--date", "2026-01-05",
                "--answers", "-,2,3,2,1,2,3,1,2,1")
        self.ok("measure", "add", eid, "odi", "--date", "2026-03-01",
                "--answers", "0,1,1,1,0,1,1,0,1,0")
        self.ok("measure", "add", eid, "odi", "--date", "2026-01-06",
                "--answers", "1,2,3,2,1,2,3,1,2,1")
        self.ok("export", "csv", "--kind", "sessions", "--out", self.path("s.csv"))
        s = self.rows("s.csv")[0]
        self.assertEqual((s["needle_size"], s["note"]), ("'=1+1", "'@cmd"))
        self.assertEqual((s["pain_before"], s["needles"]), ("6", "9"))
        self.ok("export", "csv", "--kind", "measures", "--out", self.path("m.csv"))
        answers = sorted(m["answers"] for m in self.rows("m.csv"))
        self.assertEqual(answers[0], "'-;2;3;2;1;2;3;1;2;1")
        before = self.snapshot()
        r = self.ok("import", "csv", "--kind", "sessions", self.path("s.csv"))
        self.assertEqual(r["unchanged"], 1)
        r = self.ok("import", "csv", "--kind", "measures", self.path("m.csv"))
        self.assertEqual(r["unchanged"], 3)
        self.assertEqual(before, self.snapshot())
        # A negative change is a number, not a formula: written as it is.
        self.ok("export", "csv", "--kind", "outcomes", "--out", self.path("o.csv"))
        odi = next(o for o in self.rows("o.csv") if o["instrument"] == "odi")
        self.assertEqual(odi["change"], "-24")
        self.ok("export", "stricta", "--out", self.path("t.csv"))
        items = self.rows("t.csv")[0]
        guarded = [v for v in items.values() if v.startswith("'")]
        self.assertTrue(guarded, items)
        for v in items.values():
            self.assertNotIn(v[:1], ("=", "+", "-", "@", "\t", "\r"), items)


if __name__ == "__main__":
    brtest.main()
