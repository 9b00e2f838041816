#!/usr/bin/python3
"""bench/http/callgrind.py: instructions per request of `backrest serve`
(valgrind --tool=callgrind), for the requests of bench/http/run: chart read,
session check and diary write.  Unlike CPU time, instruction counts repeat
on a loaded machine, and fsync (the durability setting) is not counted.

    bench/http/callgrind.py BUILD_DIR [BUILD_DIR...] [--n 200]

For each build: a fresh SQLite demo practice (40 patients x 120 days, seed
42, as bench/http/run) made by that build, the server started under
callgrind, sign-in, then N requests of each kind one after the other on one
connection, the counters dumped (callgrind_control -d) between the kinds.
Prints Ir per request of each kind per build, and new/old for two builds.
"""
import argparse
import glob
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

PW = "bench password 1234"


def run(b, db, *args, stdin=None):
    return subprocess.run([b, "--db", db, *args], input=stdin, text=True,
                          capture_output=True, check=True).stdout


def measure(build, n, tmp):
    b = os.path.join(build, "backrest")
    db = os.path.join(tmp, "bench.db")
    run(b, db, "init")
    run(b, db, "demo", "--patients", "40", "--days", "120", "--seed", "42")
    pats = json.loads(run(b, db, "--json", "patient", "list", "--limit", "1000"))["patients"]
    pid = sorted(pats, key=lambda p: p["ref"] or "")[0]["id"]
    run(b, db, "user", "add", "--email", "doc@bench.test", "--role",
        "practitioner", "--password-stdin", stdin=PW + "\n")
    run(b, db, "user", "add", "--email", "pat@bench.test", "--role",
        "patient", "--patient", str(pid), "--password-stdin",
        stdin=PW + "\n")
    out = os.path.join(tmp, "cg.out")
    srv = subprocess.Popen(["valgrind", "--tool=callgrind",
                            f"--callgrind-out-file={out}", b, "--db", db,
                            "serve", "--listen", "127.0.0.1:0"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           text=True)
    line = srv.stdout.readline()
    port = int(re.search(r":(\d+)$", line.strip()).group(1))
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def req(method, path, body=None, headers=None):
        c.request(method, path, body, headers or {})
        r = c.getresponse()
        data = r.read()
        if r.status >= 300:
            sys.exit(f"{method} {path}: {r.status} {data[:200]!r}")
        return r, data

    def login(email):
        r, data = req("POST", "/api/v1/session",
                      json.dumps({"email": email, "password": PW}),
                      {"Content-Type": "application/json"})
        body = json.loads(data)
        return (r.getheader("Set-Cookie").split(";", 1)[0],
                body["csrf_token"], body["today"])

    def dump():
        subprocess.run(["callgrind_control", "-d", str(srv.pid)],
                       check=True, capture_output=True)

    doc = login("doc@bench.test")
    pat = login("pat@bench.test")
    req("GET", f"/api/v1/patients/{pid}/diary", headers={"Cookie": doc[0]})
    dump()  # everything up to here: start-up, sign-in, a warm-up read
    for _ in range(n):
        req("GET", f"/api/v1/patients/{pid}/diary",
            headers={"Cookie": doc[0]})
    dump()
    for _ in range(n):
        req("GET", "/api/v1/session", headers={"Cookie": doc[0]})
    dump()
    today = time.mktime(time.strptime(pat[2] + " 12:00", "%Y-%m-%d %H:%M"))
    for k in range(1, n + 1):
        date = time.strftime("%Y-%m-%d",
                             time.gmtime(today - (1 + k % 300) * 86400))
        body = (f'{{"date":"{date}","bed":"22:30","try":"22:45",'
                f'"sol":{k % 60},"wakes":{1 + k % 3},"waso":{k % 45},'
                f'"final":"06:15","up":"06:40","quality":{k % 5},'
                f'"pain":{k % 11},"pain_worst":10,"activity_min":{k % 90}}}')
        req("POST", f"/api/v1/patients/{pid}/diary", body,
            {"Cookie": pat[0], "X-CSRF-Token": pat[1],
             "Content-Type": "application/json"})
    dump()
    c.close()
    srv.terminate()
    srv.wait()
    parts = sorted(glob.glob(out + ".*"),
                   key=lambda p: int(p.rsplit(".", 1)[1]))
    irs = []
    for p in parts[:4]:
        m = re.search(r"^summary: (\d+)", open(p).read(), re.M) or \
            re.search(r"^totals: (\d+)", open(p).read(), re.M)
        irs.append(int(m.group(1)))
    return {"chart read": irs[1] / n, "session check": irs[2] / n,
            "diary write": irs[3] / n}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("builds", nargs="+")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--keep", help="copy the profiles here (BUILD_INDEX-*)")
    a = ap.parse_args()
    res = []
    for build in a.builds:
        tmp = tempfile.mkdtemp()
        try:
            res.append(measure(build, a.n, tmp))
            if a.keep:
                os.makedirs(a.keep, exist_ok=True)
                for p in glob.glob(os.path.join(tmp, "cg.out.*")):
                    shutil.copy(p, os.path.join(
                        a.keep, f"{len(res) - 1}-{os.path.basename(p)}"))
        finally:
            shutil.rmtree(tmp)
    print(f"instructions per request (callgrind, {a.n} requests of each "
          "kind, one connection)")
    head = " | ".join(a.builds)
    print(f"| request | {head} |" + (" new/old |" if len(res) == 2 else ""))
    print("|---" * (len(res) + 1 + (len(res) == 2)) + "|")
    for k in res[0]:
        row = " | ".join(f"{r[k]:,.0f}" for r in res)
        ratio = f" {res[1][k] / res[0][k]:.3f} |" if len(res) == 2 else ""
        print(f"| {k} | {row} |{ratio}")


if __name__ == "__main__":
    main()
