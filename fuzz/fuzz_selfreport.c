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

#include "api_harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct harness h;
#define NURIS 4
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
	long long pid, other;

	(void)argc;
	(void)argv;
	harness_open(&h);
	pid = patient("Fuzz Patient");
	other = patient("Other Patient");
	harness_sign_in(&h, "pat@fuzz.org", "patient", pid);
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
	struct br_http_resp resp;
	int route;

	if (size < 1 || size > BR_BODY_MAX)
		return 0;
	route = data[0] % NURIS;
	harness_send(&h, "POST", uris[route], NULL, data + 1, size - 1, &resp);
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
		harness_check_error(&resp);
		break;
	default:
		fprintf(stderr, "unexpected status %d\n", resp.status);
		abort();
	}
	br_http_resp_release(&resp);
	return 0;
}
