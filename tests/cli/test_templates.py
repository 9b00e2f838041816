"""Point templates on the command line: `template add|list|show|edit|
remove`.  A practitioner's named combination of points (with sides and a
default retention); shared, the practitioners of the owner's clinic see it;
only the owner changes or removes it; a template another practitioner may
not see answers exactly like a missing one.  Runs on both backends."""
import json

import brtest

PW = "a long enough password\n"


class Templates(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.clinic1 = self.ok("clinic", "list")[0]["id"]
        self.clinic2 = self.ok("clinic", "add", "--name", "South")["id"]
        self.doc = self.user("doc@example.org", self.clinic1, "Dr Ana")
        self.doc2 = self.user("doc2@example.org", self.clinic1, "Dr Ben")
        self.far = self.user("far@example.org", self.clinic2, "Dr Cy")

    def user(self, email, clinic, name):
        return self.ok("user", "add", "--email", email, "--role", "practitioner",
                       "--name", name, "--clinic", clinic, "--password-stdin",
                       stdin=PW)["id"]

    def bad(self, *args, field=None, contains=None, unchanged=True):
        """brtest's bad, and the --json error names field as typed."""
        err = super().bad(*args, contains=contains, unchanged=unchanged)
        if field:
            rc, out, _ = self.run_cli(*args, "--json")
            self.assertEqual(json.loads(out)["error"]["field"], field, out)
        return err

    def add(self, who, name, points, *extra):
        return self.ok("template", "add", "--practitioner", who, "--name", name,
                       "--points", points, *extra)

    def test_add_show_list(self):
        t = self.add(self.doc, "low back + sleep", "BL23,BL25:L,bl40,DU4,HT7:R,ashi",
                     "--minutes", "20", "--shared", "yes")
        self.assertEqual(t["name"], "low back + sleep")
        self.assertEqual(t["practitioner_id"], self.doc)
        self.assertEqual(t["owner"], "Dr Ana")
        self.assertIs(t["shared"], True)
        self.assertEqual(t["minutes"], 20)
        # In the order given; WHO ids (DU4 is GV4); sides from the vocabulary.
        self.assertEqual(t["points"], [
            {"point": "BL23", "side": "both"}, {"point": "BL25", "side": "left"},
            {"point": "BL40", "side": "both"}, {"point": "GV4", "side": "midline"},
            {"point": "HT7", "side": "right"}, {"point": "ashi", "side": "both"}])
        self.assertEqual(self.ok("template", "show", t["id"]), t)
        self.assertEqual(self.ok("template", "list", "--practitioner", self.doc), [t])
        rc, out, err = self.run_cli("template", "show", t["id"])
        self.assertEqual(rc, 0, err)
        self.assertIn("low back + sleep  (shared, Dr Ana)", out)
        self.assertIn("points: BL23, BL25 left, BL40, GV4, HT7 right, ashi", out)
        self.assertIn("retention: 20 min", out)
        # Without minutes nor shared: none, and not shared.
        u = self.add(self.doc, "sleep", "HT7,SP6")
        self.assertIsNone(u["minutes"])
        self.assertIs(u["shared"], False)
        # By name.
        self.assertEqual([x["name"] for x in self.ok("template", "list")],
                         ["low back + sleep", "sleep"])
        # Audited as clinic data: no patient, the record named.
        rows = self.sql("SELECT action, patient_id, record FROM audit_log "
                        "WHERE action LIKE 'template.%' ORDER BY audit_id")
        self.assertEqual(rows[0], ("template.create", None, f"point_template/{t['id']}"))
        self.assertIn(("template.read", None, f"point_template/{t['id']}"), rows)
        self.assertIn(("template.list", None, None), rows)

    def test_bad_input_names_the_flag_and_changes_nothing(self):
        self.add(self.doc, "low back", "BL23")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "x",
                 "--points", "BL23,BL99", field="--points", contains="BL99")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "x",
                 "--points", "BL23,BL23:L", field="--points", contains="twice")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "x",
                 "--points", "GV4:L", field="--points")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "x",
                 "--points", "BL23", "--minutes", "0", field="--minutes")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "x",
                 "--points", "BL23", "--shared", "maybe", field="--shared")
        self.bad("template", "add", "--practitioner", self.doc, "--points", "BL23",
                 field="--name")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "x",
                 field="--points")
        self.bad("template", "add", "--practitioner", self.doc, "--name", "   ",
                 "--points", "BL23", field="--name")
        self.bad("template", "add", "--name", "x", "--points", "BL23",
                 field="--practitioner")
        self.bad("template", "add", "--practitioner", "999", "--name", "x",
                 "--points", "BL23", field="--practitioner")
        # One name once per practitioner; another may use it.
        self.bad("template", "add", "--practitioner", self.doc, "--name", "low back",
                 "--points", "BL25", field="--name", contains="exists already")
        self.add(self.doc2, "low back", "BL25")

    def test_shared_in_the_clinic_only_and_changed_by_the_owner_only(self):
        shared = self.add(self.doc, "shared one", "BL23,GV4", "--shared", "yes")["id"]
        private = self.add(self.doc, "private one", "SP6")["id"]
        # Same clinic: the shared one only; another clinic: neither.
        self.assertEqual([t["id"] for t in self.ok("template", "list", "--practitioner",
                                                   self.doc2)], [shared])
        self.assertEqual(self.ok("template", "list", "--practitioner", self.far), [])
        self.ok("template", "show", shared, "--practitioner", self.doc2)
        # What may not be seen answers like a missing id.
        missing = self.bad("template", "show", "9007199254740000", "--practitioner",
                           self.doc2, field="TEMPLATE_ID")
        for who, tid in ((self.doc2, private), (self.far, shared), (self.far, private)):
            err = self.bad("template", "show", tid, "--practitioner", who,
                           field="TEMPLATE_ID")
            self.assertEqual(err.replace(str(tid), "<id>"),
                             missing.replace("9007199254740000", "<id>"))
            self.bad("template", "remove", tid, "--practitioner", who, field="TEMPLATE_ID")
        # A colleague who sees the shared one may not change or remove it.
        before = self.snapshot()
        for args in (("remove", shared), ("edit", shared, "--name", "mine now")):
            rc, out, err = self.run_cli("template", *args, "--practitioner", self.doc2)
            self.assertEqual(rc, 1, err)
            self.assertIn("only the practitioner who saved it", err)
        self.assertEqual(before, self.snapshot())
        # The owner changes it: unshared, it leaves the colleague's list.
        t = self.ok("template", "edit", shared, "--practitioner", self.doc,
                    "--shared", "no", "--points", "BL23:R,GV4,KI3", "--minutes", "25")
        self.assertEqual((t["shared"], t["minutes"], [p["point"] for p in t["points"]]),
                         (False, 25, ["BL23", "GV4", "KI3"]))
        self.assertEqual(self.ok("template", "list", "--practitioner", self.doc2), [])
        self.bad("template", "edit", shared, "--practitioner", self.doc, "--name",
                 "private one", field="--name", contains="exists already")
        # The owner removes it, points and all.
        r = self.ok("template", "remove", shared, "--practitioner", self.doc)
        self.assertEqual(r, {"removed": shared, "name": "shared one"})
        self.assertEqual(self.sql("SELECT count(*) FROM point_template_points "
                                  "WHERE template_id = ?", shared), [(0,)])
        self.bad("template", "show", shared, field="TEMPLATE_ID")
        # The local operator (no --practitioner) sees and removes any.
        self.assertEqual([t["id"] for t in self.ok("template", "list")], [private])
        self.ok("template", "remove", private)


if __name__ == "__main__":
    brtest.main()
