"""The repository stands on its own.

Every source a user can see in the reference data (the evidence file, the
questionnaires, the education cards, the aftercare thresholds ...) names a
published source with its year, never a file; and no file of the
repository names a design document or a path outside the repository, nor
(in src/, data/ and web/) an issue number.  The checks are plain
functions, tested first on fixtures so that each can be seen to fail.
"""
import glob
import json
import os
import re
import unittest

ROOT = os.environ.get("BR_SOURCE_DIR") or os.path.normpath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Built from pieces so that this file does not match its own patterns.
_MD = r"\.md"
DESIGN_DOCS = ["CLINICAL", "DESIGN", "STACK", "STYLE", "INTEROP", "PRODUCTS"]
# What the acceptance check forbids in src/, data/ and web/.
STRICT = re.compile("|".join([r"issue [0-9]", "CLINICAL" + _MD,
                              "DESIGN" + _MD, "shared" + "/"]))
# What no file anywhere in the repository may contain: a design document
# that lives outside it, or a path outside it.
OUTSIDE = re.compile("|".join(
    [d + _MD for d in DESIGN_DOCS] +
    [re.escape("../" + "shared"), re.escape("/" + "work/")]))
ISSUE = re.compile(r"\b[Ii]ssues? ?[0-9]")

URL = re.compile(r"https?://\S+")
YEAR = re.compile(r"\b(19|20)[0-9]{2}\b")
FILE_NAME = re.compile(r"\w\.(md|json|h|c|py|sql|txt)\b")
PATH = re.compile(r"(\.\./|(^|[\s(])/\w|\b(src|docs|data|web|tests|shared)/)")
# The one kind of source allowed without a year: a threshold that says it
# is the clinic's own rule with nothing published behind it.
LOCAL = "Local rule, no published source"

SKIP_DIRS = {".git", "node_modules", "__pycache__"}


def source_problem(text):
    """Why text is not a citation of a published source, or None."""
    if not isinstance(text, str) or not text.strip():
        return "missing or empty"
    bare = URL.sub("", text)
    if FILE_NAME.search(bare) or PATH.search(bare):
        return "names a file"
    if text.startswith(LOCAL):
        return None
    if not YEAR.search(bare):
        return "has no year of publication"
    return None


def text_problems(text, strict):
    """The forbidden references in one file's text."""
    found = {m.group(0) for m in OUTSIDE.finditer(text)}
    if strict:
        found |= {m.group(0) for m in STRICT.finditer(text)}
        found |= {m.group(0) for m in ISSUE.finditer(text)}
    return sorted(found)


def walk_files(top):
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames
                       if d not in SKIP_DIRS and not d.startswith("build")]
        for name in filenames:
            if name not in SKIP_DIRS:
                yield os.path.join(dirpath, name)


def tree_problems(root, strict_dirs=("src", "data", "web")):
    """(path, line, match) for every forbidden reference under root."""
    out = []
    for path in walk_files(root):
        rel = os.path.relpath(path, root)
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        strict = rel.split(os.sep)[0] in strict_dirs
        for i, line in enumerate(text.splitlines(), 1):
            for m in text_problems(line, strict):
                out.append((rel, i, m))
    return out


def data_sources(root):
    """(where, text) for every source field of the reference data, and
    (where, None) for one that is required but missing."""
    def load(name):
        with open(os.path.join(root, "data", name)) as f:
            return json.load(f)

    out = []
    ev = load("evidence.json")
    for i, s in enumerate(ev["sources"]):
        out.append((f"evidence.json sources[{i}].citation", s.get("citation")))
    for i, e in enumerate(ev["entries"]):
        out.append((f"evidence.json entries[{i}].citation", e.get("citation")))
    for t in ev["treatments"]:
        if t.get("course"):
            out.append((f"evidence.json {t['id']}.course.source",
                        t["course"].get("source")))
    out.append(("evidence.json risk_pathways.source",
                ev["risk_pathways"].get("source")))

    for path in sorted(glob.glob(os.path.join(root, "data", "instruments",
                                              "*.json"))):
        name = os.path.basename(path)
        with open(path) as f:
            d = json.load(f)
        out.append((f"{name} citation", d.get("citation")))
        out.append((f"{name} bands_source", d.get("bands_source")))
        if "change" in d:
            out.append((f"{name} change.source", d["change"].get("source")))
        if "stratification" in d:
            out.append((f"{name} stratification.source",
                        d["stratification"].get("source")))

    edu = load("education.json")
    for c in edu["cards"]:
        out.append((f"education.json card {c['code']}", c.get("source")))
    for k, r in edu["rules"].items():
        if isinstance(r, dict):
            out.append((f"education.json rules.{k}.source", r.get("source")))

    after = load("aftercare.json")
    for i, t in enumerate(after["thresholds"]):
        out.append((f"aftercare.json thresholds[{i}].source", t.get("source")))

    # Any other source field of any data file, wherever it sits.
    def walk(o, where):
        if isinstance(o, dict):
            for k, v in o.items():
                if k in ("source", "citation", "bands_source") and \
                        isinstance(v, str):
                    found.append((f"{where}.{k}", v))
                else:
                    walk(v, f"{where}.{k}")
        elif isinstance(o, list):
            for i, v in enumerate(o):
                walk(v, f"{where}[{i}]")

    found = []
    for path in sorted(glob.glob(os.path.join(root, "data", "*.json"))):
        if os.path.basename(path) == "evidence.json":
            continue  # above; its entries' "source" is a source id
        with open(path) as f:
            walk(json.load(f), os.path.basename(path))
    return out + found


