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
#include "core/jsonw.h"
#include "app/plan.h"
#include "model/checks.h"
#include "store/remind.h"

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
		rc = br_in_int_field(in, &br_diary_fields, "sol", &n->sol, err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_diary_fields, "wakes", &n->wakes,
		                     err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_diary_fields, "waso", &n->waso,
		                     err);
	if (rc == 0)
		rc = br_in_clock(in, "final", &n->final, err);
	if (rc == 0)
		rc = br_in_clock(in, "up", &n->up, err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_diary_fields, "quality",
		                     &n->quality, err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_diary_fields, "pain", &d->pain,
		                     err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_diary_fields, "pain_worst",
		                     &d->pain_worst, err);
	if (rc == 0)
		rc = br_in_int_field(in, &br_diary_fields, "activity_min",
		                     &d->activity_min, err);
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

static bool
same_day(const struct br_diary_day *a, const struct br_diary_day *b)
{
	return memcmp(&a->night, &b->night, sizeof(a->night)) == 0 &&
	       a->pain == b->pain && a->pain_worst == b->pain_worst &&
	       a->activity_min == b->activity_min &&
	       strcmp(a->note, b->note) == 0;
}

int
br_app_diary_apply(struct br_app *app, int64_t patient_id, const char *date,
                   br_app_day_fill_fn fill, void *ctx, struct br_diary_day *out,
                   enum br_app_day *what, struct br_err *err)
{
	struct br_diary_day d, stored;
	struct br_patient p;
	bool found = false;
	int32_t day;
	int rc = br_parse_date("date", date, &day, err);

	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_store_patient_get(app->store, patient_id, &p, err);
	if (rc == 0)
		rc = br_app_after_birth(&p, "date", day, err);
	if (rc < 0)
		return rc;
	br_diary_day_init(&d);
	d.patient_id = patient_id;
	br_format_date(day, d.day);
	rc = br_store_diary_get(app->store, patient_id, d.day, &stored, err);
	if (rc == 0) {
		found = true;
		d = stored;
		d.updated_at[0] = '\0';
	} else if (rc == BR_ENOTFOUND) {
		br_err_clear(err);
	} else {
		return rc;
	}
	rc = fill(ctx, &d, err);
	/* The merged day as a whole: the record's rules (model/checks.h). */
	if (rc == 0)
		rc = br_rec_day_check(&d, err);
	if (rc < 0)
		return rc;
	if (found && same_day(&d, &stored)) {
		if (out)
			*out = stored;
		if (what)
			*what = BR_APP_DAY_UNCHANGED;
		return 0;
	}
	if (!d.updated_at[0])
		br_store_now(d.updated_at);
	rc = br_store_diary_put(app->store, &d, err);
	if (rc == 0 && out)
		*out = d;
	if (rc == 0 && what)
		*what = found ? BR_APP_DAY_CHANGED : BR_APP_DAY_NEW;
	return rc;
}

static int
fill_from_input(void *ctx, struct br_diary_day *d, struct br_err *err)
{
	return apply_fields(ctx, d, err);
}

