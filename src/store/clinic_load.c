/*
 * clinic_load.c - a page of a scope's patients and their records, one
 * query per table (see clinic_load.h).
 */
#include "store/clinic_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "store/store_internal.h"

/*
 * Each query exists in four statements, one per scope (scope()), so each
 * reads through its index (a catch-all "($n = 0 OR clinic_id = $n)"
 * would scan every patient).  A query's own parameters come first ($1 ..
 * $k); then the page: the key and id after which it starts ($k+1, $k+2),
 * those of its last patient ($k+3, $k+4), then the clinic and the
 * practitioner, each when given.
 */
#define RANGE(a, b, c, d)                                                      \
	"(p.name_key, p.patient_id) > (COALESCE($" #a ", ''), $" #b ") AND "   \
	"(p.name_key, p.patient_id) <= (COALESCE($" #c ", ''), $" #d ")"
#define IN_CLINIC(n) " AND p.clinic_id = $" #n
#define IN_PRACT(n)                                                            \
	" AND p.patient_id IN (SELECT patient_id FROM episodes WHERE "         \
	"practitioner_id = $" #n " AND status = 'open')"
/* One query's four statements, by scope(): no clinic nor practitioner,
 * a practitioner, a clinic, both. */
#define SCOPED(head, tail, a, b, c, d, e, f)                                   \
	head RANGE(a, b, c, d) tail, head RANGE(a, b, c, d) IN_PRACT(e) tail,  \
	        head RANGE(a, b, c, d) IN_CLINIC(e) tail,                      \
	        head RANGE(a, b, c, d) IN_CLINIC(e) IN_PRACT(f) tail
/* The page's order, then its open episodes' (the episodes array's). */
#define BY_PATIENT " ORDER BY p.name_key, p.patient_id"
#define BY_EPISODE BY_PATIENT ", e.opened_on, e.episode_id"
/* The open episodes of the page's patients. */
#define OPEN_EPISODES                                                          \
	" FROM patients p JOIN episodes e ON e.patient_id = p.patient_id AND " \
	"e.status = 'open' "

struct page_ref {
	const struct br_patient_scope *sc;
	const struct br_clinic_cursor *from, *to;
};

/* The statement of a SCOPED query for scope sc. */
static int
scope(const struct br_patient_scope *sc)
{
	return 2 * (sc->clinic_id != 0) + (sc->practitioner_id != 0);
}

static int
prepare(struct br_store *s, const char *const q[4], const struct page_ref *r,
        struct br_db_stmt **st, struct br_err *err)
{
	return br_db_prepare(s, q[scope(r->sc)], st, err);
}

/* Binds the page's parameters after the query's own k. */
static void
bind_page(struct br_db_stmt *st, int k, const struct page_ref *r)
{
	br_db_bind_text(st, k + 1, r->from->key);
	br_db_bind_i64(st, k + 2, r->from->id);
	br_db_bind_text(st, k + 3, r->to->key);
	br_db_bind_i64(st, k + 4, r->to->id);
	k += 5;
	if (r->sc->clinic_id)
		br_db_bind_i64(st, k++, r->sc->clinic_id);
	if (r->sc->practitioner_id)
		br_db_bind_i64(st, k, r->sc->practitioner_id);
}

/* Sets (*at)[i] to the first of rows (n of size bytes, patient_id at off)
 * of the page's patient i, and (*at)[pg->n] to n.  Rows come in the
 * page's order; any other order is a fault of the query. */
static int
group(const struct br_clinic_page *pg, const void *rows, size_t n, size_t size,
      size_t off, size_t **at, struct br_err *err)
{
	size_t k = 0;

	*at = malloc((pg->n + 1) * sizeof(**at));
	if (*at == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < pg->n; i++) {
		(*at)[i] = k;
		for (; k < n; k++) {
			int64_t id;

			memcpy(&id, (const char *)rows + k * size + off,
			       sizeof(id));
			if (id != pg->patients[i].id)
				break;
		}
	}
	(*at)[pg->n] = k;
	if (k != n)
		return br_error(err, BR_EDB, "",
		                "the clinic's records came out of order");
	return 0;
}

/* Collects st's rows with row into *rows (n of size bytes, patient_id at
 * off) and groups them into *at. */
static int
collect(const struct br_clinic_page *pg, struct br_db_stmt *st,
        br_db_row_fn row, size_t size, size_t off, void **rows, size_t *n,
        size_t **at, struct br_err *err)
{
	int rc = br_db_collect(st, size, row, rows, n, err);

	return rc < 0 ? rc : group(pg, *rows, *n, size, off, at, err);
}

