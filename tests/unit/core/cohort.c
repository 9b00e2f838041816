/* Unit tests for src/core/cohort.c: the one-pass sums against a direct
 * computation (GSL's correlation and covariance), the period, the
 * accumulators and the distribution (quantiles as numpy's default). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "core/cohort.h"
#include "core/series.h"
#include "core/stats.h"

#define CLOSE(a, b) assert_true(fabs((a) - (b)) < 1e-12)

/* A random series: some days without entry, some values missing. */
static void
random_series(gsl_rng *r, int n, struct br_series_buf *b)
{
	br_series_buf_init(b);
	for (int i = 0; i < n; i++) {
		struct br_series_day d = {(int)gsl_rng_uniform_int(r, 11),
		                          (int)gsl_rng_uniform_int(r, 5), -1,
		                          BR_SERIES_ENTRY};
		double u = gsl_rng_uniform(r);

		if (u < 0.1)
			continue;
		if (u < 0.15)
			d.pain = -1;
		else if (u < 0.2)
			d.quality = -1;
		assert_int_equal(br_series_buf_set(b, 1000 + i, &d), 0);
	}
}

/* Direct: the pairs in arrays, then GSL. */
static void
direct(const struct br_series *v, int32_t from, int32_t to, int lag, int *n,
       double *r, double *beta)
{
	double *x = malloc((size_t)v->n_days * sizeof(double));
	double *y = malloc((size_t)v->n_days * sizeof(double));
	int k = 0;

	for (int i = 0; i + lag < v->n_days; i++) {
		int32_t day = v->first_day + i;
		int px = lag ? BR_SERIES_PAIN(v->code[i])
		             : BR_SERIES_QUALITY(v->code[i]);
		int py = lag ? BR_SERIES_QUALITY(v->code[i + 1])
		             : BR_SERIES_PAIN(v->code[i]);

		if (day < from || day + lag > to || px < 0 || py < 0)
			continue;
		x[k] = px;
		y[k] = py;
		k++;
	}
	*n = k;
	*r = gsl_stats_correlation(x, 1, y, 1, (size_t)k);
	*beta = gsl_stats_covariance(x, 1, y, 1, (size_t)k) /
	        gsl_stats_sd(x, 1, (size_t)k);
	free(x);
	free(y);
}

static void
test_sums_match_direct(void **state)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	(void)state;
	gsl_rng_set(r, 42);
	for (int t = 0; t < 50; t++) {
		struct br_series_buf b;
		struct br_series v;
		struct br_cohort_patient p;
		int32_t from = 1000 + (int32_t)gsl_rng_uniform_int(r, 30);
		int32_t to = from + 20 + (int32_t)gsl_rng_uniform_int(r, 300);
		double rr, bb, dr, db;
		int n;

		random_series(r, 20 + (int)gsl_rng_uniform_int(r, 400), &b);
		assert_int_equal(br_series_buf_pack(&b, &v), 0);
		br_cohort_patient_stats(&v, from, to, &p);
		direct(&v, from, to, 0, &n, &dr, &db);
		assert_int_equal(p.sp.n, n);
		if (br_lag_stats(&p.sp, 14, &rr, &bb)) {
			CLOSE(rr, dr);
			CLOSE(bb, db);
		} else {
			assert_true(n < 14);
		}
		direct(&v, from, to, 1, &n, &dr, &db);
		assert_int_equal(p.ps.n, n);
		if (br_lag_stats(&p.ps, 14, &rr, &bb)) {
			CLOSE(rr, dr);
			CLOSE(bb, db);
		} else {
			assert_true(n < 14);
		}
		br_series_buf_free(&b);
	}
	gsl_rng_free(r);
}

/* Every sum exactly as a plain loop makes it, for any byte in the series
 * (damaged or not), series of up to 2000 days and any period: the block
 * sums of the pass must never wrap. */
