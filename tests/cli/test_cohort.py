"""backrest cohort and backrest reindex: the series cache is kept in step
with every diary write and rebuildable from the table; the cohort figures
match an independent computation from diary_days (numpy), per patient and
in aggregate; grouping, periods and bad input."""
import datetime
import json
import math
import os
import subprocess
import threading
import time

import numpy as np

import brtest


def backrest_argv():
    return brtest.WRAPPER + [brtest.BACKREST]


def day_number(iso):
    return (datetime.date.fromisoformat(iso) - datetime.date(1970, 1, 1)).days


def reference(db, from_=None, to=None):
    """Per patient (n1, r1, b1, n2, r2, b2) straight from diary_days."""
    con = brtest.testdb.connect(db)
    rows = con.execute("SELECT patient_id, day, pain, quality FROM diary_days "
                       "ORDER BY patient_id, day").fetchall()
    con.close()
    by = {}
    for pid, day, pain, q in rows:
        d = day_number(day)
        if from_ and d < day_number(from_) or to and d > day_number(to):
            continue
        by.setdefault(pid, {})[d] = (pain, q)
    out = {}
    for pid, days in by.items():
        x1 = [(q, p) for p, q in days.values() if p is not None and q is not None]
        x2 = [(p, days[d + 1][1]) for d, (p, q) in days.items()
              if p is not None and d + 1 in days and days[d + 1][1] is not None]
        res = []
        for pairs in (x1, x2):
            n = len(pairs)
            r = b = None
            if n >= 14:
                a = np.array(pairs, dtype=float)
                if a[:, 0].std() > 0 and a[:, 1].std() > 0:
                    r = float(np.corrcoef(a[:, 0], a[:, 1])[0, 1])
                    b = float(np.cov(a[:, 0], a[:, 1], ddof=1)[0, 1] /
                              a[:, 0].std(ddof=1))
            res += [n, r, b]
        out[pid] = res
    return out


def r1(v):
    """C's round() to one decimal (half away from zero; means are >= 0)."""
    return math.floor(v * 10 + 0.5) / 10


def responders_reference(db, from_="0000-01-01", to="9999-12-31"):
    """Responder tallies at the trial checkpoint (7 days before the 4th
    session) and at discharge (7 days up to closing) against the 7 days
    before the first session, straight from the tables."""
    con = brtest.testdb.connect(db)
    eps = con.execute("SELECT patient_id, episode_id, closed_on FROM "
                      "episodes WHERE opened_on <= ? AND (closed_on IS NULL "
                      "OR closed_on >= ?)", (to, from_)).fetchall()
    pain = {}
    for pid, day, p in con.execute("SELECT patient_id, day, pain FROM "
                                   "diary_days WHERE pain IS NOT NULL"):
        pain.setdefault(pid, {})[day_number(day)] = p
    sess = {}
    for pid, eid, day in con.execute("SELECT patient_id, episode_id, day "
                                     "FROM sessions ORDER BY day"):
        sess.setdefault((pid, eid), []).append(day_number(day))
    # urgent and emergency screens: (day, the day they were cleared)
    flags = {}
    for pid, eid, day, cleared in con.execute(
            "SELECT patient_id, episode_id, day, cleared_at FROM screenings "
            "WHERE tier <> 'none'"):
        flags.setdefault((pid, eid), []).append(
            (day_number(day), day_number(cleared[:10]) if cleared else None))
    con.close()

    def mean(pid, a, b):
        vals = [pain.get(pid, {}).get(d) for d in range(a, b + 1)]
        vals = [v for v in vals if v is not None]
        return r1(sum(vals) / len(vals)) if len(vals) >= 3 else None

    out = {}
    for key in ("trial_checkpoint", "discharge"):
        out[key] = dict(episodes=0, assessed=0, cannot_assess=0,
                        responders=0, by_points=0, by_percent=0, imp=0.0,
                        decisions={"continue": 0, "reconsider": 0,
                                   "too-early": 0, "insufficient-data": 0,
                                   "refer": 0})
    for pid, eid, closed in eps:
        s = sess.get((pid, eid), [])
        if not s:
            continue
        base = mean(pid, s[0] - 7, s[0] - 1)
        points = []
        if len(s) >= 4:
            points.append(("trial_checkpoint", s[3] - 7, s[3] - 1))
        if closed:
            c = day_number(closed)
            points.append(("discharge", c - 6, c))
        for key, a, b in points:
            t = out[key]
            t["episodes"] += 1
            follow = mean(pid, a, b)
            if key == "trial_checkpoint":
                # the review rule at the checkpoint (core/review.h):
                # refer first, when a red-flag screen on or before the
                # 4th session was not cleared that day
                if any(d <= s[3] and (c is None or c > s[3])
                       for d, c in flags.get((pid, eid), [])):
                    dec = "refer"
                elif base is None or follow is None or base == 0:
                    dec = "insufficient-data"
                else:
                    imp = base - follow
                    pct = imp / base * 100
                    dec = ("continue" if pct >= 30 - 1e-9 or imp >= 2 - 1e-9
                           else "reconsider" if pct < 10 else "too-early")
                t["decisions"][dec] += 1
            if base is None or follow is None:
                continue
            t["assessed"] += 1
            t["imp"] += base - follow
            if base == 0:
                t["cannot_assess"] += 1
                continue
            pts = base - follow >= 2 - 1e-9
            pct = (base - follow) / base * 100 >= 30 - 1e-9
            t["by_points"] += pts
            t["by_percent"] += pct
            t["responders"] += pts or pct
    return out


