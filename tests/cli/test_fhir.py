"""FHIR R4 export and import: stable collection Bundles and bulk NDJSON,
round trip through an empty database, idempotent re-import, bundles from
another system, and bad bundles rejected whole with the entry named."""
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import brtest  # noqa: E402

BASE = "https://backrest.example.org/fhir"
# One answer set per instrument (data/instruments), a skipped ODI item
# included.
ANSWERS = {
    "isi": "1,2,3,0,1,2,3", "nrs": "6", "odi": "1,2,3,-,1,2,3,1,2,1",
    "peg": "5,6,7", "pseq": "1,2,3,4,5,6,0,1,2,3", "pseq2": "3,4",
    "psq3": "20,30,40", "rmdq": "1,0,1,1,0,0,1,1,0,0,1,1,0,0,1,1,0,0,1,1,0,0,1,1",
    "startback": "1,0,1,1,0,0,1,1,3",
}


def resources(path):
    with open(path) as f:
        doc = json.load(f)
    return [e["resource"] for e in doc["entry"]]


def by_key(res):
    return sorted(res, key=lambda r: (r["resourceType"], r["id"]))


class FhirTest(brtest.CliTest):
    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, doc):
        p = self.path(name)
        with open(p, "w") as f:
            f.write(doc if isinstance(doc, str) else json.dumps(doc))
        return p

    def export(self, name="out.json", db=None, *extra):
        p = self.path(name)
        args = ["export", "fhir", "--out", p, *extra]
        if db:
            rc, out, err = self.run_other(db, *args)
            self.assertEqual(rc, 0, err)
        else:
            self.ok(*args)
        return p

    def run_other(self, db, *args):
        old = self.db
        self.db = db
        try:
            return self.run_cli(*args)
        finally:
            self.db = old

    def ok_other(self, db, *args):
        rc, out, err = self.run_other(db, *args, "--json")
        self.assertEqual(rc, 0, f"{args}: {err}")
        return json.loads(out)

    def charted(self):
        """A patient with every kind of record, charted by hand."""
        pid = self.patient("Ann Lee", born="1970-05-01", sex="female", ref="MRN-7")
        eid = self.episode(pid, "2025-12-01", "--region", "low-back",
                           "--sciatica", "--code", "M54.41")
        self.ok("session", "add", eid, "--date", "2026-03-02",
                "--modality", "acupuncture,cupping,moxibustion,massage",
                "--points", "BL23,GV4,GB30:L,ashi", "--needles", "9",
                "--minutes", "25", "--depth-mm", "30", "--deqi", "yes",
                "--stimulation", "manual", "--needle-size", "0.25x40mm",
                "--position", "prone", "--cupping", "dry", "--moxa", "box",
                "--massage", "swedish", "--regions", "low-back,glutes",
                "--pain-before", "6", "--pain-after", "3",
                "--adverse", "bruising,soreness", "--note", "first visit")
        self.ok("session", "add", eid, "--date", "2026-03-05",
                "--modality", "electroacupuncture", "--points", "BL25:R",
                "--ea-hz", "2/100", "--ea-waveform", "dense-disperse",
                "--ea-minutes", "20", "--ea-ma", "1.5", "--minutes", "20")
        self.ok("diary", "add", pid, "--date", "2026-03-01", "--bed", "23:10",
                "--try", "23:30", "--sol", "20", "--wakes", "2", "--waso", "35",
                "--final", "06:40", "--up", "07:05", "--quality", "1",
                "--pain", "6", "--pain-worst", "8", "--activity-min", "30",
                "--note", "bad night")
        # A partial night (only in and out of bed) and an evening alone.
        self.ok("diary", "add", pid, "--date", "2026-03-02", "--bed", "00:15",
                "--up", "07:00")
        self.ok("diary", "add", pid, "--date", "2026-03-03", "--pain", "4")
        # Asleep before midnight, woke before it, got up after: the night
        # still belongs to the morning of 2026-03-04.
        self.ok("diary", "add", pid, "--date", "2026-03-04", "--bed", "21:00",
                "--try", "21:10", "--sol", "10", "--wakes", "0", "--waso", "0",
                "--final", "23:50", "--up", "00:20")
        self.care(pid, eid)
        return pid, eid

    def care(self, pid, eid):
        """Every other record kind: intake, a measure of each instrument,
        red-flag screens (one cleared), TCM, herbal prescriptions with an
        adverse effect, and a practitioner who charted them."""
        sid = self.ok("session", "list", eid)[0]["id"]
        self.ok("intake", eid, "--date", "2026-03-02", "--onset-mode", "lifting",
                "--onset-note", "moving house", "--locations", "low-back:L,buttock:R",
                "--radiation", "above-knee", "--radiation-side", "left",
                "--aggravating", "sitting,bending", "--easing", "none",
                "--work", "desk", "--sitting-hours", "9", "--height-cm", "170",
                "--weight-kg", "71.5", "--smoking", "current",
                "--cigarettes-per-day", "5", "--conditions", "osteoarthritis",
                "--conditions-note", "knees", "--treatments", "none",
                "--medicine", "ibuprofen|400 mg|otc|pain",
                "--medicine", "melatonin", "--night-pain", "yes",
                "--pain-wakes", "2", "--sleep-position", "side",
                "--knee-pillow", "no", "--goals", "Sleep through the night")
        for inst, answers in sorted(ANSWERS.items()):
            self.ok("measure", "add", eid, inst, "--answers", answers,
                    "--date", "2026-03-02")
        self.run_cli("screen", eid, "--flag", "saddle-anaesthesia",
                     "--date", "2026-03-02")
        self.ok("screen", "clear", eid, "--reason", "MRI clear")
        self.ok("screen", eid, "--none", "--date", "2026-03-05")
        self.ok("tcm", "add", sid, "--tongue-colour", "pale", "--tongue-shape",
                "swollen,tooth-marked", "--tongue-coat", "thin,white",
                "--tongue-moisture", "moist", "--tongue-note", "scalloped edges",
                "--pulse", "deep,weak", "--pulse-left-chi", "deep",
                "--pulse-rate", "64", "--pulse-note", "weak at chi",
                "--eight-principles", "interior,deficiency,cold",
                "--patterns", "kidney-yang-deficiency,cold-damp-obstruction",
                "--pattern-note", "chronic", "--treatment-principle",
                "Warm the kidneys")
        rx = self.ok("herbal", "add", eid, "--session", sid, "--date", "2026-03-02",
                     "--pinyin", "Du Huo Ji Sheng Tang", "--chinese", "独活寄生汤",
                     "--english", "Angelica and Loranthus Decoction",
                     "--form", "decoction", "--dose", "1 bag twice daily",
                     "--duration", "2 weeks", "--instructions", "warm",
                     "--modifications", "+ Du Zhong", "--pharmacy", "Lotus")["id"]
        self.ok("herbal", "add", eid, "--date", "2026-03-03", "--pinyin",
                "Zheng Gu Shui", "--form", "liniment", "--dose", "rub in")
        self.ok("herbal", "adverse", rx, "--effects", "nausea", "--severity",
                "mild", "--note", "first bag", "--date", "2026-03-04")
        self.ok("herbal", "stop", rx, "--reason", "adverse-effect",
                "--date", "2026-03-05")
        self.plan_and_program(pid, eid, sid)
        uid = self.ok("user", "add", "--email", "lin@example.org", "--name",
                      "Dr Lin", "--role", "practitioner", "--password-stdin",
                      stdin="a long enough password\n")["id"]
        # The web app sets practitioner_id from the signed-in user; the
        # command line has no user, so set it directly.
        con = self.connect()
        for table in ("episodes", "sessions", "intakes", "tcm_assessments",
                      "herbal_prescriptions"):
            con.execute(f"UPDATE {table} SET practitioner_id = ? WHERE episode_id = ?",
                        (uid, eid))
        con.commit()
        con.close()
        self.assertEqual(self.ok("episode", "show", eid)["practitioner_id"], uid)

    def plan_and_program(self, pid, eid, sid):
        """The care plan (courses, one stopped and one with a fractional
        visits a week, the bedtime routine), the home program (an exercise
        progressed to the next level, another, two settings of a paced
        activity), their logs, routine ticks and the next-day check-in of
        a session (an adverse event)."""
        self.ok("plan", "add", eid, "--treatment", "acupuncture", "--sessions",
                "10", "--per-week", "1.5", "--trial", "4", "--note", "GERAC")
        self.ok("plan", "add", eid, "--treatment", "exercise")
        self.ok("plan", "add", eid, "--treatment", "massage", "--per-week", "0.3")
        self.ok("plan", "end", eid, "--treatment", "massage", "--status", "stopped")
        self.ok("plan", "routine", eid, "--steps", "sleep-schedule,screens-off")
        self.ok("exercise", "assign", eid, "--exercise", "squat-supported",
                "--usual-morning", "4")
        self.ok("exercise", "assign", eid, "--exercise", "squat-bodyweight",
                "--reps", "6", "--every", "3")
        self.ok("exercise", "assign", eid, "--exercise", "bridge")
        self.ok("exercise", "log", eid, "--exercise", "squat-bodyweight",
                "--date", brtest.TODAY, "--reps", "6", "--pain-during", "3",
                "--next-morning", "2", "--rom-loss")
        self.ok("exercise", "log", eid, "--exercise", "bridge", "--date",
                brtest.TODAY, "--reps", "10", "--pain-during", "1")
        self.ok("pace", "set", eid, "--activity", "walking", "--unit", "min",
                "--baseline", "12")
        self.ok("pace", "set", eid, "--activity", "walking", "--unit", "min",
                "--baseline", "15.5", "--step-pct", "15", "--every", "5")
        self.ok("pace", "set", eid, "--activity", "stairs, slowly", "--unit",
                "steps", "--baseline", "40")
        self.ok("pace", "log", eid, "--activity", "walking", "--date",
                brtest.TODAY, "--done", "14.5", "--recovered", "yes")
        self.ok("pace", "log", eid, "--activity", "stairs, slowly", "--date",
                brtest.TODAY, "--done", "30", "--flare")
        self.ok("diary", "add", pid, "--date", "2026-03-03", "--routine",
                "sleep-schedule,heat")
        self.ok("checkin", "add", sid, "--date", brtest.TODAY, "--soreness", "7",
                "--energy", "worse", "--mood", "same", "--unusual", "tingling")
        # Visits: one attended, one at home, one cancelled.
        v = self.ok("visit", "book", eid, "--at", brtest.TODAY + "T09:00")["id"]
        self.ok("visit", "attend", v)
        self.ok("visit", "book", eid, "--at", "2026-03-12T10:00", "--where", "home",
                "--address", "4 Elm Road", "--minutes", "60")
        v = self.ok("visit", "book", eid, "--at", "2026-03-13T10:00")["id"]
        self.ok("visit", "cancel", v)

    def views(self, db):
        """Every --json view of a database, ids included."""
        out = {"patients": self.ok_other(db, "patient", "list")["patients"],
               "users": self.ok_other(db, "user", "list")}
        for p in out["patients"]:
            shown = self.ok_other(db, "patient", "show", p["id"])
            out[f"patient {p['id']}"] = shown
            out[f"diary {p['id']}"] = self.ok_other(db, "diary", "list", p["id"])
            for e in shown["episodes"]:
                out[f"episode {e['id']}"] = self.ok_other(db, "episode", "show", e["id"])
                for view in (("session", "list"), ("measure", "list"),
                             ("screen", "list"), ("tcm", "list"),
                             ("herbal", "list")):
                    out[f"{' '.join(view)} {e['id']}"] = self.ok_other(db, *view, e["id"])
                for view in (("plan",), ("exercise", "next"), ("pace", "next"),
                             ("checkin", "list")):
                    out[f"{' '.join(view)} {e['id']}"] = self.ok_other(db, *view, e["id"])
                out[f"visit list {e['id']}"] = self.ok_other(
                    db, "visit", "list", "--episode", e["id"],
                    "--from", "1970-01-01", "--to", "2100-01-01")
        return out


