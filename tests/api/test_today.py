"""GET /api/v1/today: the Today page in one request.  Its answer is
checked against what the page used to work out from one request per
patient (the care summary, the red-flag status, the outcome and the
visits of each open episode, and GET /due), on a clinic whose patients
are in every state the page shows; another clinic's patients are never
in it, the read is audited, and a patient's account may not call it."""
import datetime

import apitest

D = "/api/v1"
TODAY = apitest.TODAY


def day(n):
    return (datetime.date.fromisoformat(TODAY) - datetime.timedelta(days=n)).isoformat()


def per_patient(c):
    """What the Today page computed from per-patient requests (the page
    before GET /today), in GET /today's shape."""
    patients, after = [], None
    while True:
        page = c.get(f"{D}/patients?limit=1000" + (f"&after={after}" if after else "")).json
        patients += page["patients"]
        after = page["next"]
        if not after:
            break
    rows = [{"p": p, "s": c.get(f"{D}/patients/{p['id']}/summary").json} for p in patients]
    opened = [r for r in rows if r["s"]["episode"] and r["s"]["episode"]["status"] == "open"]
    due = c.get(f"{D}/due").json["patients"]
    for r in opened:
        r["sc"] = c.get(f"{D}/episodes/{r['s']['episode']['id']}/safety-net").json
    treated = [r for r in opened if r["s"]["sessions"]["count"] >= 4]
    for r in treated:
        r["out"] = c.get(f"{D}/episodes/{r['s']['episode']['id']}/outcome").json
    appts = []
    for r in opened:
        for v in c.get(f"{D}/episodes/{r['s']['episode']['id']}/visits?from={TODAY}&to={TODAY}").json:
            if v["status"] != "cancelled":
                appts.append((r, v))
    appts.sort(key=lambda a: a[1]["time"])

    def rank(r):
        w = r.get("sc") and r["sc"]["waiting"]
        return (0 if w["tier"] == "emergency" else 1) if w else 2

    def item(r, tone, text, why, link=None):
        return {"patient_id": r["p"]["id"], "name": r["p"]["name"],
                "badge": {"tone": tone, "text": text}, "why": why, "link": link}

    by_id = {r["p"]["id"]: r for r in rows}
    red = [item(r, "bad" if rank(r) == 0 else "warn", r["sc"]["waiting"]["tier"] + " red flag",
                f"Screen of {r['sc']['waiting']['date']}: {r['sc']['waiting']['referral']}; "
                "no session until cleared")
           for r in sorted(rows, key=rank) if rank(r) < 2]
    trial = []
    for p in due:
        items = [d for d in p["due"] if d["kind"] == "trial-checkpoint"]
        if items:
            trial.append(item(by_id[p["patient_id"]], "warn", "review the course",
                              "; ".join(f"{d['treatment'].replace('-', ' ')}: {d['sessions']} sessions, "
                                        f"checkpoint at {d['trial']}" for d in items), "#plan"))
    notresp = []
    for r in treated:
        pain = next(f for f in r["out"]["diary"]["figures"] if f["figure"] == "pain")
        ch = pain["change"]
        if ch and not ch["cannot_assess"] and ch["responder_points"] is False \
                and ch["responder_percent"] is False:
            notresp.append(item(r, "warn", "not responding",
                                f"Diary pain {pain['latest']['mean']:.1f} from {pain['baseline']['mean']:.1f} "
                                f"after {r['out']['sessions']} sessions: less than "
                                f"{pain['mcid']['points']:g} points and {pain['mcid']['percent']:g} % better",
                                "#outcome"))
    missing = []
    for r in sorted([r for r in opened if r["s"]["diary"]["last_7_days"]["diary_days"] < 4],
                    key=lambda r: r["s"]["diary"]["last_7_days"]["diary_days"]):
        n = r["s"]["diary"]["last_7_days"]["diary_days"]
        missing.append(item(r, "bad" if n == 0 else "warn", "none in 7 days" if n == 0 else f"{n} of 7 days",
                            "No diary entries in the last 7 days" if n == 0
                            else f"Diary on only {n} of the last 7 days"))
    words = {"red-flag-screen": "re-screen red flags", "questionnaire": "questionnaires",
             "exercise": "exercises", "pacing": "pacing"}
    rest = []
    for p in due:
        items = [d for d in p["due"] if d["kind"] in words]
        if items:
            kinds = list(dict.fromkeys(d["kind"] for d in items))
            rest.append(item(by_id[p["patient_id"]], "warn" if "red-flag-screen" in kinds else "ok",
                             ", ".join(words[k] for k in kinds), "; ".join(d["what"] for d in items)))
    at_visit = {"trial-checkpoint": "trial review", "red-flag-screen": "re-screen red flags",
                "exercise": "exercise review", "pacing": "pacing review"}
    due_by = {p["patient_id"]: p["due"] for p in due}

    def row(r):
        s, ep, sc = r["s"], r["s"]["episode"], r.get("sc")
        last7 = s["diary"]["last_7_days"]
        return {"id": r["p"]["id"], "name": r["p"]["name"], "ref": r["p"]["ref"],
                "screening": {"last": sc["last"], "waiting": sc["waiting"]} if sc else None,
                "episode": ep and {"id": ep["id"], "status": ep["status"],
                                   "phase": ep["phase"]["cochrane"],
                                   "duration_weeks": ep["duration_weeks"]},
                "diary": {"days": last7["diary_days"], "pain": last7["pain"]["mean"]},
                "sessions": {"count": s["sessions"]["count"],
                             "last": s["sessions"]["last"] and s["sessions"]["last"]["date"]}}
    return {
        "date": TODAY,
        "figures": {"patients": len(rows), "open_episodes": len(opened),
                    "diary_this_week": len([r for r in opened if r["s"]["diary"]["last_7_days"]["diary_days"]])},
        "appointments": [{"id": v["id"], "episode_id": v["episode_id"], "patient_id": r["p"]["id"],
                          "time": v["time"], "end": v["end"], "where": v["where"],
                          "session_id": v["session_id"], "status": v["status"],
                          "due": [d["what"] if d["kind"] == "questionnaire" else at_visit[d["kind"]]
                                  for d in due_by.get(r["p"]["id"], [])
                                  if d["kind"] == "questionnaire" or d["kind"] in at_visit]}
                         for r, v in appts],
        "attention": [{"group": "red-flags", "title": "Red flags", "items": red},
                      {"group": "trial-reviews", "title": "Trial reviews due", "items": trial},
                      {"group": "not-responding", "title": "Not responding", "items": notresp},
                      {"group": "diary-missing", "title": "Diary missing", "items": missing},
                      {"group": "due-today", "title": "Due today", "items": rest}],
        "patients": [row(r) for r in sorted(rows, key=rank)],
    }


