/*
 * pacing.c - use cases: activity pacing (see pacing.h).
 */
#include "app/pacing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/pacing.h"
#include "store/pacing.h"

static const char *const units[] = {"min", "m", "steps", "reps", NULL};

static int
read_activity(json_t *in, const char **out, struct br_err *err)
{
	int rc =
	        br_in_text(in, "activity", BR_ACTIVITY_MAX - 1, true, out, err);

	if (rc == 0 && strpbrk(*out, "\n\t"))
		rc = br_error(err, BR_EINVAL, "activity",
		              "activity must be a short name on one line");
	return rc;
}

static json_t *
next_view(const struct br_pacing_quota *q, const struct br_pace_next *nx)
{
	json_t *reasons = json_array();

	for (int i = 0; i < nx->n_reasons; i++)
		json_array_append_new(reasons, json_string(nx->reasons[i]));
	return json_pack("{s:s, s:f, s:s, s:b, s:b, s:b, s:f, s:f, s:i, s:s, "
	                 "s:o}",
	                 "activity", q->activity, "quota", nx->quota, "unit",
	                 q->unit, "in_zone", nx->in_zone, "boom_bust",
	                 nx->boom_bust, "logged_today", nx->logged_today,
	                 "baseline", q->baseline, "step_pct", q->step_pct,
	                 "every", q->every_days, "since", q->day, "reasons",
	                 reasons);
}

/* The next view of quota q as of day. */
static int
one_view(struct br_app *app, const struct br_pacing_quota *q, int32_t day,
         json_t **out, struct br_err *err)
{
	struct br_pacing_log *logs = NULL;
	struct br_pace_log *pl = NULL;
	struct br_pace_next *nx = malloc(sizeof(*nx));
	struct br_pace_plan p;
	size_t n = 0, k = 0;
	int rc = nx ? br_store_pacing_log_list(app->store, q->patient_id,
	                                       q->episode_id, q->activity,
	                                       q->day, &logs, &n, err)
	            : br_error(err, BR_ENOMEM, "", "out of memory");

	*out = NULL;
	if (rc == 0 && n > 0 && (pl = calloc(n, sizeof(*pl))) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (br_parse_date("date", logs[i].day, &pl[k].day, NULL) < 0)
			continue;
		pl[k].done = logs[i].done;
		pl[k].recovered =
		        logs[i].recovered == BR_UNSET ? -1 : logs[i].recovered;
		pl[k].flare = logs[i].flare;
		k++;
	}
	if (rc == 0) {
		p.baseline = q->baseline;
		p.step_pct = q->step_pct;
		p.every_days = q->every_days;
		br_parse_date("since", q->day, &p.start, NULL);
		br_pace_next(&p, pl, k, day, nx);
		*out = next_view(q, nx);
	}
	free(logs);
	free(pl);
	free(nx);
	return rc;
}

