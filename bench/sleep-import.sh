#!/bin/sh
# Sleep import throughput: generates a synthetic Apple Health export.xml
# of SIZE_MB megabytes (default 1024) that is mostly other records (heart
# rate, steps, energy, with metadata, as real exports are) and a sleep
# night every day (Apple Watch stages and the iPhone's in-bed), then times
# `backrest import sleep` on it with /usr/bin/time -v (elapsed, peak RSS).
#
#   bench/sleep-import.sh [BUILD_DIR] [SIZE_MB]
#
# No real person's data: every value is made up here.
set -eu
BUILD=${1:-build}
SIZE_MB=${2:-1024}
DIR=$(mktemp -d /tmp/br-sleep-bench.XXXXXX)
trap 'rm -rf "$DIR"' EXIT INT TERM
python3 - "$DIR/export.xml" "$SIZE_MB" <<'PY'
import sys, datetime
path, size = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
V = "HKCategoryValueSleepAnalysis"
WATCH = "&lt;&lt;HKDevice: 0x1&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,1, software:10.1&gt;"
head = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE HealthData [\n'
        '<!ELEMENT HealthData (ExportDate,Me,(Record)*)>\n'
        '<!ATTLIST HealthData locale CDATA #REQUIRED>\n]>\n'
        '<HealthData locale="en_US">\n <ExportDate value="2026-01-01 08:00:00 +0000"/>\n'
        ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>\n')
def ts(t):
    return t.strftime("%Y-%m-%d %H:%M:%S +0000")
def rec(typ, unit, start, end, value, meta=""):
    return (f' <Record type="{typ}" sourceName="Watch" sourceVersion="10.1" device="{WATCH}" '
            f'unit="{unit}" creationDate="{ts(end)}" startDate="{ts(start)}" endDate="{ts(end)}" '
            f'value="{value}">{meta}</Record>\n' if meta else
            f' <Record type="{typ}" sourceName="Watch" sourceVersion="10.1" device="{WATCH}" '
            f'unit="{unit}" creationDate="{ts(end)}" startDate="{ts(start)}" endDate="{ts(end)}" '
            f'value="{value}"/>\n')
META = '\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>\n '
day = datetime.datetime(2015, 1, 1)
written = 0
with open(path, "w") as f:
    f.write(head)
    while written < size:
        chunk = []
        t = day
        # A day of other records: heart rate every 5 minutes, steps and
        # energy every 15.
        for i in range(288):
            s = t + datetime.timedelta(minutes=5 * i)
            chunk.append(rec("HKQuantityTypeIdentifierHeartRate", "count/min", s, s,
                             55 + i % 40, META))
            if i % 3 == 0:
                e = s + datetime.timedelta(minutes=15)
                chunk.append(rec("HKQuantityTypeIdentifierStepCount", "count", s, e, i * 7 % 900))
                chunk.append(rec("HKQuantityTypeIdentifierActiveEnergyBurned", "Cal", s, e,
                                 "%.3f" % (i * 0.37 % 40)))
        # The night: in bed 23:00-07:00, stages.
        bed = day + datetime.timedelta(hours=23)
        chunk.append(rec(SLEEP, "", bed, bed + datetime.timedelta(hours=8), V + "InBed"))
        m = 10
        for k, stage in enumerate(["AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM",
                                   "Awake", "AsleepCore", "AsleepREM", "AsleepCore"]):
            a = bed + datetime.timedelta(minutes=m)
            m += 55 if stage != "Awake" else 6
            chunk.append(rec(SLEEP, "", a, bed + datetime.timedelta(minutes=m), V + stage))
        text = "".join(chunk)
        f.write(text)
        written += len(text)
        day += datetime.timedelta(days=1)
    f.write("</HealthData>\n")
PY
BYTES=$(stat -c %s "$DIR/export.xml")
"$BUILD/backrest" --db "$DIR/b.db" --quiet init >/dev/null
PID=$("$BUILD/backrest" --db "$DIR/b.db" --json patient add --name Bench | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Read the file once so the timed run measures the import, not the disk.
cat "$DIR/export.xml" >/dev/null
# Nights run from 2015 for as many days as the size needs: "today" is set
# past them.
if ! /usr/bin/time -v "$BUILD/backrest" --db "$DIR/b.db" --today 2099-12-31 \
	import sleep "$DIR/export.xml" --patient "$PID" --source apple-health \
	2>"$DIR/time.txt"; then
	cat "$DIR/time.txt" >&2
	exit 1
fi
ELAPSED=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$DIR/time.txt")
RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$DIR/time.txt")
CPU=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$DIR/time.txt")
python3 - "$BYTES" "$ELAPSED" "$RSS" "$CPU" <<'PY'
import sys
b, e, rss, cpu = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
parts = [float(x) for x in e.split(":")]
sec = parts[-1] + (parts[-2] * 60 if len(parts) > 1 else 0) + (parts[-3] * 3600 if len(parts) > 2 else 0)
print(f"file {b / 1e6:.0f} MB ({b} bytes), elapsed {sec:.2f} s, "
      f"{b / 1e6 / sec:.0f} MB/s, CPU (user + sys) {cpu:.2f} s = "
      f"{b / 1e6 / max(cpu, 0.01):.0f} MB/s of CPU, peak RSS {rss / 1024:.1f} MB")
PY
