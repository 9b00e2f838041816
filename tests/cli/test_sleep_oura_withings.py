"""CLI tests for device nights from the answers of two trackers' web APIs
saved to a file: Oura (the sleep documents of GET /v2/usercollection/sleep)
and Withings (Sleep v2 - Get), built here (no real person's data) with
nights whose every figure is known: a DST night each way, a nap kept
apart, a night across midnight UTC, a short night Oura types "sleep",
skipped rest, deleted and phase-less documents, Withings' out-of-bed
state; importing the same file again changes nothing; bad input is
refused whole with one sentence naming the record and nothing written."""
import calendar
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

FIELDS = ["night", "source", "device", "in_bed_min", "asleep_min", "sol_min", "waso_min",
          "awakenings", "se_pct", "naps", "nap_min"]


def oura_doc(day, type_, start, end, phases=None, phases_30s=None, **extra):
    """A sleep document as the Oura API V2 answers it (only the fields
    backrest reads, and a few it ignores)."""
    doc = {"id": f"synthetic-{day}-{type_}-{start[11:16]}", "day": day, "type": type_,
           "bedtime_start": start, "bedtime_end": end, "period": 0,
           "low_battery_alert": False, "time_in_bed": 0, "total_sleep_duration": None,
           "sleep_phase_5_min": phases, "sleep_phase_30_sec": phases_30s,
           "movement_30_sec": None, "efficiency": 90}
    doc.update(extra)
    return doc


def answer(docs):
    return {"data": docs, "next_token": None}


# The hypnograms, one character per 5 minutes (1 deep, 2 light, 3 REM,
# 4 awake) from bedtime_start.
# - The night of 30 March 2025 in Paris, clocks forward at 02:00:
#   23:00 +01:00 to 07:00 +02:00 is 7 hours (84 characters): awake 15 min,
#   light 120, deep 60, awake 10 (an awakening), REM 150, light 50, awake
#   15: TIB 420, TST 380, SOL 15, WASO 10, one awakening, SE 90.5.
# - A late nap (ended after 6 pm) on the 30th, 17:40-18:25: awake 5,
#   light 35, awake 5: a 35-minute nap, kept apart, with the night of the
#   31st: 23:30-06:30 (84), light from the start (SOL 0) 180, awake 5 (an
#   awakening), deep 100, REM 125, awake 10: TIB 420, TST 405, WASO 5,
#   SE 96.4.  A "rest" document (a false detection the user rejected) and
#   a deleted one that afternoon are skipped.
# - The night of 1 April in London (+01:00), 23:30-07:00, across midnight
#   UTC, with only the 30-second hypnogram: awake 10 min, light 300,
#   awake 2 (too short to count as an awakening), REM 120, awake 18: TIB
#   450, TST 420, SOL 10, WASO 2, SE 93.3.
# - The night of 2 April, short (Oura types it "sleep", under 3 hours):
#   03:00-05:30, awake 10, light 130, awake 10: TIB 150, TST 130, SOL 10,
#   SE 86.7.
# - A night of 4 April without any hypnogram: nothing says when the
#   sleep was, so it is skipped.
OURA_PAGE1 = [
    oura_doc("2025-03-30", "long_sleep", "2025-03-29T23:00:00+01:00", "2025-03-30T07:00:00+02:00",
             "444" + "2" * 24 + "1" * 12 + "44" + "3" * 30 + "2" * 10 + "444"),
    oura_doc("2025-03-31", "late_nap", "2025-03-30T17:40:00+02:00", "2025-03-30T18:25:00+02:00",
             "4" + "2" * 7 + "4"),
    oura_doc("2025-03-31", "rest", "2025-03-30T14:00:00+02:00", "2025-03-30T14:40:00+02:00",
             "22222222"),
    oura_doc("2025-03-31", "deleted", "2025-03-30T15:00:00+02:00", "2025-03-30T15:30:00+02:00",
             "222222"),
    oura_doc("2025-03-31", "long_sleep", "2025-03-30T23:30:00+02:00", "2025-03-31T06:30:00+02:00",
             "2" * 36 + "4" + "1" * 20 + "3" * 25 + "44"),
]
OURA_PAGE2 = [
    oura_doc("2025-04-01", "long_sleep", "2025-03-31T23:30:00.000+01:00",
             "2025-04-01T07:00:00.000+01:00", None,
             "4" * 20 + "2" * 600 + "4" * 4 + "3" * 240 + "4" * 36),
    oura_doc("2025-04-02", "sleep", "2025-04-02T03:00:00+01:00", "2025-04-02T05:30:00+01:00",
             "44" + "2" * 26 + "44"),
    oura_doc("2025-04-04", "long_sleep", "2025-04-03T23:00:00+01:00", "2025-04-04T07:00:00+01:00"),
]
OURA = answer(OURA_PAGE1 + OURA_PAGE2)
OURA_NIGHTS = [
    ["2025-03-30", "oura", None, 420, 380, 15, 10, 1, 90.5, 0, 0],
    ["2025-03-31", "oura", None, 420, 405, 0, 5, 1, 96.4, 1, 35],
    ["2025-04-01", "oura", None, 450, 420, 10, 2, 0, 93.3, 0, 0],
    ["2025-04-02", "oura", None, 150, 130, 10, 0, 0, 86.7, 0, 0],
]


