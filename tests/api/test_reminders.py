"""Reminders over the API and from serve: `serve --smtp` sends its first
pass at once to a real SMTP server on loopback (aiosmtpd); the link in an
email stops that kind once (a second use, a made-up or another patient's
link answers as missing); a patient reads and changes their own choices
and not another patient's; bad choices name the field and change
nothing."""
import email
import email.policy
import socket
import time

import apitest
from aiosmtpd.controller import Controller

D = "/api/v1"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(
            envelope.content, policy=email.policy.default)))
        return "250 OK"


class Reminders(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        cls.inbox = Inbox()
        cls.smtp = Controller(cls.inbox, hostname="127.0.0.1", port=port)
        cls.smtp.start()
        cls.server_args = ("--smtp", f"smtp://127.0.0.1:{port}", "--mail-from",
                           "reminders@clinic.example", "--public-url",
                           "https://clinic.example", "--remind-every", "3600")
        try:
            super().setUpClass()
        except Exception:
            cls.smtp.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.stop()

    def mail_to(self, address):
        """The messages to address, once serve's first pass is done."""
        deadline = time.time() + 30
        while time.time() < deadline and len(self.inbox.messages) < 2:
            time.sleep(0.1)
        return [m for rcpt, m in self.inbox.messages if rcpt == [address]]

    def test_serve_sends_and_the_link_stops_that_kind_once(self):
        # Alice and Bob have accounts and open episodes with no measure
        # yet: the baseline questionnaires are due; Carol has no account.
        mails = self.mail_to("alice@example.org")
        self.assertEqual(len(mails), 1)
        self.assertEqual(len(self.inbox.messages), 2)
        self.assertEqual(mails[0]["Subject"], "A short questionnaire is waiting in your diary")
        text = mails[0].get_body(("plain",)).get_content()
        token = text.split("https://clinic.example/stop#t=")[1].split()[0]

        anon = self.client()
        bob_token = self.mail_to("bob@example.org")[0].get_body(("plain",)).get_content() \
            .split("stop#t=")[1].split()[0]
        # Another patient's id with this secret, a made-up secret, junk.
        forged = bob_token.split(".")[0] + "." + token.split(".")[1]
        for bad in (forged, token[:-1] + ("0" if token[-1] != "0" else "1"), "x", "1.zz"):
            self.expect(anon.post(f"{D}/reminders/stop", {"token": bad}), 404, "not-found",
                        "token")
        r = self.expect(anon.post(f"{D}/reminders/stop", {"token": token}), 200)
        self.assertEqual(r, {"stopped": "questionnaire"})
        self.expect(anon.post(f"{D}/reminders/stop", {"token": token}), 404, "not-found", "token")

        alice = self.client("alice@example.org")
        prefs = self.expect(alice.get(f"{D}/patients/{self.pa}/reminders"), 200)
        self.assertEqual((prefs["appointment"], prefs["questionnaire"]), (True, False))
        bob = self.client("bob@example.org")
        self.assertTrue(self.expect(bob.get(f"{D}/patients/{self.pb}/reminders"),
                                    200)["questionnaire"])
        self.assertEqual(self.audit(action="reminder.stop")[0][2], self.pa)

    def test_a_patient_changes_their_own_choices_only(self):
        alice = self.client("alice@example.org")
        url = f"{D}/patients/{self.pa}/reminders"
        r = self.expect(alice.post(url, {"diary": True, "diary_after_days": 2,
                                         "quiet_from": "22:30"}), 200)
        self.assertEqual((r["diary"], r["diary_after_days"], r["quiet_from"], r["quiet_to"]),
                         (True, 2, "22:30", "08:00"))
        before = self.snapshot()
        self.expect(alice.post(url, {"diary_after_days": 31}), 422, field="diary_after_days")
        self.expect(alice.post(url, {"quiet_to": "25:00"}), 422, field="quiet_to")
        self.expect(alice.post(url, {"diary": "yes"}), 422, field="diary")
        self.expect(alice.post(url, {"sms": True}), 422, field="sms")
        # Bob's record answers Alice as a missing one would.
        missing = alice.post(f"{D}/patients/999999/reminders", {"diary": True})
        other = alice.post(f"{D}/patients/{self.pb}/reminders", {"diary": True})
        self.assertEqual((other.status, other.error()["code"], other.error()["field"]),
                         (missing.status, missing.error()["code"], missing.error()["field"]))
        self.assertEqual(other.error()["message"], f"there is no patient {self.pb}")
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.expect(alice.get(url), 200)["diary_after_days"], 2)


if __name__ == "__main__":
    apitest.main()
