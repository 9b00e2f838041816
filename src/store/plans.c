/*
 * plans.c - plan items, the bedtime routine and its diary ticks (see
 * plans.h).
 */
#include "store/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define ITEM_COLS                                                              \
	"patient_id, item_id, episode_id, treatment, sessions, per_week, "     \
	"trial, note, status, day, ended_on, defaulted, created_at"

int
br_store_plan_item_insert(struct br_store *s, const struct br_plan_item *x,
                          struct br_err *err)
{
	static const char q[] = "INSERT INTO plan_items (" ITEM_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10, $11, $12, $13)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_db_bind_text(st, 4, x->treatment);
	br_db_bind_int_opt(st, 5, x->sessions);
	if (x->per_week > 0)
		br_db_bind_double(st, 6, x->per_week);
	else
		br_db_bind_text(st, 6, NULL);
	br_db_bind_int_opt(st, 7, x->trial);
	br_db_bind_text(st, 8, x->note[0] ? x->note : NULL);
	br_db_bind_text(st, 9, x->status);
	br_db_bind_text(st, 10, x->day);
	br_db_bind_text(st, 11, x->ended_on[0] ? x->ended_on : NULL);
	br_db_bind_text(st, 12, x->defaulted[0] ? x->defaulted : NULL);
	br_db_bind_text(st, 13, x->created_at);
	return br_db_run(st, err);
}

static void
read_item(struct br_db_stmt *st, void *elem)
{
	struct br_plan_item *x = elem;

	memset(x, 0, sizeof(*x));
	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->treatment, sizeof(x->treatment));
	x->sessions = br_db_col_int_opt(st, 4);
	x->per_week = br_db_col_is_null(st, 5) ? -1 : br_db_col_double(st, 5);
	x->trial = br_db_col_int_opt(st, 6);
	br_db_col_copy(st, 7, x->note, sizeof(x->note));
	br_db_col_copy(st, 8, x->status, sizeof(x->status));
	br_db_col_copy(st, 9, x->day, sizeof(x->day));
	br_db_col_copy(st, 10, x->ended_on, sizeof(x->ended_on));
	br_db_col_copy(st, 11, x->defaulted, sizeof(x->defaulted));
	br_db_col_copy(st, 12, x->created_at, sizeof(x->created_at));
}

int
br_store_plan_item_list(struct br_store *s, int64_t patient_id,
                        int64_t episode_id, struct br_plan_item **out,
                        size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " ITEM_COLS
	                        " FROM plan_items WHERE patient_id = $1 AND "
	                        "episode_id = $2 ORDER BY day, item_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), read_item, (void **)out, n,
	                     err);
}

int
br_store_plan_item_end(struct br_store *s, int64_t patient_id, int64_t item_id,
                       const char *status, const char *day, struct br_err *err)
{
	static const char q[] = "UPDATE plan_items SET status = $3, ended_on "
	                        "= $4 WHERE patient_id = $1 AND item_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, item_id);
	br_db_bind_text(st, 3, status);
	br_db_bind_text(st, 4, day);
	return br_db_run(st, err);
}

int
br_store_routine_set(struct br_store *s, int64_t patient_id, int64_t episode_id,
                     const struct br_routine *r, struct br_err *err)
{
	static const char q_del[] = "DELETE FROM plan_routine_steps WHERE "
	                            "patient_id = $1 AND episode_id = $2";
	static const char q_ins[] =
	        "INSERT INTO plan_routine_steps (patient_id, episode_id, "
	        "step, day, created_at) VALUES ($1, $2, $3, $4, $5)";
	char now[BR_TS_LEN];
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q_del, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_run(st, err);
	br_store_now(now);
	for (int i = 0; rc == 0 && i < r->n; i++) {
		rc = br_db_prepare(s, q_ins, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, patient_id);
		br_db_bind_i64(st, 2, episode_id);
		br_db_bind_text(st, 3, r->steps[i]);
		br_db_bind_text(st, 4, r->day);
		br_db_bind_text(st, 5, now);
		rc = br_db_run(st, err);
	}
	return rc;
}

