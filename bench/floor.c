/*
 * floor.c - the physical floor for bench/run: the bare arithmetic of the
 * cohort pass on packed arrays already in memory.
 *
 *   floor DB RUNS [tuned]
 *
 * Loads every series blob of backrest's cache (table series: one byte a
 * day, 0x80 | (quality + 1) << 4 | (pain + 1), 0 for no entry) into one
 * array (not timed), then times a plain scalar loop computing, per patient, the
 * sums of both lag-1 pairs (last night's quality -> today's pain; today's pain
 * -> tomorrow's quality), Pearson's r and the slope per 1 SD, and their
 * means over patients with at least 14 pairs: a plain branchy loop and a
 * branch-free one (the floor), each on 1 thread and on 2.  bench/run
 * builds it with -O3 -march=native.  Prints JSON: median and all times,
 * and the aggregate to compare.
 */
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pat {
	const uint8_t *c;
	int n;
};

struct acc {
	long n1, n2;
	double r1, b1, r2, b2;
	long pairs1, pairs2;
};

static struct pat *pats;
static long npats;

static void
stats(long n, long sx, long sy, long sxx, long syy, long sxy, long *cnt,
      double *rs, double *bs)
{
	long cxx = n * sxx - sx * sx, cyy = n * syy - sy * sy;
	long cxy = n * sxy - sx * sy;

	if (n < 14 || cxx <= 0 || cyy <= 0)
		return;
	(*cnt)++;
	*rs += (double)cxy / sqrt((double)cxx * (double)cyy);
	*bs += (double)cxy / sqrt((double)cxx * (double)(n * (n - 1)));
}

static void
pass(long lo, long hi, struct acc *a)
{
	memset(a, 0, sizeof(*a));
	for (long k = lo; k < hi; k++) {
		const uint8_t *c = pats[k].c;
		int n = pats[k].n;
		long n1 = 0, sx1 = 0, sy1 = 0, sxx1 = 0, syy1 = 0, sxy1 = 0;
		long n2 = 0, sx2 = 0, sy2 = 0, sxx2 = 0, syy2 = 0, sxy2 = 0;

		for (int i = 0; i < n; i++) {
			int p = (c[i] & 15) - 1, q = ((c[i] >> 4) & 7) - 1;
			int qn = i + 1 < n ? ((c[i + 1] >> 4) & 7) - 1 : -1;

			if (p >= 0 && q >= 0) {
				n1++;
				sx1 += q;
				sy1 += p;
				sxx1 += q * q;
				syy1 += p * p;
				sxy1 += q * p;
			}
			if (p >= 0 && qn >= 0) {
				n2++;
				sx2 += p;
				sy2 += qn;
				sxx2 += p * p;
				syy2 += qn * qn;
				sxy2 += p * qn;
			}
		}
		a->pairs1 += n1;
		a->pairs2 += n2;
		stats(n1, sx1, sy1, sxx1, syy1, sxy1, &a->n1, &a->r1, &a->b1);
		stats(n2, sx2, sy2, sxx2, syy2, sxy2, &a->n2, &a->r2, &a->b2);
	}
}

/* The same pass, branch-free on int16 lanes (what a vectorising compiler
 * makes fast): the floor the 5x target is measured against. */
static void
pass_tuned(long lo, long hi, struct acc *a)
{
	memset(a, 0, sizeof(*a));
	for (long k = lo; k < hi; k++) {
		const uint8_t *c = pats[k].c;
		int n = pats[k].n;
		int32_t n1 = 0, sx1 = 0, sy1 = 0, sxx1 = 0, syy1 = 0, sxy1 = 0;
		int32_t n2 = 0, sx2 = 0, sy2 = 0, sxx2 = 0, syy2 = 0, sxy2 = 0;

		for (int i = 0; i < n; i++) {
			int16_t pe = c[i] & 15, qe = (c[i] >> 4) & 7;
			int16_t m = (int16_t) - ((pe != 0) & (qe != 0));
			int16_t x = (int16_t)((qe - 1) & m);
			int16_t y = (int16_t)((pe - 1) & m);

			n1 -= m;
			sx1 += x;
			sy1 += y;
			sxx1 += x * x;
			syy1 += y * y;
			sxy1 += x * y;
		}
		for (int i = 0; i + 1 < n; i++) {
			int16_t pe = c[i] & 15, qe = (c[i + 1] >> 4) & 7;
			int16_t m = (int16_t) - ((pe != 0) & (qe != 0));
			int16_t x = (int16_t)((pe - 1) & m);
			int16_t y = (int16_t)((qe - 1) & m);

			n2 -= m;
			sx2 += x;
			sy2 += y;
			sxx2 += x * x;
			syy2 += y * y;
			sxy2 += x * y;
		}
		a->pairs1 += n1;
		a->pairs2 += n2;
		stats(n1, sx1, sy1, sxx1, syy1, sxy1, &a->n1, &a->r1, &a->b1);
		stats(n2, sx2, sy2, sxx2, syy2, sxy2, &a->n2, &a->r2, &a->b2);
	}
}

