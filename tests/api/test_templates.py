"""Point templates over the API (/api/v1/point-templates): the caller's
own and those shared in their clinic, bound to the caller; bad input
names the field and changes nothing; another clinic's template answers
exactly like a missing one; a colleague who may apply a shared template
may not change or remove it.  Runs on both backends."""
import re

import apitest

D = "/api/v1"
T = D + "/point-templates"
MISSING = 9007199254740000


class PointTemplates(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls.add_user("colleague@example.org", "practitioner")

    def add(self, c, **body):
        return self.expect(c.post(T, body), 201)

    def test_save_list_show_change_remove(self):
        c = self.client("doc@example.org")
        t = self.add(c, name="low back + sleep", points=["BL23", "BL25:L", "BL40", "GV4", "HT7"],
                     minutes=20, shared=True)
        self.assertEqual(t["practitioner_id"], self.doc)
        self.assertEqual(t["points"][1], {"point": "BL25", "side": "left"})
        self.assertEqual(t["points"][3], {"point": "GV4", "side": "midline"})
        self.assertEqual((t["minutes"], t["shared"]), (20, True))
        self.assertIn(t, self.expect(c.get(T), 200))
        self.assertEqual(self.expect(c.get(f"{T}/{t['id']}"), 200), t)
        u = self.expect(c.post(f"{T}/{t['id']}", {"points": ["BL23", "KI3"], "minutes": None}), 200)
        self.assertEqual(([p["point"] for p in u["points"]], u["minutes"], u["name"]),
                         (["BL23", "KI3"], None, "low back + sleep"))
        self.assertEqual(self.expect(c.request("DELETE", f"{T}/{t['id']}"), 200),
                         {"removed": t["id"], "name": "low back + sleep"})
        self.expect(c.get(f"{T}/{t['id']}"), 404, "not-found", "template_id")
        # Audited as the caller's, about no patient.
        rows = self.sql("SELECT action, user_id, patient_id, record FROM audit_log WHERE "
                        "record = ? ORDER BY audit_id", f"point_template/{t['id']}")
        self.assertEqual([r[0] for r in rows], ["template.create", "template.read",
                                                "template.update", "template.remove"])
        self.assertTrue(all(r[1] == self.doc and r[2] is None for r in rows), rows)

    def test_bad_input_names_the_field_and_changes_nothing(self):
        c = self.client("doc@example.org")
        self.add(c, name="taken", points=["BL23"])
        before = self.snapshot()
        cases = [
            ({"name": "x", "points": ["BL23", "BL99"]}, 422, "points"),
            ({"name": "x", "points": ["BL23", "bl23:L"]}, 422, "points"),
            ({"name": "x", "points": []}, 422, "points"),
            ({"name": "x"}, 422, "points"),
            ({"points": ["BL23"]}, 422, "name"),
            ({"name": "", "points": ["BL23"]}, 422, "name"),
            ({"name": "x" * 81, "points": ["BL23"]}, 422, "name"),
            ({"name": "x", "points": ["BL23"], "minutes": 0}, 422, "minutes"),
            ({"name": "x", "points": ["BL23"], "minutes": "20"}, 422, "minutes"),
            ({"name": "x", "points": ["BL23"], "shared": "yes"}, 422, "shared"),
            ({"name": "x", "points": ["BL23"], "needles": 4}, 422, "needles"),
            ({"name": "x", "points": ["BL23"], "practitioner_id": self.doc2}, 422,
             "practitioner_id"),
            ({"name": "taken", "points": ["BL25"]}, 409, "name"),
        ]
        for body, status, field in cases:
            with self.subTest(body=body):
                r = c.post(T, body)
                self.expect(r, status, field=field)
                # One sentence.
                self.assertNotIn("\n", r.error()["message"])
        self.assertEqual(before, self.snapshot())

    def test_another_clinics_template_answers_like_a_missing_one(self):
        far = self.client("doc2@example.org")
        theirs = self.add(far, name="theirs", points=["BL23", "GV4"], shared=True)["id"]
        c = self.client("doc@example.org")
        self.assertNotIn(theirs, [t["id"] for t in self.expect(c.get(T), 200)])
        before = self.snapshot()
        for method, suffix, body in (("GET", "", None), ("POST", "", {"name": "mine"}),
                                     ("DELETE", "", None)):
            with self.subTest(method=method):
                a = c.request(method, f"{T}/{theirs}{suffix}", body=body)
                b = c.request(method, f"{T}/{MISSING}{suffix}", body=body)
                self.expect(a, 404, "not-found", "template_id")
                self.assertEqual(re.sub(str(theirs), "<id>", a.raw.decode()),
                                 re.sub(str(MISSING), "<id>", b.raw.decode()))
        self.assertEqual(before, self.snapshot())

    def test_a_colleague_applies_a_shared_template_but_the_owner_alone_changes_it(self):
        owner = self.client("doc@example.org")
        shared = self.add(owner, name="shared", points=["BL23", "HT7"], shared=True)
        private = self.add(owner, name="private", points=["SP6"])
        col = self.client("colleague@example.org")
        seen = [t["id"] for t in self.expect(col.get(T), 200)]
        self.assertIn(shared["id"], seen)
        self.assertNotIn(private["id"], seen)
        self.assertEqual(self.expect(col.get(f"{T}/{shared['id']}"), 200), shared)
        self.expect(col.get(f"{T}/{private['id']}"), 404, "not-found", "template_id")
        before = self.snapshot()
        r = col.request("DELETE", f"{T}/{shared['id']}")
        self.expect(r, 403, "forbidden", "template_id")
        self.assertIn("only the practitioner who saved it", r.error()["message"])
        self.expect(col.post(f"{T}/{shared['id']}", {"shared": False}), 403, "forbidden",
                    "template_id")
        self.expect(col.request("DELETE", f"{T}/{private['id']}"), 404, "not-found",
                    "template_id")
        self.assertEqual(before, self.snapshot())
        # The colleague's own template of the same name is theirs to have.
        self.add(col, name="shared", points=["BL40"])

    def test_practitioners_only(self):
        for email in ("alice@example.org", "admin@example.org"):
            with self.subTest(email=email):
                c = self.client(email)
                self.expect(c.get(T), 403, "forbidden")
                self.expect(c.post(T, {"name": "x", "points": ["BL23"]}), 403, "forbidden")


if __name__ == "__main__":
    apitest.main()
