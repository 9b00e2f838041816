/*
 * fuzz_previsit.c - libFuzzer target for the pre-visit answers a patient
 * sends from the phone, through the whole API pipeline (src/http/api.c):
 * strict JSON, the answers' table (model/previsit.h: the intake's fields
 * as an object, the red-flag replies as an object), the use case
 * (app/previsit.c: the intake reader, the replies, the tier), the store,
 * on an in-memory database with one signed-in patient whose pre-visit
 * intake was asked for.
 *
 * Input: the first byte picks the route (the patient's own answers, or
 * another patient's, which must answer as missing), the rest is the
 * body.  Invariants: every response is a status the API documents, every
 * error is {"error": {"code", "message", "field"}}, nothing is written
 * to the other patient's record, "emergency" says whether the tier is
 * emergency, and what was kept reads back whole (GET /api/v1/me/previsit
 * answers 200 with the answers as an object).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_harness.h"
#include "app/previsit.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct harness h;
#define NURIS 2
static char uris[NURIS][128];

static long long
patient(const char *name)
{
	long long pid = harness_made(&h, br_app_patient_add,
	                             json_pack("{s:s}", "name", name));

	harness_made(&h, br_app_episode_open,
	             json_pack("{s:I, s:s}", "patient_id", (json_int_t)pid,
	                       "onset", "2026-01-01"));
	return pid;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct br_err err = BR_ERR_INIT;
	long long pid, other;
	json_t *out = NULL, *in;

	(void)argc;
	(void)argv;
	harness_open(&h);
	pid = patient("Fuzz Patient");
	other = patient("Other Patient");
	harness_sign_in(&h, "pat@fuzz.org", "patient", pid);
	/* The practitioner's request, as the command line makes it (the
	 * patient has an account: no invitation). */
	in = json_pack("{s:I}", "patient_id", (json_int_t)pid);
	if (br_app_previsit_request(&h.app, in, &out, &err) < 0) {
		fprintf(stderr, "fuzz setup: %s\n", err.msg);
		abort();
	}
	json_decref(in);
	json_decref(out);
	snprintf(uris[0], sizeof(uris[0]),
	         "/api/v1/patients/%lld/previsit/answers", pid);
	snprintf(uris[1], sizeof(uris[1]),
	         "/api/v1/patients/%lld/previsit/answers", other);
	return 0;
}

static void
check_kept(void)
{
	struct br_http_resp resp;

	harness_send(&h, "GET", "/api/v1/me/previsit", NULL, NULL, 0, &resp);
	if (resp.status != 200 ||
	    !json_is_object(json_object_get(resp.body, "answers")) ||
	    !json_is_object(json_object_get(resp.body, "red_flags"))) {
		fprintf(stderr, "the kept answers do not read back (%d)\n",
		        resp.status);
		abort();
	}
	br_http_resp_release(&resp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_http_resp resp;
	const char *tier;
	int route;

	if (size < 1 || size > BR_BODY_MAX)
		return 0;
	route = data[0] % NURIS;
	harness_send(&h, "POST", uris[route], NULL, data + 1, size - 1, &resp);
	switch (resp.status) {
	case 200:
		if (route == 1) {
			fprintf(stderr,
			        "another patient's record was written\n");
			abort();
		}
		tier = json_string_value(json_object_get(resp.body, "tier"));
		if (tier == NULL ||
		    json_is_true(json_object_get(resp.body, "emergency")) !=
		            (strcmp(tier, "emergency") == 0)) {
			fprintf(stderr, "emergency and tier disagree\n");
			abort();
		}
		check_kept();
		break;
	case 400:
	case 404:
	case 409:
	case 413:
	case 415:
	case 422:
		harness_check_error(&resp);
		break;
	default:
		fprintf(stderr, "unexpected status %d\n", resp.status);
		abort();
	}
	br_http_resp_release(&resp);
	return 0;
}
