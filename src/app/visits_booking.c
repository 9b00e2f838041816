/*
 * visits_booking.c - use cases of single visits: book, list, cancel,
 * attend, miss, and the link between a visit and its session.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/visits_internal.h"

/* Book one ------------------------------------------------------------- */

int
br_app_visit_apply(struct br_app *app, const struct br_episode *e,
                   struct br_visit *v, struct br_err *err)
{
	int idx, rc = br_rec_visit_check(v, err);

	if (rc == 0 && app->restore)
		rc = br_parse_enum("status", v->status, br_visit_status_names,
		                   &idx, err);
	if (rc < 0)
		return rc;
	if (!app->history && strcmp(e->status, "open") != 0)
		return br_error(err, BR_ECONFLICT, "episode_id",
		                "episode %lld is closed; open a new episode to "
		                "book visits",
		                (long long)e->id);
	/* A restored visit keeps what became of it and its session; the
	 * times it took were free when it was booked (a later visit may
	 * overlap a missed one since marked attended). */
	if (!app->restore)
		rc = vi_check_free(app, v->practitioner_id, e->patient_id,
		                   v->starts_at, v->minutes, "at", err);
	if (rc < 0)
		return rc;
	v->patient_id = e->patient_id;
	v->episode_id = e->id;
	if (!app->restore) {
		v->session_id = 0;
		snprintf(v->status, sizeof(v->status), "booked");
	}
	if (!app->history || v->id == 0)
		v->id = br_store_new_id();
	if (!app->history || !v->created_at[0])
		br_store_now(v->created_at);
	if (!app->history)
		memcpy(v->updated_at, v->created_at, sizeof(v->updated_at));
	else if (!app->restore || !v->updated_at[0])
		br_store_now(v->updated_at);
	return br_store_visit_insert(app->store, v, err);
}

