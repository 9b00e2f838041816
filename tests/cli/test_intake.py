"""backrest intake: the structured history of an episode."""
import brtest

INTAKE_KEYS = {
    "episode_id", "patient_id", "practitioner_id", "date",
    "onset_mode", "onset_note", "locations", "radiation", "radiation_side",
    "aggravating", "easing",
    "work", "sitting_hours", "lifting", "lifting_technique", "activity",
    "height_cm", "weight_kg", "bmi", "smoking", "cigarettes_per_day",
    "lifestyle_note",
    "conditions", "conditions_note", "treatments", "treatments_note",
    "medicines",
    "position_difficulty", "night_pain", "pain_wakes", "sleep_position",
    "mattress", "mattress_years", "pillows", "knee_pillow", "sleep_note",
    "goals", "created_at", "updated_at",
}

FULL = [
    "--date", "2026-03-02",
    "--onset-mode", "lifting", "--onset-note", "lifted a sofa at home",
    "--locations", "low-back,buttock:L,thigh:left,calf:L",
    "--radiation", "below-knee", "--radiation-side", "left",
    "--aggravating", "sitting,bending,night", "--easing", "walking,heat",
    "--work", "desk", "--sitting-hours", "9", "--lifting", "light",
    "--lifting-technique", "poor", "--activity", "sedentary",
    "--height-cm", "172", "--weight-kg", "84.5",
    "--smoking", "current", "--cigarettes-per-day", "10",
    "--lifestyle-note", "slumped posture at the laptop",
    "--conditions", "herniated-disc,myofascial-pain",
    "--conditions-note", "MRI 2024: L5/S1 protrusion",
    "--treatments", "physiotherapy", "--treatments-note", "6 sessions in 2025",
    "--medicine", "ibuprofen|400 mg as needed|otc|pain",
    "--medicine", "melatonin|2 mg at night|supplement|sleep",
    "--position-difficulty", "yes", "--night-pain", "yes",
    "--pain-wakes", "2", "--sleep-position", "side", "--mattress", "soft",
    "--mattress-years", "12", "--pillows", "2", "--knee-pillow", "no",
    "--sleep-note", "sleeps on the sofa some nights",
    "--goals", "Sleep through the night and lift my grandson again",
]


class IntakeTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ann Intake", born="1970-05-01", sex="female")
        self.eid = self.episode(self.pid, "2025-12-01", "--sciatica")

    def test_full_intake_every_field(self):
        x = self.ok("intake", self.eid, *FULL)
        self.assertEqual(set(x), INTAKE_KEYS)
        self.assertEqual(x["episode_id"], self.eid)
        self.assertEqual(x["patient_id"], self.pid)
        self.assertEqual(x["date"], "2026-03-02")
        self.assertEqual(x["onset_mode"], "lifting")
        self.assertEqual(x["onset_note"], "lifted a sofa at home")
        self.assertEqual(x["locations"], [
            {"location": "buttock", "side": "left"},
            {"location": "calf", "side": "left"},
            {"location": "low-back", "side": None},
            {"location": "thigh", "side": "left"}])
        self.assertEqual((x["radiation"], x["radiation_side"]),
                         ("below-knee", "left"))
        self.assertEqual(x["aggravating"], ["bending", "night", "sitting"])
        self.assertEqual(x["easing"], ["heat", "walking"])
        self.assertEqual((x["work"], x["sitting_hours"], x["lifting"],
                          x["lifting_technique"], x["activity"]),
                         ("desk", 9, "light", "poor", "sedentary"))
        self.assertEqual((x["height_cm"], x["weight_kg"], x["bmi"]),
                         (172, 84.5, 28.6))
        self.assertEqual((x["smoking"], x["cigarettes_per_day"]),
                         ("current", 10))
        self.assertEqual(x["lifestyle_note"], "slumped posture at the laptop")
        self.assertEqual(x["conditions"], ["herniated-disc", "myofascial-pain"])
        self.assertEqual(x["conditions_note"], "MRI 2024: L5/S1 protrusion")
        self.assertEqual(x["treatments"], ["physiotherapy"])
        self.assertEqual(x["treatments_note"], "6 sessions in 2025")
        self.assertEqual(x["medicines"], [
            {"name": "ibuprofen", "dose": "400 mg as needed", "kind": "otc",
             "purpose": "pain"},
            {"name": "melatonin", "dose": "2 mg at night",
             "kind": "supplement", "purpose": "sleep"}])
        self.assertIs(x["position_difficulty"], True)
        self.assertIs(x["night_pain"], True)
        self.assertIs(x["knee_pillow"], False)
        self.assertEqual((x["pain_wakes"], x["sleep_position"], x["mattress"],
                          x["mattress_years"], x["pillows"]),
                         (2, "side", "soft", 12, 2))
        self.assertEqual(x["sleep_note"], "sleeps on the sofa some nights")
        self.assertEqual(x["goals"],
                         "Sleep through the night and lift my grandson again")
        # Stored as typed columns and child tables, not a blob.
        self.assertEqual(self.sql("SELECT sitting_hours, weight_kg, night_pain "
                                  "FROM intakes"), [(9, 84.5, 1)])
        self.assertEqual(self.sql("SELECT count(*) FROM intake_locations"),
                         [(4,)])
        self.assertEqual(self.sql("SELECT name, kind FROM intake_medicines "
                                  "ORDER BY position"),
                         [("ibuprofen", "otc"), ("melatonin", "supplement")])
        # show returns the same document.
        self.assertEqual(self.ok("intake", "show", self.eid), x)
        # episode show includes it.
        self.assertEqual(self.ok("episode", "show", self.eid)["intake"], x)
        rc, out, _ = self.run_cli("episode", "show", self.eid)
        self.assertEqual(rc, 0)
        self.assertIn("below-knee, left", out)
        self.assertIn("herniated-disc", out)
        self.assertIn("lift my grandson", out)
        self.assertEqual(self.sql("SELECT action FROM audit_log WHERE action "
                                  "LIKE 'intake.%' ORDER BY audit_id"),
                         [("intake.create",), ("intake.read",)])

    def test_empty_intake_is_all_null(self):
        self.assertIsNone(self.ok("episode", "show", self.eid)["intake"])
        x = self.ok("intake", self.eid)
        self.assertEqual(set(x), INTAKE_KEYS)
        self.assertEqual(x["date"], brtest.TODAY)
        for k in INTAKE_KEYS - {"episode_id", "patient_id", "date",
                                "created_at", "updated_at"}:
            self.assertIsNone(x[k], k)

    def test_merge_clear_and_none(self):
        self.ok("intake", self.eid, *FULL)
        x = self.ok("intake", self.eid, "--sleep-position", "back",
                    "--conditions", "none", "--clear",
                    "cigarettes_per_day,smoking,medicines")
        self.assertEqual(x["sleep_position"], "back")
        self.assertEqual(x["conditions"], [])      # asked: none
        self.assertIsNone(x["medicines"])          # cleared: not asked
        self.assertIsNone(x["smoking"])
        self.assertIsNone(x["cigarettes_per_day"])
        self.assertEqual(x["onset_mode"], "lifting")   # kept
        self.assertEqual(x["date"], "2026-03-02")      # kept
        self.assertEqual(self.sql("SELECT count(*) FROM intake_conditions"),
                         [(0,)])
        self.assertEqual(self.sql("SELECT conditions_recorded, "
                                  "medicines_recorded FROM intakes"),
                         [(1, 0)])
        self.assertEqual(self.ok("intake", self.eid, "--medicine",
                                 "none")["medicines"], [])
        self.assertEqual(
            self.sql("SELECT action FROM audit_log WHERE action LIKE "
                     "'intake.%' ORDER BY audit_id"),
            [("intake.create",), ("intake.update",), ("intake.update",)])

    def test_vocab(self):
        v = self.ok("intake", "vocab")
        codes = {e["code"] for e in v["conditions"]}
        for c in ("osteoarthritis", "rheumatoid-arthritis", "herniated-disc",
                  "spinal-stenosis", "spondylolisthesis", "scoliosis",
                  "osteoporotic-fracture", "myofascial-pain"):
            self.assertIn(c, codes)
        self.assertIn("twisting", v["fixed"]["onset_mode"])

    def test_bad_input(self):
        self.ok("intake", self.eid, "--smoking", "never")
        cases = [
            (["--conditions", "gout"], "conditions"),
            (["--conditions", "none,scoliosis"], "conditions"),
            (["--aggravating", "sitting,sitting"], "aggravating"),
            (["--easing", "dancing"], "easing"),
            (["--locations", "elbow"], "locations"),
            (["--locations", "hip:up"], "locations"),
            (["--treatments", "surgery"], "treatments"),
            (["--onset-mode", "sneezing"], "--onset-mode"),
            (["--radiation", "toes"], "radiation"),
            (["--sitting-hours", "25"], "--sitting-hours"),
            (["--sitting-hours", "-1"], "--sitting-hours"),
            (["--height-cm", "90"], "--height-cm"),
            (["--weight-kg", "400"], "--weight-kg"),
            (["--weight-kg", "heavy"], "--weight-kg"),
            (["--pain-wakes", "21"], "--pain-wakes"),
            (["--pillows", "7"], "pillows"),
            (["--mattress-years", "51"], "--mattress-years"),
            (["--night-pain", "sometimes"], "--night-pain"),
            (["--mattress", "waterbed"], "mattress"),
            (["--cigarettes-per-day", "5"], "--cigarettes-per-day"),
            (["--radiation", "none", "--radiation-side", "left"],
             "--radiation-side"),
            (["--night-pain", "no", "--pain-wakes", "2"], "--pain-wakes"),
            (["--lifting", "none", "--lifting-technique", "poor"],
             "--lifting-technique"),
            (["--medicine", "ibuprofen|400 mg|pill"], "--medicine"),
            (["--medicine", "ibuprofen|400 mg|otc|mood"], "--medicine"),
            (["--medicine", "|400 mg"], "--medicine"),
            (["--medicine", "a|b|otc|pain|extra"], "--medicine"),
            (["--clear", "shoe_size"], "clear"),
            (["--clear", "goals", "--goals", "walk"], "goals"),
            (["--date", "2026-04-01"], "date"),
            (["--date", "2026-02-30"], "date"),
            (["--goals", "x" * 2001], "goals"),
            (["--sleep-note", "a\x01b"], "--sleep-note"),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                self.bad("intake", self.eid, *args, field=field)

    def test_bad_episode(self):
        self.bad("intake", "999", "--smoking", "never", field="episode",
                 contains="no episode")
        # A word that is neither a subcommand nor an id: the usage.
        err = self.bad_usage("intake", "abc",
                             contains="unknown intake subcommand 'abc'")
        self.assertIn("backrest intake EPISODE_ID [options]", err)
        self.bad("intake", "0", field="EPISODE_ID")
        self.bad("intake", "show", self.eid, contains="no intake")
        self.ok("episode", "close", self.eid)
        self.bad("intake", self.eid, "--smoking", "never", field="episode",
                 contains="closed")

    def test_human_output(self):
        self.ok("intake", self.eid, *FULL)
        rc, out, err = self.run_cli("intake", "show", self.eid)
        self.assertEqual(rc, 0, err)
        self.assertIn("ibuprofen 400 mg as needed", out)
        self.assertIn("awakenings from pain per night: 2", out)


if __name__ == "__main__":
    brtest.main()
