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
    # Questionnaires, red flags, intake, TCM and herbal charting.
    ("GET", "/episodes/{e}/measures", None),
    ("POST", "/episodes/{e}/measures", {"instrument": "nrs", "answers": "5", "date": "2026-03-01"}),
    ("GET", "/episodes/{e}/screens", None),
    ("POST", "/episodes/{e}/screens", {"flags": ["saddle-anaesthesia"]}),
    ("POST", "/episodes/{e}/screens/clear", {"reason": "seen by the GP"}),
    ("GET", "/episodes/{e}/safety-net", None),
    ("GET", "/episodes/{e}/intake", None),
    ("POST", "/episodes/{e}/intake", {"onset_mode": "lifting"}),
    ("GET", "/episodes/{e}/tcm", None),
    ("GET", "/episodes/{e}/tcm/last", None),
    ("GET", "/episodes/{e}/sessions/{s}/tcm", None),
    ("POST", "/episodes/{e}/sessions/{s}/tcm", {"tongue_colour": "pale"}),
    ("GET", "/episodes/{e}/points", None),
    ("GET", "/episodes/{e}/herbal", None),
    ("POST", "/episodes/{e}/herbal", {"english": "Liniment", "form": "liniment", "dose": "rub in"}),
    ("GET", "/episodes/{e}/herbal/handout", None),
    ("POST", "/episodes/{e}/herbal/{rx}/adverse", {"effects": ["rash"]}),
    ("POST", "/episodes/{e}/herbal/{rx}/stop", {"reason": "completed"}),
    # Care plan, review, home program, visit changes, courses and feeds.
    ("GET", "/episodes/{e}/plan", None),
    ("GET", "/episodes/{e}/plan?guideline=nice", None),
    ("POST", "/episodes/{e}/plan", {"treatment": "acupuncture"}),
    ("POST", "/episodes/{e}/plan/end", {"treatment": "exercise"}),
    ("GET", "/episodes/{e}/plan/routine", None),
    ("POST", "/episodes/{e}/plan/routine", {"steps": ["heat"]}),
    ("GET", "/episodes/{e}/review", None),
    ("POST", "/episodes/{e}/exercises", {"exercise": "bird-dog"}),
    ("POST", "/episodes/{e}/exercises/log", {"exercise": "bridge", "date": "2026-03-10", "reps": 8,
                                            "pain_during": 2}),
    ("GET", "/episodes/{e}/exercises/next", None),
    ("POST", "/episodes/{e}/pacing", {"activity": "walking", "unit": "min", "baseline": 30}),
    ("POST", "/episodes/{e}/pacing/log", {"activity": "walking", "date": "2026-03-10", "done": 16}),
    ("GET", "/episodes/{e}/pacing/next", None),
    ("POST", "/episodes/{e}/visits/{v}/cancel", {}),
    ("POST", "/episodes/{e}/visits/{v}/attend", {}),
    ("POST", "/episodes/{e}/visits/{v}/missed", {}),
    ("GET", "/episodes/{e}/visits/propose", None),
    ("POST", "/episodes/{e}/visits/course", {"sessions": 2, "per_week": 1, "start": "2026-04-01T09:00"}),
    ("GET", "/episodes/{e}/adherence", None),
    ("POST", "/patients/{p}/calendar-feeds", {}),
    ("POST", "/patients/{p}/calendar-feeds/{f}/revoke", {}),
    # FHIR: the patient's whole record.
    ("GET", "/fhir/Patient/{p}/$everything", None),
    # Outcome, the pain-sleep analysis and the one-page report.
    ("GET", "/episodes/{e}/outcome", None),
    ("GET", "/patients/{p}/analysis/sleep-pain", None),
    ("GET", "/patients/{p}/analysis/sleep-pain?from=2026-01-01&to=2026-03-10", None),
    ("GET", "/episodes/{e}/report", None),
    ("GET", "/episodes/{e}/report?format=html", None),
    ("GET", "/episodes/{e}/report?format=pdf", None),
    # Inviting the patient to the diary.
    ("GET", "/patients/{p}/invitations", None),
    ("POST", "/patients/{p}/invitations", {"email": "invited@example.org"}),
]
# What a patient may read of their own record; every other scoped route is
# the practitioner's.
PATIENT_MAY = {
    ("GET", "/patients/{p}"), ("GET", "/patients/{p}/summary"), ("GET", "/patients/{p}/diary"),
    ("POST", "/patients/{p}/diary"), ("GET", "/episodes/{e}"), ("GET", "/episodes/{e}/sessions"),
    ("GET", "/episodes/{e}/safety-net"), ("GET", "/episodes/{e}/herbal/handout"),
    # Their home program: the routine to tick, exercise and pacing logs and
    # advice, and their own calendar feed.
    ("GET", "/episodes/{e}/plan/routine"), ("POST", "/episodes/{e}/exercises/log"),
    ("GET", "/episodes/{e}/exercises/next"), ("POST", "/episodes/{e}/pacing/log"),
    ("GET", "/episodes/{e}/pacing/next"), ("POST", "/patients/{p}/calendar-feeds"),
    ("POST", "/patients/{p}/calendar-feeds/{f}/revoke"),
    # Their whole record as FHIR, to take with them.
    ("GET", "/fhir/Patient/{p}/$everything"),
    # How they are doing: their outcome and their pain-sleep pattern.
    ("GET", "/episodes/{e}/outcome"), ("GET", "/patients/{p}/analysis/sleep-pain"),
    ("GET", "/patients/{p}/analysis/sleep-pain?from=2026-01-01&to=2026-03-10"),
}
# Endpoints a role may never call, whoever the record belongs to.
STAFF_ONLY = [("GET", "/patients"), ("POST", "/patients"), ("GET", "/overview"),
              ("GET", "/instruments"), ("GET", "/instruments/definition?instrument=nrs"),
              ("POST", "/score"), ("GET", "/red-flags"), ("GET", "/intake/vocabulary"),
              ("GET", "/tcm/vocabulary"), ("GET", "/herbal/vocabulary"), ("GET", "/charting"),
              ("GET", "/due"), ("GET", "/today"), ("POST", "/calendar-feeds"),
              ("POST", "/calendar-feeds/{f}/revoke"),
              ("GET", "/plan/vocabulary"), ("GET", "/fhir/$export")]
