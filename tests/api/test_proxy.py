"""Behind a reverse proxy (`serve --trusted-proxy ADDR[/BITS]`): the
X-Forwarded-For and Forwarded headers are believed only from a trusted
peer, read from the right, so the audit's origin, the session's origin
and the login throttle follow the real client; from any other peer they
are ignored.  The test client connects from 127.0.0.1."""
import select
import socket
import subprocess
import time

import apitest

D = "/api/v1"


class ProxyTest(apitest.ApiTest):
    def attempt(self, email, password, **headers):
        c = apitest.Client(self.server.port)
        return c.post(f"{D}/session", {"email": email, "password": password},
                      headers=headers)

    def origin_of(self, **headers):
        """The audit's origin of a refused patient read (audited, and
        cheaper than a login)."""
        c = apitest.Client(self.server.port)
        self.expect(c.get(f"{D}/patients/{self.pa}/diary", headers=headers), 401)
        return self.sql("SELECT origin FROM audit_log ORDER BY audit_id DESC")[0][0]


def hold(port, n, headers=""):
    """n connections, each with a request whose body never comes: in
    flight until closed."""
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(("POST /api/v1/session HTTP/1.1\r\nHost: x\r\n" + headers +
                   "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n").encode())
        socks.append(s)
    return socks


def is_open(s):
    """Whether the server has not closed s (nothing is ever sent back
    to a request still waiting for its body)."""
    if not select.select([s], [], [], 0)[0]:
        return True
    try:
        return s.recv(1) != b""
    except OSError:
        return False


class TrustedProxy(ProxyTest):
    # A long throttle unit: the waits cannot run out during the test.
    server_args = ("--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8",
                   "--login-delay-unit", "30000")

    def test_audit_origin_is_the_real_client(self):
        cases = [
            ({"X-Forwarded-For": "203.0.113.5"}, "203.0.113.5"),
            # What the client wrote itself (left) is not believed.
            ({"X-Forwarded-For": "192.0.2.1, 203.0.113.6"}, "203.0.113.6"),
            # Trusted hops are skipped; repeated headers are one list.
            ({"X-Forwarded-For": "203.0.113.7, 10.1.2.3"}, "203.0.113.7"),
            # Forwarded (RFC 7239), IPv6 with a port.
            ({"Forwarded": 'for="[2001:db8::7]:4711";proto=https, for=10.0.0.9'},
             "2001:db8::7"),
            # An entry that is not an address: the nearest trusted hop.
            ({"X-Forwarded-For": "nonsense"}, "127.0.0.1"),
            ({}, "127.0.0.1"),
        ]
        for headers, origin in cases:
            with self.subTest(headers=headers):
                self.assertEqual(self.origin_of(**headers), origin)
        # A sign-in: its audit row and its session carry the client.
        h = {"X-Forwarded-For": "203.0.113.8"}
        self.expect(self.attempt("doc@example.org", apitest.PASSWORD, **h), 200)
        self.assertEqual(self.audit(action="auth.login")[-1][4], "203.0.113.8")
        sessions = {r[0] for r in self.sql("SELECT origin FROM auth_sessions")}
        self.assertIn("203.0.113.8", sessions)

    def test_throttle_follows_the_real_client(self):
        h = {"X-Forwarded-For": "198.51.100.20"}
        # Four failures for one account from one real client (three are
        # free) ...
        for _ in range(4):
            self.expect(self.attempt("bob@example.org", "wrong password", **h), 401)
        # ... slow that client down, and only that client, although every
        # request came from the same proxy.
        r = self.attempt("bob@example.org", apitest.PASSWORD, **h)
        self.expect(r, 429, "rate-limited")
        self.assertGreater(int(r.header("Retry-After")), 0)
        self.expect(self.attempt("bob@example.org", apitest.PASSWORD,
                                 **{"X-Forwarded-For": "198.51.100.21"}), 200)


    def test_per_client_cap_counts_the_real_client(self):
        # 140 requests in flight from one real client through the proxy:
        # the server answers the 12 past the cap at once, with 503, and
        # holds the other 128 (their bodies never come).
        socks = hold(self.server.port, 140, "X-Forwarded-For: 203.0.113.99\r\n")
        answered = []
        try:
            deadline = time.monotonic() + 20
            waiting = list(socks)
            while len(answered) < 12 and time.monotonic() < deadline:
                ready, _, _ = select.select(waiting, [], [], 0.5)
                for s in ready:
                    answered.append(s.recv(4096))
                    waiting.remove(s)
            # No more than those 12.
            ready, _, _ = select.select(waiting, [], [], 0.5)
            answered += [s.recv(4096) for s in ready]
            self.assertEqual(len(answered), 12, answered)
            for data in answered:
                self.assertTrue(data.startswith(b"HTTP/1.1 503"), data)
                self.assertIn(b"too many requests from your address", data)
            # Another client behind the same proxy is served.
            c = apitest.Client(self.server.port)
            self.expect(c.get(f"{D}/session", headers={"X-Forwarded-For": "203.0.113.98"}), 401)
        finally:
            for s in socks:
                s.close()
        # Closed: the client is served again.
        deadline = time.monotonic() + 30
        while True:
            r = c.get(f"{D}/session", headers={"X-Forwarded-For": "203.0.113.99"})
            if r.status == 401 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.expect(r, 401)


