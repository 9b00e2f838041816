"""The command line explains itself, from one command table.

Every command and subcommand the binary lists (`backrest help --json`)
answers --help and -h with its usage on stdout (exit 0), the same text as
`backrest help COMMAND [SUB]`; a missing or unknown subcommand prints one
sentence and the usage lines on stderr (exit 2).  Errors name the option
as the user typed it.  The manual page renders without warnings, the bash
completion completes, `make install` puts the binary, the page and the
completion in place, and README's command reference is the binary's.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import brtest

BACKREST = brtest.BACKREST
SOURCE = os.environ.get("BR_SOURCE_DIR",
                        os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.dirname(os.path.abspath(BACKREST))


def run(*args, env=None, cwd=None):
    e = dict(os.environ)
    e.pop("BACKREST_DB", None)
    e.update(env or {})
    p = subprocess.run(brtest.WRAPPER + [BACKREST] + list(args),
                       capture_output=True, text=True, env=e, cwd=cwd,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def leaves(path, sub):
    """(words, subcommand) of every runnable subcommand under sub."""
    words = path + ([sub["name"]] if sub["name"] else [])
    if "subcommands" in sub:
        for s in sub["subcommands"]:
            yield from leaves(words, s)
    else:
        yield words, sub


@unittest.skipIf(brtest.PG, "no database: the same on either backend")
class HelpTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        # No command here may touch a database: run where none exists.
        cls.dir = tempfile.mkdtemp(prefix="br-help-")
        rc, out, err = run("help", "--json", cwd=cls.dir)
        assert rc == 0, err
        cls.listing = json.loads(out)
        cls.commands = {c["name"]: c for c in cls.listing["commands"]}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def cli(self, *args):
        return run(*args, cwd=self.dir)

    def test_listing_is_complete(self):
        # Every command has a section and a summary; every subcommand a
        # summary, an example that runs that subcommand, and a described
        # option.
        self.assertGreaterEqual(len(self.commands), 30)
        for name, c in self.commands.items():
            self.assertTrue(c["section"] and c["summary"], name)
            for words, s in leaves([name], {"name": "", "subcommands":
                                            c["subcommands"]}):
                what = " ".join(words)
                with self.subTest(subcommand=what):
                    self.assertTrue(s["summary"], what)
                    self.assertTrue(s["examples"], what)
                    for ex in s["examples"]:
                        ex = re.sub(r" --(db|today|instruments) \S+", "", ex)
                        self.assertIn("backrest " + what, ex)
                    for o in s["options"]:
                        self.assertTrue(o["help"], (what, o["flag"]))
                        self.assertRegex(o["flag"], r"^--[a-z0-9-]+$")
        self.assertEqual(os.listdir(self.dir), [], "help opened a database")

    def test_every_command_and_subcommand_answers_help(self):
        for name, c in self.commands.items():
            with self.subTest(command=name):
                rc, out, err = self.cli(name, "--help")
                self.assertEqual((rc, err), (0, ""), name)
                self.assertTrue(out.startswith("usage: backrest " + name),
                                out[:200])
                self.assertEqual(self.cli("help", name)[1], out)
            for words, s in leaves([name], {"name": "", "subcommands":
                                            c["subcommands"]}):
                if len(words) == 1:
                    continue
                what = " ".join(words)
                with self.subTest(subcommand=what):
                    rc, out, err = self.cli(*words, "--help")
                    self.assertEqual((rc, err), (0, ""), what)
                    self.assertTrue(out.startswith(s["usage"].replace(
                        "backrest", "usage: backrest", 1)), out[:200])
                    for o in s["options"]:
                        self.assertIn(o["flag"], out)
                    for ex in s["examples"]:
                        self.assertIn(ex, out)
                    self.assertEqual(self.cli("help", *words)[1], out)
                    # -h after arguments, and not when it is an option's
                    # value.
                    rc, out2, _ = self.cli(*words, "7", "-h")
                    self.assertEqual((rc, out2), (0, out))
        rc, out, err = self.cli("--db", os.path.join(self.dir, "no", "x.db"),
                                "diary", "add", "1", "--note", "--help")
        self.assertNotEqual(rc, 0)
        self.assertNotIn("usage:", out + err)
        self.assertEqual(self.cli("visit", "feed", "--help")[0], 0)

    def test_missing_and_unknown_subcommands(self):
        for name, c in self.commands.items():
            subs = c["subcommands"]
            named = [s["name"] for s in subs if s["name"]]
            default = [s for s in subs if not s["name"]]
            with self.subTest(command=name):
                if named and not (default and default[0]["arguments"] and
                                  not default[0]["arguments"][0].endswith(
                                      "_ID")):
                    rc, out, err = self.cli(name, "no-such-thing")
                    self.assertEqual((rc, out), (2, ""), err)
                    lines = err.splitlines()
                    self.assertEqual(
                        lines[0], f"backrest: unknown {name} subcommand "
                        f"'no-such-thing'; use one of {', '.join(named)}")
                    self.assertTrue(lines[1].startswith("usage: backrest "
                                                        + name))
                if named or (default and default[0]["arguments"]):
                    rc, out, err = self.cli(name)
                    self.assertEqual((rc, out), (2, ""), err)
                    self.assertRegex(err, r"^backrest: %s needs " % name)
                    self.assertIn("\nusage: backrest " + name, err)
                    for n in named:
                        self.assertIn("backrest %s %s" % (name, n), err)
        # The two complaints the issue quoted.
        rc, out, err = self.cli("diary", "--help")
        self.assertEqual(rc, 0)
        self.assertIn("backrest diary add PATIENT_ID", out)
        rc, out, err = self.cli("intake")
        self.assertEqual(rc, 2)
        self.assertIn("usage: backrest intake show EPISODE_ID", err)
        self.assertIn("backrest intake EPISODE_ID [options]", err)

    def test_top_level(self):
        rc, out, err = self.cli("help")
        self.assertEqual((rc, err), (0, ""))
        for name in self.commands:
            self.assertRegex(out, r"\n  %s +\S" % re.escape(name))
        self.assertEqual(self.cli("--help")[1], out)
        self.assertEqual(self.cli("-h")[1], out)
        self.assertEqual(self.cli("diary", "-h")[1],
                         self.cli("help", "diary")[1])
        rc, out2, err = self.cli()
        self.assertEqual((rc, out2), (2, ""))
        self.assertIn(out, err)
        rc, _, err = self.cli("help", "nosuch")
        self.assertEqual(rc, 2)
        self.assertIn("unknown command 'nosuch'", err)
        rc, _, err = self.cli("help", "diary", "nosuch")
        self.assertEqual(rc, 2)
        self.assertIn("usage: backrest diary add", err)
        for g in self.listing["global_options"]:
            self.assertIn(g["flag"], out)

    def test_man_page(self):
        rc, man, err = self.cli("help", "--man")
        self.assertEqual((rc, err), (0, ""))
        page = os.path.join(BUILD, "backrest.1")
        with open(page) as f:
            self.assertEqual(f.read(), man, "build/backrest.1 is stale")
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page],
                           capture_output=True, text=True)
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        p = subprocess.run(["man", "-l", page], capture_output=True,
                           text=True, env=dict(os.environ, MANWIDTH="80",
                                               MAN_KEEP_FORMATTING="0"))
        self.assertEqual((p.returncode, p.stderr), (0, ""))
        text = re.sub(r".\x08", "", p.stdout)
        for name, c in self.commands.items():
            for words, s in leaves([name], {"name": "", "subcommands":
                                            c["subcommands"]}):
                self.assertIn("backrest " + " ".join(words), text)
        self.assertIn("/api/v1/openapi.json", text)

    def test_bash_completion(self):
        script = os.path.join(BUILD, "backrest.bash")
        rc, out, _ = self.cli("help", "--completion", "bash")
        with open(script) as f:
            self.assertEqual(f.read(), out)

        def complete(*words):
            p = subprocess.run(
                ["bash", "-c", 'source "$0"; COMP_WORDS=("$@"); '
                 'COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _backrest; '
                 'printf "%s\\n" "${COMPREPLY[@]}"', script, "backrest",
                 *words], capture_output=True, text=True)
            self.assertEqual(p.stderr, "")
            return sorted(p.stdout.split())

        self.assertEqual(complete("dia"), ["diary"])
        self.assertEqual(complete("diary", ""), ["add", "list"])
        self.assertEqual(complete("--db", "x.db", "diary", "add", "1",
                                  "--pain-w"), ["--pain-worst"])
        self.assertEqual(complete("visit", "feed", ""),
                         ["create", "list", "revoke"])
        self.assertEqual(complete("visit", "book", "7", "--where", ""),
                         ["clinic", "home"])
        self.assertEqual(complete("help", "--completion", ""), ["bash"])

    def test_readme_matches_the_command_table(self):
        with open(os.path.join(SOURCE, "README.md")) as f:
            readme = f.read()
        m = re.search(r"<!-- commands: begin -->\n(.*)<!-- commands: end -->",
                      readme, re.S)
        self.assertIsNotNone(m, "README has no command reference markers")
        rc, md, _ = self.cli("help", "--markdown")
        self.assertEqual(m.group(1), md,
                         "README's command reference differs from the "
                         "binary's: paste 'build/backrest help --markdown' "
                         "between the markers")
        # Nowhere else does README name a command or subcommand the binary
        # lacks.
        for words in re.findall(r"`backrest ([a-z][a-z-]*(?: [a-z][a-z-]*)?)",
                                readme):
            w = words.split()
            with self.subTest(mention=words):
                self.assertIn(w[0], self.commands.keys() | {"help"})
                named = [s["name"] for s in
                         self.commands.get(w[0], {"subcommands": []})
                         ["subcommands"] if s["name"]]
                if len(w) > 1 and named:
                    self.assertIn(w[1], named)


class ErrorNamesTest(brtest.CliTest):
    """Errors name the option or argument as typed, in the sentence and in
    the --json error's field."""

    def error(self, *args):
        rc, out, err = self.run_cli(*args, "--json")
        self.assertEqual(rc, 2, err)
        return json.loads(out)["error"], err

    def test_options_and_arguments_as_typed(self):
        pid = self.patient()
        eid = self.episode(pid)
        cases = [
            (["diary", "add", pid, "--date", "2026-03-01", "--pain-worst",
              "11"], "--pain-worst", "--pain-worst must be"),
            (["diary", "add", pid, "--date", "2026-03-01", "--sol", "x"],
             "--sol", "--sol must be"),
            (["patient", "show", "abc"], "PATIENT_ID", "PATIENT_ID must be"),
            (["patient", "show"], "PATIENT_ID",
             "patient show needs PATIENT_ID"),
            (["session", "add", eid, "--date", "2026-03-02", "--modality",
              "acupuncture", "--pain-before", "12"], "--pain-before", "--pain-before must"),
            (["visit", "list", "--from", "2026-03-09", "--to",
              "2026-03-01"], "--to", "--to must not be before --from"),
            (["intake", eid, "--cigarettes-per-day", "5"],
             "--cigarettes-per-day", "needs --smoking current"),
            (["cohort", "--clinic", "x"], "--clinic", "--clinic must be"),
            (["diary", "add", pid, "--date", "2026-03-01", "--bed", "23:00",
              "--try", "23:00", "--final", "06:00", "--up", "06:30",
              "--sol", "300", "--waso", "300"], "--waso",
             "--sol (300) plus --waso (300)"),
            (["user", "add", "--email", "p@example.org", "--role",
              "patient"], "--patient", "needs --patient"),
            (["visit", "ics"], "--practitioner",
             "give either --practitioner or --patient"),
            (["--today", "2026-02-30", "due"], "--today", "--today '"),
        ]
        for args, field, sentence in cases:
            with self.subTest(args=args):
                e, err = self.error(*args)
                self.assertEqual(e["field"], field)
                self.assertIn(sentence, e["message"])
                self.assertEqual(err, "backrest: " + e["message"] + "\n")
                self.assertNotRegex(e["message"],
                                    r"\b(pain_worst|patient_id|pain_before|"
                                    r"cigarettes_per_day|clinic_id)\b")


if __name__ == "__main__":
    brtest.main()
