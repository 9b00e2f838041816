/*
 * pacing.c - activity quotas and logs (see pacing.h).
 */
#include "store/pacing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

#define QUOTA_COLS                                                             \
	"patient_id, quota_id, episode_id, activity, unit, baseline, "         \
	"step_pct, every_days, day, created_at"
#define LOG_COLS                                                               \
	"patient_id, log_id, episode_id, activity, day, done, recovered, "     \
	"flare, created_at"

void
br_store_pacing_read_quota(struct br_db_stmt *st, void *elem)
{
	struct br_pacing_quota *x = elem;

	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->activity, sizeof(x->activity));
	br_db_col_copy(st, 4, x->unit, sizeof(x->unit));
	x->baseline = br_db_col_double(st, 5);
	x->step_pct = br_db_col_double(st, 6);
	x->every_days = (int)br_db_col_i64(st, 7);
	br_db_col_copy(st, 8, x->day, sizeof(x->day));
	br_db_col_copy(st, 9, x->created_at, sizeof(x->created_at));
}

void
br_store_pacing_read_log(struct br_db_stmt *st, void *elem)
{
	struct br_pacing_log *x = elem;

	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, x->activity, sizeof(x->activity));
	br_db_col_copy(st, 4, x->day, sizeof(x->day));
	x->done = br_db_col_double(st, 5);
	x->recovered = br_db_col_int_opt(st, 6);
	x->flare = br_db_col_i64(st, 7) != 0;
	br_db_col_copy(st, 8, x->created_at, sizeof(x->created_at));
}

int
br_store_pacing_quota_insert(struct br_store *s,
                             const struct br_pacing_quota *x,
                             struct br_err *err)
{
	static const char q[] = "INSERT INTO pacing_quotas (" QUOTA_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_db_bind_text(st, 4, x->activity);
	br_db_bind_text(st, 5, x->unit);
	br_db_bind_double(st, 6, x->baseline);
	br_db_bind_double(st, 7, x->step_pct);
	br_db_bind_i64(st, 8, x->every_days);
	br_db_bind_text(st, 9, x->day);
	br_db_bind_text(st, 10, x->created_at);
	return br_db_run(st, err);
}

int
br_store_pacing_quota_list(struct br_store *s, int64_t patient_id,
                           int64_t episode_id, struct br_pacing_quota **out,
                           size_t *n, struct br_err *err)
{
	/* The latest setting per activity: no later row of the same one. */
	static const char q[] =
	        "SELECT " QUOTA_COLS " FROM pacing_quotas a WHERE patient_id = "
	        "$1 AND episode_id = $2 AND NOT EXISTS (SELECT 1 FROM "
	        "pacing_quotas b WHERE b.patient_id = a.patient_id AND "
	        "b.episode_id = a.episode_id AND b.activity = a.activity AND "
	        "(b.day > a.day OR (b.day = a.day AND b.quota_id > "
	        "a.quota_id))) ORDER BY activity";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), br_store_pacing_read_quota,
	                     (void **)out, n, err);
}

int
br_store_pacing_quota_history(struct br_store *s, int64_t patient_id,
                              int64_t episode_id, struct br_pacing_quota **out,
                              size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " QUOTA_COLS
	                        " FROM pacing_quotas WHERE patient_id = $1 AND "
	                        "episode_id = $2 ORDER BY activity, day, "
	                        "quota_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), br_store_pacing_read_quota,
	                     (void **)out, n, err);
}

int
br_store_pacing_log_put(struct br_store *s, const struct br_pacing_log *x,
                        struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO pacing_logs (" LOG_COLS
	        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT "
	        "(patient_id, episode_id, activity, day) DO UPDATE SET done = "
	        "excluded.done, recovered = excluded.recovered, flare = "
	        "excluded.flare";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	br_db_bind_text(st, 4, x->activity);
	br_db_bind_text(st, 5, x->day);
	br_db_bind_double(st, 6, x->done);
	br_db_bind_int_opt(st, 7, x->recovered);
	br_db_bind_i64(st, 8, x->flare);
	br_db_bind_text(st, 9, x->created_at);
	return br_db_run(st, err);
}

int
br_store_pacing_log_list(struct br_store *s, int64_t patient_id,
                         int64_t episode_id, const char *activity,
                         const char *from, struct br_pacing_log **out,
                         size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " LOG_COLS
	                        " FROM pacing_logs WHERE patient_id = $1 AND "
	                        "episode_id = $2 AND activity = $3 AND day >= "
	                        "$4 ORDER BY day";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, activity);
	br_db_bind_text(st, 4, from);
	return br_db_collect(st, sizeof(**out), br_store_pacing_read_log,
	                     (void **)out, n, err);
}

int
br_store_pacing_log_all(struct br_store *s, int64_t patient_id,
                        int64_t episode_id, struct br_pacing_log **out,
                        size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " LOG_COLS
	                        " FROM pacing_logs WHERE patient_id = $1 AND "
	                        "episode_id = $2 ORDER BY activity, day";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	return br_db_collect(st, sizeof(**out), br_store_pacing_read_log,
	                     (void **)out, n, err);
}
