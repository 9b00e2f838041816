"""Byte-identical exports: a fixed demo database (seed, patient count and
"today" fixed, plus tests/fhir/chart-all so every record kind is in it)
exported as a FHIR Bundle, bulk NDJSON, every CSV kind and STRICTA (CSV
and Markdown), each compared with the digest in tests/golden/exports.sha256.

This guards refactoring: moving code in the importers and exporters must
not change one byte of what they write.  Record ids (from the clock) and
the timestamps the store stamps with the wall clock are the only parts of
an export that differ between two runs; both are replaced before hashing
(ids by #1, #2, ... in order of first appearance, timestamps by <now>), so
the digests are the same on SQLite and PostgreSQL and from run to run.
A second database imports the Bundle and exports it again: the round trip
must give the same files but for that store's own clinic (this guards the
importer too).

When an export changes on purpose, regenerate the digests and commit them
with the change:

    BR_GOLDEN_UPDATE=1 ctest -R cli_test_golden_export$ --test-dir build

and to see what changed, keep the normalized files of two builds and diff
them: BR_GOLDEN_KEEP=/tmp/new ctest -R cli_test_golden_export$ ...
"""
import datetime
import hashlib
import os
import re
import subprocess

import brtest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("BR_SOURCE_DIR", os.path.join(HERE, "..", ".."))
GOLDEN = os.path.join(SOURCE, "tests", "golden", "exports.sha256")
CHART_ALL = os.path.join(SOURCE, "tests", "fhir", "chart-all")
ID_EPOCH_MS = 1704067200000  # store.c: ids are (ms since this) << 12 | n
CSV_KINDS = ("diary", "sessions", "measures", "outcomes")
NUMBER = re.compile(r"(?<![0-9.])[0-9]{13,16}(?![0-9])")
STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}"
                   r"(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?")


def read_golden():
    out = {}
    if os.path.exists(GOLDEN):
        with open(GOLDEN) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    digest, name = line.split()
                    out[name] = digest
    return out


class Normalizer:
    """Replaces the ids and wall-clock stamps made between start and end
    (seconds since the epoch) in one set of files."""

    def __init__(self, start, end):
        self.start, self.end = start - 2, end + 2
        self.ids = {}

    def _id(self, m):
        v = int(m.group(0))
        made = ((v >> 12) + ID_EPOCH_MS) / 1000.0
        if not self.start <= made <= self.end:
            return m.group(0)
        if v not in self.ids:
            self.ids[v] = "#%d" % (len(self.ids) + 1)
        return self.ids[v]

    def _stamp(self, m):
        s = m.group(0)
        text = s.replace(" ", "T").replace("Z", "+00:00")
        try:
            t = datetime.datetime.fromisoformat(text)
        except ValueError:
            return s
        if t.tzinfo is None:
            t = t.replace(tzinfo=datetime.timezone.utc)
        if self.start <= t.timestamp() <= self.end:
            return "<now>"
        return s

    def __call__(self, text):
        return NUMBER.sub(self._id, STAMP.sub(self._stamp, text))


