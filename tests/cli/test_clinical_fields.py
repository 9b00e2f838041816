"""CLI: the field tables of the screen, measure, score, check-in and
visit requests (model/checks_clinical.c) refuse a value out of its range
or outside its vocabulary with one sentence naming the option as typed,
and store nothing; the help shows the table's range or vocabulary."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402


class ClinicalFieldsTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient(born="1980-06-01")
        self.eid = self.episode(self.pid, "2026-02-01")
        self.sid = self.ok("session", "add", self.eid, "--date", "2026-03-01",
                           "--modality", "massage", "--pain-after", "3")["id"]

    def cases(self):
        e, s = self.eid, self.sid
        return [
            # (argv, option named, words of the sentence)
            (["screen", e, "--flag", "no-such-flag"], "--flag",
             "is not a red-flag id"),
            (["screen", e, "--date", "2026-13-01"], "--date", "--date"),
            (["screen", e, "--none", "--flag", "fever"], "--none",
             "cannot be combined"),
            (["measure", "add", e, "nrs", "--answers", "3", "--date",
              "2026-02-30"], "--date", "--date"),
            (["measure", "add", e, "nrs", "--answers", "3,x"], "--answers",
             "answer 2 is 'x'"),
            (["score", "nrs", "--answers", "-1"], "--answers",
             "answer 1 is '-1'"),
            (["score", "nrs"], "--answers", "--answers is required"),
            (["checkin", "add", s, "--soreness", "11", "--energy", "same",
              "--mood", "same"], "--soreness", "from 0 to 10"),
            (["checkin", "add", s, "--soreness", "2", "--energy", "meh",
              "--mood", "same"], "--energy", "worse"),
            (["checkin", "add", s, "--energy", "same", "--mood", "same"],
             "--soreness", "--soreness is required"),
            (["checkin", "add", s, "--soreness", "2", "--energy", "same",
              "--mood", "same", "--date", "2026-03-01"], "--date",
             "after the session's date"),
            (["visit", "book", e, "--at", "2026-03-20T10:00", "--minutes",
              "4"], "--minutes", "from 5 to 480"),
            (["visit", "book", e, "--at", "2026-03-20T10:00", "--where",
              "office"], "--where", "clinic"),
            (["visit", "book", e, "--at", "2026-03-20T10:00", "--where",
              "home"], "--address", "required for a home visit"),
            (["visit", "book", e, "--at", "2026-03-20T10:00", "--address",
              "1 Main St"], "--address", "only for a home visit"),
            (["visit", "propose", e, "--sessions", "6", "--per-week", "8"],
             "--per-week", "--per-week"),
            (["visit", "book-course", e, "--sessions", "101",
              "--per-week", "1"], "--sessions", "from 1 to 100"),
            (["herbal", "add", e, "--english", "Tea", "--form", "tea",
              "--dose", "1 cup"], "--form", "decoction"),
            (["herbal", "add", e, "--pinyin", "独活", "--form", "granules",
              "--dose", "6 g"], "--pinyin", "Latin letters"),
            (["herbal", "add", e, "--form", "granules", "--dose", "6 g"],
             "--pinyin", "needs a name"),
            (["herbal", "add", e, "--english", "Tea", "--form", "granules"],
             "--dose", "--dose is required"),
            (["tcm", "add", s, "--pulse-rate", "201"], "--pulse-rate",
             "from 30 to 200"),
            (["tcm", "add", s, "--tongue-moisture", "soggy"],
             "--tongue-moisture", "dry"),
            (["tcm", "add", s, "--tongue-colour", "green"],
             "--tongue-colour", "green"),
            (["tcm", "add", s, "--pulse", "floating,deep"], "--pulse",
             "exclude each other"),
            (["intake", e, "--pillows", "7"], "--pillows", "from 0 to 6"),
            (["intake", e, "--work", "office"], "--work", "desk"),
            (["intake", e, "--aggravating", "flying"], "--aggravating",
             "flying"),
            (["intake", e, "--cigarettes-per-day", "5"],
             "--cigarettes-per-day", "needs --smoking current"),
            (["intake", e, "--medicine", "ibuprofen|400 mg|candy"],
             "--medicine", "the kind must be"),
            (["intake", e, "--clear", "shoe_size"], "--clear", "shoe_size"),
        ]

    def test_refused_with_the_option_as_typed(self):
        for argv, flag, words in self.cases():
            with self.subTest(argv=argv):
                self.bad(*argv, field=flag, contains=words)

    def test_help_shows_the_table(self):
        rc, out, err = self.run_cli("screen", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("--date YYYY-MM-DD", out)
        self.assertIn("no red flag found", out)
        rc, out, err = self.run_cli("measure", "add", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("the day it was answered (default: today)", out)
        rc, out, err = self.run_cli("checkin", "add", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("--soreness 0-10", out)
        self.assertIn("--energy worse|same|better", out)
        rc, out, err = self.run_cli("visit", "book", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("--minutes 5-480", out)
        self.assertIn("--where clinic|home", out)
        rc, out, err = self.run_cli("herbal", "add", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("--form decoction|granules|", out)
        rc, out, err = self.run_cli("tcm", "add", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("--pulse-rate 30-200", out)
        self.assertIn("--tongue-moisture dry|normal|moist|wet", out)
        rc, out, err = self.run_cli("intake", "--help")
        self.assertEqual(rc, 0, err)
        self.assertIn("--pillows 0-6", out)
        self.assertIn("--weight-kg 25-350", out)


if __name__ == "__main__":
    brtest.main()
