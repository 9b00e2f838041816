"""backrest remind: reminders by email through a real SMTP server on
loopback (aiosmtpd): each reminder goes out once across passes, a kind the
patient stopped (by the email's link or the settings) sends nothing, a
failure (server down, or a 4xx reply) is sent again by the next pass and
never twice, and the emails hold no clinical content."""
import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brtest import CliTest, TODAY  # noqa: E402

from aiosmtpd.controller import Controller  # noqa: E402

NOW = TODAY + "T10:00"  # the visit tomorrow at 09:30 is within 24 hours


class Inbox:
    """An aiosmtpd handler: keeps every delivered message; answers 451 to
    the DATA command while fail is set."""

    def __init__(self):
        self.messages = []
        self.fail = False

    async def handle_DATA(self, server, session, envelope):
        if self.fail:
            return "451 4.3.0 try again later"
        self.messages.append((envelope.rcpt_tos,
                              email.message_from_bytes(envelope.content,
                                                       policy=email.policy.default)))
        return "250 OK"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class RemindTest(CliTest):
    def setUp(self):
        super().setUp()
        self.inbox = Inbox()
        self.port = free_port()
        self.smtp = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.smtp.start()
        self.addCleanup(self.smtp.stop)
        self.pid = self.patient("Pat Remind", born="1970-01-01")
        self.eid = self.episode(self.pid, "2026-02-01")
        self.run_cli("user", "add", "--email", "pat@example.org", "--role", "patient",
                     "--patient", self.pid, "--password-stdin",
                     stdin="correct horse battery\n")
        self.ok("visit", "book", self.eid, "--at", "2026-03-11T09:30")
        # A clinical note and a score that must never reach an email.
        self.ok("diary", "add", self.pid, "--date", "2026-03-09", "--pain", "7",
                "--note", "SECRETNOTE flare after lifting")
        self.env["BACKREST_SMTP_PASSWORD"] = ""

    def remind(self, *extra, port=None):
        return self.ok("remind", "--smtp", f"smtp://127.0.0.1:{port or self.port}",
                       "--mail-from", "reminders@clinic.example",
                       "--public-url", "https://clinic.example/", "--now", NOW, *extra)

    def kinds(self):
        return sorted(m["Subject"].split(" ")[0] for _, m in self.inbox.messages)

    def test_each_reminder_once_with_text_and_html_and_no_clinical_content(self):
        r = self.remind()
        self.assertEqual(r["sent"], 2, r)  # the visit and the baseline questionnaire
        self.assertEqual(r["kinds"], {"appointment": 1, "questionnaire": 1, "diary": 0})
        self.assertEqual(len(self.inbox.messages), 2)
        for rcpt, m in self.inbox.messages:
            self.assertEqual(rcpt, ["pat@example.org"])
            self.assertEqual(m["From"], "reminders@clinic.example")
            self.assertEqual(m.get_content_type(), "multipart/alternative")
            types = [p.get_content_type() for p in m.iter_parts()]
            self.assertEqual(types, ["text/plain", "text/html"])
            # The headers and each part decoded (quoted-printable may
            # break a word across raw lines).
            whole = "".join(f"{k}: {v}\n" for k, v in m.items()) + \
                "".join(p.get_content() for p in m.iter_parts())
            for secret in ("SECRETNOTE", "flare", "Pat Remind", "pain 7", "M54"):
                self.assertNotIn(secret, whole)
            self.assertRegex(m.get_body(("plain",)).get_content(),
                             r"https://clinic\.example/stop#t=\d+\.[0-9a-f]{64}")
        visit = [m for _, m in self.inbox.messages if "visit" in m["Subject"]][0]
        text = visit.get_body(("plain",)).get_content()
        self.assertIn("Wednesday 11 March 2026 at 09:30, at the clinic.", text)
        self.assertIn("If you cannot come", text)
        self.assertIn("<strong>Wednesday 11 March 2026 at 09:30, at the clinic.</strong>",
                      visit.get_body(("html",)).get_content())

        # A second pass, and one from a restarted process: nothing more.
        r = self.remind()
        self.assertEqual((r["sent"], r["done_before"]), (0, 2), r)
        self.assertEqual(len(self.inbox.messages), 2)
        rows = self.sql("SELECT kind, state, attempts FROM reminder_sends ORDER BY kind")
        self.assertEqual([tuple(x) for x in rows],
                         [("appointment", "sent", 1), ("questionnaire", "sent", 1)])

    def test_concurrent_passes_send_each_reminder_once(self):
        argv = [os.environ.get("BACKREST", "build/backrest"), "--db", self.db, "--json",
                "remind", "--smtp", f"smtp://127.0.0.1:{self.port}", "--mail-from",
                "reminders@clinic.example", "--public-url", "https://clinic.example",
                "--now", NOW]
        procs = [subprocess.Popen(argv, env=self.env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
        sent = 0
        for p in procs:
            out, err = p.communicate(timeout=120)
            self.assertEqual(p.returncode, 0, err)
            sent += json.loads(out)["sent"]
        self.assertEqual(sent, 2)
        self.assertEqual(len(self.inbox.messages), 2)

    def test_the_email_carries_a_hashed_stop_link_and_a_stopped_kind_sends_nothing(self):
        self.remind()
        visit = [m for _, m in self.inbox.messages if "visit" in m["Subject"]][0]
        token = visit.get_body(("plain",)).get_content().split("stop#t=")[1].split()[0]
        # The secret is stored hashed, never as it is.
        self.assertEqual(self.sql("SELECT count(*) FROM reminder_stop_tokens "
                                  "WHERE token_hash = ?", token.split(".")[1])[0][0], 0)
        self.ok("visit", "book", self.eid, "--at", "2026-03-11T15:00")
        # Stopped from the patient's settings (the link itself stops a kind
        # in tests/api/test_reminders.py).
        show = self.ok("reminders", "show", self.pid)
        self.assertTrue(show["appointment"])
        self.ok("reminders", "set", self.pid, "--appointment", "no")
        r = self.remind()
        self.assertEqual((r["sent"], r["stopped"]), (0, 1), r)
        self.assertEqual(len(self.inbox.messages), 2)

    def test_a_failure_is_sent_by_the_next_pass_and_never_twice(self):
        # Server down: nothing delivered, both claims marked failed.
        rc, out, err = self.run_cli("--json", "remind", "--smtp", f"smtp://127.0.0.1:{free_port()}",
                                    "--mail-from", "reminders@clinic.example",
                                    "--public-url", "https://clinic.example", "--now", NOW)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["failed"], 2)
        self.assertIn("a reminder was not sent and will be tried again", err)
        self.assertIn("Couldn't connect to server", err)
        self.assertNotIn("pat@example.org", err)
        self.assertNotIn("appointment", err)
        self.assertNotIn("visit", err)
        # A 4xx reply: failed again.
        self.inbox.fail = True
        r = self.remind()
        self.assertEqual((r["sent"], r["failed"]), (0, 2), r)
        self.assertEqual(len(self.inbox.messages), 0)
        # Back up: sent once, then never again.
        self.inbox.fail = False
        r = self.remind()
        self.assertEqual((r["sent"], r["failed"]), (2, 0), r)
        r = self.remind()
        self.assertEqual(r["sent"], 0, r)
        self.assertEqual(len(self.inbox.messages), 2)
        rows = self.sql("SELECT state, attempts FROM reminder_sends ORDER BY kind")
        self.assertEqual([tuple(x) for x in rows], [("sent", 3), ("sent", 3)])

    def test_diary_nudge_only_when_asked_for_and_outside_quiet_hours(self):
        self.remind()
        self.assertEqual(self.kinds(), ["A", "Reminder:"])
        # Opted in: 3 days after the last entry (9 March) it is due on the
        # 12th; not in the quiet hours.
        self.ok("reminders", "set", self.pid, "--diary", "yes", "--diary-after-days", "3",
                "--quiet-from", "21:00", "--quiet-to", "08:00")
        later = ["--now", "2026-03-12T22:00"]
        r = self.ok("remind", "--smtp", f"smtp://127.0.0.1:{self.port}", "--mail-from",
                    "reminders@clinic.example", "--public-url", "https://clinic.example",
                    *later)
        self.assertEqual((r["quiet"], r["kinds"]["diary"]), (1, 0), r)
        r = self.ok("remind", "--smtp", f"smtp://127.0.0.1:{self.port}", "--mail-from",
                    "reminders@clinic.example", "--public-url", "https://clinic.example",
                    "--now", "2026-03-12T09:00")
        self.assertEqual(r["kinds"]["diary"], 1, r)
        nudge = [m for _, m in self.inbox.messages if m["Subject"].startswith("A minute")]
        self.assertEqual(len(nudge), 1)
        self.assertIn("no entry for 3 days", nudge[0].get_body(("plain",)).get_content())

    def test_configuration_is_checked_and_the_password_is_never_a_flag(self):
        self.bad("remind", "--smtp", "smtp://user:secret@127.0.0.1:25", "--mail-from",
                 "a@b.example", "--public-url", "https://x.example", field="--smtp")
        self.bad("remind", "--smtp", "http://127.0.0.1:25", "--mail-from", "a@b.example",
                 "--public-url", "https://x.example", field="--smtp")
        self.bad("remind", "--smtp", f"smtp://127.0.0.1:{self.port}", "--mail-from", "nobody",
                 "--public-url", "https://x.example", field="--mail-from")
        self.bad("remind", "--smtp", f"smtp://127.0.0.1:{self.port}", "--mail-from",
                 "a@b.example", field="--public-url")
        self.bad("remind", "--smtp", f"smtp://127.0.0.1:{self.port}", "--mail-from",
                 "a@b.example", "--public-url", "https://x.example",
                 "--smtp-password-file", os.path.join(self.dir, "missing"),
                 field="--smtp-password-file")
        self.assertEqual(len(self.inbox.messages), 0)

    def test_starttls_is_required_off_loopback(self):
        # aiosmtpd offers no STARTTLS: the same kind of server on an
        # address of this machine that is not loopback is refused, not
        # used in the clear.
        out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
        addrs = [a for a in out if "." in a and not a.startswith("127.")]
        if not addrs:
            self.skipTest("this machine has no IPv4 address but loopback")
        port = free_port()
        other = Controller(self.inbox, hostname=addrs[0], port=port)
        other.start()
        self.addCleanup(other.stop)
        rc, out, err = self.run_cli("--json", "remind", "--smtp", f"smtp://{addrs[0]}:{port}",
                                    "--mail-from", "reminders@clinic.example",
                                    "--public-url", "https://clinic.example", "--now", NOW)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["failed"], 2)
        self.assertIn("Requested SSL level failed", err)
        self.assertEqual(len(self.inbox.messages), 0)

if __name__ == "__main__":
    unittest.main()
