#!/usr/bin/python3
"""bench/outcome.py: backrest outcome and backrest report in each format
(JSON, HTML, PDF) for one episode on the 100 000-patient database
(targets: outcome and JSON under 20 ms, HTML <= 20 ms, PDF <= 40 ms), with
hyperfine; writes its own section of bench/RESULTS.md.

    bench/outcome.py [--backrest build/backrest] [--db bench/data/demo.db]
                     [--runs 40] [--episodes 5]

Episodes are spread over the id range (deterministic).  Each command is the
whole process: start, open the database, one read transaction with its
audit row, JSON out.  "backrest help" (no database) is timed as the floor of
starting the process.
"""
import argparse
import datetime
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-11-21"
TARGET_MS = {"outcome": 20.0, "report json": 20.0, "report html": 20.0,
             "report pdf": 40.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backrest", default=os.path.join(HERE, "..", "build",
                                                       "backrest"))
    ap.add_argument("--db", default=os.path.join(HERE, "data", "demo.db"))
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--episodes", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    a = ap.parse_args()
    con = sqlite3.connect(a.db)
    total = con.execute("SELECT count(*) FROM episodes").fetchone()[0]
    patients = con.execute("SELECT count(*) FROM patients").fetchone()[0]
    eids = [con.execute("SELECT episode_id FROM episodes ORDER BY "
                        "episode_id LIMIT 1 OFFSET ?",
                        (total * (2 * k + 1) // (2 * a.episodes),))
            .fetchone()[0] for k in range(a.episodes)]
    con.close()
    base = f"{a.backrest} --db {a.db} --today {TODAY} --quiet"
    cmds = [("process start (backrest help, no database)",
             f"{a.backrest} help")]
    outdir = tempfile.mkdtemp(prefix="br-outcome-")
    for e in eids:
        cmds.append((f"outcome {e}", f"{base} --json outcome {e}"))
        cmds.append((f"report json {e}",
                     f"{base} report {e} --format json"))
        for fmt in ("html", "pdf"):
            cmds.append((f"report {fmt} {e}",
                         f"{base} report {e} --format {fmt} --out "
                         f"{outdir}/r.{fmt}"))
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        argv = ["hyperfine", "-N", "--warmup", "5", "--runs", str(a.runs),
                "--export-json", tmp.name]
        for _, c in cmds:
            argv.append(c)
        subprocess.run(argv, check=True, stdout=sys.stderr)
        res = json.load(open(tmp.name))["results"]
    rows = []
    for (label, _), r in zip(cmds, res):
        t = sorted(r["times"])
        rows.append((label, 1000 * r["median"], 1000 * r["mean"],
                     1000 * t[int(0.95 * (len(t) - 1))], len(t),
                     1000 * (r["user"] + r["system"])))
    load = os.getloadavg()
    worst = {k: max(r[1] for r in rows if r[0].startswith(k + " "))
             for k in TARGET_MS}
    size = len(subprocess.run(
        [a.backrest, "--db", a.db, "--today", TODAY, "--quiet", "report",
         str(eids[0]), "--format", "json"], capture_output=True,
        check=True).stdout)
    lines = []
    w = lines.append
    w(f"Written by `bench/outcome.py` on {datetime.date.today().isoformat()}"
      f" ({platform.machine()}, {os.cpu_count()} cores, shared with other "
      f"work).  Database: `backrest demo --patients 100000 --days 365 "
      f"--seed 1` ({patients} patients, {total} episodes; each patient has "
      "a 365-day diary and about 10 sessions).  hyperfine "
      f"1.15 (`-N --warmup 5 --runs {a.runs}`), warm page cache.\n")
    w("Command: `" + base.replace(a.backrest, "backrest")
      .replace(a.db, "bench/data/demo.db") +
      " --json outcome EPISODE`, `... report EPISODE --format json` "
      f"(the report document is {size / 1000:.0f} kB: the outcome, "
      "treatments, adherence and the chart series) and `... report "
      "EPISODE --format html|pdf --out FILE` (the file written through a "
      "flushed temporary file renamed over it).\n")
    w(f"Load average when the run ended: {load[0]:.1f} / {load[1]:.1f} / "
      f"{load[2]:.1f} on {os.cpu_count()} cores, so wall times include "
      "waiting for a core; the CPU time (user + system, mean) is what one "
      "run costs.\n")
    w("| command | median ms | mean ms | p95 ms | CPU ms | runs |")
    w("|---|---|---|---|---|---|")
    for label, med, mean, p95, n, cpu in rows:
        w(f"| {label} | {med:.1f} | {mean:.1f} | {p95:.1f} | {cpu:.1f} | "
          f"{n} |")
    w("")
    for k, target in TARGET_MS.items():
        ok = worst[k] <= target
        w(f"- `{k}` at most {target:.0f} ms for one episode: slowest median "
          f"{worst[k]:.1f} ms (**{'met' if ok else 'NOT met'}**).")
    w("")
    text = "\n".join(lines) + "\n"
    begin, end = "<!-- outcome:begin -->", "<!-- outcome:end -->"
    section = (f"{begin}\n## Outcome and report for one episode"
               f"\n\n{text}{end}\n")
    old = open(a.out).read() if os.path.exists(a.out) else \
        "# Benchmark results\n"
    if begin in old and end in old:
        new = old[:old.index(begin)] + section + \
            old[old.index(end) + len(end) + 1:]
    else:
        new = old.rstrip("\n") + "\n\n" + section
    open(a.out, "w").write(new)
    for f in os.listdir(outdir):
        os.unlink(os.path.join(outdir, f))
    os.rmdir(outdir)
    print(text)


if __name__ == "__main__":
    main()
