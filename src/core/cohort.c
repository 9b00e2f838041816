/*
 * cohort.c - one-pass sums over packed series and the cohort accumulators
 * (see cohort.h).  The day loop is branch-free over int8 columns so the
 * compiler can vectorise it; sums stay exact in integers.
 */
/* The day loops are the whole cost of a cohort pass: let GCC vectorise
 * them fully (its -O2 cost model keeps the int8 widening scalar). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif

#include "core/cohort.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/stats.h"

#include <gsl/gsl_statistics_double.h>

#define BLOCK_DAYS 256

/* x86-64: an AVX-512 (x86-64-v4) or AVX2 clone picked at run time where the CPU
 * has it, SSE2 otherwise (GCC function multi-versioning). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define BR_CLONES                                                              \
	__attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define BR_CLONES
#endif

BR_CLONES void
br_cohort_patient_stats(const struct br_series *s, int32_t from, int32_t to,
                        struct br_cohort_patient *out)
{
	int32_t lo = from - s->first_day, hi = to - s->first_day;
	int32_t first = -1, last = -1;
	int32_t n1 = 0, sx1 = 0, sy1 = 0, sxx1 = 0, syy1 = 0, sxy1 = 0;
	int32_t n2 = 0, sx2 = 0, sy2 = 0, sxx2 = 0, syy2 = 0, sxy2 = 0;
	int32_t entries = 0, pains = 0, quals = 0;
	const uint8_t *c = s->code;

	memset(out, 0, sizeof(*out));
	if (lo < 0)
		lo = 0;
	if (hi > s->n_days - 1)
		hi = s->n_days - 1;
	if (hi < lo)
		return;
	/* Both pairs in one pass over days lo .. hi - 1 (day i and day
	 * i + 1), the last day's same-day pair after it.  Fields are value
	 * + 1 (0 = not reported), masked by AND.  The sums of a block of
	 * BLOCK_DAYS days stay in 16-bit lanes (twice the lanes of 32-bit
	 * sums) and are exact for any byte: a field is at most 15, so a
	 * product is at most 14 * 14 and 256 of them at most 50 176. */
	for (int32_t b = lo; b < hi; b += BLOCK_DAYS) {
		int32_t e = hi - b > BLOCK_DAYS ? b + BLOCK_DAYS : hi;
		uint16_t a_n1 = 0, a_sx1 = 0, a_sy1 = 0, a_sxx1 = 0, a_syy1 = 0,
		         a_sxy1 = 0;
		uint16_t a_n2 = 0, a_sx2 = 0, a_sy2 = 0, a_sxx2 = 0, a_syy2 = 0,
		         a_sxy2 = 0;
		uint16_t a_entries = 0, a_pains = 0, a_quals = 0;

		for (int32_t i = b; i < e; i++) {
			uint8_t pe = c[i] & 0x0f, qe = (c[i] >> 4) & 0x07;
			uint8_t qn = (c[i + 1] >> 4) & 0x07;
			uint8_t m1 = (uint8_t) - ((pe != 0) & (qe != 0));
			uint8_t m2 = (uint8_t) - ((pe != 0) & (qn != 0));
			uint16_t x1 = (uint8_t)((qe - 1) & m1),
			         y1 = (uint8_t)((pe - 1) & m1);
			uint16_t x2 = (uint8_t)((pe - 1) & m2),
			         y2 = (uint8_t)((qn - 1) & m2);

			a_entries += c[i] >> 7;
			a_pains += pe != 0;
			a_quals += qe != 0;
			a_n1 += m1 & 1;
			a_sx1 += x1;
			a_sy1 += y1;
			a_sxx1 += x1 * x1;
			a_syy1 += y1 * y1;
			a_sxy1 += x1 * y1;
			a_n2 += m2 & 1;
			a_sx2 += x2;
			a_sy2 += y2;
			a_sxx2 += x2 * x2;
			a_syy2 += y2 * y2;
			a_sxy2 += x2 * y2;
		}
		n1 += a_n1;
		sx1 += a_sx1;
		sy1 += a_sy1;
		sxx1 += a_sxx1;
		syy1 += a_syy1;
		sxy1 += a_sxy1;
		n2 += a_n2;
		sx2 += a_sx2;
		sy2 += a_sy2;
		sxx2 += a_sxx2;
		syy2 += a_syy2;
		sxy2 += a_sxy2;
		entries += a_entries;
		pains += a_pains;
		quals += a_quals;
	}
	{
		int pe = c[hi] & 0x0f, qe = (c[hi] >> 4) & 0x07;

		entries += c[hi] >> 7;
		pains += pe != 0;
		quals += qe != 0;
		if (pe != 0 && qe != 0) {
			int x = qe - 1, y = pe - 1;

			n1++;
			sx1 += x;
			sy1 += y;
			sxx1 += x * x;
			syy1 += y * y;
			sxy1 += x * y;
		}
	}
	for (int32_t i = lo; i <= hi && first < 0; i++)
		if (c[i] & BR_SERIES_CODE_ENTRY)
			first = i;
	for (int32_t i = hi; i >= lo && last < 0; i--)
		if (c[i] & BR_SERIES_CODE_ENTRY)
			last = i;
	out->span_days = first >= 0 ? last - first + 1 : 0;
	out->diary_days = entries;
	out->pain_days = pains;
	out->quality_days = quals;
	out->sp = (struct br_lag_sums){n1, sx1, sy1, sxx1, syy1, sxy1};
	out->ps = (struct br_lag_sums){n2, sx2, sy2, sxx2, syy2, sxy2};
}

