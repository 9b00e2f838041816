"""Administration in the browser's API (admins only): accounts disabled and
enabled again (never deleted), a staff account's role and clinic, clinics
renamed, and the audit log filtered, paged and exported as CSV (cells
guarded against spreadsheet formulas; the export audited).  Every route
refuses a patient and a practitioner (403, audited).  Both backends."""
import csv
import io

import apitest

D = "/api/v1"


class Admin(apitest.ApiTest):
    def test_disable_and_enable_an_account(self):
        admin = self.client("admin@example.org")
        spare = self.add_user("spare1@example.org", "practitioner")
        s = self.client("spare1@example.org")
        u = self.expect(admin.post(f"{D}/users/{spare}/disable", {}), 200)
        self.assertTrue(u["disabled"])
        # Signed out at once, and signing in is refused.
        self.expect(s.get(f"{D}/session"), 401)
        self.expect(apitest.Client(self.server.port).login("spare1@example.org"), 401)
        # Still listed: the audit keeps its actor.
        users = self.expect(admin.get(f"{D}/users"), 200)
        self.assertIn(spare, [x["id"] for x in users])
        # No reset link for a disabled account.
        self.expect(admin.post(f"{D}/users/{spare}/reset", {}), 409, "conflict")
        u = self.expect(admin.post(f"{D}/users/{spare}/enable", {}), 200)
        self.assertFalse(u["disabled"])
        self.expect(apitest.Client(self.server.port).login("spare1@example.org"), 200)
        # Not oneself.
        self.expect(admin.post(f"{D}/users/{self.admin}/disable", {}), 409, "conflict", "user_id")
        self.expect(admin.post(f"{D}/users/123456789/disable", {}), 404, "not-found", "user_id")
        self.expect(admin.post(f"{D}/users/{spare}/disable", {"why": 1}), 422, "invalid", "why")
        actions = [a for _, a, _, o, _ in self.audit() if o == "ok"]
        self.assertIn("user.disable", actions)
        self.assertIn("user.enable", actions)

    def test_role_and_clinic(self):
        admin = self.client("admin@example.org")
        spare = self.add_user("spare2@example.org", "practitioner")
        s = self.client("spare2@example.org")
        u = self.expect(admin.post(f"{D}/users/{spare}/role", {"clinic_id": self.clinic2}), 200)
        self.assertEqual((u["role"], u["clinic_id"]), ("practitioner", self.clinic2))
        # The new rights apply from the next sign-in.
        self.expect(s.get(f"{D}/session"), 401)
        s = self.client("spare2@example.org")
        self.assertEqual([p["id"] for p in self.expect(s.get(f"{D}/patients"), 200)["patients"]], [self.pc])
        u = self.expect(admin.post(f"{D}/users/{spare}/role", {"role": "admin"}), 200)
        self.assertEqual(u["role"], "admin")
        before = self.snapshot()
        self.expect(admin.post(f"{D}/users/{spare}/role", {}), 422, "invalid", "role")
        self.expect(admin.post(f"{D}/users/{spare}/role", {"role": "patient"}), 422, "invalid",
                    "role")
        self.expect(admin.post(f"{D}/users/{spare}/role", {"clinic_id": 999999}), 404,
                    "not-found", "clinic_id")
        self.expect(admin.post(f"{D}/users/{self.alice}/role", {"role": "practitioner"}), 409,
                    "conflict", "user_id")
        self.expect(admin.post(f"{D}/users/{self.admin}/role", {"role": "practitioner"}), 409,
                    "conflict", "role")
        self.assertEqual(before, self.snapshot())

    def test_rename_a_clinic(self):
        admin = self.client("admin@example.org")
        c = self.expect(admin.post(f"{D}/clinics", {"name": "East"}), 201)
        r = self.expect(admin.post(f"{D}/clinics/{c['id']}/rename", {"name": "East Side"}), 200)
        self.assertEqual(r["name"], "East Side")
        self.assertIn("East Side", [x["name"] for x in self.expect(admin.get(f"{D}/clinics"), 200)])
        self.expect(admin.post(f"{D}/clinics/{c['id']}/rename", {"name": "North"}), 409,
                    "conflict", "name")
        self.expect(admin.post(f"{D}/clinics/{c['id']}/rename", {"name": ""}), 422, "invalid",
                    "name")
        self.expect(admin.post(f"{D}/clinics/999999/rename", {"name": "X"}), 404, "not-found")
        self.assertIn("clinic.rename", [a for _, a, _, _, _ in self.audit()])

    def test_audit_filters_pages_and_csv(self):
        admin = self.client("admin@example.org")
        # Something to find: a refused read of Alice's chart by a
        # practitioner of the other clinic.
        self.expect(self.client("doc2@example.org").get(f"{D}/patients/{self.pa}"), 404)
        page = self.expect(admin.get(f"{D}/audit/search?patient_id={self.pa}&outcome=denied"), 200)
        self.assertTrue(page["entries"])
        self.assertTrue(all(e["patient_id"] == self.pa and e["outcome"] == "denied"
                            for e in page["entries"]))
        mine = self.expect(admin.get(f"{D}/audit/search?user_id={self.doc2}&action=patient.read"),
                           200)
        self.assertTrue(all(e["user_id"] == self.doc2 and e["action"] == "patient.read"
                            for e in mine["entries"]))
        # Days: UTC, inclusive; a range in the past finds nothing.
        self.assertEqual(self.expect(admin.get(
            f"{D}/audit/search?from=2000-01-01&to=2000-01-02"), 200)["entries"], [])
        # Pages: newest first, no entry twice, until next_before is null.
        seen, before = [], None
        for _ in range(100):
            q = "limit=7" + (f"&before={before}" if before else "")
            p = self.expect(admin.get(f"{D}/audit/search?{q}"), 200)
            seen += [e["id"] for e in p["entries"]]
            before = p["next_before"]
            if before is None:
                break
        self.assertEqual(seen, sorted(set(seen), reverse=True))
        self.assertGreater(len(seen), 7)
        # Bad filters change nothing and name the field.
        self.expect(admin.get(f"{D}/audit/search?from=2026-03-10&to=2026-03-01"), 422, "invalid",
                    "to")
        self.expect(admin.get(f"{D}/audit/search?limit=0"), 422, "invalid", "limit")
        self.expect(admin.get(f"{D}/audit/search?when=today"), 422, "invalid", "when")

        # The CSV of a filtered view, cells guarded, the export audited.
        self.cli("patient", "add", "--name", "=HYPERLINK(\"http://x\")")
        r = admin.get(f"{D}/audit/export?action=patient.create&limit=50")
        self.assertEqual(r.status, 200, r.raw)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        rows = list(csv.reader(io.StringIO(r.raw.decode())))
        self.assertEqual(rows[0][:5], ["id", "at", "actor", "user_id", "action"])
        self.assertTrue(all(row[4] == "patient.create" for row in rows[1:]))
        self.assertGreaterEqual(len(rows), 2)
        # An actor that would run as a formula is written as text.
        con = apitest.testdb.connect(self.db)
        con.execute("INSERT INTO audit_log (audit_id, at, actor, action, origin, outcome) "
                    "VALUES (?, '2026-03-10T00:00:00Z', '=1+2', 'probe', 'cli', 'ok')",
                    (9007199254740000,))
        con.commit()
        con.close()
        r = admin.get(f"{D}/audit/export?action=probe")
        rows = list(csv.reader(io.StringIO(r.raw.decode())))
        self.assertEqual(rows[1][2], "'=1+2")
        self.expect(admin.get(f"{D}/audit/export?before=5"), 422, "invalid", "before")
        self.assertIn("audit.export", [a for _, a, _, o, _ in self.audit() if o == "ok"])

    def test_only_admins(self):
        routes = [("POST", f"/users/{self.doc}/disable"), ("POST", f"/users/{self.doc}/enable"),
                  ("POST", f"/users/{self.doc}/role"), ("POST", f"/clinics/{self.clinic1}/rename"),
                  ("GET", "/audit/search"), ("GET", "/audit/export"),
                  ("GET", "/invitations"), ("POST", "/invitations")]
        before = self.snapshot()
        for email in ("alice@example.org", "doc@example.org"):
            c = self.client(email)
            for method, p in routes:
                with self.subTest(who=email, route=p):
                    self.expect(c.request(method, D + p, body={} if method == "POST" else None),
                                403, "forbidden")
        for method, p in routes:
            self.expect(apitest.Client(self.server.port).request(
                method, D + p, body={} if method == "POST" else None), 401)
        self.assertEqual(before, self.snapshot())
        denied = self.sql("SELECT action FROM audit_log WHERE outcome = 'denied' AND user_id IN "
                          "(?, ?)", self.alice, self.doc)
        self.assertTrue({"user.disable", "user.role", "clinic.rename", "audit.export"}
                        <= {r[0] for r in denied})


if __name__ == "__main__":
    apitest.main()
