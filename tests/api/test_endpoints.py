"""Every endpoint's happy path, as the role that uses it."""
import apitest

D = "/api/v1"


class Endpoints(apitest.ApiTest):
    def test_openapi_is_public_json(self):
        r = self.client().get(D + "/openapi.json")
        doc = self.expect(r, 200)
        self.assertEqual(doc["openapi"], "3.1.0")
        self.assertIn("/api/v1/patients/{patient_id}/diary", doc["paths"])

    def test_login_sets_a_strict_httponly_cookie(self):
        c = apitest.Client(self.server.port)
        r = c.login("DOC@example.org")
        body = self.expect(r, 200)
        cookie = r.header("Set-Cookie")
        self.assertRegex(cookie, r"^br_session=[0-9a-f]{64}; Path=/; Max-Age=\d+; HttpOnly; SameSite=Strict$")
        self.assertEqual(body["user"]["email"], "doc@example.org")
        self.assertEqual(body["user"]["role"], "practitioner")
        self.assertNotIn("password_hash", body["user"])
        self.assertRegex(body["csrf_token"], "^[0-9a-f]{64}$")
        token = c.cookies["br_session"]
        # Only a hash of the token is stored.
        stored = [r[0] for r in self.sql("SELECT token_hash FROM auth_sessions")]
        self.assertNotIn(token, stored)
        self.assertNotIn(token, self.server_log_and_db())
        me = self.expect(c.get(D + "/session"), 200)
        self.assertEqual(me["user"]["id"], self.doc)
        self.assertEqual(me["csrf_token"], body["csrf_token"])
        self.assertEqual(r.header("Cache-Control"), "no-store")
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")

    def server_log_and_db(self):
        return apitest.testdb.raw_text(self.db)

    def test_practitioner_workflow(self):
        c = self.client("doc@example.org")
        names = [p["name"] for p in self.expect(c.get(D + "/patients"), 200)["patients"]]
        self.assertEqual(names, ["Alice A", "Bob B"])  # not Carol (other clinic)
        p = self.expect(c.post(D + "/patients", {"name": "Dan D", "born": "1980-02-03", "sex": "male"}), 201)
        self.assertEqual(p["name"], "Dan D")
        pid = p["id"]
        show = self.expect(c.get(f"{D}/patients/{pid}"), 200)
        self.assertEqual(show["episodes"], [])
        ep = self.expect(c.post(f"{D}/patients/{pid}/episodes", {"onset": "2026-02-01", "region": "low-back", "sciatica": True}), 201)
        self.assertEqual(ep["patient_id"], pid)
        eid = ep["id"]
        self.assertEqual(self.expect(c.get(f"{D}/episodes/{eid}"), 200)["id"], eid)
        day = self.expect(c.post(f"{D}/patients/{pid}/diary", {"date": "2026-03-09", "pain": 6, "quality": 2}), 200)
        self.assertEqual(day["pain"], 6)
        days = self.expect(c.get(f"{D}/patients/{pid}/diary?from=2026-03-01&to=2026-03-10"), 200)
        self.assertEqual([d["date"] if "date" in d else d.get("day") for d in days], ["2026-03-09"])
        s = self.expect(c.post(f"{D}/episodes/{eid}/sessions", {"date": "2026-03-09", "modality": ["acupuncture"], "points": ["BL23", "GB30:left"], "pain_before": 6, "pain_after": 4}), 201)
        self.assertEqual(s["episode_id"], eid)
        sessions = self.expect(c.get(f"{D}/episodes/{eid}/sessions"), 200)
        self.assertEqual(len(sessions), 1)
        summary = self.expect(c.get(f"{D}/patients/{pid}/summary"), 200)
        self.assertIsInstance(summary, dict)
        ov = self.expect(c.get(D + "/overview"), 200)
        self.assertGreaterEqual(ov["patients"], 3)
        closed = self.expect(c.post(f"{D}/episodes/{eid}/close"), 200)
        self.assertEqual(closed["status"], "closed")
        # Every read and write was audited with who, what, whom, where.
        rows = self.audit(user_id=self.doc, patient_id=pid)
        actions = [r[1] for r in rows]
        for a in ("patient.create", "patient.read", "episode.create", "diary.write",
                  "diary.read", "session.create", "session.read", "patient.summary"):
            self.assertIn(a, actions)
        self.assertTrue(all(r[0] == "doc@example.org" and r[4] == "127.0.0.1" for r in rows))

    def test_patient_keeps_their_diary(self):
        c = self.client("alice@example.org")
        d = self.expect(c.post(f"{D}/patients/{self.pa}/diary", {"date": "2026-03-10", "bed": "23:00", "try": "23:15", "sol": 20, "wakes": 1, "waso": 15, "final": "06:30", "up": "06:45", "quality": 3}), 200)
        self.assertEqual(d["quality"], 3)
        d = self.expect(c.post(f"{D}/patients/{self.pa}/diary", {"date": "2026-03-10", "pain": 4, "pain_worst": 6}), 200)
        self.assertEqual((d["quality"], d["pain"]), (3, 4))
        self.assertEqual(len(self.expect(c.get(f"{D}/patients/{self.pa}/diary"), 200)), 1)
        self.assertEqual(self.expect(c.get(f"{D}/patients/{self.pa}"), 200)["id"], self.pa)
        self.expect(c.get(f"{D}/patients/{self.pa}/summary"), 200)
        self.expect(c.get(f"{D}/episodes/{self.ea}"), 200)
        self.expect(c.get(f"{D}/episodes/{self.ea}/sessions"), 200)

    def test_admin_manages_users_and_reads_the_audit_log(self):
        c = self.client("admin@example.org")
        users = self.expect(c.get(D + "/users"), 200)
        self.assertIn("alice@example.org", [u["email"] for u in users])
        self.assertTrue(all("password_hash" not in u for u in users))
        # No account but the first administrator's gets a generated
        # password: the admin sets one or invites the person instead.
        self.expect(c.post(D + "/users", {"email": "nurse@example.org", "role": "practitioner"}),
                    422, "invalid", "password")
        u = self.expect(c.post(D + "/users", {"email": "Nurse@Example.org", "role": "practitioner",
                                              "password": "a first long passphrase"}), 201)
        self.assertEqual(u["email"], "nurse@example.org")
        self.assertNotIn("password", u)
        self.assertEqual(u["clinic_id"], self.clinic1)
        n = apitest.Client(self.server.port)
        self.expect(n.login("nurse@example.org", "a first long passphrase"), 200)
        # A reset is a one-time link, never a password: the old one stops
        # working and the nurse is signed out everywhere at once.
        link = self.expect(c.post(f"{D}/users/{u['id']}/reset", {}), 201)
        self.assertNotIn("password", link)
        self.assertIn("/activate#", link["link"])
        self.expect(n.get(D + "/session"), 401, "unauthenticated")
        self.expect(n.login("nurse@example.org", "a first long passphrase"), 401)
        token = link["link"].rsplit("#", 1)[1]
        self.expect(n.post(f"{D}/invitations/{token}", {"password": "a new long passphrase"}), 200)
        self.expect(apitest.Client(self.server.port).login("nurse@example.org",
                                                           "a new long passphrase"), 200)
        log = self.expect(c.get(f"{D}/audit?patient_id={self.pa}&limit=500"), 200)
        self.assertTrue(all(e["patient_id"] == self.pa for e in log))
        self.assertEqual(set(log[0]), {"id", "at", "actor", "user_id", "action", "patient_id", "record", "origin", "outcome"})
        mine = self.expect(c.get(f"{D}/audit?user_id={self.admin}"), 200)
        self.assertIn("user.create", [e["action"] for e in mine])

    def test_logout_revokes_the_session(self):
        c = self.client("bob@example.org")
        token = c.cookies["br_session"]
        r = c.request("DELETE", D + "/session")
        self.expect(r, 200)
        self.assertIn("Max-Age=0", r.header("Set-Cookie"))
        self.assertNotIn("br_session", c.cookies)
        # Replaying the old cookie does not work.
        c.cookies["br_session"] = token
        self.expect(c.get(D + "/session"), 401, "unauthenticated")
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = 'auth.logout' AND user_id = ?", self.bob)[0][0], 1)


