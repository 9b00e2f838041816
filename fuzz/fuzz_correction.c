/*
 * fuzz_correction.c - libFuzzer target for the body of a correction
 * (PATCH of a diary day or a session, app/corrections.h) through the
 * whole API pipeline, with an If-Match header, on an in-memory database
 * with one signed-in practitioner.
 *
 * Input: the first byte picks the record (diary day or session), the
 * second the If-Match version (0: none), the rest is the body.
 * Invariants: every response is a status the API documents, every error
 * is {"error": {"code", "message", "field"}}, and a success carries the
 * record's new version as its ETag.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/auth.h"
#include "app/users.h"
#include "http/api.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct br_store *store;
static struct br_api api;
static char token[BR_TOKEN_HEX], csrf[BR_TOKEN_HEX];
static char uris[2][128];

static json_t *
must(int rc, json_t *out, const struct br_err *err)
{
	if (rc < 0) {
		fprintf(stderr, "fuzz setup: %s\n", err->msg);
		abort();
	}
	return out;
}

static long long
made(struct br_app *app, br_app_fn fn, json_t *in)
{
	struct br_err err = BR_ERR_INIT;
	json_t *out = NULL;
	long long id;

	out = must(fn(app, in, &out, &err), out, &err);
	id = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	return id;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_app app;
	struct br_user user;
	json_t *in;
	long long pid, eid, sid;
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
	pid = made(&app, br_app_patient_add,
	           json_pack("{s:s}", "name", "Fuzz Patient"));
	eid = made(&app, br_app_episode_open,
	           json_pack("{s:I, s:s}", "patient_id", (json_int_t)pid,
	                     "onset", "2026-01-01"));
	sid = made(&app, br_app_session_add,
	           json_pack("{s:I, s:s, s:s, s:i}", "episode_id",
	                     (json_int_t)eid, "date", "2026-03-01", "modality",
	                     "acupuncture", "pain_after", 4));
	made(&app, br_app_diary_add,
	     json_pack("{s:I, s:s, s:i}", "patient_id", (json_int_t)pid, "date",
	               "2026-03-02", "pain", 5));
	made(&app, br_app_user_add,
	     json_pack("{s:s, s:s, s:s}", "email", "doc@fuzz.org", "role",
	               "practitioner", "password", "fuzz password 1"));
	br_auth_config_init(&api.auth);
	api.today = 20522;
	in = json_pack("{s:s, s:s}", "email", "doc@fuzz.org", "password",
	               "fuzz password 1");
	must(br_auth_login(&app, &api.auth, in, token, &user, &exp, &retry,
	                   &err),
	     NULL, &err);
	json_decref(in);
	br_auth_csrf(token, csrf);
	snprintf(uris[0], sizeof(uris[0]),
	         "/api/v1/patients/%lld/diary/2026-03-02", pid);
	snprintf(uris[1], sizeof(uris[1]),
	         "/api/v1/patients/%lld/sessions/%lld", pid, sid);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_http_req req;
	struct br_http_resp resp;
	char if_match[16];
	json_t *e;

	if (size < 2 || size > BR_BODY_MAX)
		return 0;
	memset(&req, 0, sizeof(req));
	req.method = "PATCH";
	req.uri = uris[data[0] % 2];
	snprintf(if_match, sizeof(if_match), "\"%d\"", data[1]);
	req.if_match = data[1] ? if_match : NULL;
	req.body = (const char *)data + 2;
	req.body_len = size - 2;
	req.content_type = "application/json";
	req.token = token;
	req.csrf = csrf;
	req.origin = "fuzz";
	br_api_handle(&api, store, &req, &resp);
	switch (resp.status) {
	case 200:
		if (resp.etag[0] != '"')
			abort();
		break;
	case 400:
	case 404:
	case 409:
	case 413:
	case 415:
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
