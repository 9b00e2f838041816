/*
 * stats.h - small statistics over arrays, on top of GSL: ordinary least
 * squares with standard errors and t-based intervals, moving-block
 * bootstrap resampling, quantiles.
 *
 * Pure functions over caller arrays; no I/O.  The OLS fit uses GSL's
 * truncated-SVD least squares (gsl_multifit_linear_tsvd) so a rank-deficient
 * design is reported instead of producing numbers; t quantiles come from
 * gsl_cdf_tdist_Pinv.  The caller owns every array; struct br_ols_ws holds
 * GSL workspaces for one design size and is released with
 * br_ols_ws_free().
 */
#ifndef BR_CORE_STATS_H
#define BR_CORE_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define BR_OLS_MAXP 8 /* columns of a design, the intercept included */

struct br_ols {
	size_t n;                 /* rows */
	size_t p;                 /* columns (the intercept is column 0) */
	size_t rank;              /* numerical rank of the design */
	int df;                   /* residual degrees of freedom, n - p */
	double coef[BR_OLS_MAXP]; /* estimates */
	double se[BR_OLS_MAXP];   /* standard errors, sqrt(sigma2 (X'X)^-1) */
	double sigma2;            /* residual variance, RSS / df */
};

struct br_ols_ws;

/* Workspaces for designs of up to n rows and p columns; NULL when out of
 * memory or p > BR_OLS_MAXP. */
struct br_ols_ws *br_ols_ws_alloc(size_t n, size_t p);
void br_ols_ws_free(struct br_ols_ws *ws);

/*
 * Fits y = X b + e by OLS.  X is n rows of p values, row-major, with the
 * intercept column (all 1) included by the caller.  Returns 0, or BR_EINVAL
 * when n <= p, n or p exceed the workspace, or the design is rank
 * deficient (out->rank < p).
 */
int br_ols_fit(struct br_ols_ws *ws, const double *X, const double *y, size_t n,
               size_t p, struct br_ols *out);

/* The two-sided (1 - alpha) t interval of coefficient j:
 * coef +- t(1 - alpha/2, df) se. */
void br_ols_ci(const struct br_ols *fit, size_t j, double alpha, double ci[2]);

/* Sample mean and standard deviation (n - 1 denominator); sd is 0 when
 * n < 2. */
void br_mean_sd(const double *x, size_t n, double *mean, double *sd);

/* The block length of a moving-block bootstrap for a series of n rows:
 * round(n^(1/3)) (Hall, Horowitz and Jing 1995), kept within [lo, hi]. */
size_t br_block_length(size_t n, size_t lo, size_t hi);

/*
 * One moving-block bootstrap resample of row indices 0..n-1: blocks of
 * `block` consecutive rows starting at uniformly drawn positions
 * (0..n-block), concatenated until n indices are filled.  draw(ctx, k)
 * must return a uniform integer in [0, k).  block is clamped to [1, n].
 */
void br_block_resample(size_t n, size_t block,
                       unsigned long (*draw)(void *ctx, unsigned long k),
                       void *ctx, size_t *idx);

/* The f-quantile (0..1) of n values by linear interpolation between order
 * statistics (R type 7, numpy's default); sorts v in place.  NaN when
 * n is 0. */
double br_quantile(double *v, size_t n, double f);

#endif