#define COLLECT(st, pg, name, row, err)                                        \
	collect(pg, st, row, sizeof(*(pg)->name),                              \
	        offsetof(__typeof__(*(pg)->name), patient_id),                 \
	        (void **)&(pg)->name, &(pg)->n_##name, &(pg)->name##_at, err)

/* The page's patients -------------------------------------------------- */

#define PATIENT_COLS "p.patient_id, p.clinic_id, p.name, p.ref, p.name_key"
#define PATIENTS(where)                                                        \
	"SELECT " PATIENT_COLS " FROM patients p WHERE (p.name_key, "          \
	"p.patient_id) > (COALESCE($2, ''), $3)" where                         \
	" ORDER BY p.name_key, p.patient_id LIMIT $1"

static int
load_patients(struct br_store *s, const struct br_patient_scope *sc,
              const struct br_clinic_cursor *after, int limit,
              struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q[4] = {PATIENTS(""), PATIENTS(IN_PRACT(4)),
	                                 PATIENTS(IN_CLINIC(4)),
	                                 PATIENTS(IN_CLINIC(4) IN_PRACT(5))};
	struct br_db_stmt *st;
	size_t cap = 0;
	int k = 4, rc = br_db_prepare(s, q[scope(sc)], &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, limit);
	br_db_bind_text(st, 2, after->key);
	br_db_bind_i64(st, 3, after->id);
	if (sc->clinic_id)
		br_db_bind_i64(st, k++, sc->clinic_id);
	if (sc->practitioner_id)
		br_db_bind_i64(st, k, sc->practitioner_id);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_patient *p;

		rc = br_store_grow((void **)&pg->patients, &cap, pg->n,
		                   sizeof(*pg->patients), err);
		if (rc < 0)
			break;
		p = &pg->patients[pg->n++];
		memset(p, 0, sizeof(*p));
		p->id = br_db_col_i64(st, 0);
		p->clinic_id = br_db_col_i64(st, 1);
		br_db_col_copy(st, 2, p->name, sizeof(p->name));
		br_db_col_copy(st, 3, p->ref, sizeof(p->ref));
		br_db_col_copy(st, 4, pg->next.key, sizeof(pg->next.key));
		pg->next.id = p->id;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

/* Episodes --------------------------------------------------------------- */

/* Reads a screen as LAST_SCREEN packs it: "day tier [0|1]". */
static void
read_screen(struct br_db_stmt *st, int col, struct br_clinic_screen *x)
{
	const char *v = br_db_col_text(st, col), *sp;

	memset(x, 0, sizeof(*x));
	if (strlen(v) < 12 || v[10] != ' ')
		return;
	memcpy(x->day, v, 10);
	v += 11;
	sp = strchr(v, ' ');
	snprintf(x->tier, sizeof(x->tier), "%.*s",
	         (int)(sp ? (size_t)(sp - v) : strlen(v)), v);
	x->cleared = sp && sp[1] == '1';
}

static void
read_episode(struct br_db_stmt *st, void *elem)
{
	struct br_clinic_episode *x = elem;
	struct br_episode *e = &x->e;

	e->patient_id = br_db_col_i64(st, 0);
	e->id = br_db_col_i64(st, 1);
	e->practitioner_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, e->onset, sizeof(e->onset));
	br_db_col_copy(st, 4, e->status, sizeof(e->status));
	br_db_col_copy(st, 5, e->opened_on, sizeof(e->opened_on));
	br_db_col_copy(st, 6, e->closed_on, sizeof(e->closed_on));
	x->patient_id = e->patient_id;
	x->sessions = (int)br_db_col_i64(st, 7);
	br_db_col_copy(st, 8, x->first, sizeof(x->first));
	br_db_col_copy(st, 9, x->last, sizeof(x->last));
	read_screen(st, 10, &x->screen);
	read_screen(st, 11, &x->waiting);
}

/* The episode's sessions (sessions_episode holds all it reads). */
#define SESSIONS_OF(what)                                                      \
	"(SELECT " what " FROM sessions s WHERE s.patient_id = e.patient_id "  \
	"AND s.episode_id = e.episode_id)"
#define LAST_SESSION SESSIONS_OF("MAX(s.day)")
/* An open episode's last screen as "day tier 0|1" (1: cleared), and the
 * last one waiting for clearance as "day tier", each read from
 * screenings_last alone (migration 024). */
#define SCREEN_OF(what, cond)                                                  \
	"CASE WHEN e.status = 'open' THEN (SELECT " what " FROM screenings y " \
	"WHERE y.patient_id = e.patient_id AND y.episode_id = "                \
	"e.episode_id " cond "ORDER BY y.day DESC, y.screening_id DESC "       \
	"LIMIT 1) END"
#define LAST_SCREEN                                                            \
	SCREEN_OF("y.day || ' ' || y.tier || CASE WHEN y.cleared_at IS NULL "  \
	          "THEN ' 0' ELSE ' 1' END",                                   \
	          "")
#define WAITING_SCREEN                                                         \
	SCREEN_OF("y.day || ' ' || y.tier",                                    \
	          "AND y.tier <> 'none' AND y.cleared_at IS NULL ")
#define EPISODE_COLS                                                           \
	"SELECT e.patient_id, e.episode_id, e.practitioner_id, e.onset, "      \
	"e.status, e.opened_on, e.closed_on, "
#define EPISODE_FROM                                                           \
	", " LAST_SCREEN ", " WAITING_SCREEN " FROM patients p JOIN episodes " \
	"e ON e.patient_id = p.patient_id WHERE "

/* Whether episode a comes before b: by opening day, then id. */
static bool
before(const struct br_clinic_episode *a, const struct br_clinic_episode *b)
{
	int c = strcmp(a->e.opened_on, b->e.opened_on);

	return c < 0 || (c == 0 && a->e.id < b->e.id);
}

static int
load_episodes(struct br_store *s, const struct page_ref *r, bool today,
              struct br_clinic_page *pg, struct br_err *err)
{
	/* The due list needs an open episode's last session; Today the
	 * count, first and last of every episode's. */
	static const char *const q_due[4] = {
	        SCOPED(EPISODE_COLS "NULL, NULL, CASE WHEN e.status = 'open' "
	                            "THEN " LAST_SESSION " END" EPISODE_FROM,
	               BY_PATIENT ", e.episode_id", 1, 2, 3, 4, 5, 6)};
	static const char *const q_today[4] = {
	        SCOPED(EPISODE_COLS SESSIONS_OF("COUNT(*)") ", " SESSIONS_OF(
	                       "MIN(s.day)") ", " LAST_SESSION EPISODE_FROM,
	               BY_PATIENT ", e.episode_id", 1, 2, 3, 4, 5, 6)};
	struct br_db_stmt *st;
	int rc = prepare(s, today ? q_today : q_due, r, &st, err);

	if (rc == 0) {
		bind_page(st, 0, r);
		rc = COLLECT(st, pg, episodes, read_episode, err);
	}
	/* Each patient's by opening day (the sort would cost the query more
	 * than this insertion of a few). */
	for (size_t i = 0; rc == 0 && i < pg->n; i++)
		for (size_t k = pg->episodes_at[i] + 1;
		     k < pg->episodes_at[i + 1]; k++)
			for (size_t j = k;
			     j > pg->episodes_at[i] &&
			     before(&pg->episodes[j], &pg->episodes[j - 1]);
			     j--) {
				struct br_clinic_episode t = pg->episodes[j];

				pg->episodes[j] = pg->episodes[j - 1];
				pg->episodes[j - 1] = t;
			}
	return rc;
}

/* Sessions a course counts, one row per modality ------------------------ */

/* From the active items with a trial (plan_items_episode), one seek a
 * patient: CROSS JOIN keeps SQLite's loops in this order whatever its
 * statistics say (PostgreSQL plans it as an inner join).  An episode with
 * two such items comes twice, its rows side by side. */
#define SESSIONS_HEAD                                                          \
	"SELECT s.patient_id, s.episode_id, s.session_id, s.day, m.modality "  \
	"FROM patients p CROSS JOIN plan_items i CROSS JOIN sessions s LEFT "  \
	"JOIN session_modalities m ON m.patient_id = s.patient_id AND "        \
	"m.session_id = s.session_id WHERE i.patient_id = p.patient_id AND "   \
	"i.status = 'active' AND i.trial IS NOT NULL AND s.patient_id = "      \
	"i.patient_id AND s.episode_id = i.episode_id AND "
#define SESSIONS_TAIL                                                          \
	BY_PATIENT ", s.episode_id, s.day, s.session_id, m.modality"

static int
load_sessions(struct br_store *s, const struct page_ref *r,
              struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q[4] = {
	        SCOPED(SESSIONS_HEAD, SESSIONS_TAIL, 1, 2, 3, 4, 5, 6)};
	struct br_db_stmt *st;
	size_t cap = 0;
	int rc = prepare(s, q, r, &st, err);

	if (rc < 0)
		return rc;
	bind_page(st, 0, r);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_clinic_session *x = NULL;
		int64_t id = br_db_col_i64(st, 2);

		if (pg->n_sessions > 0 &&
		    pg->sessions[pg->n_sessions - 1].id == id &&
		    pg->sessions[pg->n_sessions - 1].patient_id ==
		            br_db_col_i64(st, 0)) {
			x = &pg->sessions[pg->n_sessions - 1];
		} else {
			rc = br_store_grow((void **)&pg->sessions, &cap,
			                   pg->n_sessions,
			                   sizeof(*pg->sessions), err);
			if (rc < 0)
				break;
			x = &pg->sessions[pg->n_sessions++];
			memset(x, 0, sizeof(*x));
			x->patient_id = br_db_col_i64(st, 0);
			x->episode_id = br_db_col_i64(st, 1);
			x->id = id;
			br_db_col_copy(st, 3, x->day, sizeof(x->day));
		}
		if (!br_db_col_is_null(st, 4) &&
		    x->n_modalities < BR_MAX_LIST &&
		    (x->n_modalities == 0 ||
		     strcmp(x->modalities[x->n_modalities - 1],
		            br_db_col_text(st, 4)) != 0))
			br_db_col_copy(st, 4, x->modalities[x->n_modalities++],
			               sizeof(x->modalities[0]));
	}
	br_db_done(st);
	if (rc < 0)
		return rc;
	return group(pg, pg->sessions, pg->n_sessions, sizeof(*pg->sessions),
	             offsetof(struct br_clinic_session, patient_id),
	             &pg->sessions_at, err);
}

