"""backrest edit, void, sign and history: a correction keeps the earlier
version, entered-in-error leaves every view, a stale version is refused."""
import datetime

import brtest
import testdb


class CorrectionsTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ana")
        self.eid = self.episode(self.pid, "2026-01-01")
        for d in ("2026-03-01", "2026-03-02", "2026-03-03"):
            self.ok("diary", "add", self.pid, "--date", d, "--pain", "6")
        self.sid = self.ok("session", "add", self.eid, "--date", "2026-03-02",
                           "--modality", "acupuncture", "--pain-before", "7",
                           "--pain-after", "5")["id"]

    def test_edit_diary_day_keeps_history(self):
        out = self.ok("edit", "day", self.pid, "2026-03-02", "--pain", "4",
                      "--reason", "typed 6 for 4")
        self.assertEqual(out["version"], 2)
        self.assertEqual(out["changes"], {"pain": {"from": 6, "to": 4}})
        days = self.ok("diary", "list", self.pid)
        self.assertEqual([d.get("pain") for d in days], [6, 4, 6])
        self.ok("edit", "day", self.pid, "2026-03-02", "--pain", "3",
                "--reason", "again", "--version", "2")
        h = self.ok("history", "day", self.pid, "2026-03-02")
        self.assertEqual(h["version"], 3)
        self.assertEqual([v["reason"] for v in h["versions"]],
                         ["typed 6 for 4", "again"])
        self.assertEqual(h["versions"][0]["before"]["pain"], 6)
        self.assertEqual(h["versions"][1]["origin"], "cli")

    def test_stale_version_and_bad_input_change_nothing(self):
        self.ok("edit", "day", self.pid, "2026-03-02", "--pain", "4",
                "--reason", "typo")
        self.bad("edit", "day", self.pid, "2026-03-02", "--pain", "2",
                 "--reason", "x", "--version", "1", contains="version is 2")
        self.bad("edit", "day", self.pid, "2026-03-02", "--pain", "11",
                 "--reason", "x", field="--pain")
        self.bad("edit", "day", self.pid, "2026-03-02", "--pain", "2",
                 field="--reason")
        self.bad("edit", "999999", "--pain-after", "2", "--reason", "x",
                 contains="no record")

    def test_session_correction_changes_outcome(self):
        before = self.ok("session", "list", self.eid)[0]
        self.assertEqual(before["pain_after"], 5)
        out = self.ok("edit", self.sid, "--pain-after", "2", "--reason",
                      "misread the scale")
        self.assertEqual(out["record"]["pain_after"], 2)
        self.assertEqual(out["record"]["id"], self.sid)
        after = self.ok("session", "list", self.eid)
        self.assertEqual(len(after), 1)
        self.assertEqual(after[0]["pain_after"], 2)
        self.assertEqual(after[0]["modalities"], before["modalities"])
        h = self.ok("history", self.sid)
        self.assertEqual(h["versions"][0]["changes"]["pain_after"],
                         {"from": 5, "to": 2})
        self.assertEqual(self.sql(
            "SELECT action FROM audit_log WHERE action = ?",
            "session.correct"), [("session.correct",)])

    def test_sign_then_amend(self):
        out = self.ok("sign", self.sid)
        self.assertTrue(out["signed"])
        self.bad("sign", self.sid, contains="already signed")
        self.ok("edit", self.sid, "--note", "added later", "--reason", "late")
        h = self.ok("history", self.sid)
        self.assertTrue(h["signed"])
        self.assertEqual([v["action"] for v in h["versions"]],
                         ["sign", "amend"])

    def test_signed_a_day_after_charting(self):
        """A session not signed by hand counts as signed once
        BR_SIGN_AFTER_HOURS (24) have passed since it was charted: then a
        correction is an amendment."""
        now = datetime.datetime.now(datetime.timezone.utc)

        def charted(hours):
            at = now - datetime.timedelta(hours=hours)
            con = testdb.connect(self.db)
            con.execute("UPDATE sessions SET created_at = ? "
                        "WHERE session_id = ?",
                        (at.strftime("%Y-%m-%dT%H:%M:%SZ"), self.sid))
            con.commit()
            con.close()

        charted(23)
        self.assertFalse(self.ok("history", self.sid)["signed"])
        charted(25)
        self.assertTrue(self.ok("history", self.sid)["signed"])
        charted(24 * 3)
        self.assertTrue(self.ok("history", self.sid)["signed"])
        self.ok("edit", self.sid, "--note", "added later", "--reason", "late")
        h = self.ok("history", self.sid)
        self.assertEqual([v["action"] for v in h["versions"]], ["amend"])

    def test_void_leaves_every_view_and_keeps_history(self):
        self.ok("void", "day", self.pid, "2026-03-02", "--reason", "not mine")
        days = self.ok("diary", "list", self.pid)
        self.assertEqual([d["date"] for d in days],
                         ["2026-03-01", "2026-03-03"])
        self.ok("void", self.sid, "--reason", "wrong patient")
        self.assertEqual(self.ok("session", "list", self.eid), [])
        h = self.ok("history", self.sid)
        self.assertTrue(h["voided"])
        self.assertEqual(h["versions"][-1]["action"], "void")
        self.assertEqual(h["versions"][-1]["before"]["pain_after"], 5)
        self.bad("edit", self.sid, "--pain-after", "1", "--reason", "x",
                 contains="no record")
        self.bad("void", "day", self.pid, "2026-03-02", "--reason", "x",
                 contains="no record")
        # Exported to FHIR with the status entered-in-error.
        import json
        import os
        path = os.path.join(self.dir, "x.json")
        self.ok("export", "fhir", "--out", path)
        with open(path, encoding="utf-8") as f:
            bundle = json.load(f)
        voided = {(e["resource"]["resourceType"], e["resource"]["id"])
                  for e in bundle["entry"]
                  if e["resource"].get("status") == "entered-in-error"}
        self.assertIn(("Encounter", f"enc-{self.sid}"), voided)
        self.assertIn(("Observation", f"obs-{self.pid}-2026-03-02-pain"),
                      voided)
        self.assertNotIn(("Observation", f"obs-{self.pid}-2026-03-01-pain"),
                         voided)


