"""kill -9 of `backrest serve` under concurrent diary writes and chart reads
(8 clients, 8 request threads): every write the server acknowledged is
stored with its audit row, and every read it answered has its audit row,
although reads commit their audit rows after reading, in a transaction of
their own, writers take turns at the store group's gate and the WAL is
checkpointed by a background thread.  The database then
opens and serves again.  Runs on both backends (api_test_serve_crash,
api_test_serve_crash_pg)."""
import datetime
import signal
import threading
import time

import apitest

D = "/api/v1"
CLIENTS = 8


class ServeCrash(apitest.ApiTest):
    server_args = ("--threads", str(CLIENTS))

    def test_kill_9_keeps_every_acknowledged_write_and_read_audit(self):
        clients = [self.client("doc@example.org") for _ in range(CLIENTS)]
        start = datetime.date(2026, 3, 9)
        acked_days, failures = [], []
        acked_reads = [0]
        lock = threading.Lock()
        barrier = threading.Barrier(CLIENTS + 1)
        before = self.sql("SELECT count(*) FROM audit_log WHERE action = 'diary.read'")[0][0]

        def client(w):
            c = clients[w]
            barrier.wait()
            for i in range(100000):
                try:
                    if i % 2 == 0:
                        day = (start - datetime.timedelta(days=w + CLIENTS * (i // 2))).isoformat()
                        r = c.post(f"{D}/patients/{self.pa}/diary", {"date": day, "pain": (w + i) % 11})
                        ok = r.status == 200
                    else:
                        r = c.get(f"{D}/patients/{self.pa}/diary?from=2025-06-01")
                        ok = r.status == 200 and isinstance(r.json, list)
                except OSError:
                    return  # the server is gone
                with lock:
                    if not ok:
                        failures.append((w, i, r.status, r.raw))
                    elif i % 2 == 0:
                        acked_days.append(day)
                    else:
                        acked_reads[0] += 1

        threads = [threading.Thread(target=client, args=(w,)) for w in range(CLIENTS)]
        for t in threads:
            t.start()
        barrier.wait()
        time.sleep(2.0)
        self.server.proc.send_signal(signal.SIGKILL)
        self.server.proc.wait()
        for t in threads:
            t.join()

        self.assertEqual(failures, [])
        self.assertGreater(len(acked_days), 0)
        self.assertGreater(acked_reads[0], 0)
        stored = {r[0] for r in self.sql("SELECT day FROM diary_days WHERE patient_id = ?", self.pa)}
        self.assertLessEqual(set(acked_days), stored)
        writes = self.sql("SELECT count(*) FROM audit_log WHERE action = 'diary.write' "
                          "AND patient_id = ? AND outcome = 'ok'", self.pa)[0][0]
        self.assertGreaterEqual(writes, len(acked_days))
        reads = self.sql("SELECT count(*) FROM audit_log WHERE action = 'diary.read' "
                         "AND patient_id = ? AND outcome = 'ok'", self.pa)[0][0]
        self.assertGreaterEqual(reads - before, acked_reads[0])

        # The store opens and serves again (the WAL is recovered).
        type(self).server = apitest.Server(self.db, self.env, *self.server_args)
        days = self.expect(self.client("doc@example.org").get(
            f"{D}/patients/{self.pa}/diary"), 200)
        self.assertLessEqual(set(acked_days), {d["date"] for d in days})


if __name__ == "__main__":
    apitest.main()
