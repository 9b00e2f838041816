/*
 * audit.c - the append-only audit log of reads and writes of patient
 * records.
 */
#include "store/store_internal.h"

int
br_store_audit_append(struct br_store *s, const struct br_audit_entry *a,
                      struct br_err *err)
{
	static const char q[] = "INSERT INTO audit_log (audit_id, at, actor, "
	                        "user_id, action, patient_id, record, origin, "
	                        "outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	                        "$8, $9)";
	struct br_db_stmt *st;
	char now[BR_TS_LEN];
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_store_now(now);
	br_db_bind_i64(st, 1, br_store_new_id());
	br_db_bind_text(st, 2, now);
	br_db_bind_text(st, 3, a->actor ? a->actor : "unknown");
	if (a->user_id)
		br_db_bind_i64(st, 4, a->user_id);
	else
		br_db_bind_text(st, 4, NULL);
	br_db_bind_text(st, 5, a->action);
	if (a->patient_id)
		br_db_bind_i64(st, 6, a->patient_id);
	else
		br_db_bind_text(st, 6, NULL);
	br_db_bind_text(st, 7, a->record);
	br_db_bind_text(st, 8, a->origin ? a->origin : "unknown");
	br_db_bind_text(st, 9, a->outcome ? a->outcome : "ok");
	return br_db_run(st, err);
}

int
br_store_audit_commit(struct br_store *s, const struct br_audit_entry *a,
                      struct br_err *err)
{
	int rc = br_store_begin(s, err);

	if (rc == 0)
		rc = br_store_audit_append(s, a, err);
	if (rc == 0)
		return br_store_commit(s, err);
	br_store_rollback(s);
	return rc;
}