/* Reads rows of (step, day) into out. */
static int
read_steps(struct br_db_stmt *st, struct br_routine *out, struct br_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	while ((rc = br_db_step(st, err)) == 1) {
		if (out->n == BR_ROUTINE_MAX)
			continue;
		br_db_col_copy(st, 0, out->steps[out->n],
		               sizeof(out->steps[0]));
		br_db_col_copy(st, 1, out->day, sizeof(out->day));
		out->n++;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_routine_get(struct br_store *s, int64_t patient_id, int64_t episode_id,
                     struct br_routine *out, struct br_err *err)
{
	static const char q[] = "SELECT step, day FROM plan_routine_steps "
	                        "WHERE patient_id = $1 AND episode_id = $2 "
	                        "ORDER BY created_at, step";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return read_steps(st, out, err);
}

int
br_store_routine_ticks_set(struct br_store *s, int64_t patient_id,
                           const char *day, const struct br_routine *r,
                           struct br_err *err)
{
	static const char q_del[] = "DELETE FROM diary_routine_ticks WHERE "
	                            "patient_id = $1 AND day = $2";
	static const char q_ins[] = "INSERT INTO diary_routine_ticks "
	                            "(patient_id, day, step) VALUES ($1, $2, "
	                            "$3)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q_del, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, day);
	rc = br_db_run(st, err);
	for (int i = 0; rc == 0 && i < r->n; i++) {
		rc = br_db_prepare(s, q_ins, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, patient_id);
		br_db_bind_text(st, 2, day);
		br_db_bind_text(st, 3, r->steps[i]);
		rc = br_db_run(st, err);
	}
	return rc;
}

int
br_store_routine_ticks_get(struct br_store *s, int64_t patient_id,
                           const char *day, struct br_routine *out,
                           struct br_err *err)
{
	static const char q[] = "SELECT step, '' FROM diary_routine_ticks "
	                        "WHERE patient_id = $1 AND day = $2 ORDER BY "
	                        "step";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, day);
	return read_steps(st, out, err);
}

struct ticks_acc {
	struct br_routine_tick *arr;
	size_t cap, len;
	struct br_err *err;
};

static int
ticks_append(void *ctx, const char *day, const struct br_routine *r)
{
	struct ticks_acc *a = ctx;

	for (int k = 0; k < r->n; k++) {
		int rc = br_store_grow((void **)&a->arr, &a->cap, a->len,
		                       sizeof(*a->arr), a->err);

		if (rc < 0)
			return rc;
		snprintf(a->arr[a->len].day, sizeof(a->arr[a->len].day), "%s",
		         day);
		snprintf(a->arr[a->len].step, sizeof(a->arr[a->len].step), "%s",
		         r->steps[k]);
		a->len++;
	}
	return 0;
}

int
br_store_routine_ticks_list(struct br_store *s, int64_t patient_id,
                            const char *from, const char *to,
                            struct br_routine_tick **out, size_t *n,
                            struct br_err *err)
{
	struct ticks_acc a = {NULL, 0, 0, err};
	int rc = br_store_routine_ticks_scan(s, patient_id, from, to,
	                                     ticks_append, &a, err);

	if (rc < 0) {
		free(a.arr);
		return rc;
	}
	*out = a.arr;
	*n = a.len;
	return 0;
}

int
br_store_routine_ticks_scan(struct br_store *s, int64_t patient_id,
                            const char *from, const char *to,
                            int (*fn)(void *ctx, const char *day,
                                      const struct br_routine *r),
                            void *ctx, struct br_err *err)
{
	static const char q[] = "SELECT day, step FROM diary_routine_ticks "
	                        "WHERE patient_id = $1 AND day >= $2 AND day "
	                        "<= $3 ORDER BY day, step";
	struct br_routine r; /* r.day stays "" as for ticks_get */
	char cur[sizeof(r.day)] = "";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err), frc = 0;

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, from && from[0] ? from : "0000-00-00");
	br_db_bind_text(st, 3, to && to[0] ? to : "9999-99-99");
	memset(&r, 0, sizeof(r));
	while ((rc = br_db_step(st, err)) == 1) {
		const char *day = br_db_col_text(st, 0);

		if (r.n > 0 && strcmp(day, cur) != 0) {
			frc = fn(ctx, cur, &r);
			if (frc < 0)
				break;
			memset(&r, 0, sizeof(r));
		}
		snprintf(cur, sizeof(cur), "%s", day);
		if (r.n == BR_ROUTINE_MAX)
			continue;
		br_db_col_copy(st, 1, r.steps[r.n], sizeof(r.steps[0]));
		r.n++;
	}
	br_db_done(st);
	if (rc < 0)
		return rc;
	if (frc < 0)
		return frc;
	return r.n > 0 ? fn(ctx, cur, &r) : 0;
}