/* Plan items, measures -------------------------------------------------- */

static void
read_item(struct br_db_stmt *st, void *elem)
{
	struct br_plan_item *x = elem;

	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->treatment, sizeof(x->treatment));
	x->sessions = br_db_col_int_opt(st, 4);
	x->per_week = br_db_col_is_null(st, 5) ? -1 : br_db_col_double(st, 5);
	x->trial = br_db_col_int_opt(st, 6);
	br_db_col_copy(st, 7, x->status, sizeof(x->status));
	br_db_col_copy(st, 8, x->day, sizeof(x->day));
	br_db_col_copy(st, 9, x->ended_on, sizeof(x->ended_on));
	br_db_col_copy(st, 10, x->defaulted, sizeof(x->defaulted));
	br_db_col_copy(st, 11, x->created_at, sizeof(x->created_at));
}

static int
load_items(struct br_store *s, const struct page_ref *r,
           struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q[4] = {SCOPED(
	        "SELECT i.patient_id, i.item_id, i.episode_id, i.treatment, "
	        "i.sessions, i.per_week, i.trial, i.status, i.day, i.ended_on, "
	        "i.defaulted, i.created_at FROM patients p JOIN plan_items i "
	        "ON i.patient_id = p.patient_id WHERE ",
	        BY_PATIENT ", i.episode_id, i.day, i.item_id", 1, 2, 3, 4, 5,
	        6)};
	struct br_db_stmt *st;
	int rc = prepare(s, q, r, &st, err);

	if (rc < 0)
		return rc;
	bind_page(st, 0, r);
	return COLLECT(st, pg, items, read_item, err);
}

