/*
 * episodes.c - use cases: open, show and close an episode of care.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/intake.h"
#include "app/internal.h"
#include "app/measures.h"
#include "model/checks.h"

/* The rules of br_app_episode_apply, which a correction runs too. */
static int
episode_rules(struct br_app *app, struct br_episode *e, struct br_err *err)
{
	struct br_patient p;
	int32_t onset, opened;
	int region, rc;

	if (!e->region[0])
		snprintf(e->region, sizeof(e->region), "%s", br_rec_regions[0]);
	rc = br_parse_enum("region", e->region, br_rec_regions, &region, err);
	if (rc < 0)
		return rc;
	if (e->icd10[0]) {
		char code[sizeof(e->icd10)];

		memcpy(code, e->icd10, sizeof(code));
		rc = br_rec_icd10(code, e->icd10, sizeof(e->icd10), err);
		if (rc < 0)
			return rc;
	}
	if (!e->status[0])
		snprintf(e->status, sizeof(e->status), "open");
	if (!e->opened_on[0])
		br_format_date(app->today, e->opened_on);
	rc = br_parse_date("onset", e->onset, &onset, err);
	if (rc == 0)
		rc = br_parse_date("opened_on", e->opened_on, &opened, err);
	if (rc == 0)
		rc = br_app_not_future(app, "onset", onset, err);
	if (rc == 0 && onset > opened)
		rc = br_error(err, BR_EINVAL, "onset",
		              "the onset %s is after the episode began (%s)",
		              e->onset, e->opened_on);
	if (rc == 0)
		rc = br_store_patient_get(app->store, e->patient_id, &p, err);
	if (rc == 0)
		rc = br_app_after_birth(&p, "onset", onset, err);
	return rc;
}

int
br_app_episode_apply(struct br_app *app, struct br_episode *e,
                     struct br_err *err)
{
	int rc = episode_rules(app, e, err);

	if (rc < 0)
		return rc;
	if (e->id == 0)
		e->id = br_store_new_id();
	if (!e->created_at[0])
		br_store_now(e->created_at);
	return br_store_episode_insert(app->store, e, err);
}

int
br_app_episode_correct(struct br_app *app, struct br_episode *e,
                       struct br_err *err)
{
	int rc = episode_rules(app, e, err);

	return rc < 0 ? rc : br_store_episode_update(app->store, e, err);
}

int
br_app_episode_open(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	struct br_episode e;
	const char *code;
	int32_t onset;
	int region, rc;
	bool sciatica = false;

	memset(&e, 0, sizeof(e));
	rc = br_fields_check(in, &br_episode_fields, app->typed_input, err);
	if (rc == 0)
		rc = br_in_id(in, "patient_id", &e.patient_id, err);
	if (rc == 0)
		rc = br_in_date(in, "onset", true, &onset, err);
	if (rc == 0)
		rc = br_in_enum(in, "region", br_rec_regions, false, &region,
		                err);
	if (rc == 0)
		rc = br_in_bool(in, "sciatica", &sciatica, err);
	if (rc == 0)
		rc = br_in_text(in, "code", 15, false, &code, err);
	if (rc == 0 && code)
		rc = br_rec_icd10(code, e.icd10, sizeof(e.icd10), err);
	if (rc == 0)
		rc = br_app_not_future(app, "onset", onset, err);
	if (rc < 0)
		return rc;
	if (region >= 0)
		snprintf(e.region, sizeof(e.region), "%s",
		         br_rec_regions[region]);
	br_format_date(onset, e.onset);
	e.sciatica = sciatica;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_episode_apply(app, &e, err);
	if (rc == 0)
		rc = br_app_audit(app, "episode.create", e.patient_id,
		                  "episode", e.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_episode(app, &e),
	                     out, err);
}

int
br_app_episode_show(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_session *sessions = NULL;
	struct br_episode e;
	json_t *view = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_store_session_list(app->store, e.patient_id, e.id,
		                           &sessions, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "episode.read", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0) {
		view = br_view_episode(app, &e);
		json_object_set_new(view, "sessions", json_integer((int)n));
		json_object_set_new(view, "last_session",
		                    n ? json_string(sessions[n - 1].day)
		                      : json_null());
		json_object_set_new(view, "stratification",
		                    br_app_risk_view(app, &e));
		rc = br_app_intake_attach(app, &e, view, err);
	}
	free(sessions);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_episode_close(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_episode e;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0 && strcmp(e.status, "closed") == 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is already closed",
		              (long long)e.id);
	if (rc == 0) {
		br_format_date(app->today, e.closed_on);
		snprintf(e.status, sizeof(e.status), "closed");
		rc = br_store_episode_close(app->store, e.patient_id, e.id,
		                            e.closed_on, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "episode.close", e.patient_id, "episode",
		                  e.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : br_view_episode(app, &e),
	                     out, err);
}
