"""One-time links instead of printed passwords: a practitioner invites
their patient to the diary, an admin invites staff and resets passwords;
the link's page reads whom it is for (the name only) and uses it once to
create the account and sign in.  Used, expired and revoked links answer
410 with one sentence; unknown ones 404; every create, use and revoke is
audited, and so is every refusal.  Runs on both backends."""
import re
import time

import apitest

D = "/api/v1"
TOKEN = re.compile(r"/activate#([A-Za-z0-9_-]{43})$")


def token_of(inv):
    m = TOKEN.search(inv["link"])
    assert m, inv["link"]
    return m.group(1)


class Invitations(apitest.ApiTest):
    def invite_alice(self, c=None, **extra):
        c = c or self.client("doc@example.org")
        body = {"email": "alice.diary@example.org", "base_url": "https://clinic.example.org"}
        body.update(extra)
        return self.expect(c.post(f"{D}/patients/{self.pa}/invitations", body), 201)

    def test_a_practitioner_invites_their_patient_who_activates_once(self):
        doc = self.client("doc@example.org")
        inv = self.invite_alice(doc, days=3)
        self.assertEqual((inv["role"], inv["kind"], inv["state"], inv["patient_id"]),
                         ("patient", "account", "open", self.pa))
        self.assertEqual(inv["name"], "Alice A")  # from the record
        self.assertTrue(inv["link"].startswith("https://clinic.example.org/activate#"))
        self.assertTrue(inv["qr_svg"].startswith("<svg"))
        self.assertIn("<path", inv["qr_svg"])
        self.assertIn(inv["link"], inv["letter_html"])
        self.assertIn(inv["qr_svg"], inv["letter_html"])
        self.assertIn("North", inv["letter_html"])  # the clinic's name
        token = token_of(inv)
        # Only the token's hash is stored.
        stored = self.sql("SELECT token_hash FROM invitations WHERE invitation_id = ?", inv["id"])
        self.assertEqual(len(stored[0][0]), 64)
        self.assertNotIn(token, str(self.sql("SELECT * FROM invitations")))

        anon = apitest.Client(self.server.port)
        who = self.expect(anon.get(f"{D}/invitations/{token}"), 200)
        self.assertEqual(set(who), {"name", "kind", "role", "expires_at"})
        self.assertEqual(who["name"], "Alice A")
        # Showing whom a link is for reads a person's name: audited.
        self.assertEqual([(r[1], r[2], r[3]) for r in self.audit(action="invitation.read")][-1:],
                         [("invitation.read", self.pa, "ok")])
        # A password too short changes nothing: the link still works.
        self.expect(anon.post(f"{D}/invitations/{token}", {"password": "short"}), 422, "invalid",
                    "password")
        self.expect(anon.post(f"{D}/invitations/{token}", {}), 422, "invalid", "password")
        me = self.expect(anon.post(f"{D}/invitations/{token}", {"password": "my own long password"}),
                         200)
        self.assertEqual((me["user"]["role"], me["user"]["patient_id"], me["user"]["email"]),
                         ("patient", self.pa, "alice.diary@example.org"))
        self.assertIn("br_session", anon.cookies)
        anon.csrf = me["csrf_token"]
        # Signed in: the new account writes its own diary.
        self.expect(anon.post(f"{D}/patients/{self.pa}/diary", {"date": "2026-03-09", "pain": 3}), 200)
        self.expect(apitest.Client(self.server.port).login("alice.diary@example.org",
                                                           "my own long password"), 200)
        # Once only: the same link answers 410 with one sentence.
        for r in (apitest.Client(self.server.port).get(f"{D}/invitations/{token}"),
                  apitest.Client(self.server.port).post(f"{D}/invitations/{token}",
                                                        {"password": "another long password"})):
            err = self.expect(r, 410, "gone", "token")
            self.assertIn("used already", err["error"]["message"])
        listed = self.expect(doc.get(f"{D}/patients/{self.pa}/invitations"), 200)
        self.assertEqual(listed[0]["state"], "used")
        self.assertTrue(all("link" not in v and "token_hash" not in v for v in listed))
        actions = [(a, o) for _, a, p, o, _ in self.audit() if a.startswith("invitation.")]
        self.assertIn(("invitation.create", "ok"), actions)
        self.assertIn(("invitation.use", "ok"), actions)
        self.assertIn(("invitation.use", "denied"), actions)

    def test_expired_and_revoked_links_are_gone(self):
        doc = self.client("doc@example.org")
        inv = self.invite_alice(doc, email="alice.expired@example.org")
        con = apitest.testdb.connect(self.db)
        con.execute("UPDATE invitations SET expires_at = ? WHERE invitation_id = ?",
                    (int(time.time()) - 60, inv["id"]))
        con.commit()
        con.close()
        anon = apitest.Client(self.server.port)
        err = self.expect(anon.get(f"{D}/invitations/{token_of(inv)}"), 410, "gone")
        self.assertIn("expired on", err["error"]["message"])
        before = self.snapshot()
        self.expect(anon.post(f"{D}/invitations/{token_of(inv)}", {"password": "a long password"}),
                    410, "gone")
        self.assertEqual(before, self.snapshot())

        inv = self.invite_alice(doc, email="alice.revoked@example.org")
        done = self.expect(doc.post(f"{D}/patients/{self.pa}/invitations/{inv['id']}/revoke", {}), 200)
        self.assertEqual(done["state"], "revoked")
        err = self.expect(anon.get(f"{D}/invitations/{token_of(inv)}"), 410, "gone")
        self.assertIn("withdrawn", err["error"]["message"])
        self.expect(doc.post(f"{D}/patients/{self.pa}/invitations/{inv['id']}/revoke", {}), 409,
                    "conflict")
        # Under another patient the invitation reads as missing.
        self.expect(doc.post(f"{D}/patients/{self.pb}/invitations/{inv['id']}/revoke", {}), 404,
                    "not-found", "invitation_id")
        self.assertIn(("invitation.revoke", "ok"),
                      [(a, o) for _, a, _, o, _ in self.audit(patient_id=self.pa)])

    def test_a_new_link_replaces_the_open_one(self):
        doc = self.client("doc@example.org")
        first = self.invite_alice(doc, email="alice.twice@example.org")
        second = self.invite_alice(doc, email="alice.twice@example.org")
        self.expect(apitest.Client(self.server.port).get(f"{D}/invitations/{token_of(first)}"), 410)
        self.expect(apitest.Client(self.server.port).get(f"{D}/invitations/{token_of(second)}"), 200)
        # A link for another patient leaves this one alone.
        other = self.expect(doc.post(f"{D}/patients/{self.pb}/invitations",
                                     {"email": "alice.twice@example.org"}), 201)
        self.expect(apitest.Client(self.server.port).get(f"{D}/invitations/{token_of(second)}"), 200)
        self.expect(apitest.Client(self.server.port).get(f"{D}/invitations/{token_of(other)}"), 200)

    def test_unknown_links_and_bad_input(self):
        anon = apitest.Client(self.server.port)
        self.expect(anon.get(f"{D}/invitations/{'A' * 43}"), 404, "not-found", "token")
        # Not a token's shape: no route.
        self.expect(anon.get(f"{D}/invitations/{'A' * 42}"), 404)
        doc = self.client("doc@example.org")
        before = self.snapshot()
        url = f"{D}/patients/{self.pa}/invitations"
        self.expect(doc.post(url, {}), 422, "invalid", "email")
        self.expect(doc.post(url, {"email": "not an address"}), 422, "invalid", "email")
        self.expect(doc.post(url, {"email": "a@example.org", "days": 0}), 422, "invalid", "days")
        self.expect(doc.post(url, {"email": "a@example.org", "days": 31}), 422, "invalid", "days")
        self.expect(doc.post(url, {"email": "a@example.org", "base_url": "ftp://x.example"}), 422,
                    "invalid", "base_url")
        self.expect(doc.post(url, {"email": "a@example.org", "role": "admin"}), 422, "invalid", "role")
        # An email that has an account already.
        self.expect(doc.post(url, {"email": "bob@example.org"}), 409, "conflict", "email")
        self.assertEqual(before, self.snapshot())

    def test_who_may_invite(self):
        url = f"{D}/patients/{self.pa}/invitations"
        body = {"email": "alice.matrix@example.org"}
        before = self.snapshot()
        # A patient may not invite; a practitioner of another clinic finds
        # no such patient; an admin does not touch clinical records.
        self.expect(self.client("alice@example.org").post(url, body), 403, "forbidden")
        self.expect(self.client("doc2@example.org").post(url, body), 404, "not-found", "patient_id")
        self.expect(self.client("admin@example.org").post(url, body), 403, "forbidden")
        self.expect(self.client("admin@example.org").post(f"{D}/invitations", dict(
            body, role="patient")), 422, "invalid", "role")
        self.expect(self.client("doc@example.org").post(f"{D}/invitations", dict(
            body, role="practitioner")), 403, "forbidden")
        self.expect(apitest.Client(self.server.port).post(url, body), 401)
        self.assertEqual(before, self.snapshot())
        refused = [(u, o) for _, a, _, o, _ in self.audit(action="invitation.create")
                   for u in [a] if o != "ok"]
        self.assertGreaterEqual(len(refused), 5)
        denied = self.sql("SELECT user_id FROM audit_log WHERE action = 'invitation.create' "
                          "AND outcome = 'denied'")
        self.assertTrue({self.alice, self.doc2, self.admin, self.doc} <= {r[0] for r in denied})

    def test_an_admin_invites_a_practitioner(self):
        admin = self.client("admin@example.org")
        inv = self.expect(admin.post(f"{D}/invitations", {
            "email": "Lin@Example.org", "role": "practitioner", "name": "Dr Lin",
            "clinic_id": self.clinic2, "days": 1}), 201)
        self.assertEqual((inv["email"], inv["clinic_id"]), ("lin@example.org", self.clinic2))
        self.assertTrue(inv["link"].startswith("http://localhost:8080/activate#"))
        listed = self.expect(admin.get(f"{D}/invitations"), 200)
        self.assertIn(inv["id"], [v["id"] for v in listed])
        lin = apitest.Client(self.server.port)
        me = self.expect(lin.post(f"{D}/invitations/{token_of(inv)}", {"password": "lin's password"}),
                         200)
        self.assertEqual((me["user"]["role"], me["user"]["clinic_id"], me["user"]["name"]),
                         ("practitioner", self.clinic2, "Dr Lin"))
        lin.csrf = me["csrf_token"]
        # Signed in as a practitioner of the other clinic.
        self.assertEqual([p["id"] for p in self.expect(lin.get(f"{D}/patients"), 200)["patients"]], [self.pc])
        # An admin revokes an open one.
        other = self.expect(admin.post(f"{D}/invitations", {
            "email": "temp@example.org", "role": "admin"}), 201)
        self.expect(admin.post(f"{D}/invitations/{other['id']}/revoke", {}), 200)
        self.expect(lin.get(f"{D}/invitations/{token_of(other)}"), 410)


class LinkThrottle(apitest.ApiTest):
    """Its own server: the throttle counts per client address."""

    def test_guessing_links_is_slowed_down(self):
        anon = apitest.Client(self.server.port)
        answers = [anon.get(f"{D}/invitations/{'B' * 42}{c}") for c in "ABCDEFGHIJKLMN"]
        # Ten free failures (and the eleventh is counted before it is
        # judged), then the address waits 1 s: no link is looked up.
        self.assertEqual([r.status for r in answers[:11]], [404] * 11)
        waited = [r for r in answers[11:] if r.status == 429]
        self.assertTrue(waited)
        self.expect(waited[0], 429, "rate-limited")
        self.assertEqual(waited[0].header("Retry-After"), "1")
        self.assertIn("throttled", [o for _, a, _, o, _ in self.audit(action="invitation.read")])


if __name__ == "__main__":
    apitest.main()
