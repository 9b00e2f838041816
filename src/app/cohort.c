/*
 * cohort.c - use cases: practice figures from the series cache, and
 * backrest reindex (see cohort.h).
 *
 * The pass streams the series image (store/series_file.h: the file beside
 * the database, mapped, or the table packed in memory).  Its patients are
 * cut into chunks of equal size; one thread per core takes the next chunk
 * until none is left.  Each chunk sums into its own accumulators
 * (core/cohort.h) and the chunks are merged in id order, so the result does
 * not depend on the number of threads.  The image also holds every
 * episode with its first and 4th session, so the responder figures and the
 * counts come from it too: the pass reads nothing through the database.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/cohort.h"
#include "model/instruments.h"
#include "model/requests.h"
#include "app/internal.h"
#include "core/cohort.h"
#include "core/outcome.h"
#include "core/phase.h"
#include "core/review.h"
#include "store/series.h"
#include "store/series_file.h"
#include "store/users.h"

#define MAX_THREADS 8
#define MAX_GROUPS  256
#define CHUNKS      64 /* per pass, when the cohort is large */
/* The trial checkpoint: the default trial of 4 sessions (PLAN.md). */
#define BR_COHORT_TRIAL 4

struct member {
	int64_t pid;
	int group;
	int episodes;
};

struct groups {
	int n;
	char label[MAX_GROUPS][48];
	int64_t patients[MAX_GROUPS];
	int64_t episodes[MAX_GROUPS];
	struct member *m;
	size_t nm, cap;
	int32_t ref_day; /* phase: the day the phase is taken on */
	bool phase;
	int64_t last_pid;
	int last_group;
};

/* The patients the figures are about when they are one clinic's: their
 * ids in ascending order. */
struct clinic_set {
	int64_t *id;
	size_t n, cap;
};

static int
on_clinic_patient(void *ctx, int64_t pid)
{
	struct clinic_set *c = ctx;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		int64_t *n = realloc(c->id, cap * sizeof(*n));

		if (n == NULL)
			return BR_ENOMEM;
		c->id = n;
		c->cap = cap;
	}
	c->id[c->n++] = pid;
	return 0;
}

/* Whether the figures count patient pid (every patient when only is
 * NULL). */
static bool
counts_patient(const struct clinic_set *only, int64_t pid)
{
	size_t a = 0, b;

	if (only == NULL)
		return true;
	b = only->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (only->id[mid] < pid)
			a = mid + 1;
		else
			b = mid;
	}
	return a < only->n && only->id[a] == pid;
}

struct per_patient {
	int64_t pid;
	struct br_lag_sums sp, ps;
};

/* One chunk of the image's patients ([first, end) of its index, and
 * [ep_first, ep_end) of its episodes: those of the patients from this
 * chunk's first to the next chunk's first) and what its scan summed. */
struct chunk {
	size_t first, end;
	size_t ep_first, ep_end;
	struct br_cohort_acc *acc; /* [1 + groups]: all, then each group */
	struct per_patient *pp;
	size_t npp, cap;
	size_t pos; /* cursor into the group members */
	/* Responder figures: the cursor into the chunk's episodes, and per
	 * accumulator the tallies at the trial checkpoint and at
	 * discharge. */
	size_t apos;
	struct br_responder_tally *trial, *discharge;
};

struct pass {
	const struct br_series_image *image;
	int32_t from, to;
	const struct groups *g;
	const struct clinic_set *only; /* NULL: every clinic */
	int nacc;
	bool want_per_patient;
	const struct br_instrument *nrs; /* NULL: no responder figures */
	struct chunk *chunks;
	int nchunks;
	atomic_int next;
	atomic_int failed;
};

struct worker {
	struct pass *pass;
	struct chunk *cur;
	int rc;
	struct br_err err;
};

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
group_index(struct groups *g, const char *label, struct br_err *err)
{
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->label[i], label) == 0)
			return i;
	if (g->n == MAX_GROUPS)
		return br_error(err, BR_ETOOBIG, "by",
		                "more than %d groups; choose another grouping",
		                MAX_GROUPS);
	snprintf(g->label[g->n], sizeof(g->label[0]), "%s", label);
	return g->n++;
}

struct group_ctx {
	struct groups *g;
	const struct clinic_set *only;
	struct br_err *err;
};

