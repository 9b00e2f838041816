"""API tests for device nights: a patient uploads their own export as the
request's body (the fields in the query string) and lists the nights; a
practitioner of the clinic may too; another clinic's practitioner and
another patient get exactly what a missing patient gets, and nothing is
written; a bad file is refused whole with one sentence; a body over the
upload limit is refused before it is read; the same file again changes
nothing."""
import io
import json
import os
import statistics
import sys
import zipfile

import apitest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import test_sleep_device as data  # noqa: E402
import test_sleep_oura_withings as api_data  # noqa: E402

D = "/api/v1"


class SleepDeviceApi(apitest.ApiTest):
    def upload(self, c, pid, raw, source="apple-health"):
        return c.request("POST", f"{D}/patients/{pid}/sleep/import?source={source}",
                         raw=raw, content_type="application/octet-stream")

    def test_patient_uploads_and_lists(self):
        alice = self.client("alice@example.org")
        xml = data.apple_xml(data.APPLE).encode()
        doc = self.expect(self.upload(alice, self.pa, xml), 200)
        self.assertEqual((doc["records"], doc["skipped"], doc["nights"], doc["created"]),
                         (16, 2, 4, 4))
        nights = self.expect(alice.get(f"{D}/patients/{self.pa}/sleep"), 200)
        self.assertEqual([[n[k] for k in data.FIELDS] for n in nights], data.APPLE_NIGHTS)
        got = self.expect(alice.get(f"{D}/patients/{self.pa}/sleep?from=2025-11-04"
                                    f"&to=2025-11-11"), 200)
        self.assertEqual([n["night"] for n in got], ["2025-11-04", "2025-11-11"])
        # Again: nothing changes.
        before = self.snapshot()
        doc = self.expect(self.upload(alice, self.pa, xml), 200)
        self.assertEqual((doc["created"], doc["updated"], doc["unchanged"]), (0, 0, 4))
        self.assertEqual(before, self.snapshot())
        self.assertTrue(self.audit(action="sleep.import", patient_id=self.pa))
        self.assertTrue(self.audit(action="sleep.read", patient_id=self.pa))

    def test_upload_of_export_zip(self):
        alice = self.client("alice@example.org")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
            z.writestr("apple_health_export/export.xml", data.apple_xml(data.APPLE))
        doc = self.expect(self.upload(alice, self.pa, buf.getvalue()), 200)
        # What was read from the zip (the nights may be here already from
        # another test: created or unchanged).
        self.assertEqual((doc["records"], doc["skipped"], doc["nights"]), (16, 2, 4))
        before = self.snapshot()
        err = self.expect(self.upload(alice, self.pa, buf.getvalue()[:-40]), 422, "invalid",
                          "file")
        self.assertIn("the zip file is damaged", err["error"]["message"])
        self.assertEqual(before, self.snapshot())

    def test_practitioner_uploads_fitbit_and_csv(self):
        doc = self.client("doc@example.org")
        self.expect(self.upload(doc, self.pb, json.dumps(data.FITBIT).encode(), "fitbit"), 200)
        self.expect(self.upload(doc, self.pb, data.CSV.encode(), "csv"), 200)
        nights = self.expect(doc.get(f"{D}/patients/{self.pb}/sleep"), 200)
        self.assertEqual([[n[k] for k in data.FIELDS] for n in nights],
                         data.CSV_NIGHTS + data.FITBIT_NIGHTS)

    def test_oura_and_withings_uploads(self):
        """The answers of the Oura and Withings APIs, uploaded as the body;
        a Withings file gives its offset in the query."""
        doc = self.client("doc@example.org")
        pid = self.cli_json("patient", "add", "--name", "Ola O", "--born", "1971-01-01")["id"]
        oura = json.dumps(api_data.OURA).encode()
        got = self.expect(self.upload(doc, pid, oura, "oura"), 200)
        self.assertEqual((got["records"], got["skipped"], got["nights"], got["created"]),
                         (5, 3, 4, 4))
        w = json.dumps(api_data.WITHINGS).encode()
        before = self.snapshot()
        self.expect(self.upload(doc, pid, w, "withings"), 422, "invalid", "utc_offset")
        self.expect(self.upload(doc, pid, w, "withings&utc_offset=%2B1"), 422, "invalid",
                    "utc_offset")
        self.expect(self.upload(doc, pid, oura, "oura&utc_offset=%2B01:00"), 422, "invalid",
                    "utc_offset")
        bad = json.dumps(api_data.withings([api_data.state(
            "2025-10-27 06:00", "2025-10-27 05:00", 1, api_data.WATCH)])).encode()
        err = self.expect(self.upload(doc, pid, bad, "withings&utc_offset=%2B01:00"), 422,
                          "invalid")
        self.assertEqual(err["error"]["message"], "series[0] ends before it starts")
        self.assertEqual(before, self.snapshot())
        got = self.expect(self.upload(doc, pid, w, "withings&utc_offset=%2B01:00"), 200)
        self.assertEqual((got["records"], got["nights"], got["created"]), (13, 2, 2))
        nights = self.expect(doc.get(f"{D}/patients/{pid}/sleep"), 200)
        self.assertEqual([[n[k] for k in data.FIELDS] for n in nights],
                         api_data.OURA_NIGHTS + api_data.WITHINGS_NIGHTS)
        # Again: nothing changes.
        before = self.snapshot()
        got = self.expect(self.upload(doc, pid, w, "withings&utc_offset=%2B01:00"), 200)
        self.assertEqual((got["created"], got["updated"], got["unchanged"]), (0, 0, 2))
        self.assertEqual(before, self.snapshot())
        # Another clinic's practitioner: a missing patient, nothing read.
        self.expect(self.upload(self.client("doc2@example.org"), pid, oura, "oura"), 404,
                    "not-found", "patient_id")

    def test_out_of_scope_is_a_missing_patient(self):
        xml = data.apple_xml(data.APPLE).encode()
        missing = self.expect(self.upload(self.client("doc@example.org"), 999999, xml), 404,
                              "not-found", "patient_id")
        before = self.snapshot()
        for email, pid in (("doc2@example.org", self.pa), ("bob@example.org", self.pa)):
            c = self.client(email)
            err = self.expect(self.upload(c, pid, xml), 404, "not-found", "patient_id")
            self.assertEqual(err["error"]["message"],
                             missing["error"]["message"].replace("999999", str(pid)))
            self.expect(c.get(f"{D}/patients/{pid}/sleep"), 404, "not-found", "patient_id")
        self.assertEqual(before, self.snapshot())

    def test_bad_input_writes_nothing(self):
        alice = self.client("alice@example.org")
        before = self.snapshot()
        bad = data.apple_xml(data.APPLE[:8] + [data.record(
            data.V + "AsleepCore", "2025-11-06 06:00:00 -0800", "2025-11-06 05:00:00 -0800")])
        err = self.expect(self.upload(alice, self.pa, bad.encode()), 422, "invalid")
        self.assertEqual(err["error"]["message"],
                         "the sleep record at line 33 ends before it starts")
        self.expect(self.upload(alice, self.pa, b""), 422, "invalid", "file")
        self.expect(self.upload(alice, self.pa, b"x", "garmin"), 422, "invalid", "source")
        self.expect(alice.request("POST", f"{D}/patients/{self.pa}/sleep/import",
                                  raw=b"x", content_type="text/plain"),
                    422, "invalid", "source")
        self.expect(self.upload(alice, self.pa, b"<a>", "apple-health"), 422, "invalid",
                    "file")
        self.assertEqual(before, self.snapshot())

    def test_comparison_beside_the_diary(self):
        """The chart's sentence comes from the server: diary minus device
        over the nights both recorded, figured here independently."""
        doc = self.client("doc@example.org")
        # A patient of their own, so the other tests' nights stay theirs.
        pid = self.cli_json("patient", "add", "--name", "Cleo C", "--born", "1970-01-01")["id"]
        self.expect(self.upload(doc, pid, data.apple_xml(data.APPLE).encode()), 200)
        url = f"{D}/patients/{pid}/sleep/comparison?from=2025-11-01&to=2025-11-15"
        none = self.expect(doc.get(url), 200)
        self.assertEqual(none["comparison"]["nights"], 0)
        self.assertTrue(none["sentence"].startswith(
            "0 nights have both a diary entry and a device night: too few to compare. "),
            none["sentence"])
        # Diary nights of 7 h (420 min) on three of the device's nights.
        for date in ("2025-11-02", "2025-11-04", "2025-11-11"):
            self.expect(doc.post(f"{D}/patients/{pid}/diary", {
                "date": date, "bed": "23:00", "try": "23:00", "sol": 0, "wakes": 0, "waso": 0,
                "final": "06:00", "up": "06:00"}), 200)
        asleep = {n[0]: n[4] for n in data.APPLE_NIGHTS}
        diffs = [420 - asleep[d] for d in ("2025-11-02", "2025-11-04", "2025-11-11")]
        mean, sd = statistics.mean(diffs), statistics.stdev(diffs)
        got = self.expect(doc.get(url), 200)
        self.assertEqual(got["nights"], 4)
        self.assertEqual(got["comparison"], {"nights": 3, "mean_min": round(mean, 1),
                                             "sd_min": round(sd, 1)})
        self.assertTrue(got["sentence"].startswith(
            f"Over the 3 nights both recorded, the diary reports on average {round(-mean)} "
            f"minutes less sleep than the device (diary minus device: mean {round(mean):+d}, "
            f"SD {round(sd)} minutes). Consumer sleep trackers are not polysomnography"),
            got["sentence"])
        self.assertTrue(self.audit(action="sleep.read", patient_id=pid))
        # No device night in the range: null.
        self.assertIsNone(self.expect(doc.get(
            f"{D}/patients/{pid}/sleep/comparison?from=2024-01-01&to=2024-01-31"), 200))
        # Bad ranges, and another clinic's patient answers as a missing one.
        self.expect(doc.get(f"{D}/patients/{pid}/sleep/comparison?from=2025-11-15"
                              f"&to=2025-11-01"), 422, "invalid", "from")
        self.expect(doc.get(f"{D}/patients/{pid}/sleep/comparison?from=2025-11-15"),
                    422, "invalid", "to")
        self.expect(self.client("doc2@example.org").get(url), 404, "not-found", "patient_id")

    def test_upload_limit(self):
        alice = self.client("alice@example.org")
        # Over the JSON body's limit but under the upload's: read.
        big = data.apple_xml(data.APPLE + [data.heart("2025-11-02 03:00:00 -0800")] * 600)
        self.assertGreater(len(big), 64 * 1024)
        self.expect(self.upload(alice, self.pa, big.encode()), 200)
        # Over the upload's limit: refused from its Content-Length.
        r = alice.request("POST", f"{D}/patients/{self.pa}/sleep/import?source=csv",
                          raw=b"", content_type="application/octet-stream",
                          headers={"Content-Length": str(64 * 1024 * 1024 + 1)})
        self.assertEqual(r.status, 413, r.raw)
        # A JSON route keeps its own limit.
        r = alice.request("POST", f"{D}/patients/{self.pa}/diary",
                          raw=b"{" + b" " * (70 * 1024) + b"}")
        self.assertEqual(r.status, 413, r.raw)


if __name__ == "__main__":
    apitest.main()
