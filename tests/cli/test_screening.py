"""CLI tests for red-flag screening: backrest screen (each tier), screen
clear|list|flags, the block on session add and its clearing, and the
re-screen at a visit (session add --flags)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

SCREEN_KEYS = {"tier", "suspected", "reasons", "action", "safety_net"}



class ScreenTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.env["USER"] = "drlee"
        self.pid = self.patient(born="1980-06-01")
        self.eid = self.episode(self.pid, "2026-02-01")

    def screen(self, *flags, eid=None, date=None):
        args = ["screen", eid or self.eid]
        args += ["--none"] if not flags else [a for f in flags for a in ("--flag", f)]
        if date:
            args += ["--date", date]
        return self.ok(*args)

    def session(self, *extra, eid=None):
        return self.run_cli("session", "add", eid or self.eid, "--date", "2026-03-10",
                            "--modality", "massage", *extra)

    def count(self, table):
        return self.sql(f"SELECT COUNT(*) FROM {table}")[0][0]

    # -- tiers ---------------------------------------------------------------

    def test_none(self):
        doc = self.screen()
        self.assertTrue(SCREEN_KEYS <= set(doc))
        self.assertEqual(doc["tier"], "none")
        self.assertEqual((doc["suspected"], doc["reasons"]), ([], []))
        self.assertIn("No red flags", doc["action"])
        self.assertIn("weakness in both legs", doc["safety_net"])
        self.assertEqual(doc["date"], brtest.TODAY)
        self.assertIsNone(doc["cleared"])
        rc, out, err = self.session()
        self.assertEqual(rc, 0, err)

    def test_emergency_cauda_equina(self):
        for flag in ["saddle-anaesthesia", "bladder-dysfunction", "bowel-dysfunction",
                     "sexual-dysfunction", "bilateral-leg-symptoms", "progressive-leg-weakness",
                     "gait-disturbance"]:
            eid = self.episode(self.pid, "2026-02-01")
            doc = self.screen(flag, eid=eid)
            self.assertEqual(doc["tier"], "emergency", flag)
            self.assertEqual(doc["suspected"][0], "cauda-equina")
            self.assertIn("emergency department", doc["action"])
            self.assertIn(flag, doc["reasons"][0])

    def test_emergency_infection_needs_a_risk_factor(self):
        doc = self.screen("fever")
        self.assertEqual(doc["tier"], "urgent")
        self.assertIn("infection", doc["suspected"])
        eid = self.episode(self.pid, "2026-02-01")
        doc = self.screen("fever", "iv-drug-use", eid=eid)
        self.assertEqual(doc["tier"], "emergency")
        self.assertIn("suspected spinal infection", doc["reasons"][-1])
        eid = self.episode(self.pid, "2026-02-01")
        self.assertEqual(self.screen("immunosuppression", eid=eid)["tier"], "urgent")

    def test_emergency_major_trauma(self):
        doc = self.screen("major-trauma")
        self.assertEqual(doc["tier"], "emergency")
        self.assertEqual(doc["suspected"], ["fracture"])

    def test_urgent(self):
        for flag, suspect in [("cancer-history", "malignancy"), ("weight-loss", "malignancy"),
                              ("steroid-use", "fracture"), ("osteoporosis", "fracture"),
                              ("night-pain", "malignancy"), ("thoracic-pain", "malignancy"),
                              ("structural-deformity", "fracture"),
                              ("failure-to-improve", "malignancy"),
                              ("recent-spinal-procedure", "infection")]:
            eid = self.episode(self.pid, "2026-02-01")
            doc = self.screen(flag, eid=eid)
            self.assertEqual(doc["tier"], "urgent", flag)
            self.assertIn(suspect, doc["suspected"], flag)
            self.assertIn("same-week medical review", doc["action"])
        eid = self.episode(self.pid, "2026-02-01")
        self.assertIn("2-week-wait", self.screen("cancer-history", eid=eid)["action"])

    def test_highest_tier_wins(self):
        doc = self.screen("weight-loss", "bladder-dysfunction")
        self.assertEqual(doc["tier"], "emergency")
        self.assertEqual(doc["suspected"][:1], ["cauda-equina"])
        self.assertIn("malignancy", doc["suspected"])
        self.assertEqual(len(doc["reasons"]), 2)
        self.assertEqual(doc["flags"], ["bladder-dysfunction", "weight-loss"])

    # -- the block and its clearing -------------------------------------------

    def test_session_blocked_until_cleared(self):
        self.screen("cancer-history")
        err = self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality",
                       "massage", contains="same-week medical review")
        self.assertIn("uncleared urgent red-flag screen", err)
        self.assertIn("screen clear", err)
        self.assertEqual(self.count("sessions"), 0)
        doc = self.ok("screen", "clear", self.eid, "--reason", "GP reviewed; cleared to treat")
        self.assertEqual(doc["cleared"]["by"], "cli:drlee")
        self.assertEqual(doc["cleared"]["reason"], "GP reviewed; cleared to treat")
        self.assertRegex(doc["cleared"]["at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        row = self.sql("SELECT cleared_by, clear_reason FROM screenings")[0]
        self.assertEqual(row, ("cli:drlee", "GP reviewed; cleared to treat"))
        self.assertEqual(self.sql("SELECT actor FROM audit_log WHERE action = 'screening.clear'"),
                         [("cli:drlee",)])
        rc, out, err = self.session()
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.count("sessions"), 1)

    def test_emergency_blocks_and_names_referral(self):
        self.screen("saddle-anaesthesia")
        self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality", "massage",
                 contains="emergency department or emergency spinal service")
        self.ok("screen", "clear", self.eid, "--reason", "ED excluded CES (MRI normal)")
        self.assertEqual(self.session()[0], 0)

    def test_clean_screen_does_not_replace_clearance(self):
        self.screen("weight-loss")
        self.bad("screen", self.eid, "--none", contains="uncleared urgent")
        # A further flagged screen is recorded; one clearance clears both.
        self.screen("night-pain")
        doc = self.ok("screen", "clear", self.eid, "--reason", "reviewed")
        self.assertEqual(doc["cleared_screens"], 2)
        self.assertEqual(self.screen()["tier"], "none")

    def test_clear_needs_reason_and_something_to_clear(self):
        self.bad("screen", "clear", self.eid, contains="reason is required")
        self.bad("screen", "clear", self.eid, "--reason", "x", contains="no urgent or emergency")
        self.screen("osteoporosis")
        self.bad("screen", "clear", self.eid, "--reason", "", contains="reason must not be empty")

    # -- re-screen at the visit ------------------------------------------------

    def test_session_flags_none(self):
        rc, out, err = self.session("--flags", "none", "--json")
        self.assertEqual(rc, 0, err)
        import json
        doc = json.loads(out)
        self.assertEqual(doc["screening"]["tier"], "none")
        self.assertEqual(doc["screening"]["session_id"], doc["id"])
        self.assertEqual(self.sql("SELECT session_id FROM screenings"), [(doc["id"],)])

    def test_session_flags_block_and_record_the_screen(self):
        before_sessions = self.count("sessions")
        err = self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality",
                       "massage", "--flags", "bladder-dysfunction,fever", unchanged=False,
                       contains="emergency department")
        self.assertIn("the session was not charted", err)
        self.assertEqual(self.count("sessions"), before_sessions)
        rows = self.sql("SELECT tier, session_id, day FROM screenings")
        self.assertEqual(rows, [("emergency", None, "2026-03-10")])
        self.assertEqual(sorted(r[0] for r in self.sql("SELECT flag FROM screening_flags")),
                         ["bladder-dysfunction", "fever"])
        # The recorded screen now blocks the episode, with or without --flags.
        self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality", "massage",
                 contains="uncleared emergency")
        self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality", "massage",
                 "--flags", "none", contains="uncleared emergency")
        self.ok("screen", "clear", self.eid, "--reason", "seen in ED, discharged")
        rc, out, err = self.session("--flags", "none")
        self.assertEqual(rc, 0, err)

    def test_session_flags_bad_input(self):
        self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality", "massage",
                 "--flags", "none,fever", field="flags")
        self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality", "massage",
                 "--flags", "sore-knee", contains="'sore-knee' is not a red-flag id")
        self.assertEqual(self.count("screenings"), 0)

    # -- input checks -----------------------------------------------------------

    def test_bad_screen_input(self):
        self.bad("screen", self.eid, "--flag", "headache", contains="not a red-flag id")
        self.bad("screen", self.eid, "--flag", "age-over-60", contains="birth date")
        self.bad("screen", self.eid, "--none", "--flag", "fever", field="none")
        self.bad("screen", self.eid, contains="--none or at least one --flag")
        self.bad("screen", self.eid, "--none", "--date", "2026-01-01", contains="onset")
        self.bad("screen", self.eid, "--none", "--date", "2026-03-11", contains="after today")
        self.bad("screen", "999", "--none", contains="no episode 999")
        self.assertEqual(self.count("screenings"), 0)

    def test_closed_episode(self):
        self.ok("episode", "close", self.eid)
        self.bad("screen", self.eid, "--none", contains="closed")

    def test_list_and_flags(self):
        self.screen(date="2026-03-01")
        self.screen("weight-loss")
        docs = self.ok("screen", "list", self.eid)
        self.assertEqual([d["tier"] for d in docs], ["none", "urgent"])
        self.assertEqual(docs[1]["screened_by"], "cli:drlee")
        flags = {f["id"]: f for f in self.ok("screen", "flags")}
        for fid in ["saddle-anaesthesia", "bladder-dysfunction", "bowel-dysfunction",
                    "sexual-dysfunction", "bilateral-leg-symptoms", "progressive-leg-weakness",
                    "gait-disturbance", "fever", "immunosuppression", "iv-drug-use",
                    "recent-infection", "recent-spinal-procedure", "cancer-history",
                    "weight-loss", "night-pain", "failure-to-improve", "thoracic-pain",
                    "major-trauma", "osteoporosis", "steroid-use", "structural-deformity"]:
            self.assertIn(fid, flags)
        self.assertTrue(flags["age-over-60"]["derived"])
        rc, out, err = self.run_cli("screen", "list", self.eid)
        self.assertIn("not cleared: sessions are blocked", out)


class AgeTriggerTest(brtest.CliTest):
    def test_over_60_first_episode(self):
        pid = self.patient(born="1960-03-11")  # 66 on 2026-03-10
        eid = self.episode(pid, "2026-02-01")
        doc = self.ok("screen", eid, "--none")
        self.assertEqual(doc["tier"], "urgent")
        self.assertEqual(doc["flags"], ["age-over-60"])
        self.assertIn("age over 60", doc["reasons"][0])
        self.ok("screen", "clear", eid, "--reason", "age alone; no other flags")
        # Once cleared, age does not raise the episode again.
        self.assertEqual(self.ok("screen", eid, "--none")["tier"], "none")
        # A later episode is not the first one on record.
        eid2 = self.episode(pid, "2026-03-01")
        self.assertEqual(self.ok("screen", eid2, "--none")["tier"], "none")

    def test_age_from_birth_date_at_screen_date(self):
        pid = self.patient(born="1965-03-10")  # 60 until 2025-03-10, 61 on it
        eid = self.episode(pid, "2025-01-01")
        self.assertEqual(self.ok("screen", eid, "--none", "--date", "2025-03-09")["tier"], "none")
        self.assertEqual(self.ok("screen", eid, "--none", "--date", "2026-03-10")["tier"],
                         "urgent")

    def test_no_birth_date(self):
        pid = self.patient()
        eid = self.episode(pid, "2026-02-01")
        self.assertEqual(self.ok("screen", eid, "--none")["tier"], "none")


if __name__ == "__main__":
    brtest.main()
