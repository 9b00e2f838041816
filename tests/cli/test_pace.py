"""CLI tests for activity pacing: pace set|log|next (the 80% start, the
weekly rise only when 80% of days were done at quota and recovered, the
flare step back, in the zone, boom and bust) and bad input."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

NEXT_KEYS = {"activity", "quota", "unit", "in_zone", "boom_bust", "logged_today", "baseline",
             "step_pct", "every", "since", "reasons"}
WEEK = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06",
        "2026-03-07"]


class PaceTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()
        self.eid = self.episode(self.pid, "2025-10-01")

    def set(self, *extra, on="2026-03-01"):
        doc = self.ok("pace", "set", self.eid, "--activity", "walking", "--unit", "m",
                      "--baseline", "200", "--today", on, *extra)
        self.assertEqual(set(doc), NEXT_KEYS)
        return doc

    def log(self, date, done, *extra):
        return self.ok("pace", "log", self.eid, "--activity", "walking", "--date", date,
                       "--done", done, *extra)

    def next(self):
        docs = self.ok("pace", "next", self.eid)
        for d in docs:
            self.assertEqual(set(d), NEXT_KEYS)
        return docs[0]

    def test_set_starts_at_80_percent(self):
        doc = self.set(on=brtest.TODAY)
        self.assertEqual((doc["activity"], doc["quota"], doc["unit"], doc["in_zone"],
                          doc["boom_bust"]), ("walking", 160, "m", False, False))
        self.assertEqual((doc["baseline"], doc["step_pct"], doc["every"], doc["since"]),
                         (200, 10, 7, brtest.TODAY))
        self.assertIn("80% of the baseline", doc["reasons"][0])
        doc = self.ok("pace", "set", self.eid, "--activity", "sitting", "--unit", "min",
                      "--baseline", "25", "--step-pct", "20", "--every", "5")
        self.assertEqual((doc["quota"], doc["step_pct"], doc["every"]), (20, 20, 5))
        self.assertEqual(len(self.ok("pace", "next", self.eid)), 2)

    def test_rises_after_a_good_week(self):
        self.set()
        for d in WEEK[:6]:
            self.log(d, 160, "--recovered", "yes")
        doc = self.next()
        self.assertEqual((doc["quota"], doc["in_zone"]), (180, True))
        self.assertTrue(any("6 of 7 days at the quota of 160" in r for r in doc["reasons"]))

    def test_stays_below_80_percent_or_not_recovered(self):
        self.set()
        for d in WEEK[:5]:
            self.log(d, 160, "--recovered", "yes")
        self.assertEqual(self.next()["quota"], 160)  # 5 of 7
        self.log(WEEK[5], 160, "--recovered", "no")
        doc = self.next()
        self.assertEqual((doc["quota"], doc["in_zone"]), (160, False))
        self.assertTrue(any("not recovered" in r for r in doc["reasons"]))

    def test_flare_steps_back_and_boom_bust(self):
        self.set()
        for d in WEEK:
            self.log(d, 160, "--recovered", "yes")
        self.assertEqual(self.next()["quota"], 180)
        self.log("2026-03-08", 260, "--recovered", "yes")  # boom: > 180 + 20
        doc = self.log("2026-03-09", 90, "--flare")
        logged = doc["logged"]
        # The log's id, so it can be corrected or voided by it.
        self.assertEqual(self.sql("SELECT day FROM pacing_logs WHERE log_id = ?",
                                  logged.pop("id")), [("2026-03-09",)])
        self.assertEqual(logged, {"date": "2026-03-09", "done": 90, "recovered": None,
                                  "flare": True})
        doc = self.next()
        self.assertEqual((doc["quota"], doc["in_zone"], doc["boom_bust"]), (160, False, True))
        self.assertTrue(any("boom and bust" in r for r in doc["reasons"]))
        self.assertTrue(any("steps back one increment to 160" in r for r in doc["reasons"]))

    def test_a_later_set_starts_again(self):
        self.set()
        for d in WEEK:
            self.log(d, 160, "--recovered", "yes")
        doc = self.set(on="2026-03-09")
        self.assertEqual((doc["quota"], doc["since"]), (160, "2026-03-09"))
        self.bad("pace", "log", self.eid, "--activity", "walking", "--date", "2026-03-08",
                 "--done", "100", field="date")

    def test_bad_input(self):
        self.set()
        self.bad("pace", "set", self.eid, "--activity", "walking", "--unit", "km",
                 "--baseline", "2", field="unit")
        self.bad("pace", "set", self.eid, "--activity", "walking", "--unit", "m",
                 "--baseline", "0", field="baseline")
        self.bad("pace", "set", self.eid, "--activity", "walking", "--unit", "m",
                 field="baseline")
        self.bad("pace", "set", self.eid, "--activity", "walking", "--unit", "m",
                 "--baseline", "200", "--step-pct", "25", field="--step-pct")
        self.bad("pace", "set", self.eid, "--activity", "walking", "--unit", "m",
                 "--baseline", "200", "--every", "0", field="every")
        self.bad("pace", "set", self.eid, "--unit", "m", "--baseline", "200", field="activity")
        self.bad("pace", "log", self.eid, "--activity", "swimming", "--date", "2026-03-05",
                 "--done", "10", field="activity")
        self.bad("pace", "log", self.eid, "--activity", "walking", "--date", "2026-03-05",
                 "--done", "-1", field="done")
        self.bad("pace", "log", self.eid, "--activity", "walking", "--date", "2026-03-05",
                 "--done", "10", "--recovered", "maybe", field="recovered")
        self.bad("pace", "log", self.eid, "--activity", "walking", "--date", "2026-02-28",
                 "--done", "10", field="date")
        self.bad("pace", "log", self.eid, "--activity", "walking", "--date", "2026-03-11",
                 "--done", "10", field="date")
        self.bad("pace", "log", self.eid, "--activity", "walking", "--done", "10", field="date")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM pacing_logs")[0][0], 0)
        rc, out, err = self.run_cli("pace", "next", self.eid)
        self.assertEqual(rc, 0, err)
        self.assertIn("walking: quota 160 m", out)

    def test_ranges_and_vocabularies_from_the_model_table(self):
        # The help shows the pacing tables' ranges and units; a value
        # outside them is refused with one sentence naming the option as
        # typed.
        out = self.run_cli("pace", "set", "--help")[1]
        for shown in ("--unit min|m|steps|reps", "--step-pct 10-20", "--every 1-28"):
            self.assertIn(shown, out)
        self.assertIn("--recovered no|yes", self.run_cli("pace", "log", "--help")[1])
        walking = ["--activity", "walking"]
        for extra, sentence in (
                (["--unit", "km", "--baseline", "2"],
                 "--unit must be one of min, m, steps, reps, not 'km'"),
                (["--unit", "m", "--baseline", "0"], "--baseline must be above 0"),
                (["--unit", "m", "--baseline", "100001"],
                 "--baseline must be a number from 0 to 100000, not '100001'"),
                (["--unit", "m", "--baseline", "200", "--step-pct", "25"],
                 "--step-pct must be a number from 10 to 20, not '25'"),
                (["--unit", "m", "--baseline", "200", "--every", "29"],
                 "--every must be a whole number from 1 to 28, not '29'"),
                (["--unit", "m"], "--baseline is required")):
            with self.subTest(extra=extra):
                err = self.bad("pace", "set", self.eid, *walking, *extra)
                self.assertEqual(err, "backrest: " + sentence + "\n")
        err = self.bad("pace", "set", self.eid, "--activity", "walk\ting", "--unit", "m",
                       "--baseline", "200")
        self.assertEqual(err, "backrest: --activity must be a short name on one line\n")
        self.set()
        day = walking + ["--date", "2026-03-05"]
        for extra, sentence in (
                (["--done", "10", "--recovered", "maybe"],
                 "--recovered must be one of no, yes, not 'maybe'"),
                (["--done", "-1"], "--done must be a number from 0 to 100000, not '-1'"),
                ([], "--done is required")):
            with self.subTest(extra=extra):
                err = self.bad("pace", "log", self.eid, *day, *extra)
                self.assertEqual(err, "backrest: " + sentence + "\n")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM pacing_logs")[0][0], 0)


if __name__ == "__main__":
    brtest.main()
