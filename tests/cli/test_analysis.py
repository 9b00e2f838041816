"""backrest analyze sleep-pain: the per-patient pain-sleep cycle
(docs/clinical/sleep.md).  The estimates and t-based intervals are checked against
statsmodels' OLS computed here independently from the same diary; the
bootstrap interval for determinism and plausibility; the minimum-data
rules, the pattern verdicts and the wording rules on constructed diaries."""
import datetime
import json

import numpy as np
import statsmodels.api as sm

import brtest

START = datetime.date(2025, 9, 1)


def iso(i):
    return (START + datetime.timedelta(days=i)).isoformat()


class AnalysisTest(brtest.CliTest):
    def write_days(self, pid, days):
        """days: {index: (pain or None, quality or None)}; written as the
        store writes them (typed columns, NULL when not reported)."""
        con = brtest.testdb.connect(self.db)
        con.executemany(
            "INSERT INTO diary_days (patient_id, day, quality, pain, "
            "updated_at) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z')",
            [(pid, iso(i), q, p) for i, (p, q) in sorted(days.items())])
        con.commit()
        con.close()

    def analyze(self, pid, *extra):
        return self.ok("analyze", "sleep-pain", pid, *extra)

    @staticmethod
    def reference(days, first, last):
        """statsmodels OLS of both directions, standardised per 1 SD."""
        n = last - first + 1
        pain = [None] * n
        q = [None] * n
        for i, (p, qq) in days.items():
            if first <= i <= last:
                pain[i - first], q[i - first] = p, qq
        sp = [(pain[t], q[t], pain[t - 1], t) for t in range(1, n)
              if pain[t] is not None and q[t] is not None
              and pain[t - 1] is not None]
        ps = [(q[t + 1], pain[t], q[t], t) for t in range(n - 1)
              if pain[t] is not None and q[t] is not None
              and q[t + 1] is not None]
        out = {"paired_days": sum(1 for t in range(n) if pain[t] is not None
                                  and q[t] is not None),
               "days": n}
        for name, rows in (("sleep_to_pain", sp), ("pain_to_sleep", ps)):
            a = np.array(rows, dtype=float)
            y, x, lag, trend = a[:, 0], a[:, 1], a[:, 2], a[:, 3]
            X = sm.add_constant(np.column_stack([x - x.mean(), lag, trend]))
            fit = sm.OLS(y, X).fit()
            sd = np.std(x, ddof=1)
            lo, hi = fit.conf_int(alpha=0.05)[1]
            out[name] = {"n": len(rows), "estimate": fit.params[1] * sd,
                         "se": fit.bse[1] * sd, "ci95_t": [lo * sd, hi * sd],
                         "per_point": fit.params[1], "df": int(fit.df_resid)}
        return out

    @staticmethod
    def simulate(rng, n, b_sp, b_ps, gap=0.15):
        """An AR(1) pain series with planted effects both ways."""
        days, noise, prev = {}, 0.0, None
        for t in range(n):
            ql = 2.2 + rng.normal(0, 0.9)
            if prev is not None:
                ql += b_ps * (prev - 5)
            qq = int(min(4, max(0, round(ql))))
            noise = 0.6 * noise + rng.normal(0, 1.0)
            p = int(min(10, max(0, round(5 + noise + b_sp * (qq - 2)))))
            prev = p
            if rng.random() < gap:
                continue
            miss = rng.random()
            days[t] = (None if miss < 0.05 else p,
                       None if 0.05 <= miss < 0.1 else qq)
        return days

    def test_matches_statsmodels(self):
        rng = np.random.default_rng(7)
        for k, (n, b_sp, b_ps) in enumerate([(120, -0.5, 0.0), (90, 0.0, -0.2),
                                            (60, 0.0, 0.0), (200, -0.3, -0.15),
                                            (45, 0.4, 0.1)]):
            with self.subTest(series=k):
                pid = self.patient(f"Series {k}")
                days = self.simulate(rng, n, b_sp, b_ps)
                self.write_days(pid, days)
                got = self.analyze(pid)
                first, last = min(days), max(days)
                ref = self.reference(days, first, last)
                self.assertEqual(got["from"], iso(first))
                self.assertEqual(got["to"], iso(last))
                self.assertEqual(got["days"], ref["days"])
                self.assertEqual(got["paired_days"], ref["paired_days"])
                self.assertEqual(got["missing_days"],
                                 ref["days"] - ref["paired_days"])
                for d in ("sleep_to_pain", "pain_to_sleep"):
                    g, r = got[d], ref[d]
                    self.assertEqual(g["n"], r["n"])
                    self.assertEqual(g["df"], r["df"])
                    for key in ("estimate", "se", "per_point"):
                        self.assertAlmostEqual(g[key], r[key], delta=1e-6,
                                               msg=f"{d}.{key}")
                    for i in range(2):
                        self.assertAlmostEqual(g["ci95_t"][i], r["ci95_t"][i],
                                               delta=1e-6)
                    # The deciding interval holds both intervals.
                    lo, hi = g["ci95"]
                    self.assertAlmostEqual(lo, min(g["ci95_t"][0],
                                                   g["ci95_bootstrap"][0]))
                    self.assertAlmostEqual(hi, max(g["ci95_t"][1],
                                                   g["ci95_bootstrap"][1]))
                    # The bootstrap interval is of the same order as the
                    # t interval and brackets the estimate.
                    bw = g["ci95_bootstrap"][1] - g["ci95_bootstrap"][0]
                    tw = g["ci95_t"][1] - g["ci95_t"][0]
                    self.assertTrue(0.4 < bw / tw < 2.5, (bw, tw))
                    self.assertEqual(g["counts"], lo > 0 or hi < 0)

    def test_period_limits_the_data(self):
        rng = np.random.default_rng(11)
        pid = self.patient()
        days = self.simulate(rng, 150, -0.5, 0.0, gap=0.0)
        self.write_days(pid, days)
        got = self.analyze(pid, "--from", iso(20), "--to", iso(109))
        ref = self.reference(days, 20, 109)
        self.assertEqual(got["days"], 90)
        self.assertEqual(got["paired_days"], ref["paired_days"])
        self.assertAlmostEqual(got["sleep_to_pain"]["estimate"],
                               ref["sleep_to_pain"]["estimate"], delta=1e-6)

    def test_deterministic(self):
        rng = np.random.default_rng(3)
        pid = self.patient()
        self.write_days(pid, self.simulate(rng, 80, -0.4, -0.2))
        rc1, out1, _ = self.run_cli("analyze", "sleep-pain", pid, "--json")
        rc2, out2, _ = self.run_cli("analyze", "sleep-pain", pid, "--json")
        self.assertEqual((rc1, rc2), (0, 0))
        self.assertEqual(json.loads(out1), json.loads(out2))

    def test_minimum_data(self):
        rng = np.random.default_rng(5)
        full = self.simulate(rng, 60, -0.6, 0.0, gap=0.0)
        full = {t: (p if p is not None else 5, q if q is not None else 2)
                for t, (p, q) in full.items()}
        for paired, level in ((13, "none"), (14, "exploratory"),
                              (27, "exploratory"), (28, "sufficient")):
            with self.subTest(paired=paired):
                pid = self.patient(f"Min {paired}")
                self.write_days(pid, {t: full[t] for t in range(paired)})
                got = self.analyze(pid)
                self.assertEqual(got["paired_days"], paired)
                self.assertEqual(got["level"], level)
                if level == "none":
                    self.assertEqual(got["pattern"], "insufficient-data")
                    self.assertIsNone(got["sleep_to_pain"])
                    self.assertIsNone(got["pain_to_sleep"])
                    self.assertIn("at least 14", got["sentence"])
                elif level == "exploratory":
                    self.assertIn("Exploratory", got["sentence"])
                    self.assertNotIn("In your diary", got["sentence"])
                else:
                    self.assertNotIn("Exploratory", got["sentence"])

    def test_no_diary(self):
        pid = self.patient()
        got = self.analyze(pid)
        self.assertEqual(got["paired_days"], 0)
        self.assertEqual(got["pattern"], "insufficient-data")

    def test_flat_predictor(self):
        pid = self.patient()
        self.write_days(pid, {t: (3 + t % 4, 2) for t in range(40)})
        got = self.analyze(pid)
        self.assertIsNone(got["sleep_to_pain"])
        self.assertIn("same every night", got["not_estimated"]["sleep_to_pain"])

    def test_pattern_verdicts(self):
        cases = {"sleep-then-pain": (-1.5, 0.0), "pain-then-sleep": (0.0, -0.6),
                 "both": (-1.5, -0.6), "no-clear-pattern": (0.0, 0.0)}
        for k, (want, (b_sp, b_ps)) in enumerate(cases.items()):
            rng = np.random.default_rng(100 + k)
            with self.subTest(pattern=want):
                pid = self.patient(want)
                self.write_days(pid, self.simulate(rng, 200, b_sp, b_ps,
                                                   gap=0.05))
                got = self.analyze(pid)
                self.assertEqual(got["pattern"], want, got["sentence"])
                s = got["sentence"]
                self.assertNotIn("significant", s.lower())
                if want == "no-clear-pattern":
                    self.assertIn("No clear pattern yet", s)
                else:
                    self.assertIn("not proof", s)
                    for word in ("mood", "activity", "medication",
                                 "treatment sessions"):
                        self.assertIn(word, s)
                if want in ("sleep-then-pain", "both"):
                    self.assertIn("worse sleep tended to come before worse "
                                  "pain", s)
                    self.assertTrue(got["sleep_to_pain"]["counts"])
                if want in ("pain-then-sleep", "both"):
                    self.assertIn("more painful days tended to come before "
                                  "poorer nights", s)

    def test_human_output(self):
        rng = np.random.default_rng(9)
        pid = self.patient()
        self.write_days(pid, self.simulate(rng, 60, -1.0, 0.0))
        rc, out, err = self.run_cli("analyze", "sleep-pain", pid)
        self.assertEqual(rc, 0, err)
        self.assertIn("last night's sleep -> today's pain", out)
        self.assertIn("pattern:", out)

    def test_bad_input(self):
        pid = self.patient()
        self.bad("analyze", "sleep-pain", pid, "--from", "2026-02-01", "--to",
                 "2026-01-01", field="from")
        self.bad("analyze", "sleep-pain", pid, "--from", "2026-02-30",
                 field="from")
        self.bad("analyze", "sleep-pain", "999999", contains="patient")
        self.bad("analyze", "sleep-pain", field="PATIENT_ID")
        self.bad_usage("analyze", "sleep-cycle", pid, contains="sleep-pain")


if __name__ == "__main__":
    brtest.main()
