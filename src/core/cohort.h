/*
 * cohort.h - the cohort engine's arithmetic: one-pass sums over a
 * patient's packed series (core/series.h), the per-patient lag-1
 * statistics made from them, and the accumulators a cohort pass merges.
 *
 * Per patient, over the days of the series inside [from, to]:
 *   sleep -> pain: x = quality of the night before day t, y = pain on day t
 *                  (both in the row of day t);
 *   pain -> sleep: x = pain on day t, y = quality of the night after it
 *                  (the row of day t + 1);
 * pairs count only when both values are reported.  From the integer sums
 * (n, Sx, Sy, Sxx, Syy, Sxy) come Pearson's r and the slope per 1 SD of x
 * (cov(x, y) / sd(x), outcome points), for patients with at least
 * BR_COHORT_MIN_PAIRS pairs and both values varying.  These are the figures
 * the benchmark peers compute too (bench/).  Pure; no I/O, no threads.
 */
#ifndef BR_CORE_COHORT_H
#define BR_CORE_COHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/series.h"

#define BR_COHORT_MIN_PAIRS 14
#define BR_COHORT_HIST_BINS 20 /* r in [-1, 1], 0.1 wide */

struct br_lag_sums {
	int32_t n, sx, sy, sxx, syy, sxy;
};

struct br_cohort_patient {
	int32_t span_days;    /* first to last diary day inside the period */
	int32_t diary_days;   /* days with a diary entry */
	int32_t pain_days;    /* days with a pain rating */
	int32_t quality_days; /* nights with a quality rating */
	struct br_lag_sums sp, ps;
};

/* The sums of series s over the days in [from, to]. */
void br_cohort_patient_stats(const struct br_series *s, int32_t from,
                             int32_t to, struct br_cohort_patient *out);

/* r and the slope per 1 SD of x; false (and nothing set) when n is below
 * min_n or x or y does not vary. */
bool br_lag_stats(const struct br_lag_sums *s, int min_n, double *r,
                  double *beta);

/* Values of one statistic over patients, for its distribution. */
struct br_cohort_values {
	size_t n, cap;
	double *v;
};

struct br_cohort_acc {
	int64_t patients;       /* patients counted (with or without diary) */
	int64_t episodes;       /* their episodes in the period */
	int64_t diary_patients; /* with at least one diary day in the period */
	int64_t diary_days;
	int64_t span_days;
	int64_t paired_days;
	double completeness_sum; /* per-patient diary_days / span_days */
	struct br_cohort_values sp_r, sp_beta, ps_r, ps_beta;
};

void br_cohort_acc_init(struct br_cohort_acc *a);
void br_cohort_acc_free(struct br_cohort_acc *a);
/* Adds one patient's sums; BR_ENOMEM. */
int br_cohort_acc_add(struct br_cohort_acc *a,
                      const struct br_cohort_patient *p);
/* Adds b into a (b is left empty); BR_ENOMEM. */
int br_cohort_acc_merge(struct br_cohort_acc *a, struct br_cohort_acc *b);

struct br_cohort_dist {
	size_t n;
	double mean, sd;
	double p10, p25, median, p75, p90;
	double negative_share;         /* share of values below 0 */
	int hist[BR_COHORT_HIST_BINS]; /* counts of r-type values by 0.1 */
};

/* The distribution of v (reordered in place); hist counts the values that
 * lie in [-1, 1].  Quantiles as numpy's default (linear). */
void br_cohort_dist(struct br_cohort_values *v, struct br_cohort_dist *out);

#endif
