"""Corrections of every kind a person writes, over the API: for each
kind (measure, screen, visit, check-in, herbal prescription, plan item,
exercise log, pacing log, TCM assessment, intake, patient, episode) the
happy path (the record and its history), bad input (one sentence naming
the field, nothing changed), a stale If-Match (409 naming the current
version, nothing changed), clearing a field with null, the authorization
matrix (a patient, another clinic's practitioner and an admin are
refused, each refusal audited), and entered-in-error leaving the kind's
view while its history stays.  Each kind's record is made in a patient
of its own, so the kinds do not meet."""
import apitest

D = "/api/v1"
ODI = [1] * 10


class Kind:
    """One kind: make(t) -> (url, view) makes a record and names the
    route of its corrections and a function listing the ids (or rows)
    the kind's view shows; good is a correction with the value it reads
    back as, clear a field to null, bad a correction refused naming its
    field."""

    def __init__(self, name, make, good, bad, clear=None, keep=False):
        self.name, self.make, self.good, self.bad = name, make, good, bad
        self.clear, self.keep = clear, keep


def made(r):
    assert r.status in (200, 201), r.raw
    return r.json


def patient(t):
    """A patient and an episode of their own, in the practitioner's
    clinic."""
    p = made(t.doc.post(f"{D}/patients", {"name": "Kim K",
                                          "born": "1970-01-01"}))["id"]
    e = made(t.doc.post(f"{D}/patients/{p}/episodes",
                        {"onset": "2026-01-05"}))["id"]
    return p, e


def session(t, e, date="2026-03-02"):
    return made(t.doc.post(f"{D}/episodes/{e}/sessions", {
        "date": date, "modality": ["acupuncture"], "pain_after": 4}))["id"]


def ids(rows):
    return [r["id"] for r in rows]


def make_measure(t):
    p, e = patient(t)
    m = made(t.doc.post(f"{D}/episodes/{e}/measures", {
        "instrument": "odi", "answers": ODI, "date": "2026-03-01"}))["id"]
    return p, m, f"{D}/patients/{p}/measures/{m}", lambda: ids(
        made(t.doc.get(f"{D}/episodes/{e}/measures")))


def make_screen(t):
    p, e = patient(t)
    s = made(t.doc.post(f"{D}/episodes/{e}/screens", {
        "none": True, "date": "2026-03-01"}))["id"]
    return p, s, f"{D}/patients/{p}/screens/{s}", lambda: ids(
        made(t.doc.get(f"{D}/episodes/{e}/screens")))


def make_visit(t):
    p, e = patient(t)
    t.hour += 1
    v = made(t.doc.post(f"{D}/episodes/{e}/visits", {
        "at": f"2026-03-20T{t.hour:02}:00"}))["id"]
    return p, v, f"{D}/patients/{p}/visits/{v}", lambda: ids(
        made(t.doc.get(f"{D}/episodes/{e}/visits")))


def make_checkin(t):
    p, e = patient(t)
    s = session(t, e)
    made(t.doc.post(f"{D}/episodes/{e}/sessions/{s}/checkin", {
        "soreness": 3, "energy": "same", "mood": "better",
        "date": "2026-03-03"}))
    return p, s, f"{D}/patients/{p}/sessions/{s}/checkin", lambda: [
        r[0] for r in t.sql("SELECT session_id FROM checkins "
                            "WHERE patient_id = ?", p)]


def make_herbal(t):
    p, e = patient(t)
    h = made(t.doc.post(f"{D}/episodes/{e}/herbal", {
        "pinyin": "Du Huo Ji Sheng Tang", "form": "decoction",
        "dose": "1 bag twice a day"}))["id"]
    return p, h, f"{D}/patients/{p}/herbal/{h}", lambda: ids(
        made(t.doc.get(f"{D}/episodes/{e}/herbal")))


def make_plan(t):
    p, e = patient(t)
    i = made(t.doc.post(f"{D}/episodes/{e}/plan", {
        "treatment": "acupuncture", "sessions": 6}))["id"]
    return p, i, f"{D}/patients/{p}/plan-items/{i}", lambda: ids(
        made(t.doc.get(f"{D}/episodes/{e}/plan"))["items"])


