/*
 * fuzz_correction.c - libFuzzer target for the body of a correction
 * (PATCH of a diary day, a session, a measure, a herbal prescription,
 * an intake or a patient's details, app/corrections.h) through the whole
 * API pipeline, with an If-Match header, on an in-memory database with
 * one signed-in practitioner.
 *
 * Input: the first byte picks the record, the second the If-Match
 * version (0: none), the rest is the body.
 * Invariants: every response is a status the API documents, every error
 * is {"error": {"code", "message", "field"}}, and a success carries the
 * record's new version as its ETag.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_harness.h"
#include "app/herbal.h"
#include "app/intake.h"
#include "app/measures.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct harness h;
#define NURIS 6
static char uris[NURIS][128];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	long long pid, eid, sid, mid, hid;

	(void)argc;
	(void)argv;
	harness_open(&h);
	pid = harness_made(&h, br_app_patient_add,
	                   json_pack("{s:s}", "name", "Fuzz Patient"));
	eid = harness_made(&h, br_app_episode_open,
	                   json_pack("{s:I, s:s}", "patient_id",
	                             (json_int_t)pid, "onset", "2026-01-01"));
	sid = harness_made(&h, br_app_session_add,
	                   json_pack("{s:I, s:s, s:s, s:i}", "episode_id",
	                             (json_int_t)eid, "date", "2026-03-01",
	                             "modality", "acupuncture", "pain_after",
	                             4));
	harness_made(&h, br_app_diary_add,
	             json_pack("{s:I, s:s, s:i}", "patient_id", (json_int_t)pid,
	                       "date", "2026-03-02", "pain", 5));
	mid = harness_made(&h, br_app_measure_add,
	                   json_pack("{s:I, s:s, s:[iiiiiiiiii], s:s}",
	                             "episode_id", (json_int_t)eid,
	                             "instrument", "odi", "answers", 1, 1, 1, 1,
	                             1, 1, 1, 1, 1, 1, "date", "2026-03-01"));
	hid = harness_made(&h, br_app_herbal_add,
	                   json_pack("{s:I, s:s, s:s, s:s}", "episode_id",
	                             (json_int_t)eid, "pinyin", "Du Huo",
	                             "form", "decoction", "dose", "1 bag"));
	harness_made(&h, br_app_intake_record,
	             json_pack("{s:I, s:s}", "episode_id", (json_int_t)eid,
	                       "work", "desk"));
	harness_sign_in(&h, "doc@fuzz.org", "practitioner", 0);
	snprintf(uris[0], sizeof(uris[0]),
	         "/api/v1/patients/%lld/diary/2026-03-02", pid);
	snprintf(uris[1], sizeof(uris[1]),
	         "/api/v1/patients/%lld/sessions/%lld", pid, sid);
	snprintf(uris[2], sizeof(uris[2]),
	         "/api/v1/patients/%lld/measures/%lld", pid, mid);
	snprintf(uris[3], sizeof(uris[3]), "/api/v1/patients/%lld/herbal/%lld",
	         pid, hid);
	snprintf(uris[4], sizeof(uris[4]), "/api/v1/episodes/%lld/intake", eid);
	snprintf(uris[5], sizeof(uris[5]), "/api/v1/patients/%lld", pid);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct br_http_resp resp;
	char if_match[16];

	if (size < 2 || size > BR_BODY_MAX)
		return 0;
	snprintf(if_match, sizeof(if_match), "\"%d\"", data[1]);
	harness_send(&h, "PATCH", uris[data[0] % NURIS],
	             data[1] ? if_match : NULL, data + 2, size - 2, &resp);
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
		harness_check_error(&resp);
		break;
	default:
		fprintf(stderr, "unexpected status %d\n", resp.status);
		abort();
	}
	br_http_resp_release(&resp);
	return 0;
}
