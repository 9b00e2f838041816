/*
 * report.c - use case: the one-page visit summary's content
 * (outcome.h).  The page is drawn from this document by
 * report/report_html.c and report/report_pdf.c; report --format json
 * prints it as it is.
 *
 * Order is the reading order of the page: red-flag status first, then
 * the pain and sleep trend, questionnaires, treatments since the last
 * visit, adherence, and the plan with its trial decision.
 */
#include <stdlib.h>
#include <string.h>

#include "app/outcome.h"
#include "app/outcome_internal.h"
#include "app/review.h"
#include "app/sleep_device.h"
#include "app/visits.h"
#include "store/exercises.h"
#include "store/pacing.h"
#include "store/plans.h"

#define SINCE_DEFAULT 28  /* days of treatments listed by default */
#define SERIES_MAX    730 /* days of diary drawn at most */

static json_t *
flags_json(const struct br_screening *s)
{
	json_t *a = json_array();

	for (int i = 0; i < s->n_flags; i++)
		json_array_append_new(a, json_string(s->flags[i]));
	return a;
}

static json_t *
red_flags_json(const struct episode_data *d)
{
	const struct br_screening *last, *block = NULL;

	if (d->nscr == 0)
		return json_pack("{s:s, s:s}", "status", "not-screened", "text",
		                 "No red-flag screen is recorded in this "
		                 "episode.");
	last = &d->scr[d->nscr - 1];
	for (size_t i = 0; i < d->nscr; i++)
		if (strcmp(d->scr[i].tier, "none") != 0 &&
		    d->scr[i].cleared_at[0] == '\0')
			block = &d->scr[i];
	if (block)
		return json_pack(
		        "{s:s, s:s, s:o, s:s, s:s}", "status", block->tier,
		        "date", block->day, "flags", flags_json(block),
		        "action", block->action, "text",
		        strcmp(block->tier, "emergency") == 0
		                ? "EMERGENCY red flags are not cleared: refer "
		                  "now, do not treat."
		                : "Urgent red flags are not cleared: refer "
		                  "before any further treatment.");
	if (strcmp(last->tier, "none") == 0)
		return json_pack("{s:s, s:s, s:o, s:s}", "status", "none",
		                 "date", last->day, "flags", json_array(),
		                 "text", "No red flags at the last screen.");
	return json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "status",
	                 "cleared", "date", last->day, "flags",
	                 flags_json(last), "cleared_at", last->cleared_at,
	                 "cleared_by", last->cleared_by, "reason",
	                 last->clear_reason, "text",
	                 "Red flags at the last screen were reviewed and "
	                 "cleared by a clinician.");
}

static json_t *
treatments_json(const struct episode_data *d, int32_t since)
{
	char s[BR_DATE_LEN];
	json_t *arr = json_array();

	for (size_t i = 0; i < d->nsess; i++) {
		const struct br_session *x = &d->sess[i];
		json_t *m, *adv, *pts;
		int32_t day;

		if (br_parse_date("day", x->day, &day, NULL) < 0 || day < since)
			continue;
		m = json_array();
		adv = json_array();
		pts = json_array();
		for (int k = 0; k < x->n_modalities; k++)
			json_array_append_new(m, json_string(x->modalities[k]));
		for (int k = 0; k < x->n_adverse; k++)
			json_array_append_new(adv, json_string(x->adverse[k]));
		/* The points, drawn on the report's body map. */
		for (int k = 0; k < x->n_points; k++)
			json_array_append_new(
			        pts, json_pack("{s:s, s:s}", "point",
			                       x->points[k].point, "side",
			                       x->points[k].side));
		json_array_append_new(
		        arr,
		        json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o}",
		                  "session_id", (json_int_t)x->id, "date",
		                  x->day, "modalities", m, "points", pts,
		                  "pain_before",
		                  br_json_int_opt(x->pain_before), "pain_after",
		                  br_json_int_opt(x->pain_after), "adverse",
		                  adv));
	}
	br_format_date(since, s);
	return json_pack("{s:s, s:i, s:o}", "since", s, "sessions_in_episode",
	                 (int)d->nsess, "sessions", arr);
}