class Export(FhirTest):
    def test_bundle_is_stable_and_complete(self):
        pid, eid = self.charted()
        a = self.export("a.json")
        b = self.export("b.json")
        with open(a) as fa, open(b) as fb:
            self.assertEqual(fa.read(), fb.read(), "two exports differ")
        res = resources(a)
        types = [r["resourceType"] for r in res]
        for t in ("CodeSystem", "Organization", "Patient", "Condition",
                  "EpisodeOfCare", "Encounter", "Procedure", "Observation"):
            self.assertIn(t, types)
        ids = [(r["resourceType"], r["id"]) for r in res]
        self.assertEqual(len(ids), len(set(ids)))
        # One Procedure per modality: 4 in the first session, 1 in the second.
        self.assertEqual(types.count("Procedure"), 5)
        patient = next(r for r in res if r["resourceType"] == "Patient")
        self.assertEqual(patient["id"], f"pat-{pid}")
        self.assertIn({"system": f"{BASE}/NamingSystem/patient", "value": str(pid)},
                      patient["identifier"])
        self.assertEqual(patient["birthDate"], "1970-05-01")
        cond = next(r for r in res if r["resourceType"] == "Condition")
        codes = {(c["system"], c["code"]) for c in cond["code"]["coding"]}
        self.assertIn(("http://hl7.org/fhir/sid/icd-10-cm", "M54.41"), codes)
        acu = next(r for r in res if r["id"].endswith("-acupuncture"))
        points = [s["coding"][0]["code"] for s in acu["bodySite"]]
        self.assertEqual(points, ["BL23", "GB30", "GV4", "ashi"])
        sides = [s["extension"][0]["valueCode"] for s in acu["bodySite"]]
        self.assertEqual(sides, ["both", "left", "midline", "both"])
        needling = acu["extension"][0]
        self.assertTrue(needling["url"].endswith("stricta-needling"))
        parts = {x["url"]: x for x in needling["extension"]}
        self.assertEqual(parts["needles"]["valueInteger"], 9)
        self.assertEqual(parts["retention"]["valueDuration"]["value"], 25)
        self.assertEqual(parts["depth"]["valueQuantity"]["value"], 30)
        ea = next(r for r in res if r["id"].endswith("-electroacupuncture"))
        ea_parts = {x["url"]: x for x in ea["extension"][1]["extension"]}
        self.assertEqual(ea_parts["frequency"]["valueString"], "2/100")
        self.assertEqual(ea_parts["current"]["valueQuantity"]["value"], 1.5)
        obs = {r["id"]: r for r in res if r["resourceType"] == "Observation"}
        pain = obs[f"obs-{pid}-2026-03-01-pain"]
        self.assertEqual(pain["code"]["coding"][0]["code"], "72514-3")
        self.assertEqual(pain["valueQuantity"]["code"], "{score}")
        sleep = obs[f"obs-{pid}-2026-03-01-sleep-duration"]
        self.assertEqual(sleep["code"]["coding"][0]["code"], "93832-4")
        self.assertTrue(sleep["effectivePeriod"]["start"].startswith("2026-02-28T23:30"))
        self.assertTrue(sleep["effectivePeriod"]["end"].startswith("2026-03-01T06:40"))
        # TST = (06:40 - 23:30) - 20 - 35 = 375 min
        self.assertEqual(sleep["valueQuantity"]["value"], 375)
        # The plan: one CarePlan naming every ServiceRequest and the goal.
        cp = next(r for r in res if r["resourceType"] == "CarePlan")
        srs = {r["id"]: r for r in res if r["resourceType"] == "ServiceRequest"}
        self.assertEqual({a["reference"]["reference"] for a in cp["activity"]},
                         {f"ServiceRequest/{i}" for i in srs})
        self.assertEqual(cp["goal"], [{"reference": f"Goal/goal-i-{eid}"}])
        kinds = sorted(r["category"][0]["coding"][0]["code"] for r in srs.values())
        self.assertEqual(kinds, ["bedtime-routine", "course", "course", "course",
                                 "exercise", "exercise", "exercise",
                                 "pacing", "pacing", "pacing"])
        acu = next(r for r in srs.values() if r["code"]["coding"][0]["code"] == "acupuncture")
        self.assertEqual(acu["occurrenceTiming"]["repeat"],
                         {"count": 10, "frequency": 3, "period": 2, "periodUnit": "wk"})
        massage = next(r for r in srs.values() if r["code"]["coding"][0]["code"] == "massage")
        self.assertEqual(massage["status"], "revoked")
        exs = {r["code"]["coding"][0]["code"]: r for r in srs.values()
               if r["id"].startswith("sr-ex-")}
        self.assertEqual(exs["squat-supported"]["status"], "completed")
        self.assertEqual(exs["squat-bodyweight"]["replaces"],
                         [{"reference": f"ServiceRequest/{exs['squat-supported']['id']}"}])
        self.assertEqual(exs["squat-bodyweight"]["occurrenceTiming"]["repeat"]["period"], 3)
        walks = sorted((r["status"], r["quantityQuantity"]["value"]) for r in srs.values()
                       if r["code"].get("text") == "walking")
        self.assertEqual(walks, [("active", 15.5), ("completed", 12)])
        ci = next(r for r in res if r["id"].startswith("qr-ci-"))
        self.assertTrue(ci["questionnaire"].endswith("/Questionnaire/aftercare"))
        self.assertTrue(self.ok("checkin", "list", eid)[0]["adverse"])
        ticks = obs[f"obs-{pid}-2026-03-03-routine"]
        self.assertEqual([c["code"]["coding"][0]["code"] for c in ticks["component"]],
                         ["heat", "sleep-schedule"])
        tib = obs[f"obs-{pid}-2026-03-02-time-in-bed"]
        self.assertTrue(tib["effectivePeriod"]["start"].startswith("2026-03-02T00:15"))
        self.assertNotIn(f"obs-{pid}-2026-03-02-sleep-duration", obs)

    def test_filters_and_ndjson(self):
        pid, eid = self.charted()
        other = self.patient("Bo")
        self.ok("diary", "add", other, "--date", "2026-03-01", "--pain", "2")
        one = resources(self.export("p.json", None, "--patient", pid))
        self.assertEqual({r["id"] for r in one if r["resourceType"] == "Patient"},
                         {f"pat-{pid}"})
        ep = resources(self.export("e.json", None, "--episode", eid))
        self.assertEqual(len([r for r in ep if r["resourceType"] == "Encounter"]), 2)
        self.bad("export", "fhir", "--out", self.path("x.json"), "--patient",
                 "999", contains="no patient")
        self.bad("export", "fhir", "--patient", pid, field="out")
        d = self.path("bulk")
        r = self.ok("export", "ndjson", "--dir", d)
        files = {x["type"]: x["count"] for x in r["output"]}
        self.assertEqual(files["Patient"], 2)
        with open(os.path.join(d, "Observation.ndjson")) as f:
            lines = [json.loads(l) for l in f]
        self.assertEqual(len(lines), files["Observation"])
        all_res = resources(self.export("all.json"))
        self.assertEqual(len(all_res), sum(files.values()))
        # Nothing is newer than tomorrow: only the definitions remain.
        r = self.ok("export", "ndjson", "--dir", self.path("none"),
                    "--since", "2999-01-01")
        self.assertEqual([x["type"] for x in r["output"]],
                         ["CodeSystem", "Questionnaire"])
        self.bad("export", "ndjson", "--dir", d, "--since", "yesterday",
                 field="since")


