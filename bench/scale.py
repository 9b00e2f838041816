#!/usr/bin/env python3
"""bench/scale.py - screens cost what they show: one clinic of 2,000
patients inside networks of 2,000, 20,000 and 100,000 patients.

    bench/scale.py [--sizes 2000,20000,100000] [--runs 9] [--pg DIR]

For each size N it uses bench/data/scale-N.db, made once by
`backrest demo --patients N --clinics N/2000 --days 365 --seed 1` (the
100,000-patient one takes minutes; the files are kept and reused), and
with --pg DIR (the socket directory of a PostgreSQL cluster, e.g. one
started by `tests/pg/cluster start DIR`) the database scale_N there,
copied once from the SQLite file with `backrest migrate`.  Then, whole
process and median of --runs runs, in milliseconds, for the first clinic
(2,000 patients in every size):

    due --clinic C, overview --clinic C, patient search mar --clinic C,
    GET /api/v1/due as a practitioner of C (the Today page's request:
    one HTTP request to a running `backrest serve`, signed in), and the
    network-wide overview (every clinic).

Prints a Markdown table for bench/RESULTS.md.  Heavy: run it on its own.
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TODAY = "2026-11-21"
PW = "bench password 1234"
DOC = "scale-doc@bench.test"


def run(br, db, *args, stdin=None, check=True):
    p = subprocess.run([br, "--db", db, "--today", TODAY, "--quiet", *args],
                       input=stdin, capture_output=True, text=True)
    if check and p.returncode != 0:
        sys.exit(f"bench/scale.py: {' '.join(args)}: {p.stderr.strip()}")
    return p.stdout


def make_sqlite(br, n):
    db = os.path.join(HERE, "data", f"scale-{n}.db")
    if not os.path.exists(db):
        os.makedirs(os.path.dirname(db), exist_ok=True)
        t = time.monotonic()
        print(f"bench: demo of {n} patients in {n // 2000} clinics...",
              file=sys.stderr)
        subprocess.run([br, "--db", db + ".tmp", "--today", TODAY, "demo",
                        "--patients", str(n), "--clinics", str(n // 2000),
                        "--days", "365", "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
        os.rename(db + ".tmp", db)
        for ext in ("-wal", "-shm"):
            if os.path.exists(db + ".tmp" + ext):
                os.rename(db + ".tmp" + ext, db + ext)
        print(f"bench: demo of {n}: {time.monotonic() - t:.0f} s",
              file=sys.stderr)
    return db


def make_pg(br, sqlite_db, n, host):
    name = f"scale_{n}"
    uri = f"postgresql:///{name}?host={host}&user=backrest"
    tmp = name + "_tmp"

    def admin(sql):
        return subprocess.run(["psql", "-h", host, "-U", "backrest", "-d", "postgres",
                               "-Atc", sql], capture_output=True, text=True,
                              check=True).stdout.strip()
    if not admin(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):
        # Copied under another name and renamed when whole.
        admin(f'DROP DATABASE IF EXISTS "{tmp}"')
        admin(f'CREATE DATABASE "{tmp}"')
        subprocess.run([br, "--quiet", "migrate", "--from", "sqlite:" + sqlite_db,
                        "--to", uri.replace(name, tmp)], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["psql", "-h", host, "-U", "backrest", "-d", tmp, "-c",
                        "ANALYZE"], check=True, stdout=subprocess.DEVNULL)
        admin(f'ALTER DATABASE "{tmp}" RENAME TO "{name}"')
    return uri


def first_clinic(br, db):
    return json.loads(run(br, db, "--json", "clinic", "list"))[0]["id"]


def timed(argv, runs):
    """Medians of wall and CPU (user + system) milliseconds of the whole
    process: on a shared machine the CPU time is the steadier measure."""
    ms, cpu = [], []
    for _ in range(runs):
        r0 = os.times()
        t = time.monotonic()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        ms.append((time.monotonic() - t) * 1000)
        r1 = os.times()
        cpu.append((r1.children_user + r1.children_system - r0.children_user -
                    r0.children_system) * 1000)
    return statistics.median(ms), statistics.median(cpu)


def server_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def today_request(br, db, clinic, runs):
    """Median of GET /api/v1/due over HTTP, signed in as a practitioner of
    clinic (the account is made once per database)."""
    users = json.loads(run(br, db, "--json", "user", "list"))
    if not any(u["email"] == DOC for u in users):
        run(br, db, "user", "add", "--email", DOC, "--role", "practitioner",
            "--clinic", str(clinic), "--password-stdin", stdin=PW + "\n")
    srv = subprocess.Popen([br, "--db", db, "--today", TODAY, "--quiet", "serve",
                            "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    try:
        line = srv.stdout.readline()
        while line and not line.startswith("listening on"):
            line = srv.stdout.readline()
        port = int(line.rsplit(":", 1)[1])
        c = http.client.HTTPConnection("127.0.0.1", port)
        c.request("POST", "/api/v1/session", json.dumps({"email": DOC, "password": PW}),
                  {"Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        cookie = r.getheader("Set-Cookie").split(";", 1)[0]
        ms = []
        c0 = server_cpu(srv.pid)
        for _ in range(runs):
            t = time.monotonic()
            c.request("GET", "/api/v1/due", headers={"Cookie": cookie})
            r = c.getresponse()
            r.read()
            ms.append((time.monotonic() - t) * 1000)
            if r.status != 200:
                sys.exit(f"bench/scale.py: GET /api/v1/due: {r.status}")
        # The server's CPU per request (in clock ticks: coarse).
        return statistics.median(ms), (server_cpu(srv.pid) - c0) / runs
    finally:
        srv.terminate()
        srv.wait()


def measure(br, db, runs):
    c = str(first_clinic(br, db))
    base = [br, "--db", db, "--today", TODAY, "--quiet", "--json"]
    return {
        "due": timed(base + ["due", "--clinic", c], runs),
        "overview": timed(base + ["overview", "--clinic", c], runs),
        "search": timed(base + ["patient", "search", "mar", "--clinic", c], runs),
        "today": today_request(br, db, c, runs),
        "network": timed(base + ["overview"], runs),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backrest", default=os.path.join(ROOT, "build", "backrest"))
    ap.add_argument("--sizes", default="2000,20000,100000")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--pg", help="socket directory of a PostgreSQL cluster")
    a = ap.parse_args()
    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        db = make_sqlite(a.backrest, n)
        targets = [("SQLite", db)]
        if a.pg:
            targets.append(("PostgreSQL", make_pg(a.backrest, db, n, a.pg)))
        for backend, target in targets:
            m = measure(a.backrest, target, a.runs)
            rows.append((backend, n, m))
            print(f"bench: {backend} {n}: " +
                  ", ".join(f"{k} {v[0]:.0f} ms ({v[1]:.0f} ms CPU)"
                            for k, v in m.items()), file=sys.stderr)
    print(f"Median of {a.runs} runs, milliseconds: wall (CPU, user + system; "
          "for GET /api/v1/due the server's CPU per request).  Load average "
          f"at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n")
    print("| backend | network | due | overview | patient search | GET /api/v1/due "
          "| network overview |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for backend, n, m in rows:
        print(f"| {backend} | {n:,} | " +
              " | ".join(f"{m[k][0]:.0f} ({m[k][1]:.0f})"
                         for k in ("due", "overview", "search", "today", "network")) +
              " |")


if __name__ == "__main__":
    main()
