"""backrest user invite|reset|add|passwd: one-time links instead of printed
passwords.  Only the first administrator's password is ever printed; an
invitation is a link shown once (and as a QR code and a letter), stored
only as a hash, revocable; a reset is a link, never a password."""
import os
import re

import brtest

LINK = re.compile(r"link \(works once; shown only now\): "
                  r"(https?://\S+/activate#([A-Za-z0-9_-]{43}))$", re.M)


class Invite(brtest.CliTest):
    def admin(self):
        rc, out, err = self.run_cli("user", "add", "--email", "boss@example.org", "--role",
                                    "admin")
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"password \(shown once\): [A-Za-z0-9]{20}\n")

    def test_only_the_first_administrator_gets_a_printed_password(self):
        # Not the first account's role: no generated password for anyone
        # but an administrator.
        self.bad("user", "add", "--email", "doc@example.org", "--role", "practitioner",
                 field="password", contains="user invite")
        self.admin()
        self.bad("user", "add", "--email", "second@example.org", "--role", "admin",
                 field="password", contains="only the first administrator")
        # --password-stdin still works for anyone.
        u = self.ok("user", "add", "--email", "doc@example.org", "--role", "practitioner",
                    "--password-stdin", stdin="a long enough password\n")
        self.assertNotIn("password", u)
        # passwd prints no password: it takes one or refuses.
        self.bad("user", "passwd", "doc@example.org", field="password", contains="user reset")
        self.ok("user", "passwd", "doc@example.org", "--password-stdin",
                stdin="another long password\n")

    def test_invite_a_patient_with_a_letter_and_a_qr_code(self):
        pid = self.patient("Ana Li")
        letter = os.path.join(self.dir, "ana.html")
        qr = os.path.join(self.dir, "ana.svg")
        rc, out, err = self.run_cli("user", "invite", "--email", "Ana@Example.org", "--role",
                                    "patient", "--patient", pid, "--url",
                                    "https://clinic.example.org/", "--letter", letter,
                                    "--qr", qr, "--days", "3")
        self.assertEqual(rc, 0, err)
        m = LINK.search(out)
        self.assertIsNotNone(m, out)
        link, token = m.groups()
        self.assertTrue(link.startswith("https://clinic.example.org/activate#"))
        self.assertIn("ana@example.org", out)
        with open(letter) as f:
            page = f.read()
        self.assertIn(link, page)
        self.assertIn("Ana Li", page)
        self.assertIn("<svg", page)
        with open(qr) as f:
            svg = f.read()
        self.assertTrue(svg.startswith("<svg") and svg.endswith("</svg>"))
        self.assertIn(svg, page)
        self.assertEqual(os.stat(letter).st_mode & 0o777, 0o600)
        rows = self.sql("SELECT token_hash, role, patient_id, expires_at - 0, name FROM "
                        "invitations")
        self.assertEqual(len(rows), 1)
        self.assertEqual(len(rows[0][0]), 64)
        self.assertNotIn(token, repr(rows))
        self.assertEqual((rows[0][1], rows[0][2], rows[0][4]), ("patient", pid, "Ana Li"))
        # The list shows the state, never the link.
        listed = self.ok("user", "invite", "list")
        self.assertEqual([(v["state"], v["email"]) for v in listed],
                         [("open", "ana@example.org")])
        self.assertTrue(all("link" not in v for v in listed))
        # Audited.
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = "
                                  "'invitation.create' AND patient_id = ?", pid)[0][0], 1)

    def test_revoke(self):
        pid = self.patient()
        v = self.ok("user", "invite", "--email", "p@example.org", "--role", "patient",
                    "--patient", pid)
        self.assertIn("link", v)
        done = self.ok("user", "invite", "revoke", v["id"])
        self.assertEqual(done["state"], "revoked")
        self.bad("user", "invite", "revoke", v["id"], field="INVITATION_ID",
                 contains="revoked already")
        self.bad("user", "invite", "revoke", "12345", contains="no such invitation")
        self.assertEqual(self.sql("SELECT count(*) FROM audit_log WHERE action = "
                                  "'invitation.revoke'")[0][0], 1)

    def test_reset_is_a_link(self):
        self.admin()
        self.ok("user", "add", "--email", "doc@example.org", "--role", "practitioner",
                "--password-stdin", stdin="a long enough password\n")
        before = self.sql("SELECT password_hash FROM users WHERE email = 'doc@example.org'")
        rc, out, err = self.run_cli("user", "reset", "doc@example.org")
        self.assertEqual(rc, 0, err)
        self.assertIsNotNone(LINK.search(out), out)
        self.assertNotIn("password (shown once)", out)
        after = self.sql("SELECT password_hash FROM users WHERE email = 'doc@example.org'")
        self.assertNotEqual(before, after)  # the old password stops working
        self.assertEqual(self.sql("SELECT kind FROM invitations")[0][0], "reset")
        self.bad("user", "reset", "nobody@example.org", contains="no such user")

    def test_disable_enable_and_rename(self):
        uid = self.ok("user", "add", "--email", "doc@example.org", "--role", "practitioner",
                      "--password-stdin", stdin="a long enough password\n")["id"]
        self.assertTrue(self.ok("user", "disable", uid)["disabled"])
        self.assertEqual(self.sql("SELECT disabled FROM users WHERE user_id = ?", uid)[0][0], 1)
        self.bad("user", "reset", "doc@example.org", contains="disabled")
        self.assertFalse(self.ok("user", "enable", uid)["disabled"])
        self.bad("user", "disable", "12345", contains="no such user")
        cid = self.ok("clinic", "add", "--name", "East")["id"]
        self.assertEqual(self.ok("clinic", "rename", cid, "--name", "East Side")["name"],
                         "East Side")
        self.bad("clinic", "rename", cid, "--name", "", field="--name")

    def test_bad_input_changes_nothing(self):
        pid = self.patient()
        self.bad("user", "invite", "--email", "x@example.org", "--role", "patient",
                 field="--patient", contains="needs --patient")
        self.bad("user", "invite", "--email", "nope", "--role", "admin", field="--email")
        self.bad("user", "invite", "--email", "x@example.org", "--role", "boss", field="--role")
        self.bad("user", "invite", "--email", "x@example.org", "--role", "admin", "--days", "0",
                 field="--days")
        self.bad("user", "invite", "--email", "x@example.org", "--role", "admin", "--url",
                 "javascript:alert(1)", field="--url")
        self.bad("user", "invite", "--email", "x@example.org", "--role", "admin", "--patient",
                 pid, field="--patient", contains="only a patient account")
        self.bad("user", "invite", "--email", "x@example.org", "--role", "practitioner",
                 "--clinic", "999", contains="no clinic 999")
        missing = os.path.join(self.dir, "no", "such", "dir", "letter.html")
        self.bad("user", "invite", "--email", "x@example.org", "--role", "admin", "--letter",
                 missing, field="--letter")


if __name__ == "__main__":
    brtest.main()