class RoundTrip(FhirTest):
    def round_trip(self):
        a = self.export("a.json")
        fresh = self.new_db("fresh.db")
        rc, out, err = self.run_other(fresh, "import", "fhir", a)
        self.assertEqual(rc, 0, err)
        b = self.export("b.json", fresh)
        self.assertEqual(by_key(resources(a)), by_key(resources(b)))
        self.assertEqual(self.views(self.db), self.views(fresh))
        return a, fresh

    def test_demo_database(self):
        self.ok("demo", "--patients", "3", "--days", "30", "--seed", "5")
        self.round_trip()

    def test_every_charted_detail(self):
        pid, eid = self.charted()
        self.ok("episode", "close", eid)
        self.episode(pid, "2026-03-01", "--region", "neck")
        self.round_trip()

    def test_import_is_idempotent(self):
        self.ok("demo", "--patients", "2", "--days", "20")
        a, fresh = self.round_trip()
        old = self.db
        self.db = fresh
        try:
            before = self.snapshot()
            r = self.ok("import", "fhir", a)
            self.assertEqual(r["created"], {})
            self.assertEqual(r["updated"], {})
            self.assertGreater(r["matched"]["Observation"], 0)
            self.assertEqual(before, self.snapshot())
        finally:
            self.db = old

    def test_import_merges_into_existing_diary(self):
        pid, eid = self.charted()
        a = self.export("a.json")
        # The stored day changes; importing the old export restores it.
        self.ok("diary", "add", pid, "--date", "2026-03-03", "--pain", "9")
        r = self.ok("import", "fhir", a)
        self.assertEqual(r["updated"], {"diary days": 1})
        day = [d for d in self.ok("diary", "list", pid) if d["date"] == "2026-03-03"]
        self.assertEqual(day[0]["pain"], 4)