class OtherKindsTest(brtest.CliTest):
    """edit, void and history of the other kinds: a measure is scored
    again from corrected answers, a check-in is named by its session and
    an intake by its episode, an empty value clears a field, and a field
    the kind does not correct is named as typed."""

    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ana", born="1970-01-01")
        self.eid = self.episode(self.pid, "2026-01-05")

    def test_measure_scored_again_and_voided(self):
        m = self.ok("measure", "add", self.eid, "odi", "--answers",
                    ",".join(["1"] * 10), "--date", "2026-03-01")
        out = self.ok("edit", m["id"], "--answers", ",".join(["2"] * 10),
                      "--reason", "misread")
        self.assertEqual(out["kind"], "measure")
        [stored] = self.ok("measure", "list", self.eid)
        self.assertEqual(stored["score"], 2 * m["score"])
        # As measure add says it.
        self.bad("edit", m["id"], "--answers", "1,1", "--reason", "x",
                 contains="odi has 10 items but only 2 answers")
        self.bad("edit", m["id"], "--episode-id", str(self.eid), "--reason",
                 "x", field="--episode-id", contains="not corrected")
        self.ok("void", m["id"], "--reason", "other patient's")
        self.assertEqual(self.ok("measure", "list", self.eid), [])
        self.assertEqual([v["action"] for v in self.ok(
            "history", m["id"])["versions"]], ["correct", "void"])

    def test_checkin_and_intake_by_their_parent(self):
        sid = self.ok("session", "add", self.eid, "--date", "2026-03-02",
                      "--modality", "acupuncture")["id"]
        self.ok("checkin", "add", sid, "--soreness", "3", "--energy", "same",
                "--mood", "same", "--date", "2026-03-03", "--unusual", "itch")
        out = self.ok("edit", "checkin", sid, "--soreness", "5", "--unusual",
                      "", "--reason", "misheard")
        self.assertEqual(out["changes"], {
            "soreness": {"from": 3, "to": 5},
            "unusual": {"from": "itch", "to": None}})
        self.bad("edit", "checkin", sid, "--date", "2026-03-01", "--reason",
                 "x", field="--date", contains="after the session")
        # A session with a check-in is not voided before its check-in.
        self.bad("void", sid, "--reason", "x", contains="check-in")
        self.ok("void", "checkin", sid, "--reason", "other patient")
        self.ok("void", sid, "--reason", "other patient")
        self.ok("intake", self.eid, "--work", "desk", "--sitting-hours", "8")
        out = self.ok("edit", "intake", self.eid, "--sitting-hours", "6",
                      "--work", "", "--reason", "asked again")
        self.assertEqual(out["record"]["sitting_hours"], 6)
        self.assertIsNone(out["record"]["work"])
        self.assertEqual(len(self.ok("history", "intake",
                                     self.eid)["versions"]), 1)

    def test_patient_details_not_voided(self):
        out = self.ok("edit", self.pid, "--name", "Ana B", "--reason",
                      "married")
        self.assertEqual(out["kind"], "patient")
        self.assertEqual(self.ok("patient", "show", self.pid)["name"],
                         "Ana B")
        self.bad("void", self.pid, "--reason", "x",
                 contains="not entered in error")


