"""kill -9 in the middle of `backrest demo` leaves a database that opens,
passes PRAGMA integrity_check (SQLite) and holds only whole transactions: every
patient written has all of its records and its truth row."""
import os
import signal

import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

BATCH = 200  # patients per demo transaction (src/app/demo.c)


class KillDuringDemo(brtest.CliTest):
    def count(self, table):
        try:
            con = brtest.testdb.connect(self.db)
            n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            con.close()
            return n
        except Exception:  # not created yet, or locked
            return 0

    def test_kill_9_leaves_whole_transactions(self):
        proc = subprocess.Popen(
            [brtest.BACKREST, "--db", self.db, "--quiet", "demo",
             "--patients", "100000", "--days", "120", "--seed", "3"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while self.count("demo_truth") < 2 * BATCH and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # land somewhere inside a later batch
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL, "demo finished before the kill")

        con = brtest.testdb.connect(self.db)
        if not brtest.PG:  # PostgreSQL has no such checks to run
            self.assertEqual(con.execute("PRAGMA integrity_check").fetchone()[0], "ok")
            self.assertEqual(con.execute("PRAGMA foreign_key_check").fetchall(), [])
        patients = con.execute("SELECT count(*) FROM patients").fetchone()[0]
        truth = con.execute("SELECT count(*) FROM demo_truth").fetchone()[0]
        self.assertGreaterEqual(truth, 2 * BATCH)
        self.assertEqual(patients, truth)
        self.assertEqual(truth % BATCH, 0, "a partial batch was committed")
        # Each patient has exactly the records its truth row says.
        mismatched = con.execute("""
            SELECT count(*) FROM demo_truth t WHERE
              t.diary_days != (SELECT count(*) FROM diary_days d WHERE d.patient_id = t.patient_id)
              OR t.sessions != (SELECT count(*) FROM sessions s WHERE s.patient_id = t.patient_id)
              OR 1 != (SELECT count(*) FROM episodes e WHERE e.patient_id = t.patient_id)
        """).fetchone()[0]
        self.assertEqual(mismatched, 0)
        orphans = con.execute("""
            SELECT (SELECT count(*) FROM diary_days WHERE patient_id NOT IN
                      (SELECT patient_id FROM demo_truth))
                 + (SELECT count(*) FROM sessions WHERE patient_id NOT IN
                      (SELECT patient_id FROM demo_truth))""").fetchone()[0]
        self.assertEqual(orphans, 0)
        con.close()
        # backrest opens it and carries on.
        o = self.ok("overview")
        self.assertEqual(o["patients"], patients)
        r = self.ok("demo", "--patients", "3", "--days", "20")
        self.assertEqual(r["patients"], 3)


if __name__ == "__main__":
    brtest.main()