static void
read_measure(struct br_db_stmt *st, void *elem)
{
	struct br_clinic_measure *x = elem;

	x->patient_id = br_db_col_i64(st, 0);
	x->episode_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, x->instrument, sizeof(x->instrument));
	br_db_col_copy(st, 3, x->last, sizeof(x->last));
	x->since = (int)br_db_col_i64(st, 4);
}

static int
load_measures(struct br_store *s, const struct page_ref *r,
              struct br_clinic_page *pg, struct br_err *err)
{
	/* Each instrument's last day (measures_episode), then the sessions
	 * after it (sessions_episode). */
	static const char *const q[4] = {SCOPED(
	        "SELECT g.patient_id, g.episode_id, g.instrument, g.last, "
	        "(SELECT COUNT(*) FROM sessions s WHERE s.patient_id = "
	        "g.patient_id AND s.episode_id = g.episode_id AND s.day > "
	        "g.last) FROM (SELECT p.name_key, m.patient_id, m.episode_id, "
	        "m.instrument, MAX(m.day) AS last FROM patients p JOIN "
	        "measures m ON m.patient_id = p.patient_id WHERE ",
	        " GROUP BY p.name_key, m.patient_id, m.episode_id, "
	        "m.instrument) g ORDER BY g.name_key, g.patient_id, "
	        "g.episode_id, g.instrument",
	        1, 2, 3, 4, 5, 6)};
	struct br_db_stmt *st;
	int rc = prepare(s, q, r, &st, err);

	if (rc < 0)
		return rc;
	bind_page(st, 0, r);
	return COLLECT(st, pg, measures, read_measure, err);
}

/* Exercises and pacing -------------------------------------------------- */

static void
read_exercise(struct br_db_stmt *st, void *elem)
{
	struct br_clinic_exercise *x = elem;

	x->rx.patient_id = br_db_col_i64(st, 0);
	x->rx.id = br_db_col_i64(st, 1);
	x->rx.episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->rx.exercise, sizeof(x->rx.exercise));
	x->rx.reps = (int)br_db_col_i64(st, 4);
	x->rx.every_days = (int)br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, x->rx.day, sizeof(x->rx.day));
	x->rx.active = br_db_col_i64(st, 7) != 0;
	x->rx.usual_morning = br_db_col_int_opt(st, 8);
	br_db_col_copy(st, 9, x->rx.created_at, sizeof(x->rx.created_at));
	br_db_col_copy(st, 10, x->last_log, sizeof(x->last_log));
}

