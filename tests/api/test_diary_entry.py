"""Diary entries with the sending device's entry id: a send repeated
after a lost answer (the offline diary retries) is recorded once and
answered the same; the morning and evening halves, each with its own id,
merge into one day; an id alone records nothing."""
import apitest

D = "/api/v1"


class DiaryEntry(apitest.ApiTest):
    def test_the_same_entry_id_twice_leaves_one_day(self):
        alice = self.client("alice@example.org")
        url = f"{D}/patients/{self.pa}/diary"
        sleep = {"date": "2026-03-09", "bed": "23:00", "try": "23:10", "sol": 20, "wakes": 1,
                 "waso": 10, "final": "06:40", "up": "07:00", "quality": 2,
                 "entry_id": "e-sleep-0001"}
        first = self.expect(alice.post(url, sleep), 200)
        again = self.expect(alice.post(url, sleep), 200)
        self.assertEqual(again, first)
        pain = {"date": "2026-03-09", "pain": 4, "entry_id": "e-pain-0001"}
        merged = self.expect(alice.post(url, pain), 200)
        self.assertEqual((merged["bed"], merged["pain"]), ("23:00", 4))
        # A repeat of the first half after the second: the day as it is,
        # the pain not undone, nothing applied again.
        self.assertEqual(self.expect(alice.post(url, sleep), 200), merged)
        # The same id with other values (a device bug) changes nothing.
        self.assertEqual(self.expect(alice.post(url, dict(pain, pain=9)), 200)["pain"], 4)
        days = self.expect(alice.get(url + "?from=2026-03-01"), 200)
        self.assertEqual([d["date"] for d in days], ["2026-03-09"])
        self.assertEqual(self.sql("SELECT count(*) FROM diary_entries WHERE patient_id = ?",
                                  self.pa)[0][0], 2)

    def test_an_entry_id_alone_or_malformed_records_nothing(self):
        alice = self.client("alice@example.org")
        url = f"{D}/patients/{self.pa}/diary"
        before = self.snapshot()
        self.expect(alice.post(url, {"date": "2026-03-08", "entry_id": "e-only-0001"}), 422)
        self.expect(alice.post(url, {"date": "2026-03-08", "pain": 3, "entry_id": "short"}),
                    422, field="entry_id")
        self.expect(alice.post(url, {"date": "2026-03-08", "pain": 3, "entry_id": 12345678}),
                    422, field="entry_id")
        self.assertEqual(self.snapshot(), before)


if __name__ == "__main__":
    apitest.main()
