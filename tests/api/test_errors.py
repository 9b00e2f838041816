"""Bad requests: each error status, the error document, and that a
refused request never changes stored data."""
import http.client

import apitest

D = "/api/v1"


class Errors(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def setUp(self):
        self.c = self.client("doc@example.org")
        self.before = self.snapshot()

    def unchanged(self):
        self.assertEqual(self.before, self.snapshot(), "a refused request changed stored data")

    def diary(self, **kw):
        return self.c.post(f"{D}/patients/{self.pa}/diary", **kw)

    def test_400_malformed_json(self):
        for raw in (b"{", b'{"date": "2026-03-01",}', b"\xff\xfe", b'{"a": "\\u0000"}', b"nul\x00l"):
            err = self.expect(self.diary(raw=raw), 400, "bad-request")
            self.assertIn("not valid JSON", err["error"]["message"])
        self.unchanged()

    def test_400_message_does_not_echo_the_body(self):
        err = self.expect(self.diary(raw=b'{"note": "private words" x}'), 400)
        self.assertNotIn("private", err["error"]["message"])

    def test_400_not_an_object(self):
        for raw in (b"[]", b"42", b'"text"', b"null"):
            self.expect(self.diary(raw=raw), 400, "bad-request")
        self.unchanged()

    def test_400_duplicate_keys(self):
        self.expect(self.diary(raw=b'{"date": "2026-03-01", "pain": 3, "pain": 9}'), 400, "bad-request")
        self.unchanged()

    def test_400_path_parameter_contradicted_by_body(self):
        self.expect(self.diary(body={"patient_id": self.pb, "date": "2026-03-01", "pain": 3}), 400,
                    "bad-request", "patient_id")
        # The same value is accepted.
        self.expect(self.diary(body={"patient_id": self.pa, "date": "2026-03-02", "pain": 3}), 200)

    def test_400_bad_query_strings(self):
        base = f"{D}/patients/{self.pa}/diary"
        for q in ("from=2026-01-01&from=2026-02-01", "from", "From=2026-01-01", "from=%zz", "from=%0a",
                  "patient_id=1"):
            self.expect(self.c.get(base + "?" + q), 400, "bad-request")
        self.expect(self.c.post(f"{D}/patients/{self.pa}/diary?x=1", {"date": "2026-03-01", "pain": 1}), 400)
        self.unchanged()

    def test_401_without_a_session(self):
        anon = apitest.Client(self.server.port)
        self.expect(anon.get(f"{D}/patients"), 401, "unauthenticated")
        anon.cookies["br_session"] = "0" * 64
        self.expect(anon.get(f"{D}/patients"), 401, "unauthenticated")
        anon.cookies["br_session"] = "not-hex"
        self.expect(anon.get(f"{D}/patients"), 401, "unauthenticated")

    def test_401_wrong_password(self):
        a = apitest.Client(self.server.port)
        e1 = self.expect(a.login("doc@example.org", "wrong password!"), 401, "unauthenticated")
        e2 = self.expect(a.login("nobody@example.org", "wrong password!"), 401, "unauthenticated")
        # The same sentence whether the account exists or not.
        self.assertEqual(e1["error"]["message"], e2["error"]["message"])
        self.assertNotIn("br_session", a.cookies)

    def test_403_role(self):
        self.expect(self.c.get(f"{D}/users"), 403, "forbidden")
        self.unchanged()

    def test_404_unknown_route_and_record(self):
        self.expect(self.c.get(f"{D}/nothing"), 404, "not-found")
        self.expect(self.c.get(f"{D}/patients/abc"), 404, "not-found")
        self.expect(self.c.get(f"{D}/patients/0123"), 404, "not-found")
        self.expect(self.c.get(f"{D}/patients/99999999999999999999"), 404, "not-found")
        self.expect(self.c.get(f"{D}/patients/{self.pa}/"), 404, "not-found")
        self.expect(self.c.get(f"{D}/patients/12345"), 404, "not-found", "patient_id")
        self.expect(self.c.get(f"{D}/episodes/12345/sessions"), 404, "not-found", "episode_id")

    def test_405_wrong_method(self):
        r = self.c.request("PUT", f"{D}/patients", body={})
        self.expect(r, 405, "method-not-allowed")
        self.assertEqual(r.header("Allow"), "GET, POST")

    def test_409_conflict(self):
        admin = self.client("admin@example.org")
        self.expect(admin.post(f"{D}/users", {"email": "alice@example.org", "role": "admin",
                                              "password": "another long passphrase"}), 409, "conflict", "email")

    def test_413_body_too_big(self):
        note = "x" * (70 * 1024)
        self.expect(self.diary(body={"date": "2026-03-01", "note": note}), 413, "too-big")
        self.unchanged()

    def test_413_chunked_body_too_big(self):
        con = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        chunks = (b"x" * 8192 for _ in range(10))
        con.request("POST", f"{D}/patients/{self.pa}/diary", body=chunks, encode_chunked=True,
                    headers={"Content-Type": "application/json", "X-CSRF-Token": self.c.csrf,
                             "Cookie": "br_session=" + self.c.cookies["br_session"]})
        r = con.getresponse()
        self.assertEqual(r.status, 413)
        con.close()
        self.unchanged()

    def test_413_query_too_long(self):
        self.expect(self.c.get(f"{D}/patients/{self.pa}/diary?from=" + "1" * 1100), 413, "too-big")
        self.expect(self.c.get(f"{D}/patients/{self.pa}/diary?" + "&".join(f"k{i}=1" for i in range(17))), 413)

    def test_415_not_json(self):
        self.expect(self.diary(raw=b"date=2026-03-01&pain=3", content_type="application/x-www-form-urlencoded"),
                    415, "unsupported-media-type")
        self.expect(self.diary(raw=b'{"date": "2026-03-01", "pain": 3}', content_type="text/plain"), 415)
        self.unchanged()

    def test_422_invalid_fields(self):
        cases = [
            ({"date": "2026-03-01", "pain": 11}, "pain"),
            ({"date": "2026-02-30", "pain": 1}, "date"),
            ({"date": "2026-03-11", "pain": 1}, "date"),  # after today
            ({"date": "2026-03-01", "pain": [1]}, "pain"),
            ({"date": "2026-03-01", "colour": "red"}, "colour"),
            ({"pain": 3}, "date"),
        ]
        for body, field in cases:
            self.expect(self.diary(body=body), 422, "invalid", field)
        self.expect(self.c.post(f"{D}/patients", {"name": ""}), 422, "invalid", "name")
        self.unchanged()


if __name__ == "__main__":
    apitest.main()
