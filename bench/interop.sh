#!/bin/sh
# Export and import throughput of the interoperability commands on a demo
# database (results in bench/RESULTS.md).
#   bench/interop.sh [BACKREST] [PATIENTS] [DAYS]
# Writes into bench/out/ (git-ignored).  Prints one line per command:
# wall seconds, peak RSS and resources (or rows) per second.
set -eu
bin=${1:-build/backrest}
patients=${2:-1000}
days=${3:-120}
out=$(dirname "$0")/out/interop
rm -rf "$out"
mkdir -p "$out"
export BACKREST_TODAY=2026-03-10
db="$out/a.db"
$bin --db "$db" --quiet demo --patients "$patients" --days "$days" >/dev/null
run() {
	label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/last" 2>&1 || {
		cat "$out/last" >&2
		exit 1
	}
	set -- $(cat "$out/time")
	echo "$label: $1 s, peak RSS $(($2 / 1024)) MB"
}
run "export fhir (one Bundle)" $bin --db "$db" export fhir --out "$out/a.json"
run "export ndjson" $bin --db "$db" export ndjson --dir "$out/nd"
run "export csv diary" $bin --db "$db" export csv --kind diary --out "$out/d.csv"
run "export csv sessions" $bin --db "$db" export csv --kind sessions --out "$out/s.csv"
run "import fhir into an empty db" $bin --db "$out/b.db" import fhir "$out/a.json"
run "import fhir again (all matched)" $bin --db "$out/b.db" import fhir "$out/a.json"
run "import csv diary (all unchanged)" $bin --db "$db" --quiet import csv --kind diary "$out/d.csv"
resources=$(cat "$out"/nd/*.ndjson | wc -l)
rows=$(($(wc -l <"$out/d.csv") - 1))
echo "resources: $resources, diary rows: $rows, bundle $(($(wc -c <"$out/a.json") / 1048576)) MB"
