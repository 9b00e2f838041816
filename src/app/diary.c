/*
 * diary.c - use cases: record and list diary days.
 *
 * A day D holds the night before D (morning report) and day D's pain and
 * activity (evening report).  The two halves may arrive separately: a
 * second add for the same date merges into the stored day and a repeated
 * field replaces the old value.  The merged day is checked as a whole
 * before anything is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/plan.h"

static const char *const diary_keys[] = {
        "patient_id",   "date",  "bed",     "try",     "sol",  "wakes",
        "waso",         "final", "up",      "quality", "pain", "pain_worst",
        "activity_min", "note",  "routine", NULL};

/* Applies the given fields of in onto d. */
static int
apply_fields(json_t *in, struct br_diary_day *d, struct br_err *err)
{
	struct br_night *n = &d->night;
	const char *note;
	int rc = 0;

	if (rc == 0)
		rc = br_in_clock(in, "bed", &n->bed, err);
	if (rc == 0)
		rc = br_in_clock(in, "try", &n->try_, err);
	if (rc == 0)
		rc = br_in_int(in, "sol", 0, 1440, &n->sol, err);
	if (rc == 0)
		rc = br_in_int(in, "wakes", 0, 100, &n->wakes, err);
	if (rc == 0)
		rc = br_in_int(in, "waso", 0, 1440, &n->waso, err);
	if (rc == 0)
		rc = br_in_clock(in, "final", &n->final, err);
	if (rc == 0)
		rc = br_in_clock(in, "up", &n->up, err);
	if (rc == 0)
		rc = br_in_int(in, "quality", 0, 4, &n->quality, err);
	if (rc == 0)
		rc = br_in_int(in, "pain", 0, 10, &d->pain, err);
	if (rc == 0)
		rc = br_in_int(in, "pain_worst", 0, 10, &d->pain_worst, err);
	if (rc == 0)
		rc = br_in_int(in, "activity_min", 0, 1440, &d->activity_min,
		               err);
	if (rc == 0)
		rc = br_in_text(in, "note", BR_NOTE_MAX - 1, false, &note, err);
	if (rc == 0 && note)
		snprintf(d->note, sizeof(d->note), "%s", note);
	return rc;
}

/* The day's view with the bedtime-routine steps ticked ("routine"). */
static json_t *
day_view(struct br_app *app, const struct br_diary_day *d, struct br_err *err)
{
	struct br_routine r;
	json_t *v, *steps;

	if (br_store_routine_ticks_get(app->store, d->patient_id, d->day, &r,
	                               err) < 0)
		return NULL;
	v = br_view_diary_day(d);
	steps = json_array();
	for (int i = 0; i < r.n; i++)
		json_array_append_new(steps, json_string(r.steps[i]));
	json_object_set_new(v, "routine", steps);
	return v;
}

/* A diary day before the patient was born (or before 1900 when the birth
 * date is unknown) is a typing error. */
static int
check_not_before_birth(const struct br_patient *p, int32_t day,
                       struct br_err *err)
{
	int32_t born = br_days_from_civil(1900, 1, 1);

	if (p->born[0])
		br_parse_date("born", p->born, &born, NULL);
	if (day >= born)
		return 0;
	return br_error(err, BR_EINVAL, "date",
	                p->born[0] ? "date must not be before the patient's "
	                             "birth date"
	                           : "date must be 1900-01-01 or later");
}

int
br_app_diary_add(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	struct br_diary_day d, probe;
	struct br_routine routine;
	struct br_patient p;
	int32_t day;
	bool any = false;
	int rc = br_in_only(in, diary_keys, err);

	if (rc == 0)
		rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	/* Check every field before touching the store. */
	br_diary_day_init(&probe);
	if (rc == 0)
		rc = apply_fields(in, &probe, err);
	for (int i = 2; rc == 0 && diary_keys[i]; i++)
		any = any || br_in_has(in, diary_keys[i]);
	if (rc == 0 && !any)
		rc = br_error(err, BR_EINVAL, "",
		              "diary add needs at least one field to record "
		              "(sleep times, quality, pain, activity, note or "
		              "routine)");
	if (rc == 0 && br_in_has(in, "routine"))
		rc = br_app_read_routine(in, "routine", &routine, err);
	if (rc < 0)
		return rc;

	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = check_not_before_birth(&p, day, err);
	if (rc == 0) {
		char date[BR_DATE_LEN];

		br_format_date(day, date);
		rc = br_store_diary_get(app->store, p.id, date, &d, err);
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			br_diary_day_init(&d);
			d.patient_id = p.id;
			snprintf(d.day, sizeof(d.day), "%s", date);
			rc = 0;
		}
	}
	if (rc == 0)
		rc = apply_fields(in, &d, err);
	if (rc == 0)
		rc = br_night_check(&d.night, err);
	if (rc == 0 && d.pain != BR_UNSET && d.pain_worst != BR_UNSET &&
	    d.pain_worst < d.pain)
		rc = br_error(err, BR_EINVAL, "pain_worst",
		              "pain_worst (%d) must not be below the day's "
		              "pain (%d)",
		              d.pain_worst, d.pain);
	if (rc == 0) {
		br_store_now(d.updated_at);
		rc = br_store_diary_put(app->store, &d, err);
	}
	if (rc == 0 && br_in_has(in, "routine"))
		rc = br_store_routine_ticks_set(app->store, p.id, d.day,
		                                &routine, err);
	if (rc == 0)
		rc = br_app_audit(app, "diary.write", p.id, "diary", p.id, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : day_view(app, &d, err),
	                     out, err);
}

int
br_app_diary_list(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "from", "to", NULL};
	struct br_diary_day *days = NULL;
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	struct br_patient p;
	json_t *list = NULL;
	int32_t f, t;
	size_t n = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_date(in, "from", false, &f, err);
	if (rc == 0)
		rc = br_in_date(in, "to", false, &t, err);
	if (rc == 0 && f != INT32_MIN && t != INT32_MIN && f > t)
		rc = br_error(err, BR_EINVAL, "from",
		              "from must not be after to");
	if (rc < 0)
		return rc;
	if (f != INT32_MIN)
		br_format_date(f, from);
	if (t != INT32_MIN)
		br_format_date(t, to);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_diary_list(app->store, p.id, from, to, &days, &n,
		                         err);
	if (rc == 0)
		rc = br_app_audit(app, "diary.read", p.id, "diary", p.id, err);
	if (rc == 0)
		list = json_array();
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *v = day_view(app, &days[i], err);

		if (v == NULL) {
			rc = err && err->code ? err->code : BR_ENOMEM;
			break;
		}
		json_array_append_new(list, v);
	}
	if (rc < 0) {
		json_decref(list);
		list = NULL;
	}
	free(days);
	return br_app_finish(app, rc, list, out, err);
}
