"""backrest cohort and backrest reindex: the series cache is kept in step
with every diary write and rebuildable from the table; the cohort figures
match an independent computation from diary_days (numpy), per patient and
in aggregate; grouping, periods and bad input."""
import datetime
import json
import sqlite3

import numpy as np

import brtest


def day_number(iso):
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def reference(db, from_=None, to=None):
    """Per patient (n1, r1, b1, n2, r2, b2) straight from diary_days."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT patient_id, day, pain, quality FROM diary_days "
                       "ORDER BY patient_id, day").fetchall()
    con.close()
    by = {}
    for pid, day, pain, q in rows:
        d = day_number(day)
        if from_ and d < day_number(from_) or to and d > day_number(to):
            continue
        by.setdefault(pid, {})[d] = (pain, q)
    out = {}
    for pid, days in by.items():
        x1 = [(q, p) for p, q in days.values() if p is not None and q is not None]
        x2 = [(p, days[d + 1][1]) for d, (p, q) in days.items()
              if p is not None and d + 1 in days and days[d + 1][1] is not None]
        res = []
        for pairs in (x1, x2):
            n = len(pairs)
            r = b = None
            if n >= 14:
                a = np.array(pairs, dtype=float)
                if a[:, 0].std() > 0 and a[:, 1].std() > 0:
                    r = float(np.corrcoef(a[:, 0], a[:, 1])[0, 1])
                    b = float(np.cov(a[:, 0], a[:, 1], ddof=1)[0, 1] /
                              a[:, 0].std(ddof=1))
            res += [n, r, b]
        out[pid] = res
    return out


class CohortTest(brtest.CliTest):
    def demo(self, patients=30, days=60):
        self.ok("demo", "--patients", patients, "--days", days, "--seed", 4)

    def check_cache(self):
        got = self.ok("reindex", "--check")
        self.assertEqual(got["different"], 0, got)
        self.assertEqual(got["orphans"], 0, got)
        self.assertFalse(got["rebuilt"])
        return got

    def assert_matches_reference(self, got, ref):
        per = {row[0]: row[1:] for row in got["per_patient"]}
        self.assertEqual(set(per), set(ref))
        for pid, r in ref.items():
            for x, y in zip(per[pid], r):
                if y is None:
                    self.assertIsNone(x)
                else:
                    self.assertAlmostEqual(x, y, delta=1e-9)
        for key, col in (("sleep_to_pain", 1), ("pain_to_sleep", 4)):
            vals = [r[col] for r in ref.values() if r[col] is not None]
            dist = got[key]["r"]
            self.assertEqual(dist["patients"], len(vals))
            if vals:
                self.assertAlmostEqual(dist["mean"], float(np.mean(vals)),
                                       delta=1e-9)
                self.assertAlmostEqual(dist["median"],
                                       float(np.median(vals)), delta=1e-9)
                self.assertAlmostEqual(dist["p10"],
                                       float(np.quantile(vals, 0.1)),
                                       delta=1e-9)
                self.assertAlmostEqual(dist["p90"],
                                       float(np.quantile(vals, 0.9)),
                                       delta=1e-9)
                self.assertEqual(sum(dist["histogram"]), len(vals))

    def test_demo_cache_and_figures(self):
        self.demo()
        self.check_cache()
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["patients"], 30)
        self.assertEqual(got["episodes"], 30)
        self.assert_matches_reference(got, reference(self.db))
        n_days = self.sql("SELECT count(*) FROM diary_days")[0][0]
        self.assertEqual(got["diary"]["days"], n_days)
        self.assertTrue(0 < got["diary"]["completeness"] <= 1)
        self.assertIsNone(got["responders"]["rates"])

    def test_period(self):
        self.demo()
        got = self.ok("cohort", "--per-patient", "--from", "2026-01-20",
                      "--to", "2026-02-25")
        self.assertEqual(got["from"], "2026-01-20")
        self.assert_matches_reference(
            got, {k: v for k, v in reference(self.db, "2026-01-20",
                                             "2026-02-25").items()})

    def test_every_write_keeps_the_cache(self):
        pid = self.patient()
        rng = np.random.default_rng(1)
        dates = [datetime.date(2026, 1, 1) + datetime.timedelta(days=int(i))
                 for i in rng.permutation(40)]
        for i, d in enumerate(dates):
            # Out of order, halves apart, some days only half.
            if i % 5 != 1:
                self.ok("diary", "add", pid, "--date", d.isoformat(),
                        "--quality", int(rng.integers(0, 5)), "--bed", "23:00",
                        "--try", "23:10", "--sol", "20", "--final", "06:30",
                        "--up", "07:00")
            if i % 7 != 3:
                self.ok("diary", "add", pid, "--date", d.isoformat(),
                        "--pain", int(rng.integers(0, 11)))
            if i % 9 == 0:  # a repeated field replaces the old value
                self.ok("diary", "add", pid, "--date", d.isoformat(),
                        "--pain", int(rng.integers(0, 11)))
        self.ok("diary", "add", pid, "--date", "2025-12-20", "--note", "x")
        self.check_cache()
        got = self.ok("cohort", "--per-patient")
        self.assert_matches_reference(got, reference(self.db))
        self.assertEqual(got["diary"]["days"],
                         self.sql("SELECT count(*) FROM diary_days")[0][0])

    def test_reindex_repairs_and_stale_rebuilds(self):
        self.demo(patients=5, days=40)
        con = sqlite3.connect(self.db)
        con.execute("UPDATE diary_days SET pain = 0 WHERE pain = 5")
        con.execute("DELETE FROM series_night WHERE patient_id IN "
                    "(SELECT patient_id FROM series LIMIT 1)")
        con.execute("DELETE FROM series WHERE patient_id IN "
                    "(SELECT patient_id FROM series LIMIT 1)")
        con.commit()
        con.close()
        got = self.ok("reindex", "--check")
        self.assertEqual(got["patients"], 5)
        self.assertGreater(got["different"], 0)
        got = self.ok("reindex")
        self.assertTrue(got["rebuilt"])
        self.check_cache()
        # A database from before the cache: marked stale, rebuilt by the
        # first cohort run.
        con = sqlite3.connect(self.db)
        con.execute("DELETE FROM series")
        con.execute("UPDATE series_state SET stale = 1")
        con.commit()
        con.close()
        got = self.ok("cohort", "--per-patient")
        self.assert_matches_reference(got, reference(self.db))
        self.assertEqual(self.sql("SELECT stale FROM series_state")[0][0], 0)
        self.check_cache()

    def test_groups(self):
        self.demo(patients=40, days=60)
        for by in ("modality", "phase", "risk", "practitioner"):
            with self.subTest(by=by):
                got = self.ok("cohort", "--by", by)
                self.assertEqual(got["by"], by)
                labels = [g["group"] for g in got["groups"]]
                self.assertEqual(len(labels), len(set(labels)))
                if by != "modality":  # one group per patient
                    self.assertEqual(sum(g["patients"]
                                         for g in got["groups"]), 40)
                    self.assertEqual(sum(g["diary"]["days"]
                                         for g in got["groups"]),
                                     got["diary"]["days"])
                else:
                    truth = dict(self.sql(
                        "SELECT arm, count(*) FROM demo_truth GROUP BY arm"))
                    grp = {g["group"]: g["patients"] for g in got["groups"]}
                    self.assertEqual(grp.get("massage", 0),
                                     truth.get("massage", 0))
                    self.assertEqual(grp.get("none", 0),
                                     truth.get("usual-care", 0))
        risk = self.ok("cohort", "--by", "risk")
        self.assertEqual([g["group"] for g in risk["groups"]], ["unknown"])
        self.assertEqual(risk["groups"][0]["episodes"], 40)

    def test_deterministic(self):
        self.demo()
        a = self.ok("cohort", "--by", "modality")
        b = self.ok("cohort", "--by", "modality")
        a.pop("engine")
        b.pop("engine")
        self.assertEqual(a, b)

    def test_empty_and_human(self):
        got = self.ok("cohort")
        self.assertEqual(got["patients"], 0)
        self.assertEqual(got["sleep_to_pain"]["r"]["patients"], 0)
        self.demo(patients=3, days=30)
        rc, out, err = self.run_cli("cohort", "--by", "risk")
        self.assertEqual(rc, 0, err)
        self.assertIn("Practice figures", out)
        self.assertIn("not causes", out)
        rc, out, err = self.run_cli("reindex")
        self.assertEqual(rc, 0, err)
        self.assertIn("rebuilt", out)

    def test_bad_input(self):
        self.bad("cohort", "--by", "colour", field="by")
        self.bad("cohort", "--from", "2026-02-01", "--to", "2026-01-01",
                 field="from")
        self.bad("cohort", "--to", "yesterday", field="to")
        self.bad("reindex", "--full", contains="--full")


if __name__ == "__main__":
    brtest.main()