if __name__ == "__main__":
    apitest.main()

    def test_a_practitioner_adds_patients_to_their_own_clinic(self):
        c2 = self.client("doc2@example.org")
        p = self.expect(c2.post(D + "/patients", {"name": "Eve E"}), 201)
        self.assertEqual(p["clinic_id"], self.clinic2)
        self.assertEqual(self.sql("SELECT clinic_id FROM patients WHERE patient_id = ?", p["id"]),
                         [(self.clinic2,)])
        self.expect(c2.get(f"{D}/patients/{p['id']}"), 200)
        # The other clinic's practitioner does not see it.
        self.expect(self.client("doc@example.org").get(f"{D}/patients/{p['id']}"), 404)
        # The clinic comes from the account, never from the body.
        n = self.sql("SELECT count(*) FROM patients")[0][0]
        self.expect(c2.post(D + "/patients", {"name": "Fay F", "clinic_id": self.clinic1}),
                    400, field="clinic_id")
        self.assertEqual(self.sql("SELECT count(*) FROM patients")[0][0], n)

    def test_an_admin_adds_and_lists_clinics(self):
        a = self.client("admin@example.org")
        made = self.expect(a.post(D + "/clinics", {"name": "East Clinic"}), 201)
        self.assertEqual(made["name"], "East Clinic")
        ids = [c["id"] for c in self.expect(a.get(D + "/clinics"), 200)]
        self.assertIn(made["id"], ids)
        self.assertIn(self.clinic2, ids)
        self.expect(a.post(D + "/clinics", {"name": "East Clinic"}), 409)
        self.expect(a.post(D + "/clinics", {}), 400, field="name")
        for who in ("doc@example.org", "alice@example.org"):
            self.expect(self.client(who).get(D + "/clinics"), 403)
            self.expect(self.client(who).post(D + "/clinics", {"name": "West"}), 403)
