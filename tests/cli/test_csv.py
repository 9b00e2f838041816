"""CSV export and import of the diary and the sessions, and the STRICTA
table: named columns, ISO dates, all-or-nothing imports, --partial with
every rejected row listed by line, column and reason."""
import csv
import io
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

DIARY_HEADER = ("patient_id,date,bed,try,sol,wakes,waso,final,up,quality,pain,"
                "pain_worst,activity_min,note,tib_min,tst_min,se_pct,updated_at")


class CsvTest(brtest.CliTest):
    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text):
        p = self.path(name)
        with open(p, "w", newline="") as f:
            f.write(text)
        return p

    def read_rows(self, p):
        with open(p, newline="") as f:
            return list(csv.DictReader(f))

    def setup_patient(self):
        pid = self.patient("Ann Lee", born="1970-05-01")
        eid = self.episode(pid, "2025-12-01")
        return pid, eid


class Diary(CsvTest):
    def test_export_columns_and_round_trip(self):
        pid, _ = self.setup_patient()
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--bed", "23:10",
                "--try", "23:30", "--sol", "20", "--wakes", "2", "--waso", "35",
                "--final", "06:40", "--up", "07:05", "--quality", "1",
                "--pain", "6", "--note", 'slept "badly", woke twice\nback sore')
        self.ok("diary", "add", pid, "--date", "2026-03-02", "--pain", "3")
        r = self.ok("export", "csv", "--kind", "diary", "--out", self.path("d.csv"))
        self.assertEqual(r["rows"], 2)
        with open(self.path("d.csv")) as f:
            self.assertEqual(f.readline().strip(), DIARY_HEADER)
        rows = self.read_rows(self.path("d.csv"))
        self.assertEqual(rows[0]["date"], "2026-03-01")
        self.assertEqual(rows[0]["bed"], "23:10")
        self.assertEqual(rows[0]["tst_min"], "375")
        self.assertEqual(rows[0]["note"], 'slept "badly", woke twice\nback sore')
        self.assertEqual(rows[1]["bed"], "")
        # Importing the export changes nothing.
        before = self.snapshot()
        r = self.ok("import", "csv", "--kind", "diary", self.path("d.csv"))
        self.assertEqual((r["rows"], r["imported"], r["unchanged"]), (2, 0, 2))
        self.assertEqual(before, self.snapshot())

    def test_import_merges_and_creates(self):
        pid, _ = self.setup_patient()
        text = (f"patient_id,date,pain,quality\n{pid},2026-03-01,4,2\r\n"
                f"{pid},2026-03-02,,3\r\n")
        r = self.ok("import", "csv", "--kind", "diary", self.write("i.csv", text))
        self.assertEqual(r["imported"], 2)
        days = self.ok("diary", "list", pid)
        self.assertEqual([(d["date"], d["pain"], d["quality"]) for d in days],
                         [("2026-03-01", 4, 2), ("2026-03-02", None, 3)])

    def test_bad_row_in_the_middle(self):
        pid, _ = self.setup_patient()
        text = (f"patient_id,date,pain\n{pid},2026-03-01,4\n"
                f'{pid},2026-03-02,"12"\n{pid},2026-03-03,5\n')
        p = self.write("bad.csv", text)
        err = self.bad("import", "csv", "--kind", "diary", p,
                       contains="line 3, column pain")
        self.assertIn("nothing imported", err)
        self.assertEqual(self.ok("diary", "list", pid), [])
        # --partial keeps the good rows and lists the bad one.
        r = self.ok("import", "csv", "--kind", "diary", p, "--partial")
        self.assertEqual(r["imported"], 2)
        self.assertEqual(len(r["rejected"]), 1)
        self.assertEqual(r["rejected"][0]["line"], 3)
        self.assertEqual(r["rejected"][0]["column"], "pain")
        self.assertIn("12", r["rejected"][0]["reason"])
        self.assertEqual([d["date"] for d in self.ok("diary", "list", pid)],
                         ["2026-03-01", "2026-03-03"])

    def test_line_numbers_count_physical_lines(self):
        pid, _ = self.setup_patient()
        text = (f'patient_id,date,note,pain\n{pid},2026-03-01,"two\nlines",4\n'
                f"\n{pid},2026-03-02,,x\n")
        r = self.ok("import", "csv", "--kind", "diary", self.write("n.csv", text),
                    "--partial")
        self.assertEqual(r["rejected"][0]["line"], 5)

    def test_bad_files(self):
        pid, _ = self.setup_patient()
        self.bad("import", "csv", "--kind", "diary",
                 self.write("h.csv", "patient_id,date,colour\n"), contains="colour")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("h2.csv", "date,pain\n2026-03-01,3\n"), contains="patient_id")
        self.bad("import", "csv", "--kind", "diary", self.write("e.csv", ""),
                 contains="empty")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("q.csv", f'patient_id,date,note\n{pid},2026-03-01,"open\n'),
                 contains="line")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("c.csv", f"patient_id,date\n{pid},2026-03-01,9\n"),
                 contains="3 cells")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("p.csv", "patient_id,date\n424242,2026-03-01\n"),
                 contains="no patient 424242")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("d.csv", f"patient_id,date\n{pid},2026-02-30\n"),
                 contains="column date")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("w.csv", f"patient_id,date,pain,pain_worst\n{pid},2026-03-01,5,3\n"),
                 contains="pain_worst")
        # The rules of `diary add` (the app's apply): not before birth,
        # not after today.
        self.bad("import", "csv", "--kind", "diary",
                 self.write("b.csv", f"patient_id,date,pain\n{pid},1969-12-31,3\n"),
                 contains="before the patient's birth date")
        self.bad("import", "csv", "--kind", "diary",
                 self.write("f.csv", f"patient_id,date,pain\n{pid},2099-01-01,3\n"),
                 contains="after today")
        self.bad("import", "csv", "--kind", "nope", self.path("x.csv"), contains="kind")
        self.bad("import", "csv", "--kind", "diary", self.path("missing.csv"),
                 contains="cannot read")
        self.bad("export", "csv", "--kind", "diary", contains="out")


