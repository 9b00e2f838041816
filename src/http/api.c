/*
 * api.c - the route table and the request pipeline of the JSON API (see
 * api.h for the order of the checks).
 *
 * Authorization is decided here, centrally, before a use case runs: each
 * route names the roles that may call it and the path parameter that
 * identifies the patient whose record it touches.  The use cases in
 * src/app stay the same functions the command line calls.
 */
#include "http/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/analysis.h"
#include "model/charting.h"
#include "app/checkin.h"
#include "app/cohort.h"
#include "app/due.h"
#include "app/education.h"
#include "app/exercise.h"
#include "app/herbal.h"
#include "app/input.h"
#include "app/intake.h"
#include "interop/usecases.h"
#include "app/measures.h"
#include "app/outcome.h"
#include "app/pacing.h"
#include "app/plan.h"
#include "app/review.h"
#include "app/screening.h"
#include "app/tcm.h"
#include "app/users.h"
#include "app/visits.h"
#include "model/vocab.h"
#include "core/embed.h"
#include "core/parse.h"
#include "core/redflag.h"
#include "report/report.h"

extern const struct br_embedded_file br_http_files[];

#define ANY_ROLE (BR_ROLE_ADMIN | BR_ROLE_PRACTITIONER | BR_ROLE_PATIENT)
#define ADMIN    BR_ROLE_ADMIN
#define PRACT    BR_ROLE_PRACTITIONER
#define STAFF    (BR_ROLE_ADMIN | BR_ROLE_PRACTITIONER)
#define CLINICAL (BR_ROLE_PRACTITIONER | BR_ROLE_PATIENT)
#define P_SCOPE  BR_SCOPE_PATIENT
#define E_SCOPE  BR_SCOPE_EPISODE
#define NO_SCOPE BR_SCOPE_NONE

static int charting_vocab(struct br_app *app, json_t *in, json_t **out,
                          struct br_err *err);
static int screening_status(struct br_app *app, json_t *in, json_t **out,
                            struct br_err *err);