static int
on_member(void *ctx, int64_t pid, const char *label, int episodes)
{
	struct group_ctx *c = ctx;
	struct groups *g = c->g;
	char phase[16];
	int idx;

	if (!counts_patient(c->only, pid))
		return 0;
	if (g->phase) {
		int32_t onset;
		struct br_phase ph;

		if (br_parse_date("onset", label, &onset, NULL) < 0) {
			label = "unknown";
		} else {
			br_phase_of(onset, g->ref_day, &ph);
			snprintf(phase, sizeof(phase), "%s",
			         br_phase_name(ph.cochrane));
			label = phase;
		}
	}
	idx = group_index(g, label, c->err);
	if (idx < 0)
		return idx;
	if (g->nm == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 1024;
		struct member *m = realloc(g->m, cap * sizeof(*m));

		if (m == NULL)
			return br_error(c->err, BR_ENOMEM, "", "out of memory");
		g->m = m;
		g->cap = cap;
	}
	g->m[g->nm++] = (struct member){pid, idx, episodes};
	g->patients[idx]++;
	g->episodes[idx] += episodes;
	return 0;
}

/* The first member at or after patient id pid. */
static size_t
lower_bound(const struct groups *g, int64_t pid)
{
	size_t a = 0, b = g->nm;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (g->m[mid].pid < pid)
			a = mid + 1;
		else
			b = mid;
	}
	return a;
}

/* The accumulators a patient's figures go to: 0 (all), then 1 + each
 * group of the patient's.  Returns how many were written to idx. */
static int
targets(const struct pass *ps, int64_t pid, int *idx, int max)
{
	int n = 0;

	idx[n++] = 0;
	for (size_t a = ps->g ? lower_bound(ps->g, pid) : 0;
	     ps->g && a < ps->g->nm && ps->g->m[a].pid == pid && n < max; a++)
		idx[n++] = 1 + ps->g->m[a].group;
	return n;
}

/* Whether episode e was open at some point in the pass's period. */
static bool
in_period(const struct pass *ps, const struct br_series_image_episode *e)
{
	return e->opened <= ps->to &&
	       (e->closed == BR_IMAGE_NO_DAY || e->closed >= ps->from);
}

/* One episode's responder figures from the patient's series (NULL: no
 * diary): the baseline is the 7 days before the first session, the trial
 * checkpoint the 7 days before the 4th session, discharge the last 7
 * days up to the closing day (core/outcome.h). */
static void
account(const struct pass *ps, struct chunk *c,
        const struct br_series_image_episode *a, const struct br_series *v)
{
	static const struct br_outcome_mean none = {0, false, 0};
	struct br_outcome_mean base = none, trial = none, dis = none;
	int idx[MAX_GROUPS + 1];
	int n;

	if (!in_period(ps, a))
		return;
	if (!counts_patient(ps->only, a->patient_id))
		return; /* another clinic's */
	if (a->first_session == BR_IMAGE_NO_DAY)
		return; /* never treated: no baseline to compare with */
	if (a->fourth_session == BR_IMAGE_NO_DAY &&
	    a->closed == BR_IMAGE_NO_DAY)
		return; /* reached neither checkpoint */
	if (v) {
		br_outcome_series_pain(v, a->first_session - BR_OUTCOME_DAYS,
		                       a->first_session - 1, &base);
		if (a->fourth_session != BR_IMAGE_NO_DAY)
			br_outcome_series_pain(
			        v, a->fourth_session - BR_OUTCOME_DAYS,
			        a->fourth_session - 1, &trial);
		if (a->closed != BR_IMAGE_NO_DAY)
			br_outcome_series_pain(
			        v, a->closed - (BR_OUTCOME_DAYS - 1), a->closed,
			        &dis);
	}
	n = targets(ps, a->patient_id, idx, MAX_GROUPS + 1);
	for (int k = 0; k < n; k++) {
		if (a->fourth_session != BR_IMAGE_NO_DAY) {
			br_responder_add(&c->trial[idx[k]], ps->nrs, &base,
			                 &trial);
			br_responder_decide(&c->trial[idx[k]], &base, &trial,
			                    BR_COHORT_TRIAL, BR_COHORT_TRIAL,
			                    (a->flags & BR_IMAGE_RED_FLAG) !=
			                            0);
		}
		if (a->closed != BR_IMAGE_NO_DAY)
			br_responder_add(&c->discharge[idx[k]], ps->nrs, &base,
			                 &dis);
	}
}

/* Accounts the chunk's episodes of patients before pid (or all, with
 * INT64_MAX) that have no series. */
static void
account_until(const struct pass *ps, struct chunk *c, int64_t pid)
{
	const struct br_series_image_episode *e = ps->image->episode;

	while (c->apos < c->ep_end && e[c->apos].patient_id < pid)
		account(ps, c, &e[c->apos++], NULL);
}

