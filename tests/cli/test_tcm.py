"""backrest tcm (assessment per visit) and backrest session points."""
import brtest

TCM_KEYS = {
    "id", "session_id", "episode_id", "patient_id", "practitioner_id", "date",
    "tongue_colour", "tongue_shape", "tongue_coat", "tongue_moisture",
    "tongue_note", "pulse", "pulse_left_cun", "pulse_left_guan",
    "pulse_left_chi", "pulse_right_cun", "pulse_right_guan",
    "pulse_right_chi", "pulse_rate", "pulse_note", "eight_principles",
    "patterns", "pattern_note", "treatment_principle", "prefilled_from",
    "created_at",
}

FULL = [
    "--tongue-colour", "pale", "--tongue-shape", "swollen,tooth-marked",
    "--tongue-coat", "thin,white", "--tongue-moisture", "moist",
    "--tongue-note", "scalloped edges",
    "--pulse", "deep,thin", "--pulse-left-cun", "weak",
    "--pulse-left-guan", "wiry", "--pulse-left-chi", "weak,deep",
    "--pulse-right-cun", "thin", "--pulse-right-guan", "soft",
    "--pulse-right-chi", "deep", "--pulse-rate", "64",
    "--pulse-note", "chi positions hard to find",
    "--eight-principles", "cold,interior,deficiency",
    "--patterns", "kidney-yang-deficiency,heart-spleen-deficiency",
    "--pattern-note", "worse in cold damp weather",
    "--treatment-principle", "warm kidney yang, calm the mind",
]


class TcmTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Tess Tongue")
        self.eid = self.episode(self.pid, "2025-10-01")

    def session(self, date, *args, episode=None):
        return self.ok("session", "add", episode or self.eid, "--date", date,
                       *args)["id"]

    def acu(self, date, points):
        return self.session(date, "--modality", "acupuncture",
                            "--points", points)

    def test_full_assessment(self):
        sid = self.acu("2026-03-02", "BL23,GV4")
        x = self.ok("tcm", "add", sid, *FULL)
        self.assertEqual(set(x), TCM_KEYS)
        self.assertEqual((x["session_id"], x["episode_id"], x["patient_id"],
                          x["date"]), (sid, self.eid, self.pid, "2026-03-02"))
        self.assertEqual(x["tongue_colour"], "pale")
        self.assertEqual(x["tongue_shape"], ["swollen", "tooth-marked"])
        self.assertEqual(x["tongue_coat"], ["thin", "white"])
        self.assertEqual(x["tongue_moisture"], "moist")
        self.assertEqual(x["tongue_note"], "scalloped edges")
        self.assertEqual(x["pulse"], ["deep", "thin"])
        self.assertEqual(x["pulse_left_cun"], ["weak"])
        self.assertEqual(x["pulse_left_guan"], ["wiry"])
        self.assertEqual(x["pulse_left_chi"], ["deep", "weak"])
        self.assertEqual(x["pulse_right_cun"], ["thin"])
        self.assertEqual(x["pulse_right_guan"], ["soft"])
        self.assertEqual(x["pulse_right_chi"], ["deep"])
        self.assertEqual(x["pulse_rate"], 64)
        self.assertEqual(x["pulse_note"], "chi positions hard to find")
        # Canonical order of the eight principles.
        self.assertEqual(x["eight_principles"],
                         ["interior", "cold", "deficiency"])
        self.assertEqual([p["code"] for p in x["patterns"]],
                         ["kidney-yang-deficiency", "heart-spleen-deficiency"])
        self.assertEqual(x["patterns"][0]["name"], "Kidney yang deficiency")
        self.assertEqual(x["patterns"][0]["zh"], "肾阳虚")
        self.assertEqual(x["pattern_note"], "worse in cold damp weather")
        self.assertEqual(x["treatment_principle"],
                         "warm kidney yang, calm the mind")
        self.assertIsNone(x["prefilled_from"])
        self.assertEqual(self.ok("tcm", "show", sid), x)
        self.assertEqual(self.ok("tcm", "last", self.eid)["assessment"], x)
        self.assertEqual(self.ok("tcm", "list", self.eid), [x])
        self.assertEqual(self.sql("SELECT position, quality FROM "
                                  "tcm_pulse_qualities WHERE position LIKE "
                                  "'left-chi' ORDER BY quality"),
                         [("left-chi", "deep"), ("left-chi", "weak")])
        self.assertEqual(self.sql("SELECT rank, code FROM tcm_patterns "
                                  "ORDER BY rank"),
                         [(1, "kidney-yang-deficiency"),
                          (2, "heart-spleen-deficiency")])
        rc, out, err = self.run_cli("tcm", "show", sid)
        self.assertEqual(rc, 0, err)
        self.assertIn("kidney-yang-deficiency (Kidney yang deficiency)", out)

    def test_optional_and_prefilled_from_last(self):
        s1 = self.acu("2026-03-02", "BL23,GV4")
        s2 = self.session("2026-03-04", "--modality", "massage")
        s3 = self.acu("2026-03-06", "BL23,GV4,HT7")
        self.assertIsNone(self.ok("tcm", "last", self.eid)["assessment"])
        first = self.ok("tcm", "add", s1, *FULL)
        # s2 has no assessment: optional on every session.
        self.bad("tcm", "show", s2, field="session",
                 contains="no TCM assessment")
        x = self.ok("tcm", "add", s3, "--from-last", "--tongue-coat",
                    "thin,yellow", "--pulse-rate", "70",
                    "--clear", "pattern_note,tongue_note")
        self.assertEqual(x["prefilled_from"], first["id"])
        self.assertEqual(x["tongue_coat"], ["thin", "yellow"])
        self.assertEqual(x["pulse_rate"], 70)
        self.assertIsNone(x["pattern_note"])
        self.assertIsNone(x["tongue_note"])
        for k in ("tongue_colour", "tongue_shape", "pulse", "pulse_left_chi",
                  "eight_principles", "patterns", "treatment_principle"):
            self.assertEqual(x[k], first[k], k)
        self.assertEqual(self.ok("tcm", "last", self.eid)["assessment"]["id"], x["id"])
        # Without --from-last nothing is carried forward.
        s4 = self.acu("2026-03-08", "BL23")
        y = self.ok("tcm", "add", s4, "--tongue-colour", "red")
        self.assertIsNone(y["prefilled_from"])
        self.assertEqual(y["patterns"], [])
        self.assertEqual(len(self.ok("tcm", "list", self.eid)), 3)

    def test_from_last_uses_the_visit_before(self):
        s1 = self.acu("2026-03-02", "BL23")
        s3 = self.acu("2026-03-06", "BL23")
        a3 = self.ok("tcm", "add", s3, "--tongue-colour", "red")
        # Charted late: an earlier visit starts from the one before it,
        # and with none before, from nothing.
        x = self.ok("tcm", "add", s1, "--from-last", "--pulse", "wiry")
        self.assertIsNone(x["prefilled_from"])
        self.assertIsNone(x["tongue_colour"])
        s2 = self.acu("2026-03-04", "BL23")
        y = self.ok("tcm", "add", s2, "--from-last")
        self.assertEqual(y["prefilled_from"], x["id"])
        self.assertEqual(y["pulse"], ["wiry"])
        self.assertEqual(self.ok("tcm", "last", self.eid)["assessment"]["id"], a3["id"])

    def test_bad_input(self):
        sid = self.acu("2026-03-02", "BL23")
        cases = [
            (["--tongue-colour", "green"], "--tongue-colour"),
            (["--tongue-shape", "square"], "--tongue-shape"),
            (["--tongue-shape", "swollen,thin"], "--tongue-shape"),
            (["--tongue-coat", "thin,thick"], "--tongue-coat"),
            (["--tongue-coat", "furry"], "--tongue-coat"),
            (["--tongue-moisture", "soggy"], "--tongue-moisture"),
            (["--pulse", "bouncy"], "pulse"),
            (["--pulse-left-chi", "floating,deep"], "--pulse-left-chi"),
            (["--pulse-right-guan", "slow,rapid"], "--pulse-right-guan"),
            (["--pulse-right-cun", "wiry,wiry"], "--pulse-right-cun"),
            (["--pulse-rate", "20"], "--pulse-rate"),
            (["--pulse-rate", "201"], "--pulse-rate"),
            (["--eight-principles", "damp"], "--eight-principles"),
            (["--patterns", "wind-heat-in-the-toes"], "patterns"),
            (["--patterns", "liver-fire,liver-fire"], "patterns"),
            (["--patterns", "liver-fire,phlegm-heat,blood-stasis,"
              "kidney-yang-deficiency,kidney-yin-deficiency,"
              "spleen-qi-deficiency,liver-qi-stagnation"], "patterns"),
            (["--treatment-principle", "x" * 501], "--treatment-principle"),
            (["--clear", "shoe_size", "--tongue-colour", "red"], "clear"),
            (["--clear", "pulse", "--pulse", "wiry"], "pulse"),
            ([], "finding"),
            (["--clear", "pulse"], "finding"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                self.bad("tcm", "add", sid, *args, field=field)
        self.bad("tcm", "add", "999", "--tongue-colour", "red",
                 field="session", contains="no session")
        self.bad("tcm", "add", "x", "--tongue-colour", "red",
                 field="SESSION_ID")
        self.ok("tcm", "add", sid, "--tongue-colour", "red")
        self.bad("tcm", "add", sid, "--tongue-colour", "pale",
                 field="session", contains="already has")
        self.bad("tcm", "last", "999", field="episode")
        s2 = self.acu("2026-03-03", "BL23")
        self.ok("episode", "close", self.eid)
        self.bad("tcm", "add", s2, "--tongue-colour", "red",
                 field="session", contains="closed")

    def test_vocab_and_patterns_file(self):
        v = self.ok("tcm", "vocab")
        codes = {p["code"] for p in v["patterns"]}
        self.assertIn("kidney-yang-deficiency", codes)
        self.assertIn("heart-kidney-disharmony", codes)
        self.assertEqual(v["fixed"]["pulse_positions"],
                         ["overall", "left-cun", "left-guan", "left-chi",
                          "right-cun", "right-guan", "right-chi"])
        self.assertIn("wiry", {p["code"] for p in v["pulse_qualities"]})


class PointsHistoryTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Pat Points")
        self.eid = self.episode(self.pid, "2025-10-01")

    def test_points_history(self):
        add = lambda d, *a: self.ok("session", "add", self.eid, "--date", d,
                                    *a)["id"]
        s1 = add("2026-03-02", "--modality", "acupuncture", "--points",
                 "BL23,BL25,GV4,BL40")
        add("2026-03-04", "--modality", "massage", "--massage", "swedish")
        s3 = add("2026-03-06", "--modality", "acupuncture", "--points",
                 "BL23,GV4,BL40:L,HT7,SP6")
        s4 = add("2026-03-09", "--modality", "acupuncture", "--points",
                 "SP6,HT7,GV4,BL40:L,BL23")
        h = self.ok("session", "points", self.eid)
        self.assertEqual((h["episode_id"], h["patient_id"]),
                         (self.eid, self.pid))
        self.assertEqual(h["sessions_without_points"], 1)
        v1, v3, v4 = h["visits"]
        self.assertEqual((v1["session_id"], v1["date"]), (s1, "2026-03-02"))
        self.assertIsNone(v1["previous_session_id"])
        self.assertEqual({p["point"] for p in v1["added"]},
                         {"BL23", "BL25", "GV4", "BL40"})
        self.assertEqual(v1["dropped"] + v1["kept"] + v1["side_changed"], [])
        # Compared with the last session that charted points (s1), not the
        # massage in between.
        self.assertEqual(v3["previous_session_id"], s1)
        self.assertEqual(v3["added"], [{"point": "HT7", "side": "both"},
                                       {"point": "SP6", "side": "both"}])
        self.assertEqual(v3["dropped"], [{"point": "BL25", "side": "both"}])
        self.assertEqual(v3["side_changed"],
                         [{"point": "BL40", "from": "both", "to": "left"}])
        self.assertEqual({p["point"] for p in v3["kept"]}, {"BL23", "GV4"})
        self.assertEqual(len(v3["points"]), 5)
        self.assertEqual((v4["session_id"], v4["previous_session_id"]),
                         (s4, s3))
        self.assertEqual(v4["added"] + v4["dropped"] + v4["side_changed"], [])
        self.assertEqual(len(v4["kept"]), 5)
        summary = {p["point"]: p for p in h["points"]}
        self.assertEqual(summary["BL23"], {"point": "BL23", "sessions": 3,
                                           "first": "2026-03-02",
                                           "last": "2026-03-09"})
        self.assertEqual(summary["BL25"]["sessions"], 1)
        self.assertEqual(h["points"][0]["sessions"], 3)
        rc, out, err = self.run_cli("session", "points", self.eid)
        self.assertEqual(rc, 0, err)
        self.assertIn("+HT7 +SP6 -BL25 BL40 both->left", out)
        self.assertIn("unchanged", out)

    def test_empty_and_bad(self):
        h = self.ok("session", "points", self.eid)
        self.assertEqual((h["visits"], h["points"],
                          h["sessions_without_points"]), ([], [], 0))
        self.bad("session", "points", "999", field="episode")
        self.bad("session", "points", field="EPISODE_ID")


if __name__ == "__main__":
    brtest.main()