SESSION_HEADER = ("session_id,patient_id,episode_id,date,modalities,points,needles,"
                  "minutes,depth_mm,deqi,stimulation,needle_size,ea_hz,ea_waveform,"
                  "ea_minutes,ea_ma,position,cupping,moxa,massage,regions,pain_before,"
                  "pain_after,adverse,note,created_at")


class Sessions(CsvTest):
    def test_import_export(self):
        pid, eid = self.setup_patient()
        text = (SESSION_HEADER + "\n"
                f",,{eid},2026-03-02,acupuncture;cupping,BL23;GB30:left;GV4,9,25,30,yes,"
                "manual,0.25x40mm,,,,,prone,dry,,,low-back,6,3,bruising,first,\n"
                f",{pid},{eid},2026-03-05,electroacupuncture,BL25:R,,20,,,,,2/100,"
                "dense-disperse,20,1.5,,,,,,,,,,\n")
        r = self.ok("import", "csv", "--kind", "sessions", self.write("s.csv", text))
        self.assertEqual(r["imported"], 2)
        xs = self.ok("session", "list", eid)
        self.assertEqual(xs[0]["modalities"], ["acupuncture", "cupping"])
        self.assertEqual([(p["point"], p["side"]) for p in xs[0]["points"]],
                         [("BL23", "both"), ("GB30", "left"), ("GV4", "midline")])
        self.assertEqual(xs[1]["electroacupuncture"]["ma"], 1.5)
        self.assertEqual(xs[1]["stimulation"], "electrical")
        self.ok("export", "csv", "--kind", "sessions", "--out", self.path("o.csv"))
        rows = self.read_rows(self.path("o.csv"))
        self.assertEqual(rows[0]["points"], "BL23:both;GB30:left;GV4:midline")
        self.assertEqual(rows[0]["session_id"], str(xs[0]["id"]))
        # Re-importing the export matches on session_id: nothing new.
        before = self.snapshot()
        r = self.ok("import", "csv", "--kind", "sessions", self.path("o.csv"))
        self.assertEqual(r["unchanged"], 2)
        self.assertEqual(before, self.snapshot())

    def test_bad_rows(self):
        pid, eid = self.setup_patient()
        other = self.patient("Bo")
        good = f",,{eid},2026-03-02,acupuncture,BL23,,,,,,,,,,,,,,,,,,,,\n"
        cases = [
            (f",,{eid},2026-03-02,massage,,,,,,,,,,,,,,,swedish-ish,,,,,,\n", "massage"),
            (f",,{eid},2026-03-02,acupuncture,XX99,,,,,,,,,,,,,,,,,,,,\n", "points"),
            (f",,{eid},2026-03-02,massage,,9,,,,,,,,,,,,,,,,,,,\n", "needling"),
            (f",{other},{eid},2026-03-02,acupuncture,,,,,,,,,,,,,,,,,,,,,\n", "patient_id"),
            (",,123,2026-03-02,acupuncture,,,,,,,,,,,,,,,,,,,,,\n", "no episode 123"),
            (f",,{eid},2026-03-02,,,,,,,,,,,,,,,,,,,,,,\n", "modality"),
            (f",,{eid},2026-03-02,acupuncture,,,,,maybe,,,,,,,,,,,,,,,,\n", "deqi"),
            # The current's range is the session table's.
            (f",,{eid},2026-03-02,electroacupuncture,,,,,,,,,,,60,,,,,,,,,,\n", "ea_ma must be a number from 0 to 50"),
            # The rules of `session add` (the app's apply).
            (f",,{eid},2025-11-30,acupuncture,,,,,,,,,,,,,,,,,,,,,\n", "episode's onset"),
            (f",,{eid},2099-03-02,acupuncture,,,,,,,,,,,,,,,,,,,,,\n", "after today"),
        ]
        for row, word in cases:
            p = self.write("b.csv", SESSION_HEADER + "\n" + good + row + good)
            err = self.bad("import", "csv", "--kind", "sessions", p, contains="line 3")
            self.assertIn(word, err)


