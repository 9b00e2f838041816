/*
 * sleep_pain.c - the per-patient pain-sleep cycle (see sleep_pain.h and
 * docs/internals/STATISTICS.md).
 */
#include "core/sleep_pain.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/sleep.h"
#include "core/stats.h"

#define NCOL 4 /* intercept, centred predictor, lagged outcome, trend */

const char *
br_sp_pattern_name(enum br_sp_pattern p)
{
	switch (p) {
	case BR_SP_INSUFFICIENT:
		return "insufficient-data";
	case BR_SP_NO_CLEAR:
		return "no-clear-pattern";
	case BR_SP_SLEEP_THEN_PAIN:
		return "sleep-then-pain";
	case BR_SP_PAIN_THEN_SLEEP:
		return "pain-then-sleep";
	case BR_SP_BOTH:
		return "both";
	}
	return "insufficient-data";
}

const char *
br_sp_level_name(enum br_sp_level l)
{
	switch (l) {
	case BR_SP_NONE:
		return "none";
	case BR_SP_EXPLORATORY:
		return "exploratory";
	case BR_SP_SUFFICIENT:
		return "sufficient";
	}
	return "none";
}

/* Model rows of one direction, in time order. */
struct rows {
	size_t n;
	double *y, *x, *lag, *trend;
};

static unsigned long
draw(void *ctx, unsigned long k)
{
	return gsl_rng_uniform_int(ctx, k);
}

/* Fills the design of rows idx[0..n) (all rows when idx is NULL) with the
 * predictor centred on its mean; returns the predictor's SD. */
static double
design(const struct rows *r, const size_t *idx, double *X, double *y,
       double *xs)
{
	double mean, sd;

	for (size_t i = 0; i < r->n; i++)
		xs[i] = r->x[idx ? idx[i] : i];
	br_mean_sd(xs, r->n, &mean, &sd);
	for (size_t i = 0; i < r->n; i++) {
		size_t k = idx ? idx[i] : i;

		X[i * NCOL + 0] = 1;
		X[i * NCOL + 1] = r->x[k] - mean;
		X[i * NCOL + 2] = r->lag[k];
		X[i * NCOL + 3] = r->trend[k];
		y[i] = r->y[k];
	}
	return sd;
}

static int
estimate(const struct rows *r, size_t block, unsigned long seed,
         const char *flat_predictor, const char *flat_outcome,
         struct br_sp_direction *d)
{
	struct br_ols_ws *ws = NULL;
	struct br_ols fit;
	gsl_rng *rng = NULL;
	double *X = NULL, *y = NULL, *xs = NULL, *boot = NULL, sd, ysd, ym;
	size_t *idx = NULL;
	int rc = 0, used = 0;

	memset(d, 0, sizeof(*d));
	d->n = (int)r->n;
	if (r->n < BR_SP_MIN_ROWS) {
		d->reason = "fewer than 10 days have the predictor, the "
		            "outcome and the outcome's previous value together";
		return 0;
	}
	br_mean_sd(r->y, r->n, &ym, &ysd);
	X = malloc(r->n * NCOL * sizeof(*X));
	y = malloc(r->n * sizeof(*y));
	xs = malloc(r->n * sizeof(*xs));
	idx = malloc(r->n * sizeof(*idx));
	boot = malloc(BR_SP_RESAMPLES * sizeof(*boot));
	ws = br_ols_ws_alloc(r->n, NCOL);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!X || !y || !xs || !idx || !boot || !ws || !rng) {
		rc = BR_ENOMEM;
		goto out;
	}
	sd = design(r, NULL, X, y, xs);
	if (sd <= 0) {
		d->reason = flat_predictor;
		goto out;
	}
	if (ysd <= 0) {
		d->reason = flat_outcome;
		goto out;
	}
	if (br_ols_fit(ws, X, y, r->n, NCOL, &fit) < 0) {
		d->reason = "the ratings are too regular to separate the "
		            "effect from the trend and the previous day";
		goto out;
	}
	d->predictor_sd = sd;
	d->per_point = fit.coef[1];
	d->estimate = fit.coef[1] * sd;
	d->se = fit.se[1] * sd;
	d->df = fit.df;
	br_ols_ci(&fit, 1, 0.05, d->ci_t);
	d->ci_t[0] *= sd;
	d->ci_t[1] *= sd;

	/* Moving-block bootstrap: resample blocks of consecutive model rows,
	 * refit, standardise by the resample's own predictor SD. */
	gsl_rng_set(rng, seed);
	for (int b = 0; b < BR_SP_RESAMPLES; b++) {
		double bsd;

		br_block_resample(r->n, block, draw, rng, idx);
		bsd = design(r, idx, X, y, xs);
		if (bsd <= 0 || br_ols_fit(ws, X, y, r->n, NCOL, &fit) < 0)
			continue;
		boot[used++] = fit.coef[1] * bsd;
	}
	d->boot_used = used;
	if (used < BR_SP_RESAMPLES * 9 / 10) {
		d->reason = "the diary is too regular for the bootstrap "
		            "interval";
		goto out;
	}
	d->ci_boot[0] = br_quantile(boot, (size_t)used, 0.025);
	d->ci_boot[1] = br_quantile(boot, (size_t)used, 0.975);
	d->ci[0] = fmin(d->ci_t[0], d->ci_boot[0]);
	d->ci[1] = fmax(d->ci_t[1], d->ci_boot[1]);
	d->estimated = true;
	d->counts = d->ci[0] > 0 || d->ci[1] < 0;
