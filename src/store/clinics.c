/*
 * clinics.c - clinics (a reference table).
 */
#include <stdio.h>

#include "store/store_internal.h"

int
br_store_clinic_default(struct br_store *s, const char *name,
                        struct br_clinic *out, struct br_err *err)
{
	static const char q_first[] = "SELECT clinic_id, name FROM clinics "
	                              "ORDER BY clinic_id LIMIT 1";
	static const char q_insert[] = "INSERT INTO clinics (clinic_id, name, "
	                               "created_at) VALUES ($1, $2, $3)";
	struct br_db_stmt *st;
	char now[BR_TS_LEN];
	int rc = br_db_prepare(s, q_first, &st, err);

	if (rc < 0)
		return rc;
	rc = br_db_step(st, err);
	if (rc == 1) {
		out->id = br_db_col_i64(st, 0);
		br_db_col_copy(st, 1, out->name, sizeof(out->name));
		br_db_done(st);
		return 0;
	}
	if (rc < 0)
		return rc;
	rc = br_db_prepare(s, q_insert, &st, err);
	if (rc < 0)
		return rc;
	out->id = br_store_new_id();
	snprintf(out->name, sizeof(out->name), "%s", name);
	br_store_now(now);
	br_db_bind_i64(st, 1, out->id);
	br_db_bind_text(st, 2, out->name);
	br_db_bind_text(st, 3, now);
	return br_db_run(st, err);
}