MEASURE_HEADER = ("measure_id,patient_id,episode_id,instrument,date,answers,"
                  "score,band,subscores,answered,complete,version,recall,"
                  "created_at")


class Measures(CsvTest):
    def test_import_export_outcomes(self):
        pid, eid = self.setup_patient()
        text = (MEASURE_HEADER + "\n"
                f",,{eid},odi,2026-01-05,1;2;3;-;1;2;3;1;2;1,35.6,,,,,,,\n"
                f",{pid},{eid},odi,2026-03-01,0;1;1;1;0;1;1;0;1;0,,,,,,,,\n"
                f",{pid},{eid},odi,2026-01-06,1;2;3;2;1;2;3;1;2;1,36,,,,,,,\n"
                f",,{eid},startback,2026-01-05,1;0;1;1;0;0;1;1;3,,,,,,,,\n")
        r = self.ok("import", "csv", "--kind", "measures", self.write("m.csv", text))
        self.assertEqual(r["imported"], 4)
        ms = self.ok("measure", "list", eid)
        self.assertEqual([(m["instrument"], m["score"]) for m in ms],
                         [("odi", 35.6), ("startback", 6), ("odi", 36), ("odi", 12)])
        self.assertIsNone(ms[0]["answers"][3])
        # STarT Back sets the episode's risk group, as `measure add` does.
        self.assertEqual(self.ok("episode", "show", eid)["risk_group"], "medium")
        self.ok("export", "csv", "--kind", "measures", "--out", self.path("o.csv"))
        rows = self.read_rows(self.path("o.csv"))
        self.assertEqual(rows[0]["answers"], "1;2;3;-;1;2;3;1;2;1")
        self.assertEqual(rows[3]["subscores"], "")
        self.assertEqual(rows[1]["subscores"], "psychosocial=3")
        self.assertEqual(rows[0]["complete"], "no")
        before = self.snapshot()
        r = self.ok("import", "csv", "--kind", "measures", self.path("o.csv"))
        self.assertEqual(r["unchanged"], 4)
        self.assertEqual(before, self.snapshot())
        # Outcomes: the first complete score against the latest (the
        # incomplete 35.6 is not a baseline, as in `backrest outcome`).
        self.ok("export", "csv", "--kind", "outcomes", "--out", self.path("x.csv"))
        out = {o["instrument"]: o for o in self.read_rows(self.path("x.csv"))}
        self.assertEqual(out["odi"]["baseline_score"], "36")
        self.assertEqual(out["odi"]["latest_score"], "12")
        self.assertEqual(out["odi"]["measures"], "3")
        self.assertEqual(out["odi"]["improvement"], "24")
        self.assertIn(out["odi"]["responder_points"], ("yes", "no"))
        self.assertEqual(out["startback"]["latest_score"], "")
        self.bad("import", "csv", "--kind", "outcomes", self.path("x.csv"),
                 field="kind")

    def test_outcomes_diary_pain_row(self):
        """The diary-pain row carries the 7-day windows of `backrest
        outcome` (baseline before the first session, latest up to the last
        diary day), their means and day counts and the NRS change."""
        pid, eid = self.setup_patient()
        for d, pain in ((1, 7), (2, 8), (3, 7), (5, 6)):
            self.ok("diary", "add", pid, "--date", f"2026-02-0{d}", "--pain", pain)
        self.ok("session", "add", eid, "--date", "2026-02-08", "--modality",
                "massage")
        for d, pain in ((3, 4), (4, 3), (6, 4)):
            self.ok("diary", "add", pid, "--date", f"2026-03-0{d}", "--pain", pain)
        self.ok("measure", "add", eid, "nrs", "--answers", "7", "--date", "2026-02-01")
        # A second patient without diary pain gets no diary-pain row.
        other = self.patient("Bo")
        other_ep = self.episode(other, "2025-12-01")
        self.ok("measure", "add", other_ep, "nrs", "--answers", "5",
                "--date", "2026-02-01")
        self.ok("export", "csv", "--kind", "outcomes", "--out", self.path("x.csv"))
        rows = self.read_rows(self.path("x.csv"))
        with open(self.path("x.csv")) as f:
            header = f.readline().strip().split(",")
        self.assertEqual(header[-9:], [
            "baseline_from", "baseline_to", "baseline_days",
            "baseline_days_reported", "latest_from", "latest_to",
            "latest_days", "latest_days_reported", "not_assessed"])
        self.assertEqual([(r["episode_id"], r["instrument"]) for r in rows
                          if r["instrument"] == "diary-pain"], [(str(eid), "diary-pain")])
        row = next(r for r in rows if r["instrument"] == "diary-pain")
        nrs = next(r for r in rows if r["instrument"] == "nrs" and r["episode_id"] == str(eid))
        self.assertEqual(nrs["baseline_from"], "")
        o = self.ok("outcome", eid)
        pain = next(f for f in o["diary"]["figures"] if f["figure"] == "pain")
        b, l = o["diary"]["baseline"], o["diary"]["latest"]
        self.assertEqual((row["baseline_from"], row["baseline_to"]), (b["from"], b["to"]))
        self.assertEqual((row["latest_from"], row["latest_to"]), (l["from"], l["to"]))
        self.assertEqual(float(row["baseline_score"]), pain["baseline"]["mean"])
        self.assertEqual(float(row["latest_score"]), pain["latest"]["mean"])
        self.assertEqual(int(row["baseline_days_reported"]), 4)
        self.assertEqual(int(row["latest_days_reported"]), 3)
        self.assertEqual(int(row["baseline_days"]), 7)
        self.assertEqual(float(row["change"]), pain["change"]["change"])
        self.assertEqual(float(row["improvement"]), pain["change"]["improvement"])
        self.assertEqual(row["tier"], pain["change"]["tier"])
        self.assertEqual(row["responder_points"],
                         "yes" if pain["change"]["responder_points"] else "no")
        self.assertEqual(row["not_assessed"], "")
        self.assertEqual(row["measures"], "")

    def test_bad_rows(self):
        pid, eid = self.setup_patient()
        good = f",,{eid},nrs,2026-03-02,4,,,,,,,,\n"
        cases = [
            (f",,{eid},xyz,2026-03-02,4,,,,,,,,\n", "not known"),
            (f",,{eid},nrs,2026-03-02,11,,,,,,,,\n", "answers"),
            (f",,{eid},nrs,2026-03-02,4,5,,,,,,,\n", "score"),
            (f",,{eid},nrs,2025-01-02,4,,,,,,,,\n", "before the episode's onset"),
            (f",,{eid},odi,2026-03-02,1;2,,,,,,,,\n", "answers"),
        ]
        for row, word in cases:
            p = self.write("b.csv", MEASURE_HEADER + "\n" + good + row + good)
            err = self.bad("import", "csv", "--kind", "measures", p, contains="line 3")
            self.assertIn(word, err)
        r = self.ok("import", "csv", "--kind", "measures", "--partial",
                    self.write("p.csv", MEASURE_HEADER + "\n" + good + cases[1][0] + good))
        self.assertEqual((r["imported"], len(r["rejected"])), (2, 1))
        self.assertEqual(r["rejected"][0]["line"], 3)


