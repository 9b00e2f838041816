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
		json_t *m, *adv;
		int32_t day;

		if (br_parse_date("day", x->day, &day, NULL) < 0 || day < since)
			continue;
		m = json_array();
		adv = json_array();
		for (int k = 0; k < x->n_modalities; k++)
			json_array_append_new(m, json_string(x->modalities[k]));
		for (int k = 0; k < x->n_adverse; k++)
			json_array_append_new(adv, json_string(x->adverse[k]));
		json_array_append_new(
		        arr,
		        json_pack("{s:I, s:s, s:o, s:o, s:o, s:o}",
		                  "session_id", (json_int_t)x->id, "date",
		                  x->day, "modalities", m, "pain_before",
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

/* Diary kept per week over [from, to], and over the last 28 days. */
static json_t *
adherence_json(const struct episode_data *d, int32_t from, int32_t to)
{
	int weeks = (to - from) / 7 + 1, kept28 = 0;
	json_t *w = json_array();
	char f[BR_DATE_LEN];

	for (int i = 0; i < weeks; i++) {
		int32_t a = from + i * 7, b = a + 6 < to ? a + 6 : to;
		int kept = 0;

		for (size_t k = 0; k < d->ndiary; k++)
			kept += d->days[k].day >= a && d->days[k].day <= b;
		json_array_append_new(
		        w, json_real((double)kept / (double)(b - a + 1)));
	}
	for (size_t k = 0; k < d->ndiary; k++)
		kept28 += d->days[k].day > to - 28 && d->days[k].day <= to;
	br_format_date(from, f);
	return json_pack("{s:{s:i, s:i, s:f}, s:{s:s, s:o}, s:n, s:n, s:s}",
	                 "diary_last_28_days", "days", 28, "kept", kept28,
	                 "share", (double)kept28 / 28.0, "weekly", "from", f,
	                 "diary", w, "exercise", "pacing", "note",
	                 "exercise and pacing adherence are shown once the "
	                 "care plan records them (issue 4)");
}

int
br_app_report(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"episode_id", "since", NULL};
	struct episode_data d;
	json_t *res = NULL, *outcome = NULL;
	int32_t since, from, opened;
	char today[BR_DATE_LEN];
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_date(in, "since", false, &since, err);
	if (rc < 0)
		return rc;
	rc = br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = outcome_data_load(app, in, &d, err);
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
		res = json_pack(
		        "{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:n, s:n, "
		        "s:s, s:o}",
		        "kind", "visit-summary", "generated_on", today,
		        "patient", br_view_patient(&d.p), "episode",
		        br_view_episode(app, &d.e), "red_flags",
		        red_flags_json(&d), "outcome", outcome,
		        "treatments_since", treatments_json(&d, since),
		        "adherence", adherence_json(&d, from, d.end), "plan",
		        "trial_decision", "plan_note",
		        "the care plan and its trial review are shown once "
		        "they are recorded (issue 4)",
		        "series", series_json(&d, from, d.end));
		outcome = NULL;
	}
	json_decref(outcome);
	outcome_data_free(&d);
	return br_app_finish(app, rc, res, out, err);
}
