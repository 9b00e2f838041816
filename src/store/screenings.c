/*
 * screenings.c - red-flag screens and their flags (see screenings.h).
 */
#include "store/screenings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/series.h"
#include "store/store_internal.h"

#define SCREENING_COLS                                                         \
	"patient_id, screening_id, episode_id, session_id, day, tier, "        \
	"screened_by, action, cleared_at, cleared_by, clear_reason, "          \
	"created_at"

int
br_store_screening_insert(struct br_store *s, const struct br_screening *x,
                          struct br_err *err)
{
	static const char q[] = "INSERT INTO screenings (" SCREENING_COLS
	                        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	                        "$10, $11, $12)";
	static const char q_flag[] = "INSERT INTO screening_flags (patient_id, "
	                             "screening_id, flag) VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, x->patient_id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, x->patient_id);
	br_db_bind_i64(st, 2, x->id);
	br_db_bind_i64(st, 3, x->episode_id);
	if (x->session_id)
		br_db_bind_i64(st, 4, x->session_id);
	else
		br_db_bind_text(st, 4, NULL);
	br_db_bind_text(st, 5, x->day);
	br_db_bind_text(st, 6, x->tier);
	br_db_bind_text(st, 7, x->screened_by);
	br_db_bind_text(st, 8, x->action);
	br_db_bind_text(st, 9, x->cleared_at);
	br_db_bind_text(st, 10, x->cleared_by);
	br_db_bind_text(st, 11, x->clear_reason);
	br_db_bind_text(st, 12, x->created_at);
	rc = br_db_run(st, err);
	for (int i = 0; rc == 0 && i < x->n_flags; i++) {
		rc = br_db_prepare(s, q_flag, &st, err);
		if (rc < 0)
			break;
		br_db_bind_i64(st, 1, x->patient_id);
		br_db_bind_i64(st, 2, x->id);
		br_db_bind_text(st, 3, x->flags[i]);
		rc = br_db_run(st, err);
	}
	return rc;
}

static void
read_screening(struct br_db_stmt *st, void *elem)
{
	struct br_screening *x = elem;

	memset(x, 0, sizeof(*x));
	x->patient_id = br_db_col_i64(st, 0);
	x->id = br_db_col_i64(st, 1);
	x->episode_id = br_db_col_i64(st, 2);
	x->session_id = br_db_col_i64(st, 3);
	br_db_col_copy(st, 4, x->day, sizeof(x->day));
	br_db_col_copy(st, 5, x->tier, sizeof(x->tier));
	br_db_col_copy(st, 6, x->screened_by, sizeof(x->screened_by));
	br_db_col_copy(st, 7, x->action, sizeof(x->action));
	br_db_col_copy(st, 8, x->cleared_at, sizeof(x->cleared_at));
	br_db_col_copy(st, 9, x->cleared_by, sizeof(x->cleared_by));
	br_db_col_copy(st, 10, x->clear_reason, sizeof(x->clear_reason));
	br_db_col_copy(st, 11, x->created_at, sizeof(x->created_at));
}

/* Reads the flags of the screens in arr (of one episode). */
static int
read_flags(struct br_store *s, int64_t patient_id, int64_t episode_id,
           struct br_screening *arr, size_t n, struct br_err *err)
{
	static const char q[] =
	        "SELECT f.screening_id, f.flag FROM screening_flags f JOIN "
	        "screenings x ON x.patient_id = f.patient_id AND "
	        "x.screening_id = f.screening_id WHERE x.patient_id = $1 AND "
	        "x.episode_id = $2 ORDER BY f.screening_id, f.flag";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	while ((rc = br_db_step(st, err)) == 1) {
		int64_t id = br_db_col_i64(st, 0);

		for (size_t i = 0; i < n; i++) {
			struct br_screening *x = &arr[i];

			if (x->id != id || x->n_flags == BR_SCREENING_MAX_FLAGS)
				continue;
			br_db_col_copy(st, 1, x->flags[x->n_flags++],
			               sizeof(x->flags[0]));
		}
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_screening_list(struct br_store *s, int64_t patient_id,
                        int64_t episode_id, struct br_screening **out,
                        size_t *n, struct br_err *err)
{
	static const char q[] = "SELECT " SCREENING_COLS
	                        " FROM screenings WHERE patient_id = $1 AND "
	                        "episode_id = $2 ORDER BY day, screening_id";
	struct br_screening *arr = NULL;
	struct br_db_stmt *st;
	size_t len = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_collect(st, sizeof(*arr), read_screening, (void **)&arr,
	                   &len, err);
	if (rc == 0 && len > 0)
		rc = read_flags(s, patient_id, episode_id, arr, len, err);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

int
br_store_screening_blocking(struct br_store *s, int64_t patient_id,
                            int64_t episode_id, struct br_screening *out,
                            struct br_err *err)
{
	static const char q[] = "SELECT " SCREENING_COLS
	                        " FROM screenings WHERE patient_id = $1 AND "
	                        "episode_id = $2 AND tier <> 'none' AND "
	                        "cleared_at IS NULL ORDER BY day DESC, "
	                        "screening_id DESC LIMIT 1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_screening(st, out);
	br_db_done(st);
	return rc;
}

int
br_store_screening_clear(struct br_store *s, int64_t patient_id,
                         int64_t episode_id, const char *at, const char *by,
                         const char *reason, int *n, struct br_err *err)
{
	static const char q_count[] =
	        "SELECT COUNT(*) FROM screenings WHERE patient_id = $1 AND "
	        "episode_id = $2 AND tier <> 'none' AND cleared_at IS NULL";
	static const char q[] = "UPDATE screenings SET cleared_at = $3, "
	                        "cleared_by = $4, clear_reason = $5 WHERE "
	                        "patient_id = $1 AND episode_id = $2 AND tier "
	                        "<> 'none' AND cleared_at IS NULL";
	struct br_db_stmt *st;
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, patient_id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q_count, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	rc = br_db_step(st, err);
	*n = rc == 1 ? (int)br_db_col_i64(st, 0) : 0;
	br_db_done(st);
	if (rc < 0)
		return rc;
	rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, at);
	br_db_bind_text(st, 4, by);
	br_db_bind_text(st, 5, reason);
	return br_db_run(st, err);
}

int
br_store_screening_flag_cleared(struct br_store *s, int64_t patient_id,
                                int64_t episode_id, const char *flag, bool *out,
                                struct br_err *err)
{
	static const char q[] =
	        "SELECT 1 FROM screening_flags f JOIN screenings x ON "
	        "x.patient_id = f.patient_id AND x.screening_id = "
	        "f.screening_id WHERE x.patient_id = $1 AND x.episode_id = $2 "
	        "AND f.flag = $3 AND x.cleared_at IS NOT NULL LIMIT 1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, flag);
	rc = br_db_step(st, err);
	*out = rc == 1;
	br_db_done(st);
	return rc < 0 ? rc : 0;
}