class Stricta(CsvTest):
    def test_markdown_and_csv(self):
        pid, eid = self.setup_patient()
        self.ok("session", "add", eid, "--date", "2026-03-02", "--modality",
                "acupuncture,cupping", "--points", "BL23,GV4", "--needles", "9",
                "--minutes", "25", "--deqi", "yes", "--cupping", "dry",
                "--position", "prone", "--adverse", "bruising")
        self.ok("session", "add", eid, "--date", "2026-03-09", "--modality",
                "electroacupuncture", "--points", "BL23", "--needles", "11",
                "--minutes", "20", "--ea-hz", "2/100")
        massage_only = self.episode(pid, "2026-01-01")
        self.ok("session", "add", massage_only, "--date", "2026-03-03",
                "--modality", "massage")
        r = self.ok("export", "stricta", "--out", self.path("s.md"))
        self.assertEqual((r["courses"], r["format"]), (1, "markdown"))
        with open(self.path("s.md")) as f:
            md = f.read()
        self.assertIn("| 2a | Needle insertions per session | mean 10.0 (range 9-11, 2 sessions) |", md)
        self.assertIn("BL23 (bilateral) 2; GV4 (midline) 1", md)
        self.assertIn("cupping dry 1", md)
        self.assertIn("2026-03-02 to 2026-03-09: 2 sessions over 8 days", md)
        r = self.ok("export", "stricta", "--episode", eid, "--out", self.path("s.csv"))
        rows = self.read_rows(self.path("s.csv"))
        self.assertEqual(rows[0]["episode_id"], str(eid))
        self.assertEqual(rows[0]["item_3a"], "2")
        self.assertEqual(rows[0]["item_2d"], "de qi obtained in 1 of 1 sessions")
        self.bad("export", "stricta", "--episode", massage_only, "--out",
                 self.path("x.csv"), contains="no acupuncture")


