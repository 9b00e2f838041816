-- read.lua - wrk script: the chart read (GET a patient's whole diary, as
-- the practitioner's chart and the patient's progress view do) with a
-- signed-in practitioner's cookie.  Env: BR_COOKIE, BR_PATH.
wrk.method = "GET"
wrk.path = os.getenv("BR_PATH")
wrk.headers["Cookie"] = os.getenv("BR_COOKIE")
wrk.headers["Accept"] = "application/json"