# Practice figures: practitioners and admins, never a patient.
FIGURES = [("GET", "/cohort"), ("GET", "/cohort?by=modality")]
ADMIN_ONLY = [("GET", "/users"), ("POST", "/users"), ("GET", "/audit"),
              ("POST", "/users/{u}/reset"), ("GET", "/invitations"), ("POST", "/invitations")]
PRACTITIONER_ONLY = [s for s in SCOPED if (s[0], s[1]) not in PATIENT_MAY]


class Matrix(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A session, a prescription, a booked visit, an exercise, a paced
        # activity and a course in each episode, and a calendar feed of
        # each patient, for the routes that name or need one.
        cls.sessions, cls.rxs, cls.visits, cls.feeds = {}, {}, {}, {}
        for i, (p, e) in enumerate(((cls.pa, cls.ea), (cls.pb, cls.eb), (cls.pc, cls.ec))):
            cls.sessions[e] = cls.cli_json("session", "add", e, "--date", "2026-03-02",
                                           "--modality", "acupuncture", "--points", "BL23")["id"]
            cls.rxs[e] = cls.cli_json("herbal", "add", e, "--english", "Back Formula",
                                      "--form", "granules", "--dose", "6 g twice a day")["id"]
            cls.visits[e] = cls.cli_json("visit", "book", e, "--at", f"2026-03-10T1{i}:00")["id"]
            cls.cli_json("exercise", "assign", e, "--exercise", "bridge")
            cls.cli_json("pace", "set", e, "--activity", "walking", "--unit", "min", "--baseline", "20")
            cls.cli_json("plan", "add", e, "--treatment", "exercise")
            cls.feeds[p] = cls.cli_json("visit", "feed", "create", "--patient", p)["id"]
        cls.feeds["doc"] = cls.cli_json("visit", "feed", "create", "--practitioner", cls.doc)["id"]

    def path(self, tmpl, patient, episode):
        return D + tmpl.format(p=patient, e=episode, u=self.doc, s=self.sessions.get(episode),
                               rx=self.rxs.get(episode), v=self.visits.get(episode),
                               f=self.feeds.get(patient, self.feeds["doc"]))

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
        self.refused("alice@example.org", self.pb, self.eb, self.alice, PRACTITIONER_ONLY)

    def test_practitioner_cannot_reach_another_clinic(self):
        self.refused("doc2@example.org", self.pa, self.ea, self.doc2)

    def test_other_clinic_practitioner_reaches_their_own(self):
        c = self.client("doc2@example.org")
        self.expect(c.get(f"{D}/patients/{self.pc}"), 200)
        self.assertEqual([p["id"] for p in self.expect(c.get(f"{D}/patients"), 200)["patients"]], [self.pc])

    def test_patient_role_limits(self):
        c = self.client("alice@example.org")
        for method, tmpl in STAFF_ONLY + ADMIN_ONLY + FIGURES:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), {}), 403, "forbidden")
        # Clinical writes and records on their own episode are the
        # practitioner's.
        for method, tmpl, body in PRACTITIONER_ONLY:
            with self.subTest(route=f"{method} {tmpl}"):
                self.expect(self.call(c, method, self.path(tmpl, self.pa, self.ea), body), 403, "forbidden")
        rows = self.audit(user_id=self.alice, outcome="denied")
        self.assertGreaterEqual(len(rows), len(STAFF_ONLY + ADMIN_ONLY + FIGURES + PRACTITIONER_ONLY))
        self.assertIn("cohort.read", [r[1] for r in rows])

    def test_due_lists_only_the_clinic(self):
        due = self.expect(self.client("doc2@example.org").get(f"{D}/due"), 200)
        self.assertEqual({p["patient_id"] for p in due["patients"]}, {self.pc})
        mine = self.expect(self.client("doc@example.org").get(f"{D}/due"), 200)
        self.assertNotIn(self.pc, {p["patient_id"] for p in mine["patients"]})
        self.assertTrue({self.pa, self.pb} & {p["patient_id"] for p in mine["patients"]})
        # The clinic is the account's, never a parameter.
        self.expect(self.client("doc2@example.org").get(f"{D}/due?clinic_id={self.clinic1}"), 422,
                    "invalid", "clinic_id")

    def test_practice_figures_are_the_clinics(self):
        # Each practitioner's figures count their own clinic's patients:
        # Carol alone for the other clinic, never Alice or Bob.
        theirs = self.expect(self.client("doc2@example.org").get(f"{D}/cohort?per_patient=true"), 200)
        self.assertEqual((theirs["clinic_id"], theirs["patients"]), (self.clinic2, 1))
        self.assertEqual([row[0] for row in theirs["per_patient"]], [])  # Carol has no diary
        mine = self.expect(self.client("doc@example.org").get(f"{D}/cohort"), 200)
        self.assertEqual((mine["clinic_id"], mine["patients"]), (self.clinic1, 2))
        self.expect(self.client("doc2@example.org").get(f"{D}/cohort?clinic_id={self.clinic1}"), 422,
                    "invalid", "clinic_id")

    def test_overview_counts_only_the_clinic(self):
        theirs = self.expect(self.client("doc2@example.org").get(f"{D}/overview"), 200)
        self.assertEqual((theirs["clinic_id"], theirs["patients"], theirs["open_episodes"]),
                         (self.clinic2, 1, 1))
        self.assertEqual(theirs["sessions_last_30_days"],
                         self.sql("SELECT count(*) FROM sessions WHERE patient_id = ?", self.pc)[0][0])
        mine = self.expect(self.client("doc@example.org").get(f"{D}/overview"), 200)
        self.assertEqual((mine["clinic_id"], mine["patients"]), (self.clinic1, 2))
        self.expect(self.client("doc2@example.org").get(f"{D}/overview?clinic_id={self.clinic1}"), 422,
                    "invalid", "clinic_id")

    def test_practitioner_feeds_are_their_own(self):
        before = self.snapshot()
        doc2 = self.client("doc2@example.org")
        self.expect(doc2.post(f"{D}/calendar-feeds/{self.feeds['doc']}/revoke", {}), 404, "not-found",
                    "feed_id")
        self.expect(doc2.post(f"{D}/calendar-feeds/{self.feeds[self.pc]}/revoke", {}), 404,
                    "not-found", "feed_id")
        self.expect(doc2.post(f"{D}/calendar-feeds", {"practitioner_id": self.doc}), 422, "invalid",
                    "practitioner_id")
        self.expect(doc2.post(f"{D}/calendar-feeds", {"patient_id": self.pa}), 422, "invalid")
        # A patient's feed is revoked only under that patient.
        self.expect(self.client("alice@example.org").post(
            f"{D}/patients/{self.pa}/calendar-feeds/{self.feeds[self.pb]}/revoke", {}), 404,
            "not-found", "feed_id")
        self.assertEqual(before, self.snapshot())

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