/* The diary drawn in the charts: [from, to] as dense arrays. */
static json_t *
series_json(const struct episode_data *d, int32_t from, int32_t to)
{
	json_t *pain = json_array(), *q = json_array(), *tst = json_array(),
	       *se = json_array(), *sess = json_array();
	char f[BR_DATE_LEN], t[BR_DATE_LEN];
	size_t k = 0;

	for (int32_t day = from; day <= to; day++) {
		const struct br_outcome_day *x = NULL;

		while (k < d->ndiary && d->days[k].day < day)
			k++;
		if (k < d->ndiary && d->days[k].day == day)
			x = &d->days[k];
		json_array_append_new(pain,
		                      br_json_int_opt(x ? x->pain : BR_UNSET));
		json_array_append_new(
		        q, br_json_int_opt(x ? x->quality : BR_UNSET));
		json_array_append_new(
		        tst, br_json_int_opt(x ? x->tst_min : BR_UNSET));
		json_array_append_new(se, x && x->se_pct >= 0
		                                  ? json_real(x->se_pct)
		                                  : json_null());
	}
	for (size_t i = 0; i < d->nsess; i++)
		json_array_append_new(sess, json_string(d->sess[i].day));
	br_format_date(from, f);
	br_format_date(to, t);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "from", f, "to",
	                 t, "pain", pain, "sleep_quality", q, "tst_min", tst,
	                 "se_pct", se, "sessions", sess);
}

/* The device nights beside the diary's total sleep over the charted
 * days, as res's "device_sleep" (app/sleep_device.h); nothing when the
 * patient has none. */
