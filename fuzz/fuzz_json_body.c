/*
 * fuzz_json_body.c - libFuzzer target for JSON request bodies through the
 * whole API pipeline (src/http/api.c): strict parsing, path parameters,
 * the use cases' input checks and the store, on an in-memory database
 * with one signed-in practitioner.
 *
 * Input: the first byte picks one of the write routes (patients,
 * episodes, diary, sessions, users, the clinical records: scoring,
 * measures, screens, intake, TCM, herbal; the plan, home program, visit
 * changes, courses and calendar feeds), the rest is the body.  Invariants:
 * every response is a status the API documents, and every error is {"error":
 * {"code", "message", "field"}}.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/exercise.h"
#include "app/herbal.h"
#include "app/pacing.h"
#include "app/users.h"
#include "app/visits.h"
#include "http/api.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct br_store *store;
static struct br_api api;
static char token[BR_TOKEN_HEX], csrf[BR_TOKEN_HEX];
#define NURIS 29
static char uris[NURIS][128];

static json_t *
must(int rc, json_t *out, const struct br_err *err)
{
	if (rc < 0) {
		fprintf(stderr, "fuzz setup: %s\n", err->msg);
		abort();
	}
	return out;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_app app;
	struct br_user user;
	json_t *out = NULL, *in;
	long long pid, eid, sid, rid, vid, fid, uid, ufid;
	int64_t exp;
	int retry;

	(void)argc;
	(void)argv;
	must(br_store_open(":memory:", &store, &err), NULL, &err);
	memset(&app, 0, sizeof(app));
	app.store = store;
	app.today = 20522; /* 2026-03-10 */
	app.actor = "fuzz";
	app.origin = "fuzz";
	app.quiet = true;
	in = json_pack("{s:s}", "name", "Fuzz Patient");
	out = must(br_app_patient_add(&app, in, &out, &err), out, &err);
	pid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I, s:s}", "patient_id", (json_int_t)pid, "onset",
	               "2026-01-01");
	out = must(br_app_episode_open(&app, in, &out, &err), out, &err);
	eid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	/* A session and a prescription for the routes that name one. */
	in = json_pack("{s:I, s:s, s:s}", "episode_id", (json_int_t)eid, "date",
	               "2026-03-01", "modality", "acupuncture");
	out = must(br_app_session_add(&app, in, &out, &err), out, &err);
	sid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I, s:s, s:s, s:s}", "episode_id", (json_int_t)eid,
	               "english", "Fuzz Formula", "form", "pills", "dose",
	               "2 a day");
	out = must(br_app_herbal_add(&app, in, &out, &err), out, &err);
	rid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	/* A visit, an exercise, a paced activity and a calendar feed. */
	in = json_pack("{s:I, s:s}", "episode_id", (json_int_t)eid, "at",
	               "2026-03-10T09:00");
	out = must(br_app_visit_book(&app, in, &out, &err), out, &err);
	vid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I, s:s}", "episode_id", (json_int_t)eid, "exercise",
	               "bridge");
	out = must(br_app_exercise_assign(&app, in, &out, &err), out, &err);
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I, s:s, s:s, s:i}", "episode_id", (json_int_t)eid,
	               "activity", "walking", "unit", "min", "baseline", 20);
	out = must(br_app_pace_set(&app, in, &out, &err), out, &err);
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I}", "patient_id", (json_int_t)pid);
	out = must(br_app_visit_feed_create(&app, in, &out, &err), out, &err);
	fid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:s, s:s, s:s}", "email", "doc@fuzz.org", "role",
	               "practitioner", "password", "fuzz password 1");
	out = must(br_app_user_add(&app, in, &out, &err), out, &err);
	uid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I}", "practitioner_id", (json_int_t)uid);
	out = must(br_app_visit_feed_create(&app, in, &out, &err), out, &err);
	ufid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	br_auth_config_init(&api.auth);
	api.today = 20522;
	in = json_pack("{s:s, s:s}", "email", "doc@fuzz.org", "password",
	               "fuzz password 1");
	must(br_auth_login(&app, &api.auth, in, token, &user, &exp, &retry,
	                   &err),
	     NULL, &err);
	json_decref(in);
	br_auth_csrf(token, csrf);
	snprintf(uris[0], sizeof(uris[0]), "/api/v1/patients/%lld/diary", pid);
	snprintf(uris[1], sizeof(uris[1]), "/api/v1/patients/%lld/episodes",
	         pid);
	snprintf(uris[2], sizeof(uris[2]), "/api/v1/episodes/%lld/sessions",
	         eid);
	snprintf(uris[3], sizeof(uris[3]), "/api/v1/patients");
	snprintf(uris[4], sizeof(uris[4]), "/api/v1/episodes/%lld/close", eid);
	snprintf(uris[5], sizeof(uris[5]), "/api/v1/users");
	/* Questionnaires, red flags, intake, TCM, herbal. */
	snprintf(uris[6], sizeof(uris[6]), "/api/v1/score");
	snprintf(uris[7], sizeof(uris[7]), "/api/v1/episodes/%lld/measures",
	         eid);
	snprintf(uris[8], sizeof(uris[8]), "/api/v1/episodes/%lld/screens",
	         eid);
	snprintf(uris[9], sizeof(uris[9]),
	         "/api/v1/episodes/%lld/screens/clear", eid);
	snprintf(uris[10], sizeof(uris[10]), "/api/v1/episodes/%lld/intake",
	         eid);
	snprintf(uris[11], sizeof(uris[11]),
	         "/api/v1/episodes/%lld/sessions/%lld/tcm", eid, sid);
	snprintf(uris[12], sizeof(uris[12]), "/api/v1/episodes/%lld/herbal",
	         eid);
	snprintf(uris[13], sizeof(uris[13]),
	         "/api/v1/episodes/%lld/herbal/%lld/adverse", eid, rid);
	/* Plan, home program, visits, courses, feeds. */
	snprintf(uris[14], sizeof(uris[14]), "/api/v1/episodes/%lld/plan", eid);
	snprintf(uris[15], sizeof(uris[15]), "/api/v1/episodes/%lld/plan/end",
	         eid);
	snprintf(uris[16], sizeof(uris[16]),
	         "/api/v1/episodes/%lld/plan/routine", eid);
	snprintf(uris[17], sizeof(uris[17]), "/api/v1/episodes/%lld/exercises",
	         eid);
	snprintf(uris[18], sizeof(uris[18]),
	         "/api/v1/episodes/%lld/exercises/log", eid);
	snprintf(uris[19], sizeof(uris[19]), "/api/v1/episodes/%lld/pacing",
	         eid);
	snprintf(uris[20], sizeof(uris[20]), "/api/v1/episodes/%lld/pacing/log",
	         eid);
	snprintf(uris[21], sizeof(uris[21]),
	         "/api/v1/episodes/%lld/visits/%lld/cancel", eid, vid);
	snprintf(uris[22], sizeof(uris[22]),
	         "/api/v1/episodes/%lld/visits/%lld/attend", eid, vid);
	snprintf(uris[23], sizeof(uris[23]),
	         "/api/v1/episodes/%lld/visits/%lld/missed", eid, vid);
	snprintf(uris[24], sizeof(uris[24]),
	         "/api/v1/episodes/%lld/visits/course", eid);
	snprintf(uris[25], sizeof(uris[25]),
	         "/api/v1/patients/%lld/calendar-feeds", pid);
	snprintf(uris[26], sizeof(uris[26]),
	         "/api/v1/patients/%lld/calendar-feeds/%lld/revoke", pid, fid);
	snprintf(uris[27], sizeof(uris[27]), "/api/v1/calendar-feeds");
	snprintf(uris[28], sizeof(uris[28]),
	         "/api/v1/calendar-feeds/%lld/revoke", ufid);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_http_req req;
	struct br_http_resp resp;
	json_t *e;

	if (size < 1 || size > BR_BODY_MAX)
		return 0;
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.uri = uris[data[0] % NURIS];
	req.body = (const char *)data + 1;
	req.body_len = size - 1;
	req.content_type = "application/json";
	req.token = token;
	req.csrf = csrf;
	req.origin = "fuzz";
	br_api_handle(&api, store, &req, &resp);
	switch (resp.status) {
	case 200:
	case 201:
		break;
	case 400:
	case 403:
	case 404:
	case 409:
	case 413:
	case 422:
		e = json_object_get(resp.body, "error");
		if (!json_is_string(json_object_get(e, "code")) ||
		    !json_is_string(json_object_get(e, "message")) ||
		    json_object_get(e, "field") == NULL)
			abort();
		break;
	default:
		fprintf(stderr, "unexpected status %d\n", resp.status);
		abort();
	}
	br_http_resp_release(&resp);
	return 0;
}
