/*
 * outcome.c - baseline and latest diary windows of an episode and the
 * change of the sleep figures (outcome.h).
 */
#include "core/outcome.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/instrument.h"
#include "core/review.h"
#include "core/series.h"
#include "core/sleep.h"

static const char *const fig_names[BR_FIG_N] = {"pain", "tst_min", "se_pct",
                                                "sleep_quality", "awakenings"};
static const bool fig_higher_better[BR_FIG_N] = {false, true, true, true,
                                                 false};
static const double fig_scale[BR_FIG_N] = {10, 1, 10, 10, 10};

const char *
br_outcome_fig_name(enum br_outcome_fig fig)
{
	return fig >= 0 && fig < BR_FIG_N ? fig_names[fig] : "?";
}

bool
br_outcome_fig_higher_better(enum br_outcome_fig fig)
{
	return fig >= 0 && fig < BR_FIG_N && fig_higher_better[fig];
}

void
br_outcome_summarise(const struct br_outcome_day *arr, int n, int32_t from,
                     int32_t to, struct br_outcome_window *out)
{
	double sum[BR_FIG_N] = {0};

	out->from = from;
	out->to = to;
	out->days = to >= from ? to - from + 1 : 0;
	out->diary_days = 0;
	for (int f = 0; f < BR_FIG_N; f++)
		out->fig[f] = (struct br_outcome_mean){0, false, 0};
	for (int i = 0; i < n; i++) {
		const struct br_outcome_day *d = &arr[i];
		double v[BR_FIG_N] = {d->pain, d->tst_min, d->se_pct,
		                      d->quality, d->wakes};

		if (d->day < from || d->day > to)
			continue;
		out->diary_days++;
		for (int f = 0; f < BR_FIG_N; f++)
			if (v[f] >= 0) {
				sum[f] += v[f];
				out->fig[f].n++;
			}
	}
	for (int f = 0; f < BR_FIG_N; f++) {
		struct br_outcome_mean *m = &out->fig[f];

		if (m->n == 0)
			continue;
		m->mean = round(sum[f] / m->n * fig_scale[f]) / fig_scale[f];
		m->ok = m->n >= BR_OUTCOME_MIN_DAYS;
	}
}

static int32_t
last_day_upto(const struct br_outcome_day *arr, int n, int32_t end)
{
	int32_t last = INT32_MIN;

	for (int i = 0; i < n; i++)
		if (arr[i].day <= end && arr[i].day > last)
			last = arr[i].day;
	return last;
}

static void
undefined(struct br_outcome_window *w, const char *rule, const char *reason)
{
	br_outcome_summarise(NULL, 0, 0, -1, w);
	w->defined = false;
	w->rule = rule;
	w->reason = reason;
}

void
br_outcome_windows(const struct br_outcome_day *arr, int n, int32_t opened,
                   int32_t first_session, int32_t end,
                   struct br_outcome_window *baseline,
                   struct br_outcome_window *latest)
{
	const char *brule, *lrule = "the 7 days up to the last diary day";
	int32_t bfrom, bto, last;

	if (first_session != INT32_MIN) {
		brule = "the 7 days before the first session";
		bfrom = first_session - BR_OUTCOME_DAYS;
		bto = first_session - 1;
	} else {
		brule = "the first 7 days of the episode (no session yet)";
		bfrom = opened;
		bto = opened + BR_OUTCOME_DAYS - 1;
	}
	br_outcome_summarise(arr, n, bfrom, bto, baseline);
	baseline->rule = brule;
	baseline->reason = NULL;
	baseline->defined = baseline->diary_days > 0;
	if (!baseline->defined)
		baseline->reason = "no diary day in the baseline window";

	last = last_day_upto(arr, n, end);
	if (last == INT32_MIN || last <= bto) {
		undefined(latest, lrule,
		          "no diary day after the baseline window yet");
		return;
	}
	br_outcome_summarise(arr, n,
	                     last - (BR_OUTCOME_DAYS - 1) > bto
	                             ? last - (BR_OUTCOME_DAYS - 1)
	                             : bto + 1,
	                     last, latest);
	latest->rule = lrule;
	latest->reason = NULL;
	latest->defined = true;
}

