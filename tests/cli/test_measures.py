"""CLI tests for questionnaire scoring: backrest score (stateless), measure
add|list, STarT Back risk groups on episode show, and instrument definition
overrides (--instruments DIR, $BACKREST_INSTRUMENTS)."""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

SOURCE = os.environ.get("BR_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SCORE_KEYS = {"instrument", "score", "band", "subscores", "answered", "complete", "notes"}



def definition(name):
    with open(os.path.join(SOURCE, "data", "instruments", name + ".json")) as f:
        return json.load(f)


class ScoreTest(brtest.CliTest):
    def score(self, instrument, answers):
        return self.ok("score", instrument, "--answers", answers)

    def test_json_shape_is_exact(self):
        doc = self.score("nrs", "7")
        self.assertEqual(set(doc), SCORE_KEYS)
        self.assertEqual(doc, {"instrument": "nrs", "score": 7, "band": "severe",
                               "subscores": {}, "answered": 1, "complete": True,
                               "notes": []})

    def test_nrs_bands(self):
        for answer, band in [("0", "none"), ("1", "mild"), ("3", "mild"), ("4", "moderate"),
                             ("6", "moderate"), ("7", "severe"), ("10", "severe")]:
            self.assertEqual(self.score("nrs", answer)["band"], band, answer)

    def test_peg_mean(self):
        doc = self.score("peg", "5,6,7")
        self.assertEqual(doc["score"], 6)
        self.assertIsNone(doc["band"])
        self.assertEqual(self.score("peg", "5,5,6")["score"], 5.33)

    def test_rmdq_blank_is_zero(self):
        doc = self.score("rmdq", ",".join(["1"] * 10 + [""] * 2 + ["0"] * 12))
        self.assertEqual(doc["score"], 10)
        self.assertEqual(doc["answered"], 22)
        self.assertTrue(doc["complete"])
        self.assertIsNone(doc["band"])

    def test_odi_worked_examples(self):
        doc = self.score("odi", "2,2,2,2,2,2,1,1,1,1")
        self.assertEqual((doc["score"], doc["band"], doc["complete"]), (32.0, "moderate", True))
        doc = self.score("odi", "2,2,2,2,2,2,1,-,2,1")
        self.assertEqual((doc["score"], doc["band"], doc["answered"], doc["complete"]),
                         (35.6, "moderate", 9, False))
        self.assertTrue(any("at least 8 of the 10" in n for n in doc["notes"]), doc["notes"])
        for answers, band in [("1,1,1,1,1,1,1,1,1,1", "minimal"), ("2,1,1,1,1,1,1,1,1,1", "moderate"),
                              ("3,2,2,2,2,2,2,2,2,2", "severe"), ("4,3,3,3,3,3,3,3,3,3", "crippling"),
                              ("5,4,4,4,4,4,4,4,4,4", "bed-bound")]:
            self.assertEqual(self.score("odi", answers)["band"], band, answers)

    def test_startback_subscore_and_risk(self):
        doc = self.score("startback", "1,1,1,1,1,0,0,0,4")
        self.assertEqual(doc["score"], 6)
        self.assertEqual(doc["subscores"], {"psychosocial": 2})
        self.assertEqual(doc["band"], "medium")
        self.assertEqual(self.score("startback", "1,1,1,0,0,0,0,0,2")["band"], "low")
        self.assertEqual(self.score("startback", "0,0,0,0,1,1,1,0,3")["band"], "high")
        self.assertEqual(self.score("startback", "0,0,0,0,1,1,1,0,3")["subscores"],
                         {"psychosocial": 4})

    def test_isi_psq3_pseq(self):
        self.assertEqual(self.score("isi", "2,2,2,2,2,2,2")["band"], "subthreshold")
        self.assertEqual(self.score("isi", "3,2,2,2,2,2,2")["band"], "moderate")
        self.assertEqual(self.score("psq3", "100,50,0")["score"], 150)
        doc = self.score("pseq", "2,2,2,2,2,2,2,2,2,-")
        self.assertEqual((doc["score"], doc["band"], doc["complete"]), (20, "moderate", False))
        self.assertTrue(any("prorated" in n for n in doc["notes"]))
        self.assertEqual(self.score("pseq2", "6,5")["score"], 11)

    def test_wrong_count(self):
        err = self.bad("score", "odi", "--answers", "1,1,1,1,1,1,1,1,1", field="answers",
                       contains="item 10 is missing")
        self.assertIn("odi has 10 items", err)
        self.bad("score", "nrs", "--answers", "1,2", field="answers",
                 contains="answer 2 is one too many")

    def test_code_out_of_range(self):
        self.bad("score", "startback", "--answers", "0,0,0,0,0,0,0,0,5",
                 contains="item 9 of startback is 5; expected a code 0-4")
        self.bad("score", "rmdq", "--answers", ",".join(["0"] * 23 + ["2"]),
                 contains="item 24 of rmdq is 2")
        self.bad("score", "nrs", "--answers", "x", contains="answer 1 is 'x'")

    def test_too_many_skipped(self):
        self.bad("score", "odi", "--answers", "1,-,1,1,-,1,1,1,-,1",
                 contains="items 2, 5 and 9 were skipped")
        self.bad("score", "peg", "--answers", "5,,7", contains="item 2 of peg was skipped")
        self.bad("score", "pseq", "--answers", "1,1,-,1,1,1,1,1,-,1",
                 contains="items 3 and 9 were skipped")

    def test_unknown_instrument_and_missing_answers(self):
        err = self.bad("score", "sf36", "--answers", "1", field="INSTRUMENT")
        self.assertIn("odi", err)
        self.bad("score", "nrs", contains="answers is required")

    def test_score_opens_no_database(self):
        path = os.path.join(self.dir, "never.db")
        rc, out, err = self.run_cli("--db", path, "score", "nrs", "--answers", "3", db=False)
        self.assertEqual(rc, 0, err)
        self.assertFalse(os.path.exists(path))

    def test_list_and_show(self):
        ids = [i["id"] for i in self.ok("score", "list")]
        self.assertEqual(ids, sorted(["isi", "nrs", "odi", "peg", "pseq", "pseq2", "psq3",
                                      "rmdq", "startback"]))
        wording = {i["id"]: i["wording"] for i in self.ok("score", "list")}
        self.assertEqual(wording["nrs"], "shipped")
        self.assertEqual(wording["odi"], "labels-only")
        doc = self.ok("score", "show", "odi")
        self.assertEqual(doc["loinc"]["score"], "97909-6")
        self.assertNotIn("text", doc["items"][0])
        rc, out, err = self.run_cli("score", "show", "startback")
        self.assertEqual(rc, 0)
        self.assertIn("overall, how bothersome", out)


class MeasureTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient(born="1980-01-01")
        self.eid = self.episode(self.pid, "2026-01-05")

    def test_add_and_list(self):
        doc = self.ok("measure", "add", self.eid, "odi", "--answers", "2,2,2,2,2,2,1,-,2,1",
                      "--date", "2026-02-01")
        self.assertEqual(doc["score"], 35.6)
        self.assertEqual(doc["band"], "moderate")
        self.assertEqual(doc["date"], "2026-02-01")
        self.assertEqual(doc["answers"], [2, 2, 2, 2, 2, 2, 1, None, 2, 1])
        self.assertEqual(doc["recall"], "today")
        self.assertTrue(SCORE_KEYS <= set(doc))
        rows = self.sql("SELECT item, code FROM measure_items WHERE measure_id = ? ORDER BY item",
                        doc["id"])
        self.assertEqual(rows[7], (8, None))
        self.assertEqual(len(rows), 10)
        self.assertEqual(self.sql("SELECT score, band, answered, complete FROM measures")[0],
                         (35.6, "moderate", 9, 0))
        audit = self.sql("SELECT action, record FROM audit_log WHERE action = 'measure.create'")
        self.assertEqual(audit, [("measure.create", f"measure/{doc['id']}")])
        self.ok("measure", "add", self.eid, "nrs", "--answers", "6")
        listed = self.ok("measure", "list", self.eid)
        self.assertEqual([m["instrument"] for m in listed], ["odi", "nrs"])
        self.assertEqual(listed[1]["date"], brtest.TODAY)
        self.assertEqual(listed[0]["notes"], doc["notes"])
        self.assertEqual([m["instrument"] for m in self.ok("measure", "list", self.eid,
                                                           "--instrument", "nrs")], ["nrs"])

    def test_bad_answers_store_nothing(self):
        self.bad("measure", "add", self.eid, "odi", "--answers", "1,1,1", field="answers",
                 contains="item 4 is missing")
        self.bad("measure", "add", self.eid, "isi", "--answers", "1,1,1,5,1,1,1",
                 contains="item 4 of isi is 5")
        self.bad("measure", "add", self.eid, "peg", "--answers", "-,1,1", contains="item 1")
        self.bad("measure", "add", self.eid, "odi", "--answers", "1,-,-,-,1,1,1,1,1,1",
                 contains="at least 8 of 10")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM measures")[0][0], 0)

    def test_bad_episode_and_date(self):
        self.bad("measure", "add", "999", "nrs", "--answers", "3", contains="no episode 999")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM measures")[0][0], 0)
        self.bad("measure", "add", self.eid, "nrs", "--answers", "3", "--date", "2026-01-01",
                 contains="onset")
        self.bad("measure", "add", self.eid, "nrs", "--answers", "3", "--date", "2026-04-01",
                 contains="after today")
        self.bad("measure", "add", self.eid, "nope", "--answers", "3", field="INSTRUMENT")

    def test_startback_sets_risk_group(self):
        self.assertIsNone(self.ok("episode", "show", self.eid)["stratification"])
        self.ok("measure", "add", self.eid, "startback", "--answers", "1,1,1,1,1,1,1,1,4",
                "--date", "2026-02-01")
        self.assertEqual(self.sql("SELECT risk_group FROM episodes")[0][0], "high")
        ep = self.ok("episode", "show", self.eid)
        self.assertEqual(ep["risk_group"], "high")
        st = ep["stratification"]
        self.assertEqual(st["risk_group"], "high")
        self.assertEqual(st["date"], "2026-02-01")
        self.assertIn("psychologically informed", st["pathway"])
        self.assertIn("primary care", st["caveat"])
        self.assertIn("chiropractic", st["caveat"])
        # A later measure moves the group; an older-dated one does not.
        self.ok("measure", "add", self.eid, "startback", "--answers", "1,0,0,0,0,0,0,0,0",
                "--date", "2026-03-01")
        st = self.ok("episode", "show", self.eid)["stratification"]
        self.assertEqual((st["risk_group"], st["date"]), ("low", "2026-03-01"))
        self.assertIn("self-management", st["pathway"])
        self.ok("measure", "add", self.eid, "startback", "--answers", "1,1,1,1,0,0,0,0,0",
                "--date", "2026-02-15")
        self.assertEqual(self.ok("episode", "show", self.eid)["risk_group"], "low")
        rc, out, err = self.run_cli("episode", "show", self.eid)
        self.assertIn("risk group: low", out)
        self.assertIn("caveat:", out)

    def test_medium_pathway(self):
        self.ok("measure", "add", self.eid, "startback", "--answers", "1,1,1,1,0,0,0,0,0")
        st = self.ok("episode", "show", self.eid)["stratification"]
        self.assertEqual((st["risk_group"], st["pathway"]), ("medium", "physiotherapy"))


class OverrideTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.idir = tempfile.mkdtemp(prefix="br-instr-")

    def tearDown(self):
        shutil.rmtree(self.idir, ignore_errors=True)
        super().tearDown()

    def write(self, name, doc):
        with open(os.path.join(self.idir, name), "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))

    def licensed_odi(self):
        doc = definition("odi")
        doc["licence"]["wording"] = "licensed"
        for i, item in enumerate(doc["items"]):
            item["text"] = f"Licensed section {i + 1} wording"
        return doc

    def test_licensed_wording_loads(self):
        self.write("odi.json", self.licensed_odi())
        doc = self.ok("--instruments", self.idir, "score", "show", "odi")
        self.assertEqual(doc["items"][0]["text"], "Licensed section 1 wording")
        self.assertEqual(self.ok("--instruments", self.idir, "score", "odi", "--answers",
                                 "2,2,2,2,2,2,1,1,1,1")["score"], 32.0)
        env = dict(self.env, BACKREST_INSTRUMENTS=self.idir)
        rc, out, err = self.run_cli("score", "show", "odi", "--json", env=env)
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["licence"]["wording"], "licensed")
        # Without the directory the built-in labels-only definition is used.
        self.assertNotIn("text", self.ok("score", "show", "odi")["items"][0])

    def test_new_instrument(self):
        doc = definition("pseq2")
        doc["id"] = "clinic-short"
        doc["name"] = "A clinic's own two-item scale"
        self.write("clinic-short.json", doc)
        self.assertEqual(self.ok("--instruments", self.idir, "score", "clinic-short", "--answers",
                                 "3,4")["score"], 7)

    def test_bad_files_name_file_and_field(self):
        doc = self.licensed_odi()
        doc["bands"][0]["max"] = 25
        self.write("odi.json", doc)
        err = self.bad("--instruments", self.idir, "score", "odi", "--answers", "1",
                       contains="instrument file 'odi.json'")
        self.assertIn("bands", err)
        self.write("odi.json", '{"format": 1, "id": "odi",')
        self.bad("--instruments", self.idir, "score", "nrs", "--answers", "1",
                 contains="instrument file 'odi.json' is not valid JSON")
        doc = definition("nrs")
        doc["items"][0]["colour"] = "blue"
        self.write("odi.json", json.dumps(self.licensed_odi()))
        self.write("nrs.json", doc)
        self.bad("--instruments", self.idir, "score", "nrs", "--answers", "1",
                 contains="instrument file 'nrs.json': items[0].colour is not a known field")
        doc = definition("isi")
        self.write("nrs.json", doc)
        self.bad("--instruments", self.idir, "score", "nrs", "--answers", "1",
                 contains="must match the file name")
        os.remove(os.path.join(self.idir, "nrs.json"))
        doc = definition("isi")
        doc["items"][0]["text"] = "wording"
        self.write("isi.json", doc)
        self.bad("--instruments", self.idir, "score", "isi", "--answers", "1,1,1,1,1,1,1",
                 contains="labels-only")
        self.bad("--instruments", os.path.join(self.idir, "missing"), "score", "nrs",
                 "--answers", "1", contains="cannot be read")


if __name__ == "__main__":
    brtest.main()