class CheckerTest(unittest.TestCase):
    """The checks themselves, on fixtures: each can fail."""

    def test_source_problem(self):
        good = "Ostelo RWJG et al., Spine 2008;33:90-94."
        self.assertIsNone(source_problem(good))
        self.assertIsNone(source_problem(
            "Field J, Newell D, Chiropr Man Therap 2012;20:17 "
            "(https://pmc.ncbi.nlm.nih.gov/articles/PMC3422208)."))
        self.assertIsNone(source_problem(LOCAL + ". Tiredness is common."))
        self.assertEqual(source_problem(None), "missing or empty")
        self.assertEqual(source_problem("  "), "missing or empty")
        self.assertEqual(source_problem("CLINICAL" + ".md 1.3 (2008)"),
                         "names a file")
        self.assertEqual(source_problem("see evidence.json, 2016"),
                         "names a file")
        self.assertEqual(source_problem("../" + "shared/x, 2016"),
                         "names a file")
        self.assertEqual(source_problem("docs/clinical/scoring 2020"),
                         "names a file")
        self.assertEqual(source_problem("Ostelo et al., Spine"),
                         "has no year of publication")
        # A URL alone is not a year.
        self.assertEqual(source_problem("https://example.org/2008/x"),
                         "has no year of publication")

    def test_text_problems(self):
        self.assertEqual(text_problems("plain text 2008", True), [])
        self.assertEqual(text_problems("see " + "DESIGN" + ".md", False),
                         ["DESIGN" + ".md"])
        self.assertEqual(text_problems("read " + "../" + "shared/X", False),
                         ["../" + "shared"])
        self.assertEqual(text_problems("(issue" + " 4's rule)", False), [])
        self.assertIn("issue" + " 4", text_problems("(issue" + " 4's rule)",
                                                    True))
        self.assertTrue(text_problems("Issue" + " 3's change", True))

    def test_tree_problems_on_a_fixture_tree(self):
        import tempfile
        with tempfile.TemporaryDirectory() as top:
            os.makedirs(os.path.join(top, "src"))
            os.makedirs(os.path.join(top, "docs"))
            os.makedirs(os.path.join(top, "build", "x"))
            with open(os.path.join(top, "src", "a.c"), "w") as f:
                f.write("/* fine */\n/* the rule of issue" + " 4 */\n")
            with open(os.path.join(top, "docs", "b.md"), "w") as f:
                f.write("history: issue" + " 5\nsee /" + "work/x\n")
            with open(os.path.join(top, "build", "x", "c.c"), "w") as f:
                f.write("/* " + "CLINICAL" + ".md, a build product */\n")
            got = tree_problems(top)
        self.assertEqual(sorted(got), [("docs/b.md", 2, "/" + "work/"),
                                       ("src/a.c", 2, "issue" + " 4")])


class RepositoryTest(unittest.TestCase):

    def test_every_source_is_a_published_citation(self):
        entries = data_sources(ROOT)
        self.assertGreater(len(entries), 100)
        bad = [f"{where}: {problem}: {text!r}"[:300]
               for where, text in entries
               if (problem := source_problem(text))]
        self.assertEqual(bad, [])

    def test_no_reference_outside_the_repository(self):
        bad = [f"{p}:{n}: {m}" for p, n, m in tree_problems(ROOT)]
        self.assertEqual(bad, [])


if __name__ == "__main__":
    unittest.main()