bool
br_lag_stats(const struct br_lag_sums *s, int min_n, double *r, double *beta)
{
	int64_t n = s->n;
	int64_t cxx = n * s->sxx - (int64_t)s->sx * s->sx;
	int64_t cyy = n * s->syy - (int64_t)s->sy * s->sy;
	int64_t cxy = n * s->sxy - (int64_t)s->sx * s->sy;

	if (n < min_n || n < 2 || cxx <= 0 || cyy <= 0)
		return false;
	*r = (double)cxy / sqrt((double)cxx * (double)cyy);
	*beta = (double)cxy / sqrt((double)cxx * (double)(n * (n - 1)));
	return true;
}

void
br_cohort_acc_init(struct br_cohort_acc *a)
{
	memset(a, 0, sizeof(*a));
}

void
br_cohort_acc_free(struct br_cohort_acc *a)
{
	free(a->sp_r.v);
	free(a->sp_beta.v);
	free(a->ps_r.v);
	free(a->ps_beta.v);
	br_cohort_acc_init(a);
}

static int
push(struct br_cohort_values *v, double x)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		double *p = realloc(v->v, cap * sizeof(*p));

		if (p == NULL)
			return BR_ENOMEM;
		v->v = p;
		v->cap = cap;
	}
	v->v[v->n++] = x;
	return 0;
}

int
br_cohort_acc_add(struct br_cohort_acc *a, const struct br_cohort_patient *p)
{
	double r, beta;
	int rc = 0;

	a->patients++;
	if (p->diary_days == 0)
		return 0;
	a->diary_patients++;
	a->diary_days += p->diary_days;
	a->span_days += p->span_days;
	a->paired_days += p->sp.n;
	a->completeness_sum += (double)p->diary_days / p->span_days;
	if (br_lag_stats(&p->sp, BR_COHORT_MIN_PAIRS, &r, &beta)) {
		rc = push(&a->sp_r, r);
		if (rc == 0)
			rc = push(&a->sp_beta, beta);
	}
	if (rc == 0 && br_lag_stats(&p->ps, BR_COHORT_MIN_PAIRS, &r, &beta)) {
		rc = push(&a->ps_r, r);
		if (rc == 0)
			rc = push(&a->ps_beta, beta);
	}
	return rc;
}

static int
append(struct br_cohort_values *a, struct br_cohort_values *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (push(a, b->v[i]) < 0)
			return BR_ENOMEM;
	free(b->v);
	memset(b, 0, sizeof(*b));
	return 0;
}

