/*
 * due.c - use case: what is due (see due.h).
 */
#include "app/due.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/instruments.h"
#include "app/internal.h"
#include "app/pacing.h"
#include "app/plan.h"
#include "core/due.h"
#include "model/requests.h"
#include "store/exercises.h"
#include "store/measures.h"
#include "store/patient_query.h"
#include "store/plans.h"
#include "store/screenings.h"
#include "store/users.h"

static void add(json_t *due, const char *kind, int64_t episode_id,
                json_t *extra, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static void
add(json_t *due, const char *kind, int64_t episode_id, json_t *extra,
    const char *fmt, ...)
{
	char what[300];
	va_list ap;
	json_t *v;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	v = json_pack("{s:s, s:o, s:s}", "kind", kind, "episode_id",
	              episode_id ? json_integer(episode_id) : json_null(),
	              "what", what);
	if (extra) {
		json_object_update(v, extra);
		json_decref(extra);
	}
	json_array_append_new(due, v);
}

static int
diary_due(struct br_app *app, int64_t patient_id, int32_t opened, int32_t day,
          json_t *due, struct br_err *err)
{
	struct br_diary_day *days = NULL;
	int32_t present[BR_DUE_DIARY_DAYS], missing[BR_DUE_DIARY_DAYS];
	int32_t from = day - BR_DUE_DIARY_DAYS, to = day - 1;
	char f[BR_DATE_LEN], t[BR_DATE_LEN];
	size_t n = 0, k = 0;
	int m, rc;

	if (from < opened)
		from = opened;
	if (from > to)
		return 0;
	br_format_date(from, f);
	br_format_date(to, t);
	rc = br_store_diary_list(app->store, patient_id, f, t, &days, &n, err);
	for (size_t i = 0; rc == 0 && i < n && k < BR_DUE_DIARY_DAYS; i++)
		if (br_parse_date("date", days[i].day, &present[k], NULL) == 0)
			k++;
	free(days);
	if (rc < 0)
		return rc;
	m = br_due_missing_days(present, k, from, to, missing,
	                        BR_DUE_DIARY_DAYS);
	if (m > 0) {
		json_t *dates = json_array();

		for (int i = 0; i < m; i++) {
			br_format_date(missing[i], f);
			json_array_append_new(dates, json_string(f));
		}
		add(due, "diary", 0, json_pack("{s:o}", "dates", dates),
		    "diary missing for %d of the %d days before this one", m,
		    to - from + 1);
	}
	return 0;
}

static int
screen_due(struct br_app *app, const struct br_episode *e,
           const struct br_session *s, size_t ns, json_t *due,
           struct br_err *err)
{
	struct br_screening *x = NULL;
	char text[200];
	bool refer;
	size_t n = 0;
	int rc = br_app_referral(app, e, &refer, NULL, text, sizeof(text), err);

	if (rc == 0 && refer) {
		add(due, "referral", e->id, NULL,
		    "uncleared red-flag screen: %s", text);
		return 0;
	}
	if (rc == 0)
		rc = br_store_screening_list(app->store, e->patient_id, e->id,
		                             &x, &n, err);
	if (rc == 0 && n == 0)
		add(due, "red-flag-screen", e->id, NULL,
		    "no red-flag screen recorded in this episode");
	else if (rc == 0 && ns > 0 && strcmp(s[ns - 1].day, x[n - 1].day) > 0)
		add(due, "red-flag-screen", e->id, NULL,
		    "red-flag re-screen: a session on %s came after the last "
		    "screen (%s)",
		    s[ns - 1].day, x[n - 1].day);
	free(x);
	return rc;
}

static int
trial_due(struct br_app *app, const struct br_episode *e,
          const struct br_session *s, size_t ns, json_t *due,
          struct br_err *err)
{
	struct br_plan_item *items = NULL;
	size_t n = 0;
	int rc = br_store_plan_item_list(app->store, e->patient_id, e->id,
	                                 &items, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		int32_t first;
		int done = br_app_course_sessions(items, n, i, s, ns, &first);

		if (strcmp(items[i].status, "active") != 0 ||
		    items[i].trial == BR_UNSET ||
		    !br_due_trial(done, items[i].trial))
			continue;
		add(due, "trial-checkpoint", e->id,
		    json_pack("{s:s, s:i, s:i}", "treatment",
		              items[i].treatment, "sessions", done, "trial",
		              items[i].trial),
		    "%s: %d sessions, trial checkpoint at %d reached "
		    "(backrest review %lld)",
		    items[i].treatment, done, items[i].trial, (long long)e->id);
	}
	free(items);
	return rc;
}

static int
measure_due(struct br_app *app, const struct br_episode *e, int32_t day,
            const struct br_session *s, size_t ns, json_t *due,
            struct br_err *err)
{
	const struct br_instrument_set *set;
	int rc = br_instruments_load(app->instruments_dir, &set, err);
	bool any = false;

	for (int i = 0; rc == 0 && i < set->n; i++) {
		struct br_measure *m = NULL;
		size_t n = 0;
		int32_t last;
		int since = 0;

		if (!set->items[i]->has_change)
			continue;
		rc = br_store_measure_list(app->store, e->patient_id, e->id,
		                           set->items[i]->id, &m, &n, err);
		if (rc == 0 && n > 0 &&
		    br_parse_date("date", m[n - 1].day, &last, NULL) == 0) {
			any = true;
			for (size_t j = 0; j < ns; j++)
				if (strcmp(s[j].day, m[n - 1].day) > 0)
					since++;
			if (br_due_measure(last, since, day))
				add(due, "questionnaire", e->id,
				    json_pack("{s:s, s:s, s:i}", "instrument",
				              set->items[i]->id, "last",
				              m[n - 1].day, "sessions_since",
				              since),
				    "%s again: last scored on %s, %d session%s "
				    "since (due every %d sessions or %d days)",
				    set->items[i]->id, m[n - 1].day, since,
				    since == 1 ? "" : "s",
				    BR_DUE_MEASURE_SESSIONS,
				    BR_DUE_MEASURE_DAYS);
		}
		free(m);
	}
	if (rc == 0 && !any)
		add(due, "questionnaire", e->id,
		    json_pack("{s:n}", "instrument"),
		    "baseline questionnaires: no outcome measure is recorded "
		    "in this episode");
	return rc;
}

static int
exercise_due(struct br_app *app, const struct br_episode *e, int32_t day,
             json_t *due, struct br_err *err)
{
	struct br_exercise_rx *rx = NULL;
	size_t n = 0;
	int rc = br_store_exercise_rx_list(app->store, e->patient_id, e->id,
	                                   &rx, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct br_exercise_log *logs = NULL;
		int32_t assigned, last = INT32_MIN, d;
		size_t nl = 0;

		rc = br_store_exercise_log_list(app->store, e->patient_id,
		                                e->id, rx[i].exercise, &logs,
		                                &nl, err);
		for (size_t j = 0; rc == 0 && j < nl; j++)
			if (strcmp(logs[j].day, rx[i].day) >= 0 &&
			    br_parse_date("date", logs[j].day, &d, NULL) == 0 &&
			    d <= day)
				last = d;
		free(logs);
		if (rc < 0 ||
		    br_parse_date("date", rx[i].day, &assigned, NULL) < 0 ||
		    !br_due_exercise(assigned, rx[i].every_days, last, day))
			continue;
		add(due, "exercise", e->id,
		    json_pack("{s:s, s:i}", "exercise", rx[i].exercise, "reps",
		              rx[i].reps),
		    "%s: %d reps (every %d days)", rx[i].exercise, rx[i].reps,
		    rx[i].every_days);
	}
	free(rx);
	return rc;
}

static int
pacing_due(struct br_app *app, const struct br_episode *e, int32_t day,
           json_t *due, struct br_err *err)
{
	json_t *views = NULL, *v;
	size_t i;
	int rc = br_app_pace_views(app, e, day, &views, err);

	json_array_foreach(views, i, v)
	{
		if (json_is_true(json_object_get(v, "logged_today")))
			continue;
		add(due, "pacing", e->id,
		    json_pack("{s:O, s:O, s:O}", "activity",
		              json_object_get(v, "activity"), "quota",
		              json_object_get(v, "quota"), "unit",
		              json_object_get(v, "unit")),
		    "%s: %g %s",
		    json_string_value(json_object_get(v, "activity")),
		    json_number_value(json_object_get(v, "quota")),
		    json_string_value(json_object_get(v, "unit")));
	}
	json_decref(views);
	return rc;
}

static int
patient_due(struct br_app *app, const struct br_patient *p,
            int64_t practitioner, int32_t day, json_t *list, struct br_err *err)
{
	struct br_episode *eps = NULL;
	json_t *due = json_array();
	int32_t opened = INT32_MAX;
	size_t n = 0;
	bool open = false;
	int rc = br_store_episode_list(app->store, p->id, &eps, &n, err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct br_session *s = NULL;
		size_t ns = 0;
		int32_t o;

		if (strcmp(eps[i].status, "open") != 0 ||
		    (practitioner && eps[i].practitioner_id != practitioner))
			continue;
		open = true;
		if (br_parse_date("opened_on", eps[i].opened_on, &o, NULL) ==
		            0 &&
		    o < opened)
			opened = o;
		rc = br_store_session_list(app->store, p->id, eps[i].id, &s,
		                           &ns, err);
		if (rc == 0)
			rc = screen_due(app, &eps[i], s, ns, due, err);
		if (rc == 0)
			rc = trial_due(app, &eps[i], s, ns, due, err);
		if (rc == 0)
			rc = measure_due(app, &eps[i], day, s, ns, due, err);
		if (rc == 0)
			rc = exercise_due(app, &eps[i], day, due, err);
		if (rc == 0)
			rc = pacing_due(app, &eps[i], day, due, err);
		free(s);
	}
	free(eps);
	if (rc == 0 && open) {
		json_t *diary = json_array();

		rc = diary_due(app, p->id, opened, day, diary, err);
		json_array_extend(diary, due);
		json_decref(due);
		due = diary;
	}
	if (rc == 0 && json_array_size(due) > 0)
		json_array_append_new(list,
		                      json_pack("{s:I, s:s, s:O}", "patient_id",
		                                (json_int_t)p->id, "name",
		                                p->name, "due", due));
	json_decref(due);
	return rc;
}

int
br_app_due(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct br_patient_scope sc;
	struct br_patient *ps = NULL;
	json_t *list = NULL, *view = NULL;
	char date[BR_DATE_LEN];
	size_t n = 0;
	int64_t after = 0;
	int32_t day;
	int rc = br_fields_check(in, &br_req_due_query, app->typed_input, err);

	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0)
		rc = br_app_scope(app, in, &sc, err);
	if (rc < 0)
		return rc;
	if (day == INT32_MIN)
		day = app->today;
	br_format_date(day, date);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	if (sc.clinic_id)
		rc = br_store_clinic_exists(app->store, sc.clinic_id, err);
	if (rc == 0)
		list = json_array();
	/* The scope's patients only (a clinic's through its index), a page
	 * at a time. */
	do {
		if (rc == 0)
			rc = br_store_patient_page(app->store, &sc, NULL, after,
			                           500, &ps, &n, err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = patient_due(app, &ps[i], sc.practitioner_id, day,
			                 list, err);
		after = rc == 0 && n == 500 ? ps[n - 1].id : 0;
		free(ps);
		ps = NULL;
	} while (after);
	if (rc == 0)
		rc = br_app_audit(app, "due.list", 0, NULL, 0, err);
	if (rc == 0)
		view = json_pack("{s:s, s:O}", "date", date, "patients", list);
	json_decref(list);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_due_questionnaires(struct br_app *app, const struct br_episode *e,
                          int32_t day, json_t *due, struct br_err *err)
{
	struct br_session *s = NULL;
	size_t ns = 0;
	int rc = br_store_session_list(app->store, e->patient_id, e->id, &s,
	                               &ns, err);

	if (rc == 0)
		rc = measure_due(app, e, day, s, ns, due, err);
	free(s);
	return rc;
}
