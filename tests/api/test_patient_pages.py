"""GET /api/v1/patients: the caller's clinic a page at a time (keyset
cursor in next), and ?q= finding by a word of the name, reference or
birth date; another clinic's patient as the cursor is a missing one."""
import urllib.parse

import apitest

D = "/api/v1"


class PatientPages(apitest.ApiTest):
    def test_pages_follow_the_cursor_within_the_clinic(self):
        c = self.client("doc@example.org")
        for n in ("Élodie Ávila", "Zed Z", "ana avila"):
            self.expect(c.post(D + "/patients", {"name": n}), 201)
        seen, after = [], None
        while True:
            page = self.expect(c.get(D + "/patients?limit=2" +
                                     (f"&after={after}" if after else "")), 200)
            self.assertEqual(set(page), {"patients", "next"})
            self.assertLessEqual(len(page["patients"]), 2)
            seen += [p["name"] for p in page["patients"]]
            if page["next"] is None:
                break
            after = page["next"]
        self.assertEqual(seen[:3], ["Alice A", "ana avila", "Bob B"])
        self.assertNotIn("Carol C", seen)  # the other clinic's
        self.assertEqual(len(seen), len(set(seen)))
        # Another clinic's patient as the cursor answers as a missing one.
        missing = self.expect(c.get(f"{D}/patients?after=12345"), 404, field="after")
        other = self.expect(c.get(f"{D}/patients?after={self.pc}"), 404, field="after")
        self.assertEqual(other["error"]["message"].replace(str(self.pc), "N"),
                         missing["error"]["message"].replace("12345", "N"))
        self.expect(c.get(f"{D}/patients?limit=0"), 422, field="limit")
        self.expect(c.get(f"{D}/patients?clinic_id={self.clinic2}"), 422, field="clinic_id")

    def test_q_finds_by_name_word_reference_or_birth_date(self):
        c = self.client("doc@example.org")

        def found(q):
            page = self.expect(c.get(D + "/patients?q=" + urllib.parse.quote(q)), 200)
            return [p["name"] for p in page["patients"]]
        self.assertEqual(found("ALI"), ["Alice A"])
        self.assertEqual(found("b"), ["Bob B"])
        self.assertEqual(found("1970-01-01"), ["Alice A"])
        self.assertEqual(found("carol"), [])  # the other clinic's
        self.expect(c.get(D + "/patients?q="), 422, field="q")


if __name__ == "__main__":
    apitest.main()