static int
on_series(void *ctx, const struct br_series *v)
{
	struct worker *w = ctx;
	const struct pass *ps = w->pass;
	struct chunk *c = w->cur;
	struct br_cohort_patient st;
	int rc;

	if (ps->nrs) {
		const struct br_series_image_episode *e = ps->image->episode;

		account_until(ps, c, v->patient_id);
		while (c->apos < c->ep_end &&
		       e[c->apos].patient_id == v->patient_id)
			account(ps, c, &e[c->apos++], v);
	}
	if (!counts_patient(ps->only, v->patient_id))
		return 0;

	br_cohort_patient_stats(v, ps->from, ps->to, &st);
	rc = br_cohort_acc_add(&c->acc[0], &st);
	if (ps->g) {
		const struct member *m = ps->g->m;

		while (c->pos < ps->g->nm && m[c->pos].pid < v->patient_id)
			c->pos++;
		for (size_t k = c->pos;
		     rc == 0 && k < ps->g->nm && m[k].pid == v->patient_id; k++)
			rc = br_cohort_acc_add(&c->acc[1 + m[k].group], &st);
	}
	if (rc == 0 && ps->want_per_patient && st.diary_days > 0) {
		if (c->npp == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 1024;
			struct per_patient *n =
			        realloc(c->pp, cap * sizeof(*n));

			if (n == NULL)
				return BR_ENOMEM;
			c->pp = n;
			c->cap = cap;
		}
		c->pp[c->npp++] =
		        (struct per_patient){v->patient_id, st.sp, st.ps};
	}
	return rc;
}

/* Scans chunks until none is left (or another worker failed). */
static void *
run_worker(void *arg)
{
	struct worker *w = arg;
	struct pass *ps = w->pass;
	int rc = 0;

	while (rc == 0 && !atomic_load(&ps->failed)) {
		int i = atomic_fetch_add(&ps->next, 1);

		if (i >= ps->nchunks)
			break;
		w->cur = &ps->chunks[i];
		w->cur->apos = w->cur->ep_first;
		for (size_t k = w->cur->first; rc == 0 && k < w->cur->end;
		     k++) {
			struct br_series v;

			br_series_image_view(ps->image, k, &v);
			rc = on_series(w, &v);
		}
		if (rc == 0 && ps->nrs)
			account_until(ps, w->cur, INT64_MAX);
	}
	if (rc == BR_ENOMEM && w->err.code == 0)
		br_error(&w->err, rc, "", "out of memory");
	if (rc < 0)
		atomic_store(&ps->failed, 1);
	w->rc = rc;
	return NULL;
}

/* The four distributions of one accumulator, computed (on every core)
 * before the document is written. */
struct acc_dists {
	struct br_cohort_dist d[4]; /* sp_r, sp_beta, ps_r, ps_beta */
};

struct dist_jobs {
	struct br_cohort_acc *acc;
	struct acc_dists *out;
	int n; /* accumulators */
	atomic_int next;
};

static void *
run_dists(void *arg)
{
	struct dist_jobs *j = arg;
	int i;

	while ((i = atomic_fetch_add(&j->next, 1)) < 4 * j->n) {
		struct br_cohort_acc *a = &j->acc[i / 4];
		struct br_cohort_values *v[4] = {&a->sp_r, &a->sp_beta,
		                                 &a->ps_r, &a->ps_beta};

		br_cohort_dist(v[i % 4], &j->out[i / 4].d[i % 4]);
	}
	return NULL;
}

/* The distributions of n accumulators on up to threads threads. */
static void
compute_dists(struct br_cohort_acc *acc, int n, struct acc_dists *out,
              int threads)
{
	struct dist_jobs j = {acc, out, n, 0};
	pthread_t tid[MAX_THREADS];
	int started = 0;

	for (int i = 1; i < threads && i < 4 * n; i++)
		if (pthread_create(&tid[started], NULL, run_dists, &j) == 0)
			started++;
	run_dists(&j);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
}

static json_t *
dist_json(const struct br_cohort_dist *dp, bool hist)
{
	const struct br_cohort_dist d = *dp;
	json_t *o;

	if (d.n == 0)
		return json_pack("{s:i}", "patients", 0);
	o = json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f}",
	              "patients", (json_int_t)d.n, "mean", d.mean, "sd", d.sd,
	              "p10", d.p10, "p25", d.p25, "median", d.median, "p75",
	              d.p75, "p90", d.p90, "negative_share", d.negative_share);
	if (hist) {
		json_t *h = json_array();

		for (int i = 0; i < BR_COHORT_HIST_BINS; i++)
			json_array_append_new(h, json_integer(d.hist[i]));
		json_object_set_new(o, "histogram", h);
	}
	return o;
}

