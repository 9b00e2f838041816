"""The command-line contract of the foundation: init, patient, episode,
diary, session, demo, overview, summary; --json documents; bad input exits 2
with one sentence and writes nothing."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402


class Patients(brtest.CliTest):
    def test_add_list_show(self):
        p = self.ok("patient", "add", "--name", "Ann Lee", "--born", "1970-05-01",
                    "--sex", "female", "--ref", "EXT-1")
        self.assertIsInstance(p["id"], int)
        self.assertEqual((p["name"], p["born"], p["sex"], p["ref"]),
                         ("Ann Lee", "1970-05-01", "female", "EXT-1"))
        q = self.ok("patient", "add", "--name", "Bo")
        self.assertEqual((q["sex"], q["born"], q["ref"]), ("unknown", None, None))
        listed = self.ok("patient", "list")
        self.assertEqual([x["name"] for x in listed["patients"]], ["Ann Lee", "Bo"])
        self.assertIsNone(listed["next"])
        shown = self.ok("patient", "show", p["id"])
        self.assertEqual(shown["id"], p["id"])
        self.assertEqual(shown["episodes"], [])
        # Human output names the patient.
        rc, out, _ = self.run_cli("patient", "show", p["id"])
        self.assertEqual(rc, 0)
        self.assertIn("Ann Lee", out)

    def test_bad_input(self):
        self.bad("patient", "add", field="name")
        self.bad("patient", "add", "--name", "X", "--born", "1970-02-30", contains="born")
        self.bad("patient", "add", "--name", "X", "--born", "2027-01-01", contains="born")
        self.bad("patient", "add", "--name", "X", "--sex", "f", contains="sex")
        self.bad("patient", "add", "--name", "x" * 121, contains="name")
        self.bad("patient", "add", "--name", "X", "--colour", "red", contains="--colour")
        self.bad("patient", "show", "123456", contains="no patient")
        self.bad("patient", "show", "abc", contains="PATIENT_ID")
        self.bad_usage("patient", "frobnicate", contains="subcommand")

    def test_json_error_document(self):
        rc, out, err = self.run_cli("patient", "show", "42", "--json")
        self.assertEqual(rc, 2)
        doc = json.loads(out)
        self.assertEqual(doc["error"]["code"], "not-found")
        self.assertIn("no patient 42", err)


class PatientPages(brtest.CliTest):
    NAMES = ["Élodie Durand", "ana SILVA", "Bruno Silveira", "Chen Wei", "Ana Souza",
             "Dora Ângela Reis", "Eve Mar_tin", "Zoë 100%"]

    def add_all(self):
        ids = {}
        for i, n in enumerate(self.NAMES):
            ids[n] = self.patient(n, born="19%02d-01-0%d" % (50 + i, 1 + i % 9),
                                  ref="F-%d" % i)
        return ids

    def test_keyset_pages_cover_the_list_once_in_name_order(self):
        ids = self.add_all()
        seen, after = [], None
        while True:
            args = ["patient", "list", "--limit", "3"] + (["--after", after] if after else [])
            page = self.ok(*args)
            self.assertLessEqual(len(page["patients"]), 3)
            seen += [p["name"] for p in page["patients"]]
            if page["next"] is None:
                break
            self.assertEqual(page["next"], page["patients"][-1]["id"])
            after = str(page["next"])
        # Ordered by the folded name: case and accents do not matter.
        self.assertEqual(seen, ["ana SILVA", "Ana Souza", "Bruno Silveira", "Chen Wei",
                                "Dora Ângela Reis", "Élodie Durand", "Eve Mar_tin",
                                "Zoë 100%"])
        self.assertEqual(len(self.ok("patient", "list")["patients"]), 8)
        # The default page is 50.
        for i in range(45):
            self.patient("Filler %02d" % i)
        page = self.ok("patient", "list")
        self.assertEqual(len(page["patients"]), 50)
        self.assertIsNotNone(page["next"])
        rest = self.ok("patient", "list", "--after", page["next"])
        self.assertEqual(len(rest["patients"]), 3)
        self.assertIsNone(rest["next"])
        self.assertEqual(set(p["id"] for p in page["patients"] + rest["patients"]),
                         set(ids.values()) | set(p["id"] for p in page["patients"]
                                                 if p["name"].startswith("Filler")) |
                         set(p["id"] for p in rest["patients"]))
        # Human output says how to go on.
        rc, out, _ = self.run_cli("patient", "list", "--limit", "2")
        self.assertIn("--after %d" % self.ok("patient", "list", "--limit", "2")["next"], out)

    def test_search_by_name_word_reference_and_birth_date(self):
        ids = self.add_all()

        def found(text):
            return [p["name"] for p in self.ok("patient", "search", text)["patients"]]
        self.assertEqual(found("silv"), ["ana SILVA", "Bruno Silveira"])
        self.assertEqual(found("SÍLVA"), ["ana SILVA"])
        self.assertEqual(found("elo"), ["Élodie Durand"])
        self.assertEqual(found("ange"), ["Dora Ângela Reis"])
        self.assertEqual(found("ana s"), ["ana SILVA", "Ana Souza"])
        self.assertEqual(found("lva"), [])          # a word's beginning only
        self.assertEqual(found("mar_"), ["Eve Mar_tin"])
        self.assertEqual(found("mar%"), [])          # LIKE's characters are literal
        self.assertEqual(found("100%"), ["Zoë 100%"])
        self.assertEqual(found("F-3"), ["Chen Wei"])
        self.assertEqual(found("1953-01-04"), ["Chen Wei"])
        self.assertEqual(found("nobody"), [])
        rc, out, _ = self.run_cli("patient", "search", "nobody")
        self.assertEqual((rc, out), (0, "no patient matches\n"))
        page = self.ok("patient", "search", "a", "--limit", "1")
        self.assertEqual(len(page["patients"]), 1)
        self.assertIsNotNone(page["next"])
        self.assertEqual(ids["ana SILVA"], page["patients"][0]["id"])

    def test_scope_and_bad_input(self):
        ids = self.add_all()
        other = self.ok("clinic", "add", "--name", "Other")["id"]
        far = self.patient("Ana Far", clinic=other)
        first = self.ok("clinic", "list")[0]["id"]
        self.assertEqual([p["id"] for p in self.ok("patient", "search", "ana", "--clinic",
                                                    other)["patients"]], [far])
        mine = self.ok("patient", "list", "--clinic", first)["patients"]
        self.assertEqual(sorted(p["id"] for p in mine), sorted(ids.values()))
        self.assertEqual(len(self.ok("patient", "list")["patients"]), 9)
        # Another clinic's patient as the cursor is a missing one.
        self.bad("patient", "list", "--clinic", first, "--after", far, field="--after",
                 contains="--after %d names no patient" % far)
        self.bad("patient", "list", "--after", "12", field="--after")
        self.bad("patient", "list", "--limit", "0", field="--limit")
        self.bad("patient", "list", "--limit", "1001", field="--limit")
        self.bad("patient", "list", "--clinic", "999", contains="there is no clinic 999")
        self.bad("patient", "search", "", field="Q")
        self.bad("patient", "search", field="Q")


class Clinics(brtest.CliTest):
    def test_add_list_and_patients_of_a_clinic(self):
        first = self.ok("clinic", "list")
        north = self.ok("clinic", "add", "--name", "North Clinic")
        self.assertEqual(north["name"], "North Clinic")
        listed = self.ok("clinic", "list")
        self.assertEqual([c["id"] for c in listed],
                         [c["id"] for c in first] + [north["id"]])
        p = self.ok("patient", "add", "--name", "Nia", "--clinic", north["id"])
        self.assertEqual(p["clinic_id"], north["id"])
        stored = self.sql("SELECT clinic_id FROM patients WHERE patient_id = ?", p["id"])
        self.assertEqual(stored, [(north["id"],)])
        # Without --clinic: the first clinic, as before.
        q = self.ok("patient", "add", "--name", "Fay")
        self.assertEqual(q["clinic_id"], listed[0]["id"])

    def test_bad_input(self):
        self.ok("clinic", "add", "--name", "North Clinic")
        self.bad("clinic", "add", "--name", "North Clinic", contains="exists already")
        self.bad("clinic", "add", field="name")
        self.bad("clinic", "add", "--name", "x" * 121, contains="name")
        self.bad("patient", "add", "--name", "X", "--clinic", "123456", contains="no clinic 123456")
        self.bad("patient", "add", "--name", "X", "--clinic", "abc", contains="--clinic")


class Episodes(brtest.CliTest):
    def test_open_show_close_and_phases(self):
        pid = self.patient(born="1960-01-01")
        # today is 2026-03-10: onset 2026-02-24 is 14 days = 2 weeks.
        e = self.ok("episode", "open", pid, "--onset", "2026-02-24")
        self.assertEqual(e["duration_weeks"], 2.0)
        self.assertEqual(e["phase"], {"cochrane": "acute", "acp": "acute"})
        self.assertEqual((e["region"], e["sciatica"], e["status"]),
                         ("low-back", False, "open"))
        # 35 days: Cochrane acute (< 6 weeks), ACP subacute (4-12).
        e = self.ok("episode", "open", pid, "--onset", "2026-02-03",
                    "--region", "neck", "--sciatica", "--code", "m54.2")
        self.assertEqual(e["phase"], {"cochrane": "acute", "acp": "subacute"})
        self.assertEqual((e["region"], e["sciatica"], e["code"]), ("neck", True, "M54.2"))
        # Exactly 12 weeks (84 days) is subacute; 85 days chronic.
        e84 = self.ok("episode", "open", pid, "--onset", "2025-12-16")
        self.assertEqual(e84["phase"], {"cochrane": "subacute", "acp": "subacute"})
        e85 = self.ok("episode", "open", pid, "--onset", "2025-12-15")
        self.assertEqual(e85["phase"], {"cochrane": "chronic", "acp": "chronic"})
        self.assertEqual(e85["duration_weeks"], 12.1)
        shown = self.ok("episode", "show", e85["id"])
        self.assertEqual(shown["id"], e85["id"])
        self.assertEqual(shown["sessions"], 0)
        closed = self.ok("episode", "close", e85["id"])
        self.assertEqual((closed["status"], closed["closed_on"]), ("closed", brtest.TODAY))
        self.bad("episode", "close", e85["id"], contains="already closed")
        self.assertEqual(len(self.ok("patient", "show", pid)["episodes"]), 4)

    def test_bad_input(self):
        pid = self.patient(born="1980-01-01")
        self.bad("episode", "open", pid, field="onset")
        self.bad("episode", "open", pid, "--onset", "2026-02-30", contains="onset")
        self.bad("episode", "open", pid, "--onset", "2026-04-01", contains="after today")
        self.bad("episode", "open", pid, "--onset", "1979-01-01", contains="birth")
        self.bad("episode", "open", pid, "--onset", "2026-01-01", "--region", "knee",
                 contains="region")
        self.bad("episode", "open", pid, "--onset", "2026-01-01", "--code", "back",
                 contains="ICD-10")
        self.bad("episode", "open", "999", "--onset", "2026-01-01", contains="no patient")
        self.bad("episode", "show", "999", contains="no episode")


class Diary(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()

    def test_metrics_cross_midnight(self):
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--bed", "23:30",
                    "--try", "23:45", "--sol", "20", "--wakes", "2", "--waso", "30",
                    "--final", "06:30", "--up", "07:00", "--quality", "2")
        self.assertEqual((d["tib_min"], d["tst_min"], d["se_pct"]), (450, 355, 78.9))
        self.assertIsNone(d["pain"])
        # Bed and try after midnight.
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-08", "--bed", "00:30",
                    "--try", "00:40", "--sol", "10", "--wakes", "0", "--waso", "0",
                    "--final", "07:40", "--up", "08:15")
        self.assertEqual((d["tib_min"], d["tst_min"], d["se_pct"]), (465, 410, 88.2))
        # Reading in bed from 21:50, try 00:10.
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-07", "--bed", "21:50",
                    "--try", "00:10", "--sol", "45", "--wakes", "1", "--waso", "15",
                    "--final", "05:00", "--up", "05:00")
        self.assertEqual((d["tib_min"], d["tst_min"], d["se_pct"]), (430, 230, 53.5))

    def test_two_halves_merge_and_replace(self):
        self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--bed", "23:00",
                "--try", "23:00", "--sol", "30", "--wakes", "1", "--waso", "20",
                "--final", "06:00", "--up", "06:30", "--quality", "1")
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--pain", "6",
                    "--pain-worst", "8", "--activity-min", "40", "--note", "long drive")
        self.assertEqual((d["pain"], d["pain_worst"], d["quality"], d["tst_min"]),
                         (6, 8, 1, 370))
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--pain", "7")
        self.assertEqual((d["pain"], d["pain_worst"], d["note"]), (7, 8, "long drive"))
        days = self.ok("diary", "list", self.pid)
        self.assertEqual(len(days), 1)
        fields = {"date", "bed", "try", "sol", "wakes", "waso", "final", "up", "quality",
                  "pain", "pain_worst", "activity_min", "note", "tib_min", "tst_min",
                  "se_pct", "twak_min", "updated_at", "routine"}
        self.assertEqual(set(days[0]), fields)
        self.assertEqual(days[0]["se_pct"], 82.2)  # 370 / 450

    def test_list_range(self):
        for day in ("2026-03-01", "2026-03-02", "2026-03-05"):
            self.ok("diary", "add", self.pid, "--date", day, "--pain", "3")
        got = self.ok("diary", "list", self.pid, "--from", "2026-03-02", "--to", "2026-03-05")
        self.assertEqual([d["date"] for d in got], ["2026-03-02", "2026-03-05"])
        got = self.ok("diary", "list", self.pid, "--from", "2026-03-03")
        self.assertEqual([d["date"] for d in got], ["2026-03-05"])
        self.bad("diary", "list", self.pid, "--from", "2026-03-05", "--to", "2026-03-01",
                 contains="from")
        # Derived metrics are null where not computable.
        self.assertIsNone(got[0]["tst_min"])
        self.assertIsNone(got[0]["se_pct"])

    def test_bad_input_writes_nothing(self):
        self.ok("diary", "add", self.pid, "--date", "2026-03-01", "--pain", "4")
        self.bad("diary", "add", self.pid, "--date", "2026-03-01", "--pain", "11", field="pain")
        self.bad("diary", "add", self.pid, "--date", "2026-02-30", "--pain", "3",
                 contains="2026-02-30")
        self.bad("diary", "add", self.pid, "--date", "2026-03-01", "--bed", "25:00",
                 contains="bed")
        self.bad("diary", "add", self.pid, "--date", "2026-03-01", "--quality", "5",
                 contains="quality")
        self.bad("diary", "add", self.pid, "--date", "2026-03-11", "--pain", "3",
                 contains="after today")
        self.bad("diary", "add", self.pid, "--date", "2026-03-02", "--try", "23:00",
                 "--final", "01:00", "--sol", "200", field="sol")
        self.bad("diary", "add", self.pid, "--date", "2026-03-02", "--try", "23:00",
                 "--final", "01:00", "--sol", "60", "--wakes", "2", "--waso", "61",
                 field="waso")
        # A merge that makes the stored night inconsistent is refused too.
        self.ok("diary", "add", self.pid, "--date", "2026-03-03", "--try", "23:00",
                "--final", "06:00", "--sol", "30")
        self.bad("diary", "add", self.pid, "--date", "2026-03-03", "--final", "23:20",
                 field="sol")
        self.bad("diary", "add", self.pid, "--date", "2026-03-01", "--pain", "6",
                 "--pain-worst", "4", field="--pain-worst")
        self.bad("diary", "add", self.pid, "--date", "2026-03-01", contains="at least one")
        self.bad("diary", "add", "424242", "--date", "2026-03-01", "--pain", "3",
                 contains="no patient")
        self.bad("diary", "add", self.pid, "--pain", "3", field="date")
        self.bad("diary", "add", self.pid, "--date", "2026-03-01", "--sol", "-5", field="sol")
        self.bad("diary", "add", self.pid, "--date", "1012-03-01", "--pain", "3",
                 contains="1900-01-01")
        born = self.patient("Born", born="1990-06-01")
        self.bad("diary", "add", born, "--date", "1990-05-31", "--pain", "3",
                 contains="birth date")
        self.ok("diary", "add", born, "--date", "1990-06-01", "--pain", "3")


class Sessions(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()
        self.eid = self.episode(self.pid, "2025-10-01")

    def test_add_and_list_stricta(self):
        x = self.ok("session", "add", self.eid, "--date", "2026-03-02",
                    "--modality", "electroacupuncture,cupping",
                    "--points", "BL23,BL25,du4,BL40:L,ashi", "--needles", "9",
                    "--minutes", "25", "--depth-mm", "30", "--deqi", "yes",
                    "--needle-size", "0.25x40mm", "--ea-hz", "2/100",
                    "--ea-waveform", "dense-disperse", "--ea-minutes", "20",
                    "--ea-ma", "1.5", "--position", "prone", "--cupping", "dry",
                    "--regions", "low-back,glutes", "--pain-before", "6",
                    "--pain-after", "3", "--adverse", "bruising,soreness",
                    "--note", "tight QL")
        self.assertEqual(x["modalities"], ["cupping", "electroacupuncture"])
        self.assertEqual(x["points"], [
            {"point": "BL23", "side": "both"}, {"point": "BL25", "side": "both"},
            {"point": "BL40", "side": "left"}, {"point": "GV4", "side": "midline"},
            {"point": "ashi", "side": "both"}])
        self.assertEqual(x["electroacupuncture"],
                         {"hz": "2/100", "waveform": "dense-disperse", "minutes": 20, "ma": 1.5})
        self.assertEqual((x["needles"], x["minutes"], x["depth_mm"], x["deqi"],
                          x["stimulation"], x["position"], x["cupping"]),
                         (9, 25, 30, True, "electrical", "prone", "dry"))
        self.assertEqual((x["pain_before"], x["pain_after"]), (6, 3))
        self.assertEqual(x["adverse"], ["bruising", "soreness"])
        self.assertEqual(x["regions"], ["glutes", "low-back"])
        self.ok("session", "add", self.eid, "--date", "2026-03-06", "--modality", "massage",
                "--massage", "trigger-point", "--regions", "low-back", "--pain-before", "5",
                "--pain-after", "4")
        listed = self.ok("session", "list", self.eid)
        self.assertEqual([s["date"] for s in listed], ["2026-03-02", "2026-03-06"])
        self.assertEqual(listed[0], x)
        self.assertEqual(listed[1]["massage"], "trigger-point")
        self.assertEqual(self.ok("episode", "show", self.eid)["sessions"], 2)

    def test_contract_example(self):
        x = self.ok("session", "add", self.eid, "--date", "2026-03-09", "--modality",
                    "acupuncture", "--points", "BL23,BL25,BL40", "--minutes", "20",
                    "--position", "side", "--pain-before", "5", "--pain-after", "5")
        self.assertEqual(x["modalities"], ["acupuncture"])
        self.assertEqual(x["points"], [{"point": p, "side": "both"}
                                       for p in ("BL23", "BL25", "BL40")])

    def test_bad_input(self):
        e = self.eid
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "laser",
                 field="modality")
        self.bad("session", "add", e, "--date", "2026-03-01", field="modality")
        self.bad("session", "add", e, "--modality", "acupuncture", field="date")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--points", "BL99", contains="BL99")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--points", "XX1", contains="XX1")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--points", "GV4:L", contains="midline")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--pain-before", "11", field="--pain-before")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--position", "standing", field="position")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--massage", "swedish", contains="massage modality")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--ea-hz", "2", contains="electroacupuncture")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "massage",
                 "--minutes", "20", contains="needling")
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 "--adverse", "explosion", field="adverse")
        self.bad("session", "add", e, "--date", "2025-09-01", "--modality", "acupuncture",
                 contains="onset")
        self.bad("session", "add", "777", "--date", "2026-03-01", "--modality", "acupuncture",
                 contains="no episode")
        self.ok("episode", "close", e)
        self.bad("session", "add", e, "--date", "2026-03-01", "--modality", "acupuncture",
                 contains="closed")


class DemoAndViews(brtest.CliTest):
    def test_demo_overview_summary(self):
        r = self.ok("demo", "--patients", "12", "--days", "60", "--seed", "5")
        self.assertEqual((r["patients"], r["days"], r["seed"]), (12, 60, 5))
        # Enrolment is spread over the 60 days, leaving each patient 28 or
        # more, most of them kept.
        self.assertGreater(r["diary_days"], 12 * 28 * 0.7)
        self.assertLess(r["diary_days"], 12 * 60)
        self.assertGreater(r["sessions"], 0)
        truth = self.sql("SELECT count(*), sum(diary_days), sum(sessions) FROM demo_truth")[0]
        self.assertEqual(truth, (12, r["diary_days"], r["sessions"]))
        self.assertEqual(self.sql("SELECT count(*) FROM diary_days")[0][0], r["diary_days"])
        self.assertEqual(self.sql("SELECT count(*) FROM sessions")[0][0], r["sessions"])
        o = self.ok("overview")
        self.assertEqual((o["patients"], o["open_episodes"]), (12, 12))
        self.assertGreater(o["diary_days_last_7_days"], 0)
        pid = self.ok("patient", "list")["patients"][0]["id"]
        s = self.ok("summary", pid)
        self.assertEqual(s["patient"]["id"], pid)
        self.assertEqual(s["diary"]["last_7_days"]["pain"]["days"], 7)
        self.assertLessEqual(s["diary"]["last_7_days"]["pain"]["days_reported"], 7)

    def test_demo_reproducible(self):
        self.ok("demo", "--patients", "5", "--days", "30", "--seed", "9")
        first = self.sql("SELECT p.name, d.day, d.pain, d.bed, d.quality FROM diary_days d "
                         "JOIN patients p USING (patient_id) ORDER BY p.ref, d.day")
        other = self.new_db("other.db")
        rc, _, err = self.run_cli("--db", other, "demo", "--patients", "5", "--days", "30",
                                  "--seed", "9", db=False)
        self.assertEqual(rc, 0, err)
        con = brtest.testdb.connect(other)
        second = con.execute("SELECT p.name, d.day, d.pain, d.bed, d.quality FROM diary_days d "
                             "JOIN patients p USING (patient_id) ORDER BY p.ref, d.day").fetchall()
        con.close()
        self.assertEqual(first, second)

    def test_demo_bad_input(self):
        self.bad("demo", "--patients", "0", field="patients")
        self.bad("demo", "--days", "3", field="days")
        self.bad("demo", "--clinics", "0", field="--clinics")
        self.bad("demo", "--patients", "3", "--clinics", "4", field="--clinics")

    def test_demo_network(self):
        """A network: patients spread over clinics and practitioners,
        enrolment over the year, a red-flag screen before every first
        session (any age trigger cleared by an examination), baselines of
        people who come for back pain, and scoped screens that list only
        their clinic."""
        r = self.ok("demo", "--patients", "60", "--clinics", "3", "--days", "365",
                    "--seed", "4")
        self.assertEqual((r["patients"], r["clinics"]), (60, 3))
        per_clinic = self.sql("SELECT clinic_id, count(*) FROM patients GROUP BY clinic_id")
        self.assertEqual(sorted(n for _, n in per_clinic), [20, 20, 20])
        clinics = {c["name"]: c["id"] for c in self.ok("clinic", "list")}
        self.assertIn("Demo clinic 3", clinics)
        # Practitioners of the patient's own clinic treat them.
        bad = self.sql("SELECT count(*) FROM episodes e JOIN patients p USING (patient_id) "
                       "JOIN users u ON u.user_id = e.practitioner_id "
                       "WHERE u.clinic_id <> p.clinic_id OR u.role <> 'practitioner'")
        self.assertEqual(bad[0][0], 0)
        self.assertEqual(self.sql("SELECT count(*) FROM episodes WHERE practitioner_id IS NULL")[0][0], 0)
        self.assertEqual(self.sql("SELECT count(*) FROM sessions s JOIN episodes e "
                                  "USING (patient_id, episode_id) "
                                  "WHERE s.practitioner_id <> e.practitioner_id")[0][0], 0)
        # Enrolment spread over the year: many different first days.
        opened = [r[0] for r in self.sql("SELECT opened_on FROM episodes")]
        self.assertGreater(len(set(opened)), 30)
        self.assertGreater(max(opened), "2025-12-01")
        self.assertLess(min(opened), "2025-06-01")
        # A screen on or before the first session of every treated episode.
        unscreened = self.sql(
            "SELECT count(*) FROM (SELECT patient_id, episode_id, min(day) AS first "
            "FROM sessions GROUP BY patient_id, episode_id) s WHERE NOT EXISTS (SELECT 1 "
            "FROM screenings x WHERE x.patient_id = s.patient_id AND x.episode_id = "
            "s.episode_id AND x.day <= s.first)")
        self.assertEqual(unscreened[0][0], 0)
        self.assertEqual(self.sql("SELECT count(*) FROM screenings WHERE tier <> 'none' "
                                  "AND cleared_at IS NULL")[0][0], 0)
        self.assertGreaterEqual(self.sql("SELECT min(baseline_pain) FROM demo_truth")[0][0], 4)
        # Nothing about red flags is due; due and overview of a clinic list
        # only its patients.
        c2 = clinics["Demo clinic 2"]
        due = self.ok("due", "--clinic", c2)
        kinds = {x["kind"] for p in due["patients"] for x in p["due"]}
        self.assertFalse(kinds & {"referral", "red-flag-screen"}, kinds)
        mine = {p["id"] for p in self.ok("patient", "list", "--clinic", c2)["patients"]}
        self.assertEqual(len(mine), 20)
        self.assertTrue({p["patient_id"] for p in due["patients"]} <= mine)
        o = self.ok("overview", "--clinic", c2)
        self.assertEqual((o["patients"], o["open_episodes"]), (20, 20))
        whole = self.ok("overview")
        self.assertEqual(whole["patients"], 60)
        self.assertEqual(sum(self.ok("overview", "--clinic", c)["diary_days_last_7_days"]
                             for c in clinics.values()), whole["diary_days_last_7_days"])
        self.assertEqual(sum(self.ok("overview", "--clinic", c)["diary_patients_last_7_days"]
                             for c in clinics.values()), whole["diary_patients_last_7_days"])
        # A practitioner's due list: their own open episodes.
        doc = self.sql("SELECT practitioner_id FROM episodes e JOIN patients p "
                       "USING (patient_id) WHERE p.clinic_id = ? LIMIT 1", c2)[0][0]
        theirs = {r[0] for r in self.sql("SELECT patient_id FROM episodes WHERE "
                                         "practitioner_id = ?", doc)}
        pdue = self.ok("due", "--practitioner", doc)
        self.assertTrue(pdue["patients"])
        self.assertTrue({p["patient_id"] for p in pdue["patients"]} <= theirs)
        self.assertEqual({p["id"] for p in self.ok("patient", "list", "--practitioner",
                                                    doc)["patients"]}, theirs)
        # The audit list of a clinic: entries about its patients only.
        audit = self.ok("audit", "--clinic", c2, "--limit", "500")
        self.assertTrue(audit)
        self.assertTrue({a["patient_id"] for a in audit if a["patient_id"]} <= mine)


class GlobalOptions(brtest.CliTest):
    def test_db_env_and_today(self):
        env = dict(self.env)
        env["BACKREST_DB"] = self.db
        rc, out, err = self.run_cli("patient", "add", "--name", "Env", "--json", env=env,
                                    db=False)
        self.assertEqual(rc, 0, err)
        e = json.loads(self.run_cli("--today", "2026-01-15", "episode", "open",
                                    json.loads(out)["id"], "--onset", "2026-01-01",
                                    "--json")[1])
        self.assertEqual(e["duration_days"], 14)
        self.bad("--today", "2026-13-01", "overview", contains="today")
        self.bad("nosuchcommand", contains="unknown command")

    def test_every_command_prints_one_json_document(self):
        pid = self.patient()
        eid = self.episode(pid)
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "2")
        self.ok("session", "add", eid, "--date", "2026-03-01", "--modality", "moxibustion",
                "--moxa", "stick", "--points", "BL23")
        for args in (["init"], ["patient", "list"], ["patient", "show", pid],
                     ["episode", "show", eid], ["diary", "list", pid],
                     ["session", "list", eid], ["overview"], ["summary", pid]):
            rc, out, err = self.run_cli(*args, "--json")
            self.assertEqual(rc, 0, err)
            json.loads(out)  # exactly one document, or this raises

    def test_missing_database_refused(self):
        """A mistyped --db is not an empty practice: every command but
        init, demo, import, restore and migrate --to refuses a database
        that is not there (or, on PostgreSQL, holds no schema) with one
        sentence naming it and how to create one, and creates nothing."""
        listing = json.loads(self.run_cli("help", "--json", db=False)[1])
        creators = {"init", "demo", "import", "restore", "migrate", "help"}
        missing = self.new_db("typo.db")
        refused = []
        for cmd in listing["commands"]:
            if cmd["name"] in creators:
                continue
            subs = [([s["name"]] if s["name"] else [], s) for s in cmd["subcommands"]]
            for path, sub in subs:
                if "subcommands" in sub:
                    subs += [(path + [s["name"]], s) for s in sub["subcommands"]]
                    continue
                words = [cmd["name"]] + path
                args = ["1" for _ in sub["arguments"]]
                if cmd["name"] == "backup":
                    args = ["--out", os.path.join(self.dir, "b.brb")]
                rc, out, err = self.run_cli("--db", missing, *words, *args,
                                            db=False)
                # (A command that reads no database, as score list, may
                # run; none may create one.)
                if rc != 0:
                    self.assertEqual(len(err.strip().splitlines()), 1, f"{words}: {err!r}")
                if "backrest init --db " + missing in err:
                    refused.append(" ".join(words))
                self.assertFalse(self.has_schema(missing), f"{words} created {missing}")
        for words in ("patient list", "due", "overview", "audit", "diary list",
                      "serve", "cohort", "export fhir", "backup"):
            self.assertIn(words, refused)
        rc, out, err = self.run_cli("--db", missing, "patient", "list", db=False)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(err, "backrest: there is no backrest database at %s; create one "
                         "with 'backrest init --db %s'\n" % (missing, missing))
        doc = json.loads(self.run_cli("--db", missing, "--json", "due", db=False)[1])
        self.assertEqual((doc["error"]["code"], doc["error"]["field"]), ("not-found", "--db"))
        rc, _, err = self.run_cli("migrate", "--from", "sqlite:" + missing if not brtest.PG
                                  else missing, "--to", "sqlite:" +
                                  os.path.join(self.dir, "to.db"), db=False)
        self.assertEqual(rc, 2, err)
        self.assertIn("backrest init --db", err)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "to.db")))
        self.assertFalse(self.has_schema(missing))
        # The commands that make a database still do.
        self.ok("--db", missing, "demo", "--patients", "2", "--days", "20", db=False)
        self.assertTrue(self.has_schema(missing))
        self.assertEqual(len(self.ok("--db", missing, "patient", "list", db=False)["patients"]), 2)

    def has_schema(self, db):
        if not brtest.PG:
            return os.path.exists(db)
        con = brtest.testdb.connect(db)
        try:
            return "patients" in con.tables()
        finally:
            con.close()

    def test_every_migration_recorded(self):
        src = os.environ.get("BR_SOURCE_DIR", ".")
        files = sorted(f for f in os.listdir(os.path.join(src, "src/store/migrations"))
                       if f.endswith(".sql"))
        rows = self.sql("SELECT version, name FROM schema_migrations ORDER BY version")
        self.assertEqual([r[1] for r in rows], files)
        version = "SELECT max(version) FROM schema_version" if brtest.PG \
            else "PRAGMA user_version"
        self.assertEqual(self.sql(version)[0][0], rows[-1][0])

    def test_audit_records_reads_and_writes(self):
        pid = self.patient()
        self.ok("patient", "show", pid)
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", "2")
        actions = [r[0] for r in self.sql(
            "SELECT action FROM audit_log WHERE patient_id = ? ORDER BY audit_id", pid)]
        self.assertEqual(actions, ["patient.create", "patient.read", "diary.write"])


if __name__ == "__main__":
    brtest.main()
