"""`make install` puts the binary, the manual page and the bash completion
under PREFIX (and under DESTDIR with the default prefix).

Its own test, run alone (RUN_SERIAL in CMakeLists.txt): `make install`
first brings the build up to date, and a relink of the binary while other
tests run it would make them fail.  Nothing here depends on the backend,
so the PostgreSQL twin skips it.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

import brtest

BACKREST = brtest.BACKREST
SOURCE = os.environ.get("BR_SOURCE_DIR",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.dirname(os.path.abspath(BACKREST))


@unittest.skipIf(brtest.PG, "no database: the same on either backend")
class InstallTest(unittest.TestCase):
    def test_make_install(self):
        tmp = tempfile.mkdtemp(prefix="br-install-")
        try:
            p = subprocess.run(["make", "-s", "-C", SOURCE, "install",
                                "BUILD=" + BUILD, "JOBS=1",
                                "PREFIX=" + tmp + "/usr"],
                               capture_output=True, text=True, timeout=900)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            for rel in ("usr/bin/backrest", "usr/share/man/man1/backrest.1",
                        "usr/share/bash-completion/completions/backrest"):
                self.assertTrue(os.path.isfile(os.path.join(tmp, rel)), rel)
            self.assertTrue(os.access(os.path.join(tmp, "usr/bin/backrest"),
                                      os.X_OK))
            # The default prefix, under DESTDIR.
            p = subprocess.run(["make", "-s", "-C", SOURCE, "install",
                                "BUILD=" + BUILD, "JOBS=1",
                                "DESTDIR=" + tmp + "/stage"],
                               capture_output=True, text=True, timeout=900)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            self.assertTrue(os.path.isfile(
                tmp + "/stage/usr/local/share/man/man1/backrest.1"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    brtest.main()
