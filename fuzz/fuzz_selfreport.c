/*
 * fuzz_selfreport.c - libFuzzer target for the questionnaires a patient
 * sends from the diary, through the whole API pipeline (src/http/api.c):
 * strict JSON, the request tables (model/selfreport.h: the answers as the
 * model's BR_FT_CODES), the use cases (app/selfreport.c: due, online,
 * own record, scoring, the draft's JSON) and the store, on an in-memory
 * database with one signed-in patient.
 *
 * Input: the first byte picks the route (the patient's draft or measure,
 * or another patient's, which must answer as missing), the rest is the
 * body.  Invariants: every response is a status the API documents, every
 * error is {"error": {"code", "message", "field"}}, and nothing is ever
 * written to the other patient's record.
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
#define NURIS 4
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

static long long
patient(struct br_app *app, const char *name)
{
	struct br_err err = BR_ERR_INIT;
	json_t *out = NULL, *in = json_pack("{s:s}", "name", name);
	long long pid;

	out = must(br_app_patient_add(app, in, &out, &err), out, &err);
	pid = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	in = json_pack("{s:I, s:s}", "patient_id", (json_int_t)pid, "onset",
	               "2026-01-01");
	out = NULL;
	out = must(br_app_episode_open(app, in, &out, &err), out, &err);
	json_decref(in);
	json_decref(out);
	return pid;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct br_err err = BR_ERR_INIT;
	struct br_app app;
	struct br_user user;
	json_t *out = NULL, *in;
	long long pid, other;
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
	pid = patient(&app, "Fuzz Patient");
	other = patient(&app, "Other Patient");
	in = json_pack("{s:s, s:s, s:s, s:I}", "email", "pat@fuzz.org", "role",
	               "patient", "password", "fuzz password 1", "patient_id",
	               (json_int_t)pid);
	out = must(br_app_user_add(&app, in, &out, &err), out, &err);
	json_decref(in);
	json_decref(out);
	br_auth_config_init(&api.auth);
	api.today = 20522;
	in = json_pack("{s:s, s:s}", "email", "pat@fuzz.org", "password",
	               "fuzz password 1");
	must(br_auth_login(&app, &api.auth, in, token, &user, &exp, &retry,
	                   &err),
	     NULL, &err);
	json_decref(in);
	br_auth_csrf(token, csrf);
	snprintf(uris[0], sizeof(uris[0]),
	         "/api/v1/patients/%lld/measure-drafts", pid);
	snprintf(uris[1], sizeof(uris[1]), "/api/v1/patients/%lld/measures",
	         pid);
	snprintf(uris[2], sizeof(uris[2]),
	         "/api/v1/patients/%lld/measure-drafts", other);
	snprintf(uris[3], sizeof(uris[3]), "/api/v1/patients/%lld/measures",
	         other);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_http_req req;
	struct br_http_resp resp;
	int route;
	json_t *e;

	if (size < 1 || size > BR_BODY_MAX)
		return 0;
	route = data[0] % NURIS;
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.uri = uris[route];
	req.body = (const char *)data + 1;
	req.body_len = size - 1;
	req.content_type = "application/json";
	req.token = token;
	req.csrf = csrf;
	req.origin = "fuzz";
	br_api_handle(&api, store, &req, &resp);
	if (route >= 2 && (resp.status == 200 || resp.status == 201)) {
		fprintf(stderr, "another patient's record was written\n");
		abort();
	}
	switch (resp.status) {
	case 200:
	case 201:
		break;
	case 400:
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