static int plan_vocab(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
static int plan_routine_read(struct br_app *app, json_t *in, json_t **out,
                             struct br_err *err);
static int clinic_due(struct br_app *app, json_t *in, json_t **out,
                      struct br_err *err);
static int clinic_patient_add(struct br_app *app, json_t *in, json_t **out,
                              struct br_err *err);
static int own_feed_create(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
static int own_feed_revoke(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
static int report_read(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err);
static int clinic_overview(struct br_app *app, json_t *in, json_t **out,
                           struct br_err *err);
static int clinic_cohort(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err);

/* One line per route.  A new capability is one line here and one path in
 * openapi.json (a unit test checks the two agree). */
const struct br_route br_api_routes[] = {
        /* Session and documentation. */
        {"POST", "/api/v1/session", 0, NO_SCOPE, NULL, "auth.login", 200,
         BR_SPECIAL_LOGIN},
        {"GET", "/api/v1/session", ANY_ROLE, NO_SCOPE, NULL, "auth.read", 200,
         BR_SPECIAL_WHOAMI},
        {"DELETE", "/api/v1/session", ANY_ROLE, NO_SCOPE, NULL, "auth.logout",
         200, BR_SPECIAL_LOGOUT},
        {"GET", "/api/v1/openapi.json", 0, NO_SCOPE, NULL, "openapi", 200,
         BR_SPECIAL_OPENAPI},
        /* Patients. */
        {"GET", "/api/v1/patients", PRACT, NO_SCOPE, br_app_patient_list,
         "patient.list", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/patients", PRACT, NO_SCOPE, clinic_patient_add,
         "patient.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/patients/{patient_id}", CLINICAL, P_SCOPE,
         br_app_patient_show, "patient.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/patients/{patient_id}/summary", CLINICAL, P_SCOPE,
         br_app_summary, "patient.summary", 200, BR_SPECIAL_NONE},
        /* Episodes. */
        {"POST", "/api/v1/patients/{patient_id}/episodes", PRACT, P_SCOPE,
         br_app_episode_open, "episode.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}", CLINICAL, E_SCOPE,
         br_app_episode_show, "episode.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/close", PRACT, E_SCOPE,
         br_app_episode_close, "episode.close", 200, BR_SPECIAL_NONE},
        /* Diary. */
        {"GET", "/api/v1/patients/{patient_id}/diary", CLINICAL, P_SCOPE,
         br_app_diary_list, "diary.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/patients/{patient_id}/diary", CLINICAL, P_SCOPE,
         br_app_diary_add, "diary.write", 200, BR_SPECIAL_NONE},
        /* Treatment sessions. */
        {"GET", "/api/v1/episodes/{episode_id}/sessions", CLINICAL, E_SCOPE,
         br_app_session_list, "session.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/sessions", PRACT, E_SCOPE,
         br_app_session_add, "session.create", 201, BR_SPECIAL_NONE},
        /* Questionnaires, red flags, intake, TCM and herbal charting.
         * Kept together: one block. */
        {"GET", "/api/v1/instruments", PRACT, NO_SCOPE, br_app_instrument_list,
         "instrument.list", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/instruments/definition", PRACT, NO_SCOPE,
         br_app_instrument_show, "instrument.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/score", PRACT, NO_SCOPE, br_app_score, "score", 200,
         BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/measures", PRACT, E_SCOPE,
         br_app_measure_list, "measure.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/measures", PRACT, E_SCOPE,
         br_app_measure_add, "measure.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/red-flags", PRACT, NO_SCOPE, br_app_screen_flags,
         "screening.flags", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/screens", PRACT, E_SCOPE,
         br_app_screen_list, "screening.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/screens", PRACT, E_SCOPE,
         br_app_screen, "screening.create", 201, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/screens/clear", PRACT, E_SCOPE,
         br_app_screen_clear, "screening.clear", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/safety-net", CLINICAL, E_SCOPE,
         screening_status, "screening.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/intake/vocabulary", PRACT, NO_SCOPE,
         br_app_intake_vocab, "intake.vocabulary", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/intake", PRACT, E_SCOPE,
         br_app_intake_show, "intake.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/intake", PRACT, E_SCOPE,
         br_app_intake_record, "intake.write", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/tcm/vocabulary", PRACT, NO_SCOPE, br_app_tcm_vocab,
         "tcm.vocabulary", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/tcm", PRACT, E_SCOPE,
         br_app_tcm_list, "tcm.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/tcm/last", PRACT, E_SCOPE,
         br_app_tcm_last, "tcm.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/sessions/{session_id}/tcm",
         PRACT, E_SCOPE, br_app_tcm_show, "tcm.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/sessions/{session_id}/tcm",
         PRACT, E_SCOPE, br_app_tcm_add, "tcm.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/points", PRACT, E_SCOPE,
         br_app_session_points, "session.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/herbal/vocabulary", PRACT, NO_SCOPE,
         br_app_herbal_vocab, "herbal.vocabulary", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/herbal", PRACT, E_SCOPE,
         br_app_herbal_list, "herbal.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/herbal", PRACT, E_SCOPE,
         br_app_herbal_add, "herbal.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/herbal/handout", CLINICAL,
         E_SCOPE, br_app_herbal_handout, "herbal.read", 200, BR_SPECIAL_NONE},
        {"POST",
         "/api/v1/episodes/{episode_id}/herbal/{prescription_id}/adverse",
         PRACT, E_SCOPE, br_app_herbal_adverse, "herbal.adverse", 201,
         BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/herbal/{prescription_id}/stop",
         PRACT, E_SCOPE, br_app_herbal_stop, "herbal.stop", 200,
         BR_SPECIAL_NONE},
        /* Visits, check-ins, education and the calendar feed:
         * the feed is public and answers only to its secret key. */
        {"GET", "/api/v1/episodes/{episode_id}/visits", CLINICAL, E_SCOPE,
         br_app_visit_list, "visit.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/visits", PRACT, E_SCOPE,
         br_app_visit_book, "visit.create", 201, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/sessions/{session_id}/checkin",
         CLINICAL, E_SCOPE, br_app_checkin_add, "checkin.create", 201,
         BR_SPECIAL_NONE},
        {"GET", "/api/v1/patients/{patient_id}/education", CLINICAL, P_SCOPE,
         br_app_education, "education.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/calendar.ics", 0, NO_SCOPE, br_app_visit_feed,
         "calendar.feed.read", 200, BR_SPECIAL_NONE},
        /* Care plan, trial review, home program, what is due, visit
         * changes, courses and calendar feeds.  One
         * block.  A patient logs their own exercise and pacing and reads
         * their home program; the rest is the practitioner's. */
        {"GET", "/api/v1/plan/vocabulary", PRACT, NO_SCOPE, plan_vocab,
         "plan.vocabulary", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/plan", PRACT, E_SCOPE,
         br_app_plan, "plan.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/plan", PRACT, E_SCOPE,
         br_app_plan_add, "plan.create", 201, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/plan/end", PRACT, E_SCOPE,
         br_app_plan_end, "plan.end", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/plan/routine", CLINICAL, E_SCOPE,
         plan_routine_read, "plan.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/plan/routine", PRACT, E_SCOPE,
         br_app_plan_routine, "plan.routine", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/review", PRACT, E_SCOPE,
         br_app_review, "review.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/exercises", CLINICAL, NO_SCOPE,
         br_app_exercise_library, "exercise.library", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/exercises", PRACT, E_SCOPE,
         br_app_exercise_assign, "exercise.assign", 201, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/exercises/log", CLINICAL,
         E_SCOPE, br_app_exercise_log, "exercise.log", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/exercises/next", CLINICAL,
         E_SCOPE, br_app_exercise_next, "exercise.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/pacing", PRACT, E_SCOPE,
         br_app_pace_set, "pacing.set", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/pacing/log", CLINICAL, E_SCOPE,
         br_app_pace_log, "pacing.log", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/pacing/next", CLINICAL, E_SCOPE,
         br_app_pace_next, "pacing.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/due", PRACT, NO_SCOPE, clinic_due, "due.list", 200,
         BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/visits/{visit_id}/cancel",
         PRACT, E_SCOPE, br_app_visit_cancel, "visit.update", 200,
         BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/visits/{visit_id}/attend",
         PRACT, E_SCOPE, br_app_visit_attend, "visit.update", 200,
         BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/visits/{visit_id}/missed",
         PRACT, E_SCOPE, br_app_visit_missed, "visit.update", 200,
         BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/visits/propose", PRACT, E_SCOPE,
         br_app_visit_propose, "visit.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/episodes/{episode_id}/visits/course", PRACT, E_SCOPE,
         br_app_visit_book_course, "visit.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/adherence", PRACT, E_SCOPE,
         br_app_visit_adherence, "visit.read", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/patients/{patient_id}/calendar-feeds", CLINICAL,
         P_SCOPE, br_app_visit_feed_create, "calendar.feed.create", 201,
         BR_SPECIAL_NONE},
        {"POST",
         "/api/v1/patients/{patient_id}/calendar-feeds/{feed_id}/revoke",
         CLINICAL, P_SCOPE, br_app_visit_feed_revoke, "calendar.feed.revoke",
         200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/calendar-feeds", PRACT, NO_SCOPE, own_feed_create,
         "calendar.feed.create", 201, BR_SPECIAL_NONE},
        {"POST", "/api/v1/calendar-feeds/{feed_id}/revoke", PRACT, NO_SCOPE,
         own_feed_revoke, "calendar.feed.revoke", 200, BR_SPECIAL_NONE},
        /* Outcome, the pain-sleep analysis, the one-page report and the
         * practice figures.  The report comes as JSON, HTML or
         * PDF (?format=); the figures count the caller's clinic only. */
        {"GET", "/api/v1/episodes/{episode_id}/outcome", CLINICAL, E_SCOPE,
         br_app_outcome, "outcome.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/episodes/{episode_id}/report", PRACT, E_SCOPE,
         report_read, "report.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/patients/{patient_id}/analysis/sleep-pain", CLINICAL,
         P_SCOPE, br_app_analyze_sleep_pain, "analysis.read", 200,
         BR_SPECIAL_NONE},
        {"GET", "/api/v1/cohort", STAFF, NO_SCOPE, clinic_cohort, "cohort.read",
         200, BR_SPECIAL_NONE},
        /* Practice. */
        {"GET", "/api/v1/overview", PRACT, NO_SCOPE, clinic_overview,
         "overview.read", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/charting", PRACT, NO_SCOPE, charting_vocab,
         "charting.read", 200, BR_SPECIAL_NONE},
        /* Administration. */
        {"GET", "/api/v1/clinics", ADMIN, NO_SCOPE, br_app_clinic_list,
         "clinic.list", 200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/clinics", ADMIN, NO_SCOPE, br_app_clinic_add,
         "clinic.create", 201, BR_SPECIAL_NONE},
        {"GET", "/api/v1/users", ADMIN, NO_SCOPE, br_app_user_list, "user.list",
         200, BR_SPECIAL_NONE},
        {"POST", "/api/v1/users", ADMIN, NO_SCOPE, br_app_user_add,
         "user.create", 201, BR_SPECIAL_NONE},
        {"POST", "/api/v1/users/{user_id}/password", ADMIN, NO_SCOPE,
         br_app_user_passwd, "user.password", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/audit", ADMIN, NO_SCOPE, br_app_audit_list,
         "audit.read", 200, BR_SPECIAL_NONE},
        /* FHIR R4: one patient's record; a clinic's bulk NDJSON. */
        {"GET", "/api/v1/fhir/Patient/{patient_id}/$everything", CLINICAL,
         P_SCOPE, br_app_fhir_everything, "fhir.export", 200, BR_SPECIAL_NONE},
        {"GET", "/api/v1/fhir/$export", PRACT, NO_SCOPE, br_app_fhir_bulk,
         "fhir.export", 200, BR_SPECIAL_NONE},
        {NULL, NULL, 0, NO_SCOPE, NULL, NULL, 0, BR_SPECIAL_NONE},
};

/* The caller of one request. */
struct caller {
	bool signed_in;
	struct br_user user;
	int64_t expires_at;
	unsigned role; /* enum br_role_bits */
};

const char *
br_api_cookie_name(const struct br_api *api)
{
	return api->secure_cookies ? "__Host-br_session" : "br_session";
}

void
br_http_resp_release(struct br_http_resp *resp)
{
	json_decref(resp->body);
	resp->body = NULL;
	free(resp->text);
	resp->text = NULL;
	resp->text_len = 0;
}

/* Responses ------------------------------------------------------------- */

static void
fail(struct br_http_resp *resp, int status, const char *code, const char *field,
     const char *msg)
{
	json_decref(resp->body);
	resp->status = status;
	resp->body = json_pack(
	        "{s:{s:s, s:s, s:o}}", "error", "code", code, "message", msg,
	        "field", field && field[0] ? json_string(field) : json_null());
}

/* The one table from error codes to HTTP statuses. */
static void
fail_err(struct br_http_resp *resp, const struct br_err *err)
{
	switch (err->code) {
	case BR_EINVAL:
		fail(resp, 422, "invalid", err->field, err->msg);
		return;
	case BR_ENOTFOUND:
		fail(resp, 404, "not-found", err->field, err->msg);
		return;
	case BR_ECONFLICT:
		fail(resp, 409, "conflict", err->field, err->msg);
		return;
	case BR_ETOOBIG:
		fail(resp, 413, "too-big", err->field, err->msg);
		return;
	case BR_EPERM:
		fail(resp, 403, "forbidden", err->field, err->msg);
		return;
	case BR_EBUSY:
		fail(resp, 503, "busy", err->field, err->msg);
		return;
	}
	/* Store and system failures: the detail goes to the server's log,
	 * the client gets a fixed sentence. */
	fprintf(stderr, "backrest serve: %s: %s\n", br_strerror(err->code),
	        err->msg);
	fail(resp, 500, "internal", NULL,
	     "the server failed to handle the request");
}

/* Auditing refusals ----------------------------------------------------- */

static void
audit_refusal(struct br_store *store, const struct caller *c,
              const struct br_route *r, const char *origin, int64_t patient_id,
              const char *outcome)
{
	struct br_err err = BR_ERR_INIT;
	struct br_audit_entry a = {
	        .user_id = c->signed_in ? c->user.id : 0,
	        .actor = c->signed_in ? c->user.email : "anonymous",
	        .action = r->action,
	        .patient_id = patient_id,
	        .record = NULL,
	        .origin = origin,
	        .outcome = outcome,
	};
	int rc = br_store_begin(store, &err);

	if (rc == 0)
		rc = br_store_audit_append(store, &a, &err);
	if (rc == 0)
		rc = br_store_commit(store, &err);
	else
		br_store_rollback(store);
	if (rc < 0)
		fprintf(stderr,
		        "backrest serve: cannot write the audit log: "
		        "%s\n",
		        err.msg);
}

/* Input ----------------------------------------------------------------- */

static bool
is_json(const char *content_type)
{
	size_t n = strlen("application/json");

	return content_type &&
	       strncasecmp(content_type, "application/json", n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';' ||
	        content_type[n] == ' ');
}

/* Builds the use case's input: the query string (GET) or the JSON body,
 * then the path parameters.  Fills resp and returns -1 on failure. */
static int
build_input(const struct br_http_req *req, const char *query, size_t qlen,
            json_t *params, json_t **in, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	const char *key;
	json_t *v, *obj;
	bool get = strcmp(req->method, "GET") == 0;

	*in = NULL;
	if (get && req->body_len > 0) {
		fail(resp, 400, "bad-request", NULL,
		     "a GET request has no body");
		return -1;
	}
	if (!get && qlen > 0) {
		fail(resp, 400, "bad-request", "query",
		     "only GET requests take a query string");
		return -1;
	}
	if (get) {
		obj = json_object();
		if (br_query_parse(query, qlen, obj, &err) < 0) {
			json_decref(obj);
			if (err.code == BR_ETOOBIG)
				fail_err(resp, &err);
			else
				fail(resp, 400, "bad-request", err.field,
				     err.msg);
			return -1;
		}
	} else if (req->body_len == 0) {
		obj = json_object();
	} else {
		json_error_t jerr;
		char msg[128];

		if (!is_json(req->content_type)) {
			fail(resp, 415, "unsupported-media-type", NULL,
			     "the body must be JSON (Content-Type: "
			     "application/json)");
			return -1;
		}
		obj = json_loadb(req->body, req->body_len,
		                 JSON_REJECT_DUPLICATES, &jerr);
		if (obj == NULL) {
			/* Position only: jansson's text quotes the input. */
			snprintf(msg, sizeof(msg),
			         "the body is not valid JSON (line %d, column "
			         "%d)",
			         jerr.line, jerr.column);
			fail(resp, 400, "bad-request", NULL, msg);
			return -1;
		}
		if (!json_is_object(obj)) {
			json_decref(obj);
			fail(resp, 400, "bad-request", NULL,
			     "the body must be a JSON object");
			return -1;
		}
	}
	json_object_foreach(params, key, v)
	{
		json_t *given = json_object_get(obj, key);

		if (given && !json_equal(given, v)) {
			char msg[96];

			snprintf(msg, sizeof(msg),
			         "%s is given by the path and must not differ "
			         "in the body",
			         key);
			json_decref(obj);
			fail(resp, 400, "bad-request", key, msg);
			return -1;
		}
		json_object_set(obj, key, v);
	}
	*in = obj;
	return 0;
}

/* Scope ----------------------------------------------------------------- */

/* Resolves the patient a scoped route touches and checks the caller may
 * reach it.  Returns 0, or -1 with resp filled (404 for missing and for
 * out-of-scope records alike; the latter is audited). */
static int
check_scope(const struct br_api *api, struct br_store *store,
            const struct caller *c, const struct br_route *r, json_t *params,
            const char *origin, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	struct br_patient p;
	struct br_episode e;
	int64_t id;
	bool ok;
	int rc;

	(void)api;
	if (r->scope == BR_SCOPE_NONE)
		return 0;
	if (r->scope == BR_SCOPE_PATIENT) {
		id = json_integer_value(json_object_get(params, "patient_id"));
		rc = br_store_patient_get(store, id, &p, &err);
	} else {
		id = json_integer_value(json_object_get(params, "episode_id"));
		/* One read transaction for the two look-ups. */
		rc = br_store_begin_read(store, &err);
		if (rc == 0)
			rc = br_store_episode_get(store, id, &e, &err);
		if (rc == 0)
			rc = br_store_patient_get(store, e.patient_id, &p,
			                          &err);
		if (rc == 0)
			rc = br_store_end_read(store, &err);
		else
			br_store_rollback(store);
	}
	if (rc < 0) {
		fail_err(resp, &err);
		return -1;
	}
	if (c->role == BR_ROLE_PATIENT)
		ok = c->user.patient_id == p.id;
	else if (c->role == BR_ROLE_PRACTITIONER)
		ok = c->user.clinic_id != 0 && c->user.clinic_id == p.clinic_id;
	else
		ok = false;
	if (ok)
		return 0;
	audit_refusal(store, c, r, origin, p.id, "denied");
	/* The same answer as for a record that does not exist. */
	if (r->scope == BR_SCOPE_PATIENT)
		br_error(&err, BR_ENOTFOUND, "patient_id",
		         "there is no patient %lld", (long long)id);
	else
		br_error(&err, BR_ENOTFOUND, "episode_id",
		         "there is no episode %lld", (long long)id);
	fail_err(resp, &err);
	return -1;
}

/* The patient a scoped route names, for the audit of a refusal before the
 * scope check; 0 when none or not found. */
static int64_t
target_patient(struct br_store *store, const struct br_route *r, json_t *params)
{
	struct br_err err = BR_ERR_INIT;
	struct br_episode e;

	if (r->scope == BR_SCOPE_PATIENT)
		return json_integer_value(
		        json_object_get(params, "patient_id"));
	if (r->scope == BR_SCOPE_EPISODE &&
	    br_store_episode_get(
	            store,
	            json_integer_value(json_object_get(params, "episode_id")),
	            &e, &err) == 0)
		return e.patient_id;
	return 0;
}

/* Special routes -------------------------------------------------------- */

static void
set_cookie(const struct br_api *api, struct br_http_resp *resp,
           const char *token, int64_t max_age)
{
	snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	         "%s=%s; Path=/; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
	         br_api_cookie_name(api), token, (long long)max_age,
	         api->secure_cookies ? "; Secure" : "");
}

/* The session: who, the CSRF token, when it ends, and the server's
 * today (the web app's default date: "not in the future" is judged by
 * the server's clock). */
static json_t *
session_view(const struct br_api *api, const struct caller *c,
             const char *token)
{
	char csrf[BR_TOKEN_HEX], today[BR_DATE_LEN];

	br_auth_csrf(token, csrf);
	br_format_date(api->today != INT32_MIN ? api->today : br_today_local(),
	               today);
	return json_pack("{s:o, s:s, s:I, s:s}", "user", br_view_user(&c->user),
	                 "csrf_token", csrf, "expires_at",
	                 (json_int_t)c->expires_at, "today", today);
}

/* The session-charting vocabulary (data/charting.json): points, common
 * points, adverse events, regions.  No patient data. */
static int
charting_vocab(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {NULL};
	json_t *v;
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	v = br_charting_data();
	if (v == NULL)
		return br_error(err, BR_EIO, "",
		                "the charting vocabulary cannot be read");
	*out = json_deep_copy(v);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

/* The red-flag status of an episode, for the patient's diary and the
 * practitioner's Today: the last screen, the screen waiting for a
 * clinician's clearance (its referral in a few words), and the safety-net
 * advice.  Flags, reasons and the practitioner's action stay on the
 * practitioners' screen list.  Read through br_app_screen_list, so it is
 * audited as a screening read. */
static int
screening_status(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	struct br_screen_result *r;
	json_t *list = NULL, *x, *last = json_null(), *waiting = json_null();
	json_int_t episode_id =
	        json_integer_value(json_object_get(in, "episode_id"));
	size_t i;
	int rc = br_app_screen_list(app, in, &list, err);

	if (rc < 0)
		return rc;
	r = malloc(sizeof(*r));
	if (r == NULL) {
		json_decref(list);
		return br_error(err, BR_ENOMEM, "", "out of memory");
	}
	/* Any screen carries the same advice; a fresh one when none. */
	br_redflag_screen(NULL, 0, r, NULL);
	json_array_foreach(list, i, x)
	{
		const char *tier =
		        json_string_value(json_object_get(x, "tier"));
		int t = tier ? br_tier_parse(tier) : -1;
		bool cleared = !json_is_null(json_object_get(x, "cleared"));

		json_decref(last);
		last = json_pack(
		        "{s:O, s:O, s:b}", "date", json_object_get(x, "date"),
		        "tier", json_object_get(x, "tier"), "cleared", cleared);
		if (t > BR_TIER_NONE && !cleared) {
			json_decref(waiting);
			waiting = json_pack("{s:O, s:O, s:s}", "date",
			                    json_object_get(x, "date"), "tier",
			                    json_object_get(x, "tier"),
			                    "referral",
			                    br_tier_referral((enum br_tier)t));
		}
	}
	*out = json_pack("{s:I, s:I, s:o, s:o, s:s}", "episode_id", episode_id,
	                 "screens", (json_int_t)json_array_size(list), "last",
	                 last, "waiting", waiting, "safety_net", r->safety_net);
	free(r);
	json_decref(list);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

/* The steps a plan's bedtime routine may have (data/bedtime.json).  No
 * patient data. */
static int
plan_vocab(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {NULL};
	int rc = br_in_only(in, keys, err);

	(void)app;
	if (rc < 0)
		return rc;
	*out = json_pack(
	        "{s:O}", "routine_steps",
	        json_object_get(br_vocab_file("bedtime.json"), "steps"));
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

/* The bedtime routine of an episode's plan, for the patient's diary:
 * only the steps (the plan itself, with any referral's reasons, is the
 * practitioner's).  Read through br_app_plan, so it is audited as a plan
 * read. */
static int
plan_routine_read(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	json_t *plan = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_app_plan(app, in, &plan, err);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:O, s:O}", "episode_id",
	                 json_object_get(in, "episode_id"), "routine",
	                 json_object_get(plan, "routine"));
	json_decref(plan);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

/*
 * Sets key of in to the caller's value: refuses another value given in the
 * request, as for a path parameter.  The value is taken from the account,
 * never from the request.
 */
static int
bind_caller(json_t *in, const char *key, int64_t value, struct br_err *err)
{
	json_t *given = json_object_get(in, key);

	if (given && !json_is_null(given) &&
	    !(json_is_integer(given) && json_integer_value(given) == value))
		return br_error(err, BR_EINVAL, key,
		                "%s is your account's; leave it out", key);
	json_object_set_new(in, key, json_integer(value));
	return 0;
}

/* Calls fn with the caller's clinic as its clinic_id (refused when the
 * account has none). */
static int
in_own_clinic(struct br_app *app, json_t *in, json_t **out, struct br_err *err,
              int (*fn)(struct br_app *, json_t *, json_t **, struct br_err *))
{
	struct br_user u;
	int rc = br_store_user_get(app->store, app->user_id, &u, err);

	if (rc == 0 && u.clinic_id == 0)
		rc = br_error(err, BR_EPERM, "", "your account has no clinic");
	if (rc == 0)
		rc = bind_caller(in, "clinic_id", u.clinic_id, err);
	return rc < 0 ? rc : fn(app, in, out, err);
}

/* What is due, for the patients of the caller's clinic only. */
static int
clinic_due(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	return in_own_clinic(app, in, out, err, br_app_due);
}

/* A new patient, in the caller's clinic. */
static int
clinic_patient_add(struct br_app *app, json_t *in, json_t **out,
                   struct br_err *err)
{
	return in_own_clinic(app, in, out, err, br_app_patient_add);
}

/* The practice overview, for the caller's clinic only. */
static int
clinic_overview(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	return in_own_clinic(app, in, out, err, br_app_overview);
}

/* The calling practitioner's own calendar feed. */
static int
own_feed_create(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	int rc = bind_caller(in, "practitioner_id", app->user_id, err);

	return rc < 0 ? rc : br_app_visit_feed_create(app, in, out, err);
}

static int
own_feed_revoke(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	int rc = bind_caller(in, "practitioner_id", app->user_id, err);

	return rc < 0 ? rc : br_app_visit_feed_revoke(app, in, out, err);
}

/* The formats of the one-page report. */
static const char *const report_formats[] = {"json", "html", "pdf", NULL};

/* The visit summary (br_app_report, audited there) and the format the
 * pipeline renders it in: out {"format", "report"}. */
static int
report_read(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	json_t *args, *report = NULL;
	int fmt;
	int rc = br_in_enum(in, "format", report_formats, false, &fmt, err);

	if (rc < 0)
		return rc;
	/* A copy without "format": in stays as given for a retry. */
	args = json_copy(in);
	if (args == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	json_object_del(args, "format");
	rc = br_app_report(app, args, &report, err);
	json_decref(args);
	if (rc < 0)
		return rc;
	*out = json_pack("{s:s, s:o}", "format",
	                 report_formats[fmt < 0 ? 0 : fmt], "report", report);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

/* Practice figures for the caller's clinic.  A practitioner's clinic is
 * their account's, never a parameter; an admin with a clinic sees theirs,
 * an admin without one every clinic's (or one named by clinic_id).
 * Figures per patient are a practitioner's.  The read is audited. */
static int
clinic_cohort(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct br_audit_entry a;
	struct br_user u;
	bool per_patient = false;
	char record[40];
	json_t *res = NULL;
	json_int_t clinic;
	int rc = br_store_user_get(app->store, app->user_id, &u, err);

	if (rc == 0)
		rc = br_in_bool(in, "per_patient", &per_patient, err);
	if (rc == 0 && per_patient && strcmp(u.role, "practitioner") != 0)
		rc = br_error(err, BR_EPERM, "per_patient",
		              "figures per patient are for practitioners");
	if (rc == 0 && strcmp(u.role, "practitioner") == 0 && u.clinic_id == 0)
		rc = br_error(err, BR_EPERM, "", "your account has no clinic");
	if (rc == 0 && u.clinic_id != 0)
		rc = bind_caller(in, "clinic_id", u.clinic_id, err);
	if (rc == 0)
		rc = br_app_cohort(app, in, &res, err);
	if (rc < 0)
		return rc;
	/* The figures go out only once their reading is in the log. */
	clinic = json_integer_value(json_object_get(res, "clinic_id"));
	snprintf(record, sizeof(record), "clinic/%lld", (long long)clinic);
	a = (struct br_audit_entry){
	        .user_id = app->user_id,
	        .actor = app->actor,
	        .action = "cohort.read",
	        .patient_id = 0,
	        .record = clinic ? record : "clinic/all",
	        .origin = app->origin,
	        .outcome = "ok",
	};
	rc = br_store_begin(app->store, err);
	if (rc == 0)
		rc = br_store_audit_append(app->store, &a, err);
	if (rc == 0)
		rc = br_store_commit(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc < 0) {
		json_decref(res);
		return rc;
	}
	*out = res;
	return 0;
}

static void
app_for(const struct br_api *api, struct br_store *store,
        const struct caller *c, const char *origin, struct br_app *app)
{
	memset(app, 0, sizeof(*app));
	app->store = store;
	app->today = api->today != INT32_MIN ? api->today : br_today_local();
	app->actor = c->signed_in ? c->user.email : "anonymous";
	app->user_id = c->signed_in ? c->user.id : 0;
	app->origin = origin;
	app->quiet = true;
	app->instruments_dir = api->instruments_dir;
}

static void
do_login(const struct br_api *api, struct br_store *store,
         const struct br_http_req *req, json_t *in, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	struct caller c;
	struct br_app app;
	char token[BR_TOKEN_HEX];
	int retry = 0, rc;

	memset(&c, 0, sizeof(c));
	app_for(api, store, &c, req->origin, &app);
	rc = br_auth_login(&app, &api->auth, in, token, &c.user, &c.expires_at,
	                   &retry, &err);
	if (rc == BR_EPERM && retry > 0) {
		resp->retry_after = retry;
		fail(resp, 429, "rate-limited", NULL, err.msg);
		return;
	}
	if (rc == BR_EPERM) {
		fail(resp, 401, "unauthenticated", NULL, err.msg);
		return;
	}
	if (rc < 0) {
		fail_err(resp, &err);
		return;
	}
	c.signed_in = true;
	set_cookie(api, resp, token, api->auth.max_s);
	resp->status = 200;
	resp->body = session_view(api, &c, token);
	memset(token, 0, sizeof(token));
}

static void
do_openapi(struct br_http_resp *resp)
{
	for (const struct br_embedded_file *f = br_http_files; f->name; f++)
		if (strcmp(f->name, "openapi.json") == 0) {
			resp->status = 200;
			resp->raw = f->bytes;
			resp->raw_len = f->len;
			return;
		}
	fail(resp, 404, "not-found", NULL, "there is no such resource");
}

/* The HTML report's policy: its own inline style sheet and SVG charts,
 * nothing to load, no script. */
#define REPORT_HTML_CSP                                                        \
	"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "       \
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/* Renders report_read's result in its format: the report document
 * (json), or the page (html, pdf) as resp's text.  Takes *out over (it
 * is NULL afterwards unless the body stays JSON). */
static int
render_report(json_t **out, struct br_http_resp *resp, struct br_err *err)
{
	const char *fmt = json_string_value(json_object_get(*out, "format"));
	bool json = fmt == NULL || strcmp(fmt, "json") == 0;
	bool html = fmt && strcmp(fmt, "html") == 0;
	json_t *report = json_incref(json_object_get(*out, "report"));
	json_int_t episode = json_integer_value(
	        json_object_get(json_object_get(report, "episode"), "id"));
	unsigned char *pdf = NULL;
	size_t len = 0;
	int rc = 0;

	json_decref(*out); /* fmt is gone from here on */
	*out = NULL;
	if (json) {
		*out = report;
		return 0;
	}
	if (html) {
		resp->text = br_report_html(report, err);
		rc = resp->text ? 0 : err->code;
		resp->text_type = "text/html; charset=utf-8";
		resp->csp = REPORT_HTML_CSP;
		snprintf(resp->disposition, sizeof(resp->disposition),
		         "inline; filename=\"report-%lld.html\"",
		         (long long)episode);
	} else {
		rc = br_report_pdf_mem(report, &pdf, &len, err);
		resp->text = (char *)pdf;
		resp->text_len = len;
		resp->text_type = "application/pdf";
		snprintf(resp->disposition, sizeof(resp->disposition),
		         "inline; filename=\"report-%lld.pdf\"",
		         (long long)episode);
	}
	json_decref(report);
	if (rc < 0) {
		free(resp->text);
		resp->text = NULL;
		resp->text_len = 0;
		resp->text_type = NULL;
		resp->csp = NULL;
		resp->disposition[0] = '\0';
	}
	return rc;
}

/* Filters a list of patients to the caller's clinic. */
static void
filter_clinic(const struct caller *c, json_t *list)
{
	size_t i = 0;

	if (c->role == BR_ROLE_ADMIN || !json_is_array(list))
		return;
	while (i < json_array_size(list)) {
		json_t *p = json_array_get(list, i);
		json_int_t clinic =
		        json_integer_value(json_object_get(p, "clinic_id"));

		if (clinic == c->user.clinic_id)
			i++;
		else
			json_array_remove(list, i);
	}
}

/* The pipeline ---------------------------------------------------------- */

static unsigned
role_bit(const char *role)
{
	if (strcmp(role, "admin") == 0)
		return BR_ROLE_ADMIN;
	if (strcmp(role, "practitioner") == 0)
		return BR_ROLE_PRACTITIONER;
	if (strcmp(role, "patient") == 0)
		return BR_ROLE_PATIENT;
	return 0;
}

void
br_api_handle(const struct br_api *api, struct br_store *store,
              const struct br_http_req *req, struct br_http_resp *resp)
{
	struct br_err err = BR_ERR_INIT;
	const struct br_route *r;
	const char *query;
	struct caller c;
	struct br_app app;
	json_t *params = json_object(), *in = NULL, *out = NULL;
	size_t plen, qlen;
	int rc;

	memset(resp, 0, sizeof(*resp));
	memset(&c, 0, sizeof(c));
	br_uri_split(req->uri, &plen, &query, &qlen);

	/* 1-2: limits and route. */
	if (req->body_too_big) {
		snprintf(err.msg, sizeof(err.msg),
		         "the body is larger than %d bytes", BR_BODY_MAX);
		fail(resp, 413, "too-big", NULL, err.msg);
		goto done;
	}
	if (qlen > BR_QUERY_MAX) {
		br_error(&err, BR_ETOOBIG, "query",
		         "the query string is longer than %d bytes",
		         BR_QUERY_MAX);
		fail_err(resp, &err);
		goto done;
	}
	rc = br_route_match(br_api_routes, req->method, req->uri, plen, params,
	                    &r, resp->allow, sizeof(resp->allow), &err);
	if (rc == BR_ECONFLICT) {
		fail(resp, 405, "method-not-allowed", NULL, err.msg);
		goto done;
	}
	if (rc < 0) {
		fail_err(resp, &err);
		goto done;
	}

	/* 3-5: session, CSRF, role. */
	if (r->roles != 0) {
		app_for(api, store, &c, req->origin, &app);
		rc = br_auth_check(&app, &api->auth, req->token, &c.user,
		                   &c.expires_at, &err);
		if (rc == BR_EPERM) {
			if (r->scope != BR_SCOPE_NONE)
				audit_refusal(store, &c, r, req->origin,
				              target_patient(store, r, params),
				              "unauthenticated");
			fail(resp, 401, "unauthenticated", NULL, err.msg);
			goto done;
		}
		if (rc < 0) {
			fail_err(resp, &err);
			goto done;
		}
		c.signed_in = true;
		c.role = role_bit(c.user.role);
		if (strcmp(req->method, "GET") != 0 &&
		    !br_auth_csrf_ok(req->token, req->csrf)) {
			fail(resp, 403, "csrf", NULL,
			     "the X-CSRF-Token header is missing or wrong");
			goto done;
		}
		if ((r->roles & c.role) == 0) {
			audit_refusal(store, &c, r, req->origin,
			              target_patient(store, r, params),
			              "denied");
			fail(resp, 403, "forbidden", NULL,
			     "your account may not do this");
			goto done;
		}
	}

	/* 6-7: input and scope. */
	if (build_input(req, query, qlen, params, &in, resp) < 0)
		goto done;
	if (check_scope(api, store, &c, r, params, req->origin, resp) < 0)
		goto done;

	/* 8: the use case or a built-in. */
	switch (r->special) {
	case BR_SPECIAL_LOGIN:
		do_login(api, store, req, in, resp);
		goto done;
	case BR_SPECIAL_WHOAMI:
		resp->status = 200;
		resp->body = session_view(api, &c, req->token);
		goto done;
	case BR_SPECIAL_LOGOUT:
		app_for(api, store, &c, req->origin, &app);
		rc = br_auth_logout(&app, req->token, &err);
		if (rc < 0) {
			fail_err(resp, &err);
			goto done;
		}
		set_cookie(api, resp, "", 0);
		resp->status = 200;
		resp->body = json_pack("{s:b}", "signed_out", 1);
		goto done;
	case BR_SPECIAL_OPENAPI:
		do_openapi(resp);
		goto done;
	case BR_SPECIAL_NONE:
		break;
	}
	app_for(api, store, &c, req->origin, &app);
	/* A JSON body carries typed values; a query string only text. */
	app.typed_input = strcmp(req->method, "GET") != 0;
	if (r->fn == br_app_diary_list) {
		size_t len;

		/* The chart's read, written as text (app.h). */
		rc = br_app_call_text(br_app_diary_list_text, &app, in,
		                      &resp->text, &len, &err);
	} else {
		rc = br_app_call(r->fn, &app, in, &out, &err);
	}
	if (rc < 0) {
		fail_err(resp, &err);
		goto done;
	}
	if (r->fn == br_app_patient_list)
		filter_clinic(&c, out);
	if (r->fn == report_read && render_report(&out, resp, &err) < 0) {
		fail_err(resp, &err);
		goto done;
	}
	resp->status = r->ok_status;
	if (r->fn == br_app_fhir_bulk) {
		/* Bulk data is NDJSON text, not a JSON document. */
		resp->text = strdup(
		        json_string_value(json_object_get(out, "ndjson")));
		resp->text_type = "application/fhir+ndjson";
		json_decref(out);
		out = NULL;
		if (resp->text == NULL) {
			br_error(&err, BR_ENOMEM, "", "out of memory");
			fail_err(resp, &err);
			goto done;
		}
	}
	if (r->fn == br_app_visit_feed) {
		/* The calendar itself, not JSON. */
		resp->text =
		        strdup(json_string_value(json_object_get(out, "ics")));
		resp->text_type = "text/calendar; charset=utf-8";
		json_decref(out);
		out = NULL;
		if (resp->text == NULL) {
			br_error(&err, BR_ENOMEM, "", "out of memory");
			fail_err(resp, &err);
			goto done;
		}
	}
	resp->body = out;
done:
	json_decref(in);
	json_decref(params);
}
