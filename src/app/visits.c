/*
 * visits.c - use cases of appointments, courses, adherence and the
 * calendar (see visits.h).
 */
#include "app/visits.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/checkin.h"
#include "app/internal.h"
#include "core/ical.h"
#include "core/visits.h"
#include "store/users.h"

#define DEFAULT_MINUTES 45
#define DEFAULT_START   (9 * 60) /* a course with no earlier visit */
#define FEED_PAST_DAYS  90       /* how far back a calendar reaches */
#define FEED_PATH       "/api/v1/calendar.ics?key="

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
static int64_t
local_to_utc(int64_t local_minute)
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
static int64_t
stamp_to_utc(const char *ts)
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

/* Who is looking: address visibility. */
struct viewer {
	int64_t user_id;    /* 0 = the local operator */
	int64_t patient_id; /* a patient account's patient, else 0 */
};

static int
load_viewer(struct br_app *app, struct viewer *w, struct br_err *err)
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

static json_t *
id_opt(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *
view_visit(const struct viewer *w, const struct br_visit *v)
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
	        id_opt(v->practitioner_id), "start", start, "date", date,
	        "time", start + 11, "end", end + 11, "minutes", v->minutes,
	        "where", v->place, "address",
	        home && show ? json_string(v->address) : json_null(),
	        "address_hidden", home && !show, "status", v->status,
	        "session_id", id_opt(v->session_id), "created_at",
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

/* The visit's own fields shared by book, propose and book-course. */
struct booking {
	int minutes;
	char place[8];
	const char *address;
	int64_t practitioner_id;
	bool practitioner_given;
};

static int
read_booking(json_t *in, struct booking *b, struct br_err *err)
{
	int idx, rc;

	memset(b, 0, sizeof(*b));
	b->minutes = DEFAULT_MINUTES;
	snprintf(b->place, sizeof(b->place), "clinic");
	rc = br_in_int(in, "minutes", 5, 480, &b->minutes, err);
	if (rc == 0 && b->minutes == BR_UNSET)
		b->minutes = DEFAULT_MINUTES;
	if (rc == 0)
		rc = br_in_enum(in, "where", br_visit_place_names, false, &idx,
		                err);
	if (rc == 0 && idx >= 0)
		snprintf(b->place, sizeof(b->place), "%s",
		         br_visit_place_names[idx]);
	if (rc == 0)
		rc = br_in_text(in, "address", BR_ADDRESS_MAX - 1, false,
		                &b->address, err);
	if (rc == 0 && b->address && b->address[0] == '\0')
		b->address = NULL;
	if (rc == 0 && strcmp(b->place, "home") == 0 && b->address == NULL)
		rc = br_error(err, BR_EINVAL, "address",
		              "address is required for a home visit");
	if (rc == 0 && strcmp(b->place, "clinic") == 0 && b->address)
		rc = br_error(err, BR_EINVAL, "address",
		              "address is only for a home visit (where home)");
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
static int
check_practitioner(struct br_app *app, int64_t id, int64_t clinic,
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
static int
choose_practitioner(struct br_app *app, const struct booking *b,
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
	rc = check_practitioner(app, *out, p.clinic_id, err);
	if (rc < 0 && !b->practitioner_given && *out == e->practitioner_id &&
	    app->user_id == 0) {
		/* The episode's practitioner left: the local operator. */
		br_err_clear(err);
		*out = 0;
		rc = 0;
	}
	return rc;
}

static int
load_open_episode(struct br_app *app, json_t *in, struct br_episode *e,
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
static int
find_conflict(struct br_app *app, int64_t practitioner, int64_t patient,
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
static int
check_free(struct br_app *app, int64_t practitioner, int64_t patient,
           int64_t start, int minutes, const char *field, struct br_err *err)
{
	char when[BR_DATETIME_LEN];
	int64_t other = 0;
	bool same_patient;
	int rc = find_conflict(app, practitioner, patient, start, minutes,
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

static int
not_past(struct br_app *app, const char *field, int64_t start,
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

static void
fill_visit(struct br_visit *v, const struct br_episode *e,
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

/* Book one ------------------------------------------------------------- */

int
br_app_visit_book(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {
	        "episode_id",      "at", "minutes", "where", "address",
	        "practitioner_id", NULL};
	struct booking b;
	struct br_episode e;
	struct br_visit v;
	struct viewer w;
	const char *at = NULL;
	int64_t practitioner = 0, start = 0;
	int32_t day;
	int minute, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "at", 32, true, &at, err);
	if (rc == 0)
		rc = br_parse_datetime("at", at, &day, &minute, err);
	if (rc == 0) {
		start = br_local_minute(day, minute);
		rc = not_past(app, "at", start, err);
	}
	if (rc == 0)
		rc = read_booking(in, &b, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = load_open_episode(app, in, &e, err);
	if (rc == 0)
		rc = choose_practitioner(app, &b, &e, &practitioner, err);
	if (rc == 0)
		rc = check_free(app, practitioner, e.patient_id, start,
		                b.minutes, "at", err);
	if (rc == 0) {
		fill_visit(&v, &e, &b, practitioner, start);
		rc = br_store_visit_insert(app->store, &v, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "visit.create", e.patient_id, "visit",
		                  v.id, err);
	if (rc == 0)
		rc = br_store_visit_get(app->store, v.id, "visit_id", &v, err);
	if (rc == 0)
		rc = load_viewer(app, &w, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : view_visit(&w, &v), out,
	                     err);
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

		rc = read_booking(only, &b, err);
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
		rc = check_practitioner(app, f.practitioner_id, p.clinic_id,
		                        err);
	if (rc == 0)
		rc = load_viewer(app, &w, err);
	if (rc == 0)
		rc = br_store_visit_list(app->store, &f, &arr, &n, err);
	if (rc == 0)
		rc = br_app_audit(app, "visit.read", f.patient_id,
		                  f.episode_id ? "episode" : NULL, f.episode_id,
		                  err);
	if (rc == 0)
		list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *v = view_visit(&w, &arr[i]);

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
		rc = load_viewer(app, &w, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : view_visit(&w, &v), out,
	                     err);
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
		json_object_set_new(x, "visit_id", id_opt(visit));
	}
	free(arr);
	return rc;
}

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
	rc = br_in_int(in, "sessions", 1, BR_COURSE_MAX, &sessions, err);
	if (rc == 0)
		rc = br_in_double(in, "per_week", 0.1, 7, &c->per_week,
		                  &per_week_given, err);
	if (rc == 0 && br_in_has(in, "item_id"))
		rc = br_in_id(in, "item_id", &want_item, err);
	if (rc == 0)
		rc = br_in_text(in, "start", 32, false, &start, err);
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
		rc = not_past(app, "start", c->first, err);
	if (rc == 0)
		rc = br_visits_course_offsets(c->per_week, c->sessions, offsets,
		                              err);
	if (rc > 0)
		rc = 0;
	for (int k = 0; rc == 0 && k < c->sessions; k++) {
		bool same_patient;

		c->starts[k] = c->first + (int64_t)offsets[k] * 1440;
		rc = find_conflict(app, practitioner, e->patient_id,
		                   c->starts[k], b->minutes, &c->conflicts[k],
		                   &same_patient, err);
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
		                  "conflict", id_opt(c->conflicts[k])));
	}
	return json_pack("{s:I, s:o, s:o, s:i, s:f, s:i, s:s, s:o, s:i, s:o}",
	                 "episode_id", (json_int_t)e->id, "item_id",
	                 id_opt(c->item_id), "treatment",
	                 c->treatment[0] ? json_string(c->treatment)
	                                 : json_null(),
	                 "sessions", c->sessions, "per_week", c->per_week,
	                 "minutes", b->minutes, "where", b->place,
	                 "practitioner_id", id_opt(practitioner), "conflicts",
	                 c->n_conflicts, "visits", list);
}

static const char *const course_keys[] = {
        "episode_id", "item_id", "sessions", "per_week",        "start",
        "minutes",    "where",   "address",  "practitioner_id", NULL};

int
br_app_visit_propose(struct br_app *app, json_t *in, json_t **out,
                     struct br_err *err)
{
	struct course *c = malloc(sizeof(*c));
	struct booking b;
	struct br_episode e;
	int64_t practitioner = 0;
	int rc = br_in_only(in, course_keys, err);

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = read_booking(in, &b, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	rc = load_open_episode(app, in, &e, err);
	if (rc == 0)
		rc = choose_practitioner(app, &b, &e, &practitioner, err);
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
	int rc = br_in_only(in, course_keys, err);

	if (c == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = read_booking(in, &b, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0) {
		free(c);
		return rc;
	}
	rc = load_open_episode(app, in, &e, err);
	if (rc == 0)
		rc = choose_practitioner(app, &b, &e, &practitioner, err);
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
		rc = load_viewer(app, &w, err);
	if (rc == 0) {
		result = view_course(c, &b, practitioner, &e);
		list = json_array();
		json_object_set_new(result, "visits", list);
	}
	for (int k = 0; rc == 0 && k < c->sessions; k++) {
		struct br_visit v;

		fill_visit(&v, &e, &b, practitioner, c->starts[k]);
		rc = br_store_visit_insert(app->store, &v, err);
		if (rc == 0)
			rc = br_store_visit_get(app->store, v.id, "visit_id",
			                        &v, err);
		if (rc == 0)
			json_array_append_new(list, view_visit(&w, &v));
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

/* Calendar ------------------------------------------------------------- */

/* "A.B." from a name: the first character of each word. */
static void
initials(const char *name, char *out, size_t outlen)
{
	size_t n = 0;
	bool start = true;

	out[0] = '\0';
	for (const char *p = name; *p && n + 6 < outlen; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == ' ' || c == '-') {
			start = true;
			continue;
		}
		if (start && (c & 0xC0) != 0x80) {
			size_t len = 1;

			while ((p[len] & 0xC0) == 0x80 && len < 4)
				len++;
			memcpy(out + n, p, len);
			n += len;
			out[n++] = '.';
			out[n] = '\0';
			start = false;
		}
	}
}

/* The calendar of a practitioner (patient 0) or of a patient. */
static int
build_ics(struct br_app *app, bool for_patient, int64_t practitioner,
          int64_t patient, char **ics, size_t *len, size_t *events,
          struct br_err *err)
{
	struct br_visit_filter f = {
	        for_patient ? patient : 0, 0, for_patient ? -1 : practitioner,
	        br_local_minute(app->today - FEED_PAST_DAYS, 0), INT64_MAX / 2};
	struct br_visit *arr = NULL;
	struct br_ical_event *ev = NULL;
	char(*text)[3][160] = NULL, name[80];
	size_t n = 0;
	int rc = br_store_visit_list(app->store, &f, &arr, &n, err);

	if (rc == 0 && n > 0) {
		ev = calloc(n, sizeof(*ev));
		text = calloc(n, sizeof(*text));
		if (ev == NULL || text == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct br_visit *v = &arr[i];
		bool home = strcmp(v->place, "home") == 0;
		char who[40];

		ev[i].id = v->id;
		ev[i].start_utc = local_to_utc(v->starts_at);
		ev[i].minutes = v->minutes;
		ev[i].stamp_utc = stamp_to_utc(v->updated_at);
		ev[i].cancelled = strcmp(v->status, "cancelled") == 0;
		if (for_patient) {
			snprintf(text[i][0], 160, "%s",
			         home ? "Treatment visit at home"
			              : "Treatment appointment");
			snprintf(text[i][2], 160,
			         "Visit %lld. To change or cancel it, contact "
			         "your practitioner.",
			         (long long)v->id);
		} else {
			/* A calendar service is a third party: initials and
			 * ids only; the record stays in backrest. */
			initials(v->patient_name, who, sizeof(who));
			snprintf(text[i][0], 160, "%s %s",
			         home ? "Home visit:" : "Visit:", who);
			snprintf(text[i][2], 160,
			         "Patient %s, episode %lld, visit %lld (%s).",
			         who, (long long)v->episode_id,
			         (long long)v->id, v->status);
		}
		ev[i].summary = text[i][0];
		ev[i].location = home ? v->address : NULL;
		ev[i].description = text[i][2];
	}
	if (for_patient)
		snprintf(name, sizeof(name), "My treatment visits");
	else if (practitioner)
		snprintf(name, sizeof(name),
		         "backrest visits (practitioner "
		         "%lld)",
		         (long long)practitioner);
	else
		snprintf(name, sizeof(name), "backrest visits");
	if (rc == 0)
		rc = br_ical_calendar(name, ev, n, ics, len, err);
	*events = n;
	free(ev);
	free(text);
	free(arr);
	return rc;
}

/* Exactly one of practitioner_id and patient_id. */
static int
read_owner(struct br_app *app, json_t *in, bool *for_patient,
           int64_t *practitioner, int64_t *patient, struct br_err *err)
{
	bool pr = br_in_has(in, "practitioner_id"),
	     pa = br_in_has(in, "patient_id");
	struct br_patient p;
	int rc;

	*practitioner = *patient = 0;
	*for_patient = pa;
	if (pr == pa)
		return br_error(err, BR_EINVAL, "practitioner_id",
		                "give either practitioner_id or patient_id");
	if (pa) {
		rc = br_in_id(in, "patient_id", patient, err);
		if (rc == 0)
			rc = br_store_patient_get(app->store, *patient, &p,
			                          err);
		return rc;
	} else {
		struct booking b;
		json_t *only =
		        json_pack("{s:O}", "practitioner_id",
		                  json_object_get(in, "practitioner_id"));

		rc = read_booking(only, &b, err);
		json_decref(only);
		*practitioner = b.practitioner_id;
		if (rc == 0 && *practitioner)
			rc = check_practitioner(app, *practitioner, 0, err);
		return rc;
	}
}

int
br_app_visit_ics(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {"practitioner_id", "patient_id",
	                                   NULL};
	int64_t practitioner, patient;
	bool for_patient;
	char *ics = NULL;
	size_t len = 0, events = 0;
	json_t *result = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = read_owner(app, in, &for_patient, &practitioner, &patient, err);
	if (rc == 0)
		rc = build_ics(app, for_patient, practitioner, patient, &ics,
		               &len, &events, err);
	if (rc == 0)
		rc = br_app_audit(app, "calendar.export", patient,
		                  for_patient ? "patient" : "practitioner",
		                  for_patient ? patient : practitioner, err);
	if (rc == 0)
		result = json_pack("{s:s%, s:I}", "ics", ics, len, "events",
		                   (json_int_t)events);
	free(ics);
	return br_app_finish(app, rc, result, out, err);
}

/* Feeds ---------------------------------------------------------------- */

static void
hash_key(const unsigned char raw[32], char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), raw, 32, NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static json_t *
view_feed(const struct br_feed *f)
{
	return json_pack(
	        "{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:b}", "id",
	        (json_int_t)f->id, "for",
	        f->for_patient ? "patient" : "practitioner", "practitioner_id",
	        f->for_patient ? json_null() : json_integer(f->practitioner_id),
	        "patient_id",
	        f->for_patient ? json_integer(f->patient_id) : json_null(),
	        "created_at", f->created_at, "created_by", f->created_by,
	        "revoked_at", br_json_text_opt(f->revoked_at), "active",
	        f->revoked_at[0] == '\0');
}

int
br_app_visit_feed_create(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err)
{
	static const char *const keys[] = {"practitioner_id", "patient_id",
	                                   NULL};
	unsigned char raw[32];
	char key[65], path[128];
	struct br_feed f;
	json_t *view = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	memset(&f, 0, sizeof(f));
	rc = read_owner(app, in, &f.for_patient, &f.practitioner_id,
	                &f.patient_id, err);
	if (rc == 0) {
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(key, sizeof(key), raw, sizeof(raw));
		hash_key(raw, f.token_hash);
		sodium_memzero(raw, sizeof(raw));
		f.id = br_store_new_id();
		br_store_now(f.created_at);
		snprintf(f.created_by, sizeof(f.created_by), "%s", app->actor);
		rc = br_store_feed_insert(app->store, &f, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "calendar.feed.create", f.patient_id,
		                  "feed", f.id, err);
	if (rc == 0) {
		view = view_feed(&f);
		snprintf(path, sizeof(path), FEED_PATH "%s", key);
		json_object_set_new(view, "key", json_string(key));
		json_object_set_new(view, "path", json_string(path));
	}
	sodium_memzero(key, sizeof(key));
	sodium_memzero(path, sizeof(path));
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_visit_feed_revoke(struct br_app *app, json_t *in, json_t **out,
                         struct br_err *err)
{
	static const char *const keys[] = {"feed_id", "patient_id",
	                                   "practitioner_id", NULL};
	struct br_feed f;
	int64_t id, patient = 0, practitioner = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_id(in, "feed_id", &id, err);
	if (rc == 0 && br_in_has(in, "patient_id"))
		rc = br_in_id(in, "patient_id", &patient, err);
	if (rc == 0 && br_in_has(in, "practitioner_id"))
		rc = br_in_id(in, "practitioner_id", &practitioner, err);
	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_feed_get(app->store, id, &f, err);
	/* A feed of another owner than the one named reads as missing. */
	if (rc == 0 &&
	    ((patient && (!f.for_patient || f.patient_id != patient)) ||
	     (practitioner &&
	      (f.for_patient || f.practitioner_id != practitioner))))
		rc = br_error(err, BR_ENOTFOUND, "feed_id",
		              "there is no calendar feed %lld", (long long)id);
	if (rc == 0 && f.revoked_at[0])
		rc = br_error(err, BR_ECONFLICT, "feed_id",
		              "calendar feed %lld was revoked at %s",
		              (long long)id, f.revoked_at);
	if (rc == 0) {
		br_store_now(f.revoked_at);
		rc = br_store_feed_revoke(app->store, id, f.revoked_at, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "calendar.feed.revoke", f.patient_id,
		                  "feed", f.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : view_feed(&f), out, err);
}

int
br_app_visit_feed_list(struct br_app *app, json_t *in, json_t **out,
                       struct br_err *err)
{
	static const char *const keys[] = {NULL};
	struct br_feed *arr = NULL;
	json_t *list = NULL;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_feed_list(app->store, &arr, &n, err);
	if (rc == 0)
		list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++)
		json_array_append_new(list, view_feed(&arr[i]));
	free(arr);
	return br_app_finish(app, rc, list, out, err);
}

int
br_app_visit_feed(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"key", NULL};
	unsigned char raw[32];
	char hash[65], *ics = NULL;
	const char *key = NULL;
	size_t len = 0, n = 0, events = 0;
	struct br_feed f;
	json_t *result = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_text(in, "key", 256, true, &key, err);
	if (rc == 0 &&
	    (strlen(key) != 64 ||
	     sodium_hex2bin(raw, sizeof(raw), key, 64, NULL, &n, NULL) != 0 ||
	     n != 32))
		rc = br_error(err, BR_ENOTFOUND, "key",
		              "there is no such calendar feed");
	if (rc < 0)
		return rc;
	hash_key(raw, hash);
	sodium_memzero(raw, sizeof(raw));
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_feed_by_hash(app->store, hash, &f, err);
	if (rc == 0 && f.revoked_at[0])
		rc = br_error(err, BR_ENOTFOUND, "key",
		              "there is no such calendar feed");
	if (rc == 0)
		rc = build_ics(app, f.for_patient, f.practitioner_id,
		               f.patient_id, &ics, &len, &events, err);
	if (rc == 0)
		rc = br_app_audit(app, "calendar.feed.read", f.patient_id,
		                  "feed", f.id, err);
	if (rc == 0)
		result = json_pack("{s:s%, s:I}", "ics", ics, len, "events",
		                   (json_int_t)events);
	free(ics);
	return br_app_finish(app, rc, result, out, err);
}
