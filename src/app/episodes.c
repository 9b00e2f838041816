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

int
br_app_episode_open(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	struct br_patient p;
	struct br_episode e;
	const char *code;
	int32_t onset, born;
	int region, rc;
	bool sciatica = false;

	memset(&e, 0, sizeof(e));
	rc = br_fields_check(in, &br_episode_fields, app->typed_input, err);
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
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0 && p.born[0] &&
	    br_parse_date("born", p.born, &born, NULL) == 0 && onset < born)
		rc = br_error(err, BR_EINVAL, "onset",
		              "onset must not be before the patient's birth "
		              "date");
	if (rc == 0) {
		e.id = br_store_new_id();
		e.patient_id = p.id;
		snprintf(e.region, sizeof(e.region), "%s",
		         br_rec_regions[region < 0 ? 0 : region]);
		br_format_date(onset, e.onset);
		e.sciatica = sciatica;
		snprintf(e.status, sizeof(e.status), "open");
		br_format_date(app->today, e.opened_on);
		br_store_now(e.created_at);
		rc = br_store_episode_insert(app->store, &e, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "episode.create", p.id, "episode", e.id,
		                  err);
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
