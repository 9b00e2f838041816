"""CLI tests for the care plan: backrest plan (options by phase and risk
group, each source side by side, the acupuncture disagreement, refer on an
uncleared red flag, --guideline), plan add|end (course defaults and their
source, sessions counted towards a course) and plan routine."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

PLAN_KEYS = {"status", "referral", "phase", "risk", "options", "items", "routine"}
CELL_KEYS = {"source", "position", "certainty", "strength", "finding", "citation"}
SOURCES = ["cochrane-2025", "acp-2017", "nice-ng59"]


def option(doc, treatment):
    for o in doc["options"]:
        if o["treatment"] == treatment:
            return o
    return None


def cell(opt, source):
    for c in opt["evidence"]:
        if c["source"] == source:
            return c
    return None


class PlanTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient(born="1980-06-01")
        self.chronic = self.episode(self.pid, "2025-10-01")  # 160 days

    def test_chronic_acupuncture_disagreement(self):
        doc = self.ok("plan", self.chronic)
        self.assertEqual(set(doc), PLAN_KEYS)
        self.assertEqual(doc["status"], "ok")
        self.assertIsNone(doc["referral"])
        self.assertEqual(doc["phase"], {"cochrane": "chronic", "acp": "chronic"})
        self.assertIsNone(doc["risk"])
        self.assertEqual((doc["items"], doc["routine"]), ([], []))
        acu = option(doc, "acupuncture")
        self.assertEqual([c["source"] for c in acu["evidence"]], SOURCES)
        for c in acu["evidence"]:
            self.assertEqual(set(c), CELL_KEYS)
        c = cell(acu, "cochrane-2025")
        self.assertEqual((c["position"], c["certainty"]), ("no-recommendation", "moderate"))
        self.assertIn("Rizzo", c["citation"])
        c = cell(acu, "acp-2017")
        self.assertEqual((c["position"], c["certainty"], c["strength"]),
                         ("recommended", "moderate", "strong"))
        self.assertIn("Ann Intern Med 2017", c["citation"])
        c = cell(acu, "nice-ng59")
        self.assertEqual((c["position"], c["certainty"]), ("do-not-offer", None))
        self.assertIn("Do not offer acupuncture", c["finding"])
        self.assertIn("NG59", c["citation"])

    def test_no_source_shown_recommending_what_it_does_not(self):
        for onset in ["2026-03-01", "2026-02-01", "2026-01-10", "2025-10-01"]:
            eid = self.episode(self.pid, onset)
            doc = self.ok("plan", eid)
            for o in doc["options"]:
                nice = cell(o, "nice-ng59")
                if o["treatment"] in ("acupuncture", "traction", "tens"):
                    self.assertEqual(nice["position"], "do-not-offer", (onset, o))
                coch = cell(o, "cochrane-2025")
                self.assertEqual(coch["position"], "no-recommendation")
                for c in o["evidence"]:
                    if c["position"] == "recommended":
                        self.assertIsNotNone(c["finding"])
            # Sleep hygiene and pacing are recommended by no source.
            for t in ("sleep-hygiene", "pacing"):
                self.assertEqual({c["position"] for c in option(doc, t)["evidence"]},
                                 {"no-recommendation"})

    def test_acute_phase_options(self):
        eid = self.episode(self.pid, "2026-03-01")  # 9 days
        doc = self.ok("plan", eid)
        self.assertEqual(doc["phase"], {"cochrane": "acute", "acp": "acute"})
        ids = [o["treatment"] for o in doc["options"]]
        self.assertIn("stay-active", ids)
        self.assertIn("superficial-heat", ids)
        self.assertNotIn("traction", ids)
        acu = option(doc, "acupuncture")
        self.assertEqual(cell(acu, "acp-2017")["certainty"], "low")
        self.assertIsNone(cell(acu, "cochrane-2025")["certainty"])
        heat = option(doc, "superficial-heat")
        self.assertEqual((cell(heat, "acp-2017")["position"], cell(heat, "acp-2017")["certainty"]),
                         ("recommended", "moderate"))
        stay = option(doc, "stay-active")
        self.assertEqual(cell(stay, "cochrane-2025")["certainty"], "moderate")
        self.assertEqual(cell(stay, "nice-ng59")["position"], "recommended")

    def test_phase_differs_by_source(self):
        # Day 30: Cochrane acute (< 6 weeks), ACP subacute (4-12 weeks).
        eid = self.episode(self.pid, "2026-02-08")
        doc = self.ok("plan", eid)
        self.assertEqual(doc["phase"], {"cochrane": "acute", "acp": "subacute"})
        stay = option(doc, "stay-active")
        acp = cell(stay, "acp-2017")
        self.assertEqual((acp["position"], acp["certainty"]), ("no-recommendation", None))
        self.assertIn("No entry from this source", acp["finding"])
        self.assertIn("subacute", acp["finding"])

    def test_guideline_filter(self):
        doc = self.ok("plan", self.chronic, "--guideline", "nice")
        for o in doc["options"]:
            self.assertEqual([c["source"] for c in o["evidence"]], ["nice-ng59"])
        self.assertEqual(option(doc, "acupuncture")["evidence"][0]["position"], "do-not-offer")
        doc = self.ok("plan", self.chronic, "--guideline", "acp")
        self.assertEqual(option(doc, "acupuncture")["evidence"][0]["position"], "recommended")
        doc = self.ok("plan", self.chronic, "--guideline", "cochrane")
        self.assertEqual(option(doc, "acupuncture")["evidence"][0]["certainty"], "moderate")
        self.bad("plan", self.chronic, "--guideline", "who", field="guideline")

    def test_risk_group_orders_options(self):
        self.ok("measure", "add", self.chronic, "startback", "--answers", "0,0,0,0,1,1,1,0,3")
        doc = self.ok("plan", self.chronic)
        self.assertEqual(doc["risk"], "high")
        self.assertEqual([o["treatment"] for o in doc["options"][:3]],
                         ["psychological", "multidisciplinary", "exercise"])
        self.assertTrue(doc["options"][0]["matched"])
        self.assertFalse(option(doc, "acupuncture")["matched"])
        eid = self.episode(self.pid, "2025-10-01")
        self.ok("measure", "add", eid, "startback", "--answers", "1,1,1,0,0,0,0,0,2")
        doc = self.ok("plan", eid)
        self.assertEqual(doc["risk"], "low")
        self.assertEqual(doc["options"][0]["treatment"], "pacing")

    def test_red_flag_refers_and_lists_no_option(self):
        self.ok("screen", self.chronic, "--flag", "saddle-anaesthesia")
        doc = self.ok("plan", self.chronic)
        self.assertEqual(doc["status"], "refer")
        self.assertEqual(doc["options"], [])
        self.assertEqual(doc["referral"]["urgency"], "emergency")
        self.assertTrue(any("saddle-anaesthesia" in r for r in doc["referral"]["reasons"]))
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture",
                 contains="uncleared red-flag screen")
        self.ok("screen", "clear", self.chronic, "--reason", "examined, no deficit")
        doc = self.ok("plan", self.chronic)
        self.assertEqual(doc["status"], "ok")
        self.assertIsNone(doc["referral"])
        self.assertTrue(doc["options"])
        eid = self.episode(self.pid, "2025-10-01")
        self.ok("screen", eid, "--flag", "weight-loss")
        doc = self.ok("plan", eid)
        self.assertEqual((doc["status"], doc["referral"]["urgency"]), ("refer", "urgent"))

    def test_add_defaults_and_their_source(self):
        it = self.ok("plan", "add", self.chronic, "--treatment", "acupuncture")
        self.assertEqual((it["treatment"], it["sessions"], it["per_week"], it["trial"]),
                         ("acupuncture", 8, 1.0, 4))
        self.assertEqual((it["status"], it["date"], it["sessions_done"], it["trial_reached"]),
                         ("active", brtest.TODAY, 0, False))
        self.assertEqual(it["defaults"]["fields"], ["sessions", "per_week", "trial"])
        self.assertIn("CG88", it["defaults"]["source"])
        self.assertIn("local default", it["defaults"]["source"])
        row = self.sql("SELECT treatment, sessions, per_week, trial, day, status FROM plan_items")
        self.assertEqual(row, [("acupuncture", 8, 1.0, 4, brtest.TODAY, "active")])
        it = self.ok("plan", "add", self.chronic, "--treatment", "massage", "--sessions", "6",
                     "--per-week", "2", "--note", "deep tissue, upper back")
        self.assertEqual((it["sessions"], it["per_week"], it["trial"]), (6, 2.0, 4))
        self.assertEqual(it["defaults"]["fields"], ["trial"])
        self.assertEqual(it["note"], "deep tissue, upper back")
        it = self.ok("plan", "add", self.chronic, "--treatment", "exercise", "--sessions", "3")
        self.assertEqual(it["trial"], 3)  # the default 4 capped by the sessions
        self.assertIsNone(it["sessions_done"])  # no session modality
        it = self.ok("plan", "add", self.chronic, "--treatment", "sleep-hygiene")
        self.assertEqual((it["sessions"], it["per_week"], it["trial"], it["defaults"]),
                         (None, None, None, None))
        doc = self.ok("plan", self.chronic)
        self.assertEqual([i["treatment"] for i in doc["items"]],
                         ["acupuncture", "massage", "exercise", "sleep-hygiene"])

    def test_sessions_count_towards_the_course(self):
        self.ok("plan", "add", self.chronic, "--treatment", "acupuncture", "--trial", "3")
        for d, m in [("2026-03-02", "acupuncture"), ("2026-03-04", "electroacupuncture"),
                     ("2026-03-05", "massage"), ("2026-03-06", "acupuncture")]:
            self.ok("session", "add", self.chronic, "--date", d, "--modality", m)
        doc = self.ok("plan", self.chronic)
        it = doc["items"][0]
        self.assertEqual((it["sessions_done"], it["trial_reached"]), (3, True))
        # Ending the course; a later course counts from its own day.
        end = self.ok("plan", "end", self.chronic, "--treatment", "acupuncture",
                      "--status", "done")
        self.assertEqual((end["status"], end["ended_on"]), ("done", brtest.TODAY))
        self.ok("plan", "add", self.chronic, "--treatment", "acupuncture")
        doc = self.ok("plan", self.chronic)
        self.assertEqual([i["sessions_done"] for i in doc["items"]], [3, 0])

    def test_bad_input(self):
        self.bad("plan", "add", self.chronic, "--treatment", "cupping", field="treatment")
        self.bad("plan", "add", self.chronic, field="treatment")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", "--sessions", "0",
                 field="sessions")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", "--sessions", "101",
                 field="sessions")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", "--per-week", "0",
                 field="--per-week")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", "--per-week", "7.5",
                 field="--per-week")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", "--sessions", "4",
                 "--trial", "5", field="trial")
        self.bad("plan", "add", "999", "--treatment", "acupuncture", contains="no episode 999")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", "--colour", "red",
                 field="colour")
        self.ok("plan", "add", self.chronic, "--treatment", "acupuncture")
        self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", field="treatment",
                 contains="already has an active")
        self.bad("plan", "end", self.chronic, "--treatment", "massage", field="treatment")
        self.bad("plan", "end", self.chronic, "--treatment", "acupuncture", "--status", "paused",
                 field="status")
        self.ok("episode", "close", self.chronic)
        self.bad("plan", "add", self.chronic, "--treatment", "massage", contains="is closed")

    def test_ranges_and_vocabularies_from_the_model_table(self):
        # The help shows the plan-item table's ranges and the plan-end
        # and guideline vocabularies; a value outside them is refused with
        # one sentence naming the option as typed, and nothing is written.
        rc, out, _ = self.run_cli("plan", "add", "--help")
        self.assertEqual(rc, 0)
        for shown in ("--sessions 1-100", "--per-week 0-7", "--trial 1-100"):
            self.assertIn(shown, out)
        self.assertIn("--status stopped|done", self.run_cli("plan", "end", "--help")[1])
        self.assertIn("--guideline all|cochrane|acp|nice", self.run_cli("plan", "--help")[1])
        cases = [
            (["--sessions", "101"], "--sessions must be a whole number from 1 to 100, not '101'"),
            (["--trial", "0"], "--trial must be a whole number from 1 to 100, not '0'"),
            (["--per-week", "7.5"], "--per-week must be a number from 0 to 7, not '7.5'"),
            (["--per-week", "0"], "--per-week must be above 0 (visits a week, at most 7)"),
            (["--sessions", "4", "--trial", "6"],
             "--trial checkpoint 6 is after the last of 4 sessions"),
        ]
        for extra, sentence in cases:
            with self.subTest(extra=extra):
                err = self.bad("plan", "add", self.chronic, "--treatment", "acupuncture", *extra)
                self.assertEqual(err, "backrest: " + sentence + "\n")
        err = self.bad("plan", "add", self.chronic, "--treatment", "cupping")
        self.assertEqual(err, "backrest: --treatment 'cupping' is not in the evidence table "
                              "(see backrest plan EPISODE_ID)\n")
        err = self.bad("plan", "end", self.chronic, "--treatment", "acupuncture", "--status",
                       "paused")
        self.assertEqual(err, "backrest: --status must be one of stopped, done, not 'paused'\n")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM plan_items")[0][0], 0)

    def test_routine(self):
        doc = self.ok("plan", "routine", self.chronic, "--steps", "heat,screens-off,heat")
        self.assertEqual([s["step"] for s in doc["routine"]], ["heat", "screens-off"])
        self.assertIn("heat pack", doc["routine"][0]["label"])
        doc = self.ok("plan", self.chronic)
        self.assertEqual(sorted(s["step"] for s in doc["routine"]), ["heat", "screens-off"])
        doc = self.ok("plan", "routine", self.chronic, "--steps", "none")
        self.assertEqual(doc["routine"], [])
        self.bad("plan", "routine", self.chronic, "--steps", "yoga", field="steps")
        self.bad("plan", "routine", self.chronic, "--steps", "none,heat", field="steps")
        self.bad("plan", "routine", self.chronic, field="steps")

    def test_human_output(self):
        self.ok("plan", "add", self.chronic, "--treatment", "acupuncture")
        rc, out, err = self.run_cli("plan", self.chronic)
        self.assertEqual(rc, 0, err)
        self.assertIn("do-not-offer", out)
        self.assertIn("review after 4", out)


if __name__ == "__main__":
    brtest.main()