def make_exercise(t):
    p, e = patient(t)
    made(t.doc.post(f"{D}/episodes/{e}/exercises", {"exercise": "bridge"}))
    made(t.doc.post(f"{D}/episodes/{e}/exercises/log", {
        "exercise": "bridge", "date": apitest.TODAY, "reps": 8,
        "pain_during": 3}))
    # The log's view does not show its id: the store does.
    (i,), = t.sql("SELECT log_id FROM exercise_logs WHERE patient_id = ?",
                  p)
    return p, i, f"{D}/patients/{p}/exercise-logs/{i}", lambda: [
        r[0] for r in t.sql("SELECT log_id FROM exercise_logs "
                            "WHERE patient_id = ?", p)]


def make_pacing(t):
    p, e = patient(t)
    made(t.doc.post(f"{D}/episodes/{e}/pacing", {
        "activity": "walking", "unit": "min", "baseline": 30}))
    made(t.doc.post(f"{D}/episodes/{e}/pacing/log", {
        "activity": "walking", "date": apitest.TODAY, "done": 20}))
    (i,), = t.sql("SELECT log_id FROM pacing_logs WHERE patient_id = ?", p)

    def logged():
        nxt = made(t.doc.get(f"{D}/episodes/{e}/pacing/next"))
        return [i for a in nxt if a.get("logged_today")]
    return p, i, f"{D}/patients/{p}/pacing-logs/{i}", logged


def make_tcm(t):
    p, e = patient(t)
    s = session(t, e)
    a = made(t.doc.post(f"{D}/episodes/{e}/sessions/{s}/tcm", {
        "tongue_colour": "pale", "pulse": ["wiry"]}))["id"]
    return p, a, f"{D}/patients/{p}/tcm/{a}", lambda: ids(
        made(t.doc.get(f"{D}/episodes/{e}/tcm")))


def make_intake(t):
    p, e = patient(t)
    made(t.doc.post(f"{D}/episodes/{e}/intake", {
        "work": "desk", "sitting_hours": 8}))

    def shown():
        r = t.doc.get(f"{D}/episodes/{e}/intake")
        return [e] if r.status == 200 else []
    return p, e, f"{D}/episodes/{e}/intake", shown


def make_patient(t):
    p, e = patient(t)
    return p, p, f"{D}/patients/{p}", None


def make_episode(t):
    p, e = patient(t)
    return p, e, f"{D}/episodes/{e}", None


KINDS = [
    Kind("measure", make_measure, ({"answers": [2] * 10}, "answers", [2] * 10),
         ({"answers": [1, 1]}, "answers")),
    Kind("screening", make_screen, ({"date": "2026-03-02"}, "date",
                                    "2026-03-02"),
         ({"date": "2026-01-01"}, "date")),
    Kind("visit", make_visit, ({"minutes": 60}, "minutes", 60),
         ({"minutes": 2}, "minutes")),
    Kind("checkin", make_checkin, ({"soreness": 5}, "soreness", 5),
         ({"date": "2026-03-01"}, "date"), clear=("unusual", "a rash")),
    Kind("herbal", make_herbal, ({"dose": "2 bags"}, "dose", "2 bags"),
         ({"chinese": "abc"}, "chinese"), clear=("pharmacy", "Main St")),
    Kind("plan_item", make_plan, ({"sessions": 8}, "sessions", 8),
         ({"sessions": 0}, "sessions"), clear=("note", "two a week")),
    Kind("exercise_log", make_exercise, ({"reps": 10}, "reps", 10),
         ({"exercise": "nope"}, "exercise"), clear=("next_morning", 2)),
    Kind("pacing_log", make_pacing, ({"done": 25}, "done", 25),
         ({"recovered": "maybe"}, "recovered"), clear=("recovered", "yes")),
    Kind("tcm", make_tcm, ({"tongue_colour": "red"}, "tongue_colour", "red"),
         ({"pulse_rate": 500}, "pulse_rate"), clear=("tongue_note", "thin")),
    Kind("intake", make_intake, ({"sitting_hours": 6}, "sitting_hours", 6),
         ({"work": "astronaut"}, "work"), clear=("work", "manual")),
    Kind("patient", make_patient, ({"name": "Kim L"}, "name", "Kim L"),
         ({"born": "2030-01-01"}, "born"), clear=("ref", "H-12"), keep=True),
    Kind("episode", make_episode, ({"onset": "2026-01-06"}, "onset",
                                   "2026-01-06"),
         ({"onset": "2030-01-01"}, "onset"), clear=("code", "M54.5"), keep=True),
]


