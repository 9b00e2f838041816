/*
 * due.c - use case: what is due (see due.h).
 *
 * The records of a page of the scope's patients are read once per table
 * (store/clinic_load.h); the rules below run per patient over them, so
 * the list costs a few queries per page, not a dozen per patient.
 */
#include "app/due.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/pacing.h"
#include "app/plan.h"
#include "core/due.h"
#include "core/pacing.h"
#include "core/redflag.h"
#include "model/requests.h"
#include "store/measures.h"
#include "store/users.h"

static void add(json_t *due, const char *kind, int64_t episode_id,
                json_t *extra, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

static void
add(json_t *due, const char *kind, int64_t episode_id, json_t *extra,
    const char *fmt, ...)
{
	char what[300];
	va_list ap;
	json_t *v = json_object();

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	json_object_set_new(v, "kind", json_string(kind));
	json_object_set_new(v, "episode_id",
	                    episode_id ? json_integer(episode_id)
	                               : json_null());
	json_object_set_new(v, "what", json_string(what));
	if (extra) {
		json_object_update(v, extra);
		json_decref(extra);
	}
	json_array_append_new(due, v);
}

/* The rows of table in patient i's run whose member is eid: [lo, hi).
 * A patient's rows of one episode are contiguous (clinic_load.h). */
#define RUN(pg, table, i, member, eid, lo, hi)                                 \
	do {                                                                   \
		size_t a_ = (pg)->table##_at[i],                               \
		       b_ = (pg)->table##_at[(i) + 1];                         \
		while (a_ < b_ && (pg)->table[a_].member != (eid))             \
			a_++;                                                  \
		(lo) = a_;                                                     \
		while (a_ < b_ && (pg)->table[a_].member == (eid))             \
			a_++;                                                  \
		(hi) = a_;                                                     \
	} while (0)

/* Row k of rows, which may be NULL when the table is empty. */
#define ROW(rows, k) ((rows) ? (rows) + (k) : NULL)

/* One open episode's records. */
struct ep_rows {
	const struct br_episode *e;
	const char *last_session;          /* its last session's day, or NULL */
	const struct br_clinic_session *s; /* those loaded, by day, id */
	size_t ns;
};

static void
diary_due(const struct br_clinic_page *pg, size_t i, int32_t opened,
          int32_t day, json_t *due)
{
	int32_t present[BR_DUE_DIARY_DAYS], missing[BR_DUE_DIARY_DAYS];
	int32_t from = day - BR_DUE_DIARY_DAYS, to = day - 1, d;
	char f[BR_DATE_LEN];
	size_t k = 0;
	int m;

	if (from < opened)
		from = opened;
	if (from > to)
		return;
	/* The patient's own days (not an episode's baseline copy), oldest
	 * first. */
	for (size_t j = pg->diary_at[i];
	     j < pg->diary_at[i + 1] && k < BR_DUE_DIARY_DAYS; j++)
		if (pg->diary[j].episode_id == 0 &&
		    br_parse_date("date", pg->diary[j].day, &d, NULL) == 0 &&
		    d >= from && d <= to)
			present[k++] = d;
	m = br_due_missing_days(present, k, from, to, missing,
	                        BR_DUE_DIARY_DAYS);
	if (m > 0) {
		json_t *dates = json_array();

		for (int x = 0; x < m; x++) {
			br_format_date(missing[x], f);
			json_array_append_new(dates, json_string(f));
		}
		add(due, "diary", 0, json_pack("{s:o}", "dates", dates),
		    "diary missing for %d of the %d days before this one", m,
		    to - from + 1);
	}
}

static void
screen_due(const struct ep_rows *r, const struct br_clinic_episode *x,
           json_t *due)
{
	/* The screen waiting for clearance (br_app_referral's): the latest
	 * urgent or emergency one not cleared. */
	if (x->waiting.day[0]) {
		enum br_tier tier =
		        br_tier_parse(x->waiting.tier) == BR_TIER_EMERGENCY
		                ? BR_TIER_EMERGENCY
		                : BR_TIER_URGENT;

		add(due, "referral", r->e->id, NULL,
		    "uncleared red-flag screen: %s (screen of %s)",
		    br_tier_referral(tier), x->waiting.day);
	} else if (!x->screen.day[0]) {
		add(due, "red-flag-screen", r->e->id, NULL,
		    "no red-flag screen recorded in this episode");
	} else if (r->last_session &&
	           strcmp(r->last_session, x->screen.day) > 0) {
		add(due, "red-flag-screen", r->e->id, NULL,
		    "red-flag re-screen: a session on %s came after the last "
		    "screen (%s)",
		    r->last_session, x->screen.day);
	}
}

/* The episode's sessions as br_app_course_sessions reads them (day and
 * modalities) in ev's scratch array. */
static int
course_sessions(struct br_due_eval *ev, const struct ep_rows *r,
                struct br_err *err)
{
	if (r->ns > ev->scratch_cap) {
		struct br_session *x = calloc(r->ns, sizeof(*x));

		if (x == NULL)
			return br_error(err, BR_ENOMEM, "", "out of memory");
		free(ev->scratch);
		ev->scratch = x;
		ev->scratch_cap = r->ns;
	}
	for (size_t k = 0; k < r->ns; k++) {
		struct br_session *x = &ev->scratch[k];

		x->id = r->s[k].id;
		memcpy(x->day, r->s[k].day, sizeof(x->day));
		x->n_modalities = r->s[k].n_modalities;
		memcpy(x->modalities, r->s[k].modalities,
		       sizeof(x->modalities));
	}
	return 0;
}

static int
trial_due(struct br_due_eval *ev, const struct ep_rows *r,
          const struct br_plan_item *items, size_t n, json_t *due,
          struct br_err *err)
{
	bool loaded = false;
	int rc = 0;

	for (size_t k = 0; rc == 0 && k < n; k++) {
		int32_t first;
		int done;

		if (strcmp(items[k].status, "active") != 0 ||
		    items[k].trial == BR_UNSET)
			continue;
		if (!loaded) {
			rc = course_sessions(ev, r, err);
			loaded = true;
			if (rc < 0)
				break;
		}
		done = br_app_course_sessions(items, n, k, ev->scratch, r->ns,
		                              &first);
		if (!br_due_trial(done, items[k].trial))
			continue;
		add(due, "trial-checkpoint", r->e->id,
		    json_pack("{s:s, s:i, s:i}", "treatment",
		              items[k].treatment, "sessions", done, "trial",
		              items[k].trial),
		    "%s: %d sessions, trial checkpoint at %d reached "
		    "(backrest review %lld)",
		    items[k].treatment, done, items[k].trial,
		    (long long)r->e->id);
	}
	return rc;
}

/* The questionnaires due: last (n of them) the last day each instrument
 * was given in the episode, with the sessions since. */
static void
measure_due(const struct br_instrument_set *set, const struct ep_rows *r,
            const struct br_clinic_measure *last, size_t n, int32_t day,
            json_t *due)
{
	bool any = false;

	for (int i = 0; i < set->n; i++) {
		const struct br_clinic_measure *m = NULL;
		int32_t d;
		int since;

		if (!set->items[i]->has_change)
			continue;
		for (size_t k = 0; k < n && m == NULL; k++)
			if (strcmp(last[k].instrument, set->items[i]->id) == 0)
				m = &last[k];
		if (m == NULL || br_parse_date("date", m->last, &d, NULL) < 0)
			continue;
		any = true;
		since = m->since;
		if (br_due_measure(d, since, day))
			add(due, "questionnaire", r->e->id,
			    json_pack("{s:s, s:s, s:i}", "instrument",
			              set->items[i]->id, "last", m->last,
			              "sessions_since", since),
			    "%s again: last scored on %s, %d session%s since "
			    "(due every %d sessions or %d days)",
			    set->items[i]->id, m->last, since,
			    since == 1 ? "" : "s", BR_DUE_MEASURE_SESSIONS,
			    BR_DUE_MEASURE_DAYS);
	}
	if (!any)
		add(due, "questionnaire", r->e->id,
		    json_pack("{s:n}", "instrument"),
		    "baseline questionnaires: no outcome measure is recorded "
		    "in this episode");
}

static void
exercise_due(const struct ep_rows *r, const struct br_clinic_exercise *x,
             size_t n, int32_t day, json_t *due)
{
	for (size_t k = 0; k < n; k++) {
		const struct br_exercise_rx *rx = &x[k].rx;
		int32_t assigned, last = INT32_MIN;

		if (x[k].last_log[0] &&
		    br_parse_date("date", x[k].last_log, &last, NULL) < 0)
			last = INT32_MIN;
		if (br_parse_date("date", rx->day, &assigned, NULL) < 0 ||
		    !br_due_exercise(assigned, rx->every_days, last, day))
			continue;
		add(due, "exercise", r->e->id,
		    json_pack("{s:s, s:i}", "exercise", rx->exercise, "reps",
		              rx->reps),
		    "%s: %d reps (every %d days)", rx->exercise, rx->reps,
		    rx->every_days);
	}
}

/* Whether pacing log l is of quota q. */
static bool
log_of(const struct br_pacing_log *l, const struct br_pacing_quota *q)
{
	return l->episode_id == q->episode_id &&
	       strcmp(l->activity, q->activity) == 0;
}

static int
pacing_due(const struct br_clinic_page *pg, size_t i, const struct ep_rows *r,
           const struct br_pacing_quota *q, size_t n, int32_t day, json_t *due,
           struct br_err *err)
{
	struct br_pace_next *nx = malloc(sizeof(*nx));
	size_t end = pg->pace_logs_at[i + 1];
	int rc = nx ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");

	for (size_t k = 0; rc == 0 && k < n; k++) {
		size_t lo = pg->pace_logs_at[i], hi;

		/* The quota's logs, contiguous among the patient's. */
		while (lo < end && !log_of(&pg->pace_logs[lo], &q[k]))
			lo++;
		for (hi = lo; hi < end && log_of(&pg->pace_logs[hi], &q[k]);)
			hi++;
		rc = br_app_pace_next_of(&q[k], ROW(pg->pace_logs, lo), hi - lo,
		                         day, nx, err);
		if (rc < 0 || nx->logged_today)
			continue;
		add(due, "pacing", r->e->id,
		    json_pack("{s:s, s:f, s:s}", "activity", q[k].activity,
		              "quota", nx->quota, "unit", q[k].unit),
		    "%s: %g %s", q[k].activity, nx->quota, q[k].unit);
	}
	free(nx);
	return rc;
}

int
br_due_eval_init(struct br_due_eval *ev, struct br_app *app, int32_t day,
                 int64_t practitioner_id, struct br_err *err)
{
	memset(ev, 0, sizeof(*ev));
	ev->app = app;
	ev->day = day;
	ev->practitioner_id = practitioner_id;
	return br_instruments_load(app->instruments_dir, &ev->set, err);
}

void
br_due_eval_free(struct br_due_eval *ev)
{
	free(ev->scratch);
	memset(ev, 0, sizeof(*ev));
}

int
br_due_patient(struct br_due_eval *ev, const struct br_clinic_page *pg,
               size_t i, json_t **out, struct br_err *err)
{
	json_t *due = json_array();
	int32_t opened = INT32_MAX;
	bool open = false;
	int rc = 0;

	for (size_t k = pg->episodes_at[i];
	     rc == 0 && k < pg->episodes_at[i + 1]; k++) {
		const struct br_clinic_episode *x = &pg->episodes[k];
		const struct br_episode *e = &x->e;
		struct ep_rows r = {e, x->last[0] ? x->last : NULL, NULL, 0};
		size_t lo, hi;
		int32_t o;

		if (strcmp(e->status, "open") != 0 ||
		    (ev->practitioner_id &&
		     e->practitioner_id != ev->practitioner_id))
			continue;
		open = true;
		if (br_parse_date("opened_on", e->opened_on, &o, NULL) == 0 &&
		    o < opened)
			opened = o;
		RUN(pg, sessions, i, episode_id, e->id, lo, hi);
		r.s = ROW(pg->sessions, lo);
		r.ns = hi - lo;
		screen_due(&r, x, due);
		RUN(pg, items, i, episode_id, e->id, lo, hi);
		rc = trial_due(ev, &r, ROW(pg->items, lo), hi - lo, due, err);
		if (rc < 0)
			break;
		RUN(pg, measures, i, episode_id, e->id, lo, hi);
		measure_due(ev->set, &r, ROW(pg->measures, lo), hi - lo,
		            ev->day, due);
		RUN(pg, exercises, i, rx.episode_id, e->id, lo, hi);
		exercise_due(&r, ROW(pg->exercises, lo), hi - lo, ev->day, due);
		RUN(pg, quotas, i, episode_id, e->id, lo, hi);
		rc = pacing_due(pg, i, &r, ROW(pg->quotas, lo), hi - lo,
		                ev->day, due, err);
	}
	if (rc == 0 && open) {
		json_t *diary = json_array();

		diary_due(pg, i, opened, ev->day, diary);
		json_array_extend(diary, due);
		json_decref(due);
		due = diary;
	}
	if (rc < 0) {
		json_decref(due);
		return rc;
	}
	*out = due;
	return 0;
}

/* Patients a page: the list holds each page's patients with something
 * due, in the patient list's order. */
#define DUE_PAGE 2000

int
br_app_due(struct br_app *app, json_t *in, json_t **out, struct br_err *err)
{
	struct br_patient_scope sc;
	struct br_clinic_cursor after;
	struct br_clinic_page pg;
	struct br_due_eval ev;
	json_t *list = NULL, *view = NULL;
	char date[BR_DATE_LEN];
	int32_t day;
	int rc = br_fields_check(in, &br_req_due_query, app->typed_input, err);

	if (rc == 0)
		rc = br_in_date(in, "date", false, &day, err);
	if (rc == 0)
		rc = br_app_scope(app, in, &sc, err);
	if (rc < 0)
		return rc;
	if (day == INT32_MIN)
		day = app->today;
	br_format_date(day, date);
	rc = br_due_eval_init(&ev, app, day, sc.practitioner_id, err);
	if (rc < 0)
		return rc;
	/* A read: the audit row is written after it, in its own
	 * transaction, before anything is answered. */
	rc = br_store_begin_read(app->store, err);
	if (rc < 0) {
		br_due_eval_free(&ev);
		return rc;
	}
	if (sc.clinic_id)
		rc = br_store_clinic_exists(app->store, sc.clinic_id, err);
	if (rc == 0)
		list = json_array();
	memset(&after, 0, sizeof(after));
	do {
		if (rc == 0)
			rc = br_store_clinic_page(app->store, &sc, &after,
			                          DUE_PAGE, BR_CLINIC_DUE, day,
			                          &pg, err);
		if (rc < 0)
			break;
		for (size_t i = 0; rc == 0 && i < pg.n; i++) {
			json_t *due = NULL;

			rc = br_due_patient(&ev, &pg, i, &due, err);
			if (rc == 0 && json_array_size(due) > 0)
				json_array_append_new(
				        list,
				        json_pack("{s:I, s:s, s:O}",
				                  "patient_id",
				                  (json_int_t)pg.patients[i].id,
				                  "name", pg.patients[i].name,
				                  "due", due));
			json_decref(due);
		}
		after = pg.next;
		if (pg.n < DUE_PAGE)
			after.id = 0;
		br_store_clinic_page_free(&pg);
	} while (rc == 0 && after.id);
	br_due_eval_free(&ev);
	if (rc == 0)
		rc = br_store_end_read(app->store, err);
	else
		br_store_rollback(app->store);
	if (rc == 0)
		rc = br_app_audit_commit(app, "due.list", 0, NULL, 0, err);
	if (rc == 0)
		view = json_pack("{s:s, s:O}", "date", date, "patients", list);
	json_decref(list);
	if (rc < 0) {
		json_decref(view);
		return rc;
	}
	*out = view;
	return 0;
}

int
br_app_due_questionnaires(struct br_app *app, const struct br_episode *e,
                          int32_t day, json_t *due, struct br_err *err)
{
	const struct br_instrument_set *set;
	struct br_session *s = NULL;
	struct br_measure *m = NULL;
	struct br_clinic_measure *last = NULL;
	size_t ns = 0, nm = 0, nl = 0;
	int rc = br_instruments_load(app->instruments_dir, &set, err);

	if (rc == 0)
		rc = br_store_session_list(app->store, e->patient_id, e->id, &s,
		                           &ns, err);
	if (rc == 0)
		rc = br_store_measure_list(app->store, e->patient_id, e->id,
		                           NULL, &m, &nm, err);
	if (rc == 0 && (last = calloc(nm + 1, sizeof(*last))) == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	/* The last day each instrument was given (measures by day), and the
	 * sessions after it, as a page has them. */
	for (size_t k = 0; rc == 0 && k < nm; k++) {
		size_t j = 0;

		while (j < nl &&
		       strcmp(last[j].instrument, m[k].instrument) != 0)
			j++;
		if (j == nl)
			snprintf(last[nl++].instrument,
			         sizeof(last[0].instrument), "%s",
			         m[k].instrument);
		memcpy(last[j].last, m[k].day, sizeof(last[j].last));
	}
	for (size_t j = 0; rc == 0 && j < nl; j++)
		for (size_t k = 0; k < ns; k++)
			last[j].since += strcmp(s[k].day, last[j].last) > 0;
	if (rc == 0) {
		struct ep_rows r = {e, NULL, NULL, 0};

		measure_due(set, &r, last, nl, day, due);
	}
	free(s);
	free(m);
	free(last);
	return rc;
}
