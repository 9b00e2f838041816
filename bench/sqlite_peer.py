#!/usr/bin/python3
"""SQLite SQL peer of bench/run: the per-patient lag-1 statistics of
core/cohort.h as one SQL statement (window lead() + sums; SQLite has no
corr()) on backrest's own diary_days table (typed columns, primary key
(patient_id, day), WITHOUT ROWID): the database backrest itself keeps.

    sqlite_peer.py DB RUNS
"""
import json
import sqlite3
import sys
import time

PER_PATIENT = """
WITH l AS (
  SELECT patient_id, day, pain, quality,
         lead(quality) OVER w AS q_next, lead(day) OVER w AS d_next
  FROM diary_days WINDOW w AS (PARTITION BY patient_id ORDER BY day)
), v AS (
  SELECT patient_id,
         (pain IS NOT NULL AND quality IS NOT NULL) AS k1,
         quality AS x1, pain AS y1,
         (d_next = date(day, '+1 day') AND pain IS NOT NULL
          AND q_next IS NOT NULL) AS k2,
         pain AS x2, q_next AS y2
  FROM l
), s AS (
  SELECT patient_id,
    sum(k1) AS n1, sum(k1 * x1) AS sx1, sum(k1 * y1) AS sy1,
    sum(k1 * x1 * x1) AS sxx1, sum(k1 * y1 * y1) AS syy1,
    sum(k1 * x1 * y1) AS sxy1,
    sum(k2) AS n2, sum(k2 * x2) AS sx2, sum(k2 * y2) AS sy2,
    sum(k2 * x2 * x2) AS sxx2, sum(k2 * y2 * y2) AS syy2,
    sum(k2 * x2 * y2) AS sxy2
  FROM v GROUP BY patient_id
), c AS (
  SELECT patient_id, n1, n2,
    n1 * sxx1 - sx1 * sx1 AS cxx1, n1 * syy1 - sy1 * sy1 AS cyy1,
    n1 * sxy1 - sx1 * sy1 AS cxy1,
    n2 * sxx2 - sx2 * sx2 AS cxx2, n2 * syy2 - sy2 * sy2 AS cyy2,
    n2 * sxy2 - sx2 * sy2 AS cxy2
  FROM s
)
SELECT patient_id, n1,
  CASE WHEN n1 >= 14 AND cxx1 > 0 AND cyy1 > 0
       THEN cxy1 / sqrt(1.0 * cxx1 * cyy1) END AS r1,
  CASE WHEN n1 >= 14 AND cxx1 > 0 AND cyy1 > 0
       THEN cxy1 / sqrt(1.0 * cxx1 * n1 * (n1 - 1)) END AS b1,
  n2,
  CASE WHEN n2 >= 14 AND cxx2 > 0 AND cyy2 > 0
       THEN cxy2 / sqrt(1.0 * cxx2 * cyy2) END AS r2,
  CASE WHEN n2 >= 14 AND cxx2 > 0 AND cyy2 > 0
       THEN cxy2 / sqrt(1.0 * cxx2 * n2 * (n2 - 1)) END AS b2
FROM c"""

AGGREGATE = f"""WITH p AS ({PER_PATIENT})
SELECT count(r1), avg(r1), avg(b1), sum(n1), count(r2), avg(r2), avg(b2),
       sum(n2) FROM p"""


def main():
    db, runs = sys.argv[1], int(sys.argv[2])
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        a = con.execute(AGGREGATE).fetchone()
        times.append(time.perf_counter() - t)
    print(json.dumps({
        "engine": "sqlite", "version": sqlite3.sqlite_version, "threads": 1,
        "load_s": None, "times_s": times,
        "aggregate": {
            "sp": {"patients": a[0], "mean_r": a[1], "mean_beta": a[2],
                   "pairs": a[3]},
            "ps": {"patients": a[4], "mean_r": a[5], "mean_beta": a[6],
                   "pairs": a[7]}}}))


if __name__ == "__main__":
    main()
