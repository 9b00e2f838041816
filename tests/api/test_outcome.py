"""Outcome, the pain-sleep analysis, the one-page report (JSON, HTML, PDF)
and the practice figures through the API: the figures agree with an
independent computation from the diary written here, a mean from too few
days is null (never estimated), the report comes with the right type and
headers, the practice figures count the caller's clinic only, bad query
parameters are refused with one clear sentence, and every read is
audited."""
import datetime
import random

import apitest

D = "/api/v1"


def day(iso, n):
    return (datetime.date.fromisoformat(iso) + datetime.timedelta(days=n)).isoformat()


def r1(v):
    """C's round() to one decimal (means are >= 0)."""
    return int(v * 10 + 0.5) / 10


class Outcome(apitest.ApiTest):
    # Alice: a week of baseline diary before the first session on
    # 2026-02-01, then sessions and daily entries (some days missed) up
    # to 2026-03-09.  Bob: only 2 baseline days (too few for a mean).
    # Carol (the other clinic): a diary of her own.
    FIRST = "2026-01-20"
    LAST = "2026-03-09"
    SESSIONS = ["2026-02-01", "2026-02-08", "2026-02-15", "2026-02-22"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        rnd = random.Random(6)
        cls.diary = {cls.pa: {}, cls.pb: {}, cls.pc: {}}
        doc = apitest.Client(cls.server.port)
        assert doc.login("doc@example.org").status == 200
        doc2 = apitest.Client(cls.server.port)
        assert doc2.login("doc2@example.org").status == 200
        n = (datetime.date.fromisoformat(cls.LAST) - datetime.date.fromisoformat(cls.FIRST)).days
        for i in range(n + 1):
            d = day(cls.FIRST, i)
            if i % 9 == 4:  # a day missed now and then
                continue
            # Pain falls over the course and is worse after a poor
            # night (sleep quality 0-4 is drawn freely).
            quality = rnd.randint(0, 4)
            pain = max(0, min(10, round(7 - 4 * i / n - 1.2 * (quality - 2) + rnd.uniform(-0.7, 0.7))))
            cls.put(doc, cls.pa, d, pain, quality)
        # Bob: two days before his first session, then a week after.
        for d in ("2026-01-28", "2026-01-30"):
            cls.put(doc, cls.pb, d, 7, 1)
        for i in range(7):
            cls.put(doc, cls.pb, day("2026-03-03", i), 6, 2)
        for i in range(30):
            cls.put(doc2, cls.pc, day("2026-02-01", i), 5 - i % 3, 2 + i % 2)
        for s in cls.SESSIONS:
            for e, c in ((cls.ea, doc), (cls.eb, doc)):
                r = c.post(f"{D}/episodes/{e}/sessions", {"date": s, "modality": ["acupuncture"],
                                                          "points": ["BL23"]})
                assert r.status == 201, r.raw
        r = doc2.post(f"{D}/episodes/{cls.ec}/sessions", {"date": "2026-02-10", "modality": ["massage"],
                                                           "massage": "swedish"})
        assert r.status == 201, r.raw

    @classmethod
    def put(cls, c, pid, d, pain, quality):
        r = c.post(f"{D}/patients/{pid}/diary", {"date": d, "pain": pain, "quality": quality})
        assert r.status == 200, r.raw
        cls.diary[pid][d] = (pain, quality)

    def window_mean(self, pid, first, last, k=0):
        vals = [v[k] for d, v in self.diary[pid].items() if first <= d <= last]
        return (r1(sum(vals) / len(vals)) if len(vals) >= 3 else None), len(vals)

    def figure(self, out, name):
        return next(f for f in out["diary"]["figures"] if f["figure"] == name)

    # Outcome ----------------------------------------------------------------

    def test_outcome_matches_the_diary(self):
        c = self.client("doc@example.org")
        out = self.expect(c.get(f"{D}/episodes/{self.ea}/outcome"), 200)
        self.assertEqual((out["episode_id"], out["patient_id"], out["sessions"]), (self.ea, self.pa, 4))
        base, latest = out["diary"]["baseline"], out["diary"]["latest"]
        self.assertEqual((base["from"], base["to"]), (day(self.SESSIONS[0], -7), day(self.SESSIONS[0], -1)))
        self.assertEqual(latest["to"], self.LAST)
        pain = self.figure(out, "pain")
        want_b, nb = self.window_mean(self.pa, base["from"], base["to"])
        want_l, nl = self.window_mean(self.pa, latest["from"], latest["to"])
        self.assertEqual(pain["baseline"]["mean"], want_b)
        self.assertEqual(pain["latest"]["mean"], want_l)
        self.assertEqual((pain["baseline"]["days_reported"], pain["latest"]["days_reported"]), (nb, nl))
        self.assertEqual(base["diary_days"], nb)
        ch = pain["change"]
        self.assertAlmostEqual(ch["change"], round(want_l - want_b, 1), places=6)
        improvement = want_b - want_l
        self.assertEqual(ch["responder_points"], improvement >= 2)
        self.assertEqual(ch["responder_percent"], improvement / want_b >= 0.30)
        self.assertIn("caveat", out["landing"])
        self.assertEqual(len(out["landing"]["sessions"]), 4)
        q_b, _ = self.window_mean(self.pa, base["from"], base["to"], 1)
        self.assertEqual(self.figure(out, "sleep_quality")["baseline"]["mean"], q_b)
        rows = self.audit(user_id=self.doc, action="episode.outcome")
        self.assertEqual(rows[-1][2:4], (self.pa, "ok"))

    def test_too_few_days_give_no_mean(self):
        out = self.expect(self.client("doc@example.org").get(f"{D}/episodes/{self.eb}/outcome"), 200)
        pain = self.figure(out, "pain")
        self.assertEqual(pain["baseline"]["days_reported"], 2)
        self.assertIsNone(pain["baseline"]["mean"])
        self.assertIsNone(pain["change"])
        self.assertTrue(pain["not_assessed"])
        self.assertEqual(pain["latest"]["mean"], 6.0)

    def test_patient_reads_their_own_outcome(self):
        out = self.expect(self.client("alice@example.org").get(f"{D}/episodes/{self.ea}/outcome"), 200)
        self.assertEqual(out["episode_id"], self.ea)

    def test_outcome_refuses_query_parameters(self):
        c = self.client("doc@example.org")
        self.expect(c.get(f"{D}/episodes/{self.ea}/outcome?since=2026-01-01"), 422, "invalid", "since")
        self.expect(c.get(f"{D}/episodes/{self.ea}/outcome?episode_id={self.eb}"), 400, "bad-request",
                    "episode_id")
        self.expect(c.get(f"{D}/episodes/99999/outcome"), 404, "not-found", "episode_id")

    # Analysis ---------------------------------------------------------------

    def test_sleep_pain_analysis(self):
        c = self.client("doc@example.org")
        out = self.expect(c.get(f"{D}/patients/{self.pa}/analysis/sleep-pain"), 200)
        self.assertEqual((out["patient_id"], out["from"], out["to"]), (self.pa, self.FIRST, self.LAST))
        span = (datetime.date.fromisoformat(self.LAST) - datetime.date.fromisoformat(self.FIRST)).days + 1
        self.assertEqual(out["days"], span)
        self.assertEqual(out["missing_days"], span - len(self.diary[self.pa]))
        self.assertEqual(out["pattern"], "sleep-then-pain")
        self.assertIn("not proof", out["sentence"])
        part = self.expect(c.get(f"{D}/patients/{self.pa}/analysis/sleep-pain?from=2026-02-01&to=2026-02-28"), 200)
        self.assertEqual((part["from"], part["to"], part["days"]), ("2026-02-01", "2026-02-28", 28))
        rows = self.audit(user_id=self.doc, action="analysis.sleep-pain")
        self.assertEqual(rows[-1][2:4], (self.pa, "ok"))
        mine = self.expect(self.client("alice@example.org").get(f"{D}/patients/{self.pa}/analysis/sleep-pain"), 200)
        self.assertEqual(mine["sentence"], out["sentence"])

    def test_sleep_pain_bad_parameters(self):
        c = self.client("doc@example.org")
        base = f"{D}/patients/{self.pa}/analysis/sleep-pain"
        self.expect(c.get(base + "?from=2026-03-01&to=2026-02-01"), 422, "invalid", "from")
        self.expect(c.get(base + "?from=2026-02-30"), 422, "invalid", "from")
        self.expect(c.get(base + "?to=soon"), 422, "invalid", "to")
        self.expect(c.get(base + "?days=7"), 422, "invalid", "days")
        self.expect(c.get(base + "?from=2026-01-01&from=2026-02-01"), 400, "bad-request", "from")
        self.expect(c.get(base + "?from=%zz"), 400, "bad-request")

    # Report -----------------------------------------------------------------

    def test_report_json(self):
        c = self.client("doc@example.org")
        rep = self.expect(c.get(f"{D}/episodes/{self.ea}/report"), 200)
        self.assertEqual(rep["kind"], "visit-summary")
        self.assertEqual(rep["episode"]["id"], self.ea)
        self.assertEqual(rep["outcome"]["episode_id"], self.ea)
        same = self.expect(c.get(f"{D}/episodes/{self.ea}/report?format=json"), 200)
        self.assertEqual(same["outcome"], rep["outcome"])
        since = self.expect(c.get(f"{D}/episodes/{self.ea}/report?since=2026-02-20"), 200)
        self.assertNotEqual(since["treatments_since"], rep["treatments_since"])

    def test_report_html(self):
        c = self.client("doc@example.org")
        n = len(self.audit(user_id=self.doc, action="episode.report"))
        r = c.get(f"{D}/episodes/{self.ea}/report?format=html")
        self.assertEqual(r.status, 200, r.raw[:200])
        self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
        self.assertEqual(r.header("Content-Disposition"), f'inline; filename="report-{self.ea}.html"')
        csp = r.header("Content-Security-Policy")
        self.assertIn("default-src 'none'", csp)
        self.assertIn("style-src 'unsafe-inline'", csp)
        self.assertNotIn("script", csp)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        page = r.raw.decode()
        self.assertTrue(page.lstrip().lower().startswith("<!doctype html>"))
        self.assertIn("Alice A", page)
        self.assertNotIn("<script", page.lower())
        rows = self.audit(user_id=self.doc, action="episode.report")
        self.assertEqual(len(rows), n + 1)
        self.assertEqual(rows[-1][2:4], (self.pa, "ok"))

    def test_report_pdf(self):
        c = self.client("doc@example.org")
        r = c.get(f"{D}/episodes/{self.ea}/report?format=pdf&since=2026-02-01")
        self.assertEqual(r.status, 200, r.raw[:200])
        self.assertEqual(r.header("Content-Type"), "application/pdf")
        self.assertEqual(r.header("Content-Disposition"), f'inline; filename="report-{self.ea}.pdf"')
        self.assertTrue(r.raw.startswith(b"%PDF-"))
        self.assertIn(b"%%EOF", r.raw[-32:])
        self.assertEqual(int(r.header("Content-Length")), len(r.raw))
        self.assertEqual(r.raw.count(b"/Type /Page\n") + r.raw.count(b"/Type /Page "), 1)

    def test_report_bad_parameters(self):
        c = self.client("doc@example.org")
        base = f"{D}/episodes/{self.ea}/report"
        self.expect(c.get(base + "?format=docx"), 422, "invalid", "format")
        self.expect(c.get(base + "?since=yesterday"), 422, "invalid", "since")
        self.expect(c.get(base + "?colour=red"), 422, "invalid", "colour")
        self.expect(c.get(base + "?format=pdf&format=html"), 400, "bad-request", "format")
        self.expect(c.get(base + "?Format=pdf"), 400, "bad-request")
        # The report is the practitioner's to hand over.
        self.expect(self.client("alice@example.org").get(base + "?format=pdf"), 403, "forbidden")

    # Practice figures -------------------------------------------------------

    def clinic_counts(self, clinic):
        patients = [r[0] for r in self.sql("SELECT patient_id FROM patients WHERE clinic_id = ?", clinic)]
        with_diary = {r[0] for r in self.sql("SELECT DISTINCT patient_id FROM diary_days")} & set(patients)
        days = sum(len(self.diary.get(p, {})) for p in patients)
        return len(patients), len(with_diary), days

    def test_cohort_counts_the_callers_clinic_only(self):
        mine = self.expect(self.client("doc@example.org").get(f"{D}/cohort"), 200)
        theirs = self.expect(self.client("doc2@example.org").get(f"{D}/cohort"), 200)
        self.assertEqual(mine["clinic_id"], self.clinic1)
        self.assertEqual(theirs["clinic_id"], self.clinic2)
        for out, clinic in ((mine, self.clinic1), (theirs, self.clinic2)):
            n, with_diary, days = self.clinic_counts(clinic)
            self.assertEqual(out["patients"], n)
            self.assertEqual(out["diary"]["patients"], with_diary)
            self.assertEqual(out["diary"]["days"], days)
        self.assertEqual(theirs["patients"], 1)
        self.assertEqual(theirs["diary"]["days"], 30)
        self.assertEqual(theirs["episodes"], 1)
        # Responders: only the other clinic's own episode can count there.
        self.assertLessEqual(theirs["responders"]["trial_checkpoint"]["episodes"], 1)
        self.assertEqual(mine["responders"]["trial_checkpoint"]["episodes"], 2)
        # Every clinic together: an admin without a clinic.
        every = self.expect(self.client("admin@example.org").get(f"{D}/cohort"), 200)
        self.assertIsNone(every["clinic_id"])
        self.assertEqual(every["patients"], mine["patients"] + theirs["patients"])
        self.assertEqual(every["diary"]["days"], mine["diary"]["days"] + theirs["diary"]["days"])
        one = self.expect(self.client("admin@example.org").get(f"{D}/cohort?clinic_id={self.clinic2}"), 200)
        self.assertEqual((one["patients"], one["diary"]["days"]), (1, 30))

    def test_cohort_groups_and_per_patient_stay_in_the_clinic(self):
        c = self.client("doc2@example.org")
        out = self.expect(c.get(f"{D}/cohort?by=modality&per_patient=true"), 200)
        self.assertEqual([g["group"] for g in out["groups"]], ["massage"])
        self.assertEqual([row[0] for row in out["per_patient"]], [self.pc])
        mine = self.expect(self.client("doc@example.org").get(f"{D}/cohort?per_patient=yes&from=2026-02-01"), 200)
        self.assertEqual({row[0] for row in mine["per_patient"]}, {self.pa, self.pb})
        self.assertEqual(mine["from"], "2026-02-01")
        rows = self.audit(user_id=self.doc2, action="cohort.read")
        self.assertTrue(rows)
        self.assertEqual(rows[-1][2:4], (None, "ok"))
        self.assertEqual(self.sql("SELECT record FROM audit_log WHERE user_id = ? AND action = 'cohort.read'",
                                  self.doc2)[-1][0], f"clinic/{self.clinic2}")

    def test_cohort_bad_parameters_and_roles(self):
        before = len(self.audit(action="cohort.read", outcome="ok"))
        c = self.client("doc@example.org")
        self.expect(c.get(f"{D}/cohort?by=colour"), 422, "invalid", "by")
        self.expect(c.get(f"{D}/cohort?from=2026-03-01&to=2026-02-01"), 422, "invalid", "from")
        self.expect(c.get(f"{D}/cohort?per_patient=maybe"), 422, "invalid", "per_patient")
        self.expect(c.get(f"{D}/cohort?patients=all"), 422, "invalid", "patients")
        self.expect(c.get(f"{D}/cohort?by=risk&by=phase"), 400, "bad-request", "by")
        # The clinic is the account's, never a parameter.
        self.expect(c.get(f"{D}/cohort?clinic_id={self.clinic2}"), 422, "invalid", "clinic_id")
        admin = self.client("admin@example.org")
        self.expect(admin.get(f"{D}/cohort?per_patient=true"), 403, "forbidden", "per_patient")
        self.expect(admin.get(f"{D}/cohort?clinic_id=12345"), 404, "not-found", "clinic_id")
        self.expect(self.client("alice@example.org").get(f"{D}/cohort"), 403, "forbidden")
        self.assertEqual(len(self.audit(action="cohort.read", outcome="ok")), before)
        denied = self.audit(user_id=self.alice, action="cohort.read", outcome="denied")
        self.assertTrue(denied)


if __name__ == "__main__":
    apitest.main()
