"""backrest outcome and backrest report: the figures against an independent
computation from the stored rows (numpy), the minimum-data rules, the
floor, how sessions landed, and the report in its three formats (the PDF
rendered with poppler's pdftoppm: exactly one page, not blank)."""
import datetime
import json
import math
import os
import re
import subprocess

import numpy as np

import brtest

D = datetime.date


def days(a, b):
    """Dates a..b inclusive as ISO strings."""
    x = D.fromisoformat(a)
    while x <= D.fromisoformat(b):
        yield x.isoformat()
        x += datetime.timedelta(days=1)


def r1(v):
    """C's round(): half away from zero, one decimal."""
    return math.floor(abs(v) * 10 + 0.5) / 10 * (1 if v >= 0 else -1)


def clock(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def tst(bed, try_, sol, waso, final, up):
    """Total sleep time from the diary's clock fields (Consensus Sleep Diary)."""
    t = clock(try_)
    f = clock(final)
    if f < t:
        f += 1440
    return f - t - sol - waso


class OutcomeTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ana <b>&amp; Co</b>")
        self.eid = self.episode(self.pid, "2025-12-01")

    def diary(self, date, pain=None, quality=None, wakes=None, night=None):
        args = ["diary", "add", self.pid, "--date", date]
        if pain is not None:
            args += ["--pain", pain]
        if quality is not None:
            args += ["--quality", quality]
        if wakes is not None:
            args += ["--wakes", wakes]
        if night:
            bed, try_, sol, waso, final, up = night
            args += ["--bed", bed, "--try", try_, "--sol", sol, "--waso",
                     waso, "--final", final, "--up", up]
        self.ok(*args)

    def session(self, date, modality="acupuncture", before=None, after=None):
        args = ["session", "add", self.eid, "--date", date, "--modality",
                modality]
        if before is not None:
            args += ["--pain-before", before, "--pain-after", after]
        return self.ok(*args)

    def fig(self, out, name):
        return next(f for f in out["diary"]["figures"] if f["figure"] == name)

    def test_figures_match_an_independent_computation(self):
        rng = np.random.default_rng(5)
        nights = {}
        for d in days("2026-01-01", "2026-03-10"):
            if rng.random() < 0.2:
                continue
            sol, waso = int(rng.integers(5, 60)), int(rng.integers(0, 90))
            night = ("23:00", "23:15", sol, waso, "06:40", "07:10")
            pain = int(rng.integers(2, 9))
            self.diary(d, pain=pain, quality=int(rng.integers(0, 5)),
                       wakes=int(rng.integers(1, 5)), night=night)
            nights[d] = tst(*night)
        for d in ("2026-01-20", "2026-01-27", "2026-02-03", "2026-02-10"):
            self.session(d, before=6, after=4)
        out = self.ok("outcome", self.eid)
        rows = {r[0]: r[1:] for r in self.sql(
            "SELECT day, pain, quality, wakes FROM diary_days WHERE "
            "patient_id = ?", self.pid)}
        windows = {"baseline": ("2026-01-13", "2026-01-19"),
                   "latest": ("2026-03-04", "2026-03-10")}
        for key, (a, b) in windows.items():
            w = out["diary"][key]
            self.assertEqual((w["from"], w["to"]), (a, b))
            inside = [d for d in days(a, b) if d in rows]
            self.assertEqual(w["diary_days"], len(inside))
            for name, col in (("pain", 0), ("sleep_quality", 1),
                              ("awakenings", 2)):
                vals = [rows[d][col] for d in inside]
                got = self.fig(out, name)[key]
                self.assertEqual(got["days_reported"], len(vals))
                self.assertEqual(got["days"], 7)
                self.assertAlmostEqual(got["completeness"],
                                       round(len(vals) / 7, 2))
                if len(vals) >= 3:
                    self.assertAlmostEqual(got["mean"],
                                           r1(float(np.mean(vals))))
            vals = [nights[d] for d in inside]
            self.assertAlmostEqual(self.fig(out, "tst_min")[key]["mean"],
                                   round(float(np.mean(vals))))
        pain = self.fig(out, "pain")
        b, l = pain["baseline"]["mean"], pain["latest"]["mean"]
        c = pain["change"]
        self.assertAlmostEqual(c["change"], r1(l - b))
        self.assertAlmostEqual(c["percent"], round((b - l) / b * 100, 1))
        pct = (b - l) / b * 100
        self.assertEqual(c["responder_points"], b - l >= 2 - 1e-9)
        self.assertEqual(c["responder_percent"], pct >= 30 - 1e-9)
        tier = ("worse" if l - b >= 2 - 1e-9 else "substantial" if pct >= 50
                else "moderate" if pct >= 30 else "minimal" if pct >= 10
                else "none")
        self.assertEqual(c["tier"], tier)
        self.assertEqual(pain["mcid"]["points"], 2)
        # sleep figures: direction only, no responder flags
        q = self.fig(out, "sleep_quality")["change"]
        self.assertIsNone(q["tier"])
        self.assertIsNone(q["responder_points"])

    def test_minimum_data_and_floor(self):
        # baseline: 3 days at pain 0 (floor); latest: only 2 days
        for d in ("2026-01-05", "2026-01-06", "2026-01-08"):
            self.diary(d, pain=0, quality=2)
        self.session("2026-01-10")
        for d in ("2026-03-01", "2026-03-03"):
            self.diary(d, pain=1)
        out = self.ok("outcome", self.eid)
        pain = self.fig(out, "pain")
        self.assertEqual(pain["baseline"]["mean"], 0)
        self.assertIsNone(pain["latest"]["mean"])
        self.assertEqual(pain["latest"]["days_reported"], 2)
        self.assertIsNone(pain["change"])
        self.assertIn("fewer than 3", pain["not_assessed"])
        self.diary("2026-02-28", pain=1)
        pain = self.fig(self.ok("outcome", self.eid), "pain")
        self.assertEqual(pain["change"]["tier"], "cannot-assess")
        self.assertIsNone(pain["change"]["responder_points"])
        self.assertTrue(pain["change"]["cannot_assess"])

    def test_no_diary_and_no_session(self):
        out = self.ok("outcome", self.eid)
        self.assertFalse(out["diary"]["baseline"]["defined"])
        self.assertIn("no session", out["diary"]["baseline"]["rule"])
        self.assertIsNone(self.fig(out, "pain")["change"])
        self.assertEqual(out["instruments"], [])
        self.bad("outcome", "999", contains="no episode 999")

    def test_instruments(self):
        rmdq_low = "1,1,1," + ",".join(["0"] * 21)  # 3: below the floor
        rmdq_hi = ",".join(["1"] * 14 + ["0"] * 10)  # 14
        self.ok("measure", "add", self.eid, "rmdq", "--answers", rmdq_hi,
                "--date", "2026-01-05")
        self.ok("measure", "add", self.eid, "rmdq", "--answers",
                ",".join(["1"] * 8 + ["0"] * 16), "--date", "2026-02-05")
        self.ok("measure", "add", self.eid, "peg", "--answers", "6,6,6",
                "--date", "2026-01-05")
        self.ok("measure", "add", self.eid, "isi", "--answers",
                "1,0,0,0,0,0,0", "--date", "2026-01-05")
        self.ok("measure", "add", self.eid, "isi", "--answers",
                "1,1,0,0,0,0,0", "--date", "2026-02-05")
        self.ok("measure", "add", self.eid, "startback", "--answers",
                "1,1,1,1,0,0,0,0,1", "--date", "2026-01-05")
        out = self.ok("outcome", self.eid)
        ins = {x["instrument"]: x for x in out["instruments"]}
        r = ins["rmdq"]
        self.assertEqual((r["baseline"]["score"], r["latest"]["score"]),
                         (14, 8))
        self.assertEqual(r["change"]["change"], -6)
        self.assertEqual(r["change"]["responder_points"], True)  # >= 5
        self.assertEqual(r["change"]["responder_percent"], True)  # 43%
        self.assertIn("given once", ins["peg"]["not_assessed"])
        self.assertIn("screening", ins["startback"]["not_assessed"])
        # ISI 1 -> 2 is not at the floor of 0 but close; the change rule
        # decides
        self.assertIn(ins["isi"]["change"]["tier"],
                      ("none", "worse", "cannot-assess"))
        # RMDQ below 4 at baseline cannot show improvement (Stratford et al. 1996)
        eid2 = self.episode(self.pid, "2026-01-01")
        self.ok("measure", "add", eid2, "rmdq", "--answers", rmdq_low,
                "--date", "2026-01-05")
        self.ok("measure", "add", eid2, "rmdq", "--answers",
                ",".join(["0"] * 24), "--date", "2026-02-05")
        r = self.ok("outcome", eid2)["instruments"][0]
        self.assertEqual(r["change"]["tier"], "cannot-assess")
        self.assertIsNone(r["change"]["responder_points"])

    def test_how_sessions_landed(self):
        pains = {"2026-01-07": 7, "2026-01-08": 8, "2026-01-09": 6,
                 "2026-01-11": 5, "2026-01-12": 4, "2026-01-16": 3}
        for d, p in pains.items():
            self.diary(d, pain=p, quality=2)
        self.diary("2026-01-11", quality=3, night=("23:00", "23:00", 10, 20,
                                                   "07:00", "07:00"))
        self.session("2026-01-10", "acupuncture", 7, 5)
        self.session("2026-01-14", "massage")
        out = self.ok("outcome", self.eid)
        land = out["landing"]
        self.assertIn("natural recovery", land["caveat"])
        s1, s2 = land["sessions"]
        self.assertEqual(s1["session_change"], -2)
        self.assertEqual(s1["diary_before"]["mean"], 7.0)
        self.assertEqual(s1["diary_after"]["mean"], 4.5)
        self.assertEqual(s1["diary_change"], -2.5)
        self.assertEqual(s1["next_night"]["sleep_quality"], 3)
        self.assertEqual(s1["next_night"]["tst_min"], 450)
        # after 14 Jan only 16 Jan: 1 of 3 days, no change shown
        self.assertEqual(s2["diary_after"]["days_reported"], 1)
        self.assertIsNone(s2["diary_after"]["mean"])
        self.assertIsNone(s2["diary_change"])
        self.assertIsNone(s2["session_change"])
        mods = {m["modality"]: m for m in land["by_modality"]}
        self.assertEqual(mods["acupuncture"]["sessions"], 1)
        self.assertEqual(mods["acupuncture"]["diary_change"]["mean"], -2.5)
        self.assertEqual(mods["massage"]["diary_change"]["sessions"], 0)
        rc, text, _ = self.run_cli("outcome", self.eid)
        self.assertEqual(rc, 0)
        self.assertIn("natural recovery", text)

    def test_report_formats(self):
        for d in days("2026-01-01", "2026-03-10"):
            self.diary(d, pain=6 if d < "2026-02-01" else 3, quality=2)
        for d in ("2026-01-20", "2026-02-20", "2026-03-05"):
            self.session(d, before=6, after=4)
        self.ok("screen", self.eid, "--none")
        doc = self.ok("report", self.eid, "--format", "json")
        self.assertEqual(list(doc)[:5], ["kind", "generated_on", "patient",
                                         "episode", "red_flags"])
        self.assertEqual(doc["red_flags"]["status"], "none")
        self.assertEqual(len(doc["series"]["pain"]),
                         (D(2026, 3, 10) - D.fromisoformat(
                             doc["series"]["from"])).days + 1)
        self.assertEqual([s["date"] for s in
                          doc["treatments_since"]["sessions"]],
                         ["2026-02-20", "2026-03-05"])
        self.assertEqual(doc["adherence"]["diary_last_28_days"]["kept"], 28)
        self.assertIsNone(doc["plan"])
        self.assertIsNone(doc["adherence"]["exercise"])
        self.assertEqual(doc["trial_decision"]["decision"], "continue")
        html = os.path.join(self.dir, "r.html")
        pdf = os.path.join(self.dir, "r.pdf")
        self.ok("report", self.eid, "--format", "html", "--out", html)
        self.ok("report", self.eid, "--format", "pdf", "--out", pdf)
        text = open(html, encoding="utf-8").read()
        # self-contained: nothing fetched, no script; the name escaped
        self.assertNotRegex(text, r"(src|href)\s*=")
        self.assertNotIn("<script", text)
        self.assertNotIn("<b>", text)
        self.assertIn("Ana &lt;b&gt;&amp;amp; Co&lt;/b&gt;", text)
        self.assertIn("@media print", text)
        order = [text.index(f'id="{s}"') for s in
                 ("red-flags", "trend", "questionnaires", "treatments",
                  "adherence", "plan")]
        self.assertEqual(order, sorted(order))
        self.assertEqual(text.count("<svg"), 3)
        self.assert_one_page_not_blank(pdf)
        # bad input
        self.bad("report", self.eid, "--format", "pdf", field="out")
        self.bad("report", self.eid, "--format", "docx", field="format")

    def test_report_plan_home_program_and_trial_decision(self):
        for d in days("2026-01-20", "2026-03-10"):
            self.diary(d, pain=7 if d < "2026-02-01" else 3, quality=2)
        self.ok("plan", "add", self.eid, "--treatment", "acupuncture")
        for d in ("2026-02-01", "2026-02-08", "2026-02-15", "2026-02-22"):
            self.session(d, before=6, after=4)
        self.ok("exercise", "assign", self.eid, "--exercise",
                "squat-supported", "--today", "2026-02-20")
        for d in ("2026-03-01", "2026-03-03", "2026-03-05"):
            self.ok("exercise", "log", self.eid, "--exercise",
                    "squat-supported", "--date", d, "--reps", 8,
                    "--pain-during", 3)
        self.ok("pace", "set", self.eid, "--activity", "walking", "--unit",
                "m", "--baseline", "200", "--today", "2026-03-01")
        for d in ("2026-03-02", "2026-03-04"):
            self.ok("pace", "log", self.eid, "--activity", "walking",
                    "--date", d, "--done", 160)
        doc = self.ok("report", self.eid, "--format", "json")
        self.assertEqual(doc["plan"]["items"][0]["treatment"], "acupuncture")
        self.assertEqual(doc["plan"]["items"][0]["trial"], 4)
        td = doc["trial_decision"]
        self.assertEqual(td["decision"], "continue")  # 7 -> 3
        a = doc["adherence"]
        self.assertEqual(a["exercise"]["logged_days_last_28"], 3)
        self.assertEqual(a["pacing"]["logged_days_last_28"], 2)
        weeks = a["weekly"]
        self.assertEqual(len(weeks["exercise"]), len(weeks["diary"]))
        self.assertIsNone(weeks["exercise"][0])  # before the program
        self.assertIsNotNone(weeks["exercise"][-1])
        html = os.path.join(self.dir, "r.html")
        self.ok("report", self.eid, "--format", "html", "--out", html)
        text = open(html, encoding="utf-8").read()
        self.assertIn("Trial review: continue", text)
        self.assertIn("exercise done", text)
        self.assertIn("pacing logged", text)
        pdf = os.path.join(self.dir, "r.pdf")
        self.ok("report", self.eid, "--format", "pdf", "--out", pdf)
        self.assert_one_page_not_blank(pdf)

    def assert_one_page_not_blank(self, pdf):
        info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                              text=True, check=True).stdout
        self.assertRegex(info, r"Pages:\s+1\n")
        self.assertIn("595.28 x 841.89", info)  # A4
        base = os.path.join(self.dir, "page")
        subprocess.run(["pdftoppm", "-r", "40", "-gray", pdf, base],
                       check=True)
        pages = sorted(f for f in os.listdir(self.dir)
                       if f.startswith("page") and f.endswith(".pgm"))
        self.assertEqual(len(pages), 1)
        data = open(os.path.join(self.dir, pages[0]), "rb").read()
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        px = np.frombuffer(data[m.end():m.end() + w * h], dtype=np.uint8)
        ink = float(np.mean(px < 200))
        self.assertGreater(ink, 0.01, "the page is blank")
        # ink in the top, the middle (the chart) and the lower half
        rows = px.reshape(h, w)
        for a, b in ((0.05, 0.2), (0.3, 0.55), (0.6, 0.9)):
            part = rows[int(h * a):int(h * b)]
            self.assertGreater(float(np.mean(part < 200)), 0.002)

    def test_red_flags_first_and_loud(self):
        self.ok("screen", self.eid, "--flag", "saddle-anaesthesia")
        doc = self.ok("report", self.eid, "--format", "json")
        self.assertEqual(doc["red_flags"]["status"], "emergency")
        self.assertIn("saddle-anaesthesia", doc["red_flags"]["flags"])
        pdf = os.path.join(self.dir, "r.pdf")
        self.ok("report", self.eid, "--format", "pdf", "--out", pdf)
        self.assert_one_page_not_blank(pdf)


