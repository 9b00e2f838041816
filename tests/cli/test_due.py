"""CLI tests for backrest due (per patient: missing diary days, red-flag
screens, the trial checkpoint, questionnaires again, exercises and pacing
quotas due) and for the bedtime-routine ticks of diary add --routine."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402


def kinds(patient):
    return [d["kind"] for d in patient["due"]]


def find(patient, kind):
    return [d for d in patient["due"] if d["kind"] == kind]


class DueTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ada Due")
        self.eid = self.ok("episode", "open", self.pid, "--onset", "2025-10-01",
                           "--today", "2026-03-01")["id"]

    def due(self, *extra):
        doc = self.ok("due", *extra)
        return doc, {p["patient_id"]: p for p in doc["patients"]}

    def test_everything_due(self):
        self.ok("diary", "add", self.pid, "--date", "2026-03-05", "--pain", "4")
        self.ok("diary", "add", self.pid, "--date", "2026-03-08", "--pain", "4")
        doc, by = self.due()
        self.assertEqual(doc["date"], brtest.TODAY)
        p = by[self.pid]
        self.assertEqual((p["name"], kinds(p)[0]), ("Ada Due", "diary"))
        diary = find(p, "diary")[0]
        self.assertIsNone(diary["episode_id"])
        self.assertEqual(diary["dates"], ["2026-03-03", "2026-03-04", "2026-03-06",
                                          "2026-03-07", "2026-03-09"])
        self.assertIn("5 of the 7 days", diary["what"])
        screen = find(p, "red-flag-screen")[0]
        self.assertEqual(screen["episode_id"], self.eid)
        self.assertIn("no red-flag screen", screen["what"])
        q = find(p, "questionnaire")[0]
        self.assertIsNone(q["instrument"])
        self.assertIn("baseline questionnaires", q["what"])

    def test_diary_days_since_the_episode_opened(self):
        pid = self.patient("Ben New")
        self.ok("episode", "open", pid, "--onset", "2026-03-01", "--today", "2026-03-08")
        _, by = self.due()
        self.assertEqual(find(by[pid], "diary")[0]["dates"], ["2026-03-08", "2026-03-09"])
        # --date moves the window.
        _, by = self.due("--date", "2026-03-09")
        self.assertEqual(find(by[pid], "diary")[0]["dates"], ["2026-03-08"])

    def test_screens_and_referral(self):
        self.ok("screen", self.eid, "--none", "--date", "2026-03-02")
        _, by = self.due()
        self.assertEqual(find(by[self.pid], "red-flag-screen"), [])
        self.ok("session", "add", self.eid, "--date", "2026-03-04", "--modality", "massage")
        _, by = self.due()
        s = find(by[self.pid], "red-flag-screen")[0]
        self.assertIn("a session on 2026-03-04 came after the last screen (2026-03-02)",
                      s["what"])
        self.ok("session", "add", self.eid, "--date", "2026-03-06", "--modality", "massage",
                "--flags", "none")
        _, by = self.due()
        self.assertEqual(find(by[self.pid], "red-flag-screen"), [])
        self.ok("screen", self.eid, "--flag", "fever", "--flag", "iv-drug-use")
        _, by = self.due()
        r = find(by[self.pid], "referral")[0]
        self.assertIn("emergency department", r["what"])

    def test_trial_checkpoint_and_questionnaires(self):
        self.ok("plan", "add", self.eid, "--treatment", "acupuncture", "--trial", "3")
        self.ok("measure", "add", self.eid, "nrs", "--answers", "6", "--date", "2026-03-01")
        self.ok("measure", "add", self.eid, "rmdq", "--answers", ",".join(["1"] * 12 + ["0"] * 12),
                "--date", "2026-02-01")
        for d in ["2026-03-02", "2026-03-04", "2026-03-06"]:
            self.ok("session", "add", self.eid, "--date", d, "--modality", "acupuncture",
                    "--flags", "none")
        _, by = self.due()
        t = find(by[self.pid], "trial-checkpoint")[0]
        self.assertEqual((t["treatment"], t["sessions"], t["trial"]), ("acupuncture", 3, 3))
        self.assertIn("backrest review", t["what"])
        q = {x["instrument"]: x for x in find(by[self.pid], "questionnaire")}
        self.assertEqual(sorted(q), ["rmdq"])  # 37 days; nrs: 3 sessions, 9 days
        self.assertEqual((q["rmdq"]["last"], q["rmdq"]["sessions_since"]), ("2026-02-01", 3))
        self.ok("session", "add", self.eid, "--date", "2026-03-08", "--modality", "acupuncture",
                "--flags", "none")
        _, by = self.due()
        q = {x["instrument"]: x for x in find(by[self.pid], "questionnaire")}
        self.assertEqual(sorted(q), ["nrs", "rmdq"])  # nrs: 4 sessions since
        self.assertEqual(q["nrs"]["sessions_since"], 4)
        self.ok("plan", "end", self.eid, "--treatment", "acupuncture")
        _, by = self.due()
        self.assertEqual(find(by[self.pid], "trial-checkpoint"), [])

    def test_exercise_and_pacing(self):
        self.ok("exercise", "assign", self.eid, "--exercise", "bridge", "--today", "2026-03-05")
        self.ok("exercise", "log", self.eid, "--exercise", "bridge", "--date", "2026-03-09",
                "--reps", "10", "--pain-during", "2")
        self.ok("pace", "set", self.eid, "--activity", "walking", "--unit", "min",
                "--baseline", "20", "--today", "2026-03-05")
        _, by = self.due()
        self.assertEqual(find(by[self.pid], "exercise"), [])  # every 2 days
        p = find(by[self.pid], "pacing")[0]
        self.assertEqual((p["activity"], p["quota"], p["unit"]), ("walking", 16, "min"))
        self.ok("pace", "log", self.eid, "--activity", "walking", "--date", brtest.TODAY,
                "--done", "16")
        _, by = self.due()
        self.assertEqual(find(by[self.pid], "pacing"), [])
        _, by = self.due("--date", "2026-03-11")
        e = find(by[self.pid], "exercise")[0]
        self.assertEqual((e["exercise"], e["reps"]), ("bridge", 10))
        self.assertEqual(len(find(by[self.pid], "pacing")), 1)

    def test_closed_and_quiet_patients_not_listed(self):
        pid = self.patient("Cy Closed")
        eid = self.episode(pid, "2025-10-01")
        self.ok("episode", "close", eid)
        self.patient("Di NoEpisode")
        doc, by = self.due()
        self.assertEqual(list(by), [self.pid])

    def test_bad_input(self):
        self.bad("due", "--date", "2026-02-30", field="date")
        self.bad("due", "--patient", "1", field="patient")


class DueScopesTest(brtest.CliTest):
    """A network of clinics: the list is read a page of patients at a time,
    each table once per page; the network's list, each clinic's and each
    practitioner's list every patient the same."""

    def test_every_scope_agrees(self):
        self.ok("demo", "--patients", 150, "--clinics", 3, "--days", 120, "--seed", 7)
        eps = self.sql("SELECT patient_id, episode_id FROM episodes WHERE status = 'open' "
                       "ORDER BY patient_id")
        # Records of every kind the list reads, on a few patients.
        for i, (pid, eid) in enumerate(eps[:40]):
            if i % 4 == 0:
                self.ok("plan", "add", eid, "--treatment", "acupuncture", "--trial", "2")
            if i % 4 == 1:
                self.ok("measure", "add", eid, "nrs", "--answers", "6", "--date", "2026-02-01")
            if i % 4 == 2:
                self.ok("exercise", "assign", eid, "--exercise", "bridge", "--today", "2026-03-01")
                self.ok("pace", "set", eid, "--activity", "walking", "--unit", "min",
                        "--baseline", "20", "--today", "2026-03-01")
            if i % 8 == 3:
                self.ok("screen", eid, "--flag", "fever", "--date", "2026-03-09")
        clinics = [c["id"] for c in self.ok("clinic", "list")]
        practitioners = [r[0] for r in self.sql("SELECT DISTINCT practitioner_id FROM episodes "
                                                "WHERE practitioner_id IS NOT NULL")]
        self.assertEqual((len(clinics), len(practitioners)), (3, 3))
        for day in (brtest.TODAY, "2026-03-02"):
            net = self.ok("due", "--date", day)["patients"]
            kinds = {d["kind"] for p in net for d in p["due"]}
            self.assertTrue({"diary", "questionnaire", "trial-checkpoint", "referral", "exercise",
                             "pacing"} <= kinds, kinds)
            parts = [self.ok("due", "--date", day, *scope)["patients"]
                     for scope in [("--clinic", c) for c in clinics] +
                     [("--practitioner", u) for u in practitioners]]
            for part in parts:
                ids = {p["patient_id"] for p in part}
                # Each patient as the network lists them, in its order.
                self.assertEqual(part, [p for p in net if p["patient_id"] in ids])
            self.assertEqual(sorted(p["patient_id"] for p in sum(parts[:3], [])),
                             sorted(p["patient_id"] for p in net))
            self.assertEqual(sorted(p["patient_id"] for p in sum(parts[3:], [])),
                             sorted(p["patient_id"] for p in net))


class DiaryRoutineTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()

    def test_ticks_merge_and_clear(self):
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--routine",
                    "screens-off,heat")
        self.assertEqual(d["routine"], ["heat", "screens-off"])
        self.assertIsNone(d["pain"])
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--pain", "4")
        self.assertEqual((d["pain"], d["routine"]), (4, ["heat", "screens-off"]))
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-10", "--pain", "3")
        self.assertEqual(d["routine"], [])
        days = self.ok("diary", "list", self.pid)
        self.assertEqual([x["routine"] for x in days], [["heat", "screens-off"], []])
        d = self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--routine", "none")
        self.assertEqual(d["routine"], [])
        self.assertEqual(self.sql("SELECT COUNT(*) FROM diary_routine_ticks")[0][0], 0)

    def test_bad_steps(self):
        self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--routine", "heat")
        self.bad("diary", "add", self.pid, "--date", "2026-03-09", "--routine", "meditation",
                 field="routine")
        self.bad("diary", "add", self.pid, "--date", "2026-03-09", "--routine", "none,heat",
                 field="routine")
        self.bad("diary", "add", self.pid, "--date", "2026-03-09", "--pain", "3", "--routine",
                 "bath", field="routine")


if __name__ == "__main__":
    brtest.main()
