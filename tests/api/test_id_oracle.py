"""No existence oracle: an id of a record the caller may not see answers
exactly like an id that names nothing.  Every route of the served API
description is walked; for every id it takes (path parameters, query
parameters of a GET, body fields whose name ends in _id) the request is sent
once with a real id of another clinic's record (another patient's, for a
patient) and once with an id that does not exist, everything else being a
valid request of the caller's own records, and the two answers must be the
same: status, error code, field and message, the id aside."""
import json
import re

import apitest

D = "/api/v1"
MISSING = 9007199254740000  # a valid id no record has

# A body that is otherwise good, for the routes that take one; the id under
# test is added to it.  A route whose body carries an id must be listed.
BODIES = {
    "POST /api/v1/patients": {"name": "Dora D"},
    "POST /api/v1/patients/{patient_id}/diary": {"date": "2026-03-01", "pain": 2},
    "POST /api/v1/patients/{patient_id}/episodes": {"onset": "2026-02-01"},
    "POST /api/v1/episodes/{episode_id}/sessions": {
        "date": "2026-03-10", "modality": ["massage"], "flags": "none"},
    "POST /api/v1/episodes/{episode_id}/measures": {
        "instrument": "nrs", "answers": "5", "date": "2026-03-01"},
    "POST /api/v1/episodes/{episode_id}/screens": {"none": True},
    "POST /api/v1/episodes/{episode_id}/screens/clear": {"reason": "seen by the GP"},
    "POST /api/v1/episodes/{episode_id}/intake": {"onset_mode": "lifting"},
    "POST /api/v1/episodes/{episode_id}/sessions/{session_id}/tcm": {"tongue_colour": "pale"},
    "POST /api/v1/episodes/{episode_id}/herbal": {
        "english": "Liniment", "form": "liniment", "dose": "rub in"},
    "POST /api/v1/episodes/{episode_id}/herbal/{prescription_id}/adverse": {"effects": ["rash"]},
    "POST /api/v1/episodes/{episode_id}/herbal/{prescription_id}/stop": {"reason": "completed"},
    "POST /api/v1/episodes/{episode_id}/visits": {"at": "2026-03-20T10:00"},
    "POST /api/v1/episodes/{episode_id}/sessions/{session_id}/checkin": {
        "soreness": 1, "energy": "same", "mood": "same"},
    "POST /api/v1/episodes/{episode_id}/plan": {"treatment": "acupuncture"},
    "POST /api/v1/episodes/{episode_id}/plan/end": {"treatment": "exercise"},
    "POST /api/v1/episodes/{episode_id}/plan/routine": {"steps": ["heat"]},
    "POST /api/v1/episodes/{episode_id}/exercises": {"exercise": "bird-dog"},
    "POST /api/v1/episodes/{episode_id}/exercises/log": {
        "exercise": "bridge", "date": "2026-03-10", "reps": 8, "pain_during": 2},
    "POST /api/v1/episodes/{episode_id}/pacing": {"activity": "walking", "unit": "min",
                                                  "baseline": 30},
    "POST /api/v1/episodes/{episode_id}/pacing/log": {"activity": "walking",
                                                      "date": "2026-03-10", "done": 16},
    "POST /api/v1/episodes/{episode_id}/visits/course": {
        "sessions": 2, "per_week": 1, "start": "2026-04-01T09:00"},
    "POST /api/v1/calendar-feeds": {},
    "POST /api/v1/calendar-feeds/{feed_id}/revoke": {},
    "POST /api/v1/score": {"instrument": "nrs", "answers": "5"},
    "POST /api/v1/users": {"email": "eve@example.org", "role": "patient",
                           "password": apitest.PASSWORD},
    "POST /api/v1/users/{user_id}/role": {"role": "practitioner"},
    "POST /api/v1/invitations": {"email": "eve@example.org", "role": "practitioner"},
    "POST /api/v1/patients/{patient_id}/previsit/confirm": {},
}
# Ids a use case reads that the description does not list yet.
UNDOCUMENTED = {"POST /api/v1/episodes/{episode_id}/sessions": ["visit_id"]}


