"""The pre-visit intake by link, over the API, on both backends: a
practitioner asks a new patient (no account yet: the link is a one-time
invitation that sets the password and leads on to the questions; with an
account: the sign-in page of the questions); the patient's answers are
kept as a draft that is not clinical data (no intake, no screen) until
the practitioner confirms them, which makes them the episode's intake; a
red-flag reply that points to an emergency answers with the safety net
at once and lists the patient among the clinic's alerts; bad input names
the field as the body names it and changes nothing; the authorization
matrix (the patient, another patient, a practitioner of another clinic,
an administrator, nobody) with each refusal audited."""
import re
import time

import apitest

D = "/api/v1"
TOKEN = re.compile(r"/activate#([A-Za-z0-9_-]{43})$")


class Previsit(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One patient of the clinic per story, so the tests stand alone.
        cls.pn = cls.cli_json("patient", "add", "--name", "Nina New", "--born", "1985-02-03")["id"]
        cls.en = cls.cli_json("episode", "open", cls.pn, "--onset", "2026-02-20")["id"]
        cls.people = {}
        for key, name in (("erin", "Erin E"), ("fred", "Fred F"), ("gail", "Gail G"),
                          ("hugo", "Hugo H")):
            pid = cls.cli_json("patient", "add", "--name", name)["id"]
            eid = cls.cli_json("episode", "open", pid, "--onset", "2026-02-01")["id"]
            cls.add_user(f"{key}@example.org", "patient", patient=str(pid))
            cls.people[key] = (pid, eid)

    def ask(self, pid, status=201, **body):
        doc = self.client("doc@example.org")
        return self.expect(doc.post(f"{D}/patients/{pid}/previsit", body), status)

    def save(self, c, pid, body, status=200, field=None):
        return self.expect(c.post(f"{D}/patients/{pid}/previsit/answers", body), status,
                           field=field)

    def rows(self, pid):
        return self.sql("SELECT answers, red_flags, tier, sent_at, confirmed_at FROM "
                        "previsit_intakes WHERE patient_id = ? ORDER BY previsit_id", pid)

    def clinical(self, pid):
        """What of the patient is clinical record: intakes and screens."""
        return (self.sql("SELECT COUNT(*) FROM intakes WHERE patient_id = ?", pid)[0][0],
                self.sql("SELECT COUNT(*) FROM screenings WHERE patient_id = ?", pid)[0][0])

    def test_a_a_new_patient_answers_through_the_invitation(self):
        before = self.snapshot()
        # No account and no email: one sentence naming the field.
        self.expect(self.client("doc@example.org").post(f"{D}/patients/{self.pn}/previsit", {}),
                    422, "invalid", "email")
        self.assertEqual(self.snapshot(), before)
        r = self.ask(self.pn, email="nina@example.org", base_url="https://clinic.example.org",
                     days=3)
        self.assertFalse(r["account"])
        self.assertEqual(r["purpose"], "previsit")
        self.assertEqual((r["role"], r["state"], r["patient_id"]), ("patient", "open", self.pn))
        self.assertIn("Before your first visit", r["letter_html"])
        self.assertTrue(r["qr_svg"].startswith("<svg"))
        self.assertEqual(r["previsit"]["status"], "requested")
        token = TOKEN.search(r["link"]).group(1)
        self.assertEqual(self.rows(self.pn), [("{}", "{}", "none", None, None)])
        self.assertIn(("previsit.request", self.pn, "ok"),
                      [a[1:4] for a in self.audit(action="previsit.request")])

        # The link sets the password and signs in, as any invitation.
        nina = apitest.Client(self.server.port)
        self.expect(nina.get(f"{D}/invitations/{token}"), 200)
        me = self.expect(nina.post(f"{D}/invitations/{token}",
                                   {"password": "nina's long password"}), 200)
        nina.csrf = me["csrf_token"]
        self.assertEqual(me["user"]["patient_id"], self.pn)
        form = self.expect(nina.get(f"{D}/me/previsit"), 200)
        self.assertEqual(form["status"], "requested")
        self.assertEqual(form["answers"], {})
        flags = {q["flag"]: q for q in form["questions"]}
        self.assertTrue(flags["saddle-anaesthesia"]["emergency"])
        self.assertFalse(flags["fever"]["emergency"])
        self.assertIn("saddle", flags["saddle-anaesthesia"]["text"])
        fields = {f["key"]: f for f in form["fields"]}
        self.assertEqual((fields["sitting_hours"]["min"], fields["sitting_hours"]["max"]), (0, 24))
        self.assertIn("lifting", fields["onset_mode"]["values"])
        self.assertIn("low-back", [c["code"] for c in form["vocabulary"]["locations"]])
        self.assertIn("emergency department", form["safety_net"])

        # A first answer, then a pause: kept, and nothing clinical.
        saved = self.save(nina, self.pn, {"intake": {"onset_mode": "lifting",
                                                     "sitting_hours": 8},
                                          "red_flags": {"fever": "no"}})
        self.assertEqual((saved["status"], saved["tier"], saved["emergency"]),
                         ("answering", "none", False))
        self.assertEqual(self.clinical(self.pn), (0, 0))
        again = self.expect(nina.get(f"{D}/me/previsit"), 200)
        self.assertEqual(again["answers"], {"onset_mode": "lifting", "sitting_hours": 8})
        self.assertEqual(again["red_flags"], {"fever": "no"})
        self.assertIn(("nina@example.org", "previsit.write", self.pn, "ok"),
                      [a[:4] for a in self.audit(action="previsit.write")])
        # The link worked once.
        err = self.expect(apitest.Client(self.server.port).post(
            f"{D}/invitations/{token}", {"password": "another long password"}), 410, "gone")
        self.assertIn("used already", err["error"]["message"])

    def test_b_an_expired_intake_link_answers_as_any_link(self):
        pid = self.cli_json("patient", "add", "--name", "Olga Old")["id"]
        r = self.ask(pid, email="olga@example.org")
        con = apitest.testdb.connect(self.db)
        con.execute("UPDATE invitations SET expires_at = ? WHERE invitation_id = ?",
                    (int(time.time()) - 60, r["id"]))
        con.commit()
        con.close()
        token = TOKEN.search(r["link"]).group(1)
        err = self.expect(apitest.Client(self.server.port).get(f"{D}/invitations/{token}"), 410,
                          "gone")
        self.assertIn("expired on", err["error"]["message"])
        # Asking again keeps the same pre-visit intake and makes a new link.
        again = self.ask(pid, email="olga@example.org")
        self.assertEqual(again["previsit"]["id"], r["previsit"]["id"])
        self.expect(apitest.Client(self.server.port).get(
            f"{D}/invitations/{TOKEN.search(again['link']).group(1)}"), 200)
        self.assertEqual(len(self.rows(pid)), 1)

    def test_c_an_emergency_answer_shows_the_safety_net_and_alerts_the_clinic(self):
        pid, _ = self.people["erin"]
        r = self.ask(pid, base_url="https://clinic.example.org")
        # An account already: the link is the questions' page, no invitation.
        self.assertTrue(r["account"])
        self.assertEqual(r["link"], "https://clinic.example.org/previsit")
        self.assertNotIn("letter_html", r)
        self.assertEqual(self.sql("SELECT COUNT(*) FROM invitations WHERE patient_id = ?",
                                  pid)[0][0], 0)
        erin = self.client("erin@example.org")
        doc = self.client("doc@example.org")
        self.assertNotIn(pid, [a["patient_id"] for a in
                               self.expect(doc.get(f"{D}/previsit/alerts"), 200)])
        # Fever alone is urgent: no alert yet.
        s = self.save(erin, pid, {"red_flags": {"fever": "yes", "immunosuppression": "no"}})
        self.assertEqual((s["tier"], s["emergency"]), ("urgent", False))
        self.assertNotIn(pid, [a["patient_id"] for a in
                               self.expect(doc.get(f"{D}/previsit/alerts"), 200)])
        # Saddle numbness: an emergency, answered with the safety net at once.
        s = self.save(erin, pid, {"red_flags": {"fever": "yes", "immunosuppression": "no",
                                                "saddle-anaesthesia": "yes"}})
        self.assertEqual((s["tier"], s["emergency"]), ("emergency", True))
        self.assertIn("Go to the emergency department straight away", s["safety_net"])
        alerts = self.expect(doc.get(f"{D}/previsit/alerts"), 200)
        mine = [a for a in alerts if a["patient_id"] == pid]
        self.assertEqual(len(mine), 1)
        self.assertEqual((mine[0]["name"], mine[0]["tier"], mine[0]["flags"]),
                         ("Erin E", "emergency", ["saddle-anaesthesia", "fever"]))
        self.assertTrue(any("saddle-anaesthesia" in x for x in mine[0]["reasons"]))
        self.assertIn(("doc@example.org", "previsit.alert.read", pid, "ok"),
                      [a[:4] for a in self.audit(action="previsit.alert.read")])
        # Not another clinic's.
        self.assertNotIn(pid, [a["patient_id"] for a in self.expect(
            self.client("doc2@example.org").get(f"{D}/previsit/alerts"), 200)])
        # The practitioner's review: each reply with its question; no screen.
        v = self.expect(doc.get(f"{D}/patients/{pid}/previsit"), 200)
        self.assertEqual(v["tier"], "emergency")
        self.assertEqual([(x["flag"], x["reply"]) for x in v["red_flags"]],
                         [("saddle-anaesthesia", "yes"), ("fever", "yes"),
                          ("immunosuppression", "no")])
        self.assertEqual(self.clinical(pid), (0, 0))
        # The combination rule: fever with an infection risk factor.
        s = self.save(erin, pid, {"red_flags": {"fever": "yes", "immunosuppression": "yes"}})
        self.assertEqual(s["tier"], "emergency")
        s = self.save(erin, pid, {"red_flags": {"fever": "no"}})
        self.assertEqual(s["tier"], "none")
        self.assertNotIn(pid, [a["patient_id"] for a in
                               self.expect(doc.get(f"{D}/previsit/alerts"), 200)])

    def test_d_confirming_makes_the_intake(self):
        pid, eid = self.people["fred"]
        self.ask(pid)
        fred = self.client("fred@example.org")
        doc = self.client("doc@example.org")
        # Not answered yet: nothing to confirm.
        self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm", {}), 409, "conflict",
                    "patient_id")
        answers = {"onset_mode": "lifting", "locations": ["low-back", "buttock"],
                   "radiation": "buttock", "radiation_side": "left",
                   "night_pain": True, "pain_wakes": 2, "sleep_position": "side",
                   "conditions": [], "weight_kg": 71.5,
                   "medicines": [{"name": "Ibuprofen", "dose": "200 mg", "purpose": "pain"}],
                   "goals": "Sleep through the night"}
        s = self.save(fred, pid, {"intake": answers, "red_flags": {"cancer-history": "no"},
                                  "finished": True})
        self.assertEqual(s["status"], "sent")
        self.assertTrue(s["sent_at"])
        self.assertEqual(self.clinical(pid), (0, 0))
        self.expect(doc.get(f"{D}/episodes/{eid}/intake"), 404)
        v = self.expect(doc.get(f"{D}/patients/{pid}/previsit"), 200)
        self.assertEqual(v["answers"], answers)
        self.assertEqual(v["labels"]["night_pain"], "Pain at night")
        out = self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm", {}), 200)
        x = out["intake"]
        self.assertEqual((x["episode_id"], x["onset_mode"], x["pain_wakes"], x["night_pain"],
                          x["conditions"], x["goals"], x["weight_kg"]),
                         (eid, "lifting", 2, True, [], "Sleep through the night", 71.5))
        self.assertEqual(sorted(l["location"] for l in x["locations"]), ["buttock", "low-back"])
        self.assertEqual(x["medicines"][0]["name"], "Ibuprofen")
        self.assertEqual(x["practitioner_id"], self.doc)
        self.assertEqual(x["date"], apitest.TODAY)
        self.assertEqual((out["previsit"]["status"], out["previsit"]["episode_id"]),
                         ("confirmed", eid))
        self.assertEqual(self.expect(doc.get(f"{D}/episodes/{eid}/intake"), 200)["pain_wakes"], 2)
        # The red-flag replies never become a screen.
        self.assertEqual(self.clinical(pid), (1, 0))
        acts = [a[1] for a in self.audit(patient_id=pid) if a[3] == "ok"]
        self.assertIn("previsit.confirm", acts)
        self.assertIn("intake.create", acts)
        # Once: then nothing waits, and the patient's page says so.
        self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm", {}), 409, "conflict",
                    "patient_id")
        self.save(fred, pid, {"intake": {"goals": "x"}}, 409, "patient_id")
        me = self.expect(fred.get(f"{D}/me/previsit"), 200)
        self.assertEqual(me["status"], "confirmed")
        self.assertNotIn("answers", me)
        # A new request starts empty, and a second confirm merges into the
        # stored intake (fields not answered are kept).
        self.ask(pid)
        self.save(fred, pid, {"intake": {"pain_wakes": 3}})
        out = self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm",
                                   {"episode_id": eid}), 200)
        self.assertEqual((out["intake"]["pain_wakes"], out["intake"]["onset_mode"]), (3, "lifting"))
        self.assertIn("intake.update", [a[1] for a in self.audit(patient_id=pid)])

    def test_e_bad_input_names_the_field_and_changes_nothing(self):
        pid, eid = self.people["gail"]
        self.ask(pid)
        gail = self.client("gail@example.org")
        doc = self.client("doc@example.org")
        before = self.snapshot()
        for body, field in (
                ({"intake": {"sitting_hours": 30}}, "intake.sitting_hours"),
                ({"intake": {"sitting_hours": "8"}}, "intake.sitting_hours"),
                ({"intake": {"work": "astronaut"}}, "intake.work"),
                ({"intake": {"nope": 1}}, "intake.nope"),
                ({"intake": {"night_pain": False, "pain_wakes": 2}}, "intake.pain_wakes"),
                ({"intake": {"smoking": "never", "cigarettes_per_day": 5}},
                 "intake.cigarettes_per_day"),
                ({"intake": {"locations": ["moon"]}}, "intake.locations"),
                ({"intake": {"medicines": [{"dose": "1"}]}}, "intake.medicines"),
                ({"intake": {"date": "2026-03-01"}}, "intake.date"),
                ({"intake": "everything"}, "intake"),
                ({"red_flags": {"saddle-anaesthesia": "maybe"}}, "red_flags.saddle-anaesthesia"),
                ({"red_flags": {"not-a-flag": "yes"}}, "red_flags.not-a-flag"),
                ({"red_flags": ["fever"]}, "red_flags"),
                ({"finished": "soon"}, "finished"),
                ({"other": 1}, "other")):
            with self.subTest(body=body):
                err = self.save(gail, pid, body, 422, field)
                self.assertEqual(err["error"]["code"], "invalid")
        self.assertEqual(self.snapshot(), before)
        # The practitioner's requests, likewise.
        for body, field in (({"days": 99}, "days"), ({"base_url": "ftp://clinic"}, "base_url"),
                            ({"name": "x" * 200}, "name"), ({"email": 5}, "email")):
            with self.subTest(body=body):
                self.expect(doc.post(f"{D}/patients/{pid}/previsit", body), 422, "invalid",
                            field)
        self.save(gail, pid, {"intake": {"goals": "walk"}})
        before = self.snapshot()
        for body, status, field in (({"date": "2026-13-01"}, 422, "date"),
                                    ({"date": "2026-03-11"}, 422, "date"),
                                    ({"episode_id": "x"}, 422, "episode_id"),
                                    ({"episode_id": self.eb}, 404, "episode_id"),
                                    ({"episode_id": self.ec}, 404, "episode_id"),
                                    ({"reason": "x"}, 422, "reason")):
            with self.subTest(body=body):
                self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm", body), status,
                            field=field)
        self.assertEqual(self.snapshot(), before)
        # A patient with no open episode: the episode is named.
        con = apitest.testdb.connect(self.db)
        con.execute("UPDATE episodes SET status = 'closed', closed_on = '2026-03-09' "
                    "WHERE patient_id = ?", (pid,))
        con.commit()
        con.close()
        self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm", {}), 409, "conflict",
                    "episode_id")
        self.expect(doc.post(f"{D}/patients/{pid}/previsit/confirm", {"episode_id": eid}), 409,
                    "conflict", "episode_id")

    def test_f_authorization(self):
        pid, _ = self.people["hugo"]
        self.ask(pid)
        hugo = self.client("hugo@example.org")
        alice = self.client("alice@example.org")
        doc2 = self.client("doc2@example.org")
        admin = self.client("admin@example.org")
        doc = self.client("doc@example.org")
        nobody = apitest.Client(self.server.port)
        answers = {"intake": {"goals": "x"}}
        before = self.snapshot()
        # Another patient's answers read as a missing patient's.
        for c, who in ((alice, "alice@example.org"), (hugo, "hugo@example.org")):
            for p in (self.pb, self.pc):
                self.expect(c.post(f"{D}/patients/{p}/previsit/answers", answers), 404,
                            "not-found", "patient_id")
        # A practitioner of another clinic: as missing, on every route.
        self.expect(doc2.post(f"{D}/patients/{pid}/previsit", {}), 404, "not-found",
                    "patient_id")
        self.expect(doc2.get(f"{D}/patients/{pid}/previsit"), 404, "not-found", "patient_id")
        self.expect(doc2.post(f"{D}/patients/{pid}/previsit/confirm", {}), 404, "not-found",
                    "patient_id")
        # Roles: the practitioner's routes are not the patient's, and the
        # patient's are not staff's; an administrator has no clinical access.
        for c in (hugo, admin):
            self.expect(c.post(f"{D}/patients/{pid}/previsit", {}), 403, "forbidden")
            self.expect(c.get(f"{D}/patients/{pid}/previsit"), 403, "forbidden")
            self.expect(c.post(f"{D}/patients/{pid}/previsit/confirm", {}), 403, "forbidden")
            self.expect(c.get(f"{D}/previsit/alerts"), 403, "forbidden")
        for c in (doc, admin):
            self.expect(c.get(f"{D}/me/previsit"), 403, "forbidden")
            self.expect(c.post(f"{D}/patients/{pid}/previsit/answers", answers), 403,
                        "forbidden")
        for method, path in (("GET", f"{D}/me/previsit"), ("GET", f"{D}/previsit/alerts"),
                             ("POST", f"{D}/patients/{pid}/previsit/answers"),
                             ("GET", f"{D}/patients/{pid}/previsit")):
            self.expect(nobody.request(method, path, body={} if method == "POST" else None),
                        401)
        self.assertEqual(self.snapshot(), before)
        # Every refusal about the patient is audited.
        refused = [(a[0], a[1], a[3]) for a in self.audit(patient_id=pid)
                   if a[3] != "ok"]
        for who in ("doc2@example.org", "admin@example.org"):
            self.assertIn((who, "previsit.request", "denied"), refused)
            self.assertIn((who, "previsit.read", "denied"), refused)
            self.assertIn((who, "previsit.confirm", "denied"), refused)
        self.assertIn(("hugo@example.org", "previsit.confirm", "denied"), refused)
        self.assertIn(("doc@example.org", "previsit.write", "denied"), refused)
        self.assertIn(("anonymous", "previsit.write", "unauthenticated"), refused)
        denied = [a[2] for a in self.audit(action="previsit.write", outcome="denied")
                  if a[0] == "alice@example.org"]
        self.assertEqual(sorted(denied), sorted([self.pb, self.pc]))
        # The patient's own: fine.
        self.save(hugo, pid, answers)


if __name__ == "__main__":
    apitest.main()
