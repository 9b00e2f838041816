/*
 * visits_courses.c - use cases of a course of visits: propose and book
 * the visits of a plan's course.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/visits_internal.h"

/* Courses -------------------------------------------------------------- */

struct course {
	int64_t item_id;
	char treatment[64];
	int sessions; /* visits to propose */
	double per_week;
	int64_t first; /* local minute of the first */
	int64_t starts[BR_COURSE_MAX];
	int64_t conflicts[BR_COURSE_MAX];
	int n_conflicts;
};

/* Reads and plans the course of in (inside the transaction). */
static int
plan_course(struct br_app *app, json_t *in, const struct br_episode *e,
            const struct booking *b, int64_t practitioner, struct course *c,
            struct br_err *err)
{
	struct br_visit_course *items = NULL, *item = NULL;
	struct br_visit_filter f = {e->patient_id, e->id, -1, INT64_MIN / 2,
	                            INT64_MAX / 2};
	struct br_visit *visits = NULL;
	size_t n_items = 0, n_visits = 0;
	int32_t offsets[BR_COURSE_MAX], day;
	int64_t want_item = 0, last = -1, course_from = INT64_MIN / 2;
	const char *start = NULL;
	bool per_week_given = false;
	int minute, sessions = BR_UNSET, booked = 0, rc;

	memset(c, 0, sizeof(*c));
	rc = br_in_int_field(in, &br_course_fields, "sessions", &sessions, err);
	per_week_given = br_in_has(in, "per_week");
	if (rc == 0 && per_week_given)
		rc = br_in_double_field(in, &br_course_fields, "per_week",
		                        &c->per_week, err);
	if (rc == 0 && br_in_has(in, "item_id"))
		rc = br_in_id(in, "item_id", &want_item, err);
	if (rc == 0)
		start = json_string_value(json_object_get(in, "start"));
	if (rc == 0)
		rc = br_store_visit_courses(app->store, e->patient_id, e->id,
		                            &items, &n_items, err);
	for (size_t i = 0; rc == 0 && i < n_items; i++) {
		if (want_item ? items[i].item_id == want_item
		              : item == NULL && items[i].per_week > 0 &&
		                        items[i].sessions > 0)
			item = &items[i];
	}
	if (rc == 0 && want_item && item == NULL)
		rc = br_error(err, BR_ENOTFOUND, "item_id",
		              "there is no active plan item %lld in episode "
		              "%lld",
		              (long long)want_item, (long long)e->id);
	if (rc == 0 && item) {
		c->item_id = item->item_id;
		snprintf(c->treatment, sizeof(c->treatment), "%s",
		         item->treatment);
		if (!per_week_given)
			c->per_week = item->per_week;
	}
	if (rc == 0 && item && br_parse_date("day", item->day, &day, NULL) == 0)
		course_from = br_local_minute(day, 0);
	if (rc == 0 && c->per_week <= 0)
		rc = br_error(err, BR_EINVAL, "per_week",
		              "episode %lld has no active course with sessions "
		              "and per_week in its plan; give sessions and "
		              "per_week",
		              (long long)e->id);
	if (rc == 0)
		rc = br_store_visit_list(app->store, &f, &visits, &n_visits,
		                         err);
	for (size_t i = 0; rc == 0 && i < n_visits; i++) {
		int st = br_visit_status_from(visits[i].status);

		if (st == BR_VISIT_CANCELLED)
			continue;
		last = visits[i].starts_at;
		if ((st == BR_VISIT_BOOKED || st == BR_VISIT_ATTENDED) &&
		    visits[i].starts_at >= course_from)
			booked++;
	}
	if (rc == 0) {
		if (sessions != BR_UNSET)
			c->sessions = sessions;
		else if (item && item->sessions > 0)
			c->sessions = item->sessions - booked;
		else
			rc = br_error(err, BR_EINVAL, "sessions",
			              "sessions is required when the plan "
			              "gives no number of sessions");
	}
	if (rc == 0 && c->sessions <= 0)
		rc = br_error(err, BR_ECONFLICT, "sessions",
		              "the course of %d sessions is fully booked (%d "
		              "visits booked or attended)",
		              item ? item->sessions : 0, booked);
	if (rc == 0 && start) {
		rc = br_parse_datetime("start", start, &day, &minute, err);
		c->first = br_local_minute(day, minute);
	} else if (rc == 0 && last >= 0) {
		/* The next slot after the last visit, same time of day. */
		c->first = last + (int64_t)(7.0 / c->per_week) * 1440;
		while (c->first < br_visits_now(app))
			c->first += 1440;
	} else if (rc == 0) {
		c->first = br_local_minute(app->today + 1, DEFAULT_START);
	}
	if (rc == 0)
		rc = vi_not_past(app, "start", c->first, err);
	if (rc == 0)
		rc = br_visits_course_offsets(c->per_week, c->sessions, offsets,
		                              err);
	if (rc > 0)
		rc = 0;
	for (int k = 0; rc == 0 && k < c->sessions; k++) {
		bool same_patient;

		c->starts[k] = c->first + (int64_t)offsets[k] * 1440;
		rc = vi_find_conflict(app, practitioner, e->patient_id,
		                      c->starts[k], b->minutes,
		                      &c->conflicts[k], &same_patient, err);
		if (c->conflicts[k])
			c->n_conflicts++;
	}
	free(items);
	free(visits);
	return rc;
}