class Ndjson(FhirTest):
    """The streamed import of a bulk export: same result as the Bundle,
    idempotent, all or nothing with the file and line named."""

    def bulk(self, name="bulk"):
        d = self.path(name)
        self.ok("export", "ndjson", "--dir", d)
        return d

    def test_round_trip_and_idempotent(self):
        pid, eid = self.charted()
        self.ok("episode", "close", eid)
        self.ok("demo", "--patients", "2", "--days", "20", "--seed", "3")
        d = self.bulk()
        fresh = self.new_db("fresh.db")
        r = self.ok_other(fresh, "import", "ndjson", "--dir", d)
        self.assertGreater(r["created"]["Observation"], 0)
        self.assertEqual(r["rejected"], [])
        a = resources(self.export("a.json"))
        b = resources(self.export("b.json", fresh))
        self.assertEqual(by_key(a), by_key(b))
        self.assertEqual(self.views(self.db), self.views(fresh))
        old = self.db
        self.db = fresh
        try:
            before = self.snapshot()
            r = self.ok("import", "ndjson", "--dir", d)
            self.assertEqual((r["created"], r["updated"]), ({}, {}))
            self.assertEqual(before, self.snapshot())
        finally:
            self.db = old

    def test_refused_record_rejects_everything(self):
        """A record the use case's rules refuse while the import writes (a
        birth date after today) is named by file and line, and what the
        earlier groups wrote is rolled back with it."""
        self.charted()
        self.ok("demo", "--patients", "2", "--days", "7", "--seed", "3")
        d = self.bulk()
        with open(os.path.join(d, "Patient.ndjson")) as f:
            lines = f.readlines()
        pat = json.loads(lines[-1])
        pat["birthDate"] = "2099-01-01"
        lines[-1] = json.dumps(pat) + "\n"
        with open(os.path.join(d, "Patient.ndjson"), "w") as f:
            f.writelines(lines)
        fresh = self.new_db("fresh.db")
        rc, out, err = self.run_other(fresh, "import", "ndjson", "--dir", d, "--json")
        self.assertEqual(rc, 2, err)
        doc = json.loads(out)["error"]
        self.assertIn("Patient.ndjson line %d" % len(lines), doc["message"])
        self.assertEqual(len(doc["rejected"]), 1)
        self.assertIn("born must not be after today", doc["rejected"][0]["reason"])
        self.assertEqual(self.ok_other(fresh, "patient", "list")["patients"], [])

    def test_bad_line_rejects_everything(self):
        self.charted()
        d = self.bulk()
        with open(os.path.join(d, "Observation.ndjson")) as f:
            lines = f.readlines()
        obs = json.loads(lines[2])
        obs["status"] = "preliminary"
        lines[2] = json.dumps(obs) + "\n"
        lines.insert(5, "{not json\n")
        with open(os.path.join(d, "Observation.ndjson"), "w") as f:
            f.writelines(lines)
        fresh = self.new_db("fresh.db")
        rc, out, err = self.run_other(fresh, "import", "ndjson", "--dir", d, "--json")
        self.assertEqual(rc, 2, err)
        doc = json.loads(out)["error"]
        self.assertIn("Observation.ndjson line 6", doc["message"])
        # Lines that are not JSON stop the import before anything is read
        # back; fix that one and the next problem is named by line too.
        del lines[5]
        with open(os.path.join(d, "Observation.ndjson"), "w") as f:
            f.writelines(lines)
        rc, out, err = self.run_other(fresh, "import", "ndjson", "--dir", d, "--json")
        self.assertEqual(rc, 2, err)
        doc = json.loads(out)["error"]
        self.assertIn("Observation.ndjson line 3", doc["message"])
        self.assertIn("status", doc["rejected"][0]["reason"])
        self.assertEqual(self.ok_other(fresh, "patient", "list")["patients"], [])
        rc, out, err = self.run_other(fresh, "import", "ndjson", "--dir", self.path("none"))
        self.assertEqual(rc, 2)
        self.assertIn("dir", err)


