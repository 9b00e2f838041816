-- write.lua - wrk script: diary writes (a whole day: the night's sleep
-- and the day's pain) by a signed-in patient, spread over the last 300
-- days so each request is a real upsert.  Env: BR_COOKIE, BR_CSRF,
-- BR_PATH, BR_TODAY (seconds since the epoch at the server's noon today).
local counter = 0
local today = tonumber(os.getenv("BR_TODAY"))

function setup(thread)
	thread:set("offset", counter * 100000)
	counter = counter + 1
end

function init(args)
	n = offset or 0
	wrk.method = "POST"
	wrk.path = os.getenv("BR_PATH")
	wrk.headers["Cookie"] = os.getenv("BR_COOKIE")
	wrk.headers["X-CSRF-Token"] = os.getenv("BR_CSRF")
	wrk.headers["Content-Type"] = "application/json"
end

function request()
	n = n + 1
	local date = os.date("!%Y-%m-%d", today - (1 + n % 300) * 86400)
	local body = string.format(
		'{"date":"%s","bed":"22:30","try":"22:45","sol":%d,"wakes":%d,' ..
		'"waso":%d,"final":"06:15","up":"06:40","quality":%d,' ..
		'"pain":%d,"pain_worst":10,"activity_min":%d}',
		date, n % 60, 1 + n % 3, n % 45, n % 5, n % 11, n % 90)
	return wrk.format(nil, nil, nil, body)
end
