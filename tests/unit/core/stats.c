/* Unit tests for src/core/stats.c.  The golden values were computed
 * independently with Debian's python3-statsmodels 0.13.5 / scipy 1.10.1 /
 * numpy 1.24 (the script is in the comment of each test); the CLI test
 * tests/cli/test_analysis.py recomputes them live on random series. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/err.h"
#include "core/stats.h"

#define CLOSE(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/*
 * y, x, lag, trend below; in Python:
 *   X = sm.add_constant(np.column_stack([x - x.mean(), lag, trend]))
 *   f = sm.OLS(y, X).fit(); f.params, f.bse, f.conf_int(0.05)[1], f.scale
 */
static const double Y[] = {5, 6, 4, 7, 6, 5, 8, 7, 6, 5, 4, 6, 7, 8, 6};
static const double XS[] = {2, 1, 3, 0, 2, 2, 0, 1, 2, 3, 4, 2, 1, 0, 2};
static const double LAG[] = {4, 5, 6, 4, 7, 6, 5, 8, 7, 6, 5, 4, 6, 7, 8};

static void
test_ols_matches_statsmodels(void **state)
{
	double X[15 * 4], mean, sd, ci[2];
	struct br_ols fit;
	struct br_ols_ws *ws = br_ols_ws_alloc(20, 4);

	(void)state;
	assert_non_null(ws);
	br_mean_sd(XS, 15, &mean, &sd);
	for (int i = 0; i < 15; i++) {
		X[i * 4 + 0] = 1;
		X[i * 4 + 1] = XS[i] - mean;
		X[i * 4 + 2] = LAG[i];
		X[i * 4 + 3] = i + 1;
	}
	/* A workspace larger than the design is fine. */
	assert_int_equal(br_ols_fit(ws, X, Y, 15, 4, &fit), 0);
	assert_int_equal(fit.df, 11);
	assert_int_equal((int)fit.rank, 4);
	CLOSE(fit.coef[0], 5.028887061710863);
	CLOSE(fit.coef[1], -0.9918524470689363);
	CLOSE(fit.coef[2], 0.05908610991721641);
	CLOSE(fit.coef[3], 0.07805930334684971);
	CLOSE(fit.se[0], 0.3916359401180227);
	CLOSE(fit.se[1], 0.07518190215654443);
	CLOSE(fit.se[2], 0.07193097341300278);
	CLOSE(fit.se[3], 0.02181207366712973);
	CLOSE(fit.sigma2, 0.109195853853694);
	br_ols_ci(&fit, 1, 0.05, ci);
	CLOSE(ci[0], -1.1573266980222987);
	CLOSE(ci[1], -0.8263781961155737);
	br_ols_ws_free(ws);
}

static void
test_ols_refuses_rank_deficient(void **state)
{
	double X[10 * 3], y[10];
	struct br_ols fit;
	struct br_ols_ws *ws = br_ols_ws_alloc(10, 3);

	(void)state;
	for (int i = 0; i < 10; i++) {
		X[i * 3 + 0] = 1;
		X[i * 3 + 1] = i;
		X[i * 3 + 2] = 2.0 * i; /* a copy of column 1 */
		y[i] = i % 3;
	}
	assert_int_equal(br_ols_fit(ws, X, y, 10, 3, &fit), BR_EINVAL);
	assert_true(fit.rank < 3);
	/* More columns than the workspace, or n <= p. */
	assert_int_equal(br_ols_fit(ws, X, y, 10, 2, &fit), BR_EINVAL);
	assert_int_equal(br_ols_fit(ws, X, y, 3, 3, &fit), BR_EINVAL);
	assert_null(br_ols_ws_alloc(3, 3));
	assert_null(br_ols_ws_alloc(100, BR_OLS_MAXP + 1));
	br_ols_ws_free(ws);
}

static void
test_mean_sd(void **state)
{
	double m, sd;
	const double one[] = {4};

	(void)state;
	br_mean_sd(XS, 15, &m, &sd);
	CLOSE(m, 25.0 / 15);
	/* numpy: np.std(x, ddof=1) */
	CLOSE(sd, 1.1751393027860062);
	br_mean_sd(one, 1, &m, &sd);
	CLOSE(m, 4);
	CLOSE(sd, 0);
}

static void
test_block_length(void **state)
{
	(void)state;
	assert_int_equal(br_block_length(14, 3, 7), 3);  /* 2.4 -> 3 */
	assert_int_equal(br_block_length(120, 3, 7), 5); /* 4.93 */
	assert_int_equal(br_block_length(365, 3, 7), 7); /* 7.1 */
	assert_int_equal(br_block_length(5000, 3, 7), 7);
}

static unsigned long
fixed_draw(void *ctx, unsigned long k)
{
	unsigned long *next = ctx;
	unsigned long v = *next % k;

	*next += 4;
	return v;
}

static void
test_block_resample(void **state)
{
	size_t idx[10];
	unsigned long next = 0;

	(void)state;
	/* Blocks of 3 from starts 0, 4, 0 (8 % 8), 4: truncated to 10. */
	br_block_resample(10, 3, fixed_draw, &next, idx);
	const size_t want[] = {0, 1, 2, 4, 5, 6, 0, 1, 2, 4};
	for (int i = 0; i < 10; i++)
		assert_int_equal(idx[i], want[i]);
	/* Every index stays in range whatever the block. */
	next = 7;
	br_block_resample(10, 50, fixed_draw, &next, idx);
	for (int i = 0; i < 10; i++)
		assert_int_equal(idx[i], (size_t)i);
}

static void
test_quantile_type7(void **state)
{
	double v[] = {3.5, 1.0, 9.0, 2.0, 7.5, 4.0};

	(void)state;
	/* numpy.quantile(v, f), linear interpolation */
	CLOSE(br_quantile(v, 6, 0.025), 1.125);
	CLOSE(br_quantile(v, 6, 0.975), 8.8125);
	CLOSE(br_quantile(v, 6, 0.5), 3.75);
	assert_true(isnan(br_quantile(v, 0, 0.5)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ols_matches_statsmodels),
	        cmocka_unit_test(test_ols_refuses_rank_deficient),
	        cmocka_unit_test(test_mean_sd),
	        cmocka_unit_test(test_block_length),
	        cmocka_unit_test(test_block_resample),
	        cmocka_unit_test(test_quantile_type7),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
