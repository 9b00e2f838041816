/*
 * versions.c - record_versions (store/versions.h): the earlier versions
 * of corrected records, and the lookups and deletes a correction needs.
 */
#include "store/versions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/series.h"
#include "store/store_internal.h"

int
br_store_record_find(struct br_store *s, int64_t id, char kind[24],
                     int64_t *patient_id, int64_t *episode_id,
                     struct br_err *err)
{
	/* Ids are unique across kinds (br_store_new_id): one probe per
	 * correctable kind, then the versions of voided records. */
	static const char q[] =
	        "SELECT 'session', patient_id, episode_id FROM sessions "
	        "WHERE session_id = $1 "
	        "UNION ALL SELECT kind, patient_id, 0 FROM record_versions "
	        "WHERE record_key = $2 AND action = 'void'";
	struct br_db_stmt *st;
	char key[24];
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	snprintf(key, sizeof(key), "%lld", (long long)id);
	br_db_bind_i64(st, 1, id);
	br_db_bind_text(st, 2, key);
	rc = br_db_step(st, err);
	if (rc == 1) {
		br_db_col_copy(st, 0, kind, 24);
		*patient_id = br_db_col_i64(st, 1);
		*episode_id = br_db_col_i64(st, 2);
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "id",
		                "there is no record %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_session_get(struct br_store *s, int64_t patient_id, int64_t id,
                     struct br_session *out, struct br_err *err)
{
	static const char q[] = "SELECT episode_id FROM sessions "
	                        "WHERE patient_id = $1 AND session_id = $2";
	struct br_session *arr = NULL;
	struct br_db_stmt *st;
	int64_t episode_id = 0;
	size_t n = 0;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		episode_id = br_db_col_i64(st, 0);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "id",
		                "there is no record %lld", (long long)id);
	if (rc < 0)
		return rc;
	rc = br_store_session_list(s, patient_id, episode_id, &arr, &n, err);
	if (rc < 0)
		return rc;
	rc = br_error(err, BR_ENOTFOUND, "id", "there is no record %lld",
	              (long long)id);
	for (size_t i = 0; i < n; i++)
		if (arr[i].id == id) {
			*out = arr[i];
			br_err_clear(err);
			rc = 0;
		}
	free(arr);
	return rc;
}

int
br_store_session_delete(struct br_store *s, int64_t patient_id, int64_t id,
                        struct br_err *err)
{
	static const char *const qs[] = {
	        "DELETE FROM session_modalities WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM session_points WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM session_regions WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM session_adverse_events WHERE patient_id = $1 AND "
	        "session_id = $2",
	        "DELETE FROM sessions WHERE patient_id = $1 AND session_id = "
	        "$2",
	};
	/* What the cohort image holds changes (store/series_file.h). */
	int rc = br_store_series_bump(s, patient_id, err);

	for (size_t i = 0; rc == 0 && i < sizeof(qs) / sizeof(qs[0]); i++) {
		struct br_db_stmt *st;

		rc = br_db_prepare(s, qs[i], &st, err);
		if (rc < 0)
			return rc;
		br_db_bind_i64(st, 1, patient_id);
		br_db_bind_i64(st, 2, id);
		rc = br_db_run(st, err);
	}
	return rc;
}

int
br_store_diary_delete(struct br_store *s, int64_t patient_id, const char *day,
                      struct br_err *err)
{
	static const char q[] =
	        "DELETE FROM diary_days WHERE patient_id = $1 AND day = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, day);
	rc = br_db_run(st, err);
	/* The day leaves the series cache and the cohort image with it
	 * (the refresh bumps the stamp and logs the patient). */
	if (rc == 0)
		rc = br_store_series_refresh(s, patient_id, err);
	return rc;
}

int
br_store_version_state(struct br_store *s, int64_t patient_id, const char *key,
                       int *version, bool *voided, bool *signed_,
                       struct br_err *err)
{
	static const char q[] =
	        "SELECT COALESCE(MAX(version), 1), "
	        "COALESCE(SUM(CASE WHEN action = 'void' THEN 1 ELSE 0 END), "
	        "0), "
	        "COALESCE(SUM(CASE WHEN action = 'sign' THEN 1 ELSE 0 END), 0) "
	        "FROM record_versions WHERE patient_id = $1 AND record_key = "
	        "$2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, key);
	rc = br_db_step(st, err);
	if (rc == 1) {
		*version = (int)br_db_col_i64(st, 0);
		*voided = br_db_col_i64(st, 1) > 0;
		*signed_ = br_db_col_i64(st, 2) > 0;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_version_add(struct br_store *s, const struct br_record_version *v,
                     struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO record_versions (patient_id, record_key, version, "
	        "kind, action, actor, origin, at, reason, changes, snapshot) "
	        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, v->patient_id);
	br_db_bind_text(st, 2, v->key);
	br_db_bind_i64(st, 3, v->version);
	br_db_bind_text(st, 4, v->kind);
	br_db_bind_text(st, 5, v->action);
	br_db_bind_text(st, 6, v->actor);
	br_db_bind_text(st, 7, v->origin);
	br_db_bind_text(st, 8, v->at);
	br_db_bind_text(st, 9, v->reason);
	br_db_bind_text(st, 10, v->changes);
	br_db_bind_text(st, 11, v->snapshot);
	return br_db_run(st, err);
}

int
br_store_version_scan(struct br_store *s, int64_t patient_id, const char *key,
                      int (*fn)(void *ctx, const struct br_record_version *v),
                      void *ctx, struct br_err *err)
{
	static const char q[] =
	        "SELECT version, kind, action, actor, origin, at, reason, "
	        "changes, snapshot FROM record_versions WHERE patient_id = $1 "
	        "AND record_key = $2 ORDER BY version";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_text(st, 2, key);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_record_version v = {
		        .patient_id = patient_id,
		        .key = key,
		        .version = (int)br_db_col_i64(st, 0),
		        .kind = br_db_col_text(st, 1),
		        .action = br_db_col_text(st, 2),
		        .actor = br_db_col_text(st, 3),
		        .origin = br_db_col_text(st, 4),
		        .at = br_db_col_text(st, 5),
		        .reason = br_db_col_is_null(st, 6)
		                          ? ""
		                          : br_db_col_text(st, 6),
		        .changes = br_db_col_text(st, 7),
		        .snapshot = br_db_col_text(st, 8),
		};
		if ((rc = fn(ctx, &v)) < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_voided_scan(struct br_store *s, int64_t patient_id,
                     int (*fn)(void *ctx, const struct br_record_version *v),
                     void *ctx, struct br_err *err)
{
	static const char q[] =
	        "SELECT record_key, version, kind, at, snapshot "
	        "FROM record_versions WHERE patient_id = $1 AND action = "
	        "'void' "
	        "ORDER BY record_key";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_record_version v = {
		        .patient_id = patient_id,
		        .key = br_db_col_text(st, 0),
		        .version = (int)br_db_col_i64(st, 1),
		        .kind = br_db_col_text(st, 2),
		        .action = "void",
		        .at = br_db_col_text(st, 3),
		        .snapshot = br_db_col_text(st, 4),
		};
		if ((rc = fn(ctx, &v)) < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}