int
br_app_diary_add(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	struct br_diary_day d, probe;
	struct br_routine routine;
	char date[BR_DATE_LEN];
	int64_t pid;
	int32_t day;
	bool any = false, again = false;
	const char *entry_id = NULL;
	int rc = br_fields_check(in, &br_diary_fields, app->typed_input, err);

	if (rc == 0)
		rc = br_in_id(in, "patient_id", &pid, err);
	if (rc == 0)
		rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	/* Check every field before touching the store. */
	br_diary_day_init(&probe);
	if (rc == 0)
		rc = apply_fields(in, &probe, err);
	/* Every field but patient_id and date records something. */
	for (const struct br_field *f = br_diary_fields.fields + 2;
	     rc == 0 && f->key; f++)
		any = any || (br_in_has(in, f->key) &&
		              strcmp(f->key, "entry_id") != 0);
	if (rc == 0)
		rc = br_in_text(in, "entry_id", 64, false, &entry_id, err);
	if (rc == 0 && !any)
		rc = br_error(err, BR_EINVAL, "",
		              "diary add needs at least one field to record "
		              "(sleep times, quality, pain, activity, note or "
		              "routine)");
	if (rc == 0 && br_in_has(in, "routine"))
		rc = br_app_read_routine(in, "routine", &routine, err);
	if (rc < 0)
		return rc;

	br_format_date(day, date);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	/* An entry sent again (its answer was lost): the day it went into,
	 * as it is, and nothing applied twice. */
	if (entry_id && entry_id[0]) {
		char first[BR_DATE_LEN];

		rc = br_store_diary_entry_get(app->store, pid, entry_id, first,
		                              err);
		again = rc == 0;
		if (rc == BR_ENOTFOUND) {
			br_err_clear(err);
			rc = 0;
		}
		if (again) {
			rc = br_store_diary_get(app->store, pid, first, &d,
			                        err);
			if (rc == BR_ENOTFOUND) {
				br_err_clear(err);
				br_diary_day_init(&d);
				d.patient_id = pid;
				snprintf(d.day, sizeof(d.day), "%s", first);
				rc = 0;
			}
			goto audit;
		}
	}
	if (rc == 0)
		rc = br_app_diary_apply(app, pid, date, fill_from_input, in, &d,
		                        NULL, err);
	if (rc == 0 && br_in_has(in, "routine"))
		rc = br_store_routine_ticks_set(app->store, pid, d.day,
		                                &routine, err);
	if (rc == 0 && entry_id && entry_id[0])
		rc = br_store_diary_entry_add(app->store, pid, entry_id, d.day,
		                              d.updated_at, err);
audit:
	if (rc == 0)
		rc = br_app_audit(app, "diary.write", pid, "diary", pid, err);
	return br_app_finish(app, rc, rc < 0 ? NULL : day_view(app, &d, err),
	                     out, err);
}

/* The list as text ----------------------------------------------------- */

/* The ticks of one day, collected before the days are written. */
struct day_ticks {
	char day[BR_DATE_LEN];
	struct br_routine r;
};

struct list_text {
	struct br_jw w;
	struct day_ticks *ticks; /* in date order */
	size_t n_ticks, cap_ticks, next_tick;
	size_t n_days;
};

static int
collect_ticks(void *ctx, const char *day, const struct br_routine *r)
{
	struct list_text *lt = ctx;

	if (lt->n_ticks == lt->cap_ticks) {
		size_t cap = lt->cap_ticks ? 2 * lt->cap_ticks : 8;
		struct day_ticks *p = realloc(lt->ticks, cap * sizeof(*p));

		if (p == NULL)
			return BR_ENOMEM;
		lt->ticks = p;
		lt->cap_ticks = cap;
	}
	snprintf(lt->ticks[lt->n_ticks].day, BR_DATE_LEN, "%s", day);
	lt->ticks[lt->n_ticks++].r = *r;
	return 0;
}

/* "key": and the clock "HH:MM" or null. */
static void
jw_clock(struct br_jw *w, const char *key, int minutes)
{
	char buf[7];

	br_jw_lit(w, key);
	if (minutes == BR_UNSET) {
		br_jw_raw(w, "null", 4);
		return;
	}
	/* br_format_clock, quoted, without snprintf. */
	if (minutes < 0 || minutes > 1439)
		minutes = 0;
	buf[0] = '"';
	buf[1] = (char)('0' + minutes / 600);
	buf[2] = (char)('0' + minutes / 60 % 10);
	buf[3] = ':';
	buf[4] = (char)('0' + minutes % 60 / 10);
	buf[5] = (char)('0' + minutes % 10);
	buf[6] = '"';
	br_jw_raw(w, buf, 7);
}

static void
jw_int_opt(struct br_jw *w, const char *key, int v)
{
	br_jw_lit(w, key);
	if (v == BR_UNSET)
		br_jw_raw(w, "null", 4);
	else
		br_jw_int(w, v);
}

/* One day exactly as day_view() prints it (br_view_diary_day and
 * "routine"; tests/unit/app/diary_text.c compares the two). */
