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
    GET /api/v1/due and GET /api/v1/today as a practitioner of C (one
    HTTP request each to a running `backrest serve`, signed in; the
    second is the Today page's one request), and the network-wide
    overview (every clinic).

CPU is user + system time: of the process for a command, of the server
per request for the HTTP requests, and with --pg also PostgreSQL's own
(every process of the cluster, reaped or alive), which the wall time
waits for.  --per-patient also replays, once, the requests the Today page
made before GET /api/v1/today existed (a summary per patient, the
red-flag status and the day's visits of each open episode, the outcome
of each one past 4 sessions), for comparison.

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


PG_DIR = None  # the cluster's directory with --pg: its CPU is counted too


def proc_cpu(pid, children=False):
    """CPU milliseconds of a process (and of its reaped children)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, None
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK"), int(fields[1])


def pg_cpu():
    """CPU milliseconds of the whole PostgreSQL cluster so far: the
    postmaster with the backends it reaped, and the live ones."""
    if not PG_DIR:
        return 0.0
    with open(os.path.join(PG_DIR, "data", "postmaster.pid")) as f:
        pm = int(f.readline())
    total = proc_cpu(pm, children=True)[0]
    for d in os.listdir("/proc"):
        if d.isdigit():
            cpu, ppid = proc_cpu(d)
            if ppid == pm:
                total += cpu
    return total


def timed(argv, runs, pg=False):
    """Medians of wall and CPU (user + system) milliseconds of the whole
    process (with pg, PostgreSQL's CPU added): on a shared machine the
    CPU time is the steadier measure."""
    ms, cpu = [], []
    for _ in range(runs):
        r0, p0 = os.times(), pg_cpu() if pg else 0.0
        t = time.monotonic()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        ms.append((time.monotonic() - t) * 1000)
        r1, p1 = os.times(), pg_cpu() if pg else 0.0
        cpu.append((r1.children_user + r1.children_system - r0.children_user -
                    r0.children_system) * 1000 + p1 - p0)
    return statistics.median(ms), statistics.median(cpu)


def server_cpu(pid):
    return proc_cpu(pid)[0]


def serve(br, db, clinic):
    """A running `backrest serve` on db and a signed-in connection of a
    practitioner of clinic (the account is made once per database)."""
    users = json.loads(run(br, db, "--json", "user", "list"))
    if not any(u["email"] == DOC for u in users):
        run(br, db, "user", "add", "--email", DOC, "--role", "practitioner",
            "--clinic", str(clinic), "--password-stdin", stdin=PW + "\n")
    srv = subprocess.Popen([br, "--db", db, "--today", TODAY, "--quiet", "serve",
                            "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True)
    line = srv.stdout.readline()
    while line and not line.startswith("listening on"):
        line = srv.stdout.readline()
    port = int(line.rsplit(":", 1)[1])
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("POST", "/api/v1/session", json.dumps({"email": DOC, "password": PW}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    return srv, c, r.getheader("Set-Cookie").split(";", 1)[0]


def get(c, cookie, path):
    c.request("GET", path, headers={"Cookie": cookie})
    r = c.getresponse()
    body = r.read()
    return r.status, body


def http_requests(br, db, clinic, runs, paths, pg=False):
    """Per path: median wall milliseconds of the request and the CPU per
    request of the server (and of PostgreSQL with pg), or None when the
    server has no such route."""
    srv, c, cookie = serve(br, db, clinic)
    out = {}
    try:
        for path in paths:
            if get(c, cookie, path)[0] == 404:
                out[path] = None
                continue
            ms = []
            c0, p0 = server_cpu(srv.pid), pg_cpu() if pg else 0.0
            for _ in range(runs):
                t = time.monotonic()
                status, body = get(c, cookie, path)
                ms.append((time.monotonic() - t) * 1000)
                if status != 200:
                    sys.exit(f"bench/scale.py: GET {path}: {status}")
            # The CPU per request (in clock ticks: coarse).
            cpu = server_cpu(srv.pid) - c0 + (pg_cpu() - p0 if pg else 0.0)
            out[path] = (statistics.median(ms), cpu / runs, len(body))
    finally:
        srv.terminate()
        srv.wait()
    return out


def per_patient_today(br, db, clinic, pg=False):
    """The Today page's requests before GET /api/v1/today, replayed once:
    (requests, wall ms, CPU ms of the server and PostgreSQL)."""
    srv, c, cookie = serve(br, db, clinic)
    n = 0

    def ask(path):
        nonlocal n
        n += 1
        status, body = get(c, cookie, path)
        return json.loads(body) if status == 200 else None
    try:
        c0, p0 = server_cpu(srv.pid), pg_cpu() if pg else 0.0
        t = time.monotonic()
        patients, after = [], None
        while True:
            page = ask("/api/v1/patients?limit=1000" + (f"&after={after}" if after else ""))
            patients += page["patients"]
            after = page.get("next")
            if not after:
                break
        ask("/api/v1/due")
        for p in patients:
            s = ask(f"/api/v1/patients/{p['id']}/summary")
            ep = s and s["episode"]
            if not ep or ep["status"] != "open":
                continue
            ask(f"/api/v1/episodes/{ep['id']}/safety-net")
            ask(f"/api/v1/episodes/{ep['id']}/visits?from={TODAY}&to={TODAY}")
            if s["sessions"]["count"] >= 4:
                ask(f"/api/v1/episodes/{ep['id']}/outcome")
        ms = (time.monotonic() - t) * 1000
        cpu = server_cpu(srv.pid) - c0 + (pg_cpu() - p0 if pg else 0.0)
    finally:
        srv.terminate()
        srv.wait()
    return n, ms, cpu


def measure(br, db, runs, per_patient=False):
    pg = db.startswith("postgresql:")
    c = str(first_clinic(br, db))
    base = [br, "--db", db, "--today", TODAY, "--quiet", "--json"]
    m = {
        "due": timed(base + ["due", "--clinic", c], runs, pg),
        "overview": timed(base + ["overview", "--clinic", c], runs, pg),
        "search": timed(base + ["patient", "search", "mar", "--clinic", c], runs, pg),
    }
    http_ = http_requests(br, db, c, runs, ["/api/v1/due", "/api/v1/today"], pg)
    m["due_api"] = http_["/api/v1/due"]
    m["today_api"] = http_["/api/v1/today"]
    m["network"] = timed(base + ["overview"], runs, pg)
    if per_patient:
        m["per_patient"] = per_patient_today(br, db, c, pg)
    return m


def cell(v):
    return "—" if v is None else f"{v[0]:.0f} ({v[1]:.0f})"


def main():
    global PG_DIR
    ap = argparse.ArgumentParser()
    ap.add_argument("--backrest", default=os.path.join(ROOT, "build", "backrest"))
    ap.add_argument("--sizes", default="2000,20000,100000")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--pg", help="socket directory of a PostgreSQL cluster")
    ap.add_argument("--per-patient", action="store_true",
                    help="also replay the per-patient requests of the old Today page")
    a = ap.parse_args()
    PG_DIR = a.pg
    rows = []
    for n in [int(x) for x in a.sizes.split(",")]:
        db = make_sqlite(a.backrest, n)
        targets = [("SQLite", db)]
        if a.pg:
            targets.append(("PostgreSQL", make_pg(a.backrest, db, n, a.pg)))
        for backend, target in targets:
            load = os.getloadavg()[0]
            m = measure(a.backrest, target, a.runs, a.per_patient)
            rows.append((backend, n, m, load))
            print(f"bench: {backend} {n} (load {load:.1f}): " +
                  ", ".join(f"{k} {cell(v)}" for k, v in m.items() if k != "per_patient"),
                  file=sys.stderr)
            if m.get("today_api"):
                print(f"bench: GET /api/v1/today answers {m['today_api'][2]:,} bytes",
                      file=sys.stderr)
    print(f"Median of {a.runs} runs, milliseconds: wall (CPU, user + system: of the "
          "process, or the server's per request for the HTTP requests"
          + ("; on PostgreSQL the cluster's CPU is added" if a.pg else "") +
          ").  Load average before each line in the last column.\n")
    print("| backend | network | due | overview | patient search | GET /api/v1/due "
          "| GET /api/v1/today | network overview | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for backend, n, m, load in rows:
        print(f"| {backend} | {n:,} | " +
              " | ".join(cell(m[k]) for k in ("due", "overview", "search", "due_api",
                                               "today_api", "network")) +
              f" | {load:.1f} |")
    if a.per_patient:
        print("\nThe Today page's requests before GET /api/v1/today, replayed once: "
              "requests, wall ms (CPU ms).\n")
        print("| backend | network | requests | wall (CPU) |")
        print("|---|---:|---:|---:|")
        for backend, n, m, load in rows:
            k, ms, cpu = m["per_patient"]
            print(f"| {backend} | {n:,} | {k:,} | {ms:.0f} ({cpu:.0f}) |")


if __name__ == "__main__":
    main()
