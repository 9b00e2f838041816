/*
 * api_harness.c - the shared scaffolding of the API fuzz targets (see
 * api_harness.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_harness.h"
#include "app/users.h"

#define TODAY    20522 /* 2026-03-10 */
#define PASSWORD "fuzz password 1"

static void
must(int rc, const struct br_err *err)
{
	if (rc < 0) {
		fprintf(stderr, "fuzz setup: %s\n", err->msg);
		abort();
	}
}

void
harness_open(struct harness *h)
{
	struct br_err err = BR_ERR_INIT;

	memset(h, 0, sizeof(*h));
	must(br_store_open(":memory:", &h->store, &err), &err);
	h->app.store = h->store;
	h->app.today = TODAY;
	h->app.actor = "fuzz";
	h->app.origin = "fuzz";
	h->app.quiet = true;
	br_auth_config_init(&h->api.auth);
	h->api.today = TODAY;
}

long long
harness_made(struct harness *h, br_app_fn fn, json_t *in)
{
	struct br_err err = BR_ERR_INIT;
	json_t *out = NULL;
	long long id;

	must(fn(&h->app, in, &out, &err), &err);
	id = (long long)json_integer_value(json_object_get(out, "id"));
	json_decref(in);
	json_decref(out);
	return id;
}

long long
harness_sign_in(struct harness *h, const char *email, const char *role,
                long long patient_id)
{
	struct br_err err = BR_ERR_INIT;
	struct br_user user;
	json_t *in;
	long long uid;
	int64_t exp;
	int retry;

	in = json_pack("{s:s, s:s, s:s}", "email", email, "role", role,
	               "password", PASSWORD);
	if (patient_id)
		json_object_set_new(in, "patient_id", json_integer(patient_id));
	uid = harness_made(h, br_app_user_add, in);
	in = json_pack("{s:s, s:s}", "email", email, "password", PASSWORD);
	must(br_auth_login(&h->app, &h->api.auth, in, h->token, &user, &exp,
	                   &retry, &err),
	     &err);
	json_decref(in);
	br_auth_csrf(h->token, h->csrf);
	return uid;
}

void
harness_send(struct harness *h, const char *method, const char *uri,
             const char *if_match, const uint8_t *body, size_t len,
             struct br_http_resp *resp)
{
	struct br_http_req req;

	memset(&req, 0, sizeof(req));
	req.method = method;
	req.uri = uri;
	req.if_match = if_match;
	req.body = (const char *)body;
	req.body_len = len;
	req.content_type = "application/json";
	req.token = h->token;
	req.csrf = h->csrf;
	req.origin = "fuzz";
	br_api_handle(&h->api, h->store, &req, resp);
}

void
harness_check_error(const struct br_http_resp *resp)
{
	json_t *e = json_object_get(resp->body, "error");

	if (!json_is_string(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")) ||
	    json_object_get(e, "field") == NULL) {
		fprintf(stderr, "status %d without an error object\n",
		        resp->status);
		abort();
	}
}
