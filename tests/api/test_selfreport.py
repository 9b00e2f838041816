"""Questionnaires the patient answers in the diary, over the API: what is
due (GET /me/due: the NRS as shipped and an instrument whose licensed
wording the clinic loaded with --instruments are answered on the phone,
the others are asked at the next visit), a draft kept between sessions
and never scored, the patient's own measure scored by the same rules and
marked patient-reported, and the refusals: another patient's record
answers as a missing one (and is audited), a practitioner cannot send a
patient's answers, bad answers name the field and change nothing."""
import os

import apitest

D = "/api/v1"
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "fixtures", "instruments")


class SelfReport(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        os.environ["BACKREST_INSTRUMENTS"] = FIXTURE
        try:
            super().setUpClass()
        finally:
            del os.environ["BACKREST_INSTRUMENTS"]

    def due(self, c):
        r = self.expect(c.get(f"{D}/me/due"), 200)
        return {q["instrument"]: q for q in r["questionnaires"]}, r

    def measures(self, instrument):
        return self.sql("SELECT source, score FROM measures WHERE patient_id = ? "
                        "AND instrument = ? ORDER BY measure_id",
                        self.pa, instrument)

    def test_1_due_online_and_in_clinic(self):
        alice = self.client("alice@example.org")
        due, whole = self.due(alice)
        self.assertEqual(whole["patient_id"], self.pa)
        self.assertEqual(whole["date"], apitest.TODAY)
        # The NRS as shipped and the ODI the clinic loaded with its wording.
        self.assertTrue(due["nrs"]["online"])
        self.assertIn("24 hours", due["nrs"]["items"][0]["text"])
        self.assertEqual(due["nrs"]["episode_id"], self.ea)
        self.assertIsNone(due["nrs"]["draft"])
        self.assertTrue(due["odi"]["online"])
        self.assertEqual(len(due["odi"]["items"]), 10)
        self.assertTrue(due["odi"]["items"][0]["text"].startswith("Test fixture"))
        # Labels only: asked at the next visit, no wording sent.
        self.assertFalse(due["isi"]["online"])
        self.assertNotIn("items", due["isi"])
        self.assertIn(("alice@example.org", "measure.due.read", self.pa, "ok"),
                      [a[:4] for a in self.audit(action="measure.due.read")])

    def test_2_only_patients_have_due(self):
        doc = self.client("doc@example.org")
        self.expect(doc.get(f"{D}/me/due"), 403)
        self.expect(self.client().get(f"{D}/me/due"), 401)

    def test_3_draft_pause_and_resume(self):
        alice = self.client("alice@example.org")
        r = self.expect(alice.post(f"{D}/patients/{self.pa}/measure-drafts",
                                   {"instrument": "odi", "answers": [1, 2, None]}), 200)
        self.assertEqual(r["answers"], [1, 2, None])
        # A later save replaces it; it is never scored.
        self.expect(alice.post(f"{D}/patients/{self.pa}/measure-drafts",
                               {"instrument": "odi", "answers": [1, 2, 3, 0, 1]}), 200)
        due, _ = self.due(self.client("alice@example.org"))
        self.assertEqual(due["odi"]["draft"], [1, 2, 3, 0, 1])
        self.assertEqual(self.measures("odi"), [])

    def test_4_bad_drafts_change_nothing(self):
        alice = self.client("alice@example.org")
        before = self.snapshot()
        for body, status, field in (
                ({"instrument": "odi", "answers": [9]}, 422, "answers"),
                ({"instrument": "odi", "answers": ["x"]}, 422, "answers"),
                ({"instrument": "odi", "answers": [0] * 11}, 422, "answers"),
                ({"instrument": "isi", "answers": [1]}, 409, "instrument"),
                ({"instrument": "nope", "answers": [1]}, 422, "instrument"),
                ({"instrument": "odi"}, 422, "answers")):
            self.expect(alice.post(f"{D}/patients/{self.pa}/measure-drafts", body),
                        status, field=field)
        self.assertEqual(self.snapshot(), before)

    def test_5_patient_sends_nrs(self):
        alice = self.client("alice@example.org")
        before = self.snapshot()
        # Wrong count, out of range, unanswered: refused before any write.
        for answers in ([6, 6], [11], [None], "x", [True]):
            self.expect(alice.post(f"{D}/patients/{self.pa}/measures",
                                   {"instrument": "nrs", "answers": answers}),
                        422, field="answers")
        self.assertEqual(self.snapshot(), before)
        m = self.expect(alice.post(f"{D}/patients/{self.pa}/measures",
                                   {"instrument": "nrs", "answers": [6]}), 201)
        self.assertEqual((m["score"], m["band"], m["source"], m["date"]),
                         (6, "moderate", "patient", apitest.TODAY))
        self.assertEqual(self.measures("nrs"), [("patient", 6)])
        # Scored today with no session since: no longer due.
        due, _ = self.due(alice)
        self.assertNotIn("nrs", due)
        self.expect(alice.post(f"{D}/patients/{self.pa}/measures",
                               {"instrument": "nrs", "answers": [5]}), 409,
                    field="instrument")
        # The practitioner sees it marked patient-reported.
        doc = self.client("doc@example.org")
        ms = self.expect(doc.get(f"{D}/episodes/{self.ea}/measures?instrument=nrs"), 200)
        self.assertEqual([(x["score"], x["source"]) for x in ms], [(6, "patient")])

    def test_6_patient_sends_odi_and_the_draft_goes(self):
        alice = self.client("alice@example.org")
        m = self.expect(alice.post(f"{D}/patients/{self.pa}/measures",
                                   {"instrument": "odi",
                                    "answers": [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]}), 201)
        self.assertEqual((m["score"], m["source"]), (32, "patient"))
        self.assertEqual(self.sql("SELECT COUNT(*) FROM measure_drafts WHERE "
                                  "patient_id = ?", self.pa)[0][0], 0)
        # The missing-item rule as in clinic: one skipped section is prorated.
        doc = self.client("doc@example.org")
        clinic = self.expect(doc.post(f"{D}/episodes/{self.ea}/measures",
                                      {"instrument": "odi",
                                       "answers": [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]}), 201)
        self.assertEqual((clinic["score"], clinic["source"]), (32, "practitioner"))
        self.assertEqual(self.measures("odi"), [("patient", 32), ("practitioner", 32)])
        # The visit report marks the patient's scores.
        r = doc.get(f"{D}/episodes/{self.ea}/report?format=html")
        self.assertEqual(r.status, 200)
        html = r.raw.decode()
        self.assertIn("6 (2026-03-10), patient-reported", html)
        self.assertIn("32 (2026-03-10), patient-reported", html)
        out = self.expect(doc.get(f"{D}/episodes/{self.ea}/report?format=json"), 200)
        odi = [x for x in out["outcome"]["instruments"] if x["instrument"] == "odi"][0]
        self.assertEqual([m["source"] for m in odi["measures"]], ["patient", "practitioner"])

    def test_7_another_patients_record(self):
        alice = self.client("alice@example.org")
        before = self.snapshot()
        for path in (f"{D}/patients/{self.pb}/measures",
                     f"{D}/patients/{self.pb}/measure-drafts",
                     f"{D}/patients/{self.pc}/measures"):
            self.expect(alice.post(path, {"instrument": "odi", "answers": [1] * 10}),
                        404, field="patient_id")
        self.assertEqual(self.snapshot(), before)
        denied = [a for a in self.audit(action="measure.create", outcome="denied")
                  if a[0] == "alice@example.org"]
        self.assertEqual(sorted(a[2] for a in denied), sorted([self.pb, self.pc]))
        # A practitioner enters measures on the episode, not as the patient.
        doc = self.client("doc@example.org")
        self.expect(doc.post(f"{D}/patients/{self.pa}/measures",
                             {"instrument": "nrs", "answers": [3]}), 403)
        self.assertEqual(self.snapshot(), before)


if __name__ == "__main__":
    apitest.main()
