#!/bin/sh
# bench/backup.sh - time and size of `backrest backup` (plain and
# encrypted), `backup --verify` and `restore` on a demo database, next to
# SQLite's own online backup (`sqlite3 DB .backup`, a page copy with no
# checks: the peer) and `cp` of the checkpointed file (the floor),
# measured in the same run.
#
#   bench/backup.sh [BUILD_DIR]     (default: build)
#   env: PATIENTS (100000), DAYS (120: the demo's default), SEED (1),
#        BR_BENCH_DIR (where the files go; default a new directory in
#        /var/tmp, removed at the end; a demo.db already there is used
#        as it is)
#
# Prints one Markdown table row per step: seconds (wall), and the size of
# what it wrote.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build}/backrest
n=${PATIENTS:-100000}
days=${DAYS:-120}
dir=${BR_BENCH_DIR:-$(mktemp -d /var/tmp/br-backup-bench.XXXXXX)}
[ -n "${BR_BENCH_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT INT TERM
db=$dir/demo.db
key=$dir/key
printf 'a passphrase for the benchmark\n' >"$key"
chmod 600 "$key"

now() { date +%s.%N; }
size() { stat -c %s "$1"; }
row() { # label seconds bytes
	printf '| %s | %.1f | %s |\n' "$1" "$2" "$3"
}
timed() { # label output-file command...
	label=$1
	outf=$2
	shift 2
	t0=$(now)
	"$@" >/dev/null
	t1=$(now)
	row "$label" "$(echo "$t1 - $t0" | bc)" "$([ -e "$outf" ] && numfmt --to=iec-i --suffix=B "$(size "$outf")" || echo -)"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| step | seconds | bytes written |"
echo "|---|---:|---:|"
if [ -s "$db" ]; then
	echo "| demo database already in $dir: not generated again | - | - |"
else
	timed "demo --patients $n --days $days (generate)" "-" \
		"$bin" --db "$db" demo --patients "$n" --days "$days" --seed "${SEED:-1}"
fi
# The database as one file (the WAL checkpointed), for the floor and size.
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
row "database file (checkpointed)" 0 "$(numfmt --to=iec-i --suffix=B "$(size "$db")")"
timed "floor: cp of the database file" "$dir/copy.db" cp "$db" "$dir/copy.db"
rm -f "$dir/copy.db"
timed "peer: sqlite3 .backup (online page copy, no checks)" "$dir/peer.db" \
	sqlite3 "$db" ".backup '$dir/peer.db'"
rm -f "$dir/peer.db"
timed "backrest backup (plain)" "$dir/plain.brb" \
	"$bin" --db "$db" --quiet backup --out "$dir/plain.brb"
timed "backrest backup --encrypt (argon2id moderate)" "$dir/enc.brb" \
	"$bin" --db "$db" --quiet backup --out "$dir/enc.brb" --encrypt --key-file "$key"
timed "backrest backup --verify (plain)" "-" \
	"$bin" --quiet backup --verify "$dir/plain.brb"
timed "backrest backup --verify (encrypted)" "-" \
	"$bin" --quiet backup --verify "$dir/enc.brb" --key-file "$key"
timed "backrest restore (encrypted, into a new SQLite file)" "$dir/restored.db" \
	"$bin" --db "$dir/restored.db" --quiet restore "$dir/enc.brb" --key-file "$key"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
