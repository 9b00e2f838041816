"""The served API description against the code: for every operation the
generated /api/v1/openapi.json lists, each field it documents for the
body or the query string is sent (with a valid value derived from its
schema) and must not be refused as unknown, and one field it does not
document must be refused, naming that field.  A disagreement in either
direction fails, so the document and the route table's field tables can
not drift apart from what the use cases take.

Real fixtures (clinic, practitioner, patient, episode, session, herbal
prescription, visit, calendar feeds, a point template, a spare account) are made once for
the class; runs on both backends like every API test.
"""
import json
import re
import unittest

import apitest

D = "/api/v1"
UNLISTED = "zz_not_documented"
UNKNOWN = re.compile(r"not a known field|unknown field|is not a field")


def example(schema):
    """A valid value for schema: the low end of a range, the first value
    of a vocabulary, a date before the fixture's today ..."""
    t = schema.get("type")
    if isinstance(t, list):  # a correction's ["integer", "null"]
        return example(dict(schema, type=t[0]))
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("x-codes"):
        return schema["x-codes"][0]
    if t == "integer":
        return schema.get("minimum", 1)
    if t == "number":
        return schema.get("minimum", 1)
    if t == "boolean":
        return True
    if t == "array":
        items = schema.get("items", {})
        if schema.get("x-codes"):
            return [schema["x-codes"][0]]
        if items.get("type") == "object":
            return [example(items)]
        return [example(items)] if items else []
    if t == "object":
        return {k: example(v) for k, v in schema.get("properties", {}).items()
                if k in schema.get("required", [])}
    if schema.get("format") == "date":
        return "2026-03-01"
    if "pattern" in schema and ":" in schema["pattern"]:
        return "22:30"
    return "x" * max(1, schema.get("minLength", 1))