static json_t *
view_course(const struct course *c, const struct booking *b,
            int64_t practitioner, const struct br_episode *e)
{
	json_t *list = json_array();

	for (int k = 0; k < c->sessions; k++) {
		char s[BR_DATETIME_LEN], date[BR_DATE_LEN],
		        end[BR_DATETIME_LEN];

		br_format_datetime(c->starts[k], s);
		br_format_datetime(c->starts[k] + b->minutes, end);
		snprintf(date, sizeof(date), "%.10s", s);
		json_array_append_new(
		        list,
		        json_pack("{s:s, s:s, s:s, s:s, s:o}", "start", s,
		                  "date", date, "time", s + 11, "end", end + 11,
		                  "conflict", vi_id_opt(c->conflicts[k])));
	}
	return json_pack("{s:I, s:o, s:o, s:i, s:f, s:i, s:s, s:o, s:i, s:o}",
	                 "episode_id", (json_int_t)e->id, "item_id",
	                 vi_id_opt(c->item_id), "treatment",
	                 c->treatment[0] ? json_string(c->treatment)
	                                 : json_null(),
	                 "sessions", c->sessions, "per_week", c->per_week,
	                 "minutes", b->minutes, "where", b->place,
	                 "practitioner_id", vi_id_opt(practitioner),
	                 "conflicts", c->n_conflicts, "visits", list);
}

int
br_app_visit_propose(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	struct course *c = malloc(sizeof(*c));
	struct booking b;
	struct br_episode e;
	int64_t practitioner = 0;
	int rc = br_fields_check(in, &br_course_fields, app->typed_input, err);

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = vi_read_booking(in, &b, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	rc = vi_load_open_episode(app, in, &e, err);
	if (rc == 0)
		rc = vi_choose_practitioner(app, &b, &e, &practitioner, err);
	if (rc == 0)
		rc = plan_course(app, in, &e, &b, practitioner, c, err);
	if (rc == 0)
		rc = br_app_audit(app, "visit.read", e.patient_id, "episode",
		                  e.id, err);
	rc = br_app_finish(app, rc,
	                   rc < 0 ? NULL : view_course(c, &b, practitioner, &e),
	                   out, err);
	free(c);
	return rc;
}

int
br_app_visit_book_course(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err)
{
	struct course *c = malloc(sizeof(*c));
	struct booking b;
	struct br_episode e;
	struct viewer w;
	json_t *result = NULL, *list;
	int64_t practitioner = 0;
	int rc = br_fields_check(in, &br_course_fields, app->typed_input, err);

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = vi_read_booking(in, &b, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	rc = vi_load_open_episode(app, in, &e, err);
	if (rc == 0)
		rc = vi_choose_practitioner(app, &b, &e, &practitioner, err);
	if (rc == 0)
		rc = plan_course(app, in, &e, &b, practitioner, c, err);
	for (int k = 0; rc == 0 && k < c->sessions; k++)
		if (c->conflicts[k]) {
			char when[BR_DATETIME_LEN];

			br_format_datetime(c->starts[k], when);
			rc = br_error(err, BR_ECONFLICT, "start",
			              "visit %d of the course, %s, overlaps "
			              "visit %lld; choose another start",
			              k + 1, when, (long long)c->conflicts[k]);
		}
	if (rc == 0)
		rc = vi_load_viewer(app, &w, err);
	if (rc == 0) {
		result = view_course(c, &b, practitioner, &e);
		list = json_array();
		json_object_set_new(result, "visits", list);
	}
	for (int k = 0; rc == 0 && k < c->sessions; k++) {
		struct br_visit v;

		vi_fill_visit(&v, &e, &b, practitioner, c->starts[k]);
		rc = br_store_visit_insert(app->store, &v, err);
		if (rc == 0)
			rc = br_store_visit_get(app->store, v.id, "visit_id",
			                        &v, err);
		if (rc == 0)
			json_array_append_new(list, vi_view_visit(&w, &v));
	}
	if (rc == 0)
		rc = br_app_audit(app, "visit.create", e.patient_id, "episode",
		                  e.id, err);
	if (rc < 0) {
		json_decref(result);
		result = NULL;
	}
	rc = br_app_finish(app, rc, result, out, err);
	free(c);
	return rc;
}
