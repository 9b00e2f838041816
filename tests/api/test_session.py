"""Sessions: CSRF protection, idle and absolute expiry (throttling:
test_throttle.py)."""
import time

import apitest

D = "/api/v1"


class Csrf(apitest.ApiTest):
    def test_every_state_change_needs_the_token(self):
        c = self.client("doc@example.org")
        before = self.snapshot()
        writes = [
            ("POST", f"{D}/patients", {"name": "Eve E"}),
            ("POST", f"{D}/patients/{self.pa}/diary", {"date": "2026-03-01", "pain": 2}),
            ("POST", f"{D}/patients/{self.pa}/episodes", {"onset": "2026-02-01"}),
            ("POST", f"{D}/episodes/{self.ea}/sessions", {"date": "2026-03-01", "modality": ["acupuncture"]}),
            ("POST", f"{D}/episodes/{self.ea}/close", {}),
            ("DELETE", f"{D}/session", None),
        ]
        for method, path, body in writes:
            with self.subTest(route=f"{method} {path}"):
                self.expect(c.request(method, path, body=body, csrf=False), 403, "csrf")
                self.expect(c.request(method, path, body=body, csrf=False,
                                      headers={"X-CSRF-Token": "0" * 64}), 403, "csrf")
                self.expect(c.request(method, path, body=body, csrf=False,
                                      headers={"X-CSRF-Token": c.csrf[:-1]}), 403, "csrf")
        self.assertEqual(before, self.snapshot())
        # Still signed in: the refused logout did nothing.
        self.expect(c.get(f"{D}/session"), 200)

    def test_token_is_bound_to_its_session(self):
        a = self.client("doc@example.org")
        b = self.client("doc@example.org")
        self.assertNotEqual(a.csrf, b.csrf)
        r = a.request("POST", f"{D}/patients/{self.pa}/diary", body={"date": "2026-03-01", "pain": 2},
                      csrf=False, headers={"X-CSRF-Token": b.csrf})
        self.expect(r, 403, "csrf")
        self.expect(a.post(f"{D}/patients/{self.pa}/diary", {"date": "2026-03-01", "pain": 2}), 200)

    def test_secure_cookie_flag(self):
        # The default server is plain HTTP on loopback: no Secure flag.
        r = apitest.Client(self.server.port).login("doc@example.org")
        self.assertNotIn("Secure", r.header("Set-Cookie"))


class SecureCookies(apitest.ApiTest):
    server_args = ("--secure-cookies",)

    def test_secure_host_cookie(self):
        c = apitest.Client(self.server.port)
        r = c.login("doc@example.org")
        self.expect(r, 200)
        self.assertRegex(r.header("Set-Cookie"),
                         r"^__Host-br_session=[0-9a-f]{64}; Path=/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$")
        self.assertIn("max-age", r.header("Strict-Transport-Security"))
        self.expect(c.get(f"{D}/session"), 200)


class Expiry(apitest.ApiTest):
    server_args = ("--session-idle", "2", "--session-max", "5")

    def test_idle_expiry(self):
        c = self.client("doc@example.org")
        self.expect(c.get(f"{D}/session"), 200)
        time.sleep(3.2)
        err = self.expect(c.get(f"{D}/session"), 401, "unauthenticated")
        self.assertIn("sign in again", err["error"]["message"])

    def test_absolute_expiry(self):
        start = time.time()
        c = self.client("alice@example.org")
        # The session began between start and now (a loaded machine may
        # take seconds to check a password).
        signed_in = time.time()
        # Active every 0.5 s, so never idle for 2 s: only the 5 s absolute
        # limit can end the session.
        while True:
            r = c.get(f"{D}/patients/{self.pa}/diary")
            if r.status != 200:
                break
            self.assertLess(time.time() - signed_in, 8, "the session never ended")
            time.sleep(0.5)
        self.expect(r, 401, "unauthenticated")
        self.assertGreaterEqual(time.time() - start, 3.9)


if __name__ == "__main__":
    apitest.main()
