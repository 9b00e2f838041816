"""A JSON body's values have the types the API description gives them: a
whole number, a number, an id or a true/false value sent as a string is
refused with 422 naming the field and nothing is written (the command line,
which passes every flag as text, still takes them; tests/cli).  A session
needs a modality: an empty list is refused like a missing one."""
import json

import apitest

D = "/api/v1"


def schema_type(doc, method, path, field):
    """The type the served description gives a body field."""
    op = doc["paths"][path][method.lower()]
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    while "$ref" in schema:
        node = doc
        for part in schema["$ref"].split("/")[1:]:
            node = node[part]
        schema = node
    return schema["properties"][field]["type"]


class TypedBodies(apitest.ApiTest):
    def test_strings_for_typed_fields_are_refused(self):
        doc = self.client("doc@example.org")
        api = json.loads(doc.get(f"{D}/openapi.json").raw)
        ep = f"{D}/episodes/{self.ea}"
        sess = self.expect(doc.post(f"{ep}/sessions", {
            "date": "2026-03-01", "modality": ["massage"], "flags": "none"}), 201)
        cases = [
            # (documented path, real path, good body, field, text value)
            ("/api/v1/patients/{patient_id}/diary", f"{D}/patients/{self.pa}/diary",
             {"date": "2026-03-02", "pain": 5}, "pain", "5"),
            ("/api/v1/patients/{patient_id}/diary", f"{D}/patients/{self.pa}/diary",
             {"date": "2026-03-02", "sol": 20}, "sol", "20"),
            ("/api/v1/episodes/{episode_id}/sessions", f"{ep}/sessions",
             {"date": "2026-03-02", "modality": ["massage"], "flags": "none",
              "pain_before": 4}, "pain_before", "4"),
            ("/api/v1/episodes/{episode_id}/plan", f"{ep}/plan",
             {"treatment": "massage", "per_week": 2}, "per_week", "2"),
            ("/api/v1/episodes/{episode_id}/plan", f"{ep}/plan",
             {"treatment": "massage", "sessions": 6}, "sessions", "6"),
            ("/api/v1/patients/{patient_id}/episodes", f"{D}/patients/{self.pa}/episodes",
             {"onset": "2026-02-01", "sciatica": True}, "sciatica", "true"),
            ("/api/v1/episodes/{episode_id}/herbal", f"{ep}/herbal",
             {"pinyin": "Du Huo Ji Sheng Tang", "form": "granules", "dose": "6 g twice daily",
              "session_id": sess["id"]}, "session_id", str(sess["id"])),
            ("/api/v1/episodes/{episode_id}/pacing", f"{ep}/pacing",
             {"activity": "walking", "unit": "min", "baseline": 20}, "baseline", "20"),
        ]
        for doc_path, path, good, field, text in cases:
            with self.subTest(path=path, field=field):
                kind = schema_type(api, "POST", doc_path, field)
                self.assertIn(kind, ("integer", "number", "boolean"))
                before = self.snapshot()
                err = self.expect(doc.post(path, dict(good, **{field: text})),
                                  422, "invalid", field)
                self.assertIn(field, err["error"]["message"])
                self.assertEqual(before, self.snapshot())
        # The same bodies with JSON numbers and booleans are taken.
        for _, path, good, field, _ in cases[:4]:
            with self.subTest(good=path, field=field):
                r = doc.post(path, good)
                self.assertIn(r.status, (200, 201), r.raw)

    def test_query_strings_stay_text(self):
        # A GET's query string has no types: ids and numbers come as text.
        admin = self.client("admin@example.org")
        got = self.expect(admin.get(f"{D}/audit?limit=2&patient_id={self.pa}"), 200)
        self.assertLessEqual(len(got), 2)

    def test_no_modality_is_refused(self):
        doc = self.client("doc@example.org")
        url = f"{D}/episodes/{self.ea}/sessions"
        before = self.snapshot()
        for modality in ([], "", ",", None):
            with self.subTest(modality=modality):
                body = {"date": "2026-03-03", "flags": "none"}
                if modality is not None:
                    body["modality"] = modality
                err = self.expect(doc.post(url, body), 422, "invalid", "modality")
                self.assertIn("modality is required", err["error"]["message"])
        self.assertEqual(before, self.snapshot())


if __name__ == "__main__":
    apitest.main()
