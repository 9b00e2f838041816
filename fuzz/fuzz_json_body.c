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

#include "api_harness.h"
#include "app/exercise.h"
#include "app/herbal.h"
#include "app/pacing.h"
#include "app/visits.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct harness h;
#define NURIS 29
static char uris[NURIS][128];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	long long pid, eid, sid, rid, vid, fid, uid, ufid;

	(void)argc;
	(void)argv;
	harness_open(&h);
	pid = harness_made(&h, br_app_patient_add,
	                   json_pack("{s:s}", "name", "Fuzz Patient"));
	eid = harness_made(&h, br_app_episode_open,
	                   json_pack("{s:I, s:s}", "patient_id",
	                             (json_int_t)pid, "onset", "2026-01-01"));
	/* A session and a prescription for the routes that name one. */
	sid = harness_made(&h, br_app_session_add,
	                   json_pack("{s:I, s:s, s:s}", "episode_id",
	                             (json_int_t)eid, "date", "2026-03-01",
	                             "modality", "acupuncture"));
	rid = harness_made(&h, br_app_herbal_add,
	                   json_pack("{s:I, s:s, s:s, s:s}", "episode_id",
	                             (json_int_t)eid, "english", "Fuzz Formula",
	                             "form", "pills", "dose", "2 a day"));
	/* A visit, an exercise, a paced activity and a calendar feed. */
	vid = harness_made(&h, br_app_visit_book,
	                   json_pack("{s:I, s:s}", "episode_id",
	                             (json_int_t)eid, "at",
	                             "2026-03-10T09:00"));
	harness_made(&h, br_app_exercise_assign,
	             json_pack("{s:I, s:s}", "episode_id", (json_int_t)eid,
	                       "exercise", "bridge"));
	harness_made(&h, br_app_pace_set,
	             json_pack("{s:I, s:s, s:s, s:i}", "episode_id",
	                       (json_int_t)eid, "activity", "walking", "unit",
	                       "min", "baseline", 20));
	fid = harness_made(&h, br_app_visit_feed_create,
	                   json_pack("{s:I}", "patient_id", (json_int_t)pid));
	uid = harness_sign_in(&h, "doc@fuzz.org", "practitioner", 0);
	ufid = harness_made(
	        &h, br_app_visit_feed_create,
	        json_pack("{s:I}", "practitioner_id", (json_int_t)uid));
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
	struct br_http_resp resp;

	if (size < 1 || size > BR_BODY_MAX)
		return 0;
	harness_send(&h, "POST", uris[data[0] % NURIS], NULL, data + 1,
	             size - 1, &resp);
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
		harness_check_error(&resp);
		break;
	default:
		fprintf(stderr, "unexpected status %d\n", resp.status);
		abort();
	}
	br_http_resp_release(&resp);
	return 0;
}
