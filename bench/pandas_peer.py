#!/usr/bin/python3
"""pandas peer of bench/run: the per-patient lag-1 statistics of
core/cohort.h with groupby-shift and groupby-sums.

    pandas_peer.py CSV RUNS [PER_PATIENT_CSV]

Reads the CSV once (timed as load), runs the computation RUNS times and
prints JSON with the times and the aggregate."""
import json
import sys
import time

import numpy as np
import pandas as pd


def per_patient(df):
    pid = df["patient_id"]
    pain, q, day = df["pain"], df["quality"], df["day"]
    g = df.groupby("patient_id", sort=False)
    q_next = g["quality"].shift(-1)
    d_next = g["day"].shift(-1)
    m1 = pain.notna() & q.notna()
    m2 = (d_next == day + 1) & pain.notna() & q_next.notna()
    x1, y1 = q.where(m1, 0), pain.where(m1, 0)
    x2, y2 = pain.where(m2, 0), q_next.where(m2, 0)
    s = pd.DataFrame({
        "n1": m1.astype(np.int64), "sx1": x1, "sy1": y1, "sxx1": x1 * x1,
        "syy1": y1 * y1, "sxy1": x1 * y1,
        "n2": m2.astype(np.int64), "sx2": x2, "sy2": y2, "sxx2": x2 * x2,
        "syy2": y2 * y2, "sxy2": x2 * y2,
    }).groupby(pid, sort=True).sum()
    out = pd.DataFrame(index=s.index)
    for k in ("1", "2"):
        n = s["n" + k]
        cxx = n * s["sxx" + k] - s["sx" + k] ** 2
        cyy = n * s["syy" + k] - s["sy" + k] ** 2
        cxy = n * s["sxy" + k] - s["sx" + k] * s["sy" + k]
        ok = (n >= 14) & (cxx > 0) & (cyy > 0)
        out["n" + k] = n
        out["r" + k] = (cxy / np.sqrt(cxx * cyy)).where(ok)
        out["b" + k] = (cxy / np.sqrt(cxx * (n * (n - 1)))).where(ok)
    return out


def main():
    csv, runs = sys.argv[1], int(sys.argv[2])
    t = time.perf_counter()
    df = pd.read_csv(csv, dtype={"patient_id": np.int64, "day": np.int32,
                                 "pain": np.float64, "quality": np.float64})
    load = time.perf_counter() - t
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = per_patient(df)
        agg = {k: {"patients": int(p["r" + n].count()),
                   "mean_r": float(p["r" + n].mean()),
                   "mean_beta": float(p["b" + n].mean()),
                   "pairs": int(p["n" + n].sum())}
               for k, n in (("sp", "1"), ("ps", "2"))}
        times.append(time.perf_counter() - t)
    if len(sys.argv) > 3:
        p.to_csv(sys.argv[3])
    print(json.dumps({"engine": "pandas", "version": pd.__version__,
                      "threads": 1, "load_s": load, "times_s": times,
                      "aggregate": agg}))


if __name__ == "__main__":
    main()