static void
test_sums_exact_any_bytes(void **state)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	uint8_t *code = malloc(2000);

	(void)state;
	assert_non_null(code);
	gsl_rng_set(r, 9);
	for (int t = 0; t < 300; t++) {
		int32_t n = 1 + (int32_t)gsl_rng_uniform_int(r, 2000);
		struct br_series v = {1, 5000, n, code, NULL, NULL};
		int32_t from = 5000 - 5 + (int32_t)gsl_rng_uniform_int(r, 50);
		int32_t to = from + (int32_t)gsl_rng_uniform_int(r, 2100);
		int32_t s1[6] = {0}, s2[6] = {0}, ent = 0, pain = 0, qual = 0;
		int32_t lo = from - 5000 < 0 ? 0 : from - 5000;
		int32_t hi = to - 5000 > n - 1 ? n - 1 : to - 5000;
		struct br_cohort_patient p;

		for (int32_t i = 0; i < n; i++)
			code[i] = t % 3 ? (uint8_t)gsl_rng_uniform_int(r, 256)
			                : (uint8_t)(0xff - (i % 3));
		for (int32_t i = lo; i <= hi; i++) {
			int pe = code[i] & 15, qe = (code[i] >> 4) & 7;
			int qn = i < hi ? (code[i + 1] >> 4) & 7 : 0;

			ent += code[i] >> 7;
			pain += pe != 0;
			qual += qe != 0;
			if (pe && qe) {
				s1[0]++;
				s1[1] += qe - 1;
				s1[2] += pe - 1;
				s1[3] += (qe - 1) * (qe - 1);
				s1[4] += (pe - 1) * (pe - 1);
				s1[5] += (qe - 1) * (pe - 1);
			}
			if (pe && qn) {
				s2[0]++;
				s2[1] += pe - 1;
				s2[2] += qn - 1;
				s2[3] += (pe - 1) * (pe - 1);
				s2[4] += (qn - 1) * (qn - 1);
				s2[5] += (pe - 1) * (qn - 1);
			}
		}
		br_cohort_patient_stats(&v, from, to, &p);
		assert_int_equal(p.diary_days, ent);
		assert_int_equal(p.pain_days, pain);
		assert_int_equal(p.quality_days, qual);
		assert_int_equal(p.sp.n, s1[0]);
		assert_int_equal(p.sp.sx, s1[1]);
		assert_int_equal(p.sp.sy, s1[2]);
		assert_int_equal(p.sp.sxx, s1[3]);
		assert_int_equal(p.sp.syy, s1[4]);
		assert_int_equal(p.sp.sxy, s1[5]);
		assert_int_equal(p.ps.n, s2[0]);
		assert_int_equal(p.ps.sx, s2[1]);
		assert_int_equal(p.ps.sy, s2[2]);
		assert_int_equal(p.ps.sxx, s2[3]);
		assert_int_equal(p.ps.syy, s2[4]);
		assert_int_equal(p.ps.sxy, s2[5]);
	}
	free(code);
	gsl_rng_free(r);
}

static void
test_days_and_span(void **state)
{
	struct br_series_buf b;
	struct br_series v;
	struct br_cohort_patient p;
	struct br_series_day d = {5, 2, -1, BR_SERIES_ENTRY};

	(void)state;
	br_series_buf_init(&b);
	br_series_buf_set(&b, 10, &d);
	br_series_buf_set(&b, 12, &d);
	d.pain = -1; /* an entry without pain */
	br_series_buf_set(&b, 20, &d);
	br_series_buf_pack(&b, &v);
	br_cohort_patient_stats(&v, 0, 100, &p);
	assert_int_equal(p.diary_days, 3);
	assert_int_equal(p.span_days, 11);
	assert_int_equal(p.pain_days, 2);
	assert_int_equal(p.quality_days, 3);
	assert_int_equal(p.sp.n, 2);
	assert_int_equal(p.ps.n, 0); /* no consecutive days */
	br_cohort_patient_stats(&v, 11, 19, &p);
	assert_int_equal(p.diary_days, 1);
	assert_int_equal(p.span_days, 1);
	br_cohort_patient_stats(&v, 30, 40, &p);
	assert_int_equal(p.diary_days, 0);
	assert_int_equal(p.span_days, 0);
	br_series_buf_free(&b);
}

static void
test_flat_values_have_no_estimate(void **state)
{
	struct br_lag_sums s = {20, 40, 100, 80, 600, 200};
	double r, b;

	(void)state;
	/* x always 2: no variance. */
	assert_false(br_lag_stats(&s, 14, &r, &b));
	s = (struct br_lag_sums){13, 13, 13, 13, 13, 13};
	assert_false(br_lag_stats(&s, 14, &r, &b));
}

