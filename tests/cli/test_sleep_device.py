"""CLI tests for device nights: `import sleep` from synthetic Apple Health
(export.xml and export.zip), Fitbit (Takeout sleep-*.json) and CSV
exports built here (no real person's data), with nights whose every
figure is known: a DST night each way, a nap, a watch and a phone both
writing (and a duplicated record), a night across midnight UTC, a
stage-less older-iOS night; `sleep list` with its range; importing the
same file again changes nothing; the diary is never touched; bad input
is refused whole with one sentence naming the record and nothing
written."""
import datetime
import io
import json
import os
import sys
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
V = "HKCategoryValueSleepAnalysis"
PHONE = "&lt;&lt;HKDevice: 0x1&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone&gt;"
WATCH = "&lt;&lt;HKDevice: 0x2&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch&gt;"
FIELDS = ["night", "source", "device", "in_bed_min", "asleep_min", "sol_min", "waso_min",
          "awakenings", "se_pct", "naps", "nap_min"]


def record(value, start, end, device=WATCH, type_=SLEEP):
    dev = f' device="{device}"' if device else ""
    return (f' <Record type="{type_}" sourceName="Someone\'s Watch" sourceVersion="9.0"{dev} '
            f'creationDate="{end}" startDate="{start}" endDate="{end}" value="{value}">\n'
            f'  <MetadataEntry key="HKTimeZone" value="Somewhere"/>\n </Record>\n')


def heart(at):
    return record("61", at, at, device=WATCH, type_="HKQuantityTypeIdentifierHeartRate")


class Unseekable(io.RawIOBase):
    """A file zipfile cannot seek back in, so it writes data descriptors."""

    def __init__(self, f):
        self.f = f

    def writable(self):
        return True

    def write(self, b):
        return self.f.write(b)


def apple_xml(records):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE HealthData [\n<!ELEMENT HealthData (ExportDate,Me,(Record)*)>\n'
            '<!ATTLIST HealthData locale CDATA #REQUIRED>\n]>\n'
            '<HealthData locale="en_US">\n <ExportDate value="2025-11-20 08:00:00 -0800"/>\n'
            ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>\n'
            + "".join(records) + "</HealthData>\n")


