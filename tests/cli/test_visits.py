"""backrest visit, checkin, education: booking rules, courses
from the plan, adherence figures, the session -> visit link, check-in
storage and thresholds, the iCalendar export through an independent parser
(python3-icalendar), calendar feeds, education cards, the demo's courses."""
import datetime
import os

import brtest

try:
    import icalendar
except ImportError:  # scripts/install-deps installs python3-icalendar
    icalendar = None

VISIT_KEYS = {
    "id", "patient_id", "patient_name", "episode_id", "practitioner_id",
    "start", "date", "time", "end", "minutes", "where", "address",
    "address_hidden", "status", "session_id", "created_at", "updated_at",
}


class VisitTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Alice Baker")
        self.eid = self.episode(self.pid, "2025-10-01")

    def book(self, at, *extra, episode=None):
        return self.ok("visit", "book", episode or self.eid, "--at", at, *extra)

    def plan(self, sessions=6, per_week=2.0, trial=None, day="2026-03-01"):
        """A plan item written directly: the plan commands are tested
        elsewhere; visits only read plan_items."""
        con = self.connect()
        iid = 900000 + con.execute("SELECT count(*) FROM plan_items").fetchone()[0]
        con.execute("INSERT INTO plan_items (patient_id, item_id, episode_id, treatment, "
                    "sessions, per_week, trial, day, created_at) VALUES (?, ?, ?, "
                    "'acupuncture', ?, ?, ?, ?, '2026-03-01T00:00:00Z')",
                    (self.pid, iid, self.eid, sessions, per_week, trial, day))
        con.commit()
        con.close()
        return iid

    # Booking ------------------------------------------------------------

    def test_book_clinic_and_home(self):
        v = self.book("2026-03-11T09:00")
        self.assertEqual(set(v), VISIT_KEYS)
        self.assertEqual((v["start"], v["date"], v["time"], v["end"], v["minutes"],
                          v["where"], v["status"], v["address"], v["practitioner_id"]),
                         ("2026-03-11T09:00", "2026-03-11", "09:00", "09:45", 45,
                          "clinic", "booked", None, None))
        h = self.book("2026-03-12T14:00", "--minutes", "60", "--where", "home",
                      "--address", "12 Oak Road, Leeds; flat 2")
        self.assertEqual((h["where"], h["address"], h["address_hidden"], h["end"]),
                         ("home", "12 Oak Road, Leeds; flat 2", False, "15:00"))
        listed = self.ok("visit", "list", "--from", "2026-03-10", "--to", "2026-03-16")
        self.assertEqual([x["id"] for x in listed], [v["id"], h["id"]])
        self.assertEqual(listed[1]["address"], "12 Oak Road, Leeds; flat 2")
        # The human list shows the address to the local operator.
        rc, out, _ = self.run_cli("visit", "list")
        self.assertEqual(rc, 0)
        self.assertIn("home: 12 Oak Road", out)
        # Default window: today and the next six days.
        self.assertEqual(len(self.ok("visit", "list")), 2)
        self.assertEqual(self.ok("visit", "list", "--from", "2026-03-12", "--to",
                                 "2026-03-12")[0]["id"], h["id"])

    def test_bad_bookings_write_nothing(self):
        self.book("2026-03-11T09:00")
        self.bad("visit", "book", self.eid, "--at", "2026-03-09T10:00", field="at",
                 contains="in the past")
        self.bad("visit", "book", self.eid, "--at", "2026-03-11T09:30", field="at",
                 contains="overlaps")
        self.bad("visit", "book", self.eid, "--at", "2026-03-11T08:30", "--minutes", "31",
                 field="at", contains="overlaps")
        self.bad("visit", "book", "424242", "--at", "2026-03-12T09:00", field="episode")
        self.bad("visit", "book", self.eid, "--at", "2026-03-12 25:00", field="at")
        self.bad("visit", "book", self.eid, "--at", "tomorrow", field="at")
        self.bad("visit", "book", self.eid, field="at")
        self.bad("visit", "book", self.eid, "--at", "2026-03-12T09:00", "--where", "home",
                 field="address")
        self.bad("visit", "book", self.eid, "--at", "2026-03-12T09:00", "--address", "x",
                 field="address")
        self.bad("visit", "book", self.eid, "--at", "2026-03-12T09:00", "--where", "moon",
                 field="where")
        self.bad("visit", "book", self.eid, "--at", "2026-03-12T09:00", "--minutes", "4",
                 field="minutes")
        self.bad("visit", "book", self.eid, "--at", "2026-03-12T09:00", "--practitioner",
                 "77", field="practitioner")
        # Back to back is not an overlap; another patient of the same
        # practitioner is.
        self.book("2026-03-11T09:45")
        other = self.episode(self.patient("Bob Other"))
        self.bad("visit", "book", other, "--at", "2026-03-11T09:15", field="at",
                 contains="practitioner")
        self.book("2026-03-11T10:30", episode=other)
        # A closed episode takes no bookings.
        self.ok("episode", "close", other)
        self.bad("visit", "book", other, "--at", "2026-03-13T09:00", field="episode",
                 contains="closed")

    def test_practitioners_are_booked_separately(self):
        doc = self.ok("user", "add", "--email", "doc@example.org", "--role",
                      "practitioner", "--password-stdin", stdin="a long password\n")["id"]
        a = self.book("2026-03-11T09:00")
        # The same patient cannot be in two places at once.
        self.bad("visit", "book", self.eid, "--at", "2026-03-11T09:00", "--practitioner",
                 doc, field="at", contains="patient")
        other = self.episode(self.patient("Bob Other"))
        b = self.book("2026-03-11T09:00", "--practitioner", doc, episode=other)
        self.assertEqual(b["practitioner_id"], doc)
        self.assertEqual([v["id"] for v in self.ok("visit", "list", "--practitioner", doc)],
                         [b["id"]])
        self.assertEqual([v["id"] for v in self.ok("visit", "list", "--practitioner", "0")],
                         [a["id"]])

    def test_status_changes(self):
        v = self.book("2026-03-10T15:00")
        later = self.book("2026-03-12T15:00")
        self.bad("visit", "attend", later["id"], field="visit", contains="after today")
        self.bad("visit", "missed", later["id"], field="visit")
        self.assertEqual(self.ok("visit", "missed", v["id"])["status"], "missed")
        self.bad("visit", "cancel", v["id"], field="visit", contains="only a booked")
        self.assertEqual(self.ok("visit", "attend", v["id"])["status"], "attended")
        c = self.ok("visit", "cancel", later["id"])
        self.assertEqual(c["status"], "cancelled")
        self.bad("visit", "attend", "123", field="visit")
        # A cancelled slot is free again.
        self.book("2026-03-12T15:00")

    def test_session_links_to_its_visit(self):
        a = self.book("2026-03-10T09:00")
        s = self.ok("session", "add", self.eid, "--date", "2026-03-10", "--modality",
                    "acupuncture", "--points", "BL23")
        self.assertEqual(s["visit_id"], a["id"])
        v = self.ok("visit", "list", "--episode", self.eid)[0]
        self.assertEqual((v["status"], v["session_id"]), ("attended", s["id"]))
        self.assertEqual(self.ok("session", "list", self.eid)[0]["visit_id"], a["id"])
        # No visit that day: nothing linked.
        s2 = self.ok("session", "add", self.eid, "--date", "2026-03-09", "--modality",
                     "massage")
        self.assertIsNone(s2["visit_id"])
        # Explicitly: the visit must be of that day and free.
        b = self.book("2026-03-10T16:00")
        self.bad("session", "add", self.eid, "--date", "2026-03-08", "--modality", "massage",
                 "--visit", b["id"], field="visit", contains="not on the session's date")
        self.bad("session", "add", self.eid, "--date", "2026-03-10", "--modality", "massage",
                 "--visit", a["id"], field="visit", contains="already has session")
        s3 = self.ok("session", "add", self.eid, "--date", "2026-03-10", "--modality",
                     "massage", "--visit", b["id"])
        self.assertEqual(s3["visit_id"], b["id"])

    # Courses and adherence --------------------------------------------

    def test_course_from_the_plan(self):
        item = self.plan(sessions=6, per_week=2)
        p = self.ok("visit", "propose", self.eid, "--start", "2026-03-11T09:00")
        self.assertEqual((p["item_id"], p["treatment"], p["sessions"], p["per_week"]),
                         (item, "acupuncture", 6, 2.0))
        self.assertEqual([v["date"] for v in p["visits"]],
                         ["2026-03-11", "2026-03-14", "2026-03-18", "2026-03-21",
                          "2026-03-25", "2026-03-28"])
        self.assertEqual(self.sql("SELECT count(*) FROM visits")[0][0], 0)
        # A visit in the way shows as a conflict; book-course then refuses.
        other = self.episode(self.patient("Bob Other"))
        blocker = self.book("2026-03-18T09:30", episode=other)
        p = self.ok("visit", "propose", self.eid, "--start", "2026-03-11T09:00")
        self.assertEqual(p["conflicts"], 1)
        self.assertEqual(p["visits"][2]["conflict"], blocker["id"])
        self.bad("visit", "book-course", self.eid, "--start", "2026-03-11T09:00",
                 field="start", contains="overlaps")
        booked = self.ok("visit", "book-course", self.eid, "--start", "2026-03-11T08:00")
        self.assertEqual(len(booked["visits"]), 6)
        self.assertTrue(all(v["status"] == "booked" for v in booked["visits"]))
        # The course is fully booked now.
        self.bad("visit", "propose", self.eid, field="sessions", contains="fully booked")
        # Weekly for an explicit course; three a week is Mon-Wed-Fri.
        w = self.ok("visit", "propose", other, "--sessions", "3", "--per-week", "3",
                    "--start", "2026-03-16T12:00")
        self.assertEqual([v["date"] for v in w["visits"]],
                         ["2026-03-16", "2026-03-18", "2026-03-20"])
        self.bad("visit", "propose", other, "--sessions", "3", field="--per-week")
        self.bad("visit", "propose", other, "--sessions", "3", "--per-week", "9",
                 field="--per-week")
        self.bad("visit", "propose", self.eid, "--item", "5", field="plan item")

    def test_adherence_figures(self):
        self.plan(sessions=8, per_week=2, day="2026-02-01")
        # Twice a week from Mon 2026-02-02: attended, attended, missed,
        # missed, attended, booked (unrecorded), attended; two ahead.
        con = self.connect()
        days = ["2026-02-02", "2026-02-05", "2026-02-09", "2026-02-12", "2026-02-16",
                "2026-02-19", "2026-02-23", "2026-03-12", "2026-03-16"]
        status = ["attended", "attended", "missed", "missed", "attended", "booked",
                  "attended", "booked", "booked"]
        for i, (d, st) in enumerate(zip(days, status)):
            n = (datetime.date.fromisoformat(d) - datetime.date(1970, 1, 1)).days
            con.execute("INSERT INTO visits (patient_id, visit_id, episode_id, day, start_min, "
                        "starts_at, minutes, status, created_at, updated_at) VALUES "
                        "(?, ?, ?, ?, 540, ?, 45, ?, 'x', 'x')",
                        (self.pid, 1000 + i, self.eid, d, n * 1440 + 540, st))
        con.execute("INSERT INTO visits (patient_id, visit_id, episode_id, day, start_min, "
                    "starts_at, minutes, status, created_at, updated_at) VALUES "
                    "(?, 2000, ?, '2026-02-26', 540, ?, 45, 'cancelled', 'x', 'x')",
                    (self.pid, self.eid, 20510 * 1440 + 540))
        con.commit()
        con.close()
        a = self.ok("visit", "adherence", self.eid)
        self.assertEqual((a["visits"], a["due"], a["attended"], a["missed"],
                          a["unrecorded"], a["cancelled"], a["upcoming"]),
                         (10, 7, 4, 2, 1, 1, 2))
        self.assertAlmostEqual(a["rate"], 4 / 7, places=3)
        self.assertEqual((a["planned_gap_days"], a["course_sessions"]), (3.5, 8))
        # Long gaps (> 5.25 days between attended visits): 02-05 -> 02-16
        # (11 days); 02-16 -> 02-23 (7); then open since 02-23 (15 days to
        # today, with 02-26 cancelled and nothing due until 03-12).
        self.assertEqual([(g["from"], g["to"], g["days"], g["open"]) for g in a["long_gaps"]],
                         [("2026-02-05", "2026-02-16", 11, False),
                          ("2026-02-16", "2026-02-23", 7, False)])
        self.assertEqual((a["n_long_gaps"], a["longest_gap_days"]), (2, 11))
        rc, out, _ = self.run_cli("visit", "adherence", self.eid)
        self.assertIn("57%", out)
        # The trial review carries the same figures and says them.
        r = self.ok("review", self.eid)
        self.assertEqual(r["adherence"], {k: v for k, v in a.items() if k != "episode_id"})
        self.assertIn("attended 4 of 7 booked visits due so far (57%); 2 gaps longer "
                      "than planned, the longest 11 days", r["reasons"])

    def test_adherence_without_plan_uses_the_schedule(self):
        a = self.ok("visit", "adherence", self.eid)
        self.assertEqual((a["due"], a["rate"], a["planned_gap_days"], a["long_gaps"]),
                         (0, None, None, []))
        self.bad("visit", "adherence", "999", field="episode")

    # Check-in ----------------------------------------------------------

    def session(self, date="2026-03-09", pain_after=None):
        args = ["session", "add", self.eid, "--date", date, "--modality", "acupuncture",
                "--points", "BL23"]
        if pain_after is not None:
            args += ["--pain-before", "6", "--pain-after", str(pain_after)]
        return self.ok(*args)["id"]

    def test_checkin_storage(self):
        sid = self.session()
        show = self.ok("checkin", "show", sid)
        self.assertTrue(show["due"])
        self.assertIsNone(show["checkin"])
        self.assertIn("saunas", " ".join(show["aftercare"]))
        self.assertEqual([q["code"] for q in show["questions"]],
                         ["soreness", "energy", "mood", "unusual"])
        c = self.ok("checkin", "add", sid, "--soreness", "3", "--energy", "better",
                    "--mood", "same")
        self.assertEqual((c["session_id"], c["date"], c["days_after"], c["soreness"],
                          c["energy"], c["mood"], c["unusual"], c["adverse"],
                          c["needs_review"], c["rules"]),
                         (sid, brtest.TODAY, 1, 3, "better", "same", None, False, False, []))
        self.assertEqual(self.ok("checkin", "list", self.eid), [c])
        self.assertEqual(self.ok("checkin", "show", sid)["checkin"], c)
        self.assertFalse(self.ok("checkin", "show", sid)["due"])
        self.bad("checkin", "add", sid, "--soreness", "3", "--energy", "same", "--mood",
                 "same", field="session", contains="already")

    def test_checkin_bad_input(self):
        sid = self.session("2026-03-10")
        self.bad("checkin", "add", sid, "--soreness", "3", "--energy", "same", "--mood",
                 "same", field="date", contains="after the session")
        sid = self.session("2026-03-08")
        self.bad("checkin", "add", sid, "--soreness", "11", "--energy", "same", "--mood",
                 "same", field="soreness")
        self.bad("checkin", "add", sid, "--energy", "same", "--mood", "same",
                 field="soreness")
        self.bad("checkin", "add", sid, "--soreness", "2", "--energy", "meh", "--mood",
                 "same", field="energy")
        self.bad("checkin", "add", sid, "--soreness", "2", "--energy", "same",
                 field="mood")
        self.bad("checkin", "add", sid, "--soreness", "2", "--energy", "same", "--mood",
                 "same", "--date", "2026-03-11", field="date")
        self.bad("checkin", "add", "12345", "--soreness", "2", "--energy", "same", "--mood",
                 "same", field="session")

    def test_checkin_thresholds(self):
        def adverse(sid):
            return [r[0] for r in self.sql(
                "SELECT event FROM session_adverse_events WHERE session_id = ? ORDER BY 1", sid)]

        # 6/10 with no pain_after: below every threshold.
        s1 = self.session("2026-03-01")
        c = self.ok("checkin", "add", s1, "--soreness", "6", "--energy", "worse",
                    "--mood", "same", "--date", "2026-03-02")
        self.assertFalse(c["adverse"])
        self.assertEqual(adverse(s1), [])
        # 7/10: severe soreness.
        s2 = self.session("2026-03-03")
        c = self.ok("checkin", "add", s2, "--soreness", "7", "--energy", "same",
                    "--mood", "same", "--date", "2026-03-04")
        self.assertEqual(([r["code"] for r in c["rules"]], c["adverse"]),
                         (["severe-soreness"], True))
        self.assertEqual(adverse(s2), ["soreness"])
        # 2 above the pain at the end of the session, and energy and mood
        # both worse.
        s3 = self.session("2026-03-05", pain_after=2)
        c = self.ok("checkin", "add", s3, "--soreness", "4", "--energy", "worse",
                    "--mood", "worse", "--date", "2026-03-06")
        self.assertEqual([r["code"] for r in c["rules"]],
                         ["pain-not-settled", "worse-energy-and-mood"])
        self.assertEqual([r["event"] for r in c["rules"]], ["worse-pain", "fatigue"])
        self.assertEqual(adverse(s3), ["fatigue", "worse-pain"])
        # One point above: not yet.
        s4 = self.session("2026-03-07", pain_after=3)
        c = self.ok("checkin", "add", s4, "--soreness", "4", "--energy", "same",
                    "--mood", "better", "--date", "2026-03-08",
                    "--unusual", "a tingle in the left foot, gone by noon")
        self.assertEqual(([r["code"] for r in c["rules"]], c["adverse"], c["needs_review"]),
                         (["unusual-reported"], False, True))
        self.assertEqual(adverse(s4), [])
        self.assertEqual(self.sql("SELECT rule FROM checkin_rules WHERE session_id = ?", s4),
                         [("unusual-reported",)])
        # The session's adverse events show the check-in's.
        listed = {s["id"]: s for s in self.ok("session", "list", self.eid)}
        self.assertEqual(listed[s3]["adverse"], ["fatigue", "worse-pain"])

    def test_practitioner_sees_checkin_before_next_visit(self):
        sid = self.session("2026-03-09", pain_after=2)
        self.ok("checkin", "add", sid, "--soreness", "8", "--energy", "worse", "--mood",
                "same")
        v = self.book("2026-03-12T09:00")
        listed = self.ok("visit", "list")[0]
        self.assertEqual(listed["id"], v["id"])
        self.assertEqual((listed["checkin"]["session_id"], listed["checkin"]["adverse"]),
                         (sid, True))
        rc, out, _ = self.run_cli("visit", "list")
        self.assertIn("soreness 8/10", out)
        self.assertIn("ADVERSE", out)

    def test_every_threshold_event_is_a_charting_code(self):
        import json
        src = os.environ.get("BR_SOURCE_DIR", ".")
        after = json.load(open(os.path.join(src, "data", "aftercare.json")))
        codes = json.load(open(os.path.join(src, "data", "charting.json")))["adverse_events"]
        for t in after["thresholds"]:
            self.assertTrue(t["source"])
            if t["event"] is not None:
                self.assertIn(t["event"], codes)

    # Calendar ---------------------------------------------------------

    def run_raw(self, *args, env=None):
        import subprocess
        argv = brtest.WRAPPER + [brtest.BACKREST, "--db", self.db] + [str(a) for a in args]
        p = subprocess.run(argv, capture_output=True, env=env or self.env, timeout=600)
        return p.returncode, p.stdout, p.stderr

    def ics_env(self):
        env = dict(self.env)
        env["TZ"] = "Europe/Berlin"
        return env

    @staticmethod
    def parse(text):
        return icalendar.Calendar.from_ical(text)

    def test_ics_round_trip(self):
        if icalendar is None:
            self.skipTest("python3-icalendar is not installed (scripts/install-deps)")
        v = self.book("2026-03-11T09:00")
        long_address = ("Flat 2, 12 Oak Road; back door, ring twice, \\ no dogs, "
                        "Søndre gate 7, 北京 " + "x" * 80)
        h = self.book("2026-03-28T17:30", "--minutes", "60", "--where", "home",
                      "--address", long_address)
        c = self.book("2026-03-13T10:00")
        self.ok("visit", "cancel", c["id"])
        rc, raw, err = self.run_raw("visit", "ics", "--practitioner", "0",
                                    env=self.ics_env())
        self.assertEqual(rc, 0, err)
        # RFC 5545 3.1: CRLF lines of at most 75 octets.
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, line)
            line.decode("utf-8")  # never a split UTF-8 sequence
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""))
        cal = self.parse(raw)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        self.assertEqual(set(events), {f"visit-{x['id']}@backrest" for x in (v, h, c)})
        e = events[f"visit-{v['id']}@backrest"]
        utc = datetime.timezone.utc
        # 09:00 in Berlin in March (CET, UTC+1) is 08:00 UTC.
        self.assertEqual(e["DTSTART"].dt, datetime.datetime(2026, 3, 11, 8, 0, tzinfo=utc))
        self.assertEqual(e["DTEND"].dt, datetime.datetime(2026, 3, 11, 8, 45, tzinfo=utc))
        self.assertEqual(str(e["STATUS"]), "CONFIRMED")
        self.assertEqual(str(e["SUMMARY"]), "Visit: A.B.")
        self.assertIsNotNone(e["DTSTAMP"].dt.tzinfo)
        # After the change to summer time (29 March 2026) would be UTC+2;
        # 28 March is still UTC+1.
        e = events[f"visit-{h['id']}@backrest"]
        self.assertEqual(e["DTSTART"].dt, datetime.datetime(2026, 3, 28, 16, 30, tzinfo=utc))
        self.assertEqual(str(e["LOCATION"]), long_address)
        self.assertEqual(str(e["SUMMARY"]), "Home visit: A.B.")
        self.assertEqual(str(events[f"visit-{c['id']}@backrest"]["STATUS"]), "CANCELLED")
        # The patient's own calendar: no initials, the address is theirs.
        rc, out, _ = self.run_cli("visit", "ics", "--patient", self.pid, env=self.ics_env())
        pe = self.parse(out.encode()).walk("VEVENT")
        self.assertEqual(len(pe), 3)
        self.assertIn("Treatment", str(pe[0]["SUMMARY"]))
        # Summer time.
        s = self.book("2026-03-30T09:00")
        rc, out, _ = self.run_cli("visit", "ics", "--patient", self.pid, env=self.ics_env())
        e = {str(x["UID"]): x for x in self.parse(out.encode()).walk("VEVENT")}
        self.assertEqual(e[f"visit-{s['id']}@backrest"]["DTSTART"].dt,
                         datetime.datetime(2026, 3, 30, 7, 0, tzinfo=utc))
        j = self.ok("visit", "ics", "--patient", self.pid)
        self.assertEqual(j["events"], 4)
        self.bad("visit", "ics", field="--practitioner")
        self.bad("visit", "ics", "--patient", "5", field="patient")

    def test_feed_create_list_revoke(self):
        f = self.ok("visit", "feed", "create", "--patient", self.pid)
        self.assertRegex(f["key"], "^[0-9a-f]{64}$")
        self.assertEqual(f["path"], "/api/v1/calendar.ics?key=" + f["key"])
        self.assertEqual((f["for"], f["patient_id"], f["active"]), ("patient", self.pid, True))
        stored = self.sql("SELECT token_hash FROM calendar_feeds")[0][0]
        self.assertNotEqual(stored, f["key"])
        self.assertNotIn(f["key"], brtest.testdb.raw_text(self.db))
        listed = self.ok("visit", "feed", "list")
        self.assertNotIn("key", listed[0])
        self.assertEqual(self.ok("visit", "feed", "revoke", f["id"])["active"], False)
        self.bad("visit", "feed", "revoke", f["id"], field="feed", contains="revoked")
        self.bad("visit", "feed", "create", field="--practitioner")

    # Education --------------------------------------------------------

    def test_education_moments(self):
        # Day 1 of a new episode: the first-week cards and the safety net.
        pid = self.patient("Nina New")
        self.ok("episode", "open", pid, "--onset", "2026-02-01")
        e = self.ok("education", pid)
        self.assertEqual(e["episode_day"], 1)
        self.assertEqual(e["moments"], ["always", "first-week"])
        self.assertEqual([c["code"] for c in e["cards"]],
                         ["pain-sleep-cycle", "pacing", "urgent-help", "sleep-hygiene"])
        for c in e["cards"]:
            # every card names a published source with its year
            self.assertRegex(c["source"], r"\b(19|20)\d\d\b")
            self.assertNotIn(".md", c["source"])
        # The old episode (opened long before --today): only the safety
        # net, until a flare.
        old = self.ok("education", self.pid, "--today", "2026-04-30")
        self.assertEqual([c["code"] for c in old["cards"]], ["urgent-help"])
        for d, pain in [("2026-04-23", 3), ("2026-04-24", 4), ("2026-04-26", 3),
                        ("2026-04-27", 3), ("2026-04-29", 6), ("2026-05-02", 4)]:
            self.ok("diary", "add", self.pid, "--date", d, "--pain", pain, "--today", "2026-05-03")
        fl = self.ok("education", self.pid, "--today", "2026-04-30")
        self.assertIn("flare", fl["moments"])
        self.assertEqual(fl["flare"], {"date": "2026-04-29", "pain": 6, "usual": 3.3})
        # Three reported days before it are needed.
        self.assertNotIn("flare", self.ok("education", self.pid, "--today", "2026-04-27")
                         ["moments"])
        self.assertIn("pacing", [c["code"] for c in fl["cards"]])
        # Once the flare is more than three days ago, and a day only a
        # little above the usual, is not.
        self.assertNotIn("flare", self.ok("education", self.pid, "--today", "2026-05-03")
                         ["moments"])
        # Trial checkpoint: the plan's trial length (3), from the visit before.
        self.plan(sessions=8, per_week=2, trial=3)
        for d in ["2026-03-02", "2026-03-05"]:
            self.session(d)
        t = self.ok("education", self.pid)
        self.assertEqual(t["trial"], {"sessions": 2, "checkpoint": 3})
        self.assertIn("trial-of-treatment", [c["code"] for c in t["cards"]])
        self.assertEqual(len(self.ok("education", self.pid, "--all")["cards"]), 5)
        self.bad("education", "999", field="patient")

    def test_education_aftercare_and_checkin_due(self):
        sid = self.session("2026-03-09")
        e = self.ok("education", self.pid)
        self.assertIn("saunas", " ".join(e["aftercare"]))
        self.assertEqual(e["checkin_due"], {"session_id": sid, "session_date": "2026-03-09"})
        self.ok("checkin", "add", sid, "--soreness", "2", "--energy", "same", "--mood", "same")
        self.assertIsNone(self.ok("education", self.pid)["checkin_due"])

    # Demo -------------------------------------------------------------

    def test_demo_books_courses_with_missed_visits(self):
        r = self.ok("demo", "--patients", "30", "--days", "90", "--seed", "3")
        self.assertGreater(r["visits"], 0)
        counts = dict(self.sql("SELECT status, count(*) FROM visits GROUP BY status"))
        self.assertGreater(counts.get("attended", 0), 0)
        self.assertGreater(counts.get("missed", 0), 0)
        self.assertEqual(sum(counts.values()), r["visits"])
        # Every session is the attended visit of its day.
        self.assertEqual(self.sql("SELECT count(*) FROM visits WHERE status = 'attended'")[0][0],
                         r["sessions"])
        self.assertEqual(self.sql(
            "SELECT count(*) FROM visits v JOIN sessions s ON s.patient_id = v.patient_id "
            "AND s.session_id = v.session_id AND s.day = v.day")[0][0], r["sessions"])
        # No missed visit has a session; nobody is double-booked.
        self.assertEqual(self.sql("SELECT count(*) FROM visits WHERE status = 'missed' "
                                  "AND session_id IS NOT NULL")[0][0], 0)
        self.assertEqual(self.sql(
            "SELECT count(*) FROM visits a JOIN visits b ON a.practitioner_id = "
            "b.practitioner_id AND a.visit_id < b.visit_id AND a.starts_at < b.starts_at + "
            "b.minutes AND b.starts_at < a.starts_at + a.minutes")[0][0], 0)
        self.assertGreater(self.sql("SELECT count(*) FROM visits WHERE place = 'home' "
                                    "AND address IS NOT NULL")[0][0], 0)
        eid = self.sql("SELECT episode_id FROM visits WHERE status = 'missed' LIMIT 1")[0][0]
        a = self.ok("visit", "adherence", eid)
        self.assertGreater(a["missed"], 0)
        self.assertLess(a["rate"], 1)


if __name__ == "__main__":
    brtest.main()