void
br_outcome_delta(enum br_outcome_fig fig, double baseline, double latest,
                 struct br_outcome_delta *out)
{
	double sign = br_outcome_fig_higher_better(fig) ? 1.0 : -1.0;
	double s = fig >= 0 && fig < BR_FIG_N ? fig_scale[fig] : 10;

	out->change = round((latest - baseline) * s) / s;
	out->improvement = sign * out->change;
	out->has_percent = fabs(baseline) > 1e-9;
	out->percent = out->has_percent
	                       ? round(out->improvement / baseline * 1000) / 10
	                       : 0;
	out->direction = out->improvement > 1e-9    ? "better"
	                 : out->improvement < -1e-9 ? "worse"
	                                            : "unchanged";
}

/* Cohort responder figures --------------------------------------------- */

const char *const br_responder_tier_names[5] = {"substantial", "moderate",
                                                "minimal", "none", "worse"};

void
br_outcome_series_pain(const struct br_series *v, int32_t from, int32_t to,
                       struct br_outcome_mean *out)
{
	int64_t lo = (int64_t)from - v->first_day,
	        hi = (int64_t)to - v->first_day;
	int sum = 0;

	out->n = 0;
	out->mean = 0;
	if (lo < 0)
		lo = 0;
	if (hi >= v->n_days)
		hi = (int64_t)v->n_days - 1;
	for (int64_t i = lo; i <= hi; i++) {
		int p = BR_SERIES_PAIN(v->code[i]);

		if (v->code[i] != 0 && p >= 0) {
			sum += p;
			out->n++;
		}
	}
	if (out->n > 0)
		out->mean = round((double)sum / out->n * 10) / 10;
	out->ok = out->n >= BR_OUTCOME_MIN_DAYS;
}

void
br_responder_add(struct br_responder_tally *t, const struct br_instrument *nrs,
                 const struct br_outcome_mean *base,
                 const struct br_outcome_mean *follow)
{
	struct br_change c;
	int tier = 3;

	t->reached++;
	if (!base->ok || !follow->ok ||
	    br_instrument_change(nrs, base->mean, follow->mean, &c, NULL) < 0)
		return;
	t->assessed++;
	t->improvement_sum += c.improvement;
	if (c.cannot_assess) {
		t->cannot_assess++;
		return;
	}
	t->by_points += c.responder_points == 1;
	t->by_percent += c.responder_percent == 1;
	t->responders += c.responder_points == 1 || c.responder_percent == 1;
	for (int i = 0; i < 5; i++)
		if (c.tier && strcmp(c.tier, br_responder_tier_names[i]) == 0)
			tier = i;
	t->tiers[tier]++;
}

void
br_responder_decide(struct br_responder_tally *t,
                    const struct br_outcome_mean *base,
                    const struct br_outcome_mean *follow, int sessions,
                    int trial, bool refer)
{
	struct br_review_in in;
	struct br_review_out out;

	memset(&in, 0, sizeof(in));
	in.refer = refer;
	in.sessions = sessions;
	in.trial = trial;
	in.has_pain = base->ok && follow->ok;
	in.baseline = base->mean;
	in.current = follow->mean;
	in.cannot_assess = base->ok && base->mean <= 1e-9;
	in.pain_what = "diary pain";
	br_review_decide(&in, &out);
	if (out.decision >= 0 && out.decision < 5)
		t->decisions[out.decision]++;
}

void
br_responder_merge(struct br_responder_tally *into,
                   const struct br_responder_tally *from)
{
	for (int i = 0; i < 5; i++)
		into->decisions[i] += from->decisions[i];
	into->reached += from->reached;
	into->assessed += from->assessed;
	into->cannot_assess += from->cannot_assess;
	into->responders += from->responders;
	into->by_points += from->by_points;
	into->by_percent += from->by_percent;
	for (int i = 0; i < 5; i++)
		into->tiers[i] += from->tiers[i];
	into->improvement_sum += from->improvement_sum;
}
