/*
 * stats.c - OLS, intervals, block bootstrap and quantiles over arrays (see
 * stats.h).  The numerics are GSL's: least squares by SVD, t quantiles,
 * sorting and quantiles; this file only arranges arrays for them.
 */
#include "core/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "core/err.h"

struct br_ols_ws {
	size_t n, p;
	gsl_multifit_linear_workspace *w;
	gsl_matrix *X;
	gsl_vector *y;
	gsl_vector *c;
	gsl_matrix *cov;
};

struct br_ols_ws *
br_ols_ws_alloc(size_t n, size_t p)
{
	struct br_ols_ws *ws;

	if (p == 0 || p > BR_OLS_MAXP || n <= p)
		return NULL;
	ws = calloc(1, sizeof(*ws));
	if (ws == NULL)
		return NULL;
	/* GSL calls abort() through its default handler on a bad call; the
	 * sizes here are checked first, so turn the handler off and use the
	 * return codes. */
	gsl_set_error_handler_off();
	ws->n = n;
	ws->p = p;
	ws->w = gsl_multifit_linear_alloc(n, p);
	ws->X = gsl_matrix_alloc(n, p);
	ws->y = gsl_vector_alloc(n);
	ws->c = gsl_vector_alloc(p);
	ws->cov = gsl_matrix_alloc(p, p);
	if (!ws->w || !ws->X || !ws->y || !ws->c || !ws->cov) {
		br_ols_ws_free(ws);
		return NULL;
	}
	return ws;
}

void
br_ols_ws_free(struct br_ols_ws *ws)
{
	if (ws == NULL)
		return;
	if (ws->w)
		gsl_multifit_linear_free(ws->w);
	if (ws->X)
		gsl_matrix_free(ws->X);
	if (ws->y)
		gsl_vector_free(ws->y);
	if (ws->c)
		gsl_vector_free(ws->c);
	if (ws->cov)
		gsl_matrix_free(ws->cov);
	free(ws);
}

int
br_ols_fit(struct br_ols_ws *ws, const double *X, const double *y, size_t n,
           size_t p, struct br_ols *out)
{
	gsl_matrix_view Xv;
	gsl_vector_view yv;
	double chisq = 0;
	size_t rank = 0;
	int rc;

	out->n = n;
	out->p = p;
	out->rank = 0;
	out->df = (int)n - (int)p;
	if (n <= p || n > ws->n || p != ws->p)
		return BR_EINVAL;
	/* GSL needs a workspace of exactly n rows: views of the first n. */
	Xv = gsl_matrix_submatrix(ws->X, 0, 0, n, p);
	yv = gsl_vector_subvector(ws->y, 0, n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < p; j++)
			gsl_matrix_set(&Xv.matrix, i, j, X[i * p + j]);
		gsl_vector_set(&yv.vector, i, y[i]);
	}
	/* The workspace takes any system up to its size (GSL 2.2+). */
	rc = gsl_multifit_linear_tsvd(&Xv.matrix, &yv.vector,
	                              GSL_DBL_EPSILON * 1e3, ws->c, ws->cov,
	                              &chisq, &rank, ws->w);
	out->rank = rank;
	if (rc != GSL_SUCCESS || rank < p)
		return BR_EINVAL;
	/* gsl_multifit_linear* returns cov = (X'X)^-1 sigma2 with sigma2
	 * from chisq / (n - p). */
	out->sigma2 = chisq / (double)(n - p);
	for (size_t j = 0; j < p; j++) {
		out->coef[j] = gsl_vector_get(ws->c, j);
		out->se[j] = sqrt(gsl_matrix_get(ws->cov, j, j));
		if (!isfinite(out->coef[j]) || !isfinite(out->se[j]))
			return BR_EINVAL;
	}
	return 0;
}

void
br_ols_ci(const struct br_ols *fit, size_t j, double alpha, double ci[2])
{
	double t = gsl_cdf_tdist_Pinv(1 - alpha / 2, (double)fit->df);

	ci[0] = fit->coef[j] - t * fit->se[j];
	ci[1] = fit->coef[j] + t * fit->se[j];
}

void
br_mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	*mean = n ? gsl_stats_mean(x, 1, n) : 0;
	*sd = n > 1 ? gsl_stats_sd_m(x, 1, n, *mean) : 0;
}

size_t
br_block_length(size_t n, size_t lo, size_t hi)
{
	size_t l = (size_t)lround(cbrt((double)n));

	return l < lo ? lo : l > hi ? hi : l;
}

void
br_block_resample(size_t n, size_t block,
                  unsigned long (*draw)(void *ctx, unsigned long k), void *ctx,
                  size_t *idx)
{
	size_t filled = 0;

	if (block < 1)
		block = 1;
	if (block > n)
		block = n;
	while (filled < n) {
		size_t start = draw(ctx, (unsigned long)(n - block + 1));

		for (size_t k = 0; k < block && filled < n; k++)
			idx[filled++] = start + k;
	}
}

double
br_quantile(double *v, size_t n, double f)
{
	if (n == 0)
		return NAN;
	gsl_sort(v, 1, n);
	return gsl_stats_quantile_from_sorted_data(v, 1, n, f);
}
