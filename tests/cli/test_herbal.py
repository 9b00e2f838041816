"""backrest herbal: prescriptions as written, adverse effects, handout."""
import brtest

HERBAL_KEYS = {
    "id", "episode_id", "patient_id", "session_id", "practitioner_id", "date",
    "formula", "form", "route", "dose", "duration", "instructions",
    "modifications", "pharmacy", "status", "ended_on", "end_reason",
    "adverse_effects", "created_at",
}

DHJST = ["--pinyin", "Du Huo Ji Sheng Tang", "--chinese", "独活寄生汤",
         "--english", "Angelica Pubescens and Taxillus Decoction",
         "--form", "granules", "--dose", "6 g twice a day in warm water",
         "--duration", "2 weeks, then review",
         "--instructions", "Take after meals; stop and call if diarrhoea",
         "--modifications", "+ Xu Duan", "--pharmacy", "Herb House"]


class HerbalTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Hana Herb")
        self.eid = self.episode(self.pid, "2025-10-01")

    def session(self, date, episode=None):
        return self.ok("session", "add", episode or self.eid, "--date", date,
                       "--modality", "acupuncture", "--points", "BL23")["id"]

    def test_prescription_every_field(self):
        sid = self.session("2026-03-02")
        x = self.ok("herbal", "add", self.eid, "--session", sid, *DHJST)
        self.assertEqual(set(x), HERBAL_KEYS)
        self.assertEqual((x["session_id"], x["date"], x["episode_id"],
                          x["patient_id"]),
                         (sid, "2026-03-02", self.eid, self.pid))
        self.assertEqual(x["formula"], {
            "pinyin": "Du Huo Ji Sheng Tang", "chinese": "独活寄生汤",
            "english": "Angelica Pubescens and Taxillus Decoction"})
        self.assertEqual((x["form"], x["route"]), ("granules", "internal"))
        self.assertEqual(x["dose"], "6 g twice a day in warm water")
        self.assertEqual(x["duration"], "2 weeks, then review")
        self.assertEqual(x["instructions"],
                         "Take after meals; stop and call if diarrhoea")
        self.assertEqual(x["modifications"], "+ Xu Duan")
        self.assertEqual(x["pharmacy"], "Herb House")
        self.assertEqual((x["status"], x["ended_on"], x["end_reason"],
                          x["adverse_effects"]), ("current", None, None, []))
        self.assertEqual(self.ok("herbal", "list", self.eid), [x])

        lin = self.ok("herbal", "add", self.eid, "--english",
                      "Bone-setting liniment", "--form", "liniment",
                      "--dose", "rub in twice a day")
        self.assertEqual((lin["route"], lin["date"], lin["session_id"]),
                         ("topical", brtest.TODAY, None))
        self.assertIsNone(lin["formula"]["pinyin"])

    def test_adverse_stop_and_handout(self):
        rx = self.ok("herbal", "add", self.eid, "--date", "2026-03-01",
                     *DHJST)["id"]
        lin = self.ok("herbal", "add", self.eid, "--pinyin", "Zheng Gu Shui",
                      "--form", "liniment", "--dose", "rub in twice a day",
                      "--instructions", "not on broken skin")["id"]
        x = self.ok("herbal", "adverse", rx, "--date", "2026-03-05",
                    "--effects", "bloating,diarrhoea", "--severity", "mild",
                    "--note", "after the evening dose")
        self.assertEqual([(a["date"], a["effect"], a["severity"], a["note"])
                          for a in x["adverse_effects"]],
                         [("2026-03-05", "bloating", "mild",
                           "after the evening dose"),
                          ("2026-03-05", "diarrhoea", "mild",
                           "after the evening dose")])
        self.assertEqual(set(x["adverse_effects"][0]),
                         {"id", "date", "effect", "severity", "note",
                          "created_at"})
        h = self.ok("herbal", "handout", self.eid)
        self.assertEqual(len(h["prescriptions"]), 2)
        first = h["prescriptions"][0]
        self.assertEqual(set(first), {"formula", "form", "route", "dose",
                                      "duration", "instructions",
                                      "modifications", "pharmacy",
                                      "prescribed_on"})
        self.assertEqual(first["dose"], "6 g twice a day in warm water")
        self.assertTrue(any("all the herbs" in a and "medicines" in a
                            for a in h["advice"]), h["advice"])
        y = self.ok("herbal", "stop", rx, "--date", "2026-03-06", "--reason",
                    "adverse-effect")
        self.assertEqual((y["status"], y["ended_on"], y["end_reason"]),
                         ("ended", "2026-03-06", "adverse-effect"))
        self.assertEqual(len(y["adverse_effects"]), 2)
        h = self.ok("herbal", "handout", self.eid)
        self.assertEqual([p["formula"]["pinyin"] for p in h["prescriptions"]],
                         ["Zheng Gu Shui"])
        rc, out, err = self.run_cli("herbal", "handout", self.eid)
        self.assertEqual(rc, 0, err)
        self.assertIn("not on broken skin", out)
        self.assertIn("Tell every doctor", out)
        self.bad("herbal", "stop", rx, "--reason", "completed",
                 field="prescription", contains="already ended")
        # What a patient reports is recorded even after the episode closed.
        self.ok("episode", "close", self.eid)
        self.ok("herbal", "adverse", lin, "--effects", "skin-irritation")
        self.ok("herbal", "stop", lin, "--reason", "adverse-effect")
        self.bad("herbal", "add", self.eid, *DHJST, field="episode",
                 contains="closed")
        self.assertEqual(
            self.sql("SELECT action, count(*) FROM audit_log WHERE action "
                     "LIKE 'herbal.%' GROUP BY action ORDER BY action"),
            [("herbal.adverse", 2), ("herbal.create", 2), ("herbal.read", 3),
             ("herbal.stop", 2)])

    def test_bad_prescription(self):
        sid = self.session("2026-03-02")
        other = self.episode(self.pid, "2025-11-01")
        sid_other = self.session("2026-03-03", episode=other)
        base = ["--form", "pills", "--dose", "8 pills twice a day"]
        cases = [
            (["--form", "pills", "--dose", "x"], "pinyin"),
            (["--pinyin", "Si Miao Wan", "--form", "syrup", "--dose", "x"],
             "form"),
            (["--pinyin", "Si Miao Wan", "--dose", "x"], "form"),
            (["--pinyin", "Si Miao Wan", "--form", "pills"], "dose"),
            (["--chinese", "Si Miao", *base], "chinese"),
            (["--pinyin", "四妙丸", *base], "pinyin"),
            (["--english", "x" * 121, *base], "english"),
            (["--pinyin", "Si Miao Wan", "--dose", "", "--form", "pills"],
             "dose"),
            (["--pinyin", "Si Miao Wan", "--session", sid_other, *base],
             "another episode"),
            (["--pinyin", "Si Miao Wan", "--session", "999", *base],
             "session"),
            (["--pinyin", "Si Miao Wan", "--session", sid, "--date",
              "2026-03-01", *base], "date"),
            (["--pinyin", "Si Miao Wan", "--date", "2026-03-11", *base],
             "date"),
            (["--pinyin", "Si Miao Wan", "--date", "2025-09-01", *base],
             "date"),
            (["--pinyin", "Si Miao Wan", "--strength", "x", *base],
             "strength"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                self.bad("herbal", "add", self.eid, *args, field=field)
        self.bad("herbal", "add", "999", "--pinyin", "Si Miao Wan", *base,
                 field="episode")

    def test_bad_adverse_and_stop(self):
        rx = self.ok("herbal", "add", self.eid, "--date", "2026-03-02",
                     "--pinyin", "Si Miao Wan", "--form", "pills", "--dose",
                     "8 pills twice a day")["id"]
        cases = [
            (["adverse", rx], "effects"),
            (["adverse", rx, "--effects", "hiccups"], "effects"),
            (["adverse", rx, "--effects", "nausea,nausea"], "effects"),
            (["adverse", rx, "--effects", "other"], "note"),
            (["adverse", rx, "--effects", "nausea", "--severity", "awful"],
             "severity"),
            (["adverse", rx, "--effects", "nausea", "--date", "2026-03-01"],
             "date"),
            (["adverse", rx, "--effects", "nausea", "--date", "2026-03-11"],
             "date"),
            (["adverse", "999", "--effects", "nausea"], "prescription"),
            (["stop", rx], "reason"),
            (["stop", rx, "--reason", "bored"], "reason"),
            (["stop", rx, "--reason", "completed", "--date", "2026-03-01"],
             "date"),
            (["stop", "999", "--reason", "completed"], "prescription"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                self.bad("herbal", *args, field=field)
        self.assertEqual(self.ok("herbal", "adverse", rx, "--effects",
                                 "other", "--note", "metallic taste")
                         ["adverse_effects"][0]["effect"], "other")


if __name__ == "__main__":
    brtest.main()