static json_t *
direction_json(const struct br_cohort_dist *r,
               const struct br_cohort_dist *beta, const char *x, const char *y)
{
	return json_pack("{s:s, s:s, s:i, s:o, s:o}", "x", x, "y", y,
	                 "min_pairs", BR_COHORT_MIN_PAIRS, "r",
	                 dist_json(r, true), "effect_per_sd",
	                 dist_json(beta, false));
}

static json_t *
tally_json(const struct br_responder_tally *t)
{
	int64_t base = t->assessed - t->cannot_assess;
	json_t *tiers = json_object();

	for (int i = 0; i < 5; i++)
		json_object_set_new(tiers, br_responder_tier_names[i],
		                    json_integer((json_int_t)t->tiers[i]));
	return json_pack(
	        "{s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:o, s:o}",
	        "episodes", (json_int_t)t->reached, "assessed",
	        (json_int_t)t->assessed, "cannot_assess",
	        (json_int_t)t->cannot_assess, "responders",
	        (json_int_t)t->responders, "responder_rate",
	        base > 0 ? json_real((double)t->responders / (double)base)
	                 : json_null(),
	        "by_points", (json_int_t)t->by_points, "by_percent",
	        (json_int_t)t->by_percent, "tiers", tiers, "mean_improvement",
	        t->assessed
	                ? json_real(t->improvement_sum / (double)t->assessed)
	                : json_null(),
	        "not_assessed",
	        json_integer((json_int_t)(t->reached - t->assessed)));
}

static json_t *
decisions_json(const struct br_responder_tally *t)
{
	json_t *o = json_object();

	for (int i = 0; i < 5; i++)
		json_object_set_new(o, br_decision_name((enum br_decision)i),
		                    json_integer((json_int_t)t->decisions[i]));
	return o;
}

static json_t *
responders_json(const struct pass *ps, int k)
{
	if (ps->nrs == NULL)
		return json_pack("{s:b}", "computed", 0);
	return json_pack(
	        "{s:b, s:o, s:o, s:o}", "computed", 1, "trial_checkpoint",
	        tally_json(&ps->chunks[0].trial[k]), "discharge",
	        tally_json(&ps->chunks[0].discharge[k]), "trial_decisions",
	        decisions_json(&ps->chunks[0].trial[k]));
}

static json_t *
acc_json(const struct br_cohort_acc *a, const struct acc_dists *ds)
{
	json_t *o = json_object();

	json_object_set_new(
	        o, "diary",
	        json_pack("{s:I, s:I, s:I, s:I, s:o}", "patients",
	                  (json_int_t)a->diary_patients, "days",
	                  (json_int_t)a->diary_days, "span_days",
	                  (json_int_t)a->span_days, "paired_days",
	                  (json_int_t)a->paired_days, "completeness",
	                  a->diary_patients
	                          ? json_real(a->completeness_sum /
	                                      (double)a->diary_patients)
	                          : json_null()));
	json_object_set_new(o, "sleep_to_pain",
	                    direction_json(&ds->d[0], &ds->d[1],
	                                   "sleep quality last night",
	                                   "pain today"));
	json_object_set_new(o, "pain_to_sleep",
	                    direction_json(&ds->d[2], &ds->d[3], "pain today",
	                                   "sleep quality tonight"));
	return o;
}

static json_t *
per_patient_json(const struct pass *ps)
{
	json_t *arr = json_array();

	for (int i = 0; i < ps->nchunks; i++)
		for (size_t k = 0; k < ps->chunks[i].npp; k++) {
			const struct per_patient *x = &ps->chunks[i].pp[k];
			double r1 = 0, b1 = 0, r2 = 0, b2 = 0;
			bool e1 = br_lag_stats(&x->sp, BR_COHORT_MIN_PAIRS, &r1,
			                       &b1);
			bool e2 = br_lag_stats(&x->ps, BR_COHORT_MIN_PAIRS, &r2,
			                       &b2);

			json_array_append_new(
			        arr,
			        json_pack("[I, i, o, o, i, o, o]",
			                  (json_int_t)x->pid, x->sp.n,
			                  e1 ? json_real(r1) : json_null(),
			                  e1 ? json_real(b1) : json_null(),
			                  x->ps.n,
			                  e2 ? json_real(r2) : json_null(),
			                  e2 ? json_real(b2) : json_null()));
		}
	return arr;
}

