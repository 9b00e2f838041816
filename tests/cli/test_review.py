"""CLI tests for backrest review: the trial checkpoint of a course (diary
windows, the NRS/PEG fallback, each decision at its boundary, the reasons
and their caveat, outcome measures, refer)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

REVIEW_KEYS = {"treatment", "sessions", "trial", "pain", "measures", "decision", "reasons",
               "adherence"}
PAIN_KEYS = {"baseline", "current", "change", "percent", "tier", "source", "words"}
# The course starts on 2026-02-23; the baseline window is 02-16 .. 02-22,
# the current window (today 2026-03-10) is 03-04 .. 03-10.
SESSIONS = ["2026-02-23", "2026-02-26", "2026-03-02", "2026-03-05", "2026-03-09"]
BASE_DAYS = ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
             "2026-02-21", "2026-02-22"]
NOW_DAYS = ["2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08",
            "2026-03-09", "2026-03-10"]


class ReviewTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()
        self.eid = self.episode(self.pid, "2025-10-01")
        self.ok("plan", "add", self.eid, "--treatment", "acupuncture")  # trial 4

    def diary(self, days, pains):
        for d, p in zip(days, pains):
            self.ok("diary", "add", self.pid, "--date", d, "--pain", p)

    def sessions(self, n, modality="acupuncture"):
        for d in SESSIONS[:n]:
            self.ok("session", "add", self.eid, "--date", d, "--modality", modality)

    def review(self, *extra):
        doc = self.ok("review", self.eid, *extra)
        self.assertEqual(set(doc), REVIEW_KEYS)
        self.assertEqual(set(doc["pain"]), PAIN_KEYS)
        return doc

    def test_continue_from_diary(self):
        self.diary(BASE_DAYS, [6] * 7)
        self.diary(NOW_DAYS[1:], [3] * 6)
        self.sessions(4)
        doc = self.review()
        self.assertEqual((doc["treatment"], doc["sessions"], doc["trial"]),
                         ("acupuncture", 4, 4))
        self.assertEqual(doc["pain"], {"baseline": 6.0, "current": 3.0, "change": -3.0,
                                       "percent": 50.0, "tier": "substantial",
                                       "source": "diary",
                                       "words": "down 3.0 points (50 % better)"})
        self.assertEqual(doc["decision"], "continue")
        self.assertIn("4 acupuncture sessions so far; trial checkpoint at 4", doc["reasons"][0])
        self.assertIn("mean of 7 of the 7 days before the first session on 2026-02-23",
                      doc["reasons"][1])
        self.assertIn("mean of 6 of the last 7 days", doc["reasons"][1])
        self.assertIn("down 3.0 points (50 % better)", doc["reasons"][2])
        self.assertIn("natural recovery and regression to the mean", doc["reasons"][-1])

    def test_thirty_percent_boundary(self):
        self.diary(BASE_DAYS[:3], [5, 5, 5])
        self.diary(NOW_DAYS[:4], [3, 4, 3, 4])  # 3.5: exactly 30%, 1.5 points
        self.sessions(3)
        doc = self.review()
        self.assertEqual((doc["pain"]["percent"], doc["decision"]), (30.0, "continue"))
        self.assertEqual(doc["pain"]["tier"], "moderate")

    def test_two_points_boundary(self):
        self.diary(BASE_DAYS[:3], [10, 10, 10])
        self.diary(NOW_DAYS[:3], [8, 8, 8])  # 2 points, 20%
        self.sessions(3)
        self.assertEqual(self.review()["decision"], "continue")

    def test_too_early_below_three_sessions(self):
        self.diary(BASE_DAYS, [6] * 7)
        self.diary(NOW_DAYS, [2] * 7)
        self.sessions(2)
        doc = self.review()
        self.assertEqual((doc["sessions"], doc["decision"]), (2, "too-early"))
        self.assertTrue(any("at least 3 are needed" in r for r in doc["reasons"]))

    def test_reconsider_at_the_checkpoint(self):
        self.diary(BASE_DAYS, [6] * 7)
        self.diary(NOW_DAYS[:4], [6, 5, 6, 5])  # 5.5: 8.3%
        self.sessions(4)
        doc = self.review()
        self.assertEqual(doc["decision"], "reconsider")
        self.assertEqual(doc["pain"]["percent"], 8.3)
        self.assertTrue(any("stop or change the approach" in r for r in doc["reasons"]))
        self.assertIn("regression to the mean", doc["reasons"][-1])
        # One session fewer: before the checkpoint, too early.
        eid = self.episode(self.pid, "2025-10-01")
        self.ok("plan", "add", eid, "--treatment", "acupuncture")
        for d in SESSIONS[:3]:
            self.ok("session", "add", eid, "--date", d, "--modality", "acupuncture")
        doc = self.ok("review", eid)
        self.assertEqual(doc["decision"], "too-early")
        self.assertTrue(any("not reached yet (3 so far)" in r for r in doc["reasons"]))

    def test_ten_percent_is_not_reconsider(self):
        self.diary(BASE_DAYS[:3], [10, 10, 10])
        self.diary(NOW_DAYS[:3], [9, 9, 9])  # exactly 10%, 1 point
        self.sessions(5)
        doc = self.review()
        self.assertEqual((doc["pain"]["percent"], doc["decision"]), (10.0, "too-early"))
        self.assertEqual(doc["pain"]["tier"], "minimal")

    def test_three_diary_days_needed(self):
        self.diary(BASE_DAYS[:2], [6, 6])  # only 2 baseline days
        self.diary(NOW_DAYS[:3], [3, 3, 3])
        self.sessions(4)
        doc = self.review()
        self.assertEqual(doc["decision"], "insufficient-data")
        self.assertEqual(doc["pain"], dict.fromkeys(PAIN_KEYS))
        self.assertTrue(any("too few diary days (2 before the first session" in r
                            for r in doc["reasons"]))
        # A day on the first session's date is not baseline.
        self.diary(["2026-02-23"], [6])
        self.assertEqual(self.review()["decision"], "insufficient-data")
        self.diary(["2026-02-22"], [6])
        self.assertEqual(self.review()["decision"], "continue")

    def test_nrs_measures_stand_in(self):
        self.ok("measure", "add", self.eid, "nrs", "--answers", "7", "--date", "2026-02-23")
        self.ok("measure", "add", self.eid, "nrs", "--answers", "4", "--date", "2026-03-09")
        self.sessions(4)
        doc = self.review()
        self.assertEqual(doc["pain"], {"baseline": 7, "current": 4, "change": -3.0,
                                       "percent": 42.9, "tier": "moderate", "source": "nrs",
                                       "words": "down 3.0 points (43 % better)"})
        self.assertEqual(doc["decision"], "continue")
        self.assertTrue(any("nrs measures stand in: 7 on 2026-02-23, 4 on 2026-03-09" in r
                            for r in doc["reasons"]))
        m = doc["measures"][0]
        self.assertEqual(m["instrument"], "nrs")
        self.assertEqual(m["baseline"], {"date": "2026-02-23", "score": 7})
        self.assertEqual(m["current"], {"date": "2026-03-09", "score": 4})
        self.assertEqual((m["change"], m["percent"], m["tier"]), (-3, 42.9, "moderate"))

    def test_peg_when_no_nrs(self):
        self.ok("measure", "add", self.eid, "peg", "--answers", "6,6,6", "--date", "2026-02-20")
        self.ok("measure", "add", self.eid, "peg", "--answers", "6,5,6", "--date", "2026-03-08")
        self.sessions(4)
        doc = self.review()
        self.assertEqual(doc["pain"]["source"], "peg")
        self.assertEqual(doc["decision"], "reconsider")

    def test_no_data(self):
        self.sessions(3)
        doc = self.review()
        self.assertEqual(doc["decision"], "insufficient-data")
        self.assertEqual(doc["measures"], [])

    def test_only_that_modality_counts(self):
        self.sessions(4, modality="massage")
        doc = self.review()
        self.assertEqual((doc["treatment"], doc["sessions"]), ("acupuncture", 0))
        self.assertEqual(doc["decision"], "too-early")
        self.ok("plan", "add", self.eid, "--treatment", "massage")
        doc = self.review("--treatment", "massage")
        self.assertEqual((doc["treatment"], doc["sessions"], doc["trial"]), ("massage", 4, 4))

    def test_refer(self):
        self.diary(BASE_DAYS, [6] * 7)
        self.diary(NOW_DAYS, [2] * 7)
        self.sessions(4)
        self.ok("screen", self.eid, "--flag", "cancer-history")
        doc = self.review()
        self.assertEqual(doc["decision"], "refer")
        self.assertTrue(any("red-flag screen is not cleared" in r for r in doc["reasons"]))

    def test_bad_input(self):
        self.bad("review", self.eid, "--treatment", "tens", field="treatment")
        self.bad("review", "12", contains="no episode 12")
        self.bad("review", self.eid, "--when", "now", field="when")
        rc, out, err = self.run_cli("review", self.eid)
        self.assertEqual(rc, 0, err)
        self.assertIn("decision: too-early", out)


if __name__ == "__main__":
    brtest.main()