def unix(text):
    """Seconds since the epoch of "YYYY-MM-DD HH:MM" in UTC."""
    return calendar.timegm(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M").timetuple())


def state(start, end, value, model):
    return {"startdate": unix(start), "enddate": unix(end), "state": value, "model": model,
            "model_id": 63 if model == "Aura Sensor V2" else 93,
            "hr": {str(unix(start)): 58}}


def withings(series, status=0):
    return {"status": status, "body": {"series": series}}


MAT, WATCH = "Aura Sensor V2", "ScanWatch"
# Unix times (UTC); the nights were slept in Paris, imported with
# --utc-offset +01:00.
# - The night of 26 October 2025, clocks back at 03:00 CEST: in bed 23:00
#   +02:00 (21:00Z) to 07:00 +01:00 (06:00Z), 9 hours: awake 20 min, light
#   180, deep 70, out of bed 15 (state 15: a gap, an awakening), light 75,
#   awake 3 (too short to count), REM 147, awake 30: TIB 540, TST 472,
#   SOL 20, WASO 18, one awakening, SE 87.4.
# - The night of the 28th on the watch, 23:30-07:00 +01:00 (22:30Z to
#   06:00Z, across midnight UTC): light 210, awake 10 (an awakening),
#   deep 50, unspecified sleep 180; nothing recorded before sleep, so SOL
#   is unknown: TIB 450, TST 440, WASO 10, SE 97.8; and a 40-minute nap
#   at 14:00 on the 27th, kept apart with that night.
WITHINGS_NIGHT1 = [
    state("2025-10-25 21:00", "2025-10-25 21:20", 0, MAT),
    state("2025-10-25 21:20", "2025-10-26 00:20", 1, MAT),
    state("2025-10-26 00:20", "2025-10-26 01:30", 2, MAT),
    state("2025-10-26 01:30", "2025-10-26 01:45", 15, MAT),
    state("2025-10-26 01:45", "2025-10-26 03:00", 1, MAT),
    state("2025-10-26 03:00", "2025-10-26 03:03", 0, MAT),
    state("2025-10-26 03:03", "2025-10-26 05:30", 3, MAT),
    state("2025-10-26 05:30", "2025-10-26 06:00", 0, MAT),
]
WITHINGS_NIGHT2 = [
    state("2025-10-27 13:00", "2025-10-27 13:40", 1, WATCH),
    state("2025-10-27 22:30", "2025-10-28 02:00", 1, WATCH),
    state("2025-10-28 02:00", "2025-10-28 02:10", 0, WATCH),
    state("2025-10-28 02:10", "2025-10-28 03:00", 2, WATCH),
    state("2025-10-28 03:00", "2025-10-28 06:00", 5, WATCH),
]
# One Sleep v2 - Get call covers 24 hours: two answers saved together.
WITHINGS = [withings(WITHINGS_NIGHT1), withings(WITHINGS_NIGHT2)]
WITHINGS_NIGHTS = [
    ["2025-10-26", "withings", MAT, 540, 472, 20, 18, 1, 87.4, 0, 0],
    ["2025-10-28", "withings", WATCH, 450, 440, None, 10, 1, 97.8, 1, 40],
]


class SleepApiImportTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()

    def write(self, name, doc):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return path

    def nights(self, pid=None):
        return [[d[k] for k in FIELDS] for d in self.ok("sleep", "list", pid or self.pid)]

    def imp(self, path, source, *extra, pid=None):
        return self.ok("import", "sleep", path, "--patient", pid or self.pid, "--source",
                       source, *extra)

    def test_oura(self):
        path = self.write("oura.json", OURA)
        r = self.imp(path, "oura")
        # Records: the sleep documents read; skipped: rest, deleted and
        # the one without a hypnogram.
        self.assertEqual((r["records"], r["skipped"], r["nights"], r["created"]), (5, 3, 4, 4))
        self.assertEqual(self.nights(), OURA_NIGHTS)
        # Again: nothing changes.
        before = self.snapshot()
        r = self.imp(path, "oura")
        self.assertEqual((r["created"], r["updated"], r["unchanged"]), (0, 0, 4))
        self.assertEqual(before, self.snapshot())
        # The answer's pages saved as a list read the same.
        other = self.patient("Other")
        self.imp(self.write("pages.json", [answer(OURA_PAGE1), answer(OURA_PAGE2)]), "oura",
                 pid=other)
        self.assertEqual(self.nights(other), OURA_NIGHTS)

    def test_withings(self):
        path = self.write("withings.json", WITHINGS)
        r = self.imp(path, "withings", "--utc-offset", "+01:00")
        # The out-of-bed state is a record read, not a period.
        self.assertEqual((r["records"], r["skipped"], r["nights"], r["created"]), (13, 0, 2, 2))
        self.assertEqual(self.nights(), WITHINGS_NIGHTS)
        before = self.snapshot()
        r = self.imp(path, "withings", "--utc-offset", "+01:00")
        self.assertEqual((r["created"], r["updated"], r["unchanged"]), (0, 0, 2))
        self.assertEqual(before, self.snapshot())
        # One answer alone, not in a list, reads the same.
        other = self.patient("Other")
        self.imp(self.write("one.json", withings(WITHINGS_NIGHT1)), "withings", "--utc-offset",
                 "+0100", pid=other)
        self.assertEqual(self.nights(other), WITHINGS_NIGHTS[:1])
        # The offset places the nights on their days; the figures come from
        # the Unix times.  Slept in New York (-05:00), the sleep at 13:00Z
        # is at 08:00, before noon: the only sleep of the diary day of the
        # 27th, so that day's night, and no longer a nap of the 28th.
        third = self.patient("Third")
        self.imp(path, "withings", "--utc-offset", "-05:00", pid=third)
        self.assertEqual(self.nights(third), [
            ["2025-10-26", "withings", MAT, 540, 472, 20, 18, 1, 87.4, 0, 0],
            ["2025-10-27", "withings", WATCH, 40, 40, None, 0, 0, 100.0, 0, 0],
            ["2025-10-28", "withings", WATCH, 450, 440, None, 10, 1, 97.8, 0, 0]])

    def test_sources_side_by_side(self):
        self.imp(self.write("oura.json", OURA), "oura")
        self.imp(self.write("withings.json", WITHINGS), "withings", "--utc-offset", "+01:00")
        self.assertEqual(self.nights(), OURA_NIGHTS + WITHINGS_NIGHTS)
        # The CSV export names each source.
        out = os.path.join(self.dir, "dev.csv")
        self.assertEqual(self.ok("export", "csv", "--kind", "device-sleep", "--out", out)["rows"],
                         6)
        with open(out) as f:
            rows = f.read().splitlines()[1:]
        self.assertEqual([r.split(",")[2] for r in rows].count("oura"), 4)
        self.assertIn(f"{self.pid},2025-10-28,withings,ScanWatch,450,440,,10,1,97.8,1,40,",
                      "\n".join(rows))

    def test_fhir_method_coded(self):
        self.imp(self.write("oura.json", OURA), "oura")
        bundle = os.path.join(self.dir, "b.json")
        self.ok("export", "fhir", "--out", bundle, "--patient", self.pid)
        with open(bundle) as f:
            doc = json.load(f)
        obs = [e["resource"] for e in doc["entry"]
               if e["resource"]["id"] == f"obs-dev-{self.pid}-2025-03-31-oura-sleep-duration"]
        self.assertEqual(obs[0]["valueQuantity"]["value"], 405)
        method = obs[0]["method"]["coding"][0]
        self.assertEqual(method["code"], "oura")
        cs = [e["resource"] for e in doc["entry"]
              if e["resource"]["resourceType"] == "CodeSystem"
              and e["resource"].get("url") == method["system"]][0]
        codes = {c["code"]: c["display"] for c in cs["concept"]}
        self.assertEqual(codes["oura"], method["display"])
        self.assertIn("Oura ring", codes["oura"])
        self.assertIn("Withings", codes["withings"])
        self.assertTrue(all("not polysomnography" in d for d in codes.values()))

    def test_refusals_write_nothing(self):
        good = OURA_PAGE1[:2]
        fitbit = [{"logId": 1, "startTime": "2026-03-01T23:00:00.000", "mainSleep": True,
                   "levels": {"data": []}}]
        cases = [
            ("oura", "{not json", "the file is not valid JSON at line 1"),
            ("oura", "", "the file is empty"),
            ("oura", {"sleep": []}, "not an Oura sleep export"),
            ("oura", fitbit, "not an Oura sleep export"),
            ("oura", answer(good + [oura_doc("2025-04-05", "long_sleep",
                                             "2025-04-05T07:00:00+01:00",
                                             "2025-04-05T06:00:00+01:00", "22")]),
             "sleep document 3 (day 2025-04-05) ends before it starts"),
            # Without a hypnogram it would be skipped, but its times are
            # still checked.
            ("oura", answer([oura_doc("2025-04-05", "long_sleep", "2025-04-05T07:00:00+01:00",
                                      "2025-04-05T06:00:00+01:00")]),
             "sleep document 1 (day 2025-04-05) ends before it starts"),
            ("oura", answer(good + [oura_doc("2025-04-05", "long_sleep",
                                             "2025-04-04T06:00:00+01:00",
                                             "2025-04-05T07:00:00+01:00", "22")]),
             "sleep document 3 (day 2025-04-05) is longer than 24 hours"),
            ("oura", answer(good + [oura_doc("2025-04-05", "long_sleep",
                                             "2025-04-04T23:00:00+01:00",
                                             "2025-04-04T23:30:00+01:00", "2225")]),
             "sleep document 3 (day 2025-04-05): sleep_phase_5_min has a character that is "
             "not 1, 2, 3 or 4"),
            ("oura", answer(good + [oura_doc("2025-04-05", "long_sleep",
                                             "2025-04-04T23:00:00+01:00",
                                             "2025-04-04T23:30:00+01:00", "2" * 8)]),
             "sleep document 3 (day 2025-04-05): sleep_phase_5_min is longer than its bedtime"),
            ("oura", answer(good + [oura_doc("2025-04-05", "nap",
                                             "2025-04-04T23:00:00+01:00",
                                             "2025-04-04T23:30:00+01:00", "222222")]),
             "sleep document 3 (day 2025-04-05) has a type that is not an Oura sleep type"),
            ("oura", answer(good + [oura_doc("2025-04-05", "long_sleep",
                                             "2025-04-04T23:00:00",
                                             "2025-04-04T23:30:00+01:00", "222222")]),
             "has a bedtime_start that is not an ISO 8601 time with its UTC offset"),
            ("oura", answer([{"id": "x", "day": "2025-04-05", "score": 80,
                              "contributors": {"deep_sleep": 70}}]),
             "sleep document 1 (day 2025-04-05) is not a sleep period (it has no "
             "bedtime_start)"),
            ("withings", "{not json", "the file is not valid JSON at line 1"),
            ("withings", OURA, "not a Withings sleep export"),
            ("withings", {"status": 401, "body": {}, "error": "invalid_token"},
             "the file is an error answer (its status is not 0), not sleep data"),
            ("withings", [withings(WITHINGS_NIGHT1), withings([], status=601)],
             "answer 2 of the file is an error answer"),
            ("withings", withings(WITHINGS_NIGHT1[:2] + [state("2025-10-26 00:20",
                                                              "2025-10-26 01:30", 7, MAT)]),
             "series[2] has a state that is not a Withings sleep state"),
            ("withings", [withings(WITHINGS_NIGHT1), withings([state(
                "2025-10-27 06:00", "2025-10-27 05:00", 1, WATCH)])],
             "answer 2, series[0] ends before it starts"),
            ("withings", withings([state("2025-10-27 01:00", "2025-10-28 02:00", 1, WATCH)]),
             "series[0] is longer than 24 hours"),
            ("withings", withings([{"startdate": "1761426000", "enddate": 1761430000,
                                    "state": 1}]),
             "series[0] has no startdate (a Unix time)"),
            ("withings", withings([{"startdate": unix("2025-10-25 21:00"),
                                    "enddate": unix("2025-10-26 06:00"), "date": "2025-10-26",
                                    "timezone": "Europe/Paris", "data": {"total_timeinbed": 1}}]),
             "series[0] has no state"),
        ]
        for source, doc, message in cases:
            with self.subTest(source=source, message=message):
                path = self.write("bad.json", doc)
                extra = ["--utc-offset", "+01:00"] if source == "withings" else []
                err = self.bad("import", "sleep", path, "--patient", self.pid, "--source",
                               source, *extra, contains=message)
                self.assertTrue(err.startswith("backrest: "), err)
        # Withings needs the offset, and only Withings takes one.
        path = self.write("w.json", WITHINGS)
        self.bad("import", "sleep", path, "--patient", self.pid, "--source", "withings",
                 field="--utc-offset", contains="carry no UTC offset")
        self.bad("import", "sleep", path, "--patient", self.pid, "--source", "withings",
                 "--utc-offset", "+1", field="--utc-offset", contains="such as +01:00")
        self.bad("import", "sleep", self.write("o.json", OURA), "--patient", self.pid,
                 "--source", "oura", "--utc-offset", "+01:00",
                 contains="--utc-offset is for a withings file only")
        # States chained into one night over a day long: refused as a
        # night, nothing written.
        chain = [state(f"2025-11-0{1 + h // 24} {h % 24:02d}:00",
                       f"2025-11-0{1 + h // 24} {h % 24:02d}:59", 1, WATCH) for h in range(25)]
        self.bad("import", "sleep", self.write("long.json", withings(chain)), "--patient",
                 self.pid, "--source", "withings", "--utc-offset", "Z",
                 contains="the night of 2025-11-01 is longer than 24 hours")
        self.assertEqual(self.nights(), [])


if __name__ == "__main__":
    brtest.main()
