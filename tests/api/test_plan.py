"""The care plan and home program over the API and the visit
changes, courses and calendar feeds: happy paths field by
field, bad bodies (each status, nothing written), and who may do what."""
import apitest

D = "/api/v1"


class Plan(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A chronic episode (onset more than 12 weeks before today).
        cls.pd = cls.cli_json("patient", "add", "--name", "Dan D")["id"]
        cls.ed = cls.cli_json("episode", "open", cls.pd, "--onset", "2025-09-01")["id"]
        cls.dan = cls.add_user("dan@example.org", "patient", patient=cls.pd)
        for i in range(8):
            day = f"2026-03-{i + 2:02d}"
            cls.cli("diary", "add", cls.pd, "--date", day, "--pain", "6")

    def test_plan_shows_the_guideline_disagreement(self):
        doc = self.client("doc@example.org")
        plan = self.expect(doc.get(f"{D}/episodes/{self.ed}/plan"), 200)
        self.assertEqual((plan["status"], plan["referral"], plan["phase"]["cochrane"]),
                         ("ok", None, "chronic"))
        acu = {o["treatment"]: o for o in plan["options"]}["acupuncture"]
        ev = {e["source"]: (e["position"], e["certainty"]) for e in acu["evidence"]}
        self.assertEqual(ev, {"cochrane-2025": ("no-recommendation", "moderate"),
                              "acp-2017": ("recommended", "moderate"),
                              "nice-ng59": ("do-not-offer", None)})
        nice = self.expect(doc.get(f"{D}/episodes/{self.ed}/plan?guideline=nice"), 200)
        for o in nice["options"]:
            self.assertEqual([e["source"] for e in o["evidence"]], ["nice-ng59"])
        self.expect(doc.get(f"{D}/episodes/{self.ed}/plan?guideline=who"), 422, "invalid", "guideline")
        self.expect(doc.get(f"{D}/episodes/{self.ed}/plan?bogus=1"), 422, "invalid")
        # The plan (with any referral's reasons) is the practitioner's.
        self.expect(self.client("dan@example.org").get(f"{D}/episodes/{self.ed}/plan"), 403,
                    "forbidden")

    def test_plan_items_and_review(self):
        doc = self.client("doc@example.org")
        url = f"{D}/episodes/{self.ea}/plan"
        before = self.snapshot()
        self.expect(doc.post(url, {"treatment": "moonbeams"}), 422, "invalid", "treatment")
        self.expect(doc.post(url, {"treatment": "massage", "sessions": 0}), 422, "invalid", "sessions")
        self.expect(doc.post(url, {"treatment": "massage", "per_week": "often"}), 422, "invalid",
                    "per_week")
        self.expect(doc.post(url, {}), 422, "invalid", "treatment")
        self.expect(doc.request("POST", url, raw=b'{"treatment": "massage"'), 400, "bad-request")
        self.expect(doc.request("POST", url, raw=b'["massage"]'), 400, "bad-request")
        self.expect(doc.request("POST", url, raw=b'treatment=massage', content_type="text/plain"),
                    415)
        self.expect(doc.post(url, {"treatment": "massage", "episode_id": self.eb}), 400,
                    "bad-request", "episode_id")
        self.expect(doc.post(url + "?x=1", {"treatment": "massage"}), 400, "bad-request", "query")
        self.assertEqual(before, self.snapshot())
        item = self.expect(doc.post(url, {"treatment": "acupuncture"}), 201)
        self.assertEqual((item["treatment"], item["sessions"], item["per_week"], item["trial"],
                          item["status"], item["episode_id"]),
                         ("acupuncture", 8, 1.0, 4, "active", self.ea))
        self.assertIn("sessions", item["defaults"]["fields"])
        m = self.expect(doc.post(url, {"treatment": "massage", "sessions": 6, "per_week": 2,
                                       "trial": 3, "note": "upper back"}), 201)
        self.assertEqual((m["sessions"], m["per_week"], m["trial"], m["note"]),
                         (6, 2.0, 3, "upper back"))
        ended = self.expect(doc.post(url + "/end", {"treatment": "massage", "status": "done"}), 200)
        self.assertEqual((ended["status"], ended["ended_on"]), ("done", apitest.TODAY))
        self.expect(doc.post(url + "/end", {"treatment": "massage"}), 404, "not-found")
        self.expect(doc.post(url + "/end", {"treatment": "acupuncture", "status": "maybe"}), 422,
                    "invalid", "status")
        plan = self.expect(doc.get(url), 200)
        self.assertEqual({i["treatment"]: i["status"] for i in plan["items"]},
                         {"acupuncture": "active", "massage": "done"})
        r = self.expect(doc.get(f"{D}/episodes/{self.ea}/review"), 200)
        self.assertEqual((r["treatment"], r["trial"]), ("acupuncture", 4))
        self.assertIn(r["decision"], ("too-early", "insufficient-data"))
        self.assertTrue(r["reasons"])
        self.assertIn("rate", r["adherence"])
        self.expect(doc.get(f"{D}/episodes/{self.ea}/review?treatment=moonbeams"), 404)
        self.expect(self.client("alice@example.org").get(f"{D}/episodes/{self.ea}/review"), 403)

    def test_bedtime_routine(self):
        doc = self.client("doc@example.org")
        vocab = self.expect(doc.get(f"{D}/plan/vocabulary"), 200)
        self.assertIn("heat", [x["code"] for x in vocab["routine_steps"]])
        self.assertTrue(all(x["label"] for x in vocab["routine_steps"]))
        url = f"{D}/episodes/{self.eb}/plan/routine"
        before = self.snapshot()
        self.expect(doc.post(url, {"steps": ["heat", "moonwalk"]}), 422, "invalid", "steps")
        self.expect(doc.post(url, {}), 422, "invalid", "steps")
        self.assertEqual(before, self.snapshot())
        got = self.expect(doc.post(url, {"steps": ["screens-off", "heat"]}), 200)
        self.assertEqual(sorted(s["step"] for s in got["routine"]), ["heat", "screens-off"])
        bob = self.client("bob@example.org")
        mine = self.expect(bob.get(url), 200)
        self.assertEqual(mine["episode_id"], self.eb)
        self.assertEqual(sorted(s["step"] for s in mine["routine"]), ["heat", "screens-off"])
        self.assertTrue(all(s["label"] for s in mine["routine"]))
        # Ticked on the evening entry.
        day = self.expect(bob.post(f"{D}/patients/{self.pb}/diary",
                                   {"date": "2026-03-09", "pain": 4, "routine": ["heat"]}), 200)
        self.assertEqual(day["routine"], ["heat"])
        self.expect(bob.post(url, {"steps": "none"}), 403, "forbidden")
        self.expect(bob.get(f"{D}/episodes/{self.eb}/plan/routine?x=1"), 422, "invalid")

    def test_exercise_program(self):
        doc = self.client("doc@example.org")
        lib = self.expect(self.client("dan@example.org").get(f"{D}/exercises"), 200)
        self.assertIn("bridge", [lv["id"] for ladder in lib for lv in ladder["levels"]])
        url = f"{D}/episodes/{self.ed}/exercises"
        before = self.snapshot()
        self.expect(doc.post(url, {"exercise": "levitation"}), 422, "invalid", "exercise")
        self.expect(doc.post(url, {"exercise": "bridge", "reps": 0}), 422, "invalid", "reps")
        self.expect(doc.post(url, {"exercise": "bridge", "every": 30}), 422, "invalid", "every")
        self.assertEqual(before, self.snapshot())
        rx = self.expect(doc.post(url, {"exercise": "bridge", "reps": 8}), 201)
        self.assertEqual((rx["exercise"], rx["level"], rx["reps"], rx["every"], rx["usual_morning"]),
                         ("bridge", 1, 8, 2, 6))
        dan = self.client("dan@example.org")
        self.expect(dan.post(url, {"exercise": "bird-dog"}), 403, "forbidden")
        before = self.snapshot()
        log = url + "/log"
        for body, field in (({"exercise": "bridge", "date": "2026-03-10", "reps": 8, "pain_during": 11}, "pain_during"),
                            ({"exercise": "bridge", "date": "2026-03-11", "reps": 8, "pain_during": 2}, "date"),
                            ({"exercise": "bridge", "date": "2026-03-09", "reps": 8, "pain_during": 2}, "date"),
                            ({"exercise": "bird-dog", "date": "2026-03-10", "reps": 8, "pain_during": 2}, "exercise"),
                            ({"exercise": "bridge", "date": "2026-03-10", "reps": -1}, "reps"),
                            ({"exercise": "bridge", "date": "2026-03-10", "rom_loss": "perhaps"}, "rom_loss")):
            with self.subTest(field=field):
                self.expect(dan.post(log, body), 422, "invalid", field)
        self.assertEqual(before, self.snapshot())
        got = self.expect(dan.post(log, {"exercise": "bridge", "date": "2026-03-10", "reps": 8,
                                         "pain_during": 3}), 200)
        self.assertEqual((got["reps"], got["pain_during"]), (8, 3))
        # The next morning is added to the same day's log.
        got = self.expect(dan.post(log, {"exercise": "bridge", "date": "2026-03-10",
                                         "next_morning": 5}), 200)
        self.assertEqual((got["reps"], got["pain_during"], got["next_morning"]), (8, 3, 5))
        nxt = self.expect(dan.get(url + "/next"), 200)
        self.assertEqual(len(nxt), 1)
        self.assertEqual((nxt[0]["exercise"], nxt[0]["advice"]), ("bridge", "hold"))
        self.assertEqual(nxt[0]["next"]["exercise"], "bridge")
        self.assertTrue(nxt[0]["reasons"])
        # Pain during above 5: regress (at the bottom: fewer reps).
        self.expect(dan.post(log, {"exercise": "bridge", "date": "2026-03-10", "pain_during": 7}), 200)
        nxt = self.expect(doc.get(url + "/next"), 200)
        self.assertEqual(nxt[0]["advice"], "regress")
        self.assertLess(nxt[0]["next"]["reps"], 8)

    def test_pacing(self):
        doc = self.client("doc@example.org")
        url = f"{D}/episodes/{self.ed}/pacing"
        before = self.snapshot()
        self.expect(doc.post(url, {"activity": "walking", "unit": "hours", "baseline": 20}), 422,
                    "invalid", "unit")
        self.expect(doc.post(url, {"activity": "walking", "unit": "min"}), 422, "invalid", "baseline")
        self.expect(doc.post(url, {"activity": "walking", "unit": "min", "baseline": 20,
                                   "step_pct": 50}), 422, "invalid", "step_pct")
        self.assertEqual(before, self.snapshot())
        v = self.expect(doc.post(url, {"activity": "walking", "unit": "min", "baseline": 20}), 200)
        self.assertEqual((v["activity"], v["quota"], v["unit"], v["in_zone"]), ("walking", 16.0, "min", False))
        dan = self.client("dan@example.org")
        self.expect(dan.post(url, {"activity": "walking", "unit": "min", "baseline": 200}), 403)
        before = self.snapshot()
        self.expect(dan.post(url + "/log", {"activity": "swimming", "date": "2026-03-10", "done": 10}),
                    422, "invalid", "activity")
        self.expect(dan.post(url + "/log", {"activity": "walking", "date": "2026-03-10", "done": 10,
                                            "recovered": "maybe"}), 422, "invalid", "recovered")
        self.expect(dan.post(url + "/log", {"activity": "walking", "date": "2026-03-12", "done": 10}),
                    422, "invalid", "date")
        self.assertEqual(before, self.snapshot())
        self.expect(dan.post(url + "/log", {"activity": "walking", "date": "2026-03-10", "done": 16,
                                            "recovered": "yes"}), 200)
        nxt = self.expect(dan.get(url + "/next"), 200)
        self.assertEqual((nxt[0]["quota"], nxt[0]["in_zone"], nxt[0]["logged_today"]), (16.0, True, True))
        self.expect(dan.post(url + "/log", {"activity": "walking", "date": "2026-03-10", "done": 16,
                                            "recovered": "yes", "flare": True}), 200)
        nxt = self.expect(dan.get(url + "/next"), 200)
        self.assertFalse(nxt[0]["in_zone"])

    def test_refusals_and_document_from_the_model_tables(self):
        # Plan items, exercise assignments and logs, pacing settings and
        # logs: the body is checked against the model's record table (the
        # sentence names the field as sent) and the API description lists
        # the same ranges, vocabularies and required fields.
        doc = self.client("doc@example.org")
        dan = self.client("dan@example.org")
        ep = f"{D}/episodes/{self.ed}"
        cases = [
            (doc, "/plan", {"treatment": "acupuncture", "sessions": 101}, "sessions",
             "sessions must be a whole number from 1 to 100, not '101'"),
            (doc, "/plan", {"treatment": "acupuncture", "per_week": 0}, "per_week",
             "per_week must be above 0 (visits a week, at most 7)"),
            (doc, "/plan", {"treatment": "acupuncture", "sessions": 4, "trial": 6}, "trial",
             "trial checkpoint 6 is after the last of 4 sessions"),
            (doc, "/plan", {"treatment": "cupping"}, "treatment",
             "treatment 'cupping' is not in the evidence table (see backrest plan EPISODE_ID)"),
            (doc, "/exercises", {"exercise": "bridge", "usual_morning": 11}, "usual_morning",
             "usual_morning must be a whole number from 0 to 10, not '11'"),
            (doc, "/exercises", {"exercise": "plank"}, "exercise",
             "exercise 'plank' is not in the library (see backrest exercise library)"),
            (dan, "/exercises/log", {"exercise": "bridge", "date": "2026-03-09", "reps": 8,
                                     "pain_during": 11}, "pain_during",
             "pain_during must be a whole number from 0 to 10, not '11'"),
            (dan, "/exercises/log", {"exercise": "bridge", "reps": 8}, "date",
             "date is required (YYYY-MM-DD)"),
            (doc, "/pacing", {"activity": "walking", "unit": "km", "baseline": 20}, "unit",
             "unit must be one of min, m, steps, reps, not 'km'"),
            (doc, "/pacing", {"activity": "walking", "unit": "m", "baseline": 0}, "baseline",
             "baseline must be above 0"),
            (doc, "/pacing", {"activity": "walking", "unit": "m", "baseline": 20,
                              "every": 29}, "every",
             "every must be a whole number from 1 to 28, not '29'"),
            (dan, "/pacing/log", {"activity": "walking", "date": "2026-03-09", "done": 5,
                                  "recovered": "maybe"}, "recovered",
             "recovered must be one of no, yes, not 'maybe'"),
            (dan, "/pacing/log", {"activity": "walking", "date": "2026-03-09",
                                  "done": 100001}, "done",
             "done must be a number from 0 to 100000, not '100001'"),
        ]
        before = self.snapshot()
        for client, path, body, field, sentence in cases:
            with self.subTest(path=path, field=field):
                err = self.expect(client.post(ep + path, body), 422, "invalid", field)["error"]
                self.assertEqual(err["message"], sentence)
        self.assertEqual(before, self.snapshot())
        spec = self.expect(apitest.Client(self.server.port).get(f"{D}/openapi.json"), 200)

        def body(path):
            return (spec["paths"][D + "/episodes/{episode_id}" + path]["post"]["requestBody"]
                    ["content"]["application/json"]["schema"])
        plan = body("/plan")
        self.assertEqual((plan["properties"]["sessions"]["minimum"],
                          plan["properties"]["sessions"]["maximum"]), (1, 100))
        self.assertEqual(plan["required"], ["treatment"])
        self.assertNotIn("episode_id", plan["properties"])
        self.assertEqual(body("/exercises")["properties"]["every"]["maximum"], 14)
        self.assertEqual(sorted(body("/exercises/log")["required"]), ["date", "exercise"])
        self.assertEqual(body("/pacing")["properties"]["unit"]["enum"],
                         ["min", "m", "steps", "reps"])
        self.assertEqual(body("/pacing/log")["properties"]["recovered"]["enum"], ["no", "yes"])

    def test_due(self):
        doc = self.client("doc@example.org")
        due = self.expect(doc.get(f"{D}/due"), 200)
        self.assertEqual(due["date"], apitest.TODAY)
        kinds = {p["patient_id"]: {d["kind"] for d in p["due"]} for p in due["patients"]}
        self.assertIn("red-flag-screen", kinds[self.pd])
        self.expect(doc.get(f"{D}/due?date=tomorrow"), 422, "invalid", "date")
        self.expect(self.client("dan@example.org").get(f"{D}/due"), 403, "forbidden")


class Courses(apitest.ApiTest):
    def test_visit_status_changes(self):
        doc = self.client("doc@example.org")
        base = f"{D}/episodes/{self.ea}/visits"
        today = self.expect(doc.post(base, {"at": "2026-03-10T16:00"}), 201)
        later = self.expect(doc.post(base, {"at": "2026-03-20T16:00"}), 201)
        before = self.snapshot()
        self.expect(doc.post(f"{base}/{later['id']}/attend", {}), 409, "conflict", "visit_id")
        self.expect(doc.post(f"{base}/{later['id']}/missed", {}), 409, "conflict", "visit_id")
        self.expect(doc.post(f"{D}/episodes/{self.eb}/visits/{later['id']}/cancel", {}), 404,
                    "not-found", "visit_id")
        self.expect(doc.post(f"{base}/999/cancel", {}), 404, "not-found", "visit_id")
        self.expect(doc.post(f"{base}/{later['id']}/cancel", {"why": "x"}), 422, "invalid")
        self.expect(self.client("alice@example.org").post(f"{base}/{later['id']}/cancel", {}), 403)
        self.assertEqual(before, self.snapshot())
        self.assertEqual(self.expect(doc.post(f"{base}/{later['id']}/cancel", {}), 200)["status"],
                         "cancelled")
        self.expect(doc.post(f"{base}/{later['id']}/cancel", {}), 409, "conflict")
        self.assertEqual(self.expect(doc.post(f"{base}/{today['id']}/missed", {}), 200)["status"], "missed")
        self.assertEqual(self.expect(doc.post(f"{base}/{today['id']}/attend", {}), 200)["status"],
                         "attended")
        adh = self.expect(doc.get(f"{D}/episodes/{self.ea}/adherence"), 200)
        self.assertEqual((adh["attended"], adh["cancelled"]), (1, 1))

    def test_propose_and_book_course(self):
        doc = self.client("doc@example.org")
        self.expect(doc.post(f"{D}/episodes/{self.eb}/plan", {"treatment": "acupuncture",
                                                               "sessions": 4, "per_week": 2}), 201)
        url = f"{D}/episodes/{self.eb}/visits"
        p = self.expect(doc.get(url + "/propose?start=2026-03-16T10:00"), 200)
        self.assertEqual((p["treatment"], p["sessions"], p["per_week"], p["conflicts"]),
                         ("acupuncture", 4, 2.0, 0))
        self.assertEqual([v["date"] for v in p["visits"]],
                         ["2026-03-16", "2026-03-19", "2026-03-23", "2026-03-26"])
        self.expect(doc.get(url + "/propose?start=soon"), 422, "invalid", "start")
        self.expect(doc.get(url + "/propose?per_week=9"), 422, "invalid", "per_week")
        # One visit in the way: nothing is booked.
        self.expect(doc.post(url, {"at": "2026-03-19T10:30"}), 201)
        before = self.snapshot()
        self.expect(doc.post(url + "/course", {"start": "2026-03-16T10:00"}), 409, "conflict")
        self.expect(doc.post(url + "/course", {"start": "2026-03-16T10:00", "where": "home"}), 422,
                    "invalid", "address")
        self.assertEqual(before, self.snapshot())
        # The visit booked since the plan item counts towards its 4.
        got = self.expect(doc.post(url + "/course", {"start": "2026-03-16T08:00"}), 201)
        self.assertEqual([v["start"] for v in got["visits"]],
                         ["2026-03-16T08:00", "2026-03-19T08:00", "2026-03-23T08:00"])
        self.assertTrue(all(v["practitioner_id"] == self.doc for v in got["visits"]))
        self.expect(self.client("bob@example.org").post(url + "/course", {}), 403, "forbidden")

    def test_calendar_feeds(self):
        alice = self.client("alice@example.org")
        f = self.expect(alice.post(f"{D}/patients/{self.pa}/calendar-feeds", {}), 201)
        self.assertEqual((f["for"], f["patient_id"], f["active"]), ("patient", self.pa, True))
        self.assertRegex(f["key"], "^[0-9a-f]{64}$")
        anon = apitest.Client(self.server.port)
        self.assertEqual(anon.get(f["path"]).status, 200)
        self.expect(alice.post(f"{D}/patients/{self.pa}/calendar-feeds", {"practitioner_id": self.doc}),
                    422, "invalid")
        r = self.expect(alice.post(f"{D}/patients/{self.pa}/calendar-feeds/{f['id']}/revoke", {}), 200)
        self.assertEqual(r["active"], False)
        self.assertNotIn("key", r)
        self.expect(alice.post(f"{D}/patients/{self.pa}/calendar-feeds/{f['id']}/revoke", {}), 409,
                    "conflict")
        self.expect(anon.get(f["path"]), 404)
        doc = self.client("doc@example.org")
        mine = self.expect(doc.post(f"{D}/calendar-feeds", {}), 201)
        self.assertEqual((mine["for"], mine["practitioner_id"]), ("practitioner", self.doc))
        self.expect(doc.post(f"{D}/calendar-feeds/{mine['id']}/revoke", {}), 200)
        self.assertTrue(self.audit(action="calendar.feed.create"))


if __name__ == "__main__":
    apitest.main()
