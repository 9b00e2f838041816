/*
 * pacing.c - use cases: activity pacing (see pacing.h).
 */
#include "app/pacing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/pacing.h"
#include "model/checks_plan.h"
#include "store/pacing.h"

/* Refuses a write to a closed episode. */
static int
open_episode(const struct br_app *app, const struct br_episode *e,
             struct br_err *err)
{
	if (app->history || strcmp(e->status, "open") == 0)
		return 0;
	return br_error(err, BR_ECONFLICT, "episode_id",
	                "episode %lld is closed", (long long)e->id);
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

int
br_app_pace_next_of(const struct br_pacing_quota *q,
                    const struct br_pacing_log *logs, size_t n, int32_t day,
                    struct br_pace_next *nx, struct br_err *err)
{
	struct br_pace_log *pl = NULL;
	struct br_pace_plan p;
	size_t k = 0;

	if (n > 0 && (pl = calloc(n, sizeof(*pl))) == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (br_parse_date("date", logs[i].day, &pl[k].day, NULL) < 0)
			continue;
		pl[k].done = logs[i].done;
		pl[k].recovered =
		        logs[i].recovered == BR_UNSET ? -1 : logs[i].recovered;
		pl[k].flare = logs[i].flare;
		k++;
	}
	p.baseline = q->baseline;
	p.step_pct = q->step_pct;
	p.every_days = q->every_days;
	br_parse_date("since", q->day, &p.start, NULL);
	br_pace_next(&p, pl, k, day, nx);
	free(pl);
	return 0;
}

/* The next view of quota q as of day. */
static int
one_view(struct br_app *app, const struct br_pacing_quota *q, int32_t day,
         json_t **out, struct br_err *err)
{
	struct br_pacing_log *logs = NULL;
	struct br_pace_next *nx = malloc(sizeof(*nx));
	size_t n = 0;
	int rc = nx ? br_store_pacing_log_list(app->store, q->patient_id,
	                                       q->episode_id, q->activity,
	                                       q->day, &logs, &n, err)
	            : br_error(err, BR_ENOMEM, "", "out of memory");

	*out = NULL;
	if (rc == 0)
		rc = br_app_pace_next_of(q, logs, n, day, nx, err);
	if (rc == 0)
		*out = next_view(q, nx);
	free(logs);
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
br_app_pace_set_apply(struct br_app *app, const struct br_episode *e,
                      struct br_pacing_quota *q, struct br_err *err)
{
	int32_t day;
	int rc = open_episode(app, e, err);

	q->patient_id = e->patient_id;
	q->episode_id = e->id;
	if (!q->day[0])
		br_format_date(app->today, q->day);
	br_rec_pacing_quota_defaults(q);
	if (rc == 0)
		rc = br_rec_pacing_quota_check(q, err);
	if (rc == 0)
		rc = br_parse_date("date", q->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc < 0)
		return rc;
	if (q->id == 0)
		q->id = br_store_new_id();
	if (!q->created_at[0])
		br_store_now(q->created_at);
	return br_store_pacing_quota_insert(app->store, q, err);
}

int
br_app_pace_set(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	const struct br_fields *t = &br_pace_set_fields;
	struct br_pacing_quota q;
	struct br_episode e;
	json_t *view = NULL;
	int unit = -1, rc = br_fields_check(in, t, app->typed_input, err);

	br_pacing_quota_init(&q);
	if (rc == 0)
		rc = br_in_text_field(in, t, "activity", q.activity,
		                      sizeof(q.activity), err);
	if (rc == 0)
		rc = br_in_enum(in, "unit", br_pace_units, true, &unit, err);
	if (rc == 0)
		snprintf(q.unit, sizeof(q.unit), "%s", br_pace_units[unit]);
	if (rc == 0)
		rc = br_in_double_field(in, t, "baseline", &q.baseline, err);
	if (rc == 0)
		rc = br_in_double_field(in, t, "step_pct", &q.step_pct, err);
	if (rc == 0)
		rc = br_in_int_field(in, t, "every", &q.every_days, err);
	/* The whole setting, defaults filled, before anything is written. */
	br_rec_pacing_quota_defaults(&q);
	if (rc == 0)
		rc = br_rec_pacing_quota_check(&q, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_pace_set_apply(app, &e, &q, err);
	if (rc == 0)
		rc = br_app_audit(app, "pacing.create", e.patient_id,
		                  "pacing_quota", q.id, err);
	if (rc == 0)
		rc = one_view(app, &q, app->today, &view, err);
	return br_app_finish(app, rc, view, out, err);
}

int
br_app_pace_log_apply(struct br_app *app, const struct br_episode *e,
                      struct br_pacing_log *l, struct br_pacing_quota *quota,
                      struct br_err *err)
{
	struct br_pacing_quota *qs = NULL;
	const struct br_pacing_quota *q = NULL;
	size_t n = 0;
	int32_t day;
	int rc = open_episode(app, e, err);

	l->patient_id = e->patient_id;
	l->episode_id = e->id;
	if (rc == 0)
		rc = br_parse_date("date", l->day, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_store_pacing_quota_list(app->store, e->patient_id,
		                                e->id, &qs, &n, err);
	/* The quota the log counts against: the activity's latest; for a
	 * log of the past, the one it was written under (the latest set on
	 * or before its day). */
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(qs[i].activity, l->activity) == 0 &&
		    (q == NULL || !app->history ||
		     strcmp(qs[i].day, l->day) <= 0))
			q = &qs[i];
	if (rc == 0 && q == NULL) {
		char a[48];

		br_quote_value(l->activity, a, sizeof(a));
		rc = br_error(err, BR_EINVAL, "activity",
		              "activity '%s' has no quota in episode %lld "
		              "(backrest pace set)",
		              a, (long long)e->id);
	}
	if (rc == 0 && strcmp(l->day, q->day) < 0)
		rc = br_error(err, BR_EINVAL, "date",
		              "date %s is before the quota was set (%s)",
		              l->day, q->day);
	if (rc == 0)
		rc = br_rec_pacing_log_check(l, err);
	if (rc == 0 && quota)
		*quota = *q;
	free(qs);
	if (rc < 0)
		return rc;
	if (l->id == 0)
		l->id = br_store_new_id();
	if (!l->created_at[0])
		br_store_now(l->created_at);
	return br_store_pacing_log_put(app->store, l, err);
}

int
br_app_pace_log(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	const struct br_fields *t = &br_pace_log_fields;
	struct br_pacing_quota q;
	struct br_pacing_log l;
	struct br_episode e;
	json_t *view = NULL;
	int32_t day = 0;
	int recovered = -1, rc = br_fields_check(in, t, app->typed_input, err);

	br_pacing_log_init(&l);
	if (rc == 0)
		rc = br_in_text_field(in, t, "activity", l.activity,
		                      sizeof(l.activity), err);
	if (rc == 0)
		rc = br_in_date(in, "date", true, &day, err);
	if (rc == 0)
		rc = br_app_not_future(app, "date", day, err);
	if (rc == 0)
		rc = br_in_double_field(in, t, "done", &l.done, err);
	if (rc == 0)
		rc = br_in_enum(in, "recovered", br_pace_recovered, false,
		                &recovered, err);
	if (rc == 0)
		rc = br_in_bool(in, "flare", &l.flare, err);
	if (rc == 0) {
		br_format_date(day, l.day);
		l.recovered = recovered < 0 ? BR_UNSET : recovered;
		rc = br_rec_pacing_log_check(&l, err);
	}
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_episode(app, in, &e, err);
	if (rc == 0)
		rc = br_app_pace_log_apply(app, &e, &l, &q, err);
	if (rc == 0)
		rc = br_app_audit(app, "pacing.log", e.patient_id, "pacing_log",
		                  l.id, err);
	if (rc == 0)
		rc = one_view(app, &q, app->today, &view, err);
	if (rc == 0)
		json_object_set_new(
		        view, "logged",
		        json_pack("{s:I, s:s, s:f, s:o, s:b}", "id",
		                  (json_int_t)l.id, "date", l.day, "done",
		                  l.done, "recovered",
		                  l.recovered == BR_UNSET
		                          ? json_null()
		                          : json_boolean(l.recovered),
		                  "flare", l.flare));
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
