"""The one-page report shows the points of the latest session listed on the
body map (the geometry the session form draws, data/bodymap.json): in the
HTML as an SVG whose markers name each point and side, with a caption that
names the session and the points the map does not show; in the PDF beside
the treatments, rendered on its one page.  A report whose sessions charted
no points has no map."""
import os
import re
import subprocess

import numpy as np

import brtest


class ReportMap(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient("Ana Map")
        self.eid = self.episode(self.pid, "2026-01-05")
        for d in range(1, 28):
            self.ok("diary", "add", self.pid, "--date", f"2026-02-{d:02d}", "--pain",
                    6 if d < 14 else 4, "--quality", 2)
        self.ok("screen", self.eid, "--none")

    def session(self, date, *args):
        return self.ok("session", "add", self.eid, "--date", date, *args)

    @staticmethod
    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    def report(self, fmt, name):
        path = os.path.join(self.dir, name)
        self.ok("report", self.eid, "--format", fmt, "--out", path)
        return path

    def test_the_latest_session_with_points_is_on_the_map(self):
        self.session("2026-02-20", "--modality", "acupuncture", "--points", "SP6,KI3")
        self.session("2026-03-02", "--modality", "acupuncture", "--points",
                     "BL23,BL40:L,GV4,HT7:R,PC6")
        # A later massage: no points, so the map stays with 2 March.
        self.session("2026-03-05", "--modality", "massage", "--massage", "swedish")
        doc = self.ok("report", self.eid, "--format", "json")
        listed = {s["date"]: s["points"] for s in doc["treatments_since"]["sessions"]}
        self.assertEqual(listed["2026-03-05"], [])
        self.assertIn({"point": "BL40", "side": "left"}, listed["2026-03-02"])

        html = self.read(self.report("html", "r.html"))
        m = re.search(r'<figure class="bodymap" id="body-map">(.*?)</figure>', html, re.S)
        self.assertIsNotNone(m, "no body map in the report")
        fig = m.group(1)
        # The treatments' section holds it.
        self.assertLess(html.index('id="treatments"'), m.start())
        self.assertLess(m.start(), html.index('id="adherence"'))
        self.assertIn("<title>Body map seen from behind: the points of the session of "
                      "2026-03-02</title>", fig)
        marks = re.findall(r"<circle [^>]*><title>([^<]*)</title></circle>", fig)
        self.assertEqual(sorted(marks), ["BL23, left", "BL23, right", "BL40, left",
                                         "GV4", "HT7, right"])
        # Not the earlier session's points; PC6 (on the front) in words.
        self.assertNotIn("SP6", fig)
        self.assertIn("<figcaption>Points of the session of 2026-03-02 on the body map, "
                      "seen from behind: BL23, BL40 left, GV4, HT7 right, PC6. "
                      "Not on the map: PC6.</figcaption>", fig)

        with_map = self.report("pdf", "map.pdf")
        text = subprocess.run(["pdftotext", "-layout", with_map, "-"], capture_output=True,
                              text=True, check=True).stdout
        self.assertIn("Points of the session of 2026-03-02 on the body map", text)
        info = subprocess.run(["pdfinfo", with_map], capture_output=True, text=True,
                              check=True).stdout
        self.assertRegex(info, r"Pages:\s+1\n")

    def right_margin_ink(self, pdf):
        """Ink in the strip of the page where the map is drawn: right of
        the treatments' table, below the charts."""
        base = os.path.join(self.dir, os.path.basename(pdf) + "-page")
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-singlefile", pdf, base],
                       check=True)
        with open(base + ".pgm", "rb") as f:
            data = f.read()
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        px = np.frombuffer(data[m.end():m.end() + w * h], dtype=np.uint8).reshape(h, w)
        return float(np.mean(px[int(h * 0.45):int(h * 0.95), int(w * 0.84):int(w * 0.94)] < 200))

    def test_the_pdf_draws_the_map_and_no_points_no_map(self):
        self.session("2026-03-02", "--modality", "massage", "--massage", "swedish")
        html = self.read(self.report("html", "r.html"))
        self.assertFalse('id="body-map"' in html or "<figcaption>" in html,
                         "a map without points")
        without = self.right_margin_ink(self.report("pdf", "none.pdf"))
        self.session("2026-03-03", "--modality", "acupuncture", "--points",
                     "BL23,BL25,BL40,GV4,KI3")
        with_map = self.right_margin_ink(self.report("pdf", "map.pdf"))
        # The figure's lines and the points: far more ink than the text
        # that reaches into the strip without it.
        self.assertGreater(with_map, without + 0.02, (with_map, without))


if __name__ == "__main__":
    brtest.main()