class GoldenExportTest(brtest.CliTest):
    def setUp(self):
        # Before init: the store's own clinic is made there.
        self.start = datetime.datetime.now(datetime.timezone.utc).timestamp()
        super().setUp()

    def export_all(self, db, tag):
        """Exports db every way into self.dir/tag; returns name -> text."""
        out = os.path.join(self.dir, tag)
        os.makedirs(out)
        env = dict(self.env, BACKREST_DB=db)
        run = lambda *a: self.run_cli(*a, env=env, db=False)  # noqa: E731

        def check(rc_out_err, *what):
            rc, _, err = rc_out_err
            self.assertEqual(rc, 0, f"{what}: {err}")

        check(run("export", "fhir", "--out", f"{out}/bundle.json"), "fhir")
        check(run("export", "ndjson", "--dir", f"{out}/bulk"), "ndjson")
        for k in CSV_KINDS:
            check(run("export", "csv", "--kind", k, "--out",
                      f"{out}/{k}.csv"), "csv", k)
        check(run("export", "stricta", "--out", f"{out}/stricta.csv"),
              "stricta")
        check(run("export", "stricta", "--out", f"{out}/stricta.md"),
              "stricta md")
        files = {}
        for root, _, names in os.walk(out):
            for n in names:
                p = os.path.join(root, n)
                with open(p, encoding="utf-8") as f:
                    files[os.path.relpath(p, out)] = f.read()
        return files

    def compare(self, files, norm, what):
        golden = read_golden()
        actual = {n: norm(files[n]) for n in sorted(files)}
        digests = {n: hashlib.sha256(t.encode()).hexdigest()
                   for n, t in actual.items()}
        keep = os.environ.get("BR_GOLDEN_KEEP")
        if keep:
            for n, t in actual.items():
                p = os.path.join(keep, what, n)
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p, "w", encoding="utf-8") as f:
                    f.write(t)
        if os.environ.get("BR_GOLDEN_UPDATE") and what == "export":
            with open(GOLDEN, "w") as f:
                f.write("# sha256 of the normalized demo exports: "
                        "tests/cli/test_golden_export.py\n")
                for n, d in digests.items():
                    f.write(f"{d}  {n}\n")
            golden = digests
        regen = ("if the change is deliberate, regenerate with "
                 "BR_GOLDEN_UPDATE=1 ctest --test-dir build -R "
                 "'cli_test_golden_export$' and commit "
                 "tests/golden/exports.sha256; to see the difference, run "
                 "with BR_GOLDEN_KEEP=DIR on both builds and diff -r the "
                 "two DIRs")
        differ = [n for n in sorted(set(golden) | set(digests))
                  if golden.get(n) != digests.get(n)]
        msgs = []
        for n in differ:
            if n not in digests:
                msgs.append(f"{what}: {n} was not written")
            elif n not in golden:
                msgs.append(f"{what}: {n} is new (no golden digest)")
            else:
                msgs.append(f"{what}: {n} differs from the golden digest "
                            f"({len(actual[n])} characters, sha256 "
                            f"{digests[n][:12]}, expected "
                            f"{golden[n][:12]})")
        if msgs:
            self.fail("exports differ from tests/golden/exports.sha256:\n  "
                      + "\n  ".join(msgs) + "\n" + regen)

    def test_exports_are_byte_identical(self):
        env = dict(self.env, BACKREST_DB=self.db)
        self.ok("demo", "--patients", "3", "--days", "30", "--seed", "5")
        pid = self.ok("patient", "list")["patients"][0]["id"]
        p = subprocess.run(["sh", CHART_ALL, brtest.BACKREST, str(pid)],
                           env=env, capture_output=True, text=True,
                           timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr)
        files = self.export_all(self.db, "export")
        end = datetime.datetime.now(datetime.timezone.utc).timestamp()
        norm = Normalizer(self.start, end)
        self.compare(files, norm, "export")

        # The round trip: the Bundle into an empty store, exported again.
        other = self.new_db("other.db")
        rc, _, err = self.run_cli("--db", other, "init", db=False)
        self.assertEqual(rc, 0, err)
        rc, _, err = self.run_cli("--db", other, "import", "fhir",
                                  os.path.join(self.dir, "export",
                                               "bundle.json"), db=False)
        self.assertEqual(rc, 0, err)
        again = self.export_all(other, "again")
        end = datetime.datetime.now(datetime.timezone.utc).timestamp()
        norm.end = end + 2
        known = set(norm.ids.values())
        again = {n: norm(t) for n, t in again.items()}
        # The second store's own clinic (made by init) is the one resource
        # the first did not have: one line of the Bundle and of the NDJSON.
        own = [i for i in norm.ids.values() if i not in known]
        for n in ("bundle.json", "bulk/Organization.ndjson"):
            again[n] = "".join(
                line for line in again[n].splitlines(keepends=True)
                if not any(f'"id":"org-{i}"' in line for i in own))
        self.compare(again, lambda t: t, "round trip")


if __name__ == "__main__":
    brtest.main()
