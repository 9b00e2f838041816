"""The clinical records through the API: questionnaires
(scoring, measures), red-flag screening and the block it puts on
sessions, intake history, TCM assessments with pre-fill, herbal
prescriptions and the patient's handout, the points history.  Happy paths
as the role that uses them, bad bodies, and that a refused write changes
nothing."""
import apitest

D = "/api/v1"
STARTBACK_HIGH = [1, 1, 1, 1, 1, 1, 1, 1, 4]
STARTBACK_LOW = [0, 0, 0, 0, 0, 0, 0, 0, 0]


class Clinical(apitest.ApiTest):
    def setUp(self):
        self.c = self.client("doc@example.org")

    def new_episode(self, onset="2026-02-01", patient=None):
        return self.expect(self.c.post(f"{D}/patients/{patient or self.pa}/episodes",
                                       {"onset": onset}), 201)["id"]

    def session(self, eid, date="2026-03-02", **kw):
        body = {"date": date, "modality": ["acupuncture"], "points": ["BL23", "GB30:left"]}
        body.update(kw)
        return self.c.post(f"{D}/episodes/{eid}/sessions", body)

    # -- questionnaires ------------------------------------------------------

    def test_instruments_and_stateless_scoring(self):
        ids = [i["id"] for i in self.expect(self.c.get(D + "/instruments"), 200)]
        for want in ("startback", "odi", "isi", "nrs"):
            self.assertIn(want, ids)
        sb = self.expect(self.c.get(D + "/instruments/definition?instrument=startback"), 200)
        self.assertEqual(len(sb["items"]), 9)
        self.assertEqual(sb["items"][8]["responses"]["anchors"][4]["label"], "extremely")
        self.expect(self.c.get(D + "/instruments/definition?instrument=nope"), 422, "invalid", "instrument")
        self.expect(self.c.get(D + "/instruments/definition"), 422, "invalid", "instrument")
        before = self.snapshot()
        s = self.expect(self.c.post(D + "/score", {"instrument": "startback", "answers": STARTBACK_HIGH}), 200)
        self.assertEqual((s["score"], s["band"], s["subscores"]["psychosocial"]), (9, "high", 5))
        s = self.expect(self.c.post(D + "/score", {"instrument": "odi", "answers": "1,2,3,2,1,0,1,2,1,2"}), 200)
        self.assertEqual(s["score"], 30)
        # Scoring stores nothing.
        self.assertEqual(before, self.snapshot())
        self.expect(self.c.post(D + "/score", {"instrument": "startback", "answers": [1, 1]}), 422, "invalid")
        self.expect(self.c.post(D + "/score", {"instrument": "startback", "answers": [1] * 8 + [9]}), 422)
        self.expect(self.c.post(D + "/score", {"instrument": "startback"}), 422, "invalid", "answers")
        self.expect(self.c.post(D + "/score", {"instrument": "nrs", "answers": "5", "extra": 1}), 422, "invalid")
        self.expect(self.c.post(D + "/score", {"instrument": "nrs", "answers": {"a": 1}}), 422, "invalid", "answers")

    def test_measures_set_the_risk_group(self):
        eid = self.new_episode()
        m = self.expect(self.c.post(f"{D}/episodes/{eid}/measures",
                                    {"instrument": "startback", "answers": STARTBACK_HIGH, "date": "2026-02-03"}), 201)
        self.assertEqual((m["episode_id"], m["band"], m["date"]), (eid, "high", "2026-02-03"))
        self.assertEqual(m["answers"], STARTBACK_HIGH)
        self.expect(self.c.post(f"{D}/episodes/{eid}/measures", {"instrument": "odi", "answers": "1,1,1,1,1,1,1,1,1,1"}), 201)
        ep = self.expect(self.c.get(f"{D}/episodes/{eid}"), 200)
        self.assertEqual(ep["stratification"]["risk_group"], "high")
        self.assertIn("caveat", ep["stratification"])
        self.assertEqual(len(self.expect(self.c.get(f"{D}/episodes/{eid}/measures"), 200)), 2)
        only = self.expect(self.c.get(f"{D}/episodes/{eid}/measures?instrument=odi"), 200)
        self.assertEqual([x["instrument"] for x in only], ["odi"])
        before = self.snapshot()
        for body, field in (({"instrument": "odi", "answers": "1,1"}, None),
                            ({"instrument": "odi", "answers": "1,1,1,1,1,1,1,1,1,1", "date": "2026-01-01"}, "date"),
                            ({"instrument": "odi", "answers": "1,1,1,1,1,1,1,1,1,1", "date": "2099-01-01"}, "date"),
                            ({"instrument": "zzz", "answers": "1"}, "instrument")):
            self.expect(self.c.post(f"{D}/episodes/{eid}/measures", body), 422, "invalid", field)
        self.assertEqual(before, self.snapshot())
        actions = [r[1] for r in self.audit(user_id=self.doc)]
        self.assertIn("measure.create", actions)
        self.assertIn("measure.read", actions)

    # -- red flags -----------------------------------------------------------

    def test_screen_none_then_session(self):
        eid = self.new_episode()
        flags = self.expect(self.c.get(D + "/red-flags"), 200)
        self.assertIn("saddle-anaesthesia", [f["id"] for f in flags])
        x = self.expect(self.c.post(f"{D}/episodes/{eid}/screens", {"none": True}), 201)
        self.assertEqual(x["tier"], "none")
        self.assertIn("weakness in both legs", x["safety_net"])
        self.expect(self.session(eid), 201)
        st = self.expect(self.c.get(f"{D}/episodes/{eid}/safety-net"), 200)
        self.assertEqual((st["screens"], st["last"]["tier"], st["waiting"]), (1, "none", None))

    def test_red_flag_blocks_sessions_until_cleared(self):
        eid = self.new_episode()
        x = self.expect(self.c.post(f"{D}/episodes/{eid}/screens", {"flags": ["saddle-anaesthesia"]}), 201)
        self.assertEqual(x["tier"], "emergency")
        self.assertIn("emergency department", x["action"])
        before = self.snapshot()
        err = self.expect(self.session(eid), 409, "conflict", "episode_id")
        self.assertIn("emergency department", err["error"]["message"])
        self.assertIn("uncleared emergency red-flag screen", err["error"]["message"])
        # A screen without flags does not replace the clearance.
        self.expect(self.c.post(f"{D}/episodes/{eid}/screens", {"none": True}), 409, "conflict")
        self.assertEqual(before, self.snapshot())
        st = self.expect(self.c.get(f"{D}/episodes/{eid}/safety-net"), 200)
        self.assertEqual(st["waiting"]["tier"], "emergency")
        self.assertIn("emergency department", st["waiting"]["referral"])
        self.expect(self.c.post(f"{D}/episodes/{eid}/screens/clear", {}), 422, "invalid", "reason")
        cl = self.expect(self.c.post(f"{D}/episodes/{eid}/screens/clear",
                                     {"reason": "ED assessment: no cauda equina"}), 200)
        self.assertEqual(cl["cleared"]["by"], "doc@example.org")
        self.expect(self.c.post(f"{D}/episodes/{eid}/screens/clear", {"reason": "again"}), 409, "conflict")
        self.expect(self.session(eid), 201)
        screens = self.expect(self.c.get(f"{D}/episodes/{eid}/screens"), 200)
        self.assertEqual([s["tier"] for s in screens], ["emergency"])
        self.assertEqual(self.expect(self.c.get(f"{D}/episodes/{eid}/safety-net"), 200)["waiting"], None)

    def test_rescreen_at_the_visit(self):
        eid = self.new_episode()
        s = self.expect(self.session(eid, flags="none"), 201)
        self.assertEqual(s["screening"]["tier"], "none")
        self.assertEqual(s["screening"]["session_id"], s["id"])
        n = len(self.expect(self.c.get(f"{D}/episodes/{eid}/sessions"), 200))
        err = self.expect(self.session(eid, date="2026-03-03", flags=["bladder-dysfunction"]), 409, "conflict", "flags")
        self.assertIn("emergency department", err["error"]["message"])
        self.assertIn("the session was not charted", err["error"]["message"])
        # The screen is kept, the session is not.
        self.assertEqual(len(self.expect(self.c.get(f"{D}/episodes/{eid}/sessions"), 200)), n)
        tiers = [x["tier"] for x in self.expect(self.c.get(f"{D}/episodes/{eid}/screens"), 200)]
        self.assertEqual(tiers, ["none", "emergency"])
        self.expect(self.session(eid, flags=["nope"]), 422, "invalid", "flags")
        self.expect(self.c.post(f"{D}/episodes/{eid}/screens", {}), 422, "invalid", "flags")
        self.expect(self.c.post(f"{D}/episodes/{eid}/screens", {"none": True, "flags": ["fever"]}), 422, "invalid")
        self.expect(self.c.post(f"{D}/episodes/{eid}/screens", {"flags": ["age-over-60"]}), 422, "invalid", "flags")

    def test_patient_reads_their_safety_net_only(self):
        a = self.client("alice@example.org")
        st = self.expect(a.get(f"{D}/episodes/{self.ea}/safety-net"), 200)
        self.assertEqual(set(st), {"episode_id", "screens", "last", "waiting", "safety_net"})
        self.assertIn("emergency department", st["safety_net"])
        self.expect(a.get(f"{D}/episodes/{self.ea}/screens"), 403, "forbidden")
        self.expect(a.post(f"{D}/episodes/{self.ea}/screens", {"none": True}), 403, "forbidden")
        self.assertIn("screening.read", [r[1] for r in self.audit(user_id=self.alice)])

    # -- intake --------------------------------------------------------------

    def test_intake_records_and_merges(self):
        eid = self.new_episode()
        vocab = self.expect(self.c.get(D + "/intake/vocabulary"), 200)
        self.assertIn("low-back", [x["code"] for x in vocab["locations"]])
        self.assertIn("lifting", vocab["fixed"]["onset_mode"])
        self.expect(self.c.get(f"{D}/episodes/{eid}/intake"), 404, "not-found")
        x = self.expect(self.c.post(f"{D}/episodes/{eid}/intake", {
            "date": "2026-02-02", "onset_mode": "lifting", "locations": ["low-back", "buttock:L"],
            "radiation": "below-knee", "radiation_side": "left", "aggravating": ["sitting", "bending"],
            "conditions": "none", "medicines": [{"name": "ibuprofen", "dose": "400 mg", "kind": "otc", "purpose": "pain"}],
            "night_pain": True, "pain_wakes": 2, "goals": "Sleep through"}), 200)
        self.assertEqual(x["onset_mode"], "lifting")
        self.assertEqual(x["conditions"], [])
        self.assertIsNone(x["easing"])
        y = self.expect(self.c.post(f"{D}/episodes/{eid}/intake", {"easing": ["walking"], "clear": ["goals"]}), 200)
        self.assertEqual((y["onset_mode"], y["easing"], y["goals"]), ("lifting", ["walking"], None))
        self.assertEqual(self.expect(self.c.get(f"{D}/episodes/{eid}/intake"), 200), y)
        self.assertEqual(self.expect(self.c.get(f"{D}/episodes/{eid}"), 200)["intake"], y)
        before = self.snapshot()
        for body, field in (({"onset_mode": "flying"}, "onset_mode"), ({"locations": ["elbow"]}, "locations"),
                            ({"cigarettes_per_day": 5}, None), ({"pain_wakes": 99}, "pain_wakes"),
                            ({"unknown": 1}, None)):
            self.expect(self.c.post(f"{D}/episodes/{eid}/intake", body), 422, "invalid", field)
        self.assertEqual(before, self.snapshot())

    # -- TCM -----------------------------------------------------------------

    def test_tcm_with_prefill_from_the_last_visit(self):
        eid = self.new_episode()
        v = self.expect(self.c.get(D + "/tcm/vocabulary"), 200)
        self.assertIn("left-cun", v["fixed"]["pulse_positions"])
        self.assertEqual(self.expect(self.c.get(f"{D}/episodes/{eid}/tcm/last"), 200)["assessment"], None)
        s1 = self.expect(self.session(eid, date="2026-03-01"), 201)["id"]
        s2 = self.expect(self.session(eid, date="2026-03-08"), 201)["id"]
        a1 = self.expect(self.c.post(f"{D}/episodes/{eid}/sessions/{s1}/tcm", {
            "tongue_colour": "pale", "tongue_coat": ["thin", "white"], "pulse_left_chi": ["deep", "weak"],
            "patterns": ["kidney-yang-deficiency"], "treatment_principle": "Warm kidney yang"}), 201)
        self.assertEqual(a1["session_id"], s1)
        last = self.expect(self.c.get(f"{D}/episodes/{eid}/tcm/last"), 200)["assessment"]
        self.assertEqual(last["id"], a1["id"])
        a2 = self.expect(self.c.post(f"{D}/episodes/{eid}/sessions/{s2}/tcm",
                                     {"from_last": True, "tongue_colour": "pale-red"}), 201)
        self.assertEqual((a2["prefilled_from"], a2["tongue_colour"]), (a1["id"], "pale-red"))
        self.assertEqual(a2["pulse_left_chi"], ["deep", "weak"])
        self.assertEqual(a2["treatment_principle"], "Warm kidney yang")
        self.assertEqual(self.expect(self.c.get(f"{D}/episodes/{eid}/sessions/{s2}/tcm"), 200), a2)
        self.assertEqual(len(self.expect(self.c.get(f"{D}/episodes/{eid}/tcm"), 200)), 2)
        s3 = self.expect(self.session(eid, date="2026-03-09"), 201)["id"]
        other = self.new_episode()
        before = self.snapshot()
        self.expect(self.c.post(f"{D}/episodes/{eid}/sessions/{s2}/tcm", {"tongue_colour": "red"}), 409, "conflict")
        for body, field in (({"tongue_colour": "blue"}, "tongue_colour"),
                            ({"pulse_left_cun": ["floating", "deep"]}, "pulse_left_cun"),
                            ({"pulse_rate": 500}, "pulse_rate"), ({}, None)):
            self.expect(self.c.post(f"{D}/episodes/{eid}/sessions/{s3}/tcm", body), 422, "invalid", field)
        # A session of another episode reads as missing.
        self.expect(self.c.post(f"{D}/episodes/{other}/sessions/{s3}/tcm", {"tongue_colour": "red"}), 404, "not-found")
        self.expect(self.c.post(f"{D}/episodes/{eid}/sessions/{s3}/tcm", {"session_id": s1, "tongue_colour": "red"}),
                    400, "bad-request", "session_id")
        self.assertEqual(before, self.snapshot())

    def test_points_history(self):
        eid = self.new_episode()
        self.expect(self.session(eid, date="2026-03-01", points=["BL23", "GB30:left"]), 201)
        self.expect(self.session(eid, date="2026-03-05", points=["BL23", "GB30:right", "HT7"]), 201)
        h = self.expect(self.c.get(f"{D}/episodes/{eid}/points"), 200)
        self.assertEqual(len(h["visits"]), 2)
        second = h["visits"][1]
        self.assertIn("HT7", str(second["added"]))
        self.assertIn("GB30", str(second["side_changed"]))
        bl23 = [p for p in h["points"] if p["point"] == "BL23"][0]
        self.assertEqual(bl23["sessions"], 2)

    # -- herbal --------------------------------------------------------------

    def test_herbal_prescription_and_the_patients_handout(self):
        v = self.expect(self.c.get(D + "/herbal/vocabulary"), 200)
        self.assertIn("granules", v["fixed"]["form"])
        rx = self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal", {
            "pinyin": "Du Huo Ji Sheng Tang", "chinese": "独活寄生汤", "form": "granules",
            "dose": "6 g twice a day", "duration": "2 weeks", "instructions": "After meals"}), 201)
        lin = self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal", {
            "english": "Trauma liniment", "form": "liniment", "dose": "rub in twice a day"}), 201)
        adv = self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal/{lin['id']}/adverse",
                                      {"effects": ["skin-irritation"], "severity": "mild"}), 201)
        self.assertEqual(len(adv["adverse_effects"]), 1)
        st = self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal/{lin['id']}/stop", {"reason": "adverse-effect"}), 200)
        self.assertEqual((st["status"], st["end_reason"]), ("ended", "adverse-effect"))
        self.assertEqual(len(self.expect(self.c.get(f"{D}/episodes/{self.ea}/herbal"), 200)), 2)
        # The patient reads the handout of their own current prescriptions.
        a = self.client("alice@example.org")
        h = self.expect(a.get(f"{D}/episodes/{self.ea}/herbal/handout"), 200)
        self.assertEqual([p["dose"] for p in h["prescriptions"]], ["6 g twice a day"])
        self.assertTrue(any("all the herbs" in x for x in h["advice"]))
        self.expect(a.get(f"{D}/episodes/{self.ea}/herbal"), 403, "forbidden")
        self.expect(a.post(f"{D}/episodes/{self.ea}/herbal/{rx['id']}/stop", {"reason": "patient-choice"}), 403)
        before = self.snapshot()
        for body, field in (({"form": "granules", "dose": "6 g"}, "pinyin"),
                            ({"english": "X", "form": "smoke", "dose": "6 g"}, "form"),
                            ({"english": "X", "form": "pills"}, "dose"),
                            ({"pinyin": "独活", "form": "pills", "dose": "1"}, "pinyin")):
            self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal", body), 422, "invalid", field)
        self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal/{rx['id']}/stop", {"reason": "bored"}), 422, "invalid", "reason")
        self.expect(self.c.post(f"{D}/episodes/{self.ea}/herbal/{rx['id']}/adverse", {"effects": ["x"]}), 422, "invalid", "effects")
        # A prescription of another episode reads as missing.
        self.expect(self.c.post(f"{D}/episodes/{self.eb}/herbal/{rx['id']}/stop", {"reason": "completed"}), 404, "not-found")
        self.assertEqual(before, self.snapshot())

    # -- malformed bodies on the new routes ----------------------------------

    def test_malformed_bodies_change_nothing(self):
        routes = [f"{D}/score", f"{D}/episodes/{self.eb}/measures", f"{D}/episodes/{self.eb}/screens",
                  f"{D}/episodes/{self.eb}/screens/clear", f"{D}/episodes/{self.eb}/intake",
                  f"{D}/episodes/{self.eb}/herbal"]
        before = self.snapshot()
        for path in routes:
            with self.subTest(path=path):
                self.expect(self.c.post(path, raw=b"{"), 400, "bad-request")
                self.expect(self.c.post(path, raw=b"[]"), 400, "bad-request")
                self.expect(self.c.post(path, raw=b"{}", content_type="text/plain"), 415)
                self.expect(self.c.post(path, {"episode_id": self.ea}), 400 if "episodes" in path else 422)
                self.expect(self.c.post(path, raw=b"{}", csrf=False), 403, "csrf")
        self.assertEqual(before, self.snapshot())


if __name__ == "__main__":
    apitest.main()
