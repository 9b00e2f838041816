"""8 concurrent writers through the API: each of 8 clients (threads, one
session each, a server with 8 request threads) runs a fixed number of
write transactions, half of them diary days of one shared patient (so the
writers collide on the same rows: the diary's series cache) and half new
patients.  Every write the server acknowledged must be stored, and no
serialization failure, deadlock or busy error may reach a client: the
server retries those (br_app_call).  Runs on both backends
(api_test_concurrency, api_test_concurrency_pg)."""
import datetime
import threading

import apitest

D = "/api/v1"
WRITERS = 8
PER_WRITER = 30


class Concurrency(apitest.ApiTest):
    server_args = ("--threads", str(WRITERS))

    def test_every_acknowledged_write_is_stored(self):
        clients = [self.client("doc@example.org") for _ in range(WRITERS)]
        start = datetime.date(2026, 3, 9)
        acked_days, acked_patients, failures = [], [], []
        lock = threading.Lock()
        barrier = threading.Barrier(WRITERS)

        def writer(w):
            c = clients[w]
            barrier.wait()
            for i in range(PER_WRITER):
                if i % 2 == 0:
                    day = (start - datetime.timedelta(days=w * PER_WRITER + i)).isoformat()
                    r = c.post(f"{D}/patients/{self.pa}/diary",
                               {"date": day, "pain": (w + i) % 11, "quality": i % 5})
                    ok = r.status == 200
                    item = day
                else:
                    r = c.post(f"{D}/patients", {"name": f"Writer {w} patient {i}"})
                    ok = r.status == 201
                    item = r.json["id"] if ok else None
                with lock:
                    if ok:
                        (acked_days if i % 2 == 0 else acked_patients).append(item)
                    else:
                        failures.append((w, i, r.status, r.raw))

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        self.assertEqual(failures, [])
        self.assertEqual(len(acked_days) + len(acked_patients), WRITERS * PER_WRITER)
        stored_days = {r[0] for r in self.sql(
            "SELECT day FROM diary_days WHERE patient_id = ?", self.pa)}
        self.assertLessEqual(set(acked_days), stored_days)
        stored_patients = {r[0] for r in self.sql("SELECT patient_id FROM patients")}
        self.assertLessEqual(set(acked_patients), stored_patients)
        # The series cache kept up with every diary write.
        c = self.client("doc@example.org")
        days = self.expect(c.get(f"{D}/patients/{self.pa}/diary?from=2025-01-01&to=2026-03-10"), 200)
        self.assertGreaterEqual(len(days), len(acked_days))


if __name__ == "__main__":
    apitest.main()