static int
write_day(void *ctx, const struct br_diary_day *d)
{
	struct list_text *lt = ctx;
	struct br_jw *w = &lt->w;
	const struct br_night *n = &d->night;
	struct br_sleep_metrics m;
	const struct br_routine *r = NULL;

	/* Ticks of days before this one have no diary row: not shown, as
	 * with one query per day. */
	while (lt->next_tick < lt->n_ticks &&
	       strcmp(lt->ticks[lt->next_tick].day, d->day) < 0)
		lt->next_tick++;
	if (lt->next_tick < lt->n_ticks &&
	    strcmp(lt->ticks[lt->next_tick].day, d->day) == 0)
		r = &lt->ticks[lt->next_tick++].r;
	br_sleep_derive(n, &m);
	br_jw_lit(w, lt->n_days++ ? ",{\"date\":" : "{\"date\":");
	br_jw_str(w, d->day, false);
	jw_clock(w, ",\"bed\":", n->bed);
	jw_clock(w, ",\"try\":", n->try_);
	jw_int_opt(w, ",\"sol\":", n->sol);
	jw_int_opt(w, ",\"wakes\":", n->wakes);
	jw_int_opt(w, ",\"waso\":", n->waso);
	jw_clock(w, ",\"final\":", n->final);
	jw_clock(w, ",\"up\":", n->up);
	jw_int_opt(w, ",\"quality\":", n->quality);
	jw_int_opt(w, ",\"pain\":", d->pain);
	jw_int_opt(w, ",\"pain_worst\":", d->pain_worst);
	jw_int_opt(w, ",\"activity_min\":", d->activity_min);
	br_jw_lit(w, ",\"note\":");
	br_jw_str(w, d->note, true);
	jw_int_opt(w, ",\"tib_min\":", m.tib_min);
	jw_int_opt(w, ",\"tst_min\":", m.tst_min);
	jw_int_opt(w, ",\"twak_min\":", m.twak_min);
	br_jw_lit(w, ",\"se_pct\":");
	if (m.se_pct < 0)
		br_jw_raw(w, "null", 4);
	else
		br_jw_tenths(w, m.se_pct);
	br_jw_lit(w, ",\"updated_at\":");
	br_jw_str(w, d->updated_at, false);
	br_jw_lit(w, ",\"routine\":[");
	for (int i = 0; r && i < r->n; i++) {
		if (i)
			br_jw_raw(w, ",", 1);
		br_jw_str(w, r->steps[i], false);
	}
	br_jw_raw(w, "]}", 2);
	return 0; /* a failed writer is reported after the scan */
}

/* Reads the days in a read transaction: a chart read does not hold the
 * database's write lock while it reads and writes out the days; the
 * audit row follows in a short write transaction of its own
 * (br_store_audit_commit), committed before the text is handed out, so
 * an unaudited read is never answered. */
int
br_app_diary_list_text(struct br_app *app, json_t *in, char **out, size_t *len,
                       struct br_err *err)
{
	static const char *const keys[] = {"patient_id", "from", "to", NULL};
	char from[BR_DATE_LEN] = "", to[BR_DATE_LEN] = "";
	struct list_text lt;
	struct br_patient p;
	int32_t f, t;
	int rc = br_in_only(in, keys, err);

	*out = NULL;
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
	memset(&lt, 0, sizeof(lt));
	br_jw_init(&lt.w, 32 * 1024);
	br_jw_raw(&lt.w, "[", 1);
	rc = br_store_begin_read(app->store, err);
	if (rc < 0) {
		br_jw_free(&lt.w);
		return rc;
	}
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_routine_ticks_scan(app->store, p.id, from, to,
		                                 collect_ticks, &lt, err);
	if (rc == 0)
		rc = br_store_diary_scan(app->store, p.id, from, to, write_day,
		                         &lt, err);
	free(lt.ticks);
	if (rc == 0)
		rc = br_store_end_read(app->store, err);
	else
		br_store_rollback(app->store);
	br_jw_raw(&lt.w, "]", 1);
	if (rc == 0 && lt.w.failed)
		rc = lt.w.bad_utf8
		             ? br_error(err, BR_EDB, "",
		                        "a stored diary note is not "
		                        "UTF-8")
		             : br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0)
		rc = br_app_audit_commit(app, "diary.read", p.id, "diary", p.id,
		                         err);
	if (rc < 0) {
		if (err && err->code == 0)
			br_error(err, rc, "", "out of memory");
		br_jw_free(&lt.w);
		return rc;
	}
	*out = br_jw_take(&lt.w, len);
	return 0;
}

int
br_app_diary_list(struct br_app *app, json_t *in, json_t **out,
                  struct br_err *err)
{
	json_error_t jerr;
	size_t len = 0;
	char *text = NULL;
	int rc = br_app_diary_list_text(app, in, &text, &len, err);

	if (rc < 0)
		return rc;
	/* One writer for both shells: the command line prints the same
	 * days the API sends. */
	*out = json_loadb(text, len, 0, &jerr);
	free(text);
	return *out ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}
