"""Login throttling by growing, capped delays (docs/internals/AUTH.md):
a flood from one address is slowed to a trickle, an account attacked from
elsewhere still lets its owner in from their usual address at once, and a
user's own mistakes cost a bounded wait, never a lock-out.  The server
trusts the test client as a proxy, so X-Forwarded-For picks the client's
address, and runs the throttle with a 50 ms unit: the caps are 3 s for a
pair, 15 s for an address and 45 s for an account."""
import threading
import time

import apitest

D = "/api/v1"
UNIT = 0.05
PAIR_FREE, ADDRESS_FREE, ACCOUNT_FREE = 3, 10, 5
PAIR_CAP, ADDRESS_CAP = 60 * UNIT, 300 * UNIT


def allowed_within(seconds, free, cap):
    """Attempts a key lets through in `seconds` from its first: the free
    ones and one more each time its delay (1, 2, 4 ... units, at most
    cap) has passed; one more for an attempt that just made it."""
    n, t, d = free + 1, 0.0, UNIT
    while t + d <= seconds:
        t += d
        n += 1
        d = min(2 * d, cap)
    return n + 1


class Throttle(apitest.ApiTest):
    server_args = ("--trusted-proxy", "127.0.0.1", "--login-delay-unit",
                   str(int(UNIT * 1000)))

    def attempt(self, email, password, address):
        c = apitest.Client(self.server.port)
        return c.post(f"{D}/session", {"email": email, "password": password},
                      headers={"X-Forwarded-For": address})

    def test_flood_from_one_address_is_slowed_to_a_trickle(self):
        address = "198.51.100.1"
        checked = refused = 0
        start = time.monotonic()
        i = 0
        # At least 3 s, and until the free failures are used up and the
        # delays have refused plenty (a loaded machine checks passwords
        # slowly).
        while time.monotonic() - start < 3.0 or checked <= ADDRESS_FREE or refused < 30:
            self.assertLess(time.monotonic() - start, 240, (checked, refused))
            r = self.attempt(f"nobody{i}@example.org", "wrong password", address)
            i += 1
            if r.status == 429:
                refused += 1
                err = self.expect(r, 429, "rate-limited")
                self.assertIn("too many failed sign-ins", err["error"]["message"])
                self.assertTrue(1 <= int(r.header("Retry-After")) <= ADDRESS_CAP + 1)
            else:
                self.expect(r, 401, "unauthenticated")
                checked += 1
        elapsed = time.monotonic() - start
        # Every password checked is one guess: the free ones, then one per
        # delay, however fast the attacker sends.
        self.assertLessEqual(checked, allowed_within(elapsed, ADDRESS_FREE, ADDRESS_CAP))
        # The audit shows both.
        rows = dict(self.sql("SELECT outcome, count(*) FROM audit_log WHERE "
                             "action = 'auth.login' AND origin = ? GROUP BY outcome",
                             address))
        self.assertEqual(rows.get("denied"), checked)
        self.assertEqual(rows.get("throttled"), refused)
        # The store holds hashes, not the address or the emails.
        keys = " ".join(r[0] for r in self.sql("SELECT key FROM login_throttle"))
        self.assertNotIn("198.51.100", keys)
        self.assertNotIn("example.org", keys)

    def test_owner_gets_in_from_usual_address_while_attacked(self):
        owner, usual = "doc2@example.org", "203.0.113.10"
        self.expect(self.attempt(owner, apitest.PASSWORD, usual), 200)
        stop = threading.Event()
        seen = {}

        def attacker(k):
            # Many addresses, one account: only the account's own delay
            # can slow this down.
            n = 0
            while not stop.is_set():
                r = self.attempt(owner, "wrong password", f"198.51.{k}.{n % 250 + 1}")
                seen[r.status] = seen.get(r.status, 0) + 1
                n += 1

        threads = [threading.Thread(target=attacker, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        try:
            # The attack has driven the account's delay for unfamiliar
            # addresses to 8 units and more ...
            deadline = time.monotonic() + 120
            while seen.get(401, 0) < ACCOUNT_FREE + 8:
                self.assertLess(time.monotonic(), deadline, seen)
                time.sleep(0.1)
            # ... but the owner at the usual address gets in at once, even
            # after two typos of their own.
            start = time.monotonic()
            self.expect(self.attempt(owner, "wrong password", usual), 401)
            self.expect(self.attempt(owner, "wrong password", usual), 401)
            self.expect(self.attempt(owner, apitest.PASSWORD, usual), 200)
            owner_took = time.monotonic() - start
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertLess(owner_took, 30)
        self.assertGreater(seen.get(429, 0), 0, seen)
        self.assertNotIn(200, seen)
        # From an address the account never signed in from, even the right
        # password waits: the owner's success did not reset the delay.
        r = self.attempt(owner, apitest.PASSWORD, "192.0.2.250")
        self.expect(r, 429, "rate-limited")
        self.assertGreaterEqual(int(r.header("Retry-After")), 1)

    def test_own_mistakes_cost_a_bounded_wait(self):
        user, address = "alice@example.org", "203.0.113.20"
        self.expect(self.attempt(user, apitest.PASSWORD, address), 200)
        # Six typos (three are free): the pair waits 1, 2, 4 units after
        # them (on a loaded machine a check may take longer than that).
        statuses = [self.attempt(user, "wrong password", address).status
                    for _ in range(6)]
        self.assertTrue(set(statuses) <= {401, 429}, statuses)
        self.assertNotIn(200, statuses)
        # The right password: refused while the pair waits, never for
        # longer than the pair's cap.
        start = time.monotonic()
        retry = []
        while True:
            r = self.attempt(user, apitest.PASSWORD, address)
            if r.status == 200:
                break
            self.expect(r, 429, "rate-limited")
            retry.append(int(r.header("Retry-After")))
            self.assertLess(time.monotonic() - start, PAIR_CAP + 30, "locked out")
            time.sleep(UNIT)
        self.assertTrue(all(1 <= s <= PAIR_CAP + 1 for s in retry), retry)
        # Another account at the same address was never slowed down (the
        # failures were the pair's, at a familiar address).
        self.expect(self.attempt("bob@example.org", apitest.PASSWORD, address), 200)

    def test_parallel_guesses_do_not_overshoot(self):
        # Another server on the same store, with a 60 s unit: no delay
        # runs out during the burst.
        server = apitest.Server(self.db, self.env, "--trusted-proxy", "127.0.0.1",
                                "--login-delay-unit", "60000", "--threads", "4")
        results = []
        lock = threading.Lock()
        barrier = threading.Barrier(12)

        def guess():
            c = apitest.Client(server.port)
            barrier.wait()
            r = c.post(f"{D}/session", {"email": "bob@example.org", "password": "wrong password"},
                       headers={"X-Forwarded-For": "198.51.100.50"})
            with lock:
                results.append(r.status)

        try:
            threads = [threading.Thread(target=guess) for _ in range(12)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            server.stop()
        # Each attempt is counted before its password is checked: the pair
        # lets through its 3 free failures and one more, not 12.
        self.assertEqual(results.count(401), PAIR_FREE + 1, results)
        self.assertEqual(results.count(429), 12 - PAIR_FREE - 1, results)


if __name__ == "__main__":
    apitest.main()
