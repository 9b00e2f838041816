"""A session names at least one modality: `--modality ,` and `--modality ""`
are refused with one sentence like a missing --modality, and nothing is
written.  The command line passes every flag as text, and the typed-input
rule of the API does not apply to it: numbers and yes/no flags are read
from their text."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402


class SessionModality(brtest.CliTest):
    def test_empty_modality_is_refused(self):
        pid = self.patient("Ann Lee")
        eid = self.episode(pid, "2025-12-01")
        for given in ([","], [""], [",,"], []):
            with self.subTest(given=given):
                args = ["session", "add", eid, "--date", "2026-03-02"]
                if given:
                    args += ["--modality"] + given
                err = self.bad(*args, field="modality")
                self.assertIn("modality is required", err)
        self.assertEqual(self.ok("session", "list", eid), [])

    def test_flags_are_text(self):
        pid = self.patient("Ann Lee")
        eid = self.episode(pid, "2025-12-01")
        x = self.ok("session", "add", eid, "--date", "2026-03-02", "--modality",
                    "acupuncture", "--needles", "9", "--deqi", "yes",
                    "--pain-before", "6")
        self.assertEqual((x["needles"], x["deqi"], x["pain_before"]), (9, True, 6))
        d = self.ok("diary", "add", pid, "--date", "2026-03-02", "--pain", "5")
        self.assertEqual(d["pain"], 5)


if __name__ == "__main__":
    brtest.main()