int
br_cohort_acc_merge(struct br_cohort_acc *a, struct br_cohort_acc *b)
{
	a->patients += b->patients;
	a->episodes += b->episodes;
	a->diary_patients += b->diary_patients;
	a->diary_days += b->diary_days;
	a->span_days += b->span_days;
	a->paired_days += b->paired_days;
	a->completeness_sum += b->completeness_sum;
	if (append(&a->sp_r, &b->sp_r) < 0 ||
	    append(&a->sp_beta, &b->sp_beta) < 0 ||
	    append(&a->ps_r, &b->ps_r) < 0 ||
	    append(&a->ps_beta, &b->ps_beta) < 0)
		return BR_ENOMEM;
	br_cohort_acc_free(b);
	return 0;
}

/* The smallest of v[0..n). */
static double
min_of(const double *v, size_t n)
{
	double m = v[0];

	for (size_t i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

/*
 * Quantiles at fractions f[0..k) (ascending) by linear interpolation
 * between order statistics (numpy's default, as br_quantile), with
 * selection instead of a sort: the median is selected first, each later
 * quantile inside the part the previous selection left on its side, so
 * the whole costs a few passes over v.  Reorders v.
 */
static void
quantiles(double *v, size_t n, const double *f, int k, double *out)
{
	size_t idx[8] = {0}, mid = (size_t)k / 2;

	if (n == 0 || k <= 0 || k > 8)
		return; /* callers pass 1..8 fractions of a non-empty v */
	for (int j = 0; j < k; j++)
		idx[j] = (size_t)floor((double)(n - 1) * f[j]);
	/* Selection in v[a..b) puts order statistic i in place i. */
	{
		size_t a = 0, b = n;
		for (int j = (int)mid; j >= 0; j--) {
			/* An index equal to the last one is in place. */
			if (idx[j] < b)
				gsl_stats_select(v + a, 1, b - a, idx[j] - a);
			b = idx[j];
		}
		a = idx[mid] + 1;
		b = n;
		for (int j = (int)mid + 1; j < k; j++) {
			if (idx[j] >= a)
				gsl_stats_select(v + a, 1, b - a, idx[j] - a);
			a = idx[j] + 1;
		}
	}
	for (int j = 0; j < k; j++) {
		double h = (double)(n - 1) * f[j], lo = v[idx[j]], hi;

		if (idx[j] + 1 >= n || h == (double)idx[j]) {
			out[j] = lo;
			continue;
		}
		/* The next order statistic: the least of what lies above,
		 * which is at most the next selected one (everything between
		 * two selected places lies between their values). */
		{
			size_t end = j + 1 < k && idx[j + 1] > idx[j]
			                     ? idx[j + 1] + 1
			                     : n;

			hi = min_of(v + idx[j] + 1, end - idx[j] - 1);
		}
		out[j] = lo + (h - (double)idx[j]) * (hi - lo);
	}
}

void
br_cohort_dist(struct br_cohort_values *v, struct br_cohort_dist *out)
{
	static const double f[] = {0.10, 0.25, 0.50, 0.75, 0.90};
	double neg = 0, sum = 0, q[5];

	memset(out, 0, sizeof(*out));
	out->n = v->n;
	if (v->n == 0)
		return;
	/* One pass in patient order (the order the chunks merge in), so
	 * the figures do not depend on the threads. */
	for (size_t i = 0; i < v->n; i++) {
		double x = v->v[i];
		int bin = (int)floor((x + 1) * 10);

		sum += x;
		neg += x < 0;
		if (x >= -1 && x <= 1)
			out->hist[bin < 0 ? 0
			          : bin >= BR_COHORT_HIST_BINS
			                  ? BR_COHORT_HIST_BINS - 1
			                  : bin]++;
	}
	out->mean = sum / (double)v->n;
	if (v->n > 1) {
		double ss = 0;

		for (size_t i = 0; i < v->n; i++)
			ss += (v->v[i] - out->mean) * (v->v[i] - out->mean);
		out->sd = sqrt(ss / (double)(v->n - 1));
	}
	out->negative_share = neg / (double)v->n;
	quantiles(v->v, v->n, f, 5, q);
	out->p10 = q[0];
	out->p25 = q[1];
	out->median = q[2];
	out->p75 = q[3];
	out->p90 = q[4];
}
