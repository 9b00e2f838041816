"""The optional libraries are loaded only by the commands that use them
(src/core/dl.h): libpq by the PostgreSQL backend, cairo and fontconfig by
a PDF report, libmicrohttpd by `backrest serve`.  The dynamic loader's own
account (LD_DEBUG=files) tells which shared objects a run mapped.

And when such a library cannot be loaded, the command fails with one
sentence naming it and its Debian package: the run's LD_LIBRARY_PATH puts
an empty file of the library's name first in the loader's search, so the
real dlopen() finds it and fails, as it does for a missing or broken
copy.

The binary runs without BR_WRAPPER here: under valgrind the loader would
be valgrind's, and what is checked is what the loader maps."""
import glob
import os
import re
import signal
import subprocess
import unittest

import brtest

PQ = "libpq.so.5"
CAIRO = "libcairo.so.2"
FONTCONFIG = "libfontconfig.so.1"
MHD = "libmicrohttpd.so.12"
OPTIONAL = {PQ, CAIRO, FONTCONFIG, MHD}

MAPPED = re.compile(r"\bfile=(\S+) \[\d+\];\s+generating link map")


class LibrariesTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.runs = 0

    def argv(self, args, db=True):
        return [brtest.BACKREST] + (["--db", self.db] if db else []) + \
            [str(a) for a in args]

    def traced_env(self):
        """The environment of a traced run, and the prefix of the files
        the loader writes its trace to (one per process)."""
        self.runs += 1
        prefix = os.path.join(self.dir, f"ld-{self.runs}")
        env = dict(self.env)
        env["LD_DEBUG"] = "files"
        env["LD_DEBUG_OUTPUT"] = prefix
        return env, prefix

    @staticmethod
    def mapped(prefix):
        """The optional libraries the traced run mapped."""
        names = set()
        for path in glob.glob(prefix + ".*"):
            with open(path, encoding="utf-8", errors="replace") as f:
                names.update(MAPPED.findall(f.read()))
        return names & OPTIONAL

    def loads(self, *args, db=True):
        """Runs the command (it must succeed); the optional libraries
        it mapped."""
        env, prefix = self.traced_env()
        p = subprocess.run(self.argv(args, db), capture_output=True,
                           text=True, env=env, timeout=600)
        self.assertEqual(p.returncode, 0, f"{args} failed: {p.stderr}")
        return self.mapped(prefix)

    def store_libs(self):
        """What opening the store under test maps."""
        return {PQ} if brtest.PG else set()

    def report_args(self):
        pid = self.patient("Lib Patient")
        eid = self.episode(pid, "2026-01-05")
        return ["report", eid, "--format", "pdf", "--out",
                os.path.join(self.dir, "r.pdf")]

    def serve(self, env):
        """Starts `backrest serve` on a free port and stops it again;
        (exit status, stderr, started)."""
        proc = subprocess.Popen(
            self.argv(["serve", "--listen", "127.0.0.1:0"]),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=env)
        line = proc.stdout.readline()
        started = line.startswith("listening on http://")
        if started:
            proc.send_signal(signal.SIGTERM)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        return proc.returncode, err, started

    def broken(self, *sonames):
        """An environment whose loader finds an empty file first for each
        soname."""
        d = os.path.join(self.dir, "broken")
        os.makedirs(d, exist_ok=True)
        for s in sonames:
            open(os.path.join(d, s), "wb").close()
        env = dict(self.env)
        env["LD_LIBRARY_PATH"] = d
        return env

    def assert_one_sentence(self, rc, err, soname, package):
        self.assertEqual(rc, 1, err)
        lines = [l for l in err.strip().splitlines() if l]
        self.assertEqual(len(lines), 1, f"not one sentence: {err!r}")
        self.assertIn(f"needs {soname}, which cannot be loaded", err)
        self.assertTrue(lines[0].endswith(
            f"; install the Debian package {package}"), err)

    # Laziness ----------------------------------------------------------

    def test_help_loads_none(self):
        self.assertEqual(self.loads("help", db=False), set())

    def test_store_command_loads_only_its_backend(self):
        self.patient("Lib Patient")
        self.assertEqual(self.loads("patient", "list", "--json"),
                         self.store_libs())

    def test_html_report_loads_no_cairo(self):
        args = self.report_args()
        args[3] = "html"
        self.assertEqual(self.loads(*args), self.store_libs())

    def test_pdf_report_loads_cairo_and_fontconfig(self):
        args = self.report_args()
        self.assertEqual(self.loads(*args),
                         self.store_libs() | {CAIRO, FONTCONFIG})
        with open(args[-1], "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")

    def test_serve_loads_microhttpd(self):
        env, prefix = self.traced_env()
        rc, err, started = self.serve(env)
        self.assertTrue(started, err)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.mapped(prefix), self.store_libs() | {MHD})

    # A library that cannot be loaded -----------------------------------

    def test_pdf_report_without_cairo(self):
        args = self.report_args()
        p = subprocess.run(self.argv(args), capture_output=True, text=True,
                           env=self.broken(CAIRO), timeout=600)
        self.assert_one_sentence(p.returncode, p.stderr, CAIRO, "libcairo2")
        self.assertIn("the PDF report needs", p.stderr)
        self.assertFalse(os.path.exists(args[-1]))

    def test_pdf_report_without_fontconfig(self):
        args = self.report_args()
        p = subprocess.run(self.argv(args), capture_output=True, text=True,
                           env=self.broken(FONTCONFIG), timeout=600)
        self.assert_one_sentence(p.returncode, p.stderr, FONTCONFIG,
                                 "libfontconfig1")

    def test_serve_without_microhttpd(self):
        rc, err, started = self.serve(self.broken(MHD))
        self.assertFalse(started)
        self.assert_one_sentence(rc, err, MHD, "libmicrohttpd12")
        self.assertIn("the web server needs", err)

    def test_postgresql_without_libpq(self):
        if not brtest.PG:
            self.skipTest("the PostgreSQL twin checks libpq")
        p = subprocess.run(self.argv(["patient", "list"]),
                           capture_output=True, text=True,
                           env=self.broken(PQ), timeout=600)
        self.assert_one_sentence(p.returncode, p.stderr, PQ, "libpq5")
        self.assertIn("the PostgreSQL backend needs", p.stderr)


if __name__ == "__main__":
    brtest.main()