class CorrectionKinds(apitest.ApiTest):
    hour = 7

    def setUp(self):
        self.doc = self.client("doc@example.org")

    def patch(self, c, url, body, version=None):
        h = {"If-Match": f'"{version}"'} if version else None
        return c.request("PATCH", url, body, headers=h)

    def history(self, url):
        return url + "/history"

    def test_each_kind(self):
        for k in KINDS:
            with self.subTest(k.name):
                self.one_kind(k)

    def one_kind(self, k):
        pid, rid, url, view = k.make(self)
        (fields, key, value) = k.good
        # Happy path: the record reads back corrected, version 2.
        r = self.patch(self.doc, url, dict(fields, reason="typed wrong"),
                       version=1)
        out = self.expect(r, 200)
        self.assertEqual(out["kind"], k.name)
        self.assertEqual(out["version"], 2)
        self.assertEqual(r.header("ETag"), '"2"')
        self.assertEqual(out["record"][key], value, out)
        self.assertIn(key, out["changes"])
        self.assertTrue(self.audit(action=f"{self.audit_name(k)}.correct",
                                   outcome="ok"))
        # Bad input and a stale version: nothing changes.
        before = self.snapshot()
        bad, field = k.bad
        self.expect(self.patch(self.doc, url, dict(bad, reason="x")), 422,
                    field=field)
        r = self.patch(self.doc, url, dict(fields, reason="x"), version=1)
        self.expect(r, 409, "conflict")
        self.assertIn("version is 2", r.error()["message"])
        self.expect(self.patch(self.doc, url, dict(fields)), 422,
                    field="reason")
        self.expect(self.patch(self.doc, url, {"zz": 1, "reason": "x"}),
                    422, field="zz")
        self.assertEqual(before, self.snapshot())
        # Clearing an optional field: null.
        if k.clear:
            key, value = k.clear
            self.expect(self.patch(self.doc, url, {
                key: value, "reason": "asked"}), 200)
            out = self.expect(self.patch(self.doc, url, {
                key: None, "reason": "not asked"}), 200)
            self.assertIsNone(out["record"].get(key), out)
            self.assertIsNone(out["changes"][key]["to"], out)
        # Who may: another clinic's practitioner reads a missing
        # record, an admin and a patient are refused; each is audited.
        before = self.snapshot()
        denied = len(self.audit())
        for who, status in (("doc2@example.org", 404),
                            ("admin@example.org", 403),
                            ("alice@example.org", 403)):
            c = self.client(who)
            self.expect(self.patch(c, url, dict(fields, reason="x")),
                        status)
            self.expect(c.get(self.history(url)), status)
        self.assertEqual(before, self.snapshot())
        refusals = [a for a in self.audit()[denied:] if a[3] != "ok"]
        self.assertGreaterEqual(len(refusals), 6, refusals)
        # The history holds every version.
        h = self.expect(self.doc.get(self.history(url)), 200)
        self.assertEqual([v["action"] for v in h["versions"]],
                         ["correct"] * (3 if k.clear else 1))
        self.assertEqual(h["versions"][0]["by"], "doc@example.org")
        self.assertEqual(h["versions"][0]["reason"], "typed wrong")
        # Entered in error: out of the kind's view, its history kept.
        if k.keep:
            r = self.doc.post(url + "/void", {"reason": "x"})
            self.assertIn(r.status, (404, 405), r.raw)
            return
        self.assertIn(rid, view())
        self.expect(self.doc.post(url + "/void", {"reason": "not hers"}),
                    200)
        self.assertNotIn(rid, view())
        h = self.expect(self.doc.get(self.history(url)), 200)
        self.assertTrue(h["voided"])
        self.assertEqual(h["versions"][-1]["action"], "void")
        self.expect(self.patch(self.doc, url, dict(fields, reason="x")),
                    404)

    @staticmethod
    def audit_name(k):
        return {"plan_item": "plan", "exercise_log": "exercise",
                "pacing_log": "pacing"}.get(k.name, k.name)


if __name__ == "__main__":
    apitest.main()