def foreign_bundle():
    """A transaction Bundle as another system would send it."""
    pat, cond, eoc, enc = ("urn:uuid:0f6c1e52-6c36-4a4e-9d0b-%012d" % i for i in range(4))
    return {
        "resourceType": "Bundle", "type": "transaction",
        "entry": [
            {"fullUrl": pat, "request": {"method": "POST", "url": "Patient"},
             "resource": {"resourceType": "Patient",
                          "identifier": [{"system": "urn:oid:1.2.3.4", "value": "A-17"}],
                          "name": [{"given": ["Cara"], "family": "Diaz"}],
                          "gender": "female", "birthDate": "1981-07-02"}},
            {"fullUrl": cond, "request": {"method": "POST", "url": "Condition"},
             "resource": {"resourceType": "Condition", "subject": {"reference": pat},
                          "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10",
                                               "code": "M54.5"}]},
                          "onsetDateTime": "2025-11-20"}},
            {"fullUrl": eoc, "request": {"method": "POST", "url": "EpisodeOfCare"},
             "resource": {"resourceType": "EpisodeOfCare", "status": "active",
                          "identifier": [{"system": "urn:oid:1.2.3.5", "value": "EP-1"}],
                          "patient": {"reference": pat},
                          "diagnosis": [{"condition": {"reference": cond}}],
                          "period": {"start": "2026-01-05"}}},
            {"fullUrl": enc, "request": {"method": "POST", "url": "Encounter"},
             "resource": {"resourceType": "Encounter", "status": "finished",
                          "identifier": [{"system": "urn:oid:1.2.3.6", "value": "V-9"}],
                          "class": {"code": "AMB"}, "subject": {"reference": pat},
                          "episodeOfCare": [{"reference": eoc}],
                          "period": {"start": "2026-01-12T10:00:00Z"}}},
            {"fullUrl": "urn:uuid:0f6c1e52-6c36-4a4e-9d0b-000000000010",
             "request": {"method": "POST", "url": "Procedure"},
             "resource": {"resourceType": "Procedure", "status": "completed",
                          "code": {"coding": [{"system": f"{BASE}/CodeSystem/treatment-modality",
                                               "code": "acupuncture"}]},
                          "subject": {"reference": pat}, "encounter": {"reference": enc},
                          "bodySite": [{"coding": [{"system": f"{BASE}/CodeSystem/acupuncture-point",
                                                    "code": "BL40"}]}]}},
            {"fullUrl": "urn:uuid:0f6c1e52-6c36-4a4e-9d0b-000000000011",
             "request": {"method": "POST", "url": "Observation"},
             "resource": {"resourceType": "Observation", "status": "final",
                          "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]},
                          "subject": {"reference": pat}, "effectiveDateTime": "2026-01-13",
                          "valueInteger": 5}},
        ]}


class Foreign(FhirTest):
    def test_transaction_from_another_system(self):
        p = self.write("t.json", foreign_bundle())
        r = self.ok("import", "fhir", p)
        self.assertEqual(r["created"]["Patient"], 1)
        pats = self.ok("patient", "list")["patients"]
        self.assertEqual(pats[0]["name"], "Cara Diaz")
        shown = self.ok("patient", "show", pats[0]["id"])
        ep = shown["episodes"][0]
        self.assertEqual((ep["onset"], ep["code"], ep["opened_on"]),
                         ("2025-11-20", "M54.5", "2026-01-05"))
        sessions = self.ok("session", "list", ep["id"])
        self.assertEqual([s["points"][0]["point"] for s in sessions], ["BL40"])
        diary = self.ok("diary", "list", pats[0]["id"])
        self.assertEqual([(d["date"], d["pain"]) for d in diary], [("2026-01-13", 5)])
        # Matched on the other system's identifiers: nothing new.
        before = self.snapshot()
        r = self.ok("import", "fhir", p)
        self.assertEqual(r["created"], {})
        self.assertEqual(before, self.snapshot())


    def test_records_pass_the_use_cases_rules(self):
        """An imported patient, episode and session pass the rules of
        `patient add`, `episode open` and `session add` (the app's apply
        functions): the entry that fails one is named, nothing is written."""
        cases = [
            (lambda b: b["entry"][0]["resource"].update(birthDate="2099-01-01"),
             "Patient", "born must not be after today"),
            (lambda b: b["entry"][1]["resource"].update(onsetDateTime="1970-01-01"),
             "EpisodeOfCare", "before the patient's birth date"),
            (lambda b: b["entry"][3]["resource"]["period"].update(start="2025-11-01T10:00:00Z"),
             "Encounter", "before the episode's onset"),
        ]
        for change, rtype, why in cases:
            with self.subTest(why=why):
                b = foreign_bundle()
                change(b)
                before = self.snapshot()
                rc, out, err = self.run_cli("import", "fhir", self.write("t.json", b), "--json")
                self.assertEqual(rc, 2, err)
                rejected = json.loads(out)["error"]["rejected"]
                self.assertEqual([x["resourceType"] for x in rejected], [rtype])
                self.assertIn(why, rejected[0]["reason"])
                self.assertIn(why, err)
                self.assertEqual(before, self.snapshot())