out:
	free(X);
	free(y);
	free(xs);
	free(idx);
	free(boot);
	br_ols_ws_free(ws);
	if (rng)
		gsl_rng_free(rng);
	return rc;
}

static void
rows_free(struct rows *r)
{
	free(r->y);
	r->y = NULL;
}

static int
rows_alloc(struct rows *r, size_t cap)
{
	r->n = 0;
	r->y = malloc(4 * (cap ? cap : 1) * sizeof(double));
	if (r->y == NULL)
		return BR_ENOMEM;
	r->x = r->y + cap;
	r->lag = r->x + cap;
	r->trend = r->lag + cap;
	return 0;
}

static void
add_row(struct rows *r, double y, double x, double lag, double trend)
{
	r->y[r->n] = y;
	r->x[r->n] = x;
	r->lag[r->n] = lag;
	r->trend[r->n] = trend;
	r->n++;
}

static int analyze(const struct br_sp_day *arr, size_t n, int32_t from,
                   int32_t to, bool device, struct br_sp_result *out);

int
br_sleep_pain_analyze(const struct br_sp_day *arr, size_t n, int32_t from,
                      int32_t to, struct br_sp_result *out)
{
	return analyze(arr, n, from, to, false, out);
}

int
br_sleep_pain_analyze_device(const struct br_sp_day *arr, size_t n,
                             int32_t from, int32_t to, struct br_sp_result *out)
{
	return analyze(arr, n, from, to, true, out);
}

