"""backrest intake invite|answers|confirm|alerts: the pre-visit intake by
link on the server's shell.  A patient without an account needs an email
(the link is a one-time invitation that leads on to the questions); the
answers are not the record until confirmed into an episode's intake;
patients whose answers point to an emergency are listed until then; bad
input names the flag as typed and changes nothing."""
import json
import re

import brtest

LINK = re.compile(r"^link: (https://clinic\.example\.org/activate#[A-Za-z0-9_-]{43})$", re.M)


class Previsit(brtest.CliTest):
    def answered(self, pid, answers, red_flags="{}", tier="none"):
        """What the patient's phone would have kept (the patient's own
        route is the API's; tests/api/test_previsit.py)."""
        con = self.connect()
        con.execute("UPDATE previsit_intakes SET answers = ?, red_flags = ?, tier = ?, "
                    "updated_at = '2026-03-09T10:00:00Z' WHERE patient_id = ? AND "
                    "confirmed_at IS NULL", (json.dumps(answers), red_flags, tier, pid))
        con.commit()
        con.close()

    def test_invite_answers_alerts_confirm(self):
        pid = self.patient("Nina New")
        eid = self.episode(pid, "2026-02-20")
        self.bad("intake", "invite", pid, field="--email is needed", contains="no account yet")
        self.bad("intake", "invite", pid, "--email", "nina@example.org", "--days", "99",
                 field="--days")
        self.bad("intake", "invite", pid, "--email", "nina@example.org", "--base-url",
                 "ftp://x.org", field="--base-url")
        rc, out, err = self.run_cli("intake", "invite", pid, "--email", "nina@example.org",
                                    "--base-url", "https://clinic.example.org")
        self.assertEqual(rc, 0, err)
        self.assertIsNotNone(LINK.search(out), out)
        self.assertIn("then leads on to the questions", out)
        self.assertEqual(self.sql("SELECT COUNT(*) FROM invitations WHERE patient_id = ?",
                                  pid)[0][0], 1)
        v = self.ok("intake", "answers", pid)
        self.assertEqual((v["status"], v["answers"]), ("requested", {}))
        self.bad("intake", "confirm", pid, field="PATIENT_ID", contains="not answered")

        self.answered(pid, {"onset_mode": "fall", "night_pain": True, "pain_wakes": 1},
                      '{"major-trauma": "yes"}', "emergency")
        alerts = self.ok("intake", "alerts")
        self.assertEqual([(a["patient_id"], a["flags"]) for a in alerts],
                         [(pid, ["major-trauma"])])
        rc, out, _ = self.run_cli("intake", "answers", pid)
        self.assertIn("yes    major-trauma", out)
        self.assertIn("the \"yes\" replies point to: emergency", out)
        self.bad("intake", "confirm", pid, "--date", "2026-13-01", field="--date")
        self.bad("intake", "confirm", pid, "--episode", "9007199254740000", contains="no episode")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM intakes WHERE patient_id = ?",
                                  pid)[0][0], 0)
        out = self.ok("intake", "confirm", pid, "--episode", eid, "--date", "2026-03-09")
        x = out["intake"]
        self.assertEqual((x["episode_id"], x["date"], x["onset_mode"], x["pain_wakes"]),
                         (eid, "2026-03-09", "fall", 1))
        self.assertEqual(out["previsit"]["status"], "confirmed")
        self.assertEqual(self.ok("intake", "show", eid)["onset_mode"], "fall")
        self.assertEqual(self.ok("intake", "alerts"), [])
        self.assertEqual(self.sql("SELECT COUNT(*) FROM screenings WHERE patient_id = ?",
                                  pid)[0][0], 0)

    def test_a_patient_with_an_account_gets_the_page(self):
        pid = self.patient("Pat Account")
        self.run_cli("user", "add", "--email", "pat@example.org", "--role", "patient",
                     "--patient", pid, "--password-stdin", stdin="a long enough password\n")
        r = self.ok("intake", "invite", pid, "--base-url", "https://clinic.example.org")
        self.assertEqual((r["account"], r["link"]),
                         (True, "https://clinic.example.org/previsit"))
        self.assertEqual(self.sql("SELECT COUNT(*) FROM invitations WHERE patient_id = ?",
                                  pid)[0][0], 0)
        # Asking again keeps the one request.
        again = self.ok("intake", "invite", pid)
        self.assertEqual(again["previsit"]["id"], r["previsit"]["id"])
        # No open episode: confirming names the episode.
        self.answered(pid, {"goals": "walk"})
        self.bad("intake", "confirm", pid, field="--episode", contains="no open episode")

    def test_no_request_yet(self):
        pid = self.patient("Nobody Asked")
        self.assertEqual(self.ok("intake", "answers", pid)["status"], "none")
        rc, out, _ = self.run_cli("intake", "answers", pid)
        self.assertIn("no pre-visit intake asked yet", out)
        self.bad("intake", "answers", "9007199254740000", contains="no patient")


if __name__ == "__main__":
    brtest.main()
