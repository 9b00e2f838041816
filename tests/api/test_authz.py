"""The authorization matrix: for every endpoint that touches a patient's
record, another patient and a practitioner of another clinic are refused
(404, exactly like a record that does not exist), nothing changes, and the
audit log shows the attempt."""
import apitest

D = "/api/v1"

# (method, path template, body) for every patient-scoped endpoint.
SCOPED = [
    ("GET", "/patients/{p}", None),
    ("GET", "/patients/{p}/summary", None),
    ("GET", "/patients/{p}/diary", None),
    ("POST", "/patients/{p}/diary", {"date": "2026-03-01", "pain": 2}),
    ("POST", "/patients/{p}/episodes", {"onset": "2026-02-01"}),
    ("GET", "/episodes/{e}", None),
    ("POST", "/episodes/{e}/close", {}),
    ("GET", "/episodes/{e}/sessions", None),
    ("POST", "/episodes/{e}/sessions", {"date": "2026-03-01", "modality": ["acupuncture"], "points": ["BL23"]}),
    ("GET", "/fhir/Patient/{p}/$everything", None),
]
# Endpoints a role may never call, whoever the record belongs to.
STAFF_ONLY = [("GET", "/patients"), ("POST", "/patients"), ("GET", "/overview"),
              ("GET", "/fhir/$export")]
ADMIN_ONLY = [("GET", "/users"), ("POST", "/users"), ("GET", "/audit"),
              ("POST", "/users/{u}/password")]
PRACTITIONER_WRITES = [s for s in SCOPED if s[0] == "POST" and "diary" not in s[1]]


class Matrix(apitest.ApiTest):
    def path(self, tmpl, patient, episode):
        return D + tmpl.format(p=patient, e=episode, u=self.doc)

    def call(self, c, method, path, body):
        return c.request(method, path, body=body if method == "POST" else None)

    def refused(self, email, patient, episode, user_id, role_refused=()):
        c = self.client(email)
        before = self.snapshot()
        for method, tmpl, body in SCOPED:
            with self.subTest(who=email, route=f"{method} {tmpl}"):
                n = len(self.audit(user_id=user_id, outcome="denied"))
                r = self.call(c, method, self.path(tmpl, patient, episode), body)
                if (method, tmpl, body) in role_refused:
                    # The role may never do this: 403 before any lookup.
                    self.expect(r, 403, "forbidden")
                else:
                    err = self.expect(r, 404, "not-found")
                    # Indistinguishable from a record that does not exist.
                    self.assertRegex(err["error"]["message"], r"^there is no (patient|episode) \d+$")
                rows = self.audit(user_id=user_id, outcome="denied")
                self.assertEqual(len(rows), n + 1)
                actor, action, pid, outcome, origin = rows[-1]
                self.assertEqual((actor, pid, outcome, origin), (email, patient, "denied", "127.0.0.1"))
        self.assertEqual(before, self.snapshot())

    def test_patient_cannot_reach_another_patient(self):
        self.refused("alice@example.org", self.pb, self.eb, self.alice, PRACTITIONER_WRITES)

    def test_practitioner_cannot_reach_another_clinic(self):
        self.refused("doc2@example.org", self.pa, self.ea, self.doc2)

    def test_other_clinic_practitioner_reaches_their_own(self):
        c = self.client("doc2@example.org")
        self.expect(c.get(f"{D}/patients/{self.pc}"), 200)
        self.assertEqual([p["id"] for p in self.expect(c.get(f"{D}/patients"), 200)], [self.pc])

    def test_patient_role_limits(self):
        c = self.client("alice@example.org")
        for method, tmpl in STAFF_ONLY + ADMIN_ONLY:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), {}), 403, "forbidden")
        # Clinical writes on their own record are the practitioner's.
        for method, tmpl, body in PRACTITIONER_WRITES:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), body), 403, "forbidden")
        rows = self.audit(user_id=self.alice, outcome="denied")
        self.assertGreaterEqual(len(rows), len(STAFF_ONLY + ADMIN_ONLY + PRACTITIONER_WRITES))

    def test_practitioner_is_not_an_admin(self):
        c = self.client("doc@example.org")
        for method, tmpl in ADMIN_ONLY:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), {}), 403, "forbidden")

    def test_admin_does_not_read_clinical_records(self):
        c = self.client("admin@example.org")
        for method, tmpl, body in SCOPED:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), body), 403, "forbidden")
        for method, tmpl in STAFF_ONLY:
            self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), {}), 403)

    def test_anonymous_attempts_are_audited(self):
        anon = apitest.Client(self.server.port)
        before = self.snapshot()
        for method, tmpl, body in SCOPED:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(anon, method, self.path(tmpl, self.pb, self.eb), body), 401, "unauthenticated")
        self.assertEqual(before, self.snapshot())
        rows = self.audit(actor="anonymous", outcome="unauthenticated")
        self.assertGreaterEqual(len(rows), len(SCOPED))
        # Routes with the patient in the path record whose record it was.
        self.assertIn(self.pb, [r[2] for r in rows])

    def test_cli_audit_lists_the_attempts(self):
        self.client("alice@example.org").get(f"{D}/patients/{self.pb}/diary")
        out = self.cli_json("audit", "--patient", self.pb)
        denied = [e for e in out if e["outcome"] == "denied" and e["actor"] == "alice@example.org"]
        self.assertTrue(denied)
        self.assertEqual(denied[0]["action"], "diary.read")
        self.assertEqual(denied[0]["origin"], "127.0.0.1")
        by_user = self.cli_json("audit", "--user", self.alice)
        self.assertTrue(all(e["user_id"] == self.alice for e in by_user))
        text = self.cli("audit", "--patient", self.pb).stdout
        self.assertIn("denied", text)


if __name__ == "__main__":
    apitest.main()