static int
analyze(const struct br_sp_day *arr, size_t n, int32_t from, int32_t to,
        bool device, struct br_sp_result *out)
{
	const char *same = device ? "the device recorded the same sleep every "
	                            "night"
	                          : "sleep quality was the same every night";
	struct rows sp = {0}, ps = {0};
	int *pain = NULL, *q = NULL;
	size_t days;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	out->resamples = BR_SP_RESAMPLES;
	out->seed = BR_SP_SEED;
	out->pattern = BR_SP_INSUFFICIENT;
	out->device = device;
	if (to < from || (int64_t)to - from > 20 * 366)
		return BR_EINVAL;
	days = (size_t)(to - from) + 1;
	out->days = (int)days;
	pain = malloc(days * sizeof(*pain));
	q = malloc(days * sizeof(*q));
	if (!pain || !q || rows_alloc(&sp, days) < 0 ||
	    rows_alloc(&ps, days) < 0) {
		rc = BR_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < days; i++)
		pain[i] = q[i] = BR_UNSET;
	for (size_t i = 0; i < n; i++) {
		if (arr[i].day < from || arr[i].day > to)
			continue;
		pain[arr[i].day - from] = arr[i].pain;
		q[arr[i].day - from] = arr[i].quality;
	}
	for (size_t t = 0; t < days; t++) {
		if (pain[t] >= 0 && q[t] >= 0)
			out->paired_days++;
		if (t > 0 && pain[t] >= 0 && q[t] >= 0 && pain[t - 1] >= 0)
			add_row(&sp, pain[t], q[t], pain[t - 1], (double)t);
		if (t + 1 < days && pain[t] >= 0 && q[t] >= 0 && q[t + 1] >= 0)
			add_row(&ps, q[t + 1], pain[t], q[t], (double)t);
	}
	out->missing_days = out->days - out->paired_days;
	out->level = out->paired_days < BR_SP_MIN_DAYS ? BR_SP_NONE
	             : out->paired_days < BR_SP_SENTENCE_DAYS
	                     ? BR_SP_EXPLORATORY
	                     : BR_SP_SUFFICIENT;
	out->block_days =
	        (int)br_block_length(sp.n, BR_SP_BLOCK_MIN, BR_SP_BLOCK_MAX);
	if (out->level == BR_SP_NONE) {
		out->sleep_to_pain.n = (int)sp.n;
		out->pain_to_sleep.n = (int)ps.n;
		out->sleep_to_pain.reason = out->pain_to_sleep.reason =
		        "fewer than 14 paired days";
		goto out;
	}
	rc = estimate(&sp, (size_t)out->block_days, BR_SP_SEED, same,
	              "pain was the same every day", &out->sleep_to_pain);
	if (rc == 0)
		rc = estimate(
		        &ps,
		        br_block_length(ps.n, BR_SP_BLOCK_MIN, BR_SP_BLOCK_MAX),
		        BR_SP_SEED, "pain was the same every day", same,
		        &out->pain_to_sleep);
	if (rc < 0)
		goto out;
	if (!out->sleep_to_pain.estimated && !out->pain_to_sleep.estimated)
		out->pattern = BR_SP_INSUFFICIENT;
	else if (out->sleep_to_pain.counts && out->pain_to_sleep.counts)
		out->pattern = BR_SP_BOTH;
	else if (out->sleep_to_pain.counts)
		out->pattern = BR_SP_SLEEP_THEN_PAIN;
	else if (out->pain_to_sleep.counts)
		out->pattern = BR_SP_PAIN_THEN_SLEEP;
	else
		out->pattern = BR_SP_NO_CLEAR;
out:
	free(pain);
	free(q);
	rows_free(&sp);
	rows_free(&ps);
	return rc;
}

/* Sentence building ------------------------------------------------------ */

struct buf {
	char *p;
	size_t len, used;
};

static void __attribute__((format(printf, 2, 3)))
put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (b->used >= b->len)
		return;
	va_start(ap, fmt);
	k = vsnprintf(b->p + b->used, b->len - b->used, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->used += (size_t)k;
	if (b->used >= b->len)
		b->used = b->len - 1;
}

static void
describe_sleep_to_pain(struct buf *b, const struct br_sp_direction *d,
                       bool device)
{
	double e = d->estimate;

	if (device) {
		if (e < 0)
			put(b,
			    "shorter sleep tended to come before worse pain: "
			    "after a night with one typical step (1 SD) less "
			    "sleep recorded by the device, pain the next day "
			    "was about %.2f points higher (95%% interval %.2f "
			    "to %.2f)",
			    -e, -d->ci[1], -d->ci[0]);
		else
			put(b,
			    "longer sleep tended to come before more pain: "
			    "after a night with one typical step (1 SD) more "
			    "sleep recorded by the device, pain the next day "
			    "was about %.2f points higher (95%% interval %.2f "
			    "to %.2f)",
			    e, d->ci[0], d->ci[1]);
		return;
	}

	if (e < 0)
		put(b,
		    "worse sleep tended to come before worse pain: after a "
		    "night rated one typical step (1 SD) poorer, pain the "
		    "next day was about %.2f points higher (95%% interval "
		    "%.2f to %.2f)",
		    -e, -d->ci[1], -d->ci[0]);
	else
		put(b,
		    "better-rated sleep tended to come before more pain: "
		    "after a night rated one typical step (1 SD) better, "
		    "pain the next day was about %.2f points higher (95%% "
		    "interval %.2f to %.2f)",
		    e, d->ci[0], d->ci[1]);
}

