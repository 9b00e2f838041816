/*
 * interop.c - clinics, session owners and imported identifiers for import
 * and export (see interop.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/interop.h"
#include "store/store_internal.h"

static void
read_clinic(struct br_db_stmt *st, void *elem)
{
	struct br_clinic_row *c = elem;

	memset(c, 0, sizeof(*c));
	c->id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, c->name, sizeof(c->name));
	br_db_col_copy(st, 2, c->created_at, sizeof(c->created_at));
}

int
br_store_clinic_list(struct br_store *s, struct br_clinic_row **out, size_t *n,
                     struct br_err *err)
{
	static const char q[] = "SELECT clinic_id, name, created_at FROM "
	                        "clinics ORDER BY clinic_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	return br_db_collect(st, sizeof(**out), read_clinic, (void **)out, n,
	                     err);
}

int
br_store_clinic_get(struct br_store *s, int64_t id, struct br_clinic_row *out,
                    struct br_err *err)
{
	static const char q[] = "SELECT clinic_id, name, created_at FROM "
	                        "clinics WHERE clinic_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, id);
	rc = br_db_step(st, err);
	if (rc == 1)
		read_clinic(st, out);
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "clinic_id",
		                "there is no clinic %lld", (long long)id);
	return rc < 0 ? rc : 0;
}

int
br_store_clinic_insert(struct br_store *s, const struct br_clinic_row *c,
                       struct br_err *err)
{
	static const char q[] = "INSERT INTO clinics (clinic_id, name, "
	                        "created_at) VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, c->id);
	br_db_bind_text(st, 2, c->name);
	br_db_bind_text(st, 3, c->created_at);
	return br_db_run(st, err);
}

int
br_store_session_owner(struct br_store *s, int64_t session_id,
                       int64_t *patient_id, int64_t *episode_id,
                       struct br_err *err)
{
	static const char q[] = "SELECT patient_id, episode_id FROM sessions "
	                        "WHERE session_id = $1";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, session_id);
	rc = br_db_step(st, err);
	if (rc == 1) {
		*patient_id = br_db_col_i64(st, 0);
		if (episode_id)
			*episode_id = br_db_col_i64(st, 1);
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "session_id",
		                "there is no session %lld",
		                (long long)session_id);
	return rc < 0 ? rc : 0;
}

int
br_store_link_get(struct br_store *s, const char *resource_type,
                  const char *system, const char *value, int64_t *record_id,
                  int64_t *patient_id, struct br_err *err)
{
	static const char q[] = "SELECT record_id, patient_id FROM "
	                        "interop_links WHERE resource_type = $1 AND "
	                        "system = $2 AND value = $3";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_text(st, 1, resource_type);
	/* An identifier without a system is stored with system "". */
	s->ops->bind_text(st->handle, 2, system ? system : "");
	br_db_bind_text(st, 3, value);
	rc = br_db_step(st, err);
	if (rc == 1) {
		*record_id = br_db_col_i64(st, 0);
		*patient_id = br_db_col_i64(st, 1);
	}
	br_db_done(st);
	if (rc == 0)
		return br_error(err, BR_ENOTFOUND, "identifier",
		                "no record was imported with this identifier");
	return rc < 0 ? rc : 0;
}

int
br_store_link_put(struct br_store *s, const char *resource_type,
                  const char *system, const char *value, int64_t record_id,
                  int64_t patient_id, struct br_err *err)
{
	static const char q[] =
	        "INSERT INTO interop_links (system, value, resource_type, "
	        "patient_id, record_id, created_at) VALUES ($1, $2, $3, $4, "
	        "$5, $6) ON CONFLICT DO NOTHING";
	struct br_db_stmt *st;
	char now[BR_TS_LEN];
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_store_now(now);
	s->ops->bind_text(st->handle, 1, system ? system : "");
	br_db_bind_text(st, 2, value);
	br_db_bind_text(st, 3, resource_type);
	br_db_bind_i64(st, 4, patient_id);
	br_db_bind_i64(st, 5, record_id);
	br_db_bind_text(st, 6, now);
	return br_db_run(st, err);
}

