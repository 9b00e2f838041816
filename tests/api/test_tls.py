"""HTTPS in the binary (`serve --tls-cert --tls-key`): TLS 1.2 and 1.3
only, with AEAD ciphers, checked with `openssl s_client` against a
throwaway self-signed certificate; HSTS and a Secure `__Host-` cookie;
a private key other users may read is refused.  Plain HTTP: loopback
only unless --insecure-http, said on start; a database file open to
other users gets a warning on every start."""
import http.client
import os
import socket
import ssl
import subprocess
import tempfile
import unittest

import apitest

D = "/api/v1"


def make_cert(directory):
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2",
                    "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    os.chmod(key, 0o600)
    return cert, key


def serve(db, env, *args, timeout=20):
    """Runs `serve` expected to refuse to start: (exit status, stderr)."""
    p = subprocess.run([apitest.BACKREST, "--db", db, "serve", *args],
                       capture_output=True, text=True, env=env,
                       timeout=timeout)
    return p.returncode, p.stderr


class Tls(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        cls.certdir = tempfile.mkdtemp(prefix="br-tls-")
        cls.cert, cls.key = make_cert(cls.certdir)
        cls.server_args = ("--tls-cert", cls.cert, "--tls-key", cls.key)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            subprocess.run(["rm", "-rf", cls.certdir])

    def https(self, method, path, body=None, headers=None):
        ctx = ssl.create_default_context(cafile=self.cert)
        con = http.client.HTTPSConnection("127.0.0.1", self.server.port,
                                          context=ctx, timeout=30)
        try:
            con.request(method, path, body=body, headers=headers or {})
            r = con.getresponse()
            return apitest.Response(r.status, r.getheaders(), r.read())
        finally:
            con.close()

    def s_client(self, *args):
        p = subprocess.run(["openssl", "s_client", "-connect",
                            f"127.0.0.1:{self.server.port}", "-CAfile",
                            self.cert, *args],
                           input="", capture_output=True, text=True,
                           timeout=30)
        return p.returncode, p.stdout + p.stderr

    def test_tls_versions(self):
        for version, proto in (("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")):
            with self.subTest(version=version):
                rc, out = self.s_client(version)
                self.assertEqual(rc, 0, out)
                self.assertRegex(out, rf"New, {proto}, Cipher is \S+")
                self.assertIn("Verify return code: 0 (ok)", out)
        # The client is told it may use the old versions (security level
        # 0), so a failed handshake is the server's refusal.
        for version in ("-tls1", "-tls1_1"):
            with self.subTest(version=version):
                rc, out = self.s_client(version, "-cipher", "DEFAULT:@SECLEVEL=0")
                self.assertNotEqual(rc, 0, out)
                self.assertIn("Cipher is (NONE)", out)

    def test_only_aead_ciphers(self):
        rc, out = self.s_client("-tls1_2")
        self.assertRegex(out, r"Cipher is ECDHE-ECDSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)")
        # CBC with SHA-1 MACs, offered alone, is refused.
        rc, out = self.s_client("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0")
        self.assertNotEqual(rc, 0, out)
        self.assertIn("Cipher is (NONE)", out)

    def test_hsts_and_secure_host_cookie(self):
        r = self.https("POST", f"{D}/session",
                       body=b'{"email": "doc@example.org", "password": "' +
                       apitest.PASSWORD.encode() + b'"}',
                       headers={"Content-Type": "application/json"})
        self.expect(r, 200)
        self.assertRegex(r.header("Set-Cookie"),
                         r"^__Host-br_session=[0-9a-f]{64}; Path=/; Max-Age=\d+; "
                         r"HttpOnly; SameSite=Strict; Secure$")
        self.assertRegex(r.header("Strict-Transport-Security"), r"^max-age=\d{7,}")
        cookie = r.header("Set-Cookie").split(";", 1)[0]
        self.expect(self.https("GET", f"{D}/session", headers={"Cookie": cookie}), 200)
        # Every response: an error, and a page of the web app.
        for path in (f"{D}/session", "/"):
            with self.subTest(path=path):
                self.assertRegex(self.https("GET", path).header(
                    "Strict-Transport-Security"), r"^max-age=\d{7,}")
        # The plain cookie name is not accepted on HTTPS.
        self.expect(self.https("GET", f"{D}/session", headers={
            "Cookie": "br_session=" + cookie.split("=", 1)[1]}), 401)

    def test_plain_http_to_the_https_port_gets_nothing(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"GET /api/v1/session HTTP/1.1\r\nHost: x\r\n\r\n")
            data = s.recv(4096)
        self.assertFalse(data.startswith(b"HTTP/1.1 401"), data)

    def test_key_readable_by_others_is_refused(self):
        key = os.path.join(self.certdir, "open-key.pem")
        with open(self.key, "rb") as f, open(key, "wb") as g:
            g.write(f.read())
        for mode in (0o644, 0o640, 0o604):
            with self.subTest(mode=oct(mode)):
                os.chmod(key, mode)
                rc, err = serve(self.db, self.env, "--listen", "127.0.0.1:0",
                                "--tls-cert", self.cert, "--tls-key", key)
                self.assertEqual(rc, 2, err)
                lines = err.strip().splitlines()
                self.assertEqual(len(lines), 1, err)
                self.assertIn(f"--tls-key {key}", lines[0])
                self.assertIn(f"chmod 600 {key}", lines[0])
        # Half a pair, or a certificate that is not PEM, is refused too.
        rc, err = serve(self.db, self.env, "--listen", "127.0.0.1:0",
                        "--tls-cert", self.cert)
        self.assertEqual(rc, 2, err)
        self.assertIn("--tls-cert and --tls-key go together", err)
        os.chmod(key, 0o600)
        notpem = os.path.join(self.certdir, "not-a-cert.txt")
        with open(notpem, "w") as f:
            f.write("not a certificate\n")
        rc, err = serve(self.db, self.env, "--listen", "127.0.0.1:0",
                        "--tls-cert", notpem, "--tls-key", key)
        self.assertEqual(rc, 2, err)
        self.assertIn("--tls-cert", err)


    # Plain HTTP, on the same fixture.
    def test_loopback_only_unless_insecure_http(self):
        rc, err = serve(self.db, self.env, "--listen", "0.0.0.0:0")
        self.assertEqual(rc, 2, err)
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("plain HTTP is served on a loopback address only", err)
        self.assertIn("--insecure-http", err)
        # Started (the harness read its "listening on" line) and warned.
        s = apitest.Server(self.db, self.env, "--insecure-http")
        s.stop()
        self.assertIn("warning: plain HTTP on 127.0.0.1", s.stderr)
        s = apitest.Server(self.db, self.env)
        s.stop()
        said = [ln for ln in s.stderr.splitlines() if "plain HTTP" in ln]
        self.assertEqual(len(said), 1, s.stderr)
        self.assertIn("loopback", said[0])

    def test_non_loopback_with_insecure_http(self):
        p = subprocess.Popen([apitest.BACKREST, "--db", self.db, "serve",
                              "--listen", "0.0.0.0:0", "--insecure-http"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=self.env)
        try:
            line = p.stdout.readline()
            self.assertTrue(line.startswith("listening on http://0.0.0.0:"), line)
            port = int(line.strip().rsplit(":", 1)[1])
            c = apitest.Client(port)
            self.expect(c.get(f"{D}/session"), 401)
        finally:
            p.terminate()
            _, err = p.communicate(timeout=30)
        self.assertIn("warning: plain HTTP on 0.0.0.0 (--insecure-http)", err)

    @unittest.skipIf(apitest.testdb.PG, "a file database only")
    def test_database_open_to_others_is_warned_about(self):
        os.chmod(self.db, 0o644)
        s = apitest.Server(self.db, self.env)
        s.stop()
        warn = [ln for ln in s.stderr.splitlines() if "can be read by other users" in ln]
        self.assertEqual(len(warn), 1, s.stderr)
        self.assertIn(self.db, warn[0])
        self.assertIn(f"chmod 600 {self.db}", warn[0])
        os.chmod(self.db, 0o600)
        s = apitest.Server(self.db, self.env)
        s.stop()
        self.assertNotIn("can be read by other users", s.stderr)


if __name__ == "__main__":
    apitest.main()
