"""backrest demo fills realistic intake, TCM and herbal records."""
import os

import brtest

VOLATILE = {"id", "episode_id", "patient_id", "session_id", "prefilled_from",
            "created_at", "updated_at"}


def strip(v):
    """The content of a view without ids and timestamps."""
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in VOLATILE}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


class DemoTcmTest(brtest.CliTest):
    def demo(self, db):
        self.run_cli("--db", db, "init", db=False)
        self.ok("--db", db, "demo", "--patients", "30", "--days", "60",
                "--seed", "5", db=False)

    def records(self, db):
        """Per demo patient (by ref): arm, intake, TCM list, herbal list."""
        out = {}
        for p in self.ok("--db", db, "patient", "list", db=False)["patients"]:
            show = self.ok("--db", db, "patient", "show", p["id"], db=False)
            eid = show["episodes"][0]["id"]
            arm = self.sql_at(db, "SELECT arm FROM demo_truth WHERE "
                              "patient_id = ?", p["id"])[0][0]
            out[p["ref"]] = (
                arm,
                self.ok("--db", db, "intake", "show", eid, db=False),
                self.ok("--db", db, "tcm", "list", eid, db=False),
                self.ok("--db", db, "herbal", "list", eid, db=False),
                eid)
        return out

    def sql_at(self, db, q, *params):
        saved, self.db = self.db, db
        try:
            return self.sql(q, *params)
        finally:
            self.db = saved

    def test_demo_records_valid_and_deterministic(self):
        a = self.new_db("a.db")
        b = self.new_db("b.db")
        self.demo(a)
        self.demo(b)
        ra, rb = self.records(a), self.records(b)
        self.assertEqual(len(ra), 30)
        self.assertEqual({k: strip(list(v[1:4])) for k, v in ra.items()},
                         {k: strip(list(v[1:4])) for k, v in rb.items()})

        iv = self.ok("intake", "vocab")
        tv = self.ok("tcm", "vocab")
        hv = self.ok("herbal", "vocab")
        codes = lambda lst: {e["code"] for e in lst}
        groups = lambda lst: {e["code"]: e.get("group") for e in lst}
        n_tcm = n_acu = 0
        for ref, (arm, intake, tcm, herbal, eid) in ra.items():
            # Every demo patient has a complete intake that passes the
            # same checks as one typed in (re-recording it changes nothing
            # but updated_at).
            for k in ("onset_mode", "radiation", "work", "activity",
                      "height_cm", "weight_kg", "smoking", "sleep_position",
                      "goals"):
                self.assertIsNotNone(intake[k], (ref, k))
            for lst in ("aggravating", "easing", "conditions", "treatments"):
                self.assertLessEqual(set(intake[lst]), codes(iv[lst]))
            self.assertLessEqual({l["location"] for l in intake["locations"]},
                                 codes(iv["locations"]))
            again = self.ok("--db", a, "intake", eid, db=False)
            self.assertEqual(strip(again), strip(intake))
            if arm != "acupuncture":
                self.assertEqual(tcm, [])
                self.assertEqual(herbal, [])
                continue
            n_acu += 1
            n_tcm += len(tcm)
            self.assertGreater(len(tcm), 0, ref)
            for i, x in enumerate(tcm):
                self.assertIn(x["tongue_colour"], codes(tv["tongue_colours"]))
                for key, lst in (("tongue_shape", "tongue_shapes"),
                                 ("tongue_coat", "tongue_coats"),
                                 ("pulse", "pulse_qualities"),
                                 ("pulse_left_chi", "pulse_qualities"),
                                 ("pulse_right_chi", "pulse_qualities")):
                    self.assertLessEqual(set(x[key]), codes(tv[lst]))
                    g = [groups(tv[lst])[c] for c in x[key]
                         if groups(tv[lst])[c]]
                    self.assertEqual(len(g), len(set(g)), (ref, key, x[key]))
                self.assertLessEqual({p["code"] for p in x["patterns"]},
                                     codes(tv["patterns"]))
                self.assertTrue(x["treatment_principle"])
                if i == 0:
                    self.assertIsNone(x["prefilled_from"])
                else:
                    self.assertEqual(x["prefilled_from"], tcm[i - 1]["id"])
            for h in herbal:
                self.assertIn(h["form"], hv["fixed"]["form"])
                for e in h["adverse_effects"]:
                    self.assertIn(e["effect"], codes(hv["adverse_effects"]))
                self.assertLessEqual(h["date"], brtest.TODAY)
        self.assertGreater(n_acu, 5)
        self.assertGreater(n_tcm, n_acu * 3)


if __name__ == "__main__":
    brtest.main()