static int
ensure_fresh(struct br_app *app, struct br_err *err)
{
	struct br_series_rebuild r;
	uint64_t stamp;
	bool stale;
	int rc = br_store_series_stale(app->store, &stale, err);

	if (rc == 0 && !stale) {
		/* A table not stamped since migration 011 is stamped once,
		 * so a series file can be kept (store/series_file.h); a
		 * store that keeps none needs no stamp. */
		if (!br_store_series_keeps_file(app->store))
			return 0;
		rc = br_store_series_stamp(app->store, &stamp, err);
		if (rc < 0 || stamp != 0)
			return rc;
		rc = br_store_begin(app->store, err);
		if (rc == 0)
			rc = br_store_series_bump(app->store, BR_SERIES_LOG_ALL,
			                          err);
		if (rc == 0)
			return br_store_commit(app->store, err);
		br_store_rollback(app->store);
		return rc;
	}
	if (rc < 0)
		return rc;
	if (!app->quiet)
		fprintf(stderr, "cohort: building the series cache from the "
		                "diary (once)...\n");
	memset(&r, 0, sizeof(r));
	rc = br_store_begin(app->store, err);
	if (rc == 0)
		rc = br_store_series_rebuild(app->store, &r, err);
	if (rc == 0)
		return br_store_commit(app->store, err);
	br_store_rollback(app->store);
	return rc;
}

/* Cuts the image's patients into n chunks of equal size, with the
 * episodes of the patients from each chunk's first to the next chunk's
 * first (the first chunk from the lowest id, the last to the highest), so
 * each episode falls in exactly one. */
static void
cut(struct chunk *c, int n, const struct br_series_image *im)
{
	for (int i = 0; i < n; i++) {
		c[i].first = im->patients * (size_t)i / (size_t)n;
		c[i].end = im->patients * (size_t)(i + 1) / (size_t)n;
		c[i].ep_first =
		        i == 0 ? 0
		               : br_series_image_find_episode(
		                         im, im->entry[c[i].first].patient_id);
	}
	for (int i = 0; i < n; i++)
		c[i].ep_end = i == n - 1 ? im->episodes : c[i + 1].ep_first;
}

/* The counts over every clinic, from the image. */
static void
image_counts(const struct pass *ps, struct br_cohort_counts *out)
{
	const struct br_series_image *im = ps->image;

	out->patients = (int64_t)im->on_record;
	out->episodes = out->open_episodes = 0;
	for (size_t k = 0; k < im->episodes; k++)
		if (in_period(ps, &im->episode[k])) {
			out->episodes++;
			out->open_episodes += im->episode[k].open;
		}
}

static json_t *
result_json(struct br_app *app, struct pass *ps, const struct groups *g,
            const struct br_cohort_counts *counts, int by, int64_t clinic_id,
            const char *from, const char *to, int threads, const char *source,
            double t0)
{
	struct br_cohort_acc *a = ps->chunks[0].acc;
	struct acc_dists *ds = calloc((size_t)ps->nacc, sizeof(*ds));
	json_t *res;

	if (ds == NULL)
		return NULL;
	compute_dists(a, ps->nacc, ds, threads);
	res = acc_json(&a[0], &ds[0]);

	(void)app;
	json_object_set_new(res, "from",
	                    from ? json_string(from) : json_null());
	json_object_set_new(res, "to", to ? json_string(to) : json_null());
	json_object_set_new(res, "by",
	                    by >= 0 ? json_string(br_cohort_by[by])
	                            : json_null());
	json_object_set_new(res, "clinic_id",
	                    clinic_id ? json_integer((json_int_t)clinic_id)
	                              : json_null());
	json_object_set_new(res, "patients",
	                    json_integer((json_int_t)counts->patients));
	json_object_set_new(res, "episodes",
	                    json_integer((json_int_t)counts->episodes));
	json_object_set_new(res, "open_episodes",
	                    json_integer((json_int_t)counts->open_episodes));
	if (g) {
		json_t *arr = json_array();

		for (int i = 0; i < g->n; i++) {
			json_t *o = acc_json(&a[1 + i], &ds[1 + i]);

			json_object_set_new(o, "group",
			                    json_string(g->label[i]));
			json_object_set_new(o, "responders",
			                    responders_json(ps, 1 + i));
			json_object_set_new(
			        o, "patients",
			        json_integer((json_int_t)g->patients[i]));
			json_object_set_new(
			        o, "episodes",
			        json_integer((json_int_t)g->episodes[i]));
			json_array_append_new(arr, o);
		}
		json_object_set_new(res, "groups", arr);
	}
	json_object_set_new(res, "responders", responders_json(ps, 0));
	if (ps->nrs)
		json_object_set_new(
		        json_object_get(res, "responders"), "method",
		        json_pack(
		                "{s:s, s:s, s:s, s:s, s:s, s:s}", "outcome",
		                "diary pain, mean of 7 days (at least 3 "
		                "reported)",
		                "baseline",
		                "the 7 days before the first session",
		                "trial_checkpoint",
		                "the 7 days before the 4th session (the "
		                "default "
		                "trial of 4 sessions)",
		                "discharge", "the 7 days up to the closing day",
		                "responder",
		                "an improvement of at least 2 points or 30% "
		                "(the NRS change rule); at "
		                "the floor: cannot assess, not counted in the "
		                "rate",
		                "trial_decisions",
		                "the course review rule at the "
		                "trial checkpoint with the figures above: "
		                "refer "
		                "when an urgent or emergency red-flag screen "
		                "of "
		                "the episode was not cleared on the day of its "
		                "4th session"));
	if (ps->want_per_patient)
		json_object_set_new(res, "per_patient", per_patient_json(ps));
	json_object_set_new(res, "engine",
	                    json_pack("{s:i, s:i, s:f, s:s, s:s}", "threads",
	                              threads, "chunks", ps->nchunks, "seconds",
	                              now_s() - t0, "source", "series cache",
	                              "image", source));
	free(ds);
	return res;
}

