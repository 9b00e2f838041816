/*
 * summary.c - use cases: the practice overview and a patient's care
 * summary (the first screen a practitioner reads).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "core/window.h"
#include "store/users.h"

int
br_app_overview(struct br_app *app, json_t *in, json_t **out,
                struct br_err *err)
{
	static const char *const keys[] = {"clinic_id", NULL};
	struct br_overview o;
	char today[BR_DATE_LEN];
	int64_t clinic_id = 0;
	int rc = br_in_only(in, keys, err);

	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &clinic_id, err);
	if (rc < 0)
		return rc;
	br_format_date(app->today, today);
	rc = br_store_begin_read(app->store, err);
	if (rc < 0)
		return rc;
	if (clinic_id)
		rc = br_store_clinic_exists(app->store, clinic_id, err);
	if (rc == 0)
		rc = br_store_overview(app->store, clinic_id, today, &o, err);
	return br_app_finish(
	        app, rc,
	        rc < 0 ? NULL
	               : json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, "
	                           "s:I}",
	                           "today", today, "clinic_id",
	                           clinic_id ? json_integer(clinic_id)
	                                     : json_null(),
	                           "patients", (json_int_t)o.patients,
	                           "active_patients",
	                           (json_int_t)o.active_patients,
	                           "open_episodes", (json_int_t)o.open_episodes,
	                           "closed_episodes",
	                           (json_int_t)o.closed_episodes,
	                           "sessions_last_30_days",
	                           (json_int_t)o.sessions_30d,
	                           "diary_patients_last_7_days",
	                           (json_int_t)o.diary_patients_7d,
	                           "diary_days_last_7_days",
	                           (json_int_t)o.diary_days_7d),
	        out, err);
}

static json_t *
mean_json(const struct br_window_mean *m, int decimals)
{
	double f = decimals == 0 ? 1.0 : 10.0;

	return json_pack("{s:o, s:i, s:i}", "mean",
	                 m->n ? json_real(round(m->mean * f) / f) : json_null(),
	                 "days_reported", m->n, "days", m->days);
}

static json_t *
window_json(const struct br_window_day *w, int n, int32_t from, int32_t to)
{
	struct br_window_summary s;
	char f[BR_DATE_LEN], t[BR_DATE_LEN];

	br_window_summarise(w, n, from, to, &s);
	br_format_date(from, f);
	br_format_date(to, t);
	return json_pack(
	        "{s:s, s:s, s:i, s:o, s:o, s:o, s:o}", "from", f, "to", t,
	        "diary_days", s.diary_days, "pain", mean_json(&s.pain, 1),
	        "sleep_quality", mean_json(&s.quality, 1), "tst_min",
	        mean_json(&s.tst_min, 0), "se_pct", mean_json(&s.se_pct, 1));
}

/* The diary as window days; caller frees. */
static struct br_window_day *
to_window(const struct br_diary_day *days, size_t n)
{
	struct br_window_day *w = calloc(n ? n : 1, sizeof(*w));

	for (size_t i = 0; w && i < n; i++) {
		struct br_sleep_metrics m;

		br_parse_date("day", days[i].day, &w[i].day, NULL);
		br_sleep_derive(&days[i].night, &m);
		w[i].pain = days[i].pain;
		w[i].quality = days[i].night.quality;
		w[i].tst_min = m.tst_min;
		w[i].se_pct = m.se_pct;
	}
	return w;
}

int
br_app_summary(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"patient_id", NULL};
	struct br_episode *eps = NULL, *cur = NULL;
	struct br_diary_day *days = NULL;
	struct br_session *sess = NULL;
	struct br_window_day *w = NULL;
	struct br_patient p;
	json_t *res = NULL, *diary;
	size_t neps = 0, ndays = 0, nsess = 0;
	int32_t first;
	int rc = br_in_only(in, keys, err);

	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_app_load_patient(app, in, &p, err);
	if (rc == 0)
		rc = br_store_episode_list(app->store, p.id, &eps, &neps, err);
	for (size_t i = 0; rc == 0 && i < neps; i++)
		if (strcmp(eps[i].status, "open") == 0 || cur == NULL)
			cur = &eps[i];
	if (rc == 0 && cur)
		rc = br_store_session_list(app->store, p.id, cur->id, &sess,
		                           &nsess, err);
	if (rc == 0)
		rc = br_store_diary_list(app->store, p.id, "", "", &days,
		                         &ndays, err);
	if (rc == 0)
		rc = br_app_audit(app, "patient.summary", p.id, "patient", p.id,
		                  err);
	if (rc == 0 && (w = to_window(days, ndays)) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	if (rc == 0) {
		res = json_pack("{s:o, s:o}", "patient", br_view_patient(&p),
		                "episode",
		                cur ? br_view_episode(app, cur) : json_null());
		diary = json_object();
		json_object_set_new(
		        diary, "last_7_days",
		        window_json(w, (int)ndays, app->today - 6, app->today));
		if (ndays > 0) {
			first = w[0].day;
			json_object_set_new(diary, "first_7_days",
			                    window_json(w, (int)ndays, first,
			                                first + 6 < app->today
			                                        ? first + 6
			                                        : app->today));
		}
		json_object_set_new(diary, "total_days",
		                    json_integer((json_int_t)ndays));
		json_object_set_new(res, "diary", diary);
		json_object_set_new(
		        res, "sessions",
		        json_pack("{s:i, s:o}", "count", (int)nsess, "last",
		                  nsess ? br_view_session(&sess[nsess - 1])
		                        : json_null()));
	}
	free(w);
	free(days);
	free(sess);
	free(eps);
	return br_app_finish(app, rc, res, out, err);
}