static int
load_exercises(struct br_store *s, const struct page_ref *r, const char *day,
               struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q[4] = {SCOPED(
	        "SELECT x.patient_id, x.prescription_id, x.episode_id, "
	        "x.exercise, x.reps, x.every_days, x.day, x.active, "
	        "x.usual_morning, x.created_at, (SELECT MAX(l.day) FROM "
	        "exercise_logs l WHERE l.patient_id = x.patient_id AND "
	        "l.episode_id = x.episode_id AND l.exercise = x.exercise AND "
	        "l.day >= x.day AND l.day <= $1) FROM patients p JOIN "
	        "exercise_prescriptions x ON x.patient_id = p.patient_id WHERE "
	        "x.active = 1 AND ",
	        BY_PATIENT ", x.episode_id, x.day, x.prescription_id", 2, 3, 4,
	        5, 6, 7)};
	struct br_db_stmt *st;
	int rc = prepare(s, q, r, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, day);
	bind_page(st, 1, r);
	return collect(pg, st, read_exercise, sizeof(*pg->exercises),
	               offsetof(struct br_clinic_exercise, rx.patient_id),
	               (void **)&pg->exercises, &pg->n_exercises,
	               &pg->exercises_at, err);
}

/* The current quota of an activity: no later one of it in the episode. */
#define CURRENT_QUOTA                                                          \
	"NOT EXISTS (SELECT 1 FROM pacing_quotas b WHERE b.patient_id = "      \
	"a.patient_id AND b.episode_id = a.episode_id AND b.activity = "       \
	"a.activity AND (b.day > a.day OR (b.day = a.day AND b.quota_id > "    \
	"a.quota_id))) AND "

static int
load_pacing(struct br_store *s, const struct page_ref *r,
            struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q_quota[4] = {SCOPED(
	        "SELECT a.patient_id, a.quota_id, a.episode_id, a.activity, "
	        "a.unit, a.baseline, a.step_pct, a.every_days, a.day, "
	        "a.created_at FROM patients p JOIN pacing_quotas a ON "
	        "a.patient_id = p.patient_id WHERE " CURRENT_QUOTA,
	        BY_PATIENT ", a.episode_id, a.activity", 1, 2, 3, 4, 5, 6)};
	static const char *const q_log[4] = {SCOPED(
	        "SELECT l.patient_id, l.log_id, l.episode_id, l.activity, "
	        "l.day, l.done, l.recovered, l.flare, l.created_at FROM "
	        "patients p JOIN pacing_quotas a ON a.patient_id = "
	        "p.patient_id JOIN pacing_logs l ON l.patient_id = "
	        "a.patient_id AND l.episode_id = a.episode_id AND l.activity "
	        "= a.activity AND l.day >= a.day WHERE " CURRENT_QUOTA,
	        BY_PATIENT ", a.episode_id, a.activity, l.day", 1, 2, 3, 4, 5,
	        6)};
	struct br_db_stmt *st;
	int rc = prepare(s, q_quota, r, &st, err);

	if (rc < 0)
		return rc;
	bind_page(st, 0, r);
	rc = COLLECT(st, pg, quotas, br_store_pacing_read_quota, err);
	if (rc == 0)
		rc = prepare(s, q_log, r, &st, err);
	if (rc < 0)
		return rc;
	bind_page(st, 0, r);
	return COLLECT(st, pg, pace_logs, br_store_pacing_read_log, err);
}

/* The diary -------------------------------------------------------------- */

static void
read_diary(struct br_db_stmt *st, void *elem)
{
	struct br_clinic_diary *x = elem;

	x->patient_id = br_db_col_i64(st, 0);
	x->episode_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, x->day, sizeof(x->day));
	x->pain = br_db_col_int_opt(st, 3);
}

/* The days in [$1, $2]. */
static int
load_diary_range(struct br_store *s, const struct page_ref *r, const char *from,
                 const char *to, struct br_clinic_diary **out, size_t *n,
                 struct br_err *err)
{
	static const char *const q[4] = {
	        SCOPED("SELECT d.patient_id, 0, d.day, d.pain FROM patients p "
	               "JOIN diary_days d ON d.patient_id = p.patient_id AND "
	               "d.day >= $1 AND d.day <= $2 WHERE ",
	               BY_PATIENT ", d.day", 3, 4, 5, 6, 7, 8)};
	struct br_db_stmt *st;
	int rc = prepare(s, q, r, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, from);
	br_db_bind_text(st, 2, to);
	bind_page(st, 2, r);
	return br_db_collect(st, sizeof(**out), read_diary, (void **)out, n,
	                     err);
}

/*
 * Today's outcome windows need per patient bounds: a derived table (kept
 * apart by its GROUP BY, so PostgreSQL neither merges it into the join nor
 * evaluates the bounds per diary row) gives them, one row a patient or
 * episode, and the diary is read through its key between them.
 *
 * BASELINES: the 7 days before the first session of each open episode
 * with at least $1 sessions (its outcome baseline), marked with the
 * episode.  STALE: for a patient with an open episode whose last day on
 * or before $2 is before $3, the 7 days up to it (the outcome's latest
 * window, which the last two weeks do not hold).
 */