static void
test_distribution(void **state)
{
	struct br_cohort_values v = {0, 0, NULL};
	struct br_cohort_dist d;
	double copy[997];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);

	(void)state;
	gsl_rng_set(r, 7);
	v.v = malloc(997 * sizeof(double));
	v.cap = 997;
	for (int i = 0; i < 997; i++)
		copy[i] = v.v[v.n++] = 2 * gsl_rng_uniform(r) - 1.2;
	br_cohort_dist(&v, &d);
	assert_int_equal(d.n, 997);
	CLOSE(d.mean, gsl_stats_mean(copy, 1, 997));
	CLOSE(d.sd, gsl_stats_sd(copy, 1, 997));
	/* The same as sorting (br_quantile, numpy's default). */
	CLOSE(d.p10, br_quantile(copy, 997, 0.10));
	CLOSE(d.p25, br_quantile(copy, 997, 0.25));
	CLOSE(d.median, br_quantile(copy, 997, 0.50));
	CLOSE(d.p75, br_quantile(copy, 997, 0.75));
	CLOSE(d.p90, br_quantile(copy, 997, 0.90));
	{
		int sum = 0, neg = 0, inside = 0;
		for (int i = 0; i < BR_COHORT_HIST_BINS; i++)
			sum += d.hist[i];
		for (int i = 0; i < 997; i++) {
			neg += copy[i] < 0;
			inside += copy[i] >= -1 && copy[i] <= 1;
		}
		/* The histogram counts the values in [-1, 1]. */
		assert_int_equal(sum, inside);
		CLOSE(d.negative_share, neg / 997.0);
	}
	/* Small and repeated values. */
	for (size_t n = 1; n < 6; n++) {
		v.n = n;
		for (size_t i = 0; i < n; i++)
			copy[i] = v.v[i] = (double)(i % 2);
		br_cohort_dist(&v, &d);
		CLOSE(d.p10, br_quantile(copy, n, 0.10));
		CLOSE(d.median, br_quantile(copy, n, 0.5));
		CLOSE(d.p90, br_quantile(copy, n, 0.9));
	}
	/* Many ties at every size up to 300: each quantile and the order
	 * statistic after it, as sorting gives them. */
	for (size_t n = 1; n <= 300; n++) {
		v.n = n;
		for (size_t i = 0; i < n; i++)
			copy[i] = v.v[i] =
			        (double)gsl_rng_uniform_int(r, 1 + n % 9) / 4;
		br_cohort_dist(&v, &d);
		CLOSE(d.p10, br_quantile(copy, n, 0.10));
		CLOSE(d.p25, br_quantile(copy, n, 0.25));
		CLOSE(d.median, br_quantile(copy, n, 0.5));
		CLOSE(d.p75, br_quantile(copy, n, 0.75));
		CLOSE(d.p90, br_quantile(copy, n, 0.9));
	}
	free(v.v);
	gsl_rng_free(r);
}

static void
test_merge_keeps_order(void **state)
{
	struct br_cohort_acc a, b;
	struct br_cohort_patient p;

	(void)state;
	br_cohort_acc_init(&a);
	br_cohort_acc_init(&b);
	memset(&p, 0, sizeof(p));
	p.diary_days = 30;
	p.span_days = 40;
	p.sp = (struct br_lag_sums){20, 40, 100, 100, 600, 190};
	assert_int_equal(br_cohort_acc_add(&a, &p), 0);
	p.sp.sxy = 210;
	assert_int_equal(br_cohort_acc_add(&b, &p), 0);
	p.diary_days = 0;
	assert_int_equal(br_cohort_acc_add(&b, &p), 0);
	assert_int_equal(br_cohort_acc_merge(&a, &b), 0);
	assert_int_equal(a.patients, 3);
	assert_int_equal(a.diary_patients, 2);
	assert_int_equal(a.diary_days, 60);
	assert_int_equal(a.sp_r.n, 2);
	assert_true(a.sp_r.v[0] < a.sp_r.v[1]);
	CLOSE(a.completeness_sum, 1.5);
	assert_int_equal(b.sp_r.n, 0);
	br_cohort_acc_free(&a);
	br_cohort_acc_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sums_match_direct),
	        cmocka_unit_test(test_sums_exact_any_bytes),
	        cmocka_unit_test(test_days_and_span),
	        cmocka_unit_test(test_flat_values_have_no_estimate),
	        cmocka_unit_test(test_distribution),
	        cmocka_unit_test(test_merge_keeps_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
