"""What the command line and the report say, in the words a clinic reads:
one wording of a change everywhere it is shown (the outcome, the review,
the HTML and PDF report), the overview's columns, the report on a
terminal, a questionnaire's standing note once, names rather than ids in
the PDF."""
import datetime
import json
import os
import pty
import re
import subprocess

import brtest

D = datetime.date


def days(a, b):
    x = D.fromisoformat(a)
    while x <= D.fromisoformat(b):
        yield x.isoformat()
        x += datetime.timedelta(days=1)


class WordingTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Wen Words")
        self.eid = self.episode(self.pid, "2026-01-01")

    def worsening(self):
        """Diary pain 6.7 (baseline week) -> 7.0 (latest week), with
        three sessions: a worsening of 0.3 points, 4 % of the baseline."""
        base = [7, 7, 7, 7, 6, 6, 7]
        for i, d in enumerate(days("2026-01-01", "2026-01-07")):
            self.ok("diary", "add", self.pid, "--date", d, "--pain",
                    base[i])
        for d in days("2026-01-08", "2026-03-10"):
            self.ok("diary", "add", self.pid, "--date", d, "--pain", 7)
        for d in ("2026-01-08", "2026-01-22", "2026-02-05"):
            self.ok("session", "add", self.eid, "--date", d, "--modality",
                    "acupuncture")

    def text(self, *args):
        rc, out, err = self.run_cli(*args)
        self.assertEqual(rc, 0, err)
        return out

    def test_one_wording_of_a_change(self):
        self.worsening()
        words = "up 0.3 points (4 % worse)"
        out = self.ok("outcome", self.eid)
        pain = next(f for f in out["diary"]["figures"]
                    if f["figure"] == "pain")
        self.assertEqual(pain["change"]["words"], words)
        self.assertIn(words, self.text("outcome", self.eid))
        review = self.text("review", self.eid)
        self.assertIn(words, review)
        self.assertNotIn("changed by", review)
        # never a signed percentage beside a word ("-4 % worse")
        self.assertNotRegex(review, r"-\d+ ?% (worse|better)")
        html = os.path.join(self.dir, "r.html")
        self.ok("report", self.eid, "--format", "html", "--out", html)
        self.assertIn(words, open(html, encoding="utf-8").read())

    def test_tier_in_words(self):
        # the worsening is below every tier of an important change: said
        # so in words, not "Not a responder none change"
        self.worsening()
        out = self.text("outcome", self.eid)
        self.assertNotIn("none", out)
        self.assertIn("no important change", out)
        pain = next(f for f in self.ok("outcome", self.eid)["diary"][
            "figures"] if f["figure"] == "pain")
        self.assertEqual(pain["change"]["tier"], "none")
        self.assertEqual(pain["change"]["tier_words"],
                         "no important change")

    def test_overview_columns(self):
        lines = [l for l in self.text("overview").splitlines()
                 if re.search(r"\d$|-$", l) and l.startswith("  ")]
        self.assertGreaterEqual(len(lines), 7)
        self.assertEqual(len({len(l) for l in lines}), 1, lines)
        keepers = next(l for l in lines if "diary keepers" in l)
        self.assertRegex(keepers, r"diary keepers, 7 days\s{2,}\d+$")

    def test_report_on_a_terminal(self):
        self.worsening()
        main, sub = pty.openpty()
        p = subprocess.run(brtest.WRAPPER + [brtest.BACKREST, "--db",
                                             self.db, "report",
                                             str(self.eid)],
                           stdout=sub, stderr=subprocess.PIPE,
                           env=self.env, timeout=600)
        os.close(sub)
        chunks = []
        while True:
            try:
                b = os.read(main, 65536)
            except OSError:
                break
            if not b:
                break
            chunks.append(b)
        os.close(main)
        out = " ".join(b"".join(chunks).decode().split())
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertFalse(out.lstrip().startswith("{"), out[:200])
        self.assertIn("Visit summary: Wen Words", out)
        self.assertIn("up 0.3 points (4 % worse)", out)
        self.assertIn("--format pdf", out)
        self.assertIn("--json", out)
        # not a terminal: the JSON document, as scripts expect
        rc, piped, err = self.run_cli("report", self.eid)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.ok("report", self.eid)["kind"],
                         "visit-summary")
        self.assertTrue(piped.lstrip().startswith("{"))

    def test_questionnaire_note_once(self):
        for d in ("2026-01-05", "2026-02-05", "2026-03-05"):
            self.ok("measure", "add", self.eid, "odi", "--answers",
                    "2,1,3,2,1,0,2,1,1,2", "--date", d)
        out = self.text("measure", "list", self.eid)
        self.assertEqual(out.count("No official cut-off"), 1, out)

    def test_pdf_names_and_wraps(self):
        self.worsening()
        self.ok("measure", "add", self.eid, "odi", "--answers",
                "2,1,3,2,1,0,2,1,1,2", "--date", "2026-01-05")
        self.ok("measure", "add", self.eid, "odi", "--answers",
                "1,1,2,1,1,0,1,1,1,1", "--date", "2026-03-05")
        pdf = os.path.join(self.dir, "r.pdf")
        self.ok("report", self.eid, "--format", "pdf", "--out", pdf)
        text = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                              capture_output=True, text=True,
                              check=True).stdout
        flat = " ".join(text.split())
        self.assertIn("Oswestry Disability", flat)
        self.assertIn("Index (ODI)", flat)
        self.assertNotRegex(text, r"(?m)^\s*odi\s")
        # cells wrap, never cut with "..."
        self.assertNotRegex(text, r"\w\.\.\.(\s|$)")
        self.assertIn("fewer than 3 days reported in a window", flat)


class ExercisePicturesTest(brtest.CliTest):
    def test_every_exercise_has_its_drawing(self):
        source = os.environ.get("BR_SOURCE_DIR",
                                os.path.join(os.path.dirname(__file__),
                                             "..", ".."))
        lib = json.load(open(os.path.join(source, "data",
                                          "exercises.json")))["ladders"]
        self.assertGreater(len(lib), 0)
        for ladder in lib:
            path = os.path.join(source, "web", "assets",
                                "exercise-" + ladder["id"] + ".svg")
            self.assertTrue(os.path.exists(path), path)
            svg = open(path, encoding="utf-8").read()
            self.assertIn("<title", svg)
            self.assertIn(ladder["label"], svg)
            self.assertIn(">start<", svg)
            self.assertIn(">end<", svg)


if __name__ == "__main__":
    brtest.main()
