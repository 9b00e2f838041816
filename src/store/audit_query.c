/*
 * audit_query.c - reading the audit log (see audit_query.h) and the
 * filtered, paged listing of the administration page (audit_filter.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/audit_filter.h"
#include "store/audit_query.h"
#include "store/store_internal.h"

static void
read_audit_row(struct br_db_stmt *st, void *elem)
{
	struct br_audit_row *r = elem;

	r->id = br_db_col_i64(st, 0);
	br_db_col_copy(st, 1, r->at, sizeof(r->at));
	br_db_col_copy(st, 2, r->actor, sizeof(r->actor));
	r->user_id = br_db_col_i64(st, 3);
	br_db_col_copy(st, 4, r->action, sizeof(r->action));
	r->patient_id = br_db_col_i64(st, 5);
	br_db_col_copy(st, 6, r->record, sizeof(r->record));
	br_db_col_copy(st, 7, r->origin, sizeof(r->origin));
	br_db_col_copy(st, 8, r->outcome, sizeof(r->outcome));
}

int
br_store_audit_list(struct br_store *s, int64_t clinic_id, int64_t patient_id,
                    int64_t user_id, int limit, struct br_audit_row **out,
                    size_t *n, struct br_err *err)
{
	/* A patient's rows through the patient index; otherwise the newest
	 * rows first by id (a catch-all "$1 = 0 OR" would scan the log),
	 * one clinic's those about its patients or by its accounts: the
	 * newest-first walk stops at limit of them. */
#define AUDIT_LIST(where)                                                      \
	"SELECT audit_id, at, actor, user_id, action, patient_id, record, "    \
	"origin, outcome FROM audit_log WHERE " where " AND ($2 = 0 OR "       \
	"user_id = $2) ORDER BY audit_id DESC LIMIT $3"
#define IN_CLINIC                                                              \
	" AND (patient_id IN (SELECT patient_id FROM patients WHERE "          \
	"clinic_id = $4) OR user_id IN (SELECT user_id FROM users WHERE "      \
	"clinic_id = $4))"
	static const char *const q[2][2] = {
	        {AUDIT_LIST("$1 = 0"), AUDIT_LIST("patient_id = $1")},
	        {AUDIT_LIST("$1 = 0" IN_CLINIC),
	         AUDIT_LIST("patient_id = $1" IN_CLINIC)}};
#undef AUDIT_LIST
#undef IN_CLINIC
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q[clinic_id != 0][patient_id != 0], &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, patient_id);
	br_db_bind_i64(st, 2, user_id);
	br_db_bind_i64(st, 3, limit);
	if (clinic_id)
		br_db_bind_i64(st, 4, clinic_id);
	return br_db_collect(st, sizeof(**out), read_audit_row, (void **)out, n,
	                     err);
}

/* One statement for every combination of filters: an absent text filter
 * is bound as NULL and compared with COALESCE, an absent id as 0. */
int
br_store_audit_filter(struct br_store *s, const struct br_audit_filter *f,
                      struct br_audit_row **out, size_t *n, struct br_err *err)
{
	static const char q[] =
	        "SELECT audit_id, at, actor, user_id, action, patient_id, "
	        "record, origin, outcome FROM audit_log WHERE "
	        "($1 = 0 OR patient_id = $1) AND ($2 = 0 OR user_id = $2) "
	        "AND action = COALESCE($3, action) "
	        "AND outcome = COALESCE($4, outcome) "
	        "AND at >= COALESCE($5, at) AND ($6 IS NULL OR at < $6) "
	        "AND ($7 = 0 OR audit_id < $7) "
	        "ORDER BY audit_id DESC LIMIT $8";
	struct br_db_stmt *st;
	int rc = br_db_prepare(s, q, &st, err);

	if (rc < 0)
		return rc;
	br_db_bind_i64(st, 1, f->patient_id);
	br_db_bind_i64(st, 2, f->user_id);
	br_db_bind_text(st, 3, f->action);
	br_db_bind_text(st, 4, f->outcome);
	br_db_bind_text(st, 5, f->from);
	br_db_bind_text(st, 6, f->until);
	br_db_bind_i64(st, 7, f->before);
	br_db_bind_i64(st, 8, f->limit);
	return br_db_collect(st, sizeof(**out), read_audit_row, (void **)out, n,
	                     err);
}