static void
read_practitioner(struct br_db_stmt *st, void *elem)
{
	struct br_user *u = elem;

	u->id = br_db_col_i64(st, 0);
	u->clinic_id = br_db_col_i64(st, 1);
	br_db_col_copy(st, 2, u->email, sizeof(u->email));
	br_db_col_copy(st, 3, u->name, sizeof(u->name));
	br_db_col_copy(st, 4, u->role, sizeof(u->role));
	u->patient_id = br_db_col_i64(st, 5);
	u->disabled = br_db_col_i64(st, 6) != 0;
	br_db_col_copy(st, 7, u->created_at, sizeof(u->created_at));
}

int
br_store_interop_practitioners(struct br_store *s, int64_t patient_id,
                               int64_t clinic_id, struct br_user **out,
                               size_t *n, struct br_err *err)
{
	static const char q[] =
	        "WITH pats AS (SELECT patient_id FROM patients WHERE ($1 = 0 "
	        "OR patient_id = $1) AND ($2 = 0 OR clinic_id = $2)) "
	        "SELECT user_id, clinic_id, email, name, role, patient_id, "
	        "disabled, created_at FROM users WHERE (role = 'practitioner' "
	        "AND ($2 = 0 OR clinic_id = $2)) OR user_id IN ("
	        "SELECT practitioner_id FROM episodes WHERE patient_id IN "
	        "(SELECT patient_id FROM pats) "
	        "UNION SELECT practitioner_id FROM sessions WHERE patient_id "
	        "IN (SELECT patient_id FROM pats) UNION SELECT practitioner_id "
	        "FROM intakes WHERE patient_id IN (SELECT patient_id FROM "
	        "pats) "
	        "UNION SELECT practitioner_id FROM tcm_assessments WHERE "
	        "patient_id IN (SELECT patient_id FROM pats) UNION SELECT "
	        "practitioner_id FROM herbal_prescriptions WHERE patient_id IN "
	        "(SELECT patient_id FROM pats)) ORDER BY user_id";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, clinic_id);
	return br_db_collect(st, sizeof(**out), read_practitioner, (void **)out,
	                     n, err);
}

int
br_store_interop_exists(struct br_store *s, enum br_interop_rec kind,
                        int64_t patient_id, int64_t id, struct br_err *err)
{
	static const char q_measure[] = "SELECT 1 FROM measures WHERE "
	                                "patient_id = $1 AND measure_id = $2";
	static const char q_screening[] = "SELECT 1 FROM screenings WHERE "
	                                  "patient_id = $1 AND screening_id = "
	                                  "$2";
	static const char q_tcm[] = "SELECT 1 FROM tcm_assessments WHERE "
	                            "patient_id = $1 AND assessment_id = $2";
	static const char q_herbal[] = "SELECT 1 FROM herbal_prescriptions "
	                               "WHERE patient_id = $1 AND "
	                               "prescription_id = $2";
	static const char q_adverse[] = "SELECT 1 FROM herbal_adverse_effects "
	                                "WHERE patient_id = $1 AND event_id = "
	                                "$2";
	static const char q_user[] = "SELECT 1 FROM users WHERE $1 = $1 AND "
	                             "user_id = $2";
	static const char q_plan[] = "SELECT 1 FROM plan_items WHERE "
	                             "patient_id = $1 AND item_id = $2";
	static const char q_rx[] = "SELECT 1 FROM exercise_prescriptions "
	                           "WHERE patient_id = $1 AND prescription_id "
	                           "= $2";
	static const char q_exlog[] = "SELECT 1 FROM exercise_logs WHERE "
	                              "patient_id = $1 AND log_id = $2";
	static const char q_quota[] = "SELECT 1 FROM pacing_quotas WHERE "
	                              "patient_id = $1 AND quota_id = $2";
	static const char q_pacelog[] = "SELECT 1 FROM pacing_logs WHERE "
	                                "patient_id = $1 AND log_id = $2";
	const char *q = kind == BR_REC_MEASURE        ? q_measure
	                : kind == BR_REC_SCREENING    ? q_screening
	                : kind == BR_REC_TCM          ? q_tcm
	                : kind == BR_REC_HERBAL       ? q_herbal
	                : kind == BR_REC_USER         ? q_user
	                : kind == BR_REC_PLAN_ITEM    ? q_plan
	                : kind == BR_REC_EXERCISE_RX  ? q_rx
	                : kind == BR_REC_EXERCISE_LOG ? q_exlog
	                : kind == BR_REC_PACING_QUOTA ? q_quota
	                : kind == BR_REC_PACING_LOG   ? q_pacelog
	                                              : q_adverse;
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, id);
	rc = br_db_step(st, err);
	br_db_done(st);
	return rc;
}