int
br_app_visit_book(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	struct booking b;
	struct br_episode e;
	struct br_visit v;
	struct viewer w;
	int64_t practitioner = 0, start = 0;
	int32_t day;
	int minute, rc = br_fields_check(in, &br_visit_fields, app->typed_input,
	                                 err);

	if (rc == 0)
		rc = br_parse_datetime(
		        "at", json_string_value(json_object_get(in, "at")),
		        &day, &minute, err);
	if (rc == 0) {
		start = br_local_minute(day, minute);
		rc = vi_not_past(app, "at", start, err);
	}
	if (rc == 0)
		rc = vi_read_booking(in, &b, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = vi_load_open_episode(app, in, &e, err);
	if (rc == 0)
		rc = vi_choose_practitioner(app, &b, &e, &practitioner, err);
	if (rc == 0) {
		vi_fill_visit(&v, &e, &b, practitioner, start);
		rc = br_app_visit_apply(app, &e, &v, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "visit.create", e.patient_id, "visit",
		                  v.id, err);
	if (rc == 0)
		rc = br_store_visit_get(app->store, v.id, "visit_id", &v, err);
	if (rc == 0)
		rc = vi_load_viewer(app, &w, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : vi_view_visit(&w, &v),
	                     out, err);
}

/* List ----------------------------------------------------------------- */

/* The latest check-in of the visit's episode reported before the visit
 * (on or before its day), or null. */
static json_t *
checkin_before(struct br_app *app, const struct br_visit *v, struct br_err *err,
               int *rc)
{
	struct br_checkin *arr = NULL;
	char day[BR_DATE_LEN];
	json_t *found = NULL;
	size_t n = 0;

	*rc = br_store_checkin_list(app->store, v->patient_id, v->episode_id,
	                            &arr, &n, err);
	br_format_date((int32_t)(v->starts_at / 1440), day);
	for (size_t i = n; *rc == 0 && i-- > 0;)
		if (strcmp(arr[i].day, day) <= 0) {
			found = br_view_checkin(&arr[i]);
			break;
		}
	free(arr);
	return found ? found : json_null();
}

/* A date input as a local minute at its start, or dflt when absent. */
static int
in_day_start(json_t *in, const char *key, int64_t dflt, int64_t *out,
             struct br_err *err)
{
	int32_t d;
	int rc = br_in_date(in, key, false, &d, err);

	if (rc == 0)
		*out = d == INT32_MIN ? dflt : br_local_minute(d, 0);
	return rc;
}

int
br_app_visit_list(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {
	        "from",       "to",         "practitioner_id",
	        "patient_id", "episode_id", NULL};
	struct br_visit_filter f = {0, 0, -1, 0, 0};
	struct br_visit *arr = NULL;
	struct br_patient p = {0};
	struct viewer w;
	json_t *list = NULL;
	size_t n = 0;
	bool whole;
	int rc = br_in_only(in, keys, err);

	whole = br_in_has(in, "episode_id") || br_in_has(in, "patient_id");
	if (rc == 0 && br_in_has(in, "episode_id"))
		rc = br_in_id(in, "episode_id", &f.episode_id, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &f.patient_id, err);
	if (rc == 0 && br_in_has(in, "practitioner_id")) {
		struct booking b;
		json_t *only =
		        json_pack("{s:O}", "practitioner_id",
		                  json_object_get(in, "practitioner_id"));

		rc = vi_read_booking(only, &b, err);
		json_decref(only);
		f.practitioner_id = b.practitioner_id;
	}
	if (rc == 0)
		rc = in_day_start(in, "from",
		                  whole ? INT64_MIN / 2
		                        : br_local_minute(app->today, 0),
		                  &f.from, err);
	if (rc == 0)
		rc = in_day_start(in, "to",
		                  br_in_has(in, "from") || !whole
		                          ? f.from + 6 * 1440
		                          : INT64_MAX / 2,
		                  &f.to, err);
	if (rc == 0 && f.to < f.from)
		rc = br_error(err, BR_EINVAL, "to",
		              "to must not be before from");
	f.to += 1440; /* "to" is a whole day */
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (f.episode_id) {
		struct br_episode e;

		rc = br_store_episode_get(app->store, f.episode_id, &e, err);
		if (rc == 0 && f.patient_id && f.patient_id != e.patient_id)
			rc = br_error(err, BR_ENOTFOUND, "episode_id",
			              "there is no episode %lld",
			              (long long)f.episode_id);
		f.patient_id = e.patient_id;
	}
	if (rc == 0 && f.patient_id)
		rc = br_store_patient_get(app->store, f.patient_id, &p, err);
	/* Of a patient's visits: a practitioner of another clinic answers
	 * as a missing one. */
	if (rc == 0 && f.practitioner_id > 0)
		rc = vi_check_practitioner(app, f.practitioner_id, p.clinic_id,
		                           err);
	if (rc == 0)
		rc = vi_load_viewer(app, &w, err);
	if (rc == 0)
		rc = br_store_visit_list(app->store, &f, &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "visit.read", f.patient_id,
		                  f.episode_id ? "episode" : NULL, f.episode_id,
		                  err);
	if (rc == 0)
		list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *v = vi_view_visit(&w, &arr[i]);

		if (strcmp(arr[i].status, "booked") == 0)
			json_object_set_new(
			        v, "checkin",
			        checkin_before(app, &arr[i], err, &rc));
		json_array_append_new(list, v);
	}
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

/* Status --------------------------------------------------------------- */

/* Loads the visit named by in's "visit_id" (and in episode_id, when
 * given). */
static int
load_visit(struct br_app *app, json_t *in, struct br_visit *v,
           struct br_err *err)
{
	int64_t id, episode = 0;
	int rc = br_in_id(in, "visit_id", &id, err);

	if (rc == 0 && br_in_has(in, "episode_id"))
		rc = br_in_id(in, "episode_id", &episode, err);
	if (rc == 0)
		rc = br_store_visit_get(app->store, id, "visit_id", v, err);
	if (rc == 0 && episode && v->episode_id != episode)
		rc = br_error(err, BR_ENOTFOUND, "visit_id",
		              "there is no visit %lld", (long long)id);
	return rc;
}

static int
set_status(struct br_app *app, json_t *in, json_t **out, int to,
           struct br_err *err)
{
	static const char *const keys[] = {"visit_id", "episode_id", NULL};
	struct br_visit v;
	struct viewer w;
	int from, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_visit(app, in, &v, err);
	from = br_visit_status_from(v.status);
	if (rc == 0 && to == BR_VISIT_CANCELLED && from != BR_VISIT_BOOKED)
		rc = br_error(err, BR_ECONFLICT, "visit_id",
		              "visit %lld is %s; only a booked visit can be "
		              "cancelled",
		              (long long)v.id, v.status);
	if (rc == 0 && to != BR_VISIT_CANCELLED &&
	    v.starts_at / 1440 > app->today)
		rc = br_error(err, BR_ECONFLICT, "visit_id",
		              "visit %lld is after today; record it as %s on "
		              "or after its day",
		              (long long)v.id, br_visit_status_names[to]);
	if (rc == 0 && to != BR_VISIT_CANCELLED && from == BR_VISIT_CANCELLED)
		rc = br_error(err, BR_ECONFLICT, "visit_id",
		              "visit %lld was cancelled; book a new visit "
		              "instead",
		              (long long)v.id);
	if (rc == 0 && to == BR_VISIT_MISSED && v.session_id)
		rc = br_error(err, BR_ECONFLICT, "visit_id",
		              "visit %lld has session %lld charted; it was "
		              "not missed",
		              (long long)v.id, (long long)v.session_id);
	if (rc == 0 && from != to) {
		snprintf(v.status, sizeof(v.status), "%s",
		         br_visit_status_names[to]);
		br_store_now(v.updated_at);
		rc = br_store_visit_update(app->store, &v, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "visit.update", v.patient_id, "visit",
		                  v.id, err);
	if (rc == 0)
		rc = vi_load_viewer(app, &w, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : vi_view_visit(&w, &v),
	                     out, err);
}

int
br_app_visit_cancel(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	return set_status(app, in, out, BR_VISIT_CANCELLED, err);
}

int
br_app_visit_attend(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	return set_status(app, in, out, BR_VISIT_ATTENDED, err);
}

int
br_app_visit_missed(struct br_app *app, json_t *in, json_t **out,
                    struct br_err *err)
{
	return set_status(app, in, out, BR_VISIT_MISSED, err);
}

int
br_visits_link_session(struct br_app *app, const struct br_episode *e,
                       int64_t session_id, int32_t day, int64_t visit_id,
                       int64_t *linked, struct br_err *err)
{
	struct br_visit_filter f = {e->patient_id, e->id, -1,
	                            br_local_minute(day, 0),
	                            br_local_minute(day + 1, 0)};
	struct br_visit *arr = NULL, v;
	size_t n = 0, found = 0;
	int rc = 0;

	*linked = 0;
	if (visit_id) {
		char vday[BR_DATE_LEN], sday[BR_DATE_LEN];
		int st;

		rc = br_store_visit_get(app->store, visit_id, "visit_id", &v,
		                        err);
		/* Answered as a missing one: no existence oracle. */
		if (rc == 0 && v.episode_id != e->id)
			rc = br_error(err, BR_ENOTFOUND, "visit_id",
			              "there is no visit %lld",
			              (long long)visit_id);
		if (rc < 0)
			return rc;
		st = br_visit_status_from(v.status);
		br_format_date((int32_t)(v.starts_at / 1440), vday);
		br_format_date(day, sday);
		if (st == BR_VISIT_CANCELLED || st == BR_VISIT_MISSED)
			return br_error(err, BR_ECONFLICT, "visit_id",
			                "visit %lld is %s; a session cannot be "
			                "charted for it",
			                (long long)v.id, v.status);
		if (v.session_id)
			return br_error(err, BR_ECONFLICT, "visit_id",
			                "visit %lld already has session %lld",
			                (long long)v.id,
			                (long long)v.session_id);
		if (strcmp(vday, sday) != 0)
			return br_error(err, BR_EINVAL, "visit_id",
			                "visit %lld is on %s, not on the "
			                "session's date %s",
			                (long long)v.id, vday, sday);
	} else {
		rc = br_store_visit_list(app->store, &f, &arr, &n, err);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			int st = br_visit_status_from(arr[i].status);

			if ((st == BR_VISIT_BOOKED ||
			     st == BR_VISIT_ATTENDED) &&
			    arr[i].session_id == 0) {
				v = arr[i];
				found++;
			}
		}
		free(arr);
		if (rc < 0 || found != 1)
			return rc;
	}
	v.session_id = session_id;
	snprintf(v.status, sizeof(v.status), "attended");
	br_store_now(v.updated_at);
	rc = br_store_visit_update(app->store, &v, err);
	if (rc == 0)
		*linked = v.id;
	return rc;
}

int
br_visits_annotate_sessions(struct br_app *app, const struct br_episode *e,
                            json_t *list, struct br_err *err)
{
	struct br_visit_filter f = {e->patient_id, e->id, -1, INT64_MIN / 2,
	                            INT64_MAX / 2};
	struct br_visit *arr = NULL;
	size_t n = 0, i;
	json_t *x;
	int rc = br_store_visit_list(app->store, &f, &arr, &n, err);

	json_array_foreach(list, i, x)
	{
		json_int_t sid = json_integer_value(json_object_get(x, "id"));
		int64_t visit = 0;

		for (size_t k = 0; rc == 0 && k < n && !visit; k++)
			if (arr[k].session_id == sid)
				visit = arr[k].id;
		json_object_set_new(x, "visit_id", vi_id_opt(visit));
	}
	free(arr);
	return rc;
}