# Four nights and a nap:
# - 2 November 2025, Los Angeles, clocks back at 02:00: the phone's in bed
#   22:00 -0700 to 07:00 -0800 (600 min); the watch's core 22:30-01:30
#   -0700, awake 01:30-01:40, deep 01:40 -0700 to 01:10 -0800 (30 min), REM
#   01:10-06:30 -0800: TST 180 + 30 + 320 = 530, SOL 30, WASO 10, one
#   awakening, SE 88.3; a 45-minute nap at 14:00 the day before.
# - 4 November: the phone's in bed 23:00-07:00 and asleep 23:15-06:45, the
#   watch's core 23:20-03:00, awake 03:00-03:20, core 03:20-06:40 written
#   twice: TIB 480, TST 430, SOL 15, WASO 20, 1, SE 89.6.
# - 11 November, Sydney (+1100): in bed 22:00-06:30 local, core
#   22:20-06:00: the whole night is on 10 November in UTC.  TIB 510, TST
#   460, SOL 20, SE 90.2.
# - 13 November, London (+0000), an older iPhone without stages: in bed
#   23:00-07:00, "Asleep" 23:30-06:30, across midnight UTC: TIB 480, TST
#   420, SOL 30, SE 87.5.
APPLE = [
    record(V + "InBed", "2025-11-01 22:00:00 -0700", "2025-11-02 07:00:00 -0800", PHONE),
    heart("2025-11-01 21:00:00 -0700"),
    record(V + "AsleepCore", "2025-11-01 14:00:00 -0700", "2025-11-01 14:45:00 -0700"),
    record(V + "AsleepCore", "2025-11-01 22:30:00 -0700", "2025-11-02 01:30:00 -0700"),
    record(V + "Awake", "2025-11-02 01:30:00 -0700", "2025-11-02 01:40:00 -0700"),
    record(V + "AsleepDeep", "2025-11-02 01:40:00 -0700", "2025-11-02 01:10:00 -0800"),
    record(V + "AsleepREM", "2025-11-02 01:10:00 -0800", "2025-11-02 06:30:00 -0800"),
    heart("2025-11-02 03:00:00 -0800"),
    record(V + "InBed", "2025-11-03 23:00:00 -0800", "2025-11-04 07:00:00 -0800", PHONE),
    record(V + "AsleepUnspecified", "2025-11-03 23:15:00 -0800", "2025-11-04 06:45:00 -0800",
           PHONE),
    record(V + "AsleepCore", "2025-11-03 23:20:00 -0800", "2025-11-04 03:00:00 -0800"),
    record(V + "Awake", "2025-11-04 03:00:00 -0800", "2025-11-04 03:20:00 -0800"),
    record(V + "AsleepCore", "2025-11-04 03:20:00 -0800", "2025-11-04 06:40:00 -0800"),
    record(V + "AsleepCore", "2025-11-04 03:20:00 -0800", "2025-11-04 06:40:00 -0800"),
    record(V + "InBed", "2025-11-10 22:00:00 +1100", "2025-11-11 06:30:00 +1100"),
    record(V + "AsleepCore", "2025-11-10 22:20:00 +1100", "2025-11-11 06:00:00 +1100"),
    record(V + "InBed", "2025-11-12 23:00:00 +0000", "2025-11-13 07:00:00 +0000", PHONE),
    record(V + "Asleep", "2025-11-12 23:30:00 +0000", "2025-11-13 06:30:00 +0000", PHONE),
]
APPLE_NIGHTS = [
    ["2025-11-02", "apple-health", "iPhone, Apple Watch", 600, 530, 30, 10, 1, 88.3, 1, 45],
    ["2025-11-04", "apple-health", "iPhone, Apple Watch", 480, 430, 15, 20, 1, 89.6, 0, 0],
    ["2025-11-11", "apple-health", "Apple Watch", 510, 460, 20, 0, 0, 90.2, 0, 0],
    ["2025-11-13", "apple-health", "iPhone", 480, 420, 30, 0, 0, 87.5, 0, 0],
]


def fitbit_entry(at, level, seconds):
    return {"dateTime": at, "level": level, "seconds": seconds}


# Fitbit's local clock times, no offsets.
# - The night of 8 March 2026 (US clocks forward at 02:00), stages: wake
#   10 min, light 120, deep 50 (ending at 02:00, which the clock shows as
#   03:00), wake 7 (an awakening), REM 173 with a one-minute short wake,
#   wake 20 after: TIB 380, TST 342, SOL 10, WASO 8, one awakening, SE
#   90.0.
# - A classic nap at 14:00 on the 8th (mainSleep false): asleep 30,
#   restless 2 (counted awake, as Fitbit counts it), asleep 18: 48 min.
# - The night of the 9th, classic: asleep 60, restless 6 (an awakening),
#   asleep 420, awake 4: TIB 490, TST 480, no bedtime recorded (SOL
#   unknown), WASO 6, SE 98.0, and the nap.
FITBIT = [
    {"logId": 1, "dateOfSleep": "2026-03-08", "startTime": "2026-03-07T23:00:00.000",
     "endTime": "2026-03-08T06:20:00.000", "mainSleep": True, "type": "stages",
     "levels": {"data": [
         fitbit_entry("2026-03-07T23:00:00.000", "wake", 600),
         fitbit_entry("2026-03-07T23:10:00.000", "light", 7200),
         fitbit_entry("2026-03-08T01:10:00.000", "deep", 3000),
         fitbit_entry("2026-03-08T03:00:00.000", "wake", 420),
         fitbit_entry("2026-03-08T03:07:00.000", "rem", 10380),
         fitbit_entry("2026-03-08T06:00:00.000", "wake", 1200)],
         "shortData": [fitbit_entry("2026-03-08T04:00:00.000", "wake", 60)]}},
    {"logId": 2, "dateOfSleep": "2026-03-08", "startTime": "2026-03-08T14:00:00.000",
     "mainSleep": False, "type": "classic",
     "levels": {"data": [
         fitbit_entry("2026-03-08T14:00:00.000", "asleep", 1800),
         fitbit_entry("2026-03-08T14:30:00.000", "restless", 120),
         fitbit_entry("2026-03-08T14:32:00.000", "asleep", 1080)]}},
    {"logId": 3, "dateOfSleep": "2026-03-09", "startTime": "2026-03-08T22:30:00.000",
     "mainSleep": True, "type": "classic",
     "levels": {"data": [
         fitbit_entry("2026-03-08T22:30:00.000", "asleep", 3600),
         fitbit_entry("2026-03-08T23:30:00.000", "restless", 360),
         fitbit_entry("2026-03-08T23:36:00.000", "asleep", 25200),
         fitbit_entry("2026-03-09T06:36:00.000", "awake", 240)]}},
]
FITBIT_NIGHTS = [
    ["2026-03-08", "fitbit", None, 380, 342, 10, 8, 1, 90.0, 0, 0],
    ["2026-03-09", "fitbit", None, 490, 480, None, 6, 1, 98.0, 1, 48],
]

