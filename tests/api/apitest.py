"""Shared harness for the API tests (tests/api/test_*.py).

Each test class gets a temporary database with two clinics, patients and
one account of every kind, and starts the real binary ($BACKREST, set by
CTest) with `serve --listen 127.0.0.1:0` on it; the port is read from the
"listening on" line.  Clients talk HTTP with http.client and keep their own
cookie and CSRF token, like a browser tab.
"""
import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "pg"))
import testdb  # noqa: E402

BACKREST = os.environ.get("BACKREST", "build/backrest")
TODAY = "2026-03-10"
PASSWORD = "correct horse battery"


class Server:
    def __init__(self, db, env, *args):
        argv = [BACKREST, "--db", db, "serve", "--listen", "127.0.0.1:0"]
        self.proc = subprocess.Popen(argv + list(args), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline()
        if not line.startswith(("listening on http://", "listening on https://")):
            self.proc.kill()
            raise RuntimeError("server did not start: " + line + self.proc.stderr.read())
        self.port = int(line.strip().rsplit(":", 1)[1])
        # stderr is read as it comes, so a chatty server never blocks on a
        # full pipe, and kept for the check at stop().
        self._err = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self):
        for chunk in self.proc.stderr:
            self._err.append(chunk)

    def stop(self):
        """Stops the server; raises when it did not exit cleanly or a
        sanitizer (ASan, LeakSanitizer, UBSan) reported anything."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self._reader.join(timeout=30)
        self.proc.stderr.close()
        self.stderr = "".join(self._err)
        markers = ("AddressSanitizer", "LeakSanitizer", "runtime error:")
        bad = [m for m in markers if m in self.stderr]
        if self.proc.returncode != 0 or bad:
            raise AssertionError(
                f"the server exited with {self.proc.returncode}"
                f" ({', '.join(bad) or 'no sanitizer report'}):\n"
                + self.stderr[-4000:])


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def error(self):
        return (self.json or {}).get("error", {})


class Client:
    """One browser: a cookie jar of one cookie and the CSRF token."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.csrf = None

    def request(self, method, path, body=None, raw=None, headers=None,
                csrf=True, content_type="application/json"):
        h = {}
        if body is not None:
            raw = json.dumps(body).encode()
        if raw is not None and content_type:
            h["Content-Type"] = content_type
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if csrf and self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            con.request(method, path, body=raw, headers=h)
            r = con.getresponse()
            resp = Response(r.status, r.getheaders(), r.read())
        finally:
            con.close()
        for k, v in resp.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in v:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def login(self, email, password=PASSWORD):
        r = self.post("/api/v1/session", {"email": email, "password": password})
        if r.status == 200:
            self.csrf = r.json["csrf_token"]
        return r


class ApiTest(unittest.TestCase):
    """Base class: the fixture is built once per class (password hashing
    is deliberately slow)."""
    maxDiff = None
    server_args = ()

    @classmethod
    def cli(cls, *args, stdin=None, check=True):
        argv = [BACKREST, "--db", cls.db] + [str(a) for a in args]
        p = subprocess.run(argv, input=stdin, capture_output=True, text=True,
                           env=cls.env, timeout=600)
        if check and p.returncode != 0:
            raise RuntimeError(f"{args}: {p.stderr}")
        return p

    @classmethod
    def cli_json(cls, *args, **kw):
        return json.loads(cls.cli(*args, "--json", **kw).stdout)

    @classmethod
    def add_user(cls, email, role, **kw):
        args = ["user", "add", "--email", email, "--role", role, "--password-stdin"]
        for k, v in kw.items():
            args += ["--" + k, v]
        return cls.cli_json(*args, stdin=PASSWORD + "\n")["id"]

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="br-api-")
        cls.db = testdb.new_db(cls.dir)
        cls.env = dict(os.environ)
        cls.env.pop("BACKREST_DB", None)
        cls.env["BACKREST_TODAY"] = TODAY
        cls.cli("init", "--clinic", "North")
        cls.clinic1 = cls.sql("SELECT clinic_id FROM clinics")[0][0]
        cls.pa = cls.cli_json("patient", "add", "--name", "Alice A", "--born", "1970-01-01")["id"]
        cls.pb = cls.cli_json("patient", "add", "--name", "Bob B")["id"]
        cls.ea = cls.cli_json("episode", "open", cls.pa, "--onset", "2026-01-05")["id"]
        cls.eb = cls.cli_json("episode", "open", cls.pb, "--onset", "2026-01-06")["id"]
        # A second clinic with its own patient, written directly: there is
        # no command for clinics yet.
        cls.clinic2 = cls.clinic1 + 1  # after clinic1: clinic1 stays the first
        cls.pc = cls.clinic1 + 2
        con = testdb.connect(cls.db)
        con.execute("INSERT INTO clinics VALUES (?, 'South', '2026-01-01T00:00:00Z')",
                    (cls.clinic2,))
        con.execute("INSERT INTO patients (patient_id, clinic_id, name, name_key, created_at) "
                    "VALUES (?, ?, 'Carol C', 'carol c', '2026-01-01T00:00:00Z')",
                    (cls.pc, cls.clinic2))
        con.commit()
        con.close()
        cls.ec = cls.cli_json("episode", "open", cls.pc, "--onset", "2026-01-07")["id"]
        cls.admin = cls.add_user("admin@example.org", "admin")
        cls.doc = cls.add_user("doc@example.org", "practitioner")
        cls.doc2 = cls.add_user("doc2@example.org", "practitioner", clinic=cls.clinic2)
        cls.alice = cls.add_user("alice@example.org", "patient", patient=cls.pa)
        cls.bob = cls.add_user("bob@example.org", "patient", patient=cls.pb)
        cls.server = Server(cls.db, cls.env, *cls.server_args)

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            testdb.drop_db(cls.db)
            shutil.rmtree(cls.dir, ignore_errors=True)

    @classmethod
    def sql(cls, query, *params):
        con = testdb.connect(cls.db)
        rows = con.execute(query, params).fetchall()
        con.close()
        return rows

    def client(self, email=None):
        c = Client(self.server.port)
        if email:
            r = c.login(email)
            self.assertEqual(r.status, 200, r.raw)
        return c

    def snapshot(self):
        """Digest of every table but the audit log and the session and
        login bookkeeping."""
        con = testdb.connect(self.db)
        h = hashlib.sha256()
        skip = {"audit_log", "auth_sessions", "login_throttle", "login_known"}
        for t in con.tables():
            if t in skip:
                continue
            for row in sorted(con.execute(f'SELECT * FROM "{t}"'), key=repr):
                h.update(repr((t, row)).encode())
        con.close()
        return h.hexdigest()

    def expect(self, resp, status, code=None, field=None):
        self.assertEqual(resp.status, status, resp.raw)
        if status >= 400:
            err = resp.error()
            self.assertEqual(set(err), {"code", "message", "field"}, resp.raw)
            self.assertTrue(err["message"])
            if code:
                self.assertEqual(err["code"], code, resp.raw)
            if field:
                self.assertEqual(err["field"], field, resp.raw)
        return resp.json

    def audit(self, **where):
        q = "SELECT actor, action, patient_id, outcome, origin FROM audit_log"
        if where:
            q += " WHERE " + " AND ".join(f"{k} = ?" for k in where)
        return self.sql(q + " ORDER BY audit_id", *where.values())


def main():
    unittest.main(verbosity=2)
