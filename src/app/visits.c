/*
 * visits.c - use cases of appointments, courses, adherence and the
 * calendar (see visits.h): the shared parts (time, views, input, overlap
 * checks) and adherence.  Booking is in visits_booking.c, courses in
 * visits_courses.c, the calendar and its feeds in visits_feeds.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/visits_internal.h"

/* Time ----------------------------------------------------------------- */

int64_t
br_visits_now(const struct br_app *app)
{
	time_t t = time(NULL);
	struct tm tm;

	if (app->today != br_today_local())
		return br_local_minute(app->today, 0);
	localtime_r(&t, &tm);
	return br_local_minute(app->today, tm.tm_hour * 60 + tm.tm_min);
}

/* Seconds since the epoch (UTC) of a local minute, by the process's time
 * zone (TZ); a time that does not exist locally (the hour skipped in
 * spring) moves on as mktime() normalises it. */
int64_t
vi_local_to_utc(int64_t local_minute)
{
	struct tm tm;
	int y, m, d;

	memset(&tm, 0, sizeof(tm));
	br_civil_from_days((int32_t)(local_minute / 1440), &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = (int)(local_minute % 1440 / 60);
	tm.tm_min = (int)(local_minute % 60);
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Seconds since the epoch of a stored "YYYY-MM-DDTHH:MM:SSZ" (0 when it
 * is not one). */
int64_t
vi_stamp_to_utc(const char *ts)
{
	char date[BR_DATE_LEN], clock[6], sec[3];
	int32_t day;
	int minute;
	long s;

	if (strlen(ts) != 20)
		return 0;
	snprintf(date, sizeof(date), "%.10s", ts);
	snprintf(clock, sizeof(clock), "%.5s", ts + 11);
	snprintf(sec, sizeof(sec), "%.2s", ts + 17);
	if (br_parse_date("at", date, &day, NULL) < 0 ||
	    br_parse_clock("at", clock, &minute, NULL) < 0 ||
	    br_parse_long("at", sec, 0, 60, &s, NULL) < 0)
		return 0;
	return (int64_t)day * 86400 + minute * 60 + s;
}

/* Views ---------------------------------------------------------------- */

int
vi_load_viewer(struct br_app *app, struct viewer *w, struct br_err *err)
{
	struct br_user u;
	int rc;

	memset(w, 0, sizeof(*w));
	w->user_id = app->user_id;
	if (app->user_id == 0)
		return 0;
	rc = br_store_user_get(app->store, app->user_id, &u, err);
	if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
		return 0;
	}
	if (rc == 0 && strcmp(u.role, "patient") == 0)
		w->patient_id = u.patient_id;
	return rc;
}

static bool
sees_address(const struct viewer *w, const struct br_visit *v)
{
	return w->user_id == 0 || w->user_id == v->practitioner_id ||
	       (w->patient_id != 0 && w->patient_id == v->patient_id);
}

json_t *
vi_id_opt(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

json_t *
vi_view_visit(const struct viewer *w, const struct br_visit *v)
{
	char start[BR_DATETIME_LEN], date[BR_DATE_LEN], end[BR_DATETIME_LEN];
	bool home = strcmp(v->place, "home") == 0, show = sees_address(w, v);

	br_format_datetime(v->starts_at, start);
	br_format_datetime(v->starts_at + v->minutes, end);
	snprintf(date, sizeof(date), "%.10s", start);
	return json_pack(
	        "{s:I, s:I, s:s, s:I, s:o, s:s, s:s, s:s, s:s, s:i, s:s, s:o, "
	        "s:b, s:s, s:o, s:s, s:s}",
	        "id", (json_int_t)v->id, "patient_id",
	        (json_int_t)v->patient_id, "patient_name", v->patient_name,
	        "episode_id", (json_int_t)v->episode_id, "practitioner_id",
	        vi_id_opt(v->practitioner_id), "start", start, "date", date,
	        "time", start + 11, "end", end + 11, "minutes", v->minutes,
	        "where", v->place, "address",
	        home && show ? json_string(v->address) : json_null(),
	        "address_hidden", home && !show, "status", v->status,
	        "session_id", vi_id_opt(v->session_id), "created_at",
	        v->created_at, "updated_at", v->updated_at);
}

json_t *
br_view_adherence(const struct br_adherence *a)
{
	json_t *gaps = json_array(), *o;
	char from[BR_DATE_LEN], to[BR_DATE_LEN];
	int shown = a->n_long_gaps < BR_ADHERENCE_MAX_GAPS
	                    ? a->n_long_gaps
	                    : BR_ADHERENCE_MAX_GAPS;

	for (int i = 0; i < shown; i++) {
		const struct br_adherence_gap *g = &a->long_gaps[i];

		br_format_date(g->from, from);
		br_format_date(g->to, to);
		json_array_append_new(gaps,
		                      json_pack("{s:s, s:s, s:i, s:b}", "from",
		                                from, "to", to, "days", g->days,
		                                "open", g->open));
	}
	o = json_pack(
	        "{s:i, s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:o, "
	        "s:i, s:i, s:o}",
	        "visits", a->visits, "due", a->due, "attended", a->attended,
	        "missed", a->missed, "unrecorded", a->unrecorded, "cancelled",
	        a->cancelled, "upcoming", a->upcoming, "rate",
	        a->rate < 0
	                ? json_null()
	                : json_real((double)(int)(a->rate * 1000 + 0.5) / 1000),
	        "planned_gap_days",
	        a->planned_gap_days < 0 ? json_null()
	                                : json_real(a->planned_gap_days),
	        "course_sessions",
	        a->course_sessions ? json_integer(a->course_sessions)
	                           : json_null(),
	        "n_long_gaps", a->n_long_gaps, "longest_gap_days",
	        a->longest_gap_days, "long_gaps", gaps);
	return o;
}

/* Input ---------------------------------------------------------------- */

int
vi_read_booking(json_t *in, struct booking *b, struct br_err *err)
{
	struct br_visit probe;
	int idx, rc;

	memset(b, 0, sizeof(*b));
	b->minutes = BR_VISIT_DEFAULT_MINUTES;
	snprintf(b->place, sizeof(b->place), "clinic");
	rc = br_in_int_field(in, &br_visit_fields, "minutes", &b->minutes, err);
	if (rc == 0 && b->minutes == BR_UNSET)
		b->minutes = BR_VISIT_DEFAULT_MINUTES;
	if (rc == 0)
		rc = br_in_enum(
		        in, "where",
		        br_fields_find(&br_visit_fields, "where")->values,
		        false, &idx, err);
	if (rc == 0 && idx >= 0)
		snprintf(b->place, sizeof(b->place), "%s",
		         br_visit_place_names[idx]);
	if (rc == 0)
		rc = br_in_text(in, "address", BR_ADDRESS_MAX - 1, false,
		                &b->address, err);
	if (rc == 0 && b->address && b->address[0] == '\0')
		b->address = NULL;
	/* The booking's own rules are the visit record's. */
	if (rc == 0) {
		memset(&probe, 0, sizeof(probe));
		probe.minutes = b->minutes;
		snprintf(probe.place, sizeof(probe.place), "%s", b->place);
		snprintf(probe.address, sizeof(probe.address), "%s",
		         b->address ? b->address : "");
		rc = br_rec_visit_check(&probe, err);
	}
	if (rc == 0 && br_in_has(in, "practitioner_id")) {
		b->practitioner_given = true;
		if (json_is_integer(json_object_get(in, "practitioner_id")) &&
		    json_integer_value(
		            json_object_get(in, "practitioner_id")) == 0)
			b->practitioner_id = 0;
		else if (json_is_string(
		                 json_object_get(in, "practitioner_id")) &&
		         strcmp(json_string_value(
		                        json_object_get(in, "practitioner_id")),
		                "0") == 0)
			b->practitioner_id = 0;
		else
			rc = br_in_id(in, "practitioner_id",
			              &b->practitioner_id, err);
	}
	return rc;
}

/* Checks that id is 0 (the local operator, command line only) or an
 * enabled practitioner account of clinic (when clinic is not 0). */
int
vi_check_practitioner(struct br_app *app, int64_t id, int64_t clinic,
                      struct br_err *err)
{
	struct br_user u;
	int rc;

	if (id == 0) {
		if (app->user_id != 0)
			return br_error(err, BR_EINVAL, "practitioner_id",
			                "practitioner_id must name a "
			                "practitioner account");
		return 0;
	}
	rc = br_store_user_get(app->store, id, &u, err);
	if (rc == BR_ENOTFOUND ||
	    (rc == 0 && (strcmp(u.role, "practitioner") != 0 || u.disabled ||
	                 (clinic && u.clinic_id != clinic))))
		return br_error(err, BR_ENOTFOUND, "practitioner_id",
		                "there is no practitioner %lld", (long long)id);
	return rc;
}

/* The practitioner of a new visit: given, else the caller, else the
 * episode's, else the local operator. */
int
vi_choose_practitioner(struct br_app *app, const struct booking *b,
                       const struct br_episode *e, int64_t *out,
                       struct br_err *err)
{
	struct br_patient p;
	int rc = br_store_patient_get(app->store, e->patient_id, &p, err);

	if (rc < 0)
		return rc;
	if (b->practitioner_given)
		*out = b->practitioner_id;
	else if (app->user_id)
		*out = app->user_id;
	else
		*out = e->practitioner_id;
	rc = vi_check_practitioner(app, *out, p.clinic_id, err);
	if (rc < 0 && !b->practitioner_given && *out == e->practitioner_id &&
	    app->user_id == 0) {
		/* The episode's practitioner left: the local operator. */
		br_err_clear(err);
		*out = 0;
		rc = 0;
	}
	return rc;
}

int
vi_load_open_episode(struct br_app *app, json_t *in, struct br_episode *e,
                     struct br_err *err)
{
	int rc = br_app_load_episode(app, in, e, err);

	if (rc == 0 && strcmp(e->status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed; open a new episode to "
		              "book visits",
		              (long long)e->id);
	return rc;
}

/* Overlaps ------------------------------------------------------------- */

/* The first booked or attended visit of the practitioner, or else of the
 * patient, overlapping [start, +minutes): *other, or 0. */
int
vi_find_conflict(struct br_app *app, int64_t practitioner, int64_t patient,
                 int64_t start, int minutes, int64_t *other, bool *same_patient,
                 struct br_err *err)
{
	struct br_visit_filter f = {patient, 0, -1, start - 480,
	                            start + minutes};
	struct br_visit *arr = NULL;
	size_t n = 0;
	int rc = br_store_visit_overlap(app->store, practitioner, start,
	                                minutes, 0, other, err);

	*same_patient = false;
	if (rc < 0 || *other)
		return rc;
	rc = br_store_visit_list(app->store, &f, &arr, &n, err);
	for (size_t i = 0; rc == 0 && i < n && *other == 0; i++) {
		int st = br_visit_status_from(arr[i].status);

		if ((st == BR_VISIT_BOOKED || st == BR_VISIT_ATTENDED) &&
		    br_visits_overlap(start, minutes, arr[i].starts_at,
		                      arr[i].minutes)) {
			*other = arr[i].id;
			*same_patient = true;
		}
	}
	free(arr);
	return rc;
}

/* Refuses a visit of practitioner and patient at [start, +minutes) that
 * overlaps a booked or attended one; field names the input at fault. */
int
vi_check_free(struct br_app *app, int64_t practitioner, int64_t patient,
              int64_t start, int minutes, const char *field, struct br_err *err)
{
	char when[BR_DATETIME_LEN];
	int64_t other = 0;
	bool same_patient;
	int rc = vi_find_conflict(app, practitioner, patient, start, minutes,
	                          &other, &same_patient, err);

	if (rc < 0 || other == 0)
		return rc;
	br_format_datetime(start, when);
	return br_error(err, BR_ECONFLICT, field,
	                "%s %s overlaps visit %lld of the same %s; choose "
	                "another time",
	                field, when, (long long)other,
	                same_patient ? "patient" : "practitioner");
}

int
vi_not_past(struct br_app *app, const char *field, int64_t start,
            struct br_err *err)
{
	char when[BR_DATETIME_LEN], now[BR_DATETIME_LEN];
	int64_t t = br_visits_now(app);

	if (start >= t)
		return 0;
	br_format_datetime(start, when);
	br_format_datetime(t, now);
	return br_error(err, BR_EINVAL, field,
	                "%s %s is in the past; a new visit must start at or "
	                "after %s",
	                field, when, now);
}

void
vi_fill_visit(struct br_visit *v, const struct br_episode *e,
              const struct booking *b, int64_t practitioner, int64_t start)
{
	memset(v, 0, sizeof(*v));
	v->id = br_store_new_id();
	v->patient_id = e->patient_id;
	v->episode_id = e->id;
	v->practitioner_id = practitioner;
	v->starts_at = start;
	v->minutes = b->minutes;
	snprintf(v->place, sizeof(v->place), "%s", b->place);
	if (b->address)
		snprintf(v->address, sizeof(v->address), "%s", b->address);
	snprintf(v->status, sizeof(v->status), "booked");
	br_store_now(v->created_at);
	memcpy(v->updated_at, v->created_at, sizeof(v->updated_at));
}

/* Adherence ------------------------------------------------------------ */

int
br_visits_adherence(struct br_app *app, const struct br_episode *e,
                    struct br_adherence *out, struct br_err *err)
{
	struct br_visit_filter f = {e->patient_id, e->id, -1, INT64_MIN / 2,
	                            INT64_MAX / 2};
	struct br_visit_course *items = NULL;
	struct br_adherence_visit *av = NULL;
	struct br_visit *arr = NULL;
	size_t n = 0, n_items = 0;
	double per_week = 0;
	int sessions = 0;
	int rc = br_store_visit_list(app->store, &f, &arr, &n, err);

	if (rc == 0)
		rc = br_store_visit_courses(app->store, e->patient_id, e->id,
		                            &items, &n_items, err);
	for (size_t i = 0; rc == 0 && i < n_items; i++)
		if (items[i].per_week > 0) {
			per_week = items[i].per_week;
			sessions = items[i].sessions;
			break;
		}
	if (rc == 0 && n > 0) {
		av = calloc(n, sizeof(*av));
		if (av == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		av[i].day = (int32_t)(arr[i].starts_at / 1440);
		av[i].status = br_visit_status_from(arr[i].status);
	}
	if (rc == 0)
		br_adherence_compute(av, n, app->today, per_week, sessions,
		                     out);
	free(av);
	free(arr);
	free(items);
	return rc;
}

int
br_app_visit_adherence(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_adherence a;
	struct br_episode e;
	json_t *view = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_visits_adherence(app, &e, &a, err);
	if (rc == 0)
		rc = br_app_audit(app, "visit.read", e.patient_id, "episode",
		                  e.id, err);
	if (rc == 0) {
		view = br_view_adherence(&a);
		json_object_set_new(view, "episode_id", json_integer(e.id));
	}
	return br_app_finish(app, rc, view, out, err);
}
