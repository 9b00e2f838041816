"""Visits over the API: booking rules, who sees a home visit's
address, the next-day check-in, education cards, and the public calendar
feed behind a revocable secret key (parsed with python3-icalendar)."""
import apitest

try:
    import icalendar
except ImportError:  # scripts/install-deps installs python3-icalendar
    icalendar = None

D = "/api/v1"


class Visits(apitest.ApiTest):
    def test_book_rules(self):
        doc = self.client("doc@example.org")
        url = f"{D}/episodes/{self.ea}/visits"
        v = self.expect(doc.post(url, {"at": "2026-03-12T09:00", "minutes": 30}), 201)
        self.assertEqual((v["start"], v["end"], v["status"], v["practitioner_id"],
                          v["episode_id"]),
                         ("2026-03-12T09:00", "09:30", "booked", self.doc, self.ea))
        before = self.snapshot()
        self.expect(doc.post(url, {"at": "2026-03-12T09:15"}), 409, "conflict", "at")
        self.expect(doc.post(url, {"at": "2026-03-01T09:00"}), 422, "invalid", "at")
        self.expect(doc.post(url, {"at": "12 March"}), 422, "invalid", "at")
        self.expect(doc.post(url, {"at": "2026-03-13T09:00", "where": "home"}), 422,
                    "invalid", "address")
        self.expect(doc.post(url, {"at": "2026-03-13T09:00", "practitioner_id": self.doc2}),
                    404, "not-found", "practitioner_id")  # another clinic's
        self.expect(doc.post(url, {"at": "2026-03-13T09:00", "practitioner_id": 0}), 422,
                    "invalid", "practitioner_id")
        self.expect(doc.post(f"{D}/episodes/999/visits", {"at": "2026-03-13T09:00"}), 404,
                    "not-found", "episode_id")
        self.expect(doc.post(url, {"at": "2026-03-13T09:00", "bogus": 1}), 422, "invalid")
        self.assertEqual(before, self.snapshot())
        # Patients and other clinics cannot book; another clinic's episode
        # reads as missing.
        self.expect(self.client("alice@example.org").post(url, {"at": "2026-03-13T09:00"}),
                    403, "forbidden")
        self.expect(self.client("doc2@example.org").post(url, {"at": "2026-03-13T09:00"}),
                    404, "not-found")
        self.assertEqual(before, self.snapshot())
        listed = self.expect(doc.get(url), 200)
        self.assertIn(v["id"], [x["id"] for x in listed])

    def test_home_address_is_for_the_practitioner_and_the_patient(self):
        doc = self.client("doc@example.org")
        url = f"{D}/episodes/{self.eb}/visits"
        v = self.expect(doc.post(url, {"at": "2026-03-14T11:00", "where": "home",
                                       "address": "7 Elm Street"}), 201)
        self.assertEqual(v["address"], "7 Elm Street")
        # Booked for the clinic's other practitioner by the command line.
        other = self.add_user("doc3@example.org", "practitioner")
        w = self.cli_json("visit", "book", self.eb, "--at", "2026-03-15T11:00", "--where",
                          "home", "--address", "7 Elm Street", "--practitioner", other)
        mine = {x["id"]: x for x in self.expect(doc.get(url), 200)}
        self.assertEqual((mine[v["id"]]["address"], mine[v["id"]]["address_hidden"]),
                         ("7 Elm Street", False))
        self.assertEqual((mine[w["id"]]["address"], mine[w["id"]]["address_hidden"]),
                         (None, True))
        bob = {x["id"]: x for x in self.expect(self.client("bob@example.org").get(url), 200)}
        self.assertEqual(bob[w["id"]]["address"], "7 Elm Street")
        self.expect(self.client("alice@example.org").get(url), 404, "not-found")

    def test_checkin_and_education(self):
        doc = self.client("doc@example.org")
        s = self.expect(doc.post(f"{D}/episodes/{self.ea}/sessions",
                                 {"date": "2026-03-09", "modality": ["acupuncture"],
                                  "pain_before": 6, "pain_after": 3}), 201)
        alice = self.client("alice@example.org")
        edu = self.expect(alice.get(f"{D}/patients/{self.pa}/education"), 200)
        self.assertEqual(edu["checkin_due"], {"session_id": s["id"], "session_date": "2026-03-09"})
        self.assertTrue(edu["aftercare"])
        self.assertIn("urgent-help", [c["code"] for c in edu["cards"]])
        url = f"{D}/episodes/{self.ea}/sessions/{s['id']}/checkin"
        before = self.snapshot()
        self.expect(alice.post(url, {"soreness": 11, "energy": "same", "mood": "same"}), 422,
                    "invalid", "soreness")
        self.expect(alice.post(f"{D}/episodes/{self.eb}/sessions/{s['id']}/checkin",
                               {"soreness": 1, "energy": "same", "mood": "same"}), 404)
        self.expect(self.client("bob@example.org").post(
            url, {"soreness": 1, "energy": "same", "mood": "same"}), 404)
        self.assertEqual(before, self.snapshot())
        c = self.expect(alice.post(url, {"soreness": 5, "energy": "worse", "mood": "same",
                                         "unusual": "slept 10 hours"}), 201)
        self.assertEqual((c["adverse"], [r["code"] for r in c["rules"]]),
                         (True, ["pain-not-settled", "unusual-reported"]))
        self.expect(alice.post(url, {"soreness": 1, "energy": "same", "mood": "same"}), 409,
                    "conflict")
        # The practitioner sees it on the next booked visit.
        v = self.expect(doc.post(f"{D}/episodes/{self.ea}/visits", {"at": "2026-03-16T09:00"}),
                        201)
        listed = {x["id"]: x for x in self.expect(doc.get(f"{D}/episodes/{self.ea}/visits"), 200)}
        self.assertEqual(listed[v["id"]]["checkin"]["unusual"], "slept 10 hours")
        self.expect(self.client("bob@example.org").get(f"{D}/patients/{self.pa}/education"), 404)

    def test_calendar_feed(self):
        doc = self.client("doc@example.org")
        self.expect(doc.post(f"{D}/episodes/{self.ea}/visits", {"at": "2026-03-20T10:00"}), 201)
        f = self.cli_json("visit", "feed", "create", "--practitioner", self.doc)
        anon = apitest.Client(self.server.port)
        r = anon.get(f["path"])
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.header("Content-Type"), "text/calendar; charset=utf-8")
        self.assertTrue(r.raw.startswith(b"BEGIN:VCALENDAR\r\n"))
        self.assertIn(b"SUMMARY:Visit: A.A.\r\n", r.raw)
        self.assertNotIn(b"Alice", r.raw)  # initials only
        if icalendar is not None:
            cal = icalendar.Calendar.from_ical(r.raw)
            starts = [e["DTSTART"].dt.isoformat() for e in cal.walk("VEVENT")]
            self.assertTrue(starts)
        for bad in ("0" * 64, "xyz", f["key"][:-1], f["key"] + "0"):
            self.expect(anon.get(f"{D}/calendar.ics?key={bad}"), 404, "not-found")
        self.expect(anon.get(f"{D}/calendar.ics"), 422, "invalid", "key")
        self.assertTrue(self.audit(action="calendar.feed.read"))
        self.cli("visit", "feed", "revoke", f["id"])
        self.expect(anon.get(f["path"]), 404, "not-found", "key")


if __name__ == "__main__":
    apitest.main()
