"""API: the bodies of the screen, measure, score, check-in and visit
routes are checked against the model's field tables
(model/checks_clinical.c) before the use case runs: a value out of its
range or outside its vocabulary is refused with 422, one sentence and
the field as sent, and nothing is stored."""
import unittest

import apitest

D = "/api/v1"


class ClinicalFieldsTest(apitest.ApiTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.docc = apitest.Client(cls.server.port)
        cls.docc.login("doc@example.org")
        r = cls.docc.post(f"{D}/episodes/{cls.ea}/sessions", {
            "date": "2026-03-01", "modality": ["massage"]})
        assert r.status == 201, r.raw
        cls.sid = r.json["id"]

    def cases(self):
        ep = f"{D}/episodes/{self.ea}"
        return [
            # (path, body, field, words of the sentence)
            (ep + "/screens", {"flags": ["no-such-flag"]}, "flags",
             "is not a red-flag id"),
            (ep + "/screens", {"none": "yes"}, "none", "true or false"),
            (ep + "/screens", {"none": True, "date": "2026-02-30"}, "date",
             "date"),
            (ep + "/measures", {"instrument": "nrs", "answers": [-1]},
             "answers", "answer 1 is -1"),
            (ep + "/measures", {"instrument": "nrs", "answers": {"a": 1}},
             "answers", "a comma-separated list or an array"),
            (ep + "/measures", {"instrument": "x" * 41, "answers": [1]},
             "instrument", "at most 40"),
            (f"{D}/score", {"instrument": "nrs", "answers": ["x"]},
             "answers", "answer 1 is not a response code"),
            (f"{D}/score", {"instrument": "nrs"}, "answers",
             "answers is required"),
            (f"{ep}/sessions/{self.sid}/checkin",
             {"soreness": 11, "energy": "same", "mood": "same"},
             "soreness", "from 0 to 10"),
            (f"{ep}/sessions/{self.sid}/checkin",
             {"soreness": 1, "energy": "meh", "mood": "same"},
             "energy", "worse"),
            (f"{ep}/sessions/{self.sid}/checkin",
             {"soreness": 1, "energy": "same", "mood": "same",
              "unusual": "x" * 1001}, "unusual", "at most 1000"),
            (ep + "/visits", {"at": "2026-03-20T10:00", "minutes": 481},
             "minutes", "from 5 to 480"),
            (ep + "/visits", {"at": "2026-03-20T10:00", "where": "office"},
             "where", "clinic"),
            (ep + "/visits", {"at": "2026-03-20T10:00", "where": "home"},
             "address", "required for a home visit"),
            (ep + "/visits", {"minutes": 30}, "at", "at is required"),
            (ep + "/visits/course", {"sessions": 101, "per_week": 1},
             "sessions", "from 1 to 100"),
            (ep + "/visits/course", {"sessions": 2, "per_week": 0},
             "per_week", "per_week"),
            (ep + "/herbal", {"english": "Tea", "form": "tea", "dose": "1"},
             "form", "decoction"),
            (ep + "/herbal", {"english": "Tea", "form": "oil", "dose": ""},
             "dose", "dose must not be empty"),
            (ep + "/herbal", {"pinyin": "x" * 121, "form": "oil",
                              "dose": "1"}, "pinyin", "at most 120"),
            (ep + "/herbal", {"chinese": "Du", "form": "oil", "dose": "1"},
             "chinese", "Chinese characters"),
            (f"{ep}/sessions/{self.sid}/tcm", {"pulse_rate": 20},
             "pulse_rate", "from 30 to 200"),
            (f"{ep}/sessions/{self.sid}/tcm", {"tongue_colour": "green"},
             "tongue_colour", "green"),
            (f"{ep}/sessions/{self.sid}/tcm",
             {"eight_principles": ["damp"]}, "eight_principles", "damp"),
            (f"{ep}/sessions/{self.sid}/tcm",
             {"tongue_coat": ["thin", "thick"]}, "tongue_coat",
             "exclude each other"),
            (f"{ep}/sessions/{self.sid}/tcm",
             {"clear": ["shoe_size"]}, "clear", "shoe_size"),
            (ep + "/intake", {"height_cm": 99}, "height_cm",
             "from 100 to 250"),
            (ep + "/intake", {"weight_kg": 351}, "weight_kg", "351"),
            (ep + "/intake", {"smoking": "sometimes"}, "smoking", "never"),
            (ep + "/intake", {"locations": ["low-back:X"]}, "locations",
             "unknown side"),
            (ep + "/intake", {"medicines": [{"name": "x", "kind": "candy"}]},
             "medicines", "the kind must be"),
            (ep + "/intake", {"pain_wakes": 2, "night_pain": False},
             "pain_wakes", "night_pain is no"),
        ]

    def test_refused_naming_the_field(self):
        for path, body, field, words in self.cases():
            with self.subTest(path=path, body=body):
                before = self.snapshot()
                r = self.docc.post(path, body)
                self.assertEqual(r.status, 422, r.raw)
                err = r.json["error"]
                self.assertEqual(err["field"], field, err)
                self.assertIn(words, err["message"])
                self.assertNotIn("\n", err["message"])
                self.assertEqual(before, self.snapshot())


if __name__ == "__main__":
    unittest.main()
