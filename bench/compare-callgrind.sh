#!/bin/sh
# bench/compare-callgrind.sh OLD_BUILD NEW_BUILD DB_OLD DB_NEW [OUTDIR]
#
# Instruction counts (valgrind --tool=callgrind: repeatable on a loaded
# machine, unlike wall or CPU time) of the whole-process commands of
# bench/compare-builds.sh, for two builds, each on its own copy of one
# SQLite database.  Each database's WAL is checkpointed (TRUNCATE) before
# every run so both start from the same file state: the first connection
# replays the WAL into its index, a cost that grows with the WAL (up to
# ~5 M instructions at a few MB), which would otherwise be counted as a
# difference between the builds.  fsync is not an instruction, so the
# durability setting does not show here.
#
# Prints one line per command: name, old Ir, new Ir, new/old.  Profiles:
# OUTDIR (default bench/out/callgrind), for callgrind_annotate.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
old=$1/backrest new=$2/backrest dbo=$3 dbn=$4
out=${5:-$root/bench/out/callgrind}
mkdir -p "$out"
eid=$(python3 - "$dbo" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("SELECT count(*) FROM episodes").fetchone()[0]
print(c.execute("SELECT episode_id FROM episodes ORDER BY episode_id "
                "LIMIT 1 OFFSET ?", (n // 2,)).fetchone()[0])
PY
)
echo "episode $eid"
printf '%s\n' "cohort|--json cohort" "outcome|--json outcome $eid" \
	"report-json|report $eid --format json" \
	"report-html|report $eid --format html --out $out/@.html" \
	"report-pdf|report $eid --format pdf --out $out/@.pdf" "help|" |
	while IFS='|' read -r name args; do
		for b in old new; do
			if [ "$b" = old ]; then bin=$old db=$dbo; else bin=$new db=$dbn; fi
			python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" "$db"
			a=$(echo "$args" | sed "s|@|$b|")
			if [ "$name" = help ]; then
				set -- "$bin" help
			else
				# shellcheck disable=SC2086 # the arguments are words
				set -- "$bin" --db "$db" --today 2026-11-21 --quiet $a
			fi
			valgrind --tool=callgrind --callgrind-out-file="$out/$b-$name.out" \
				"$@" >/dev/null 2>"$out/$b-$name.log"
		done
		o=$(sed -n 's/.*Collected : //p' "$out/old-$name.log")
		n=$(sed -n 's/.*Collected : //p' "$out/new-$name.log")
		echo "$name $o $n $(python3 -c "print(f'{$n / $o:.3f}')")"
	done