static int
figures(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {
	        "by",        "from", "to", "per_patient", "no_responders",
	        "clinic_id", NULL};
	struct worker workers[MAX_THREADS];
	pthread_t tid[MAX_THREADS];
	struct groups *g = NULL;
	struct clinic_set only = {NULL, 0, 0};
	struct br_cohort_counts counts = {0, 0, 0};
	struct pass ps;
	char from_s[BR_DATE_LEN] = "0000-01-01",
	     to_s[BR_DATE_LEN] = "9999-12-31";
	json_t *res = NULL;
	double t0 = now_s();
	struct br_series_snapshot snap;
	int64_t clinic_id = 0;
	int32_t from, to;
	bool per_patient = false, no_responders = false, has_from, has_to;
	int by = -1, nthreads = 1, started = 1, rc = br_in_only(in, keys, err);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (rc == 0)
		rc = br_in_enum(in, "by", br_cohort_by, false, &by, err);
	if (rc == 0)
		rc = br_in_date(in, "from", false, &from, err);
	if (rc == 0)
		rc = br_in_date(in, "to", false, &to, err);
	if (rc == 0)
		rc = br_in_bool(in, "per_patient", &per_patient, err);
	if (rc == 0)
		rc = br_in_bool(in, "no_responders", &no_responders, err);
	if (rc == 0 && br_in_has(in, "clinic_id"))
		rc = br_in_id(in, "clinic_id", &clinic_id, err);
	if (rc == 0 && from != INT32_MIN && to != INT32_MIN && from > to)
		rc = br_error(err, BR_EINVAL, "from",
		              "from must not be after to");
	if (rc < 0)
		return rc;
	has_from = from != INT32_MIN;
	has_to = to != INT32_MIN;
	if (has_from)
		br_format_date(from, from_s);
	else
		from = INT32_MIN / 2;
	if (has_to)
		br_format_date(to, to_s);
	else
		to = INT32_MAX / 2;

	memset(&ps, 0, sizeof(ps));
	memset(&snap, 0, sizeof(snap));
	memset(workers, 0, sizeof(workers));
	rc = ensure_fresh(app, err);
	if (rc == 0)
		rc = br_store_begin_read(app->store, err);
	if (rc < 0)
		return rc;
	if (clinic_id) {
		/* One clinic's figures: its patients only, everywhere. */
		rc = br_store_clinic_exists(app->store, clinic_id, err);
		if (rc == 0)
			rc = br_store_cohort_patients(app->store, clinic_id,
			                              on_clinic_patient, &only,
			                              err);
		if (rc == BR_ENOMEM)
			br_error(err, rc, "", "out of memory");
	}
	if (rc == 0 && by >= 0) {
		struct group_ctx c;

		g = calloc(1, sizeof(*g));
		if (g == NULL) {
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
		} else {
			g->phase = strcmp(br_cohort_by[by], "phase") == 0;
			g->ref_day =
			        has_to && to < app->today ? to : app->today;
			c.g = g;
			c.only = clinic_id ? &only : NULL;
			c.err = err;
			rc = br_store_cohort_groups(app->store,
			                            br_cohort_by[by], from_s,
			                            to_s, on_member, &c, err);
		}
	}
	if (rc == 0)
		rc = br_store_series_snapshot(app->store, &snap, err);
	if (rc == 0) {
		ps.image = &snap.image;
		ps.from = from;
		ps.to = to;
		ps.g = g;
		ps.only = clinic_id ? &only : NULL;
		ps.nacc = 1 + (g ? g->n : 0);
		ps.want_per_patient = per_patient;
		if (!no_responders)
			rc = br_app_instrument(app, "nrs", &ps.nrs, err);
		/* Chunks and threads only pay off on a large cohort. */
		ps.nchunks = snap.image.patients < CHUNKS ? 1 : CHUNKS;
		ps.chunks = calloc((size_t)ps.nchunks, sizeof(*ps.chunks));
		if (ps.chunks == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	for (int i = 0; rc == 0 && i < ps.nchunks; i++) {
		ps.chunks[i].acc =
		        calloc((size_t)ps.nacc, sizeof(*ps.chunks[i].acc));
		ps.chunks[i].trial =
		        calloc((size_t)ps.nacc, sizeof(*ps.chunks[i].trial));
		ps.chunks[i].discharge = calloc(
		        (size_t)ps.nacc, sizeof(*ps.chunks[i].discharge));
		if (ps.chunks[i].acc == NULL || ps.chunks[i].trial == NULL ||
		    ps.chunks[i].discharge == NULL)
			rc = br_error(err, BR_ENOMEM, "", "out of memory");
	}
	if (rc == 0) {
		cut(ps.chunks, ps.nchunks, &snap.image);
		for (int i = 1; g && i < ps.nchunks; i++) {
			size_t first = ps.chunks[i].first;

			ps.chunks[i].pos = lower_bound(
			        g, snap.image.entry[first].patient_id);
		}
		nthreads = cpus > 1 ? (int)(cpus < MAX_THREADS ? cpus
		                                               : MAX_THREADS)
		                    : 1;
		if (ps.nchunks == 1)
			nthreads = 1;
		for (int i = 0; i < nthreads; i++)
			workers[i].pass = &ps;
		for (int i = 1; i < nthreads; i++) {
			if (pthread_create(&tid[i], NULL, run_worker,
			                   &workers[i]) != 0)
				break;
			started++;
		}
		/* The main thread counts while the others scan, then
		 * scans too: one clinic's counts through SQL, everyone's
		 * from the image. */
		if (clinic_id)
			rc = br_store_cohort_counts(app->store, clinic_id,
			                            from_s, to_s, &counts, err);
		else
			image_counts(&ps, &counts);
		if (rc < 0)
			atomic_store(&ps.failed, 1);
		else
			run_worker(&workers[0]);
		for (int i = 1; i < started; i++)
			pthread_join(tid[i], NULL);
		for (int i = 0; rc == 0 && i < started; i++)
			if (workers[i].rc < 0) {
				rc = workers[i].rc;
				*err = workers[i].err;
			}
	}
	for (int i = 1; rc == 0 && i < ps.nchunks; i++)
		for (int k = 0; rc == 0 && k < ps.nacc; k++) {
			if (br_cohort_acc_merge(&ps.chunks[0].acc[k],
			                        &ps.chunks[i].acc[k]) < 0)
				rc = br_error(err, BR_ENOMEM, "",
				              "out of memory");
			br_responder_merge(&ps.chunks[0].trial[k],
			                   &ps.chunks[i].trial[k]);
			br_responder_merge(&ps.chunks[0].discharge[k],
			                   &ps.chunks[i].discharge[k]);
		}
	if (rc == 0)
		res = result_json(app, &ps, g, &counts, by, clinic_id,
		                  has_from ? from_s : NULL,
		                  has_to ? to_s : NULL, started,
		                  br_series_source_name(snap.source), t0);
	for (int i = 0; ps.chunks && i < ps.nchunks; i++) {
		for (int k = 0; ps.chunks[i].acc && k < ps.nacc; k++)
			br_cohort_acc_free(&ps.chunks[i].acc[k]);
		free(ps.chunks[i].acc);
		free(ps.chunks[i].pp);
		free(ps.chunks[i].trial);
		free(ps.chunks[i].discharge);
	}
	free(ps.chunks);
	br_series_snapshot_free(&snap);
	free(only.id);
	if (g)
		free(g->m);
	free(g);
	return br_app_finish(app, rc, res, out, err);
}

/* The signed-in caller's scope of the figures (app->user_id; none on
 * the command line): a practitioner's clinic is their account's, never a
 * parameter; an administrator with a clinic sees theirs, one without
 * every clinic's (or the one clinic_id names).  Figures per patient are a
 * practitioner's. */
static int
caller_scope(struct br_app *app, json_t *in, struct br_err *err)
{
	struct br_user u;
	json_t *given = json_object_get(in, "clinic_id");
	bool per_patient = false;
	int rc;

	if (app->user_id == 0)
		return 0;
	rc = br_store_user_get(app->store, app->user_id, &u, err);
	if (rc == 0)
		rc = br_in_bool(in, "per_patient", &per_patient, err);
	if (rc < 0)
		return rc;
	if (per_patient && strcmp(u.role, "practitioner") != 0)
		return br_error(err, BR_EPERM, "per_patient",
		                "figures per patient are for practitioners");
	if (strcmp(u.role, "practitioner") == 0 && u.clinic_id == 0)
		return br_error(err, BR_EPERM, "",
		                "your account has no clinic");
	if (u.clinic_id == 0)
		return 0;
	if (given && !json_is_null(given) &&
	    !(json_is_integer(given) &&
	      json_integer_value(given) == u.clinic_id))
		return br_error(err, BR_EINVAL, "clinic_id",
		                "clinic_id is your account's; leave it out");
	json_object_set_new(in, "clinic_id", json_integer(u.clinic_id));
	return 0;
}

int
br_app_cohort(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct br_audit_entry a;
	char record[40];
	json_t *res = NULL;
	json_int_t clinic;
	int rc = caller_scope(app, in, err);

	if (rc == 0)
		rc = figures(app, in, &res, err);
	if (rc < 0)
		return rc;
	/* The figures go out only once their reading is in the log. */
	clinic = json_integer_value(json_object_get(res, "clinic_id"));
	snprintf(record, sizeof(record), "clinic/%lld", (long long)clinic);
	a = (struct br_audit_entry){
	        .user_id = app->user_id,
	        .actor = app->actor,
	        .action = "cohort.read",
	        .patient_id = 0,
	        .record = clinic ? record : "clinic/all",
	        .origin = app->origin,
	        .outcome = "ok",
	};
	rc = br_store_audit_commit(app->store, &a, err);
	if (rc < 0) {
		json_decref(res);
		return rc;
	}
	*out = res;
	return 0;
}

static void
reindex_progress(void *ctx, int64_t rows)
{
	(void)ctx;
	fprintf(stderr, "\rreindex: %lld diary rows read ", (long long)rows);
}

int
br_app_reindex(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	static const char *const keys[] = {"check", NULL};
	struct br_series_rebuild r;
	struct br_series_snapshot snap;
	const char *image = NULL;
	double t0 = now_s();
	bool check = false;
	int rc = br_in_only(in, keys, err);

	if (rc == 0)
		rc = br_in_bool(in, "check", &check, err);
	if (rc < 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.check_only = check;
	if (!app->quiet)
		r.progress = reindex_progress;
	rc = check ? br_store_begin_read(app->store, err)
	           : br_store_begin(app->store, err);
	if (rc < 0)
		return rc;
	rc = br_store_series_rebuild(app->store, &r, err);
	if (!app->quiet && r.rows >= 1000000)
		fputc('\n', stderr);
	if (rc == 0 && !check)
		rc = br_app_audit(app, "series.reindex", 0, NULL, 0, err);
	/* The packed file the cohort pass maps, rewritten from the new
	 * state now rather than by the next pass. */
	memset(&snap, 0, sizeof(snap));
	if (rc == 0 && !check) {
		rc = br_store_commit(app->store, err);
		if (rc < 0) {
			br_store_rollback(app->store);
			return rc;
		}
		rc = br_store_begin_read(app->store, err);
		if (rc == 0)
			rc = br_store_series_snapshot(app->store, &snap, err);
		if (rc == 0)
			image = br_series_source_name(snap.source);
		br_series_snapshot_free(&snap);
	}
	return br_app_finish(
	        app, rc,
	        rc < 0 ? NULL
	               : json_pack("{s:I, s:I, s:I, s:I, s:b, s:s?, s:f}",
	                           "patients", (json_int_t)r.patients,
	                           "diary_rows", (json_int_t)r.rows,
	                           "different", (json_int_t)r.different,
	                           "orphans", (json_int_t)r.orphans, "rebuilt",
	                           !check, "image", image, "seconds",
	                           now_s() - t0),
	        out, err);
}
