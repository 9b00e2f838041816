"""FHIR over the API: a patient's $everything Bundle (the patient's own
record, or a practitioner's patient) and the clinic's bulk NDJSON $export,
with the web app's access rules (the refusals are in test_authz.py)."""
import json

import apitest

D = "/api/v1"


class Fhir(apitest.ApiTest):
    def test_patient_takes_their_record(self):
        self.cli("diary", "add", self.pa, "--date", "2026-03-01", "--pain", "4")
        c = self.client("alice@example.org")
        b = self.expect(c.get(f"{D}/fhir/Patient/{self.pa}/$everything"), 200)
        self.assertEqual((b["resourceType"], b["type"]), ("Bundle", "searchset"))
        types = {e["resource"]["resourceType"] for e in b["entry"]}
        self.assertTrue({"Patient", "EpisodeOfCare", "Observation"} <= types)
        pats = [e["resource"]["id"] for e in b["entry"] if e["resource"]["resourceType"] == "Patient"]
        self.assertEqual(pats, [f"pat-{self.pa}"])
        self.assertEqual(b["total"], len(b["entry"]))
        audit = self.audit(user_id=self.alice)
        self.assertIn(("fhir.export", self.pa), [(r[1], r[2]) for r in audit])

    def test_practitioner_bulk_export_is_their_clinic(self):
        for who, mine, other in (("doc@example.org", {self.pa, self.pb}, self.pc),
                                 ("doc2@example.org", {self.pc}, self.pa)):
            c = self.client(who)
            r = c.get(f"{D}/fhir/$export")
            self.assertEqual(r.status, 200, r.raw)
            self.assertEqual(r.header("Content-Type"), "application/fhir+ndjson")
            lines = [json.loads(l) for l in r.raw.decode().splitlines()]
            pats = {int(x["id"][4:]) for x in lines if x["resourceType"] == "Patient"}
            self.assertEqual(pats, mine)
            subjects = {x.get("subject", x.get("patient", {})).get("reference")
                        for x in lines} - {None}
            self.assertNotIn(f"Patient/pat-{other}", subjects)
            orgs = [x for x in lines if x["resourceType"] == "Organization"]
            self.assertEqual(len(orgs), 1)
        c = self.client("doc@example.org")
        r = c.get(f"{D}/fhir/$export?_type=Patient")
        kinds = {json.loads(l)["resourceType"] for l in r.raw.decode().splitlines()}
        self.assertEqual(kinds, {"Patient"})
        r = c.get(f"{D}/fhir/$export?_since=2999-01-01&_type=Patient")
        self.assertEqual((r.status, r.raw), (200, b""))
        self.expect(c.get(f"{D}/fhir/$export?_since=yesterday"), 422)
        self.expect(c.get(f"{D}/fhir/$export?other=1"), 422)


if __name__ == "__main__":
    apitest.main()
