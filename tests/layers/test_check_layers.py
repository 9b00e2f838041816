"""Tests of scripts/check-layers on small fake source trees: a clean tree
passes; an include that points up or sideways, a file outside the layers
and a cycle of includes among store files each fail with a message naming
the file and line."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "scripts", "check-layers")

# A tree that keeps the rule: every layer includes only itself and below.
CLEAN = {
    "core/err.h": [],
    "core/parse.c": ["core/err.h"],
    "model/field.h": ["core/err.h"],
    "store/store.h": ["model/field.h"],
    "store/diary.c": ["store/store.h", "store/db.h"],
    "store/db.h": ["core/err.h"],
    "app/app.h": ["store/store.h", "model/field.h"],
    "app/diary.c": ["app/app.h", "internal.h"],
    "app/internal.h": ["app/app.h"],
    "interop/csv.c": ["app/app.h", "model/field.h"],
    "report/report.c": ["app/app.h", "store/store.h"],
    "http/api.c": ["interop/csv.h", "report/report.h", "app/app.h"],
    "cli/main.c": ["http/server.h", "app/app.h", "config.h"],
}


def write_tree(root, files):
    for path, incs in files.items():
        full = os.path.join(root, "src", path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write("/* fixture */\n")
            f.write("#include <stdio.h>\n")
            for inc in incs:
                f.write(f'#include "{inc}"\n')
            f.write("int x;\n")


class CheckLayers(unittest.TestCase):
    def run_on(self, files):
        with tempfile.TemporaryDirectory() as root:
            write_tree(root, files)
            p = subprocess.run([sys.executable, SCRIPT, root],
                               capture_output=True, text=True)
        return p.returncode, p.stderr

    def test_clean_tree_passes(self):
        rc, out = self.run_on(CLEAN)
        self.assertEqual(rc, 0, out)
        self.assertEqual(out, "")

    def test_upward_include_fails_naming_file_and_line(self):
        tree = dict(CLEAN)
        # line 4: the fixture's second #include
        tree["store/diary.c"] = ["store/store.h", "app/app.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("src/store/diary.c:4: store includes app/app.h, "
                      "which points up; store may include only core, "
                      "model", out)

    def test_model_may_not_include_store(self):
        tree = dict(CLEAN)
        tree["model/field.h"] = ["core/err.h", "store/store.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("src/model/field.h:4: model includes store/store.h, "
                      "which points up", out)

    def test_sideways_include_fails(self):
        tree = dict(CLEAN)
        tree["interop/csv.c"] = ["report/report.h"]
        tree["http/api.c"] = ["cli/cli.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("src/interop/csv.c:3: interop includes "
                      "report/report.h, which points sideways", out)
        self.assertIn("src/http/api.c:3: http includes cli/cli.h, which "
                      "points up", out)

    def test_app_may_not_include_interop(self):
        tree = dict(CLEAN)
        tree["app/diary.c"] = ["app/app.h", "interop/csv.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("src/app/diary.c:4: app includes interop/csv.h", out)

    def test_store_cycle_fails(self):
        tree = dict(CLEAN)
        tree["store/a.h"] = ["store/b.h"]
        tree["store/b.h"] = ["core/err.h", "store/c.h"]
        tree["store/c.h"] = ["store/a.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("store files include each other in a cycle: "
                      "src/store/a.h:3 -> src/store/b.h:4 -> "
                      "src/store/c.h:3 -> src/store/a.h", out)
        # A cycle is told once, not once per member.
        self.assertEqual(out.count("in a cycle"), 1)

    def test_relative_include_in_store_cycle(self):
        tree = dict(CLEAN)
        tree["store/a.h"] = ["b.h"]
        tree["store/b.h"] = ["store/a.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("in a cycle", out)

    def test_file_outside_the_layers_fails(self):
        tree = dict(CLEAN)
        tree["misc/util.c"] = ["core/err.h"]
        rc, out = self.run_on(tree)
        self.assertEqual(rc, 1)
        self.assertIn("src/misc/util.c:1: 'misc' is not a layer", out)

    def test_this_repository_passes(self):
        p = subprocess.run([sys.executable, SCRIPT], capture_output=True,
                           text=True)
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    unittest.main()