int
br_app_pace_views(struct br_app *app, const struct br_episode *e, int32_t day,
                  json_t **out, struct br_err *err)
{
	struct br_pacing_quota *qs = NULL;
	size_t n = 0;
	int rc = br_store_pacing_quota_list(app->store, e->patient_id, e->id,
	                                    &qs, &n, err);

	*out = rc == 0 ? json_array() : NULL;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *v;

		rc = one_view(app, &qs[i], day, &v, err);
		if (rc == 0)
			json_array_append_new(*out, v);
	}
	free(qs);
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
br_app_pace_set(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "activity", "unit",
	                                   "baseline",   "step_pct", "every",
	                                   NULL};
	struct br_pacing_quota q;
	struct br_episode e;
	const char *activity;
	json_t *view = NULL;
	double baseline, step = 10;
	bool given;
	int unit, every = 7, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = read_activity(in, &activity, err);
	if (rc == 0)
		rc = br_in_enum(in, "unit", units, true, &unit, err);
	if (rc == 0)
		rc = br_in_double(in, "baseline", 0, 100000, &baseline, &given,
		                  err);
	if (rc == 0 && !given)
		rc = br_error(err, BR_EINVAL, "baseline",
		              "baseline (the tolerance measured over several "
		              "days) is required");
	if (rc == 0 && baseline <= 0)
		rc = br_error(err, BR_EINVAL, "baseline",
		              "baseline must be above 0");
	if (rc == 0)
		rc = br_in_double(in, "step_pct", 10, 20, &step, &given, err);
	if (rc == 0 && !given)
		step = 10;
	if (rc == 0)
		rc = br_in_int(in, "every", 1, 28, &every, err);
	if (rc == 0 && every == BR_UNSET)
		every = 7;
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0 && strcmp(e.status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed", (long long)e.id);
	memset(&q, 0, sizeof(q));
	if (rc == 0) {
		q.id = br_store_new_id();
		q.patient_id = e.patient_id;
		q.episode_id = e.id;
		snprintf(q.activity, sizeof(q.activity), "%s", activity);
		snprintf(q.unit, sizeof(q.unit), "%s", units[unit]);
		q.baseline = baseline;
		q.step_pct = step;
		q.every_days = every;
		br_format_date(app->today, q.day);
		br_store_now(q.created_at);
		rc = br_store_pacing_quota_insert(app->store, &q, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "pacing.create", e.patient_id,
		                  "pacing_quota", q.id, err);
	if (rc == 0)
		rc = one_view(app, &q, app->today, &view, err);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_pace_log(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "activity",  "date",
	                                   "done",       "recovered", "flare",
	                                   NULL};
	static const char *const yesno[] = {"no", "yes", NULL};
	struct br_pacing_quota *qs = NULL;
	const struct br_pacing_quota *q = NULL;
	struct br_pacing_log l;
	struct br_episode e;
	const char *activity;
	json_t *view = NULL;
	char date[BR_DATE_LEN];
	double done;
	bool given, flare = false;
	size_t n = 0;
	int32_t day;
	int recovered = -1, rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = read_activity(in, &activity, err);
	if (rc == 0)
		rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_in_double(in, "done", 0, 100000, &done, &given, err);
	if (rc == 0 && !given)
		rc = br_error(err, BR_EINVAL, "done",
		              "done (how much was done that day) is required");
	if (rc == 0)
		rc = br_in_enum(in, "recovered", yesno, false, &recovered, err);
	if (rc == 0)
		rc = br_in_bool(in, "flare", &flare, err);
	if (rc < 0)
		return rc;
	br_format_date(day, date);
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0 && strcmp(e.status, "open") != 0)
		rc = br_error(err, BR_ECONFLICT, "episode_id",
		              "episode %lld is closed", (long long)e.id);
	if (rc == 0)
		rc = br_store_pacing_quota_list(app->store, e.patient_id, e.id,
		                                &qs, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(qs[i].activity, activity) == 0)
			q = &qs[i];
	if (rc == 0 && q == NULL) {
		char a[48];

		br_quote_value(activity, a, sizeof(a));
		rc = br_error(err, BR_EINVAL, "activity",
		              "activity '%s' has no quota in episode %lld "
		              "(backrest pace set)",
		              a, (long long)e.id);
	}
	if (rc == 0 && strcmp(date, q->day) < 0)
		rc = br_error(err, BR_EINVAL, "date",
		              "date %s is before the quota was set (%s)", date,
		              q->day);
	memset(&l, 0, sizeof(l));
	if (rc == 0) {
		l.id = br_store_new_id();
		l.patient_id = e.patient_id;
		l.episode_id = e.id;
		snprintf(l.activity, sizeof(l.activity), "%s", activity);
		snprintf(l.day, sizeof(l.day), "%s", date);
		l.done = done;
		l.recovered = recovered < 0 ? BR_UNSET : recovered;
		l.flare = flare;
		br_store_now(l.created_at);
		rc = br_store_pacing_log_put(app->store, &l, err);
	}
	if (rc == 0)
		rc = br_app_audit(app, "pacing.log", e.patient_id, "pacing_log",
		                  l.id, err);
	if (rc == 0)
		rc = one_view(app, q, app->today, &view, err);
	if (rc == 0)
		json_object_set_new(
		        view, "logged",
		        json_pack("{s:s, s:f, s:o, s:b}", "date", l.day, "done",
		                  l.done, "recovered",
		                  recovered < 0 ? json_null()
		                                : json_boolean(recovered),
		                  "flare", l.flare));
	free(qs);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_pace_next(struct br_app *app, json_t *in, json_t **out,
                 struct br_err *err)
{
	static const char *const keys[] = {"episode_id", NULL};
	struct br_episode e;
	json_t *list = NULL;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_pace_views(app, &e, app->today, &list, err);
	if (rc == 0)
		rc = br_app_audit(app, "pacing.read", e.patient_id, "episode",
		                  e.id, err);
	return br_app_finish(app, rc, list, out, err);
}