class DemoOutcomeTest(brtest.CliTest):
    def test_demo_episodes_agree_with_the_rows(self):
        self.ok("demo", "--patients", 8, "--days", 90, "--seed", 11)
        eps = self.sql("SELECT patient_id, episode_id FROM episodes")
        for pid, eid in eps:
            out = self.ok("outcome", eid)
            first = self.sql("SELECT min(day) FROM sessions WHERE "
                             "episode_id = ?", eid)[0][0]
            rows = dict(self.sql("SELECT day, pain FROM diary_days WHERE "
                                 "patient_id = ? AND pain IS NOT NULL",
                                 pid))
            b = out["diary"]["baseline"]
            if first:
                f = D.fromisoformat(first)
                self.assertEqual(b["to"], (f - datetime.timedelta(1))
                                 .isoformat())
            vals = [rows[d] for d in days(b["from"], b["to"]) if d in rows]
            got = self.fig_pain(out)["baseline"]
            self.assertEqual(got["days_reported"], len(vals))
            if len(vals) >= 3:
                self.assertAlmostEqual(got["mean"], r1(np.mean(vals)))
            rep = self.ok("report", eid, "--format", "json")
            self.assertEqual(rep["outcome"], out)

    def fig_pain(self, out):
        return out["diary"]["figures"][0]


if __name__ == "__main__":
    brtest.main()
