#!/bin/sh
# bench/compare-builds.sh - whole-process timings of two builds of backrest
# on the same data, interleaved, for a before/after comparison on a shared
# machine.
#
#   bench/compare-builds.sh OLD_BUILD NEW_BUILD DB_OLD DB_NEW [ROUNDS] [RUNS]
#
# DB_OLD and DB_NEW are two copies of one database (each build opens its
# own copy, so a migration by the new build does not touch the old one's).
# Each round runs `hyperfine -N` on every command for both builds, the
# old build first in odd rounds and the new build first in even ones, RUNS
# timed runs each (default 10) after 2 warm-up runs; ROUNDS default 5;
# each run starts from a checkpointed WAL (below).
# Prints, per command, the median wall time of all runs of each build, the
# ratio new/old of those medians and the median of the per-round ratios,
# the mean CPU time (user + system) and the load average at each round.
# Raw hyperfine JSON: bench/out/compare/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
old=$1/backrest new=$2/backrest dbo=$3 dbn=$4
rounds=${5:-5} runs=${6:-10}
out=$root/bench/out/compare
mkdir -p "$out"
rm -f "$out"/round-*.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
today=2026-11-21
# Before every run (hyperfine --prepare): checkpoint the database's WAL so
# both builds start from the same file state.  The first connection of a
# process replays the WAL into its index, a cost that grows with the WAL
# (~5 M instructions at a few MB), and the two copies' WALs diverge as the
# builds write different audit rows.
ckpt=$tmp/checkpoint
printf '%s\n' '#!/usr/bin/python3' 'import sqlite3, sys' \
	"sqlite3.connect(sys.argv[1]).execute('PRAGMA wal_checkpoint(TRUNCATE)')" >"$ckpt"
chmod +x "$ckpt"
# The episode in the middle of the id range (deterministic).
eid=$(python3 - "$dbo" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("SELECT count(*) FROM episodes").fetchone()[0]
print(c.execute("SELECT episode_id FROM episodes ORDER BY episode_id "
                "LIMIT 1 OFFSET ?", (n // 2,)).fetchone()[0])
PY
)
# name|arguments after "--db DB --today T --quiet"; @OUT@ becomes a file
# of each build's own.
cmds="cohort|--json cohort
outcome|--json outcome $eid
report-json|report $eid --format json
report-html|report $eid --format html --out @OUT@.html
report-pdf|report $eid --format pdf --out @OUT@.pdf"
i=1
while [ "$i" -le "$rounds" ]; do
	if [ $((i % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
	echo "$cmds" | while IFS='|' read -r name args; do
		for b in $order; do
			if [ "$b" = old ]; then bin=$old db=$dbo; else bin=$new db=$dbn; fi
			a=$(echo "$args" | sed "s|@OUT@|$tmp/$b|")
			printf '%s\n' "-n" "$b $name" "--prepare" "$ckpt $db" \
				"$bin --db $db --today $today --quiet $a"
		done
	done >"$tmp/argv"
	# hyperfine's own arguments, one per line (commands contain spaces).
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	python3 - "$tmp/argv" "$out/round-$i.json" "$runs" "$load" <<'PY'
import json, subprocess, sys
argv_file, dest, runs, load = sys.argv[1:]
args = open(argv_file).read().splitlines()
subprocess.run(["hyperfine", "-N", "--warmup", "2", "--runs", runs,
                "--export-json", dest] + args, check=True,
               stdout=subprocess.DEVNULL)
d = json.load(open(dest))
d["load_before"] = load
json.dump(d, open(dest, "w"))
PY
	echo "round $i done (load before: $(cut -d' ' -f1-3 /proc/loadavg | sed 's/ / \/ /g') now)" >&2
	i=$((i + 1))
done
python3 - "$out" "$rounds" "$eid" <<'PY'
import json, statistics as st, sys
out, rounds, eid = sys.argv[1], int(sys.argv[2]), sys.argv[3]
allt, cpu, ratios, loads = {}, {}, {}, []
for i in range(1, rounds + 1):
    d = json.load(open(f"{out}/round-{i}.json"))
    loads.append(d["load_before"])
    med = {}
    for r in d["results"]:
        b, name = r["command"].split(" ", 1)
        allt.setdefault((name, b), []).extend(r["times"])
        cpu.setdefault((name, b), []).append(r["user"] + r["system"])
        med[(name, b)] = r["median"]
    for (name, b), m in med.items():
        if b == "new":
            ratios.setdefault(name, []).append(m / med[(name, "old")])
names = []
for (name, _b) in allt:
    if name not in names:
        names.append(name)
print(f"episode {eid}; {rounds} rounds; load average (1/5/15 min) before "
      f"each round: {'; '.join(loads)}")
print()
print("| command | old median ms | new median ms | new/old (medians) "
      "| new/old (median of rounds; min-max) | old CPU ms | new CPU ms "
      "| runs each |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for n in names:
    o, w = allt[(n, "old")], allt[(n, "new")]
    mo, mn = st.median(o) * 1e3, st.median(w) * 1e3
    r = ratios[n]
    print(f"| {n} | {mo:.1f} | {mn:.1f} | {mn / mo:.2f} | {st.median(r):.2f}"
          f" ({min(r):.2f}-{max(r):.2f}) | {st.mean(cpu[(n, 'old')]) * 1e3:.1f}"
          f" | {st.mean(cpu[(n, 'new')]) * 1e3:.1f} | {len(o)} |")
PY
