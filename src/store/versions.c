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
	 * correctable kind (each by an index on its id), then the versions
	 * of voided records. */
	static const char q[] =
	        "SELECT 'session', patient_id, episode_id FROM sessions "
	        "WHERE session_id = $1 "
	        "UNION ALL SELECT 'measure', patient_id, episode_id FROM "
	        "measures WHERE measure_id = $1 "
	        "UNION ALL SELECT 'screening', patient_id, episode_id FROM "
	        "screenings WHERE screening_id = $1 "
	        "UNION ALL SELECT 'visit', patient_id, episode_id FROM visits "
	        "WHERE visit_id = $1 "
	        "UNION ALL SELECT 'herbal', patient_id, episode_id FROM "
	        "herbal_prescriptions WHERE prescription_id = $1 "
	        "UNION ALL SELECT 'plan_item', patient_id, episode_id FROM "
	        "plan_items WHERE item_id = $1 "
	        "UNION ALL SELECT 'exercise_log', patient_id, episode_id FROM "
	        "exercise_logs WHERE log_id = $1 "
	        "UNION ALL SELECT 'pacing_log', patient_id, episode_id FROM "
	        "pacing_logs WHERE log_id = $1 "
	        "UNION ALL SELECT 'tcm', patient_id, episode_id FROM "
	        "tcm_assessments WHERE assessment_id = $1 "
	        "UNION ALL SELECT 'episode', patient_id, episode_id FROM "
	        "episodes WHERE episode_id = $1 "
	        "UNION ALL SELECT 'patient', patient_id, 0 FROM patients "
	        "WHERE patient_id = $1 "
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

/* The statements that take a record's rows out ($1 the patient, $2 its
 * id; a check-in's is its session's), children first. */
struct rows {
	const char *kind;
	const char *const *q;
};

#define DEL(t, c) "DELETE FROM " t " WHERE patient_id = $1 AND " c " = $2"
static const char *const measure_rows[] = {
        DEL("measure_subscores", "measure_id"),
        DEL("measure_items", "measure_id"), DEL("measures", "measure_id"),
        NULL};
static const char *const screening_rows[] = {
        DEL("screening_flags", "screening_id"),
        DEL("screenings", "screening_id"), NULL};
static const char *const visit_rows[] = {DEL("visits", "visit_id"), NULL};
static const char *const checkin_rows[] = {DEL("checkin_rules", "session_id"),
                                           DEL("checkins", "session_id"), NULL};
static const char *const herbal_rows[] = {
        DEL("herbal_adverse_effects", "prescription_id"),
        DEL("herbal_prescriptions", "prescription_id"), NULL};
static const char *const plan_rows[] = {DEL("plan_items", "item_id"), NULL};
static const char *const exercise_rows[] = {DEL("exercise_logs", "log_id"),
                                            NULL};
static const char *const pacing_rows[] = {DEL("pacing_logs", "log_id"), NULL};
static const char *const tcm_rows[] = {
        DEL("tcm_tongue_features", "assessment_id"),
        DEL("tcm_pulse_qualities", "assessment_id"),
        DEL("tcm_principles", "assessment_id"),
        DEL("tcm_patterns", "assessment_id"),
        DEL("tcm_assessments", "assessment_id"),
        NULL};
static const char *const intake_rows[] = {
        DEL("intake_locations", "episode_id"),
        DEL("intake_factors", "episode_id"),
        DEL("intake_conditions", "episode_id"),
        DEL("intake_treatments", "episode_id"),
        DEL("intake_medicines", "episode_id"),
        DEL("intakes", "episode_id"),
        NULL};
/* A visit and a prescription outlive the session they were linked to. */
static const char *const session_rows[] = {
        "UPDATE visits SET session_id = NULL WHERE patient_id = $1 AND "
        "session_id = $2",
        "UPDATE herbal_prescriptions SET session_id = NULL WHERE patient_id "
        "= $1 AND session_id = $2",
        DEL("session_modalities", "session_id"),
        DEL("session_points", "session_id"),
        DEL("session_regions", "session_id"),
        DEL("session_adverse_events", "session_id"),
        DEL("sessions", "session_id"),
        NULL};
#undef DEL

static const struct rows record_rows[] = {
        {"measure", measure_rows},
        {"screening", screening_rows},
        {"visit", visit_rows},
        {"checkin", checkin_rows},
        {"herbal", herbal_rows},
        {"plan_item", plan_rows},
        {"exercise_log", exercise_rows},
        {"pacing_log", pacing_rows},
        {"tcm", tcm_rows},
        {"intake", intake_rows},
        {"session", session_rows},
        {NULL, NULL},
};

static int
run_id_pair(struct br_store *s, const char *q, int64_t a, int64_t b,
            struct br_err *err)
{
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, a);
	br_db_bind_i64(st, 2, b);
	return br_db_run(st, err);
}

int
br_store_record_delete(struct br_store *s, const char *kind, int64_t patient_id,
                       int64_t id, struct br_err *err)
{
	/* What the cohort image holds may change (store/series_file.h). */
	int rc = br_store_series_bump(s, patient_id, err);

	for (const struct rows *r = record_rows; rc == 0 && r->kind; r++) {
		if (strcmp(r->kind, kind) != 0)
			continue;
		for (const char *const *q = r->q; rc == 0 && *q; q++)
			rc = run_id_pair(s, *q, patient_id, id, err);
		return rc;
	}
	return rc < 0 ? rc
	              : br_error(err, BR_EINVAL, "kind",
	                         "records of kind %s are not deleted", kind);
}

int
br_store_session_referrers(struct br_store *s, int64_t patient_id, int64_t id,
                           char what[32], struct br_err *err)
{
	static const char q[] =
	        "SELECT 'check-in' FROM checkins WHERE patient_id = $1 AND "
	        "session_id = $2 "
	        "UNION ALL SELECT 'TCM assessment' FROM tcm_assessments WHERE "
	        "patient_id = $1 AND session_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	what[0] = '\0';
	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		br_db_col_copy(st, 0, what, 32);
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

int
br_store_session_delete(struct br_store *s, int64_t patient_id, int64_t id,
                        struct br_err *err)
{
	return br_store_record_delete(s, "session", patient_id, id, err);
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

int
br_store_corrected_scan(struct br_store *s, int64_t patient_id,
                        int (*fn)(void *ctx, const struct br_record_version *v),
                        void *ctx, struct br_err *err)
{
	static const char q[] =
	        "SELECT record_key, kind, MAX(version) FROM record_versions "
	        "WHERE patient_id = $1 GROUP BY record_key, kind HAVING "
	        "SUM(CASE WHEN action IN ('correct', 'amend') THEN 1 ELSE 0 "
	        "END) > 0 AND SUM(CASE WHEN action = 'void' THEN 1 ELSE 0 END) "
	        "= 0 ORDER BY record_key";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	while ((rc = br_db_step(st, err)) == 1) {
		struct br_record_version v = {
		        .patient_id = patient_id,
		        .key = br_db_col_text(st, 0),
		        .kind = br_db_col_text(st, 1),
		        .version = (int)br_db_col_i64(st, 2),
		};
		if ((rc = fn(ctx, &v)) < 0)
			break;
	}
	br_db_done(st);
	return rc < 0 ? rc : 0;
}