def as_query(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def disagreement(where, r, key, listed):
    """Why response r to a request with field key disagrees with the
    document (listed: the document lists key), or None."""
    err = r.json.get("error", {}) if isinstance(r.json, dict) else {}
    unknown = (r.status in (400, 422) and err.get("field") == key
               and UNKNOWN.search(err.get("message", "")) is not None)
    # Signing in with a made-up account is a 401 after the input check;
    # anywhere else 401, 403 or 405 means the request never reached it.
    refused = (403, 405) if where == f"POST {D}/session" else (401, 403, 405)
    if r.status in refused:
        return (f"{where}: the fixture did not reach the input check: "
                f"{r.status} {r.raw[:200]!r}")
    if listed and unknown:
        return f"{where}: documented field {key!r} refused as unknown: {err}"
    if not listed and not unknown:
        return (f"{where}: undocumented field {key!r} not refused as "
                f"unknown: {r.status} {r.raw[:200]!r}")
    return None


class TheCheckCanFail(unittest.TestCase):
    """The comparison itself, on made-up answers: it fails both ways."""

    def answer(self, status, body):
        return apitest.Response(status, [], json.dumps(body).encode())

    def test_disagreements_are_found(self):
        unknown = self.answer(422, {"error": {
            "code": "invalid", "field": "x",
            "message": "'x' is not a known field here"}})
        taken = self.answer(200, {"id": 1})
        invalid = self.answer(422, {"error": {
            "code": "invalid", "field": "x", "message": "x must be 1 to 9"}})
        self.assertIsNotNone(disagreement("POST /a", unknown, "x", True))
        self.assertIsNotNone(disagreement("POST /a", taken, "x", False))
        self.assertIsNotNone(disagreement("POST /a", invalid, "x", False))
        self.assertIsNotNone(disagreement("POST /a", self.answer(
            403, {"error": {"code": "forbidden"}}), "x", True))
        self.assertIsNone(disagreement("POST /a", unknown, "x", False))
        self.assertIsNone(disagreement("POST /a", taken, "x", True))
        self.assertIsNone(disagreement("POST /a", invalid, "x", True))


class OpenApiAgreesWithCode(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.docc = apitest.Client(cls.server.port)
        cls.docc.login("doc@example.org")
        cls.adminc = apitest.Client(cls.server.port)
        cls.adminc.login("admin@example.org")
        cls.alicec = apitest.Client(cls.server.port)
        cls.alicec.login("alice@example.org")
        ep = f"{D}/episodes/{cls.ea}"
        cls.session = cls.made(cls.docc.post(ep + "/sessions", {
            "date": "2026-03-01", "modality": ["acupuncture"]}))
        cls.rx = cls.made(cls.docc.post(ep + "/herbal", {
            "pinyin": "Du Huo Ji Sheng Tang", "form": "decoction",
            "dose": "1 bag twice a day"}))
        cls.visit = cls.made(cls.docc.post(ep + "/visits", {
            "at": "2026-03-20T10:00"}))
        cls.own_feed = cls.made(cls.docc.post(D + "/calendar-feeds", {}))
        cls.patient_feed = cls.made(cls.docc.post(
            f"{D}/patients/{cls.pa}/calendar-feeds", {}))
        cls.spare = cls.made(cls.adminc.post(D + "/users", {
            "email": "spare@example.org", "role": "practitioner",
            "clinic_id": cls.clinic1, "password": "a spare long password"}))
        cls.template = cls.made(cls.docc.post(D + "/point-templates", {
            "name": "fixture", "points": ["BL23"]}))
        r = apitest.Client(cls.server.port).get(D + "/openapi.json")
        assert r.status == 200, r.raw
        cls.spec = r.json

    @staticmethod
    def made(r):
        assert r.status in (200, 201), r.raw
        return r.json["id"] if "id" in r.json else r.json

    def path_for(self, pattern):
        ids = {"patient_id": self.pa, "episode_id": self.ea,
               "session_id": self.session, "prescription_id": self.rx,
               "visit_id": self.visit, "user_id": self.spare,
               "invitation_id": self.spare, "token": "A" * 43,
               "date": "2026-03-01",
               "clinic_id": self.clinic1,
               "template_id": self.template,
               # Corrections of kinds without a fixture here: the input
               # check comes first, then the record answers as missing.
               "measure_id": 9000001, "screening_id": 9000002,
               "item_id": 9000003, "exercise_log_id": 9000004,
               "pacing_log_id": 9000005, "assessment_id": 9000006,
               "feed_id": (self.patient_feed
                           if "/patients/" in pattern else self.own_feed)}
        return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]),
                      pattern)

    def client_for(self, op, method, pattern):
        roles = op.get("x-roles", [])
        if pattern == D + "/session" and method == "delete":
            c = apitest.Client(self.server.port)  # signs itself out
            c.login("doc@example.org")
            return c
        if not roles:
            return apitest.Client(self.server.port)
        if "practitioner" in roles:
            return self.docc
        if "admin" in roles:
            return self.adminc
        return self.alicec

    def send(self, c, method, path, fields, in_query):
        if in_query:
            qs = "&".join(f"{k}={as_query(v)}" for k, v in fields.items())
            return c.request(method.upper(), path + ("?" + qs if qs else ""))
        return c.request(method.upper(), path, body=fields)

    def check(self, where, r, key, listed):
        problem = disagreement(where, r, key, listed)
        if problem:
            self.fail(problem)

    def test_every_documented_field_is_taken_and_no_other(self):
        checked = 0
        for pattern, item in self.spec["paths"].items():
            for method, op in item.items():
                where = f"{method.upper()} {pattern}"
                with self.subTest(where):
                    get = method == "get"
                    # An upload takes its fields in the query string and
                    # the file as the body.
                    upload = "application/octet-stream" in (
                        op.get("requestBody", {}).get("content", {}))
                    if get or upload:
                        params = [p for p in op.get("parameters", [])
                                  if p.get("in") == "query"]
                        props = {p["name"]: p["schema"] for p in params}
                        required = [p["name"] for p in params
                                    if p.get("required")]
                    else:
                        body = (op.get("requestBody", {}).get("content", {})
                                .get("application/json", {})
                                .get("schema", {"properties": {}}))
                        self.assertIs(body.get("additionalProperties"),
                                      False, where)
                        props = body.get("properties", {})
                        required = body.get("required", [])
                    base = {k: example(props[k]) for k in required}
                    path = self.path_for(pattern)
                    for key, schema in props.items():
                        fields = dict(base)
                        fields[key] = example(schema)
                        c = self.client_for(op, method, pattern)
                        self.check(where, self.send(c, method, path, fields,
                                                    get or upload), key, True)
                        checked += 1
                    fields = dict(base)
                    fields[UNLISTED] = 1
                    c = self.client_for(op, method, pattern)
                    self.check(where, self.send(c, method, path, fields,
                                                get or upload),
                               UNLISTED, False)
                    checked += 1
        self.assertGreater(checked, 200)

    def test_the_document_describes_types_ranges_and_errors(self):
        post = self.spec["paths"][D + "/patients/{patient_id}/diary"]["post"]
        body = post["requestBody"]["content"]["application/json"]["schema"]
        # The use case takes the bedtime routine the diary page sends.
        self.assertIn("routine", body["properties"])
        self.assertEqual(body["properties"]["pain"]["minimum"], 0)
        self.assertEqual(body["properties"]["pain"]["maximum"], 10)
        self.assertIn("date", body["required"])
        self.assertEqual(post["responses"]["422"]["$ref"],
                         "#/components/responses/422")
        error = self.spec["components"]["schemas"]["Error"]
        self.assertEqual(error["properties"]["error"]["required"],
                         ["code", "message", "field"])
        scheme = self.spec["components"]["securitySchemes"]["session"]
        self.assertEqual((scheme["type"], scheme["in"]), ("apiKey", "cookie"))
        csrf = self.spec["components"]["parameters"]["csrf"]
        self.assertEqual(csrf["name"], "X-CSRF-Token")
        # Path parameters: an id, a day, a one-time link's token.
        def path_schema(pattern, method, name):
            op = self.spec["paths"][D + pattern][method]
            return next(p["schema"] for p in op["parameters"]
                        if p["in"] == "path" and p["name"] == name)
        self.assertEqual(
            path_schema("/patients/{patient_id}/diary/{date}", "get", "date"),
            {"type": "string", "format": "date"})
        self.assertEqual(
            path_schema("/patients/{patient_id}/diary/{date}", "get",
                        "patient_id")["type"], "integer")
        self.assertEqual(
            path_schema("/invitations/{token}", "get", "token"),
            {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"})


if __name__ == "__main__":
    unittest.main()