#define BASELINES_HEAD                                                         \
	"SELECT d.patient_id, b.episode_id, d.day, d.pain FROM (SELECT "       \
	"p.name_key, p.patient_id, e.episode_id, (SELECT MIN(s.day) FROM "     \
	"sessions s WHERE s.patient_id = e.patient_id AND s.episode_id = "     \
	"e.episode_id) AS f FROM patients p JOIN episodes e ON e.patient_id "  \
	"= p.patient_id AND e.status = 'open' WHERE (SELECT COUNT(*) FROM "    \
	"sessions s WHERE s.patient_id = e.patient_id AND s.episode_id = "     \
	"e.episode_id) >= $1 AND "
#define BASELINES_TAIL                                                         \
	" GROUP BY p.name_key, p.patient_id, e.patient_id, e.episode_id) b "   \
	"JOIN diary_days d ON d.patient_id = b.patient_id AND d.day < b.f "    \
	"AND d.day >= "                                                        \
	"COALESCE((SELECT d2.day FROM diary_days d2 WHERE d2.patient_id = "    \
	"b.patient_id AND d2.day < b.f ORDER BY d2.day DESC LIMIT 1 OFFSET "   \
	"6), '0000-00-00')"
#define STALE_HEAD                                                             \
	"SELECT d.patient_id, 0, d.day, d.pain FROM (SELECT p.name_key, "      \
	"p.patient_id, (SELECT MAX(x.day) FROM diary_days x WHERE "            \
	"x.patient_id = p.patient_id AND x.day <= $1) AS l FROM patients p "   \
	"WHERE EXISTS (SELECT 1 FROM episodes o WHERE o.patient_id = "         \
	"p.patient_id AND o.status = 'open') AND "
#define STALE_TAIL                                                             \
	" GROUP BY p.name_key, p.patient_id) b JOIN diary_days d ON "          \
	"d.patient_id = b.patient_id AND d.day <= b.l AND d.day >= "           \
	"COALESCE((SELECT d2.day FROM diary_days d2 WHERE d2.patient_id = "    \
	"b.patient_id AND d2.day <= b.l ORDER BY d2.day DESC LIMIT 1 OFFSET "  \
	"6), '0000-00-00') WHERE b.l < $2"

/* A diary row with its patient's place in the page, for sorting. */
struct placed {
	size_t at;
	struct br_clinic_diary row;
};

static int
by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int
by_place(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->row.episode_id != y->row.episode_id)
		return x->row.episode_id < y->row.episode_id ? -1 : 1;
	return strcmp(x->row.day, y->row.day);
}

/* Sorts rows (of the page's patients, in any order) into the page's
 * order, then by episode_id and day: the queries over a derived table
 * leave the order to C, which sorts it for less than SQLite's sorter. */
static int
sort_days(const struct br_clinic_page *pg, struct br_clinic_diary *rows,
          size_t n, struct br_err *err)
{
	int64_t(*ids)[2];
	struct placed *x;
	int rc = 0;

	if (n == 0)
		return 0;
	ids = malloc((pg->n + 1) * sizeof(*ids));
	x = malloc(n * sizeof(*x));
	if (ids == NULL || x == NULL)
		rc = br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; rc == 0 && i < pg->n; i++) {
		ids[i][0] = pg->patients[i].id;
		ids[i][1] = (int64_t)i;
	}
	if (rc == 0)
		qsort(ids, pg->n, sizeof(*ids), by_id);
	for (size_t k = 0; rc == 0 && k < n; k++) {
		const int64_t(*at)[2] = bsearch(&rows[k].patient_id, ids, pg->n,
		                                sizeof(*ids), by_id);

		if (at == NULL) {
			rc = br_error(
			        err, BR_EDB, "",
			        "a diary row of a patient not on the page");
			break;
		}
		x[k].at = (size_t)(*at)[1];
		x[k].row = rows[k];
	}
	if (rc == 0) {
		qsort(x, n, sizeof(*x), by_place);
		for (size_t k = 0; k < n; k++)
			rows[k] = x[k].row;
	}
	free(ids);
	free(x);
	return rc;
}

/* Merges rows (n, in the page's order) into *out (the same): a patient's
 * rows by episode_id (0, the patient's own days, first), then day; a row
 * in both is kept once. */
static int
merge_days(const struct br_clinic_page *pg, struct br_clinic_diary **out,
           size_t *nout, const struct br_clinic_diary *rows, size_t n,
           struct br_err *err)
{
	const struct br_clinic_diary *x = *out;
	struct br_clinic_diary *m = malloc((*nout + n + 1) * sizeof(*m));
	size_t a = 0, b = 0, k = 0;