def comparable(doc):
    """GET /today's answer with each appointment cut to what the page
    shows."""
    keep = ("id", "episode_id", "patient_id", "time", "end", "where", "session_id", "status", "due")
    return dict(doc, appointments=[{k: a[k] for k in keep} for a in doc["appointments"]])


class TodayTest(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def patient(name, onset=None, opened=None, **kw):
            pid = cls.cli_json("patient", "add", "--name", name, *sum((["--" + k, v] for k, v in kw.items()), []))["id"]
            eid = None
            if onset:
                eid = cls.cli_json("--today", opened or day(40), "episode", "open", pid, "--onset", onset)["id"]
            return pid, eid

        def diary(pid, days, pain):
            for n in days:
                cls.cli("diary", "add", pid, "--date", day(n), "--pain", str(pain(n)))

        # Alice: 3 of the last 7 days, a visit this afternoon.
        diary(cls.pa, [1, 3, 5], lambda n: 4)
        # A non-responder: a baseline week, 4 weekly sessions, pain the same.
        cls.pn, cls.en = patient("Nora Steady", day(200), day(36))
        diary(cls.pn, range(35, 0, -1), lambda n: 6 - (n % 3 == 0))
        for n in (28, 21, 14, 7):
            cls.cli("session", "add", cls.en, "--date", day(n), "--modality", "acupuncture",
                    "--flags", "none")
        # A non-responder whose diary stopped 10 days ago: the latest
        # window is the week before that.
        cls.ps, cls.es = patient("Sam Stopped", day(200), day(45))
        diary(cls.ps, range(44, 9, -1), lambda n: 5 + (n % 2))
        for n in (36, 29, 22, 15):
            cls.cli("session", "add", cls.es, "--date", day(n), "--modality", "massage",
                    "--flags", "none")
        # A responder, and a course at its trial checkpoint.
        cls.pr, cls.er = patient("Rita Better", day(100), day(36))
        diary(cls.pr, range(35, 0, -1), lambda n: 8 if n > 28 else 2)
        cls.cli("plan", "add", cls.er, "--treatment", "acupuncture", "--trial", "4")
        for n in (28, 21, 14, 7):
            cls.cli("session", "add", cls.er, "--date", day(n), "--modality", "acupuncture",
                    "--flags", "none")
        cls.cli("measure", "add", cls.er, "nrs", "--answers", "7", "--date", day(30))
        # Red flags: an emergency and an urgent screen waiting, one cleared.
        cls.pe, cls.ee = patient("Emma Urgent", day(20), day(10))
        cls.cli("screen", cls.ee, "--flag", "saddle-anaesthesia", "--date", day(2))
        cls.pu, cls.eu = patient("Uma Soon", day(20), day(10))
        cls.cli("screen", cls.eu, "--flag", "fever", "--date", day(3))
        cls.pk, cls.ek = patient("Kai Cleared", day(20), day(10), ref="K-7")
        cls.cli("screen", cls.ek, "--flag", "night-pain", "--date", day(4))
        cls.cli("screen", "clear", cls.ek, "--reason", "seen by the GP")
        diary(cls.pk, range(7, 0, -1), lambda n: 3)
        # Home program: an exercise and a paced activity due.
        cls.cli("--today", day(6), "exercise", "assign", cls.ek, "--exercise", "bridge")
        cls.cli("--today", day(6), "pace", "set", cls.ek, "--activity", "walking", "--unit", "min",
                "--baseline", "20")
        # A closed episode with sessions; a patient without an episode; one
        # with two open episodes.
        cls.pc2, cls.ec2 = patient("Cleo Closed", day(90), day(60))
        cls.cli("session", "add", cls.ec2, "--date", day(50), "--modality", "massage", "--flags", "none")
        cls.cli("episode", "close", cls.ec2)
        patient("Ned Noepisode")
        cls.pt, cls.et = patient("Theo Two", day(60), day(30))
        cls.et2 = cls.cli_json("--today", day(5), "episode", "open", cls.pt, "--onset", day(10))["id"]
        cls.cli("session", "add", cls.et2, "--date", day(2), "--modality", "cupping", "--flags", "none")
        # Today's visits, booked yesterday: one cancelled, one tomorrow.
        for eid, at, who in ((cls.ea, "15:00", []), (cls.en, "09:30", []),
                             (cls.er, "09:30", ["--practitioner", cls.doc]), (cls.et2, "11:00", [])):
            cls.cli("--today", day(1), "visit", "book", eid, "--at", f"{TODAY}T{at}", *who)
        gone = cls.cli_json("--today", day(1), "visit", "book", cls.ek, "--at", f"{TODAY}T12:00")["id"]
        cls.cli("visit", "cancel", gone)
        cls.cli("visit", "book", cls.eb, "--at", day(-1) + "T10:00")

    def test_the_same_as_per_patient(self):
        c = self.client("doc@example.org")
        doc = self.expect(c.get(f"{D}/today"), 200)
        self.assertEqual(comparable(doc), per_patient(c))
        # What the fixture was made to show.
        groups = {g["group"]: [x["name"] for x in g["items"]] for g in doc["attention"]}
        self.assertEqual(groups["red-flags"], ["Emma Urgent", "Uma Soon"])
        self.assertEqual(groups["not-responding"], ["Nora Steady", "Sam Stopped"])
        self.assertEqual(groups["trial-reviews"], ["Rita Better"])
        self.assertIn("Bob B", groups["diary-missing"])
        self.assertEqual([p["name"] for p in doc["patients"]][:2], ["Emma Urgent", "Uma Soon"])
        self.assertEqual([(a["time"], a["patient_name"]) for a in doc["appointments"]],
                         [("09:30", "Nora Steady"), ("09:30", "Rita Better"), ("11:00", "Theo Two"),
                          ("15:00", "Alice A")])
        kai = next(p for p in doc["patients"] if p["name"] == "Kai Cleared")
        self.assertEqual((kai["ref"], kai["screening"]["last"]["cleared"], kai["diary"]),
                         ("K-7", True, {"days": 6, "pain": 3.0}))
        theo = next(p for p in doc["patients"] if p["name"] == "Theo Two")
        self.assertEqual((theo["episode"]["id"], theo["sessions"]["count"]), (self.et2, 1))
        cleo = next(p for p in doc["patients"] if p["name"] == "Cleo Closed")
        self.assertEqual((cleo["episode"]["status"], cleo["sessions"], cleo["screening"]),
                         ("closed", {"count": 1, "last": day(50)}, None))
        self.assertNotIn(self.pc, [p["id"] for p in doc["patients"]])

    def test_only_the_clinic_and_audited(self):
        theirs = self.expect(self.client("doc2@example.org").get(f"{D}/today"), 200)
        self.assertEqual([p["id"] for p in theirs["patients"]], [self.pc])
        self.assertEqual(comparable(theirs), per_patient(self.client("doc2@example.org")))
        rows = self.audit(user_id=self.doc2, action="today.read")
        self.assertEqual([(r[2], r[3]) for r in rows[-1:]], [(None, "ok")])
        self.expect(self.client("doc2@example.org").get(f"{D}/today?clinic_id={self.clinic1}"), 422,
                    "invalid", "clinic_id")
        self.expect(self.client("alice@example.org").get(f"{D}/today"), 403, "forbidden")
        self.expect(self.client("doc@example.org").get(f"{D}/today?date={TODAY}"), 422, "invalid", "date")


if __name__ == "__main__":
    apitest.main()
