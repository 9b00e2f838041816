"""Corrections over the API: PATCH with If-Match (stale -> 409, current
version as ETag), history, entered-in-error, signing, and who may do it
(a patient their own recent diary days, a practitioner their clinic's
records, an admin nothing clinical), each refusal audited."""
import apitest

D = "/api/v1"


class CorrectionsApi(apitest.ApiTest):
    def setUp(self):
        self.doc = self.client("doc@example.org")
        self.alice = self.client("alice@example.org")

    def day(self, date, pain=6):
        r = self.doc.post(f"{D}/patients/{self.pa}/diary",
                          {"date": date, "pain": pain})
        self.assertEqual(r.status, 200, r.raw)
        return f"{D}/patients/{self.pa}/diary/{date}"

    def session(self):
        r = self.doc.post(f"{D}/episodes/{self.ea}/sessions", {
            "date": "2026-03-02", "modality": ["acupuncture"],
            "pain_before": 7, "pain_after": 5})
        self.assertEqual(r.status, 201, r.raw)
        return f"{D}/patients/{self.pa}/sessions/{r.json['id']}"

    def test_patch_with_if_match_and_history(self):
        url = self.day("2026-03-04")
        r = self.doc.get(url)
        self.expect(r, 200)
        self.assertEqual(r.header("ETag"), '"1"')
        r = self.doc.request("PATCH", url, {"pain": 3, "reason": "typo"},
                             headers={"If-Match": '"1"'})
        out = self.expect(r, 200)
        self.assertEqual(r.header("ETag"), '"2"')
        self.assertEqual(out["changes"], {"pain": {"from": 6, "to": 3}})
        # Stale: 409 naming the current version, nothing changed.
        before = self.snapshot()
        r = self.doc.request("PATCH", url, {"pain": 2, "reason": "again"},
                             headers={"If-Match": '"1"'})
        self.expect(r, 409, "conflict")
        self.assertIn("version is 2", r.error()["message"])
        self.assertEqual(before, self.snapshot())
        # Bad input: one sentence naming the field, nothing changed.
        r = self.doc.request("PATCH", url, {"pain": 11, "reason": "x"})
        self.expect(r, 422, field="pain")
        r = self.doc.request("PATCH", url, {"pain": 2})
        self.expect(r, 422, field="reason")
        r = self.doc.request("PATCH", url, {"pian": 2, "reason": "x"})
        self.expect(r, 422, field="pian")
        self.assertEqual(before, self.snapshot())
        h = self.expect(self.doc.get(url + "/history"), 200)
        self.assertEqual(len(h["versions"]), 1)
        self.assertEqual(h["versions"][0]["by"], "doc@example.org")
        self.assertEqual(h["versions"][0]["before"]["pain"], 6)
        self.assertTrue(self.expect(self.doc.get(url), 200)["corrected"])

    def test_patient_corrects_own_recent_day_only(self):
        url = self.day("2026-03-08")
        r = self.alice.request("PATCH", url, {"pain": 2, "reason": "mine"})
        self.expect(r, 200)
        old = self.day("2026-02-01")
        before = self.snapshot()
        r = self.alice.request("PATCH", old, {"pain": 2, "reason": "mine"})
        self.expect(r, 403)
        self.assertIn("practitioner", r.error()["message"])
        self.assertEqual(before, self.snapshot())
        self.assertTrue(self.audit(action="diary.correct.denied"))

    def test_authorization_matrix(self):
        url = self.session()
        doc2 = self.client("doc2@example.org")
        admin = self.client("admin@example.org")
        bob = self.client("bob@example.org")
        before = self.snapshot()
        body = {"pain_after": 1, "reason": "x"}
        # Another clinic's practitioner: like a missing record.
        self.expect(doc2.request("PATCH", url, body), 404)
        self.expect(doc2.get(url + "/history"), 404)
        self.expect(doc2.request("PATCH", url.replace(
            str(self.pa), str(self.pa)) + "9", body), 404)
        # Admin: nothing clinical; the patient: not a session.
        self.expect(admin.request("PATCH", url, body), 403)
        self.expect(self.alice.request("PATCH", url, body), 403)
        self.expect(bob.request("PATCH", url, body), 403)
        self.expect(bob.get(url), 404)
        self.assertEqual(before, self.snapshot())
        outcomes = {o for (_, a, _, o, _) in self.audit(
            action="session.correct")}
        self.assertIn("denied", outcomes)

    def test_sign_void_and_history(self):
        url = self.session()
        self.expect(self.doc.post(url + "/sign"), 200)
        r = self.doc.request("PATCH", url, {"pain_after": 2,
                                            "reason": "late"})
        self.assertEqual(self.expect(r, 200)["record"]["pain_after"], 2)
        self.expect(self.doc.post(url + "/void", {"reason": "wrong"}), 200)
        self.expect(self.doc.get(url), 404)
        sessions = self.expect(
            self.doc.get(f"{D}/episodes/{self.ea}/sessions"), 200)
        self.assertNotIn(int(url.rsplit("/", 1)[1]),
                         [s["id"] for s in sessions])
        h = self.expect(self.doc.get(url + "/history"), 200)
        self.assertTrue(h["voided"])
        self.assertEqual([v["action"] for v in h["versions"]],
                         ["sign", "amend", "void"])
        day = self.day("2026-03-05")
        self.expect(self.doc.post(day + "/void", {"reason": "dup"}), 200)
        days = self.expect(self.doc.get(
            f"{D}/patients/{self.pa}/diary"), 200)
        self.assertNotIn("2026-03-05", [d["date"] for d in days])


if __name__ == "__main__":
    apitest.main()