int
br_store_interop_tcm_of_session(struct br_store *s, int64_t patient_id,
                                int64_t session_id, int64_t *assessment_id,
                                struct br_err *err)
{
	static const char q[] = "SELECT assessment_id FROM tcm_assessments "
	                        "WHERE patient_id = $1 AND session_id = $2";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	*assessment_id = 0;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, session_id);
	rc = br_db_step(st, err);
	if (rc == 1)
		*assessment_id = br_db_col_i64(st, 0);
	br_db_done(st);
	return rc < 0 ? rc : 0;
}

/* Staging of a streamed import ----------------------------------------------
 */

int
br_store_stage_open(struct br_store *s, struct br_err *err)
{
	int rc = s->ops->exec(s->conn, "DROP TABLE IF EXISTS fhir_stage", err);

	if (rc == 0)
		rc = s->ops->exec(
		        s->conn,
		        "CREATE TEMP TABLE fhir_stage (shared INTEGER "
		        "NOT NULL, pkey TEXT NOT NULL, seq INTEGER NOT "
		        "NULL, file INTEGER NOT NULL, line INTEGER NOT "
		        "NULL, body TEXT NOT NULL)",
		        err);
	return rc;
}

int
br_store_stage_put(struct br_store *s, const char *pkey, int64_t seq, int file,
                   int64_t line, const char *body, struct br_err *err)
{
	static const char q[] = "INSERT INTO fhir_stage (shared, pkey, seq, "
	                        "file, line, body) VALUES ($1, $2, $3, $4, $5, "
	                        "$6)";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, pkey[0] ? 1 : 0);
	br_db_bind_text(st, 2, pkey[0] ? pkey : "-");
	br_db_bind_i64(st, 3, seq);
	br_db_bind_i64(st, 4, file);
	br_db_bind_i64(st, 5, line);
	br_db_bind_text(st, 6, body);
	return br_db_run(st, err);
}

int
br_store_stage_scan(struct br_store *s, br_store_stage_fn fn, void *ctx,
                    struct br_err *err)
{
	/* The resources of no patient first; then grouped by patient (any
	 * collation keeps equal keys together). */
	static const char q[] = "SELECT shared, pkey, file, line, body FROM "
	                        "fhir_stage ORDER BY shared, pkey, seq";
	struct br_db_stmt *st = NULL;
	int rc = s->ops->exec(s->conn,
	                      "CREATE INDEX fhir_stage_key ON fhir_stage "
	                      "(shared, pkey, seq)",
	                      err);

	if (rc == 0)
		rc = br_db_prepare(s, q, &st, err);
	while (rc >= 0 && (rc = br_db_step(st, err)) == 1) {
		bool shared = br_db_col_i64(st, 0) == 0;

		rc = fn(ctx, shared ? "" : br_db_col_text(st, 1),
		        (int)br_db_col_i64(st, 2), br_db_col_i64(st, 3),
		        br_db_col_text(st, 4), err);
	}
	if (rc >= 0)
		rc = fn(ctx, NULL, 0, 0, NULL, err); /* the end */
	if (st)
		br_db_done(st);
	return rc < 0 ? rc : 0;
}

void
br_store_stage_close(struct br_store *s)
{
	struct br_err ignored = BR_ERR_INIT;

	s->ops->exec(s->conn, "DROP TABLE IF EXISTS fhir_stage", &ignored);
}