static int
device_sleep(struct br_app *app, const struct episode_data *d, int32_t from,
             json_t *res, struct br_err *err)
{
	int n = d->end - from + 1, *tst;
	size_t k = 0;
	json_t *x;

	if (n <= 0)
		return 0;
	tst = malloc(sizeof(int) * (size_t)n);
	if (tst == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	for (int i = 0; i < n; i++) {
		while (k < d->ndiary && d->days[k].day < from + i)
			k++;
		tst[i] = k < d->ndiary && d->days[k].day == from + i
		                 ? d->days[k].tst_min
		                 : BR_UNSET;
	}
	x = br_app_device_sleep_json(app, d->p.id, from, d->end, tst, err);
	free(tst);
	if (x == NULL)
		return err->code ? err->code : 0;
	json_object_set_new(res, "device_sleep", x);
	return 0;
}

/* The home program as the report needs it (plan records). */
struct home {
	struct br_exercise_rx *rx;
	size_t nrx;
	struct br_exercise_log *ex;
	size_t nex;
	struct br_pacing_quota *q;
	size_t nq;
	int32_t *pace_days; /* days with a pacing log at or above quota */
	size_t npace, cap;
	struct br_plan_item *items;
	size_t nitems;
};

static void
home_free(struct home *h)
{
	free(h->rx);
	free(h->ex);
	free(h->q);
	free(h->pace_days);
	free(h->items);
}

static int
home_load(struct br_app *app, const struct episode_data *d, struct home *h,
          struct br_err *err)
{
	int rc;

	memset(h, 0, sizeof(*h));
	rc = br_store_plan_item_list(app->store, d->p.id, d->e.id, &h->items,
	                             &h->nitems, err);
	if (rc == 0)
		rc = br_store_exercise_rx_list(app->store, d->p.id, d->e.id,
		                               &h->rx, &h->nrx, err);
	if (rc == 0)
		rc = br_store_exercise_log_list(app->store, d->p.id, d->e.id,
		                                NULL, &h->ex, &h->nex, err);
	if (rc == 0)
		rc = br_store_pacing_quota_list(app->store, d->p.id, d->e.id,
		                                &h->q, &h->nq, err);
	for (size_t i = 0; rc == 0 && i < h->nq; i++) {
		struct br_pacing_log *logs = NULL;
		size_t n = 0;

		rc = br_store_pacing_log_list(app->store, d->p.id, d->e.id,
		                              h->q[i].activity, "0000-01-01",
		                              &logs, &n, err);
		for (size_t k = 0; rc == 0 && k < n; k++) {
			int32_t day;

			if (br_parse_date("day", logs[k].day, &day, NULL) < 0)
				continue;
			if (h->npace == h->cap) {
				size_t cap = h->cap ? h->cap * 2 : 64;
				int32_t *x =
				        realloc(h->pace_days, cap * sizeof(*x));

				if (x == NULL) {
					rc = br_error(err, BR_ENOMEM, "",
					              "out of memory");
					break;
				}
				h->pace_days = x;
				h->cap = cap;
			}
			h->pace_days[h->npace++] = day;
		}
		free(logs);
	}
	return rc;
}

/* Days in [a, b] that occur in days[0..n) (distinct). */
static int
days_in(const int32_t *days, size_t n, int32_t a, int32_t b)
{
	int count = 0;

	for (int32_t x = a; x <= b; x++)
		for (size_t k = 0; k < n; k++)
			if (days[k] == x) {
				count++;
				break;
			}
	return count;
}

/*
 * Weekly shares over [from, to]: the diary (days with an entry of the
 * week's days), exercise (days logged of the days due: 7 / the shortest
 * every_days of the prescriptions, from the first prescription on) and
 * pacing (days logged of the week's days, from the first quota on).  A
 * week before the program started is a gap (null).
 */
static json_t *
adherence_json(struct br_app *app, const struct episode_data *d,
               const struct home *h, int32_t from, int32_t to,
               struct br_err *err)
{
	int weeks = (to - from) / 7 + 1, kept28 = 0, every = 0;
	int32_t ex_start = INT32_MAX, pace_start = INT32_MAX;
	int32_t *ex_days = calloc(h->nex + 1, sizeof(*ex_days));
	json_t *w = json_array(), *we = json_array(), *wp = json_array();
	json_t *res, *visits = json_null();
	struct br_adherence va;
	char f[BR_DATE_LEN];

	if (ex_days == NULL) {
		json_decref(w);
		json_decref(we);
		json_decref(wp);
		return NULL;
	}
	for (size_t i = 0; i < h->nrx; i++) {
		int32_t day;

		if (br_parse_date("day", h->rx[i].day, &day, NULL) == 0 &&
		    day < ex_start)
			ex_start = day;
		if (every == 0 || h->rx[i].every_days < every)
			every = h->rx[i].every_days;
	}
	for (size_t i = 0; i < h->nex; i++)
		br_parse_date("day", h->ex[i].day, &ex_days[i], NULL);
	for (size_t i = 0; i < h->nq; i++) {
		int32_t day;

		if (br_parse_date("day", h->q[i].day, &day, NULL) == 0 &&
		    day < pace_start)
			pace_start = day;
	}
	for (int i = 0; i < weeks; i++) {
		int32_t a = from + i * 7, b = a + 6 < to ? a + 6 : to;
		int kept = 0, len = b - a + 1;

		for (size_t k = 0; k < d->ndiary; k++)
			kept += d->days[k].day >= a && d->days[k].day <= b;
		json_array_append_new(w, json_real((double)kept / len));
		if (every > 0 && b >= ex_start) {
			int32_t s = a > ex_start ? a : ex_start;
			double due = (double)(b - s + 1) / every;
			double got = days_in(ex_days, h->nex, s, b);

			json_array_append_new(
			        we,
			        json_real(due > 0 ? (got / due > 1 ? 1
			                                           : got / due)
			                          : 0));
		} else {
			json_array_append_new(we, json_null());
		}
		if (h->nq > 0 && b >= pace_start) {
			int32_t s = a > pace_start ? a : pace_start;

			json_array_append_new(
			        wp, json_real((double)days_in(h->pace_days,
			                                      h->npace, s, b) /
			                      (b - s + 1)));
		} else {
			json_array_append_new(wp, json_null());
		}
	}
	for (size_t k = 0; k < d->ndiary; k++)
		kept28 += d->days[k].day > to - 28 && d->days[k].day <= to;
	if (br_visits_adherence(app, &d->e, &va, err) == 0)
		visits = br_view_adherence(&va);
	else
		br_err_clear(err);
	br_format_date(from, f);
	res = json_pack(
	        "{s:{s:i, s:i, s:f}, s:o, s:o, s:{s:s, s:o, s:o, s:o}, s:o}",
	        "diary_last_28_days", "days", 28, "kept", kept28, "share",
	        (double)kept28 / 28.0, "exercise",
	        h->nrx ? json_pack("{s:i, s:i, s:I, s:i}", "prescriptions",
	                           (int)h->nrx, "every_days", every,
	                           "logged_days_last_28",
	                           (json_int_t)days_in(ex_days, h->nex, to - 27,
	                                               to),
	                           "due_days_last_28",
	                           every ? (28 + every - 1) / every : 0)
	               : json_null(),
	        "pacing",
	        h->nq ? json_pack("{s:i, s:I}", "activities", (int)h->nq,
	                          "logged_days_last_28",
	                          (json_int_t)days_in(h->pace_days, h->npace,
	                                              to - 27, to))
	              : json_null(),
	        "weekly", "from", f, "diary", w, "exercise", we, "pacing", wp,
	        "visits", visits);
	free(ex_days);
	return res;
}

static json_t *
plan_json(const struct home *h)
{
	json_t *items = json_array();

	if (h->nitems == 0) {
		json_decref(items);
		return json_null();
	}
	for (size_t i = 0; i < h->nitems; i++) {
		const struct br_plan_item *x = &h->items[i];

		json_array_append_new(
		        items,
		        json_pack("{s:s, s:o, s:o, s:o, s:s, s:s}", "treatment",
		                  x->treatment, "sessions",
		                  br_json_int_opt(x->sessions), "per_week",
		                  x->per_week > 0 ? json_real(x->per_week)
		                                  : json_null(),
		                  "trial", br_json_int_opt(x->trial), "status",
		                  x->status, "date", x->day));
	}
	return json_pack("{s:o}", "items", items);
}

int
br_app_report(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "since", NULL};
	struct episode_data d;
	struct home h;
	json_t *res = NULL, *outcome = NULL, *adh = NULL, *rev = NULL;
	int32_t since, from = 0, opened;
	char today[BR_DATE_LEN] = "";
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_date(in, "since", false, &since, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	memset(&h, 0, sizeof(h));
	rc = outcome_data_load(app, in, &d, err);
	if (rc == 0)
		rc = home_load(app, &d, &h, err);
	if (rc == 0)
		rc = br_app_audit(app, "episode.report", d.p.id, "episode",
		                  d.e.id, err);
	if (rc == 0 && (outcome = outcome_json(app, &d, err)) == NULL &&
	    err->code)
		rc = err->code;
	if (rc == 0) {
		if (since == INT32_MIN)
			since = d.end - SINCE_DEFAULT + 1;
		if (br_parse_date("opened_on", d.e.opened_on, &opened, NULL) <
		    0)
			opened = d.end;
		from = opened;
		if (d.nsess > 0) {
			int32_t first;

			br_parse_date("day", d.sess[0].day, &first, NULL);
			if (first - 7 < from)
				from = first - 7;
		}
		if (from > d.end)
			from = d.end;
		if (d.end - from >= SERIES_MAX)
			from = d.end - (SERIES_MAX - 1);
		br_format_date(app->today, today);
		adh = adherence_json(app, &d, &h, from, d.end, err);
		if (adh == NULL)
			rc = err->code ? err->code
			               : br_error(err, BR_ENOMEM, "",
			                          "out of memory");
	}
	/* The trial decision: the course review, read in this transaction's
	 * snapshot, so it agrees with every other figure of the report. */
	if (rc == 0)
		rc = br_app_review_apply(app, &d.e, NULL, &rev, err);
	if (rc == 0) {
		res = json_pack(
		        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
		        "s:s, s:o}",
		        "kind", "visit-summary", "generated_on", today,
		        "patient", br_view_patient(&d.p), "episode",
		        br_view_episode(app, &d.e), "red_flags",
		        red_flags_json(&d), "outcome", outcome,
		        "treatments_since", treatments_json(&d, since),
		        "adherence", adh, "plan", plan_json(&h),
		        "trial_decision", rev, "plan_note",
		        "the trial decision is the review of the course "
		        "at its trial checkpoint, as of the report's day",
		        "series", series_json(&d, from, d.end));
		outcome = NULL;
		rev = NULL;
		adh = NULL;
	}
	/* A sleep tracker's nights, only when the patient has some. */
	if (rc == 0)
		rc = device_sleep(app, &d, from, res, err);
	json_decref(outcome);
	json_decref(rev);
	json_decref(adh);
	outcome_data_free(&d);
	home_free(&h);
	return br_app_finish(app, rc, res, out, err);
}