class UntrustedProxy(ProxyTest):
    # The peer (127.0.0.1) is not in the trusted range.
    server_args = ("--trusted-proxy", "10.0.0.0/8", "--login-delay-unit", "30000")

    def test_headers_from_an_untrusted_peer_are_ignored(self):
        for headers in ({"X-Forwarded-For": "203.0.113.5"},
                        {"Forwarded": "for=203.0.113.5"}):
            with self.subTest(headers=headers):
                self.assertEqual(self.origin_of(**headers), "127.0.0.1")

    def test_throttle_cannot_be_dodged_with_a_header(self):
        for i in range(4):
            self.expect(self.attempt("bob@example.org", "wrong password",
                                     **{"X-Forwarded-For": f"198.51.100.{i}"}), 401)
        self.expect(self.attempt("bob@example.org", apitest.PASSWORD,
                                 **{"X-Forwarded-For": "198.51.100.99"}), 429, "rate-limited")

    def test_per_address_connection_cap(self):
        # With --trusted-proxy the cap is the server's own, not MHD's: a
        # peer that is not a proxy still gets 128 connections at most.
        # The server may still be counting an earlier test's connection
        # for a moment and close one of ours: those are replaced until
        # exactly 128 of ours are open and another is closed unanswered.
        socks = hold(self.server.port, 128)
        try:
            deadline = time.monotonic() + 60
            while True:
                with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
                    s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n\r\n")
                    try:
                        data = s.recv(100)
                    except ConnectionResetError:
                        data = b""
                alive = [s for s in socks if is_open(s)]
                for s in socks:
                    if s not in alive:
                        s.close()
                socks = alive + hold(self.server.port, 128 - len(alive))
                if (data == b"" and len(alive) == 128) or time.monotonic() > deadline:
                    break
                time.sleep(0.05)
            self.assertEqual((data, len(alive)), (b"", 128))
        finally:
            for s in socks:
                s.close()
        # Closed: served again.
        deadline = time.monotonic() + 30
        while True:
            try:
                r = apitest.Client(self.server.port).get(f"{D}/session")
                if r.status == 401:
                    break
            except (ConnectionError, OSError):
                pass
            self.assertLess(time.monotonic(), deadline, "never served again")
            time.sleep(0.05)

    def test_bad_ranges_are_refused(self):
        for bad in ("10.0.0.0/33", "fd00::/129", "proxy.example", "10.0.0.1:80"):
            with self.subTest(range=bad):
                p = subprocess.run([apitest.BACKREST, "--db", self.db, "serve",
                                    "--listen", "127.0.0.1:0", "--trusted-proxy", bad],
                                   capture_output=True, text=True, env=self.env, timeout=30)
                self.assertEqual(p.returncode, 2, p.stderr)
                self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
                self.assertIn("--trusted-proxy", p.stderr)
                self.assertIn(bad, p.stderr)
        # IPv6 ranges are fine.
        s = apitest.Server(self.db, self.env, "--trusted-proxy", "fd00::/8",
                           "--trusted-proxy", "::1")
        s.stop()


if __name__ == "__main__":
    apitest.main()