	if (m == NULL)
		return br_error(err, BR_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < pg->n; i++) {
		int64_t id = pg->patients[i].id;

		for (;;) {
			bool ta = a < *nout && x[a].patient_id == id;
			bool tb = b < n && rows[b].patient_id == id;
			int c;

			if (!ta && !tb)
				break;
			if (!ta || !tb)
				c = ta ? -1 : 1;
			else if (x[a].episode_id != rows[b].episode_id)
				c = x[a].episode_id < rows[b].episode_id ? -1
				                                         : 1;
			else
				c = strcmp(x[a].day, rows[b].day);
			m[k++] = c <= 0 ? x[a] : rows[b];
			a += c <= 0;
			b += c >= 0;
		}
	}
	if (a != *nout || b != n) {
		free(m);
		return br_error(err, BR_EDB, "",
		                "the clinic's records came out of order");
	}
	free(*out);
	*out = m;
	*nout = k;
	return 0;
}

/* Whether the page has a patient with an open episode and no day in
 * [week, ...] among rows (the last two weeks, in the page's order): *stale;
 * an open episode with BR_CLINIC_TRIAL_SESSIONS sessions or more: *base.
 * A query that would find nothing is not run. */
static void
needs(const struct br_clinic_page *pg, const struct br_clinic_diary *rows,
      size_t n, const char *week, bool *stale, bool *base)
{
	size_t k = 0;

	*stale = *base = false;
	for (size_t i = 0; i < pg->n; i++) {
		bool open = false, recent = false;

		for (size_t j = pg->episodes_at[i]; j < pg->episodes_at[i + 1];
		     j++) {
			const struct br_clinic_episode *e = &pg->episodes[j];

			if (strcmp(e->e.status, "open") != 0)
				continue;
			open = true;
			*base = *base ||
			        e->sessions >= BR_CLINIC_TRIAL_SESSIONS;
		}
		for (; k < n && rows[k].patient_id == pg->patients[i].id; k++)
			recent = recent || strcmp(rows[k].day, week) >= 0;
		*stale = *stale || (open && !recent);
	}
}

static int
load_diary_today(struct br_store *s, const struct page_ref *r, int32_t day,
                 struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q_base[4] = {
	        SCOPED(BASELINES_HEAD, BASELINES_TAIL, 2, 3, 4, 5, 6, 7)};
	static const char *const q_stale[4] = {
	        SCOPED(STALE_HEAD, STALE_TAIL, 3, 4, 5, 6, 7, 8)};
	char today[BR_DATE_LEN], from[BR_DATE_LEN], week[BR_DATE_LEN];
	struct br_clinic_diary *more = NULL;
	size_t nmore = 0;
	struct br_db_stmt *st;
	bool stale, base;
	int rc;

	br_format_date(day, today);
	br_format_date(day - 13, from);
	br_format_date(day - 6, week);
	/* The last two weeks: the due list's 7 days, the last 7 and the
	 * outcome's latest window when the diary was written in the last
	 * 7 days. */
	rc = load_diary_range(s, r, from, today, &pg->diary, &pg->n_diary, err);
	if (rc == 0)
		needs(pg, pg->diary, pg->n_diary, week, &stale, &base);
	if (rc == 0 && stale)
		rc = prepare(s, q_stale, r, &st, err);
	if (rc == 0 && stale) {
		br_db_bind_text(st, 1, today);
		br_db_bind_text(st, 2, week);
		bind_page(st, 2, r);
		rc = br_db_collect(st, sizeof(*more), read_diary,
		                   (void **)&more, &nmore, err);
	}
	if (rc == 0)
		rc = sort_days(pg, more, nmore, err);
	if (rc == 0)
		rc = merge_days(pg, &pg->diary, &pg->n_diary, more, nmore, err);
	free(more);
	more = NULL;
	nmore = 0;
	if (rc == 0 && base)
		rc = prepare(s, q_base, r, &st, err);
	if (rc == 0 && base) {
		br_db_bind_i64(st, 1, BR_CLINIC_TRIAL_SESSIONS);
		bind_page(st, 1, r);
		rc = br_db_collect(st, sizeof(*more), read_diary,
		                   (void **)&more, &nmore, err);
	}
	if (rc == 0)
		rc = sort_days(pg, more, nmore, err);
	if (rc == 0)
		rc = merge_days(pg, &pg->diary, &pg->n_diary, more, nmore, err);
	free(more);
	if (rc < 0)
		return rc;
	return group(pg, pg->diary, pg->n_diary, sizeof(*pg->diary),
	             offsetof(struct br_clinic_diary, patient_id),
	             &pg->diary_at, err);
}

/* Today's visits --------------------------------------------------------- */

static void
read_visit(struct br_db_stmt *st, void *elem)
{
	struct br_visit *v = elem;

	v->patient_id = br_db_col_i64(st, 0);
	v->id = br_db_col_i64(st, 1);
	v->episode_id = br_db_col_i64(st, 2);
	v->practitioner_id = br_db_col_i64(st, 3);
	v->starts_at = br_db_col_i64(st, 4);
	v->minutes = (int)br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, v->place, sizeof(v->place));
	br_db_col_copy(st, 7, v->address, sizeof(v->address));
	br_db_col_copy(st, 8, v->status, sizeof(v->status));
	v->session_id = br_db_col_i64(st, 9);
	br_db_col_copy(st, 10, v->created_at, sizeof(v->created_at));
	br_db_col_copy(st, 11, v->updated_at, sizeof(v->updated_at));
}

