/*
 * audit_query.c - reading the audit log (see audit_query.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store/audit_query.h"
#include "store/store_internal.h"

int
br_store_audit_list(struct br_store *s, int64_t patient_id, int64_t user_id,
                    int limit, struct br_audit_row **out, size_t *n,
                    struct br_err *err)
{
	/* A patient's rows through the patient index; otherwise the newest
	 * rows first by id (a catch-all "$1 = 0 OR" would scan the log). */
#define AUDIT_LIST(where)                                                      \
	"SELECT audit_id, at, actor, user_id, action, patient_id, record, "    \
	"origin, outcome FROM audit_log WHERE " where " AND ($2 = 0 OR "       \
	"user_id = $2) ORDER BY audit_id DESC LIMIT $3"
	static const char q_patient[] = AUDIT_LIST("patient_id = $1");
	static const char q_all[] = AUDIT_LIST("$1 = 0");
#undef AUDIT_LIST
	struct br_audit_row *arr = NULL;
	struct br_db_stmt *st = NULL;
	size_t cap = 0, len = 0;
	int rc = br_db_prepare(s, patient_id ? q_patient : q_all, &st, err);

	if (rc == 0) {
		br_db_bind_i64(st, 1, patient_id);
		br_db_bind_i64(st, 2, user_id);
		br_db_bind_i64(st, 3, limit);
	}
	while (rc >= 0 && (rc = br_db_step(st, err)) == 1) {
		struct br_audit_row *r;

		rc = br_store_grow((void **)&arr, &cap, len, sizeof(*arr), err);
		if (rc < 0)
			break;
		r = &arr[len++];
		memset(r, 0, sizeof(*r));
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
	if (st)
		br_db_done(st);
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}
