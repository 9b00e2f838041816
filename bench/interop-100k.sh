#!/bin/sh
# Export and import throughput at scale: the demo data set of
# 100 000 patients x 365 days (results in bench/RESULTS.md).
#   bench/interop-100k.sh [BACKREST] [SAMPLE_SECONDS]
# Needs bench/data/big.db, made once (about 4-8 min) with
#   backrest --db bench/data/big.db --today 2026-11-21 demo --patients 100000 --days 365 --seed 1
# The full FHIR export of that store is ~260 M resources (~250 GB of NDJSON),
# more than this machine's free disk, so:
#   1. export: the whole store is streamed as one Bundle to a pipe
#      (--out -) for SAMPLE_SECONDS (300) and the entries are counted;
#   2. import: a 1 000-patient x 365-day demo (same generator, other seed)
#      is exported as NDJSON and imported with `import ndjson` into an empty
#      store, again (everything matched), and into a copy of the 100 000-
#      patient store (the indexes at full size).
set -eu
bin=${1:-build/backrest}
sample=${2:-300}
here=$(dirname "$0")
data=$here/data
out=$here/out/interop-100k
rm -rf "$out"
mkdir -p "$out"
export BACKREST_TODAY=2026-11-21
big=$data/big.db
test -f "$big" || { echo "make $big first (see the header)" >&2; exit 1; }
timed() {
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/last" 2>&1 || {
		cat "$out/last" >&2
		exit 1
	}
	set -- $(cat "$out/time")
	echo "$label: $1 s, peak RSS $(($2 / 1024)) MB"
}
# Opening applies pending migrations once, outside the timings.
$bin --db "$big" --quiet patient list --json >/dev/null
echo "store: $(sqlite3 "$big" 'SELECT count(*) FROM patients') patients," \
	"$(sqlite3 "$big" 'SELECT count(*) FROM diary_days') diary days," \
	"$(sqlite3 "$big" 'SELECT count(*) FROM sessions') sessions"

# 1. Export rate over the real store.
start=$(date +%s.%N)
n=$( (timeout "$sample" $bin --db "$big" --quiet export fhir --out - 2>/dev/null || true) | wc -l)
end=$(date +%s.%N)
echo "export fhir --out - (100k store, ${sample} s sample): $n entries in" \
	"$(echo "$end - $start" | bc) s = $(echo "$n / ($end - $start)" | bc) resources/s"

# 2. Import of a 1000 x 365 slice.
slice=$out/slice.db
$bin --db "$slice" --quiet demo --patients 1000 --days 365 --seed 2 >/dev/null
timed "export ndjson (1000 x 365)" $bin --db "$slice" --quiet export ndjson --dir "$out/nd"
res=$(cat "$out"/nd/*.ndjson | wc -l)
echo "slice: $res resources, $(du -sm "$out/nd" | cut -f1) MB of NDJSON"
timed "import ndjson into an empty store" $bin --db "$out/empty.db" --quiet import ndjson --dir "$out/nd"
timed "import ndjson again (all matched)" $bin --db "$out/empty.db" --quiet import ndjson --dir "$out/nd"
cp "$big" "$out/big-copy.db"
timed "import ndjson into the 100k store" $bin --db "$out/big-copy.db" --quiet import ndjson --dir "$out/nd"
rm -f "$out/big-copy.db" "$out/big-copy.db-wal" "$out/big-copy.db-shm"