class NoOracle(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One record of every kind an id names, in each episode.
        cls.rec = {}
        for i, (p, e) in enumerate(((cls.pa, cls.ea), (cls.pb, cls.eb), (cls.pc, cls.ec))):
            r = cls.rec[p] = {"patient_id": p, "episode_id": e}
            r["session_id"] = cls.cli_json("session", "add", e, "--date", "2026-03-02",
                                           "--modality", "acupuncture", "--points", "BL23")["id"]
            r["prescription_id"] = cls.cli_json(
                "herbal", "add", e, "--english", "Back Formula", "--form", "granules",
                "--dose", "6 g twice a day")["id"]
            r["visit_id"] = cls.cli_json("visit", "book", e, "--at", f"2026-03-12T1{i}:00")["id"]
            r["item_id"] = cls.cli_json("plan", "add", e, "--treatment", "massage",
                                        "--sessions", "4", "--per-week", "1")["id"]
            r["feed_id"] = cls.cli_json("visit", "feed", "create", "--patient", p)["id"]
        cls.rec[cls.pa]["practitioner_id"] = cls.doc
        cls.rec[cls.pc]["practitioner_id"] = cls.doc2
        cls.rec[cls.pa]["clinic_id"] = cls.clinic1
        # Point templates: the caller's own, and another clinic's shared
        # one (shared in its own clinic only).
        cls.rec[cls.pa]["template_id"] = cls.cli_json(
            "template", "add", "--practitioner", cls.doc, "--name", "mine",
            "--points", "BL23")["id"]
        cls.rec[cls.pc]["template_id"] = cls.cli_json(
            "template", "add", "--practitioner", cls.doc2, "--name", "theirs",
            "--points", "BL23,GV4", "--shared", "yes")["id"]
        cls.rec[cls.pc]["clinic_id"] = cls.clinic2
        cls.staff_feeds = {
            cls.doc: cls.cli_json("visit", "feed", "create", "--practitioner", cls.doc)["id"],
            cls.doc2: cls.cli_json("visit", "feed", "create", "--practitioner", cls.doc2)["id"],
        }

    def routes(self, c):
        doc = json.loads(c.get(f"{D}/openapi.json").raw)
        for path, ops in doc["paths"].items():
            for method, op in ops.items():
                if method not in ("get", "post", "delete"):
                    continue
                params = [self.resolve(doc, p) for p in op.get("parameters", [])]
                ids = [(p["in"], p["name"]) for p in params
                       if p["in"] in ("path", "query") and p["name"].endswith("_id")]
                path_names = {p["name"] for p in params if p["in"] == "path"}
                body = op.get("requestBody")
                key = f"{method.upper()} {path}"
                # An upload's body is a file, not JSON: no ids in it.
                content = self.resolve(doc, body)["content"] if body else {}
                if "application/json" in content:
                    schema = self.resolve(doc, content["application/json"]["schema"])
                    names = [n for n in schema.get("properties", {})
                             if n.endswith("_id") and n not in path_names]
                    names += UNDOCUMENTED.get(key, [])
                    ids += [("body", n) for n in names]
                    if names:
                        self.assertIn(key, BODIES, "give the route a good body")
                yield method.upper(), path, ids, path_names

    @staticmethod
    def resolve(doc, node):
        while isinstance(node, dict) and "$ref" in node:
            target = doc
            for part in node["$ref"].split("/")[1:]:
                target = target[part]
            node = target
        return node

    def value(self, name, path, own, caller_id):
        if name == "feed_id" and not path.startswith("/api/v1/patients/"):
            return self.staff_feeds.get(caller_id)
        if name == "practitioner_id" and name not in own:
            return None
        return own.get(name)

    def request(self, c, method, path, path_names, values, where, name, body):
        url = path
        for n in path_names:
            url = url.replace("{" + n + "}", str(values[n]))
        if method == "GET":
            if where == "query":
                url += f"?{name}={values[name]}"
            return c.get(url)
        if where == "body":
            body = dict(body, **{name: values[name]})
        return c.request(method, url, body=body)

    def answer(self, r, *ids):
        err = r.error() if r.status >= 400 else {}
        msg = err.get("message", "")
        for i in ids:
            msg = re.sub(rf"\b{i}\b", "<id>", msg)
        return r.status, err.get("code"), err.get("field"), msg

    def walk(self, email, caller_id, own, foreign):
        c = self.client(email)
        checked = 0
        before = self.snapshot()
        for method, path, ids, path_names in self.routes(c):
            key = f"{method} {path}"
            body = BODIES.get(key, {})
            for where, name in ids:
                mine = {n: self.value(n, path, own, caller_id) for n in
                        list(path_names) + [name]}
                theirs = self.value(name, path, foreign, None if name != "feed_id"
                                    else self.doc2)
                if theirs is None or any(v is None for v in mine.values()):
                    continue
                with self.subTest(caller=email, route=key, id=f"{where} {name}"):
                    a = self.request(c, method, path, path_names, dict(mine, **{name: theirs}),
                                     where, name, body)
                    b = self.request(c, method, path, path_names, dict(mine, **{name: MISSING}),
                                     where, name, body)
                    self.assertEqual(self.answer(a, theirs, MISSING),
                                     self.answer(b, theirs, MISSING),
                                     f"{key} with another's {name} answers otherwise than "
                                     f"a missing one:\n{a.raw}\n{b.raw}")
                    if a.status < 400:
                        # Both taken (an id only filters a read): then
                        # neither may show the other's record.
                        self.assertEqual(method, "GET", a.raw)
                        self.assertNotIn(str(theirs).encode(), a.raw)
                    checked += 1
        # Refused, every one: nothing was written.
        self.assertEqual(before, self.snapshot())
        return checked

    def test_practitioner_of_another_clinic(self):
        n = self.walk("doc@example.org", self.doc, self.rec[self.pa], self.rec[self.pc])
        self.assertGreater(n, 40)

    def test_patient_and_another_patient(self):
        n = self.walk("alice@example.org", self.alice, self.rec[self.pa], self.rec[self.pb])
        self.assertGreater(n, 40)


if __name__ == "__main__":
    apitest.main()