class BadInput(FhirTest):
    def setUp(self):
        super().setUp()
        self.pid, self.eid = self.charted()
        self.good = resources(self.export("good.json"))
        # Bad cases are imported into this database, which already holds
        # the records: nothing may change.
        with open(self.path("good.json")) as f:
            self.bundle = json.load(f)

    def variant(self, change):
        b = copy.deepcopy(self.bundle)
        change(b)
        return self.write("bad.json", b)

    def entry(self, b, rtype, suffix=""):
        for i, e in enumerate(b["entry"]):
            if e["resource"]["resourceType"] == rtype and e["resource"]["id"].endswith(suffix):
                return i, e["resource"]

    def test_broken_json(self):
        p = self.write("broken.json", '{"resourceType": "Bundle",\n "entry": [1, }')
        self.bad("import", "fhir", p, contains="line 2")
        self.bad("import", "fhir", self.path("missing.json"), contains="cannot read")
        self.bad("import", "fhir", self.write("x.json", "[]"), contains="not a FHIR Bundle")
        self.bad("import", "fhir", self.write("y.json", {"resourceType": "Bundle",
                                                          "type": "searchset"}),
                 contains="transaction or collection")

    def test_wrong_types(self):
        def change(b):
            i, r = self.entry(b, "Patient")
            r["birthDate"] = 1970
        err = self.bad("import", "fhir", self.variant(change), contains="birthDate must be a string")
        self.assertIn("Patient https://", err)

        def change2(b):
            i, r = self.entry(b, "Observation", "-pain")
            r["valueQuantity"]["value"] = 12
        self.bad("import", "fhir", self.variant(change2), contains="0 to 10")

        def change3(b):
            i, r = self.entry(b, "Observation", "-sleep-duration")
            r["effectivePeriod"]["start"] = "yesterday evening"
        self.bad("import", "fhir", self.variant(change3), contains="effectivePeriod")

    def test_dangling_reference(self):
        def change(b):
            i, r = self.entry(b, "Observation", "-pain")
            r["subject"]["reference"] = "Patient/pat-42"
        err = self.bad("import", "fhir", self.variant(change), contains="no patient 42")
        self.assertIn("entry", err)

        def change2(b):
            i, r = self.entry(b, "Encounter")
            r["episodeOfCare"][0]["reference"] = "urn:uuid:nowhere"
        self.bad("import", "fhir", self.variant(change2),
                 contains="neither in the bundle nor a backrest record")

    def test_duplicate_identifiers(self):
        def change(b):
            i, r = self.entry(b, "Patient")
            twin = copy.deepcopy(b["entry"][i])
            twin["resource"]["id"] = "twin"
            twin["fullUrl"] = f"{BASE}/Patient/twin"
            b["entry"].append(twin)
        self.bad("import", "fhir", self.variant(change), contains="duplicate identifier")

    def test_unknown_types(self):
        def change(b):
            b["entry"].append({"fullUrl": "urn:uuid:1", "resource": {
                "resourceType": "Immunization", "status": "completed"}})
        p = self.variant(change)
        self.bad("import", "fhir", p, contains="Immunization (1)")
        fresh = self.new_db("fresh.db")
        rc, out, err = self.run_other(fresh, "import", "fhir", p, "--skip-unknown", "--json")
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["skipped"]["Immunization"], 1)

    def test_unknown_service_request_names_the_way_out(self):
        """The whole sentence reaches the user, hint included (a long
        fullUrl once cut it off)."""
        def change(b):
            i, r = self.entry(b, "ServiceRequest")
            r["category"] = [{"coding": [{"system": "http://example.org/other", "code": "lab"}]}]
            b["entry"][i]["fullUrl"] = BASE + "/ServiceRequest/" + "x" * 60
        err = self.bad("import", "fhir", self.variant(change),
                       contains="use --skip-unknown to skip it")
        self.assertTrue(err.strip().endswith("use --skip-unknown to skip it"), err)

    def first(self, b, rtype, prefix, pred=lambda r: True):
        for e in b["entry"]:
            r = e["resource"]
            if r["resourceType"] == rtype and r["id"].startswith(prefix) and pred(r):
                return r
        self.fail(f"no {rtype} {prefix}")

    def ext(self, r, name):
        return next(x for x in r["extension"] if x["url"].endswith("/" + name))

    def comp(self, r, code):
        return next(c for c in r["component"] if c["code"]["coding"][0]["code"] == code)

    def test_plan_and_program_rejected(self):
        """Each bad plan, home-program or check-in resource is named by
        entry and reason, and nothing is written."""
        acu = lambda r: r["code"]["coding"][0]["code"] == "acupuncture"
        cases = [
            (lambda b: self.first(b, "ServiceRequest", "sr-plan-")["code"]["coding"][0]
             .update(system="http://example.org/cs"), "code must be a coding of"),
            (lambda b: self.ext(self.first(b, "ServiceRequest", "sr-plan-", acu),
                                "visits-per-week").update(valueDecimal=-1),
             "visits-per-week extension must be a number of 0 or more"),
            (lambda b: self.ext(self.first(b, "ServiceRequest", "sr-plan-", acu),
                                "trial-checkpoint").update(valuePositiveInt="11"),
             "trial-checkpoint extension must be a number"),
            (lambda b: self.first(b, "ServiceRequest", "sr-ex-")["quantityQuantity"]
             .update(value=-1), "quantityQuantity.value"),
            (lambda b: self.first(b, "ServiceRequest", "sr-pace-")["quantityQuantity"]
             .update(code="kg", unit="kg"), "{steps} or {reps}"),
            (lambda b: self.first(b, "Observation", "obs-pl-")
             .pop("valueQuantity"), "valueQuantity (what was done)"),
            (lambda b: self.ext(self.first(b, "QuestionnaireResponse", "qr-ci-"),
                                "checkin-rule").pop("valueCode"),
             "aftercare thresholds"),
            (lambda b: self.comp(self.first(b, "Observation", "obs-exl-"), "pain-during")
             .update(valueInteger=2.5), "pain-during component must be a whole number"),
            (lambda b: self.first(b, "ServiceRequest", "sr-routine-")["orderDetail"][0]
             ["coding"][0].update(system="http://example.org/steps"), "bedtime-step"),
            (lambda b: self.ext(self.first(b, "Appointment", "appt-"), "visit-place")
             .update(valueCode="somewhere-else"), "visit-place extension is longer"),
            (lambda b: self.first(b, "Appointment", "appt-").update(minutesDuration=-5),
             "minutesDuration must be a whole number of 0 or more"),
            (lambda b: self.first(b, "CarePlan", "cp-")["activity"][0]["reference"]
             .update(reference="ServiceRequest/nope"), "neither in the bundle"),
            (lambda b: self.first(b, "Goal", "goal-i-")["description"]
             .update(text="Run a marathon"), "goals of the episode's intake"),
            (lambda b: self.first(b, "ServiceRequest", "sr-ex-")["category"][0]["coding"][0]
             .update(system="http://example.org/cs"), "care-plan ServiceRequests only"),
        ]
        for change, why in cases:
            with self.subTest(why=why):
                self.bad("import", "fhir", self.variant(change), contains=why)

    def test_each_kind_refused_as_the_api_refuses(self):
        """A record the use case refuses, imported as history: the importer
        writes it through the same apply, so it refuses it too, naming the
        entry and the field, and writes nothing.  Each case is imported
        into an empty database (so every record of the Bundle is new and
        written) and, where the API takes that field, the same value is
        refused by the command line."""
        pid, eid = self.pid, self.eid
        sid = self.ok("session", "list", eid)[0]["id"]
        rx = next(x["id"] for x in self.ok("herbal", "list", eid) if x["adverse_effects"])
        ci = lambda b: self.first(b, "QuestionnaireResponse", "qr-ci-")
        answer = lambda b, link: next(i for i in ci(b)["item"]
                                      if i["linkId"] == link)["answer"][0]
        home = lambda b: self.first(b, "Appointment", "appt-",
                                    lambda r: "valueAddress" in json.dumps(r))
        flagged = lambda b: self.first(b, "Observation", "obs-rf-",
                                       lambda r: r.get("component"))
        ticks = lambda b: self.first(b, "Observation", "obs-",
                                     lambda r: r["id"].endswith("-routine"))
        walking = lambda r: self.comp(r, "paced-activity")["valueString"] == "walking"
        bridge = lambda r: self.comp(r, "exercise")["valueCodeableConcept"][
            "coding"][0]["code"] == "bridge"
        acu = lambda r: r["code"]["coding"][0]["code"] == "acupuncture"
        cases = [
            # plan item
            (lambda b: self.first(b, "ServiceRequest", "sr-plan-")["code"]["coding"][0]
             .update(code="reiki"),
             "ServiceRequest", "treatment 'reiki' is not in the evidence table",
             ("plan", "add", eid, "--treatment", "reiki"),
             "'reiki' is not in the evidence table"),
            (lambda b: self.ext(self.first(b, "ServiceRequest", "sr-plan-", acu),
                                "trial-checkpoint").update(valuePositiveInt=11),
             "ServiceRequest", "trial checkpoint 11 is after the last of 10 sessions",
             ("plan", "add", eid, "--treatment", "massage", "--sessions", "10",
              "--trial", "11"),
             "trial checkpoint 11 is after the last of 10 sessions"),
            (lambda b: self.ext(self.first(b, "ServiceRequest", "sr-plan-", acu),
                                "visits-per-week").update(valueDecimal=9),
             "ServiceRequest", "per_week must be above 0 (visits a week, at most 7)",
             ("plan", "add", eid, "--treatment", "massage", "--per-week", "9"),
             "--per-week must be a number from 0 to 7"),
            # check-in
            (lambda b: answer(b, "energy")["valueCoding"].update(code="awful"),
             "QuestionnaireResponse", "energy must be one of worse, same, better, not 'awful'",
             ("checkin", "add", sid, "--soreness", "3", "--energy", "awful", "--mood", "same"),
             "must be one of worse, same, better, not 'awful'"),
            (lambda b: ci(b).update(authored="2026-03-02"),
             "QuestionnaireResponse", "date must be after the session's date 2026-03-02",
             ("checkin", "add", sid, "--date", "2026-03-02", "--soreness", "3",
              "--energy", "same", "--mood", "same"),
             "must be after the session's date 2026-03-02"),
            (lambda b: answer(b, "soreness").update(valueInteger=11),
             "QuestionnaireResponse", "soreness must be 0-10, not 11",
             ("checkin", "add", sid, "--soreness", "11", "--energy", "same", "--mood", "same"),
             "--soreness must be a whole number from 0 to 10"),
            (lambda b: self.ext(ci(b), "checkin-rule").update(valueCode="made-up"),
             "QuestionnaireResponse", "rule 'made-up' is not one of the aftercare thresholds",
             None, None),
            # visit
            (lambda b: home(b)["extension"].remove(self.ext(home(b), "visit-address")),
             "Appointment", "address is required for a home visit",
             ("visit", "book", eid, "--at", "2026-03-20T10:00", "--where", "home"),
             "--address is required for a home visit"),
            (lambda b: home(b).update(minutesDuration=500),
             "Appointment", "minutes must be 5-480, not 500",
             ("visit", "book", eid, "--at", "2026-03-20T10:00", "--minutes", "500"),
             "--minutes must be a whole number from 5 to 480"),
            # red-flag screen
            (lambda b: flagged(b)["component"][0]["code"]["coding"][0].update(code="made-up"),
             "Observation", "'made-up' is not a red-flag id",
             ("screen", eid, "--flag", "made-up"), "'made-up' is not a red-flag id"),
            (lambda b: flagged(b)["valueCodeableConcept"]["coding"][0].update(code="none"),
             "Observation", "tier none does not follow from the flags (emergency)",
             None, None),
            # TCM assessment
            (lambda b: self.comp(self.first(b, "Observation", "obs-tcm-",
                                            lambda r: r["id"].endswith("-tongue")),
                                 "tongue-colour")["valueCodeableConcept"]["coding"][0]
             .update(code="purplish"),
             "Observation", "tongue_colour must be one of pale,",
             ("tcm", "add", sid, "--tongue-colour", "purplish"), "not 'purplish'"),
            (lambda b: self.comp(self.first(b, "Observation", "obs-tcm-",
                                            lambda r: r["id"].endswith("-pulse")),
                                 "pulse-rate")["valueQuantity"].update(value=250),
             "Observation", "pulse_rate must be 30-200, not 250",
             ("tcm", "add", sid, "--pulse-rate", "250"),
             "--pulse-rate must be a whole number from 30 to 200"),
            # exercise prescription and log
            (lambda b: self.first(b, "ServiceRequest", "sr-ex-")["code"]["coding"][0]
             .update(code="bridge-x"),
             "ServiceRequest", "'bridge-x' is not in the library",
             ("exercise", "assign", eid, "--exercise", "bridge-x"),
             "'bridge-x' is not in the library"),
            (lambda b: self.first(b, "ServiceRequest", "sr-ex-")["quantityQuantity"]
             .update(value=0),
             "ServiceRequest", "reps must be 1-100, not 0",
             ("exercise", "assign", eid, "--exercise", "bridge", "--reps", "0"),
             "--reps must be a whole number from 1 to 100"),
            (lambda b: self.first(b, "Observation", "obs-exl-", bridge)
             .update(effectiveDateTime="2026-03-01"),
             "Observation", "date 2026-03-01 is before the exercise was assigned",
             ("exercise", "log", eid, "--exercise", "bridge", "--date", "2026-03-01",
              "--reps", "5", "--pain-during", "1"),
             "2026-03-01 is before the exercise was assigned"),
            (lambda b: self.comp(self.first(b, "Observation", "obs-exl-"), "pain-during")
             .update(valueInteger=11),
             "Observation", "pain_during must be 0-10, not 11",
             ("exercise", "log", eid, "--exercise", "bridge", "--date", brtest.TODAY,
              "--reps", "5", "--pain-during", "11"),
             "--pain-during must be a whole number from 0 to 10"),
            # pacing quota and log
            (lambda b: self.ext(self.first(b, "ServiceRequest", "sr-pace-"), "pacing-step")
             ["extension"][0].update(valueDecimal=30),
             "ServiceRequest", "step_pct must be a number from 10 to 20, not 30",
             ("pace", "set", eid, "--activity", "walking", "--unit", "min",
              "--baseline", "10", "--step-pct", "30"),
             "--step-pct must be a number from 10 to 20"),
            (lambda b: self.first(b, "ServiceRequest", "sr-pace-")["quantityQuantity"]
             .update(value=0),
             "ServiceRequest", "baseline must be above 0",
             ("pace", "set", eid, "--activity", "walking", "--unit", "min",
              "--baseline", "0"),
             "--baseline must be above 0"),
            (lambda b: self.first(b, "Observation", "obs-pl-", walking)
             .update(effectiveDateTime="2026-03-01"),
             "Observation", "date 2026-03-01 is before the quota was set",
             ("pace", "log", eid, "--activity", "walking", "--date", "2026-03-01",
              "--done", "5"),
             "2026-03-01 is before the quota was set"),
            (lambda b: self.first(b, "Observation", "obs-pl-", walking)["valueQuantity"]
             .update(value=1000000),
             "Observation", "done must be a number from 0 to 100000",
             ("pace", "log", eid, "--activity", "walking", "--date", brtest.TODAY,
              "--done", "1000000"),
             "--done must be a number from 0 to 100000"),
            # an adverse effect of a herbal prescription
            (lambda b: self.first(b, "Observation", "obs-hae-")["valueCodeableConcept"]
             ["coding"][0].update(code="made-up"),
             "Observation", "effects 'made-up' is not a known code",
             ("herbal", "adverse", rx, "--effects", "made-up"),
             "'made-up' is not a known code"),
            (lambda b: self.ext(self.first(b, "Observation", "obs-hae-"), "severity")
             .update(valueCode="awful"),
             "Observation", "severity must be one of mild, moderate, severe, not 'awful'",
             ("herbal", "adverse", rx, "--effects", "nausea", "--severity", "awful"),
             "must be one of mild, moderate, severe, not 'awful'"),
            (lambda b: self.first(b, "Observation", "obs-hae-")
             .update(effectiveDateTime="2026-03-01"),
             "Observation", "date must not be before the prescription (2026-03-02)",
             ("herbal", "adverse", rx, "--effects", "nausea", "--date", "2026-03-01"),
             "must not be before the prescription (2026-03-02)"),
            # the plan's bedtime routine and the steps ticked on a day
            (lambda b: self.first(b, "ServiceRequest", "sr-routine-")["orderDetail"][0]
             ["coding"][0].update(code="yoga"),
             "ServiceRequest", "steps must be one of sleep-schedule,",
             ("plan", "routine", eid, "--steps", "yoga"),
             "must be one of sleep-schedule, screens-off, heat, self-massage, "
             "cool-dark-room, not 'yoga'"),
            (lambda b: ticks(b)["component"][0]["code"]["coding"][0].update(code="yoga"),
             "Observation", "routine must be one of sleep-schedule,",
             ("diary", "add", pid, "--date", "2026-03-03", "--routine", "yoga"),
             "must be one of sleep-schedule, screens-off, heat, self-massage, "
             "cool-dark-room, not 'yoga'"),
            (lambda b: ticks(b)["component"][1]["code"]["coding"][0].update(
                code=ticks(b)["component"][0]["code"]["coding"][0]["code"]),
             "Observation", "routine lists", None, None),
        ]
        fresh = self.new_db("fresh.db")
        self.assertEqual(self.run_other(fresh, "init")[0], 0)
        old = self.db
        self.db = fresh
        try:
            empty = self.snapshot()
        finally:
            self.db = old
        for change, rtype, why, cli, cli_why in cases:
            with self.subTest(why=why):
                rc, out, err = self.run_other(fresh, "import", "fhir", self.variant(change),
                                              "--json")
                self.assertEqual(rc, 2, err)
                doc = json.loads(out)["error"]
                self.assertEqual(len(doc["rejected"]), 1, doc)
                rejected = doc["rejected"][0]
                self.assertEqual(rejected["resourceType"], rtype)
                self.assertIn(why, rejected["reason"])
                self.assertIn(rejected["fullUrl"], doc["message"])
                self.assertIn(why, err)
                self.db = fresh
                try:
                    self.assertEqual(self.snapshot(), empty)
                finally:
                    self.db = old
                if cli:
                    self.bad(*cli, contains=cli_why)

    def test_plan_duplicates_rejected(self):
        def change(b):
            logs = [e for e in b["entry"] if e["resource"]["id"].startswith("obs-exl-")]
            twin = copy.deepcopy(logs[0])
            twin["fullUrl"] += "-twin"
            twin["resource"]["id"] += "-twin"
            twin["resource"]["identifier"][0]["value"] = "1234"
            b["entry"].append(twin)
        self.bad("import", "fhir", self.variant(change),
                 contains="duplicate exercise log of that exercise and day")

    def test_every_rejection_is_listed(self):
        def change(b):
            i, r = self.entry(b, "Observation", "-pain")
            r["valueQuantity"]["value"] = 11
            j, q = self.entry(b, "Observation", "-quality")
            q["valueInteger"] = "good"
        before = self.snapshot()
        rc, out, err = self.run_cli("import", "fhir", self.variant(change), "--json")
        self.assertEqual(rc, 2)
        doc = json.loads(out)
        self.assertEqual(len(doc["error"]["rejected"]), 2)
        for x in doc["error"]["rejected"]:
            self.assertIn("index", x)
            self.assertTrue(x["fullUrl"].startswith(BASE))
        self.assertIn("2 of", err)
        self.assertEqual(len(err.strip().splitlines()), 2)
        self.assertEqual(before, self.snapshot())

    def test_transaction_needs_requests(self):
        b = foreign_bundle()
        del b["entry"][2]["request"]
        self.bad("import", "fhir", self.write("t.json", b), contains="request.method")


if __name__ == "__main__":
    brtest.main()
