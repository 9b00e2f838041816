/*
 * episodes.c - episodes of care.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/series.h"
#include "store/store_internal.h"

#define EPISODE_COLS                                                           \
	"patient_id, episode_id, practitioner_id, region, onset, sciatica, "   \
	"icd10, status, opened_on, closed_on, risk_group, created_at"

static void
read_episode(struct br_db_stmt *st, void *elem)
{
	struct br_episode *e = elem;

	memset(e, 0, sizeof(*e));
	e->patient_id = br_db_col_i64(st, 0);
	e->id = br_db_col_i64(st, 1);
	e->practitioner_id = br_db_col_i64(st, 2);
	br_db_col_copy(st, 3, e->region, sizeof(e->region));
	br_db_col_copy(st, 4, e->onset, sizeof(e->onset));
	e->sciatica = br_db_col_i64(st, 5) != 0;
	br_db_col_copy(st, 6, e->icd10, sizeof(e->icd10));
	br_db_col_copy(st, 7, e->status, sizeof(e->status));
	br_db_col_copy(st, 8, e->opened_on, sizeof(e->opened_on));
	br_db_col_copy(st, 9, e->closed_on, sizeof(e->closed_on));
	br_db_col_copy(st, 10, e->risk_group, sizeof(e->risk_group));
	br_db_col_copy(st, 11, e->created_at, sizeof(e->created_at));
}

int
br_store_episode_insert(struct br_store *s, const struct br_episode *e,
                        struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO episodes (" EPISODE_COLS ") VALUES ($1, $2, $3, "
	        "$4, $5, $6, $7, $8, $9, $10, $11, $12)";
	struct br_db_stmt *st;
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, e->patient_id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, e->patient_id);
	br_db_bind_i64(st, 2, e->id);
	if (e->practitioner_id)
		br_db_bind_i64(st, 3, e->practitioner_id);
	else
		br_db_bind_text(st, 3, NULL);
	br_db_bind_text(st, 4, e->region);
	br_db_bind_text(st, 5, e->onset);
	br_db_bind_i64(st, 6, e->sciatica);
	br_db_bind_text(st, 7, e->icd10);
	br_db_bind_text(st, 8, e->status[0] ? e->status : "open");
	br_db_bind_text(st, 9, e->opened_on);
	br_db_bind_text(st, 10, e->closed_on);
	br_db_bind_text(st, 11, e->risk_group);
	br_db_bind_text(st, 12, e->created_at);
	return br_db_run(st, err);
}

int
br_store_episode_update(struct br_store *s, const struct br_episode *e,
                        struct br_err *err)
{
	static const char q[] =
	        "UPDATE episodes SET region = $3, onset = $4, sciatica = $5, "
	        "icd10 = $6 WHERE patient_id = $1 AND episode_id = $2";
	struct br_db_stmt *st;
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, e->patient_id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, e->patient_id);
	br_db_bind_i64(st, 2, e->id);
	br_db_bind_text(st, 3, e->region);
	br_db_bind_text(st, 4, e->onset);
	br_db_bind_i64(st, 5, e->sciatica);
	br_db_bind_text(st, 6, e->icd10);
	return br_db_run(st, err);
}

int
br_store_episode_get(struct br_store *s, int64_t id, struct br_episode *out,
                     struct br_err *err)
{
	static const char q[] =
	        "SELECT " EPISODE_COLS " FROM episodes WHERE episode_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_episode(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "episode_id",
		                "there is no episode %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_episode_list(struct br_store *s, int64_t patient_id,
                      struct br_episode **out, size_t *n, struct br_err *err)
{
	static const char q[] =
	        "SELECT " EPISODE_COLS " FROM episodes WHERE patient_id = $1 "
	        "ORDER BY opened_on, episode_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	return br_db_collect(st, sizeof(**out), read_episode, (void **)out, n,
	                     err);
}

int
br_store_episode_close(struct br_store *s, int64_t patient_id,
                       int64_t episode_id, const char *closed_on,
                       struct br_err *err)
{
	static const char q[] =
	        "UPDATE episodes SET status = 'closed', closed_on = $3 "
	        "WHERE patient_id = $1 AND episode_id = $2";
	struct br_db_stmt *st;
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, patient_id, err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, episode_id);
	br_db_bind_text(st, 3, closed_on);
	return br_db_run(st, err);
}