if __name__ == "__main__":
    brtest.main()


class OutputTargets(CsvTest):
    """--out FILE is written whole and renamed into place; a device or a
    pipe is written in place (never replaced by a file: tried on a FIFO,
    since a regression must not replace this machine's /dev/null), a
    directory is refused, a symbolic link keeps pointing at its file, and - is standard
    output."""

    def setUp(self):
        super().setUp()
        pid, _ = self.setup_patient()
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "5")

    def test_fifo_is_written_in_place(self):
        import stat
        import threading
        fifo = self.path("pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo).read()))
        reader.start()
        r = self.ok("export", "csv", "--kind", "diary", "--out", fifo)
        reader.join(10)
        self.assertEqual(r["rows"], 1)
        self.assertTrue(got and got[0].startswith(DIARY_HEADER), got)
        self.assertTrue(stat.S_ISFIFO(os.lstat(fifo).st_mode),
                        "the FIFO was replaced by a file")
        self.assertEqual(sorted(os.listdir(self.dir)).count("pipe"), 1)
        self.assertFalse([n for n in os.listdir(self.dir) if ".tmp-" in n])

    def test_directory_is_refused(self):
        d = self.path("adir")
        os.mkdir(d)
        err = self.bad("export", "csv", "--kind", "diary", "--out", d,
                       field="out", contains="is a directory")
        self.assertIn("- for standard output", err)
        self.bad("export", "fhir", "--out", d, contains="is a directory")
        self.bad("export", "stricta", "--out", d, contains="is a directory")
        # A directory where an NDJSON file would go.
        bulk = self.path("bulk")
        os.makedirs(os.path.join(bulk, "Patient.ndjson"))
        self.bad("export", "ndjson", "--dir", bulk, field="dir",
                 contains="is a directory")
        self.assertTrue(os.path.isdir(os.path.join(bulk, "Patient.ndjson")))

    def test_symlink_keeps_pointing_at_its_file(self):
        target = self.write("target.csv", "old\n")
        link = self.path("link.csv")
        os.symlink(target, link)
        self.ok("export", "csv", "--kind", "diary", "--out", link)
        self.assertTrue(os.path.islink(link))
        with open(target) as f:
            self.assertTrue(f.read().startswith(DIARY_HEADER))

    def test_dangling_symlink_gets_its_file(self):
        target = self.path("made-later.csv")
        link = self.path("dangling.csv")
        os.symlink("made-later.csv", link)  # relative, not there yet
        self.ok("export", "csv", "--kind", "diary", "--out", link)
        self.assertTrue(os.path.islink(link), "the link was replaced by a file")
        with open(target) as f:
            self.assertTrue(f.read().startswith(DIARY_HEADER))

    def test_dash_is_standard_output(self):
        rc, out, err = self.run_cli("export", "csv", "--kind", "diary",
                                    "--out", "-")
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith(DIARY_HEADER))
        self.assertFalse(os.path.exists(self.path("-")))
