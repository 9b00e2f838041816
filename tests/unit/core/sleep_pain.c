/* Unit tests for src/core/sleep_pain.c: minimum-data rules, the pattern
 * verdicts, the wording rules and determinism.  The estimates themselves
 * are checked against statsmodels in tests/cli/test_analysis.py. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "core/sleep.h"
#include "core/sleep_pain.h"

/* A diary of n days from day 1000 with planted effects (pain points per
 * quality point, quality points per pain point); AR(1) pain noise. */
static struct br_sp_day *
make(unsigned long seed, int n, double b_sp, double b_ps)
{
	struct br_sp_day *d = calloc((size_t)n, sizeof(*d));
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double noise = 0;
	int prev = -1;

	gsl_rng_set(r, seed);
	for (int t = 0; t < n; t++) {
		double q = 2.2 + gsl_ran_gaussian(r, 0.9);
		double p;

		if (prev >= 0)
			q += b_ps * (prev - 5);
		q = fmin(4, fmax(0, round(q)));
		noise = 0.6 * noise + gsl_ran_gaussian(r, 1.0);
		p = fmin(10, fmax(0, round(5 + noise + b_sp * (q - 2))));
		d[t].day = 1000 + t;
		d[t].pain = (int)p;
		d[t].quality = (int)q;
		prev = (int)p;
	}
	gsl_rng_free(r);
	return d;
}

static void
test_minimum_data(void **state)
{
	struct br_sp_day *d = make(1, 40, -1.0, 0);
	struct br_sp_result r;
	char s[BR_SP_SENTENCE_MAX];

	(void)state;
	assert_int_equal(br_sleep_pain_analyze(d, 13, 1000, 1012, &r), 0);
	assert_int_equal(r.paired_days, 13);
	assert_int_equal(r.level, BR_SP_NONE);
	assert_int_equal(r.pattern, BR_SP_INSUFFICIENT);
	assert_false(r.sleep_to_pain.estimated);
	br_sleep_pain_sentence(&r, s, sizeof(s));
	assert_non_null(strstr(s, "at least 14"));

	assert_int_equal(br_sleep_pain_analyze(d, 14, 1000, 1013, &r), 0);
	assert_int_equal(r.level, BR_SP_EXPLORATORY);
	assert_true(r.sleep_to_pain.estimated);
	br_sleep_pain_sentence(&r, s, sizeof(s));
	assert_non_null(strstr(s, "Exploratory"));

	assert_int_equal(br_sleep_pain_analyze(d, 28, 1000, 1027, &r), 0);
	assert_int_equal(r.level, BR_SP_SUFFICIENT);

	/* A day without quality is not paired; missing days count the rest
	 * of the period. */
	d[5].quality = BR_UNSET;
	d[6].pain = BR_UNSET;
	assert_int_equal(br_sleep_pain_analyze(d, 28, 1000, 1029, &r), 0);
	assert_int_equal(r.days, 30);
	assert_int_equal(r.paired_days, 26);
	assert_int_equal(r.missing_days, 4);
	assert_int_equal(r.level, BR_SP_EXPLORATORY);
	/* Days outside the period are ignored. */
	assert_int_equal(br_sleep_pain_analyze(d, 40, 1030, 1039, &r), 0);
	assert_int_equal(r.paired_days, 10);
	assert_int_equal(br_sleep_pain_analyze(d, 40, 1039, 1030, &r),
	                 BR_EINVAL);
	free(d);
}

static void
test_patterns_and_wording(void **state)
{
	static const struct {
		double b_sp, b_ps;
		enum br_sp_pattern want;
	} cases[] = {
	        {-1.5, 0.0, BR_SP_SLEEP_THEN_PAIN},
	        {0.0, -0.6, BR_SP_PAIN_THEN_SLEEP},
	        {-1.5, -0.6, BR_SP_BOTH},
	        {0.0, 0.0, BR_SP_NO_CLEAR},
	};
	char s[BR_SP_SENTENCE_MAX];

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct br_sp_day *d =
		        make(10 + k, 200, cases[k].b_sp, cases[k].b_ps);
		struct br_sp_result r;

		assert_int_equal(br_sleep_pain_analyze(d, 200, 1000, 1199, &r),
		                 0);
		br_sleep_pain_sentence(&r, s, sizeof(s));
		print_message("case %zu: %s (%.3f, %.3f)\n", k,
		              br_sp_pattern_name(r.pattern),
		              r.sleep_to_pain.estimate,
		              r.pain_to_sleep.estimate);
		assert_int_equal(r.pattern, cases[k].want);
		assert_null(strstr(s, "significant"));
		if (cases[k].want == BR_SP_NO_CLEAR) {
			assert_non_null(strstr(s, "No clear pattern yet"));
		} else {
			assert_non_null(strstr(s, "not proof"));
			assert_non_null(strstr(s, "mood"));
			assert_non_null(strstr(s, "medication"));
		}
		/* Each counted direction's interval excludes zero and
		 * holds both intervals. */
		const struct br_sp_direction *dir[] = {&r.sleep_to_pain,
		                                       &r.pain_to_sleep};
		for (int j = 0; j < 2; j++) {
			assert_true(dir[j]->estimated);
			assert_true(dir[j]->ci[0] <= dir[j]->ci_t[0]);
			assert_true(dir[j]->ci[0] <= dir[j]->ci_boot[0]);
			assert_true(dir[j]->ci[1] >= dir[j]->ci_t[1]);
			assert_true(dir[j]->ci[1] >= dir[j]->ci_boot[1]);
			assert_int_equal(dir[j]->counts,
			                 dir[j]->ci[0] > 0 ||
			                         dir[j]->ci[1] < 0);
		}
		free(d);
	}
}

static void
test_deterministic(void **state)
{
	struct br_sp_day *d = make(3, 90, -0.5, -0.2);
	struct br_sp_result a, b;

	(void)state;
	assert_int_equal(br_sleep_pain_analyze(d, 90, 1000, 1089, &a), 0);
	assert_int_equal(br_sleep_pain_analyze(d, 90, 1000, 1089, &b), 0);
	assert_true(a.sleep_to_pain.ci_boot[0] == b.sleep_to_pain.ci_boot[0]);
	assert_true(a.pain_to_sleep.ci_boot[1] == b.pain_to_sleep.ci_boot[1]);
	assert_int_equal(a.block_days, 4); /* 66 rows: cbrt 4.04 */
	free(d);
}

static void
test_flat_series(void **state)
{
	struct br_sp_day d[40];
	struct br_sp_result r;

	(void)state;
	for (int t = 0; t < 40; t++) {
		d[t].day = t;
		d[t].pain = 3 + t % 4;
		d[t].quality = 2;
	}
	assert_int_equal(br_sleep_pain_analyze(d, 40, 0, 39, &r), 0);
	assert_false(r.sleep_to_pain.estimated);
	assert_non_null(strstr(r.sleep_to_pain.reason, "same every night"));
	assert_false(r.pain_to_sleep.estimated);
	assert_int_equal(r.pattern, BR_SP_INSUFFICIENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_minimum_data),
	        cmocka_unit_test(test_patterns_and_wording),
	        cmocka_unit_test(test_deterministic),
	        cmocka_unit_test(test_flat_series),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