class CohortTest(brtest.CliTest):
    def demo(self, patients=30, days=60):
        self.ok("demo", "--patients", patients, "--days", days, "--seed", 4)

    def check_cache(self):
        got = self.ok("reindex", "--check")
        self.assertEqual(got["different"], 0, got)
        self.assertEqual(got["orphans"], 0, got)
        self.assertFalse(got["rebuilt"])
        return got

    def assert_matches_reference(self, got, ref):
        per = {row[0]: row[1:] for row in got["per_patient"]}
        self.assertEqual(set(per), set(ref))
        for pid, r in ref.items():
            for x, y in zip(per[pid], r):
                if y is None:
                    self.assertIsNone(x)
                else:
                    self.assertAlmostEqual(x, y, delta=1e-9)
        for key, col in (("sleep_to_pain", 1), ("pain_to_sleep", 4)):
            vals = [r[col] for r in ref.values() if r[col] is not None]
            dist = got[key]["r"]
            self.assertEqual(dist["patients"], len(vals))
            if vals:
                self.assertAlmostEqual(dist["mean"], float(np.mean(vals)),
                                       delta=1e-9)
                self.assertAlmostEqual(dist["median"],
                                       float(np.median(vals)), delta=1e-9)
                self.assertAlmostEqual(dist["p10"],
                                       float(np.quantile(vals, 0.1)),
                                       delta=1e-9)
                self.assertAlmostEqual(dist["p90"],
                                       float(np.quantile(vals, 0.9)),
                                       delta=1e-9)
                self.assertEqual(sum(dist["histogram"]), len(vals))

    def test_demo_cache_and_figures(self):
        self.demo()
        self.check_cache()
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["patients"], 30)
        self.assertEqual(got["episodes"], 30)
        self.assert_matches_reference(got, reference(self.db))
        n_days = self.sql("SELECT count(*) FROM diary_days")[0][0]
        self.assertEqual(got["diary"]["days"], n_days)
        self.assertTrue(0 < got["diary"]["completeness"] <= 1)
        self.assert_responders(got)

    def assert_responders(self, got, **period):
        ref = responders_reference(self.db, **period)
        for key in ("trial_checkpoint", "discharge"):
            g, r = got["responders"][key], ref[key]
            for k in ("episodes", "assessed", "cannot_assess", "responders",
                      "by_points", "by_percent"):
                self.assertEqual(g[k], r[k], (key, k))
            if key == "trial_checkpoint":
                self.assertEqual(got["responders"]["trial_decisions"],
                                 r["decisions"])
            if r["assessed"]:
                self.assertAlmostEqual(g["mean_improvement"],
                                       r["imp"] / r["assessed"], delta=1e-9)
            base = r["assessed"] - r["cannot_assess"]
            if base:
                self.assertAlmostEqual(g["responder_rate"],
                                       r["responders"] / base, delta=1e-9)
            else:
                self.assertIsNone(g["responder_rate"])

    def test_responders_at_trial_and_discharge(self):
        self.demo(patients=40, days=90)
        # close some episodes: discharge figures
        # every third episode (by id) closed 70 days after it opened
        con = brtest.testdb.connect(self.db)
        eps = sorted(con.execute("SELECT patient_id, episode_id, opened_on "
                                 "FROM episodes").fetchall(), key=lambda e: e[1])
        for pid, eid, opened in eps[::3]:
            closed = (datetime.date.fromisoformat(opened) +
                      datetime.timedelta(days=70)).isoformat()
            con.execute("UPDATE episodes SET status = 'closed', closed_on = ? "
                        "WHERE patient_id = ? AND episode_id = ?", (closed, pid, eid))
        # red-flag screens around the 4th session of three episodes:
        # uncleared (refer), cleared before it (not), made after it (not)
        fourth = con.execute(
            "SELECT patient_id, episode_id, day FROM sessions s WHERE 3 = "
            "(SELECT count(*) FROM sessions t WHERE t.patient_id = "
            "s.patient_id AND t.episode_id = s.episode_id AND t.day < "
            "s.day) ORDER BY episode_id LIMIT 3").fetchall()
        for k, (pid, eid, day) in enumerate(fourth):
            d = datetime.date.fromisoformat(day)
            screened = d + datetime.timedelta(days=1 if k == 2 else -3)
            cleared = (d - datetime.timedelta(days=1)).isoformat() + \
                "T09:00:00Z" if k == 1 else None
            con.execute("INSERT INTO screenings (patient_id, screening_id, "
                        "episode_id, day, tier, cleared_at, created_at) "
                        "VALUES (?, ?, ?, ?, 'urgent', ?, '2026-01-01')",
                        (pid, 9000 + k, eid, screened.isoformat(), cleared))
        con.commit()
        con.close()
        got = self.ok("cohort")
        self.assertEqual(got["responders"]["trial_decisions"]["refer"], 1)
        self.assertGreater(got["responders"]["trial_checkpoint"]["episodes"],
                           10)
        self.assertGreater(got["responders"]["discharge"]["episodes"], 5)
        self.assert_responders(got)
        self.assert_responders(self.ok("cohort", "--from", "2026-02-01"),
                               from_="2026-02-01")
        # by group: the groups of one patient each sum to the whole
        by = self.ok("cohort", "--by", "risk")
        self.assertEqual(by["groups"][0]["responders"],
                         {k: v for k, v in got["responders"].items()
                          if k != "method"})
        off = self.ok("cohort", "--no-responders")
        self.assertFalse(off["responders"]["computed"])

    def test_period(self):
        self.demo()
        got = self.ok("cohort", "--per-patient", "--from", "2026-01-20",
                      "--to", "2026-02-25")
        self.assertEqual(got["from"], "2026-01-20")
        self.assert_matches_reference(
            got, {k: v for k, v in reference(self.db, "2026-01-20",
                                             "2026-02-25").items()})

    def test_every_write_keeps_the_cache(self):
        pid = self.patient()
        rng = np.random.default_rng(1)
        dates = [datetime.date(2026, 1, 1) + datetime.timedelta(days=int(i))
                 for i in rng.permutation(40)]
        for i, d in enumerate(dates):
            # Out of order, halves apart, some days only half.
            if i % 5 != 1:
                self.ok("diary", "add", pid, "--date", d.isoformat(),
                        "--quality", int(rng.integers(0, 5)), "--bed", "23:00",
                        "--try", "23:10", "--sol", "20", "--final", "06:30",
                        "--up", "07:00")
            if i % 7 != 3:
                self.ok("diary", "add", pid, "--date", d.isoformat(),
                        "--pain", int(rng.integers(0, 11)))
            if i % 9 == 0:  # a repeated field replaces the old value
                self.ok("diary", "add", pid, "--date", d.isoformat(),
                        "--pain", int(rng.integers(0, 11)))
        self.ok("diary", "add", pid, "--date", "2025-12-20", "--note", "x")
        self.check_cache()
        got = self.ok("cohort", "--per-patient")
        self.assert_matches_reference(got, reference(self.db))
        self.assertEqual(got["diary"]["days"],
                         self.sql("SELECT count(*) FROM diary_days")[0][0])

    def test_reindex_repairs_and_stale_rebuilds(self):
        self.demo(patients=5, days=40)
        con = brtest.testdb.connect(self.db)
        con.execute("UPDATE diary_days SET pain = 0 WHERE pain = 5")
        con.execute("DELETE FROM series_night WHERE patient_id IN "
                    "(SELECT patient_id FROM series LIMIT 1)")
        con.execute("DELETE FROM series WHERE patient_id IN "
                    "(SELECT patient_id FROM series LIMIT 1)")
        con.commit()
        con.close()
        got = self.ok("reindex", "--check")
        self.assertEqual(got["patients"], 5)
        self.assertGreater(got["different"], 0)
        got = self.ok("reindex")
        self.assertTrue(got["rebuilt"])
        self.check_cache()
        # A database from before the cache: marked stale, rebuilt by the
        # first cohort run.
        con = brtest.testdb.connect(self.db)
        con.execute("DELETE FROM series")
        con.execute("UPDATE series_state SET stale = 1")
        con.commit()
        con.close()
        got = self.ok("cohort", "--per-patient")
        self.assert_matches_reference(got, reference(self.db))
        self.assertEqual(self.sql("SELECT stale FROM series_state")[0][0], 0)
        self.check_cache()

    def without_engine(self, doc):
        return {k: v for k, v in doc.items() if k != "engine"}

    def test_series_file(self):
        """The packed series file the pass maps (store/series_file.h):
        written by the first pass, mapped by the next, rewritten after a
        write; an old, damaged or foreign file is never used; the figures
        are the same from the file, a rebuild or memory."""
        self.demo(patients=20, days=40)
        first = self.ok("cohort", "--per-patient")
        if brtest.PG:
            # No file beside a PostgreSQL database: packed in memory.
            self.assertEqual(first["engine"]["image"], "memory")
            self.assert_matches_reference(first, reference(self.db))
            return
        path = self.db + "-series"
        self.assertEqual(first["engine"]["image"], "file rebuilt")
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        self.assert_matches_reference(first, reference(self.db))
        again = self.ok("cohort", "--per-patient")
        self.assertEqual(again["engine"]["image"], "file")
        self.assertEqual(self.without_engine(again),
                         self.without_engine(first))
        with open(path, "rb") as f:
            old = f.read()

        # A diary write sets a new stamp and logs its patient: the next
        # pass patches the file's image with that patient re-read from
        # the tables, and the figures equal a whole rebuild's.
        pid = self.sql("SELECT patient_id FROM series LIMIT 1")[0][0]
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--pain", 9,
                "--quality", 0)
        after = self.ok("cohort", "--per-patient")
        self.assertEqual(after["engine"]["image"], "file patched")
        self.assert_matches_reference(after, reference(self.db))
        self.assertNotEqual(self.without_engine(after),
                            self.without_engine(first))
        self.assertEqual(self.without_engine(after),
                         self.without_engine(self.rebuilt(path)))
        # A diary day of a patient with no diary yet, and a new first day
        # (the series grows at the front).
        self.ok("diary", "add", pid, "--date", "2025-01-01", "--pain", 1,
                "--quality", 3)
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["engine"]["image"], "file patched")
        self.assert_matches_reference(got, reference(self.db))
        self.assertEqual(self.without_engine(got),
                         self.without_engine(self.rebuilt(path)))

        # Every other write of what the image holds sets a new stamp too:
        # a patient, an episode opened and closed, a session.  Each next
        # pass patches the image and equals a whole rebuild.
        eid = self.sql("SELECT episode_id FROM episodes WHERE patient_id "
                       "= ? ORDER BY episode_id LIMIT 1", pid)[0][0]
        new_pid = None

        def new_patient():
            nonlocal new_pid
            new_pid = self.patient("Stamp Test")

        writes = [
            ("patient", new_patient),
            ("episode open", lambda: self.episode(new_pid, "2026-02-01")),
            ("session", lambda: self.ok("session", "add", eid, "--date",
                                        "2026-03-02", "--modality",
                                        "massage")),
            ("episode close", lambda: self.ok("episode", "close", eid)),
            # a red flag at a 4th session: that episode's decision is
            # refer, and stays so when the screen is cleared later (the
            # checkpoint is past)
            ("red-flag screen", lambda: self.ok(
                "screen", flag_eid, "--flag", "fever", "--date",
                fourth_day)),
            ("screen cleared", lambda: self.ok(
                "screen", "clear", flag_eid, "--reason", "GP reviewed")),
        ]
        flag_eid, fourth_day = self.sql(
            "SELECT episode_id, day FROM sessions s WHERE 3 = (SELECT "
            "count(*) FROM sessions t WHERE t.patient_id = s.patient_id "
            "AND t.episode_id = s.episode_id AND t.day < s.day) AND "
            "episode_id <> ? ORDER BY episode_id LIMIT 1", eid)[0]
        refer = {}
        for name, write in writes:
            with self.subTest(write=name):
                write()
                got = self.ok("cohort", "--per-patient")
                self.assertEqual(got["engine"]["image"], "file patched")
                self.assertEqual(self.without_engine(got),
                                 self.without_engine(self.rebuilt(path)))
                n_pat, n_ep, n_open = self.sql(
                    "SELECT (SELECT count(*) FROM patients), count(*), "
                    "sum(status = 'open') FROM episodes")[0]
                self.assertEqual((got["patients"], got["episodes"],
                                  got["open_episodes"]),
                                 (n_pat, n_ep, n_open))
                self.assert_responders(got)
                self.assertEqual(self.ok("cohort")["engine"]["image"],
                                 "file patched")
                refer[name] = got["responders"]["trial_decisions"]["refer"]
        self.assertEqual(got["responders"]["discharge"]["episodes"], 1)
        self.assertEqual(refer["red-flag screen"], 1)
        self.assertEqual(refer["screen cleared"], 1)
        after = got

        # The oldest file put back: still within the log, so patched to
        # the current state (every patient written since re-read).
        with open(path, "wb") as f:
            f.write(old)
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["engine"]["image"], "file patched")
        self.assertEqual(self.without_engine(got), self.without_engine(after))

        # The log no longer reaching back to the file (trimmed), or its
        # row at the file's position holding another stamp (another
        # history, as after a restore): the image is not trusted, it is
        # rebuilt whole.
        self.ok("diary", "add", pid, "--date", "2026-03-02", "--pain", 4,
                "--quality", 2)
        after = self.ok("cohort", "--per-patient")
        for name, change in (
                ("trimmed", "DELETE FROM series_log WHERE seq <= "
                            "(SELECT max(seq) FROM series_log) - 1"),
                ("another history", "UPDATE series_log SET stamp = stamp "
                                    "+ 1 WHERE seq < (SELECT max(seq) FROM "
                                    "series_log)")):
            with self.subTest(log=name):
                with open(path, "wb") as f:
                    f.write(old)
                con = self.connect()
                con.execute(change)
                con.commit()
                con.close()
                got = self.ok("cohort", "--per-patient")
                self.assertEqual(got["engine"]["image"], "file rebuilt")
                self.assertEqual(self.without_engine(got),
                                 self.without_engine(after))

        # The current state's file, then damaged.
        os.unlink(path)
        self.assertEqual(self.ok("cohort")["engine"]["image"],
                         "file rebuilt")
        with open(path, "rb") as f:
            current = f.read()

        # The current stamp on damaged contents: refused, rebuilt.
        damaged = [current[:-1],                       # truncated
                   current + b"\0",                    # too long
                   b"X" + current[1:],                  # magic
                   current[:64] + current[64 + 24:],    # an entry gone
                   # the first entry's offset moved by one day
                   current[:80] + bytes([current[80] ^ 1]) + current[81:]]
        for i, bad in enumerate(damaged):
            with self.subTest(damage=i):
                with open(path, "wb") as f:
                    f.write(bad)
                got = self.ok("cohort", "--per-patient")
                self.assertEqual(got["engine"]["image"], "file rebuilt")
                self.assertEqual(self.without_engine(got),
                                 self.without_engine(after))
                with open(path, "rb") as f:
                    self.assertEqual(f.read(), current)

        # Where no file can be written (the name is taken by a
        # directory): the pass packs the table in memory, same figures.
        os.unlink(path)
        os.mkdir(path)
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["engine"]["image"], "memory")
        self.assertEqual(self.without_engine(got), self.without_engine(after))
        self.assertEqual(
            [n for n in os.listdir(self.dir) if n.startswith("t.db-series.")],
            [], "a temporary file was left behind")
        os.rmdir(path)

        # reindex writes the file at once.
        got = self.ok("reindex")
        self.assertEqual(got["image"], "file rebuilt")
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["engine"]["image"], "file")
        self.assertEqual(self.without_engine(got), self.without_engine(after))

    def rebuilt(self, path):
        """The cohort from a whole rebuild of the image (the file moved
        aside for the one pass, then put back)."""
        os.rename(path, path + ".keep")
        try:
            got = self.ok("cohort", "--per-patient")
            self.assertEqual(got["engine"]["image"], "file rebuilt")
        finally:
            os.replace(path + ".keep", path)
        return got

    def test_patch_written_back(self):
        """Once enough writes pile up since the file was written, the
        patched image is written back (and mapped as it is next time);
        beyond an eighth of the patients changed, it is rebuilt whole."""
        if brtest.PG:
            self.skipTest("no image file on PostgreSQL")
        self.demo(patients=40, days=30)
        path = self.db + "-series"
        self.assertEqual(self.ok("cohort")["engine"]["image"],
                         "file rebuilt")
        pids = [r[0] for r in self.sql("SELECT patient_id FROM series "
                                       "ORDER BY patient_id")]
        self.ok("diary", "add", pids[0], "--date", "2026-03-01", "--pain", 2,
                "--quality", 3)

        def log(rows):
            # Writes logged as a writer would log them (what they wrote
            # does not matter: the patients are re-read either way).
            con = self.connect()
            stamp = con.execute("SELECT stamp FROM series_state").fetchone()[0]
            for pid in rows:
                stamp = (stamp * 7 + 1) % (1 << 62) + 1
                con.execute("INSERT INTO series_log (stamp, patient_id) "
                            "VALUES (?, ?)", (stamp, pid))
            con.execute("UPDATE series_state SET stamp = ?", (stamp,))
            con.commit()
            con.close()

        log([pids[1]] * 1030)
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["engine"]["image"], "file rebuilt")
        self.assertEqual(self.without_engine(got),
                         self.without_engine(self.rebuilt(path)))
        again = self.ok("cohort", "--per-patient")
        self.assertEqual(again["engine"]["image"], "file")
        self.assertEqual(self.without_engine(again), self.without_engine(got))
        log(pids[:3])
        self.assertEqual(self.ok("cohort")["engine"]["image"],
                         "file patched")
        # more patients than an eighth of them + 64 (ids with no diary
        # count too: a patient added, say)
        log(range(max(pids) + 1, max(pids) + 1 + 40 // 8 + 65))
        got = self.ok("cohort", "--per-patient")
        self.assertEqual(got["engine"]["image"], "file rebuilt")
        self.assertEqual(self.without_engine(got), self.without_engine(again))

    def test_concurrent_writers_and_passes(self):
        """Writers and cohort passes at the same time, then a crash
        between a write and any pass (the writer killed): every pass
        agrees with the tables it saw, and the last one with a rebuild."""
        self.demo(patients=12, days=30)
        self.ok("cohort")
        pids = [r[0] for r in self.sql("SELECT patient_id FROM patients "
                                       "ORDER BY patient_id")]
        argv = backrest_argv() + ["--db", self.db]
        failures = []

        def writer(w, pid):
            for d in range(1, 9):
                rc, _, err = self.run_cli(
                    "diary", "add", pid, "--date", f"2026-02-{d:02d}",
                    "--pain", (d + w) % 11, "--quality", (d * w) % 5)
                if rc != 0:
                    failures.append(err)

        threads = [threading.Thread(target=writer, args=(w, pid))
                   for w, pid in enumerate(pids[:4])]
        for t in threads:
            t.start()
        passes = []
        for _ in range(6):
            got = self.ok("cohort", "--per-patient")
            self.assertIn(got["engine"]["image"],
                          ("file", "file patched", "file rebuilt", "memory"))
            passes.append(got)
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        got = self.ok("cohort", "--per-patient")
        self.assert_matches_reference(got, reference(self.db))
        if not brtest.PG:
            self.assertEqual(self.without_engine(got),
                             self.without_engine(
                                 self.rebuilt(self.db + "-series")))
        # A writer killed mid-write: its transaction is either in the
        # table and the log, or in neither; the next pass agrees.
        for i, delay in enumerate((0, 0.002, 0.005, 0.01, 0.02, 0.05)):
            p = subprocess.Popen(argv + ["diary", "add", str(pids[5]),
                                         "--date", f"2026-02-{20 + i}",
                                         "--pain", "10", "--quality", "0"],
                                 env=self.env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.kill()
            p.wait()
            got = self.ok("cohort", "--per-patient")
            self.assert_matches_reference(got, reference(self.db))

    def test_groups(self):
        self.demo(patients=40, days=60)
        for by in ("modality", "phase", "risk", "practitioner"):
            with self.subTest(by=by):
                got = self.ok("cohort", "--by", by)
                self.assertEqual(got["by"], by)
                labels = [g["group"] for g in got["groups"]]
                self.assertEqual(len(labels), len(set(labels)))
                if by != "modality":  # one group per patient
                    self.assertEqual(sum(g["patients"]
                                         for g in got["groups"]), 40)
                    self.assertEqual(sum(g["diary"]["days"]
                                         for g in got["groups"]),
                                     got["diary"]["days"])
                else:
                    truth = dict(self.sql(
                        "SELECT arm, count(*) FROM demo_truth GROUP BY arm"))
                    grp = {g["group"]: g["patients"] for g in got["groups"]}
                    self.assertEqual(grp.get("massage", 0),
                                     truth.get("massage", 0))
                    self.assertEqual(grp.get("none", 0),
                                     truth.get("usual-care", 0))
        risk = self.ok("cohort", "--by", "risk")
        self.assertEqual([g["group"] for g in risk["groups"]], ["unknown"])
        self.assertEqual(risk["groups"][0]["episodes"], 40)

    def test_deterministic(self):
        self.demo()
        a = self.ok("cohort", "--by", "modality")
        b = self.ok("cohort", "--by", "modality")
        a.pop("engine")
        b.pop("engine")
        self.assertEqual(a, b)

    def test_empty_and_human(self):
        got = self.ok("cohort")
        self.assertEqual(got["patients"], 0)
        self.assertEqual(got["sleep_to_pain"]["r"]["patients"], 0)
        self.demo(patients=3, days=30)
        rc, out, err = self.run_cli("cohort", "--by", "risk")
        self.assertEqual(rc, 0, err)
        self.assertIn("Practice figures", out)
        self.assertIn("not causes", out)
        rc, out, err = self.run_cli("reindex")
        self.assertEqual(rc, 0, err)
        self.assertIn("rebuilt", out)

    def test_bad_input(self):
        self.bad("cohort", "--by", "colour", field="by")
        self.bad("cohort", "--from", "2026-02-01", "--to", "2026-01-01",
                 field="from")
        self.bad("cohort", "--to", "yesterday", field="to")
        self.bad("reindex", "--full", contains="--full")


if __name__ == "__main__":
    brtest.main()