# In bed 23:00-07:00 +02:00, asleep 23:40-06:30, awake 03:00-03:25:
# TIB 480, TST 410 - 25 = 385, SOL 40, WASO 25, one awakening, SE 80.2.
CSV = ("start,end,state\r\n"
       "2026-02-01T23:00:00+02:00,2026-02-02T07:00:00+02:00,in-bed\r\n"
       "2026-02-01T23:40:00+02:00,2026-02-02T06:30:00+02:00,asleep\r\n"
       "2026-02-02T03:00:00+02:00,2026-02-02T03:25:00+02:00,awake\r\n")
CSV_NIGHTS = [["2026-02-02", "csv", None, 480, 385, 40, 25, 1, 80.2, 0, 0]]


class SleepDeviceTest(brtest.CliTest):
    def setUp(self):
        super().setUp()
        self.pid = self.patient()

    def write(self, name, text, mode="w"):
        path = os.path.join(self.dir, name)
        with open(path, mode) as f:
            f.write(text)
        return path

    def nights(self, *args):
        docs = self.ok("sleep", "list", self.pid, *args)
        return [[d[k] for k in FIELDS] for d in docs]

    def imp(self, path, source, pid=None):
        return self.ok("import", "sleep", path, "--patient", pid or self.pid,
                       "--source", source)

    def test_apple_health_xml(self):
        path = self.write("export.xml", apple_xml(APPLE))
        r = self.imp(path, "apple-health")
        self.assertEqual((r["records"], r["skipped"], r["nights"], r["created"],
                          r["updated"], r["unchanged"]), (16, 2, 4, 4, 0, 0))
        self.assertEqual(self.nights(), APPLE_NIGHTS)
        # The range, and the human listing.
        self.assertEqual(self.nights("--from", "2025-11-03", "--to", "2025-11-11"),
                         APPLE_NIGHTS[1:3])
        rc, out, err = self.run_cli("sleep", "list", self.pid, "--to", "2025-11-02")
        self.assertEqual(rc, 0, err)
        self.assertIn("2025-11-02  apple-health iPhone, Apple Watch  in bed 600 min  "
                      "asleep 530 min  SOL 30 min  WASO 10 min  1 awakening  SE 88.3%  "
                      "naps 1 (45 min)", out)

    def test_same_file_again_changes_nothing(self):
        path = self.write("export.xml", apple_xml(APPLE))
        self.imp(path, "apple-health")
        before = self.snapshot()
        r = self.imp(path, "apple-health")
        self.assertEqual((r["nights"], r["created"], r["updated"], r["unchanged"]),
                         (4, 0, 0, 4))
        self.assertEqual(before, self.snapshot())
        # A later export with one more record updates that night only.
        more = APPLE + [record(V + "Awake", "2025-11-13 02:00:00 +0000",
                               "2025-11-13 02:30:00 +0000", PHONE)]
        r = self.imp(self.write("later.xml", apple_xml(more)), "apple-health")
        self.assertEqual((r["created"], r["updated"], r["unchanged"]), (0, 1, 3))
        self.assertEqual(self.nights("--from", "2025-11-13")[0][3:9],
                         [480, 390, 30, 30, 1, 81.3])

    def test_apple_health_zip(self):
        path = os.path.join(self.dir, "export.zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("apple_health_export/electrocardiograms/ecg.csv", "x" * 5000)
            z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
            z.writestr("apple_health_export/export.xml", apple_xml(APPLE))
        self.imp(path, "apple-health")
        self.assertEqual(self.nights(), APPLE_NIGHTS)
        # Stored rather than deflated reads the same.
        other = self.patient("Other")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            z.writestr("apple_health_export/export.xml", apple_xml(APPLE))
        self.imp(path, "apple-health", pid=other)
        self.assertEqual(len(self.ok("sleep", "list", other)), 4)
        # Written as a stream (sizes in data descriptors) with ZIP64
        # headers, as a phone's zip may be: the same nights.
        third = self.patient("Third")
        with open(path, "wb") as raw:
            with zipfile.ZipFile(Unseekable(raw), "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("apple_health_export/workout-routes/route.gpx", "y" * 3000)
                with z.open("apple_health_export/export.xml", "w", force_zip64=True) as e:
                    e.write(apple_xml(APPLE).encode())
        with zipfile.ZipFile(path) as z:
            self.assertTrue(all(i.flag_bits & 8 for i in z.infolist()))
        self.imp(path, "apple-health", pid=third)
        self.assertEqual(len(self.ok("sleep", "list", third)), 4)
        # Cut short (a download that stopped): refused, nothing written.
        with open(path, "rb") as f:
            whole = f.read()
        self.write("cut.zip", whole[:len(whole) // 2], "wb")
        self.bad("import", "sleep", os.path.join(self.dir, "cut.zip"), "--patient", self.pid,
                 "--source", "apple-health", contains="is the file whole?")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("something/else.xml", "<a/>")
        self.bad("import", "sleep", path, "--patient", self.pid, "--source", "apple-health",
                 contains="holds no export.xml")
        self.assertEqual(self.nights(), APPLE_NIGHTS)

    def test_fitbit(self):
        path = self.write("sleep-2026-03-01.json", json.dumps(FITBIT))
        r = self.imp(path, "fitbit")
        self.assertEqual((r["nights"], r["created"]), (2, 2))
        self.assertEqual(self.nights(), FITBIT_NIGHTS)
        self.assertEqual(self.imp(path, "fitbit")["unchanged"], 2)

    def test_csv(self):
        path = self.write("sleep.csv", CSV)
        self.imp(path, "csv")
        self.assertEqual(self.nights(), CSV_NIGHTS)
        # Another source's night of the same day is kept beside it.
        self.imp(self.write("f.json", json.dumps(FITBIT)), "fitbit")
        self.assertEqual(len(self.nights()), 3)

    def test_diary_is_never_touched(self):
        self.ok("diary", "add", self.pid, "--date", "2025-11-04", "--bed", "22:30",
                "--try", "22:45", "--sol", "50", "--final", "06:00", "--up", "06:30",
                "--waso", "40", "--quality", "1")
        before = self.ok("diary", "list", self.pid)
        self.imp(self.write("export.xml", apple_xml(APPLE)), "apple-health")
        self.assertEqual(before, self.ok("diary", "list", self.pid))
        self.assertEqual(self.nights("--from", "2025-11-04", "--to", "2025-11-04"),
                         [APPLE_NIGHTS[1]])

    def test_refusals_write_nothing(self):
        good = APPLE[:8]
        cases = [
            ("apple-health", apple_xml(good + [record(
                V + "AsleepCore", "2025-11-06 06:00:00 -0800", "2025-11-06 05:00:00 -0800")]),
             "the sleep record at line 33 ends before it starts"),
            ("apple-health", apple_xml(good + [record(
                V + "AsleepCore", "2025-11-06 06:00:00 -0800", "2025-11-07 07:00:00 -0800")]),
             "is longer than 24 hours"),
            ("apple-health", apple_xml(good + [record(
                V + "Dreaming", "2025-11-06 01:00:00 -0800", "2025-11-06 02:00:00 -0800")]),
             "has a value that is not a sleep state"),
            ("apple-health", apple_xml(good + [record(
                V + "Awake", "2025-11-06 01:00:00", "2025-11-06 02:00:00 -0800")]),
             "has no startDate with its UTC offset"),
            ("apple-health", apple_xml(good)[:-30], "not well-formed XML"),
            ("apple-health", "<Workouts/>", "not an Apple Health export"),
            ("apple-health", "", "the file is empty"),
            ("apple-health", '<!DOCTYPE HealthData [<!ENTITY a "aaaa">]><HealthData/>',
             "declares an entity"),
            ("fitbit", "{not json", "not valid JSON at line 1"),
            ("fitbit", '{"sleep": []}', "not a Fitbit sleep export"),
            ("fitbit", json.dumps([{"startTime": "2026-03-01T23:00:00.000",
                                    "levels": {"data": [fitbit_entry(
                                        "2026-03-01T23:00:00.000", "dozing", 60)]}}]),
             "sleep log 1, levels.data[0] has a level that is not a sleep state"),
            ("csv", CSV + "2026-02-02T23:00:00+02:00,2026-02-03T07:00:00+02:00,snoring\r\n",
             "line 5: state must be in-bed, asleep or awake"),
            ("csv", CSV + "2026-02-02T23:00:00,2026-02-03T07:00:00+02:00,asleep\r\n",
             "line 5: start is not an ISO 8601 time with its UTC offset"),
            ("csv", "begin,end,state\n", "'begin' is not a column"),
            ("csv", "", "the file is empty"),
        ]
        for source, text, message in cases:
            with self.subTest(source=source, message=message):
                path = self.write("bad", text)
                err = self.bad("import", "sleep", path, "--patient", self.pid,
                               "--source", source, contains=message)
                self.assertTrue(err.startswith("backrest: "), err)
        self.assertEqual(self.nights(), [])
        # Twenty hours of sleep records that chain into one night over a
        # day long: refused as a night, nothing written.
        chain = [record(V + "AsleepCore", f"2025-11-06 {h:02d}:00:00 +0000",
                        f"2025-11-06 {h:02d}:59:00 +0000") for h in range(0, 24)]
        chain.append(record(V + "AsleepCore", "2025-11-07 00:00:00 +0000",
                            "2025-11-07 01:00:00 +0000"))
        self.bad("import", "sleep", self.write("long.xml", apple_xml(chain)), "--patient",
                 self.pid, "--source", "apple-health",
                 contains="the night of 2025-11-06 is longer than 24 hours")
        self.assertEqual(self.nights(), [])

    def test_night_after_today(self):
        late = [record(V + "AsleepCore", "2026-03-10 23:00:00 +0000",
                       "2026-03-11 06:00:00 +0000")]
        self.bad("import", "sleep", self.write("late.xml", apple_xml(APPLE + late)),
                 "--patient", self.pid, "--source", "apple-health",
                 contains="the night of 2026-03-11 is after today")

    def test_report_shows_both(self):
        eid = self.ok("episode", "open", self.pid, "--onset", "2025-12-01", "--today",
                      "2026-01-20")["id"]
        for day in ("2026-02-02", "2026-02-03", "2026-02-04", "2026-02-05"):
            # TST (06:30 - 23:00) - 20 - 10 = 420.
            self.ok("diary", "add", self.pid, "--date", day, "--bed", "23:00", "--try",
                    "23:00", "--sol", "20", "--waso", "10", "--final", "06:30", "--up",
                    "07:00")
        # Device: 400, 380 and 410 minutes asleep, and a night the diary
        # did not record: diary minus device 20, 40, 10: mean 23.3, SD 15.3.
        csv = "start,end,state\n" + "".join(
            f"2026-02-0{d}T23:00:00Z,2026-02-0{d + 1}T{end}:00Z,asleep\n"
            for d, end in ((1, "05:40"), (2, "05:20"), (3, "05:50"), (6, "06:00")))
        self.imp(self.write("s.csv", csv), "csv")
        rep = self.ok("report", eid)
        dev = rep["device_sleep"]
        self.assertEqual((dev["from"], dev["to"]), (rep["series"]["from"],
                                                    rep["series"]["to"]))
        self.assertEqual(dev["nights"], 4)
        self.assertEqual(dev["comparison"], {"nights": 3, "mean_min": 23.3, "sd_min": 15.3})
        i = (datetime.date.fromisoformat("2026-02-02")
             - datetime.date.fromisoformat(dev["from"])).days
        self.assertEqual(dev["tst_min"][i:i + 6], [400, 380, 410, None, None, 420])
        self.assertEqual(rep["series"]["tst_min"][i:i + 4], [420, 420, 420, 420])
        self.assertTrue(dev["sentence"].startswith(
            "Over the 3 nights both recorded, the diary reports on average 23 minutes more "
            "sleep than the device (diary minus device: mean +23, SD 15 minutes)."),
            dev["sentence"])
        self.assertIn("not polysomnography", dev["sentence"])
        self.assertIn("Chinoy et al. 2021", dev["sentence"])
        out = os.path.join(self.dir, "r.html")
        self.ok("report", eid, "--format", "html", "--out", out)
        with open(out) as f:
            html = f.read()
        self.assertIn("Total sleep time (minutes): diary and device", html)
        self.assertIn("Sleep tracker: Over the 3 nights", html)
        # A patient without device nights has no such member.
        other = self.patient("Other")
        oe = self.ok("episode", "open", other, "--onset", "2025-12-01")["id"]
        self.assertNotIn("device_sleep", self.ok("report", oe))

    def test_analysis_with_device_sleep(self):
        # 40 days of pain; the device's sleep is shorter after painful
        # days (pain 7 -> 300 min, pain 3 -> 450 min the next night).
        start = datetime.date(2026, 1, 1)
        rows = ["start,end,state"]
        for i in range(40):
            day = start + datetime.timedelta(days=i)
            pain = 7 if (i // 3) % 2 else 3
            self.ok("diary", "add", self.pid, "--date", day.isoformat(), "--pain", pain,
                    "--quality", 2)
            night = day + datetime.timedelta(days=1)
            minutes = 300 if pain == 7 else 450
            bed = datetime.datetime.combine(day, datetime.time(23, 0))
            end = bed + datetime.timedelta(minutes=minutes + (i % 5) * 3)
            if night.isoformat() < "2026-02-10":
                rows.append(f"{bed.isoformat()}Z,{end.isoformat()}Z,asleep")
        self.imp(self.write("s.csv", "\n".join(rows) + "\n"), "csv")
        r = self.ok("analyze", "sleep-pain", self.pid, "--sleep", "device")
        self.assertEqual((r["sleep"], r["paired_days"], r["level"]), ("device", 39, "sufficient"))
        self.assertEqual(r["pain_to_sleep"]["outcome"], "device total sleep tonight")
        self.assertTrue(r["pain_to_sleep"]["counts"])
        self.assertLess(r["pain_to_sleep"]["estimate"], 0)
        self.assertIn("the device recorded about", r["sentence"])
        self.assertIn("minutes less sleep that night", r["sentence"])
        self.assertIn("not proof", r["sentence"])
        # The diary's measure is unchanged by device nights.
        q = self.ok("analyze", "sleep-pain", self.pid)
        self.assertNotIn("sleep", q)
        self.assertEqual(q["paired_days"], 40)
        # The same minimum-data rule: under 14 paired days, no estimate.
        r = self.ok("analyze", "sleep-pain", self.pid, "--sleep", "device", "--to",
                    "2026-01-11")
        self.assertEqual((r["paired_days"], r["level"]), (10, "none"))
        self.assertTrue(r["sentence"].startswith(
            "Only 10 days in this period have both a device night and a pain rating"))
        self.bad("analyze", "sleep-pain", self.pid, "--sleep", "watch", field="--sleep")

    def test_csv_and_fhir_export(self):
        self.imp(self.write("export.xml", apple_xml(APPLE)), "apple-health")
        out = os.path.join(self.dir, "dev.csv")
        r = self.ok("export", "csv", "--kind", "device-sleep", "--out", out)
        self.assertEqual(r["rows"], 4)
        with open(out, newline="") as f:
            lines = f.read().splitlines()
        self.assertEqual(lines[0], "patient_id,night,source,device,in_bed_min,asleep_min,"
                                   "sol_min,waso_min,awakenings,se_pct,naps,nap_min,imported_at")
        self.assertEqual([l.rsplit(",", 1)[0] for l in lines[1:]], [
            f'{self.pid},2025-11-02,apple-health,"iPhone, Apple Watch",600,530,30,10,1,88.3,1,45',
            f'{self.pid},2025-11-04,apple-health,"iPhone, Apple Watch",480,430,15,20,1,89.6,0,0',
            f"{self.pid},2025-11-11,apple-health,Apple Watch,510,460,20,0,0,90.2,0,0",
            f"{self.pid},2025-11-13,apple-health,iPhone,480,420,30,0,0,87.5,0,0"])
        self.bad("import", "csv", out, "--kind", "device-sleep", field="--kind",
                 contains="import sleep")
        bundle = os.path.join(self.dir, "b.json")
        self.ok("export", "fhir", "--out", bundle, "--patient", self.pid)
        with open(bundle) as f:
            doc = json.load(f)
        dev = [e["resource"] for e in doc["entry"]
               if e["resource"]["resourceType"] == "Observation"
               and e["resource"]["id"].startswith("obs-dev-")]
        self.assertEqual(len(dev), 4 * 5)
        tst = [o for o in dev if o["id"] == f"obs-dev-{self.pid}-2025-11-02-apple-health-"
               + "sleep-duration"][0]
        self.assertEqual(tst["valueQuantity"]["value"], 530)
        self.assertEqual(tst["effectiveDateTime"], "2025-11-02")
        self.assertEqual(tst["device"], {"display": "iPhone, Apple Watch"})
        self.assertEqual(tst["category"][0]["coding"][0]["code"], "activity")
        self.assertIn("not polysomnography", tst["method"]["text"])
        # The method is coded in the export's own sleep-method code
        # system, which the bundle publishes with that code in it.
        method = tst["method"]["coding"][0]
        self.assertEqual(method["code"], "apple-health")
        self.assertTrue(method["system"].endswith("/CodeSystem/sleep-method"))
        cs = [e["resource"] for e in doc["entry"]
              if e["resource"]["resourceType"] == "CodeSystem"
              and e["resource"].get("url") == method["system"]]
        self.assertEqual(len(cs), 1)
        self.assertEqual({c["code"]: c["display"] for c in cs[0]["concept"]}["apple-health"],
                         method["display"])
        wakes = [o for o in dev if o["id"].endswith("2025-11-02-apple-health-"
                                                    + "awakenings")]
        self.assertEqual([o.get("valueInteger") for o in wakes], [1])
        # Imported into another store, the bundle's device nights are
        # skipped (they come from the tracker's own export), not refused.
        saved, self.db = self.db, self.new_db("other.db")
        try:
            self.run_cli("init")
            r = self.ok("import", "fhir", bundle)
            self.assertEqual(r["skipped"].get("Observation"), 20)
            self.assertEqual(self.sql("SELECT COUNT(*) FROM device_nights")[0][0], 0)
        finally:
            self.db = saved

    def test_patient_and_flags(self):
        path = self.write("export.xml", apple_xml(APPLE))
        self.bad("import", "sleep", path, "--patient", "999999", "--source", "apple-health",
                 contains="there is no patient 999999")
        self.bad("import", "sleep", path, "--patient", self.pid, "--source", "garmin",
                 field="--source")
        self.bad("import", "sleep", os.path.join(self.dir, "missing.xml"), "--patient",
                 self.pid, "--source", "apple-health", contains="there is no such file")
        self.bad("sleep", "list", "999999", contains="there is no patient 999999")
        self.bad("sleep", "list", self.pid, "--from", "2025-11-06", "--to", "2025-11-02",
                 field="--from")


if __name__ == "__main__":
    brtest.main()