static void (*pass_fn)(long, long, struct acc *) = pass;

struct job {
	long lo, hi;
	struct acc a;
};

static void *
run_job(void *arg)
{
	struct job *j = arg;

	pass_fn(j->lo, j->hi, &j->a);
	return NULL;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
timed(int threads, struct acc *out)
{
	struct job j[2];
	pthread_t t;
	double t0 = now();

	if (threads == 1) {
		pass_fn(0, npats, out);
		return now() - t0;
	}
	j[0].lo = 0;
	j[0].hi = npats / 2;
	j[1].lo = npats / 2;
	j[1].hi = npats;
	pthread_create(&t, NULL, run_job, &j[1]);
	run_job(&j[0]);
	pthread_join(t, NULL);
	*out = j[0].a;
	out->n1 += j[1].a.n1;
	out->n2 += j[1].a.n2;
	out->r1 += j[1].a.r1;
	out->b1 += j[1].a.b1;
	out->r2 += j[1].a.r2;
	out->b2 += j[1].a.b2;
	out->pairs1 += j[1].a.pairs1;
	out->pairs2 += j[1].a.pairs2;
	return now() - t0;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int8_t *arena;
	size_t used = 0, cap = (size_t)1 << 20;
	long cap_p = 1024;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 7;
	int only_tuned = argc > 3 && strcmp(argv[3], "tuned") == 0;
	struct acc a;

	if (argc < 2 || sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY,
	                                NULL) != SQLITE_OK) {
		fprintf(stderr, "usage: floor DB [RUNS]\n");
		return 2;
	}
	arena = malloc(cap);
	pats = malloc((size_t)cap_p * sizeof(*pats));
	sqlite3_prepare_v2(db,
	                   "SELECT n_days, data FROM series ORDER BY "
	                   "patient_id",
	                   -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);

		while (used + len > cap)
			arena = realloc(arena, cap *= 2);
		memcpy(arena + used, sqlite3_column_blob(st, 1), len);
		if (npats == cap_p)
			pats = realloc(pats,
			               (size_t)(cap_p *= 2) * sizeof(*pats));
		pats[npats].n = n;
		pats[npats].c = (const uint8_t *)(uintptr_t)used;
		npats++;
		used += len;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (long k = 0; k < npats; k++)
		pats[k].c = (const uint8_t *)arena + (uintptr_t)pats[k].c;
	printf("{\"engine\": \"floor\", \"patients\": %ld, \"bytes\": %zu",
	       npats, used);
	for (int v = only_tuned ? 2 : 0; v < 4; v++) {
		int threads = 1 + v % 2;
		const char *name = v < 2 ? "plain" : "tuned";
		double *t = malloc((size_t)runs * sizeof(double));

		pass_fn = v < 2 ? pass : pass_tuned;
		timed(threads, &a); /* warm-up */
		for (int i = 0; i < runs; i++)
			t[i] = timed(threads, &a);
		printf(", \"%s_%dt_times_s\": [", name, threads);
		for (int i = 0; i < runs; i++)
			printf("%s%.6f", i ? ", " : "", t[i]);
		qsort(t, (size_t)runs, sizeof(double), cmp);
		printf("], \"%s_%dt_median_s\": %.6f", name, threads,
		       t[runs / 2]);
		free(t);
	}
	printf(", \"aggregate\": {\"sp\": {\"patients\": %ld, \"mean_r\": "
	       "%.12f, \"mean_beta\": %.12f, \"pairs\": %ld}, \"ps\": "
	       "{\"patients\": %ld, \"mean_r\": %.12f, \"mean_beta\": %.12f, "
	       "\"pairs\": %ld}}}\n",
	       a.n1, a.r1 / (double)a.n1, a.b1 / (double)a.n1, a.pairs1, a.n2,
	       a.r2 / (double)a.n2, a.b2 / (double)a.n2, a.pairs2);
	free(arena);
	free(pats);
	return 0;
}