static void
describe_pain_to_sleep(struct buf *b, const struct br_sp_direction *d,
                       bool device)
{
	double e = d->estimate;

	if (device) {
		if (e < 0)
			put(b,
			    "more painful days tended to come before shorter "
			    "nights: after a day with one typical step (1 SD) "
			    "more pain, the device recorded about %.0f minutes "
			    "less sleep that night (95%% interval %.0f to "
			    "%.0f)",
			    -e, -d->ci[1], -d->ci[0]);
		else
			put(b,
			    "more painful days tended to come before longer "
			    "nights: after a day with one typical step (1 SD) "
			    "more pain, the device recorded about %.0f minutes "
			    "more sleep that night (95%% interval %.0f to "
			    "%.0f)",
			    e, d->ci[0], d->ci[1]);
		return;
	}

	if (e < 0)
		put(b,
		    "more painful days tended to come before poorer nights: "
		    "after a day with one typical step (1 SD) more pain, "
		    "that night's sleep quality was about %.2f points lower "
		    "on the 0-4 scale (95%% interval %.2f to %.2f)",
		    -e, -d->ci[1], -d->ci[0]);
	else
		put(b,
		    "more painful days tended to come before better-rated "
		    "nights: after a day with one typical step (1 SD) more "
		    "pain, that night's sleep quality was about %.2f points "
		    "higher on the 0-4 scale (95%% interval %.2f to %.2f)",
		    e, d->ci[0], d->ci[1]);
}

void
br_sleep_pain_sentence(const struct br_sp_result *r, char *out, size_t len)
{
	struct buf b = {out, len, 0};
	static const char caveat[] =
	        " This is an association within your own diary, not proof "
	        "that one causes the other: mood, worry or arousal at "
	        "bedtime, activity, medication and treatment sessions can "
	        "move both, and because two directions were checked one "
	        "can look clear by chance.";

	if (len == 0)
		return;
	out[0] = '\0';
	if (r->level == BR_SP_NONE) {
		put(&b,
		    "Only %d day%s in this period %s both a %s and a pain "
		    "rating; backrest needs at least %d before it estimates "
		    "how sleep and pain move together, so only the diary "
		    "itself is shown.",
		    r->paired_days, r->paired_days == 1 ? "" : "s",
		    r->paired_days == 1 ? "has" : "have",
		    r->device ? "device night" : "sleep-quality",
		    BR_SP_MIN_DAYS);
		return;
	}
	if (r->pattern == BR_SP_INSUFFICIENT) {
		put(&b,
		    "With %d paired days the two directions could not be "
		    "estimated (%s), so there is nothing to say yet.",
		    r->paired_days,
		    r->sleep_to_pain.reason ? r->sleep_to_pain.reason
		                            : "too few usable days");
		return;
	}
	if (r->level == BR_SP_EXPLORATORY) {
		put(&b,
		    "Exploratory and very uncertain: %d paired days is fewer "
		    "than the %d backrest waits for before putting the "
		    "pattern into words, so the figures are shown without "
		    "an interpretation; keep the diary going.",
		    r->paired_days, BR_SP_SENTENCE_DAYS);
		return;
	}
	switch (r->pattern) {
	case BR_SP_SLEEP_THEN_PAIN:
		put(&b, "In your diary (%d days), ", r->paired_days);
		describe_sleep_to_pain(&b, &r->sleep_to_pain, r->device);
		put(&b, "; pain did not clearly come before poorer sleep.");
		break;
	case BR_SP_PAIN_THEN_SLEEP:
		put(&b, "In your diary (%d days), ", r->paired_days);
		describe_pain_to_sleep(&b, &r->pain_to_sleep, r->device);
		put(&b, "; sleep did not clearly come before worse pain.");
		break;
	case BR_SP_BOTH:
		put(&b, "In your diary (%d days) the cycle showed both ways: ",
		    r->paired_days);
		describe_sleep_to_pain(&b, &r->sleep_to_pain, r->device);
		put(&b, "; and ");
		describe_pain_to_sleep(&b, &r->pain_to_sleep, r->device);
		put(&b, ".");
		break;
	default:
		put(&b,
		    "No clear pattern yet: in %d days of diary, last "
		    "night's sleep and today's pain, and today's pain and "
		    "tonight's sleep, did not move together clearly enough "
		    "to say either way (every 95%% interval includes no "
		    "effect). That is not evidence that they are unrelated.",
		    r->paired_days);
		return;
	}
	put(&b, "%s", caveat);
}