class DerivedFollowTest(brtest.CliTest):
    """A correction reaches outcome, review and cohort: each reads the
    records (or the series cache the correction updates in its own
    transaction), so the next read after the commit shows the change."""

    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ana")
        self.eid = self.episode(self.pid, "2026-01-01")
        for d in range(10, 32):
            self.ok("diary", "add", self.pid, "--date", f"2026-01-{d}",
                    "--pain", "7")
        for d in range(1, 11):
            self.ok("diary", "add", self.pid, "--date", f"2026-03-{d:02}",
                    "--pain", "5")
        self.sid = self.ok("session", "add", self.eid, "--date",
                           "2026-01-20", "--modality", "acupuncture",
                           "--pain-before", "7", "--pain-after", "5")["id"]

    def pain(self):
        out = self.ok("outcome", self.eid)
        fig = next(f for f in out["diary"]["figures"]
                   if f["figure"] == "pain")
        return fig["latest"]["mean"], out

    def test_session_and_diary_corrections_reach_outcome_review_cohort(self):
        mean, out = self.pain()
        self.assertEqual(mean, 5.0)
        self.assertEqual(out["landing"]["sessions"][0]["pain_after"], 5)
        self.assertEqual(self.ok("review", self.eid)["pain"]["current"], 5.0)
        cohort = self.ok("cohort", "--per-patient")
        self.ok("edit", self.sid, "--pain-after", "2", "--reason", "misread")
        self.ok("edit", "day", self.pid, "2026-03-10", "--pain", "1",
                "--reason", "typed 5 for 1")
        mean, out = self.pain()
        self.assertEqual(mean, round(31 / 7, 1))
        self.assertEqual(out["landing"]["sessions"][0]["pain_after"], 2)
        self.assertEqual(out["landing"]["sessions"][0]["session_change"], -5)
        self.assertAlmostEqual(
            self.ok("review", self.eid)["pain"]["current"], 31 / 7, 1)
        self.assertNotEqual(self.ok("cohort", "--per-patient"), cohort)

    def test_void_leaves_outcome_review_cohort_due_and_report(self):
        days = self.ok("cohort")["diary"]["days"]
        self.ok("void", "day", self.pid, "2026-03-10", "--reason", "dup")
        self.assertEqual(self.ok("cohort")["diary"]["days"], days - 1)
        mean, out = self.pain()
        self.assertEqual(out["diary"]["latest"]["to"], "2026-03-09")
        self.ok("void", self.sid, "--reason", "wrong patient")
        out = self.ok("outcome", self.eid)
        self.assertEqual(out["sessions"], 0)
        self.assertFalse(out["diary"]["baseline"]["defined"])
        self.assertEqual(self.ok("review", self.eid)["sessions"], 0)
        import os
        path = os.path.join(self.dir, "r.html")
        rc, _, err = self.run_cli("report", self.eid, "--format", "html",
                                  "--out", path)
        self.assertEqual(rc, 0, err)
        with open(path, encoding="utf-8") as f:
            self.assertNotIn("2026-01-20", f.read())


if __name__ == "__main__":
    brtest.main()