static int
load_visits(struct br_store *s, const struct page_ref *r, int32_t day,
            struct br_clinic_page *pg, struct br_err *err)
{
	static const char *const q[4] = {SCOPED(
	        "SELECT v.patient_id, v.visit_id, v.episode_id, "
	        "v.practitioner_id, v.starts_at, v.minutes, v.place, "
	        "v.address, v.status, v.session_id, v.created_at, "
	        "v.updated_at" OPEN_EPISODES
	        "JOIN visits v ON v.patient_id = e.patient_id AND "
	        "v.episode_id = e.episode_id AND v.starts_at >= $1 AND "
	        "v.starts_at < $2 WHERE ",
	        BY_EPISODE ", v.starts_at, v.visit_id", 3, 4, 5, 6, 7, 8)};
	struct br_db_stmt *st;
	int rc = prepare(s, q, r, &st, err);

	if (rc < 0)
		return rc;
	/* A visit's start is its local day number x 1440 + minutes. */
	br_db_bind_i64(st, 1, (int64_t)day * 1440);
	br_db_bind_i64(st, 2, ((int64_t)day + 1) * 1440);
	bind_page(st, 2, r);
	return COLLECT(st, pg, visits, read_visit, err);
}

/* The page --------------------------------------------------------------- */

void
br_store_clinic_page_free(struct br_clinic_page *pg)
{
	free(pg->patients);
#define FREE_TABLE(name)                                                       \
	do {                                                                   \
		free(pg->name);                                                \
		free(pg->name##_at);                                           \
	} while (0)
	FREE_TABLE(episodes);
	FREE_TABLE(sessions);
	FREE_TABLE(items);
	FREE_TABLE(measures);
	FREE_TABLE(exercises);
	FREE_TABLE(quotas);
	FREE_TABLE(pace_logs);
	FREE_TABLE(diary);
	FREE_TABLE(visits);
#undef FREE_TABLE
	memset(pg, 0, sizeof(*pg));
}

/* An empty table's row index: every patient has none. */
static int
none(const struct br_clinic_page *pg, size_t **at, struct br_err *err)
{
	*at = calloc(pg->n + 1, sizeof(**at));
	return *at ? 0 : br_error(err, BR_ENOMEM, "", "out of memory");
}

int
br_store_clinic_page(struct br_store *s, const struct br_patient_scope *sc,
                     const struct br_clinic_cursor *after, int limit, int flags,
                     int32_t day, struct br_clinic_page *out,
                     struct br_err *err)
{
	char today[BR_DATE_LEN], from[BR_DATE_LEN], to[BR_DATE_LEN];
	struct page_ref r = {sc, after, &out->next};
	bool t = flags & BR_CLINIC_TODAY;
	int rc;

	memset(out, 0, sizeof(*out));
	br_format_date(day, today);
	br_format_date(day - 7, from);
	br_format_date(day - 1, to);
	rc = load_patients(s, sc, after, limit, out, err);
	if (rc == 0 && out->n == 0) {
		/* Nothing to read: every table empty. */
		rc = none(out, &out->episodes_at, err);
	} else {
		if (rc == 0)
			rc = load_episodes(s, &r, t, out, err);
		if (rc == 0)
			rc = load_sessions(s, &r, out, err);
		if (rc == 0)
			rc = load_items(s, &r, out, err);
		if (rc == 0)
			rc = load_measures(s, &r, out, err);
		if (rc == 0)
			rc = load_exercises(s, &r, today, out, err);
		if (rc == 0)
			rc = load_pacing(s, &r, out, err);
		if (rc == 0 && t)
			rc = load_diary_today(s, &r, day, out, err);
		else if (rc == 0)
			rc = load_diary_range(s, &r, from, to, &out->diary,
			                      &out->n_diary, err);
		if (rc == 0 && !t)
			rc = group(out, out->diary, out->n_diary,
			           sizeof(*out->diary),
			           offsetof(struct br_clinic_diary, patient_id),
			           &out->diary_at, err);
		if (rc == 0 && t)
			rc = load_visits(s, &r, day, out, err);
	}
	/* Tables not read answer as empty. */
#define EMPTY(name)                                                            \
	if (rc == 0 && out->name##_at == NULL)                                 \
	rc = none(out, &out->name##_at, err)
	EMPTY(episodes);
	EMPTY(sessions);
	EMPTY(items);
	EMPTY(measures);
	EMPTY(exercises);
	EMPTY(quotas);
	EMPTY(pace_logs);
	EMPTY(diary);
	EMPTY(visits);
#undef EMPTY
	if (rc < 0)
		br_store_clinic_page_free(out);
	return rc;
}
