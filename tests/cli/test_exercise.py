"""CLI tests for the home exercise program: exercise assign|log|next|
library, the progression rule of docs/clinical/exercise-and-pacing.md end to end (regress,
hold, progress, the red-flag override) and bad input."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

NEXT_KEYS = {"exercise", "ladder", "level", "reps", "every", "usual_morning", "advice",
             "next", "reasons"}


class ExerciseTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()
        self.eid = self.episode(self.pid, "2025-10-01")

    def assign(self, exercise, *extra, on="2026-03-05"):
        return self.ok("exercise", "assign", self.eid, "--exercise", exercise, "--today", on,
                       *extra)

    def log(self, exercise, date, reps, during, *extra):
        return self.ok("exercise", "log", self.eid, "--exercise", exercise, "--date", date,
                       "--reps", reps, "--pain-during", during, *extra)

    def next(self):
        docs = self.ok("exercise", "next", self.eid)
        for d in docs:
            self.assertEqual(set(d), NEXT_KEYS)
        return {d["exercise"]: d for d in docs}

    def test_library(self):
        lib = self.ok("exercise", "library")
        ladders = {l["ladder"]: [x["id"] for x in l["levels"]] for l in lib}
        self.assertEqual(ladders["squat"], ["squat-supported", "squat-bodyweight",
                                            "squat-goblet"])
        self.assertEqual(ladders["hip-hinge"], ["hip-hinge-double-leg",
                                                "hip-hinge-single-leg"])
        self.assertEqual(ladders["lunge"], ["lunge-supported", "lunge"])
        self.assertEqual(ladders["bridge"], ["bridge", "bridge-single-leg"])
        for name in ("bird-dog", "cat-camel", "knee-to-chest"):
            self.assertIn(name, ladders)
        for l in lib:
            for x in l["levels"]:
                self.assertTrue(5 <= x["reps"] <= 10 and 2 <= x["every"] <= 3, x)
                self.assertTrue(x["cues"])

    def test_assign_defaults_and_usual_morning(self):
        for d, p in [("2026-03-05", 3), ("2026-03-07", 4), ("2026-03-09", 4)]:
            self.ok("diary", "add", self.pid, "--date", d, "--pain", p)
        x = self.assign("squat-supported", on=brtest.TODAY)
        self.assertEqual((x["exercise"], x["ladder"], x["level"], x["reps"], x["every"]),
                         ("squat-supported", "squat", 1, 10, 2))
        self.assertEqual((x["usual_morning"], x["date"]), (4, brtest.TODAY))  # 3.67 rounded
        self.assertTrue(x["cues"])
        x = self.assign("bridge", "--reps", "6", "--every", "3", "--usual-morning", "2")
        self.assertEqual((x["reps"], x["every"], x["usual_morning"]), (6, 3, 2))
        # A new level of the same ladder replaces the old prescription.
        self.assign("squat-bodyweight")
        self.assertEqual(sorted(self.next()), ["bridge", "squat-bodyweight"])
        rows = self.sql("SELECT exercise, active FROM exercise_prescriptions ORDER BY 1")
        self.assertEqual(rows, [("bridge", 1), ("squat-bodyweight", 1),
                                ("squat-supported", 0)])

    def test_usual_morning_unknown_without_diary(self):
        x = self.assign("cat-camel")
        self.assertIsNone(x["usual_morning"])
        self.log("cat-camel", "2026-03-08", 10, 2, "--next-morning", 1)
        self.log("cat-camel", "2026-03-10", 10, 2, "--next-morning", 1)
        n = self.next()["cat-camel"]
        self.assertEqual(n["advice"], "hold")
        self.assertTrue(any("usual morning pain is not known" in r for r in n["reasons"]))

    def test_progress_after_two_tolerated_sessions(self):
        self.assign("squat-supported", "--usual-morning", "3")
        self.log("squat-supported", "2026-03-06", 10, 5, "--next-morning", 3)
        n = self.next()["squat-supported"]
        self.assertEqual(n["advice"], "hold")
        self.assertEqual(n["next"], {"exercise": "squat-supported", "reps": 10, "every": 2})
        self.log("squat-supported", "2026-03-08", 10, 4)
        n = self.next()["squat-supported"]
        self.assertEqual(n["advice"], "hold")
        self.assertTrue(any("not logged yet" in r for r in n["reasons"]))
        # Next-morning pain arrives the next day: merged into the log.
        l = self.ok("exercise", "log", self.eid, "--exercise", "squat-supported", "--date",
                    "2026-03-08", "--next-morning", "3")
        self.assertEqual((l["reps"], l["pain_during"], l["next_morning"]), (10, 4, 3))
        n = self.next()["squat-supported"]
        self.assertEqual(n["advice"], "progress")
        self.assertEqual((n["level"], n["next"]),
                         (1, {"exercise": "squat-bodyweight", "reps": 8, "every": 2}))

    def test_regress(self):
        self.assign("squat-bodyweight", "--usual-morning", "2")
        self.log("squat-bodyweight", "2026-03-09", 8, 6)
        n = self.next()["squat-bodyweight"]
        self.assertEqual(n["advice"], "regress")
        self.assertEqual(n["next"], {"exercise": "squat-supported", "reps": 10, "every": 2})
        self.assertTrue(any("6/10, above 5/10" in r for r in n["reasons"]))
        # Next morning usual + 2 regresses; usual + 1 holds.
        self.log("squat-bodyweight", "2026-03-09", 8, 3, "--next-morning", 4)
        self.assertEqual(self.next()["squat-bodyweight"]["advice"], "regress")
        self.log("squat-bodyweight", "2026-03-09", 8, 3, "--next-morning", 3)
        self.assertEqual(self.next()["squat-bodyweight"]["advice"], "hold")
        self.log("squat-bodyweight", "2026-03-10", 8, 2, "--rom-loss")
        n = self.next()["squat-bodyweight"]
        self.assertEqual(n["advice"], "regress")
        self.assertTrue(any("range of motion" in r for r in n["reasons"]))
        self.assign("knee-to-chest", "--usual-morning", "2")
        self.log("knee-to-chest", "2026-03-10", 10, 1, "--reinjury")
        n = self.next()["knee-to-chest"]
        self.assertEqual((n["advice"], n["next"]["exercise"], n["next"]["reps"]),
                         ("regress", "knee-to-chest", 8))

    def test_red_flag_overrides(self):
        self.assign("bridge", "--usual-morning", "3")
        self.log("bridge", "2026-03-08", 10, 2, "--next-morning", 2)
        self.log("bridge", "2026-03-10", 10, 2, "--next-morning", 2)
        self.assertEqual(self.next()["bridge"]["advice"], "progress")
        self.ok("screen", self.eid, "--flag", "bladder-dysfunction")
        n = self.next()["bridge"]
        self.assertEqual((n["advice"], n["next"]), ("refer", None))
        self.bad("exercise", "assign", self.eid, "--exercise", "lunge",
                 contains="uncleared red-flag screen")

    def test_bad_input(self):
        self.assign("bridge")
        self.bad("exercise", "assign", self.eid, "--exercise", "plank", field="exercise")
        self.bad("exercise", "assign", self.eid, "--exercise", "bridge", "--reps", "0",
                 field="reps")
        self.bad("exercise", "assign", self.eid, "--exercise", "bridge", "--every", "15",
                 field="every")
        self.bad("exercise", "assign", self.eid, "--exercise", "bridge", "--usual-morning",
                 "11", field="--usual-morning")
        self.bad("exercise", "log", self.eid, "--exercise", "bridge", "--date", "2026-03-10",
                 "--reps", "10", "--pain-during", "11", field="--pain-during")
        self.bad("exercise", "log", self.eid, "--exercise", "bridge", "--date", "2026-03-10",
                 "--reps", "10", field="--pain-during")
        self.bad("exercise", "log", self.eid, "--exercise", "bridge", "--date", "2026-03-10",
                 "--pain-during", "3", field="reps")
        self.bad("exercise", "log", self.eid, "--exercise", "bridge", "--date", "2026-03-11",
                 "--reps", "10", "--pain-during", "3", field="date")
        self.bad("exercise", "log", self.eid, "--exercise", "bridge", "--date", "2026-03-01",
                 "--reps", "10", "--pain-during", "3", field="date",
                 contains="before the exercise was assigned")
        self.bad("exercise", "log", self.eid, "--exercise", "lunge", "--date", "2026-03-10",
                 "--reps", "10", "--pain-during", "3", field="exercise",
                 contains="not assigned")
        self.bad("exercise", "log", self.eid, "--exercise", "bridge", "--reps", "10",
                 "--pain-during", "3", field="date")
        self.bad("exercise", "next", "77", contains="no episode 77")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM exercise_logs")[0][0], 0)

    def test_ranges_and_vocabularies_from_the_model_table(self):
        # The help shows the assignment and log tables' ranges; a value
        # outside them, or an exercise outside the library, is refused
        # with one sentence naming the option as typed.
        out = self.run_cli("exercise", "assign", "--help")[1]
        for shown in ("--reps 1-100", "--every 1-14", "--usual-morning 0-10"):
            self.assertIn(shown, out)
        out = self.run_cli("exercise", "log", "--help")[1]
        for shown in ("--date YYYY-MM-DD", "--reps 0-1000", "--pain-during 0-10",
                      "--next-morning 0-10"):
            self.assertIn(shown, out)
        for extra, sentence in (
                (["--every", "15"], "--every must be a whole number from 1 to 14, not '15'"),
                (["--reps", "101"], "--reps must be a whole number from 1 to 100, not '101'"),
                (["--usual-morning", "11"],
                 "--usual-morning must be a whole number from 0 to 10, not '11'")):
            with self.subTest(extra=extra):
                err = self.bad("exercise", "assign", self.eid, "--exercise", "bridge", *extra)
                self.assertEqual(err, "backrest: " + sentence + "\n")
        err = self.bad("exercise", "assign", self.eid, "--exercise", "plank")
        self.assertEqual(err, "backrest: --exercise 'plank' is not in the library (see backrest "
                              "exercise library)\n")
        self.assign("bridge")
        day = ["--exercise", "bridge", "--date", "2026-03-10"]
        for extra, sentence in (
                (["--reps", "1001", "--pain-during", "3"],
                 "--reps must be a whole number from 0 to 1000, not '1001'"),
                (["--reps", "10", "--pain-during", "11"],
                 "--pain-during must be a whole number from 0 to 10, not '11'"),
                (["--reps", "10", "--pain-during", "3", "--next-morning", "12"],
                 "--next-morning must be a whole number from 0 to 10, not '12'"),
                (["--pain-during", "3"],
                 "--reps is needed for the first log of bridge on 2026-03-10")):
            with self.subTest(extra=extra):
                err = self.bad("exercise", "log", self.eid, *day, *extra)
                self.assertEqual(err, "backrest: " + sentence + "\n")
        err = self.bad("exercise", "log", self.eid, "--exercise", "plank", "--date", "2026-03-10",
                       "--reps", "10", "--pain-during", "3")
        self.assertIn("--exercise 'plank' is not in the library", err)
        self.assertEqual(self.sql("SELECT COUNT(*) FROM exercise_logs")[0][0], 0)


if __name__ == "__main__":
    brtest.main()
